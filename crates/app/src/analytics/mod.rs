//! Analytics (SPEC 4.2): sales by month, product kind, region, dealer and
//! manager, each manager's work (turnover, orders, how long dealers wait
//! for an answer, reclamations per order, tasks done on time) and the lead
//! funnel. A manager sees their own dealers, a head of sales the factory,
//! the administrator one factory or all.
//!
//! Sales come from `sales_monthly`, which the recount keeps from the
//! orders (see [`recount`]); a period is a range of whole months, the
//! unit in which the plant plans and judges sales.

pub mod export;
mod recount;

pub use recount::{RECOUNT_ROUND, month_of, month_start};

use crate::{App, AppError, Result};
use dealerdesk_domain::policy::Capability;
use dealerdesk_domain::{Actor, FactoryId, InvalidValue, Role, Timestamp, UserId};
use dealerdesk_store::Repos;
use dealerdesk_store::analytics::{Breakdown, ManagerRef, MessageMark, SalesLine, SalesScope};
use dealerdesk_store::leads::StageFigures;
use jiff::tz::TimeZone;
use std::collections::HashMap;

/// The longest period a report covers, in months.
pub const MAX_MONTHS: i64 = 60;
/// Dealers listed (the largest first).
pub const TOP_DEALERS: i64 = 20;

/// A range of whole months, `YYYY-MM`, both ends included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub from: String,
    pub to: String,
}

fn month_number(raw: &str) -> Option<i64> {
    let (y, m) = raw.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    let (y, m): (i64, i64) = (y.parse().ok()?, m.parse().ok()?);
    ((2000..=2100).contains(&y) && (1..=12).contains(&m)).then_some(y * 12 + m - 1)
}

fn month_text(n: i64) -> String {
    format!("{:04}-{:02}", n / 12, n % 12 + 1)
}

impl Period {
    /// The twelve months up to and including `this_month`.
    pub fn last_year(this_month: &str) -> Self {
        let to = month_number(this_month).unwrap_or(2026 * 12);
        Self {
            from: month_text(to - 11),
            to: month_text(to),
        }
    }

    /// From the filter's fields; an empty field takes the default's end.
    pub fn parse(from: &str, to: &str, this_month: &str) -> Result<Self, Vec<InvalidValue>> {
        let default = Self::last_year(this_month);
        let mut errors = Vec::new();
        let mut read = |field: &'static str, raw: &str, fallback: &str| {
            let raw = raw.trim();
            let raw = if raw.is_empty() { fallback } else { raw };
            match month_number(raw) {
                Some(n) => Some(n),
                None => {
                    errors.push(InvalidValue::new(
                        field,
                        "must be a month in the form YYYY-MM",
                    ));
                    None
                }
            }
        };
        let f = read("from", from, &default.from);
        let t = read("to", to, &default.to);
        if let (Some(f), Some(t)) = (f, t) {
            if f > t {
                errors.push(InvalidValue::new(
                    "to",
                    "must not be before the first month",
                ));
            } else if t - f + 1 > MAX_MONTHS {
                errors.push(InvalidValue::new("to", "a period covers at most 60 months"));
            }
        }
        match (f, t) {
            (Some(f), Some(t)) if errors.is_empty() => Ok(Self {
                from: month_text(f),
                to: month_text(t),
            }),
            _ => Err(errors),
        }
    }

    /// Every month of the period, in order.
    pub fn months(&self) -> Vec<String> {
        match (month_number(&self.from), month_number(&self.to)) {
            (Some(f), Some(t)) => (f..=t).map(month_text).collect(),
            _ => Vec::new(),
        }
    }
}

/// One manager's work in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagerWork {
    pub id: UserId,
    pub name: String,
    /// Orders of their dealers (cancelled ones do not count).
    pub orders: i64,
    /// Turnover per currency.
    pub turnover: Vec<(String, i64)>,
    /// Dealer messages answered, and the median wait for the answer (ms).
    pub answered: i64,
    pub median_answer_ms: Option<i64>,
    /// Dealer messages still waiting for an answer.
    pub unanswered: i64,
    pub reclamations: i64,
    /// Tasks that fell due in the period, and those done by their due time.
    pub tasks_due: i64,
    pub tasks_on_time: i64,
}

#[derive(Debug, Clone)]
pub struct Report {
    pub period: Period,
    /// The factory shown (`None`: all, the administrator's choice).
    pub factory: Option<FactoryId>,
    /// Only the actor's own dealers.
    pub own_only: bool,
    /// The currency of the largest turnover; the charts draw it.
    pub currency: String,
    /// Every month of the period (zero where nothing was sold), in `currency`.
    pub months: Vec<SalesLine>,
    pub kinds: Vec<SalesLine>,
    pub regions: Vec<SalesLine>,
    pub dealers: Vec<SalesLine>,
    pub work: Vec<ManagerWork>,
    /// The whole period per currency: (currency, orders, turnover).
    pub totals: Vec<(String, i64, i64)>,
    pub funnel: Vec<StageFigures>,
    /// Orders still to be counted (the figures lag by these).
    pub waiting: i64,
}

