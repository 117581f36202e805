//! The plant generator: a discrete-event simulation of a plant's factories
//! that yields, in time order, what each factory's production and accounting
//! systems would send to DealerDesk.
//!
//! The simulation keeps a priority queue of pending actions (an order's next
//! step, a payment, the morning dispatch, ...). Taking the earliest one runs
//! it, which yields its events and schedules what follows. So memory holds
//! the plant's compact state (one small record per order and ledger entry),
//! never the event history, and events cost nothing until they are consumed.
//!
//! Time: the plant works on Kyiv time (EET/EEST). Internally instants are
//! "local milliseconds" (Unix milliseconds of the local wall clock); every
//! action happens between 06:00 and 21:00 local, so converting to UTC keeps
//! the order even across the daylight-saving switches.
//!
//! The module is split by what each part simulates:
//! - `config`: the public configuration and its errors;
//! - `plant`: the plant as configured, built once and shared (immutable)
//!   by every run: factories, dealers and the order-acceptance plan;
//! - `clock`: local time, working and banking days, Kyiv's UTC offset;
//! - `dealers`: generated dealers and people, and the dealer events;
//! - `content`: an order's constructions, regenerated from its seed;
//! - `orders`: an order's production timeline, from acceptance to ready;
//! - `shipments`: trucks, drivers, the morning dispatch and deliveries;
//! - `ledger`: the accounting system's entries (charges, payments, ...);
//! - `reference`: the expected end state.
//!
//! This file holds the public entry points and the event loop: the action
//! queue, emitting events, and dispatching each action to its handler.

mod clock;
mod config;
mod content;
mod dealers;
mod ledger;
mod orders;
mod plant;
mod reference;
mod shipments;

pub use config::{ConfigError, FactoryPlan, PlantConfig, ScaleOptions};
pub use reference::{ExpectedDealer, ExpectedOrder, Reference, SentCounts};

use crate::rng::{Rng, mix};
use clock::*;
use dealerdesk_domain::model::SourceKind;
use dealerdesk_sync::events::*;
use dealers::{Change, DealerRt};
use ledger::EntryRt;
use orders::{Attach, OrderRt};
use plant::Static;
use shipments::TripRt;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::sync::Arc;

/// One event as one system of one factory sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub factory_code: String,
    pub source: SourceKind,
    pub event: Event,
}

/// Builds the plant from its config once; [`PlantGenerator::events`] then
/// replays its whole history, identically each time. Cheap to clone.
#[derive(Debug, Clone)]
pub struct PlantGenerator {
    st: Arc<Static>,
}

impl PlantGenerator {
    pub fn new(config: PlantConfig) -> Result<Self, ConfigError> {
        Self::with_scale(config, ScaleOptions::default())
    }

    /// A plant reshaped for load tests (a heavy dealer, fewer files).
    pub fn with_scale(config: PlantConfig, scale: ScaleOptions) -> Result<Self, ConfigError> {
        Ok(Self {
            st: Arc::new(Static::build(config, scale)?),
        })
    }

    pub fn scale(&self) -> &ScaleOptions {
        &self.st.scale
    }

    /// The code of the dealer [`ScaleOptions::heavy_dealer_orders`] names
    /// and how many orders it gets; `None` without one.
    pub fn heavy_dealer(&self) -> Option<(String, u64)> {
        self.st
            .heavy
            .map(|h| (self.st.dealers[h.dealer as usize].code.clone(), h.orders))
    }

    pub fn config(&self) -> &PlantConfig {
        &self.st.config
    }

    pub fn factory_codes(&self) -> Vec<String> {
        self.st.factories.iter().map(|f| f.code.clone()).collect()
    }

    /// The logins of the factory's managers (`manager1@kh.demo` …
    /// `manager6@kh.demo`), which dealers' `manager_email` refer to. Create
    /// these users before sending. Empty for an unknown factory.
    pub fn manager_emails(&self, factory_code: &str) -> Vec<String> {
        self.st
            .factories
            .iter()
            .find(|f| f.code == factory_code)
            .map(|f| f.managers.clone())
            .unwrap_or_default()
    }

    /// The codes of the factory's dealers, in order.
    pub fn dealer_codes(&self, factory_code: &str) -> Vec<String> {
        let Some(f) = self.st.factories.iter().find(|f| f.code == factory_code) else {
            return Vec::new();
        };
        self.st.dealers[f.dealers.0 as usize..f.dealers.1 as usize]
            .iter()
            .map(|d| d.code.clone())
            .collect()
    }

    /// The plant's whole history as a lazy iterator, in `occurred_at` order.
    pub fn events(&self) -> PlantEvents {
        PlantEvents::new(Arc::clone(&self.st))
    }

    /// The expected end state, computed by running the simulation without
    /// keeping its events (about as fast as generating them).
    pub fn reference(&self) -> Reference {
        let mut ev = self.events();
        while ev.step() {
            ev.out.clear();
        }
        ev.reference()
    }
}

