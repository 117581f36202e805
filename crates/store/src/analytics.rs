//! The reads of the analytics pages. Sales come from `sales_monthly` (a
//! few rows per dealer and month, kept by the recount) and never from the
//! orders, so a page costs the same whatever the plant's history; the
//! manager figures read messages, reclamations and tasks of the period.

use crate::Result;
use crate::row::RowExt;
use dealerdesk_domain::{FactoryId, UserId};
use sqlx::AnyConnection;

pub struct Analytics<'c> {
    pub(crate) c: &'c mut AnyConnection,
}

/// Whose figures: a factory's (`None`: every factory), narrowed to one
/// manager's dealers (`Some`: a manager looking at their own work).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SalesScope {
    pub factory: Option<FactoryId>,
    pub manager: Option<UserId>,
}

impl SalesScope {
    fn binds(&self) -> (i64, i64) {
        (
            self.factory.map(|f| f.0).unwrap_or(0),
            self.manager.map(|m| m.0).unwrap_or(0),
        )
    }
}

/// How sales are broken down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breakdown {
    Month,
    Kind,
    Region,
    Dealer,
    Manager,
}

impl Breakdown {
    /// (key, label, the kind rows read, order) — fixed SQL fragments.
    fn sql(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            Self::Month => ("s.month", "s.month", "s.kind = '*'", "k"),
            Self::Kind => ("s.kind", "s.kind", "s.kind <> '*'", "amount DESC, k"),
            Self::Region => (
                "COALESCE(d.region, '')",
                "COALESCE(d.region, '')",
                "s.kind = '*'",
                "amount DESC, k",
            ),
            Self::Dealer => ("d.code", "MAX(d.name)", "s.kind = '*'", "amount DESC, k"),
            Self::Manager => (
                "CAST(COALESCE(d.manager_id, 0) AS TEXT)",
                "MAX(COALESCE(u.display_name, ''))",
                "s.kind = '*'",
                "amount DESC, k",
            ),
        }
    }
}

/// One line of a breakdown: its key (month, kind, region, dealer code or
/// manager id; empty or "0" for none), its label, and the sums.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalesLine {
    pub key: String,
    pub label: String,
    pub currency: String,
    pub orders: i64,
    pub units: i64,
    pub amount_minor: i64,
}

/// A message of the period, in thread order, for response times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageMark {
    pub thread_id: i64,
    pub at: i64,
    pub from_staff: bool,
    pub manager: Option<UserId>,
}

/// A person of the plant whose work is measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagerRef {
    pub id: UserId,
    pub name: String,
}

