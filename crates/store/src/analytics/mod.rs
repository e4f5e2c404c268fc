//! Customer analytics: the aggregates that feed `chainbook_core::analytics`, behind one read
//! handle (`store.analytics()`).
//!
//! Every analysis has a [`Period`]: an as-of date (nothing after it counts) and a first day
//! (or all history). **Revenue** of a customer in a period = the gross totals (net of
//! discounts, with tax, each line rounded by `core::order`'s rule) of its orders dated in the
//! period that were confirmed and not cancelled (status confirmed, picking, shipped, delivered
//! or closed), minus the gross value of what was returned from those orders with a return
//! date in the period. Amounts of different currencies are never added: an analysis is of
//! one currency, over the customers who buy in it.
//!
//! - [`orders`]: the order indicators (processing time, on-time, accuracy, perfect orders).
//! - [`service`]: NPS, CSAT and complaint handling.
//! - [`supply`]: inventory turnover, supplier on-time and defect rates.
//! - [`dashboard`]: every figure of a period against the one before, cut by segment.
//! - [`customers`]: the lost-customer list and one customer's figures (customer 360).
//! - [`cut`]: a segment's members for the aggregates.
//! - [`values`]: every customer's tier, RFM segment, product stage and frequency band of
//!   today, for the list and segments.
//!
//! Orders are read from the derived `so_totals` (one row per order with its gross), streamed
//! and summed per customer: memory grows with customers, not orders.

pub mod customers;
pub(crate) mod cut;
pub mod dashboard;
pub mod orders;
pub mod service;
pub mod supply;
pub(crate) mod values;

use std::collections::HashMap;

use chainbook_core::analytics::abc::{abc_tiers, AbcTier, Revenue};
use chainbook_core::analytics::lifecycle::{
    computed_lifecycle, repurchase_rate, ComputedLifecycle,
};
use chainbook_core::analytics::rfm::{rfm_scores, RfmInput, RfmSegment};
use chainbook_core::order::LineMoney;
use chainbook_core::product::Qty;
use chrono::NaiveDate;
use rusqlite::params;
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::read::Read;
use crate::row::RowExt;
use crate::{Result, Store};

pub use customers::{CustomerInsight, LastComplaint, Slipping};
pub use dashboard::{Dashboard, DashboardQuery, Figures, MonthRevenue, RfmCell, TierFigure};
pub use orders::OrderKpis;
pub use service::{MonthNps, SatisfactionFigures, ServiceKpis};
pub use supply::SupplyKpis;

/// Statuses whose orders count as sales.
pub(crate) const SOLD: &str = "('confirmed', 'picking', 'shipped', 'delivered', 'closed')";

/// The days an analysis covers: `from` (inclusive; `None` for all history) to `as_of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Option<NaiveDate>,
    pub as_of: NaiveDate,
}

impl Period {
    /// The default: the 365 days up to and including `as_of`.
    pub fn year_to(as_of: NaiveDate) -> Period {
        Period {
            from: Some(as_of - chrono::Duration::days(364)),
            as_of,
        }
    }

    fn first_day_text(&self) -> String {
        self.from
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    }

    fn as_of_text(&self) -> String {
        self.as_of.format("%Y-%m-%d").to_string()
    }
}

/// One customer's buying in a period (and its order dates up to the as-of date).
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerActivity {
    pub customer_id: Uuid,
    pub code: String,
    pub name: String,
    pub revenue: Decimal,
    /// Sold orders dated in the period.
    pub orders: u64,
    /// The last sold order's date in the period.
    pub last_order: Option<NaiveDate>,
    /// Every sold order's date up to the as-of date (all history), for the lifecycle.
    pub order_dates: Vec<NaiveDate>,
}

/// A customer's value: ABC tier, RFM scores and segment, computed lifecycle.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerValue {
    pub activity: CustomerActivity,
    pub tier: AbcTier,
    /// 1 = the largest revenue.
    pub rank: usize,
    /// `(r, f, m, segment)` for customers with an order in the period.
    pub rfm: Option<(u8, u8, u8, RfmSegment)>,
    pub lifecycle: Option<ComputedLifecycle>,
}

/// Analytics reads.
pub struct Analytics<'a> {
    pub(crate) db: Read<'a>,
}

impl Store {
    pub fn analytics(&self) -> Analytics<'_> {
        Analytics { db: self.read() }
    }
}

