//! The accounting system: ledger entries for opening balances, charges,
//! payments (now and then posted twice and voided), refunds, delivery
//! charges, compensations and reconciliation adjustments. Each dealer's
//! postings are kept so the balance rule can be applied to them.

use super::clock::*;
use super::dealers::Payer;
use super::{Action, PlantEvents};
use dealerdesk_domain::ledger::{Posting, balance};
use dealerdesk_domain::model::SourceKind;
use dealerdesk_domain::{Currency, LedgerKind, OrderStatus};
use dealerdesk_sync::events::*;
use std::sync::Arc;

/// The accounting system's id of a ledger entry, e.g. `KH-BK-0000123`.
fn entry_id(factory_code: &str, seq: u32) -> String {
    format!("{factory_code}-BK-{seq:07}")
}

/// A posted entry: whose, which of the dealer's postings, and its number.
#[derive(Debug)]
pub(super) struct EntryRt {
    pub(super) dealer: u32,
    posting: u32,
    /// The factory's running entry number.
    pub(super) seq: u32,
}

impl PlantEvents {
    /// Posts a ledger entry; returns its index.
    fn post(
        &mut self,
        dealer: u32,
        kind: LedgerKind,
        amount_minor: i64,
        order: Option<u32>,
        description: String,
    ) -> u32 {
        let f = self.st.dealers[dealer as usize].factory;
        let fr = &mut self.factories[f as usize];
        fr.entry_seq += 1;
        let seq = fr.entry_seq;
        let entry_id = entry_id(&self.st.factories[f as usize].code, seq);
        let rt = &mut self.dealers[dealer as usize];
        rt.postings.push(Posting {
            kind,
            amount_minor,
            voided: false,
        });
        let index = self.entries.len() as u32;
        self.entries.push(EntryRt {
            dealer,
            posting: (rt.postings.len() - 1) as u32,
            seq,
        });
        let data = EventData::LedgerEntryPosted(LedgerEntryPosted {
            entry_id,
            dealer_code: self.st.dealers[dealer as usize].code.clone(),
            kind,
            amount_minor,
            currency: Currency::UAH,
            posted_on: date_string(day_of(self.now)),
            order_number: order.map(|o| self.orders[o as usize].number.clone()),
            description: Some(description),
        });
        self.emit(f, SourceKind::Accounting, 1, data);
        index
    }

    pub(super) fn void(&mut self, entry: u32, reason: String) {
        let e = &self.entries[entry as usize];
        let (dealer, posting, seq) = (e.dealer, e.posting, e.seq);
        self.dealers[dealer as usize].postings[posting as usize].voided = true;
        let f = self.st.dealers[dealer as usize].factory;
        let entry_id = entry_id(&self.st.factories[f as usize].code, seq);
        self.emit(
            f,
            SourceKind::Accounting,
            2,
            EventData::LedgerEntryVoided(LedgerEntryVoided { entry_id, reason }),
        );
    }

    /// A payment from the dealer for an order; now and then the accountant
    /// posts it twice and voids the copy a few days later.
    pub(super) fn pay(&mut self, o: u32, amount: i64, description: String) {
        let dealer = self.orders[o as usize].dealer;
        self.post(
            dealer,
            LedgerKind::Payment,
            amount,
            Some(o),
            description.clone(),
        );
        self.orders[o as usize].paid += amount;
        if self.rng.chance(0.001) {
            let copy = self.post(dealer, LedgerKind::Payment, amount, Some(o), description);
            let t = self.bank_time(1, 5, hm(10, 0), hm(16, 0));
            self.schedule(t, Action::VoidDuplicate(copy));
        }
    }

    pub(super) fn opening(&mut self, d: u32) {
        let ds = &self.st.dealers[d as usize];
        let (factory, amount, code) = (ds.factory, ds.opening, ds.code.clone());
        self.dealers[d as usize].opening = amount;
        let data = EventData::LedgerOpeningBalance(LedgerOpeningBalance {
            dealer_code: code,
            as_of: date_string(self.st.start_day),
            amount_minor: amount,
            currency: Currency::UAH,
        });
        self.emit(factory, SourceKind::Accounting, 1, data);
    }

    pub(super) fn charge(&mut self, o: u32) {
        let order = &self.orders[o as usize];
        let (dealer, total, description) = (
            order.dealer,
            order.total,
            format!("Замовлення {}", order.number),
        );
        let e = self.post(
            dealer,
            LedgerKind::Charge,
            total.max(1),
            Some(o),
            description,
        );
        let order = &mut self.orders[o as usize];
        order.charge = Some(e);
        order.billed += total.max(1);
    }

    pub(super) fn prepay(&mut self, o: u32) {
        let order = &self.orders[o as usize];
        if order.status == OrderStatus::Cancelled {
            return;
        }
        let pct = self.rng.range(50, 71);
        let amount = (order.total * pct / 100 / 100) * 100;
        if amount <= 0 {
            return;
        }
        let description = format!("Передоплата {pct}% за замовлення {}", order.number);
        self.pay(o, amount, description);
    }

