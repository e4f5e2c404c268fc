//! The performance indicators of the brief (§9) as formulas over counts and durations.
//!
//! Every ratio is `None` when its denominator is empty — the dashboard shows "no data", never
//! 0 % or NaN. Durations are summarised by the median and the 90th percentile, both by the
//! nearest-rank rule on the sorted values (the value at rank ⌈p × n⌉), so every figure is one
//! of the durations measured and can be opened.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::choice::choice_enum;

choice_enum!(
    /// Which of a period's delivered orders fell short of a delivery figure — the records
    /// behind the on-time, accuracy and perfect-order rates (definitions in the store's
    /// `analytics::orders`).
    DeliveryShortfall {
        /// Delivered after the promised date.
        Late => "late",
        /// Returned, or with a wrong-item, wrong-quantity or damage complaint.
        Inaccurate => "inaccurate",
        /// Not perfect: late, shipped in several parts or back-ordered, or inaccurate.
        Imperfect => "imperfect",
    }
);

/// `part ÷ whole`, or `None` when `whole` is 0.
pub fn rate(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part.min(whole) as f64 / whole as f64)
}

/// Median and 90th percentile of durations (hours, days: the caller's unit).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    pub median: f64,
    pub p90: f64,
    pub count: usize,
}

/// The nearest-rank percentile `p` (0 < p ≤ 1) of sorted values.
fn nearest_rank(sorted: &[f64], p: f64) -> f64 {
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// Median and p90 of `values` (NaNs ignored); `None` without values.
pub fn spread(values: &[f64]) -> Option<Spread> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(Spread {
        median: nearest_rank(&v, 0.5),
        p90: nearest_rank(&v, 0.9),
        count: v.len(),
    })
}

/// What the delivery indicators are computed from: the orders delivered in the period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deliveries {
    pub delivered: u64,
    /// Delivered orders that had a promised date.
    pub with_promise: u64,
    /// Of those, delivered on or before the promised date.
    pub on_time: u64,
    /// Delivered orders with no return and no wrong-item, quantity or damage complaint.
    pub accurate: u64,
    /// Delivered on time (or without a promise), complete in one go, and accurate.
    pub perfect: u64,
}

/// The delivery indicators of a period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct DeliveryKpis {
    /// On time ÷ delivered with a promised date.
    pub on_time_rate: Option<f64>,
    /// Accurate ÷ delivered.
    pub accuracy: Option<f64>,
    /// Perfect ÷ delivered.
    pub perfect_order_rate: Option<f64>,
}

pub fn delivery_kpis(d: &Deliveries) -> DeliveryKpis {
    DeliveryKpis {
        on_time_rate: rate(d.on_time, d.with_promise),
        accuracy: rate(d.accurate, d.delivered),
        perfect_order_rate: rate(d.perfect, d.delivered),
    }
}

/// Inventory turnover = cost of goods sold in the period ÷ the average inventory value, and
/// days of supply = the average inventory value ÷ the cost of goods sold per day. `None` when
/// nothing was sold or nothing was held.
/// The amounts stay decimals; only the two ratios are floating point.
pub fn inventory_turnover(
    cogs: Decimal,
    average_inventory_value: Decimal,
    days: u32,
) -> Option<(f64, f64)> {
    if cogs <= Decimal::ZERO || average_inventory_value <= Decimal::ZERO || days == 0 {
        return None;
    }
    let turnover = (cogs / average_inventory_value).to_f64()?;
    let days_of_supply = (average_inventory_value * Decimal::from(days) / cogs).to_f64()?;
    Some((turnover, days_of_supply))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_have_no_value_for_an_empty_period() {
        assert_eq!(rate(3, 4), Some(0.75));
        assert_eq!(rate(0, 0), None);
        assert_eq!(rate(5, 4), Some(1.0), "never above 100 %");
    }

    #[test]
    fn median_and_p90_are_measured_values_by_nearest_rank() {
        let s = spread(&[5.0, 1.0, 3.0, 2.0, 4.0, 10.0, 7.0, 6.0, 9.0, 8.0]).unwrap();
        assert_eq!((s.median, s.p90, s.count), (5.0, 9.0, 10));
        let one = spread(&[12.0]).unwrap();
        assert_eq!((one.median, one.p90), (12.0, 12.0));
        assert_eq!(spread(&[]), None);
        assert_eq!(spread(&[f64::NAN]), None);
    }

    #[test]
    fn delivery_indicators_use_their_own_denominators() {
        let k = delivery_kpis(&Deliveries {
            delivered: 10,
            with_promise: 8,
            on_time: 6,
            accurate: 9,
            perfect: 5,
        });
        assert_eq!(k.on_time_rate, Some(0.75));
        assert_eq!(k.accuracy, Some(0.9));
        assert_eq!(k.perfect_order_rate, Some(0.5));
        let none = delivery_kpis(&Deliveries::default());
        assert_eq!(none, DeliveryKpis::default());
    }

    #[test]
    fn turnover_and_days_of_supply() {
        // 365,000 sold at cost over a year on 50,000 held on average: 7.3 turns, 50 days.
        let (t, d) =
            inventory_turnover(Decimal::from(365_000), Decimal::from(50_000), 365).unwrap();
        assert_eq!((t, d), (7.3, 50.0));
        assert_eq!(
            inventory_turnover(Decimal::ZERO, Decimal::from(50_000), 365),
            None
        );
        assert_eq!(inventory_turnover(Decimal::ONE, Decimal::ZERO, 365), None);
    }
}
