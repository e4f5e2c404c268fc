//! The store's multi-device simulation, through the real server and this client.
//!
//! Each seed is an organisation on one shared server process with 3–5 devices, each a store
//! on a temp file whose clock is up to 24 h behind the server's (a clock ahead is refused,
//! see `retry.rs`), and a client with its own batch and page sizes. The devices do the random
//! work of `crates/store/tests/common/sim.rs` and push or pull at random points; a push is
//! now and then lost on the way (nothing stored) or stored with its answer lost (so sent
//! again, with the same change ids), and a pull's answer is now and then lost. Sometimes one
//! device works alone first and signs in later: its first push walks its tables and its
//! first pull reads the snapshot. After everyone has synced until nothing moves:
//! - the server holds each change once, numbered without gaps;
//! - every replica holds the same rows in every synced and derived table, stock equals the
//!   sum of movements, no change waits and no change log is left;
//! - each field holds its latest stored write, and every surfaced write lost unseen is a
//!   conflict on its device (the checks of `common/sim.rs`).
//!
//! `CHAINBOOK_SYNC_SIM_SEEDS` sets how many seeds run (200 of 200 steps, the figure,
//! 3–6 minutes on two cores; 2,000 of 200 steps with `CHAINBOOK_SLOW_TESTS=1`, as `cargo
//! xtask test --slow` sets, about an hour), `CHAINBOOK_SYNC_SIM_STEPS` the steps, and
//! `CHAINBOOK_SYNC_SIM_SEED=n` replays one seed; a failing seed prints the command that
//! replays it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use chainbook_protocol::Secret;
use chainbook_store::Store;
use chainbook_sync::{Limits, SyncClient, SyncError};
use chrono::{Duration, Utc};

use crate::harness::{
    assert_each_change_once, faulty_client, org, start, stored, Faults, Server, PASSWORD,
};
use crate::sim_common::{
    check, note_local_writes, scratch, template, work, LocalWrite, Replica, Rng,
};

struct Node {
    store: Store,
    /// A second connection to the same file, to pick random rows cheaply.
    conn: rusqlite::Connection,
    path: PathBuf,
    serial: usize,
    client: SyncClient,
    faults: Arc<Faults>,
    token: Option<Secret>,
}

struct Sim {
    rng: Rng,
    org: String,
    nodes: Vec<Node>,
    local_writes: HashSet<LocalWrite>,
    /// The step at which a device that worked alone signs in, if one does.
    join: Option<(usize, usize)>,
}

impl Sim {
    fn new(seed: u64, dir: &Path, server: &Server, data: &Path, steps: usize) -> Sim {
        let mut rng = Rng(seed);
        let org_slug = format!("sim-{seed}");
        org(data, &org_slug);
        let n = 3 + rng.below(3);
        let mut nodes = Vec::with_capacity(n);
        for i in 0..n {
            let behind = Duration::minutes(rng.below(24 * 60) as i64);
            let path = dir.join(format!("device-{i}.db"));
            std::fs::copy(template(), &path).unwrap();
            let mut store =
                Store::open_seeded(&path, Box::new(move || Utc::now() - behind), rng.next_u64())
                    .unwrap();
            // Distinct codes from the start: a device that numbers documents before it
            // signs in must not share a code with another (the server keeps a free code).
            store.set_device_code(&format!("Q{i}X")).unwrap();
            let (mut client, faults) = faulty_client(&server.url);
            client.set_limits(Limits {
                push_batch: 1 + rng.below(40),
                pull_page: 1 + rng.below(60) as u32,
                snapshot_page: 1 + rng.below(100) as u32,
            });
            nodes.push(Node {
                store,
                conn: rusqlite::Connection::open(&path).unwrap(),
                path,
                serial: 0,
                client,
                faults,
                token: None,
            });
        }
        let join = rng.chance(50).then(|| (n - 1, rng.below(steps)));
        let mut sim = Sim {
            rng,
            org: org_slug,
            nodes,
            local_writes: HashSet::new(),
            join,
        };
        for d in 0..n {
            if sim.join.map(|(late, _)| late) != Some(d) {
                sim.sign_in(d);
            }
        }
        sim
    }

    fn sign_in(&mut self, d: usize) {
        let node = &mut self.nodes[d];
        let signed = node
            .client
            .sign_in(
                &mut node.store,
                &self.org,
                "rep",
                &Secret::new(PASSWORD),
                "sim",
            )
            .unwrap();
        assert_eq!(signed.device_code, format!("Q{d}X"), "a free code is kept");
        node.token = Some(signed.token);
    }

    fn step(&mut self, i: usize) {
        if let Some((late, at)) = self.join {
            if at == i {
                self.sign_in(late);
            }
        }
        let d = self.rng.below(self.nodes.len());
        let online = self.nodes[d].token.is_some();
        match self.rng.below(20) {
            0..=3 if online => self.push(d, true),
            4..=7 if online => self.pull(d, true),
            _ => {
                let node = &mut self.nodes[d];
                node.serial += 1;
                work(&mut self.rng, d, node.serial, &node.conn, &mut node.store);
                note_local_writes(d, &node.conn, &mut self.local_writes);
            }
        }
    }

