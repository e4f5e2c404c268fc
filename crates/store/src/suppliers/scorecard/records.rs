//! The records behind one supplier's scorecard inputs of a period, so every figure can be
//! checked by hand: the purchase order lines due (with what arrived by their expected date),
//! the receipts, the complaints whose root cause names the supplier, the compared prices and
//! the evaluations. Counted with the same conditions as [`super::inputs`].

use chainbook_core::product::Qty;
use chainbook_core::purchase::PoStatus;
use chainbook_core::scorecard::ScorePeriod;
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use rust_decimal::Decimal;
use uuid::Uuid;

use super::inputs::{days, prices, CAUSED, DUE_ORDER, OPENED_IN};
use crate::row::RowExt;
use crate::suppliers::Evaluation;
use crate::Result;

/// A purchase order line due in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueLine {
    pub po_id: Uuid,
    pub po_number: String,
    pub po_status: PoStatus,
    pub sku: String,
    pub product_name: String,
    pub ordered: Qty,
    pub expected_on: NaiveDate,
    /// Accepted + rejected received by the expected date.
    pub delivered_by_expected: Qty,
    /// Accepted + rejected received so far.
    pub delivered: Qty,
    /// The day the line was delivered in full, if it was.
    pub completed_on: Option<NaiveDate>,
    pub on_time: bool,
}

/// A receipt line dated in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreReceipt {
    pub po_id: Uuid,
    pub po_number: String,
    pub sku: String,
    pub product_name: String,
    pub received_on: NaiveDate,
    pub accepted: Qty,
    pub rejected: Qty,
}

/// A complaint of the period whose root cause names the supplier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CauseComplaint {
    pub id: Uuid,
    pub number: String,
    pub opened_at: String,
    pub customer_name: String,
    pub category: String,
    pub root_cause: String,
    pub status: String,
}

/// A product whose price was compared with other suppliers'.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceComparison {
    pub product_id: Uuid,
    pub sku: String,
    pub product_name: String,
    pub currency: String,
    pub quantity: Qty,
    /// This supplier's quantity-weighted average price.
    pub own_average: Decimal,
    /// Every supplier's quantity-weighted average price.
    pub average: Decimal,
    pub suppliers: u32,
}

/// Everything behind one supplier's inputs of a period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScoreRecords {
    pub lines: Vec<DueLine>,
    pub receipts: Vec<ScoreReceipt>,
    pub complaints: Vec<CauseComplaint>,
    pub prices: Vec<PriceComparison>,
    pub evaluations: Vec<Evaluation>,
}

