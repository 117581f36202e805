//! `/staff/attention`: orders that have stayed in a status longer than its
//! norm, longest waiting first, and (for a head of sales) the norms.

use super::chrome::Chrome;
use super::orders::enc;
use super::{field_errors, render};
use crate::i18n::Tr;
use crate::principal::Authenticated;
use crate::{AppState, WebError};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dealerdesk_app::AppError;
use dealerdesk_domain::Timestamp;
use dealerdesk_i18n::fmt;
use serde::Deserialize;

pub struct Line {
    pub href: String,
    pub number: String,
    pub dealer_href: String,
    pub dealer: String,
    pub status: &'static str,
    pub status_label: String,
    pub since: String,
    pub days: i64,
    pub norm: u32,
    pub total: String,
}

pub struct Norm {
    pub status: &'static str,
    pub label: String,
    pub days: String,
}

#[derive(Template)]
#[template(path = "attention.html")]
struct AttentionPage {
    chrome: Chrome,
    lines: Vec<Line>,
    total: i64,
    norms: Vec<Norm>,
    can_edit: bool,
    notice: Option<String>,
    error: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct Done {
    done: Option<String>,
}

async fn show(
    state: &AppState,
    who: &Authenticated,
    notice: Option<String>,
    error: Option<(String, Vec<(String, String)>)>,
) -> Result<Response, WebError> {
    let a = state.app.orders_needing_attention(&who.actor).await?;
    let mut chrome = Chrome::for_user(who, "attention", "");
    let t = chrome.t;
    chrome.title = t.get("attention.title").to_owned();
    let tz = state.app.timezone(who.actor.factory()).await?;
    let now = Timestamp::now();
    let lines = a
        .orders
        .iter()
        .map(|o| Line {
            href: format!("/orders/{}/{}", enc(&o.factory_code), enc(&o.number)),
            number: o.number.clone(),
            dealer_href: format!("/staff/dealers/{}", enc(&o.dealer_code)),
            dealer: o.dealer_name.clone(),
            status: o.status.as_str(),
            status_label: t.get(&format!("status.{}", o.status.as_str())).to_owned(),
            since: fmt::date(t.0, o.status_at, &tz),
            days: (now.0 - o.status_at.0) / 86_400_000,
            norm: a.norms.days(o.status).unwrap_or_default(),
            total: fmt::money(t.0, o.total),
        })
        .collect();
    let typed = error.as_ref().map(|(_, f)| f.clone());
    let norms = a
        .norms
        .iter()
        .map(|(s, d)| Norm {
            status: s.as_str(),
            label: t.get(&format!("status.{}", s.as_str())).to_owned(),
            days: typed
                .as_ref()
                .and_then(|f| {
                    f.iter()
                        .find(|(k, _)| k == s.as_str())
                        .map(|(_, v)| v.clone())
                })
                .unwrap_or_else(|| d.to_string()),
        })
        .collect();
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let mut r = render(&AttentionPage {
        lines,
        total: a.total,
        norms,
        can_edit: a.can_edit,
        notice,
        error: error.map(|(e, _)| e),
        chrome,
    })?;
    *r.status_mut() = status;
    Ok(r)
}

/// `GET /staff/attention`.
pub async fn page(
    State(state): State<AppState>,
    who: Authenticated,
    Query(q): Query<Done>,
) -> Result<Response, WebError> {
    let t = Tr(who.user.language);
    let notice = (q.done.as_deref() == Some("norms")).then(|| t.get("attention.saved").to_owned());
    show(&state, &who, notice, None).await
}

/// `POST /staff/attention/norms`.
pub async fn set_norms(
    State(state): State<AppState>,
    who: Authenticated,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    match state.app.set_status_norms(&who.actor, &fields).await {
        Ok(()) => Ok(Redirect::to("/staff/attention?done=norms").into_response()),
        Err(AppError::Invalid(errors)) => {
            let t = Tr(who.user.language);
            let message = field_errors(t, Some("attention"), &errors);
            show(&state, &who, None, Some((message, fields))).await
        }
        Err(e) => Err(e.into()),
    }
}
