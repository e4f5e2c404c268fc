//! Integrity checks that any Chainbook database must pass, whether the app wrote it through
//! `Store::create_customer` and friends or [`crate::build_dataset`] generated it:
//!
//! - SQLite's own checks: `PRAGMA integrity_check` (or the cheaper `quick_check`, see
//!   [`Depth`]) and `PRAGMA foreign_key_check`;
//! - the search index: every live customer has exactly one row in `customer_search` and one in
//!   `customer_search_short`, both under the customer's rowid (`customer_search.customer_id`
//!   naming the customer), and no other rows; with [`Depth::Full`] also FTS5's own
//!   `integrity-check` of both tables;
//! - `customer_tags` holds exactly the live customers' JSON `tags`, each row with its
//!   customer's filter columns;
//! - the field stamps of `customers`, `contacts` and `addresses` (a row's `updated_at` and
//!   `updated_by` stamp the fields it was inserted with; a field written later has its own
//!   entry in `field_stamps`, beside the row's insert stamp kept as field `''`): no stamp of a
//!   row that does not exist; every row with stamps has its insert stamp among them, none older
//!   than it, and its `updated_at`/`updated_by` is its latest stamp;
//! - the supply side, the same field-stamp rules for `products`, `stock_movements`, `suppliers`,
//!   `supplier_contacts` and `supplies`; no movement of quantity zero; exactly one live primary
//!   contact per supplier that has live contacts; at most one preferred live supply per product;
//!   no live supply of a deleted supplier or product;
//! - purchasing, the same field-stamp rules for `purchase_orders`, `po_lines`, `po_receipts`
//!   and `po_status_history`; every live purchase order has a live line and the status of its
//!   latest status change; every accepted receipt has its stock movement; a received order
//!   got all it ordered;
//! - sales orders, the same field-stamp rules for `sales_orders`, `so_lines`,
//!   `so_status_history`, `so_shipments` and `so_returns`; every live order has a live line and
//!   the status of its latest status change; no line ships more than ordered or takes back
//!   more than shipped; every shipment and return line has its stock movement (same product,
//!   signed quantity) and belongs to a line of its own order; `so_counts` equals a count of the
//!   live orders;
//! - the same field-stamp rules for every other synced table (complaints, surveys,
//!   interactions, segments), and for all of them (from the store's `registry`): stamps only
//!   of synced tables and of their columns, none of an insert-only fact; and no `change_log`
//!   entry while sync is off (so none in a generated dataset, which never turns sync on).
//!
//! [`check`] runs every check and reports all problems at once.

use std::path::Path;
use std::time::Instant;

use chainbook_store::registry;
use rusqlite::{Connection, OpenFlags};

/// How thorough [`check_with`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Everything: `PRAGMA integrity_check` (reads every page and cross-checks every index;
    /// the bundled SQLite also checks FTS5 indexes there) and FTS5's own `integrity-check` of
    /// both search tables.
    Full,
    /// `PRAGMA quick_check` instead (no index-content cross-check) and no FTS5
    /// `integrity-check`; every other check as in `Full`.
    Fast,
}

/// What a passing database holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub live_customers: u64,
    pub deleted_customers: u64,
    pub contacts: u64,
    pub addresses: u64,
    pub tag_rows: u64,
    pub search_rows: u64,
    /// Entries of `field_stamps`: none in a database whose rows were never changed after
    /// their insert.
    pub field_stamps: u64,
    /// Entries of `change_log`: none unless sync is on.
    pub change_log: u64,
    pub live_products: u64,
    pub stock_movements: u64,
    pub live_suppliers: u64,
    pub supplier_contacts: u64,
    pub supplies: u64,
    pub live_orders: u64,
    pub order_lines: u64,
    pub purchase_orders: u64,
    /// Wall time of the checks, milliseconds.
    pub ms: u64,
}

