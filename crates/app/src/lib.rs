//! Use cases: every read and write a person or a worker can do. Each takes
//! the acting principal first and authorises there, so the web layer stays
//! thin and a rule cannot be forgotten by one of several callers.

pub mod admin;
pub mod analytics;
pub mod attention;
pub mod audit_log;
pub mod auth;
pub mod brand;
pub mod company;
pub mod content;
pub mod crm;
pub mod dashboard;
pub mod error;
pub mod factories;
pub mod finance;
pub mod info;
pub mod info_desk;
pub mod jobs;
pub mod leads;
pub mod live;
pub mod messages;
pub mod notification_mail;
pub mod notification_prefs;
pub mod notifications;
pub mod order_list;
pub mod orders;
pub mod password;
pub mod reclamations;
mod scope;
pub mod secret;
pub mod sources;
pub mod sync_health;
pub mod tasks;
pub mod templates;
mod touches;
pub mod uploads;
pub mod users;
pub mod wakeups;

pub use error::{AppError, FieldError};

use dealerdesk_store::{Repos, Store};
use std::time::Duration;

pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// Tunables of the use cases. The binary fills these from its layered
/// settings; tests shorten the slow ones.
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// A session ends after this long without a request...
    pub session_idle: Duration,
    /// ...and in any case this long after login.
    pub session_max: Duration,
    pub invitation_ttl: Duration,
    /// Failures allowed per account and per address before a delay starts.
    pub throttle_free_failures: i64,
    /// The first delay; each further failure doubles it, up to the cap.
    pub throttle_base_delay: Duration,
    pub throttle_max_delay: Duration,
    /// Failures older than this are forgotten.
    pub throttle_window: Duration,
    pub argon2: password::Argon2Params,
    /// Where links in e-mails and CLI output point, e.g. `https://dealers.example.com`.
    pub public_url: String,
    /// Notification e-mails: how they are gathered and retried.
    pub email: EmailPolicy,
}

/// How notifications become e-mails (SPEC 4.4): a person's notifications
/// wait `window` from the first, then go as one e-mail; a failed send is
/// tried again after `retry_base`, doubling up to `retry_max`, at most
/// `max_attempts` times.
#[derive(Debug, Clone)]
pub struct EmailPolicy {
    pub window: Duration,
    pub retry_base: Duration,
    pub retry_max: Duration,
    pub max_attempts: i64,
    /// How long a claimed e-mail is left to its sender before another
    /// worker may try it (a sender that died mid-send).
    pub lease: Duration,
}

impl Default for EmailPolicy {
    fn default() -> Self {
        Self {
            window: Duration::from_secs(60),
            retry_base: Duration::from_secs(30),
            retry_max: Duration::from_secs(3600),
            max_attempts: 12,
            lease: Duration::from_secs(300),
        }
    }
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            session_idle: Duration::from_secs(12 * 3600),
            session_max: Duration::from_secs(30 * 24 * 3600),
            invitation_ttl: Duration::from_secs(72 * 3600),
            throttle_free_failures: 5,
            throttle_base_delay: Duration::from_secs(2),
            throttle_max_delay: Duration::from_secs(15 * 60),
            throttle_window: Duration::from_secs(15 * 60),
            argon2: password::Argon2Params::default(),
            public_url: "http://127.0.0.1:8080".to_owned(),
            email: EmailPolicy::default(),
        }
    }
}

/// The application: the store and the settings every use case needs.
/// Cheap to clone; one per process, shared by web handlers and workers.
#[derive(Clone, Debug)]
pub struct App {
    pub store: Store,
    pub config: std::sync::Arc<AppConfig>,
    /// Wakes live streams after notifications are committed.
    pub live: live::Live,
    /// Factories, read once: every portal page needs its factory's code
    /// and time zone, and factories change only when one is created.
    /// Whatever edits one later must call [`App::forget_factories`].
    factories: std::sync::Arc<
        std::sync::RwLock<std::collections::HashMap<i64, dealerdesk_domain::model::Factory>>,
    >,
    /// Which sessions and tokens had their "seen at" written this minute.
    touches: std::sync::Arc<touches::Touches>,
}

/// The zone for people who work for every factory (the administrator).
pub const DEFAULT_TIMEZONE: &str = "Europe/Kyiv";

impl App {
    pub fn new(store: Store, config: AppConfig) -> Self {
        Self {
            store,
            config: std::sync::Arc::new(config),
            live: live::Live::default(),
            factories: Default::default(),
            touches: Default::default(),
        }
    }

    fn cached_factory(
        &self,
        id: dealerdesk_domain::FactoryId,
    ) -> Option<dealerdesk_domain::model::Factory> {
        self.factories
            .read()
            .ok()
            .and_then(|m| m.get(&id.0).cloned())
    }

    /// A factory, from the cache (a connection is taken only on a miss).
    pub async fn factory(
        &self,
        id: dealerdesk_domain::FactoryId,
    ) -> Result<dealerdesk_domain::model::Factory> {
        if let Some(f) = self.cached_factory(id) {
            return Ok(f);
        }
        let mut c = self.store.read().await?;
        self.factory_on(&mut c, id).await
    }

    /// A factory, from the cache, read on the caller's connection when the
    /// cache misses. A page that holds a connection must use this, not
    /// [`App::factory`]: reading on a second connection while holding a
    /// first, enough pages at once (right after a start, the cache empty)
    /// held every connection of the pool and waited for another until it
    /// gave up: 10 s and a 500 each.
    pub async fn factory_on(
        &self,
        c: &mut dealerdesk_store::Conn,
        id: dealerdesk_domain::FactoryId,
    ) -> Result<dealerdesk_domain::model::Factory> {
        if let Some(f) = self.cached_factory(id) {
            return Ok(f);
        }
        let f = c.factories().by_id(id).await?.ok_or(AppError::NotFound)?;
        if let Ok(mut m) = self.factories.write() {
            m.insert(id.0, f.clone());
        }
        Ok(f)
    }

    /// The IANA zone dates are shown in for someone of this factory.
    pub async fn timezone(&self, factory: Option<dealerdesk_domain::FactoryId>) -> Result<String> {
        match factory {
            Some(f) => Ok(self.factory(f).await?.timezone),
            None => Ok(DEFAULT_TIMEZONE.to_owned()),
        }
    }

    pub fn forget_factories(&self) {
        if let Ok(mut m) = self.factories.write() {
            m.clear();
        }
    }
}