/// Whose figures the actor may see, for the factory asked for.
fn scope_of(actor: &Actor, asked: Option<FactoryId>) -> Result<SalesScope> {
    if !actor.can(Capability::Analytics) {
        return Err(AppError::Forbidden);
    }
    let factory = match actor.factory() {
        Some(own) => Some(own),
        None => asked,
    };
    Ok(SalesScope {
        factory,
        manager: (actor.role == Role::Manager).then_some(actor.user_id),
    })
}

/// Median of waits, per manager, from messages in thread order: a run of
/// dealer messages waits from its first message to the plant's next one.
/// Runs that began before `from` or after `to` are not the period's.
pub fn answer_times(
    marks: &[MessageMark],
    from: i64,
    to: i64,
) -> HashMap<Option<UserId>, (Vec<i64>, i64)> {
    let mut out: HashMap<Option<UserId>, (Vec<i64>, i64)> = HashMap::new();
    let mut i = 0;
    while i < marks.len() {
        let thread = marks[i].thread_id;
        let mut waiting: Option<(i64, Option<UserId>)> = None;
        while i < marks.len() && marks[i].thread_id == thread {
            let m = &marks[i];
            match (m.from_staff, waiting) {
                (false, None) => waiting = Some((m.at, m.manager)),
                (true, Some((since, manager))) => {
                    if (from..to).contains(&since) {
                        out.entry(manager).or_default().0.push(m.at - since);
                    }
                    waiting = None;
                }
                _ => {}
            }
            i += 1;
        }
        if let Some((since, manager)) = waiting
            && (from..to).contains(&since)
        {
            out.entry(manager).or_default().1 += 1;
        }
    }
    for (waits, _) in out.values_mut() {
        waits.sort_unstable();
    }
    out
}

fn median(sorted: &[i64]) -> Option<i64> {
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(sorted[n / 2]),
        n => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2),
    }
}

impl App {
    /// The month it is now in the zone of the actor's factory.
    pub async fn this_month(&self, factory: Option<FactoryId>) -> Result<String> {
        let tz = self.timezone(factory).await?;
        let zone = TimeZone::get(&tz).unwrap_or(TimeZone::UTC);
        Ok(month_of(Timestamp::now().millis(), &zone))
    }

    /// The analytics report of a period. Counts up to one round of orders
    /// still waiting first, so what the sync just brought is in.
    pub async fn analytics(
        &self,
        actor: &Actor,
        period: &Period,
        asked: Option<FactoryId>,
    ) -> Result<Report> {
        let scope = scope_of(actor, asked)?;
        self.catch_up_sales().await;
        let tz = self.timezone(scope.factory).await?;
        let zone = TimeZone::get(&tz).unwrap_or(TimeZone::UTC);
        let start = month_start(&period.from, &zone, false).unwrap_or(0);
        let end = month_start(&period.to, &zone, true).unwrap_or(i64::MAX);
        let (from, to) = (period.from.as_str(), period.to.as_str());

        let mut c = self.store.read_bulk().await?;
        let mut a = c.analytics();
        let by_manager = a.sales(Breakdown::Manager, scope, from, to, 1_000).await?;
        let kinds = a.sales(Breakdown::Kind, scope, from, to, 100).await?;
        let regions = a.sales(Breakdown::Region, scope, from, to, 1_000).await?;
        let dealers = a
            .sales(Breakdown::Dealer, scope, from, to, TOP_DEALERS)
            .await?;
        let months = a
            .sales(Breakdown::Month, scope, from, to, MAX_MONTHS * 10)
            .await?;
        let managers = a.managers(scope).await?;
        let marks = a.message_marks(scope, start).await?;
        let reclamations = a.reclamations_by_manager(scope, start, end).await?;
        let now = Timestamp::now().millis();
        let tasks = a.tasks_on_time(scope, start, end.min(now)).await?;
        let funnel = c.leads().stage_figures(scope.factory).await?;
        let waiting = c.sync_batch().sales_dirty_count().await?;

        let currency = main_currency(&by_manager);
        let mut totals: Vec<(String, i64, i64)> = Vec::new();
        for l in &by_manager {
            match totals.iter_mut().find(|(c, _, _)| *c == l.currency) {
                Some(t) => {
                    t.1 += l.orders;
                    t.2 += l.amount_minor;
                }
                None => totals.push((l.currency.clone(), l.orders, l.amount_minor)),
            }
        }
        let months = period
            .months()
            .into_iter()
            .map(|m| {
                months
                    .iter()
                    .find(|l| l.key == m && l.currency == currency)
                    .cloned()
                    .unwrap_or(SalesLine {
                        key: m.clone(),
                        label: m,
                        currency: currency.clone(),
                        orders: 0,
                        units: 0,
                        amount_minor: 0,
                    })
            })
            .collect();
        let work = manager_work(
            managers,
            &by_manager,
            &answer_times(&marks, start, end),
            &reclamations,
            &tasks,
        );
        Ok(Report {
            period: period.clone(),
            factory: scope.factory,
            own_only: scope.manager.is_some(),
            currency,
            months,
            kinds,
            regions,
            dealers,
            work,
            totals,
            funnel,
            waiting,
        })
    }
}

