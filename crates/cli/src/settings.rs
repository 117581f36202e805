//! Typed settings in layers: built-in defaults, then `dealerdesk.toml`
//! (or the file `--config` / `DEALERDESK_CONFIG` names), then
//! `DEALERDESK_*` environment variables (`DATABASE_URL` too). Nested keys
//! join with `_`: `[auth] session_idle_hours` is `DEALERDESK_AUTH_SESSION_IDLE_HOURS`.
//! Secrets are wrapped so `Debug` never prints them.

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// A value that must not reach logs.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("\"***\"")
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Where to listen.
    pub addr: String,
    /// `sqlite://…` (default, under `data_dir`) or `postgres://…`.
    pub database_url: Secret,
    /// Database connections for reads (on PostgreSQL for writes too);
    /// 0: the default — 16 on PostgreSQL, two per core (4–16) on SQLite,
    /// where each connection is a thread of its own.
    pub database_connections: u32,
    /// Where the SQLite database, e-mails written as files, and uploads live.
    pub data_dir: PathBuf,
    /// Uploads (drawings, photos, files) in an S3-compatible bucket instead
    /// of `data_dir/blobs`, for nodes that share no folder:
    /// `s3://ACCESS_KEY:SECRET_KEY@host[:port]/bucket[/folder][?region=…]`
    /// (HTTPS) or `s3+http://…`. Empty: the folder.
    pub uploads_url: Secret,
    /// The address people reach DealerDesk at, for links in e-mails and
    /// invitations; `http://{addr}` when empty. `https://…` marks cookies Secure.
    pub public_url: String,
    /// `smtp://user:pass@host:587?tls=required`, `smtps://…`, or
    /// `smtp://host:25`; empty: e-mails are written as files under `data_dir/mail`.
    pub smtp_url: Secret,
    /// The sender of DealerDesk's e-mails.
    pub mail_from: String,
    /// `json` (default; one object per line) or `pretty`.
    pub log_format: String,
    /// A `tracing` filter such as `info` or `dealerdesk=debug,info`.
    pub log_level: String,
    /// Reverse proxies in front of DealerDesk, comma-separated addresses or
    /// networks (`127.0.0.1, 10.0.0.0/8`): only their `X-Forwarded-For`
    /// names the client (login throttle, lead form limit). Empty: none.
    pub trusted_proxies: String,
    pub brand: Brand,
    pub auth: Auth,
    pub demo: Demo,
    pub alerts: Alerts,
    pub email: EmailSettings,
}

/// Notifications by e-mail (`[email]`, `DEALERDESK_EMAIL_…`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EmailSettings {
    /// A person's notifications wait this long from the first, then go as
    /// one e-mail (a burst of status changes is one message).
    pub coalesce_seconds: u64,
    /// The first retry after a failed send; each further one doubles...
    pub retry_base_seconds: u64,
    /// ...up to this.
    pub retry_max_seconds: u64,
    /// Attempts before an e-mail is given up.
    pub max_attempts: i64,
}

impl Default for EmailSettings {
    fn default() -> Self {
        let d = dealerdesk_app::EmailPolicy::default();
        Self {
            coalesce_seconds: d.window.as_secs(),
            retry_base_seconds: d.retry_base.as_secs(),
            retry_max_seconds: d.retry_max.as_secs(),
            max_attempts: d.max_attempts,
        }
    }
}

/// E-mail to administrators about the sync.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Alerts {
    /// At most one alert per this many minutes.
    pub interval_minutes: u64,
    /// Alert when a source's oldest unapplied event is older than this.
    pub lag_threshold_seconds: u64,
}

impl Default for Alerts {
    fn default() -> Self {
        let d = dealerdesk_notify::sync_alerts::AlertSettings::default();
        Self {
            interval_minutes: d.interval.as_secs() / 60,
            lag_threshold_seconds: d.lag_threshold.as_secs(),
        }
    }
}

/// The size of the demo plant (`serve --demo`, `dealerdesk demo`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Demo {
    pub seed: u64,
    pub dealers_per_factory: u64,
    pub orders: u64,
    pub days: u64,
}

impl Default for Demo {
    fn default() -> Self {
        let d = dealerdesk_sim::demo::DemoOptions::default();
        Self {
            seed: d.seed,
            dealers_per_factory: d.dealers_per_factory as u64,
            orders: d.orders as u64,
            days: d.days.unsigned_abs(),
        }
    }
}

