//! Configurations, valid and refused, and the time helpers of `clock`.

use super::*;

#[test]
fn a_plant_with_many_factories() {
    let codes = ["KH", "PL", "DN", "KY", "X1"];
    let g = PlantGenerator::new(PlantConfig {
        seed: 11,
        factories: codes.iter().map(|c| FactoryPlan::new(*c)).collect(),
        dealers_per_factory: 3,
        orders: 60,
        start: date!(2026 - 03 - 20),
        end: date!(2026 - 04 - 10),
    })
    .unwrap();
    assert_eq!(g.manager_emails("DN")[5], "manager6@dn.demo");
    assert_eq!(
        g.dealer_codes("X1"),
        vec!["X1-D0001", "X1-D0002", "X1-D0003"]
    );
    assert!(g.manager_emails("ZZ").is_empty());
    let all = events(&g);
    for w in all.windows(2) {
        assert!(w[0].event.occurred_at <= w[1].event.occurred_at);
    }
    let r = g.reference();
    assert_eq!(r.orders.len(), 60);
    assert_eq!(r.sent.len(), 5);
}

#[test]
fn config_errors() {
    let ok = PlantConfig::demo(1);
    assert!(PlantGenerator::new(ok.clone()).is_ok());
    let err = |c: PlantConfig| PlantGenerator::new(c).err();
    assert_eq!(
        err(PlantConfig {
            factories: vec![],
            ..ok.clone()
        }),
        Some(ConfigError::NoFactories)
    );
    assert_eq!(
        err(PlantConfig {
            dealers_per_factory: 0,
            ..ok.clone()
        }),
        Some(ConfigError::NoDealers)
    );
    assert!(matches!(
        err(PlantConfig {
            end: date!(2024 - 01 - 01),
            ..ok.clone()
        }),
        Some(ConfigError::EndBeforeStart { .. })
    ));
    assert!(matches!(
        err(PlantConfig {
            factories: vec![FactoryPlan::new("K H")],
            ..ok.clone()
        }),
        Some(ConfigError::BadFactoryCode(_))
    ));
    assert!(matches!(
        err(PlantConfig {
            factories: vec![FactoryPlan::new("KH"), FactoryPlan::new("KH")],
            ..ok.clone()
        }),
        Some(ConfigError::DuplicateFactory(_))
    ));
    // A one-day plant still works.
    let one = PlantGenerator::new(PlantConfig {
        start: date!(2025 - 03 - 03),
        end: date!(2025 - 03 - 03),
        orders: 10,
        ..ok
    })
    .unwrap();
    assert_eq!(one.reference().orders.len(), 10);
}

#[test]
fn time_helpers() {
    assert_eq!(civil(0), (1970, 1, 1));
    assert_eq!(
        days_from_civil(2025, 3, 30),
        day_of_date(date!(2025 - 03 - 30))
    );
    for d in [-1000, 0, 20_000, 20_543, 30_000] {
        let (y, m, dd) = civil(d);
        assert_eq!(days_from_civil(y, m, dd), d);
    }
    assert_eq!(weekday(day_of_date(date!(2025 - 03 - 30))), 6);
    // 2025: EEST from 30 March to 26 October.
    assert_eq!(kyiv_offset(day_of_date(date!(2025 - 03 - 29))), 2 * HOUR);
    assert_eq!(kyiv_offset(day_of_date(date!(2025 - 03 - 30))), 3 * HOUR);
    assert_eq!(kyiv_offset(day_of_date(date!(2025 - 10 - 25))), 3 * HOUR);
    assert_eq!(kyiv_offset(day_of_date(date!(2025 - 10 - 26))), 2 * HOUR);
    let sat = day_of_date(date!(2025 - 03 - 29));
    assert_eq!(work_day(sat, 1), sat + 2);
    assert_eq!(bank_day(sat, 0), sat + 2);
    assert_eq!(bank_day(sat, 1), sat + 2);
    assert_eq!(bank_day(sat - 1, 1), sat + 2);
    assert_eq!(daytime(sat * DAY + hm(12, 0)), sat * DAY + hm(12, 0));
    assert!(daytime(sat * DAY + hm(22, 0)) > sat * DAY + hm(21, 0));
    assert!(daytime(sat * DAY + hm(2, 0)) >= sat * DAY + hm(6, 0));
}
