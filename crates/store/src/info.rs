//! Factory information pages (reference directory, schedule, contacts).
//! Readers see the published pages of their own factory and those written
//! for every factory; `factory: None` (the administrator) sees all.

use crate::Result;
use crate::StoreError;
use crate::blobs::{NewFile, StoredFile};
use crate::row::RowExt;
use dealerdesk_domain::model::{InfoPage, InfoSection};
use dealerdesk_domain::{FactoryId, InfoPageId, Timestamp, UserId};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

pub struct InfoPages<'c> {
    pub(crate) c: &'c mut AnyConnection,
}

/// A page to create (as a draft unless `published_at` is set).
#[derive(Debug, Clone)]
pub struct NewInfoPage<'a> {
    pub factory_id: Option<FactoryId>,
    pub section: InfoSection,
    pub topic: Option<&'a str>,
    pub slug: &'a str,
    pub title: &'a str,
    pub body_markdown: &'a str,
    pub position: i64,
    pub published_at: Option<Timestamp>,
    pub author_id: Option<UserId>,
}

macro_rules! cols {
    () => {
        "id, factory_id, section, topic, slug, title, body_markdown, position, published_at"
    };
}

fn from_row(r: &AnyRow) -> Result<InfoPage> {
    let section = r.string("section")?;
    Ok(InfoPage {
        id: InfoPageId(r.i64("id")?),
        factory_id: r.opt_i64("factory_id")?.map(FactoryId),
        section: InfoSection::parse(&section)
            .ok_or_else(|| StoreError::Corrupt(format!("info page section {section:?}")))?,
        topic: r.opt_string("topic")?,
        slug: r.string("slug")?,
        title: r.string("title")?,
        body_markdown: r.string("body_markdown")?,
        position: r.i64("position")?,
        published_at: r.opt_ts("published_at")?,
    })
}

