//! Sync over the network (group `sync-net`, `--only sync-net`): the figures of the sync
//! issue's "Speed" section, measured against the real `chainbook-server` process over real
//! HTTP on 127.0.0.1, with the real client (`chainbook_sync::SyncClient`) on real stores.
//! Release builds of both for meaningful figures (the server binary is built in the bench's
//! own profile, see [`server`]).
//!
//! In order, in `<target>/bench/scratch/sync-net/` (emptied first, removed after a
//! successful run):
//! 1. **first sync** of the orders dataset to a new device (target at L: ≤ 2 min, ≤ 300 MB
//!    peak memory on each side): see [`first_sync`];
//! 2. **one change round trip** on the two devices the first sync left (target ≤ 50 ms,
//!    200 runs, p50/p95/max): see [`round_trip`];
//! 3. **push throughput** of 20 devices pushing at once to a fresh server (target ≥ 2,000
//!    changes stored per second), in batches of 500 (the client's default) and of 50: see
//!    [`throughput`].
//!
//! Devices whose memory is measured run in processes of their own: the bench binary
//! re-invoked with the hidden subcommand `net-device` ([`device`]).
//!
//! - [`server`]: the server process, its admin CLI, `/proc` readings;
//! - [`relay`]: the counting TCP relay for the bytes on the wire;
//! - [`device`]: a device in its own process, and the metered HTTP transport;
//! - [`first_sync`]: the dataset to a new device, and the row-count check;
//! - [`round_trip`]: one change from device A to device B;
//! - [`throughput`]: many devices pushing at once.

pub mod device;
pub mod first_sync;
pub mod relay;
pub mod round_trip;
pub mod server;
pub mod throughput;

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::{Figure, Result};
pub use device::{device_main, SUBCOMMAND};
use throughput::{Load, THROUGHPUT_TARGET};

/// Target at L: the new device's first sync.
pub const FIRST_SYNC_TARGET_MS: f64 = 120_000.0;
/// Target at L: peak resident memory of the server and of the new device.
pub const PEAK_MEMORY_TARGET_BYTES: u64 = 300 * 1024 * 1024;

/// What the group runs and with what.
#[derive(Debug, Clone)]
pub struct NetOptions {
    /// `chainbook-server`.
    pub server_bin: PathBuf,
    /// The binary that runs [`device_main`] for `net-device` (the bench itself).
    pub device_bin: PathBuf,
    /// Emptied and used; removed after a successful run.
    pub scratch: PathBuf,
    /// Whether the first-sync targets (set for L) apply.
    pub first_sync_targets: bool,
    pub round_trip_warmup: usize,
    pub round_trips: usize,
    pub load: Load,
}

