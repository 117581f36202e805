//! The balance rule of SYNC_API.md. A positive balance means the dealer owes
//! the plant. Charges and delivery charges raise it, payments and
//! compensations lower it, refunds raise it back, adjustments add their
//! signed amount; a voided entry no longer counts.

use crate::InvalidValue;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LedgerKind {
    Charge,
    Payment,
    Compensation,
    DeliveryCharge,
    Refund,
    Adjustment,
}

impl LedgerKind {
    pub const ALL: [LedgerKind; 6] = [
        LedgerKind::Charge,
        LedgerKind::Payment,
        LedgerKind::Compensation,
        LedgerKind::DeliveryCharge,
        LedgerKind::Refund,
        LedgerKind::Adjustment,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LedgerKind::Charge => "charge",
            LedgerKind::Payment => "payment",
            LedgerKind::Compensation => "compensation",
            LedgerKind::DeliveryCharge => "delivery_charge",
            LedgerKind::Refund => "refund",
            LedgerKind::Adjustment => "adjustment",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == raw)
            .ok_or_else(|| InvalidValue::new("kind", "must be one of charge, payment, compensation, delivery_charge, refund, adjustment"))
    }

    /// Checks the amount a source may send for this kind: positive, except
    /// an adjustment, which is signed but never zero.
    pub fn check_amount(self, amount_minor: i64) -> Result<(), InvalidValue> {
        match self {
            LedgerKind::Adjustment if amount_minor == 0 => Err(InvalidValue::new(
                "amount_minor",
                "an adjustment must not be zero",
            )),
            LedgerKind::Adjustment => Ok(()),
            _ if amount_minor <= 0 => Err(InvalidValue::new(
                "amount_minor",
                "must be greater than zero",
            )),
            _ => Ok(()),
        }
    }
}

/// How much an entry changes what the dealer owes. `None` only on overflow
/// (`-i64::MIN`), which `check_amount` already refuses for all but adjustments.
pub fn balance_effect(kind: LedgerKind, amount_minor: i64) -> Option<i64> {
    match kind {
        LedgerKind::Charge
        | LedgerKind::DeliveryCharge
        | LedgerKind::Refund
        | LedgerKind::Adjustment => Some(amount_minor),
        LedgerKind::Payment | LedgerKind::Compensation => amount_minor.checked_neg(),
    }
}

/// One entry as the balance rule sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub kind: LedgerKind,
    pub amount_minor: i64,
    pub voided: bool,
}

/// The balance after an opening balance and a set of entries, in any order.
/// The read model keeps this incrementally; this is the reference it is
/// checked against.
pub fn balance(opening_minor: i64, entries: &[Posting]) -> Option<i64> {
    entries
        .iter()
        .filter(|e| !e.voided)
        .try_fold(opening_minor, |acc, e| {
            acc.checked_add(balance_effect(e.kind, e.amount_minor)?)
        })
}

/// What one dealer's day did to its account, as `ledger_daily` keeps it:
/// the net change, its two sides and the number of statement lines. A
/// statement page takes its totals, its place and its first running balance
/// from these instead of reading every entry of the period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DaySums {
    /// The net change of the balance (`debit - credit`).
    pub delta: i64,
    /// Counted entries that raised the balance.
    pub debit: i64,
    /// Counted entries that lowered it (a positive number).
    pub credit: i64,
    /// Lines on a statement, voided entries included.
    pub entries: i64,
}

impl DaySums {
    /// Adds (`sign = 1`) or takes back (`-1`) an entry's effect on the
    /// balance; voided entries have an effect of 0.
    pub fn count_effect(&mut self, effect: i64, sign: i64) {
        self.delta += sign * effect;
        if effect > 0 {
            self.debit += sign * effect;
        } else {
            self.credit -= sign * effect;
        }
    }

    /// Adds (`1`) or takes back (`-1`) one line.
    pub fn count_line(&mut self, sign: i64) {
        self.entries += sign;
    }

    pub fn add(&mut self, other: &DaySums) {
        self.delta += other.delta;
        self.debit += other.debit;
        self.credit += other.credit;
        self.entries += other.entries;
    }

