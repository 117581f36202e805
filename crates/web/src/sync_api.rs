//! The sync API (SYNC_API.md): `POST /api/sync/v1/events` and
//! `GET /api/sync/v1/status`, authenticated by a source's key. The work is
//! in `dealerdesk_sync::ingest`; this file is HTTP: status codes, limits,
//! `Retry-After`.

use crate::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dealerdesk_domain::SourceId;
use dealerdesk_domain::model::SyncSource;
use dealerdesk_store::Repos;
use dealerdesk_sync::ingest::{IngestError, authenticate, ingest};
use serde_json::json;

fn error(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    (
        status,
        Json(json!({"error": {"code": code, "message": message.into()}})),
    )
        .into_response()
}

fn with_retry_after(mut r: Response, secs: u64) -> Response {
    if let Ok(v) = secs.to_string().parse() {
        r.headers_mut().insert(header::RETRY_AFTER, v);
    }
    r
}

/// Requests per second per source, as a token bucket: `burst` at once,
/// refilled at `rate`. The bucket lives in the database
/// (`store/src/rate_limit.rs`), so the limit holds across nodes.
#[derive(Debug)]
pub struct RateLimiter {
    pub rate: f64,
    pub burst: f64,
}

impl RateLimiter {
    pub fn new(rate: f64, burst: f64) -> Self {
        Self { rate, burst }
    }

    /// `Ok` to go on, or `Err(seconds to wait)`. If the database cannot be
    /// asked, the request goes on (and meets the same database next).
    pub async fn check(
        &self,
        store: &dealerdesk_store::Store,
        source: SourceId,
    ) -> Result<(), u64> {
        let bucket = dealerdesk_store::rate_limit::Bucket {
            rate: self.rate,
            burst: self.burst,
        };
        let now = dealerdesk_domain::Timestamp::now().millis();
        match store
            .take_token(&format!("sync:{}", source.0), bucket, now)
            .await
        {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(error = %e, "the sync rate limit could not be checked");
                Ok(())
            }
        }
    }
}

/// The sync API's settings.
#[derive(Debug)]
pub struct SyncSettings {
    pub limits: dealerdesk_sync::ingest::RequestLimits,
    /// Above this many accepted-but-unapplied events, new requests get 503.
    pub max_backlog: i64,
    pub limiter: RateLimiter,
    /// Wakes the inbox worker when events arrive.
    pub wake: std::sync::Arc<tokio::sync::Notify>,
}

impl Default for SyncSettings {
    fn default() -> Self {
        Self {
            limits: Default::default(),
            max_backlog: 200_000,
            limiter: RateLimiter::new(20.0, 40.0),
            wake: Default::default(),
        }
    }
}

async fn source_of(state: &AppState, headers: &HeaderMap) -> Result<SyncSource, Response> {
    let key = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, k)| k.trim())
        .filter(|k| !k.is_empty());
    let Some(key) = key else {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "send the source's key as Authorization: Bearer <key>",
        ));
    };
    match authenticate(&state.app.store, key).await {
        Ok(Some(s)) => Ok(s),
        Ok(None) => Err(error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "unknown or revoked key",
        )),
        Err(e) => {
            tracing::error!(error = %e, "sync authentication failed");
            Err(error(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "try again shortly",
            ))
        }
    }
}

pub async fn events(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let source = match source_of(&state, &headers).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let settings = &state.sync;
    if let Err(wait) = settings.limiter.check(&state.app.store, source.id).await {
        return with_retry_after(
            error(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "too many requests from this source",
            ),
            wait,
        );
    }
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            ct.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        });
    if !is_json {
        return error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send Content-Type: application/json",
        );
    }
    if body.len() > settings.limits.max_body_bytes {
        return error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!(
                "at most {} bytes per request",
                settings.limits.max_body_bytes
            ),
        );
    }
    let backlog = match state.app.store.read().await {
        Ok(mut c) => c.inbox().backlog().await.unwrap_or(0),
        Err(_) => 0,
    };
    if backlog > settings.max_backlog {
        return with_retry_after(
            error(
                StatusCode::SERVICE_UNAVAILABLE,
                "backlog_full",
                format!("{backlog} events are waiting to be applied; send again later"),
            ),
            5,
        );
    }
    match ingest(&state.app.store, &source, &body, &settings.limits).await {
        Ok(resp) => {
            if resp.accepted > 0 {
                settings.wake.notify_one();
            }
            (StatusCode::ACCEPTED, Json(resp)).into_response()
        }
        Err(e @ (IngestError::NotJson(_) | IngestError::BadShape)) => {
            error(StatusCode::BAD_REQUEST, e.code(), e.to_string())
        }
        Err(e @ IngestError::TooManyEvents { .. }) => {
            error(StatusCode::PAYLOAD_TOO_LARGE, e.code(), e.to_string())
        }
        Err(IngestError::Store(e)) => {
            tracing::error!(error = %e, "storing sync events failed");
            with_retry_after(
                error(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "nothing was stored; send again",
                ),
                2,
            )
        }
    }
}

pub async fn status(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let source = match source_of(&state, &headers).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let result = async {
        let mut c = state.app.store.read().await?;
        let counters = c.inbox().counters(source.id).await?;
        let oldest = c.inbox().oldest_unapplied(source.id).await?;
        Ok::<_, dealerdesk_store::StoreError>((counters, oldest))
    }
    .await;
    match result {
        Ok((k, oldest)) => {
            let age = oldest
                .map(|t| (dealerdesk_domain::Timestamp::now().0 - t.0).max(0))
                .unwrap_or(0);
            Json(json!({
                "accepted": k.accepted,
                // Discarded events were processed too (by an administrator).
                "applied": k.applied + k.discarded,
                "waiting": k.waiting,
                "quarantined": k.quarantined,
                "oldest_unapplied_age_ms": age,
            }))
            .into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "sync status failed");
            error(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "try again shortly",
            )
        }
    }
}

/// `POST /api/sync/v1/reconcile`: what the source believes, against what
/// DealerDesk holds; every difference is listed.
pub async fn reconcile(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    use dealerdesk_sync::reconcile::{MAX_ITEMS, Snapshot, reconcile};
    let source = match source_of(&state, &headers).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    if let Err(wait) = state.sync.limiter.check(&state.app.store, source.id).await {
        return with_retry_after(
            error(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "too many requests from this source",
            ),
            wait,
        );
    }
    if body.len() > state.sync.limits.max_body_bytes {
        return error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!(
                "at most {} bytes per request",
                state.sync.limits.max_body_bytes
            ),
        );
    }
    let snapshot: Snapshot = match serde_json::from_slice(&body) {
        Ok(s) => s,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                "invalid_body",
                format!("expected {{\"dealers\": [...], \"orders\": [...]}}: {e}"),
            );
        }
    };
    if snapshot.dealers.len() > MAX_ITEMS || snapshot.orders.len() > MAX_ITEMS {
        return error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_many_items",
            format!("at most {MAX_ITEMS} dealers and {MAX_ITEMS} orders per request"),
        );
    }
    match reconcile(&state.app.store, &source, &snapshot).await {
        Ok(report) => Json(report).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "reconciliation failed");
            with_retry_after(
                error(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "try again shortly",
                ),
                2,
            )
        }
    }
}
