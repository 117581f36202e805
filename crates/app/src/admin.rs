//! The administrator's screens (SPEC 4.2): people and their roles, the
//! factories, the plant systems' sync sources and their keys, and the
//! brand. Only the administrator; every change is in the audit log with
//! who made it, before and after.

use crate::sources::{IssuedKey, Revoke};
use crate::users::{Created, NewUserInput};
use crate::{App, AppError, Result};
use dealerdesk_domain::model::{Factory, SyncSource, User};
use dealerdesk_domain::policy::Capability;
use dealerdesk_domain::{Actor, Role, Timestamp, UserId};
use dealerdesk_store::Repos;
use dealerdesk_store::audit::NewAudit;

/// People per page of the directory.
pub const USERS_PER_PAGE: i64 = 50;

fn admin_only(actor: &Actor) -> Result<()> {
    if actor.can(Capability::Administration) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// A line of the people directory.
#[derive(Debug, Clone)]
pub struct DirectoryLine {
    pub user: User,
    pub factory_code: Option<String>,
    pub dealer_code: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Directory {
    pub lines: Vec<DirectoryLine>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
}

/// A source with its live keys: (shown prefix, issued).
#[derive(Debug, Clone)]
pub struct SourceLine {
    pub source: SyncSource,
    pub factory_code: String,
    pub keys: Vec<(String, Timestamp)>,
}

/// What the administrator may change about a plant person.
#[derive(Debug, Clone, Default)]
pub struct StaffChange {
    pub role: String,
    /// A factory's code; empty for the administrator's role.
    pub factory: String,
    pub active: bool,
}

/// `#1f6feb`: six hex digits, as the brand's colours are kept.
pub fn parse_colour(field: &'static str, raw: &str) -> Result<String> {
    let c = raw.trim().to_ascii_lowercase();
    let ok = c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|ch| ch.is_ascii_hexdigit());
    if ok {
        Ok(c)
    } else {
        Err(AppError::invalid(
            field,
            "must be a colour like #1f6feb (six hexadecimal digits)",
        ))
    }
}

impl App {
    /// The people directory: search by e-mail or name, filter by role.
    pub async fn directory(
        &self,
        actor: &Actor,
        search: &str,
        role: &str,
        page: &str,
    ) -> Result<Directory> {
        admin_only(actor)?;
        let role = match role.trim() {
            "" => None,
            r => Some(Role::parse(r).map_err(AppError::from)?),
        };
        let page = crate::crm::page(page).map_err(AppError::from)?;
        let mut c = self.store.read().await?;
        let (rows, total) = c
            .users()
            .directory(
                search,
                role,
                USERS_PER_PAGE,
                (page - 1).saturating_mul(USERS_PER_PAGE),
            )
            .await?;
        Ok(Directory {
            lines: rows
                .into_iter()
                .map(|(user, factory_code, dealer_code)| DirectoryLine {
                    user,
                    factory_code,
                    dealer_code,
                })
                .collect(),
            total,
            page,
            pages: ((total + USERS_PER_PAGE - 1) / USERS_PER_PAGE).max(1),
        })
    }

    /// Adds a person: with no password they get a one-time link to set one.
    pub async fn admin_create_user(&self, actor: &Actor, input: &NewUserInput) -> Result<Created> {
        admin_only(actor)?;
        self.create_user(input, Some(actor)).await
    }

    /// One person, for the edit form.
    pub async fn admin_user(&self, actor: &Actor, id: UserId) -> Result<DirectoryLine> {
        admin_only(actor)?;
        let mut c = self.store.read().await?;
        let user = c.users().by_id(id).await?.ok_or(AppError::NotFound)?;
        let factory_code = match user.factory_id {
            Some(f) => c.factories().by_id(f).await?.map(|f| f.code),
            None => None,
        };
        let dealer_code = match user.dealer_id {
            Some(d) => c.dealers().by_id(d).await?.map(|d| d.code),
            None => None,
        };
        Ok(DirectoryLine {
            user,
            factory_code,
            dealer_code,
        })
    }

    /// Changes a person's role, factory or whether they may log in.
    /// Dealers' people keep their dealer role (their dealer administrator
    /// manages them); only being active changes for them. Deactivation ends
    /// the person's sessions and API tokens at once. Nobody locks
    /// themselves out or takes away their own administration.
    pub async fn admin_change_user(
        &self,
        actor: &Actor,
        id: UserId,
        change: &StaffChange,
    ) -> Result<()> {
        admin_only(actor)?;
        let mut tx = self.store.begin().await?;
        let user = tx.users().by_id(id).await?.ok_or(AppError::NotFound)?;
        if user.id == actor.user_id && !change.active {
            return Err(AppError::invalid(
                "active",
                "you cannot deactivate your own account",
            ));
        }
        let before = serde_json::json!({
            "role": user.role.as_str(), "factory_id": user.factory_id.map(|f| f.0), "active": user.active,
        });
        let mut factory_id = user.factory_id;
        let mut role = user.role;
        if !user.role.is_dealer_side() {
            role = Role::parse(&change.role).map_err(AppError::from)?;
            if role.is_dealer_side() {
                return Err(AppError::invalid(
                    "role",
                    "a plant person cannot take a dealer's role",
                ));
            }
            if user.id == actor.user_id && role != Role::Admin {
                return Err(AppError::invalid(
                    "role",
                    "you cannot take away your own administration",
                ));
            }
            factory_id = match (role, change.factory.trim()) {
                (Role::Admin, _) => None,
                (_, "") => {
                    return Err(AppError::invalid("factory", "a plant role needs a factory"));
                }
                (_, code) => Some(
                    tx.factories()
                        .by_code(code)
                        .await?
                        .ok_or_else(|| {
                            AppError::invalid("factory", format!("no factory with code {code}"))
                        })?
                        .id,
                ),
            };
            tx.users().set_role(user.id, role, factory_id).await?;
        }
        if change.active != user.active {
            tx.users().set_active(user.id, change.active).await?;
            if !change.active {
                tx.auth().delete_user_sessions(user.id, None).await?;
                tx.auth().revoke_tokens(user.id).await?;
            }
        }
        let after = serde_json::json!({
            "role": role.as_str(), "factory_id": factory_id.map(|f| f.0), "active": change.active,
        });
        if before != after {
            tx.audit()
                .record(&NewAudit {
                    actor_id: Some(actor.user_id),
                    action: "user.changed",
                    object_type: "user",
                    object_id: user.id.to_string(),
                    before: Some(before.to_string()),
                    after: Some(after.to_string()),
                    ..Default::default()
                })
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A new factory (code, name, time zone).
    pub async fn admin_add_factory(
        &self,
        actor: &Actor,
        code: &str,
        name: &str,
        timezone: &str,
    ) -> Result<Factory> {
        admin_only(actor)?;
        let tz = timezone.trim();
        self.add_factory(code, name, (!tz.is_empty()).then_some(tz))
            .await
    }

    /// Every sync source with its live keys.
    pub async fn admin_sources(&self, actor: &Actor) -> Result<Vec<SourceLine>> {
        admin_only(actor)?;
        let mut c = self.store.read().await?;
        let sources = c.sources().all().await?;
        let mut out = Vec::with_capacity(sources.len());
        for (source, factory_code) in sources {
            let keys = c
                .sources()
                .live_keys(source.id)
                .await?
                .into_iter()
                .map(|(_, prefix, at)| (prefix, at))
                .collect();
            out.push(SourceLine {
                source,
                factory_code,
                keys,
            });
        }
        Ok(out)
    }

    /// Registers a source, or issues another key for an existing one: the
    /// key is returned once, to be shown once.
    pub async fn admin_issue_key(
        &self,
        actor: &Actor,
        factory_code: &str,
        kind: &str,
        rotate: bool,
    ) -> Result<IssuedKey> {
        admin_only(actor)?;
        let by = Some(actor.user_id);
        if rotate {
            self.rotate_source_as(by, factory_code, kind).await
        } else {
            self.add_source_as(by, factory_code, kind).await
        }
    }

    /// Revokes one key of a source by its shown prefix.
    pub async fn admin_revoke_key(
        &self,
        actor: &Actor,
        factory_code: &str,
        kind: &str,
        prefix: &str,
    ) -> Result<()> {
        admin_only(actor)?;
        self.revoke_source_as(
            Some(actor.user_id),
            factory_code,
            kind,
            &Revoke::Key(prefix.to_owned()),
        )
        .await
        .map(|_| ())
    }

    /// The brand's colours as stored (`None`: the configured defaults).
    pub async fn brand_colours(&self) -> Result<(Option<String>, Option<String>)> {
        let mut c = self.store.read().await?;
        let primary = c.settings().get("brand.primary").await?;
        let accent = c.settings().get("brand.accent").await?;
        Ok((primary, accent))
    }

    /// Sets the brand's primary and accent colours (every page's
    /// `/brand.css` follows at once).
    pub async fn set_brand_colours(
        &self,
        actor: &Actor,
        primary: &str,
        accent: &str,
    ) -> Result<()> {
        admin_only(actor)?;
        let mut errors = Vec::new();
        let p = parse_colour("primary", primary).map_err(|e| errors.push(e));
        let a = parse_colour("accent", accent).map_err(|e| errors.push(e));
        let (Ok(p), Ok(a)) = (p, a) else {
            let fields = errors
                .into_iter()
                .flat_map(|e| match e {
                    AppError::Invalid(f) => f,
                    _ => Vec::new(),
                })
                .collect();
            return Err(AppError::Invalid(fields));
        };
        let (old_p, old_a) = self.brand_colours().await?;
        let mut tx = self.store.begin().await?;
        tx.settings().set("brand.primary", &p).await?;
        tx.settings().set("brand.accent", &a).await?;
        tx.audit()
            .record(&NewAudit {
                actor_id: Some(actor.user_id),
                action: "settings.brand",
                object_type: "settings",
                object_id: "brand".to_owned(),
                before: Some(serde_json::json!({"primary": old_p, "accent": old_a}).to_string()),
                after: Some(serde_json::json!({"primary": p, "accent": a}).to_string()),
                ..Default::default()
            })
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_six_hex_digits() {
        assert_eq!(
            parse_colour("primary", " #1F6FEB ").ok(),
            Some("#1f6feb".to_owned())
        );
        for bad in ["1f6feb", "#1f6fe", "#1f6febb", "#ggg000", "red", ""] {
            assert!(parse_colour("primary", bad).is_err(), "{bad}");
        }
    }
}
