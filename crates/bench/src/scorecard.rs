//! The supplier scorecard at scale (group `scorecard`, run with the analytics figures on the
//! orders dataset, whose purchase orders and receipts it reads; alone with `--only scorecard`): every supplier's scorecard of
//! a quarter (`Suppliers::scorecards`, the ranking; target ≤ 500 ms at L) and one supplier's
//! page with a year of monthly history and the records behind its inputs
//! (`Suppliers::scorecard`, 12 months; target ≤ 50 ms), for the supplier with the most lines
//! due in the quarter. Bare: the ranking's counts as plain SQL aggregates per supplier (lines
//! due and on time, receipts, complaints) without prices, evaluations or the rules.

use chainbook_core::scorecard::{PeriodKind, ScorePeriod};
use chainbook_datagen::orders::{date_text, TODAY};
use chainbook_store::Store;
use chrono::NaiveDate;
use rusqlite::Connection;

use crate::{compare, figure, time, Figure, Options, Result};

/// Every supplier's scorecard of a quarter (ms, at L).
pub const RANKING_TARGET_MS: f64 = 500.0;
/// One supplier's page with a year of history (ms).
pub const PAGE_TARGET_MS: f64 = 50.0;

fn bare_ranking(bare: &Connection, from: &str, to: &str) -> Result<u64> {
    let mut n = 0u64;
    let mut due = bare.prepare_cached(
        "SELECT o.supplier_id, count(*), total(
                (SELECT total(r.accepted_milli + r.rejected_milli) FROM po_receipts r INDEXED BY po_receipts_by_line
                 WHERE r.po_line_id = l.id AND r.deleted = 0 AND r.received_on <= l.expected_on)
                >= l.qty_milli)
         FROM purchase_orders o JOIN po_lines l ON l.po_id = o.id AND l.deleted = 0
         WHERE o.deleted = 0 AND o.status NOT IN ('draft', 'cancelled')
             AND l.expected_on >= ?1 AND l.expected_on <= ?2
         GROUP BY o.supplier_id",
    )?;
    n += due.query_map([from, to], |_| Ok(()))?.count() as u64;
    let mut receipts = bare.prepare_cached(
        "SELECT o.supplier_id, total(r.accepted_milli), total(r.rejected_milli), count(*)
         FROM purchase_orders o JOIN po_lines l ON l.po_id = o.id
             JOIN po_receipts r ON r.po_line_id = l.id
         WHERE r.deleted = 0 AND r.received_on >= ?1 AND r.received_on <= ?2
         GROUP BY o.supplier_id",
    )?;
    n += receipts.query_map([from, to], |_| Ok(()))?.count() as u64;
    Ok(n)
}

/// Runs the scorecard figures alone on the orders dataset at `db` (`--only scorecard`).
pub fn run_scorecard(db: &std::path::Path, opts: &Options) -> Result<Vec<Figure>> {
    let store = Store::open(db)?;
    let bare = crate::open_bare(db)?;
    let mut out = Vec::new();
    scorecard_figures(&store, &bare, opts, &mut out)?;
    Ok(out)
}

pub fn scorecard_figures(
    store: &Store,
    bare: &Connection,
    opts: &Options,
    out: &mut Vec<Figure>,
) -> Result<()> {
    let today = NaiveDate::parse_from_str(&date_text(TODAY), "%Y-%m-%d")?;
    // The last whole quarter before the generator's today.
    let quarter = ScorePeriod::containing(PeriodKind::Quarter, today).previous();
    let t = time(opts, |_| {
        let all = store.suppliers().scorecards(quarter)?;
        Ok((
            all.iter().filter(|s| s.card.score.is_some()).count() as u64,
            None,
        ))
    })?;
    let mut ours = figure(
        "scorecard",
        format!(
            "every supplier's scorecard of {} (the ranking)",
            quarter.label()
        ),
        Some(RANKING_TARGET_MS),
        t,
    );
    let (from, to) = (quarter.first.to_string(), quarter.last().to_string());
    let b = time(opts, |_| Ok((bare_ranking(bare, &from, &to)?, None)))?;
    let bare_fig = figure(
        "scorecard",
        format!(
            "bare lines due, on time and receipts per supplier, {}",
            quarter.label()
        ),
        None,
        b,
    );
    compare(&mut ours, &bare_fig);
    out.push(ours);
    out.push(bare_fig);

    let busiest = store
        .suppliers()
        .scorecards(quarter)?
        .into_iter()
        .max_by_key(|s| s.inputs.lines_due)
        .map(|s| (s.supplier_id, s.inputs.lines_due));
    if let Some((id, lines)) = busiest {
        let month = ScorePeriod::containing(PeriodKind::Month, quarter.last());
        let t = time(opts, |_| {
            let page = store.suppliers().scorecard(id, month, 12)?;
            Ok((page.history.len() as u64, None))
        })?;
        out.push(figure(
            "scorecard",
            format!(
                "one supplier's scorecard page, 12 months of history to {} ({lines} lines due in the quarter)",
                month.label()
            ),
            Some(PAGE_TARGET_MS),
            t,
        ));
    }
    Ok(())
}
