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
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dealerdesk_app::AppError;
use dealerdesk_app::messages::{Response as Measured, ThreadItem};
use dealerdesk_domain::ThreadId;

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
    form: Option<&NewThread>,
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

#[derive(Debug, serde::Deserialize)]
pub struct NewThread {
    #[serde(default)]
    subject: String,
    #[serde(default)]
    order: String,
    #[serde(default)]
    body: String,
}

/// `POST /messages`: a dealer starts a thread.
pub async fn start(
    State(state): State<AppState>,
    who: Authenticated,
    Form(f): Form<NewThread>,
) -> Result<Response, WebError> {
    let code = match who.actor.factory() {
        Some(id) => state.app.factory(id).await?.code,
        None => String::new(),
    };
    let order = f.order.trim();
    let about = (!order.is_empty()).then_some((code.as_str(), order));
    match state
        .app
        .start_thread(&who.actor, &f.subject, about, &f.body)
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

struct MessageView {
    id: i64,
    author: String,
    plant: bool,
    at: String,
    body: String,
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

#[derive(Debug, serde::Deserialize)]
pub struct ReplyForm {
    #[serde(default)]
    body: String,
}

/// `POST /messages/{id}`: a reply from either side.
pub async fn reply(
    State(state): State<AppState>,
    who: Authenticated,
    Path(id): Path<i64>,
    Form(f): Form<ReplyForm>,
) -> Result<Response, WebError> {
    match state.app.reply(&who.actor, ThreadId(id), &f.body).await {
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
