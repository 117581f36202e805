//! `GET /live`: the person's notifications pushed to open tabs as
//! Server-Sent Events (SPEC 4.4).
//!
//! Each notification is an `event: notification` whose `id:` is its id, so
//! the browser's automatic reconnect sends `Last-Event-ID` and the stream
//! resumes after it from the database: a dropped connection misses
//! nothing. Every step also sends `event: unread` with the count for the
//! menu's badge. The stream subscribes to the wake-ups before it reads, so
//! nothing committed in between is skipped; it re-checks the session on
//! every wake-up and ends after [`MAX_AGE`] (the browser reconnects and is
//! authorised again), so a logout or a deactivation also closes it.

use crate::principal::Authenticated;
use crate::{AppState, WebError, fmt};
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use dealerdesk_app::App;
use dealerdesk_app::live::Reached;
use dealerdesk_domain::Actor;
use dealerdesk_domain::model::{Language, Notification};
use futures::Stream;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast;

/// A stream ends after this long; the browser reconnects at once.
const MAX_AGE: Duration = Duration::from_secs(30 * 60);
/// Notifications sent per database read.
const STEP: i64 = 100;

struct Feed {
    app: App,
    actor: Actor,
    /// The session's token hash (not the whole principal: a stream holds
    /// it for half an hour, and 10,000 streams hold 10,000 of them).
    session: Option<String>,
    lang: Language,
    tz: String,
    wake: broadcast::Receiver<Reached>,
    /// The server is stopping.
    closing: tokio::sync::watch::Receiver<bool>,
    /// The last id sent (the next `Last-Event-ID`).
    last: Option<i64>,
    queue: VecDeque<Event>,
    /// Read before waiting: a new stream and a reconnect first catch up.
    catch_up: bool,
    ends_at: tokio::time::Instant,
}

fn notification_event(n: &Notification, lang: Language, tz: &str) -> Event {
    let data = serde_json::json!({
        "id": n.id.0,
        "kind": n.kind.as_str(),
        "title": n.title,
        "body": n.body,
        // Links are made by the fan-out from the event; only local ones.
        "link": n.link.as_deref().filter(|l| l.starts_with('/') && !l.starts_with("//")),
        "at": fmt::datetime(lang, n.created_at, tz),
    });
    Event::default()
        .event("notification")
        .id(n.id.0.to_string())
        .data(data.to_string())
}

impl Feed {
    /// Reads what is new into the queue. `false`: the stream should end.
    async fn read(&mut self) -> bool {
        if let Some(s) = &self.session {
            match self.app.session_still_valid(s).await {
                Ok(true) => {}
                Ok(false) | Err(_) => return false,
            }
        }
        let update = match self
            .app
            .notifications_after(&self.actor, self.last, STEP)
            .await
        {
            Ok(u) => u,
            Err(e) => {
                tracing::warn!(error = %e, "a live stream could not read; the browser will reconnect");
                return false;
            }
        };
        for n in &update.items {
            self.queue
                .push_back(notification_event(n, self.lang, &self.tz));
        }
        // More than one step behind: read on before waiting.
        self.catch_up = update.items.len() as i64 >= STEP;
        self.last = Some(update.last);
        self.queue.push_back(
            Event::default()
                .event("unread")
                .data(update.unread.to_string()),
        );
        true
    }

    /// Waits until something may be new for this person.
    async fn wait(&mut self) -> bool {
        loop {
            if *self.closing.borrow() {
                return false;
            }
            let woke = tokio::select! {
                r = self.wake.recv() => r,
                _ = tokio::time::sleep_until(self.ends_at) => return false,
                _ = self.closing.changed() => return false,
            };
            match woke {
                // An empty list wakes everyone (`Live::wake_all`).
                Ok(reached)
                    if reached.is_empty()
                        || reached.iter().any(|(u, _)| *u == self.actor.user_id) =>
                {
                    return true;
                }
                Ok(_) => continue,
                // Missed some wake-ups: read anyway, the database knows.
                Err(broadcast::error::RecvError::Lagged(_)) => return true,
                Err(broadcast::error::RecvError::Closed) => return false,
            }
        }
    }

    async fn next(mut self) -> Option<(Result<Event, Infallible>, Feed)> {
        loop {
            if let Some(e) = self.queue.pop_front() {
                return Some((Ok(e), self));
            }
            if !self.catch_up && !self.wait().await {
                return None;
            }
            // Boxed: the database read's future is most of this one's
            // size, and a stream spends its life waiting, not reading
            // (10,000 held streams: bench/run's live part).
            if !Box::pin(self.read()).await {
                return None;
            }
        }
    }
}

/// The `Last-Event-ID` a reconnecting browser sends.
fn last_event_id(headers: &HeaderMap) -> Option<i64> {
    headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|v| *v >= 0)
}

#[derive(Debug, serde::Deserialize)]
pub struct Start {
    /// Where a page that already shows notifications continues from.
    after: Option<i64>,
}

pub async fn stream(
    State(state): State<AppState>,
    who: Authenticated,
    headers: HeaderMap,
    Query(start): Query<Start>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, WebError> {
    let tz = state.app.timezone(who.actor.factory()).await?;
    let feed = Feed {
        wake: state.app.live.subscribe(),
        closing: state.app.live.closing(),
        app: state.app.clone(),
        lang: who.user.language,
        actor: who.actor,
        session: who.session.map(|s| s.token_hash.clone()),
        tz,
        // A reconnect's Last-Event-ID wins over the page's starting point.
        last: last_event_id(&headers).or(start.after.filter(|a| *a >= 0)),
        queue: VecDeque::new(),
        catch_up: true,
        ends_at: tokio::time::Instant::now() + MAX_AGE,
    };
    let events = futures::stream::unfold(feed, Feed::next);
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(20))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_event_id_is_a_number_or_nothing() {
        let mut h = HeaderMap::new();
        assert_eq!(last_event_id(&h), None);
        h.insert("last-event-id", "42".parse().expect("value"));
        assert_eq!(last_event_id(&h), Some(42));
        h.insert("last-event-id", "nonsense".parse().expect("value"));
        assert_eq!(last_event_id(&h), None);
        h.insert("last-event-id", "-5".parse().expect("value"));
        assert_eq!(last_event_id(&h), None);
    }
}
