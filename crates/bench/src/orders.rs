//! The order list and the order page (issue 5: order list page ≤ 30 ms p95 and order page
//! ≤ 20 ms with 1,000,000 orders), on the orders dataset
//! (`chainbook_datagen::cached_orders_dataset`).
//!
//! Group `orders`: `Store::list_orders` (50 rows, newest first, each with its gross total
//! computed from its lines and the late flag) unfiltered, by status (confirmed, a few thousand
//! orders; closed, most of them), by customer (the one with the most orders and a typical
//! one), by order date (a recent month and one a year earlier) and late only — the first page
//! and, where there are more, the middle page; and `Store::get_order` (header, lines with
//! shipped and returned quantities, status history, shipments, returns) for orders taken from
//! all over the list. "Today" is the dataset's (`chainbook_datagen::orders::TODAY`,
//! 2026-11-23), so the late orders are the same on any day.
//!
//! Each list call counts its total and reads one page, as the order list does on every
//! change of filter or page. The bare equivalent is the same `count(*)` and `SELECT … ORDER BY
//! created_at DESC, id DESC LIMIT 50 OFFSET …` on a plain read-only connection with the
//! values written into the SQL, plus one query for the lines of the 50 orders shown (what the
//! totals are computed from); for the order page, the five queries that return the same rows.

use chainbook_core::order::OrderStatus;
use chainbook_datagen::orders::{date_text, TODAY};
use chainbook_store::orders::OrderQuery;
use chainbook_store::Store;
use chrono::NaiveDate;
use rusqlite::Connection;
use uuid::Uuid;

use crate::{compare, drain, figure, time, Figure, Options, Result, LIST_TARGET_MS, PAGE_SIZE};

/// Target for the order page (p95), from the issue.
pub const ORDER_PAGE_TARGET_MS: f64 = 20.0;

/// A filter of the order list, with its bare SQL `WHERE` (after `o.deleted = 0`).
struct Case {
    name: String,
    query: OrderQuery,
    bare_where: String,
    /// Also measure the middle page.
    middle: bool,
}

fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// The cases measured; customers are picked from the data (see [`customers`]).
fn cases(big: (Uuid, u64), typical: (Uuid, u64)) -> Vec<Case> {
    let today = day(&date_text(TODAY));
    let base = OrderQuery {
        page: 0,
        page_size: PAGE_SIZE,
        today,
        ..Default::default()
    };
    let case = |name: &str, query: OrderQuery, bare_where: String, middle: bool| Case {
        name: name.into(),
        query,
        bare_where,
        middle,
    };
    let status = |s: OrderStatus| OrderQuery {
        status: Some(s),
        ..base.clone()
    };
    let customer = |c: Uuid| OrderQuery {
        customer_id: Some(c),
        ..base.clone()
    };
    let range = |from: &str, to: &str| OrderQuery {
        from: day(from),
        to: day(to),
        ..base.clone()
    };
    vec![
        case("all", base.clone(), String::new(), true),
        case(
            "confirmed",
            status(OrderStatus::Confirmed),
            "AND o.status = 'confirmed'".into(),
            true,
        ),
        case(
            "closed",
            status(OrderStatus::Closed),
            "AND o.status = 'closed'".into(),
            true,
        ),
        case(
            &format!("of the biggest customer ({} orders)", big.1),
            customer(big.0),
            format!("AND o.customer_id = '{}'", big.0),
            true,
        ),
        case(
            &format!("of a typical customer ({} orders)", typical.1),
            customer(typical.0),
            format!("AND o.customer_id = '{}'", typical.0),
            false,
        ),
        case(
            "ordered 2026-10-01…31",
            range("2026-10-01", "2026-10-31"),
            "AND o.ordered_on >= '2026-10-01' AND o.ordered_on <= '2026-10-31'".into(),
            true,
        ),
        case(
            "ordered 2025-10-01…31",
            range("2025-10-01", "2025-10-31"),
            "AND o.ordered_on >= '2025-10-01' AND o.ordered_on <= '2025-10-31'".into(),
            false,
        ),
        case(
            "late",
            OrderQuery {
                late_only: true,
                ..base.clone()
            },
            format!(
                "AND o.promised_on <> '' AND o.promised_on < '{}' \
                 AND o.status NOT IN ('delivered', 'closed', 'cancelled')",
                date_text(TODAY)
            ),
            true,
        ),
        case(
            "closed, ordered 2026-10-01…31",
            OrderQuery {
                status: Some(OrderStatus::Closed),
                ..range("2026-10-01", "2026-10-31")
            },
            "AND o.status = 'closed' \
             AND o.ordered_on >= '2026-10-01' AND o.ordered_on <= '2026-10-31'"
                .into(),
            false,
        ),
    ]
}

