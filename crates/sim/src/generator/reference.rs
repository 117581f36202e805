//! The expected end state ([`Reference`]): what DealerDesk must show once
//! it has applied every event, computed from the simulation's own state
//! rather than by replaying the events.

use super::PlantEvents;
use dealerdesk_domain::OrderStatus;
use dealerdesk_domain::ledger::balance;
use std::collections::BTreeMap;

/// The end state DealerDesk must reach once it has applied everything.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reference {
    /// By order number (numbers carry the factory code, so they are unique).
    pub orders: BTreeMap<String, ExpectedOrder>,
    /// By dealer code.
    pub dealers: BTreeMap<String, ExpectedDealer>,
    /// By factory code: how many events each of its systems sent.
    pub sent: BTreeMap<String, SentCounts>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedOrder {
    pub factory_code: String,
    pub dealer_code: String,
    pub status: OrderStatus,
    pub total_minor: i64,
    pub trip: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedDealer {
    pub factory_code: String,
    pub active: bool,
    pub manager_email: String,
    pub opening_minor: i64,
    /// By the balance rule (`dealerdesk_domain::ledger::balance`): positive
    /// means the dealer owes the plant.
    pub balance_minor: i64,
    /// Entries posted, including voided ones.
    pub entries: usize,
    pub voided_entries: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SentCounts {
    pub production: u64,
    pub accounting: u64,
}

impl Reference {
    /// How many orders end in each status.
    pub fn status_counts(&self) -> BTreeMap<&'static str, usize> {
        let mut m = BTreeMap::new();
        for o in self.orders.values() {
            *m.entry(o.status.as_str()).or_insert(0) += 1;
        }
        m
    }

    /// The sum of all dealers' balances of one factory.
    pub fn factory_balance(&self, factory_code: &str) -> i64 {
        self.dealers
            .values()
            .filter(|d| d.factory_code == factory_code)
            .map(|d| d.balance_minor)
            .sum()
    }
}

impl PlantEvents {
    /// The state reached by the events generated so far; once the iterator
    /// is exhausted, the end state
    /// ([`PlantGenerator::reference`](super::PlantGenerator::reference)).
    pub fn reference(&self) -> Reference {
        let st = &self.st;
        let mut r = Reference::default();
        for o in &self.orders {
            let d = &st.dealers[o.dealer as usize];
            r.orders.insert(
                o.number.clone(),
                ExpectedOrder {
                    factory_code: st.factories[d.factory as usize].code.clone(),
                    dealer_code: d.code.clone(),
                    status: o.status,
                    total_minor: o.total,
                    trip: o.trip.map(|t| self.trips[t as usize].number.clone()),
                },
            );
        }
        for (d, rt) in st.dealers.iter().zip(&self.dealers) {
            if rt.version == 0 {
                continue;
            }
            let f = &st.factories[d.factory as usize];
            r.dealers.insert(
                d.code.clone(),
                ExpectedDealer {
                    factory_code: f.code.clone(),
                    active: rt.active,
                    manager_email: f.managers[rt.manager].clone(),
                    opening_minor: rt.opening,
                    // Amounts are far from i64's range, so this never overflows.
                    balance_minor: balance(rt.opening, &rt.postings).unwrap_or(i64::MAX),
                    entries: rt.postings.len(),
                    voided_entries: rt.postings.iter().filter(|p| p.voided).count(),
                },
            );
        }
        for (f, rt) in st.factories.iter().zip(&self.factories) {
            r.sent.insert(
                f.code.clone(),
                SentCounts {
                    production: rt.production_seq,
                    accounting: rt.accounting_seq,
                },
            );
        }
        r
    }
}
