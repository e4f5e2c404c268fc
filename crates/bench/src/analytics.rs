//! Customer analytics at scale (group `analytics`, on the orders dataset): the customer
//! values — revenue to the cent, ABC tiers, RFM scores and segments, computed lifecycle — of
//! every customer, for the default year and for all history, through
//! `store.analytics().customer_values`. Target (the analytics issue): ≤ 1 s at L, and ≤ 2× one
//! hand-written SQL aggregate over the same tables (bare: revenue per customer in floating
//! point, order counts and last dates, and every order date — what the formulas read, without
//! exact money or the formulas themselves).

use chainbook_datagen::orders::{date_text, TODAY};
use chainbook_store::analytics::Period;
use chainbook_store::Store;
use chrono::NaiveDate;
use rusqlite::Connection;

use crate::{compare, figure, time, Figure, Options, Result};

/// Target for all customers' values (ms).
pub const ANALYTICS_TARGET_MS: f64 = 1000.0;

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

pub fn analytics_figures(
    store: &Store,
    bare: &Connection,
    opts: &Options,
    out: &mut Vec<Figure>,
) -> Result<()> {
    let as_of = NaiveDate::parse_from_str(&date_text(TODAY), "%Y-%m-%d")?;
    for (what, period) in [
        ("the 365 days to 2026-11-23", Period::year_to(as_of)),
        ("all history", Period { from: None, as_of }),
    ] {
        let t = time(opts, |_| {
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
    Ok(())
}
