//! `so_totals`: each live order's net, tax and gross (computed from its lines by
//! `core::order`'s rounding rule) with what analytics select orders by — customer, currency,
//! status, order date — and, since schema 14, the facts of its delivery that the order
//! indicators read (`analytics::orders`): the promised date, the first confirmation and
//! shipment times, the first delivery day, whether it shipped in one go and whether anything
//! came back. Derived: rebuilt for an order inside every write that changes it, its lines,
//! status history, shipments or returns (registry feeds), never synced, so a year of revenue
//! or deliveries is a range of one narrow table instead of every line and status change.

use chainbook_core::order::totals;
use rusqlite::{params, OptionalExtension, Transaction};

use super::read::line_money;
use crate::Result;

pub(crate) const MIGRATION_13: &str = "
CREATE TABLE so_totals (
    order_id    TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    currency    TEXT NOT NULL,
    status      TEXT NOT NULL,
    ordered_on  TEXT NOT NULL,
    net         TEXT NOT NULL,
    tax         TEXT NOT NULL,
    gross       TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX so_totals_by_currency_date
    ON so_totals (currency, ordered_on, status, customer_id, gross);
";

pub(crate) const MIGRATION_14: &str = "
ALTER TABLE so_totals ADD COLUMN promised_on TEXT NOT NULL DEFAULT '';
ALTER TABLE so_totals ADD COLUMN confirmed_at TEXT NOT NULL DEFAULT '';
ALTER TABLE so_totals ADD COLUMN shipped_at TEXT NOT NULL DEFAULT '';
ALTER TABLE so_totals ADD COLUMN delivered_on TEXT NOT NULL DEFAULT '';
ALTER TABLE so_totals ADD COLUMN in_one_go INTEGER NOT NULL DEFAULT 0;
ALTER TABLE so_totals ADD COLUMN returned INTEGER NOT NULL DEFAULT 0;
CREATE INDEX so_totals_by_delivered ON so_totals (delivered_on, promised_on, customer_id);
CREATE INDEX so_totals_by_shipped ON so_totals (shipped_at, customer_id);
CREATE INDEX complaints_by_order ON complaints (order_id, deleted, category);
";

/// Whether the `so_totals` row aliased `t` is an accurate delivery: nothing came back and no
/// wrong-item, wrong-quantity or damage complaint names the order. One text for the
/// indicators (`analytics::orders`) and the list of the orders behind them (`orders::list`).
///
/// The complained-of orders are a list SQLite builds once per statement (a subquery that
/// does not refer to `t`) and probes in memory, instead of looking up the complaints of every
/// delivery on disk: complaints are few beside deliveries.
pub(crate) const ACCURATE_SQL: &str = "(t.returned = 0 AND t.order_id NOT IN (
    SELECT c.order_id FROM complaints c WHERE c.deleted = 0
      AND c.category IN ('wrong_item', 'wrong_quantity', 'damaged')))";

/// Whether the delivery of `t` was on time: delivered on or before a promised date.
pub(crate) const ON_TIME_SQL: &str = "(t.promised_on <> '' AND t.delivered_on <= t.promised_on)";

/// Whether the delivery of `t` was perfect: on time (or without a promise), in one go and
/// accurate.
pub(crate) fn perfect_sql() -> String {
    format!("((t.promised_on = '' OR {ON_TIME_SQL}) AND t.in_one_go = 1 AND {ACCURATE_SQL})")
}

/// Version 16: the late deliveries apart, for the drill-down behind the on-time rate
/// (`orders::list`): a period's late deliveries are a range of this small index, newest
/// delivery first, instead of every delivery of the period checked against its promise.
pub(crate) const MIGRATION_16: &str = "
CREATE INDEX so_totals_late ON so_totals (delivered_on, order_id)
    WHERE promised_on <> '' AND delivered_on > promised_on;
";

/// An order's processing time in whole seconds, from its first confirmation to its first
/// shipment (each time as recorded, to the second), for a `so_totals` row aliased `t` that has
/// both. One text for the indicator (`analytics::orders`), the list of the orders behind it
/// (`orders::list`) and the index that serves that list, which must repeat it word for word.
pub(crate) const PROCESSING_SECS_SQL: &str =
    "(unixepoch(t.shipped_at) - unixepoch(t.confirmed_at))";

