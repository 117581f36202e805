use crate::Result;
use crate::row::RowExt;
use dealerdesk_domain::ledger::Posting;
use dealerdesk_domain::model::LedgerEntry;
use dealerdesk_domain::{DaySums, DealerId, DealerScope, LedgerEntryId, OrderId};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

pub struct Ledger<'c> {
    pub(crate) c: &'c mut AnyConnection,
}

macro_rules! cols {
    () => {
        "id, dealer_id, source_entry_id, kind, amount_minor, currency, posted_on, order_id, order_number, description, voided, void_reason"
    };
}

fn from_row(r: &AnyRow) -> Result<LedgerEntry> {
    Ok(LedgerEntry {
        id: LedgerEntryId(r.i64("id")?),
        dealer_id: DealerId(r.i64("dealer_id")?),
        source_entry_id: r.string("source_entry_id")?,
        kind: r.ledger_kind("kind")?,
        amount_minor: r.i64("amount_minor")?,
        currency: r.currency("currency")?,
        posted_on: r.string("posted_on")?,
        order_id: r.opt_i64("order_id")?.map(OrderId),
        order_number: r.opt_string("order_number")?,
        description: r.opt_string("description")?,
        voided: r.flag("voided")?,
        void_reason: r.opt_string("void_reason")?,
    })
}

/// What one order's counted entries did within a period: the row of a
/// settlement page (see [`Ledger::period_orders`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodOrder {
    pub order_id: OrderId,
    pub order_number: String,
    /// Charges, delivery charges and adjustments.
    pub charged_minor: i64,
    /// Payments less refunds.
    pub paid_minor: i64,
    pub compensated_minor: i64,
}

