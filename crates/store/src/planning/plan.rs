//! The plan of a day: every live active product's classes, stock, demand statistics and
//! suggestion, computed in one pass over `demand_days`, the open orders and the products,
//! and kept until the next write.
//!
//! Windows, as of day T (nothing on or after T counts, so a day's figures do not move while
//! it is still being sold): ABC and XYZ read the 12 whole calendar months before T's month;
//! the daily mean and standard deviation read the 182 days before T. Both start at the
//! product's first sale when it is later (a product is not "not selling" before it exists).
//! ABC is ranked within each currency: consumption values in different currencies are never
//! added. The horizon demand of a suggestion is the product's current forecast (see
//! [`super::forecasts`]) when it has one, else the recent daily mean × days.

use std::collections::HashMap;
use std::sync::Arc;

use chainbook_core::planning::classes::{classify, ProductUsage};
use chainbook_core::planning::reorder::{daily_from_monthly, reorder, DemandHistory, ReorderInput};
use chainbook_core::planning::{PlanningSettings, CLASS_MONTHS, HISTORY_DAYS};
use chainbook_core::product::Qty;
use chrono::{Duration, Months, NaiveDate};
use rusqlite::Connection;
use rust_decimal::Decimal;
use uuid::Uuid;

use super::demand::period_start;
use super::position::{all_on_hand, all_on_order, all_reserved};
use super::{Granularity, Planning, PreferredSupply, ProductPlan, SupplierSuggestions};
use crate::row::RowExt;
use crate::settings::business;
use crate::Result;

/// The plan of one day.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub as_of: NaiveDate,
    pub settings: PlanningSettings,
    /// By SKU.
    pub products: Vec<ProductPlan>,
    index: HashMap<Uuid, usize>,
}

impl Plan {
    pub fn product(&self, id: Uuid) -> Option<&ProductPlan> {
        self.index.get(&id).map(|&i| &self.products[i])
    }
}

struct ProductRow {
    id: Uuid,
    sku: String,
    name: String,
    unit: String,
    category: String,
    currency: String,
    cost: Decimal,
    pack_size: Qty,
    min_order_qty: Qty,
    lead_time_days: u32,
    safety_stock: Qty,
    reorder_point: Qty,
}

fn products(conn: &Connection) -> Result<Vec<ProductRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, sku, name, unit, category, currency, cost, pack_size, min_order_qty,
                lead_time_days, safety_stock, reorder_point
         FROM products WHERE deleted = 0 AND active = 1 ORDER BY sku, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ProductRow {
            id: r.uuid(0)?,
            sku: r.get(1)?,
            name: r.get(2)?,
            unit: r.get(3)?,
            category: r.get(4)?,
            currency: r.get(5)?,
            cost: r.decimal(6)?,
            pack_size: r.qty(7)?,
            min_order_qty: r.qty(8)?,
            lead_time_days: r.get(9)?,
            safety_stock: r.qty(10)?,
            reorder_point: r.qty(11)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Each product's preferred supply from a live supplier (the first by supplier name if the
/// data holds two, as can happen after two devices chose differently offline).
pub(crate) fn preferred_supplies(conn: &Connection) -> Result<HashMap<Uuid, PreferredSupply>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.product_id, s.supplier_id, sp.name, s.currency, s.price, s.lead_time_days
         FROM supplies s JOIN suppliers sp ON sp.id = s.supplier_id AND sp.deleted = 0
         WHERE s.deleted = 0 AND s.preferred = 1
         ORDER BY s.product_id, sp.name DESC, sp.id DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.uuid(0)?,
            PreferredSupply {
                supplier_id: r.uuid(1)?,
                supplier_name: r.get(2)?,
                currency: r.get(3)?,
                price: r.decimal(4)?,
                lead_time_days: r.get(5)?,
            },
        ))
    })?;
    // Later rows replace earlier ones: the first by name is inserted last.
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Per product: its first day of positive demand before `as_of`, and its days from `from`.
#[derive(Default)]
struct Demand {
    first: Option<NaiveDate>,
    days: Vec<(NaiveDate, i64)>,
}

