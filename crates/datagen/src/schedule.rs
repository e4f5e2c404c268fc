//! When each customer orders: five years of customer lives, drawn so that the order history
//! agrees with each customer's lifecycle stage as the lost-customer analysis of PRODUCT.md
//! (§8) would compute it from the orders.
//!
//! Every buying customer gets a tier (occasional, regular, key, strategic: a relative buying
//! rate), so a customer's usual interval between orders is `base ÷ rate`. Its orders are drawn
//! backwards from its last order with gaps of 0.5–1.5 × that interval (so the median gap is
//! about the interval), back to the start of its tenure (before the history began for about
//! half of them):
//!
//! | stage    | last order before today               |
//! |----------|----------------------------------------|
//! | new      | within one interval; tenure < 6 months |
//! | active   | within one interval (and < 300 days)   |
//! | at risk  | 1.7–2.8 intervals (and < 365 days)     |
//! | lost     | > 3.5 intervals, or 2 months–5 years   |
//! | lead     | never ordered                          |
//!
//! Seasonality: gaps shrink in busy months (autumn, the weeks before the year end) and grow in
//! quiet ones (the Spring Festival month, summer), so there are more orders per day in
//! November than in July; orders that would fall on a Saturday are mostly placed on the Friday,
//! Sunday ones mostly on the Monday; during the Spring Festival holiday most are placed in the
//! week before it (stocking up) or just after. With customers joining over the years and lost
//! ones leaving, the business grows.
//!
//! `base` is found by bisection so that the orders add up to the total asked for; the few
//! missing then are repeat orders inside the busiest customers' tenure. Each customer has its
//! own seeded stream, so the bisection draws the same lives each time.

use crate::orders::{CustomerRef, DAYS, FIRST_DAY};
use crate::rng::Rng;
use crate::supply::civil;

const SCHEDULE_STREAM: u64 = 0x5343_4845_4455_4c45; // "SCHEDULE"

/// Share of the buying customers in each tier, per mille.
const TIER_SHARE: [u32; 4] = [600, 250, 110, 40];
/// Relative buying rate of each tier.
const TIER_RATE: [i64; 4] = [1, 3, 8, 25];

/// Orders per month relative to the average, January to December.
const SEASON: [i64; 12] = [95, 80, 110, 100, 100, 105, 90, 90, 110, 105, 120, 115];

/// Time is counted in hundredths of a day.
const C: i64 = 100;

