//! What the dealers owe, for the plant's finance people: each dealer's
//! balance and last payment, largest debt first, and the totals.

use crate::Result;
use crate::row::RowExt;
use dealerdesk_domain::{FactoryId, Money};
use sqlx::AnyConnection;

pub struct Receivables<'c> {
    pub(crate) c: &'c mut AnyConnection,
}

/// One dealer's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebtLine {
    pub code: String,
    pub name: String,
    pub balance: Money,
    /// `YYYY-MM-DD` of the latest payment not voided; `None`: never paid.
    pub last_payment: Option<String>,
}

impl Receivables<'_> {
    /// Dealers of a factory (`None`: all) that owe more than nothing, or
    /// every dealer with `all`, largest debt first; and how many there are.
    pub async fn lines(
        &mut self,
        factory: Option<FactoryId>,
        all: bool,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<DebtLine>, i64)> {
        let f = factory.map(|f| f.0).unwrap_or(0);
        let owing = if all { 0 } else { 1 };
        let total: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM dealers d JOIN dealer_stats s ON s.dealer_id = d.id \
             WHERE ($1 = 0 OR d.factory_id = $1) AND ($2 = 0 OR s.balance_minor > 0)",
        )
        .bind(f)
        .bind(owing)
        .fetch_one(&mut *self.c)
        .await?;
        let rows = sqlx::query(
            "SELECT d.code, d.name, d.currency, s.balance_minor, \
             (SELECT MAX(e.posted_on) FROM ledger_entries e WHERE e.dealer_id = d.id AND e.kind = 'payment' AND e.voided = 0) AS last_payment \
             FROM dealers d JOIN dealer_stats s ON s.dealer_id = d.id \
             WHERE ($1 = 0 OR d.factory_id = $1) AND ($2 = 0 OR s.balance_minor > 0) \
             ORDER BY s.balance_minor DESC, d.code LIMIT $3 OFFSET $4",
        )
        .bind(f)
        .bind(owing)
        .bind(limit)
        .bind(offset)
        .fetch_all(&mut *self.c)
        .await?;
        let lines = rows
            .iter()
            .map(|r| {
                Ok(DebtLine {
                    code: r.string("code")?,
                    name: r.string("name")?,
                    balance: Money::new(r.i64("balance_minor")?, r.currency("currency")?),
                    last_payment: r.opt_string("last_payment")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((lines, total))
    }
}
