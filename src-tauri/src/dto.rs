//! Wire types for IPC, converted by hand from and to the domain types (domain types stay off
//! the wire). Money crosses as decimal strings, times as RFC 3339. `bindings` generates the
//! TypeScript for these into `ui/src/lib/bindings.ts`.

use chainbook_core::customer::{Customer, CustomerDraft, CustomerKind};
use chainbook_store::{CustomerQuery, CustomerSort, Page};
use chrono::SecondsFormat;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "CustomerKind")]
pub enum CustomerKindDto {
    Company,
    Person,
}

impl From<CustomerKindDto> for CustomerKind {
    fn from(k: CustomerKindDto) -> Self {
        match k {
            CustomerKindDto::Company => CustomerKind::Company,
            CustomerKindDto::Person => CustomerKind::Person,
        }
    }
}

impl From<CustomerKind> for CustomerKindDto {
    fn from(k: CustomerKind) -> Self {
        match k {
            CustomerKind::Company => CustomerKindDto::Company,
            CustomerKind::Person => CustomerKindDto::Person,
        }
    }
}

/// The customer form as the UI sends it: raw strings, validated in `core`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct CustomerInput {
    pub kind: CustomerKindDto,
    pub name: String,
    pub phone: String,
    pub email: String,
    /// ISO 3166-1 alpha-2, or empty.
    pub country: String,
    pub province: String,
    pub city: String,
    pub tags: Vec<String>,
    /// A decimal number as text; empty means 0.
    pub credit_limit: String,
    /// ISO 4217.
    pub currency: String,
    pub notes: String,
}

impl From<CustomerInput> for CustomerDraft {
    fn from(i: CustomerInput) -> Self {
        CustomerDraft {
            kind: i.kind.into(),
            name: i.name,
            phone: i.phone,
            email: i.email,
            country: i.country,
            province: i.province,
            city: i.city,
            tags: i.tags,
            credit_limit: i.credit_limit,
            currency: i.currency,
            notes: i.notes,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Customer")]
pub struct CustomerDto {
    pub id: String,
    pub code: String,
    pub kind: CustomerKindDto,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub country: String,
    pub province: String,
    pub city: String,
    pub tags: Vec<String>,
    /// Decimal as text, e.g. "50000.00".
    pub credit_limit: String,
    pub currency: String,
    pub notes: String,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339 (the wall-clock part of the row's hybrid logical clock).
    pub updated_at: String,
}

impl From<Customer> for CustomerDto {
    fn from(c: Customer) -> Self {
        let f = c.fields;
        CustomerDto {
            id: c.id.to_string(),
            code: c.code,
            kind: f.kind.into(),
            name: f.name,
            phone: f.phone,
            email: f.email,
            country: f.country,
            province: f.province,
            city: f.city,
            tags: f.tags,
            credit_limit: f.credit_limit.to_string(),
            currency: f.currency,
            notes: f.notes,
            created_at: c.created_at.to_rfc3339_opts(SecondsFormat::Millis, true),
            updated_at: c
                .updated_at
                .to_datetime()
                .to_rfc3339_opts(SecondsFormat::Millis, true),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "CustomerSort")]
pub enum CustomerSortDto {
    Code,
    Name,
    City,
    CreditLimit,
    CreatedAt,
    UpdatedAt,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct CustomerListQuery {
    /// 0-based.
    pub page: u32,
    /// 1 to 500.
    pub page_size: u32,
    pub sort: CustomerSortDto,
    pub descending: bool,
    pub search: Option<String>,
}

impl From<CustomerListQuery> for CustomerQuery {
    fn from(q: CustomerListQuery) -> Self {
        CustomerQuery {
            page: q.page,
            page_size: q.page_size,
            sort: match q.sort {
                CustomerSortDto::Code => CustomerSort::Code,
                CustomerSortDto::Name => CustomerSort::Name,
                CustomerSortDto::City => CustomerSort::City,
                CustomerSortDto::CreditLimit => CustomerSort::CreditLimit,
                CustomerSortDto::CreatedAt => CustomerSort::CreatedAt,
                CustomerSortDto::UpdatedAt => CustomerSort::UpdatedAt,
            },
            descending: q.descending,
            search: q.search,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CustomerPage {
    pub items: Vec<CustomerDto>,
    #[ts(type = "number")]
    pub total: u64,
    pub page: u32,
    pub page_size: u32,
}

impl From<Page<Customer>> for CustomerPage {
    fn from(p: Page<Customer>) -> Self {
        CustomerPage {
            items: p.items.into_iter().map(Into::into).collect(),
            total: p.total,
            page: p.page,
            page_size: p.page_size,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub device_code: String,
    /// The language the user chose, if any ("zh-CN" or "en").
    pub locale: Option<String>,
    /// The OS language (BCP 47), used on first start.
    pub os_locale: Option<String>,
}
