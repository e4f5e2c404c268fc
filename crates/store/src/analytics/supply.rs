//! Stock and supplier figures of a period (brief §9). Not cut by customer segment: stock and
//! purchasing serve every customer.
//! - **Inventory turnover** = cost of goods shipped in the period (shipments net of returns,
//!   on their business dates, at each product's cost today) ÷ average inventory value ((stock at the start + stock at
//!   the end) ÷ 2 at the same cost, negative stock counted as none); **days of supply** =
//!   average inventory value × days in the period ÷ cost of goods shipped.
//! - **Supplier on-time rate** = purchase order lines due (expected) in the period whose
//!   received quantity (accepted + rejected) reached the ordered quantity by the expected date
//!   ÷ lines due, over orders that were sent (not draft or cancelled).
//! - **Defect rate** = rejected ÷ (accepted + rejected) × 1,000,000 over receipts dated in the
//!   period (defects per million).

use std::collections::HashMap;

use chainbook_core::analytics::kpi::{inventory_turnover, rate};
use chrono::{Duration, NaiveDate};
use rusqlite::params;
use rust_decimal::Decimal;

use super::{Analytics, Period};
use crate::row::RowExt;
use crate::Result;

/// Stock and supplier figures.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SupplyKpis {
    pub cogs: Decimal,
    pub average_inventory_value: Decimal,
    /// `(turnover, days of supply)`; `None` when nothing was shipped or held.
    pub turnover: Option<(f64, f64)>,
    pub po_lines_due: u64,
    pub po_lines_on_time: u64,
    pub supplier_on_time: Option<f64>,
    pub received_milli: i64,
    pub rejected_milli: i64,
    pub defects_per_million: Option<f64>,
}

