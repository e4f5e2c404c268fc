//! Encryption at rest with SQLCipher: the key, telling an encrypted file from a plain one,
//! keying a connection, and re-encrypting the open database in place.
//!
//! The workspace's SQLite is SQLCipher (rusqlite's `bundled-sqlcipher-vendored-openssl`): a
//! connection given no key reads and writes plain SQLite files exactly as before; one given a
//! [`Key`] (`PRAGMA key` as its first statement) encrypts every page of the file and of its
//! write-ahead log with AES-256.
//!
//! **Whether a file is encrypted is read from the file itself** ([`file_state`]): a plain
//! SQLite file starts with `"SQLite format 3\0"`; an encrypted one starts with its random salt.
//! The key's presence in the keychain is not the flag, and neither is a marker file: the header
//! cannot disagree with the data, whereas a marker (or the keychain) can be lost, copied
//! without the file, or be left half-updated by a crash between the swap and writing it. So
//! an encrypted file whose key is missing is reported as such ([`StoreError::KeyMissing`]),
//! never opened as a new empty database; and a plain file with a key left in the keychain (a
//! crash after turning encryption off, before the key was deleted) simply opens plain.
//!
//! Re-encrypting ([`Store::set_encryption`]) exports the whole database with
//! `sqlcipher_export` into `<db>.rekey` beside it (keyed with the new key, or plain), syncs it,
//! checks it opens, then closes the store's connection, renames the copy over the database and
//! reopens it. Until the rename the old file is untouched and in use; the rename is atomic, so
//! a crash leaves either the old file or the whole new one.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rusqlite::Connection;

use crate::backup::CopyProgress;
use crate::{Result, Store, StoreError};

/// The first 16 bytes of every plain SQLite database file.
const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// VM steps between two calls of the progress handler while exporting (microseconds apart:
/// SQLite counts them per statement, and a small table's copy is one short statement).
const PROGRESS_EVERY: i32 = 1_000;
/// How often re-encrypting reports its progress.
const REPORT_EVERY: Duration = Duration::from_millis(5);

/// A raw 256-bit SQLCipher key (no passphrase derivation: the key is random, not typed).
#[derive(Clone, PartialEq, Eq)]
pub struct Key([u8; 32]);

impl Key {
    /// A fresh key from the operating system's random generator.
    pub fn generate() -> Result<Key> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| StoreError::Internal(format!("no random source: {e}")))?;
        Ok(Key(bytes))
    }

    /// The key as 64 lowercase hex digits (how the keychain keeps it).
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// A key from 64 hex digits; `None` for anything else (a damaged keychain entry).
    pub fn from_hex(hex: &str) -> Option<Key> {
        let hex = hex.trim();
        if hex.len() != 64 || !hex.is_ascii() {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, b) in out.iter_mut().enumerate() {
            *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(Key(out))
    }

    /// SQLCipher's raw-key literal, `x'<64 hex>'`, as `PRAGMA key` and `ATTACH … KEY` take it.
    fn literal(&self) -> String {
        format!("x'{}'", self.to_hex())
    }
}

/// Never prints the key (it would end up in logs).
impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(…)")
    }
}

impl Drop for Key {
    /// Best effort: clears the bytes this value held (copies made by SQLCipher are its own).
    fn drop(&mut self) {
        self.0 = [0; 32];
    }
}

/// What a database file is, read from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    /// No file, or an empty one: opening it creates a new database.
    Absent,
    /// A plain SQLite file (or something too short to be either, which SQLite then refuses).
    Plain,
    /// Not a plain SQLite header: an encrypted database (or a file that is no database, which
    /// no key opens).
    Encrypted,
}

/// Reads whether the file at `path` is absent, plain or encrypted (see the module doc for why
/// the header is the flag).
pub fn file_state(path: &Path) -> Result<FileState> {
    use std::io::Read;
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileState::Absent),
        Err(e) => return Err(e.into()),
    };
    let mut head = Vec::with_capacity(16);
    file.by_ref().take(16).read_to_end(&mut head)?;
    Ok(match head.len() {
        0 => FileState::Absent,
        16 if head != PLAIN_HEADER => FileState::Encrypted,
        _ => FileState::Plain,
    })
}

