//! Orders that need attention (SPEC 4.2): those that have stayed in a
//! status of the line longer than its norm. A manager sees those of their
//! own dealers, a head of sales the factory's; the norms are the plant's
//! and a head of sales or the administrator sets them.

use crate::{App, AppError, Result};
use dealerdesk_domain::norms::StatusNorms;
use dealerdesk_domain::policy::Capability;
use dealerdesk_domain::{Actor, Role, Timestamp};
use dealerdesk_store::Repos;
use dealerdesk_store::audit::NewAudit;
use dealerdesk_store::crm::StuckOrder;

/// The settings key of the norms.
const NORMS_KEY: &str = "order_status_norms";
/// Orders shown on the page (the count says how many there are in all).
const SHOWN: i64 = 200;

#[derive(Debug, Clone)]
pub struct Attention {
    pub orders: Vec<StuckOrder>,
    pub total: i64,
    pub norms: StatusNorms,
    pub can_edit: bool,
}

fn can_edit(actor: &Actor) -> bool {
    matches!(actor.role, Role::HeadOfSales | Role::Admin)
}

impl App {
    pub async fn status_norms(&self) -> Result<StatusNorms> {
        let mut c = self.store.read().await?;
        Ok(c.settings()
            .get(NORMS_KEY)
            .await?
            .map(|raw| StatusNorms::from_stored(&raw))
            .unwrap_or_default())
    }

    /// The orders stuck past their norm, longest waiting first.
    pub async fn orders_needing_attention(&self, actor: &Actor) -> Result<Attention> {
        if !actor.can(Capability::DealerCrm) {
            return Err(AppError::Forbidden);
        }
        let norms = self.status_norms().await?;
        let (orders, total) = self.stuck(actor, &norms, SHOWN).await?;
        Ok(Attention {
            orders,
            total,
            norms,
            can_edit: can_edit(actor),
        })
    }

    /// How many orders need the actor's attention (the dashboard's count).
    pub async fn count_needing_attention(&self, actor: &Actor) -> Result<i64> {
        let norms = self.status_norms().await?;
        Ok(self.stuck(actor, &norms, 0).await?.1)
    }

    async fn stuck(
        &self,
        actor: &Actor,
        norms: &StatusNorms,
        limit: i64,
    ) -> Result<(Vec<StuckOrder>, i64)> {
        let now = Timestamp::now();
        let cutoffs: Vec<_> = norms
            .iter()
            .map(|(s, days)| (s, now.plus_seconds(-i64::from(days) * 86_400)))
            .collect();
        let manager = (actor.role == Role::Manager).then_some(actor.user_id);
        let mut c = self.store.read().await?;
        Ok(c.crm()
            .stuck_orders(actor.factory(), manager, &cutoffs, limit)
            .await?)
    }

    /// Sets the norms from the form (days per status); audited with the
    /// norms before and after.
    pub async fn set_status_norms(&self, actor: &Actor, fields: &[(String, String)]) -> Result<()> {
        if !actor.can(Capability::DealerCrm) || !can_edit(actor) {
            return Err(AppError::Forbidden);
        }
        let norms = StatusNorms::parse_form(fields).map_err(AppError::from)?;
        let before = self.status_norms().await?;
        let mut tx = self.store.begin().await?;
        tx.settings().set(NORMS_KEY, &norms.to_stored()).await?;
        tx.audit()
            .record(&NewAudit {
                actor_id: Some(actor.user_id),
                action: "settings.status_norms",
                object_type: "settings",
                object_id: NORMS_KEY.to_owned(),
                before: Some(before.to_stored()),
                after: Some(norms.to_stored()),
                ..Default::default()
            })
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
