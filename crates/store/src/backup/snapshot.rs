//! The copy of the database taken before a schema migration.
//!
//! When the store opens a database whose schema is older than this build's, it first copies
//! the file with the backup API to `<file>.before-v<new version>` beside it, then migrates.
//! The copy is kept until the next successful start (an open that has nothing to migrate),
//! which removes it: by then the upgraded data has been used and closed once. A migration that
//! fails is rolled back (all migrations run in one transaction); if the file were not back at
//! its old schema afterwards, the copy is put back over it.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::cipher::{self, Key};
use crate::{Result, StoreError};

/// `<db file>.before-v<to>` beside `db`.
pub(crate) fn path(db: &Path, to: u32) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_owned();
    name.push(format!(".before-v{to}"));
    db.with_file_name(name)
}

/// Copies the open database `conn` (at `db`) to its snapshot before migrating to `to`; an
/// encrypted database (`key`) gives a snapshot encrypted with the same key.
pub(crate) fn take(conn: &Connection, db: &Path, to: u32, key: Option<&Key>) -> Result<PathBuf> {
    let dest = path(db, to);
    let partial = dest.with_extension(format!("before-v{to}.partial"));
    let _ = std::fs::remove_file(&partial);
    let copied = (|| -> Result<()> {
        let mut out = Connection::open(&partial)?;
        cipher::key_connection(&out, &partial, key)?;
        super::copy_pages(conn, &mut out, &mut |_| ControlFlow::Continue(()))?;
        out.pragma_update(None, "journal_mode", "DELETE")?;
        out.close().map_err(|(_, e)| e)?;
        std::fs::File::open(&partial)?.sync_all()?;
        std::fs::rename(&partial, &dest)?;
        Ok(())
    })();
    if let Err(e) = copied {
        // A half copy on a full disk would keep the space the user is asked to free.
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    tracing::info!(snapshot = %dest.display(), "snapshot taken before migrating");
    Ok(dest)
}

/// Removes the snapshots beside `db` (the start that called this needed no migration).
pub(crate) fn remove_old(db: &Path) {
    let (Some(dir), Some(name)) = (db.parent(), db.file_name()) else {
        return;
    };
    let prefix = format!("{}.before-v", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name();
        let file = file.to_string_lossy();
        if file.starts_with(&prefix) && file[prefix.len()..].bytes().all(|b| b.is_ascii_digit()) {
            match std::fs::remove_file(e.path()) {
                Ok(()) => tracing::info!(snapshot = %file, "snapshot removed after a good start"),
                Err(err) => {
                    tracing::warn!(snapshot = %file, error = %err, "cannot remove snapshot")
                }
            }
        }
    }
}

/// SQLite's schema cookie, which every change to the schema moves: with `user_version` it
/// tells whether a failed migration left anything behind.
pub(crate) fn schema_cookie(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "schema_version", |r| r.get(0))?)
}

/// After a failed migration: makes sure `conn` holds the data at schema `from` again, copying
/// the snapshot back when the rollback did not leave it so. Not so means another
/// `user_version`, or another schema than before (`cookie`, see [`schema_cookie`]): a step
/// that committed part of the work (a Rust step that ended the transaction) leaves the old
/// version number on new tables, which the next start would trip over.
pub(crate) fn ensure_back(
    conn: &mut Connection,
    from: u32,
    cookie: i64,
    snapshot: Option<&Path>,
    key: Option<&Key>,
) -> Result<()> {
    let now: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if now == from && schema_cookie(conn)? == cookie {
        return Ok(());
    }
    let Some(snapshot) = snapshot else {
        return Err(StoreError::Internal(format!(
            "a failed migration left schema {now}, not {from}, and there is no snapshot"
        )));
    };
    tracing::warn!(
        now,
        from,
        "putting the snapshot back after a failed migration"
    );
    let src = Connection::open_with_flags(snapshot, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    cipher::key_connection(&src, snapshot, key)?;
    super::copy_pages(&src, conn, &mut |_| ControlFlow::Continue(()))?;
    Ok(())
}
