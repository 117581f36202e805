//! The store's conformance suite: every test runs on SQLite and on
//! PostgreSQL (`both_backends!`), each on a fresh database.

use dealerdesk_domain::model::{Language, NotificationKind, SourceKind};
use dealerdesk_domain::*;
use dealerdesk_store::dealers::{DealerContent, Upserted};
use dealerdesk_store::ledger::NewEntry;
use dealerdesk_store::orders::{ConstructionContent, OrderContent, OrderMoney};
use dealerdesk_store::shipments::ShipmentContent;
use dealerdesk_store::users::NewUser;
use dealerdesk_store::{Repos, Store, StoreError};
use dealerdesk_testkit::both_backends;

fn dealer(code: &str, manager: Option<UserId>) -> DealerContent {
    DealerContent {
        code: code.into(),
        name: format!("ТОВ «{code}»"),
        short_name: Some(code.into()),
        tax_id: Some("12345678".into()),
        region: Some("Харківська область".into()),
        city: Some("Харків".into()),
        address: None,
        phone: Some("+380501234567".into()),
        email: None,
        manager_id: manager,
        active: true,
    }
}

fn construction(position: i64) -> ConstructionContent {
    ConstructionContent {
        position,
        kind: ConstructionKind::Window,
        name: format!("Вікно {position}"),
        width_mm: 1200,
        height_mm: 1400,
        profile_system: Some("REHAU Euro-Design 70".into()),
        glass_unit: Some("4-16-4".into()),
        colour: Some("білий".into()),
        fittings: Some("Maco".into()),
        quantity: 1,
        price_minor: 850_000,
    }
}

fn order(number: &str, positions: &[i64]) -> OrderContent {
    OrderContent {
        number: number.into(),
        customer_ref: Some("Іваненко".into()),
        accepted_at: Timestamp(1_700_000_000_000),
        planned_ship_date: Some("2026-12-01".into()),
        currency: Currency::UAH,
        total_minor: 850_000 * positions.len() as i64,
        constructions: positions.iter().map(|p| construction(*p)).collect(),
    }
}

/// A factory with two dealers; returns (factory, dealer a, dealer b).
async fn plant(store: &Store) -> (FactoryId, DealerId, DealerId) {
    let mut tx = store.begin().await.expect("begin");
    let f = tx
        .factories()
        .insert("KH", "Харківський завод", "Europe/Kyiv")
        .await
        .expect("factory");
    let Upserted::Inserted(a) = tx
        .dealers()
        .upsert(f.id, &dealer("KH-D1", None), 1)
        .await
        .expect("a")
    else {
        panic!("a not inserted")
    };
    let Upserted::Inserted(b) = tx
        .dealers()
        .upsert(f.id, &dealer("KH-D2", None), 1)
        .await
        .expect("b")
    else {
        panic!("b not inserted")
    };
    tx.commit().await.expect("commit");
    (f.id, a, b)
}

async fn user(
    store: &Store,
    email: &str,
    role: Role,
    dealer: Option<DealerId>,
    factory: Option<FactoryId>,
) -> UserId {
    let mut tx = store.begin().await.expect("begin");
    let id = tx
        .users()
        .insert(&NewUser {
            email: Email::parse(email).expect("email"),
            display_name: email.into(),
            role,
            dealer_id: dealer,
            factory_id: factory,
            password_hash: Some("$argon2id$fake".into()),
            language: Language::Uk,
            finance_allowed: false,
        })
        .await
        .expect("user");
    tx.commit().await.expect("commit");
    id
}

