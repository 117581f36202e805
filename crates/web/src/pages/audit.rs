//! `/staff/audit` (administrators): every change a person made, before and
//! after, newest first, with filters and "older" pages.

use super::chrome::Chrome;
use super::{field_errors, render};
use crate::principal::Authenticated;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use dealerdesk_app::AppError;
use dealerdesk_app::audit_log::AuditQuery;
use dealerdesk_i18n::fmt;
use serde::Deserialize;

#[derive(Debug, Deserialize, Default)]
pub struct Params {
    #[serde(default)]
    who: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    object_type: String,
    #[serde(default)]
    object_id: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    before: String,
}

pub struct Row {
    pub at: String,
    pub who: String,
    pub action: String,
    pub object: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    chrome: Chrome,
    p: Params,
    rows: Vec<Row>,
    older: Option<String>,
    error: Option<String>,
}

/// `GET /staff/audit`.
pub async fn page(
    State(state): State<AppState>,
    who: Authenticated,
    Query(p): Query<Params>,
) -> Result<Response, WebError> {
    let mut chrome = Chrome::for_user(&who, "audit", "");
    let t = chrome.t;
    chrome.title = t.get("audit.title").to_owned();
    let q = AuditQuery {
        who: p.who.clone(),
        action: p.action.clone(),
        object_type: p.object_type.clone(),
        object_id: p.object_id.clone(),
        from: p.from.clone(),
        to: p.to.clone(),
        before: p.before.clone(),
    };
    let tz = state.app.timezone(who.actor.factory()).await?;
    let (found, error) = match state.app.audit_log(&who.actor, &q).await {
        Ok(f) => (Some(f), None),
        Err(AppError::Invalid(fields)) => (None, Some(field_errors(t, Some("audit"), &fields))),
        Err(e) => return Err(e.into()),
    };
    let rows = found
        .as_ref()
        .map(|f| {
            f.entries
                .iter()
                .map(|(e, name)| Row {
                    at: fmt::datetime(t.0, e.at, &tz),
                    who: name
                        .clone()
                        .unwrap_or_else(|| t.get("audit.system").to_owned()),
                    action: e.action.clone(),
                    object: format!("{} {}", e.object_type, e.object_id),
                    before: e.before.clone(),
                    after: e.after.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    let older = found.as_ref().and_then(|f| f.older).map(|id| {
        let q: String = form_urlencoded::Serializer::new(String::new())
            .append_pair("who", &p.who)
            .append_pair("action", &p.action)
            .append_pair("object_type", &p.object_type)
            .append_pair("object_id", &p.object_id)
            .append_pair("from", &p.from)
            .append_pair("to", &p.to)
            .append_pair("before", &id.to_string())
            .finish();
        format!("/staff/audit?{q}")
    });
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let mut r = render(&AuditPage {
        p,
        rows,
        older,
        error,
        chrome,
    })?;
    *r.status_mut() = status;
    Ok(r)
}
