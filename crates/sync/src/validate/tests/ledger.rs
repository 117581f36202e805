//! The `ledger.*` events: amount signs per kind, dates and texts.

use super::*;

#[test]
fn ledger_amounts() {
    let p = "/data/amount_minor";
    refused(
        &with(posted_json(), p, json!(0)),
        A,
        RejectCode::InvalidField,
        p,
    );
    refused(
        &with(posted_json(), p, json!(-100)),
        A,
        RejectCode::InvalidField,
        p,
    );
    let adj = with(posted_json(), "/data/kind", json!("adjustment"));
    assert!(check(&with(adj.clone(), p, json!(-100)), A).is_ok());
    refused(
        &with(adj.clone(), p, json!(0)),
        A,
        RejectCode::InvalidField,
        p,
    );
    refused(
        &with(adj, p, json!(i64::MIN)),
        A,
        RejectCode::InvalidField,
        p,
    );
    refused(
        &with(posted_json(), "/data/kind", json!("invoice")),
        A,
        RejectCode::InvalidField,
        "/data/kind",
    );
    for k in LedgerKind::ALL {
        assert!(check(&with(posted_json(), "/data/kind", json!(k.as_str())), A).is_ok());
    }
    // The opening balance is signed and may be zero.
    for amount in [-5, 0, 5] {
        assert!(check(&with(opening_json(), p, json!(amount)), A).is_ok());
    }
}

#[test]
fn ledger_dates_and_texts() {
    refused(
        &with(posted_json(), "/data/posted_on", json!("2025-13-01")),
        A,
        RejectCode::InvalidField,
        "/data/posted_on",
    );
    refused(
        &with(opening_json(), "/data/as_of", json!("01.01.2025")),
        A,
        RejectCode::InvalidField,
        "/data/as_of",
    );
    refused(
        &with(posted_json(), "/data/order_number", json!("9".repeat(65))),
        A,
        RejectCode::TooLong,
        "/data/order_number",
    );
    refused(
        &with(posted_json(), "/data/entry_id", json!("")),
        A,
        RejectCode::InvalidField,
        "/data/entry_id",
    );
    refused(
        &with(voided_json(), "/data/reason", json!(" ")),
        A,
        RejectCode::InvalidField,
        "/data/reason",
    );
}
