//! The statement of account (`/finance`, a page of 100 lines at a time)
//! and its downloads (`/finance/statement.csv`, `/finance/statement.xlsx`,
//! the whole period). The page comes from `App::statement_page`, the files
//! from `App::statement`; the web tests walk every page against the files.
//! The settlement by order of the same period is `super::settlement`.

use super::chrome::Chrome;
use super::render;
use crate::chart::{BalanceSeries, balance_svg};
use crate::fmt;
use crate::i18n::Tr;
use crate::principal::Authenticated;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use dealerdesk_app::AppError;
use dealerdesk_app::finance::export::kind_key;
use dealerdesk_app::finance::page::{PageQuery, Position, StatementPage};
use dealerdesk_app::finance::{Statement, StatementLine, StatementQuery, export};
use dealerdesk_domain::Money;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct PeriodParams {
    from: Option<String>,
    to: Option<String>,
    after: Option<String>,
    before: Option<String>,
}

impl PeriodParams {
    fn query(&self) -> StatementQuery {
        StatementQuery {
            from: self.from.clone(),
            to: self.to.clone(),
        }
    }

    fn page(&self) -> PageQuery {
        PageQuery {
            period: self.query(),
            after: self.after.clone(),
            before: self.before.clone(),
        }
    }
}

pub struct Line {
    pub date: String,
    pub kind: &'static str,
    pub order: String,
    pub order_href: String,
    pub description: String,
    pub debit: String,
    pub credit: String,
    pub running: String,
    pub voided: bool,
    pub void_reason: String,
}

#[derive(Template)]
#[template(path = "finance.html")]
struct FinancePage {
    chrome: Chrome,
    /// Where the period form and the links go: `/finance`, or a dealer's
    /// statement under `/staff/finance/{code}`.
    action: String,
    heading: String,
    from: String,
    to: String,
    error: Option<String>,
    s: Option<View>,
    /// Compensations decided that accounting has not posted yet.
    pending: Vec<super::reclamations::Pending>,
}

struct View {
    opening: String,
    closing: String,
    debit: String,
    credit: String,
    from_label: String,
    to_label: String,
    /// The balance before the page's first line, on later pages.
    brought_forward: Option<String>,
    /// On the last page: the closing row.
    is_last: bool,
    lines_shown: String,
    total_lines: i64,
    lines: Vec<Line>,
    chart: String,
    /// The settlement by order of the same period.
    orders_href: String,
    csv_href: String,
    xlsx_href: String,
    first_href: Option<String>,
    prev_href: Option<String>,
    next_href: Option<String>,
    last_href: Option<String>,
}

use super::orders::enc;

fn line(
    t: Tr,
    l: &StatementLine,
    m: &dyn Fn(i64) -> String,
    order_href: &dyn Fn(&str) -> String,
) -> Line {
    let c = l.cells();
    // A voided entry shows its amount where it would have counted, struck
    // through in the page.
    let amount = c.voided_amount.map(|_| l.entry.amount_minor);
    let as_debit =
        dealerdesk_domain::balance_effect(c.kind, l.entry.amount_minor).is_some_and(|e| e > 0);
    Line {
        date: fmt::day(t.0, c.date),
        kind: t.get(kind_key(c.kind)),
        order: c.order.to_owned(),
        order_href: if c.order.is_empty() {
            String::new()
        } else {
            order_href(c.order)
        },
        description: c.description.to_owned(),
        debit: c
            .debit
            .or(amount.filter(|_| as_debit))
            .map(m)
            .unwrap_or_default(),
        credit: c
            .credit
            .or(amount.filter(|_| !as_debit).map(i64::abs))
            .map(m)
            .unwrap_or_default(),
        running: m(c.running),
        voided: c.voided_amount.is_some(),
        void_reason: c.void_reason.to_owned(),
    }
}

