//! The one-shot commands. Results go to standard output (a key or link
//! alone on the last line, for scripts); logs go to standard error.

use crate::settings::Settings;
use anyhow::{Context, Result, anyhow};
use dealerdesk_app::users::{Created, NewUserInput};
use dealerdesk_app::{App, AppError};
use dealerdesk_store::{Store, StoreOptions};

pub async fn open(settings: &Settings) -> Result<App> {
    let options = StoreOptions {
        blobs: dealerdesk_store::BlobStore::open(
            Some(settings.uploads_url.0.as_str()),
            settings.data_dir.join("blobs"),
        )
        .context("uploads_url")?,
        max_connections: connections(settings),
        ..StoreOptions::default()
    };
    let store = Store::connect(&settings.database_url.0, &options)
        .await
        .with_context(|| {
            format!(
                "opening the database {}",
                dealerdesk_store::redact_url(&settings.database_url.0)
            )
        })?;
    store.migrate().await.context("applying migrations")?;
    Ok(App::new(store, settings.app_config()))
}

/// The read pool's size: the setting, or by default 16 on PostgreSQL and,
/// on SQLite, two per core (at least 4, at most 16). Each SQLite connection
/// is a thread of its own that hands every row to the request's task;
/// with many more of them than cores, pages wait on thread switches. On the
/// 2-core benchmark machine 4 served the orders list 8–30 % faster than 16,
/// and 2 made requests queue for a connection (docs/benchmarks.md).
fn connections(settings: &Settings) -> u32 {
    match settings.database_connections {
        0 if settings.database_url.0.starts_with("sqlite:") => {
            let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
            u32::try_from(cores * 2).unwrap_or(16).clamp(4, 16)
        }
        0 => StoreOptions::default().max_connections,
        // A transaction and a read beside it need two.
        n => n.max(2),
    }
}

/// Turns a use case's refusal into a message a person can act on.
pub fn explain(e: AppError) -> anyhow::Error {
    match e {
        AppError::Invalid(fields) => anyhow!(
            fields
                .iter()
                .map(|f| format!("{}: {}", f.field, f.message))
                .collect::<Vec<_>>()
                .join("\n")
        ),
        other => anyhow!(other),
    }
}

pub async fn insert_ceiling(settings: &Settings, rows: usize, per_tx: usize) -> Result<()> {
    let app = open(settings).await?;
    let took = app
        .store
        .insert_ceiling(rows, per_tx)
        .await
        .context("inserting")?;
    let secs = took.as_secs_f64().max(1e-9);
    println!(
        "inserted {rows} rows in {secs:.3} s: {:.0} rows/s",
        rows as f64 / secs
    );
    Ok(())
}

