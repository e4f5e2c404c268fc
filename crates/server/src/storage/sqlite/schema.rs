//! The server database's tables and its forward-only migrations (numbered by SQLite's
//! `user_version`, applied in one transaction at open; a database from a newer build is
//! refused). Released migrations are never edited.
//!
//! - `orgs` carries `last_seq`, the organisation's sequence counter, updated inside each push
//!   transaction (never an auto-increment).
//! - `changes` is keyed by `(org_id, seq)`; `(org_id, change_id)` is unique, which makes a
//!   retried push idempotent. Since migration 3 it is an ordinary rowid table with both keys
//!   as unique indexes: as a `WITHOUT ROWID` table its rows (a change's JSON, about 1 KB and
//!   up) lived in index-style pages, which keep only about a quarter of a page per row and
//!   spill the rest into an overflow page of its own, so every change took two pages (4.7 KB
//!   per change, 9.5 GB for the 2 million changes of the M benchmark dataset).
//! - `row_state` (migration 4) holds every row's merged state for the snapshot, ordered by
//!   the sequence number of the row's first change; `orgs.state_seq` is the last change
//!   folded into it (see `super::state`). A rowid table: merged rows are a kilobyte and more.
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

/// `changes` as a rowid table (see the module doc), rows copied in sequence order.
const MIGRATION_3: &str = "
CREATE TABLE changes_v3 (
    org_id      TEXT NOT NULL REFERENCES orgs (id),
    seq         INTEGER NOT NULL,
    change_id   TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    batch_id    TEXT NOT NULL,
    body        TEXT NOT NULL,
    received_at TEXT NOT NULL
) STRICT;
INSERT INTO changes_v3 (org_id, seq, change_id, device_id, batch_id, body, received_at)
    SELECT org_id, seq, change_id, device_id, batch_id, body, received_at
    FROM changes ORDER BY org_id, seq;
DROP TABLE changes;
ALTER TABLE changes_v3 RENAME TO changes;
CREATE UNIQUE INDEX changes_seq ON changes (org_id, seq);
CREATE UNIQUE INDEX changes_id ON changes (org_id, change_id);
";

/// Every row's merged state (see the module doc); filled from the stored changes after the
/// migration, by `super::state::catch_up`.
const MIGRATION_4: &str = "
CREATE TABLE row_state (
    org_id    TEXT NOT NULL REFERENCES orgs (id),
    tbl       TEXT NOT NULL,
    row_id    TEXT NOT NULL,
    first_seq INTEGER NOT NULL,
    body      TEXT
) STRICT;
CREATE UNIQUE INDEX row_state_row ON row_state (org_id, tbl, row_id);
CREATE UNIQUE INDEX row_state_seq ON row_state (org_id, first_seq);
ALTER TABLE orgs ADD COLUMN state_seq INTEGER NOT NULL DEFAULT 0;
";

/// `(version, what it does, SQL)`; versions 1, 2, 3, … without gaps.
const MIGRATIONS: &[(u32, &str, &str)] = &[
    (1, "organisations, users, devices, changes", MIGRATION_1),
    (2, "token issue times", MIGRATION_2),
    (3, "changes as a rowid table", MIGRATION_3),
    (4, "merged row state", MIGRATION_4),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migration_3_keeps_every_change_with_its_number_and_both_keys_unique() {
        let mut c = Connection::open_in_memory().expect("db");
        c.execute_batch(MIGRATION_1).expect("schema 1");
        c.execute_batch(MIGRATION_2).expect("schema 2");
        c.pragma_update(None, "user_version", 2).expect("version");
        c.execute(
            "INSERT INTO orgs (id, slug, name, last_seq, created_at) VALUES ('o', 'o', 'O', 3, 't')",
            [],
        )
        .expect("org");
        for seq in [3, 1, 2] {
            c.execute(
                "INSERT INTO changes VALUES ('o', ?1, 'c' || ?1, 'd', 'b', '{\"n\":' || ?1 || '}', 't')",
                [seq],
            )
            .expect("change");
        }
        migrate(&mut c).expect("migrate");
        let version: u32 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("version");
        assert_eq!(version, latest());
        let sql: String = c
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE name = 'changes'",
                [],
                |r| r.get(0),
            )
            .expect("table");
        assert!(!sql.contains("WITHOUT ROWID"), "{sql}");
        // Copied in sequence order, bodies intact.
        let rows: Vec<(i64, String, String)> = c
            .prepare("SELECT seq, change_id, body FROM changes ORDER BY rowid")
            .expect("select")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        assert_eq!(
            rows,
            (1..=3)
                .map(|n| (n, format!("c{n}"), format!("{{\"n\":{n}}}")))
                .collect::<Vec<_>>()
        );
        let insert = |seq: i64, id: &str| {
            c.execute(
                "INSERT INTO changes VALUES ('o', ?1, ?2, 'd', 'b', '{}', 't')",
                rusqlite::params![seq, id],
            )
        };
        assert!(insert(2, "c9").is_err(), "a number twice");
        assert!(insert(9, "c2").is_err(), "a change id twice");
        assert!(insert(4, "c4").is_ok());
        // Pages are read through the sequence index.
        let plan: String = c
            .query_row(
                "EXPLAIN QUERY PLAN SELECT seq FROM changes
                 WHERE org_id = 'o' AND seq > 1 AND seq <= 3 ORDER BY seq LIMIT 2",
                [],
                |r| r.get(3),
            )
            .expect("plan");
        assert!(plan.contains("changes_seq"), "{plan}");
    }
}
