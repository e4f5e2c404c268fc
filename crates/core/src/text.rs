//! Cleaning and checking free text from the user: trimming, length in characters (not bytes,
//! so Chinese and emoji count as one each) and rejecting control characters that would break
//! lists, exports and search.

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
        ));
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
}
