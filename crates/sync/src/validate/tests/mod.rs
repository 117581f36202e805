//! Tests of event validation, split by topic like the module itself; this
//! file holds the sample events (one valid event of each type, as the plant
//! would send it) and the helpers that edit them and check a refusal.
//!
//! - `envelope`: the samples validate, then the envelope's rules;
//! - `data`: rules shared by every event's `data` (unknown and required
//!   fields, length limits, scalar types, control characters);
//! - `orders`, `shipment`, `attachment`, `ledger`: each event family;
//! - `props`: property tests over generated valid and random events.

use super::{Limits, RejectCode, Rejection, validate_event};
use crate::events::*;
use base64::Engine as _;
use dealerdesk_domain::model::SourceKind;
use dealerdesk_domain::{
    ConstructionKind, Currency, Email, LedgerKind, OrderStatus, Phone, Timestamp,
};
use serde_json::{Value, json};

mod attachment;
mod data;
mod envelope;
mod ledger;
mod orders;
mod props;
mod shipment;

const P: SourceKind = SourceKind::Production;
const A: SourceKind = SourceKind::Accounting;

fn check(raw: &Value, source: SourceKind) -> Result<Event, Rejection> {
    validate_event(raw, source, &Limits::default())
}

/// Asserts the event is refused with `code` at `path`.
#[track_caller]
fn refused(raw: &Value, source: SourceKind, code: RejectCode, path: &str) -> Rejection {
    match check(raw, source) {
        Ok(e) => panic!("expected {code} at {path}, but it was accepted: {e:?}"),
        Err(r) => {
            assert_eq!((r.code, r.path.as_str()), (code, path), "{}", r.message);
            assert!(!r.message.is_empty());
            r
        }
    }
}

fn envelope(ty: &str, data: Value) -> Value {
    json!({ "event_id": "prod-000123", "type": ty, "occurred_at": "2026-11-20T08:15:00Z", "version": 7, "data": data })
}

fn construction_json() -> Value {
    json!({ "position": 1, "kind": "window", "name": "Вікно двостулкове", "width_mm": 1300, "height_mm": 1400,
            "profile_system": "REHAU Euro-Design 70", "glass_unit": "4-16-4", "colour": "білий", "fittings": "Maco",
            "quantity": 2, "price_minor": 850_000 })
}

fn order_json() -> Value {
    envelope(
        "order.upserted",
        json!({
        "number": "KH-25-000123", "dealer_code": "KH-D0001", "accepted_at": "2025-03-04T09:10:00+02:00",
        "customer_ref": "Петренко І. В.", "planned_ship_date": "2025-03-14", "currency": "UAH",
        "total_minor": 1_700_000, "constructions": [construction_json()] }),
    )
}

fn dealer_json() -> Value {
    envelope(
        "dealer.upserted",
        json!({
        "code": "KH-D0001", "name": "ТОВ «Вікна Поділля»", "short_name": "Вікна Поділля", "tax_id": "12345678",
        "region": "Харківська область", "city": "Харків", "address": "вул. Сумська, 12", "phone": "+380501234567",
        "email": "info@vikna.com.ua", "manager_email": "Manager1@KH.demo", "active": true }),
    )
}

fn status_json() -> Value {
    envelope(
        "order.status_changed",
        json!({ "number": "K-24-001234", "status": "in_production", "at": "2026-11-20T08:14:51Z",
        "constructions": [ { "position": 1, "status": "manufactured", "at": "2026-11-20T08:14:51Z" } ] }),
    )
}

fn shipment_json() -> Value {
    envelope(
        "shipment.upserted",
        json!({ "trip": "KH-T25-0001", "vehicle": "AX 1234 KI", "driver_name": "Петренко Сергій",
        "driver_phone": "+38 (050) 123-45-67", "departed_at": "2025-03-20T07:30:00Z", "planned_delivery_date": "2025-03-20",
        "orders": ["KH-25-000123", "KH-25-000124"] }),
    )
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn attachment_json(content_type: &str, content: &[u8]) -> Value {
    envelope(
        "attachment.added",
        json!({ "attachment_id": "KH-F-000001", "order_number": "KH-25-000123", "position": 1,
        "kind": "drawing", "file_name": "Креслення 1.svg", "content_type": content_type, "content_base64": b64(content) }),
    )
}

fn posted_json() -> Value {
    envelope(
        "ledger.entry_posted",
        json!({ "entry_id": "KH-BK-0000001", "dealer_code": "KH-D0001", "kind": "payment",
        "amount_minor": 500_000, "currency": "UAH", "posted_on": "2025-03-05", "order_number": "KH-25-000123",
        "description": "Передоплата за замовлення KH-25-000123" }),
    )
}

fn opening_json() -> Value {
    envelope(
        "ledger.opening_balance",
        json!({ "dealer_code": "KH-D0001", "as_of": "2025-01-01", "amount_minor": -120_000, "currency": "UAH" }),
    )
}

fn voided_json() -> Value {
    envelope(
        "ledger.entry_voided",
        json!({ "entry_id": "KH-BK-0000001", "reason": "Помилково проведено двічі" }),
    )
}

/// Sets the value at `pointer`, adding the last key if it is new.
fn set(v: &mut Value, pointer: &str, value: Value) {
    if let Some(slot) = v.pointer_mut(pointer) {
        *slot = value;
        return;
    }
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let target = if parent.is_empty() {
        &mut *v
    } else {
        v.pointer_mut(parent).unwrap()
    };
    target
        .as_object_mut()
        .unwrap()
        .insert(key.replace("~1", "/").replace("~0", "~"), value);
}

fn remove(v: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let target = if parent.is_empty() {
        &mut *v
    } else {
        v.pointer_mut(parent).unwrap()
    };
    target.as_object_mut().unwrap().remove(key);
}

#[track_caller]
fn with(mut v: Value, pointer: &str, value: Value) -> Value {
    set(&mut v, pointer, value);
    v
}
