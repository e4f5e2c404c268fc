//! Contact people and the phone and email rules, shared by every record that has contacts
//! (customers, suppliers) and by the company header.

use uuid::Uuid;

use crate::error::{ErrorCode, ValidationError};
use crate::text::{clean, Lines};

pub const NAME_MAX: usize = 200;
pub const ROLE_MAX: usize = 100;
pub const PHONE_MAX: usize = 40;
pub const EMAIL_MAX: usize = 254;
pub const WECHAT_MAX: usize = 64;

/// A contact person as typed. `id` is set when editing an existing contact.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactDraft {
    pub id: Option<Uuid>,
    pub name: String,
    pub role: String,
    pub phone: String,
    pub email: String,
    pub wechat: String,
    pub primary: bool,
}

/// A validated contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub id: Option<Uuid>,
    pub name: String,
    pub role: String,
    pub phone: String,
    pub email: String,
    pub wechat: String,
    pub primary: bool,
}

impl ContactDraft {
    /// A contact needs a name and at least one way to reach them.
    pub fn validate(&self) -> Result<Contact, ValidationError> {
        let name = clean("name", &self.name, NAME_MAX, true, Lines::Single)?;
        let role = clean("role", &self.role, ROLE_MAX, false, Lines::Single)?;
        let phone = validate_phone(&self.phone)?;
        let email = validate_email(&self.email)?;
        let wechat = clean("wechat", &self.wechat, WECHAT_MAX, false, Lines::Single)?;
        if wechat.chars().any(char::is_whitespace) {
            return Err(ValidationError::new(
                ErrorCode::InvalidChars,
                "wechat",
                "a WeChat ID has no spaces",
            ));
        }
        if phone.is_empty() && email.is_empty() && wechat.is_empty() {
            return Err(ValidationError::new(
                ErrorCode::UnreachableContact,
                "phone",
                "a contact needs a phone, an email or a WeChat ID",
            ));
        }
        Ok(Contact {
            id: self.id,
            name,
            role,
            phone,
            email,
            wechat,
            primary: self.primary,
        })
    }
}

/// Checks each contact (a problem is reported at `contacts.<i>.<field>`) and leaves exactly one
/// primary when there are any: the first one marked, else the first.
pub fn validate_contacts(drafts: &[ContactDraft]) -> Result<Vec<Contact>, ValidationError> {
    let mut contacts = drafts
        .iter()
        .enumerate()
        .map(|(i, c)| c.validate().map_err(|e| e.within("contacts", i)))
        .collect::<Result<Vec<_>, _>>()?;
    let primary = contacts.iter().position(|c| c.primary).unwrap_or(0);
    for (i, c) in contacts.iter_mut().enumerate() {
        c.primary = i == primary;
    }
    Ok(contacts)
}

/// Digits with the usual separators; an optional leading `+`; 3 to 20 digits.
pub fn validate_phone(input: &str) -> Result<String, ValidationError> {
    let v = clean("phone", input, PHONE_MAX, false, Lines::Single)?;
    if v.is_empty() {
        return Ok(v);
    }
    let body = v.strip_prefix('+').unwrap_or(&v);
    let allowed = body
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '.' | '/'));
    let digits = body.chars().filter(char::is_ascii_digit).count();
    if !allowed || !(3..=20).contains(&digits) {
        return Err(ValidationError::new(
            ErrorCode::InvalidPhone,
            "phone",
            "not a phone number",
        ));
    }
    Ok(v)
}

/// An address `email_address` accepts whose domain has a dot (`a@b` is not deliverable).
pub fn validate_email(input: &str) -> Result<String, ValidationError> {
    let v = clean("email", input, EMAIL_MAX, false, Lines::Single)?;
    if v.is_empty() {
        return Ok(v);
    }
    let ok = email_address::EmailAddress::parse_with_options(
        &v,
        email_address::Options::default().without_display_text(),
    )
    .map(|e| e.domain().contains('.') && !e.domain().starts_with('['))
    .unwrap_or(false);
    if !ok {
        return Err(ValidationError::new(
            ErrorCode::InvalidEmail,
            "email",
            "not an email address",
        ));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_rules() {
        for ok in ["", "13800138000", "+86 (755) 2878-0808", "010/1234.5678"] {
            assert!(validate_phone(ok).is_ok(), "{ok}");
        }
        for bad in [
            "12",
            "abc",
            "+86 138 0013 8000 ext 5",
            "1+2",
            "１３８００１３８０００",
            "123456789012345678901",
        ] {
            assert_eq!(
                validate_phone(bad).unwrap_err().code,
                ErrorCode::InvalidPhone,
                "{bad}"
            );
        }
    }

    #[test]
    fn email_rules() {
        for ok in ["", "a@b.co", "zhang.san+orders@example.com.cn", " x@y.org "] {
            assert!(validate_email(ok).is_ok(), "{ok}");
        }
        for bad in [
            "not-an-email",
            "a@b",
            "@x.com",
            "a@",
            "张三@",
            "a b@c.com",
            "Zhang <z@x.com>",
        ] {
            assert_eq!(
                validate_email(bad).unwrap_err().code,
                ErrorCode::InvalidEmail,
                "{bad}"
            );
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(validate_email(&long).unwrap_err().code, ErrorCode::TooLong);
    }

    #[test]
    fn a_contact_needs_a_way_to_reach_them() {
        let c = ContactDraft {
            name: " 王芳 ".into(),
            ..Default::default()
        };
        let e = c.validate().unwrap_err();
        assert_eq!(
            (e.code, e.field.as_ref()),
            (ErrorCode::UnreachableContact, "phone")
        );
        let c = ContactDraft {
            wechat: "wangfang_88".into(),
            ..c
        };
        assert_eq!(c.validate().unwrap().name, "王芳");
        let e = ContactDraft {
            wechat: "wang fang".into(),
            ..c
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            (e.code, e.field.as_ref()),
            (ErrorCode::InvalidChars, "wechat")
        );
    }

    #[test]
    fn one_primary_contact_and_errors_name_their_contact() {
        let c = |name: &str, email: &str, primary| ContactDraft {
            name: name.into(),
            email: email.into(),
            primary,
            ..Default::default()
        };
        let primaries = |drafts: &[ContactDraft]| {
            validate_contacts(drafts)
                .unwrap()
                .iter()
                .map(|c| c.primary)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            primaries(&[c("A", "a@x.cn", false), c("B", "b@x.cn", false)]),
            [true, false]
        );
        assert_eq!(
            primaries(&[
                c("A", "a@x.cn", false),
                c("B", "b@x.cn", true),
                c("C", "c@x.cn", true)
            ]),
            [false, true, false]
        );
        assert!(validate_contacts(&[]).unwrap().is_empty());
        let e = validate_contacts(&[c("A", "a@x.cn", false), c("B", "b@", false)]).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_ref()),
            (ErrorCode::InvalidEmail, "contacts.1.email")
        );
    }
}
