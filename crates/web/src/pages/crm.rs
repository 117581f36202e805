//! The managers' CRM screens: `/staff/dealers` ("my dealers" with search,
//! segments, region and sorting) and the dealer card with its contact
//! people, points of sale, orders, money, reclamations, open tasks and the
//! whole communication history on one timeline. Each form posts and
//! redirects back; a refused form comes back with its text and the reason.

use super::chrome::Chrome;
use super::orders::enc;
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
use dealerdesk_app::crm::{DealerListQuery, TimelineItem};
use dealerdesk_domain::Timestamp;
use dealerdesk_i18n::fmt;
use serde::Deserialize;

#[derive(Debug, Deserialize, Default)]
pub struct ListParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    segment: String,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    page: String,
}

pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct Line {
    pub href: String,
    pub code: String,
    pub name: String,
    pub place: String,
    pub manager: String,
    pub balance: String,
    pub in_debt: bool,
    pub turnover: String,
    pub last_order: String,
    pub dormant: bool,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "crm_dealers.html")]
struct ListPage {
    chrome: Chrome,
    q: String,
    segments: Vec<Opt>,
    regions: Vec<Opt>,
    sorts: Vec<Opt>,
    lines: Vec<Line>,
    total: i64,
    page: i64,
    pages: i64,
    prev: Option<String>,
    next: Option<String>,
    show_manager: bool,
    error: Option<String>,
}

fn opts(t: Tr, prefix: &str, values: &[&str], current: &str) -> Vec<Opt> {
    values
        .iter()
        .map(|v| Opt {
            value: (*v).to_owned(),
            label: t
                .get(&format!(
                    "{prefix}.{}",
                    if v.is_empty() { "all" } else { v }
                ))
                .to_owned(),
            selected: *v == current,
        })
        .collect()
}

