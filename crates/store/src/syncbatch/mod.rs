//! Set-based reads and writes for the sync appliers. An applier loads the
//! state of every entity a batch of events touches with a few `IN (…)`
//! queries, applies the events in memory, and writes the result back with
//! multi-row statements (`INSERT … VALUES (…), (…)`, `UPDATE … FROM
//! (VALUES …)`). A batch of thousands of events then costs a few dozen
//! round trips instead of several per event — on this machine a round
//! trip costs about 50 µs on SQLite and 150 µs on PostgreSQL, far more
//! than the work itself.
//!
//! Both engines accept the same text: SQLite ≥ 3.33 has `UPDATE … FROM`,
//! and both name the columns of a `VALUES` list `column1`, `column2`, …
//! On PostgreSQL the loads lock the rows they read (`FOR NO KEY UPDATE`)
//! so two workers cannot interleave read-modify-write on one entity;
//! SQLite has a single writer. Not `FOR UPDATE`: that lock also conflicts
//! with the key-share lock every foreign-key check takes on the row it
//! points at, so the applier waited for any transaction that had just
//! inserted a row pointing at one of its dealers or orders — the sales
//! recount's `sales_monthly` rows (up to a second, measured with
//! pg_stat_statements on three nodes), a reclamation, a message — and
//! they for it. The appliers never change a row's key.

mod dealers;
mod import;
mod ledger;
mod orders;
mod sales;
mod shipments;

pub use dealers::*;
pub use ledger::*;
pub use orders::*;
pub use sales::*;
pub use shipments::*;

use crate::Result;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, AnyConnection};

pub struct SyncBatch<'c> {
    pub(crate) c: &'c mut AnyConnection,
}

/// Rows per statement: keeps the parameter count under both engines'
/// limits (SQLite 32,766; PostgreSQL 65,535).
fn rows_per_statement(cols: usize) -> usize {
    (30_000 / cols.max(1)).clamp(1, 1_000)
}

/// `($s, $s+1, …), (…)` for `rows` rows of `cols` columns, numbering
/// from `start`. Only numbers are interpolated, never values.
pub(crate) fn tuples(start: usize, cols: usize, rows: usize) -> String {
    let mut sql = String::with_capacity(rows * cols * 6);
    let mut n = start;
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..cols {
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push('$');
            sql.push_str(&n.to_string());
            n += 1;
        }
        sql.push(')');
    }
    sql
}

