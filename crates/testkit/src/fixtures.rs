//! A small plant for tests that need people and data: two factories, three
//! dealers, a user of every role, an order per dealer.

use dealerdesk_app::App;
use dealerdesk_app::users::NewUserInput;
use dealerdesk_domain::model::Factory;
use dealerdesk_domain::{Currency, DealerId, Email, FactoryId, LedgerKind, Role, Timestamp};
use dealerdesk_store::Repos;
use dealerdesk_sync::apply::{Outcome, Target, apply_batch};
use dealerdesk_sync::events::*;

pub const PASSWORD: &str = "password-123";

/// Who is who in the fixture plant. Factory `KH` has dealers `KH-D1`
/// (managed by `manager@kh.test`) and `KH-D2` (by `manager2@kh.test`);
/// factory `PL` has dealer `PL-D1`.
pub struct Plant {
    pub kh: FactoryId,
    pub pl: FactoryId,
    pub d1: DealerId,
    pub d2: DealerId,
    pub d3: DealerId,
    /// Order numbers, one per dealer: `KH-1` (d1), `KH-2` (d2), `PL-1` (d3).
    pub orders: [&'static str; 3],
}

pub mod who {
    pub const DEALER_ADMIN: &str = "admin@d1.test";
    pub const DEALER_USER: &str = "user@d1.test";
    pub const DEALER_USER_FINANCE: &str = "finance-user@d1.test";
    pub const MANAGER: &str = "manager@kh.test";
    pub const MANAGER2: &str = "manager2@kh.test";
    pub const HEAD_OF_SALES: &str = "head@kh.test";
    pub const SPECIALIST: &str = "reclamations@kh.test";
    pub const FINANCE: &str = "finance@kh.test";
    pub const CONTENT: &str = "content@kh.test";
    pub const ADMIN: &str = "admin@plant.test";
    pub const OTHER_DEALER_ADMIN: &str = "admin@d2.test";
    pub const OTHER_FACTORY_HEAD: &str = "head@pl.test";
    pub const OTHER_FACTORY_DEALER: &str = "admin@pl-d1.test";
}

async fn add_user(app: &App, email: &str, role: Role, dealer: Option<&str>, factory: Option<&str>) {
    app.create_user(
        &NewUserInput {
            email: email.into(),
            display_name: Some(email.split('@').next().unwrap_or(email).into()),
            role: role.as_str().into(),
            dealer_code: dealer.map(Into::into),
            factory_code: factory.map(Into::into),
            password: Some(PASSWORD.into()),
            language: None,
        },
        None,
    )
    .await
    .unwrap_or_else(|e| panic!("fixture user {email}: {e:?}"));
}

fn event(id: &str, data: EventData) -> Event {
    Event {
        event_id: id.into(),
        occurred_at: Timestamp(1_780_000_000_000),
        version: 1,
        data,
    }
}

fn dealer(code: &str, manager: Option<&str>) -> EventData {
    EventData::DealerUpserted(DealerUpserted {
        code: code.into(),
        name: format!("ТОВ «Дилер {code}»"),
        short_name: Some(format!("Дилер {code}")),
        tax_id: None,
        region: Some("Харківська область".into()),
        city: Some("Харків".into()),
        address: None,
        phone: None,
        email: None,
        manager_email: manager.and_then(|m| Email::parse(m).ok()),
        active: true,
    })
}

fn order(number: &str, dealer: &str) -> EventData {
    EventData::OrderUpserted(OrderUpserted {
        number: number.into(),
        dealer_code: dealer.into(),
        accepted_at: Timestamp(1_780_000_000_000),
        customer_ref: None,
        planned_ship_date: None,
        currency: Currency::UAH,
        total_minor: 1_000_000,
        constructions: vec![ConstructionData {
            position: 1,
            kind: dealerdesk_domain::ConstructionKind::Window,
            name: "Вікно".into(),
            width_mm: 1200,
            height_mm: 1400,
            profile_system: None,
            glass_unit: None,
            colour: None,
            fittings: None,
            quantity: 1,
            price_minor: 1_000_000,
        }],
    })
}

/// Applies a factory's events the way synced data arrives: through the
/// sync appliers, the one path data takes.
async fn apply(app: &App, factory: &Factory, events: Vec<Event>) {
    let mut tx = app.store.begin().await.expect("tx");
    let target = Target {
        factory,
        blobs: app.store.blobs(),
    };
    let outcomes = apply_batch(&mut tx, &target, &events).await.expect("apply");
    assert!(
        outcomes.iter().all(|o| *o == Outcome::Applied),
        "fixture events apply: {outcomes:?}"
    );
    tx.commit().await.expect("commit");
}

async fn dealer_id(app: &App, code: &str) -> DealerId {
    let mut c = app.store.read().await.expect("conn");
    c.dealers()
        .by_code(code)
        .await
        .expect("dealer")
        .map(|d| d.id)
        .expect("known dealer")
}

pub async fn plant(app: &App) -> Plant {
    let kh = app
        .add_factory("KH", "Харківський завод", None)
        .await
        .expect("KH");
    let pl = app
        .add_factory("PL", "Полтавський завод", None)
        .await
        .expect("PL");
    add_user(app, who::MANAGER, Role::Manager, None, Some("KH")).await;
    add_user(app, who::MANAGER2, Role::Manager, None, Some("KH")).await;
    // KH-D1 owes 2,500.00 UAH.
    let charge = EventData::LedgerEntryPosted(LedgerEntryPosted {
        entry_id: "E-1".into(),
        dealer_code: "KH-D1".into(),
        kind: LedgerKind::Charge,
        amount_minor: 250_000,
        currency: Currency::UAH,
        posted_on: "2026-06-01".into(),
        order_number: None,
        description: Some("Залишок".into()),
    });
    apply(
        app,
        &kh,
        vec![
            event("d1", dealer("KH-D1", Some(who::MANAGER))),
            event("d2", dealer("KH-D2", Some(who::MANAGER2))),
            event("o1", order("KH-1", "KH-D1")),
            event("o2", order("KH-2", "KH-D2")),
            event("e1", charge),
        ],
    )
    .await;
    apply(
        app,
        &pl,
        vec![
            event("d3", dealer("PL-D1", None)),
            event("o3", order("PL-1", "PL-D1")),
        ],
    )
    .await;
    let (d1, d2, d3) = (
        dealer_id(app, "KH-D1").await,
        dealer_id(app, "KH-D2").await,
        dealer_id(app, "PL-D1").await,
    );
    for (email, role, dealer) in [
        (who::DEALER_ADMIN, Role::DealerAdmin, Some("KH-D1")),
        (who::DEALER_USER, Role::DealerUser, Some("KH-D1")),
        (who::DEALER_USER_FINANCE, Role::DealerUser, Some("KH-D1")),
        (who::OTHER_DEALER_ADMIN, Role::DealerAdmin, Some("KH-D2")),
        (who::OTHER_FACTORY_DEALER, Role::DealerAdmin, Some("PL-D1")),
    ] {
        add_user(app, email, role, dealer, None).await;
    }
    for (email, role, factory) in [
        (who::HEAD_OF_SALES, Role::HeadOfSales, Some("KH")),
        (who::SPECIALIST, Role::ReclamationSpecialist, Some("KH")),
        (who::FINANCE, Role::Finance, Some("KH")),
        (who::CONTENT, Role::ContentManager, Some("KH")),
        (who::ADMIN, Role::Admin, None),
        (who::OTHER_FACTORY_HEAD, Role::HeadOfSales, Some("PL")),
    ] {
        add_user(app, email, role, None, factory).await;
    }
    let mut c = app.store.read().await.expect("conn");
    let u = c
        .users()
        .by_email(&Email::parse(who::DEALER_USER_FINANCE).expect("e"))
        .await
        .expect("u")
        .expect("found");
    c.users()
        .set_finance_allowed(u.id, true)
        .await
        .expect("grant");
    content(&mut c, kh.id, pl.id, u.id).await;
    Plant {
        kh: kh.id,
        pl: pl.id,
        d1,
        d2,
        d3,
        orders: ["KH-1", "KH-2", "PL-1"],
    }
}

/// Factory information the permission matrix asks for by id and slug. A
/// fresh database numbers them in this order on both engines:
/// news 1 — KH, 2 — PL, 3 — every factory, 4 — a KH draft;
/// pages `kh-products` (KH), `pl-products` (PL), `schedule-all` (every
/// factory), `kh-draft` (a KH draft).
pub mod content {
    pub const NEWS_KH: &str = "/news/1";
    pub const NEWS_PL: &str = "/news/2";
    pub const NEWS_ALL: &str = "/news/3";
    pub const NEWS_DRAFT: &str = "/news/4";
}

async fn content(
    c: &mut dealerdesk_store::Conn,
    kh: dealerdesk_domain::FactoryId,
    pl: dealerdesk_domain::FactoryId,
    author: dealerdesk_domain::UserId,
) {
    use dealerdesk_domain::model::InfoSection;
    use dealerdesk_store::info::NewInfoPage;
    let at = Timestamp(1_790_000_000_000);
    for (i, (factory, title, publish)) in [
        (Some(kh), "Новий профіль у KH", true),
        (Some(pl), "Новини PL", true),
        (None, "Для всіх заводів", true),
        (Some(kh), "Чернетка KH", false),
    ]
    .into_iter()
    .enumerate()
    {
        let id = c
            .news()
            .insert_draft(factory, title, &format!("Текст **{title}**."), author)
            .await
            .expect("news");
        assert_eq!(id.0, i64::try_from(i + 1).expect("small"), "fresh ids");
        if publish {
            c.news()
                .publish(id, Timestamp(at.0 + i64::try_from(i).expect("small")))
                .await
                .expect("publish");
        }
    }
    for (factory, section, slug, publish) in [
        (Some(kh), InfoSection::Reference, "kh-products", true),
        (Some(pl), InfoSection::Reference, "pl-products", true),
        (None, InfoSection::Schedule, "schedule-all", true),
        (Some(kh), InfoSection::Reference, "kh-draft", false),
    ] {
        c.info()
            .insert(&NewInfoPage {
                factory_id: factory,
                section,
                topic: Some("products"),
                slug,
                title: slug,
                body_markdown: "Сторінка",
                position: 0,
                published_at: publish.then_some(at),
                author_id: None,
            })
            .await
            .expect("info page");
    }
}

/// A 1×1 PNG: the smallest real photo.
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// The first reclamation of a fresh plant: filed by the dealer user on
/// `KH-1` (its first construction, category glass, one photo). Its number
/// is [`RECLAMATION`] on both engines.
pub async fn reclamation(app: &App) -> String {
    let user = app
        .store
        .read()
        .await
        .expect("conn")
        .users()
        .by_email(&Email::parse(who::DEALER_USER).expect("e"))
        .await
        .expect("user")
        .expect("found");
    let actor = user.actor().expect("actor");
    let number = app
        .file_reclamation(
            &actor,
            "KH",
            "KH-1",
            dealerdesk_app::reclamations::Filing {
                constructions: vec![1],
                category: "glass".into(),
                description: "Тріщина склопакета".into(),
                photos: vec![dealerdesk_app::reclamations::Upload {
                    file_name: "crack.png".into(),
                    bytes: PNG.to_vec(),
                }],
            },
        )
        .await
        .expect("file");
    assert_eq!(number, RECLAMATION, "a fresh plant's first reclamation");
    number
}

pub const RECLAMATION: &str = "KH-R-00001";
