//! One event at a time against the working set. Every check comes before
//! the first change, so a rejected event leaves the working set as it was.

use super::Outcome;
use super::state::{AttachmentW, DKey, DealerW, EntryW, OKey, OrderW, OutboxW, ShipmentW, Ws, idx};
use crate::events::*;
use dealerdesk_domain::{
    Currency, LedgerKind, OrderStatus, Timestamp, balance_effect, status::lift,
};
use dealerdesk_store::BlobStore;
use dealerdesk_store::dealers::DealerContent;
use dealerdesk_store::orders::{ConstructionContent, OrderContent};
use dealerdesk_store::shipments::ShipmentContent;
use dealerdesk_store::syncbatch::NewDealer;
use serde_json::json;
use std::collections::BTreeMap;

fn rejected(reason: impl Into<String>) -> Outcome {
    Outcome::Rejected(reason.into())
}

pub async fn apply(ws: &mut Ws, blobs: &BlobStore, event: &Event) -> std::io::Result<Outcome> {
    let v = event.version;
    Ok(match &event.data {
        EventData::DealerUpserted(d) => dealer(ws, d, v),
        EventData::OrderUpserted(o) => order(ws, o, v),
        EventData::OrderStatusChanged(s) => status(ws, s, v),
        EventData::ShipmentUpserted(s) => shipment(ws, s, v),
        EventData::LedgerOpeningBalance(b) => opening(ws, b, v),
        EventData::LedgerEntryPosted(e) => posted(ws, e, v),
        EventData::LedgerEntryVoided(e) => voided(ws, e, v),
        EventData::AttachmentAdded(a) => return attachment(ws, blobs, a, v).await,
    })
}

/// The dealer with this code: `Ok(None)` if not known yet, `Err` if it
/// belongs to another factory.
fn dealer_of<'a>(ws: &'a Ws, code: &str) -> Result<Option<&'a DealerW>, Outcome> {
    if ws.foreign_dealers.contains(code) {
        return Err(rejected(format!(
            "dealer {code} belongs to another factory"
        )));
    }
    Ok(ws.dealers.get(code))
}

fn dealer(ws: &mut Ws, d: &DealerUpserted, version: i64) -> Outcome {
    if ws.foreign_dealers.contains(&d.code) {
        return rejected(format!("dealer code {} belongs to another factory", d.code));
    }
    // The manager is a login of this factory's sales staff; an unknown one
    // leaves the dealer unassigned rather than holding the dealer back.
    let manager_id = d
        .manager_email
        .as_ref()
        .and_then(|e| ws.managers.get(e.as_str()).copied());
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
    match ws.dealers.get_mut(&d.code) {
        Some(existing) if version <= existing.version => Outcome::Stale,
        Some(existing) => {
            existing.version = version;
            existing.write = Some(NewDealer {
                content,
                version,
                currency: existing.currency,
            });
            Outcome::Applied
        }
        None => {
            ws.dealers.insert(
                d.code.clone(),
                DealerW {
                    key: DKey::New(d.code.clone()),
                    currency: Currency::UAH,
                    version,
                    opening_minor: 0,
                    opening_version: 0,
                    write: Some(NewDealer {
                        content,
                        version,
                        currency: Currency::UAH,
                    }),
                    opening_write: None,
                },
            );
            Outcome::Applied
        }
    }
}

fn content_of(o: &OrderUpserted) -> OrderContent {
    OrderContent {
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
    }
}

fn order(ws: &mut Ws, o: &OrderUpserted, version: i64) -> Outcome {
    let dealer_key = match dealer_of(ws, &o.dealer_code) {
        Err(r) => return r,
        Ok(None) => return Outcome::Waiting(format!("dealer {}", o.dealer_code)),
        Ok(Some(d)) => d.key.clone(),
    };
    let content = content_of(o);
    match ws.orders.get_mut(&o.number) {
        Some(existing) => {
            if existing.dealer != dealer_key {
                return rejected(format!("order {} belongs to another dealer", o.number));
            }
            if version <= existing.content_version {
                return Outcome::Stale;
            }
            // Positions keep their status; new ones join at the order's.
            let now = Timestamp::now();
            let old = existing.constructions.take().unwrap_or_default();
            let mut next = BTreeMap::new();
            for c in &content.constructions {
                let kept = old
                    .get(&c.position)
                    .copied()
                    .unwrap_or((existing.status, now, true));
                next.insert(c.position, kept);
            }
            existing.constructions = Some(next);
            existing.content = Some(content);
            existing.content_version = version;
            Outcome::Applied
        }
        None => {
            let mut timeline: [Option<Timestamp>; 7] = Default::default();
            timeline[idx(OrderStatus::Accepted)] = Some(o.accepted_at);
            let constructions = content
                .constructions
                .iter()
                .map(|c| (c.position, (OrderStatus::Accepted, o.accepted_at, true)))
                .collect();
            ws.orders.insert(
                o.number.clone(),
                OrderW {
                    key: OKey::New(o.number.clone()),
                    dealer: dealer_key.clone(),
                    status: OrderStatus::Accepted,
                    status_at: o.accepted_at,
                    content_version: version,
                    status_version: 0,
                    content: Some(content),
                    constructions: Some(constructions),
                    status_dirty: false,
                    timeline,
                },
            );
            ws.stats(&dealer_key).counts[idx(OrderStatus::Accepted)] += 1;
            Outcome::Applied
        }
    }
}

