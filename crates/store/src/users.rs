use crate::auth::SessionRow;
use crate::row::RowExt;
use crate::{Result, StoreError, flag};
use dealerdesk_domain::model::{Language, User};
use dealerdesk_domain::{DealerId, DealerScope, Email, FactoryId, Role, Timestamp, UserId};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

pub struct Users<'c> {
    pub(crate) c: &'c mut AnyConnection,
}

macro_rules! cols {
    () => {
        "id, email, display_name, role, dealer_id, factory_id, active, language, finance_allowed, \
         CASE WHEN password_hash IS NULL THEN 0 ELSE 1 END AS has_password, created_at"
    };
}

fn from_row(r: &AnyRow) -> Result<User> {
    Ok(User {
        id: UserId(r.i64("id")?),
        email: r.email("email")?,
        display_name: r.string("display_name")?,
        role: r.role("role")?,
        dealer_id: r.opt_i64("dealer_id")?.map(DealerId),
        factory_id: r.opt_i64("factory_id")?.map(FactoryId),
        active: r.flag("active")?,
        language: Language::parse(&r.string("language")?).unwrap_or_default(),
        finance_allowed: r.flag("finance_allowed")?,
        has_password: r.flag("has_password")?,
        created_at: r.ts("created_at")?,
    })
}

/// A user to create. Which of `dealer_id` / `factory_id` must be set
/// follows from the role; the app layer checks it before calling.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: Email,
    pub display_name: String,
    pub role: Role,
    pub dealer_id: Option<DealerId>,
    pub factory_id: Option<FactoryId>,
    pub password_hash: Option<String>,
    pub language: dealerdesk_domain::model::Language,
    pub finance_allowed: bool,
}

