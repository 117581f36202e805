//! Typed identifiers. Every aggregate's key is its own type, so a dealer id
//! can never be passed where an order id is expected. Keys are `i64` because
//! both databases generate them and both drivers decode them without loss.

use serde::{Deserialize, Serialize};

macro_rules! typed_id {
    ($($name:ident),* $(,)?) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            pub fn get(self) -> i64 {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

typed_id!(
    FactoryId,
    DealerId,
    UserId,
    OrderId,
    ConstructionId,
    ShipmentId,
    LedgerEntryId,
    ReclamationId,
    ThreadId,
    MessageId,
    NotificationId,
    NewsId,
    InfoPageId,
    AuditId,
    SourceId,
    SourceKeyId,
    AttachmentId,
    TokenId,
    InvitationId,
    TaskId,
    ContactId,
    PointId,
    ActivityId,
);
