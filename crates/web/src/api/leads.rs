//! `POST /api/v1/leads`: the plant's website form. Public (no login, no
//! CSRF token: it is posted from the plant's own site), limited per
//! address, and a robot that fills in the hidden `website` field is thanked
//! exactly like a person so it learns nothing. JSON or an ordinary form.

use crate::principal::PeerAddr;
use crate::{AppState, WebError};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dealerdesk_app::AppError;
use dealerdesk_app::leads::PublicLead;
use serde_json::json;

pub async fn submit(
    State(state): State<AppState>,
    PeerAddr(peer): PeerAddr,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let form: PublicLead = if content_type.starts_with("application/json") {
        serde_json::from_slice(&body)
            .map_err(|e| AppError::invalid("body", format!("is not a lead in JSON: {e}")))?
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        let fields: serde_json::Map<String, serde_json::Value> = form_urlencoded::parse(&body)
            .map(|(k, v)| (k.into_owned(), serde_json::Value::String(v.into_owned())))
            .collect();
        serde_json::from_value(serde_json::Value::Object(fields))
            .map_err(|e| AppError::invalid("body", format!("is not a lead form: {e}")))?
    } else {
        return Err(AppError::invalid(
            "body",
            "send JSON or an ordinary form (application/x-www-form-urlencoded)",
        )
        .into());
    };
    let ip = peer.map(|a| a.ip().to_string());
    state.app.submit_public_lead(&form, ip.as_deref()).await?;
    Ok((StatusCode::CREATED, axum::Json(json!({"received": true}))).into_response())
}
