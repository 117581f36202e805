//! Helpers shared by the web tests.
#![allow(dead_code)]

use dealerdesk_app::auth::Origin;
use dealerdesk_testkit::TestApp;
use dealerdesk_testkit::fixtures::PASSWORD;

/// A logged-in browser: its session cookie and CSRF token.
#[derive(Clone, Debug)]
pub struct Session {
    pub token: String,
    pub csrf: String,
}

pub async fn session(app: &TestApp, email: &str) -> Session {
    let s = app
        .app
        .login(email, PASSWORD, &Origin::default())
        .await
        .unwrap_or_else(|e| panic!("login {email}: {e:?}"));
    Session {
        token: s.token,
        csrf: s.csrf_token,
    }
}

pub fn cookie(s: &Session) -> String {
    format!("dd_session={}", s.token)
}

/// Reads the `_csrf` hidden field out of a page.
pub fn csrf_field(html: &str) -> Option<String> {
    let rest = html.split("name=\"_csrf\" value=\"").nth(1)?;
    Some(rest.split('"').next()?.to_owned())
}

/// The value of a `Set-Cookie` header for `name`, whole.
pub fn set_cookie(resp: &reqwest::Response, name: &str) -> Option<String> {
    resp.headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

/// Logs in through the real form, as a browser does: GET /login for the
/// form token, POST the form. Returns the response to the POST and the
/// cookies it had to send.
pub async fn form_login(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    let page = app
        .http
        .get(app.url("/login"))
        .send()
        .await
        .expect("GET /login");
    let csrf_cookie = set_cookie(&page, "dd_csrf").expect("login page sets dd_csrf");
    let cookie_pair = csrf_cookie.split(';').next().expect("pair").to_owned();
    let html = page.text().await.expect("html");
    let token = csrf_field(&html).expect("form has _csrf");
    app.http
        .post(app.url("/login"))
        .header("cookie", cookie_pair)
        .form(&[
            ("_csrf", token.as_str()),
            ("email", email),
            ("password", password),
            ("next", "/"),
        ])
        .send()
        .await
        .expect("POST /login")
}

/// One number from the database (a count), to see what a request stored.
pub async fn count(app: &TestApp, sql: &str) -> i64 {
    let mut c = app.app.store.read().await.expect("conn");
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&mut *c)
        .await
        .expect("count")
}

/// The policy's view of a fixture person, for calling use cases directly.
pub async fn actor_of(app: &TestApp, email: &str) -> dealerdesk_domain::Actor {
    use dealerdesk_store::Repos;
    let mut c = app.app.store.read().await.expect("conn");
    let user = c
        .users()
        .by_email(&dealerdesk_domain::Email::parse(email).expect("email"))
        .await
        .expect("user")
        .unwrap_or_else(|| panic!("no user {email}"));
    user.actor().expect("an actor")
}

/// A page as a logged-in person sees it: its status and HTML.
pub async fn page_get(app: &TestApp, s: &Session, path: &str) -> (reqwest::StatusCode, String) {
    let r = app
        .http
        .get(app.url(path))
        .header("cookie", cookie(s))
        .send()
        .await
        .expect("get");
    (r.status(), r.text().await.expect("html"))
}

/// A form posted by a logged-in person with their CSRF token: the status,
/// where it redirects (empty if nowhere) and the body.
pub async fn form_post(
    app: &TestApp,
    s: &Session,
    path: &str,
    form: &[(&str, &str)],
) -> (reqwest::StatusCode, String, String) {
    let mut form = form.to_vec();
    form.push(("_csrf", s.csrf.as_str()));
    let r = app
        .http
        .post(app.url(path))
        .header("cookie", cookie(s))
        .form(&form)
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
