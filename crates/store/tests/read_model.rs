//! The read model on both databases: the set-based writes the sync
//! appliers use (`SyncBatch`) and the scoped reads the pages use.

mod common;

use common::*;
use dealerdesk_domain::*;
use dealerdesk_store::attachments::NewAttachment;
use dealerdesk_store::shipments::ShipmentContent;
use dealerdesk_store::syncbatch::search_text;
use dealerdesk_store::syncbatch::*;
use dealerdesk_store::{Repos, StoreError};
use dealerdesk_testkit::both_backends;

fn ts(n: i64) -> Timestamp {
    Timestamp(1_700_000_000_000 + n * 1000)
}

both_backends! {
    async fn dealers_and_their_stats(db) {
        let (f, a, b) = plant(&db.store).await;
        let mut c = db.store.read().await.expect("conn");
        let other = c.factories().insert("PL", "Полтава", "Europe/Kyiv").await.expect("f2");
        c.sync_batch().insert_dealers(other.id, &[NewDealer { content: dealer("PL-D1", None), version: 3, currency: Currency::UAH }]).await.expect("pl");
        let found = c.sync_batch().dealers_by_codes(&["KH-D1".into(), "PL-D1".into(), "NOPE".into()]).await.expect("load");
        assert_eq!(found.len(), 2);
        assert!(found.iter().any(|d| d.code == "PL-D1" && d.factory_id == other.id && d.version == 3), "another factory's dealer is visible as such");
        let mut renamed = dealer("KH-D1", None);
        renamed.name = "ТОВ «Нова назва»".into();
        c.sync_batch().update_dealers(&[(a, NewDealer { content: renamed, version: 2, currency: Currency::UAH })]).await.expect("update");
        let d = c.dealers().by_code("KH-D1").await.expect("get").expect("found");
        assert_eq!(d.name, "ТОВ «Нова назва»");
        assert_eq!(c.dealers().policy_ref(a).await.expect("ref"), Some(d.as_ref()));
        assert_eq!(c.dealers().count(Some(f), None).await.expect("count"), 2);
        assert_eq!(c.dealers().of_factory(f, None, 10).await.expect("list").len(), 2);

        // Counters and balance move by deltas; several rows in one statement.
        let mut da = StatsDelta { balance: 10_000, counts: [0; 7] };
        da.counts[0] = 2;
        let mut db_ = StatsDelta { balance: -500, counts: [0; 7] };
        db_.counts[4] = 1;
        c.sync_batch().add_stats(&[(a, da.clone()), (b, db_)]).await.expect("stats");
        let mut move_one = StatsDelta::default();
        move_one.counts[0] = -1;
        move_one.counts[5] = 1;
        move_one.balance = -2_500;
        c.sync_batch().add_stats(&[(a, move_one)]).await.expect("stats");
        c.sync_batch().set_openings(&[OpeningRow { dealer_id: a, amount_minor: 1_000, as_of: "2025-01-01".into(), version: 4 }]).await.expect("opening");
        let s = c.dealers().stats(&DealerScope::system(a)).await.expect("stats");
        assert_eq!((s.count(OrderStatus::Accepted), s.count(OrderStatus::Delivered), s.total_orders()), (1, 1, 2));
        assert_eq!(s.balance, Money::new(7_500, Currency::UAH));
        assert_eq!(c.dealers().opening_balance(&DealerScope::system(a)).await.expect("o"), (1_000, Some("2025-01-01".into())));
        let loaded = c.sync_batch().dealers_by_codes(&["KH-D1".into()]).await.expect("load");
        assert_eq!((loaded[0].opening_minor, loaded[0].opening_version), (1_000, 4));
        assert_eq!(c.dealers().count_in_debt(Some(f), 0).await.expect("debt"), 1);
        assert_eq!(c.dealers().total_receivable(Some(f)).await.expect("receivable"), 7_500);
        let sums = c.dealers().sum_counts(Some(f), None).await.expect("sums");
        assert_eq!(sums.iter().map(|(_, n)| n).sum::<i64>(), 3);
    }

    async fn orders_constructions_and_statuses(db) {
        let (f, a, b) = plant(&db.store).await;
        let mut c = db.store.read().await.expect("conn");
        let id = order(&mut c, f, a, "KH-25-000001", &[1, 2, 3]).await;
        let mine = DealerScope::system(a);
        let o = c.orders().get(&mine, id).await.expect("get").expect("found");
        assert_eq!((o.status, o.total_minor, o.timeline.len()), (OrderStatus::Accepted, 2_550_000, 1));
        assert_eq!(c.orders().get(&DealerScope::system(b), id).await.expect("foreign"), None, "another dealer's scope sees nothing");
        assert!(c.orders().constructions(&DealerScope::system(b), id).await.expect("foreign").is_empty());
        let (found, r) = c.orders().locate("KH", "KH-25-000001").await.expect("locate").expect("found");
        assert_eq!((found, r.id, r.factory), (id, a, f));
        assert_eq!(c.orders().locate("KH", "missing").await.expect("locate"), None);
        let loaded = c.sync_batch().orders_by_numbers(f, &["KH-25-000001".into(), "nope".into()]).await.expect("load");
        assert_eq!(loaded.len(), 1);
        assert_eq!((loaded[0].id, loaded[0].dealer_id, loaded[0].content_version, loaded[0].status_version), (id, a, 1, 0));

        // Partial completion, then the order moves on: statuses per row.
        c.sync_batch().set_construction_statuses(&[(id, 2, OrderStatus::Manufactured, ts(2))]).await.expect("c2");
        let mut timeline: [Option<Timestamp>; 7] = Default::default();
        timeline[1] = Some(ts(1));
        c.sync_batch().update_order_status(&[StatusRow { id, status: OrderStatus::InProduction, status_at: ts(1), status_version: 2, timeline }]).await.expect("status");
        let states = c.sync_batch().construction_states(&[id]).await.expect("states");
        let mut got: Vec<_> = states.iter().map(|(_, p, s, _)| (*p, *s)).collect();
        got.sort_by_key(|(p, _)| *p);
        assert_eq!(got, vec![(1, OrderStatus::Accepted), (2, OrderStatus::Manufactured), (3, OrderStatus::Accepted)]);
        // A stage keeps the first time it was reached.
        let mut later: [Option<Timestamp>; 7] = Default::default();
        later[1] = Some(ts(9));
        later[3] = Some(ts(10));
        c.sync_batch().update_order_status(&[StatusRow { id, status: OrderStatus::Ready, status_at: ts(10), status_version: 3, timeline: later }]).await.expect("ready");
        let o = c.orders().get(&mine, id).await.expect("get").expect("found");
        assert_eq!(o.timeline, vec![(OrderStatus::Accepted, Timestamp(1_700_000_000_000)), (OrderStatus::InProduction, ts(1)), (OrderStatus::Ready, ts(10))]);
        assert_eq!(o.status, OrderStatus::Ready);

        // New content: positions keep their status on conflict, a dropped one goes.
        let mut changed = construction(1);
        changed.name = "Вікно кухня".into();
        c.sync_batch().upsert_constructions(&[
            ConstructionRow { order_id: id, dealer_id: a, content: changed, status: OrderStatus::Accepted, status_at: ts(11) },
            ConstructionRow { order_id: id, dealer_id: a, content: construction(4), status: OrderStatus::Ready, status_at: ts(11) },
        ]).await.expect("upsert");
        c.sync_batch().delete_constructions_except(id, &[1, 2, 4]).await.expect("trim");
        let mut content = order_content("KH-25-000001", &[1, 2, 4]);
        content.customer_ref = Some("Петренко".into());
        c.sync_batch().update_order_content(&[(id, content, 5)]).await.expect("content");
        let cs = c.orders().constructions(&mine, id).await.expect("cs");
        assert_eq!(cs.iter().map(|k| (k.position, k.status)).collect::<Vec<_>>(), vec![(1, OrderStatus::Accepted), (2, OrderStatus::Manufactured), (4, OrderStatus::Ready)]);
        assert_eq!(cs[0].name, "Вікно кухня");
        let o = c.orders().get(&mine, id).await.expect("get").expect("found");
        assert_eq!(o.customer_ref.as_deref(), Some("Петренко"));

        c.sync_batch().add_order_money(&[(id, [1_000_000, 50_000, 20_000, -5_000])]).await.expect("money");
        let o = c.orders().get(&mine, id).await.expect("get").expect("found");
        assert_eq!(o.outstanding_minor(), 2_550_000 + 50_000 - 5_000 - 1_000_000 - 20_000);
        assert_eq!(c.orders().recent_changes(&mine, 5).await.expect("recent").len(), 1);
        assert!(c.orders().recent_changes(&DealerScope::system(b), 5).await.expect("recent").is_empty());
    }

    async fn shipments_and_attachments(db) {
        let (f, a, b) = plant(&db.store).await;
        let mut c = db.store.read().await.expect("conn");
        let o1 = order(&mut c, f, a, "N1", &[1]).await;
        let o2 = order(&mut c, f, b, "N2", &[1]).await;
        let trip = ShipmentContent {
            trip: "T-1".into(), vehicle: Some("AX 1234 KI".into()), driver_name: "Петро Коваль".into(),
            driver_phone: Phone::parse("+380671112233").expect("phone"), departed_at: Some(ts(1)),
            planned_delivery_date: Some("2026-12-02".into()), delivered_at: None,
        };
        let ids = c.sync_batch().insert_shipments(f, &[(trip.clone(), 1)]).await.expect("ship");
        let s = ids[0].1;
        c.sync_batch().replace_shipment_orders(&[s], &[(s, o1, a), (s, o2, b)]).await.expect("orders");
        c.sync_batch().replace_shipment_orders(&[s], &[(s, o1, a), (s, o2, b)]).await.expect("replace is idempotent");
        c.sync_batch().set_order_shipments(&[(o1, s), (o2, s)]).await.expect("link");
        let delivered = ShipmentContent { delivered_at: Some(ts(2)), ..trip.clone() };
        c.sync_batch().update_shipments(&[(s, delivered, 2)]).await.expect("update");
        let loaded = c.sync_batch().shipments_by_trips(f, &["T-1".into()]).await.expect("load");
        assert_eq!((loaded[0].id, loaded[0].version, loaded[0].content.delivered_at), (s, 2, Some(ts(2))));
        let got = c.shipments().for_order(&DealerScope::system(a), o1).await.expect("for").expect("found");
        assert_eq!((got.driver_phone.tel_uri().as_str(), got.delivered_at), ("tel:+380671112233", Some(ts(2))));
        assert_eq!(c.shipments().for_order(&DealerScope::system(b), o1).await.expect("foreign"), None);

        let file = |id: &str, sha: &str| NewAttachment {
            source_attachment_id: id.into(), dealer_id: a, order_id: o1, position: Some(1), kind: "drawing".into(),
            file_name: "Креслення.svg".into(), content_type: "image/svg+xml".into(), sha256: sha.into(), size_bytes: 10,
        };
        c.sync_batch().upsert_attachments(f, &[(file("A-1", &"a".repeat(64)), 1)]).await.expect("attach");
        c.sync_batch().upsert_attachments(f, &[(file("A-1", &"b".repeat(64)), 2)]).await.expect("newer version replaces");
        assert_eq!(c.sync_batch().attachment_versions(f, &["A-1".into()]).await.expect("versions"), vec![("A-1".into(), 2)]);
        let list = c.attachments().of_order(&DealerScope::system(a), o1).await.expect("list");
        assert_eq!(list.iter().map(|x| x.sha256.clone()).collect::<Vec<_>>(), vec!["b".repeat(64)]);
        assert!(c.attachments().of_order(&DealerScope::system(b), o1).await.expect("foreign").is_empty());
        assert_eq!(c.attachments().get(&DealerScope::system(b), list[0].id).await.expect("foreign"), None);
    }

    async fn ledger_entries(db) {
        let (f, a, b) = plant(&db.store).await;
        let mut c = db.store.read().await.expect("conn");
        let o = order(&mut c, f, a, "N1", &[1]).await;
        let entry = |id: &str, kind, amount, on: &str| EntryRow {
            source_entry_id: id.into(), dealer_id: a, kind, amount_minor: amount, currency: Currency::UAH, posted_on: on.into(),
            order_id: Some(o), order_number: Some("N1".into()), description: Some("оплата".into()), voided: false, void_reason: None, version: 1,
        };
        c.sync_batch().insert_entries(f, &[
            entry("E1", LedgerKind::Charge, 10_000, "2026-01-05"),
            entry("E2", LedgerKind::Payment, 4_000, "2026-01-10"),
            entry("E3", LedgerKind::Payment, 1_000, "2026-02-01"),
        ]).await.expect("entries");
        assert!(matches!(c.sync_batch().insert_entries(f, &[entry("E1", LedgerKind::Charge, 1, "2026-01-05")]).await, Err(StoreError::Conflict(_))));
        let loaded = c.sync_batch().entries_by_ids(f, &["E1".into(), "E3".into()]).await.expect("load");
        let e1 = loaded.iter().find(|e| e.source_entry_id == "E1").expect("E1");
        assert_eq!((e1.kind, e1.amount_minor, e1.order_id, e1.voided, e1.version), (LedgerKind::Charge, 10_000, Some(o), false, 1));
        let mut voided = entry("E1", LedgerKind::Charge, 10_000, "2026-01-05");
        voided.voided = true;
        voided.void_reason = Some("помилка".into());
        voided.version = 2;
        c.sync_batch().update_entries(&[(e1.id, voided)]).await.expect("void");
        let jan = c.ledger().entries(&DealerScope::system(a), "2026-01-01", "2026-01-31").await.expect("jan");
        assert_eq!(jan.iter().map(|e| (e.source_entry_id.as_str(), e.voided)).collect::<Vec<_>>(), vec![("E1", true), ("E2", false)]);
        assert_eq!(jan[0].void_reason.as_deref(), Some("помилка"));
        assert_eq!(jan[0].effect_minor(), 0, "a voided entry no longer counts");
        assert!(c.ledger().entries(&DealerScope::system(b), "2026-01-01", "2026-12-31").await.expect("b").is_empty());
        assert_eq!(c.ledger().of_order(&DealerScope::system(a), o).await.expect("of order").len(), 3);
        assert!(c.ledger().of_order(&DealerScope::system(b), o).await.expect("foreign").is_empty());
    }

    async fn outbox_rows_in_bulk(db) {
        let (f, a, _) = plant(&db.store).await;
        let mut c = db.store.read().await.expect("conn");
        let rows: Vec<OutboxRow> = (0..3).map(|n| OutboxRow { kind: "order_status_changed", factory_id: Some(f), dealer_id: Some(a), payload: format!("{{\"n\": {n}}}") }).collect();
        c.sync_batch().append_outbox(&rows).await.expect("append");
        let got = c.outbox().after(0, 10).await.expect("after");
        assert_eq!(got.iter().map(|e| e.payload["n"].as_i64()).collect::<Vec<_>>(), vec![Some(0), Some(1), Some(2)]);
        assert_eq!(got[0].dealer_id, Some(a));
    }
}

