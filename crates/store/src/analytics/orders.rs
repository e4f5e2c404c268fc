//! The order indicators of a period (brief §9), counted in SQL and summarised by
//! `chainbook_core::analytics::kpi`:
//! - **processing time**: hours from an order's first confirmation to its first shipment, for
//!   orders first shipped in the period (median and p90);
//! - **delivered** orders are those whose delivery (status history) falls in the period;
//!   **on time** when delivered on or before the promised date (orders with one);
//!   **accurate** when they have no return and no wrong-item, wrong-quantity or damage
//!   complaint; **perfect** when on time (or without a promise), shipped in one go (one
//!   shipment day, no back-order) and accurate.
//!
//! Days are the UTC dates of the recorded times, as the order list reads them.

use chainbook_core::analytics::kpi::{delivery_kpis, spread, Deliveries, DeliveryKpis, Spread};
use chrono::{DateTime, Utc};
use rusqlite::params;

use super::cut::Cut;
use super::{Analytics, Period};
use crate::Result;

/// The order indicators of a period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OrderKpis {
    pub deliveries: Deliveries,
    pub rates: DeliveryKpis,
    /// Hours from confirmation to shipment; `None` when nothing shipped.
    pub processing_hours: Option<Spread>,
}

impl Analytics<'_> {
    pub fn order_kpis(&self, period: &Period) -> Result<OrderKpis> {
        self.order_kpis_in(period, Cut::Everyone)
    }

    /// [`Analytics::order_kpis`] over the orders of the customers a cut keeps.
    pub(crate) fn order_kpis_in(&self, period: &Period, cut: Cut) -> Result<OrderKpis> {
        let conn = self.db.conn;
        let members = cut.clause("o.customer_id");
        let from = period.first_day_text();
        let to = period.as_of_text();
        let mut stmt = conn.prepare_cached(&format!(
            "WITH delivered AS (
                SELECT h.order_id, min(substr(h.at, 1, 10)) AS day
                FROM so_status_history h JOIN sales_orders o ON o.id = h.order_id
                WHERE h.status = 'delivered' AND o.deleted = 0{members}
                GROUP BY h.order_id
                HAVING day >= ?1 AND day <= ?2
            ),
            flags AS (
                SELECT o.promised_on <> '' AS promised,
                    o.promised_on <> '' AND d.day <= o.promised_on AS on_time,
                    NOT EXISTS (
                        SELECT 1 FROM so_returns r WHERE r.order_id = o.id AND r.deleted = 0)
                    AND NOT EXISTS (
                        SELECT 1 FROM complaints c WHERE c.order_id = o.id AND c.deleted = 0
                          AND c.category IN ('wrong_item', 'wrong_quantity', 'damaged'))
                        AS accurate,
                    o.backorder = 0 AND (
                        SELECT count(DISTINCT s.shipped_on) FROM so_shipments s
                        WHERE s.order_id = o.id AND s.deleted = 0) = 1 AS in_one_go
                FROM delivered d JOIN sales_orders o ON o.id = d.order_id
            )
            SELECT count(*), total(promised), total(on_time), total(accurate),
                   total((NOT promised OR on_time) AND in_one_go AND accurate)
            FROM flags"
        ))?;
        let deliveries = stmt.query_row(params![from, to], |r| {
            // `total` sums the 0/1 flags as a real number.
            let n = |i: usize| r.get::<_, f64>(i).map(|v| v.max(0.0) as u64);
            Ok(Deliveries {
                delivered: n(0)?,
                with_promise: n(1)?,
                on_time: n(2)?,
                accurate: n(3)?,
                perfect: n(4)?,
            })
        })?;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT min(h.at) FILTER (WHERE h.status = 'confirmed'),
                    min(h.at) FILTER (WHERE h.status = 'shipped')
             FROM so_status_history h JOIN sales_orders o ON o.id = h.order_id
             WHERE o.deleted = 0 AND h.status IN ('confirmed', 'shipped'){members}
             GROUP BY h.order_id
             HAVING min(substr(h.at, 1, 10)) FILTER (WHERE h.status = 'shipped') BETWEEN ?1 AND ?2"
        ))?;
        let mut hours = Vec::new();
        for row in stmt.query_map(params![from, to], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, Option<String>>(1)?,
            ))
        })? {
            if let (Some(c), Some(s)) = row? {
                if let (Ok(c), Ok(s)) = (
                    DateTime::parse_from_rfc3339(&c),
                    DateTime::parse_from_rfc3339(&s),
                ) {
                    let (c, s) = (c.with_timezone(&Utc), s.with_timezone(&Utc));
                    hours.push((s - c).num_seconds() as f64 / 3600.0);
                }
            }
        }
        Ok(OrderKpis {
            rates: delivery_kpis(&deliveries),
            deliveries,
            processing_hours: spread(&hours),
        })
    }
}
