use crate::Result;
use crate::row::RowExt;
use dealerdesk_domain::model::AuditEntry;
use dealerdesk_domain::{AuditId, Timestamp, UserId};
use sqlx::AnyConnection;

pub struct Audit<'c> {
    pub(crate) c: &'c mut AnyConnection,
}

/// One change to record, written in the same transaction as the change.
#[derive(Debug, Clone, Default)]
pub struct NewAudit<'a> {
    pub actor_id: Option<UserId>,
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub ip: Option<&'a str>,
}

impl Audit<'_> {
    pub async fn record(&mut self, a: &NewAudit<'_>) -> Result<AuditId> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO audit_log (at, actor_id, action, object_type, object_id, before_json, after_json, ip) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(Timestamp::now().0)
        .bind(a.actor_id.map(|u| u.0))
        .bind(a.action)
        .bind(a.object_type)
        .bind(&a.object_id)
        .bind(a.before.as_deref())
        .bind(a.after.as_deref())
        .bind(a.ip)
        .fetch_one(&mut *self.c)
        .await?;
        Ok(AuditId(id))
    }

    /// The newest entries first, keyset-paged by id.
    pub async fn latest(
        &mut self,
        before_id: Option<AuditId>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT id, at, actor_id, action, object_type, object_id, before_json, after_json FROM audit_log WHERE ($1 = 0 OR id < $1) ORDER BY id DESC LIMIT $2",
        )
        .bind(before_id.map(|a| a.0).unwrap_or(0))
        .bind(limit)
        .fetch_all(&mut *self.c)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditEntry {
                    id: AuditId(r.i64("id")?),
                    at: r.ts("at")?,
                    actor_id: r.opt_i64("actor_id")?.map(UserId),
                    action: r.string("action")?,
                    object_type: r.string("object_type")?,
                    object_id: r.string("object_id")?,
                    before: r.opt_string("before_json")?,
                    after: r.opt_string("after_json")?,
                })
            })
            .collect()
    }

    /// Entries matching `f`, newest first, keyset-paged by id, each with
    /// the name of the person who made the change.
    pub async fn search(
        &mut self,
        f: &AuditFilter,
        before_id: Option<AuditId>,
        limit: i64,
    ) -> Result<Vec<(AuditEntry, Option<String>)>> {
        let prefix = f
            .action_prefix
            .as_deref()
            .map(|p| format!("{}%", crate::like_escape(p)))
            .unwrap_or_default();
        let rows = sqlx::query(
            "SELECT a.id, a.at, a.actor_id, a.action, a.object_type, a.object_id, a.before_json, a.after_json, u.display_name AS actor_name \
             FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id \
             WHERE ($1 = 0 OR a.id < $1) AND ($2 = 0 OR a.actor_id = $2) AND ($3 = '' OR a.action LIKE $3 ESCAPE '\\') \
             AND ($4 = '' OR a.object_type = $4) AND ($5 = '' OR a.object_id = $5) AND a.at >= $6 AND a.at < $7 \
             ORDER BY a.id DESC LIMIT $8",
        )
        .bind(before_id.map(|a| a.0).unwrap_or(0))
        .bind(f.actor.map(|u| u.0).unwrap_or(0))
        .bind(prefix)
        .bind(f.object_type.clone().unwrap_or_default())
        .bind(f.object_id.clone().unwrap_or_default())
        .bind(f.from.map(|t| t.0).unwrap_or(i64::MIN))
        .bind(f.to.map(|t| t.0).unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&mut *self.c)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    AuditEntry {
                        id: AuditId(r.i64("id")?),
                        at: r.ts("at")?,
                        actor_id: r.opt_i64("actor_id")?.map(UserId),
                        action: r.string("action")?,
                        object_type: r.string("object_type")?,
                        object_id: r.string("object_id")?,
                        before: r.opt_string("before_json")?,
                        after: r.opt_string("after_json")?,
                    },
                    r.opt_string("actor_name")?,
                ))
            })
            .collect()
    }
}

/// What the audit log is searched by; `None`: any.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<UserId>,
    /// `lead.` finds every lead change.
    pub action_prefix: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub from: Option<Timestamp>,
    /// Exclusive.
    pub to: Option<Timestamp>,
}
