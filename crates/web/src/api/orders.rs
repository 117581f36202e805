use crate::principal::Authenticated;
use crate::{AppState, WebError};
use axum::Json;
use axum::extract::{Path, Query, State};
use serde_json::{Value, json};

/// `GET /api/v1/orders/{factory_code}/{number}`: one order with its
/// constructions and shipment. Another dealer's order is a 404.
pub async fn one(
    State(state): State<AppState>,
    who: Authenticated,
    Path((factory, number)): Path<(String, String)>,
) -> Result<Json<Value>, WebError> {
    let v = state.app.order(&who.actor, &factory, &number).await?;
    let o = &v.order;
    let money = v.money;
    Ok(Json(json!({
        "factory_code": v.factory_code,
        "number": o.number,
        "customer_ref": o.customer_ref,
        "accepted_at": o.accepted_at.rfc3339(),
        "planned_ship_date": o.planned_ship_date,
        "status": o.status.as_str(),
        "status_at": o.status_at.rfc3339(),
        "currency": o.currency.as_str(),
        "total_minor": o.total_minor,
        "paid_minor": money.map(|m| m.paid.minor),
        "outstanding_minor": money.map(|m| m.outstanding.minor),
        "delivery_charge_minor": money.map(|m| m.delivery_charge.minor),
        "compensation_minor": money.map(|m| m.compensation.minor),
        "timeline": o.timeline.iter().map(|(s, at)| json!({"status": s.as_str(), "at": at.rfc3339()})).collect::<Vec<_>>(),
        "constructions": v.constructions.iter().map(|c| json!({
            "position": c.position,
            "kind": c.kind.as_str(),
            "name": c.name,
            "width_mm": c.width_mm,
            "height_mm": c.height_mm,
            "profile_system": c.profile_system,
            "glass_unit": c.glass_unit,
            "colour": c.colour,
            "fittings": c.fittings,
            "quantity": c.quantity,
            "price_minor": c.price_minor,
            "status": c.status.as_str(),
            "status_at": c.status_at.rfc3339(),
        })).collect::<Vec<_>>(),
        "shipment": v.shipment.as_ref().map(|s| json!({
            "trip": s.trip,
            "vehicle": s.vehicle,
            "driver_name": s.driver_name,
            "driver_phone": s.driver_phone.as_str(),
            "departed_at": s.departed_at.map(|t| t.rfc3339()),
            "planned_delivery_date": s.planned_delivery_date,
            "delivered_at": s.delivered_at.map(|t| t.rfc3339()),
        })),
    })))
}

#[derive(serde::Deserialize)]
pub struct ListParams {
    status: Option<String>,
    q: Option<String>,
    from: Option<String>,
    to: Option<String>,
    sort: Option<String>,
    cursor: Option<String>,
    limit: Option<i64>,
}

/// `GET /api/v1/orders?status=&q=&from=&to=&sort=&cursor=&limit=`: the
/// dealer's orders, newest first by default, `{"items": [...], "next_cursor": ...}`.
pub async fn list(
    State(state): State<AppState>,
    who: Authenticated,
    Query(p): Query<ListParams>,
) -> Result<Json<Value>, WebError> {
    let query = dealerdesk_app::order_list::OrderQuery {
        status: p.status,
        q: p.q,
        from: p.from,
        to: p.to,
        sort: p.sort,
        cursor: p.cursor,
        limit: p.limit,
    };
    let page = state.app.dealer_orders(&who.actor, &query).await?;
    let items: Vec<Value> = page
        .rows
        .iter()
        .map(|r| {
            json!({
                "factory_code": page.factory_code,
                "number": r.number,
                "customer_ref": r.customer_ref,
                "accepted_at": r.accepted_at.rfc3339(),
                "planned_ship_date": r.planned_ship_date,
                "status": r.status.as_str(),
                "status_at": r.status_at.rfc3339(),
                "currency": r.currency.as_str(),
                "total_minor": r.total_minor,
                "outstanding_minor": page.finance.then_some(r.outstanding_minor),
            })
        })
        .collect();
    Ok(Json(
        json!({"items": items, "next_cursor": page.next_cursor}),
    ))
}
