use dealerdesk_domain::InvalidValue;

/// What can go wrong in persistence. `NotFound` and `Conflict` are told
/// apart from the rest so that the web layer can answer 404 and 409 instead
/// of 500.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A uniqueness or foreign-key rule refused the write; the text names it.
    #[error("conflict: {0}")]
    Conflict(String),
    /// A row holds a value its domain type refuses: the database was
    /// changed behind DealerDesk's back, or a migration is missing.
    #[error("stored value is invalid: {0}")]
    Corrupt(String),
    #[error("database: {0}")]
    Db(#[source] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db)
                if db.is_unique_violation() || db.is_foreign_key_violation() =>
            {
                StoreError::Conflict(db.message().to_owned())
            }
            _ => StoreError::Db(e),
        }
    }
}

impl From<InvalidValue> for StoreError {
    fn from(e: InvalidValue) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}

impl StoreError {
    /// Errors worth retrying: the database went away or was busy, as
    /// opposed to a bad statement or a broken rule.
    pub fn is_transient(&self) -> bool {
        match self {
            StoreError::Db(e) => {
                matches!(
                    e,
                    sqlx::Error::Io(_)
                        | sqlx::Error::PoolTimedOut
                        | sqlx::Error::PoolClosed
                        | sqlx::Error::WorkerCrashed
                        | sqlx::Error::Protocol(_)
                ) || matches!(e, sqlx::Error::Database(db) if db.code().is_some_and(|c| c == "5" || c == "6" || c.starts_with("08") || c == "57P01" || c == "40001" || c == "40P01"))
            }
            _ => false,
        }
    }
}