fn status(ws: &mut Ws, s: &OrderStatusChanged, version: i64) -> Outcome {
    let Some(o) = ws.orders.get_mut(&s.number) else {
        return Outcome::Waiting(format!("order {}", s.number));
    };
    if version <= o.status_version {
        return Outcome::Stale;
    }
    if !o.status.can_move(s.status) {
        return rejected(format!(
            "order {} cannot move from {} to {}",
            s.number, o.status, s.status
        ));
    }
    let constructions = o.constructions.get_or_insert_with(BTreeMap::new);
    for p in &s.constructions {
        let Some((now, _, _)) = constructions.get(&p.position) else {
            return rejected(format!(
                "order {} has no construction at position {}",
                s.number, p.position
            ));
        };
        if !now.can_move(p.status) {
            return rejected(format!(
                "construction {} of order {} cannot move from {now} to {}",
                p.position, s.number, p.status
            ));
        }
    }
    for p in &s.constructions {
        constructions.insert(p.position, (p.status, p.at, true));
    }
    for (st, at, changed) in constructions.values_mut() {
        let lifted = lift(s.status, *st);
        if lifted != *st {
            *st = lifted;
            *at = s.at;
            *changed = true;
        }
    }
    let from = o.status;
    o.status = s.status;
    o.status_at = s.at;
    o.status_version = version;
    o.status_dirty = true;
    let slot = &mut o.timeline[idx(s.status)];
    *slot = Some(slot.map_or(s.at, |t| t.min(s.at)));
    let (dealer, key) = (o.dealer.clone(), o.key.clone());
    if from != s.status {
        let stats = ws.stats(&dealer);
        stats.counts[idx(from)] -= 1;
        stats.counts[idx(s.status)] += 1;
        let payload = json!({"number": s.number, "from": from.as_str(), "to": s.status.as_str(), "at": s.at.rfc3339()});
        ws.outbox.push(OutboxW {
            kind: "order_status_changed",
            dealer: dealer.clone(),
            order: Some(key.clone()),
            payload: payload.clone(),
        });
        if s.status == OrderStatus::Delivered {
            ws.outbox.push(OutboxW {
                kind: "delivered",
                dealer,
                order: Some(key),
                payload,
            });
        }
    }
    Outcome::Applied
}

fn shipment(ws: &mut Ws, s: &ShipmentUpserted, version: i64) -> Outcome {
    let mut orders = Vec::with_capacity(s.orders.len());
    for number in &s.orders {
        match ws.orders.get(number) {
            Some(o) => orders.push((o.key.clone(), o.dealer.clone())),
            None => return Outcome::Waiting(format!("order {number}")),
        }
    }
    let content = ShipmentContent {
        trip: s.trip.clone(),
        vehicle: s.vehicle.clone(),
        driver_name: s.driver_name.clone(),
        driver_phone: s.driver_phone.clone(),
        departed_at: s.departed_at,
        planned_delivery_date: s.planned_delivery_date.clone(),
        delivered_at: s.delivered_at,
    };
    let previous = match ws.shipments.get(&s.trip) {
        Some(existing) if version <= existing.version => return Outcome::Stale,
        Some(existing) => Some(existing.content.clone()),
        None => None,
    };
    let entry = ws
        .shipments
        .entry(s.trip.clone())
        .or_insert_with(|| ShipmentW {
            id: None,
            version,
            content: content.clone(),
            dirty: true,
            orders: None,
        });
    entry.version = version;
    entry.content = content.clone();
    entry.dirty = true;
    entry.orders = Some(s.orders.clone());
    // Dealers hear of a trip when it is planned and when its driver,
    // vehicle or dates change; not when only the delivery is recorded.
    let changed = previous.as_ref().is_none_or(|p| {
        p.driver_name != content.driver_name
            || p.driver_phone != content.driver_phone
            || p.vehicle != content.vehicle
            || p.departed_at != content.departed_at
            || p.planned_delivery_date != content.planned_delivery_date
    });
    if changed {
        for ((order, dealer), number) in orders.into_iter().zip(&s.orders) {
            let payload = json!({"number": number, "trip": s.trip, "driver_name": s.driver_name, "driver_phone": s.driver_phone.as_str(),
                "vehicle": s.vehicle, "planned_delivery_date": s.planned_delivery_date});
            ws.outbox.push(OutboxW {
                kind: "shipment_scheduled",
                dealer,
                order: Some(order),
                payload,
            });
        }
    }
    Outcome::Applied
}

