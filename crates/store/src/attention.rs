//! The home screen's "what needs attention today": one read that gathers, per group, how
//! many records need the user and the first few of them, each naming the record it opens.
//!
//! Nothing here decides what is due, late or low: every group is read through the query that
//! already answers it elsewhere — the follow-ups list ([`crate::interactions`]), the complaint
//! list's breached and due-soon filters ([`crate::complaints`], the first the same as the
//! navigation badge), the order
//! list's late filter ([`crate::orders`]), the plan's reorder point ([`crate::planning`]) and
//! the contract reminders ([`crate::suppliers`]). Purchase orders had no "late" yet: an open
//! order (sent or partially received) whose earliest expected line date has passed, the date
//! the purchase-order list shows as "expected".

use chrono::NaiveDate;
use uuid::Uuid;

use crate::complaints::ComplaintQuery;
use crate::orders::OrderQuery;
use crate::row::RowExt;
use crate::{Result, Store};

/// How far ahead contract reminders look (the supplier list's default window).
pub const CONTRACT_WINDOW_DAYS: u32 = 30;

/// How far ahead "near their SLA" looks: complaints whose next deadline comes within a day.
pub const DUE_SOON_HOURS: u32 = 24;

/// The most lines of one group the home shows (its count says how many there are).
pub const LINES_MAX: u32 = 20;

/// What a group holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttentionKind {
    /// Open follow-ups due today or earlier; lines open the customer.
    FollowUps,
    /// Open complaints past their first-response or resolution deadline.
    Complaints,
    /// Open complaints not late yet whose next deadline comes within [`DUE_SOON_HOURS`].
    ComplaintsDueSoon,
    /// Sales orders past their promised date, not delivered.
    LateOrders,
    /// Open purchase orders past their earliest expected date.
    LatePurchaseOrders,
    /// Products whose stock position is below their reorder point with something to order.
    Reorder,
    /// Supplier contracts ending within [`CONTRACT_WINDOW_DAYS`].
    Contracts,
}

impl AttentionKind {
    pub const ALL: [AttentionKind; 7] = [
        AttentionKind::FollowUps,
        AttentionKind::Complaints,
        AttentionKind::ComplaintsDueSoon,
        AttentionKind::LateOrders,
        AttentionKind::LatePurchaseOrders,
        AttentionKind::Reorder,
        AttentionKind::Contracts,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AttentionKind::FollowUps => "follow_ups",
            AttentionKind::Complaints => "complaints",
            AttentionKind::ComplaintsDueSoon => "complaints_due_soon",
            AttentionKind::LateOrders => "late_orders",
            AttentionKind::LatePurchaseOrders => "late_purchase_orders",
            AttentionKind::Reorder => "reorder",
            AttentionKind::Contracts => "contracts",
        }
    }
}

/// One record needing attention. What the values mean depends on the group; the UI words
/// them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttentionLine {
    /// The record the line opens: the customer of a follow-up, the complaint, the order, the
    /// purchase order, the product, the supplier of a contract.
    pub id: Uuid,
    /// Its code or number (a customer's code, a document number, a SKU, a supplier's name).
    pub code: String,
    /// Who or what: the customer, the supplier, the product's name, the contract's title.
    pub name: String,
    /// The date that makes it need attention: the follow-up's, the complaint's breached
    /// deadline (its day), the promised or expected date, the contract's end. None for stock.
    pub date: Option<NaiveDate>,
    /// Stock lines: the stock position and the reorder point, as decimal texts.
    pub values: Vec<String>,
}

/// One group: how many records are in it, the first few of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttentionGroup {
    pub kind: AttentionKind,
    pub count: u64,
    pub lines: Vec<AttentionLine>,
}

