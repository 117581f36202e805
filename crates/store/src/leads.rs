//! The lead funnel's storage: leads, every move between stages (so
//! conversion counts the leads that ever reached a stage, not only those
//! standing there now), and the figures per stage and per source.

use crate::Result;
use crate::row::RowExt;
use dealerdesk_domain::lead::{Lead, LeadSource, NewLead};
use dealerdesk_domain::{DealerId, FactoryId, LeadStage, Timestamp, UserId};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

pub struct Leads<'c> {
    pub(crate) c: &'c mut AnyConnection,
}

const COLS: &str = "l.id, l.company, l.contact_name, l.phone, l.email, l.city, l.region, l.note, l.source, l.stage, \
                    l.lost_reason, l.manager_id, d.code AS dealer_code, l.created_at, l.stage_at, l.factory_id \
                    FROM leads l LEFT JOIN dealers d ON d.id = l.dealer_id";

fn from_row(r: &AnyRow) -> Result<Lead> {
    Ok(Lead {
        id: r.i64("id")?,
        company: r.string("company")?,
        contact_name: r.opt_string("contact_name")?,
        phone: r.opt_string("phone")?,
        email: r.opt_string("email")?,
        city: r.opt_string("city")?,
        region: r.opt_string("region")?,
        note: r.opt_string("note")?,
        source: LeadSource::parse(&r.string("source")?)?,
        stage: LeadStage::parse(&r.string("stage")?)?,
        lost_reason: r.opt_string("lost_reason")?,
        manager_id: r.opt_i64("manager_id")?.map(UserId),
        dealer_code: r.opt_string("dealer_code")?,
        created_at: r.ts("created_at")?,
        stage_at: r.ts("stage_at")?,
    })
}

/// Per stage: how many leads stand there now and how many ever reached it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageFigures {
    pub stage: LeadStage,
    pub now: i64,
    pub reached: i64,
}

/// Per source: leads in all and those that became dealers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFigures {
    pub source: LeadSource,
    pub total: i64,
    pub won: i64,
}

