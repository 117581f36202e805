//! How long an order may stay in each status of the line before a manager
//! should look at it ("orders that need attention", SPEC 4.2). Stored as
//! text (`accepted=2,in_production=10,…`, days) in the settings; a missing
//! or damaged entry falls back to its default rather than hiding orders.

use crate::{InvalidValue, OrderStatus};
use std::collections::BTreeMap;

/// The statuses an order can be stuck in (the last two end its way).
pub const TRACKED: [OrderStatus; 5] = [
    OrderStatus::Accepted,
    OrderStatus::InProduction,
    OrderStatus::Manufactured,
    OrderStatus::Ready,
    OrderStatus::Shipped,
];

/// The longest norm one may set, in days.
pub const MAX_DAYS: u32 = 365;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusNorms(BTreeMap<OrderStatus, u32>);

impl Default for StatusNorms {
    /// Two days to start production, ten to make, three to check and
    /// pack, five waiting for a trip, three on the road.
    fn default() -> Self {
        Self(BTreeMap::from([
            (OrderStatus::Accepted, 2),
            (OrderStatus::InProduction, 10),
            (OrderStatus::Manufactured, 3),
            (OrderStatus::Ready, 5),
            (OrderStatus::Shipped, 3),
        ]))
    }
}

impl StatusNorms {
    /// Days allowed in `status`; `None` for delivered and cancelled.
    pub fn days(&self, status: OrderStatus) -> Option<u32> {
        self.0.get(&status).copied()
    }

    /// From the stored text; each entry not readable keeps its default.
    pub fn from_stored(raw: &str) -> Self {
        let mut norms = Self::default();
        for part in raw.split(',') {
            let Some((k, v)) = part.split_once('=') else {
                continue;
            };
            if let (Ok(status), Ok(days)) = (OrderStatus::parse(k.trim()), v.trim().parse::<u32>())
                && TRACKED.contains(&status)
                && (1..=MAX_DAYS).contains(&days)
            {
                norms.0.insert(status, days);
            }
        }
        norms
    }

    pub fn to_stored(&self) -> String {
        self.0
            .iter()
            .map(|(s, d)| format!("{}={d}", s.as_str()))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// From a form: one field per tracked status, named by the status.
    /// Every status must be given, each a whole number of days 1–365.
    pub fn parse_form(fields: &[(String, String)]) -> Result<Self, Vec<InvalidValue>> {
        let mut norms = Self::default();
        let mut errors = Vec::new();
        for status in TRACKED {
            let raw = fields
                .iter()
                .find(|(k, _)| k == status.as_str())
                .map(|(_, v)| v.trim())
                .unwrap_or_default();
            match raw.parse::<u32>() {
                Ok(d) if (1..=MAX_DAYS).contains(&d) => {
                    norms.0.insert(status, d);
                }
                _ => errors.push(InvalidValue::new(
                    status.as_str(),
                    "must be between 1 and 365",
                )),
            }
        }
        if errors.is_empty() {
            Ok(norms)
        } else {
            Err(errors)
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (OrderStatus, u32)> + '_ {
        self.0.iter().map(|(s, d)| (*s, *d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_text_round_trips_and_damage_keeps_defaults() {
        let n = StatusNorms::from_stored("accepted=1,shipped=7");
        assert_eq!(n.days(OrderStatus::Accepted), Some(1));
        assert_eq!(n.days(OrderStatus::Shipped), Some(7));
        assert_eq!(n.days(OrderStatus::InProduction), Some(10));
        assert_eq!(StatusNorms::from_stored(&n.to_stored()), n);
        let damaged = StatusNorms::from_stored("accepted=0,ready=x,delivered=3,junk");
        assert_eq!(damaged, StatusNorms::default());
        assert_eq!(damaged.days(OrderStatus::Delivered), None);
    }

    #[test]
    fn a_form_needs_every_status_in_range() {
        let mut f: Vec<(String, String)> = TRACKED
            .iter()
            .map(|s| (s.as_str().to_owned(), "4".to_owned()))
            .collect();
        let n = StatusNorms::parse_form(&f).expect("valid");
        assert!(n.iter().all(|(_, d)| d == 4));
        f[0].1 = "0".into();
        f[4].1 = "".into();
        let errs = StatusNorms::parse_form(&f).expect_err("refused");
        let fields: Vec<&str> = errs.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["accepted", "shipped"]);
    }
}
