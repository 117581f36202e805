//! The specialists' side: the queue with its filters, the statistics, the
//! deadline norms per category, and the compensations finance waits for.

use super::{Reclamations, from_row};
use crate::Result;
use crate::row::RowExt;
use dealerdesk_domain::model::Reclamation;
use dealerdesk_domain::{DealerScope, FactoryId, Timestamp, UserId};

const OPEN: &str = "('submitted', 'in_review', 'waiting_for_dealer')";

/// A category and its norm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryNorm {
    pub code: String,
    pub deadline_days: i64,
}

/// What the queue shows; every field narrows.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    /// `None`: every factory (the administrator).
    pub factory: Option<FactoryId>,
    /// One dealer's own list (the portal).
    pub dealer: Option<DealerScope>,
    pub status: Option<String>,
    /// Only the ones still in the queue (not decided or closed).
    pub open_only: bool,
    pub category: Option<String>,
    pub assigned: Assigned,
    /// Only open ones whose deadline is before this instant.
    pub overdue_at: Option<Timestamp>,
    pub limit: i64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Assigned {
    #[default]
    Anyone,
    Nobody,
    To(UserId),
}

#[derive(Debug, Clone)]
pub struct QueueRow {
    pub reclamation: Reclamation,
    pub dealer_name: String,
    pub order_number: String,
    pub factory_code: String,
    pub assigned_name: Option<String>,
}

/// One line of the statistics (a category, or a kind of product).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatRow {
    pub key: String,
    pub total: i64,
    pub open: i64,
    pub overdue: i64,
    pub remake: i64,
    pub repair: i64,
    pub compensation: i64,
    pub rejected: i64,
    /// Decided ones, and the milliseconds from filing to decision summed
    /// over them (the average is the caller's division).
    pub decided: i64,
    pub decision_ms: i64,
}

const QUALIFIED: &str = "r.id, r.factory_id, r.dealer_id, r.order_id, r.number, r.status, r.category, r.description, r.decision, \
     r.decision_amount_minor, r.decision_currency, r.decision_reason, r.assigned_to, r.deadline_at, r.created_by, r.created_at";

fn stat(r: &sqlx::any::AnyRow) -> Result<StatRow> {
    Ok(StatRow {
        key: r.string("k")?,
        total: r.i64("total")?,
        open: r.i64("open")?,
        overdue: r.i64("overdue")?,
        remake: r.i64("remake")?,
        repair: r.i64("repair")?,
        compensation: r.i64("compensation")?,
        rejected: r.i64("rejected")?,
        decided: r.i64("decided")?,
        decision_ms: r.i64("decision_ms")?,
    })
}

/// The aggregate columns of a statistics query over rows `x` that carry
/// `status`, `decision`, `deadline_at`, `created_at` and `decided_at`.
fn aggregates() -> String {
    format!(
        "COUNT(*) AS total, \
         CAST(SUM(CASE WHEN x.status IN {OPEN} THEN 1 ELSE 0 END) AS BIGINT) AS open, \
         CAST(SUM(CASE WHEN x.status IN {OPEN} AND x.deadline_at < $4 THEN 1 ELSE 0 END) AS BIGINT) AS overdue, \
         CAST(SUM(CASE WHEN x.decision = 'remake' THEN 1 ELSE 0 END) AS BIGINT) AS remake, \
         CAST(SUM(CASE WHEN x.decision = 'repair' THEN 1 ELSE 0 END) AS BIGINT) AS repair, \
         CAST(SUM(CASE WHEN x.decision = 'compensation' THEN 1 ELSE 0 END) AS BIGINT) AS compensation, \
         CAST(SUM(CASE WHEN x.decision = 'rejected' THEN 1 ELSE 0 END) AS BIGINT) AS rejected, \
         CAST(SUM(CASE WHEN x.decided_at IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS decided, \
         CAST(COALESCE(SUM(CASE WHEN x.decided_at IS NOT NULL THEN x.decided_at - x.created_at ELSE 0 END), 0) AS BIGINT) AS decision_ms"
    )
}

const DECIDED_AT: &str = "(SELECT MIN(h.at) FROM reclamation_history h WHERE h.reclamation_id = r.id AND h.to_status = 'decided')";

