//! The interaction tables (both insert-only) and their registered columns.

use crate::write::registry::{Kind, Synced};

pub(crate) const MIGRATION_2: &str = "
CREATE TABLE interactions (
    id           TEXT PRIMARY KEY,
    customer_id  TEXT NOT NULL REFERENCES customers (id) DEFERRABLE INITIALLY DEFERRED,
    contact_id   TEXT NOT NULL DEFAULT '',
    kind         TEXT NOT NULL CHECK (kind IN ('call', 'visit', 'email', 'message', 'meeting')),
    occurred_at  TEXT NOT NULL,
    summary      TEXT NOT NULL,
    outcome      TEXT NOT NULL DEFAULT '',
    follow_up_on TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   INTEGER NOT NULL,
    updated_by   TEXT NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX interactions_by_customer ON interactions (customer_id, occurred_at);
CREATE INDEX interactions_by_follow_up ON interactions (follow_up_on)
    WHERE follow_up_on <> '' AND deleted = 0;

CREATE TABLE follow_up_done (
    id             TEXT PRIMARY KEY,
    interaction_id TEXT NOT NULL REFERENCES interactions (id) DEFERRABLE INITIALLY DEFERRED,
    done_at        TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     INTEGER NOT NULL,
    updated_by     TEXT NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX follow_up_done_by_interaction ON follow_up_done (interaction_id);
";

/// Version 12: an interaction the app creates itself (the feedback follow-up after a
/// delivery) records what it is about as a fact (`chainbook_core::facts::Fact` JSON) instead of
/// a summary in one language.
pub(crate) const MIGRATION_12: &str = "
ALTER TABLE interactions ADD COLUMN fact TEXT NOT NULL DEFAULT '';
";

pub(crate) const TABLES: &[Synced] = &[
    Synced {
        name: "interactions",
        kind: Kind::Fact,
        columns: &[
            "customer_id",
            "contact_id",
            "kind",
            "occurred_at",
            "summary",
            "outcome",
            "follow_up_on",
            "fact",
        ],
        feeds: &[],
    },
    Synced {
        name: "follow_up_done",
        kind: Kind::Fact,
        columns: &["interaction_id", "done_at", "note"],
        feeds: &[],
    },
];
