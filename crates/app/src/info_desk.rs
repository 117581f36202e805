//! The content manager's side of the factory information pages (SPEC 4.2):
//! the reference directory, the schedule and the contacts, written in
//! Markdown for one factory or for all, with files attached (price lists,
//! catalogues, certificates). Unlike news, a page is a living document:
//! it can be edited after it is published, and withdrawn. A reader gets a
//! file only through a published page they can read.

use crate::uploads::{Rules, Upload};
use crate::{App, AppError, Result};
use dealerdesk_domain::file::sniff_file;
use dealerdesk_domain::model::{InfoPage, InfoSection};
use dealerdesk_domain::policy::Capability;
use dealerdesk_domain::{Actor, FactoryId, InfoPageId, InvalidValue, Timestamp};
use dealerdesk_store::Repos;
use dealerdesk_store::audit::NewAudit;
use dealerdesk_store::blobs::{NewFile, StoredFile};
use dealerdesk_store::info::NewInfoPage;
use serde_json::json;

/// The longest page text, in characters.
pub const MAX_PAGE_CHARS: usize = 50_000;

/// Files per upload and the size of each: catalogues run large (five of
/// the largest stay under the server's 112 MB body limit).
const FILES: Rules = Rules {
    field: "files",
    min: 1,
    max: 5,
    max_bytes: 20 * 1024 * 1024,
    sniff: sniff_file,
    too_few: "choose at least one file",
    plural: "files",
    what: "a file a page can carry (a photo, PDF, Office document or text)",
    fallback: "file",
};

/// A page as typed in the form. `audience` is `all` or a factory's code
/// (empty: the writer's own factory).
#[derive(Debug, Clone, Default)]
pub struct InfoDraft {
    pub section: String,
    pub topic: String,
    pub slug: String,
    pub title: String,
    pub body: String,
    pub position: String,
    pub audience: String,
}

/// A page with its files.
#[derive(Debug, Clone)]
pub struct PageWithFiles {
    pub page: InfoPage,
    pub files: Vec<StoredFile>,
}

