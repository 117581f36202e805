//! Settings people change at run time (the brand), as key/value text.

use crate::Result;
use dealerdesk_domain::Timestamp;
use sqlx::AnyConnection;

pub struct Settings<'c> {
    pub(crate) c: &'c mut AnyConnection,
}

impl Settings<'_> {
    pub async fn get(&mut self, key: &str) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
                .bind(key)
                .fetch_optional(&mut *self.c)
                .await?,
        )
    }

    pub async fn all(&mut self) -> Result<Vec<(String, String)>> {
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT key, value FROM settings ORDER BY key")
                .fetch_all(&mut *self.c)
                .await?;
        Ok(rows)
    }

    pub async fn set(&mut self, key: &str, value: &str) -> Result<()> {
        sqlx::query("INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at")
            .bind(key)
            .bind(value)
            .bind(Timestamp::now().0)
            .execute(&mut *self.c)
            .await?;
        Ok(())
    }

    pub async fn remove(&mut self, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM settings WHERE key = $1")
            .bind(key)
            .execute(&mut *self.c)
            .await?;
        Ok(())
    }
}
