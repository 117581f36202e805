//! The events of SYNC_API.md as typed values. An [`Event`] exists only once
//! its raw JSON has passed [`crate::validate::validate_event`], so every field
//! here already satisfies the contract: identifiers are trimmed and bounded,
//! enums are parsed, dates are `YYYY-MM-DD`, instants are [`Timestamp`]s and
//! attachment content is decoded bytes that match their content type.
//!
//! [`Event::to_json`] writes the wire form back, so a value built in memory
//! (by the simulator, by tests) can be sent over HTTP and validates to itself.

use base64::Engine as _;
use dealerdesk_domain::model::SourceKind;
use dealerdesk_domain::{
    ConstructionKind, ConstructionStatus, Currency, Email, LedgerKind, OrderStatus, Phone,
    Timestamp,
};
use serde_json::{Map, Value, json};

/// One event as a source sent it: the envelope and its typed `data`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Unique within the source; 1–128 printable characters.
    pub event_id: String,
    pub occurred_at: Timestamp,
    /// ≥ 1, increasing per entity ([`Event::entity_key`]) within the source.
    pub version: i64,
    pub data: EventData,
}

/// The eight event types of SYNC_API.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventType {
    DealerUpserted,
    OrderUpserted,
    OrderStatusChanged,
    ShipmentUpserted,
    AttachmentAdded,
    LedgerOpeningBalance,
    LedgerEntryPosted,
    LedgerEntryVoided,
}

impl EventType {
    pub const ALL: [EventType; 8] = [
        EventType::DealerUpserted,
        EventType::OrderUpserted,
        EventType::OrderStatusChanged,
        EventType::ShipmentUpserted,
        EventType::AttachmentAdded,
        EventType::LedgerOpeningBalance,
        EventType::LedgerEntryPosted,
        EventType::LedgerEntryVoided,
    ];

    /// The wire name, e.g. `order.status_changed`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::DealerUpserted => "dealer.upserted",
            EventType::OrderUpserted => "order.upserted",
            EventType::OrderStatusChanged => "order.status_changed",
            EventType::ShipmentUpserted => "shipment.upserted",
            EventType::AttachmentAdded => "attachment.added",
            EventType::LedgerOpeningBalance => "ledger.opening_balance",
            EventType::LedgerEntryPosted => "ledger.entry_posted",
            EventType::LedgerEntryVoided => "ledger.entry_voided",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == raw)
    }

    /// Which system may send it: production sends dealers, orders, statuses,
    /// shipments and attachments; accounting sends the three ledger types.
    pub fn source_kind(self) -> SourceKind {
        match self {
            EventType::DealerUpserted
            | EventType::OrderUpserted
            | EventType::OrderStatusChanged
            | EventType::ShipmentUpserted
            | EventType::AttachmentAdded => SourceKind::Production,
            EventType::LedgerOpeningBalance
            | EventType::LedgerEntryPosted
            | EventType::LedgerEntryVoided => SourceKind::Accounting,
        }
    }

    pub fn allowed_for(self, source: SourceKind) -> bool {
        self.source_kind() == source
    }
}

impl std::fmt::Display for EventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `data` of an event, one variant per type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventData {
    DealerUpserted(DealerUpserted),
    OrderUpserted(OrderUpserted),
    OrderStatusChanged(OrderStatusChanged),
    ShipmentUpserted(ShipmentUpserted),
    AttachmentAdded(AttachmentAdded),
    LedgerOpeningBalance(LedgerOpeningBalance),
    LedgerEntryPosted(LedgerEntryPosted),
    LedgerEntryVoided(LedgerEntryVoided),
}

