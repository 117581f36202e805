use super::SyncBatch;
use crate::Result;
use crate::orders::{ConstructionContent, OrderContent};
use crate::row::RowExt;
use dealerdesk_domain::{
    ConstructionStatus, DealerId, FactoryId, OrderId, OrderStatus, ShipmentId, Timestamp,
};

/// An order's state as an applier decides on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderState {
    pub id: OrderId,
    pub dealer_id: DealerId,
    pub number: String,
    pub status: OrderStatus,
    pub status_at: Timestamp,
    pub content_version: i64,
    pub status_version: i64,
}

/// Where each stage was first reached, in `OrderStatus::ALL` order.
pub type Timeline = [Option<Timestamp>; 7];

/// Money moved by ledger entries linked to an order: paid (net of
/// refunds), delivery charge, compensation, adjustment.
pub type MoneyDelta = [i64; 4];

#[derive(Debug, Clone)]
pub struct NewOrder {
    pub dealer_id: DealerId,
    pub content: OrderContent,
    pub status: OrderStatus,
    pub status_at: Timestamp,
    pub content_version: i64,
    pub status_version: i64,
    pub timeline: Timeline,
    pub money: MoneyDelta,
}

#[derive(Debug, Clone)]
pub struct StatusRow {
    pub id: OrderId,
    pub status: OrderStatus,
    pub status_at: Timestamp,
    pub status_version: i64,
    pub timeline: Timeline,
}

#[derive(Debug, Clone)]
pub struct ConstructionRow {
    pub order_id: OrderId,
    pub dealer_id: DealerId,
    pub content: ConstructionContent,
    pub status: ConstructionStatus,
    pub status_at: Timestamp,
}

