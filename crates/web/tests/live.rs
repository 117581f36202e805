//! Notifications leave DealerDesk (issue 5): pushed live to open tabs over
//! Server-Sent Events (a reconnect with `Last-Event-ID` misses nothing; a
//! logout ends the stream) and e-mailed through a real SMTP conversation
//! (a burst is one e-mail; a server that fails and recovers gets each
//! e-mail once; a permanent refusal is given up, not retried forever).

mod common;

use common::*;
use dealerdesk_domain::Timestamp;
use dealerdesk_notify::Mailer;
use dealerdesk_notify::email_worker::{Round, round};
use dealerdesk_testkit::fixtures::{plant, who};
use dealerdesk_testkit::{SmtpSink, TestApp, both_backends_app};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;

async fn send(app: &TestApp, key: &str, events: Vec<Value>) {
    app.sync(key, events).await;
    while app.app.fan_out_notifications().await.expect("fan out") > 0 {}
}

fn status(id: &str, number: &str, to: &str, version: i64) -> Value {
    json!({"event_id": id, "type": "order.status_changed", "occurred_at": "2026-11-21T08:00:00Z", "version": version,
        "data": {"number": number, "status": to, "at": "2026-11-21T08:00:00Z"}})
}

fn order(i: usize) -> Value {
    json!({"event_id": format!("o{i}"), "type": "order.upserted", "occurred_at": "2026-11-20T08:00:00Z", "version": 1, "data": {
        "number": format!("KH-{i}"), "dealer_code": "KH-D1", "accepted_at": "2026-10-01T08:00:00Z", "currency": "UAH", "total_minor": 100_000,
        "constructions": [{"position": 1, "kind": "door", "name": "Двері", "width_mm": 900, "height_mm": 2000, "quantity": 1, "price_minor": 100_000}]}})
}

/// One Server-Sent Event.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Sse {
    id: Option<String>,
    event: String,
    data: String,
}

/// A live stream as a browser holds it.
struct Stream {
    resp: reqwest::Response,
    buf: String,
}

impl Stream {
    async fn open(app: &TestApp, s: &Session, last_event_id: Option<&str>) -> Stream {
        let mut req = app
            .http
            .get(app.url("/live"))
            .header("cookie", cookie(s))
            .header("accept", "text/event-stream");
        if let Some(id) = last_event_id {
            req = req.header("last-event-id", id);
        }
        let resp = req.send().await.expect("open the stream");
        assert_eq!(resp.status(), StatusCode::OK);
        assert!(
            resp.headers()["content-type"]
                .to_str()
                .unwrap_or_default()
                .starts_with("text/event-stream")
        );
        Stream {
            resp,
            buf: String::new(),
        }
    }

    /// The next event (keep-alive comments skipped); `None` when the
    /// server ended the stream.
    async fn next(&mut self) -> Option<Sse> {
        loop {
            if let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let mut e = Sse {
                    id: None,
                    event: "message".into(),
                    data: String::new(),
                };
                let mut any = false;
                for line in block.lines() {
                    let (k, v) = line.split_once(':').unwrap_or((line, ""));
                    let v = v.strip_prefix(' ').unwrap_or(v);
                    match k {
                        "id" => e.id = Some(v.to_owned()),
                        "event" => e.event = v.to_owned(),
                        "data" => e.data.push_str(v),
                        _ => continue,
                    }
                    any = true;
                }
                if any {
                    return Some(e);
                }
                continue;
            }
            let chunk = tokio::time::timeout(Duration::from_secs(10), self.resp.chunk())
                .await
                .expect("the stream said something within 10 s")
                .expect("read the stream")?;
            self.buf.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    async fn expect(&mut self, event: &str) -> Sse {
        let e = self.next().await.expect("the stream is open");
        assert_eq!(e.event, event, "{e:?}");
        e
    }
}

fn title(e: &Sse) -> String {
    let v: Value = serde_json::from_str(&e.data).expect("json");
    v["title"].as_str().unwrap_or_default().to_owned()
}

/// Several nodes over one PostgreSQL (issue 7): the fan-out that turns an
/// event into notifications runs on another node (a second `App` on the
/// same database, with its own live channel); this node's stream hears of
/// it only through `LISTEN/NOTIFY`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notification_made_on_another_node_reaches_this_nodes_stream() {
    use dealerdesk_store::{Store, StoreOptions};
    let app = dealerdesk_testkit::spawn_app(dealerdesk_testkit::TestBackend::Postgres).await;
    plant(&app.app).await;
    let prod = app
        .app
        .add_source("KH", "production")
        .await
        .expect("source")
        .key;
    let admin = session(&app, who::DEALER_ADMIN).await;
    let mut stream = Stream::open(&app, &admin, None).await;
    assert_eq!(stream.expect("unread").await.data, "0");

