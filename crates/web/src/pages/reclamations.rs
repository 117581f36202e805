//! Reclamation pages both sides share: the dealer's list, the filing form
//! (multipart, photos), the reclamation's own page with its photos, thread,
//! history and — for a specialist — the review panel, the photo route and
//! the comment form. The specialists' queue is in `reclamation_queue`.

use super::chrome::Chrome;
use super::{field_errors, render};
use crate::i18n::Tr;
use crate::principal::Authenticated;
use crate::{AppState, WebError, fmt};
use askama::Template;
use axum::extract::{Form, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dealerdesk_app::AppError;
use dealerdesk_app::reclamations::texts::decision;
use dealerdesk_app::reclamations::{Filing, FilingForm};
use dealerdesk_domain::model::Reclamation;
use dealerdesk_domain::photo::MAX_PHOTO_BYTES;
use dealerdesk_domain::{Money, ReclamationDecision, ReclamationStatus, Timestamp};

pub(crate) use super::orders::enc;

/// A reclamation in a list (the dealer's, the queue, an order's).
pub(crate) struct Row {
    pub number: String,
    pub href: String,
    pub status: String,
    pub status_code: &'static str,
    pub category: String,
    pub order_number: String,
    pub order_href: String,
    pub dealer: String,
    pub created: String,
    pub deadline: String,
    pub overdue: bool,
    pub assigned: String,
}

pub(crate) fn decision_text(t: Tr, r: &Reclamation) -> Option<String> {
    r.decision.as_ref().map(|d| match d {
        ReclamationDecision::Compensation { amount } => {
            decision(t, d.kind_str(), Some(*amount), None)
        }
        ReclamationDecision::Rejected { reason } => decision(t, d.kind_str(), None, Some(reason)),
        _ => decision(t, d.kind_str(), None, None),
    })
}

pub(crate) fn row(
    t: Tr,
    tz: &str,
    q: &dealerdesk_store::reclamations::QueueRow,
    now: Timestamp,
) -> Row {
    let r = &q.reclamation;
    Row {
        number: r.number.clone(),
        href: format!("/reclamations/{}", enc(&r.number)),
        status: t
            .get(&format!("reclamation.status.{}", r.status.as_str()))
            .to_owned(),
        status_code: r.status.as_str(),
        category: t
            .get(&format!("reclamation.category.{}", r.category))
            .to_owned(),
        order_number: q.order_number.clone(),
        order_href: format!("/orders/{}/{}", enc(&q.factory_code), enc(&q.order_number)),
        dealer: q.dealer_name.clone(),
        created: fmt::datetime(t.0, r.created_at, tz),
        deadline: r
            .deadline_at
            .map(|d| fmt::date(t.0, d, tz))
            .unwrap_or_default(),
        overdue: r.status.is_open() && r.deadline_at.is_some_and(|d| d < now),
        assigned: q.assigned_name.clone().unwrap_or_default(),
    }
}

#[derive(Template)]
#[template(path = "reclamations.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<Row>,
}

/// `GET /reclamations`: the dealer's own reclamations.
pub async fn list(State(state): State<AppState>, who: Authenticated) -> Result<Response, WebError> {
    let mut chrome = Chrome::for_user(&who, "reclamations", "");
    let t = chrome.t;
    chrome.title = t.get("reclamations.title").to_owned();
    let tz = state.app.timezone(who.actor.factory()).await?;
    let now = Timestamp::now();
    let rows = state
        .app
        .my_reclamations(&who.actor)
        .await?
        .iter()
        .map(|q| row(t, &tz, q, now))
        .collect();
    render(&ListPage { chrome, rows })
}

struct Choice {
    value: String,
    label: String,
    checked: bool,
}

#[derive(Template)]
#[template(path = "reclamation_new.html")]
struct NewPage {
    chrome: Chrome,
    action: String,
    order_number: String,
    order_href: String,
    constructions: Vec<Choice>,
    categories: Vec<Choice>,
    description: String,
    error: Option<String>,
    max_mb: usize,
}

