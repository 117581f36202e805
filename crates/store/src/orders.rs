//! Orders and their constructions: the read model the order page and the
//! dealer's lists use, kept by the sync appliers.

use crate::Result;
use crate::row::RowExt;
use dealerdesk_domain::model::{Construction, Order};
use dealerdesk_domain::{
    ConstructionId, ConstructionKind, Currency, DealerId, DealerRef, DealerScope, FactoryId,
    OrderId, OrderStatus, ShipmentId, Timestamp, UserId,
};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

pub struct Orders<'c> {
    pub(crate) c: &'c mut AnyConnection,
}

macro_rules! cols {
    () => {
        "id, factory_id, dealer_id, number, customer_ref, accepted_at, planned_ship_date, currency, total_minor, paid_minor, \
         delivery_charge_minor, compensation_minor, adjustment_minor, status, status_at, shipment_id, \
         at_accepted, at_in_production, at_manufactured, at_ready, at_shipped, at_delivered, at_cancelled"
    };
}

const TIMELINE_COLS: [&str; 7] = [
    "at_accepted",
    "at_in_production",
    "at_manufactured",
    "at_ready",
    "at_shipped",
    "at_delivered",
    "at_cancelled",
];

fn from_row(r: &AnyRow) -> Result<Order> {
    let mut timeline = Vec::new();
    for (status, col) in OrderStatus::ALL.iter().zip(TIMELINE_COLS) {
        if let Some(at) = r.opt_ts(col)? {
            timeline.push((*status, at));
        }
    }
    timeline.sort_by_key(|(_, at)| *at);
    Ok(Order {
        id: OrderId(r.i64("id")?),
        factory_id: FactoryId(r.i64("factory_id")?),
        dealer_id: DealerId(r.i64("dealer_id")?),
        number: r.string("number")?,
        customer_ref: r.opt_string("customer_ref")?,
        accepted_at: r.ts("accepted_at")?,
        planned_ship_date: r.opt_string("planned_ship_date")?,
        currency: r.currency("currency")?,
        total_minor: r.i64("total_minor")?,
        paid_minor: r.i64("paid_minor")?,
        delivery_charge_minor: r.i64("delivery_charge_minor")?,
        compensation_minor: r.i64("compensation_minor")?,
        adjustment_minor: r.i64("adjustment_minor")?,
        status: r.order_status("status")?,
        status_at: r.ts("status_at")?,
        shipment_id: r.opt_i64("shipment_id")?.map(ShipmentId),
        timeline,
    })
}

macro_rules! construction_cols {
    () => {
        "id, order_id, position, kind, name, width_mm, height_mm, profile_system, glass_unit, colour, fittings, quantity, price_minor, status, status_at"
    };
}

fn construction_from_row(r: &AnyRow) -> Result<Construction> {
    Ok(Construction {
        id: ConstructionId(r.i64("id")?),
        order_id: OrderId(r.i64("order_id")?),
        position: r.i64("position")?,
        kind: ConstructionKind::parse(&r.string("kind")?)?,
        name: r.string("name")?,
        width_mm: r.i64("width_mm")?,
        height_mm: r.i64("height_mm")?,
        profile_system: r.opt_string("profile_system")?,
        glass_unit: r.opt_string("glass_unit")?,
        colour: r.opt_string("colour")?,
        fittings: r.opt_string("fittings")?,
        quantity: r.i64("quantity")?,
        price_minor: r.i64("price_minor")?,
        status: r.order_status("status")?,
        status_at: r.ts("status_at")?,
    })
}

/// An order as the production system describes it (`order.upserted`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderContent {
    pub number: String,
    pub customer_ref: Option<String>,
    pub accepted_at: Timestamp,
    pub planned_ship_date: Option<String>,
    pub currency: Currency,
    pub total_minor: i64,
    pub constructions: Vec<ConstructionContent>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConstructionContent {
    pub position: i64,
    pub kind: ConstructionKind,
    pub name: String,
    pub width_mm: i64,
    pub height_mm: i64,
    pub profile_system: Option<String>,
    pub glass_unit: Option<String>,
    pub colour: Option<String>,
    pub fittings: Option<String>,
    pub quantity: i64,
    pub price_minor: i64,
}

