//! `dealer.upserted`, `order.upserted` (and its constructions) and
//! `order.status_changed`.

use super::*;
use dealerdesk_domain::ConstructionStatus;

// ---- dealer ------------------------------------------------------------

#[test]
fn dealer_code_rules() {
    refused(
        &with(dealer_json(), "/data/code", json!("")),
        P,
        RejectCode::InvalidField,
        "/data/code",
    );
    refused(
        &with(dealer_json(), "/data/code", json!("K".repeat(65))),
        P,
        RejectCode::TooLong,
        "/data/code",
    );
    refused(
        &with(dealer_json(), "/data/code", json!("KH/D1")),
        P,
        RejectCode::InvalidField,
        "/data/code",
    );
    refused(
        &with(dealer_json(), "/data/code", json!("ХК-1")),
        P,
        RejectCode::InvalidField,
        "/data/code",
    );
    assert!(check(&with(dealer_json(), "/data/code", json!("K".repeat(64))), P).is_ok());
    refused(
        &with(order_json(), "/data/dealer_code", json!("a b")),
        P,
        RejectCode::InvalidField,
        "/data/dealer_code",
    );
    refused(
        &with(posted_json(), "/data/dealer_code", json!("K".repeat(65))),
        A,
        RejectCode::TooLong,
        "/data/dealer_code",
    );
}

#[test]
fn dealer_emails() {
    refused(
        &with(dealer_json(), "/data/email", json!("info at vikna")),
        P,
        RejectCode::InvalidField,
        "/data/email",
    );
    refused(
        &with(dealer_json(), "/data/manager_email", json!("manager1@")),
        P,
        RejectCode::InvalidField,
        "/data/manager_email",
    );
}

// ---- order -------------------------------------------------------------

#[test]
fn order_number_rules() {
    refused(
        &with(order_json(), "/data/number", json!(" ")),
        P,
        RejectCode::InvalidField,
        "/data/number",
    );
    refused(
        &with(order_json(), "/data/number", json!("9".repeat(65))),
        P,
        RejectCode::TooLong,
        "/data/number",
    );
    assert!(
        check(
            &with(order_json(), "/data/number", json!("9".repeat(64))),
            P
        )
        .is_ok()
    );
    refused(
        &with(status_json(), "/data/number", json!("9".repeat(65))),
        P,
        RejectCode::TooLong,
        "/data/number",
    );
}

#[test]
fn total_must_not_be_negative() {
    refused(
        &with(order_json(), "/data/total_minor", json!(-1)),
        P,
        RejectCode::InvalidField,
        "/data/total_minor",
    );
    assert!(check(&with(order_json(), "/data/total_minor", json!(0)), P).is_ok());
}

#[test]
fn accepted_at_and_planned_date() {
    refused(
        &with(order_json(), "/data/accepted_at", json!("2025-03-04 09:10")),
        P,
        RejectCode::InvalidField,
        "/data/accepted_at",
    );
    refused(
        &with(order_json(), "/data/planned_ship_date", json!("14.03.2025")),
        P,
        RejectCode::InvalidField,
        "/data/planned_ship_date",
    );
    refused(
        &with(order_json(), "/data/planned_ship_date", json!("2025-02-30")),
        P,
        RejectCode::InvalidField,
        "/data/planned_ship_date",
    );
    refused(
        &with(order_json(), "/data/planned_ship_date", json!("2025-3-14")),
        P,
        RejectCode::InvalidField,
        "/data/planned_ship_date",
    );
}

#[test]
fn currency_rules() {
    let mut raw = order_json();
    remove(&mut raw, "/data/currency");
    let EventData::OrderUpserted(o) = check(&raw, P).unwrap().data else {
        panic!()
    };
    assert_eq!(o.currency, Currency::UAH);
    let EventData::OrderUpserted(o) = check(&with(order_json(), "/data/currency", json!("EUR")), P)
        .unwrap()
        .data
    else {
        panic!()
    };
    assert_eq!(o.currency, Currency::EUR);
    refused(
        &with(order_json(), "/data/currency", json!("грн")),
        P,
        RejectCode::InvalidField,
        "/data/currency",
    );
    refused(
        &with(posted_json(), "/data/currency", json!("uah")),
        A,
        RejectCode::InvalidField,
        "/data/currency",
    );
    refused(
        &with(opening_json(), "/data/currency", json!(980)),
        A,
        RejectCode::InvalidField,
        "/data/currency",
    );
}

