//! The web shell: health, readiness, metrics, request ids, security
//! headers, errors in the right format, the brand, and each role's first
//! page showing its own data only.

mod common;

use common::*;
use dealerdesk_testkit::both_backends_app;
use dealerdesk_testkit::fixtures::{plant, who};
use reqwest::StatusCode;

both_backends_app! {
    async fn health_readiness_metrics(app) {
        let r = app.http.get(app.url("/healthz")).send().await.expect("healthz");
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.headers().contains_key("x-request-id"), "every response names its request");
        assert_eq!(r.text().await.expect("text"), "ok");
        let ready: serde_json::Value = app.http.get(app.url("/readyz")).send().await.expect("readyz").json().await.expect("json");
        assert_eq!(ready["status"], "ready");
        let metrics = app.http.get(app.url("/metrics")).send().await.expect("metrics").text().await.expect("text");
        assert!(metrics.contains("http_requests_total"), "{metrics}");
        assert!(metrics.contains("route=\"/healthz\""), "requests are counted by route pattern");
        assert!(metrics.contains("http_request_duration_seconds_bucket"));
        assert!(metrics.contains("live_streams 0"), "{metrics}");
    }

    async fn every_json_route_is_in_the_openapi_document(app) {
        let doc: serde_json::Value = app.http.get(app.url("/api/openapi.json")).send().await.expect("doc").json().await.expect("json");
        assert_eq!(doc["openapi"], "3.1.0");
        for route in dealerdesk_web::route_list() {
            if route.path.starts_with("/api/") && route.path != "/api/openapi.json" && route.path != "/api/docs" {
                let method = route.method.as_str().to_lowercase();
                assert!(doc["paths"][route.path][&method].is_object(), "{} {} is documented", route.method, route.path);
            }
        }
        assert!(doc["components"]["schemas"]["event.order.upserted"].is_object());
        let page = app.http.get(app.url("/api/docs")).send().await.expect("docs").text().await.expect("html");
        assert!(page.contains("POST /api/sync/v1/events") && page.contains("event.ledger.entry_posted"));
        assert!(!page.contains("<script"), "no scripts, nothing from a CDN");
    }

    async fn a_given_request_id_is_kept(app) {
        let r = app.http.get(app.url("/healthz")).header("x-request-id", "abc-123").send().await.expect("healthz");
        assert_eq!(r.headers()["x-request-id"], "abc-123");
    }

    // The vendored hyper starts a connection's buffers at 2 KiB (see
    // vendor/README.md): a request head several times that size must still
    // be read whole, on a connection that then serves the next request.
    async fn a_request_head_far_beyond_the_first_buffer_is_read_whole(app) {
        let pad = "p".repeat(12 * 1024);
        let long_path = format!("/healthz?{}", "q".repeat(3000));
        for _ in 0..2 {
            let r = app.http.get(app.url(&long_path)).header("x-pad", &pad).header("x-request-id", "big-1").send().await.expect("big head");
            assert_eq!(r.status(), StatusCode::OK);
            assert_eq!(r.headers()["x-request-id"], "big-1");
            assert_eq!(r.text().await.expect("text"), "ok");
            let r = app.http.get(app.url("/healthz")).send().await.expect("small head");
            assert_eq!(r.status(), StatusCode::OK);
        }
    }

    async fn security_headers_on_pages(app) {
        let r = app.http.get(app.url("/login")).send().await.expect("login");
        let h = r.headers();
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert!(h["content-security-policy"].to_str().expect("csp").contains("default-src 'self'"));
    }

    async fn errors_answer_in_the_callers_format(app) {
        let api = app.http.get(app.url("/api/v1/nothing-here")).send().await.expect("api");
        assert_eq!(api.status(), StatusCode::NOT_FOUND);
        let body: serde_json::Value = api.json().await.expect("json");
        assert_eq!(body["error"]["code"], "not_found");
        let page = app.http.get(app.url("/nothing-here")).send().await.expect("page");
        assert_eq!(page.status(), StatusCode::NOT_FOUND);
        assert!(page.text().await.expect("html").contains("Страница не найдена"));
        let unauth = app.http.get(app.url("/api/v1/me")).send().await.expect("me");
        assert_eq!(unauth.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(unauth.json::<serde_json::Value>().await.expect("json")["error"]["code"], "unauthenticated");
        let en = app.http.get(app.url("/nothing-here")).header("accept-language", "en-GB,en").send().await.expect("page");
        assert!(en.text().await.expect("html").contains("Page not found"));
    }

    async fn brand_settings_reach_the_pages(app) {
        let css = app.http.get(app.url("/brand.css")).send().await.expect("css").text().await.expect("text");
        assert!(css.contains("--accent: #e8772e"), "{css}");
        let mut c = app.app.store.read().await.expect("conn");
        dealerdesk_store::Repos::settings(&mut *c).set("brand.accent", "#00aa55").await.expect("set");
        dealerdesk_store::Repos::settings(&mut *c).set("brand.primary", "red;}body{display:none").await.expect("set");
        drop(c);
        let css = app.http.get(app.url("/brand.css")).send().await.expect("css").text().await.expect("text");
        assert!(css.contains("--accent: #00aa55"), "{css}");
        assert!(css.contains("--primary: #1f4e79"), "a bad colour falls back to the default: {css}");
        let bg = app.http.get(app.url("/brand/login-background")).send().await.expect("bg");
        assert_eq!(bg.headers()["content-type"], "image/svg+xml");
        let login = app.http.get(app.url("/login")).send().await.expect("login").text().await.expect("html");
        assert!(login.contains("/brand.css"));
        let app_css = app.http.get(app.url("/assets/app.css")).send().await.expect("css").text().await.expect("text");
        assert!(app_css.contains("/brand/login-background"), "the login page's background is the brand picture");
    }

    async fn dashboards_per_role(app) {
        plant(&app.app).await;
        // A dealer admin sees its balance and its counts, nobody else's.
        let s = session(&app, who::DEALER_ADMIN).await;
        let html = app.http.get(app.url("/")).header("cookie", cookie(&s)).send().await.expect("home").text().await.expect("html");
        assert!(html.contains("2\u{202f}500,00\u{a0}₴"), "balance of KH-D1 (250,000 kopecks)");
        assert!(html.contains("class=\"current\""), "the current menu section is marked");
        assert!(!html.contains("Дилер KH-D2") && !html.contains("PL-D1"));
        // A dealer user without the finance grant does not see the balance.
        let s = session(&app, who::DEALER_USER).await;
        let html = app.http.get(app.url("/")).header("cookie", cookie(&s)).send().await.expect("home").text().await.expect("html");
        assert!(!html.contains("2\u{202f}500,00"), "finance hidden");
        assert!(html.contains("Финансы скрыты"));
        let s = session(&app, who::DEALER_USER_FINANCE).await;
        let html = app.http.get(app.url("/")).header("cookie", cookie(&s)).send().await.expect("home").text().await.expect("html");
        assert!(html.contains("2\u{202f}500,00\u{a0}₴"), "finance granted");
        // Staff see their queues.
        let s = session(&app, who::MANAGER).await;
        let html = app.http.get(app.url("/staff")).header("cookie", cookie(&s)).send().await.expect("staff").text().await.expect("html");
        assert!(html.contains("Мои дилеры"), "{html}");
        let s = session(&app, who::FINANCE).await;
        let html = app.http.get(app.url("/staff")).header("cookie", cookie(&s)).send().await.expect("staff").text().await.expect("html");
        assert!(html.contains("Дилеры с задолженностью") && html.contains("2\u{202f}500,00\u{a0}₴"), "receivables of the factory");
        // Heads of sales count their own factory's orders only.
        let accepted = |html: &str| html.split("st-accepted\">Принят</span> <strong>").nth(1).and_then(|r| r.split('<').next()).map(str::to_owned);
        let s = session(&app, who::HEAD_OF_SALES).await;
        let html = app.http.get(app.url("/staff")).header("cookie", cookie(&s)).send().await.expect("staff").text().await.expect("html");
        assert_eq!(accepted(&html).as_deref(), Some("2"), "KH has two accepted orders");
        let s = session(&app, who::OTHER_FACTORY_HEAD).await;
        let html = app.http.get(app.url("/staff")).header("cookie", cookie(&s)).send().await.expect("staff").text().await.expect("html");
        assert_eq!(accepted(&html).as_deref(), Some("1"), "PL has one");
    }
}
