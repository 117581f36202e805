use crate::row::RowExt;
use crate::{Result, StoreError, flag};
use dealerdesk_domain::model::LedgerEntry;
use dealerdesk_domain::{
    Currency, DealerId, DealerScope, FactoryId, LedgerEntryId, LedgerKind, OrderId, Timestamp,
};
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

/// An entry as the accounting system posts it (`ledger.entry_posted`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    pub source_entry_id: String,
    pub dealer_id: DealerId,
    pub kind: LedgerKind,
    pub amount_minor: i64,
    pub currency: Currency,
    pub posted_on: String,
    pub order_id: Option<OrderId>,
    pub order_number: Option<String>,
    pub description: Option<String>,
}

impl Ledger<'_> {
    /// The stored entry with this accounting id, and its version.
    pub async fn by_source_id(
        &mut self,
        factory: FactoryId,
        source_entry_id: &str,
    ) -> Result<Option<(LedgerEntry, i64)>> {
        let row = sqlx::query(concat!(
            "SELECT ",
            cols!(),
            ", version FROM ledger_entries WHERE factory_id = $1 AND source_entry_id = $2"
        ))
        .bind(factory.0)
        .bind(source_entry_id)
        .fetch_optional(&mut *self.c)
        .await?;
        row.map(|r| Ok((from_row(&r)?, r.i64("version")?)))
            .transpose()
    }

    pub async fn insert(
        &mut self,
        factory: FactoryId,
        e: &NewEntry,
        version: i64,
    ) -> Result<LedgerEntryId> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO ledger_entries (factory_id, dealer_id, source_entry_id, kind, amount_minor, currency, posted_on, order_id, order_number, \
             description, voided, version, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $12) RETURNING id",
        )
        .bind(factory.0)
        .bind(e.dealer_id.0)
        .bind(&e.source_entry_id)
        .bind(e.kind.as_str())
        .bind(e.amount_minor)
        .bind(e.currency.as_str())
        .bind(&e.posted_on)
        .bind(e.order_id.map(|o| o.0))
        .bind(e.order_number.as_deref())
        .bind(e.description.as_deref())
        .bind(version)
        .bind(Timestamp::now().0)
        .fetch_one(&mut *self.c)
        .await?;
        Ok(LedgerEntryId(id))
    }

    /// Replaces an entry's content with a newer version from the source.
    pub async fn replace(&mut self, id: LedgerEntryId, e: &NewEntry, version: i64) -> Result<()> {
        sqlx::query(
            "UPDATE ledger_entries SET dealer_id = $2, kind = $3, amount_minor = $4, currency = $5, posted_on = $6, order_id = $7, order_number = $8, \
             description = $9, version = $10 WHERE id = $1",
        )
        .bind(id.0)
        .bind(e.dealer_id.0)
        .bind(e.kind.as_str())
        .bind(e.amount_minor)
        .bind(e.currency.as_str())
        .bind(&e.posted_on)
        .bind(e.order_id.map(|o| o.0))
        .bind(e.order_number.as_deref())
        .bind(e.description.as_deref())
        .bind(version)
        .execute(&mut *self.c)
        .await?;
        Ok(())
    }

    /// Marks an entry voided; `Conflict` if it already was.
    pub async fn void(&mut self, id: LedgerEntryId, reason: &str, version: i64) -> Result<()> {
        let n = sqlx::query("UPDATE ledger_entries SET voided = $2, void_reason = $3, voided_at = $4, version = $5 WHERE id = $1 AND voided = 0")
            .bind(id.0)
            .bind(flag(true))
            .bind(reason)
            .bind(Timestamp::now().0)
            .bind(version)
            .execute(&mut *self.c)
            .await?
            .rows_affected();
        if n == 1 {
            Ok(())
        } else {
            Err(StoreError::Conflict("entry already voided".into()))
        }
    }

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
}
