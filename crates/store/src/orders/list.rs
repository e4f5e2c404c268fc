//! The order list at a million orders: counts from the derived per-day counts, pages found in
//! an index before anything is joined, totals from one query per page.

use chainbook_core::analytics::kpi::DeliveryShortfall;
use chainbook_core::order::OrderStatus;
use chrono::NaiveDate;
use rusqlite::params_from_iter;
use rusqlite::types::Value as SqlValue;
use rust_decimal::Decimal;
use serde_json::json;
use uuid::Uuid;

use super::read::line_money;
use super::totals::{perfect_sql, ACCURATE_SQL, PROCESSING_SECS_SQL};
use super::{is_late, DeliveredIn, OrderEntry, OrderQuery, OrderSummary, Orders, ShippedIn};
use crate::paging::{check_page_size, offset, Filter, Page, PAGE_SIZE_MAX};
use crate::row::RowExt;
use crate::{Read, Result, StoreError};

/// The statuses of open orders (not delivered, closed or cancelled), as written in the partial
/// index `sales_orders_open` (a query must repeat it word for word for the index to serve).
const OPEN_STATUSES: &str = "('draft', 'confirmed', 'picking', 'shipped')";

/// One page of orders matching `q`, newest first.
///
/// The total comes from `so_counts` (live orders by creation day, order date and status, kept
/// by triggers) when the list is filtered by status and order dates only; the same counts say
/// which creation days hold the page, so the page query starts at the right day instead of
/// stepping over every newer order. A customer's orders are counted and paged through
/// `sales_orders_by_customer`, late ones through the partial index of open orders. Totals come
/// from one query for the lines of the orders shown.
fn list(db: &Read<'_>, q: &OrderQuery) -> Result<Page<OrderSummary>> {
    check_page_size(q.page_size)?;
    let today = q.today.unwrap_or_else(|| db.now.date_naive());
    let mut f = Filter::new("o.deleted = 0");
    f.eq("o.status", q.status.map(|s| s.as_str()))
        .eq("o.customer_id", q.customer_id.map(|c| c.to_string()));
    if let Some(from) = q.from {
        f.and("o.ordered_on >= ?", [SqlValue::Text(from.to_string())]);
    }
    if let Some(to) = q.to {
        f.and("o.ordered_on <= ?", [SqlValue::Text(to.to_string())]);
    }
    if q.late_only {
        // Written as the partial index `sales_orders_open` is, so that it serves.
        f.and(
            format!("o.status IN {OPEN_STATUSES} AND o.promised_on <> '' AND o.promised_on < ?"),
            [SqlValue::Text(today.to_string())],
        );
    }
    match (q.delivered, q.shipped) {
        (Some(_), Some(_)) => {
            return Err(StoreError::Invalid(chainbook_core::ValidationError::new(
                chainbook_core::ErrorCode::InvalidArgument,
                "shipped",
                "an order list shows the orders behind one figure at a time",
            )))
        }
        (Some(d), None) => return delivered(db, q, f, today, d),
        (None, Some(s)) => return slowest(db, q, f, today, s),
        (None, None) => {}
    }
    // Open orders are a few percent of all: without a customer (whose index is smaller
    // still), late orders are counted and listed from their partial index alone, whatever
    // the planner would guess without statistics.
    let from_table = if q.late_only && q.customer_id.is_none() {
        "sales_orders o INDEXED BY sales_orders_open"
    } else {
        "sales_orders o"
    };
    let offset = offset(q.page, q.page_size);
    let (total, window) = if q.customer_id.is_none() && !q.late_only {
        let days = count_by_creation_day(db, q)?;
        let total = days.iter().map(|(_, n)| n).sum::<u64>();
        (total, page_window(&days, offset)?)
    } else {
        let n = db.count(
            &format!("SELECT count(*) FROM {from_table} WHERE {}", f.sql()),
            f.args(),
        )?;
        (n, None)
    };
    if offset >= total {
        return Ok(Page::empty(total, q.page, q.page_size));
    }
    let mut skip = offset;
    if let Some(w) = &window {
        f.and(
            "o.created_at < ? AND o.created_at >= ?",
            [
                SqlValue::Text(w.before.clone()),
                SqlValue::Text(w.from.clone()),
            ],
        );
        skip -= w.skipped;
    }
    // The page's rows are found in an index first and joined afterwards, so skipped rows
    // cost an index step each, not a row and a customer.
    let sql = format!(
        "SELECT o.id, o.number, o.customer_id, c.name, o.status, o.currency, o.ordered_on,
            o.promised_on, o.created_at, NULL
         FROM (SELECT o.rowid AS rid FROM {from_table} WHERE {}
               ORDER BY o.created_at DESC, o.id DESC LIMIT ? OFFSET ?) p
         JOIN sales_orders o ON o.rowid = p.rid
         JOIN customers c ON c.id = o.customer_id
         ORDER BY o.created_at DESC, o.id DESC",
        f.sql()
    );
    page_of(db, q, &sql, &f, skip, total, today)
}

