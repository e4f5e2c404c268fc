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

use self::cut::Cut;
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

    /// The day after the as-of date: stored times sort as text, so `at < this` bounds the
    /// times of the period's last day.
    fn day_after_text(&self) -> String {
        (self.as_of + chrono::Duration::days(1))
            .format("%Y-%m-%d")
            .to_string()
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
    /// The computed lifecycle as of the as-of date, from every sold order up to it (all
    /// history, in any currency: the stage the customer list shows); `None` without one.
    pub lifecycle: Option<ComputedLifecycle>,
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

/// One sale of a period, as [`Analytics::sales_in`] reports it.
pub(crate) enum Sale {
    /// A sold order dated in the period, with its gross total.
    Order { day: NaiveDate, gross: Decimal },
    /// A return dated in the period, with the gross value of what came back.
    Return { gross: Decimal },
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
        // Kept until the next write: counting reads every customer (about 15 ms at 100,000),
        // and the dashboard asks each time it opens.
        let kept = self.db.memo("analytics:currencies", || {
            let mut stmt = self.db.conn.prepare_cached(
                "SELECT currency FROM customers WHERE deleted = 0
                 GROUP BY currency ORDER BY count(*) DESC, currency",
            )?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
        })?;
        Ok((*kept).clone())
    }

    /// Every live customer buying in `currency`, with its revenue and orders in the period
    /// and its lifecycle as of the period's as-of date.
    ///
    /// The lifecycle comes from the derived `customer_rhythm` when the customer's last sold
    /// order is on or before the as-of date (always so for an analysis of today); only
    /// customers with orders after it (an as-of date in the past) have their order dates read
    /// again. The period's revenue reads the orders dated in the period, not all history.
    pub fn customer_activity(
        &self,
        period: &Period,
        currency: &str,
    ) -> Result<Vec<CustomerActivity>> {
        self.activity(period, currency, true)
    }

    /// [`Analytics::customer_activity`], with the lifecycle only when `lifecycle` is true
    /// (the figures of a previous period need none, and its as-of date in the past would
    /// make every customer's order dates be read again).
    pub(crate) fn activity(
        &self,
        period: &Period,
        currency: &str,
        lifecycle: bool,
    ) -> Result<Vec<CustomerActivity>> {
        let conn = self.db.conn;
        let as_of = period.as_of_text();
        let mut by_id: HashMap<Uuid, CustomerActivity> = HashMap::new();
        // Customers whose rhythm includes orders after the as-of date.
        let mut later: Vec<Uuid> = Vec::new();
        let mut stmt = conn.prepare_cached(
            "SELECT c.id, c.code, c.name, r.first_order, r.last_order, r.interval2
             FROM customers c INDEXED BY customers_by_currency
             LEFT JOIN customer_rhythm r ON r.customer_id = c.id
             WHERE c.deleted = 0 AND c.currency = ?1",
        )?;
        let rows = stmt.query_map([currency], |r| {
            Ok((
                r.uuid(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.opt_date(3)?,
                r.opt_date(4)?,
                r.get::<_, Option<i64>>(5)?,
            ))
        })?;
        for row in rows {
            let (id, code, name, first, last, interval2) = row?;
            let lifecycle = match (first, last) {
                _ if !lifecycle => None,
                (Some(first), Some(last)) if last <= period.as_of => Some(
                    ComputedLifecycle::from_rhythm(first, last, interval2, period.as_of),
                ),
                (Some(_), Some(_)) => {
                    later.push(id);
                    None
                }
                _ => None,
            };
            by_id.insert(
                id,
                CustomerActivity {
                    customer_id: id,
                    code,
                    name,
                    revenue: Decimal::ZERO,
                    orders: 0,
                    last_order: None,
                    lifecycle,
                },
            );
        }
        // A query per customer costs about as much as reading a few dozen orders in one pass,
        // and customers have about ten orders each: up to a quarter of them are read one by
        // one, more in one pass over the orders.
        if later.len() * 4 <= by_id.len() {
            let mut dates = conn.prepare_cached(&format!(
                "SELECT DISTINCT ordered_on FROM sales_orders
                 WHERE customer_id = ?1 AND deleted = 0 AND status IN {SOLD} AND ordered_on <= ?2"
            ))?;
            for id in later {
                let days: Vec<NaiveDate> = dates
                    .query_map(params![id.to_string(), as_of], |r| r.date(0))?
                    .collect::<rusqlite::Result<_>>()?;
                if let Some(a) = by_id.get_mut(&id) {
                    a.lifecycle = computed_lifecycle(&days, period.as_of);
                }
            }
        } else {
            // Many customers (an as-of date well in the past): one pass over every sold order
            // up to it beats a query per customer.
            let mut days: HashMap<Uuid, Vec<NaiveDate>> =
                later.into_iter().map(|id| (id, Vec::new())).collect();
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT customer_id, ordered_on FROM so_totals
                 WHERE ordered_on <= ?1 AND status IN {SOLD}"
            ))?;
            for row in stmt.query_map([&as_of], |r| Ok((r.uuid(0)?, r.date(1)?)))? {
                let (customer, day) = row?;
                if let Some(d) = days.get_mut(&customer) {
                    d.push(day);
                }
            }
            for (id, d) in days {
                if let Some(a) = by_id.get_mut(&id) {
                    a.lifecycle = computed_lifecycle(&d, period.as_of);
                }
            }
        }
        self.sales_in(period, currency, |customer, sale| {
            if let Some(a) = by_id.get_mut(&customer) {
                match sale {
                    Sale::Order { day, gross } => {
                        a.orders += 1;
                        a.last_order = a.last_order.max(Some(day));
                        a.revenue += gross;
                    }
                    Sale::Return { gross } => a.revenue -= gross,
                }
            }
        })?;
        let mut out: Vec<CustomerActivity> = by_id.into_values().collect();
        out.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(out)
    }

    /// Every sale of the period in `currency`, customer by customer: each sold order dated in
    /// it (a range of the derived totals' index) and each return dated in it
    /// ([`Analytics::returns_in`]). Revenue and order counts of any set of customers are sums
    /// of these.
    pub(crate) fn sales_in(
        &self,
        period: &Period,
        currency: &str,
        mut each: impl FnMut(Uuid, Sale),
    ) -> Result<()> {
        for (customer, _, gross) in self.returns_in(period, currency, Cut::Everyone)? {
            each(customer, Sale::Return { gross });
        }
        let mut stmt = self.db.conn.prepare_cached(&format!(
            "SELECT customer_id, ordered_on, gross FROM so_totals
             WHERE currency = ?1 AND ordered_on >= ?2 AND ordered_on <= ?3 AND status IN {SOLD}"
        ))?;
        let rows = stmt.query_map(
            params![currency, period.first_day_text(), period.as_of_text()],
            |r| Ok((r.uuid(0)?, r.date(1)?, r.decimal(2)?)),
        )?;
        for row in rows {
            let (customer, day, gross) = row?;
            each(customer, Sale::Order { day, gross });
        }
        Ok(())
    }

    /// The returns dated in the period of sold orders in `currency` (of the customers `cut`
    /// keeps): customer, return date and the gross value of what came back, at its line's
    /// prices. Returns are few: they are found by their date (`so_returns_by_day`) and only
    /// then joined to their lines and orders, never by walking the sold orders.
    pub(crate) fn returns_in(
        &self,
        period: &Period,
        currency: &str,
        cut: Cut,
    ) -> Result<Vec<(Uuid, NaiveDate, Decimal)>> {
        let mut stmt = self.db.conn.prepare_cached(&format!(
            "SELECT o.customer_id, r.returned_on, r.qty_milli, l.unit_price, l.discount_pct,
                    l.tax_rate_pct
             FROM so_returns r INDEXED BY so_returns_by_day
             JOIN so_lines l ON l.id = r.line_id
             JOIN sales_orders o ON o.id = r.order_id
             WHERE r.deleted = 0 AND r.returned_on >= ?2 AND r.returned_on <= ?3
               AND o.deleted = 0 AND o.currency = ?1 AND o.status IN {SOLD}{}",
            cut.clause("o.customer_id")
        ))?;
        let rows = stmt.query_map(
            params![currency, period.first_day_text(), period.as_of_text()],
            |r| Ok((r.uuid(0)?, r.date(1)?, money(r, 2)?)),
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (customer, day, line) = row?;
            out.push((customer, day, line.amounts(currency).gross));
        }
        Ok(out)
    }

    /// Customers with two or more orders in the period ÷ customers with at least one; `None`
    /// when nobody bought.
    pub fn repurchase_rate(&self, period: &Period, currency: &str) -> Result<Option<f64>> {
        let orders: Vec<u64> = self
            .activity(period, currency, false)?
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
            out.push(CustomerValue {
                rfm: rfm.get(&t.key).copied(),
                tier: t.tier,
                rank: t.rank,
                lifecycle: a.lifecycle.clone(),
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
