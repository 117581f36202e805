//! Keeping `sales_monthly` (migration 0014) in step with the orders. The
//! appliers mark every order whose share may have changed (new, content
//! rewritten, cancelled) in `sales_dirty`, in the batch's transaction; the
//! recount (`App::recount_sales`) takes marked orders, reads every order of
//! the affected dealer-months afresh and replaces those months' rows. A
//! month is always recounted whole from the orders, so a recount that runs
//! twice ends in the same rows; on PostgreSQL recounts take turns (an
//! advisory lock), so two nodes never replace the same month from
//! different snapshots.
//!
//! A mark is a row of its own, appended and never updated (migration
//! 0018): an applier's mark stays invisible until its batch commits,
//! together with the change it marks, so a recount — which deletes the
//! marks it can see, then reads their orders — never takes a mark before
//! its change is readable, and appliers and recounts never wait for each
//! other. (With one row per order written `DO UPDATE`, an applier marking
//! an order a recount had just taken waited for the whole recount to
//! commit, and the single line that applies sync events stood still.)
//! The recount only reads orders (it writes `sales_dirty`,
//! `sales_monthly` and `sales_counted`), so it never holds a row an
//! applier needs.

use super::SyncBatch;
use crate::Result;
use crate::row::RowExt;
use dealerdesk_domain::{DealerId, FactoryId, OrderId};

/// A marked order: where its share is counted now and where it belongs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalesTarget {
    pub order_id: OrderId,
    pub dealer_id: DealerId,
    pub factory_id: FactoryId,
    pub timezone: String,
    pub accepted_at: i64,
    /// The month its share sits in now (`None`: not counted yet).
    pub counted_in: Option<String>,
}

/// One construction line (or, for an order without any, the order alone)
/// of an order not cancelled, as the recount reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalesSource {
    pub order_id: OrderId,
    pub accepted_at: i64,
    pub currency: String,
    pub total_minor: i64,
    pub kind: Option<String>,
    pub quantity: i64,
    pub price_minor: i64,
}

/// One row of `sales_monthly`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalesRow {
    pub month: String,
    pub kind: String,
    pub currency: String,
    pub orders: i64,
    pub units: i64,
    pub amount_minor: i64,
}

