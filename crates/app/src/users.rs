//! Creating users and inviting them.

use crate::{App, AppError, Result, password, secret};
use dealerdesk_domain::model::{Language, User};
use dealerdesk_domain::{Actor, Email, Purpose, Role, Timestamp, UserId};
use dealerdesk_store::Repos;
use dealerdesk_store::audit::NewAudit;
use dealerdesk_store::users::NewUser;

/// A user to create, as typed on the command line or in a form.
#[derive(Debug, Clone, Default)]
pub struct NewUserInput {
    pub email: String,
    pub display_name: Option<String>,
    pub role: String,
    pub dealer_code: Option<String>,
    pub factory_code: Option<String>,
    pub password: Option<String>,
    pub language: Option<Language>,
}

/// The result: with a password the user can log in at once; without one
/// they get a single-use link to set it.
#[derive(Debug, Clone)]
pub enum Created {
    WithPassword(User),
    Invited { user: User, link: String },
}

impl Created {
    pub fn user(&self) -> &User {
        match self {
            Created::WithPassword(u) | Created::Invited { user: u, .. } => u,
        }
    }
}

impl App {
    /// Creates a user on behalf of the plant (the CLI, the demo). `by` is
    /// the person doing it, for the audit log, when there is one.
    pub async fn create_user(&self, input: &NewUserInput, by: Option<&Actor>) -> Result<Created> {
        let mut errors = Vec::new();
        let email = Email::parse(&input.email)
            .map_err(|e| errors.push(e.into()))
            .ok();
        let role = Role::parse(&input.role)
            .map_err(|e| errors.push(e.into()))
            .ok();
        if let Some(p) = &input.password
            && let Err(AppError::Invalid(mut es)) = password::check_strength(p, &input.email)
        {
            errors.append(&mut es);
        }
        let (Some(email), Some(role), true) = (email, role, errors.is_empty()) else {
            return Err(AppError::Invalid(errors));
        };
        let display_name = match &input.display_name {
            Some(n) => dealerdesk_domain::text::bounded("display_name", n, 1, 200)?,
            None => email.as_str().split('@').next().unwrap_or("").to_owned(),
        };
        let mut c = self.store.read().await?;
        let (dealer_id, factory_id) = if role.is_dealer_side() {
            if input.factory_code.is_some() {
                return Err(AppError::invalid(
                    "factory",
                    "a dealer's user belongs to the dealer's factory; give the dealer only",
                ));
            }
            let code = input
                .dealer_code
                .as_deref()
                .ok_or_else(|| AppError::invalid("dealer", "a dealer role needs a dealer code"))?;
            let dealer = c.dealers().by_code(code).await?.ok_or_else(|| {
                AppError::invalid("dealer", format!("no dealer with code {code}"))
            })?;
            if let Some(actor) = by {
                actor
                    .dealer_scope(&dealer.as_ref(), Purpose::ManageCompanyUsers)
                    .ok_or(AppError::NotFound)?;
            }
            (Some(dealer.id), Some(dealer.factory_id))
        } else {
            if input.dealer_code.is_some() {
                return Err(AppError::invalid(
                    "dealer",
                    "only dealer roles belong to a dealer",
                ));
            }
            if by.is_some_and(|a| a.role != Role::Admin) {
                return Err(AppError::Forbidden);
            }
            match (role, &input.factory_code) {
                (Role::Admin, None) => (None, None),
                (Role::Admin, Some(_)) => {
                    return Err(AppError::invalid(
                        "factory",
                        "an administrator works for every factory; leave the factory out",
                    ));
                }
                (_, None) => {
                    return Err(AppError::invalid("factory", "a plant role needs a factory"));
                }
                (_, Some(code)) => {
                    let f = c.factories().by_code(code).await?.ok_or_else(|| {
                        AppError::invalid("factory", format!("no factory with code {code}"))
                    })?;
                    (None, Some(f.id))
                }
            }
        };
        drop(c);
        let password_hash = match &input.password {
            Some(p) => Some(password::hash(p, self.config.argon2).await?),
            None => None,
        };
        let new = NewUser {
            email: email.clone(),
            display_name,
            role,
            dealer_id,
            factory_id,
            password_hash,
            language: input.language.unwrap_or_default(),
            finance_allowed: false,
        };
        let mut tx = self.store.begin().await?;
        let id = tx.users().insert(&new).await.map_err(|e| match e {
            dealerdesk_store::StoreError::Conflict(_) => {
                AppError::invalid("email", format!("{email} already has an account"))
            }
            other => other.into(),
        })?;
        tx.audit()
            .record(&NewAudit {
                actor_id: by.map(|a| a.user_id),
                action: "user.created",
                object_type: "user",
                object_id: id.to_string(),
                after: Some(serde_json::json!({"email": email.as_str(), "role": role.as_str(), "dealer_id": dealer_id, "factory_id": factory_id}).to_string()),
                ..Default::default()
            })
            .await?;
        let link = if input.password.is_none() {
            Some(
                self.issue_invitation(&mut tx, id, by.map(|a| a.user_id))
                    .await?,
            )
        } else {
            None
        };
        let user = tx.users().by_id(id).await?.ok_or(AppError::NotFound)?;
        tx.commit().await?;
        Ok(match link {
            Some(link) => Created::Invited { user, link },
            None => Created::WithPassword(user),
        })
    }

    async fn issue_invitation(
        &self,
        c: &mut dealerdesk_store::Conn,
        user: UserId,
        by: Option<UserId>,
    ) -> Result<String> {
        let now = Timestamp::now();
        c.auth().expire_invitations(user, now).await?;
        let token = secret::generate("");
        let ttl = i64::try_from(self.config.invitation_ttl.as_secs()).unwrap_or(i64::MAX);
        c.auth()
            .create_invitation(user, &secret::hash(&token), by, now.plus_seconds(ttl))
            .await?;
        Ok(format!(
            "{}/invite/{token}",
            self.config.public_url.trim_end_matches('/')
        ))
    }

    /// A fresh invitation link for an existing user (earlier links stop
    /// working).
    pub async fn reinvite(&self, email: &str, by: Option<&Actor>) -> Result<String> {
        let email = Email::parse(email)?;
        let mut tx = self.store.begin().await?;
        let user = tx
            .users()
            .by_email(&email)
            .await?
            .ok_or(AppError::NotFound)?;
        if let Some(actor) = by {
            let allowed = match user.dealer_id {
                Some(d) => {
                    let r = tx
                        .dealers()
                        .policy_ref(d)
                        .await?
                        .ok_or(AppError::NotFound)?;
                    actor
                        .dealer_scope(&r, Purpose::ManageCompanyUsers)
                        .is_some()
                }
                None => actor.role == Role::Admin,
            };
            if !allowed {
                return Err(AppError::NotFound);
            }
        }
        let link = self
            .issue_invitation(&mut tx, user.id, by.map(|a| a.user_id))
            .await?;
        tx.commit().await?;
        Ok(link)
    }
}

impl App {
    /// The actor's own interface language.
    pub async fn set_language(&self, actor: &Actor, lang: Language) -> Result<()> {
        let mut tx = self.store.begin().await?;
        tx.users().set_language(actor.user_id, lang).await?;
        tx.commit().await?;
        Ok(())
    }
}
