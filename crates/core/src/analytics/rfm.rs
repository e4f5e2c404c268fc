//! RFM scores and segments.
//!
//! Over the customers with at least one order in the period: **R** = days from the last order
//! to the as-of date (lower is better), **F** = orders in the period, **M** = revenue in the
//! period (higher is better). Each is scored 1–5 by rank:
//! `score = 1 + ⌊5 × (customers with a strictly worse value) ÷ customers⌋`, so equal values
//! always get equal scores, the best values score highest, and a value nobody is worse than
//! scores 1. The segment comes from R and the combined **FM** = ⌈(F + M) ÷ 2⌉ through one
//! grid, [`SEGMENT_GRID`].

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::choice::choice_enum;

choice_enum!(
    /// The named RFM segments.
    RfmSegment {
        Champions => "champions",
        Loyal => "loyal",
        PotentialLoyalists => "potential_loyalists",
        New => "new",
        Promising => "promising",
        NeedAttention => "need_attention",
        AboutToSleep => "about_to_sleep",
        AtRisk => "at_risk",
        CantLose => "cant_lose",
        Hibernating => "hibernating",
        Lost => "lost",
    }
);

use self::RfmSegment::*;

/// The segment of each (R, FM) pair: row R = 5 first, column FM = 1 first. Written once here;
/// the UI draws the grid from [`segment`].
pub const SEGMENT_GRID: [[RfmSegment; 5]; 5] = [
    // FM:  1             2                   3                   4         5
    [
        New,
        PotentialLoyalists,
        PotentialLoyalists,
        Champions,
        Champions,
    ], // R = 5
    [
        Promising,
        PotentialLoyalists,
        PotentialLoyalists,
        Loyal,
        Champions,
    ], // R = 4
    [AboutToSleep, NeedAttention, NeedAttention, Loyal, Loyal], // R = 3
    [Hibernating, AboutToSleep, AtRisk, AtRisk, CantLose],      // R = 2
    [Lost, Hibernating, AtRisk, CantLose, CantLose],            // R = 1
];

/// The segment of scores `r` and `fm` (each 1–5; out-of-range values are clamped).
pub fn segment(r: u8, fm: u8) -> RfmSegment {
    let r = r.clamp(1, 5) as usize;
    let fm = fm.clamp(1, 5) as usize;
    SEGMENT_GRID[5 - r][fm - 1]
}

/// One customer's values in the period (only customers with an order in it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RfmInput<K> {
    pub key: K,
    /// Days from the last order to the as-of date.
    pub recency_days: i64,
    pub frequency: u64,
    pub monetary: Decimal,
}

/// One customer's scores and segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RfmScore<K> {
    pub key: K,
    pub r: u8,
    pub f: u8,
    pub m: u8,
    pub fm: u8,
    pub segment: RfmSegment,
}

/// Scores by rank: for each value, `1 + ⌊5 × worse ÷ n⌋` where `worse` counts the values
/// strictly worse (by `better_first` order, the best first).
fn scores<T: Ord + Copy>(values: &[T], lower_is_better: bool) -> Vec<u8> {
    let n = values.len();
    let mut sorted: Vec<T> = values.to_vec();
    sorted.sort_unstable();
    values
        .iter()
        .map(|v| {
            let worse = if lower_is_better {
                // Values strictly greater.
                n - sorted.partition_point(|x| x <= v)
            } else {
                // Values strictly smaller.
                sorted.partition_point(|x| x < v)
            };
            (1 + (5 * worse) / n) as u8
        })
        .collect()
}