impl Reclamations<'_> {
    pub async fn categories(&mut self) -> Result<Vec<CategoryNorm>> {
        let rows = sqlx::query(
            "SELECT code, deadline_days FROM reclamation_categories ORDER BY position, code",
        )
        .fetch_all(&mut *self.c)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(CategoryNorm {
                    code: r.string("code")?,
                    deadline_days: r.i64("deadline_days")?,
                })
            })
            .collect()
    }

    /// Changes a category's norm; `false` when there is no such category.
    pub async fn set_deadline_days(&mut self, code: &str, days: i64) -> Result<bool> {
        Ok(
            sqlx::query("UPDATE reclamation_categories SET deadline_days = $2 WHERE code = $1")
                .bind(code)
                .bind(days)
                .execute(&mut *self.c)
                .await?
                .rows_affected()
                == 1,
        )
    }

    /// The queue: open ones first, the nearest deadline first.
    pub async fn queue(&mut self, f: &QueueFilter) -> Result<Vec<QueueRow>> {
        let assigned = match f.assigned {
            Assigned::Anyone => 0,
            Assigned::Nobody => -1,
            Assigned::To(u) => u.0,
        };
        let sql = format!(
            "SELECT {QUALIFIED}, d.name AS dealer_name, o.number AS order_number, fa.code AS factory_code, u.display_name AS assigned_name \
             FROM reclamations r JOIN dealers d ON d.id = r.dealer_id JOIN orders o ON o.id = r.order_id \
             JOIN factories fa ON fa.id = r.factory_id LEFT JOIN users u ON u.id = r.assigned_to \
             WHERE ($1 = 0 OR r.factory_id = $1) AND ($2 = '' OR r.status = $2) AND ($3 = 0 OR r.status IN {OPEN}) \
             AND ($4 = '' OR r.category = $4) AND ($5 = 0 OR ($5 = -1 AND r.assigned_to IS NULL) OR r.assigned_to = $5) \
             AND ($6 = 0 OR (r.deadline_at < $6 AND r.status IN {OPEN})) AND ($8 = 0 OR r.dealer_id = $8) \
             ORDER BY CASE WHEN r.status IN {OPEN} THEN 0 ELSE 1 END, r.deadline_at, r.id LIMIT $7"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(f.factory.map(|x| x.0).unwrap_or(0))
            .bind(f.status.clone().unwrap_or_default())
            .bind(i64::from(f.open_only))
            .bind(f.category.clone().unwrap_or_default())
            .bind(assigned)
            .bind(f.overdue_at.map(|t| t.0).unwrap_or(0))
            .bind(f.limit)
            .bind(f.dealer.as_ref().map(|d| d.dealer().0).unwrap_or(0))
            .fetch_all(&mut *self.c)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(QueueRow {
                    reclamation: from_row(r)?,
                    dealer_name: r.string("dealer_name")?,
                    order_number: r.string("order_number")?,
                    factory_code: r.string("factory_code")?,
                    assigned_name: r.opt_string("assigned_name")?,
                })
            })
            .collect()
    }

    /// Statistics of reclamations filed in `[from, to)`: by defect category
    /// and by kind of product (a reclamation counts once per kind of the
    /// constructions it names). Overdue is measured at `now`.
    pub async fn stats(
        &mut self,
        factory: Option<FactoryId>,
        from: Timestamp,
        to: Timestamp,
        now: Timestamp,
    ) -> Result<(Vec<StatRow>, Vec<StatRow>)> {
        let agg = aggregates();
        let by_category = format!(
            "SELECT x.category AS k, {agg} FROM (SELECT r.category, r.status, r.decision, r.deadline_at, r.created_at, {DECIDED_AT} AS decided_at \
             FROM reclamations r WHERE ($1 = 0 OR r.factory_id = $1) AND r.created_at >= $2 AND r.created_at < $3) x \
             GROUP BY x.category ORDER BY total DESC, k"
        );
        let by_kind = format!(
            "SELECT x.kind AS k, {agg} FROM (SELECT DISTINCT r.id, c.kind, r.status, r.decision, r.deadline_at, r.created_at, {DECIDED_AT} AS decided_at \
             FROM reclamations r JOIN reclamation_constructions rc ON rc.reclamation_id = r.id JOIN constructions c ON c.id = rc.construction_id \
             WHERE ($1 = 0 OR r.factory_id = $1) AND r.created_at >= $2 AND r.created_at < $3) x \
             GROUP BY x.kind ORDER BY total DESC, k"
        );
        let mut out = Vec::with_capacity(2);
        for sql in [by_category, by_kind] {
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(factory.map(|f| f.0).unwrap_or(0))
                .bind(from.0)
                .bind(to.0)
                .bind(now.0)
                .fetch_all(&mut *self.c)
                .await?;
            out.push(rows.iter().map(stat).collect::<Result<Vec<_>>>()?);
        }
        let by_kind = out.pop().unwrap_or_default();
        let by_category = out.pop().unwrap_or_default();
        Ok((by_category, by_kind))
    }

    /// The dealer's reclamations decided with a compensation.
    pub async fn compensations(&mut self, scope: &DealerScope) -> Result<Vec<Reclamation>> {
        let sql = format!(
            "SELECT {QUALIFIED} FROM reclamations r WHERE r.dealer_id = $1 AND r.decision = 'compensation' ORDER BY r.id"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(scope.dealer().0)
            .fetch_all(&mut *self.c)
            .await?
            .iter()
            .map(from_row)
            .collect()
    }

    /// Descriptions of the dealer's live ledger entries posted on or after
    /// `since` (`YYYY-MM-DD`) that mention `needle` (the caller checks the
    /// mention is the whole number). The day bound keeps this to the
    /// entries since the reclamation (the `(dealer_id, posted_on)` index),
    /// not the dealer's whole history, on every finance page.
    pub async fn ledger_mentions(
        &mut self,
        scope: &DealerScope,
        needle: &str,
        since: &str,
    ) -> Result<Vec<String>> {
        let pattern = format!("%{needle}%");
        Ok(sqlx::query_scalar(
            "SELECT description FROM ledger_entries WHERE dealer_id = $1 AND posted_on >= $3 AND voided = 0 AND description LIKE $2",
        )
        .bind(scope.dealer().0)
        .bind(pattern)
        .bind(since)
        .fetch_all(&mut *self.c)
        .await?)
    }
}