impl SyncBatch<'_> {
    /// Marks orders for the recount; marking twice is harmless (two rows,
    /// taken by the same round).
    pub async fn mark_sales_dirty(&mut self, orders: &[(DealerId, OrderId)]) -> Result<()> {
        if orders.is_empty() {
            return Ok(());
        }
        self.exec_rows(
            "INSERT INTO sales_dirty (dealer_id, order_id) VALUES ",
            "",
            2,
            orders,
            |q, (d, o)| q.bind(d.0).bind(o.0),
        )
        .await
    }

    /// Takes up to `limit` marks off the list, dealer by dealer, and
    /// answers their orders, each once. In the recount's transaction: if
    /// it fails, the marks come back with the rollback.
    pub async fn take_sales_dirty(&mut self, limit: i64) -> Result<Vec<OrderId>> {
        if self.c.backend_name() == "PostgreSQL" {
            sqlx::query("SELECT pg_advisory_xact_lock(7470002)")
                .execute(&mut *self.c)
                .await?;
        }
        let mut ids: Vec<i64> = sqlx::query_scalar(
            "DELETE FROM sales_dirty WHERE id IN \
             (SELECT id FROM sales_dirty ORDER BY dealer_id, order_id LIMIT $1) RETURNING order_id",
        )
        .bind(limit)
        .fetch_all(&mut *self.c)
        .await?;
        ids.sort_unstable();
        ids.dedup();
        Ok(ids.into_iter().map(OrderId).collect())
    }

    /// How many orders wait for the recount.
    pub async fn sales_dirty_count(&mut self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM sales_dirty")
            .fetch_one(&mut *self.c)
            .await?)
    }

    /// The marked orders that still exist, with their dealer, factory zone,
    /// acceptance instant and the month they are counted under.
    pub async fn sales_targets(&mut self, orders: &[OrderId]) -> Result<Vec<SalesTarget>> {
        let keys: Vec<i64> = orders.iter().map(|o| o.0).collect();
        let rows = self
            .fetch_in(
                "SELECT o.id, o.dealer_id, o.factory_id, f.timezone, o.accepted_at, sc.month AS sales_month \
                 FROM orders o JOIN factories f ON f.id = o.factory_id \
                 LEFT JOIN sales_counted sc ON sc.order_id = o.id WHERE o.id IN",
                "",
                0,
                |q| q,
                &keys,
                false,
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(SalesTarget {
                    order_id: OrderId(r.i64("id")?),
                    dealer_id: DealerId(r.i64("dealer_id")?),
                    factory_id: FactoryId(r.i64("factory_id")?),
                    timezone: r.string("timezone")?,
                    accepted_at: r.i64("accepted_at")?,
                    counted_in: r.opt_string("sales_month")?,
                })
            })
            .collect()
    }

    /// Every construction line of the dealer's orders accepted in
    /// `[from, to)` (Unix ms) that are not cancelled.
    pub async fn sales_sources(
        &mut self,
        dealer: DealerId,
        from: i64,
        to: i64,
    ) -> Result<Vec<SalesSource>> {
        let rows = sqlx::query(
            "SELECT o.id, o.accepted_at, o.currency, o.total_minor, c.kind, c.quantity, c.price_minor \
             FROM orders o LEFT JOIN constructions c ON c.order_id = o.id \
             WHERE o.dealer_id = $1 AND o.accepted_at >= $2 AND o.accepted_at < $3 AND o.status <> 'cancelled'",
        )
        .bind(dealer.0)
        .bind(from)
        .bind(to)
        .fetch_all(&mut *self.c)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SalesSource {
                    order_id: OrderId(r.i64("id")?),
                    accepted_at: r.i64("accepted_at")?,
                    currency: r.string("currency")?,
                    total_minor: r.i64("total_minor")?,
                    kind: r.opt_string("kind")?,
                    quantity: r.opt_i64("quantity")?.unwrap_or(0),
                    price_minor: r.opt_i64("price_minor")?.unwrap_or(0),
                })
            })
            .collect()
    }

    /// Replaces the dealer's rows of these months with `rows`.
    pub async fn replace_sales(
        &mut self,
        dealer: DealerId,
        factory: FactoryId,
        months: &[String],
        rows: &[SalesRow],
    ) -> Result<()> {
        for chunk in months.chunks(500) {
            let sql = self.sql(format!(
                "DELETE FROM sales_monthly WHERE dealer_id = $1 AND month IN ({})",
                super::list(2, chunk.len())
            ));
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(dealer.0);
            for m in chunk {
                q = q.bind(m.as_str());
            }
            q.execute(&mut *self.c).await?;
        }
        // An upsert, not a plain insert: a recount of the same month on
        // another node may have written the rows since the delete.
        self.exec_rows(
            "INSERT INTO sales_monthly (dealer_id, month, kind, currency, factory_id, orders, units, amount_minor) VALUES ",
            " ON CONFLICT (dealer_id, month, kind, currency) DO UPDATE SET orders = excluded.orders, \
             units = excluded.units, amount_minor = excluded.amount_minor",
            8,
            rows,
            |q, r| {
                q.bind(dealer.0)
                    .bind(r.month.as_str())
                    .bind(r.kind.as_str())
                    .bind(r.currency.as_str())
                    .bind(factory.0)
                    .bind(r.orders)
                    .bind(r.units)
                    .bind(r.amount_minor)
            },
        )
        .await
    }

    /// Records the month each order is now counted under.
    pub async fn set_sales_months(&mut self, month: &str, orders: &[OrderId]) -> Result<()> {
        self.exec_rows(
            "INSERT INTO sales_counted (order_id, month) VALUES ",
            " ON CONFLICT (order_id) DO UPDATE SET month = excluded.month",
            2,
            orders,
            |q, o| q.bind(o.0).bind(month),
        )
        .await
    }
}