/// `$s, $s+1, …` for an `IN (…)` list.
pub(crate) fn list(start: usize, n: usize) -> String {
    (start..start + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

type Q<'a> = Query<'a, Any, AnyArguments>;

/// A key of an `IN (…)` list, bound with its own type so indexes apply.
pub trait Key: Sync {
    fn bind_to<'a>(&'a self, q: Q<'a>) -> Q<'a>;
}

impl Key for String {
    fn bind_to<'a>(&'a self, q: Q<'a>) -> Q<'a> {
        q.bind(self.as_str())
    }
}

impl Key for i64 {
    fn bind_to<'a>(&'a self, q: Q<'a>) -> Q<'a> {
        q.bind(*self)
    }
}

/// SQLite only: `$1, $2, …` become anonymous `?`. sqlx looks every named
/// parameter up by name, which SQLite answers with a linear search, so a
/// statement with n named parameters costs O(n²) — most of the time for a
/// 25,000-parameter insert. Anonymous parameters bind in textual order, so
/// this is only done where the numbers already appear in order, each once
/// (checked).
pub(crate) fn anonymous(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    let mut expected = 1usize;
    while let Some(ch) = chars.next() {
        if ch == '$' && chars.peek().is_some_and(|c| c.is_ascii_digit()) {
            let mut n = 0usize;
            while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
                n = n * 10 + d as usize;
                chars.next();
            }
            debug_assert_eq!(n, expected, "placeholders must appear in order: {sql}");
            expected += 1;
            out.push('?');
        } else {
            out.push(ch);
        }
    }
    out
}

impl SyncBatch<'_> {
    /// The statement text for this engine (see [`anonymous`]).
    fn sql(&self, sql: String) -> String {
        if self.c.backend_name() == "SQLite" {
            anonymous(&sql)
        } else {
            sql
        }
    }

    fn lock_clause(&self) -> &'static str {
        if self.c.backend_name() == "PostgreSQL" {
            " FOR NO KEY UPDATE"
        } else {
            ""
        }
    }

    /// Runs `head (…), (…) tail` over `rows` in chunks, binding each row
    /// with `bind`.
    pub(crate) async fn exec_rows<'a, T>(
        &mut self,
        head: &str,
        tail: &str,
        cols: usize,
        rows: &'a [T],
        bind: impl Fn(Q<'a>, &'a T) -> Q<'a>,
    ) -> Result<()> {
        for chunk in rows.chunks(rows_per_statement(cols)) {
            let sql = self.sql(format!("{head}{}{tail}", tuples(1, cols, chunk.len())));
            let mut q: Q<'a> = sqlx::query(sqlx::AssertSqlSafe(sql));
            for row in chunk {
                q = bind(q, row);
            }
            q.execute(&mut *self.c).await?;
        }
        Ok(())
    }

    /// Like `exec_rows`, collecting what a `RETURNING` tail returns.
    async fn fetch_rows<'a, T>(
        &mut self,
        head: &str,
        tail: &str,
        cols: usize,
        rows: &'a [T],
        bind: impl Fn(Q<'a>, &'a T) -> Q<'a>,
    ) -> Result<Vec<AnyRow>> {
        let mut out = Vec::with_capacity(rows.len());
        for chunk in rows.chunks(rows_per_statement(cols)) {
            let sql = self.sql(format!("{head}{}{tail}", tuples(1, cols, chunk.len())));
            let mut q: Q<'a> = sqlx::query(sqlx::AssertSqlSafe(sql));
            for row in chunk {
                q = bind(q, row);
            }
            out.extend(q.fetch_all(&mut *self.c).await?);
        }
        Ok(out)
    }

    /// `head IN (list) tail` over `keys` in chunks; `fixed` binds the
    /// parameters before the list (`$1` …), `fixed_n` of them.
    /// With `lock`, PostgreSQL locks the rows read until the transaction ends.
    async fn fetch_in<'a, K: Key>(
        &mut self,
        head: &str,
        tail: &str,
        fixed_n: usize,
        fixed: impl Fn(Q<'a>) -> Q<'a>,
        keys: &'a [K],
        lock: bool,
    ) -> Result<Vec<AnyRow>> {
        let mut out = Vec::new();
        let lock = if lock { self.lock_clause() } else { "" };
        for chunk in keys.chunks(1_000) {
            let sql = self.sql(format!(
                "{head} ({}){tail}{lock}",
                list(fixed_n + 1, chunk.len())
            ));
            let mut q: Q<'a> = fixed(sqlx::query(sqlx::AssertSqlSafe(sql)));
            for k in chunk {
                q = k.bind_to(q);
            }
            out.extend(q.fetch_all(&mut *self.c).await?);
        }
        Ok(out)
    }

    /// Appends domain events to the outbox: (kind, factory, dealer, payload).
    pub async fn append_outbox(&mut self, rows: &[OutboxRow]) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        crate::outbox::serialise_writers(self.c).await?;
        let now = dealerdesk_domain::Timestamp::now().0;
        self.exec_rows(
            "INSERT INTO outbox (kind, factory_id, dealer_id, payload, created_at) VALUES ",
            "",
            5,
            rows,
            |q, r| {
                q.bind(r.kind)
                    .bind(r.factory_id.map(|f| f.0))
                    .bind(r.dealer_id.map(|d| d.0))
                    .bind(&r.payload)
                    .bind(now)
            },
        )
        .await
    }
}

#[derive(Debug, Clone)]
pub struct OutboxRow {
    pub kind: &'static str,
    pub factory_id: Option<dealerdesk_domain::FactoryId>,
    pub dealer_id: Option<dealerdesk_domain::DealerId>,
    pub payload: String,
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders() {
        assert_eq!(super::tuples(1, 2, 2), "($1, $2), ($3, $4)");
        assert_eq!(super::tuples(3, 1, 1), "($3)");
        assert_eq!(super::list(2, 3), "$2, $3, $4");
        assert_eq!(super::rows_per_statement(15), 1_000);
        assert_eq!(super::rows_per_statement(60), 500);
        assert_eq!(
            super::anonymous("SELECT $1 WHERE x IN ($2, $3) AND y = '$'"),
            "SELECT ? WHERE x IN (?, ?) AND y = '$'"
        );
    }
}
