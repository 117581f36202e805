//! The loop of `serve` that turns domain events into notification-centre
//! entries (`App::fan_out_notifications`): a batch at a time while there
//! are events, then a pause. Each batch is one transaction with the
//! cursor's move, so a crash or a restart repeats nothing and loses nothing.

use dealerdesk_app::App;
use std::time::Duration;

pub async fn run(app: App, mut stop: tokio::sync::watch::Receiver<bool>) {
    let mut failures = 0u32;
    loop {
        if *stop.borrow() {
            return;
        }
        let pause = match app.fan_out_notifications().await {
            Ok(0) => {
                failures = 0;
                Duration::from_secs(1)
            }
            Ok(_) => {
                failures = 0;
                continue;
            }
            Err(e) => {
                failures = failures.saturating_add(1);
                tracing::error!(error = %e, failures, "making notifications failed; will retry");
                Duration::from_millis(500 * u64::from(failures.min(20)))
            }
        };
        tokio::select! {
            _ = tokio::time::sleep(pause) => {}
            _ = stop.changed() => return,
        }
    }
}