mod order_lists {
    use super::*;
    use dealerdesk_store::order_list::{Cursor, OrderFilter, Sort};

    /// Orders of dealer a: N1..N7 with growing dates, totals, text; one of b.
    async fn orders(db: &dealerdesk_testkit::TestDb) -> (DealerId, DealerId, Vec<OrderId>) {
        let (f, a, b) = plant(&db.store).await;
        let mut c = db.store.read().await.expect("conn");
        let mut ids = Vec::new();
        for i in 1..=7i64 {
            let mut content = order_content(&format!("KH-26-00{i}0"), &[1]);
            content.accepted_at = Timestamp(1_700_000_000_000 + i * 86_400_000);
            content.total_minor = 1_000 * (8 - i);
            content.customer_ref = Some(if i % 2 == 0 {
                "Петренко".into()
            } else {
                "Іваненко".into()
            });
            content.constructions[0].profile_system = Some(if i == 3 {
                "VEKA Softline 82".into()
            } else {
                "REHAU Euro-Design 70".into()
            });
            let id = c
                .sync_batch()
                .insert_orders(
                    f,
                    &[NewOrder {
                        dealer_id: a,
                        status: if i > 5 {
                            OrderStatus::Accepted
                        } else {
                            OrderStatus::Delivered
                        },
                        status_at: content.accepted_at,
                        content_version: 1,
                        status_version: 1,
                        timeline: Default::default(),
                        money: [0; 4],
                        content: content.clone(),
                    }],
                )
                .await
                .expect("order")[0]
                .1;
            c.sync_batch()
                .index_order_text(&[(id, search_text(a, &content))])
                .await
                .expect("index");
            ids.push(id);
        }
        let mut other = order_content("KH-26-0099", &[1]);
        other.customer_ref = Some("Петренко".into());
        let oid = c
            .sync_batch()
            .insert_orders(
                f,
                &[NewOrder {
                    dealer_id: b,
                    status: OrderStatus::Accepted,
                    status_at: other.accepted_at,
                    content_version: 1,
                    status_version: 1,
                    timeline: Default::default(),
                    money: [0; 4],
                    content: other.clone(),
                }],
            )
            .await
            .expect("other")[0]
            .1;
        c.sync_batch()
            .index_order_text(&[(oid, search_text(b, &other))])
            .await
            .expect("index");
        (a, b, ids)
    }

