//! Live wake-ups across nodes: [`App::announce`] after a commit, and
//! [`App::relay_wakeups`], the task of `serve` that listens for the other
//! nodes' (see `live.rs` and `store/src/wakeups.rs`).

use crate::App;
use dealerdesk_domain::{NotificationId, UserId};
use dealerdesk_store::wakeups::Heard;
use std::time::Duration;

impl App {
    /// Tells this node's streams, then the other nodes'. A failed NOTIFY
    /// is logged, not returned: the notifications are committed, and a
    /// stream on another node still finds them on its next wake-up or
    /// reconnect.
    pub async fn announce(&self, reached: &[(UserId, NotificationId)]) {
        self.live.publish(reached);
        for p in self.live.payloads(reached) {
            if let Err(e) = self.store.notify_nodes(&p).await {
                tracing::warn!(error = %e, "telling the other nodes of new notifications failed");
            }
        }
    }

    /// Until `stop`: feeds the other nodes' wake-ups into this node's
    /// streams. Returns at once on SQLite (one node). After the listening
    /// connection drops, every stream here is woken (wake-ups may have
    /// been missed) and the listener reconnects, with a growing pause.
    pub async fn relay_wakeups(&self, mut stop: tokio::sync::watch::Receiver<bool>) {
        let mut pause = Duration::from_millis(250);
        loop {
            let listener = tokio::select! {
                l = self.store.listen_nodes() => l,
                _ = stop.changed() => return,
            };
            let mut listener = match listener {
                Ok(Some(l)) => l,
                Ok(None) => return,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot listen for other nodes' wake-ups; retrying");
                    tokio::select! {
                        _ = tokio::time::sleep(pause) => {}
                        _ = stop.changed() => return,
                    }
                    pause = (pause * 2).min(Duration::from_secs(10));
                    continue;
                }
            };
            // Anything may have happened while this node was not listening.
            self.live.wake_all();
            loop {
                let heard = tokio::select! {
                    h = listener.recv() => h,
                    _ = stop.changed() => return,
                };
                match heard {
                    Ok(Heard::Payload(p)) => {
                        pause = Duration::from_millis(250);
                        self.live.relay(&p);
                    }
                    Ok(Heard::Gap) => self.live.wake_all(),
                    Err(e) => {
                        tracing::warn!(error = %e, "lost the connection for other nodes' wake-ups");
                        self.live.wake_all();
                        break;
                    }
                }
            }
        }
    }
}
