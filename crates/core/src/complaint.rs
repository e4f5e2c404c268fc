//! Customer service (客户服务管理, 投诉处理): complaints and other feedback, their workflow and
//! SLA arithmetic. Satisfaction surveys and the NPS and CSAT formulas are in `survey`.
//!
//! **SLA.** A complaint's first-response and resolution due times are its opening instant plus
//! the policy's durations for its severity. Durations are absolute hours, added in UTC, so a
//! deadline is the same instant whatever the local clock does (midnight, month ends, daylight
//! saving changes); the UI shows it in local time. Due times are fixed when the complaint is
//! opened, so editing the policy later does not move existing deadlines. Suggestions and other
//! feedback have no SLA.

use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::choice::{self, choice_enum};
use crate::error::{ErrorCode, ValidationError};

choice_enum!(
    /// What the feedback is: only complaints have a workflow deadline (SLA).
    FeedbackKind {
        Complaint => "complaint",
        Suggestion => "suggestion",
        MysteryShopper => "mystery_shopper",
        SuggestionBox => "suggestion_box",
    }
);

choice_enum!(
    FeedbackChannel {
        Phone => "phone",
        Email => "email",
        Visit => "visit",
        Wechat => "wechat",
        Online => "online",
        Other => "other",
    }
);

choice_enum!(
    /// Complaint categories, then the categories of suggestions and other feedback.
    FeedbackCategory {
        Quality => "quality",
        LateDelivery => "late_delivery",
        WrongItem => "wrong_item",
        WrongQuantity => "wrong_quantity",
        Damaged => "damaged",
        Billing => "billing",
        ServiceAttitude => "service_attitude",
        Other => "other",
        ProductIdea => "product_idea",
        ServiceImprovement => "service_improvement",
        DeliveryImprovement => "delivery_improvement",
        Pricing => "pricing",
    }
);

impl FeedbackCategory {
    /// Whether the category fits the kind: complaint categories for complaints, improvement
    /// categories (and "other") for the rest.
    pub fn fits(self, kind: FeedbackKind) -> bool {
        use FeedbackCategory::*;
        let complaint = matches!(
            self,
            Quality
                | LateDelivery
                | WrongItem
                | WrongQuantity
                | Damaged
                | Billing
                | ServiceAttitude
                | Other
        );
        let feedback = matches!(
            self,
            ProductIdea | ServiceImprovement | DeliveryImprovement | Pricing | Other
        );
        if kind == FeedbackKind::Complaint {
            complaint
        } else {
            feedback
        }
    }
}

choice_enum!(
    Severity {
        Low => "low",
        Medium => "medium",
        High => "high",
        Critical => "critical",
    }
);

choice_enum!(
    /// Why it happened; a supplier or carrier can be named beside it.
    RootCause {
        ProductDefect => "product_defect",
        SupplierQuality => "supplier_quality",
        CarrierDamage => "carrier_damage",
        CarrierDelay => "carrier_delay",
        WarehouseError => "warehouse_error",
        OrderEntryError => "order_entry_error",
        BillingError => "billing_error",
        StaffBehaviour => "staff_behaviour",
        CustomerMisuse => "customer_misuse",
        Other => "other",
    }
);

choice_enum!(
    ComplaintStatus {
        New => "new",
        Acknowledged => "acknowledged",
        Investigating => "investigating",
        Resolved => "resolved",
        Closed => "closed",
    }
);

choice_enum!(
    ComplaintAction {
        Acknowledge => "acknowledge",
        Investigate => "investigate",
        Resolve => "resolve",
        Close => "close",
        Reopen => "reopen",
    }
);

/// The status after `action`, or why it is refused.
pub fn apply_complaint_action(
    status: ComplaintStatus,
    action: ComplaintAction,
) -> Result<ComplaintStatus, ValidationError> {
    use ComplaintAction as A;
    use ComplaintStatus as S;
    let refuse = |why: &str| {
        Err(ValidationError::new(
            ErrorCode::InvalidTransition,
            "status",
            format!(
                "cannot {} a {} complaint: {why}",
                action.as_str(),
                status.as_str()
            ),
        ))
    };
    match (status, action) {
        (S::New, A::Acknowledge) => Ok(S::Acknowledged),
        (S::New | S::Acknowledged, A::Investigate) => Ok(S::Investigating),
        (S::New | S::Acknowledged | S::Investigating, A::Resolve) => Ok(S::Resolved),
        (S::Resolved, A::Close) => Ok(S::Closed),
        (S::Resolved | S::Closed, A::Reopen) => Ok(S::Investigating),
        (_, A::Close) => refuse("resolve it first"),
        (_, A::Reopen) => refuse("it is still open"),
        (S::Resolved | S::Closed, _) => refuse("it is resolved; reopen it first"),
        (_, A::Acknowledge) => refuse("it was already acknowledged"),
        (S::Investigating, A::Investigate) => refuse("it is already being investigated"),
    }
}

