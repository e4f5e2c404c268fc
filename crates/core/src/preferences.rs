//! A device's own preferences that are not business data: how the window looks.

use crate::choice::{self, choice_enum};
use crate::error::{ErrorCode, ValidationError};

choice_enum!(
    /// Light, dark, or whatever the operating system uses (the default).
    #[derive(Default)]
    Theme {
        Light => "light",
        Dark => "dark",
        #[default]
        System => "system",
    }
);

impl Theme {
    /// A theme as chosen in Settings; anything else is refused.
    pub fn parse_choice(s: &str) -> Result<Theme, ValidationError> {
        choice::required("theme", s, ErrorCode::InvalidChoice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes() {
        assert_eq!(Theme::default(), Theme::System);
        assert_eq!(Theme::parse_choice(" dark ").unwrap(), Theme::Dark);
        let e = Theme::parse_choice("sepia").unwrap_err();
        assert_eq!(
            (e.code, e.field.as_ref()),
            (ErrorCode::InvalidChoice, "theme")
        );
        assert_eq!(
            Theme::parse_choice("").unwrap_err().code,
            ErrorCode::InvalidChoice
        );
    }
}
