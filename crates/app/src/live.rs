//! Wakes open browser tabs when something new is there for a person.
//!
//! Whoever commits new notifications publishes who they reached, after the
//! commit; each live stream (Server-Sent Events) listens and, when its
//! person is among them, reads what is new from the database. The message
//! carries no content: the database stays the one source, so a stream that
//! missed a wake-up (it lagged, or the browser reconnected) catches up by
//! reading after its last event id, and nothing is lost.
//!
//! In one process this is a broadcast channel; several nodes (issue 7)
//! will feed it from PostgreSQL's `LISTEN/NOTIFY`.

use dealerdesk_domain::{NotificationId, UserId};
use std::sync::Arc;
use tokio::sync::broadcast;

/// Who was reached by one commit.
pub type Reached = Arc<Vec<(UserId, NotificationId)>>;

#[derive(Clone, Debug)]
pub struct Live {
    tx: broadcast::Sender<Reached>,
    /// Set when the server stops: open streams end, so a graceful
    /// shutdown is not held up by browsers that would never hang up.
    closing: std::sync::Arc<tokio::sync::watch::Sender<bool>>,
}

impl Default for Live {
    fn default() -> Self {
        // A stream that falls this far behind is told it lagged and reads
        // from the database anyway.
        let (tx, _) = broadcast::channel(1024);
        let (closing, _) = tokio::sync::watch::channel(false);
        Self {
            tx,
            closing: std::sync::Arc::new(closing),
        }
    }
}

impl Live {
    /// Tells the streams; nothing happens when none is open.
    pub fn publish(&self, reached: &[(UserId, NotificationId)]) {
        if !reached.is_empty() {
            let _ = self.tx.send(Arc::new(reached.to_vec()));
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Reached> {
        self.tx.subscribe()
    }

    /// Ends every open stream (the browsers reconnect, to another node or
    /// to this one once it is back, and miss nothing).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Changes to `true` when the streams must end.
    pub fn closing(&self) -> tokio::sync::watch::Receiver<bool> {
        self.closing.subscribe()
    }

    /// Open streams, for the metrics.
    pub fn listeners(&self) -> usize {
        self.tx.receiver_count()
    }
}