/// Hours allowed for the first response and for resolution, per severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaPolicy {
    /// `[low, medium, high, critical]` as `(first response, resolution)` hours.
    pub hours: [(u32, u32); 4],
}

impl Default for SlaPolicy {
    fn default() -> Self {
        // critical 4 h / 24 h, high 8 h / 3 d, medium 24 h / 7 d, low 72 h / 14 d.
        SlaPolicy {
            hours: [(72, 14 * 24), (24, 7 * 24), (8, 3 * 24), (4, 24)],
        }
    }
}

/// The longest SLA anyone could mean: a year.
const SLA_MAX_HOURS: u32 = 24 * 366;

impl SlaPolicy {
    fn index(s: Severity) -> usize {
        match s {
            Severity::Low => 0,
            Severity::Medium => 1,
            Severity::High => 2,
            Severity::Critical => 3,
        }
    }

    pub fn for_severity(&self, s: Severity) -> (u32, u32) {
        self.hours[Self::index(s)]
    }

    /// `(first response due, resolution due)` for a complaint opened at `opened`.
    pub fn due(&self, s: Severity, opened: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        let (first, resolve) = self.for_severity(s);
        (
            opened + Duration::hours(i64::from(first)),
            opened + Duration::hours(i64::from(resolve)),
        )
    }

    /// Every duration is 1 hour to a year, and a first response is due no later than resolution.
    pub fn validate(&self) -> Result<(), ValidationError> {
        for (s, (first, resolve)) in Severity::ALL.iter().zip(self.hours) {
            let field = s.as_str();
            if !(1..=SLA_MAX_HOURS).contains(&first) || !(1..=SLA_MAX_HOURS).contains(&resolve) {
                return Err(ValidationError::new(
                    ErrorCode::OutOfRange,
                    field,
                    format!("hours must be 1 to {SLA_MAX_HOURS}"),
                ));
            }
            if first > resolve {
                return Err(ValidationError::new(
                    ErrorCode::DateOrder,
                    field,
                    "the first response cannot be due after the resolution",
                ));
            }
        }
        Ok(())
    }
}

/// Where one deadline stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaState {
    /// Not done yet, still in time.
    Due,
    /// Not done and past due.
    Breached,
    /// Done in time.
    Met,
    /// Done, but late.
    MissedLate,
}

impl SlaState {
    pub fn as_str(self) -> &'static str {
        match self {
            SlaState::Due => "due",
            SlaState::Breached => "breached",
            SlaState::Met => "met",
            SlaState::MissedLate => "missed",
        }
    }

    /// Breached now, or done late.
    pub fn is_breach(self) -> bool {
        matches!(self, SlaState::Breached | SlaState::MissedLate)
    }
}

/// The state of a deadline given when (if) it was done and the current instant.
pub fn sla_state(due: DateTime<Utc>, done: Option<DateTime<Utc>>, now: DateTime<Utc>) -> SlaState {
    match done {
        Some(d) if d <= due => SlaState::Met,
        Some(_) => SlaState::MissedLate,
        None if now <= due => SlaState::Due,
        None => SlaState::Breached,
    }
}

/// A complaint or other feedback as typed. Ids are checked to exist by the store.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedbackDraft {
    pub kind: String,
    pub customer_id: Option<uuid::Uuid>,
    pub order_id: Option<uuid::Uuid>,
    pub product_id: Option<uuid::Uuid>,
    pub channel: String,
    pub category: String,
    /// Complaints only; empty means medium.
    pub severity: String,
    pub description: String,
    pub assignee: String,
}

/// A validated complaint or feedback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackFields {
    pub kind: FeedbackKind,
    pub customer_id: uuid::Uuid,
    pub order_id: Option<uuid::Uuid>,
    pub product_id: Option<uuid::Uuid>,
    pub channel: FeedbackChannel,
    pub category: FeedbackCategory,
    /// `None` for feedback without an SLA.
    pub severity: Option<Severity>,
    pub description: String,
    pub assignee: String,
}