impl Leads<'_> {
    /// Stores a new lead at the first stage, with its first move.
    pub async fn insert(
        &mut self,
        factory: FactoryId,
        lead: &NewLead,
        source: LeadSource,
        by: Option<UserId>,
    ) -> Result<i64> {
        let now = Timestamp::now().0;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO leads (factory_id, company, contact_name, phone, email, city, region, note, source, stage, manager_id, created_at, stage_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'lead', $10, $11, $11) RETURNING id",
        )
        .bind(factory.0)
        .bind(&lead.company)
        .bind(lead.contact_name.as_deref())
        .bind(lead.phone.as_ref().map(|p| p.as_str().to_owned()))
        .bind(lead.email.as_ref().map(|e| e.as_str().to_owned()))
        .bind(lead.city.as_deref())
        .bind(lead.region.as_deref())
        .bind(lead.note.as_deref())
        .bind(source.as_str())
        .bind(by.map(|u| u.0))
        .bind(now)
        .fetch_one(&mut *self.c)
        .await?;
        self.record_move(id, None, LeadStage::Lead, by, now).await?;
        Ok(id)
    }

    async fn record_move(
        &mut self,
        id: i64,
        from: Option<LeadStage>,
        to: LeadStage,
        by: Option<UserId>,
        at: i64,
    ) -> Result<()> {
        sqlx::query("INSERT INTO lead_moves (lead_id, from_stage, to_stage, by_user, at) VALUES ($1, $2, $3, $4, $5)")
            .bind(id)
            .bind(from.map(|s| s.as_str()))
            .bind(to.as_str())
            .bind(by.map(|u| u.0))
            .bind(at)
            .execute(&mut *self.c)
            .await?;
        Ok(())
    }

    /// A lead and its factory, for a permission decision.
    pub async fn get(&mut self, id: i64) -> Result<Option<(Lead, FactoryId)>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLS} WHERE l.id = $1"
        )))
        .bind(id)
        .fetch_optional(&mut *self.c)
        .await?;
        row.map(|r| Ok((from_row(&r)?, FactoryId(r.i64("factory_id")?))))
            .transpose()
    }

    /// The leads of a factory (`None`: all), newest move first.
    pub async fn list(&mut self, factory: Option<FactoryId>, limit: i64) -> Result<Vec<Lead>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLS} WHERE ($1 = 0 OR l.factory_id = $1) ORDER BY l.stage_at DESC, l.id DESC LIMIT $2"
        )))
        .bind(factory.map(|f| f.0).unwrap_or(0))
        .bind(limit)
        .fetch_all(&mut *self.c)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    /// Moves a lead from `from` to `to`; `false` if it was no longer at
    /// `from` (someone moved it meanwhile).
    pub async fn move_stage(
        &mut self,
        id: i64,
        from: LeadStage,
        to: LeadStage,
        lost_reason: Option<&str>,
        dealer: Option<DealerId>,
        by: UserId,
    ) -> Result<bool> {
        let now = Timestamp::now().0;
        let n = sqlx::query(
            "UPDATE leads SET stage = $1, stage_at = $2, lost_reason = $3, dealer_id = COALESCE($4, dealer_id), \
             manager_id = COALESCE(manager_id, $5) WHERE id = $6 AND stage = $7",
        )
        .bind(to.as_str())
        .bind(now)
        .bind(lost_reason)
        .bind(dealer.map(|d| d.0))
        .bind(by.0)
        .bind(id)
        .bind(from.as_str())
        .execute(&mut *self.c)
        .await?
        .rows_affected();
        if n == 1 {
            self.record_move(id, Some(from), to, Some(by), now).await?;
        }
        Ok(n == 1)
    }

    /// Leads now at each stage and leads that ever reached it.
    pub async fn stage_figures(&mut self, factory: Option<FactoryId>) -> Result<Vec<StageFigures>> {
        let f = factory.map(|f| f.0).unwrap_or(0);
        let now: Vec<(String, i64)> = sqlx::query_as(
            "SELECT stage, COUNT(*) FROM leads WHERE ($1 = 0 OR factory_id = $1) GROUP BY stage",
        )
        .bind(f)
        .fetch_all(&mut *self.c)
        .await?;
        let reached: Vec<(String, i64)> = sqlx::query_as(
            "SELECT m.to_stage, COUNT(DISTINCT m.lead_id) FROM lead_moves m JOIN leads l ON l.id = m.lead_id \
             WHERE ($1 = 0 OR l.factory_id = $1) GROUP BY m.to_stage",
        )
        .bind(f)
        .fetch_all(&mut *self.c)
        .await?;
        let find = |rows: &[(String, i64)], s: LeadStage| {
            rows.iter()
                .find(|(k, _)| k == s.as_str())
                .map(|(_, n)| *n)
                .unwrap_or(0)
        };
        Ok(LeadStage::ALL
            .iter()
            .map(|s| StageFigures {
                stage: *s,
                now: find(&now, *s),
                reached: find(&reached, *s),
            })
            .collect())
    }

    /// Leads per source and how many of them became dealers.
    pub async fn source_figures(
        &mut self,
        factory: Option<FactoryId>,
    ) -> Result<Vec<SourceFigures>> {
        let rows = sqlx::query(
            "SELECT source, COUNT(*) AS total, \
             CAST(COALESCE(SUM(CASE WHEN stage = 'active_dealer' THEN 1 ELSE 0 END), 0) AS BIGINT) AS won \
             FROM leads WHERE ($1 = 0 OR factory_id = $1) GROUP BY source",
        )
        .bind(factory.map(|f| f.0).unwrap_or(0))
        .fetch_all(&mut *self.c)
        .await?;
        let counted = rows
            .iter()
            .map(|r| Ok((r.string("source")?, r.i64("total")?, r.i64("won")?)))
            .collect::<Result<Vec<_>>>()?;
        Ok(LeadSource::ALL
            .into_iter()
            .map(|source| {
                let (total, won) = counted
                    .iter()
                    .find(|(k, _, _)| k == source.as_str())
                    .map_or((0, 0), |(_, t, w)| (*t, *w));
                SourceFigures { source, total, won }
            })
            .collect())
    }
}
