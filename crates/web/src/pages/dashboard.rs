//! The start page: a dealer's dashboard at `/`, the plant's at `/staff`.

use super::chrome::Chrome;
use super::render;
use crate::fmt;
use crate::i18n::Tr;
use crate::principal::Authenticated;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use dealerdesk_app::AppError;
use dealerdesk_app::dashboard::DealerDashboard;
use dealerdesk_domain::OrderStatus;
use dealerdesk_domain::model::News;

pub struct StatusCount {
    pub code: &'static str,
    pub label: &'static str,
    pub count: String,
}

pub struct RecentRow {
    pub number: String,
    pub code: &'static str,
    pub label: &'static str,
    pub at: String,
}

pub struct NewsRow {
    pub href: String,
    pub title: String,
    pub at: String,
}

pub struct QueueCard {
    pub label: &'static str,
    pub href: Option<&'static str>,
    pub value: String,
}

#[derive(Template)]
#[template(path = "dashboard_dealer.html")]
struct DealerPage {
    chrome: Chrome,
    d: DealerDashboard,
    balance: Option<String>,
    balance_note: &'static str,
    total_orders: String,
    statuses: Vec<StatusCount>,
    recent: Vec<RecentRow>,
    news: Vec<NewsRow>,
}

#[derive(Template)]
#[template(path = "dashboard_staff.html")]
struct StaffPage {
    chrome: Chrome,
    queues: Vec<QueueCard>,
    statuses: Vec<StatusCount>,
    news: Vec<NewsRow>,
}

fn status_counts(t: Tr, counts: &[(OrderStatus, i64)]) -> Vec<StatusCount> {
    counts
        .iter()
        .map(|(s, n)| StatusCount {
            code: s.as_str(),
            label: t.get(&format!("status.{}", s.as_str())),
            count: fmt::int(t.0, *n),
        })
        .collect()
}

fn news_rows(t: Tr, tz: &str, news: &[News]) -> Vec<NewsRow> {
    news.iter()
        .map(|n| NewsRow {
            href: format!("/news/{}", n.id.0),
            title: n.title.clone(),
            at: n
                .published_at
                .map(|p| fmt::date(t.0, p, tz))
                .unwrap_or_default(),
        })
        .collect()
}

/// `/`: the dealer's dashboard; the plant's people go to `/staff`.
pub async fn home(State(state): State<AppState>, who: Authenticated) -> Result<Response, WebError> {
    if who.user.role.is_staff() {
        return Ok(Redirect::to("/staff").into_response());
    }
    let d = state.app.dealer_dashboard(&who.actor).await?;
    let tz = state.app.timezone(who.actor.factory()).await?;
    let chrome = Chrome::for_user(&who, "dashboard", d.dealer.display_name());
    let t = chrome.t;
    let balance_note = match d.balance {
        Some(b) if b.minor > 0 => t.get("dash.balance_owed"),
        Some(b) if b.minor < 0 => t.get("dash.balance_prepaid"),
        _ => "",
    };
    let page = DealerPage {
        balance: d.balance.map(|b| fmt::money(t.0, b)),
        balance_note,
        total_orders: fmt::int(t.0, d.counts.iter().map(|(_, n)| n).sum()),
        statuses: status_counts(t, &d.counts),
        recent: d
            .recent
            .iter()
            .map(|o| RecentRow {
                number: o.number.clone(),
                code: o.status.as_str(),
                label: t.get(&format!("status.{}", o.status.as_str())),
                at: fmt::datetime(t.0, o.status_at, &tz),
            })
            .collect(),
        news: news_rows(t, &tz, &d.news),
        chrome,
        d,
    };
    render(&page)
}

/// Where each queue is worked, if it has a page.
fn queue_link(key: &str, reclamation_queue: bool) -> Option<&'static str> {
    Some(match key {
        "my_dealers" => "/staff/dealers",
        "overdue_tasks" => "/staff/tasks",
        "stuck_orders" => "/staff/attention",
        "unread_messages" => "/staff/inbox",
        "open_reclamations" if reclamation_queue => "/staff/reclamations",
        _ => return None,
    })
}

/// `/staff`: the counts of the person's queues.
pub async fn staff(
    State(state): State<AppState>,
    who: Authenticated,
) -> Result<Response, WebError> {
    if !who.user.role.is_staff() {
        return Err(AppError::Forbidden.into());
    }
    let d = state.app.staff_dashboard(&who.actor).await?;
    let tz = state.app.timezone(who.actor.factory()).await?;
    let chrome = Chrome::for_user(&who, "staff", "");
    let t = chrome.t;
    let queues = d
        .queues
        .iter()
        .map(|q| QueueCard {
            label: t.get(&format!("queue.{}", q.key)),
            href: queue_link(
                q.key,
                who.actor
                    .can(dealerdesk_domain::policy::Capability::ReclamationQueue),
            ),
            value: if q.key.ends_with("_minor") {
                fmt::money(
                    t.0,
                    dealerdesk_domain::Money::new(q.count, dealerdesk_domain::Currency::UAH),
                )
            } else {
                fmt::int(t.0, q.count)
            },
        })
        .collect();
    let mut chrome = chrome;
    chrome.title = t.get("staff.title").to_owned();
    let page = StaffPage {
        statuses: status_counts(t, &d.orders_by_status),
        news: news_rows(t, &tz, &d.news),
        queues,
        chrome,
    };
    render(&page)
}
