//! The notification centre (`/notifications`): the person's latest
//! notifications, unread ones marked, and "mark all as read".

use super::chrome::Chrome;
use super::render;
use crate::principal::Authenticated;
use crate::{AppState, WebError, fmt};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

struct Item {
    id: i64,
    title: String,
    body: String,
    href: Option<String>,
    at: String,
    unread: bool,
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct CentrePage {
    chrome: Chrome,
    items: Vec<Item>,
    unread: i64,
    /// The newest id shown: the live stream continues after it.
    last_id: i64,
}

pub async fn page(State(state): State<AppState>, who: Authenticated) -> Result<Response, WebError> {
    let mut chrome = Chrome::for_user(&who, "notifications", "");
    let t = chrome.t;
    chrome.title = t.get("notifications.title").to_owned();
    let tz = state.app.timezone(who.actor.factory()).await?;
    let centre = state.app.notification_centre(&who.actor).await?;
    let last_id = centre.items.first().map(|n| n.id.0).unwrap_or(0);
    let items = centre
        .items
        .into_iter()
        .map(|n| Item {
            id: n.id.0,
            title: n.title,
            body: n.body,
            // Links are made by the fan-out from the event; only local ones.
            href: n
                .link
                .filter(|l| l.starts_with('/') && !l.starts_with("//")),
            at: fmt::datetime(t.0, n.created_at, &tz),
            unread: n.read_at.is_none(),
        })
        .collect();
    render(&CentrePage {
        chrome,
        items,
        unread: centre.unread,
        last_id,
    })
}

/// `POST /notifications/read`: everything read.
pub async fn mark_read(
    State(state): State<AppState>,
    who: Authenticated,
) -> Result<Response, WebError> {
    state.app.mark_notifications_read(&who.actor).await?;
    Ok((StatusCode::SEE_OTHER, Redirect::to("/notifications")).into_response())
}