/// Runs every check ([`Depth::Full`]) on the database at `path`.
pub fn check(path: &Path) -> Result<Report, String> {
    check_with(path, Depth::Full)
}

/// Runs the checks on the database at `path`; `Err` lists every problem found, one a line.
///
/// Opens its own read-write connection (FTS5's `integrity-check` is written as an `INSERT`,
/// though it changes nothing); closing it removes the write-ahead log again, as the store's
/// close does. Nothing is written.
pub fn check_with(path: &Path, depth: Depth) -> Result<Report, String> {
    let started = Instant::now();
    if !path.is_file() {
        return Err(format!("{} is not a file", path.display()));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let mut problems = Vec::new();
    let report = run(&conn, depth, &mut problems).map_err(|e| format!("SQLite: {e}"))?;
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    Ok(Report {
        ms: started.elapsed().as_millis() as u64,
        ..report
    })
}

fn count(conn: &Connection, sql: &str) -> rusqlite::Result<u64> {
    conn.query_row(sql, [], |r| r.get::<_, i64>(0))
        .map(|n| n as u64)
}

/// Each check: a description of the problem and a query counting the rows that have it.
const COUNTED: &[(&str, &str)] = &[
    // The search index.
    (
        "live customers without exactly one customer_search row (with their id)",
        "SELECT count(*) FROM customers c WHERE c.deleted = 0 AND
             (SELECT count(*) FROM customer_search s
              WHERE s.rowid = c.rowid AND s.customer_id = c.id) <> 1",
    ),
    (
        "customer_search rows of no live customer, or naming another customer",
        "SELECT count(*) FROM customer_search s LEFT JOIN customers c ON c.rowid = s.rowid
         WHERE c.rowid IS NULL OR c.deleted <> 0 OR c.id IS NOT s.customer_id",
    ),
    (
        "live customers without exactly one customer_search_short row",
        "SELECT count(*) FROM customers c WHERE c.deleted = 0 AND
             (SELECT count(*) FROM customer_search_short s WHERE s.rowid = c.rowid) <> 1",
    ),
    (
        "customer_search_short rows of no live customer",
        "SELECT count(*) FROM customer_search_short s LEFT JOIN customers c ON c.rowid = s.rowid
         WHERE c.rowid IS NULL OR c.deleted <> 0",
    ),
    // Derived tags: exactly the live customers' JSON tags, both ways.
    (
        "customers.tags entries missing from customer_tags",
        "SELECT count(*) FROM (
             SELECT j.value, c.id FROM customers c, json_each(c.tags) j WHERE c.deleted = 0
             EXCEPT SELECT tag, customer_id FROM customer_tags)",
    ),
    (
        "customer_tags rows not in a live customer's tags",
        "SELECT count(*) FROM (
             SELECT tag, customer_id FROM customer_tags
             EXCEPT SELECT j.value, c.id FROM customers c, json_each(c.tags) j WHERE c.deleted = 0)",
    ),
    (
        "customer_tags rows whose filter columns differ from their customer's",
        "SELECT count(*) FROM customer_tags t JOIN customers c ON c.id = t.customer_id
         WHERE (t.channel, t.payment_method, t.lifecycle, t.owner, t.country, t.province, t.city)
            IS NOT (c.channel, c.payment_method, c.lifecycle, c.owner, c.country, c.province,
                    c.city)",
    ),
    (
        "customers whose tags column is not a JSON array of strings",
        "SELECT count(*) FROM customers c WHERE json_type(c.tags) IS NOT 'array'
             OR EXISTS (SELECT 1 FROM json_each(c.tags) j WHERE j.type <> 'text')",
    ),
];

/// Synced tables of customers, checked against their field stamps ([`stamp_checks`]).
const CUSTOMER_TABLES: &[&str] = &["customers", "contacts", "addresses"];

/// Synced tables of the supply side, checked against their field stamps like customers.
const SUPPLY_TABLES: &[&str] = &[
    "products",
    "stock_movements",
    "suppliers",
    "supplier_contacts",
    "supplies",
];