    let other_store = Store::connect(&app.db.url, &StoreOptions::default())
        .await
        .expect("the second node's connection");
    let other_node = dealerdesk_app::App::new(other_store, dealerdesk_testkit::app::test_config());
    app.sync(&prod, vec![status("n1", "KH-1", "in_production", 2)])
        .await;
    assert!(other_node.fan_out_notifications().await.expect("fan out") > 0);
    let n = stream.expect("notification").await;
    assert_eq!(title(&n), "Заказ KH-1: Запущен в производство");
    assert_eq!(stream.expect("unread").await.data, "1");
}

both_backends_app! {
    async fn live_stream_resumes_where_it_left_off(app) {
        plant(&app.app).await;
        let prod = app.app.add_source("KH", "production").await.expect("source").key;
        let admin = session(&app, who::DEALER_ADMIN).await;
        let other = session(&app, who::OTHER_DEALER_ADMIN).await;

        // Without a session: 401, not the login page (EventSource cannot
        // follow a redirect to a form).
        let r = app.http.get(app.url("/live")).send().await.expect("anonymous");
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

        let mut mine = Stream::open(&app, &admin, None).await;
        assert_eq!(mine.expect("unread").await.data, "0");
        let mut theirs = Stream::open(&app, &other, None).await;
        assert_eq!(theirs.expect("unread").await.data, "0");

        send(&app, &prod, vec![status("s1", "KH-1", "in_production", 2)]).await;
        let first = mine.expect("notification").await;
        assert_eq!(title(&first), "Заказ KH-1: Запущен в производство");
        let v: Value = serde_json::from_str(&first.data).expect("json");
        assert_eq!(v["link"], "/orders/KH/KH-1");
        assert_eq!(mine.expect("unread").await.data, "1");
        let first_id = first.id.clone().expect("an id to resume from");

        // The tab closes; two things happen while it is away.
        drop(mine);
        send(&app, &prod, vec![status("s2", "KH-1", "ready", 3)]).await;
        send(&app, &prod, vec![status("s3", "KH-1", "shipped", 4)]).await;
        // The browser reconnects with the last id it saw: both, in order.
        let mut again = Stream::open(&app, &admin, Some(&first_id)).await;
        let a = again.expect("notification").await;
        let b = again.expect("notification").await;
        assert_eq!(title(&a), "Заказ KH-1: Готов к отгрузке");
        assert_eq!(title(&b), "Заказ KH-1: Отгружен");
        assert!(a.id.as_deref().and_then(|i| i.parse::<i64>().ok()) > first_id.parse().ok());
        assert_eq!(again.expect("unread").await.data, "3");

        // The other dealer's stream heard none of that: its first
        // notification is its own order's.
        send(&app, &prod, vec![status("s4", "KH-2", "in_production", 2)]).await;
        assert_eq!(title(&theirs.expect("notification").await), "Заказ KH-2: Запущен в производство");

        // Reading them in the centre brings the count down on the next step.
        let r = app.http.post(app.url("/notifications/read")).header("cookie", cookie(&admin))
            .form(&[("_csrf", admin.csrf.as_str())]).send().await.expect("read");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        send(&app, &prod, vec![status("s5", "KH-1", "delivered", 5)]).await;
        assert_eq!(title(&again.expect("notification").await), "Заказ KH-1: Доставлен");
        assert_eq!(title(&again.expect("notification").await), "Заказ KH-1 доставлен");
        assert_eq!(again.expect("unread").await.data, "2");

        // After logout the next wake-up ends the stream.
        let r = app.http.post(app.url("/logout")).header("cookie", cookie(&admin))
            .form(&[("_csrf", admin.csrf.as_str())]).send().await.expect("logout");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let pay = json!({"event_id": "p1", "type": "ledger.entry_posted", "occurred_at": "2026-11-21T08:00:00Z", "version": 1,
            "data": {"entry_id": "PAY-1", "dealer_code": "KH-D1", "kind": "payment", "amount_minor": 1_000, "currency": "UAH", "posted_on": "2026-11-21"}});
        let acc = app.app.add_source("KH", "accounting").await.expect("source").key;
        send(&app, &acc, vec![pay]).await;
        assert_eq!(again.next().await, None, "a logged-out stream ends");
        let r = app.http.get(app.url("/live")).header("cookie", cookie(&admin)).send().await.expect("after logout");
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }

    async fn a_burst_is_one_email_sent_once_through_failures(app) {
        plant(&app.app).await;
        let prod = app.app.add_source("KH", "production").await.expect("source").key;
        // The plain user wants status changes in the app only.
        let user = session(&app, who::DEALER_USER).await;
        let r = app.http.post(app.url("/profile/notifications")).header("cookie", cookie(&user))
            .form(&[("_csrf", user.csrf.as_str()), ("on", "order_status_changed.in_app")]).send().await.expect("prefs");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let en = session(&app, who::DEALER_USER_FINANCE).await;
        let r = app.http.post(app.url("/profile/language")).header("cookie", cookie(&en))
            .form(&[("_csrf", en.csrf.as_str()), ("language", "en")]).send().await.expect("lang");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);

        let sink = SmtpSink::start().await;
        let dir = std::env::temp_dir().join(format!("dd-live-{}", rand::random::<u32>()));
        let mailer = Mailer::new(&sink.url(), "DealerDesk <noreply@plant.test>", &dir).expect("mailer");

        // Fifty orders change status within a minute.
        send(&app, &prod, (100..150).map(order).collect()).await;
        send(&app, &prod, (100..150).map(|i| status(&format!("s{i}"), &format!("KH-{i}"), "in_production", 2)).collect()).await;
        let start = Timestamp::now();

        // Within the window nothing is sent: more may be coming.
        assert_eq!(round(&app.app, &mailer, start).await.expect("round"), Round::default());
        assert!(sink.messages().is_empty());

        // After it, one e-mail per person who wants them — and the server
        // refuses the first two attempts.
        sink.refuse_next(2);
        let later = start.plus_seconds(61);
        let r = round(&app.app, &mailer, later).await.expect("round");
        assert_eq!((r.gathered, r.sent, r.deferred, r.given_up), (2, 0, 2, 0), "{r:?}");
        assert!(sink.messages().is_empty());
        // Not before the backoff (30 s) has passed...
        let r = round(&app.app, &mailer, later.plus_seconds(10)).await.expect("round");
        assert_eq!(r, Round::default());
        // ...then both go, once.
        let r = round(&app.app, &mailer, later.plus_seconds(31)).await.expect("round");
        assert_eq!((r.sent, r.deferred), (2, 0), "{r:?}");
        for t in [later.plus_seconds(120), later.plus_seconds(7200)] {
            assert_eq!(round(&app.app, &mailer, t).await.expect("round"), Round::default());
        }
        let got = sink.wait_for(2, Duration::from_secs(5)).await;
        assert_eq!(got.len(), 2, "exactly two e-mails: {got:?}");
        let mut to: Vec<String> = got.iter().flat_map(|m| m.to.clone()).collect();
        to.sort();
        assert_eq!(to, vec![who::DEALER_ADMIN.to_owned(), who::DEALER_USER_FINANCE.to_owned()]);
        let ids: Vec<&str> = got.iter().filter_map(|m| m.header("Message-ID")).collect();
        assert_eq!(ids.len(), 2);
        assert!(ids.iter().all(|i| i.starts_with("<notification-") && i.ends_with("@plant.test>")), "{ids:?}");
        let ru = got.iter().find(|m| m.to == [who::DEALER_ADMIN]).expect("the admin's");
        let text = ru.body_text();
        assert!(text.starts_with("Здравствуйте,"), "{text}");
        for i in 100..150 {
            assert!(text.contains(&format!("Заказ KH-{i}: Запущен в производство")), "KH-{i} listed: {text}");
            assert!(text.contains(&format!("{}/orders/KH/KH-{i}\n", app.base)), "a link: {text}");
        }
        let en_text = got.iter().find(|m| m.to == [who::DEALER_USER_FINANCE]).expect("the English one").body_text();
        assert!(en_text.starts_with("Hello ") && en_text.contains("Order KH-149: In production"), "{en_text}");

        // What the queue recorded: each e-mail sent on its second attempt.
        let mut c = app.app.store.read().await.expect("conn");
        let rows: Vec<(i64, i64, Option<i64>)> = sqlx::query_as("SELECT items, attempts, sent_at FROM emails ORDER BY id")
            .fetch_all(&mut *c).await.expect("emails");
        assert_eq!(rows.len(), 2);
        assert!(rows.iter().all(|(items, attempts, sent)| *items == 50 && *attempts == 2 && sent.is_some()), "{rows:?}");
        let waiting: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mail_items WHERE email_id IS NULL").fetch_one(&mut *c).await.expect("waiting");
        assert_eq!(waiting, 0);
        drop(c);

        // A later event is a new e-mail, never a resend of the sent one;
        // a permanent refusal (550) is given up at once, not retried.
        send(&app, &prod, vec![status("s200", "KH-100", "ready", 3)]).await;
        sink.reject_next(1);
        let t = Timestamp::now().plus_seconds(61);
        let r = round(&app.app, &mailer, t).await.expect("round");
        assert_eq!((r.gathered, r.sent, r.given_up), (2, 1, 1), "{r:?}");
        for later in [t.plus_seconds(60), t.plus_seconds(86_400)] {
            assert_eq!(round(&app.app, &mailer, later).await.expect("round"), Round::default());
        }
        let got = sink.messages();
        assert_eq!(got.len(), 3);
        let last = &got[2];
        assert!(!ids.contains(&last.header("Message-ID").unwrap_or_default()));
        assert!(last.header("Subject").is_some());
        let mut c = app.app.store.read().await.expect("conn");
        let failed: Vec<(i64, Option<String>)> = sqlx::query_as("SELECT attempts, last_error FROM emails WHERE failed_at IS NOT NULL")
            .fetch_all(&mut *c).await.expect("failed");
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0].0, 1);
        assert!(failed[0].1.as_deref().is_some_and(|e| e.contains("550")), "{failed:?}");
        let _ = std::fs::remove_dir_all(dir);
    }
}
