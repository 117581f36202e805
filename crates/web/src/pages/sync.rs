//! The sync health page for administrators (`/staff/sync`) and its two
//! actions on a quarantined event.

use super::chrome::Chrome;
use super::render;
use crate::fmt;
use crate::principal::Authenticated;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

pub struct SourceRow {
    pub name: String,
    pub accepted: String,
    pub applied: String,
    pub waiting: String,
    pub quarantined: String,
    pub lag: String,
}

pub struct QuarantineRow {
    pub id: i64,
    pub event_type: String,
    pub entity: String,
    pub event_id: String,
    pub source: String,
    pub error: String,
    pub received: String,
    pub attempts: i64,
}

#[derive(Template)]
#[template(path = "sync_health.html")]
struct SyncPage {
    chrome: Chrome,
    sources: Vec<SourceRow>,
    oldest_waiting: Option<String>,
    quarantine: Vec<QuarantineRow>,
}

/// `1 h 5 min`, `12 s`: a lag people read at a glance.
fn lag(ms: i64) -> String {
    let s = ms / 1000;
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min {} s", s / 60, s % 60),
        _ => format!("{} h {} min", s / 3600, (s % 3600) / 60),
    }
}

pub async fn page(State(state): State<AppState>, who: Authenticated) -> Result<Response, WebError> {
    let h = state.app.sync_health(&who.actor).await?;
    let mut chrome = Chrome::for_user(&who, "sync", "");
    let t = chrome.t;
    chrome.title = t.get("sync.title").to_owned();
    let names: Vec<(dealerdesk_domain::SourceId, String)> = h
        .sources
        .iter()
        .map(|s| {
            (
                s.source.id,
                format!("{} · {}", s.factory_code, s.source.kind.as_str()),
            )
        })
        .collect();
    let name_of = |id| {
        names
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let page = SyncPage {
        sources: h
            .sources
            .iter()
            .map(|s| SourceRow {
                name: format!("{} · {}", s.factory_code, s.source.kind.as_str()),
                accepted: fmt::int(t.0, s.counters.accepted),
                applied: fmt::int(t.0, s.counters.applied + s.counters.discarded),
                waiting: fmt::int(t.0, s.counters.waiting),
                quarantined: fmt::int(t.0, s.counters.quarantined),
                lag: lag(s.lag_ms),
            })
            .collect(),
        oldest_waiting: h
            .oldest_waiting
            .as_ref()
            .map(|w| format!("{} — {} ({})", w.event_id, w.waiting_for, lag(w.age_ms))),
        quarantine: h
            .quarantine
            .iter()
            .map(|q| QuarantineRow {
                id: q.id,
                event_type: q.event_type.clone(),
                entity: q.entity_key.clone(),
                event_id: q.event_id.clone(),
                source: name_of(q.source_id),
                error: q.error.clone(),
                received: fmt::datetime(t.0, q.received_at, dealerdesk_app::DEFAULT_TIMEZONE),
                attempts: q.attempts,
            })
            .collect(),
        chrome,
    };
    render(&page)
}

pub async fn retry(
    State(state): State<AppState>,
    who: Authenticated,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    state.app.retry_quarantined(&who.actor, id).await?;
    state.sync.wake.notify_one();
    Ok((StatusCode::SEE_OTHER, Redirect::to("/staff/sync")).into_response())
}

pub async fn discard(
    State(state): State<AppState>,
    who: Authenticated,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    state.app.discard_quarantined(&who.actor, id).await?;
    state.sync.wake.notify_one();
    Ok((StatusCode::SEE_OTHER, Redirect::to("/staff/sync")).into_response())
}
