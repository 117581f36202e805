//! The person's own profile: language, password and notification settings.

use super::chrome::Chrome;
use super::render;
use crate::i18n::Tr;
use crate::principal::Authenticated;
use crate::{AppState, WebError};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dealerdesk_app::AppError;
use dealerdesk_app::notification_prefs::PrefsView;
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
    notifications: Vec<PrefRow>,
    notifications_error: Option<String>,
}

/// One event type with its channels: `(field value, label, on)`.
struct PrefRow {
    label: &'static str,
    channels: Vec<(String, &'static str, bool)>,
}

fn pref_rows(t: Tr, v: &PrefsView) -> Vec<PrefRow> {
    v.rows
        .iter()
        .map(|(kind, channels)| PrefRow {
            label: t.get(&format!("notify.kind.{}", kind.as_str())),
            channels: channels
                .iter()
                .map(|(c, on)| {
                    (
                        format!("{}.{}", kind.as_str(), c.as_str()),
                        t.get(&format!("notify.channel.{}", c.as_str())),
                        *on,
                    )
                })
                .collect(),
        })
        .collect()
}

#[derive(Deserialize)]
pub struct ProfileQuery {
    done: Option<String>,
}

/// What went wrong on the page, and in which form.
enum Problem {
    Password(String),
    Notifications(String),
}

async fn page_for(
    state: &AppState,
    who: &Authenticated,
    notice_key: Option<&str>,
    problem: Option<Problem>,
) -> Result<Response, WebError> {
    let chrome = Chrome::for_user(who, "profile", "");
    let t = chrome.t;
    let mut chrome = chrome;
    chrome.title = t.get("profile.title").to_owned();
    let prefs = state.app.notification_prefs(&who.actor).await?;
    let (error, notifications_error) = match problem {
        Some(Problem::Password(e)) => (Some(e), None),
        Some(Problem::Notifications(e)) => (None, Some(e)),
        None => (None, None),
    };
    let page = ProfilePage {
        email: who.user.email.to_string(),
        lang: who.user.language.as_str(),
        notice: notice_key.map(|k| t.get(k)),
        error,
        notifications: pref_rows(t, &prefs),
        notifications_error,
        chrome,
    };
    render(&page)
}

pub async fn page(
    State(state): State<AppState>,
    who: Authenticated,
    Query(q): Query<ProfileQuery>,
) -> Result<Response, WebError> {
    let notice = match q.done.as_deref() {
        Some("password") => Some("profile.password_changed"),
        Some("language") => Some("profile.language_saved"),
        Some("notifications") => Some("profile.notifications_saved"),
        _ => None,
    };
    page_for(&state, &who, notice, None).await
}

/// `POST /profile/notifications`: each ticked box arrives as
/// `on=<event>.<channel>`; what is not ticked is turned off.
pub async fn set_notifications(
    State(state): State<AppState>,
    who: Authenticated,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let on: Vec<(String, String)> = fields
        .into_iter()
        .filter(|(k, _)| k == "on")
        .map(|(_, v)| match v.split_once('.') {
            Some((kind, channel)) => (kind.to_owned(), channel.to_owned()),
            None => (v, String::new()),
        })
        .collect();
    match state.app.set_notification_prefs(&who.actor, &on).await {
        Ok(_) => Ok((
            StatusCode::SEE_OTHER,
            Redirect::to("/profile?done=notifications"),
        )
            .into_response()),
        Err(AppError::Invalid(fields)) => {
            let message = super::field_errors(Tr(who.user.language), None, &fields);
            let mut resp =
                page_for(&state, &who, None, Some(Problem::Notifications(message))).await?;
            *resp.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(resp)
        }
        Err(e) => Err(e.into()),
    }
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
            let message = super::field_errors(Tr(who.user.language), None, &fields);
            let mut resp = page_for(&state, &who, None, Some(Problem::Password(message))).await?;
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
