//! The complaint list, the complaint page and the satisfaction figures (issue 6: complaint
//! list ≤ 30 ms p95 with 100,000 complaints), on the complaints dataset
//! (`chainbook_datagen::cached_complaints_dataset`).
//!
//! Group `complaints`: `Store::list_complaints` (50 rows, newest first) unfiltered (first and
//! middle page), open only, breached only (with `now` fixed at the dataset's today,
//! 2026-11-23, so the figures do not move with the calendar), by severity (critical), by
//! customer (the one with the most complaints), by root-cause supplier (the carrier named
//! most); `Store::get_complaint` (the complaint with its customer, supplier and timeline) for
//! complaints from all over the list; `Store::satisfaction` for the last 90 days overall and
//! for one customer. Each beside the same SQL on a plain read-only connection with the values
//! written into it (count + page; the page's two queries; the scores).

use chainbook_core::complaint::Severity;
use chainbook_datagen::orders::{date_text, TODAY};
use chainbook_store::complaints::ComplaintQuery;
use chainbook_store::Store;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rusqlite::Connection;
use uuid::Uuid;

use crate::{compare, drain, figure, time, Figure, Options, Result, LIST_TARGET_MS, PAGE_SIZE};

/// Target for the complaint page (p95): a record page.
pub const COMPLAINT_PAGE_TARGET_MS: f64 = 20.0;

struct Case {
    name: String,
    query: ComplaintQuery,
    bare_where: String,
    middle: bool,
}

/// The dataset's today at midnight UTC: the store's clock, so "breached" is measured against
/// the dataset's day.
fn now() -> DateTime<Utc> {
    Utc.timestamp_opt(TODAY * 86_400, 0)
        .single()
        .unwrap_or_default()
}

/// The most frequent value of `col` among live complaints (where it is set), with its count.
fn most(bare: &Connection, col: &str) -> Result<Option<(Uuid, u64)>> {
    let r: Option<(String, i64)> = bare
        .query_row(
            &format!(
                "SELECT {col}, count(*) AS n FROM complaints WHERE deleted = 0 AND {col} <> ''
                 GROUP BY {col} ORDER BY n DESC, {col} LIMIT 1"
            ),
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .ok();
    Ok(match r {
        Some((id, n)) => Some((Uuid::try_parse(&id)?, n as u64)),
        None => None,
    })
}

fn cases(customer: Option<(Uuid, u64)>, supplier: Option<(Uuid, u64)>) -> Vec<Case> {
    let base = ComplaintQuery {
        page: 0,
        page_size: PAGE_SIZE,
        ..Default::default()
    };
    let n = now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let mut v = vec![
        Case {
            name: "all".into(),
            query: base.clone(),
            bare_where: String::new(),
            middle: true,
        },
        Case {
            name: "open".into(),
            query: ComplaintQuery {
                open_only: true,
                ..base.clone()
            },
            bare_where: "AND c.status IN ('new', 'acknowledged', 'investigating')".into(),
            middle: true,
        },
        Case {
            name: "breached".into(),
            query: ComplaintQuery {
                breached_only: true,
                ..base.clone()
            },
            bare_where: format!(
                "AND c.resolution_due <> '' AND (
                    (c.responded_at = '' AND c.first_response_due < '{n}')
                 OR (c.responded_at > c.first_response_due)
                 OR (c.resolved_at = '' AND c.resolution_due < '{n}')
                 OR (c.resolved_at > c.resolution_due))"
            ),
            middle: true,
        },
        Case {
            name: "critical".into(),
            query: ComplaintQuery {
                severity: Some(Severity::Critical),
                ..base.clone()
            },
            bare_where: "AND c.severity = 'critical'".into(),
            middle: true,
        },
    ];
    if let Some((c, k)) = customer {
        v.push(Case {
            name: format!("of the customer with the most ({k})"),
            query: ComplaintQuery {
                customer_id: Some(c),
                ..base.clone()
            },
            bare_where: format!("AND c.customer_id = '{c}'"),
            middle: false,
        });
    }
    if let Some((s, k)) = supplier {
        v.push(Case {
            name: format!("naming the supplier named most ({k})"),
            query: ComplaintQuery {
                supplier_id: Some(s),
                ..base.clone()
            },
            bare_where: format!("AND c.supplier_id = '{s}'"),
            middle: true,
        });
    }
    v
}

