//! Deterministic simulation of sync between several devices (FoundationDB-style, in process).
//!
//! Each seed builds 3–5 stores on temp files with wall clocks skewed by up to ±24 h. They do
//! random work through the real store API (customers and contacts, products — some given the
//! same SKU on two devices — and stock,
//! orders through their lifecycle, complaints, surveys, segments, deletes) and exchange their
//! changes through a relay that numbers what it stores, as the server will: pushes are
//! dropped or stored without their acknowledgement (so sent again), pulls are dropped, start
//! again from an earlier point (so delivered again), or come shuffled; a pulled page is applied
//! with its cursor in one transaction. After everyone has
//! pushed and pulled everything:
//! - every store holds the same content in every synced and derived table, row by row;
//! - no stored change is lost: each field holds the value of its latest stored write;
//! - stock on hand equals the sum of the movements, on every device;
//! - every stored write of a money, quantity, status or delete field that was overwritten
//!   by a write that had not seen it is recorded as a conflict on the device that made it;
//! - nothing waits, nothing was refused, no change log is left.
//!
//! `CHAINBOOK_SIM_SEEDS` sets how many seeds run (1,000 of 60 steps; 10,000 of 150 steps with
//! `--slow`; `CHAINBOOK_SIM_STEPS` overrides the steps), and
//! `CHAINBOOK_SIM_SEED=n` replays one; a failing seed prints the command that replays it.
//! `CHAINBOOK_SIM_STATS=1` prints each seed's relay size and conflicts by field.
//!
//! The random work and the checks live in `crates/store/tests/common/sim.rs`, which the sync
//! client's simulation through the real server includes too.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chainbook_core::merge::RowChange;
use chainbook_store::Store;
use chrono::{DateTime, Duration, TimeZone, Utc};

use crate::sim_common::{
    check, note_local_writes, scratch, template, work, LocalWrite, Replica, Rng,
};

struct Device {
    store: Store,
    /// A second connection to the same file, to pick random rows cheaply.
    conn: rusqlite::Connection,
    path: PathBuf,
    serial: usize,
}

struct Sim {
    rng: Rng,
    devices: Vec<Device>,
    /// What the relay stored, in the order it numbered it.
    relay: Vec<RowChange>,
    /// Every local write of a field (device, table, row, field, HLC), read from the device's
    /// change log after each operation: a write the device replaced itself before sending it
    /// never reaches the relay, but the device knew the value it replaced.
    local_writes: HashSet<LocalWrite>,
    now: Arc<Mutex<DateTime<Utc>>>,
}

impl Sim {
    fn new(seed: u64, dir: &Path) -> Sim {
        let mut rng = Rng(seed);
        let n = 3 + rng.below(3);
        let start = Utc.with_ymd_and_hms(2026, 11, 2, 1, 0, 0).unwrap();
        let now = Arc::new(Mutex::new(start));
        let mut codes = std::collections::HashSet::new();
        let devices = (0..n)
            .map(|i| {
                let skew = Duration::minutes(rng.below(48 * 60) as i64 - 24 * 60);
                let clock = now.clone();
                let path = dir.join(format!("device-{i}.db"));
                // Device codes (three characters, in every document number) are drawn at
                // random; two devices of one organisation must not share one, so a draw that
                // repeats an earlier device's code is drawn again (the server will hand codes
                // out when a device joins).
                let mut store = loop {
                    std::fs::copy(template(), &path).unwrap();
                    let clock = clock.clone();
                    let store = Store::open_seeded(
                        &path,
                        Box::new(move || *clock.lock().unwrap() + skew),
                        rng.next_u64(),
                    )
                    .unwrap();
                    if codes.insert(store.device().code.clone()) {
                        break store;
                    }
                    drop(store);
                    for ext in ["-wal", "-shm"] {
                        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
                    }
                };
                store.sync_mut().enable().unwrap();
                let first = store.sync().outgoing(10).unwrap();
                store.sync_mut().acknowledge(&first.ack).unwrap();
                Device {
                    store,
                    conn: rusqlite::Connection::open(&path).unwrap(),
                    path,
                    serial: 0,
                }
            })
            .collect();
        Sim {
            rng,
            devices,
            relay: Vec::new(),
            local_writes: Default::default(),
            now,
        }
    }

