//! `POST /api/sync/v1/events` minus HTTP: validate each event on its own,
//! tell repeats from new events, and commit the accepted ones to the inbox
//! before answering. A bad event is refused alone; the good ones of the
//! same request are accepted.

use crate::validate::{Limits, RejectCode, Rejection, validate_event};
use dealerdesk_domain::model::SyncSource;
use dealerdesk_store::inbox::NewInboxEvent;
use dealerdesk_store::{Repos, Store, StoreError};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// Limits of one request (SYNC_API.md: configurable).
#[derive(Debug, Clone)]
pub struct RequestLimits {
    pub max_body_bytes: usize,
    pub max_events: usize,
    pub event: Limits,
}

impl Default for RequestLimits {
    fn default() -> Self {
        Self {
            max_body_bytes: 8 * 1024 * 1024,
            max_events: 1_000,
            event: Limits::default(),
        }
    }
}

/// A whole-request refusal (nothing was stored).
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("the body is not valid JSON: {0}")]
    NotJson(String),
    #[error("the body must be a JSON object with an \"events\" array")]
    BadShape,
    #[error("at most {max} events per request; this one has {got}")]
    TooManyEvents { max: usize, got: usize },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl IngestError {
    pub fn code(&self) -> &'static str {
        match self {
            IngestError::NotJson(_) => "invalid_json",
            IngestError::BadShape => "invalid_body",
            IngestError::TooManyEvents { .. } => "too_many_events",
            IngestError::Store(_) => "internal",
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Accepted,
    Duplicate,
    Rejected,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct EventResult {
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Rejection>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct IngestResponse {
    pub accepted: usize,
    pub duplicates: usize,
    pub rejected: usize,
    pub results: Vec<EventResult>,
}

/// The source a sync key belongs to, if the key is live.
pub async fn authenticate(store: &Store, key: &str) -> Result<Option<SyncSource>, StoreError> {
    let mut c = store.read().await?;
    c.sources()
        .by_key_hash(&dealerdesk_app::secret::hash(key))
        .await
}

/// Validates, classifies and stores one request's events.
pub async fn ingest(
    store: &Store,
    source: &SyncSource,
    body: &[u8],
    limits: &RequestLimits,
) -> Result<IngestResponse, IngestError> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| IngestError::NotJson(e.to_string()))?;
    let events = value
        .as_object()
        .and_then(|o| o.get("events"))
        .and_then(Value::as_array)
        .ok_or(IngestError::BadShape)?;
    if events.len() > limits.max_events {
        return Err(IngestError::TooManyEvents {
            max: limits.max_events,
            got: events.len(),
        });
    }
    // Validate each event on its own.
    let mut results: Vec<EventResult> = Vec::with_capacity(events.len());
    let mut fresh: Vec<(usize, NewInboxEvent)> = Vec::new();
    for (index, raw) in events.iter().enumerate() {
        let event_id = raw
            .get("event_id")
            .and_then(Value::as_str)
            .map(str::to_owned);
        match validate_event(raw, source.kind, &limits.event) {
            Ok(event) => {
                let canonical = event.to_json().to_string();
                let body_hash = hex::encode(Sha256::digest(canonical.as_bytes()));
                fresh.push((
                    index,
                    NewInboxEvent {
                        event_id: event.event_id.clone(),
                        event_type: event.type_name().to_owned(),
                        entity_key: event.entity_key(),
                        version: event.version,
                        body: canonical,
                        body_hash,
                    },
                ));
                results.push(EventResult {
                    index,
                    event_id: Some(event.event_id),
                    status: Status::Accepted,
                    error: None,
                });
            }
            Err(rejection) => results.push(EventResult {
                index,
                event_id,
                status: Status::Rejected,
                error: Some(rejection),
            }),
        }
    }
    // Repeats: against the inbox, and within this request. Two concurrent
    // requests with the same event id race on the unique key; the loser
    // classifies again and finds the winner's row.
    for attempt in 0..3 {
        let mut tx = store.begin().await?;
        let ids: Vec<String> = fresh.iter().map(|(_, e)| e.event_id.clone()).collect();
        let mut seen: HashMap<String, String> = tx.inbox().existing(source.id, &ids).await?;
        let mut to_store = Vec::new();
        for (index, e) in &fresh {
            let status = match seen.get(&e.event_id) {
                Some(hash) if *hash == e.body_hash => Some(Status::Duplicate),
                Some(_) => None,
                None => {
                    seen.insert(e.event_id.clone(), e.body_hash.clone());
                    to_store.push(e.clone());
                    Some(Status::Accepted)
                }
            };
            let r = &mut results[*index];
            match status {
                Some(s) => {
                    r.status = s;
                    r.error = None;
                }
                None => {
                    r.status = Status::Rejected;
                    r.error = Some(Rejection::new(
                        RejectCode::ConflictingDuplicate,
                        "/event_id",
                        format!(
                            "event_id {} was already accepted from this source with different content",
                            e.event_id
                        ),
                    ));
                }
            }
        }
        match tx
            .inbox()
            .insert(source.id, source.factory_id, &to_store)
            .await
        {
            Ok(()) => {
                tx.commit().await.map_err(StoreError::from)?;
                break;
            }
            Err(StoreError::Conflict(_)) if attempt < 2 => continue,
            Err(e) => return Err(e.into()),
        }
    }
    let count = |s: Status| results.iter().filter(|r| r.status == s).count();
    Ok(IngestResponse {
        accepted: count(Status::Accepted),
        duplicates: count(Status::Duplicate),
        rejected: count(Status::Rejected),
        results,
    })
}