impl Analytics<'_> {
    /// Sales of months `[from, to]` (`YYYY-MM`, both included) broken
    /// down; at most `limit` lines.
    pub async fn sales(
        &mut self,
        by: Breakdown,
        scope: SalesScope,
        from: &str,
        to: &str,
        limit: i64,
    ) -> Result<Vec<SalesLine>> {
        let (key, label, kinds, order) = by.sql();
        let (f, m) = scope.binds();
        let sql = format!(
            "SELECT {key} AS k, {label} AS l, s.currency, CAST(SUM(s.orders) AS BIGINT) AS orders, \
             CAST(SUM(s.units) AS BIGINT) AS units, CAST(SUM(s.amount_minor) AS BIGINT) AS amount \
             FROM sales_monthly s JOIN dealers d ON d.id = s.dealer_id LEFT JOIN users u ON u.id = d.manager_id \
             WHERE {kinds} AND s.month >= $1 AND s.month <= $2 AND ($3 = 0 OR s.factory_id = $3) \
             AND ($4 = 0 OR d.manager_id = $4) \
             GROUP BY {key}, s.currency ORDER BY {order} LIMIT $5"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(from)
            .bind(to)
            .bind(f)
            .bind(m)
            .bind(limit)
            .fetch_all(&mut *self.c)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(SalesLine {
                    key: r.string("k")?,
                    label: r.string("l")?,
                    currency: r.string("currency")?,
                    orders: r.i64("orders")?,
                    units: r.i64("units")?,
                    amount_minor: r.i64("amount")?,
                })
            })
            .collect()
    }

    /// The messages of threads with a message since `from` (Unix ms), in
    /// thread order, marked as the plant's or the dealer's, with the
    /// dealer's manager.
    pub async fn message_marks(
        &mut self,
        scope: SalesScope,
        from: i64,
    ) -> Result<Vec<MessageMark>> {
        let (f, m) = scope.binds();
        let rows = sqlx::query(
            "SELECT m.thread_id, m.created_at, CASE WHEN u.dealer_id IS NULL THEN 1 ELSE 0 END AS staff, d.manager_id \
             FROM messages m JOIN users u ON u.id = m.author_id JOIN dealers d ON d.id = m.dealer_id \
             WHERE m.created_at >= $1 AND ($2 = 0 OR d.factory_id = $2) AND ($3 = 0 OR d.manager_id = $3) \
             ORDER BY m.thread_id, m.id",
        )
        .bind(from)
        .bind(f)
        .bind(m)
        .fetch_all(&mut *self.c)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(MessageMark {
                    thread_id: r.i64("thread_id")?,
                    at: r.i64("created_at")?,
                    from_staff: r.flag("staff")?,
                    manager: r.opt_i64("manager_id")?.map(UserId),
                })
            })
            .collect()
    }

    /// Reclamations opened in `[from, to)` per manager of the dealer.
    pub async fn reclamations_by_manager(
        &mut self,
        scope: SalesScope,
        from: i64,
        to: i64,
    ) -> Result<Vec<(Option<UserId>, i64)>> {
        let (f, m) = scope.binds();
        let rows: Vec<(Option<i64>, i64)> = sqlx::query_as(
            "SELECT d.manager_id, COUNT(*) FROM reclamations r JOIN dealers d ON d.id = r.dealer_id \
             WHERE r.created_at >= $1 AND r.created_at < $2 AND ($3 = 0 OR d.factory_id = $3) \
             AND ($4 = 0 OR d.manager_id = $4) GROUP BY d.manager_id",
        )
        .bind(from)
        .bind(to)
        .bind(f)
        .bind(m)
        .fetch_all(&mut *self.c)
        .await?;
        Ok(rows.into_iter().map(|(u, n)| (u.map(UserId), n)).collect())
    }

    /// Per assignee: tasks due in `[from, min(to, now))`, and how many of
    /// them were done by their due time.
    pub async fn tasks_on_time(
        &mut self,
        scope: SalesScope,
        from: i64,
        to: i64,
    ) -> Result<Vec<(UserId, i64, i64)>> {
        let (f, m) = scope.binds();
        let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
            "SELECT assignee_id, COUNT(*), \
             CAST(COALESCE(SUM(CASE WHEN done_at IS NOT NULL AND done_at <= due_at THEN 1 ELSE 0 END), 0) AS BIGINT) \
             FROM tasks WHERE due_at >= $1 AND due_at < $2 AND ($3 = 0 OR factory_id = $3) \
             AND ($4 = 0 OR assignee_id = $4) GROUP BY assignee_id",
        )
        .bind(from)
        .bind(to)
        .bind(f)
        .bind(m)
        .fetch_all(&mut *self.c)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(u, n, ok)| (UserId(u), n, ok))
            .collect())
    }

    /// The managers and heads of sales whose work is shown: active, of the
    /// factory (or all), or just the one.
    pub async fn managers(&mut self, scope: SalesScope) -> Result<Vec<ManagerRef>> {
        let (f, m) = scope.binds();
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, display_name FROM users WHERE role IN ('manager', 'head_of_sales') AND active = 1 \
             AND ($1 = 0 OR factory_id = $1) AND ($2 = 0 OR id = $2) ORDER BY display_name, id",
        )
        .bind(f)
        .bind(m)
        .fetch_all(&mut *self.c)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name)| ManagerRef {
                id: UserId(id),
                name,
            })
            .collect())
    }
}
