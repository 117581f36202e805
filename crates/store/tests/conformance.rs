//! The store's conformance suite: every test runs on SQLite and on
//! PostgreSQL (`both_backends!`), each on a fresh database.

mod common;

use common::*;
use dealerdesk_domain::model::{Language, NotificationKind, SourceKind};
use dealerdesk_domain::*;
use dealerdesk_store::syncbatch::NewDealer;
use dealerdesk_store::users::NewUser;
use dealerdesk_store::{Repos, StoreError};
use dealerdesk_testkit::both_backends;

both_backends! {
    /// The read pools answer as the writer does. On SQLite `read()` runs
    /// statements on the caller's thread (the `inline` patch of
    /// vendor/sqlx-sqlite) and `read_bulk()` on each connection's own
    /// thread: rows, an empty answer, several statements in one call, an
    /// error before the first row and one after some rows all come back
    /// the same way, and the connection serves the next statement after an
    /// error.
    async fn reads_answer_alike_on_every_pool(db) {
        use sqlx::Row;
        let conn = |bulk: bool| {
            let store = db.store.clone();
            async move { if bulk { store.read_bulk().await } else { store.read().await }.expect("connection") }
        };
        for bulk in [false, true] {
            let mut c = conn(bulk).await;
            let rows = sqlx::query("SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 ORDER BY 1")
                .fetch_all(&mut *c).await.expect("rows");
            let ns: Vec<i32> = rows.iter().map(|r| r.get::<i32, _>("n")).collect();
            assert_eq!(ns, vec![1, 2, 3], "bulk: {bulk}");
            let word: Option<String> = sqlx::query_scalar("SELECT CAST($1 AS TEXT)")
                .bind("слово").fetch_optional(&mut *c).await.expect("one");
            assert_eq!(word.as_deref(), Some("слово"));
            let none: Option<i64> = sqlx::query_scalar("SELECT CAST(1 AS BIGINT) WHERE 1 = 0")
                .fetch_optional(&mut *c).await.expect("none");
            assert_eq!(none, None);
            let missing = sqlx::query("SELECT x FROM no_such_table").fetch_all(&mut *c).await;
            assert!(matches!(missing, Err(sqlx::Error::Database(_))), "bulk: {bulk}: {:?}", missing.map(|r| r.len()));
            // An error after two rows on SQLite (PostgreSQL already refuses
            // the constant while planning): no part of it is a success.
            let late = sqlx::query("SELECT CASE WHEN n = 3 THEN abs(-9223372036854775807 - 1) ELSE n END AS v FROM (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3) t ORDER BY n")
                .fetch_all(&mut *c).await;
            assert!(late.is_err(), "bulk: {bulk}: {:?}", late.map(|r| r.len()));
            let after: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM factories")
                .fetch_one(&mut *c).await.expect("the connection still answers");
            assert_eq!(after, 0);
        }
        // A transaction dropped unfinished is rolled back before the
        // connection's next statement runs, however that one runs (SQLite's
        // read pool: on the caller's thread, after the worker's ROLLBACK).
        // The two race, so the check runs many times.
        for bulk in [false, true] {
            let mut c = conn(bulk).await;
            for round in 0..50 {
                {
                    let mut tx = sqlx::Connection::begin(&mut *c).await.expect("begin");
                    sqlx::query("CREATE TEMPORARY TABLE scratch (x INTEGER)").execute(&mut *tx).await.expect("create");
                    let n: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM scratch").fetch_one(&mut *tx).await.expect("inside");
                    assert_eq!(n, 0);
                }
                let after = sqlx::query("SELECT x FROM scratch").fetch_all(&mut *c).await;
                assert!(matches!(after, Err(sqlx::Error::Database(_))), "bulk: {bulk}, round {round}: rolled back first: {:?}", after.map(|r| r.len()));
            }
        }
        // The same when the connection goes back to the pool right after
        // (the pool's check on taking a connection back is answered at
        // once by an inline connection with nothing queued, see
        // vendor/README.md): whoever takes it next finds no transaction
        // open and no table of it, the ROLLBACK still queued or not.
        for bulk in [false, true] {
            for round in 0..50 {
                let mut c = conn(bulk).await;
                let after = sqlx::query("SELECT x FROM scratch").fetch_all(&mut *c).await;
                assert!(matches!(after, Err(sqlx::Error::Database(_))), "bulk: {bulk}, round {round}: {:?}", after.map(|r| r.len()));
                let mut tx = sqlx::Connection::begin(&mut *c).await.expect("no transaction left open");
                sqlx::query("CREATE TEMPORARY TABLE scratch (x INTEGER)").execute(&mut *tx).await.expect("create");
                drop(tx);
                drop(c);
                tokio::task::yield_now().await;
            }
        }
        // Both see what was committed through the writer.
        let mut tx = db.store.begin().await.expect("begin");
        tx.factories().insert("KH", "KH", "Europe/Kyiv").await.expect("factory");
        tx.commit().await.expect("commit");
        for bulk in [false, true] {
            let mut c = conn(bulk).await;
            let n: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM factories")
                .fetch_one(&mut *c).await.expect("count");
            assert_eq!(n, 1, "bulk: {bulk}");
        }
    }

    /// Every kind of value comes back the same from either read pool: on
    /// SQLite `read()` builds its rows straight from the statement (the
    /// `inline` patch) and `read_bulk()` through sqlx's own `SqliteRow`, so
    /// the two must agree on each column's type, each value's kind, NULLs
    /// (typed by the column's declared type) and the values themselves.
    async fn rows_carry_every_kind_of_value_alike_on_every_pool(db) {
        use sqlx::{Column, Row, TypeInfo, ValueRef};
        let sqlite = db.store.backend() == dealerdesk_store::Backend::Sqlite;
        let table = if sqlite {
            "CREATE TABLE kinds (id INTEGER PRIMARY KEY, i INTEGER, r REAL, t TEXT, b BLOB)"
        } else {
            "CREATE TABLE kinds (id BIGINT PRIMARY KEY, i BIGINT, r DOUBLE PRECISION, t TEXT, b BYTEA)"
        };
        let mut tx = db.store.begin().await.expect("begin");
        sqlx::query(table).execute(&mut *tx).await.expect("create");
        sqlx::query("INSERT INTO kinds (id, i, r, t, b) VALUES (1, -9223372036854775807, 2.5, 'слово ✓', $1), (2, NULL, NULL, NULL, NULL), (3, 0, -0.125, '', $2)")
            .bind(vec![0u8, 255, 7])
            .bind(Vec::<u8>::new())
            .execute(&mut *tx).await.expect("insert");
        tx.commit().await.expect("commit");
        let read = |bulk: bool| {
            let store = db.store.clone();
            async move {
                let mut c = if bulk { store.read_bulk().await } else { store.read().await }.expect("connection");
                let rows = sqlx::query("SELECT id, i, r, t, b, NULL AS z, i + 1 AS e FROM kinds ORDER BY id")
                    .fetch_all(&mut *c).await.expect("rows");
                rows.iter().map(|r| {
                    (0..r.len()).map(|k| {
                        let col = r.column(k);
                        let raw = r.try_get_raw(k).expect("raw");
                        let value = if raw.is_null() {
                            "NULL".to_owned()
                        } else {
                            match raw.type_info().name() {
                                "BIGINT" | "INTEGER" => r.get::<i64, _>(k).to_string(),
                                "DOUBLE" => r.get::<f64, _>(k).to_string(),
                                "TEXT" => r.get::<String, _>(k),
                                "BLOB" => format!("{:?}", r.get::<Vec<u8>, _>(k)),
                                other => panic!("a value of kind {other}"),
                            }
                        };
                        format!("{} {} {} {value}", col.name(), col.type_info().name(), raw.type_info().name())
                    }).collect::<Vec<_>>()
                }).collect::<Vec<_>>()
            }
        };
        let inline = read(false).await;
        assert_eq!(inline, read(true).await);
        assert_eq!(inline.len(), 3);
        assert!(inline[0].contains(&"t TEXT TEXT слово ✓".to_owned()), "{inline:?}");
        assert!(inline[0].contains(&"b BLOB BLOB [0, 255, 7]".to_owned()) || !sqlite, "{inline:?}");
        assert!(inline[1].iter().skip(1).all(|v| v.ends_with(" NULL")), "{inline:?}");
        if sqlite {
            // Text that is not UTF-8 is refused the same way on both.
            let mut tx = db.store.begin().await.expect("begin");
            sqlx::query("INSERT INTO kinds (id, t) VALUES (4, CAST(X'FF' AS TEXT))").execute(&mut *tx).await.expect("insert");
            tx.commit().await.expect("commit");
            for bulk in [false, true] {
                let mut c = if bulk { db.store.read_bulk().await } else { db.store.read().await }.expect("connection");
                let bad = sqlx::query("SELECT t FROM kinds WHERE id = 4").fetch_all(&mut *c).await;
                assert!(matches!(bad, Err(sqlx::Error::Decode(_))), "bulk: {bulk}: {:?}", bad.map(|r| r.len()));
            }
        }
    }

    /// Two nodes (two pools on one database) draw from one bucket: the
    /// burst is shared, not doubled; concurrent takes never overdraw it.
    async fn a_rate_bucket_is_shared_by_every_node(db) {
        use dealerdesk_store::rate_limit::Bucket;
        let other = dealerdesk_store::Store::connect(&db.url, &Default::default()).await.expect("second node");
        let b = Bucket { rate: 0.001, burst: 4.0 };
        let now = 1_800_000_000_000;
        let (s1, s2) = (db.store.clone(), other.clone());
        let takes = (0..5).map(|i| {
            let s = if i % 2 == 0 { s1.clone() } else { s2.clone() };
            tokio::spawn(async move { s.take_token("sync:1", b, now).await.expect("take") })
        });
        let mut granted = 0;
        for t in takes {
            if t.await.expect("join").is_ok() {
                granted += 1;
            }
        }
        assert_eq!(granted, 4, "the burst, once, across both nodes");
        let wait = other.take_token("sync:1", b, now).await.expect("take");
        assert_eq!(wait, Err(1000), "1 token at 0.001/s is 1000 s away");
        // Another bucket is its own.
        assert_eq!(db.store.take_token("sync:2", b, now).await.expect("take"), Ok(()));
        // Time refills it.
        assert_eq!(other.take_token("sync:1", b, now + 1_000_000).await.expect("take"), Ok(()));
    }

    /// The inbox workers of all nodes take turns per factory. PostgreSQL:
    /// a second worker claims another factory's events beside the first
    /// (an advisory lock per factory), and a third, finding every factory
    /// with pending events taken, waits for the oldest one's commit instead
    /// of claiming beside it. SQLite: one writer, so the second waits.
    async fn inbox_workers_take_turns_per_factory(db) {
        use dealerdesk_store::inbox::NewInboxEvent;
        let mut tx = db.store.begin().await.expect("begin");
        let f1 = tx.factories().insert("KH", "KH", "Europe/Kyiv").await.expect("f1").id;
        let f2 = tx.factories().insert("PL", "PL", "Europe/Warsaw").await.expect("f2").id;
        let s1 = tx.sources().insert(f1, SourceKind::Production).await.expect("s1").id;
        let s2 = tx.sources().insert(f2, SourceKind::Production).await.expect("s2").id;
        let ev = |n: &str| NewInboxEvent {
            event_id: n.into(), event_type: "order.created".into(), entity_key: n.into(), version: 1, body: "{}".into(), body_hash: n.into(),
        };
        tx.inbox().insert(s1, f1, &[ev("a1"), ev("a2")]).await.expect("f1 events");
        tx.inbox().insert(s2, f2, &[ev("b1")]).await.expect("f2 event");
        tx.commit().await.expect("commit");

        let ids = |events: Vec<dealerdesk_store::inbox::InboxEvent>| events.into_iter().map(|e| e.event_id).collect::<Vec<_>>();
        let claim = |store: dealerdesk_store::Store| tokio::spawn(async move {
            let mut tx = store.begin().await.expect("begin");
            let got = tx.inbox().claim(10).await.expect("claim");
            (got, tx)
        });
        let wait = std::time::Duration::from_secs(10);
        let pause = std::time::Duration::from_millis(300);
        let mut first = db.store.begin().await.expect("begin");
        let sqlite = db.store.backend() == dealerdesk_store::Backend::Sqlite;
        let got = first.inbox().claim(10).await.expect("claim");
        if sqlite {
            assert_eq!(ids(got), ["a1", "a2", "b1"], "one writer claims across factories");
            let second = claim(db.store.clone());
            tokio::time::sleep(pause).await;
            assert!(!second.is_finished(), "the second worker waits for the first one's commit");
            first.commit().await.expect("commit");
            let (got, tx) = tokio::time::timeout(wait, second).await.expect("claims after the commit").expect("join");
            assert_eq!(ids(got).len(), 3, "unfinished events are pending again");
            tx.commit().await.expect("commit");
            return;
        }
        assert_eq!(ids(got), ["a1", "a2"], "one factory's events, the oldest pending first");
        let (got, second) = tokio::time::timeout(wait, claim(db.store.clone())).await.expect("another factory: at once").expect("join");
        assert_eq!(ids(got), ["b1"]);
        let third = claim(db.store.clone());
        tokio::time::sleep(pause).await;
        assert!(!third.is_finished(), "every factory with pending events is taken: the third waits");
        first.commit().await.expect("commit");
        let (got, third) = tokio::time::timeout(wait, third).await.expect("claims after the commit").expect("join");
        assert_eq!(ids(got), ["a1", "a2"], "the oldest factory's turn; b1 stays with the second");
        second.commit().await.expect("commit");
        third.commit().await.expect("commit");
    }

    /// An applier loading a dealer and marking its order for the sales
    /// recount never waits for a recount that has just taken that order's
    /// mark and written the dealer's months (PostgreSQL: marks are
    /// appended rows, and the appliers lock with `FOR NO KEY UPDATE`,
    /// which the recount's foreign-key checks do not conflict with; before
    /// both, the applier waited for the recount's commit). The new mark
    /// outlives the recount's commit, so its change is counted next round.
    /// SQLite has one writer: there the two run one after the other.
    async fn appliers_never_wait_for_a_sales_recount(db) {
        use dealerdesk_store::syncbatch::SalesRow;
        let (f, a, _) = plant(&db.store).await;
        let order = OrderId(41);
        let mut mark = db.store.begin().await.expect("begin");
        mark.sync_batch().mark_sales_dirty(&[(a, order), (a, order)]).await.expect("mark twice");
        mark.commit().await.expect("commit");

        let mut recount = db.store.begin().await.expect("begin");
        let taken = recount.sync_batch().take_sales_dirty(100).await.expect("take");
        assert_eq!(taken, vec![order], "two marks of one order: taken once");
        let month = "2026-11".to_owned();
        let row = SalesRow { month: month.clone(), kind: "window".into(), currency: "UAH".into(), orders: 1, units: 2, amount_minor: 500 };
        recount.sync_batch().replace_sales(a, f, std::slice::from_ref(&month), &[row]).await.expect("months");
        let sqlite = db.store.backend() == dealerdesk_store::Backend::Sqlite;
        let mut open = Some(recount);
        if sqlite && let Some(r) = open.take() {
            r.commit().await.expect("commit");
        }
        let store = db.store.clone();
        let applier = tokio::spawn(async move {
            let mut tx = store.begin().await.expect("begin");
            let loaded = tx.sync_batch().dealers_by_codes(&["KH-D1".to_owned()]).await.expect("load");
            tx.sync_batch().mark_sales_dirty(&[(a, order)]).await.expect("mark");
            tx.commit().await.expect("commit");
            loaded.len()
        });
        let done = tokio::time::timeout(std::time::Duration::from_secs(10), applier).await;
        assert_eq!(done.expect("the applier does not wait for the recount").expect("join"), 1);
        if let Some(r) = open.take() {
            r.commit().await.expect("commit");
        }
        let mut c = db.store.read().await.expect("conn");
        assert_eq!(c.sync_batch().sales_dirty_count().await.expect("count"), 1, "the new mark waits for the next round");
    }

    async fn migrations_are_idempotent_and_ready(db) {
        assert!(db.store.ready().await.expect("ready"));
        db.store.migrate().await.expect("second run changes nothing");
        assert!(db.store.ready().await.expect("ready"));
    }

    async fn factories(db) {
        let mut c = db.store.read().await.expect("conn");
        let f = c.factories().insert("KH", "Харків", "Europe/Kyiv").await.expect("insert");
        assert_eq!(c.factories().by_code("KH").await.expect("get"), Some(f.clone()));
        assert_eq!(c.factories().by_id(f.id).await.expect("get"), Some(f.clone()));
        assert!(matches!(c.factories().insert("KH", "again", "Europe/Kyiv").await, Err(StoreError::Conflict(_))));
        assert_eq!(c.factories().list().await.expect("list").len(), 1);
        assert_eq!(c.factories().by_code("nope").await.expect("get"), None);
    }

    async fn users(db) {
        let (f, a, b) = plant(&db.store).await;
        let u = user(&db.store, "Olena@Dealer.ua", Role::DealerAdmin, Some(a), Some(f)).await;
        let m = user(&db.store, "manager@plant.ua", Role::Manager, None, Some(f)).await;
        let mut c = db.store.read().await.expect("conn");
        let got = c.users().by_email(&Email::parse("olena@dealer.ua").expect("e")).await.expect("get").expect("found");
        assert_eq!(got.id, u);
        assert_eq!(got.language, Language::Uk);
        assert!(got.has_password && got.active && !got.finance_allowed);
        assert_eq!(got.actor().map(|a| a.home), Some(Home::Dealer { dealer: a, factory: f }));
        let dup = c.users().insert(&NewUser {
            email: Email::parse("OLENA@dealer.ua").expect("e"), display_name: "x".into(), role: Role::DealerUser,
            dealer_id: Some(a), factory_id: Some(f), password_hash: None, language: Language::Ru, finance_allowed: false,
        }).await;
        assert!(matches!(dup, Err(StoreError::Conflict(_))), "{dup:?}");
        c.users().set_password_hash(u, "$argon2id$new").await.expect("set");
        assert_eq!(c.users().password_hash(u).await.expect("hash").as_deref(), Some("$argon2id$new"));
        c.users().set_active(u, false).await.expect("deactivate");
        c.users().set_finance_allowed(u, true).await.expect("grant");
        let got = c.users().by_id(u).await.expect("get").expect("found");
        assert!(!got.active && got.finance_allowed);
        assert!(matches!(c.users().set_active(UserId(999_999), true).await, Err(StoreError::NotFound)));
        let staff = c.users().staff(f, Role::Manager).await.expect("staff");
        assert_eq!(staff.iter().map(|s| s.id).collect::<Vec<_>>(), vec![m]);
        assert_eq!(c.users().of_dealer(&DealerScope::system(a)).await.expect("of").len(), 1);
        assert!(c.users().of_dealer(&DealerScope::system(b)).await.expect("of").is_empty());
    }

    async fn sessions_tokens_invitations(db) {
        let (f, a, _) = plant(&db.store).await;
        let u = user(&db.store, "a@dealer.ua", Role::DealerUser, Some(a), Some(f)).await;
        let mut c = db.store.read().await.expect("conn");
        let now = Timestamp(1_000_000);
        c.auth().create_session(&dealerdesk_store::auth::NewSession {
            token_hash: "h1", user_id: u, csrf_token: "csrf", now, expires_at: now.plus_seconds(60), ip: Some("10.0.0.1"), user_agent: None,
        }).await.expect("session");
        let (s, who) = c.users().by_session("h1", now).await.expect("get").expect("live");
        assert_eq!((s.user_id, s.csrf_token.as_str(), s.created_at, s.last_seen_at), (u, "csrf", now, now));
        assert_eq!((who.id, who.email.as_str()), (u, "a@dealer.ua"));
        assert_eq!(c.users().by_session("h1", now.plus_seconds(61)).await.expect("get"), None, "expired");
        assert_eq!(c.users().by_session("h2", now).await.expect("get"), None, "unknown");
        c.auth().touch_session("h1", now.plus_seconds(30), now.plus_seconds(120)).await.expect("touch");
        let (s, _) = c.users().by_session("h1", now.plus_seconds(61)).await.expect("get").expect("slid forward");
        assert_eq!((s.last_seen_at, s.expires_at), (now.plus_seconds(30), now.plus_seconds(120)));
        assert_eq!(c.auth().delete_user_sessions(u, Some("h1")).await.expect("others"), 0);
        c.auth().delete_session("h1").await.expect("logout");
        assert_eq!(c.users().by_session("h1", now).await.expect("get"), None);

        let t = c.auth().create_token(u, "th", "cli").await.expect("token");
        assert_eq!(c.auth().token_user("th").await.expect("get"), Some((t, u)));
        c.auth().touch_token(t, now).await.expect("touch");
        assert_eq!(c.auth().revoke_tokens(u).await.expect("revoke"), 1);
        assert_eq!(c.auth().token_user("th").await.expect("get"), None);

        let i = c.auth().create_invitation(u, "ih", None, now.plus_seconds(3600)).await.expect("inv");
        let row = c.auth().invitation("ih").await.expect("get").expect("found");
        assert_eq!((row.id, row.user_id, row.used_at), (i, u, None));
        c.auth().use_invitation(i, now).await.expect("first use");
        assert!(matches!(c.auth().use_invitation(i, now).await, Err(StoreError::Conflict(_))), "single use");
        let i2 = c.auth().create_invitation(u, "ih2", None, now.plus_seconds(10)).await.expect("inv2");
        assert!(matches!(c.auth().use_invitation(i2, now.plus_seconds(11)).await, Err(StoreError::Conflict(_))), "expired");
        let i3 = c.auth().create_invitation(u, "ih3", None, now.plus_seconds(3600)).await.expect("inv3");
        c.auth().expire_invitations(u, now).await.expect("expire");
        assert!(matches!(c.auth().use_invitation(i3, now.plus_seconds(1)).await, Err(StoreError::Conflict(_))));
    }

    async fn login_throttle(db) {
        let mut c = db.store.read().await.expect("conn");
        let t0 = Timestamp(10_000_000);
        for n in 1..=3 {
            assert_eq!(c.auth().record_failure("account:x", t0.plus_seconds(n), t0).await.expect("fail"), n);
        }
        c.auth().block_until("account:x", t0.plus_seconds(100)).await.expect("block");
        assert_eq!(c.auth().throttle("account:x").await.expect("get").map(|t| (t.failures, t.blocked_until)), Some((3, t0.plus_seconds(100))));
        // A failure long after the last one starts a new run.
        assert_eq!(c.auth().record_failure("account:x", t0.plus_seconds(5000), t0.plus_seconds(1000)).await.expect("fail"), 1);
        c.auth().clear_throttle("account:x").await.expect("clear");
        assert_eq!(c.auth().throttle("account:x").await.expect("get"), None);
    }

    async fn sources_and_keys(db) {
        let (f, _, _) = plant(&db.store).await;
        let mut c = db.store.read().await.expect("conn");
        let s = c.sources().insert(f, SourceKind::Production).await.expect("source");
        assert!(matches!(c.sources().insert(f, SourceKind::Production).await, Err(StoreError::Conflict(_))));
        let k1 = c.sources().add_key(s.id, "hash1", "dd_sync_ab").await.expect("k1");
        let k2 = c.sources().add_key(s.id, "hash2", "dd_sync_cd").await.expect("k2");
        assert_eq!(c.sources().by_key_hash("hash1").await.expect("get").map(|s| s.kind), Some(SourceKind::Production));
        assert_eq!(c.sources().live_keys(s.id).await.expect("keys").len(), 2);
        assert_eq!(c.sources().revoke_keys(s.id, &[k1]).await.expect("revoke"), 1);
        assert_eq!(c.sources().by_key_hash("hash1").await.expect("get"), None);
        assert!(c.sources().by_key_hash("hash2").await.expect("get").is_some());
        assert!(matches!(c.sources().revoke_keys(s.id, &[k1]).await, Err(StoreError::NotFound)));
        assert_eq!(c.sources().live_keys(s.id).await.expect("keys").into_iter().map(|k| k.0).collect::<Vec<_>>(), vec![k2]);
        assert_eq!(c.sources().find(f, SourceKind::Accounting).await.expect("find"), None);
    }

    async fn settings_outbox_audit(db) {
        let mut c = db.store.read().await.expect("conn");
        assert_eq!(c.settings().get("brand.accent").await.expect("get"), None);
        c.settings().set("brand.accent", "#ff6600").await.expect("set");
        c.settings().set("brand.accent", "#00aa00").await.expect("overwrite");
        assert_eq!(c.settings().get("brand.accent").await.expect("get").as_deref(), Some("#00aa00"));
        let all = c.settings().all().await.expect("all");
        assert_eq!(all.iter().filter(|(k, _)| k.starts_with("brand.")).count(), 1, "{all:?}");
        // The store's own row: the search index's format, set by `migrate`.
        assert!(all.iter().any(|(k, v)| k == "order_search_format" && v == "2"), "{all:?}");

        let e1 = c.outbox().append("order_status_changed", None, None, &serde_json::json!({"n": 1})).await.expect("e1");
        let e2 = c.outbox().append("payment_posted", None, None, &serde_json::json!({"n": 2})).await.expect("e2");
        assert!(e2 > e1);
        assert_eq!(c.outbox().cursor("mail").await.expect("cursor"), 0);
        let got = c.outbox().after(0, 10).await.expect("after");
        assert_eq!(got.iter().map(|e| e.payload["n"].as_i64()).collect::<Vec<_>>(), vec![Some(1), Some(2)]);
        c.outbox().set_cursor("mail", e1).await.expect("set");
        let pos = c.outbox().cursor("mail").await.expect("c");
        assert_eq!(c.outbox().after(pos, 10).await.expect("after").len(), 1);

        let a = c.audit().record(&dealerdesk_store::audit::NewAudit {
            actor_id: None, action: "user.create", object_type: "user", object_id: "1".into(),
            before: None, after: Some("{}".into()), ip: None,
        }).await.expect("audit");
        let latest = c.audit().latest(None, 10).await.expect("latest");
        assert_eq!(latest.first().map(|e| e.id), Some(a));
        assert!(c.audit().latest(Some(a), 10).await.expect("page").is_empty());
    }

    async fn reclamations_messages_notifications_news(db) {
        let (f, a, b) = plant(&db.store).await;
        let u = user(&db.store, "d@dealer.ua", Role::DealerUser, Some(a), Some(f)).await;
        let m = user(&db.store, "m@plant.ua", Role::Manager, None, Some(f)).await;
        let mut c = db.store.read().await.expect("conn");
        let mut d = dealer("KH-D1", Some(m));
        d.name = "assigned".into();
        c.sync_batch().update_dealers(&[(a, NewDealer { content: d, version: 2, currency: Currency::UAH })]).await.expect("assign manager");
        let o = order(&mut c, f, a, "N1", &[1]).await;
        let mine = DealerScope::system(a);
        let (r, number) = c.reclamations().insert(&mine, &dealerdesk_store::reclamations::NewReclamation {
            factory_id: f, order_id: o, number_prefix: "KH-R-".into(), category: "glass".into(), description: "тріщина".into(), created_by: u, deadline_at: Some(Timestamp(1_000)),
        }, Timestamp(10)).await.expect("reclamation");
        assert_eq!(number, format!("KH-R-{:05}", r.0));
        assert_eq!(c.reclamations().get(&mine, r).await.expect("get").map(|r| r.status), Some(ReclamationStatus::Submitted));
        let (found, dref) = c.reclamations().find(&number).await.expect("find").expect("by number");
        assert_eq!((found.id, dref.id, dref.factory, dref.manager), (r, a, f, Some(m)));
        c.reclamations().add_history(&mine, r, None, ReclamationStatus::Submitted, u, Timestamp(10)).await.expect("history");
        // A move from the wrong status changes nothing.
        assert!(!c.reclamations().set_status(&mine, r, ReclamationStatus::InReview, ReclamationStatus::Decided, Timestamp(20)).await.expect("stale"));
        assert!(!c.reclamations().set_status(&DealerScope::system(b), r, ReclamationStatus::Submitted, ReclamationStatus::InReview, Timestamp(20)).await.expect("foreign"));
        assert!(c.reclamations().set_status(&mine, r, ReclamationStatus::Submitted, ReclamationStatus::InReview, Timestamp(20)).await.expect("move"));
        use dealerdesk_store::reclamations::{Assigned, QueueFilter};
        let q = |assigned, overdue_at| QueueFilter { factory: Some(f), open_only: true, assigned, overdue_at, limit: 50, ..QueueFilter::default() };
        assert_eq!(c.reclamations().queue(&q(Assigned::Nobody, None)).await.expect("queue").len(), 1);
        assert_eq!(c.reclamations().queue(&q(Assigned::To(m), None)).await.expect("queue").len(), 0);
        assert_eq!(c.reclamations().queue(&q(Assigned::Anyone, Some(Timestamp(999)))).await.expect("not yet overdue").len(), 0);
        let overdue = c.reclamations().queue(&q(Assigned::Anyone, Some(Timestamp(1_001)))).await.expect("overdue");
        assert_eq!((overdue.len(), overdue[0].order_number.as_str(), overdue[0].factory_code.as_str()), (1, "N1", "KH"));
        c.reclamations().set_decision(&mine, r, &dealerdesk_domain::ReclamationDecision::Compensation { amount: dealerdesk_domain::Money::new(5_000, Currency::UAH) }).await.expect("decide");
        assert!(c.reclamations().set_status(&mine, r, ReclamationStatus::InReview, ReclamationStatus::Decided, Timestamp(3_610)).await.expect("decided"));
        c.reclamations().add_history(&mine, r, Some(ReclamationStatus::InReview), ReclamationStatus::Decided, m, Timestamp(3_610)).await.expect("history");
        let (by_cat, by_kind) = c.reclamations().stats(Some(f), Timestamp(0), Timestamp(100), Timestamp(5_000)).await.expect("stats");
        assert_eq!(by_cat.len(), 1);
        assert_eq!((by_cat[0].key.as_str(), by_cat[0].total, by_cat[0].compensation, by_cat[0].decided, by_cat[0].decision_ms), ("glass", 1, 1, 1, 3_600));
        assert!(by_kind.is_empty(), "no constructions named");
        assert_eq!(c.reclamations().compensations(&mine).await.expect("comp").len(), 1);
        assert!(c.reclamations().compensations(&DealerScope::system(b)).await.expect("foreign").is_empty());
        assert_eq!(c.reclamations().history(&mine, r).await.expect("history").len(), 2);
        assert_eq!(c.reclamations().categories().await.expect("categories").len(), 8);
        assert!(c.reclamations().set_deadline_days("glass", 2).await.expect("norm"));
        assert!(!c.reclamations().set_deadline_days("nonsense", 2).await.expect("unknown"));
        assert_eq!(c.reclamations().get(&DealerScope::system(b), r).await.expect("foreign"), None);
        assert_eq!(c.reclamations().count_open(Some(f), None).await.expect("open"), 0, "decided");
        assert_eq!(c.reclamations().of_dealer(&mine, 10).await.expect("list").len(), 1);

        let t = c.messages().create_thread(&mine, f, Some(o), "Коли доставка?", u).await.expect("thread");
        c.messages().post(&mine, t, u, "Добрий день").await.expect("post");
        assert!(matches!(c.messages().post(&DealerScope::system(b), t, u, "x").await, Err(StoreError::NotFound)));
        assert_eq!(c.messages().unread(m, None).await.expect("manager unread"), 1);
        assert_eq!(c.messages().unread(u, Some(&mine)).await.expect("author has read it"), 0);
        let reply = c.messages().post(&mine, t, m, "Завтра").await.expect("reply");
        assert_eq!(c.messages().unread(u, Some(&mine)).await.expect("dealer unread"), 1);
        c.messages().mark_read(t, u, reply).await.expect("read");
        assert_eq!(c.messages().unread(u, Some(&mine)).await.expect("dealer unread"), 0);
        assert_eq!(c.messages().messages(&mine, t).await.expect("msgs").len(), 2);
        assert!(c.messages().messages(&DealerScope::system(b), t).await.expect("foreign").is_empty());
        assert_eq!(c.messages().threads(&mine, 10).await.expect("threads").len(), 1);

        let n = c.notifications().insert(u, NotificationKind::OrderStatusChanged, "Замовлення N1", "готове", Some("/orders/KH/N1")).await.expect("n");
        assert_eq!(c.notifications().unread(u).await.expect("unread"), 1);
        assert!(matches!(c.notifications().mark_read(m, n).await, Err(StoreError::NotFound)), "not someone else's");
        c.notifications().mark_read(u, n).await.expect("read");
        assert_eq!(c.notifications().unread(u).await.expect("unread"), 0);
        assert_eq!(c.notifications().latest(u, 5).await.expect("latest").len(), 1);

        let draft = c.news().insert_draft(None, "Новий профіль", "**WDS**", m).await.expect("draft");
        assert_eq!(c.news().count_drafts(Some(f)).await.expect("drafts"), 1);
        assert!(c.news().published(Some(f), 5).await.expect("pub").is_empty());
        c.news().publish(draft, Timestamp(5)).await.expect("publish");
        assert_eq!(c.news().published(Some(f), 5).await.expect("pub").len(), 1);
    }
}
