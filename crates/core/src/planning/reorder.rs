//! Safety stock, reorder points and suggested order quantities.
//!
//! For a product with mean daily demand μ and standard deviation σ of daily demand (days
//! without sales count as zero), a lead time of L days and a review period of R days:
//! - safety stock = z × σ × √L, z the standard normal quantile of the product's service level
//!   (by ABC class: A 95 %, B 90 %, C 85 % unless the business settings say otherwise);
//! - reorder point = μ × L + safety stock;
//! - the inventory position = on hand + on order − back-orders;
//! - suggested quantity = demand over (L + R) + safety stock − on hand − on order +
//!   back-orders, rounded up to the pack size and at least the minimum order quantity (itself
//!   rounded up to the pack size), zero when nothing is needed.
//!
//! A product's manual safety stock or reorder point (a positive value on the product) wins
//! over the computed one. Quantities are rounded up to the thousandth they are kept in, and
//! the suggestion is computed from those rounded figures, so the reasoning shown adds up.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::analytics::abc::AbcTier;
use crate::error::{ErrorCode, ValidationError};
use crate::product::Qty;

/// Service levels in percent per ABC class (a business setting).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ServiceLevels {
    pub a: f64,
    pub b: f64,
    pub c: f64,
}

impl Default for ServiceLevels {
    fn default() -> Self {
        ServiceLevels {
            a: 95.0,
            b: 90.0,
            c: 85.0,
        }
    }
}

/// The lowest and highest service level accepted, in percent.
pub const SERVICE_LEVEL_RANGE: (f64, f64) = (50.0, 99.9);

impl ServiceLevels {
    /// Each between 50 % and 99.9 %.
    pub fn validate(self) -> Result<Self, ValidationError> {
        let (lo, hi) = SERVICE_LEVEL_RANGE;
        for (field, v) in [("a", self.a), ("b", self.b), ("c", self.c)] {
            if !(v.is_finite() && (lo..=hi).contains(&v)) {
                return Err(ValidationError::new(
                    ErrorCode::OutOfRange,
                    field,
                    format!("a service level must be {lo}..={hi} %"),
                ));
            }
        }
        Ok(self)
    }

    pub fn for_tier(self, tier: AbcTier) -> f64 {
        match tier {
            AbcTier::A => self.a,
            AbcTier::B => self.b,
            AbcTier::C => self.c,
        }
    }
}

/// Days between two looks at the replenishment list, added to the lead time (a business
/// setting's default).
pub const DEFAULT_REVIEW_DAYS: u32 = 7;

/// The standard normal quantile of a service level in percent (95 → 1.645), by Acklam's
/// rational approximation (relative error below 1.2 × 10⁻⁹). Levels outside (0, 100) are
/// clamped just inside.
pub fn z_value(service_level_pct: f64) -> f64 {
    let p = (service_level_pct / 100.0).clamp(1e-9, 1.0 - 1e-9);
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    const LOW: f64 = 0.024_25;
    if p < LOW {
        tail((-2.0 * p.ln()).sqrt())
    } else if p <= 1.0 - LOW {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    }
}

/// Daily demand over a recent window, in units.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct DemandHistory {
    /// Days in the window (from the first sale when that is later than the window's start).
    pub days: u32,
    pub mean_daily: f64,
    /// Population standard deviation of the daily demand.
    pub sd_daily: f64,
}

impl DemandHistory {
    /// From each day's demand, days without sales included as zeros.
    pub fn of_days(daily: &[f64]) -> DemandHistory {
        if daily.is_empty() {
            return DemandHistory::default();
        }
        let n = daily.len() as f64;
        let mean = daily.iter().sum::<f64>() / n;
        let var = daily.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / n;
        DemandHistory {
            days: daily.len() as u32,
            mean_daily: mean.max(0.0),
            sd_daily: var.sqrt(),
        }
    }
}

/// The demand expected over the next `days` days: the forecast's, day by day, when the
/// product has one (`forecast_daily[i]` is the expected demand of the i-th day from the
/// as-of day; past its end the last day's rate goes on), else the mean daily demand of the
/// recent history × days.
pub fn demand_over(history: &DemandHistory, forecast_daily: Option<&[f64]>, days: u32) -> f64 {
    match forecast_daily {
        Some(f) if !f.is_empty() => {
            let n = days as usize;
            let known: f64 = f.iter().take(n).map(|d| d.max(0.0)).sum();
            let rest = n.saturating_sub(f.len()) as f64 * f[f.len() - 1].max(0.0);
            known + rest
        }
        _ => history.mean_daily.max(0.0) * f64::from(days),
    }
}

