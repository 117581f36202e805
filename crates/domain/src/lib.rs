//! The rules of DealerDesk with no I/O: typed identifiers, values that cannot
//! be invalid once constructed, the status machines, the ledger arithmetic and
//! the permission policy. Every other crate builds on these types, so a rule
//! written here holds everywhere (the web, the sync appliers, the CLI).

pub mod crm;
pub mod email;
pub mod file;
pub mod ids;
pub mod lead;
pub mod ledger;
pub mod model;
pub mod money;
pub mod norms;
pub mod notification;
pub mod phone;
pub mod photo;
pub mod policy;
pub mod role;
pub mod status;
pub mod text;
pub mod time;

pub use email::Email;
pub use ids::*;
pub use ledger::{DaySums, LedgerKind, balance_effect};
pub use money::{Currency, Money};
pub use phone::Phone;
pub use policy::{Actor, DealerRef, DealerScope, Home, Purpose};
pub use role::Role;
pub use status::{
    ActivityKind, ConstructionKind, ConstructionStatus, LeadStage, OrderStatus,
    ReclamationDecision, ReclamationStatus,
};
pub use time::Timestamp;

/// A value failed its constructor's validation. `field` names what was being
/// parsed so a caller can point at the right input; `message` is for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct InvalidValue {
    pub field: &'static str,
    pub message: String,
}

impl InvalidValue {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}
