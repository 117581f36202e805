//! The readers every event family shares: `Obj`, an object being validated
//! together with its JSON pointer, and its typed readers (text, codes,
//! numbers, instants, dates, currencies, lists). They are the one place the
//! conventions of the parent module (absent/`null`/blank, trimming, control
//! characters, limits) are applied, so every family applies them the same
//! way and every refusal carries the exact pointer of the offending value.

use super::{Limits, RejectCode, Rejection, Res};
use dealerdesk_domain::{Currency, Email, InvalidValue, Timestamp};
use serde_json::{Map, Value};

/// Dealer codes: at most this many characters.
pub(super) const CODE_MAX: usize = 64;
/// Order numbers, trips and other identifiers of the plant: at most this
/// many characters.
pub(super) const NUMBER_MAX: usize = 64;

/// `field` + the domain's message ("must be greater than zero").
pub(super) fn domain_message(field: &str, e: &InvalidValue) -> String {
    format!("{field} {}", e.message)
}

/// Whether free text may span lines.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Lines {
    One,
    Many,
}

/// An object being validated: its map, its JSON pointer, the limits.
pub(super) struct Obj<'a> {
    map: &'a Map<String, Value>,
    pub(super) path: String,
    pub(super) limits: &'a Limits,
}

impl<'a> Obj<'a> {
    pub(super) fn new(v: &'a Value, path: String, what: &str, limits: &'a Limits) -> Res<Self> {
        match v {
            Value::Object(map) => Ok(Self { map, path, limits }),
            other => Err(Rejection::new(
                RejectCode::InvalidJsonShape,
                path,
                format!("{what} must be a JSON object, not {}", json_kind(other)),
            )),
        }
    }

    pub(super) fn at(&self, key: &str) -> String {
        format!("{}/{}", self.path, escape_pointer(key))
    }

    pub(super) fn invalid(&self, key: &str, message: impl Into<String>) -> Rejection {
        Rejection::new(RejectCode::InvalidField, self.at(key), message)
    }

    pub(super) fn missing(&self, key: &str) -> Rejection {
        Rejection::new(
            RejectCode::MissingField,
            self.at(key),
            format!("{key} is required"),
        )
    }

    /// Refuses any key not in `known`.
    pub(super) fn only(&self, known: &[&str]) -> Res<()> {
        match self.map.keys().find(|k| !known.contains(&k.as_str())) {
            None => Ok(()),
            Some(k) => Err(self.invalid(
                k,
                format!(
                    "unknown field {:?}; the fields here are: {}",
                    clip(k),
                    known.join(", ")
                ),
            )),
        }
    }

