//! Shared set-up for the store tests: a factory with two dealers and
//! orders, written with the same set-based statements the sync appliers use.
#![allow(dead_code)]

use dealerdesk_domain::model::Language;
use dealerdesk_domain::*;
use dealerdesk_store::dealers::DealerContent;
use dealerdesk_store::orders::{ConstructionContent, OrderContent};
use dealerdesk_store::syncbatch::{NewDealer, NewOrder};
use dealerdesk_store::users::NewUser;
use dealerdesk_store::{Conn, Repos, Store};

pub fn dealer(code: &str, manager: Option<UserId>) -> DealerContent {
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

pub fn construction(position: i64) -> ConstructionContent {
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

pub fn order_content(number: &str, positions: &[i64]) -> OrderContent {
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

/// A factory `KH` with dealers `KH-D1` and `KH-D2`.
pub async fn plant(store: &Store) -> (FactoryId, DealerId, DealerId) {
    let mut tx = store.begin().await.expect("begin");
    let f = tx
        .factories()
        .insert("KH", "Харківський завод", "Europe/Kyiv")
        .await
        .expect("factory");
    let rows = vec![
        NewDealer {
            content: dealer("KH-D1", None),
            version: 1,
            currency: Currency::UAH,
        },
        NewDealer {
            content: dealer("KH-D2", None),
            version: 1,
            currency: Currency::UAH,
        },
    ];
    let ids = tx
        .sync_batch()
        .insert_dealers(f.id, &rows)
        .await
        .expect("dealers");
    let id = |code: &str| {
        ids.iter()
            .find(|(c, _)| c == code)
            .map(|(_, id)| *id)
            .expect("id")
    };
    let (a, b) = (id("KH-D1"), id("KH-D2"));
    tx.commit().await.expect("commit");
    (f.id, a, b)
}

/// An accepted order with constructions at `positions`, as the appliers
/// insert a new one.
pub async fn order(
    c: &mut Conn,
    factory: FactoryId,
    dealer: DealerId,
    number: &str,
    positions: &[i64],
) -> OrderId {
    let content = order_content(number, positions);
    let mut timeline: [Option<Timestamp>; 7] = Default::default();
    timeline[0] = Some(content.accepted_at);
    let row = NewOrder {
        dealer_id: dealer,
        status: OrderStatus::Accepted,
        status_at: content.accepted_at,
        content_version: 1,
        status_version: 0,
        timeline,
        money: [0; 4],
        content: content.clone(),
    };
    let ids = c
        .sync_batch()
        .insert_orders(factory, &[row])
        .await
        .expect("order");
    let id = ids[0].1;
    let rows: Vec<_> = content
        .constructions
        .iter()
        .map(|k| dealerdesk_store::syncbatch::ConstructionRow {
            order_id: id,
            dealer_id: dealer,
            content: k.clone(),
            status: OrderStatus::Accepted,
            status_at: content.accepted_at,
        })
        .collect();
    c.sync_batch()
        .upsert_constructions(&rows)
        .await
        .expect("constructions");
    id
}

pub async fn user(
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
