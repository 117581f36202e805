use dealerdesk_store::{Store, StoreOptions};
use rand::Rng;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestBackend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server tests create their databases on. Override with
/// `DEALERDESK_TEST_PG_URL` (a URL whose database is an existing one to
/// connect to for CREATE/DROP DATABASE).
pub fn pg_admin_url() -> String {
    std::env::var("DEALERDESK_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// One migrated database, for one test. Dropping it removes the database.
pub struct TestDb {
    pub store: Store,
    pub url: String,
    pub backend: TestBackend,
    cleanup: Cleanup,
}

enum Cleanup {
    File(PathBuf),
    Postgres { admin: String, name: String },
}

fn unique_name() -> String {
    let n: u64 = rand::rng().random();
    format!("dd_t_{}_{n:016x}", std::process::id())
}

impl TestDb {
    pub async fn new(backend: TestBackend) -> Self {
        let db = Self::empty(backend).await;
        db.store
            .migrate()
            .await
            .expect("migrations apply on a fresh database");
        db
    }

    /// A database that exists but has no tables yet (for migration tests
    /// and for the server's own first start).
    pub async fn empty(backend: TestBackend) -> Self {
        match backend {
            TestBackend::Sqlite => {
                let dir = std::env::temp_dir().join("dealerdesk-tests");
                std::fs::create_dir_all(&dir).expect("temp dir");
                let path = dir.join(format!("{}.db", unique_name()));
                let url = format!("sqlite://{}", path.display());
                let store = Store::connect(&url, &options(&name_of(&path)))
                    .await
                    .expect("open sqlite");
                Self {
                    store,
                    url,
                    backend,
                    cleanup: Cleanup::File(path),
                }
            }
            TestBackend::Postgres => {
                let admin = pg_admin_url();
                let name = unique_name();
                sqlx::any::install_default_drivers();
                let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin)
                    .await
                    .unwrap_or_else(|e| {
                        panic!("PostgreSQL must be running for the tests ({admin}): {e}")
                    });
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut conn)
                    .await
                    .expect("create test database");
                let _ = sqlx::Connection::close(conn).await;
                let url = with_database(&admin, &name);
                let store = Store::connect(
                    &url,
                    &StoreOptions {
                        max_connections: 8,
                        ..options(&name)
                    },
                )
                .await
                .expect("connect test database");
                Self {
                    store,
                    url,
                    backend,
                    cleanup: Cleanup::Postgres { admin, name },
                }
            }
        }
    }
}

/// Store options for a test database: attachment files in a temporary
/// folder of its own.
fn options(name: &str) -> StoreOptions {
    StoreOptions {
        blobs: dealerdesk_store::BlobStore::new(blob_dir(name)),
        ..StoreOptions::default()
    }
}

fn blob_dir(name: &str) -> PathBuf {
    std::env::temp_dir()
        .join("dealerdesk-tests")
        .join(format!("{name}-blobs"))
}

fn name_of(path: &std::path::Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The admin URL with its database replaced by `name`.
pub fn with_database(admin: &str, name: &str) -> String {
    let (base, query) = admin
        .split_once('?')
        .map(|(b, q)| (b, Some(q)))
        .unwrap_or((admin, None));
    let base = match base.rfind('/') {
        Some(i) if i > "postgres://".len() => &base[..i],
        _ => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::File(path) => {
                let _ = std::fs::remove_dir_all(blob_dir(&name_of(path)));
                for suffix in ["", "-wal", "-shm"] {
                    let mut p = path.clone().into_os_string();
                    p.push(suffix);
                    let _ = std::fs::remove_file(p);
                }
            }
            Cleanup::Postgres { admin, name } => {
                let _ = std::fs::remove_dir_all(blob_dir(name));
                let (admin, name) = (admin.clone(), name.clone());
                // Drop runs inside the test's runtime; a separate thread
                // with its own runtime can block until the database is gone.
                let _ = std::thread::spawn(move || {
                    let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                    else {
                        return;
                    };
                    rt.block_on(async move {
                        if let Ok(mut conn) =
                            <sqlx::AnyConnection as sqlx::Connection>::connect(&admin).await
                        {
                            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                            )))
                            .execute(&mut conn)
                            .await;
                            let _ = sqlx::Connection::close(conn).await;
                        }
                    });
                })
                .join();
            }
        }
    }
}