/// Synced tables of sales orders, checked against their field stamps like customers.
const ORDER_TABLES: &[&str] = &[
    "sales_orders",
    "so_lines",
    "so_status_history",
    "so_shipments",
    "so_returns",
];

/// Synced tables of purchasing, checked against their field stamps like customers.
const PURCHASE_TABLES: &[&str] = &[
    "purchase_orders",
    "po_lines",
    "po_receipts",
    "po_status_history",
];

/// Every side with its own checks, by the name its problems are reported under. Every other
/// synced table (complaints, surveys, interactions, segments) gets the same field-stamp checks
/// as "other synced-table" rows ([`other_tables`]).
pub(crate) const SIDES: &[(&str, &[&str])] = &[
    ("customer", CUSTOMER_TABLES),
    ("supply-side", SUPPLY_TABLES),
    ("purchasing", PURCHASE_TABLES),
    ("sales-order", ORDER_TABLES),
];

/// `'a', 'b', …`: names as an SQL list.
fn sql_list<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names
        .into_iter()
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The synced tables of no side in [`SIDES`].
pub(crate) fn other_tables() -> Vec<&'static str> {
    registry::all()
        .map(|s| s.name)
        .filter(|t| !SIDES.iter().any(|(_, tables)| tables.contains(t)))
        .collect()
}

/// The field-stamp checks of `tables` (the side named `side`), as [`COUNTED`].
///
/// A row's `updated_at`/`updated_by` stamp every field it was inserted with; a field written
/// after the insert has its own stamp in `field_stamps`, and the row's insert stamp is kept
/// there as field `''` at its first change. So a row with stamps has its insert stamp among
/// them, no stamp older than it, and its `updated_at`/`updated_by` is its latest stamp.
fn stamp_checks(side: &str, tables: &[&str]) -> Vec<(String, String)> {
    let mut checks = Vec::new();
    for t in tables {
        checks.push((
            format!("field_stamps entries for a row of {t} that does not exist"),
            format!(
                "SELECT count(*) FROM field_stamps s WHERE s.tbl = '{t}'
                     AND NOT EXISTS (SELECT 1 FROM {t} r WHERE r.id = s.row_id)"
            ),
        ));
    }
    let names = sql_list(tables.iter().copied());
    checks.push((
        format!("{side} rows with field stamps but no insert stamp ('')"),
        format!(
            "SELECT count(*) FROM (SELECT 1 FROM field_stamps WHERE tbl IN ({names})
                 GROUP BY tbl, row_id HAVING max(field = '') = 0)"
        ),
    ));
    // Table by table, so that each join looks rows up by their primary key.
    let latest = tables
        .iter()
        .map(|t| {
            format!(
                "(SELECT count(*) FROM (SELECT row_id, max(hlc) AS hlc FROM field_stamps
                      WHERE tbl = '{t}' GROUP BY row_id) l JOIN {t} r ON r.id = l.row_id
                  WHERE l.hlc <> r.updated_at OR NOT EXISTS
                      (SELECT 1 FROM field_stamps s WHERE s.tbl = '{t}' AND s.row_id = r.id
                       AND s.hlc = r.updated_at AND s.device = r.updated_by))"
            )
        })
        .collect::<Vec<_>>()
        .join(" + ");
    checks.push((
        format!("{side} rows whose updated_at/updated_by is not their latest field stamp"),
        format!("SELECT {latest}"),
    ));
    checks.push((
        format!("{side} field stamps older than their row's insert stamp"),
        format!(
            "SELECT count(*) FROM field_stamps s JOIN field_stamps i
                 ON i.tbl = s.tbl AND i.row_id = s.row_id AND i.field = ''
             WHERE s.tbl IN ({names}) AND s.field <> '' AND s.hlc < i.hlc"
        ),
    ));
    checks
}

