//! JSON API v1 (`/api/v1`), authenticated by the session cookie or a
//! personal token. Errors use the shape of SPEC section 5.

pub mod finance;
pub mod leads;
pub mod me;
pub mod openapi;
pub mod orders;
pub mod sync_health;
