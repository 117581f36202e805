//! PostgreSQL restarted while a sender pushes events: DealerDesk answers
//! 503 while the database is away, recovers by itself when it is back
//! (new connections, the worker resumes), and nothing is lost or doubled.
//! Restarting the server needs the machine's `pg_ctlcluster` (CI runs as
//! root); this test is alone in its file so no other test shares the restart.

use dealerdesk_testkit::{TestBackend, TestDb};
use std::process::{Command, Stdio};
use std::time::Duration;

fn bin(db: &TestDb) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dealerdesk"));
    c.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &db.url)
        .env(
            "DEALERDESK_DATA_DIR",
            std::env::temp_dir().join(format!("dd-pgr-{}", std::process::id())),
        )
        .env("DEALERDESK_LOG_LEVEL", "error");
    c
}

fn restart_postgres() {
    let version = std::fs::read_dir("/etc/postgresql")
        .expect("PostgreSQL's /etc/postgresql (Debian's layout)")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .max()
        .expect("a PostgreSQL version");
    let status = Command::new("pg_ctlcluster")
        .args(["--skip-systemctl-redirect", &version, "main", "restart"])
        .status()
        .expect("pg_ctlcluster");
    assert!(status.success(), "restarting PostgreSQL");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_restart_during_ingest() {
    let db = TestDb::empty(TestBackend::Postgres).await;
    assert!(
        bin(&db)
            .args(["factory", "add", "--code", "KH", "--name", "Харків"])
            .status()
            .expect("factory")
            .success()
    );
    let key = |kind: &str| {
        let o = bin(&db)
            .args(["source", "add", "--factory", "KH", "--kind", kind])
            .output()
            .expect("source add");
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .last()
            .unwrap_or("")
            .trim()
            .to_owned()
    };
    let (prod, acc) = (key("production"), key("accounting"));
    let port = dealerdesk_testkit::net::free_port();
    let mut server = bin(&db)
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve");
    let sim = bin(&db)
        .args([
            "simulate",
            "--url",
            &format!("http://127.0.0.1:{port}"),
            "--production-key",
            &prod,
            "--accounting-key",
            &acc,
            "--orders",
            "150",
            "--dealers",
            "6",
            "--rate",
            "300",
            "--repeat",
            "0.05",
            "--settle-timeout",
            "120s",
            "--tag",
            "r",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("simulate");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    tokio::task::spawn_blocking(restart_postgres)
        .await
        .expect("restart");
    let out = tokio::task::spawn_blocking(move || sim.wait_with_output())
        .await
        .expect("join")
        .expect("output");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let ready = reqwest::get(format!("http://127.0.0.1:{port}/readyz"))
        .await
        .expect("readyz")
        .status();
    let _ = server.kill();
    let _ = server.wait();
    assert!(out.status.success(), "{text}");
    assert!(text.contains("no drift"), "{text}");
    assert_eq!(ready, 200, "ready again without a restart of DealerDesk");
}
