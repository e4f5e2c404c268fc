//! The stock ledger and stock count tables, their migrations and registered columns.

use crate::write::registry::{Derived, Feed, Kind, Synced};

/// Version 3 (with the product table, in `products::schema`): the ledger and stock counts.
pub(crate) const MIGRATION_3: &str = "
CREATE TABLE stock_movements (
    id          TEXT PRIMARY KEY,
    product_id  TEXT NOT NULL REFERENCES products (id) DEFERRABLE INITIALLY DEFERRED,
    kind        TEXT NOT NULL CHECK (kind IN ('receipt', 'shipment', 'return', 'adjustment', 'count_correction')),
    qty_milli   INTEGER NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    reference   TEXT NOT NULL DEFAULT '',
    occurred_at TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX stock_movements_by_product ON stock_movements (product_id, deleted, occurred_at, qty_milli);

CREATE TABLE stock_counts (
    id         TEXT PRIMARY KEY,
    note       TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL CHECK (status IN ('open', 'posted', 'cancelled')),
    started_at TEXT NOT NULL,
    closed_at  TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE TABLE stock_count_lines (
    id             TEXT PRIMARY KEY,
    count_id       TEXT NOT NULL REFERENCES stock_counts (id) DEFERRABLE INITIALLY DEFERRED,
    product_id     TEXT NOT NULL REFERENCES products (id) DEFERRABLE INITIALLY DEFERRED,
    expected_milli INTEGER NOT NULL,
    counted_milli  INTEGER,
    created_at     TEXT NOT NULL,
    updated_at     INTEGER NOT NULL,
    updated_by     TEXT NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    UNIQUE (count_id, product_id)
) STRICT;
";

/// Version 12: a count correction's reference is its count's id (it was `count <id>`, text the
/// UI had to read back), and a movement keeps its business date (`occurred_on`, the day the goods moved as
/// the user entered it) beside the moment it happened or was recorded (`occurred_at`). Before,
/// shipments, returns and receipts were stamped noon of their date, so a product's history
/// listed a shipment before the receipt that made it possible. Histories and charts order by
/// the date, then the moment. Rows written before keep their stamped time.
pub(crate) const MIGRATION_12: &str = "
ALTER TABLE stock_movements ADD COLUMN occurred_on TEXT NOT NULL DEFAULT '';
UPDATE stock_movements SET occurred_on = substr(occurred_at, 1, 10);
UPDATE stock_movements SET reference = substr(reference, 7)
    WHERE kind = 'count_correction' AND reference LIKE 'count %';
DROP INDEX stock_movements_by_product;
CREATE INDEX stock_movements_by_product
    ON stock_movements (product_id, deleted, occurred_on, occurred_at, qty_milli);
";

/// Version 16: `stock_months`, each product's movements summed per month of their business
/// date (`occurred_on`): the net quantity and the part that shipments and returns moved. The
/// stock figures of a period (inventory turnover, days of supply) need every product's stock
/// on two days and what left between them; from the months they read a few rows per product
/// and only the boundary months' own movements, instead of the whole ledger (eleven million
/// movements at L). Triggers keep it in the transaction of every write of `stock_movements`,
/// whoever writes (the stock calls, orders, purchasing, imports, changes from another device),
/// as `so_counts` is kept for orders. Derived and local: no change-log entries, rebuilt here.
pub(crate) const MIGRATION_16: &str = "
CREATE TABLE stock_months (
    product_id TEXT NOT NULL,
    month      TEXT NOT NULL,
    net_milli  INTEGER NOT NULL,
    out_milli  INTEGER NOT NULL,
    PRIMARY KEY (product_id, month)
) STRICT, WITHOUT ROWID;
INSERT INTO stock_months (product_id, month, net_milli, out_milli)
    SELECT product_id, substr(occurred_on, 1, 7), sum(qty_milli),
           sum(CASE WHEN kind IN ('shipment', 'return') THEN qty_milli ELSE 0 END)
    FROM stock_movements WHERE deleted = 0 GROUP BY 1, 2;
CREATE TRIGGER stock_months_on_insert AFTER INSERT ON stock_movements WHEN NEW.deleted = 0
BEGIN
    INSERT INTO stock_months (product_id, month, net_milli, out_milli)
        VALUES (NEW.product_id, substr(NEW.occurred_on, 1, 7), NEW.qty_milli,
                CASE WHEN NEW.kind IN ('shipment', 'return') THEN NEW.qty_milli ELSE 0 END)
        ON CONFLICT (product_id, month) DO UPDATE
        SET net_milli = net_milli + excluded.net_milli,
            out_milli = out_milli + excluded.out_milli;
END;
CREATE TRIGGER stock_months_on_update
    AFTER UPDATE OF product_id, kind, qty_milli, occurred_on, deleted ON stock_movements
BEGIN
    UPDATE stock_months
        SET net_milli = net_milli - OLD.qty_milli,
            out_milli = out_milli
                - CASE WHEN OLD.kind IN ('shipment', 'return') THEN OLD.qty_milli ELSE 0 END
        WHERE OLD.deleted = 0 AND product_id = OLD.product_id
          AND month = substr(OLD.occurred_on, 1, 7);
    INSERT INTO stock_months (product_id, month, net_milli, out_milli)
        SELECT NEW.product_id, substr(NEW.occurred_on, 1, 7), NEW.qty_milli,
               CASE WHEN NEW.kind IN ('shipment', 'return') THEN NEW.qty_milli ELSE 0 END
        WHERE NEW.deleted = 0
        ON CONFLICT (product_id, month) DO UPDATE
        SET net_milli = net_milli + excluded.net_milli,
            out_milli = out_milli + excluded.out_milli;
END;
CREATE TRIGGER stock_months_on_delete AFTER DELETE ON stock_movements WHEN OLD.deleted = 0
BEGIN
    UPDATE stock_months
        SET net_milli = net_milli - OLD.qty_milli,
            out_milli = out_milli
                - CASE WHEN OLD.kind IN ('shipment', 'return') THEN OLD.qty_milli ELSE 0 END
        WHERE product_id = OLD.product_id AND month = substr(OLD.occurred_on, 1, 7);
END;
";

pub(crate) const TABLES: &[Synced] = &[
    Synced {
        name: "stock_movements",
        kind: Kind::Fact,
        columns: &[
            "product_id",
            "kind",
            "qty_milli",
            "reason",
            "reference",
            "occurred_at",
            "occurred_on",
        ],
        feeds: &[Feed {
            derived: Derived::StockMonths,
            key: "product_id",
        }],
    },
    Synced {
        name: "stock_counts",
        kind: Kind::Record,
        columns: &["note", "status", "started_at", "closed_at"],
        feeds: &[],
    },
    Synced {
        name: "stock_count_lines",
        kind: Kind::Record,
        columns: &["count_id", "product_id", "expected_milli", "counted_milli"],
        feeds: &[],
    },
];
