//! One complaint with its timeline.

use chainbook_core::complaint::{
    ComplaintStatus, FeedbackCategory, FeedbackChannel, FeedbackKind, RootCause, Severity,
};
use chainbook_core::facts::Fact;
use rusqlite::{Connection, OptionalExtension};
use uuid::Uuid;

use super::{Complaint, ComplaintEvent, Complaints};
use crate::row::RowExt;
use crate::{Result, StoreError};

pub(super) fn load(conn: &Connection, id: Uuid) -> Result<Complaint> {
    let mut c = conn
        .prepare_cached(
            "SELECT c.number, c.kind, c.customer_id, cu.name, c.order_id, o.number, c.product_id,
                c.channel, c.category, c.severity, c.description, c.assignee, c.status,
                c.opened_at, c.first_response_due, c.resolution_due, c.responded_at,
                c.resolved_at, c.closed_at, c.root_cause, c.supplier_id, s.name,
                c.cause_product_id, c.resolution, c.compensation, c.currency, c.satisfaction
             FROM complaints c JOIN customers cu ON cu.id = c.customer_id
             LEFT JOIN sales_orders o ON o.id = c.order_id
             LEFT JOIN suppliers s ON s.id = c.supplier_id
             WHERE c.id = ?1 AND c.deleted = 0",
        )?
        .query_row([id.to_string()], |r| {
            Ok(Complaint {
                id,
                number: r.get(0)?,
                kind: r.parsed(1, FeedbackKind::parse)?,
                customer_id: r.uuid(2)?,
                customer_name: r.get(3)?,
                order_id: r.opt_uuid(4)?,
                order_number: r.get(5)?,
                product_id: r.opt_uuid(6)?,
                channel: r.parsed(7, FeedbackChannel::parse)?,
                category: r.parsed(8, FeedbackCategory::parse)?,
                severity: r.opt_parsed(9, Severity::parse)?,
                description: r.get(10)?,
                assignee: r.get(11)?,
                status: r.parsed(12, ComplaintStatus::parse)?,
                opened_at: r.time(13)?,
                first_response_due: r.opt_time(14)?,
                resolution_due: r.opt_time(15)?,
                responded_at: r.opt_time(16)?,
                resolved_at: r.opt_time(17)?,
                closed_at: r.opt_time(18)?,
                root_cause: r.opt_parsed(19, RootCause::parse)?,
                supplier_id: r.opt_uuid(20)?,
                supplier_name: r.get(21)?,
                cause_product_id: r.opt_uuid(22)?,
                resolution: r.get(23)?,
                compensation: r.opt_decimal(24)?,
                currency: r.get(25)?,
                satisfaction: r.get(26)?,
                events: Vec::new(),
            })
        })
        .optional()?
        .ok_or(StoreError::NotFound { what: "complaint" })?;
    c.events = conn
        .prepare_cached(
            "SELECT kind, status, body, at, facts FROM complaint_events
             WHERE complaint_id = ?1 AND deleted = 0 ORDER BY at, updated_at, rowid",
        )?
        .query_map([id.to_string()], |r| {
            Ok(ComplaintEvent {
                kind: r.get(0)?,
                status: r.get(1)?,
                body: r.get(2)?,
                at: r.time(3)?,
                facts: r.parsed(4, Fact::list_from_json)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(c)
}

impl Complaints<'_> {
    pub fn get(&self, id: Uuid) -> Result<Complaint> {
        load(self.db.conn, id)
    }
}
