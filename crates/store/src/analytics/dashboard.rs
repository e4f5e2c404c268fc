//! The dashboard: every figure of one period, one currency and optionally one segment, beside
//! the same figures for the period before (as long as the chosen one, ending the day before
//! it starts; none for all history).
//!
//! Customer values (ABC tier, RFM segment, computed lifecycle) are each customer's own, over
//! everyone buying in the currency; a segment cut only chooses whose values are counted, so a
//! customer's tier does not change with the segment one looks at. Stock and supplier figures
//! are not cut and come separately (`Analytics::supply`): they read the whole stock ledger, so
//! the dashboard shows the rest first.

use std::collections::HashMap;

use chainbook_core::analytics::abc::AbcTier;
use chainbook_core::analytics::lifecycle::repurchase_rate;
use chainbook_core::analytics::rfm::RfmSegment;
use chainbook_core::customer::Lifecycle;
use rusqlite::params;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use uuid::Uuid;

use super::cut::Cut;
use super::service::{MonthNps, SatisfactionFigures, ServiceKpis};
use super::{Analytics, CustomerValue, OrderKpis, Period, Sale, SOLD};
use crate::Result;

/// What the dashboard shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DashboardQuery {
    pub period: Period,
    pub currency: String,
    pub segment: Option<Uuid>,
}

/// The figures compared between two periods.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub revenue: Decimal,
    /// Sold orders dated in the period.
    pub orders: u64,
    /// Customers with a sold order in the period.
    pub buyers: u64,
    pub repurchase_rate: Option<f64>,
    pub order: OrderKpis,
    pub satisfaction: SatisfactionFigures,
    pub service: ServiceKpis,
}

/// One month's revenue (`YYYY-MM`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthRevenue {
    pub month: String,
    pub revenue: Decimal,
}

/// Customers and revenue of one ABC tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TierFigure {
    pub tier: AbcTier,
    pub customers: u64,
    pub revenue: Decimal,
}

/// How many customers sit in one cell of the RFM grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RfmCell {
    pub r: u8,
    pub fm: u8,
    pub segment: RfmSegment,
    pub customers: u64,
}

/// The whole dashboard.
#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    pub period: Period,
    pub previous_period: Option<Period>,
    pub current: Figures,
    pub previous: Option<Figures>,
    pub revenue_by_month: Vec<MonthRevenue>,
    pub nps_by_month: Vec<MonthNps>,
    pub tiers: Vec<TierFigure>,
    /// `(share of customers, share of revenue)`, both 0–1, along the customers with revenue
    /// from the largest: at most 101 points, always the first and the last.
    pub pareto: Vec<(f64, f64)>,
    /// All 25 cells, R = 5 first.
    pub rfm_grid: Vec<RfmCell>,
    /// Customers per computed stage (new, active, at risk, lost), of those who ever bought.
    pub lifecycle: Vec<(Lifecycle, u64)>,
}

impl Period {
    /// The period of the same length that ends the day before this one starts.
    pub fn previous(&self) -> Option<Period> {
        let from = self.from?;
        let days = (self.as_of - from).num_days();
        let as_of = from.pred_opt()?;
        Some(Period {
            from: Some(as_of - chrono::Duration::days(days)),
            as_of,
        })
    }
}