pub async fn backup(settings: &Settings, to: &std::path::Path) -> Result<()> {
    let app = open(settings).await?;
    let started = std::time::Instant::now();
    app.store
        .backup_to(to)
        .await
        .with_context(|| format!("backing up to {}", to.display()))?;
    let size = std::fs::metadata(to).map(|m| m.len()).unwrap_or(0);
    println!(
        "Backed up to {} ({:.1} MB in {:.1} s).",
        to.display(),
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    println!("{}", to.display());
    Ok(())
}

pub async fn restore(settings: &Settings, from: &std::path::Path) -> Result<()> {
    let done = dealerdesk_store::backup::restore_sqlite(&settings.database_url.0, from)
        .await
        .with_context(|| format!("restoring {}", from.display()))?;
    println!(
        "Restored {} into {} (migration {}); the old database is kept as {}.before-restore. \
         Start DealerDesk: it applies any newer migrations.",
        from.display(),
        done.file.display(),
        done.migration,
        done.file.display()
    );
    Ok(())
}

pub async fn migrate(settings: &Settings) -> Result<()> {
    let app = open(settings).await?;
    println!("database is up to date ({})", app.store.backend().name());
    Ok(())
}

/// The size and shape of the demo plant; each option overrides its
/// `[demo]` setting. The shape options make a load-test plant (see
/// `bench/portal`).
#[derive(clap::Args, Debug, Default)]
pub struct DemoArgs {
    /// Orders over the whole history (default: the `[demo] orders` setting, 52,000).
    #[arg(long)]
    pub orders: Option<u64>,
    /// Dealers of each of the two factories (default: `[demo] dealers_per_factory`, 160).
    #[arg(long)]
    pub dealers_per_factory: Option<u64>,
    /// Days of history, ending today (default: `[demo] days`, 730).
    #[arg(long)]
    pub days: Option<u64>,
    /// The generator's seed (default: `[demo] seed`, 2026).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Give factory KH's first dealer, KH-D0001 (login admin@kh-d0001.demo),
    /// exactly this many orders, spread over the history, with their ledger.
    #[arg(long)]
    pub heavy_dealer_orders: Option<usize>,
    /// Attachment files only on every N-th order and on all of the heavy
    /// dealer's (default: any order may have files, as in the demo).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub files_every: Option<u32>,
}

pub async fn demo(settings: &Settings, args: &DemoArgs) -> Result<()> {
    let mut settings = settings.clone();
    let d = &mut settings.demo;
    d.orders = args.orders.unwrap_or(d.orders);
    d.dealers_per_factory = args.dealers_per_factory.unwrap_or(d.dealers_per_factory);
    d.days = args.days.unwrap_or(d.days);
    d.seed = args.seed.unwrap_or(d.seed);
    let app = open(&settings).await?;
    let scale = dealerdesk_sim::generator::ScaleOptions {
        heavy_dealer_orders: args.heavy_dealer_orders,
        files_every: args.files_every,
    };
    if scale == dealerdesk_sim::generator::ScaleOptions::default() {
        return crate::serve::seed_demo(&app, &settings).await;
    }
    seed_scaled_demo(&app, &settings, &scale).await
}

/// `demo` with a reshaped plant: the same progress bar, and a report that
/// names the heavy dealer and prints the figures a benchmark records.
async fn seed_scaled_demo(
    app: &App,
    settings: &Settings,
    scale: &dealerdesk_sim::generator::ScaleOptions,
) -> Result<()> {
    let bar = crate::serve::progress_bar("building the plant");
    let progress = |done: u64, total: u64| {
        bar.set_length(total);
        bar.set_position(done);
    };
    let r = dealerdesk_sim::demo::seed_scaled(app, &settings.demo.options(), scale, &progress)
        .await
        .context("building the demo plant")?;
    bar.finish_and_clear();
    if r.created {
        println!(
            "Plant ready in {:.1} s: {} factories, {} dealers, {} users, {} orders ({} events applied, {:.0} events/s).",
            r.elapsed.as_secs_f64(),
            r.factories,
            r.dealers,
            r.users,
            r.orders,
            r.events,
            r.events as f64 / r.elapsed.as_secs_f64().max(1e-9)
        );
    } else {
        println!("The database already holds data; the plant was not added again.");
    }
    if let Some((code, orders)) = &r.heavy_dealer {
        println!(
            "Heavy dealer: {code} with {orders} orders, login admin@{}.demo",
            code.to_lowercase()
        );
    }
    println!(
        "Logins (password for all: {}):",
        dealerdesk_sim::demo::DEMO_PASSWORD
    );
    for l in &r.logins {
        println!("  {:<34} {:<24} {}", l.email, l.role.as_str(), l.note);
    }
    Ok(())
}

pub async fn factory_add(
    settings: &Settings,
    code: &str,
    name: &str,
    timezone: &str,
) -> Result<()> {
    let app = open(settings).await?;
    let f = app
        .add_factory(code, name, Some(timezone))
        .await
        .map_err(explain)?;
    println!("factory {} added: {}", f.code, f.name);
    Ok(())
}

pub struct UserAdd {
    pub email: String,
    pub role: String,
    pub dealer: Option<String>,
    pub factory: Option<String>,
    pub password: Option<String>,
    pub name: Option<String>,
    pub language: Option<String>,
}

pub async fn user_add(settings: &Settings, u: UserAdd) -> Result<()> {
    let language = match u.language.as_deref() {
        None => None,
        Some(l) => Some(
            dealerdesk_domain::model::Language::parse(l)
                .ok_or_else(|| anyhow!("language must be ru, uk or en"))?,
        ),
    };
    let app = open(settings).await?;
    let input = NewUserInput {
        email: u.email,
        display_name: u.name,
        role: u.role,
        dealer_code: u.dealer,
        factory_code: u.factory,
        password: u.password,
        language,
    };
    match app.create_user(&input, None).await.map_err(explain)? {
        Created::WithPassword(user) => println!("user {} ({}) added", user.email, user.role),
        Created::Invited { user, link } => {
            println!(
                "user {} ({}) added; send them this link to set a password (valid {} hours, once):",
                user.email, user.role, settings.auth.invitation_ttl_hours
            );
            println!("{link}");
        }
    }
    Ok(())
}

pub async fn user_token(settings: &Settings, email: &str, label: &str) -> Result<()> {
    let app = open(settings).await?;
    let token = app
        .create_personal_token(email, label)
        .await
        .map_err(|e| match e {
            AppError::NotFound => anyhow!("no user with e-mail {email}"),
            other => explain(other),
        })?;
    println!("personal API token for {email} (shown once; use as Authorization: Bearer):");
    println!("{token}");
    Ok(())
}

pub async fn source_add(
    settings: &Settings,
    factory: &str,
    kind: &str,
    rotate: bool,
) -> Result<()> {
    let app = open(settings).await?;
    let issued = if rotate {
        app.rotate_source(factory, kind).await
    } else {
        app.add_source(factory, kind).await
    }
    .map_err(explain)?;
    println!(
        "{} key for the {} system of factory {factory} (shown once; send it as Authorization: Bearer to /api/sync/v1):",
        if rotate { "A new" } else { "The" },
        issued.source.kind.as_str()
    );
    println!("{}", issued.key);
    Ok(())
}

pub async fn source_revoke(
    settings: &Settings,
    factory: &str,
    kind: &str,
    which: &dealerdesk_app::sources::Revoke,
) -> Result<()> {
    let app = open(settings).await?;
    let revoked = app
        .revoke_source(factory, kind, which)
        .await
        .map_err(explain)?;
    println!("revoked {} key(s): {}", revoked.len(), revoked.join(", "));
    Ok(())
}

#[derive(clap::Args, Debug)]
pub struct SimulateArgs {
    /// DealerDesk's address, e.g. http://127.0.0.1:8080; several nodes'
    /// addresses separated by commas are used in turn.
    #[arg(long)]
    pub url: String,
    #[arg(long)]
    pub production_key: String,
    #[arg(long)]
    pub accounting_key: String,
    /// The factory the keys belong to.
    #[arg(long, default_value = "KH")]
    pub factory: String,
    /// Events per second (the real plant sends 2–4).
    #[arg(long, default_value_t = 3.0)]
    pub rate: f64,
    /// Roughly how long to play (sets the number of orders from the rate); e.g. 90s, 10m, 1h.
    #[arg(long)]
    pub duration: Option<String>,
    #[arg(long, default_value_t = 12)]
    pub dealers: usize,
    /// Orders to play (overrides --duration).
    #[arg(long)]
    pub orders: Option<usize>,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Share of events sent twice, as retrying senders do.
    #[arg(long, default_value_t = 0.05)]
    pub repeat: f64,
    /// Events are shuffled within windows of this many.
    #[arg(long, default_value_t = 8)]
    pub reorder: usize,
    /// Events per request at most.
    #[arg(long, default_value_t = 50)]
    pub batch: usize,
    /// Appended to every code and id (default: from the clock) so runs do not collide.
    #[arg(long)]
    pub tag: Option<String>,
    /// How long to wait at the end for everything to be applied, e.g. 2m.
    #[arg(long, default_value = "2m")]
    pub settle_timeout: String,
}

/// `90s`, `10m`, `1h`, or plain seconds.
fn parse_duration(raw: &str) -> Result<std::time::Duration> {
    let raw = raw.trim();
    let (num, unit) = raw.split_at(raw.find(|c: char| !c.is_ascii_digit()).unwrap_or(raw.len()));
    let n: u64 = num
        .parse()
        .map_err(|_| anyhow!("{raw:?} is not a duration like 90s, 10m or 1h"))?;
    let secs = match unit {
        "" | "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        _ => return Err(anyhow!("{raw:?} is not a duration like 90s, 10m or 1h")),
    };
    Ok(std::time::Duration::from_secs(secs))
}

pub async fn simulate(a: SimulateArgs) -> Result<()> {
    use dealerdesk_sim::simulate::{SimOptions, simulate};
    if a.rate.is_nan() || a.rate <= 0.0 {
        return Err(anyhow!("--rate must be above 0"));
    }
    let orders = match (a.orders, &a.duration) {
        (Some(n), _) => n,
        // About 9.75 events per order over its life (measured: 531,620
        // events for 54,545 orders), before repeats.
        (None, Some(d)) => ((parse_duration(d)?.as_secs_f64() * a.rate / 9.75) as usize).max(1),
        (None, None) => 100,
    };
    let tag = a.tag.unwrap_or_else(|| {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        format!("{:x}", secs % 0xffff_ffff)
    });
    let opts = SimOptions {
        url: a.url,
        production_key: a.production_key,
        accounting_key: a.accounting_key,
        factory: a.factory,
        rate: a.rate,
        dealers: a.dealers,
        orders,
        seed: a.seed,
        repeat: a.repeat.clamp(0.0, 1.0),
        reorder: a.reorder,
        batch: a.batch,
        tag: tag.clone(),
        settle_timeout: parse_duration(&a.settle_timeout)?,
    };
    println!(
        "simulating {orders} orders of factory {} for {} dealers (run tag {tag}) at {} events/s",
        opts.factory, opts.dealers, opts.rate
    );
    let report = simulate(&opts, &|p| {
        eprintln!(
            "sent {}/{} events: accepted {}, duplicates {}, rejected {}, retries {}; applied {}, waiting {}",
            p.sent, p.planned, p.accepted, p.duplicates, p.rejected, p.retries, p.applied, p.waiting
        );
    })
    .await?;
    let p = &report.progress;
    println!(
        "done in {:.1} s (all applied after {:.3} s): {} events sent ({} accepted, {} duplicates, {} rejected, {} retries); {} quarantined",
        report.elapsed.as_secs_f64(),
        report.settled.as_secs_f64(),
        p.sent,
        p.accepted,
        p.duplicates,
        p.rejected,
        p.retries,
        report.quarantined
    );
    for r in &report.rejections {
        println!("  rejected: {r}");
    }
    let r = &report.reconciliation;
    println!(
        "reconciliation: {} dealers and {} orders checked",
        r.dealers_checked, r.orders_checked
    );
    if r.drift.is_empty() && p.rejected == 0 && report.quarantined == 0 {
        println!("no drift: DealerDesk agrees with everything the plant sent");
        return Ok(());
    }
    for d in r.drift.iter().take(50) {
        println!(
            "  drift: {} {} {}: sent {}, DealerDesk has {}",
            d.entity, d.key, d.field, d.expected, d.actual
        );
    }
    Err(anyhow!(
        "{} differences, {} rejected, {} quarantined",
        r.drift.len(),
        p.rejected,
        report.quarantined
    ))
}

/// `dealerdesk import dealers|contacts|leads FILE [--dry-run] [--factory CODE]`.
pub async fn import(
    settings: &Settings,
    kind: &str,
    file: &std::path::Path,
    dry_run: bool,
    factory: Option<&str>,
) -> Result<()> {
    use dealerdesk_sync::import::{ImportKind, import, read_table};
    let kind = ImportKind::parse(kind)
        .with_context(|| format!("{kind:?}: import dealers, contacts or leads"))?;
    let started = std::time::Instant::now();
    let bytes = std::fs::read(file).with_context(|| format!("read {}", file.display()))?;
    let table = read_table(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    // Progress on stderr, stage by stage: the rows are checked and written
    // in one transaction, so there is no partial state to show between.
    eprintln!(
        "read {} rows from {} in {:.2} s; checking every row{}…",
        table.rows.len(),
        file.display(),
        started.elapsed().as_secs_f64(),
        if dry_run { "" } else { " and importing" }
    );
    let app = open(settings).await?;
    let report = import(&app, kind, &table, factory, dry_run, None).await?;
    for b in &report.bad {
        eprintln!("line {}: {}", b.line, b.reason);
    }
    let secs = started.elapsed().as_secs_f64();
    if !report.bad.is_empty() {
        anyhow::bail!(
            "{} of {} rows are bad; nothing was imported",
            report.bad.len(),
            report.rows
        );
    }
    if report.dry_run {
        anyhow::bail!(
            "dry run: all {} rows are good; nothing was imported (run again without --dry-run)",
            report.rows
        );
    }
    println!(
        "imported {} {} in {secs:.2} s",
        report.imported,
        kind.as_str()
    );
    Ok(())
}

#[cfg(test)]
mod pool_tests {
    use super::*;
    use crate::settings::Secret;

    #[test]
    fn the_read_pool_fits_the_engine() {
        let with = |url: &str, n: u32| Settings {
            database_url: Secret(url.to_owned()),
            database_connections: n,
            ..Settings::default()
        };
        let sqlite = connections(&with("sqlite://data/dealerdesk.db", 0));
        assert!((4..=16).contains(&sqlite), "{sqlite}");
        assert_eq!(connections(&with("postgres://db/dd", 0)), 16);
        assert_eq!(connections(&with("sqlite://data/dealerdesk.db", 3)), 3);
        assert_eq!(connections(&with("postgres://db/dd", 1)), 2);
    }
}
