//! Messages (issue 5), on both engines: a dealer asks about an order, the
//! dealer's manager sees it unread in their inbox and hears of it, answers;
//! the dealer hears of the answer and sees the response time; another
//! dealer sees nothing; an empty message is refused. Files travel with
//! messages, checked by their content, only through the thread.

mod common;

use common::*;
use dealerdesk_testkit::both_backends_app;
use dealerdesk_testkit::fixtures::{PNG, plant, who};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

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

    async fn files_travel_with_messages(app) {
        plant(&app.app).await;
        let dealer = session(&app, who::DEALER_USER).await;
        let manager = session(&app, who::MANAGER).await;
        let send = |s: &Session, path: &str, form: Form| {
            app.http.post(format!("{}?_csrf={}", app.url(path), s.csrf)).header("cookie", cookie(s)).multipart(form).send()
        };
        let get = |s: &Session, path: &str| app.http.get(app.url(path)).header("cookie", cookie(s)).send();
        let pdf = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".to_vec();
        let part = |name: &str, bytes: Vec<u8>| Part::bytes(bytes).file_name(name.to_owned());

        // A program named like a PDF, and one file too big: refused whole,
        // nothing stored, the page says why in the reader's language.
        let mut big = pdf.clone();
        big.resize(11 * 1024 * 1024, b' ');
        let bad = Form::new().text("subject", "Рахунок").text("body", "Дивіться файли")
            .part("files", part("invoice.pdf", b"MZ\x90\0\x03\0\0\0".to_vec()))
            .part("files", part("scan.pdf", big))
            .part("files", part("ok.pdf", pdf.clone()));
        let r = send(&dealer, "/messages", bad).await.expect("bad");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text().await.expect("html");
        assert!(html.contains("invoice.pdf: такой файл приложить нельзя") && html.contains("scan.pdf больше 10 МБ"), "{html}");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM message_threads").await, 0);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM message_files").await, 0);
        let six = (0..6).fold(Form::new().text("subject", "Фото").text("body", "x"), |f, i| f.part("files", part(&format!("{i}.png"), PNG.to_vec())));
        let r = send(&dealer, "/messages", six).await.expect("six");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.expect("html").contains("Не больше 5 файлов"));

        // A PDF and a photo with the first message.
        let ok = Form::new().text("subject", "Рахунок").text("order", "KH-1").text("body", "Дивіться файли")
            .part("files", part("Рахунок 17.pdf", pdf.clone()))
            .part("files", part("балкон.png", PNG.to_vec()))
            // A PDF named like a program is kept, and served, as a PDF.
            .part("files", part("Рахунок.bat", pdf.clone()));
        let r = send(&dealer, "/messages", ok).await.expect("send");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let thread = r.headers()["location"].to_str().expect("location").to_owned();
        let page = get(&manager, &thread).await.expect("thread").text().await.expect("html");
        let hrefs: Vec<String> = page.split("href=\"").skip(1).filter_map(|p| p.split('"').next()).filter(|h| h.contains("/files/")).map(str::to_owned).collect();
        assert!(page.contains("Рахунок 17.pdf") && page.contains("балкон.png") && page.contains("<img src=\"/messages/"), "{page}");
        assert!(page.contains(">Рахунок.pdf<") && !page.contains(".bat"), "{page}");
        let pdf_href = hrefs.iter().find(|h| !page.contains(&format!("<img src=\"{h}\""))).expect("pdf link").clone();
        let png_href = hrefs.iter().find(|h| page.contains(&format!("<img src=\"{h}\""))).expect("photo").clone();

        // The PDF downloads (never shown in the page); the photo shows.
        let r = get(&manager, &pdf_href).await.expect("pdf");
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()["content-type"], "application/pdf");
        assert!(r.headers()["content-disposition"].to_str().expect("cd").starts_with("attachment;"));
        assert!(r.headers()["content-security-policy"].to_str().expect("csp").contains("sandbox"));
        assert_eq!(r.bytes().await.expect("bytes").to_vec(), pdf);
        let r = get(&dealer, &png_href).await.expect("png");
        assert_eq!(r.headers()["content-type"], "image/png");
        assert!(r.headers()["content-disposition"].to_str().expect("cd").starts_with("inline;"));

        // Another dealer, another factory's manager, or a file id through
        // another thread: not found.
        let other = session(&app, who::OTHER_DEALER_ADMIN).await;
        assert_eq!(get(&other, &pdf_href).await.expect("other").status(), StatusCode::NOT_FOUND);
        let other_manager = session(&app, who::MANAGER2).await;
        assert_eq!(get(&other_manager, &pdf_href).await.expect("other").status(), StatusCode::NOT_FOUND);
        let r = app.http.post(app.url("/messages")).header("cookie", cookie(&other))
            .form(&[("_csrf", other.csrf.as_str()), ("subject", "Своє"), ("body", "Питання")]).send().await.expect("other thread");
        let theirs = r.headers()["location"].to_str().expect("location").to_owned();
        let file_id = pdf_href.rsplit('/').next().expect("id");
        assert_eq!(get(&other, &format!("{theirs}/files/{file_id}")).await.expect("cross").status(), StatusCode::NOT_FOUND);

        // A reply of a file alone; its notification names the file.
        let r = send(&manager, &thread, Form::new().text("body", "").part("files", part("Креслення.pdf", pdf.clone()))).await.expect("reply");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM message_files").await, 4);
        while app.app.fan_out_notifications().await.expect("fan out") > 0 {}
        let centre = get(&dealer, "/notifications").await.expect("n").text().await.expect("html");
        assert!(centre.contains("Креслення.pdf"), "{centre}");
        // Neither text nor files: refused.
        let r = send(&manager, &thread, Form::new().text("body", " ")).await.expect("empty");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM messages").await, 3);
    }
}
