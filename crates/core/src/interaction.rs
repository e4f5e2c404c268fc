//! Interactions with customers (客户互动): calls, visits, emails, messages and meetings, each with
//! an optional follow-up date. Interactions are insert-only facts (they merge by union when
//! devices sync); marking a follow-up done is another insert-only fact.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Utc};
use uuid::Uuid;

use crate::choice::{self, choice_enum};
use crate::date::opt_date;
use crate::error::{ErrorCode, ValidationError};
use crate::text::{clean, Lines};

pub const SUMMARY_MAX: usize = 2_000;
pub const OUTCOME_MAX: usize = 1_000;

choice_enum!(
    /// What kind of contact it was.
    InteractionKind {
        Call => "call",
        Visit => "visit",
        Email => "email",
        Message => "message",
        Meeting => "meeting",
    }
);

/// An interaction as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InteractionDraft {
    pub customer_id: Uuid,
    pub contact_id: Option<Uuid>,
    /// `InteractionKind` as text.
    pub kind: String,
    /// RFC 3339 with the user's UTC offset, e.g. `2026-11-23T09:30:00+08:00`: the offset
    /// decides which calendar day the interaction happened on.
    pub occurred_at: String,
    pub summary: String,
    pub outcome: String,
    /// `YYYY-MM-DD`, or empty for no follow-up.
    pub follow_up_on: String,
}

/// A validated interaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InteractionFields {
    pub customer_id: Uuid,
    pub contact_id: Option<Uuid>,
    pub kind: InteractionKind,
    pub occurred_at: DateTime<Utc>,
    pub summary: String,
    pub outcome: String,
    pub follow_up_on: Option<NaiveDate>,
}

impl InteractionDraft {
    pub fn validate(&self) -> Result<InteractionFields, ValidationError> {
        let kind = choice::required("kind", &self.kind, ErrorCode::InvalidChoice)?;
        let occurred: DateTime<FixedOffset> = DateTime::parse_from_rfc3339(self.occurred_at.trim())
            .map_err(|_| {
                ValidationError::new(ErrorCode::InvalidDate, "occurred_at", "not a date and time")
            })?;
        let summary = clean("summary", &self.summary, SUMMARY_MAX, true, Lines::Multi)?;
        let outcome = clean("outcome", &self.outcome, OUTCOME_MAX, false, Lines::Multi)?;
        let follow_up_on = opt_date("follow_up_on", &self.follow_up_on)?;
        if let Some(d) = follow_up_on {
            if d < occurred.date_naive() {
                return Err(ValidationError::new(
                    ErrorCode::DateOrder,
                    "follow_up_on",
                    "the follow-up is before the interaction",
                ));
            }
        }
        Ok(InteractionFields {
            customer_id: self.customer_id,
            contact_id: self.contact_id,
            kind,
            occurred_at: occurred.with_timezone(&Utc),
            summary,
            outcome,
            follow_up_on,
        })
    }
}

choice_enum!(
    /// Which open follow-ups to list, relative to `today` (the user's local date).
    FollowUpRange {
        /// Due before today.
        Overdue => "overdue",
        /// Due today.
        Today => "today",
        /// Due from today to the end of this week (Monday–Sunday weeks).
        ThisWeek => "this_week",
        /// Every open follow-up.
        AllOpen => "all_open",
    }
);

impl FollowUpRange {
    /// Inclusive date bounds for the range; `None` is unbounded.
    pub fn bounds(self, today: NaiveDate) -> (Option<NaiveDate>, Option<NaiveDate>) {
        match self {
            FollowUpRange::Overdue => (None, today.pred_opt()),
            FollowUpRange::Today => (Some(today), Some(today)),
            FollowUpRange::ThisWeek => {
                let days_left = 6 - i64::from(today.weekday().num_days_from_monday());
                (Some(today), Some(today + Duration::days(days_left)))
            }
            FollowUpRange::AllOpen => (None, None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> InteractionDraft {
        InteractionDraft {
            customer_id: Uuid::nil(),
            contact_id: None,
            kind: "call".into(),
            occurred_at: "2026-11-23T09:30:00+08:00".into(),
            summary: "询问春节前交货".into(),
            outcome: "同意先发一半".into(),
            follow_up_on: "2026-11-24".into(),
        }
    }

    #[test]
    fn good_interaction() {
        let f = draft().validate().unwrap();
        assert_eq!(f.kind, InteractionKind::Call);
        assert_eq!(f.occurred_at.to_rfc3339(), "2026-11-23T01:30:00+00:00");
        assert_eq!(f.follow_up_on, NaiveDate::from_ymd_opt(2026, 11, 24));
    }

    #[test]
    fn follow_up_same_day_is_fine_but_not_before() {
        let d = InteractionDraft {
            follow_up_on: "2026-11-23".into(),
            ..draft()
        };
        assert!(d.validate().is_ok());
        let d = InteractionDraft {
            follow_up_on: "2026-11-22".into(),
            ..draft()
        };
        let e = d.validate().unwrap_err();
        assert_eq!(
            (e.code, e.field.as_ref()),
            (ErrorCode::DateOrder, "follow_up_on")
        );
    }

    #[test]
    fn the_local_day_decides_not_utc() {
        // 00:30 on the 23rd in Beijing is still the 22nd in UTC: a follow-up on the 23rd is
        // the same day, not before it.
        let d = InteractionDraft {
            occurred_at: "2026-11-23T00:30:00+08:00".into(),
            follow_up_on: "2026-11-23".into(),
            ..draft()
        };
        assert!(d.validate().is_ok());
    }

    #[test]
    fn bad_values() {
        let e = |d: InteractionDraft| {
            let e = d.validate().unwrap_err();
            (e.code, e.field.into_owned())
        };
        assert_eq!(
            e(InteractionDraft {
                kind: "fax".into(),
                ..draft()
            }),
            (ErrorCode::InvalidChoice, "kind".into())
        );
        assert_eq!(
            e(InteractionDraft {
                occurred_at: "yesterday".into(),
                ..draft()
            }),
            (ErrorCode::InvalidDate, "occurred_at".into())
        );
        assert_eq!(
            e(InteractionDraft {
                summary: " ".into(),
                ..draft()
            }),
            (ErrorCode::Required, "summary".into())
        );
        assert_eq!(
            e(InteractionDraft {
                follow_up_on: "2026-02-30".into(),
                ..draft()
            }),
            (ErrorCode::InvalidDate, "follow_up_on".into())
        );
    }

    #[test]
    fn ranges() {
        let wed = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(FollowUpRange::Overdue.bounds(wed), (None, d("2026-11-24")));
        assert_eq!(
            FollowUpRange::Today.bounds(wed),
            (d("2026-11-25"), d("2026-11-25"))
        );
        assert_eq!(
            FollowUpRange::ThisWeek.bounds(wed),
            (d("2026-11-25"), d("2026-11-29"))
        );
        let sun = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        assert_eq!(
            FollowUpRange::ThisWeek.bounds(sun),
            (d("2026-11-29"), d("2026-11-29"))
        );
    }
}