impl FeedbackDraft {
    pub fn validate(&self) -> Result<FeedbackFields, ValidationError> {
        let kind = choice::required("kind", &self.kind, ErrorCode::Required)?;
        let customer_id = self.customer_id.ok_or_else(|| {
            ValidationError::new(ErrorCode::Required, "customer_id", "a customer is required")
        })?;
        let channel = choice::required("channel", &self.channel, ErrorCode::Required)?;
        let category: FeedbackCategory =
            choice::required("category", &self.category, ErrorCode::Required)?;
        if !category.fits(kind) {
            return Err(ValidationError::new(
                ErrorCode::InvalidChoice,
                "category",
                format!("{} is not a {} category", category.as_str(), kind.as_str()),
            ));
        }
        let severity = if kind == FeedbackKind::Complaint {
            Some(choice::optional("severity", &self.severity)?.unwrap_or(Severity::Medium))
        } else {
            None
        };
        let description = crate::text::clean(
            "description",
            &self.description,
            10_000,
            true,
            crate::text::Lines::Multi,
        )?;
        let assignee = crate::text::clean(
            "assignee",
            &self.assignee,
            100,
            false,
            crate::text::Lines::Single,
        )?;
        Ok(FeedbackFields {
            kind,
            customer_id,
            order_id: self.order_id,
            product_id: self.product_id,
            channel,
            category,
            severity,
            description,
            assignee,
        })
    }
}

/// The root cause and resolution as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResolutionDraft {
    /// `RootCause` as text; empty for none yet.
    pub root_cause: String,
    pub supplier_id: Option<uuid::Uuid>,
    pub product_id: Option<uuid::Uuid>,
    pub resolution: String,
    /// Empty means none.
    pub compensation: String,
    pub currency: String,
}

/// A validated root cause and resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolutionFields {
    pub root_cause: Option<RootCause>,
    pub supplier_id: Option<uuid::Uuid>,
    pub product_id: Option<uuid::Uuid>,
    pub resolution: String,
    pub compensation: Option<Decimal>,
    pub currency: String,
}