fn opening(ws: &mut Ws, b: &LedgerOpeningBalance, version: i64) -> Outcome {
    let d = match dealer_of(ws, &b.dealer_code) {
        Err(r) => return r,
        Ok(None) => return Outcome::Waiting(format!("dealer {}", b.dealer_code)),
        Ok(Some(d)) => d,
    };
    if d.currency != b.currency {
        return rejected(format!(
            "dealer {} keeps its account in {}, not {}",
            b.dealer_code, d.currency, b.currency
        ));
    }
    if version <= d.opening_version {
        return Outcome::Stale;
    }
    let Some(d) = ws.dealers.get_mut(&b.dealer_code) else {
        return Outcome::Waiting(format!("dealer {}", b.dealer_code));
    };
    let delta = b.amount_minor - d.opening_minor;
    d.opening_minor = b.amount_minor;
    d.opening_version = version;
    d.opening_write = Some((b.amount_minor, b.as_of.clone()));
    let key = d.key.clone();
    ws.stats(&key).balance += delta;
    Outcome::Applied
}

/// The order money column an entry moves (paid, delivery, compensation,
/// adjustment) and by how much.
fn order_effect(kind: LedgerKind, amount: i64) -> Option<(usize, i64)> {
    match kind {
        LedgerKind::Payment => Some((0, amount)),
        LedgerKind::Refund => Some((0, -amount)),
        LedgerKind::DeliveryCharge => Some((1, amount)),
        LedgerKind::Compensation => Some((2, amount)),
        LedgerKind::Adjustment => Some((3, amount)),
        LedgerKind::Charge => None,
    }
}

/// Adds (`sign = 1`) or takes back (`-1`) an entry's effects on the
/// dealer's balance and its order's money.
fn effects(
    ws: &mut Ws,
    dealer: &DKey,
    order: Option<&OKey>,
    (kind, amount, day): (LedgerKind, i64, &str),
    sign: i64,
) {
    let unsigned = balance_effect(kind, amount).unwrap_or(0);
    ws.stats(dealer).balance += sign * unsigned;
    ws.day(dealer, day).count_effect(unsigned, sign);
    if let (Some(order), Some((col, delta))) = (order, order_effect(kind, amount)) {
        ws.money(order)[col] += sign * delta;
    }
}

