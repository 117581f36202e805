//! An order's production timeline: accepted, attachments, launched into
//! production, constructions manufactured over several days (reported
//! per day), ready, or cancelled. Shipping is in `shipments`, the money in
//! `ledger`.

use super::clock::*;
use super::content::order_content;
use super::dealers::Payer;
use super::{Action, PlantEvents};
use crate::files;
use dealerdesk_domain::OrderStatus;
use dealerdesk_domain::model::SourceKind;
use dealerdesk_sync::events::*;
use std::sync::Arc;

/// Which file is attached to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Attach {
    Drawing,
    Specification,
    Photo,
}

/// An order's state while the history runs.
#[derive(Debug)]
pub(super) struct OrderRt {
    pub(super) dealer: u32,
    pub(super) number: String,
    pub(super) seed: u64,
    pub(super) accepted_at: i64,
    pub(super) planned_day: i64,
    pub(super) total: i64,
    pub(super) version: i64,
    pub(super) status: OrderStatus,
    /// Per-construction completion (local instant, position), by instant.
    pub(super) progress: Vec<(i64, i64)>,
    pub(super) charge: Option<u32>,
    /// Charged (while not voided) plus delivery charges.
    pub(super) billed: i64,
    /// Payments and compensations less refunds.
    pub(super) paid: i64,
    pub(super) ready_at: i64,
    pub(super) trip: Option<u32>,
}

impl PlantEvents {
    pub(super) fn order_factory(&self, o: u32) -> u16 {
        self.st.dealers[self.orders[o as usize].dealer as usize].factory
    }

    fn bump_order(&mut self, o: u32) -> i64 {
        let order = &mut self.orders[o as usize];
        order.version += 1;
        order.version
    }

    pub(super) fn emit_status(
        &mut self,
        o: u32,
        status: OrderStatus,
        at: i64,
        constructions: Vec<ConstructionProgress>,
    ) {
        let f = self.order_factory(o);
        let version = self.bump_order(o);
        let order = &mut self.orders[o as usize];
        order.status = status;
        let data = EventData::OrderStatusChanged(OrderStatusChanged {
            number: order.number.clone(),
            status,
            at: utc(at),
            constructions,
        });
        self.emit(f, SourceKind::Production, version, data);
    }

    pub(super) fn content(&self, o: u32) -> OrderUpserted {
        let order = &self.orders[o as usize];
        order_content(
            &self.st.dealers[order.dealer as usize],
            &order.number,
            order.seed,
            order.accepted_at,
            order.planned_day,
        )
    }

