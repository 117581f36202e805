//! `/staff/news`: the content manager's desk — drafts and published news,
//! a new draft in Markdown for their factory or for all, editing a draft
//! with its preview (rendered as readers will see it, raw HTML defused),
//! and publishing, which tells the dealers it is for.

use super::chrome::Chrome;
use super::{field_errors, render};
use crate::i18n::Tr;
use crate::principal::Authenticated;
use crate::{AppState, WebError};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dealerdesk_app::AppError;
use dealerdesk_app::content::NewsDraft;
use dealerdesk_domain::NewsId;
use dealerdesk_domain::model::News;
use dealerdesk_i18n::fmt;
use serde::Deserialize;

pub struct Item {
    pub href: String,
    pub title: String,
    pub published: Option<String>,
    pub audience: String,
}

#[derive(Template)]
#[template(path = "news_desk.html")]
struct DeskPage {
    chrome: Chrome,
    items: Vec<Item>,
    /// The form: a new draft (`None`) or the draft being edited.
    editing: Option<i64>,
    published: bool,
    title: String,
    body: String,
    audiences: Vec<(String, String, bool)>,
    preview: Option<String>,
    notice: Option<String>,
    error: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct Params {
    done: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct DraftForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    audience: String,
}

struct Shown {
    editing: Option<News>,
    form: DraftForm,
    notice: Option<String>,
    error: Option<String>,
}

async fn show(state: &AppState, who: &Authenticated, s: Shown) -> Result<Response, WebError> {
    let desk = state.app.news_desk(&who.actor).await?;
    let mut chrome = Chrome::for_user(who, "news_desk", "");
    let t = chrome.t;
    chrome.title = t.get("newsdesk.title").to_owned();
    let tz = state.app.timezone(who.actor.factory()).await?;
    let factories = state.app.factories().await?;
    let code_of = |f: Option<dealerdesk_domain::FactoryId>| {
        f.and_then(|id| factories.iter().find(|x| x.id == id))
            .map(|x| x.code.clone())
    };
    let items = desk
        .iter()
        .map(|n| Item {
            href: format!("/staff/news/{}", n.id.0),
            title: n.title.clone(),
            published: n.published_at.map(|p| fmt::datetime(t.0, p, &tz)),
            audience: code_of(n.factory_id).unwrap_or_else(|| t.get("newsdesk.all").to_owned()),
        })
        .collect();
    let chosen = if s.form.audience.is_empty() {
        match &s.editing {
            Some(n) => code_of(n.factory_id).unwrap_or_else(|| "all".to_owned()),
            None => code_of(who.actor.factory()).unwrap_or_else(|| "all".to_owned()),
        }
    } else {
        s.form.audience.clone()
    };
    let mut audiences = vec![(
        "all".to_owned(),
        t.get("newsdesk.all").to_owned(),
        chosen == "all",
    )];
    for f in factories
        .iter()
        .filter(|f| who.actor.factory().is_none_or(|mine| mine == f.id))
    {
        audiences.push((f.code.clone(), f.name.clone(), chosen == f.code));
    }
    let (title, body) = match (
        &s.editing,
        s.form.title.is_empty() && s.form.body.is_empty(),
    ) {
        (Some(n), true) => (n.title.clone(), n.body_markdown.clone()),
        _ => (s.form.title.clone(), s.form.body.clone()),
    };
    let status = if s.error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let mut r = render(&DeskPage {
        items,
        editing: s.editing.as_ref().map(|n| n.id.0),
        published: s.editing.as_ref().is_some_and(|n| n.published_at.is_some()),
        preview: (!body.trim().is_empty()).then(|| crate::markdown::to_html(&body)),
        title,
        body,
        audiences,
        notice: s.notice,
        error: s.error,
        chrome,
    })?;
    *r.status_mut() = status;
    Ok(r)
}

fn notice(t: Tr, done: Option<&str>) -> Option<String> {
    match done {
        Some(k @ ("saved" | "published")) => Some(t.get(&format!("newsdesk.done.{k}")).to_owned()),
        _ => None,
    }
}

/// `GET /staff/news`.
pub async fn desk(
    State(state): State<AppState>,
    who: Authenticated,
    Query(p): Query<Params>,
) -> Result<Response, WebError> {
    let t = Tr(who.user.language);
    let shown = Shown {
        editing: None,
        form: DraftForm::default(),
        notice: notice(t, p.done.as_deref()),
        error: None,
    };
    show(&state, &who, shown).await
}

/// `GET /staff/news/{id}`.
pub async fn edit(
    State(state): State<AppState>,
    who: Authenticated,
    Path(id): Path<i64>,
    Query(p): Query<Params>,
) -> Result<Response, WebError> {
    let t = Tr(who.user.language);
    let news = state.app.news_for_editing(&who.actor, NewsId(id)).await?;
    let shown = Shown {
        editing: Some(news),
        form: DraftForm::default(),
        notice: notice(t, p.done.as_deref()),
        error: None,
    };
    show(&state, &who, shown).await
}

async fn save(
    state: &AppState,
    who: &Authenticated,
    id: Option<NewsId>,
    f: DraftForm,
) -> Result<Response, WebError> {
    let draft = NewsDraft {
        title: f.title.clone(),
        body: f.body.clone(),
        audience: f.audience.clone(),
    };
    match state.app.save_news_draft(&who.actor, id, &draft).await {
        Ok(id) => Ok(Redirect::to(&format!("/staff/news/{}?done=saved", id.0)).into_response()),
        Err(AppError::Invalid(fields)) => {
            let t = Tr(who.user.language);
            let editing = match id {
                Some(id) => Some(state.app.news_for_editing(&who.actor, id).await?),
                None => None,
            };
            let shown = Shown {
                editing,
                form: f,
                notice: None,
                error: Some(field_errors(t, Some("newsdesk"), &fields)),
            };
            show(state, who, shown).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /staff/news`: a new draft.
pub async fn create(
    State(state): State<AppState>,
    who: Authenticated,
    Form(f): Form<DraftForm>,
) -> Result<Response, WebError> {
    save(&state, &who, None, f).await
}

/// `POST /staff/news/{id}`: the draft rewritten.
pub async fn update(
    State(state): State<AppState>,
    who: Authenticated,
    Path(id): Path<i64>,
    Form(f): Form<DraftForm>,
) -> Result<Response, WebError> {
    save(&state, &who, Some(NewsId(id)), f).await
}

/// `POST /staff/news/{id}/publish`.
pub async fn publish(
    State(state): State<AppState>,
    who: Authenticated,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    match state.app.publish_news(&who.actor, NewsId(id)).await {
        Ok(()) => Ok(Redirect::to(&format!("/staff/news/{id}?done=published")).into_response()),
        Err(AppError::Invalid(fields)) => {
            let t = Tr(who.user.language);
            let news = state.app.news_for_editing(&who.actor, NewsId(id)).await?;
            let shown = Shown {
                editing: Some(news),
                form: DraftForm::default(),
                notice: None,
                error: Some(field_errors(t, None, &fields)),
            };
            show(&state, &who, shown).await
        }
        Err(e) => Err(e.into()),
    }
}
