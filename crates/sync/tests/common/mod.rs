//! Shared by the sync tests: a small generated plant, its set-up, and the
//! read model observed in the shape of the generator's reference.
#![allow(dead_code)]

use dealerdesk_domain::model::Factory;
use dealerdesk_domain::*;
use dealerdesk_sim::{FactoryPlan, PlantConfig, PlantGenerator, Reference};
use dealerdesk_store::{Repos, Store};
use dealerdesk_sync::apply::{Outcome, Target, apply_batch};
use dealerdesk_sync::events::*;
use std::collections::{BTreeMap, HashMap};

/// Order number → (status, total, trip); dealer code → balance.
pub type Observed = (
    BTreeMap<String, (OrderStatus, i64, Option<String>)>,
    BTreeMap<String, i64>,
);

pub fn plant(orders: usize) -> PlantGenerator {
    plant_seeded(orders, 7)
}

pub fn plant_seeded(orders: usize, seed: u64) -> PlantGenerator {
    PlantGenerator::new(PlantConfig {
        seed,
        factories: vec![FactoryPlan::new("KH"), FactoryPlan::new("PL")],
        dealers_per_factory: 8,
        orders,
        start: ::time::macros::date!(2026 - 01 - 01),
        end: ::time::macros::date!(2026 - 04 - 30),
    })
    .expect("plant")
}

/// Creates the factories and the managers the generator names.
pub async fn setup(store: &Store, g: &PlantGenerator) -> HashMap<String, Factory> {
    let mut tx = store.begin().await.expect("tx");
    let mut out = HashMap::new();
    for code in g.factory_codes() {
        let f = tx
            .factories()
            .insert(&code, &code, "Europe/Kyiv")
            .await
            .expect("factory");
        for m in g.manager_emails(&code) {
            tx.users()
                .insert(&dealerdesk_store::users::NewUser {
                    email: Email::parse(&m).expect("email"),
                    display_name: m.clone(),
                    role: Role::Manager,
                    dealer_id: None,
                    factory_id: Some(f.id),
                    password_hash: None,
                    language: Default::default(),
                    finance_allowed: false,
                })
                .await
                .expect("manager");
        }
        out.insert(code, f);
    }
    tx.commit().await.expect("commit");
    out
}

/// Applies the whole history in batches of `size` (per factory, in order).
pub async fn play(
    store: &Store,
    g: &PlantGenerator,
    factories: &HashMap<String, Factory>,
    size: usize,
) {
    let mut pending: Vec<(String, Event)> = Vec::new();
    let flush = async |pending: &mut Vec<(String, Event)>| {
        // A batch holds one factory's events; split where the factory changes.
        while !pending.is_empty() {
            let code = pending[0].0.clone();
            let n = pending.iter().take_while(|(c, _)| *c == code).count();
            let batch: Vec<Event> = pending.drain(..n).map(|(_, e)| e).collect();
            let target = Target {
                factory: &factories[&code],
                blobs: store.blobs(),
            };
            let mut tx = store.begin().await.expect("tx");
            let outcomes = apply_batch(&mut tx, &target, &batch).await.expect("apply");
            for (e, o) in batch.iter().zip(&outcomes) {
                assert_eq!(o, &Outcome::Applied, "{} {}", e.event_id, e.type_name());
            }
            tx.commit().await.expect("commit");
        }
    };
    for sent in g.events() {
        pending.push((sent.factory_code, sent.event));
        if pending.len() >= size {
            flush(&mut pending).await;
        }
    }
    flush(&mut pending).await;
}

/// The read model as the reference describes it.
pub async fn observe(store: &Store, reference: &Reference) -> Observed {
    let mut c = store.read().await.expect("conn");
    let mut orders = BTreeMap::new();
    for (number, expected) in &reference.orders {
        let (id, dealer) = c
            .orders()
            .locate(&expected.factory_code, number)
            .await
            .expect("locate")
            .unwrap_or_else(|| panic!("order {number} missing"));
        let scope = DealerScope::system(dealer.id);
        let o = c
            .orders()
            .get(&scope, id)
            .await
            .expect("get")
            .expect("order");
        let trip = c
            .shipments()
            .for_order(&scope, id)
            .await
            .expect("trip")
            .map(|s| s.trip);
        orders.insert(number.clone(), (o.status, o.total_minor, trip));
        for k in c
            .orders()
            .constructions(&scope, id)
            .await
            .expect("constructions")
        {
            if k.status != OrderStatus::Cancelled {
                assert!(
                    dealerdesk_domain::status::lift(o.status, k.status) == k.status,
                    "order {number}: construction {} ({}) behind the order ({})",
                    k.position,
                    k.status,
                    o.status
                );
            }
        }
    }
    let mut balances = BTreeMap::new();
    for code in reference.dealers.keys() {
        let d = c
            .dealers()
            .by_code(code)
            .await
            .expect("dealer")
            .unwrap_or_else(|| panic!("dealer {code} missing"));
        let scope = DealerScope::system(d.id);
        let balance = c
            .dealers()
            .stats(&scope)
            .await
            .expect("stats")
            .balance
            .minor;
        // The per-day table statements start from agrees with the entries
        // (corrections may have moved an entry to another day) and with
        // the balance.
        let (lo, hi) = ("0000-01-01", "9999-12-31");
        // Every column: the net change, debit, credit and the line count.
        let mut by_day: BTreeMap<String, DaySums> = BTreeMap::new();
        for e in c.ledger().entries(&scope, lo, hi).await.expect("entries") {
            let day = by_day.entry(e.posted_on.clone()).or_default();
            day.count_effect(e.effect_minor(), 1);
            day.count_line(1);
        }
        let mut daily: BTreeMap<String, DaySums> = c
            .ledger()
            .daily(&scope, lo, hi)
            .await
            .expect("daily")
            .into_iter()
            .collect();
        daily.retain(|_, v| !v.is_zero());
        assert_eq!(
            daily, by_day,
            "dealer {code}: ledger_daily drifted from the entries"
        );
        let (opening, _) = c.dealers().opening_balance(&scope).await.expect("opening");
        assert_eq!(
            opening + c.ledger().moved_before(&scope, hi).await.expect("moved"),
            balance,
            "dealer {code}: opening + days != balance"
        );
        balances.insert(code.clone(), balance);
    }
    (orders, balances)
}

pub fn expected(reference: &Reference) -> Observed {
    let orders = reference
        .orders
        .iter()
        .map(|(n, o)| (n.clone(), (o.status, o.total_minor, o.trip.clone())))
        .collect();
    let balances = reference
        .dealers
        .iter()
        .map(|(c, d)| (c.clone(), d.balance_minor))
        .collect();
    (orders, balances)
}
