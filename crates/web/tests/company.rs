//! A dealer admin's company users, end to end on both databases: invite by
//! e-mail (the link arrives in the e-mail), the colleague sets a password
//! and works without finance until the admin allows it; deactivation ends
//! their session at once; bad input is refused in the reader's language.

mod common;

use base64::Engine;
use common::*;
use dealerdesk_app::auth::Origin;
use dealerdesk_testkit::fixtures::{plant, who};
use dealerdesk_testkit::{TestApp, both_backends_app};
use reqwest::StatusCode;

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

async fn post(
    app: &TestApp,
    s: &Session,
    path: &str,
    form: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let mut fields = vec![("_csrf", s.csrf.as_str())];
    fields.extend_from_slice(form);
    let r = app
        .http
        .post(app.url(path))
        .header("cookie", cookie(s))
        .header("origin", app.base.clone())
        .form(&fields)
        .send()
        .await
        .expect("post");
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (r.status(), location, r.text().await.expect("body"))
}

/// The text of the only e-mail written so far, decoded.
fn the_email(app: &TestApp) -> String {
    let files: Vec<_> = std::fs::read_dir(&app.mail_dir)
        .expect("mail folder")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let raw = std::fs::read_to_string(&files[0]).expect("eml");
    let (head, body) = raw.split_once("\r\n\r\n").expect("headers and body");
    let head_l = head.to_ascii_lowercase();
    let text = if head_l.contains("content-transfer-encoding: base64") {
        let b64: String = body.split_whitespace().collect();
        String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(b64)
                .expect("base64"),
        )
        .expect("utf-8")
    } else if head_l.contains("quoted-printable") {
        let joined = body.replace("=\r\n", "");
        let bytes = joined.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'=' && i + 2 < bytes.len() {
                out.push(u8::from_str_radix(&joined[i + 1..i + 3], 16).expect("hex"));
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).expect("utf-8")
    } else {
        body.to_owned()
    };
    format!("{head}\n\n{text}")
}

