//! The samples validate and survive the wire; then the envelope: the event
//! itself, `type` (known, allowed for the source), `event_id`,
//! `occurred_at`, `version`, unknown envelope fields and `data`'s shape.

use super::*;

// ---- happy paths -----------------------------------------------------

#[test]
fn the_contract_example_validates() {
    let raw = json!({ "event_id": "prod-000123", "type": "order.status_changed", "occurred_at": "2026-11-20T08:15:00Z",
        "version": 7, "data": { "number": "K-24-001234", "status": "in_production", "at": "2026-11-20T08:14:51Z" } });
    let e = check(&raw, P).unwrap();
    assert_eq!(e.version, 7);
    assert_eq!(e.entity_key(), "order:K-24-001234");
    assert_eq!(
        e.occurred_at,
        Timestamp::parse_rfc3339("2026-11-20T08:15:00Z").unwrap()
    );
    let EventData::OrderStatusChanged(d) = &e.data else {
        panic!()
    };
    assert_eq!(d.status, OrderStatus::InProduction);
    assert!(d.constructions.is_empty());
}

#[test]
fn every_sample_validates_and_round_trips() {
    let png = b"\x89PNG\r\n\x1a\nrest";
    for (raw, source) in [
        (dealer_json(), P),
        (order_json(), P),
        (status_json(), P),
        (shipment_json(), P),
        (attachment_json("image/png", png), P),
        (posted_json(), A),
        (opening_json(), A),
        (voided_json(), A),
    ] {
        let e = check(&raw, source).unwrap_or_else(|r| panic!("{raw}: {r}"));
        assert!(e.data.allowed_for(source));
        assert_eq!(check(&e.to_json(), source), Ok(e));
    }
}

#[test]
fn typed_values_are_normalised() {
    let e = check(&dealer_json(), P).unwrap();
    let EventData::DealerUpserted(d) = e.data else {
        panic!()
    };
    assert_eq!(
        d.manager_email.as_ref().map(Email::as_str),
        Some("manager1@kh.demo")
    );
    let e = check(&shipment_json(), P).unwrap();
    let EventData::ShipmentUpserted(s) = e.data else {
        panic!()
    };
    assert_eq!(s.driver_phone.as_str(), "+380501234567");
    let e = check(&order_json(), P).unwrap();
    let EventData::OrderUpserted(o) = e.data else {
        panic!()
    };
    assert_eq!(
        o.accepted_at,
        Timestamp::parse_rfc3339("2025-03-04T07:10:00Z").unwrap()
    );
    assert_eq!(o.constructions[0].kind, ConstructionKind::Window);
}

#[test]
fn optional_fields_may_be_absent_null_or_blank() {
    let mut raw = dealer_json();
    remove(&mut raw, "/data/short_name");
    set(&mut raw, "/data/tax_id", Value::Null);
    set(&mut raw, "/data/city", json!("   "));
    set(&mut raw, "/data/email", json!(""));
    let e = check(&raw, P).unwrap();
    let EventData::DealerUpserted(d) = e.data else {
        panic!()
    };
    assert_eq!(
        (d.short_name, d.tax_id, d.city, d.email),
        (None, None, None, None)
    );
}

#[test]
fn text_is_trimmed() {
    let e = check(
        &with(
            dealer_json(),
            "/data/name",
            json!("  ФОП Коваленко О. М.  "),
        ),
        P,
    )
    .unwrap();
    let EventData::DealerUpserted(d) = e.data else {
        panic!()
    };
    assert_eq!(d.name, "ФОП Коваленко О. М.");
}

// ---- envelope --------------------------------------------------------

#[test]
fn event_must_be_an_object() {
    for raw in [json!([1]), json!("x"), json!(null), json!(3)] {
        refused(&raw, P, RejectCode::InvalidJsonShape, "");
    }
}

#[test]
fn type_rules() {
    let mut raw = order_json();
    remove(&mut raw, "/type");
    refused(&raw, P, RejectCode::MissingField, "/type");
    refused(
        &with(order_json(), "/type", json!(5)),
        P,
        RejectCode::InvalidField,
        "/type",
    );
    let r = refused(
        &with(order_json(), "/type", json!("order.deleted")),
        P,
        RejectCode::UnknownEventType,
        "/type",
    );
    assert!(r.message.contains("order.upserted"), "{}", r.message);
    refused(
        &with(order_json(), "/type", json!("Order.Upserted")),
        P,
        RejectCode::UnknownEventType,
        "/type",
    );
}

