//! The generated plant looks like a real one: every status, ledger kind and
//! construction kind occurs, names and numbers have the plant's shapes, and
//! attachments are real files.

use super::*;

#[test]
fn a_realistic_mix() {
    // Busier than `small`, so that the last morning has orders in every state.
    let g = PlantGenerator::new(PlantConfig {
        orders: 2000,
        ..small(7).config().clone()
    })
    .unwrap();
    let all = events(&g);
    let reference = g.reference();

    // Every status is on the dashboard, most orders are delivered, ~2% cancelled.
    let counts = reference.status_counts();
    for s in OrderStatus::ALL {
        assert!(
            counts.get(s.as_str()).copied().unwrap_or(0) > 0,
            "no {s} order: {counts:?}"
        );
    }
    assert_eq!(reference.orders.len(), 2000);
    assert!(counts["delivered"] > 1800, "{counts:?}");
    assert!((20..=70).contains(&counts["cancelled"]), "{counts:?}");

    // Order numbers, dealer codes, trips.
    let numbers: Vec<&String> = reference.orders.keys().collect();
    assert!(
        numbers
            .iter()
            .all(|n| n.starts_with("KH-25-") || n.starts_with("PL-25-"))
    );
    assert!(
        reference
            .dealers
            .keys()
            .all(|c| c.len() == 8 && c.contains("-D"))
    );
    let mut kinds = HashSet::new();
    let mut attachment_types = HashSet::new();
    let mut trips_with_many = 0;
    let mut delivered_trips = 0;
    let mut voided = 0;
    let mut posted = 0;
    let mut totals_ok = 0;
    for s in &all {
        match &s.event.data {
            EventData::DealerUpserted(d) => {
                let managers = g.manager_emails(&s.factory_code);
                assert_eq!(managers.len(), 6);
                assert!(managers.contains(&d.manager_email.as_ref().unwrap().as_str().to_owned()));
                assert!(
                    d.name.starts_with("ТОВ «")
                        || d.name.starts_with("ФОП ")
                        || d.name.starts_with("ПП «"),
                    "{}",
                    d.name
                );
                let tax = d.tax_id.as_deref().unwrap();
                assert!(tax.len() == 8 || tax.len() == 10, "{tax}");
                assert!(tax.chars().all(|c| c.is_ascii_digit()));
                assert!(d.region.as_deref().unwrap().ends_with("область"));
            }
            EventData::OrderUpserted(o) => {
                let sum: i64 = o
                    .constructions
                    .iter()
                    .map(|c| c.price_minor * c.quantity)
                    .sum();
                assert_eq!(sum, o.total_minor);
                totals_ok += 1;
                assert!((1..=6).contains(&o.constructions.len()));
                for c in &o.constructions {
                    kinds.insert(c.kind);
                    if c.kind == ConstructionKind::Window {
                        assert!(
                            (600..=2400).contains(&c.width_mm)
                                && (600..=2000).contains(&c.height_mm)
                        );
                        assert!(
                            c.profile_system.is_some()
                                && c.glass_unit.is_some()
                                && c.fittings.is_some()
                        );
                    }
                }
            }
            EventData::ShipmentUpserted(t) => {
                if t.orders.len() > 1 {
                    trips_with_many += 1;
                }
                if t.delivered_at.is_some() {
                    delivered_trips += 1;
                    assert!(t.departed_at.is_some());
                }
                assert!(t.vehicle.as_deref().unwrap().len() == 10, "{:?}", t.vehicle);
            }
            EventData::AttachmentAdded(a) => {
                attachment_types.insert(a.content_type);
            }
            EventData::LedgerEntryPosted(_) => posted += 1,
            EventData::LedgerEntryVoided(_) => voided += 1,
            _ => {}
        }
    }
    assert!(totals_ok >= 2000);
    assert_eq!(kinds.len(), ConstructionKind::ALL.len(), "{kinds:?}");
    assert!(
        attachment_types.contains(&ContentType::Svg)
            && attachment_types.contains(&ContentType::Pdf),
        "{attachment_types:?}"
    );
    assert!(trips_with_many > 10 && delivered_trips > 10);
    let void_share = f64::from(voided) / f64::from(posted);
    assert!((0.001..0.02).contains(&void_share), "{voided} of {posted}");

    // Every ledger kind occurs, and some dealers end up owing money.
    let ledger_kinds: HashSet<LedgerKind> = all
        .iter()
        .filter_map(|s| match &s.event.data {
            EventData::LedgerEntryPosted(e) => Some(e.kind),
            _ => None,
        })
        .collect();
    assert_eq!(ledger_kinds.len(), 6, "{ledger_kinds:?}");
    assert!(reference.dealers.values().any(|d| d.balance_minor > 0));
}

#[test]
fn attachments_are_real_files() {
    let mut seen = 0;
    for s in events(&small(12)) {
        if let EventData::AttachmentAdded(a) = &s.event.data {
            seen += 1;
            match a.content_type {
                ContentType::Svg => {
                    let text = std::str::from_utf8(&a.content).unwrap();
                    assert!(text.contains("<svg") && text.trim_end().ends_with("</svg>"));
                    assert_eq!(a.position, Some(1));
                }
                ContentType::Pdf => assert!(a.content.ends_with(b"%%EOF\n")),
                ContentType::Png => assert!(a.content.windows(4).any(|w| w == b"IEND")),
                ContentType::Jpeg => panic!("no JPEGs are generated"),
            }
            assert!(a.file_name.contains(&a.order_number));
        }
    }
    assert!(seen > 20, "{seen}");
}
