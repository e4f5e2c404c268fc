//! The server's push throughput: many devices (threads, each its own store file and
//! `SyncClient`, signed in to one organisation of a fresh server) pushing real changes at
//! once.
//!
//! Set-up, untimed: each device imports `edits` generated customers (with their contacts and
//! addresses) and pushes them. Then per round, with the client's push batch set to the
//! round's size: each device first makes its changes locally, untimed — `new_customers` new
//! generated customers in one import, and one saved field (the city) on each of its
//! `edits` customers the server already has, each save its own transaction — then all start
//! together and each runs `SyncClient::push` until nothing is outgoing. **Timed**: from the
//! common start to the last device's last acknowledgement; that is, building each batch from
//! the store, the HTTP exchange, the server's transaction and the local acknowledgement.
//! Every push exchange (request sent to answer read) is timed on its own as well.
//!
//! Changes stored per second = the organisation's sequence head after the round minus before
//! (read from the server's database), over the timed wall time; it must equal the changes the
//! pushes' answers numbered, or the bench fails. Also reported: the CPU seconds the server
//! and the client threads used in the timed part (they share the machine's cores).

use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::{Barrier, Mutex};
use std::time::{Duration, Instant};

use chainbook_protocol::Secret;
use chainbook_store::Store;
use chainbook_sync::{Limits, SyncClient};
use serde::Serialize;
use uuid::Uuid;

use super::device::{Meter, Metered};
use super::round_trip::draft_of;
use super::server::{cpu_seconds, create_org, Server, PASSWORD};
use crate::{figure, Figure, Result, Timed};

/// Target of the sync issue: changes stored per second with 20 clients pushing.
pub const THROUGHPUT_TARGET: f64 = 2_000.0;

const ORG: &str = "load";
const CITIES: [&str; 4] = ["杭州", "宁波", "温州", "绍兴"];

/// How much work the devices do.
#[derive(Debug, Clone, Serialize)]
pub struct Load {
    pub clients: usize,
    /// New customers per device per round.
    pub new_customers: usize,
    /// Customers per device, each edited once per round.
    pub edits: usize,
    /// The push batch of each round (the app's default is 500).
    pub batches: Vec<usize>,
}

/// One round's result.
#[derive(Debug, Clone, Serialize)]
pub struct Round {
    pub batch: usize,
    pub clients: usize,
    pub changes: i64,
    pub pushes: usize,
    pub wall_s: f64,
    pub changes_per_s: f64,
    pub push_p50_ms: f64,
    pub push_p95_ms: f64,
    pub push_max_ms: f64,
    pub server_cpu_s: f64,
    /// The bench process in the timed part: the client threads (the main thread waits).
    pub clients_cpu_s: f64,
    pub target_met: bool,
}

/// A device of the load: its store, client and meter, and the customers it edits.
struct Dev {
    store: Store,
    client: SyncClient,
    meter: std::sync::Arc<Meter>,
    ids: Vec<Uuid>,
}

/// What one device's timed push gave.
struct Pushed {
    changes: usize,
    times: Vec<Duration>,
}

fn set_up(server: &str, dir: &Path, i: usize, load: &Load) -> Result<Dev> {
    let mut store = Store::open(&dir.join(format!("device-{i:02}.db")))?;
    let (mut client, meter) = Metered::client(server)?;
    client.sign_in(
        &mut store,
        ORG,
        "rep",
        &Secret::new(PASSWORD),
        &format!("load {i}"),
    )?;
    let drafts: Vec<_> = chainbook_datagen::customers(1_000 + i as u64, load.edits).collect();
    let ids = store.customers_mut().import(&drafts)?;
    client.push(&mut store)?;
    Ok(Dev {
        store,
        client,
        meter,
        ids,
    })
}

impl Dev {
    fn prepare(&mut self, i: usize, round: usize, batch: usize, load: &Load) -> Result<()> {
        self.client.set_limits(Limits {
            push_batch: batch,
            ..Limits::default()
        });
        let seed = 10_000 + (round * 1_000 + i) as u64;
        let drafts: Vec<_> = chainbook_datagen::customers(seed, load.new_customers).collect();
        self.store.customers_mut().import(&drafts)?;
        for (k, id) in self.ids.iter().enumerate() {
            let mut d = draft_of(&self.store.customers().detail(*id)?);
            let city = CITIES[(round + k) % CITIES.len()];
            d.city = if d.city == city {
                format!("{city}市")
            } else {
                city.to_owned()
            };
            self.store.customers_mut().update(*id, &d)?;
        }
        Ok(())
    }

