//! One page of the statement, as `/finance` shows it.
//!
//! A busy dealer posts thousands of entries a quarter; a page that listed
//! them all was megabytes of HTML and seconds of work. So the page shows
//! [`PAGE_LINES`] lines at a time, found by their `(posted_on, id)`
//! position, and takes everything else from `ledger_daily` (one row per
//! dealer and day): the period's totals, the chart, how many lines come
//! before the page and the balance before its first line (the days before
//! it, plus the same day's earlier entries). The numbers are the full
//! statement's (see `the_pages_walk_the_whole_statement` in the web tests);
//! the downloads and `/api/v1/statement` still carry the whole period, and
//! what each order's entries did is the settlement page's
//! ([`super::settlement`]).

use super::{StatementLine, StatementQuery};
use crate::{App, AppError, Result};
use dealerdesk_domain::model::{Dealer, LedgerEntry};
use dealerdesk_domain::{Actor, Currency, DaySums, balance_effect};
use dealerdesk_store::Repos;

/// Lines on one page of the statement: as many as the orders list shows
/// orders, a screen or two on a phone. (It was 100, with the settlement of
/// the page's orders below them; the settlement has its own page now, see
/// [`super::settlement`].)
pub const PAGE_LINES: usize = 50;

/// A line's place in posting order; `after=`/`before=` carry it as
/// `2026-11-03.1234`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub day: String,
    pub id: i64,
}

impl Position {
    pub fn encode(&self) -> String {
        format!("{}.{}", self.day, self.id)
    }

    pub fn parse(raw: &str) -> Option<Position> {
        let (day, id) = raw.trim().split_once('.')?;
        let ok_day = day.len() == 10 && day.parse::<jiff::civil::Date>().is_ok();
        let id = id.parse::<i64>().ok().filter(|id| *id >= 0)?;
        ok_day.then(|| Position {
            day: day.to_owned(),
            id,
        })
    }

    /// Past every entry of `to`: the anchor of the last page.
    pub fn end_of(to: &str) -> Position {
        Position {
            day: to.to_owned(),
            id: i64::MAX,
        }
    }
}

/// The period and where in it the page is.
#[derive(Debug, Clone, Default)]
pub struct PageQuery {
    pub period: StatementQuery,
    /// The page starts after this line (`Position::encode`).
    pub after: Option<String>,
    /// The page ends before this line.
    pub before: Option<String>,
}

#[derive(Debug, Clone)]
pub struct StatementPage {
    pub dealer: Dealer,
    pub factory_code: String,
    pub currency: Currency,
    pub from: String,
    pub to: String,
    /// The whole period's figures, as in the full statement.
    pub opening_minor: i64,
    pub closing_minor: i64,
    pub debit_minor: i64,
    pub credit_minor: i64,
    pub total_lines: i64,
    /// The number (from 1) of the page's first line; 0 without lines.
    pub first_line: i64,
    /// The balance before the page's first line.
    pub start_minor: i64,
    pub lines: Vec<StatementLine>,
    /// Give as `before=` for the previous page, `after=` for the next.
    pub prev: Option<Position>,
    pub next: Option<Position>,
    /// As in [`super::Statement::balance_by_day`].
    pub balance_by_day: Vec<(String, i64)>,
}

enum Anchor {
    Start,
    After(Position),
    Before(Position),
}

fn bad_cursor() -> AppError {
    AppError::invalid("cursor", "is not a cursor this list gave out")
}

impl PageQuery {
    fn anchor(&self) -> Result<Anchor> {
        let some = |s: &Option<String>| {
            s.as_deref()
                .filter(|s| !s.trim().is_empty())
                .map(str::to_owned)
        };
        match (some(&self.after), some(&self.before)) {
            (None, None) => Ok(Anchor::Start),
            (Some(a), None) => Position::parse(&a)
                .map(Anchor::After)
                .ok_or_else(bad_cursor),
            (None, Some(b)) => Position::parse(&b)
                .map(Anchor::Before)
                .ok_or_else(bad_cursor),
            (Some(_), Some(_)) => Err(bad_cursor()),
        }
    }
}

impl App {
    /// One page of the statement of the person's own dealer (the same
    /// permission as [`App::statement`]).
    pub async fn statement_page(&self, actor: &Actor, query: &PageQuery) -> Result<StatementPage> {
        self.statement_page_of(actor, None, query).await
    }

