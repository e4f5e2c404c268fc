//! Satisfaction (满意度): survey responses as typed and their checks, the NPS (0–10) and 1–5
//! rating scales, and the NPS and CSAT formulas.
//!
//! NPS = % promoters (9–10) − % detractors (0–6) over all NPS responses; CSAT = % of responses
//! scoring 4 or 5 on the 1–5 scale. Both are rounded to one decimal, half away from zero.

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use uuid::Uuid;

use crate::choice;
use crate::complaint::FeedbackChannel;
use crate::date::parse_date;
use crate::error::{ErrorCode, ValidationError};
use crate::text::{clean, Lines};

pub const COMMENT_MAX: usize = 5_000;

choice::choice_enum!(
    /// Where an NPS answer falls: promoters 9–10, passives 7–8, detractors 0–6.
    NpsGroup {
        Promoter => "promoter",
        Passive => "passive",
        Detractor => "detractor",
    }
);

impl NpsGroup {
    /// The lowest and highest score of the group.
    pub fn scores(self) -> (u8, u8) {
        match self {
            NpsGroup::Promoter => (9, 10),
            NpsGroup::Passive => (7, 8),
            NpsGroup::Detractor => (0, 6),
        }
    }

    /// The group of a 0–10 score.
    pub fn of(score: u8) -> NpsGroup {
        match score {
            9.. => NpsGroup::Promoter,
            7 | 8 => NpsGroup::Passive,
            _ => NpsGroup::Detractor,
        }
    }
}

/// A survey response as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SurveyDraft {
    pub customer_id: Option<Uuid>,
    pub order_id: Option<Uuid>,
    pub complaint_id: Option<Uuid>,
    pub nps: Option<i64>,
    pub csat: Option<i64>,
    pub comment: String,
    pub channel: String,
    /// YYYY-MM-DD
    pub responded_on: String,
}

/// A checked survey response; whether the customer, order and complaint exist is the store's
/// to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyFields {
    pub customer_id: Uuid,
    pub order_id: Option<Uuid>,
    pub complaint_id: Option<Uuid>,
    pub nps: Option<u8>,
    pub csat: Option<u8>,
    pub comment: String,
    pub channel: FeedbackChannel,
    pub responded_on: NaiveDate,
}

impl SurveyDraft {
    /// Checks a response: a customer, at least one score, each on its scale, a channel and a
    /// date.
    pub fn validate(&self) -> Result<SurveyFields, ValidationError> {
        let customer_id = self.customer_id.ok_or_else(|| {
            ValidationError::new(ErrorCode::Required, "customer_id", "a customer is required")
        })?;
        let nps = self.nps.map(|v| validate_nps("nps", v)).transpose()?;
        let csat = self.csat.map(|v| validate_rating("csat", v)).transpose()?;
        if nps.is_none() && csat.is_none() {
            return Err(ValidationError::new(
                ErrorCode::Required,
                "nps",
                "give an NPS or a CSAT score",
            ));
        }
        // Survey rows come from the survey form and imports, which always name a channel: an
        // empty one is not on the list either.
        let channel = choice::required("channel", &self.channel, ErrorCode::InvalidChoice)?;
        let responded_on = parse_date("responded_on", &self.responded_on)?;
        let comment = clean("comment", &self.comment, COMMENT_MAX, false, Lines::Multi)?;
        Ok(SurveyFields {
            customer_id,
            order_id: self.order_id,
            complaint_id: self.complaint_id,
            nps,
            csat,
            comment,
            channel,
            responded_on,
        })
    }
}

/// Checks an NPS score (0–10).
pub fn validate_nps(field: &'static str, v: i64) -> Result<u8, ValidationError> {
    u8::try_from(v)
        .ok()
        .filter(|v| *v <= 10)
        .ok_or_else(|| ValidationError::new(ErrorCode::OutOfRange, field, "NPS is 0 to 10"))
}

/// Checks a 1–5 rating (CSAT, satisfaction with a resolution).
pub fn validate_rating(field: &'static str, v: i64) -> Result<u8, ValidationError> {
    u8::try_from(v)
        .ok()
        .filter(|v| (1..=5).contains(v))
        .ok_or_else(|| ValidationError::new(ErrorCode::OutOfRange, field, "a rating is 1 to 5"))
}

fn percent(part: usize, whole: usize) -> Decimal {
    (Decimal::from(part as u64) * Decimal::from(100) / Decimal::from(whole as u64))
        .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
}

/// NPS over the given 0–10 scores, or `None` without responses.
pub fn nps(scores: &[u8]) -> Option<Decimal> {
    let count = |g| scores.iter().filter(|s| NpsGroup::of(**s) == g).count() as u64;
    let (promoters, detractors) = (count(NpsGroup::Promoter), count(NpsGroup::Detractor));
    nps_of_counts(
        promoters,
        scores.len() as u64 - promoters - detractors,
        detractors,
    )
}

