//! Wire types of suppliers with their contacts, what they supply, contracts and evaluations.

use chainbook_core::choice;
use chainbook_core::supplier::{ContractDraft, EvaluationDraft, SupplierDraft, SupplyDraft};
use chainbook_core::ValidationError;
use chainbook_store::suppliers::{
    Contract, Evaluation, ExpiringContract, SuppliedProduct, Supplier, SupplierQuery,
    SupplierSummary,
};

use super::customers::{contact_drafts, ContactDto, ContactInput};
use super::purchasing::PoSummaryDto;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::wire::*;

/// The supplier form as typed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct SupplierInput {
    pub code: String,
    pub name: String,
    /// goods | logistics | service (empty means goods).
    pub kind: String,
    /// approved | probation | blocked (empty means approved).
    pub status: String,
    pub categories: Vec<String>,
    pub contacts: Vec<ContactInput>,
    pub notes: String,
}

impl TryFrom<SupplierInput> for SupplierDraft {
    type Error = ValidationError;

    fn try_from(i: SupplierInput) -> Result<Self, ValidationError> {
        Ok(SupplierDraft {
            code: i.code,
            name: i.name,
            kind: i.kind,
            status: i.status,
            categories: i.categories,
            contacts: contact_drafts(i.contacts)?,
            notes: i.notes,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Supplier")]
pub struct SupplierDto {
    pub id: String,
    pub code: String,
    pub name: String,
    #[ts(type = "\"goods\" | \"logistics\" | \"service\"")]
    pub kind: String,
    #[ts(type = "\"approved\" | \"probation\" | \"blocked\"")]
    pub status: String,
    pub categories: Vec<String>,
    pub contacts: Vec<ContactDto>,
    pub notes: String,
}

impl From<Supplier> for SupplierDto {
    fn from(s: Supplier) -> Self {
        SupplierDto {
            id: s.id.to_string(),
            code: s.fields.code,
            name: s.fields.name,
            kind: s.fields.kind.as_str().to_owned(),
            status: s.fields.status.as_str().to_owned(),
            categories: s.fields.categories,
            contacts: s.contacts.into_iter().map(Into::into).collect(),
            notes: s.fields.notes,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "SupplierSummary")]
pub struct SupplierSummaryDto {
    pub id: String,
    pub code: String,
    pub name: String,
    #[ts(type = "\"goods\" | \"logistics\" | \"service\"")]
    pub kind: String,
    #[ts(type = "\"approved\" | \"probation\" | \"blocked\"")]
    pub status: String,
    pub categories: Vec<String>,
    pub contact_name: String,
    pub contact_phone: String,
}

impl From<SupplierSummary> for SupplierSummaryDto {
    fn from(s: SupplierSummary) -> Self {
        SupplierSummaryDto {
            id: s.id.to_string(),
            code: s.code,
            name: s.name,
            kind: s.kind.as_str().to_owned(),
            status: s.status.as_str().to_owned(),
            categories: s.categories,
            contact_name: s.contact_name,
            contact_phone: s.contact_phone,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct SupplierListQuery {
    pub page: u32,
    pub page_size: u32,
    pub search: Option<String>,
    /// approved | probation | blocked, or null for all.
    pub status: Option<String>,
    /// goods | logistics | service, or null for all.
    pub kind: Option<String>,
}

impl TryFrom<SupplierListQuery> for SupplierQuery {
    type Error = ValidationError;

    fn try_from(q: SupplierListQuery) -> Result<Self, ValidationError> {
        Ok(SupplierQuery {
            page: q.page,
            page_size: q.page_size,
            search: q.search,
            status: choice::optional("status", q.status.as_deref().unwrap_or_default())?,
            kind: choice::optional("kind", q.kind.as_deref().unwrap_or_default())?,
        })
    }
}

/// A page of the list.
pub type SupplierPage = PageDto<SupplierSummaryDto>;

/// What a supplier supplies, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct SupplyInput {
    pub supplier_id: String,
    pub product_id: String,
    pub currency: String,
    pub price: String,
    pub lead_time_days: String,
    pub preferred: bool,
}

impl TryFrom<SupplyInput> for SupplyDraft {
    type Error = ValidationError;

    fn try_from(i: SupplyInput) -> Result<Self, ValidationError> {
        Ok(SupplyDraft {
            supplier_id: field_id(&i.supplier_id, "supplier_id")?,
            product_id: field_id(&i.product_id, "product_id")?,
            currency: i.currency,
            price: i.price,
            lead_time_days: i.lead_time_days,
            preferred: i.preferred,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "SuppliedProduct")]
pub struct SuppliedProductDto {
    pub product_id: String,
    pub sku: String,
    pub name: String,
    pub currency: String,
    pub price: String,
    pub lead_time_days: u32,
    pub preferred: bool,
}

impl From<SuppliedProduct> for SuppliedProductDto {
    fn from(s: SuppliedProduct) -> Self {
        SuppliedProductDto {
            product_id: s.product_id.to_string(),
            sku: s.sku,
            name: s.name,
            currency: s.currency,
            price: s.price,
            lead_time_days: s.lead_time_days,
            preferred: s.preferred,
        }
    }
}

/// The contract form as typed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ContractInput {
    pub supplier_id: String,
    pub title: String,
    /// YYYY-MM-DD
    pub starts_on: String,
    /// YYYY-MM-DD
    pub ends_on: String,
    pub terms: String,
    pub auto_renew: bool,
    pub notice_days: String,
    /// Where the signed document is (file path, archive number, link).
    pub reference: String,
}

impl TryFrom<ContractInput> for ContractDraft {
    type Error = ValidationError;

    fn try_from(i: ContractInput) -> Result<Self, ValidationError> {
        Ok(ContractDraft {
            supplier_id: field_id(&i.supplier_id, "supplier_id")?,
            title: i.title,
            starts_on: i.starts_on,
            ends_on: i.ends_on,
            terms: i.terms,
            auto_renew: i.auto_renew,
            notice_days: i.notice_days,
            reference: i.reference,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Contract")]
pub struct ContractDto {
    pub id: String,
    pub supplier_id: String,
    pub title: String,
    pub starts_on: String,
    pub ends_on: String,
    pub terms: String,
    pub auto_renew: bool,
    pub notice_days: u32,
    pub reference: String,
}

impl From<Contract> for ContractDto {
    fn from(c: Contract) -> Self {
        let f = c.fields;
        ContractDto {
            id: c.id.to_string(),
            supplier_id: f.supplier_id.to_string(),
            title: f.title,
            starts_on: f.starts_on.to_string(),
            ends_on: f.ends_on.to_string(),
            terms: f.terms,
            auto_renew: f.auto_renew,
            notice_days: f.notice_days,
            reference: f.reference,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "ExpiringContract")]
pub struct ExpiringContractDto {
    pub id: String,
    pub supplier_id: String,
    pub supplier_name: String,
    pub title: String,
    pub ends_on: String,
    pub auto_renew: bool,
    pub notice_days: u32,
}

impl From<ExpiringContract> for ExpiringContractDto {
    fn from(c: ExpiringContract) -> Self {
        ExpiringContractDto {
            id: c.id.to_string(),
            supplier_id: c.supplier_id.to_string(),
            supplier_name: c.supplier_name,
            title: c.title,
            ends_on: c.ends_on.to_string(),
            auto_renew: c.auto_renew,
            notice_days: c.notice_days,
        }
    }
}

/// A periodic evaluation as entered (scores 1–5).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct EvaluationInput {
    pub supplier_id: String,
    /// e.g. 2026-Q4 or 2026-11
    pub period: String,
    pub cooperation: u8,
    pub service: u8,
    pub technology: u8,
    pub comment: String,
}

impl TryFrom<EvaluationInput> for EvaluationDraft {
    type Error = ValidationError;

    fn try_from(i: EvaluationInput) -> Result<Self, ValidationError> {
        Ok(EvaluationDraft {
            supplier_id: field_id(&i.supplier_id, "supplier_id")?,
            period: i.period,
            cooperation: i.cooperation,
            service: i.service,
            technology: i.technology,
            comment: i.comment,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Evaluation")]
pub struct EvaluationDto {
    pub id: String,
    pub period: String,
    pub cooperation: u8,
    pub service: u8,
    pub technology: u8,
    pub comment: String,
    pub created_at: String,
}

impl From<Evaluation> for EvaluationDto {
    fn from(e: Evaluation) -> Self {
        EvaluationDto {
            id: e.id.to_string(),
            period: e.fields.period,
            cooperation: e.fields.cooperation,
            service: e.fields.service,
            technology: e.fields.technology,
            comment: e.fields.comment,
            created_at: e.created_at,
        }
    }
}

/// Everything the supplier page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "SupplierDetail")]
pub struct SupplierDetailDto {
    pub supplier: SupplierDto,
    pub supplies: Vec<SuppliedProductDto>,
    pub contracts: Vec<ContractDto>,
    pub evaluations: Vec<EvaluationDto>,
    /// Its latest purchase orders (at most 20).
    pub orders: Vec<PoSummaryDto>,
}
