//! Appliers: turn one accepted event into the read model, in the caller's
//! transaction. The same appliers serve the sync workers and the demo
//! plant, so demo data and synced data have one shape.
//!
//! Rules (SYNC_API.md "Applying"): per entity the highest `version` wins
//! and an older one changes nothing ([`Outcome::Stale`]); an event that
//! needs something not yet known waits ([`Outcome::Waiting`]); an event
//! that breaks a rule is refused ([`ApplyError::Rejected`]) so the caller
//! can quarantine it. Domain events for notifications go to the outbox in
//! the same transaction.

use crate::events::*;
use dealerdesk_domain::model::Factory;
use dealerdesk_domain::{DealerId, LedgerKind, OrderId, Role, balance_effect};
use dealerdesk_store::attachments::NewAttachment;
use dealerdesk_store::dealers::{DealerContent, Upserted};
use dealerdesk_store::ledger::NewEntry;
use dealerdesk_store::orders::{ConstructionContent, OrderContent, OrderMoney};
use dealerdesk_store::shipments::ShipmentContent;
use dealerdesk_store::{BlobStore, Conn, Repos, StoreError};
use serde_json::json;

/// What applying an event did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The read model changed.
    Applied,
    /// A newer version was already applied; the event is history only.
    Stale,
    /// It refers to something not known yet; try again when that arrives.
    Waiting(String),
}

#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// The event breaks a rule; quarantine it with this reason.
    #[error("{0}")]
    Rejected(String),
    #[error(transparent)]
    Store(StoreError),
    /// Writing an attachment's file failed; worth retrying.
    #[error("storing a file: {0}")]
    Io(#[from] std::io::Error),
}

impl From<StoreError> for ApplyError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(m) => ApplyError::Rejected(m),
            other => ApplyError::Store(other),
        }
    }
}

type Result<T> = std::result::Result<T, ApplyError>;

/// Where an event applies: the factory whose source sent it, and the
/// folder attachment files go to.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub factory: &'a Factory,
    pub blobs: &'a BlobStore,
}

/// Applies `event` from a source of `target.factory`.
pub async fn apply(c: &mut Conn, target: &Target<'_>, event: &Event) -> Result<Outcome> {
    let factory = target.factory;
    match &event.data {
        EventData::DealerUpserted(d) => dealer(c, factory, d, event.version).await,
        EventData::OrderUpserted(o) => order(c, factory, o, event.version).await,
        EventData::OrderStatusChanged(s) => status(c, factory, s, event.version).await,
        EventData::ShipmentUpserted(s) => shipment(c, factory, s, event.version).await,
        EventData::LedgerOpeningBalance(b) => opening(c, factory, b, event.version).await,
        EventData::LedgerEntryPosted(e) => posted(c, factory, e, event.version).await,
        EventData::LedgerEntryVoided(v) => voided(c, factory, v, event.version).await,
        EventData::AttachmentAdded(a) => {
            attachment(c, factory, target.blobs, a, event.version).await
        }
    }
}

async fn dealer(
    c: &mut Conn,
    factory: &Factory,
    d: &DealerUpserted,
    version: i64,
) -> Result<Outcome> {
    // The manager is a login of this factory's sales staff; an unknown one
    // leaves the dealer unassigned rather than holding the dealer back.
    let manager_id = match &d.manager_email {
        Some(e) => c
            .users()
            .by_email(e)
            .await?
            .filter(|u| {
                matches!(u.role, Role::Manager | Role::HeadOfSales)
                    && u.factory_id == Some(factory.id)
            })
            .map(|u| u.id),
        None => None,
    };
    if d.manager_email.is_some() && manager_id.is_none() {
        tracing::warn!(dealer = %d.code, "dealer.upserted names a manager who is not a sales person of this factory; left unassigned");
    }
    let content = DealerContent {
        code: d.code.clone(),
        name: d.name.clone(),
        short_name: d.short_name.clone(),
        tax_id: d.tax_id.clone(),
        region: d.region.clone(),
        city: d.city.clone(),
        address: d.address.clone(),
        phone: d.phone.clone(),
        email: d.email.as_ref().map(|e| e.to_string()),
        manager_id,
        active: d.active,
    };
    Ok(
        match c.dealers().upsert(factory.id, &content, version).await? {
            Upserted::Stale => Outcome::Stale,
            _ => Outcome::Applied,
        },
    )
}

