//! Appliers: turn accepted events into the read model, inside the caller's
//! transaction. The same appliers serve the sync workers and the demo
//! plant, so demo data and synced data have one shape.
//!
//! A batch is applied in three steps: [`state`] loads every entity the
//! events touch with a few set queries, [`rules`] applies the events one
//! by one to that in-memory working set (deciding each event's
//! [`Outcome`]), and [`flush`] writes the result back with multi-row
//! statements. Statement round trips, not SQL work, dominate the cost of
//! small writes (see `store::syncbatch`), so a batch of thousands of events
//! costs a few dozen of them.
//!
//! Rules (SYNC_API.md "Applying"): per entity the highest `version` wins
//! and an older one changes nothing ([`Outcome::Stale`]); an event that
//! needs something not yet known waits ([`Outcome::Waiting`]); an event
//! that breaks a rule is refused ([`Outcome::Rejected`]) so the caller can
//! quarantine it, and changes nothing. Domain events for notifications go
//! to the outbox in the same transaction.

mod flush;
mod rules;
mod state;

use crate::events::Event;
use dealerdesk_domain::model::Factory;
use dealerdesk_store::{BlobStore, Conn, StoreError};
use std::collections::HashSet;

/// What applying one event did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The read model changed.
    Applied,
    /// A newer version was already applied; the event is history only.
    Stale,
    /// It refers to something not known yet; try again when that arrives.
    Waiting(String),
    /// It breaks a rule; quarantine it with this reason. Nothing changed.
    Rejected(String),
}

/// A failure of the batch as a whole (the database or the file store);
/// the caller rolls back and retries.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Writing an attachment's file failed.
    #[error("storing a file: {0}")]
    Io(#[from] std::io::Error),
}

impl From<dealerdesk_store::SqlxError> for ApplyError {
    fn from(e: dealerdesk_store::SqlxError) -> Self {
        ApplyError::Store(e.into())
    }
}

/// Where events apply: the factory whose source sent them, and the folder
/// attachment files go to.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub factory: &'a Factory,
    pub blobs: &'a BlobStore,
}

/// Applies `events` (all from sources of `target.factory`) in order and
/// returns one outcome per event. On `Err` nothing may be committed.
pub async fn apply_batch(
    c: &mut Conn,
    target: &Target<'_>,
    events: &[Event],
) -> Result<Vec<Outcome>, ApplyError> {
    apply_batch_holding(c, target, events, &mut HashSet::new()).await
}

/// Like [`apply_batch`], but events of an entity in `held` (one with a
/// quarantined event) wait behind it instead of applying; an event rejected
/// here adds its entity to `held`. This is how one bad event stops its own
/// entity and nothing else.
pub async fn apply_batch_holding(
    c: &mut Conn,
    target: &Target<'_>,
    events: &[Event],
    held: &mut HashSet<String>,
) -> Result<Vec<Outcome>, ApplyError> {
    let mut ws = state::load(c, target.factory.id, events).await?;
    let mut outcomes = Vec::with_capacity(events.len());
    for event in events {
        let key = event.entity_key();
        if held.contains(&key) {
            outcomes.push(Outcome::Waiting(format!(
                "an earlier event of {key} is quarantined"
            )));
            continue;
        }
        let outcome = rules::apply(&mut ws, target.blobs, event).await?;
        if matches!(outcome, Outcome::Rejected(_)) {
            held.insert(key);
        }
        outcomes.push(outcome);
    }
    flush::flush(c, target.factory.id, target.blobs, ws).await?;
    Ok(outcomes)
}

/// Applies one event (a batch of one).
pub async fn apply(
    c: &mut Conn,
    target: &Target<'_>,
    event: &Event,
) -> Result<Outcome, ApplyError> {
    let mut out = apply_batch(c, target, std::slice::from_ref(event)).await?;
    Ok(out.pop().unwrap_or(Outcome::Stale))
}
