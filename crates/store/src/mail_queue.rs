//! Notifications waiting to be e-mailed, and the e-mails made of them
//! (migration 0009). Items are queued by the notification fan-out in its
//! transaction; the mail worker gathers a person's waiting items into one
//! rendered e-mail, then sends e-mails whose time has come. Claiming an
//! e-mail moves its next attempt forward by a lease, so two workers never
//! send it at once and a worker that dies mid-send leaves it to be retried.

use crate::Result;
use crate::row::RowExt;
use dealerdesk_domain::model::NotificationKind;
use dealerdesk_domain::{Timestamp, UserId};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

pub struct MailQueue<'c> {
    pub(crate) c: &'c mut AnyConnection,
}

/// One notification waiting for its e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailItem {
    pub id: i64,
    pub user_id: UserId,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
    pub event_at: Timestamp,
    pub queued_at: Timestamp,
}

/// A rendered e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub id: i64,
    pub user_id: UserId,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    /// How many notifications it lists.
    pub items: i64,
    pub created_at: Timestamp,
    pub attempts: i64,
    pub next_attempt_at: Timestamp,
    pub sent_at: Option<Timestamp>,
    pub failed_at: Option<Timestamp>,
    pub last_error: Option<String>,
}

/// An e-mail before it has an id.
#[derive(Debug, Clone)]
pub struct NewEmail<'a> {
    pub user_id: UserId,
    pub to_address: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub items: i64,
}

const EMAIL_COLS: &str = "id, user_id, to_address, subject, body, items, created_at, attempts, next_attempt_at, sent_at, failed_at, last_error";

fn email(r: &AnyRow) -> Result<Email> {
    Ok(Email {
        id: r.i64("id")?,
        user_id: UserId(r.i64("user_id")?),
        to_address: r.string("to_address")?,
        subject: r.string("subject")?,
        body: r.string("body")?,
        items: r.i64("items")?,
        created_at: r.ts("created_at")?,
        attempts: r.i64("attempts")?,
        next_attempt_at: r.ts("next_attempt_at")?,
        sent_at: r.opt_ts("sent_at")?,
        failed_at: r.opt_ts("failed_at")?,
        last_error: r.opt_string("last_error")?,
    })
}

