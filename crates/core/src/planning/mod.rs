//! Stock planning: the formulas behind product classes and replenishment, as pure functions
//! over plain values (the store gathers demand, stock and open documents into them).
//!
//! Demand is in units (f64: it is a statistic, not a booking); stock quantities that become
//! documents stay [`crate::product::Qty`] (exact thousandths) and are rounded up only here.
//!
//! - [`classes`]: product ABC by consumption value (core's one ABC rule), XYZ by the
//!   coefficient of variation of monthly demand, and the stock-count frequency of each pair;
//! - [`reorder`]: service levels and their z values, safety stock, the reorder point, the
//!   demand over a horizon (the one place the forecast will plug in) and the suggested
//!   quantity with its reasoning.

pub mod classes;
pub mod reorder;

use serde::{Deserialize, Serialize};

use crate::error::{ErrorCode, ValidationError};

/// The planning rules every device applies alike (one business setting).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct PlanningSettings {
    pub service_levels: reorder::ServiceLevels,
    pub xyz: classes::XyzThresholds,
    /// Days between two looks at the replenishment list.
    #[serde(default = "default_review_days")]
    pub review_days: u32,
}

fn default_review_days() -> u32 {
    reorder::DEFAULT_REVIEW_DAYS
}

impl PlanningSettings {
    pub fn defaults() -> Self {
        PlanningSettings {
            review_days: reorder::DEFAULT_REVIEW_DAYS,
            ..Default::default()
        }
    }

    /// Service levels 50–99.9 %, X below Y, a review period of 0–365 days.
    pub fn validate(self) -> Result<Self, ValidationError> {
        self.service_levels.validate()?;
        self.xyz.validate()?;
        if self.review_days > 365 {
            return Err(ValidationError::new(
                ErrorCode::OutOfRange,
                "review_days",
                "the review period must be 0..=365 days",
            ));
        }
        Ok(self)
    }
}

/// Days of daily demand behind the mean and standard deviation (about half a year, ending
/// yesterday; shorter from a first sale inside it).
pub const HISTORY_DAYS: i64 = 182;
/// Whole months behind ABC and XYZ (the calendar months before today's).
pub const CLASS_MONTHS: u32 = 12;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_defaults_and_checks() {
        let d = PlanningSettings::defaults();
        assert_eq!(d.review_days, 7);
        assert_eq!(d.service_levels.a, 95.0);
        assert!(d.validate().is_ok());
        let bad = PlanningSettings {
            review_days: 400,
            ..d
        };
        assert_eq!(bad.validate().unwrap_err().field, "review_days");
        // a stored value without the review period reads the default
        let old: PlanningSettings = serde_json::from_str(
            r#"{"service_levels":{"a":99,"b":90,"c":80},"xyz":{"x_up_to":0.4,"y_up_to":0.9}}"#,
        )
        .unwrap();
        assert_eq!(old.review_days, 7);
        assert_eq!(old.service_levels.a, 99.0);
    }
}