/// Runs the `complaints` group on the complaints dataset at `db`.
pub fn run_complaints(db: &std::path::Path, opts: &Options) -> Result<Vec<Figure>> {
    let store = Store::open_with_clock(db, Box::new(now))?;
    let bare = crate::open_bare(db)?;
    let mut out = Vec::new();
    let customer = most(&bare, "customer_id")?;
    let supplier = most(&bare, "supplier_id")?;
    for case in cases(customer, supplier) {
        list_figures(&store, &bare, opts, &case, &mut out)?;
    }
    page_figures(&store, &bare, opts, &mut out)?;
    satisfaction_figures(&store, &bare, opts, customer.map(|c| c.0), &mut out)?;
    Ok(out)
}

const PAGE_COLUMNS: &str = "c.id, c.number, c.kind, c.customer_id, cu.name, c.category, \
     c.severity, c.status, c.assignee, c.opened_at, c.first_response_due, c.resolution_due, \
     c.responded_at, c.resolved_at, s.name";

fn list_figures(
    store: &Store,
    bare: &Connection,
    opts: &Options,
    case: &Case,
    out: &mut Vec<Figure>,
) -> Result<()> {
    let query = |page: u32| ComplaintQuery {
        page,
        ..case.query.clone()
    };
    let total = store.complaints().list(&query(0))?.total;
    let pages = total.div_ceil(u64::from(PAGE_SIZE)).max(1) as u32;
    let count_sql = format!(
        "SELECT count(*) FROM complaints c WHERE c.deleted = 0 {}",
        case.bare_where
    );
    let page_sql = format!(
        "SELECT {PAGE_COLUMNS} FROM complaints c JOIN customers cu ON cu.id = c.customer_id
         LEFT JOIN suppliers s ON s.id = c.supplier_id
         WHERE c.deleted = 0 {} ORDER BY c.opened_at DESC, c.id DESC LIMIT ?1 OFFSET ?2",
        case.bare_where
    );
    for page in if case.middle && pages > 2 {
        vec![0, pages / 2]
    } else {
        vec![0]
    } {
        let t = time(opts, |_| {
            let p = store.complaints().list(&query(page))?;
            Ok((p.items.len() as u64, Some(p.total)))
        })?;
        let mut ours = figure(
            "complaints",
            format!("complaints {}, page {} of {pages}", case.name, page + 1),
            Some(LIST_TARGET_MS),
            t,
        );
        let offset = i64::from(page) * i64::from(PAGE_SIZE);
        let mut count = bare.prepare(&count_sql)?;
        let mut page_stmt = bare.prepare(&page_sql)?;
        let b = time(opts, |_| {
            let n: i64 = count.query_row([], |r| r.get(0))?;
            let mut k = 0u64;
            let mut rows = page_stmt.query(rusqlite::params![PAGE_SIZE, offset])?;
            while let Some(r) = rows.next()? {
                for i in 0..15 {
                    std::hint::black_box(r.get_ref(i)?);
                }
                k += 1;
            }
            Ok((k, Some(n as u64)))
        })?;
        let b = figure(
            "bare",
            format!("bare count + page, complaints {} @{offset}", case.name),
            None,
            b,
        );
        compare(&mut ours, &b);
        out.push(ours);
        out.push(b);
    }
    Ok(())
}