fn view(t: Tr, s: &StatementPage, base: &str) -> View {
    let m = |minor: i64| fmt::money(t.0, Money::new(minor, s.currency));
    let order_href = |n: &str| format!("/orders/{}/{}", enc(&s.factory_code), enc(n));
    let lines = s
        .lines
        .iter()
        .map(|l| line(t, l, &m, &order_href))
        .collect();
    let label = format!(
        "{}: {} → {}",
        t.get("finance.chart"),
        m(s.opening_minor),
        m(s.closing_minor)
    );
    let chart = balance_svg(
        &BalanceSeries {
            from: &s.from,
            to: &s.to,
            opening_minor: s.opening_minor,
            by_day: &s.balance_by_day,
        },
        &label,
        &m,
        &|d| fmt::day(t.0, d),
    );
    let qs = format!("from={}&to={}", enc(&s.from), enc(&s.to));
    let is_first = s.first_line <= 1;
    let last_line = s.first_line + s.lines.len() as i64 - 1;
    let lines_shown = t
        .get("finance.lines_shown")
        .replace("{first}", &fmt::int(t.0, s.first_line))
        .replace("{last}", &fmt::int(t.0, last_line))
        .replace("{total}", &fmt::int(t.0, s.total_lines));
    let at = |dir: &str, p: &Position| format!("{base}?{qs}&{dir}={}", enc(&p.encode()));
    View {
        opening: m(s.opening_minor),
        closing: m(s.closing_minor),
        debit: m(s.debit_minor),
        credit: m(s.credit_minor),
        from_label: fmt::day(t.0, &s.from),
        to_label: fmt::day(t.0, &s.to),
        brought_forward: (!is_first).then(|| m(s.start_minor)),
        is_last: s.next.is_none(),
        lines_shown,
        total_lines: s.total_lines,
        lines,
        chart,
        orders_href: format!("{base}/orders?{qs}"),
        csv_href: format!("{base}/statement.csv?{qs}"),
        xlsx_href: format!("{base}/statement.xlsx?{qs}"),
        first_href: s.prev.as_ref().map(|_| format!("{base}?{qs}")),
        prev_href: s.prev.as_ref().map(|p| at("before", p)),
        next_href: s.next.as_ref().map(|p| at("after", p)),
        last_href: s
            .next
            .as_ref()
            .map(|_| at("before", &Position::end_of(&s.to))),
    }
}

pub async fn page(
    State(state): State<AppState>,
    who: Authenticated,
    Query(p): Query<PeriodParams>,
) -> Result<Response, WebError> {
    show_statement(&state, &who, None, &p).await
}

/// Where a finance page of the person's own dealer (`dealer: None`, the
/// portal's `/finance…`) or of a dealer named by code (the plant's
/// `/staff/finance/{code}…`) lives: its menu section and base address.
pub(super) fn place(dealer: Option<&str>) -> (&'static str, String) {
    match dealer {
        None => ("finance", "/finance".to_owned()),
        Some(code) => ("receivables", format!("/staff/finance/{}", enc(code))),
    }
}

/// A finance page's data, or its refused period (or page) as one line in
/// the reader's language; any other error is the error page.
pub(super) fn or_refusal<T>(
    t: Tr,
    found: Result<T, AppError>,
) -> Result<(Option<T>, Option<String>), WebError> {
    match found {
        Ok(s) => Ok((Some(s), None)),
        Err(AppError::Invalid(fields)) => {
            Ok((None, Some(super::field_errors(t, Some("finance"), &fields))))
        }
        Err(e) => Err(e.into()),
    }
}

/// The title `key`, followed by the dealer's name on the plant's pages.
pub(super) fn heading(t: Tr, key: &str, named: Option<&str>) -> String {
    match named {
        Some(name) => format!("{}: {name}", t.get(key)),
        None => t.get(key).to_owned(),
    }
}

/// A date for the period form: as the page settled it, else as typed.
pub(super) fn form_date(settled: Option<&str>, typed: &Option<String>) -> String {
    settled
        .map(str::to_owned)
        .or_else(|| typed.clone())
        .unwrap_or_default()
}

