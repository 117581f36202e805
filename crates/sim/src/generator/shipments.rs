//! Shipping: the factories' drivers and trucks, the morning dispatch that
//! groups ready orders into trips by region, departure, and the drops at
//! each dealer (`shipment.upserted` and the shipped/delivered statuses).

use super::clock::*;
use super::dealers::{Payer, mobile};
use super::{Action, PlantEvents};
use crate::names;
use crate::rng::Rng;
use dealerdesk_domain::model::SourceKind;
use dealerdesk_domain::{OrderStatus, Phone};
use dealerdesk_sync::events::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One of a factory's drivers, with the truck they drive.
#[derive(Debug)]
pub(super) struct Driver {
    pub(super) name: String,
    pub(super) phone: Phone,
    plate: String,
}

pub(super) fn driver(rng: &mut Rng, region: &names::Region) -> Driver {
    let s = rng.pick(names::SURNAMES);
    let n = rng.pick(names::MALE_NAMES);
    let father = rng.pick(names::MALE_NAMES).1;
    let phone = loop {
        if let Ok(p) = Phone::parse(&mobile(rng)) {
            break p;
        }
    };
    let letters: String = (0..2)
        .map(|_| char::from(*rng.pick(names::LETTERS_PLATE)))
        .collect();
    Driver {
        name: format!("{} {} {father}", s.0, n.0),
        phone,
        plate: format!("{} {} {letters}", region.plate, rng.digits(4)),
    }
}

/// A trip's state while the history runs.
#[derive(Debug)]
pub(super) struct TripRt {
    pub(super) factory: u16,
    pub(super) number: String,
    driver: usize,
    pub(super) region: usize,
    /// Orders, grouped by dealer (one drop per dealer).
    pub(super) orders: Vec<u32>,
    pub(super) version: i64,
    departed_at: Option<i64>,
    pub(super) planned_day: i64,
    /// Index in `orders` of the next drop.
    pub(super) next: usize,
}

impl PlantEvents {
    /// The morning dispatch: ready orders are grouped by region into trips;
    /// a region with few orders waits up to two days to fill a truck.
    pub(super) fn dispatch(&mut self, f: u16) {
        let st = Arc::clone(&self.st);
        let next = work_day(day_of(self.now), 1) * DAY + hm(7, 0);
        self.schedule(next, Action::Dispatch(f));
        let fs = &st.factories[f as usize];
        let pool = std::mem::take(&mut self.factories[f as usize].pool);
        let mut by_region: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
        for o in pool {
            let region = st.dealers[self.orders[o as usize].dealer as usize].region;
            by_region.entry(region).or_default().push(o);
        }
        let mut k = 0;
        for (region, mut orders) in by_region {
            let oldest = orders
                .iter()
                .map(|&o| self.orders[o as usize].ready_at)
                .min()
                .unwrap_or(self.now);
            if region != fs.home && orders.len() < 4 && oldest > self.now - 2 * DAY {
                self.factories[f as usize].pool.extend(orders);
                continue;
            }
            orders.sort_by_key(|&o| (self.orders[o as usize].dealer, o));
            let travel = st.travel(f as usize, region) * MINUTE;
            for chunk in orders.chunks(12) {
                let fr = &mut self.factories[f as usize];
                fr.trip_seq += 1;
                let (y, _, _) = civil(day_of(self.now));
                let number = format!("{}-T{:02}-{:05}", fs.code, y.rem_euclid(100), fr.trip_seq);
                let driver = (fr.trip_seq as usize) % fs.drivers.len();
                // Loading takes the morning: trucks leave 09:00–12:00 and later.
                let depart =
                    self.now + 2 * HOUR + k * 15 * MINUTE + self.rng.range(0, 120 * MINUTE);
                k += 1;
                let arrive = depart + travel;
                let planned_day = if tod(arrive) > hm(19, 30) {
                    work_day(day_of(arrive), 1)
                } else {
                    day_of(arrive)
                };
                let trip = self.trips.len() as u32;
                for &o in chunk {
                    self.orders[o as usize].trip = Some(trip);
                }
                self.trips.push(TripRt {
                    factory: f,
                    number,
                    driver,
                    region,
                    orders: chunk.to_vec(),
                    version: 0,
                    departed_at: None,
                    planned_day,
                    next: 0,
                });
                self.emit_trip(trip, None);
                self.schedule(depart, Action::Depart(trip));
            }
        }
    }