impl Analytics<'_> {
    /// The stock and supplier figures of a period and of the one before (as the dashboard
    /// compares them; none before all history), reading the stock ledger once.
    pub fn supply(&self, period: &Period) -> Result<(SupplyKpis, Option<SupplyKpis>)> {
        let kept = self.db.memo(
            &format!("supply:{}:{period:?}", self.db.now.date_naive()),
            || self.compute_supply(period),
        )?;
        Ok(*kept)
    }

    fn compute_supply(&self, period: &Period) -> Result<(SupplyKpis, Option<SupplyKpis>)> {
        let previous = period.previous();
        let periods: Vec<Period> = std::iter::once(*period).chain(previous).collect();
        let mut k = self.supply_kpis_of(&periods)?.into_iter();
        Ok((k.next().unwrap_or_default(), k.next()))
    }

    /// The figures of several periods. A period needs every product's stock at the end of
    /// the day before its first day and at the end of its as-of day, and what shipments and
    /// returns moved between them; each of those boundary days' balances is the product's
    /// whole months before it (the derived `stock_months`, read once for every boundary)
    /// plus its own month's movements up to it (a range of the ledger's product index).
    /// Movements count on their business date (`occurred_on`).
    pub(crate) fn supply_kpis_of(&self, periods: &[Period]) -> Result<Vec<SupplyKpis>> {
        let conn = self.db.conn;
        // The boundary days, distinct (a period's first day minus one is the as-of day of
        // the period before it); all history starts with nothing in stock.
        let mut days: Vec<NaiveDate> = Vec::new();
        for p in periods {
            for d in p
                .from
                .map(|f| f - Duration::days(1))
                .into_iter()
                .chain([p.as_of])
            {
                if !days.contains(&d) {
                    days.push(d);
                }
            }
        }
        // Per live product: its cost and, per boundary day, (net, out) through that day.
        let mut products: HashMap<String, (Decimal, Vec<(i64, i64)>)> = HashMap::new();
        let mut stmt = conn.prepare_cached("SELECT id, cost FROM products WHERE deleted = 0")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.decimal(1)?)))? {
            let (id, cost) = row?;
            products.insert(id, (cost, vec![(0, 0); days.len()]));
        }
        let month_start = |d: &NaiveDate| d.format("%Y-%m-01").to_string();
        let sums: Vec<String> = (1..=days.len())
            .map(|i| {
                format!(
                    "total(net_milli) FILTER (WHERE month < ?{i}),
                     total(out_milli) FILTER (WHERE month < ?{i})"
                )
            })
            .collect();
        let months: Vec<String> = days.iter().map(|d| d.format("%Y-%m").to_string()).collect();
        let mut stmt = conn.prepare(&format!(
            "SELECT product_id, {} FROM stock_months GROUP BY product_id",
            sums.join(", ")
        ))?;
        let mut rows = stmt.query(rusqlite::params_from_iter(months.iter()))?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            if let Some((_, through)) = products.get_mut(&id) {
                for (i, t) in through.iter_mut().enumerate() {
                    t.0 += r.get::<_, f64>(1 + 2 * i)? as i64;
                    t.1 += r.get::<_, f64>(2 + 2 * i)? as i64;
                }
            }
        }
        let mut stmt = conn.prepare_cached(
            "SELECT p.id, total(m.qty_milli),
                    total(m.qty_milli) FILTER (WHERE m.kind IN ('shipment', 'return'))
             FROM products p JOIN stock_movements m ON m.product_id = p.id AND m.deleted = 0
                 AND m.occurred_on >= ?1 AND m.occurred_on <= ?2
             WHERE p.deleted = 0
             GROUP BY p.id",
        )?;
        for (i, d) in days.iter().enumerate() {
            let day = d.format("%Y-%m-%d").to_string();
            for row in stmt.query_map(params![month_start(d), day], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, f64>(1)? as i64,
                    r.get::<_, f64>(2)? as i64,
                ))
            })? {
                let (id, net, out) = row?;
                if let Some((_, through)) = products.get_mut(&id) {
                    through[i].0 += net;
                    through[i].1 += out;
                }
            }
        }
        let at = |d: &NaiveDate| days.iter().position(|x| x == d);
        let mut out = vec![SupplyKpis::default(); periods.len()];
        for (k, p) in out.iter_mut().zip(periods) {
            let start = p.from.and_then(|f| at(&(f - Duration::days(1))));
            let end = at(&p.as_of);
            let (mut start_value, mut end_value) = (Decimal::ZERO, Decimal::ZERO);
            for (cost, through) in products.values() {
                let (start_net, start_out) = start.map_or((0, 0), |i| through[i]);
                let (end_net, end_out) = end.map_or((0, 0), |i| through[i]);
                let value = |milli: i64| Decimal::new(milli.max(0), 3) * cost;
                start_value += value(start_net);
                end_value += value(end_net);
                // Shipments are negative, returns positive: their sum is minus what left.
                k.cogs += Decimal::new(start_out - end_out, 3) * cost;
            }
            k.average_inventory_value = (start_value + end_value) / Decimal::TWO;
            let days = match p.from {
                Some(f) => (p.as_of - f).num_days() + 1,
                None => 365,
            };
            k.turnover = inventory_turnover(k.cogs, k.average_inventory_value, days.max(1) as u32);
            self.supplier_kpis(p, k)?;
        }
        Ok(out)
    }

    /// Purchase lines due and receipts in the period.
    fn supplier_kpis(&self, period: &Period, k: &mut SupplyKpis) -> Result<()> {
        let conn = self.db.conn;
        let (from, as_of) = (period.first_day_text(), period.as_of_text());
        let mut stmt = conn.prepare_cached(
            "SELECT count(*), total(received >= l.qty_milli) FROM (
                SELECT l.qty_milli, (SELECT total(r.accepted_milli + r.rejected_milli)
                    FROM po_receipts r INDEXED BY po_receipts_by_line WHERE r.po_line_id = l.id AND r.deleted = 0
                      AND r.received_on <= l.expected_on) AS received
                FROM po_lines l JOIN purchase_orders o ON o.id = l.po_id
                WHERE l.deleted = 0 AND o.deleted = 0
                  AND o.status NOT IN ('draft', 'cancelled')
                  AND l.expected_on >= ?1 AND l.expected_on <= ?2
             ) l",
        )?;
        let (due, on_time) = stmt.query_row(params![from, as_of], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, f64>(1)?))
        })?;
        k.po_lines_due = due.max(0) as u64;
        k.po_lines_on_time = on_time.max(0.0) as u64;
        k.supplier_on_time = rate(k.po_lines_on_time, k.po_lines_due);

        let mut stmt = conn.prepare_cached(
            "SELECT total(accepted_milli), total(rejected_milli) FROM po_receipts
             WHERE deleted = 0 AND received_on >= ?1 AND received_on <= ?2",
        )?;
        let (accepted, rejected) = stmt.query_row(params![from, as_of], |r| {
            Ok((r.get::<_, f64>(0)? as i64, r.get::<_, f64>(1)? as i64))
        })?;
        k.received_milli = accepted + rejected;
        k.rejected_milli = rejected;
        k.defects_per_million =
            (k.received_milli > 0).then(|| rejected as f64 * 1_000_000.0 / k.received_milli as f64);
        Ok(())
    }
}
