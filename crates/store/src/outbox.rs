//! Domain events, appended in the same transaction as the change that
//! caused them. Consumers (notifications, alerts) read forward from their
//! own cursor, so one event can feed several consumers and none is lost.

use crate::Result;
use crate::row::RowExt;
use dealerdesk_domain::{DealerId, FactoryId, Timestamp};
use sqlx::AnyConnection;

/// The consumer that turns domain events into notifications.
pub const NOTIFICATIONS: &str = "notifications";

pub struct Outbox<'c> {
    pub(crate) c: &'c mut AnyConnection,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEvent {
    pub id: i64,
    pub kind: String,
    pub factory_id: Option<FactoryId>,
    pub dealer_id: Option<DealerId>,
    pub payload: serde_json::Value,
    pub created_at: Timestamp,
}

/// On PostgreSQL, transactions that append to the outbox take turns (a
/// transaction-scoped advisory lock, held until commit). Without it an
/// event's id could commit after a higher one, and a consumer that had
/// already moved its cursor past the higher id would never see it. SQLite
/// has one writer at a time anyway.
pub(crate) async fn serialise_writers(c: &mut AnyConnection) -> Result<()> {
    if c.backend_name() == "PostgreSQL" {
        sqlx::query("SELECT pg_advisory_xact_lock(7470001)")
            .execute(&mut *c)
            .await?;
    }
    Ok(())
}

impl Outbox<'_> {
    /// The consumer's cursor, held for the rest of the transaction on
    /// PostgreSQL so two consumers of the same name (two nodes) take turns
    /// instead of both handling the same events.
    pub async fn cursor_for_update(&mut self, consumer: &str) -> Result<i64> {
        if self.c.backend_name() == "PostgreSQL" {
            sqlx::query("INSERT INTO outbox_cursors (consumer, position) VALUES ($1, 0) ON CONFLICT (consumer) DO NOTHING")
                .bind(consumer)
                .execute(&mut *self.c)
                .await?;
            return Ok(sqlx::query_scalar(
                "SELECT position FROM outbox_cursors WHERE consumer = $1 FOR UPDATE",
            )
            .bind(consumer)
            .fetch_one(&mut *self.c)
            .await?);
        }
        self.cursor(consumer).await
    }

    pub async fn append(
        &mut self,
        kind: &str,
        factory: Option<FactoryId>,
        dealer: Option<DealerId>,
        payload: &serde_json::Value,
    ) -> Result<i64> {
        serialise_writers(self.c).await?;
        Ok(sqlx::query_scalar("INSERT INTO outbox (kind, factory_id, dealer_id, payload, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(kind)
            .bind(factory.map(|f| f.0))
            .bind(dealer.map(|d| d.0))
            .bind(payload.to_string())
            .bind(Timestamp::now().0)
            .fetch_one(&mut *self.c)
            .await?)
    }

    /// Events after `after_id`, oldest first.
    pub async fn after(&mut self, after_id: i64, limit: i64) -> Result<Vec<OutboxEvent>> {
        let rows = sqlx::query("SELECT id, kind, factory_id, dealer_id, payload, created_at FROM outbox WHERE id > $1 ORDER BY id LIMIT $2")
            .bind(after_id)
            .bind(limit)
            .fetch_all(&mut *self.c)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(OutboxEvent {
                    id: r.i64("id")?,
                    kind: r.string("kind")?,
                    factory_id: r.opt_i64("factory_id")?.map(FactoryId),
                    dealer_id: r.opt_i64("dealer_id")?.map(DealerId),
                    payload: serde_json::from_str(&r.string("payload")?)
                        .map_err(|e| crate::StoreError::Corrupt(format!("outbox payload: {e}")))?,
                    created_at: r.ts("created_at")?,
                })
            })
            .collect()
    }

    /// The newest event's id (0 when empty).
    pub async fn last_id(&mut self) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM outbox")
                .fetch_one(&mut *self.c)
                .await?,
        )
    }

    pub async fn cursor(&mut self, consumer: &str) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT position FROM outbox_cursors WHERE consumer = $1")
                .bind(consumer)
                .fetch_optional(&mut *self.c)
                .await?
                .unwrap_or(0),
        )
    }

    pub async fn set_cursor(&mut self, consumer: &str, position: i64) -> Result<()> {
        sqlx::query("INSERT INTO outbox_cursors (consumer, position) VALUES ($1, $2) ON CONFLICT (consumer) DO UPDATE SET position = excluded.position")
            .bind(consumer)
            .bind(position)
            .execute(&mut *self.c)
            .await?;
        Ok(())
    }
}