/// What the simulation does next; the queue orders equal instants by when
/// they were scheduled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Action {
    DealerUpsert(u32),
    Opening(u32),
    DealerChange(u32),
    Accept(u32),
    Attach(u32, Attach),
    Charge(u32),
    Prepay(u32),
    Launch(u32),
    Replan(u32),
    Progress(u32),
    Ready(u32),
    Cancel(u32),
    VoidCharge(u32),
    Refund(u32),
    /// Voids a payment that was posted twice.
    VoidDuplicate(u32),
    Dispatch(u16),
    Depart(u32),
    Drop(u32),
    DeliveryCharge(u32),
    /// Pays what is outstanding on the order (`true`: only half of it).
    PayRest(u32, bool),
    Compensation(u32),
    Adjustment(u32),
    /// Returns a dealer's credit (overpayment) if it has one.
    RefundCredit(u32),
}

/// A factory's running counters (identifiers it hands out, events it sent)
/// and its ready orders.
#[derive(Debug)]
struct FactoryRt {
    production_seq: u64,
    accounting_seq: u64,
    order_seq: u32,
    trip_seq: u32,
    entry_seq: u32,
    attachment_seq: u32,
    reclamation_seq: u32,
    /// Ready orders waiting for a trip.
    pool: Vec<u32>,
}

/// The plant's history as an iterator of [`Sent`] events in `occurred_at`
/// order. Owns everything it needs, so it can move into a task or thread.
pub struct PlantEvents {
    st: Arc<Static>,
    rng: Rng,
    queue: BinaryHeap<Reverse<(i64, u64, Action)>>,
    seq: u64,
    now: i64,
    out: VecDeque<Sent>,
    factories: Vec<FactoryRt>,
    dealers: Vec<DealerRt>,
    orders: Vec<OrderRt>,
    entries: Vec<EntryRt>,
    trips: Vec<TripRt>,
    done: bool,
}

impl Iterator for PlantEvents {
    type Item = Sent;

    fn next(&mut self) -> Option<Sent> {
        loop {
            if let Some(s) = self.out.pop_front() {
                return Some(s);
            }
            if !self.step() {
                return None;
            }
        }
    }
}

impl PlantEvents {
    fn new(st: Arc<Static>) -> Self {
        let mut rng = Rng::new(mix(st.config.seed, 2));
        let dealers = st
            .dealers
            .iter()
            .map(|d| DealerRt {
                version: 0,
                active: true,
                manager: d.manager,
                phone: d.phone.clone(),
                address: d.address.clone(),
                opening: 0,
                postings: Vec::new(),
            })
            .collect();
        let factories = st
            .factories
            .iter()
            .map(|_| FactoryRt {
                production_seq: 0,
                accounting_seq: 0,
                order_seq: 0,
                trip_seq: 0,
                entry_seq: 0,
                attachment_seq: 0,
                reclamation_seq: 0,
                pool: Vec::new(),
            })
            .collect();
        let mut ev = Self {
            rng: Rng::new(0),
            queue: BinaryHeap::new(),
            seq: 0,
            now: st.start_day * DAY,
            out: VecDeque::new(),
            factories,
            dealers,
            orders: Vec::with_capacity(st.plan.len()),
            entries: Vec::new(),
            trips: Vec::new(),
            done: false,
            st: Arc::clone(&st),
        };
        let start = st.start_day * DAY;
        for (f, fs) in st.factories.iter().enumerate() {
            for (k, d) in (fs.dealers.0..fs.dealers.1).enumerate() {
                let k = k as i64;
                ev.schedule(start + hm(6, 0) + k * 2_000, Action::DealerUpsert(d));
                ev.schedule(start + hm(6, 30) + k * 2_000, Action::Opening(d));
            }
            ev.schedule(
                work_day(st.start_day + 1, 0) * DAY + hm(7, 0),
                Action::Dispatch(f as u16),
            );
        }
        for (i, d) in st.dealers.iter().enumerate() {
            if let Change::Update(t) | Change::Deactivate(t) = d.change {
                ev.schedule(t, Action::DealerChange(i as u32));
            }
        }
        // Reconciliation adjustments at some quarter ends.
        let end_day = day_of(st.limit);
        let (y0, _, _) = civil(st.start_day);
        let (y1, _, _) = civil(end_day);
        for y in y0..=y1 {
            for (m, dd) in [(3, 31), (6, 30), (9, 30), (12, 31)] {
                let mut day = days_from_civil(y, m, dd);
                while !is_bank_day(day) {
                    day -= 1;
                }
                if day <= st.start_day || day > end_day {
                    continue;
                }
                for d in 0..st.dealers.len() {
                    if rng.chance(0.08) {
                        let t = day * DAY + rng.range(hm(14, 0), hm(17, 0));
                        ev.schedule(t, Action::Adjustment(d as u32));
                    }
                    // After the reconciliation some dealers ask for their overpayment back.
                    if rng.chance(0.25) {
                        let t = bank_day(day + 1, rng.range(2, 10)) * DAY
                            + rng.range(hm(9, 0), hm(17, 0));
                        ev.schedule(t, Action::RefundCredit(d as u32));
                    }
                }
            }
        }
        if let Some(&(t, _)) = st.plan.first() {
            ev.schedule(t, Action::Accept(0));
        }
        ev.rng = rng;
        ev
    }

