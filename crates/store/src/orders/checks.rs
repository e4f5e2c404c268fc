//! What confirming an order checks: stock (each unshipped line against on hand minus what
//! other orders reserve) and credit (the customer's other open orders plus this one against
//! the limit). Both read through whatever connection they are given, so confirmation runs
//! them inside its own transaction on the order it loaded once.

use chainbook_core::product::Qty;
use chainbook_core::{ErrorCode, ValidationError};
use rusqlite::{Connection, OptionalExtension};
use rust_decimal::Decimal;
use uuid::Uuid;

use super::read::{line_money, load};
use super::{CreditCheck, Order, Orders, Shortfall};
use crate::planning::position::reserved_sql_where;
use crate::row::RowExt;
use crate::stock::ledger::on_hand;
use crate::{Result, StoreError};

/// Unshipped quantities of `product` on confirmed, picking or shipped orders other than
/// `except`: the planning figure's own SQL ([`reserved_sql_where`]).
pub(super) fn reserved_by_others(conn: &Connection, product: Uuid, except: Uuid) -> Result<Qty> {
    let sql = format!("SELECT {}", reserved_sql_where("?1", "AND o.id <> ?2"));
    let q: i64 = conn
        .prepare_cached(&sql)?
        .query_row([product.to_string(), except.to_string()], |r| r.get(0))?;
    Ok(Qty(q))
}

/// What each unshipped line of `order` needs against what is available to it.
pub(super) fn stock(conn: &Connection, order: &Order) -> Result<Vec<Shortfall>> {
    let mut out = Vec::new();
    // Lines of one product share its availability, in line order.
    let mut used: Vec<(Uuid, i64)> = Vec::new();
    for l in &order.lines {
        let needed = l.unshipped();
        if needed.0 == 0 {
            continue;
        }
        let on_hand = on_hand(conn, l.product_id)?;
        let reserved = reserved_by_others(conn, l.product_id, order.id)?;
        let before: i64 = used
            .iter()
            .filter(|(p, _)| *p == l.product_id)
            .map(|(_, q)| q)
            .sum();
        let available = Qty((on_hand.0 - reserved.0 - before).max(0));
        used.push((l.product_id, needed.0));
        if available.0 < needed.0 {
            out.push(Shortfall {
                line_id: l.id,
                product_id: l.product_id,
                sku: l.sku.clone(),
                needed,
                available,
                short: Qty(needed.0 - available.0),
            });
        }
    }
    Ok(out)
}

/// The customer's currency and credit limit; a deleted customer is `not_found`.
pub(super) fn customer_credit(conn: &Connection, customer_id: Uuid) -> Result<(String, Decimal)> {
    conn.prepare_cached(
        "SELECT currency, credit_limit FROM customers WHERE id = ?1 AND deleted = 0",
    )?
    .query_row([customer_id.to_string()], |r| {
        Ok((r.get(0)?, r.decimal(1)?))
    })
    .optional()?
    .ok_or_else(|| {
        StoreError::from(ValidationError::new(
            ErrorCode::NotFound,
            "customer_id",
            "no such customer",
        ))
    })
}

/// What confirming `order` would do to its customer's credit.
pub(super) fn credit(conn: &Connection, order: &Order) -> Result<CreditCheck> {
    let (_, limit) = customer_credit(conn, order.customer_id)?;
    // One pass over the lines of the customer's other open orders: an order's gross is the
    // sum of its rounded lines, so the balance is the sum of every such line. Orders in
    // another currency are not converted: only same-currency orders count.
    let mut stmt = conn.prepare_cached(
        "SELECT l.qty_milli, l.unit_price, l.discount_pct, l.tax_rate_pct
         FROM sales_orders o JOIN so_lines l ON l.order_id = o.id AND l.deleted = 0
         WHERE o.customer_id = ?1 AND o.deleted = 0 AND o.id <> ?2 AND o.currency = ?3
           AND o.status IN ('confirmed', 'picking', 'shipped', 'delivered')",
    )?;
    let rows = stmt.query_map(
        [
            order.customer_id.to_string(),
            order.id.to_string(),
            order.currency.clone(),
        ],
        |r| line_money(r, 0),
    )?;
    let mut open = Decimal::ZERO;
    for money in rows {
        open += money?.amounts(&order.currency).gross;
    }
    let this = order.totals.gross;
    Ok(CreditCheck {
        credit_limit: limit,
        open_balance: open,
        this_order: this,
        exceeded: limit > Decimal::ZERO && open + this > limit,
    })
}

impl Orders<'_> {
    /// What each unshipped line needs against what is available to it.
    pub fn stock_check(&self, id: Uuid) -> Result<Vec<Shortfall>> {
        stock(self.db.conn, &load(self.db.conn, id)?)
    }

    /// Unshipped quantities of `product` on confirmed, picking or shipped orders other than
    /// `except`.
    pub fn reserved_by_others(&self, product: Uuid, except: Uuid) -> Result<Qty> {
        reserved_by_others(self.db.conn, product, except)
    }

    /// What confirming would do to the customer's credit.
    pub fn credit_check(&self, id: Uuid) -> Result<CreditCheck> {
        credit(self.db.conn, &load(self.db.conn, id)?)
    }
}
