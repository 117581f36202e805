//! `/staff/finance`: what the factory's dealers owe, the largest debts
//! first, each with its last payment (owing and quiet for 30 days: marked
//! overdue) and a link to its statement.

use super::chrome::Chrome;
use super::{field_errors, render};
use crate::principal::Authenticated;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use dealerdesk_app::AppError;
use dealerdesk_domain::{Currency, Money};
use dealerdesk_i18n::fmt;
use serde::Deserialize;

#[derive(Debug, Deserialize, Default)]
pub struct Params {
    #[serde(default)]
    all: String,
    #[serde(default)]
    page: String,
}

pub struct Line {
    pub href: String,
    pub code: String,
    pub name: String,
    pub balance: String,
    pub owes: bool,
    pub last_payment: String,
    pub overdue: bool,
}

#[derive(Template)]
#[template(path = "receivables.html")]
struct ReceivablesPage {
    chrome: Chrome,
    all: bool,
    lines: Vec<Line>,
    total: i64,
    receivable: String,
    overdue: usize,
    page: i64,
    pages: i64,
    prev: Option<String>,
    next: Option<String>,
    error: Option<String>,
}

/// `GET /staff/finance`.
pub async fn page(
    State(state): State<AppState>,
    who: Authenticated,
    Query(p): Query<Params>,
) -> Result<Response, WebError> {
    let mut chrome = Chrome::for_user(&who, "receivables", "");
    let t = chrome.t;
    chrome.title = t.get("receivables.title").to_owned();
    let all = p.all == "1";
    let (r, error) = match state.app.receivables(&who.actor, all, &p.page).await {
        Ok(r) => (Some(r), None),
        Err(AppError::Invalid(fields)) => (None, Some(field_errors(t, Some("crm"), &fields))),
        Err(e) => return Err(e.into()),
    };
    let lines: Vec<Line> = r
        .as_ref()
        .map(|r| {
            r.lines
                .iter()
                .map(|l| {
                    let owes = l.balance.minor > 0;
                    Line {
                        href: format!("/staff/finance/{}", super::orders::enc(&l.code)),
                        code: l.code.clone(),
                        name: l.name.clone(),
                        balance: fmt::money(t.0, l.balance),
                        owes,
                        last_payment: l
                            .last_payment
                            .as_deref()
                            .map(|d| fmt::day(t.0, d))
                            .unwrap_or_else(|| t.get("crm.never").to_owned()),
                        overdue: owes
                            && l.last_payment
                                .as_deref()
                                .is_none_or(|d| d < r.overdue_before.as_str()),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let (page, pages) = r.as_ref().map(|r| (r.page, r.pages)).unwrap_or((1, 1));
    let link = |n: i64| format!("/staff/finance?all={}&page={n}", if all { "1" } else { "" });
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let mut resp = render(&ReceivablesPage {
        all,
        overdue: lines.iter().filter(|l| l.overdue).count(),
        lines,
        total: r.as_ref().map(|r| r.total).unwrap_or(0),
        receivable: fmt::money(
            t.0,
            Money::new(
                r.as_ref().map(|r| r.receivable_minor).unwrap_or(0),
                Currency::UAH,
            ),
        ),
        page,
        pages,
        prev: (page > 1).then(|| link(page - 1)),
        next: (page < pages).then(|| link(page + 1)),
        error,
        chrome,
    })?;
    *resp.status_mut() = status;
    Ok(resp)
}