impl InfoPages<'_> {
    pub async fn insert(&mut self, p: &NewInfoPage<'_>) -> Result<InfoPageId> {
        let now = Timestamp::now().0;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO info_pages (factory_id, section, topic, slug, title, body_markdown, position, published_at, author_id, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
        )
        .bind(p.factory_id.map(|f| f.0))
        .bind(p.section.as_str())
        .bind(p.topic)
        .bind(p.slug)
        .bind(p.title)
        .bind(p.body_markdown)
        .bind(p.position)
        .bind(p.published_at.map(|t| t.0))
        .bind(p.author_id.map(|u| u.0))
        .bind(now)
        .fetch_one(&mut *self.c)
        .await?;
        Ok(InfoPageId(id))
    }

    /// The published pages of one section, in their order, bodies included
    /// (sections hold a handful of pages).
    pub async fn published(
        &mut self,
        factory: Option<FactoryId>,
        section: InfoSection,
    ) -> Result<Vec<InfoPage>> {
        sqlx::query(concat!(
            "SELECT ",
            cols!(),
            " FROM info_pages WHERE published_at IS NOT NULL AND section = $1 \
             AND (factory_id IS NULL OR $2 = 0 OR factory_id = $2) ORDER BY position, title, id"
        ))
        .bind(section.as_str())
        .bind(factory.map(|f| f.0).unwrap_or(0))
        .fetch_all(&mut *self.c)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    /// A published page by its slug; the factory's own page wins over one
    /// written for every factory.
    pub async fn by_slug(
        &mut self,
        factory: Option<FactoryId>,
        slug: &str,
    ) -> Result<Option<InfoPage>> {
        sqlx::query(concat!(
            "SELECT ",
            cols!(),
            " FROM info_pages WHERE published_at IS NOT NULL AND slug = $1 \
             AND (factory_id IS NULL OR $2 = 0 OR factory_id = $2) \
             ORDER BY CASE WHEN factory_id IS NULL THEN 1 ELSE 0 END, id LIMIT 1"
        ))
        .bind(slug)
        .bind(factory.map(|f| f.0).unwrap_or(0))
        .fetch_optional(&mut *self.c)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
    }

    /// Every page the content desk shows — drafts and published, of one
    /// factory and those for every factory (`None`: all) — by section and order.
    pub async fn desk(&mut self, factory: Option<FactoryId>) -> Result<Vec<InfoPage>> {
        sqlx::query(concat!(
            "SELECT ",
            cols!(),
            " FROM info_pages WHERE (factory_id IS NULL OR $1 = 0 OR factory_id = $1) \
             ORDER BY section, position, title, id"
        ))
        .bind(factory.map(|f| f.0).unwrap_or(0))
        .fetch_all(&mut *self.c)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    /// A page by id, draft or published.
    pub async fn by_id(&mut self, id: InfoPageId) -> Result<Option<InfoPage>> {
        sqlx::query(concat!(
            "SELECT ",
            cols!(),
            " FROM info_pages WHERE id = $1"
        ))
        .bind(id.0)
        .fetch_optional(&mut *self.c)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
    }

    /// Rewrites a page's fields (`Conflict`: the address is taken).
    pub async fn update(&mut self, id: InfoPageId, p: &NewInfoPage<'_>) -> Result<()> {
        sqlx::query(
            "UPDATE info_pages SET factory_id = $2, section = $3, topic = $4, slug = $5, title = $6, \
             body_markdown = $7, position = $8, updated_at = $9 WHERE id = $1",
        )
        .bind(id.0)
        .bind(p.factory_id.map(|f| f.0))
        .bind(p.section.as_str())
        .bind(p.topic)
        .bind(p.slug)
        .bind(p.title)
        .bind(p.body_markdown)
        .bind(p.position)
        .bind(Timestamp::now().0)
        .execute(&mut *self.c)
        .await?;
        Ok(())
    }

    /// Whether another page of the same audience already has this slug.
    pub async fn slug_taken(
        &mut self,
        slug: &str,
        factory: Option<FactoryId>,
        except: Option<InfoPageId>,
    ) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM info_pages WHERE slug = $1 AND COALESCE(factory_id, 0) = $2 AND id <> $3",
        )
        .bind(slug)
        .bind(factory.map(|f| f.0).unwrap_or(0))
        .bind(except.map(|i| i.0).unwrap_or(0))
        .fetch_one(&mut *self.c)
        .await?;
        Ok(n > 0)
    }

    /// Publishes (`Some`) or withdraws (`None`) a page.
    pub async fn set_published(&mut self, id: InfoPageId, at: Option<Timestamp>) -> Result<()> {
        sqlx::query("UPDATE info_pages SET published_at = $2, updated_at = $3 WHERE id = $1")
            .bind(id.0)
            .bind(at.map(|t| t.0))
            .bind(Timestamp::now().0)
            .execute(&mut *self.c)
            .await?;
        Ok(())
    }

    pub async fn add_file(&mut self, page: InfoPageId, f: &NewFile<'_>) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO info_files (page_id, sha256, content_type, size_bytes, file_name, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(page.0)
        .bind(f.sha256)
        .bind(f.content_type)
        .bind(f.size_bytes)
        .bind(f.file_name)
        .bind(Timestamp::now().0)
        .fetch_one(&mut *self.c)
        .await?)
    }

    /// The files of a page, in the order they were attached.
    pub async fn files(&mut self, page: InfoPageId) -> Result<Vec<StoredFile>> {
        let rows = sqlx::query(
            "SELECT id, sha256, content_type, size_bytes, file_name FROM info_files WHERE page_id = $1 ORDER BY id",
        )
        .bind(page.0)
        .fetch_all(&mut *self.c)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(StoredFile {
                    id: r.i64("id")?,
                    sha256: r.string("sha256")?,
                    content_type: r.string("content_type")?,
                    size_bytes: r.i64("size_bytes")?,
                    file_name: r.string("file_name")?,
                })
            })
            .collect()
    }

    /// Takes a file off a page; whether there was one.
    pub async fn remove_file(&mut self, page: InfoPageId, file: i64) -> Result<bool> {
        Ok(
            sqlx::query("DELETE FROM info_files WHERE id = $1 AND page_id = $2")
                .bind(file)
                .bind(page.0)
                .execute(&mut *self.c)
                .await?
                .rows_affected()
                > 0,
        )
    }
}
