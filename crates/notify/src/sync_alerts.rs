//! E-mail to administrators when sync events are quarantined or the lag
//! passes its threshold — at most one per interval, summarising, so a storm
//! of bad events is one message, not thousands.

use crate::{Mail, Mailer};
use dealerdesk_app::App;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct AlertSettings {
    pub interval: Duration,
    pub lag_threshold: Duration,
}

impl Default for AlertSettings {
    fn default() -> Self {
        Self {
            interval: Duration::from_secs(15 * 60),
            lag_threshold: Duration::from_secs(10 * 60),
        }
    }
}

/// Checks once; sends an alert if one is due. Returns whether it sent.
pub async fn check_once(
    app: &App,
    mailer: &Mailer,
    settings: &AlertSettings,
) -> Result<bool, Box<dyn std::error::Error + Send + Sync>> {
    let Some(alert) = app
        .sync_alert_due(settings.interval, settings.lag_threshold)
        .await?
    else {
        return Ok(false);
    };
    if alert.recipients.is_empty() {
        tracing::warn!("a sync alert is due but there is no active administrator to send it to");
        return Ok(false);
    }
    mailer
        .send(&Mail {
            to: alert.recipients.clone(),
            subject: alert.subject.clone(),
            text: alert.text.clone(),
            message_id: None,
        })
        .await?;
    app.sync_alert_sent(&alert).await?;
    Ok(true)
}

/// The loop of `serve`.
pub async fn run(
    app: App,
    mailer: Mailer,
    settings: AlertSettings,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(30)) => {}
            _ = stop.changed() => return,
        }
        if let Err(e) = check_once(&app, &mailer, &settings).await {
            tracing::error!(error = %e, "sending the sync alert failed; will try again");
        }
    }
}
