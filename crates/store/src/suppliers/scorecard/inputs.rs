//! The counts behind each scorecard criterion (see `chainbook_core::scorecard` for what each
//! one is), per supplier id, for every supplier (`one = None`: each query scans the period
//! through the date indexes of schema 19) or one (through its purchase orders).

use std::collections::HashMap;

use chainbook_core::scorecard::{Inputs, ScorePeriod};
use rusqlite::{params, Connection};
use rust_decimal::Decimal;

use crate::row::RowExt;
use crate::Result;

/// Orders whose lines fall due: sent, not drafts and not cancelled.
pub(super) const DUE_ORDER: &str = "o.deleted = 0 AND o.status NOT IN ('draft', 'cancelled')";

/// Complaints that count against the supplier their root cause names.
pub(super) const CAUSED: &str =
    "c.deleted = 0 AND c.kind = 'complaint' AND c.root_cause <> '' AND c.supplier_id <> ''";

/// Opened on a day of the period (`opened_at` is RFC 3339 in UTC; its day is its first ten
/// characters), written so the opening-date indexes apply.
pub(super) const OPENED_IN: &str = "c.opened_at >= ?1 AND c.opened_at < date(?2, '+1 day')";

pub(super) fn days(period: ScorePeriod) -> (String, String) {
    (period.first.to_string(), period.last().to_string())
}

/// `AND o.supplier_id = ?3` when one supplier is asked for.
fn of_one(one: Option<&str>, column: &str) -> String {
    one.map(|_| format!(" AND {column} = ?3"))
        .unwrap_or_default()
}

/// Runs `sql` with the period's days (and the supplier as `?3`), calling `f` on each row.
fn each(
    conn: &Connection,
    sql: &str,
    period: ScorePeriod,
    one: Option<&str>,
    mut f: impl FnMut(&rusqlite::Row<'_>) -> Result<()>,
) -> Result<()> {
    let (from, to) = days(period);
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = match one {
        Some(s) => stmt.query(params![from, to, s])?,
        None => stmt.query(params![from, to])?,
    };
    while let Some(r) = rows.next()? {
        f(r)?;
    }
    Ok(())
}

/// Every criterion's inputs of `period`, per supplier id (suppliers with nothing are absent).
pub(crate) fn of(
    conn: &Connection,
    period: ScorePeriod,
    one: Option<&str>,
) -> Result<HashMap<String, Inputs>> {
    let mut out: HashMap<String, Inputs> = HashMap::new();
    // On time: lines due in the period, delivered in full by their expected date.
    let sql = format!(
        "SELECT o.supplier_id, count(*), total(
                (SELECT total(r.accepted_milli + r.rejected_milli) FROM po_receipts r INDEXED BY po_receipts_by_line
                 WHERE r.po_line_id = l.id AND r.deleted = 0 AND r.received_on <= l.expected_on)
                >= l.qty_milli)
         FROM purchase_orders o JOIN po_lines l ON l.po_id = o.id AND l.deleted = 0
         WHERE {DUE_ORDER} AND l.expected_on >= ?1 AND l.expected_on <= ?2{}
         GROUP BY o.supplier_id",
        of_one(one, "o.supplier_id")
    );
    each(conn, &sql, period, one, |r| {
        let i = out.entry(r.get(0)?).or_default();
        i.lines_due = r.get::<_, i64>(1)? as u32;
        i.lines_on_time = r.get::<_, f64>(2)? as u32;
        Ok(())
    })?;
    // Quality: receipts dated in the period (each receipt line).
    let sql = format!(
        "SELECT o.supplier_id, total(r.accepted_milli), total(r.rejected_milli), count(*),
                total(r.rejected_milli > 0)
         FROM purchase_orders o JOIN po_lines l ON l.po_id = o.id
             JOIN po_receipts r ON r.po_line_id = l.id
         WHERE r.deleted = 0 AND r.received_on >= ?1 AND r.received_on <= ?2
             AND o.deleted = 0{}
         GROUP BY o.supplier_id",
        of_one(one, "o.supplier_id")
    );
    each(conn, &sql, period, one, |r| {
        let i = out.entry(r.get(0)?).or_default();
        i.accepted_milli = r.get::<_, f64>(1)? as i64;
        i.rejected_milli = r.get::<_, f64>(2)? as i64;
        i.receipts = r.get::<_, i64>(3)? as u32;
        i.receipts_with_rejection = r.get::<_, f64>(4)? as u32;
        Ok(())
    })?;
    // Price: per product and currency, each supplier's quantity and amount.
    for (supplier, cmp) in prices(conn, period, one)? {
        let i = out.entry(supplier).or_default();
        for c in cmp {
            i.price_paid += c.paid;
            i.price_at_average += c.at_average;
            i.price_products += 1;
        }
    }
    // Complaints opened in the period whose root cause names the supplier.
    let sql = format!(
        "SELECT c.supplier_id, count(*) FROM complaints c
         WHERE {CAUSED} AND {OPENED_IN}{}
         GROUP BY c.supplier_id",
        of_one(one, "c.supplier_id")
    );
    each(conn, &sql, period, one, |r| {
        out.entry(r.get(0)?).or_default().complaints = r.get::<_, i64>(1)? as u32;
        Ok(())
    })?;
    // Evaluations whose period overlaps (all of them are within the period's year).
    let sql = format!(
        "SELECT e.supplier_id, e.period, e.cooperation + e.service + e.technology
         FROM supplier_evaluations e
         WHERE e.deleted = 0 AND substr(e.period, 1, 4) = substr(?1, 1, 4)
             AND ?2 <> ''{}",
        of_one(one, "e.supplier_id")
    );
    each(conn, &sql, period, one, |r| {
        let p: String = r.get(1)?;
        if period.overlaps(&p) {
            let i = out.entry(r.get(0)?).or_default();
            i.evaluations += 1;
            i.ratings_sum += r.get::<_, u32>(2)?;
        }
        Ok(())
    })?;
    Ok(out)
}