impl Users<'_> {
    /// `Conflict` when the e-mail is taken.
    pub async fn insert(&mut self, u: &NewUser) -> Result<UserId> {
        let now = Timestamp::now().0;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (email, display_name, role, dealer_id, factory_id, password_hash, active, language, finance_allowed, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9, $9) RETURNING id",
        )
        .bind(u.email.as_str())
        .bind(&u.display_name)
        .bind(u.role.as_str())
        .bind(u.dealer_id.map(|d| d.0))
        .bind(u.factory_id.map(|f| f.0))
        .bind(u.password_hash.as_deref())
        .bind(u.language.as_str())
        .bind(flag(u.finance_allowed))
        .bind(now)
        .fetch_one(&mut *self.c)
        .await?;
        Ok(UserId(id))
    }

    pub async fn by_id(&mut self, id: UserId) -> Result<Option<User>> {
        sqlx::query(concat!("SELECT ", cols!(), " FROM users WHERE id = $1"))
            .bind(id.0)
            .fetch_optional(&mut *self.c)
            .await?
            .as_ref()
            .map(from_row)
            .transpose()
    }

    /// The user behind a live session (not expired at `now`) and the
    /// session, in one statement: every page asks this first.
    pub async fn by_session(
        &mut self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<(SessionRow, User)>> {
        let row = sqlx::query(
            "SELECT u.id, u.email, u.display_name, u.role, u.dealer_id, u.factory_id, u.active, u.language, u.finance_allowed, \
             CASE WHEN u.password_hash IS NULL THEN 0 ELSE 1 END AS has_password, u.created_at, \
             s.csrf_token, s.created_at AS session_created_at, s.expires_at, s.last_seen_at \
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now.0)
        .fetch_optional(&mut *self.c)
        .await?;
        row.map(|r| {
            let user = from_row(&r)?;
            Ok((
                SessionRow {
                    user_id: user.id,
                    csrf_token: r.string("csrf_token")?,
                    created_at: r.ts("session_created_at")?,
                    expires_at: r.ts("expires_at")?,
                    last_seen_at: r.ts("last_seen_at")?,
                },
                user,
            ))
        })
        .transpose()
    }

    pub async fn by_email(&mut self, email: &Email) -> Result<Option<User>> {
        sqlx::query(concat!("SELECT ", cols!(), " FROM users WHERE email = $1"))
            .bind(email.as_str())
            .fetch_optional(&mut *self.c)
            .await?
            .as_ref()
            .map(from_row)
            .transpose()
    }

    /// The stored argon2 PHC string, for login and password change only.
    pub async fn password_hash(&mut self, id: UserId) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar::<_, Option<String>>(
                "SELECT password_hash FROM users WHERE id = $1",
            )
            .bind(id.0)
            .fetch_optional(&mut *self.c)
            .await?
            .flatten(),
        )
    }

    pub async fn set_password_hash(&mut self, id: UserId, hash: &str) -> Result<()> {
        let n = sqlx::query("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1")
            .bind(id.0)
            .bind(hash)
            .bind(Timestamp::now().0)
            .execute(&mut *self.c)
            .await?
            .rows_affected();
        if n == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    pub async fn set_active(&mut self, id: UserId, active: bool) -> Result<()> {
        self.set_flag(
            "UPDATE users SET active = $2, updated_at = $3 WHERE id = $1",
            id,
            active,
        )
        .await
    }

    pub async fn set_finance_allowed(&mut self, id: UserId, allowed: bool) -> Result<()> {
        self.set_flag(
            "UPDATE users SET finance_allowed = $2, updated_at = $3 WHERE id = $1",
            id,
            allowed,
        )
        .await
    }

    async fn set_flag(&mut self, sql: &'static str, id: UserId, value: bool) -> Result<()> {
        let n = sqlx::query(sql)
            .bind(id.0)
            .bind(flag(value))
            .bind(Timestamp::now().0)
            .execute(&mut *self.c)
            .await?
            .rows_affected();
        if n == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    pub async fn set_language(&mut self, id: UserId, lang: Language) -> Result<()> {
        sqlx::query("UPDATE users SET language = $2, updated_at = $3 WHERE id = $1")
            .bind(id.0)
            .bind(lang.as_str())
            .bind(Timestamp::now().0)
            .execute(&mut *self.c)
            .await?;
        Ok(())
    }

    /// The people of one dealer company.
    pub async fn of_dealer(&mut self, scope: &DealerScope) -> Result<Vec<User>> {
        sqlx::query(concat!(
            "SELECT ",
            cols!(),
            " FROM users WHERE dealer_id = $1 ORDER BY email"
        ))
        .bind(scope.dealer().0)
        .fetch_all(&mut *self.c)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    /// The active people of every dealer of a factory (`None`: of all
    /// factories): who hears about a factory's news.
    pub async fn dealer_people(&mut self, factory: Option<FactoryId>) -> Result<Vec<User>> {
        sqlx::query(concat!(
            "SELECT ",
            cols!(),
            " FROM users WHERE dealer_id IS NOT NULL AND active = 1 AND ($1 = 0 OR factory_id = $1) ORDER BY id"
        ))
        .bind(factory.map(|f| f.0).unwrap_or(0))
        .fetch_all(&mut *self.c)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    /// The plant's people of one factory with one role (e.g. the managers a
    /// dealer can be assigned to).
    pub async fn staff(&mut self, factory: FactoryId, role: Role) -> Result<Vec<User>> {
        sqlx::query(concat!(
            "SELECT ",
            cols!(),
            " FROM users WHERE factory_id = $1 AND role = $2 AND dealer_id IS NULL ORDER BY email"
        ))
        .bind(factory.0)
        .bind(role.as_str())
        .fetch_all(&mut *self.c)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    pub async fn count(&mut self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(&mut *self.c)
            .await?)
    }

    /// The e-mail addresses of the active users with a role (alerts).
    pub async fn emails_of_role(&mut self, role: Role) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT email FROM users WHERE role = $1 AND active = 1 ORDER BY email",
        )
        .bind(role.as_str())
        .fetch_all(&mut *self.c)
        .await?)
    }

    /// Every user for the administrator: matching `search` (e-mail or
    /// name, any case) and `role` when given, newest first; with the codes
    /// of their factory and dealer; and how many match in all.
    pub async fn directory(
        &mut self,
        search: &str,
        role: Option<Role>,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<(User, Option<String>, Option<String>)>, i64)> {
        let pattern = format!("%{}%", crate::like_escape(&search.trim().to_lowercase()));
        let raw = format!("%{}%", crate::like_escape(search.trim()));
        let role = role.map(|r| r.as_str()).unwrap_or("");
        let filter = "($1 = '%%' OR LOWER(u.email) LIKE $1 ESCAPE '\\' OR LOWER(u.display_name) LIKE $1 ESCAPE '\\' \
                      OR u.display_name LIKE $2 ESCAPE '\\') AND ($3 = '' OR u.role = $3)";
        let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM users u WHERE {filter}"
        )))
        .bind(&pattern)
        .bind(&raw)
        .bind(role)
        .fetch_one(&mut *self.c)
        .await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT u.id, u.email, u.display_name, u.role, u.dealer_id, u.factory_id, u.active, u.language, u.finance_allowed, \
             CASE WHEN u.password_hash IS NULL THEN 0 ELSE 1 END AS has_password, u.created_at, \
             f.code AS factory_code, d.code AS dealer_code \
             FROM users u LEFT JOIN factories f ON f.id = u.factory_id LEFT JOIN dealers d ON d.id = u.dealer_id \
             WHERE {filter} ORDER BY u.id DESC LIMIT $4 OFFSET $5"
        )))
        .bind(&pattern)
        .bind(&raw)
        .bind(role)
        .bind(limit)
        .bind(offset)
        .fetch_all(&mut *self.c)
        .await?;
        let users = rows
            .iter()
            .map(|r| {
                Ok((
                    from_row(r)?,
                    r.opt_string("factory_code")?,
                    r.opt_string("dealer_code")?,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((users, total))
    }

    /// Gives a plant person another role and factory (`None`: every
    /// factory, the administrator).
    pub async fn set_role(
        &mut self,
        id: UserId,
        role: Role,
        factory: Option<FactoryId>,
    ) -> Result<()> {
        let n = sqlx::query(
            "UPDATE users SET role = $2, factory_id = $3, updated_at = $4 WHERE id = $1 AND dealer_id IS NULL",
        )
        .bind(id.0)
        .bind(role.as_str())
        .bind(factory.map(|f| f.0))
        .bind(Timestamp::now().0)
        .execute(&mut *self.c)
        .await?
        .rows_affected();
        if n == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }
}
