use crate::principal::Authenticated;
use crate::{AppState, WebError};
use axum::Json;
use axum::extract::{Query, State};
use dealerdesk_app::finance::StatementQuery;
use serde_json::{Value, json};

#[derive(serde::Deserialize)]
pub struct Params {
    from: Option<String>,
    to: Option<String>,
}

/// `GET /api/v1/statement?from=&to=`: the caller's own dealer's statement,
/// the same numbers as the page and its files. Voided entries are listed
/// with `voided: true` and leave `running_minor` unchanged.
pub async fn statement(
    State(state): State<AppState>,
    who: Authenticated,
    Query(p): Query<Params>,
) -> Result<Json<Value>, WebError> {
    let s = state
        .app
        .statement(
            &who.actor,
            &StatementQuery {
                from: p.from,
                to: p.to,
            },
        )
        .await?;
    Ok(Json(json!({
        "dealer_code": s.dealer.code,
        "currency": s.currency.as_str(),
        "from": s.from,
        "to": s.to,
        "opening_minor": s.opening_minor,
        "entries": s.lines.iter().map(|l| {
            let e = &l.entry;
            json!({
                "entry_id": e.source_entry_id,
                "posted_on": e.posted_on,
                "kind": e.kind.as_str(),
                "amount_minor": e.amount_minor,
                "effect_minor": l.effect_minor,
                "running_minor": l.running_minor,
                "order_number": e.order_number,
                "description": e.description,
                "voided": e.voided,
                "void_reason": e.void_reason,
            })
        }).collect::<Vec<_>>(),
        "debit_minor": s.debit_minor,
        "credit_minor": s.credit_minor,
        "closing_minor": s.closing_minor,
        "orders": s.orders.iter().map(|o| json!({
            "order_number": o.order_number,
            "charged_minor": o.charged_minor,
            "paid_minor": o.paid_minor,
            "compensated_minor": o.compensated_minor,
            "net_minor": o.net_minor,
            "outstanding_now_minor": o.outstanding_now_minor,
        })).collect::<Vec<_>>(),
    })))
}