/// Keys a fresh connection to the file at `path` as the file needs: with `key` when the file
/// is encrypted (or new and a key is given), with none when it is plain. Returns the key the
/// connection uses. A needed key that is not given is [`StoreError::KeyMissing`]; one that does
/// not open the file is [`StoreError::KeyWrong`], found by a first read.
pub(crate) fn key_connection(
    conn: &Connection,
    path: &Path,
    key: Option<&Key>,
) -> Result<Option<Key>> {
    let used = match (file_state(path)?, key) {
        (FileState::Encrypted, None) => return Err(StoreError::KeyMissing),
        (FileState::Plain, _) | (FileState::Absent, None) => None,
        (FileState::Encrypted | FileState::Absent, Some(k)) => Some(k.clone()),
    };
    if let Some(k) = &used {
        // The first statement on the connection; the literal never reaches the statement trace
        // (it is installed after the key) or a log.
        conn.execute_batch(&format!("PRAGMA key = \"{}\";", k.literal()))?;
    }
    // SQLCipher reads (and decrypts) the first page only now: a wrong key shows here.
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_err(|e| wrong_key(e, used.is_some()))?;
    Ok(used)
}

/// SQLite's "file is not a database" after keying as [`StoreError::KeyWrong`].
pub(crate) fn wrong_key(e: rusqlite::Error, keyed: bool) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(f, _)
            if keyed && f.code == rusqlite::ErrorCode::NotADatabase =>
        {
            StoreError::KeyWrong
        }
        _ => e.into(),
    }
}

/// Where the re-encrypted copy is written until it replaces the database: `<db>.rekey`.
pub(crate) fn rekey_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_owned();
    name.push(".rekey");
    db.with_file_name(name)
}

/// Removes `path` and the rollback journal SQLite may have left beside it.
fn remove_with_journal(path: &Path) {
    let _ = std::fs::remove_file(path);
    let mut journal = path.as_os_str().to_owned();
    journal.push("-journal");
    let _ = std::fs::remove_file(PathBuf::from(journal));
}

/// Copies everything in the database at `source` (opened with `source_key`: schema, rows,
/// `user_version`) into a new file at `dest`, encrypted with `key` or plain, with
/// `sqlcipher_export`; `progress` is called every few milliseconds with the bytes written so
/// far out of about `total`, and stops the copy by returning `false`. The file is synced
/// before this returns; on failure it is removed.
///
/// The copy runs on a connection of its own, opened now: SQLCipher registers
/// `sqlcipher_export` on connections opened after its first initialisation has finished, and
/// a connection opened by another thread during that moment (tests open many at once)
/// lacks it.
pub(crate) fn export(
    source: &Path,
    source_key: Option<&Key>,
    dest: &Path,
    key: Option<&Key>,
    total: u64,
    progress: Box<dyn FnMut(CopyProgress) -> bool + Send>,
) -> Result<()> {
    remove_with_journal(dest);
    let stopped = Arc::new(AtomicBool::new(false));
    let out = (|| -> Result<()> {
        let mut conn = Connection::open(source)?;
        key_connection(&conn, source, source_key)?;
        let literal = key.map(Key::literal).unwrap_or_default();
        conn.execute(
            "ATTACH DATABASE ?1 AS rekey KEY ?2",
            rusqlite::params![dest.to_string_lossy(), literal],
        )?;
        let (watched, flag) = (dest.to_owned(), stopped.clone());
        let mut progress = progress;
        let mut last: Option<Instant> = None;
        conn.progress_handler(
            PROGRESS_EVERY,
            Some(move || {
                // Called every few microseconds; reports (one `stat`) every few milliseconds.
                if last.is_some_and(|t| t.elapsed() < REPORT_EVERY) {
                    return false;
                }
                last = Some(Instant::now());
                let done = std::fs::metadata(&watched).map(|m| m.len()).unwrap_or(0);
                let go_on = progress(CopyProgress {
                    done: done.min(total),
                    total,
                });
                if !go_on {
                    flag.store(true, Ordering::SeqCst);
                }
                !go_on
            }),
        )?;
        let exported = conn
            .query_row("SELECT sqlcipher_export('rekey')", [], |_| Ok(()))
            .and_then(|()| {
                let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
                conn.pragma_update(Some("rekey"), "user_version", version)
            });
        conn.progress_handler(0, None::<fn() -> bool>)?;
        let detached = conn.execute("DETACH DATABASE rekey", []);
        exported?;
        detached?;
        conn.close().map_err(|(_, e)| e)?;
        std::fs::File::open(dest)?.sync_all()?;
        Ok(())
    })();
    match out {
        Ok(()) => Ok(()),
        Err(e) => {
            remove_with_journal(dest);
            if stopped.load(Ordering::SeqCst) {
                Err(StoreError::Stopped)
            } else {
                Err(e)
            }
        }
    }
}

