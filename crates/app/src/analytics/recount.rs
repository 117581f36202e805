//! The recount behind `sales_monthly`: takes orders the appliers marked,
//! works out which dealer-months they touch (the month they are counted
//! under now and the month they belong to), and counts those months again
//! from the orders, in one transaction per round.

use crate::{App, Result};
use dealerdesk_domain::{DealerId, FactoryId, OrderId};
use dealerdesk_store::Repos;
use dealerdesk_store::syncbatch::{SalesRow, SalesSource};
use jiff::tz::TimeZone;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// `YYYY-MM` of an instant (Unix ms) in a zone.
pub fn month_of(ms: i64, zone: &TimeZone) -> String {
    match jiff::Timestamp::from_millisecond(ms) {
        Ok(t) => {
            let d = t.to_zoned(zone.clone()).date();
            format!("{:04}-{:02}", d.year(), d.month())
        }
        Err(_) => "0000-00".to_owned(),
    }
}

/// The first instant (Unix ms) of a `YYYY-MM` month in a zone, or of the
/// month after it with `next`.
pub fn month_start(month: &str, zone: &TimeZone, next: bool) -> Option<i64> {
    let (y, m) = month.split_once('-')?;
    let (y, m): (i16, i8) = (y.parse().ok()?, m.parse().ok()?);
    let mut d = jiff::civil::Date::new(y, m, 1).ok()?;
    if next {
        d = d.checked_add(jiff::Span::new().months(1)).ok()?;
    }
    let z = d.to_zoned(zone.clone()).ok()?;
    Some(z.timestamp().as_millisecond())
}

/// Sums the lines of the months in `months` into `sales_monthly` rows:
/// kind `*` per order (its total once), each construction kind per line.
pub fn sum_months(
    sources: &[SalesSource],
    month: impl Fn(i64) -> String,
    months: &BTreeSet<String>,
) -> Vec<SalesRow> {
    // (month, kind, currency) → (orders seen, units, amount)
    type Key = (String, String, String);
    let mut sums: BTreeMap<Key, (BTreeSet<OrderId>, i64, i64)> = BTreeMap::new();
    for s in sources {
        let m = month(s.accepted_at);
        if !months.contains(&m) {
            continue;
        }
        let whole = sums
            .entry((m.clone(), "*".to_owned(), s.currency.clone()))
            .or_default();
        if whole.0.insert(s.order_id) {
            whole.2 = whole.2.saturating_add(s.total_minor);
        }
        whole.1 = whole.1.saturating_add(s.quantity);
        if let Some(kind) = &s.kind {
            let line = sums
                .entry((m, kind.clone(), s.currency.clone()))
                .or_default();
            line.0.insert(s.order_id);
            line.1 = line.1.saturating_add(s.quantity);
            line.2 = line
                .2
                .saturating_add(s.quantity.saturating_mul(s.price_minor));
        }
    }
    sums.into_iter()
        .map(
            |((month, kind, currency), (orders, units, amount_minor))| SalesRow {
                month,
                kind,
                currency,
                orders: orders.len() as i64,
                units,
                amount_minor,
            },
        )
        .collect()
}

#[derive(Default)]
struct DealerWork {
    factory: Option<FactoryId>,
    zone: Option<TimeZone>,
    months: BTreeSet<String>,
    moves: BTreeMap<String, Vec<OrderId>>,
}

impl App {
    /// One round of the recount: up to `limit` marked orders. Returns how
    /// many were taken (0: nothing was waiting).
    pub async fn recount_sales(&self, limit: i64) -> Result<usize> {
        let mut tx = self.store.begin().await?;
        let taken = tx.sync_batch().take_sales_dirty(limit).await?;
        if taken.is_empty() {
            return Ok(0);
        }
        let targets = tx.sync_batch().sales_targets(&taken).await?;
        let mut zones: HashMap<String, TimeZone> = HashMap::new();
        let mut work: BTreeMap<DealerId, DealerWork> = BTreeMap::new();
        for t in targets {
            let zone = zones
                .entry(t.timezone.clone())
                .or_insert_with(|| {
                    TimeZone::get(&t.timezone).unwrap_or_else(|e| {
                        tracing::warn!(zone = %t.timezone, error = %e, "unknown factory time zone; counting months in UTC");
                        TimeZone::UTC
                    })
                })
                .clone();
            let month = month_of(t.accepted_at, &zone);
            let w = work.entry(t.dealer_id).or_default();
            w.factory = Some(t.factory_id);
            w.zone = Some(zone);
            w.months.insert(month.clone());
            if let Some(old) = t.counted_in {
                w.months.insert(old);
            }
            w.moves.entry(month).or_default().push(t.order_id);
        }
        for (dealer, w) in work {
            let (Some(factory), Some(zone)) = (w.factory, w.zone) else {
                continue;
            };
            // A month outside the calendar (an instant jiff cannot place)
            // holds no sales; the others are still counted.
            let valid: Vec<&String> = w
                .months
                .iter()
                .filter(|m| month_start(m, &zone, false).is_some())
                .collect();
            let (Some(first), Some(last)) = (valid.first(), valid.last()) else {
                continue;
            };
            let (Some(from), Some(to)) = (
                month_start(first, &zone, false),
                month_start(last, &zone, true),
            ) else {
                continue;
            };
            let mut b = tx.sync_batch();
            let sources = b.sales_sources(dealer, from, to).await?;
            let rows = sum_months(&sources, |ms| month_of(ms, &zone), &w.months);
            let months: Vec<String> = w.months.into_iter().collect();
            b.replace_sales(dealer, factory, &months, &rows).await?;
            for (month, orders) in &w.moves {
                b.set_sales_months(month, orders).await?;
            }
        }
        tx.commit().await?;
        Ok(taken.len())
    }

