//! The dealer's statement of account: opening balance, every entry of the
//! period with the running balance, closing balance, the settlement of each
//! order touched, and the balance day by day for the chart. The page, the
//! CSV, the XLSX and `/api/v1/statement` are all drawn from one
//! [`Statement`], so they cannot disagree.

pub mod export;
pub mod page;
pub mod receivables;
pub mod settlement;

use crate::{App, AppError, FieldError, Result};
use dealerdesk_domain::model::{Dealer, LedgerEntry};
use dealerdesk_domain::{Actor, Currency, LedgerKind, OrderId, Purpose};
use dealerdesk_store::Repos;
use std::collections::HashMap;

/// The period as typed (`YYYY-MM-DD`, both inclusive); either may be empty.
#[derive(Debug, Clone, Default)]
pub struct StatementQuery {
    pub from: Option<String>,
    pub to: Option<String>,
}

/// One entry with the balance after it. A voided entry is listed (marked)
/// and leaves the running balance where it was.
#[derive(Debug, Clone)]
pub struct StatementLine {
    pub entry: LedgerEntry,
    /// What the entry did to the balance: 0 when voided.
    pub effect_minor: i64,
    pub running_minor: i64,
}

/// What happened to one order's money within the period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderSettlement {
    pub order_number: String,
    /// Charges, delivery charges and adjustments.
    pub charged_minor: i64,
    /// Payments less refunds.
    pub paid_minor: i64,
    pub compensated_minor: i64,
    /// The net change of the balance from this order's entries.
    pub net_minor: i64,
    /// What is left to pay on the order today (not only within the period).
    pub outstanding_now_minor: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct Statement {
    pub dealer: Dealer,
    /// The dealer's factory, for links to its orders.
    pub factory_code: String,
    pub currency: Currency,
    pub from: String,
    pub to: String,
    pub opening_minor: i64,
    pub lines: Vec<StatementLine>,
    pub closing_minor: i64,
    /// Sums over the period's counted entries, for the summary row.
    pub debit_minor: i64,
    pub credit_minor: i64,
    pub orders: Vec<OrderSettlement>,
    /// The balance at the end of each day on which it moved, after the
    /// opening point at `from`: a step chart needs nothing more.
    pub balance_by_day: Vec<(String, i64)>,
}

/// The longest period one statement covers: ten years of a busy dealer is
/// still a file people can open.
const MAX_DAYS: i64 = 3_660;

impl StatementQuery {
    /// Checks both dates against today in the plant's calendar; all mistakes
    /// are reported at once. Without dates: the current month and the two
    /// before it, up to today.
    pub fn parse(
        &self,
        today: jiff::civil::Date,
    ) -> Result<(jiff::civil::Date, jiff::civil::Date)> {
        let mut errors = Vec::new();
        let mut date = |raw: &Option<String>, field: &str| {
            let raw = raw.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
            match raw.parse::<jiff::civil::Date>() {
                Ok(d) if raw.len() == 10 => Some(d),
                _ => {
                    errors.push(FieldError {
                        field: field.to_owned(),
                        message: "must be a date like 2026-11-27".to_owned(),
                    });
                    None
                }
            }
        };
        let from = date(&self.from, "from");
        let to = date(&self.to, "to");
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let to = to.unwrap_or(today);
        let from = match from {
            Some(f) => f,
            None => default_from(to),
        };
        if from > to {
            return Err(AppError::invalid("from", "must not be after to"));
        }
        // `until` between civil dates counts in days unless asked otherwise.
        let days = from
            .until(to)
            .map(|s| i64::from(s.get_days()))
            .unwrap_or(i64::MAX);
        if days > MAX_DAYS {
            return Err(AppError::invalid(
                "from",
                "the period must not be longer than ten years",
            ));
        }
        Ok((from, to))
    }
}

/// Today in the factory's calendar: what "up to today" means on its
/// statements.
fn today_in(timezone: &str) -> jiff::civil::Date {
    let zone = jiff::tz::TimeZone::get(timezone).unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::now().to_zoned(zone).date()
}

