//! The command palette and the home (issue 20, items 4 and 9), on the orders dataset.
//!
//! Group `palette`: `Search::palette(q, 5)` — one query per kind (customers through their
//! search index, orders, purchase orders and complaints by number, products and suppliers by
//! code and name) — for every keystroke of typing a customer's name, a real order number and
//! a real SKU, each figure pooling that word's keystrokes. Bare: for each keystroke the same
//! rows from a plain read-only connection — the customer index's FTS5 `MATCH` (or `LIKE` on
//! its columns under three characters) and the five per-kind statements the store runs,
//! without ranking the customers.
//!
//! Group `home`: `Store::attention(today, 5)`, every group with its count and first lines,
//! "today" being the dataset's. The plan behind the reorder group is kept until the next
//! write, so the figure is the home opened again; the first opening after a write, which
//! computes the plan, is the `planning` group's plan figure plus this one.

use chainbook_datagen::orders::{date_text, TODAY};
use chainbook_store::search::palette::PALETTE_SQL;
use chainbook_store::Store;
use chrono::NaiveDate;
use rusqlite::Connection;

use crate::{compare, drain, figure, pooled, time, Figure, Options, Result, Timed};

/// Target per keystroke (p95), the customer search's.
pub const PALETTE_TARGET_MS: f64 = crate::SEARCH_TARGET_MS;
/// Target for the home (p95): a section opening.
pub const HOME_TARGET_MS: f64 = 50.0;
/// Records of each kind the palette asks for.
const PER_KIND: u32 = 5;

/// Every prefix of `word`, one per keystroke.
fn keystrokes(word: &str) -> Vec<String> {
    word.char_indices()
        .map(|(i, c)| word[..i + c.len_utf8()].to_owned())
        .collect()
}

/// Only the palette and home figures, on the orders dataset at `db` (`--only palette`).
pub fn run_palette(db: &std::path::Path, opts: &Options) -> Result<Vec<Figure>> {
    let store = Store::open(db)?;
    let bare = crate::open_bare(db)?;
    let mut out = Vec::new();
    palette_figures(&store, &bare, opts, &mut out)?;
    Ok(out)
}

pub(crate) fn palette_figures(
    store: &Store,
    bare: &Connection,
    opts: &Options,
    out: &mut Vec<Figure>,
) -> Result<()> {
    let pick = |sql: &str| -> Result<String> { Ok(bare.query_row(sql, [], |r| r.get(0))?) };
    let words = [
        (
            "a customer's name",
            pick("SELECT name FROM customers WHERE deleted = 0 ORDER BY id LIMIT 1")?,
        ),
        (
            "an order number",
            pick("SELECT number FROM sales_orders WHERE deleted = 0 ORDER BY id DESC LIMIT 1")?,
        ),
        (
            "a SKU",
            pick("SELECT sku FROM products WHERE deleted = 0 ORDER BY id LIMIT 1")?,
        ),
    ];
    let mut fts = bare.prepare(
        "SELECT customer_id FROM customer_search WHERE customer_search MATCH ?1 LIMIT 5",
    )?;
    let mut like = bare.prepare(
        "SELECT customer_id FROM customer_search
         WHERE name LIKE ?1 OR people LIKE ?1 OR initials LIKE ?1 LIMIT 5",
    )?;
    let mut kinds = PALETTE_SQL
        .iter()
        .map(|(_, sql)| bare.prepare(sql))
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut all = Vec::new();
    for (what, word) in &words {
        let typed = keystrokes(word);
        let t = time(opts, |i| {
            let r = store.search().palette(&typed[i % typed.len()], PER_KIND)?;
            let n = r.customers.len()
                + r.orders.len()
                + r.products.len()
                + r.suppliers.len()
                + r.purchase_orders.len()
                + r.complaints.len();
            Ok((n as u64, None))
        })?;
        all.push(Timed {
            times: t.times.clone(),
            rows: t.rows,
            total: None,
        });
        let mut ours = figure(
            "palette",
            format!("palette, typing {what} 「{word}」, per keystroke"),
            Some(PALETTE_TARGET_MS),
            t,
        );
        let b = time(opts, |i| {
            let q = &typed[i % typed.len()];
            let mut n = if q.chars().count() < 3 {
                drain(&mut like, &[&format!("%{q}%")])?
            } else {
                drain(&mut fts, &[&format!("\"{}\"", q.replace('"', "\"\""))])?
            };
            let upper = q.to_uppercase();
            let hi = format!("{upper}\u{10FFFF}");
            let contains = format!("%{q}%");
            for (stmt, (kind, _)) in kinds.iter_mut().zip(PALETTE_SQL) {
                n += if kind == "products" || kind == "suppliers" {
                    drain(stmt, &[&contains, q, &format!("{q}%"), &PER_KIND])?
                } else {
                    drain(stmt, &[&upper, &hi, &PER_KIND])?
                };
            }
            Ok((n, None))
        })?;
        let b = figure("bare", format!("bare palette queries, {what}"), None, b);
        compare(&mut ours, &b);
        out.push(ours);
        out.push(b);
    }
    out.push(pooled(
        "palette",
        "palette, every keystroke pooled".into(),
        Some(PALETTE_TARGET_MS),
        all,
    ));

    let today = NaiveDate::parse_from_str(&date_text(TODAY), "%Y-%m-%d")?;
    let t = time(opts, |_| {
        let groups = store.attention(today, 5)?;
        let rows: usize = groups.iter().map(|g| g.lines.len()).sum();
        Ok((rows as u64, Some(groups.iter().map(|g| g.count).sum())))
    })?;
    out.push(figure(
        "home",
        format!(
            "home: what needs attention today ({} groups)",
            chainbook_store::attention::AttentionKind::ALL.len()
        ),
        Some(HOME_TARGET_MS),
        t,
    ));
    Ok(())
}
