//! The real server, started on port 0 with a fresh database, as a test
//! talks to it: over HTTP.

use crate::db::{TestBackend, TestDb};
use dealerdesk_app::password::Argon2Params;
use dealerdesk_app::{App, AppConfig};
use dealerdesk_web::{AppState, BrandDefaults};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

pub struct TestApp {
    pub addr: SocketAddr,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    pub app: App,
    pub db: TestDb,
    /// A client that does not follow redirects and keeps no cookies: tests
    /// see exactly what the server answered.
    pub http: reqwest::Client,
    /// Where the server's e-mails land (`.eml` files), one folder per app.
    pub mail_dir: std::path::PathBuf,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    stop_worker: tokio::sync::watch::Sender<bool>,
}

/// Settings for tests: cheap password hashing (the production cost would
/// make each login take a quarter second), a one-second throttle step.
pub fn test_config() -> AppConfig {
    AppConfig {
        argon2: Argon2Params {
            memory_kib: 64,
            iterations: 1,
        },
        throttle_base_delay: Duration::from_secs(1),
        ..AppConfig::default()
    }
}

pub async fn spawn_app(backend: TestBackend) -> TestApp {
    spawn_app_with(backend, test_config()).await
}

pub async fn spawn_app_with(backend: TestBackend, config: AppConfig) -> TestApp {
    spawn_app_full(
        backend,
        config,
        dealerdesk_web::sync_api::SyncSettings::default(),
    )
    .await
}

/// With the sync API's limits chosen by the test (rate limit, backlog).
pub async fn spawn_app_full(
    backend: TestBackend,
    config: AppConfig,
    sync: dealerdesk_web::sync_api::SyncSettings,
) -> TestApp {
    spawn(backend, config, sync, Default::default()).await
}

/// As if behind reverse proxies at these addresses (`trusted_proxies`).
pub async fn spawn_app_behind_proxy(backend: TestBackend, proxies: &str) -> TestApp {
    let proxies = dealerdesk_web::proxy::TrustedProxies::parse(proxies).expect("proxies");
    spawn(
        backend,
        test_config(),
        dealerdesk_web::sync_api::SyncSettings::default(),
        proxies,
    )
    .await
}

async fn spawn(
    backend: TestBackend,
    mut config: AppConfig,
    sync: dealerdesk_web::sync_api::SyncSettings,
    proxies: dealerdesk_web::proxy::TrustedProxies,
) -> TestApp {
    let db = TestDb::new(backend).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind port 0");
    let addr = listener.local_addr().expect("addr");
    config.public_url = format!("http://{addr}");
    let app = App::new(db.store.clone(), config);
    let mail_root = std::env::temp_dir().join(format!("dd-test-mail-{}", rand::random::<u64>()));
    let mail_dir = mail_root.join("mail");
    let state = AppState {
        proxies: Arc::new(proxies),
        app: app.clone(),
        brand: Arc::new(BrandDefaults::default()),
        metrics: dealerdesk_web::observe::metrics_handle(),
        secure_cookies: false,
        sync: Arc::new(sync),
        mailer: dealerdesk_notify::Mailer::new(
            "",
            "DealerDesk <noreply@dealerdesk.test>",
            &mail_root,
        )
        .expect("mailer"),
    };
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    tokio::spawn(dealerdesk_sync::worker::run(
        app.store.clone(),
        state.sync.wake.clone(),
        stop_rx.clone(),
    ));
    // As `serve`: other nodes' live wake-ups (PostgreSQL).
    {
        let app = app.clone();
        tokio::spawn(async move { app.relay_wakeups(stop_rx).await });
    }
    let router = dealerdesk_web::router(state);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            let _ = rx.await;
        })
        .await;
    });
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    TestApp {
        addr,
        base: format!("http://{addr}"),
        app,
        db,
        http,
        mail_dir,
        shutdown: Some(tx),
        stop_worker: stop_tx,
    }
}

impl TestApp {
    /// Runs the notification fan-out in the background, as `serve` does
    /// (tests that call `fan_out_notifications` themselves leave it off).
    pub fn run_notifications(&self) {
        tokio::spawn(dealerdesk_notify::fanout::run(
            self.app.clone(),
            self.stop_worker.subscribe(),
        ));
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends events to the sync API as the plant system whose key this is,
    /// checks they were accepted and applies them ([`TestApp::settle`]):
    /// how a test puts orders, shipments and money into the read model.
    pub async fn sync(&self, key: &str, events: Vec<serde_json::Value>) {
        let r = self
            .http
            .post(self.url("/api/sync/v1/events"))
            .bearer_auth(key)
            .json(&serde_json::json!({ "events": events }))
            .send()
            .await
            .expect("POST /api/sync/v1/events");
        let status = r.status();
        assert_eq!(
            status,
            reqwest::StatusCode::ACCEPTED,
            "the sync API refused the events: {}",
            r.text().await.unwrap_or_default()
        );
        self.settle().await;
    }

    /// Applies everything accepted so far and returns once no event is
    /// pending. The server's own worker runs too, so draining alone is not
    /// enough: on PostgreSQL the worker may hold a claimed batch (still
    /// `pending` until its transaction commits) that the drain skipped.
    /// Like the worker, a failed batch is tried again: on PostgreSQL two
    /// appliers (this drain and the worker) can deadlock on the same rows,
    /// and the database then rolls one of them back.
    pub async fn settle(&self) {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        loop {
            if let Err(e) = dealerdesk_sync::worker::drain(&self.app.store, 1000).await {
                assert!(
                    std::time::Instant::now() < deadline,
                    "applying the inbox keeps failing: {e}"
                );
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
            let mut c = self.app.store.read().await.expect("connection");
            let pending: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM sync_inbox WHERE state = 'pending'")
                    .fetch_one(&mut *c)
                    .await
                    .expect("count pending");
            if pending == 0 {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{pending} events still pending after 30 s"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = self.stop_worker.send(true);
        if let Some(root) = self.mail_dir.parent() {
            let _ = std::fs::remove_dir_all(root);
        }
    }
}
