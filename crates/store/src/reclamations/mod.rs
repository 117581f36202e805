use crate::Result;
use crate::row::RowExt;
use dealerdesk_domain::model::Reclamation;
use dealerdesk_domain::{
    Currency, DealerId, DealerRef, DealerScope, FactoryId, Money, OrderId, ReclamationDecision,
    ReclamationId, ReclamationStatus, Timestamp, UserId,
};

mod queue;
mod work;

pub use queue::{Assigned, CategoryNorm, QueueFilter, QueueRow, StatRow};
pub use work::{Comment, HistoryRow};

/// A per-process sequence for placeholders (with the time and the author
/// they are unique in practice; a clash would be a refused insert, not a
/// wrong number).
fn rand_suffix() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

pub struct Reclamations<'c> {
    pub(crate) c: &'c mut AnyConnection,
}

macro_rules! cols {
    () => {
        "id, factory_id, dealer_id, order_id, number, status, category, description, decision, decision_amount_minor, decision_currency, \
         decision_reason, assigned_to, deadline_at, created_by, created_at"
    };
}

pub(crate) fn from_row(r: &AnyRow) -> Result<Reclamation> {
    let decision = match r.opt_string("decision")?.as_deref() {
        None => None,
        Some("remake") => Some(ReclamationDecision::Remake),
        Some("repair") => Some(ReclamationDecision::Repair),
        Some("compensation") => Some(ReclamationDecision::Compensation {
            amount: Money::new(
                r.opt_i64("decision_amount_minor")?.unwrap_or(0),
                Currency::parse(&r.opt_string("decision_currency")?.unwrap_or_default())
                    .unwrap_or_default(),
            ),
        }),
        Some("rejected") => Some(ReclamationDecision::Rejected {
            reason: r.opt_string("decision_reason")?.unwrap_or_default(),
        }),
        Some(other) => {
            return Err(crate::StoreError::Corrupt(format!(
                "reclamation decision {other:?}"
            )));
        }
    };
    Ok(Reclamation {
        id: ReclamationId(r.i64("id")?),
        factory_id: FactoryId(r.i64("factory_id")?),
        dealer_id: DealerId(r.i64("dealer_id")?),
        order_id: OrderId(r.i64("order_id")?),
        number: r.string("number")?,
        status: ReclamationStatus::parse(&r.string("status")?)?,
        category: r.string("category")?,
        description: r.string("description")?,
        decision,
        assigned_to: r.opt_i64("assigned_to")?.map(UserId),
        deadline_at: r.opt_ts("deadline_at")?,
        created_by: UserId(r.i64("created_by")?),
        created_at: r.ts("created_at")?,
    })
}

#[derive(Debug, Clone)]
pub struct NewReclamation {
    pub factory_id: FactoryId,
    pub order_id: OrderId,
    /// The number is this prefix and the row's id: `KH-R-00042`.
    pub number_prefix: String,
    pub category: String,
    pub description: String,
    pub created_by: UserId,
    pub deadline_at: Option<Timestamp>,
}

