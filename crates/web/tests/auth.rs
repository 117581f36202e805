//! Accounts over HTTP: login, cookies, CSRF, throttling, logout, password
//! change, invitations, API tokens. Every test runs on both databases.

mod common;

use common::*;
use dealerdesk_testkit::both_backends_app;
use dealerdesk_testkit::fixtures::{PASSWORD, plant, who};
use reqwest::StatusCode;

both_backends_app! {
    async fn login_sets_a_safe_session_cookie(app) {
        plant(&app.app).await;
        let resp = form_login(&app, who::DEALER_ADMIN, PASSWORD).await;
        assert_eq!(resp.status(), StatusCode::SEE_OTHER);
        let cookie = set_cookie(&resp, "dd_session").expect("session cookie");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
        assert!(!cookie.contains("Secure"), "plain http: not Secure");
        let pair = cookie.split(';').next().expect("pair").to_owned();
        let home = app.http.get(app.url("/")).header("cookie", &pair).send().await.expect("home");
        assert_eq!(home.status(), StatusCode::OK);
        let html = home.text().await.expect("html");
        assert!(html.contains("Дилер KH-D1"), "the dealer's own name is on its dashboard");
        assert!(!html.contains("KH-D2") && !html.contains("PL-D1"), "no other dealer's data");
    }

    async fn secure_cookie_behind_https_proxy(app) {
        plant(&app.app).await;
        let page = app.http.get(app.url("/login")).header("x-forwarded-proto", "https").send().await.expect("page");
        assert!(set_cookie(&page, "dd_csrf").expect("csrf cookie").contains("Secure"));
    }

    async fn wrong_password_and_unknown_user_look_the_same(app) {
        plant(&app.app).await;
        let a = form_login(&app, who::DEALER_ADMIN, "wrong-password").await;
        let b = form_login(&app, "nobody@nowhere.test", "wrong-password").await;
        assert_eq!(a.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(b.status(), StatusCode::UNAUTHORIZED);
        assert!(set_cookie(&a, "dd_session").is_none());
        let (ta, tb) = (a.text().await.expect("a"), b.text().await.expect("b"));
        assert!(ta.contains("Неверный e-mail или пароль"), "clear message in the default language");
        let strip = |html: &str, email: &str| html.replace(email, "").replace(&csrf_field(html).unwrap_or_default(), "");
        assert_eq!(strip(&ta, who::DEALER_ADMIN), strip(&tb, "nobody@nowhere.test"), "nothing tells a known account from an unknown one");
    }

    async fn throttling_after_five_failures(app) {
        plant(&app.app).await;
        for i in 1..=5 {
            let r = form_login(&app, who::DEALER_USER, "wrong-password").await;
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
        }
        // The sixth attempt waits, even with the right password.
        let r = form_login(&app, who::DEALER_USER, PASSWORD).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        let retry: u64 = r.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok()).expect("Retry-After");
        assert!((1..=2).contains(&retry), "first delay is the base delay: {retry}");
        assert!(r.text().await.expect("html").contains("Слишком много неудачных попыток"));
        tokio::time::sleep(std::time::Duration::from_millis(retry * 1000 + 100)).await;
        // Another failure doubles the delay.
        assert_eq!(form_login(&app, who::DEALER_USER, "wrong-password").await.status(), StatusCode::UNAUTHORIZED);
        let r = form_login(&app, who::DEALER_USER, PASSWORD).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        let retry2: u64 = r.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok()).expect("Retry-After");
        assert!(retry2 >= 2, "the delay grows: {retry2}");
        tokio::time::sleep(std::time::Duration::from_millis(retry2 * 1000 + 100)).await;
        assert_eq!(form_login(&app, who::DEALER_USER, PASSWORD).await.status(), StatusCode::SEE_OTHER);
    }

    async fn throttling_per_address(app) {
        plant(&app.app).await;
        // Five different accounts guessed from one address...
        for i in 1..=5 {
            let r = form_login(&app, &format!("guess{i}@nowhere.test"), "wrong-password").await;
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
        }
        // ...and that address waits, whichever account it tries next.
        let r = form_login(&app, who::MANAGER, PASSWORD).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(r.headers().contains_key("retry-after"));
        // The account itself is not blocked from elsewhere.
        assert!(app.app.login(who::MANAGER, PASSWORD, &dealerdesk_app::auth::Origin { ip: Some("10.9.9.9".into()), user_agent: None }).await.is_ok());
    }

    async fn csrf_is_required_for_changes(app) {
        plant(&app.app).await;
        let s = session(&app, who::DEALER_USER).await;
        let post = |body: Vec<(&'static str, String)>, extra: Option<(&'static str, &'static str)>| {
            let mut r = app.http.post(app.url("/profile/language")).header("cookie", cookie(&s)).form(&body);
            if let Some((k, v)) = extra {
                r = r.header(k, v);
            }
            r.send()
        };
        let r = post(vec![("language", "en".into())], None).await.expect("no token");
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        assert!(r.text().await.expect("html").contains("Форма устарела"));
        let r = post(vec![("language", "en".into()), ("_csrf", "forged".into())], None).await.expect("bad token");
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let r = post(vec![("language", "en".into()), ("_csrf", s.csrf.clone())], Some(("origin", "https://evil.example"))).await.expect("cross origin");
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let r = post(vec![("language", "en".into()), ("_csrf", s.csrf.clone())], Some(("sec-fetch-site", "cross-site"))).await.expect("cross site");
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let me = app.http.get(app.url("/api/v1/me")).header("cookie", cookie(&s)).send().await.expect("me");
        assert_eq!(me.json::<serde_json::Value>().await.expect("json")["user"]["language"], "ru", "nothing changed");
        let r = post(vec![("language", "en".into()), ("_csrf", s.csrf.clone())], None).await.expect("good token");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let r = app.http.post(app.url("/profile/language")).header("cookie", cookie(&s)).header("x-csrf-token", &s.csrf).form(&[("language", "uk")]).send().await.expect("header token");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let me = app.http.get(app.url("/api/v1/me")).header("cookie", cookie(&s)).send().await.expect("me");
        assert_eq!(me.json::<serde_json::Value>().await.expect("json")["user"]["language"], "uk");
        // The login form itself needs its token too.
        let r = app.http.post(app.url("/login")).form(&[("email", who::DEALER_USER), ("password", PASSWORD)]).send().await.expect("login without token");
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }

    async fn logout_ends_the_session(app) {
        plant(&app.app).await;
        let s = session(&app, who::MANAGER).await;
        let r = app.http.post(app.url("/logout")).header("cookie", cookie(&s)).form(&[("_csrf", s.csrf.as_str())]).send().await.expect("logout");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert!(set_cookie(&r, "dd_session").expect("cleared").contains("Max-Age=0"));
        let r = app.http.get(app.url("/staff")).header("cookie", cookie(&s)).send().await.expect("after");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()["location"], "/login?next=%2Fstaff");
    }

    async fn password_change_ends_other_sessions(app) {
        plant(&app.app).await;
        let here = session(&app, who::FINANCE).await;
        let elsewhere = session(&app, who::FINANCE).await;
        let change = |current: &'static str, new: &'static str| {
            app.http.post(app.url("/profile/password")).header("cookie", cookie(&here))
                .form(&[("_csrf", here.csrf.as_str()), ("current_password", current), ("new_password", new)]).send()
        };
        let r = change("wrong-password", "a-new-password").await.expect("wrong current");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let r = change(PASSWORD, "short").await.expect("too short");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let r = change(PASSWORD, "a-new-password").await.expect("change");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let ok = app.http.get(app.url("/staff")).header("cookie", cookie(&here)).send().await.expect("here");
        assert_eq!(ok.status(), StatusCode::OK, "the session in use stays");
        let gone = app.http.get(app.url("/staff")).header("cookie", cookie(&elsewhere)).send().await.expect("elsewhere");
        assert_eq!(gone.status(), StatusCode::SEE_OTHER, "other sessions end");
        assert_eq!(form_login(&app, who::FINANCE, PASSWORD).await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(form_login(&app, who::FINANCE, "a-new-password").await.status(), StatusCode::SEE_OTHER);
    }

    async fn invitation_links_work_once(app) {
        plant(&app.app).await;
        let created = app.app.create_user(&dealerdesk_app::users::NewUserInput {
            email: "new@d1.test".into(), role: "dealer_user".into(), dealer_code: Some("KH-D1".into()), ..Default::default()
        }, None).await.expect("create");
        let dealerdesk_app::users::Created::Invited { link, .. } = created else { panic!("no password: an invitation") };
        let path = link.strip_prefix(&app.base).expect("link points at the server").to_owned();
        let page = app.http.get(app.url(&path)).send().await.expect("page");
        assert_eq!(page.status(), StatusCode::OK);
        let csrf_cookie = set_cookie(&page, "dd_csrf").expect("csrf cookie");
        let pair = csrf_cookie.split(';').next().expect("pair").to_owned();
        let html = page.text().await.expect("html");
        assert!(html.contains("new@d1.test"));
        let token = csrf_field(&html).expect("token");
        let submit = |pw: &'static str| app.http.post(app.url(&path)).header("cookie", &pair).form(&[("_csrf", token.as_str()), ("password", pw)]).send();
        assert_eq!(submit("short").await.expect("short").status(), StatusCode::UNPROCESSABLE_ENTITY);
        let r = submit("invited-password").await.expect("accept");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert!(set_cookie(&r, "dd_session").is_some(), "logged in at once");
        assert_eq!(submit("another-password").await.expect("again").status(), StatusCode::GONE, "single use");
        assert_eq!(app.http.get(app.url(&path)).send().await.expect("page").status(), StatusCode::GONE);
        assert_eq!(form_login(&app, "new@d1.test", "invited-password").await.status(), StatusCode::SEE_OTHER);
        // A new link replaces the old; an expired one is refused.
        let link2 = app.app.reinvite("new@d1.test", None).await.expect("reinvite");
        assert_eq!(app.http.get(&link2).send().await.expect("p").status(), StatusCode::OK);
        assert_eq!(app.http.get(app.url("/invite/not-a-real-token")).send().await.expect("p").status(), StatusCode::GONE);
    }

    async fn personal_tokens_open_the_api_only(app) {
        plant(&app.app).await;
        let token = app.app.create_personal_token(who::DEALER_ADMIN, "test").await.expect("token");
        let me = app.http.get(app.url("/api/v1/me")).bearer_auth(&token).send().await.expect("me");
        assert_eq!(me.status(), StatusCode::OK);
        let body: serde_json::Value = me.json().await.expect("json");
        assert_eq!(body["role"], "dealer_admin");
        assert_eq!(body["dealer"]["code"], "KH-D1");
        assert_eq!(body["dealer"]["balance_minor"], 250_000);
        assert_eq!(body["dealer"]["currency"], "UAH");
        let bad = app.http.get(app.url("/api/v1/me")).bearer_auth("dd_pat_wrong").send().await.expect("bad");
        assert_eq!(bad.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(bad.json::<serde_json::Value>().await.expect("json")["error"]["code"], "unauthenticated");
        let page = app.http.get(app.url("/profile")).bearer_auth(&token).send().await.expect("page");
        assert_eq!(page.status(), StatusCode::SEE_OTHER, "tokens do not open the HTML pages");
        let user_token = app.app.create_personal_token(who::DEALER_USER, "test").await.expect("token");
        let me: serde_json::Value = app.http.get(app.url("/api/v1/me")).bearer_auth(&user_token).send().await.expect("me").json().await.expect("json");
        assert!(me["dealer"]["balance_minor"].is_null(), "finance hidden without the dealer admin's grant");
    }

    async fn deactivated_users_cannot_log_in(app) {
        plant(&app.app).await;
        let s = session(&app, who::CONTENT).await;
        let mut c = app.app.store.read().await.expect("conn");
        let u = dealerdesk_store::Repos::users(&mut *c).by_email(&dealerdesk_domain::Email::parse(who::CONTENT).expect("e")).await.expect("u").expect("found");
        dealerdesk_store::Repos::users(&mut *c).set_active(u.id, false).await.expect("deactivate");
        drop(c);
        assert_eq!(form_login(&app, who::CONTENT, PASSWORD).await.status(), StatusCode::FORBIDDEN);
        let r = app.http.get(app.url("/staff")).header("cookie", cookie(&s)).send().await.expect("old session");
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "an existing session stops working too");
    }

    async fn a_burst_slides_a_stale_session_and_a_token_once_a_minute(app) {
        plant(&app.app).await;
        let s = session(&app, who::DEALER_ADMIN).await;
        let token = app.app.create_personal_token(who::DEALER_ADMIN, "test").await.expect("token");
        // The session was last seen two minutes ago and is about to expire;
        // the token was never used.
        let age = |sql: String| {
            let app = &app;
            async move {
                let mut c = app.app.store.read().await.expect("conn");
                sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut *c).await.expect("age");
            }
        };
        let read = || async {
            let mut c = app.app.store.read().await.expect("conn");
            let seen: (i64, i64) = sqlx::query_as("SELECT last_seen_at, expires_at FROM sessions ORDER BY created_at DESC LIMIT 1")
                .fetch_one(&mut *c).await.expect("session");
            let used: Option<i64> = sqlx::query_scalar("SELECT last_used_at FROM api_tokens").fetch_one(&mut *c).await.expect("token");
            (seen, used)
        };
        let burst = || async {
            let pages = (0..16).map(|_| app.http.get(app.url("/orders")).header("cookie", cookie(&s)).send());
            let calls = (0..16).map(|_| app.http.get(app.url("/api/v1/me")).bearer_auth(&token).send());
            let (pages, calls) = futures::future::join(futures::future::join_all(pages), futures::future::join_all(calls)).await;
            for r in pages.into_iter().chain(calls) {
                assert_eq!(r.expect("answer").status(), StatusCode::OK);
            }
        };
        let start = dealerdesk_domain::Timestamp::now().0;
        age(format!("UPDATE sessions SET last_seen_at = {}, expires_at = {}", start - 120_000, start + 30_000)).await;
        burst().await;
        let ((seen, expires), used) = read().await;
        let now = dealerdesk_domain::Timestamp::now().0;
        assert!(seen >= start, "the burst slid the session: seen {seen}, start {start}");
        assert!(expires > now + 3_600_000, "and its idle expiry: {expires}");
        assert!(used.is_some_and(|u| now - u < 60_000), "the token's use was recorded: {used:?}");

        // Aged again within the minute: the session still opens pages, but
        // no request of this burst writes again.
        age(format!("UPDATE sessions SET last_seen_at = {}", seen - 120_000)).await;
        age("UPDATE api_tokens SET last_used_at = 7".to_owned()).await;
        burst().await;
        let ((seen2, expires2), used2) = read().await;
        assert_eq!((seen2, expires2, used2), (seen - 120_000, expires, Some(7)), "not written twice in a minute");
    }
}