impl NetOptions {
    /// The figures: 200 round trips, 20 clients.
    pub fn new(server_bin: PathBuf, device_bin: PathBuf, scratch: PathBuf) -> NetOptions {
        NetOptions {
            server_bin,
            device_bin,
            scratch,
            first_sync_targets: false,
            round_trip_warmup: 5,
            round_trips: 200,
            load: Load {
                clients: 20,
                new_customers: 200,
                edits: 100,
                batches: vec![500, 50],
            },
        }
    }
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// Runs the group on `dataset` (an orders dataset, only read); answers the figures for the
/// table and everything measured as JSON (for `latest.json`), and prints a summary.
pub fn run_sync_net(dataset: &Path, o: &NetOptions) -> Result<(Vec<Figure>, Value)> {
    let dir = &o.scratch;
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::create_dir_all(dir)?;
    let mut figures = Vec::new();

    let (first, server) = first_sync::first_sync(&o.server_bin, &o.device_bin, dataset, dir)?;
    let new = &first.new_device;
    let sync_ms = new.device.push_ms + new.device.pull_ms;
    let targets = o.first_sync_targets;
    let first_ok = sync_ms <= FIRST_SYNC_TARGET_MS
        && new.device.peak_rss_bytes <= PEAK_MEMORY_TARGET_BYTES
        && new.server_peak_rss_bytes <= PEAK_MEMORY_TARGET_BYTES;
    let wire = |p: &first_sync::Phase| {
        format!(
            "{:.1} MB up, {:.1} MB down on the wire; {:.1} MB of JSON; CPU: device {:.1} s, \
             server {:.1} s",
            mb(p.wire.up),
            mb(p.wire.down),
            mb(p.device.push_json_bytes + p.device.pull_json_bytes),
            p.device.cpu_s,
            p.server_cpu_s,
        )
    };
    let peak = |p: &first_sync::Phase| {
        format!(
            "device peak {:.0} MB, server peak {:.0} MB{}",
            mb(p.device.peak_rss_bytes),
            mb(p.server_peak_rss_bytes),
            if p.server_peak_reset {
                ""
            } else {
                " (since its start)"
            }
        )
    };
    println!(
        "\nfirst sync of {} ({:.1} MB, {} changes):\n  \
         upload: the source device pushes everything in {:.1} s ({} requests; {}); {}\n  \
         the source then pulls it back in {:.1} s ({} requests; {}); {}\n  \
         NEW DEVICE: sign-in {:.2} s, first sync {:.1} s ({} requests; {}); {}{}\n  \
         files: server {:.1} MB + WAL {:.1} MB, source after {:.1} MB, new device {:.1} MB; \
         rows equal in {} tables ({} rows)",
        dataset.display(),
        mb(first.dataset_bytes),
        first.changes,
        first.upload.device.push_ms / 1000.0,
        first.upload.device.push_requests,
        wire(&first.upload),
        peak(&first.upload),
        first.pull_back.device.pull_ms / 1000.0,
        first.pull_back.device.pull_requests,
        wire(&first.pull_back),
        peak(&first.pull_back),
        new.device.sign_in_ms / 1000.0,
        sync_ms / 1000.0,
        new.device.pull_requests + new.device.push_requests,
        wire(new),
        peak(new),
        match (targets, first_ok) {
            (false, _) => " (targets are for L)",
            (true, true) => " — targets met",
            (true, false) => " — target MISSED (≤ 2 min, ≤ 300 MB each side)",
        },
        mb(first.server_db_bytes.0),
        mb(first.server_db_bytes.1),
        mb(first.source_bytes_after),
        mb(first.new_device_bytes),
        first.rows.len(),
        first.rows.iter().map(|r| r.1).sum::<i64>(),
    );

    let one = |name: &str, target: bool, ms: f64| {
        crate::figure(
            "sync-net",
            name.to_owned(),
            target.then_some(FIRST_SYNC_TARGET_MS),
            crate::Timed {
                times: vec![std::time::Duration::from_secs_f64(ms / 1000.0)],
                rows: first.changes as u64,
                total: None,
            },
        )
    };
    figures.push(one(
        "first sync of the dataset to a new device (snapshot, then pull)",
        targets,
        sync_ms,
    ));
    figures.push(one(
        "  before it: the source device's first push (walks its tables)",
        false,
        first.upload.device.push_ms,
    ));
    figures.push(one(
        "  before it: the source device pulls its own changes back",
        false,
        first.pull_back.device.pull_ms,
    ));

    println!("sync-net: {} round trips …", o.round_trips);
    let rt = round_trip::round_trips(
        &server.url,
        first_sync::ORG,
        &first.source,
        &first.new_db,
        o.round_trip_warmup,
        o.round_trips,
    )?;
    drop(server);
    let trip = &rt.figures[0];
    println!(
        "round trip: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms (target ≤ {:.0} ms: {})",
        trip.p50_ms,
        trip.p95_ms,
        rt.max_ms,
        round_trip::ROUND_TRIP_TARGET_MS,
        if trip.missed() { "MISSED" } else { "met" }
    );
    let round_trip_json = json!({
        "figures": rt.figures,
        "max_ms": rt.max_ms,
    });
    figures.extend(rt.figures);

    println!(
        "sync-net: {} clients pushing at once, batches of {:?} …",
        o.load.clients, o.load.batches
    );
    let load_dir = dir.join("load");
    std::fs::create_dir_all(&load_dir)?;
    let (rounds, push_figures) = throughput::push_load(&o.server_bin, &load_dir, &o.load)?;
    for r in &rounds {
        println!(
            "push throughput, {} clients, batches of ≤ {}: {} changes in {:.2} s = {:.0} \
             changes/s (target ≥ {THROUGHPUT_TARGET:.0}: {}); {} pushes, p50 {:.1} ms, p95 \
             {:.1} ms, max {:.1} ms; CPU: server {:.1} s, clients {:.1} s",
            r.clients,
            r.batch,
            r.changes,
            r.wall_s,
            r.changes_per_s,
            if r.target_met { "met" } else { "MISSED" },
            r.pushes,
            r.push_p50_ms,
            r.push_p95_ms,
            r.push_max_ms,
            r.server_cpu_s,
            r.clients_cpu_s
        );
    }
    figures.extend(push_figures);

    let report = json!({
        "first_sync": first,
        "first_sync_ms": sync_ms,
        "first_sync_targets_apply": targets,
        "first_sync_targets_met": first_ok,
        "round_trip": round_trip_json,
        "push_load": o.load,
        "push_rounds": rounds,
    });
    std::fs::remove_dir_all(dir)?;
    Ok((figures, report))
}
