//! The reading side of factory information: news, the reference directory,
//! the work schedule and the contacts. Everyone signed in reads their own
//! factory's published items and those written for every factory; the
//! administrator (no home factory) reads all. Drafts and other factories'
//! items answer "not found", like missing ones.

use crate::{App, AppError, Result};
use dealerdesk_domain::model::{InfoPage, InfoSection, News};
use dealerdesk_domain::{Actor, Email, NewsId, Timestamp};
use dealerdesk_store::Repos;

/// News per page of the list.
pub const NEWS_PAGE: i64 = 20;

#[derive(Debug, Clone)]
pub struct NewsPage {
    pub items: Vec<News>,
    /// The cursor of the next page, when there is one.
    pub next: Option<String>,
}

/// The dealer's own manager at the plant, shown above the contacts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagerCard {
    pub name: String,
    pub email: Email,
}

#[derive(Debug, Clone)]
pub struct Contacts {
    pub manager: Option<ManagerCard>,
    pub pages: Vec<InfoPage>,
}

/// `"{published_at}.{id}"` of the last item shown.
fn parse_cursor(raw: &str) -> Result<(Timestamp, NewsId)> {
    let bad = || {
        AppError::invalid(
            "after",
            "this page link is damaged; open the news list again",
        )
    };
    let (at, id) = raw.split_once('.').ok_or_else(bad)?;
    Ok((
        Timestamp(at.parse().map_err(|_| bad())?),
        NewsId(id.parse().map_err(|_| bad())?),
    ))
}

impl App {
    pub async fn news_list(&self, actor: &Actor, after: Option<&str>) -> Result<NewsPage> {
        let after = after
            .filter(|s| !s.is_empty())
            .map(parse_cursor)
            .transpose()?;
        let mut c = self.store.read().await?;
        let mut items = c
            .news()
            .published_page(actor.factory(), after, NEWS_PAGE + 1)
            .await?;
        let next = if items.len() > usize::try_from(NEWS_PAGE).unwrap_or(usize::MAX) {
            items.truncate(usize::try_from(NEWS_PAGE).unwrap_or(usize::MAX));
            items
                .last()
                .and_then(|n| n.published_at.map(|at| format!("{}.{}", at.0, n.id.0)))
        } else {
            None
        };
        Ok(NewsPage { items, next })
    }

    pub async fn news_item(&self, actor: &Actor, id: NewsId) -> Result<News> {
        let mut c = self.store.read().await?;
        c.news()
            .published_one(actor.factory(), id)
            .await?
            .ok_or(AppError::NotFound)
    }

    pub async fn info_section(&self, actor: &Actor, section: InfoSection) -> Result<Vec<InfoPage>> {
        let mut c = self.store.read().await?;
        Ok(c.info().published(actor.factory(), section).await?)
    }

    pub async fn info_page(&self, actor: &Actor, slug: &str) -> Result<InfoPage> {
        let mut c = self.store.read().await?;
        c.info()
            .by_slug(actor.factory(), slug)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// The contact pages, and for a dealer's people their own manager.
    pub async fn contacts(&self, actor: &Actor) -> Result<Contacts> {
        let mut c = self.store.read().await?;
        let pages = c
            .info()
            .published(actor.factory(), InfoSection::Contacts)
            .await?;
        let mut manager = None;
        if let Some(dealer) = actor.own_dealer()
            && let Some(d) = c.dealers().by_id(dealer).await?
            && let Some(m) = d.manager_id
            && let Some(u) = c.users().by_id(m).await?
            && u.active
        {
            manager = Some(ManagerCard {
                name: u.display_name,
                email: u.email,
            });
        }
        Ok(Contacts { manager, pages })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_damaged_ones_are_refused() {
        assert_eq!(
            parse_cursor("1700000000000.42").ok(),
            Some((Timestamp(1_700_000_000_000), NewsId(42)))
        );
        for bad in ["", "17", "x.1", "1.y", "1.2.3"] {
            assert!(parse_cursor(bad).is_err(), "{bad}");
        }
    }
}
