//! Factory information pages (reference directory, schedule, contacts).
//! Readers see the published pages of their own factory and those written
//! for every factory; `factory: None` (the administrator) sees all.

use crate::Result;
use crate::StoreError;
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
}
