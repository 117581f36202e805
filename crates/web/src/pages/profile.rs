//! The person's own profile: language and password.

use super::chrome::Chrome;
use super::render;
use crate::principal::Authenticated;
use crate::{AppState, WebError};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dealerdesk_app::AppError;
use dealerdesk_domain::model::Language;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    chrome: Chrome,
    email: String,
    lang: &'static str,
    notice: Option<&'static str>,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct ProfileQuery {
    done: Option<String>,
}

fn page_for(
    who: &Authenticated,
    notice_key: Option<&str>,
    error: Option<String>,
) -> Result<Response, WebError> {
    let chrome = Chrome::for_user(who, "profile", "");
    let t = chrome.t;
    let mut chrome = chrome;
    chrome.title = t.get("profile.title").to_owned();
    let page = ProfilePage {
        email: who.user.email.to_string(),
        lang: who.user.language.as_str(),
        notice: notice_key.map(|k| t.get(k)),
        error,
        chrome,
    };
    render(&page)
}

pub async fn page(who: Authenticated, Query(q): Query<ProfileQuery>) -> Result<Response, WebError> {
    let notice = match q.done.as_deref() {
        Some("password") => Some("profile.password_changed"),
        Some("language") => Some("profile.language_saved"),
        _ => None,
    };
    page_for(&who, notice, None)
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    who: Authenticated,
    Form(f): Form<PasswordForm>,
) -> Result<Response, WebError> {
    let keep = who.session.as_ref().map(|s| s.token_hash.clone());
    match state
        .app
        .change_password(
            &who.actor,
            &f.current_password,
            &f.new_password,
            keep.as_deref(),
        )
        .await
    {
        Ok(()) => Ok((
            StatusCode::SEE_OTHER,
            Redirect::to("/profile?done=password"),
        )
            .into_response()),
        Err(AppError::Invalid(fields)) => {
            let message = super::field_errors(crate::i18n::Tr(who.user.language), None, &fields);
            let mut resp = page_for(&who, None, Some(message))?;
            *resp.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(resp)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct LanguageForm {
    language: String,
}

pub async fn set_language(
    State(state): State<AppState>,
    who: Authenticated,
    Form(f): Form<LanguageForm>,
) -> Result<Response, WebError> {
    let lang = Language::parse(&f.language)
        .ok_or_else(|| AppError::invalid("language", "must be ru, uk or en"))?;
    state.app.set_language(&who.actor, lang).await?;
    Ok((
        StatusCode::SEE_OTHER,
        Redirect::to("/profile?done=language"),
    )
        .into_response())
}
