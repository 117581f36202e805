//! Wake-ups between nodes over PostgreSQL's `LISTEN/NOTIFY`. Several
//! `serve` processes over one database each hold their own live streams;
//! whoever commits new notifications tells the others through the
//! database, with no broker to run. A wake-up carries no content (who was
//! reached, by id): a node that missed one — its listening connection
//! dropped — wakes all its streams, which read what is new from the
//! database. On SQLite there is one node, so there is nothing to send.

use crate::{Backend, Result, Store};

/// The channel every node listens on.
pub const CHANNEL: &str = "dealerdesk_live";

/// A NOTIFY payload must stay under 8,000 bytes; senders split longer ones.
pub const MAX_PAYLOAD: usize = 7_000;

/// The database URL a listener connects with, hidden from `Debug`.
#[derive(Clone)]
pub(crate) struct ListenUrl(pub(crate) String);

impl std::fmt::Debug for ListenUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::pool::redact(&self.0))
    }
}

/// What a listener hears.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Heard {
    /// A payload another node (or this one) sent.
    Payload(String),
    /// The connection dropped and is being restored: wake-ups may have
    /// been missed.
    Gap,
}

/// A node's listening connection (PostgreSQL only).
pub struct Listener(sqlx::postgres::PgListener);

impl Listener {
    /// The next wake-up; reconnects by itself after a [`Heard::Gap`].
    pub async fn recv(&mut self) -> Result<Heard> {
        Ok(match self.0.try_recv().await? {
            Some(n) => Heard::Payload(n.payload().to_owned()),
            None => Heard::Gap,
        })
    }
}

impl Store {
    /// Sends a wake-up to every node (PostgreSQL; nothing on SQLite).
    /// After the commit it announces: a listener never hears of rows it
    /// cannot read yet.
    pub async fn notify_nodes(&self, payload: &str) -> Result<()> {
        if self.backend() != Backend::Postgres {
            return Ok(());
        }
        let mut c = self.read().await?;
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(payload)
            .execute(&mut *c)
            .await?;
        Ok(())
    }

    /// Listens for wake-ups (`None` on SQLite).
    pub async fn listen_nodes(&self) -> Result<Option<Listener>> {
        let Some(url) = &self.listen_url else {
            return Ok(None);
        };
        let mut l = sqlx::postgres::PgListener::connect(&url.0).await?;
        l.listen(CHANNEL).await?;
        Ok(Some(Listener(l)))
    }
}
