//! Factory information, the reading side: `/news` and `/news/{id}`, and
//! `/info` — the reference directory, the work schedule, the contacts and
//! each reference page. Markdown is rendered by [`crate::markdown`], which
//! defuses raw HTML and unsafe links, so templates may print it unescaped.

use super::chrome::Chrome;
use super::render;
use crate::i18n::Tr;
use crate::principal::Authenticated;
use crate::{AppState, WebError, fmt, markdown};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use dealerdesk_app::AppError;
use dealerdesk_app::info_desk::PageWithFiles;
use dealerdesk_domain::NewsId;
use dealerdesk_domain::model::{InfoPage, InfoSection, News};
use serde::Deserialize;

pub struct NewsCard {
    pub href: String,
    pub title: String,
    pub at: String,
    pub excerpt: String,
    pub html: String,
}

fn card(t: Tr, tz: &str, n: &News, full: bool) -> NewsCard {
    NewsCard {
        href: format!("/news/{}", n.id.0),
        title: n.title.clone(),
        at: n
            .published_at
            .map(|p| fmt::date(t.0, p, tz))
            .unwrap_or_default(),
        excerpt: if full {
            String::new()
        } else {
            markdown::excerpt(&n.body_markdown, 240)
        },
        html: if full {
            markdown::to_html(&n.body_markdown)
        } else {
            String::new()
        },
    }
}

#[derive(Template)]
#[template(path = "news.html")]
struct NewsListPage {
    chrome: Chrome,
    items: Vec<NewsCard>,
    next: Option<String>,
    first: bool,
}

#[derive(Template)]
#[template(path = "news_item.html")]
struct NewsItemPage {
    chrome: Chrome,
    n: NewsCard,
}

#[derive(Deserialize, Default)]
pub struct NewsParams {
    after: Option<String>,
}

pub async fn news_list(
    State(state): State<AppState>,
    who: Authenticated,
    Query(q): Query<NewsParams>,
) -> Result<Response, WebError> {
    let page = state.app.news_list(&who.actor, q.after.as_deref()).await?;
    let tz = state.app.timezone(who.actor.factory()).await?;
    let mut chrome = Chrome::for_user(&who, "news", "");
    let t = chrome.t;
    chrome.title = t.get("news.title").to_owned();
    render(&NewsListPage {
        items: page.items.iter().map(|n| card(t, &tz, n, false)).collect(),
        next: page.next.map(|c| format!("/news?after={c}")),
        first: q.after.as_deref().is_none_or(str::is_empty),
        chrome,
    })
}

pub async fn news_item(
    State(state): State<AppState>,
    who: Authenticated,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = id.parse::<i64>().map_err(|_| AppError::NotFound)?;
    let n = state.app.news_item(&who.actor, NewsId(id)).await?;
    let tz = state.app.timezone(who.actor.factory()).await?;
    let chrome = Chrome::for_user(&who, "news", &n.title);
    let t = chrome.t;
    render(&NewsItemPage {
        n: card(t, &tz, &n, true),
        chrome,
    })
}

