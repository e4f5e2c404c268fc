//! The sync tables (all device-local) and the migration from the append-only outbox.

/// Released in schema 1 and dropped in schema 13: an append-only log of every write.
pub(crate) const OUTBOX_MIGRATION_1: &str = "
CREATE TABLE outbox (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    table_name TEXT NOT NULL,
    row_id     TEXT NOT NULL,
    op         TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    hlc        INTEGER NOT NULL,
    device     TEXT NOT NULL,
    fields     TEXT NOT NULL
) STRICT;
";

/// Schema 13: per-field stamps beside the rows, a bounded change log, and the state of sync.
///
/// The outbox held every write since the first start. Nothing has synced yet, so the only
/// thing in it the tables do not hold is when each updated field was written: that becomes
/// `field_stamps`, and the outbox goes.
pub(crate) const MIGRATION_13: &str = "
-- The stamp of every field written after its row's insert. A row without entries has every
-- field stamped by its updated_at/updated_by; at the row's first change its insert stamp is
-- kept here as field ''.
CREATE TABLE field_stamps (
    tbl    TEXT NOT NULL,
    row_id TEXT NOT NULL,
    field  TEXT NOT NULL,
    hlc    INTEGER NOT NULL,
    device TEXT NOT NULL,
    PRIMARY KEY (tbl, row_id, field)
) STRICT, WITHOUT ROWID;

INSERT INTO field_stamps (tbl, row_id, field, hlc, device)
    SELECT o.table_name, o.row_id, f.key, max(o.hlc), o.device
    FROM outbox o, json_each(o.fields) f
    WHERE o.op IN ('update', 'delete')
    GROUP BY o.table_name, o.row_id, f.key;
INSERT OR IGNORE INTO field_stamps (tbl, row_id, field, hlc, device)
    SELECT o.table_name, o.row_id, '', o.hlc, o.device FROM outbox o
    WHERE o.op = 'insert'
      AND EXISTS (SELECT 1 FROM field_stamps s WHERE s.tbl = o.table_name AND s.row_id = o.row_id);
DROP TABLE outbox;

-- What this device changed and has not had acknowledged: one entry per changed field of a row
-- (field '' for a row inserted here), holding the stamp of its latest write and of the value
-- the first unacknowledged write replaced. Written only once sync is on.
CREATE TABLE change_log (
    tbl         TEXT NOT NULL,
    row_id      TEXT NOT NULL,
    field       TEXT NOT NULL,
    hlc         INTEGER NOT NULL,
    base_hlc    INTEGER,
    base_device TEXT,
    PRIMARY KEY (tbl, row_id, field)
) STRICT, WITHOUT ROWID;
CREATE INDEX change_log_by_hlc ON change_log (hlc);

-- Whether sync is on, how far the first push (built from the tables) has got, and the
-- server sequence number of the last change pulled and applied (saved in the transaction that
-- applied it).
CREATE TABLE sync_state (
    singleton       INTEGER PRIMARY KEY CHECK (singleton = 1),
    enabled         INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
    snapshot_done   INTEGER NOT NULL DEFAULT 0 CHECK (snapshot_done IN (0, 1)),
    snapshot_table  TEXT NOT NULL DEFAULT '',
    snapshot_after  TEXT NOT NULL DEFAULT '',
    pull_cursor     INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO sync_state (singleton) VALUES (1);

-- Remote changes not applied yet: waiting for a row that has not arrived (`waiting_for`), from
-- a newer schema, or refused by a rule of this database (kept for review).
CREATE TABLE sync_pending (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    reason      TEXT NOT NULL CHECK (reason IN ('waiting', 'schema', 'refused')),
    waiting_for TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '',
    change      TEXT NOT NULL
) STRICT;
CREATE INDEX sync_pending_by_waiting ON sync_pending (waiting_for) WHERE reason = 'waiting';

-- Concurrent edits of one field: the value kept and the value lost, for review.
CREATE TABLE sync_conflicts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    tbl          TEXT NOT NULL,
    row_id       TEXT NOT NULL,
    field        TEXT NOT NULL,
    surfaced     INTEGER NOT NULL CHECK (surfaced IN (0, 1)),
    kept_value   TEXT NOT NULL,
    kept_hlc     INTEGER NOT NULL,
    kept_device  TEXT NOT NULL,
    lost_value   TEXT NOT NULL,
    lost_hlc     INTEGER NOT NULL,
    lost_device  TEXT NOT NULL,
    detected_at  TEXT NOT NULL,
    resolved     INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1))
) STRICT;
CREATE INDEX sync_conflicts_open ON sync_conflicts (surfaced, id) WHERE resolved = 0;
";
