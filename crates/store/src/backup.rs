//! Backups of an SQLite database. `backup` writes a consistent copy while
//! the server runs (`VACUUM INTO`: one read transaction, so the copy is
//! the database at one instant, compacted); `restore` checks that a file
//! is a whole DealerDesk database no newer than this build and puts it in
//! place of the database — with every node stopped. PostgreSQL has its
//! own tools (`pg_dump`, `pg_restore`; docs/operations.md).

use crate::pool::sqlite_path;
use crate::{Backend, Result, Store, StoreError};
use sqlx::Connection;
use std::path::{Path, PathBuf};

impl Store {
    /// Writes a consistent copy of the SQLite database to `to`, which
    /// must not exist yet.
    pub async fn backup_to(&self, to: &Path) -> Result<()> {
        if self.backend() != Backend::Sqlite {
            return Err(StoreError::Conflict(
                "backup writes SQLite databases; for PostgreSQL use pg_dump (docs/operations.md)"
                    .into(),
            ));
        }
        if to.exists() {
            return Err(StoreError::Conflict(format!(
                "{} already exists; choose a new file",
                to.display()
            )));
        }
        let target = to
            .to_str()
            .ok_or_else(|| StoreError::Conflict(format!("{} is not a UTF-8 path", to.display())))?;
        let mut c = self.read_bulk().await?;
        sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(&mut *c)
            .await?;
        Ok(())
    }
}

fn utf8(path: &Path) -> Result<&str> {
    path.to_str()
        .ok_or_else(|| StoreError::Conflict(format!("{} is not a UTF-8 path", path.display())))
}

/// What a restore put in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    pub file: PathBuf,
    /// The newest migration the backup holds.
    pub migration: i64,
}

/// Replaces the SQLite database of `url` with the backup `from`, after
/// checking it (SQLite's integrity check, a DealerDesk schema, no
/// migration this build does not know). The old database is kept next to
/// it as `….before-restore` (with its journal). Every node must be stopped first.
pub async fn restore_sqlite(url: &str, from: &Path) -> Result<Restored> {
    let latest_known = crate::pool::latest_migration(Backend::Sqlite);
    if Backend::from_url(url)? != Backend::Sqlite {
        return Err(StoreError::Conflict(
            "restore reads SQLite backups; for PostgreSQL use pg_restore or psql (docs/operations.md)"
                .into(),
        ));
    }
    if !from.is_file() {
        return Err(StoreError::Conflict(format!(
            "{} is not a file",
            from.display()
        )));
    }
    let source = utf8(from)?;
    let migration = {
        let not_ours = |why: String| {
            StoreError::Conflict(format!(
                "{} is not a DealerDesk backup: {why}",
                from.display()
            ))
        };
        let mut c = sqlx::sqlite::SqliteConnection::connect(&format!("sqlite://{source}?mode=ro"))
            .await
            .map_err(|e| not_ours(e.to_string()))?;
        let check: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&mut c)
            .await
            .map_err(|e| not_ours(e.to_string()))?;
        if check != "ok" {
            return Err(not_ours(format!("the integrity check says {check}")));
        }
        let version: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
            .fetch_one(&mut c)
            .await
            .map_err(|_| not_ours("it has no migrations table".into()))?;
        let _ = c.close().await;
        let version = version.ok_or_else(|| not_ours("no migration was applied".into()))?;
        if version > latest_known {
            return Err(StoreError::Conflict(format!(
                "{} comes from a newer DealerDesk (migration {version}; this build knows up to {latest_known})",
                from.display()
            )));
        }
        version
    };
    let file = PathBuf::from(sqlite_path(url)?);
    let io = |what: &str, e: std::io::Error| StoreError::Conflict(format!("{what}: {e}"));
    let staged = file.with_extension("restoring");
    std::fs::copy(from, &staged).map_err(|e| io("copying the backup", e))?;
    std::fs::File::open(&staged)
        .and_then(|f| f.sync_all())
        .map_err(|e| io("syncing the copy", e))?;
    // The old database goes aside whole: its journal too (it may hold
    // commits not yet copied into the file), renamed to match.
    let keep = PathBuf::from(format!("{}.before-restore", file.display()));
    for suffix in ["", "-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", file.display()));
        if side.exists() {
            let aside = PathBuf::from(format!("{}{suffix}", keep.display()));
            std::fs::rename(&side, &aside).map_err(|e| io("keeping the old database", e))?;
        }
    }
    std::fs::rename(&staged, &file).map_err(|e| io("putting the backup in place", e))?;
    Ok(Restored { file, migration })
}
