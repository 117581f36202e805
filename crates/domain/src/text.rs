//! Small checked text values shared by several aggregates.

use crate::InvalidValue;

/// Trims `raw` and checks it is between `min` and `max` characters (not
/// bytes: names are often Cyrillic) with no control characters.
pub fn bounded(
    field: &'static str,
    raw: &str,
    min: usize,
    max: usize,
) -> Result<String, InvalidValue> {
    let value = raw.trim();
    let len = value.chars().count();
    if len < min {
        return Err(if min == 1 {
            InvalidValue::new(field, "must not be empty")
        } else {
            InvalidValue::new(field, format!("must be at least {min} characters"))
        });
    }
    if len > max {
        return Err(InvalidValue::new(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    if value.chars().any(|c| c.is_control()) {
        return Err(InvalidValue::new(
            field,
            "must not contain control characters",
        ));
    }
    Ok(value.to_owned())
}

/// [`bounded`] for a field that may be left empty: `None` then.
pub fn optional(
    field: &'static str,
    raw: &str,
    max: usize,
) -> Result<Option<String>, InvalidValue> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    bounded(field, raw, 1, max).map(Some)
}

/// [`bounded`] for text written over several lines (a note, a news item):
/// line breaks and tabs are its own, other control characters are refused;
/// Windows line ends become `\n`.
pub fn multiline(
    field: &'static str,
    raw: &str,
    min: usize,
    max: usize,
) -> Result<String, InvalidValue> {
    bounded(field, &raw.replace(['\r', '\n', '\t'], " "), min, max)?;
    Ok(raw.trim().replace("\r\n", "\n"))
}

/// A code as used for factories and dealers: letters, digits, `-`, `_`, `.`,
/// 1–64 characters. Codes appear in URLs, so they stay URL-safe.
pub fn code(field: &'static str, raw: &str) -> Result<String, InvalidValue> {
    let value = bounded(field, raw, 1, 64)?;
    if !value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(InvalidValue::new(
            field,
            "may contain only Latin letters, digits, '-', '_' and '.'",
        ));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_counts_characters_not_bytes() {
        assert_eq!(bounded("name", "  Вікна  ", 1, 5).as_deref(), Ok("Вікна"));
        assert!(bounded("name", "Вікна!", 1, 5).is_err());
        assert!(bounded("name", "   ", 1, 5).is_err());
        assert!(bounded("name", "a\u{0}b", 1, 5).is_err());
    }

    #[test]
    fn codes_are_url_safe() {
        assert_eq!(code("code", "KH-1").as_deref(), Ok("KH-1"));
        assert!(code("code", "a/b").is_err());
        assert!(code("code", "код").is_err());
        assert!(code("code", "").is_err());
    }
}
