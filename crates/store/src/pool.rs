use crate::{Result, StoreError};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool, Executor, Transaction};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::Conflict(format!(
                "unsupported database URL (expected sqlite:… or postgres://…): {}",
                redact(url)
            )))
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Hides a password in a database URL so it can be logged.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.split('?').next().unwrap_or(url).to_owned(),
    }
}

/// SQLite connections for [`Store::read_bulk`]: long reads are rare, and
/// each connection is a thread with its own page cache.
const BULK_CONNECTIONS: u32 = 2;

#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// Connections for reads (and, on PostgreSQL, for writes too).
    pub max_connections: u32,
    pub acquire_timeout: Duration,
    /// Where attachment files live: a folder all nodes share, or an
    /// S3-compatible bucket (`BlobStore::open`).
    pub blobs: crate::BlobStore,
}

impl Default for StoreOptions {
    fn default() -> Self {
        Self {
            max_connections: 16,
            acquire_timeout: Duration::from_secs(10),
            blobs: crate::BlobStore::new("data/blobs"),
        }
    }
}

/// The database, picked once from its URL. On SQLite every write goes
/// through a pool of one connection: SQLite allows one writer at a time, and
/// queueing writers in the pool is fairer and faster than letting them
/// collide on the file lock. Readers use their own pool and, in WAL mode,
/// never wait for the writer. On PostgreSQL all three are the same pool.
///
/// SQLite's read pool runs each statement on the request's own thread
/// (`inline=true`, a patch of `vendor/sqlx-sqlite`): a page's reads take
/// well under a millisecond, and handing each statement to the
/// connection's thread and its rows back cost more than the SQL (a
/// quarter of the CPU on the statement page was the kernel switching
/// threads). Reads that may run long — a whole
/// period's statement, analytics, a reconciliation — take [`Store::read_bulk`]
/// instead, whose connections keep their own threads, so that such a read
/// does not stop one of the few async workers every request shares.
#[derive(Clone, Debug)]
pub struct Store {
    read: AnyPool,
    bulk: AnyPool,
    write: AnyPool,
    backend: Backend,
    blobs: crate::BlobStore,
    /// PostgreSQL: where a node's `LISTEN` connection goes (`wakeups.rs`).
    pub(crate) listen_url: Option<crate::wakeups::ListenUrl>,
}

impl Store {
    pub async fn connect(url: &str, opts: &StoreOptions) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        match backend {
            Backend::Sqlite => {
                let url = sqlite_url(url)?;
                let connect = AnyConnectOptions::from_str(&url)?;
                let inline = AnyConnectOptions::from_str(&format!("{url}&inline=true"))?;
                // No ping before a connection is handed out: it would be a
                // round trip to the connection's thread on every acquire,
                // and a connection to a file in this process has no server
                // that could have gone away.
                let pool = |max: u32, connect: &AnyConnectOptions| {
                    AnyPoolOptions::new()
                        .max_connections(max)
                        .min_connections(1)
                        .test_before_acquire(false)
                        .acquire_timeout(opts.acquire_timeout)
                        .after_connect(|conn, _| {
                            Box::pin(async move {
                                conn.execute(
                                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; \
                                     PRAGMA busy_timeout = 10000; PRAGMA cache_size = -32000; PRAGMA temp_store = MEMORY;",
                                )
                                .await?;
                                Ok(())
                            })
                        })
                        .connect_with(connect.clone())
                };
                let write = pool(1, &connect).await?;
                let read = pool(opts.max_connections.max(2), &inline).await?;
                let bulk = pool(BULK_CONNECTIONS, &connect).await?;
                Ok(Self {
                    read,
                    bulk,
                    write,
                    backend,
                    blobs: opts.blobs.clone(),
                    listen_url: None,
                })
            }
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(opts.max_connections)
                    .acquire_timeout(opts.acquire_timeout)
                    .connect(url)
                    .await?;
                Ok(Self {
                    read: pool.clone(),
                    bulk: pool.clone(),
                    write: pool,
                    backend,
                    blobs: opts.blobs.clone(),
                    listen_url: Some(crate::wakeups::ListenUrl(url.to_owned())),
                })
            }
        }
    }

    pub fn blobs(&self) -> &crate::BlobStore {
        &self.blobs
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    fn migrator(&self) -> &'static sqlx::migrate::Migrator {
        match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }

    /// Applies every migration not yet applied, then rebuilds the order
    /// search index if its format is older than this build's and fills
    /// the dealers' search keys not made yet (see `search_index`). Safe to run on every start and from several nodes
    /// at once (sqlx takes a lock on PostgreSQL; a rebuild is idempotent).
    pub async fn migrate(&self) -> Result<()> {
        self.migrator().run(&self.write).await?;
        self.reindex_order_search_if_old().await?;
        self.fill_dealer_search_keys().await?;
        Ok(())
    }

    /// Whether the database answers and holds every migration this build
    /// knows (what `/readyz` reports).
    pub async fn ready(&self) -> Result<bool> {
        let latest = latest_migration(self.backend);
        let mut c = self.read().await?;
        let applied: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
            .fetch_one(&mut *c)
            .await
            .or_else(|e| match e {
                sqlx::Error::Database(_) => Ok(None),
                other => Err(other),
            })?;
        Ok(applied == Some(latest))
    }

    /// Refreshes the planner's statistics. PostgreSQL plans a multi-row
    /// `UPDATE … FROM (VALUES …)` as a hash join over a full table scan
    /// when it believes the table is small; after a bulk load, before
    /// autovacuum has looked, that belief is wrong and each batch scans
    /// everything. Bulk loaders call this now and then.
    pub async fn analyze(&self) -> Result<()> {
        let sql = match self.backend {
            Backend::Postgres => "ANALYZE",
            Backend::Sqlite => "PRAGMA optimize",
        };
        let mut c = self.write.acquire().await?;
        c.execute(sql).await?;
        Ok(())
    }

    /// A connection for reading what a page shows: statements that take
    /// well under a millisecond (on SQLite they run on the caller's thread).
    pub async fn read(&self) -> Result<PoolConnection<Any>> {
        Ok(self.read.acquire().await?)
    }

    /// A connection for a read that may take long: a whole period's
    /// statement, analytics over months, comparing a plant's snapshot. On
    /// SQLite it runs on a thread of its own, as every read once did.
    pub async fn read_bulk(&self) -> Result<PoolConnection<Any>> {
        Ok(self.bulk.acquire().await?)
    }

    /// A transaction for writing; on SQLite it holds the single writer.
    pub async fn begin(&self) -> Result<Transaction<'static, Any>> {
        Ok(self.write.begin().await?)
    }

    pub async fn close(&self) {
        self.write.close().await;
        self.read.close().await;
        self.bulk.close().await;
    }

    /// Pool figures for `/metrics`.
    pub fn pool_stats(&self) -> (u32, usize) {
        (self.read.size(), self.read.num_idle())
    }
}

