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
}

impl Default for Live {
    fn default() -> Self {
        // A stream that falls this far behind is told it lagged and reads
        // from the database anyway.
        let (tx, _) = broadcast::channel(1024);
        Self { tx }
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

    /// Open streams, for the metrics.
    pub fn listeners(&self) -> usize {
        self.tx.receiver_count()
    }
}