impl Demo {
    pub fn options(&self) -> dealerdesk_sim::demo::DemoOptions {
        dealerdesk_sim::demo::DemoOptions {
            seed: self.seed,
            dealers_per_factory: usize::try_from(self.dealers_per_factory)
                .unwrap_or(usize::MAX)
                .max(1),
            orders: usize::try_from(self.orders).unwrap_or(usize::MAX),
            days: i64::try_from(self.days).unwrap_or(730).max(1),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Brand {
    pub primary: String,
    pub accent: String,
    /// A .jpg/.png/.webp/.svg file; the embedded drawing when empty.
    pub login_background: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Auth {
    pub session_idle_hours: u64,
    pub session_max_days: u64,
    pub invitation_ttl_hours: u64,
    pub throttle_free_failures: i64,
    pub throttle_base_delay_secs: u64,
    pub throttle_max_delay_secs: u64,
    pub argon2_memory_kib: u32,
    pub argon2_iterations: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            addr: "127.0.0.1:8080".into(),
            database_url: Secret(String::new()),
            database_connections: 0,
            data_dir: PathBuf::from("data"),
            public_url: String::new(),
            smtp_url: Secret(String::new()),
            uploads_url: Secret(String::new()),
            mail_from: "DealerDesk <noreply@dealerdesk.local>".into(),
            log_format: "json".into(),
            log_level: "info".into(),
            trusted_proxies: String::new(),
            brand: Brand::default(),
            auth: Auth::default(),
            demo: Demo::default(),
            alerts: Alerts::default(),
            email: EmailSettings::default(),
        }
    }
}

impl Default for Brand {
    fn default() -> Self {
        let d = dealerdesk_web::BrandDefaults::default();
        Self {
            primary: d.primary,
            accent: d.accent,
            login_background: String::new(),
        }
    }
}

impl Default for Auth {
    fn default() -> Self {
        let c = dealerdesk_app::AppConfig::default();
        Self {
            session_idle_hours: c.session_idle.as_secs() / 3600,
            session_max_days: c.session_max.as_secs() / 86_400,
            invitation_ttl_hours: c.invitation_ttl.as_secs() / 3600,
            throttle_free_failures: c.throttle_free_failures,
            throttle_base_delay_secs: c.throttle_base_delay.as_secs(),
            throttle_max_delay_secs: c.throttle_max_delay.as_secs(),
            argon2_memory_kib: c.argon2.memory_kib,
            argon2_iterations: c.argon2.iterations,
        }
    }
}

impl Settings {
    /// Loads the layers. `file` is `--config`; without it
    /// `DEALERDESK_CONFIG`, then `./dealerdesk.toml` if it exists.
    pub fn load(file: Option<&Path>, env: &[(String, String)]) -> Result<(Self, Vec<String>)> {
        let mut unknown = Vec::new();
        let mut merged = toml::Value::try_from(Settings::default()).context("defaults")?;
        let named = file.map(Path::to_path_buf).or_else(|| {
            env.iter()
                .find(|(k, _)| k == "DEALERDESK_CONFIG")
                .map(|(_, v)| PathBuf::from(v))
        });
        let path = named
            .clone()
            .or_else(|| Some(PathBuf::from("dealerdesk.toml")).filter(|p| p.exists()));
        if let Some(path) = path {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading settings file {}", path.display()))?;
            let file: toml::Value =
                toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
            merge(&mut merged, file);
        }
        for (key, value) in env {
            let name = if key == "DATABASE_URL" {
                "database_url".to_owned()
            } else if let Some(rest) = key.strip_prefix("DEALERDESK_") {
                if rest == "CONFIG" {
                    continue;
                }
                rest.to_ascii_lowercase()
            } else {
                continue;
            };
            if !set_env(&mut merged, &name, value)
                .with_context(|| format!("environment variable {key}"))?
            {
                unknown.push(key.clone());
            }
        }
        let mut s: Settings = merged.try_into().context("settings")?;
        if s.database_url.0.is_empty() {
            s.database_url = Secret(format!(
                "sqlite://{}",
                s.data_dir.join("dealerdesk.db").display()
            ));
        }
        if s.public_url.is_empty() {
            s.public_url = format!("http://{}", s.addr);
        }
        if !matches!(s.log_format.as_str(), "json" | "pretty") {
            bail!("log_format must be json or pretty, not {:?}", s.log_format);
        }
        Ok((s, unknown))
    }

    pub fn app_config(&self) -> dealerdesk_app::AppConfig {
        use std::time::Duration;
        dealerdesk_app::AppConfig {
            session_idle: Duration::from_secs(self.auth.session_idle_hours * 3600),
            session_max: Duration::from_secs(self.auth.session_max_days * 86_400),
            invitation_ttl: Duration::from_secs(self.auth.invitation_ttl_hours * 3600),
            throttle_free_failures: self.auth.throttle_free_failures,
            throttle_base_delay: Duration::from_secs(self.auth.throttle_base_delay_secs),
            throttle_max_delay: Duration::from_secs(self.auth.throttle_max_delay_secs),
            throttle_window: Duration::from_secs(15 * 60),
            argon2: dealerdesk_app::password::Argon2Params {
                memory_kib: self.auth.argon2_memory_kib,
                iterations: self.auth.argon2_iterations,
            },
            public_url: self.public_url.clone(),
            email: dealerdesk_app::EmailPolicy {
                window: Duration::from_secs(self.email.coalesce_seconds),
                retry_base: Duration::from_secs(self.email.retry_base_seconds.max(1)),
                retry_max: Duration::from_secs(self.email.retry_max_seconds.max(1)),
                max_attempts: self.email.max_attempts.max(1),
                ..dealerdesk_app::EmailPolicy::default()
            },
        }
    }
}

fn merge(base: &mut toml::Value, over: toml::Value) {
    match (base, over) {
        (toml::Value::Table(b), toml::Value::Table(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(existing) => merge(existing, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (b, o) => *b = o,
    }
}

/// Sets `name` (e.g. `auth_session_idle_hours`) from an environment
/// string, converting it to the type the key has in the defaults.
/// Returns `false` for a name no setting has (reported, not fatal: other
/// tools share the prefix).
fn set_env(root: &mut toml::Value, name: &str, raw: &str) -> Result<bool> {
    let toml::Value::Table(table) = root else {
        bail!("settings root is not a table")
    };
    // A section name followed by `_` selects the section.
    let section = table
        .iter()
        .filter(|(_, v)| v.is_table())
        .map(|(k, _)| k.clone())
        .find(|k| name.starts_with(&format!("{k}_")));
    let (table, key) = match section {
        Some(sec) => {
            let key = name[sec.len() + 1..].to_owned();
            match table.get_mut(&sec) {
                Some(toml::Value::Table(t)) => (t, key),
                _ => bail!("unknown section {sec}"),
            }
        }
        None => (table, name.to_owned()),
    };
    let Some(current) = table.get(&key) else {
        return Ok(false);
    };
    let value = match current {
        toml::Value::Integer(_) => toml::Value::Integer(
            raw.trim()
                .parse()
                .with_context(|| format!("{raw:?} is not a whole number"))?,
        ),
        toml::Value::Boolean(_) => {
            toml::Value::Boolean(matches!(raw.trim(), "1" | "true" | "yes" | "on"))
        }
        _ => toml::Value::String(raw.to_owned()),
    };
    table.insert(key, value);
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn defaults_make_a_working_embedded_setup() {
        let (s, _) = Settings::load(None, &[]).expect("defaults");
        assert_eq!(s.addr, "127.0.0.1:8080");
        assert_eq!(s.database_url.0, "sqlite://data/dealerdesk.db");
        assert_eq!(s.public_url, "http://127.0.0.1:8080");
    }

    #[test]
    fn file_then_environment() {
        let dir = std::env::temp_dir().join(format!("dd-settings-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let file = dir.join("dealerdesk.toml");
        std::fs::write(&file, "addr = \"0.0.0.0:9000\"\n[auth]\nsession_idle_hours = 4\n[brand]\naccent = \"#00ff00\"\n").expect("write");
        let (s, unknown) = Settings::load(
            Some(&file),
            &env(&[
                ("DATABASE_URL", "postgres://u:secret@db/dd"),
                ("DEALERDESK_AUTH_SESSION_IDLE_HOURS", "2"),
                ("DEALERDESK_BRAND_PRIMARY", "#123456"),
                ("DEALERDESK_DATABASE_CONNECTIONS", "4"),
                ("HOME", "/root"),
            ]),
        )
        .expect("load");
        assert!(unknown.is_empty(), "{unknown:?}");
        assert_eq!(s.addr, "0.0.0.0:9000");
        assert_eq!(s.auth.session_idle_hours, 2, "environment beats the file");
        assert_eq!(s.brand.accent, "#00ff00");
        assert_eq!(s.brand.primary, "#123456");
        assert_eq!(s.database_url.0, "postgres://u:secret@db/dd");
        assert_eq!(s.database_connections, 4);
        let debug = format!("{s:?}");
        assert!(
            !debug.contains("secret"),
            "secrets stay out of Debug: {debug}"
        );
    }

    #[test]
    fn mistakes_are_named() {
        let e = Settings::load(
            None,
            &env(&[("DEALERDESK_AUTH_SESSION_IDLE_HOURS", "soon")]),
        )
        .expect_err("bad number");
        assert!(
            format!("{e:#}").contains("DEALERDESK_AUTH_SESSION_IDLE_HOURS"),
            "{e:#}"
        );
        let (_, unknown) = Settings::load(None, &env(&[("DEALERDESK_COLOUR", "x")]))
            .expect("unknown names are reported, not fatal");
        assert_eq!(unknown, vec!["DEALERDESK_COLOUR".to_owned()]);
        assert!(Settings::load(None, &env(&[("DEALERDESK_LOG_FORMAT", "xml")])).is_err());
    }
}