/// Normalises a SQLite URL, creates its folder, and makes sure the file is
/// created on first start (`mode=rwc`).
/// The newest migration this build knows for an engine.
pub(crate) fn latest_migration(backend: Backend) -> i64 {
    let m = match backend {
        Backend::Sqlite => &SQLITE_MIGRATIONS,
        Backend::Postgres => &POSTGRES_MIGRATIONS,
    };
    m.iter().map(|m| m.version).max().unwrap_or(0)
}

/// The file path and the query of an SQLite URL (`sqlite://path?query`).
fn split_sqlite(url: &str) -> (&str, &str) {
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    rest.split_once('?').unwrap_or((rest, ""))
}

/// The database file of an SQLite URL.
pub(crate) fn sqlite_path(url: &str) -> Result<&str> {
    match split_sqlite(url).0 {
        "" | ":memory:" => Err(StoreError::Conflict(
            "an in-memory SQLite database has no file".into(),
        )),
        path => Ok(path),
    }
}

fn sqlite_url(url: &str) -> Result<String> {
    let (path, query) = split_sqlite(url);
    if path.is_empty() || path == ":memory:" {
        return Err(StoreError::Conflict(
            "an in-memory SQLite database cannot be shared by the pools; give a file path".into(),
        ));
    }
    if let Some(parent) = Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent).map_err(|e| {
            StoreError::Conflict(format!("cannot create {}: {e}", parent.display()))
        })?;
    }
    let mut params: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("mode="))
        .collect();
    params.push("mode=rwc");
    Ok(format!("sqlite://{path}?{}", params.join("&")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_backends_have_the_same_migrations() {
        let versions = |m: &sqlx::migrate::Migrator| -> Vec<(i64, String)> {
            m.iter()
                .map(|m| (m.version, m.description.to_string()))
                .collect()
        };
        assert!(SQLITE_MIGRATIONS.iter().count() > 0);
        assert_eq!(versions(&SQLITE_MIGRATIONS), versions(&POSTGRES_MIGRATIONS));
        let files = |dir: &str| -> Vec<String> {
            let mut v: Vec<String> =
                std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
                    .expect("migrations folder")
                    .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                    .collect();
            v.sort();
            v
        };
        assert_eq!(files("migrations/sqlite"), files("migrations/postgres"));
    }

    #[test]
    fn urls() {
        assert_eq!(
            Backend::from_url("sqlite://data/x.db").ok(),
            Some(Backend::Sqlite)
        );
        assert_eq!(
            Backend::from_url("postgres://u@h/db").ok(),
            Some(Backend::Postgres)
        );
        assert!(Backend::from_url("mysql://x").is_err());
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        let dir = std::env::temp_dir().join("dd-url-test");
        let u = sqlite_url(&format!("sqlite://{}/a.db?mode=ro", dir.display())).expect("url");
        assert!(u.ends_with("a.db?mode=rwc"), "{u}");
    }
}
