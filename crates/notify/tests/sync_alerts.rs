//! Administrators hear about quarantined events and lag by e-mail — once
//! per interval, not once per event — on both databases.

use dealerdesk_notify::Mailer;
use dealerdesk_notify::sync_alerts::{AlertSettings, check_once};
use dealerdesk_store::Repos;
use dealerdesk_testkit::both_backends_app;
use dealerdesk_testkit::fixtures::plant;
use std::time::Duration;

fn mails(dir: &std::path::Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir.join("mail"))
        .map(|d| {
            d.filter_map(|e| e.ok())
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

both_backends_app! {
    async fn one_alert_per_interval(app) {
        plant(&app.app).await;
        let dir = std::env::temp_dir().join(format!("dd-alerts-{}", rand_suffix()));
        let mailer = Mailer::new("", "DealerDesk <noreply@dealerdesk.test>", &dir).expect("mailer");
        let settings = AlertSettings { interval: Duration::from_secs(3600), lag_threshold: Duration::from_secs(3600) };
        assert!(!check_once(&app.app, &mailer, &settings).await.expect("check"), "nothing to say yet");
        // Quarantine two events: a status for an order that cannot move back.
        let source = app.app.add_source("KH", "production").await.expect("source");
        let src = { let mut c = app.app.store.read().await.expect("conn"); c.sources().by_key_hash(&dealerdesk_app::secret::hash(&source.key)).await.expect("s").expect("source") };
        let ev = |id: &str, status: &str, v: i64| serde_json::json!({"event_id": id, "type": "order.status_changed", "occurred_at": "2026-11-20T08:00:00Z", "version": v, "data": {"number": "KH-1", "status": status, "at": "2026-11-20T08:00:00Z"}});
        let body = serde_json::to_vec(&serde_json::json!({"events": [ev("s-1", "cancelled", 2), ev("s-2", "ready", 3), ev("s-3", "shipped", 4)]})).expect("json");
        dealerdesk_sync::ingest::ingest(&app.app.store, &src, &body, &Default::default()).await.expect("ingest");
        dealerdesk_sync::worker::drain(&app.app.store, 100).await.expect("drain");
        assert!(check_once(&app.app, &mailer, &settings).await.expect("check"), "an alert goes out");
        let sent = mails(&dir);
        assert_eq!(sent.len(), 1);
        assert!(sent[0].contains("To: admin@plant.test") && sent[0].contains("s-2") && sent[0].contains("/staff/sync"), "{}", sent[0]);
        // More trouble within the interval: no second e-mail.
        let body = serde_json::to_vec(&serde_json::json!({"events": [ev("s-4", "accepted", 5)]})).expect("json");
        dealerdesk_sync::ingest::ingest(&app.app.store, &src, &body, &Default::default()).await.expect("ingest");
        dealerdesk_sync::worker::drain(&app.app.store, 100).await.expect("drain");
        assert!(!check_once(&app.app, &mailer, &settings).await.expect("check"));
        assert_eq!(mails(&dir).len(), 1, "at most one per interval");
        // Lag: an event waiting longer than the threshold, the interval over.
        let quick = AlertSettings { interval: Duration::from_millis(0), lag_threshold: Duration::from_millis(1) };
        let body = serde_json::to_vec(&serde_json::json!({"events": [{"event_id": "w-1", "type": "order.status_changed", "occurred_at": "2026-11-20T08:00:00Z", "version": 2, "data": {"number": "KH-404", "status": "ready", "at": "2026-11-20T08:00:00Z"}}]})).expect("json");
        dealerdesk_sync::ingest::ingest(&app.app.store, &src, &body, &Default::default()).await.expect("ingest");
        dealerdesk_sync::worker::drain(&app.app.store, 100).await.expect("drain");
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(check_once(&app.app, &mailer, &quick).await.expect("check"));
        let sent = mails(&dir);
        assert_eq!(sent.len(), 2);
        assert!(sent.iter().any(|m| m.contains("lagging") || m.contains("over the threshold")), "{sent:?}");
        let _ = std::fs::remove_dir_all(dir);
    }
}

fn rand_suffix() -> String {
    format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0)
    )
}
