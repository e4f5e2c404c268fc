//! The store's error type and its mapping onto the shared [`ErrorCode`] set.

use chainbook_core::{ErrorCode, ValidationError};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error("{what} not found")]
    NotFound { what: &'static str },
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("the database was written by a newer Chainbook (schema {found}, this build knows {supported})")]
    NewerSchema { found: u32, supported: u32 },
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    /// A programming error caught at run time (a write that the table registry forbids).
    #[error("internal error: {0}")]
    Internal(String),
    /// A file offered as a backup that is not a Chainbook database.
    #[error("not a Chainbook database: {0}")]
    NotABackup(String),
    /// A backup from a newer schema than this build knows.
    #[error(
        "the backup was made by a newer Chainbook (schema {found}, this build knows {supported})"
    )]
    NewerBackup { found: u32, supported: u32 },
    /// A migration failed; it was rolled back and the database is as it was before it, with
    /// the copy taken before it (if one was) at `snapshot`.
    #[error("upgrading the data from schema {from} to {to} failed ({reason}); the data was left at schema {from}")]
    MigrationFailed {
        from: u32,
        to: u32,
        snapshot: Option<std::path::PathBuf>,
        reason: String,
    },
    /// A file next to the database (a backup, a snapshot) could not be written or read.
    #[error("file error: {0}")]
    File(String),
    /// The disk is full (`SQLITE_FULL`, or `StorageFull` writing a file): the write was
    /// rolled back.
    #[error("disk full: {0}")]
    DiskFull(String),
    /// The database, its folder or a file to write cannot be written (`SQLITE_READONLY*`;
    /// `SQLITE_CANTOPEN`, what SQLite answers when a file or the write-ahead log beside it
    /// cannot be opened for writing; a read-only file system or no permission).
    #[error("read-only: {0}")]
    ReadOnly(String),
    /// The disk failed a read or write (`SQLITE_IOERR*`).
    #[error("disk error: {0}")]
    DiskError(String),
    /// The database (or a backup) is encrypted and no key was given for it.
    #[error("the data is encrypted and its key is missing")]
    KeyMissing,
    /// The key given does not open the encrypted database (or backup).
    #[error("the key does not open the encrypted data")]
    KeyWrong,
    /// A long operation was stopped by its caller (re-encrypting): nothing was changed.
    #[error("stopped before it finished; nothing was changed")]
    Stopped,
}

/// The one mapping of SQLite's errors: disk full, read-only and I/O failures (by their
/// primary code, so every extended code of each family) get codes the user can act on.
impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e {
            // A stored value that does not read back as its type (see `row`).
            rusqlite::Error::FromSqlConversionFailure(_, _, inner)
                if inner.is::<crate::row::BadValue>() =>
            {
                StoreError::Corrupt(inner.to_string())
            }
            rusqlite::Error::SqliteFailure(f, _) if f.code == C::DiskFull => {
                StoreError::DiskFull(e.to_string())
            }
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == C::ReadOnly || f.code == C::CannotOpen =>
            {
                StoreError::ReadOnly(e.to_string())
            }
            rusqlite::Error::SqliteFailure(f, _) if f.code == C::SystemIoFailure => {
                StoreError::DiskError(e.to_string())
            }
            other => StoreError::Sqlite(other),
        }
    }
}

impl StoreError {
    pub fn code(&self) -> ErrorCode {
        match self {
            StoreError::Invalid(v) => v.code,
            StoreError::NotFound { .. } => ErrorCode::NotFound,
            StoreError::Conflict(_) => ErrorCode::Conflict,
            StoreError::NewerSchema { .. } | StoreError::Corrupt(_) | StoreError::Sqlite(_) => {
                ErrorCode::Storage
            }
            StoreError::Internal(_) => ErrorCode::Internal,
            StoreError::NotABackup(_) => ErrorCode::NotABackup,
            StoreError::NewerBackup { .. } => ErrorCode::NewerBackup,
            StoreError::MigrationFailed { .. } => ErrorCode::MigrationFailed,
            StoreError::File(_) => ErrorCode::FileError,
            StoreError::DiskFull(_) => ErrorCode::DiskFull,
            StoreError::ReadOnly(_) => ErrorCode::ReadOnly,
            StoreError::DiskError(_) => ErrorCode::DiskError,
            StoreError::KeyMissing => ErrorCode::EncryptionKeyMissing,
            StoreError::KeyWrong => ErrorCode::EncryptionKeyWrong,
            StoreError::Stopped => ErrorCode::Cancelled,
        }
    }

    /// Whether this is the disk's fault (full, read-only, failing) rather than the data's:
    /// an operation it stopped succeeds unchanged once the disk is fixed.
    pub fn is_disk_fault(&self) -> bool {
        matches!(
            self,
            StoreError::DiskFull(_) | StoreError::ReadOnly(_) | StoreError::DiskError(_)
        )
    }

    /// The form field the error belongs to, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            StoreError::Invalid(v) => Some(&v.field),
            _ => None,
        }
    }

    /// The bound a refused value broke, when the message names one (see
    /// [`ValidationError::limit`]).
    pub fn limit(&self) -> Option<u32> {
        match self {
            StoreError::Invalid(v) => v.limit,
            _ => None,
        }
    }
}

impl From<std::io::Error> for StoreError {
    fn from(e: std::io::Error) -> Self {
        use std::io::ErrorKind as K;
        match e.kind() {
            K::StorageFull => StoreError::DiskFull(e.to_string()),
            K::ReadOnlyFilesystem => StoreError::ReadOnly(e.to_string()),
            _ => StoreError::File(e.to_string()),
        }
    }
}

/// Turns SQLite's unique-constraint failures into [`StoreError::Conflict`].
pub(crate) fn unique_to_conflict(e: rusqlite::Error, what: &str) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
        {
            StoreError::Conflict(format!("{what} already exists"))
        }
        _ => StoreError::from(e),
    }
}
