//! Reclamations end to end (issue 5), on both engines: a dealer files one
//! from an order with photos checked by their content; bad filings are
//! refused whole and store nothing; the specialist works the queue (filters,
//! assignment, a question, the dealer's answer, a compensation decision);
//! every step reaches the other side as a notification; finance shows the
//! compensation as pending until accounting posts an entry naming it; the
//! statistics count it.

mod common;

use common::*;
use dealerdesk_testkit::fixtures::{PNG, plant, who};
use dealerdesk_testkit::{TestApp, both_backends_app};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::json;

fn filing(
    photos: Vec<(&str, Vec<u8>)>,
    constructions: &[&str],
    category: &str,
    text: &str,
) -> Form {
    let mut f = Form::new()
        .text("category", category.to_owned())
        .text("description", text.to_owned());
    for c in constructions {
        f = f.text("constructions", (*c).to_owned());
    }
    for (name, bytes) in photos {
        f = f.part("photos", Part::bytes(bytes).file_name(name.to_owned()));
    }
    f
}

async fn file(app: &TestApp, s: &Session, order: &str, form: Form) -> reqwest::Response {
    app.http
        .post(format!(
            "{}?_csrf={}",
            app.url(&format!("/orders/KH/{order}/reclamation")),
            s.csrf
        ))
        .header("cookie", cookie(s))
        .multipart(form)
        .send()
        .await
        .expect("file")
}

async fn get(app: &TestApp, s: &Session, path: &str) -> (StatusCode, String) {
    let r = app
        .http
        .get(app.url(path))
        .header("cookie", cookie(s))
        .send()
        .await
        .expect("get");
    (r.status(), r.text().await.expect("html"))
}

async fn form(
    app: &TestApp,
    s: &Session,
    path: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let mut f: Vec<(&str, &str)> = vec![("_csrf", s.csrf.as_str())];
    f.extend_from_slice(fields);
    let r = app
        .http
        .post(app.url(path))
        .header("cookie", cookie(s))
        .form(&f)
        .send()
        .await
        .expect("post");
    let status = r.status();
    (status, r.text().await.unwrap_or_default())
}

async fn notify(app: &TestApp) {
    while app.app.fan_out_notifications().await.expect("fan out") > 0 {}
}

