//! Sync, on the device's side: what to send, what to do with what arrives, what clashed.
//!
//! Sync is off until it is turned on ([`SyncMut::enable`]); until then no change log is kept,
//! so an owner who never syncs carries nothing but the rows and the stamps of changed fields.
//! Once on:
//! - the first push is built from the tables themselves, row by row in a resumable walk
//!   ([`Sync::outgoing`] with a [`Ack::Snapshot`] position), not from a history of every write;
//! - after that, every local write notes its changed fields in the change log (one entry per
//!   field of a row, coalesced), and [`Sync::outgoing`] sends them, oldest first;
//! - [`SyncMut::acknowledge`] trims what the server confirmed, so the log holds only what is
//!   not yet acknowledged (empty after a full acknowledged push);
//! - [`SyncMut::apply`] merges a batch of changes from other devices (see `write::remote`);
//! - a device without rows of its own ([`Sync::is_blank`]) takes its first sync as the
//!   server's snapshot of merged rows, page by page through [`SyncMut::apply_snapshot_page`]
//!   (see `write::bulk`), then pulls after it.
//!
//! - [`schema`]: the sync tables and the migration from the old outbox;
//! - [`outgoing`]: building changes from the tables and the change log;
//! - [`review`]: closing a conflict with the value the user keeps.

pub(crate) mod outgoing;
pub mod review;
pub(crate) mod schema;

use chainbook_core::merge::{RowChange, Stamp};
use chainbook_core::Hlc;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::read::Read;
use crate::row::RowExt;
use crate::write::bulk;
use crate::write::registry;
use crate::write::remote::Applier;
use crate::{Result, Store};

pub use crate::write::remote::ApplyReport;
pub use review::Keep;

/// The `local_settings` key of the snapshot under way.
const SNAPSHOT_UPTO: &str = "sync_snapshot_upto";
/// The `local_settings` keys of the server this device syncs with and the name it signed in as.
const LINK_SERVER: &str = "sync_server";
const LINK_DEVICE_NAME: &str = "sync_device_name";

/// The server this device signed in to (device-local; the token is in the OS keychain).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncLink {
    pub server: String,
    pub device_name: String,
}

/// What a push covers, so that its acknowledgement trims exactly that.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ack {
    /// Nothing to send.
    Nothing,
    /// The first push's walk over the tables reached this row (`after`) of this table, or the
    /// end (`done`).
    Snapshot {
        table: String,
        after: String,
        done: bool,
    },
    /// These change-log entries (table, row, field, the HLC of the write sent).
    Log(Vec<(String, String, String, i64)>),
}

/// Changes to push and what acknowledging them trims.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    pub changes: Vec<RowChange>,
    pub ack: Ack,
}

/// A concurrent edit kept for review.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub id: i64,
    pub table: String,
    pub row_id: String,
    pub field: String,
    /// Shown to the user (money, quantities, statuses, deletes).
    pub surfaced: bool,
    pub kept: serde_json::Value,
    pub kept_stamp: Stamp,
    pub lost: serde_json::Value,
    pub lost_stamp: Stamp,
    pub detected_at: String,
    /// The key of the business setting the conflict is about (`home_country`, …), a code
    /// the UI words; `None` for other records.
    pub setting: Option<String>,
}

/// Counts of what sync holds on this device.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncStatus {
    pub enabled: bool,
    /// The first push still has rows of the tables to send.
    pub snapshot_pending: bool,
    pub change_log: u64,
    pub waiting: u64,
    pub newer_schema: u64,
    pub refused: u64,
    pub open_conflicts: u64,
}

/// Sync reads.
pub struct Sync<'a> {
    db: Read<'a>,
}

/// Sync writes.
pub struct SyncMut<'a> {
    store: &'a mut Store,
}

impl Store {
    pub fn sync(&self) -> Sync<'_> {
        Sync { db: self.read() }
    }

    pub fn sync_mut(&mut self) -> SyncMut<'_> {
        SyncMut { store: self }
    }
}

