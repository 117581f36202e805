//! The notification loop of the real binary, end to end (issue 5, "done
//! when"): `dealerdesk serve` with an SMTP server configured (the test
//! kit's sink) and a short coalescing window, `dealerdesk simulate` playing
//! the plant against it, and a dealer logged in with a live stream open.
//! Every status change of the dealer's orders after they logged in arrives
//! on the stream, and the same notifications arrive by e-mail, gathered into
//! fewer messages than notifications, each notification in exactly one.

mod common;

use common::*;
use dealerdesk_app::App;
use dealerdesk_app::users::NewUserInput;
use dealerdesk_store::Repos;
use dealerdesk_testkit::app::test_config;
use dealerdesk_testkit::{SmtpSink, TestBackend, TestDb};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

async fn count(db: &TestDb, sql: &str) -> i64 {
    let mut c = db.store.read().await.expect("conn");
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&mut *c)
        .await
        .expect("count")
}

/// Reads `notification` events off an open stream for `for_how_long`.
async fn notification_ids(resp: &mut reqwest::Response, for_how_long: Duration) -> Vec<i64> {
    let (mut buf, mut ids) = (String::new(), Vec::new());
    let deadline = tokio::time::Instant::now() + for_how_long;
    while let Ok(Ok(Some(chunk))) = tokio::time::timeout_at(deadline, resp.chunk()).await {
        buf.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buf.find("\n\n") {
            let block: String = buf.drain(..end + 2).collect();
            if block.lines().any(|l| l == "event: notification") {
                let id = block
                    .lines()
                    .find_map(|l| l.strip_prefix("id: "))
                    .and_then(|v| v.parse().ok())
                    .expect("a notification has an id");
                ids.push(id);
            }
        }
    }
    ids
}

async fn the_loop(backend: TestBackend) {
    let db = TestDb::empty(backend).await;
    let (prod, acc) = factory_with_sources(&db);
    let sink = SmtpSink::start().await;
    let smtp = sink.url();
    let (child, base, _) = serve(
        &db,
        &[],
        &[
            ("DEALERDESK_SMTP_URL", smtp.as_str()),
            ("DEALERDESK_EMAIL_COALESCE_SECONDS", "2"),
        ],
    );
    // The plant plays at a few hundred events a second, in the background.
    let mut sim = bin(&db);
    sim.args([
        "simulate",
        "--url",
        &base,
        "--production-key",
        &prod,
        "--accounting-key",
        &acc,
        "--orders",
        "60",
        "--dealers",
        "2",
        "--rate",
        "150",
        "--repeat",
        "0.1",
        "--reorder",
        "10",
        "--batch",
        "10",
        "--settle-timeout",
        "60s",
        "--tag",
        "loop",
    ]);
    let sim = std::thread::spawn(move || sim.output().expect("run the simulator"));
    // An order arrives; its dealer's administrator gets an account and
    // logs in.
    let app = App::new(db.store.clone(), test_config());
    let started = Instant::now();
    let dealer_code = loop {
        let mut c = db.store.read().await.expect("conn");
        let code: Option<String> =
            // The dealer of the first order: the simulator may give all
            // its orders to one of its dealers.
            sqlx::query_scalar("SELECT d.code FROM orders o JOIN dealers d ON d.id = o.dealer_id ORDER BY o.id LIMIT 1")
                .fetch_optional(&mut *c)
                .await
                .expect("dealers");
        if let Some(code) = code {
            break code;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no order arrived"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let email = "owner@loop-dealer.test";
    app.create_user(
        &NewUserInput {
            email: email.into(),
            display_name: Some("Власник".into()),
            role: "dealer_admin".into(),
            dealer_code: Some(dealer_code.clone()),
            factory_code: None,
            password: Some("password-123".into()),
            language: None,
        },
        None,
    )
    .await
    .expect("the dealer's administrator");
    let s = app
        .login(
            email,
            "password-123",
            &dealerdesk_app::auth::Origin::default(),
        )
        .await
        .expect("login");
    let http = reqwest::Client::new();
    let mut stream = http
        .get(format!("{base}/live"))
        .header("cookie", format!("dd_session={}", s.token))
        .send()
        .await
        .expect("the live stream");
    assert_eq!(stream.status().as_u16(), 200);

    // Live: collect while the plant plays, then until the fan-out is done.
    let mut live = Vec::new();
    while !sim.is_finished() {
        live.extend(notification_ids(&mut stream, Duration::from_millis(500)).await);
    }
    let o = sim.join().expect("the simulator's thread");
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("no drift"), "{}", text(&o));
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        live.extend(notification_ids(&mut stream, Duration::from_millis(300)).await);
        let fanned = count(&db, "SELECT COALESCE(MAX(position), 0) FROM outbox_cursors WHERE consumer = 'notifications'").await;
        let last = count(&db, "SELECT COALESCE(MAX(id), 0) FROM outbox").await;
        if fanned == last {
            live.extend(notification_ids(&mut stream, Duration::from_millis(500)).await);
            break;
        }
        assert!(Instant::now() < deadline, "the fan-out did not catch up");
    }
    let user_id = {
        let mut c = db.store.read().await.expect("conn");
        c.users()
            .by_email(&dealerdesk_domain::Email::parse(email).expect("email"))
            .await
            .expect("user")
            .expect("found")
            .id
    };
    let stored: Vec<i64> = {
        let mut c = db.store.read().await.expect("conn");
        sqlx::query_scalar("SELECT id FROM notifications WHERE user_id = $1 ORDER BY id")
            .bind(user_id.0)
            .fetch_all(&mut *c)
            .await
            .expect("notifications")
    };
    assert!(
        stored.len() >= 3,
        "the simulator's changes reached the dealer: {} notifications",
        stored.len()
    );
    assert_eq!(
        live, stored,
        "each notification arrived live, once, in order"
    );

    // By e-mail: every notification in exactly one message, fewer messages.
    let deadline = Instant::now() + Duration::from_secs(30);
    let (mut listed, mut messages) = (0, 0);
    while Instant::now() < deadline {
        let mine: Vec<_> = sink
            .messages()
            .into_iter()
            .filter(|m| m.to == [email])
            .collect();
        listed = mine
            .iter()
            .map(|m| {
                m.body_text()
                    .lines()
                    .filter(|l| l.starts_with("* "))
                    .count()
            })
            .sum::<usize>();
        messages = mine.len();
        let ids: BTreeSet<_> = mine
            .iter()
            .filter_map(|m| m.header("Message-ID").map(str::to_owned))
            .collect();
        assert_eq!(ids.len(), messages, "no e-mail sent twice");
        if listed >= stored.len() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(listed, stored.len(), "every notification e-mailed once");
    assert!(
        messages < stored.len(),
        "bursts were gathered: {messages} e-mails for {} notifications",
        stored.len()
    );
    eprintln!(
        "{backend:?}: {} notifications arrived live; {messages} e-mails listed them",
        stored.len()
    );
    // Stops cleanly although the live stream is still open.
    stop(child);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_loop_sqlite() {
    the_loop(TestBackend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_loop_postgres() {
    the_loop(TestBackend::Postgres).await;
}