/// The customer with the most orders and the one in the middle of those who ordered, with
/// their order counts.
fn customers(bare: &Connection) -> Result<((Uuid, u64), (Uuid, u64))> {
    let mut stmt = bare.prepare(
        "SELECT customer_id, count(*) AS n FROM sales_orders WHERE deleted = 0
         GROUP BY customer_id ORDER BY n DESC, customer_id",
    )?;
    let all: Vec<(String, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let pick = |i: usize| -> Result<(Uuid, u64)> {
        let (id, n) = all.get(i).ok_or("no orders in the dataset")?;
        Ok((Uuid::try_parse(id)?, *n as u64))
    };
    Ok((pick(0)?, pick(all.len() / 2)?))
}

/// The columns `list_orders` reads for a page.
const PAGE_COLUMNS: &str =
    "o.id, o.number, o.customer_id, c.name, o.status, o.currency, o.ordered_on, o.promised_on";

/// What the totals of a page are computed from: the lines of the orders shown.
const LINE_COLUMNS: &str = "l.order_id, l.qty_milli, l.unit_price, l.discount_pct, l.tax_rate_pct";

/// Runs the `orders` group on the orders dataset at `db`.
pub fn run_orders(db: &std::path::Path, opts: &Options) -> Result<Vec<Figure>> {
    let store = crate::open_store(db)?;
    let bare = crate::open_bare(db)?;
    let mut out = Vec::new();
    let (big, typical) = customers(&bare)?;
    for case in cases(big, typical) {
        list_figures(&store, &bare, opts, &case, &mut out)?;
    }
    order_page_figures(&store, &bare, opts, &mut out)?;
    crate::records::record_figures(&store, &bare, opts, &mut out)?;
    crate::analytics::analytics_figures(&store, &bare, opts, &mut out)?;
    crate::palette::palette_figures(&store, &bare, opts, &mut out)?;
    Ok(out)
}

fn list_figures(
    store: &Store,
    bare: &Connection,
    opts: &Options,
    case: &Case,
    out: &mut Vec<Figure>,
) -> Result<()> {
    let query = |page: u32| OrderQuery {
        page,
        ..case.query.clone()
    };
    let total = store.orders().list(&query(0))?.total;
    let pages = total.div_ceil(u64::from(PAGE_SIZE)).max(1) as u32;
    let mut count = bare.prepare(&format!(
        "SELECT count(*) FROM sales_orders o WHERE o.deleted = 0 {}",
        case.bare_where
    ))?;
    let mut page_stmt = bare.prepare(&format!(
        "SELECT {PAGE_COLUMNS} FROM sales_orders o JOIN customers c ON c.id = o.customer_id
         WHERE o.deleted = 0 {} ORDER BY o.created_at DESC, o.id DESC LIMIT ?1 OFFSET ?2",
        case.bare_where
    ))?;
    let mut lines = bare.prepare(&format!(
        "SELECT {LINE_COLUMNS} FROM so_lines l
         WHERE l.order_id IN (SELECT value FROM json_each(?1)) AND l.deleted = 0
         ORDER BY l.order_id, l.position"
    ))?;
    let mut shown = Vec::new();
    for page in if case.middle && pages > 2 {
        vec![0, pages / 2]
    } else {
        vec![0]
    } {
        let t = time(opts, |_| {
            let p = store.orders().list(&query(page))?;
            Ok((p.items.len() as u64, Some(p.total)))
        })?;
        let mut ours = figure(
            "orders",
            format!("orders {}, page {} of {pages}", case.name, page + 1),
            Some(LIST_TARGET_MS),
            t,
        );
        let offset = i64::from(page) * i64::from(PAGE_SIZE);
        let b = time(opts, |_| {
            let n: i64 = count.query_row([], |r| r.get(0))?;
            shown.clear();
            let mut rows = page_stmt.query(rusqlite::params![PAGE_SIZE, offset])?;
            while let Some(r) = rows.next()? {
                shown.push(r.get::<_, String>(0)?);
                for i in 1..8 {
                    std::hint::black_box(r.get_ref(i)?);
                }
            }
            let ids = serde_json::to_string(&shown)?;
            drain(&mut lines, &[&ids])?;
            Ok((shown.len() as u64, Some(n as u64)))
        })?;
        let b = figure(
            "bare",
            format!("bare count + page + lines, orders {} @{offset}", case.name),
            None,
            b,
        );
        compare(&mut ours, &b);
        out.push(ours);
        out.push(b);
    }
    Ok(())
}

/// Orders from all over the list (every status, old and new), for the order page.
fn sample_orders(store: &Store) -> Result<Vec<Uuid>> {
    let first = OrderQuery {
        page_size: 10,
        today: day(&date_text(TODAY)),
        ..Default::default()
    };
    let total = store.orders().list(&first)?.total;
    let pages = total.div_ceil(10).max(1) as u32;
    let mut ids = Vec::new();
    for k in 0..10 {
        let p = store.orders().list(&OrderQuery {
            page: pages * k / 10,
            ..first.clone()
        })?;
        ids.extend(p.items.iter().map(|o| o.id));
    }
    Ok(ids)
}

fn order_page_figures(
    store: &Store,
    bare: &Connection,
    opts: &Options,
    out: &mut Vec<Figure>,
) -> Result<()> {
    let ids = sample_orders(store)?;
    if ids.is_empty() {
        return Ok(());
    }
    let t = time(opts, |i| {
        let o = store.orders().get(ids[i % ids.len()])?;
        Ok((
            1 + (o.lines.len() + o.history.len() + o.shipments.len() + o.returns.len()) as u64,
            None,
        ))
    })?;
    let mut ours = figure(
        "orders",
        format!(
            "order page: header, lines, history, shipments, returns ({} orders)",
            ids.len()
        ),
        Some(ORDER_PAGE_TARGET_MS),
        t,
    );
    let mut header = bare.prepare(
        "SELECT o.number, o.customer_id, c.name, o.status, o.currency, o.channel,
            o.payment_method, o.ordered_on, o.promised_on, o.notes, o.created_at,
            o.credit_override, o.backorder
         FROM sales_orders o JOIN customers c ON c.id = o.customer_id
         WHERE o.id = ?1 AND o.deleted = 0",
    )?;
    let mut lines = bare.prepare(
        "SELECT l.id, l.product_id, p.sku, p.name, p.unit, l.qty_milli, l.unit_price,
            l.discount_pct, l.tax_rate_pct,
            (SELECT ifnull(sum(s.qty_milli), 0) FROM so_shipments s
              WHERE s.line_id = l.id AND s.deleted = 0),
            (SELECT ifnull(sum(r.qty_milli), 0) FROM so_returns r
              WHERE r.order_id = l.order_id AND r.line_id = l.id AND r.deleted = 0)
         FROM so_lines l JOIN products p ON p.id = l.product_id
         WHERE l.order_id = ?1 AND l.deleted = 0 ORDER BY l.position, l.id",
    )?;
    let mut history = bare.prepare(
        "SELECT status, at, note FROM so_status_history
         WHERE order_id = ?1 AND deleted = 0 ORDER BY at, id",
    )?;
    let mut shipments = bare.prepare(
        "SELECT line_id, shipped_on, qty_milli, carrier, tracking FROM so_shipments
         WHERE order_id = ?1 AND deleted = 0 ORDER BY shipped_on, created_at",
    )?;
    let mut returns = bare.prepare(
        "SELECT line_id, returned_on, qty_milli, reason, note FROM so_returns
         WHERE order_id = ?1 AND deleted = 0 ORDER BY returned_on, created_at",
    )?;
    let b = time(opts, |i| {
        let id = ids[i % ids.len()].to_string();
        let mut n = 0;
        for stmt in [
            &mut header,
            &mut lines,
            &mut history,
            &mut shipments,
            &mut returns,
        ] {
            n += drain(stmt, &[&id])?;
        }
        Ok((n, None))
    })?;
    let b = figure("bare", "bare order page (five queries)".into(), None, b);
    compare(&mut ours, &b);
    out.push(ours);
    out.push(b);
    Ok(())
}
