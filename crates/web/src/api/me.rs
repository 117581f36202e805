use crate::principal::Authenticated;
use crate::{AppState, WebError};
use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

/// `GET /api/v1/me`: the user, their role, and their dealer with its
/// balance (the balance is `null` for people who may not see finance).
pub async fn me(
    State(state): State<AppState>,
    who: Authenticated,
) -> Result<Json<Value>, WebError> {
    let me = state.app.me(&who.user, &who.actor).await?;
    let dealer = me.dealer.as_ref().map(|d| {
        json!({
            "code": d.code,
            "name": d.name,
            "short_name": d.short_name,
            "balance_minor": me.balance.map(|b| b.minor),
            "currency": d.currency.as_str(),
        })
    });
    Ok(Json(json!({
        "user": {
            "id": me.user.id,
            "email": me.user.email.as_str(),
            "display_name": me.user.display_name,
            "role": me.user.role.as_str(),
            "language": me.user.language.as_str(),
        },
        "role": me.user.role.as_str(),
        "dealer": dealer,
    })))
}
