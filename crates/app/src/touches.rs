//! "Seen at" writes made at most once a minute per session or token, by one
//! request.
//!
//! A session's idle expiry slides forward when it is used, and a token
//! records when it was last used. Both are writes on the read path, so they
//! are made at most once a [`TOUCH_EVERY_MS`]. Checking the stored time alone
//! is not enough: every request that read the row before the first write
//! committed would see it stale and queue its own write on SQLite's single
//! writer — sixteen browser tabs or a busy API client make sixteen
//! transactions, each with its own `fsync`, and a page waits behind all of
//! them. [`Touches`] lets exactly one request per key and interval make the
//! write; the others go on at once.

use std::collections::HashMap;
use std::sync::Mutex;

/// How often a session's or token's "seen at" is written at most.
pub const TOUCH_EVERY_MS: i64 = 60_000;

/// Past this many keys, claims older than the interval are dropped (they
/// could never stop a claim again), at most once an interval: the map holds
/// the sessions and tokens used in the last two intervals or so, and a
/// claim costs a walk over it at most once a minute, without a timer.
const PRUNE_ABOVE: usize = 4_096;

/// The keys claimed in the last interval, with when (ms since the epoch).
#[derive(Debug, Default)]
pub struct Touches {
    inner: Mutex<Claims>,
}

#[derive(Debug, Default)]
struct Claims {
    at: HashMap<String, i64>,
    pruned_at: i64,
}

impl Touches {
    /// Whether the caller should write `key`'s "seen at" now: true for the
    /// first caller in an interval, false for every other one until
    /// [`TOUCH_EVERY_MS`] has passed (or [`Touches::release`] was called).
    pub fn claim(&self, key: &str, now_ms: i64) -> bool {
        let Ok(mut claims) = self.inner.lock() else {
            // A panic while holding the lock cannot leave the map
            // inconsistent (inserts and removes only); write, as before.
            return true;
        };
        if claims
            .at
            .get(key)
            .is_some_and(|&at| now_ms - at < TOUCH_EVERY_MS)
        {
            return false;
        }
        if claims.at.len() >= PRUNE_ABOVE && now_ms - claims.pruned_at >= TOUCH_EVERY_MS {
            claims.at.retain(|_, at| now_ms - *at < TOUCH_EVERY_MS);
            claims.pruned_at = now_ms;
        }
        claims.at.insert(key.to_owned(), now_ms);
        true
    }

    /// Gives a claim back after its write failed, so the next request
    /// tries again instead of waiting out the interval.
    pub fn release(&self, key: &str) {
        if let Ok(mut claims) = self.inner.lock() {
            claims.at.remove(key);
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.inner.lock().map(|c| c.at.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn one_claim_per_key_and_interval() {
        let t = Touches::default();
        assert!(t.claim("a", 1_000));
        assert!(!t.claim("a", 1_000));
        assert!(!t.claim("a", 1_000 + TOUCH_EVERY_MS - 1));
        assert!(t.claim("b", 1_000), "another key is not held back");
        assert!(t.claim("a", 1_000 + TOUCH_EVERY_MS));
        assert!(!t.claim("a", 1_000 + TOUCH_EVERY_MS + 5));
    }

    #[test]
    fn a_released_claim_can_be_taken_again_at_once() {
        let t = Touches::default();
        assert!(t.claim("a", 0));
        t.release("a");
        assert!(t.claim("a", 1));
        assert!(!t.claim("a", 2));
    }

    #[test]
    fn concurrent_callers_get_exactly_one_claim() {
        let t = Arc::new(Touches::default());
        let handles: Vec<_> = (0..16)
            .map(|_| {
                let t = t.clone();
                std::thread::spawn(move || (0..100).filter(|_| t.claim("s", 5_000)).count())
            })
            .collect();
        let won: usize = handles.into_iter().map(|h| h.join().unwrap_or(0)).sum();
        assert_eq!(won, 1);
    }

    #[test]
    fn old_claims_are_dropped_when_the_map_grows() {
        let t = Touches::default();
        for i in 0..PRUNE_ABOVE {
            assert!(t.claim(&format!("k{i}"), 0));
        }
        assert_eq!(t.len(), PRUNE_ABOVE);
        // An interval later the next claim prunes every stale key first.
        assert!(t.claim("new", TOUCH_EVERY_MS));
        assert_eq!(t.len(), 1);
        // Within the interval after a prune the map only grows (no walk
        // on every claim), and fresh claims survive the next prune.
        for i in 0..PRUNE_ABOVE {
            assert!(t.claim(&format!("m{i}"), TOUCH_EVERY_MS + 1));
        }
        assert!(t.claim("last", TOUCH_EVERY_MS + 2));
        assert_eq!(t.len(), PRUNE_ABOVE + 2);
        assert!(!t.claim("new", TOUCH_EVERY_MS + 3));
        assert!(t.claim("later", 2 * TOUCH_EVERY_MS));
        assert_eq!(t.len(), PRUNE_ABOVE + 2, "\"new\" dropped, \"later\" added");
        assert!(!t.claim("m0", 2 * TOUCH_EVERY_MS));
    }
}
