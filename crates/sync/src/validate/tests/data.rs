//! Rules shared by every event's `data`: unknown and required fields,
//! string limits, scalar types and control characters.

use super::*;

#[test]
fn unknown_data_fields_are_refused_at_their_path() {
    let r = refused(
        &with(order_json(), "/data/colour", json!("білий")),
        P,
        RejectCode::InvalidField,
        "/data/colour",
    );
    assert!(r.message.contains("unknown field"), "{}", r.message);
    refused(
        &with(order_json(), "/data/constructions/0/colour_code", json!(1)),
        P,
        RejectCode::InvalidField,
        "/data/constructions/0/colour_code",
    );
    refused(
        &with(status_json(), "/data/constructions/0/note", json!("x")),
        P,
        RejectCode::InvalidField,
        "/data/constructions/0/note",
    );
    let mut raw = voided_json();
    raw["data"]
        .as_object_mut()
        .unwrap()
        .insert("a~b/c".into(), json!(1));
    refused(&raw, A, RejectCode::InvalidField, "/data/a~0b~1c");
}

#[test]
fn required_fields_of_every_type() {
    let cases: [(Value, SourceKind, &[&str]); 8] = [
        (dealer_json(), P, &["code", "name", "active"]),
        (
            order_json(),
            P,
            &[
                "number",
                "dealer_code",
                "accepted_at",
                "total_minor",
                "constructions",
            ],
        ),
        (status_json(), P, &["number", "status", "at"]),
        (
            shipment_json(),
            P,
            &["trip", "driver_name", "driver_phone", "orders"],
        ),
        (
            attachment_json("image/jpeg", &[0xFF, 0xD8, 0xFF, 0xE0]),
            P,
            &[
                "attachment_id",
                "order_number",
                "kind",
                "file_name",
                "content_type",
                "content_base64",
            ],
        ),
        (opening_json(), A, &["dealer_code", "as_of", "amount_minor"]),
        (
            posted_json(),
            A,
            &[
                "entry_id",
                "dealer_code",
                "kind",
                "amount_minor",
                "posted_on",
            ],
        ),
        (voided_json(), A, &["entry_id", "reason"]),
    ];
    for (raw, source, required) in cases {
        check(&raw, source).unwrap();
        for field in required {
            let path = format!("/data/{field}");
            let mut missing = raw.clone();
            remove(&mut missing, &path);
            refused(&missing, source, RejectCode::MissingField, &path);
            refused(
                &with(raw.clone(), &path, Value::Null),
                source,
                RejectCode::MissingField,
                &path,
            );
        }
    }
    let construction_required = [
        "position",
        "kind",
        "name",
        "width_mm",
        "height_mm",
        "quantity",
        "price_minor",
    ];
    for field in construction_required {
        let path = format!("/data/constructions/0/{field}");
        let mut raw = order_json();
        remove(&mut raw, &path);
        refused(&raw, P, RejectCode::MissingField, &path);
    }
    for field in ["position", "status", "at"] {
        let path = format!("/data/constructions/0/{field}");
        let mut raw = status_json();
        remove(&mut raw, &path);
        refused(&raw, P, RejectCode::MissingField, &path);
    }
}

#[test]
fn strings_longer_than_the_limit() {
    let long = "ж".repeat(1001);
    refused(
        &with(dealer_json(), "/data/name", json!(long)),
        P,
        RejectCode::TooLong,
        "/data/name",
    );
    refused(
        &with(dealer_json(), "/data/address", json!(long)),
        P,
        RejectCode::TooLong,
        "/data/address",
    );
    refused(
        &with(posted_json(), "/data/description", json!(long)),
        A,
        RejectCode::TooLong,
        "/data/description",
    );
    refused(
        &with(
            order_json(),
            "/data/constructions/0/glass_unit",
            json!(long),
        ),
        P,
        RejectCode::TooLong,
        "/data/constructions/0/glass_unit",
    );
    assert!(
        check(
            &with(dealer_json(), "/data/name", json!("ж".repeat(1000))),
            P
        )
        .is_ok()
    );
    let small = Limits {
        max_string_chars: 10,
        ..Limits::default()
    };
    let r = validate_event(
        &with(dealer_json(), "/data/name", json!("12345678901")),
        P,
        &small,
    )
    .unwrap_err();
    assert_eq!(
        (r.code, r.path.as_str()),
        (RejectCode::TooLong, "/data/name")
    );
}

#[test]
fn wrong_scalar_types() {
    refused(
        &with(dealer_json(), "/data/name", json!(5)),
        P,
        RejectCode::InvalidField,
        "/data/name",
    );
    refused(
        &with(dealer_json(), "/data/active", json!("yes")),
        P,
        RejectCode::InvalidField,
        "/data/active",
    );
    refused(
        &with(order_json(), "/data/total_minor", json!("1700000")),
        P,
        RejectCode::InvalidField,
        "/data/total_minor",
    );
    refused(
        &with(order_json(), "/data/total_minor", json!(17000.5)),
        P,
        RejectCode::InvalidField,
        "/data/total_minor",
    );
}

#[test]
fn control_characters() {
    refused(
        &with(dealer_json(), "/data/name", json!("Вікна\nПоділля")),
        P,
        RejectCode::InvalidField,
        "/data/name",
    );
    refused(
        &with(dealer_json(), "/data/address", json!("a\u{0}b")),
        P,
        RejectCode::InvalidField,
        "/data/address",
    );
    assert!(
        check(
            &with(
                dealer_json(),
                "/data/address",
                json!("вул. Сумська, 12\nоф. 5")
            ),
            P
        )
        .is_ok()
    );
    assert!(
        check(
            &with(voided_json(), "/data/reason", json!("двічі\r\nдив. акт")),
            A
        )
        .is_ok()
    );
}
