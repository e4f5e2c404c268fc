//! Closed lists of choices (channel, order status, return reason, …): declared once with
//! `choice_enum!`, stored and sent as their snake_case text, and parsed from what the user or
//! the UI sent by [`required`] and [`optional`], so every list reports a bad value the same way.

use crate::error::{ErrorCode, ValidationError};

/// A closed list of choices, each with the text it is stored and sent as.
pub trait Choice: Sized + Copy + 'static {
    /// Every choice, in declaration order.
    const ALL: &'static [Self];

    fn as_str(self) -> &'static str;

    /// The choice whose text is exactly `s`.
    fn parse(s: &str) -> Option<Self>;
}

/// Declares a closed list of choices stored as snake_case text: the enum with `Debug, Clone,
/// Copy, PartialEq, Eq, Hash, Serialize, Deserialize`, and `ALL`, `as_str` and `parse` both as
/// inherent items (callers need no import) and as the [`Choice`] impl. Attributes pass through,
/// so `#[derive(Default)]` on the enum with `#[default]` on a variant marks a default.
///
/// Each variant's serde name is its text, so the stored, sent and serialised forms cannot
/// drift apart.
macro_rules! choice_enum {
    (
        $(#[$m:meta])*
        $name:ident {
            $($(#[$vm:meta])* $variant:ident => $text:literal),+ $(,)?
        }
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl $crate::choice::Choice for $name {
            const ALL: &'static [Self] = $name::ALL;

            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }

            fn parse(s: &str) -> Option<Self> {
                $name::parse(s)
            }
        }
    };
}

pub(crate) use choice_enum;

/// Parses a choice that must be given (surrounding spaces ignored). `blank` is the code an empty
/// value is reported with: `Required` where the form starts with nothing chosen, so the user is
/// told to choose; `InvalidChoice` where the UI always sends a choice, so an empty one is just
/// another value not on the list.
pub fn required<T: Choice>(
    field: &'static str,
    s: &str,
    blank: ErrorCode,
) -> Result<T, ValidationError> {
    match s.trim() {
        "" if blank == ErrorCode::Required => Err(ValidationError::new(
            ErrorCode::Required,
            field,
            "choose one",
        )),
        v => T::parse(v).ok_or_else(|| not_listed::<T>(field, v)),
    }
}

/// Parses a choice that may be left empty: empty (or only spaces) is `None`.
pub fn optional<T: Choice>(field: &'static str, s: &str) -> Result<Option<T>, ValidationError> {
    match s.trim() {
        "" => Ok(None),
        v => T::parse(v)
            .map(Some)
            .ok_or_else(|| not_listed::<T>(field, v)),
    }
}

fn not_listed<T: Choice>(field: &'static str, v: &str) -> ValidationError {
    let listed: Vec<&str> = T::ALL.iter().map(|c| c.as_str()).collect();
    ValidationError::new(
        ErrorCode::InvalidChoice,
        field,
        format!("{v:?} is not one of {}", listed.join(", ")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    choice_enum!(
        #[derive(Default)]
        Fruit {
            Apple => "apple",
            #[default]
            BloodOrange => "blood_orange",
        }
    );

    #[test]
    fn text_serde_and_parse_agree() {
        for &f in Fruit::ALL {
            assert_eq!(Fruit::parse(f.as_str()), Some(f));
            assert_eq!(
                serde_json::to_string(&f).unwrap(),
                format!("\"{}\"", f.as_str())
            );
        }
        assert_eq!(Fruit::default(), Fruit::BloodOrange);
        assert_eq!(Fruit::parse("Apple"), None, "exact text only");
    }

    #[test]
    fn required_and_optional() {
        let err = |r: Result<Fruit, ValidationError>| {
            let e = r.unwrap_err();
            (e.code, e.field.into_owned())
        };
        assert_eq!(
            required::<Fruit>("f", " apple ", ErrorCode::Required),
            Ok(Fruit::Apple)
        );
        assert_eq!(
            err(required("f", " ", ErrorCode::Required)),
            (ErrorCode::Required, "f".into())
        );
        assert_eq!(
            err(required("f", "", ErrorCode::InvalidChoice)),
            (ErrorCode::InvalidChoice, "f".into())
        );
        assert_eq!(
            err(required("f", "pear", ErrorCode::Required)),
            (ErrorCode::InvalidChoice, "f".into())
        );
        assert_eq!(optional::<Fruit>("f", "  "), Ok(None));
        assert_eq!(
            optional::<Fruit>("f", "blood_orange"),
            Ok(Some(Fruit::BloodOrange))
        );
        let e = optional::<Fruit>("f", "pear").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidChoice);
        assert!(e.message.contains("apple, blood_orange"), "{}", e.message);
    }
}
