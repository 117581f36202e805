//! The page behind an invitation link: set a password, and you are in.

use super::chrome::Chrome;
use super::login::{login_csrf, origin, start};
use super::render;
use crate::i18n::Tr;
use crate::principal::PeerAddr;
use crate::{AppState, WebError, cookies};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use dealerdesk_app::AppError;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "invite.html")]
struct InvitePage {
    chrome: Chrome,
    token: String,
    email: Option<String>,
    error: Option<String>,
}

/// The invited person's language, or the browser's when the link is dead.
fn reader(headers: &HeaderMap, user: Option<&dealerdesk_domain::model::User>) -> Tr {
    match user {
        Some(u) => Tr(u.language),
        None => Tr::negotiate(
            cookies::get(headers, cookies::LANG),
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok()),
        ),
    }
}

fn page_for(
    headers: &HeaderMap,
    token: &str,
    user: Option<&dealerdesk_domain::model::User>,
    error: Option<String>,
) -> (InvitePage, Option<String>) {
    let t = reader(headers, user);
    let (csrf, new_cookie) = login_csrf(headers);
    let mut chrome = Chrome::anonymous(t, t.get("invite.title"));
    chrome.csrf = csrf;
    // Only URL-safe base64 reaches the template's form action.
    let token = token
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    (
        InvitePage {
            chrome,
            token,
            email: user.map(|u| u.email.to_string()),
            error,
        },
        new_cookie,
    )
}

pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let user = match state.app.invitation(&token).await {
        Ok(u) => Some(u),
        Err(AppError::Gone) => None,
        Err(e) => return Err(e.into()),
    };
    let (page, new_cookie) = page_for(&headers, &token, user.as_ref(), None);
    let mut resp = render(&page)?;
    if user.is_none() {
        *resp.status_mut() = StatusCode::GONE;
    }
    if let Some(v) = new_cookie
        && let Ok(h) = cookies::build(
            cookies::LOGIN_CSRF,
            &v,
            None,
            true,
            cookies::is_https(&headers, state.secure_cookies),
        )
        .parse()
    {
        resp.headers_mut().append(header::SET_COOKIE, h);
    }
    Ok(resp)
}

#[derive(Deserialize)]
pub struct InviteForm {
    password: String,
}

pub async fn submit(
    State(state): State<AppState>,
    PeerAddr(peer): PeerAddr,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(form): Form<InviteForm>,
) -> Result<Response, WebError> {
    match state
        .app
        .accept_invitation(&token, &form.password, &origin(&headers, peer))
        .await
    {
        Ok(s) => Ok(start(&state, &headers, &s, "/")),
        Err(AppError::Invalid(fields)) => {
            let user = state.app.invitation(&token).await.ok();
            let message = super::field_errors(reader(&headers, user.as_ref()), None, &fields);
            let (page, _) = page_for(&headers, &token, user.as_ref(), Some(message));
            let mut resp = render(&page)?;
            *resp.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(resp)
        }
        Err(AppError::Gone) => {
            let (page, _) = page_for(&headers, &token, None, None);
            let mut resp = render(&page)?;
            *resp.status_mut() = StatusCode::GONE;
            Ok(resp)
        }
        Err(e) => Err(e.into()),
    }
}
