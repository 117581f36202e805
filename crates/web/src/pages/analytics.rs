//! `/staff/analytics`: sales by month, product kind, region and dealer,
//! each manager's work and the lead funnel, with SVG charts drawn here and
//! every table downloadable as CSV or XLSX (`/staff/analytics/export`).
//! The page and the files are built from one [`Report`], so a file holds
//! exactly the figures on the page.

use super::chrome::Chrome;
use super::finance::download;
use super::orders::enc;
use super::{field_errors, render};
use crate::bars::{bars_html, columns_svg};
use crate::i18n::Tr;
use crate::principal::Authenticated;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use dealerdesk_app::analytics::export::{Cell, Table};
use dealerdesk_app::analytics::{Period, Report};
use dealerdesk_app::{AppError, FieldError};
use dealerdesk_domain::{Currency, Money};
use dealerdesk_i18n::fmt;
use dealerdesk_store::analytics::SalesLine;
use serde::Deserialize;

#[derive(Debug, Deserialize, Default)]
pub struct Params {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    /// A factory's code (the administrator's choice; empty: all).
    #[serde(default)]
    factory: String,
    /// Export only: which table, and `csv` or `xlsx`.
    #[serde(default)]
    table: String,
    #[serde(default)]
    format: String,
}

pub struct Row {
    pub label: String,
    pub href: Option<String>,
    pub code: String,
    pub orders: String,
    pub units: String,
    pub amount: String,
    pub share: String,
}

pub struct WorkRow {
    pub name: String,
    pub orders: String,
    pub turnover: String,
    pub answer: String,
    pub answered: i64,
    pub unanswered: i64,
    pub reclamations: i64,
    pub rate: String,
    pub tasks: String,
}

pub struct FactoryOption {
    pub code: String,
    pub name: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "analytics.html")]
struct AnalyticsPage {
    chrome: Chrome,
    from: String,
    to: String,
    factories: Vec<FactoryOption>,
    error: Option<String>,
    report: bool,
    own_only: bool,
    waiting: i64,
    turnover: String,
    orders: String,
    average: String,
    months_svg: String,
    months: Vec<Row>,
    kinds_bars: String,
    kinds: Vec<Row>,
    regions_bars: String,
    regions: Vec<Row>,
    dealers: Vec<Row>,
    work: Vec<WorkRow>,
    funnel_bars: String,
    /// `from=…&to=…&factory=…`, for the download links.
    query: String,
}

fn money(t: Tr, minor: i64, currency: &str) -> String {
    match Currency::parse(currency) {
        Ok(c) => fmt::money(t.0, Money::new(minor, c)),
        Err(_) => format!("{minor} {currency}"),
    }
}

fn digits(currency: &str) -> u32 {
    Currency::parse(currency)
        .map(|c| c.minor_digits())
        .unwrap_or(2)
}

