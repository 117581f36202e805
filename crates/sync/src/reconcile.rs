//! Reconciliation (SPEC 4.3): a source sends what it believes — per-dealer
//! balances and order counts, per-order status and total — and DealerDesk
//! answers with every difference. The simulator ends every run with one.

use dealerdesk_domain::model::SyncSource;
use dealerdesk_store::{Repos, Store, StoreError};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub const MAX_ITEMS: usize = 5_000;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    #[serde(default)]
    pub dealers: Vec<DealerClaim>,
    #[serde(default)]
    pub orders: Vec<OrderClaim>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DealerClaim {
    pub code: String,
    pub balance_minor: Option<i64>,
    pub orders: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OrderClaim {
    pub number: String,
    pub status: Option<String>,
    pub total_minor: Option<i64>,
    pub trip: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Drift {
    pub entity: String,
    pub key: String,
    pub field: String,
    pub expected: serde_json::Value,
    pub actual: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub dealers_checked: usize,
    pub orders_checked: usize,
    pub drift: Vec<Drift>,
}

/// Compares a snapshot with the read model of the source's factory.
pub async fn reconcile(
    store: &Store,
    source: &SyncSource,
    snapshot: &Snapshot,
) -> Result<Report, StoreError> {
    let mut c = store.read_bulk().await?;
    let codes: Vec<String> = snapshot.dealers.iter().map(|d| d.code.clone()).collect();
    let numbers: Vec<String> = snapshot.orders.iter().map(|o| o.number.clone()).collect();
    let dealers: HashMap<String, _> = c
        .reconcile()
        .dealers(source.factory_id, &codes)
        .await?
        .into_iter()
        .map(|d| (d.code.clone(), d))
        .collect();
    let orders: HashMap<String, _> = c
        .reconcile()
        .orders(source.factory_id, &numbers)
        .await?
        .into_iter()
        .map(|o| (o.number.clone(), o))
        .collect();
    let mut drift = Vec::new();
    let mut differ = |entity: &str,
                      key: &str,
                      field: &str,
                      expected: serde_json::Value,
                      actual: serde_json::Value| {
        if expected != actual {
            drift.push(Drift {
                entity: entity.into(),
                key: key.into(),
                field: field.into(),
                expected,
                actual,
            });
        }
    };
    for claim in &snapshot.dealers {
        match dealers.get(&claim.code) {
            None => differ("dealer", &claim.code, "exists", true.into(), false.into()),
            Some(d) => {
                if let Some(b) = claim.balance_minor {
                    differ(
                        "dealer",
                        &claim.code,
                        "balance_minor",
                        b.into(),
                        d.balance_minor.into(),
                    );
                }
                if let Some(n) = claim.orders {
                    differ("dealer", &claim.code, "orders", n.into(), d.orders.into());
                }
            }
        }
    }
    for claim in &snapshot.orders {
        match orders.get(&claim.number) {
            None => differ("order", &claim.number, "exists", true.into(), false.into()),
            Some(o) => {
                if let Some(s) = &claim.status {
                    differ(
                        "order",
                        &claim.number,
                        "status",
                        s.as_str().into(),
                        o.status.as_str().into(),
                    );
                }
                if let Some(t) = claim.total_minor {
                    differ(
                        "order",
                        &claim.number,
                        "total_minor",
                        t.into(),
                        o.total_minor.into(),
                    );
                }
                if let Some(t) = &claim.trip {
                    differ(
                        "order",
                        &claim.number,
                        "trip",
                        t.as_str().into(),
                        o.trip.clone().into(),
                    );
                }
            }
        }
    }
    Ok(Report {
        dealers_checked: snapshot.dealers.len(),
        orders_checked: snapshot.orders.len(),
        drift,
    })
}
