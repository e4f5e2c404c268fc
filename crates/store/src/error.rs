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
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e {
            // A stored value that does not read back as its type (see `row`).
            rusqlite::Error::FromSqlConversionFailure(_, _, inner)
                if inner.is::<crate::row::BadValue>() =>
            {
                StoreError::Corrupt(inner.to_string())
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
        }
    }

    /// The form field the error belongs to, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            StoreError::Invalid(v) => Some(&v.field),
            _ => None,
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
        _ => StoreError::Sqlite(e),
    }
}
