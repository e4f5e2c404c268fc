//! One-file backups, restore, the snapshot before a schema migration, and keeping the
//! database file whole (the write-ahead log checkpointed into it).
//!
//! - [`backup_database`] copies a database with SQLite's online backup API through a
//!   connection of its own, so the store (and the app's lock on it) stays free while it runs:
//!   the copy pins one read snapshot for its whole run (WAL lets the app write meanwhile, and
//!   nothing written after the snapshot is half in the copy) and copies it in steps of pages,
//!   reporting progress after each. The copy is written beside the destination, switched to
//!   rollback journal mode (a backup is one file, with no `-wal` to lose), noted with the app
//!   version and time that made it, synced to disk and only then renamed into place.
//! - [`inspect`] reads what a file holds without changing it (the restore preview) and refuses
//!   a file that is not a Chainbook database or comes from a newer schema.
//! - [`Store::restore_from`] replaces the open database's content with a backup's, through the
//!   same backup API into the store's own connection, then brings it up to this build's schema
//!   (with its snapshot) as an open would.
//! - [`Store::checkpoint`] folds the write-ahead log into the database file (`TRUNCATE`), so a
//!   copy of `chainbook.db` alone holds everything; the store does it when dropped, and the
//!   shell when the app quits and after an idle while ([`Store::checkpoint_if_idle`]).
//! - [`snapshot`]: the copy taken before migrations and its lifetime;
//! - [`rotation`]: names of automatic backups, when one is due and which to keep.

pub mod rotation;
pub(crate) mod snapshot;

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::cipher::{self, Key};
use crate::{device, migrations, Result, Store, StoreError};

/// Pages copied per step: 4 MiB at SQLite's default page size, a few milliseconds each.
const PAGES_PER_STEP: i32 = 1024;

/// The key in a backup's `local_settings` that says who made it and when.
const NOTE_KEY: &str = "backup.note";

/// Who made a backup: written into the copy, read back by [`inspect`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupNote {
    /// The app's version (`0.1.0`).
    pub app_version: String,
    /// When the copy was made (the store clock's time).
    pub made_at: DateTime<Utc>,
}

/// How far a copy has come: pages copied of the pages the database has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CopyProgress {
    pub done: u64,
    pub total: u64,
}

/// A finished backup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupDone {
    pub path: PathBuf,
    pub bytes: u64,
}

/// Copies the database at `source` into the file `dest` (replaced if it exists) with the online
/// backup API, through a connection of its own: the app keeps working meanwhile. `progress` is
/// called after every step; answering [`ControlFlow::Break`] stops the copy
/// ([`StoreError::Stopped`]), and `dest` stays as it was. An encrypted database (`key`, the store's [`Store::key`]) is copied
/// into a file keyed with the same key, so its backups stay encrypted.
pub fn backup_database(
    source: &Path,
    key: Option<&Key>,
    dest: &Path,
    note: &BackupNote,
    mut progress: impl FnMut(CopyProgress) -> ControlFlow<()>,
) -> Result<BackupDone> {
    let partial = partial_path(dest);
    match dest.parent() {
        Some(dir) if dir.as_os_str().is_empty() || dir.is_dir() => {}
        _ => {
            return Err(StoreError::File(format!(
                "the folder of {} does not exist",
                dest.display()
            )))
        }
    }
    let _ = std::fs::remove_file(&partial);
    let out = (|| -> Result<()> {
        let src = Connection::open_with_flags(
            source,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let key = cipher::key_connection(&src, source, key)?;
        src.pragma_update(None, "busy_timeout", 5_000)?;
        // One read transaction for the whole copy: every step reads the same snapshot, so a
        // write the app makes meanwhile neither restarts the copy nor lands in half of it.
        src.execute_batch("BEGIN DEFERRED")?;
        src.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
            r.get::<_, i64>(0)
        })?;
        let mut dst = Connection::open(&partial)?;
        cipher::key_connection(&dst, &partial, key.as_ref())?;
        copy_pages(&src, &mut dst, &mut progress)?;
        src.execute_batch("COMMIT")?;
        // A backup is one file: no write-ahead log beside it to be left behind.
        dst.pragma_update(None, "journal_mode", "DELETE")?;
        dst.execute(
            "INSERT INTO local_settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [
                NOTE_KEY,
                &serde_json::to_string(note).expect("a note serialises"),
            ],
        )?;
        dst.close().map_err(|(_, e)| e)?;
        std::fs::File::open(&partial)?.sync_all()?;
        std::fs::rename(&partial, dest)?;
        Ok(())
    })();
    if let Err(e) = out {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    let bytes = std::fs::metadata(dest)?.len();
    tracing::info!(dest = %dest.display(), bytes, "backup written");
    Ok(BackupDone {
        path: dest.to_owned(),
        bytes,
    })
}

