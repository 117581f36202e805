//! Running the `dealerdesk` binary from tests: its environment (a test
//! database, cheap password hashing), one-shot commands, and `serve` on
//! port 0 with a graceful stop.
#![allow(dead_code)]

use dealerdesk_testkit::TestDb;
use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};

pub fn bin(db: &TestDb) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dealerdesk"));
    let data = std::env::temp_dir().join(format!("dd-cli-{}", std::process::id()));
    c.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &db.url)
        .env("DEALERDESK_DATA_DIR", data)
        .env("DEALERDESK_AUTH_ARGON2_MEMORY_KIB", "64")
        .env("DEALERDESK_AUTH_ARGON2_ITERATIONS", "1")
        .env("DEALERDESK_LOG_FORMAT", "pretty")
        .env("DEALERDESK_LOG_LEVEL", "warn");
    c
}

pub fn run(db: &TestDb, args: &[&str]) -> Output {
    bin(db).args(args).output().expect("run dealerdesk")
}

pub fn last_line(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .last()
        .unwrap_or("")
        .trim()
        .to_owned()
}

pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Starts `serve` on a given port, output discarded (nodes killed and
/// started again on the same address).
pub fn serve_on(db: &TestDb, port: u16) -> std::process::Child {
    bin(db)
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve")
}

/// Starts `serve` on port 0 and returns the child and its base URL.
pub fn serve(
    db: &TestDb,
    extra: &[&str],
    env: &[(&str, &str)],
) -> (std::process::Child, String, Vec<String>) {
    let mut cmd = bin(db);
    cmd.args(["serve", "--addr", "127.0.0.1:0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("spawn serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = Vec::new();
    let mut reader = BufReader::new(stdout).lines();
    for line in reader.by_ref() {
        let line = line.expect("line");
        if let Some(rest) = line.strip_prefix("DealerDesk is serving ") {
            let url = rest.split_whitespace().next().expect("url").to_owned();
            // Keep reading so the server never writes into a closed pipe.
            std::thread::spawn(move || reader.for_each(drop));
            return (child, url, lines);
        }
        lines.push(line);
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("serve exited before listening; output: {lines:?}");
}

pub fn stop(mut child: std::process::Child) {
    // SIGTERM: a graceful stop that must exit cleanly.
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status();
    let status = child.wait().expect("wait");
    assert!(status.success(), "serve exits 0 after SIGTERM: {status:?}");
}

/// Factory KH with a production and an accounting source, through the
/// CLI; returns the two sources' keys.
pub fn factory_with_sources(db: &TestDb) -> (String, String) {
    assert!(
        run(db, &["factory", "add", "--code", "KH", "--name", "Харків"])
            .status
            .success()
    );
    let key = |kind: &str| {
        let o = run(db, &["source", "add", "--factory", "KH", "--kind", kind]);
        assert!(o.status.success(), "{}", text(&o));
        last_line(&o)
    };
    (key("production"), key("accounting"))
}