    pub(super) fn accept(&mut self, i: u32) {
        let st = Arc::clone(&self.st);
        if let Some(&(t, _)) = st.plan.get(i as usize + 1) {
            self.schedule(t, Action::Accept(i + 1));
        }
        let f = st.plan[i as usize].1;
        let code = &st.factories[f as usize].code;
        let heavy = st.heavy.filter(|h| {
            h.factory == f && h.takes(u64::from(self.factories[f as usize].order_seq) + 1)
        });
        let dealer = match heavy {
            Some(h) => h.dealer,
            None => self.pick_dealer(f as usize),
        };
        let fr = &mut self.factories[f as usize];
        fr.order_seq += 1;
        let (y, _, _) = civil(day_of(self.now));
        let number = format!("{code}-{:02}-{:06}", y.rem_euclid(100), fr.order_seq);
        let accepted_at = self.now - self.rng.range(MINUTE, 10 * MINUTE);
        let planned_day = work_day(day_of(self.now), self.rng.range(7, 15));
        let seed = self.rng.next_u64();
        let content = order_content(
            &st.dealers[dealer as usize],
            &number,
            seed,
            accepted_at,
            planned_day,
        );
        let o = self.orders.len() as u32;
        self.orders.push(OrderRt {
            dealer,
            number,
            seed,
            accepted_at,
            planned_day,
            total: content.total_minor,
            version: 1,
            status: OrderStatus::Accepted,
            progress: Vec::new(),
            charge: None,
            billed: 0,
            paid: 0,
            ready_at: 0,
            trip: None,
        });
        self.emit(
            f,
            SourceKind::Production,
            1,
            EventData::OrderUpserted(content),
        );

        // The dice are rolled whether or not files are wanted, so the
        // orders and money of the history do not depend on `files_every`.
        let files = st.files_for(o, dealer);
        if self.rng.chance(0.12) {
            let t = self.now + self.rng.range(3 * MINUTE, 20 * MINUTE);
            if files {
                self.schedule(t, Action::Attach(o, Attach::Drawing));
            }
        }
        if self.rng.chance(0.03) {
            let t = self.now + self.rng.range(5 * MINUTE, 30 * MINUTE);
            if files {
                self.schedule(t, Action::Attach(o, Attach::Specification));
            }
        }
        let t = self.soon(5 * MINUTE, 90 * MINUTE, true);
        self.schedule(t, Action::Charge(o));
        let prepay = match st.dealers[dealer as usize].payer {
            Payer::Prompt => 0.9,
            Payer::Slow => 0.75,
            Payer::Late => 0.6,
        };
        if self.rng.chance(prepay) {
            let t = self.bank_time(1, 4, hm(9, 0), hm(17, 0));
            self.schedule(t, Action::Prepay(o));
        }
        let t = self.work_time(1, 3, hm(7, 0), hm(10, 0));
        self.schedule(t, Action::Launch(o));
        if self.rng.chance(0.022) {
            let t = self.work_time(1, 3, hm(9, 0), hm(18, 0));
            self.schedule(t, Action::Cancel(o));
        }
    }

    pub(super) fn attach(&mut self, o: u32, kind: Attach) {
        let f = self.order_factory(o);
        let content = self.content(o);
        let number = content.number.clone();
        let (kind, position, file_name, content_type, bytes) = match kind {
            Attach::Drawing => {
                let c = &content.constructions[0];
                (
                    AttachmentKind::Drawing,
                    Some(1),
                    format!("Креслення {number} поз.1.svg"),
                    ContentType::Svg,
                    files::svg_drawing(&number, c),
                )
            }
            Attach::Specification => (
                AttachmentKind::Document,
                None,
                format!("Специфікація {number}.pdf"),
                ContentType::Pdf,
                files::pdf_specification(&content),
            ),
            Attach::Photo => (
                AttachmentKind::Photo,
                None,
                format!("Фото упаковки {number}.png"),
                ContentType::Png,
                files::png_photo(self.orders[o as usize].seed),
            ),
        };
        let fr = &mut self.factories[f as usize];
        fr.attachment_seq += 1;
        let attachment_id = format!(
            "{}-F-{:06}",
            self.st.factories[f as usize].code, fr.attachment_seq
        );
        let data = EventData::AttachmentAdded(AttachmentAdded {
            attachment_id,
            order_number: number,
            position,
            kind,
            file_name,
            content_type,
            content: bytes,
        });
        self.emit(f, SourceKind::Production, 1, data);
    }

    pub(super) fn launch(&mut self, o: u32) {
        if self.orders[o as usize].status != OrderStatus::Accepted {
            return;
        }
        let n = self.content(o).constructions.len() as i64;
        let at = self.now - self.rng.range(0, 2 * MINUTE);
        self.emit_status(o, OrderStatus::InProduction, at, Vec::new());
        let span = self.rng.range(1, 6);
        let today = day_of(self.now);
        let mut progress: Vec<(i64, i64)> = (1..=n)
            .map(|p| {
                let day = work_day(today, self.rng.range(1, span + 1));
                (day * DAY + self.rng.range(hm(8, 0), hm(18, 30)), p)
            })
            .collect();
        progress.sort_unstable();
        let first_day = day_of(progress[0].0);
        let report = progress
            .iter()
            .filter(|(t, _)| day_of(*t) == first_day)
            .map(|(t, _)| *t)
            .max()
            .unwrap_or(self.now);
        self.orders[o as usize].progress = progress;
        let t = report + self.rng.range(10 * MINUTE, 40 * MINUTE);
        self.schedule(t, Action::Progress(o));
        if self.rng.chance(0.1) {
            let t = self.now + self.rng.range(20 * MINUTE, 120 * MINUTE);
            self.schedule(t, Action::Replan(o));
        }
    }

