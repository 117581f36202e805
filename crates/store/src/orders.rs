//! Orders and their constructions: the read model the order page and the
//! dealer's lists use, kept by the sync appliers.

use crate::row::RowExt;
use crate::{Result, StoreError};
use dealerdesk_domain::model::{Construction, Order};
use dealerdesk_domain::{
    ConstructionId, ConstructionKind, ConstructionStatus, Currency, DealerId, DealerRef,
    DealerScope, FactoryId, OrderId, OrderStatus, ShipmentId, Timestamp, UserId,
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

/// An order's state as the appliers need it to decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderHead {
    pub id: OrderId,
    pub dealer_id: DealerId,
    pub status: OrderStatus,
    pub content_version: i64,
    pub status_version: i64,
}

pub use crate::dealers::Upserted;

/// Which money column of an order a ledger entry moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderMoney {
    Paid,
    DeliveryCharge,
    Compensation,
    Adjustment,
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

    /// The state an applier decides on, by factory and number.
    pub async fn head(&mut self, factory: FactoryId, number: &str) -> Result<Option<OrderHead>> {
        let row = sqlx::query("SELECT id, dealer_id, status, content_version, status_version FROM orders WHERE factory_id = $1 AND number = $2")
            .bind(factory.0)
            .bind(number)
            .fetch_optional(&mut *self.c)
            .await?;
        row.map(|r| {
            Ok(OrderHead {
                id: OrderId(r.i64("id")?),
                dealer_id: DealerId(r.i64("dealer_id")?),
                status: r.order_status("status")?,
                content_version: r.i64("content_version")?,
                status_version: r.i64("status_version")?,
            })
        })
        .transpose()
    }

    /// Creates or updates an order and its constructions from the
    /// production system, if `version` is newer than the stored content.
    /// New constructions join at the order's current status.
    pub async fn upsert_content(
        &mut self,
        factory: FactoryId,
        dealer: DealerId,
        o: &OrderContent,
        version: i64,
    ) -> Result<Upserted<OrderId>> {
        let now = Timestamp::now().0;
        match self.head(factory, &o.number).await? {
            None => {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO orders (factory_id, dealer_id, number, customer_ref, accepted_at, planned_ship_date, currency, total_minor, \
                     status, status_at, content_version, status_version, at_accepted, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'accepted', $5, $9, 0, $5, $10, $10) RETURNING id",
                )
                .bind(factory.0)
                .bind(dealer.0)
                .bind(&o.number)
                .bind(o.customer_ref.as_deref())
                .bind(o.accepted_at.0)
                .bind(o.planned_ship_date.as_deref())
                .bind(o.currency.as_str())
                .bind(o.total_minor)
                .bind(version)
                .bind(now)
                .fetch_one(&mut *self.c)
                .await?;
                let id = OrderId(id);
                self.insert_constructions(
                    id,
                    dealer,
                    &o.constructions,
                    OrderStatus::Accepted,
                    o.accepted_at,
                )
                .await?;
                Ok(Upserted::Inserted(id))
            }
            Some(head) => {
                if head.dealer_id != dealer {
                    return Err(StoreError::Conflict(format!(
                        "order {} belongs to another dealer",
                        o.number
                    )));
                }
                if version <= head.content_version {
                    return Ok(Upserted::Stale);
                }
                sqlx::query(
                    "UPDATE orders SET customer_ref = $2, accepted_at = $3, planned_ship_date = $4, currency = $5, total_minor = $6, \
                     content_version = $7, updated_at = $8 WHERE id = $1",
                )
                .bind(head.id.0)
                .bind(o.customer_ref.as_deref())
                .bind(o.accepted_at.0)
                .bind(o.planned_ship_date.as_deref())
                .bind(o.currency.as_str())
                .bind(o.total_minor)
                .bind(version)
                .bind(now)
                .execute(&mut *self.c)
                .await?;
                let existing: Vec<i64> =
                    sqlx::query_scalar("SELECT position FROM constructions WHERE order_id = $1")
                        .bind(head.id.0)
                        .fetch_all(&mut *self.c)
                        .await?;
                let mut fresh = Vec::new();
                for c in &o.constructions {
                    if existing.contains(&c.position) {
                        sqlx::query(
                            "UPDATE constructions SET kind = $3, name = $4, width_mm = $5, height_mm = $6, profile_system = $7, glass_unit = $8, \
                             colour = $9, fittings = $10, quantity = $11, price_minor = $12 WHERE order_id = $1 AND position = $2",
                        )
                        .bind(head.id.0)
                        .bind(c.position)
                        .bind(c.kind.as_str())
                        .bind(&c.name)
                        .bind(c.width_mm)
                        .bind(c.height_mm)
                        .bind(c.profile_system.as_deref())
                        .bind(c.glass_unit.as_deref())
                        .bind(c.colour.as_deref())
                        .bind(c.fittings.as_deref())
                        .bind(c.quantity)
                        .bind(c.price_minor)
                        .execute(&mut *self.c)
                        .await?;
                    } else {
                        fresh.push(c.clone());
                    }
                }
                for gone in existing
                    .iter()
                    .filter(|p| !o.constructions.iter().any(|c| c.position == **p))
                {
                    sqlx::query("DELETE FROM constructions WHERE order_id = $1 AND position = $2")
                        .bind(head.id.0)
                        .bind(*gone)
                        .execute(&mut *self.c)
                        .await?;
                }
                self.insert_constructions(head.id, dealer, &fresh, head.status, Timestamp(now))
                    .await?;
                Ok(Upserted::Updated(head.id))
            }
        }
    }

    async fn insert_constructions(
        &mut self,
        order: OrderId,
        dealer: DealerId,
        cs: &[ConstructionContent],
        status: OrderStatus,
        at: Timestamp,
    ) -> Result<()> {
        // Several rows per statement: an order of 500 constructions is one
        // round trip per 64 rows, not 500.
        for chunk in cs.chunks(64) {
            let sql = values_insert(
                "INSERT INTO constructions (order_id, dealer_id, position, kind, name, width_mm, height_mm, profile_system, glass_unit, colour, \
                 fittings, quantity, price_minor, status, status_at) VALUES ",
                15,
                chunk.len(),
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for c in chunk {
                q = q
                    .bind(order.0)
                    .bind(dealer.0)
                    .bind(c.position)
                    .bind(c.kind.as_str())
                    .bind(&c.name)
                    .bind(c.width_mm)
                    .bind(c.height_mm)
                    .bind(c.profile_system.as_deref())
                    .bind(c.glass_unit.as_deref())
                    .bind(c.colour.as_deref())
                    .bind(c.fittings.as_deref())
                    .bind(c.quantity)
                    .bind(c.price_minor)
                    .bind(status.as_str())
                    .bind(at.0);
            }
            q.execute(&mut *self.c).await?;
        }
        Ok(())
    }

    /// The production status of every construction of an order.
    pub async fn construction_statuses(
        &mut self,
        order: OrderId,
    ) -> Result<Vec<(i64, ConstructionStatus)>> {
        let rows = sqlx::query(
            "SELECT position, status FROM constructions WHERE order_id = $1 ORDER BY position",
        )
        .bind(order.0)
        .fetch_all(&mut *self.c)
        .await?;
        rows.iter()
            .map(|r| Ok((r.i64("position")?, r.order_status("status")?)))
            .collect()
    }

    pub async fn set_construction_status(
        &mut self,
        order: OrderId,
        position: i64,
        status: ConstructionStatus,
        at: Timestamp,
    ) -> Result<()> {
        let n = sqlx::query("UPDATE constructions SET status = $3, status_at = $4 WHERE order_id = $1 AND position = $2")
            .bind(order.0)
            .bind(position)
            .bind(status.as_str())
            .bind(at.0)
            .execute(&mut *self.c)
            .await?
            .rows_affected();
        if n == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    /// Sets the order's status and records when the stage was first
    /// reached; constructions behind it are lifted to it (`status::lift`).
    pub async fn set_status(
        &mut self,
        order: OrderId,
        status: OrderStatus,
        at: Timestamp,
        version: i64,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE orders SET status = $2, status_at = $3, status_version = $4, updated_at = $5, \
               at_accepted = CASE WHEN $2 = 'accepted' THEN COALESCE(at_accepted, $3) ELSE at_accepted END, \
               at_in_production = CASE WHEN $2 = 'in_production' THEN COALESCE(at_in_production, $3) ELSE at_in_production END, \
               at_manufactured = CASE WHEN $2 = 'manufactured' THEN COALESCE(at_manufactured, $3) ELSE at_manufactured END, \
               at_ready = CASE WHEN $2 = 'ready' THEN COALESCE(at_ready, $3) ELSE at_ready END, \
               at_shipped = CASE WHEN $2 = 'shipped' THEN COALESCE(at_shipped, $3) ELSE at_shipped END, \
               at_delivered = CASE WHEN $2 = 'delivered' THEN COALESCE(at_delivered, $3) ELSE at_delivered END, \
               at_cancelled = CASE WHEN $2 = 'cancelled' THEN COALESCE(at_cancelled, $3) ELSE at_cancelled END \
             WHERE id = $1",
        )
        .bind(order.0)
        .bind(status.as_str())
        .bind(at.0)
        .bind(version)
        .bind(Timestamp::now().0)
        .execute(&mut *self.c)
        .await?;
        let behind: Vec<&str> = OrderStatus::ALL
            .iter()
            .filter(|c| dealerdesk_domain::status::lift(status, **c) != **c)
            .map(|c| c.as_str())
            .collect();
        if !behind.is_empty() {
            let mut q = sqlx::query("UPDATE constructions SET status = $2, status_at = $3 WHERE order_id = $1 AND status IN ($4, $5, $6, $7, $8, $9, $10)")
                .bind(order.0)
                .bind(status.as_str())
                .bind(at.0);
            for i in 0..7 {
                q = q.bind(behind.get(i).copied().unwrap_or(""));
            }
            q.execute(&mut *self.c).await?;
        }
        Ok(())
    }

    /// Moves one of the order's money columns (ledger entries linked to it).
    pub async fn add_money(
        &mut self,
        order: OrderId,
        column: OrderMoney,
        delta: i64,
    ) -> Result<()> {
        let sql = match column {
            OrderMoney::Paid => "UPDATE orders SET paid_minor = paid_minor + $2 WHERE id = $1",
            OrderMoney::DeliveryCharge => {
                "UPDATE orders SET delivery_charge_minor = delivery_charge_minor + $2 WHERE id = $1"
            }
            OrderMoney::Compensation => {
                "UPDATE orders SET compensation_minor = compensation_minor + $2 WHERE id = $1"
            }
            OrderMoney::Adjustment => {
                "UPDATE orders SET adjustment_minor = adjustment_minor + $2 WHERE id = $1"
            }
        };
        sqlx::query(sql)
            .bind(order.0)
            .bind(delta)
            .execute(&mut *self.c)
            .await?;
        Ok(())
    }

    pub async fn set_shipment(&mut self, order: OrderId, shipment: ShipmentId) -> Result<()> {
        sqlx::query("UPDATE orders SET shipment_id = $2 WHERE id = $1")
            .bind(order.0)
            .bind(shipment.0)
            .execute(&mut *self.c)
            .await?;
        Ok(())
    }
}

/// `prefix` followed by `rows` groups of `cols` numbered placeholders:
/// `($1, $2), ($3, $4)`. Only numbers are interpolated, never values.
pub(crate) fn values_insert(prefix: &str, cols: usize, rows: usize) -> String {
    let mut sql = String::with_capacity(prefix.len() + rows * cols * 5);
    sql.push_str(prefix);
    let mut n = 0;
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..cols {
            if c > 0 {
                sql.push_str(", ");
            }
            n += 1;
            sql.push('$');
            sql.push_str(&n.to_string());
        }
        sql.push(')');
    }
    sql
}