fn posted(ws: &mut Ws, e: &LedgerEntryPosted, version: i64) -> Outcome {
    let (dealer_key, currency) = match dealer_of(ws, &e.dealer_code) {
        Err(r) => return r,
        Ok(None) => return Outcome::Waiting(format!("dealer {}", e.dealer_code)),
        Ok(Some(d)) => (d.key.clone(), d.currency),
    };
    if currency != e.currency {
        return rejected(format!(
            "dealer {} keeps its account in {currency}, not {}",
            e.dealer_code, e.currency
        ));
    }
    if balance_effect(e.kind, e.amount_minor).is_none() {
        return rejected("amount out of range");
    }
    let order = match &e.order_number {
        Some(n) => match ws.orders.get(n) {
            None => return Outcome::Waiting(format!("order {n}")),
            Some(o) if o.dealer != dealer_key => {
                return rejected(format!("order {n} belongs to another dealer"));
            }
            Some(o) => Some(o.key.clone()),
        },
        None => None,
    };
    let fresh = EntryW {
        id: None,
        dealer: dealer_key.clone(),
        kind: e.kind,
        amount_minor: e.amount_minor,
        currency: e.currency,
        posted_on: e.posted_on.clone(),
        order: order.clone(),
        order_number: e.order_number.clone(),
        description: e.description.clone(),
        voided: false,
        void_reason: None,
        version,
        dirty: true,
    };
    match ws.entries.remove(&e.entry_id) {
        None => {
            ws.day(&dealer_key, &e.posted_on).count_line(1);
            effects(
                ws,
                &dealer_key,
                order.as_ref(),
                (e.kind, e.amount_minor, &e.posted_on),
                1,
            );
            ws.entries.insert(e.entry_id.clone(), fresh);
        }
        Some(old) if version <= old.version => {
            ws.entries.insert(e.entry_id.clone(), old);
            return Outcome::Stale;
        }
        Some(old) => {
            // A corrected entry: take the old one's effects back, apply the
            // new; its statement line moves with it, voided or not.
            ws.day(&old.dealer, &old.posted_on).count_line(-1);
            ws.day(&dealer_key, &e.posted_on).count_line(1);
            if !old.voided {
                effects(
                    ws,
                    &old.dealer,
                    old.order.as_ref(),
                    (old.kind, old.amount_minor, &old.posted_on),
                    -1,
                );
                effects(
                    ws,
                    &dealer_key,
                    order.as_ref(),
                    (e.kind, e.amount_minor, &e.posted_on),
                    1,
                );
            }
            ws.entries.insert(
                e.entry_id.clone(),
                EntryW {
                    id: old.id,
                    voided: old.voided,
                    void_reason: old.void_reason,
                    ..fresh
                },
            );
        }
    }
    if e.kind == LedgerKind::Payment {
        let payload = json!({"entry_id": e.entry_id, "amount_minor": e.amount_minor, "currency": e.currency.as_str(), "posted_on": e.posted_on, "order_number": e.order_number});
        ws.outbox.push(OutboxW {
            kind: "payment_posted",
            dealer: dealer_key,
            order: None,
            payload,
        });
    }
    Outcome::Applied
}

fn voided(ws: &mut Ws, v: &LedgerEntryVoided, version: i64) -> Outcome {
    let Some(entry) = ws.entries.get(&v.entry_id) else {
        return Outcome::Waiting(format!("ledger entry {}", v.entry_id));
    };
    if entry.voided || version <= entry.version {
        return Outcome::Stale;
    }
    let (dealer, order, kind, amount, day) = (
        entry.dealer.clone(),
        entry.order.clone(),
        entry.kind,
        entry.amount_minor,
        entry.posted_on.clone(),
    );
    effects(ws, &dealer, order.as_ref(), (kind, amount, &day), -1);
    if let Some(entry) = ws.entries.get_mut(&v.entry_id) {
        entry.voided = true;
        entry.void_reason = Some(v.reason.clone());
        entry.version = version;
        entry.dirty = true;
    }
    Outcome::Applied
}

async fn attachment(
    ws: &mut Ws,
    blobs: &BlobStore,
    a: &AttachmentAdded,
    version: i64,
) -> std::io::Result<Outcome> {
    let Some(o) = ws.orders.get(&a.order_number) else {
        return Ok(Outcome::Waiting(format!("order {}", a.order_number)));
    };
    if let Some(p) = a.position
        && !o.constructions.as_ref().is_some_and(|c| c.contains_key(&p))
    {
        return Ok(rejected(format!(
            "order {} has no construction at position {p}",
            a.order_number
        )));
    }
    let stored = ws
        .attachment_versions
        .get(&a.attachment_id)
        .copied()
        .unwrap_or(0);
    if version <= stored {
        return Ok(Outcome::Stale);
    }
    let (order, dealer) = (o.key.clone(), o.dealer.clone());
    // The file first: content-addressed, so writing it again is harmless,
    // and a row never points at bytes that are not there.
    let stored = blobs.put(&a.content).await?;
    ws.created_blobs.extend(stored.created);
    let sha256 = stored.sha256;
    ws.attachment_versions
        .insert(a.attachment_id.clone(), version);
    ws.attachments
        .retain(|w| w.row.source_attachment_id != a.attachment_id);
    ws.attachments.push(AttachmentW {
        order,
        dealer,
        row: dealerdesk_store::attachments::NewAttachment {
            source_attachment_id: a.attachment_id.clone(),
            dealer_id: dealerdesk_domain::DealerId(0),
            order_id: dealerdesk_domain::OrderId(0),
            position: a.position,
            kind: a.kind.as_str().to_owned(),
            file_name: a.file_name.clone(),
            content_type: a.content_type.as_str().to_owned(),
            sha256,
            size_bytes: i64::try_from(a.content.len()).unwrap_or(i64::MAX),
        },
        version,
    });
    Ok(Outcome::Applied)
}
