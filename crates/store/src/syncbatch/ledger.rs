use super::SyncBatch;
use crate::Result;
use crate::row::RowExt;
use dealerdesk_domain::{
    Currency, DaySums, DealerId, FactoryId, LedgerEntryId, LedgerKind, OrderId, Timestamp,
};

/// A ledger entry as an applier sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryState {
    pub id: LedgerEntryId,
    pub source_entry_id: String,
    pub dealer_id: DealerId,
    pub kind: LedgerKind,
    pub amount_minor: i64,
    pub order_id: Option<OrderId>,
    pub voided: bool,
    pub version: i64,
    pub currency: Currency,
    pub posted_on: String,
    pub order_number: Option<String>,
    pub description: Option<String>,
    pub void_reason: Option<String>,
}

/// An entry to insert or to rewrite.
#[derive(Debug, Clone)]
pub struct EntryRow {
    pub source_entry_id: String,
    pub dealer_id: DealerId,
    pub kind: LedgerKind,
    pub amount_minor: i64,
    pub currency: Currency,
    pub posted_on: String,
    pub order_id: Option<OrderId>,
    pub order_number: Option<String>,
    pub description: Option<String>,
    pub voided: bool,
    pub void_reason: Option<String>,
    pub version: i64,
}

impl SyncBatch<'_> {
    pub async fn entries_by_ids(
        &mut self,
        factory: FactoryId,
        ids: &[String],
    ) -> Result<Vec<EntryState>> {
        let rows = self
            .fetch_in(
                "SELECT id, source_entry_id, dealer_id, kind, amount_minor, order_id, voided, version, currency, posted_on, order_number, description, \
                 void_reason FROM ledger_entries \
                 WHERE factory_id = $1 AND source_entry_id IN",
                "",
                1,
                |q| q.bind(factory.0),
                ids,
                true,
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(EntryState {
                    id: LedgerEntryId(r.i64("id")?),
                    source_entry_id: r.string("source_entry_id")?,
                    dealer_id: DealerId(r.i64("dealer_id")?),
                    kind: r.ledger_kind("kind")?,
                    amount_minor: r.i64("amount_minor")?,
                    order_id: r.opt_i64("order_id")?.map(OrderId),
                    voided: r.flag("voided")?,
                    version: r.i64("version")?,
                    currency: r.currency("currency")?,
                    posted_on: r.string("posted_on")?,
                    order_number: r.opt_string("order_number")?,
                    description: r.opt_string("description")?,
                    void_reason: r.opt_string("void_reason")?,
                })
            })
            .collect()
    }

    pub async fn insert_entries(&mut self, factory: FactoryId, rows: &[EntryRow]) -> Result<()> {
        let now = Timestamp::now().0;
        self.exec_rows(
            "INSERT INTO ledger_entries (factory_id, dealer_id, source_entry_id, kind, amount_minor, currency, posted_on, order_id, order_number, \
             description, voided, void_reason, voided_at, version, created_at) VALUES ",
            "",
            15,
            rows,
            |q, e| {
                q.bind(factory.0)
                    .bind(e.dealer_id.0)
                    .bind(&e.source_entry_id)
                    .bind(e.kind.as_str())
                    .bind(e.amount_minor)
                    .bind(e.currency.as_str())
                    .bind(&e.posted_on)
                    .bind(e.order_id.map(|o| o.0))
                    .bind(e.order_number.as_deref())
                    .bind(e.description.as_deref())
                    .bind(crate::flag(e.voided))
                    .bind(e.void_reason.as_deref())
                    .bind(e.voided.then_some(now))
                    .bind(e.version)
                    .bind(now)
            },
        )
        .await
    }

    /// Rewrites existing entries (a newer version, or a void).
    pub async fn update_entries(&mut self, rows: &[(LedgerEntryId, EntryRow)]) -> Result<()> {
        let now = Timestamp::now().0;
        self.exec_rows(
            "UPDATE ledger_entries SET dealer_id = v.column2, kind = v.column3, amount_minor = v.column4, currency = v.column5, posted_on = v.column6, \
             order_id = v.column7, order_number = v.column8, description = v.column9, voided = v.column10, void_reason = v.column11, \
             voided_at = CASE WHEN v.column10 = 1 THEN COALESCE(voided_at, v.column12) ELSE NULL END, version = v.column13 FROM (VALUES ",
            ") AS v WHERE ledger_entries.id = v.column1",
            13,
            rows,
            |q, (id, e)| {
                q.bind(id.0)
                    .bind(e.dealer_id.0)
                    .bind(e.kind.as_str())
                    .bind(e.amount_minor)
                    .bind(e.currency.as_str())
                    .bind(&e.posted_on)
                    .bind(e.order_id.map(|o| o.0))
                    .bind(e.order_number.as_deref())
                    .bind(e.description.as_deref())
                    .bind(crate::flag(e.voided))
                    .bind(e.void_reason.as_deref())
                    .bind(now)
                    .bind(e.version)
            },
        )
        .await
    }

    /// Moves the per-day balance changes (`ledger_daily`) by these deltas.
    pub async fn add_ledger_daily(&mut self, rows: &[(DealerId, String, DaySums)]) -> Result<()> {
        self.exec_rows(
            "INSERT INTO ledger_daily (dealer_id, day, delta, debit, credit, entries) VALUES ",
            " ON CONFLICT (dealer_id, day) DO UPDATE SET delta = ledger_daily.delta + excluded.delta, \
             debit = ledger_daily.debit + excluded.debit, credit = ledger_daily.credit + excluded.credit, \
             entries = ledger_daily.entries + excluded.entries",
            6,
            rows,
            |q, (d, day, sums)| {
                q.bind(d.0)
                    .bind(day.as_str())
                    .bind(sums.delta)
                    .bind(sums.debit)
                    .bind(sums.credit)
                    .bind(sums.entries)
            },
        )
        .await
    }
}
