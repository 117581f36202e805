//! The sync API's side of DealerDesk: the plant's event types, their
//! validation, and the appliers that turn events into the read model.

pub mod apply;
pub mod events;
pub mod import;
pub mod ingest;
pub mod reconcile;
pub mod recount;
pub mod schema;
pub mod validate;
pub mod worker;
