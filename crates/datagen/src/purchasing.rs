//! Purchasing that keeps the shelves stocked: the purchase orders (and in-house production
//! receipts) of the orders dataset, planned from what the generated sales orders ship.
//!
//! Each product is bought from its preferred supplier (or the first one not blocked), with
//! that supply's price and lead time; products nobody supplies are made in-house (a receipt
//! movement "生产入库" a few days after the decision, reviewed fortnightly). Every supplier's
//! products are reviewed on a cycle of its own (every 3–12 weeks); a review estimates each product's daily demand from the
//! last 120 days of shipments net of returns and, when the stock on hand plus what is on order
//! is below the demand over the lead time and the cycle (+30 %), orders it up to cover the
//! lead time, the cycle and two more months, in whole lots. Products of the same supplier that
//! are merely low (below three times that point) ride along on the same order, as buyers do, so one
//! purchase order has several lines.
//!
//! Then each order goes its way: sent within hours (a few stay drafts over the last days, 2 %
//! are cancelled), delivered after the lead time (a fifth of them late, up to two weeks), one
//! delivery in six in two parts, now and then with a few rejected units, and most are closed
//! a few weeks after the last delivery. Nothing happens on or after [`TODAY`], so the last
//! weeks' orders are sent or partly received. Stock on hand therefore stays above zero almost
//! always, as in a business whose purchasing works; only a run of orders well above the
//! forecast empties a shelf for a while.

use crate::orders::{date_text, FIRST_DAY, TODAY};
use crate::rng::Rng;
use crate::supply::{lot_size, SupplyPlan};

const PURCHASING_STREAM: u64 = 0x5055_5243_4841_5345; // "PURCHASE"

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;

/// Planning starts this many days before the first sales order, to stock the shelves.
pub const LEAD_IN: i64 = 100;
/// Days of shipments behind a demand estimate.
const WINDOW: i64 = 120;
/// Days of demand kept in stock for late deliveries.
const SAFETY: i64 = 14;
/// Days of demand an order covers beyond the lead time and the review cycle.
const EXTRA_COVER: i64 = 60;

/// One line of a planned purchase order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedPoLine {
    /// Position in [`SupplyPlan::products`].
    pub product: usize,
    /// Thousandths of a unit.
    pub qty_milli: i64,
    /// The supply's price (CNY).
    pub price: String,
    /// `YYYY-MM-DD`
    pub expected_on: String,
}

/// One delivery against a planned purchase order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedDelivery {
    /// When it is booked (seconds since 1970-01-01, UTC).
    pub at: i64,
    /// (line index, accepted, rejected), thousandths.
    pub lines: Vec<(usize, i64, i64)>,
}

/// A purchase order and everything that happens to it before [`TODAY`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedPo {
    /// Position in [`SupplyPlan::suppliers`].
    pub supplier: usize,
    /// Seconds since 1970-01-01, UTC, as are the other times.
    pub created: i64,
    pub notes: String,
    pub lines: Vec<PlannedPoLine>,
    pub sent: Option<i64>,
    pub cancelled: Option<i64>,
    pub deliveries: Vec<PlannedDelivery>,
    pub closed: Option<i64>,
}

/// A receipt of goods made in-house.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedProduction {
    pub product: usize,
    pub at: i64,
    pub qty_milli: i64,
    pub reference: String,
}

/// What [`plan`] decided.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurchasingPlan {
    /// In the order they were created.
    pub orders: Vec<PlannedPo>,
    /// In time order.
    pub production: Vec<PlannedProduction>,
}

/// A product's net outflow (shipped − returned) per day, thousandths, as prefix sums over the
/// days with movements.
#[derive(Debug, Clone, Default)]
pub struct Demand {
    /// (day, outflow up to and including that day), by day.
    cum: Vec<(i64, i64)>,
}

