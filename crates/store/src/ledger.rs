use crate::Result;
use crate::row::RowExt;
use dealerdesk_domain::model::LedgerEntry;
use dealerdesk_domain::{DealerId, DealerScope, LedgerEntryId, OrderId};
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

    /// Per-day balance changes in `[from, to]`, by day.
    pub async fn daily(
        &mut self,
        scope: &DealerScope,
        from: &str,
        to: &str,
    ) -> Result<Vec<(String, i64)>> {
        let rows = sqlx::query("SELECT day, delta FROM ledger_daily WHERE dealer_id = $1 AND day >= $2 AND day <= $3 ORDER BY day")
            .bind(scope.dealer().0)
            .bind(from)
            .bind(to)
            .fetch_all(&mut *self.c)
            .await?;
        rows.iter()
            .map(|r| Ok((r.string("day")?, r.i64("delta")?)))
            .collect()
    }
}
