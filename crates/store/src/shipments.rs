use crate::Result;
use crate::row::RowExt;
use dealerdesk_domain::model::Shipment;
use dealerdesk_domain::{DealerScope, FactoryId, OrderId, Phone, ShipmentId, Timestamp};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

pub struct Shipments<'c> {
    pub(crate) c: &'c mut AnyConnection,
}

/// A trip as the production system describes it (`shipment.upserted`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipmentContent {
    pub trip: String,
    pub vehicle: Option<String>,
    pub driver_name: String,
    pub driver_phone: Phone,
    pub departed_at: Option<Timestamp>,
    pub planned_delivery_date: Option<String>,
    pub delivered_at: Option<Timestamp>,
}

fn from_row(r: &AnyRow) -> Result<Shipment> {
    Ok(Shipment {
        id: ShipmentId(r.i64("id")?),
        factory_id: FactoryId(r.i64("factory_id")?),
        trip: r.string("trip")?,
        vehicle: r.opt_string("vehicle")?,
        driver_name: r.string("driver_name")?,
        driver_phone: Phone::parse(&r.string("driver_phone")?)?,
        departed_at: r.opt_ts("departed_at")?,
        planned_delivery_date: r.opt_string("planned_delivery_date")?,
        delivered_at: r.opt_ts("delivered_at")?,
    })
}

impl Shipments<'_> {
    /// The trip an order of this dealer travels on.
    pub async fn for_order(
        &mut self,
        scope: &DealerScope,
        order: OrderId,
    ) -> Result<Option<Shipment>> {
        let row = sqlx::query(
            "SELECT s.id, s.factory_id, s.trip, s.vehicle, s.driver_name, s.driver_phone, s.departed_at, s.planned_delivery_date, s.delivered_at \
             FROM orders o JOIN shipments s ON s.id = o.shipment_id WHERE o.id = $1 AND o.dealer_id = $2",
        )
        .bind(order.0)
        .bind(scope.dealer().0)
        .fetch_optional(&mut *self.c)
        .await?;
        row.as_ref().map(from_row).transpose()
    }
}
