//! The product table, its migrations and registered columns.

use crate::write::registry::{Kind, Synced};

pub(crate) const MIGRATION_3: &str = "
CREATE TABLE products (
    id             TEXT PRIMARY KEY,
    sku            TEXT NOT NULL,
    name           TEXT NOT NULL,
    unit           TEXT NOT NULL,
    category       TEXT NOT NULL DEFAULT '',
    currency       TEXT NOT NULL,
    price          TEXT NOT NULL,
    cost           TEXT NOT NULL,
    stage          TEXT NOT NULL CHECK (stage IN ('new', 'growth', 'mature', 'decline')),
    pack_size      INTEGER NOT NULL,
    min_order_qty  INTEGER NOT NULL,
    lead_time_days INTEGER NOT NULL,
    safety_stock   INTEGER NOT NULL,
    reorder_point  INTEGER NOT NULL,
    active         INTEGER NOT NULL CHECK (active IN (0, 1)),
    created_at     TEXT NOT NULL,
    updated_at     INTEGER NOT NULL,
    updated_by     TEXT NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE UNIQUE INDEX products_by_sku ON products (sku) WHERE deleted = 0;
CREATE INDEX products_by_name ON products (deleted, name, id);
CREATE INDEX products_by_category ON products (deleted, category, name);
";

/// Version 6: indexes that let every product list order (name, SKU, category; with or without
/// inactive products) walk an index for its page and answer its count from the index, instead
/// of sorting every product and summing each one's stock (measured in docs/benchmarks.md).
pub(crate) const MIGRATION_6: &str = "
DROP INDEX products_by_name;
DROP INDEX products_by_category;
CREATE INDEX products_active_by_name     ON products (deleted, active, name, id, sku);
CREATE INDEX products_active_by_sku      ON products (deleted, active, sku, id, name);
CREATE INDEX products_active_by_category ON products (deleted, active, category, name, id, sku);
CREATE INDEX products_by_name            ON products (deleted, name, id, sku);
CREATE INDEX products_by_sku_order       ON products (deleted, sku, id, name);
CREATE INDEX products_by_category        ON products (deleted, category, name, id, sku);
";

pub(crate) const TABLES: &[Synced] = &[Synced {
    name: "products",
    kind: Kind::Record,
    columns: &[
        "sku",
        "name",
        "unit",
        "category",
        "currency",
        "price",
        "cost",
        "stage",
        "pack_size",
        "min_order_qty",
        "lead_time_days",
        "safety_stock",
        "reorder_point",
        "active",
    ],
    feeds: &[],
}];