    /// The value of `key`, treating `null` as absent.
    pub(super) fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    pub(super) fn required(&self, key: &str) -> Res<&'a Value> {
        self.get(key).ok_or_else(|| self.missing(key))
    }

    pub(super) fn text(&self, key: &str, max: usize, lines: Lines) -> Res<String> {
        let v = self.required(key)?;
        let s = text_value(v, &self.at(key), key, max, lines)?;
        Ok(s)
    }

    pub(super) fn opt_text(&self, key: &str, max: usize, lines: Lines) -> Res<Option<String>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(v) => text_value(v, &self.at(key), key, max, lines).map(Some),
        }
    }

    /// A dealer code: 1–64 Latin letters, digits, `-`, `_`, `.`.
    pub(super) fn code(&self, key: &str) -> Res<String> {
        let s = self.text(key, CODE_MAX, Lines::One)?;
        dealerdesk_domain::text::code("code", &s)
            .map_err(|e| self.invalid(key, domain_message(key, &e)))
    }

    pub(super) fn string(&self, key: &str) -> Res<&'a str> {
        match self.required(key)? {
            Value::String(s) => Ok(s),
            other => Err(self.invalid(
                key,
                format!("{key} must be a string, not {}", json_kind(other)),
            )),
        }
    }

    /// A string parsed by one of the domain's `parse` functions.
    pub(super) fn parsed<T>(
        &self,
        key: &str,
        parse: impl Fn(&str) -> Result<T, InvalidValue>,
    ) -> Res<T> {
        let s = self.string(key)?;
        parse(s.trim()).map_err(|e| self.invalid(key, domain_message(key, &e)))
    }

    pub(super) fn opt_email(&self, key: &str) -> Res<Option<Email>> {
        let Some(s) = self.opt_text(key, self.limits.max_string_chars, Lines::One)? else {
            return Ok(None);
        };
        Email::parse(&s)
            .map(Some)
            .map_err(|e| self.invalid(key, domain_message(key, &e)))
    }

    pub(super) fn boolean(&self, key: &str) -> Res<bool> {
        match self.required(key)? {
            Value::Bool(b) => Ok(*b),
            other => Err(self.invalid(
                key,
                format!("{key} must be true or false, not {}", json_kind(other)),
            )),
        }
    }

    pub(super) fn int(&self, key: &str) -> Res<i64> {
        let v = self.required(key)?;
        match v {
            Value::Number(n) => {
                if let Some(i) = n.as_i64() {
                    Ok(i)
                } else if n.is_u64() {
                    Err(self.invalid(key, format!("{key} is too large (at most {})", i64::MAX)))
                } else {
                    Err(self.invalid(key, format!("{key} must be a whole number, not {n}")))
                }
            }
            other => Err(self.invalid(
                key,
                format!("{key} must be a whole number, not {}", json_kind(other)),
            )),
        }
    }

    pub(super) fn int_between(&self, key: &str, (lo, hi): (i64, i64)) -> Res<i64> {
        let i = self.int(key)?;
        if (lo..=hi).contains(&i) {
            Ok(i)
        } else {
            Err(self.invalid(key, format!("{key} must be between {lo} and {hi}")))
        }
    }

    pub(super) fn position(&self, key: &str) -> Res<i64> {
        let i = self.int(key)?;
        if i >= 1 {
            Ok(i)
        } else {
            Err(self.invalid(key, format!("{key} must be at least 1")))
        }
    }

    pub(super) fn instant(&self, key: &str) -> Res<Timestamp> {
        let s = self.string(key)?;
        Timestamp::parse_rfc3339(s.trim()).map_err(|_| {
            self.invalid(
                key,
                format!(
                    "{key} must be an RFC 3339 instant with a time zone, e.g. 2026-11-20T08:15:00Z"
                ),
            )
        })
    }

    pub(super) fn opt_instant(&self, key: &str) -> Res<Option<Timestamp>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(_) => self.instant(key).map(Some),
        }
    }

    pub(super) fn date(&self, key: &str) -> Res<String> {
        let s = self.string(key)?.trim();
        let b = s.as_bytes();
        let shaped = b.len() == 10
            && b.iter().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    *c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            });
        if shaped && dealerdesk_domain::time::parse_date(s).is_ok() {
            Ok(s.to_owned())
        } else {
            Err(self.invalid(
                key,
                format!("{key} must be a calendar date in the form YYYY-MM-DD"),
            ))
        }
    }

    pub(super) fn opt_date(&self, key: &str) -> Res<Option<String>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(_) => self.date(key).map(Some),
        }
    }

    /// ISO 4217 code; absent means UAH (SYNC_API.md: "default UAH").
    pub(super) fn currency(&self, key: &str) -> Res<Currency> {
        if self.get(key).is_none() {
            return Ok(Currency::UAH);
        }
        self.parsed(key, Currency::parse)
    }

    pub(super) fn array(
        &self,
        key: &str,
        min: usize,
        max: usize,
        item: &str,
    ) -> Res<&'a Vec<Value>> {
        let items = match self.required(key)? {
            Value::Array(items) => items,
            other => {
                return Err(Rejection::new(
                    RejectCode::InvalidJsonShape,
                    self.at(key),
                    format!("{key} must be a JSON array, not {}", json_kind(other)),
                ));
            }
        };
        if items.len() < min {
            return Err(self.invalid(key, format!("{key} must list at least {min} {item}")));
        }
        if items.len() > max {
            return Err(Rejection::new(
                RejectCode::TooLong,
                self.at(key),
                format!(
                    "{key} must list at most {max} items (it has {})",
                    items.len()
                ),
            ));
        }
        Ok(items)
    }
}

/// A JSON string as checked text: trimmed, non-empty, at most `max`
/// characters, no control characters (line breaks and tabs allowed in
/// [`Lines::Many`] fields).
pub(super) fn text_value(
    v: &Value,
    path: &str,
    key: &str,
    max: usize,
    lines: Lines,
) -> Res<String> {
    let s = match v {
        Value::String(s) => s.trim(),
        other => {
            return Err(Rejection::new(
                RejectCode::InvalidField,
                path,
                format!("{key} must be a string, not {}", json_kind(other)),
            ));
        }
    };
    if s.is_empty() {
        return Err(Rejection::new(
            RejectCode::InvalidField,
            path,
            format!("{key} must not be empty"),
        ));
    }
    let n = s.chars().count();
    if n > max {
        return Err(Rejection::new(
            RejectCode::TooLong,
            path,
            format!("{key} must be at most {max} characters (it has {n})"),
        ));
    }
    let allowed = |c: char| lines == Lines::Many && matches!(c, '\n' | '\r' | '\t');
    if s.chars().any(|c| c.is_control() && !allowed(c)) {
        let what = if lines == Lines::Many {
            "control characters other than line breaks and tabs"
        } else {
            "line breaks or other control characters"
        };
        return Err(Rejection::new(
            RejectCode::InvalidField,
            path,
            format!("{key} must not contain {what}"),
        ));
    }
    Ok(s.to_owned())
}

pub(super) fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// RFC 6901 escaping of one pointer segment.
pub(super) fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// A value quoted back in a message, cut short if long.
pub(super) fn clip(s: &str) -> String {
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s.to_owned()
    }
}
