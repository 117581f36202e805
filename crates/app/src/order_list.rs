//! A dealer's list of orders: the filters people type, checked and turned
//! into the store's filter (dates are the plant's calendar days).

use crate::{App, AppError, FieldError, Result};
use dealerdesk_domain::model::Dealer;
use dealerdesk_domain::{Actor, OrderStatus, Purpose, Timestamp};
use dealerdesk_store::Repos;
use dealerdesk_store::order_list::{Cursor, OrderFilter, OrderRow, Sort};

/// The filters as typed (query string, API parameters).
#[derive(Debug, Clone, Default)]
pub struct OrderQuery {
    pub status: Option<String>,
    pub q: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    pub to: Option<String>,
    pub sort: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct OrdersPage {
    pub dealer: Dealer,
    pub factory_code: String,
    pub rows: Vec<OrderRow>,
    pub next_cursor: Option<String>,
    /// Whether the person may see money (outstanding amounts).
    pub finance: bool,
    pub filter: OrderFilter,
    /// The dealer's orders per status (from the read model, not counted).
    pub counts: Vec<(OrderStatus, i64)>,
}

pub const DEFAULT_PAGE: i64 = 50;
pub const MAX_PAGE: i64 = 200;

/// Midnight at the start of `date` in `tz`, as an instant.
fn day_start(date: &str, tz: &str, field: &str) -> std::result::Result<Timestamp, FieldError> {
    let bad = || FieldError {
        field: field.to_owned(),
        message: "must be a date like 2026-11-27".to_owned(),
    };
    let d: jiff::civil::Date = date.trim().parse().map_err(|_| bad())?;
    let zone = jiff::tz::TimeZone::get(tz).unwrap_or(jiff::tz::TimeZone::UTC);
    let z = d.to_zoned(zone).map_err(|_| bad())?;
    Ok(Timestamp(z.timestamp().as_millisecond()))
}

impl OrderQuery {
    /// Checks every field; all mistakes are reported at once.
    pub fn parse(&self, tz: &str) -> Result<(OrderFilter, Option<Cursor>, i64)> {
        let mut errors = Vec::new();
        let some = |o: &Option<String>| {
            o.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let status = match some(&self.status) {
            None => None,
            Some(s) => OrderStatus::parse(&s)
                .map_err(|e| errors.push(FieldError::from(e)))
                .ok(),
        };
        let from = some(&self.from)
            .and_then(|d| day_start(&d, tz, "from").map_err(|e| errors.push(e)).ok());
        // `to` is inclusive: everything before the next day's start.
        let to = some(&self.to).and_then(|d| {
            day_start(&d, tz, "to")
                .map_err(|e| errors.push(e))
                .ok()
                .map(|t| t.plus_seconds(86_400))
        });
        let sort = match some(&self.sort) {
            None => Sort::default(),
            Some(s) => Sort::parse(&s).unwrap_or_else(|| {
                errors.push(FieldError {
                    field: "sort".into(),
                    message: "must be accepted, changed, number or amount".into(),
                });
                Sort::default()
            }),
        };
        let cursor = match some(&self.cursor) {
            None => None,
            Some(c) => match Cursor::decode(&c) {
                Some(c) => Some(c),
                None => {
                    errors.push(FieldError {
                        field: "cursor".into(),
                        message: "is not a cursor this list gave out".into(),
                    });
                    None
                }
            },
        };
        let limit = self.limit.unwrap_or(DEFAULT_PAGE);
        if !(1..=MAX_PAGE).contains(&limit) {
            errors.push(FieldError {
                field: "limit".into(),
                message: format!("must be between 1 and {MAX_PAGE}"),
            });
        }
        let q = some(&self.q).map(|q| q.chars().take(100).collect());
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        Ok((
            OrderFilter {
                status,
                from,
                to,
                query: q,
                sort,
            },
            cursor,
            limit,
        ))
    }
}

impl App {
    /// Merges the order search index into one segment (SQLite; nothing to
    /// do on PostgreSQL): the server's janitor calls it once a day, in
    /// small write transactions that let the plant's events through.
    pub async fn compact_order_search(&self) -> Result<dealerdesk_store::Compaction> {
        Ok(self.store.compact_order_search().await?)
    }

    /// The dealer's own orders, a page at a time.
    pub async fn dealer_orders(&self, actor: &Actor, query: &OrderQuery) -> Result<OrdersPage> {
        let mut c = self.store.read().await?;
        let (dealer, stats, scope) =
            crate::scope::own_dealer_stats(&mut c, actor, Purpose::ViewOrders).await?;
        // From the cache: one statement fewer on every page.
        let factory = self.factory_on(&mut c, dealer.factory_id).await?;
        let (filter, cursor, limit) = query.parse(&factory.timezone)?;
        let (rows, next) = c
            .order_list()
            .page(&scope, &filter, cursor.as_ref(), limit)
            .await?;
        let finance = actor
            .dealer_scope(&dealer.as_ref(), Purpose::ViewFinance)
            .is_some();
        Ok(OrdersPage {
            dealer,
            factory_code: factory.code,
            rows,
            next_cursor: next.map(|c| c.encode()),
            finance,
            filter,
            counts: stats.counts,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_reports_every_mistake() {
        let ok = OrderQuery {
            status: Some("shipped".into()),
            from: Some("2026-11-01".into()),
            to: Some("2026-11-30".into()),
            limit: Some(20),
            ..Default::default()
        };
        let (f, c, l) = ok.parse("Europe/Kyiv").expect("valid");
        assert_eq!((f.status, c, l), (Some(OrderStatus::Shipped), None, 20));
        // 2026-11-01 00:00 in Kyiv is 2026-10-31 22:00 UTC.
        assert_eq!(
            f.from.map(|t| t.rfc3339()),
            Some("2026-10-31T22:00:00.000Z".into())
        );
        assert_eq!(
            f.to.map(|t| t.rfc3339()),
            Some("2026-11-30T22:00:00.000Z".into())
        );
        let bad = OrderQuery {
            status: Some("lost".into()),
            from: Some("yesterday".into()),
            sort: Some("x".into()),
            cursor: Some("zzz".into()),
            limit: Some(0),
            ..Default::default()
        };
        match bad.parse("Europe/Kyiv") {
            Err(AppError::Invalid(fields)) => {
                let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
                assert_eq!(names, vec!["status", "from", "sort", "cursor", "limit"]);
            }
            other => panic!("{other:?}"),
        }
    }
}
