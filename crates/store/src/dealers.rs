use crate::row::RowExt;
use crate::{Result, StoreError};
use dealerdesk_domain::model::{Dealer, DealerStats};
use dealerdesk_domain::{
    Currency, DealerId, DealerRef, DealerScope, FactoryId, Money, OrderStatus, UserId,
};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

pub struct Dealers<'c> {
    pub(crate) c: &'c mut AnyConnection,
}

macro_rules! cols {
    () => {
        "id, factory_id, code, name, short_name, tax_id, region, city, address, phone, email, manager_id, active, currency"
    };
}

fn from_row(r: &AnyRow) -> Result<Dealer> {
    Ok(Dealer {
        id: DealerId(r.i64("id")?),
        factory_id: FactoryId(r.i64("factory_id")?),
        code: r.string("code")?,
        name: r.string("name")?,
        short_name: r.opt_string("short_name")?,
        tax_id: r.opt_string("tax_id")?,
        region: r.opt_string("region")?,
        city: r.opt_string("city")?,
        address: r.opt_string("address")?,
        phone: r.opt_string("phone")?,
        email: r.opt_string("email")?,
        manager_id: r.opt_i64("manager_id")?.map(UserId),
        active: r.flag("active")?,
        currency: r.currency("currency")?,
    })
}

/// A dealer as the production system describes it (`dealer.upserted`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealerContent {
    pub code: String,
    pub name: String,
    pub short_name: Option<String>,
    pub tax_id: Option<String>,
    pub region: Option<String>,
    pub city: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub manager_id: Option<UserId>,
    pub active: bool,
}

impl DealerContent {
    /// What the CRM's dealer search matches (`dealers.search_key`).
    pub fn search_key(&self) -> String {
        search_key(
            &self.code,
            &self.name,
            self.short_name.as_deref(),
            self.city.as_deref(),
            self.tax_id.as_deref(),
        )
    }
}

