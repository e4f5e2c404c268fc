//! The first sync of a dataset to a new device, through the real server and a counting
//! relay ([`super::relay`]).
//!
//! A copy of the dataset (the cached file is never opened for writing) is the device that
//! holds the data: in a process of its own ([`super::device`]) it signs in and pushes
//! everything (its first push walks its tables), then, in a second process, pulls — as the
//! app's first sync does, it reads back the changes it just pushed. Then a new, empty device
//! signs in and does its first sync (the paged, gzip snapshot, then pulls to the head), also
//! in a process of its own. Measured: each phase's time, the bytes on the wire (TCP payload
//! through the relay, headers included) beside the JSON the client saw, the peak resident
//! set of each device process and of the server during each phase (`VmHWM`, reset between
//! phases through `/proc/PID/clear_refs` where allowed), and the files' sizes.
//!
//! Then the check, which fails the bench: the new device applied every change (cursor at
//! the head, nothing waiting, refused or in conflict), and every synced table and the
//! derived tables rebuilt from them hold the same rows (count, and count of tombstones) on
//! both devices.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::Serialize;

use super::device::{run_device, DeviceRun};
use super::relay::{Relay, Wire};
use super::server::{cpu_seconds, create_org, file_bytes, proc_status_bytes, reset_peak, Server};
use crate::Result;

/// The organisation of the first sync and the round trip.
pub const ORG: &str = "firstsync";

/// Derived tables the new device rebuilds from what it applies; compared too when present.
const DERIVED: [&str; 6] = [
    "customer_search",
    "customer_tags",
    "customer_rhythm",
    "so_totals",
    "so_counts",
    "customer_search_short",
];

/// A device process's run, with the relay's count and the server's peak over it.
#[derive(Debug, Clone, Serialize)]
pub struct Phase {
    pub device: DeviceRun,
    /// The device process from spawn to exit (start-up, store open, sign-in included).
    pub process_ms: f64,
    pub wire: Wire,
    /// The server's peak resident set over this phase (since its start if it could not be
    /// reset).
    pub server_peak_rss_bytes: u64,
    pub server_peak_reset: bool,
    /// CPU seconds the server used over this phase.
    pub server_cpu_s: f64,
}

/// What the first sync measured.
#[derive(Debug, Clone, Serialize)]
pub struct FirstSync {
    pub dataset_bytes: u64,
    /// The source device's push of everything (its first push).
    pub upload: Phase,
    /// The source device's pull after it (its own changes back).
    pub pull_back: Phase,
    /// The new device's first sync.
    pub new_device: Phase,
    pub changes: i64,
    /// The server's database and its WAL.
    pub server_db_bytes: (u64, u64),
    pub source_bytes_after: u64,
    pub new_device_bytes: u64,
    /// Rows per table on both devices (equal, or the bench failed).
    pub rows: Vec<(String, i64)>,
    #[serde(skip)]
    pub source: PathBuf,
    #[serde(skip)]
    pub new_db: PathBuf,
}

/// Copies `db` (with its WAL, if any) to `to`, replacing what was there.
fn copy_db(db: &Path, to: &Path) -> Result<()> {
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", to.display()));
    }
    std::fs::copy(db, to)?;
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    if wal.is_file() {
        std::fs::copy(&wal, format!("{}-wal", to.display()))?;
    }
    Ok(())
}

/// Runs one device process through the relay and reads the server's peak over it.
fn phase(
    device_bin: &Path,
    server: &Server,
    relay: &Relay,
    db: &Path,
    name: &str,
    steps: &str,
) -> Result<Phase> {
    let pid = server.pid().to_string();
    let reset = reset_peak(&pid);
    relay.take();
    let cpu = cpu_seconds(&pid)?;
    let (device, process_ms) = run_device(device_bin, &relay.url, db, ORG, name, steps)?;
    Ok(Phase {
        device,
        process_ms,
        wire: relay.take(),
        server_peak_rss_bytes: proc_status_bytes(&pid, "VmHWM")?,
        server_peak_reset: reset,
        server_cpu_s: cpu_seconds(&pid)? - cpu,
    })
}

