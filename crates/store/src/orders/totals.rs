//! `so_totals`: each live order's net, tax and gross (computed from its lines by
//! `core::order`'s rounding rule) with what analytics select orders by — customer, currency,
//! status, order date. Derived: rebuilt for an order inside every write that changes it or
//! its lines (registry feeds `sales_orders.id` and `so_lines.order_id`), never synced, so
//! revenue over a year of orders is a scan of one narrow table instead of every line.

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

/// Rebuilds the totals row of one order (none when it is deleted or gone).
pub(crate) fn rebuild(tx: &Transaction<'_>, order_id: &str) -> Result<()> {
    tx.prepare_cached("DELETE FROM so_totals WHERE order_id = ?1")?
        .execute([order_id])?;
    let order: Option<(String, String, String, String)> = tx
        .prepare_cached(
            "SELECT customer_id, currency, status, ordered_on FROM sales_orders
             WHERE id = ?1 AND deleted = 0",
        )?
        .query_row([order_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let Some((customer, currency, status, ordered_on)) = order else {
        return Ok(());
    };
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
        "INSERT INTO so_totals (order_id, customer_id, currency, status, ordered_on, net, tax, gross)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        order_id,
        customer,
        currency,
        status,
        ordered_on,
        t.net.to_string(),
        t.tax.to_string(),
        t.gross.to_string()
    ])?;
    Ok(())
}

/// Fills `so_totals` for every order of a database upgraded to schema 13.
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
