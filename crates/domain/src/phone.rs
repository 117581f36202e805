//! A telephone number the way drivers and dealers write them. Kept in a
//! canonical form (`+` and digits, or national digits) so a `tel:` link dials.

use crate::InvalidValue;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    /// Accepts E.164 (`+380501234567`) or national digits (`0501234567`),
    /// allowing the spaces, dashes, dots and brackets people type; 6–15 digits.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let trimmed = raw.trim();
        let mut out = String::with_capacity(trimmed.len());
        for (i, c) in trimmed.chars().enumerate() {
            match c {
                '+' if i == 0 => out.push('+'),
                '0'..='9' => out.push(c),
                ' ' | '-' | '.' | '(' | ')' => {}
                _ => {
                    return Err(InvalidValue::new(
                        "phone",
                        "may contain only digits, a leading '+', spaces, dashes and brackets",
                    ));
                }
            }
        }
        let digits = out.trim_start_matches('+').len();
        if !(6..=15).contains(&digits) {
            return Err(InvalidValue::new("phone", "must have 6 to 15 digits"));
        }
        if out.starts_with('+') && out[1..].starts_with('0') {
            return Err(InvalidValue::new(
                "phone",
                "an international number cannot start with +0",
            ));
        }
        Ok(Self(out))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The `tel:` URI for a link a phone can dial.
    pub fn tel_uri(&self) -> String {
        format!("tel:{}", self.0)
    }
}

impl std::fmt::Display for Phone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Phone {
    type Error = InvalidValue;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Phone> for String {
    fn from(value: Phone) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonicalises() {
        assert_eq!(
            Phone::parse("+38 (050) 123-45-67").map(|p| p.tel_uri()),
            Ok("tel:+380501234567".into())
        );
        assert_eq!(
            Phone::parse("050 123 45 67").map(|p| p.0),
            Ok("0501234567".into())
        );
    }

    #[test]
    fn rejects() {
        for bad in [
            "",
            "12345",
            "+0501234567",
            "050-CALL-ME",
            "1234567890123456",
            "38+050123",
        ] {
            assert!(Phone::parse(bad).is_err(), "{bad:?}");
        }
    }
}
