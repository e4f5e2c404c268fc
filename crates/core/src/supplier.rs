//! Suppliers (供应商管理): the record, what they supply, contracts and periodic evaluations.
//! Logistics carriers and after-sales service agents are suppliers of a service kind.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::choice::{self, choice_enum};
use crate::contact::{validate_contacts, Contact, ContactDraft};
use crate::date::parse_date;
use crate::error::{ErrorCode, ValidationError};
use crate::money;
use crate::product::parse_days;
use crate::text::{clean, Lines};

choice_enum!(
    /// What a supplier provides: goods, or a service (carriers, after-sales agents).
    SupplierKind {
        Goods => "goods",
        Logistics => "logistics",
        Service => "service",
    }
);

choice_enum!(
    /// Whether we buy from the supplier: blocked suppliers get no new purchase orders.
    SupplierStatus {
        Approved => "approved",
        Probation => "probation",
        Blocked => "blocked",
    }
);

/// A supplier as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SupplierDraft {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub status: String,
    pub categories: Vec<String>,
    /// The people to talk to; when there are any, exactly one ends up primary.
    pub contacts: Vec<ContactDraft>,
    pub notes: String,
}

/// A supplier's contacts: as many as a real supplier has (sales, logistics, quality).
pub const SUPPLIER_CONTACTS_MAX: usize = 20;

/// A validated supplier with its contacts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierRecord {
    pub fields: SupplierFields,
    pub contacts: Vec<Contact>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierFields {
    pub code: String,
    pub name: String,
    pub kind: SupplierKind,
    pub status: SupplierStatus,
    pub categories: Vec<String>,
    pub notes: String,
}

impl SupplierDraft {
    /// Checks the supplier and its contacts in form order; the first contact marked primary
    /// (else the first contact) becomes the only primary one.
    pub fn validate_record(&self) -> Result<SupplierRecord, ValidationError> {
        let fields = self.validate()?;
        if self.contacts.len() > SUPPLIER_CONTACTS_MAX {
            return Err(ValidationError::new(
                ErrorCode::OutOfRange,
                "contacts",
                format!("at most {SUPPLIER_CONTACTS_MAX} contacts"),
            ));
        }
        let contacts = validate_contacts(&self.contacts)?;
        Ok(SupplierRecord { fields, contacts })
    }

    /// Checks the supplier's own fields.
    pub fn validate(&self) -> Result<SupplierFields, ValidationError> {
        // Empty: the store gives a new supplier the next code (`S-<device>-<seq>`), as it does
        // customers; an edit must keep one (the store refuses an empty code there).
        let code = clean("code", &self.code, 32, false, Lines::Single)?.to_uppercase();
        let name = clean("name", &self.name, 200, true, Lines::Single)?;
        let kind = choice::optional("kind", &self.kind)?.unwrap_or(SupplierKind::Goods);
        let status = choice::optional("status", &self.status)?.unwrap_or(SupplierStatus::Approved);
        let mut categories = Vec::new();
        for c in &self.categories {
            let c = clean("categories", c, 100, false, Lines::Single)?;
            if !c.is_empty() && !categories.contains(&c) {
                categories.push(c);
            }
        }
        Ok(SupplierFields {
            code,
            name,
            kind,
            status,
            categories,
            notes: clean("notes", &self.notes, 10_000, false, Lines::Multi)?,
        })
    }
}

/// What a supplier supplies, at what price and lead time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SupplyDraft {
    pub supplier_id: Uuid,
    pub product_id: Uuid,
    pub currency: String,
    pub price: String,
    pub lead_time_days: String,
    pub preferred: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplyFields {
    pub supplier_id: Uuid,
    pub product_id: Uuid,
    pub currency: String,
    pub price: Decimal,
    pub lead_time_days: u32,
    pub preferred: bool,
}

impl SupplyDraft {
    pub fn validate(&self) -> Result<SupplyFields, ValidationError> {
        let currency = money::parse_currency("currency", &self.currency)?;
        Ok(SupplyFields {
            supplier_id: self.supplier_id,
            product_id: self.product_id,
            price: money::parse_non_negative_amount("price", &self.price, &currency)?,
            currency,
            lead_time_days: parse_days("lead_time_days", &self.lead_time_days)?,
            preferred: self.preferred,
        })
    }
}

/// A supplier contract (供应商合同) as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContractDraft {
    pub supplier_id: Uuid,
    pub title: String,
    /// `YYYY-MM-DD`
    pub starts_on: String,
    /// `YYYY-MM-DD`
    pub ends_on: String,
    pub terms: String,
    pub auto_renew: bool,
    pub notice_days: String,
    pub reference: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractFields {
    pub supplier_id: Uuid,
    pub title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub terms: String,
    pub auto_renew: bool,
    pub notice_days: u32,
    pub reference: String,
}

impl ContractDraft {
    pub fn validate(&self) -> Result<ContractFields, ValidationError> {
        let title = clean("title", &self.title, 200, true, Lines::Single)?;
        let starts_on = parse_date("starts_on", &self.starts_on)?;
        let ends_on = parse_date("ends_on", &self.ends_on)?;
        if ends_on < starts_on {
            return Err(ValidationError::new(
                ErrorCode::DateOrder,
                "ends_on",
                "the contract ends before it starts",
            ));
        }
        Ok(ContractFields {
            supplier_id: self.supplier_id,
            title,
            starts_on,
            ends_on,
            terms: clean("terms", &self.terms, 10_000, false, Lines::Multi)?,
            auto_renew: self.auto_renew,
            notice_days: parse_days("notice_days", &self.notice_days)?,
            reference: clean("reference", &self.reference, 300, false, Lines::Single)?,
        })
    }
}