/// The orders first delivered in a period (their first delivery's UTC day) that fell short
/// of a delivery figure — late, inaccurate or not perfect, as `analytics::orders` counts
/// them — matching `f`, the latest delivery first. Late ones come from the partial index of
/// late deliveries (`so_totals_late`), so a page costs its rows and the total one count over
/// that index however many orders the period delivered; the others walk the period's
/// deliveries in `so_totals`. Without other filters the total needs no order row at all
/// (`so_totals` holds live orders only).
fn delivered(
    db: &Read<'_>,
    q: &OrderQuery,
    mut f: Filter,
    today: NaiveDate,
    d: DeliveredIn,
) -> Result<Page<OrderSummary>> {
    // The late test is written as the partial index is, so that it serves.
    let (index, cond) = match d.shortfall {
        DeliveryShortfall::Late => (
            "so_totals_late",
            "t.promised_on <> '' AND t.delivered_on > t.promised_on".to_owned(),
        ),
        DeliveryShortfall::Inaccurate => ("so_totals_by_delivered", format!("NOT {ACCURATE_SQL}")),
        DeliveryShortfall::Imperfect => {
            ("so_totals_by_delivered", format!("NOT {}", perfect_sql()))
        }
    };
    let shortfall = format!("t.delivered_on >= ? AND t.delivered_on <= ? AND {cond}");
    let range = [
        SqlValue::Text(d.from.to_string()),
        SqlValue::Text(d.to.to_string()),
    ];
    let only_these = q.status.is_none()
        && q.customer_id.is_none()
        && q.from.is_none()
        && q.to.is_none()
        && !q.late_only;
    let total = if only_these {
        db.count(
            &format!("SELECT count(*) FROM so_totals t INDEXED BY {index} WHERE {shortfall}"),
            &range,
        )?
    } else {
        let mut args = range.to_vec();
        args.extend(f.args().iter().cloned());
        db.count(
            &format!(
                "SELECT count(*) FROM so_totals t INDEXED BY {index}
                 JOIN sales_orders o ON o.id = t.order_id WHERE {shortfall} AND {}",
                f.sql()
            ),
            &args,
        )?
    };
    let offset = offset(q.page, q.page_size);
    if offset >= total {
        return Ok(Page::empty(total, q.page, q.page_size));
    }
    f.and(&shortfall, range);
    let sql = format!(
        "SELECT o.id, o.number, o.customer_id, c.name, o.status, o.currency, o.ordered_on,
            o.promised_on, o.created_at, NULL
         FROM so_totals t INDEXED BY {index}
         JOIN sales_orders o ON o.id = t.order_id
         JOIN customers c ON c.id = o.customer_id
         WHERE {}
         ORDER BY t.delivered_on DESC, t.order_id DESC LIMIT ? OFFSET ?",
        f.sql()
    );
    page_of(db, q, &sql, &f, offset, total, today)
}

