//! Browser tests of the dealer portal in headless Chromium: the tests live
//! in `tests/portal.rs`; this crate has no library code.