/// `dealer.upserted`. Optional text fields are `None` when absent, `null` or
/// blank on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealerUpserted {
    /// 1–64 characters: Latin letters, digits, `-`, `_`, `.`; unique across factories.
    pub code: String,
    /// Full legal name, e.g. `ТОВ «Вікна Поділля»`.
    pub name: String,
    pub short_name: Option<String>,
    pub tax_id: Option<String>,
    pub region: Option<String>,
    pub city: Option<String>,
    pub address: Option<String>,
    /// Free text: dealers often list several numbers.
    pub phone: Option<String>,
    pub email: Option<Email>,
    /// The login of the dealer's manager at the plant.
    pub manager_email: Option<Email>,
    pub active: bool,
}

/// `order.upserted`: the order with all its constructions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderUpserted {
    /// 1–64 characters, unique within the factory.
    pub number: String,
    pub dealer_code: String,
    pub accepted_at: Timestamp,
    pub customer_ref: Option<String>,
    /// `YYYY-MM-DD`.
    pub planned_ship_date: Option<String>,
    pub currency: Currency,
    /// ≥ 0, in minor units.
    pub total_minor: i64,
    /// 1–500 items with unique positions.
    pub constructions: Vec<ConstructionData>,
}

/// One construction of an `order.upserted`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConstructionData {
    /// ≥ 1, unique within the order.
    pub position: i64,
    pub kind: ConstructionKind,
    pub name: String,
    /// 100–10000.
    pub width_mm: i64,
    /// 100–10000.
    pub height_mm: i64,
    pub profile_system: Option<String>,
    pub glass_unit: Option<String>,
    pub colour: Option<String>,
    pub fittings: Option<String>,
    /// 1–1000.
    pub quantity: i64,
    /// ≥ 0, per piece, in minor units.
    pub price_minor: i64,
}

/// `order.status_changed`: the order's status, and optionally the progress
/// of some of its constructions (partial completion).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderStatusChanged {
    pub number: String,
    pub status: OrderStatus,
    pub at: Timestamp,
    /// Empty when the event reports no per-construction progress.
    pub constructions: Vec<ConstructionProgress>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConstructionProgress {
    pub position: i64,
    pub status: ConstructionStatus,
    pub at: Timestamp,
}

/// `shipment.upserted`: a trip and the orders it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipmentUpserted {
    /// 1–64 characters, unique within the factory.
    pub trip: String,
    pub vehicle: Option<String>,
    pub driver_name: String,
    pub driver_phone: Phone,
    pub departed_at: Option<Timestamp>,
    /// `YYYY-MM-DD`.
    pub planned_delivery_date: Option<String>,
    pub delivered_at: Option<Timestamp>,
    /// 1–200 distinct order numbers.
    pub orders: Vec<String>,
}

/// What an attachment shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttachmentKind {
    Drawing,
    Photo,
    Document,
}

impl AttachmentKind {
    pub const ALL: [AttachmentKind; 3] = [
        AttachmentKind::Drawing,
        AttachmentKind::Photo,
        AttachmentKind::Document,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AttachmentKind::Drawing => "drawing",
            AttachmentKind::Photo => "photo",
            AttachmentKind::Document => "document",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }
}

/// The four content types an attachment may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContentType {
    Png,
    Jpeg,
    Svg,
    Pdf,
}

impl ContentType {
    pub const ALL: [ContentType; 4] = [
        ContentType::Png,
        ContentType::Jpeg,
        ContentType::Svg,
        ContentType::Pdf,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ContentType::Png => "image/png",
            ContentType::Jpeg => "image/jpeg",
            ContentType::Svg => "image/svg+xml",
            ContentType::Pdf => "application/pdf",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }
}

/// `attachment.added`: a file for an order or one of its constructions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentAdded {
    pub attachment_id: String,
    pub order_number: String,
    /// The construction it belongs to; `None` for the whole order.
    pub position: Option<i64>,
    pub kind: AttachmentKind,
    pub file_name: String,
    pub content_type: ContentType,
    /// The decoded file; its magic bytes match `content_type`.
    pub content: Vec<u8>,
}

/// `ledger.opening_balance`: what the dealer owed when the ledger starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerOpeningBalance {
    pub dealer_code: String,
    /// `YYYY-MM-DD`.
    pub as_of: String,
    /// Signed: positive means the dealer owes the plant.
    pub amount_minor: i64,
    pub currency: Currency,
}