impl Store {
    /// What needs attention on `today` (the user's local date), at most `lines` (1–
    /// [`LINES_MAX`]) lines per group, in [`AttentionKind::ALL`]'s order.
    pub fn attention(&self, today: NaiveDate, lines: u32) -> Result<Vec<AttentionGroup>> {
        if !(1..=LINES_MAX).contains(&lines) {
            return Err(chainbook_core::ValidationError::new(
                chainbook_core::ErrorCode::OutOfRange,
                "lines",
                format!("lines must be 1–{LINES_MAX}, got {lines}"),
            )
            .into());
        }
        let n = lines as usize;
        let mut out = Vec::with_capacity(AttentionKind::ALL.len());
        for kind in AttentionKind::ALL {
            let (count, list) = match kind {
                AttentionKind::FollowUps => self.follow_ups_due(today)?,
                AttentionKind::Complaints => {
                    let page = self.complaints().list(&ComplaintQuery {
                        page_size: lines,
                        open_only: true,
                        breached_only: true,
                        ..Default::default()
                    })?;
                    let list = page.items.into_iter().map(|c| {
                        // The deadline that was missed.
                        let due = c.current_deadline();
                        AttentionLine {
                            id: c.id,
                            code: c.number,
                            name: c.customer_name,
                            date: due.map(|d| d.date_naive()),
                            values: Vec::new(),
                        }
                    });
                    (page.total, list.collect())
                }
                AttentionKind::ComplaintsDueSoon => {
                    let page = self.complaints().list(&ComplaintQuery {
                        page_size: lines,
                        due_within_hours: Some(DUE_SOON_HOURS),
                        ..Default::default()
                    })?;
                    let list = page.items.into_iter().map(|c| {
                        let due = c.current_deadline();
                        AttentionLine {
                            id: c.id,
                            code: c.number,
                            name: c.customer_name,
                            date: due.map(|d| d.date_naive()),
                            // The deadline to the minute: within a day, the hour matters.
                            values: due.map(crate::fmt_time).into_iter().collect(),
                        }
                    });
                    (page.total, list.collect())
                }
                AttentionKind::LateOrders => {
                    let page = self.orders().list(&OrderQuery {
                        page_size: lines,
                        late_only: true,
                        today: Some(today),
                        ..Default::default()
                    })?;
                    let list = page.items.into_iter().map(|o| AttentionLine {
                        id: o.id,
                        code: o.number,
                        name: o.customer_name,
                        date: o.promised_on,
                        values: Vec::new(),
                    });
                    (page.total, list.collect())
                }
                AttentionKind::LatePurchaseOrders => self.late_purchase_orders(today, lines)?,
                AttentionKind::Reorder => {
                    let plan = self.planning().plan(today)?;
                    let below: Vec<_> = plan.products.iter().filter(|p| p.suggested()).collect();
                    let list = below.iter().take(n).map(|p| AttentionLine {
                        id: p.product_id,
                        code: p.sku.clone(),
                        name: p.name.clone(),
                        date: None,
                        values: vec![
                            p.reorder.position.to_string(),
                            p.reorder.reorder_point.to_string(),
                        ],
                    });
                    (below.len() as u64, list.collect())
                }
                AttentionKind::Contracts => {
                    let all = self
                        .suppliers()
                        .contracts_expiring(today, CONTRACT_WINDOW_DAYS)?;
                    let list = all.iter().take(n).map(|c| AttentionLine {
                        id: c.supplier_id,
                        code: c.supplier_name.clone(),
                        name: c.title.clone(),
                        date: Some(c.ends_on),
                        values: Vec::new(),
                    });
                    (all.len() as u64, list.collect())
                }
            };
            let mut lines: Vec<AttentionLine> = list;
            lines.truncate(n);
            out.push(AttentionGroup { kind, count, lines });
        }
        Ok(out)
    }

    /// Overdue follow-ups, then today's (the follow-up list's two ranges, as the navigation
    /// badge counts them).
    fn follow_ups_due(&self, today: NaiveDate) -> Result<(u64, Vec<AttentionLine>)> {
        let all = self.interactions().follow_ups_due(today)?;
        let lines = all
            .iter()
            .map(|f| AttentionLine {
                id: f.interaction.customer_id,
                code: f.customer_code.clone(),
                name: f.customer_name.clone(),
                date: Some(f.due),
                values: vec![f.interaction.summary.clone()],
            })
            .collect();
        Ok((all.len() as u64, lines))
    }

    fn late_purchase_orders(
        &self,
        today: NaiveDate,
        lines: u32,
    ) -> Result<(u64, Vec<AttentionLine>)> {
        // Open purchase orders are few (they are received or closed); the status index finds
        // them and each one's lines are read through `po_lines_by_po`.
        const LATE: &str = "WITH open AS (
                 SELECT o.id, o.number, o.supplier_id,
                     (SELECT min(l.expected_on) FROM po_lines l
                      WHERE l.po_id = o.id AND l.deleted = 0) AS due
                 FROM purchase_orders o
                 WHERE o.deleted = 0 AND o.status IN ('sent', 'partially_received'))
             SELECT {} FROM open o JOIN suppliers s ON s.id = o.supplier_id WHERE o.due < ?1";
        let conn = self.read().conn;
        let count: i64 = conn
            .prepare_cached(&LATE.replace("{}", "count(*)"))?
            .query_row([today.to_string()], |r| r.get(0))?;
        let mut stmt = conn.prepare_cached(&format!(
            "{} ORDER BY o.due, o.number LIMIT ?2",
            LATE.replace("{}", "o.id, o.number, s.name, o.due")
        ))?;
        let rows = stmt.query_map(rusqlite::params![today.to_string(), lines], |r| {
            Ok(AttentionLine {
                id: r.uuid(0)?,
                code: r.get(1)?,
                name: r.get(2)?,
                date: r.opt_date(3)?,
                values: Vec::new(),
            })
        })?;
        Ok((
            u64::try_from(count).unwrap_or(0),
            rows.collect::<rusqlite::Result<_>>()?,
        ))
    }
}
