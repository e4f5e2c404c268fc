//! The complaint tables (complaints and their insert-only events), their migrations and
//! registered columns.

use crate::write::registry::{Kind, Synced};

/// Version 7 (survey responses, created in the same version, are in `surveys`).
pub(crate) const MIGRATION_7: &str = "
CREATE TABLE complaints (
    id                 TEXT PRIMARY KEY,
    number             TEXT NOT NULL UNIQUE,
    kind               TEXT NOT NULL,
    customer_id        TEXT NOT NULL REFERENCES customers (id) DEFERRABLE INITIALLY DEFERRED,
    order_id           TEXT NOT NULL DEFAULT '',
    product_id         TEXT NOT NULL DEFAULT '',
    channel            TEXT NOT NULL,
    category           TEXT NOT NULL,
    severity           TEXT NOT NULL DEFAULT '',
    description        TEXT NOT NULL,
    assignee           TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL,
    opened_at          TEXT NOT NULL,
    first_response_due TEXT NOT NULL DEFAULT '',
    resolution_due     TEXT NOT NULL DEFAULT '',
    responded_at       TEXT NOT NULL DEFAULT '',
    resolved_at        TEXT NOT NULL DEFAULT '',
    closed_at          TEXT NOT NULL DEFAULT '',
    root_cause         TEXT NOT NULL DEFAULT '',
    supplier_id        TEXT NOT NULL DEFAULT '',
    cause_product_id   TEXT NOT NULL DEFAULT '',
    resolution         TEXT NOT NULL DEFAULT '',
    compensation       TEXT NOT NULL DEFAULT '',
    currency           TEXT NOT NULL DEFAULT '',
    satisfaction       INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
    created_at         TEXT NOT NULL,
    updated_at         INTEGER NOT NULL,
    updated_by         TEXT NOT NULL,
    deleted            INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX complaints_by_opened ON complaints (deleted, opened_at, id);
CREATE INDEX complaints_by_status ON complaints (deleted, status, opened_at, id);
CREATE INDEX complaints_by_customer ON complaints (customer_id, deleted, opened_at);
CREATE INDEX complaints_by_supplier ON complaints (supplier_id, deleted, opened_at) WHERE supplier_id <> '';
CREATE INDEX complaints_open_by_due ON complaints (deleted, resolution_due)
    WHERE status IN ('new', 'acknowledged', 'investigating');

-- Insert-only: the complaint's timeline.
CREATE TABLE complaint_events (
    id           TEXT PRIMARY KEY,
    complaint_id TEXT NOT NULL REFERENCES complaints (id) DEFERRABLE INITIALLY DEFERRED,
    kind         TEXT NOT NULL CHECK (kind IN ('opened', 'comment', 'status', 'assignment', 'contact', 'root_cause', 'resolution', 'satisfaction')),
    status       TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL DEFAULT '',
    at           TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   INTEGER NOT NULL,
    updated_by   TEXT NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX complaint_events_by_complaint ON complaint_events (complaint_id, at);
";

/// Schema 10: the complaint list at 100,000 complaints. The supplier filter's index is no
/// longer partial (`supplier_id = ?` with a bound value cannot prove `supplier_id <> ''`, so
/// the planner never used it) and carries `id` for the list's order; severity gets an index in
/// list order; the complaints that can be breached at any time (with an SLA, and either still
/// waiting for a response or resolution, or answered or resolved late) are a partial index in
/// list order carrying the SLA columns, so the breached filter counts and pages a few thousand
/// index entries instead of every row. [`MAY_BREACH`] is its condition, written into the
/// breached filter so the planner can use it.
pub(crate) const MIGRATION_10: &str = "
DROP INDEX complaints_by_supplier;
CREATE INDEX complaints_by_supplier ON complaints (supplier_id, deleted, opened_at, id);
CREATE INDEX complaints_by_severity ON complaints (deleted, severity, opened_at, id);
CREATE INDEX complaints_may_breach ON complaints
    (deleted, opened_at, id, first_response_due, responded_at, resolution_due, resolved_at)
    WHERE resolution_due <> '' AND (resolved_at = '' OR responded_at = ''
        OR responded_at > first_response_due OR resolved_at > resolution_due);
";

/// The partial index `complaints_may_breach`'s condition, as the list's breached filter
/// repeats it (SQLite uses a partial index only when the query's terms include its own).
pub(crate) const MAY_BREACH: &str =
    "c.resolution_due <> '' AND (c.resolved_at = '' OR c.responded_at = ''
        OR c.responded_at > c.first_response_due OR c.resolved_at > c.resolution_due)";

/// Version 12: an event records what the app knows as facts (a resolution's compensation)
/// beside the text the user wrote (`chainbook_core::facts::Fact` JSON).
pub(crate) const MIGRATION_12: &str = "
ALTER TABLE complaint_events ADD COLUMN facts TEXT NOT NULL DEFAULT '';
";

pub(crate) const TABLES: &[Synced] = &[
    Synced {
        name: "complaints",
        kind: Kind::Record,
        columns: &[
            "number",
            "kind",
            "customer_id",
            "order_id",
            "product_id",
            "channel",
            "category",
            "severity",
            "description",
            "assignee",
            "status",
            "opened_at",
            "first_response_due",
            "resolution_due",
            "responded_at",
            "resolved_at",
            "closed_at",
            "root_cause",
            "supplier_id",
            "cause_product_id",
            "resolution",
            "compensation",
            "currency",
            "satisfaction",
        ],
        feeds: &[],
    },
    Synced {
        name: "complaint_events",
        kind: Kind::Fact,
        columns: &["complaint_id", "kind", "status", "body", "at", "facts"],
        feeds: &[],
    },
];
