//! Test support: a fresh database per test on either backend, and (in
//! `app`) the real server started on port 0. Tests never share state and
//! never depend on leftovers: every database is created for one test and
//! dropped when its guard goes.

pub mod app;
pub mod db;
pub mod fixtures;
pub mod net;
pub mod smtp;

pub use app::{TestApp, spawn_app, spawn_app_behind_proxy, spawn_app_full};
pub use db::{TestBackend, TestDb};
pub use smtp::SmtpSink;

/// Runs an async test body once on SQLite and once on PostgreSQL, as two
/// tests named `<name>::sqlite` and `<name>::postgres`. This is what makes
/// the store tests a conformance suite: the same assertions on both engines.
#[macro_export]
macro_rules! both_backends {
    ($(#[$meta:meta])* async fn $name:ident($db:ident) $body:block $($rest:tt)*) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let $db = $crate::TestDb::new($crate::TestBackend::Sqlite).await;
                $body
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let $db = $crate::TestDb::new($crate::TestBackend::Postgres).await;
                $body
            }
        }
        $crate::both_backends!($($rest)*);
    };
    () => {};
}

/// Like [`both_backends!`] for tests that need the running server:
/// `async fn name(app) { … }` gets a [`TestApp`] on each backend.
#[macro_export]
macro_rules! both_backends_app {
    ($(#[$meta:meta])* async fn $name:ident($app:ident) $body:block $($rest:tt)*) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let $app = $crate::spawn_app($crate::TestBackend::Sqlite).await;
                $body
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let $app = $crate::spawn_app($crate::TestBackend::Postgres).await;
                $body
            }
        }
        $crate::both_backends_app!($($rest)*);
    };
    () => {};
}
