//! The supplier tables (suppliers with their contacts, supplies, contracts, evaluations),
//! their migrations and registered columns.

use rusqlite::params;
use serde_json::json;

use crate::write::registry::{Kind, Synced};
use crate::Result;

/// Version 3 (with the purchasing tables, in `purchasing::schema`).
pub(crate) const MIGRATION_3: &str = "
CREATE TABLE suppliers (
    id           TEXT PRIMARY KEY,
    code         TEXT NOT NULL,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('goods', 'logistics', 'service')),
    status       TEXT NOT NULL CHECK (status IN ('approved', 'probation', 'blocked')),
    categories   TEXT NOT NULL DEFAULT '[]',
    contact_name TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    notes        TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   INTEGER NOT NULL,
    updated_by   TEXT NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE UNIQUE INDEX suppliers_by_code ON suppliers (code) WHERE deleted = 0;
CREATE INDEX suppliers_by_name ON suppliers (deleted, name, id);

CREATE TABLE supplies (
    id             TEXT PRIMARY KEY,
    supplier_id    TEXT NOT NULL REFERENCES suppliers (id) DEFERRABLE INITIALLY DEFERRED,
    product_id     TEXT NOT NULL REFERENCES products (id) DEFERRABLE INITIALLY DEFERRED,
    currency       TEXT NOT NULL,
    price          TEXT NOT NULL,
    lead_time_days INTEGER NOT NULL,
    preferred      INTEGER NOT NULL CHECK (preferred IN (0, 1)),
    created_at     TEXT NOT NULL,
    updated_at     INTEGER NOT NULL,
    updated_by     TEXT NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE UNIQUE INDEX supplies_by_pair ON supplies (supplier_id, product_id) WHERE deleted = 0;
CREATE INDEX supplies_by_product ON supplies (product_id, deleted);

CREATE TABLE supplier_contracts (
    id          TEXT PRIMARY KEY,
    supplier_id TEXT NOT NULL REFERENCES suppliers (id) DEFERRABLE INITIALLY DEFERRED,
    title       TEXT NOT NULL,
    starts_on   TEXT NOT NULL,
    ends_on     TEXT NOT NULL,
    terms       TEXT NOT NULL DEFAULT '',
    auto_renew  INTEGER NOT NULL CHECK (auto_renew IN (0, 1)),
    notice_days INTEGER NOT NULL,
    reference   TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX supplier_contracts_by_end ON supplier_contracts (deleted, ends_on);

CREATE TABLE supplier_evaluations (
    id          TEXT PRIMARY KEY,
    supplier_id TEXT NOT NULL REFERENCES suppliers (id) DEFERRABLE INITIALLY DEFERRED,
    period      TEXT NOT NULL,
    cooperation INTEGER NOT NULL CHECK (cooperation BETWEEN 1 AND 5),
    service     INTEGER NOT NULL CHECK (service BETWEEN 1 AND 5),
    technology  INTEGER NOT NULL CHECK (technology BETWEEN 1 AND 5),
    comment     TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX supplier_evaluations_by_supplier ON supplier_evaluations (supplier_id, period);
";

/// Version 4: a supplier has several contacts, in their own synced table like a customer's.
/// The single contact columns of version 3 move there (see [`move_supplier_contacts`]).
/// (It also indexes purchase order lines by product, for the product page.)
pub(crate) const MIGRATION_4: &str = "
CREATE TABLE supplier_contacts (
    id          TEXT PRIMARY KEY,
    supplier_id TEXT NOT NULL REFERENCES suppliers (id) DEFERRABLE INITIALLY DEFERRED,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    wechat      TEXT NOT NULL DEFAULT '',
    is_primary  INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
    position    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX supplier_contacts_by_supplier ON supplier_contacts (supplier_id, deleted, position);
CREATE INDEX supplier_contacts_primary ON supplier_contacts (supplier_id) WHERE is_primary = 1 AND deleted = 0;
CREATE INDEX po_lines_by_product ON po_lines (product_id, deleted);
CREATE INDEX supplies_by_supplier ON supplies (supplier_id, deleted);
CREATE INDEX supplier_contracts_by_supplier ON supplier_contracts (supplier_id, deleted, ends_on);
";

/// Moves each version-3 supplier's one contact into `supplier_contacts` (as its primary
/// contact, stamped with the supplier's own HLC so a sync treats it as that old write) and
/// drops the old columns. Old contacts are moved as they are, even without a phone or email,
/// so nothing typed is lost; the form asks for the missing part at the next edit.
pub(crate) fn move_supplier_contacts(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    let mut stmt = tx.prepare(
        "SELECT id, contact_name, phone, email, created_at, updated_at, updated_by FROM suppliers
         WHERE contact_name <> '' OR phone <> '' OR email <> ''",
    )?;
    let rows: Vec<(String, String, String, String, String, i64, String)> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    drop(stmt);
    for (supplier, name, phone, email, created, hlc, by) in rows {
        let id = chainbook_core::id::new_id(
            chainbook_core::hlc::Hlc::from_i64(hlc).wall_ms(),
            rand::Rng::random(&mut rand::rng()),
        )
        .to_string();
        let name = if name.is_empty() {
            "—".to_owned()
        } else {
            name
        };
        tx.execute(
            "INSERT INTO supplier_contacts (id, supplier_id, name, phone, email, is_primary, position,
                created_at, updated_at, updated_by, deleted)
             VALUES (?1, ?2, ?3, ?4, ?5, 1, 0, ?6, ?7, ?8, 0)",
            params![id, supplier, name, phone, email, created, hlc, by],
        )?;
        let fields = json!({
            "supplier_id": supplier, "name": name, "role": "", "phone": phone, "email": email,
            "wechat": "", "is_primary": 1, "position": 0, "created_at": created, "deleted": 0,
        });
        tx.execute(
            "INSERT INTO outbox (table_name, row_id, op, hlc, device, fields)
             VALUES ('supplier_contacts', ?1, 'insert', ?2, ?3, ?4)",
            params![id, hlc, by, fields.to_string()],
        )?;
    }
    tx.execute_batch(
        "ALTER TABLE suppliers DROP COLUMN contact_name;
         ALTER TABLE suppliers DROP COLUMN phone;
         ALTER TABLE suppliers DROP COLUMN email;",
    )?;
    Ok(())
}

/// Version 19: a supplier's status changes with their reason (insert-only; the supplier
/// scorecard's probation), and the date indexes the scorecards of every supplier read a
/// period through (lines due, receipts) instead of scanning all of purchasing.
pub(crate) const MIGRATION_19: &str = "
CREATE TABLE supplier_status_changes (
    id          TEXT PRIMARY KEY,
    supplier_id TEXT NOT NULL REFERENCES suppliers (id) DEFERRABLE INITIALLY DEFERRED,
    from_status TEXT NOT NULL,
    status      TEXT NOT NULL,
    reason      TEXT NOT NULL,
    at          TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX supplier_status_changes_by_supplier ON supplier_status_changes (supplier_id, at);
CREATE INDEX po_lines_by_expected ON po_lines (deleted, expected_on);
CREATE INDEX po_receipts_by_date ON po_receipts (deleted, received_on);
";

pub(crate) const TABLES: &[Synced] = &[
    Synced {
        name: "suppliers",
        kind: Kind::Record,
        columns: &["code", "name", "kind", "status", "categories", "notes"],
        feeds: &[],
    },
    Synced {
        name: "supplier_contacts",
        kind: Kind::Record,
        columns: crate::contacts::COLUMNS_WITH_SUPPLIER,
        feeds: &[],
    },
    Synced {
        name: "supplies",
        kind: Kind::Record,
        columns: &[
            "supplier_id",
            "product_id",
            "currency",
            "price",
            "lead_time_days",
            "preferred",
        ],
        feeds: &[],
    },
    Synced {
        name: "supplier_contracts",
        kind: Kind::Record,
        columns: &[
            "supplier_id",
            "title",
            "starts_on",
            "ends_on",
            "terms",
            "auto_renew",
            "notice_days",
            "reference",
        ],
        feeds: &[],
    },
    Synced {
        name: "supplier_evaluations",
        kind: Kind::Fact,
        columns: &[
            "supplier_id",
            "period",
            "cooperation",
            "service",
            "technology",
            "comment",
        ],
        feeds: &[],
    },
    Synced {
        name: "supplier_status_changes",
        kind: Kind::Fact,
        columns: &["supplier_id", "from_status", "status", "reason", "at"],
        feeds: &[],
    },
];
