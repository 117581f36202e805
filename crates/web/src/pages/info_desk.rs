//! `/staff/info`: the content manager's desk for the factory information
//! pages — the reference directory, the schedule and the contacts. A page
//! is written in Markdown (previewed as readers will see it), published or
//! withdrawn, and carries files (price lists, catalogues, certificates)
//! that readers download from the page.

use super::chrome::Chrome;
use super::{field_errors, render};
use crate::i18n::Tr;
use crate::markdown;
use crate::principal::Authenticated;
use crate::{AppState, WebError};
use askama::Template;
use axum::Form;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dealerdesk_app::AppError;
use dealerdesk_app::info_desk::{InfoDraft, PageWithFiles};
use dealerdesk_domain::InfoPageId;
use dealerdesk_domain::model::InfoSection;
use serde::Deserialize;

pub struct Item {
    pub href: String,
    pub title: String,
    pub section: String,
    pub audience: String,
    pub published: bool,
}

pub struct FileLine {
    pub id: i64,
    pub href: String,
    pub name: String,
    pub size: String,
}

#[derive(Template)]
#[template(path = "info_desk.html")]
struct DeskPage {
    chrome: Chrome,
    items: Vec<Item>,
    editing: Option<i64>,
    published: bool,
    form: PageForm,
    sections: Vec<(String, String, bool)>,
    audiences: Vec<(String, String, bool)>,
    preview: Option<String>,
    files: Vec<FileLine>,
    reader_href: Option<String>,
    notice: Option<String>,
    error: Option<String>,
}

#[derive(Debug, Deserialize, Default, Clone)]
pub struct PageForm {
    #[serde(default)]
    section: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    slug: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    position: String,
    #[serde(default)]
    audience: String,
}

