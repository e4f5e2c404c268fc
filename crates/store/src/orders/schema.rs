//! The sales-order tables (orders, lines, status history, shipments, returns) and the derived
//! per-day counts, their migrations and registered columns.

use chainbook_core::facts::Fact;
use rusqlite::params;

use crate::write::registry::{Derived, Feed, Kind, Synced};
use crate::Result;

pub(crate) const MIGRATION_5: &str = "
CREATE TABLE sales_orders (
    id              TEXT PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE,
    customer_id     TEXT NOT NULL REFERENCES customers (id) DEFERRABLE INITIALLY DEFERRED,
    status          TEXT NOT NULL,
    currency        TEXT NOT NULL,
    channel         TEXT NOT NULL DEFAULT '',
    payment_method  TEXT NOT NULL DEFAULT '',
    ordered_on      TEXT NOT NULL,
    promised_on     TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    credit_override INTEGER NOT NULL DEFAULT 0 CHECK (credit_override IN (0, 1)),
    backorder       INTEGER NOT NULL DEFAULT 0 CHECK (backorder IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      INTEGER NOT NULL,
    updated_by      TEXT NOT NULL,
    deleted         INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX sales_orders_by_created ON sales_orders (deleted, created_at, id);
CREATE INDEX sales_orders_by_status ON sales_orders (deleted, status, created_at, id);
CREATE INDEX sales_orders_by_customer ON sales_orders (customer_id, deleted, created_at);

CREATE TABLE so_lines (
    id           TEXT PRIMARY KEY,
    order_id     TEXT NOT NULL REFERENCES sales_orders (id) DEFERRABLE INITIALLY DEFERRED,
    product_id   TEXT NOT NULL REFERENCES products (id) DEFERRABLE INITIALLY DEFERRED,
    qty_milli    INTEGER NOT NULL CHECK (qty_milli > 0),
    unit_price   TEXT NOT NULL,
    discount_pct TEXT NOT NULL DEFAULT '0',
    tax_rate_pct TEXT NOT NULL DEFAULT '0',
    position     INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   INTEGER NOT NULL,
    updated_by   TEXT NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX so_lines_by_order ON so_lines (order_id, deleted, position);
CREATE INDEX so_lines_by_product ON so_lines (product_id, deleted);

-- Insert-only: every status change with its time.
CREATE TABLE so_status_history (
    id         TEXT PRIMARY KEY,
    order_id   TEXT NOT NULL REFERENCES sales_orders (id) DEFERRABLE INITIALLY DEFERRED,
    status     TEXT NOT NULL,
    at         TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX so_status_history_by_order ON so_status_history (order_id, at);

-- Insert-only: one row per line per shipment.
CREATE TABLE so_shipments (
    id          TEXT PRIMARY KEY,
    order_id    TEXT NOT NULL REFERENCES sales_orders (id) DEFERRABLE INITIALLY DEFERRED,
    line_id     TEXT NOT NULL REFERENCES so_lines (id) DEFERRABLE INITIALLY DEFERRED,
    shipped_on  TEXT NOT NULL,
    qty_milli   INTEGER NOT NULL CHECK (qty_milli > 0),
    carrier     TEXT NOT NULL DEFAULT '',
    tracking    TEXT NOT NULL DEFAULT '',
    movement_id TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX so_shipments_by_order ON so_shipments (order_id, shipped_on);
CREATE INDEX so_shipments_by_line ON so_shipments (line_id);

-- Insert-only: one row per line per return.
CREATE TABLE so_returns (
    id          TEXT PRIMARY KEY,
    order_id    TEXT NOT NULL REFERENCES sales_orders (id) DEFERRABLE INITIALLY DEFERRED,
    line_id     TEXT NOT NULL REFERENCES so_lines (id) DEFERRABLE INITIALLY DEFERRED,
    returned_on TEXT NOT NULL,
    qty_milli   INTEGER NOT NULL CHECK (qty_milli > 0),
    reason      TEXT NOT NULL CHECK (reason IN ('wrong_item', 'damaged', 'quality', 'other')),
    note        TEXT NOT NULL DEFAULT '',
    movement_id TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX so_returns_by_order ON so_returns (order_id, returned_on);
";

/// The order list at a million orders: counts that need not be counted, and indexes for the
/// customer and late filters.
///
/// `so_counts` holds the number of live orders per creation day (UTC), order date and status.
/// Triggers keep it in the transaction of every write of `sales_orders` — whichever code
/// writes (the order calls, imports, a future sync) — so the list's total for a status or a
/// range of order dates is a sum over a few thousand rows instead of a count over every order,
/// and the same counts say on which creation day a deep page starts. Rows whose count fell to
/// zero stay (at most one per day, date and status). The table is derived and local: no
/// outbox entries, rebuilt from `sales_orders` here.
///
/// `sales_orders_by_customer` gains `id`, so a customer's orders come out of it in list order
/// (newest first, ties by id) instead of being sorted; `sales_orders_open` holds the open
/// orders (a few percent of all) in list order with their promised date, status and order date,
/// so late orders are counted and listed from it alone.
pub(crate) const MIGRATION_9: &str = "
CREATE TABLE so_counts (
    created_day TEXT NOT NULL,
    ordered_on  TEXT NOT NULL,
    status      TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (created_day, ordered_on, status)
) STRICT, WITHOUT ROWID;
INSERT INTO so_counts (created_day, ordered_on, status, n)
    SELECT substr(created_at, 1, 10), ordered_on, status, count(*) FROM sales_orders
    WHERE deleted = 0 GROUP BY 1, 2, 3;
CREATE TRIGGER so_counts_on_insert AFTER INSERT ON sales_orders WHEN NEW.deleted = 0
BEGIN
    INSERT INTO so_counts (created_day, ordered_on, status, n)
        VALUES (substr(NEW.created_at, 1, 10), NEW.ordered_on, NEW.status, 1)
        ON CONFLICT (created_day, ordered_on, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER so_counts_on_update
    AFTER UPDATE OF created_at, ordered_on, status, deleted ON sales_orders
BEGIN
    UPDATE so_counts SET n = n - 1
        WHERE OLD.deleted = 0 AND created_day = substr(OLD.created_at, 1, 10)
          AND ordered_on = OLD.ordered_on AND status = OLD.status;
    INSERT INTO so_counts (created_day, ordered_on, status, n)
        SELECT substr(NEW.created_at, 1, 10), NEW.ordered_on, NEW.status, 1
        WHERE NEW.deleted = 0
        ON CONFLICT (created_day, ordered_on, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER so_counts_on_delete AFTER DELETE ON sales_orders WHEN OLD.deleted = 0
BEGIN
    UPDATE so_counts SET n = n - 1
        WHERE created_day = substr(OLD.created_at, 1, 10) AND ordered_on = OLD.ordered_on
          AND status = OLD.status;
END;

DROP INDEX sales_orders_by_customer;
CREATE INDEX sales_orders_by_customer ON sales_orders (customer_id, deleted, created_at, id);
CREATE INDEX sales_orders_open
    ON sales_orders (created_at, id, promised_on, status, ordered_on, deleted)
    WHERE deleted = 0 AND status IN ('draft', 'confirmed', 'picking', 'shipped');
";

/// Version 12: a status change records what the app knows as facts (a back-order, a credit
/// override with its amounts; `chainbook_core::facts::Fact` JSON) beside the note a user
/// wrote, instead of English sentences in the note. [`facts_from_notes`] converts the notes
/// earlier versions wrote.
pub(crate) const MIGRATION_12: &str = "
ALTER TABLE so_status_history ADD COLUMN facts TEXT NOT NULL DEFAULT '';
";

/// Turns the notes that versions before 12 wrote on confirmation ("back-order: 2 line(s)
/// short", "credit override: open 800.00 + order 300.00 > limit 1000.00", joined with "; ")
/// into facts, keeping any other text as the note. This reads the old prose once, here, so
/// nothing else ever has to. The rows change in place without outbox entries: no device has
/// synced yet, and the history stays what it was, only structured.
pub(crate) fn facts_from_notes(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    let rows: Vec<(String, String, String)> = tx
        .prepare(
            "SELECT h.id, h.note, o.currency FROM so_status_history h
             JOIN sales_orders o ON o.id = h.order_id
             WHERE h.note LIKE 'back-order: %' OR h.note LIKE '%credit override%'",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, note, currency) in rows {
        let (facts, rest) = parse_old_note(&note, &currency);
        tx.execute(
            "UPDATE so_status_history SET note = ?2, facts = ?3 WHERE id = ?1",
            params![id, rest, Fact::list_to_json(&facts)],
        )?;
    }
    Ok(())
}

/// The facts in an old confirmation note and the text that was not one of them.
fn parse_old_note(note: &str, currency: &str) -> (Vec<Fact>, String) {
    let mut facts = Vec::new();
    let mut rest = Vec::new();
    for part in note.split("; ").map(str::trim) {
        if let Some(n) = part
            .strip_prefix("back-order: ")
            .and_then(|p| p.strip_suffix(" line(s) short"))
            .and_then(|n| n.parse().ok())
        {
            facts.push(Fact::Backorder { lines: n });
        } else if let Some(amounts) = part.strip_prefix("credit override: open ") {
            let words: Vec<&str> = amounts.split_whitespace().collect();
            match words.as_slice() {
                [open, "+", "order", order, ">", "limit", limit] => {
                    facts.push(Fact::CreditOverride {
                        open: (*open).to_owned(),
                        order: (*order).to_owned(),
                        limit: (*limit).to_owned(),
                        currency: currency.to_owned(),
                    })
                }
                _ => rest.push(part),
            }
        } else if !part.is_empty() {
            rest.push(part);
        }
    }
    (facts, rest.join("; "))
}

pub(crate) const TABLES: &[Synced] = &[
    Synced {
        name: "sales_orders",
        kind: Kind::Record,
        columns: &[
            "number",
            "customer_id",
            "status",
            "currency",
            "channel",
            "payment_method",
            "ordered_on",
            "promised_on",
            "notes",
            "credit_override",
            "backorder",
        ],
        feeds: &[
            Feed {
                derived: Derived::OrderCounts,
                key: "id",
            },
            Feed {
                derived: Derived::OrderTotals,
                key: "id",
            },
            Feed {
                derived: Derived::CustomerRhythm,
                key: "customer_id",
            },
        ],
    },
    Synced {
        name: "so_lines",
        kind: Kind::Record,
        columns: &[
            "order_id",
            "product_id",
            "qty_milli",
            "unit_price",
            "discount_pct",
            "tax_rate_pct",
            "position",
        ],
        feeds: &[Feed {
            derived: Derived::OrderTotals,
            key: "order_id",
        }],
    },
    Synced {
        name: "so_status_history",
        kind: Kind::Fact,
        columns: &["order_id", "status", "at", "note", "facts"],
        feeds: &[Feed {
            derived: Derived::OrderTotals,
            key: "order_id",
        }],
    },
    Synced {
        name: "so_shipments",
        kind: Kind::Fact,
        columns: &[
            "order_id",
            "line_id",
            "shipped_on",
            "qty_milli",
            "carrier",
            "tracking",
            "movement_id",
        ],
        feeds: &[
            Feed {
                derived: Derived::OrderTotals,
                key: "order_id",
            },
            Feed {
                derived: Derived::DemandDays,
                key: "line_id",
            },
        ],
    },
    Synced {
        name: "so_returns",
        kind: Kind::Fact,
        columns: &[
            "order_id",
            "line_id",
            "returned_on",
            "qty_milli",
            "reason",
            "note",
            "movement_id",
        ],
        feeds: &[
            Feed {
                derived: Derived::OrderTotals,
                key: "order_id",
            },
            Feed {
                derived: Derived::DemandDays,
                key: "line_id",
            },
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_confirmation_notes_become_facts() {
        let (facts, rest) = parse_old_note(
            "back-order: 2 line(s) short; credit override: open 800.00 + order 300.00 > limit 1000.00",
            "CNY",
        );
        assert_eq!(
            facts,
            vec![
                Fact::Backorder { lines: 2 },
                Fact::CreditOverride {
                    open: "800.00".into(),
                    order: "300.00".into(),
                    limit: "1000.00".into(),
                    currency: "CNY".into(),
                }
            ]
        );
        assert_eq!(rest, "");
        let (facts, rest) = parse_old_note("credit override; 客户同意预付", "CNY");
        assert!(facts.is_empty());
        assert_eq!(rest, "credit override; 客户同意预付");
    }
}
