//! The working set: every entity a batch touches, loaded once, changed in
//! memory by the rules, written back by `flush`. Entities that exist in
//! the database are keyed by id; new ones by their natural key until
//! `flush` inserts them.

use crate::events::{Event, EventData};
use dealerdesk_domain::{
    ConstructionStatus, Currency, DaySums, DealerId, FactoryId, LedgerEntryId, LedgerKind, OrderId,
    OrderStatus, ShipmentId, Timestamp, UserId,
};
use dealerdesk_store::orders::OrderContent;
use dealerdesk_store::shipments::ShipmentContent;
use dealerdesk_store::syncbatch::{MoneyDelta, NewDealer, StatsDelta, Timeline};
use dealerdesk_store::{Conn, Repos, Result};
use std::collections::{BTreeMap, BTreeSet, HashMap};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DKey {
    Id(DealerId),
    New(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OKey {
    Id(OrderId),
    New(String),
}

pub struct DealerW {
    pub key: DKey,
    pub currency: Currency,
    pub version: i64,
    pub opening_minor: i64,
    pub opening_version: i64,
    /// Content to insert (new) or update (existing).
    pub write: Option<NewDealer>,
    /// A new opening balance: (amount, as of).
    pub opening_write: Option<(i64, String)>,
}

pub struct OrderW {
    pub key: OKey,
    pub dealer: DKey,
    pub status: OrderStatus,
    pub status_at: Timestamp,
    pub content_version: i64,
    pub status_version: i64,
    /// Content to insert (new) or update (existing).
    pub content: Option<OrderContent>,
    /// position → (status, since, changed in this batch). Known for new
    /// orders and for loaded orders whose constructions an event needs.
    pub constructions: Option<BTreeMap<i64, (ConstructionStatus, Timestamp, bool)>>,
    pub status_dirty: bool,
    /// Stages first reached in this batch.
    pub timeline: Timeline,
}

impl OrderW {
    pub fn is_new(&self) -> bool {
        matches!(self.key, OKey::New(_))
    }
}

pub struct ShipmentW {
    pub id: Option<ShipmentId>,
    pub version: i64,
    pub content: ShipmentContent,
    pub dirty: bool,
    /// The trip's orders, when this batch set them.
    pub orders: Option<Vec<String>>,
}

pub struct EntryW {
    pub id: Option<LedgerEntryId>,
    pub dealer: DKey,
    pub kind: LedgerKind,
    pub amount_minor: i64,
    pub currency: Currency,
    pub posted_on: String,
    pub order: Option<OKey>,
    pub order_number: Option<String>,
    pub description: Option<String>,
    pub voided: bool,
    pub void_reason: Option<String>,
    pub version: i64,
    pub dirty: bool,
}

pub struct AttachmentW {
    pub order: OKey,
    pub dealer: DKey,
    pub row: dealerdesk_store::attachments::NewAttachment,
    pub version: i64,
}

pub struct OutboxW {
    pub kind: &'static str,
    pub dealer: DKey,
    pub order: Option<OKey>,
    pub payload: serde_json::Value,
}

pub struct Ws {
    pub dealers: HashMap<String, DealerW>,
    /// Codes that belong to another factory.
    pub foreign_dealers: BTreeSet<String>,
    pub managers: HashMap<String, UserId>,
    pub orders: HashMap<String, OrderW>,
    pub shipments: HashMap<String, ShipmentW>,
    pub entries: HashMap<String, EntryW>,
    pub attachment_versions: HashMap<String, i64>,
    pub attachments: Vec<AttachmentW>,
    /// Files this batch wrote; made durable before the batch commits.
    pub created_blobs: Vec<std::path::PathBuf>,
    pub stats: HashMap<DKey, StatsDelta>,
    pub money: HashMap<OKey, MoneyDelta>,
    /// What each dealer's posting day moved (`ledger_daily`).
    pub daily: HashMap<(DKey, String), DaySums>,
    pub outbox: Vec<OutboxW>,
}

impl Ws {
    pub fn stats(&mut self, dealer: &DKey) -> &mut StatsDelta {
        self.stats.entry(dealer.clone()).or_default()
    }

    pub fn money(&mut self, order: &OKey) -> &mut MoneyDelta {
        self.money.entry(order.clone()).or_default()
    }

    pub fn day(&mut self, dealer: &DKey, day: &str) -> &mut DaySums {
        self.daily
            .entry((dealer.clone(), day.to_owned()))
            .or_default()
    }
}

/// Index of a status in `OrderStatus::ALL` (the column order of counts
/// and timelines).
pub fn idx(s: OrderStatus) -> usize {
    OrderStatus::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

/// Loads what `events` refer to.
pub async fn load(c: &mut Conn, factory: FactoryId, events: &[Event]) -> Result<Ws> {
    let mut dealer_codes = BTreeSet::new();
    let mut emails = BTreeSet::new();
    let mut numbers = BTreeSet::new();
    let mut need_constructions = BTreeSet::new();
    let mut trips = BTreeSet::new();
    let mut entry_ids = BTreeSet::new();
    let mut attachment_ids = BTreeSet::new();
    for e in events {
        match &e.data {
            EventData::DealerUpserted(d) => {
                dealer_codes.insert(d.code.clone());
                if let Some(m) = &d.manager_email {
                    emails.insert(m.to_string());
                }
            }
            EventData::OrderUpserted(o) => {
                dealer_codes.insert(o.dealer_code.clone());
                numbers.insert(o.number.clone());
                need_constructions.insert(o.number.clone());
            }
            EventData::OrderStatusChanged(s) => {
                numbers.insert(s.number.clone());
                need_constructions.insert(s.number.clone());
            }
            EventData::ShipmentUpserted(s) => {
                trips.insert(s.trip.clone());
                numbers.extend(s.orders.iter().cloned());
            }
            EventData::AttachmentAdded(a) => {
                numbers.insert(a.order_number.clone());
                attachment_ids.insert(a.attachment_id.clone());
                if a.position.is_some() {
                    need_constructions.insert(a.order_number.clone());
                }
            }
            EventData::LedgerOpeningBalance(b) => {
                dealer_codes.insert(b.dealer_code.clone());
            }
            EventData::LedgerEntryPosted(p) => {
                dealer_codes.insert(p.dealer_code.clone());
                entry_ids.insert(p.entry_id.clone());
                if let Some(n) = &p.order_number {
                    numbers.insert(n.clone());
                }
            }
            EventData::LedgerEntryVoided(v) => {
                entry_ids.insert(v.entry_id.clone());
            }
        }
    }
    let vec = |s: BTreeSet<String>| s.into_iter().collect::<Vec<_>>();
    let mut b = c.sync_batch();
    let mut ws = Ws {
        dealers: HashMap::new(),
        foreign_dealers: BTreeSet::new(),
        managers: HashMap::new(),
        orders: HashMap::new(),
        shipments: HashMap::new(),
        entries: HashMap::new(),
        attachment_versions: HashMap::new(),
        attachments: Vec::new(),
        created_blobs: Vec::new(),
        stats: HashMap::new(),
        money: HashMap::new(),
        daily: HashMap::new(),
        outbox: Vec::new(),
    };
    for d in b.dealers_by_codes(&vec(dealer_codes)).await? {
        if d.factory_id != factory {
            ws.foreign_dealers.insert(d.code);
            continue;
        }
        ws.dealers.insert(
            d.code.clone(),
            DealerW {
                key: DKey::Id(d.id),
                currency: d.currency,
                version: d.version,
                opening_minor: d.opening_minor,
                opening_version: d.opening_version,
                write: None,
                opening_write: None,
            },
        );
    }
    if !emails.is_empty() {
        ws.managers = b
            .sales_people(factory, &vec(emails))
            .await?
            .into_iter()
            .collect();
    }
    let orders = b.orders_by_numbers(factory, &vec(numbers)).await?;
    let with_constructions: Vec<OrderId> = orders
        .iter()
        .filter(|o| need_constructions.contains(&o.number))
        .map(|o| o.id)
        .collect();
    let mut constructions: HashMap<OrderId, BTreeMap<i64, (ConstructionStatus, Timestamp, bool)>> =
        with_constructions
            .iter()
            .map(|id| (*id, BTreeMap::new()))
            .collect();
    if !with_constructions.is_empty() {
        for (order, position, status, at) in b.construction_states(&with_constructions).await? {
            constructions
                .entry(order)
                .or_default()
                .insert(position, (status, at, false));
        }
    }
    for o in orders {
        ws.orders.insert(
            o.number.clone(),
            OrderW {
                key: OKey::Id(o.id),
                dealer: DKey::Id(o.dealer_id),
                status: o.status,
                status_at: o.status_at,
                content_version: o.content_version,
                status_version: o.status_version,
                content: None,
                constructions: constructions.remove(&o.id),
                status_dirty: false,
                timeline: Default::default(),
            },
        );
    }
    for s in b.shipments_by_trips(factory, &vec(trips)).await? {
        ws.shipments.insert(
            s.content.trip.clone(),
            ShipmentW {
                id: Some(s.id),
                version: s.version,
                content: s.content,
                dirty: false,
                orders: None,
            },
        );
    }
    for e in b.entries_by_ids(factory, &vec(entry_ids)).await? {
        ws.entries.insert(
            e.source_entry_id.clone(),
            EntryW {
                id: Some(e.id),
                dealer: DKey::Id(e.dealer_id),
                kind: e.kind,
                amount_minor: e.amount_minor,
                currency: e.currency,
                posted_on: e.posted_on,
                order: e.order_id.map(OKey::Id),
                order_number: e.order_number,
                description: e.description,
                voided: e.voided,
                void_reason: e.void_reason,
                version: e.version,
                dirty: false,
            },
        );
    }
    if !attachment_ids.is_empty() {
        ws.attachment_versions = b
            .attachment_versions(factory, &vec(attachment_ids))
            .await?
            .into_iter()
            .collect();
    }
    Ok(ws)
}