/// The dealer with this code, if it is known and belongs to this factory.
async fn dealer_of(
    c: &mut Conn,
    factory: &Factory,
    code: &str,
) -> Result<Option<(DealerId, dealerdesk_domain::Currency)>> {
    match c.dealers().by_code(code).await? {
        None => Ok(None),
        Some(d) if d.factory_id != factory.id => Err(ApplyError::Rejected(format!(
            "dealer {code} belongs to another factory"
        ))),
        Some(d) => Ok(Some((d.id, d.currency))),
    }
}

async fn order(
    c: &mut Conn,
    factory: &Factory,
    o: &OrderUpserted,
    version: i64,
) -> Result<Outcome> {
    let Some((dealer_id, _)) = dealer_of(c, factory, &o.dealer_code).await? else {
        return Ok(Outcome::Waiting(format!("dealer {}", o.dealer_code)));
    };
    let content = OrderContent {
        number: o.number.clone(),
        customer_ref: o.customer_ref.clone(),
        accepted_at: o.accepted_at,
        planned_ship_date: o.planned_ship_date.clone(),
        currency: o.currency,
        total_minor: o.total_minor,
        constructions: o
            .constructions
            .iter()
            .map(|k| ConstructionContent {
                position: k.position,
                kind: k.kind,
                name: k.name.clone(),
                width_mm: k.width_mm,
                height_mm: k.height_mm,
                profile_system: k.profile_system.clone(),
                glass_unit: k.glass_unit.clone(),
                colour: k.colour.clone(),
                fittings: k.fittings.clone(),
                quantity: k.quantity,
                price_minor: k.price_minor,
            })
            .collect(),
    };
    Ok(
        match c
            .orders()
            .upsert_content(factory.id, dealer_id, &content, version)
            .await?
        {
            Upserted::Inserted(_) => {
                c.dealers()
                    .count_status_change(dealer_id, None, dealerdesk_domain::OrderStatus::Accepted)
                    .await?;
                Outcome::Applied
            }
            Upserted::Updated(_) => Outcome::Applied,
            Upserted::Stale => Outcome::Stale,
        },
    )
}

async fn status(
    c: &mut Conn,
    factory: &Factory,
    s: &OrderStatusChanged,
    version: i64,
) -> Result<Outcome> {
    let Some(head) = c.orders().head(factory.id, &s.number).await? else {
        return Ok(Outcome::Waiting(format!("order {}", s.number)));
    };
    if version <= head.status_version {
        return Ok(Outcome::Stale);
    }
    if !head.status.can_move(s.status) {
        return Err(ApplyError::Rejected(format!(
            "order {} cannot move from {} to {}",
            s.number, head.status, s.status
        )));
    }
    if !s.constructions.is_empty() {
        let current = c.orders().construction_statuses(head.id).await?;
        for p in &s.constructions {
            let Some((_, now)) = current.iter().find(|(pos, _)| *pos == p.position) else {
                return Err(ApplyError::Rejected(format!(
                    "order {} has no construction at position {}",
                    s.number, p.position
                )));
            };
            if !now.can_move(p.status) {
                return Err(ApplyError::Rejected(format!(
                    "construction {} of order {} cannot move from {now} to {}",
                    p.position, s.number, p.status
                )));
            }
        }
        for p in &s.constructions {
            c.orders()
                .set_construction_status(head.id, p.position, p.status, p.at)
                .await?;
        }
    }
    c.orders()
        .set_status(head.id, s.status, s.at, version)
        .await?;
    if head.status != s.status {
        c.dealers()
            .count_status_change(head.dealer_id, Some(head.status), s.status)
            .await?;
        let payload = json!({"order_id": head.id, "number": s.number, "from": head.status.as_str(), "to": s.status.as_str(), "at": s.at.rfc3339()});
        c.outbox()
            .append(
                "order_status_changed",
                Some(factory.id),
                Some(head.dealer_id),
                &payload,
            )
            .await?;
        if s.status == dealerdesk_domain::OrderStatus::Delivered {
            c.outbox()
                .append(
                    "delivered",
                    Some(factory.id),
                    Some(head.dealer_id),
                    &payload,
                )
                .await?;
        }
    }
    Ok(Outcome::Applied)
}

