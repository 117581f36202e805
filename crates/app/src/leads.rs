//! The funnel of prospective dealers (SPEC 4.2). Leads arrive from the
//! plant's website form (public, limited per address, with a honeypot
//! field only robots fill in), from import and from managers; managers
//! move them one stage at a time, or to "lost" with a reason.
//!
//! Dealers themselves are created in the production system and arrive
//! through sync (SYNC_API `dealer.upserted`): "turning a won lead into a
//! dealer" links the lead to that dealer by its code and copies the lead's
//! contact person onto the dealer's card; it does not invent a second
//! dealer record the plant's systems do not know.

use crate::{App, AppError, Result};
use dealerdesk_domain::crm::NewContact;
use dealerdesk_domain::lead::{Lead, LeadFields, LeadSource, NewLead};
use dealerdesk_domain::policy::Capability;
use dealerdesk_domain::{Actor, DealerScope, InvalidValue, LeadStage, Timestamp};
use dealerdesk_store::Repos;
use dealerdesk_store::audit::NewAudit;
use dealerdesk_store::leads::{SourceFigures, StageFigures};
use serde_json::json;

/// Website submissions allowed per address in [`WINDOW_SECS`].
pub const PUBLIC_LIMIT: i64 = 5;
const WINDOW_SECS: i64 = 600;
/// Leads shown on the board.
const SHOWN: i64 = 500;

/// What the website form sends: the lead, the factory's code (optional;
/// the plant's first factory otherwise) and the honeypot.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct PublicLead {
    #[serde(flatten)]
    pub fields: LeadFields,
    pub factory: String,
    /// Hidden from people by the form's CSS; a robot fills it in.
    pub website: String,
}

#[derive(Debug, Clone)]
pub struct Funnel {
    pub leads: Vec<Lead>,
    pub stages: Vec<StageFigures>,
    pub sources: Vec<SourceFigures>,
}

fn leads_user(actor: &Actor) -> Result<()> {
    if actor.can(Capability::Leads) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

impl App {
    /// The website form. Returns the new lead's id, or `None` when the
    /// honeypot was filled in (the robot is told "thank you" and nothing is
    /// stored). More than [`PUBLIC_LIMIT`] submissions from one address in
    /// ten minutes are refused with `Throttled`, on every node alike (the
    /// count lives in the database).
    pub async fn submit_public_lead(
        &self,
        form: &PublicLead,
        ip: Option<&str>,
    ) -> Result<Option<i64>> {
        let now = Timestamp::now();
        if let Some(ip) = ip {
            // Every attempt counts, refused ones too, in its own
            // transaction: a robot sending rubbish is limited as well.
            let mut tx = self.store.begin().await?;
            let key = format!("lead:{ip}");
            let hits = tx
                .auth()
                .record_failure(&key, now, now.plus_seconds(-WINDOW_SECS))
                .await?;
            tx.commit().await?;
            if hits > PUBLIC_LIMIT {
                return Err(AppError::Throttled {
                    retry_after_secs: WINDOW_SECS as u64,
                });
            }
        }
        if !form.website.trim().is_empty() {
            return Ok(None);
        }
        let lead = NewLead::parse(&form.fields).map_err(AppError::from)?;
        let mut tx = self.store.begin().await?;
        let factory = match form.factory.trim() {
            "" => tx.factories().list().await?.into_iter().next(),
            code => tx.factories().by_code(code).await?,
        }
        .ok_or_else(|| AppError::invalid("factory", "is not a factory of this plant"))?;
        let id = tx
            .leads()
            .insert(factory.id, &lead, LeadSource::Website, None)
            .await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// A lead typed in by a manager.
    pub async fn create_lead(&self, actor: &Actor, fields: &LeadFields) -> Result<i64> {
        leads_user(actor)?;
        let lead = NewLead::parse(fields).map_err(AppError::from)?;
        let mut tx = self.store.begin().await?;
        let factory = match actor.factory() {
            Some(f) => f,
            None => tx
                .factories()
                .list()
                .await?
                .into_iter()
                .next()
                .map(|f| f.id)
                .ok_or_else(|| AppError::invalid("factory", "is not a factory of this plant"))?,
        };
        let id = tx
            .leads()
            .insert(factory, &lead, LeadSource::Manual, Some(actor.user_id))
            .await?;
        tx.audit()
            .record(&NewAudit {
                actor_id: Some(actor.user_id),
                action: "lead.created",
                object_type: "lead",
                object_id: id.to_string(),
                after: Some(json!({"company": lead.company}).to_string()),
                ..Default::default()
            })
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The board and its figures.
    pub async fn lead_funnel(&self, actor: &Actor) -> Result<Funnel> {
        leads_user(actor)?;
        let mut c = self.store.read().await?;
        let factory = actor.factory();
        Ok(Funnel {
            leads: c.leads().list(factory, SHOWN).await?,
            stages: c.leads().stage_figures(factory).await?,
            sources: c.leads().source_figures(factory).await?,
        })
    }

    /// Moves a lead one stage on, or to "lost" with a reason. Becoming an
    /// active dealer names the dealer (by code, of the lead's factory) the
    /// production system created for it.
    pub async fn move_lead(
        &self,
        actor: &Actor,
        id: i64,
        to: &str,
        reason: &str,
        dealer_code: &str,
    ) -> Result<()> {
        leads_user(actor)?;
        let mut tx = self.store.begin().await?;
        let (lead, factory) = tx.leads().get(id).await?.ok_or(AppError::NotFound)?;
        if !actor.in_factory(factory) {
            return Err(AppError::NotFound);
        }
        let to = LeadStage::parse(to).map_err(AppError::from)?;
        if !lead.stage.can_move(to) {
            return Err(AppError::invalid(
                "stage",
                "a lead moves one stage at a time, or to lost",
            ));
        }
        let mut errors: Vec<InvalidValue> = Vec::new();
        let reason = if to == LeadStage::Lost {
            dealerdesk_domain::text::bounded("reason", reason, 1, 500)
                .map_err(|e| errors.push(e))
                .ok()
        } else {
            None
        };
        let dealer = if to == LeadStage::ActiveDealer {
            match tx.dealers().by_code(dealer_code.trim()).await? {
                Some(d) if d.factory_id == factory => Some(d),
                _ => {
                    errors.push(InvalidValue::new(
                        "dealer",
                        "is not a dealer of this factory",
                    ));
                    None
                }
            }
        } else {
            None
        };
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let moved = tx
            .leads()
            .move_stage(
                id,
                lead.stage,
                to,
                reason.as_deref(),
                dealer.as_ref().map(|d| d.id),
                actor.user_id,
            )
            .await?;
        if !moved {
            return Err(AppError::Conflict(
                "someone else moved this lead; reload the page".into(),
            ));
        }
        if let (Some(d), Some(name)) = (&dealer, &lead.contact_name)
            && let Ok(contact) = NewContact::parse(
                name,
                "",
                lead.phone.as_deref().unwrap_or_default(),
                lead.email.as_deref().unwrap_or_default(),
            )
        {
            tx.crm()
                .add_contact(&DealerScope::system(d.id), &contact, Some(actor.user_id))
                .await?;
        }
        tx.audit()
            .record(&NewAudit {
                actor_id: Some(actor.user_id),
                action: "lead.moved",
                object_type: "lead",
                object_id: id.to_string(),
                before: Some(json!({"stage": lead.stage.as_str()}).to_string()),
                after: Some(
                    json!({"stage": to.as_str(), "reason": reason,
                           "dealer": dealer.as_ref().map(|d| d.code.clone())})
                    .to_string(),
                ),
                ..Default::default()
            })
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