pub(super) fn of(conn: &Connection, period: ScorePeriod, supplier: &str) -> Result<ScoreRecords> {
    let (from, to) = days(period);
    let mut out = ScoreRecords::default();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT o.id, o.number, o.status, p.sku, p.name, l.qty_milli, l.expected_on,
                (SELECT total(r.accepted_milli + r.rejected_milli) FROM po_receipts r INDEXED BY po_receipts_by_line
                 WHERE r.po_line_id = l.id AND r.deleted = 0 AND r.received_on <= l.expected_on),
                (SELECT total(r.accepted_milli + r.rejected_milli) FROM po_receipts r INDEXED BY po_receipts_by_line
                 WHERE r.po_line_id = l.id AND r.deleted = 0),
                l.id
         FROM purchase_orders o JOIN po_lines l ON l.po_id = o.id AND l.deleted = 0
             JOIN products p ON p.id = l.product_id
         WHERE {DUE_ORDER} AND o.supplier_id = ?3
             AND l.expected_on >= ?1 AND l.expected_on <= ?2
         ORDER BY l.expected_on, o.number, l.position"
    ))?;
    let mut completed = conn.prepare_cached(
        "SELECT received_on, accepted_milli + rejected_milli FROM po_receipts
         WHERE po_line_id = ?1 AND deleted = 0 ORDER BY received_on, created_at",
    )?;
    let mut rows = stmt.query(params![from, to, supplier])?;
    while let Some(r) = rows.next()? {
        let ordered: i64 = r.get(5)?;
        let by_expected = r.get::<_, f64>(7)? as i64;
        let line: String = r.get(9)?;
        // The day the running sum of deliveries reached the ordered quantity.
        let mut sum = 0;
        let mut completed_on = None;
        for x in completed.query_map([&line], |x| Ok((x.date(0)?, x.get::<_, i64>(1)?)))? {
            let (day, q) = x?;
            sum += q;
            if sum >= ordered {
                completed_on = Some(day);
                break;
            }
        }
        out.lines.push(DueLine {
            po_id: r.uuid(0)?,
            po_number: r.get(1)?,
            po_status: r.parsed(2, PoStatus::parse)?,
            sku: r.get(3)?,
            product_name: r.get(4)?,
            ordered: Qty(ordered),
            expected_on: r.date(6)?,
            delivered_by_expected: Qty(by_expected),
            delivered: Qty(r.get::<_, f64>(8)? as i64),
            completed_on,
            on_time: by_expected >= ordered,
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT o.id, o.number, p.sku, p.name, r.received_on, r.accepted_milli, r.rejected_milli
         FROM purchase_orders o JOIN po_lines l ON l.po_id = o.id
             JOIN po_receipts r ON r.po_line_id = l.id
             JOIN products p ON p.id = l.product_id
         WHERE o.supplier_id = ?3 AND o.deleted = 0 AND r.deleted = 0
             AND r.received_on >= ?1 AND r.received_on <= ?2
         ORDER BY r.received_on, o.number, l.position",
    )?;
    for r in stmt.query_map(params![from, to, supplier], |r| {
        Ok(ScoreReceipt {
            po_id: r.uuid(0)?,
            po_number: r.get(1)?,
            sku: r.get(2)?,
            product_name: r.get(3)?,
            received_on: r.date(4)?,
            accepted: Qty(r.get(5)?),
            rejected: Qty(r.get(6)?),
        })
    })? {
        out.receipts.push(r?);
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT c.id, c.number, c.opened_at, coalesce(cu.name, ''), c.category, c.root_cause,
                c.status
         FROM complaints c LEFT JOIN customers cu ON cu.id = c.customer_id
         WHERE {CAUSED} AND c.supplier_id = ?3 AND {OPENED_IN}
         ORDER BY c.opened_at, c.number"
    ))?;
    for c in stmt.query_map(params![from, to, supplier], |r| {
        Ok(CauseComplaint {
            id: r.uuid(0)?,
            number: r.get(1)?,
            opened_at: r.get(2)?,
            customer_name: r.get(3)?,
            category: r.get(4)?,
            root_cause: r.get(5)?,
            status: r.get(6)?,
        })
    })? {
        out.complaints.push(c?);
    }
    let mut product = conn.prepare_cached("SELECT sku, name FROM products WHERE id = ?1")?;
    for c in prices(conn, period, Some(supplier))?
        .remove(supplier)
        .unwrap_or_default()
    {
        let (sku, name): (String, String) =
            product.query_row([&c.product_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let q = Decimal::new(c.qty_milli, 3);
        out.prices.push(PriceComparison {
            product_id: c.product_id.parse().map_err(|_| {
                crate::StoreError::Corrupt(format!("po_lines.product_id {}", c.product_id))
            })?,
            sku,
            product_name: name,
            quantity: Qty(c.qty_milli),
            own_average: if q.is_zero() {
                c.average
            } else {
                (c.paid / q).round_dp(4)
            },
            average: c.average.round_dp(4),
            currency: c.currency,
            suppliers: c.suppliers,
        });
    }
    out.prices.sort_by(|a, b| a.sku.cmp(&b.sku));
    let id: Uuid = supplier
        .parse()
        .map_err(|_| crate::StoreError::Corrupt(format!("supplier id {supplier}")))?;
    out.evaluations = crate::suppliers::evaluations::of(conn, id)?
        .into_iter()
        .filter(|e| period.overlaps(&e.fields.period))
        .collect();
    Ok(out)
}