async fn shipment(
    c: &mut Conn,
    factory: &Factory,
    s: &ShipmentUpserted,
    version: i64,
) -> Result<Outcome> {
    let mut orders: Vec<(OrderId, DealerId)> = Vec::with_capacity(s.orders.len());
    for number in &s.orders {
        match c.orders().head(factory.id, number).await? {
            Some(h) => orders.push((h.id, h.dealer_id)),
            None => return Ok(Outcome::Waiting(format!("order {number}"))),
        }
    }
    let previous = c
        .shipments()
        .by_trip(factory.id, &s.trip)
        .await?
        .map(|(sh, _)| sh);
    let content = ShipmentContent {
        trip: s.trip.clone(),
        vehicle: s.vehicle.clone(),
        driver_name: s.driver_name.clone(),
        driver_phone: s.driver_phone.clone(),
        departed_at: s.departed_at,
        planned_delivery_date: s.planned_delivery_date.clone(),
        delivered_at: s.delivered_at,
    };
    let id = match c.shipments().upsert(factory.id, &content, version).await? {
        Upserted::Stale => return Ok(Outcome::Stale),
        Upserted::Inserted(id) | Upserted::Updated(id) => id,
    };
    c.shipments().set_orders(id, &orders).await?;
    for (order, _) in &orders {
        c.orders().set_shipment(*order, id).await?;
    }
    // Dealers hear of a trip when it is planned and when its driver,
    // vehicle or dates change; not when only the delivery is recorded.
    let scheduling_changed = previous.as_ref().is_none_or(|p| {
        p.driver_name != content.driver_name
            || p.driver_phone != content.driver_phone
            || p.vehicle != content.vehicle
            || p.departed_at != content.departed_at
            || p.planned_delivery_date != content.planned_delivery_date
    });
    if scheduling_changed {
        for (order, dealer) in &orders {
            let payload = json!({"order_id": order, "trip": s.trip, "driver_name": s.driver_name, "driver_phone": s.driver_phone.as_str(),
                "vehicle": s.vehicle, "planned_delivery_date": s.planned_delivery_date});
            c.outbox()
                .append(
                    "shipment_scheduled",
                    Some(factory.id),
                    Some(*dealer),
                    &payload,
                )
                .await?;
        }
    }
    Ok(Outcome::Applied)
}

async fn opening(
    c: &mut Conn,
    factory: &Factory,
    b: &LedgerOpeningBalance,
    version: i64,
) -> Result<Outcome> {
    let Some((dealer_id, currency)) = dealer_of(c, factory, &b.dealer_code).await? else {
        return Ok(Outcome::Waiting(format!("dealer {}", b.dealer_code)));
    };
    if currency != b.currency {
        return Err(ApplyError::Rejected(format!(
            "dealer {} keeps its account in {currency}, not {}",
            b.dealer_code, b.currency
        )));
    }
    Ok(
        if c.dealers()
            .set_opening_balance(dealer_id, b.amount_minor, &b.as_of, version)
            .await?
        {
            Outcome::Applied
        } else {
            Outcome::Stale
        },
    )
}

/// The order column an entry moves, and by how much (signed).
fn order_effect(kind: LedgerKind, amount: i64) -> Option<(OrderMoney, i64)> {
    match kind {
        LedgerKind::Payment => Some((OrderMoney::Paid, amount)),
        LedgerKind::Refund => Some((OrderMoney::Paid, -amount)),
        LedgerKind::DeliveryCharge => Some((OrderMoney::DeliveryCharge, amount)),
        LedgerKind::Compensation => Some((OrderMoney::Compensation, amount)),
        LedgerKind::Adjustment => Some((OrderMoney::Adjustment, amount)),
        LedgerKind::Charge => None,
    }
}

/// Adds (`sign = 1`) or takes back (`sign = -1`) an entry's effects on the
/// dealer's balance and its order's money.
async fn effects(
    c: &mut Conn,
    dealer: DealerId,
    order: Option<OrderId>,
    kind: LedgerKind,
    amount: i64,
    sign: i64,
) -> Result<()> {
    let effect = balance_effect(kind, amount)
        .ok_or_else(|| ApplyError::Rejected("amount out of range".into()))?;
    c.dealers().add_to_balance(dealer, sign * effect).await?;
    if let (Some(order), Some((column, delta))) = (order, order_effect(kind, amount)) {
        c.orders().add_money(order, column, sign * delta).await?;
    }
    Ok(())
}

