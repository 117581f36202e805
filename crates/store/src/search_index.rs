//! Rebuilding the order search index when its format changes.
//!
//! The indexed text is made in Rust (`syncbatch::search_text`: words
//! tagged with the dealer), so a new format cannot be written by an SQL
//! migration. `Store::migrate` calls this after the SQL migrations: if the
//! `settings` row says the index is older than [`FORMAT`], every order's
//! text is made again, 2,000 orders per transaction, and the row is set.
//! Interrupted, it starts again from the beginning on the next start;
//! writing an order's text twice is harmless.

use crate::{Repos, Result, Store};
use dealerdesk_domain::{DealerId, OrderId};

/// The format of the indexed text: 2 = words tagged with the dealer.
pub const FORMAT: &str = "2";
const KEY: &str = "order_search_format";
const BATCH: i64 = 2_000;

type OrderHead = (i64, i64, String, Option<String>);
type ConstructionWords = (
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

impl Store {
    /// Makes every order's search text again if the index is in an older
    /// format; returns how many orders were indexed.
    pub async fn reindex_order_search_if_old(&self) -> Result<u64> {
        let mut c = self.read().await?;
        if c.settings().get(KEY).await?.as_deref() == Some(FORMAT) {
            return Ok(0);
        }
        drop(c);
        let (mut after, mut done) = (0i64, 0u64);
        loop {
            let mut tx = self.begin().await?;
            let orders: Vec<OrderHead> = sqlx::query_as(
                "SELECT id, dealer_id, number, customer_ref FROM orders WHERE id > $1 ORDER BY id LIMIT $2",
            )
            .bind(after)
            .bind(BATCH)
            .fetch_all(&mut *tx)
            .await?;
            let (Some(first), Some(last)) = (orders.first(), orders.last()) else {
                tx.settings().set(KEY, FORMAT).await?;
                tx.commit().await?;
                break;
            };
            let (lo, hi) = (first.0, last.0);
            let parts: Vec<ConstructionWords> = sqlx::query_as(
                "SELECT order_id, name, profile_system, glass_unit, colour, fittings FROM constructions \
                 WHERE order_id >= $1 AND order_id <= $2 ORDER BY order_id, position",
            )
            .bind(lo)
            .bind(hi)
            .fetch_all(&mut *tx)
            .await?;
            let mut texts = Vec::with_capacity(orders.len());
            let mut k = 0;
            for (id, dealer, number, customer_ref) in &orders {
                let mut words: Vec<&str> = vec![number.as_str()];
                words.extend(customer_ref.as_deref());
                while k < parts.len() && parts[k].0 < *id {
                    k += 1;
                }
                while k < parts.len() && parts[k].0 == *id {
                    let (_, name, a, b, c, d) = &parts[k];
                    words.push(name);
                    words.extend([a, b, c, d].into_iter().flatten().map(String::as_str));
                    k += 1;
                }
                texts.push((
                    OrderId(*id),
                    crate::syncbatch::tagged_words(DealerId(*dealer), words),
                ));
            }
            tx.sync_batch().index_order_text(&texts).await?;
            tx.commit().await?;
            after = hi;
            done += orders.len() as u64;
            if done.is_multiple_of(100_000) {
                tracing::info!(orders = done, "rebuilding the order search index");
            }
        }
        if done > 0 {
            tracing::info!(orders = done, "order search index rebuilt");
        }
        Ok(done)
    }
}

type DealerWords = (
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

impl Store {
    /// Fills `dealers.search_key` where it is still empty (dealers synced
    /// before the column existed); returns how many were filled. Every
    /// dealer has a code, so an empty key means "not made yet".
    pub async fn fill_dealer_search_keys(&self) -> Result<u64> {
        let mut done = 0u64;
        loop {
            let mut tx = self.begin().await?;
            let rows: Vec<DealerWords> = sqlx::query_as(
                "SELECT id, code, name, short_name, city, tax_id FROM dealers WHERE search_key = '' ORDER BY id LIMIT $1",
            )
            .bind(BATCH)
            .fetch_all(&mut *tx)
            .await?;
            if rows.is_empty() {
                break;
            }
            for (id, code, name, short, city, tax) in &rows {
                let key = crate::dealers::search_key(
                    code,
                    name,
                    short.as_deref(),
                    city.as_deref(),
                    tax.as_deref(),
                );
                sqlx::query("UPDATE dealers SET search_key = $1 WHERE id = $2")
                    .bind(key)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            done += rows.len() as u64;
        }
        Ok(done)
    }
}
