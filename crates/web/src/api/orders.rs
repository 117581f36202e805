use crate::principal::Authenticated;
use crate::{AppState, WebError};
use axum::Json;
use axum::extract::{Path, State};
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
