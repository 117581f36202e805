//! The status machines: orders and their constructions (set by the plant's
//! production system), reclamations (worked by people), leads (the funnel).
//! Each machine is a pure function `can_move(from, to)` so the appliers, the
//! use cases and the property tests share one definition.

use crate::{InvalidValue, Money};
use serde::{Deserialize, Serialize};

macro_rules! string_enum {
    ($name:ident, $field:literal, { $($variant:ident => $s:literal),* $(,)? }) => {
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),* }
            }

            pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
                match raw {
                    $($s => Ok($name::$variant),)*
                    _ => Err(InvalidValue::new($field, concat!("must be one of: ", $($s, " "),*).trim_end().to_owned())),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// Where an order (or one construction of it) is in the plant. Orders only
/// become visible to dealers once accepted (SPEC section 3), so `accepted`
/// is the first state DealerDesk knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Accepted,
    InProduction,
    Manufactured,
    Ready,
    Shipped,
    Delivered,
    Cancelled,
}

string_enum!(OrderStatus, "status", {
    Accepted => "accepted",
    InProduction => "in_production",
    Manufactured => "manufactured",
    Ready => "ready",
    Shipped => "shipped",
    Delivered => "delivered",
    Cancelled => "cancelled",
});

/// A construction moves through the same stages as its order; the order's
/// own status may lag behind the most advanced constructions (partial
/// completion) but never runs ahead of any live one (see [`lift`]).
pub type ConstructionStatus = OrderStatus;

impl OrderStatus {
    /// Position on the production line; `None` for the cancelled state,
    /// which is off the line.
    pub fn stage(self) -> Option<u8> {
        match self {
            OrderStatus::Accepted => Some(0),
            OrderStatus::InProduction => Some(1),
            OrderStatus::Manufactured => Some(2),
            OrderStatus::Ready => Some(3),
            OrderStatus::Shipped => Some(4),
            OrderStatus::Delivered => Some(5),
            OrderStatus::Cancelled => None,
        }
    }

    pub fn is_terminal(self) -> bool {
        matches!(self, OrderStatus::Delivered | OrderStatus::Cancelled)
    }

    /// Allowed moves: forward along the line (the plant may report several
    /// steps at once), or to cancelled from anything not yet delivered.
    /// Staying put is allowed so that a repeated report is harmless.
    /// Nothing leaves delivered or cancelled, and nothing moves backwards.
    pub fn can_move(self, to: OrderStatus) -> bool {
        if self == to {
            return true;
        }
        if self.is_terminal() {
            return false;
        }
        match (self.stage(), to.stage()) {
            (_, None) => true,
            (Some(a), Some(b)) => b > a,
            (None, _) => false,
        }
    }
}

/// Applies an order-level move to its constructions: every live construction
/// behind the order is brought up to it, constructions already ahead keep
/// their status, cancelled ones stay cancelled. When the whole order is
/// cancelled every construction not yet delivered is cancelled with it.
pub fn lift(order: OrderStatus, construction: ConstructionStatus) -> ConstructionStatus {
    match (order, construction) {
        (OrderStatus::Cancelled, c) if c != OrderStatus::Delivered => OrderStatus::Cancelled,
        (_, OrderStatus::Cancelled) => OrderStatus::Cancelled,
        (o, c) => match (o.stage(), c.stage()) {
            (Some(a), Some(b)) if a > b => o,
            _ => c,
        },
    }
}

/// What a construction is: the `kind` of SYNC_API.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConstructionKind {
    Window,
    Door,
    BalconyDoor,
    RollerShutter,
    Aluminium,
    Other,
}

string_enum!(ConstructionKind, "kind", {
    Window => "window",
    Door => "door",
    BalconyDoor => "balcony_door",
    RollerShutter => "roller_shutter",
    Aluminium => "aluminium",
    Other => "other",
});

/// A reclamation's life: submitted → in review → (waiting for the dealer ↔
/// in review)* → decided → closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReclamationStatus {
    Submitted,
    InReview,
    WaitingForDealer,
    Decided,
    Closed,
}

