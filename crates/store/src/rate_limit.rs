//! Token buckets in the database, so a limit holds across nodes: each
//! check is one short transaction (a locked read and, when a token is
//! taken, one update; the first check of a bucket creates it) that refills
//! the bucket for the time passed, then takes a token or says how long to
//! wait. On PostgreSQL the bucket's row is locked for that transaction (two
//! nodes take turns); on SQLite the single writer does the same.

use crate::{Backend, Result, Store};

/// A bucket: `burst` tokens at most, refilled at `rate` per second.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bucket {
    pub rate: f64,
    pub burst: f64,
}

impl Bucket {
    /// The tokens (in thousandths) after `elapsed_ms`, and whether one
    /// could be taken: `Ok(left)` or `Err(seconds to wait)`.
    pub fn take(&self, milli: i64, elapsed_ms: i64) -> std::result::Result<i64, u64> {
        let cap = (self.burst * 1000.0) as i64;
        let refill = (elapsed_ms.max(0) as f64 * self.rate) as i64;
        let now = milli.saturating_add(refill).min(cap);
        if now >= 1000 {
            Ok(now - 1000)
        } else {
            let missing = (1000 - now) as f64 / 1000.0;
            Err((missing / self.rate.max(1e-6)).ceil().max(1.0) as u64)
        }
    }
}

impl Store {
    /// Takes a token from the named bucket at `now_ms`: `Ok(())`, or
    /// `Err(seconds to wait)` (nothing taken).
    pub async fn take_token(
        &self,
        name: &str,
        bucket: Bucket,
        now_ms: i64,
    ) -> Result<std::result::Result<(), u64>> {
        let mut tx = self.begin().await?;
        let lock = if self.backend() == Backend::Postgres {
            " FOR UPDATE"
        } else {
            ""
        };
        let select =
            format!("SELECT milli_tokens, updated_at FROM rate_buckets WHERE name = $1{lock}");
        let row: Option<(i64, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(select.clone()))
            .bind(name)
            .fetch_optional(&mut *tx)
            .await?;
        let (milli, at) = if let Some(row) = row {
            row
        } else {
            // A new bucket starts full; another node may create it at the
            // same moment, so insert-if-absent and read it again (locked).
            sqlx::query(
                "INSERT INTO rate_buckets (name, milli_tokens, updated_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (name) DO NOTHING",
            )
            .bind(name)
            .bind((bucket.burst * 1000.0) as i64)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
            sqlx::query_as(sqlx::AssertSqlSafe(select))
                .bind(name)
                .fetch_one(&mut *tx)
                .await?
        };
        let taken = bucket.take(milli, now_ms - at);
        if let Ok(left) = taken {
            sqlx::query(
                "UPDATE rate_buckets SET milli_tokens = $1, updated_at = $2 WHERE name = $3",
            )
            .bind(left)
            .bind(now_ms.max(at))
            .bind(name)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(taken.map(|_| ()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_refills_at_its_rate_up_to_its_burst() {
        let b = Bucket {
            rate: 2.0,
            burst: 3.0,
        };
        assert_eq!(b.take(3000, 0), Ok(2000));
        assert_eq!(b.take(0, 0), Err(1));
        // Half a second at 2/s brings one token back.
        assert_eq!(b.take(0, 500), Ok(0));
        // Never above the burst, however long it waited.
        assert_eq!(b.take(0, 3_600_000), Ok(2000));
        let slow = Bucket {
            rate: 0.1,
            burst: 1.0,
        };
        assert_eq!(slow.take(0, 0), Err(10));
    }
}
