use crate::Result;
use crate::row::RowExt;
use dealerdesk_domain::model::News;
use dealerdesk_domain::{FactoryId, NewsId, Timestamp, UserId};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

pub struct NewsRepo<'c> {
    pub(crate) c: &'c mut AnyConnection,
}

fn from_row(r: &AnyRow) -> Result<News> {
    Ok(News {
        id: NewsId(r.i64("id")?),
        factory_id: r.opt_i64("factory_id")?.map(FactoryId),
        title: r.string("title")?,
        body_markdown: r.string("body_markdown")?,
        published_at: r.opt_ts("published_at")?,
        author_id: UserId(r.i64("author_id")?),
    })
}

impl NewsRepo<'_> {
    /// A draft; `factory: None` addresses every factory.
    pub async fn insert_draft(
        &mut self,
        factory: Option<FactoryId>,
        title: &str,
        body_markdown: &str,
        author: UserId,
    ) -> Result<NewsId> {
        let now = Timestamp::now().0;
        let id: i64 = sqlx::query_scalar("INSERT INTO news (factory_id, title, body_markdown, author_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id")
            .bind(factory.map(|f| f.0))
            .bind(title)
            .bind(body_markdown)
            .bind(author.0)
            .bind(now)
            .fetch_one(&mut *self.c)
            .await?;
        Ok(NewsId(id))
    }

    /// Any item, draft or published (the content manager's side).
    pub async fn by_id(&mut self, id: NewsId) -> Result<Option<News>> {
        sqlx::query(
            "SELECT id, factory_id, title, body_markdown, published_at, author_id FROM news WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(&mut *self.c)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
    }

    /// Publishes a draft; false if it was already published (by someone
    /// else a moment ago), so it is announced once.
    pub async fn publish_draft(&mut self, id: NewsId, at: Timestamp) -> Result<bool> {
        Ok(sqlx::query(
            "UPDATE news SET published_at = $2, updated_at = $2 WHERE id = $1 AND published_at IS NULL",
        )
        .bind(id.0)
        .bind(at.0)
        .execute(&mut *self.c)
        .await?
        .rows_affected()
            == 1)
    }

    pub async fn publish(&mut self, id: NewsId, at: Timestamp) -> Result<()> {
        sqlx::query("UPDATE news SET published_at = $2, updated_at = $2 WHERE id = $1")
            .bind(id.0)
            .bind(at.0)
            .execute(&mut *self.c)
            .await?;
        Ok(())
    }

    /// Published news a factory's people see: its own and those for all.
    pub async fn published(&mut self, factory: Option<FactoryId>, limit: i64) -> Result<Vec<News>> {
        sqlx::query(
            "SELECT id, factory_id, title, body_markdown, published_at, author_id FROM news \
             WHERE published_at IS NOT NULL AND (factory_id IS NULL OR $1 = 0 OR factory_id = $1) ORDER BY published_at DESC, id DESC LIMIT $2",
        )
        .bind(factory.map(|f| f.0).unwrap_or(0))
        .bind(limit)
        .fetch_all(&mut *self.c)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    /// One page of published news, newest first, starting after the
    /// `(published_at, id)` of the last item of the previous page.
    pub async fn published_page(
        &mut self,
        factory: Option<FactoryId>,
        after: Option<(Timestamp, NewsId)>,
        limit: i64,
    ) -> Result<Vec<News>> {
        let (at, id) = after.map_or((i64::MAX, i64::MAX), |(t, n)| (t.0, n.0));
        sqlx::query(
            "SELECT id, factory_id, title, body_markdown, published_at, author_id FROM news \
             WHERE published_at IS NOT NULL AND (factory_id IS NULL OR $1 = 0 OR factory_id = $1) \
             AND (published_at, id) < ($2, $3) \
             ORDER BY published_at DESC, id DESC LIMIT $4",
        )
        .bind(factory.map(|f| f.0).unwrap_or(0))
        .bind(at)
        .bind(id)
        .bind(limit)
        .fetch_all(&mut *self.c)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    /// A published item the reader's factory may see.
    pub async fn published_one(
        &mut self,
        factory: Option<FactoryId>,
        id: NewsId,
    ) -> Result<Option<News>> {
        sqlx::query(
            "SELECT id, factory_id, title, body_markdown, published_at, author_id FROM news \
             WHERE id = $1 AND published_at IS NOT NULL AND (factory_id IS NULL OR $2 = 0 OR factory_id = $2)",
        )
        .bind(id.0)
        .bind(factory.map(|f| f.0).unwrap_or(0))
        .fetch_optional(&mut *self.c)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
    }

    pub async fn count_drafts(&mut self, factory: Option<FactoryId>) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM news WHERE published_at IS NULL AND ($1 = 0 OR factory_id = $1 OR factory_id IS NULL)")
            .bind(factory.map(|f| f.0).unwrap_or(0))
            .fetch_one(&mut *self.c)
            .await?)
    }

    /// The content manager's desk: drafts first (latest edited first), then
    /// the latest published, of a factory and those for all (`None`: all).
    pub async fn desk(&mut self, factory: Option<FactoryId>, limit: i64) -> Result<Vec<News>> {
        sqlx::query(
            "SELECT id, factory_id, title, body_markdown, published_at, author_id FROM news \
             WHERE ($1 = 0 OR factory_id = $1 OR factory_id IS NULL) \
             ORDER BY CASE WHEN published_at IS NULL THEN 0 ELSE 1 END, COALESCE(published_at, updated_at) DESC, id DESC LIMIT $2",
        )
        .bind(factory.map(|f| f.0).unwrap_or(0))
        .bind(limit)
        .fetch_all(&mut *self.c)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    /// Rewrites a draft; `false` if it was published meanwhile (a
    /// published item is not rewritten behind its readers' backs).
    pub async fn update_draft(
        &mut self,
        id: NewsId,
        factory: Option<FactoryId>,
        title: &str,
        body_markdown: &str,
    ) -> Result<bool> {
        Ok(sqlx::query(
            "UPDATE news SET factory_id = $2, title = $3, body_markdown = $4, updated_at = $5 WHERE id = $1 AND published_at IS NULL",
        )
        .bind(id.0)
        .bind(factory.map(|f| f.0))
        .bind(title)
        .bind(body_markdown)
        .bind(Timestamp::now().0)
        .execute(&mut *self.c)
        .await?
        .rows_affected()
            == 1)
    }
}
