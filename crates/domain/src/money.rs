//! Money as an integer number of minor units (kopecks, cents) with its
//! currency. Never a float: statements must add up to the kopeck, and sums of
//! millions of entries must not drift.

use crate::InvalidValue;
use serde::{Deserialize, Serialize};

/// An ISO 4217 code: three upper-case Latin letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency([u8; 3]);

impl Currency {
    pub const UAH: Currency = Currency(*b"UAH");
    pub const EUR: Currency = Currency(*b"EUR");
    pub const USD: Currency = Currency(*b"USD");

    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let b = raw.as_bytes();
        if b.len() == 3 && b.iter().all(u8::is_ascii_uppercase) {
            Ok(Self([b[0], b[1], b[2]]))
        } else {
            Err(InvalidValue::new(
                "currency",
                "must be an ISO 4217 code of three capital letters, e.g. UAH",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        // The constructor admits ASCII upper-case letters only.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// Minor units per major unit. Every currency the plant trades in has
    /// two decimals; the exceptions are listed so a yen statement is right.
    pub fn minor_digits(&self) -> u32 {
        match &self.0 {
            b"JPY" | b"KRW" | b"VND" | b"CLP" | b"ISK" => 0,
            b"BHD" | b"KWD" | b"OMR" | b"JOD" | b"TND" => 3,
            _ => 2,
        }
    }
}

impl Default for Currency {
    fn default() -> Self {
        Self::UAH
    }
}

impl std::fmt::Display for Currency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for Currency {
    type Error = InvalidValue;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Currency> for String {
    fn from(value: Currency) -> Self {
        value.as_str().to_owned()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

/// Arithmetic on money that could overflow or mix currencies fails loudly
/// instead of wrapping or silently converting.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("cannot combine {0} with {1}")]
    CurrencyMismatch(Currency, Currency),
    #[error("amount out of range")]
    Overflow,
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }

    pub fn zero(currency: Currency) -> Self {
        Self { minor: 0, currency }
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::CurrencyMismatch(self.currency, other.currency));
        }
        let minor = self
            .minor
            .checked_add(other.minor)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money {
            minor,
            currency: self.currency,
        })
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        let neg = other.minor.checked_neg().ok_or(MoneyError::Overflow)?;
        self.checked_add(Money {
            minor: neg,
            currency: other.currency,
        })
    }

    /// The amount as a plain decimal string (`-1234.50`), for CSV and APIs
    /// that want major units. Exact: no float is involved.
    pub fn decimal_string(&self) -> String {
        let digits = self.currency.minor_digits();
        let scale = 10i128.pow(digits);
        let v = i128::from(self.minor);
        let sign = if v < 0 { "-" } else { "" };
        let abs = v.abs();
        if digits == 0 {
            format!("{sign}{abs}")
        } else {
            format!(
                "{sign}{}.{:0width$}",
                abs / scale,
                abs % scale,
                width = digits as usize
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn currency_codes() {
        assert_eq!(Currency::parse("UAH"), Ok(Currency::UAH));
        for bad in ["uah", "UA", "UAHH", "U1H", ""] {
            assert!(Currency::parse(bad).is_err());
        }
    }

    #[test]
    fn decimal_strings() {
        assert_eq!(
            Money::new(123450, Currency::UAH).decimal_string(),
            "1234.50"
        );
        assert_eq!(Money::new(-5, Currency::UAH).decimal_string(), "-0.05");
        assert_eq!(
            Money::new(i64::MIN, Currency::UAH).decimal_string(),
            "-92233720368547758.08"
        );
        assert_eq!(
            Money::new(1500, Currency::parse("JPY").unwrap_or_default()).decimal_string(),
            "1500"
        );
    }

    #[test]
    fn no_mixing_no_overflow() {
        let a = Money::new(1, Currency::UAH);
        assert_eq!(
            a.checked_add(Money::new(1, Currency::EUR)),
            Err(MoneyError::CurrencyMismatch(Currency::UAH, Currency::EUR))
        );
        assert_eq!(
            Money::new(i64::MAX, Currency::UAH).checked_add(a),
            Err(MoneyError::Overflow)
        );
        assert_eq!(
            Money::new(0, Currency::UAH).checked_sub(Money::new(i64::MIN, Currency::UAH)),
            Err(MoneyError::Overflow)
        );
    }

    proptest! {
        #[test]
        fn add_then_sub_is_identity(a in -1_000_000_000_000i64..1_000_000_000_000, b in -1_000_000_000_000i64..1_000_000_000_000) {
            let x = Money::new(a, Currency::UAH);
            let y = Money::new(b, Currency::UAH);
            prop_assert_eq!(x.checked_add(y).and_then(|s| s.checked_sub(y)), Ok(x));
        }
    }
}
