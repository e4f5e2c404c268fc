//! The business's own details, printed at the top of documents (order confirmations).

use serde::{Deserialize, Serialize};

use crate::contact::{validate_email, validate_phone};
use crate::error::ValidationError;
use crate::text::{clean, Lines};

/// The company header as typed in Settings; every field may be empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Company {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    /// 统一社会信用代码 / VAT or tax number.
    pub tax_id: String,
}

impl Company {
    /// Checks and normalises each field in form order.
    pub fn validate(&self) -> Result<Company, ValidationError> {
        Ok(Company {
            name: clean("name", &self.name, 200, false, Lines::Single)?,
            address: clean("address", &self.address, 500, false, Lines::Multi)?,
            phone: validate_phone(&self.phone)?,
            email: validate_email(&self.email)?,
            tax_id: clean("tax_id", &self.tax_id, 50, false, Lines::Single)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn company_fields_are_checked() {
        let c = Company {
            name: " 链簿贸易有限公司 ".into(),
            phone: "0755-12345678".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(c.name, "链簿贸易有限公司");
        let e = Company {
            email: "nope".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            (e.code, e.field.as_ref()),
            (ErrorCode::InvalidEmail, "email")
        );
    }
}
