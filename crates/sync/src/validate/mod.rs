//! Validation of one raw event against SYNC_API.md. It works by hand over
//! `serde_json::Value` rather than through serde derive so that every refusal
//! names the exact JSON pointer of the offending value (e.g.
//! `/data/constructions/0/width_mm`) and says what is wrong in words a plant
//! programmer can act on (`width_mm must be between 100 and 10000`).
//!
//! Conventions, applied the same way to every field:
//! - an optional field that is absent, `null`, or a blank string is absent;
//! - a required field that is absent or `null` is `missing_field`;
//! - text is trimmed, counted in characters (names are Cyrillic), and may not
//!   hold control characters (free-text fields — address, description,
//!   reason — may hold line breaks and tabs);
//! - a string longer than its limit is `too_long`, as is a list with too many
//!   items and an attachment over the size limit;
//! - a container of the wrong JSON type (the event, `data`, a list, a list
//!   item that should be an object) is `invalid_json_shape`; a scalar of the
//!   wrong type or out of range is `invalid_field`;
//! - unknown fields are refused (`invalid_field` at their own path), in the
//!   envelope, in `data` and in list items: the contract is strict about
//!   content, and a misspelt optional field must not be silently dropped.
//!
//! `conflicting_duplicate` is one of the codes but is decided by the inbox,
//! which knows what was accepted before; nothing here returns it.
//!
//! The module is split by what each part reads, so a change to one event
//! family's rules touches one file:
//! - `envelope`: the entry point [`validate_event`], the envelope fields
//!   and the choice of the event type;
//! - `fields`: the object reader `Obj` and the primitive readers every
//!   event family shares (text, codes, numbers, instants, dates, lists);
//! - `orders`: `dealer.upserted`, `order.upserted` and
//!   `order.status_changed`;
//! - `shipment`: `shipment.upserted`;
//! - `attachment`: `attachment.added`, including the content sniffing;
//! - `ledger`: the three `ledger.*` events.

mod attachment;
mod envelope;
mod fields;
mod ledger;
mod orders;
mod shipment;
#[cfg(test)]
mod tests;

pub use envelope::validate_event;

/// The configurable limits of SYNC_API.md that apply to one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Strings at most this many characters unless a field says otherwise.
    pub max_string_chars: usize,
    /// Decoded attachment content at most this many bytes.
    pub max_attachment_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_string_chars: 1000,
            max_attachment_bytes: 5 * 1024 * 1024,
        }
    }
}

/// The per-event error codes of SYNC_API.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectCode {
    InvalidJsonShape,
    UnknownEventType,
    ForbiddenEventType,
    MissingField,
    InvalidField,
    TooLong,
    /// Same `event_id` as an accepted event, different content. Decided by
    /// the inbox, never by [`validate_event`].
    ConflictingDuplicate,
}

impl RejectCode {
    pub const ALL: [RejectCode; 7] = [
        RejectCode::InvalidJsonShape,
        RejectCode::UnknownEventType,
        RejectCode::ForbiddenEventType,
        RejectCode::MissingField,
        RejectCode::InvalidField,
        RejectCode::TooLong,
        RejectCode::ConflictingDuplicate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RejectCode::InvalidJsonShape => "invalid_json_shape",
            RejectCode::UnknownEventType => "unknown_event_type",
            RejectCode::ForbiddenEventType => "forbidden_event_type",
            RejectCode::MissingField => "missing_field",
            RejectCode::InvalidField => "invalid_field",
            RejectCode::TooLong => "too_long",
            RejectCode::ConflictingDuplicate => "conflicting_duplicate",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == raw)
    }
}

impl std::fmt::Display for RejectCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why one event was refused: the `error` object of a rejected result.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
#[error("{code} at {path:?}: {message}")]
pub struct Rejection {
    pub code: RejectCode,
    /// JSON pointer into the event, e.g. `/data/constructions/0/width_mm`;
    /// empty for the event itself.
    pub path: String,
    pub message: String,
}

impl Rejection {
    pub fn new(code: RejectCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code,
            path: path.into(),
            message: message.into(),
        }
    }
}

type Res<T> = Result<T, Rejection>;