/// `ledger.entry_posted`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerEntryPosted {
    /// Unique within the source.
    pub entry_id: String,
    pub dealer_code: String,
    pub kind: LedgerKind,
    /// > 0, except an adjustment, which is signed and non-zero.
    pub amount_minor: i64,
    pub currency: Currency,
    /// `YYYY-MM-DD`.
    pub posted_on: String,
    pub order_number: Option<String>,
    pub description: Option<String>,
}

/// `ledger.entry_voided`: the entry no longer counts but stays visible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerEntryVoided {
    pub entry_id: String,
    pub reason: String,
}

impl EventData {
    pub fn event_type(&self) -> EventType {
        match self {
            EventData::DealerUpserted(_) => EventType::DealerUpserted,
            EventData::OrderUpserted(_) => EventType::OrderUpserted,
            EventData::OrderStatusChanged(_) => EventType::OrderStatusChanged,
            EventData::ShipmentUpserted(_) => EventType::ShipmentUpserted,
            EventData::AttachmentAdded(_) => EventType::AttachmentAdded,
            EventData::LedgerOpeningBalance(_) => EventType::LedgerOpeningBalance,
            EventData::LedgerEntryPosted(_) => EventType::LedgerEntryPosted,
            EventData::LedgerEntryVoided(_) => EventType::LedgerEntryVoided,
        }
    }

