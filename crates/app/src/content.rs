//! The content manager's side of factory information (SPEC 4.2): news in
//! Markdown written as drafts for one factory or for all, edited until
//! published, and publishing, which announces the news to the dealers it is
//! for (a `news_published` event in the same transaction; the fan-out turns
//! it into notifications). Pages render the Markdown with raw HTML and
//! unsafe links defused (`web::markdown`).

use crate::{App, AppError, Result};
use dealerdesk_domain::model::News;
use dealerdesk_domain::policy::Capability;
use dealerdesk_domain::{Actor, FactoryId, InvalidValue, NewsId, Timestamp};
use dealerdesk_store::Repos;
use dealerdesk_store::audit::NewAudit;
use serde_json::json;

/// How much of the text a notification quotes.
const EXCERPT: usize = 200;

/// The start of a Markdown text as plain words (its text and code, no
/// markup, no HTML, line breaks as spaces), at most `EXCERPT` characters.
fn excerpt(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => text.push(' '),
            _ => {}
        }
    }
    let plain = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = plain.chars().take(EXCERPT).collect();
    if plain.chars().count() > EXCERPT {
        out.push('…');
    }
    out
}

/// The longest news text, in characters.
pub const MAX_NEWS_CHARS: usize = 20_000;

/// A news draft as typed. `audience` is `all` or a factory's code (empty:
/// the writer's own factory).
#[derive(Debug, Clone, Default)]
pub struct NewsDraft {
    pub title: String,
    pub body: String,
    pub audience: String,
}

/// Whether a content person may touch a news item of `factory`: their own
/// factory's and those for all; the administrator every one.
fn may_edit(actor: &Actor, factory: Option<FactoryId>) -> bool {
    match (actor.factory(), factory) {
        (Some(mine), Some(its)) => mine == its,
        _ => true,
    }
}

impl App {
    /// The content manager's desk: drafts, then the latest published.
    pub async fn news_desk(&self, actor: &Actor) -> Result<Vec<News>> {
        if !actor.can(Capability::Content) {
            return Err(AppError::Forbidden);
        }
        let mut c = self.store.read().await?;
        Ok(c.news().desk(actor.factory(), 100).await?)
    }

    /// One item of the desk, draft or published.
    pub async fn news_for_editing(&self, actor: &Actor, id: NewsId) -> Result<News> {
        if !actor.can(Capability::Content) {
            return Err(AppError::Forbidden);
        }
        let mut c = self.store.read().await?;
        let news = c.news().by_id(id).await?.ok_or(AppError::NotFound)?;
        if !may_edit(actor, news.factory_id) {
            return Err(AppError::NotFound);
        }
        Ok(news)
    }

    /// Writes a new draft (`id: None`) or rewrites one; returns its id.
    /// A published item is not rewritten.
    pub async fn save_news_draft(
        &self,
        actor: &Actor,
        id: Option<NewsId>,
        draft: &NewsDraft,
    ) -> Result<NewsId> {
        if !actor.can(Capability::Content) {
            return Err(AppError::Forbidden);
        }
        let mut errors: Vec<InvalidValue> = Vec::new();
        let title = dealerdesk_domain::text::bounded("title", &draft.title, 1, 200)
            .map_err(|e| errors.push(e))
            .ok();
        let body = dealerdesk_domain::text::multiline("body", &draft.body, 1, MAX_NEWS_CHARS)
            .map_err(|e| errors.push(e))
            .ok();
        let mut tx = self.store.begin().await?;
        let audience = match draft.audience.trim() {
            "all" => Some(None),
            "" => match actor.factory() {
                Some(f) => Some(Some(f)),
                None => Some(None),
            },
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
        let (Some(title), Some(body), Some(factory), true) =
            (title, body, audience, errors.is_empty())
        else {
            return Err(errors.into());
        };
        let (id, action) = match id {
            None => (
                tx.news()
                    .insert_draft(factory, &title, &body, actor.user_id)
                    .await?,
                "news.drafted",
            ),
            Some(id) => {
                let news = tx.news().by_id(id).await?.ok_or(AppError::NotFound)?;
                if !may_edit(actor, news.factory_id) {
                    return Err(AppError::NotFound);
                }
                if !tx.news().update_draft(id, factory, &title, &body).await? {
                    return Err(AppError::invalid("news", "this news is already published"));
                }
                (id, "news.edited")
            }
        };
        tx.audit()
            .record(&NewAudit {
                actor_id: Some(actor.user_id),
                action,
                object_type: "news",
                object_id: id.0.to_string(),
                after: Some(json!({"title": title, "factory": factory.map(|f| f.0)}).to_string()),
                ..Default::default()
            })
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Publishes a news draft of the person's factory (the administrator:
    /// any) and announces it, once.
    pub async fn publish_news(&self, actor: &Actor, id: NewsId) -> Result<()> {
        if !actor.can(Capability::Content) {
            return Err(AppError::Forbidden);
        }
        let mut tx = self.store.begin().await?;
        let news = tx.news().by_id(id).await?.ok_or(AppError::NotFound)?;
        // A content manager works on their factory's news and on news for
        // every factory; another factory's drafts do not exist for them.
        if !may_edit(actor, news.factory_id) {
            return Err(AppError::NotFound);
        }
        let now = Timestamp::now();
        if !tx.news().publish_draft(id, now).await? {
            return Err(AppError::invalid("news", "this news is already published"));
        }
        tx.outbox()
            .append(
                "news_published",
                news.factory_id,
                None,
                &json!({"news_id": id.0, "title": news.title, "excerpt": excerpt(&news.body_markdown),
                        "author_id": actor.user_id.0}),
            )
            .await?;
        tx.audit()
            .record(&NewAudit {
                actor_id: Some(actor.user_id),
                action: "news.published",
                object_type: "news",
                object_id: id.0.to_string(),
                before: Some(json!({"published_at": null}).to_string()),
                after: Some(json!({"published_at": now.0}).to_string()),
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
    fn an_excerpt_is_plain_and_short() {
        assert_eq!(
            excerpt(
                "# Новий графік\n\n**З 1 грудня** завод працює _без_ вихідних.\n<script>x</script>\n\n- [Деталі](https://kh.example)"
            ),
            "Новий графік З 1 грудня завод працює без вихідних. Деталі"
        );
        let long = "слово ".repeat(100);
        let e = excerpt(&long);
        assert_eq!(e.chars().count(), EXCERPT + 1);
        assert!(e.ends_with('…'));
    }
}
