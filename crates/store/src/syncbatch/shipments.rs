use super::SyncBatch;
use crate::Result;
use crate::attachments::NewAttachment;
use crate::row::RowExt;
use crate::shipments::ShipmentContent;
use dealerdesk_domain::{DealerId, FactoryId, OrderId, Phone, ShipmentId, Timestamp};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipmentState {
    pub id: ShipmentId,
    pub version: i64,
    pub content: ShipmentContent,
}

impl SyncBatch<'_> {
    pub async fn shipments_by_trips(
        &mut self,
        factory: FactoryId,
        trips: &[String],
    ) -> Result<Vec<ShipmentState>> {
        let rows = self
            .fetch_in(
                "SELECT id, trip, vehicle, driver_name, driver_phone, departed_at, planned_delivery_date, delivered_at, version FROM shipments \
                 WHERE factory_id = $1 AND trip IN",
                "",
                1,
                |q| q.bind(factory.0),
                trips,
                true,
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(ShipmentState {
                    id: ShipmentId(r.i64("id")?),
                    version: r.i64("version")?,
                    content: ShipmentContent {
                        trip: r.string("trip")?,
                        vehicle: r.opt_string("vehicle")?,
                        driver_name: r.string("driver_name")?,
                        driver_phone: Phone::parse(&r.string("driver_phone")?)?,
                        departed_at: r.opt_ts("departed_at")?,
                        planned_delivery_date: r.opt_string("planned_delivery_date")?,
                        delivered_at: r.opt_ts("delivered_at")?,
                    },
                })
            })
            .collect()
    }

    /// Inserts trips; returns trip → id.
    pub async fn insert_shipments(
        &mut self,
        factory: FactoryId,
        rows: &[(ShipmentContent, i64)],
    ) -> Result<Vec<(String, ShipmentId)>> {
        let now = Timestamp::now().0;
        let returned = self
            .fetch_rows(
                "INSERT INTO shipments (factory_id, trip, vehicle, driver_name, driver_phone, departed_at, planned_delivery_date, delivered_at, version, \
                 created_at, updated_at) VALUES ",
                " RETURNING id, trip",
                11,
                rows,
                |q, (s, v)| {
                    q.bind(factory.0)
                        .bind(&s.trip)
                        .bind(s.vehicle.as_deref())
                        .bind(&s.driver_name)
                        .bind(s.driver_phone.as_str())
                        .bind(s.departed_at.map(|t| t.0))
                        .bind(s.planned_delivery_date.as_deref())
                        .bind(s.delivered_at.map(|t| t.0))
                        .bind(*v)
                        .bind(now)
                        .bind(now)
                },
            )
            .await?;
        returned
            .iter()
            .map(|r| Ok((r.string("trip")?, ShipmentId(r.i64("id")?))))
            .collect()
    }

    pub async fn update_shipments(
        &mut self,
        rows: &[(ShipmentId, ShipmentContent, i64)],
    ) -> Result<()> {
        let now = Timestamp::now().0;
        self.exec_rows(
            "UPDATE shipments SET vehicle = v.column2, driver_name = v.column3, driver_phone = v.column4, departed_at = v.column5, \
             planned_delivery_date = v.column6, delivered_at = v.column7, version = v.column8, updated_at = v.column9 FROM (VALUES ",
            ") AS v WHERE shipments.id = v.column1",
            9,
            rows,
            |q, (id, s, v)| {
                q.bind(id.0)
                    .bind(s.vehicle.as_deref())
                    .bind(&s.driver_name)
                    .bind(s.driver_phone.as_str())
                    .bind(s.departed_at.map(|t| t.0))
                    .bind(s.planned_delivery_date.as_deref())
                    .bind(s.delivered_at.map(|t| t.0))
                    .bind(*v)
                    .bind(now)
            },
        )
        .await
    }

    /// Replaces the orders on these trips.
    pub async fn replace_shipment_orders(
        &mut self,
        shipments: &[ShipmentId],
        rows: &[(ShipmentId, OrderId, DealerId)],
    ) -> Result<()> {
        for chunk in shipments.chunks(1_000) {
            let sql = self.sql(format!(
                "DELETE FROM shipment_orders WHERE shipment_id IN ({})",
                super::list(1, chunk.len())
            ));
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for s in chunk {
                q = q.bind(s.0);
            }
            q.execute(&mut *self.c).await?;
        }
        self.exec_rows(
            "INSERT INTO shipment_orders (shipment_id, order_id, dealer_id) VALUES ",
            "",
            3,
            rows,
            |q, (s, o, d)| q.bind(s.0).bind(o.0).bind(d.0),
        )
        .await
    }

    /// The stored versions of these attachments (source id → version).
    pub async fn attachment_versions(
        &mut self,
        factory: FactoryId,
        ids: &[String],
    ) -> Result<Vec<(String, i64)>> {
        let rows = self
            .fetch_in(
                "SELECT source_attachment_id, version FROM attachments WHERE factory_id = $1 AND source_attachment_id IN",
                "",
                1,
                |q| q.bind(factory.0),
                ids,
                true,
            )
            .await?;
        rows.iter()
            .map(|r| Ok((r.string("source_attachment_id")?, r.i64("version")?)))
            .collect()
    }

    pub async fn upsert_attachments(
        &mut self,
        factory: FactoryId,
        rows: &[(NewAttachment, i64)],
    ) -> Result<()> {
        let now = Timestamp::now().0;
        self.exec_rows(
            "INSERT INTO attachments (factory_id, dealer_id, order_id, position, source_attachment_id, kind, file_name, content_type, sha256, size_bytes, \
             version, created_at) VALUES ",
            " ON CONFLICT (factory_id, source_attachment_id) DO UPDATE SET dealer_id = excluded.dealer_id, order_id = excluded.order_id, \
             position = excluded.position, kind = excluded.kind, file_name = excluded.file_name, content_type = excluded.content_type, \
             sha256 = excluded.sha256, size_bytes = excluded.size_bytes, version = excluded.version",
            12,
            rows,
            |q, (a, v)| {
                q.bind(factory.0)
                    .bind(a.dealer_id.0)
                    .bind(a.order_id.0)
                    .bind(a.position)
                    .bind(&a.source_attachment_id)
                    .bind(&a.kind)
                    .bind(&a.file_name)
                    .bind(&a.content_type)
                    .bind(&a.sha256)
                    .bind(a.size_bytes)
                    .bind(*v)
                    .bind(now)
            },
        )
        .await
    }
}
