//! A person's notification settings (SPEC 4.4): which events reach them in
//! the notification centre and by e-mail. The notification worker (issue 5)
//! reads them for every event it delivers.

use crate::{App, AppError, Result};
use dealerdesk_domain::model::NotificationKind;
use dealerdesk_domain::notification::{Channel, NotificationPrefs};
use dealerdesk_domain::{Actor, Role};
use dealerdesk_store::Repos;
use dealerdesk_store::audit::NewAudit;

/// The settings as a form shows them: the events the person's role can
/// hear about, each with its channels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrefsView {
    pub rows: Vec<(NotificationKind, Vec<(Channel, bool)>)>,
}

fn view(role: Role, prefs: &NotificationPrefs) -> PrefsView {
    PrefsView {
        rows: NotificationKind::for_role(role)
            .into_iter()
            .map(|k| {
                let channels = Channel::ALL
                    .into_iter()
                    .map(|c| (c, prefs.enabled(k, c)))
                    .collect();
                (k, channels)
            })
            .collect(),
    }
}

impl App {
    pub async fn notification_prefs(&self, actor: &Actor) -> Result<PrefsView> {
        let mut c = self.store.read().await?;
        let prefs = c.notifications().prefs(actor.user_id).await?;
        Ok(view(actor.role, &prefs))
    }

    /// Sets the person's own settings from the `(event, channel)` pairs
    /// that are on; every other pair of their role is turned off. A pair
    /// their role cannot hear about is refused, and nothing changes.
    pub async fn set_notification_prefs(
        &self,
        actor: &Actor,
        on: &[(String, String)],
    ) -> Result<PrefsView> {
        let allowed = NotificationKind::for_role(actor.role);
        let mut wanted = Vec::with_capacity(on.len());
        for (kind, channel) in on {
            let k = NotificationKind::parse(kind).filter(|k| allowed.contains(k));
            let c = Channel::parse(channel);
            match (k, c) {
                (Some(k), Some(c)) => wanted.push((k, c)),
                _ => {
                    return Err(AppError::invalid(
                        "notifications",
                        format!(
                            "{} is not an event and channel you can choose",
                            format_args!("{kind}/{channel}")
                        ),
                    ));
                }
            }
        }
        let mut prefs = NotificationPrefs::default();
        for k in &allowed {
            for c in Channel::ALL {
                prefs.set(*k, c, wanted.contains(&(*k, c)));
            }
        }
        let mut tx = self.store.begin().await?;
        let before = tx.notifications().prefs(actor.user_id).await?;
        tx.notifications().set_prefs(actor.user_id, &prefs).await?;
        if before != prefs {
            let off = |p: &NotificationPrefs| {
                p.rows()
                    .iter()
                    .map(|(k, c, _)| format!("{}/{}", k.as_str(), c.as_str()))
                    .collect::<Vec<_>>()
            };
            tx.audit()
                .record(&NewAudit {
                    actor_id: Some(actor.user_id),
                    action: "user.notification_settings_changed",
                    object_type: "user",
                    object_id: actor.user_id.to_string(),
                    before: Some(serde_json::json!({"off": off(&before)}).to_string()),
                    after: Some(serde_json::json!({"off": off(&prefs)}).to_string()),
                    ..Default::default()
                })
                .await?;
        }
        tx.commit().await?;
        Ok(view(actor.role, &prefs))
    }
}
