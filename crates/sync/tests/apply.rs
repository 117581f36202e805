//! The appliers on both databases: a generated plant applied in batches
//! reaches exactly the generator's reference state, whatever the batch
//! size; and the rules for versions, waiting and refusal hold.

use dealerdesk_domain::model::Factory;
use dealerdesk_domain::*;
use dealerdesk_sim::{FactoryPlan, PlantConfig, PlantGenerator, Reference};
use dealerdesk_store::{Repos, Store};
use dealerdesk_sync::apply::{Outcome, Target, apply_batch};
use dealerdesk_sync::events::*;
use dealerdesk_testkit::{TestDb, both_backends};
use std::collections::{BTreeMap, HashMap};

/// Order number → (status, total, trip); dealer code → balance.
type Observed = (
    BTreeMap<String, (OrderStatus, i64, Option<String>)>,
    BTreeMap<String, i64>,
);

fn plant(orders: usize) -> PlantGenerator {
    PlantGenerator::new(PlantConfig {
        seed: 7,
        factories: vec![FactoryPlan::new("KH"), FactoryPlan::new("PL")],
        dealers_per_factory: 8,
        orders,
        start: ::time::macros::date!(2026 - 01 - 01),
        end: ::time::macros::date!(2026 - 04 - 30),
    })
    .expect("plant")
}

/// Creates the factories and the managers the generator names.
async fn setup(store: &Store, g: &PlantGenerator) -> HashMap<String, Factory> {
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
async fn play(
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
async fn observe(store: &Store, reference: &Reference) -> Observed {
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
        balances.insert(
            code.clone(),
            c.dealers()
                .stats(&DealerScope::system(d.id))
                .await
                .expect("stats")
                .balance
                .minor,
        );
    }
    (orders, balances)
}

fn expected(reference: &Reference) -> Observed {
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

both_backends! {
    async fn a_plant_reaches_the_reference_state(db) {
        let g = plant(500);
        let factories = setup(&db.store, &g).await;
        play(&db.store, &g, &factories, 700).await;
        let reference = g.reference();
        assert_eq!(observe(&db.store, &reference).await, expected(&reference));
        // Order counts by status per dealer add up to the dealer's orders.
        let mut c = db.store.read().await.expect("conn");
        let mut per_dealer: BTreeMap<&str, BTreeMap<OrderStatus, i64>> = BTreeMap::new();
        for o in reference.orders.values() {
            *per_dealer.entry(o.dealer_code.as_str()).or_default().entry(o.status).or_default() += 1;
        }
        for (code, counts) in per_dealer {
            let d = c.dealers().by_code(code).await.expect("d").expect("dealer");
            let stats = c.dealers().stats(&DealerScope::system(d.id)).await.expect("stats");
            for s in OrderStatus::ALL {
                assert_eq!(stats.count(*s), counts.get(s).copied().unwrap_or(0), "dealer {code}, {s}");
            }
        }
        assert!(c.outbox().last_id().await.expect("outbox") > 0, "domain events were written");
    }

    async fn batch_size_does_not_change_the_result(db) {
        let g = plant(150);
        let other = TestDb::new(db.backend).await;
        let fa = setup(&db.store, &g).await;
        let fb = setup(&other.store, &g).await;
        play(&db.store, &g, &fa, 1).await;
        play(&other.store, &g, &fb, 100_000).await;
        let reference = g.reference();
        let a = observe(&db.store, &reference).await;
        assert_eq!(a, observe(&other.store, &reference).await);
        assert_eq!(a, expected(&reference));
    }
}
