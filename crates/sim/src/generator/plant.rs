//! The plant as configured: built once from the [`PlantConfig`] (checked
//! here), then shared read-only by every run of the history, so replays are
//! identical and cloning a generator is cheap.

use super::clock::*;
use super::config::{ConfigError, PlantConfig, ScaleOptions};
use super::dealers::{Change, DealerStatic, dealer};
use super::shipments::{Driver, driver};
use crate::names::REGIONS;
use crate::rng::{Rng, mix};
use dealerdesk_domain::Email;

/// The plant as configured (immutable while generating).
#[derive(Debug)]
pub(super) struct Static {
    pub(super) config: PlantConfig,
    pub(super) scale: ScaleOptions,
    /// The dealer given a fixed number of orders, if any.
    pub(super) heavy: Option<Heavy>,
    pub(super) factories: Vec<FactoryStatic>,
    pub(super) dealers: Vec<DealerStatic>,
    /// Acceptance instants (local) and factories of all orders, in time order.
    pub(super) plan: Vec<(i64, u16)>,
    pub(super) start_day: i64,
    /// Nothing at or after this local instant happens.
    pub(super) limit: i64,
}

/// The heavy dealer of [`ScaleOptions::heavy_dealer_orders`]: it takes
/// `orders` of its factory's `share` orders, evenly spread.
#[derive(Debug, Clone, Copy)]
pub(super) struct Heavy {
    pub(super) dealer: u32,
    pub(super) factory: u16,
    pub(super) orders: u64,
    pub(super) share: u64,
}

impl Heavy {
    /// Whether the factory's `k`-th order (from 1) is the heavy dealer's:
    /// exactly `orders` of the `share` are, evenly spaced.
    pub(super) fn takes(&self, k: u64) -> bool {
        let share = self.share.max(1);
        k * self.orders / share > (k - 1) * self.orders / share
    }
}

/// One factory as configured: where it is, its drivers, managers and dealers.
#[derive(Debug)]
pub(super) struct FactoryStatic {
    pub(super) code: String,
    pub(super) home: usize,
    /// Travel time in minutes to each region its dealers are in.
    pub(super) travel: Vec<(usize, i64)>,
    pub(super) drivers: Vec<Driver>,
    pub(super) managers: Vec<String>,
    /// Its dealers: `dealers.0..dealers.1` in `Static::dealers`.
    pub(super) dealers: (u32, u32),
    /// Cumulative order-share weights of its dealers (Pareto-distributed).
    pub(super) cumulative: Vec<f64>,
    /// Its biggest dealer, which never closes.
    pub(super) anchor: u32,
}

impl Static {
    pub(super) fn build(config: PlantConfig, scale: ScaleOptions) -> Result<Self, ConfigError> {
        if config.factories.is_empty() {
            return Err(ConfigError::NoFactories);
        }
        if config.dealers_per_factory == 0 {
            return Err(ConfigError::NoDealers);
        }
        if config.dealers_per_factory > 9999 {
            return Err(ConfigError::TooManyDealers);
        }
        if config.end < config.start {
            return Err(ConfigError::EndBeforeStart {
                start: config.start,
                end: config.end,
            });
        }
        for (i, f) in config.factories.iter().enumerate() {
            let ok = !f.code.is_empty()
                && f.code.len() <= 40
                && f.code
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !f.code.starts_with('-')
                && !f.code.ends_with('-')
                && Email::parse(&format!("manager1@{}.demo", f.code.to_lowercase())).is_ok();
            if !ok {
                return Err(ConfigError::BadFactoryCode(f.code.clone()));
            }
            if config.factories[..i]
                .iter()
                .any(|g| g.code.eq_ignore_ascii_case(&f.code))
            {
                return Err(ConfigError::DuplicateFactory(f.code.clone()));
            }
        }
        let start_day = day_of_date(config.start);
        let end_day = day_of_date(config.end);
        let mut rng = Rng::new(mix(config.seed, 1));
        let mut factories = Vec::with_capacity(config.factories.len());
        let mut dealers = Vec::with_capacity(config.factories.len() * config.dealers_per_factory);
        let mut homes_used = Vec::new();
        for (fi, plan) in config.factories.iter().enumerate() {
            let upper = plan.code.to_uppercase();
            let home = (0..REGIONS.len())
                .find(|i| {
                    REGIONS[*i].factory_codes.contains(&upper.as_str()) && !homes_used.contains(i)
                })
                .or_else(|| (0..REGIONS.len()).find(|i| !homes_used.contains(i)))
                .unwrap_or(fi % REGIONS.len());
            homes_used.push(home);
            let region = &REGIONS[home];
            let mut travel = vec![(home, rng.range(60, 120))];
            travel.extend(region.neighbours.iter().map(|&n| (n, rng.range(150, 330))));
            let drivers = (0..rng.range(6, 11))
                .map(|_| driver(&mut rng, region))
                .collect();
            let lower = plan.code.to_lowercase();
            let managers = (1..=6)
                .map(|k| format!("manager{k}@{lower}.demo"))
                .collect();

            let first = dealers.len() as u32;
            let mut weights = Vec::with_capacity(config.dealers_per_factory);
            for k in 0..config.dealers_per_factory {
                let region_ix = if rng.chance(0.45) {
                    home
                } else {
                    *rng.pick(region.neighbours)
                };
                let d = dealer(
                    &mut rng,
                    fi as u16,
                    &plan.code,
                    k + 1,
                    region_ix,
                    start_day,
                    end_day,
                );
                // Pareto (alpha 1.0): a few dealers bring most orders.
                let w = (1.0 - rng.f64()).powf(-1.0).min(300.0);
                weights.push(w);
                dealers.push(d);
            }
            let last = dealers.len() as u32;
            let heavy_here = fi == 0 && scale.heavy_dealer_orders.is_some_and(|n| n > 0);
            if heavy_here {
                // The heavy dealer gets its orders by turn, never by chance.
                weights[0] = 0.0;
            }
            let anchor_local = weights
                .iter()
                .enumerate()
                .fold(0, |best, (i, w)| if *w > weights[best] { i } else { best });
            let anchor = first + anchor_local as u32;
            // Only small dealers close, and never the factory's biggest one.
            let mut sorted = weights.clone();
            sorted.sort_by(f64::total_cmp);
            let median = sorted[sorted.len() / 2];
            for (i, w) in weights.iter().enumerate() {
                let d = &mut dealers[first as usize + i];
                if let Change::Deactivate(_) = d.change
                    && (*w > median || first + i as u32 == anchor)
                {
                    d.change = Change::None;
                }
            }
            if heavy_here && let Change::Deactivate(_) = dealers[first as usize].change {
                dealers[first as usize].change = Change::None;
            }
            let mut acc = 0.0;
            let cumulative = weights
                .iter()
                .map(|w| {
                    acc += w;
                    acc
                })
                .collect();
            factories.push(FactoryStatic {
                code: plan.code.clone(),
                home,
                travel,
                drivers,
                managers,
                dealers: (first, last),
                cumulative,
                anchor,
            });
        }
        let plan = order_plan(&mut rng, config.orders, factories.len(), start_day, end_day);
        let heavy = scale.heavy_dealer_orders.filter(|n| *n > 0).map(|n| {
            let share = plan.iter().filter(|(_, f)| *f == 0).count() as u64;
            Heavy {
                dealer: factories[0].dealers.0,
                factory: 0,
                orders: (n as u64).min(share),
                share,
            }
        });
        Ok(Self {
            config,
            scale,
            heavy,
            factories,
            dealers,
            plan,
            start_day,
            limit: end_day * DAY + hm(13, 0),
        })
    }