/// Runs the first sync of `dataset` in `dir` on a server started there (returned running,
/// for the round trip on the two devices).
pub fn first_sync(
    server_bin: &Path,
    device_bin: &Path,
    dataset: &Path,
    dir: &Path,
) -> Result<(FirstSync, Server)> {
    let source = dir.join("source.db");
    copy_db(dataset, &source)?;
    let new_db = dir.join("new-device.db");
    let data = dir.join("server");
    create_org(server_bin, &data, ORG)?;
    let server = Server::start(server_bin, &data)?;
    let relay = Relay::start(server.addr().parse()?)?;

    println!("sync-net: the source device pushes {} …", dataset.display());
    let upload = phase(device_bin, &server, &relay, &source, "source", "push")?;
    let (head, stored) = server.head(ORG)?;
    if upload.device.pushed as i64 != head || stored != head {
        return Err(format!(
            "first sync: pushed {}, the server's head is {head} with {stored} changes",
            upload.device.pushed
        )
        .into());
    }
    println!(
        "sync-net: {head} changes pushed in {:.1} s; the source pulls them back …",
        upload.device.push_ms / 1000.0
    );
    let pull_back = phase(device_bin, &server, &relay, &source, "source", "pull")?;
    println!(
        "sync-net: pulled back in {:.1} s; a new device's first sync …",
        pull_back.device.pull_ms / 1000.0
    );
    let new_device = phase(device_bin, &server, &relay, &new_db, "new device", "both")?;
    let d = &new_device.device;
    if (d.cursor, d.head) != (head, head)
        || (d.waiting, d.newer_schema, d.refused, d.conflicts) != (0, 0, 0, 0)
        || pull_back.device.conflicts != 0
    {
        return Err(format!(
            "first sync: the new device ended at cursor {} of {} (head {head}) with {} \
             waiting, {} of a newer schema, {} refused, {} conflicts",
            d.cursor, d.head, d.waiting, d.newer_schema, d.refused, d.conflicts
        )
        .into());
    }
    let rows = same_rows(&source, &new_db)?;
    Ok((
        FirstSync {
            dataset_bytes: file_bytes(dataset),
            upload,
            pull_back,
            new_device,
            changes: head,
            server_db_bytes: server.database_bytes(),
            source_bytes_after: file_bytes(&source),
            new_device_bytes: file_bytes(&new_db),
            rows,
            source,
            new_db,
        },
        server,
    ))
}

/// Rows and tombstones of a table.
fn counts(conn: &Connection, table: &str, tombstones: bool) -> Result<(i64, i64)> {
    let sql = if tombstones {
        format!("SELECT count(*), coalesce(sum(deleted), 0) FROM {table}")
    } else {
        format!("SELECT count(*), 0 FROM {table}")
    };
    Ok(conn.query_row(&sql, [], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// Every synced table and the derived tables hold the same rows on `a` and `b`; answers the
/// rows per table, or an error naming every table that differs.
pub fn same_rows(a: &Path, b: &Path) -> Result<Vec<(String, i64)>> {
    let open = |p: &Path| Connection::open_with_flags(p, OpenFlags::SQLITE_OPEN_READ_ONLY);
    let (ca, cb) = (open(a)?, open(b)?);
    let exists = |c: &Connection, t: &str| -> Result<bool> {
        Ok(
            c.query_row("SELECT 1 FROM sqlite_schema WHERE name = ?1", [t], |_| {
                Ok(())
            })
            .optional()?
            .is_some(),
        )
    };
    let mut tables: Vec<(&str, bool)> = chainbook_store::registry::all()
        .map(|s| (s.name, true))
        .collect();
    for t in DERIVED {
        if exists(&ca, t)? {
            tables.push((t, false));
        }
    }
    let mut rows = Vec::new();
    let mut wrong = Vec::new();
    for (t, synced) in tables {
        let (x, y) = (counts(&ca, t, synced)?, counts(&cb, t, synced)?);
        if x != y {
            wrong.push(format!(
                "{t}: {} rows ({} deleted) on the source, {} ({}) on the new device",
                x.0, x.1, y.0, y.1
            ));
        }
        rows.push((t.to_owned(), x.0));
    }
    if !wrong.is_empty() {
        return Err(format!("first sync: the devices differ:\n  {}", wrong.join("\n  ")).into());
    }
    Ok(rows)
}