    pub(super) fn void_charge(&mut self, o: u32) {
        let Some(charge) = self.orders[o as usize].charge else {
            // Not charged yet: the accountant voids it once it is posted.
            let t = self.bank_time(1, 1, hm(9, 0), hm(12, 0));
            self.schedule(t, Action::VoidCharge(o));
            return;
        };
        let number = self.orders[o as usize].number.clone();
        if self.rng.chance(0.75) {
            self.void(charge, format!("Замовлення {number} скасовано"));
        } else {
            // Some accountants reverse with a storno entry instead of voiding.
            let (dealer, total) = (
                self.orders[o as usize].dealer,
                self.orders[o as usize].total.max(1),
            );
            let description = format!("Сторно нарахування: замовлення {number} скасовано");
            self.post(dealer, LedgerKind::Adjustment, -total, Some(o), description);
        }
        let order = &mut self.orders[o as usize];
        order.billed -= order.total.max(1);
        if order.paid > 0 && self.rng.chance(0.7) {
            let t = self.bank_time(2, 7, hm(9, 0), hm(17, 0));
            self.schedule(t, Action::Refund(o));
        }
    }

    pub(super) fn refund(&mut self, o: u32) {
        let order = &self.orders[o as usize];
        let (dealer, amount) = (order.dealer, order.paid);
        if amount <= 0 {
            return;
        }
        let description = format!("Повернення коштів за скасоване замовлення {}", order.number);
        self.post(dealer, LedgerKind::Refund, amount, Some(o), description);
        self.orders[o as usize].paid -= amount;
    }

    pub(super) fn delivery_charge(&mut self, o: u32) {
        let st = Arc::clone(&self.st);
        let order = &self.orders[o as usize];
        let Some(trip) = order.trip else { return };
        let t = &self.trips[trip as usize];
        let travel = st.travel(t.factory as usize, t.region);
        let amount = ((travel * 4 + 200 + self.rng.range(-50, 80)) / 10 * 10) * 100;
        let description = format!("Доставка замовлення {}, рейс {}", order.number, t.number);
        let dealer = order.dealer;
        self.post(
            dealer,
            LedgerKind::DeliveryCharge,
            amount,
            Some(o),
            description,
        );
        self.orders[o as usize].billed += amount;
        if st.dealers[dealer as usize].payer == Payer::Prompt && self.rng.chance(0.85) {
            let t = self.bank_time(3, 10, hm(9, 0), hm(17, 0));
            self.schedule(t, Action::PayRest(o, false));
        }
    }

    pub(super) fn pay_rest(&mut self, o: u32, partial: bool) {
        let order = &self.orders[o as usize];
        if order.status == OrderStatus::Cancelled {
            return;
        }
        let outstanding = order.billed - order.paid;
        let amount = if partial {
            outstanding / 2
        } else {
            outstanding
        };
        if amount <= 0 {
            return;
        }
        let description = if partial {
            format!("Часткова оплата за замовлення {}", order.number)
        } else {
            format!("Оплата за замовлення {}", order.number)
        };
        self.pay(o, amount, description);
    }

    pub(super) fn compensation(&mut self, o: u32) {
        let f = self.order_factory(o);
        let pct = self.rng.range(3, 16);
        let order = &self.orders[o as usize];
        let amount = (order.total * pct / 100 / 100).max(100) * 100;
        let dealer = order.dealer;
        let fr = &mut self.factories[f as usize];
        fr.reclamation_seq += 1;
        let description = format!(
            "Компенсація за рекламацією № {}-Р-{:05}, замовлення {}",
            self.st.factories[f as usize].code, fr.reclamation_seq, order.number
        );
        self.post(
            dealer,
            LedgerKind::Compensation,
            amount,
            Some(o),
            description,
        );
        self.orders[o as usize].paid += amount;
    }

    pub(super) fn refund_credit(&mut self, d: u32) {
        let rt = &self.dealers[d as usize];
        let credit = -balance(rt.opening, &rt.postings).unwrap_or(0);
        if credit < 100_000 || self.rng.chance(0.5) {
            return;
        }
        let amount = credit / 100 * 100;
        self.post(
            d,
            LedgerKind::Refund,
            amount,
            None,
            "Повернення переплати згідно з листом дилера".to_owned(),
        );
    }

    pub(super) fn adjustment(&mut self, d: u32) {
        let mut amount = self.rng.range(100, 50_000);
        if self.rng.chance(0.5) {
            amount = -amount;
        }
        let (y, m, _) = civil(day_of(self.now));
        let quarter = ["I", "II", "III", "IV"][((m - 1) / 3) as usize];
        let description = format!("Коригування за актом звірки за {quarter} квартал {y} р.");
        self.post(d, LedgerKind::Adjustment, amount, None, description);
    }
}
