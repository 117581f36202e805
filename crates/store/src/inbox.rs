//! The sync inbox: accepted events, committed before the API answers, and
//! worked off by the appliers. Per-source counters are kept beside it in
//! the same transactions, so the status endpoint reads one row.

use crate::row::RowExt;
use crate::syncbatch::{Key, tuples};
use crate::{Result, StoreError};
use dealerdesk_domain::model::SourceKind;
use dealerdesk_domain::{FactoryId, SourceId, Timestamp};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use std::collections::HashMap;

pub struct Inbox<'c> {
    pub(crate) c: &'c mut AnyConnection,
}

/// An accepted event to store.
#[derive(Debug, Clone)]
pub struct NewInboxEvent {
    pub event_id: String,
    pub event_type: String,
    pub entity_key: String,
    pub version: i64,
    /// Canonical JSON of the validated event.
    pub body: String,
    pub body_hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxEvent {
    pub id: i64,
    pub source_id: SourceId,
    pub source_kind: SourceKind,
    pub factory_id: FactoryId,
    pub event_id: String,
    pub event_type: String,
    pub entity_key: String,
    pub body: String,
    pub received_at: Timestamp,
    pub attempts: i64,
}

/// Where an event ended after a worker run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Processed {
    /// Applied, `true` if it changed the read model, `false` if stale.
    Applied(bool),
    Waiting(String),
    Quarantined(String),
}

/// What the status endpoint reports for one source.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counters {
    pub accepted: i64,
    pub applied: i64,
    pub waiting: i64,
    pub quarantined: i64,
    pub discarded: i64,
}

/// One quarantined event, for the sync health page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuarantinedEvent {
    pub id: i64,
    pub source_id: SourceId,
    pub factory_id: FactoryId,
    pub event_id: String,
    pub event_type: String,
    pub entity_key: String,
    pub error: String,
    pub received_at: Timestamp,
    pub attempts: i64,
}

fn state_of(
    p: &Processed,
) -> (
    &'static str,
    Option<&'static str>,
    Option<&str>,
    Option<&str>,
) {
    match p {
        Processed::Applied(true) => ("applied", Some("applied"), None, None),
        Processed::Applied(false) => ("applied", Some("stale"), None, None),
        Processed::Waiting(w) => ("waiting", None, Some(w.as_str()), None),
        Processed::Quarantined(e) => ("quarantined", None, None, Some(e.as_str())),
    }
}

