//! The customer tables: their migrations, the columns each synced table registers, and the
//! planner statistics that filtered lists depend on.

use rusqlite::Connection;

use crate::write::registry::{Derived, Feed, Kind, Synced};
use crate::Result;

pub(crate) const MIGRATION_1: &str = "
CREATE TABLE customers (
    id           TEXT PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL CHECK (kind IN ('company', 'person')),
    name         TEXT NOT NULL,
    phone        TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    country      TEXT NOT NULL DEFAULT '',
    province     TEXT NOT NULL DEFAULT '',
    city         TEXT NOT NULL DEFAULT '',
    tags         TEXT NOT NULL DEFAULT '[]',
    credit_limit TEXT NOT NULL DEFAULT '0',
    currency     TEXT NOT NULL,
    notes        TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   INTEGER NOT NULL,
    updated_by   TEXT NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX customers_by_name ON customers (deleted, name, id);
CREATE INDEX customers_by_city ON customers (deleted, city, id);
CREATE INDEX customers_by_created ON customers (deleted, created_at, id);
CREATE INDEX customers_by_updated ON customers (deleted, updated_at, id);
";

pub(crate) const MIGRATION_2: &str = "
ALTER TABLE customers ADD COLUMN channel TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN payment_method TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN payment_terms TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN lifecycle TEXT NOT NULL DEFAULT 'new';
ALTER TABLE customers ADD COLUMN owner TEXT NOT NULL DEFAULT '';
CREATE INDEX customers_by_channel ON customers (deleted, channel);
CREATE INDEX customers_by_payment ON customers (deleted, payment_method);
CREATE INDEX customers_by_lifecycle ON customers (deleted, lifecycle);
CREATE INDEX customers_by_owner ON customers (deleted, owner);
CREATE INDEX customers_by_geo ON customers (deleted, country, province, city);
CREATE INDEX customers_by_province ON customers (deleted, province, city);
-- Covers the filter columns in name order, so a filtered list sorted by name reads only the
-- index until the page is full instead of visiting every row.
CREATE INDEX customers_by_name_filters ON customers
    (deleted, name, id, country, province, city, lifecycle, channel, payment_method, owner);

CREATE TABLE contacts (
    id          TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (id) DEFERRABLE INITIALLY DEFERRED,
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
CREATE INDEX contacts_by_customer ON contacts (customer_id, deleted, position);

CREATE TABLE addresses (
    id          TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (id) DEFERRABLE INITIALLY DEFERRED,
    kind        TEXT NOT NULL CHECK (kind IN ('billing', 'shipping')),
    country     TEXT NOT NULL,
    province    TEXT NOT NULL DEFAULT '',
    city        TEXT NOT NULL DEFAULT '',
    street      TEXT NOT NULL DEFAULT '',
    postcode    TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX addresses_by_customer ON addresses (customer_id, deleted, position);

-- Derived from customers.tags for fast tag filters; rebuilt on every save, never synced.
CREATE TABLE customer_tags (
    tag         TEXT NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers (id) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (tag, customer_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX customer_tags_by_customer ON customer_tags (customer_id);
INSERT OR IGNORE INTO customer_tags (tag, customer_id)
    SELECT j.value, c.id FROM customers c, json_each(c.tags) j WHERE c.deleted = 0;
";

/// Version 8: combined filters counted from indexes instead of rows.
///
/// - Each derived tag row carries its customer's filter columns (kept in the save's
///   transaction by `replace_tags`), so a tag filter combined with column filters is counted
///   from `customer_tags` alone and the page joins only the customers that match.
/// - `(deleted, province, lifecycle)` and `(deleted, lifecycle, country)` count the common
///   province + lifecycle and lifecycle + domestic/international filters from the index alone;
///   the second replaces `customers_by_lifecycle`, of which it is an extension.
pub(crate) const MIGRATION_8: &str = "
DROP TABLE customer_tags;
CREATE TABLE customer_tags (
    tag            TEXT NOT NULL,
    customer_id    TEXT NOT NULL REFERENCES customers (id) DEFERRABLE INITIALLY DEFERRED,
    channel        TEXT NOT NULL,
    payment_method TEXT NOT NULL,
    lifecycle      TEXT NOT NULL,
    owner          TEXT NOT NULL,
    country        TEXT NOT NULL,
    province       TEXT NOT NULL,
    city           TEXT NOT NULL,
    PRIMARY KEY (tag, customer_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX customer_tags_by_customer ON customer_tags (customer_id);
INSERT OR IGNORE INTO customer_tags
    (tag, customer_id, channel, payment_method, lifecycle, owner, country, province, city)
    SELECT j.value, c.id, c.channel, c.payment_method, c.lifecycle, c.owner, c.country,
           c.province, c.city
    FROM customers c, json_each(c.tags) j WHERE c.deleted = 0;
CREATE INDEX customers_by_province_lifecycle ON customers (deleted, province, lifecycle);
DROP INDEX customers_by_lifecycle;
CREATE INDEX customers_by_lifecycle_country ON customers (deleted, lifecycle, country);
";

/// The filter columns each `customer_tags` row copies from its customer.
pub(crate) const TAG_FILTER_COLUMNS: &str =
    "channel, payment_method, lifecycle, owner, country, province, city";

/// A customer's derived rows: its tags (with the filter columns) and its search rows.
const CUSTOMER_FEEDS: &[Feed] = &[
    Feed {
        derived: Derived::CustomerTags,
        key: "id",
    },
    Feed {
        derived: Derived::CustomerSearch,
        key: "id",
    },
];

pub(crate) const TABLES: &[Synced] = &[
    Synced {
        name: "customers",
        kind: Kind::Record,
        columns: &[
            "code",
            "kind",
            "name",
            "phone",
            "email",
            "country",
            "province",
            "city",
            "tags",
            "credit_limit",
            "currency",
            "notes",
            "channel",
            "payment_method",
            "payment_terms",
            "lifecycle",
            "owner",
            "lifecycle_pinned",
        ],
        feeds: CUSTOMER_FEEDS,
    },
    Synced {
        name: "contacts",
        kind: Kind::Record,
        columns: crate::contacts::COLUMNS_WITH_CUSTOMER,
        feeds: &[Feed {
            derived: Derived::CustomerSearch,
            key: "customer_id",
        }],
    },
    Synced {
        name: "addresses",
        kind: Kind::Record,
        columns: &[
            "customer_id",
            "kind",
            "country",
            "province",
            "city",
            "street",
            "postcode",
            "position",
        ],
        feeds: &[],
    },
];

/// Below this many customers the planner's defaults are fine and statistics are not worth it.
const STATISTICS_MIN_CUSTOMERS: i64 = 1_000;

/// Refreshes the planner's statistics (sampled with `analysis_limit`, so it takes
/// milliseconds), unless the database is nearly empty: statistics that say "empty" make the
/// planner choose scans that get slower with every row added.
pub(crate) fn refresh_statistics(conn: &Connection) -> Result<()> {
    let n: i64 = conn.query_row("SELECT count(*) FROM customers", [], |r| r.get(0))?;
    if n >= STATISTICS_MIN_CUSTOMERS {
        conn.execute_batch("PRAGMA analysis_limit = 1000; ANALYZE;")?;
    }
    Ok(())
}

/// Migration step after [`MIGRATION_8`] (and the complaint indexes of version 10): statistics
/// for the new indexes, so that an upgraded database plans combined filters as a fresh import
/// does.
pub(crate) fn refresh_statistics_step(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    refresh_statistics(tx)
}
