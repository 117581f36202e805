//! The specialists' side: the queue with its filters (overdue ones
//! highlighted), statistics by defect category and kind of product with the
//! deadline norms, and the forms that move, decide and assign.

use super::chrome::Chrome;
use super::reclamations::{Row, after, row};
use super::{field_errors, render};
use crate::principal::Authenticated;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dealerdesk_app::AppError;
use dealerdesk_app::reclamations::review::{Move, QueueQuery};
use dealerdesk_domain::{Timestamp, UserId};
use dealerdesk_store::reclamations::StatRow;

#[derive(Debug, serde::Deserialize, Default)]
pub struct QueueParams {
    #[serde(default)]
    status: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    assigned: String,
    #[serde(default)]
    overdue: String,
}

struct Opt {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "reclamation_queue.html")]
struct QueuePage {
    chrome: Chrome,
    rows: Vec<Row>,
    statuses: Vec<Opt>,
    categories: Vec<Opt>,
    assigned: Vec<Opt>,
    overdue: bool,
    overdue_count: usize,
}

/// `GET /staff/reclamations`.
pub async fn queue(
    State(state): State<AppState>,
    who: Authenticated,
    Query(p): Query<QueueParams>,
) -> Result<Response, WebError> {
    let q = QueueQuery {
        status: p.status.clone(),
        category: p.category.clone(),
        assigned: p.assigned.clone(),
        overdue: p.overdue == "1",
    };
    let found = state.app.reclamation_queue(&who.actor, &q).await?;
    let norms = state.app.reclamation_norms(&who.actor).await?;
    let mut chrome = Chrome::for_user(&who, "reclamation_queue", "");
    let t = chrome.t;
    chrome.title = t.get("reclamation.queue").to_owned();
    let tz = state.app.timezone(who.actor.factory()).await?;
    let now = Timestamp::now();
    let rows: Vec<Row> = found.iter().map(|r| row(t, &tz, r, now)).collect();
    let current_status = if p.status.is_empty() {
        "open"
    } else {
        p.status.as_str()
    };
    let statuses = [
        "open",
        "all",
        "submitted",
        "in_review",
        "waiting_for_dealer",
        "decided",
        "closed",
    ]
    .iter()
    .map(|s| Opt {
        value: (*s).to_owned(),
        label: match *s {
            "open" => t.get("reclamation.filter.open").to_owned(),
            "all" => t.get("reclamation.filter.all").to_owned(),
            other => t.get(&format!("reclamation.status.{other}")).to_owned(),
        },
        selected: *s == current_status,
    })
    .collect();
    let mut categories = vec![Opt {
        value: String::new(),
        label: t.get("reclamation.filter.any_category").to_owned(),
        selected: p.category.is_empty(),
    }];
    categories.extend(norms.iter().map(|n| {
        Opt {
            label: t
                .get(&format!("reclamation.category.{}", n.code))
                .to_owned(),
            selected: n.code == p.category,
            value: n.code.clone(),
        }
    }));
    let assigned = [
        ("", "reclamation.filter.anyone"),
        ("me", "reclamation.filter.me"),
        ("nobody", "reclamation.filter.nobody"),
    ]
    .iter()
    .map(|(v, k)| Opt {
        value: (*v).to_owned(),
        label: t.get(k).to_owned(),
        selected: p.assigned == *v,
    })
    .collect();
    render(&QueuePage {
        overdue_count: rows.iter().filter(|r| r.overdue).count(),
        rows,
        statuses,
        categories,
        assigned,
        overdue: q.overdue,
        chrome,
    })
}

struct StatLine {
    label: String,
    total: i64,
    open: i64,
    overdue: i64,
    remake: i64,
    repair: i64,
    compensation: i64,
    rejected: i64,
    /// Average days from filing to a decision, one decimal.
    days: String,
}

struct Norm {
    code: String,
    label: String,
    days: i64,
}

#[derive(Template)]
#[template(path = "reclamation_stats.html")]
struct StatsPage {
    chrome: Chrome,
    from: String,
    to: String,
    by_category: Vec<StatLine>,
    by_kind: Vec<StatLine>,
    norms: Vec<Norm>,
    notice: Option<String>,
    error: Option<String>,
}

#[derive(Debug, serde::Deserialize, Default)]
pub struct Period {
    from: Option<String>,
    to: Option<String>,
    done: Option<String>,
}

fn line(t: crate::i18n::Tr, prefix: &str, s: &StatRow) -> StatLine {
    StatLine {
        label: t.get(&format!("{prefix}.{}", s.key)).to_owned(),
        total: s.total,
        open: s.open,
        overdue: s.overdue,
        remake: s.remake,
        repair: s.repair,
        compensation: s.compensation,
        rejected: s.rejected,
        days: if s.decided > 0 {
            format!(
                "{:.1}",
                s.decision_ms as f64 / s.decided as f64 / 86_400_000.0
            )
        } else {
            "—".to_owned()
        },
    }
}