    fn push(&mut self) -> Result<Pushed> {
        self.meter.time_pushes.store(true, Ordering::SeqCst);
        let changes = self.client.push(&mut self.store);
        self.meter.time_pushes.store(false, Ordering::SeqCst);
        Ok(Pushed {
            changes: changes?,
            times: self.meter.take_push_times(),
        })
    }
}

/// Runs the load on a fresh server in `dir`; answers each round and its push-latency figure.
pub fn push_load(server_bin: &Path, dir: &Path, load: &Load) -> Result<(Vec<Round>, Vec<Figure>)> {
    let data = dir.join("server");
    create_org(server_bin, &data, ORG)?;
    let server = Server::start(server_bin, &data)?;
    let server_pid = server.pid().to_string();
    let n = load.clients;
    let barrier = Barrier::new(n + 1);
    let errors: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let results: Mutex<Vec<Vec<Pushed>>> =
        Mutex::new((0..load.batches.len()).map(|_| Vec::new()).collect());
    let fail = |e: crate::Error| {
        errors
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(e.to_string())
    };
    let mut rounds = Vec::new();
    let mut figures = Vec::new();
    std::thread::scope(|s| -> Result<()> {
        for i in 0..n {
            let (barrier, results, url) = (&barrier, &results, server.url.as_str());
            // Every thread meets every barrier, failed or not, so none waits forever.
            s.spawn(move || {
                let mut dev = set_up(url, dir, i, load).map_err(fail).ok();
                barrier.wait();
                for (r, &batch) in load.batches.iter().enumerate() {
                    if let Some(d) = dev.as_mut() {
                        if let Err(e) = d.prepare(i, r, batch, load) {
                            fail(e);
                            dev = None;
                        }
                    }
                    barrier.wait();
                    if let Some(d) = dev.as_mut() {
                        match d.push() {
                            Ok(p) => results.lock().unwrap_or_else(|p| p.into_inner())[r].push(p),
                            Err(e) => {
                                fail(e);
                                dev = None;
                            }
                        }
                    }
                    barrier.wait();
                }
            });
        }
        barrier.wait();
        // Like the threads, the main thread meets every barrier whatever happened, and
        // reports the first problem at the end.
        let mut outcome: Result<()> = Ok(());
        for (r, &batch) in load.batches.iter().enumerate() {
            let head0 = server.head(ORG);
            barrier.wait();
            let t = Instant::now();
            let cpu0 = (cpu_seconds(&server_pid), cpu_seconds("self"));
            barrier.wait();
            let wall = t.elapsed().as_secs_f64();
            let cpu1 = (cpu_seconds(&server_pid), cpu_seconds("self"));
            let head1 = server.head(ORG);
            let pushed = std::mem::take(&mut results.lock().unwrap_or_else(|p| p.into_inner())[r]);
            if outcome.is_err() || !errors.lock().unwrap_or_else(|p| p.into_inner()).is_empty() {
                continue;
            }
            outcome = (|| {
                let stored = head1?.0 - head0?.0;
                let answered: usize = pushed.iter().map(|p| p.changes).sum();
                if stored != answered as i64 || stored == 0 {
                    return Err(format!(
                        "push load: the pushes' answers numbered {answered} changes, the \
                         server's head moved by {stored}"
                    )
                    .into());
                }
                let times: Vec<Duration> = pushed.into_iter().flat_map(|p| p.times).collect();
                let max = times.iter().max().map_or(0.0, |d| d.as_secs_f64() * 1000.0);
                let f = figure(
                    "sync-net",
                    format!(
                        "push of ≤ {batch} changes (HTTP exchange), {n} clients pushing at once"
                    ),
                    None,
                    Timed {
                        times,
                        rows: stored as u64,
                        total: None,
                    },
                );
                let per_s = stored as f64 / wall;
                rounds.push(Round {
                    batch,
                    clients: n,
                    changes: stored,
                    pushes: f.samples,
                    wall_s: wall,
                    changes_per_s: per_s,
                    push_p50_ms: f.p50_ms,
                    push_p95_ms: f.p95_ms,
                    push_max_ms: max,
                    server_cpu_s: cpu1.0? - cpu0.0?,
                    clients_cpu_s: cpu1.1? - cpu0.1?,
                    target_met: per_s >= THROUGHPUT_TARGET,
                });
                figures.push(f);
                Ok(())
            })();
        }
        outcome
    })?;
    let errors = errors.into_inner().unwrap_or_else(|p| p.into_inner());
    if !errors.is_empty() {
        return Err(format!("push load: {}", errors.join("; ")).into());
    }
    Ok((rounds, figures))
}
