//! The HTTP face of DealerDesk: the router, sessions and CSRF, the HTML
//! pages (askama templates), the JSON API v1, health and metrics, and the
//! embedded assets. Handlers are thin: they turn a request into a call of
//! an `app` use case and its answer into a page or JSON.

pub mod api;
pub mod assets;
pub mod bars;
pub mod chart;
pub mod cookies;
pub mod csrf;
pub mod error;
pub mod proxy;
pub use dealerdesk_i18n::fmt;
pub mod health;
pub mod i18n;
pub mod markdown;
pub mod messages;
pub mod observe;
pub mod pages;
pub mod principal;
pub mod routes;
pub mod sync_api;

pub use error::WebError;
pub use routes::{RouteInfo, route_list, router};

use dealerdesk_app::App;
use metrics_exporter_prometheus::PrometheusHandle;

/// Brand defaults; administrators override them in the settings table.
#[derive(Debug, Clone)]
pub struct BrandDefaults {
    pub primary: String,
    pub accent: String,
    /// A picture file for the login page's background; the embedded
    /// drawing when `None`.
    pub login_background: Option<std::path::PathBuf>,
}

impl Default for BrandDefaults {
    fn default() -> Self {
        Self {
            primary: "#1f4e79".into(),
            accent: "#e8772e".into(),
            login_background: None,
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub brand: std::sync::Arc<BrandDefaults>,
    pub metrics: Option<PrometheusHandle>,
    /// Mark cookies `Secure` even without `X-Forwarded-Proto: https`
    /// (set when `public_url` is https).
    pub secure_cookies: bool,
    /// The sync API's limits, rate limiter and worker wake-up.
    pub sync: std::sync::Arc<sync_api::SyncSettings>,
    /// E-mail for what a person's action sends at once (an invitation);
    /// `.eml` files under the data folder when no SMTP server is set.
    pub mailer: dealerdesk_notify::Mailer,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub proxies: std::sync::Arc<proxy::TrustedProxies>,
}
