//! The order indicators of a period (brief §9), counted in SQL and summarised by
//! `chainbook_core::analytics::kpi`:
//! - **processing time**: hours from an order's first confirmation to its first shipment (each
//!   time to the second), for orders first shipped in the period (median and p90);
//! - **delivered** orders are those whose delivery (status history) falls in the period;
//!   **on time** when delivered on or before the promised date (orders with one);
//!   **accurate** when they have no return and no wrong-item, wrong-quantity or damage
//!   complaint; **perfect** when on time (or without a promise), shipped in one go (one
//!   shipment day, no back-order) and accurate.
//!
//! Days are the UTC dates of the recorded times, as the order list reads them.

use chainbook_core::analytics::kpi::{delivery_kpis, spread, Deliveries, DeliveryKpis, Spread};
use rusqlite::params;

use super::cut::Cut;
use super::{Analytics, Period};
use crate::orders::totals::{perfect_sql, ACCURATE_SQL, ON_TIME_SQL, PROCESSING_SECS_SQL};
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
        let members = cut.clause("t.customer_id");
        let from = period.first_day_text();
        let to = period.as_of_text();
        // The per-order facts are kept in the derived `so_totals` (see `orders::totals`):
        // deliveries and first shipments of a period are ranges of its indexes.
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT count(*), total(t.promised_on <> ''), total({ON_TIME_SQL}),
                    total({ACCURATE_SQL}), total({})
             FROM so_totals t
             WHERE t.delivered_on >= ?1 AND t.delivered_on <= ?2 AND t.delivered_on <> ''{members}",
            perfect_sql()
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
        let after = period.day_after_text();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {PROCESSING_SECS_SQL} FROM so_totals t INDEXED BY so_totals_by_shipped
             WHERE t.shipped_at >= ?1 AND t.shipped_at < ?2 AND t.shipped_at <> ''
               AND t.confirmed_at <> ''{members}"
        ))?;
        let mut hours = Vec::new();
        for secs in stmt.query_map(params![from, after], |r| r.get::<_, Option<i64>>(0))? {
            if let Some(secs) = secs? {
                hours.push(secs as f64 / 3600.0);
            }
        }
        Ok(OrderKpis {
            rates: delivery_kpis(&deliveries),
            deliveries,
            processing_hours: spread(&hours),
        })
    }
}
