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

/// Pages of merge work in one write transaction of [`Store::compact_order_search`]:
/// about a megabyte written, a few tens of milliseconds holding the writer,
/// so the plant's events keep flowing while the index is compacted.
const MERGE_PAGES: i64 = 256;

/// What [`Store::compact_order_search`] found and did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Compaction {
    /// The index's segments (b-trees) before and after; 0 on PostgreSQL,
    /// which has none to merge.
    pub segments_before: i64,
    pub segments_after: i64,
    /// Write transactions spent merging.
    pub steps: u32,
}

impl Store {
    /// How many segments the SQLite order search index holds (0 on
    /// PostgreSQL). Every committed write that touched it added one; FTS5
    /// merges them by level as it goes, so a plant fed for months holds
    /// a dozen or two, and a word search looks up its term in each.
    pub async fn order_search_segments(&self) -> Result<i64> {
        if self.backend() != crate::Backend::Sqlite {
            return Ok(0);
        }
        // Reads the index's whole term table (45,000 rows at 2M orders): a
        // long read, on its own thread.
        let mut c = self.read_bulk().await?;
        Ok(
            sqlx::query_scalar("SELECT COUNT(DISTINCT segid) FROM orders_fts_idx")
                .fetch_one(&mut *c)
                .await?,
        )
    }

    /// Merges the SQLite order search index into one segment, as FTS5's
    /// `optimize` does, but in steps of [`MERGE_PAGES`] pages, each its own
    /// write transaction: the first `merge` with a negative count puts
    /// every segment on one level and starts, the next ones (positive)
    /// carry that merge on until a step changes nothing (FTS5's documented
    /// protocol: fewer than two changes means no work was left). A word
    /// search on the 200,000-order plant went from 19 segments to one and
    /// from 2,400-2,800 to 2,950 pages/s. A no-op on PostgreSQL (a GIN
    /// index, kept by autovacuum).
    pub async fn compact_order_search(&self) -> Result<Compaction> {
        let segments_before = self.order_search_segments().await?;
        if segments_before <= 1 {
            return Ok(Compaction {
                segments_before,
                segments_after: segments_before,
                steps: 0,
            });
        }
        let mut steps = 0u32;
        loop {
            let mut tx = self.begin().await?;
            let changes = "SELECT total_changes()";
            let before: i64 = sqlx::query_scalar(changes).fetch_one(&mut *tx).await?;
            let pages = if steps == 0 {
                -MERGE_PAGES
            } else {
                MERGE_PAGES
            };
            sqlx::query("INSERT INTO orders_fts (orders_fts, rank) VALUES ('merge', $1)")
                .bind(pages)
                .execute(&mut *tx)
                .await?;
            let after: i64 = sqlx::query_scalar(changes).fetch_one(&mut *tx).await?;
            tx.commit().await?;
            steps += 1;
            if after - before < 2 {
                break;
            }
        }
        Ok(Compaction {
            segments_before,
            segments_after: self.order_search_segments().await?,
            steps,
        })
    }
}