fn parse_day(raw: Option<&str>, default: jiff::civil::Date) -> Result<jiff::civil::Date, AppError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(s) => s
            .parse::<jiff::civil::Date>()
            .map_err(|_| AppError::invalid("from", "must be a date like 2026-11-27")),
    }
}

async fn stats_page(
    state: &AppState,
    who: &Authenticated,
    p: &Period,
    error: Option<String>,
) -> Result<StatsPage, WebError> {
    let today = jiff::Zoned::now().date();
    let from = parse_day(
        p.from.as_deref(),
        today.saturating_sub(jiff::Span::new().days(365)),
    )?;
    let to = parse_day(p.to.as_deref(), today)?;
    let ms = |d: jiff::civil::Date| {
        d.to_zoned(jiff::tz::TimeZone::UTC)
            .map(|z| Timestamp(z.timestamp().as_millisecond()))
            .map_err(|e| AppError::Internal(e.to_string()))
    };
    let end = to
        .tomorrow()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let s = state
        .app
        .reclamation_stats(&who.actor, ms(from)?, ms(end)?)
        .await?;
    let norms = state.app.reclamation_norms(&who.actor).await?;
    let mut chrome = Chrome::for_user(who, "reclamation_queue", "");
    let t = chrome.t;
    chrome.title = t.get("reclamation.stats").to_owned();
    Ok(StatsPage {
        from: from.to_string(),
        to: to.to_string(),
        by_category: s
            .by_category
            .iter()
            .map(|r| line(t, "reclamation.category", r))
            .collect(),
        by_kind: s.by_kind.iter().map(|r| line(t, "kind", r)).collect(),
        norms: norms
            .into_iter()
            .map(|n| Norm {
                label: t
                    .get(&format!("reclamation.category.{}", n.code))
                    .to_owned(),
                code: n.code,
                days: n.deadline_days,
            })
            .collect(),
        notice: (p.done.as_deref() == Some("norm"))
            .then(|| t.get("reclamation.done.norm").to_owned()),
        error,
        chrome,
    })
}

/// `GET /staff/reclamations/stats`.
pub async fn stats(
    State(state): State<AppState>,
    who: Authenticated,
    Query(p): Query<Period>,
) -> Result<Response, WebError> {
    render(&stats_page(&state, &who, &p, None).await?)
}

#[derive(Debug, serde::Deserialize)]
pub struct NormForm {
    #[serde(default)]
    category: String,
    #[serde(default)]
    days: String,
}

/// `POST /staff/reclamations/norms`: a category's deadline.
pub async fn set_norm(
    State(state): State<AppState>,
    who: Authenticated,
    Form(f): Form<NormForm>,
) -> Result<Response, WebError> {
    match state
        .app
        .set_reclamation_norm(&who.actor, &f.category, &f.days)
        .await
    {
        Ok(()) => Ok((
            StatusCode::SEE_OTHER,
            Redirect::to("/staff/reclamations/stats?done=norm"),
        )
            .into_response()),
        Err(AppError::Invalid(fields)) => {
            let t = crate::i18n::Tr(who.user.language);
            let msg = field_errors(t, Some("reclamation"), &fields);
            let mut resp = render(&stats_page(&state, &who, &Period::default(), Some(msg)).await?)?;
            *resp.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(resp)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, serde::Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    to: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    question: String,
}

/// `POST /reclamations/{number}/status`: a specialist's move or decision.
pub async fn set_status(
    State(state): State<AppState>,
    who: Authenticated,
    Path(number): Path<String>,
    Form(f): Form<MoveForm>,
) -> Result<Response, WebError> {
    let m = Move {
        to: f.to,
        decision: f.decision,
        amount: f.amount,
        reason: f.reason,
        question: f.question,
    };
    let r = state.app.move_reclamation(&who.actor, &number, &m).await;
    after(&state, &who, &number, r, "moved").await
}

#[derive(Debug, serde::Deserialize)]
pub struct AssignForm {
    /// A user id, `me`, or empty for nobody.
    #[serde(default)]
    to: String,
}

/// `POST /reclamations/{number}/assign`.
pub async fn assign(
    State(state): State<AppState>,
    who: Authenticated,
    Path(number): Path<String>,
    Form(f): Form<AssignForm>,
) -> Result<Response, WebError> {
    let to = match f.to.trim() {
        "" => None,
        "me" => Some(who.actor.user_id),
        other => match other.parse::<i64>() {
            Ok(id) => Some(UserId(id)),
            Err(_) => {
                return after(
                    &state,
                    &who,
                    &number,
                    Err(AppError::invalid(
                        "assignee",
                        "is not a reclamation specialist of this factory",
                    )),
                    "assigned",
                )
                .await;
            }
        },
    };
    let r = state.app.assign_reclamation(&who.actor, &number, to).await;
    after(&state, &who, &number, r, "assigned").await
}