    /// The plant moves the planned shipping date and sends the order again.
    pub(super) fn replan(&mut self, o: u32) {
        if self.orders[o as usize].status == OrderStatus::Cancelled {
            return;
        }
        let delay = self.rng.range(2, 6);
        let order = &mut self.orders[o as usize];
        order.planned_day = work_day(order.planned_day, delay);
        let content = self.content(o);
        let f = self.order_factory(o);
        let version = self.bump_order(o);
        self.emit(
            f,
            SourceKind::Production,
            version,
            EventData::OrderUpserted(content),
        );
    }

    pub(super) fn progress(&mut self, o: u32) {
        let order = &mut self.orders[o as usize];
        if order.status == OrderStatus::Cancelled || order.progress.is_empty() {
            return;
        }
        let day = day_of(order.progress[0].0);
        let k = order
            .progress
            .iter()
            .take_while(|(t, _)| day_of(*t) == day)
            .count();
        let done: Vec<(i64, i64)> = order.progress.drain(..k).collect();
        let rest = order.progress.first().map(|(t, _)| day_of(*t));
        if rest.is_none() {
            order.progress = Vec::new();
        }
        let next_report = rest.map(|d| {
            order
                .progress
                .iter()
                .filter(|(t, _)| day_of(*t) == d)
                .map(|(t, _)| *t)
                .max()
                .unwrap_or(self.now)
        });
        let constructions = done
            .iter()
            .map(|&(t, position)| ConstructionProgress {
                position,
                status: OrderStatus::Manufactured,
                at: utc(t),
            })
            .collect();
        let at = done.iter().map(|(t, _)| *t).max().unwrap_or(self.now);
        match next_report {
            Some(report) => {
                self.emit_status(o, OrderStatus::InProduction, at, constructions);
                let t = report + self.rng.range(10 * MINUTE, 40 * MINUTE);
                self.schedule(t, Action::Progress(o));
            }
            None => {
                self.emit_status(o, OrderStatus::Manufactured, at, constructions);
                // Quality control and packing: ready later today or the next day.
                let t = if tod(self.now) < hm(15, 0) && self.rng.chance(0.3) {
                    self.now + self.rng.range(2 * HOUR, 4 * HOUR)
                } else {
                    self.work_time(1, 1, hm(9, 0), hm(17, 0))
                };
                self.schedule(t, Action::Ready(o));
            }
        }
    }

    pub(super) fn ready(&mut self, o: u32) {
        let at = self.now - self.rng.range(0, 3 * MINUTE);
        self.emit_status(o, OrderStatus::Ready, at, Vec::new());
        let f = self.order_factory(o);
        self.orders[o as usize].ready_at = self.now;
        self.factories[f as usize].pool.push(o);
        if self.rng.chance(0.03) {
            let t = self.now + self.rng.range(5 * MINUTE, 60 * MINUTE);
            if self.st.files_for(o, self.orders[o as usize].dealer) {
                self.schedule(t, Action::Attach(o, Attach::Photo));
            }
        }
        let dealer = self.orders[o as usize].dealer;
        if self.st.dealers[dealer as usize].payer == Payer::Prompt {
            let t = self
                .bank_time(0, 3, hm(9, 0), hm(17, 0))
                .max(self.now + 30 * MINUTE);
            self.schedule(t, Action::PayRest(o, false));
        }
    }

    pub(super) fn cancel(&mut self, o: u32) {
        let status = self.orders[o as usize].status;
        if !matches!(status, OrderStatus::Accepted | OrderStatus::InProduction) {
            return;
        }
        let at = self.now - self.rng.range(0, 5 * MINUTE);
        self.emit_status(o, OrderStatus::Cancelled, at, Vec::new());
        let t = self.soon(HOUR, 3 * HOUR, true);
        self.schedule(t, Action::VoidCharge(o));
    }
}
