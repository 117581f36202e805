//! The dealer portal's orders: the list with search, filters and paging,
//! one order with its constructions, files, shipment and money — as pages
//! and as JSON, on both databases, for its own dealer only.

mod common;

use common::*;
use dealerdesk_testkit::fixtures::{plant, who};
use dealerdesk_testkit::{TestApp, both_backends_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

const SVG: &str = "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHZpZXdCb3g9IjAgMCAxMCAxMCI+PHJlY3Qgd2lkdGg9IjEwIiBoZWlnaHQ9IjEwIi8+PC9zdmc+";

/// Order KH-77 of KH-D1 with two constructions, half made, on a trip,
/// with a drawing and a payment; plus KH-78..KH-82 for paging.
async fn richer_plant(app: &TestApp) {
    plant(&app.app).await;
    let prod = app
        .app
        .add_source("KH", "production")
        .await
        .expect("source")
        .key;
    let acc = app
        .app
        .add_source("KH", "accounting")
        .await
        .expect("source")
        .key;
    let mut events = vec![
        json!({"event_id": "o77", "type": "order.upserted", "occurred_at": "2026-11-20T08:00:00Z", "version": 1, "data": {
        "number": "KH-77", "dealer_code": "KH-D1", "accepted_at": "2026-11-20T08:00:00Z", "customer_ref": "Квартира Шевченко", "currency": "UAH", "total_minor": 3_000_000,
        "constructions": [
            {"position": 1, "kind": "window", "name": "Вікно кухня", "width_mm": 1300, "height_mm": 1400, "profile_system": "VEKA Softline 82", "glass_unit": "4-16-4", "colour": "білий", "fittings": "Maco", "quantity": 1, "price_minor": 1_800_000},
            {"position": 2, "kind": "balcony_door", "name": "Балконні двері", "width_mm": 700, "height_mm": 2100, "quantity": 1, "price_minor": 1_200_000}]}}),
        json!({"event_id": "s77", "type": "order.status_changed", "occurred_at": "2026-11-21T08:00:00Z", "version": 2, "data": {"number": "KH-77", "status": "in_production", "at": "2026-11-21T08:00:00Z",
            "constructions": [{"position": 1, "status": "manufactured", "at": "2026-11-22T08:00:00Z"}]}}),
        json!({"event_id": "t77", "type": "shipment.upserted", "occurred_at": "2026-11-22T08:00:00Z", "version": 1, "data": {"trip": "R-501", "vehicle": "AX 1234 KI", "driver_name": "Петро Коваль",
            "driver_phone": "+380671112233", "planned_delivery_date": "2026-11-25", "orders": ["KH-77"]}}),
        json!({"event_id": "f77", "type": "attachment.added", "occurred_at": "2026-11-22T08:00:00Z", "version": 1, "data": {"attachment_id": "DR-77", "order_number": "KH-77", "position": 1,
            "kind": "drawing", "file_name": "Креслення KH-77.svg", "content_type": "image/svg+xml", "content_base64": SVG}}),
    ];
    for i in 78..=82 {
        events.push(json!({"event_id": format!("o{i}"), "type": "order.upserted", "occurred_at": "2026-11-20T08:00:00Z", "version": 1, "data": {
            "number": format!("KH-{i}"), "dealer_code": "KH-D1", "accepted_at": format!("2026-10-{:02}T08:00:00Z", i - 70), "currency": "UAH", "total_minor": 100_000,
            "constructions": [{"position": 1, "kind": "door", "name": "Двері", "width_mm": 900, "height_mm": 2000, "quantity": 1, "price_minor": 100_000}]}}));
    }
    app.sync(&prod, events).await;
    let pay = json!({"event_id": "p77", "type": "ledger.entry_posted", "occurred_at": "2026-11-21T08:00:00Z", "version": 1, "data": {"entry_id": "PAY-77", "dealer_code": "KH-D1", "kind": "payment", "amount_minor": 1_000_000, "currency": "UAH", "posted_on": "2026-11-21", "order_number": "KH-77"}});
    app.sync(&acc, vec![pay]).await;
}

async fn get(app: &TestApp, s: &Session, path: &str) -> (StatusCode, String) {
    let r = app
        .http
        .get(app.url(path))
        .header("cookie", cookie(s))
        .send()
        .await
        .expect("get");
    (r.status(), r.text().await.expect("body"))
}

both_backends_app! {
    async fn the_orders_list(app) {
        richer_plant(&app).await;
        let s = session(&app, who::DEALER_ADMIN).await;
        let (code, html) = get(&app, &s, "/orders").await;
        assert_eq!(code, StatusCode::OK);
        for n in ["KH-77", "KH-1", "KH-82"] {
            assert!(html.contains(&format!(">{n}</a>")), "{n} is listed");
        }
        assert!(!html.contains("KH-2<") && !html.contains("PL-1"), "no other dealer's orders");
        assert!(html.contains("st-in_production") && html.contains("Запущен в производство"), "status pill, name in full");
        assert!(html.contains("class=\"current\""));
        let (_, html) = get(&app, &s, "/orders?q=%D1%88%D0%B5%D0%B2%D1%87%D0%B5%D0%BD%D0%BA%D0%BE").await;

        assert!(html.contains(">KH-77</a>") && !html.contains(">KH-78</a>"), "search by the customer's name");
        let (_, html) = get(&app, &s, "/orders?q=veka").await;
        assert!(html.contains(">KH-77</a>") && !html.contains(">KH-1</a>"), "search by profile");
        let (_, html) = get(&app, &s, "/orders?status=in_production").await;
        assert!(html.contains(">KH-77</a>") && !html.contains(">KH-80</a>"));
        let (_, html) = get(&app, &s, "/orders?from=2026-10-09&to=2026-10-10").await;
        assert!(html.contains(">KH-79</a>") && html.contains(">KH-80</a>") && !html.contains(">KH-81</a>") && !html.contains(">KH-77</a>"));
        let (code, html) = get(&app, &s, "/orders?from=someday&sort=sideways").await;
        assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("role=\"alert\""));
        // Paging through the API: every order once.
        let token = app.app.create_personal_token(who::DEALER_ADMIN, "t").await.expect("token");
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let url = match &cursor { Some(c) => format!("/api/v1/orders?limit=2&cursor={c}"), None => "/api/v1/orders?limit=2".to_owned() };
            let v: Value = app.http.get(app.url(&url)).bearer_auth(&token).send().await.expect("api").json().await.expect("json");
            for i in v["items"].as_array().expect("items") {
                seen.push(i["number"].as_str().expect("number").to_owned());
            }
            match v["next_cursor"].as_str() { Some(c) => cursor = Some(c.to_owned()), None => break }
        }
        assert_eq!(seen.len(), 7, "{seen:?}");
        assert_eq!(seen[0], "KH-77", "newest first");
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 7);
        let bad = app.http.get(app.url("/api/v1/orders?limit=5000")).bearer_auth(&token).send().await.expect("api");
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bad.json::<Value>().await.expect("json")["error"]["details"][0]["field"], "limit");
        // Without the finance grant the outstanding amount is hidden.
        let u = app.app.create_personal_token(who::DEALER_USER, "t").await.expect("token");
        let v: Value = app.http.get(app.url("/api/v1/orders?q=KH-77")).bearer_auth(&u).send().await.expect("api").json().await.expect("json");
        assert!(v["items"][0]["outstanding_minor"].is_null());
        let v: Value = app.http.get(app.url("/api/v1/orders?q=KH-77")).bearer_auth(&token).send().await.expect("api").json().await.expect("json");
        assert_eq!(v["items"][0]["outstanding_minor"], 2_000_000);
    }

    async fn one_order_with_everything(app) {
        richer_plant(&app).await;
        let s = session(&app, who::DEALER_ADMIN).await;
        let (code, html) = get(&app, &s, "/orders/KH/KH-77").await;
        assert_eq!(code, StatusCode::OK);
        for part in ["Вікно кухня", "Балконні двері", "1\u{202f}300 × 1\u{202f}400", "VEKA Softline 82", "st-manufactured", "st-in_production",
                     "R-501", "Петро Коваль", "href=\"tel:+380671112233\"", "Квартира Шевченко", "25.11.2026", "20\u{202f}000,00\u{a0}₴"] {
            assert!(html.contains(part), "the order page shows {part}");
        }
        assert!(html.contains("Креслення KH-77.svg"), "the drawing is linked from its construction");
        let href = html.split("href=\"/orders/KH/KH-77/files/").nth(1).and_then(|r| r.split('"').next()).expect("file link");
        let r = app.http.get(app.url(&format!("/orders/KH/KH-77/files/{href}"))).header("cookie", cookie(&s)).send().await.expect("file");
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()["content-type"], "image/svg+xml");
        assert!(r.headers()["content-security-policy"].to_str().expect("csp").contains("sandbox"), "an SVG cannot run scripts");
        assert!(r.text().await.expect("svg").contains("<svg"));
        // Another dealer: the order, the file and the API answer 404.
        let other = session(&app, who::OTHER_DEALER_ADMIN).await;
        assert_eq!(get(&app, &other, "/orders/KH/KH-77").await.0, StatusCode::NOT_FOUND);
        assert_eq!(get(&app, &other, &format!("/orders/KH/KH-77/files/{href}")).await.0, StatusCode::NOT_FOUND);
        let (_, missing) = get(&app, &other, "/orders/KH/NOPE").await;
        let (_, foreign) = get(&app, &other, "/orders/KH/KH-77").await;
        assert_eq!(missing, foreign, "a foreign order looks exactly like a missing one");
        // The manager of KH-D1 sees it; the dealer user without finance sees no money.
        assert_eq!(get(&app, &session(&app, who::MANAGER).await, "/orders/KH/KH-77").await.0, StatusCode::OK);
        let (_, html) = get(&app, &session(&app, who::DEALER_USER).await, "/orders/KH/KH-77").await;
        assert!(!html.contains("20\u{202f}000,00"), "outstanding hidden without the finance grant");
        let v: Value = app.http.get(app.url("/api/v1/orders/KH/KH-77")).header("cookie", cookie(&s)).send().await.expect("api").json().await.expect("json");
        assert_eq!(v["constructions"][0]["status"], "manufactured");
        assert_eq!(v["shipment"]["driver_phone"], "+380671112233");
        assert_eq!((v["paid_minor"].as_i64(), v["outstanding_minor"].as_i64()), (Some(1_000_000), Some(2_000_000)));
    }
}

