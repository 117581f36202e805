//! A run's own identifiers. The simulator may play against a server that
//! already holds the demo plant (same generator, same codes) or an earlier
//! run; appending a run tag to every code, number and id keeps each run's
//! entities its own, so what it checks afterwards is what it sent.

use dealerdesk_sync::events::{Event, EventData};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Namespace {
    suffix: String,
}

impl Namespace {
    /// `tag` must be Latin letters and digits (it becomes part of codes).
    pub fn new(tag: &str) -> Self {
        let clean: String = tag
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(12)
            .collect();
        Self {
            suffix: if clean.is_empty() {
                String::new()
            } else {
                format!("-S{clean}")
            },
        }
    }

    /// No renaming at all.
    pub fn none() -> Self {
        Self {
            suffix: String::new(),
        }
    }

    pub fn name(&self, id: &str) -> String {
        format!("{id}{}", self.suffix)
    }

    fn apply(&self, s: &mut String) {
        s.push_str(&self.suffix);
    }

    /// Renames every identifier in `e`.
    pub fn rename(&self, e: &mut Event) {
        if self.suffix.is_empty() {
            return;
        }
        self.apply(&mut e.event_id);
        match &mut e.data {
            EventData::DealerUpserted(d) => self.apply(&mut d.code),
            EventData::OrderUpserted(o) => {
                self.apply(&mut o.number);
                self.apply(&mut o.dealer_code);
            }
            EventData::OrderStatusChanged(s) => self.apply(&mut s.number),
            EventData::ShipmentUpserted(s) => {
                self.apply(&mut s.trip);
                s.orders.iter_mut().for_each(|n| self.apply(n));
            }
            EventData::AttachmentAdded(a) => {
                self.apply(&mut a.attachment_id);
                self.apply(&mut a.order_number);
            }
            EventData::LedgerOpeningBalance(b) => self.apply(&mut b.dealer_code),
            EventData::LedgerEntryPosted(p) => {
                self.apply(&mut p.entry_id);
                self.apply(&mut p.dealer_code);
                if let Some(n) = &mut p.order_number {
                    self.apply(n);
                }
            }
            EventData::LedgerEntryVoided(v) => self.apply(&mut v.entry_id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generator::{FactoryPlan, PlantConfig, PlantGenerator};
    use dealerdesk_sync::validate::{Limits, validate_event};

    #[test]
    fn renamed_events_stay_valid_and_distinct() {
        let g = PlantGenerator::new(PlantConfig {
            seed: 3,
            factories: vec![FactoryPlan::new("KH")],
            dealers_per_factory: 4,
            orders: 40,
            start: time::macros::date!(2026 - 01 - 01),
            end: time::macros::date!(2026 - 02 - 28),
        })
        .expect("plant");
        let ns = Namespace::new("run7");
        for mut sent in g.events() {
            let before = sent.event.clone();
            ns.rename(&mut sent.event);
            assert_ne!(before.event_id, sent.event.event_id);
            assert_ne!(before.entity_key(), sent.event.entity_key());
            let again = validate_event(&sent.event.to_json(), sent.source, &Limits::default());
            assert_eq!(again, Ok(sent.event.clone()));
        }
        assert_eq!(ns.name("KH-D0001"), "KH-D0001-Srun7");
        assert_eq!(Namespace::new("!!").name("X"), "X");
    }
}
