//! The lead funnel (issue 6): the public website form with its honeypot
//! and its limit per address, a manager moving a lead through the stages
//! to an active dealer, and the conversion figures.

mod common;

use common::form_post as post;
use common::*;
use dealerdesk_testkit::TestApp;
use dealerdesk_testkit::both_backends_app;
use dealerdesk_testkit::fixtures::{plant, who};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn submit(app: &TestApp, body: Value) -> reqwest::Response {
    app.http
        .post(app.url("/api/v1/leads"))
        .header("origin", "https://www.plant.example")
        .header("sec-fetch-site", "cross-site")
        .json(&body)
        .send()
        .await
        .expect("submit")
}

async fn page(app: &TestApp, s: &Session, path: &str) -> String {
    let r = app
        .http
        .get(app.url(path))
        .header("cookie", cookie(s))
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::OK);
    r.text().await.expect("html")
}

both_backends_app! {
    async fn the_website_form_takes_people_not_robots(app) {
        plant(&app.app).await;
        // From the plant's website, another origin, no login.
        let r = submit(&app, json!({"company": "ТОВ «Вікна Поділля»", "contact_name": "Ігор",
            "phone": "+380 67 111 22 33", "city": "Вінниця", "message": "Хочемо стати дилером"})).await;
        assert_eq!(r.status(), StatusCode::CREATED);
        assert_eq!(r.json::<Value>().await.expect("json"), json!({"received": true}));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM leads WHERE source = 'website' AND stage = 'lead' AND phone = '+380671112233' AND note = 'Хочемо стати дилером'").await, 1);

        // A robot fills in the hidden field: thanked the same, nothing kept.
        let r = submit(&app, json!({"company": "Spam Ltd", "email": "a@b.example", "website": "http://spam.example"})).await;
        assert_eq!(r.status(), StatusCode::CREATED);
        assert_eq!(r.json::<Value>().await.expect("json"), json!({"received": true}));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM leads").await, 1);

        // No way to reach them: refused with the field named, nothing kept.
        let r = submit(&app, json!({"company": "Без контактів"})).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let e: Value = r.json().await.expect("json");
        assert_eq!(e["error"]["code"], "invalid_input");
        assert_eq!(e["error"]["details"][0]["field"], "phone", "{e}");
        let r = submit(&app, json!({"company": "X", "email": "x@y.example", "factory": "NOPE"})).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM leads").await, 1);

        // Five per address in ten minutes, refused ones counted too, in
        // the database.
        let r = submit(&app, json!({"company": "Ще одна", "email": "one@more.example", "factory": "PL"})).await;
        assert_eq!(r.status(), StatusCode::CREATED, "the fifth is taken");
        let r = submit(&app, json!({"company": "Забагато", "email": "too@many.example"})).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.headers()["retry-after"], "600");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM leads").await, 2);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM leads l JOIN factories f ON f.id = l.factory_id WHERE f.code = 'PL'").await, 1);
    }

    async fn a_manager_takes_a_lead_to_an_active_dealer(app) {
        plant(&app.app).await;
        let m = session(&app, who::MANAGER).await;
        let (status, _, _) = post(&app, &m, "/staff/leads", &[("company", "ТОВ «Нові вікна»"),
            ("contact_name", "Марія Бондар"), ("email", "maria@novi.example")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, _, html) = post(&app, &m, "/staff/leads", &[("company", ""), ("phone", "12")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Компания: Заполните это поле") && html.contains("Телефон: Нужно от 6 до 15 цифр"), "{html}");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM leads").await, 1);
        let id = count(&app, "SELECT MAX(id) FROM leads").await;
        let to = |stage: &'static str| vec![("to", stage)];
        let path = format!("/staff/leads/{id}/move");

        // No skipping stages.
        let (status, _, html) = post(&app, &m, &path, &to("negotiation")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Лид переходит на один этап вперёд"), "{html}");
        for stage in ["qualified", "negotiation", "contract_signed"] {
            let (status, _, _) = post(&app, &m, &path, &to(stage)).await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{stage}");
        }
        // An active dealer names the dealer the production system created,
        // of this factory.
        for code in ["", "PL-D1", "NOPE"] {
            let (status, _, html) = post(&app, &m, &path, &[("to", "active_dealer"), ("dealer", code)]).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{code}");
            assert!(html.contains("Такого дилера у этого завода нет"), "{html}");
        }
        assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM leads WHERE id = {id} AND stage = 'contract_signed'")).await, 1);
        let (status, _, _) = post(&app, &m, &path, &[("to", "active_dealer"), ("dealer", "KH-D1")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        // The contact person is on the dealer's card now.
        let card = page(&app, &m, "/staff/dealers/KH-D1").await;
        assert!(card.contains("Марія Бондар") && card.contains("maria@novi.example"), "{card}");
        // An active dealer is the end of the funnel.
        let (status, _, _) = post(&app, &m, &path, &[("to", "lost"), ("reason", "x")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

        // A second lead is lost, with a reason.
        app.app.create_lead(&actor_of(&app, who::HEAD_OF_SALES).await, &dealerdesk_domain::lead::LeadFields {
            company: "ФОП Іваненко".into(), phone: "0501234567".into(), ..Default::default()
        }).await.expect("lead");
        let second = count(&app, "SELECT MAX(id) FROM leads").await;
        let lost = format!("/staff/leads/{second}/move");
        let (status, _, html) = post(&app, &m, &lost, &[("to", "lost"), ("reason", " ")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Причина: Заполните это поле"), "{html}");
        let (status, _, _) = post(&app, &m, &lost, &[("to", "lost"), ("reason", "Обрали іншого виробника")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);

        // Conversion: both were leads, one reached every stage to active.
        let board = page(&app, &m, "/staff/leads").await;
        let row = |label: &str| board.split(&format!("<th scope=\"row\">{label}</th>")).nth(1)
            .and_then(|r| r.split("</tr>").next()).unwrap_or_default().to_owned();
        assert_eq!(row("Лид"), "<td>2</td><td>100%</td>");
        assert_eq!(row("Переговоры"), "<td>1</td><td>50%</td>");
        assert_eq!(row("Активный дилер"), "<td>1</td><td>50%</td>");
        assert_eq!(row("Потерян"), "<td>1</td><td>50%</td>");
        // By source: typed in by people, one of two became a dealer.
        assert_eq!(row("Вручную"), "<td>2</td><td>1</td><td>50%</td>");
        assert!(board.contains("Обрали іншого виробника"));
        let list = page(&app, &m, "/staff/leads?view=list").await;
        assert!(list.contains("lead-list") && list.contains("pill lead-active_dealer"));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'lead.moved'").await, 5);
    }
}

async fn upload(
    app: &TestApp,
    s: &Session,
    kind: &str,
    dry_run: bool,
    name: &str,
    body: &[u8],
) -> (StatusCode, String) {
    let mut form = reqwest::multipart::Form::new().text("kind", kind.to_owned());
    if dry_run {
        form = form.text("dry_run", "1");
    }
    let form = form.part(
        "file",
        reqwest::multipart::Part::bytes(body.to_vec()).file_name(name.to_owned()),
    );
    let r = app
        .http
        .post(app.url(&format!("/staff/import?_csrf={}", s.csrf)))
        .header("cookie", cookie(s))
        .multipart(form)
        .send()
        .await
        .expect("upload");
    (r.status(), r.text().await.expect("html"))
}

both_backends_app! {
    async fn a_head_of_sales_imports_leads_from_the_page(app) {
        plant(&app.app).await;
        let h = session(&app, who::HEAD_OF_SALES).await;
        let bad = "company,phone,email\nТОВ «Добрі вікна»,0501112233,\n,0671112233,\nФОП Коваль,,\n";
        let (status, html) = upload(&app, &h, "leads", false, "leads.csv", bad.as_bytes()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Строк с ошибками: 2 из 3; ничего не импортировано"), "{html}");
        assert!(html.contains("Строка 3: company: Заполните это поле"), "{html}");
        assert!(html.contains("Строка 4: phone: Укажите телефон или e-mail"), "{html}");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM leads").await, 0);

        let good = "company;phone;city\nТОВ «Добрі вікна»;0501112233;Київ\nФОП Коваль;0671112233;Львів\n";
        let (status, html) = upload(&app, &h, "leads", true, "leads.csv", good.as_bytes()).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Проверка: все строки (2) в порядке"), "{html}");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM leads").await, 0);
        let (status, html) = upload(&app, &h, "leads", false, "leads.csv", good.as_bytes()).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Импортировано строк: 2."), "{html}");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM leads l JOIN factories f ON f.id = l.factory_id WHERE f.code = 'KH' AND l.source = 'import'").await, 2);
        let (status, html) = upload(&app, &h, "orders", false, "x.csv", b"a\n1\n").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Выберите, что импортировать"), "{html}");
    }
}
