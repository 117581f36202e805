//! `dealerdesk serve`: the database picked once from the URL, the web
//! server and the background work under one shutdown signal.

use crate::commands::open;
use crate::settings::Settings;
use anyhow::{Context, Result};
use dealerdesk_app::App;
use dealerdesk_sim::demo::DemoReport;
use dealerdesk_web::{AppState, BrandDefaults};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tracing_subscriber::EnvFilter;

/// JSON lines on standard error for `serve` (each request's lines carry its
/// `request_id`); a compact human format otherwise or when asked.
pub fn init_logging(settings: &Settings, serving: bool) {
    let filter =
        EnvFilter::try_from_env("RUST_LOG").unwrap_or_else(|_| EnvFilter::new(&settings.log_level));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if settings.log_format == "json" && serving {
        builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .flatten_event(true)
            .init();
    } else {
        builder.compact().init();
    }
}

pub async fn serve(settings: Settings, demo: bool) -> Result<()> {
    let started = std::time::Instant::now();
    let app = open(&settings).await?;
    if demo {
        seed_demo(&app, &settings).await?;
    }
    let mailer = dealerdesk_notify::Mailer::new(
        &settings.smtp_url.0,
        &settings.mail_from,
        &settings.data_dir,
    )
    .context("mail settings")?;
    let proxies = dealerdesk_web::proxy::TrustedProxies::parse(&settings.trusted_proxies)
        .map_err(|e| anyhow::anyhow!("trusted_proxies: {e}"))?;
    let state = AppState {
        proxies: Arc::new(proxies),
        mailer: mailer.clone(),
        app: app.clone(),
        brand: Arc::new(BrandDefaults {
            primary: settings.brand.primary.clone(),
            accent: settings.brand.accent.clone(),
            login_background: (!settings.brand.login_background.is_empty())
                .then(|| settings.brand.login_background.clone().into()),
        }),
        metrics: dealerdesk_web::observe::metrics_handle(),
        secure_cookies: settings.public_url.starts_with("https://"),
        sync: Arc::new(dealerdesk_web::sync_api::SyncSettings::default()),
    };
    let stop_signal = shutdown_signal();
    let listener = tokio::net::TcpListener::bind(&settings.addr)
        .await
        .with_context(|| format!("listening on {}", settings.addr))?;
    let local = listener.local_addr()?;
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let janitor = tokio::spawn(janitor(app.clone(), stop_rx.clone()));
    let worker = tokio::spawn(dealerdesk_sync::worker::run(
        app.store.clone(),
        state.sync.wake.clone(),
        stop_rx.clone(),
    ));
    let alerts = dealerdesk_notify::sync_alerts::AlertSettings {
        interval: Duration::from_secs(settings.alerts.interval_minutes.max(1) * 60),
        lag_threshold: Duration::from_secs(settings.alerts.lag_threshold_seconds.max(1)),
    };
    let emailer = tokio::spawn(dealerdesk_notify::email_worker::run(
        app.clone(),
        mailer.clone(),
        stop_rx.clone(),
    ));
    let alerter = tokio::spawn(dealerdesk_notify::sync_alerts::run(
        app.clone(),
        mailer,
        alerts,
        stop_rx.clone(),
    ));
    let fanout = tokio::spawn(dealerdesk_notify::fanout::run(app.clone(), stop_rx.clone()));
    let reminders = tokio::spawn(dealerdesk_notify::reminders::run(
        app.clone(),
        stop_rx.clone(),
    ));
    let recount = tokio::spawn(dealerdesk_sync::recount::run(app.clone(), stop_rx.clone()));
    let relay = {
        let (app, stop) = (app.clone(), stop_rx.clone());
        tokio::spawn(async move { app.relay_wakeups(stop).await })
    };
    tracing::info!(addr = %local, backend = app.store.backend().name(), startup_ms = started.elapsed().as_millis() as u64, "serving");
    println!(
        "DealerDesk is serving http://{local} ({} database)",
        app.store.backend().name()
    );
    let router = dealerdesk_web::router(state);
    let live = app.live.clone();
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        stop_signal.await;
        tracing::info!("shutting down: finishing requests in flight");
        let _ = stop_tx.send(true);
        // Live streams never finish by themselves: end them.
        live.close();
    })
    .await
    .context("server")?;
    let _ = janitor.await;
    // The worker finishes the batch it is in (one transaction) and stops.
    let _ = worker.await;
    let _ = alerter.await;
    let _ = reminders.await;
    let _ = recount.await;
    let _ = relay.await;
    let _ = fanout.await;
    let _ = emailer.await;
    app.store.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Registers for SIGTERM and Ctrl-C at once (before the server says it is
/// serving: a SIGTERM right after start must be a graceful stop too, not
/// the default kill) and returns the wait for either.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    async move {
        let ctrl_c = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        #[cfg(unix)]
        let term = async move {
            match term {
                Some(mut s) => {
                    s.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let term = std::future::pending::<()>();
        tokio::select! {
            _ = ctrl_c => {},
            _ = term => {},
        }
    }
}

/// How often the janitor merges the order search index: the day's sync
/// adds segments (a word search looks its term up in each), and a merge
/// rewrites the whole index, so once a day, the first a tick after start.
const COMPACT_SEARCH_EVERY: Duration = Duration::from_secs(24 * 3600);

/// Housekeeping every few minutes: expired sessions go; once a day the
/// order search index is merged into one segment.
async fn janitor(app: App, mut stop: tokio::sync::watch::Receiver<bool>) {
    let mut compacted: Option<std::time::Instant> = None;
    loop {
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(300)) => {}
            _ = stop.changed() => return,
        }
        if let Err(e) = app.purge_expired_sessions().await {
            tracing::warn!(error = %e, "purging expired sessions failed");
        }
        if compacted.is_none_or(|t| t.elapsed() >= COMPACT_SEARCH_EVERY) {
            let started = std::time::Instant::now();
            match app.compact_order_search().await {
                Ok(c) => {
                    compacted = Some(started);
                    if c.steps > 0 {
                        tracing::info!(
                            segments_before = c.segments_before,
                            segments_after = c.segments_after,
                            steps = c.steps,
                            ms = started.elapsed().as_millis() as u64,
                            "order search index compacted"
                        );
                    }
                }
                Err(e) => tracing::warn!(error = %e, "compacting the order search index failed"),
            }
        }
    }
}

