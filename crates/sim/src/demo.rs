//! The demo plant of `serve --demo` and `dealerdesk demo`: the generator's
//! event history applied through the sync appliers (the one path data
//! takes), plus the people of the plant and of each dealer.
//!
//! Every demo user's password is `demo`. It is hashed once and the hash is
//! shared: hashing 700 passwords with argon2id would take most of a minute,
//! and a demo password is public anyway.

use crate::generator::{FactoryPlan, PlantConfig, PlantGenerator, Reference, ScaleOptions};
use dealerdesk_app::App;
use dealerdesk_domain::model::{Factory, Language};
use dealerdesk_domain::{Email, FactoryId, Role, Timestamp};
use dealerdesk_store::users::NewUser;
use dealerdesk_store::{Repos, StoreError};
use dealerdesk_sync::apply::{ApplyError, Outcome, Target, apply_batch};
use std::collections::HashMap;
use std::time::{Duration, Instant};

pub const DEMO_PASSWORD: &str = "demo";

#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub seed: u64,
    pub dealers_per_factory: usize,
    pub orders: usize,
    /// The history ends today and starts this many days earlier.
    pub days: i64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        Self {
            seed: 2026,
            dealers_per_factory: 160,
            orders: 52_000,
            days: 730,
        }
    }
}

/// A login worth printing.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub email: String,
    pub role: Role,
    pub note: String,
}