/// The currency with the largest turnover (the plant's own, in practice).
fn main_currency(lines: &[SalesLine]) -> String {
    let mut sums: HashMap<&str, i64> = HashMap::new();
    for l in lines {
        *sums.entry(l.currency.as_str()).or_default() += l.amount_minor;
    }
    sums.into_iter()
        .max_by_key(|(c, n)| (*n, std::cmp::Reverse(*c)))
        .map(|(c, _)| c.to_owned())
        .unwrap_or_else(|| "UAH".to_owned())
}

/// One row per manager, and one for every other key the sales have (a
/// manager no longer active; id 0: dealers without a manager), so the
/// rows add up to the factory.
fn manager_work(
    managers: Vec<ManagerRef>,
    sales: &[SalesLine],
    answers: &HashMap<Option<UserId>, (Vec<i64>, i64)>,
    reclamations: &[(Option<UserId>, i64)],
    tasks: &[(UserId, i64, i64)],
) -> Vec<ManagerWork> {
    let mut rows: Vec<ManagerRef> = managers;
    // Dealers of someone no longer among the managers, or of nobody.
    for l in sales {
        let id = UserId(l.key.parse().unwrap_or(0));
        if !rows.iter().any(|m| m.id == id) {
            rows.push(ManagerRef {
                id,
                name: l.label.clone(),
            });
        }
    }
    rows.into_iter()
        .map(|m| {
            let key = m.id.0.to_string();
            let mine: Vec<&SalesLine> = sales.iter().filter(|l| l.key == key).collect();
            let who = (m.id.0 != 0).then_some(m.id);
            let (waits, unanswered) = answers.get(&who).cloned().unwrap_or_default();
            let (due, on_time) = tasks
                .iter()
                .find(|(u, _, _)| *u == m.id)
                .map(|(_, n, ok)| (*n, *ok))
                .unwrap_or((0, 0));
            ManagerWork {
                id: m.id,
                name: m.name,
                orders: mine.iter().map(|l| l.orders).sum(),
                turnover: mine
                    .iter()
                    .map(|l| (l.currency.clone(), l.amount_minor))
                    .collect(),
                answered: waits.len() as i64,
                median_answer_ms: median(&waits),
                unanswered,
                reclamations: reclamations
                    .iter()
                    .find(|(u, _)| *u == who)
                    .map(|(_, n)| *n)
                    .unwrap_or(0),
                tasks_due: due,
                tasks_on_time: on_time,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_whole_months_within_limits() {
        let p = Period::parse("", "", "2026-11").expect("default");
        assert_eq!((p.from.as_str(), p.to.as_str()), ("2025-12", "2026-11"));
        assert_eq!(p.months().len(), 12);
        let p = Period::parse("2026-01", "2026-03", "2026-11").expect("q1");
        assert_eq!(p.months(), vec!["2026-01", "2026-02", "2026-03"]);
        let bad = |f: &str, t: &str| Period::parse(f, t, "2026-11").err().unwrap_or_default();
        assert_eq!(bad("2026-13", "2026-11")[0].field, "from");
        assert_eq!(bad("26-01", "2026-11")[0].field, "from");
        assert_eq!(bad("2026-05", "2026-04")[0].field, "to");
        assert_eq!(bad("2020-01", "2026-01")[0].field, "to");
        assert!(Period::parse("2021-02", "2026-01", "2026-11").is_ok());
    }

    fn mark(thread: i64, at: i64, staff: bool) -> MessageMark {
        MessageMark {
            thread_id: thread,
            at,
            from_staff: staff,
            manager: Some(UserId(5)),
        }
    }

    #[test]
    fn a_run_of_dealer_messages_waits_from_its_first() {
        let marks = vec![
            mark(1, 100, false),
            mark(1, 150, false),
            mark(1, 400, true),
            mark(1, 500, true),
            mark(1, 600, false),
            mark(1, 700, true),
            // Unanswered in the period.
            mark(2, 800, false),
            // Began before the period: not counted.
            mark(3, 10, false),
            mark(3, 900, true),
        ];
        let out = answer_times(&marks, 50, 1_000);
        let (waits, open) = out.get(&Some(UserId(5))).cloned().unwrap_or_default();
        assert_eq!(waits, vec![100, 300]);
        assert_eq!(open, 1);
        assert_eq!(median(&waits), Some(200));
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[1, 5, 9]), Some(5));
    }
}
