//! Power loss: the crash test's writer (`crash::write_on`) on a file watched by the
//! fault-injecting VFS (`chainbook-faultvfs`), the power cut at a seeded write, sync or
//! truncate of the database, its write-ahead log or a journal. Every write since each file's
//! last completed sync is then thrown away, or (seeded) partly kept and torn to sectors, as a
//! disk may leave them; after every cut the file passes the crash test's checks
//! (`crash::check`): it opens, is consistent, and holds every commit the writer saw return.
//! With WAL and `synchronous=FULL` a commit returns after the log is synced, so every
//! reported commit must be there.
//!
//! 100 cuts here, 1,000 with `--slow` (`CHAINBOOK_POWER_CUTS` overrides);
//! `CHAINBOOK_POWER_SEED` picks the moments and what survives.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use chainbook_faultvfs::{Faults, LossReport};

use crate::crash::{check, prepare, write_on, Reported};
use crate::sim_common::Rng;

fn env(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

/// Writes, syncs and truncates before a cut: from the open's first to some tens of commits
/// later, now and then in a checkpoint.
const MOST_OPS: usize = 600;

#[test]
fn power_cuts_lose_no_acknowledged_commit() {
    let slow = std::env::var("CHAINBOOK_SLOW_TESTS").is_ok_and(|v| v == "1");
    let cuts = env("CHAINBOOK_POWER_CUTS").unwrap_or(if slow { 1_000 } else { 100 });
    let seed = env("CHAINBOOK_POWER_SEED").unwrap_or(21);
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("power.db");
    let faults = Faults::new(dir.path()).power_loss();
    prepare(&path);
    let mut rng = Rng(seed);
    let mut reported = Reported::default();
    let mut lost = LossReport::default();
    let mut commits = 0;
    for round in 0..cuts {
        faults.cut_after(1 + rng.below(MOST_OPS) as u64);
        let mut lines = Vec::new();
        // The writer never returns: the first call the cut fails panics.
        let stopped = catch_unwind(AssertUnwindSafe(|| {
            write_on(&path, seed.wrapping_mul(1_000_003) + round, &mut |l| {
                lines.push(l)
            })
        }));
        if !faults.is_cut() {
            match stopped {
                Err(panic) => std::panic::resume_unwind(panic),
                Ok(()) => unreachable!("the writer writes until it fails"),
            }
        }
        let loss = faults
            .restore_power(seed.wrapping_mul(7_919) + round)
            .expect("the files put back as the power left them");
        lost.databases += loss.databases;
        lost.logs += loss.logs;
        lost.unsynced += loss.unsynced;
        lost.kept += loss.kept;
        lost.torn += loss.torn;
        commits += lines.len();
        for l in &lines {
            reported.read(l);
        }
        check(&path, &reported, round);
    }
    assert!(
        reported.customers.len() as u64 >= cuts && lost.unsynced > 0 && lost.torn > 0,
        "the writers got to write and the cuts took something: {} customers, {lost:?}",
        reported.customers.len()
    );
    eprintln!(
        "power: {cuts} cuts in {:.1} s; {commits} commits reported and found ({} customers, \
         {} orders, {} confirmations, {} random steps); {} syncs; unsynced writes at the cuts: \
         {} ({} cuts with some in the log, {} in the database file), {} of them kept \
         whole, {} torn",
        started.elapsed().as_secs_f64(),
        reported.customers.len(),
        reported.orders.len(),
        reported.confirmed.len(),
        reported.work,
        faults.syncs(),
        lost.unsynced,
        lost.logs,
        lost.databases,
        lost.kept,
        lost.torn,
    );
}