/// The checks of the device-local sync tables that hold for every table, as [`COUNTED`]:
/// stamps only of synced tables, of their columns (or the tombstone, or `''`), never of an
/// insert-only fact (never changed after its insert); no change log while sync is off (it is
/// written only once sync is on, so never in a generated dataset).
fn sync_checks() -> Vec<(String, String)> {
    let synced = sql_list(registry::all().map(|s| s.name));
    let facts = sql_list(
        registry::all()
            .filter(|s| s.kind == registry::Kind::Fact)
            .map(|s| s.name),
    );
    let columns = registry::all()
        .map(|s| {
            format!(
                "(tbl = '{}' AND field IN ({}))",
                s.name,
                sql_list(s.columns.iter().copied().chain(["", "deleted"]))
            )
        })
        .collect::<Vec<_>>()
        .join(" OR ");
    vec![
        (
            "field stamps of a table that is not synced".into(),
            format!("SELECT count(*) FROM field_stamps WHERE tbl NOT IN ({synced})"),
        ),
        (
            "field stamps of a column their table does not have (or of a sync column)".into(),
            format!(
                "SELECT count(*) FROM field_stamps WHERE tbl IN ({synced}) AND NOT ({columns})"
            ),
        ),
        (
            "field stamps of insert-only facts".into(),
            format!("SELECT count(*) FROM field_stamps WHERE tbl IN ({facts})"),
        ),
        (
            "change_log entries while sync is off".into(),
            "SELECT count(*) FROM change_log
             WHERE NOT EXISTS (SELECT 1 FROM sync_state WHERE enabled = 1)"
                .into(),
        ),
    ]
}

/// Purchasing's checks, as [`COUNTED`].
fn purchase_checks() -> Vec<(String, String)> {
    let mut checks = stamp_checks("purchasing", PURCHASE_TABLES);
    for (what, sql) in [
        (
            "purchase orders without a line",
            "SELECT count(*) FROM purchase_orders o WHERE o.deleted = 0 AND NOT EXISTS
                 (SELECT 1 FROM po_lines l WHERE l.po_id = o.id AND l.deleted = 0)",
        ),
        (
            "purchase orders whose status is not that of their latest status change",
            "SELECT count(*) FROM purchase_orders o WHERE o.status IS NOT
                 (SELECT h.status FROM po_status_history h
                  WHERE h.po_id = o.id AND h.deleted = 0 ORDER BY h.at DESC, h.id DESC LIMIT 1)",
        ),
        (
            "receipts whose stock movement is missing or differs",
            "SELECT count(*) FROM po_receipts x JOIN po_lines l ON l.id = x.po_line_id
                 LEFT JOIN stock_movements m ON m.id = x.movement_id
             WHERE (x.accepted_milli > 0) <> (m.id IS NOT NULL)
                OR (m.id IS NOT NULL AND (m.product_id <> l.product_id OR m.kind <> 'receipt'
                                          OR m.qty_milli <> x.accepted_milli))",
        ),
        (
            "received or closed purchase orders with lines not fully delivered",
            "SELECT count(*) FROM purchase_orders o JOIN po_lines l ON l.po_id = o.id
             WHERE o.deleted = 0 AND o.status = 'received' AND l.qty_milli >
                 (SELECT ifnull(sum(x.accepted_milli + x.rejected_milli), 0)
                  FROM po_receipts x WHERE x.po_line_id = l.id)",
        ),
    ] {
        checks.push((what.into(), sql.into()));
    }
    checks
}