    fn emit_trip(&mut self, trip: u32, delivered_at: Option<i64>) {
        let st = Arc::clone(&self.st);
        let t = &mut self.trips[trip as usize];
        t.version += 1;
        let driver = &st.factories[t.factory as usize].drivers[t.driver];
        let data = EventData::ShipmentUpserted(ShipmentUpserted {
            trip: t.number.clone(),
            vehicle: Some(driver.plate.clone()),
            driver_name: driver.name.clone(),
            driver_phone: driver.phone.clone(),
            departed_at: t.departed_at.map(utc),
            planned_delivery_date: Some(date_string(t.planned_day)),
            delivered_at: delivered_at.map(utc),
            orders: t
                .orders
                .iter()
                .map(|&o| self.orders[o as usize].number.clone())
                .collect(),
        });
        let (f, version) = (t.factory, t.version);
        self.emit(f, SourceKind::Production, version, data);
    }

    pub(super) fn depart(&mut self, trip: u32) {
        let st = Arc::clone(&self.st);
        self.trips[trip as usize].departed_at = Some(self.now);
        self.emit_trip(trip, None);
        let (f, region) = (
            self.trips[trip as usize].factory,
            self.trips[trip as usize].region,
        );
        let orders = self.trips[trip as usize].orders.clone();
        for &o in &orders {
            self.emit_status(o, OrderStatus::Shipped, self.now, Vec::new());
            if region != st.factories[f as usize].home || self.rng.chance(0.15) {
                let t = self.soon(HOUR, 4 * HOUR, true);
                self.schedule(t, Action::DeliveryCharge(o));
            }
        }
        let travel = st.travel(f as usize, region) * MINUTE;
        let jitter = self.rng.range(-15 * MINUTE, 30 * MINUTE);
        let t = self.drive(travel + jitter);
        self.schedule(t, Action::Drop(trip));
    }

    /// Arrival after driving `d`; a driver who would arrive after 19:30
    /// stays the night and arrives next morning.
    fn drive(&mut self, d: i64) -> i64 {
        let t = self.now + d.max(15 * MINUTE);
        if tod(t) > hm(19, 30) || day_of(t) != day_of(self.now) {
            work_day(day_of(self.now), 1) * DAY + self.rng.range(hm(8, 0), hm(9, 30))
        } else {
            t
        }
    }

    /// One drop: all orders of the next dealer on the trip are delivered.
    pub(super) fn drop_off(&mut self, trip: u32) {
        let st = Arc::clone(&self.st);
        let t = &self.trips[trip as usize];
        let start = t.next;
        let dealer = self.orders[t.orders[start] as usize].dealer;
        let end = start
            + t.orders[start..]
                .iter()
                .take_while(|&&o| self.orders[o as usize].dealer == dealer)
                .count();
        let group: Vec<u32> = t.orders[start..end].to_vec();
        let finished = end == t.orders.len();
        self.trips[trip as usize].next = end;
        for &o in &group {
            self.emit_status(o, OrderStatus::Delivered, self.now, Vec::new());
            match st.dealers[dealer as usize].payer {
                Payer::Prompt => {}
                Payer::Slow => {
                    let t = self.bank_time(5, 30, hm(9, 0), hm(17, 0));
                    self.schedule(t, Action::PayRest(o, false));
                }
                Payer::Late => {
                    if self.rng.chance(0.6) {
                        let t = self.bank_time(20, 60, hm(9, 0), hm(17, 0));
                        self.schedule(t, Action::PayRest(o, true));
                    }
                }
            }
            if self.rng.chance(0.015) {
                let t = self.bank_time(7, 40, hm(10, 0), hm(17, 0));
                self.schedule(t, Action::Compensation(o));
            }
        }
        if finished {
            self.emit_trip(trip, Some(self.now));
        } else {
            let far = self.trips[trip as usize].region
                != st.factories[self.trips[trip as usize].factory as usize].home;
            let gap = if far {
                self.rng.range(40 * MINUTE, 120 * MINUTE)
            } else {
                self.rng.range(25 * MINUTE, 70 * MINUTE)
            };
            let t = self.drive(gap);
            self.schedule(t, Action::Drop(trip));
        }
    }
}