/// One product's prices for one supplier in a period.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Compared {
    pub product_id: String,
    pub currency: String,
    pub qty_milli: i64,
    /// Σ quantity × this supplier's price.
    pub paid: Decimal,
    /// Σ quantity × every supplier's average price.
    pub at_average: Decimal,
    /// The average price over every supplier.
    pub average: Decimal,
    pub suppliers: u32,
}

/// The compared products of each supplier: lines due in the period of products (in one
/// currency) that two or more suppliers had lines for. For one supplier, every line of its
/// products in the period is read (through the product index) to find the averages.
pub(crate) fn prices(
    conn: &Connection,
    period: ScorePeriod,
    one: Option<&str>,
) -> Result<HashMap<String, Vec<Compared>>> {
    let filter = one
        .map(|_| {
            " AND l.product_id IN (SELECT l2.product_id FROM purchase_orders o2
                  JOIN po_lines l2 ON l2.po_id = o2.id AND l2.deleted = 0
                  WHERE o2.supplier_id = ?3 AND o2.deleted = 0
                      AND o2.status NOT IN ('draft', 'cancelled')
                      AND l2.expected_on >= ?1 AND l2.expected_on <= ?2)"
        })
        .unwrap_or_default();
    let sql = format!(
        "SELECT o.supplier_id, l.product_id, o.currency, l.qty_milli, l.unit_price
         FROM po_lines l JOIN purchase_orders o ON o.id = l.po_id
         WHERE l.deleted = 0 AND {DUE_ORDER} AND l.expected_on >= ?1 AND l.expected_on <= ?2{filter}"
    );
    // (product, currency) → supplier → (qty, amount)
    let mut groups: HashMap<(String, String), HashMap<String, (i64, Decimal)>> = HashMap::new();
    each(conn, &sql, period, one, |r| {
        let qty: i64 = r.get(3)?;
        let amount = Decimal::new(qty, 3) * r.decimal(4)?;
        let e = groups
            .entry((r.get(1)?, r.get(2)?))
            .or_default()
            .entry(r.get(0)?)
            .or_default();
        e.0 += qty;
        e.1 += amount;
        Ok(())
    })?;
    let mut out: HashMap<String, Vec<Compared>> = HashMap::new();
    for ((product, currency), by_supplier) in groups {
        if by_supplier.len() < 2 {
            continue;
        }
        let qty: i64 = by_supplier.values().map(|v| v.0).sum();
        if qty <= 0 {
            continue;
        }
        let total: Decimal = by_supplier.values().map(|v| v.1).sum();
        let average = total / Decimal::new(qty, 3);
        for (supplier, (q, amount)) in &by_supplier {
            if one.is_some_and(|s| s != supplier) {
                continue;
            }
            out.entry(supplier.clone()).or_default().push(Compared {
                product_id: product.clone(),
                currency: currency.clone(),
                qty_milli: *q,
                paid: *amount,
                at_average: Decimal::new(*q, 3) * average,
                average,
                suppliers: by_supplier.len() as u32,
            });
        }
    }
    Ok(out)
}