impl MailQueue<'_> {
    fn is_postgres(&self) -> bool {
        self.c.backend_name() == "PostgreSQL"
    }

    /// Queues one notification for the person's next e-mail.
    #[allow(clippy::too_many_arguments)]
    pub async fn queue(
        &mut self,
        user: UserId,
        kind: NotificationKind,
        title: &str,
        body: &str,
        link: Option<&str>,
        event_at: Timestamp,
        now: Timestamp,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar("INSERT INTO mail_items (user_id, kind, title, body, link, event_at, queued_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
            .bind(user.0)
            .bind(kind.as_str())
            .bind(title)
            .bind(body)
            .bind(link)
            .bind(event_at.0)
            .bind(now.0)
            .fetch_one(&mut *self.c)
            .await?)
    }

    /// People whose oldest waiting item was queued at or before `cutoff`.
    pub async fn people_due(&mut self, cutoff: Timestamp, limit: i64) -> Result<Vec<UserId>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT user_id FROM mail_items WHERE email_id IS NULL GROUP BY user_id HAVING MIN(queued_at) <= $1 ORDER BY MIN(queued_at) LIMIT $2",
        )
        .bind(cutoff.0)
        .bind(limit)
        .fetch_all(&mut *self.c)
        .await?;
        Ok(ids.into_iter().map(UserId).collect())
    }

    /// A person's waiting items, oldest first (at most `limit`).
    pub async fn waiting(&mut self, user: UserId, limit: i64) -> Result<Vec<MailItem>> {
        let rows = sqlx::query("SELECT id, user_id, kind, title, body, link, event_at, queued_at FROM mail_items WHERE user_id = $1 AND email_id IS NULL ORDER BY id LIMIT $2")
            .bind(user.0)
            .bind(limit)
            .fetch_all(&mut *self.c)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(MailItem {
                    id: r.i64("id")?,
                    user_id: UserId(r.i64("user_id")?),
                    kind: r.string("kind")?,
                    title: r.string("title")?,
                    body: r.string("body")?,
                    link: r.opt_string("link")?,
                    event_at: r.ts("event_at")?,
                    queued_at: r.ts("queued_at")?,
                })
            })
            .collect()
    }

    /// Drops a person's waiting items (they have no address to send to, or
    /// are no longer active); returns how many.
    pub async fn drop_waiting(&mut self, user: UserId, up_to: i64) -> Result<u64> {
        Ok(sqlx::query(
            "DELETE FROM mail_items WHERE user_id = $1 AND email_id IS NULL AND id <= $2",
        )
        .bind(user.0)
        .bind(up_to)
        .execute(&mut *self.c)
        .await?
        .rows_affected())
    }

    /// Stores a rendered e-mail, due now, and ties the items `first..=last`
    /// of its person to it.
    pub async fn insert_email(
        &mut self,
        e: &NewEmail<'_>,
        first: i64,
        last: i64,
        now: Timestamp,
    ) -> Result<i64> {
        let id: i64 = sqlx::query_scalar("INSERT INTO emails (user_id, to_address, subject, body, items, created_at, attempts, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, 0, $6) RETURNING id")
            .bind(e.user_id.0)
            .bind(e.to_address)
            .bind(e.subject)
            .bind(e.body)
            .bind(e.items)
            .bind(now.0)
            .fetch_one(&mut *self.c)
            .await?;
        sqlx::query("UPDATE mail_items SET email_id = $1 WHERE user_id = $2 AND email_id IS NULL AND id >= $3 AND id <= $4")
            .bind(id)
            .bind(e.user_id.0)
            .bind(first)
            .bind(last)
            .execute(&mut *self.c)
            .await?;
        Ok(id)
    }

    /// Claims up to `limit` e-mails due at `now` for this attempt: each
    /// one's attempt is counted and its next attempt moved to `lease_until`.
    /// On PostgreSQL other workers skip the rows this transaction holds.
    pub async fn claim_due(
        &mut self,
        now: Timestamp,
        lease_until: Timestamp,
        limit: i64,
    ) -> Result<Vec<Email>> {
        let lock = if self.is_postgres() {
            " FOR UPDATE SKIP LOCKED"
        } else {
            ""
        };
        let sql = format!(
            "SELECT {EMAIL_COLS} FROM emails WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $2{lock}"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(now.0)
            .bind(limit)
            .fetch_all(&mut *self.c)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let mut e = email(r)?;
            sqlx::query(
                "UPDATE emails SET attempts = attempts + 1, next_attempt_at = $2 WHERE id = $1",
            )
            .bind(e.id)
            .bind(lease_until.0)
            .execute(&mut *self.c)
            .await?;
            e.attempts += 1;
            e.next_attempt_at = lease_until;
            out.push(e);
        }
        Ok(out)
    }

    pub async fn mark_sent(&mut self, id: i64, at: Timestamp) -> Result<()> {
        sqlx::query("UPDATE emails SET sent_at = $2, last_error = NULL WHERE id = $1")
            .bind(id)
            .bind(at.0)
            .execute(&mut *self.c)
            .await?;
        Ok(())
    }

    /// Records a failed attempt: tried again at `retry_at`, or, with
    /// `None`, given up.
    pub async fn mark_failed(
        &mut self,
        id: i64,
        error: &str,
        retry_at: Option<Timestamp>,
        now: Timestamp,
    ) -> Result<()> {
        match retry_at {
            Some(at) => sqlx::query("UPDATE emails SET last_error = $2, next_attempt_at = $3 WHERE id = $1 AND sent_at IS NULL")
                .bind(id)
                .bind(error)
                .bind(at.0),
            None => sqlx::query("UPDATE emails SET last_error = $2, failed_at = $3 WHERE id = $1 AND sent_at IS NULL")
                .bind(id)
                .bind(error)
                .bind(now.0),
        }
        .execute(&mut *self.c)
        .await?;
        Ok(())
    }

    /// A person's e-mails, newest first.
    pub async fn emails_of(&mut self, user: UserId, limit: i64) -> Result<Vec<Email>> {
        let sql =
            format!("SELECT {EMAIL_COLS} FROM emails WHERE user_id = $1 ORDER BY id DESC LIMIT $2");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(user.0)
            .bind(limit)
            .fetch_all(&mut *self.c)
            .await?;
        rows.iter().map(email).collect()
    }

    /// Items waiting and e-mails not yet sent or given up, for health pages
    /// and tests.
    pub async fn backlog(&mut self) -> Result<(i64, i64)> {
        let items: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM mail_items WHERE email_id IS NULL")
                .fetch_one(&mut *self.c)
                .await?;
        let emails: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM emails WHERE sent_at IS NULL AND failed_at IS NULL",
        )
        .fetch_one(&mut *self.c)
        .await?;
        Ok((items, emails))
    }
}
