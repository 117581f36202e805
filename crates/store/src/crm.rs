//! The CRM side of a dealer: contact people, points of sale, the logged
//! calls, meetings and notes, and the manager's list of dealers with the
//! figures its segments are cut by. Everything about one dealer takes a
//! [`DealerScope`], so it cannot be read without the policy's yes.

use crate::row::RowExt;
use crate::{Result, StoreError};
use dealerdesk_domain::crm::{Activity, Contact, NewActivity, NewContact, NewPoint, Point};
use dealerdesk_domain::{
    ActivityId, ActivityKind, ContactId, DealerId, DealerScope, FactoryId, Money, OrderStatus,
    PointId, Timestamp, UserId,
};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

pub struct Crm<'c> {
    pub(crate) c: &'c mut AnyConnection,
}

/// How the list of dealers is cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Segment {
    #[default]
    All,
    /// Owe the plant money (a positive balance).
    InDebt,
    /// Ordered within the activity window.
    Active,
    /// No order within the activity window.
    Dormant,
}

/// The order of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DealerSort {
    #[default]
    Name,
    /// Turnover of the last twelve months, largest first.
    Turnover,
    /// Largest debt first.
    Balance,
    /// Longest without an order first (who to call).
    LastOrder,
}

#[derive(Debug, Clone)]
pub struct DealerFilter {
    /// `None`: every factory (the administrator).
    pub factory: Option<FactoryId>,
    /// `Some`: only this manager's dealers.
    pub manager: Option<UserId>,
    /// Matches code, name, short name, city or tax id (case-insensitive,
    /// through `dealers.search_key`).
    pub text: Option<String>,
    pub region: Option<String>,
    pub segment: Segment,
    pub sort: DealerSort,
    /// Turnover counts the months from this one (`YYYY-MM`) on, from the
    /// analytics' monthly sales, so a long list costs no order scans.
    pub turnover_from: String,
    /// `Active`/`Dormant` look at orders since then.
    pub active_since: Timestamp,
    pub limit: i64,
    pub offset: i64,
}

/// One line of "my dealers".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealerLine {
    pub id: DealerId,
    pub code: String,
    pub name: String,
    pub city: Option<String>,
    pub region: Option<String>,
    pub manager_name: Option<String>,
    pub balance: Money,
    pub turnover: Money,
    pub last_order_at: Option<Timestamp>,
    pub active: bool,
}

/// A message on a dealer's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineMessage {
    pub thread_id: i64,
    pub subject: String,
    pub author_name: String,
    pub from_dealer: bool,
    pub body: String,
    pub at: Timestamp,
}

fn activity(r: &AnyRow) -> Result<Activity> {
    Ok(Activity {
        id: ActivityId(r.i64("id")?),
        dealer_id: DealerId(r.i64("dealer_id")?),
        kind: ActivityKind::parse(&r.string("kind")?)?,
        body: r.string("body")?,
        author_id: UserId(r.i64("author_id")?),
        author_name: r.string("author_name")?,
        happened_at: r.ts("happened_at")?,
    })
}

/// `%text%` in lower case for LIKE, its wildcards escaped.
fn like_pattern(text: &str) -> String {
    format!("%{}%", crate::like_escape(&text.to_lowercase()))
}