/// Scores every customer (in input order).
pub fn rfm_scores<K: Clone>(customers: &[RfmInput<K>]) -> Vec<RfmScore<K>> {
    if customers.is_empty() {
        return Vec::new();
    }
    let r = scores(
        &customers.iter().map(|c| c.recency_days).collect::<Vec<_>>(),
        true,
    );
    let f = scores(
        &customers.iter().map(|c| c.frequency).collect::<Vec<_>>(),
        false,
    );
    let m = scores(
        &customers.iter().map(|c| c.monetary).collect::<Vec<_>>(),
        false,
    );
    customers
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let fm = (f[i] + m[i]).div_ceil(2);
            RfmScore {
                key: c.key.clone(),
                r: r[i],
                f: f[i],
                m: m[i],
                fm,
                segment: segment(r[i], fm),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn input(key: &str, r: i64, f: u64, m: i64) -> RfmInput<String> {
        RfmInput {
            key: key.into(),
            recency_days: r,
            frequency: f,
            monetary: Decimal::from(m),
        }
    }

    #[test]
    fn five_distinct_customers_score_one_to_five() {
        let out = rfm_scores(&[
            input("a", 1, 10, 500),
            input("b", 10, 8, 400),
            input("c", 30, 6, 300),
            input("d", 90, 4, 200),
            input("e", 400, 2, 100),
        ]);
        let r: Vec<u8> = out.iter().map(|s| s.r).collect();
        let f: Vec<u8> = out.iter().map(|s| s.f).collect();
        let m: Vec<u8> = out.iter().map(|s| s.m).collect();
        assert_eq!(r, vec![5, 4, 3, 2, 1]);
        assert_eq!(f, vec![5, 4, 3, 2, 1]);
        assert_eq!(m, vec![5, 4, 3, 2, 1]);
        let seg: Vec<RfmSegment> = out.iter().map(|s| s.segment).collect();
        assert_eq!(
            seg,
            vec![Champions, Loyal, NeedAttention, AboutToSleep, Lost]
        );
    }

    #[test]
    fn equal_values_get_equal_scores() {
        // Three customers tied on recency and one better: the tied ones have nobody worse.
        let out = rfm_scores(&[
            input("a", 5, 1, 100),
            input("b", 50, 1, 100),
            input("c", 50, 1, 100),
            input("d", 50, 1, 100),
        ]);
        assert_eq!(
            out.iter().map(|s| s.r).collect::<Vec<_>>(),
            vec![4, 1, 1, 1]
        );
        // 1 + ⌊5 × 3 ÷ 4⌋ = 4 for the best; everyone ties on F and M: all 1.
        assert!(out.iter().all(|s| s.f == 1 && s.m == 1));
    }

    #[test]
    fn one_customer_scores_one_everywhere() {
        let out = rfm_scores(&[input("a", 0, 1, 10)]);
        assert_eq!(
            (out[0].r, out[0].f, out[0].m, out[0].segment),
            (1, 1, 1, Lost)
        );
        assert!(rfm_scores::<String>(&[]).is_empty());
    }

    #[test]
    fn the_grid_names_every_segment_once_at_least() {
        for s in RfmSegment::ALL {
            assert!(
                SEGMENT_GRID.iter().flatten().any(|g| g == s),
                "{s:?} is not in the grid"
            );
        }
        assert_eq!(segment(5, 5), Champions);
        assert_eq!(segment(1, 5), CantLose);
        assert_eq!(segment(5, 1), New);
        assert_eq!(segment(9, 0), New, "clamped");
    }

    proptest! {
        /// Scores stay 1–5, equal values score equally, better values never score lower.
        #[test]
        fn scores_are_monotone_and_tie_stable(vals in prop::collection::vec((0i64..400, 1u64..30, 0i64..10_000), 1..60)) {
            let input: Vec<RfmInput<usize>> = vals.iter().enumerate().map(|(i, (r, f, m))| RfmInput { key: i, recency_days: *r, frequency: *f, monetary: Decimal::from(*m) }).collect();
            let out = rfm_scores(&input);
            for (a, sa) in input.iter().zip(&out) {
                prop_assert!((1..=5).contains(&sa.r) && (1..=5).contains(&sa.f) && (1..=5).contains(&sa.m));
                for (b, sb) in input.iter().zip(&out) {
                    if a.recency_days == b.recency_days { prop_assert_eq!(sa.r, sb.r); }
                    if a.recency_days < b.recency_days { prop_assert!(sa.r >= sb.r); }
                    if a.frequency > b.frequency { prop_assert!(sa.f >= sb.f); }
                    if a.monetary > b.monetary { prop_assert!(sa.m >= sb.m); }
                }
            }
        }
    }
}
