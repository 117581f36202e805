//! Load-test shapes ([`ScaleOptions`]): the default shape is the plain
//! plant; a heavy dealer gets exactly its orders, spread over the history,
//! with their money; fewer files leave the orders and money as they were.

use super::*;

fn scaled(scale: ScaleOptions) -> PlantGenerator {
    PlantGenerator::with_scale(
        PlantConfig {
            seed: 7,
            factories: vec![FactoryPlan::new("KH"), FactoryPlan::new("PL")],
            dealers_per_factory: 10,
            orders: 600,
            start: date!(2025 - 01 - 01),
            end: date!(2025 - 06 - 30),
        },
        scale,
    )
    .unwrap()
}

fn attachments(g: &PlantGenerator) -> usize {
    g.events()
        .filter(|s| matches!(s.event.data, EventData::AttachmentAdded(_)))
        .count()
}

#[test]
fn the_default_shape_is_the_plain_plant() {
    let plain = scaled(ScaleOptions::default());
    let config = plain.config().clone();
    let direct = PlantGenerator::new(config).unwrap();
    assert_eq!(events(&plain), events(&direct));
    assert_eq!(plain.heavy_dealer(), None);
    // `files_every: 1` keeps every file.
    let every = scaled(ScaleOptions {
        files_every: Some(1),
        ..ScaleOptions::default()
    });
    assert_eq!(events(&every), events(&plain));
}

#[test]
fn a_heavy_dealer_gets_exactly_its_orders_over_the_whole_history() {
    let g = scaled(ScaleOptions {
        heavy_dealer_orders: Some(120),
        files_every: None,
    });
    assert_eq!(g.heavy_dealer(), Some(("KH-D0001".to_owned(), 120)));
    let r = g.reference();
    let mine: Vec<_> = r
        .orders
        .iter()
        .filter(|(_, o)| o.dealer_code == "KH-D0001")
        .collect();
    assert_eq!(mine.len(), 120);
    assert_eq!(r.orders.len(), 600);
    // Spread over the half year: orders accepted in each of its months.
    let mut months = HashSet::new();
    for s in g.events() {
        if let EventData::OrderUpserted(o) = &s.event.data
            && o.dealer_code == "KH-D0001"
        {
            months.insert(o.accepted_at.rfc3339()[..7].to_owned());
        }
    }
    assert!(months.len() >= 6, "{months:?}");
    // Its ledger follows its orders: a charge per order at least.
    let d = &r.dealers["KH-D0001"];
    assert!(d.active);
    assert!(d.entries >= 120, "{}", d.entries);
    // More than the factory's share is capped at the share.
    let all = scaled(ScaleOptions {
        heavy_dealer_orders: Some(10_000),
        files_every: None,
    });
    assert_eq!(all.heavy_dealer(), Some(("KH-D0001".to_owned(), 300)));
    assert!(
        all.reference()
            .orders
            .values()
            .filter(|o| o.factory_code == "KH")
            .all(|o| o.dealer_code == "KH-D0001")
    );
}

#[test]
fn fewer_files_leave_orders_and_money_alone() {
    let plain = scaled(ScaleOptions {
        heavy_dealer_orders: Some(50),
        files_every: None,
    });
    let sparse = scaled(ScaleOptions {
        heavy_dealer_orders: Some(50),
        files_every: Some(50),
    });
    let (a, b) = (attachments(&plain), attachments(&sparse));
    assert!(b < a / 2 && b > 0, "{a} files, {b} with files_every 50");
    let (ra, rb) = (plain.reference(), sparse.reference());
    assert_eq!(ra.orders, rb.orders);
    assert_eq!(ra.dealers, rb.dealers);
    // Files only on the heavy dealer's orders and on every 50th order.
    let mut others = HashSet::new();
    for s in sparse.events() {
        if let EventData::AttachmentAdded(f) = &s.event.data
            && ra.orders[&f.order_number].dealer_code != "KH-D0001"
        {
            others.insert(f.order_number.clone());
        }
    }
    assert!(others.len() <= 600 / 50, "{others:?}");
}
