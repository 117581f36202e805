//! The administrator's screens (issue 6) on both databases: people and
//! roles, factories, sync sources and their keys, the brand — each change
//! takes effect at once, is audited with who made it, and a refused one
//! says why and changes nothing.

mod common;

use common::*;
use dealerdesk_testkit::fixtures::{plant, who};
use dealerdesk_testkit::{TestApp, both_backends_app};
use reqwest::StatusCode;

fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    html.split(start)
        .nth(1)
        .and_then(|r| r.split(end).next())
        .unwrap_or_default()
}

async fn sync_status(app: &TestApp, key: &str) -> StatusCode {
    app.http
        .get(app.url("/api/sync/v1/status"))
        .bearer_auth(key)
        .send()
        .await
        .expect("status")
        .status()
}

both_backends_app! {
    async fn the_administrator_manages_people_and_roles(app) {
        plant(&app.app).await;
        let admin = session(&app, who::ADMIN).await;
        let (status, html) = page_get(&app, &admin, "/staff/admin/users?q=MANAGER").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("manager@kh.test") && html.contains("manager2@kh.test"), "{html}");
        assert!(!html.contains("head@kh.test"), "the search narrows the list");

        // A new manager: the one-time link is shown, the person exists.
        let (status, _, html) = form_post(&app, &admin, "/staff/admin/users", &[
            ("email", "olha@kh.test"), ("name", "Ольга Петренко"), ("role", "manager"), ("factory", "KH"),
        ]).await;
        assert_eq!(status, StatusCode::OK);
        let link = between(&html, "readonly value=\"", "\"");
        assert!(link.contains("/invite/"), "{html}");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM users WHERE email = 'olha@kh.test' AND role = 'manager'").await, 1);
        // Twice: refused, nothing added.
        let (status, _, html) = form_post(&app, &admin, "/staff/admin/users", &[
            ("email", "olha@kh.test"), ("role", "manager"), ("factory", "KH"),
        ]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("role=\"alert\""));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM users WHERE email = 'olha@kh.test'").await, 1);

        // The manager becomes head of sales of PL; then leaves.
        let id = count(&app, "SELECT id FROM users WHERE email = 'manager@kh.test'").await;
        let m = session(&app, who::MANAGER).await;
        let path = format!("/staff/admin/users/{id}");
        let (status, to, _) = form_post(&app, &admin, &path, &[("role", "head_of_sales"), ("factory", "PL"), ("active", "1")]).await;
        assert_eq!((status, to.as_str()), (StatusCode::SEE_OTHER, format!("{path}?saved=1").as_str()));
        assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM users u JOIN factories f ON f.id = u.factory_id WHERE u.id = {id} AND u.role = 'head_of_sales' AND f.code = 'PL'")).await, 1);
        let (status, _) = page_get(&app, &m, "/staff").await;
        assert_eq!(status, StatusCode::OK, "still signed in while active");
        let (status, _, _) = form_post(&app, &admin, &path, &[("role", "head_of_sales"), ("factory", "PL")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let r = app.http.get(app.url("/staff")).header("cookie", cookie(&m)).send().await.expect("get");
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "a deactivated person's session ends at once");
        assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'user.changed' AND object_id = '{id}' AND actor_id IS NOT NULL")).await, 2);

        // Refusals change nothing.
        let (status, _, html) = form_post(&app, &admin, &path, &[("role", "dealer_admin"), ("active", "1")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Сотруднику завода нельзя дать роль дилера"), "{html}");
        let own = count(&app, "SELECT id FROM users WHERE email = 'admin@plant.test'").await;
        let own_path = format!("/staff/admin/users/{own}");
        let (status, _, _) = form_post(&app, &admin, &own_path, &[("role", "admin")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "no locking oneself out");
        let (status, _, _) = form_post(&app, &admin, &own_path, &[("role", "manager"), ("factory", "KH"), ("active", "1")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "no giving up one's own administration");
        assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM users WHERE id = {own} AND role = 'admin' AND active = 1")).await, 1);
    }

    async fn factories_sources_keys_and_brand(app) {
        plant(&app.app).await;
        let admin = session(&app, who::ADMIN).await;

        // A third factory.
        let (status, to, _) = form_post(&app, &admin, "/staff/admin/factories", &[("code", "LV"), ("name", "Львівський завод"), ("timezone", "Europe/Kyiv")]).await;
        assert_eq!((status, to.as_str()), (StatusCode::SEE_OTHER, "/staff/admin/factories?saved=1"));
        let (_, html) = page_get(&app, &admin, "/staff/admin/factories").await;
        assert!(html.contains("Львівський завод"));
        let (status, _, _) = form_post(&app, &admin, "/staff/admin/factories", &[("code", "LV"), ("name", "Ще один")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM factories").await, 3);

        // Connect KH's production system: the key is shown once and works.
        let (status, _, html) = form_post(&app, &admin, "/staff/admin/sources", &[("factory", "KH"), ("kind", "production"), ("action", "add")]).await;
        assert_eq!(status, StatusCode::OK);
        let first = between(&html, "readonly value=\"", "\"").to_owned();
        assert!(first.starts_with("dds_"), "{html}");
        assert_eq!(sync_status(&app, &first).await, StatusCode::OK);
        let (_, listed) = page_get(&app, &admin, "/staff/admin/sources").await;
        assert!(!listed.contains(&first), "a key is never shown again");
        assert!(listed.contains(&format!("<code>{}…</code>", &first[..12])));
        // Connected twice: refused.
        let (status, _, _) = form_post(&app, &admin, "/staff/admin/sources", &[("factory", "KH"), ("kind", "production"), ("action", "add")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

        // Rotate: both keys work until the old one is revoked.
        let (_, _, html) = form_post(&app, &admin, "/staff/admin/sources", &[("factory", "KH"), ("kind", "production"), ("action", "rotate")]).await;
        let second = between(&html, "readonly value=\"", "\"").to_owned();
        assert!(second.starts_with("dds_") && second != first);
        assert_eq!(sync_status(&app, &first).await, StatusCode::OK);
        assert_eq!(sync_status(&app, &second).await, StatusCode::OK);
        let (status, to, _) = form_post(&app, &admin, "/staff/admin/sources/revoke", &[("factory", "KH"), ("kind", "production"), ("prefix", &first[..12])]).await;
        assert_eq!((status, to.as_str()), (StatusCode::SEE_OTHER, "/staff/admin/sources?saved=1"));
        assert_eq!(sync_status(&app, &first).await, StatusCode::UNAUTHORIZED);
        assert_eq!(sync_status(&app, &second).await, StatusCode::OK);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'sync_source.%' AND actor_id IS NOT NULL").await, 3);

        // The brand's colours: every page's stylesheet follows.
        let (status, to, _) = form_post(&app, &admin, "/staff/admin/brand", &[("primary", "#0B5394"), ("accent", "#e69138")]).await;
        assert_eq!((status, to.as_str()), (StatusCode::SEE_OTHER, "/staff/admin/brand?saved=1"));
        let css = app.http.get(app.url("/brand.css")).send().await.expect("css").text().await.expect("text");
        assert!(css.contains("#0b5394") && css.contains("#e69138"), "{css}");
        let (status, _, html) = form_post(&app, &admin, "/staff/admin/brand", &[("primary", "blue"), ("accent", "#e69138")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("value=\"blue\""), "what was typed stays: {html}");
        let css = app.http.get(app.url("/brand.css")).send().await.expect("css").text().await.expect("text");
        assert!(css.contains("#0b5394"), "unchanged: {css}");

        // The logo and the sign-in picture: images only, and back to the default.
        let picture = |which: &str, name: &str, bytes: &[u8], remove: bool| {
            let mut form = reqwest::multipart::Form::new().text("which", which.to_owned());
            if remove {
                form = form.text("remove", "1");
            } else {
                form = form.part("file", reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_owned()));
            }
            app.http
                .post(app.url(&format!("/staff/admin/brand/picture?_csrf={}", admin.csrf)))
                .header("cookie", cookie(&admin))
                .multipart(form)
                .send()
        };
        let png = dealerdesk_testkit::fixtures::PNG;
        assert_eq!(app.http.get(app.url("/brand/logo")).send().await.expect("logo").status(), StatusCode::NOT_FOUND);
        let r = picture("logo", "logo.svg", b"<svg onload=alert(1)></svg>", false).await.expect("post");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "SVG can carry script: refused");
        let r = picture("logo", "logo.png", png, false).await.expect("post");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let logo = app.http.get(app.url("/brand/logo")).send().await.expect("logo");
        assert_eq!(logo.status(), StatusCode::OK);
        assert_eq!(logo.bytes().await.expect("bytes").as_ref(), png);
        let css = app.http.get(app.url("/brand.css")).send().await.expect("css").text().await.expect("text");
        assert!(css.contains(".brand::before") && css.contains("/brand/logo?v="), "{css}");
        let r = picture("login", "hall.png", png, false).await.expect("post");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let bg = app.http.get(app.url("/brand/login-background")).send().await.expect("bg");
        assert_eq!(bg.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("image/png"));
        let r = picture("logo", "", b"", true).await.expect("post");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(app.http.get(app.url("/brand/logo")).send().await.expect("logo").status(), StatusCode::NOT_FOUND);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'settings.brand_picture' AND actor_id IS NOT NULL").await, 3);

        // A notification text rewritten in one language; a placeholder the
        // event does not carry is refused and nothing changes.
        let key = "notify.title.order_status_changed";
        let (status, _, html) = form_post(&app, &admin, "/staff/admin/templates", &[
            ("key", key), ("en", "{number}: now {to} ({price})"),
        ]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("{price} здесь не подставить") || html.contains("{price} тут не підставити"), "{html}");
        let (status, to, _) = form_post(&app, &admin, "/staff/admin/templates", &[
            ("key", key), ("en", "{number} is now {to}"), ("uk", ""),
        ]).await;
        assert_eq!((status, to.as_str()), (StatusCode::SEE_OTHER, "/staff/admin/templates?saved=1"));
        let payload = serde_json::json!({"number": "KH-1", "from": "accepted", "to": "in_production"});
        let templates = app.app.templates().await.expect("templates");
        let en = dealerdesk_app::notifications::describe("order_status_changed", &payload, dealerdesk_domain::model::Language::En, "KH", &templates).expect("text");
        assert_eq!(en.title, "KH-1 is now In production");
        let uk = dealerdesk_app::notifications::describe("order_status_changed", &payload, dealerdesk_domain::model::Language::Uk, "KH", &templates).expect("text");
        assert!(uk.title.starts_with("Замовлення KH-1"), "other languages keep the default: {}", uk.title);
        let (_, html) = page_get(&app, &admin, "/staff/admin/templates").await;
        assert!(html.contains("{number} is now {to}"));
        // Emptied: the default again.
        let (status, _, _) = form_post(&app, &admin, "/staff/admin/templates", &[("key", key), ("en", "")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM settings WHERE key LIKE 'template.%'").await, 0);
        let (status, _, _) = form_post(&app, &admin, "/staff/admin/templates", &[("key", "menu.admin"), ("en", "x")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "only notification texts");
    }
}