impl Analytics<'_> {
    /// The currencies live customers buy in, the most customers' first: an analysis is of
    /// one of them.
    pub fn currencies(&self) -> Result<Vec<String>> {
        let mut stmt = self.db.conn.prepare_cached(
            "SELECT currency FROM customers WHERE deleted = 0
             GROUP BY currency ORDER BY count(*) DESC, currency",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every live customer buying in `currency`, with its revenue, orders and order dates.
    pub fn customer_activity(
        &self,
        period: &Period,
        currency: &str,
    ) -> Result<Vec<CustomerActivity>> {
        let conn = self.db.conn;
        let (from, as_of) = (period.first_day_text(), period.as_of_text());
        let mut by_id: HashMap<Uuid, CustomerActivity> = HashMap::new();
        let mut stmt = conn.prepare_cached(
            "SELECT id, code, name FROM customers WHERE deleted = 0 AND currency = ?1",
        )?;
        for row in stmt.query_map([currency], |r| Ok((r.uuid(0)?, r.get(1)?, r.get(2)?)))? {
            let (id, code, name) = row?;
            by_id.insert(
                id,
                CustomerActivity {
                    customer_id: id,
                    code,
                    name,
                    revenue: Decimal::ZERO,
                    orders: 0,
                    last_order: None,
                    order_dates: Vec::new(),
                },
            );
        }
        // Returns dated in the period, at their lines' prices.
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT o.customer_id, r.qty_milli, l.unit_price, l.discount_pct, l.tax_rate_pct
             FROM so_returns r JOIN so_lines l ON l.id = r.line_id
             JOIN sales_orders o ON o.id = r.order_id
             WHERE r.deleted = 0 AND o.deleted = 0 AND o.currency = ?1 AND o.status IN {SOLD}
               AND r.returned_on >= ?2 AND r.returned_on <= ?3"
        ))?;
        for row in stmt.query_map(params![currency, from, as_of], |r| {
            Ok((r.uuid(0)?, money(r, 1)?))
        })? {
            let (customer, line) = row?;
            if let Some(a) = by_id.get_mut(&customer) {
                a.revenue -= line.amounts(currency).gross;
            }
        }
        // Every sold order up to the as-of date (one scan of the derived totals): its date
        // for the lifecycle, and, when dated in the period, its gross, count and recency.
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT customer_id, ordered_on, gross FROM so_totals
             WHERE currency = ?1 AND status IN {SOLD} AND ordered_on <= ?2"
        ))?;
        for row in stmt.query_map(params![currency, as_of], |r| {
            Ok((r.uuid(0)?, r.date(1)?, r.decimal(2)?))
        })? {
            let (customer, day, gross) = row?;
            if let Some(a) = by_id.get_mut(&customer) {
                a.order_dates.push(day);
                if period.from.is_none_or(|f| day >= f) {
                    a.orders += 1;
                    a.last_order = a.last_order.max(Some(day));
                    a.revenue += gross;
                }
            }
        }
        let mut out: Vec<CustomerActivity> = by_id.into_values().collect();
        for a in &mut out {
            a.order_dates.sort_unstable();
        }
        out.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(out)
    }

    /// Customers with two or more orders in the period ÷ customers with at least one; `None`
    /// when nobody bought.
    pub fn repurchase_rate(&self, period: &Period, currency: &str) -> Result<Option<f64>> {
        let orders: Vec<u64> = self
            .customer_activity(period, currency)?
            .iter()
            .map(|a| a.orders)
            .collect();
        Ok(repurchase_rate(&orders))
    }

    /// ABC tiers, RFM scores and segments and the computed lifecycle of every customer buying
    /// in `currency`, largest revenue first.
    pub fn customer_values(&self, period: &Period, currency: &str) -> Result<Vec<CustomerValue>> {
        Ok(self.shared_values(period, currency)?.as_ref().clone())
    }

    /// [`Analytics::customer_values`], computed once until the next write and shared by the
    /// dashboard, the lost-customer list, a customer's figures and the value filters.
    pub(crate) fn shared_values(
        &self,
        period: &Period,
        currency: &str,
    ) -> Result<std::sync::Arc<Vec<CustomerValue>>> {
        let key = format!(
            "customer_values {} {} {currency}",
            period.first_day_text(),
            period.as_of_text()
        );
        self.db.memo(&key, || self.compute_values(period, currency))
    }

    fn compute_values(&self, period: &Period, currency: &str) -> Result<Vec<CustomerValue>> {
        let activity = self.customer_activity(period, currency)?;
        let tiers = abc_tiers(
            &activity
                .iter()
                .enumerate()
                .map(|(i, a)| Revenue {
                    key: i,
                    code: a.code.clone(),
                    revenue: a.revenue,
                })
                .collect::<Vec<_>>(),
        );
        let buyers: Vec<RfmInput<usize>> = activity
            .iter()
            .enumerate()
            .filter_map(|(i, a)| {
                a.last_order.map(|last| RfmInput {
                    key: i,
                    recency_days: (period.as_of - last).num_days(),
                    frequency: a.orders,
                    monetary: a.revenue,
                })
            })
            .collect();
        let mut rfm: HashMap<usize, (u8, u8, u8, RfmSegment)> = HashMap::new();
        for s in rfm_scores(&buyers) {
            rfm.insert(s.key, (s.r, s.f, s.m, s.segment));
        }
        let mut slots: Vec<Option<CustomerActivity>> = activity.into_iter().map(Some).collect();
        let mut out = Vec::with_capacity(slots.len());
        for t in tiers {
            let Some(a) = slots[t.key].take() else {
                continue;
            };
            let lifecycle = computed_lifecycle(&a.order_dates, period.as_of);
            out.push(CustomerValue {
                rfm: rfm.get(&t.key).copied(),
                tier: t.tier,
                rank: t.rank,
                lifecycle,
                activity: a,
            });
        }
        Ok(out)
    }
}

/// A line's money with the quantity (of the line, or of a return) at column `at`.
pub(crate) fn money(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<LineMoney> {
    Ok(LineMoney {
        quantity: Qty(r.get(at)?),
        unit_price: r.decimal(at + 1)?,
        discount_pct: r.decimal(at + 2)?,
        tax_rate_pct: r.decimal(at + 3)?,
    })
}
