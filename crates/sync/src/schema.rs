//! JSON Schemas (draft 2020-12) of the sync API's events, published in the
//! OpenAPI document. They state the contract of SYNC_API.md for the
//! plant's programmers; the validator in `validate` is the enforcement (it
//! also checks what a schema cannot say, such as unique positions or file
//! contents matching their type). A test checks that real events validate
//! against these schemas.

use crate::events::EventType;
use serde_json::{Value, json};

const TEXT_MAX: u64 = 1_000;

fn text() -> Value {
    json!({"type": "string", "minLength": 1, "maxLength": TEXT_MAX})
}

fn opt_text() -> Value {
    json!({"type": ["string", "null"], "maxLength": TEXT_MAX})
}

fn code() -> Value {
    json!({"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[A-Za-z0-9._-]+$"})
}

fn number() -> Value {
    json!({"type": "string", "minLength": 1, "maxLength": 64})
}

fn instant() -> Value {
    json!({"type": "string", "format": "date-time", "description": "RFC 3339 with a time zone"})
}

fn date() -> Value {
    json!({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "YYYY-MM-DD"})
}

fn opt_date() -> Value {
    json!({"type": ["string", "null"], "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"})
}

fn currency() -> Value {
    json!({"type": "string", "pattern": "^[A-Z]{3}$", "default": "UAH"})
}

fn minor(min: i64) -> Value {
    json!({"type": "integer", "minimum": min})
}

fn statuses() -> Value {
    json!({"enum": ["accepted", "in_production", "manufactured", "ready", "shipped", "delivered", "cancelled"]})
}

fn object(required: &[&str], properties: Value) -> Value {
    json!({"type": "object", "required": required, "properties": properties, "additionalProperties": false})
}

/// The schema of one event type's `data`.
pub fn data(t: EventType) -> Value {
    match t {
        EventType::DealerUpserted => object(
            &["code", "name", "active"],
            json!({
                "code": code(), "name": text(), "short_name": opt_text(), "tax_id": opt_text(), "region": opt_text(), "city": opt_text(),
                "address": opt_text(), "phone": opt_text(),
                "email": {"type": ["string", "null"], "format": "email"}, "manager_email": {"type": ["string", "null"], "format": "email"},
                "active": {"type": "boolean"}
            }),
        ),
        EventType::OrderUpserted => object(
            &[
                "number",
                "dealer_code",
                "accepted_at",
                "total_minor",
                "constructions",
            ],
            json!({
                "number": number(), "dealer_code": code(), "accepted_at": instant(), "customer_ref": opt_text(), "planned_ship_date": opt_date(),
                "currency": currency(), "total_minor": minor(0),
                "constructions": {"type": "array", "minItems": 1, "maxItems": 500, "items": object(
                    &["position", "kind", "name", "width_mm", "height_mm", "quantity", "price_minor"],
                    json!({
                        "position": minor(1),
                        "kind": {"enum": ["window", "door", "balcony_door", "roller_shutter", "aluminium", "other"]},
                        "name": text(),
                        "width_mm": {"type": "integer", "minimum": 100, "maximum": 10_000},
                        "height_mm": {"type": "integer", "minimum": 100, "maximum": 10_000},
                        "profile_system": opt_text(), "glass_unit": opt_text(), "colour": opt_text(), "fittings": opt_text(),
                        "quantity": {"type": "integer", "minimum": 1, "maximum": 1_000},
                        "price_minor": minor(0)
                    }),
                )}
            }),
        ),
        EventType::OrderStatusChanged => object(
            &["number", "status", "at"],
            json!({
                "number": number(), "status": statuses(), "at": instant(),
                "constructions": {"type": "array", "maxItems": 500, "items": object(&["position", "status", "at"], json!({"position": minor(1), "status": statuses(), "at": instant()}))}
            }),
        ),
        EventType::ShipmentUpserted => object(
            &["trip", "driver_name", "driver_phone", "orders"],
            json!({
                "trip": number(), "vehicle": opt_text(), "driver_name": text(),
                "driver_phone": {"type": "string", "pattern": "^\\+?[0-9 ()./-]{6,30}$", "description": "E.164 or national digits"},
                "departed_at": {"type": ["string", "null"], "format": "date-time"}, "planned_delivery_date": opt_date(),
                "delivered_at": {"type": ["string", "null"], "format": "date-time"},
                "orders": {"type": "array", "minItems": 1, "maxItems": 200, "uniqueItems": true, "items": number()}
            }),
        ),
        EventType::AttachmentAdded => object(
            &[
                "attachment_id",
                "order_number",
                "kind",
                "file_name",
                "content_type",
                "content_base64",
            ],
            json!({
                "attachment_id": text(), "order_number": number(), "position": {"type": ["integer", "null"], "minimum": 1},
                "kind": {"enum": ["drawing", "photo", "document"]},
                "file_name": {"type": "string", "minLength": 1, "maxLength": TEXT_MAX, "pattern": "^[^/\\\\]+$"},
                "content_type": {"enum": ["image/png", "image/jpeg", "image/svg+xml", "application/pdf"]},
                "content_base64": {"type": "string", "contentEncoding": "base64", "description": "decoded at most 5 MiB; the bytes must be of content_type"}
            }),
        ),
        EventType::LedgerOpeningBalance => object(
            &["dealer_code", "as_of", "amount_minor"],
            json!({"dealer_code": code(), "as_of": date(), "amount_minor": {"type": "integer", "description": "positive: the dealer owes the plant"}, "currency": currency()}),
        ),
        EventType::LedgerEntryPosted => {
            let mut s = object(
                &[
                    "entry_id",
                    "dealer_code",
                    "kind",
                    "amount_minor",
                    "posted_on",
                ],
                json!({
                    "entry_id": text(), "dealer_code": code(),
                    "kind": {"enum": ["charge", "payment", "compensation", "delivery_charge", "refund", "adjustment"]},
                    "amount_minor": {"type": "integer", "not": {"const": 0}}, "currency": currency(), "posted_on": date(),
                    "order_number": {"type": ["string", "null"], "maxLength": 64}, "description": opt_text()
                }),
            );
            // Only an adjustment may be negative.
            s["if"] = json!({"properties": {"kind": {"not": {"const": "adjustment"}}}});
            s["then"] = json!({"properties": {"amount_minor": {"minimum": 1}}});
            s
        }
        EventType::LedgerEntryVoided => object(
            &["entry_id", "reason"],
            json!({"entry_id": text(), "reason": text()}),
        ),
    }
}

/// The schema of a whole event of type `t` (envelope and data).
pub fn event(t: EventType) -> Value {
    object(
        &["event_id", "type", "occurred_at", "version", "data"],
        json!({
            "event_id": {"type": "string", "minLength": 1, "maxLength": 128, "description": "unique within the source"},
            "type": {"const": t.as_str()},
            "occurred_at": instant(),
            "version": {"type": "integer", "minimum": 1, "description": "increasing per entity in the source"},
            "data": data(t)
        }),
    )
}

/// Every event type's schema, keyed by type name.
pub fn all() -> Vec<(&'static str, Value)> {
    EventType::ALL
        .iter()
        .map(|t| (t.as_str(), event(*t)))
        .collect()
}