/// The supply side's checks, as [`COUNTED`].
fn supply_checks() -> Vec<(String, String)> {
    let mut checks = stamp_checks("supply-side", SUPPLY_TABLES);
    for (what, sql) in [
        (
            "stock movements of quantity zero",
            "SELECT count(*) FROM stock_movements WHERE qty_milli = 0",
        ),
        (
            "live suppliers with live contacts but not exactly one live primary contact",
            "SELECT count(*) FROM suppliers s WHERE s.deleted = 0
                 AND EXISTS (SELECT 1 FROM supplier_contacts c
                             WHERE c.supplier_id = s.id AND c.deleted = 0)
                 AND (SELECT count(*) FROM supplier_contacts c
                      WHERE c.supplier_id = s.id AND c.deleted = 0 AND c.is_primary = 1) <> 1",
        ),
        (
            "products with more than one preferred live supply",
            "SELECT count(*) FROM (SELECT product_id FROM supplies
                 WHERE deleted = 0 AND preferred = 1 GROUP BY product_id HAVING count(*) > 1)",
        ),
        (
            "live supplies of a deleted supplier or product",
            "SELECT count(*) FROM supplies x WHERE x.deleted = 0 AND (
                 EXISTS (SELECT 1 FROM suppliers s WHERE s.id = x.supplier_id AND s.deleted <> 0)
              OR EXISTS (SELECT 1 FROM products p WHERE p.id = x.product_id AND p.deleted <> 0))",
        ),
    ] {
        checks.push((what.into(), sql.into()));
    }
    checks
}

/// The sales orders' checks, as [`COUNTED`].
fn order_checks() -> Vec<(String, String)> {
    let mut checks = stamp_checks("sales-order", ORDER_TABLES);
    let moved = |table: &str, kind: &str, sign: &str| {
        format!(
            "SELECT count(*) FROM {table} x
                 LEFT JOIN so_lines l ON l.id = x.line_id
                 LEFT JOIN stock_movements m ON m.id = x.movement_id
             WHERE l.id IS NULL OR l.order_id <> x.order_id OR m.id IS NULL
                OR m.product_id <> l.product_id OR m.kind <> '{kind}'
                OR m.qty_milli <> {sign}x.qty_milli"
        )
    };
    for (what, sql) in [
        (
            "live orders without a live line",
            "SELECT count(*) FROM sales_orders o WHERE o.deleted = 0 AND NOT EXISTS
                 (SELECT 1 FROM so_lines l WHERE l.order_id = o.id AND l.deleted = 0)"
                .to_owned(),
        ),
        (
            "orders whose status is not that of their latest status change",
            "SELECT count(*) FROM sales_orders o WHERE o.status IS NOT
                 (SELECT h.status FROM so_status_history h
                  WHERE h.order_id = o.id AND h.deleted = 0 ORDER BY h.at DESC, h.id DESC LIMIT 1)"
                .to_owned(),
        ),
        (
            "order lines shipped beyond their quantity",
            "SELECT count(*) FROM (SELECT line_id, sum(qty_milli) AS q FROM so_shipments
                 WHERE deleted = 0 GROUP BY line_id) s JOIN so_lines l ON l.id = s.line_id
             WHERE s.q > l.qty_milli"
                .to_owned(),
        ),
        (
            "order lines taking back more than shipped",
            "SELECT count(*) FROM (SELECT line_id, sum(qty_milli) AS q FROM so_returns
                 WHERE deleted = 0 GROUP BY line_id) r
             WHERE r.q > (SELECT ifnull(sum(s.qty_milli), 0) FROM so_shipments s
                          WHERE s.line_id = r.line_id AND s.deleted = 0)"
                .to_owned(),
        ),
        (
            "so_counts rows that differ from a count of the live orders",
            "SELECT (SELECT count(*) FROM (
                 SELECT created_day, ordered_on, status, n FROM so_counts WHERE n <> 0
                 EXCEPT SELECT substr(created_at, 1, 10), ordered_on, status, count(*)
                     FROM sales_orders WHERE deleted = 0 GROUP BY 1, 2, 3))
             + (SELECT count(*) FROM (
                 SELECT substr(created_at, 1, 10), ordered_on, status, count(*)
                     FROM sales_orders WHERE deleted = 0 GROUP BY 1, 2, 3
                 EXCEPT SELECT created_day, ordered_on, status, n FROM so_counts))"
                .to_owned(),
        ),
        (
            "shipment lines without their movement, or of a line of another order",
            moved("so_shipments", "shipment", "-"),
        ),
        (
            "return lines without their movement, or of a line of another order",
            moved("so_returns", "return", ""),
        ),
    ] {
        checks.push((what.into(), sql));
    }
    checks
}

