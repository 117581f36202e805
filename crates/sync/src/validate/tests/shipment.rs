//! `shipment.upserted`: the list of orders and the trip's fields.

use super::*;

#[test]
fn shipment_orders_rules() {
    refused(
        &with(shipment_json(), "/data/orders", json!([])),
        P,
        RejectCode::InvalidField,
        "/data/orders",
    );
    refused(
        &with(shipment_json(), "/data/orders", json!("KH-1")),
        P,
        RejectCode::InvalidJsonShape,
        "/data/orders",
    );
    refused(
        &with(shipment_json(), "/data/orders", json!(["A", "B", "A"])),
        P,
        RejectCode::InvalidField,
        "/data/orders/2",
    );
    refused(
        &with(shipment_json(), "/data/orders", json!(["A", 5])),
        P,
        RejectCode::InvalidField,
        "/data/orders/1",
    );
    refused(
        &with(shipment_json(), "/data/orders", json!(["A", ""])),
        P,
        RejectCode::InvalidField,
        "/data/orders/1",
    );
    refused(
        &with(shipment_json(), "/data/orders", json!(["9".repeat(65)])),
        P,
        RejectCode::TooLong,
        "/data/orders/0",
    );
    let numbers = |n: usize| (0..n).map(|i| format!("KH-25-{i:06}")).collect::<Vec<_>>();
    refused(
        &with(shipment_json(), "/data/orders", json!(numbers(201))),
        P,
        RejectCode::TooLong,
        "/data/orders",
    );
    assert!(
        check(
            &with(shipment_json(), "/data/orders", json!(numbers(200))),
            P
        )
        .is_ok()
    );
}

#[test]
fn shipment_fields() {
    refused(
        &with(shipment_json(), "/data/driver_phone", json!("call Serhii")),
        P,
        RejectCode::InvalidField,
        "/data/driver_phone",
    );
    refused(
        &with(shipment_json(), "/data/driver_phone", json!("12345")),
        P,
        RejectCode::InvalidField,
        "/data/driver_phone",
    );
    refused(
        &with(shipment_json(), "/data/driver_name", json!("")),
        P,
        RejectCode::InvalidField,
        "/data/driver_name",
    );
    refused(
        &with(shipment_json(), "/data/trip", json!("T".repeat(65))),
        P,
        RejectCode::TooLong,
        "/data/trip",
    );
    refused(
        &with(
            shipment_json(),
            "/data/departed_at",
            json!("2025-03-20T07:30"),
        ),
        P,
        RejectCode::InvalidField,
        "/data/departed_at",
    );
    refused(
        &with(shipment_json(), "/data/delivered_at", json!(5)),
        P,
        RejectCode::InvalidField,
        "/data/delivered_at",
    );
    refused(
        &with(
            shipment_json(),
            "/data/planned_delivery_date",
            json!("20.03.2025"),
        ),
        P,
        RejectCode::InvalidField,
        "/data/planned_delivery_date",
    );
    assert!(
        check(
            &with(
                shipment_json(),
                "/data/driver_phone",
                json!("050 123 45 67")
            ),
            P
        )
        .is_ok()
    );
}