    /// The wire name of the type, e.g. `ledger.entry_posted`.
    pub fn type_name(&self) -> &'static str {
        self.event_type().as_str()
    }

    /// Whether a source of this kind may send this type.
    pub fn allowed_for(&self, source: SourceKind) -> bool {
        self.event_type().allowed_for(source)
    }

    /// The entity whose version sequence this event belongs to (see
    /// [`Event::entity_key`]).
    pub fn entity_key(&self) -> String {
        match self {
            EventData::DealerUpserted(d) => format!("dealer:{}", d.code),
            EventData::OrderUpserted(d) => format!("order:{}", d.number),
            EventData::OrderStatusChanged(d) => format!("order:{}", d.number),
            EventData::ShipmentUpserted(d) => format!("shipment:{}", d.trip),
            EventData::AttachmentAdded(d) => format!("attachment:{}", d.attachment_id),
            EventData::LedgerOpeningBalance(d) => format!("opening:{}", d.dealer_code),
            EventData::LedgerEntryPosted(d) => format!("ledger:{}", d.entry_id),
            EventData::LedgerEntryVoided(d) => format!("ledger:{}", d.entry_id),
        }
    }

    /// The `data` object in its wire form. Optional fields that are `None`
    /// (and an empty progress list) are left out.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        match self {
            EventData::DealerUpserted(d) => {
                put(&mut m, "code", d.code.as_str());
                put(&mut m, "name", d.name.as_str());
                opt(&mut m, "short_name", d.short_name.as_deref());
                opt(&mut m, "tax_id", d.tax_id.as_deref());
                opt(&mut m, "region", d.region.as_deref());
                opt(&mut m, "city", d.city.as_deref());
                opt(&mut m, "address", d.address.as_deref());
                opt(&mut m, "phone", d.phone.as_deref());
                opt(&mut m, "email", d.email.as_ref().map(Email::as_str));
                opt(
                    &mut m,
                    "manager_email",
                    d.manager_email.as_ref().map(Email::as_str),
                );
                put(&mut m, "active", d.active);
            }
            EventData::OrderUpserted(d) => {
                put(&mut m, "number", d.number.as_str());
                put(&mut m, "dealer_code", d.dealer_code.as_str());
                put(&mut m, "accepted_at", d.accepted_at.rfc3339());
                opt(&mut m, "customer_ref", d.customer_ref.as_deref());
                opt(&mut m, "planned_ship_date", d.planned_ship_date.as_deref());
                put(&mut m, "currency", d.currency.as_str());
                put(&mut m, "total_minor", d.total_minor);
                let items: Vec<Value> = d
                    .constructions
                    .iter()
                    .map(ConstructionData::to_json)
                    .collect();
                put(&mut m, "constructions", items);
            }
            EventData::OrderStatusChanged(d) => {
                put(&mut m, "number", d.number.as_str());
                put(&mut m, "status", d.status.as_str());
                put(&mut m, "at", d.at.rfc3339());
                if !d.constructions.is_empty() {
                    let items: Vec<Value> = d
                        .constructions
                        .iter()
                        .map(|c| json!({ "position": c.position, "status": c.status.as_str(), "at": c.at.rfc3339() }))
                        .collect();
                    put(&mut m, "constructions", items);
                }
            }
            EventData::ShipmentUpserted(d) => {
                put(&mut m, "trip", d.trip.as_str());
                opt(&mut m, "vehicle", d.vehicle.as_deref());
                put(&mut m, "driver_name", d.driver_name.as_str());
                put(&mut m, "driver_phone", d.driver_phone.as_str());
                opt(&mut m, "departed_at", d.departed_at.map(Timestamp::rfc3339));
                opt(
                    &mut m,
                    "planned_delivery_date",
                    d.planned_delivery_date.as_deref(),
                );
                opt(
                    &mut m,
                    "delivered_at",
                    d.delivered_at.map(Timestamp::rfc3339),
                );
                put(&mut m, "orders", d.orders.clone());
            }
            EventData::AttachmentAdded(d) => {
                put(&mut m, "attachment_id", d.attachment_id.as_str());
                put(&mut m, "order_number", d.order_number.as_str());
                opt(&mut m, "position", d.position);
                put(&mut m, "kind", d.kind.as_str());
                put(&mut m, "file_name", d.file_name.as_str());
                put(&mut m, "content_type", d.content_type.as_str());
                put(
                    &mut m,
                    "content_base64",
                    base64::engine::general_purpose::STANDARD.encode(&d.content),
                );
            }
            EventData::LedgerOpeningBalance(d) => {
                put(&mut m, "dealer_code", d.dealer_code.as_str());
                put(&mut m, "as_of", d.as_of.as_str());
                put(&mut m, "amount_minor", d.amount_minor);
                put(&mut m, "currency", d.currency.as_str());
            }
            EventData::LedgerEntryPosted(d) => {
                put(&mut m, "entry_id", d.entry_id.as_str());
                put(&mut m, "dealer_code", d.dealer_code.as_str());
                put(&mut m, "kind", d.kind.as_str());
                put(&mut m, "amount_minor", d.amount_minor);
                put(&mut m, "currency", d.currency.as_str());
                put(&mut m, "posted_on", d.posted_on.as_str());
                opt(&mut m, "order_number", d.order_number.as_deref());
                opt(&mut m, "description", d.description.as_deref());
            }
            EventData::LedgerEntryVoided(d) => {
                put(&mut m, "entry_id", d.entry_id.as_str());
                put(&mut m, "reason", d.reason.as_str());
            }
        }
        Value::Object(m)
    }
}

impl ConstructionData {
    fn to_json(&self) -> Value {
        let mut m = Map::new();
        put(&mut m, "position", self.position);
        put(&mut m, "kind", self.kind.as_str());
        put(&mut m, "name", self.name.as_str());
        put(&mut m, "width_mm", self.width_mm);
        put(&mut m, "height_mm", self.height_mm);
        opt(&mut m, "profile_system", self.profile_system.as_deref());
        opt(&mut m, "glass_unit", self.glass_unit.as_deref());
        opt(&mut m, "colour", self.colour.as_deref());
        opt(&mut m, "fittings", self.fittings.as_deref());
        put(&mut m, "quantity", self.quantity);
        put(&mut m, "price_minor", self.price_minor);
        Value::Object(m)
    }
}