impl Ledger<'_> {
    /// A dealer's entries posted in `[from, to]` (dates, inclusive), in
    /// posting order, voided ones included (statements show them marked).
    pub async fn entries(
        &mut self,
        scope: &DealerScope,
        from: &str,
        to: &str,
    ) -> Result<Vec<LedgerEntry>> {
        sqlx::query(concat!("SELECT ", cols!(), " FROM ledger_entries WHERE dealer_id = $1 AND posted_on >= $2 AND posted_on <= $3 ORDER BY posted_on, id"))
            .bind(scope.dealer().0)
            .bind(from)
            .bind(to)
            .fetch_all(&mut *self.c)
            .await?
            .iter()
            .map(from_row)
            .collect()
    }

    /// Entries linked to one order.
    pub async fn of_order(
        &mut self,
        scope: &DealerScope,
        order: OrderId,
    ) -> Result<Vec<LedgerEntry>> {
        sqlx::query(concat!(
            "SELECT ",
            cols!(),
            " FROM ledger_entries WHERE dealer_id = $1 AND order_id = $2 ORDER BY posted_on, id"
        ))
        .bind(scope.dealer().0)
        .bind(order.0)
        .fetch_all(&mut *self.c)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    /// What the balance moved by before `day` (entries only; the opening
    /// balance is separate), from the per-day table.
    pub async fn moved_before(&mut self, scope: &DealerScope, day: &str) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT CAST(COALESCE(SUM(delta), 0) AS BIGINT) FROM ledger_daily WHERE dealer_id = $1 AND day < $2")
            .bind(scope.dealer().0)
            .bind(day)
            .fetch_one(&mut *self.c)
            .await?)
    }

    /// What each day in `[from, to]` did to the account, by day: at most
    /// one row per calendar day, however many entries there are.
    pub async fn daily(
        &mut self,
        scope: &DealerScope,
        from: &str,
        to: &str,
    ) -> Result<Vec<(String, DaySums)>> {
        let rows = sqlx::query("SELECT day, delta, debit, credit, entries FROM ledger_daily WHERE dealer_id = $1 AND day >= $2 AND day <= $3 ORDER BY day")
            .bind(scope.dealer().0)
            .bind(from)
            .bind(to)
            .fetch_all(&mut *self.c)
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.string("day")?,
                    DaySums {
                        delta: r.i64("delta")?,
                        debit: r.i64("debit")?,
                        credit: r.i64("credit")?,
                        entries: r.i64("entries")?,
                    },
                ))
            })
            .collect()
    }

    /// Up to `limit` entries next to a `(posted_on, id)` position, read
    /// through the `(dealer_id, posted_on, id)` index: with `forward`, those
    /// after it up to `bound` (the period's last day) in posting order; else
    /// those before it down to `bound` (its first day), newest first. One
    /// page of a statement, one range of `ledger_dealer_cover` (which holds
    /// every column read here).
    pub async fn page(
        &mut self,
        scope: &DealerScope,
        at: (&str, i64),
        bound: &str,
        forward: bool,
        limit: i64,
    ) -> Result<Vec<LedgerEntry>> {
        let sql = if forward {
            concat!(
                "SELECT ",
                cols!(),
                " FROM ledger_entries WHERE dealer_id = $1 AND (posted_on, id) > ($2, $3) AND posted_on <= $4 ORDER BY posted_on, id LIMIT $5"
            )
        } else {
            concat!(
                "SELECT ",
                cols!(),
                " FROM ledger_entries WHERE dealer_id = $1 AND (posted_on, id) < ($2, $3) AND posted_on >= $4 ORDER BY posted_on DESC, id DESC LIMIT $5"
            )
        };
        sqlx::query(sql)
            .bind(scope.dealer().0)
            .bind(at.0)
            .bind(at.1)
            .bind(bound)
            .bind(limit)
            .fetch_all(&mut *self.c)
            .await?
            .iter()
            .map(from_row)
            .collect()
    }

    /// The entries of `day` before entry `id` as the balance rule sees
    /// them: what a statement page adds to the day's start to get the
    /// balance before its first line.
    pub async fn earlier_that_day(
        &mut self,
        scope: &DealerScope,
        day: &str,
        id: i64,
    ) -> Result<Vec<Posting>> {
        let rows = sqlx::query("SELECT kind, amount_minor, voided FROM ledger_entries WHERE dealer_id = $1 AND posted_on = $2 AND id < $3")
            .bind(scope.dealer().0)
            .bind(day)
            .bind(id)
            .fetch_all(&mut *self.c)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(Posting {
                    kind: r.ledger_kind("kind")?,
                    amount_minor: r.i64("amount_minor")?,
                    voided: r.flag("voided")?,
                })
            })
            .collect()
    }

    /// Every order with counted entries in `[from, to]`, with what they
    /// did to it, by order number (byte order): the columns of the
    /// per-order settlement, as `app::finance` groups a whole statement
    /// (entries without an order number are not an order's). One range of
    /// the dealer's covering index (`ledger_dealer_cover`), however many
    /// orders; the grouping is the cost (13 ms for the 8,700 entries of a
    /// quarter of the benchmark's busiest dealer, 3,200 orders).
    pub async fn period_orders(
        &mut self,
        scope: &DealerScope,
        from: &str,
        to: &str,
    ) -> Result<Vec<PeriodOrder>> {
        let rows = sqlx::query(
            "SELECT order_id, MAX(order_number) AS order_number, \
             CAST(SUM(CASE WHEN kind IN ('charge', 'delivery_charge', 'adjustment') THEN amount_minor ELSE 0 END) AS BIGINT) AS charged, \
             CAST(SUM(CASE WHEN kind = 'payment' THEN amount_minor WHEN kind = 'refund' THEN -amount_minor ELSE 0 END) AS BIGINT) AS paid, \
             CAST(SUM(CASE WHEN kind = 'compensation' THEN amount_minor ELSE 0 END) AS BIGINT) AS compensated \
             FROM ledger_entries WHERE dealer_id = $1 AND posted_on >= $2 AND posted_on <= $3 \
             AND voided = 0 AND order_id IS NOT NULL AND order_number IS NOT NULL \
             GROUP BY order_id",
        )
        .bind(scope.dealer().0)
        .bind(from)
        .bind(to)
        .fetch_all(&mut *self.c)
        .await?;
        let mut out = rows
            .iter()
            .map(|r| {
                Ok(PeriodOrder {
                    order_id: OrderId(r.i64("order_id")?),
                    order_number: r.string("order_number")?,
                    charged_minor: r.i64("charged")?,
                    paid_minor: r.i64("paid")?,
                    compensated_minor: r.i64("compensated")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        // By the bytes of the number, the same on both engines (PostgreSQL
        // would sort by the database's collation).
        out.sort_by(|a, b| (&a.order_number, a.order_id).cmp(&(&b.order_number, b.order_id)));
        Ok(out)
    }
}
