//! Product classes: ABC by consumption value, XYZ by demand variability, and how often each
//! pair should be counted.
//!
//! **ABC** is the customers' rule ([`crate::analytics::abc::abc_tiers`]) applied to products:
//! consumption value (units shipped net of returns over the last 12 months × the product's
//! cost), largest first, ties by SKU, A while the cumulative share is ≤ 80 %, B ≤ 95 %, C
//! after; products without consumption are C.
//!
//! **XYZ** is the coefficient of variation (population standard deviation ÷ mean) of the
//! monthly demand over the same 12 months, from the product's first sale (earlier months are
//! not zeros: the product was not sold yet), months without sales counting as zero: X up to
//! the X threshold (0.5), Y up to the Y threshold (1.0), Z above, and Z when there is no
//! positive mean demand (nothing regular to plan with). The thresholds are business settings.

use serde::{Deserialize, Serialize};

use crate::analytics::abc::{abc_tiers, AbcTier, Revenue};
use crate::choice::choice_enum;
use crate::error::{ErrorCode, ValidationError};

choice_enum!(
    /// How regular a product's demand is.
    XyzClass {
        X => "x",
        Y => "y",
        Z => "z",
    }
);

choice_enum!(
    /// How often a product should be counted (盘点).
    CountFrequency {
        Monthly => "monthly",
        Quarterly => "quarterly",
        HalfYearly => "half_yearly",
        Yearly => "yearly",
    }
);

/// Where X and Y end, as coefficients of variation (a business setting).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct XyzThresholds {
    pub x_up_to: f64,
    pub y_up_to: f64,
}

impl Default for XyzThresholds {
    fn default() -> Self {
        XyzThresholds {
            x_up_to: 0.5,
            y_up_to: 1.0,
        }
    }
}

impl XyzThresholds {
    /// Both finite, positive, X's below Y's.
    pub fn validate(self) -> Result<Self, ValidationError> {
        let ok = |v: f64| v.is_finite() && v > 0.0 && v <= 10.0;
        if !ok(self.x_up_to) {
            return Err(ValidationError::new(
                ErrorCode::OutOfRange,
                "x_up_to",
                "the X threshold must be above 0 and at most 10",
            ));
        }
        if !ok(self.y_up_to) || self.y_up_to <= self.x_up_to {
            return Err(ValidationError::new(
                ErrorCode::OutOfRange,
                "y_up_to",
                "the Y threshold must be above the X threshold and at most 10",
            ));
        }
        Ok(self)
    }
}

/// Population standard deviation ÷ mean; `None` without values or without a positive mean.
pub fn coefficient_of_variation(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    if mean <= 0.0 {
        return None;
    }
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    Some(var.sqrt() / mean)
}

/// The XYZ class of a coefficient of variation (`None`: no regular demand, Z).
pub fn xyz_class(cv: Option<f64>, t: XyzThresholds) -> XyzClass {
    match cv {
        Some(cv) if cv <= t.x_up_to => XyzClass::X,
        Some(cv) if cv <= t.y_up_to => XyzClass::Y,
        _ => XyzClass::Z,
    }
}

/// The stock-count frequency of each class pair: valuable and steady products monthly,
/// cheap and erratic ones yearly. The one table of it.
pub fn count_frequency(abc: AbcTier, xyz: XyzClass) -> CountFrequency {
    use CountFrequency::*;
    match (abc, xyz) {
        (AbcTier::A, XyzClass::X) | (AbcTier::A, XyzClass::Y) => Monthly,
        (AbcTier::A, XyzClass::Z) | (AbcTier::B, XyzClass::X) | (AbcTier::B, XyzClass::Y) => {
            Quarterly
        }
        (AbcTier::B, XyzClass::Z) | (AbcTier::C, XyzClass::X) | (AbcTier::C, XyzClass::Y) => {
            HalfYearly
        }
        (AbcTier::C, XyzClass::Z) => Yearly,
    }
}

/// One product's inputs to its classes.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductUsage<K> {
    pub key: K,
    pub sku: String,
    /// Units net of returns × cost, over the last 12 months.
    pub consumption_value: rust_decimal::Decimal,
    /// Monthly demand in units from the first sale (or the window's start) to the as-of month.
    pub monthly: Vec<f64>,
}

/// A product's classes.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductClass<K> {
    pub key: K,
    pub abc: AbcTier,
    /// 1 = the largest consumption value.
    pub rank: usize,
    pub cv: Option<f64>,
    pub xyz: XyzClass,
    pub count_frequency: CountFrequency,
}

