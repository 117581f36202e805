//! The published JSON Schemas describe what the validator accepts: every
//! event a realistic plant sends validates against its type's schema, and
//! the usual mistakes do not.

use dealerdesk_sim::{FactoryPlan, PlantConfig, PlantGenerator};
use dealerdesk_sync::events::EventType;
use dealerdesk_sync::schema;
use serde_json::json;

fn validator(t: EventType) -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema::event(t))
        .expect("the schema compiles")
}

#[test]
fn generated_events_match_their_schemas() {
    let g = PlantGenerator::new(PlantConfig {
        seed: 5,
        factories: vec![FactoryPlan::new("KH")],
        dealers_per_factory: 6,
        orders: 300,
        start: time::macros::date!(2026 - 01 - 01),
        end: time::macros::date!(2026 - 04 - 30),
    })
    .expect("plant");
    let validators: Vec<(EventType, jsonschema::Validator)> =
        EventType::ALL.iter().map(|t| (*t, validator(*t))).collect();
    let mut seen = std::collections::BTreeSet::new();
    for sent in g.events() {
        let t = sent.event.data.event_type();
        let v = &validators
            .iter()
            .find(|(x, _)| *x == t)
            .expect("validator")
            .1;
        let json = sent.event.to_json();
        if let Err(e) = v.validate(&json) {
            panic!(
                "{} does not match the schema of {}: {e}\n{json}",
                sent.event.event_id,
                t.as_str()
            );
        }
        seen.insert(t.as_str());
    }
    assert!(seen.len() >= 7, "the plant exercised most types: {seen:?}");
}

#[test]
fn schemas_refuse_the_usual_mistakes() {
    let v = validator(EventType::OrderUpserted);
    let good = json!({"event_id": "e-1", "type": "order.upserted", "occurred_at": "2026-11-20T08:00:00Z", "version": 1,
        "data": {"number": "KH-1", "dealer_code": "KH-D1", "accepted_at": "2026-11-20T08:00:00Z", "currency": "UAH", "total_minor": 10,
                 "constructions": [{"position": 1, "kind": "window", "name": "Вікно", "width_mm": 1200, "height_mm": 1400, "quantity": 1, "price_minor": 10}]}});
    assert!(v.is_valid(&good));
    let mut narrow = good.clone();
    narrow["data"]["constructions"][0]["width_mm"] = json!(50);
    assert!(!v.is_valid(&narrow), "width below 100");
    let mut missing = good.clone();
    missing["data"]
        .as_object_mut()
        .expect("object")
        .remove("dealer_code");
    assert!(!v.is_valid(&missing), "a required field");
    let mut extra = good.clone();
    extra["data"]["colour_code"] = json!("x");
    assert!(!v.is_valid(&extra), "an unknown field");
    let mut version = good;
    version["version"] = json!(0);
    assert!(!v.is_valid(&version), "version below 1");
    let ledger = validator(EventType::LedgerEntryPosted);
    let entry = |kind: &str, amount: i64| {
        json!({"event_id": "a-1", "type": "ledger.entry_posted", "occurred_at": "2026-11-20T08:00:00Z", "version": 1,
        "data": {"entry_id": "E1", "dealer_code": "KH-D1", "kind": kind, "amount_minor": amount, "posted_on": "2026-11-20"}})
    };
    assert!(ledger.is_valid(&entry("adjustment", -5)));
    assert!(
        !ledger.is_valid(&entry("payment", -5)),
        "only adjustments are signed"
    );
    assert!(!ledger.is_valid(&entry("adjustment", 0)));
}