#[test]
fn forbidden_types_per_source() {
    refused(&posted_json(), P, RejectCode::ForbiddenEventType, "/type");
    refused(&opening_json(), P, RejectCode::ForbiddenEventType, "/type");
    refused(&voided_json(), P, RejectCode::ForbiddenEventType, "/type");
    refused(&dealer_json(), A, RejectCode::ForbiddenEventType, "/type");
    refused(&order_json(), A, RejectCode::ForbiddenEventType, "/type");
    refused(&status_json(), A, RejectCode::ForbiddenEventType, "/type");
    refused(&shipment_json(), A, RejectCode::ForbiddenEventType, "/type");
    refused(
        &attachment_json("application/pdf", b"%PDF-1.4"),
        A,
        RejectCode::ForbiddenEventType,
        "/type",
    );
}

#[test]
fn event_id_rules() {
    let mut raw = order_json();
    remove(&mut raw, "/event_id");
    refused(&raw, P, RejectCode::MissingField, "/event_id");
    refused(
        &with(order_json(), "/event_id", json!("")),
        P,
        RejectCode::InvalidField,
        "/event_id",
    );
    refused(
        &with(order_json(), "/event_id", json!("   ")),
        P,
        RejectCode::InvalidField,
        "/event_id",
    );
    refused(
        &with(order_json(), "/event_id", json!("a\u{7}b")),
        P,
        RejectCode::InvalidField,
        "/event_id",
    );
    refused(
        &with(order_json(), "/event_id", json!(123)),
        P,
        RejectCode::InvalidField,
        "/event_id",
    );
    refused(
        &with(order_json(), "/event_id", json!("x".repeat(129))),
        P,
        RejectCode::TooLong,
        "/event_id",
    );
    let e = check(&with(order_json(), "/event_id", json!("я".repeat(128))), P).unwrap();
    assert_eq!(e.event_id.chars().count(), 128);
}

#[test]
fn occurred_at_rules() {
    let mut raw = order_json();
    remove(&mut raw, "/occurred_at");
    refused(&raw, P, RejectCode::MissingField, "/occurred_at");
    for bad in [
        json!("2026-11-20T08:15:00"),
        json!("2026-11-20"),
        json!("yesterday"),
        json!(1_700_000_000),
    ] {
        refused(
            &with(order_json(), "/occurred_at", bad),
            P,
            RejectCode::InvalidField,
            "/occurred_at",
        );
    }
    assert!(
        check(
            &with(
                order_json(),
                "/occurred_at",
                json!("2026-11-20T10:15:00.5+02:00")
            ),
            P
        )
        .is_ok()
    );
}

#[test]
fn version_rules() {
    let mut raw = order_json();
    remove(&mut raw, "/version");
    refused(&raw, P, RejectCode::MissingField, "/version");
    for bad in [
        json!(0),
        json!(-1),
        json!(1.5),
        json!(2.0),
        json!("3"),
        json!(true),
        json!(u64::MAX),
        json!(9_223_372_036_854_775_808u64),
    ] {
        refused(
            &with(order_json(), "/version", bad),
            P,
            RejectCode::InvalidField,
            "/version",
        );
    }
    assert_eq!(
        check(&with(order_json(), "/version", json!(i64::MAX)), P).map(|e| e.version),
        Ok(i64::MAX)
    );
}

#[test]
fn unknown_envelope_field() {
    refused(
        &with(order_json(), "/extra", json!(1)),
        P,
        RejectCode::InvalidField,
        "/extra",
    );
}

#[test]
fn data_must_be_an_object() {
    let mut raw = order_json();
    remove(&mut raw, "/data");
    refused(&raw, P, RejectCode::MissingField, "/data");
    refused(
        &with(order_json(), "/data", json!([])),
        P,
        RejectCode::InvalidJsonShape,
        "/data",
    );
    refused(
        &with(order_json(), "/data", json!("{}")),
        P,
        RejectCode::InvalidJsonShape,
        "/data",
    );
}

#[test]
fn reject_codes_have_wire_names() {
    for c in RejectCode::ALL {
        assert_eq!(RejectCode::parse(c.as_str()), Some(c));
        assert_eq!(serde_json::to_value(c).unwrap(), json!(c.as_str()));
    }
    assert_eq!(RejectCode::ALL.len(), 7);
}