/// Where a copy is written until it is whole: `<dest>.partial`.
fn partial_path(dest: &Path) -> PathBuf {
    let mut name = dest.file_name().unwrap_or_default().to_owned();
    name.push(".partial");
    dest.with_file_name(name)
}

/// Copies every page of `src` into `dst` in steps, waiting out a busy destination.
fn copy_pages(
    src: &Connection,
    dst: &mut Connection,
    progress: &mut dyn FnMut(CopyProgress) -> ControlFlow<()>,
) -> Result<()> {
    let backup = Backup::new(src, dst)?;
    loop {
        let step = backup.step(PAGES_PER_STEP)?;
        let p = backup.progress();
        let told = progress(CopyProgress {
            done: (p.pagecount - p.remaining).max(0) as u64,
            total: p.pagecount.max(0) as u64,
        });
        if told.is_break() && !matches!(step, StepResult::Done) {
            return Err(StoreError::Stopped);
        }
        match step {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            // Another connection holds a lock the step needs: give it a moment.
            _ => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

/// Record types a preview counts: (kind, table). Tables a schema does not have yet are left out.
const COUNTED: &[(&str, &str)] = &[
    ("customers", "customers"),
    ("contacts", "contacts"),
    ("interactions", "interactions"),
    ("products", "products"),
    ("stock_movements", "stock_movements"),
    ("suppliers", "suppliers"),
    ("purchase_orders", "purchase_orders"),
    ("sales_orders", "sales_orders"),
    ("complaints", "complaints"),
    ("survey_responses", "survey_responses"),
];

/// What a database file holds, for the restore preview.
#[derive(Debug, Clone, PartialEq)]
pub struct BackupInfo {
    /// Its schema version (`user_version`).
    pub schema: u32,
    /// The device code of the installation it belongs to.
    pub device_code: String,
    /// Live records per kind (`customers`, `sales_orders`, …), for the kinds its schema has.
    pub counts: Vec<(&'static str, u64)>,
    /// When its newest record was last written.
    pub newest: Option<DateTime<Utc>>,
    /// Who made the backup, if it was made by [`backup_database`].
    pub note: Option<BackupNote>,
    pub bytes: u64,
}

/// Reads what the database file at `path` holds, without changing it. Refuses a file that is
/// not a Chainbook database ([`StoreError::NotABackup`]) and one from a newer schema
/// ([`StoreError::NewerBackup`]). An encrypted file is read with `key` (the store's): without
/// one it is not a backup this installation can read ([`StoreError::NotABackup`]), with
/// another key [`StoreError::KeyWrong`].
pub fn inspect(path: &Path, key: Option<&Key>) -> Result<BackupInfo> {
    let bytes = std::fs::metadata(path)?.len();
    if !path.is_file() {
        return Err(StoreError::NotABackup(format!(
            "{} is not a file",
            path.display()
        )));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(not_a_database)?;
    match cipher::key_connection(&conn, path, key) {
        Ok(_) => {}
        // Without a key, a file that is not plain SQLite may be encrypted or anything else:
        // either way this installation cannot read it as a backup.
        Err(StoreError::KeyMissing) => {
            return Err(StoreError::NotABackup(
                "not a plain SQLite file (an encrypted backup needs the key it was made with)"
                    .into(),
            ))
        }
        Err(StoreError::Sqlite(e)) => return Err(not_a_database(e)),
        Err(e) => return Err(e),
    }
    let schema: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(not_a_database)?;
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")
        .and_then(|mut s| {
            s.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .map_err(not_a_database)?;
    let has = |t: &str| tables.iter().any(|n| n == t);
    if schema == 0 || !has("device") || !has("customers") || !has("local_settings") {
        return Err(StoreError::NotABackup(
            "a SQLite database without Chainbook's tables".into(),
        ));
    }
    if schema > migrations::latest() {
        return Err(StoreError::NewerBackup {
            found: schema,
            supported: migrations::latest(),
        });
    }
    let device_code: String = conn
        .query_row("SELECT code FROM device WHERE singleton = 1", [], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or_else(|| StoreError::NotABackup("no device identity".into()))?;
    let mut counts = Vec::new();
    let mut newest: Option<i64> = None;
    for (kind, table) in COUNTED.iter().filter(|(_, t)| has(t)) {
        let (n, last): (i64, Option<i64>) = conn.query_row(
            &format!("SELECT count(*) FILTER (WHERE deleted = 0), max(updated_at) FROM {table}"),
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        counts.push((*kind, n.max(0) as u64));
        newest = newest.max(last);
    }
    let note = conn
        .query_row(
            "SELECT value FROM local_settings WHERE key = ?1",
            [NOTE_KEY],
            |r| r.get::<_, String>(0),
        )
        .optional()?
        .and_then(|v| serde_json::from_str(&v).ok());
    Ok(BackupInfo {
        schema,
        device_code,
        counts,
        newest: newest
            .filter(|v| *v > 0)
            .map(|v| chainbook_core::hlc::Hlc::from_i64(v).to_datetime()),
        note,
        bytes,
    })
}

/// SQLite's "not a database" (and any failure to read the header) as [`StoreError::NotABackup`].
fn not_a_database(e: rusqlite::Error) -> StoreError {
    StoreError::NotABackup(e.to_string())
}

/// How long without a write before the shell's idle checkpoint runs.
pub const IDLE_CHECKPOINT_AFTER: Duration = Duration::from_secs(60);

impl Store {
    /// The database file this store has open.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Folds the write-ahead log into the database file and truncates it, so `chainbook.db`
    /// alone holds every committed write. Returns whether the whole log was folded in (a
    /// reader still on an older snapshot can keep part of it until it finishes).
    pub fn checkpoint(&self) -> Result<bool> {
        let (busy, log, done): (i64, i64, i64) =
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
        self.last_write.set(None);
        Ok(busy == 0 && log == done)
    }

    /// [`Store::checkpoint`], if something was written and nothing for `idle`.
    pub fn checkpoint_if_idle(&self, idle: Duration) -> Result<bool> {
        match self.last_write.get() {
            Some(at) if at.elapsed() >= idle => self.checkpoint(),
            _ => Ok(false),
        }
    }

    /// Notes a write for [`Store::checkpoint_if_idle`].
    pub(crate) fn wrote(&self) {
        self.last_write.set(Some(Instant::now()));
        self.changed();
    }

    /// Replaces this database's content with the backup at `source`, then brings it to this
    /// build's schema (taking the snapshot first when it is older) and reads its device
    /// identity, as an open would. The restored data keeps its own device id, sync cursor and
    /// change log; the hybrid logical clock only moves forward (the greater of the two), so
    /// writes after the restore order after everything this installation ever stamped.
    /// Refuses what [`inspect`] refuses, before anything is changed.
    pub fn restore_from(&mut self, source: &Path) -> Result<BackupInfo> {
        let info = inspect(source, self.key.as_ref())?;
        let clock_before = device::hlc_last(&self.conn)?;
        {
            let src = Connection::open_with_flags(
                source,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            let src_key = cipher::key_connection(&src, source, self.key.as_ref())?;
            if src_key.is_some() == self.key.is_some() {
                copy_pages(&src, &mut self.conn, &mut |_| ControlFlow::Continue(()))?;
            } else {
                // The backup API copies pages as they are, so it cannot turn a plain backup
                // into this encrypted database (or the reverse): the backup is first exported
                // beside the database, keyed as the database is, and copied from there.
                drop(src);
                let staged = cipher::rekey_path(&self.path).with_extension("restore");
                cipher::export(
                    source,
                    src_key.as_ref(),
                    &staged,
                    self.key.as_ref(),
                    0,
                    Box::new(|_| true),
                )?;
                let copied = (|| -> Result<()> {
                    let staged_conn = Connection::open_with_flags(
                        &staged,
                        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                    )?;
                    cipher::key_connection(&staged_conn, &staged, self.key.as_ref())?;
                    copy_pages(&staged_conn, &mut self.conn, &mut |_| {
                        ControlFlow::Continue(())
                    })
                })();
                let _ = std::fs::remove_file(&staged);
                copied?;
            }
        }
        self.conn.flush_prepared_statement_cache();
        self.counts.invalidate();
        self.conn
            .execute("DELETE FROM local_settings WHERE key = ?1", [NOTE_KEY])?;
        self.prepare()?;
        if device::hlc_last(&self.conn)? < clock_before {
            device::set_hlc_last(&self.conn, clock_before)?;
        }
        self.checkpoint()?;
        self.changed();
        tracing::info!(source = %source.display(), schema = info.schema, device = %self.device.code, "restored a backup");
        Ok(info)
    }
}

impl Drop for Store {
    /// Leaves the database file whole: a copy of it alone then holds every write.
    fn drop(&mut self) {
        if let Err(e) = self.checkpoint() {
            tracing::warn!(error = %e, "checkpoint on close failed");
        }
    }
}