/// The progress bar of a demo build: events applied of the total.
pub fn progress_bar(message: &'static str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{msg} [{bar:40.cyan/blue}] {pos}/{len} events ({per_sec}, {eta} left)",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar.set_message(message);
    bar
}

/// Fills an empty database with the demo plant, with a progress bar, and
/// prints the demo logins.
pub async fn seed_demo(app: &App, settings: &Settings) -> Result<()> {
    let bar = progress_bar("building the demo plant");
    let progress = |done: u64, total: u64| {
        bar.set_length(total);
        bar.set_position(done);
    };
    let report = dealerdesk_sim::demo::seed(app, &settings.demo.options(), &progress)
        .await
        .context("building the demo plant")?;
    bar.finish_and_clear();
    print_report(&report);
    Ok(())
}

fn print_report(r: &DemoReport) {
    if r.created {
        println!(
            "Demo plant ready in {:.1} s: {} factories, {} dealers, {} users, {} orders ({} events applied).",
            r.elapsed.as_secs_f64(),
            r.factories,
            r.dealers,
            r.users,
            r.orders,
            r.events
        );
    } else {
        println!("The database already holds data; the demo plant was not added again.");
    }
    println!(
        "Demo logins (password for all: {}):",
        dealerdesk_sim::demo::DEMO_PASSWORD
    );
    for l in &r.logins {
        println!("  {:<34} {:<24} {}", l.email, l.role.as_str(), l.note);
    }
    println!(
        "Every demo dealer CODE has admin@CODE.demo and user@CODE.demo (lower case), e.g. admin@kh-d0002.demo."
    );
}