both_backends_app! {
    async fn a_reclamation_from_filing_to_compensation(app) {
        plant(&app.app).await;
        let dealer = session(&app, who::DEALER_USER).await;
        let admin = session(&app, who::DEALER_ADMIN).await;
        let spec = session(&app, who::SPECIALIST).await;

        // The form lists the order's constructions and the categories.
        let (st, html) = get(&app, &dealer, "/orders/KH/KH-1/reclamation").await;
        assert_eq!(st, StatusCode::OK);
        assert!(html.contains("name=\"constructions\" value=\"1\"") && html.contains("value=\"glass\""), "{html}");
        assert!(html.contains("enctype=\"multipart/form-data\"") && html.contains(&format!("?_csrf={}", dealer.csrf)));

        // Refused whole, each reason named, nothing stored.
        let text_as_jpg = (b"this is not a photo at all".to_vec(), "crack.jpg");
        let cases: Vec<(Form, &str)> = vec![
            (filing(vec![(text_as_jpg.1, text_as_jpg.0.clone())], &["1"], "glass", "Тріщина"), "crack.jpg — не фотография"),
            (filing(vec![], &["1"], "glass", "Тріщина"), "Добавьте хотя бы одну фотографию"),
            (filing(vec![("a.png", PNG.to_vec())], &[], "glass", "Тріщина"), "Выберите хотя бы одну конструкцию"),
            (filing(vec![("a.png", PNG.to_vec())], &["7"], "glass", "Тріщина"), "Такой конструкции в заказе нет"),
            (filing(vec![("a.png", PNG.to_vec())], &["1"], "sabotage", "Тріщина"), "Допустимые значения"),
            (filing(vec![("a.png", PNG.to_vec())], &["1"], "glass", "   "), "Заполните это поле"),
            (filing((0..11).map(|i| if i == 0 { ("a.png", PNG.to_vec()) } else { ("b.png", PNG.to_vec()) }).collect(), &["1"], "glass", "Тріщина"), "Не больше 10 фотографий"),
        ];
        for (f, reason) in cases {
            let r = file(&app, &dealer, "KH-1", f).await;
            assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{reason}");
            let html = r.text().await.expect("html");
            assert!(html.contains(reason), "{reason}: {html}");
        }
        // Eleven megabytes of real PNG is too big.
        let mut big = PNG.to_vec();
        big.resize(11 * 1024 * 1024, 0);
        let r = file(&app, &dealer, "KH-1", filing(vec![("big.png", big)], &["1"], "glass", "Тріщина")).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.expect("html").contains("big.png больше 10 МБ"));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM reclamations").await, 0);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM reclamation_photos").await, 0);
        // Another dealer's order does not exist for this dealer.
        let r = file(&app, &dealer, "KH-2", filing(vec![("a.png", PNG.to_vec())], &["1"], "glass", "x")).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        // Without the token in the action: refused before anything is read.
        let r = app.http.post(app.url("/orders/KH/KH-1/reclamation")).header("cookie", cookie(&dealer))
            .multipart(filing(vec![("a.png", PNG.to_vec())], &["1"], "glass", "x")).send().await.expect("no csrf");
        assert_eq!(r.status(), StatusCode::FORBIDDEN);

        // Filed: a JPEG named .txt is a photo (its content says so).
        let jpeg = [vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10], b"JFIF".to_vec(), vec![0; 64]].concat();
        let r = file(&app, &dealer, "KH-1", filing(vec![("crack.png", PNG.to_vec()), ("scan.txt", jpeg.clone())], &["1"], "glass", "Тріщина склопакета\nу правій стулці")).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let location = r.headers()["location"].to_str().expect("location").to_owned();
        assert!(location.starts_with("/reclamations/KH-R-"), "{location}");
        let number = location.trim_start_matches("/reclamations/").split('?').next().expect("number").to_owned();
        let page = format!("/reclamations/{number}");
        let (st, html) = get(&app, &dealer, &location).await;
        assert_eq!(st, StatusCode::OK);
        assert!(html.contains("Рекламация подана") && html.contains("Стеклопакет") && html.contains("Тріщина склопакета\nу правій стулці"), "{html}");
        assert!(html.contains("rst-submitted") && html.contains("Позиция 1"));
        assert!(!html.contains("id=\"review-h\""), "a dealer does not review");
        // The photos come back byte for byte, typed by content.
        for (id, bytes, ct) in [(1, PNG.to_vec(), "image/png"), (2, jpeg, "image/jpeg")] {
            let r = app.http.get(app.url(&format!("{page}/photos/{id}"))).header("cookie", cookie(&dealer)).send().await.expect("photo");
            assert_eq!(r.status(), StatusCode::OK);
            assert_eq!(r.headers()["content-type"], ct);
            assert_eq!(r.bytes().await.expect("bytes").to_vec(), bytes);
        }
        // The other dealer sees nothing of it.
        let other = session(&app, who::OTHER_DEALER_ADMIN).await;
        assert_eq!(get(&app, &other, &page).await.0, StatusCode::NOT_FOUND);
        assert_eq!(get(&app, &other, &format!("{page}/photos/1")).await.0, StatusCode::NOT_FOUND);
        assert!(!get(&app, &other, "/reclamations").await.1.contains(&number));
        assert!(get(&app, &admin, "/reclamations").await.1.contains(&number), "the whole company's list");
        assert!(get(&app, &admin, "/orders/KH/KH-1").await.1.contains(&number), "on the order's page");

        // The specialists hear of it; the dealer who filed it does not.
        notify(&app).await;
        let (_, centre) = get(&app, &spec, "/notifications").await;
        assert!(centre.contains(&format!("Новая рекламация {number}")), "{centre}");
        assert!(!get(&app, &dealer, "/notifications").await.1.contains("Новая рекламация"));

        // The queue: open, unassigned, by category; not yet overdue.
        let (st, q) = get(&app, &spec, "/staff/reclamations?assigned=nobody&category=glass").await;
        assert_eq!(st, StatusCode::OK);
        assert!(q.contains(&number) && q.contains("ТОВ «Дилер KH-D1»"), "{q}");
        assert!(!get(&app, &spec, "/staff/reclamations?category=profile").await.1.contains(&number));
        assert!(!get(&app, &spec, "/staff/reclamations?overdue=1").await.1.contains(&number));
        assert_eq!(get(&app, &spec, "/staff/reclamations?status=bogus").await.0, StatusCode::UNPROCESSABLE_ENTITY);

        // Deciding straight from "submitted" is not a move.
        let (st, html) = form(&app, &spec, &format!("{page}/status"), &[("to", "decided"), ("decision", "remake")]).await;
        assert_eq!(st, StatusCode::CONFLICT);
        assert!(html.contains("Из текущего статуса рекламации так перейти нельзя"), "{html}");
        // Taking it into review makes it the specialist's.
        assert_eq!(form(&app, &spec, &format!("{page}/status"), &[("to", "in_review")]).await.0, StatusCode::SEE_OTHER);
        assert!(get(&app, &spec, "/staff/reclamations?assigned=me").await.1.contains(&number));
        // A question goes to the dealer, who answers: back in review.
        let (st, _) = form(&app, &spec, &format!("{page}/status"), &[("to", "waiting_for_dealer"), ("question", "")]).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "a question must say something");
        let (st, _) = form(&app, &spec, &format!("{page}/status"), &[("to", "waiting_for_dealer"), ("question", "Додайте фото маркування склопакета")]).await;
        assert_eq!(st, StatusCode::SEE_OTHER);
        notify(&app).await;
        assert!(get(&app, &dealer, "/notifications").await.1.contains("Специалист спрашивает: Додайте фото маркування склопакета"));
        assert!(get(&app, &dealer, &page).await.1.contains("rst-waiting_for_dealer"));
        assert_eq!(form(&app, &dealer, &format!("{page}/comments"), &[("body", "Маркування: 4-16-4, партія 0925")]).await.0, StatusCode::SEE_OTHER);
        let html = get(&app, &spec, &page).await.1;
        assert!(html.contains("rst-in_review") && html.contains("партія 0925"), "the answer put it back in review");
        notify(&app).await;
        assert!(get(&app, &spec, "/notifications").await.1.contains("новый комментарий"), "the assigned specialist hears the answer");
        // A dealer cannot move it.
        assert_eq!(form(&app, &dealer, &format!("{page}/status"), &[("to", "decided"), ("decision", "remake")]).await.0, StatusCode::FORBIDDEN);

        // A compensation needs an amount; then it is decided.
        let (st, html) = form(&app, &spec, &format!("{page}/status"), &[("to", "decided"), ("decision", "compensation"), ("amount", "abc")]).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Нужна сумма, например 1250,50"), "{html}");
        let (st, _) = form(&app, &spec, &format!("{page}/status"), &[("to", "decided"), ("decision", "compensation"), ("amount", "1 250,50")]).await;
        assert_eq!(st, StatusCode::SEE_OTHER);
        notify(&app).await;
        let centre = get(&app, &dealer, "/notifications").await.1;
        assert!(centre.contains("Решение: Компенсация 1\u{202f}250,50\u{a0}₴."), "{centre}");
        let html = get(&app, &admin, &page).await.1;
        assert!(html.contains("id=\"decision\"") && html.contains("Компенсация 1\u{202f}250,50"), "{html}");

        // Finance waits for accounting: pending until an entry names it.
        let fin = get(&app, &admin, "/finance").await.1;
        assert!(fin.contains("Компенсации, ожидающие проведения") && fin.contains(&number), "{fin}");
        let acc = app.app.add_source("KH", "accounting").await.expect("source").key;
        // Posted today: accounting books a compensation after the filing.
        let today = dealerdesk_domain::time::format_date(dealerdesk_domain::Timestamp::now().to_datetime().date());
        let post = |id: &str, desc: String| json!({"event_id": id, "type": "ledger.entry_posted", "occurred_at": "2026-11-21T08:00:00Z", "version": 1,
            "data": {"entry_id": id, "dealer_code": "KH-D1", "kind": "compensation", "amount_minor": 125_050, "currency": "UAH", "posted_on": today, "description": desc}});
        // A longer number that starts with this one is not this one.
        app.sync(&acc, vec![post("C-0", format!("Компенсація {number}9"))]).await;
        assert!(get(&app, &admin, "/finance").await.1.contains("Компенсации, ожидающие проведения"));
        app.sync(&acc, vec![post("C-1", format!("Компенсація за рекламацією {number}, замовлення KH-1"))]).await;
        assert!(!get(&app, &admin, "/finance").await.1.contains("Компенсации, ожидающие проведения"), "posted");

        // Closed: no more comments.
        assert_eq!(form(&app, &spec, &format!("{page}/status"), &[("to", "closed")]).await.0, StatusCode::SEE_OTHER);
        let (st, html) = form(&app, &dealer, &format!("{page}/comments"), &[("body", "Дякуємо")]).await;
        assert_eq!(st, StatusCode::CONFLICT);
        assert!(html.contains("Рекламация закрыта"));

        // The statistics count it by category and by kind of product, with
        // the time to the decision.
        let (st, stats) = get(&app, &spec, "/staff/reclamations/stats").await;
        assert_eq!(st, StatusCode::OK);
        let row = stats.split("<th scope=\"row\">Стеклопакет</th>").nth(1).expect("a glass row");
        assert!(row.starts_with("<td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td><td>0</td>"), "{row}");
        assert!(stats.contains("<th scope=\"row\">Окно</th><td>1</td>"), "{stats}");
        // The norm changes for the next ones; a bad one is refused.
        assert_eq!(form(&app, &spec, "/staff/reclamations/norms", &[("category", "glass"), ("days", "0")]).await.0, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(form(&app, &spec, "/staff/reclamations/norms", &[("category", "glass"), ("days", "2")]).await.0, StatusCode::SEE_OTHER);
        assert!(get(&app, &spec, "/staff/reclamations/stats").await.1.contains("id=\"norm-glass\" name=\"days\" type=\"number\" min=\"1\" max=\"365\" value=\"2\""));
        // Every step is in its history (filed, in review, asked, answered,
        // decided, closed); the audit log has what specialists and the
        // dealer did by hand (filed, four moves, the norm) — the answer's
        // move is the comment's consequence, kept in the history.
        assert_eq!(count(&app, "SELECT COUNT(*) FROM reclamation_history").await, 6);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'reclamation.%'").await, 1 + 4 + 1);
    }

    async fn assignment_goes_only_to_specialists_of_the_factory(app) {
        plant(&app.app).await;
        let number = dealerdesk_testkit::fixtures::reclamation(&app.app).await;
        let spec = session(&app, who::SPECIALIST).await;
        let page = format!("/reclamations/{number}");
        let (st, html) = form(&app, &spec, &format!("{page}/assign"), &[("to", "1")]).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "user 1 is not a specialist");
        assert!(html.contains("Это не специалист по рекламациям этого завода"), "{html}");
        assert_eq!(form(&app, &spec, &format!("{page}/assign"), &[("to", "me")]).await.0, StatusCode::SEE_OTHER);
        assert!(get(&app, &spec, "/staff/reclamations?assigned=me").await.1.contains(&number));
        assert_eq!(form(&app, &spec, &format!("{page}/assign"), &[("to", "")]).await.0, StatusCode::SEE_OTHER);
        assert!(get(&app, &spec, "/staff/reclamations?assigned=nobody").await.1.contains(&number));
        // Overdue once the deadline has passed: highlighted and filtered.
        let mut c = app.app.store.read().await.expect("conn");
        sqlx::query("UPDATE reclamations SET deadline_at = 1").execute(&mut *c).await.expect("age it");
        drop(c);
        let q = get(&app, &spec, "/staff/reclamations?overdue=1").await.1;
        assert!(q.contains(&number) && q.contains("recl-item overdue") && q.contains("Просрочено: 1"), "{q}");
    }
}
