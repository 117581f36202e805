//! The loop of `serve` that turns tasks falling due into `task_reminder`
//! events (`App::remind_due_tasks`); the fan-out then tells the assignee.
//! A task is claimed and its event written in one transaction, so a
//! restart neither loses a reminder nor sends one twice.

use dealerdesk_app::App;
use std::time::Duration;

/// How often due tasks are looked for: a reminder is at most this late.
const PERIOD: Duration = Duration::from_secs(15);

pub async fn run(app: App, stop: tokio::sync::watch::Receiver<bool>) {
    dealerdesk_app::jobs::every("task reminders", PERIOD, stop, || app.remind_due_tasks()).await;
}