impl SyncBatch<'_> {
    pub async fn orders_by_numbers(
        &mut self,
        factory: FactoryId,
        numbers: &[String],
    ) -> Result<Vec<OrderState>> {
        let rows = self
            .fetch_in(
                "SELECT id, dealer_id, number, status, status_at, content_version, status_version FROM orders WHERE factory_id = $1 AND number IN",
                "",
                1,
                |q| q.bind(factory.0),
                numbers,
                true,
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(OrderState {
                    id: OrderId(r.i64("id")?),
                    dealer_id: DealerId(r.i64("dealer_id")?),
                    number: r.string("number")?,
                    status: r.order_status("status")?,
                    status_at: r.ts("status_at")?,
                    content_version: r.i64("content_version")?,
                    status_version: r.i64("status_version")?,
                })
            })
            .collect()
    }

    /// (order, position, status, status_at) of every construction of these orders.
    pub async fn construction_states(
        &mut self,
        orders: &[OrderId],
    ) -> Result<Vec<(OrderId, i64, ConstructionStatus, Timestamp)>> {
        let keys: Vec<i64> = orders.iter().map(|o| o.0).collect();
        let rows = self
            .fetch_in(
                "SELECT order_id, position, status, status_at FROM constructions WHERE order_id IN",
                "",
                0,
                |q| q,
                &keys,
                false,
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    OrderId(r.i64("order_id")?),
                    r.i64("position")?,
                    r.order_status("status")?,
                    r.ts("status_at")?,
                ))
            })
            .collect()
    }

    /// Inserts orders in their final state; returns number → id.
    pub async fn insert_orders(
        &mut self,
        factory: FactoryId,
        rows: &[NewOrder],
    ) -> Result<Vec<(String, OrderId)>> {
        let now = Timestamp::now().0;
        let returned = self
            .fetch_rows(
                "INSERT INTO orders (factory_id, dealer_id, number, customer_ref, accepted_at, planned_ship_date, currency, total_minor, paid_minor, \
                 delivery_charge_minor, compensation_minor, adjustment_minor, status, status_at, content_version, status_version, at_accepted, \
                 at_in_production, at_manufactured, at_ready, at_shipped, at_delivered, at_cancelled, created_at, updated_at) VALUES ",
                " RETURNING id, number",
                25,
                rows,
                |q, o| {
                    let c = &o.content;
                    let mut q = q
                        .bind(factory.0)
                        .bind(o.dealer_id.0)
                        .bind(&c.number)
                        .bind(c.customer_ref.as_deref())
                        .bind(c.accepted_at.0)
                        .bind(c.planned_ship_date.as_deref())
                        .bind(c.currency.as_str())
                        .bind(c.total_minor);
                    for m in o.money {
                        q = q.bind(m);
                    }
                    q = q.bind(o.status.as_str()).bind(o.status_at.0).bind(o.content_version).bind(o.status_version);
                    for t in o.timeline {
                        q = q.bind(t.map(|t| t.0));
                    }
                    q.bind(now).bind(now)
                },
            )
            .await?;
        returned
            .iter()
            .map(|r| Ok((r.string("number")?, OrderId(r.i64("id")?))))
            .collect()
    }

    pub async fn update_order_content(
        &mut self,
        rows: &[(OrderId, OrderContent, i64)],
    ) -> Result<()> {
        let now = Timestamp::now().0;
        self.exec_rows(
            "UPDATE orders SET customer_ref = v.column2, accepted_at = v.column3, planned_ship_date = v.column4, currency = v.column5, \
             total_minor = v.column6, content_version = v.column7, updated_at = v.column8 FROM (VALUES ",
            ") AS v WHERE orders.id = v.column1",
            8,
            rows,
            |q, (id, c, version)| {
                q.bind(id.0)
                    .bind(c.customer_ref.as_deref())
                    .bind(c.accepted_at.0)
                    .bind(c.planned_ship_date.as_deref())
                    .bind(c.currency.as_str())
                    .bind(c.total_minor)
                    .bind(*version)
                    .bind(now)
            },
        )
        .await
    }

    /// Sets status and version; each stage keeps the first time it was reached.
    pub async fn update_order_status(&mut self, rows: &[StatusRow]) -> Result<()> {
        let now = Timestamp::now().0;
        self.exec_rows(
            "UPDATE orders SET status = v.column2, status_at = v.column3, status_version = v.column4, \
             at_accepted = COALESCE(at_accepted, v.column5), at_in_production = COALESCE(at_in_production, v.column6), \
             at_manufactured = COALESCE(at_manufactured, v.column7), at_ready = COALESCE(at_ready, v.column8), \
             at_shipped = COALESCE(at_shipped, v.column9), at_delivered = COALESCE(at_delivered, v.column10), \
             at_cancelled = COALESCE(at_cancelled, v.column11), updated_at = v.column12 FROM (VALUES ",
            ") AS v WHERE orders.id = v.column1",
            12,
            rows,
            |q, r| {
                let mut q = q.bind(r.id.0).bind(r.status.as_str()).bind(r.status_at.0).bind(r.status_version);
                for t in r.timeline {
                    q = q.bind(t.map(|t| t.0));
                }
                q.bind(now)
            },
        )
        .await
    }

    pub async fn add_order_money(&mut self, rows: &[(OrderId, MoneyDelta)]) -> Result<()> {
        self.exec_rows(
            "UPDATE orders SET paid_minor = paid_minor + v.column2, delivery_charge_minor = delivery_charge_minor + v.column3, \
             compensation_minor = compensation_minor + v.column4, adjustment_minor = adjustment_minor + v.column5 FROM (VALUES ",
            ") AS v WHERE orders.id = v.column1",
            5,
            rows,
            |q, (id, m)| q.bind(id.0).bind(m[0]).bind(m[1]).bind(m[2]).bind(m[3]),
        )
        .await
    }

    pub async fn set_order_shipments(&mut self, rows: &[(OrderId, ShipmentId)]) -> Result<()> {
        self.exec_rows(
            "UPDATE orders SET shipment_id = v.column2 FROM (VALUES ",
            ") AS v WHERE orders.id = v.column1",
            2,
            rows,
            |q, (o, s)| q.bind(o.0).bind(s.0),
        )
        .await
    }

    /// Inserts constructions, or updates the content of existing positions
    /// (their status stays: that is `set_construction_statuses`' job).
    pub async fn upsert_constructions(&mut self, rows: &[ConstructionRow]) -> Result<()> {
        self.exec_rows(
            "INSERT INTO constructions (order_id, dealer_id, position, kind, name, width_mm, height_mm, profile_system, glass_unit, colour, fittings, \
             quantity, price_minor, status, status_at) VALUES ",
            " ON CONFLICT (order_id, position) DO UPDATE SET kind = excluded.kind, name = excluded.name, width_mm = excluded.width_mm, \
             height_mm = excluded.height_mm, profile_system = excluded.profile_system, glass_unit = excluded.glass_unit, colour = excluded.colour, \
             fittings = excluded.fittings, quantity = excluded.quantity, price_minor = excluded.price_minor",
            15,
            rows,
            |q, r| {
                let c = &r.content;
                q.bind(r.order_id.0)
                    .bind(r.dealer_id.0)
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
                    .bind(r.status.as_str())
                    .bind(r.status_at.0)
            },
        )
        .await
    }

    /// Removes the positions of an order that are not in `keep` (a newer
    /// content version dropped them).
    pub async fn delete_constructions_except(
        &mut self,
        order: OrderId,
        keep: &[i64],
    ) -> Result<()> {
        if keep.is_empty() {
            sqlx::query("DELETE FROM constructions WHERE order_id = $1")
                .bind(order.0)
                .execute(&mut *self.c)
                .await?;
            return Ok(());
        }
        let sql = self.sql(format!(
            "DELETE FROM constructions WHERE order_id = $1 AND position NOT IN ({})",
            super::list(2, keep.len())
        ));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(order.0);
        for k in keep {
            q = q.bind(*k);
        }
        q.execute(&mut *self.c).await?;
        Ok(())
    }

    pub async fn set_construction_statuses(
        &mut self,
        rows: &[(OrderId, i64, ConstructionStatus, Timestamp)],
    ) -> Result<()> {
        self.exec_rows(
            "UPDATE constructions SET status = v.column3, status_at = v.column4 FROM (VALUES ",
            ") AS v WHERE constructions.order_id = v.column1 AND constructions.position = v.column2",
            4,
            rows,
            |q, (o, p, s, at)| q.bind(o.0).bind(*p).bind(s.as_str()).bind(at.0),
        )
        .await
    }

    /// Keeps the full-text index current for these orders (new ones, and
    /// those whose content changed): FTS5 on SQLite, a tsvector on PostgreSQL.
    pub async fn index_order_text(&mut self, rows: &[(OrderId, String)]) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        if self.c.backend_name() == "PostgreSQL" {
            return self
                .exec_rows(
                    "UPDATE orders SET search = to_tsvector('simple', v.column2) FROM (VALUES ",
                    ") AS v WHERE orders.id = v.column1",
                    2,
                    rows,
                    |q, (id, text)| q.bind(id.0).bind(text.as_str()),
                )
                .await;
        }
        let ids: Vec<i64> = rows.iter().map(|(id, _)| id.0).collect();
        for chunk in ids.chunks(1_000) {
            let sql = self.sql(format!(
                "DELETE FROM orders_fts WHERE rowid IN ({})",
                super::list(1, chunk.len())
            ));
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for id in chunk {
                q = q.bind(*id);
            }
            q.execute(&mut *self.c).await?;
        }
        self.exec_rows(
            "INSERT INTO orders_fts (rowid, body) VALUES ",
            "",
            2,
            rows,
            |q, (id, text)| q.bind(id.0).bind(text.as_str()),
        )
        .await
    }
}

