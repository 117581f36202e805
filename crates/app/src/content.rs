//! The content manager's side of factory information (SPEC 4.2): for now,
//! publishing a news draft, which is announced to the dealers it is for
//! (a `news_published` event in the same transaction; the fan-out turns it
//! into notifications). Writing and editing drafts come with the content
//! manager's screens (issue 6).

use crate::{App, AppError, Result};
use dealerdesk_domain::policy::Capability;
use dealerdesk_domain::{Actor, NewsId, Timestamp};
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

impl App {
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
        if let (Some(mine), Some(its)) = (actor.factory(), news.factory_id)
            && mine != its
        {
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
