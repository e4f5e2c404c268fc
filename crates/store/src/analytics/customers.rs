//! Analytics of single customers: the lost-customer list (customers the computed lifecycle
//! calls at risk or lost, with what an owner needs to decide whom to call) and the figures of
//! the customer 360 page (tier, RFM, computed lifecycle with its reason, loyalty index).

use chainbook_core::analytics::loyalty::{loyalty, Loyalty, LoyaltyInput};
use chainbook_core::customer::Lifecycle;
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use rust_decimal::Decimal;
use uuid::Uuid;

use super::{Analytics, CustomerValue, DashboardQuery, Period};
use crate::paging::{check_page_size, Page};
use crate::row::RowExt;
use crate::Result;

/// How many of a customer's latest orders the value trend shows.
pub const TREND_ORDERS: u32 = 6;

/// A customer slipping away.
#[derive(Debug, Clone, PartialEq)]
pub struct Slipping {
    pub value: CustomerValue,
    /// The latest sold orders' dates and gross totals, oldest first.
    pub recent_orders: Vec<(NaiveDate, Decimal)>,
    pub last_complaint: Option<LastComplaint>,
    /// The latest NPS answer and its date.
    pub last_nps: Option<(u8, NaiveDate)>,
}

/// A customer's latest complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastComplaint {
    pub id: Uuid,
    pub number: String,
    pub category: String,
    pub status: String,
    pub opened_at: String,
}

/// One customer's figures for the 360 page.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerInsight {
    pub value: CustomerValue,
    /// Customers ranked (everyone buying in the customer's currency).
    pub ranked: usize,
    pub loyalty: Loyalty,
    pub loyalty_input: LoyaltyInput,
}