impl Analytics<'_> {
    /// Every figure of the dashboard (kept until the next write: going back to it is free).
    pub fn dashboard(&self, q: &DashboardQuery) -> Result<Dashboard> {
        let kept = self.db.memo(
            &format!("dashboard:{}:{q:?}", self.db.now.date_naive()),
            || self.compute_dashboard(q),
        )?;
        Ok((*kept).clone())
    }

    fn compute_dashboard(&self, q: &DashboardQuery) -> Result<Dashboard> {
        let (cut, members) = self.cut(q.segment)?;
        let values = self.shared_values(&q.period, &q.currency)?;
        let kept: Vec<_> = values
            .iter()
            .filter(|v| cut.keeps(&members, &v.activity.customer_id))
            .collect();

        let mut tiers: Vec<TierFigure> = [AbcTier::A, AbcTier::B, AbcTier::C]
            .into_iter()
            .map(|tier| TierFigure {
                tier,
                customers: 0,
                revenue: Decimal::ZERO,
            })
            .collect();
        let mut rfm_grid: Vec<RfmCell> = (1..=5u8)
            .rev()
            .flat_map(|r| {
                (1..=5u8).map(move |fm| RfmCell {
                    r,
                    fm,
                    segment: chainbook_core::analytics::rfm::segment(r, fm),
                    customers: 0,
                })
            })
            .collect();
        let stages = [
            Lifecycle::New,
            Lifecycle::Active,
            Lifecycle::AtRisk,
            Lifecycle::Lost,
        ];
        let mut lifecycle: Vec<(Lifecycle, u64)> = stages.iter().map(|s| (*s, 0)).collect();
        for v in &kept {
            if let Some(t) = tiers.iter_mut().find(|t| t.tier == v.tier) {
                t.customers += 1;
                t.revenue += v.activity.revenue;
            }
            if let Some((r, f, m, _)) = v.rfm {
                let fm = (f + m).div_ceil(2);
                if let Some(c) = rfm_grid.iter_mut().find(|c| c.r == r && c.fm == fm) {
                    c.customers += 1;
                }
            }
            if let Some(l) = &v.lifecycle {
                if let Some(s) = lifecycle.iter_mut().find(|(s, _)| *s == l.stage) {
                    s.1 += 1;
                }
            }
        }
        let pareto = pareto(
            &kept
                .iter()
                .map(|v| v.activity.revenue)
                .filter(|r| *r > Decimal::ZERO)
                .collect::<Vec<_>>(),
        );
        let orders: Vec<u64> = kept.iter().map(|v| v.activity.orders).collect();
        let revenue = kept.iter().map(|v| v.activity.revenue).sum();
        let (satisfaction, nps_by_month) = self.satisfaction_in(&q.period, cut)?;
        let previous_period = q.period.previous();
        // The stock ledger is read once for both periods.
        let current = Figures {
            revenue,
            orders: orders.iter().sum(),
            buyers: orders.iter().filter(|n| **n > 0).count() as u64,
            repurchase_rate: repurchase_rate(&orders),
            order: self.order_kpis_in(&q.period, cut)?,
            satisfaction,
            service: self.service_kpis_in(&q.period, cut)?,
        };
        let previous = match previous_period {
            Some(p) => Some(self.figures(&p, &q.currency, &kept, cut)?),
            None => None,
        };
        Ok(Dashboard {
            period: q.period,
            previous_period,
            current,
            previous,
            revenue_by_month: self.revenue_by_month(&q.period, &q.currency, cut)?,
            nps_by_month,
            tiers,
            pareto,
            rfm_grid,
            lifecycle,
        })
    }

    /// The compared figures of a period (without the per-customer values) over `kept`: the
    /// customers the dashboard counts (of the currency, in the cut), known from the values
    /// of the chosen period, so the customers are not read again.
    fn figures(
        &self,
        period: &Period,
        currency: &str,
        kept: &[&CustomerValue],
        cut: Cut,
    ) -> Result<Figures> {
        let mut sales: HashMap<Uuid, (u64, Decimal)> = kept
            .iter()
            .map(|v| (v.activity.customer_id, (0, Decimal::ZERO)))
            .collect();
        self.sales_in(period, currency, |customer, sale| {
            if let Some((orders, revenue)) = sales.get_mut(&customer) {
                match sale {
                    Sale::Order { gross, .. } => {
                        *orders += 1;
                        *revenue += gross;
                    }
                    Sale::Return { gross } => *revenue -= gross,
                }
            }
        })?;
        let orders: Vec<u64> = sales.values().map(|(n, _)| *n).collect();
        Ok(Figures {
            revenue: sales.values().map(|(_, r)| *r).sum(),
            orders: orders.iter().sum(),
            buyers: orders.iter().filter(|n| **n > 0).count() as u64,
            repurchase_rate: repurchase_rate(&orders),
            order: self.order_kpis_in(period, cut)?,
            satisfaction: self.satisfaction_in(period, cut)?.0,
            service: self.service_kpis_in(period, cut)?,
        })
    }

    /// Revenue per month of the period (months without sales included as zero), returns
    /// subtracted in the month of their return date.
    pub(crate) fn revenue_by_month(
        &self,
        period: &Period,
        currency: &str,
        cut: Cut,
    ) -> Result<Vec<MonthRevenue>> {
        let conn = self.db.conn;
        let (from, as_of) = (period.first_day_text(), period.as_of_text());
        let mut by_month: std::collections::BTreeMap<String, Decimal> = Default::default();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT substr(ordered_on, 1, 7), gross FROM so_totals
             WHERE currency = ?1 AND ordered_on >= ?2 AND ordered_on <= ?3
               AND status IN {SOLD}{}",
            cut.clause("customer_id")
        ))?;
        for row in stmt.query_map(params![currency, from, as_of], |r| {
            Ok((r.get::<_, String>(0)?, crate::row::RowExt::decimal(r, 1)?))
        })? {
            let (m, gross) = row?;
            *by_month.entry(m).or_default() += gross;
        }
        for (_, day, gross) in self.returns_in(period, currency, cut)? {
            *by_month.entry(day.format("%Y-%m").to_string()).or_default() -= gross;
        }
        // Every month from the first (the period's, or the first with sales) to the as-of.
        let first = match period.from {
            Some(f) => f.format("%Y-%m").to_string(),
            None => match by_month.keys().next() {
                Some(m) => m.clone(),
                None => return Ok(Vec::new()),
            },
        };
        let last = period.as_of.format("%Y-%m").to_string();
        let mut out = Vec::new();
        let mut month = first;
        while month <= last {
            out.push(MonthRevenue {
                revenue: by_month.get(&month).copied().unwrap_or_default(),
                month: month.clone(),
            });
            month = next_month(&month);
        }
        Ok(out)
    }
}