fn content_person(actor: &Actor) -> Result<()> {
    if actor.can(Capability::Content) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Their own factory's pages and those for all; the administrator every one.
fn may_edit(actor: &Actor, factory: Option<FactoryId>) -> bool {
    match (actor.factory(), factory) {
        (Some(mine), Some(its)) => mine == its,
        _ => true,
    }
}

/// `price-list-2027`: lower-case Latin letters, digits and dashes, as it
/// appears in `/info/{slug}`.
fn slug(raw: &str) -> std::result::Result<String, InvalidValue> {
    let s = raw.trim().to_ascii_lowercase();
    let ok = (1..=80).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-');
    if ok {
        Ok(s)
    } else {
        Err(InvalidValue::new(
            "slug",
            "must be 1–80 Latin letters, digits and dashes, like price-list-2027",
        ))
    }
}

impl App {
    /// Every page the person may edit, drafts included.
    pub async fn info_desk(&self, actor: &Actor) -> Result<Vec<InfoPage>> {
        content_person(actor)?;
        let mut c = self.store.read().await?;
        Ok(c.info().desk(actor.factory()).await?)
    }

    /// One page with its files, for the editor.
    pub async fn info_for_editing(&self, actor: &Actor, id: InfoPageId) -> Result<PageWithFiles> {
        content_person(actor)?;
        let mut c = self.store.read().await?;
        let page = c.info().by_id(id).await?.ok_or(AppError::NotFound)?;
        if !may_edit(actor, page.factory_id) {
            return Err(AppError::NotFound);
        }
        let files = c.info().files(id).await?;
        Ok(PageWithFiles { page, files })
    }

    /// Writes a new page (a draft) or rewrites one; returns its id.
    pub async fn save_info_page(
        &self,
        actor: &Actor,
        id: Option<InfoPageId>,
        d: &InfoDraft,
    ) -> Result<InfoPageId> {
        content_person(actor)?;
        // Someone else's page does not exist for them, whatever they typed.
        if let Some(id) = id {
            self.info_for_editing(actor, id).await?;
        }
        let mut errors: Vec<InvalidValue> = Vec::new();
        let mut keep =
            |r: std::result::Result<String, InvalidValue>| r.map_err(|e| errors.push(e)).ok();
        let title = keep(dealerdesk_domain::text::bounded("title", &d.title, 1, 200));
        let body = keep(dealerdesk_domain::text::multiline(
            "body",
            &d.body,
            0,
            MAX_PAGE_CHARS,
        ));
        let topic = keep(
            dealerdesk_domain::text::optional("topic", &d.topic, 100)
                .map(|t| t.unwrap_or_default()),
        );
        let slug = keep(slug(&d.slug));
        let section = InfoSection::parse(d.section.trim());
        if section.is_none() {
            errors.push(InvalidValue::new(
                "section",
                "must be reference, schedule or contacts",
            ));
        }
        let position = match d.position.trim() {
            "" => Some(0),
            raw => match raw.parse::<i64>() {
                Ok(n) if (0..=10_000).contains(&n) => Some(n),
                _ => {
                    errors.push(InvalidValue::new(
                        "position",
                        "must be a whole number from 0 to 10000",
                    ));
                    None
                }
            },
        };
        let mut tx = self.store.begin().await?;
        let audience = match d.audience.trim() {
            "all" => Some(None),
            "" => Some(actor.factory()),
            code => match tx.factories().by_code(code).await? {
                Some(f) if may_edit(actor, Some(f.id)) => Some(Some(f.id)),
                _ => {
                    errors.push(InvalidValue::new(
                        "audience",
                        "must be your factory or all factories",
                    ));
                    None
                }
            },
        };
        if let (Some(s), Some(f)) = (&slug, audience)
            && tx.info().slug_taken(s, f, id).await?
        {
            errors.push(InvalidValue::new(
                "slug",
                "another page for the same factories already has this address",
            ));
        }
        let (
            Some(title),
            Some(body),
            Some(topic),
            Some(slug),
            Some(section),
            Some(position),
            Some(factory),
            true,
        ) = (
            title,
            body,
            topic,
            slug,
            section,
            position,
            audience,
            errors.is_empty(),
        )
        else {
            return Err(errors.into());
        };
        let fields = NewInfoPage {
            factory_id: factory,
            section,
            topic: (!topic.is_empty()).then_some(topic.as_str()),
            slug: &slug,
            title: &title,
            body_markdown: &body,
            position,
            published_at: None,
            author_id: Some(actor.user_id),
        };
        let (id, action) = match id {
            None => (tx.info().insert(&fields).await?, "info_page.drafted"),
            Some(id) => {
                let page = tx.info().by_id(id).await?.ok_or(AppError::NotFound)?;
                if !may_edit(actor, page.factory_id) {
                    return Err(AppError::NotFound);
                }
                tx.info().update(id, &fields).await?;
                (id, "info_page.edited")
            }
        };
        tx.audit()
            .record(&NewAudit {
                actor_id: Some(actor.user_id),
                action,
                object_type: "info_page",
                object_id: id.0.to_string(),
                after: Some(
                    json!({"slug": slug, "title": title, "section": section.as_str(), "factory": factory.map(|f| f.0)})
                        .to_string(),
                ),
                ..Default::default()
            })
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Publishes a page, or withdraws it (`publish: false`).
    pub async fn publish_info_page(
        &self,
        actor: &Actor,
        id: InfoPageId,
        publish: bool,
    ) -> Result<()> {
        content_person(actor)?;
        let mut tx = self.store.begin().await?;
        let page = tx.info().by_id(id).await?.ok_or(AppError::NotFound)?;
        if !may_edit(actor, page.factory_id) {
            return Err(AppError::NotFound);
        }
        let at = publish.then(Timestamp::now);
        tx.info().set_published(id, at).await?;
        tx.audit()
            .record(&NewAudit {
                actor_id: Some(actor.user_id),
                action: if publish {
                    "info_page.published"
                } else {
                    "info_page.withdrawn"
                },
                object_type: "info_page",
                object_id: id.0.to_string(),
                before: Some(json!({"published_at": page.published_at.map(|t| t.0)}).to_string()),
                after: Some(json!({"published_at": at.map(|t| t.0)}).to_string()),
                ..Default::default()
            })
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Attaches files to a page: every file checked first, nothing stored
    /// unless all pass.
    pub async fn attach_info_files(
        &self,
        actor: &Actor,
        id: InfoPageId,
        files: &[Upload],
    ) -> Result<()> {
        self.info_for_editing(actor, id).await?;
        let mut errors = Vec::new();
        let accepted = crate::uploads::check(&FILES, files, &mut errors);
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let stored = crate::uploads::store(&self.store, &accepted).await?;
        let mut tx = self.store.begin().await?;
        for (f, sha) in accepted.iter().zip(&stored) {
            tx.info()
                .add_file(
                    id,
                    &NewFile {
                        sha256: sha,
                        content_type: f.content_type,
                        size_bytes: f.bytes.len() as i64,
                        file_name: &f.file_name,
                    },
                )
                .await?;
        }
        tx.audit()
            .record(&NewAudit {
                actor_id: Some(actor.user_id),
                action: "info_page.files_attached",
                object_type: "info_page",
                object_id: id.0.to_string(),
                after: Some(
                    json!({"files": accepted.iter().map(|f| &f.file_name).collect::<Vec<_>>()})
                        .to_string(),
                ),
                ..Default::default()
            })
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes a file off a page (its bytes stay: blobs are shared by content).
    pub async fn remove_info_file(&self, actor: &Actor, id: InfoPageId, file: i64) -> Result<()> {
        let page = self.info_for_editing(actor, id).await?;
        let name = page
            .files
            .iter()
            .find(|f| f.id == file)
            .map(|f| f.file_name.clone())
            .ok_or(AppError::NotFound)?;
        let mut tx = self.store.begin().await?;
        if !tx.info().remove_file(id, file).await? {
            return Err(AppError::NotFound);
        }
        tx.audit()
            .record(&NewAudit {
                actor_id: Some(actor.user_id),
                action: "info_page.file_removed",
                object_type: "info_page",
                object_id: id.0.to_string(),
                before: Some(json!({"file": name}).to_string()),
                ..Default::default()
            })
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A published page a reader may see, with its files.
    pub async fn info_page_with_files(&self, actor: &Actor, slug: &str) -> Result<PageWithFiles> {
        let page = self.info_page(actor, slug).await?;
        let mut c = self.store.read().await?;
        let files = c.info().files(page.id).await?;
        Ok(PageWithFiles { page, files })
    }

    /// A file of a page: for a reader through the published page (`slug`),
    /// for the content desk through the page being edited (`id`).
    pub async fn info_file(
        &self,
        actor: &Actor,
        page: std::result::Result<&str, InfoPageId>,
        file: i64,
    ) -> Result<(StoredFile, Vec<u8>)> {
        let p = match page {
            Ok(slug) => self.info_page_with_files(actor, slug).await?,
            Err(id) => self.info_for_editing(actor, id).await?,
        };
        let f = p
            .files
            .into_iter()
            .find(|f| f.id == file)
            .ok_or(AppError::NotFound)?;
        let bytes = self
            .store
            .blobs()
            .get(&f.sha256)
            .await
            .map_err(|e| AppError::Internal(format!("reading a file: {e}")))?;
        Ok((f, bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_plain() {
        assert_eq!(
            slug(" Price-List-2027 ").ok(),
            Some("price-list-2027".to_owned())
        );
        for bad in ["", "-x", "x-", "прайс", "a b", "a/b", &"x".repeat(81)] {
            assert!(slug(bad).is_err(), "{bad}");
        }
    }
}
