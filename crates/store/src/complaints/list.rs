//! The complaint list: filters by kind, status, severity, category, customer, assignee,
//! supplier, open, breached and due soon (as of the store's clock), newest first.

use chainbook_core::complaint::{ComplaintStatus, FeedbackCategory, FeedbackKind, Severity};

use rusqlite::types::Value as SqlValue;
use uuid::Uuid;

use super::schema::MAY_BREACH;
use super::{ComplaintQuery, ComplaintSummary, Complaints};
use crate::paging::{check_page_size, Filter, Page, PAGE_SIZE_MAX};
use crate::row::RowExt;
use crate::{fmt_time, Read, Result};

/// A page of complaints matching `q` at the read's moment.
fn list(db: &Read<'_>, q: &ComplaintQuery) -> Result<Page<ComplaintSummary>> {
    check_page_size(q.page_size)?;
    let mut f = Filter::new("c.deleted = 0");
    f.eq("c.kind", q.kind.map(|k| k.as_str()))
        .eq("c.status", q.status.map(|s| s.as_str()))
        .eq("c.severity", q.severity.map(|s| s.as_str()))
        .eq("c.category", q.category.map(|c| c.as_str()))
        .eq("c.customer_id", q.customer_id.map(|c| c.to_string()))
        .eq(
            "c.assignee",
            q.assignee
                .as_deref()
                .map(str::trim)
                .filter(|a| !a.is_empty()),
        )
        .eq("c.supplier_id", q.supplier_id.map(|s| s.to_string()));
    if q.open_only {
        f.and("c.status IN ('new', 'acknowledged', 'investigating')", []);
    }
    if q.breached_only {
        // Times are fixed-format UTC strings, so text comparison is time order.
        let now = SqlValue::Text(fmt_time(db.now));
        // Implied by the test below; lets the planner read `complaints_may_breach`.
        f.and(format!("({MAY_BREACH})"), []);
        f.and(
            "c.resolution_due <> '' AND (
                (c.responded_at = '' AND c.first_response_due < ?) OR (c.responded_at > c.first_response_due)
             OR (c.resolved_at = '' AND c.resolution_due < ?) OR (c.resolved_at > c.resolution_due))",
            [now.clone(), now],
        );
    }
    if let Some(hours) = q.due_within_hours {
        let now = SqlValue::Text(fmt_time(db.now));
        let until = SqlValue::Text(fmt_time(db.now + chrono::Duration::hours(i64::from(hours))));
        f.and("c.status IN ('new', 'acknowledged', 'investigating')", []);
        // Not late in any way yet: a first response given late is a breach, listed there.
        f.and(
            "((c.responded_at = '' AND c.first_response_due >= ? AND c.first_response_due < ?)
              OR (c.responded_at <> '' AND c.responded_at <= c.first_response_due
                  AND c.resolved_at = '' AND c.resolution_due >= ? AND c.resolution_due < ?))",
            [now.clone(), until.clone(), now, until],
        );
    }
    let total = db.count(
        &format!("SELECT count(*) FROM complaints c WHERE {}", f.sql()),
        f.args(),
    )?;
    // Open complaints are a small share of all: find them by status and sort them, rather
    // than walk the whole list in order (`+` keeps the planner off the order's index).
    let order = if q.open_only {
        "+c.opened_at DESC, c.id DESC"
    } else {
        "c.opened_at DESC, c.id DESC"
    };
    // A deferred join: the page's ids from the filter's index alone, then their rows and
    // names (an OFFSET otherwise builds every skipped row with its joins).
    let sql = format!(
        "SELECT c.id, c.number, c.kind, c.customer_id, cu.name, c.category, c.severity, c.status,
            c.assignee, c.opened_at, c.first_response_due, c.resolution_due, c.responded_at,
            c.resolved_at, s.name
         FROM (SELECT c.id AS pid FROM complaints c
               WHERE {} ORDER BY {order} LIMIT ? OFFSET ?) p
         JOIN complaints c ON c.id = p.pid
         JOIN customers cu ON cu.id = c.customer_id
         LEFT JOIN suppliers s ON s.id = c.supplier_id
         ORDER BY c.opened_at DESC, c.id DESC",
        f.sql()
    );
    f.page(db.conn, &sql, (q.page, q.page_size), total, |r| {
        Ok(ComplaintSummary {
            id: r.uuid(0)?,
            number: r.get(1)?,
            kind: r.parsed(2, FeedbackKind::parse)?,
            customer_id: r.uuid(3)?,
            customer_name: r.get(4)?,
            category: r.parsed(5, FeedbackCategory::parse)?,
            severity: r.opt_parsed(6, Severity::parse)?,
            status: r.parsed(7, ComplaintStatus::parse)?,
            assignee: r.get(8)?,
            opened_at: r.time(9)?,
            first_response_due: r.opt_time(10)?,
            resolution_due: r.opt_time(11)?,
            responded_at: r.opt_time(12)?,
            resolved_at: r.opt_time(13)?,
            supplier_name: r.get(14)?,
        })
    })
}

impl Complaints<'_> {
    /// One page of complaints and feedback, newest first; what is breached is decided at the
    /// store clock's time.
    pub fn list(&self, q: &ComplaintQuery) -> Result<Page<ComplaintSummary>> {
        list(&self.db, q)
    }
}

/// A customer's complaints for the timeline, newest first.
pub(crate) fn customer_complaints(
    db: &Read<'_>,
    customer_id: Uuid,
    limit: u32,
) -> Result<Vec<ComplaintSummary>> {
    Ok(list(
        db,
        &ComplaintQuery {
            page: 0,
            page_size: limit.clamp(1, PAGE_SIZE_MAX),
            customer_id: Some(customer_id),
            ..Default::default()
        },
    )?
    .items)
}
