//! The loop of `serve` that keeps the sales analytics in step with the
//! orders the appliers changed (`App::recount_sales`): a round takes a few
//! thousand marked orders and recounts their months in one transaction.

use dealerdesk_app::App;
use dealerdesk_app::analytics::RECOUNT_ROUND;
use std::time::Duration;

/// How long sales figures may lag behind the orders when nobody looks
/// (the analytics page counts what is waiting before it reads).
const PERIOD: Duration = Duration::from_secs(10);

pub async fn run(app: App, stop: tokio::sync::watch::Receiver<bool>) {
    dealerdesk_app::jobs::every("sales recount", PERIOD, stop, || {
        app.recount_sales(RECOUNT_ROUND)
    })
    .await;
}