    async fn all_pages(
        db: &dealerdesk_testkit::TestDb,
        dealer: DealerId,
        filter: &OrderFilter,
        limit: i64,
    ) -> Vec<String> {
        let mut c = db.store.read().await.expect("conn");
        let mut out = Vec::new();
        let mut cursor: Option<Cursor> = None;
        loop {
            let (rows, next) = c
                .order_list()
                .page(&DealerScope::system(dealer), filter, cursor.as_ref(), limit)
                .await
                .expect("page");
            assert!(rows.len() as i64 <= limit);
            out.extend(rows.into_iter().map(|r| r.number));
            match next {
                Some(n) => {
                    cursor = Some(Cursor::decode(&n.encode()).expect("the cursor survives the URL"))
                }
                None => return out,
            }
        }
    }

    both_backends! {
        async fn paging_filters_search_and_sorting(db) {
            let (a, b, _) = orders(&db).await;
            let newest_first: Vec<String> = (1..=7).rev().map(|i| format!("KH-26-00{i}0")).collect();
            assert_eq!(all_pages(&db, a, &OrderFilter::default(), 2).await, newest_first, "keyset pages in order, none twice");
            assert_eq!(all_pages(&db, a, &OrderFilter::default(), 100).await, newest_first);
            let delivered = OrderFilter { status: Some(OrderStatus::Delivered), ..Default::default() };
            assert_eq!(all_pages(&db, a, &delivered, 2).await.len(), 5);
            let window = OrderFilter { from: Some(Timestamp(1_700_000_000_000 + 2 * 86_400_000)), to: Some(Timestamp(1_700_000_000_000 + 4 * 86_400_000)), ..Default::default() };
            assert_eq!(all_pages(&db, a, &window, 10).await, vec!["KH-26-0030", "KH-26-0020"]);
            let by_number = OrderFilter { query: Some("kh-26-003".into()), ..Default::default() };
            assert_eq!(all_pages(&db, a, &by_number, 10).await, vec!["KH-26-0030"]);
            let words = OrderFilter { query: Some("петренко".into()), ..Default::default() };
            assert_eq!(all_pages(&db, a, &words, 10).await, vec!["KH-26-0060", "KH-26-0040", "KH-26-0020"], "words, in this dealer's orders only");
            let prefix = OrderFilter { query: Some("VEK".into()), ..Default::default() };
            assert_eq!(all_pages(&db, a, &prefix, 10).await, vec!["KH-26-0030"], "word beginnings match");
            let two = OrderFilter { query: Some("Іваненко rehau".into()), ..Default::default() };
            assert_eq!(all_pages(&db, a, &two, 10).await, vec!["KH-26-0070", "KH-26-0050", "KH-26-0010"]);
            let number_sort = OrderFilter { sort: Sort::Number, ..Default::default() };
            let mut ascending = newest_first.clone();
            ascending.reverse();
            assert_eq!(all_pages(&db, a, &number_sort, 3).await, ascending);
            let amount = OrderFilter { sort: Sort::Amount, ..Default::default() };
            assert_eq!(all_pages(&db, a, &amount, 3).await, ascending, "largest amount first: N1 has the largest");
            assert_eq!(all_pages(&db, b, &words, 10).await, vec!["KH-26-0099"]);
            let hostile = OrderFilter { query: Some("\" OR 1=1 -- ' & | !()*:".into()), ..Default::default() };
            let _ = all_pages(&db, a, &hostile, 10).await;
        }

        async fn number_search_is_a_prefix_case_aside_with_no_wildcards(db) {
            let (a, b, _) = orders(&db).await;
            let mut c = db.store.read().await.expect("conn");
            let f: i64 = sqlx::query_scalar("SELECT factory_id FROM dealers WHERE id = $1").bind(a.0).fetch_one(&mut *c).await.expect("factory");
            let f = dealerdesk_domain::FactoryId(f);
            for number in ["kh-27-0001", "KH-27%0002", "KH-27_0003"] {
                let content = order_content(number, &[1]);
                c.sync_batch()
                    .insert_orders(f, &[NewOrder {
                        dealer_id: a,
                        status: OrderStatus::Accepted,
                        status_at: content.accepted_at,
                        content_version: 1,
                        status_version: 1,
                        timeline: Default::default(),
                        money: [0; 4],
                        content,
                    }])
                    .await
                    .expect("order");
            }
            drop(c);
            let q = |s: &str| OrderFilter { query: Some(s.into()), sort: Sort::Number, ..Default::default() };
            let all: Vec<String> = (1..=7).map(|i| format!("KH-26-00{i}0")).collect();
            assert_eq!(all_pages(&db, a, &q("KH-26-00"), 3).await, all, "a prefix, paged");
            assert_eq!(all_pages(&db, a, &q("kh-26-0040"), 10).await, vec!["KH-26-0040"], "a whole number");
            assert_eq!(all_pages(&db, a, &q("KH-27-0"), 10).await, vec!["kh-27-0001"], "stored in lower case");
            assert_eq!(all_pages(&db, a, &q("KH-27%"), 10).await, vec!["KH-27%0002"], "% is a character");
            assert_eq!(all_pages(&db, a, &q("KH-27_"), 10).await, vec!["KH-27_0003"], "_ is a character");
            assert!(all_pages(&db, a, &q("KH-26-0099"), 10).await.is_empty(), "another dealer's number");
            assert_eq!(all_pages(&db, b, &q("KH-26-0"), 10).await, vec!["KH-26-0099"]);
            assert!(all_pages(&db, a, &q("KH-26-008"), 10).await.is_empty());
            let status = OrderFilter { status: Some(OrderStatus::Delivered), ..q("KH-26") };
            assert_eq!(all_pages(&db, a, &status, 10).await.len(), 5, "with a status");
        }

        async fn an_old_search_index_is_rebuilt_on_migrate(db) {
            let (a, b, _) = orders(&db).await;
            let words = OrderFilter { query: Some("петренко".into()), ..Default::default() };
            let expected = all_pages(&db, a, &words, 10).await;
            assert_eq!(expected.len(), 3);
            {
                // As a database from before the tagged words: nothing to
                // find by word, and no format row.
                let mut c = db.store.begin().await.expect("tx");
                let wipe = if db.store.backend() == dealerdesk_store::Backend::Postgres {
                    "UPDATE orders SET search = NULL"
                } else {
                    "DELETE FROM orders_fts"
                };
                sqlx::query(wipe).execute(&mut *c).await.expect("wipe");
                sqlx::query("DELETE FROM settings WHERE key = 'order_search_format'").execute(&mut *c).await.expect("unmark");
                c.commit().await.expect("commit");
            }
            assert!(all_pages(&db, a, &words, 10).await.is_empty());
            db.store.migrate().await.expect("migrate");
            assert_eq!(all_pages(&db, a, &words, 10).await, expected);
            assert_eq!(all_pages(&db, b, &words, 10).await, vec!["KH-26-0099"]);
            // Once rebuilt, a start does not rebuild again.
            assert_eq!(db.store.reindex_order_search_if_old().await.expect("again"), 0);
        }

        async fn a_search_matching_many_orders_pages_as_one_matching_few(db) {
            // 700 of dealer a's orders say "Мельник" (past the count from
            // which SQLite walks the dealer's index), 40 of them "VEKA" too
            // (fetched by id); dealer b has the same words.
            let (f, a, b) = plant(&db.store).await;
            let mut c = db.store.read().await.expect("conn");
            struct Want { number: String, id: i64, accepted: i64, changed: i64, amount: i64, delivered: bool, veka: bool }
            let mut expected: Vec<Want> = Vec::new();
            for chunk in 0..7i64 {
                let mut batch = Vec::new();
                for j in 0..100i64 {
                    let i = chunk * 100 + j;
                    let mut content = order_content(&format!("KH-27-{:04}", (i * 37) % 700), &[1]);
                    // Dates repeat (ties broken by id), amounts and changes
                    // run in other orders than the dates.
                    content.accepted_at = Timestamp(1_700_000_000_000 + (i % 350) * 60_000);
                    content.total_minor = (i * 7919) % 1_000;
                    content.customer_ref = Some("Мельник".into());
                    let veka = i % 17 == 3 && i < 17 * 40;
                    if veka {
                        content.constructions[0].profile_system = Some("VEKA Softline 82".into());
                    }
                    let delivered = i % 3 != 0;
                    batch.push(NewOrder {
                        dealer_id: if i % 100 == 99 { b } else { a },
                        status: if delivered { OrderStatus::Delivered } else { OrderStatus::Accepted },
                        status_at: Timestamp(1_800_000_000_000 - (i * 7) % 500 * 1_000),
                        content_version: 1,
                        status_version: 1,
                        timeline: Default::default(),
                        money: [0; 4],
                        content,
                    });
                }
                let ids = c.sync_batch().insert_orders(f, &batch).await.expect("orders");
                let texts: Vec<_> = ids.iter().zip(&batch).map(|((_, id), o)| (*id, search_text(o.dealer_id, &o.content))).collect();
                c.sync_batch().index_order_text(&texts).await.expect("index");
                for ((_, id), o) in ids.iter().zip(&batch) {
                    if o.dealer_id == a {
                        let veka = o.content.constructions[0].profile_system.as_deref().is_some_and(|p| p.starts_with("VEKA"));
                        expected.push(Want {
                            number: o.content.number.clone(),
                            id: id.0,
                            accepted: o.content.accepted_at.0,
                            changed: o.status_at.0,
                            amount: o.content.total_minor,
                            delivered: o.status == OrderStatus::Delivered,
                            veka,
                        });
                    }
                }
            }
            drop(c);
            let veka_count = expected.iter().filter(|e| e.veka).count();
            assert!(expected.len() >= 600 && (20..300).contains(&veka_count), "{} {veka_count}", expected.len());
            let by = |key: &dyn Fn(&Want) -> (i64, i64), keep: &dyn Fn(&Want) -> bool| {
                let mut v: Vec<&Want> = expected.iter().filter(|e| keep(e)).collect();
                v.sort_by_key(|e| std::cmp::Reverse(key(e)));
                v.into_iter().map(|e| e.number.clone()).collect::<Vec<_>>()
            };
            let q = |s: &str, status: Option<OrderStatus>, sort: Sort| OrderFilter { query: Some(s.into()), status, sort, ..Default::default() };
            let newest = |e: &Want| (e.accepted, e.id);
            assert_eq!(all_pages(&db, a, &q("мельник", None, Sort::Accepted), 50).await, by(&newest, &|_| true), "many matches, every page");
            assert_eq!(all_pages(&db, a, &q("мельник", Some(OrderStatus::Delivered), Sort::Accepted), 50).await, by(&newest, &|e| e.delivered));
            assert_eq!(all_pages(&db, a, &q("мельн", None, Sort::Changed), 50).await, by(&|e| (e.changed, e.id), &|_| true), "by last change");
            assert_eq!(all_pages(&db, a, &q("мельник", None, Sort::Amount), 50).await, by(&|e| (e.amount, e.id), &|_| true), "by amount");
            let mut by_number: Vec<String> = expected.iter().map(|e| e.number.clone()).collect();
            by_number.sort();
            assert_eq!(all_pages(&db, a, &q("мельник", None, Sort::Number), 50).await, by_number, "by number, ascending");
            assert_eq!(all_pages(&db, a, &q("veka мельник", None, Sort::Accepted), 10).await, by(&newest, &|e| e.veka), "few matches");
            assert_eq!(all_pages(&db, a, &q("veka", Some(OrderStatus::Delivered), Sort::Accepted), 10).await, by(&newest, &|e| e.veka && e.delivered));
            assert_eq!(all_pages(&db, b, &q("мельник", None, Sort::Accepted), 50).await.len(), 7, "the other dealer's own only");
        }

        async fn the_search_index_is_compacted_and_finds_the_same(db) {
            let (a, b, _) = orders(&db).await;
            let sqlite = db.store.backend() == dealerdesk_store::Backend::Sqlite;
            if sqlite {
                // More segments: each committed write to the index adds one.
                for round in 0..6 {
                    let mut c = db.store.begin().await.expect("tx");
                    sqlx::query("INSERT INTO orders_fts (rowid, body) VALUES ($1, 'unrelated words')")
                        .bind(1_000_000 + round)
                        .execute(&mut *c)
                        .await
                        .expect("insert");
                    c.commit().await.expect("commit");
                }
            }
            let q = |s: &str| OrderFilter { query: Some(s.into()), ..Default::default() };
            let searches = [(a, "петренко"), (a, "veka"), (a, "rehau euro"), (b, "петренко"), (a, "KH-26")];
            let mut before = Vec::new();
            for (dealer, s) in searches {
                before.push(all_pages(&db, dealer, &q(s), 2).await);
            }
            assert_eq!(before[0].len(), 3, "{before:?}");
            let segments = db.store.order_search_segments().await.expect("segments");
            let done = db.store.compact_order_search().await.expect("compact");
            if sqlite {
                assert!(segments >= 7, "{segments} segments to begin with");
                assert_eq!(done.segments_before, segments);
                assert_eq!(done.segments_after, 1, "{done:?}");
                assert!(done.steps >= 2, "{done:?}");
            } else {
                assert_eq!(done, dealerdesk_store::Compaction::default());
            }
            for ((dealer, s), expected) in searches.into_iter().zip(&before) {
                assert_eq!(&all_pages(&db, dealer, &q(s), 2).await, expected, "{s}");
            }
            // Compacted, a second run has nothing to do.
            let again = db.store.compact_order_search().await.expect("again");
            assert_eq!(again.steps, 0, "{again:?}");
        }
    }
}