fn share(part: i64, whole: i64) -> f64 {
    if whole <= 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// How a line of a breakdown is named on the page and in files.
fn line_label(t: Tr, table: &str, l: &SalesLine) -> String {
    match table {
        "months" => fmt::month(t.0, &l.key),
        "kinds" => t.get(&format!("kind.{}", l.key)).to_owned(),
        "regions" if l.key.is_empty() => t.get("analytics.no_region").to_owned(),
        "managers" if l.key == "0" => t.get("analytics.no_manager").to_owned(),
        _ => l.label.clone(),
    }
}

fn rows(t: Tr, table: &str, lines: &[SalesLine], currency: &str) -> Vec<Row> {
    let whole: i64 = lines
        .iter()
        .filter(|l| l.currency == currency)
        .map(|l| l.amount_minor)
        .sum();
    lines
        .iter()
        .map(|l| Row {
            label: line_label(t, table, l),
            href: (table == "dealers").then(|| format!("/staff/dealers/{}", enc(&l.key))),
            code: l.key.clone(),
            orders: fmt::int(t.0, l.orders),
            units: fmt::int(t.0, l.units),
            amount: money(t, l.amount_minor, &l.currency),
            share: if l.currency == currency {
                format!("{:.1}\u{a0}%", share(l.amount_minor, whole) * 100.0)
            } else {
                String::new()
            },
        })
        .collect()
}

/// `2 h 05 min`, `3 d 4 h`: a wait as people say it.
fn wait(t: Tr, ms: i64) -> String {
    let minutes = ms / 60_000;
    let (d, h, m) = (minutes / 1_440, minutes % 1_440 / 60, minutes % 60);
    if d > 0 {
        format!(
            "{} {}",
            t.with_n("analytics.days", d),
            t.with_n("analytics.hours", h)
        )
    } else if h > 0 {
        format!(
            "{} {}",
            t.with_n("analytics.hours", h),
            t.with_n("analytics.minutes", m)
        )
    } else {
        t.with_n("analytics.minutes", m)
    }
}

fn turnover_text(t: Tr, turnover: &[(String, i64)]) -> String {
    if turnover.is_empty() {
        return money(t, 0, "UAH");
    }
    turnover
        .iter()
        .map(|(c, n)| money(t, *n, c))
        .collect::<Vec<_>>()
        .join(" · ")
}

async fn factory_choice(
    state: &AppState,
    who: &Authenticated,
    code: &str,
) -> Result<(Option<dealerdesk_domain::FactoryId>, Vec<FactoryOption>), WebError> {
    if who.actor.factory().is_some() {
        return Ok((None, Vec::new()));
    }
    let all = state.app.factories().await?;
    let chosen = all.iter().find(|f| f.code == code).map(|f| f.id);
    let options = all
        .into_iter()
        .map(|f| FactoryOption {
            selected: Some(f.id) == chosen,
            code: f.code,
            name: f.name,
        })
        .collect();
    Ok((chosen, options))
}

/// The period asked for, and the report (or why the period was refused).
async fn load(
    state: &AppState,
    who: &Authenticated,
    p: &Params,
) -> Result<(Period, Vec<FactoryOption>, Result<Report, Vec<FieldError>>), WebError> {
    let (factory, factories) = factory_choice(state, who, &p.factory).await?;
    let this_month = state
        .app
        .this_month(factory.or(who.actor.factory()))
        .await?;
    match Period::parse(&p.from, &p.to, &this_month) {
        Ok(period) => {
            let report = state.app.analytics(&who.actor, &period, factory).await?;
            Ok((period, factories, Ok(report)))
        }
        Err(errors) => {
            // Refused before anything is read: still say who may not look.
            if !who
                .actor
                .can(dealerdesk_domain::policy::Capability::Analytics)
            {
                return Err(AppError::Forbidden.into());
            }
            let fields = match AppError::from(errors) {
                AppError::Invalid(f) => f,
                _ => Vec::new(),
            };
            let period = Period {
                from: p.from.clone(),
                to: p.to.clone(),
            };
            Ok((period, factories, Err(fields)))
        }
    }
}

/// `GET /staff/analytics`.
pub async fn page(
    State(state): State<AppState>,
    who: Authenticated,
    Query(p): Query<Params>,
) -> Result<Response, WebError> {
    let mut chrome = Chrome::for_user(&who, "analytics", "");
    let t = chrome.t;
    chrome.title = t.get("analytics.title").to_owned();
    let (period, factories, report) = load(&state, &who, &p).await?;
    let query = format!(
        "from={}&to={}&factory={}",
        enc(&period.from),
        enc(&period.to),
        enc(&p.factory)
    );
    let mut page = AnalyticsPage {
        chrome,
        from: period.from.clone(),
        to: period.to.clone(),
        factories,
        error: None,
        report: false,
        own_only: false,
        waiting: 0,
        turnover: String::new(),
        orders: String::new(),
        average: String::new(),
        months_svg: String::new(),
        months: Vec::new(),
        kinds_bars: String::new(),
        kinds: Vec::new(),
        regions_bars: String::new(),
        regions: Vec::new(),
        dealers: Vec::new(),
        work: Vec::new(),
        funnel_bars: String::new(),
        query,
    };
    let r = match report {
        Ok(r) => r,
        Err(fields) => {
            page.error = Some(field_errors(t, Some("analytics"), &fields));
            let mut resp = render(&page)?;
            *resp.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            return Ok(resp);
        }
    };
    let cur = r.currency.as_str();
    let value = |v: i64| money(t, v, cur);
    let (orders, amount) = r
        .totals
        .iter()
        .find(|(c, _, _)| c == cur)
        .map(|(_, o, a)| (*o, *a))
        .unwrap_or((0, 0));
    page.report = true;
    page.own_only = r.own_only;
    page.waiting = r.waiting;
    page.turnover = r
        .totals
        .iter()
        .map(|(c, _, a)| money(t, *a, c))
        .collect::<Vec<_>>()
        .join(" · ");
    if page.turnover.is_empty() {
        page.turnover = money(t, 0, cur);
    }
    page.orders = fmt::int(t.0, r.totals.iter().map(|(_, o, _)| o).sum());
    page.average = if orders > 0 {
        money(t, amount / orders, cur)
    } else {
        "—".to_owned()
    };
    let month_points: Vec<(String, i64)> = r
        .months
        .iter()
        .map(|l| (fmt::month(t.0, &l.key), l.amount_minor))
        .collect();
    page.months_svg = columns_svg(&month_points, t.get("analytics.by_month"), &value, &|m| {
        m.to_owned()
    });
    page.months = rows(t, "months", &r.months, cur);
    // Charts draw the main currency; other currencies stay in the tables.
    let labelled = |table: &str, lines: &[SalesLine]| -> Vec<(String, i64)> {
        lines
            .iter()
            .filter(|l| l.currency == cur)
            .map(|l| (line_label(t, table, l), l.amount_minor))
            .collect()
    };
    page.kinds_bars = bars_html(
        &labelled("kinds", &r.kinds),
        t.get("analytics.by_kind"),
        &value,
    );
    page.kinds = rows(t, "kinds", &r.kinds, cur);
    page.regions_bars = bars_html(
        &labelled("regions", &r.regions),
        t.get("analytics.by_region"),
        &value,
    );
    page.regions = rows(t, "regions", &r.regions, cur);
    page.dealers = rows(t, "dealers", &r.dealers, cur);
    page.work = r
        .work
        .iter()
        .map(|w| WorkRow {
            name: if w.id.0 == 0 {
                t.get("analytics.no_manager").to_owned()
            } else {
                w.name.clone()
            },
            orders: fmt::int(t.0, w.orders),
            turnover: turnover_text(t, &w.turnover),
            answer: w
                .median_answer_ms
                .map(|ms| wait(t, ms))
                .unwrap_or_else(|| "—".to_owned()),
            answered: w.answered,
            unanswered: w.unanswered,
            reclamations: w.reclamations,
            rate: if w.orders > 0 {
                format!("{:.1}", w.reclamations as f64 * 100.0 / w.orders as f64)
            } else {
                "—".to_owned()
            },
            tasks: if w.tasks_due > 0 {
                format!(
                    "{} / {} ({:.0}\u{a0}%)",
                    w.tasks_on_time,
                    w.tasks_due,
                    share(w.tasks_on_time, w.tasks_due) * 100.0
                )
            } else {
                "—".to_owned()
            },
        })
        .collect();
    let funnel: Vec<(String, i64)> = r
        .funnel
        .iter()
        .map(|s| {
            (
                t.get(&format!("lead.stage.{}", s.stage.as_str()))
                    .to_owned(),
                s.reached,
            )
        })
        .collect();
    page.funnel_bars = bars_html(&funnel, t.get("analytics.funnel"), &|n| fmt::int(t.0, n));
    render(&page)
}

/// The columns of a breakdown's file.
fn sales_table(t: Tr, table: &str, lines: &[SalesLine], period: &str) -> Table {
    let (title, first) = match table {
        "months" => ("analytics.by_month", "analytics.col.month"),
        "kinds" => ("analytics.by_kind", "analytics.col.kind"),
        "regions" => ("analytics.by_region", "analytics.col.region"),
        _ => ("analytics.by_dealer", "analytics.col.dealer"),
    };
    let mut columns = vec![t.get(first).to_owned()];
    if table == "dealers" {
        columns.push(t.get("analytics.col.code").to_owned());
    }
    columns.extend(
        [
            "analytics.orders",
            "analytics.units",
            "analytics.turnover",
            "analytics.col.currency",
        ]
        .iter()
        .map(|k| t.get(k).to_owned()),
    );
    let rows = lines
        .iter()
        .map(|l| {
            let mut row = vec![Cell::Text(line_label(t, table, l))];
            if table == "dealers" {
                row.push(Cell::Text(l.key.clone()));
            }
            row.extend([
                Cell::Int(l.orders),
                Cell::Int(l.units),
                Cell::Money {
                    minor: l.amount_minor,
                    digits: digits(&l.currency),
                },
                Cell::Text(l.currency.clone()),
            ]);
            row
        })
        .collect();
    Table {
        title: t.get(title).to_owned(),
        subtitle: period.to_owned(),
        columns,
        rows,
    }
}

fn work_table(t: Tr, r: &Report, period: &str) -> Table {
    let columns = [
        "analytics.col.manager",
        "analytics.orders",
        "analytics.turnover",
        "analytics.col.currency",
        "analytics.col.answer_minutes",
        "analytics.col.answered",
        "analytics.col.unanswered",
        "analytics.col.reclamations",
        "analytics.col.reclamation_rate",
        "analytics.col.tasks_due",
        "analytics.col.tasks_on_time",
    ]
    .iter()
    .map(|k| t.get(k).to_owned())
    .collect();
    let rows = r
        .work
        .iter()
        .map(|w| {
            let (currency, amount) = w
                .turnover
                .iter()
                .find(|(c, _)| *c == r.currency)
                .cloned()
                .unwrap_or((r.currency.clone(), 0));
            vec![
                Cell::Text(if w.id.0 == 0 {
                    t.get("analytics.no_manager").to_owned()
                } else {
                    w.name.clone()
                }),
                Cell::Int(w.orders),
                Cell::Money {
                    minor: amount,
                    digits: digits(&currency),
                },
                Cell::Text(currency),
                w.median_answer_ms
                    .map(|ms| Cell::Int(ms / 60_000))
                    .unwrap_or(Cell::Empty),
                Cell::Int(w.answered),
                Cell::Int(w.unanswered),
                Cell::Int(w.reclamations),
                if w.orders > 0 {
                    Cell::Share(share(w.reclamations, w.orders))
                } else {
                    Cell::Empty
                },
                Cell::Int(w.tasks_due),
                Cell::Int(w.tasks_on_time),
            ]
        })
        .collect();
    Table {
        title: t.get("analytics.by_manager").to_owned(),
        subtitle: period.to_owned(),
        columns,
        rows,
    }
}

/// `GET /staff/analytics/export?table=…&format=csv|xlsx&from=…&to=…`.
pub async fn export(
    State(state): State<AppState>,
    who: Authenticated,
    Query(p): Query<Params>,
) -> Result<Response, WebError> {
    let t = Tr(who.user.language);
    let bad = |field: &str, message: &str| -> WebError {
        AppError::invalid(field, message.to_owned()).into()
    };
    // Who may not look learns nothing more from a bad request.
    if !who
        .actor
        .can(dealerdesk_domain::policy::Capability::Analytics)
    {
        return Err(AppError::Forbidden.into());
    }
    if !matches!(
        p.table.as_str(),
        "months" | "kinds" | "regions" | "dealers" | "managers"
    ) {
        return Err(bad(
            "table",
            "must be one of: months, kinds, regions, dealers, managers",
        ));
    }
    if !matches!(p.format.as_str(), "csv" | "xlsx") {
        return Err(bad("format", "must be csv or xlsx"));
    }
    let (period, _, report) = load(&state, &who, &p).await?;
    let r = report.map_err(AppError::Invalid)?;
    let span = format!(
        "{} — {}",
        fmt::month(t.0, &period.from),
        fmt::month(t.0, &period.to)
    );
    let table = match p.table.as_str() {
        "months" => sales_table(t, "months", &r.months, &span),
        "kinds" => sales_table(t, "kinds", &r.kinds, &span),
        "regions" => sales_table(t, "regions", &r.regions, &span),
        "dealers" => sales_table(t, "dealers", &r.dealers, &span),
        _ => work_table(t, &r, &span),
    };
    let name = format!(
        "sales-{}-{}-{}.{}",
        p.table, period.from, period.to, p.format
    );
    Ok(if p.format == "csv" {
        let mut body = "\u{feff}".as_bytes().to_vec();
        body.extend(dealerdesk_app::analytics::export::csv(&table)?);
        download(name, "text/csv; charset=utf-8", body)
    } else {
        download(
            name,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            dealerdesk_app::analytics::export::xlsx(&table)?,
        )
    })
}