/// Classes every product, in ABC ranking order.
pub fn classify<K: Clone + PartialEq>(
    products: &[ProductUsage<K>],
    t: XyzThresholds,
) -> Vec<ProductClass<K>> {
    let revenues: Vec<Revenue<usize>> = products
        .iter()
        .enumerate()
        .map(|(i, p)| Revenue {
            key: i,
            code: p.sku.clone(),
            revenue: p.consumption_value,
        })
        .collect();
    abc_tiers(&revenues)
        .into_iter()
        .map(|tier| {
            let p = &products[tier.key];
            let cv = coefficient_of_variation(&p.monthly);
            let xyz = xyz_class(cv, t);
            ProductClass {
                key: p.key.clone(),
                abc: tier.tier,
                rank: tier.rank,
                cv,
                xyz,
                count_frequency: count_frequency(tier.tier, xyz),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn usage(sku: &str, value: i64, monthly: &[f64]) -> ProductUsage<String> {
        ProductUsage {
            key: sku.to_string(),
            sku: sku.to_string(),
            consumption_value: Decimal::from(value),
            monthly: monthly.to_vec(),
        }
    }

    #[test]
    fn cv_by_hand() {
        // mean 10, deviations ±5 → σ 5, CV 0.5
        assert_eq!(coefficient_of_variation(&[5.0, 15.0]), Some(0.5));
        assert_eq!(coefficient_of_variation(&[4.0, 4.0, 4.0]), Some(0.0));
        assert_eq!(coefficient_of_variation(&[]), None);
        assert_eq!(coefficient_of_variation(&[0.0, 0.0]), None);
        // net returns outweigh sales: no positive mean
        assert_eq!(coefficient_of_variation(&[-2.0, 1.0]), None);
        // one sale in four months: mean 1, σ √3
        let cv = coefficient_of_variation(&[4.0, 0.0, 0.0, 0.0]).unwrap();
        assert!((cv - 3f64.sqrt()).abs() < 1e-12);
    }

    #[test]
    fn xyz_edges_are_inclusive() {
        let t = XyzThresholds::default();
        assert_eq!(xyz_class(Some(0.5), t), XyzClass::X);
        assert_eq!(xyz_class(Some(0.500_001), t), XyzClass::Y);
        assert_eq!(xyz_class(Some(1.0), t), XyzClass::Y);
        assert_eq!(xyz_class(Some(1.000_001), t), XyzClass::Z);
        assert_eq!(xyz_class(None, t), XyzClass::Z);
        let tight = XyzThresholds {
            x_up_to: 0.2,
            y_up_to: 0.4,
        };
        assert_eq!(xyz_class(Some(0.5), tight), XyzClass::Z);
    }

    #[test]
    fn thresholds_are_checked() {
        assert!(XyzThresholds::default().validate().is_ok());
        let bad = |x, y| {
            XyzThresholds {
                x_up_to: x,
                y_up_to: y,
            }
            .validate()
            .unwrap_err()
            .field
        };
        assert_eq!(bad(0.0, 1.0), "x_up_to");
        assert_eq!(bad(f64::NAN, 1.0), "x_up_to");
        assert_eq!(bad(0.5, 0.5), "y_up_to");
        assert_eq!(bad(0.5, 11.0), "y_up_to");
    }

    #[test]
    fn count_frequency_table() {
        use CountFrequency::*;
        assert_eq!(count_frequency(AbcTier::A, XyzClass::X), Monthly);
        assert_eq!(count_frequency(AbcTier::A, XyzClass::Z), Quarterly);
        assert_eq!(count_frequency(AbcTier::B, XyzClass::Y), Quarterly);
        assert_eq!(count_frequency(AbcTier::B, XyzClass::Z), HalfYearly);
        assert_eq!(count_frequency(AbcTier::C, XyzClass::X), HalfYearly);
        assert_eq!(count_frequency(AbcTier::C, XyzClass::Z), Yearly);
    }

    #[test]
    fn abc_by_consumption_value_ties_by_sku() {
        // total 100: P1 70 (70 % A), then P2 and P3 tie at 12 → P2 first by SKU (82 % B),
        // P3 (94 % B), P4 6 (100 % C), P5 nothing (C).
        let ps = vec![
            usage("P3", 12, &[1.0, 1.0]),
            usage("P1", 70, &[10.0, 10.0]),
            usage("P2", 12, &[0.0, 4.0]),
            usage("P4", 6, &[1.0, 2.0]),
            usage("P5", 0, &[]),
        ];
        let got = classify(&ps, XyzThresholds::default());
        let order: Vec<(&str, AbcTier, XyzClass)> =
            got.iter().map(|c| (c.key.as_str(), c.abc, c.xyz)).collect();
        assert_eq!(
            order,
            vec![
                ("P1", AbcTier::A, XyzClass::X),
                ("P2", AbcTier::B, XyzClass::Y),
                ("P3", AbcTier::B, XyzClass::X),
                ("P4", AbcTier::C, XyzClass::X),
                ("P5", AbcTier::C, XyzClass::Z),
            ]
        );
        assert_eq!(got[0].count_frequency, CountFrequency::Monthly);
        assert_eq!(got[4].count_frequency, CountFrequency::Yearly);
        // CV of P4: mean 1.5, σ 0.5 → 1/3
        assert!((got[3].cv.unwrap() - 1.0 / 3.0).abs() < 1e-12);
    }
}