/// Syncs the folder holding `path`, so a rename in it survives a power cut.
fn sync_dir(path: &Path) -> Result<()> {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        std::fs::File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

impl Store {
    /// Whether the open database is encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.key.is_some()
    }

    /// The key the open database is encrypted with, for connections of its own (a backup).
    pub fn key(&self) -> Option<&Key> {
        self.key.as_ref()
    }

    /// Re-encrypts the open database in place: with `key` (turning encryption on, or changing
    /// the key), or plain (`None`, turning it off). See the module doc for the steps; until the
    /// final rename the old file is untouched and this store keeps using it, so any failure
    /// (including `progress` returning `false`, which is [`StoreError::Stopped`]) leaves the
    /// data as it was. The caller keeps the new key somewhere before calling (the keychain):
    /// after the rename the file opens with nothing else.
    pub fn set_encryption(
        &mut self,
        key: Option<Key>,
        progress: impl FnMut(CopyProgress) -> bool + Send + 'static,
    ) -> Result<()> {
        if key.is_none() && self.key.is_none() {
            return Ok(());
        }
        // Everything in the database file itself, so the export reads no log.
        self.checkpoint()?;
        // The new file ends about as large as the old one, whose log was just folded in.
        let total = std::fs::metadata(&self.path)?.len();
        let dest = rekey_path(&self.path);
        export(
            &self.path,
            self.key.as_ref(),
            &dest,
            key.as_ref(),
            total,
            Box::new(progress),
        )?;
        // The copy opens with its key and holds the same schema before anything is replaced.
        let checked = (|| -> Result<()> {
            let copy = Connection::open(&dest)?;
            key_connection(&copy, &dest, key.as_ref())?;
            let version: u32 = copy.pragma_query_value(None, "user_version", |r| r.get(0))?;
            if version != crate::migrations::current(&self.conn)? {
                return Err(StoreError::Internal(
                    "the re-encrypted copy lost the schema version".into(),
                ));
            }
            Ok(())
        })();
        if let Err(e) = checked {
            remove_with_journal(&dest);
            return Err(e);
        }
        // Close the old connection (folding and removing its log), then swap the files.
        let old = std::mem::replace(&mut self.conn, Connection::open_in_memory()?);
        if let Err((conn, e)) = old.close() {
            self.conn = conn;
            remove_with_journal(&dest);
            return Err(e.into());
        }
        let swapped = std::fs::rename(&dest, &self.path);
        if let Err(e) = swapped {
            remove_with_journal(&dest);
            self.conn = crate::connect(&self.path, self.key.clone().as_ref())?.0;
            return Err(e.into());
        }
        // The old file's log and index were emptied by the checkpoint and close; a reader of
        // the old file elsewhere (a backup) keeps its own open copies, and the new file must
        // not meet them.
        for suffix in ["-wal", "-shm"] {
            let mut side = self.path.as_os_str().to_owned();
            side.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(side));
        }
        sync_dir(&self.path)?;
        let (conn, used) = crate::connect(&self.path, key.as_ref())?;
        self.conn = conn;
        self.key = used;
        self.counts.invalidate();
        tracing::info!(encrypted = self.key.is_some(), "database re-encrypted");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_through_hex_and_never_print() {
        let k = Key::generate().unwrap();
        assert_eq!(k.to_hex().len(), 64);
        assert_eq!(Key::from_hex(&k.to_hex()), Some(k.clone()));
        assert_ne!(Key::generate().unwrap(), k, "two keys are not the same");
        assert_eq!(format!("{k:?}"), "Key(…)");
        assert!(Key::from_hex("").is_none());
        assert!(Key::from_hex(&"g".repeat(64)).is_none());
        assert!(Key::from_hex(&"a".repeat(63)).is_none());
        assert!(Key::from_hex(&"é".repeat(32)).is_none());
    }

    #[test]
    fn the_header_tells_plain_from_encrypted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        assert_eq!(file_state(&path).unwrap(), FileState::Absent);
        std::fs::write(&path, b"").unwrap();
        assert_eq!(file_state(&path).unwrap(), FileState::Absent);
        std::fs::write(&path, b"SQLite format 3\0rest").unwrap();
        assert_eq!(file_state(&path).unwrap(), FileState::Plain);
        std::fs::write(&path, [7u8; 64]).unwrap();
        assert_eq!(file_state(&path).unwrap(), FileState::Encrypted);
        std::fs::write(&path, b"short").unwrap();
        assert_eq!(file_state(&path).unwrap(), FileState::Plain);
    }
}
