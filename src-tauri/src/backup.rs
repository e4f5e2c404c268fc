//! Backups in the shell: "back up now" to a chosen file, the automatic backups (a background
//! task), restore with the copy of the data before it, and the idle checkpoint.
//!
//! A backup runs through its own connection (`chainbook_store::backup::backup_database`), so
//! the store's lock is held only to read the time and the file's path, never for the copy.
//! The background task looks every [`TICK`]: it folds the write-ahead log into the database
//! file once nothing was written for a minute, and, when automatic backups are on and none was
//! made today (the machine's local date), writes `chainbook-auto-<date>-<time>.db` into the
//! chosen folder and removes the automatic backups rotation no longer keeps (7 daily and 4
//! weekly by default; see `chainbook_store::backup::rotation`).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chainbook_core::ErrorCode;
use chainbook_store::backup::{self, rotation, BackupNote};
use chainbook_store::Store;
use chrono::Local;

use crate::dto::data::{AutoOutcome, BackupFile, BackupPreview, BackupProgress, RestoreDone};
use crate::dto::wire::rfc3339;
use crate::error::{CmdResult, CommandError};

/// How often the background task looks.
pub const TICK: Duration = Duration::from_secs(30);

fn lock(store: &Mutex<Store>) -> std::sync::MutexGuard<'_, Store> {
    store.lock().unwrap_or_else(|p| p.into_inner())
}

/// Copies the open database to `dest` (absolute), without holding the store's lock for the copy.
pub fn back_up(store: &Mutex<Store>, dest: &Path) -> CmdResult<BackupFile> {
    back_up_watched(store, dest, |_| std::ops::ControlFlow::Continue(()))
}

/// The event a backup made from Settings sends after every step ([`BackupProgress`]).
pub const PROGRESS_EVENT: &str = "backup://progress";

/// [`back_up`], telling `progress` after every step; a [`std::ops::ControlFlow::Break`] stops
/// it (`cancelled`) and leaves `dest` as it was.
pub fn back_up_watched(
    store: &Mutex<Store>,
    dest: &Path,
    mut progress: impl FnMut(BackupProgress) -> std::ops::ControlFlow<()>,
) -> CmdResult<BackupFile> {
    if !dest.is_absolute() {
        return Err(CommandError::new(
            ErrorCode::InvalidArgument,
            "the backup path must be absolute",
        )
        .with_field("path"));
    }
    // The key too: a backup of an encrypted database is encrypted with the same key.
    let (source, made_at, key) = {
        let s = lock(store);
        (s.path().to_owned(), s.now(), s.key().cloned())
    };
    if same_file(&source, dest) {
        return Err(CommandError::new(
            ErrorCode::InvalidArgument,
            "a backup cannot replace the database itself",
        )
        .with_field("path"));
    }
    let note = BackupNote {
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        made_at,
    };
    backup::backup_database(&source, key.as_ref(), dest, &note, |p| {
        progress(BackupProgress {
            done: p.done,
            total: p.total,
        })
    })?;
    Ok(file_entry(dest).unwrap_or_else(|| BackupFile {
        path: dest.display().to_string(),
        name: String::new(),
        bytes: 0,
        modified: rfc3339(made_at),
        automatic: false,
    }))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// A backup file's entry in the list, or `None` when it cannot be read.
fn file_entry(path: &Path) -> Option<BackupFile> {
    let meta = std::fs::metadata(path).ok()?;
    let name = path.file_name()?.to_string_lossy().into_owned();
    let modified: chrono::DateTime<chrono::Utc> = meta.modified().ok()?.into();
    Some(BackupFile {
        path: path.display().to_string(),
        automatic: rotation::parse_auto_name(&name).is_some(),
        name,
        bytes: meta.len(),
        modified: rfc3339(modified),
    })
}

/// The `.db` files in `folder`, newest first (nothing when the folder is unset or missing).
pub fn list(folder: &str) -> Vec<BackupFile> {
    if folder.is_empty() {
        return Vec::new();
    }
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<BackupFile> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "db"))
        .filter_map(|p| file_entry(&p))
        .collect();
    files.sort_by(|a, b| b.modified.cmp(&a.modified).then(b.name.cmp(&a.name)));
    files
}

/// What the file at `path` holds, refused when it is not a Chainbook database or is newer
/// (an encrypted backup is read with the open database's key).
pub fn preview(store: &Mutex<Store>, path: &Path) -> CmdResult<BackupPreview> {
    let key = lock(store).key().cloned();
    Ok(BackupPreview::new(
        path,
        backup::inspect(path, key.as_ref())?,
    ))
}

