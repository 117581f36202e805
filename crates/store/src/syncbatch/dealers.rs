use super::SyncBatch;
use crate::Result;
use crate::dealers::DealerContent;
use crate::row::RowExt;
use dealerdesk_domain::{Currency, DealerId, FactoryId, Timestamp, UserId};

/// A dealer as an applier needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealerState {
    pub id: DealerId,
    pub factory_id: FactoryId,
    pub code: String,
    pub version: i64,
    pub currency: Currency,
    pub opening_minor: i64,
    pub opening_version: i64,
}

#[derive(Debug, Clone)]
pub struct NewDealer {
    pub content: DealerContent,
    pub version: i64,
    pub currency: Currency,
}

/// Additive changes to a dealer's `dealer_stats` row. Additive, so
/// concurrent writers never lose each other's counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatsDelta {
    pub balance: i64,
    /// In `OrderStatus::ALL` order.
    pub counts: [i64; 7],
}

impl StatsDelta {
    pub fn is_zero(&self) -> bool {
        self.balance == 0 && self.counts.iter().all(|c| *c == 0)
    }
}

/// A new opening balance; the balance itself moves through `StatsDelta`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpeningRow {
    pub dealer_id: DealerId,
    pub amount_minor: i64,
    pub as_of: String,
    pub version: i64,
}

impl SyncBatch<'_> {
    pub async fn dealers_by_codes(&mut self, codes: &[String]) -> Result<Vec<DealerState>> {
        let rows = self
            .fetch_in(
                "SELECT d.id, d.factory_id, d.code, d.version, d.currency, s.opening_minor, s.opening_version \
                 FROM dealers d JOIN dealer_stats s ON s.dealer_id = d.id WHERE d.code IN",
                "",
                0,
                |q| q,
                codes,
                true,
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(DealerState {
                    id: DealerId(r.i64("id")?),
                    factory_id: FactoryId(r.i64("factory_id")?),
                    code: r.string("code")?,
                    version: r.i64("version")?,
                    currency: r.currency("currency")?,
                    opening_minor: r.i64("opening_minor")?,
                    opening_version: r.i64("opening_version")?,
                })
            })
            .collect()
    }

    /// Managers and heads of sales of `factory` with these logins.
    pub async fn sales_people(
        &mut self,
        factory: FactoryId,
        emails: &[String],
    ) -> Result<Vec<(String, UserId)>> {
        let rows = self
            .fetch_in(
                "SELECT id, email FROM users WHERE factory_id = $1 AND role IN ('manager', 'head_of_sales') AND email IN",
                "",
                1,
                |q| q.bind(factory.0),
                emails,
                false,
            )
            .await?;
        rows.iter()
            .map(|r| Ok((r.string("email")?, UserId(r.i64("id")?))))
            .collect()
    }

    /// Inserts dealers and their empty stats rows; returns code → id.
    pub async fn insert_dealers(
        &mut self,
        factory: FactoryId,
        rows: &[NewDealer],
    ) -> Result<Vec<(String, DealerId)>> {
        let now = Timestamp::now().0;
        let returned = self
            .fetch_rows(
                "INSERT INTO dealers (factory_id, code, name, short_name, tax_id, region, city, address, phone, email, manager_id, active, currency, version, \
                 created_at, updated_at, search_key) VALUES ",
                " RETURNING id, code",
                17,
                rows,
                |q, d| {
                    let c = &d.content;
                    q.bind(factory.0)
                        .bind(&c.code)
                        .bind(&c.name)
                        .bind(c.short_name.as_deref())
                        .bind(c.tax_id.as_deref())
                        .bind(c.region.as_deref())
                        .bind(c.city.as_deref())
                        .bind(c.address.as_deref())
                        .bind(c.phone.as_deref())
                        .bind(c.email.as_deref())
                        .bind(c.manager_id.map(|m| m.0))
                        .bind(crate::flag(c.active))
                        .bind(d.currency.as_str())
                        .bind(d.version)
                        .bind(now)
                        .bind(now)
                        .bind(c.search_key())
                },
            )
            .await?;
        let ids: Vec<(String, DealerId)> = returned
            .iter()
            .map(|r| Ok((r.string("code")?, DealerId(r.i64("id")?))))
            .collect::<Result<_>>()?;
        let stats: Vec<(DealerId, &str)> = ids
            .iter()
            .map(|(code, id)| {
                (
                    *id,
                    rows.iter()
                        .find(|d| &d.content.code == code)
                        .map(|d| d.currency.as_str())
                        .unwrap_or("UAH"),
                )
            })
            .collect();
        self.exec_rows(
            "INSERT INTO dealer_stats (dealer_id, currency, updated_at) VALUES ",
            "",
            3,
            &stats,
            |q, (id, cur)| q.bind(id.0).bind(*cur).bind(now),
        )
        .await?;
        Ok(ids)
    }

    pub async fn update_dealers(&mut self, rows: &[(DealerId, NewDealer)]) -> Result<()> {
        let now = Timestamp::now().0;
        self.exec_rows(
            "UPDATE dealers SET name = v.column2, short_name = v.column3, tax_id = v.column4, region = v.column5, city = v.column6, address = v.column7, \
             phone = v.column8, email = v.column9, manager_id = v.column10, active = v.column11, version = v.column12, updated_at = v.column13, search_key = v.column14 FROM (VALUES ",
            ") AS v WHERE dealers.id = v.column1",
            14,
            rows,
            |q, (id, d)| {
                let c = &d.content;
                q.bind(id.0)
                    .bind(&c.name)
                    .bind(c.short_name.as_deref())
                    .bind(c.tax_id.as_deref())
                    .bind(c.region.as_deref())
                    .bind(c.city.as_deref())
                    .bind(c.address.as_deref())
                    .bind(c.phone.as_deref())
                    .bind(c.email.as_deref())
                    .bind(c.manager_id.map(|m| m.0))
                    .bind(crate::flag(c.active))
                    .bind(d.version)
                    .bind(now)
                    .bind(c.search_key())
            },
        )
        .await
    }

    pub async fn add_stats(&mut self, rows: &[(DealerId, StatsDelta)]) -> Result<()> {
        let now = Timestamp::now().0;
        self.exec_rows(
            "UPDATE dealer_stats SET balance_minor = balance_minor + v.column2, n_accepted = n_accepted + v.column3, \
             n_in_production = n_in_production + v.column4, n_manufactured = n_manufactured + v.column5, n_ready = n_ready + v.column6, \
             n_shipped = n_shipped + v.column7, n_delivered = n_delivered + v.column8, n_cancelled = n_cancelled + v.column9, updated_at = v.column10 \
             FROM (VALUES ",
            ") AS v WHERE dealer_stats.dealer_id = v.column1",
            10,
            rows,
            |q, (id, d)| {
                let mut q = q.bind(id.0).bind(d.balance);
                for n in d.counts {
                    q = q.bind(n);
                }
                q.bind(now)
            },
        )
        .await
    }

    pub async fn set_openings(&mut self, rows: &[OpeningRow]) -> Result<()> {
        self.exec_rows(
            "UPDATE dealer_stats SET opening_minor = v.column2, opening_as_of = v.column3, opening_version = v.column4 FROM (VALUES ",
            ") AS v WHERE dealer_stats.dealer_id = v.column1",
            4,
            rows,
            |q, r| q.bind(r.dealer_id.0).bind(r.amount_minor).bind(&r.as_of).bind(r.version),
        )
        .await
    }
}
