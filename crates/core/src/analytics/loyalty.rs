//! The loyalty index: what a customer says (subjective) and what it does (objective), each
//! 0–100, combined with a weight the owner sets; both parts stay visible.
//!
//! - **Subjective** = the mean of the customer's latest answers in the period that exist:
//!   likelihood to recommend (NPS 0–10 → × 10) and satisfaction (CSAT 1–5 → (s − 1) × 25).
//!   No answer: no subjective part.
//! - **Objective** = the mean of four parts: **repurchase** (100 with two or more orders in the
//!   period, else 0), **frequency** against the median of the customer's segment
//!   (50 × orders ÷ median, at most 100: a median customer scores 50), **tenure**
//!   (100 × days since the first order ÷ 3 years, at most 100) and **recency**
//!   (100 × (1 − days since the last order ÷ 365), at least 0).
//! - **Index** = weight × subjective + (1 − weight) × objective, the weight 0–1 (default
//!   0.5); without a subjective part the index is the objective part and says so.

use serde::{Deserialize, Serialize};

/// The default weight of the subjective part.
pub const DEFAULT_SUBJECTIVE_WEIGHT: f64 = 0.5;
const TENURE_FULL_DAYS: f64 = 3.0 * 365.0;
const RECENCY_ZERO_DAYS: f64 = 365.0;

/// What the index is computed from, for one customer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct LoyaltyInput {
    /// The latest NPS answer (0–10) in the period.
    pub nps: Option<u8>,
    /// The latest CSAT answer (1–5) in the period.
    pub csat: Option<u8>,
    pub orders_in_period: u64,
    /// The median orders in the period of the customer's segment.
    pub segment_median_orders: f64,
    pub days_since_first_order: Option<i64>,
    pub days_since_last_order: Option<i64>,
}

/// The index with both parts and the objective part's four components.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Loyalty {
    pub subjective: Option<f64>,
    pub objective: f64,
    pub repurchase: f64,
    pub frequency: f64,
    pub tenure: f64,
    pub recency: f64,
    pub index: f64,
}

/// The index at `weight` (clamped to 0–1) of the subjective part.
pub fn loyalty(input: &LoyaltyInput, weight: f64) -> Loyalty {
    let weight = if weight.is_nan() {
        DEFAULT_SUBJECTIVE_WEIGHT
    } else {
        weight.clamp(0.0, 1.0)
    };
    let answers: Vec<f64> = [
        input.nps.map(|n| f64::from(n.min(10)) * 10.0),
        input.csat.map(|c| f64::from(c.clamp(1, 5) - 1) * 25.0),
    ]
    .into_iter()
    .flatten()
    .collect();
    let subjective =
        (!answers.is_empty()).then(|| answers.iter().sum::<f64>() / answers.len() as f64);
    let repurchase = if input.orders_in_period >= 2 {
        100.0
    } else {
        0.0
    };
    let frequency = if input.segment_median_orders > 0.0 {
        (50.0 * input.orders_in_period as f64 / input.segment_median_orders).min(100.0)
    } else if input.orders_in_period > 0 {
        100.0
    } else {
        0.0
    };
    let tenure = input.days_since_first_order.map_or(0.0, |d| {
        (100.0 * d.max(0) as f64 / TENURE_FULL_DAYS).min(100.0)
    });
    let recency = input.days_since_last_order.map_or(0.0, |d| {
        (100.0 * (1.0 - d.max(0) as f64 / RECENCY_ZERO_DAYS)).max(0.0)
    });
    let objective = (repurchase + frequency + tenure + recency) / 4.0;
    let index = match subjective {
        Some(s) => weight * s + (1.0 - weight) * objective,
        None => objective,
    };
    Loyalty {
        subjective,
        objective,
        repurchase,
        frequency,
        tenure,
        recency,
        index,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loyal_customer_scores_high_on_both_parts() {
        let l = loyalty(
            &LoyaltyInput {
                nps: Some(9),
                csat: Some(5),
                orders_in_period: 12,
                segment_median_orders: 6.0,
                days_since_first_order: Some(1095),
                days_since_last_order: Some(0),
            },
            0.5,
        );
        assert_eq!(l.subjective, Some(95.0)); // (90 + 100) / 2
        assert_eq!(
            (l.repurchase, l.frequency, l.tenure, l.recency),
            (100.0, 100.0, 100.0, 100.0)
        );
        assert_eq!(l.objective, 100.0);
        assert_eq!(l.index, 97.5);
    }

    #[test]
    fn parts_at_their_edges() {
        let l = loyalty(
            &LoyaltyInput {
                nps: None,
                csat: Some(1),
                orders_in_period: 1,
                segment_median_orders: 4.0,
                days_since_first_order: Some(365),
                days_since_last_order: Some(400),
            },
            0.3,
        );
        assert_eq!(l.subjective, Some(0.0));
        assert_eq!(l.repurchase, 0.0);
        assert_eq!(l.frequency, 12.5); // 50 × 1 ÷ 4
        assert!((l.tenure - 100.0 / 3.0).abs() < 1e-9);
        assert_eq!(l.recency, 0.0, "never negative");
        assert!((l.index - 0.7 * l.objective).abs() < 1e-9);
    }

    #[test]
    fn without_answers_the_index_is_the_objective_part() {
        let l = loyalty(
            &LoyaltyInput {
                orders_in_period: 0,
                segment_median_orders: 0.0,
                ..Default::default()
            },
            0.8,
        );
        assert_eq!(l.subjective, None);
        assert_eq!((l.objective, l.index), (0.0, 0.0));
        // Weights outside 0–1 are clamped.
        let w = loyalty(
            &LoyaltyInput {
                nps: Some(10),
                ..Default::default()
            },
            7.0,
        );
        assert_eq!(w.index, 100.0);
    }
}