/// NPS from how many answered 9–10 (promoters), 7–8 (passives) and 0–6 (detractors):
/// `(promoters − detractors) × 100 ÷ responses`, one decimal, or `None` without responses.
pub fn nps_of_counts(promoters: u64, passives: u64, detractors: u64) -> Option<Decimal> {
    let n = promoters + passives + detractors;
    if n == 0 {
        return None;
    }
    // One division, so the rounding happens once.
    Some(
        (Decimal::from(promoters as i64 - detractors as i64) * Decimal::from(100)
            / Decimal::from(n))
        .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero),
    )
}

/// CSAT (% of 4s and 5s) over the given 1–5 ratings, or `None` without responses.
pub fn csat(ratings: &[u8]) -> Option<Decimal> {
    if ratings.is_empty() {
        return None;
    }
    Some(percent(
        ratings.iter().filter(|r| **r >= 4).count(),
        ratings.len(),
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn nps_groups_split_the_scale_where_the_formula_does() {
        let groups: Vec<NpsGroup> = (0..=10).map(NpsGroup::of).collect();
        assert_eq!(&groups[..7], &[NpsGroup::Detractor; 7]);
        assert_eq!(&groups[7..9], &[NpsGroup::Passive; 2]);
        assert_eq!(&groups[9..], &[NpsGroup::Promoter; 2]);
        for g in NpsGroup::ALL {
            let (lo, hi) = g.scores();
            assert!((0..=10u8).all(|s| (NpsGroup::of(s) == *g) == (lo..=hi).contains(&s)));
        }
    }

    use super::*;

    #[test]
    fn nps_and_csat_by_hand() {
        // 4 promoters, 3 passives, 3 detractors of 10 → 40 % − 30 % = 10.
        assert_eq!(
            nps(&[10, 9, 9, 10, 8, 7, 7, 6, 0, 3]).unwrap().to_string(),
            "10"
        );
        // 1 promoter, 2 detractors of 3 → −33.3.
        assert_eq!(nps(&[9, 5, 6]).unwrap().to_string(), "-33.3");
        assert_eq!(nps(&[]), None);
        // 2 of 3 satisfied → 66.7.
        assert_eq!(csat(&[5, 4, 2]).unwrap().to_string(), "66.7");
        assert_eq!(
            validate_nps("nps", 11).unwrap_err().code,
            ErrorCode::OutOfRange
        );
        assert_eq!(
            validate_nps("nps", -1).unwrap_err().code,
            ErrorCode::OutOfRange
        );
        assert_eq!(
            validate_rating("csat", 0).unwrap_err().code,
            ErrorCode::OutOfRange
        );
        assert_eq!(validate_rating("csat", 5).unwrap(), 5);
    }

    #[test]
    fn survey_responses_as_typed() {
        let d = SurveyDraft {
            customer_id: Some(Uuid::nil()),
            nps: Some(9),
            channel: "phone".into(),
            responded_on: "2026-11-30".into(),
            comment: " 很满意 ".into(),
            ..Default::default()
        };
        let f = d.validate().unwrap();
        assert_eq!(
            (f.nps, f.csat, f.channel, f.comment.as_str()),
            (Some(9), None, FeedbackChannel::Phone, "很满意")
        );
        let bad = |d: SurveyDraft| {
            let e = d.validate().unwrap_err();
            (e.code, e.field.into_owned())
        };
        assert_eq!(
            bad(SurveyDraft {
                customer_id: None,
                nps: Some(11),
                ..d.clone()
            }),
            (ErrorCode::Required, "customer_id".into())
        );
        assert_eq!(
            bad(SurveyDraft {
                nps: None,
                ..d.clone()
            }),
            (ErrorCode::Required, "nps".into())
        );
        assert_eq!(
            bad(SurveyDraft {
                csat: Some(0),
                ..d.clone()
            }),
            (ErrorCode::OutOfRange, "csat".into())
        );
        assert_eq!(
            bad(SurveyDraft {
                channel: "".into(),
                ..d.clone()
            }),
            (ErrorCode::InvalidChoice, "channel".into())
        );
        assert_eq!(
            bad(SurveyDraft {
                responded_on: "".into(),
                ..d
            }),
            (ErrorCode::InvalidDate, "responded_on".into())
        );
    }

    proptest::proptest! {
        #[test]
        fn nps_stays_within_its_range_and_counts_agree(
            scores in proptest::collection::vec(0u8..=10, 0..200),
        ) {
            let promoters = scores.iter().filter(|s| **s >= 9).count() as u64;
            let detractors = scores.iter().filter(|s| **s <= 6).count() as u64;
            let passives = scores.len() as u64 - promoters - detractors;
            let n = nps(&scores);
            proptest::prop_assert_eq!(n, nps_of_counts(promoters, passives, detractors));
            if let Some(v) = n {
                proptest::prop_assert!(v >= Decimal::from(-100) && v <= Decimal::from(100));
            } else {
                proptest::prop_assert!(scores.is_empty());
            }
        }
    }
}
