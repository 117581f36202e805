//! The login page, logging in and out.

use super::chrome::Chrome;
use super::{render, safe_next};
use crate::i18n::Tr;
use crate::principal::{Authenticated, PeerAddr, Visitor};
use crate::{AppState, WebError, cookies};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use dealerdesk_app::AppError;
use dealerdesk_app::auth::{Origin, StartedSession};
use dealerdesk_domain::model::Language;
use serde::Deserialize;
use std::net::SocketAddr;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    email: String,
    next: String,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
    lang: Option<String>,
}

/// The visitor's language for pages before login; a `?lang=` choice is
/// remembered in a cookie.
fn visitor_tr(headers: &HeaderMap, chosen: Option<&str>) -> Tr {
    let chosen = chosen.filter(|l| Language::parse(l).is_some());
    Tr::negotiate(
        chosen.or(cookies::get(headers, cookies::LANG)),
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}

/// The anonymous form token (double-submit cookie), made on first visit.
pub(crate) fn login_csrf(headers: &HeaderMap) -> (String, Option<String>) {
    match cookies::get(headers, cookies::LOGIN_CSRF) {
        Some(v) => (v.to_owned(), None),
        None => {
            let v = dealerdesk_app::secret::generate("");
            (v.clone(), Some(v))
        }
    }
}

pub async fn page(
    State(state): State<AppState>,
    Visitor(p): Visitor,
    headers: HeaderMap,
    Query(q): Query<LoginQuery>,
) -> Result<Response, WebError> {
    if p.user().is_some() {
        return Ok(Redirect::to(safe_next(q.next.as_deref())).into_response());
    }
    let t = visitor_tr(&headers, q.lang.as_deref());
    let (token, new_cookie) = login_csrf(&headers);
    let mut chrome = Chrome::anonymous(t, t.get("login.title"));
    chrome.csrf = token;
    let page = LoginPage {
        chrome,
        email: String::new(),
        next: safe_next(q.next.as_deref()).to_owned(),
        error: None,
    };
    let mut resp = render(&page)?;
    let secure = cookies::is_https(&headers, state.secure_cookies);
    if let Some(v) = new_cookie
        && let Ok(h) = cookies::build(cookies::LOGIN_CSRF, &v, None, true, secure).parse()
    {
        resp.headers_mut().append(header::SET_COOKIE, h);
    }
    if let Some(l) = q.lang.as_deref().filter(|l| Language::parse(l).is_some())
        && let Ok(h) =
            cookies::build(cookies::LANG, l, Some(365 * 24 * 3600), false, secure).parse()
    {
        resp.headers_mut().append(header::SET_COOKIE, h);
    }
    Ok(resp)
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

pub(crate) fn origin(headers: &HeaderMap, peer: Option<SocketAddr>) -> Origin {
    Origin {
        ip: peer.map(|a| a.ip().to_string()),
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    }
}

/// Sets the session cookie and sends the person on.
pub(crate) fn start(
    state: &AppState,
    headers: &HeaderMap,
    s: &StartedSession,
    next: &str,
) -> Response {
    let max_age = i64::try_from(state.app.config.session_max.as_secs()).unwrap_or(i64::MAX);
    let cookie = cookies::build(
        cookies::SESSION,
        &s.token,
        Some(max_age),
        true,
        cookies::is_https(headers, state.secure_cookies),
    );
    let mut resp = Redirect::to(next).into_response();
    *resp.status_mut() = StatusCode::SEE_OTHER;
    if let Ok(h) = cookie.parse() {
        resp.headers_mut().append(header::SET_COOKIE, h);
    }
    resp
}

pub async fn submit(
    State(state): State<AppState>,
    PeerAddr(peer): PeerAddr,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, WebError> {
    let next = safe_next(form.next.as_deref()).to_owned();
    match state
        .app
        .login(&form.email, &form.password, &origin(&headers, peer))
        .await
    {
        Ok(s) => Ok(start(&state, &headers, &s, &next)),
        Err(
            e @ (AppError::BadCredentials | AppError::Throttled { .. } | AppError::Deactivated),
        ) => {
            let t = visitor_tr(&headers, None);
            let (status, message) = match &e {
                AppError::Throttled { retry_after_secs } => (
                    StatusCode::TOO_MANY_REQUESTS,
                    t.with_n("login.throttled", retry_after_secs),
                ),
                AppError::Deactivated => {
                    (StatusCode::FORBIDDEN, t.get("login.deactivated").to_owned())
                }
                _ => (
                    StatusCode::UNAUTHORIZED,
                    t.get("login.bad_credentials").to_owned(),
                ),
            };
            let mut chrome = Chrome::anonymous(t, t.get("login.title"));
            chrome.csrf = login_csrf(&headers).0;
            let page = LoginPage {
                chrome,
                email: form.email.chars().take(254).collect(),
                next,
                error: Some(message),
            };
            let mut resp = render(&page)?;
            *resp.status_mut() = status;
            if let AppError::Throttled { retry_after_secs } = e
                && let Ok(v) = retry_after_secs.to_string().parse()
            {
                resp.headers_mut().insert(header::RETRY_AFTER, v);
            }
            Ok(resp)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    who: Authenticated,
) -> Result<Response, WebError> {
    if let Some(token) = cookies::get(&headers, cookies::SESSION) {
        state.app.logout(token).await?;
    }
    let _ = who;
    let mut resp = Redirect::to("/login").into_response();
    *resp.status_mut() = StatusCode::SEE_OTHER;
    let clear = cookies::build(
        cookies::SESSION,
        "",
        Some(0),
        true,
        cookies::is_https(&headers, state.secure_cookies),
    );
    if let Ok(h) = clear.parse() {
        resp.headers_mut().append(header::SET_COOKIE, h);
    }
    Ok(resp)
}
