//! The shape of `serve`'s background rounds (task reminders, the sales
//! recount): run a round; if it did something, run the next at once; if it
//! found nothing, sleep for the period; if it failed, log and retry after a
//! growing pause. Each round is one transaction, so a restart loses
//! nothing and a node stopping mid-round leaves the work for the next.

use crate::Result;
use std::future::Future;
use std::time::Duration;

pub async fn every<F, Fut>(
    what: &'static str,
    period: Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
    mut round: F,
) where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<usize>>,
{
    let mut failures = 0u32;
    loop {
        if *stop.borrow() {
            return;
        }
        let pause = match round().await {
            Ok(0) => {
                failures = 0;
                period
            }
            Ok(_) => {
                failures = 0;
                continue;
            }
            Err(e) => {
                failures = failures.saturating_add(1);
                tracing::error!(error = %e, failures, job = what, "background round failed; will retry");
                Duration::from_millis(500 * u64::from(failures.min(20)))
            }
        };
        tokio::select! {
            _ = tokio::time::sleep(pause) => {}
            _ = stop.changed() => return,
        }
    }
}