impl Demand {
    /// From (day, thousandths) movements in any order: shipments positive, returns negative.
    pub fn from_moves(mut moves: Vec<(i64, i64)>) -> Demand {
        moves.sort_unstable();
        let mut cum: Vec<(i64, i64)> = Vec::with_capacity(moves.len());
        let mut total = 0;
        for (day, q) in moves {
            total += q;
            match cum.last_mut() {
                Some(last) if last.0 == day => last.1 = total,
                _ => cum.push((day, total)),
            }
        }
        Demand { cum }
    }

    /// Outflow on the days before `day`.
    pub fn before(&self, day: i64) -> i64 {
        let i = self.cum.partition_point(|&(d, _)| d < day);
        if i == 0 {
            0
        } else {
            self.cum[i - 1].1
        }
    }
}

/// Where a product comes from.
#[derive(Debug, Clone, Copy)]
struct Source {
    /// `None`: made in-house.
    supplier: Option<usize>,
    /// Index into `plan.supplies`, for the price.
    supply: usize,
    lead: i64,
}

/// Plans purchasing for `plan`'s products against `demand` (one per product); see the module
/// docs.
pub fn plan(seed: u64, supply: &SupplyPlan, demand: &[Demand]) -> PurchasingPlan {
    let mut r = Rng::new(seed ^ PURCHASING_STREAM);
    let n = supply.products.len();
    let mut sources: Vec<Source> = (0..n)
        .map(|_| Source {
            supplier: None,
            supply: usize::MAX,
            lead: i64::from(r.between(2, 5)),
        })
        .collect();
    let usable = |s: usize| supply.suppliers[s].status != "blocked";
    for (k, s) in supply.supplies.iter().enumerate() {
        let src = &mut sources[s.product];
        let better = match src.supplier {
            None => usable(s.supplier),
            Some(_) => s.preferred && usable(s.supplier),
        };
        if better {
            *src = Source {
                supplier: Some(s.supplier),
                supply: k,
                lead: s.lead_time_days.parse().unwrap_or(14),
            };
        }
    }
    // Review groups: each supplier's products, and the in-house ones reviewed weekly.
    let mut groups: Vec<(Option<usize>, Vec<usize>)> = (0..supply.suppliers.len())
        .map(|s| (Some(s), Vec::new()))
        .collect();
    let mut in_house = Vec::new();
    for (p, src) in sources.iter().enumerate() {
        if !supply.products[p].active && demand[p].cum.is_empty() {
            continue;
        }
        match src.supplier {
            Some(s) => groups[s].1.push(p),
            None => in_house.push(p),
        }
    }
    groups.push((None, in_house));
    groups.retain(|g| !g.1.is_empty());
    let cycles: Vec<(i64, i64)> = groups
        .iter()
        .map(|g| {
            let cycle = if g.0.is_none() {
                14
            } else {
                [21, 28, 42, 56, 84][r.weighted(&[10, 25, 30, 25, 10])]
            };
            (cycle, r.below(cycle as usize) as i64)
        })
        .collect();
    // Accepted deliveries per product: (day, thousandths), as planned so far.
    let mut arriving: Vec<Vec<(i64, i64)>> = vec![Vec::new(); n];
    let mut out = PurchasingPlan::default();
    let mut seq = 0u32;
    // A cancelled order is replaced at a review the day after.
    let mut again: std::collections::BTreeSet<(i64, usize)> = Default::default();
    for day in FIRST_DAY - LEAD_IN..TODAY {
        for (g, (supplier, products)) in groups.iter().enumerate() {
            let (cycle, offset) = cycles[g];
            if (day - offset).rem_euclid(cycle) != 0 && !again.remove(&(day, g)) {
                continue;
            }
            let mut lines: Vec<(usize, i64)> = Vec::new();
            let mut urgent = false;
            for &p in products {
                let src = sources[p];
                let d = &demand[p];
                // Before a full window of history, the first window's demand (a forecast).
                let (from, to) = if day >= FIRST_DAY + WINDOW {
                    (day - WINDOW, day)
                } else {
                    (FIRST_DAY, FIRST_DAY + WINDOW)
                };
                // Thousandths over the window; rates below stay exact multiples of it.
                let window = (d.before(to) - d.before(from)).max(0);
                if window == 0 {
                    continue;
                }
                let received: i64 = arriving[p].iter().filter(|a| a.0 <= day).map(|a| a.1).sum();
                let on_order: i64 = arriving[p].iter().filter(|a| a.0 > day).map(|a| a.1).sum();
                let position = received - d.before(day + 1) + on_order;
                let point = window * (src.lead + cycle + SAFETY) * 13 / (10 * WINDOW);
                if position < 3 * point {
                    urgent |= position < point;
                    let want = window * (src.lead + cycle + EXTRA_COVER) / WINDOW - position;
                    let price: u64 = supply.products[p]
                        .price
                        .replace('.', "")
                        .parse()
                        .unwrap_or(100);
                    let lot = lot_size(price) as i64 * 1_000;
                    let qty = ((want + lot - 1) / lot).max(1) * lot;
                    lines.push((p, qty));
                }
            }
            if !urgent || lines.is_empty() {
                continue;
            }
            match supplier {
                None => {
                    for (p, qty) in lines {
                        seq += 1;
                        let arrive = day + sources[p].lead;
                        let at = arrive * DAY + HOUR + r.below(8 * HOUR as usize) as i64;
                        if at >= TODAY * DAY {
                            continue;
                        }
                        arriving[p].push((arrive, qty));
                        out.production.push(PlannedProduction {
                            product: p,
                            at,
                            qty_milli: qty,
                            reference: format!("MO-{}-{seq:05}", date_text(day).replace('-', "")),
                        });
                    }
                }
                Some(s) => {
                    let po = purchase(&mut r, *supplier, day, &lines, &sources, supply);
                    for dl in &po.deliveries {
                        for &(line, accepted, _) in &dl.lines {
                            arriving[lines[line].0].push((dl.at / DAY, accepted));
                        }
                    }
                    debug_assert_eq!(po.supplier, *s);
                    if let Some(t) = po.cancelled {
                        again.insert((t / DAY + 1, g));
                    }
                    out.orders.push(po);
                }
            }
        }
    }
    out.production.sort_by_key(|p| p.at);
    out
}

