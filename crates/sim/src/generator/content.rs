//! An order's content (`order.upserted` data), regenerated from the order's
//! seed whenever it is sent, so the simulation keeps one seed per order
//! instead of its constructions.

use super::clock::*;
use super::dealers::{DealerStatic, person};
use crate::names;
use crate::rng::Rng;
use dealerdesk_domain::{ConstructionKind, Currency};
use dealerdesk_sync::events::*;

/// Builds an order's `order.upserted` data. Pure: the same seed gives the
/// same constructions, so a later re-send (a new planned date) matches.
pub(super) fn order_content(
    d: &DealerStatic,
    number: &str,
    seed: u64,
    accepted_at: i64,
    planned_day: i64,
) -> OrderUpserted {
    let mut r = Rng::new(seed);
    let n = 1 + r.weighted(&[30, 25, 18, 12, 9, 6]);
    let profile = if r.chance(0.75) {
        d.profile
    } else {
        r.below(names::PROFILE_SYSTEMS.len() as u64) as usize
    };
    let glass = r.weighted(&[55, 35, 10]);
    let colour = r.weighted(&[70, 12, 10, 8]);
    let fittings = if r.chance(0.8) {
        d.fittings
    } else {
        r.below(names::FITTINGS.len() as u64) as usize
    };
    let mut constructions = Vec::with_capacity(n);
    let mut total = 0i64;
    for position in 1..=n as i64 {
        let kind = match r.weighted(&[62, 15, 8, 8, 5, 2]) {
            0 => ConstructionKind::Window,
            1 => ConstructionKind::BalconyDoor,
            2 => ConstructionKind::Door,
            3 => ConstructionKind::RollerShutter,
            4 => ConstructionKind::Aluminium,
            _ => ConstructionKind::Other,
        };
        let colour = if r.chance(0.9) {
            colour
        } else {
            r.weighted(&[70, 12, 10, 8])
        };
        let (cu, cr, cf) = names::COLOURS[colour];
        let colour_name = if d.russian { cr } else { cu };
        let mm = |r: &mut Rng, lo: i64, hi: i64| r.range(lo / 10, hi / 10 + 1) * 10;
        let (w, h) = match kind {
            ConstructionKind::Window => (mm(&mut r, 600, 2400), mm(&mut r, 600, 2000)),
            ConstructionKind::BalconyDoor => (mm(&mut r, 650, 950), mm(&mut r, 2000, 2300)),
            ConstructionKind::Door => (mm(&mut r, 800, 1200), mm(&mut r, 2000, 2400)),
            ConstructionKind::RollerShutter => (mm(&mut r, 800, 2500), mm(&mut r, 800, 2200)),
            ConstructionKind::Aluminium => (mm(&mut r, 1500, 6000), mm(&mut r, 1800, 2700)),
            ConstructionKind::Other => (mm(&mut r, 500, 1400), mm(&mut r, 600, 1500)),
        };
        let area = (w * h) as f64 / 1_000_000.0;
        let (pname, prate) = names::PROFILE_SYSTEMS[profile];
        let (gname, gf) = names::GLASS_UNITS[glass];
        let (fname, ff) = names::FITTINGS[fittings];
        let pct = |x: i64| x as f64 / 100.0;
        let (name, profile_system, glass_unit, fit, uah) = match kind {
            ConstructionKind::Window => {
                let name = match (w, d.russian) {
                    (..=900, false) => "Вікно одностулкове",
                    (..=900, true) => "Окно одностворчатое",
                    (901..=1600, false) => "Вікно двостулкове",
                    (901..=1600, true) => "Окно двухстворчатое",
                    (_, false) => "Вікно тристулкове",
                    (_, true) => "Окно трёхстворчатое",
                };
                let uah = 900.0 + area * prate as f64 * pct(gf) * pct(cf) * pct(ff);
                (name, Some(pname.to_owned()), Some(gname), Some(fname), uah)
            }
            ConstructionKind::BalconyDoor => {
                let name = if d.russian {
                    "Балконный блок"
                } else {
                    "Балконний блок"
                };
                let uah = 1_400.0 + area * prate as f64 * 1.3 * pct(gf) * pct(cf) * pct(ff);
                (name, Some(pname.to_owned()), Some(gname), Some(fname), uah)
            }
            ConstructionKind::Door => {
                let name = if d.russian {
                    "Дверь входная"
                } else {
                    "Двері вхідні"
                };
                let uah = 2_500.0 + area * prate as f64 * 2.2 * pct(cf) * pct(ff);
                (name, Some(pname.to_owned()), Some(gname), Some(fname), uah)
            }
            ConstructionKind::RollerShutter => {
                let name = if d.russian {
                    "Роллета защитная"
                } else {
                    "Ролета захисна"
                };
                let uah = 1_200.0 + area * 2_600.0 * pct(cf);
                (
                    name,
                    Some((*r.pick(names::SHUTTER_SYSTEMS)).to_owned()),
                    None,
                    None,
                    uah,
                )
            }
            ConstructionKind::Aluminium => {
                let name = if d.russian {
                    "Алюминиевая раздвижная система"
                } else {
                    "Алюмінієва розсувна система"
                };
                let uah = 3_000.0 + area * 7_200.0 * pct(cf);
                (
                    name,
                    Some((*r.pick(names::ALUMINIUM_SYSTEMS)).to_owned()),
                    Some("4-16-4"),
                    Some("Siegenia"),
                    uah,
                )
            }
            ConstructionKind::Other => {
                let name = if d.russian {
                    "Москитная сетка"
                } else {
                    "Москітна сітка"
                };
                let uah = (area * 650.0).max(600.0);
                (name, None, None, None, uah)
            }
        };
        let quantity = match r.weighted(&[85, 10, 5]) {
            0 => 1,
            1 => 2,
            _ => r.range(3, 5),
        };
        let price_minor = (uah * 100.0).round() as i64;
        total += price_minor * quantity;
        constructions.push(ConstructionData {
            position,
            kind,
            name: name.to_owned(),
            width_mm: w,
            height_mm: h,
            profile_system,
            glass_unit: glass_unit.map(str::to_owned),
            colour: Some(colour_name.to_owned()),
            fittings: fit.map(str::to_owned),
            quantity,
            price_minor,
        });
    }
    let customer_ref = match r.weighted(&[30, 25, 15, 10, 20]) {
        0 if d.russian => {
            let s = r.pick(names::SURNAMES_RU);
            Some(format!(
                "{} {}",
                if r.chance(0.6) { s.0 } else { s.1 },
                r.pick(names::RU_INITIALS)
            ))
        }
        0 => Some(person(&mut r).1),
        1 => Some(format!(
            "{}, {}, кв. {}",
            r.pick(names::STREETS),
            r.range(1, 120),
            r.range(1, 200)
        )),
        2 => Some(format!(
            "ЖК «{}», буд. {}, кв. {}",
            r.pick(names::ESTATES),
            r.range(1, 12),
            r.range(1, 400)
        )),
        3 => Some(format!("Д-{}", r.range(1000, 99_999))),
        _ => None,
    };
    OrderUpserted {
        number: number.to_owned(),
        dealer_code: d.code.clone(),
        accepted_at: utc(accepted_at),
        customer_ref,
        planned_ship_date: Some(date_string(planned_day)),
        currency: Currency::UAH,
        total_minor: total,
        constructions,
    }
}
