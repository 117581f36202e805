//! Sales analytics (issue 6) on both databases: the figures follow what
//! the sync brings (a new order, a cancellation, a corrected acceptance
//! date), each role sees its share, the files hold the page's numbers and
//! the managers' work counts answers and tasks.

mod common;

use common::*;
use dealerdesk_testkit::fixtures::{plant, who};
use dealerdesk_testkit::{TestApp, both_backends_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

const YEAR: &str = "from=2026-01&to=2026-12";

fn between<'a>(html: &'a str, start: &str) -> &'a str {
    html.split(start)
        .nth(1)
        .and_then(|r| r.split('<').next())
        .unwrap_or_default()
}

async fn figures(app: &TestApp, s: &Session, query: &str) -> (String, String, String) {
    let (status, html) = page_get(app, s, &format!("/staff/analytics?{query}")).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    (
        between(&html, "id=\"turnover\">").to_owned(),
        between(&html, "id=\"orders-total\">").to_owned(),
        html,
    )
}

async fn sync(app: &TestApp, key: &str, events: Value) {
    let r = app
        .http
        .post(app.url("/api/sync/v1/events"))
        .bearer_auth(key)
        .json(&json!({ "events": events }))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    for _ in 0..100 {
        let s: Value = app
            .http
            .get(app.url("/api/sync/v1/status"))
            .bearer_auth(key)
            .send()
            .await
            .expect("status")
            .json()
            .await
            .expect("json");
        if s["applied"] == s["accepted"] {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the sync did not apply the events");
}

fn order(id: &str, number: &str, version: i64, accepted: &str, lines: Value, total: i64) -> Value {
    json!({"event_id": id, "type": "order.upserted", "occurred_at": "2026-11-20T08:01:00Z", "version": version,
           "data": {"number": number, "dealer_code": "KH-D1", "accepted_at": accepted, "currency": "UAH",
                    "total_minor": total, "constructions": lines}})
}

fn window() -> Value {
    json!([{"position": 1, "kind": "window", "name": "Вікно", "width_mm": 1200, "height_mm": 1400, "quantity": 1, "price_minor": 1_000_000}])
}

/// The amount of a month's row in the months CSV (`05.2026,1,1,10000.00,UAH`).
fn csv_month(csv: &str, month: &str) -> Option<String> {
    csv.lines()
        .find(|l| l.starts_with(month))
        .and_then(|l| l.split(',').nth(3))
        .map(str::to_owned)
}

async fn download(app: &TestApp, s: &Session, query: &str) -> (StatusCode, String, Vec<u8>) {
    let r = app
        .http
        .get(app.url(&format!("/staff/analytics/export?{query}")))
        .header("cookie", cookie(s))
        .send()
        .await
        .expect("get");
    let status = r.status();
    let kind = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, kind, r.bytes().await.expect("body").to_vec())
}

both_backends_app! {
    async fn sales_follow_the_sync_and_each_role_sees_its_share(app) {
        plant(&app.app).await;
        let head = session(&app, who::HEAD_OF_SALES).await;
        let (turnover, orders, html) = figures(&app, &head, YEAR).await;
        // KH-1 and KH-2, 10,000.00 each, accepted in May 2026; PL-1 is another factory's.
        assert_eq!(turnover, "20\u{202f}000,00\u{a0}₴", "{html}");
        assert_eq!(orders, "2");
        assert!(html.contains("Харківська область") && html.contains("href=\"/staff/dealers/KH-D2\""));
        assert!(!html.contains("PL-D1"));
        assert!(html.contains("<svg class=\"chart bars\""), "the charts are drawn on the server");
        assert!(html.contains("<ul class=\"hbars\" aria-label="), "the bars are rows of text with a strip each");
        assert!(html.contains("<title>05.2026: 20\u{202f}000,00\u{a0}₴</title>"), "{html}");

        // A manager sees their own dealers only.
        let m = session(&app, who::MANAGER).await;
        let (turnover, orders, html) = figures(&app, &m, YEAR).await;
        assert_eq!((turnover.as_str(), orders.as_str()), ("10\u{202f}000,00\u{a0}₴", "1"));
        assert!(html.contains("/staff/dealers/KH-D1") && !html.contains("/staff/dealers/KH-D2"));

        // The administrator: every factory, or the one chosen.
        let admin = session(&app, who::ADMIN).await;
        assert_eq!(figures(&app, &admin, YEAR).await.0, "30\u{202f}000,00\u{a0}₴");
        let (turnover, _, html) = figures(&app, &admin, &format!("{YEAR}&factory=PL")).await;
        assert_eq!(turnover, "10\u{202f}000,00\u{a0}₴");
        assert!(html.contains("<option value=\"PL\" selected>"));
        // A head of sales cannot look into another factory by asking.
        assert_eq!(figures(&app, &head, &format!("{YEAR}&factory=PL")).await.0, "20\u{202f}000,00\u{a0}₴");

        // A new order of two doors arrives through the sync: counted at once.
        let key = app.app.add_source("KH", "production").await.expect("source").key;
        let doors = json!([{"position": 1, "kind": "door", "name": "Двері", "width_mm": 900, "height_mm": 2100, "quantity": 2, "price_minor": 300_000}]);
        sync(&app, &key, json!([order("a1", "KH-3", 1, "2026-07-10T09:00:00Z", doors, 600_000)])).await;
        let (turnover, orders, html) = figures(&app, &head, YEAR).await;
        assert_eq!((turnover.as_str(), orders.as_str()), ("26\u{202f}000,00\u{a0}₴", "3"));
        assert!(html.contains("<span class=\"name\">Дверь</span><span class=\"end\">6\u{202f}000,00\u{a0}₴</span>"), "{html}");

        // Cancelled: it no longer counts.
        sync(&app, &key, json!([{"event_id": "a2", "type": "order.status_changed", "occurred_at": "2026-11-20T09:00:00Z", "version": 2,
            "data": {"number": "KH-3", "status": "cancelled", "at": "2026-07-11T09:00:00Z"}}])).await;
        assert_eq!(figures(&app, &head, YEAR).await.0, "20\u{202f}000,00\u{a0}₴");

        // KH-1's acceptance date is corrected to August: it leaves May.
        sync(&app, &key, json!([order("a3", "KH-1", 2, "2026-08-03T09:00:00Z", window(), 1_000_000)])).await;
        let (status, kind, body) = download(&app, &head, &format!("table=months&format=csv&{YEAR}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(kind.starts_with("text/csv"));
        let csv = String::from_utf8(body).expect("utf-8");
        assert!(csv.starts_with("\u{feff}Месяц,Заказы,Изделия,Оборот,Валюта"), "{csv}");
        assert_eq!(csv.lines().count(), 13, "a header and twelve months: {csv}");
        assert_eq!(csv_month(&csv, "05.2026").as_deref(), Some("10000.00"), "{csv}");
        assert_eq!(csv_month(&csv, "07.2026").as_deref(), Some("0.00"), "cancelled: {csv}");
        assert_eq!(csv_month(&csv, "08.2026").as_deref(), Some("10000.00"), "{csv}");
        assert_eq!(figures(&app, &head, YEAR).await.0, "20\u{202f}000,00\u{a0}₴");

        // Every table downloads, as CSV and as a real workbook.
        for table in ["months", "kinds", "regions", "dealers", "managers"] {
            let (status, kind, body) = download(&app, &head, &format!("table={table}&format=xlsx&{YEAR}")).await;
            assert_eq!(status, StatusCode::OK, "{table}");
            assert!(kind.contains("spreadsheetml"), "{table}: {kind}");
            assert!(body.starts_with(b"PK"), "{table}");
        }
        let (_, _, kinds) = download(&app, &head, &format!("table=kinds&format=csv&{YEAR}")).await;
        let kinds = String::from_utf8(kinds).expect("utf-8");
        assert!(kinds.contains("Окно,2,2,20000.00,UAH"), "{kinds}");
        assert!(!kinds.contains("Дверь"), "the cancelled doors: {kinds}");

        // Bad requests say why and change nothing.
        let (status, html) = page_get(&app, &head, "/staff/analytics?from=2026-13&to=2026-01").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Нужен месяц в виде ГГГГ-ММ"), "{html}");
        let (status, _) = page_get(&app, &head, "/staff/analytics?from=2026-05&to=2026-04").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (status, _, _) = download(&app, &head, &format!("table=orders&format=csv&{YEAR}")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (status, _, _) = download(&app, &head, &format!("table=kinds&format=pdf&{YEAR}")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM sales_dirty").await, 0);

        // Not for dealers, finance or the content manager.
        for email in [who::DEALER_ADMIN, who::FINANCE, who::CONTENT] {
            let s = session(&app, email).await;
            let (status, _) = page_get(&app, &s, "/staff/analytics").await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{email}");
            let (status, _, _) = download(&app, &s, &format!("table=months&format=csv&{YEAR}")).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{email}");
        }
    }

    async fn managers_work_counts_answers_reclamations_and_tasks(app) {
        plant(&app.app).await;
        let dealer = actor_of(&app, who::DEALER_ADMIN).await;
        let manager = actor_of(&app, who::MANAGER).await;
        // A dealer writes twice, the manager answers once; another thread waits.
        let t = app.app.start_thread(&dealer, "Терміни", None, "Коли буде KH-1?", &[]).await.expect("thread");
        app.app.reply(&dealer, t, "Підкажіть, будь ласка", &[]).await.expect("again");
        app.app.reply(&manager, t, "У п'ятницю", &[]).await.expect("answer");
        app.app.start_thread(&dealer, "Рахунок", None, "Надішліть рахунок", &[]).await.expect("second");
        // Two tasks fell due an hour ago: one done before, one after.
        let now = dealerdesk_domain::Timestamp::now().millis();
        let mut c = app.app.store.read().await.expect("conn");
        for (title, done) in [("Подзвонити", now - 7_200_000), ("Надіслати прайс", now)] {
            sqlx::query(
                "INSERT INTO tasks (factory_id, dealer_id, assignee_id, author_id, title, due_at, done_at, created_at) \
                 VALUES ((SELECT id FROM factories WHERE code = 'KH'), NULL, $1, $1, $2, $3, $4, $3)",
            )
            .bind(manager.user_id.0)
            .bind(title)
            .bind(now - 3_600_000)
            .bind(done)
            .execute(&mut *c)
            .await
            .expect("task");
        }
        drop(c);

        let head = session(&app, who::HEAD_OF_SALES).await;
        let (_, _, html) = figures(&app, &head, "").await;
        let work = html.split("id=\"by-manager\"").nth(1).unwrap_or_default();
        let mine = work.split("<strong>manager</strong>").nth(1).unwrap_or_default();
        let mine = mine.split("</li>").next().unwrap_or_default();
        assert!(mine.contains("отвечено: 1"), "{mine}");
        assert!(mine.contains("ждут ответа: 1"), "{mine}");
        assert!(mine.contains("0 мин"), "answered within the minute: {mine}");
        assert!(mine.contains("1 / 2 (50\u{a0}%)"), "tasks on time: {mine}");
        // The colleague's row is there too, with nothing to answer.
        assert!(work.contains("<strong>manager2</strong>"), "{work}");

        let (_, _, body) = download(&app, &head, "table=managers&format=csv").await;
        let csv = String::from_utf8(body).expect("utf-8");
        let row = csv.lines().find(|l| l.starts_with("manager,")).unwrap_or_default().to_owned();
        let cells: Vec<&str> = row.split(',').collect();
        // name, orders, turnover, currency, answer minutes, answered, unanswered,
        // reclamations, rate, tasks due, on time
        let picked: Vec<&str> = [4, 5, 6, 7, 9, 10].iter().filter_map(|i| cells.get(*i).copied()).collect();
        assert_eq!(picked, vec!["0", "1", "1", "0", "2", "1"], "{csv}");
    }
}
