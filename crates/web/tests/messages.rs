//! Messages (issue 5), on both engines: a dealer asks about an order, the
//! dealer's manager sees it unread in their inbox and hears of it, answers;
//! the dealer hears of the answer and sees the response time; another
//! dealer sees nothing; an empty message is refused.

mod common;

use common::*;
use dealerdesk_testkit::both_backends_app;
use dealerdesk_testkit::fixtures::{plant, who};
use reqwest::StatusCode;

both_backends_app! {
    async fn a_question_and_its_answer(app) {
        plant(&app.app).await;
        let dealer = session(&app, who::DEALER_USER).await;
        let manager = session(&app, who::MANAGER).await;
        let other_manager = session(&app, who::MANAGER2).await;
        let post = |s: &Session, path: &str, fields: Vec<(&'static str, &'static str)>| {
            let mut f: Vec<(&str, String)> = vec![("_csrf", s.csrf.clone())];
            f.extend(fields.into_iter().map(|(k, v)| (k, v.to_owned())));
            app.http.post(app.url(path)).header("cookie", cookie(s)).form(&f).send()
        };
        let get = |s: &Session, path: &str| app.http.get(app.url(path)).header("cookie", cookie(s)).send();

        let r = post(&dealer, "/messages", vec![("subject", "Доставка"), ("order", "KH-1"), ("body", "   ")]).await.expect("empty");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let r = post(&dealer, "/messages", vec![("subject", "Доставка"), ("order", "KH-2"), ("body", "Коли?")]).await.expect("foreign order");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "another dealer's order is not found");
        let r = post(&dealer, "/messages", vec![("subject", "Доставка"), ("order", "KH-1"), ("body", "Коли доставка KH-1?")]).await.expect("start");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let thread = r.headers()["location"].to_str().expect("location").to_owned();

        let inbox = get(&manager, "/staff/inbox").await.expect("inbox").text().await.expect("html");
        assert!(inbox.contains("Доставка") && inbox.contains("<span class=\"badge\">1</span>"), "{inbox}");
        assert!(!get(&other_manager, "/staff/inbox").await.expect("inbox").text().await.expect("html").contains("Доставка"));
        assert_eq!(get(&other_manager, &thread).await.expect("thread").status(), StatusCode::NOT_FOUND);
        while app.app.fan_out_notifications().await.expect("fan out") > 0 {}
        assert!(get(&manager, "/notifications").await.expect("n").text().await.expect("html").contains("Новое сообщение: Доставка"));

        let page = get(&manager, &thread).await.expect("thread").text().await.expect("html");
        assert!(page.contains("Коли доставка KH-1?") && page.contains("href=\"/orders/KH/KH-1\""), "{page}");
        assert!(!get(&manager, "/staff/inbox").await.expect("inbox").text().await.expect("html").contains("class=\"badge\">1<"), "read now");
        assert_eq!(post(&manager, &thread, vec![("body", "Завтра до 12:00")]).await.expect("reply").status(), StatusCode::SEE_OTHER);
        while app.app.fan_out_notifications().await.expect("fan out") > 0 {}
        let centre = get(&dealer, "/notifications").await.expect("n").text().await.expect("html");
        assert!(centre.contains("Завтра до 12:00"), "{centre}");
        let list = get(&dealer, "/messages").await.expect("list").text().await.expect("html");
        assert!(list.contains("<span class=\"badge\">1</span>") && list.contains("1 мин"), "unread answer, answered within a minute: {list}");
        let other = session(&app, who::OTHER_DEALER_ADMIN).await;
        assert_eq!(get(&other, &thread).await.expect("foreign").status(), StatusCode::NOT_FOUND);
        assert!(!get(&other, "/messages").await.expect("list").text().await.expect("html").contains("Доставка"));
    }
}
