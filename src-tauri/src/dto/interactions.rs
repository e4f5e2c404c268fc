//! Wire types of interactions, follow-ups and the customer timeline.

use chainbook_core::id::parse_id;
use chainbook_core::interaction::{FollowUpRange, InteractionDraft};
use chainbook_core::{ErrorCode, ValidationError};
use chainbook_store::{FollowUp, InteractionEntry, TimelineEntry};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::wire::*;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct InteractionInput {
    pub customer_id: String,
    pub contact_id: Option<String>,
    /// call | visit | email | message | meeting
    pub kind: String,
    /// RFC 3339 with the user's offset, e.g. "2026-11-23T09:30:00+08:00".
    pub occurred_at: String,
    pub summary: String,
    pub outcome: String,
    /// "YYYY-MM-DD" or "" for none.
    pub follow_up_on: String,
}

impl TryFrom<InteractionInput> for InteractionDraft {
    type Error = ValidationError;

    fn try_from(i: InteractionInput) -> Result<Self, ValidationError> {
        Ok(InteractionDraft {
            customer_id: parse_id(&i.customer_id)
                .map_err(|e| ValidationError::new(e.code, "customer_id", e.message))?,
            contact_id: opt_id(i.contact_id, "contact_id")?,
            kind: i.kind,
            occurred_at: i.occurred_at,
            summary: i.summary,
            outcome: i.outcome,
            follow_up_on: i.follow_up_on,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Interaction")]
pub struct InteractionDto {
    pub id: String,
    pub customer_id: String,
    pub contact_id: Option<String>,
    pub contact_name: Option<String>,
    pub kind: String,
    /// RFC 3339, UTC.
    pub occurred_at: String,
    pub summary: String,
    pub outcome: String,
    /// "YYYY-MM-DD" or null.
    pub follow_up_on: Option<String>,
    /// RFC 3339 or null while the follow-up is open.
    pub follow_up_done_at: Option<String>,
    /// What an interaction the app made is about (its `summary` is then empty).
    pub fact: Option<FactDto>,
}

impl From<InteractionEntry> for InteractionDto {
    fn from(i: InteractionEntry) -> Self {
        InteractionDto {
            id: i.id.to_string(),
            customer_id: i.customer_id.to_string(),
            contact_id: i.contact_id.map(|c| c.to_string()),
            contact_name: i.contact_name,
            kind: i.kind.as_str().to_owned(),
            occurred_at: rfc3339(i.occurred_at),
            summary: i.summary,
            outcome: i.outcome,
            follow_up_on: i.follow_up_on.map(|d| d.to_string()),
            follow_up_done_at: i.follow_up_done_at.map(rfc3339),
            fact: i.fact.map(Into::into),
        }
    }
}

/// One entry of the customer timeline; `type` says which source it comes from (orders,
/// complaints and surveys join as new variants).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(rename = "TimelineEntry")]
pub enum TimelineEntryDto {
    Interaction(InteractionDto),
    Order(OrderEntryDto),
    Complaint(crate::dto::service::ComplaintSummaryDto),
    Survey(crate::dto::service::SurveyDto),
}

/// A sales order on the customer timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "OrderEntry")]
pub struct OrderEntryDto {
    pub id: String,
    pub number: String,
    #[ts(type = "OrderStatus")]
    pub status: String,
    pub currency: String,
    pub total: String,
    pub created_at: String,
}

impl TimelineEntryDto {
    /// A timeline entry as the UI receives it; complaints show their SLA as of `now`.
    pub fn new(e: TimelineEntry, now: DateTime<Utc>) -> Self {
        match e {
            TimelineEntry::Interaction(i) => TimelineEntryDto::Interaction(i.into()),
            TimelineEntry::Order(o) => TimelineEntryDto::Order(OrderEntryDto {
                id: o.id.to_string(),
                number: o.number,
                status: o.status.as_str().to_owned(),
                currency: o.currency,
                total: o.total.to_string(),
                created_at: rfc3339(o.created_at),
            }),
            TimelineEntry::Complaint(c) => {
                TimelineEntryDto::Complaint(crate::dto::service::ComplaintSummaryDto::new(c, now))
            }
            TimelineEntry::Survey(s) => TimelineEntryDto::Survey(s.into()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "FollowUp")]
pub struct FollowUpDto {
    pub interaction: InteractionDto,
    pub customer_code: String,
    pub customer_name: String,
    /// "YYYY-MM-DD"
    pub due: String,
}

impl From<FollowUp> for FollowUpDto {
    fn from(f: FollowUp) -> Self {
        FollowUpDto {
            interaction: f.interaction.into(),
            customer_code: f.customer_code,
            customer_name: f.customer_name,
            due: f.due.to_string(),
        }
    }
}

/// "overdue" | "today" | "this_week" | "all_open"
pub fn parse_range(s: &str) -> Result<FollowUpRange, ValidationError> {
    Ok(match s {
        "overdue" => FollowUpRange::Overdue,
        "today" => FollowUpRange::Today,
        "this_week" => FollowUpRange::ThisWeek,
        "all_open" => FollowUpRange::AllOpen,
        other => {
            return Err(ValidationError::new(
                ErrorCode::InvalidChoice,
                "range",
                format!("{other:?}"),
            ))
        }
    })
}