fn new_page(chrome: Chrome, form: &FilingForm, filed: &Filing, error: Option<String>) -> NewPage {
    let t = chrome.t;
    let action = format!(
        "/orders/{}/{}/reclamation?_csrf={}",
        enc(&form.factory_code),
        enc(&form.order_number),
        enc(&chrome.csrf)
    );
    NewPage {
        action,
        order_href: format!(
            "/orders/{}/{}",
            enc(&form.factory_code),
            enc(&form.order_number)
        ),
        order_number: form.order_number.clone(),
        constructions: form
            .constructions
            .iter()
            .map(|k| Choice {
                value: k.position.to_string(),
                label: format!(
                    "{} {} · {} · {}×{} {}",
                    t.get("reclamation.position"),
                    k.position,
                    k.name,
                    k.width_mm,
                    k.height_mm,
                    t.get("order.mm")
                ),
                checked: filed.constructions.contains(&k.position) || form.constructions.len() == 1,
            })
            .collect(),
        categories: form
            .categories
            .iter()
            .map(|c| Choice {
                value: c.clone(),
                label: t.get(&format!("reclamation.category.{c}")).to_owned(),
                checked: *c == filed.category,
            })
            .collect(),
        description: filed.description.clone(),
        error,
        max_mb: MAX_PHOTO_BYTES / (1024 * 1024),
        chrome,
    }
}

/// `GET /orders/{factory}/{number}/reclamation`: the filing form.
pub async fn new(
    State(state): State<AppState>,
    who: Authenticated,
    Path((factory, number)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let form = state
        .app
        .reclamation_form(&who.actor, &factory, &number)
        .await?;
    let mut chrome = Chrome::for_user(&who, "reclamations", "");
    chrome.title = format!(
        "{} · {}",
        chrome.t.get("reclamation.new"),
        form.order_number
    );
    render(&new_page(chrome, &form, &Filing::default(), None))
}

/// Reads the multipart form; photos through [`super::upload::file`].
async fn read_filing(mut m: Multipart) -> Result<Filing, WebError> {
    let bad = super::upload::broken;
    let mut f = Filing::default();
    while let Some(field) = m.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "photos" => {
                if let Some(u) = super::upload::file(field, MAX_PHOTO_BYTES).await? {
                    f.photos.push(u);
                }
            }
            "constructions" => {
                let v = field.text().await.map_err(bad)?;
                if let Ok(id) = v.trim().parse() {
                    f.constructions.push(id);
                } else {
                    // Not a number: certainly not one of the order's.
                    f.constructions.push(-1);
                }
            }
            "category" => f.category = field.text().await.map_err(bad)?,
            "description" => f.description = field.text().await.map_err(bad)?,
            _ => {}
        }
    }
    Ok(f)
}

/// `POST /orders/{factory}/{number}/reclamation` (multipart; the CSRF
/// token rides in the query): files it and opens its page.
pub async fn file(
    State(state): State<AppState>,
    who: Authenticated,
    Path((factory, number)): Path<(String, String)>,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let filing = read_filing(multipart).await?;
    match state
        .app
        .file_reclamation(&who.actor, &factory, &number, filing.clone())
        .await
    {
        Ok(n) => Ok((
            StatusCode::SEE_OTHER,
            Redirect::to(&format!("/reclamations/{}?done=filed", enc(&n))),
        )
            .into_response()),
        Err(AppError::Invalid(fields)) => {
            let form = state
                .app
                .reclamation_form(&who.actor, &factory, &number)
                .await?;
            let mut chrome = Chrome::for_user(&who, "reclamations", "");
            let t = chrome.t;
            chrome.title = format!("{} · {}", t.get("reclamation.new"), form.order_number);
            let error = format!(
                "{} {}",
                field_errors(t, Some("reclamation"), &fields),
                t.get("reclamation.photos_again")
            );
            let mut resp = render(&new_page(chrome, &form, &filing, Some(error)))?;
            *resp.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(resp)
        }
        Err(e) => Err(e.into()),
    }
}