    fn push(&mut self, d: usize, faults: bool) {
        let node = &mut self.nodes[d];
        let lost = faults && self.rng.chance(20);
        if lost {
            let which = if self.rng.chance(50) {
                &node.faults.lose_push_request
            } else {
                &node.faults.lose_push_answer
            };
            which.store(true, Ordering::SeqCst);
        }
        let result = node.client.push(&mut node.store);
        node.faults.lose_push_request.store(false, Ordering::SeqCst);
        node.faults.lose_push_answer.store(false, Ordering::SeqCst);
        match result {
            Ok(_) => {}
            Err(SyncError::Offline) if lost => {}
            Err(e) => panic!("push of device {d}: {e:?}"),
        }
    }

    fn pull(&mut self, d: usize, faults: bool) {
        let node = &mut self.nodes[d];
        let lost = faults && self.rng.chance(10);
        node.faults.lose_pull_answer.store(lost, Ordering::SeqCst);
        let result = node.client.pull(&mut node.store);
        node.faults.lose_pull_answer.store(false, Ordering::SeqCst);
        match result {
            Ok(_) => {}
            Err(SyncError::Offline) if lost => {}
            Err(e) => panic!("pull of device {d}: {e:?}"),
        }
    }

    /// Everyone syncs, without faults, until every device has everything.
    fn settle(&mut self) {
        if let Some((late, _)) = self.join {
            if self.nodes[late].token.is_none() {
                self.sign_in(late);
            }
        }
        for _ in 0..10 {
            let mut heads = HashSet::new();
            let mut quiet = true;
            for d in 0..self.nodes.len() {
                let node = &mut self.nodes[d];
                let r = node.client.sync_once(&mut node.store).unwrap();
                quiet &= r.pushed == 0;
                heads.insert(r.cursor);
            }
            // A pull can leave a write of its own to send (a clashing code renamed), which
            // only the next round pushes.
            let nothing_left = self.nodes.iter().all(|n| {
                let s = n.store.sync().status().unwrap();
                s.change_log == 0 && !s.snapshot_pending
            });
            if quiet && nothing_left && heads.len() == 1 {
                return;
            }
        }
        panic!("sync did not settle in 10 rounds");
    }

    fn check(&self) {
        let token = self.nodes[0].token.as_ref().unwrap();
        let url = self.nodes[0].client.server().to_owned();
        let pulled = stored(&url, token);
        assert_each_change_once(&pulled);
        let relay: Vec<_> = pulled.into_iter().map(|c| c.change).collect();
        let replicas: Vec<Replica<'_>> = self
            .nodes
            .iter()
            .map(|n| Replica {
                store: &n.store,
                conn: &n.conn,
                path: &n.path,
            })
            .collect();
        check(&relay, &replicas, &self.local_writes);
    }
}

fn run(seed: u64, steps: usize, server: &Server, data: &Path) {
    let dir = scratch();
    let mut sim = Sim::new(seed, dir.path(), server, data, steps);
    for i in 0..steps {
        sim.step(i);
    }
    sim.settle();
    sim.check();
}

fn env(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

#[test]
fn devices_that_sync_through_the_server_with_lost_requests_and_answers_converge() {
    let slow = std::env::var("CHAINBOOK_SLOW_TESTS").is_ok_and(|v| v == "1");
    let steps = env("CHAINBOOK_SYNC_SIM_STEPS").unwrap_or(200) as usize;
    let seeds: Vec<u64> = match env("CHAINBOOK_SYNC_SIM_SEED") {
        Some(one) => vec![one],
        None => {
            (0..env("CHAINBOOK_SYNC_SIM_SEEDS").unwrap_or(if slow { 2_000 } else { 200 })).collect()
        }
    };
    let data = scratch();
    let server = start(data.path());
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4);
    let failed: Mutex<Option<u64>> = Mutex::new(None);
    std::thread::scope(|scope| {
        for t in 0..threads {
            let (seeds, failed, server, data) = (&seeds, &failed, &server, data.path());
            scope.spawn(move || {
                for &seed in seeds.iter().skip(t).step_by(threads) {
                    if failed.lock().unwrap().is_some() {
                        return;
                    }
                    let outcome = std::panic::catch_unwind(|| run(seed, steps, server, data));
                    if outcome.is_err() {
                        let mut f = failed.lock().unwrap();
                        *f = Some(f.map_or(seed, |s| s.min(seed)));
                    }
                }
            });
        }
    });
    if let Some(seed) = failed.into_inner().unwrap() {
        panic!(
            "sync simulation through the server failed at seed {seed}; replay it with\n  \
             CHAINBOOK_SYNC_SIM_SEED={seed} cargo test -p chainbook-sync --test it sim::"
        );
    }
}
