//! Logging in and out, sessions, personal API tokens, invitations and
//! password changes.

use crate::touches::TOUCH_EVERY_MS;
use crate::{App, AppError, Result, password, secret};
use dealerdesk_domain::model::User;
use dealerdesk_domain::{Actor, Email, Timestamp};
use dealerdesk_store::Repos;
use dealerdesk_store::audit::NewAudit;
use dealerdesk_store::auth::NewSession;

/// What a request's "seen at" write is about: a session (its token's hash,
/// and the idle expiry it slides to) or a personal API token.
#[derive(Clone, Copy)]
enum Seen<'a> {
    Session(&'a str, Timestamp),
    Token(dealerdesk_domain::TokenId),
}

/// A session just created: the cookie value and the CSRF token for forms.
#[derive(Debug, Clone)]
pub struct StartedSession {
    pub token: String,
    pub csrf_token: String,
    pub user: User,
    pub expires_at: Timestamp,
}

/// The person behind a live session.
#[derive(Debug, Clone)]
pub struct SessionPrincipal {
    pub user: User,
    pub actor: Actor,
    pub csrf_token: String,
    pub token_hash: String,
}

/// Where a login attempt comes from (for the throttle and the session row).
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

fn account_key(email: &str) -> String {
    format!("account:{}", email.trim().to_lowercase())
}

fn address_key(ip: &str) -> String {
    format!("address:{ip}")
}

fn secs(d: std::time::Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}

impl App {
    /// Checks the password and opens a session. After
    /// `throttle_free_failures` failures for the account or for the address
    /// each further attempt must wait a doubling delay, and is refused
    /// without checking the password until then.
    pub async fn login(
        &self,
        email: &str,
        password: &str,
        origin: &Origin,
    ) -> Result<StartedSession> {
        let now = Timestamp::now();
        let mut keys = vec![account_key(email)];
        if let Some(ip) = &origin.ip {
            keys.push(address_key(ip));
        }
        {
            let mut c = self.store.read().await?;
            for k in &keys {
                if let Some(t) = c.auth().throttle(k).await?
                    && t.blocked_until > now
                {
                    let wait = (t.blocked_until.0 - now.0 + 999) / 1000;
                    return Err(AppError::Throttled {
                        retry_after_secs: u64::try_from(wait).unwrap_or(1).max(1),
                    });
                }
            }
        }
        let user = match Email::parse(email) {
            Ok(e) => self.store.read().await?.users().by_email(&e).await?,
            Err(_) => None,
        };
        let stored = match &user {
            Some(u) => self.store.read().await?.users().password_hash(u.id).await?,
            None => None,
        };
        // Verify against a dummy hash when there is no user, so the answer
        // takes as long for an unknown e-mail as for a wrong password.
        let ok = match &stored {
            Some(h) => password::verify(password, h).await,
            None => {
                let dummy = self.dummy_hash().await?;
                let _ = password::verify(password, &dummy).await;
                false
            }
        };
        let Some(user) = user.filter(|_| ok) else {
            self.record_login_failure(&keys, now).await?;
            return Err(AppError::BadCredentials);
        };
        if !user.active {
            return Err(AppError::Deactivated);
        }
        let mut tx = self.store.begin().await?;
        tx.auth().clear_throttle(&account_key(email)).await?;
        let started = self.open_session(&mut tx, user, origin, now).await?;
        tx.commit().await?;
        Ok(started)
    }