impl Crm<'_> {
    pub async fn add_contact(
        &mut self,
        scope: &DealerScope,
        c: &NewContact,
        by: Option<UserId>,
    ) -> Result<ContactId> {
        Ok(ContactId(
            sqlx::query_scalar("INSERT INTO dealer_contacts (dealer_id, name, position, phone, email, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
                .bind(scope.dealer().0)
                .bind(&c.name)
                .bind(c.position.as_deref())
                .bind(c.phone.as_ref().map(|p| p.as_str().to_owned()))
                .bind(c.email.as_ref().map(|e| e.as_str().to_owned()))
                .bind(by.map(|u| u.0))
                .bind(Timestamp::now().0)
                .fetch_one(&mut *self.c)
                .await?,
        ))
    }

    pub async fn contacts(&mut self, scope: &DealerScope) -> Result<Vec<Contact>> {
        sqlx::query("SELECT id, dealer_id, name, position, phone, email FROM dealer_contacts WHERE dealer_id = $1 ORDER BY id")
            .bind(scope.dealer().0)
            .fetch_all(&mut *self.c)
            .await?
            .iter()
            .map(|r| {
                Ok(Contact {
                    id: ContactId(r.i64("id")?),
                    dealer_id: DealerId(r.i64("dealer_id")?),
                    name: r.string("name")?,
                    position: r.opt_string("position")?,
                    phone: r.opt_string("phone")?,
                    email: r.opt_string("email")?,
                })
            })
            .collect()
    }

    pub async fn add_point(
        &mut self,
        scope: &DealerScope,
        p: &NewPoint,
        by: Option<UserId>,
    ) -> Result<PointId> {
        Ok(PointId(
            sqlx::query_scalar("INSERT INTO dealer_points (dealer_id, name, city, address, phone, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
                .bind(scope.dealer().0)
                .bind(&p.name)
                .bind(p.city.as_deref())
                .bind(p.address.as_deref())
                .bind(p.phone.as_ref().map(|p| p.as_str().to_owned()))
                .bind(by.map(|u| u.0))
                .bind(Timestamp::now().0)
                .fetch_one(&mut *self.c)
                .await?,
        ))
    }

    pub async fn points(&mut self, scope: &DealerScope) -> Result<Vec<Point>> {
        sqlx::query("SELECT id, dealer_id, name, city, address, phone FROM dealer_points WHERE dealer_id = $1 ORDER BY id")
            .bind(scope.dealer().0)
            .fetch_all(&mut *self.c)
            .await?
            .iter()
            .map(|r| {
                Ok(Point {
                    id: PointId(r.i64("id")?),
                    dealer_id: DealerId(r.i64("dealer_id")?),
                    name: r.string("name")?,
                    city: r.opt_string("city")?,
                    address: r.opt_string("address")?,
                    phone: r.opt_string("phone")?,
                })
            })
            .collect()
    }

    pub async fn add_activity(
        &mut self,
        scope: &DealerScope,
        a: &NewActivity,
        author: UserId,
        happened_at: Timestamp,
    ) -> Result<ActivityId> {
        Ok(ActivityId(
            sqlx::query_scalar("INSERT INTO crm_activities (dealer_id, author_id, kind, body, happened_at, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
                .bind(scope.dealer().0)
                .bind(author.0)
                .bind(a.kind.as_str())
                .bind(&a.body)
                .bind(happened_at.0)
                .bind(Timestamp::now().0)
                .fetch_one(&mut *self.c)
                .await?,
        ))
    }

    /// The latest activities, newest first.
    pub async fn activities(&mut self, scope: &DealerScope, limit: i64) -> Result<Vec<Activity>> {
        sqlx::query(
            "SELECT a.id, a.dealer_id, a.kind, a.body, a.author_id, u.display_name AS author_name, a.happened_at \
             FROM crm_activities a JOIN users u ON u.id = a.author_id \
             WHERE a.dealer_id = $1 ORDER BY a.happened_at DESC, a.id DESC LIMIT $2",
        )
        .bind(scope.dealer().0)
        .bind(limit)
        .fetch_all(&mut *self.c)
        .await?
        .iter()
        .map(activity)
        .collect()
    }

    /// The dealer's latest messages in every thread, newest first.
    pub async fn messages(
        &mut self,
        scope: &DealerScope,
        limit: i64,
    ) -> Result<Vec<TimelineMessage>> {
        sqlx::query(
            "SELECT m.thread_id, t.subject, u.display_name AS author_name, u.dealer_id AS author_dealer, m.body, m.created_at \
             FROM messages m JOIN message_threads t ON t.id = m.thread_id JOIN users u ON u.id = m.author_id \
             WHERE m.dealer_id = $1 ORDER BY m.created_at DESC, m.id DESC LIMIT $2",
        )
        .bind(scope.dealer().0)
        .bind(limit)
        .fetch_all(&mut *self.c)
        .await?
        .iter()
        .map(|r| {
            Ok(TimelineMessage {
                thread_id: r.i64("thread_id")?,
                subject: r.string("subject")?,
                author_name: r.string("author_name")?,
                from_dealer: r.opt_i64("author_dealer")?.is_some(),
                body: r.string("body")?,
                at: r.ts("created_at")?,
            })
        })
        .collect()
    }

    /// The list of dealers for the CRM, with the total for paging. The
    /// figures come from `dealer_stats` and from the orders index of each
    /// listed dealer (`orders_dealer_accepted`).
    pub async fn dealers(&mut self, f: &DealerFilter) -> Result<(Vec<DealerLine>, i64)> {
        let segment = match f.segment {
            Segment::All => "",
            Segment::InDebt => " AND COALESCE(s.balance_minor, 0) > 0",
            Segment::Active => {
                " AND EXISTS (SELECT 1 FROM orders o WHERE o.dealer_id = d.id AND o.accepted_at >= $5)"
            }
            Segment::Dormant => {
                " AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.dealer_id = d.id AND o.accepted_at >= $5)"
            }
        };
        let order = match f.sort {
            DealerSort::Name => "d.name, d.id",
            DealerSort::Turnover => "turnover_minor DESC, d.name, d.id",
            DealerSort::Balance => "balance_minor DESC, d.name, d.id",
            DealerSort::LastOrder => "COALESCE(last_order_at, 0), d.name, d.id",
        };
        // `$5` (the activity window) is bound for every segment so the
        // placeholders keep their numbers; `$5 = $5` uses it where the
        // segment does not.
        let filter = format!(
            "FROM dealers d LEFT JOIN dealer_stats s ON s.dealer_id = d.id LEFT JOIN users m ON m.id = d.manager_id \
             WHERE ($1 = 0 OR d.factory_id = $1) AND ($2 = 0 OR d.manager_id = $2) \
             AND ($3 = '' OR d.search_key LIKE $3 ESCAPE '\\') \
             AND ($4 = '' OR d.region = $4) AND ($5 = $5){segment}"
        );
        let pattern = f
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(like_pattern)
            .unwrap_or_default();
        let region = f.region.clone().unwrap_or_default();
        let factory = f.factory.map(|x| x.0).unwrap_or(0);
        let manager = f.manager.map(|x| x.0).unwrap_or(0);
        let total: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) {filter}")))
                .bind(factory)
                .bind(manager)
                .bind(&pattern)
                .bind(&region)
                .bind(f.active_since.0)
                .fetch_one(&mut *self.c)
                .await?;
        let sql = format!(
            "SELECT d.id, d.code, d.name, d.city, d.region, d.active, d.currency, m.display_name AS manager_name, \
             COALESCE(s.balance_minor, 0) AS balance_minor, \
             CAST(COALESCE((SELECT SUM(sm.amount_minor) FROM sales_monthly sm WHERE sm.dealer_id = d.id AND sm.kind = '*' AND sm.month >= $6), 0) AS BIGINT) AS turnover_minor, \
             (SELECT MAX(o.accepted_at) FROM orders o WHERE o.dealer_id = d.id) AS last_order_at \
             {filter} ORDER BY {order} LIMIT $7 OFFSET $8"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(factory)
            .bind(manager)
            .bind(&pattern)
            .bind(&region)
            .bind(f.active_since.0)
            .bind(&f.turnover_from)
            .bind(f.limit)
            .bind(f.offset)
            .fetch_all(&mut *self.c)
            .await?;
        let lines = rows
            .iter()
            .map(|r| {
                let currency = r.currency("currency")?;
                Ok(DealerLine {
                    id: DealerId(r.i64("id")?),
                    code: r.string("code")?,
                    name: r.string("name")?,
                    city: r.opt_string("city")?,
                    region: r.opt_string("region")?,
                    manager_name: r.opt_string("manager_name")?,
                    balance: Money::new(r.i64("balance_minor")?, currency),
                    turnover: Money::new(r.i64("turnover_minor")?, currency),
                    last_order_at: r.opt_ts("last_order_at")?,
                    active: r.flag("active")?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok((lines, total))
    }

    /// What a dealer ordered since `since` (cancelled orders not counted),
    /// in minor units.
    pub async fn turnover(&mut self, scope: &DealerScope, since: Timestamp) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT CAST(COALESCE(SUM(total_minor), 0) AS BIGINT) FROM orders WHERE dealer_id = $1 AND accepted_at >= $2 AND status <> 'cancelled'",
        )
        .bind(scope.dealer().0)
        .bind(since.0)
        .fetch_one(&mut *self.c)
        .await?)
    }

    /// The regions the dealers of a factory (or of a manager) are in, for
    /// the filter.
    pub async fn regions(
        &mut self,
        factory: Option<FactoryId>,
        manager: Option<UserId>,
    ) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT region FROM dealers WHERE region IS NOT NULL AND ($1 = 0 OR factory_id = $1) AND ($2 = 0 OR manager_id = $2) ORDER BY region",
        )
        .bind(factory.map(|x| x.0).unwrap_or(0))
        .bind(manager.map(|x| x.0).unwrap_or(0))
        .fetch_all(&mut *self.c)
        .await?)
    }
}