/// A monthly forecast as expected demand per day: `monthly[k]` is the forecast of the k-th
/// calendar month from `first_month` (its first day), spread evenly over that month's days;
/// the result starts at `from` and covers `days` days (or up to the forecast's end).
pub fn daily_from_monthly(
    first_month: NaiveDate,
    monthly: &[f64],
    from: NaiveDate,
    days: usize,
) -> Vec<f64> {
    let mut out = Vec::with_capacity(days);
    let mut day = from;
    while out.len() < days {
        let months = (day.year() - first_month.year()) * 12 + day.month() as i32
            - first_month.month() as i32;
        let Some(m) = usize::try_from(months).ok().and_then(|k| monthly.get(k)) else {
            break;
        };
        out.push(m.max(0.0) / f64::from(days_in_month(day)));
        day = day.succ_opt().unwrap_or(day);
    }
    out
}

fn days_in_month(d: NaiveDate) -> u32 {
    let first = d.with_day(1).unwrap_or(d);
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first);
    (next - first).num_days().max(1) as u32
}

/// Units as thousandths, rounded up (after absorbing floating-point noise below a millionth
/// of a thousandth, so 2 × 9 stays 18.000).
pub fn qty_up(units: f64) -> Qty {
    if !units.is_finite() {
        return Qty::ZERO;
    }
    let m = units * 1000.0;
    let r = m.round();
    Qty(if (m - r).abs() < 1e-6 { r } else { m.ceil() } as i64)
}

/// Everything one product's suggestion is computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct ReorderInput {
    pub on_hand: Qty,
    pub on_order: Qty,
    pub backorders: Qty,
    pub lead_time_days: u32,
    pub review_days: u32,
    pub pack_size: Qty,
    pub min_order_qty: Qty,
    /// The product's own safety stock; zero = not set.
    pub manual_safety_stock: Qty,
    /// The product's own reorder point; zero = not set.
    pub manual_reorder_point: Qty,
    pub service_level_pct: f64,
    pub history: DemandHistory,
    /// The forecast's expected demand per day from the as-of day (see [`demand_over`]);
    /// `None` when the product has no forecast (yet).
    pub forecast_daily: Option<Vec<f64>>,
}

/// A suggestion with the numbers that made it (the reasoning shown per line).
#[derive(Debug, Clone, PartialEq)]
pub struct Reorder {
    pub z: f64,
    /// z × σ × √L, whether or not the manual value wins.
    pub computed_safety_stock: Qty,
    pub safety_stock: Qty,
    pub safety_stock_manual: bool,
    /// μ × L + the safety stock used, whether or not the manual value wins.
    pub computed_reorder_point: Qty,
    pub reorder_point: Qty,
    pub reorder_point_manual: bool,
    /// Lead time + review period.
    pub horizon_days: u32,
    /// [`demand_over`] the horizon.
    pub horizon_demand: Qty,
    /// Whether the horizon demand is the forecast's (else the recent mean × days).
    pub horizon_from_forecast: bool,
    /// On hand + on order − back-orders.
    pub position: Qty,
    /// Horizon demand + safety stock − on hand − on order + back-orders (may be ≤ 0).
    pub need: Qty,
    /// The need rounded up to the pack size, at least the minimum order quantity; 0 if none.
    pub quantity: Qty,
    /// The position is below the reorder point.
    pub below_reorder_point: bool,
}

/// `q` rounded up to a multiple of `pack` (a pack of zero or less rounds nothing).
pub fn round_up_to_pack(q: Qty, pack: Qty) -> Qty {
    if pack.0 <= 0 || q.0 <= 0 {
        return q;
    }
    Qty((q.0 + pack.0 - 1).div_euclid(pack.0) * pack.0)
}

