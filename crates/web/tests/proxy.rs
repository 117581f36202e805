//! Behind a reverse proxy (issue 7's nginx example): the lead form's limit
//! counts per client, as the trusted proxy names it in `X-Forwarded-For`;
//! a client that is not a trusted proxy cannot dodge the limit by writing
//! that header itself.

use dealerdesk_testkit::{TestApp, TestBackend, spawn_app, spawn_app_behind_proxy};
use reqwest::StatusCode;
use serde_json::json;

async fn lead(app: &TestApp, forwarded_for: &str, n: usize) -> StatusCode {
    app.http
        .post(app.url("/api/v1/leads"))
        .header("x-forwarded-for", forwarded_for)
        .json(&json!({"company": format!("Вікна {n}"), "phone": "+380671112233", "factory": "KH"}))
        .send()
        .await
        .expect("post")
        .status()
}

async fn per_client_behind_a_trusted_proxy(backend: TestBackend) {
    let app = spawn_app_behind_proxy(backend, "127.0.0.1").await;
    dealerdesk_testkit::fixtures::plant(&app.app).await;
    for n in 0..5 {
        assert_eq!(lead(&app, "203.0.113.5", n).await, StatusCode::CREATED);
    }
    assert_eq!(
        lead(&app, "203.0.113.5", 5).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Another client behind the same proxy has a limit of its own; a hop
    // the client wrote itself (the leftmost) is not believed.
    assert_eq!(
        lead(&app, "203.0.113.5, 203.0.113.6", 6).await,
        StatusCode::CREATED
    );
    assert_eq!(
        lead(&app, "1.2.3.4, 203.0.113.5", 7).await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

async fn a_forged_header_counts_for_nothing(backend: TestBackend) {
    let app = spawn_app(backend).await;
    dealerdesk_testkit::fixtures::plant(&app.app).await;
    for n in 0..5 {
        let forged = format!("198.51.100.{n}");
        assert_eq!(lead(&app, &forged, n).await, StatusCode::CREATED);
    }
    assert_eq!(
        lead(&app, "198.51.100.99", 5).await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn per_client_behind_a_trusted_proxy_sqlite() {
    per_client_behind_a_trusted_proxy(TestBackend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn per_client_behind_a_trusted_proxy_postgres() {
    per_client_behind_a_trusted_proxy(TestBackend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_header_counts_for_nothing_sqlite() {
    a_forged_header_counts_for_nothing(TestBackend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_header_counts_for_nothing_postgres() {
    a_forged_header_counts_for_nothing(TestBackend::Postgres).await;
}