/// The orders first shipped in a period after a confirmation (as the processing time counts
/// them) matching `f`, slowest first (ties: the earlier shipment first). The page walks
/// `so_totals_slowest` from the slowest order of all history and keeps the period's, so it
/// costs about its rows × (all history ÷ the period) index steps; the total is a range of
/// `so_totals_by_shipped` alone when nothing else filters.
fn slowest(
    db: &Read<'_>,
    q: &OrderQuery,
    mut f: Filter,
    today: NaiveDate,
    s: ShippedIn,
) -> Result<Page<OrderSummary>> {
    // Shipment times sort as text: the day after `to` bounds the range.
    let after = (s.to + chrono::Duration::days(1)).to_string();
    let shipped = "t.shipped_at >= ? AND t.shipped_at < ? AND t.shipped_at <> ''
         AND t.confirmed_at <> ''";
    let range = [SqlValue::Text(s.from.to_string()), SqlValue::Text(after)];
    let only_these = q.status.is_none()
        && q.customer_id.is_none()
        && q.from.is_none()
        && q.to.is_none()
        && !q.late_only;
    let total = if only_these {
        db.count(
            &format!(
                "SELECT count(*) FROM so_totals t INDEXED BY so_totals_by_shipped WHERE {shipped}"
            ),
            &range,
        )?
    } else {
        let mut args = range.to_vec();
        args.extend(f.args().iter().cloned());
        db.count(
            &format!(
                "SELECT count(*) FROM so_totals t INDEXED BY so_totals_by_shipped
                 JOIN sales_orders o ON o.id = t.order_id WHERE {shipped} AND {}",
                f.sql()
            ),
            &args,
        )?
    };
    let offset = offset(q.page, q.page_size);
    if offset >= total {
        return Ok(Page::empty(total, q.page, q.page_size));
    }
    f.and(shipped, range);
    let sql = format!(
        "SELECT o.id, o.number, o.customer_id, c.name, o.status, o.currency, o.ordered_on,
            o.promised_on, o.created_at, {PROCESSING_SECS_SQL}
         FROM so_totals t INDEXED BY so_totals_slowest
         JOIN sales_orders o ON o.id = t.order_id
         JOIN customers c ON c.id = o.customer_id
         WHERE {}
         ORDER BY {PROCESSING_SECS_SQL} DESC, t.shipped_at LIMIT ? OFFSET ?",
        f.sql()
    );
    page_of(db, q, &sql, &f, offset, total, today)
}

