//! Instants are stored as Unix milliseconds in UTC: both databases keep an
//! integer exactly, compare it fast, and the `Any` driver decodes it on both.
//! Pages convert to the plant's time zone when they show one.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    pub fn now() -> Self {
        Self::from_datetime(OffsetDateTime::now_utc())
    }

    pub fn from_datetime(dt: OffsetDateTime) -> Self {
        Self((dt.unix_timestamp_nanos() / 1_000_000) as i64)
    }

    pub fn millis(self) -> i64 {
        self.0
    }

    pub fn to_datetime(self) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(self.0) * 1_000_000)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    pub fn plus_seconds(self, secs: i64) -> Self {
        Self(self.0.saturating_add(secs.saturating_mul(1000)))
    }

    /// RFC 3339 in UTC with milliseconds, the form every API answer uses.
    pub fn rfc3339(self) -> String {
        let dt = self.to_datetime();
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
            dt.year(),
            u8::from(dt.month()),
            dt.day(),
            dt.hour(),
            dt.minute(),
            dt.second(),
            dt.millisecond()
        )
    }

    /// Parses an RFC 3339 instant; a zone is required (SYNC_API.md).
    pub fn parse_rfc3339(raw: &str) -> Result<Self, crate::InvalidValue> {
        OffsetDateTime::parse(raw, &time::format_description::well_known::Rfc3339)
            .map(Self::from_datetime)
            .map_err(|_| {
                crate::InvalidValue::new(
                    "timestamp",
                    "must be an RFC 3339 instant with a time zone, e.g. 2026-11-20T08:15:00Z",
                )
            })
    }
}

/// Dates (`YYYY-MM-DD`) are kept as text in that form: it sorts correctly
/// and needs no conversion on either database.
pub fn parse_date(raw: &str) -> Result<time::Date, crate::InvalidValue> {
    time::Date::parse(
        raw,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|_| crate::InvalidValue::new("date", "must be a date in the form YYYY-MM-DD"))
}

pub fn format_date(d: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let t = Timestamp::parse_rfc3339("2026-11-20T10:15:00.250+02:00");
        assert_eq!(
            t.map(Timestamp::rfc3339),
            Ok("2026-11-20T08:15:00.250Z".to_owned())
        );
        assert!(Timestamp::parse_rfc3339("2026-11-20T10:15:00").is_err());
        assert_eq!(
            parse_date("2026-02-28").map(format_date),
            Ok("2026-02-28".to_owned())
        );
        assert!(parse_date("2026-02-30").is_err());
    }
}
