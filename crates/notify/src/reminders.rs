//! The loop of `serve` that turns tasks falling due into `task_reminder`
//! events (`App::remind_due_tasks`); the fan-out then tells the assignee.
//! A task is claimed and its event written in one transaction, so a
//! restart neither loses a reminder nor sends one twice.

use dealerdesk_app::App;
use std::time::Duration;

/// How often due tasks are looked for: a reminder is at most this late.
const PERIOD: Duration = Duration::from_secs(15);

pub async fn run(app: App, mut stop: tokio::sync::watch::Receiver<bool>) {
    let mut failures = 0u32;
    loop {
        if *stop.borrow() {
            return;
        }
        let pause = match app.remind_due_tasks().await {
            Ok(0) => {
                failures = 0;
                PERIOD
            }
            Ok(_) => {
                failures = 0;
                continue;
            }
            Err(e) => {
                failures = failures.saturating_add(1);
                tracing::error!(error = %e, failures, "task reminders failed; will retry");
                Duration::from_millis(500 * u64::from(failures.min(20)))
            }
        };
        tokio::select! {
            _ = tokio::time::sleep(pause) => {}
            _ = stop.changed() => return,
        }
    }
}