/// Renders the page, answering 422 when its period was refused.
pub(super) fn render_or_refused<T: Template>(
    page: &T,
    refused: bool,
) -> Result<Response, WebError> {
    let mut resp = render(page)?;
    if refused {
        *resp.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(resp)
}

/// The statement page of the person's own dealer or of one named by code
/// (see [`place`]).
async fn show_statement(
    state: &AppState,
    who: &Authenticated,
    dealer: Option<&str>,
    p: &PeriodParams,
) -> Result<Response, WebError> {
    let (section, base) = place(dealer);
    let mut chrome = Chrome::for_user(who, section, "");
    let t = chrome.t;
    let found = state
        .app
        .statement_page_of(&who.actor, dealer, &p.page())
        .await;
    let (s, error) = or_refusal(t, found)?;
    let named = s
        .as_ref()
        .filter(|_| dealer.is_some())
        .map(|s| s.dealer.name.as_str());
    let heading = heading(t, "finance.title", named);
    chrome.title = heading.clone();
    // Compensations awaiting accounting are the dealer's own reminder.
    let pending = match dealer {
        None => {
            super::reclamations::pending(t, &state.app.pending_compensations(&who.actor).await?)
        }
        Some(_) => Vec::new(),
    };
    let refused = error.is_some();
    let page = FinancePage {
        from: form_date(s.as_ref().map(|s| s.from.as_str()), &p.from),
        to: form_date(s.as_ref().map(|s| s.to.as_str()), &p.to),
        s: s.as_ref().map(|s| view(t, s, &base)),
        action: base,
        heading,
        error,
        pending,
        chrome,
    };
    render_or_refused(&page, refused)
}

pub(crate) fn download(name: String, content_type: &'static str, body: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

fn file_name(s: &Statement, ext: &str) -> String {
    // Dealer codes are plain ASCII by the sync schema; keep the name safe anyway.
    let code: String = s
        .dealer
        .code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    format!("statement-{code}-{}-{}.{ext}", s.from, s.to)
}

pub async fn csv(
    State(state): State<AppState>,
    who: Authenticated,
    Query(p): Query<PeriodParams>,
) -> Result<Response, WebError> {
    export_file(&state, &who, None, &p, Format::Csv).await
}

pub async fn xlsx(
    State(state): State<AppState>,
    who: Authenticated,
    Query(p): Query<PeriodParams>,
) -> Result<Response, WebError> {
    export_file(&state, &who, None, &p, Format::Xlsx).await
}

#[derive(Clone, Copy)]
enum Format {
    Csv,
    Xlsx,
}

/// The statement as a file, of the person's own dealer or of one named.
async fn export_file(
    state: &AppState,
    who: &Authenticated,
    dealer: Option<&str>,
    p: &PeriodParams,
    format: Format,
) -> Result<Response, WebError> {
    let t = Tr(who.user.language);
    let s = state
        .app
        .statement_of(&who.actor, dealer, &p.query())
        .await?;
    let words = |k: &str| t.get(k).to_owned();
    Ok(match format {
        Format::Csv => {
            // A byte-order mark, so spreadsheet programs read the file as UTF-8.
            let mut body = "\u{feff}".as_bytes().to_vec();
            body.extend(export::csv(&s, &words)?);
            download(file_name(&s, "csv"), "text/csv; charset=utf-8", body)
        }
        Format::Xlsx => download(
            file_name(&s, "xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            export::xlsx(&s, &words)?,
        ),
    })
}

/// `GET /staff/finance/{code}`: any dealer's statement, for those the
/// policy lets see it (the factory's finance people, the dealer's manager,
/// a head of sales); someone else's dealer is "not found".
pub async fn dealer_page(
    State(state): State<AppState>,
    who: Authenticated,
    Path(code): Path<String>,
    Query(p): Query<PeriodParams>,
) -> Result<Response, WebError> {
    show_statement(&state, &who, Some(&code), &p).await
}

/// `GET /staff/finance/{code}/statement.csv`.
pub async fn dealer_csv(
    State(state): State<AppState>,
    who: Authenticated,
    Path(code): Path<String>,
    Query(p): Query<PeriodParams>,
) -> Result<Response, WebError> {
    export_file(&state, &who, Some(&code), &p, Format::Csv).await
}

/// `GET /staff/finance/{code}/statement.xlsx`.
pub async fn dealer_xlsx(
    State(state): State<AppState>,
    who: Authenticated,
    Path(code): Path<String>,
    Query(p): Query<PeriodParams>,
) -> Result<Response, WebError> {
    export_file(&state, &who, Some(&code), &p, Format::Xlsx).await
}
