//! Complaints and other feedback (客户服务管理, 投诉处理): their workflow, timeline, SLA
//! deadlines, root cause (naming a supplier or carrier) and resolution.
//!
//! A complaint row holds its current state (status, assignee, root cause, resolution) so lists
//! filter in SQL; every action also appends an insert-only event (comment, status change,
//! assignment, customer contact, root cause, resolution, satisfaction), which is the timeline.
//! SLA due times are fixed at opening from the policy in the settings (`core::complaint`).
//! Numbers are `CP-yymm-<device code>-<seq>`.
//!
//! - [`schema`]: tables, migrations, registered columns;
//! - [`read`]: one complaint with its timeline;
//! - [`list`]: the paged list and a customer's complaints;
//! - [`workflow`]: opening, actions, notes, resolution, satisfaction.

mod list;
mod read;
pub(crate) mod schema;
mod workflow;

use chainbook_core::complaint::{
    sla_state, ComplaintStatus, FeedbackCategory, FeedbackChannel, FeedbackKind, RootCause,
    Severity, SlaState,
};
use chainbook_core::facts::Fact;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::{Read, Store};

pub(crate) use list::customer_complaints;
pub(crate) use schema::TABLES;

/// One entry of a complaint's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintEvent {
    /// opened | comment | status | assignment | contact | root_cause | resolution | satisfaction
    pub kind: String,
    /// The new status for status events.
    pub status: String,
    /// What the user wrote (a comment, the resolution), or the value an event sets.
    pub body: String,
    /// What the app records beside it (a resolution's compensation).
    pub facts: Vec<Fact>,
    pub at: DateTime<Utc>,
}

/// A complaint or other feedback with its timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Complaint {
    pub id: Uuid,
    pub number: String,
    pub kind: FeedbackKind,
    pub customer_id: Uuid,
    pub customer_name: String,
    pub order_id: Option<Uuid>,
    pub order_number: Option<String>,
    pub product_id: Option<Uuid>,
    pub channel: FeedbackChannel,
    pub category: FeedbackCategory,
    pub severity: Option<Severity>,
    pub description: String,
    pub assignee: String,
    pub status: ComplaintStatus,
    pub opened_at: DateTime<Utc>,
    pub first_response_due: Option<DateTime<Utc>>,
    pub resolution_due: Option<DateTime<Utc>>,
    pub responded_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub root_cause: Option<RootCause>,
    pub supplier_id: Option<Uuid>,
    pub supplier_name: Option<String>,
    pub cause_product_id: Option<Uuid>,
    pub resolution: String,
    pub compensation: Option<Decimal>,
    pub currency: String,
    pub satisfaction: Option<u8>,
    pub events: Vec<ComplaintEvent>,
}

impl Complaint {
    /// `(first response, resolution)` SLA states at `now`; `None` without an SLA.
    pub fn sla(&self, now: DateTime<Utc>) -> Option<(SlaState, SlaState)> {
        Some((
            sla_state(self.first_response_due?, self.responded_at, now),
            sla_state(self.resolution_due?, self.resolved_at, now),
        ))
    }
}

/// A complaint as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintSummary {
    pub id: Uuid,
    pub number: String,
    pub kind: FeedbackKind,
    pub customer_id: Uuid,
    pub customer_name: String,
    pub category: FeedbackCategory,
    pub severity: Option<Severity>,
    pub status: ComplaintStatus,
    pub assignee: String,
    pub opened_at: DateTime<Utc>,
    pub first_response_due: Option<DateTime<Utc>>,
    pub resolution_due: Option<DateTime<Utc>>,
    pub responded_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub supplier_name: Option<String>,
}

impl ComplaintSummary {
    /// The deadline the complaint is held to now: the first response's while none was given,
    /// else the resolution's (the one a breach missed, or the next one to meet).
    pub fn current_deadline(&self) -> Option<DateTime<Utc>> {
        if self.responded_at.is_none() {
            self.first_response_due
        } else {
            self.resolution_due
        }
    }
}

/// A page request for complaints, newest first. `page` is 0-based.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComplaintQuery {
    pub page: u32,
    pub page_size: u32,
    pub kind: Option<FeedbackKind>,
    pub status: Option<ComplaintStatus>,
    /// Only new, acknowledged or investigating.
    pub open_only: bool,
    pub severity: Option<Severity>,
    pub category: Option<FeedbackCategory>,
    pub customer_id: Option<Uuid>,
    pub assignee: Option<String>,
    pub supplier_id: Option<Uuid>,
    /// Only those whose first response or resolution is (or was) late, as of the store's
    /// clock.
    pub breached_only: bool,
    /// Only open ones not late yet whose next deadline (the first response's while none was
    /// given, else the resolution's) comes within this many hours of the store's clock.
    pub due_within_hours: Option<u32>,
}

/// Reads of complaints.
pub struct Complaints<'a> {
    db: Read<'a>,
}

/// Writes of complaints.
pub struct ComplaintsMut<'a> {
    store: &'a mut Store,
}

impl Store {
    pub fn complaints(&self) -> Complaints<'_> {
        Complaints { db: self.read() }
    }

    pub fn complaints_mut(&mut self) -> ComplaintsMut<'_> {
        ComplaintsMut { store: self }
    }
}
