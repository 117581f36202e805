//! The production system's order-side events: `dealer.upserted`,
//! `order.upserted` (with its constructions) and `order.status_changed`
//! (with per-construction progress). They share the order number and
//! construction rules, so they live together.

use super::Res;
use super::fields::{Lines, NUMBER_MAX, Obj};
use crate::events::*;
use dealerdesk_domain::{ConstructionKind, OrderStatus};
use std::collections::HashSet;

const CONSTRUCTIONS_MAX: usize = 500;
const SIZE_MM: (i64, i64) = (100, 10_000);
const QUANTITY: (i64, i64) = (1, 1000);

pub(super) fn dealer(o: &Obj) -> Res<DealerUpserted> {
    o.only(&[
        "code",
        "name",
        "short_name",
        "tax_id",
        "region",
        "city",
        "address",
        "phone",
        "email",
        "manager_email",
        "active",
    ])?;
    let max = o.limits.max_string_chars;
    Ok(DealerUpserted {
        code: o.code("code")?,
        name: o.text("name", max, Lines::One)?,
        short_name: o.opt_text("short_name", max, Lines::One)?,
        tax_id: o.opt_text("tax_id", max, Lines::One)?,
        region: o.opt_text("region", max, Lines::One)?,
        city: o.opt_text("city", max, Lines::One)?,
        address: o.opt_text("address", max, Lines::Many)?,
        phone: o.opt_text("phone", max, Lines::One)?,
        email: o.opt_email("email")?,
        manager_email: o.opt_email("manager_email")?,
        active: o.boolean("active")?,
    })
}

pub(super) fn order(o: &Obj) -> Res<OrderUpserted> {
    o.only(&[
        "number",
        "dealer_code",
        "accepted_at",
        "customer_ref",
        "planned_ship_date",
        "currency",
        "total_minor",
        "constructions",
    ])?;
    let max = o.limits.max_string_chars;
    let number = o.text("number", NUMBER_MAX, Lines::One)?;
    let dealer_code = o.code("dealer_code")?;
    let accepted_at = o.instant("accepted_at")?;
    let customer_ref = o.opt_text("customer_ref", max, Lines::One)?;
    let planned_ship_date = o.opt_date("planned_ship_date")?;
    let currency = o.currency("currency")?;
    let total_minor = o.int("total_minor")?;
    if total_minor < 0 {
        return Err(o.invalid("total_minor", "total_minor must not be negative"));
    }
    let items = o.array("constructions", 1, CONSTRUCTIONS_MAX, "construction")?;
    let mut constructions = Vec::with_capacity(items.len());
    let mut seen = HashSet::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let c = Obj::new(
            item,
            format!("{}/constructions/{i}", o.path),
            "each construction",
            o.limits,
        )?;
        let built = construction(&c)?;
        if !seen.insert(built.position) {
            return Err(c.invalid(
                "position",
                format!(
                    "position {} appears more than once in this order",
                    built.position
                ),
            ));
        }
        constructions.push(built);
    }
    Ok(OrderUpserted {
        number,
        dealer_code,
        accepted_at,
        customer_ref,
        planned_ship_date,
        currency,
        total_minor,
        constructions,
    })
}

fn construction(c: &Obj) -> Res<ConstructionData> {
    c.only(&[
        "position",
        "kind",
        "name",
        "width_mm",
        "height_mm",
        "profile_system",
        "glass_unit",
        "colour",
        "fittings",
        "quantity",
        "price_minor",
    ])?;
    let max = c.limits.max_string_chars;
    let position = c.position("position")?;
    let kind = c.parsed("kind", ConstructionKind::parse)?;
    let name = c.text("name", max, Lines::One)?;
    let width_mm = c.int_between("width_mm", SIZE_MM)?;
    let height_mm = c.int_between("height_mm", SIZE_MM)?;
    let profile_system = c.opt_text("profile_system", max, Lines::One)?;
    let glass_unit = c.opt_text("glass_unit", max, Lines::One)?;
    let colour = c.opt_text("colour", max, Lines::One)?;
    let fittings = c.opt_text("fittings", max, Lines::One)?;
    let quantity = c.int_between("quantity", QUANTITY)?;
    let price_minor = c.int("price_minor")?;
    if price_minor < 0 {
        return Err(c.invalid("price_minor", "price_minor must not be negative"));
    }
    Ok(ConstructionData {
        position,
        kind,
        name,
        width_mm,
        height_mm,
        profile_system,
        glass_unit,
        colour,
        fittings,
        quantity,
        price_minor,
    })
}

pub(super) fn status_changed(o: &Obj) -> Res<OrderStatusChanged> {
    o.only(&["number", "status", "at", "constructions"])?;
    let number = o.text("number", NUMBER_MAX, Lines::One)?;
    let status = o.parsed("status", OrderStatus::parse)?;
    let at = o.instant("at")?;
    let mut constructions = Vec::new();
    if o.get("constructions").is_some() {
        let items = o.array("constructions", 0, CONSTRUCTIONS_MAX, "construction")?;
        let mut seen = HashSet::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let c = Obj::new(
                item,
                format!("{}/constructions/{i}", o.path),
                "each construction",
                o.limits,
            )?;
            c.only(&["position", "status", "at"])?;
            let position = c.position("position")?;
            let status = c.parsed("status", OrderStatus::parse)?;
            let at = c.instant("at")?;
            if !seen.insert(position) {
                return Err(c.invalid(
                    "position",
                    format!("position {position} appears more than once in this event"),
                ));
            }
            constructions.push(ConstructionProgress {
                position,
                status,
                at,
            });
        }
    }
    Ok(OrderStatusChanged {
        number,
        status,
        at,
        constructions,
    })
}
