//! Orders move only forward through their statuses, charges match order
//! totals, and the reference equals a fold over the events.

use super::*;

#[test]
fn order_statuses_only_move_forward() {
    let mut status: HashMap<String, OrderStatus> = HashMap::new();
    let mut constructions: HashMap<String, usize> = HashMap::new();
    let mut manufactured: HashMap<String, HashSet<i64>> = HashMap::new();
    let mut partial = 0;
    for s in events(&small(5)) {
        match &s.event.data {
            EventData::OrderUpserted(o) => {
                status
                    .entry(o.number.clone())
                    .or_insert(OrderStatus::Accepted);
                constructions.insert(o.number.clone(), o.constructions.len());
            }
            EventData::OrderStatusChanged(c) => {
                let cur = status
                    .get(&c.number)
                    .copied()
                    .unwrap_or_else(|| panic!("status before the order: {}", c.number));
                assert!(
                    cur.can_move(c.status),
                    "{}: {cur} -> {}",
                    c.number,
                    c.status
                );
                status.insert(c.number.clone(), c.status);
                let done = manufactured.entry(c.number.clone()).or_default();
                for p in &c.constructions {
                    assert_eq!(p.status, OrderStatus::Manufactured);
                    assert!(
                        done.insert(p.position),
                        "position {} of {} reported twice",
                        p.position,
                        c.number
                    );
                }
                if c.status == OrderStatus::InProduction && !c.constructions.is_empty() {
                    partial += 1;
                }
                if c.status == OrderStatus::Manufactured {
                    assert_eq!(
                        done.len(),
                        constructions[&c.number],
                        "{} manufactured before all its constructions",
                        c.number
                    );
                }
            }
            _ => {}
        }
    }
    assert!(partial > 20, "partial completions: {partial}");
}

#[test]
fn reference_matches_a_fold_over_the_events() {
    let g = small(6);
    let reference = g.reference();
    let mut opening: HashMap<String, i64> = HashMap::new();
    let mut entries: HashMap<String, (String, LedgerKind, i64, bool)> = HashMap::new();
    let mut status: HashMap<String, OrderStatus> = HashMap::new();
    let mut counts: HashMap<(String, &'static str), u64> = HashMap::new();
    for s in g.events() {
        *counts
            .entry((s.factory_code.clone(), s.source.as_str()))
            .or_insert(0) += 1;
        match s.event.data {
            EventData::LedgerOpeningBalance(o) => {
                opening.insert(o.dealer_code, o.amount_minor);
            }
            EventData::LedgerEntryPosted(e) => {
                assert!(
                    entries
                        .insert(e.entry_id, (e.dealer_code, e.kind, e.amount_minor, false))
                        .is_none()
                );
            }
            EventData::LedgerEntryVoided(v) => {
                let e = entries.get_mut(&v.entry_id).unwrap();
                assert!(!e.3, "voided twice");
                e.3 = true;
            }
            EventData::OrderUpserted(o) => {
                status.entry(o.number).or_insert(OrderStatus::Accepted);
            }
            EventData::OrderStatusChanged(c) => {
                status.insert(c.number, c.status);
            }
            _ => {}
        }
    }
    assert_eq!(reference.dealers.len(), 20);
    for (code, d) in &reference.dealers {
        let postings: Vec<Posting> = entries
            .values()
            .filter(|e| &e.0 == code)
            .map(|e| Posting {
                kind: e.1,
                amount_minor: e.2,
                voided: e.3,
            })
            .collect();
        let folded = balance(opening[code], &postings).unwrap();
        assert_eq!(d.balance_minor, folded, "{code}");
        assert_eq!(d.opening_minor, opening[code]);
        assert_eq!(d.entries, postings.len());
    }
    assert_eq!(reference.orders.len(), status.len());
    for (number, o) in &reference.orders {
        assert_eq!(o.status, status[number], "{number}");
    }
    for (f, c) in &reference.sent {
        assert_eq!(c.production, counts[&(f.clone(), "production")]);
        assert_eq!(c.accounting, counts[&(f.clone(), "accounting")]);
    }
    // The iterator's own reference agrees once exhausted.
    let mut it = g.events();
    it.by_ref().for_each(drop);
    assert_eq!(it.reference(), reference);
}

#[test]
fn charges_match_orders() {
    let all = events(&small(8));
    let mut totals = HashMap::new();
    for s in &all {
        match &s.event.data {
            EventData::OrderUpserted(o) => {
                totals.insert(o.number.clone(), o.total_minor);
            }
            EventData::LedgerEntryPosted(e) if e.kind == LedgerKind::Charge => {
                let n = e.order_number.as_ref().unwrap();
                assert_eq!(Some(&e.amount_minor), totals.get(n), "{n}");
            }
            _ => {}
        }
    }
}