    pub fn is_zero(&self) -> bool {
        *self == DaySums::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_rule() {
        let e = |kind, amount_minor| Posting {
            kind,
            amount_minor,
            voided: false,
        };
        let entries = [
            e(LedgerKind::Charge, 10_000),
            e(LedgerKind::DeliveryCharge, 500),
            e(LedgerKind::Payment, 4_000),
            e(LedgerKind::Compensation, 1_000),
            e(LedgerKind::Refund, 200),
            e(LedgerKind::Adjustment, -300),
            Posting {
                kind: LedgerKind::Charge,
                amount_minor: 99_999,
                voided: true,
            },
        ];
        assert_eq!(
            balance(1_000, &entries),
            Some(1_000 + 10_000 + 500 - 4_000 - 1_000 + 200 - 300)
        );
    }

    #[test]
    fn day_sums_split_debit_and_credit_and_undo() {
        let mut d = DaySums::default();
        d.count_effect(10_000, 1);
        d.count_effect(-4_000, 1);
        d.count_line(1);
        d.count_line(1);
        assert_eq!(
            d,
            DaySums {
                delta: 6_000,
                debit: 10_000,
                credit: 4_000,
                entries: 2
            }
        );
        d.count_effect(-4_000, -1);
        d.count_effect(10_000, -1);
        d.count_line(-1);
        d.count_line(-1);
        assert!(d.is_zero());
    }

    #[test]
    fn amounts() {
        assert!(LedgerKind::Payment.check_amount(0).is_err());
        assert!(LedgerKind::Payment.check_amount(-1).is_err());
        assert!(LedgerKind::Adjustment.check_amount(-1).is_ok());
        assert!(LedgerKind::Adjustment.check_amount(0).is_err());
        for k in LedgerKind::ALL {
            assert_eq!(LedgerKind::parse(k.as_str()), Ok(k));
        }
    }

    fn posting() -> impl Strategy<Value = Posting> {
        (
            0usize..6,
            1i64..10_000_000_000,
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(k, a, neg, voided)| {
                let kind = LedgerKind::ALL[k];
                let amount_minor = if kind == LedgerKind::Adjustment && neg {
                    -a
                } else {
                    a
                };
                Posting {
                    kind,
                    amount_minor,
                    voided,
                }
            })
    }

    proptest! {
        /// The plant's systems send entries in any order: the balance must not care.
        #[test]
        fn order_does_not_matter(opening in -1_000_000_000i64..1_000_000_000, mut entries in prop::collection::vec(posting(), 0..60), seed in any::<u64>()) {
            let reference = balance(opening, &entries);
            let n = entries.len();
            if n > 1 {
                let mut s = seed;
                for i in (1..n).rev() {
                    s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    entries.swap(i, (s >> 33) as usize % (i + 1));
                }
            }
            prop_assert_eq!(balance(opening, &entries), reference);
        }

        /// Voiding an entry is the same as never having posted it.
        #[test]
        fn void_is_removal(opening in -1_000_000i64..1_000_000, entries in prop::collection::vec(posting(), 1..40), pick in any::<prop::sample::Index>()) {
            let i = pick.index(entries.len());
            let mut voided = entries.clone();
            voided[i].voided = true;
            let mut removed = entries.clone();
            removed.remove(i);
            prop_assert_eq!(balance(opening, &voided), balance(opening, &removed));
        }

        /// Incremental maintenance (what the read model does on each event)
        /// agrees with recomputing from scratch, including voids afterwards.
        #[test]
        fn incremental_equals_recomputed(opening in -1_000_000i64..1_000_000, entries in prop::collection::vec(posting(), 0..40), voids in prop::collection::vec(any::<prop::sample::Index>(), 0..10)) {
            let mut running = opening;
            let mut live: Vec<Posting> = entries.iter().map(|e| Posting { voided: false, ..*e }).collect();
            for e in &live {
                running += balance_effect(e.kind, e.amount_minor).unwrap_or(0);
            }
            if !live.is_empty() {
                for v in voids {
                    let i = v.index(live.len());
                    if !live[i].voided {
                        live[i].voided = true;
                        running -= balance_effect(live[i].kind, live[i].amount_minor).unwrap_or(0);
                    }
                }
            }
            prop_assert_eq!(Some(running), balance(opening, &live));
        }

        /// Payments and compensations never raise the debt; charges never lower it.
        #[test]
        fn signs(e in posting()) {
            let eff = balance_effect(e.kind, e.amount_minor).unwrap_or(0);
            match e.kind {
                LedgerKind::Payment | LedgerKind::Compensation => prop_assert!(eff < 0),
                LedgerKind::Charge | LedgerKind::DeliveryCharge | LedgerKind::Refund => prop_assert!(eff > 0),
                LedgerKind::Adjustment => prop_assert_eq!(eff, e.amount_minor),
            }
        }
    }
}