/// A periodic manual rating of a supplier (the manual part of the scorecard).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvaluationDraft {
    pub supplier_id: Uuid,
    /// `YYYY-MM` or `YYYY-Qn`.
    pub period: String,
    pub cooperation: u8,
    pub service: u8,
    pub technology: u8,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvaluationFields {
    pub supplier_id: Uuid,
    pub period: String,
    pub cooperation: u8,
    pub service: u8,
    pub technology: u8,
    pub comment: String,
}

impl EvaluationDraft {
    pub fn validate(&self) -> Result<EvaluationFields, ValidationError> {
        let period = self.period.trim().to_uppercase();
        let ok = match period.split_once('-') {
            Some((y, rest)) if y.len() == 4 && y.parse::<u16>().is_ok() => {
                matches!(rest, "Q1" | "Q2" | "Q3" | "Q4")
                    || rest.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m)) && rest.len() == 2
            }
            _ => false,
        };
        if !ok {
            return Err(ValidationError::new(
                ErrorCode::InvalidDate,
                "period",
                "YYYY-MM or YYYY-Qn",
            ));
        }
        for (field, v) in [
            ("cooperation", self.cooperation),
            ("service", self.service),
            ("technology", self.technology),
        ] {
            if !(1..=5).contains(&v) {
                return Err(ValidationError::new(
                    ErrorCode::OutOfRange,
                    field,
                    "a rating from 1 to 5",
                ));
            }
        }
        Ok(EvaluationFields {
            supplier_id: self.supplier_id,
            period,
            cooperation: self.cooperation,
            service: self.service,
            technology: self.technology,
            comment: clean("comment", &self.comment, 2_000, false, Lines::Multi)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn supplier_validation() {
        let d = SupplierDraft {
            code: " s-01 ".into(),
            name: "宁波精工五金".into(),
            categories: vec!["紧固件".into(), "".into(), "紧固件".into()],
            ..Default::default()
        };
        let f = d.validate().unwrap();
        assert_eq!(
            (f.code.as_str(), f.kind, f.status),
            ("S-01", SupplierKind::Goods, SupplierStatus::Approved)
        );
        assert_eq!(f.categories, vec!["紧固件"]);
        let e = SupplierDraft {
            status: "banned".into(),
            ..d.clone()
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            (e.code, e.field.as_ref()),
            (ErrorCode::InvalidChoice, "status")
        );
        let contact = |name: &str, email: &str, primary| ContactDraft {
            name: name.into(),
            email: email.into(),
            primary,
            ..Default::default()
        };
        let e = SupplierDraft {
            contacts: vec![
                contact("王经理", "wang@nbjg.cn", false),
                contact("李", "x@", false),
            ],
            ..d.clone()
        }
        .validate_record()
        .unwrap_err();
        assert_eq!(
            (e.code, e.field.as_ref()),
            (ErrorCode::InvalidEmail, "contacts.1.email")
        );
        let e = SupplierDraft {
            contacts: vec![contact("李", "", false)],
            ..d.clone()
        }
        .validate_record()
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::UnreachableContact);
        let r = SupplierDraft {
            contacts: vec![
                contact("王经理", "wang@nbjg.cn", false),
                contact("李", "li@nbjg.cn", true),
                contact("赵", "zhao@nbjg.cn", true),
            ],
            ..d
        }
        .validate_record()
        .unwrap();
        assert_eq!(
            r.contacts.iter().map(|c| c.primary).collect::<Vec<_>>(),
            [false, true, false],
            "exactly one primary: the first marked"
        );
    }

    #[test]
    fn contracts_cannot_end_before_they_start() {
        let d = ContractDraft {
            title: "2027 框架协议".into(),
            starts_on: "2027-01-01".into(),
            ends_on: "2027-12-31".into(),
            notice_days: "30".into(),
            ..Default::default()
        };
        assert_eq!(d.validate().unwrap().notice_days, 30);
        let e = ContractDraft {
            ends_on: "2026-12-31".into(),
            ..d.clone()
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            (e.code, e.field.as_ref()),
            (ErrorCode::DateOrder, "ends_on")
        );
        let e = ContractDraft {
            starts_on: "2027-02-30".into(),
            ..d
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidDate);
    }

    #[test]
    fn evaluations() {
        let d = EvaluationDraft {
            period: "2026-q4".into(),
            cooperation: 4,
            service: 5,
            technology: 3,
            ..Default::default()
        };
        assert_eq!(d.validate().unwrap().period, "2026-Q4");
        assert!(EvaluationDraft {
            period: "2026-11".into(),
            ..d.clone()
        }
        .validate()
        .is_ok());
        for bad in ["2026-13", "2026-1", "26-11", "2026-Q5", ""] {
            assert_eq!(
                EvaluationDraft {
                    period: bad.into(),
                    ..d.clone()
                }
                .validate()
                .unwrap_err()
                .code,
                ErrorCode::InvalidDate,
                "{bad}"
            );
        }
        let e = EvaluationDraft {
            service: 6,
            ..d.clone()
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            (e.code, e.field.as_ref()),
            (ErrorCode::OutOfRange, "service")
        );
        assert!(EvaluationDraft { technology: 0, ..d }.validate().is_err());
    }

    #[test]
    fn supplies() {
        let d = SupplyDraft {
            currency: "CNY".into(),
            price: "0.125".into(),
            ..Default::default()
        };
        assert_eq!(d.validate().unwrap_err().code, ErrorCode::TooManyDecimals);
        let d = SupplyDraft {
            price: "0.12".into(),
            lead_time_days: "21".into(),
            ..d
        };
        assert_eq!(d.validate().unwrap().lead_time_days, 21);
    }
}