string_enum!(ReclamationStatus, "status", {
    Submitted => "submitted",
    InReview => "in_review",
    WaitingForDealer => "waiting_for_dealer",
    Decided => "decided",
    Closed => "closed",
});

impl ReclamationStatus {
    pub fn can_move(self, to: ReclamationStatus) -> bool {
        use ReclamationStatus::*;
        matches!(
            (self, to),
            (Submitted, InReview)
                | (InReview, WaitingForDealer)
                | (WaitingForDealer, InReview)
                | (InReview, Decided)
                | (Decided, Closed)
        )
    }

    /// Still in the specialists' queue.
    pub fn is_open(self) -> bool {
        !matches!(self, ReclamationStatus::Decided | ReclamationStatus::Closed)
    }
}

/// What the specialist decided. A compensation carries its amount, a
/// rejection its reason, so neither can be recorded without them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum ReclamationDecision {
    Remake,
    Repair,
    Compensation { amount: Money },
    Rejected { reason: String },
}

impl ReclamationDecision {
    pub fn kind_str(&self) -> &'static str {
        match self {
            ReclamationDecision::Remake => "remake",
            ReclamationDecision::Repair => "repair",
            ReclamationDecision::Compensation { .. } => "compensation",
            ReclamationDecision::Rejected { .. } => "rejected",
        }
    }

    pub fn compensation(amount: Money) -> Result<Self, InvalidValue> {
        if amount.minor <= 0 {
            return Err(InvalidValue::new(
                "amount",
                "a compensation must be greater than zero",
            ));
        }
        Ok(Self::Compensation { amount })
    }

    pub fn rejected(reason: &str) -> Result<Self, InvalidValue> {
        Ok(Self::Rejected {
            reason: crate::text::bounded("reason", reason, 3, 2000)?,
        })
    }
}

/// A prospective dealer's stage in the funnel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadStage {
    Lead,
    Qualified,
    Negotiation,
    ContractSigned,
    ActiveDealer,
    Lost,
}

string_enum!(LeadStage, "stage", {
    Lead => "lead",
    Qualified => "qualified",
    Negotiation => "negotiation",
    ContractSigned => "contract_signed",
    ActiveDealer => "active_dealer",
    Lost => "lost",
});

impl LeadStage {
    /// One step forward at a time (each step is a conversation the funnel
    /// report counts), or lost from any stage before the dealer is active.
    pub fn can_move(self, to: LeadStage) -> bool {
        use LeadStage::*;
        matches!(
            (self, to),
            (Lead, Qualified)
                | (Qualified, Negotiation)
                | (Negotiation, ContractSigned)
                | (ContractSigned, ActiveDealer)
        ) || (to == Lost && !matches!(self, ActiveDealer | Lost))
    }
}

/// What a manager logs on a dealer's history besides messages: a call, a
/// meeting, or a note to self and colleagues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    Call,
    Meeting,
    Note,
}

