use crate::Result;
use crate::dealers::Upserted;
use crate::row::RowExt;
use dealerdesk_domain::model::Shipment;
use dealerdesk_domain::{DealerId, DealerScope, FactoryId, OrderId, Phone, ShipmentId, Timestamp};
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
    /// The stored trip and its version, for the applier to compare against.
    pub async fn by_trip(
        &mut self,
        factory: FactoryId,
        trip: &str,
    ) -> Result<Option<(Shipment, i64)>> {
        let row = sqlx::query(
            "SELECT id, factory_id, trip, vehicle, driver_name, driver_phone, departed_at, planned_delivery_date, delivered_at, version \
             FROM shipments WHERE factory_id = $1 AND trip = $2",
        )
        .bind(factory.0)
        .bind(trip)
        .fetch_optional(&mut *self.c)
        .await?;
        row.map(|r| Ok((from_row(&r)?, r.i64("version")?)))
            .transpose()
    }

    /// Creates or updates a trip if `version` is newer than the stored one.
    pub async fn upsert(
        &mut self,
        factory: FactoryId,
        s: &ShipmentContent,
        version: i64,
    ) -> Result<Upserted<ShipmentId>> {
        let now = Timestamp::now().0;
        match self.by_trip(factory, &s.trip).await? {
            Some((_, v)) if version <= v => Ok(Upserted::Stale),
            Some((old, _)) => {
                sqlx::query(
                    "UPDATE shipments SET vehicle = $2, driver_name = $3, driver_phone = $4, departed_at = $5, planned_delivery_date = $6, \
                     delivered_at = $7, version = $8, updated_at = $9 WHERE id = $1",
                )
                .bind(old.id.0)
                .bind(s.vehicle.as_deref())
                .bind(&s.driver_name)
                .bind(s.driver_phone.as_str())
                .bind(s.departed_at.map(|t| t.0))
                .bind(s.planned_delivery_date.as_deref())
                .bind(s.delivered_at.map(|t| t.0))
                .bind(version)
                .bind(now)
                .execute(&mut *self.c)
                .await?;
                Ok(Upserted::Updated(old.id))
            }
            None => {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO shipments (factory_id, trip, vehicle, driver_name, driver_phone, departed_at, planned_delivery_date, delivered_at, \
                     version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
                )
                .bind(factory.0)
                .bind(&s.trip)
                .bind(s.vehicle.as_deref())
                .bind(&s.driver_name)
                .bind(s.driver_phone.as_str())
                .bind(s.departed_at.map(|t| t.0))
                .bind(s.planned_delivery_date.as_deref())
                .bind(s.delivered_at.map(|t| t.0))
                .bind(version)
                .bind(now)
                .fetch_one(&mut *self.c)
                .await?;
                Ok(Upserted::Inserted(ShipmentId(id)))
            }
        }
    }

    /// Replaces the set of orders on a trip.
    pub async fn set_orders(
        &mut self,
        shipment: ShipmentId,
        orders: &[(OrderId, DealerId)],
    ) -> Result<()> {
        sqlx::query("DELETE FROM shipment_orders WHERE shipment_id = $1")
            .bind(shipment.0)
            .execute(&mut *self.c)
            .await?;
        for chunk in orders.chunks(200) {
            let sql = crate::orders::values_insert(
                "INSERT INTO shipment_orders (shipment_id, order_id, dealer_id) VALUES ",
                3,
                chunk.len(),
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (o, d) in chunk {
                q = q.bind(shipment.0).bind(o.0).bind(d.0);
            }
            q.execute(&mut *self.c).await?;
        }
        Ok(())
    }

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