/// Version 17, for the dashboard (`analytics`): the processing time's figures and the orders
/// behind them; the returns of a period found by their date (`analytics::returns_in`; before,
/// a period's returns were looked up order by order across every sold order); the delivery
/// figures read from `so_totals_by_delivered` alone (it carries every flag they test); the
/// customers of a currency with their codes and names read from an index alone.
/// `so_totals_by_shipped` gains the confirmation time, so the period's processing times are
/// read from the index alone; `so_totals_slowest` holds the shipped orders slowest first, so
/// the drill-down's first page is its first rows whatever the period holds.
pub(crate) const MIGRATION_17: &str = "
DROP INDEX so_totals_by_shipped;
CREATE INDEX so_totals_by_shipped ON so_totals (shipped_at, confirmed_at, customer_id);
CREATE INDEX so_totals_slowest
    ON so_totals ((unixepoch(shipped_at) - unixepoch(confirmed_at)) DESC, shipped_at)
    WHERE shipped_at <> '' AND confirmed_at <> '';
CREATE INDEX so_returns_by_day ON so_returns (deleted, returned_on);
DROP INDEX so_totals_by_delivered;
CREATE INDEX so_totals_by_delivered
    ON so_totals (delivered_on, promised_on, in_one_go, returned, customer_id);
CREATE INDEX customers_by_currency ON customers (deleted, currency, id, code, name);
";

/// Rebuilds the totals row of one order (none when it is deleted or gone).
pub(crate) fn rebuild(tx: &Transaction<'_>, order_id: &str) -> Result<()> {
    tx.prepare_cached("DELETE FROM so_totals WHERE order_id = ?1")?
        .execute([order_id])?;
    type Order = (String, String, String, String, String, bool);
    let order: Option<Order> = tx
        .prepare_cached(
            "SELECT customer_id, currency, status, ordered_on, promised_on, backorder
             FROM sales_orders WHERE id = ?1 AND deleted = 0",
        )?
        .query_row([order_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get::<_, i64>(5)? != 0,
            ))
        })
        .optional()?;
    let Some((customer, currency, status, ordered_on, promised_on, backorder)) = order else {
        return Ok(());
    };
    let (confirmed_at, shipped_at, delivered_at): (String, String, String) = tx
        .prepare_cached(
            "SELECT coalesce(min(at) FILTER (WHERE status = 'confirmed'), ''),
                    coalesce(min(at) FILTER (WHERE status = 'shipped'), ''),
                    coalesce(min(at) FILTER (WHERE status = 'delivered'), '')
             FROM so_status_history WHERE order_id = ?1 AND deleted = 0",
        )?
        .query_row([order_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let shipment_days: i64 = tx
        .prepare_cached(
            "SELECT count(DISTINCT shipped_on) FROM so_shipments
             WHERE order_id = ?1 AND deleted = 0",
        )?
        .query_row([order_id], |r| r.get(0))?;
    let returned: bool = tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM so_returns WHERE order_id = ?1 AND deleted = 0)",
        )?
        .query_row([order_id], |r| r.get(0))?;
    let lines = tx
        .prepare_cached(
            "SELECT qty_milli, unit_price, discount_pct, tax_rate_pct FROM so_lines
             WHERE order_id = ?1 AND deleted = 0",
        )?
        .query_map([order_id], |r| line_money(r, 0))?
        .map(|m| m.map(|m| m.amounts(&currency)))
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let t = totals(&lines);
    tx.prepare_cached(
        "INSERT INTO so_totals (order_id, customer_id, currency, status, ordered_on, net, tax,
             gross, promised_on, confirmed_at, shipped_at, delivered_on, in_one_go, returned)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        order_id,
        customer,
        currency,
        status,
        ordered_on,
        t.net.to_string(),
        t.tax.to_string(),
        t.gross.to_string(),
        promised_on,
        confirmed_at,
        shipped_at,
        // Days are the UTC dates of the recorded times, as the order list reads them.
        delivered_at.get(..10).unwrap_or_default(),
        !backorder && shipment_days == 1,
        returned
    ])?;
    Ok(())
}

/// Schema 13's fill of `so_totals`, now left to the rebuild at 14: the rows it would write
/// lack the columns 14 adds.
pub(crate) fn later(_tx: &Transaction<'_>) -> Result<()> {
    Ok(())
}

/// Fills `so_totals` for every order of a database upgraded to schema 14.
pub(crate) fn rebuild_all(tx: &Transaction<'_>) -> Result<()> {
    let ids: Vec<String> = tx
        .prepare("SELECT id FROM sales_orders WHERE deleted = 0 ORDER BY rowid")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        rebuild(tx, &id)?;
    }
    Ok(())
}