impl PageForm {
    fn draft(&self) -> InfoDraft {
        InfoDraft {
            section: self.section.clone(),
            topic: self.topic.clone(),
            slug: self.slug.clone(),
            title: self.title.clone(),
            body: self.body.clone(),
            position: self.position.clone(),
            audience: self.audience.clone(),
        }
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct Params {
    #[serde(default)]
    done: String,
}

/// `12.5 MB`, `830 KB`: a file's size as people read it.
pub fn size(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

async fn show(
    state: &AppState,
    who: &Authenticated,
    editing: Option<PageWithFiles>,
    typed: Option<PageForm>,
    notice: Option<String>,
    error: Option<String>,
) -> Result<Response, WebError> {
    let desk = state.app.info_desk(&who.actor).await?;
    let mut chrome = Chrome::for_user(who, "info_desk", "");
    let t = chrome.t;
    chrome.title = t.get("infodesk.title").to_owned();
    let factories = state.app.factories().await?;
    let code_of = |f: Option<dealerdesk_domain::FactoryId>| {
        f.and_then(|id| factories.iter().find(|x| x.id == id))
            .map(|x| x.code.clone())
    };
    let items = desk
        .iter()
        .map(|p| Item {
            href: format!("/staff/info/{}", p.id.0),
            title: p.title.clone(),
            section: t.get(&format!("info.{}", p.section.as_str())).to_owned(),
            audience: code_of(p.factory_id).unwrap_or_else(|| t.get("newsdesk.all").to_owned()),
            published: p.published_at.is_some(),
        })
        .collect();
    let form = match (typed, &editing) {
        (Some(f), _) => f,
        (None, Some(e)) => PageForm {
            section: e.page.section.as_str().to_owned(),
            topic: e.page.topic.clone().unwrap_or_default(),
            slug: e.page.slug.clone(),
            title: e.page.title.clone(),
            body: e.page.body_markdown.clone(),
            position: e.page.position.to_string(),
            audience: code_of(e.page.factory_id).unwrap_or_else(|| "all".to_owned()),
        },
        (None, None) => PageForm {
            section: "reference".to_owned(),
            audience: code_of(who.actor.factory()).unwrap_or_else(|| "all".to_owned()),
            ..PageForm::default()
        },
    };
    let sections = InfoSection::ALL
        .iter()
        .map(|s| {
            (
                s.as_str().to_owned(),
                t.get(&format!("info.{}", s.as_str())).to_owned(),
                form.section == s.as_str(),
            )
        })
        .collect();
    let mut audiences = vec![(
        "all".to_owned(),
        t.get("newsdesk.all").to_owned(),
        form.audience == "all",
    )];
    for f in factories
        .iter()
        .filter(|f| who.actor.factory().is_none_or(|mine| mine == f.id))
    {
        audiences.push((f.code.clone(), f.name.clone(), form.audience == f.code));
    }
    let id = editing.as_ref().map(|e| e.page.id.0);
    let files = editing
        .as_ref()
        .map(|e| {
            e.files
                .iter()
                .map(|f| FileLine {
                    id: f.id,
                    href: format!("/staff/info/{}/files/{}", e.page.id.0, f.id),
                    name: f.file_name.clone(),
                    size: size(f.size_bytes),
                })
                .collect()
        })
        .unwrap_or_default();
    let published = editing
        .as_ref()
        .is_some_and(|e| e.page.published_at.is_some());
    let failed = error.is_some();
    let mut r = render(&DeskPage {
        items,
        editing: id,
        published,
        preview: editing.as_ref().map(|_| markdown::to_html(&form.body)),
        reader_href: editing
            .as_ref()
            .filter(|_| published)
            .map(|e| format!("/info/{}", super::orders::enc(&e.page.slug))),
        form,
        sections,
        audiences,
        files,
        notice,
        error,
        chrome,
    })?;
    if failed {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

fn notice(t: Tr, done: &str) -> Option<String> {
    match done {
        "saved" | "published" | "withdrawn" | "attached" | "removed" => {
            Some(t.get(&format!("infodesk.done.{done}")).to_owned())
        }
        _ => None,
    }
}

/// `GET /staff/info`.
pub async fn desk(State(state): State<AppState>, who: Authenticated) -> Result<Response, WebError> {
    show(&state, &who, None, None, None, None).await
}

/// `POST /staff/info`: a new page, as a draft.
pub async fn create(
    State(state): State<AppState>,
    who: Authenticated,
    Form(f): Form<PageForm>,
) -> Result<Response, WebError> {
    match state.app.save_info_page(&who.actor, None, &f.draft()).await {
        Ok(id) => Ok(Redirect::to(&format!("/staff/info/{}?done=saved", id.0)).into_response()),
        Err(AppError::Invalid(fields)) => {
            let t = Tr(who.user.language);
            let error = Some(field_errors(t, Some("infodesk"), &fields));
            show(&state, &who, None, Some(f), None, error).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /staff/info/{id}`.
pub async fn edit(
    State(state): State<AppState>,
    who: Authenticated,
    Path(id): Path<i64>,
    Query(p): Query<Params>,
) -> Result<Response, WebError> {
    let page = state
        .app
        .info_for_editing(&who.actor, InfoPageId(id))
        .await?;
    let t = Tr(who.user.language);
    show(&state, &who, Some(page), None, notice(t, &p.done), None).await
}

/// `POST /staff/info/{id}`.
pub async fn update(
    State(state): State<AppState>,
    who: Authenticated,
    Path(id): Path<i64>,
    Form(f): Form<PageForm>,
) -> Result<Response, WebError> {
    let id = InfoPageId(id);
    match state
        .app
        .save_info_page(&who.actor, Some(id), &f.draft())
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/staff/info/{}?done=saved", id.0)).into_response()),
        Err(AppError::Invalid(fields)) => {
            let page = state.app.info_for_editing(&who.actor, id).await?;
            let t = Tr(who.user.language);
            let error = Some(field_errors(t, Some("infodesk"), &fields));
            show(&state, &who, Some(page), Some(f), None, error).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct PublishForm {
    #[serde(default)]
    publish: String,
}

/// `POST /staff/info/{id}/publish` (`publish=1`, or `0` to withdraw).
pub async fn publish(
    State(state): State<AppState>,
    who: Authenticated,
    Path(id): Path<i64>,
    Form(f): Form<PublishForm>,
) -> Result<Response, WebError> {
    let publish = match f.publish.as_str() {
        "1" => true,
        "0" => false,
        _ => return Err(AppError::invalid("publish", "must be 1 or 0").into()),
    };
    state
        .app
        .publish_info_page(&who.actor, InfoPageId(id), publish)
        .await?;
    let done = if publish { "published" } else { "withdrawn" };
    Ok(Redirect::to(&format!("/staff/info/{id}?done={done}")).into_response())
}

/// `POST /staff/info/{id}/files` (multipart, the CSRF token in the query).
pub async fn attach(
    State(state): State<AppState>,
    who: Authenticated,
    Path(id): Path<i64>,
    req: Request,
) -> Result<Response, WebError> {
    let id = InfoPageId(id);
    // Who may not edit the page learns so before sending anything big.
    let page = state.app.info_for_editing(&who.actor, id).await?;
    let mut m = Multipart::from_request(req, &())
        .await
        .map_err(|e| AppError::invalid("form", format!("the upload was broken: {e}")))?;
    let mut files = Vec::new();
    while let Some(field) = m.next_field().await.map_err(super::upload::broken)? {
        if field.name() == Some("files")
            && let Some(f) = super::upload::file(field, 20 * 1024 * 1024).await?
        {
            files.push(f);
        }
    }
    match state.app.attach_info_files(&who.actor, id, &files).await {
        Ok(()) => Ok(Redirect::to(&format!("/staff/info/{}?done=attached", id.0)).into_response()),
        Err(AppError::Invalid(fields)) => {
            let t = Tr(who.user.language);
            let error = Some(field_errors(t, None, &fields));
            show(&state, &who, Some(page), None, None, error).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /staff/info/{id}/files/{file}/remove`.
pub async fn remove(
    State(state): State<AppState>,
    who: Authenticated,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    state
        .app
        .remove_info_file(&who.actor, InfoPageId(id), file)
        .await?;
    Ok(Redirect::to(&format!("/staff/info/{id}?done=removed")).into_response())
}

/// `GET /staff/info/{id}/files/{file}`: the desk's copy, drafts included.
pub async fn desk_file(
    State(state): State<AppState>,
    who: Authenticated,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    let (f, bytes) = state
        .app
        .info_file(&who.actor, Err(InfoPageId(id)), file)
        .await?;
    Ok(super::upload::serve(&f, bytes))
}

/// `GET /info/{slug}/files/{file}`: a reader's download, through the page.
pub async fn reader_file(
    State(state): State<AppState>,
    who: Authenticated,
    Path((slug, file)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let (f, bytes) = state.app.info_file(&who.actor, Ok(&slug), file).await?;
    Ok(super::upload::serve(&f, bytes))
}