/// The suggestion for one product.
pub fn reorder(i: &ReorderInput) -> Reorder {
    let z = z_value(i.service_level_pct);
    let h = &i.history;
    let computed_safety_stock =
        qty_up(z * h.sd_daily * f64::from(i.lead_time_days).sqrt()).max(Qty::ZERO);
    let safety_stock_manual = i.manual_safety_stock.0 > 0;
    let safety_stock = if safety_stock_manual {
        i.manual_safety_stock
    } else {
        computed_safety_stock
    };
    let computed_reorder_point =
        Qty(qty_up(h.mean_daily * f64::from(i.lead_time_days)).0 + safety_stock.0);
    let reorder_point_manual = i.manual_reorder_point.0 > 0;
    let reorder_point = if reorder_point_manual {
        i.manual_reorder_point
    } else {
        computed_reorder_point
    };
    let horizon_days = i.lead_time_days + i.review_days;
    let forecast = i.forecast_daily.as_deref().filter(|f| !f.is_empty());
    let horizon_demand = qty_up(demand_over(h, forecast, horizon_days));
    let position = Qty(i.on_hand.0 + i.on_order.0 - i.backorders.0);
    let need = Qty(horizon_demand.0 + safety_stock.0 - position.0);
    let quantity = if need.0 <= 0 {
        Qty::ZERO
    } else {
        round_up_to_pack(need, i.pack_size).max(round_up_to_pack(i.min_order_qty, i.pack_size))
    };
    Reorder {
        z,
        computed_safety_stock,
        safety_stock,
        safety_stock_manual,
        computed_reorder_point,
        reorder_point,
        reorder_point_manual,
        horizon_days,
        horizon_demand,
        horizon_from_forecast: forecast.is_some(),
        position,
        need,
        quantity,
        below_reorder_point: position < reorder_point,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(u: i64) -> Qty {
        Qty(u * 1000)
    }

    fn base() -> ReorderInput {
        ReorderInput {
            on_hand: units(10),
            on_order: units(5),
            backorders: units(3),
            lead_time_days: 9,
            review_days: 7,
            pack_size: units(12),
            min_order_qty: units(24),
            manual_safety_stock: Qty::ZERO,
            manual_reorder_point: Qty::ZERO,
            service_level_pct: 95.0,
            history: DemandHistory {
                days: 90,
                mean_daily: 2.0,
                sd_daily: 3.0,
            },
            forecast_daily: None,
        }
    }

    #[test]
    fn z_values_of_the_usual_levels() {
        for (level, z) in [
            (50.0, 0.0),
            (85.0, 1.036_433_389),
            (90.0, 1.281_551_566),
            (95.0, 1.644_853_627),
            (97.5, 1.959_963_985),
            (99.0, 2.326_347_874),
            (99.9, 3.090_232_306),
        ] {
            assert!(
                (z_value(level) - z).abs() < 1e-6,
                "{level}: {}",
                z_value(level)
            );
        }
        assert!(z_value(100.0).is_finite());
    }

    #[test]
    fn by_hand_with_pack_moq_open_pos_and_backorders() {
        // z = 1.6449, SS = 1.6449 × 3 × √9 = 14.8037 → 14.804; ROP = 2 × 9 + 14.804 = 32.804;
        // horizon 16 days × 2 = 32; position = 10 + 5 − 3 = 12;
        // need = 32 + 14.804 − 12 = 34.804 → 3 packs of 12 = 36 (≥ MOQ 24).
        let r = reorder(&base());
        assert_eq!(r.safety_stock, Qty(14_804));
        assert_eq!(r.reorder_point, Qty(32_804));
        assert_eq!(r.horizon_days, 16);
        assert_eq!(r.horizon_demand, units(32));
        assert_eq!(r.position, units(12));
        assert_eq!(r.need, Qty(34_804));
        assert_eq!(r.quantity, units(36));
        assert!(r.below_reorder_point);
    }

    #[test]
    fn moq_lifts_a_small_need_to_whole_packs() {
        // need = 32 + 14.804 − (40 + 0 − 0) = 6.804 → one pack 12 → MOQ 30 → 3 packs = 36
        let r = reorder(&ReorderInput {
            on_hand: units(40),
            on_order: Qty::ZERO,
            backorders: Qty::ZERO,
            min_order_qty: units(30),
            ..base()
        });
        assert_eq!(r.need, Qty(6_804));
        assert_eq!(r.quantity, units(36));
        assert!(!r.below_reorder_point, "40 is above 32.804");
    }

    #[test]
    fn open_pos_cover_the_need() {
        let r = reorder(&ReorderInput {
            on_order: units(60),
            ..base()
        });
        assert_eq!(r.position, units(67));
        assert!(r.need.0 < 0);
        assert_eq!(r.quantity, Qty::ZERO);
        assert!(!r.below_reorder_point);
    }

    #[test]
    fn backorders_add_to_the_need() {
        let without = reorder(&ReorderInput {
            backorders: Qty::ZERO,
            pack_size: Qty(1),
            min_order_qty: Qty::ZERO,
            ..base()
        });
        let with = reorder(&ReorderInput {
            backorders: units(20),
            pack_size: Qty(1),
            min_order_qty: Qty::ZERO,
            ..base()
        });
        assert_eq!(without.quantity, Qty(31_804));
        assert_eq!(with.quantity, Qty(51_804));
    }

    #[test]
    fn manual_values_win() {
        let r = reorder(&ReorderInput {
            manual_safety_stock: units(50),
            manual_reorder_point: units(5),
            ..base()
        });
        assert!(r.safety_stock_manual && r.reorder_point_manual);
        assert_eq!(r.computed_safety_stock, Qty(14_804));
        assert_eq!(r.safety_stock, units(50));
        assert_eq!(r.reorder_point, units(5));
        // position 12 is not below 5, even though the need is positive
        assert!(!r.below_reorder_point);
        // need = 32 + 50 − 12 = 70 → 72
        assert_eq!(r.quantity, units(72));
        // a manual safety stock alone moves the computed reorder point: 18 + 50
        let r = reorder(&ReorderInput {
            manual_safety_stock: units(50),
            ..base()
        });
        assert_eq!(r.reorder_point, units(68));
    }

    #[test]
    fn lower_service_level_lower_safety_stock() {
        let r = reorder(&ReorderInput {
            service_level_pct: 85.0,
            ..base()
        });
        // 1.03643 × 3 × 3 = 9.32790 → 9.328
        assert_eq!(r.safety_stock, Qty(9_328));
    }

    #[test]
    fn no_demand_no_suggestion() {
        let r = reorder(&ReorderInput {
            on_hand: Qty::ZERO,
            on_order: Qty::ZERO,
            backorders: Qty::ZERO,
            history: DemandHistory::default(),
            forecast_daily: None,
            ..base()
        });
        assert_eq!(r.reorder_point, Qty::ZERO);
        assert_eq!(r.quantity, Qty::ZERO);
        assert!(!r.below_reorder_point);
    }

    #[test]
    fn the_forecast_sets_the_horizon_demand_day_by_day() {
        // 31 units in March, 60 in April: 1 a day, then 2 a day.
        let first = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let from = NaiveDate::from_ymd_opt(2026, 3, 25).unwrap();
        let daily = daily_from_monthly(first, &[31.0, 60.0], from, 16);
        assert_eq!(daily.len(), 16);
        assert_eq!(daily[..7], [1.0; 7]);
        assert_eq!(daily[7..], [2.0; 9]);
        // 7 × 1 + 9 × 2 = 25; past the forecast's end the last rate goes on.
        assert_eq!(
            demand_over(&DemandHistory::default(), Some(&daily), 16),
            25.0
        );
        assert_eq!(
            demand_over(&DemandHistory::default(), Some(&daily), 18),
            29.0
        );
        // Ends with the forecast; starts no earlier than its first month.
        assert_eq!(daily_from_monthly(first, &[31.0], from, 30).len(), 7);
        assert!(
            daily_from_monthly(first, &[31.0], first - chrono::Duration::days(1), 5).is_empty()
        );
        // The suggestion uses it for the horizon (9 + 7 days) and says so; the reorder point
        // stays mean × lead time + safety stock.
        let r = reorder(&ReorderInput {
            forecast_daily: Some(daily),
            ..base()
        });
        assert!(r.horizon_from_forecast);
        assert_eq!(r.horizon_demand, units(25));
        let plain = reorder(&base());
        assert!(!plain.horizon_from_forecast);
        assert_eq!(r.reorder_point, plain.reorder_point);
        assert_eq!(
            r.need.0 - plain.need.0,
            units(25).0 - plain.horizon_demand.0
        );
    }

    #[test]
    fn history_and_rounding() {
        let h = DemandHistory::of_days(&[0.0, 4.0, 0.0, 4.0]);
        assert_eq!((h.days, h.mean_daily, h.sd_daily), (4, 2.0, 2.0));
        assert_eq!(demand_over(&h, None, 10), 20.0);
        assert_eq!(qty_up(0.1 + 0.2), Qty(300));
        assert_eq!(qty_up(1.0001), Qty(1_001));
        assert_eq!(round_up_to_pack(Qty(1), units(6)), units(6));
        assert_eq!(round_up_to_pack(units(6), units(6)), units(6));
        assert_eq!(round_up_to_pack(units(7), Qty::ZERO), units(7));
        assert!(ServiceLevels::default().validate().is_ok());
        let bad = ServiceLevels {
            b: 100.0,
            ..ServiceLevels::default()
        };
        assert_eq!(bad.validate().unwrap_err().field, "b");
        assert_eq!(ServiceLevels::default().for_tier(AbcTier::C), 85.0);
    }
}
