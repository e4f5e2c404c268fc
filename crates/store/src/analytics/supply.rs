//! Stock and supplier figures of a period (brief §9). Not cut by customer segment: stock and
//! purchasing serve every customer.
//! - **Inventory turnover** = cost of goods shipped in the period (shipments net of returns,
//!   at each product's cost today) ÷ average inventory value ((stock at the start + stock at
//!   the end) ÷ 2 at the same cost, negative stock counted as none); **days of supply** =
//!   average inventory value × days in the period ÷ cost of goods shipped.
//! - **Supplier on-time rate** = purchase order lines due (expected) in the period whose
//!   received quantity (accepted + rejected) reached the ordered quantity by the expected date
//!   ÷ lines due, over orders that were sent (not draft or cancelled).
//! - **Defect rate** = rejected ÷ (accepted + rejected) × 1,000,000 over receipts dated in the
//!   period (defects per million).

use chainbook_core::analytics::kpi::{inventory_turnover, rate};
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
        let previous = period.previous();
        let periods: Vec<Period> = std::iter::once(*period).chain(previous).collect();
        let mut k = self.supply_kpis_of(&periods)?.into_iter();
        Ok((k.next().unwrap_or_default(), k.next()))
    }

    /// The figures of several periods; the stock ledger is read once for all of them.
    pub(crate) fn supply_kpis_of(&self, periods: &[Period]) -> Result<Vec<SupplyKpis>> {
        let conn = self.db.conn;
        // Per period: the balance before its first day, the balance at the end of its as-of
        // day and what shipments and returns moved in it. Movements are dated by time and
        // compared by their day; all history starts before the first movement.
        let mut sums = Vec::new();
        let mut args: Vec<String> = Vec::new();
        for p in periods {
            let (from, to) = (p.first_day_text(), p.as_of_text());
            let (a, b) = (args.len() + 1, args.len() + 2);
            sums.push(format!(
                "total(m.qty_milli) FILTER (WHERE substr(m.occurred_at, 1, 10) < ?{a}),
                 total(m.qty_milli) FILTER (WHERE substr(m.occurred_at, 1, 10) <= ?{b}),
                 total(m.qty_milli) FILTER (WHERE substr(m.occurred_at, 1, 10) >= ?{a}
                     AND substr(m.occurred_at, 1, 10) <= ?{b}
                     AND m.kind IN ('shipment', 'return'))"
            ));
            args.push(from);
            args.push(to);
        }
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT p.cost, {}
             FROM stock_movements m JOIN products p ON p.id = m.product_id
             WHERE m.deleted = 0 AND p.deleted = 0
             GROUP BY m.product_id",
            sums.join(", ")
        ))?;
        let mut out = vec![SupplyKpis::default(); periods.len()];
        let mut values = vec![(Decimal::ZERO, Decimal::ZERO); periods.len()];
        let mut rows = stmt.query(rusqlite::params_from_iter(args.iter()))?;
        while let Some(r) = rows.next()? {
            let cost = r.decimal(0)?;
            for (i, k) in out.iter_mut().enumerate() {
                let at = 1 + 3 * i;
                let start = r.get::<_, f64>(at)? as i64;
                let end = r.get::<_, f64>(at + 1)? as i64;
                let sold = r.get::<_, f64>(at + 2)? as i64;
                let value = |milli: i64| Decimal::new(milli.max(0), 3) * cost;
                values[i].0 += value(start);
                values[i].1 += value(end);
                // Shipments are negative, returns positive: their sum is minus what left.
                k.cogs += Decimal::new(-sold, 3) * cost;
            }
        }
        for ((k, (start_value, end_value)), p) in out.iter_mut().zip(values).zip(periods) {
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
                    FROM po_receipts r WHERE r.po_line_id = l.id AND r.deleted = 0
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