    /// One page of the statement of the dealer named by `dealer` (its
    /// code; `None`: the person's own), for anyone the policy lets see that
    /// dealer's finance — its manager, the factory's finance people. A
    /// dealer that is not theirs is "not found".
    pub async fn statement_page_of(
        &self,
        actor: &Actor,
        dealer: Option<&str>,
        query: &PageQuery,
    ) -> Result<StatementPage> {
        let mut c = self.store.read().await?;
        let super::Account {
            dealer,
            stats,
            scope,
            factory_code,
            from,
            to,
        } = self.account(&mut c, actor, dealer, &query.period).await?;
        let anchor = query.anchor()?;

        let opening_minor = stats.opening_minor + c.ledger().moved_before(&scope, &from).await?;
        let days = c.ledger().daily(&scope, &from, &to).await?;
        let mut period = DaySums::default();
        let mut balance_by_day = Vec::new();
        for (day, sums) in &days {
            period.add(sums);
            if sums.delta != 0 {
                balance_by_day.push((day.clone(), opening_minor + period.delta));
            }
        }

        let limit = PAGE_LINES as i64;
        let start = (from.as_str(), 0);
        let end = Position::end_of(&to);
        let entries = match &anchor {
            Anchor::Start => c.ledger().page(&scope, start, &to, true, limit).await?,
            Anchor::After(p) => {
                let e = c
                    .ledger()
                    .page(&scope, (&p.day, p.id), &to, true, limit)
                    .await?;
                if e.is_empty() {
                    // Past the end (the period was narrowed): the last page.
                    last_page(
                        c.ledger()
                            .page(&scope, (&end.day, end.id), &from, false, limit)
                            .await?,
                    )
                } else {
                    e
                }
            }
            Anchor::Before(p) => {
                let e = last_page(
                    c.ledger()
                        .page(&scope, (&p.day, p.id), &from, false, limit)
                        .await?,
                );
                if e.is_empty() {
                    // Before the start (the period was narrowed): the first page.
                    c.ledger().page(&scope, start, &to, true, limit).await?
                } else {
                    e
                }
            }
        };

        // Where the page starts: the period's days before its first line,
        // then that day's earlier entries.
        let (mut first_line, mut start_minor) = (0, opening_minor);
        if let Some(first) = entries.first() {
            let mut before = DaySums::default();
            for (_, sums) in days.iter().filter(|(day, _)| *day < first.posted_on) {
                before.add(sums);
            }
            let earlier = if first.posted_on == from && matches!(anchor, Anchor::Start) {
                Vec::new()
            } else {
                c.ledger()
                    .earlier_that_day(&scope, &first.posted_on, first.id.0)
                    .await?
            };
            let same_day: i64 = earlier
                .iter()
                .filter(|p| !p.voided)
                .map(|p| balance_effect(p.kind, p.amount_minor).unwrap_or(0))
                .sum();
            first_line = before.entries + earlier.len() as i64 + 1;
            start_minor = opening_minor + before.delta + same_day;
        }

        let mut running = start_minor;
        let lines: Vec<StatementLine> = entries
            .into_iter()
            .map(|entry| {
                let effect_minor = entry.effect_minor();
                running += effect_minor;
                StatementLine {
                    entry,
                    effect_minor,
                    running_minor: running,
                }
            })
            .collect();
        let last_line = first_line + lines.len() as i64 - 1;
        let prev = (first_line > 1)
            .then(|| lines.first().map(position))
            .flatten();
        let next = (!lines.is_empty() && last_line < period.entries)
            .then(|| lines.last().map(position))
            .flatten();

        Ok(StatementPage {
            currency: dealer.currency,
            dealer,
            factory_code,
            from,
            to,
            opening_minor,
            closing_minor: opening_minor + period.delta,
            debit_minor: period.debit,
            credit_minor: period.credit,
            total_lines: period.entries,
            first_line,
            start_minor,
            lines,
            prev,
            next,
            balance_by_day,
        })
    }
}

fn position(l: &StatementLine) -> Position {
    Position {
        day: l.entry.posted_on.clone(),
        id: l.entry.id.0,
    }
}

/// `Ledger::page` backwards answers newest first; a page reads oldest first.
fn last_page(mut newest_first: Vec<LedgerEntry>) -> Vec<LedgerEntry> {
    newest_first.reverse();
    newest_first
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip_and_refuse_garbage() {
        let p = Position {
            day: "2026-11-03".into(),
            id: 1234,
        };
        assert_eq!(Position::parse(&p.encode()), Some(p));
        assert_eq!(
            Position::parse(&Position::end_of("2026-11-30").encode()).map(|p| p.id),
            Some(i64::MAX)
        );
        for bad in [
            "",
            "2026-11-03",
            "2026-11-03.",
            "2026-13-03.5",
            "2026-11-3.5",
            "2026-11-03.-1",
            "x.1",
            "2026-11-03.1e3",
        ] {
            assert_eq!(Position::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn both_directions_at_once_is_refused() {
        let q = PageQuery {
            after: Some("2026-11-03.1".into()),
            before: Some("2026-11-03.9".into()),
            ..PageQuery::default()
        };
        assert!(matches!(q.anchor(), Err(AppError::Invalid(_))));
        let q = PageQuery {
            after: Some("  ".into()),
            ..PageQuery::default()
        };
        assert!(matches!(q.anchor(), Ok(Anchor::Start)));
    }
}
