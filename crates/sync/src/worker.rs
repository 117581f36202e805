//! The inbox worker: claims pending events, applies them through the
//! appliers, and records each one's fate — applied, waiting for something
//! not yet known, or quarantined with its error — in the same transaction.
//! Events of an entity with a quarantined event wait behind it; everything
//! else goes on.

use crate::apply::{ApplyError, Outcome, Target, apply_batch_holding};
use crate::events::Event;
use crate::validate::{Limits, validate_event};
use dealerdesk_domain::FactoryId;
use dealerdesk_domain::model::Factory;
use dealerdesk_store::inbox::{InboxEvent, Processed};
use dealerdesk_store::{Repos, Store};
use std::collections::{HashMap, HashSet};

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunReport {
    pub claimed: usize,
    pub applied: usize,
    pub stale: usize,
    pub waiting: usize,
    pub quarantined: usize,
    /// Waiting events put back in line because something was applied.
    pub requeued: u64,
}

/// Claims and applies up to `limit` pending events in one transaction.
pub async fn run_once(store: &Store, limit: i64) -> Result<RunReport, ApplyError> {
    let mut tx = store.begin().await?;
    let claimed = tx.inbox().claim(limit).await?;
    let mut report = RunReport {
        claimed: claimed.len(),
        ..Default::default()
    };
    if claimed.is_empty() {
        return Ok(report);
    }
    let mut held: HashMap<FactoryId, HashSet<String>> = HashMap::new();
    for (factory, key) in tx.inbox().quarantined_keys().await? {
        held.entry(factory).or_default().insert(key);
    }
    // Parse first: the body was validated on the way in, so a failure now
    // (a limit lowered since, say) quarantines that event alone.
    let limits = Limits::default();
    let mut done: Vec<(InboxEvent, Processed)> = Vec::with_capacity(claimed.len());
    let mut by_factory: Vec<(FactoryId, Vec<(InboxEvent, Event)>)> = Vec::new();
    for row in claimed {
        let parsed = serde_json::from_str(&row.body)
            .map_err(|e| e.to_string())
            .and_then(|v| validate_event(&v, row.source_kind, &limits).map_err(|r| r.to_string()));
        match parsed {
            Ok(event) => match by_factory.iter_mut().find(|(f, _)| *f == row.factory_id) {
                Some((_, list)) => list.push((row, event)),
                None => by_factory.push((row.factory_id, vec![(row, event)])),
            },
            Err(e) => done.push((
                row,
                Processed::Quarantined(format!("the stored event no longer validates: {e}")),
            )),
        }
    }
    let mut factories: HashMap<FactoryId, Factory> = HashMap::new();
    for (factory_id, items) in by_factory {
        let factory = match factories.get(&factory_id) {
            Some(f) => f.clone(),
            None => {
                let f = tx
                    .factories()
                    .by_id(factory_id)
                    .await?
                    .ok_or(dealerdesk_store::StoreError::NotFound)?;
                factories.insert(factory_id, f.clone());
                f
            }
        };
        let events: Vec<Event> = items.iter().map(|(_, e)| e.clone()).collect();
        let target = Target {
            factory: &factory,
            blobs: store.blobs(),
        };
        let outcomes = apply_batch_holding(
            &mut tx,
            &target,
            &events,
            held.entry(factory_id).or_default(),
        )
        .await?;
        for ((row, _), outcome) in items.into_iter().zip(outcomes) {
            let processed = match outcome {
                Outcome::Applied => {
                    report.applied += 1;
                    Processed::Applied(true)
                }
                Outcome::Stale => {
                    report.stale += 1;
                    Processed::Applied(false)
                }
                Outcome::Waiting(w) => {
                    report.waiting += 1;
                    Processed::Waiting(w)
                }
                Outcome::Rejected(r) => {
                    report.quarantined += 1;
                    Processed::Quarantined(r)
                }
            };
            done.push((row, processed));
        }
    }
    report.quarantined = done
        .iter()
        .filter(|(_, p)| matches!(p, Processed::Quarantined(_)))
        .count();
    tx.inbox().finish(&done).await?;
    // Something new exists: what waited for it may apply now.
    if report.applied > 0 {
        let touched: Vec<FactoryId> = factories.keys().copied().collect();
        report.requeued = tx.inbox().requeue_waiting(&touched).await?;
    }
    tx.commit().await?;
    Ok(report)
}

/// Runs until the inbox holds nothing that can be applied now.
pub async fn drain(store: &Store, limit: i64) -> Result<RunReport, ApplyError> {
    let mut total = RunReport::default();
    loop {
        let r = run_once(store, limit).await?;
        total.claimed += r.claimed;
        total.applied += r.applied;
        total.stale += r.stale;
        total.waiting += r.waiting;
        total.quarantined += r.quarantined;
        total.requeued += r.requeued;
        if r.claimed == 0 {
            return Ok(total);
        }
    }
}

/// The background loop of `serve`: applies what arrives, sleeps when the
/// inbox is empty until woken (new events) or a second passes (another
/// node's events, or a retry after an error), stops when `stop` says so.
pub async fn run(
    store: Store,
    wake: std::sync::Arc<tokio::sync::Notify>,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    let mut failures = 0u32;
    loop {
        if *stop.borrow() {
            return;
        }
        let idle = match run_once(&store, 2_000).await {
            Ok(r) => {
                failures = 0;
                if r.quarantined > 0 {
                    tracing::warn!(quarantined = r.quarantined, "sync events quarantined");
                }
                r.claimed == 0
            }
            Err(e) => {
                failures = failures.saturating_add(1);
                tracing::error!(error = %e, failures, "applying sync events failed; will retry");
                true
            }
        };
        if idle {
            let pause = std::time::Duration::from_millis(if failures == 0 {
                1_000
            } else {
                500 * u64::from(failures.min(20))
            });
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(pause) => {}
                _ = stop.changed() => return,
            }
        }
    }
}