impl ResolutionDraft {
    /// `resolving` requires the resolution text.
    pub fn validate(&self, resolving: bool) -> Result<ResolutionFields, ValidationError> {
        let root_cause = choice::optional("root_cause", &self.root_cause)?;
        let resolution = crate::text::clean(
            "resolution",
            &self.resolution,
            10_000,
            resolving,
            crate::text::Lines::Multi,
        )?;
        let (compensation, currency) = match self.compensation.trim() {
            "" => (None, String::new()),
            v => {
                let currency = crate::money::parse_currency("currency", &self.currency)?;
                (
                    Some(crate::money::parse_non_negative_amount(
                        "compensation",
                        v,
                        &currency,
                    )?),
                    currency,
                )
            }
        };
        Ok(ResolutionFields {
            root_cause,
            supplier_id: self.supplier_id,
            product_id: self.product_id,
            resolution,
            compensation,
            currency,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, TimeZone};

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn every_transition_is_allowed_or_refused() {
        use ComplaintAction as A;
        use ComplaintStatus as S;
        let expected = |s, a| match (s, a) {
            (S::New, A::Acknowledge) => Some(S::Acknowledged),
            (S::New | S::Acknowledged, A::Investigate) => Some(S::Investigating),
            (S::New | S::Acknowledged | S::Investigating, A::Resolve) => Some(S::Resolved),
            (S::Resolved, A::Close) => Some(S::Closed),
            (S::Resolved | S::Closed, A::Reopen) => Some(S::Investigating),
            _ => None,
        };
        for &s in ComplaintStatus::ALL {
            for &a in ComplaintAction::ALL {
                match expected(s, a) {
                    Some(next) => assert_eq!(apply_complaint_action(s, a).unwrap(), next),
                    None => assert_eq!(
                        apply_complaint_action(s, a).unwrap_err().code,
                        ErrorCode::InvalidTransition,
                        "{s:?} {a:?}"
                    ),
                }
            }
        }
        // Closing before resolving is refused with a reason.
        let e = apply_complaint_action(S::Investigating, A::Close).unwrap_err();
        assert!(e.message.contains("resolve it first"));
    }

    #[test]
    fn sla_due_times_are_absolute_hours() {
        let p = SlaPolicy::default();
        // Across midnight (Beijing): opened 22:30 +08:00, critical first response 4 h later.
        let opened = utc("2026-11-23T22:30:00+08:00");
        let (first, resolve) = p.due(Severity::Critical, opened);
        let cst = FixedOffset::east_opt(8 * 3600).unwrap();
        assert_eq!(
            first.with_timezone(&cst).to_rfc3339(),
            "2026-11-24T02:30:00+08:00"
        );
        assert_eq!(resolve, utc("2026-11-24T22:30:00+08:00"));
        // Across a month end: high severity resolves in 3 days.
        let (_, r) = p.due(Severity::High, utc("2026-01-30T10:00:00Z"));
        assert_eq!(r, utc("2026-02-02T10:00:00Z"));
        // Across a daylight-saving change (Berlin, 2026-03-29 02:00 → 03:00): 24 real hours
        // later reads 01:30 +02:00 on the wall clock, not 00:30.
        let (_, r) = p.due(Severity::Critical, utc("2026-03-29T00:30:00+01:00"));
        let cest = FixedOffset::east_opt(2 * 3600).unwrap();
        assert_eq!(
            r.with_timezone(&cest),
            cest.with_ymd_and_hms(2026, 3, 30, 1, 30, 0).unwrap()
        );
        // Leap day.
        let (_, r) = p.due(Severity::Medium, utc("2028-02-25T12:00:00Z"));
        assert_eq!(r, utc("2028-03-03T12:00:00Z"));
    }

    #[test]
    fn sla_states() {
        let due = utc("2026-11-24T10:00:00Z");
        let before = utc("2026-11-24T09:59:59Z");
        let after = utc("2026-11-24T10:00:01Z");
        assert_eq!(sla_state(due, None, before), SlaState::Due);
        assert_eq!(sla_state(due, None, due), SlaState::Due);
        assert_eq!(sla_state(due, None, after), SlaState::Breached);
        assert_eq!(sla_state(due, Some(before), after), SlaState::Met);
        assert_eq!(sla_state(due, Some(after), after), SlaState::MissedLate);
        assert!(SlaState::MissedLate.is_breach() && !SlaState::Met.is_breach());
    }

    #[test]
    fn policies_are_validated() {
        assert!(SlaPolicy::default().validate().is_ok());
        let mut p = SlaPolicy::default();
        p.hours[3] = (30, 24);
        let e = p.validate().unwrap_err();
        assert_eq!(
            (e.code, e.field.as_ref()),
            (ErrorCode::DateOrder, "critical")
        );
        p.hours[3] = (0, 24);
        assert_eq!(p.validate().unwrap_err().code, ErrorCode::OutOfRange);
    }

    #[test]
    fn drafts_are_checked() {
        let d = FeedbackDraft {
            kind: "complaint".into(),
            customer_id: Some(uuid::Uuid::nil()),
            channel: "phone".into(),
            category: "damaged".into(),
            description: "外箱破损".into(),
            ..Default::default()
        };
        assert_eq!(d.validate().unwrap().severity, Some(Severity::Medium));
        let e = FeedbackDraft {
            customer_id: None,
            ..d.clone()
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            (e.code, e.field.as_ref()),
            (ErrorCode::Required, "customer_id")
        );
        let s = FeedbackDraft {
            kind: "suggestion".into(),
            category: "product_idea".into(),
            ..d.clone()
        };
        assert_eq!(
            s.validate().unwrap().severity,
            None,
            "no SLA for suggestions"
        );
        let r = ResolutionDraft {
            resolution: " ".into(),
            ..Default::default()
        };
        assert_eq!(r.validate(true).unwrap_err().code, ErrorCode::Required);
        assert!(r.validate(false).is_ok());
        let r = ResolutionDraft {
            resolution: "补发".into(),
            compensation: "10.005".into(),
            currency: "CNY".into(),
            ..Default::default()
        };
        assert_eq!(
            r.validate(true).unwrap_err().code,
            ErrorCode::TooManyDecimals
        );
    }

    #[test]
    fn categories_fit_their_kind() {
        assert!(FeedbackCategory::Damaged.fits(FeedbackKind::Complaint));
        assert!(!FeedbackCategory::Damaged.fits(FeedbackKind::Suggestion));
        assert!(FeedbackCategory::ProductIdea.fits(FeedbackKind::SuggestionBox));
        assert!(!FeedbackCategory::Pricing.fits(FeedbackKind::Complaint));
        assert!(FeedbackCategory::Other.fits(FeedbackKind::MysteryShopper));
    }
}