both_backends! {
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

    async fn dealer_versions(db) {
        let (f, a, _) = plant(&db.store).await;
        let mut tx = db.store.begin().await.expect("tx");
        let mut newer = dealer("KH-D1", None);
        newer.name = "ТОВ «Нова назва»".into();
        assert_eq!(tx.dealers().upsert(f, &newer, 3).await.expect("update"), Upserted::Updated(a));
        let mut older = dealer("KH-D1", None);
        older.name = "stale".into();
        assert_eq!(tx.dealers().upsert(f, &older, 2).await.expect("stale"), Upserted::Stale);
        assert_eq!(tx.dealers().upsert(f, &older, 3).await.expect("same version"), Upserted::Stale);
        let other = tx.factories().insert("PL", "Полтава", "Europe/Kyiv").await.expect("f2");
        assert!(matches!(tx.dealers().upsert(other.id, &dealer("KH-D1", None), 9).await, Err(StoreError::Conflict(_))));
        tx.commit().await.expect("commit");
        let mut c = db.store.read().await.expect("conn");
        let d = c.dealers().by_code("KH-D1").await.expect("get").expect("found");
        assert_eq!(d.name, "ТОВ «Нова назва»");
        assert_eq!(c.dealers().policy_ref(a).await.expect("ref"), Some(d.as_ref()));
        assert_eq!(c.dealers().count(Some(f), None).await.expect("count"), 2);
        assert_eq!(c.dealers().of_factory(f, None, 10).await.expect("list").len(), 2);
    }

    async fn dealer_stats_follow_counters_and_balance(db) {
        let (_, a, b) = plant(&db.store).await;
        let mut c = db.store.read().await.expect("conn");
        c.dealers().count_status_change(a, None, OrderStatus::Accepted).await.expect("new");
        c.dealers().count_status_change(a, None, OrderStatus::Accepted).await.expect("new");
        c.dealers().count_status_change(a, Some(OrderStatus::Accepted), OrderStatus::Shipped).await.expect("move");
        c.dealers().add_to_balance(a, 10_000).await.expect("balance");
        c.dealers().add_to_balance(a, -2_500).await.expect("balance");
        assert!(c.dealers().set_opening_balance(a, 1_000, "2025-01-01", 1).await.expect("opening"));
        assert!(!c.dealers().set_opening_balance(a, 5_000, "2025-01-01", 1).await.expect("same version is stale"));
        assert!(c.dealers().set_opening_balance(a, 2_000, "2025-01-01", 2).await.expect("newer"));
        let s = c.dealers().stats(&DealerScope::system(a)).await.expect("stats");
        assert_eq!(s.count(OrderStatus::Accepted), 1);
        assert_eq!(s.count(OrderStatus::Shipped), 1);
        assert_eq!(s.total_orders(), 2);
        assert_eq!(s.balance, Money::new(10_000 - 2_500 + 2_000, Currency::UAH));
        assert_eq!(c.dealers().opening_balance(&DealerScope::system(a)).await.expect("o"), (2_000, Some("2025-01-01".into())));
        assert_eq!(c.dealers().stats(&DealerScope::system(b)).await.expect("b").total_orders(), 0);
        assert_eq!(c.dealers().count_in_debt(None, 0).await.expect("debt"), 1);
    }

    async fn orders_and_constructions(db) {
        let (f, a, b) = plant(&db.store).await;
        let mut tx = db.store.begin().await.expect("tx");
        let Upserted::Inserted(id) = tx.orders().upsert_content(f, a, &order("KH-25-000001", &[1, 2, 3]), 1).await.expect("insert") else { panic!("insert") };
        assert_eq!(tx.orders().upsert_content(f, a, &order("KH-25-000001", &[1]), 1).await.expect("stale"), Upserted::Stale);
        assert!(matches!(tx.orders().upsert_content(f, b, &order("KH-25-000001", &[1]), 5).await, Err(StoreError::Conflict(_))));
        tx.commit().await.expect("commit");

        let mut c = db.store.read().await.expect("conn");
        let mine = DealerScope::system(a);
        let o = c.orders().get(&mine, id).await.expect("get").expect("found");
        assert_eq!((o.status, o.total_minor, o.timeline.len()), (OrderStatus::Accepted, 2_550_000, 1));
        assert_eq!(c.orders().get(&DealerScope::system(b), id).await.expect("foreign"), None, "another dealer's scope sees nothing");
        assert!(c.orders().constructions(&DealerScope::system(b), id).await.expect("foreign").is_empty());
        let (found, r) = c.orders().locate("KH", "KH-25-000001").await.expect("locate").expect("found");
        assert_eq!((found, r.id, r.factory), (id, a, f));
        assert_eq!(c.orders().locate("KH", "missing").await.expect("locate"), None);

        // Partial completion: construction 2 done, then the order moves on.
        c.orders().set_status(id, OrderStatus::InProduction, Timestamp(1_700_000_100_000), 2).await.expect("status");
        c.orders().set_construction_status(id, 2, OrderStatus::Manufactured, Timestamp(1_700_000_200_000)).await.expect("c2");
        assert!(matches!(c.orders().set_construction_status(id, 9, OrderStatus::Manufactured, Timestamp(0)).await, Err(StoreError::NotFound)));
        let st = c.orders().construction_statuses(id).await.expect("statuses");
        assert_eq!(st, vec![(1, OrderStatus::InProduction), (2, OrderStatus::Manufactured), (3, OrderStatus::InProduction)]);
        c.orders().set_status(id, OrderStatus::Ready, Timestamp(1_700_000_300_000), 3).await.expect("ready");
        let st = c.orders().construction_statuses(id).await.expect("statuses");
        assert!(st.iter().all(|(_, s)| *s == OrderStatus::Ready), "{st:?}");
        let head = c.orders().head(f, "KH-25-000001").await.expect("head").expect("found");
        assert_eq!((head.status, head.content_version, head.status_version), (OrderStatus::Ready, 1, 3));
        let o = c.orders().get(&mine, id).await.expect("get").expect("found");
        assert_eq!(o.timeline.iter().map(|(s, _)| *s).collect::<Vec<_>>(), vec![OrderStatus::Accepted, OrderStatus::InProduction, OrderStatus::Ready]);

        // A newer content version replaces, adds and removes constructions;
        // the new one joins at the order's status.
        let Upserted::Updated(same) = c.orders().upsert_content(f, a, &order("KH-25-000001", &[1, 3, 4]), 4).await.expect("update") else { panic!("update") };
        assert_eq!(same, id);
        let cs = c.orders().constructions(&mine, id).await.expect("cs");
        assert_eq!(cs.iter().map(|c| (c.position, c.status)).collect::<Vec<_>>(), vec![(1, OrderStatus::Ready), (3, OrderStatus::Ready), (4, OrderStatus::Ready)]);
        assert_eq!(cs[0].profile_system.as_deref(), Some("REHAU Euro-Design 70"));

        c.orders().add_money(id, OrderMoney::Paid, 1_000_000).await.expect("paid");
        c.orders().add_money(id, OrderMoney::DeliveryCharge, 50_000).await.expect("delivery");
        c.orders().add_money(id, OrderMoney::Compensation, 20_000).await.expect("comp");
        c.orders().add_money(id, OrderMoney::Adjustment, -5_000).await.expect("adj");
        let o = c.orders().get(&mine, id).await.expect("get").expect("found");
        assert_eq!(o.outstanding_minor(), 2_550_000 + 50_000 - 5_000 - 1_000_000 - 20_000);
        let recent = c.orders().recent_changes(&mine, 5).await.expect("recent");
        assert_eq!(recent.len(), 1);
        c.orders().set_status(id, OrderStatus::Cancelled, Timestamp(1_700_000_400_000), 5).await.expect("cancel");
        assert!(c.orders().construction_statuses(id).await.expect("st").iter().all(|(_, s)| *s == OrderStatus::Cancelled));
    }

    async fn shipments(db) {
        let (f, a, b) = plant(&db.store).await;
        let mut c = db.store.read().await.expect("conn");
        let Upserted::Inserted(o1) = c.orders().upsert_content(f, a, &order("N1", &[1]), 1).await.expect("o1") else { panic!() };
        let Upserted::Inserted(o2) = c.orders().upsert_content(f, b, &order("N2", &[1]), 1).await.expect("o2") else { panic!() };
        let trip = ShipmentContent {
            trip: "T-1".into(), vehicle: Some("AX 1234 KI".into()), driver_name: "Петро Коваль".into(),
            driver_phone: Phone::parse("+380671112233").expect("phone"), departed_at: Some(Timestamp(1)),
            planned_delivery_date: Some("2026-12-02".into()), delivered_at: None,
        };
        let Upserted::Inserted(s) = c.shipments().upsert(f, &trip, 1).await.expect("ship") else { panic!() };
        c.shipments().set_orders(s, &[(o1, a), (o2, b)]).await.expect("orders");
        c.shipments().set_orders(s, &[(o1, a), (o2, b)]).await.expect("replace is idempotent");
        c.orders().set_shipment(o1, s).await.expect("link");
        assert_eq!(c.shipments().upsert(f, &trip, 1).await.expect("stale"), Upserted::Stale);
        let delivered = ShipmentContent { delivered_at: Some(Timestamp(2)), ..trip.clone() };
        assert_eq!(c.shipments().upsert(f, &delivered, 2).await.expect("update"), Upserted::Updated(s));
        let got = c.shipments().for_order(&DealerScope::system(a), o1).await.expect("for").expect("found");
        assert_eq!((got.driver_phone.tel_uri().as_str(), got.delivered_at), ("tel:+380671112233", Some(Timestamp(2))));
        assert_eq!(c.shipments().for_order(&DealerScope::system(b), o1).await.expect("foreign"), None);
        assert_eq!(c.shipments().by_trip(f, "T-1").await.expect("trip").map(|(_, v)| v), Some(2));
    }

    async fn ledger(db) {
        let (f, a, b) = plant(&db.store).await;
        let mut c = db.store.read().await.expect("conn");
        let entry = |id: &str, kind, amount, on: &str| NewEntry {
            source_entry_id: id.into(), dealer_id: a, kind, amount_minor: amount, currency: Currency::UAH,
            posted_on: on.into(), order_id: None, order_number: None, description: Some("оплата".into()),
        };
        let e1 = c.ledger().insert(f, &entry("E1", LedgerKind::Charge, 10_000, "2026-01-05"), 1).await.expect("e1");
        c.ledger().insert(f, &entry("E2", LedgerKind::Payment, 4_000, "2026-01-10"), 1).await.expect("e2");
        c.ledger().insert(f, &entry("E3", LedgerKind::Payment, 1_000, "2026-02-01"), 1).await.expect("e3");
        assert!(matches!(c.ledger().insert(f, &entry("E1", LedgerKind::Charge, 1, "2026-01-05"), 1).await, Err(StoreError::Conflict(_))));
        c.ledger().void(e1, "помилка", 2).await.expect("void");
        assert!(matches!(c.ledger().void(e1, "again", 3).await, Err(StoreError::Conflict(_))));
        let (got, v) = c.ledger().by_source_id(f, "E1").await.expect("get").expect("found");
        assert!(got.voided && v == 2 && got.effect_minor() == 0);
        let jan = c.ledger().entries(&DealerScope::system(a), "2026-01-01", "2026-01-31").await.expect("jan");
        assert_eq!(jan.iter().map(|e| e.source_entry_id.as_str()).collect::<Vec<_>>(), vec!["E1", "E2"]);
        assert!(c.ledger().entries(&DealerScope::system(b), "2026-01-01", "2026-12-31").await.expect("b").is_empty());
        let mut replaced = entry("E3", LedgerKind::Payment, 1_500, "2026-02-01");
        replaced.description = None;
        let e3 = c.ledger().by_source_id(f, "E3").await.expect("e3").expect("found").0;
        c.ledger().replace(e3.id, &replaced, 2).await.expect("replace");
        assert_eq!(c.ledger().by_source_id(f, "E3").await.expect("e3").expect("found").0.amount_minor, 1_500);
    }

    async fn sessions_tokens_invitations(db) {
        let (f, a, _) = plant(&db.store).await;
        let u = user(&db.store, "a@dealer.ua", Role::DealerUser, Some(a), Some(f)).await;
        let mut c = db.store.read().await.expect("conn");
        let now = Timestamp(1_000_000);
        c.auth().create_session(&dealerdesk_store::auth::NewSession {
            token_hash: "h1", user_id: u, csrf_token: "csrf", now, expires_at: now.plus_seconds(60), ip: Some("10.0.0.1"), user_agent: None,
        }).await.expect("session");
        let s = c.auth().session("h1", now).await.expect("get").expect("live");
        assert_eq!((s.user_id, s.csrf_token.as_str()), (u, "csrf"));
        assert_eq!(c.auth().session("h1", now.plus_seconds(61)).await.expect("get"), None, "expired");
        c.auth().touch_session("h1", now.plus_seconds(30), now.plus_seconds(120)).await.expect("touch");
        assert!(c.auth().session("h1", now.plus_seconds(61)).await.expect("get").is_some(), "slid forward");
        assert_eq!(c.auth().delete_user_sessions(u, Some("h1")).await.expect("others"), 0);
        c.auth().delete_session("h1").await.expect("logout");
        assert_eq!(c.auth().session("h1", now).await.expect("get"), None);

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
        assert_eq!(c.settings().all().await.expect("all").len(), 1);

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
        c.dealers().upsert(f, &d, 2).await.expect("assign manager");
        let Upserted::Inserted(o) = c.orders().upsert_content(f, a, &order("N1", &[1]), 1).await.expect("o") else { panic!() };
        let mine = DealerScope::system(a);
        let r = c.reclamations().insert(&mine, &dealerdesk_store::reclamations::NewReclamation {
            factory_id: f, order_id: o, number: "R-1".into(), category: "glass".into(), description: "тріщина".into(), created_by: u, deadline_at: None,
        }).await.expect("reclamation");
        assert_eq!(c.reclamations().get(&mine, r).await.expect("get").map(|r| r.status), Some(ReclamationStatus::Submitted));
        assert_eq!(c.reclamations().get(&DealerScope::system(b), r).await.expect("foreign"), None);
        assert_eq!(c.reclamations().count_open(Some(f), None).await.expect("open"), 1);
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
