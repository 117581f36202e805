//! Wakes open browser tabs when something new is there for a person.
//!
//! Whoever commits new notifications publishes who they reached, after the
//! commit; each live stream (Server-Sent Events) listens and, when its
//! person is among them, reads what is new from the database. The message
//! carries no content: the database stays the one source, so a stream that
//! missed a wake-up (it lagged, or the browser reconnected) catches up by
//! reading after its last event id, and nothing is lost.
//!
//! In one process this is a broadcast channel. With several nodes over
//! PostgreSQL, the publisher also tells the other nodes through
//! `LISTEN/NOTIFY` (`store/src/wakeups.rs`); each node's relay
//! (`App::relay_wakeups`, a task of `serve`) feeds what it hears into its
//! own channel, skipping its own messages (those were published locally
//! already), and wakes every stream after its listening connection
//! dropped, since wake-ups may have been missed then.

use dealerdesk_domain::{NotificationId, UserId};
use std::sync::Arc;
use tokio::sync::broadcast;

/// Who was reached by one commit.
pub type Reached = Arc<Vec<(UserId, NotificationId)>>;

#[derive(Clone, Debug)]
pub struct Live {
    tx: broadcast::Sender<Reached>,
    /// This process's mark on its wake-ups to other nodes.
    node: u64,
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
            node: rand::random(),
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

    /// Wakes every stream of this node (each reads after its last id).
    /// An empty list means "everyone".
    pub fn wake_all(&self) {
        let _ = self.tx.send(Arc::new(Vec::new()));
    }

    /// `reached` as NOTIFY payloads for the other nodes:
    /// `node;user:notification,user:notification…`, split to fit.
    pub fn payloads(&self, reached: &[(UserId, NotificationId)]) -> Vec<String> {
        let mut out = Vec::new();
        let head = format!("{};", self.node);
        let mut cur = head.clone();
        for (u, n) in reached {
            let item = format!("{}:{}", u.0, n.0);
            if cur.len() + item.len() + 1 > dealerdesk_store::wakeups::MAX_PAYLOAD {
                out.push(std::mem::replace(&mut cur, head.clone()));
            }
            if cur.len() > head.len() {
                cur.push(',');
            }
            cur.push_str(&item);
        }
        if cur.len() > head.len() {
            out.push(cur);
        }
        out
    }

    /// Publishes what another node sent; `false` when the payload is this
    /// node's own or unreadable (then nothing is published).
    pub fn relay(&self, payload: &str) -> bool {
        let Some((node, list)) = payload.split_once(';') else {
            return false;
        };
        if node.parse::<u64>().ok() == Some(self.node) {
            return false;
        }
        let reached: Option<Vec<(UserId, NotificationId)>> = list
            .split(',')
            .map(|item| {
                let (u, n) = item.split_once(':')?;
                Some((UserId(u.parse().ok()?), NotificationId(n.parse().ok()?)))
            })
            .collect();
        match reached {
            Some(r) if !r.is_empty() => {
                self.publish(&r);
                true
            }
            _ => false,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_nodes_wakeups_are_relayed_and_our_own_are_not() {
        let (a, b) = (Live::default(), Live::default());
        let reached: Vec<_> = (1..=2_000)
            .map(|i| (UserId(i), NotificationId(1_000_000 + i)))
            .collect();
        let payloads = a.payloads(&reached);
        assert!(payloads.len() > 1, "a long list is split");
        assert!(
            payloads
                .iter()
                .all(|p| p.len() <= dealerdesk_store::wakeups::MAX_PAYLOAD)
        );
        let mut rx = b.subscribe();
        for p in &payloads {
            assert!(!a.relay(p), "a node skips its own wake-ups");
            assert!(b.relay(p));
        }
        let mut heard = Vec::new();
        while let Ok(r) = rx.try_recv() {
            heard.extend(r.iter().copied());
        }
        assert_eq!(heard, reached);
        assert!(!b.relay("garbage"));
        assert!(!b.relay("1;x:y"));
        assert!(a.payloads(&[]).is_empty());
    }
}
