//! The plant's finance people: what every dealer of the factory owes, the
//! largest debts first, with each dealer's last payment; a dealer that owes
//! and has not paid for [`QUIET_DAYS`] is marked overdue. Any dealer's
//! statement opens from here (`App::statement_page_of`).

use crate::{App, AppError, Result};
use dealerdesk_domain::Actor;
use dealerdesk_domain::policy::Capability;
use dealerdesk_store::Repos;
use dealerdesk_store::receivables::DebtLine;

/// Dealers per page.
pub const PAGE: i64 = 50;
/// Owing and no payment for this many days: overdue.
pub const QUIET_DAYS: i64 = 30;

#[derive(Debug, Clone)]
pub struct Receivables {
    pub lines: Vec<DebtLine>,
    /// Dealers listed in all (owing ones, or every one with `all`).
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    /// What the factory's dealers owe together, in minor units.
    pub receivable_minor: i64,
    /// `YYYY-MM-DD`: a last payment before this day (or none) is overdue.
    pub overdue_before: String,
}

impl App {
    pub async fn receivables(&self, actor: &Actor, all: bool, page: &str) -> Result<Receivables> {
        if !actor.can(Capability::FinanceOverview) {
            return Err(AppError::Forbidden);
        }
        let page = crate::crm::page(page)?;
        let factory = actor.factory();
        let tz = self.timezone(factory).await?;
        let today = super::today_in(&tz);
        let overdue_before = today
            .checked_sub(jiff::Span::new().days(QUIET_DAYS))
            .map(|d| d.to_string())
            .unwrap_or_default();
        let mut c = self.store.read().await?;
        let (lines, total) = c
            .receivables()
            .lines(factory, all, PAGE, (page - 1) * PAGE)
            .await?;
        let receivable_minor = c.dealers().total_receivable(factory).await?;
        Ok(Receivables {
            lines,
            total,
            page,
            pages: ((total + PAGE - 1) / PAGE).max(1),
            receivable_minor,
            overdue_before,
        })
    }
}
