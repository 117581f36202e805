//! The envelope of an event (`event_id`, `type`, `occurred_at`, `version`,
//! `data`) and the entry point that reads it. The type is checked first —
//! known, and allowed for the sending source — because every later message
//! depends on knowing what kind of event this is; then `data` is handed to
//! the reader of that event family.

use super::attachment::attachment;
use super::fields::{Obj, clip, json_kind};
use super::ledger::{entry_posted, entry_voided, opening};
use super::orders::{dealer, order, status_changed};
use super::shipment::shipment;
use super::{Limits, RejectCode, Rejection, Res};
use crate::events::*;
use dealerdesk_domain::model::SourceKind;
use serde_json::Value;

const ENVELOPE_FIELDS: &[&str] = &["event_id", "type", "occurred_at", "version", "data"];
const EVENT_ID_MAX: usize = 128;

/// Validates one element of a request's `events` array, sent by a source of
/// kind `source`. Returns the typed event, or the first problem found with
/// its JSON pointer.
pub fn validate_event(
    raw: &Value,
    source: SourceKind,
    limits: &Limits,
) -> Result<Event, Rejection> {
    let env = Obj::new(raw, String::new(), "the event", limits)?;

    let ty = match env.get("type") {
        None => return Err(env.missing("type")),
        Some(Value::String(s)) => s.as_str(),
        Some(_) => {
            return Err(env.invalid("type", "type must be a string such as \"order.upserted\""));
        }
    };
    let Some(ty) = EventType::parse(ty) else {
        return Err(Rejection::new(
            RejectCode::UnknownEventType,
            "/type",
            format!(
                "unknown event type {:?}; expected one of: {}",
                clip(ty),
                type_list()
            ),
        ));
    };
    if !ty.allowed_for(source) {
        return Err(Rejection::new(
            RejectCode::ForbiddenEventType,
            "/type",
            format!(
                "a {} source may not send {ty} events (it is sent by the {} system)",
                source.as_str(),
                ty.source_kind().as_str()
            ),
        ));
    }

    let event_id = env.event_id()?;
    let occurred_at = env.instant("occurred_at")?;
    let version = env.int("version")?;
    if version < 1 {
        return Err(env.invalid("version", "version must be an integer of at least 1"));
    }
    env.only(ENVELOPE_FIELDS)?;

    let data_raw = env.required("data")?;
    let data = Obj::new(data_raw, "/data".into(), "data", limits)?;
    let data = match ty {
        EventType::DealerUpserted => EventData::DealerUpserted(dealer(&data)?),
        EventType::OrderUpserted => EventData::OrderUpserted(order(&data)?),
        EventType::OrderStatusChanged => EventData::OrderStatusChanged(status_changed(&data)?),
        EventType::ShipmentUpserted => EventData::ShipmentUpserted(shipment(&data)?),
        EventType::AttachmentAdded => EventData::AttachmentAdded(attachment(&data)?),
        EventType::LedgerOpeningBalance => EventData::LedgerOpeningBalance(opening(&data)?),
        EventType::LedgerEntryPosted => EventData::LedgerEntryPosted(entry_posted(&data)?),
        EventType::LedgerEntryVoided => EventData::LedgerEntryVoided(entry_voided(&data)?),
    };
    Ok(Event {
        event_id,
        occurred_at,
        version,
        data,
    })
}

fn type_list() -> String {
    EventType::ALL
        .iter()
        .map(|t| t.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

impl Obj<'_> {
    /// The envelope's `event_id`: non-blank printable text of at most
    /// `EVENT_ID_MAX` characters. Read here, not with the other readers,
    /// because only the envelope has one.
    fn event_id(&self) -> Res<String> {
        let s = match self.required("event_id")? {
            Value::String(s) => s,
            other => {
                return Err(self.invalid(
                    "event_id",
                    format!("event_id must be a string, not {}", json_kind(other)),
                ));
            }
        };
        let n = s.chars().count();
        if n > EVENT_ID_MAX {
            return Err(Rejection::new(
                RejectCode::TooLong,
                "/event_id",
                format!("event_id must be at most {EVENT_ID_MAX} characters (it has {n})"),
            ));
        }
        if s.trim().is_empty() {
            return Err(self.invalid("event_id", "event_id must not be empty"));
        }
        if s.chars().any(char::is_control) {
            return Err(self.invalid(
                "event_id",
                "event_id must contain only printable characters",
            ));
        }
        Ok(s.clone())
    }
}
