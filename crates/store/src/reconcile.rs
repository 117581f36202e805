//! Reads for reconciliation: what DealerDesk holds for the orders and
//! dealers a source names, without locking anything.

use crate::Result;
use crate::row::RowExt;
use crate::syncbatch::{anonymous, list};
use dealerdesk_domain::{FactoryId, OrderStatus};
use sqlx::AnyConnection;

pub struct Reconcile<'c> {
    pub(crate) c: &'c mut AnyConnection,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderSummary {
    pub number: String,
    pub status: OrderStatus,
    pub total_minor: i64,
    pub trip: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealerSummary {
    pub code: String,
    pub balance_minor: i64,
    pub orders: i64,
}

impl Reconcile<'_> {
    fn sql(&self, sql: String) -> String {
        if self.c.backend_name() == "SQLite" {
            anonymous(&sql)
        } else {
            sql
        }
    }

    pub async fn orders(
        &mut self,
        factory: FactoryId,
        numbers: &[String],
    ) -> Result<Vec<OrderSummary>> {
        let mut out = Vec::with_capacity(numbers.len());
        for chunk in numbers.chunks(1_000) {
            let sql = self.sql(format!(
                "SELECT o.number, o.status, o.total_minor, s.trip FROM orders o LEFT JOIN shipments s ON s.id = o.shipment_id \
                 WHERE o.factory_id = $1 AND o.number IN ({})",
                list(2, chunk.len())
            ));
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(factory.0);
            for n in chunk {
                q = q.bind(n.as_str());
            }
            for r in q.fetch_all(&mut *self.c).await? {
                out.push(OrderSummary {
                    number: r.string("number")?,
                    status: r.order_status("status")?,
                    total_minor: r.i64("total_minor")?,
                    trip: r.opt_string("trip")?,
                });
            }
        }
        Ok(out)
    }

    pub async fn dealers(
        &mut self,
        factory: FactoryId,
        codes: &[String],
    ) -> Result<Vec<DealerSummary>> {
        let mut out = Vec::with_capacity(codes.len());
        for chunk in codes.chunks(1_000) {
            let sql = self.sql(format!(
                "SELECT d.code, s.balance_minor, s.n_accepted + s.n_in_production + s.n_manufactured + s.n_ready + s.n_shipped + s.n_delivered + s.n_cancelled AS n \
                 FROM dealers d JOIN dealer_stats s ON s.dealer_id = d.id WHERE d.factory_id = $1 AND d.code IN ({})",
                list(2, chunk.len())
            ));
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(factory.0);
            for c in chunk {
                q = q.bind(c.as_str());
            }
            for r in q.fetch_all(&mut *self.c).await? {
                out.push(DealerSummary {
                    code: r.string("code")?,
                    balance_minor: r.i64("balance_minor")?,
                    orders: r.i64("n")?,
                });
            }
        }
        Ok(out)
    }
}