impl Inbox<'_> {
    fn is_postgres(&self) -> bool {
        self.c.backend_name() == "PostgreSQL"
    }

    /// The stored content hashes of these event ids of a source.
    pub async fn existing(
        &mut self,
        source: SourceId,
        event_ids: &[String],
    ) -> Result<HashMap<String, String>> {
        let mut out = HashMap::new();
        for chunk in event_ids.chunks(500) {
            let list = (2..chunk.len() + 2)
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "SELECT event_id, body_hash FROM sync_inbox WHERE source_id = $1 AND event_id IN ({list})"
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(source.0);
            for id in chunk {
                q = id.bind_to(q);
            }
            for r in q.fetch_all(&mut *self.c).await? {
                out.insert(r.string("event_id")?, r.string("body_hash")?);
            }
        }
        Ok(out)
    }

    /// Stores accepted events and counts them. A concurrent insert of the
    /// same event id fails with `Conflict`; the caller classifies again.
    pub async fn insert(
        &mut self,
        source: SourceId,
        factory: FactoryId,
        rows: &[NewInboxEvent],
    ) -> Result<()> {
        let now = Timestamp::now().0;
        // Attachments can make a row large; keep statements moderate.
        for chunk in rows.chunks(100) {
            let sql = format!(
                "INSERT INTO sync_inbox (source_id, factory_id, event_id, event_type, entity_key, version, body, body_hash, received_at, state) VALUES {}",
                tuples(1, 10, chunk.len())
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for r in chunk {
                q = q
                    .bind(source.0)
                    .bind(factory.0)
                    .bind(&r.event_id)
                    .bind(&r.event_type)
                    .bind(&r.entity_key)
                    .bind(r.version)
                    .bind(&r.body)
                    .bind(&r.body_hash)
                    .bind(now)
                    .bind("pending");
            }
            q.execute(&mut *self.c).await?;
        }
        self.add(
            source,
            Counters {
                accepted: rows.len() as i64,
                ..Default::default()
            },
        )
        .await
    }

    /// Claims up to `limit` pending events, oldest first, for the rest of
    /// the transaction. On PostgreSQL other workers skip them
    /// (`FOR UPDATE SKIP LOCKED`); SQLite has one writer and claims across
    /// factories.
    ///
    /// On PostgreSQL the appliers of all nodes take turns per factory (a
    /// transaction-scoped advisory lock on the factory, released by commit,
    /// rollback or a dropped connection), and a claim holds one factory's
    /// events: the factory with the oldest pending event whose lock is
    /// free, or, when every factory with pending events is being applied,
    /// the oldest one's, waited for. Two batches of one factory applied
    /// side by side would find each other's orders and dealers not yet
    /// committed and park their events as waiting, to be tried again
    /// (measured: three nodes applied 5 times slower than one); the events
    /// of different factories never refer to each other, so their batches
    /// run side by side, and every node adds an applier (bench/run, 4
    /// factories: 3 nodes 1.26–1.32 × one node, against 0.79 × when all
    /// factories took one turn). The one thing two factories can both
    /// write is a new dealer code (unique across the plant): if both send
    /// the same new code at once, one batch fails on the unique key and is
    /// claimed again after the other committed, then rejects that event
    /// ("belongs to another factory"), as one applier would have.
    pub async fn claim(&mut self, limit: i64) -> Result<Vec<InboxEvent>> {
        const COLS: &str = "SELECT i.id, i.source_id, s.kind, i.factory_id, i.event_id, i.event_type, i.entity_key, i.body, i.received_at, i.attempts \
             FROM sync_inbox i JOIN sync_sources s ON s.id = i.source_id WHERE i.state = 'pending'";
        if !self.is_postgres() {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "{COLS} ORDER BY i.id LIMIT $1"
            )))
            .bind(limit)
            .fetch_all(&mut *self.c)
            .await?;
            return rows.iter().map(inbox_event).collect();
        }
        let Some(factory) = self.take_a_factory().await? else {
            return Ok(Vec::new());
        };
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{COLS} AND i.factory_id = $1 ORDER BY i.id LIMIT $2 FOR UPDATE OF i SKIP LOCKED"
        )))
        .bind(factory)
        .bind(limit)
        .fetch_all(&mut *self.c)
        .await?;
        rows.iter().map(inbox_event).collect()
    }

    /// PostgreSQL: the factory whose turn this worker takes (see
    /// [`Inbox::claim`]); `None` when nothing is pending.
    async fn take_a_factory(&mut self) -> Result<Option<i64>> {
        let waiting: Vec<i64> = sqlx::query_scalar(
            "SELECT f.id FROM factories f CROSS JOIN LATERAL \
             (SELECT i.id FROM sync_inbox i WHERE i.state = 'pending' AND i.factory_id = f.id ORDER BY i.id LIMIT 1) oldest \
             ORDER BY oldest.id",
        )
        .fetch_all(&mut *self.c)
        .await?;
        for &f in &waiting {
            let mine: bool = sqlx::query_scalar(
                "SELECT pg_try_advisory_xact_lock(7470003, CAST($1 AS INTEGER))",
            )
            .bind(f)
            .fetch_one(&mut *self.c)
            .await?;
            if mine {
                return Ok(Some(f));
            }
        }
        let Some(&oldest) = waiting.first() else {
            return Ok(None);
        };
        sqlx::query("SELECT pg_advisory_xact_lock(7470003, CAST($1 AS INTEGER))")
            .bind(oldest)
            .execute(&mut *self.c)
            .await?;
        Ok(Some(oldest))
    }

    /// Entity keys that have a quarantined event, per factory: later
    /// events of those entities wait behind it.
    pub async fn quarantined_keys(&mut self) -> Result<Vec<(FactoryId, String)>> {
        let rows = sqlx::query(
            "SELECT DISTINCT factory_id, entity_key FROM sync_inbox WHERE state = 'quarantined'",
        )
        .fetch_all(&mut *self.c)
        .await?;
        rows.iter()
            .map(|r| Ok((FactoryId(r.i64("factory_id")?), r.string("entity_key")?)))
            .collect()
    }

    /// Records where each claimed event ended, and moves the counters.
    pub async fn finish(&mut self, done: &[(InboxEvent, Processed)]) -> Result<()> {
        let now = Timestamp::now().0;
        for chunk in done.chunks(500) {
            let sql = format!(
                "UPDATE sync_inbox SET state = v.column2, outcome = v.column3, waiting_for = v.column4, error = v.column5, \
                 attempts = attempts + 1, processed_at = v.column6 FROM (VALUES {}) AS v WHERE sync_inbox.id = v.column1",
                tuples(1, 6, chunk.len())
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (e, p) in chunk {
                let (state, outcome, waiting, error) = state_of(p);
                q = q
                    .bind(e.id)
                    .bind(state)
                    .bind(outcome)
                    .bind(waiting)
                    .bind(error)
                    .bind(now);
            }
            q.execute(&mut *self.c).await?;
        }
        let mut deltas: HashMap<SourceId, Counters> = HashMap::new();
        for (e, p) in done {
            let d = deltas.entry(e.source_id).or_default();
            match p {
                Processed::Applied(_) => d.applied += 1,
                Processed::Waiting(_) => d.waiting += 1,
                Processed::Quarantined(_) => d.quarantined += 1,
            }
        }
        for (source, d) in deltas {
            self.add(source, d).await?;
        }
        Ok(())
    }

    /// Puts the waiting events of these factories back in line (something
    /// they may need has arrived; an event only ever waits for its own
    /// factory's entities, and another factory's waiting rows may be in
    /// another applier's hands). Returns how many.
    pub async fn requeue_waiting(&mut self, factories: &[FactoryId]) -> Result<u64> {
        if factories.is_empty() {
            return Ok(0);
        }
        let sql = format!(
            "UPDATE sync_inbox SET state = 'pending' WHERE state = 'waiting' AND factory_id IN ({}) RETURNING source_id",
            crate::syncbatch::list(1, factories.len())
        );
        let sql = if self.is_postgres() {
            sql
        } else {
            crate::syncbatch::anonymous(&sql)
        };
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for f in factories {
            q = q.bind(f.0);
        }
        let rows = q.fetch_all(&mut *self.c).await?;
        let mut per: HashMap<i64, i64> = HashMap::new();
        for r in &rows {
            *per.entry(r.i64("source_id")?).or_default() += 1;
        }
        for (source, n) in per {
            self.add(
                SourceId(source),
                Counters {
                    waiting: -n,
                    ..Default::default()
                },
            )
            .await?;
        }
        Ok(rows.len() as u64)
    }

    pub async fn counters(&mut self, source: SourceId) -> Result<Counters> {
        let r = sqlx::query("SELECT accepted, applied, waiting, quarantined, discarded FROM sync_counters WHERE source_id = $1")
            .bind(source.0)
            .fetch_optional(&mut *self.c)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(Counters {
            accepted: r.i64("accepted")?,
            applied: r.i64("applied")?,
            waiting: r.i64("waiting")?,
            quarantined: r.i64("quarantined")?,
            discarded: r.i64("discarded")?,
        })
    }

    /// Events accepted and not yet applied, over all sources (backpressure).
    pub async fn backlog(&mut self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT CAST(COALESCE(SUM(accepted - applied - quarantined - discarded), 0) AS BIGINT) FROM sync_counters")
            .fetch_one(&mut *self.c)
            .await?)
    }

    /// When the oldest event of a source still waiting to be applied arrived.
    pub async fn oldest_unapplied(&mut self, source: SourceId) -> Result<Option<Timestamp>> {
        let mut oldest: Option<i64> = None;
        for state in ["pending", "waiting"] {
            let t: Option<i64> = sqlx::query_scalar(
                "SELECT MIN(received_at) FROM sync_inbox WHERE source_id = $1 AND state = $2",
            )
            .bind(source.0)
            .bind(state)
            .fetch_one(&mut *self.c)
            .await?;
            oldest = match (oldest, t) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        Ok(oldest.map(Timestamp))
    }

    async fn add(&mut self, source: SourceId, d: Counters) -> Result<()> {
        sqlx::query(
            "UPDATE sync_counters SET accepted = accepted + $2, applied = applied + $3, waiting = waiting + $4, quarantined = quarantined + $5, \
             discarded = discarded + $6 WHERE source_id = $1",
        )
        .bind(source.0)
        .bind(d.accepted)
        .bind(d.applied)
        .bind(d.waiting)
        .bind(d.quarantined)
        .bind(d.discarded)
        .execute(&mut *self.c)
        .await?;
        Ok(())
    }

    /// The quarantine, oldest first.
    pub async fn quarantined(&mut self, limit: i64) -> Result<Vec<QuarantinedEvent>> {
        let rows = sqlx::query(
            "SELECT id, source_id, factory_id, event_id, event_type, entity_key, error, received_at, attempts FROM sync_inbox \
             WHERE state = 'quarantined' ORDER BY id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&mut *self.c)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(QuarantinedEvent {
                    id: r.i64("id")?,
                    source_id: SourceId(r.i64("source_id")?),
                    factory_id: FactoryId(r.i64("factory_id")?),
                    event_id: r.string("event_id")?,
                    event_type: r.string("event_type")?,
                    entity_key: r.string("entity_key")?,
                    error: r.opt_string("error")?.unwrap_or_default(),
                    received_at: r.ts("received_at")?,
                    attempts: r.i64("attempts")?,
                })
            })
            .collect()
    }

    /// The event that has waited longest: (inbox id, event id, what it
    /// waits for, when it arrived).
    pub async fn oldest_waiting(&mut self) -> Result<Option<(i64, String, String, Timestamp)>> {
        let row = sqlx::query("SELECT id, event_id, waiting_for, received_at FROM sync_inbox WHERE state = 'waiting' ORDER BY id LIMIT 1")
            .fetch_optional(&mut *self.c)
            .await?;
        row.map(|r| {
            Ok((
                r.i64("id")?,
                r.string("event_id")?,
                r.opt_string("waiting_for")?.unwrap_or_default(),
                r.ts("received_at")?,
            ))
        })
        .transpose()
    }

    /// Sends a quarantined event back to be applied again (after a fix).
    pub async fn retry(&mut self, id: i64) -> Result<()> {
        self.leave_quarantine(
            id,
            "pending",
            Counters {
                quarantined: -1,
                ..Default::default()
            },
        )
        .await
    }

    /// Gives up on a quarantined event; it stays in the inbox as history.
    pub async fn discard(&mut self, id: i64) -> Result<()> {
        self.leave_quarantine(
            id,
            "discarded",
            Counters {
                quarantined: -1,
                discarded: 1,
                ..Default::default()
            },
        )
        .await
    }

    async fn leave_quarantine(&mut self, id: i64, to: &str, delta: Counters) -> Result<()> {
        let row = sqlx::query("UPDATE sync_inbox SET state = $2 WHERE id = $1 AND state = 'quarantined' RETURNING source_id, factory_id")
            .bind(id)
            .bind(to)
            .fetch_optional(&mut *self.c)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.add(SourceId(row.i64("source_id")?), delta).await?;
        // Events held behind it may go on now.
        self.requeue_waiting(&[FactoryId(row.i64("factory_id")?)])
            .await?;
        Ok(())
    }
}

fn inbox_event(r: &AnyRow) -> Result<InboxEvent> {
    Ok(InboxEvent {
        id: r.i64("id")?,
        source_id: SourceId(r.i64("source_id")?),
        source_kind: SourceKind::parse(&r.string("kind")?)?,
        factory_id: FactoryId(r.i64("factory_id")?),
        event_id: r.string("event_id")?,
        event_type: r.string("event_type")?,
        entity_key: r.string("entity_key")?,
        body: r.string("body")?,
        received_at: r.ts("received_at")?,
        attempts: r.i64("attempts")?,
    })
}
