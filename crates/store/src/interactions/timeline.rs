//! A customer's timeline: entries from every source that has one, newest first. Each source
//! (interactions here; orders, complaints and surveys in their capabilities) returns its own
//! newest entries, and they are merged; a new source adds a [`TimelineEntry`] variant and one
//! call here.

use chrono::{DateTime, Utc};
use rusqlite::params;
use uuid::Uuid;

use super::read::{entry, SELECT};
use super::{InteractionEntry, Interactions};
use crate::complaints::ComplaintSummary;
use crate::orders::OrderEntry;
use crate::surveys::SurveyResponse;
use crate::Result;

/// One entry on a customer's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimelineEntry {
    Interaction(InteractionEntry),
    Order(OrderEntry),
    Complaint(ComplaintSummary),
    Survey(SurveyResponse),
}

impl TimelineEntry {
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            TimelineEntry::Interaction(i) => i.occurred_at,
            TimelineEntry::Order(o) => o.created_at,
            TimelineEntry::Complaint(c) => c.opened_at,
            TimelineEntry::Survey(s) => s.created_at,
        }
    }
}

impl Interactions<'_> {
    /// A customer's timeline, newest first, at most `limit` entries.
    pub fn timeline(&self, customer_id: Uuid, limit: u32) -> Result<Vec<TimelineEntry>> {
        let mut stmt = self.db.conn.prepare_cached(&format!(
            "{SELECT} WHERE i.customer_id = ?1 AND i.deleted = 0 ORDER BY i.occurred_at DESC, i.id DESC LIMIT ?2"
        ))?;
        let mut out = stmt
            .query_map(params![customer_id.to_string(), limit], |r| {
                Ok(TimelineEntry::Interaction(entry(r, 0)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        out.extend(
            crate::orders::customer_entries(&self.db, customer_id, limit)?
                .into_iter()
                .map(TimelineEntry::Order),
        );
        out.extend(
            crate::complaints::customer_complaints(&self.db, customer_id, limit)?
                .into_iter()
                .map(TimelineEntry::Complaint),
        );
        out.extend(
            crate::surveys::customer_surveys(&self.db, customer_id, limit)?
                .into_iter()
                .map(TimelineEntry::Survey),
        );
        out.sort_by_key(|e| std::cmp::Reverse(e.at()));
        out.truncate(limit as usize);
        Ok(out)
    }
}
