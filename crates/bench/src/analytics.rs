//! Customer analytics at scale (group `analytics`, on the orders dataset): the customer
//! values — revenue to the cent, ABC tiers, RFM scores and segments, computed lifecycle — of
//! every customer, for the default year and for all history, through
//! `store.analytics().customer_values`. Target (the analytics issue): ≤ 1 s at L, and ≤ 2× one
//! hand-written SQL aggregate over the same tables (bare: revenue per customer in floating
//! point, order counts and last dates, and every order date — what the formulas read, without
//! exact money or the formulas themselves).
//!
//! Also the dashboard (every figure of the year against the year before; target ≤ 300 ms at
//! L), the first page of the lost-customer list, one customer's 360 figures, and the on-time
//! drill-down (a page of the orders delivered late in the year; target ≤ 30 ms).
//!
//! [`write_analytics_json`] writes the same values and the dashboard's figures as JSON, for
//! the independent check in `tests/crosscheck/analytics.py` (`--analytics-json FILE`).

use chainbook_datagen::orders::{date_text, TODAY};
use chainbook_store::analytics::{DashboardQuery, Period};
use chainbook_store::orders::OrderQuery;
use chainbook_store::Store;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde_json::json;
use std::path::Path;

use crate::{compare, figure, time, time_after, Figure, Options, Result};

/// Target for all customers' values (ms).
pub const ANALYTICS_TARGET_MS: f64 = 1000.0;
/// Target for the whole dashboard, cold (ms).
pub const DASHBOARD_TARGET_MS: f64 = 300.0;
/// Target for a drill-down list page (ms).
pub const DRILL_TARGET_MS: f64 = 30.0;

/// The bare aggregate: rows read and summed in SQL.
fn bare_values(bare: &Connection, from: &str, as_of: &str) -> Result<u64> {
    let sold = "('confirmed', 'picking', 'shipped', 'delivered', 'closed')";
    let mut n = 0u64;
    let mut revenue = bare.prepare_cached(&format!(
        "SELECT o.customer_id, sum(l.qty_milli * l.unit_price * (100 - l.discount_pct)
                * (100 + l.tax_rate_pct)) / 1e7
         FROM sales_orders o JOIN so_lines l ON l.order_id = o.id AND l.deleted = 0
         WHERE o.deleted = 0 AND o.currency = 'CNY' AND o.status IN {sold}
           AND o.ordered_on >= ?1 AND o.ordered_on <= ?2
         GROUP BY o.customer_id"
    ))?;
    n += revenue.query_map([from, as_of], |_| Ok(()))?.count() as u64;
    let mut returns = bare.prepare_cached(&format!(
        "SELECT o.customer_id, sum(r.qty_milli * l.unit_price) FROM so_returns r
         JOIN so_lines l ON l.id = r.line_id JOIN sales_orders o ON o.id = r.order_id
         WHERE r.deleted = 0 AND o.currency = 'CNY' AND o.status IN {sold}
           AND r.returned_on >= ?1 AND r.returned_on <= ?2 GROUP BY o.customer_id"
    ))?;
    n += returns.query_map([from, as_of], |_| Ok(()))?.count() as u64;
    let mut dates = bare.prepare_cached(&format!(
        "SELECT customer_id, ordered_on FROM sales_orders
         WHERE deleted = 0 AND currency = 'CNY' AND status IN {sold} AND ordered_on <= ?1"
    ))?;
    n += dates.query_map([as_of], |_| Ok(()))?.count() as u64;
    Ok(n)
}

/// Runs the analytics figures alone on the orders dataset at `db` (`--only analytics`).
pub fn run_analytics(db: &std::path::Path, opts: &Options) -> Result<Vec<Figure>> {
    let store = Store::open(db)?;
    let bare = crate::open_bare(db)?;
    let mut out = Vec::new();
    analytics_figures(&store, &bare, opts, &mut out)?;
    Ok(out)
}

