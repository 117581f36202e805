//! Password hashing with argon2id. Hashing is slow on purpose, so it runs on
//! the blocking pool and never stalls the request threads.

use crate::{AppError, Result};
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

/// Cost parameters. The defaults are OWASP's argon2id recommendation
/// (19 MiB, 2 passes); tests lower them to keep the suite fast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Argon2Params {
    pub memory_kib: u32,
    pub iterations: u32,
}

impl Default for Argon2Params {
    fn default() -> Self {
        Self {
            memory_kib: 19 * 1024,
            iterations: 2,
        }
    }
}

fn hasher(p: Argon2Params) -> Result<Argon2<'static>> {
    let params = Params::new(p.memory_kib, p.iterations, 1, None)
        .map_err(|e| AppError::Internal(format!("argon2 params: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// The checks a new password must pass (NIST 800-63B: length matters, not
/// character classes).
pub fn check_strength(password: &str, email: &str) -> Result<()> {
    let n = password.chars().count();
    if n < 8 {
        return Err(AppError::invalid(
            "password",
            "must be at least 8 characters",
        ));
    }
    if n > 256 {
        return Err(AppError::invalid(
            "password",
            "must be at most 256 characters",
        ));
    }
    if password.eq_ignore_ascii_case(email)
        || password.eq_ignore_ascii_case(email.split('@').next().unwrap_or(""))
    {
        return Err(AppError::invalid(
            "password",
            "must not be your e-mail address",
        ));
    }
    Ok(())
}

pub async fn hash(password: &str, params: Argon2Params) -> Result<String> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || hash_blocking(&password, params))
        .await
        .map_err(|e| AppError::Internal(format!("hashing task: {e}")))?
}

pub fn hash_blocking(password: &str, params: Argon2Params) -> Result<String> {
    hasher(params)?
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("argon2: {e}")))
}

/// Whether `password` matches the stored PHC string. A malformed stored
/// hash is a mismatch, never a panic. The parameters come from the stored
/// hash, so raising the defaults does not lock anyone out.
pub async fn verify(password: &str, phc: &str) -> bool {
    let (password, phc) = (password.to_owned(), phc.to_owned());
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .verify_password(password.as_bytes(), phc.as_str())
            .is_ok()
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: Argon2Params = Argon2Params {
        memory_kib: 64,
        iterations: 1,
    };

    #[tokio::test]
    async fn hashes_verify_and_differ() {
        let a = hash("correct horse", FAST).await.expect("hash");
        let b = hash("correct horse", FAST).await.expect("hash");
        assert!(a.starts_with("$argon2id$v=19$"));
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify("correct horse", &a).await);
        assert!(!verify("correct horsE", &a).await);
        assert!(!verify("x", "not a hash").await);
    }

    #[test]
    fn strength() {
        assert!(check_strength("short", "a@b.ua").is_err());
        assert!(check_strength("olena.k@dealer.ua", "olena.k@dealer.ua").is_err());
        assert!(check_strength("olena.k1", "olena.k1@dealer.ua").is_err());
        assert!(check_strength("вікна-двері", "a@b.ua").is_ok());
    }
}
