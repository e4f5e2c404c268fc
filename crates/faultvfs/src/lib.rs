//! Test support (in no shipped crate): a fault-injecting SQLite VFS. [`Faults::new`] installs
//! it once per process as SQLite's default, wrapping the default `unix` VFS, and watches the
//! files under one folder; every other file passes straight through. For the watched files it
//! can
//!
//! - cut the power ([`Faults::cut_after`]): after a given number of writes, syncs and
//!   truncates every further one fails, and [`Faults::restore_power`] then puts each file back
//!   as a disk would hold it after a power loss: every write since that file's last completed
//!   sync thrown away, or (seeded) some of them kept, some torn to a random part of their
//!   512-byte sectors;
//! - inject a [`Fault`]: the disk full after some bytes (`SQLITE_FULL`), files read-only
//!   (opened read-only, writes `SQLITE_READONLY`), or `SQLITE_IOERR` on every write.
//!
//! Creating and deleting a file count as done at once (the folder's own sync is not
//! modelled), and the `-shm` index (memory, rebuilt at the next open) is removed at a cut.
//!
//! - [`vfs`]: the VFS's C callbacks, the only `unsafe` code in the workspace;
//! - [`loss`]: the writes since the last sync of each file, and putting a file back as a
//!   power loss leaves it.

mod loss;
#[allow(unsafe_code)]
mod vfs;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

pub use loss::LossReport;
use loss::Pending;

/// An I/O fault injected into the watched files until it is lifted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Writes go through until `bytes` more have been written, then fail with `SQLITE_FULL`.
    DiskFull { bytes: u64 },
    /// Files open read-only (as SQLite opens a file it may not write); writes and truncates
    /// on files already open fail with `SQLITE_READONLY`.
    ReadOnly,
    /// Every write fails with `SQLITE_IOERR_WRITE`, every truncate with
    /// `SQLITE_IOERR_TRUNCATE`.
    IoError,
}

/// The faults of the files under one folder. Dropping it stops watching them.
pub struct Faults {
    scope: Arc<Scope>,
}

pub(crate) struct Scope {
    /// The watched folder, canonical (SQLite names files by their full path).
    dir: PathBuf,
    state: Mutex<State>,
}

#[derive(Default)]
pub(crate) struct State {
    fault: Option<Fault>,
    /// What a [`Fault::DiskFull`] still lets through.
    room: u64,
    injected: u64,
    /// Whether the writes since each file's last sync are kept, to throw away at a cut.
    power: bool,
    /// Writes, syncs and truncates of watched files since the power came on.
    ops: u64,
    cut_at: Option<u64>,
    cut: bool,
    /// Per file path: its writes since its last sync.
    pending: HashMap<PathBuf, Pending>,
    syncs: u64,
}

/// What a write, sync or truncate of a watched file does.
pub(crate) enum Verdict {
    /// Fails with this SQLite result code, changing nothing.
    Fail(i32),
    /// Goes ahead; `record` says whether to keep what it replaces for a cut.
    Go { record: bool },
    /// The power goes now: recorded (a disk may still have taken it), not done, fails.
    Cut,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum OpKind {
    Write(u64),
    Truncate,
    Sync,
}

impl State {
    fn verdict(&mut self, op: OpKind) -> Verdict {
        use rusqlite::ffi;
        if self.cut {
            return Verdict::Fail(match op {
                OpKind::Write(_) => ffi::SQLITE_IOERR_WRITE,
                OpKind::Truncate => ffi::SQLITE_IOERR_TRUNCATE,
                OpKind::Sync => ffi::SQLITE_IOERR_FSYNC,
            });
        }
        let fail = match (self.fault, op) {
            (Some(Fault::DiskFull { .. }), OpKind::Write(n)) if n > self.room => {
                Some(ffi::SQLITE_FULL)
            }
            (Some(Fault::DiskFull { .. }), OpKind::Write(n)) => {
                self.room -= n;
                None
            }
            (Some(Fault::ReadOnly), OpKind::Write(_) | OpKind::Truncate) => {
                Some(ffi::SQLITE_READONLY)
            }
            (Some(Fault::IoError), OpKind::Write(_)) => Some(ffi::SQLITE_IOERR_WRITE),
            (Some(Fault::IoError), OpKind::Truncate) => Some(ffi::SQLITE_IOERR_TRUNCATE),
            _ => None,
        };
        if let Some(code) = fail {
            self.injected += 1;
            return Verdict::Fail(code);
        }
        self.ops += 1;
        if self.cut_at.is_some_and(|at| self.ops >= at) {
            self.cut = true;
            return Verdict::Cut;
        }
        Verdict::Go { record: self.power }
    }
}

impl Scope {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A test that panicked while holding it leaves a state still worth reading.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Faults {
    /// Watches the files under `dir` (which must exist), installing the VFS as SQLite's
    /// default in this process if it is not yet. No fault until one is set; writes are not
    /// kept for a power cut unless [`Faults::power_loss`] asks.
    pub fn new(dir: &Path) -> Faults {
        let dir = std::fs::canonicalize(dir).expect("the watched folder exists");
        let scope = Arc::new(Scope {
            dir,
            state: Mutex::new(State::default()),
        });
        vfs::install();
        vfs::watch(&scope);
        Faults { scope }
    }

    /// Keeps every write since each file's last sync, so that a power cut can lose them.
    pub fn power_loss(self) -> Faults {
        self.scope.lock().power = true;
        self
    }

    /// Injects `fault` from now on, until [`Faults::lift`].
    pub fn set(&self, fault: Fault) {
        let mut st = self.scope.lock();
        st.fault = Some(fault);
        if let Fault::DiskFull { bytes } = fault {
            st.room = bytes;
        }
    }

    /// No fault from now on (space freed, the file writable again).
    pub fn lift(&self) {
        self.scope.lock().fault = None;
    }

    /// How many operations failed with an injected fault so far.
    pub fn injected(&self) -> u64 {
        self.scope.lock().injected
    }

    /// Completed syncs of watched files so far.
    pub fn syncs(&self) -> u64 {
        self.scope.lock().syncs
    }

    /// Cuts the power at the `ops`-th write, sync or truncate from now (1 = the next).
    pub fn cut_after(&self, ops: u64) {
        let mut st = self.scope.lock();
        st.cut_at = Some(st.ops + ops.max(1));
    }

    /// Whether the power has been cut (every write since fails).
    pub fn is_cut(&self) -> bool {
        self.scope.lock().cut
    }

    /// After a cut, with every connection to the watched files closed: puts each file back
    /// as the disk holds it after the power loss (`seed` picks which unsynced
    /// writes survive, whole or torn) and turns the power on again.
    pub fn restore_power(&self, seed: u64) -> std::io::Result<LossReport> {
        let mut st = self.scope.lock();
        let pending = std::mem::take(&mut st.pending);
        let report = loss::apply(pending, seed)?;
        for entry in std::fs::read_dir(&self.scope.dir)? {
            let path = entry?.path();
            if path.to_string_lossy().ends_with("-shm") {
                std::fs::remove_file(&path)?;
            }
        }
        st.cut = false;
        st.cut_at = None;
        Ok(report)
    }
}

impl Drop for Faults {
    fn drop(&mut self) {
        vfs::unwatch(&self.scope);
    }
}