impl Event {
    pub fn type_name(&self) -> &'static str {
        self.data.type_name()
    }

    /// The entity the `version` applies to: `dealer:CODE`, `order:NUMBER`
    /// (upserts and status changes share it), `shipment:TRIP`,
    /// `attachment:ID`, `opening:DEALER_CODE`, `ledger:ENTRY_ID` (posted and
    /// voided share it). Unique within one source.
    pub fn entity_key(&self) -> String {
        self.data.entity_key()
    }

    /// The event in the wire form of SYNC_API.md, ready to go into a
    /// request's `events` array.
    pub fn to_json(&self) -> Value {
        json!({
            "event_id": self.event_id,
            "type": self.type_name(),
            "occurred_at": self.occurred_at.rfc3339(),
            "version": self.version,
            "data": self.data.to_json(),
        })
    }
}

fn put(m: &mut Map<String, Value>, key: &str, value: impl Into<Value>) {
    m.insert(key.to_owned(), value.into());
}

fn opt<T: Into<Value>>(m: &mut Map<String, Value>, key: &str, value: Option<T>) {
    if let Some(v) = value {
        m.insert(key.to_owned(), v.into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_and_sources() {
        for t in EventType::ALL {
            assert_eq!(EventType::parse(t.as_str()), Some(t));
        }
        assert_eq!(EventType::parse("order.deleted"), None);
        let production: Vec<_> = EventType::ALL
            .into_iter()
            .filter(|t| t.allowed_for(SourceKind::Production))
            .collect();
        assert_eq!(production.len(), 5);
        assert!(EventType::LedgerEntryVoided.allowed_for(SourceKind::Accounting));
        assert!(!EventType::LedgerEntryVoided.allowed_for(SourceKind::Production));
        assert!(!EventType::DealerUpserted.allowed_for(SourceKind::Accounting));
    }

    #[test]
    fn entity_keys_share_sequences() {
        let status = EventData::OrderStatusChanged(OrderStatusChanged {
            number: "KH-25-000001".into(),
            status: OrderStatus::Ready,
            at: Timestamp(0),
            constructions: vec![],
        });
        assert_eq!(status.entity_key(), "order:KH-25-000001");
        let posted = EventData::LedgerEntryPosted(LedgerEntryPosted {
            entry_id: "E1".into(),
            dealer_code: "KH-D0001".into(),
            kind: LedgerKind::Payment,
            amount_minor: 100,
            currency: Currency::UAH,
            posted_on: "2025-01-02".into(),
            order_number: None,
            description: None,
        });
        let voided = EventData::LedgerEntryVoided(LedgerEntryVoided {
            entry_id: "E1".into(),
            reason: "double".into(),
        });
        assert_eq!(posted.entity_key(), voided.entity_key());
        assert_eq!(posted.entity_key(), "ledger:E1");
    }

    #[test]
    fn wire_form() {
        let e = Event {
            event_id: "prod-000123".into(),
            occurred_at: Timestamp(1_795_162_500_000),
            version: 7,
            data: EventData::OrderStatusChanged(OrderStatusChanged {
                number: "K-24-001234".into(),
                status: OrderStatus::InProduction,
                at: Timestamp(1_795_162_491_000),
                constructions: vec![],
            }),
        };
        assert_eq!(
            e.to_json(),
            json!({ "event_id": "prod-000123", "type": "order.status_changed",
                    "occurred_at": "2026-11-20T08:15:00.000Z", "version": 7,
                    "data": { "number": "K-24-001234", "status": "in_production", "at": "2026-11-20T08:14:51.000Z" } })
        );
        let a = EventData::AttachmentAdded(AttachmentAdded {
            attachment_id: "A1".into(),
            order_number: "N1".into(),
            position: None,
            kind: AttachmentKind::Document,
            file_name: "a.pdf".into(),
            content_type: ContentType::Pdf,
            content: b"%PDF-1.4".to_vec(),
        });
        assert_eq!(a.to_json()["content_base64"], json!("JVBERi0xLjQ="));
        assert!(a.to_json().get("position").is_none());
    }
}