/// The text an order is found by: its number, the customer reference, and
/// what its constructions are — every word tagged with the order's dealer
/// (`d372xveka` for "VEKA" at dealer 372).
///
/// Only the dealer's own words can match a dealer's search, and a prefix
/// search (`"d372xvek"*`) reads only that dealer's part of the index. With
/// plain words and a dealer token, "veka" made the index walk every VEKA
/// order of the plant and intersect afterwards (67 searches/s with
/// 2,000,000 orders, bench/portal). A plant-wide search for the plant's
/// people (issue 6) needs its own, untagged words.
pub fn search_text(dealer: DealerId, c: &OrderContent) -> String {
    let mut parts: Vec<&str> = vec![c.number.as_str()];
    if let Some(r) = &c.customer_ref {
        parts.push(r);
    }
    for k in &c.constructions {
        parts.push(&k.name);
        for p in [&k.profile_system, &k.glass_unit, &k.colour, &k.fittings]
            .into_iter()
            .flatten()
        {
            parts.push(p);
        }
    }
    tagged_words(dealer, parts)
}

/// The words of `parts` (split where both engines' tokenizers split:
/// anything not a letter or digit), lower-cased, once each, tagged with the
/// dealer. Lower-cased here, not by the database: PostgreSQL lower-cases
/// by its locale, and under the C locale Cyrillic would stay as typed.
pub fn tagged_words<'a>(dealer: DealerId, parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut seen = std::collections::HashSet::new();
    let mut out = String::new();
    for word in parts.into_iter().flat_map(words) {
        if seen.insert(word.clone()) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&tag(dealer, &word));
        }
    }
    out
}

/// A word as the index holds it for this dealer. The `x` after the digits
/// keeps dealer 37's "2abc" apart from dealer 372's "abc".
pub fn tag(dealer: DealerId, word: &str) -> String {
    format!("d{}x{word}", dealer.0)
}

/// Lower-cased runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}
