//! Dates and times as the UI and the database write them: calendar days as `YYYY-MM-DD` and
//! instants as RFC 3339. Every form field holding one is parsed here, so a bad value is the same
//! [`ErrorCode::InvalidDate`] whichever record it belongs to.

use chrono::{DateTime, NaiveDate, Utc};

use crate::error::{ErrorCode, ValidationError};

/// A calendar day, `YYYY-MM-DD`, surrounding spaces ignored.
pub fn parse_date(field: &'static str, s: &str) -> Result<NaiveDate, ValidationError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| ValidationError::new(ErrorCode::InvalidDate, field, "not a date (YYYY-MM-DD)"))
}

/// An optional calendar day: empty (or only spaces) is `None`.
pub fn opt_date(field: &'static str, s: &str) -> Result<Option<NaiveDate>, ValidationError> {
    match s.trim() {
        "" => Ok(None),
        v => parse_date(field, v).map(Some),
    }
}

/// An instant in RFC 3339 with any UTC offset, as UTC.
pub fn parse_at(field: &'static str, s: &str) -> Result<DateTime<Utc>, ValidationError> {
    DateTime::parse_from_rfc3339(s.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| ValidationError::new(ErrorCode::InvalidDate, field, "not a date and time"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days() {
        assert_eq!(
            parse_date("d", " 2028-02-29 ").unwrap(),
            NaiveDate::from_ymd_opt(2028, 2, 29).unwrap()
        );
        for bad in ["2027-02-29", "2027-2-30", "29.02.2028", ""] {
            let e = parse_date("d", bad).unwrap_err();
            assert_eq!((e.code, e.field.as_ref()), (ErrorCode::InvalidDate, "d"));
        }
        assert_eq!(opt_date("d", "  ").unwrap(), None);
        assert!(opt_date("d", "2027-13-01").is_err());
    }

    #[test]
    fn instants_become_utc() {
        let t = parse_at("at", "2026-11-23T09:30:00+08:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-23T01:30:00+00:00");
        assert_eq!(
            parse_at("at", "2026-11-23").unwrap_err().code,
            ErrorCode::InvalidDate
        );
    }
}