    async fn record_login_failure(&self, keys: &[String], now: Timestamp) -> Result<()> {
        let cfg = &self.config;
        let mut tx = self.store.begin().await?;
        for k in keys {
            let failures = tx
                .auth()
                .record_failure(k, now, now.plus_seconds(-secs(cfg.throttle_window)))
                .await?;
            if failures >= cfg.throttle_free_failures {
                let doublings = u32::try_from(failures - cfg.throttle_free_failures)
                    .unwrap_or(u32::MAX)
                    .min(20);
                let delay = cfg
                    .throttle_base_delay
                    .saturating_mul(2u32.saturating_pow(doublings))
                    .min(cfg.throttle_max_delay);
                let until =
                    Timestamp(now.0 + i64::try_from(delay.as_millis()).unwrap_or(i64::MAX / 2));
                tx.auth().block_until(k, until).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    async fn dummy_hash(&self) -> Result<String> {
        static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
        let params = self.config.argon2;
        DUMMY
            .get_or_try_init(|| password::hash("dealerdesk-dummy-password", params))
            .await
            .cloned()
    }

    async fn open_session(
        &self,
        c: &mut dealerdesk_store::Conn,
        user: User,
        origin: &Origin,
        now: Timestamp,
    ) -> Result<StartedSession> {
        let token = secret::generate("");
        let csrf_token = secret::generate("");
        let expires_at = now.plus_seconds(secs(self.config.session_idle));
        c.auth()
            .create_session(&NewSession {
                token_hash: &secret::hash(&token),
                user_id: user.id,
                csrf_token: &csrf_token,
                now,
                expires_at,
                ip: origin.ip.as_deref(),
                user_agent: origin.user_agent.as_deref().map(|s| {
                    if s.len() > 300 {
                        &s[..s.floor_char_boundary(300)]
                    } else {
                        s
                    }
                }),
            })
            .await?;
        Ok(StartedSession {
            token,
            csrf_token,
            user,
            expires_at,
        })
    }

    /// Whether a session found earlier still stands (not logged out, not
    /// expired, its user still active): a long-lived live stream asks this
    /// whenever it wakes, without sliding the expiry.
    pub async fn session_still_valid(&self, token_hash: &str) -> Result<bool> {
        let now = Timestamp::now();
        let mut c = self.store.read().await?;
        Ok(match c.users().by_session(token_hash, now).await? {
            Some((row, user)) => {
                user.active
                    && now.0 - row.created_at.0
                        <= secs(self.config.session_max).saturating_mul(1000)
            }
            None => false,
        })
    }

    /// The person behind a session cookie, or `None` if the session is
    /// unknown, expired, or its user deactivated. Slides the idle expiry
    /// forward at most once a minute (not a write on every request).
    pub async fn session(&self, token: &str) -> Result<Option<SessionPrincipal>> {
        let now = Timestamp::now();
        let token_hash = secret::hash(token);
        let mut c = self.store.read().await?;
        let Some((s, user)) = c.users().by_session(&token_hash, now).await? else {
            return Ok(None);
        };
        if now.0 - s.created_at.0 > secs(self.config.session_max).saturating_mul(1000)
            || !user.active
        {
            return Ok(None);
        }
        let Some(actor) = user.actor() else {
            return Ok(None);
        };
        drop(c);
        // One request a minute slides the expiry; the rest of a burst that
        // read the same stale `last_seen_at` go on without a write.
        if now.0 - s.last_seen_at.0 > TOUCH_EVERY_MS {
            let idle = now.plus_seconds(secs(self.config.session_idle));
            self.seen_once(Seen::Session(&token_hash, idle), now)
                .await?;
        }
        Ok(Some(SessionPrincipal {
            user,
            actor,
            csrf_token: s.csrf_token,
            token_hash,
        }))
    }

    /// The person behind a personal API token (`Authorization: Bearer`).
    pub async fn bearer(&self, token: &str) -> Result<Option<(User, Actor)>> {
        let mut c = self.store.read().await?;
        let Some((token_id, user_id)) = c.auth().token_user(&secret::hash(token)).await? else {
            return Ok(None);
        };
        let Some(user) = c.users().by_id(user_id).await?.filter(|u| u.active) else {
            return Ok(None);
        };
        let Some(actor) = user.actor() else {
            return Ok(None);
        };
        drop(c);
        self.seen_once(Seen::Token(token_id), Timestamp::now())
            .await?;
        Ok(Some((user, actor)))
    }

    /// Records that a session or token was used, unless another request
    /// did in the last minute ([`crate::touches::Touches`]); a failed write
    /// gives the claim back, so the next request tries again.
    async fn seen_once(&self, seen: Seen<'_>, now: Timestamp) -> Result<()> {
        let key = match seen {
            Seen::Session(token_hash, _) => format!("s:{token_hash}"),
            Seen::Token(id) => format!("t:{}", id.0),
        };
        if !self.touches.claim(&key, now.0) {
            return Ok(());
        }
        let written = async {
            let mut w = self.store.begin().await?;
            match seen {
                Seen::Session(token_hash, idle) => {
                    w.auth().touch_session(token_hash, now, idle).await?
                }
                Seen::Token(id) => w.auth().touch_token(id, now).await?,
            }
            w.commit().await?;
            Ok(())
        }
        .await;
        if written.is_err() {
            self.touches.release(&key);
        }
        written
    }

    pub async fn logout(&self, token: &str) -> Result<()> {
        let mut tx = self.store.begin().await?;
        tx.auth().delete_session(&secret::hash(token)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Changes the actor's own password. Every other session of the user
    /// ends; the one in use (`keep_session_hash`) stays.
    pub async fn change_password(
        &self,
        actor: &Actor,
        current: &str,
        new: &str,
        keep_session_hash: Option<&str>,
    ) -> Result<()> {
        let mut c = self.store.read().await?;
        let user = c
            .users()
            .by_id(actor.user_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let stored = c.users().password_hash(actor.user_id).await?;
        drop(c);
        let ok = match &stored {
            Some(h) => password::verify(current, h).await,
            None => false,
        };
        if !ok {
            return Err(AppError::invalid(
                "current_password",
                "the current password is wrong",
            ));
        }
        password::check_strength(new, user.email.as_str())?;
        let hash = password::hash(new, self.config.argon2).await?;
        let mut tx = self.store.begin().await?;
        tx.users().set_password_hash(actor.user_id, &hash).await?;
        tx.auth()
            .delete_user_sessions(actor.user_id, keep_session_hash)
            .await?;
        tx.audit()
            .record(&NewAudit {
                actor_id: Some(actor.user_id),
                action: "user.password_changed",
                object_type: "user",
                object_id: actor.user_id.to_string(),
                ..Default::default()
            })
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The user an invitation link is for, if it is still usable.
    pub async fn invitation(&self, token: &str) -> Result<User> {
        let mut c = self.store.read().await?;
        let inv = c
            .auth()
            .invitation(&secret::hash(token))
            .await?
            .ok_or(AppError::Gone)?;
        if inv.used_at.is_some() || inv.expires_at <= Timestamp::now() {
            return Err(AppError::Gone);
        }
        c.users().by_id(inv.user_id).await?.ok_or(AppError::Gone)
    }

    /// Sets the invited user's password and logs them in. The link works
    /// once: of two simultaneous uses exactly one succeeds.
    pub async fn accept_invitation(
        &self,
        token: &str,
        new_password: &str,
        origin: &Origin,
    ) -> Result<StartedSession> {
        let user = self.invitation(token).await?;
        password::check_strength(new_password, user.email.as_str())?;
        let hash = password::hash(new_password, self.config.argon2).await?;
        let now = Timestamp::now();
        let mut tx = self.store.begin().await?;
        let inv = tx
            .auth()
            .invitation(&secret::hash(token))
            .await?
            .ok_or(AppError::Gone)?;
        tx.auth()
            .use_invitation(inv.id, now)
            .await
            .map_err(|_| AppError::Gone)?;
        tx.users().set_password_hash(user.id, &hash).await?;
        tx.users().set_active(user.id, true).await?;
        tx.audit()
            .record(&NewAudit {
                actor_id: Some(user.id),
                action: "user.invitation_accepted",
                object_type: "user",
                object_id: user.id.to_string(),
                ip: origin.ip.as_deref(),
                ..Default::default()
            })
            .await?;
        let started = self.open_session(&mut tx, user, origin, now).await?;
        tx.commit().await?;
        Ok(started)
    }

    /// A new personal API token for the user with this e-mail (CLI).
    pub async fn create_personal_token(&self, email: &str, label: &str) -> Result<String> {
        let email = Email::parse(email)?;
        let mut tx = self.store.begin().await?;
        let user = tx
            .users()
            .by_email(&email)
            .await?
            .ok_or(AppError::NotFound)?;
        let token = secret::generate("dd_pat_");
        tx.auth()
            .create_token(user.id, &secret::hash(&token), label)
            .await?;
        tx.audit()
            .record(&NewAudit {
                action: "user.token_created",
                object_type: "user",
                object_id: user.id.to_string(),
                ..Default::default()
            })
            .await?;
        tx.commit().await?;
        Ok(token)
    }
}

impl App {
    /// Removes sessions past their expiry (housekeeping).
    pub async fn purge_expired_sessions(&self) -> Result<u64> {
        let mut tx = self.store.begin().await?;
        let n = tx.auth().purge_expired_sessions(Timestamp::now()).await?;
        tx.commit().await?;
        Ok(n)
    }
}