    /// Recounts until nothing is waiting (the demo seed, tests and the
    /// analytics page's catch-up); returns how many orders were recounted.
    pub async fn recount_all_sales(&self) -> Result<usize> {
        let mut total = 0;
        loop {
            let n = self.recount_sales(RECOUNT_ROUND).await?;
            if n == 0 {
                return Ok(total);
            }
            total += n;
        }
    }

    /// Before a page reads sales: counts one round of what waits, so the
    /// orders the sync just brought are in (the loop of `serve` does the
    /// rest within seconds).
    /// Best effort: a page still answers (from what is counted) if the
    /// recount fails; the error is logged and the marks stay for the loop.
    pub async fn catch_up_sales(&self) {
        let round = async {
            if self.sales_waiting().await? > 0 {
                self.recount_sales(RECOUNT_ROUND).await?;
            }
            Ok::<_, crate::AppError>(())
        };
        if let Err(e) = round.await {
            tracing::warn!(error = %e, "sales recount before a page failed; the page shows what is counted");
        }
    }

    /// How many orders wait for the recount.
    pub async fn sales_waiting(&self) -> Result<i64> {
        let mut c = self.store.read().await?;
        Ok(c.sync_batch().sales_dirty_count().await?)
    }
}

/// Orders per recount round: a round holds the write lock for about as
/// long as a sync batch does.
pub const RECOUNT_ROUND: i64 = 5_000;

#[cfg(test)]
mod tests {
    use super::*;

    fn src(order: i64, at: i64, total: i64, kind: Option<&str>, q: i64, p: i64) -> SalesSource {
        SalesSource {
            order_id: OrderId(order),
            accepted_at: at,
            currency: "UAH".into(),
            total_minor: total,
            kind: kind.map(str::to_owned),
            quantity: q,
            price_minor: p,
        }
    }

    #[test]
    fn months_follow_the_factory_zone() {
        let kyiv = TimeZone::get("Europe/Kyiv").expect("zone");
        // 2026-01-31 23:30 UTC is already February in Kyiv.
        let t = jiff::Timestamp::from_second(1_769_902_200).expect("ts");
        assert_eq!(month_of(t.as_millisecond(), &TimeZone::UTC), "2026-01");
        assert_eq!(month_of(t.as_millisecond(), &kyiv), "2026-02");
        let start = month_start("2026-02", &kyiv, false).expect("start");
        let end = month_start("2026-02", &kyiv, true).expect("end");
        assert_eq!(month_of(start, &kyiv), "2026-02");
        assert_eq!(month_of(start - 1, &kyiv), "2026-01");
        assert_eq!(month_of(end, &kyiv), "2026-03");
        assert_eq!(month_of(end - 1, &kyiv), "2026-02");
        assert!(month_start("2026-13", &kyiv, false).is_none());
    }

    #[test]
    fn an_order_counts_once_and_each_kind_by_its_lines() {
        let jan = month_start("2026-01", &TimeZone::UTC, false).expect("jan");
        let feb = month_start("2026-02", &TimeZone::UTC, false).expect("feb");
        let sources = vec![
            src(1, jan, 1_000, Some("window"), 2, 300),
            src(1, jan, 1_000, Some("door"), 1, 400),
            src(2, jan + 5, 500, Some("window"), 1, 500),
            src(3, feb, 700, Some("window"), 1, 700),
        ];
        let months: BTreeSet<String> = ["2026-01".to_owned()].into();
        let rows = sum_months(&sources, |ms| month_of(ms, &TimeZone::UTC), &months);
        let find = |k: &str| rows.iter().find(|r| r.kind == k).cloned();
        let all = find("*").expect("whole orders");
        assert_eq!((all.orders, all.units, all.amount_minor), (2, 4, 1_500));
        let w = find("window").expect("windows");
        assert_eq!((w.orders, w.units, w.amount_minor), (2, 3, 1_100));
        let d = find("door").expect("doors");
        assert_eq!((d.orders, d.units, d.amount_minor), (1, 1, 400));
        // February was not asked for.
        assert!(rows.iter().all(|r| r.month == "2026-01"));
    }
}
