//! Record pages and the purchasing list on the orders dataset, where they hold five years of
//! history: the customer 360 page, the product page, the supplier page, the purchase order
//! list and the purchase order page (record pages ≤ 20 ms p95, list pages ≤ 30 ms).
//!
//! Each page is timed as its command reads it (src-tauri/src/commands.rs), on the record with
//! the most history and on typical ones:
//! - customer 360: `get_customer_detail` + `customer_timeline(id, 100)` (interactions, orders,
//!   complaints and surveys merged, newest first);
//! - product page: `get_product` + `movements(id, 200)` + `stock_series(id)` (the chart: the
//!   balance at the end of each day over the whole ledger);
//! - supplier page: `get_supplier` + `supplied_by` + `contracts_of` + `evaluations_of` + the
//!   first page of its purchase orders;
//! - purchase orders: `list_purchase_orders` unfiltered (first and middle page), open only,
//!   and one supplier's; `get_purchase_order` for orders from all over the list.
//!
//! Bare equivalents where the read is one query: the chart's daily balances (a window sum over
//! the product's movements grouped by day) and the purchase order list's count and page.

use chainbook_store::purchasing::PoQuery;
use chainbook_store::Store;
use rusqlite::Connection;
use uuid::Uuid;

use crate::{
    compare, drain, figure, time, Figure, Options, Result, LIST_TARGET_MS, PAGE_SIZE,
    RECORD_TARGET_MS,
};

/// Entries the customer 360 page asks for.
const TIMELINE_LIMIT: u32 = 100;
/// Movements the product page shows.
const MOVEMENTS_SHOWN: u32 = 200;

/// The ids of `sql`'s rows (one text column).
fn ids(bare: &Connection, sql: &str) -> Result<Vec<Uuid>> {
    let mut stmt = bare.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for id in rows {
        out.push(Uuid::try_parse(&id?)?);
    }
    Ok(out)
}

/// Runs the record pages and the purchase order list on the orders dataset.
pub fn record_figures(
    store: &Store,
    bare: &Connection,
    opts: &Options,
    out: &mut Vec<Figure>,
) -> Result<()> {
    customer_pages(store, bare, opts, out)?;
    product_pages(store, bare, opts, out)?;
    supplier_pages(store, bare, opts, out)?;
    purchase_orders(store, bare, opts, out)?;
    Ok(())
}

fn customer_pages(
    store: &Store,
    bare: &Connection,
    opts: &Options,
    out: &mut Vec<Figure>,
) -> Result<()> {
    let busiest = ids(
        bare,
        "SELECT customer_id FROM sales_orders WHERE deleted = 0
         GROUP BY customer_id ORDER BY count(*) DESC, customer_id LIMIT 1",
    )?;
    let typical = ids(
        bare,
        "SELECT customer_id FROM sales_orders WHERE deleted = 0
         GROUP BY customer_id ORDER BY customer_id LIMIT 20",
    )?;
    for (what, set) in [
        (
            "customer 360 page, the customer with the most orders",
            busiest,
        ),
        ("customer 360 page, 20 customers", typical),
    ] {
        if set.is_empty() {
            continue;
        }
        let t = time(opts, |i| {
            let id = set[i % set.len()];
            let d = store.customers().detail(id)?;
            std::hint::black_box(&d);
            let tl = store.interactions().timeline(id, TIMELINE_LIMIT)?;
            Ok((tl.len() as u64, None))
        })?;
        out.push(figure("records", what.into(), Some(RECORD_TARGET_MS), t));
    }
    Ok(())
}

fn product_pages(
    store: &Store,
    bare: &Connection,
    opts: &Options,
    out: &mut Vec<Figure>,
) -> Result<()> {
    let busiest = ids(
        bare,
        "SELECT product_id FROM stock_movements WHERE deleted = 0
         GROUP BY product_id ORDER BY count(*) DESC, product_id LIMIT 1",
    )?;
    let typical = ids(
        bare,
        "SELECT id FROM products WHERE deleted = 0 AND active = 1 ORDER BY id LIMIT 20",
    )?;
    // The chart's daily balances in one statement (shipments are stored negative).
    let mut series = bare.prepare(
        "SELECT at, sum(q) OVER (ORDER BY at) FROM (
             SELECT max(occurred_at) AS at, sum(qty_milli) AS q FROM stock_movements
             WHERE product_id = ?1 AND deleted = 0 GROUP BY substr(occurred_at, 1, 10))",
    )?;
    for (what, set) in [
        ("product page, the product with the most movements", busiest),
        ("product page, 20 products", typical),
    ] {
        if set.is_empty() {
            continue;
        }
        let (mut points, mut moves) = (0, 0);
        let t = time(opts, |i| {
            let id = set[i % set.len()];
            std::hint::black_box(store.products().get(id)?);
            let m = store.stock().movements(id, MOVEMENTS_SHOWN)?;
            let s = store.stock().series(id)?;
            points = s.len();
            moves = m.len();
            Ok((m.len() as u64, None))
        })?;
        let all: i64 = bare.query_row(
            "SELECT count(*) FROM stock_movements WHERE product_id = ?1 AND deleted = 0",
            [set[0].to_string()],
            |r| r.get(0),
        )?;
        let mut ours = figure(
            "records",
            format!("{what} ({all} movements: {moves} shown, {points} chart days)"),
            Some(RECORD_TARGET_MS),
            t,
        );
        let b = time(opts, |i| {
            let id = set[i % set.len()].to_string();
            Ok((drain(&mut series, &[&id])?, None))
        })?;
        let b = figure("bare", format!("bare daily balances, {what}"), None, b);
        compare(&mut ours, &b);
        out.push(ours);
        out.push(b);
    }
    Ok(())
}