    fn schedule(&mut self, t: i64, action: Action) {
        let t = daytime(t).max(self.now);
        self.seq += 1;
        self.queue.push(Reverse((t, self.seq, action)));
    }

    /// Runs the next action; `false` once the history is over.
    fn step(&mut self) -> bool {
        if self.done {
            return false;
        }
        let Some(Reverse((t, _, action))) = self.queue.pop() else {
            self.done = true;
            return false;
        };
        if t >= self.st.limit {
            self.done = true;
            self.queue.clear();
            return false;
        }
        self.now = t;
        self.run(action);
        true
    }

    /// The events of the next day that has any, all at once (local days).
    /// `None` once the history is over.
    pub fn next_day(&mut self) -> Option<Vec<Sent>> {
        while self.out.is_empty() {
            if !self.step() {
                return None;
            }
        }
        let day = day_of(self.now);
        let mut batch: Vec<Sent> = self.out.drain(..).collect();
        loop {
            match self.queue.peek() {
                Some(Reverse((t, _, _))) if day_of(*t) == day && *t < self.st.limit => {
                    self.step();
                    batch.extend(self.out.drain(..));
                }
                _ => return Some(batch),
            }
        }
    }

    // ---- emitting ----------------------------------------------------------

    fn emit(&mut self, f: u16, source: SourceKind, version: i64, data: EventData) {
        let code = &self.st.factories[f as usize].code;
        let fr = &mut self.factories[f as usize];
        let (prefix, n) = match source {
            SourceKind::Production => {
                fr.production_seq += 1;
                ("prod", fr.production_seq)
            }
            SourceKind::Accounting => {
                fr.accounting_seq += 1;
                ("acc", fr.accounting_seq)
            }
        };
        let event = Event {
            event_id: format!("{prefix}-{code}-{n:06}"),
            occurred_at: utc(self.now),
            version,
            data,
        };
        self.out.push_back(Sent {
            factory_code: code.clone(),
            source,
            event,
        });
    }

    /// A random instant `lo..hi` days of work later, within `from..to` of the day.
    fn work_time(&mut self, lo: i64, hi: i64, from: i64, to: i64) -> i64 {
        let n = self.rng.range(lo, hi + 1);
        work_day(day_of(self.now), n) * DAY + self.rng.range(from, to)
    }

    fn bank_time(&mut self, lo: i64, hi: i64, from: i64, to: i64) -> i64 {
        let n = self.rng.range(lo, hi + 1);
        bank_day(day_of(self.now), n) * DAY + self.rng.range(from, to)
    }

    /// Later today if the office is still open, else the next working day's morning.
    fn soon(&mut self, delay_lo: i64, delay_hi: i64, bank: bool) -> i64 {
        let t = self.now + self.rng.range(delay_lo, delay_hi);
        let today = day_of(self.now);
        let open = if bank {
            is_bank_day(today)
        } else {
            is_work_day(today)
        };
        if open && tod(t) < hm(18, 0) && day_of(t) == today {
            t
        } else if bank {
            self.bank_time(1, 1, hm(9, 0), hm(11, 0))
        } else {
            self.work_time(1, 1, hm(8, 0), hm(10, 0))
        }
    }

    // ---- the actions ---------------------------------------------------------

    fn run(&mut self, action: Action) {
        match action {
            Action::DealerUpsert(d) => self.dealer_upsert(d),
            Action::DealerChange(d) => self.dealer_change(d),
            Action::Opening(d) => self.opening(d),
            Action::Accept(i) => self.accept(i),
            Action::Attach(o, kind) => self.attach(o, kind),
            Action::Charge(o) => self.charge(o),
            Action::Prepay(o) => self.prepay(o),
            Action::Launch(o) => self.launch(o),
            Action::Replan(o) => self.replan(o),
            Action::Progress(o) => self.progress(o),
            Action::Ready(o) => self.ready(o),
            Action::Cancel(o) => self.cancel(o),
            Action::VoidCharge(o) => self.void_charge(o),
            Action::Refund(o) => self.refund(o),
            Action::VoidDuplicate(e) => self.void(e, "Помилково проведено двічі".to_owned()),
            Action::Dispatch(f) => self.dispatch(f),
            Action::Depart(t) => self.depart(t),
            Action::Drop(t) => self.drop_off(t),
            Action::DeliveryCharge(o) => self.delivery_charge(o),
            Action::PayRest(o, partial) => self.pay_rest(o, partial),
            Action::Compensation(o) => self.compensation(o),
            Action::Adjustment(d) => self.adjustment(d),
            Action::RefundCredit(d) => self.refund_credit(d),
        }
    }
}

#[cfg(test)]
mod tests;
