//! `dealerdesk`: one binary for the whole system (SPEC section 5).

mod commands;
mod serve;
mod settings;

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "dealerdesk",
    version,
    about = "CRM and dealer portal for a manufacturer that sells through dealers"
)]
struct Cli {
    /// Settings file (default: DEALERDESK_CONFIG, then ./dealerdesk.toml if present).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the whole system: web, APIs and workers.
    Serve {
        /// Fill an empty database with the demo plant first and print the demo logins.
        #[arg(long)]
        demo: bool,
        /// Address to listen on (also DEALERDESK_ADDR; default 127.0.0.1:8080).
        #[arg(long)]
        addr: Option<String>,
    },
    /// Create the database if needed and apply all migrations.
    Migrate,
    /// Fill an empty database with the demo plant and print the demo logins.
    Demo(commands::DemoArgs),
    /// Factories.
    Factory {
        #[command(subcommand)]
        command: FactoryCommand,
    },
    /// Users and their API tokens.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Play a simulated plant against a running DealerDesk and check the result.
    Simulate(commands::SimulateArgs),
    /// Import dealers, contact people or leads from a CSV or XLSX file (first
    /// row: column names). Every bad row is listed with its line; nothing is
    /// imported unless every row is good. A dry run, or any bad row, exits
    /// non-zero.
    Import {
        /// dealers, contacts or leads.
        kind: String,
        /// The CSV or XLSX file.
        file: PathBuf,
        /// Check every row and import nothing.
        #[arg(long)]
        dry_run: bool,
        /// The factory the rows belong to (default: the plant's first).
        #[arg(long)]
        factory: Option<String>,
    },
    /// Copy the SQLite database to a new file while DealerDesk runs (a
    /// consistent snapshot). PostgreSQL: use pg_dump (docs/operations.md).
    Backup {
        /// The file to write; it must not exist yet.
        #[arg(long)]
        to: PathBuf,
    },
    /// Put an SQLite backup in place of the database, after checking it.
    /// Stop every DealerDesk process first; the old database is kept as
    /// <file>.before-restore.
    Restore {
        /// The backup file (from `dealerdesk backup`).
        #[arg(long)]
        from: PathBuf,
    },
    /// For bench/run: time plain multi-row inserts (the appliers' statement
    /// builder) into a scratch table on this database: the ceiling the
    /// ingest figure is read against.
    #[command(hide = true)]
    InsertCeiling {
        #[arg(long, default_value_t = 200_000)]
        rows: usize,
        #[arg(long, default_value_t = 5_000)]
        per_tx: usize,
    },
    /// Sync sources: a factory's production or accounting system and its keys.
    Source {
        #[command(subcommand)]
        command: SourceCommand,
    },
}

#[derive(Subcommand)]
enum SourceCommand {
    /// Register a system and print its key (alone on the last line).
    Add {
        #[arg(long)]
        factory: String,
        /// production or accounting.
        #[arg(long)]
        kind: String,
    },
    /// Print an additional key; the old keys keep working until revoked.
    Rotate {
        #[arg(long)]
        factory: String,
        #[arg(long)]
        kind: String,
    },
    /// Revoke keys: by default every key but the newest (ends a rotation).
    Revoke {
        #[arg(long)]
        factory: String,
        #[arg(long)]
        kind: String,
        /// Revoke only the key starting with this (as `add`/`rotate` showed it).
        #[arg(long, conflicts_with = "all")]
        key: Option<String>,
        /// Revoke every key: the system can no longer send.
        #[arg(long)]
        all: bool,
    },
}

#[derive(Subcommand)]
enum FactoryCommand {
    /// Add a factory.
    Add {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// IANA time zone the factory's pages show times in.
        #[arg(long, default_value = "Europe/Kyiv")]
        timezone: String,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user; without --password an invitation link is printed.
    Add {
        #[arg(long)]
        email: String,
        /// dealer_admin, dealer_user, manager, head_of_sales, reclamation_specialist, finance, content_manager or admin.
        #[arg(long)]
        role: String,
        /// The dealer's code (dealer roles).
        #[arg(long, conflicts_with = "factory")]
        dealer: Option<String>,
        /// The factory's code (plant roles other than admin).
        #[arg(long)]
        factory: Option<String>,
        #[arg(long)]
        password: Option<String>,
        /// Full name as shown in the interface (default: the e-mail's local part).
        #[arg(long)]
        name: Option<String>,
        /// ru, uk or en.
        #[arg(long)]
        language: Option<String>,
    },
    /// Print a new personal API token (alone on the last line).
    Token {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "cli")]
        label: String,
    },
}

/// mimalloc instead of glibc's allocator: a portal page allocates and frees
/// thousands of small values (rows, cells, strings), and glibc's malloc and
/// its consolidation took about a sixth of the server's CPU under load
/// (`perf`, bench/portal's orders list).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let env: Vec<(String, String)> = std::env::vars().collect();
    let (settings, unknown) = match settings::Settings::load(cli.config.as_deref(), &env) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e:#}");
            return std::process::ExitCode::from(2);
        }
    };
    serve::init_logging(&settings, matches!(cli.command, Command::Serve { .. }));
    for name in unknown {
        tracing::warn!(variable = %name, "ignoring an environment variable that names no setting");
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command, settings)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, mut settings: settings::Settings) -> Result<()> {
    match command {
        Command::Serve { demo, addr } => {
            if let Some(a) = addr {
                if settings.public_url == format!("http://{}", settings.addr) {
                    settings.public_url = format!("http://{a}");
                }
                settings.addr = a;
            }
            serve::serve(settings, demo).await
        }
        Command::Migrate => commands::migrate(&settings).await,
        Command::InsertCeiling { rows, per_tx } => {
            commands::insert_ceiling(&settings, rows, per_tx).await
        }
        Command::Backup { to } => commands::backup(&settings, &to).await,
        Command::Restore { from } => commands::restore(&settings, &from).await,
        Command::Demo(args) => commands::demo(&settings, &args).await,
        Command::Factory {
            command:
                FactoryCommand::Add {
                    code,
                    name,
                    timezone,
                },
        } => commands::factory_add(&settings, &code, &name, &timezone).await,
        Command::User {
            command:
                UserCommand::Add {
                    email,
                    role,
                    dealer,
                    factory,
                    password,
                    name,
                    language,
                },
        } => {
            commands::user_add(
                &settings,
                commands::UserAdd {
                    email,
                    role,
                    dealer,
                    factory,
                    password,
                    name,
                    language,
                },
            )
            .await
        }
        Command::User {
            command: UserCommand::Token { email, label },
        } => commands::user_token(&settings, &email, &label).await,
        Command::Simulate(args) => commands::simulate(args).await,
        Command::Import {
            kind,
            file,
            dry_run,
            factory,
        } => commands::import(&settings, &kind, &file, dry_run, factory.as_deref()).await,
        Command::Source { command } => match command {
            SourceCommand::Add { factory, kind } => {
                commands::source_add(&settings, &factory, &kind, false).await
            }
            SourceCommand::Rotate { factory, kind } => {
                commands::source_add(&settings, &factory, &kind, true).await
            }
            SourceCommand::Revoke {
                factory,
                kind,
                key,
                all,
            } => {
                let which = match (key, all) {
                    (Some(k), _) => dealerdesk_app::sources::Revoke::Key(k),
                    (None, true) => dealerdesk_app::sources::Revoke::All,
                    (None, false) => dealerdesk_app::sources::Revoke::OlderKeys,
                };
                commands::source_revoke(&settings, &factory, &kind, &which).await
            }
        },
    }
}
