//! Reserved and on-order quantities: one SQL text each, read per product (the product page and
//! list, as correlated sums over the product's lines) or for every product at once (the plan,
//! walking only open orders through their status indexes).

use std::collections::HashMap;

use chainbook_core::product::Qty;
use rusqlite::Connection;
use uuid::Uuid;

use crate::row::RowExt;
use crate::Result;

/// Sales-order statuses whose unshipped quantities are reserved (as the confirmation's stock
/// check counts them).
const RESERVING: &str = "('confirmed', 'picking', 'shipped')";
/// Purchase-order statuses whose unreceived quantities are on order.
const ORDERING: &str = "('draft', 'sent', 'partially_received')";

/// A line's unshipped quantity (`l` a `so_lines` row).
const UNSHIPPED: &str = "max(l.qty_milli - ifnull((SELECT sum(s.qty_milli) FROM so_shipments s
    WHERE s.line_id = l.id AND s.deleted = 0), 0), 0)";
/// A PO line's quantity not yet received, accepted or rejected (`l` a `po_lines` row).
const UNRECEIVED: &str = "max(l.qty_milli - ifnull((SELECT sum(r.accepted_milli + r.rejected_milli)
    FROM po_receipts r WHERE r.po_line_id = l.id AND r.deleted = 0), 0), 0)";

/// The reserved quantity of the product whose id is the SQL expression `product`.
pub(crate) fn reserved_sql(product: &str) -> String {
    reserved_sql_where(product, "")
}

/// [`reserved_sql`] with a further condition on the order `o` (the confirmation's check
/// leaves out the order being confirmed).
pub(crate) fn reserved_sql_where(product: &str, and: &str) -> String {
    format!(
        "(SELECT ifnull(sum({UNSHIPPED}), 0) FROM so_lines l CROSS JOIN sales_orders o
          WHERE o.id = l.order_id AND l.product_id = {product} AND l.deleted = 0
            AND o.deleted = 0 AND o.status IN {RESERVING} {and})"
    )
}

/// The on-order quantity of the product whose id is the SQL expression `product`.
pub(crate) fn on_order_sql(product: &str) -> String {
    format!(
        "(SELECT ifnull(sum({UNRECEIVED}), 0) FROM po_lines l CROSS JOIN purchase_orders o
          WHERE o.id = l.po_id AND l.product_id = {product} AND l.deleted = 0
            AND o.deleted = 0 AND o.status IN {ORDERING})"
    )
}

/// `(product_id, reserved)` of every product with a reservation, as SQL to join (the
/// available sort of the product list).
pub(crate) fn all_reserved_sql() -> String {
    format!(
        "SELECT l.product_id AS product_id, sum({UNSHIPPED}) AS reserved FROM sales_orders o
         JOIN so_lines l ON l.order_id = o.id AND l.deleted = 0
         WHERE o.deleted = 0 AND o.status IN {RESERVING} GROUP BY l.product_id"
    )
}

fn per_product(conn: &Connection, sql: &str) -> Result<HashMap<Uuid, Qty>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([], |r| Ok((r.uuid(0)?, Qty(r.get(1)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every product's reserved quantity (products with none are absent).
pub(crate) fn all_reserved(conn: &Connection) -> Result<HashMap<Uuid, Qty>> {
    per_product(conn, &all_reserved_sql())
}

/// Every product's on-order quantity (products with none are absent).
pub(crate) fn all_on_order(conn: &Connection) -> Result<HashMap<Uuid, Qty>> {
    per_product(
        conn,
        &format!(
            "SELECT l.product_id, sum({UNRECEIVED}) FROM purchase_orders o
             JOIN po_lines l ON l.po_id = o.id AND l.deleted = 0
             WHERE o.deleted = 0 AND o.status IN {ORDERING} GROUP BY l.product_id"
        ),
    )
}

/// Every product's on hand (the ledger's sum, read from its monthly sums).
pub(crate) fn all_on_hand(conn: &Connection) -> Result<HashMap<Uuid, Qty>> {
    per_product(
        conn,
        "SELECT product_id, sum(net_milli) FROM stock_months GROUP BY product_id",
    )
}
