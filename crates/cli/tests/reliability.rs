//! Nothing accepted is lost and nothing is applied twice when the server
//! is killed (SIGKILL) at random moments while a sender keeps retrying: the
//! simulator plays a plant with repeats and reordering against a server
//! that is killed and restarted under it, then reconciles — on both
//! databases.

mod common;

use common::*;
use dealerdesk_testkit::net::free_port;
use dealerdesk_testkit::{TestBackend, TestDb};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// A tiny deterministic source of pauses between kills.
fn pauses(seed: u64) -> impl Iterator<Item = Duration> {
    let mut s = seed | 1;
    std::iter::from_fn(move || {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        Some(Duration::from_millis(150 + (s >> 33) % 900))
    })
}

async fn killed_under_load(backend: TestBackend, seed: u64) {
    let db = TestDb::empty(backend).await;
    let (prod, acc) = factory_with_sources(&db);
    let port = free_port();
    let mut server = serve_on(&db, port);
    let mut sim = bin(&db)
        .args([
            "simulate",
            "--url",
            &format!("http://127.0.0.1:{port}"),
            "--production-key",
            &prod,
            "--accounting-key",
            &acc,
            "--orders",
            "160",
            "--dealers",
            "6",
            "--rate",
            "400",
            "--repeat",
            "0.1",
            "--reorder",
            "20",
            "--batch",
            "25",
            "--settle-timeout",
            "120s",
            "--tag",
            "k",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("simulate");
    let mut kills = 0;
    let deadline = Instant::now() + Duration::from_secs(240);
    for pause in pauses(seed) {
        tokio::time::sleep(pause).await;
        if sim.try_wait().expect("sim").is_some() || kills >= 6 || Instant::now() > deadline {
            break;
        }
        // SIGKILL: no graceful anything. Then a new process on the same port.
        let _ = server.kill();
        let _ = server.wait();
        kills += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
        server = serve_on(&db, port);
    }
    let out = tokio::task::spawn_blocking(move || sim.wait_with_output())
        .await
        .expect("join")
        .expect("simulate output");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let _ = server.kill();
    let _ = server.wait();
    eprintln!(
        "{kills} kills; {}",
        text.lines().find(|l| l.starts_with("done")).unwrap_or("")
    );
    assert!(
        kills >= 1,
        "the server was killed at least once during the run"
    );
    assert!(out.status.success(), "after {kills} kills: {text}");
    assert!(text.contains("no drift"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_ingest_loses_nothing_sqlite() {
    killed_under_load(TestBackend::Sqlite, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_ingest_loses_nothing_postgres() {
    killed_under_load(TestBackend::Postgres, 2).await;
}
