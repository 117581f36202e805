use crate::row::RowExt;
use crate::{Result, StoreError, flag};
use dealerdesk_domain::model::{Dealer, DealerStats};
use dealerdesk_domain::{
    Currency, DealerId, DealerRef, DealerScope, FactoryId, Money, OrderStatus, Timestamp, UserId,
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

/// What a versioned write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upserted<T> {
    Inserted(T),
    Updated(T),
    /// A newer version is already stored; nothing changed.
    Stale,
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

    /// Creates or updates a dealer from the production system. Codes are
    /// unique across factories: a code owned by another factory is refused.
    pub async fn upsert(
        &mut self,
        factory: FactoryId,
        d: &DealerContent,
        version: i64,
    ) -> Result<Upserted<DealerId>> {
        let now = Timestamp::now().0;
        let existing = sqlx::query("SELECT id, factory_id, version FROM dealers WHERE code = $1")
            .bind(&d.code)
            .fetch_optional(&mut *self.c)
            .await?;
        match existing {
            None => {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO dealers (factory_id, code, name, short_name, tax_id, region, city, address, phone, email, manager_id, active, currency, version, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id",
                )
                .bind(factory.0)
                .bind(&d.code)
                .bind(&d.name)
                .bind(d.short_name.as_deref())
                .bind(d.tax_id.as_deref())
                .bind(d.region.as_deref())
                .bind(d.city.as_deref())
                .bind(d.address.as_deref())
                .bind(d.phone.as_deref())
                .bind(d.email.as_deref())
                .bind(d.manager_id.map(|m| m.0))
                .bind(flag(d.active))
                .bind(Currency::UAH.as_str())
                .bind(version)
                .bind(now)
                .fetch_one(&mut *self.c)
                .await?;
                sqlx::query("INSERT INTO dealer_stats (dealer_id, currency, updated_at) VALUES ($1, $2, $3)")
                    .bind(id)
                    .bind(Currency::UAH.as_str())
                    .bind(now)
                    .execute(&mut *self.c)
                    .await?;
                Ok(Upserted::Inserted(DealerId(id)))
            }
            Some(r) => {
                let id = r.i64("id")?;
                if r.i64("factory_id")? != factory.0 {
                    return Err(StoreError::Conflict(format!(
                        "dealer code {} belongs to another factory",
                        d.code
                    )));
                }
                if version <= r.i64("version")? {
                    return Ok(Upserted::Stale);
                }
                sqlx::query(
                    "UPDATE dealers SET name = $2, short_name = $3, tax_id = $4, region = $5, city = $6, address = $7, phone = $8, email = $9, \
                     manager_id = $10, active = $11, version = $12, updated_at = $13 WHERE id = $1",
                )
                .bind(id)
                .bind(&d.name)
                .bind(d.short_name.as_deref())
                .bind(d.tax_id.as_deref())
                .bind(d.region.as_deref())
                .bind(d.city.as_deref())
                .bind(d.address.as_deref())
                .bind(d.phone.as_deref())
                .bind(d.email.as_deref())
                .bind(d.manager_id.map(|m| m.0))
                .bind(flag(d.active))
                .bind(version)
                .bind(now)
                .execute(&mut *self.c)
                .await?;
                Ok(Upserted::Updated(DealerId(id)))
            }
        }
    }

    /// The dashboard's row: balance and order counts by status.
    pub async fn stats(&mut self, scope: &DealerScope) -> Result<DealerStats> {
        let r = sqlx::query(
            "SELECT currency, balance_minor, n_accepted, n_in_production, n_manufactured, n_ready, n_shipped, n_delivered, n_cancelled \
             FROM dealer_stats WHERE dealer_id = $1",
        )
        .bind(scope.dealer().0)
        .fetch_optional(&mut *self.c)
        .await?
        .ok_or(StoreError::NotFound)?;
        let mut counts = Vec::with_capacity(STATUS_COLS.len());
        for (status, col) in OrderStatus::ALL.iter().zip(STATUS_COLS) {
            counts.push((*status, r.i64(col)?));
        }
        Ok(DealerStats {
            dealer_id: scope.dealer(),
            balance: Money::new(r.i64("balance_minor")?, r.currency("currency")?),
            counts,
        })
    }

    /// Moves one order between status counters (`from = None`: a new order).
    pub async fn count_status_change(
        &mut self,
        dealer: DealerId,
        from: Option<OrderStatus>,
        to: OrderStatus,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE dealer_stats SET \
               n_accepted = n_accepted + (CASE WHEN $2 = 'accepted' THEN 1 ELSE 0 END) - (CASE WHEN $3 = 'accepted' THEN 1 ELSE 0 END), \
               n_in_production = n_in_production + (CASE WHEN $2 = 'in_production' THEN 1 ELSE 0 END) - (CASE WHEN $3 = 'in_production' THEN 1 ELSE 0 END), \
               n_manufactured = n_manufactured + (CASE WHEN $2 = 'manufactured' THEN 1 ELSE 0 END) - (CASE WHEN $3 = 'manufactured' THEN 1 ELSE 0 END), \
               n_ready = n_ready + (CASE WHEN $2 = 'ready' THEN 1 ELSE 0 END) - (CASE WHEN $3 = 'ready' THEN 1 ELSE 0 END), \
               n_shipped = n_shipped + (CASE WHEN $2 = 'shipped' THEN 1 ELSE 0 END) - (CASE WHEN $3 = 'shipped' THEN 1 ELSE 0 END), \
               n_delivered = n_delivered + (CASE WHEN $2 = 'delivered' THEN 1 ELSE 0 END) - (CASE WHEN $3 = 'delivered' THEN 1 ELSE 0 END), \
               n_cancelled = n_cancelled + (CASE WHEN $2 = 'cancelled' THEN 1 ELSE 0 END) - (CASE WHEN $3 = 'cancelled' THEN 1 ELSE 0 END), \
               updated_at = $4 \
             WHERE dealer_id = $1",
        )
        .bind(dealer.0)
        .bind(to.as_str())
        .bind(from.map(|s| s.as_str()).unwrap_or(""))
        .bind(Timestamp::now().0)
        .execute(&mut *self.c)
        .await?;
        Ok(())
    }

    /// Adds `delta` to the dealer's balance (the appliers' side of the
    /// balance rule).
    pub async fn add_to_balance(&mut self, dealer: DealerId, delta: i64) -> Result<()> {
        sqlx::query("UPDATE dealer_stats SET balance_minor = balance_minor + $2, updated_at = $3 WHERE dealer_id = $1")
            .bind(dealer.0)
            .bind(delta)
            .bind(Timestamp::now().0)
            .execute(&mut *self.c)
            .await?;
        Ok(())
    }

    /// Replaces the opening balance if `version` is newer, moving the
    /// balance by the difference. Returns whether it changed anything.
    pub async fn set_opening_balance(
        &mut self,
        dealer: DealerId,
        amount_minor: i64,
        as_of: &str,
        version: i64,
    ) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE dealer_stats SET balance_minor = balance_minor - opening_minor + $2, opening_minor = $2, opening_as_of = $3, \
             opening_version = $4, updated_at = $5 WHERE dealer_id = $1 AND opening_version < $4",
        )
        .bind(dealer.0)
        .bind(amount_minor)
        .bind(as_of)
        .bind(version)
        .bind(Timestamp::now().0)
        .execute(&mut *self.c)
        .await?
        .rows_affected();
        Ok(n == 1)
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