/// One purchase order of `lines` to `supplier`, decided on `day`, and its history.
fn purchase(
    r: &mut Rng,
    supplier: Option<usize>,
    day: i64,
    lines: &[(usize, i64)],
    sources: &[Source],
    supply: &SupplyPlan,
) -> PlannedPo {
    let cut = TODAY * DAY;
    let created = day * DAY + HOUR + r.below(7 * HOUR as usize) as i64;
    let lead = lines.iter().map(|l| sources[l.0].lead).max().unwrap_or(7);
    let mut po = PlannedPo {
        supplier: supplier.unwrap_or(0),
        created,
        notes: if r.chance(80) {
            (*r.pick(&[
                "请按合同价开票",
                "加急",
                "分批到货可以",
                "Please confirm the delivery date",
            ]))
            .into()
        } else {
            String::new()
        },
        lines: lines
            .iter()
            .map(|&(p, qty)| PlannedPoLine {
                product: p,
                qty_milli: qty,
                price: supply.supplies[sources[p].supply].price.clone(),
                expected_on: date_text(day + sources[p].lead),
            })
            .collect(),
        sent: None,
        cancelled: None,
        deliveries: Vec::new(),
        closed: None,
    };
    let keep = |t: i64| (t < cut).then_some(t);
    // Left as a draft over the last days, or cancelled.
    if day >= TODAY - 3 && r.chance(300) {
        return po;
    }
    if r.chance(20) {
        po.cancelled = keep(created + i64::from(r.between(1, 5)) * DAY);
        return po;
    }
    po.sent = keep(created + i64::from(r.between(1, 6)) * HOUR);
    let Some(sent) = po.sent else {
        return po;
    };
    let late = if r.chance(200) {
        i64::from(r.between(2, 14))
    } else {
        i64::from(r.between(0, 3)) - 2
    };
    let arrive = (sent / DAY + lead + late).max(sent / DAY + 1);
    let at = |r: &mut Rng, d: i64| d * DAY + HOUR + r.below(9 * HOUR as usize) as i64;
    let reject = r.chance(60).then(|| r.below(lines.len()));
    let split = lines.len() > 1 && r.chance(170);
    // A split delivery brings the first lines whole and the rest later.
    let first_part = if split { lines.len() / 2 } else { lines.len() };
    let deliver = |r: &mut Rng, t: i64, range: std::ops::Range<usize>| PlannedDelivery {
        at: t,
        lines: range
            .map(|i| {
                let q = lines[i].1;
                let rejected = if reject == Some(i) {
                    (q * i64::from(r.between(1, 10)) / 100).max(1_000).min(q)
                } else {
                    0
                };
                (i, q - rejected, rejected)
            })
            .collect(),
    };
    let t = at(r, arrive);
    if t >= cut {
        return po;
    }
    po.deliveries.push(deliver(r, t, 0..first_part));
    let mut last = t;
    if split {
        let later = arrive + i64::from(r.between(3, 12));
        let t = at(r, later);
        if t >= cut {
            return po;
        }
        po.deliveries.push(deliver(r, t, first_part..lines.len()));
        last = t;
    }
    if r.chance(850) {
        po.closed = keep(last + i64::from(r.between(2, 30)) * DAY);
    }
    po
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::supply::supply_plan;

    #[test]
    fn demand_sums_by_day() {
        let d = Demand::from_moves(vec![(5, 2_000), (3, 1_000), (5, -500), (9, 4_000)]);
        assert_eq!(d.before(3), 0);
        assert_eq!(d.before(4), 1_000);
        assert_eq!(d.before(6), 2_500);
        assert_eq!(d.before(100), 6_500);
    }

    #[test]
    fn steady_demand_is_met_from_stock() {
        let supply = supply_plan(11, 200, 20);
        // Every active product sells one lot every third day.
        let demand: Vec<Demand> = supply
            .products
            .iter()
            .map(|p| {
                if !p.active {
                    return Demand::default();
                }
                let price: u64 = p.price.replace('.', "").parse().unwrap();
                let lot = lot_size(price) as i64 * 1_000;
                Demand::from_moves((FIRST_DAY..TODAY).step_by(3).map(|d| (d, lot)).collect())
            })
            .collect();
        let a = plan(4, &supply, &demand);
        assert_eq!(a, plan(4, &supply, &demand), "deterministic");
        assert!(!a.orders.is_empty());
        // Several lines per order, to suppliers that are not blocked.
        let lines: usize = a.orders.iter().map(|o| o.lines.len()).sum();
        assert!(
            lines > a.orders.len() * 3 / 2,
            "{lines} lines, {} orders",
            a.orders.len()
        );
        for o in &a.orders {
            assert_ne!(supply.suppliers[o.supplier].status, "blocked");
            assert!(o.created < TODAY * DAY);
            for d in &o.deliveries {
                assert!(d.at > o.created && d.at < TODAY * DAY);
            }
            if let Some(c) = o.closed {
                assert!(c > o.deliveries.last().unwrap().at);
            }
        }
        // Stock on hand after the first weeks stays above zero on nearly every day.
        let mut short = 0;
        let mut days = 0;
        for (p, d) in demand.iter().enumerate() {
            if d.cum.is_empty() {
                continue;
            }
            let mut arriving: Vec<(i64, i64)> = Vec::new();
            for o in &a.orders {
                for dl in &o.deliveries {
                    for l in &dl.lines {
                        if o.lines[l.0].product == p {
                            arriving.push((dl.at / DAY, l.1));
                        }
                    }
                }
            }
            arriving.extend(
                a.production
                    .iter()
                    .filter(|x| x.product == p)
                    .map(|x| (x.at / DAY, x.qty_milli)),
            );
            for day in (FIRST_DAY + 60..TODAY).step_by(5) {
                let on_hand: i64 = arriving
                    .iter()
                    .filter(|a| a.0 <= day)
                    .map(|a| a.1)
                    .sum::<i64>()
                    - d.before(day + 1);
                days += 1;
                short += usize::from(on_hand < 0);
            }
        }
        assert!(short * 100 < days, "{short} of {days} product-days short");
    }
}
