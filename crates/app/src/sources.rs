//! Sync sources and their keys (`dealerdesk source add|rotate|revoke`). A
//! key is shown once and stored only as a hash; after a rotation the old
//! and the new key both work until the old one is revoked.

use crate::{App, AppError, Result, secret};
use dealerdesk_domain::model::{SourceKind, SyncSource};
use dealerdesk_store::Repos;
use dealerdesk_store::audit::NewAudit;

/// A new key, to be handed to the plant's system once.
#[derive(Debug, Clone)]
pub struct IssuedKey {
    pub source: SyncSource,
    pub key: String,
    pub prefix: String,
}

/// Which keys `revoke` ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Revoke {
    /// Every key but the newest: finishes a rotation.
    OlderKeys,
    /// The key whose shown prefix is this.
    Key(String),
    /// Every key: the source is locked out.
    All,
}

impl App {
    async fn source_of(
        &self,
        c: &mut dealerdesk_store::Conn,
        factory_code: &str,
        kind: &str,
    ) -> Result<(dealerdesk_domain::FactoryId, SourceKind)> {
        let kind = SourceKind::parse(kind)?;
        let factory = c.factories().by_code(factory_code).await?.ok_or_else(|| {
            AppError::invalid("factory", format!("no factory with code {factory_code}"))
        })?;
        Ok((factory.id, kind))
    }

    async fn issue(
        &self,
        c: &mut dealerdesk_store::Conn,
        source: SyncSource,
        action: &str,
        by: Option<dealerdesk_domain::UserId>,
    ) -> Result<IssuedKey> {
        let key = secret::generate("dds_");
        let prefix: String = key.chars().take(12).collect();
        c.sources()
            .add_key(source.id, &secret::hash(&key), &prefix)
            .await?;
        c.audit()
            .record(&NewAudit {
                actor_id: by,
                action,
                object_type: "sync_source",
                object_id: source.id.to_string(),
                after: Some(
                    serde_json::json!({"kind": source.kind.as_str(), "key_prefix": prefix})
                        .to_string(),
                ),
                ..Default::default()
            })
            .await?;
        Ok(IssuedKey {
            source,
            key,
            prefix,
        })
    }

    /// Registers a factory's production or accounting system and issues its key.
    pub async fn add_source(&self, factory_code: &str, kind: &str) -> Result<IssuedKey> {
        self.add_source_as(None, factory_code, kind).await
    }

    /// [`App::add_source`] by a person (the administrator's screen), who
    /// is named in the audit log.
    pub async fn add_source_as(
        &self,
        by: Option<dealerdesk_domain::UserId>,
        factory_code: &str,
        kind: &str,
    ) -> Result<IssuedKey> {
        let mut tx = self.store.begin().await?;
        let (factory, kind) = self.source_of(&mut tx, factory_code, kind).await?;
        if tx.sources().find(factory, kind).await?.is_some() {
            return Err(AppError::invalid(
                "kind",
                format!(
                    "factory {factory_code} already has a {} source; use `source rotate` for a new key",
                    kind.as_str()
                ),
            ));
        }
        let source = tx.sources().insert(factory, kind).await?;
        let issued = self
            .issue(&mut tx, source, "sync_source.created", by)
            .await?;
        tx.commit().await?;
        Ok(issued)
    }

    /// Issues an additional key; the existing ones keep working.
    pub async fn rotate_source(&self, factory_code: &str, kind: &str) -> Result<IssuedKey> {
        self.rotate_source_as(None, factory_code, kind).await
    }

    pub async fn rotate_source_as(
        &self,
        by: Option<dealerdesk_domain::UserId>,
        factory_code: &str,
        kind: &str,
    ) -> Result<IssuedKey> {
        let mut tx = self.store.begin().await?;
        let (factory, kind) = self.source_of(&mut tx, factory_code, kind).await?;
        let source = tx.sources().find(factory, kind).await?.ok_or_else(|| {
            AppError::invalid(
                "kind",
                format!(
                    "factory {factory_code} has no {} source yet; use `source add`",
                    kind.as_str()
                ),
            )
        })?;
        let issued = self
            .issue(&mut tx, source, "sync_source.key_rotated", by)
            .await?;
        tx.commit().await?;
        Ok(issued)
    }

    /// Ends keys; returns the prefixes of the keys revoked.
    pub async fn revoke_source(
        &self,
        factory_code: &str,
        kind: &str,
        which: &Revoke,
    ) -> Result<Vec<String>> {
        self.revoke_source_as(None, factory_code, kind, which).await
    }

    pub async fn revoke_source_as(
        &self,
        by: Option<dealerdesk_domain::UserId>,
        factory_code: &str,
        kind: &str,
        which: &Revoke,
    ) -> Result<Vec<String>> {
        let mut tx = self.store.begin().await?;
        let (factory, kind) = self.source_of(&mut tx, factory_code, kind).await?;
        let source = tx.sources().find(factory, kind).await?.ok_or_else(|| {
            AppError::invalid(
                "kind",
                format!("factory {factory_code} has no {} source", kind.as_str()),
            )
        })?;
        let live = tx.sources().live_keys(source.id).await?;
        let chosen: Vec<_> = match which {
            Revoke::All => live.clone(),
            Revoke::OlderKeys if live.len() < 2 => {
                return Err(AppError::invalid(
                    "key",
                    "there is only one live key; give --all to lock this source out",
                ));
            }
            Revoke::OlderKeys => live[..live.len() - 1].to_vec(),
            Revoke::Key(prefix) => live
                .iter()
                .filter(|(_, p, _)| p == prefix)
                .cloned()
                .collect(),
        };
        if chosen.is_empty() {
            return Err(AppError::invalid("key", "no live key matches"));
        }
        let ids: Vec<_> = chosen.iter().map(|(id, _, _)| *id).collect();
        tx.sources().revoke_keys(source.id, &ids).await?;
        let prefixes: Vec<String> = chosen.into_iter().map(|(_, p, _)| p).collect();
        tx.audit()
            .record(&NewAudit {
                actor_id: by,
                action: "sync_source.keys_revoked",
                object_type: "sync_source",
                object_id: source.id.to_string(),
                after: Some(serde_json::json!({"revoked": prefixes}).to_string()),
                ..Default::default()
            })
            .await?;
        tx.commit().await?;
        Ok(prefixes)
    }
}