/// The first day of the month two months before `to`'s.
fn default_from(to: jiff::civil::Date) -> jiff::civil::Date {
    let first = to.first_of_month();
    first
        .checked_sub(jiff::Span::new().months(2))
        .unwrap_or(first)
}

/// Groups the counted entries of the period by order.
fn settle(lines: &[StatementLine]) -> Vec<(OrderId, OrderSettlement)> {
    let mut by: HashMap<OrderId, OrderSettlement> = HashMap::new();
    let mut order_of_first: Vec<OrderId> = Vec::new();
    for l in lines.iter().filter(|l| !l.entry.voided) {
        let (Some(id), Some(number)) = (l.entry.order_id, l.entry.order_number.as_ref()) else {
            continue;
        };
        let s = by.entry(id).or_insert_with(|| {
            order_of_first.push(id);
            OrderSettlement {
                order_number: number.clone(),
                ..OrderSettlement::default()
            }
        });
        let a = l.entry.amount_minor;
        match l.entry.kind {
            LedgerKind::Charge | LedgerKind::DeliveryCharge | LedgerKind::Adjustment => {
                s.charged_minor += a
            }
            LedgerKind::Payment => s.paid_minor += a,
            LedgerKind::Refund => s.paid_minor -= a,
            LedgerKind::Compensation => s.compensated_minor += a,
        }
        s.net_minor += l.effect_minor;
    }
    order_of_first
        .into_iter()
        .filter_map(|id| by.remove(&id).map(|s| (id, s)))
        .collect()
}

