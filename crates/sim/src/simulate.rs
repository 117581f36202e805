//! `dealerdesk simulate`: a plant playing against a running DealerDesk over
//! the sync API, the way real senders behave — batches from two systems,
//! repeats, reordering, retries after 429/503 and network errors — and at
//! the end a reconciliation of what DealerDesk holds against what was sent.

use crate::generator::{FactoryPlan, PlantConfig, PlantGenerator, Sent};
use crate::namespace::Namespace;
use crate::rng::Rng;
use dealerdesk_domain::model::SourceKind;
use dealerdesk_sync::reconcile::{DealerClaim, Drift, OrderClaim, Report, Snapshot};
use serde_json::{Value, json};
use std::collections::{BTreeMap, VecDeque};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct SimOptions {
    /// One node's address, or several separated by commas: requests go to
    /// them in turn, and a retry goes to the next one (several nodes over
    /// one database, issue 7).
    pub url: String,
    pub production_key: String,
    pub accounting_key: String,
    /// The factory the keys belong to.
    pub factory: String,
    /// Events per second (the real plant: 2–4).
    pub rate: f64,
    pub dealers: usize,
    pub orders: usize,
    pub seed: u64,
    /// Share of events sent a second time, later.
    pub repeat: f64,
    /// Events are sent in random order within windows of this many.
    pub reorder: usize,
    /// Events per request at most.
    pub batch: usize,
    /// Appended to every code and id so runs do not collide.
    pub tag: String,
    /// How long to wait for DealerDesk to apply everything at the end.
    pub settle_timeout: Duration,
}

#[derive(Debug, Clone, Default)]
pub struct Progress {
    pub planned: u64,
    pub sent: u64,
    pub accepted: u64,
    pub duplicates: u64,
    pub rejected: u64,
    pub retries: u64,
    pub applied: i64,
    pub waiting: i64,
}

#[derive(Debug, Clone)]
pub struct SimReport {
    pub progress: Progress,
    pub elapsed: Duration,
    /// From the start until the server had applied everything sent (the
    /// reconciliation after it excluded): what an ingest rate is read from.
    pub settled: Duration,
    pub reconciliation: Report,
    pub quarantined: i64,
    /// First few per-event rejections, as the server worded them.
    pub rejections: Vec<String>,
}

impl SimReport {
    pub fn drift(&self) -> &[Drift] {
        &self.reconciliation.drift
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("the plant: {0}")]
    Config(#[from] crate::generator::ConfigError),
    #[error("{0}")]
    Http(String),
    #[error("DealerDesk did not apply everything within {0:?}: {1}")]
    NotSettled(Duration, String),
}

struct Client {
    http: reqwest::Client,
    bases: Vec<String>,
    turn: std::sync::atomic::AtomicUsize,
}

impl Client {
    /// The next node in turn.
    fn base(&self) -> &str {
        let n = self.turn.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.bases
            .get(n % self.bases.len().max(1))
            .map(String::as_str)
            .unwrap_or("")
    }

    /// POSTs until the server accepts it: retrying network errors, 429,
    /// 503 and 5xx with the server's `Retry-After` or a growing pause.
    async fn post(
        &self,
        path: &str,
        key: &str,
        body: &Value,
        retries: &mut u64,
    ) -> Result<(u16, Value), SimError> {
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let res = self
                .http
                .post(format!("{}{path}", self.base()))
                .bearer_auth(key)
                .json(body)
                .send()
                .await;
            let wait = match res {
                Ok(r)
                    if r.status().is_success()
                        || r.status().is_client_error() && r.status().as_u16() != 429 =>
                {
                    let code = r.status().as_u16();
                    let v = r.json().await.unwrap_or(Value::Null);
                    return Ok((code, v));
                }
                Ok(r) => r
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.parse::<u64>().ok())
                    .map(Duration::from_secs),
                Err(_) => None,
            };
            if attempt > 120 {
                return Err(SimError::Http(format!(
                    "{path}: giving up after {attempt} attempts"
                )));
            }
            *retries += 1;
            tokio::time::sleep(
                wait.unwrap_or(Duration::from_millis(200 * u64::from(attempt.min(25)))),
            )
            .await;
        }
    }

    /// The source's status from the first node that answers (a node may
    /// be down for a restart).
    async fn status(&self, key: &str) -> Result<Value, SimError> {
        let mut last = SimError::Http("no node to ask".into());
        for _ in 0..self.bases.len() {
            let res = self
                .http
                .get(format!("{}/api/sync/v1/status", self.base()))
                .bearer_auth(key)
                .send()
                .await;
            match res {
                Ok(r) if r.status().is_success() => {
                    return r.json().await.map_err(|e| SimError::Http(e.to_string()));
                }
                Ok(r) => last = SimError::Http(format!("status: HTTP {}", r.status())),
                Err(e) => last = SimError::Http(e.to_string()),
            }
        }
        Err(last)
    }
}

