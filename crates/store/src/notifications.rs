use crate::row::RowExt;
use crate::{Result, StoreError};
use dealerdesk_domain::model::{Notification, NotificationKind};
use dealerdesk_domain::notification::{Channel, NotificationPrefs};
use dealerdesk_domain::{NotificationId, Timestamp, UserId};
use sqlx::AnyConnection;

pub struct Notifications<'c> {
    pub(crate) c: &'c mut AnyConnection,
}

impl Notifications<'_> {
    pub async fn insert(
        &mut self,
        user: UserId,
        kind: NotificationKind,
        title: &str,
        body: &str,
        link: Option<&str>,
    ) -> Result<NotificationId> {
        self.insert_at(user, kind, title, body, link, Timestamp::now())
            .await
    }

    /// [`Notifications::insert`] dated when its event happened.
    pub async fn insert_at(
        &mut self,
        user: UserId,
        kind: NotificationKind,
        title: &str,
        body: &str,
        link: Option<&str>,
        at: Timestamp,
    ) -> Result<NotificationId> {
        let id: i64 = sqlx::query_scalar("INSERT INTO notifications (user_id, kind, title, body, link, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
            .bind(user.0)
            .bind(kind.as_str())
            .bind(title)
            .bind(body)
            .bind(link)
            .bind(at.0)
            .fetch_one(&mut *self.c)
            .await?;
        Ok(NotificationId(id))
    }

    pub async fn latest(&mut self, user: UserId, limit: i64) -> Result<Vec<Notification>> {
        let rows = sqlx::query("SELECT id, user_id, kind, title, body, link, created_at, read_at FROM notifications WHERE user_id = $1 ORDER BY id DESC LIMIT $2")
            .bind(user.0)
            .bind(limit)
            .fetch_all(&mut *self.c)
            .await?;
        notifications(&rows)
    }

    /// The user's notifications after `after` (an id), oldest first: what
    /// a live stream has not sent yet.
    pub async fn after(
        &mut self,
        user: UserId,
        after: i64,
        limit: i64,
    ) -> Result<Vec<Notification>> {
        let rows = sqlx::query("SELECT id, user_id, kind, title, body, link, created_at, read_at FROM notifications WHERE user_id = $1 AND id > $2 ORDER BY id LIMIT $3")
            .bind(user.0)
            .bind(after)
            .bind(limit)
            .fetch_all(&mut *self.c)
            .await?;
        notifications(&rows)
    }

    /// The id of the user's newest notification (0: none).
    pub async fn last_id(&mut self, user: UserId) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM notifications WHERE user_id = $1")
                .bind(user.0)
                .fetch_one(&mut *self.c)
                .await?,
        )
    }

    pub async fn unread(&mut self, user: UserId) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL",
        )
        .bind(user.0)
        .fetch_one(&mut *self.c)
        .await?)
    }

    /// The person's choices per event type and channel.
    pub async fn prefs(&mut self, user: UserId) -> Result<NotificationPrefs> {
        let rows =
            sqlx::query("SELECT kind, channel, enabled FROM notification_prefs WHERE user_id = $1")
                .bind(user.0)
                .fetch_all(&mut *self.c)
                .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let (kind, channel) = (r.string("kind")?, r.string("channel")?);
            let k = NotificationKind::parse(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("notification kind {kind:?}")))?;
            let c = Channel::parse(&channel)
                .ok_or_else(|| StoreError::Corrupt(format!("notification channel {channel:?}")))?;
            out.push((k, c, r.flag("enabled")?));
        }
        Ok(NotificationPrefs::from_rows(out))
    }

    /// Replaces the person's choices (in the caller's transaction).
    pub async fn set_prefs(&mut self, user: UserId, prefs: &NotificationPrefs) -> Result<()> {
        sqlx::query("DELETE FROM notification_prefs WHERE user_id = $1")
            .bind(user.0)
            .execute(&mut *self.c)
            .await?;
        for (k, c, on) in prefs.rows() {
            sqlx::query("INSERT INTO notification_prefs (user_id, kind, channel, enabled) VALUES ($1, $2, $3, $4)")
                .bind(user.0)
                .bind(k.as_str())
                .bind(c.as_str())
                .bind(crate::flag(on))
                .execute(&mut *self.c)
                .await?;
        }
        Ok(())
    }

    /// Marks all of the user's notifications read; returns how many were unread.
    pub async fn mark_all_read(&mut self, user: UserId) -> Result<u64> {
        Ok(sqlx::query(
            "UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL",
        )
        .bind(user.0)
        .bind(Timestamp::now().0)
        .execute(&mut *self.c)
        .await?
        .rows_affected())
    }

    /// Marks one of the user's own notifications read.
    pub async fn mark_read(&mut self, user: UserId, id: NotificationId) -> Result<()> {
        let n = sqlx::query("UPDATE notifications SET read_at = $3 WHERE id = $1 AND user_id = $2 AND read_at IS NULL")
            .bind(id.0)
            .bind(user.0)
            .bind(Timestamp::now().0)
            .execute(&mut *self.c)
            .await?
            .rows_affected();
        if n == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }
}

fn notifications(rows: &[sqlx::any::AnyRow]) -> Result<Vec<Notification>> {
    rows.iter()
        .map(|r| {
            let kind = r.string("kind")?;
            Ok(Notification {
                id: NotificationId(r.i64("id")?),
                user_id: UserId(r.i64("user_id")?),
                kind: NotificationKind::parse(&kind)
                    .ok_or_else(|| StoreError::Corrupt(format!("notification kind {kind:?}")))?,
                title: r.string("title")?,
                body: r.string("body")?,
                link: r.opt_string("link")?,
                created_at: r.ts("created_at")?,
                read_at: r.opt_ts("read_at")?,
            })
        })
        .collect()
}
