//! ABC value tiers of customers by revenue in a period (the Pareto rule of the brief).
//!
//! Customers are sorted by revenue, largest first, ties by customer code ascending. Walking
//! down that list, a customer is **A** while the cumulative share of revenue up to and
//! including it is ≤ 80 %, **B** while it is ≤ 95 %, and **C** after that. Customers without
//! revenue in the period (none, or returns that outweigh their sales) are C, and their
//! negative amounts do not shrink the total the shares are taken of. Shares are compared
//! exactly (`cumulative × 100 ≤ 80 × total` in decimals), never through rounded percentages.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::choice::choice_enum;

choice_enum!(
    /// A customer's value tier.
    AbcTier {
        A => "a",
        B => "b",
        C => "c",
    }
);

/// Where the A and B tiers end, in percent of revenue.
pub const A_UP_TO_PCT: u32 = 80;
pub const B_UP_TO_PCT: u32 = 95;

/// One customer's revenue in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revenue<K> {
    pub key: K,
    /// Sorts ties.
    pub code: String,
    pub revenue: Decimal,
}

/// A customer's tier with the cumulative share that decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tiered<K> {
    pub key: K,
    pub tier: AbcTier,
    /// 1 = the largest customer.
    pub rank: usize,
    pub revenue: Decimal,
    /// Revenue up to and including this customer (positive revenues only).
    pub cumulative: Decimal,
}

/// Tiers every customer, in ranking order.
pub fn abc_tiers<K: Clone>(customers: &[Revenue<K>]) -> Vec<Tiered<K>> {
    let mut order: Vec<&Revenue<K>> = customers.iter().collect();
    order.sort_by(|a, b| b.revenue.cmp(&a.revenue).then_with(|| a.code.cmp(&b.code)));
    let total: Decimal = customers
        .iter()
        .map(|c| c.revenue)
        .filter(|r| *r > Decimal::ZERO)
        .sum();
    let mut cumulative = Decimal::ZERO;
    order
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let tier = if c.revenue <= Decimal::ZERO {
                AbcTier::C
            } else {
                cumulative += c.revenue;
                let pct = cumulative * Decimal::from(100);
                if pct <= total * Decimal::from(A_UP_TO_PCT) {
                    AbcTier::A
                } else if pct <= total * Decimal::from(B_UP_TO_PCT) {
                    AbcTier::B
                } else {
                    AbcTier::C
                }
            };
            Tiered {
                key: c.key.clone(),
                tier,
                rank: i + 1,
                revenue: c.revenue,
                cumulative: if c.revenue > Decimal::ZERO {
                    cumulative
                } else {
                    Decimal::ZERO
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn rev(code: &str, amount: &str) -> Revenue<String> {
        Revenue {
            key: code.to_owned(),
            code: code.to_owned(),
            revenue: Decimal::from_str(amount).unwrap(),
        }
    }

    fn tiers(input: &[Revenue<String>]) -> Vec<(String, AbcTier)> {
        abc_tiers(input)
            .into_iter()
            .map(|t| (t.key, t.tier))
            .collect()
    }

    #[test]
    fn shares_up_to_80_and_95_percent_decide_a_and_b_exactly_at_the_boundary() {
        // Total 1000: 600 (60 %), 200 (80 % — still A), 150 (95 % — still B), 50 (100 % — C).
        let t = tiers(&[
            rev("C-4", "50.00"),
            rev("C-1", "600.00"),
            rev("C-3", "150.00"),
            rev("C-2", "200.00"),
        ]);
        assert_eq!(
            t,
            vec![
                ("C-1".into(), AbcTier::A),
                ("C-2".into(), AbcTier::A),
                ("C-3".into(), AbcTier::B),
                ("C-4".into(), AbcTier::C),
            ]
        );
    }

    #[test]
    fn a_cent_over_the_boundary_is_the_next_tier() {
        // 800.01 of 1000.01 is 80.0001… % > 80 %: B, although the largest customer.
        let t = tiers(&[rev("C-1", "800.01"), rev("C-2", "200.00")]);
        assert_eq!(t[0].1, AbcTier::B);
        assert_eq!(t[1].1, AbcTier::C);
    }

    #[test]
    fn ties_are_ranked_by_code_and_customers_without_revenue_are_c() {
        let out = abc_tiers(&[
            rev("C-9", "0"),
            rev("C-2", "100"),
            rev("C-1", "100"),
            rev("C-5", "-30"),
        ]);
        let codes: Vec<&str> = out.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(codes, vec!["C-1", "C-2", "C-9", "C-5"]);
        // C-1 holds 50 % (A); C-2 reaches 100 % (C); no revenue is C whatever the total.
        let got: Vec<AbcTier> = out.iter().map(|t| t.tier).collect();
        assert_eq!(got, vec![AbcTier::A, AbcTier::C, AbcTier::C, AbcTier::C]);
        assert_eq!(out[1].cumulative, Decimal::from(200));
        assert_eq!(out[3].cumulative, Decimal::ZERO);
    }

    #[test]
    fn nobody_and_no_revenue_at_all() {
        assert!(tiers(&[]).is_empty());
        let t = tiers(&[rev("C-1", "0"), rev("C-2", "0")]);
        assert!(t.iter().all(|(_, tier)| *tier == AbcTier::C));
    }

    proptest! {
        /// Every customer gets one tier; the tiers cover the positive revenue exactly once and
        /// in order (A before B before C); A's share is ≤ 80 % and A+B's ≤ 95 %.
        #[test]
        fn tiers_partition_the_revenue_in_order(cents in prop::collection::vec(-5_000i64..100_000, 0..40)) {
            let input: Vec<Revenue<String>> = cents
                .iter()
                .enumerate()
                .map(|(i, c)| Revenue { key: format!("C-{i:03}"), code: format!("C-{i:03}"), revenue: Decimal::new(*c, 2) })
                .collect();
            let out = abc_tiers(&input);
            prop_assert_eq!(out.len(), input.len());
            let total: Decimal = input.iter().map(|c| c.revenue).filter(|r| *r > Decimal::ZERO).sum();
            let sum = |t: AbcTier| -> Decimal { out.iter().filter(|x| x.tier == t && x.revenue > Decimal::ZERO).map(|x| x.revenue).sum() };
            prop_assert_eq!(sum(AbcTier::A) + sum(AbcTier::B) + sum(AbcTier::C), total);
            prop_assert!(sum(AbcTier::A) * Decimal::from(100) <= total * Decimal::from(80));
            prop_assert!((sum(AbcTier::A) + sum(AbcTier::B)) * Decimal::from(100) <= total * Decimal::from(95));
            let rank = |t: AbcTier| AbcTier::ALL.iter().position(|x| *x == t);
            prop_assert!(out.windows(2).all(|w| rank(w[0].tier) <= rank(w[1].tier)));
        }
    }
}
