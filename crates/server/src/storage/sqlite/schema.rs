//! The server database's tables and its forward-only migrations (numbered by SQLite's
//! `user_version`, applied in one transaction at open; a database from a newer build is
//! refused). Released migrations are never edited.
//!
//! - `orgs` carries `last_seq`, the organisation's sequence counter, updated inside each push
//!   transaction (never an auto-increment).
//! - `changes` is keyed by `(org_id, seq)`; `(org_id, change_id)` is unique, which makes a
//!   retried push idempotent.
//! - `devices.token_hash` is the SHA-256 of the device's token; `(org_id, code)` is unique.
//!   `devices.token_issued_at` (migration 2) is when the token was issued, for its absolute
//!   expiry; `last_seen_at` its last recorded use, for its idle expiry.

use rusqlite::{Connection, TransactionBehavior};

use crate::storage::{Result, StorageError};

pub(super) const MIGRATION_1: &str = "
CREATE TABLE orgs (
    id         TEXT PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    last_seq   INTEGER NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES orgs (id),
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'rep')),
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    removed_at    TEXT
) STRICT;
CREATE UNIQUE INDEX users_current_name ON users (org_id, name) WHERE removed_at IS NULL;

CREATE TABLE devices (
    org_id        TEXT NOT NULL REFERENCES orgs (id),
    id            TEXT NOT NULL,
    user_id       TEXT NOT NULL REFERENCES users (id),
    name          TEXT NOT NULL,
    code          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    schema        INTEGER,
    registered_at TEXT NOT NULL,
    last_seen_at  TEXT,
    revoked_at    TEXT,
    PRIMARY KEY (org_id, id)
) STRICT;
CREATE UNIQUE INDEX devices_code ON devices (org_id, code);

CREATE TABLE changes (
    org_id      TEXT NOT NULL REFERENCES orgs (id),
    seq         INTEGER NOT NULL,
    change_id   TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    batch_id    TEXT NOT NULL,
    body        TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (org_id, seq)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX changes_id ON changes (org_id, change_id);
";

/// Tokens issued before issue times were kept count from the device's registration: never
/// later than the real issue, so no token lives longer than its limit.
const MIGRATION_2: &str = "
ALTER TABLE devices ADD COLUMN token_issued_at TEXT;
UPDATE devices SET token_issued_at = registered_at;
";

/// `(version, what it does, SQL)`; versions 1, 2, 3, … without gaps.
const MIGRATIONS: &[(u32, &str, &str)] = &[
    (1, "organisations, users, devices, changes", MIGRATION_1),
    (2, "token issue times", MIGRATION_2),
];

/// The schema version this build writes.
pub(crate) fn latest() -> u32 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

/// Brings the database to [`latest`] in one transaction.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current: u32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > latest() {
        return Err(StorageError::Corrupt(format!(
            "the database has schema {current}, newer than this build's {}",
            latest()
        )));
    }
    for (version, what, sql) in MIGRATIONS.iter().filter(|m| m.0 > current) {
        tracing::info!(version, what, "migrating the server database");
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", latest())?;
    tx.commit()?;
    Ok(())
}