fn run(conn: &Connection, depth: Depth, problems: &mut Vec<String>) -> rusqlite::Result<Report> {
    // SQLite's own structure check.
    let pragma = match depth {
        Depth::Full => "integrity_check",
        Depth::Fast => "quick_check",
    };
    let lines: Vec<String> = conn
        .prepare(&format!("PRAGMA {pragma}"))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if lines != ["ok"] {
        problems.push(format!("PRAGMA {pragma}: {}", lines.join("; ")));
    }
    let fk: Vec<String> = conn
        .prepare("PRAGMA foreign_key_check")?
        .query_map([], |r| {
            Ok(format!(
                "{} rowid {:?} → {}",
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, String>(2)?
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    if !fk.is_empty() {
        let shown: Vec<&str> = fk.iter().take(5).map(String::as_str).collect();
        problems.push(format!(
            "PRAGMA foreign_key_check: {} violations, e.g. {}",
            fk.len(),
            shown.join(", ")
        ));
    }
    if depth == Depth::Full {
        for table in ["customer_search", "customer_search_short"] {
            // Compares the full-text index with the stored text; an error means they differ.
            if let Err(e) = conn.execute(
                &format!("INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)"),
                [],
            ) {
                problems.push(format!("FTS5 integrity-check of {table}: {e}"));
            }
        }
    }
    let customers = stamp_checks("customer", CUSTOMER_TABLES);
    let supply = supply_checks();
    let orders = order_checks();
    let purchases = purchase_checks();
    let others = stamp_checks("other synced-table", &other_tables());
    let sync = sync_checks();
    let all = COUNTED.iter().map(|(w, q)| (*w, *q)).chain(
        customers
            .iter()
            .chain(&supply)
            .chain(&orders)
            .chain(&purchases)
            .chain(&others)
            .chain(&sync)
            .map(|(w, q)| (w.as_str(), q.as_str())),
    );
    for (what, sql) in all {
        let n = count(conn, sql)?;
        if n > 0 {
            problems.push(format!("{n} {what}"));
        }
    }
    Ok(Report {
        live_customers: count(conn, "SELECT count(*) FROM customers WHERE deleted = 0")?,
        deleted_customers: count(conn, "SELECT count(*) FROM customers WHERE deleted <> 0")?,
        contacts: count(conn, "SELECT count(*) FROM contacts")?,
        addresses: count(conn, "SELECT count(*) FROM addresses")?,
        tag_rows: count(conn, "SELECT count(*) FROM customer_tags")?,
        search_rows: count(conn, "SELECT count(*) FROM customer_search")?,
        field_stamps: count(conn, "SELECT count(*) FROM field_stamps")?,
        change_log: count(conn, "SELECT count(*) FROM change_log")?,
        live_products: count(conn, "SELECT count(*) FROM products WHERE deleted = 0")?,
        stock_movements: count(conn, "SELECT count(*) FROM stock_movements")?,
        live_suppliers: count(conn, "SELECT count(*) FROM suppliers WHERE deleted = 0")?,
        supplier_contacts: count(conn, "SELECT count(*) FROM supplier_contacts")?,
        supplies: count(conn, "SELECT count(*) FROM supplies")?,
        live_orders: count(conn, "SELECT count(*) FROM sales_orders WHERE deleted = 0")?,
        order_lines: count(conn, "SELECT count(*) FROM so_lines")?,
        purchase_orders: count(
            conn,
            "SELECT count(*) FROM purchase_orders WHERE deleted = 0",
        )?,
        ms: 0,
    })
}
