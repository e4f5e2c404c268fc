//! Wire types for customer service: complaints and other feedback, their timeline and SLA,
//! root cause and resolution, survey responses and satisfaction figures.

use chainbook_core::choice;
use chainbook_core::complaint::{FeedbackDraft, ResolutionDraft, SlaPolicy};
use chainbook_core::date::opt_date;
use chainbook_core::survey::{NpsGroup, SurveyDraft};
use chainbook_core::ValidationError;
use chainbook_store::complaints::{Complaint, ComplaintQuery, ComplaintSummary};
use chainbook_store::surveys::{Satisfaction, SurveyQuery, SurveyResponse, SurveyRow};
use chainbook_store::Page;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::wire::*;

/// A complaint or other feedback as typed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct FeedbackInput {
    /// complaint | suggestion | mystery_shopper | suggestion_box
    pub kind: String,
    pub customer_id: Option<String>,
    pub order_id: Option<String>,
    pub product_id: Option<String>,
    /// phone | email | visit | wechat | online | other
    pub channel: String,
    /// quality | late_delivery | wrong_item | wrong_quantity | damaged | billing |
    /// service_attitude | other (complaints); product_idea | service_improvement |
    /// delivery_improvement | pricing | other (other feedback)
    pub category: String,
    /// low | medium | high | critical (complaints only)
    pub severity: String,
    pub description: String,
    pub assignee: String,
}

impl TryFrom<FeedbackInput> for FeedbackDraft {
    type Error = ValidationError;

    fn try_from(i: FeedbackInput) -> Result<Self, ValidationError> {
        Ok(FeedbackDraft {
            kind: i.kind,
            customer_id: opt_id(i.customer_id, "customer_id")?,
            order_id: opt_id(i.order_id, "order_id")?,
            product_id: opt_id(i.product_id, "product_id")?,
            channel: i.channel,
            category: i.category,
            severity: i.severity,
            description: i.description,
            assignee: i.assignee,
        })
    }
}

/// Root cause and resolution as typed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ResolutionInput {
    /// product_defect | supplier_quality | carrier_damage | carrier_delay | warehouse_error |
    /// order_entry_error | billing_error | staff_behaviour | customer_misuse | other, or empty
    pub root_cause: String,
    pub supplier_id: Option<String>,
    pub product_id: Option<String>,
    pub resolution: String,
    /// Empty for none.
    pub compensation: String,
    pub currency: String,
}

impl TryFrom<ResolutionInput> for ResolutionDraft {
    type Error = ValidationError;

