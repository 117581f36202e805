//! The `dealerdesk` binary as a person or a script uses it, on both
//! databases: the commands of SPEC section 5, `serve` on port 0 with a
//! graceful stop, and a small demo plant whose dealer sees only its own data.

mod common;

use common::*;
use dealerdesk_testkit::{TestBackend, TestDb};

async fn commands(backend: TestBackend) {
    let db = TestDb::empty(backend).await;
    let o = run(&db, &["migrate"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("up to date"));

    let o = run(
        &db,
        &[
            "factory",
            "add",
            "--code",
            "KH",
            "--name",
            "Харківський завод",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = run(&db, &["factory", "add", "--code", "KH", "--name", "again"]);
    assert!(!o.status.success());
    assert!(text(&o).contains("already exists"), "{}", text(&o));
    let o = run(&db, &["factory", "add", "--code", "K H", "--name", "x"]);
    assert!(
        !o.status.success() && text(&o).contains("code"),
        "{}",
        text(&o)
    );

    let o = run(
        &db,
        &[
            "user",
            "add",
            "--email",
            "m@plant.test",
            "--role",
            "manager",
            "--factory",
            "KH",
            "--password",
            "long-password",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = run(
        &db,
        &[
            "user",
            "add",
            "--email",
            "d@dealer.test",
            "--role",
            "dealer_user",
            "--dealer",
            "NOPE",
        ],
    );
    assert!(
        !o.status.success() && text(&o).contains("no dealer with code NOPE"),
        "{}",
        text(&o)
    );
    let o = run(
        &db,
        &[
            "user",
            "add",
            "--email",
            "x@plant.test",
            "--role",
            "wizard",
            "--factory",
            "KH",
        ],
    );
    assert!(
        !o.status.success() && text(&o).contains("role"),
        "{}",
        text(&o)
    );
    let o = run(
        &db,
        &[
            "user",
            "add",
            "--email",
            "admin@plant.test",
            "--role",
            "admin",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let link = last_line(&o);
    assert!(
        link.starts_with("http://127.0.0.1:8080/invite/"),
        "an invitation link alone on the last line: {link}"
    );

    let o = run(&db, &["user", "token", "--email", "m@plant.test"]);
    assert!(o.status.success(), "{}", text(&o));
    let token = last_line(&o);
    assert!(token.starts_with("dd_pat_"), "{token}");
    let o = run(&db, &["user", "token", "--email", "nobody@plant.test"]);
    assert!(
        !o.status.success() && text(&o).contains("no user"),
        "{}",
        text(&o)
    );

    let o = run(
        &db,
        &["source", "add", "--factory", "KH", "--kind", "production"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let sync_key = last_line(&o);
    assert!(
        sync_key.starts_with("dds_"),
        "the key alone on the last line: {sync_key}"
    );
    let o = run(
        &db,
        &["source", "add", "--factory", "KH", "--kind", "production"],
    );
    assert!(
        !o.status.success() && text(&o).contains("rotate"),
        "{}",
        text(&o)
    );
    let o = run(
        &db,
        &[
            "source",
            "rotate",
            "--factory",
            "KH",
            "--kind",
            "production",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let rotated = last_line(&o);
    assert!(rotated.starts_with("dds_") && rotated != sync_key);
    let o = run(
        &db,
        &["source", "add", "--factory", "KH", "--kind", "warehouse"],
    );
    assert!(
        !o.status.success() && text(&o).contains("production or accounting"),
        "{}",
        text(&o)
    );

    let (child, base, _) = serve(&db, &[], &[]);
    let http = reqwest::Client::new();
    let me: serde_json::Value = http
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("me")
        .json()
        .await
        .expect("json");
    assert_eq!(me["role"], "manager");
    assert_eq!(
        http.get(format!("{base}/readyz"))
            .send()
            .await
            .expect("readyz")
            .status(),
        200
    );
    let invite = link.replace("http://127.0.0.1:8080", &base);
    assert_eq!(
        http.get(invite).send().await.expect("invite").status(),
        200,
        "the printed link opens the set-password page"
    );
    let sync_status = |key: String| {
        let http = http.clone();
        let url = format!("{base}/api/sync/v1/status");
        async move {
            http.get(url)
                .bearer_auth(key)
                .send()
                .await
                .expect("status")
                .status()
        }
    };
    assert_eq!(
        sync_status(sync_key.clone()).await,
        200,
        "old key works during the overlap"
    );
    assert_eq!(sync_status(rotated.clone()).await, 200);
    let o = run(
        &db,
        &[
            "source",
            "revoke",
            "--factory",
            "KH",
            "--kind",
            "production",
        ],
    );
    assert!(
        o.status.success() && text(&o).contains("revoked 1 key"),
        "{}",
        text(&o)
    );
    assert_eq!(sync_status(sync_key).await, 401, "the old key is revoked");
    assert_eq!(sync_status(rotated).await, 200);
    stop(child);
}

async fn demo(backend: TestBackend) {
    let db = TestDb::empty(backend).await;
    let small = [
        ("DEALERDESK_DEMO_ORDERS", "400"),
        ("DEALERDESK_DEMO_DEALERS_PER_FACTORY", "6"),
        ("DEALERDESK_DEMO_DAYS", "120"),
    ];
    let (child, base, printed) = serve(&db, &["--demo"], &small);
    let printed = printed.join("\n");
    assert!(printed.contains("Demo plant ready"), "{printed}");
    assert!(printed.contains("admin@dealerdesk.demo"), "{printed}");
    // The printed dealer login of factory KH, and its dealer's code.
    let shown: &'static str = printed
        .split_whitespace()
        .find(|w| w.starts_with("admin@kh-d"))
        .map(|w| &*Box::leak(w.to_owned().into_boxed_str()))
        .unwrap_or_else(|| panic!("a KH dealer login is printed: {printed}"));
    let code = shown
        .trim_start_matches("admin@")
        .trim_end_matches(".demo")
        .to_uppercase();
    let other: &'static str = if code == "KH-D0001" {
        "admin@kh-d0002.demo"
    } else {
        "admin@kh-d0001.demo"
    };

    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let login = |email: &'static str| {
        let http = http.clone();
        let base = base.clone();
        async move {
            let page = http
                .get(format!("{base}/login"))
                .send()
                .await
                .expect("page");
            let cookie = page
                .headers()
                .get_all("set-cookie")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .find(|c| c.starts_with("dd_csrf="))
                .expect("csrf")
                .split(';')
                .next()
                .expect("pair")
                .to_owned();
            let html = page.text().await.expect("html");
            let token = html
                .split("name=\"_csrf\" value=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .expect("token")
                .to_owned();
            let r = http
                .post(format!("{base}/login"))
                .header("cookie", cookie)
                .form(&[
                    ("_csrf", token.as_str()),
                    ("email", email),
                    ("password", "demo"),
                ])
                .send()
                .await
                .expect("login");
            assert_eq!(r.status(), 303, "demo login {email}");
            r.headers()
                .get_all("set-cookie")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .find(|c| c.starts_with("dd_session="))
                .expect("session")
                .split(';')
                .next()
                .expect("pair")
                .to_owned()
        }
    };
    let dealer = login(shown).await;
    let home = http
        .get(format!("{base}/"))
        .header("cookie", &dealer)
        .send()
        .await
        .expect("home");
    assert_eq!(home.status(), 200);
    let html = home.text().await.expect("html");
    let me: serde_json::Value = http
        .get(format!("{base}/api/v1/me"))
        .header("cookie", &dealer)
        .send()
        .await
        .expect("me")
        .json()
        .await
        .expect("json");
    assert_eq!(me["dealer"]["code"], code.as_str());
    let short = me["dealer"]["short_name"]
        .as_str()
        .or(me["dealer"]["name"].as_str())
        .expect("name")
        .to_owned();
    assert!(
        html.contains(&short.replace('"', "&quot;")) || html.contains(&short),
        "own name on the dashboard"
    );
    let other: serde_json::Value = {
        let other = login(other).await;
        http.get(format!("{base}/api/v1/me"))
            .header("cookie", &other)
            .send()
            .await
            .expect("me")
            .json()
            .await
            .expect("json")
    };
    let other_name = other["dealer"]["short_name"]
        .as_str()
        .or(other["dealer"]["name"].as_str())
        .expect("name");
    assert!(
        !html.contains(other_name),
        "another dealer's name is not on this dealer's dashboard"
    );
    let staff = login("head@kh.demo").await;
    assert_eq!(
        http.get(format!("{base}/staff"))
            .header("cookie", &staff)
            .send()
            .await
            .expect("staff")
            .status(),
        200
    );
    stop(child);

    // A second `demo` on the same database adds nothing.
    let o = run(&db, &["demo"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("already holds data"), "{}", text(&o));
}

/// `simulate` plays a small plant with repeats and reordering against a
/// running server and finds no drift.
async fn simulate(backend: TestBackend) {
    let db = TestDb::empty(backend).await;
    let (prod, acc) = factory_with_sources(&db);
    let (child, base, _) = serve(&db, &[], &[]);
    let o = run(
        &db,
        &[
            "simulate",
            "--url",
            &base,
            "--production-key",
            &prod,
            "--accounting-key",
            &acc,
            "--orders",
            "40",
            "--dealers",
            "4",
            "--rate",
            "5000",
            "--repeat",
            "0.2",
            "--reorder",
            "25",
            "--batch",
            "30",
            "--settle-timeout",
            "60s",
            "--tag",
            "t1",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("no drift"), "{out}");
    assert!(out.contains("duplicates"), "{out}");
    // A second run with its own tag does not collide with the first.
    let o = run(
        &db,
        &[
            "simulate",
            "--url",
            &base,
            "--production-key",
            &prod,
            "--accounting-key",
            &acc,
            "--orders",
            "15",
            "--dealers",
            "3",
            "--rate",
            "5000",
            "--settle-timeout",
            "60s",
            "--tag",
            "t2",
        ],
    );
    assert!(
        o.status.success() && text(&o).contains("no drift"),
        "{}",
        text(&o)
    );
    stop(child);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simulate_sqlite() {
    simulate(TestBackend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simulate_postgres() {
    simulate(TestBackend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_sqlite() {
    commands(TestBackend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_postgres() {
    commands(TestBackend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_sqlite() {
    demo(TestBackend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_postgres() {
    demo(TestBackend::Postgres).await;
}