pub async fn simulate(
    opts: &SimOptions,
    progress: &(dyn Fn(&Progress) + Sync),
) -> Result<SimReport, SimError> {
    let started = Instant::now();
    let today = time::OffsetDateTime::now_utc().date();
    let generator = PlantGenerator::new(PlantConfig {
        seed: opts.seed,
        factories: vec![FactoryPlan::new(&opts.factory)],
        dealers_per_factory: opts.dealers.max(1),
        orders: opts.orders.max(1),
        start: today - time::Duration::days(60),
        end: today,
    })?;
    let ns = Namespace::new(&opts.tag);
    let client = Client {
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| SimError::Http(e.to_string()))?,
        bases: opts
            .url
            .split(',')
            .map(|u| u.trim().trim_end_matches('/').to_owned())
            .filter(|u| !u.is_empty())
            .collect(),
        turn: Default::default(),
    };
    if client.bases.is_empty() {
        return Err(SimError::Http("no address to send to (--url)".into()));
    }
    let reference = generator.reference();
    let planned: u64 = reference
        .sent
        .values()
        .map(|s| s.production + s.accounting)
        .sum();
    let mut p = Progress {
        planned,
        ..Default::default()
    };
    let mut rejections = Vec::new();
    let mut rng = Rng::new(opts.seed ^ 0x5eed);
    let mut window: Vec<Sent> = Vec::new();
    let mut later: VecDeque<(u64, Sent)> = VecDeque::new();
    let mut outgoing: Vec<Sent> = Vec::new();
    let mut last_report = Instant::now();
    let mut events = generator.events();
    let mut n = 0u64;
    loop {
        let next = events.next();
        let done = next.is_none();
        if let Some(mut s) = next {
            ns.rename(&mut s.event);
            if rng.chance(opts.repeat) {
                later.push_back((n + 20 + rng.below(200), s.clone()));
            }
            window.push(s);
            n += 1;
        }
        // Reordering: send a random member of the window once it is full.
        while window.len() > opts.reorder.max(1) || (done && !window.is_empty()) {
            let i = rng.below(window.len() as u64) as usize;
            outgoing.push(window.swap_remove(i));
        }
        while later.front().is_some_and(|(at, _)| *at <= n || done) {
            if let Some((_, s)) = later.pop_front() {
                outgoing.push(s);
            }
        }
        if outgoing.len() >= opts.batch.max(1) || (done && !outgoing.is_empty()) {
            for kind in [SourceKind::Production, SourceKind::Accounting] {
                let part: Vec<Value> = outgoing
                    .iter()
                    .filter(|s| s.source == kind)
                    .map(|s| s.event.to_json())
                    .collect();
                if part.is_empty() {
                    continue;
                }
                let key = if kind == SourceKind::Production {
                    &opts.production_key
                } else {
                    &opts.accounting_key
                };
                let (code, body) = client
                    .post(
                        "/api/sync/v1/events",
                        key,
                        &json!({ "events": part }),
                        &mut p.retries,
                    )
                    .await?;
                if code != 202 {
                    return Err(SimError::Http(format!("events: HTTP {code}: {body}")));
                }
                p.sent += part.len() as u64;
                p.accepted += body["accepted"].as_u64().unwrap_or(0);
                p.duplicates += body["duplicates"].as_u64().unwrap_or(0);
                p.rejected += body["rejected"].as_u64().unwrap_or(0);
                for r in body["results"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|r| r["status"] == "rejected")
                {
                    if rejections.len() < 10 {
                        rejections.push(format!("{}: {}", r["event_id"], r["error"]));
                    }
                }
            }
            outgoing.clear();
            // Pacing: `rate` events per second on average.
            let due = Duration::from_secs_f64(p.sent as f64 / opts.rate.max(0.01));
            if let Some(wait) = due.checked_sub(started.elapsed()) {
                tokio::time::sleep(wait).await;
            }
            if last_report.elapsed() >= Duration::from_secs(1) {
                progress(&p);
                last_report = Instant::now();
            }
        }
        if done && later.is_empty() {
            break;
        }
    }
    // Wait until everything sent has been applied (or is stuck).
    let settle_started = Instant::now();
    let mut quarantined;
    loop {
        let (a, b) = (
            client.status(&opts.production_key).await?,
            client.status(&opts.accounting_key).await?,
        );
        let get = |v: &Value, k: &str| v[k].as_i64().unwrap_or(0);
        p.applied = get(&a, "applied") + get(&b, "applied");
        p.waiting = get(&a, "waiting") + get(&b, "waiting");
        quarantined = get(&a, "quarantined") + get(&b, "quarantined");
        let accepted = get(&a, "accepted") + get(&b, "accepted");
        progress(&p);
        if p.applied + quarantined == accepted && p.waiting == 0 {
            break;
        }
        if settle_started.elapsed() > opts.settle_timeout {
            return Err(SimError::NotSettled(
                opts.settle_timeout,
                format!("production {a}, accounting {b}"),
            ));
        }
        // Short: the time to settle is part of the ingest figure.
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let settled = started.elapsed();
    let reconciliation = reconcile(
        &client,
        &opts.production_key,
        &reference,
        &ns,
        &mut p.retries,
    )
    .await?;
    Ok(SimReport {
        progress: p,
        elapsed: started.elapsed(),
        settled,
        reconciliation,
        quarantined,
        rejections,
    })
}