impl Reclamations<'_> {
    /// Files a reclamation (status `submitted`); returns its id and number.
    pub async fn insert(
        &mut self,
        scope: &DealerScope,
        r: &NewReclamation,
        now: Timestamp,
    ) -> Result<(ReclamationId, String)> {
        // The number is made from the id, so it is unique without a
        // counter to contend on; a placeholder holds the UNIQUE slot first.
        let placeholder = format!("pending-{}-{}-{}", now.0, r.created_by.0, rand_suffix());
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO reclamations (factory_id, dealer_id, order_id, number, status, category, description, deadline_at, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, 'submitted', $5, $6, $7, $8, $9, $9) RETURNING id",
        )
        .bind(r.factory_id.0)
        .bind(scope.dealer().0)
        .bind(r.order_id.0)
        .bind(&placeholder)
        .bind(&r.category)
        .bind(&r.description)
        .bind(r.deadline_at.map(|t| t.0))
        .bind(r.created_by.0)
        .bind(now.0)
        .fetch_one(&mut *self.c)
        .await?;
        let number = format!("{}{id:05}", r.number_prefix);
        sqlx::query("UPDATE reclamations SET number = $2 WHERE id = $1")
            .bind(id)
            .bind(&number)
            .execute(&mut *self.c)
            .await?;
        Ok((ReclamationId(id), number))
    }

    /// A reclamation by its number, with the policy's facts about its
    /// dealer: the caller authorises before showing anything.
    pub async fn find(&mut self, number: &str) -> Result<Option<(Reclamation, DealerRef)>> {
        let row = sqlx::query(concat!(
            "SELECT ",
            cols!(),
            ", (SELECT d.factory_id FROM dealers d WHERE d.id = reclamations.dealer_id) AS dealer_factory_id, \
             (SELECT d.manager_id FROM dealers d WHERE d.id = reclamations.dealer_id) AS dealer_manager_id \
             FROM reclamations WHERE number = $1"
        ))
        .bind(number)
        .fetch_optional(&mut *self.c)
        .await?;
        row.map(|r| {
            let rec = from_row(&r)?;
            let dealer = DealerRef {
                id: rec.dealer_id,
                factory: FactoryId(r.i64("dealer_factory_id")?),
                manager: r.opt_i64("dealer_manager_id")?.map(UserId),
            };
            Ok((rec, dealer))
        })
        .transpose()
    }

    /// The order's reclamations, newest first.
    pub async fn of_order(
        &mut self,
        scope: &DealerScope,
        order: OrderId,
    ) -> Result<Vec<Reclamation>> {
        sqlx::query(concat!(
            "SELECT ",
            cols!(),
            " FROM reclamations WHERE order_id = $1 AND dealer_id = $2 ORDER BY id DESC"
        ))
        .bind(order.0)
        .bind(scope.dealer().0)
        .fetch_all(&mut *self.c)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    /// Moves the status, only from `from` (a concurrent move loses: 0 rows).
    pub async fn set_status(
        &mut self,
        scope: &DealerScope,
        id: ReclamationId,
        from: ReclamationStatus,
        to: ReclamationStatus,
        now: Timestamp,
    ) -> Result<bool> {
        let n = sqlx::query("UPDATE reclamations SET status = $4, updated_at = $5 WHERE id = $1 AND dealer_id = $2 AND status = $3")
            .bind(id.0)
            .bind(scope.dealer().0)
            .bind(from.as_str())
            .bind(to.as_str())
            .bind(now.0)
            .execute(&mut *self.c)
            .await?
            .rows_affected();
        Ok(n == 1)
    }

    /// Records the decision (the status move is [`Reclamations::set_status`]).
    pub async fn set_decision(
        &mut self,
        scope: &DealerScope,
        id: ReclamationId,
        d: &ReclamationDecision,
    ) -> Result<()> {
        let (amount, currency, reason) = match d {
            ReclamationDecision::Compensation { amount } => {
                (Some(amount.minor), Some(amount.currency.as_str()), None)
            }
            ReclamationDecision::Rejected { reason } => (None, None, Some(reason.as_str())),
            ReclamationDecision::Remake | ReclamationDecision::Repair => (None, None, None),
        };
        sqlx::query("UPDATE reclamations SET decision = $3, decision_amount_minor = $4, decision_currency = $5, decision_reason = $6 WHERE id = $1 AND dealer_id = $2")
            .bind(id.0)
            .bind(scope.dealer().0)
            .bind(d.kind_str())
            .bind(amount)
            .bind(currency)
            .bind(reason)
            .execute(&mut *self.c)
            .await?;
        Ok(())
    }

    pub async fn assign(
        &mut self,
        scope: &DealerScope,
        id: ReclamationId,
        to: Option<UserId>,
        now: Timestamp,
    ) -> Result<()> {
        sqlx::query("UPDATE reclamations SET assigned_to = $3, updated_at = $4 WHERE id = $1 AND dealer_id = $2")
            .bind(id.0)
            .bind(scope.dealer().0)
            .bind(to.map(|u| u.0))
            .bind(now.0)
            .execute(&mut *self.c)
            .await?;
        Ok(())
    }

    pub async fn get(
        &mut self,
        scope: &DealerScope,
        id: ReclamationId,
    ) -> Result<Option<Reclamation>> {
        sqlx::query(concat!(
            "SELECT ",
            cols!(),
            " FROM reclamations WHERE id = $1 AND dealer_id = $2"
        ))
        .bind(id.0)
        .bind(scope.dealer().0)
        .fetch_optional(&mut *self.c)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
    }

    pub async fn of_dealer(&mut self, scope: &DealerScope, limit: i64) -> Result<Vec<Reclamation>> {
        sqlx::query(concat!(
            "SELECT ",
            cols!(),
            " FROM reclamations WHERE dealer_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2"
        ))
        .bind(scope.dealer().0)
        .bind(limit)
        .fetch_all(&mut *self.c)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    /// Open reclamations (not yet decided) of a factory, or of one dealer.
    pub async fn count_open(
        &mut self,
        factory: Option<FactoryId>,
        dealer: Option<&DealerScope>,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM reclamations WHERE ($1 = 0 OR factory_id = $1) AND ($2 = 0 OR dealer_id = $2) \
             AND status IN ('submitted', 'in_review', 'waiting_for_dealer')",
        )
        .bind(factory.map(|f| f.0).unwrap_or(0))
        .bind(dealer.map(|d| d.dealer().0).unwrap_or(0))
        .fetch_one(&mut *self.c)
        .await?)
    }
}