/// `YYYY-MM` of the month after.
fn next_month(m: &str) -> String {
    let (y, mo) = m.split_once('-').unwrap_or((m, "12"));
    let (y, mo): (i32, u32) = (y.parse().unwrap_or(9999), mo.parse().unwrap_or(12));
    if mo >= 12 {
        format!("{:04}-01", y + 1)
    } else {
        format!("{y:04}-{:02}", mo + 1)
    }
}

/// The Pareto curve of positive revenues (any order; sorted here, largest first).
fn pareto(revenues: &[Decimal]) -> Vec<(f64, f64)> {
    let mut sorted = revenues.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let total: Decimal = sorted.iter().sum();
    let n = sorted.len();
    if n == 0 || total <= Decimal::ZERO {
        return Vec::new();
    }
    let step = n.div_ceil(100);
    let mut out = vec![(0.0, 0.0)];
    let mut cumulative = Decimal::ZERO;
    for (i, r) in sorted.iter().enumerate() {
        cumulative += r;
        if (i + 1) % step == 0 || i + 1 == n {
            out.push((
                (i + 1) as f64 / n as f64,
                (cumulative / total).to_f64().unwrap_or(1.0),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn the_previous_period_is_as_long_and_ends_the_day_before() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let p = Period {
            from: Some(d("2026-03-01")),
            as_of: d("2026-03-31"),
        };
        assert_eq!(
            p.previous(),
            Some(Period {
                from: Some(d("2026-01-29")),
                as_of: d("2026-02-28"),
            })
        );
        assert_eq!(
            Period {
                from: None,
                as_of: d("2026-03-31")
            }
            .previous(),
            None
        );
    }

    #[test]
    fn months_roll_over_the_year() {
        assert_eq!(next_month("2025-12"), "2026-01");
        assert_eq!(next_month("2026-01"), "2026-02");
    }

    #[test]
    fn the_pareto_curve_starts_at_zero_and_ends_at_everything() {
        let r: Vec<Decimal> = [50, 30, 20].into_iter().map(Decimal::from).collect();
        assert_eq!(
            pareto(&r),
            vec![(0.0, 0.0), (1.0 / 3.0, 0.5), (2.0 / 3.0, 0.8), (1.0, 1.0)]
        );
        let many: Vec<Decimal> = (1..=1000).map(Decimal::from).collect();
        let p = pareto(&many);
        assert!(p.len() <= 102);
        assert_eq!(p.last(), Some(&(1.0, 1.0)));
        assert!(pareto(&[]).is_empty());
    }
}
