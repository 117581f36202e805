use crate::principal::Authenticated;
use crate::{AppState, WebError};
use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

/// `GET /api/v1/sync/health` (administrators): the sync health page as JSON.
pub async fn health(
    State(state): State<AppState>,
    who: Authenticated,
) -> Result<Json<Value>, WebError> {
    let h = state.app.sync_health(&who.actor).await?;
    Ok(Json(json!({
        "sources": h.sources.iter().map(|s| json!({
            "factory": s.factory_code,
            "kind": s.source.kind.as_str(),
            "accepted": s.counters.accepted,
            "applied": s.counters.applied,
            "waiting": s.counters.waiting,
            "quarantined": s.counters.quarantined,
            "discarded": s.counters.discarded,
            "lag_ms": s.lag_ms,
        })).collect::<Vec<_>>(),
        "oldest_waiting": h.oldest_waiting.as_ref().map(|w| json!({"id": w.inbox_id, "event_id": w.event_id, "waiting_for": w.waiting_for, "age_ms": w.age_ms})),
        "quarantine": h.quarantine.iter().map(|q| json!({
            "id": q.id, "event_id": q.event_id, "type": q.event_type, "entity": q.entity_key, "error": q.error,
            "received_at": q.received_at.rfc3339(), "attempts": q.attempts,
        })).collect::<Vec<_>>(),
    })))
}