impl Sync<'_> {
    pub fn status(&self) -> Result<SyncStatus> {
        let c = self.db.conn;
        let (enabled, done): (i64, i64) = c.query_row(
            "SELECT enabled, snapshot_done FROM sync_state WHERE singleton = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let count = |sql: &str| -> Result<u64> {
            Ok(c.query_row(sql, [], |r| r.get::<_, i64>(0))?.max(0) as u64)
        };
        Ok(SyncStatus {
            enabled: enabled == 1,
            snapshot_pending: enabled == 1 && done == 0,
            change_log: count("SELECT count(*) FROM change_log")?,
            waiting: count("SELECT count(*) FROM sync_pending WHERE reason = 'waiting'")?,
            newer_schema: count("SELECT count(*) FROM sync_pending WHERE reason = 'schema'")?,
            refused: count("SELECT count(*) FROM sync_pending WHERE reason = 'refused'")?,
            open_conflicts: count("SELECT count(*) FROM sync_conflicts WHERE resolved = 0")?,
        })
    }

    /// The next changes to push, at most about `limit` rows: the first push's walk over the
    /// tables until it is done, then the change log, oldest write first.
    pub fn outgoing(&self, limit: usize) -> Result<Outgoing> {
        outgoing::next(self.db.conn, limit.max(1))
    }

    /// The sequence number of the last change pulled and applied (0 before the first pull).
    pub fn pull_cursor(&self) -> Result<i64> {
        Ok(self.db.conn.query_row(
            "SELECT pull_cursor FROM sync_state WHERE singleton = 1",
            [],
            |r| r.get(0),
        )?)
    }

    /// The end (`upto`) of the server snapshot this device is reading for its first pull, while
    /// that snapshot is under way (see [`SyncMut::set_snapshot_upto`]).
    pub fn snapshot_upto(&self) -> Result<Option<i64>> {
        Ok(self
            .db
            .conn
            .prepare_cached("SELECT value FROM local_settings WHERE key = ?1")?
            .query_row([SNAPSHOT_UPTO], |r| r.get::<_, String>(0))
            .optional()?
            .and_then(|v| v.parse().ok()))
    }

    /// The device holds no synced row and no change to send: its first sync can take the
    /// server's snapshot in bulk ([`SyncMut::apply_snapshot_page`]). A device with rows of
    /// its own merges what it pulls change by change instead.
    pub fn is_blank(&self) -> Result<bool> {
        let c = self.db.conn;
        for spec in registry::all() {
            let any = c
                .prepare_cached(&format!("SELECT 1 FROM {} LIMIT 1", spec.name))?
                .exists([])?;
            if any {
                return Ok(false);
            }
        }
        Ok(!c
            .prepare_cached("SELECT 1 FROM change_log LIMIT 1")?
            .exists([])?)
    }

    /// The server this device signed in to, if it did and has not signed out.
    pub fn link(&self) -> Result<Option<SyncLink>> {
        let get = |key: &str| -> Result<Option<String>> {
            Ok(self
                .db
                .conn
                .prepare_cached("SELECT value FROM local_settings WHERE key = ?1")?
                .query_row([key], |r| r.get::<_, String>(0))
                .optional()?)
        };
        Ok(get(LINK_SERVER)?.map(|server| SyncLink {
            server,
            device_name: get(LINK_DEVICE_NAME).ok().flatten().unwrap_or_default(),
        }))
    }

    /// Concurrent edits not yet reviewed, newest first.
    pub fn conflicts(&self, limit: u32) -> Result<Vec<Conflict>> {
        let mut stmt = self.db.conn.prepare_cached(
            "SELECT c.id, c.tbl, c.row_id, c.field, c.surfaced, c.kept_value, c.kept_hlc,
                    c.kept_device, c.lost_value, c.lost_hlc, c.lost_device, c.detected_at, b.key
             FROM sync_conflicts c
             LEFT JOIN business_settings b ON c.tbl = 'business_settings' AND b.id = c.row_id
             WHERE c.resolved = 0 ORDER BY c.id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |r| {
            Ok(Conflict {
                id: r.get(0)?,
                table: r.get(1)?,
                row_id: r.get(2)?,
                field: r.get(3)?,
                surfaced: r.flag(4)?,
                kept: r.json(5)?,
                kept_stamp: Stamp {
                    hlc: Hlc::from_i64(r.get(6)?),
                    device: r.uuid(7)?,
                },
                lost: r.json(8)?,
                lost_stamp: Stamp {
                    hlc: Hlc::from_i64(r.get(9)?),
                    device: r.uuid(10)?,
                },
                detected_at: r.get(11)?,
                setting: r.get(12)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl SyncMut<'_> {
    /// Turns sync on: local writes are logged from now on, and the first push walks the
    /// tables. Turning it on again changes nothing.
    pub fn enable(&mut self) -> Result<()> {
        self.store.conn.execute(
            "UPDATE sync_state SET enabled = 1 WHERE singleton = 1 AND enabled = 0",
            [],
        )?;
        Ok(())
    }

    /// Remembers (or, with `None`, forgets) the end of the server snapshot being read, so an
    /// interrupted first sync resumes the same snapshot from the pull cursor. Device-local,
    /// kept beside the other local settings.
    pub fn set_snapshot_upto(&mut self, upto: Option<i64>) -> Result<()> {
        let c = &self.store.conn;
        match upto {
            Some(upto) => c.execute(
                "INSERT INTO local_settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![SNAPSHOT_UPTO, upto.to_string()],
            )?,
            None => c.execute("DELETE FROM local_settings WHERE key = ?1", [SNAPSHOT_UPTO])?,
        };
        Ok(())
    }

    /// Remembers (or, with `None`, forgets) the server this device signed in to.
    pub fn set_link(&mut self, link: Option<&SyncLink>) -> Result<()> {
        let tx = self.store.conn.transaction()?;
        tx.execute(
            "DELETE FROM local_settings WHERE key IN (?1, ?2)",
            [LINK_SERVER, LINK_DEVICE_NAME],
        )?;
        if let Some(l) = link {
            tx.execute(
                "INSERT INTO local_settings (key, value) VALUES (?1, ?2), (?3, ?4)",
                params![LINK_SERVER, l.server, LINK_DEVICE_NAME, l.device_name],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Closes an open conflict keeping one of its values (see [`review::resolve`]).
    pub fn resolve(&mut self, id: i64, keep: Keep) -> Result<()> {
        review::resolve(self.store, id, keep)
    }

    /// Trims what a push covered, once the server has stored it. Entries written again since
    /// the push was built stay.
    pub fn acknowledge(&mut self, ack: &Ack) -> Result<()> {
        let tx = self.store.conn.transaction()?;
        match ack {
            Ack::Nothing => {}
            Ack::Snapshot { table, after, done } => {
                tx.execute(
                    "UPDATE sync_state SET snapshot_table = ?1, snapshot_after = ?2,
                        snapshot_done = ?3 WHERE singleton = 1",
                    params![table, after, i64::from(*done)],
                )?;
            }
            Ack::Log(entries) => {
                let mut del = tx.prepare_cached(
                    "DELETE FROM change_log
                     WHERE tbl = ?1 AND row_id = ?2 AND field = ?3 AND hlc = ?4",
                )?;
                for (t, r, f, h) in entries {
                    del.execute(params![t, r, f, h])?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Applies a batch of changes made on other devices in one transaction (see
    /// `write::remote`): merged field by field, derived tables kept right, conflicts recorded,
    /// nothing echoed into the change log. The same batch twice changes nothing.
    pub fn apply(&mut self, changes: &[RowChange]) -> Result<ApplyReport> {
        self.apply_inner(changes, None)
    }

    /// [`SyncMut::apply`] for a page pulled from the server, saving `cursor` (the sequence
    /// number of its last change) in the same transaction: a page is applied and remembered
    /// together or not at all, so the device never moves past a change it did not apply.
    pub fn apply_page(&mut self, changes: &[RowChange], cursor: i64) -> Result<ApplyReport> {
        self.apply_inner(changes, Some(cursor))
    }

    /// Applies a page of the server's snapshot (rows in their merged state, see
    /// `write::bulk`) with its cursor, in one transaction: `upto` is the snapshot's end,
    /// `after` the cursor after this page. Until `done` the cursor is saved as the pull
    /// cursor and `upto` beside it ([`Sync::snapshot_upto`]), so a first sync that stops
    /// resumes the same snapshot after its last applied page; the last page rebuilds every
    /// derived table once, sets the pull cursor to `upto` and forgets the snapshot. The
    /// first push's walk over the tables is marked done: what the tables hold came from the
    /// server. Meant for a device that [`Sync::is_blank`] when the snapshot began; rows
    /// already here are merged through the seam like any pulled change.
    pub fn apply_snapshot_page(
        &mut self,
        rows: &[RowChange],
        upto: i64,
        after: i64,
        done: bool,
    ) -> Result<ApplyReport> {
        let seen = rows.iter().filter_map(RowChange::max_stamp).max();
        self.store.write_after(seen.map(|s| s.hlc), |w| {
            let report = bulk::apply(w, rows)?;
            let cursor = if done { upto } else { after };
            w.tx.prepare_cached(
                "UPDATE sync_state SET pull_cursor = ?1, snapshot_done = 1 WHERE singleton = 1",
            )?
            .execute([cursor])?;
            if done {
                bulk::rebuild_derived(w)?;
                w.tx.prepare_cached("DELETE FROM local_settings WHERE key = ?1")?
                    .execute([SNAPSHOT_UPTO])?;
            } else {
                w.tx.prepare_cached(
                    "INSERT INTO local_settings (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                )?
                .execute(params![SNAPSHOT_UPTO, upto.to_string()])?;
            }
            Ok(report)
        })
    }

    fn apply_inner(&mut self, changes: &[RowChange], cursor: Option<i64>) -> Result<ApplyReport> {
        let seen = changes.iter().filter_map(RowChange::max_stamp).max();
        self.store.write_after(seen.map(|s| s.hlc), |w| {
            let report = Applier::new(w).apply(changes)?;
            if let Some(cursor) = cursor {
                w.tx.prepare_cached("UPDATE sync_state SET pull_cursor = ?1 WHERE singleton = 1")?
                    .execute([cursor])?;
            }
            Ok(report)
        })
    }
}