    fn step(&mut self) {
        *self.now.lock().unwrap() += Duration::seconds(1 + self.rng.below(600) as i64);
        let d = self.rng.below(self.devices.len());
        match self.rng.below(20) {
            0..=3 => self.push(d, true),
            4..=7 => self.pull(d, true),
            _ => {
                let dev = &mut self.devices[d];
                dev.serial += 1;
                work(&mut self.rng, d, dev.serial, &dev.conn, &mut dev.store);
                note_local_writes(d, &dev.conn, &mut self.local_writes);
            }
        }
    }

    fn push(&mut self, d: usize, faults: bool) {
        let limit = 1 + self.rng.below(40);
        let dev = &mut self.devices[d];
        let out = dev.store.sync().outgoing(limit).unwrap();
        if faults && self.rng.chance(10) {
            return; // the request never arrived
        }
        self.relay.extend(out.changes);
        if faults && self.rng.chance(10) {
            return; // stored, but the answer was lost: sent again later
        }
        dev.store.sync_mut().acknowledge(&out.ack).unwrap();
    }

    fn pull(&mut self, d: usize, faults: bool) {
        let page = 1 + self.rng.below(60);
        let mut from = self.devices[d].store.sync().pull_cursor().unwrap() as usize;
        if faults && from > 0 && self.rng.chance(5) {
            // Pulled again from an earlier point (a device restored from a backup).
            from -= 1 + self.rng.below(from);
        }
        let to = (from + page).min(self.relay.len());
        let mut batch: Vec<RowChange> = self.relay[from..to].to_vec();
        if faults && self.rng.chance(10) {
            return; // the answer was lost
        }
        if faults && self.rng.chance(20) {
            for i in (1..batch.len()).rev() {
                let j = self.rng.below(i + 1);
                batch.swap(i, j);
            }
        }
        let dev = &mut self.devices[d];
        // The page and its cursor are saved together.
        dev.store.sync_mut().apply_page(&batch, to as i64).unwrap();
    }

    /// Everyone pushes and pulls everything, without faults, until nothing moves.
    fn settle(&mut self) {
        for _ in 0..10 {
            let before = self.relay.len();
            for d in 0..self.devices.len() {
                while self.devices[d].store.sync().status().unwrap().change_log > 0 {
                    self.push(d, false);
                }
            }
            for d in 0..self.devices.len() {
                while (self.devices[d].store.sync().pull_cursor().unwrap() as usize)
                    < self.relay.len()
                {
                    self.pull(d, false);
                }
            }
            if self.relay.len() == before {
                return;
            }
        }
        panic!("sync did not settle in 10 rounds");
    }

    fn check(&self) {
        let replicas: Vec<Replica<'_>> = self
            .devices
            .iter()
            .map(|d| Replica {
                store: &d.store,
                conn: &d.conn,
                path: &d.path,
            })
            .collect();
        check(&self.relay, &replicas, &self.local_writes);
    }
}

fn run(seed: u64, steps: usize) {
    let dir = scratch();
    let mut sim = Sim::new(seed, dir.path());
    for _ in 0..steps {
        sim.step();
    }
    sim.settle();
    sim.check();
}

fn env(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

#[test]
fn devices_that_sync_through_faults_and_skewed_clocks_converge() {
    let slow = std::env::var("CHAINBOOK_SLOW_TESTS").is_ok_and(|v| v == "1");
    // The slow suite also runs longer histories, where more edits overlap.
    let steps = env("CHAINBOOK_SIM_STEPS").unwrap_or(if slow { 150 } else { 60 }) as usize;
    let seeds: Vec<u64> = match env("CHAINBOOK_SIM_SEED") {
        Some(one) => vec![one],
        None => {
            let n = env("CHAINBOOK_SIM_SEEDS").unwrap_or(if slow { 10_000 } else { 1_000 });
            (0..n).collect()
        }
    };
    // Seeds are independent: split them over the cores.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4);
    let failed: Mutex<Option<u64>> = Mutex::new(None);
    std::thread::scope(|scope| {
        for t in 0..threads {
            let (seeds, failed) = (&seeds, &failed);
            scope.spawn(move || {
                for &seed in seeds.iter().skip(t).step_by(threads) {
                    if failed.lock().unwrap().is_some() {
                        return;
                    }
                    if std::panic::catch_unwind(|| run(seed, steps)).is_err() {
                        let mut f = failed.lock().unwrap();
                        *f = Some(f.map_or(seed, |s| s.min(seed)));
                    }
                }
            });
        }
    });
    if let Some(seed) = failed.into_inner().unwrap() {
        panic!(
            "sync simulation failed at seed {seed}; replay it with\n  \
             CHAINBOOK_SIM_SEED={seed} cargo test -p chainbook-store --test it sim::"
        );
    }
}