fn demand(conn: &Connection, from: NaiveDate, as_of: NaiveDate) -> Result<HashMap<Uuid, Demand>> {
    let mut out: HashMap<Uuid, Demand> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT product_id, day, qty_milli FROM demand_days WHERE day < ?1 AND qty_milli <> 0",
    )?;
    let mut rows = stmt.query([as_of.to_string()])?;
    while let Some(r) = rows.next()? {
        let (id, day, q): (Uuid, NaiveDate, i64) = (r.uuid(0)?, r.date(1)?, r.get(2)?);
        let d = out.entry(id).or_default();
        if q > 0 && d.first.is_none_or(|f| day < f) {
            d.first = Some(day);
        }
        if day >= from {
            d.days.push((day, q));
        }
    }
    Ok(out)
}

/// Monthly demand in units over `[start, end)` months (`start` a month's first day).
fn monthly(days: &[(NaiveDate, i64)], start: NaiveDate, end: NaiveDate) -> Vec<f64> {
    let mut months = Vec::new();
    let mut m = start;
    while m < end {
        months.push(m);
        m = m + Months::new(1);
    }
    let mut out = vec![0i64; months.len()];
    for (d, q) in days {
        if *d >= start && *d < end {
            let k = period_start(*d, Granularity::Month);
            if let Some(i) = months.iter().position(|m| *m == k) {
                out[i] += q;
            }
        }
    }
    out.into_iter().map(|q| q as f64 / 1000.0).collect()
}

/// Daily demand in units over `[start, end)`, days without sales as zeros.
fn daily(days: &[(NaiveDate, i64)], start: NaiveDate, end: NaiveDate) -> Vec<f64> {
    let n = (end - start).num_days().max(0) as usize;
    let mut out = vec![0.0; n];
    for (d, q) in days {
        if *d >= start && *d < end {
            out[(*d - start).num_days() as usize] += *q as f64 / 1000.0;
        }
    }
    out
}

