//! Order does not matter, repeats do not matter: the plant's events,
//! shuffled and sent through the real ingest and inbox worker, reach the
//! generator's reference state — on both databases. (A property test: the
//! shuffles are random, proptest reports the seed of any failure.)

mod common;

use common::*;
use dealerdesk_domain::model::{SourceKind, SyncSource};
use dealerdesk_sim::Sent;
use dealerdesk_store::{Repos, Store};
use dealerdesk_sync::ingest::{RequestLimits, ingest};
use dealerdesk_sync::worker::drain;
use dealerdesk_testkit::{TestBackend, TestDb};
use proptest::prelude::*;
use std::collections::HashMap;

/// Fisher–Yates with a small LCG: the shuffle is a function of `seed`.
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut s = seed | 1;
    for i in (1..items.len()).rev() {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        items.swap(i, (s >> 33) as usize % (i + 1));
    }
}

async fn sources(
    store: &Store,
    factories: &HashMap<String, dealerdesk_domain::model::Factory>,
) -> HashMap<(String, SourceKind), SyncSource> {
    let mut tx = store.begin().await.expect("tx");
    let mut out = HashMap::new();
    for (code, f) in factories {
        for kind in [SourceKind::Production, SourceKind::Accounting] {
            out.insert(
                (code.clone(), kind),
                tx.sources().insert(f.id, kind).await.expect("source"),
            );
        }
    }
    tx.commit().await.expect("commit");
    out
}

/// Sends `events` in requests of up to `chunk`, each request to its own
/// source, letting the worker run now and then, then until it is done.
async fn deliver(
    store: &Store,
    sources: &HashMap<(String, SourceKind), SyncSource>,
    events: &[Sent],
    chunk: usize,
) -> (usize, usize) {
    let (mut accepted, mut duplicates) = (0, 0);
    for (n, part) in events.chunks(chunk).enumerate() {
        let mut by_source: Vec<((String, SourceKind), Vec<serde_json::Value>)> = Vec::new();
        for s in part {
            let key = (s.factory_code.clone(), s.source);
            match by_source.iter_mut().find(|(k, _)| *k == key) {
                Some((_, list)) => list.push(s.event.to_json()),
                None => by_source.push((key, vec![s.event.to_json()])),
            }
        }
        for (key, list) in by_source {
            let body = serde_json::to_vec(&serde_json::json!({"events": list})).expect("json");
            let r = ingest(store, &sources[&key], &body, &RequestLimits::default())
                .await
                .expect("ingest");
            assert_eq!(
                r.rejected,
                0,
                "{:?}",
                r.results.iter().find(|x| x.error.is_some())
            );
            accepted += r.accepted;
            duplicates += r.duplicates;
        }
        if n % 4 == 3 {
            drain(store, 500).await.expect("worker");
        }
    }
    drain(store, 500).await.expect("worker");
    (accepted, duplicates)
}

async fn settled_counters(
    store: &Store,
    sources: &HashMap<(String, SourceKind), SyncSource>,
) -> (i64, i64, i64, i64) {
    let mut c = store.read().await.expect("conn");
    let mut t = (0, 0, 0, 0);
    for s in sources.values() {
        let k = c.inbox().counters(s.id).await.expect("counters");
        t.0 += k.accepted;
        t.1 += k.applied;
        t.2 += k.waiting;
        t.3 += k.quarantined;
    }
    t
}

async fn shuffled_plant(backend: TestBackend, seed: u64) {
    let db = TestDb::new(backend).await;
    let g = plant_seeded(150, seed % 1000);
    let factories = setup(&db.store, &g).await;
    let sources = sources(&db.store, &factories).await;
    let mut events: Vec<Sent> = g.events().collect();
    let total = events.len();
    shuffle(&mut events, seed);
    let (accepted, _) = deliver(&db.store, &sources, &events, 120).await;
    assert_eq!(accepted, total);
    let reference = g.reference();
    assert_eq!(
        observe(&db.store, &reference).await,
        expected(&reference),
        "seed {seed}"
    );
    let (acc, applied, waiting, quarantined) = settled_counters(&db.store, &sources).await;
    assert_eq!(
        (acc, applied, waiting, quarantined),
        (total as i64, total as i64, 0, 0),
        "seed {seed}"
    );
}

fn property(backend: TestBackend) {
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 3,
        ..ProptestConfig::default()
    });
    let handle = tokio::runtime::Handle::current();
    let result = runner.run(&any::<u64>(), |seed| {
        tokio::task::block_in_place(|| handle.block_on(shuffled_plant(backend, seed)));
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shuffled_events_reach_the_reference_sqlite() {
    property(TestBackend::Sqlite);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shuffled_events_reach_the_reference_postgres() {
    property(TestBackend::Postgres);
}

async fn storm(backend: TestBackend) {
    let db = TestDb::new(backend).await;
    let g = plant_seeded(120, 11);
    let factories = setup(&db.store, &g).await;
    let sources = sources(&db.store, &factories).await;
    let events: Vec<Sent> = g.events().collect();
    let unique = events.len();
    // Every event three times: twice in one request, once more later.
    let mut storm: Vec<Sent> = Vec::with_capacity(unique * 3);
    for e in &events {
        storm.push(e.clone());
        storm.push(e.clone());
    }
    let mut again = events.clone();
    shuffle(&mut again, 99);
    storm.extend(again);
    let (accepted, duplicates) = deliver(&db.store, &sources, &storm, 200).await;
    assert_eq!((accepted, duplicates), (unique, unique * 2));
    let reference = g.reference();
    assert_eq!(observe(&db.store, &reference).await, expected(&reference));
    let (acc, applied, waiting, quarantined) = settled_counters(&db.store, &sources).await;
    assert_eq!(
        (acc, applied, waiting, quarantined),
        (unique as i64, unique as i64, 0, 0)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicate_storm_changes_nothing_sqlite() {
    storm(TestBackend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicate_storm_changes_nothing_postgres() {
    storm(TestBackend::Postgres).await;
}