/// The order entry days, per day of the history ([`FIRST_DAY`] + i): the customers (indexes
/// into `customers`) who order that day, in index order; `total` in all (fewer only when
/// there are fewer buying customers than that, each ordering once).
pub fn schedule(seed: u64, customers: &[CustomerRef], total: usize) -> Vec<Vec<u32>> {
    let mut buyers: Vec<usize> = (0..customers.len())
        .filter(|&i| customers[i].lifecycle != "lead")
        .collect();
    if buyers.is_empty() {
        buyers = (0..customers.len()).collect();
    }
    // Fewer orders than buyers: the first `total` buyers order once each.
    buyers.truncate(total);
    let cum = business_time();
    let count = |base: i64| -> usize {
        let mut days = Vec::new();
        buyers
            .iter()
            .map(|&i| {
                days.clear();
                life(seed, i, &customers[i].lifecycle, base, &cum, &mut days);
                days.len()
            })
            .sum()
    };
    // The smallest base (the most orders) that stays within `total`; count falls as base grows.
    let (mut lo, mut hi) = (1i64, 100 * DAYS * C);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if count(mid) <= total {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    let mut lives: Vec<(usize, Vec<i64>)> = buyers
        .iter()
        .map(|&i| {
            let mut days = Vec::new();
            life(seed, i, &customers[i].lifecycle, lo, &cum, &mut days);
            (i, days)
        })
        .collect();
    let n: usize = lives.iter().map(|l| l.1.len()).sum();
    // The customers with the most orders first (a stable order for the adjustments below).
    let mut busiest: Vec<usize> = (0..lives.len()).collect();
    busiest.sort_by(|&a, &b| lives[b].1.len().cmp(&lives[a].1.len()).then(a.cmp(&b)));
    if n > total {
        // Too many even at the longest intervals (tiny totals): the busiest lose their first
        // orders, then the last customers their only one.
        let mut surplus = n - total;
        for &k in busiest.iter().cycle().take(busiest.len() * 4) {
            if surplus == 0 {
                break;
            }
            if lives[k].1.len() > 1 {
                lives[k].1.pop();
                surplus -= 1;
            }
        }
        while surplus > 0 {
            surplus -= lives.pop().map_or(surplus, |l| l.1.len());
        }
    }
    let mut per_day: Vec<Vec<u32>> = vec![Vec::new(); DAYS as usize];
    for (i, days) in &lives {
        for &d in days {
            per_day[(d - FIRST_DAY) as usize].push(*i as u32);
        }
    }
    // Bisection leaves a few short: repeat orders of the busiest customers inside their span.
    let mut r = Rng::new(seed ^ SCHEDULE_STREAM);
    for k in 0..total.saturating_sub(n) {
        let (i, days) = &lives[busiest[k % busiest.len()]];
        // `days` runs backwards: the last order first.
        let (first, last) = (days[days.len() - 1], days[0]);
        let d = first + r.below((last - first + 1) as usize) as i64;
        per_day[(d - FIRST_DAY) as usize].push(*i as u32);
    }
    for day in &mut per_day {
        day.sort_unstable();
    }
    per_day
}

/// A day's share of the business: the month's season, the weekday, the Spring Festival.
fn weight(day: i64) -> i64 {
    let (_, month, _) = civil(day);
    // 1970-01-01 was a Thursday: 2 = Saturday, 3 = Sunday.
    let weekday = match day.rem_euclid(7) {
        2 => 40,
        3 => 20,
        _ => 100,
    };
    let festival = FESTIVALS.iter().find_map(|&(from, to)| {
        let (from, to) = (day_number(from), day_number(to));
        if (from..=to).contains(&day) {
            Some(15)
        } else if (from - 7..from).contains(&day) {
            Some(140)
        } else {
            None
        }
    });
    SEASON[month as usize - 1] * weekday * festival.unwrap_or(100)
}

/// Business time: `cum[i]` is the summed [`weight`] of the days before [`FIRST_DAY`] + i.
fn business_time() -> Vec<i64> {
    let mut cum = Vec::with_capacity(DAYS as usize + 1);
    let mut t = 0;
    cum.push(0);
    for i in 0..DAYS {
        t += weight(FIRST_DAY + i);
        cum.push(t);
    }
    cum
}

/// Appends the entry days of customer `index`'s orders, the last one first. Gaps are drawn
/// in business time (`cum`; a gap of one average day is `cum[DAYS] ÷ DAYS`), so busy days get
/// more orders than quiet ones whatever the customer's interval.
fn life(seed: u64, index: usize, lifecycle: &str, base: i64, cum: &[i64], out: &mut Vec<i64>) {
    let mut r =
        Rng::new(seed ^ SCHEDULE_STREAM ^ (index as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let tier = r.weighted(&TIER_SHARE);
    // The usual interval in hundredths of a day.
    let mut gap = (base / TIER_RATE[tier]).max(1);
    let natural = gap;
    let k = r.below(1_000) as i64;
    // Days between the last order and today, in hundredths.
    let since = match lifecycle {
        "new" => C + gap * (k * 9 / 10) / 1_000,
        "at_risk" => {
            let k = 1_700 + k * 11 / 10;
            // Under 365 days however long the interval: a long one is shortened.
            let most = i64::from(r.between(40, 330)) * C;
            gap = gap.min(most * 1_000 / k);
            gap * k / 1_000
        }
        "lost" => {
            let k = 3_500 + k * 45 / 10;
            (gap * k / 1_000).max(i64::from(r.between(60, DAYS as u32 - 30)) * C)
        }
        // Active, and anything else that buys.
        _ => C + (gap * k / 1_000).min(i64::from(r.between(1, 300)) * C),
    };
    let last = (DAYS * C - since).max(r.below(30) as i64 * C) / C;
    let start = if lifecycle == "new" {
        (DAYS - i64::from(r.between(5, 180))).min(last)
    } else if r.chance(450) {
        0
    } else {
        r.below(last as usize + 1) as i64
    };
    // A shortened interval comes with a shorter tenure: as many orders as the usual one gives.
    let start = last - (last - start) * (gap / C).max(1) / (natural / C).max(1);
    out.push(FIRST_DAY + off_weekend(&mut r, last));
    // In business time, hundredths of an average day.
    let unit = cum[DAYS as usize];
    let to_b = |day: i64| cum[day as usize] * C * DAYS / unit;
    let (mut b, floor) = (to_b(last), to_b(start));
    loop {
        b -= (gap * i64::from(r.between(50, 150)) / 100).max(C / 5);
        // At risk needs a usual interval, so two orders at least.
        if b < floor && !(lifecycle == "at_risk" && out.len() == 1) {
            break;
        }
        // The day whose business time holds `b`.
        let x = b * unit / (C * DAYS);
        let day = cum.partition_point(|&c| c <= x) as i64 - 1;
        out.push(FIRST_DAY + day.clamp(0, DAYS - 1));
    }
}

/// Moves a day (0-based from [`FIRST_DAY`]) off the weekend, mostly.
fn off_weekend(r: &mut Rng, i: i64) -> i64 {
    let d = match (FIRST_DAY + i).rem_euclid(7) {
        2 if r.chance(600) => i - 1,
        3 if r.chance(800) => i - 2,
        _ => i,
    };
    d.clamp(0, DAYS - 1)
}

/// A civil date: year, month, day.
type Civil = (i64, u32, u32);

/// Spring Festival holidays (eve to the end of the official break), 2022–2026.
const FESTIVALS: [(Civil, Civil); 5] = [
    ((2022, 1, 31), (2022, 2, 6)),
    ((2023, 1, 21), (2023, 1, 27)),
    ((2024, 2, 9), (2024, 2, 17)),
    ((2025, 1, 28), (2025, 2, 4)),
    ((2026, 2, 15), (2026, 2, 23)),
];

/// Days since 1970-01-01 of a civil date (the inverse of [`civil`]).
pub(crate) fn day_number((y, m, d): Civil) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// How a customer's orders stand on a day, as PRODUCT.md §8 defines it: the usual interval is
/// the median gap between order dates (needs two orders); at risk when the days since the last
/// order exceed 1.5 × that, lost when they exceed 3 × that or 365.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Active,
    AtRisk,
    Lost,
}

/// The standing of a customer with these order days (sorted, at least one) on `today`.
pub fn standing(days: &[i64], today: i64) -> Standing {
    let since = today - days[days.len() - 1];
    if since > 365 {
        return Standing::Lost;
    }
    if days.len() < 2 {
        return Standing::Active;
    }
    let mut gaps: Vec<i64> = days.windows(2).map(|w| w[1] - w[0]).collect();
    gaps.sort_unstable();
    // The median of an even count is the mean of the middle two; doubled to stay in integers.
    let n = gaps.len();
    let median2 = if n % 2 == 1 {
        2 * gaps[n / 2]
    } else {
        gaps[n / 2 - 1] + gaps[n / 2]
    };
    if 2 * since > 3 * median2 {
        Standing::Lost
    } else if 4 * since > 3 * median2 {
        Standing::AtRisk
    } else {
        Standing::Active
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orders::TODAY;

    fn customers(n: usize) -> Vec<CustomerRef> {
        (0..n)
            .map(|i| CustomerRef {
                id: uuid::Uuid::from_u128(i as u128),
                currency: "CNY".into(),
                channel: String::new(),
                payment_method: String::new(),
                lifecycle: [
                    "lead", "new", "active", "active", "active", "at_risk", "lost",
                ][i % 7]
                    .into(),
            })
            .collect()
    }

    #[test]
    fn day_numbers_invert_civil() {
        for d in [0, 18_954, 19_782, 20_780, -1, 11_016] {
            assert_eq!(day_number(civil(d)), d);
        }
        assert_eq!(day_number((2021, 11, 23)), FIRST_DAY);
        assert_eq!(day_number((2026, 11, 23)), TODAY);
    }

    #[test]
    fn the_median_gap_decides() {
        // Every 10 days: 14 days since is active, 16 at risk, 31 lost.
        let days = [0, 10, 20, 30];
        assert_eq!(standing(&days, 44), Standing::Active);
        assert_eq!(standing(&days, 46), Standing::AtRisk);
        assert_eq!(standing(&days, 61), Standing::Lost);
        assert_eq!(standing(&[0], 365), Standing::Active);
        assert_eq!(standing(&[0], 366), Standing::Lost);
        // Median of an even count of gaps: (10 + 20) / 2 = 15; 22 days is active, 23 at risk.
        assert_eq!(standing(&[0, 10, 30, 40, 60], 82), Standing::Active);
        assert_eq!(standing(&[0, 10, 30, 40, 60], 83), Standing::AtRisk);
    }

    #[test]
    fn the_orders_add_up_and_agree_with_the_lifecycle_stages() {
        let cs = customers(7_000);
        let per_day = schedule(7, &cs, 70_000);
        assert_eq!(per_day.len(), DAYS as usize);
        assert_eq!(per_day.iter().map(Vec::len).sum::<usize>(), 70_000);
        assert_eq!(per_day, schedule(7, &cs, 70_000), "deterministic");
        let mut by_customer: Vec<Vec<i64>> = vec![Vec::new(); cs.len()];
        for (i, day) in per_day.iter().enumerate() {
            for &c in day {
                by_customer[c as usize].push(FIRST_DAY + i as i64);
            }
        }
        let mut agree = [0usize; 3];
        let mut of = [0usize; 3];
        for (c, days) in by_customer.iter().enumerate() {
            let stage = cs[c].lifecycle.as_str();
            if stage == "lead" {
                assert!(days.is_empty(), "leads never order");
                continue;
            }
            assert!(!days.is_empty(), "every other customer ordered");
            let want = match stage {
                "at_risk" => Standing::AtRisk,
                "lost" => Standing::Lost,
                _ => Standing::Active,
            };
            let k = want as usize;
            of[k] += 1;
            agree[k] += usize::from(standing(days, TODAY) == want);
        }
        // Random gaps blur the edges a little; most customers are where their stage says.
        for k in 0..3 {
            assert!(
                agree[k] * 100 >= of[k] * 80,
                "{k}: {} of {}",
                agree[k],
                of[k]
            );
        }
        // Weekly seasonality: Sundays are quiet; yearly: November is busier than July.
        let weekday = |d: i64| (FIRST_DAY + d).rem_euclid(7);
        let on = |w: i64| -> usize {
            (0..DAYS)
                .filter(|&d| weekday(d) == w)
                .map(|d| per_day[d as usize].len())
                .sum()
        };
        assert!(on(3) * 5 < on(1), "Sunday {} Friday {}", on(3), on(1));
        let month = |y: i64, m: u32| -> usize {
            (0..DAYS)
                .filter(|&d| {
                    let (yy, mm, _) = civil(FIRST_DAY + d);
                    yy == y && mm == m
                })
                .map(|d| per_day[d as usize].len())
                .sum()
        };
        assert!(month(2025, 11) > month(2025, 7) * 11 / 10);
        // Growth: the last year has more orders than the first.
        let year =
            |i: usize| -> usize { per_day[i * 365..(i + 1) * 365].iter().map(Vec::len).sum() };
        assert!(year(4) > year(0), "{} {}", year(0), year(4));
    }

    #[test]
    fn fewer_orders_than_buyers_gives_one_each() {
        let cs = customers(70);
        let per_day = schedule(1, &cs, 20);
        let mut all: Vec<u32> = per_day.concat();
        assert_eq!(all.len(), 20);
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), 20);
    }
}
