//! The loop of `serve` that e-mails notifications: gather each person's
//! waiting notifications into one e-mail once the coalescing window has
//! passed (`App::gather_emails`), then send the e-mails that are due, each
//! with its fixed Message-ID, and record the outcome (sent; or tried again
//! after a doubling delay; or given up on a permanent refusal or when the
//! attempts are spent). See `dealerdesk_app::notification_mail`.

use crate::{Mail, Mailer};
use dealerdesk_app::App;
use dealerdesk_app::notification_mail::message_id;
use dealerdesk_domain::Timestamp;
use std::time::Duration;

/// E-mails claimed per round.
const CLAIM: i64 = 20;

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Round {
    pub gathered: usize,
    pub sent: usize,
    /// Failed this time, to be tried again.
    pub deferred: usize,
    /// Failed for good.
    pub given_up: usize,
}

/// One round at `now`: gather, then send everything due.
pub async fn round(
    app: &App,
    mailer: &Mailer,
    now: Timestamp,
) -> Result<Round, dealerdesk_app::AppError> {
    let mut r = Round::default();
    loop {
        let made = app.gather_emails(now).await?;
        r.gathered += made;
        if made == 0 {
            break;
        }
    }
    let domain = mailer.from_domain();
    loop {
        let due = app.claim_emails(now, CLAIM).await?;
        if due.is_empty() {
            break;
        }
        for e in due {
            let mail = Mail {
                to: vec![e.to_address.clone()],
                subject: e.subject.clone(),
                text: e.body.clone(),
                message_id: Some(message_id(e.id, &domain)),
            };
            match mailer.send(&mail).await {
                Ok(()) => {
                    app.email_sent(e.id, Timestamp::now()).await?;
                    r.sent += 1;
                }
                Err(err) => {
                    let retry = app
                        .email_failed(&e, &err.to_string(), err.is_permanent(), now)
                        .await?;
                    match retry {
                        Some(at) => {
                            tracing::warn!(email = e.id, attempts = e.attempts, error = %err, retry_in_s = (at.0 - now.0) / 1000, "sending a notification e-mail failed; will retry");
                            r.deferred += 1;
                        }
                        None => {
                            tracing::error!(email = e.id, attempts = e.attempts, error = %err, "sending a notification e-mail failed for good");
                            r.given_up += 1;
                        }
                    }
                }
            }
        }
    }
    Ok(r)
}

/// The loop: a round every few seconds.
pub async fn run(app: App, mailer: Mailer, mut stop: tokio::sync::watch::Receiver<bool>) {
    loop {
        if *stop.borrow() {
            return;
        }
        if let Err(e) = round(&app, &mailer, Timestamp::now()).await {
            tracing::error!(error = %e, "e-mailing notifications failed; will try again");
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(5)) => {}
            _ = stop.changed() => return,
        }
    }
}
