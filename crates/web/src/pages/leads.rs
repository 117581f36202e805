//! `/staff/leads`: the funnel of prospective dealers as a board (a column
//! per stage; columns stack on a phone) or a list, with conversion per
//! stage and per source above it, the form for a new lead, and on each
//! card the move to the next stage or to "lost" with a reason.

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
use dealerdesk_domain::LeadStage;
use dealerdesk_domain::lead::LeadFields;
use dealerdesk_i18n::fmt;
use serde::Deserialize;

pub struct Card {
    pub id: i64,
    pub company: String,
    pub contact: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub place: String,
    pub source: String,
    pub since: String,
    pub stage: &'static str,
    pub stage_label: String,
    pub lost_reason: Option<String>,
    pub dealer: Option<String>,
    /// The next stage forward, if any: (value, label).
    pub next: Option<(&'static str, String)>,
    pub next_needs_dealer: bool,
    pub can_lose: bool,
}

pub struct Column {
    pub stage: &'static str,
    pub label: String,
    pub cards: Vec<Card>,
}

pub struct Figure {
    pub label: String,
    pub count: i64,
    pub of: i64,
    pub percent: String,
}

#[derive(Template)]
#[template(path = "leads.html")]
struct LeadsPage {
    chrome: Chrome,
    list_view: bool,
    columns: Vec<Column>,
    stages: Vec<Figure>,
    sources: Vec<Figure>,
    notice: Option<String>,
    error: Option<String>,
    form: LeadFields,
}

#[derive(Debug, Deserialize, Default)]
pub struct Params {
    #[serde(default)]
    view: String,
    done: Option<String>,
}

fn next_stage(s: LeadStage) -> Option<LeadStage> {
    LeadStage::ALL
        .iter()
        .copied()
        .find(|to| *to != LeadStage::Lost && s.can_move(*to))
}

fn percent(n: i64, of: i64) -> String {
    if of == 0 {
        "—".to_owned()
    } else {
        format!("{}%", (n * 100 + of / 2) / of)
    }
}

async fn show(
    state: &AppState,
    who: &Authenticated,
    list_view: bool,
    notice: Option<String>,
    error: Option<String>,
    form: LeadFields,
) -> Result<Response, WebError> {
    let f = state.app.lead_funnel(&who.actor).await?;
    let mut chrome = Chrome::for_user(who, "leads", "");
    let t = chrome.t;
    chrome.title = t.get("leads.title").to_owned();
    let tz = state.app.timezone(who.actor.factory()).await?;
    let stage_label = |s: LeadStage| t.get(&format!("lead.stage.{}", s.as_str())).to_owned();
    let columns = LeadStage::ALL
        .iter()
        .map(|s| Column {
            stage: s.as_str(),
            label: stage_label(*s),
            cards: f
                .leads
                .iter()
                .filter(|l| l.stage == *s)
                .map(|l| {
                    let next = next_stage(l.stage);
                    Card {
                        id: l.id,
                        company: l.company.clone(),
                        contact: l.contact_name.clone().unwrap_or_default(),
                        phone: l.phone.clone(),
                        email: l.email.clone(),
                        place: [l.city.as_deref(), l.region.as_deref()]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(", "),
                        source: t
                            .get(&format!("lead.source.{}", l.source.as_str()))
                            .to_owned(),
                        since: fmt::date(t.0, l.stage_at, &tz),
                        stage: l.stage.as_str(),
                        stage_label: stage_label(l.stage),
                        lost_reason: l.lost_reason.clone(),
                        dealer: l.dealer_code.clone(),
                        next_needs_dealer: next == Some(LeadStage::ActiveDealer),
                        next: next.map(|n| (n.as_str(), stage_label(n))),
                        can_lose: l.stage.can_move(LeadStage::Lost),
                    }
                })
                .collect(),
        })
        .collect();
    let all = f
        .stages
        .iter()
        .find(|s| s.stage == LeadStage::Lead)
        .map(|s| s.reached)
        .unwrap_or(0);
    let stages = f
        .stages
        .iter()
        .map(|s| Figure {
            label: stage_label(s.stage),
            count: s.reached,
            of: all,
            percent: percent(s.reached, all),
        })
        .collect();
    let sources = f
        .sources
        .iter()
        .map(|s| Figure {
            label: t
                .get(&format!("lead.source.{}", s.source.as_str()))
                .to_owned(),
            count: s.won,
            of: s.total,
            percent: percent(s.won, s.total),
        })
        .collect();
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let mut r = render(&LeadsPage {
        list_view,
        columns,
        stages,
        sources,
        notice,
        error,
        form,
        chrome,
    })?;
    *r.status_mut() = status;
    Ok(r)
}

/// `GET /staff/leads`.
pub async fn page(
    State(state): State<AppState>,
    who: Authenticated,
    Query(p): Query<Params>,
) -> Result<Response, WebError> {
    let t = Tr(who.user.language);
    let notice = match p.done.as_deref() {
        Some(k @ ("created" | "moved")) => Some(t.get(&format!("leads.saved.{k}")).to_owned()),
        _ => None,
    };
    show(
        &state,
        &who,
        p.view == "list",
        notice,
        None,
        LeadFields::default(),
    )
    .await
}

/// `POST /staff/leads`.
pub async fn create(
    State(state): State<AppState>,
    who: Authenticated,
    Form(f): Form<LeadFields>,
) -> Result<Response, WebError> {
    match state.app.create_lead(&who.actor, &f).await {
        Ok(_) => Ok(Redirect::to("/staff/leads?done=created").into_response()),
        Err(AppError::Invalid(fields)) => {
            let t = Tr(who.user.language);
            let error = Some(field_errors(t, Some("leads"), &fields));
            show(&state, &who, false, None, error, f).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct MoveForm {
    #[serde(default)]
    to: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    dealer: String,
}

/// `POST /staff/leads/{id}/move`.
pub async fn move_lead(
    State(state): State<AppState>,
    who: Authenticated,
    Path(id): Path<i64>,
    Form(f): Form<MoveForm>,
) -> Result<Response, WebError> {
    match state
        .app
        .move_lead(&who.actor, id, &f.to, &f.reason, &f.dealer)
        .await
    {
        Ok(()) => Ok(Redirect::to("/staff/leads?done=moved").into_response()),
        Err(AppError::Invalid(fields)) => {
            let t = Tr(who.user.language);
            let error = Some(field_errors(t, Some("leads"), &fields));
            show(&state, &who, false, None, error, LeadFields::default()).await
        }
        Err(e) => Err(e.into()),
    }
}