fn supplier_pages(
    store: &Store,
    bare: &Connection,
    opts: &Options,
    out: &mut Vec<Figure>,
) -> Result<()> {
    let busiest = ids(
        bare,
        "SELECT supplier_id FROM purchase_orders WHERE deleted = 0
         GROUP BY supplier_id ORDER BY count(*) DESC, supplier_id LIMIT 1",
    )?;
    if busiest.is_empty() {
        return Ok(());
    }
    let id = busiest[0];
    let t = time(opts, |_| {
        std::hint::black_box(store.suppliers().get(id)?);
        let supplies = store.suppliers().supplied_by(id)?;
        std::hint::black_box(store.suppliers().contracts_of(id)?);
        std::hint::black_box(store.suppliers().evaluations_of(id)?);
        let pos = store.purchasing().list(&PoQuery {
            page: 0,
            page_size: PAGE_SIZE,
            supplier_id: Some(id),
            ..Default::default()
        })?;
        std::hint::black_box(pos.total);
        Ok((supplies.len() as u64, None))
    })?;
    out.push(figure(
        "records",
        "supplier page, the supplier with the most purchase orders".into(),
        Some(RECORD_TARGET_MS),
        t,
    ));
    Ok(())
}

fn purchase_orders(
    store: &Store,
    bare: &Connection,
    opts: &Options,
    out: &mut Vec<Figure>,
) -> Result<()> {
    let all = PoQuery {
        page: 0,
        page_size: PAGE_SIZE,
        ..Default::default()
    };
    let total = store.purchasing().list(&all)?.total;
    if total == 0 {
        return Ok(());
    }
    let pages = total.div_ceil(u64::from(PAGE_SIZE)) as u32;
    let mut count = bare.prepare("SELECT count(*) FROM purchase_orders WHERE deleted = 0")?;
    let mut page_stmt = bare.prepare(
        "SELECT o.id, o.number, s.name, o.status, o.currency, o.created_at,
            (SELECT count(*) FROM po_lines l WHERE l.po_id = o.id AND l.deleted = 0)
         FROM purchase_orders o JOIN suppliers s ON s.id = o.supplier_id
         WHERE o.deleted = 0 ORDER BY o.created_at DESC, o.id DESC LIMIT ?1 OFFSET ?2",
    )?;
    crate::list_pair(
        "records",
        "purchase orders all",
        &[0, pages / 2],
        pages,
        opts,
        |page| {
            let p = store.purchasing().list(&PoQuery {
                page,
                ..all.clone()
            })?;
            Ok((p.items.len() as u64, p.total))
        },
        &mut count,
        &mut page_stmt,
        out,
    )?;
    let busiest = ids(
        bare,
        "SELECT supplier_id FROM purchase_orders WHERE deleted = 0
         GROUP BY supplier_id ORDER BY count(*) DESC, supplier_id LIMIT 1",
    )?;
    for (what, q) in [
        (
            "purchase orders open (sent or partly received), page 1".to_owned(),
            PoQuery {
                open_only: true,
                ..all.clone()
            },
        ),
        (
            "purchase orders of the busiest supplier, page 1".to_owned(),
            PoQuery {
                supplier_id: busiest.first().copied(),
                ..all.clone()
            },
        ),
    ] {
        let t = time(opts, |_| {
            let p = store.purchasing().list(&q)?;
            Ok((p.items.len() as u64, Some(p.total)))
        })?;
        out.push(figure("records", what, Some(LIST_TARGET_MS), t));
    }
    // Orders from all over the list, for the purchase order page.
    let mut sample = Vec::new();
    for k in 0..10u32 {
        let p = store.purchasing().list(&PoQuery {
            page: pages * k / 10,
            ..all.clone()
        })?;
        sample.extend(p.items.iter().map(|o| o.id));
    }
    let t = time(opts, |i| {
        let po = store.purchasing().get(sample[i % sample.len()])?;
        Ok((po.lines.len() as u64, None))
    })?;
    out.push(figure(
        "records",
        format!("purchase order page ({} orders)", sample.len()),
        Some(RECORD_TARGET_MS),
        t,
    ));
    Ok(())
}