async fn posted(
    c: &mut Conn,
    factory: &Factory,
    e: &LedgerEntryPosted,
    version: i64,
) -> Result<Outcome> {
    let Some((dealer_id, currency)) = dealer_of(c, factory, &e.dealer_code).await? else {
        return Ok(Outcome::Waiting(format!("dealer {}", e.dealer_code)));
    };
    if currency != e.currency {
        return Err(ApplyError::Rejected(format!(
            "dealer {} keeps its account in {currency}, not {}",
            e.dealer_code, e.currency
        )));
    }
    let order_id = match &e.order_number {
        Some(n) => match c.orders().head(factory.id, n).await? {
            Some(h) if h.dealer_id != dealer_id => {
                return Err(ApplyError::Rejected(format!(
                    "order {n} belongs to another dealer"
                )));
            }
            Some(h) => Some(h.id),
            None => return Ok(Outcome::Waiting(format!("order {n}"))),
        },
        None => None,
    };
    let entry = NewEntry {
        source_entry_id: e.entry_id.clone(),
        dealer_id,
        kind: e.kind,
        amount_minor: e.amount_minor,
        currency: e.currency,
        posted_on: e.posted_on.clone(),
        order_id,
        order_number: e.order_number.clone(),
        description: e.description.clone(),
    };
    match c.ledger().by_source_id(factory.id, &e.entry_id).await? {
        None => {
            c.ledger().insert(factory.id, &entry, version).await?;
            effects(c, dealer_id, order_id, e.kind, e.amount_minor, 1).await?;
        }
        Some((_, stored)) if version <= stored => return Ok(Outcome::Stale),
        Some((old, _)) => {
            // A corrected entry: take the old one's effects back, apply the new.
            if !old.voided {
                effects(
                    c,
                    old.dealer_id,
                    old.order_id,
                    old.kind,
                    old.amount_minor,
                    -1,
                )
                .await?;
                effects(c, dealer_id, order_id, e.kind, e.amount_minor, 1).await?;
            }
            c.ledger().replace(old.id, &entry, version).await?;
        }
    }
    if e.kind == LedgerKind::Payment {
        let payload = json!({"entry_id": e.entry_id, "amount_minor": e.amount_minor, "currency": e.currency.as_str(), "posted_on": e.posted_on, "order_number": e.order_number});
        c.outbox()
            .append(
                "payment_posted",
                Some(factory.id),
                Some(dealer_id),
                &payload,
            )
            .await?;
    }
    Ok(Outcome::Applied)
}

async fn voided(
    c: &mut Conn,
    factory: &Factory,
    v: &LedgerEntryVoided,
    version: i64,
) -> Result<Outcome> {
    let Some((entry, stored)) = c.ledger().by_source_id(factory.id, &v.entry_id).await? else {
        return Ok(Outcome::Waiting(format!("ledger entry {}", v.entry_id)));
    };
    if entry.voided || version <= stored {
        return Ok(Outcome::Stale);
    }
    c.ledger().void(entry.id, &v.reason, version).await?;
    effects(
        c,
        entry.dealer_id,
        entry.order_id,
        entry.kind,
        entry.amount_minor,
        -1,
    )
    .await?;
    Ok(Outcome::Applied)
}

async fn attachment(
    c: &mut Conn,
    factory: &Factory,
    blobs: &BlobStore,
    a: &AttachmentAdded,
    version: i64,
) -> Result<Outcome> {
    let Some(head) = c.orders().head(factory.id, &a.order_number).await? else {
        return Ok(Outcome::Waiting(format!("order {}", a.order_number)));
    };
    if let Some(p) = a.position
        && !c
            .orders()
            .construction_statuses(head.id)
            .await?
            .iter()
            .any(|(pos, _)| *pos == p)
    {
        return Err(ApplyError::Rejected(format!(
            "order {} has no construction at position {p}",
            a.order_number
        )));
    }
    // The file first: content-addressed, so writing it again is harmless,
    // and a row never points at bytes that are not there.
    let sha256 = blobs.put(&a.content).await?;
    let row = NewAttachment {
        source_attachment_id: a.attachment_id.clone(),
        dealer_id: head.dealer_id,
        order_id: head.id,
        position: a.position,
        kind: a.kind.as_str().to_owned(),
        file_name: a.file_name.clone(),
        content_type: a.content_type.as_str().to_owned(),
        sha256,
        size_bytes: i64::try_from(a.content.len()).unwrap_or(i64::MAX),
    };
    Ok(
        match c.attachments().upsert(factory.id, &row, version).await? {
            Upserted::Stale => Outcome::Stale,
            _ => Outcome::Applied,
        },
    )
}