/// An order that has stayed in its status longer than the norm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StuckOrder {
    pub factory_code: String,
    pub number: String,
    pub dealer_code: String,
    pub dealer_name: String,
    pub status: OrderStatus,
    pub status_at: Timestamp,
    pub total: Money,
}

/// `(status = $a AND status_at < $b) OR …` for each cutoff, numbering the
/// placeholders from `first`.
fn cutoff_sql(n: usize, first: usize) -> String {
    (0..n)
        .map(|i| {
            let p = first + 2 * i;
            format!("(o.status = ${p} AND o.status_at < ${})", p + 1)
        })
        .collect::<Vec<_>>()
        .join(" OR ")
}

impl Crm<'_> {
    /// Orders of a factory (or of one manager's dealers) that have been in
    /// their status since before its cutoff, longest waiting first, with
    /// how many there are in all.
    pub async fn stuck_orders(
        &mut self,
        factory: Option<FactoryId>,
        manager: Option<UserId>,
        cutoffs: &[(OrderStatus, Timestamp)],
        limit: i64,
    ) -> Result<(Vec<StuckOrder>, i64)> {
        if cutoffs.is_empty() {
            return Ok((Vec::new(), 0));
        }
        let filter = format!(
            "FROM orders o JOIN dealers d ON d.id = o.dealer_id JOIN factories f ON f.id = o.factory_id \
             WHERE ($1 = 0 OR o.factory_id = $1) AND ($2 = 0 OR d.manager_id = $2) AND ({})",
            cutoff_sql(cutoffs.len(), 3)
        );
        let limit_at = 3 + 2 * cutoffs.len();
        let mut count =
            sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) {filter}")))
                .bind(factory.map(|f| f.0).unwrap_or(0))
                .bind(manager.map(|m| m.0).unwrap_or(0));
        for (status, at) in cutoffs {
            count = count.bind(status.as_str()).bind(at.0);
        }
        let total = count.fetch_one(&mut *self.c).await?;
        let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT f.code AS factory_code, o.number, d.code AS dealer_code, d.name AS dealer_name, o.status, o.status_at, \
             o.total_minor, o.currency {filter} ORDER BY o.status_at, o.id LIMIT ${limit_at}"
        )))
        .bind(factory.map(|f| f.0).unwrap_or(0))
        .bind(manager.map(|m| m.0).unwrap_or(0));
        for (status, at) in cutoffs {
            q = q.bind(status.as_str()).bind(at.0);
        }
        let rows = q.bind(limit).fetch_all(&mut *self.c).await?;
        let orders = rows
            .iter()
            .map(|r| {
                Ok(StuckOrder {
                    factory_code: r.string("factory_code")?,
                    number: r.string("number")?,
                    dealer_code: r.string("dealer_code")?,
                    dealer_name: r.string("dealer_name")?,
                    status: r.order_status("status")?,
                    status_at: r.ts("status_at")?,
                    total: Money::new(r.i64("total_minor")?, r.currency("currency")?),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok((orders, total))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cutoffs_number_their_placeholders() {
        assert_eq!(
            super::cutoff_sql(2, 3),
            "(o.status = $3 AND o.status_at < $4) OR (o.status = $5 AND o.status_at < $6)"
        );
    }

    #[test]
    fn search_text_cannot_be_a_wildcard() {
        assert_eq!(super::like_pattern("50%_Off\\"), "%50\\%\\_off\\\\%");
        assert_eq!(super::like_pattern("Вікна"), "%вікна%");
    }
}
