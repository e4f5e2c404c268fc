//! The behaviour and product dimensions of customer segments (brief §2): how often a customer
//! buys (its purchase-frequency band) and which product-lifecycle stage it mostly buys.
//!
//! Both are taken over the 365 days up to today, like the value tiers a segment filters on.
//! - **Frequency band** by sold orders in those days: none (0), rare (1–2), regular (3–11),
//!   frequent (12 or more: monthly or more often).
//! - **Main product stage**: the stage (new, growth, mature, decline) of the products with the
//!   largest share of the customer's line value (net of discounts); a tie goes to the earlier
//!   stage. Only the order of the values matters, so they may be approximate.

use crate::choice::choice_enum;
use crate::product::ProductStage;

choice_enum!(
    /// How often a customer buys.
    FrequencyBand {
        None => "none",
        Rare => "rare",
        Regular => "regular",
        Frequent => "frequent",
    }
);

/// The band of a customer with `orders` sold orders in the 365 days.
pub fn frequency_band(orders: u64) -> FrequencyBand {
    match orders {
        0 => FrequencyBand::None,
        1..=2 => FrequencyBand::Rare,
        3..=11 => FrequencyBand::Regular,
        _ => FrequencyBand::Frequent,
    }
}

/// The stage with the largest value (the earlier stage on a tie); `None` without positive
/// values.
pub fn main_stage(values: &[(ProductStage, f64)]) -> Option<ProductStage> {
    let mut best: Option<(ProductStage, f64)> = None;
    for stage in ProductStage::ALL {
        let v: f64 = values
            .iter()
            .filter(|(s, _)| s == stage)
            .map(|(_, v)| *v)
            .sum();
        if v > 0.0 && best.is_none_or(|(_, b)| v > b) {
            best = Some((*stage, v));
        }
    }
    best.map(|(s, _)| s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_have_their_edges() {
        let bands: Vec<_> = [0, 1, 2, 3, 11, 12, 400]
            .into_iter()
            .map(frequency_band)
            .collect();
        use FrequencyBand::*;
        assert_eq!(
            bands,
            vec![None, Rare, Rare, Regular, Regular, Frequent, Frequent]
        );
    }

    #[test]
    fn the_main_stage_sums_per_stage_and_breaks_ties_early() {
        use ProductStage::*;
        assert_eq!(
            main_stage(&[(Mature, 30.0), (Growth, 20.0), (Growth, 15.0)]),
            Some(Growth)
        );
        assert_eq!(main_stage(&[(Decline, 10.0), (New, 10.0)]), Some(New));
        assert_eq!(main_stage(&[]), None);
        assert_eq!(main_stage(&[(Mature, 0.0)]), None);
    }
}
