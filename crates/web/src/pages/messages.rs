//! Messages: the dealer's threads with a form to start one, a manager's
//! inbox across their dealers, and a thread's page with the reply form.
//! A new message in the open thread appears without a reload (`live.js`
//! refreshes the thread when the live stream says it changed).

use super::chrome::Chrome;
use super::{field_errors, render};
use crate::i18n::Tr;
use crate::principal::Authenticated;
use crate::{AppState, WebError, fmt};
use askama::Template;
use axum::extract::{Form, FromRequest, Multipart, Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use dealerdesk_app::AppError;
use dealerdesk_app::messages::{Response as Measured, ThreadItem};
use dealerdesk_app::uploads::Upload;
use dealerdesk_domain::ThreadId;
use dealerdesk_domain::file::{MAX_FILE_BYTES, inline};

struct Row {
    href: String,
    subject: String,
    dealer: String,
    order: String,
    last: String,
    unread: i64,
    response: String,
    waiting: String,
}

/// "12 min", "3 h": how long the plant takes to answer.
fn duration(t: Tr, ms: i64) -> String {
    let minutes = (ms / 60_000).max(1);
    if minutes < 120 {
        t.with_n("messages.minutes", minutes)
    } else {
        t.with_n("messages.hours", minutes / 60)
    }
}

fn response_text(t: Tr, r: &Measured) -> String {
    r.average_ms
        .map(|ms| duration(t, ms))
        .unwrap_or_else(|| "—".into())
}

fn rows(t: Tr, tz: &str, items: &[ThreadItem]) -> Vec<Row> {
    items
        .iter()
        .map(|i| Row {
            href: format!("/messages/{}", i.row.thread.id.0),
            subject: i.row.thread.subject.clone(),
            dealer: i.row.dealer_name.clone(),
            order: i.row.order_number.clone().unwrap_or_default(),
            last: fmt::datetime(t.0, i.row.thread.last_message_at, tz),
            unread: i.row.unread,
            response: response_text(t, &i.response),
            waiting: i
                .response
                .waiting_since
                .map(|w| fmt::datetime(t.0, w, tz))
                .unwrap_or_default(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "messages.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<Row>,
    /// The dealer's page has the form; the inbox does not.
    dealer_side: bool,
    subject: String,
    order: String,
    body: String,
    error: Option<String>,
}

async fn list_page(
    state: &AppState,
    who: &Authenticated,
    form: Option<&MessageForm>,
    error: Option<String>,
) -> Result<ListPage, WebError> {
    let dealer_side = who.user.role.is_dealer_side();
    let items = if dealer_side {
        state.app.dealer_threads(&who.actor).await?
    } else {
        state.app.inbox(&who.actor).await?
    };
    let mut chrome = Chrome::for_user(who, if dealer_side { "messages" } else { "inbox" }, "");
    let t = chrome.t;
    chrome.title = t
        .get(if dealer_side {
            "messages.title"
        } else {
            "messages.inbox"
        })
        .to_owned();
    let tz = state.app.timezone(who.actor.factory()).await?;
    Ok(ListPage {
        rows: rows(t, &tz, &items),
        dealer_side,
        subject: form.map(|f| f.subject.clone()).unwrap_or_default(),
        order: form.map(|f| f.order.clone()).unwrap_or_default(),
        body: form.map(|f| f.body.clone()).unwrap_or_default(),
        error,
        chrome,
    })
}

/// `GET /messages` (the dealer's) and `GET /staff/inbox` (a manager's).
pub async fn list(State(state): State<AppState>, who: Authenticated) -> Result<Response, WebError> {
    if !who.user.role.is_dealer_side() {
        return Err(AppError::Forbidden.into());
    }
    render(&list_page(&state, &who, None, None).await?)
}

pub async fn inbox(
    State(state): State<AppState>,
    who: Authenticated,
) -> Result<Response, WebError> {
    if who.user.role.is_dealer_side() {
        return Err(AppError::Forbidden.into());
    }
    render(&list_page(&state, &who, None, None).await?)
}

/// A message form: a new thread's subject and order, the text, files.
/// Pages send it as multipart (the CSRF token in the query); a plain
/// urlencoded form, without files, is read too.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct MessageForm {
    #[serde(default)]
    subject: String,
    #[serde(default)]
    order: String,
    #[serde(default)]
    body: String,
    #[serde(skip)]
    files: Vec<Upload>,
}

impl<S: Send + Sync> FromRequest<S> for MessageForm {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, WebError> {
        let multipart = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if !multipart {
            let Form(f) = Form::<MessageForm>::from_request(req, state)
                .await
                .map_err(|e| WebError(AppError::invalid("form", e.body_text())))?;
            return Ok(f);
        }
        let mut m = Multipart::from_request(req, state)
            .await
            .map_err(|e| WebError(AppError::invalid("form", e.body_text())))?;
        let mut f = MessageForm::default();
        while let Some(field) = m.next_field().await.map_err(super::upload::broken)? {
            match field.name().unwrap_or_default() {
                "files" => {
                    if let Some(u) = super::upload::file(field, MAX_FILE_BYTES).await? {
                        f.files.push(u);
                    }
                }
                "subject" => f.subject = field.text().await.map_err(super::upload::broken)?,
                "order" => f.order = field.text().await.map_err(super::upload::broken)?,
                "body" => f.body = field.text().await.map_err(super::upload::broken)?,
                _ => {}
            }
        }
        Ok(f)
    }
}

/// `POST /messages`: a dealer starts a thread.
pub async fn start(
    State(state): State<AppState>,
    who: Authenticated,
    f: MessageForm,
) -> Result<Response, WebError> {
    let code = match who.actor.factory() {
        Some(id) => state.app.factory(id).await?.code,
        None => String::new(),
    };
    let order = f.order.trim();
    let about = (!order.is_empty()).then_some((code.as_str(), order));
    match state
        .app
        .start_thread(&who.actor, &f.subject, about, &f.body, &f.files)
        .await
    {
        Ok(id) => Ok((
            StatusCode::SEE_OTHER,
            Redirect::to(&format!("/messages/{}", id.0)),
        )
            .into_response()),
        Err(AppError::Invalid(fields)) => {
            let t = Tr(who.user.language);
            let msg = field_errors(t, Some("messages"), &fields);
            let mut resp = render(&list_page(&state, &who, Some(&f), Some(msg)).await?)?;
            *resp.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(resp)
        }
        // An order that is not the dealer's is as good as missing.
        Err(AppError::NotFound) if about.is_some() => {
            let t = Tr(who.user.language);
            let msg = format!(
                "{}: {}",
                t.get("messages.field.order"),
                t.get("error.not_found")
            );
            let mut resp = render(&list_page(&state, &who, Some(&f), Some(msg)).await?)?;
            *resp.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(resp)
        }
        Err(e) => Err(e.into()),
    }
}

struct FileView {
    href: String,
    name: String,
    size: String,
    /// A photo, shown as a thumbnail; other files are links.
    image: bool,
}

struct MessageView {
    id: i64,
    author: String,
    plant: bool,
    at: String,
    body: String,
    files: Vec<FileView>,
}

#[derive(Template)]
#[template(path = "thread.html")]
struct ThreadPage {
    chrome: Chrome,
    id: i64,
    subject: String,
    dealer: String,
    order: Option<(String, String)>,
    response: String,
    messages: Vec<MessageView>,
    error: Option<String>,
}

async fn thread_page(
    state: &AppState,
    who: &Authenticated,
    id: i64,
    error: Option<String>,
) -> Result<ThreadPage, WebError> {
    let v = state.app.thread(&who.actor, ThreadId(id)).await?;
    let dealer_side = who.user.role.is_dealer_side();
    let mut chrome = Chrome::for_user(who, if dealer_side { "messages" } else { "inbox" }, "");
    let t = chrome.t;
    chrome.title = v.item.row.thread.subject.clone();
    let tz = state.app.timezone(Some(v.item.row.factory_id)).await?;
    let enc = super::orders::enc;
    Ok(ThreadPage {
        id,
        subject: v.item.row.thread.subject.clone(),
        dealer: v.item.row.dealer_name.clone(),
        order: v
            .item
            .row
            .order_number
            .clone()
            .map(|n| (format!("/orders/{}/{}", enc(&v.factory_code), enc(&n)), n)),
        response: response_text(t, &v.item.response),
        messages: v
            .messages
            .iter()
            .map(|m| MessageView {
                id: m.message.id.0,
                author: m.author_name.clone(),
                plant: !m.from_dealer,
                at: fmt::datetime(t.0, m.message.created_at, &tz),
                body: m.message.body.clone(),
                files: v
                    .files
                    .iter()
                    .filter(|(mid, _)| *mid == m.message.id)
                    .map(|(_, f)| FileView {
                        href: format!("/messages/{id}/files/{}", f.id),
                        name: f.file_name.clone(),
                        size: size(f.size_bytes),
                        image: inline(&f.content_type),
                    })
                    .collect(),
            })
            .collect(),
        error,
        chrome,
    })
}

/// `GET /messages/{id}`: the thread; reading it marks it read.
pub async fn thread(
    State(state): State<AppState>,
    who: Authenticated,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    render(&thread_page(&state, &who, id, None).await?)
}

/// "830 KB", "2.4 MB".
fn size(bytes: i64) -> String {
    if bytes < 1024 * 1024 {
        format!("{} KB", (bytes + 1023) / 1024)
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

/// `GET /messages/{id}/files/{file}`: only through the thread. Photos are
/// shown in the page; every other file is downloaded, never rendered.
pub async fn file(
    State(state): State<AppState>,
    who: Authenticated,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    let (f, bytes) = state
        .app
        .message_file(&who.actor, ThreadId(id), file)
        .await?;
    let how = if inline(&f.content_type) {
        "inline"
    } else {
        "attachment"
    };
    let disposition = format!(
        "{how}; filename*=UTF-8''{}",
        super::orders::enc(&f.file_name)
    );
    let mut resp = (
        [
            (header::CONTENT_TYPE, f.content_type.clone()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, max-age=3600".to_owned()),
        ],
        bytes,
    )
        .into_response();
    if let Ok(v) = "default-src 'none'; sandbox".parse() {
        resp.headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, v);
    }
    Ok(resp)
}

/// `POST /messages/{id}`: a reply from either side.
pub async fn reply(
    State(state): State<AppState>,
    who: Authenticated,
    Path(id): Path<i64>,
    f: MessageForm,
) -> Result<Response, WebError> {
    match state
        .app
        .reply(&who.actor, ThreadId(id), &f.body, &f.files)
        .await
    {
        Ok(()) => Ok((
            StatusCode::SEE_OTHER,
            Redirect::to(&format!("/messages/{id}#last")),
        )
            .into_response()),
        Err(AppError::Invalid(fields)) => {
            let t = Tr(who.user.language);
            let msg = field_errors(t, Some("messages"), &fields);
            let mut resp = render(&thread_page(&state, &who, id, Some(msg)).await?)?;
            *resp.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(resp)
        }
        Err(e) => Err(e.into()),
    }
}
