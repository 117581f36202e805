//! The settlement by order (`/finance/orders`): for every order whose money
//! moved within a period, what was charged, paid and compensated on it in
//! that period and what is left to pay on it now — the per-order side of
//! the statement, on a page of its own.
//!
//! It used to sit under each statement page, for the orders of that page's
//! lines only: a half-answer (the other orders of the period were on other
//! pages) that doubled the page. Here the whole period's orders are grouped
//! in one read of the dealer's covering index and shown [`PAGE_ORDERS`] at a
//! time, by order number; the downloads carry the same figures (their
//! "orders" sheet, from [`super::Statement::orders`]).

use super::{OrderSettlement, StatementQuery};
use crate::{App, AppError, Result};
use dealerdesk_domain::model::Dealer;
use dealerdesk_domain::{Actor, Currency, OrderId};
use dealerdesk_store::Repos;
use std::collections::HashMap;

/// Orders on one page of the settlement.
pub const PAGE_ORDERS: usize = 50;

/// The period and the page (from 1) as typed; either may be empty.
#[derive(Debug, Clone, Default)]
pub struct SettlementQuery {
    pub period: StatementQuery,
    pub page: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SettlementPage {
    pub dealer: Dealer,
    pub factory_code: String,
    pub currency: Currency,
    pub from: String,
    pub to: String,
    /// This page's orders, by order number.
    pub orders: Vec<OrderSettlement>,
    /// Every order of the period.
    pub total_orders: usize,
    /// This page (from 1) and how many there are (at least 1).
    pub page: usize,
    pub pages: usize,
    /// Sums over every order of the period.
    pub charged_minor: i64,
    pub paid_minor: i64,
    pub compensated_minor: i64,
}

impl SettlementQuery {
    /// The page asked for: 1 when not given; past the end is the last page
    /// (the period was narrowed since the link was made).
    fn page(&self) -> Result<usize> {
        match self
            .page
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            None => Ok(1),
            Some(raw) => raw
                .parse::<usize>()
                .ok()
                .filter(|p| *p >= 1)
                .ok_or_else(|| AppError::invalid("page", "must be a page number from 1")),
        }
    }
}

impl App {
    /// The settlement by order of the dealer named by `dealer` (its code;
    /// `None`: the person's own), under the statement's permission: a
    /// dealer user needs the finance grant, the plant's people the policy's
    /// leave to see that dealer's finance; another's dealer is "not found".
    pub async fn settlement_of(
        &self,
        actor: &Actor,
        dealer: Option<&str>,
        query: &SettlementQuery,
    ) -> Result<SettlementPage> {
        // A year of a busy dealer is thousands of orders to group.
        let mut c = self.store.read_bulk().await?;
        let super::Account {
            dealer,
            scope,
            factory_code,
            from,
            to,
            ..
        } = self.account(&mut c, actor, dealer, &query.period).await?;
        let asked = query.page()?;

        let all = c.ledger().period_orders(&scope, &from, &to).await?;
        let (mut charged_minor, mut paid_minor, mut compensated_minor) = (0i64, 0i64, 0i64);
        for o in &all {
            charged_minor += o.charged_minor;
            paid_minor += o.paid_minor;
            compensated_minor += o.compensated_minor;
        }
        let pages = all.len().div_ceil(PAGE_ORDERS).max(1);
        let page = asked.min(pages);
        let shown: Vec<_> = all
            .iter()
            .skip((page - 1) * PAGE_ORDERS)
            .take(PAGE_ORDERS)
            .collect();
        let ids: Vec<OrderId> = shown.iter().map(|o| o.order_id).collect();
        let outstanding: HashMap<OrderId, i64> = c
            .orders()
            .outstanding(&scope, &ids)
            .await?
            .into_iter()
            .collect();
        let orders = shown
            .into_iter()
            .map(|o| OrderSettlement {
                order_number: o.order_number.clone(),
                charged_minor: o.charged_minor,
                paid_minor: o.paid_minor,
                compensated_minor: o.compensated_minor,
                net_minor: o.charged_minor - o.paid_minor - o.compensated_minor,
                outstanding_now_minor: outstanding.get(&o.order_id).copied(),
            })
            .collect();
        Ok(SettlementPage {
            currency: dealer.currency,
            dealer,
            factory_code,
            from,
            to,
            orders,
            total_orders: all.len(),
            page,
            pages,
            charged_minor,
            paid_minor,
            compensated_minor,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_number_is_checked() {
        let q = |p: &str| SettlementQuery {
            page: Some(p.to_owned()),
            ..SettlementQuery::default()
        };
        assert_eq!(SettlementQuery::default().page().ok(), Some(1));
        assert_eq!(q(" ").page().ok(), Some(1));
        assert_eq!(q("3").page().ok(), Some(3));
        for bad in ["0", "-1", "x", "1.5", "99999999999999999999999"] {
            assert!(matches!(q(bad).page(), Err(AppError::Invalid(_))), "{bad}");
        }
    }
}