/// One tab of the information section.
pub struct Tab {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

fn tabs(t: Tr, current: InfoSection) -> Vec<Tab> {
    InfoSection::ALL
        .into_iter()
        .map(|s| Tab {
            href: match s {
                InfoSection::Reference => "/info",
                InfoSection::Schedule => "/info/schedule",
                InfoSection::Contacts => "/info/contacts",
            },
            label: t.get(&format!("info.{}", s.as_str())),
            current: s == current,
        })
        .collect()
}

pub struct TopicGroup {
    pub label: String,
    pub pages: Vec<PageLink>,
}

pub struct PageLink {
    pub href: String,
    pub title: String,
    pub excerpt: String,
}

pub struct Rendered {
    pub title: String,
    pub html: String,
}

pub struct Manager {
    pub name: String,
    pub email: String,
}

#[derive(Template)]
#[template(path = "info.html")]
struct InfoSectionPage {
    chrome: Chrome,
    tabs: Vec<Tab>,
    groups: Vec<TopicGroup>,
    pages: Vec<Rendered>,
    manager: Option<Manager>,
    empty: bool,
}

/// The reference directory's groups in a fixed order; topics the plant
/// invents later follow, under their own name.
pub const TOPICS: [&str; 4] = ["products", "profile_systems", "colours", "documents"];

fn group(t: Tr, pages: &[InfoPage]) -> Vec<TopicGroup> {
    let mut topics: Vec<String> = TOPICS.iter().map(|s| (*s).to_owned()).collect();
    for p in pages {
        let topic = p.topic.clone().unwrap_or_default();
        if !topics.contains(&topic) {
            topics.push(topic);
        }
    }
    topics
        .into_iter()
        .filter_map(|topic| {
            let links: Vec<PageLink> = pages
                .iter()
                .filter(|p| p.topic.as_deref().unwrap_or_default() == topic)
                .map(|p| PageLink {
                    href: format!("/info/{}", p.slug),
                    title: p.title.clone(),
                    excerpt: markdown::excerpt(&p.body_markdown, 160),
                })
                .collect();
            if links.is_empty() {
                return None;
            }
            let key = format!("info.topic.{topic}");
            let label = if topic.is_empty() {
                t.get("info.topic.other").to_owned()
            } else if crate::i18n::has_key(&key) {
                t.get(&key).to_owned()
            } else {
                topic
            };
            Some(TopicGroup {
                label,
                pages: links,
            })
        })
        .collect()
}

fn rendered(pages: &[InfoPage]) -> Vec<Rendered> {
    pages
        .iter()
        .map(|p| Rendered {
            title: p.title.clone(),
            html: markdown::to_html(&p.body_markdown),
        })
        .collect()
}

fn section_chrome(who: &Authenticated, section: InfoSection) -> Chrome {
    let mut chrome = Chrome::for_user(who, "info", "");
    let t = chrome.t;
    chrome.title = t.get(&format!("info.{}", section.as_str())).to_owned();
    chrome
}

pub async fn reference(
    State(state): State<AppState>,
    who: Authenticated,
) -> Result<Response, WebError> {
    let pages = state
        .app
        .info_section(&who.actor, InfoSection::Reference)
        .await?;
    let chrome = section_chrome(&who, InfoSection::Reference);
    let t = chrome.t;
    render(&InfoSectionPage {
        tabs: tabs(t, InfoSection::Reference),
        groups: group(t, &pages),
        pages: Vec::new(),
        manager: None,
        empty: pages.is_empty(),
        chrome,
    })
}

pub async fn schedule(
    State(state): State<AppState>,
    who: Authenticated,
) -> Result<Response, WebError> {
    let pages = state
        .app
        .info_section(&who.actor, InfoSection::Schedule)
        .await?;
    let chrome = section_chrome(&who, InfoSection::Schedule);
    let t = chrome.t;
    render(&InfoSectionPage {
        tabs: tabs(t, InfoSection::Schedule),
        groups: Vec::new(),
        empty: pages.is_empty(),
        pages: rendered(&pages),
        manager: None,
        chrome,
    })
}

pub async fn contacts(
    State(state): State<AppState>,
    who: Authenticated,
) -> Result<Response, WebError> {
    let c = state.app.contacts(&who.actor).await?;
    let chrome = section_chrome(&who, InfoSection::Contacts);
    let t = chrome.t;
    render(&InfoSectionPage {
        tabs: tabs(t, InfoSection::Contacts),
        groups: Vec::new(),
        empty: c.pages.is_empty() && c.manager.is_none(),
        pages: rendered(&c.pages),
        manager: c.manager.map(|m| Manager {
            name: m.name,
            email: m.email.to_string(),
        }),
        chrome,
    })
}

#[derive(Template)]
#[template(path = "info_page.html")]
struct InfoOnePage {
    chrome: Chrome,
    tabs: Vec<Tab>,
    html: String,
    /// (href, name, size) of the page's files.
    files: Vec<(String, String, String)>,
}

/// A page of the reference directory (schedule and contact pages are
/// shown whole on their tabs, but open here too by their slug).
pub async fn page(
    State(state): State<AppState>,
    who: Authenticated,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let PageWithFiles { page: p, files } =
        state.app.info_page_with_files(&who.actor, &slug).await?;
    let chrome = Chrome::for_user(&who, "info", &p.title);
    let t = chrome.t;
    let files = files
        .iter()
        .map(|f| {
            (
                format!("/info/{}/files/{}", super::orders::enc(&p.slug), f.id),
                f.file_name.clone(),
                super::info_desk::size(f.size_bytes),
            )
        })
        .collect();
    render(&InfoOnePage {
        tabs: tabs(t, p.section),
        html: markdown::to_html(&p.body_markdown),
        files,
        chrome,
    })
}
