//! One order with its lines (money computed by `core::order`), status history, shipments and
//! returns, read in one pass of five queries.

use chainbook_core::facts::Fact;
use chainbook_core::order::{totals, LineMoney, OrderStatus, ReturnReason};
use chainbook_core::product::Qty;
use rusqlite::{Connection, OptionalExtension, Row};
use uuid::Uuid;

use super::{Order, OrderLine, Orders, ReturnRecord, ShipmentRecord, StatusChange};
use crate::row::RowExt;
use crate::{Result, StoreError};

pub(super) fn not_found() -> StoreError {
    StoreError::NotFound { what: "order" }
}

/// A stored line's money columns (`qty_milli, unit_price, discount_pct, tax_rate_pct`) from
/// column `at` on.
pub(super) fn line_money(r: &Row<'_>, at: usize) -> rusqlite::Result<LineMoney> {
    Ok(LineMoney {
        quantity: r.qty(at)?,
        unit_price: r.decimal(at + 1)?,
        discount_pct: r.decimal(at + 2)?,
        tax_rate_pct: r.decimal(at + 3)?,
    })
}

/// A live order with everything its page shows.
pub(crate) fn load(conn: &Connection, id: Uuid) -> Result<Order> {
    let id_s = id.to_string();
    let mut order = conn
        .prepare_cached(
            "SELECT o.number, o.customer_id, c.name, o.status, o.currency, o.channel,
                o.payment_method, o.ordered_on, o.promised_on, o.notes, o.created_at,
                o.credit_override, o.backorder
             FROM sales_orders o JOIN customers c ON c.id = o.customer_id
             WHERE o.id = ?1 AND o.deleted = 0",
        )?
        .query_row([&id_s], |r| {
            Ok(Order {
                id,
                number: r.get(0)?,
                customer_id: r.uuid(1)?,
                customer_name: r.get(2)?,
                status: r.parsed(3, OrderStatus::parse)?,
                currency: r.get(4)?,
                channel: r.get(5)?,
                payment_method: r.get(6)?,
                ordered_on: r.date(7)?,
                promised_on: r.opt_date(8)?,
                notes: r.get(9)?,
                created_at: r.get(10)?,
                credit_override: r.flag(11)?,
                backorder: r.flag(12)?,
                lines: Vec::new(),
                totals: totals(&[]),
                history: Vec::new(),
                shipments: Vec::new(),
                returns: Vec::new(),
            })
        })
        .optional()?
        .ok_or_else(not_found)?;
    let currency = order.currency.clone();
    order.lines = conn
        .prepare_cached(
            "SELECT l.id, l.product_id, p.sku, p.name, p.unit, l.qty_milli, l.unit_price,
                l.discount_pct, l.tax_rate_pct,
                (SELECT ifnull(sum(s.qty_milli), 0) FROM so_shipments s WHERE s.line_id = l.id AND s.deleted = 0),
                (SELECT ifnull(sum(r.qty_milli), 0) FROM so_returns r
                  WHERE r.order_id = l.order_id AND r.line_id = l.id AND r.deleted = 0)
             FROM so_lines l JOIN products p ON p.id = l.product_id
             WHERE l.order_id = ?1 AND l.deleted = 0 ORDER BY l.position, l.id",
        )?
        .query_map([&id_s], |r| {
            let money = line_money(r, 5)?;
            Ok(OrderLine {
                id: r.uuid(0)?,
                product_id: r.uuid(1)?,
                sku: r.get(2)?,
                name: r.get(3)?,
                unit: r.get(4)?,
                amounts: money.amounts(&currency),
                money,
                shipped: r.qty(9)?,
                returned: r.qty(10)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    order.totals = totals(&order.lines.iter().map(|l| l.amounts).collect::<Vec<_>>());
    order.history = conn
        .prepare_cached(
            "SELECT status, at, note, facts FROM so_status_history
             WHERE order_id = ?1 AND deleted = 0 ORDER BY at, updated_at, id",
        )?
        .query_map([&id_s], |r| {
            Ok(StatusChange {
                status: r.parsed(0, OrderStatus::parse)?,
                at: r.get(1)?,
                note: r.get(2)?,
                facts: r.parsed(3, Fact::list_from_json)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let sku_of = |line: Uuid| {
        order
            .lines
            .iter()
            .find(|l| l.id == line)
            .map(|l| l.sku.clone())
            .ok_or_else(|| StoreError::Corrupt(format!("order {id}: line {line}")))
    };
    let shipments: Vec<(Uuid, ShipmentRecord)> = conn
        .prepare_cached(
            "SELECT line_id, shipped_on, qty_milli, carrier, tracking FROM so_shipments
             WHERE order_id = ?1 AND deleted = 0 ORDER BY shipped_on, created_at",
        )?
        .query_map([&id_s], |r| {
            let line_id = r.uuid(0)?;
            Ok((
                line_id,
                ShipmentRecord {
                    line_id,
                    sku: String::new(),
                    shipped_on: r.date(1)?,
                    quantity: Qty(r.get(2)?),
                    carrier: r.get(3)?,
                    tracking: r.get(4)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let returns: Vec<(Uuid, ReturnRecord)> = conn
        .prepare_cached(
            "SELECT line_id, returned_on, qty_milli, reason, note FROM so_returns
             WHERE order_id = ?1 AND deleted = 0 ORDER BY returned_on, created_at",
        )?
        .query_map([&id_s], |r| {
            let line_id = r.uuid(0)?;
            Ok((
                line_id,
                ReturnRecord {
                    line_id,
                    sku: String::new(),
                    returned_on: r.date(1)?,
                    quantity: Qty(r.get(2)?),
                    reason: r.parsed(3, ReturnReason::parse)?,
                    note: r.get(4)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    order.shipments = shipments
        .into_iter()
        .map(|(line, s)| {
            Ok(ShipmentRecord {
                sku: sku_of(line)?,
                ..s
            })
        })
        .collect::<Result<_>>()?;
    order.returns = returns
        .into_iter()
        .map(|(line, r)| {
            Ok(ReturnRecord {
                sku: sku_of(line)?,
                ..r
            })
        })
        .collect::<Result<_>>()?;
    Ok(order)
}

impl Orders<'_> {
    pub fn get(&self, id: Uuid) -> Result<Order> {
        load(self.db.conn, id)
    }
}
