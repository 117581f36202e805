//! `dealerdesk backup` and `restore` (issue 7, operations): a backup taken
//! while the database is in use comes back whole; a file that is not a
//! DealerDesk database is refused and changes nothing; PostgreSQL is sent
//! to its own tools.

mod common;

use common::*;
use dealerdesk_store::{Repos, Store};
use dealerdesk_testkit::{TestBackend, TestDb};

fn unique() -> String {
    format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    )
}

async fn factory_codes(url: &str) -> Vec<String> {
    // A fresh connection: the test's own pool still has the old file open.
    let store = Store::connect(url, &Default::default())
        .await
        .expect("open");
    let mut c = store.read().await.expect("conn");
    let codes = c
        .factories()
        .list()
        .await
        .expect("factories")
        .into_iter()
        .map(|f| f.code.to_string())
        .collect();
    drop(c);
    store.close().await;
    codes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_comes_back_whole_and_a_stranger_file_is_refused() {
    let db = TestDb::empty(TestBackend::Sqlite).await;
    let dir = std::env::temp_dir().join(format!("dd-backup-{}", unique()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("kh.db");
    let file_s = file.to_str().expect("utf-8");

    assert!(
        run(&db, &["factory", "add", "--code", "KH", "--name", "Харків"])
            .status
            .success()
    );
    // Taken while the test's own pool holds the database open.
    let o = run(&db, &["backup", "--to", file_s]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(last_line(&o), file_s);
    let again = run(&db, &["backup", "--to", file_s]);
    assert!(!again.status.success());
    assert!(text(&again).contains("already exists"), "{}", text(&again));

    assert!(
        run(&db, &["factory", "add", "--code", "LV", "--name", "Львів"])
            .status
            .success()
    );
    assert_eq!(factory_codes(&db.url).await, ["KH", "LV"]);

    // Not a database: refused, nothing changes.
    let junk = dir.join("junk.db");
    std::fs::write(&junk, "not a database at all, just text").expect("junk");
    let o = run(&db, &["restore", "--from", junk.to_str().expect("utf-8")]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("is not a DealerDesk backup"),
        "{}",
        text(&o)
    );
    assert_eq!(factory_codes(&db.url).await, ["KH", "LV"]);

    let o = run(&db, &["restore", "--from", file_s]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(factory_codes(&db.url).await, ["KH"]);
    // The server starts on the restored database.
    let (child, _, _) = serve(&db, &[], &[]);
    stop(child);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgresql_is_sent_to_pg_dump() {
    let db = TestDb::empty(TestBackend::Postgres).await;
    assert!(run(&db, &["migrate"]).status.success());
    let path = std::env::temp_dir().join(format!("dd-pg-{}.db", unique()));
    let o = run(&db, &["backup", "--to", path.to_str().expect("utf-8")]);
    assert!(!o.status.success());
    assert!(text(&o).contains("pg_dump"), "{}", text(&o));
    assert!(!path.exists());
    let o = run(&db, &["restore", "--from", path.to_str().expect("utf-8")]);
    assert!(!o.status.success());
    assert!(text(&o).contains("pg_restore"), "{}", text(&o));
}
