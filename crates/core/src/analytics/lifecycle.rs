//! The computed customer lifecycle and the lost-customer analysis (失去顾客分析).
//!
//! From a customer's order dates up to the as-of date:
//! - the **usual interval** is the median gap in days between consecutive *distinct* order
//!   dates (needs at least two; with an even number of gaps, the mean of the middle two);
//! - **lost** when the days since the last order are more than 3 × the interval, or more than
//!   365 (with a single order date: only the 365 days);
//! - else **at risk** when they are more than 1.5 × the interval;
//! - else **new** when the first order is at most 90 days before the as-of date;
//! - else **active**.
//!
//! Lost is checked before at risk, and both before new, so a new customer who has already
//! gone quiet shows as at risk. A customer without orders has no computed stage (the manual
//! one, e.g. a lead, stands). Comparisons are exact: the interval is kept doubled as an
//! integer, so `days > 1.5 × interval` is `4 × days > 3 × (2 × interval)`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::customer::Lifecycle;

pub const NEW_WITHIN_DAYS: i64 = 90;
pub const LOST_AFTER_DAYS: i64 = 365;

/// A computed stage with what it was computed from (the reason the UI shows: "last order 143
/// days ago; usually every 30 days").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComputedLifecycle {
    pub stage: Lifecycle,
    pub first_order: NaiveDate,
    pub last_order: NaiveDate,
    pub days_since_last: i64,
    /// The usual interval in days (a half when the median falls between two gaps); `None`
    /// with a single order date.
    pub usual_interval_days: Option<f64>,
}

/// Twice the usual interval in days (twice, so a median between two gaps stays an exact
/// integer), from sorted distinct order dates; `None` with fewer than two.
pub fn usual_interval2(sorted_distinct: &[NaiveDate]) -> Option<i64> {
    let mut gaps: Vec<i64> = sorted_distinct
        .windows(2)
        .map(|w| (w[1] - w[0]).num_days())
        .collect();
    gaps.sort_unstable();
    match gaps.len() {
        0 => None,
        n if n % 2 == 1 => Some(2 * gaps[n / 2]),
        n => Some(gaps[n / 2 - 1] + gaps[n / 2]),
    }
}

/// The stage from order dates (any order, duplicates allowed; dates after `as_of` are
/// ignored). `None` when no order is on or before `as_of`.
pub fn computed_lifecycle(
    order_dates: &[NaiveDate],
    as_of: NaiveDate,
) -> Option<ComputedLifecycle> {
    let mut dates: Vec<NaiveDate> = order_dates
        .iter()
        .copied()
        .filter(|d| *d <= as_of)
        .collect();
    dates.sort_unstable();
    dates.dedup();
    let (&first, &last) = (dates.first()?, dates.last()?);
    Some(ComputedLifecycle::from_rhythm(
        first,
        last,
        usual_interval2(&dates),
        as_of,
    ))
}

impl ComputedLifecycle {
    /// The stage from a customer's rhythm — first and last order date and the doubled usual
    /// interval ([`usual_interval2`]) of the orders up to `as_of` — as the store keeps it, so
    /// a whole customer base is classified without reading every order date again.
    pub fn from_rhythm(
        first: NaiveDate,
        last: NaiveDate,
        interval2: Option<i64>,
        as_of: NaiveDate,
    ) -> ComputedLifecycle {
        let days = (as_of - last).num_days();
        let lost = days > LOST_AFTER_DAYS || interval2.is_some_and(|i2| 2 * days > 3 * i2);
        let at_risk = interval2.is_some_and(|i2| 4 * days > 3 * i2);
        let stage = if lost {
            Lifecycle::Lost
        } else if at_risk {
            Lifecycle::AtRisk
        } else if (as_of - first).num_days() <= NEW_WITHIN_DAYS {
            Lifecycle::New
        } else {
            Lifecycle::Active
        };
        ComputedLifecycle {
            stage,
            first_order: first,
            last_order: last,
            days_since_last: days,
            usual_interval_days: interval2.map(|i2| i2 as f64 / 2.0),
        }
    }
}

