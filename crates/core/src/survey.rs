//! Survey responses as typed (temporary home).

/// A survey response as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SurveyDraft {
    pub customer_id: Option<uuid::Uuid>,
    pub order_id: Option<uuid::Uuid>,
    pub complaint_id: Option<uuid::Uuid>,
    pub nps: Option<i64>,
    pub csat: Option<i64>,
    pub comment: String,
    pub channel: String,
    pub responded_on: String,
}
