//! Stock planning at scale (group `planning`, on the orders dataset): the product list with
//! reserved, available and on order (first page by name and sorted by available, which
//! computes every product's figures), the plan of the dataset's today (every product's
//! classes, demand statistics and suggestion in one pass; cold), the replenishment list
//! from a kept plan, one product's demand series, and the same list page without the
//! planning columns for comparison (bare: the pre-planning query on a plain connection), the
//! background forecast run over every product with demand, and one product's forecast page.

use chainbook_datagen::orders::{date_text, TODAY};
use chainbook_store::planning::Granularity;
use chainbook_store::products::{ProductQuery, ProductSort};
use chainbook_store::Store;
use chrono::NaiveDate;

use crate::{compare, figure, time, time_after, Figure, Options, Result, LIST_TARGET_MS};

/// Target for the whole plan of a day, cold (ms): the 5 s is for forecasts and
/// suggestions of 20,000 products; the plan without forecasts should take a fraction.
pub const PLAN_TARGET_MS: f64 = 1000.0;
/// Forecasts and suggestions of 20,000 products × 36 months in 5 s (issue 17); this dataset
/// has fewer products, so the target is scaled by nothing: it must simply stay under it.
pub const FORECAST_RUN_TARGET_MS: f64 = 5000.0;
/// One product's forecast page once computed (issue 17).
pub const FORECAST_PAGE_TARGET_MS: f64 = 50.0;

pub fn run_planning(db: &std::path::Path, opts: &Options) -> Result<Vec<Figure>> {
    let mut store = Store::open(db)?;
    let bare = crate::open_bare(db)?;
    let as_of = NaiveDate::parse_from_str(&date_text(TODAY), "%Y-%m-%d")?;
    let mut out = Vec::new();
    for (what, sort) in [
        ("by name", ProductSort::Name),
        ("by available", ProductSort::Available),
    ] {
        let q = ProductQuery {
            sort,
            ..ProductQuery::default()
        };
        let t = time(opts, |_| {
            let p = store.products().list(&q)?;
            Ok((p.items.len() as u64, Some(p.total)))
        })?;
        let mut ours = figure(
            "planning",
            format!("product list, first page {what}, with reserved, available, on order"),
            Some(LIST_TARGET_MS),
            t,
        );
        if sort == ProductSort::Name {
            let b = time(opts, |_| {
                let mut stmt = bare.prepare_cached(
                    "SELECT p.id, p.sku, p.name, (SELECT ifnull(sum(m.qty_milli), 0)
                       FROM stock_movements m WHERE m.product_id = p.id AND m.deleted = 0)
                     FROM products p WHERE p.deleted = 0 AND p.active = 1
                     ORDER BY p.name, p.id LIMIT 50",
                )?;
                let n = stmt.query_map([], |_| Ok(()))?.count() as u64;
                Ok((n, None))
            })?;
            let bare_fig = figure(
                "planning",
                "bare product page by name with on hand only (before planning)".into(),
                None,
                b,
            );
            compare(&mut ours, &bare_fig);
            out.push(ours);
            out.push(bare_fig);
        } else {
            out.push(ours);
        }
    }
    let cold = || {
        store.forget_cached_reads();
        Ok(())
    };
    let t = time_after(opts, cold, |_| {
        let plan = store.planning().plan(as_of)?;
        // Every product is a row (not a page of a list: no total to check against).
        Ok((plan.products.len() as u64, None))
    })?;
    out.push(figure(
        "planning",
        "the plan of today: every product's ABC/XYZ, daily demand, safety stock, reorder point and suggestion (cold)".into(),
        Some(PLAN_TARGET_MS),
        t,
    ));
    let t = time(opts, |_| {
        let g = store.planning().suggestions(as_of)?;
        Ok((g.iter().map(|g| g.lines.len() as u64).sum(), None))
    })?;
    out.push(figure(
        "planning",
        "replenishment list grouped by supplier (plan kept)".into(),
        Some(LIST_TARGET_MS),
        t,
    ));
    let busiest: String = bare.query_row(
        "SELECT product_id FROM demand_days GROUP BY product_id ORDER BY count(*) DESC LIMIT 1",
        [],
        |r| r.get(0),
    )?;
    let busiest = uuid::Uuid::parse_str(&busiest)?;
    let t = time(opts, |_| {
        let s = store.planning().demand(busiest, Granularity::Week, as_of)?;
        Ok((s.len() as u64, None))
    })?;
    out.push(figure(
        "planning",
        "weekly demand series of the product sold on most days".into(),
        Some(LIST_TARGET_MS),
        t,
    ));
    // Every product with demand forecast anew (each run a month later, so every forecast is
    // due): read, fitted on all cores, saved, as the shell's background run does.
    let t = time(opts, |i| {
        let when = as_of + chrono::Months::new(i as u32 + 1);
        let n = store
            .planning_mut()
            .refresh_forecasts(when, 200, |_, _| {}, || false)?;
        Ok((n, None))
    })?;
    out.push(figure(
        "planning",
        "forecasts of every product with demand (backtests, 12 months, kept)".into(),
        Some(FORECAST_RUN_TARGET_MS),
        t,
    ));
    // The product page's forecast once computed: its monthly history and the kept forecast.
    let last = as_of + chrono::Months::new(opts.warmup as u32 + opts.reps as u32);
    let t = time(opts, |_| {
        let first = chainbook_store::planning::forecasts::first_month(last);
        let h = store.planning().demand(
            busiest,
            Granularity::Month,
            first.pred_opt().unwrap_or(first),
        )?;
        let f = store.planning().forecast(busiest)?;
        Ok((
            h.len() as u64 + f.map_or(0, |f| f.points.len() as u64),
            None,
        ))
    })?;
    out.push(figure(
        "planning",
        "one product's forecast page: monthly history and its kept forecast".into(),
        Some(FORECAST_PAGE_TARGET_MS),
        t,
    ));
    Ok(out)
}
