use crate::row::RowExt;
use crate::{Result, StoreError};
use dealerdesk_domain::model::{Notification, NotificationKind};
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
        let id: i64 = sqlx::query_scalar("INSERT INTO notifications (user_id, kind, title, body, link, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
            .bind(user.0)
            .bind(kind.as_str())
            .bind(title)
            .bind(body)
            .bind(link)
            .bind(Timestamp::now().0)
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
        rows.iter()
            .map(|r| {
                let kind = r.string("kind")?;
                Ok(Notification {
                    id: NotificationId(r.i64("id")?),
                    user_id: UserId(r.i64("user_id")?),
                    kind: NotificationKind::parse(&kind).ok_or_else(|| {
                        StoreError::Corrupt(format!("notification kind {kind:?}"))
                    })?,
                    title: r.string("title")?,
                    body: r.string("body")?,
                    link: r.opt_string("link")?,
                    created_at: r.ts("created_at")?,
                    read_at: r.opt_ts("read_at")?,
                })
            })
            .collect()
    }

    pub async fn unread(&mut self, user: UserId) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL",
        )
        .bind(user.0)
        .fetch_one(&mut *self.c)
        .await?)
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
