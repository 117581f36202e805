//! `/healthz` (the process answers), `/readyz` (the database answers and
//! holds every migration this build knows: a load balancer sends traffic
//! only then) and `/metrics` (Prometheus text format).

use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

pub async fn healthz() -> &'static str {
    "ok"
}

pub async fn readyz(State(state): State<AppState>) -> Response {
    match state.app.store.ready().await {
        Ok(true) => Json(serde_json::json!({"status": "ready", "database": "ok", "migrations": "ok"})).into_response(),
        Ok(false) => (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({"status": "not_ready", "database": "ok", "migrations": "pending"}))).into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({"status": "not_ready", "database": "unreachable"}))).into_response()
        }
    }
}

pub async fn metrics(State(state): State<AppState>) -> Response {
    let (size, idle) = state.app.store.pool_stats();
    metrics::gauge!("db_pool_connections").set(f64::from(size));
    metrics::gauge!("db_pool_idle_connections").set(idle as f64);
    // Open live streams on this node (what a rolling restart hands over).
    metrics::gauge!("live_streams").set(state.app.live.listeners() as f64);
    match &state.metrics {
        Some(h) => {
            h.run_upkeep();
            (
                [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
                h.render(),
            )
                .into_response()
        }
        None => (
            StatusCode::SERVICE_UNAVAILABLE,
            "metrics recorder not installed",
        )
            .into_response(),
    }
}
