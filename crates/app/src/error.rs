use dealerdesk_domain::InvalidValue;
use dealerdesk_store::StoreError;
use serde::Serialize;

/// One rejected input, for forms and for the JSON error's `details`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// What a use case can answer besides success. The web layer maps each to
/// one status code and a stable `code` string; nothing here carries data a
/// caller may not see (a foreign object is `NotFound`, like a missing one).
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("authentication required")]
    Unauthenticated,
    #[error("the e-mail or the password is wrong")]
    BadCredentials,
    #[error("this account is deactivated")]
    Deactivated,
    #[error("too many failed attempts; try again in {retry_after_secs} s")]
    Throttled { retry_after_secs: u64 },
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    Conflict(String),
    /// The link (invitation) was used already or has expired.
    #[error("this link has expired or was already used")]
    Gone,
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid(vec![FieldError {
            field: field.to_owned(),
            message: message.into(),
        }])
    }

    /// The stable machine-readable code (JSON `error.code`).
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "unauthenticated",
            AppError::BadCredentials => "bad_credentials",
            AppError::Deactivated => "account_deactivated",
            AppError::Throttled { .. } => "too_many_attempts",
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::Invalid(_) => "invalid_input",
            AppError::Conflict(_) => "conflict",
            AppError::Gone => "link_expired",
            AppError::Internal(_) => "internal",
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict(m) => AppError::Conflict(m),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<InvalidValue> for AppError {
    fn from(e: InvalidValue) -> Self {
        AppError::Invalid(vec![FieldError {
            field: e.field.to_owned(),
            message: e.message,
        }])
    }
}

/// Every problem of a form at once (the domain's parsers collect them).
impl From<Vec<InvalidValue>> for AppError {
    fn from(errors: Vec<InvalidValue>) -> Self {
        AppError::Invalid(errors.into_iter().map(FieldError::from).collect())
    }
}

impl From<sqlx_error::Error> for AppError {
    fn from(e: sqlx_error::Error) -> Self {
        AppError::from(StoreError::from(e))
    }
}

/// sqlx's error type reaches the app only through transactions' commit.
mod sqlx_error {
    pub use dealerdesk_store::SqlxError as Error;
}

impl From<InvalidValue> for FieldError {
    fn from(e: InvalidValue) -> Self {
        FieldError {
            field: e.field.to_owned(),
            message: e.message,
        }
    }
}