pub fn analytics_figures(
    store: &Store,
    bare: &Connection,
    opts: &Options,
    out: &mut Vec<Figure>,
) -> Result<()> {
    let as_of = NaiveDate::parse_from_str(&date_text(TODAY), "%Y-%m-%d")?;
    // Cold: what reads keep until the next write is forgotten before every run.
    let cold = || {
        store.forget_cached_reads();
        Ok(())
    };
    for (what, period) in [
        ("the 365 days to 2026-11-23", Period::year_to(as_of)),
        ("all history", Period { from: None, as_of }),
    ] {
        let t = time_after(opts, cold, |_| {
            let v = store.analytics().customer_values(&period, "CNY")?;
            Ok((v.len() as u64, None))
        })?;
        let mut ours = figure(
            "analytics",
            format!("customer values (revenue, ABC, RFM, lifecycle) of every CNY customer, {what}"),
            Some(ANALYTICS_TARGET_MS),
            t,
        );
        let from = period
            .from
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        let as_of_s = as_of.format("%Y-%m-%d").to_string();
        let b = time(opts, |_| Ok((bare_values(bare, &from, &as_of_s)?, None)))?;
        let bare_fig = figure(
            "analytics",
            format!("bare revenue, counts and dates per customer, {what}"),
            None,
            b,
        );
        compare(&mut ours, &bare_fig);
        out.push(ours);
        out.push(bare_fig);
    }
    let year = Period::year_to(as_of);
    let q = DashboardQuery {
        period: year,
        currency: "CNY".into(),
        segment: None,
    };
    let t = time_after(opts, cold, |_| {
        let d = store.analytics().dashboard(&q)?;
        Ok((d.current.orders, None))
    })?;
    out.push(figure(
        "analytics",
        "the dashboard: every customer, order and service figure of the year and the year before"
            .to_string(),
        Some(DASHBOARD_TARGET_MS),
        t,
    ));
    let t = time(opts, |_| {
        let (k, _) = store.analytics().supply(&year)?;
        Ok((k.po_lines_due, None))
    })?;
    out.push(figure(
        "analytics",
        "the dashboard's stock and supplier figures, the year and the year before".to_string(),
        Some(DASHBOARD_TARGET_MS),
        t,
    ));
    let t = time_after(opts, cold, |_| {
        let p = store.analytics().slipping(&q, None, 0, 50)?;
        Ok((p.total, None))
    })?;
    out.push(figure(
        "analytics",
        "lost and at-risk customers, first page of 50".to_string(),
        Some(ANALYTICS_TARGET_MS),
        t,
    ));
    let customer = store
        .analytics()
        .customer_values(&year, "CNY")?
        .first()
        .map(|v| v.activity.customer_id);
    if let Some(id) = customer {
        // A customer's figures right after the dashboard or the lost list share their values.
        let warm = time(opts, |_| {
            let i = store.analytics().customer_insight(&year, id, 0.5)?;
            Ok((u64::from(i.is_some()), None))
        })?;
        out.push(figure(
            "analytics",
            "one customer's 360 figures after the dashboard (values shared)".to_string(),
            Some(DRILL_TARGET_MS),
            warm,
        ));
        let t = time_after(opts, cold, |_| {
            let i = store.analytics().customer_insight(&year, id, 0.5)?;
            Ok((u64::from(i.is_some()), None))
        })?;
        out.push(figure(
            "analytics",
            "one customer's 360 figures (tier, RFM, lifecycle, loyalty)".to_string(),
            Some(ANALYTICS_TARGET_MS),
            t,
        ));
    }
    let t = time(opts, |_| {
        let p = store.orders().list(&OrderQuery {
            page_size: 50,
            delivered: Some(chainbook_store::orders::DeliveredIn {
                from: year.from.unwrap_or(as_of),
                to: as_of,
                shortfall: chainbook_core::analytics::kpi::DeliveryShortfall::Late,
            }),
            ..Default::default()
        })?;
        Ok((p.total, None))
    })?;
    out.push(figure(
        "analytics",
        "drill-down: first page of the orders delivered late in the year".to_string(),
        Some(DRILL_TARGET_MS),
        t,
    ));
    let t = time(opts, |_| {
        let p = store.orders().list(&OrderQuery {
            page_size: 50,
            shipped: Some(chainbook_store::orders::ShippedIn {
                from: year.from.unwrap_or(as_of),
                to: as_of,
            }),
            ..Default::default()
        })?;
        Ok((p.total, None))
    })?;
    out.push(figure(
        "analytics",
        "drill-down: first page of the orders shipped in the year, slowest first".to_string(),
        Some(DRILL_TARGET_MS),
        t,
    ));
    crate::scorecard::scorecard_figures(store, bare, opts, out)
}

/// Every CNY customer's value for the default year, as JSON, for the independent check in
/// `tests/crosscheck/analytics.py`.
pub fn write_analytics_json(db: &Path, out: &Path) -> Result<()> {
    let store = chainbook_store::Store::open(db)?;
    let as_of = chrono::NaiveDate::parse_from_str(
        &chainbook_datagen::orders::date_text(chainbook_datagen::orders::TODAY),
        "%Y-%m-%d",
    )?;
    let values = store
        .analytics()
        .customer_values(&chainbook_store::analytics::Period::year_to(as_of), "CNY")?;
    let rows: Vec<serde_json::Value> = values
        .iter()
        .map(|v| {
            json!({
                "code": v.activity.code,
                "revenue": v.activity.revenue.to_string(),
                "orders": v.activity.orders,
                "tier": v.tier.as_str(),
                "rfm": v.rfm.map(|(r, f, m, s)| json!([r, f, m, s.as_str()])),
                "lifecycle": v.lifecycle.as_ref().map(|l| l.stage.as_str()),
            })
        })
        .collect();
    // The dashboard's figures for the same year, which the script recomputes from the raw
    // tables (status history, shipments, returns, stock movements, purchase lines).
    let period = chainbook_store::analytics::Period::year_to(as_of);
    let d = store
        .analytics()
        .dashboard(&chainbook_store::analytics::DashboardQuery {
            period,
            currency: "CNY".into(),
            segment: None,
        })?;
    let (supply, _) = store.analytics().supply(&period)?;
    let c = &d.current;
    let dashboard = json!({
        "revenue": c.revenue.to_string(),
        "orders": c.orders,
        "buyers": c.buyers,
        "delivered": c.order.deliveries.delivered,
        "with_promise": c.order.deliveries.with_promise,
        "on_time": c.order.deliveries.on_time,
        "accurate": c.order.deliveries.accurate,
        "perfect": c.order.deliveries.perfect,
        "processing": c.order.processing_hours.map(|h| json!([h.median, h.p90, h.count])),
        "months": d.revenue_by_month.iter().map(|m| json!([m.month, m.revenue.to_string()])).collect::<Vec<_>>(),
        "lifecycle": d.lifecycle.iter().map(|(s, n)| json!([s.as_str(), n])).collect::<Vec<_>>(),
        "cogs": supply.cogs.to_string(),
        "average_inventory_value": supply.average_inventory_value.to_string(),
        "po_lines_due": supply.po_lines_due,
        "po_lines_on_time": supply.po_lines_on_time,
        "received_milli": supply.received_milli,
        "rejected_milli": supply.rejected_milli,
    });
    std::fs::write(
        out,
        serde_json::to_string(
            &json!({ "as_of": as_of.to_string(), "customers": rows, "dashboard": dashboard }),
        )?,
    )?;
    println!("wrote {} customers to {}", rows.len(), out.display());
    Ok(())
}
