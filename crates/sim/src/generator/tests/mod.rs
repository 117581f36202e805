//! Tests of the plant generator, by topic:
//! - `history`: determinism, time order, versions, event ids, day batches;
//! - `lifecycle`: order statuses, charges, and the reference against a fold
//!   over the events;
//! - `realism`: the mix of statuses, dealers, constructions, trips, ledger
//!   kinds and attachment files looks like a real plant's;
//! - `setup`: configurations (valid and refused) and the time helpers.
//!
//! This file holds the small plant most tests run.

use super::*;
use dealerdesk_domain::ledger::{Posting, balance};
use dealerdesk_domain::{ConstructionKind, LedgerKind, OrderStatus, Timestamp};
use dealerdesk_sync::validate::{Limits, validate_event};
use std::collections::{HashMap, HashSet};
use time::macros::date;

mod history;
mod lifecycle;
mod realism;
mod scale;
mod setup;

/// Two factories, 20 dealers, 500 orders over half a year.
fn small(seed: u64) -> PlantGenerator {
    PlantGenerator::new(PlantConfig {
        seed,
        factories: vec![FactoryPlan::new("KH"), FactoryPlan::new("PL")],
        dealers_per_factory: 10,
        orders: 500,
        start: date!(2025 - 01 - 01),
        end: date!(2025 - 06 - 30),
    })
    .unwrap()
}

fn events(g: &PlantGenerator) -> Vec<Sent> {
    g.events().collect()
}
