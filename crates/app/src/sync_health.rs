//! Sync health for administrators: what each source sent and how far the
//! appliers are, what waits and why, the quarantine — and the two actions
//! on a quarantined event, retry and discard.

use crate::{App, AppError, Result};
use dealerdesk_domain::model::SyncSource;
use dealerdesk_domain::policy::Capability;
use dealerdesk_domain::{Actor, Timestamp};
use dealerdesk_store::Repos;
use dealerdesk_store::audit::NewAudit;
use dealerdesk_store::inbox::{Counters, QuarantinedEvent};

#[derive(Debug, Clone)]
pub struct SourceHealth {
    pub source: SyncSource,
    pub factory_code: String,
    pub counters: Counters,
    /// How long the oldest event not yet applied has been waiting (ms).
    pub lag_ms: i64,
}

#[derive(Debug, Clone)]
pub struct OldestWaiting {
    pub inbox_id: i64,
    pub event_id: String,
    pub waiting_for: String,
    pub age_ms: i64,
}

#[derive(Debug, Clone)]
pub struct SyncHealth {
    pub sources: Vec<SourceHealth>,
    pub oldest_waiting: Option<OldestWaiting>,
    pub quarantine: Vec<QuarantinedEvent>,
}

impl App {
    pub async fn sync_health(&self, actor: &Actor) -> Result<SyncHealth> {
        if !actor.can(Capability::Administration) {
            return Err(AppError::Forbidden);
        }
        let now = Timestamp::now();
        let mut c = self.store.read().await?;
        let mut sources = Vec::new();
        for (source, factory_code) in c.sources().all().await? {
            let counters = c.inbox().counters(source.id).await?;
            let lag_ms = c
                .inbox()
                .oldest_unapplied(source.id)
                .await?
                .map(|t| (now.0 - t.0).max(0))
                .unwrap_or(0);
            sources.push(SourceHealth {
                source,
                factory_code,
                counters,
                lag_ms,
            });
        }
        let oldest_waiting =
            c.inbox()
                .oldest_waiting()
                .await?
                .map(|(inbox_id, event_id, waiting_for, at)| OldestWaiting {
                    inbox_id,
                    event_id,
                    waiting_for,
                    age_ms: (now.0 - at.0).max(0),
                });
        let quarantine = c.inbox().quarantined(200).await?;
        Ok(SyncHealth {
            sources,
            oldest_waiting,
            quarantine,
        })
    }

    /// Sends a quarantined event back to be applied (after the cause was fixed).
    pub async fn retry_quarantined(&self, actor: &Actor, inbox_id: i64) -> Result<()> {
        self.leave_quarantine(actor, inbox_id, true).await
    }

    /// Gives up on a quarantined event; what waited behind it goes on.
    pub async fn discard_quarantined(&self, actor: &Actor, inbox_id: i64) -> Result<()> {
        self.leave_quarantine(actor, inbox_id, false).await
    }

    async fn leave_quarantine(&self, actor: &Actor, inbox_id: i64, retry: bool) -> Result<()> {
        if !actor.can(Capability::Administration) {
            return Err(AppError::Forbidden);
        }
        let mut tx = self.store.begin().await?;
        if retry {
            tx.inbox().retry(inbox_id).await?
        } else {
            tx.inbox().discard(inbox_id).await?
        }
        tx.audit()
            .record(&NewAudit {
                actor_id: Some(actor.user_id),
                action: if retry {
                    "sync.quarantine_retried"
                } else {
                    "sync.quarantine_discarded"
                },
                object_type: "sync_event",
                object_id: inbox_id.to_string(),
                ..Default::default()
            })
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