/// `GET /staff/dealers`.
pub async fn list(
    State(state): State<AppState>,
    who: Authenticated,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let mut chrome = Chrome::for_user(&who, "dealers", "");
    let t = chrome.t;
    chrome.title = t.get("crm.dealers").to_owned();
    let query = DealerListQuery {
        q: p.q.clone(),
        region: p.region.clone(),
        segment: p.segment.clone(),
        sort: p.sort.clone(),
        page: p.page.clone(),
    };
    let (found, error) = match state.app.crm_dealers(&who.actor, &query).await {
        Ok(f) => (Some(f), None),
        Err(AppError::Invalid(fields)) => (None, Some(field_errors(t, Some("crm"), &fields))),
        Err(e) => return Err(e.into()),
    };
    let tz = state.app.timezone(who.actor.factory()).await?;
    let active_since = Timestamp::now().plus_seconds(-dealerdesk_app::crm::ACTIVE_DAYS * 86_400);
    let mut regions = vec![Opt {
        value: String::new(),
        label: t.get("crm.region.all").to_owned(),
        selected: p.region.is_empty(),
    }];
    let (lines, total, page, pages) = match &found {
        Some(f) => {
            regions.extend(f.regions.iter().map(|r| Opt {
                value: r.clone(),
                label: r.clone(),
                selected: *r == p.region,
            }));
            let lines = f
                .lines
                .iter()
                .map(|l| Line {
                    href: format!("/staff/dealers/{}", enc(&l.code)),
                    code: l.code.clone(),
                    name: l.name.clone(),
                    place: [l.city.as_deref(), l.region.as_deref()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(", "),
                    manager: l.manager_name.clone().unwrap_or_default(),
                    balance: fmt::money(t.0, l.balance),
                    in_debt: l.balance.minor > 0,
                    turnover: fmt::money(t.0, l.turnover),
                    last_order: l
                        .last_order_at
                        .map(|d| fmt::date(t.0, d, &tz))
                        .unwrap_or_else(|| t.get("crm.never").to_owned()),
                    dormant: l.last_order_at.is_none_or(|d| d < active_since),
                    active: l.active,
                })
                .collect();
            (lines, f.total, f.page, f.pages)
        }
        None => (Vec::new(), 0, 1, 1),
    };
    let link = |page: i64| {
        let q: String = form_urlencoded::Serializer::new(String::new())
            .append_pair("q", &p.q)
            .append_pair("region", &p.region)
            .append_pair("segment", &p.segment)
            .append_pair("sort", &p.sort)
            .append_pair("page", &page.to_string())
            .finish();
        format!("/staff/dealers?{q}")
    };
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let mut r = render(&ListPage {
        q: p.q.clone(),
        segments: opts(
            t,
            "crm.segment",
            &["", "debt", "active", "dormant"],
            &p.segment,
        ),
        sorts: opts(
            t,
            "crm.sort",
            &["name", "turnover", "balance", "last_order"],
            if p.sort.is_empty() { "name" } else { &p.sort },
        ),
        regions,
        lines,
        total,
        page,
        pages,
        prev: (page > 1).then(|| link(page - 1)),
        next: (page < pages).then(|| link(page + 1)),
        show_manager: who.actor.role != dealerdesk_domain::Role::Manager,
        error,
        chrome,
    })?;
    *r.status_mut() = status;
    Ok(r)
}

pub struct Entry {
    /// `call`, `meeting`, `note` or `message`.
    pub kind: &'static str,
    pub label: String,
    pub at: String,
    pub who: String,
    pub body: String,
    pub link: Option<String>,
    pub from_dealer: bool,
}

pub struct TaskLine {
    pub title: String,
    pub due: String,
    pub overdue: bool,
    pub assignee: String,
}

pub struct OrderLine {
    pub href: String,
    pub number: String,
    pub status: &'static str,
    pub status_label: String,
    pub total: String,
}

/// The forms of the card as they were sent, when one was refused.
#[derive(Default)]
pub struct Forms {
    pub which: &'static str,
    pub error: Option<String>,
    pub contact: [String; 4],
    pub point: [String; 4],
    pub kind: String,
    pub body: String,
}

#[derive(Template)]
#[template(path = "crm_card.html")]
struct CardPage {
    chrome: Chrome,
    action: String,
    name: String,
    facts: Vec<(String, String)>,
    phone: Option<(String, String)>,
    email: Option<String>,
    balance: String,
    in_debt: bool,
    turnover: String,
    counts: Vec<(&'static str, String, i64)>,
    contacts: Vec<dealerdesk_domain::crm::Contact>,
    points: Vec<dealerdesk_domain::crm::Point>,
    orders: Vec<OrderLine>,
    reclamations: Vec<(String, String, String)>,
    open_reclamations: i64,
    tasks: Vec<TaskLine>,
    timeline: Vec<Entry>,
    kinds: Vec<(&'static str, String, bool)>,
    task_href: String,
    statement_href: String,
    notice: Option<String>,
    forms: Forms,
}

#[derive(Debug, Deserialize, Default)]
pub struct Done {
    done: Option<String>,
}

/// `GET /staff/dealers/{code}`.
pub async fn card(
    State(state): State<AppState>,
    who: Authenticated,
    Path(code): Path<String>,
    Query(q): Query<Done>,
) -> Result<Response, WebError> {
    let t = Tr(who.user.language);
    let notice = match q.done.as_deref() {
        Some(k @ ("contact" | "point" | "activity")) => {
            Some(t.get(&format!("crm.saved.{k}")).to_owned())
        }
        _ => None,
    };
    show_card(&state, &who, &code, notice, Forms::default()).await
}

async fn show_card(
    state: &AppState,
    who: &Authenticated,
    code: &str,
    notice: Option<String>,
    forms: Forms,
) -> Result<Response, WebError> {
    let c = state.app.dealer_card(&who.actor, code).await?;
    let mut chrome = Chrome::for_user(who, "dealers", "");
    let t = chrome.t;
    chrome.title = c.dealer.name.clone();
    let tz = state.app.timezone(Some(c.dealer.factory_id)).await?;
    let now = Timestamp::now();
    let d = &c.dealer;
    let factory_code = state.app.factory(d.factory_id).await?.code;
    let mut facts = vec![(t.get("crm.field.code").to_owned(), d.code.clone())];
    for (key, value) in [
        ("crm.field.tax_id", &d.tax_id),
        ("crm.field.region", &d.region),
        ("crm.field.city", &d.city),
        ("crm.field.address", &d.address),
    ] {
        if let Some(v) = value {
            facts.push((t.get(key).to_owned(), v.clone()));
        }
    }
    if let Some(m) = &c.manager_name {
        facts.push((t.get("crm.field.manager").to_owned(), m.clone()));
    }
    let timeline = c
        .timeline
        .iter()
        .map(|item| match item {
            TimelineItem::Activity(a) => Entry {
                kind: a.kind.as_str(),
                label: t.get(&format!("crm.kind.{}", a.kind.as_str())).to_owned(),
                at: fmt::datetime(t.0, a.happened_at, &tz),
                who: a.author_name.clone(),
                body: a.body.clone(),
                link: None,
                from_dealer: false,
            },
            TimelineItem::Message(m) => Entry {
                kind: "message",
                label: format!("{}: {}", t.get("crm.kind.message"), m.subject),
                at: fmt::datetime(t.0, m.at, &tz),
                who: m.author_name.clone(),
                body: m.body.clone(),
                link: Some(format!("/messages/{}", m.thread_id)),
                from_dealer: m.from_dealer,
            },
        })
        .collect();
    let kinds = ["call", "meeting", "note"]
        .into_iter()
        .map(|k| {
            let checked = forms.kind == k || (forms.kind.is_empty() && k == "call");
            (k, t.get(&format!("crm.kind.{k}")).to_owned(), checked)
        })
        .collect();
    let page = CardPage {
        kinds,
        task_href: format!("/staff/tasks?dealer={}#new", enc(&d.code)),
        statement_href: format!("/staff/finance/{}", enc(&d.code)),
        action: format!("/staff/dealers/{}", enc(&d.code)),
        name: d.name.clone(),
        facts,
        phone: d.phone.clone().map(|p| (format!("tel:{p}"), p)),
        email: d.email.clone(),
        balance: fmt::money(t.0, c.stats.balance),
        in_debt: c.stats.balance.minor > 0,
        turnover: fmt::money(t.0, c.turnover),
        counts: c
            .stats
            .counts
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| {
                (
                    s.as_str(),
                    t.get(&format!("status.{}", s.as_str())).to_owned(),
                    *n,
                )
            })
            .collect(),
        contacts: c.contacts.clone(),
        points: c.points.clone(),
        orders: c
            .recent_orders
            .iter()
            .map(|o| OrderLine {
                href: format!("/orders/{}/{}", enc(&factory_code), enc(&o.number)),
                number: o.number.clone(),
                status: o.status.as_str(),
                status_label: t.get(&format!("status.{}", o.status.as_str())).to_owned(),
                total: fmt::money(
                    t.0,
                    dealerdesk_domain::Money::new(o.total_minor, o.currency),
                ),
            })
            .collect(),
        reclamations: c
            .reclamations
            .iter()
            .map(|r| {
                (
                    format!("/reclamations/{}", enc(&r.number)),
                    r.number.clone(),
                    t.get(&format!("reclamation.status.{}", r.status.as_str()))
                        .to_owned(),
                )
            })
            .collect(),
        open_reclamations: c.open_reclamations,
        tasks: c
            .tasks
            .iter()
            .map(|k| TaskLine {
                title: k.title.clone(),
                due: fmt::datetime(t.0, k.due_at, &tz),
                overdue: k.overdue(now),
                assignee: k.assignee_name.clone(),
            })
            .collect(),
        timeline,
        notice,
        forms,
        chrome,
    };
    let status = if page.forms.error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let mut r = render(&page)?;
    *r.status_mut() = status;
    Ok(r)
}

async fn after_post(
    state: &AppState,
    who: &Authenticated,
    code: &str,
    result: Result<(), AppError>,
    done: &str,
    mut forms: Forms,
) -> Result<Response, WebError> {
    match result {
        Ok(()) => Ok(
            Redirect::to(&format!("/staff/dealers/{}?done={done}#{done}", enc(code)))
                .into_response(),
        ),
        Err(AppError::Invalid(fields)) => {
            let t = Tr(who.user.language);
            forms.error = Some(field_errors(t, Some("crm"), &fields));
            show_card(state, who, code, None, forms).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct ContactForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    position: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
}

/// `POST /staff/dealers/{code}/contacts`.
pub async fn add_contact(
    State(state): State<AppState>,
    who: Authenticated,
    Path(code): Path<String>,
    Form(f): Form<ContactForm>,
) -> Result<Response, WebError> {
    let r = state
        .app
        .add_dealer_contact(
            &who.actor,
            &code,
            [&f.name, &f.position, &f.phone, &f.email],
        )
        .await;
    let forms = Forms {
        which: "contact",
        contact: [f.name, f.position, f.phone, f.email],
        ..Forms::default()
    };
    after_post(&state, &who, &code, r, "contact", forms).await
}

#[derive(Debug, Deserialize)]
pub struct PointForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    phone: String,
}

/// `POST /staff/dealers/{code}/points`.
pub async fn add_point(
    State(state): State<AppState>,
    who: Authenticated,
    Path(code): Path<String>,
    Form(f): Form<PointForm>,
) -> Result<Response, WebError> {
    let r = state
        .app
        .add_dealer_point(&who.actor, &code, [&f.name, &f.city, &f.address, &f.phone])
        .await;
    let forms = Forms {
        which: "point",
        point: [f.name, f.city, f.address, f.phone],
        ..Forms::default()
    };
    after_post(&state, &who, &code, r, "point", forms).await
}

#[derive(Debug, Deserialize)]
pub struct ActivityForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    body: String,
}

/// `POST /staff/dealers/{code}/activities`.
pub async fn log_activity(
    State(state): State<AppState>,
    who: Authenticated,
    Path(code): Path<String>,
    Form(f): Form<ActivityForm>,
) -> Result<Response, WebError> {
    let r = state
        .app
        .log_dealer_activity(&who.actor, &code, &f.kind, &f.body)
        .await;
    let forms = Forms {
        which: "activity",
        kind: f.kind,
        body: f.body,
        ..Forms::default()
    };
    after_post(&state, &who, &code, r, "activity", forms).await
}