/// Restores `source`: checks it, saves the data as it is now into `saved_dir` (a backup named
/// `chainbook-before-restore-<date>-<time>.db`), then replaces the store's data with it.
pub fn restore(store: &Mutex<Store>, source: &Path, saved_dir: &Path) -> CmdResult<RestoreDone> {
    let key = lock(store).key().cloned();
    backup::inspect(source, key.as_ref())?;
    if same_file(lock(store).path(), source) {
        return Err(CommandError::new(
            ErrorCode::InvalidArgument,
            "the database cannot be restored from itself",
        )
        .with_field("path"));
    }
    std::fs::create_dir_all(saved_dir).map_err(|e| {
        CommandError::new(
            ErrorCode::FileError,
            format!("{}: {e}", saved_dir.display()),
        )
    })?;
    let saved = saved_dir.join(format!(
        "chainbook-before-restore-{}.db",
        Local::now().format("%Y%m%d-%H%M%S")
    ));
    back_up(store, &saved)?;
    let info = lock(store).restore_from(source)?;
    Ok(RestoreDone {
        restored: BackupPreview::new(source, info),
        saved_to: saved.display().to_string(),
    })
}

/// Where the copy before a restore goes: the automatic backups' folder when one is set and
/// exists, else `backups/` in the data folder.
pub fn saved_dir(store: &Store, data_dir: &Path) -> CmdResult<PathBuf> {
    let folder = store.settings().auto_backup()?.folder;
    Ok(if !folder.is_empty() && Path::new(&folder).is_dir() {
        PathBuf::from(folder)
    } else {
        data_dir.join("backups")
    })
}

/// After a failed automatic backup, how long before the next try.
const RETRY_AFTER: Duration = Duration::from_secs(600);

/// One look of the background task: the idle checkpoint, then (when `may_back_up`) an
/// automatic backup if one is due. Returns the backup's outcome when one was attempted.
pub fn tick(store: &Mutex<Store>, may_back_up: bool) -> Option<AutoOutcome> {
    let settings = {
        let s = lock(store);
        if let Err(e) = s.checkpoint_if_idle(backup::IDLE_CHECKPOINT_AFTER) {
            tracing::warn!(error = %e, "idle checkpoint failed");
        }
        s.settings().auto_backup().ok()?
    };
    if !may_back_up || !settings.enabled || settings.folder.is_empty() {
        return None;
    }
    let folder = PathBuf::from(&settings.folder);
    let now = Local::now().naive_local();
    let made: Vec<(PathBuf, chrono::NaiveDateTime)> = std::fs::read_dir(&folder)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| {
                    let at = rotation::parse_auto_name(&e.file_name().to_string_lossy())?;
                    Some((e.path(), at))
                })
                .collect()
        })
        .unwrap_or_default();
    if !rotation::due(made.iter().map(|m| m.1).max(), now) {
        return None;
    }
    let dest = folder.join(rotation::auto_name(now));
    let at = rfc3339(chrono::Utc::now());
    match back_up(store, &dest) {
        Ok(f) => {
            let mut all = made;
            all.push((dest, now));
            let times: Vec<_> = all.iter().map(|m| m.1).collect();
            for ((path, _), keep) in
                all.iter()
                    .zip(rotation::keep(&times, settings.daily, settings.weekly))
            {
                if !keep {
                    match std::fs::remove_file(path) {
                        Ok(()) => {
                            tracing::info!(path = %path.display(), "old automatic backup removed")
                        }
                        Err(e) => {
                            tracing::warn!(path = %path.display(), error = %e, "cannot remove an old backup")
                        }
                    }
                }
            }
            Some(AutoOutcome {
                at,
                path: Some(f.path),
                error: None,
            })
        }
        Err(e) => {
            tracing::warn!(error = %e.message, "automatic backup failed");
            Some(AutoOutcome {
                at,
                path: None,
                error: Some(e),
            })
        }
    }
}

/// The background task: [`tick`] every [`TICK`], the last outcome kept in `last`.
/// A failed automatic backup is tried again after [`RETRY_AFTER`], not on every look.
pub fn run(store: Arc<Mutex<Store>>, last: Arc<Mutex<Option<AutoOutcome>>>) {
    let mut retry_at: Option<std::time::Instant> = None;
    loop {
        let may = retry_at.is_none_or(|t| std::time::Instant::now() >= t);
        if let Some(outcome) = tick(&store, may) {
            retry_at = outcome
                .error
                .as_ref()
                .map(|_| std::time::Instant::now() + RETRY_AFTER);
            *last.lock().unwrap_or_else(|p| p.into_inner()) = Some(outcome);
        }
        std::thread::sleep(TICK);
    }
}