#[test]
fn constructions_list_rules() {
    refused(
        &with(order_json(), "/data/constructions", json!([])),
        P,
        RejectCode::InvalidField,
        "/data/constructions",
    );
    refused(
        &with(order_json(), "/data/constructions", json!({})),
        P,
        RejectCode::InvalidJsonShape,
        "/data/constructions",
    );
    refused(
        &with(order_json(), "/data/constructions", json!([1])),
        P,
        RejectCode::InvalidJsonShape,
        "/data/constructions/0",
    );
    let many = |n: usize| {
        (1..=n)
            .map(|i| {
                let mut c = construction_json();
                c["position"] = json!(i);
                c
            })
            .collect::<Vec<_>>()
    };
    refused(
        &with(order_json(), "/data/constructions", json!(many(501))),
        P,
        RejectCode::TooLong,
        "/data/constructions",
    );
    assert!(
        check(
            &with(order_json(), "/data/constructions", json!(many(500))),
            P
        )
        .is_ok()
    );
}

#[test]
fn construction_positions() {
    refused(
        &with(order_json(), "/data/constructions/0/position", json!(0)),
        P,
        RejectCode::InvalidField,
        "/data/constructions/0/position",
    );
    let mut second = construction_json();
    second["width_mm"] = json!(700);
    let dup = with(
        order_json(),
        "/data/constructions",
        json!([construction_json(), second]),
    );
    refused(
        &dup,
        P,
        RejectCode::InvalidField,
        "/data/constructions/1/position",
    );
}

#[test]
fn construction_sizes() {
    for (field, bad) in [
        ("width_mm", 99),
        ("width_mm", 10_001),
        ("height_mm", 99),
        ("height_mm", 10_001),
    ] {
        let path = format!("/data/constructions/0/{field}");
        let r = refused(
            &with(order_json(), &path, json!(bad)),
            P,
            RejectCode::InvalidField,
            &path,
        );
        assert_eq!(r.message, format!("{field} must be between 100 and 10000"));
    }
    for ok in [100, 10_000] {
        assert!(
            check(
                &with(order_json(), "/data/constructions/0/width_mm", json!(ok)),
                P
            )
            .is_ok()
        );
    }
}

#[test]
fn construction_quantity_price_kind() {
    let p = "/data/constructions/0/quantity";
    refused(
        &with(order_json(), p, json!(0)),
        P,
        RejectCode::InvalidField,
        p,
    );
    refused(
        &with(order_json(), p, json!(1001)),
        P,
        RejectCode::InvalidField,
        p,
    );
    assert!(check(&with(order_json(), p, json!(1000)), P).is_ok());
    let p = "/data/constructions/0/price_minor";
    refused(
        &with(order_json(), p, json!(-1)),
        P,
        RejectCode::InvalidField,
        p,
    );
    assert!(check(&with(order_json(), p, json!(0)), P).is_ok());
    let p = "/data/constructions/0/kind";
    refused(
        &with(order_json(), p, json!("skylight")),
        P,
        RejectCode::InvalidField,
        p,
    );
    for k in ConstructionKind::ALL {
        assert!(check(&with(order_json(), p, json!(k.as_str())), P).is_ok());
    }
}

// ---- status --------------------------------------------------------------

#[test]
fn status_rules() {
    refused(
        &with(status_json(), "/data/status", json!("lost")),
        P,
        RejectCode::InvalidField,
        "/data/status",
    );
    refused(
        &with(status_json(), "/data/status", json!("Ready")),
        P,
        RejectCode::InvalidField,
        "/data/status",
    );
    refused(
        &with(status_json(), "/data/at", json!("now")),
        P,
        RejectCode::InvalidField,
        "/data/at",
    );
    refused(
        &with(status_json(), "/data/constructions/0/status", json!("done")),
        P,
        RejectCode::InvalidField,
        "/data/constructions/0/status",
    );
    refused(
        &with(status_json(), "/data/constructions/0/position", json!(-2)),
        P,
        RejectCode::InvalidField,
        "/data/constructions/0/position",
    );
    refused(
        &with(
            status_json(),
            "/data/constructions/0/at",
            json!("2026-11-20"),
        ),
        P,
        RejectCode::InvalidField,
        "/data/constructions/0/at",
    );
    refused(
        &with(status_json(), "/data/constructions", json!("1,2")),
        P,
        RejectCode::InvalidJsonShape,
        "/data/constructions",
    );
    let item = json!({ "position": 3, "status": "manufactured", "at": "2026-11-20T08:14:51Z" });
    refused(
        &with(status_json(), "/data/constructions", json!([item, item])),
        P,
        RejectCode::InvalidField,
        "/data/constructions/1/position",
    );
    for s in OrderStatus::ALL {
        assert!(check(&with(status_json(), "/data/status", json!(s.as_str())), P).is_ok());
    }
    assert!(check(&with(status_json(), "/data/constructions", json!([])), P).is_ok());
}

#[test]
fn construction_status_is_order_status() {
    let s: ConstructionStatus = OrderStatus::Manufactured;
    assert_eq!(s.as_str(), "manufactured");
}