both_backends_app! {
    async fn invite_allow_finance_deactivate(app) {
        plant(&app.app).await;
        let admin = session(&app, who::DEALER_ADMIN).await;
        let (st, loc, _) = post(&app, &admin, "/company/invite", &[("email", " Olena.K@D1.test "), ("name", "Олена Коваль")]).await;
        assert_eq!(st, StatusCode::SEE_OTHER);
        assert_eq!(loc, "/company?done=invited&email=olena.k%40d1.test");
        let (_, html) = get(&app, &admin, &loc).await;
        assert!(html.contains("Приглашение отправлено на olena.k@d1.test"), "{html}");
        assert!(html.contains("Олена Коваль") && html.contains("Приглашён, пароль ещё не задан"));

        let mail = the_email(&app);
        assert!(mail.contains("To: olena.k@d1.test"), "{mail}");
        assert!(mail.contains("admin приглашает вас"), "{mail}");
        let link = mail.split(&format!("{}/invite/", app.base)).nth(1).expect("a link in the e-mail");
        let token: String = link.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
        let started = app.app.accept_invitation(&token, "olena-strong-pass", &Origin::default()).await.expect("accept");
        let olena = Session { token: started.token, csrf: started.csrf_token };

        // A dealer user: orders yes, finance not until allowed.
        assert_eq!(get(&app, &olena, "/orders").await.0, StatusCode::OK);
        assert_eq!(get(&app, &olena, "/finance").await.0, StatusCode::FORBIDDEN);
        assert!(!get(&app, &olena, "/").await.1.contains("href=\"/finance\""), "no finance in the menu");
        let users = app.app.company_users(&app.app.session(&admin.token).await.expect("s").expect("live").actor).await.expect("users");
        let id = users.iter().find(|u| u.email.as_str() == "olena.k@d1.test").expect("listed").id.0;
        let (st, loc, _) = post(&app, &admin, &format!("/company/users/{id}/finance"), &[("value", "1")]).await;
        assert_eq!((st, loc.as_str()), (StatusCode::SEE_OTHER, "/company?done=saved"));
        assert_eq!(get(&app, &olena, "/finance").await.0, StatusCode::OK, "allowed at once");
        assert!(get(&app, &olena, "/").await.1.contains("href=\"/finance\""));
        let (_, html) = get(&app, &admin, "/company").await;
        assert!(html.contains("Скрыть финансы"), "the button now withdraws the grant");

        // Deactivated: the open session ends, the login is refused.
        let (st, _, _) = post(&app, &admin, &format!("/company/users/{id}/active"), &[("value", "0")]).await;
        assert_eq!(st, StatusCode::SEE_OTHER);
        let (st, _) = get(&app, &olena, "/orders").await;
        assert_eq!(st, StatusCode::SEE_OTHER, "back to the login page");
        assert!(app.app.login("olena.k@d1.test", "olena-strong-pass", &Origin::default()).await.is_err());
        let (_, html) = get(&app, &admin, "/company").await;
        assert!(html.contains("Отключён") && html.contains("Включить снова"));

        // Every change is in the audit log, by the admin.
        let mut c = app.app.store.read().await.expect("conn");
        let actions: Vec<String> = sqlx::query_scalar("SELECT action FROM audit_log WHERE object_id = $1 ORDER BY id")
            .bind(id.to_string())
            .fetch_all(&mut *c)
            .await
            .expect("audit");
        assert_eq!(actions, ["user.created", "user.invitation_accepted", "user.finance_changed", "user.active_changed"]);
    }

    async fn refusals_are_clear_and_change_nothing(app) {
        plant(&app.app).await;
        let admin = session(&app, who::DEALER_ADMIN).await;
        let before = app.app.company_users(&app.app.session(&admin.token).await.expect("s").expect("live").actor).await.expect("users").len();
        // An existing account, a broken address: 422, in Russian, typed values kept.
        let (st, _, html) = post(&app, &admin, "/company/invite", &[("email", who::DEALER_USER), ("name", "Двійник")]).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("E-mail сотрудника: У user@d1.test уже есть учётная запись"), "{html}");
        assert!(html.contains("value=\"Двійник\""));
        let (st, _, html) = post(&app, &admin, "/company/invite", &[("email", "olena@"), ("name", "")]).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Неверный домен после @") || html.contains("В адресе"), "{html}");
        // Oneself: cannot be deactivated; an admin's finance is not a grant.
        let me = app.app.session(&admin.token).await.expect("s").expect("live").actor.user_id.0;
        let (st, _, html) = post(&app, &admin, &format!("/company/users/{me}/active"), &[("value", "0")]).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Нельзя отключить собственную учётную запись"), "{html}");
        let (st, _, _) = post(&app, &admin, &format!("/company/users/{me}/finance"), &[("value", "0")]).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        let (st, _, _) = post(&app, &admin, "/company/users/3/active", &[("value", "maybe")]).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        // Nothing was created, no e-mail went out.
        let after = app.app.company_users(&app.app.session(&admin.token).await.expect("s").expect("live").actor).await.expect("users").len();
        assert_eq!(before, after);
        assert!(std::fs::read_dir(&app.mail_dir).map(|d| d.count()).unwrap_or(0) == 0);
        // The same refusal in English for an English reader.
        let mut c = app.app.store.read().await.expect("conn");
        sqlx::query("UPDATE users SET language = 'en' WHERE email = $1").bind(who::DEALER_ADMIN).execute(&mut *c).await.expect("lang");
        drop(c);
        let (_, _, html) = post(&app, &admin, "/company/invite", &[("email", who::DEALER_USER)]).await;
        assert!(html.contains("Colleague&#39;s e-mail: user@d1.test already has an account") || html.contains("Colleague&#x27;s e-mail: user@d1.test already has an account") || html.contains("Colleague's e-mail: user@d1.test already has an account"), "{html}");
    }
}