    /// Whether order `o` (by acceptance) of `dealer` may get attachment files.
    pub(super) fn files_for(&self, o: u32, dealer: u32) -> bool {
        match self.scale.files_every {
            None | Some(0 | 1) => true,
            Some(n) => o.is_multiple_of(n) || self.heavy.is_some_and(|h| h.dealer == dealer),
        }
    }

    pub(super) fn travel(&self, f: usize, region: usize) -> i64 {
        self.factories[f]
            .travel
            .iter()
            .find(|(r, _)| *r == region)
            .map(|(_, m)| *m)
            .unwrap_or(240)
    }
}

/// When orders are accepted: on production days, fewer on Saturdays and in
/// the January holidays, more in the summer season; 08:30–17:30 (on the
/// last day, before the history ends at 13:00).
fn order_plan(
    rng: &mut Rng,
    orders: usize,
    factories: usize,
    start_day: i64,
    end_day: i64,
) -> Vec<(i64, u16)> {
    let days: Vec<i64> = (start_day..=end_day).collect();
    let weights: Vec<f64> = days
        .iter()
        .map(|&d| {
            let (_, m, dd) = civil(d);
            let week = match weekday(d) {
                6 => 0.0,
                5 => 0.35,
                _ => 1.0,
            };
            let doy = f64::from((m - 1) * 30 + dd);
            let season = 1.0 + 0.3 * ((doy - 80.0) / 365.0 * std::f64::consts::TAU).sin();
            let holiday = if m == 1 && dd <= 7 { 0.2 } else { 1.0 };
            week * season * holiday
        })
        .collect();
    let total: f64 = weights.iter().sum();
    let hours = |d: i64| {
        if d == end_day {
            (hm(8, 30), hm(12, 30))
        } else {
            (hm(8, 30), hm(17, 30))
        }
    };
    let mut plan = Vec::with_capacity(orders);
    for f in 0..factories {
        let share = orders / factories + usize::from(f < orders % factories);
        if total <= 0.0 {
            // A period of Sundays only: accept on them anyway.
            for i in 0..share {
                let d = days[i % days.len()];
                let (from, to) = hours(d);
                plan.push((d * DAY + rng.range(from, to), f as u16));
            }
            continue;
        }
        let mut cum = 0.0;
        let mut given = 0usize;
        for (i, &d) in days.iter().enumerate() {
            cum += weights[i];
            let upto = ((cum / total) * share as f64).round() as usize;
            let upto = if i + 1 == days.len() {
                share
            } else {
                upto.min(share)
            };
            let (from, to) = hours(d);
            for _ in given..upto {
                plan.push((d * DAY + rng.range(from, to), f as u16));
            }
            given = given.max(upto);
        }
    }
    plan.sort_unstable();
    plan
}