#[derive(Debug, Clone)]
pub struct DemoReport {
    pub created: bool,
    pub factories: usize,
    pub dealers: usize,
    pub users: usize,
    pub orders: usize,
    pub events: u64,
    pub elapsed: Duration,
    pub logins: Vec<DemoLogin>,
    /// The heavy dealer's code and order count, when the plant has one
    /// ([`ScaleOptions::heavy_dealer_orders`]).
    pub heavy_dealer: Option<(String, u64)>,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    App(#[from] dealerdesk_app::AppError),
    #[error("generator: {0}")]
    Config(#[from] crate::generator::ConfigError),
    #[error(transparent)]
    Apply(#[from] ApplyError),
    #[error("event {event_id} was not applied: {reason}")]
    NotApplied { event_id: String, reason: String },
}

impl From<dealerdesk_store::SqlxError> for DemoError {
    fn from(e: dealerdesk_store::SqlxError) -> Self {
        DemoError::Store(e.into())
    }
}

const FACTORIES: [(&str, &str); 2] = [
    ("KH", "Харківський завод вікон і дверей"),
    ("PL", "Полтавський завод алюмінієвих конструкцій"),
];

/// Events per transaction: large enough that commits are not the cost,
/// small enough that the single SQLite writer is free again quickly.
const BATCH: usize = 5_000;

/// Half of the dealer admins let their staff see finance (the dealers at
/// even positions), so the demo shows both cases.
fn grants_finance(dealer_index: usize) -> bool {
    dealer_index.is_multiple_of(2)
}

pub(crate) fn dealer_login(prefix: &str, dealer_code: &str) -> String {
    format!("{prefix}@{}.demo", dealer_code.to_lowercase())
}

/// Fills an empty database with the demo plant. On a database that already
/// has factories it changes nothing and reports `created: false` with the
/// logins. `progress(done, total)` is called as events are applied.
/// (The work is done by [`seed_scaled`], with the demo's usual shape.)
pub async fn seed(
    app: &App,
    opts: &DemoOptions,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<DemoReport, DemoError> {
    seed_scaled(app, opts, &ScaleOptions::default(), progress).await
}

/// [`seed`] with the plant reshaped for load tests: a heavy dealer with a
/// fixed number of orders, attachment files on fewer orders
/// (`dealerdesk demo --heavy-dealer-orders N --files-every N`). The data
/// takes the same path: the generator's events through the appliers.
pub async fn seed_scaled(
    app: &App,
    opts: &DemoOptions,
    scale: &ScaleOptions,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<DemoReport, DemoError> {
    let started = Instant::now();
    let generator = plant(opts, scale)?;
    let existing = app.store.read().await?.factories().list().await?;
    if !existing.is_empty() {
        return Ok(DemoReport {
            created: false,
            factories: existing.len(),
            dealers: 0,
            users: 0,
            orders: 0,
            events: 0,
            elapsed: started.elapsed(),
            logins: logins(&generator, &generator.reference()),
            heavy_dealer: generator.heavy_dealer(),
        });
    }
    let hash = dealerdesk_app::password::hash(DEMO_PASSWORD, app.config.argon2).await?;
    let mut factories: HashMap<String, Factory> = HashMap::new();
    let mut users = 0usize;
    for (code, name) in FACTORIES {
        let f = app.add_factory(code, name, Some("Europe/Kyiv")).await?;
        factories.insert(code.to_owned(), f);
    }
    let mut tx = app.store.begin().await?;
    let add = async |tx: &mut dealerdesk_store::Conn,
                     email: String,
                     name: String,
                     role: Role,
                     factory: Option<FactoryId>,
                     dealer|
           -> Result<(), DemoError> {
        tx.users()
            .insert(&NewUser {
                email: Email::parse(&email).map_err(|e| DemoError::NotApplied {
                    event_id: email.clone(),
                    reason: e.to_string(),
                })?,
                display_name: name,
                role,
                dealer_id: dealer,
                factory_id: factory,
                password_hash: Some(hash.clone()),
                language: Language::Uk,
                finance_allowed: false,
            })
            .await?;
        Ok(())
    };
    add(
        &mut tx,
        "admin@dealerdesk.demo".into(),
        "Адміністратор системи".into(),
        Role::Admin,
        None,
        None,
    )
    .await?;
    users += 1;
    for (code, f) in &factories {
        let lower = code.to_lowercase();
        let staff = [
            ("head", "Керівник відділу продажів", Role::HeadOfSales),
            (
                "reclamations",
                "Спеціаліст з рекламацій",
                Role::ReclamationSpecialist,
            ),
            ("finance", "Фінансист", Role::Finance),
            ("content", "Контент-менеджер", Role::ContentManager),
        ];
        for (who, name, role) in staff {
            add(
                &mut tx,
                format!("{who}@{lower}.demo"),
                format!("{name} ({code})"),
                role,
                Some(f.id),
                None,
            )
            .await?;
            users += 1;
        }
        for (i, email) in generator.manager_emails(code).into_iter().enumerate() {
            add(
                &mut tx,
                email,
                format!("Менеджер {} ({code})", i + 1),
                Role::Manager,
                Some(f.id),
                None,
            )
            .await?;
            users += 1;
        }
    }
    tx.commit().await?;

    // The plant's history, through the appliers, in batches. The end state
    // (a run of the simulation without keeping its events) gives the total
    // for the progress and, later, the logins.
    let reference = generator.reference();
    let total = reference
        .sent
        .values()
        .map(|s| s.production + s.accounting)
        .sum::<u64>();
    let mut done = 0u64;
    let mut events = generator.events();
    loop {
        let batch: Vec<_> = events.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        // Entities never span factories, so each factory's share of the
        // batch can be applied on its own, in order.
        let mut tx = app.store.begin().await?;
        for (code, factory) in &factories {
            let events: Vec<_> = batch
                .iter()
                .filter(|s| &s.factory_code == code)
                .map(|s| s.event.clone())
                .collect();
            if events.is_empty() {
                continue;
            }
            let target = Target {
                factory,
                blobs: app.store.blobs(),
            };
            let outcomes = apply_batch(&mut tx, &target, &events).await?;
            if let Some((e, o)) = events
                .iter()
                .zip(&outcomes)
                .find(|(_, o)| **o != Outcome::Applied)
            {
                return Err(DemoError::NotApplied {
                    event_id: e.event_id.clone(),
                    reason: format!("{o:?}"),
                });
            }
        }
        if let Some(s) = batch
            .iter()
            .find(|s| !factories.contains_key(&s.factory_code))
        {
            return Err(DemoError::NotApplied {
                event_id: s.event.event_id.clone(),
                reason: format!("unknown factory {}", s.factory_code),
            });
        }
        tx.commit().await?;
        done += batch.len() as u64;
        progress(done, total);
        // The tables grow fast; keep the planner's picture of them current.
        if (done / BATCH as u64) % 8 == 1 {
            app.store.analyze().await?;
        }
    }
    // As the server's janitor does each night: the bulk load left the
    // search index in many segments, and a word search looks in each.
    app.store.compact_order_search().await?;

    // Each dealer's people: an administrator and a member of staff.
    let mut dealers = 0usize;
    let mut tx = app.store.begin().await?;
    for code in factories.keys() {
        for (i, dealer_code) in generator.dealer_codes(code).into_iter().enumerate() {
            let Some(d) = tx.dealers().by_code(&dealer_code).await? else {
                continue;
            };
            dealers += 1;
            add(
                &mut tx,
                dealer_login("admin", &dealer_code),
                format!("Адміністратор {}", d.display_name()),
                Role::DealerAdmin,
                Some(d.factory_id),
                Some(d.id),
            )
            .await?;
            add(
                &mut tx,
                dealer_login("user", &dealer_code),
                format!("Менеджер салону {}", d.display_name()),
                Role::DealerUser,
                Some(d.factory_id),
                Some(d.id),
            )
            .await?;
            users += 2;
            // Half of the dealer admins let their staff see finance.
            if i % 2 == 0
                && let Some(u) = tx
                    .users()
                    .by_email(
                        &Email::parse(&dealer_login("user", &dealer_code))
                            .map_err(dealerdesk_app::AppError::from)?,
                    )
                    .await?
            {
                tx.users().set_finance_allowed(u.id, true).await?;
            }
        }
    }
    tx.commit().await?;
    news(app, &factories).await?;
    crate::content::seed(app, &factories).await?;
    // A few reclamations at every point of their life, per factory.
    for code in factories.keys() {
        let mut codes = generator.dealer_codes(code);
        if let Some(p) = generator
            .heavy_dealer()
            .and_then(|(heavy, _)| codes.iter().position(|c| *c == heavy))
        {
            let heavy = codes.remove(p);
            codes.insert(0, heavy);
        }
        crate::demo_reclamations::seed(app, code, &codes).await?;
        let manager = generator.manager_emails(code).into_iter().next();
        crate::demo_crm::seed(app, code, manager.as_deref()).await?;
    }
    // The analytics' monthly sales, counted once for the whole history.
    app.recount_all_sales().await?;
    // Notifications start from now: the two years of history are not news.
    let mut tx = app.store.begin().await?;
    let last = tx.outbox().last_id().await?;
    tx.outbox()
        .set_cursor(dealerdesk_store::outbox::NOTIFICATIONS, last)
        .await?;
    tx.commit().await?;
    Ok(DemoReport {
        created: true,
        factories: factories.len(),
        dealers,
        users,
        orders: reference.orders.len(),
        events: done,
        elapsed: started.elapsed(),
        logins: logins(&generator, &reference),
        heavy_dealer: generator.heavy_dealer(),
    })
}

fn plant(opts: &DemoOptions, scale: &ScaleOptions) -> Result<PlantGenerator, DemoError> {
    let today = time::OffsetDateTime::now_utc().date();
    let start = today - time::Duration::days(opts.days);
    Ok(PlantGenerator::with_scale(
        PlantConfig {
            seed: opts.seed,
            factories: FACTORIES
                .iter()
                .map(|(c, _)| FactoryPlan::new(*c))
                .collect(),
            dealers_per_factory: opts.dealers_per_factory,
            orders: opts.orders,
            start,
            end: today,
        },
        scale.clone(),
    )?)
}

async fn news(app: &App, factories: &HashMap<String, Factory>) -> Result<(), DemoError> {
    let mut tx = app.store.begin().await?;
    let author = tx
        .users()
        .by_email(&Email::parse("admin@dealerdesk.demo").map_err(dealerdesk_app::AppError::from)?)
        .await?
        .map(|u| u.id);
    let Some(author) = author else { return Ok(()) };
    let now = Timestamp::now();
    let items: [(Option<&str>, &str, &str, i64); 4] = [
        (
            None,
            "Новий профіль WDS 6S у виробництві",
            "З понеділка приймаємо замовлення на **WDS 6S** — шестикамерний профіль для енергоощадних вікон.",
            2,
        ),
        (
            Some("KH"),
            "Графік роботи на святкові дні",
            "31 грудня та 1 січня відвантажень не буде. Замовлення, прийняті до 24 грудня, відвантажимо до свят.",
            6,
        ),
        (
            Some("PL"),
            "Оновлено прайс на алюмінієві системи",
            "Нові ціни діють для замовлень, прийнятих з 1-го числа наступного місяця.",
            11,
        ),
        (
            None,
            "Портал дилерів DealerDesk запущено",
            "Тепер статуси замовлень, відвантаження та взаєморозрахунки — в одному місці, без дзвінків.",
            30,
        ),
    ];
    for (factory, title, body, days_ago) in items {
        let f = factory.and_then(|c| factories.get(c)).map(|f| f.id);
        let id = tx.news().insert_draft(f, title, body, author).await?;
        tx.news()
            .publish(id, now.plus_seconds(-days_ago * 86_400))
            .await?;
    }
    tx.news()
        .insert_draft(
            None,
            "Чернетка: нові кольори ламінації",
            "Горіх, антрацит, золотий дуб — у наступному випуску.",
            author,
        )
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The logins the README and `serve --demo` print.
fn logins(generator: &PlantGenerator, reference: &Reference) -> Vec<DemoLogin> {
    // Each factory's dealer with the most orders: every status is there.
    let mut counts: HashMap<(String, String), usize> = HashMap::new();
    for o in reference.orders.values() {
        *counts
            .entry((o.factory_code.clone(), o.dealer_code.clone()))
            .or_default() += 1;
    }
    let mut busiest: HashMap<String, String> = HashMap::new();
    let mut ranked: Vec<_> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for ((factory, dealer), _) in ranked {
        busiest.entry(factory).or_insert(dealer);
    }
    let mut out = vec![DemoLogin {
        email: "admin@dealerdesk.demo".into(),
        role: Role::Admin,
        note: "all factories".into(),
    }];
    if let Some((code, orders)) = generator.heavy_dealer() {
        out.push(DemoLogin {
            email: dealer_login("admin", &code),
            role: Role::DealerAdmin,
            note: format!("dealer {code}, the heavy dealer ({orders} orders)"),
        });
    }
    for (code, _) in FACTORIES {
        let lower = code.to_lowercase();
        out.push(DemoLogin {
            email: format!("head@{lower}.demo"),
            role: Role::HeadOfSales,
            note: format!("all dealers of {code}"),
        });
        if let Some(m) = generator.manager_emails(code).into_iter().next() {
            out.push(DemoLogin {
                email: m,
                role: Role::Manager,
                note: format!("assigned dealers of {code}"),
            });
        }
        for (who, role) in [
            ("reclamations", Role::ReclamationSpecialist),
            ("finance", Role::Finance),
            ("content", Role::ContentManager),
        ] {
            out.push(DemoLogin {
                email: format!("{who}@{lower}.demo"),
                role,
                note: code.to_owned(),
            });
        }
        if let Some(d) = busiest.get(code) {
            out.push(DemoLogin {
                email: dealer_login("admin", d),
                role: Role::DealerAdmin,
                note: format!("dealer {d}, the factory's busiest"),
            });
            let index = generator
                .dealer_codes(code)
                .iter()
                .position(|c| c == d)
                .unwrap_or(1);
            let finance = if grants_finance(index) {
                "may see finance"
            } else {
                "finance hidden by the dealer admin"
            };
            out.push(DemoLogin {
                email: dealer_login("user", d),
                role: Role::DealerUser,
                note: format!("dealer {d}, {finance}"),
            });
        }
    }
    out
}