/// Code, names, city and tax id in lower case, one space apart.
pub fn search_key(
    code: &str,
    name: &str,
    short_name: Option<&str>,
    city: Option<&str>,
    tax_id: Option<&str>,
) -> String {
    [Some(code), Some(name), short_name, city, tax_id]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

macro_rules! stats_cols {
    () => {
        "balance_minor, opening_minor, n_accepted, n_in_production, n_manufactured, n_ready, n_shipped, n_delivered, n_cancelled"
    };
}

fn stats_from_row(r: &AnyRow, dealer_id: DealerId, currency: Currency) -> Result<DealerStats> {
    let mut counts = Vec::with_capacity(STATUS_COLS.len());
    for (status, col) in OrderStatus::ALL.iter().zip(STATUS_COLS) {
        counts.push((*status, r.i64(col)?));
    }
    Ok(DealerStats {
        dealer_id,
        balance: Money::new(r.i64("balance_minor")?, currency),
        counts,
        opening_minor: r.i64("opening_minor")?,
    })
}

/// The status counters of `dealer_stats`, in `OrderStatus::ALL` order.
const STATUS_COLS: [&str; 7] = [
    "n_accepted",
    "n_in_production",
    "n_manufactured",
    "n_ready",
    "n_shipped",
    "n_delivered",
    "n_cancelled",
];

impl Dealers<'_> {
    /// Looks a dealer up for a permission decision. The result must go to
    /// the policy before anything about the dealer is shown.
    pub async fn by_code(&mut self, code: &str) -> Result<Option<Dealer>> {
        sqlx::query(concat!("SELECT ", cols!(), " FROM dealers WHERE code = $1"))
            .bind(code)
            .fetch_optional(&mut *self.c)
            .await?
            .as_ref()
            .map(from_row)
            .transpose()
    }

    pub async fn by_id(&mut self, id: DealerId) -> Result<Option<Dealer>> {
        sqlx::query(concat!("SELECT ", cols!(), " FROM dealers WHERE id = $1"))
            .bind(id.0)
            .fetch_optional(&mut *self.c)
            .await?
            .as_ref()
            .map(from_row)
            .transpose()
    }

    /// The facts the policy needs about a dealer, by id.
    pub async fn policy_ref(&mut self, id: DealerId) -> Result<Option<DealerRef>> {
        let row = sqlx::query("SELECT id, factory_id, manager_id FROM dealers WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&mut *self.c)
            .await?;
        row.map(|r| {
            Ok(DealerRef {
                id: DealerId(r.i64("id")?),
                factory: FactoryId(r.i64("factory_id")?),
                manager: r.opt_i64("manager_id")?.map(UserId),
            })
        })
        .transpose()
    }

    /// The dashboard's row: balance and order counts by status.
    pub async fn stats(&mut self, scope: &DealerScope) -> Result<DealerStats> {
        let r = sqlx::query(concat!(
            "SELECT currency, ",
            stats_cols!(),
            " FROM dealer_stats WHERE dealer_id = $1"
        ))
        .bind(scope.dealer().0)
        .fetch_optional(&mut *self.c)
        .await?
        .ok_or(StoreError::NotFound)?;
        stats_from_row(&r, scope.dealer(), r.currency("currency")?)
    }

    /// A dealer and its `dealer_stats` row in one statement: what every
    /// portal page of a dealer needs first. Like [`Dealers::by_id`], the
    /// result must go to the policy before anything is shown.
    pub async fn with_stats(&mut self, id: DealerId) -> Result<Option<(Dealer, DealerStats)>> {
        let row = sqlx::query(concat!(
            "SELECT d.id, d.factory_id, d.code, d.name, d.short_name, d.tax_id, d.region, d.city, d.address, d.phone, d.email, \
             d.manager_id, d.active, d.currency, ",
            stats_cols!(),
            " FROM dealers d JOIN dealer_stats s ON s.dealer_id = d.id WHERE d.id = $1"
        ))
        .bind(id.0)
        .fetch_optional(&mut *self.c)
        .await?;
        row.map(|r| {
            let dealer = from_row(&r)?;
            let stats = stats_from_row(&r, dealer.id, dealer.currency)?;
            Ok((dealer, stats))
        })
        .transpose()
    }

    /// The opening balance and its date, for statements.
    pub async fn opening_balance(&mut self, scope: &DealerScope) -> Result<(i64, Option<String>)> {
        let r = sqlx::query(
            "SELECT opening_minor, opening_as_of FROM dealer_stats WHERE dealer_id = $1",
        )
        .bind(scope.dealer().0)
        .fetch_optional(&mut *self.c)
        .await?
        .ok_or(StoreError::NotFound)?;
        Ok((r.i64("opening_minor")?, r.opt_string("opening_as_of")?))
    }

    /// Dealers of a factory, optionally only those of one manager, by code.
    pub async fn of_factory(
        &mut self,
        factory: FactoryId,
        manager: Option<UserId>,
        limit: i64,
    ) -> Result<Vec<Dealer>> {
        sqlx::query(concat!("SELECT ", cols!(), " FROM dealers WHERE factory_id = $1 AND ($2 = 0 OR manager_id = $2) ORDER BY code LIMIT $3"))
            .bind(factory.0)
            .bind(manager.map(|m| m.0).unwrap_or(0))
            .bind(limit)
            .fetch_all(&mut *self.c)
            .await?
            .iter()
            .map(from_row)
            .collect()
    }

    /// How many dealers a factory has, or one manager has.
    pub async fn count(
        &mut self,
        factory: Option<FactoryId>,
        manager: Option<UserId>,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM dealers WHERE ($1 = 0 OR factory_id = $1) AND ($2 = 0 OR manager_id = $2)")
            .bind(factory.map(|f| f.0).unwrap_or(0))
            .bind(manager.map(|m| m.0).unwrap_or(0))
            .fetch_one(&mut *self.c)
            .await?)
    }

    /// Dealers that owe more than `threshold_minor` (finance's queue).
    pub async fn count_in_debt(
        &mut self,
        factory: Option<FactoryId>,
        threshold_minor: i64,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM dealer_stats s JOIN dealers d ON d.id = s.dealer_id WHERE ($1 = 0 OR d.factory_id = $1) AND s.balance_minor > $2",
        )
        .bind(factory.map(|f| f.0).unwrap_or(0))
        .bind(threshold_minor)
        .fetch_one(&mut *self.c)
        .await?)
    }

    /// Order counts by status summed over the dealers of a factory (or of
    /// one manager): bounded by the number of dealers, not of orders.
    pub async fn sum_counts(
        &mut self,
        factory: Option<FactoryId>,
        manager: Option<UserId>,
    ) -> Result<Vec<(OrderStatus, i64)>> {
        let r = sqlx::query(
            "SELECT CAST(COALESCE(SUM(s.n_accepted), 0) AS BIGINT) AS n_accepted, CAST(COALESCE(SUM(s.n_in_production), 0) AS BIGINT) AS n_in_production, \
             CAST(COALESCE(SUM(s.n_manufactured), 0) AS BIGINT) AS n_manufactured, CAST(COALESCE(SUM(s.n_ready), 0) AS BIGINT) AS n_ready, \
             CAST(COALESCE(SUM(s.n_shipped), 0) AS BIGINT) AS n_shipped, CAST(COALESCE(SUM(s.n_delivered), 0) AS BIGINT) AS n_delivered, \
             CAST(COALESCE(SUM(s.n_cancelled), 0) AS BIGINT) AS n_cancelled \
             FROM dealer_stats s JOIN dealers d ON d.id = s.dealer_id WHERE ($1 = 0 OR d.factory_id = $1) AND ($2 = 0 OR d.manager_id = $2)",
        )
        .bind(factory.map(|f| f.0).unwrap_or(0))
        .bind(manager.map(|m| m.0).unwrap_or(0))
        .fetch_one(&mut *self.c)
        .await?;
        let mut counts = Vec::with_capacity(STATUS_COLS.len());
        for (status, col) in OrderStatus::ALL.iter().zip(STATUS_COLS) {
            counts.push((*status, r.i64(col)?));
        }
        Ok(counts)
    }

    /// What dealers of a factory owe in total, in minor units.
    pub async fn total_receivable(&mut self, factory: Option<FactoryId>) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT CAST(COALESCE(SUM(s.balance_minor), 0) AS BIGINT) FROM dealer_stats s JOIN dealers d ON d.id = s.dealer_id \
             WHERE ($1 = 0 OR d.factory_id = $1) AND s.balance_minor > 0",
        )
        .bind(factory.map(|f| f.0).unwrap_or(0))
        .fetch_one(&mut *self.c)
        .await?)
    }
}
