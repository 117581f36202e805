//! Sync sources (one system of one factory) and their keys. A key is shown
//! once and stored as a hash; rotation adds a key, revocation ends one.

use crate::row::RowExt;
use crate::{Result, StoreError};
use dealerdesk_domain::model::{SourceKind, SyncSource};
use dealerdesk_domain::{FactoryId, SourceId, SourceKeyId, Timestamp};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

pub struct Sources<'c> {
    pub(crate) c: &'c mut AnyConnection,
}

fn from_row(r: &AnyRow) -> Result<SyncSource> {
    Ok(SyncSource {
        id: SourceId(r.i64("id")?),
        factory_id: FactoryId(r.i64("factory_id")?),
        kind: SourceKind::parse(&r.string("kind")?)?,
        created_at: r.ts("created_at")?,
    })
}

impl Sources<'_> {
    /// `Conflict` if the factory already has a source of this kind.
    pub async fn insert(&mut self, factory: FactoryId, kind: SourceKind) -> Result<SyncSource> {
        let row = sqlx::query("INSERT INTO sync_sources (factory_id, kind, created_at) VALUES ($1, $2, $3) RETURNING id, factory_id, kind, created_at")
            .bind(factory.0)
            .bind(kind.as_str())
            .bind(Timestamp::now().0)
            .fetch_one(&mut *self.c)
            .await?;
        let source = from_row(&row)?;
        sqlx::query("INSERT INTO sync_counters (source_id) VALUES ($1)")
            .bind(source.id.0)
            .execute(&mut *self.c)
            .await?;
        Ok(source)
    }

    pub async fn find(
        &mut self,
        factory: FactoryId,
        kind: SourceKind,
    ) -> Result<Option<SyncSource>> {
        sqlx::query("SELECT id, factory_id, kind, created_at FROM sync_sources WHERE factory_id = $1 AND kind = $2")
            .bind(factory.0)
            .bind(kind.as_str())
            .fetch_optional(&mut *self.c)
            .await?
            .as_ref()
            .map(from_row)
            .transpose()
    }

    pub async fn add_key(
        &mut self,
        source: SourceId,
        key_hash: &str,
        key_prefix: &str,
    ) -> Result<SourceKeyId> {
        let id: i64 = sqlx::query_scalar("INSERT INTO sync_keys (source_id, key_hash, key_prefix, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(source.0)
            .bind(key_hash)
            .bind(key_prefix)
            .bind(Timestamp::now().0)
            .fetch_one(&mut *self.c)
            .await?;
        Ok(SourceKeyId(id))
    }

    /// The source a live key belongs to.
    pub async fn by_key_hash(&mut self, key_hash: &str) -> Result<Option<SyncSource>> {
        sqlx::query(
            "SELECT s.id, s.factory_id, s.kind, s.created_at FROM sync_keys k JOIN sync_sources s ON s.id = k.source_id \
             WHERE k.key_hash = $1 AND k.revoked_at IS NULL",
        )
        .bind(key_hash)
        .fetch_optional(&mut *self.c)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
    }

    /// Live keys of a source, oldest first: (id, prefix, created).
    pub async fn live_keys(
        &mut self,
        source: SourceId,
    ) -> Result<Vec<(SourceKeyId, String, Timestamp)>> {
        let rows = sqlx::query("SELECT id, key_prefix, created_at FROM sync_keys WHERE source_id = $1 AND revoked_at IS NULL ORDER BY id")
            .bind(source.0)
            .fetch_all(&mut *self.c)
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    SourceKeyId(r.i64("id")?),
                    r.string("key_prefix")?,
                    r.ts("created_at")?,
                ))
            })
            .collect()
    }

    /// Revokes the given keys of a source; `NotFound` if none was live.
    pub async fn revoke_keys(&mut self, source: SourceId, keys: &[SourceKeyId]) -> Result<u64> {
        let now = Timestamp::now().0;
        let mut total = 0;
        for k in keys {
            total += sqlx::query("UPDATE sync_keys SET revoked_at = $3 WHERE id = $1 AND source_id = $2 AND revoked_at IS NULL")
                .bind(k.0)
                .bind(source.0)
                .bind(now)
                .execute(&mut *self.c)
                .await?
                .rows_affected();
        }
        if total == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(total)
        }
    }

    /// Every source with its factory's code, for the sync health page.
    pub async fn all(&mut self) -> Result<Vec<(SyncSource, String)>> {
        let rows = sqlx::query(
            "SELECT s.id, s.factory_id, s.kind, s.created_at, f.code FROM sync_sources s JOIN factories f ON f.id = s.factory_id ORDER BY f.code, s.kind",
        )
        .fetch_all(&mut *self.c)
        .await?;
        rows.iter()
            .map(|r| Ok((from_row(r)?, r.string("code")?)))
            .collect()
    }
}