/// Asks DealerDesk whether it agrees with the reference, in chunks.
async fn reconcile(
    client: &Client,
    key: &str,
    reference: &crate::generator::Reference,
    ns: &Namespace,
    retries: &mut u64,
) -> Result<Report, SimError> {
    let mut per_dealer: BTreeMap<&str, i64> = BTreeMap::new();
    for o in reference.orders.values() {
        *per_dealer.entry(o.dealer_code.as_str()).or_default() += 1;
    }
    let dealers: Vec<DealerClaim> = reference
        .dealers
        .iter()
        .map(|(code, d)| DealerClaim {
            code: ns.name(code),
            balance_minor: Some(d.balance_minor),
            orders: Some(per_dealer.get(code.as_str()).copied().unwrap_or(0)),
        })
        .collect();
    let orders: Vec<OrderClaim> = reference
        .orders
        .iter()
        .map(|(number, o)| OrderClaim {
            number: ns.name(number),
            status: Some(o.status.as_str().to_owned()),
            total_minor: Some(o.total_minor),
            trip: o.trip.as_ref().map(|t| ns.name(t)),
        })
        .collect();
    let mut total = Report {
        dealers_checked: 0,
        orders_checked: 0,
        drift: Vec::new(),
    };
    let chunks = dealers
        .len()
        .max(orders.len())
        .div_ceil(dealerdesk_sync::reconcile::MAX_ITEMS)
        .max(1);
    for i in 0..chunks {
        let take = |len: usize| {
            (i * dealerdesk_sync::reconcile::MAX_ITEMS).min(len)
                ..((i + 1) * dealerdesk_sync::reconcile::MAX_ITEMS).min(len)
        };
        let snapshot = Snapshot {
            dealers: dealers[take(dealers.len())].to_vec(),
            orders: orders[take(orders.len())].to_vec(),
        };
        let body = serde_json::to_value(&snapshot).map_err(|e| SimError::Http(e.to_string()))?;
        let (code, v) = client
            .post("/api/sync/v1/reconcile", key, &body, retries)
            .await?;
        if code != 200 {
            return Err(SimError::Http(format!("reconcile: HTTP {code}: {v}")));
        }
        let part: Report = serde_json::from_value(v).map_err(|e| SimError::Http(e.to_string()))?;
        total.dealers_checked += part.dealers_checked;
        total.orders_checked += part.orders_checked;
        total.drift.extend(part.drift);
    }
    Ok(total)
}