/// Customers with at least two orders ÷ customers with at least one, in the period; `None`
/// when nobody ordered (shown as "no data", never 0 %).
pub fn repurchase_rate(orders_per_customer: &[u64]) -> Option<f64> {
    let buyers = orders_per_customer.iter().filter(|n| **n >= 1).count();
    let repeat = orders_per_customer.iter().filter(|n| **n >= 2).count();
    (buyers > 0).then(|| repeat as f64 / buyers as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn stage(dates: &[&str], as_of: &str) -> Option<Lifecycle> {
        let dates: Vec<NaiveDate> = dates.iter().map(|s| d(s)).collect();
        computed_lifecycle(&dates, d(as_of)).map(|c| c.stage)
    }

    #[test]
    fn monthly_buyer_goes_at_risk_after_45_days_and_lost_after_90() {
        let dates = ["2026-01-01", "2026-01-31", "2026-03-02"]; // every 30 days
        assert_eq!(stage(&dates, "2026-04-16"), Some(Lifecycle::Active)); // 45 days: not > 45
        assert_eq!(stage(&dates, "2026-04-17"), Some(Lifecycle::AtRisk)); // 46 > 45
        assert_eq!(stage(&dates, "2026-05-31"), Some(Lifecycle::AtRisk)); // 90: not > 90
        assert_eq!(stage(&dates, "2026-06-01"), Some(Lifecycle::Lost)); // 91 > 90
        let c = computed_lifecycle(&dates.map(d), d("2026-06-01")).unwrap();
        assert_eq!(c.usual_interval_days, Some(30.0));
        assert_eq!(c.days_since_last, 91);
    }

    #[test]
    fn the_median_of_an_even_number_of_gaps_is_the_mean_of_the_middle_two() {
        // Gaps 10, 20, 40, 100 → median 30; at risk beyond 45 days.
        let dates = [
            "2026-01-01",
            "2026-01-11",
            "2026-01-31",
            "2026-03-12",
            "2026-06-20",
        ];
        let c = computed_lifecycle(&dates.map(d), d("2026-08-04")).unwrap();
        assert_eq!(c.usual_interval_days, Some(30.0));
        assert_eq!(c.days_since_last, 45);
        assert_eq!(c.stage, Lifecycle::Active);
        // Gaps 10 and 21 → median 15.5: at risk beyond 23.25 days, so 24 is at risk; at 23
        // the customer (first order 54 days ago) is still new.
        let dates = ["2026-01-01", "2026-01-11", "2026-02-01"];
        assert_eq!(stage(&dates, "2026-02-24"), Some(Lifecycle::New));
        assert_eq!(stage(&dates, "2026-02-25"), Some(Lifecycle::AtRisk));
    }

    #[test]
    fn one_order_date_is_new_then_active_then_lost_after_a_year() {
        assert_eq!(stage(&["2026-01-01"], "2026-03-31"), Some(Lifecycle::New)); // 89 days
        assert_eq!(stage(&["2026-01-01"], "2026-04-01"), Some(Lifecycle::New)); // 90 days
        assert_eq!(
            stage(&["2026-01-01"], "2026-04-02"),
            Some(Lifecycle::Active)
        );
        assert_eq!(
            stage(&["2026-01-01"], "2027-01-01"),
            Some(Lifecycle::Active)
        ); // 365
        assert_eq!(stage(&["2026-01-01"], "2027-01-02"), Some(Lifecycle::Lost)); // 366
                                                                                 // Several orders on one day are one order date: no interval yet.
        let c = computed_lifecycle(&[d("2026-01-01"), d("2026-01-01")], d("2026-02-01")).unwrap();
        assert_eq!(c.usual_interval_days, None);
    }

    #[test]
    fn a_new_customer_who_went_quiet_is_at_risk_and_orders_after_the_as_of_date_do_not_count() {
        // Weekly for three weeks, then nothing for 12 days (> 10.5): at risk, though new.
        let dates = ["2026-03-01", "2026-03-08", "2026-03-15", "2026-05-01"];
        assert_eq!(stage(&dates, "2026-03-27"), Some(Lifecycle::AtRisk));
        assert_eq!(stage(&dates, "2026-02-28"), None, "no order yet");
    }

    #[test]
    fn repurchase_rate_of_buyers_only_and_no_data_when_nobody_bought() {
        assert_eq!(repurchase_rate(&[0, 1, 2, 5]), Some(2.0 / 3.0));
        assert_eq!(repurchase_rate(&[0, 0]), None);
        assert_eq!(repurchase_rate(&[]), None);
    }
}
