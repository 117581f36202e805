//! The ceiling for the ingest benchmark (`bench/run`): how fast this
//! database takes plain multi-row inserts through the same driver and the
//! same statement builder as the appliers ([`SyncBatch::exec_rows`]), with
//! nothing of DealerDesk's work around them. An ingest figure is read
//! against it (the ratio says how much of the database's speed the sync
//! path uses). Not used by the server.

use crate::{Repos, Result, Store};
use std::time::{Duration, Instant};

impl Store {
    /// Inserts `rows` rows of a shape like an inbox row (an id, a key, a
    /// JSON-sized text) in transactions of `per_tx` rows into a scratch
    /// table, drops it, and returns the time the inserts took.
    pub async fn insert_ceiling(&self, rows: usize, per_tx: usize) -> Result<Duration> {
        let table = format!("bench_ceiling_{}", std::process::id());
        self.scratch(&format!(
            "CREATE TABLE {table} (id BIGINT PRIMARY KEY, k TEXT NOT NULL, body TEXT NOT NULL)"
        ))
        .await?;
        let body = "x".repeat(600);
        let head = format!("INSERT INTO {table} (id, k, body) VALUES ");
        let started = Instant::now();
        let ids: Vec<i64> = (0..rows as i64).collect();
        for chunk in ids.chunks(per_tx.max(1)) {
            let keyed: Vec<(i64, String)> =
                chunk.iter().map(|i| (*i, format!("event-{i}"))).collect();
            let mut tx = self.begin().await?;
            tx.sync_batch()
                .exec_rows(&head, "", 3, &keyed, |q, (id, k)| {
                    q.bind(*id).bind(k.as_str()).bind(body.as_str())
                })
                .await?;
            tx.commit().await?;
        }
        let took = started.elapsed();
        self.scratch(&format!("DROP TABLE {table}")).await?;
        Ok(took)
    }

    /// One statement of the benchmark's own, in a transaction of its own.
    async fn scratch(&self, sql: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
