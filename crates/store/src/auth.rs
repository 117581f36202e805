//! Sessions, personal API tokens, invitations and the login throttle. Only
//! hashes of secrets are stored: a copy of the database does not let anyone
//! log in.

use crate::row::RowExt;
use crate::{Result, StoreError};
use dealerdesk_domain::{InvitationId, Timestamp, TokenId, UserId};
use sqlx::AnyConnection;

pub struct Auth<'c> {
    pub(crate) c: &'c mut AnyConnection,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub user_id: UserId,
    pub csrf_token: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub last_seen_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationRow {
    pub id: InvitationId,
    pub user_id: UserId,
    pub expires_at: Timestamp,
    pub used_at: Option<Timestamp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttle {
    pub failures: i64,
    pub blocked_until: Timestamp,
}

pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub user_id: UserId,
    pub csrf_token: &'a str,
    pub now: Timestamp,
    pub expires_at: Timestamp,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
}

impl Auth<'_> {
    pub async fn create_session(&mut self, s: &NewSession<'_>) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at, ip, user_agent) \
             VALUES ($1, $2, $3, $4, $5, $4, $6, $7)",
        )
        .bind(s.token_hash)
        .bind(s.user_id.0)
        .bind(s.csrf_token)
        .bind(s.now.0)
        .bind(s.expires_at.0)
        .bind(s.ip)
        .bind(s.user_agent)
        .execute(&mut *self.c)
        .await?;
        Ok(())
    }

    /// Slides the expiry forward (idle timeout).
    pub async fn touch_session(
        &mut self,
        token_hash: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<()> {
        sqlx::query("UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE token_hash = $1")
            .bind(token_hash)
            .bind(now.0)
            .bind(expires_at.0)
            .execute(&mut *self.c)
            .await?;
        Ok(())
    }

    pub async fn delete_session(&mut self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&mut *self.c)
            .await?;
        Ok(())
    }

    /// Ends every session of a user except, optionally, the one in use
    /// (after a password change or a deactivation).
    pub async fn delete_user_sessions(&mut self, user: UserId, keep: Option<&str>) -> Result<u64> {
        Ok(
            sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
                .bind(user.0)
                .bind(keep.unwrap_or(""))
                .execute(&mut *self.c)
                .await?
                .rows_affected(),
        )
    }

    pub async fn purge_expired_sessions(&mut self, now: Timestamp) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now.0)
            .execute(&mut *self.c)
            .await?
            .rows_affected())
    }

    pub async fn create_token(
        &mut self,
        user: UserId,
        token_hash: &str,
        label: &str,
    ) -> Result<TokenId> {
        let id: i64 = sqlx::query_scalar("INSERT INTO api_tokens (user_id, token_hash, label, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(user.0)
            .bind(token_hash)
            .bind(label)
            .bind(Timestamp::now().0)
            .fetch_one(&mut *self.c)
            .await?;
        Ok(TokenId(id))
    }

    /// The user a live (not revoked) token belongs to.
    pub async fn token_user(&mut self, token_hash: &str) -> Result<Option<(TokenId, UserId)>> {
        let row = sqlx::query(
            "SELECT id, user_id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(&mut *self.c)
        .await?;
        row.map(|r| Ok((TokenId(r.i64("id")?), UserId(r.i64("user_id")?))))
            .transpose()
    }

    pub async fn touch_token(&mut self, id: TokenId, now: Timestamp) -> Result<()> {
        sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1")
            .bind(id.0)
            .bind(now.0)
            .execute(&mut *self.c)
            .await?;
        Ok(())
    }

    pub async fn revoke_tokens(&mut self, user: UserId) -> Result<u64> {
        Ok(sqlx::query(
            "UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
        )
        .bind(user.0)
        .bind(Timestamp::now().0)
        .execute(&mut *self.c)
        .await?
        .rows_affected())
    }

    pub async fn create_invitation(
        &mut self,
        user: UserId,
        token_hash: &str,
        created_by: Option<UserId>,
        expires_at: Timestamp,
    ) -> Result<InvitationId> {
        let id: i64 = sqlx::query_scalar("INSERT INTO invitations (user_id, token_hash, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(user.0)
            .bind(token_hash)
            .bind(created_by.map(|u| u.0))
            .bind(Timestamp::now().0)
            .bind(expires_at.0)
            .fetch_one(&mut *self.c)
            .await?;
        Ok(InvitationId(id))
    }

    pub async fn invitation(&mut self, token_hash: &str) -> Result<Option<InvitationRow>> {
        let row = sqlx::query(
            "SELECT id, user_id, expires_at, used_at FROM invitations WHERE token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&mut *self.c)
        .await?;
        row.map(|r| {
            Ok(InvitationRow {
                id: InvitationId(r.i64("id")?),
                user_id: UserId(r.i64("user_id")?),
                expires_at: r.ts("expires_at")?,
                used_at: r.opt_ts("used_at")?,
            })
        })
        .transpose()
    }

    /// Marks an invitation used. Exactly one caller wins even if the link is
    /// opened twice at once; the loser gets `Conflict`.
    pub async fn use_invitation(&mut self, id: InvitationId, now: Timestamp) -> Result<()> {
        let n = sqlx::query("UPDATE invitations SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND expires_at > $2")
            .bind(id.0)
            .bind(now.0)
            .execute(&mut *self.c)
            .await?
            .rows_affected();
        if n == 1 {
            Ok(())
        } else {
            Err(StoreError::Conflict(
                "invitation already used or expired".into(),
            ))
        }
    }

    /// Any earlier invitations of the user stop working when a new one is sent.
    pub async fn expire_invitations(&mut self, user: UserId, now: Timestamp) -> Result<()> {
        sqlx::query("UPDATE invitations SET expires_at = $2 WHERE user_id = $1 AND used_at IS NULL AND expires_at > $2")
            .bind(user.0)
            .bind(now.0)
            .execute(&mut *self.c)
            .await?;
        Ok(())
    }

    pub async fn throttle(&mut self, key: &str) -> Result<Option<Throttle>> {
        let row = sqlx::query("SELECT failures, blocked_until FROM login_throttle WHERE key = $1")
            .bind(key)
            .fetch_optional(&mut *self.c)
            .await?;
        row.map(|r| {
            Ok(Throttle {
                failures: r.i64("failures")?,
                blocked_until: r.ts("blocked_until")?,
            })
        })
        .transpose()
    }

    /// Counts one more failure for `key` and returns the new count. A run of
    /// failures older than `forget_before` starts again from one.
    pub async fn record_failure(
        &mut self,
        key: &str,
        now: Timestamp,
        forget_before: Timestamp,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO login_throttle (key, failures, last_failure_at, blocked_until) VALUES ($1, 1, $2, 0) \
             ON CONFLICT (key) DO UPDATE SET \
               failures = CASE WHEN login_throttle.last_failure_at < $3 THEN 1 ELSE login_throttle.failures + 1 END, \
               last_failure_at = excluded.last_failure_at \
             RETURNING failures",
        )
        .bind(key)
        .bind(now.0)
        .bind(forget_before.0)
        .fetch_one(&mut *self.c)
        .await?)
    }

    pub async fn block_until(&mut self, key: &str, until: Timestamp) -> Result<()> {
        sqlx::query("UPDATE login_throttle SET blocked_until = $2 WHERE key = $1")
            .bind(key)
            .bind(until.0)
            .execute(&mut *self.c)
            .await?;
        Ok(())
    }

    pub async fn clear_throttle(&mut self, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_throttle WHERE key = $1")
            .bind(key)
            .execute(&mut *self.c)
            .await?;
        Ok(())
    }
}