fn page_figures(
    store: &Store,
    bare: &Connection,
    opts: &Options,
    out: &mut Vec<Figure>,
) -> Result<()> {
    let first = ComplaintQuery {
        page_size: 10,
        ..Default::default()
    };
    let total = store.complaints().list(&first)?.total;
    let pages = total.div_ceil(10).max(1) as u32;
    let mut ids = Vec::new();
    for k in 0..10 {
        let p = store.complaints().list(&ComplaintQuery {
            page: pages * k / 10,
            ..first.clone()
        })?;
        ids.extend(p.items.iter().map(|c| c.id));
    }
    if ids.is_empty() {
        return Ok(());
    }
    let t = time(opts, |i| {
        let c = store.complaints().get(ids[i % ids.len()])?;
        Ok((1 + c.events.len() as u64, None))
    })?;
    let mut ours = figure(
        "complaints",
        format!(
            "complaint page: complaint and timeline ({} complaints)",
            ids.len()
        ),
        Some(COMPLAINT_PAGE_TARGET_MS),
        t,
    );
    let mut header = bare.prepare(
        "SELECT c.number, c.kind, c.customer_id, cu.name, c.order_id, o.number, c.product_id,
            c.channel, c.category, c.severity, c.description, c.assignee, c.status,
            c.opened_at, c.first_response_due, c.resolution_due, c.responded_at,
            c.resolved_at, c.closed_at, c.root_cause, c.supplier_id, s.name,
            c.cause_product_id, c.resolution, c.compensation, c.currency, c.satisfaction
         FROM complaints c JOIN customers cu ON cu.id = c.customer_id
         LEFT JOIN sales_orders o ON o.id = c.order_id
         LEFT JOIN suppliers s ON s.id = c.supplier_id
         WHERE c.id = ?1 AND c.deleted = 0",
    )?;
    let mut events = bare.prepare(
        "SELECT kind, status, body, at FROM complaint_events
         WHERE complaint_id = ?1 AND deleted = 0 ORDER BY at, updated_at, rowid",
    )?;
    let b = time(opts, |i| {
        let id = ids[i % ids.len()].to_string();
        let n = drain(&mut header, &[&id])? + drain(&mut events, &[&id])?;
        Ok((n, None))
    })?;
    let b = figure("bare", "bare complaint page (two queries)".into(), None, b);
    compare(&mut ours, &b);
    out.push(ours);
    out.push(b);
    Ok(())
}

fn satisfaction_figures(
    store: &Store,
    bare: &Connection,
    opts: &Options,
    customer: Option<Uuid>,
    out: &mut Vec<Figure>,
) -> Result<()> {
    let to = NaiveDate::parse_from_str(&date_text(TODAY - 1), "%Y-%m-%d")?;
    let from = to - chrono::Days::new(89);
    let mut scope = vec![(None, "overall".to_owned())];
    if let Some(c) = customer {
        scope.push((Some(c), "one customer".to_owned()));
    }
    for (c, name) in scope {
        let t = time(opts, |_| {
            let s = store.surveys().satisfaction(c, from, to)?;
            Ok((u64::from(s.nps_responses + s.csat_responses), None))
        })?;
        let mut ours = figure(
            "complaints",
            format!("NPS and CSAT, 90 days, {name}"),
            Some(LIST_TARGET_MS),
            t,
        );
        let filter = c.map_or(String::new(), |c| format!("AND customer_id = '{c}'"));
        let mut stmt = bare.prepare(&format!(
            "SELECT count(nps), count(csat),
                sum(nps >= 9) - sum(nps <= 6), sum(csat >= 4)
             FROM survey_responses WHERE deleted = 0
               AND responded_on >= '{from}' AND responded_on <= '{to}' {filter}"
        ))?;
        let b = time(opts, |_| {
            let (n, k): (i64, i64) = stmt.query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(((n + k) as u64, None))
        })?;
        let b = figure(
            "bare",
            format!("bare NPS and CSAT aggregate, {name}"),
            None,
            b,
        );
        compare(&mut ours, &b);
        out.push(ours);
        out.push(b);
    }
    Ok(())
}