/// Computes the plan of `as_of` (see the module doc).
pub(crate) fn compute(conn: &Connection, as_of: NaiveDate) -> Result<Plan> {
    let settings: PlanningSettings =
        business::get(conn, business::PLANNING)?.unwrap_or_else(PlanningSettings::defaults);
    let class_end = period_start(as_of, Granularity::Month);
    let class_start = class_end - Months::new(CLASS_MONTHS);
    let history_start = as_of - Duration::days(HISTORY_DAYS);
    let rows = products(conn)?;
    let demand = demand(conn, class_start.min(history_start), as_of)?;
    let on_hand = all_on_hand(conn)?;
    let reserved = all_reserved(conn)?;
    let on_order = all_on_order(conn)?;
    let supplies = preferred_supplies(conn)?;
    let forecasts = super::forecasts::current(conn, as_of)?;
    let empty = Demand::default();

    // Classes, ranked within each currency.
    let mut by_currency: HashMap<&str, Vec<ProductUsage<usize>>> = HashMap::new();
    for (i, p) in rows.iter().enumerate() {
        let d = demand.get(&p.id).unwrap_or(&empty);
        let start = match d.first {
            Some(f) => class_start.max(period_start(f, Granularity::Month)),
            None => class_end,
        };
        let units: i64 = d
            .days
            .iter()
            .filter(|(day, _)| *day >= class_start && *day < class_end)
            .map(|(_, q)| q)
            .sum();
        by_currency
            .entry(p.currency.as_str())
            .or_default()
            .push(ProductUsage {
                key: i,
                sku: p.sku.clone(),
                consumption_value: Decimal::new(units, 3) * p.cost,
                monthly: monthly(&d.days, start, class_end),
            });
    }
    let mut classes = vec![None; rows.len()];
    for usages in by_currency.values() {
        let values: HashMap<usize, Decimal> = usages
            .iter()
            .map(|u| (u.key, u.consumption_value))
            .collect();
        for c in classify(usages, settings.xyz) {
            let (key, value) = (c.key, values[&c.key]);
            classes[key] = Some((c, value));
        }
    }

    let mut products = Vec::with_capacity(rows.len());
    for (p, class) in rows.into_iter().zip(classes) {
        let (class, consumption_value) = class.expect("every product is classified");
        let d = demand.get(&p.id).unwrap_or(&empty);
        let history = match d.first {
            Some(f) => DemandHistory::of_days(&daily(&d.days, history_start.max(f), as_of)),
            None => DemandHistory::default(),
        };
        let supply = supplies.get(&p.id).cloned();
        let lead_time_days = supply
            .as_ref()
            .map(|s| s.lead_time_days)
            .filter(|d| *d > 0)
            .unwrap_or(p.lead_time_days);
        let on_hand = on_hand.get(&p.id).copied().unwrap_or_default();
        let reserved = reserved.get(&p.id).copied().unwrap_or_default();
        let backorders = Qty((reserved.0 - on_hand.0.max(0)).max(0));
        let on_order = on_order.get(&p.id).copied().unwrap_or_default();
        let service_level_pct = settings.service_levels.for_tier(class.abc);
        let horizon = (lead_time_days + settings.review_days) as usize;
        let forecast_daily = forecasts
            .get(&p.id)
            .map(|f| daily_from_monthly(f.first_month, &f.means(), as_of, horizon));
        let r = reorder(&ReorderInput {
            on_hand,
            on_order,
            backorders,
            lead_time_days,
            review_days: settings.review_days,
            pack_size: p.pack_size,
            min_order_qty: p.min_order_qty,
            manual_safety_stock: p.safety_stock,
            manual_reorder_point: p.reorder_point,
            service_level_pct,
            history,
            forecast_daily,
        });
        products.push(ProductPlan {
            product_id: p.id,
            sku: p.sku,
            name: p.name,
            unit: p.unit,
            category: p.category,
            abc: class.abc,
            rank: class.rank,
            consumption_value,
            currency: p.currency,
            cv: class.cv,
            xyz: class.xyz,
            count_frequency: class.count_frequency,
            on_hand,
            reserved,
            on_order,
            backorders,
            lead_time_days,
            review_days: settings.review_days,
            service_level_pct,
            history,
            pack_size: p.pack_size,
            min_order_qty: p.min_order_qty,
            reorder: r,
            supply,
        });
    }
    let index = products
        .iter()
        .enumerate()
        .map(|(i, p)| (p.product_id, i))
        .collect();
    Ok(Plan {
        as_of,
        settings,
        products,
        index,
    })
}

impl Planning<'_> {
    /// The plan of `as_of`, kept until the next write.
    pub fn plan(&self, as_of: NaiveDate) -> Result<Arc<Plan>> {
        self.db.memo(&format!("planning:{as_of}"), || {
            compute(self.db.conn, as_of)
        })
    }

    /// One product's plan (`None` for an inactive product, which is not planned).
    pub fn product(&self, id: Uuid, as_of: NaiveDate) -> Result<Option<ProductPlan>> {
        if !crate::products::read::exists(self.db.conn, id)? {
            return Err(crate::products::read::not_found());
        }
        Ok(self.plan(as_of)?.product(id).cloned())
    }

    /// Products below their reorder point with something to order, grouped by preferred
    /// supplier (by name; the products without one last), each group by SKU.
    pub fn suggestions(&self, as_of: NaiveDate) -> Result<Vec<SupplierSuggestions>> {
        let plan = self.plan(as_of)?;
        let mut groups: Vec<SupplierSuggestions> = Vec::new();
        for p in plan.products.iter().filter(|p| p.suggested()) {
            let id = p.supply.as_ref().map(|s| s.supplier_id);
            match groups.iter_mut().find(|g| g.supplier_id == id) {
                Some(g) => g.lines.push(p.clone()),
                None => groups.push(SupplierSuggestions {
                    supplier_id: id,
                    supplier_name: p
                        .supply
                        .as_ref()
                        .map(|s| s.supplier_name.clone())
                        .unwrap_or_default(),
                    lines: vec![p.clone()],
                }),
            }
        }
        groups.sort_by(|a, b| {
            (a.supplier_id.is_none(), &a.supplier_name, a.supplier_id).cmp(&(
                b.supplier_id.is_none(),
                &b.supplier_name,
                b.supplier_id,
            ))
        });
        Ok(groups)
    }
}
