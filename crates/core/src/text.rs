//! Cleaning and checking free text from the user: trimming, length in characters (not bytes,
//! so Chinese and emoji count as one each) and rejecting control characters that would break
//! lists, exports and search.

use std::borrow::Cow;

use crate::error::{ErrorCode, ValidationError};

/// Whether line breaks and tabs are allowed (notes) or not (names, codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    Single,
    Multi,
}

/// Trims `value` and checks it against `max_chars`; `required` rejects an empty result.
pub fn clean(
    field: &'static str,
    value: &str,
    max_chars: usize,
    required: bool,
    lines: Lines,
) -> Result<String, ValidationError> {
    let v = value.trim();
    if required && v.is_empty() {
        return Err(ValidationError::new(
            ErrorCode::Required,
            field,
            "a value is required",
        ));
    }
    let len = v.chars().count();
    if len > max_chars {
        return Err(ValidationError::new(
            ErrorCode::TooLong,
            field,
            format!("at most {max_chars} characters, got {len}"),
        )
        .with_limit(max_chars));
    }
    let bad = v.chars().any(|c| match lines {
        Lines::Multi => c.is_control() && c != '\n' && c != '\t' && c != '\r',
        Lines::Single => c.is_control(),
    });
    if bad {
        return Err(ValidationError::new(
            ErrorCode::InvalidChars,
            field,
            "contains control characters",
        ));
    }
    Ok(v.to_owned())
}

/// Whether a spreadsheet opening `v` as a cell would take it for a formula: it starts with
/// `=` or `@` (or a tab or carriage return, which Excel skips), or with `+` or `-` followed by
/// more than a plain number or phone number (`+86 755 1234 5678` and `-12.5` stay values).
fn looks_like_formula(v: &str) -> bool {
    match v.chars().next() {
        Some('=' | '@' | '\t' | '\r') => true,
        Some('+' | '-') => !v
            .chars()
            .all(|c| c.is_ascii_digit() || " .,-+()/".contains(c)),
        _ => false,
    }
}

/// A text cell as it goes into a CSV file or the import's report, so that opening the file in a
/// spreadsheet runs nothing (CSV injection: `=HYPERLINK(…)` in a customer's name): a value
/// that would read as a formula gets a leading apostrophe, which spreadsheets show as text and
/// [`unguard_cell`] removes on import, so export and import round-trip.
pub fn guard_cell(v: &str) -> Cow<'_, str> {
    if looks_like_formula(v) {
        Cow::Owned(format!("'{v}"))
    } else {
        Cow::Borrowed(v)
    }
}

/// A cell read from an imported file without the apostrophe [`guard_cell`] (or a
/// spreadsheet user) put before a would-be formula; any other value unchanged.
pub fn unguard_cell(v: &str) -> &str {
    match v.strip_prefix('\'') {
        Some(rest) if looks_like_formula(rest) => rest,
        _ => v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_counts_characters_not_bytes() {
        assert_eq!(
            clean("f", "  深圳  ", 2, true, Lines::Single).unwrap(),
            "深圳"
        );
        assert_eq!(clean("f", "😀😀", 2, true, Lines::Single).unwrap(), "😀😀");
        assert_eq!(
            clean("f", "😀😀😀", 2, true, Lines::Single)
                .unwrap_err()
                .code,
            ErrorCode::TooLong
        );
    }

    #[test]
    fn required_and_control_chars() {
        assert_eq!(
            clean("f", "   ", 10, true, Lines::Single).unwrap_err().code,
            ErrorCode::Required
        );
        assert_eq!(clean("f", "", 10, false, Lines::Single).unwrap(), "");
        assert_eq!(
            clean("f", "a\nb", 10, true, Lines::Single)
                .unwrap_err()
                .code,
            ErrorCode::InvalidChars
        );
        assert_eq!(clean("f", "a\nb", 10, true, Lines::Multi).unwrap(), "a\nb");
        assert_eq!(
            clean("f", "a\u{0}b", 10, true, Lines::Multi)
                .unwrap_err()
                .code,
            ErrorCode::InvalidChars
        );
    }

    #[test]
    fn cells_that_would_run_as_formulas_are_guarded_and_round_trip() {
        for v in [
            "=HYPERLINK(\"http://x\",\"a\")",
            "@SUM(A1)",
            "+cmd|' /C calc'!A0",
            "-2+3*A1",
            "\t=1+1",
            "\r=1",
        ] {
            let g = guard_cell(v);
            assert_eq!(g, format!("'{v}"), "{v:?}");
            assert_eq!(unguard_cell(&g), v);
        }
        for v in [
            "宏达精工",
            "+86 755 1234 5678",
            "-12.5",
            "(0755) 1234-5678",
            "",
            "'quoted",
            "a=b",
        ] {
            assert_eq!(guard_cell(v), v, "{v:?}");
            assert_eq!(unguard_cell(v), v, "{v:?}");
        }
        // A user's own apostrophe before a value that needs none is theirs to keep.
        assert_eq!(unguard_cell("'0755"), "'0755");
    }
}
