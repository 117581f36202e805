//! `/company`: a dealer admin's colleagues — invite by e-mail, deactivate
//! or reactivate, allow or deny finance. Every change is a POST with the
//! CSRF token that redirects back (so a reload repeats nothing).

use super::chrome::Chrome;
use super::render;
use crate::i18n::Tr;
use crate::principal::Authenticated;
use crate::{AppState, WebError};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dealerdesk_app::AppError;
use dealerdesk_app::company::CompanyChange;
use dealerdesk_domain::model::User;
use dealerdesk_domain::{Role, UserId};
use serde::Deserialize;

pub struct Row {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: &'static str,
    pub status_key: &'static str,
    pub active: bool,
    pub is_self: bool,
    /// `None` for an admin (always sees finance).
    pub finance: Option<bool>,
}

#[derive(Template)]
#[template(path = "company.html")]
struct CompanyPage {
    chrome: Chrome,
    rows: Vec<Row>,
    notice: Option<String>,
    /// The invitation link, shown only when the e-mail could not be sent.
    fallback_link: Option<String>,
    error: Option<String>,
    email: String,
    name: String,
}

fn rows(t: Tr, me: UserId, users: &[User]) -> Vec<Row> {
    users
        .iter()
        .map(|u| Row {
            id: u.id.0,
            name: u.display_name.clone(),
            email: u.email.to_string(),
            role: t.get(&format!("role.{}", u.role.as_str())),
            status_key: if !u.active {
                "company.status.deactivated"
            } else if !u.has_password {
                "company.status.invited"
            } else {
                "company.status.active"
            },
            active: u.active,
            is_self: u.id == me,
            finance: (u.role == Role::DealerUser).then_some(u.finance_allowed),
        })
        .collect()
}

struct Shown {
    status: StatusCode,
    notice: Option<String>,
    fallback_link: Option<String>,
    error: Option<String>,
    email: String,
    name: String,
}

async fn show(state: &AppState, who: &Authenticated, s: Shown) -> Result<Response, WebError> {
    let users = state.app.company_users(&who.actor).await?;
    let mut chrome = Chrome::for_user(who, "company", "");
    let t = chrome.t;
    chrome.title = t.get("company.title").to_owned();
    let page = CompanyPage {
        rows: rows(t, who.user.id, &users),
        notice: s.notice,
        fallback_link: s.fallback_link,
        error: s.error,
        email: s.email,
        name: s.name,
        chrome,
    };
    let mut r = render(&page)?;
    *r.status_mut() = s.status;
    Ok(r)
}

#[derive(Deserialize, Default)]
pub struct Done {
    done: Option<String>,
    email: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    who: Authenticated,
    Query(q): Query<Done>,
) -> Result<Response, WebError> {
    let t = Tr(who.user.language);
    let notice = match q.done.as_deref() {
        Some("invited") => Some(
            t.get("company.invited")
                .replace("{email}", q.email.as_deref().unwrap_or_default()),
        ),
        Some("saved") => Some(t.get("company.saved").to_owned()),
        _ => None,
    };
    show(
        &state,
        &who,
        Shown {
            status: StatusCode::OK,
            notice,
            fallback_link: None,
            error: None,
            email: String::new(),
            name: String::new(),
        },
    )
    .await
}

#[derive(Deserialize)]
pub struct InviteForm {
    email: String,
    #[serde(default)]
    name: String,
}

pub async fn invite(
    State(state): State<AppState>,
    who: Authenticated,
    Form(f): Form<InviteForm>,
) -> Result<Response, WebError> {
    let t = Tr(who.user.language);
    let invited = match state
        .app
        .invite_company_user(&who.actor, &f.email, &f.name)
        .await
    {
        Ok(i) => i,
        Err(AppError::Invalid(fields)) => {
            return show(
                &state,
                &who,
                Shown {
                    status: StatusCode::UNPROCESSABLE_ENTITY,
                    notice: None,
                    fallback_link: None,
                    error: Some(super::field_errors(t, Some("company"), &fields)),
                    email: f.email,
                    name: f.name,
                },
            )
            .await;
        }
        Err(e) => return Err(e.into()),
    };
    let days = state.app.config.invitation_ttl.as_secs() / 86_400;
    let mail = dealerdesk_notify::Mail {
        to: vec![invited.user.email.to_string()],
        subject: t.get("mail.invite.subject").to_owned(),
        text: t
            .get("mail.invite.body")
            .replace("{name}", &who.user.display_name)
            .replace("{link}", &invited.link)
            .replace("{days}", &days.max(1).to_string()),
        message_id: None,
    };
    let email = invited.user.email.to_string();
    match state.mailer.send(&mail).await {
        Ok(()) => {
            let q: String = form_urlencoded::Serializer::new(String::new())
                .append_pair("done", "invited")
                .append_pair("email", &email)
                .finish();
            Ok(Redirect::to(&format!("/company?{q}")).into_response())
        }
        Err(e) => {
            tracing::warn!(error = %e, "the invitation e-mail was not sent; the link is shown to the dealer admin");
            show(
                &state,
                &who,
                Shown {
                    status: StatusCode::OK,
                    notice: Some(t.get("company.mail_failed").replace("{email}", &email)),
                    fallback_link: Some(invited.link),
                    error: None,
                    email: String::new(),
                    name: String::new(),
                },
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct Flag {
    value: String,
}

fn flag(raw: &str) -> Result<bool, WebError> {
    match raw {
        "1" | "true" => Ok(true),
        "0" | "false" => Ok(false),
        _ => Err(AppError::invalid("value", "must be 1 or 0").into()),
    }
}

async fn change(
    state: &AppState,
    who: &Authenticated,
    id: &str,
    change: CompanyChange,
) -> Result<Response, WebError> {
    let id = id.parse::<i64>().map_err(|_| AppError::NotFound)?;
    match state
        .app
        .change_company_user(&who.actor, UserId(id), change)
        .await
    {
        Ok(_) => Ok(Redirect::to("/company?done=saved").into_response()),
        Err(AppError::Invalid(fields)) => {
            let t = Tr(who.user.language);
            show(
                state,
                who,
                Shown {
                    status: StatusCode::UNPROCESSABLE_ENTITY,
                    notice: None,
                    fallback_link: None,
                    error: Some(super::field_errors(t, Some("company"), &fields)),
                    email: String::new(),
                    name: String::new(),
                },
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn set_active(
    State(state): State<AppState>,
    who: Authenticated,
    Path(id): Path<String>,
    Form(f): Form<Flag>,
) -> Result<Response, WebError> {
    let v = flag(&f.value)?;
    change(&state, &who, &id, CompanyChange::Active(v)).await
}

pub async fn set_finance(
    State(state): State<AppState>,
    who: Authenticated,
    Path(id): Path<String>,
    Form(f): Form<Flag>,
) -> Result<Response, WebError> {
    let v = flag(&f.value)?;
    change(&state, &who, &id, CompanyChange::Finance(v)).await
}
