//! The settlement by order (`/finance/orders`, and a dealer's under
//! `/staff/finance/{code}/orders`): every order whose money moved in the
//! period, 50 to a page, from `App::settlement_of`. The statement links
//! here for its period and this page links back.

use super::chrome::Chrome;
use super::orders::enc;
use crate::fmt;
use crate::principal::Authenticated;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use dealerdesk_app::finance::StatementQuery;
use dealerdesk_app::finance::settlement::{PAGE_ORDERS, SettlementPage, SettlementQuery};
use dealerdesk_domain::Money;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct Params {
    from: Option<String>,
    to: Option<String>,
    page: Option<String>,
}

struct Row {
    number: String,
    href: String,
    charged: String,
    paid: String,
    compensated: String,
    outstanding: String,
}

struct View {
    from_label: String,
    to_label: String,
    orders_shown: String,
    rows: Vec<Row>,
    charged: String,
    paid: String,
    compensated: String,
    statement_href: String,
    first_href: Option<String>,
    prev_href: Option<String>,
    next_href: Option<String>,
    last_href: Option<String>,
}

#[derive(Template)]
#[template(path = "finance_orders.html")]
struct SettlementHtml {
    chrome: Chrome,
    /// Where the period form goes: `/finance/orders` or a dealer's.
    action: String,
    heading: String,
    from: String,
    to: String,
    error: Option<String>,
    s: Option<View>,
}

fn view(t: crate::i18n::Tr, s: &SettlementPage, base: &str) -> View {
    let m = |minor: i64| fmt::money(t.0, Money::new(minor, s.currency));
    let rows = s
        .orders
        .iter()
        .map(|o| Row {
            number: o.order_number.clone(),
            href: format!("/orders/{}/{}", enc(&s.factory_code), enc(&o.order_number)),
            charged: m(o.charged_minor),
            paid: m(o.paid_minor),
            compensated: m(o.compensated_minor),
            outstanding: o.outstanding_now_minor.map(m).unwrap_or_default(),
        })
        .collect();
    let qs = format!("from={}&to={}", enc(&s.from), enc(&s.to));
    let first = (s.page - 1) * PAGE_ORDERS + 1;
    let last = first + s.orders.len() - 1;
    let shown = |n: usize| fmt::int(t.0, n as i64);
    let at = |page: usize| format!("{base}/orders?{qs}&page={page}");
    View {
        from_label: fmt::day(t.0, &s.from),
        to_label: fmt::day(t.0, &s.to),
        orders_shown: t
            .get("finance.orders_shown")
            .replace("{first}", &shown(first))
            .replace("{last}", &shown(last))
            .replace("{total}", &shown(s.total_orders)),
        rows,
        charged: m(s.charged_minor),
        paid: m(s.paid_minor),
        compensated: m(s.compensated_minor),
        statement_href: format!("{base}?{qs}"),
        first_href: (s.page > 1).then(|| at(1)),
        prev_href: (s.page > 1).then(|| at(s.page - 1)),
        next_href: (s.page < s.pages).then(|| at(s.page + 1)),
        last_href: (s.page < s.pages).then(|| at(s.pages)),
    }
}

/// `GET /finance/orders`: the person's own dealer.
pub async fn page(
    State(state): State<AppState>,
    who: Authenticated,
    Query(p): Query<Params>,
) -> Result<Response, WebError> {
    show(&state, &who, None, &p).await
}

/// `GET /staff/finance/{code}/orders`: a dealer's, for those the policy
/// lets see its finance; someone else's dealer is "not found".
pub async fn dealer_page(
    State(state): State<AppState>,
    who: Authenticated,
    Path(code): Path<String>,
    Query(p): Query<Params>,
) -> Result<Response, WebError> {
    show(&state, &who, Some(&code), &p).await
}

async fn show(
    state: &AppState,
    who: &Authenticated,
    dealer: Option<&str>,
    p: &Params,
) -> Result<Response, WebError> {
    let (section, base) = super::finance::place(dealer);
    let mut chrome = Chrome::for_user(who, section, "");
    let t = chrome.t;
    let query = SettlementQuery {
        period: StatementQuery {
            from: p.from.clone(),
            to: p.to.clone(),
        },
        page: p.page.clone(),
    };
    let found = state.app.settlement_of(&who.actor, dealer, &query).await;
    let (s, error) = super::finance::or_refusal(t, found)?;
    let named = s
        .as_ref()
        .filter(|_| dealer.is_some())
        .map(|s| s.dealer.name.as_str());
    let heading = super::finance::heading(t, "finance.by_order", named);
    chrome.title = heading.clone();
    let refused = error.is_some();
    let page = SettlementHtml {
        from: super::finance::form_date(s.as_ref().map(|s| s.from.as_str()), &p.from),
        to: super::finance::form_date(s.as_ref().map(|s| s.to.as_str()), &p.to),
        s: s.as_ref().map(|s| view(t, s, &base)),
        action: format!("{base}/orders"),
        heading,
        error,
        chrome,
    };
    super::finance::render_or_refused(&page, refused)
}
