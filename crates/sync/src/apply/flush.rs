//! Writes a working set back: new entities first (their ids are needed by
//! what refers to them), then changes, each kind in one multi-row
//! statement per chunk.

use super::ApplyError;
use super::state::{DKey, OKey, Ws};
use dealerdesk_domain::{DealerId, FactoryId, OrderId, OrderStatus, ShipmentId};
use dealerdesk_store::syncbatch::{
    ConstructionRow, EntryRow, NewDealer, NewOrder, OpeningRow, OutboxRow, StatusRow, search_text,
};
use dealerdesk_store::{BlobStore, Conn, Repos, StoreError};

type Result<T, E = StoreError> = std::result::Result<T, E>;
use std::collections::HashMap;

fn missing(what: &str) -> StoreError {
    StoreError::Corrupt(format!("flush: {what} has no id after insert"))
}

pub async fn flush(
    c: &mut Conn,
    factory: FactoryId,
    blobs: &BlobStore,
    mut ws: Ws,
) -> Result<(), ApplyError> {
    // Files first: a committed row must never point at bytes a crash lost.
    blobs.persist(&ws.created_blobs).await?;
    let mut b = c.sync_batch();

    // Dealers.
    let mut new_dealers: Vec<NewDealer> = Vec::new();
    let mut changed_dealers: Vec<(DealerId, NewDealer)> = Vec::new();
    for d in ws.dealers.values_mut() {
        if let Some(w) = d.write.take() {
            match &d.key {
                DKey::New(_) => new_dealers.push(w),
                DKey::Id(id) => changed_dealers.push((*id, w)),
            }
        }
    }
    let inserted: HashMap<String, DealerId> = b
        .insert_dealers(factory, &new_dealers)
        .await?
        .into_iter()
        .collect();
    b.update_dealers(&changed_dealers).await?;
    let dealer_id = |k: &DKey| -> Result<DealerId> {
        match k {
            DKey::Id(id) => Ok(*id),
            DKey::New(code) => inserted.get(code).copied().ok_or_else(|| missing(code)),
        }
    };

    // Orders: new ones in their final state, then changes to existing ones.
    let mut new_orders = Vec::new();
    let mut content_updates = Vec::new();
    let mut status_updates = Vec::new();
    for o in ws.orders.values_mut() {
        match &o.key {
            OKey::New(number) => {
                let Some(content) = o.content.take() else {
                    continue;
                };
                new_orders.push(NewOrder {
                    dealer_id: dealer_id(&o.dealer)?,
                    content,
                    status: o.status,
                    status_at: o.status_at,
                    content_version: o.content_version,
                    status_version: o.status_version,
                    timeline: o.timeline,
                    money: ws
                        .money
                        .remove(&OKey::New(number.clone()))
                        .unwrap_or_default(),
                });
            }
            OKey::Id(id) => {
                if let Some(content) = &o.content {
                    content_updates.push((*id, content.clone(), o.content_version));
                }
                if o.status_dirty {
                    status_updates.push(StatusRow {
                        id: *id,
                        status: o.status,
                        status_at: o.status_at,
                        status_version: o.status_version,
                        timeline: o.timeline,
                    });
                }
            }
        }
    }
    let order_ids: HashMap<String, OrderId> = b
        .insert_orders(factory, &new_orders)
        .await?
        .into_iter()
        .collect();
    // The full-text index follows new orders and changed content.
    let mut texts: Vec<(OrderId, String)> = new_orders
        .iter()
        .filter_map(|o| {
            order_ids
                .get(&o.content.number)
                .map(|id| (*id, search_text(o.dealer_id, &o.content)))
        })
        .collect();
    for o in ws.orders.values() {
        if let (OKey::Id(id), Some(content)) = (&o.key, &o.content) {
            texts.push((*id, search_text(dealer_id(&o.dealer)?, content)));
        }
    }
    b.index_order_text(&texts).await?;
    b.update_order_content(&content_updates).await?;
    b.update_order_status(&status_updates).await?;
    // Sales analytics recount what may have moved: new orders, rewritten
    // content, cancellations (other status changes leave the sums alone).
    let mut recount: Vec<(DealerId, OrderId)> = new_orders
        .iter()
        .filter_map(|o| {
            order_ids
                .get(&o.content.number)
                .map(|id| (o.dealer_id, *id))
        })
        .collect();
    let cancelled: std::collections::HashSet<OrderId> = status_updates
        .iter()
        .filter(|s| s.status == OrderStatus::Cancelled)
        .map(|s| s.id)
        .collect();
    for o in ws.orders.values() {
        if let OKey::Id(id) = &o.key
            && (o.content.is_some() || cancelled.contains(id))
        {
            recount.push((dealer_id(&o.dealer)?, *id));
        }
    }
    recount.sort_unstable_by_key(|(d, o)| (d.0, o.0));
    recount.dedup();
    b.mark_sales_dirty(&recount).await?;
    let order_id = |k: &OKey| -> Result<OrderId> {
        match k {
            OKey::Id(id) => Ok(*id),
            OKey::New(number) => order_ids
                .get(number)
                .copied()
                .ok_or_else(|| missing(number)),
        }
    };
    let money: Vec<_> = ws
        .money
        .iter()
        .filter(|(_, m)| m.iter().any(|x| *x != 0))
        .map(|(k, m)| Ok((order_id(k)?, *m)))
        .collect::<Result<_>>()?;
    b.add_order_money(&money).await?;

    // Constructions: full rows where content was written, statuses elsewhere.
    let mut upserts = Vec::new();
    let mut statuses = Vec::new();
    let mut trims = Vec::new();
    for (number, o) in &ws.orders {
        let id = order_id(&o.key)?;
        let states = o.constructions.as_ref();
        let content = match &o.key {
            OKey::New(_) => new_orders
                .iter()
                .find(|n| &n.content.number == number)
                .map(|n| &n.content),
            OKey::Id(_) => o.content.as_ref(),
        };
        if let Some(content) = content {
            let dealer = dealer_id(&o.dealer)?;
            for k in &content.constructions {
                let (status, at, _) = states.and_then(|s| s.get(&k.position)).copied().unwrap_or((
                    o.status,
                    o.status_at,
                    true,
                ));
                upserts.push(ConstructionRow {
                    order_id: id,
                    dealer_id: dealer,
                    content: k.clone(),
                    status,
                    status_at: at,
                });
            }
            if !o.is_new() {
                trims.push((
                    id,
                    content
                        .constructions
                        .iter()
                        .map(|k| k.position)
                        .collect::<Vec<_>>(),
                ));
            }
        }
        if !o.is_new() {
            for (position, (status, at, changed)) in states.into_iter().flatten() {
                if *changed {
                    statuses.push((id, *position, *status, *at));
                }
            }
        }
    }
    b.upsert_constructions(&upserts).await?;
    for (id, keep) in &trims {
        b.delete_constructions_except(*id, keep).await?;
    }
    b.set_construction_statuses(&statuses).await?;

    // Shipments and the orders on them.
    let mut new_trips = Vec::new();
    let mut changed_trips = Vec::new();
    for s in ws.shipments.values().filter(|s| s.dirty) {
        match s.id {
            None => new_trips.push((s.content.clone(), s.version)),
            Some(id) => changed_trips.push((id, s.content.clone(), s.version)),
        }
    }
    let trip_ids: HashMap<String, ShipmentId> = b
        .insert_shipments(factory, &new_trips)
        .await?
        .into_iter()
        .collect();
    b.update_shipments(&changed_trips).await?;
    let mut replaced = Vec::new();
    let mut links = Vec::new();
    let mut on_order = Vec::new();
    for (trip, s) in &ws.shipments {
        let Some(numbers) = &s.orders else { continue };
        let sid = match s.id {
            Some(id) => id,
            None => trip_ids.get(trip).copied().ok_or_else(|| missing(trip))?,
        };
        replaced.push(sid);
        for n in numbers {
            let o = ws.orders.get(n).ok_or_else(|| missing(n))?;
            let oid = order_id(&o.key)?;
            links.push((sid, oid, dealer_id(&o.dealer)?));
            on_order.push((oid, sid));
        }
    }
    b.replace_shipment_orders(&replaced, &links).await?;
    b.set_order_shipments(&on_order).await?;

    // Ledger entries.
    let mut new_entries = Vec::new();
    let mut changed_entries = Vec::new();
    for (entry_id, e) in ws.entries.iter().filter(|(_, e)| e.dirty) {
        let row = EntryRow {
            source_entry_id: entry_id.clone(),
            dealer_id: dealer_id(&e.dealer)?,
            kind: e.kind,
            amount_minor: e.amount_minor,
            currency: e.currency,
            posted_on: e.posted_on.clone(),
            order_id: e.order.as_ref().map(&order_id).transpose()?,
            order_number: e.order_number.clone(),
            description: e.description.clone(),
            voided: e.voided,
            void_reason: e.void_reason.clone(),
            version: e.version,
        };
        match e.id {
            None => new_entries.push(row),
            Some(id) => changed_entries.push((id, row)),
        }
    }
    b.insert_entries(factory, &new_entries).await?;
    b.update_entries(&changed_entries).await?;

    // Attachments.
    let mut attachments = Vec::with_capacity(ws.attachments.len());
    for a in &ws.attachments {
        let mut row = a.row.clone();
        row.order_id = order_id(&a.order)?;
        row.dealer_id = dealer_id(&a.dealer)?;
        attachments.push((row, a.version));
    }
    b.upsert_attachments(factory, &attachments).await?;

    // Dealer stats: counts and balance move by deltas; openings are set.
    let stats: Vec<_> = ws
        .stats
        .iter()
        .filter(|(_, d)| !d.is_zero())
        .map(|(k, d)| Ok((dealer_id(k)?, d.clone())))
        .collect::<Result<_>>()?;
    b.add_stats(&stats).await?;
    let openings: Vec<OpeningRow> = ws
        .dealers
        .values()
        .filter_map(|d| {
            d.opening_write
                .as_ref()
                .map(|(amount, as_of)| (d, *amount, as_of.clone()))
        })
        .map(|(d, amount_minor, as_of)| {
            Ok(OpeningRow {
                dealer_id: dealer_id(&d.key)?,
                amount_minor,
                as_of,
                version: d.opening_version,
            })
        })
        .collect::<Result<_>>()?;
    b.set_openings(&openings).await?;
    let daily: Vec<_> = ws
        .daily
        .iter()
        .filter(|(_, d)| !d.is_zero())
        .map(|((dealer, day), d)| Ok((dealer_id(dealer)?, day.clone(), *d)))
        .collect::<Result<_>>()?;
    b.add_ledger_daily(&daily).await?;

    // Domain events for the notifications.
    let mut outbox = Vec::with_capacity(ws.outbox.len());
    for e in ws.outbox {
        let mut payload = e.payload;
        if let (Some(order), Some(obj)) = (&e.order, payload.as_object_mut()) {
            obj.insert("order_id".into(), serde_json::json!(order_id(order)?));
        }
        outbox.push(OutboxRow {
            kind: e.kind,
            factory_id: Some(factory),
            dealer_id: Some(dealer_id(&e.dealer)?),
            payload: payload.to_string(),
        });
    }
    b.append_outbox(&outbox).await?;
    Ok(())
}