impl Analytics<'_> {
    /// At-risk and lost customers (or only `stage`), most valuable in the period first, then
    /// the longest silent.
    pub fn slipping(
        &self,
        q: &DashboardQuery,
        stage: Option<Lifecycle>,
        page: u32,
        page_size: u32,
    ) -> Result<Page<Slipping>> {
        check_page_size(page_size)?;
        let (cut, members) = self.cut(q.segment)?;
        let mut rows: Vec<CustomerValue> = self
            .shared_values(&q.period, &q.currency)?
            .iter()
            .filter(|v| cut.keeps(&members, &v.activity.customer_id))
            .filter(|v| {
                v.lifecycle.as_ref().is_some_and(|l| match stage {
                    Some(s) => l.stage == s,
                    None => matches!(l.stage, Lifecycle::AtRisk | Lifecycle::Lost),
                })
            })
            .cloned()
            .collect();
        let silent = |v: &CustomerValue| v.lifecycle.as_ref().map_or(0, |l| l.days_since_last);
        rows.sort_by(|a, b| {
            b.activity
                .revenue
                .cmp(&a.activity.revenue)
                .then_with(|| silent(b).cmp(&silent(a)))
                .then_with(|| a.activity.code.cmp(&b.activity.code))
        });
        let total = rows.len() as u64;
        let start = (page as usize).saturating_mul(page_size as usize);
        let mut items = Vec::new();
        for value in rows.into_iter().skip(start).take(page_size as usize) {
            let id = value.activity.customer_id;
            items.push(Slipping {
                recent_orders: self.recent_orders(id, &q.period)?,
                last_complaint: self.last_complaint(id, q.period.as_of)?,
                last_nps: self.last_nps(id, q.period.as_of)?,
                value,
            });
        }
        Ok(Page {
            items,
            total,
            page,
            page_size,
        })
    }

    /// One customer's tier, RFM, computed lifecycle and loyalty index (`weight` = the share of
    /// the subjective part, 0–1); `None` for a customer that is gone.
    pub fn customer_insight(
        &self,
        period: &Period,
        customer: Uuid,
        weight: f64,
    ) -> Result<Option<CustomerInsight>> {
        let Some(currency) = self
            .db
            .conn
            .prepare_cached("SELECT currency FROM customers WHERE id = ?1 AND deleted = 0")?
            .query_row([customer.to_string()], |r| r.get::<_, String>(0))
            .optional()?
        else {
            return Ok(None);
        };
        let values = self.shared_values(period, &currency)?;
        let ranked = values.len();
        let Some(me) = values.iter().find(|v| v.activity.customer_id == customer) else {
            return Ok(None);
        };
        // The median orders in the period of the customers in the same RFM segment (or of
        // everyone without orders in it, whose median is 0).
        let mut peers: Vec<u64> = values
            .iter()
            .filter(|v| v.rfm.map(|r| r.3) == me.rfm.map(|r| r.3))
            .map(|v| v.activity.orders)
            .collect();
        peers.sort_unstable();
        let median = match peers.len() {
            0 => 0.0,
            n if n % 2 == 1 => peers[n / 2] as f64,
            n => (peers[n / 2 - 1] + peers[n / 2]) as f64 / 2.0,
        };
        let (nps, csat) = self.latest_answers(customer, period)?;
        let input = LoyaltyInput {
            nps,
            csat,
            orders_in_period: me.activity.orders,
            segment_median_orders: median,
            days_since_first_order: me
                .lifecycle
                .as_ref()
                .map(|l| (period.as_of - l.first_order).num_days()),
            days_since_last_order: me.lifecycle.as_ref().map(|l| l.days_since_last),
        };
        Ok(Some(CustomerInsight {
            value: me.clone(),
            ranked,
            loyalty: loyalty(&input, weight),
            loyalty_input: input,
        }))
    }

    fn recent_orders(&self, customer: Uuid, period: &Period) -> Result<Vec<(NaiveDate, Decimal)>> {
        // Through the orders' customer index: the totals have none of their own.
        let mut stmt = self.db.conn.prepare_cached(&format!(
            "SELECT t.ordered_on, t.gross FROM sales_orders o
             JOIN so_totals t ON t.order_id = o.id
             WHERE o.customer_id = ?1 AND o.deleted = 0 AND t.status IN {}
               AND t.ordered_on <= ?2
             ORDER BY t.ordered_on DESC, t.order_id DESC LIMIT ?3",
            super::SOLD
        ))?;
        let mut out: Vec<(NaiveDate, Decimal)> = stmt
            .query_map(
                params![customer.to_string(), period.as_of_text(), TREND_ORDERS],
                |r| Ok((r.date(0)?, r.decimal(1)?)),
            )?
            .collect::<rusqlite::Result<_>>()?;
        out.reverse();
        Ok(out)
    }

    fn last_complaint(&self, customer: Uuid, as_of: NaiveDate) -> Result<Option<LastComplaint>> {
        let end = format!("{as_of}T23:59:59.999Z");
        Ok(self
            .db
            .conn
            .prepare_cached(
                "SELECT id, number, category, status, opened_at FROM complaints
                 WHERE customer_id = ?1 AND deleted = 0 AND kind = 'complaint'
                   AND opened_at <= ?2
                 ORDER BY opened_at DESC, id DESC LIMIT 1",
            )?
            .query_row(params![customer.to_string(), end], |r| {
                Ok(LastComplaint {
                    id: r.uuid(0)?,
                    number: r.get(1)?,
                    category: r.get(2)?,
                    status: r.get(3)?,
                    opened_at: r.get(4)?,
                })
            })
            .optional()?)
    }

    fn last_nps(&self, customer: Uuid, as_of: NaiveDate) -> Result<Option<(u8, NaiveDate)>> {
        Ok(self
            .db
            .conn
            .prepare_cached(
                "SELECT nps, responded_on FROM survey_responses
                 WHERE customer_id = ?1 AND deleted = 0 AND nps IS NOT NULL
                   AND responded_on <= ?2
                 ORDER BY responded_on DESC, created_at DESC LIMIT 1",
            )?
            .query_row(params![customer.to_string(), as_of.to_string()], |r| {
                Ok((r.get(0)?, r.date(1)?))
            })
            .optional()?)
    }

    /// The latest NPS and CSAT answers in the period.
    fn latest_answers(&self, customer: Uuid, period: &Period) -> Result<(Option<u8>, Option<u8>)> {
        let mut stmt = self.db.conn.prepare_cached(
            "SELECT nps, csat FROM survey_responses
             WHERE customer_id = ?1 AND deleted = 0 AND responded_on >= ?2
               AND responded_on <= ?3
             ORDER BY responded_on DESC, created_at DESC",
        )?;
        let (mut nps, mut csat) = (None, None);
        for row in stmt.query_map(
            params![
                customer.to_string(),
                period.first_day_text(),
                period.as_of_text()
            ],
            |r| Ok((r.get::<_, Option<u8>>(0)?, r.get::<_, Option<u8>>(1)?)),
        )? {
            let (n, c) = row?;
            nps = nps.or(n);
            csat = csat.or(c);
            if nps.is_some() && csat.is_some() {
                break;
            }
        }
        Ok((nps, csat))
    }
}
