use crate::Result;
use crate::row::RowExt;
use dealerdesk_domain::model::Reclamation;
use dealerdesk_domain::{
    Currency, DealerId, DealerScope, FactoryId, Money, OrderId, ReclamationDecision, ReclamationId,
    ReclamationStatus, Timestamp, UserId,
};
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

fn from_row(r: &AnyRow) -> Result<Reclamation> {
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
    pub number: String,
    pub category: String,
    pub description: String,
    pub created_by: UserId,
    pub deadline_at: Option<Timestamp>,
}

impl Reclamations<'_> {
    pub async fn insert(
        &mut self,
        scope: &DealerScope,
        r: &NewReclamation,
    ) -> Result<ReclamationId> {
        let now = Timestamp::now().0;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO reclamations (factory_id, dealer_id, order_id, number, status, category, description, deadline_at, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, 'submitted', $5, $6, $7, $8, $9, $9) RETURNING id",
        )
        .bind(r.factory_id.0)
        .bind(scope.dealer().0)
        .bind(r.order_id.0)
        .bind(&r.number)
        .bind(&r.category)
        .bind(&r.description)
        .bind(r.deadline_at.map(|t| t.0))
        .bind(r.created_by.0)
        .bind(now)
        .fetch_one(&mut *self.c)
        .await?;
        Ok(ReclamationId(id))
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
