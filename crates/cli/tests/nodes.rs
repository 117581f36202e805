//! Several `dealerdesk serve` nodes over one PostgreSQL (issue 7). The
//! simulator spreads its requests over three nodes (a retry goes to the
//! next node) while one node is killed with SIGKILL and started again, or
//! while all three are restarted one after another with SIGTERM (a rolling
//! restart); at the end the simulator reconciles what DealerDesk holds
//! against the plant's reference: nothing lost, nothing applied twice.

mod common;

use common::*;
use dealerdesk_testkit::net::free_port;
use dealerdesk_testkit::{TestBackend, TestDb};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

const NODES: usize = 3;

/// Waits until the node answers `/readyz` (started and migrated).
async fn ready(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let url = format!("http://127.0.0.1:{port}/readyz");
    loop {
        if let Ok(r) = reqwest::get(&url).await
            && r.status().is_success()
        {
            return;
        }
        assert!(Instant::now() < deadline, "node on {port} never got ready");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn simulate(db: &TestDb, ports: &[u16], keys: &(String, String), tag: &str) -> Child {
    let urls: Vec<String> = ports
        .iter()
        .map(|p| format!("http://127.0.0.1:{p}"))
        .collect();
    bin(db)
        .args([
            "simulate",
            "--url",
            &urls.join(","),
            "--production-key",
            &keys.0,
            "--accounting-key",
            &keys.1,
            "--orders",
            "240",
            "--dealers",
            "8",
            "--rate",
            "300",
            "--repeat",
            "0.1",
            "--reorder",
            "20",
            "--batch",
            "20",
            "--settle-timeout",
            "120s",
            "--tag",
            tag,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("simulate")
}

async fn finish(sim: Child, nodes: Vec<Child>, what: &str) {
    let out = tokio::task::spawn_blocking(move || sim.wait_with_output())
        .await
        .expect("join")
        .expect("simulate output");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    for mut n in nodes {
        let _ = n.kill();
        let _ = n.wait();
    }
    eprintln!(
        "{what}: {}",
        text.lines().find(|l| l.starts_with("done")).unwrap_or("")
    );
    assert!(out.status.success(), "{what}: {text}");
    assert!(text.contains("no drift"), "{what}: {text}");
}

async fn three_nodes() -> (TestDb, (String, String), Vec<u16>, Vec<Child>) {
    let db = TestDb::empty(TestBackend::Postgres).await;
    let keys = factory_with_sources(&db);
    let ports: Vec<u16> = (0..NODES).map(|_| free_port()).collect();
    let nodes: Vec<Child> = ports.iter().map(|p| serve_on(&db, *p)).collect();
    for p in &ports {
        ready(*p).await;
    }
    (db, keys, ports, nodes)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_nodes_one_killed_mid_run_lose_nothing() {
    let (db, keys, ports, mut nodes) = three_nodes().await;
    let mut sim = simulate(&db, &ports, &keys, "n3");
    // Let the run get going, then SIGKILL the middle node: no graceful
    // anything, its claimed batches roll back and the others go on.
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(
        sim.try_wait().expect("sim").is_none(),
        "the run was still going when the node was killed"
    );
    nodes[1].kill().expect("SIGKILL");
    let _ = nodes[1].wait();
    tokio::time::sleep(Duration::from_millis(500)).await;
    nodes[1] = serve_on(&db, ports[1]);
    ready(ports[1]).await;
    // Killed and back while the sender was still sending.
    assert!(
        sim.try_wait().expect("sim").is_none(),
        "the run outlived the restart"
    );
    finish(sim, nodes, "3 nodes, one SIGKILL").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rolling_restart_of_three_nodes_loses_nothing() {
    let (db, keys, ports, mut nodes) = three_nodes().await;
    let sim = simulate(&db, &ports, &keys, "r3");
    let mut sim = Some(sim);
    for (i, port) in ports.iter().enumerate() {
        tokio::time::sleep(Duration::from_millis(300)).await;
        // SIGTERM: stop accepting, finish what is in flight, exit 0.
        stop(nodes.remove(i));
        nodes.insert(i, serve_on(&db, *port));
        ready(*port).await;
    }
    let still_sending = sim
        .as_mut()
        .map(|s| s.try_wait().expect("sim").is_none())
        .unwrap_or(false);
    assert!(
        still_sending,
        "the rolling restart happened while the simulator was sending"
    );
    if let Some(sim) = sim {
        finish(sim, nodes, "rolling restart of 3 nodes").await;
    }
}
