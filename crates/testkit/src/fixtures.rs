//! A small plant for tests that need people and data: two factories, three
//! dealers, a user of every role, an order per dealer.

use dealerdesk_app::App;
use dealerdesk_app::users::NewUserInput;
use dealerdesk_domain::{Currency, DealerId, FactoryId, OrderStatus, Role, Timestamp};
use dealerdesk_store::Repos;
use dealerdesk_store::dealers::{DealerContent, Upserted};
use dealerdesk_store::orders::{ConstructionContent, OrderContent};

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

fn dealer(code: &str, manager: Option<dealerdesk_domain::UserId>) -> DealerContent {
    DealerContent {
        code: code.into(),
        name: format!("ТОВ «Дилер {code}»"),
        short_name: Some(format!("Дилер {code}")),
        tax_id: None,
        region: Some("Харківська область".into()),
        city: Some("Харків".into()),
        address: None,
        phone: None,
        email: None,
        manager_id: manager,
        active: true,
    }
}

fn order(number: &str) -> OrderContent {
    OrderContent {
        number: number.into(),
        customer_ref: None,
        accepted_at: Timestamp(1_780_000_000_000),
        planned_ship_date: None,
        currency: Currency::UAH,
        total_minor: 1_000_000,
        constructions: vec![ConstructionContent {
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
    }
}

pub async fn plant(app: &App) -> Plant {
    let kh = app
        .add_factory("KH", "Харківський завод", None)
        .await
        .expect("KH")
        .id;
    let pl = app
        .add_factory("PL", "Полтавський завод", None)
        .await
        .expect("PL")
        .id;
    add_user(app, who::MANAGER, Role::Manager, None, Some("KH")).await;
    add_user(app, who::MANAGER2, Role::Manager, None, Some("KH")).await;
    let (m1, m2) = {
        let mut c = app.store.read().await.expect("conn");
        let managers = c.users().staff(kh, Role::Manager).await.expect("managers");
        let id = |e: &str| {
            managers
                .iter()
                .find(|u| u.email.as_str() == e)
                .map(|u| u.id)
        };
        (id(who::MANAGER), id(who::MANAGER2))
    };
    let mut tx = app.store.begin().await.expect("tx");
    let up = |u: Upserted<DealerId>| match u {
        Upserted::Inserted(id) => id,
        other => panic!("dealer not inserted: {other:?}"),
    };
    let d1 = up(tx
        .dealers()
        .upsert(kh, &dealer("KH-D1", m1), 1)
        .await
        .expect("d1"));
    let d2 = up(tx
        .dealers()
        .upsert(kh, &dealer("KH-D2", m2), 1)
        .await
        .expect("d2"));
    let d3 = up(tx
        .dealers()
        .upsert(pl, &dealer("PL-D1", None), 1)
        .await
        .expect("d3"));
    for (f, d, n) in [(kh, d1, "KH-1"), (kh, d2, "KH-2"), (pl, d3, "PL-1")] {
        tx.orders()
            .upsert_content(f, d, &order(n), 1)
            .await
            .expect("order");
        tx.dealers()
            .count_status_change(d, None, OrderStatus::Accepted)
            .await
            .expect("count");
    }
    tx.dealers()
        .add_to_balance(d1, 250_000)
        .await
        .expect("balance");
    tx.commit().await.expect("commit");
    add_user(
        app,
        who::DEALER_ADMIN,
        Role::DealerAdmin,
        Some("KH-D1"),
        None,
    )
    .await;
    add_user(app, who::DEALER_USER, Role::DealerUser, Some("KH-D1"), None).await;
    add_user(
        app,
        who::DEALER_USER_FINANCE,
        Role::DealerUser,
        Some("KH-D1"),
        None,
    )
    .await;
    add_user(app, who::HEAD_OF_SALES, Role::HeadOfSales, None, Some("KH")).await;
    add_user(
        app,
        who::SPECIALIST,
        Role::ReclamationSpecialist,
        None,
        Some("KH"),
    )
    .await;
    add_user(app, who::FINANCE, Role::Finance, None, Some("KH")).await;
    add_user(app, who::CONTENT, Role::ContentManager, None, Some("KH")).await;
    add_user(app, who::ADMIN, Role::Admin, None, None).await;
    add_user(
        app,
        who::OTHER_DEALER_ADMIN,
        Role::DealerAdmin,
        Some("KH-D2"),
        None,
    )
    .await;
    add_user(
        app,
        who::OTHER_FACTORY_HEAD,
        Role::HeadOfSales,
        None,
        Some("PL"),
    )
    .await;
    add_user(
        app,
        who::OTHER_FACTORY_DEALER,
        Role::DealerAdmin,
        Some("PL-D1"),
        None,
    )
    .await;
    {
        let mut c = app.store.read().await.expect("conn");
        let u = c
            .users()
            .by_email(&dealerdesk_domain::Email::parse(who::DEALER_USER_FINANCE).expect("e"))
            .await
            .expect("u")
            .expect("found");
        c.users()
            .set_finance_allowed(u.id, true)
            .await
            .expect("grant");
    }
    Plant {
        kh,
        pl,
        d1,
        d2,
        d3,
        orders: ["KH-1", "KH-2", "PL-1"],
    }
}