impl Orders<'_> {
    /// Finds an order by factory code and number for a permission decision:
    /// only its id and its dealer's policy facts come back.
    pub async fn locate(
        &mut self,
        factory_code: &str,
        number: &str,
    ) -> Result<Option<(OrderId, DealerRef)>> {
        let row = sqlx::query(
            "SELECT o.id, d.id AS dealer_id, d.factory_id, d.manager_id FROM orders o \
             JOIN factories f ON f.id = o.factory_id JOIN dealers d ON d.id = o.dealer_id \
             WHERE f.code = $1 AND o.number = $2",
        )
        .bind(factory_code)
        .bind(number)
        .fetch_optional(&mut *self.c)
        .await?;
        row.map(|r| {
            Ok((
                OrderId(r.i64("id")?),
                DealerRef {
                    id: DealerId(r.i64("dealer_id")?),
                    factory: FactoryId(r.i64("factory_id")?),
                    manager: r.opt_i64("manager_id")?.map(UserId),
                },
            ))
        })
        .transpose()
    }

    /// [`Orders::locate`] and [`Orders::get`] in one statement, for the
    /// order page: the order and its dealer's policy facts. The order must
    /// not be shown before the policy has seen the facts.
    pub async fn find(
        &mut self,
        factory_code: &str,
        number: &str,
    ) -> Result<Option<(Order, DealerRef)>> {
        let row = sqlx::query(concat!(
            "SELECT ",
            cols!(),
            ", (SELECT d.factory_id FROM dealers d WHERE d.id = orders.dealer_id) AS dealer_factory_id, \
             (SELECT d.manager_id FROM dealers d WHERE d.id = orders.dealer_id) AS dealer_manager_id \
             FROM orders WHERE factory_id = (SELECT f.id FROM factories f WHERE f.code = $1) AND number = $2"
        ))
        .bind(factory_code)
        .bind(number)
        .fetch_optional(&mut *self.c)
        .await?;
        row.map(|r| {
            let order = from_row(&r)?;
            let dealer = DealerRef {
                id: order.dealer_id,
                factory: FactoryId(r.i64("dealer_factory_id")?),
                manager: r.opt_i64("dealer_manager_id")?.map(UserId),
            };
            Ok((order, dealer))
        })
        .transpose()
    }

    pub async fn get(&mut self, scope: &DealerScope, id: OrderId) -> Result<Option<Order>> {
        sqlx::query(concat!(
            "SELECT ",
            cols!(),
            " FROM orders WHERE id = $1 AND dealer_id = $2"
        ))
        .bind(id.0)
        .bind(scope.dealer().0)
        .fetch_optional(&mut *self.c)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
    }

    pub async fn constructions(
        &mut self,
        scope: &DealerScope,
        order: OrderId,
    ) -> Result<Vec<Construction>> {
        sqlx::query(concat!(
            "SELECT ",
            construction_cols!(),
            " FROM constructions WHERE order_id = $1 AND dealer_id = $2 ORDER BY position"
        ))
        .bind(order.0)
        .bind(scope.dealer().0)
        .fetch_all(&mut *self.c)
        .await?
        .iter()
        .map(construction_from_row)
        .collect()
    }

    /// The latest status changes of a dealer's orders (dashboard).
    pub async fn recent_changes(&mut self, scope: &DealerScope, limit: i64) -> Result<Vec<Order>> {
        sqlx::query(concat!(
            "SELECT ",
            cols!(),
            " FROM orders WHERE dealer_id = $1 ORDER BY status_at DESC, id DESC LIMIT $2"
        ))
        .bind(scope.dealer().0)
        .bind(limit)
        .fetch_all(&mut *self.c)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }
}

impl Orders<'_> {
    /// What is left to pay on each of these orders of the dealer, by the
    /// same rule as [`Order::outstanding_minor`]. Orders of other dealers
    /// are silently left out.
    ///
    /// `dealer_id + 0`: with a long `IN` list SQLite would otherwise walk
    /// the dealer's index (20,000 orders of the benchmark's heavy dealer)
    /// instead of looking each id up.
    pub async fn outstanding(
        &mut self,
        scope: &DealerScope,
        ids: &[OrderId],
    ) -> Result<Vec<(OrderId, i64)>> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let mut sql = format!(
                "SELECT id, total_minor + delivery_charge_minor + adjustment_minor - paid_minor - compensation_minor AS outstanding \
                 FROM orders WHERE dealer_id + 0 = $1 AND id IN ({})",
                crate::syncbatch::list(2, chunk.len())
            );
            if self.c.backend_name() == "SQLite" {
                sql = crate::syncbatch::anonymous(&sql);
            }
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(scope.dealer().0);
            for id in chunk {
                q = q.bind(id.0);
            }
            for r in q.fetch_all(&mut *self.c).await? {
                out.push((OrderId(r.i64("id")?), r.i64("outstanding")?));
            }
        }
        Ok(out)
    }
}
