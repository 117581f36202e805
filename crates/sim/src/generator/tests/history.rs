//! The history as a stream: the same seed gives the same events, every
//! event is valid for its source, events come in time order, versions and
//! event ids behave as the sync contract requires, day batches are the same
//! events, and the iterator can move to another thread.

use super::*;

#[test]
fn same_seed_same_history() {
    let a = events(&small(42));
    let b = events(&small(42));
    assert!(a.len() > 5000, "{}", a.len());
    assert_eq!(a, b);
    let c = events(&small(43));
    assert_ne!(a, c);
    assert_eq!(small(42).reference(), small(42).reference());
}

#[test]
fn every_event_validates_for_its_source_and_round_trips() {
    let limits = Limits::default();
    for s in events(&small(1)) {
        let raw = s.event.to_json();
        assert_eq!(
            validate_event(&raw, s.source, &limits),
            Ok(s.event.clone()),
            "{raw}"
        );
        assert!(s.event.data.allowed_for(s.source));
    }
}

#[test]
fn events_come_in_time_order() {
    let all = events(&small(2));
    for w in all.windows(2) {
        assert!(
            w[0].event.occurred_at <= w[1].event.occurred_at,
            "{:?} then {:?}",
            w[0].event,
            w[1].event
        );
    }
    // Nothing before the start or after the end (Kyiv time).
    let first = Timestamp::parse_rfc3339("2024-12-31T22:00:00Z").unwrap();
    let last = Timestamp::parse_rfc3339("2025-06-30T21:00:00Z").unwrap();
    assert!(
        all.iter()
            .all(|s| s.event.occurred_at >= first && s.event.occurred_at < last)
    );
}

#[test]
fn versions_count_up_by_one_per_entity_and_source() {
    let mut last: HashMap<(String, &'static str, String), i64> = HashMap::new();
    for s in events(&small(3)) {
        let key = (
            s.factory_code.clone(),
            s.source.as_str(),
            s.event.entity_key(),
        );
        let prev = last.insert(key.clone(), s.event.version).unwrap_or(0);
        assert_eq!(s.event.version, prev + 1, "{key:?}");
    }
    // Orders and trips do get several versions.
    assert!(
        last.iter()
            .any(|((_, _, k), v)| k.starts_with("order:") && *v >= 6)
    );
    assert!(
        last.iter()
            .any(|((_, _, k), v)| k.starts_with("shipment:") && *v == 3)
    );
    assert!(
        last.iter()
            .any(|((_, _, k), v)| k.starts_with("ledger:") && *v == 2)
    );
    assert!(
        last.iter()
            .any(|((_, _, k), v)| k.starts_with("dealer:") && *v == 2)
    );
}

#[test]
fn event_ids_are_unique_per_source() {
    let mut seen = HashSet::new();
    for s in events(&small(4)) {
        assert!(
            seen.insert((
                s.factory_code.clone(),
                s.source.as_str(),
                s.event.event_id.clone()
            )),
            "{}",
            s.event.event_id
        );
        let prefix = if s.source == SourceKind::Production {
            "prod-"
        } else {
            "acc-"
        };
        assert!(
            s.event
                .event_id
                .starts_with(&format!("{prefix}{}-", s.factory_code))
        );
    }
}

#[test]
fn day_batches_are_the_same_events() {
    let g = small(9);
    let flat = events(&g);
    let mut it = g.events();
    let mut joined = Vec::new();
    while let Some(batch) = it.next_day() {
        assert!(!batch.is_empty());
        let day = |s: &Sent| {
            day_of(s.event.occurred_at.0 + kyiv_offset(day_of(s.event.occurred_at.0 + 3 * HOUR)))
        };
        assert!(batch.iter().all(|s| day(s) == day(&batch[0])));
        joined.extend(batch);
    }
    assert_eq!(joined, flat);
}

#[test]
fn the_history_can_move_to_another_thread() {
    fn sendable<T: Send + 'static>(_: &T) {}
    let g = small(10);
    sendable(&g.events());
    let expected = g.events().count();
    let handle = std::thread::spawn(move || g.events().count());
    assert_eq!(handle.join().unwrap(), expected);
}
