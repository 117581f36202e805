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

/// An alert that is due, and the state to record once it is sent.
#[derive(Debug, Clone)]
pub struct SyncAlert {
    pub recipients: Vec<String>,
    pub subject: String,
    pub text: String,
    pub quarantined_total: i64,
}

const ALERT_LAST_AT: &str = "sync.alert.last_at";
const ALERT_LAST_QUARANTINED: &str = "sync.alert.last_quarantined";

impl App {
    /// Whether administrators should hear about the sync now: new events in
    /// quarantine since the last alert, or a source lagging more than
    /// `lag_threshold` — and the last alert at least `interval` ago. The
    /// state lives in the settings table, so it holds across restarts.
    pub async fn sync_alert_due(
        &self,
        interval: std::time::Duration,
        lag_threshold: std::time::Duration,
    ) -> Result<Option<SyncAlert>> {
        let now = Timestamp::now();
        let mut c = self.store.read().await?;
        let last_at: i64 = c
            .settings()
            .get(ALERT_LAST_AT)
            .await?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        if now.0 - last_at < i64::try_from(interval.as_millis()).unwrap_or(i64::MAX) {
            return Ok(None);
        }
        let last_q: i64 = c
            .settings()
            .get(ALERT_LAST_QUARANTINED)
            .await?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let mut lines = Vec::new();
        let mut quarantined_total = 0;
        let mut lagging = false;
        for (source, factory) in c.sources().all().await? {
            let k = c.inbox().counters(source.id).await?;
            quarantined_total += k.quarantined;
            let lag = c
                .inbox()
                .oldest_unapplied(source.id)
                .await?
                .map(|t| now.0 - t.0)
                .unwrap_or(0);
            let lag_over = lag > i64::try_from(lag_threshold.as_millis()).unwrap_or(i64::MAX);
            lagging |= lag_over;
            lines.push(format!(
                "{factory} · {}: accepted {}, applied {}, waiting {}, quarantined {}, lag {} s{}",
                source.kind.as_str(),
                k.accepted,
                k.applied + k.discarded,
                k.waiting,
                k.quarantined,
                lag / 1000,
                if lag_over {
                    " (over the threshold)"
                } else {
                    ""
                }
            ));
        }
        let new_quarantine = quarantined_total > last_q;
        if !new_quarantine && !lagging {
            return Ok(None);
        }
        let mut text = String::from("DealerDesk sync needs attention.\n\n");
        for l in &lines {
            text.push_str(l);
            text.push('\n');
        }
        let q = c.inbox().quarantined(20).await?;
        if !q.is_empty() {
            text.push_str("\nQuarantined events (oldest first):\n");
            for e in &q {
                text.push_str(&format!(
                    "- {} {} ({}): {}\n",
                    e.event_type, e.event_id, e.entity_key, e.error
                ));
            }
        }
        text.push_str(&format!(
            "\nRetry or discard them at {}/staff/sync\n",
            self.config.public_url.trim_end_matches('/')
        ));
        let subject = match (new_quarantine, lagging) {
            (true, true) => {
                format!("DealerDesk sync: {quarantined_total} quarantined, and lagging")
            }
            (true, false) => format!("DealerDesk sync: {quarantined_total} event(s) quarantined"),
            _ => "DealerDesk sync is lagging".to_owned(),
        };
        let recipients = c
            .users()
            .emails_of_role(dealerdesk_domain::Role::Admin)
            .await?;
        Ok(Some(SyncAlert {
            recipients,
            subject,
            text,
            quarantined_total,
        }))
    }

    /// Records that `alert` went out (starts the quiet interval).
    pub async fn sync_alert_sent(&self, alert: &SyncAlert) -> Result<()> {
        let mut tx = self.store.begin().await?;
        tx.settings()
            .set(ALERT_LAST_AT, &Timestamp::now().0.to_string())
            .await?;
        tx.settings()
            .set(ALERT_LAST_QUARANTINED, &alert.quarantined_total.to_string())
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
