//! Satisfaction and complaint handling in a period (brief §8–9):
//! - **NPS** and **CSAT** from survey responses dated in the period, with the promoters
//!   (9–10), passives (7–8) and detractors (0–6) behind the NPS, and the same per month;
//! - **first response** and **resolution** hours of the complaints opened in the period
//!   (median and p90, of those answered or resolved by the end of the as-of date);
//! - **SLA compliance**: of the complaints opened in the period with an SLA whose outcome is
//!   known at the end of the as-of date (both deadlines met, or either missed or passed
//!   unmet), the share that met both.

use chainbook_core::analytics::kpi::{rate, spread, Spread};
use chainbook_core::survey::{csat, nps_of_counts};
use chrono::{DateTime, Utc};
use rusqlite::params;
use rust_decimal::Decimal;

use super::cut::Cut;
use super::{Analytics, Period};
use crate::Result;

/// NPS with its three groups, and CSAT.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SatisfactionFigures {
    pub promoters: u64,
    pub passives: u64,
    pub detractors: u64,
    pub nps: Option<Decimal>,
    pub csat: Option<Decimal>,
    pub csat_responses: u64,
}

/// A month's NPS (`month` is `YYYY-MM`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthNps {
    pub month: String,
    pub figures: SatisfactionFigures,
}

/// Complaint handling in a period.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ServiceKpis {
    /// Complaints opened in the period.
    pub opened: u64,
    pub first_response_hours: Option<Spread>,
    pub resolution_hours: Option<Spread>,
    /// Complaints with an SLA whose outcome is known.
    pub sla_decided: u64,
    pub sla_met: u64,
    pub sla_compliance: Option<f64>,
}

impl Analytics<'_> {
    /// NPS and CSAT over the period, and per month of it.
    pub(crate) fn satisfaction_in(
        &self,
        period: &Period,
        cut: Cut,
    ) -> Result<(SatisfactionFigures, Vec<MonthNps>)> {
        let mut stmt = self.db.conn.prepare_cached(&format!(
            "SELECT substr(responded_on, 1, 7), nps, csat, count(*) FROM survey_responses
             WHERE deleted = 0 AND responded_on >= ?1 AND responded_on <= ?2{}
             GROUP BY 1, 2, 3 ORDER BY 1",
            cut.clause("customer_id")
        ))?;
        let mut total = Tally::default();
        let mut months: Vec<(String, Tally)> = Vec::new();
        for row in stmt.query_map(params![period.first_day_text(), period.as_of_text()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<u8>>(1)?,
                r.get::<_, Option<u8>>(2)?,
                r.get::<_, i64>(3)?.max(0) as u64,
            ))
        })? {
            let (month, n, c, count) = row?;
            if months.last().is_none_or(|(m, _)| *m != month) {
                months.push((month, Tally::default()));
            }
            if let Some((_, t)) = months.last_mut() {
                t.add(n, c, count);
            }
            total.add(n, c, count);
        }
        Ok((
            total.figures(),
            months
                .into_iter()
                .map(|(month, t)| MonthNps {
                    month,
                    figures: t.figures(),
                })
                .collect(),
        ))
    }

    /// Complaint handling of the complaints opened in the period.
    pub(crate) fn service_kpis_in(&self, period: &Period, cut: Cut) -> Result<ServiceKpis> {
        // The end of the as-of date: what happened later is not known yet.
        let end = format!("{}T23:59:59.999Z", period.as_of_text());
        let after = period.day_after_text();
        let mut stmt = self.db.conn.prepare_cached(&format!(
            "SELECT opened_at, first_response_due, resolution_due, responded_at, resolved_at
             FROM complaints
             WHERE deleted = 0 AND kind = 'complaint' AND opened_at >= ?1 AND opened_at < ?2{}",
            cut.clause("customer_id")
        ))?;
        let mut k = ServiceKpis::default();
        let (mut first, mut resolve) = (Vec::new(), Vec::new());
        for row in stmt.query_map(params![period.first_day_text(), after], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })? {
            let (opened, first_due, resolve_due, responded, resolved) = row?;
            k.opened += 1;
            // Stored times share one fixed UTC format, so text order is time order.
            let known = |t: &String| !t.is_empty() && *t <= end;
            let responded = known(&responded).then_some(responded);
            let resolved = known(&resolved).then_some(resolved);
            if let Some(h) = responded.as_deref().and_then(|t| hours(&opened, t)) {
                first.push(h);
            }
            if let Some(h) = resolved.as_deref().and_then(|t| hours(&opened, t)) {
                resolve.push(h);
            }
            if first_due.is_empty() || resolve_due.is_empty() {
                continue;
            }
            let outcome = |done: &Option<String>, due: &String| match done {
                Some(t) => Some(*t <= *due),
                None if *due < end => Some(false),
                None => None,
            };
            match (
                outcome(&responded, &first_due),
                outcome(&resolved, &resolve_due),
            ) {
                (Some(false), _) | (_, Some(false)) => k.sla_decided += 1,
                (Some(true), Some(true)) => {
                    k.sla_decided += 1;
                    k.sla_met += 1;
                }
                _ => {}
            }
        }
        k.first_response_hours = spread(&first);
        k.resolution_hours = spread(&resolve);
        k.sla_compliance = rate(k.sla_met, k.sla_decided);
        Ok(k)
    }
}

/// Hours from one stored time to a later one.
fn hours(from: &str, to: &str) -> Option<f64> {
    let a = DateTime::parse_from_rfc3339(from).ok()?.with_timezone(&Utc);
    let b = DateTime::parse_from_rfc3339(to).ok()?.with_timezone(&Utc);
    Some((b - a).num_seconds() as f64 / 3600.0)
}

/// Counts of answers.
#[derive(Default)]
struct Tally {
    promoters: u64,
    passives: u64,
    detractors: u64,
    csat: Vec<(u8, u64)>,
}

impl Tally {
    fn add(&mut self, nps: Option<u8>, csat: Option<u8>, count: u64) {
        match nps {
            Some(9..) => self.promoters += count,
            Some(7 | 8) => self.passives += count,
            Some(_) => self.detractors += count,
            None => {}
        }
        if let Some(c) = csat {
            self.csat.push((c, count));
        }
    }

    fn figures(&self) -> SatisfactionFigures {
        let ratings: Vec<u8> = self
            .csat
            .iter()
            .flat_map(|(c, n)| std::iter::repeat_n(*c, *n as usize))
            .collect();
        SatisfactionFigures {
            promoters: self.promoters,
            passives: self.passives,
            detractors: self.detractors,
            nps: nps_of_counts(self.promoters, self.passives, self.detractors),
            csat: csat(&ratings),
            csat_responses: ratings.len() as u64,
        }
    }
}