    fn try_from(i: ResolutionInput) -> Result<Self, ValidationError> {
        Ok(ResolutionDraft {
            root_cause: i.root_cause,
            supplier_id: opt_id(i.supplier_id, "supplier_id")?,
            product_id: opt_id(i.product_id, "product_id")?,
            resolution: i.resolution,
            compensation: i.compensation,
            currency: i.currency,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ComplaintEventDto {
    /// opened | comment | status | assignment | contact | root_cause | resolution | satisfaction
    pub kind: String,
    #[ts(type = "ComplaintStatus | \"\"")]
    pub status: String,
    /// What the user wrote (a comment, the resolution), or the value an event sets.
    pub body: String,
    /// What the app recorded beside it (a resolution's compensation).
    pub facts: Vec<FactDto>,
    pub at: String,
}

/// The SLA of one complaint at the time of the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SlaDto {
    pub first_response_due: String,
    pub resolution_due: String,
    /// due | breached | met | missed
    pub first_response: String,
    /// due | breached | met | missed
    pub resolution: String,
}

fn sla(
    first: Option<DateTime<Utc>>,
    resolve: Option<DateTime<Utc>>,
    responded: Option<DateTime<Utc>>,
    resolved: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<SlaDto> {
    let (f, r) = (first?, resolve?);
    Some(SlaDto {
        first_response_due: rfc3339(f),
        resolution_due: rfc3339(r),
        first_response: chainbook_core::complaint::sla_state(f, responded, now)
            .as_str()
            .to_owned(),
        resolution: chainbook_core::complaint::sla_state(r, resolved, now)
            .as_str()
            .to_owned(),
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Complaint")]
pub struct ComplaintDto {
    pub id: String,
    pub number: String,
    #[ts(type = "FeedbackKind")]
    pub kind: String,
    pub customer_id: String,
    pub customer_name: String,
    pub order_id: Option<String>,
    pub order_number: Option<String>,
    pub product_id: Option<String>,
    pub channel: String,
    #[ts(type = "FeedbackCategory")]
    pub category: String,
    #[ts(type = "Severity | null")]
    pub severity: Option<String>,
    pub description: String,
    pub assignee: String,
    /// new | acknowledged | investigating | resolved | closed
    #[ts(type = "ComplaintStatus")]
    pub status: String,
    pub opened_at: String,
    pub responded_at: Option<String>,
    pub resolved_at: Option<String>,
    pub closed_at: Option<String>,
    /// Null for feedback without an SLA.
    pub sla: Option<SlaDto>,
    pub root_cause: Option<String>,
    pub supplier_id: Option<String>,
    pub supplier_name: Option<String>,
    pub cause_product_id: Option<String>,
    pub resolution: String,
    pub compensation: Option<String>,
    pub currency: String,
    pub satisfaction: Option<u8>,
    pub events: Vec<ComplaintEventDto>,
}

impl ComplaintDto {
    pub fn new(c: Complaint, now: DateTime<Utc>) -> Self {
        ComplaintDto {
            sla: sla(
                c.first_response_due,
                c.resolution_due,
                c.responded_at,
                c.resolved_at,
                now,
            ),
            id: c.id.to_string(),
            number: c.number,
            kind: c.kind.as_str().to_owned(),
            customer_id: c.customer_id.to_string(),
            customer_name: c.customer_name,
            order_id: c.order_id.map(|x| x.to_string()),
            order_number: c.order_number,
            product_id: c.product_id.map(|x| x.to_string()),
            channel: c.channel.as_str().to_owned(),
            category: c.category.as_str().to_owned(),
            severity: c.severity.map(|s| s.as_str().to_owned()),
            description: c.description,
            assignee: c.assignee,
            status: c.status.as_str().to_owned(),
            opened_at: rfc3339(c.opened_at),
            responded_at: c.responded_at.map(rfc3339),
            resolved_at: c.resolved_at.map(rfc3339),
            closed_at: c.closed_at.map(rfc3339),
            root_cause: c.root_cause.map(|r| r.as_str().to_owned()),
            supplier_id: c.supplier_id.map(|x| x.to_string()),
            supplier_name: c.supplier_name,
            cause_product_id: c.cause_product_id.map(|x| x.to_string()),
            resolution: c.resolution,
            compensation: c.compensation.map(|d| d.to_string()),
            currency: c.currency,
            satisfaction: c.satisfaction,
            events: c
                .events
                .into_iter()
                .map(|e| ComplaintEventDto {
                    kind: e.kind,
                    status: e.status,
                    body: e.body,
                    facts: facts(e.facts),
                    at: rfc3339(e.at),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "ComplaintSummary")]
pub struct ComplaintSummaryDto {
    pub id: String,
    pub number: String,
    #[ts(type = "FeedbackKind")]
    pub kind: String,
    pub customer_id: String,
    pub customer_name: String,
    #[ts(type = "FeedbackCategory")]
    pub category: String,
    #[ts(type = "Severity | null")]
    pub severity: Option<String>,
    #[ts(type = "ComplaintStatus")]
    pub status: String,
    pub assignee: String,
    pub opened_at: String,
    pub sla: Option<SlaDto>,
    pub supplier_name: Option<String>,
}

impl ComplaintSummaryDto {
    pub fn new(c: ComplaintSummary, now: DateTime<Utc>) -> Self {
        ComplaintSummaryDto {
            sla: sla(
                c.first_response_due,
                c.resolution_due,
                c.responded_at,
                c.resolved_at,
                now,
            ),
            id: c.id.to_string(),
            number: c.number,
            kind: c.kind.as_str().to_owned(),
            customer_id: c.customer_id.to_string(),
            customer_name: c.customer_name,
            category: c.category.as_str().to_owned(),
            severity: c.severity.map(|s| s.as_str().to_owned()),
            status: c.status.as_str().to_owned(),
            assignee: c.assignee,
            opened_at: rfc3339(c.opened_at),
            supplier_name: c.supplier_name,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ComplaintListQuery {
    pub page: u32,
    pub page_size: u32,
    pub kind: Option<String>,
    pub status: Option<String>,
    pub open_only: bool,
    pub severity: Option<String>,
    pub category: Option<String>,
    pub customer_id: Option<String>,
    pub assignee: Option<String>,
    pub supplier_id: Option<String>,
    pub breached_only: bool,
}

impl TryFrom<ComplaintListQuery> for ComplaintQuery {
    type Error = ValidationError;

    fn try_from(q: ComplaintListQuery) -> Result<Self, ValidationError> {
        Ok(ComplaintQuery {
            page: q.page,
            page_size: q.page_size,
            kind: choice::optional("kind", q.kind.as_deref().unwrap_or_default())?,
            status: choice::optional("status", q.status.as_deref().unwrap_or_default())?,
            open_only: q.open_only,
            severity: choice::optional("severity", q.severity.as_deref().unwrap_or_default())?,
            category: choice::optional("category", q.category.as_deref().unwrap_or_default())?,
            customer_id: opt_id(q.customer_id, "customer_id")?,
            assignee: q.assignee,
            supplier_id: opt_id(q.supplier_id, "supplier_id")?,
            breached_only: q.breached_only,
            due_within_hours: None,
        })
    }
}

pub type ComplaintPage = PageDto<ComplaintSummaryDto>;

pub fn complaint_page(p: Page<ComplaintSummary>, now: DateTime<Utc>) -> ComplaintPage {
    page(p, |c| ComplaintSummaryDto::new(c, now))
}

/// A survey response as typed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct SurveyInput {
    pub customer_id: Option<String>,
    pub order_id: Option<String>,
    pub complaint_id: Option<String>,
    /// 0–10, or null.
    #[ts(type = "number | null")]
    pub nps: Option<i64>,
    /// 1–5, or null.
    #[ts(type = "number | null")]
    pub csat: Option<i64>,
    pub comment: String,
    pub channel: String,
    /// YYYY-MM-DD
    pub responded_on: String,
}

impl TryFrom<SurveyInput> for SurveyDraft {
    type Error = ValidationError;

    fn try_from(i: SurveyInput) -> Result<Self, ValidationError> {
        Ok(SurveyDraft {
            customer_id: opt_id(i.customer_id, "customer_id")?,
            order_id: opt_id(i.order_id, "order_id")?,
            complaint_id: opt_id(i.complaint_id, "complaint_id")?,
            nps: i.nps,
            csat: i.csat,
            comment: i.comment,
            channel: i.channel,
            responded_on: i.responded_on,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "SurveyResponse")]
pub struct SurveyDto {
    pub id: String,
    pub customer_id: String,
    pub order_id: Option<String>,
    pub complaint_id: Option<String>,
    pub nps: Option<u8>,
    pub csat: Option<u8>,
    pub comment: String,
    pub channel: String,
    pub responded_on: String,
    pub created_at: String,
}

impl From<SurveyResponse> for SurveyDto {
    fn from(s: SurveyResponse) -> Self {
        SurveyDto {
            id: s.id.to_string(),
            customer_id: s.customer_id.to_string(),
            order_id: s.order_id.map(|x| x.to_string()),
            complaint_id: s.complaint_id.map(|x| x.to_string()),
            nps: s.nps,
            csat: s.csat,
            comment: s.comment,
            channel: s.channel.as_str().to_owned(),
            responded_on: s.responded_on.to_string(),
            created_at: rfc3339(s.created_at),
        }
    }
}

/// The survey answers of a period (YYYY-MM-DD, inclusive; null for an open end), optionally
/// only one NPS group's (`promoter`, `passive`, `detractor`): the records behind the
/// dashboard's NPS and CSAT.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct SurveyListQuery {
    pub page: u32,
    pub page_size: u32,
    pub from: Option<String>,
    pub to: Option<String>,
    pub nps_group: Option<String>,
}

impl TryFrom<SurveyListQuery> for SurveyQuery {
    type Error = ValidationError;

    fn try_from(q: SurveyListQuery) -> Result<Self, ValidationError> {
        Ok(SurveyQuery {
            page: q.page,
            page_size: q.page_size,
            from: opt_date("from", q.from.as_deref().unwrap_or_default())?,
            to: opt_date("to", q.to.as_deref().unwrap_or_default())?,
            nps_group: choice::optional::<NpsGroup>(
                "nps_group",
                q.nps_group.as_deref().unwrap_or_default(),
            )?,
        })
    }
}

/// A survey answer in the list, with its customer's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "SurveyRow")]
pub struct SurveyRowDto {
    pub id: String,
    pub customer_id: String,
    pub customer_name: String,
    pub nps: Option<u8>,
    pub csat: Option<u8>,
    pub comment: String,
    pub channel: String,
    pub responded_on: String,
}

impl From<SurveyRow> for SurveyRowDto {
    fn from(r: SurveyRow) -> Self {
        let s = r.response;
        SurveyRowDto {
            id: s.id.to_string(),
            customer_id: s.customer_id.to_string(),
            customer_name: r.customer_name,
            nps: s.nps,
            csat: s.csat,
            comment: s.comment,
            channel: s.channel.as_str().to_owned(),
            responded_on: s.responded_on.to_string(),
        }
    }
}

pub type SurveyPage = PageDto<SurveyRowDto>;

/// NPS and CSAT over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Satisfaction")]
pub struct SatisfactionDto {
    /// −100 to 100, one decimal; null without responses.
    pub nps: Option<String>,
    pub nps_responses: u32,
    /// 0 to 100 (% of 4s and 5s), one decimal; null without responses.
    pub csat: Option<String>,
    pub csat_responses: u32,
}

impl From<Satisfaction> for SatisfactionDto {
    fn from(s: Satisfaction) -> Self {
        SatisfactionDto {
            nps: s.nps.map(|d| d.to_string()),
            nps_responses: s.nps_responses,
            csat: s.csat.map(|d| d.to_string()),
            csat_responses: s.csat_responses,
        }
    }
}

/// First-response and resolution hours for each severity (Settings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "SlaPolicy")]
pub struct SlaPolicyDto {
    pub low: [u32; 2],
    pub medium: [u32; 2],
    pub high: [u32; 2],
    pub critical: [u32; 2],
}

impl From<SlaPolicy> for SlaPolicyDto {
    fn from(p: SlaPolicy) -> Self {
        let h = p.hours;
        SlaPolicyDto {
            low: [h[0].0, h[0].1],
            medium: [h[1].0, h[1].1],
            high: [h[2].0, h[2].1],
            critical: [h[3].0, h[3].1],
        }
    }
}

impl From<SlaPolicyDto> for SlaPolicy {
    fn from(p: SlaPolicyDto) -> Self {
        SlaPolicy {
            hours: [
                (p.low[0], p.low[1]),
                (p.medium[0], p.medium[1]),
                (p.high[0], p.high[1]),
                (p.critical[0], p.critical[1]),
            ],
        }
    }
}
