//! An e-mail address that has been checked once, at the edge, and is stored
//! lower-cased so that logins and invitations compare equal however typed.

use crate::InvalidValue;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// Accepts the practical subset of RFC 5321 addresses that real mail
    /// servers deliver to: one `@`, a local part of 1–64 characters without
    /// spaces, and a domain with at least one dot and no empty labels.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let value = raw.trim().to_lowercase();
        let err = |m: &str| Err(InvalidValue::new("email", m));
        if value.is_empty() {
            return err("must not be empty");
        }
        if value.len() > 254 {
            return err("must be at most 254 characters");
        }
        let Some((local, domain)) = value.split_once('@') else {
            return err("must contain '@'");
        };
        if local.is_empty() || local.len() > 64 {
            return err("the part before '@' must be 1–64 characters");
        }
        if domain.contains('@') {
            return err("must contain exactly one '@'");
        }
        if value.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(
                    c,
                    '<' | '>' | ',' | ';' | '"' | '(' | ')' | '[' | ']' | '\\'
                )
        }) {
            return err("must not contain spaces or special characters");
        }
        let labels: Vec<&str> = domain.split('.').collect();
        if labels.len() < 2
            || labels
                .iter()
                .any(|l| l.is_empty() || l.len() > 63 || l.starts_with('-') || l.ends_with('-'))
        {
            return err("the domain after '@' is not valid");
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Email {
    type Error = InvalidValue;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(value: Email) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_and_normalises() {
        assert_eq!(
            Email::parse(" Olena.K@Dealer.COM.ua ").map(|e| e.0),
            Ok("olena.k@dealer.com.ua".into())
        );
    }

    #[test]
    fn rejects_the_usual_mistakes() {
        for bad in [
            "",
            "olena",
            "@dealer.ua",
            "olena@",
            "olena@dealer",
            "o lena@dealer.ua",
            "a@b@c.ua",
            "olena@.ua",
            "olena@dealer..ua",
            "<a>@b.ua",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} must be rejected");
        }
    }

    proptest! {
        #[test]
        fn parse_is_idempotent(s in "\\PC{0,40}") {
            if let Ok(e) = Email::parse(&s) {
                prop_assert_eq!(Email::parse(e.as_str()), Ok(e.clone()));
            }
        }
    }
}
