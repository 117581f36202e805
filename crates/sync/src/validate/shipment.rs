//! `shipment.upserted`: a trip with its driver and the orders it carries.

use super::fields::{Lines, NUMBER_MAX, Obj, domain_message, text_value};
use super::{RejectCode, Rejection, Res};
use crate::events::*;
use dealerdesk_domain::Phone;
use std::collections::HashSet;

const SHIPMENT_ORDERS_MAX: usize = 200;

pub(super) fn shipment(o: &Obj) -> Res<ShipmentUpserted> {
    o.only(&[
        "trip",
        "vehicle",
        "driver_name",
        "driver_phone",
        "departed_at",
        "planned_delivery_date",
        "delivered_at",
        "orders",
    ])?;
    let max = o.limits.max_string_chars;
    let trip = o.text("trip", NUMBER_MAX, Lines::One)?;
    let vehicle = o.opt_text("vehicle", max, Lines::One)?;
    let driver_name = o.text("driver_name", max, Lines::One)?;
    let phone_raw = o.text("driver_phone", max, Lines::One)?;
    let driver_phone = Phone::parse(&phone_raw)
        .map_err(|e| o.invalid("driver_phone", domain_message("driver_phone", &e)))?;
    let departed_at = o.opt_instant("departed_at")?;
    let planned_delivery_date = o.opt_date("planned_delivery_date")?;
    let delivered_at = o.opt_instant("delivered_at")?;
    let items = o.array("orders", 1, SHIPMENT_ORDERS_MAX, "order number")?;
    let mut orders = Vec::with_capacity(items.len());
    let mut seen = HashSet::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let path = format!("{}/orders/{i}", o.path);
        let number = text_value(item, &path, "each order number", NUMBER_MAX, Lines::One)?;
        if !seen.insert(number.clone()) {
            return Err(Rejection::new(
                RejectCode::InvalidField,
                path,
                format!("order {number} appears more than once in this trip"),
            ));
        }
        orders.push(number);
    }
    Ok(ShipmentUpserted {
        trip,
        vehicle,
        driver_name,
        driver_phone,
        departed_at,
        planned_delivery_date,
        delivered_at,
        orders,
    })
}
