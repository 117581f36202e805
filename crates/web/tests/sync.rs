//! The sync API over HTTP on both databases: keys, per-event validation,
//! duplicates, limits, and the inbox worker applying what arrives —
//! waiting for what is not known yet and quarantining only what is wrong.

mod common;

use dealerdesk_testkit::fixtures::plant;
use dealerdesk_testkit::{TestApp, both_backends_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn send(app: &TestApp, key: &str, events: Value) -> (StatusCode, Value) {
    let r = app
        .http
        .post(app.url("/api/sync/v1/events"))
        .bearer_auth(key)
        .json(&json!({"events": events}))
        .send()
        .await
        .expect("send");
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn status(app: &TestApp, key: &str) -> Value {
    app.http
        .get(app.url("/api/sync/v1/status"))
        .bearer_auth(key)
        .send()
        .await
        .expect("status")
        .json()
        .await
        .expect("json")
}

/// Waits until the worker has processed everything it can.
async fn settle(app: &TestApp, key: &str) -> Value {
    for _ in 0..100 {
        let s = status(app, key).await;
        let done = s["applied"].as_i64().unwrap_or(0)
            + s["quarantined"].as_i64().unwrap_or(0)
            + s["waiting"].as_i64().unwrap_or(0);
        if done == s["accepted"].as_i64().unwrap_or(-1) {
            return s;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the inbox did not settle: {}", status(app, key).await);
}

fn dealer(id: &str, code: &str, version: i64) -> Value {
    json!({"event_id": id, "type": "dealer.upserted", "occurred_at": "2026-11-20T08:00:00Z", "version": version,
           "data": {"code": code, "name": format!("ТОВ «{code}»"), "active": true, "manager_email": "manager@kh.test"}})
}

fn order(id: &str, number: &str, dealer: &str, version: i64, width: i64) -> Value {
    json!({"event_id": id, "type": "order.upserted", "occurred_at": "2026-11-20T08:01:00Z", "version": version,
           "data": {"number": number, "dealer_code": dealer, "accepted_at": "2026-11-20T08:00:00Z", "currency": "UAH", "total_minor": 1_200_000,
                    "constructions": [{"position": 1, "kind": "window", "name": "Вікно", "width_mm": width, "height_mm": 1400, "quantity": 1, "price_minor": 1_200_000}]}})
}

fn status_event(id: &str, number: &str, status: &str, version: i64) -> Value {
    json!({"event_id": id, "type": "order.status_changed", "occurred_at": "2026-11-21T08:00:00Z", "version": version,
           "data": {"number": number, "status": status, "at": "2026-11-21T08:00:00Z"}})
}

fn payment(id: &str, entry: &str, dealer: &str, order: &str, amount: i64) -> Value {
    json!({"event_id": id, "type": "ledger.entry_posted", "occurred_at": "2026-11-22T08:00:00Z", "version": 1,
           "data": {"entry_id": entry, "dealer_code": dealer, "kind": "payment", "amount_minor": amount, "currency": "UAH", "posted_on": "2026-11-22", "order_number": order}})
}

async fn order_state(app: &TestApp, number: &str) -> (String, Option<i64>) {
    let admin = dealerdesk_domain::Actor {
        user_id: dealerdesk_domain::UserId(0),
        role: dealerdesk_domain::Role::Admin,
        home: dealerdesk_domain::Home::Everywhere,
        finance_allowed: true,
    };
    let v = app.app.order(&admin, "KH", number).await.expect("order");
    (
        v.order.status.as_str().to_owned(),
        v.money.map(|m| m.paid.minor),
    )
}

both_backends_app! {
    async fn events_are_accepted_and_applied(app) {
        plant(&app.app).await;
        let prod = app.app.add_source("KH", "production").await.expect("source").key;
        let acc = app.app.add_source("KH", "accounting").await.expect("source").key;
        let (code, body) = send(&app, &prod, json!([dealer("p-1", "KH-D9", 1), order("p-2", "KH-900", "KH-D9", 1, 1200), status_event("p-3", "KH-900", "in_production", 2)])).await;
        assert_eq!(code, StatusCode::ACCEPTED, "{body}");
        assert_eq!((body["accepted"].as_i64(), body["duplicates"].as_i64(), body["rejected"].as_i64()), (Some(3), Some(0), Some(0)));
        assert_eq!(body["results"][1], json!({"index": 1, "event_id": "p-2", "status": "accepted"}));
        let (code, body) = send(&app, &acc, json!([payment("a-1", "PAY-1", "KH-D9", "KH-900", 500_000)])).await;
        assert_eq!(code, StatusCode::ACCEPTED, "{body}");
        let s = settle(&app, &prod).await;
        assert_eq!((s["accepted"].as_i64(), s["applied"].as_i64(), s["waiting"].as_i64(), s["quarantined"].as_i64()), (Some(3), Some(3), Some(0), Some(0)), "{s}");
        settle(&app, &acc).await;
        assert_eq!(order_state(&app, "KH-900").await, ("in_production".to_owned(), Some(500_000)));
    }

    async fn duplicates_and_conflicting_duplicates(app) {
        plant(&app.app).await;
        let prod = app.app.add_source("KH", "production").await.expect("source").key;
        send(&app, &prod, json!([dealer("p-1", "KH-D9", 1)])).await;
        let (code, body) = send(&app, &prod, json!([dealer("p-1", "KH-D9", 1), dealer("p-1", "KH-D9", 2), dealer("p-2", "KH-D8", 1), dealer("p-2", "KH-D8", 1)])).await;
        assert_eq!(code, StatusCode::ACCEPTED);
        let statuses: Vec<&str> = body["results"].as_array().expect("results").iter().map(|r| r["status"].as_str().unwrap_or("")).collect();
        assert_eq!(statuses, vec!["duplicate", "rejected", "accepted", "duplicate"], "{body}");
        assert_eq!(body["results"][1]["error"]["code"], "conflicting_duplicate");
        assert_eq!((body["accepted"].as_i64(), body["duplicates"].as_i64(), body["rejected"].as_i64()), (Some(1), Some(2), Some(1)));
        let s = settle(&app, &prod).await;
        assert_eq!(s["accepted"].as_i64(), Some(2), "each event is stored once");
    }

    async fn bad_requests_are_refused_whole_or_per_event(app) {
        plant(&app.app).await;
        let prod = app.app.add_source("KH", "production").await.expect("source").key;
        let acc = app.app.add_source("KH", "accounting").await.expect("source").key;
        let post = |key: Option<&str>, ct: &'static str, body: Vec<u8>| {
            let mut r = app.http.post(app.url("/api/sync/v1/events")).header("content-type", ct).body(body);
            if let Some(k) = key {
                r = r.bearer_auth(k);
            }
            r.send()
        };
        let ok_body = serde_json::to_vec(&json!({"events": []})).expect("json");
        let r = post(None, "application/json", ok_body.clone()).await.expect("no key");
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(r.json::<Value>().await.expect("json")["error"]["code"], "unauthorized");
        assert_eq!(post(Some("dds_wrong"), "application/json", ok_body.clone()).await.expect("bad key").status(), StatusCode::UNAUTHORIZED);
        assert_eq!(post(Some(&prod), "text/plain", ok_body.clone()).await.expect("ct").status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let r = post(Some(&prod), "application/json", b"{not json".to_vec()).await.expect("not json");
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert_eq!(r.json::<Value>().await.expect("json")["error"]["code"], "invalid_json");
        let r = post(Some(&prod), "application/json", b"[1, 2]".to_vec()).await.expect("array");
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        let r = post(Some(&prod), "application/json", vec![0xff, 0xfe, 0x00]).await.expect("bytes");
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "invalid UTF-8 is a 400, not a 500");
        let many: Vec<Value> = (0..1001).map(|i| dealer(&format!("x-{i}"), "KH-D9", 1)).collect();
        let (code, body) = send(&app, &prod, json!(many)).await;
        assert_eq!(code, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(body["error"]["code"], "too_many_events");
        let huge = vec![b' '; 9 * 1024 * 1024];
        assert_eq!(post(Some(&prod), "application/json", huge).await.expect("huge").status(), StatusCode::PAYLOAD_TOO_LARGE);
        // Per event: the bad one is refused with its path, the good one goes in.
        let (code, body) = send(&app, &prod, json!([order("p-1", "KH-901", "KH-D1", 1, 50), dealer("p-2", "KH-D9", 1)])).await;
        assert_eq!(code, StatusCode::ACCEPTED);
        assert_eq!(body["results"][0]["status"], "rejected");
        assert_eq!(body["results"][0]["error"]["code"], "invalid_field");
        assert_eq!(body["results"][0]["error"]["path"], "/data/constructions/0/width_mm");
        assert_eq!(body["results"][1]["status"], "accepted");
        let (_, body) = send(&app, &acc, json!([dealer("a-1", "KH-D9", 1)])).await;
        assert_eq!(body["results"][0]["error"]["code"], "forbidden_event_type");
        let s = settle(&app, &prod).await;
        assert_eq!(s["accepted"].as_i64(), Some(1), "nothing of the refused requests was stored");
    }

    async fn an_event_waits_for_what_it_needs(app) {
        plant(&app.app).await;
        let prod = app.app.add_source("KH", "production").await.expect("source").key;
        let acc = app.app.add_source("KH", "accounting").await.expect("source").key;
        // The status and the payment arrive before the order exists.
        send(&app, &prod, json!([status_event("p-2", "KH-902", "in_production", 2)])).await;
        send(&app, &acc, json!([payment("a-1", "PAY-9", "KH-D1", "KH-902", 100_000)])).await;
        let s = settle(&app, &prod).await;
        assert_eq!(s["waiting"].as_i64(), Some(1), "{s}");
        assert!(s["oldest_unapplied_age_ms"].as_i64().is_some());
        settle(&app, &acc).await;
        send(&app, &prod, json!([order("p-1", "KH-902", "KH-D1", 1, 1200)])).await;
        for _ in 0..50 {
            let s = status(&app, &prod).await;
            if s["applied"] == 2 && status(&app, &acc).await["applied"] == 1 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let s = status(&app, &prod).await;
        assert_eq!((s["applied"].as_i64(), s["waiting"].as_i64(), s["oldest_unapplied_age_ms"].as_i64()), (Some(2), Some(0), Some(0)), "{s}");
        assert_eq!(order_state(&app, "KH-902").await, ("in_production".to_owned(), Some(100_000)));
    }

    async fn a_bad_event_stops_its_entity_only(app) {
        plant(&app.app).await;
        let prod = app.app.add_source("KH", "production").await.expect("source").key;
        send(&app, &prod, json!([order("p-1", "KH-903", "KH-D1", 1, 1200), status_event("p-2", "KH-903", "ready", 2)])).await;
        settle(&app, &prod).await;
        // Backwards is refused: quarantined. The next status of the same
        // order waits behind it; another order goes on.
        send(&app, &prod, json!([status_event("p-3", "KH-903", "in_production", 3), status_event("p-4", "KH-903", "shipped", 4), order("p-5", "KH-904", "KH-D1", 1, 1200)])).await;
        let s = settle(&app, &prod).await;
        assert_eq!((s["applied"].as_i64(), s["quarantined"].as_i64(), s["waiting"].as_i64()), (Some(3), Some(1), Some(1)), "{s}");
        assert_eq!(order_state(&app, "KH-903").await.0, "ready");
        assert_eq!(order_state(&app, "KH-904").await.0, "accepted");
        let q = { let mut c = app.app.store.read().await.expect("conn"); dealerdesk_store::Repos::inbox(&mut *c).quarantined(10).await.expect("list") };
        assert_eq!(q.len(), 1);
        assert!(q[0].error.contains("cannot move from ready to in_production"), "{}", q[0].error);
        // An administrator discards it; what waited behind it goes on.
        { let mut tx = app.app.store.begin().await.expect("tx"); dealerdesk_store::Repos::inbox(&mut *tx).discard(q[0].id).await.expect("discard"); tx.commit().await.expect("commit"); }
        for _ in 0..50 {
            if order_state(&app, "KH-903").await.0 == "shipped" { break; }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(order_state(&app, "KH-903").await.0, "shipped");
        let s = status(&app, &prod).await;
        assert_eq!((s["accepted"].as_i64(), s["applied"].as_i64(), s["quarantined"].as_i64()), (Some(5), Some(5), Some(0)), "{s}");
    }

    async fn reconciliation_lists_every_difference(app) {
        plant(&app.app).await;
        let prod = app.app.add_source("KH", "production").await.expect("source").key;
        let pl = app.app.add_source("PL", "production").await.expect("source").key;
        let snapshot = json!({
            "dealers": [{"code": "KH-D1", "balance_minor": 250_000, "orders": 1}, {"code": "KH-D2", "balance_minor": 5}, {"code": "KH-D404"}],
            "orders": [{"number": "KH-1", "status": "accepted", "total_minor": 1_000_000}, {"number": "KH-2", "status": "shipped"}, {"number": "PL-1"}]
        });
        let r = app.http.post(app.url("/api/sync/v1/reconcile")).bearer_auth(&prod).json(&snapshot).send().await.expect("reconcile");
        assert_eq!(r.status(), StatusCode::OK);
        let report: Value = r.json().await.expect("json");
        assert_eq!((report["dealers_checked"].as_i64(), report["orders_checked"].as_i64()), (Some(3), Some(3)));
        let drift: Vec<(String, String)> = report["drift"].as_array().expect("drift").iter().map(|d| (d["key"].as_str().unwrap_or("").to_owned(), d["field"].as_str().unwrap_or("").to_owned())).collect();
        assert_eq!(drift, vec![
            ("KH-D2".to_owned(), "balance_minor".to_owned()),
            ("KH-D404".to_owned(), "exists".to_owned()),
            ("KH-2".to_owned(), "status".to_owned()),
            ("PL-1".to_owned(), "exists".to_owned()),
        ], "another factory's order is not visible to this source: {report}");
        let r = app.http.post(app.url("/api/sync/v1/reconcile")).bearer_auth(&pl).json(&json!({"orders": [{"number": "PL-1", "status": "accepted"}]})).send().await.expect("pl");
        assert_eq!(r.json::<Value>().await.expect("json")["drift"], json!([]));
        let r = app.http.post(app.url("/api/sync/v1/reconcile")).bearer_auth(&prod).json(&json!({"orderz": []})).send().await.expect("bad");
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    }

    async fn administrators_see_and_work_the_quarantine(app) {
        plant(&app.app).await;
        let prod = app.app.add_source("KH", "production").await.expect("source").key;
        send(&app, &prod, json!([order("p-1", "KH-905", "KH-D1", 1, 1200), status_event("p-2", "KH-905", "cancelled", 2)])).await;
        settle(&app, &prod).await;
        send(&app, &prod, json!([status_event("p-3", "KH-905", "ready", 3)])).await;
        let s = settle(&app, &prod).await;
        assert_eq!(s["quarantined"], 1);
        let admin = common::session(&app, dealerdesk_testkit::fixtures::who::ADMIN).await;
        let health: Value = app.http.get(app.url("/api/v1/sync/health")).header("cookie", common::cookie(&admin)).send().await.expect("health").json().await.expect("json");
        let q = &health["quarantine"][0];
        assert_eq!((q["event_id"].as_str(), q["type"].as_str()), (Some("p-3"), Some("order.status_changed")));
        assert!(q["error"].as_str().unwrap_or("").contains("cancelled"));
        assert_eq!(health["sources"][0]["quarantined"], 1);
        let id = q["id"].as_i64().expect("id");
        let page = app.http.get(app.url("/staff/sync")).header("cookie", common::cookie(&admin)).send().await.expect("page").text().await.expect("html");
        assert!(page.contains("p-3") && page.contains(&format!("/staff/sync/quarantine/{id}/retry")), "the page lists it with its actions");
        // Retrying without a fix quarantines it again; discarding ends it.
        let r = app.http.post(app.url(&format!("/staff/sync/quarantine/{id}/retry"))).header("cookie", common::cookie(&admin)).form(&[("_csrf", admin.csrf.as_str())]).send().await.expect("retry");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let s = settle(&app, &prod).await;
        assert_eq!(s["quarantined"], 1, "{s}");
        let r = app.http.post(app.url(&format!("/staff/sync/quarantine/{id}/discard"))).header("cookie", common::cookie(&admin)).form(&[("_csrf", admin.csrf.as_str())]).send().await.expect("discard");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let s = status(&app, &prod).await;
        assert_eq!((s["quarantined"].as_i64(), s["applied"].as_i64(), s["accepted"].as_i64()), (Some(0), Some(3), Some(3)), "{s}");
        let audit = { let mut c = app.app.store.read().await.expect("conn"); dealerdesk_store::Repos::audit(&mut *c).latest(None, 5).await.expect("audit") };
        assert!(audit.iter().any(|a| a.action == "sync.quarantine_discarded"), "a person's change is audited");
    }

    async fn keys_rotate_with_overlap_and_revoke(app) {
        plant(&app.app).await;
        let old = app.app.add_source("KH", "production").await.expect("source");
        assert!(app.app.add_source("KH", "production").await.is_err(), "one source per kind and factory");
        let new = app.app.rotate_source("KH", "production").await.expect("rotate");
        assert_eq!(status(&app, &old.key).await["accepted"], 0, "old key still works");
        assert_eq!(status(&app, &new.key).await["accepted"], 0, "new key works");
        let revoked = app.app.revoke_source("KH", "production", &dealerdesk_app::sources::Revoke::OlderKeys).await.expect("revoke");
        assert_eq!(revoked, vec![old.prefix.clone()]);
        let r = app.http.get(app.url("/api/sync/v1/status")).bearer_auth(&old.key).send().await.expect("old");
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(status(&app, &new.key).await["accepted"], 0);
        assert!(app.app.revoke_source("KH", "production", &dealerdesk_app::sources::Revoke::OlderKeys).await.is_err(), "the last key needs --all");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limit_and_backlog_answer_with_retry_after() {
    use dealerdesk_web::sync_api::{RateLimiter, SyncSettings};
    let settings = SyncSettings {
        limiter: RateLimiter::new(0.5, 2.0),
        max_backlog: 1_000_000,
        ..Default::default()
    };
    let app = dealerdesk_testkit::spawn_app_full(
        dealerdesk_testkit::TestBackend::Sqlite,
        dealerdesk_testkit::app::test_config(),
        settings,
    )
    .await;
    plant(&app.app).await;
    let prod = app
        .app
        .add_source("KH", "production")
        .await
        .expect("source")
        .key;
    assert_eq!(send(&app, &prod, json!([])).await.0, StatusCode::ACCEPTED);
    assert_eq!(send(&app, &prod, json!([])).await.0, StatusCode::ACCEPTED);
    let r = app
        .http
        .post(app.url("/api/sync/v1/events"))
        .bearer_auth(&prod)
        .json(&json!({"events": []}))
        .send()
        .await
        .expect("third");
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(
        r.headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok())
            .is_some_and(|s| s >= 1)
    );

    let settings = SyncSettings {
        max_backlog: 0,
        ..Default::default()
    };
    let app = dealerdesk_testkit::spawn_app_full(
        dealerdesk_testkit::TestBackend::Sqlite,
        dealerdesk_testkit::app::test_config(),
        settings,
    )
    .await;
    plant(&app.app).await;
    let prod = app
        .app
        .add_source("KH", "production")
        .await
        .expect("source")
        .key;
    // Hold the worker back by sending events it must wait on; the backlog grows past 0.
    assert_eq!(
        send(
            &app,
            &prod,
            json!([status_event("p-1", "KH-999", "ready", 2)])
        )
        .await
        .0,
        StatusCode::ACCEPTED
    );
    let r = app
        .http
        .post(app.url("/api/sync/v1/events"))
        .bearer_auth(&prod)
        .json(&json!({"events": []}))
        .send()
        .await
        .expect("full");
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(r.headers().contains_key("retry-after"));
    assert_eq!(
        r.json::<Value>().await.expect("json")["error"]["code"],
        "backlog_full"
    );
}

/// A corpus of hostile input: every one gets a clear 4xx or a per-event
/// rejection — never a 5xx, a panic or a hang — and the server still works.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_input_never_breaks_the_server() {
    let app = dealerdesk_testkit::spawn_app(dealerdesk_testkit::TestBackend::Sqlite).await;
    plant(&app.app).await;
    let key = app
        .app
        .add_source("KH", "production")
        .await
        .expect("source")
        .key;
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let big_string = format!(
        "{{\"events\": [{{\"event_id\": \"{}\"}}]}}",
        "я".repeat(3_000_000)
    );
    let svg_that_is_png = json!({"events": [{"event_id": "b-1", "type": "attachment.added", "occurred_at": "2026-11-20T08:00:00Z", "version": 1,
        "data": {"attachment_id": "A1", "order_number": "KH-1", "kind": "photo", "file_name": "x.png", "content_type": "image/png",
                 "content_base64": "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4="}}]});
    let corpus: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"null".to_vec(),
        b"\"events\"".to_vec(),
        b"{\"events\": 5}".to_vec(),
        b"{\"events\": {}}".to_vec(),
        b"{\"events\": [1, \"x\", null, [], {}]}".to_vec(),
        b"{\"events\": [{\"event_id\": 12, \"type\": [], \"version\": \"7\"}]}".to_vec(),
        b"{\"events\": [{\"event_id\": \"n-1\", \"type\": \"dealer.upserted\", \"occurred_at\": \"2026-11-20T08:00:00Z\", \"version\": 1e400, \"data\": {}}]}".to_vec(),
        b"{\"events\": [{\"event_id\": \"n-2\", \"type\": \"order.upserted\", \"occurred_at\": \"2026-11-20T08:00:00Z\", \"version\": 99999999999999999999999, \"data\": {}}]}".to_vec(),
        b"{\"events\": [{\"event_id\": \"u-1\", \"type\": \"dealer.upserted\", \"occurred_at\": \"2026-11-20T08:00:00Z\", \"version\": 1, \"data\": {\"code\": \"KH-X\", \"name\": \"X\", \"active\": true, \"extra\": 1}}]}".to_vec(),
        deep.into_bytes(),
        big_string.into_bytes(),
        vec![b'{', 0xc3, 0x28, b'}'],
        serde_json::to_vec(&svg_that_is_png).expect("json"),
    ];
    for (i, body) in corpus.into_iter().enumerate() {
        let r = tokio::time::timeout(
            std::time::Duration::from_secs(20),
            app.http
                .post(app.url("/api/sync/v1/events"))
                .bearer_auth(&key)
                .header("content-type", "application/json")
                .body(body)
                .send(),
        )
        .await
        .unwrap_or_else(|_| panic!("case {i} hung"))
        .expect("response");
        let status = r.status();
        let v: Value = r.json().await.unwrap_or(Value::Null);
        assert!(
            status.is_client_error() || status == StatusCode::ACCEPTED,
            "case {i}: {status} {v}"
        );
        if status == StatusCode::ACCEPTED {
            assert!(
                v["accepted"] == 0 && v["rejected"].as_u64().unwrap_or(0) >= 1,
                "case {i}: every event refused: {v}"
            );
            for r in v["results"].as_array().into_iter().flatten() {
                assert!(
                    r["error"]["code"].is_string() && r["error"]["message"].is_string(),
                    "case {i}: a precise reason: {r}"
                );
            }
        } else {
            assert!(
                v["error"]["code"].is_string(),
                "case {i}: a JSON error: {v}"
            );
        }
    }
    let (code, _) = send(&app, &key, json!([dealer("ok-1", "KH-D9", 1)])).await;
    assert_eq!(code, StatusCode::ACCEPTED, "the server still works");
}