struct PhotoView {
    href: String,
    alt: String,
}

struct CommentView {
    author: String,
    plant: bool,
    at: String,
    body: String,
}

struct Step {
    status: String,
    who: String,
    at: String,
}

struct Person {
    id: i64,
    name: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "reclamation.html")]
struct Page {
    chrome: Chrome,
    number: String,
    enc_number: String,
    status: String,
    status_code: &'static str,
    category: String,
    description: String,
    order_number: String,
    order_href: String,
    dealer: String,
    created: String,
    deadline: String,
    overdue: bool,
    assigned: String,
    decision: Option<String>,
    constructions: Vec<String>,
    photos: Vec<PhotoView>,
    comments: Vec<CommentView>,
    history: Vec<Step>,
    can_comment: bool,
    can_review: bool,
    /// The moves open to a specialist now.
    next: Vec<&'static str>,
    /// The decisions and their names, for the decision form.
    decisions: Vec<(&'static str, String)>,
    specialists: Vec<Person>,
    notice: Option<String>,
    error: Option<String>,
}

#[derive(Debug, serde::Deserialize, Default)]
pub struct Done {
    done: Option<String>,
}

async fn page_for(
    state: &AppState,
    who: &Authenticated,
    number: &str,
    notice: Option<String>,
    error: Option<String>,
) -> Result<Page, WebError> {
    let v = state.app.reclamation(&who.actor, number).await?;
    let chrome_section = if who.user.role.is_dealer_side() {
        "reclamations"
    } else {
        "reclamation_queue"
    };
    let mut chrome = Chrome::for_user(who, chrome_section, "");
    let t = chrome.t;
    let r = &v.reclamation;
    chrome.title = format!("{} {}", t.get("reclamation.title"), r.number);
    let tz = state.app.timezone(Some(r.factory_id)).await?;
    let now = Timestamp::now();
    let specialists = if v.can_review {
        state
            .app
            .reclamation_specialists(&who.actor, r.factory_id)
            .await?
            .into_iter()
            .map(|u| Person {
                current: Some(u.id) == r.assigned_to,
                id: u.id.0,
                name: u.display_name,
            })
            .collect()
    } else {
        Vec::new()
    };
    let next = [
        ReclamationStatus::InReview,
        ReclamationStatus::WaitingForDealer,
        ReclamationStatus::Decided,
        ReclamationStatus::Closed,
    ]
    .into_iter()
    .filter(|s| v.can_review && r.status.can_move(*s))
    .map(ReclamationStatus::as_str)
    .collect();
    let enc_number = enc(&r.number);
    Ok(Page {
        number: r.number.clone(),
        status: t
            .get(&format!("reclamation.status.{}", r.status.as_str()))
            .to_owned(),
        status_code: r.status.as_str(),
        category: t
            .get(&format!("reclamation.category.{}", r.category))
            .to_owned(),
        description: r.description.clone(),
        order_href: format!("/orders/{}/{}", enc(&v.factory_code), enc(&v.order_number)),
        order_number: v.order_number.clone(),
        dealer: v.dealer_name.clone(),
        created: fmt::datetime(t.0, r.created_at, &tz),
        deadline: r
            .deadline_at
            .map(|d| fmt::date(t.0, d, &tz))
            .unwrap_or_default(),
        overdue: r.status.is_open() && r.deadline_at.is_some_and(|d| d < now),
        assigned: v.assigned_name.clone().unwrap_or_default(),
        decision: decision_text(t, r),
        constructions: v
            .constructions
            .iter()
            .map(|k| {
                format!(
                    "{} {} · {} · {}×{} {}",
                    t.get("reclamation.position"),
                    k.position,
                    k.name,
                    k.width_mm,
                    k.height_mm,
                    t.get("order.mm")
                )
            })
            .collect(),
        photos: v
            .photos
            .iter()
            .map(|p| PhotoView {
                href: format!("/reclamations/{enc_number}/photos/{}", p.id),
                alt: p.file_name.clone(),
            })
            .collect(),
        comments: v
            .comments
            .iter()
            .map(|c| CommentView {
                author: c.author_name.clone(),
                plant: !c.author_role.is_dealer_side(),
                at: fmt::datetime(t.0, c.created_at, &tz),
                body: c.body.clone(),
            })
            .collect(),
        history: v
            .history
            .iter()
            .map(|h| Step {
                status: t
                    .get(&format!("reclamation.status.{}", h.to.as_str()))
                    .to_owned(),
                who: h.actor_name.clone(),
                at: fmt::datetime(t.0, h.at, &tz),
            })
            .collect(),
        can_comment: v.can_comment,
        can_review: v.can_review,
        next,
        decisions: ["remake", "repair", "compensation", "rejected"]
            .into_iter()
            .map(|d| (d, t.get(&format!("reclamation.decision.{d}")).to_owned()))
            .collect(),
        specialists,
        enc_number,
        notice,
        error,
        chrome,
    })
}

/// `GET /reclamations/{number}`.
pub async fn page(
    State(state): State<AppState>,
    who: Authenticated,
    Path(number): Path<String>,
    axum::extract::Query(done): axum::extract::Query<Done>,
) -> Result<Response, WebError> {
    let t = Tr(who.user.language);
    let notice = done
        .done
        .as_deref()
        .filter(|d| ["filed", "comment", "moved", "assigned"].contains(d))
        .map(|d| t.get(&format!("reclamation.done.{d}")).to_owned());
    render(&page_for(&state, &who, &number, notice, None).await?)
}

/// `GET /reclamations/{number}/photos/{id}`: only through the reclamation.
pub async fn photo(
    State(state): State<AppState>,
    who: Authenticated,
    Path((number, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let (f, bytes) = state.app.reclamation_photo(&who.actor, &number, id).await?;
    Ok(super::upload::serve(&f, bytes))
}

#[derive(Debug, serde::Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    body: String,
}

/// Answers a refused form on the reclamation's page (422) or redirects.
pub(crate) async fn after(
    state: &AppState,
    who: &Authenticated,
    number: &str,
    result: Result<(), AppError>,
    done: &str,
) -> Result<Response, WebError> {
    match result {
        Ok(()) => Ok((
            StatusCode::SEE_OTHER,
            Redirect::to(&format!("/reclamations/{}?done={done}", enc(number))),
        )
            .into_response()),
        Err(AppError::Invalid(fields)) => {
            let t = Tr(who.user.language);
            let msg = field_errors(t, Some("reclamation"), &fields);
            let mut resp = render(&page_for(state, who, number, None, Some(msg)).await?)?;
            *resp.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(resp)
        }
        Err(AppError::Conflict(m)) => {
            let t = Tr(who.user.language);
            let msg = crate::messages::translate(t, &m);
            let mut resp = render(&page_for(state, who, number, None, Some(msg)).await?)?;
            *resp.status_mut() = StatusCode::CONFLICT;
            Ok(resp)
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /reclamations/{number}/comments`.
pub async fn comment(
    State(state): State<AppState>,
    who: Authenticated,
    Path(number): Path<String>,
    Form(f): Form<CommentForm>,
) -> Result<Response, WebError> {
    let r = state
        .app
        .comment_reclamation(&who.actor, &number, &f.body)
        .await;
    after(&state, &who, &number, r, "comment").await
}

/// A compensation finance still waits for, as the finance page lists it.
pub(crate) struct Pending {
    pub number: String,
    pub href: String,
    pub amount: String,
}

pub(crate) fn pending(t: Tr, list: &[Reclamation]) -> Vec<Pending> {
    list.iter()
        .map(|r| Pending {
            number: r.number.clone(),
            href: format!("/reclamations/{}", enc(&r.number)),
            amount: match &r.decision {
                Some(ReclamationDecision::Compensation { amount }) => fmt::money(t.0, *amount),
                _ => fmt::money(t.0, Money::new(0, Default::default())),
            },
        })
        .collect()
}