/// The page a list query (`sql`, ending in `LIMIT ? OFFSET ?`, with `f`'s arguments) selects
/// from `skip`, with its orders' totals.
fn page_of(
    db: &Read<'_>,
    q: &OrderQuery,
    sql: &str,
    f: &Filter,
    skip: u64,
    total: u64,
    today: NaiveDate,
) -> Result<Page<OrderSummary>> {
    let mut items = db
        .conn
        .prepare_cached(sql)?
        .query_map(params_from_iter(f.page_args(q.page_size, skip)), |r| {
            summary(r, today)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    add_gross_totals(db, &mut items)?;
    Ok(Page {
        items,
        total,
        page: q.page,
        page_size: q.page_size,
    })
}

/// An order list row (columns as the list queries select them, the processing seconds or
/// NULL last), its total still zero.
fn summary(r: &rusqlite::Row<'_>, today: NaiveDate) -> rusqlite::Result<OrderSummary> {
    let status = r.parsed(4, OrderStatus::parse)?;
    let promised_on = r.opt_date(7)?;
    Ok(OrderSummary {
        id: r.uuid(0)?,
        number: r.get(1)?,
        customer_id: r.uuid(2)?,
        customer_name: r.get(3)?,
        status,
        currency: r.get(5)?,
        total: Decimal::ZERO,
        ordered_on: r.date(6)?,
        promised_on,
        late: is_late(status, promised_on, today),
        created_at: r.time(8)?,
        processing_secs: r.get(9)?,
    })
}

/// Live orders matching `q`'s status and order dates per creation day (UTC, `YYYY-MM-DD`),
/// newest day first, days without any left out.
fn count_by_creation_day(db: &Read<'_>, q: &OrderQuery) -> Result<Vec<(String, u64)>> {
    let mut f = Filter::new("1");
    f.eq("status", q.status.map(|s| s.as_str()));
    if let Some(from) = q.from {
        f.and("ordered_on >= ?", [SqlValue::Text(from.to_string())]);
    }
    if let Some(to) = q.to {
        f.and("ordered_on <= ?", [SqlValue::Text(to.to_string())]);
    }
    let mut stmt = db.conn.prepare_cached(&format!(
        "SELECT created_day, sum(n) FROM so_counts WHERE {}
         GROUP BY created_day HAVING sum(n) > 0 ORDER BY created_day DESC",
        f.sql()
    ))?;
    let rows = stmt.query_map(params_from_iter(f.args()), |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?.max(0) as u64))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Sets each summary's total: the gross of its lines, read in one query for the page.
fn add_gross_totals(db: &Read<'_>, orders: &mut [OrderSummary]) -> Result<()> {
    if orders.is_empty() {
        return Ok(());
    }
    let ids = serde_json::Value::Array(orders.iter().map(|o| json!(o.id.to_string())).collect());
    let mut stmt = db.conn.prepare_cached(
        "SELECT order_id, qty_milli, unit_price, discount_pct, tax_rate_pct FROM so_lines
         WHERE order_id IN (SELECT value FROM json_each(?1)) AND deleted = 0",
    )?;
    let rows = stmt.query_map([ids.to_string()], |r| Ok((r.uuid(0)?, line_money(r, 1)?)))?;
    for r in rows {
        let (order, money) = r?;
        let o = orders
            .iter_mut()
            .find(|o| o.id == order)
            .ok_or_else(|| StoreError::Corrupt(format!("order {order}: line")))?;
        o.total += money.amounts(&o.currency).gross;
    }
    Ok(())
}

/// Where a page of a list counted by creation day starts.
#[derive(Debug, PartialEq, Eq)]
struct PageWindow {
    /// Rows created before this (the day after the page's first day, `YYYY-MM-DD`).
    before: String,
    /// Rows created on or after this (the oldest day with a matching order).
    from: String,
    /// Matching rows of the days after the page's first day, which the page skips.
    skipped: u64,
}

/// The window of creation days holding row `offset` of a list counted per day (newest day
/// first), or `None` when the list is empty.
fn page_window(days: &[(String, u64)], offset: u64) -> Result<Option<PageWindow>> {
    let Some((oldest, _)) = days.last() else {
        return Ok(None);
    };
    let mut skipped = 0;
    for (day, n) in days {
        if skipped + n > offset {
            let d = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
                .map_err(|_| StoreError::Corrupt(format!("order count day {day:?}")))?;
            return Ok(Some(PageWindow {
                before: (d + chrono::Duration::days(1)).to_string(),
                from: oldest.clone(),
                skipped,
            }));
        }
        skipped += n;
    }
    // Past the end: no page to read.
    Ok(None)
}

impl Orders<'_> {
    /// One page of orders, newest first, with totals and the late flag.
    pub fn list(&self, q: &OrderQuery) -> Result<Page<OrderSummary>> {
        list(&self.db, q)
    }
}

/// A customer's orders for the timeline, newest first.
pub(crate) fn customer_entries(
    db: &Read<'_>,
    customer_id: Uuid,
    limit: u32,
) -> Result<Vec<OrderEntry>> {
    let page = list(
        db,
        &OrderQuery {
            page: 0,
            page_size: limit.clamp(1, PAGE_SIZE_MAX),
            customer_id: Some(customer_id),
            ..Default::default()
        },
    )?;
    Ok(page
        .items
        .into_iter()
        .map(|o| OrderEntry {
            id: o.id,
            number: o.number,
            status: o.status,
            currency: o.currency,
            total: o.total,
            created_at: o.created_at,
        })
        .collect())
}
