//! Every customer's values over the 365 days to today — ABC tier, RFM segment, main product
//! stage, purchase-frequency band — in the connection's temporary table
//! `temp.customer_values`, for the customer list and segments that filter on them. Filled on
//! first use and again after any write or when the day changes (the read handle remembers for
//! which day and write it was filled); never stored in the database.

use std::collections::HashMap;

use chainbook_core::analytics::abc::AbcTier;
use chainbook_core::analytics::behaviour::{frequency_band, main_stage};
use chainbook_core::product::ProductStage;
use rusqlite::params;

use super::{Analytics, Period, SOLD};
use crate::read::Read;
use crate::Result;

/// `customer_id IN (…)` of the customers whose values match, or `None` when the filter does
/// not use them. The table must be filled first ([`ensure`]).
pub(crate) fn clause(f: &chainbook_core::segment::CustomerFilter) -> Option<(String, Vec<String>)> {
    if !f.uses_values() {
        return None;
    }
    let mut conds = Vec::new();
    let mut args = Vec::new();
    let mut any_of = |column: &str, values: Vec<&str>| {
        if !values.is_empty() {
            conds.push(format!(
                "{column} IN ({})",
                vec!["?"; values.len()].join(", ")
            ));
            args.extend(values.into_iter().map(str::to_owned));
        }
    };
    any_of("tier", f.tiers.iter().map(|t| t.as_str()).collect());
    any_of("rfm", f.rfm_segments.iter().map(|t| t.as_str()).collect());
    any_of(
        "stage",
        f.product_stages.iter().map(|t| t.as_str()).collect(),
    );
    any_of(
        "band",
        f.frequency_bands.iter().map(|t| t.as_str()).collect(),
    );
    Some((
        format!(
            "SELECT customer_id FROM temp.customer_values WHERE {}",
            conds.join(" AND ")
        ),
        args,
    ))
}

/// Fills `temp.customer_values` unless it holds today's values already.
pub(crate) fn ensure(db: &Read<'_>) -> Result<()> {
    let today = db.now.date_naive();
    if db.values_fresh(today) {
        return Ok(());
    }
    let conn = db.conn;
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS customer_values (
            customer_id TEXT PRIMARY KEY, tier TEXT NOT NULL, rfm TEXT, stage TEXT,
            band TEXT NOT NULL) WITHOUT ROWID;
         DELETE FROM temp.customer_values;",
    )?;
    let period = Period::year_to(today);
    let analytics = Analytics { db: *db };
    // Line values per customer and product stage (floating point: only their order counts).
    let mut stages: HashMap<String, Vec<(ProductStage, f64)>> = HashMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT t.customer_id, p.stage,
                total(l.qty_milli * CAST(l.unit_price AS REAL)
                      * (100 - CAST(l.discount_pct AS REAL)))
         FROM so_totals t JOIN so_lines l ON l.order_id = t.order_id AND l.deleted = 0
         JOIN products p ON p.id = l.product_id
         WHERE t.status IN {SOLD} AND t.ordered_on >= ?1 AND t.ordered_on <= ?2
         GROUP BY t.customer_id, p.stage"
    ))?;
    for row in stmt.query_map(params![period.first_day_text(), period.as_of_text()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, f64>(2)?,
        ))
    })? {
        let (customer, stage, value) = row?;
        if let Some(stage) = ProductStage::parse(&stage) {
            stages.entry(customer).or_default().push((stage, value));
        }
    }
    let mut insert = conn.prepare_cached(
        "INSERT INTO temp.customer_values (customer_id, tier, rfm, stage, band)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for currency in analytics.currencies()? {
        for v in analytics.shared_values(&period, &currency)?.iter() {
            let id = v.activity.customer_id.to_string();
            let stage = stages.get(&id).and_then(|s| main_stage(s));
            insert.execute(params![
                id,
                v.tier.as_str(),
                v.rfm.map(|r| r.3.as_str()),
                stage.map(|s| s.as_str()),
                frequency_band(v.activity.orders).as_str(),
            ])?;
        }
    }
    // Customers outside every analysis (none buys in their currency) are C, rarely buying.
    conn.execute(
        &format!(
            "INSERT OR IGNORE INTO temp.customer_values (customer_id, tier, band)
             SELECT id, '{}', 'none' FROM customers WHERE deleted = 0",
            AbcTier::C.as_str()
        ),
        [],
    )?;
    db.values_filled(today);
    Ok(())
}