string_enum!(ActivityKind, "kind", {
    Call => "call",
    Meeting => "meeting",
    Note => "note",
});

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn order_status() -> impl Strategy<Value = OrderStatus> {
        prop::sample::select(OrderStatus::ALL)
    }

    #[test]
    fn names_round_trip() {
        for s in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(s.as_str()), Ok(*s));
        }
        for s in ReclamationStatus::ALL {
            assert_eq!(ReclamationStatus::parse(s.as_str()), Ok(*s));
        }
        for s in LeadStage::ALL {
            assert_eq!(LeadStage::parse(s.as_str()), Ok(*s));
        }
        for s in ConstructionKind::ALL {
            assert_eq!(ConstructionKind::parse(s.as_str()), Ok(*s));
        }
        assert!(OrderStatus::parse("lost").is_err());
    }

    #[test]
    fn order_examples() {
        use OrderStatus::*;
        assert!(Accepted.can_move(InProduction));
        assert!(Accepted.can_move(Ready));
        assert!(Ready.can_move(Cancelled));
        assert!(!Ready.can_move(InProduction));
        assert!(!Delivered.can_move(Cancelled));
        assert!(!Cancelled.can_move(Accepted));
    }

    #[test]
    fn reclamation_examples() {
        use ReclamationStatus::*;
        assert!(Submitted.can_move(InReview));
        assert!(!Submitted.can_move(Decided));
        assert!(WaitingForDealer.can_move(InReview));
        assert!(!Closed.can_move(InReview));
        assert!(
            ReclamationDecision::compensation(crate::Money::new(0, crate::Currency::UAH)).is_err()
        );
        assert!(ReclamationDecision::rejected("  ").is_err());
    }

    proptest! {
        /// Following only allowed moves, an order never goes back along the
        /// line and never leaves a terminal state.
        #[test]
        fn orders_only_move_forward(moves in prop::collection::vec(order_status(), 0..30)) {
            let mut cur = OrderStatus::Accepted;
            for to in moves {
                if cur.can_move(to) {
                    if let (Some(a), Some(b)) = (cur.stage(), to.stage()) {
                        prop_assert!(b >= a);
                    }
                    if cur.is_terminal() {
                        prop_assert_eq!(cur, to);
                    }
                    cur = to;
                }
            }
        }

        /// Every state is reachable from accepted, and from every state
        /// except the terminal ones the order can still be cancelled.
        #[test]
        fn reachable_and_cancellable(s in order_status()) {
            prop_assert!(OrderStatus::Accepted.can_move(s));
            prop_assert_eq!(s.can_move(OrderStatus::Cancelled), s != OrderStatus::Delivered);
        }

        /// Lifting keeps the invariant the order page relies on: no live
        /// construction is behind its order, and lifting twice changes nothing.
        #[test]
        fn lift_invariant(constructions in prop::collection::vec(order_status(), 1..8), moves in prop::collection::vec(order_status(), 0..12)) {
            let mut order = OrderStatus::Accepted;
            let mut cs: Vec<OrderStatus> = constructions.into_iter().map(|c| lift(order, c)).collect();
            for to in moves {
                if !order.can_move(to) { continue; }
                order = to;
                cs = cs.into_iter().map(|c| lift(order, c)).collect();
                for &c in &cs {
                    prop_assert_eq!(lift(order, c), c);
                    if c != OrderStatus::Cancelled
                        && let (Some(a), Some(b)) = (order.stage(), c.stage()) {
                            prop_assert!(b >= a, "construction {c} behind order {order}");
                        }
                    if order == OrderStatus::Cancelled {
                        prop_assert!(matches!(c, OrderStatus::Cancelled | OrderStatus::Delivered));
                    }
                }
            }
        }

        /// A reclamation reaches closed only through a decision, and nothing
        /// leaves closed.
        #[test]
        fn reclamations_close_only_after_decision(moves in prop::collection::vec(prop::sample::select(ReclamationStatus::ALL), 0..30)) {
            let mut cur = ReclamationStatus::Submitted;
            let mut decided = false;
            for to in moves {
                if cur.can_move(to) {
                    prop_assert!(cur != ReclamationStatus::Closed);
                    if to == ReclamationStatus::Decided { decided = true; }
                    if to == ReclamationStatus::Closed { prop_assert!(decided); }
                    cur = to;
                }
            }
        }

        /// Leads advance one stage at a time; lost and active are final.
        #[test]
        fn leads_step_by_step(moves in prop::collection::vec(prop::sample::select(LeadStage::ALL), 0..30)) {
            let idx = |s: LeadStage| LeadStage::ALL.iter().position(|x| *x == s).unwrap_or(0);
            let mut cur = LeadStage::Lead;
            for to in moves {
                if cur.can_move(to) {
                    prop_assert!(!matches!(cur, LeadStage::Lost | LeadStage::ActiveDealer));
                    if to != LeadStage::Lost { prop_assert_eq!(idx(to), idx(cur) + 1); }
                    cur = to;
                }
            }
        }
    }
}
