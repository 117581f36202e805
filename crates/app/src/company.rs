//! A dealer admin's own company: who has an account, inviting a colleague
//! by e-mail, deactivating one, allowing or denying them finance. Only the
//! dealer's admins may do this, only for their own dealer (the policy's
//! `ManageCompanyUsers`); a user of another dealer answers "not found".

use crate::users::{Created, NewUserInput};
use crate::{App, AppError, Result};
use dealerdesk_domain::model::User;
use dealerdesk_domain::{Actor, DealerScope, Purpose, Role, UserId};
use dealerdesk_store::Repos;
use dealerdesk_store::audit::NewAudit;

/// A colleague just invited, and the link that lets them set a password
/// (to be e-mailed; shown to the admin only if the e-mail fails).
#[derive(Debug, Clone)]
pub struct Invited {
    pub user: User,
    pub link: String,
}

/// What a dealer admin may change about a colleague.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompanyChange {
    Active(bool),
    Finance(bool),
}

impl App {
    async fn company_scope(&self, actor: &Actor) -> Result<(DealerScope, String)> {
        let mut c = self.store.read().await?;
        let (d, scope) =
            crate::scope::own_dealer(&mut c, actor, Purpose::ManageCompanyUsers).await?;
        Ok((scope, d.code))
    }

    /// The company's people, the admin's own account included.
    pub async fn company_users(&self, actor: &Actor) -> Result<Vec<User>> {
        let (scope, _) = self.company_scope(actor).await?;
        let mut c = self.store.read().await?;
        Ok(c.users().of_dealer(&scope).await?)
    }

    /// Creates a dealer user of the admin's own company, without a password,
    /// with a single-use link to set one.
    pub async fn invite_company_user(
        &self,
        actor: &Actor,
        email: &str,
        name: &str,
    ) -> Result<Invited> {
        let (_, code) = self.company_scope(actor).await?;
        let name = name.trim();
        let created = self
            .create_user(
                &NewUserInput {
                    email: email.trim().to_owned(),
                    display_name: (!name.is_empty()).then(|| name.to_owned()),
                    role: Role::DealerUser.as_str().to_owned(),
                    dealer_code: Some(code),
                    factory_code: None,
                    password: None,
                    language: None,
                },
                Some(actor),
            )
            .await?;
        match created {
            Created::Invited { user, link } => Ok(Invited { user, link }),
            Created::WithPassword(_) => Err(AppError::Internal(
                "an invitation created a user with a password".into(),
            )),
        }
    }

    /// Deactivates or reactivates a colleague, or grants or withdraws
    /// finance. Deactivation ends their sessions and API tokens at once.
    /// An admin cannot lock themselves out, and finance is a dealer user's
    /// grant (the admin always has it).
    pub async fn change_company_user(
        &self,
        actor: &Actor,
        user: UserId,
        change: CompanyChange,
    ) -> Result<User> {
        let (scope, _) = self.company_scope(actor).await?;
        let mut tx = self.store.begin().await?;
        let target = tx
            .users()
            .by_id(user)
            .await?
            .filter(|u| u.dealer_id == Some(scope.dealer()))
            .ok_or(AppError::NotFound)?;
        let (action, before, after) = match change {
            CompanyChange::Active(active) => {
                if target.id == actor.user_id && !active {
                    return Err(AppError::invalid(
                        "user",
                        "you cannot deactivate your own account",
                    ));
                }
                tx.users().set_active(target.id, active).await?;
                if !active {
                    tx.auth().delete_user_sessions(target.id, None).await?;
                    tx.auth().revoke_tokens(target.id).await?;
                }
                ("user.active_changed", target.active, active)
            }
            CompanyChange::Finance(allowed) => {
                if target.role != Role::DealerUser {
                    return Err(AppError::invalid(
                        "user",
                        "a dealer administrator always sees finance",
                    ));
                }
                tx.users().set_finance_allowed(target.id, allowed).await?;
                ("user.finance_changed", target.finance_allowed, allowed)
            }
        };
        if before != after {
            tx.audit()
                .record(&NewAudit {
                    actor_id: Some(actor.user_id),
                    action,
                    object_type: "user",
                    object_id: target.id.to_string(),
                    before: Some(before.to_string()),
                    after: Some(after.to_string()),
                    ..Default::default()
                })
                .await?;
        }
        let updated = tx
            .users()
            .by_id(target.id)
            .await?
            .ok_or(AppError::NotFound)?;
        tx.commit().await?;
        Ok(updated)
    }
}
