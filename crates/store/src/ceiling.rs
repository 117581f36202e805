//! The ceiling for the ingest benchmark (`bench/run`): how fast this
//! database takes plain multi-row inserts through the same driver, with
//! nothing of DealerDesk's work around them. An ingest figure is read
//! against it (the ratio says how much of the database's speed the sync
//! path uses). Not used by the server.

use crate::syncbatch::anonymous;
use crate::{Backend, Result, Store};
use std::time::{Duration, Instant};

impl Store {
    /// Inserts `rows` rows of a shape like an inbox row (an id, a key, a
    /// JSON-sized text) in statements of `per_statement` rows and
    /// transactions of `per_tx` rows into a scratch table, drops it, and
    /// returns the time the inserts took.
    pub async fn insert_ceiling(
        &self,
        rows: usize,
        per_statement: usize,
        per_tx: usize,
    ) -> Result<Duration> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let table = format!("bench_ceiling_{}_{nanos}", std::process::id());
        let mut c = self.begin().await?;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "CREATE TABLE {table} (id BIGINT PRIMARY KEY, k TEXT NOT NULL, body TEXT NOT NULL)"
        )))
        .execute(&mut *c)
        .await?;
        c.commit().await?;
        let body = "x".repeat(600);
        let per_statement = per_statement.clamp(1, 5_000);
        let started = Instant::now();
        let mut next = 0usize;
        while next < rows {
            let mut tx = self.begin().await?;
            let tx_end = (next + per_tx.max(1)).min(rows);
            while next < tx_end {
                let n = per_statement.min(tx_end - next);
                let values: Vec<String> = (0..n)
                    .map(|i| format!("(${}, ${}, ${})", i * 3 + 1, i * 3 + 2, i * 3 + 3))
                    .collect();
                let mut sql = format!(
                    "INSERT INTO {table} (id, k, body) VALUES {}",
                    values.join(", ")
                );
                if self.backend() == Backend::Sqlite {
                    sql = anonymous(&sql);
                }
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for i in next..next + n {
                    q = q
                        .bind(i as i64)
                        .bind(format!("event-{i}"))
                        .bind(body.as_str());
                }
                q.execute(&mut *tx).await?;
                next += n;
            }
            tx.commit().await?;
        }
        let took = started.elapsed();
        let mut c = self.begin().await?;
        sqlx::query(sqlx::AssertSqlSafe(format!("DROP TABLE {table}")))
            .execute(&mut *c)
            .await?;
        c.commit().await?;
        Ok(took)
    }
}