/// The dealer whose money is asked for: the person's own, or one named by
/// code that the policy lets them see the finance of.
pub(crate) async fn finance_dealer(
    c: &mut dealerdesk_store::Conn,
    actor: &Actor,
    code: Option<&str>,
) -> Result<(
    dealerdesk_domain::model::Dealer,
    dealerdesk_domain::model::DealerStats,
    dealerdesk_domain::DealerScope,
)> {
    let Some(code) = code else {
        return crate::scope::own_dealer_stats(c, actor, Purpose::ViewFinance).await;
    };
    // Naming a dealer is the plant's way in; a dealer's people have theirs.
    if actor.role.is_dealer_side() {
        return Err(AppError::Forbidden);
    }
    let dealer = c.dealers().by_code(code).await?.ok_or(AppError::NotFound)?;
    let scope = actor
        .dealer_scope(&dealer.as_ref(), Purpose::ViewFinance)
        .ok_or(AppError::NotFound)?;
    let (dealer, stats) = c
        .dealers()
        .with_stats(dealer.id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((dealer, stats, scope))
}

/// What every finance read starts from: the dealer asked for (see
/// [`finance_dealer`]), its factory's code and the period, checked in the
/// factory's calendar, as `YYYY-MM-DD`.
pub(crate) struct Account {
    pub dealer: Dealer,
    pub stats: dealerdesk_domain::model::DealerStats,
    pub scope: dealerdesk_domain::DealerScope,
    pub factory_code: String,
    pub from: String,
    pub to: String,
}

impl App {
    /// The [`Account`] of the dealer named by `dealer` (`None`: the
    /// person's own) for the period typed.
    pub(crate) async fn account(
        &self,
        c: &mut dealerdesk_store::Conn,
        actor: &Actor,
        dealer: Option<&str>,
        period: &StatementQuery,
    ) -> Result<Account> {
        let (dealer, stats, scope) = finance_dealer(c, actor, dealer).await?;
        let factory = self.factory_on(c, dealer.factory_id).await?;
        let (from, to) = period.parse(today_in(&factory.timezone))?;
        Ok(Account {
            dealer,
            stats,
            scope,
            factory_code: factory.code.clone(),
            from: from.to_string(),
            to: to.to_string(),
        })
    }
}

impl App {
    /// The statement of the person's own dealer for a period. A dealer user
    /// whose admin has not allowed finance gets `Forbidden`; staff use the
    /// dealer card (a later issue), so they are refused here too.
    pub async fn statement(&self, actor: &Actor, query: &StatementQuery) -> Result<Statement> {
        self.statement_of(actor, None, query).await
    }

    /// [`App::statement`] of the dealer with code `dealer` (`None`: the
    /// person's own), under the same rule as [`App::statement_page_of`].
    pub async fn statement_of(
        &self,
        actor: &Actor,
        dealer: Option<&str>,
        query: &StatementQuery,
    ) -> Result<Statement> {
        // The whole period: a year of a busy dealer is tens of thousands of lines.
        let mut c = self.store.read_bulk().await?;
        let Account {
            dealer,
            stats,
            scope,
            factory_code,
            from,
            to,
        } = self.account(&mut c, actor, dealer, query).await?;
        let currency = dealer.currency;

        let opening_minor = stats.opening_minor + c.ledger().moved_before(&scope, &from).await?;
        let entries = c.ledger().entries(&scope, &from, &to).await?;

        let mut running = opening_minor;
        let (mut debit_minor, mut credit_minor) = (0i64, 0i64);
        let mut lines = Vec::with_capacity(entries.len());
        let mut balance_by_day: Vec<(String, i64)> = Vec::new();
        for entry in entries {
            let effect_minor = entry.effect_minor();
            running += effect_minor;
            if effect_minor > 0 {
                debit_minor += effect_minor;
            } else {
                credit_minor -= effect_minor;
            }
            if effect_minor != 0 {
                match balance_by_day.last_mut() {
                    Some((day, b)) if *day == entry.posted_on => *b = running,
                    _ => balance_by_day.push((entry.posted_on.clone(), running)),
                }
            }
            lines.push(StatementLine {
                entry,
                effect_minor,
                running_minor: running,
            });
        }
        let settled = settle(&lines);
        let ids: Vec<OrderId> = settled.iter().map(|(id, _)| *id).collect();
        let outstanding: HashMap<OrderId, i64> = c
            .orders()
            .outstanding(&scope, &ids)
            .await?
            .into_iter()
            .collect();
        let orders = settled
            .into_iter()
            .map(|(id, mut s)| {
                s.outstanding_now_minor = outstanding.get(&id).copied();
                s
            })
            .collect();
        Ok(Statement {
            dealer,
            factory_code,
            currency,
            from,
            to,
            opening_minor,
            lines,
            closing_minor: running,
            debit_minor,
            credit_minor,
            orders,
            balance_by_day,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn default_period_is_three_calendar_months() {
        let q = StatementQuery::default();
        assert_eq!(
            q.parse(date(2026, 11, 27)).ok(),
            Some((date(2026, 9, 1), date(2026, 11, 27)))
        );
        assert_eq!(
            q.parse(date(2026, 1, 31)).ok(),
            Some((date(2025, 11, 1), date(2026, 1, 31)))
        );
    }

    #[test]
    fn reports_every_bad_date_and_backwards_periods() {
        let q = StatementQuery {
            from: Some("2026-13-01".into()),
            to: Some("yesterday".into()),
        };
        match q.parse(date(2026, 11, 27)) {
            Err(AppError::Invalid(e)) => {
                let f: Vec<_> = e.iter().map(|e| e.field.as_str()).collect();
                assert_eq!(f, vec!["from", "to"]);
            }
            other => panic!("expected invalid, got {other:?}"),
        }
        let back = StatementQuery {
            from: Some("2026-11-02".into()),
            to: Some("2026-11-01".into()),
        };
        assert!(matches!(
            back.parse(date(2026, 11, 27)),
            Err(AppError::Invalid(_))
        ));
        let long = StatementQuery {
            from: Some("2000-01-01".into()),
            to: Some("2026-11-01".into()),
        };
        assert!(matches!(
            long.parse(date(2026, 11, 27)),
            Err(AppError::Invalid(_))
        ));
        let one_day = StatementQuery {
            from: Some("2026-11-01".into()),
            to: Some("2026-11-01".into()),
        };
        assert_eq!(
            one_day.parse(date(2026, 11, 27)).ok(),
            Some((date(2026, 11, 1), date(2026, 11, 1)))
        );
    }
}
