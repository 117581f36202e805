//! The data model of SPEC sections 2–4 as plain values. The store reads and
//! writes these; pages and the JSON API render them. Fields that a source
//! system sends as free text stay `String`; fields DealerDesk acts on
//! (e-mail, phone, money, status) are typed.

use crate::*;
use serde::{Deserialize, Serialize};

/// The languages of the interface (SPEC 4.5); Russian is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Ru,
    Uk,
    En,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::Ru, Language::Uk, Language::En];

    pub fn as_str(self) -> &'static str {
        match self {
            Language::Ru => "ru",
            Language::Uk => "uk",
            Language::En => "en",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == raw)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Factory {
    pub id: FactoryId,
    pub code: String,
    pub name: String,
    /// IANA name, e.g. `Europe/Kyiv`; pages show instants in it.
    pub timezone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dealer {
    pub id: DealerId,
    pub factory_id: FactoryId,
    pub code: String,
    pub name: String,
    pub short_name: Option<String>,
    pub tax_id: Option<String>,
    pub region: Option<String>,
    pub city: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub manager_id: Option<UserId>,
    pub active: bool,
    pub currency: Currency,
}

impl Dealer {
    pub fn as_ref(&self) -> DealerRef {
        DealerRef {
            id: self.id,
            factory: self.factory_id,
            manager: self.manager_id,
        }
    }

    pub fn display_name(&self) -> &str {
        self.short_name.as_deref().unwrap_or(&self.name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: UserId,
    pub email: Email,
    pub display_name: String,
    pub role: Role,
    pub dealer_id: Option<DealerId>,
    pub factory_id: Option<FactoryId>,
    pub active: bool,
    pub language: Language,
    pub finance_allowed: bool,
    pub has_password: bool,
    pub created_at: Timestamp,
}

impl User {
    /// The principal this user acts as. `None` when the row is inconsistent
    /// (a dealer role without a dealer), which the store's checks prevent.
    pub fn actor(&self) -> Option<Actor> {
        let home = match (self.role, self.dealer_id, self.factory_id) {
            (Role::Admin, _, _) => Home::Everywhere,
            (r, Some(dealer), Some(factory)) if r.is_dealer_side() => {
                Home::Dealer { dealer, factory }
            }
            (r, None, Some(factory)) if r.is_staff() => Home::Factory(factory),
            _ => return None,
        };
        Some(Actor {
            user_id: self.id,
            role: self.role,
            home,
            finance_allowed: self.finance_allowed,
        })
    }
}

/// Counts of a dealer's orders per status and its balance: one row kept up
/// to date by the sync appliers, so a dashboard never aggregates orders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DealerStats {
    pub dealer_id: DealerId,
    pub balance: Money,
    pub counts: Vec<(OrderStatus, i64)>,
    /// The opening balance the accounting system sent (minor units).
    pub opening_minor: i64,
}

impl DealerStats {
    pub fn count(&self, status: OrderStatus) -> i64 {
        self.counts
            .iter()
            .find(|(s, _)| *s == status)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    }

    pub fn total_orders(&self) -> i64 {
        self.counts.iter().map(|(_, n)| n).sum()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Order {
    pub id: OrderId,
    pub factory_id: FactoryId,
    pub dealer_id: DealerId,
    pub number: String,
    pub customer_ref: Option<String>,
    pub accepted_at: Timestamp,
    pub planned_ship_date: Option<String>,
    pub currency: Currency,
    pub total_minor: i64,
    pub paid_minor: i64,
    pub delivery_charge_minor: i64,
    pub compensation_minor: i64,
    pub adjustment_minor: i64,
    pub status: OrderStatus,
    pub status_at: Timestamp,
    pub shipment_id: Option<ShipmentId>,
    /// When each stage was reached (the order page's timeline).
    pub timeline: Vec<(OrderStatus, Timestamp)>,
}

impl Order {
    /// What is left to pay: the order's amount and delivery charges and
    /// signed adjustments, less payments (net of refunds) and compensations.
    pub fn outstanding_minor(&self) -> i64 {
        self.total_minor
            .saturating_add(self.delivery_charge_minor)
            .saturating_add(self.adjustment_minor)
            .saturating_sub(self.paid_minor)
            .saturating_sub(self.compensation_minor)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Construction {
    pub id: ConstructionId,
    pub order_id: OrderId,
    pub position: i64,
    pub kind: ConstructionKind,
    pub name: String,
    pub width_mm: i64,
    pub height_mm: i64,
    pub profile_system: Option<String>,
    pub glass_unit: Option<String>,
    pub colour: Option<String>,
    pub fittings: Option<String>,
    pub quantity: i64,
    pub price_minor: i64,
    pub status: ConstructionStatus,
    pub status_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shipment {
    pub id: ShipmentId,
    pub factory_id: FactoryId,
    pub trip: String,
    pub vehicle: Option<String>,
    pub driver_name: String,
    pub driver_phone: Phone,
    pub departed_at: Option<Timestamp>,
    pub planned_delivery_date: Option<String>,
    pub delivered_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerEntry {
    pub id: LedgerEntryId,
    pub dealer_id: DealerId,
    /// The accounting system's own id (`entry_id`).
    pub source_entry_id: String,
    pub kind: LedgerKind,
    pub amount_minor: i64,
    pub currency: Currency,
    pub posted_on: String,
    pub order_id: Option<OrderId>,
    pub order_number: Option<String>,
    pub description: Option<String>,
    pub voided: bool,
    pub void_reason: Option<String>,
}

impl LedgerEntry {
    pub fn effect_minor(&self) -> i64 {
        if self.voided {
            0
        } else {
            balance_effect(self.kind, self.amount_minor).unwrap_or(0)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reclamation {
    pub id: ReclamationId,
    pub factory_id: FactoryId,
    pub dealer_id: DealerId,
    pub order_id: OrderId,
    pub number: String,
    pub status: ReclamationStatus,
    pub category: String,
    pub description: String,
    pub decision: Option<ReclamationDecision>,
    pub assigned_to: Option<UserId>,
    pub deadline_at: Option<Timestamp>,
    pub created_by: UserId,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MessageThread {
    pub id: ThreadId,
    pub dealer_id: DealerId,
    pub order_id: Option<OrderId>,
    pub subject: String,
    pub created_at: Timestamp,
    pub last_message_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    pub id: MessageId,
    pub thread_id: ThreadId,
    pub author_id: UserId,
    pub body: String,
    pub created_at: Timestamp,
}

/// The event kinds of SPEC 4.4, which are also the outbox's kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    OrderStatusChanged,
    ShipmentScheduled,
    Delivered,
    PaymentPosted,
    ReclamationStatusChanged,
    NewMessage,
    NewsPublished,
    TaskReminder,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 8] = [
        NotificationKind::OrderStatusChanged,
        NotificationKind::ShipmentScheduled,
        NotificationKind::Delivered,
        NotificationKind::PaymentPosted,
        NotificationKind::ReclamationStatusChanged,
        NotificationKind::NewMessage,
        NotificationKind::NewsPublished,
        NotificationKind::TaskReminder,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::OrderStatusChanged => "order_status_changed",
            NotificationKind::ShipmentScheduled => "shipment_scheduled",
            NotificationKind::Delivered => "delivered",
            NotificationKind::PaymentPosted => "payment_posted",
            NotificationKind::ReclamationStatusChanged => "reclamation_status_changed",
            NotificationKind::NewMessage => "new_message",
            NotificationKind::NewsPublished => "news_published",
            NotificationKind::TaskReminder => "task_reminder",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notification {
    pub id: NotificationId,
    pub user_id: UserId,
    pub kind: NotificationKind,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
    pub created_at: Timestamp,
    pub read_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct News {
    pub id: NewsId,
    /// `None`: for every factory.
    pub factory_id: Option<FactoryId>,
    pub title: String,
    pub body_markdown: String,
    pub published_at: Option<Timestamp>,
    pub author_id: UserId,
}

/// Where a factory information page belongs in the portal's menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InfoSection {
    /// The reference directory: products, profile systems, colours, documents.
    Reference,
    /// Working hours, holidays, shipping days.
    Schedule,
    /// Departments and people to call.
    Contacts,
}

impl InfoSection {
    pub const ALL: [InfoSection; 3] = [
        InfoSection::Reference,
        InfoSection::Schedule,
        InfoSection::Contacts,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InfoSection::Reference => "reference",
            InfoSection::Schedule => "schedule",
            InfoSection::Contacts => "contacts",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }
}

/// A page of factory information, Markdown as the content manager wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InfoPage {
    pub id: InfoPageId,
    /// `None`: for every factory.
    pub factory_id: Option<FactoryId>,
    pub section: InfoSection,
    /// The reference directory's group: `products`, `profile_systems`,
    /// `colours`, `documents` (free text, the page lists what exists).
    pub topic: Option<String>,
    pub slug: String,
    pub title: String,
    pub body_markdown: String,
    pub position: i64,
    pub published_at: Option<Timestamp>,
}

/// One change made by a person, with the state before and after (JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub id: AuditId,
    pub at: Timestamp,
    pub actor_id: Option<UserId>,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// One system of one factory that pushes events (SYNC_API.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Production,
    Accounting,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Production => "production",
            SourceKind::Accounting => "accounting",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        match raw {
            "production" => Ok(SourceKind::Production),
            "accounting" => Ok(SourceKind::Accounting),
            _ => Err(InvalidValue::new(
                "kind",
                "must be production or accounting",
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncSource {
    pub id: SourceId,
    pub factory_id: FactoryId,
    pub kind: SourceKind,
    pub created_at: Timestamp,
}

/// A file of an order or one of its constructions (drawing, photo,
/// document). Its bytes live in the blob store under `sha256`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    pub id: AttachmentId,
    pub order_id: OrderId,
    pub position: Option<i64>,
    pub kind: String,
    pub file_name: String,
    pub content_type: String,
    pub sha256: String,
    pub size_bytes: i64,
    pub created_at: Timestamp,
}
