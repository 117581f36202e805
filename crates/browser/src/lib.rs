//! Browser tests of DealerDesk in headless Chromium: the tests live in
//! `tests/` (the dealer portal in `portal.rs` and `portal/`, messages,
//! reclamations, the staff's screens), their helpers in `tests/common/`;
//! this crate has no library code.