/// Every use case that holds a connection reads what it misses (a factory
/// not yet in the cache) on that connection, never on a second one: with
/// enough pages at once, each holding one and waiting for another, the pool
/// runs dry and they all time out. PostgreSQL only, because there reads and
/// writes share one pool that can be made a single connection here, so a
/// use case that asks for a second one while it holds the first waits for
/// itself and fails within the test's 3 s, every time, not only under load
/// (SQLite keeps at least two read connections).
#[tokio::test]
async fn use_cases_never_wait_for_a_second_connection_while_holding_one() {
    use dealerdesk_app::App;
    use dealerdesk_store::{Store, StoreOptions};
    let app = dealerdesk_testkit::spawn_app(dealerdesk_testkit::TestBackend::Postgres).await;
    richer_plant(&app).await;
    let number = dealerdesk_testkit::fixtures::reclamation(&app.app).await;
    let one = App::new(
        Store::connect(
            &app.db.url,
            &StoreOptions {
                max_connections: 1,
                acquire_timeout: std::time::Duration::from_secs(3),
                ..StoreOptions::default()
            },
        )
        .await
        .expect("a one-connection store"),
        dealerdesk_testkit::app::test_config(),
    );
    let actor = |email: &'static str| {
        let (app, one) = (&app, one.clone());
        async move {
            let s = app
                .app
                .login(
                    email,
                    dealerdesk_testkit::fixtures::PASSWORD,
                    &Default::default(),
                )
                .await
                .expect("login");
            one.session(&s.token)
                .await
                .expect("session")
                .expect("live")
                .actor
        }
    };
    let admin = actor(who::DEALER_ADMIN).await;
    let user = actor(who::DEALER_USER).await;

    one.forget_factories();
    let list = one
        .dealer_orders(&admin, &Default::default())
        .await
        .expect("the orders list");
    assert!(!list.rows.is_empty());
    one.forget_factories();
    one.order(&admin, "KH", "KH-77").await.expect("an order");
    one.forget_factories();
    one.dealer_dashboard(&admin).await.expect("the dashboard");
    one.forget_factories();
    let st = one
        .statement(&admin, &Default::default())
        .await
        .expect("the statement");
    assert_eq!(st.factory_code, "KH");
    one.forget_factories();
    one.settlement_of(&admin, None, &Default::default())
        .await
        .expect("the settlement");
    one.forget_factories();
    let r = one
        .reclamation(&user, &number)
        .await
        .expect("a reclamation");
    assert_eq!(r.factory_code, "KH");
    one.forget_factories();
    assert!(
        one.fan_out_notifications().await.expect("the fan-out") > 0,
        "the filing's events reach people"
    );
}
