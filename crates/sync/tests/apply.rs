//! The appliers on both databases: a generated plant applied in batches
//! reaches exactly the generator's reference state, whatever the batch
//! size.

mod common;

use common::*;
use dealerdesk_domain::*;
use dealerdesk_store::Repos;
use dealerdesk_testkit::{TestDb, both_backends};
use std::collections::BTreeMap;

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
