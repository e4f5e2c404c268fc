//! One purchase order with its lines, history and receipts, and the paged list.

use chainbook_core::product::Qty;
use chainbook_core::purchase::PoStatus;
use rusqlite::{Connection, OptionalExtension};
use rust_decimal::Decimal;
use uuid::Uuid;

use super::{PoLine, PoQuery, PoSummary, PurchaseOrder, Purchasing, ReceiptRecord};
use crate::paging::{check_page_size, Filter, Page};
use crate::row::RowExt;
use crate::{Result, StoreError};

pub(super) fn load(conn: &Connection, id: Uuid) -> Result<PurchaseOrder> {
    let mut po = conn
        .prepare_cached(
            "SELECT o.number, o.supplier_id, s.name, o.status, o.currency, o.notes, o.created_at
             FROM purchase_orders o JOIN suppliers s ON s.id = o.supplier_id
             WHERE o.id = ?1 AND o.deleted = 0",
        )?
        .query_row([id.to_string()], |r| {
            Ok(PurchaseOrder {
                id,
                number: r.get(0)?,
                supplier_id: r.uuid(1)?,
                supplier_name: r.get(2)?,
                status: r.parsed(3, PoStatus::parse)?,
                currency: r.get(4)?,
                notes: r.get(5)?,
                created_at: r.get(6)?,
                lines: Vec::new(),
                history: Vec::new(),
                receipts: Vec::new(),
            })
        })
        .optional()?
        .ok_or(StoreError::NotFound {
            what: "purchase order",
        })?;
    po.lines = conn
        .prepare_cached(
            "SELECT l.id, l.product_id, p.sku, l.qty_milli, l.unit_price, l.expected_on, p.name,
                (SELECT ifnull(sum(accepted_milli), 0) FROM po_receipts r WHERE r.po_line_id = l.id AND r.deleted = 0),
                (SELECT ifnull(sum(rejected_milli), 0) FROM po_receipts r WHERE r.po_line_id = l.id AND r.deleted = 0)
             FROM po_lines l JOIN products p ON p.id = l.product_id
             WHERE l.po_id = ?1 AND l.deleted = 0 ORDER BY l.position",
        )?
        .query_map([id.to_string()], |r| {
            Ok(PoLine {
                id: r.uuid(0)?,
                product_id: r.uuid(1)?,
                sku: r.get(2)?,
                ordered: r.qty(3)?,
                unit_price: r.get(4)?,
                expected_on: r.date(5)?,
                name: r.get(6)?,
                accepted: r.qty(7)?,
                rejected: r.qty(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    // Two changes in the same millisecond share `at`; their HLC stamps (`updated_at`) keep
    // the order they were written in (ids are random after the time, so they do not).
    po.history = conn
        .prepare_cached(
            "SELECT status, at FROM po_status_history WHERE po_id = ?1 AND deleted = 0 ORDER BY at, updated_at, id",
        )?
        .query_map([id.to_string()], |r| {
            Ok((r.parsed(0, PoStatus::parse)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    po.receipts = conn
        .prepare_cached(
            "SELECT r.po_line_id, p.sku, r.received_on, r.accepted_milli, r.rejected_milli
             FROM po_receipts r JOIN po_lines l ON l.id = r.po_line_id
             JOIN products p ON p.id = l.product_id
             WHERE l.po_id = ?1 AND r.deleted = 0 ORDER BY r.received_on, r.created_at, l.position",
        )?
        .query_map([id.to_string()], |r| {
            Ok(ReceiptRecord {
                po_line_id: r.uuid(0)?,
                sku: r.get(1)?,
                received_on: r.date(2)?,
                accepted: r.qty(3)?,
                rejected: r.qty(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(po)
}

impl Purchasing<'_> {
    pub fn get(&self, id: Uuid) -> Result<PurchaseOrder> {
        load(self.db.conn, id)
    }

    /// One page of purchase orders, newest first, with their totals.
    pub fn list(&self, q: &PoQuery) -> Result<Page<PoSummary>> {
        check_page_size(q.page_size)?;
        let mut f = Filter::new("o.deleted = 0");
        f.eq("o.status", q.status.map(|s| s.as_str()));
        if q.open_only {
            f.and("o.status IN ('sent', 'partially_received')", []);
        }
        f.eq("o.supplier_id", q.supplier_id.map(|s| s.to_string()));
        // One supplier's orders come from its own index (a few dozen rows, sorted); left to
        // itself the planner walks `purchase_orders_by_created` for the list order and tests
        // every order's supplier (23 ms for 69 orders among 50,000).
        let from = if q.supplier_id.is_some() {
            "purchase_orders o INDEXED BY purchase_orders_by_supplier"
        } else {
            "purchase_orders o"
        };
        let total = self.db.count(
            &format!("SELECT count(*) FROM {from} WHERE {}", f.sql()),
            f.args(),
        )?;
        let sql = format!(
            "SELECT o.id, o.number, o.supplier_id, s.name, o.status, o.currency, o.created_at,
                (SELECT min(l.expected_on) FROM po_lines l WHERE l.po_id = o.id AND l.deleted = 0)
             FROM {from} JOIN suppliers s ON s.id = o.supplier_id
             WHERE {} ORDER BY o.created_at DESC, o.id DESC LIMIT ? OFFSET ?",
            f.sql()
        );
        let mut page = f.page(self.db.conn, &sql, (q.page, q.page_size), total, |r| {
            Ok(PoSummary {
                id: r.uuid(0)?,
                number: r.get(1)?,
                supplier_id: r.uuid(2)?,
                supplier_name: r.get(3)?,
                status: r.parsed(4, PoStatus::parse)?,
                currency: r.get(5)?,
                created_at: r.get(6)?,
                expected_on: r.opt_date(7)?,
                total: Decimal::ZERO,
            })
        })?;
        let mut lines = self.db.conn.prepare_cached(
            "SELECT qty_milli, unit_price FROM po_lines WHERE po_id = ?1 AND deleted = 0",
        )?;
        for po in &mut page.items {
            // Money is summed in Rust with rust_decimal, never as SQLite floats.
            let mut sum = Decimal::ZERO;
            for l in lines.query_map([po.id.to_string()], |r| Ok((r.qty(0)?, r.decimal(1)?)))? {
                let (q, price): (Qty, Decimal) = l?;
                sum += q.to_decimal() * price;
            }
            po.total = chainbook_core::money::round(sum, &po.currency);
        }
        Ok(page)
    }
}
