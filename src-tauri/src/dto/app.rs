//! Wire types of the app itself: version, folders, language, the company header, the home's
//! "what needs attention today".

use chainbook_store::attention::{AttentionGroup, AttentionKind};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub device_code: String,
    /// The language the user chose, if any ("zh-CN" or "en").
    pub locale: Option<String>,
    /// The OS language (BCP 47), used on first start.
    pub os_locale: Option<String>,
    /// "light", "dark" or "system" (follow the OS).
    pub theme: String,
    /// The business's home country (ISO 3166-1 alpha-2): decides domestic vs international.
    pub home_country: String,
    /// The header printed on documents.
    pub company: CompanyDto,
    /// The base currency (ISO 4217): what new customers, products and orders start in.
    pub base_currency: String,
    /// Whether the first-run wizard is done (or the database was in use before it existed);
    /// false sends the UI to the wizard.
    pub set_up: bool,
    /// The store clock's time (RFC 3339): the UI runs its clock from it, so countdowns and
    /// "today" agree with the backend's.
    pub now: String,
}

/// The first-run wizard's choices, and whether to start with the sample company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "FirstRun")]
pub struct FirstRunDto {
    /// "zh-CN" or "en".
    pub locale: String,
    pub company_name: String,
    /// ISO 3166-1 alpha-2.
    pub home_country: String,
    /// ISO 4217.
    pub base_currency: String,
    /// Start with the sample company (only into an empty database) rather than empty.
    pub sample: bool,
}

impl From<&FirstRunDto> for chainbook_store::settings::first_run::FirstRun {
    fn from(d: &FirstRunDto) -> Self {
        chainbook_store::settings::first_run::FirstRun {
            locale: d.locale.clone(),
            company_name: d.company_name.clone(),
            home_country: d.home_country.clone(),
            base_currency: d.base_currency.clone(),
        }
    }
}

/// The `first_run://progress` event while the sample company is built: the step starting
/// ("customers", "orders", "service", "checking", then "loading" while it is swapped in) and
/// its place among `of` steps (from 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SampleProgress {
    pub step: String,
    pub index: u32,
    pub of: u32,
}

/// The business's own details for printed documents (Settings); every field may be empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "Company")]
pub struct CompanyDto {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub tax_id: String,
}

impl From<chainbook_core::company::Company> for CompanyDto {
    fn from(c: chainbook_core::company::Company) -> Self {
        CompanyDto {
            name: c.name,
            address: c.address,
            phone: c.phone,
            email: c.email,
            tax_id: c.tax_id,
        }
    }
}

impl From<CompanyDto> for chainbook_core::company::Company {
    fn from(c: CompanyDto) -> Self {
        chainbook_core::company::Company {
            name: c.name,
            address: c.address,
            phone: c.phone,
            email: c.email,
            tax_id: c.tax_id,
        }
    }
}

/// A group of the home's "what needs attention today" (`chainbook_store::attention`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "AttentionKind")]
pub enum AttentionKindDto {
    FollowUps,
    Complaints,
    ComplaintsDueSoon,
    LateOrders,
    LatePurchaseOrders,
    Reorder,
    Contracts,
}

impl From<AttentionKind> for AttentionKindDto {
    fn from(k: AttentionKind) -> Self {
        match k {
            AttentionKind::FollowUps => AttentionKindDto::FollowUps,
            AttentionKind::Complaints => AttentionKindDto::Complaints,
            AttentionKind::ComplaintsDueSoon => AttentionKindDto::ComplaintsDueSoon,
            AttentionKind::LateOrders => AttentionKindDto::LateOrders,
            AttentionKind::LatePurchaseOrders => AttentionKindDto::LatePurchaseOrders,
            AttentionKind::Reorder => AttentionKindDto::Reorder,
            AttentionKind::Contracts => AttentionKindDto::Contracts,
        }
    }
}

/// One record needing attention; the UI words it from its group's kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "AttentionLine")]
pub struct AttentionLineDto {
    /// The record the line opens (for follow-ups the customer, for contracts the supplier).
    pub id: String,
    pub code: String,
    pub name: String,
    /// YYYY-MM-DD: the follow-up, missed deadline, promised, expected or end date.
    pub date: Option<String>,
    /// Follow-ups: the interaction's summary. Stock: the position and the reorder point.
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "AttentionGroup")]
pub struct AttentionGroupDto {
    pub kind: AttentionKindDto,
    /// How many records the group holds (its lines are the first few).
    pub count: u64,
    pub lines: Vec<AttentionLineDto>,
}

impl From<AttentionGroup> for AttentionGroupDto {
    fn from(g: AttentionGroup) -> Self {
        AttentionGroupDto {
            kind: g.kind.into(),
            count: g.count,
            lines: g
                .lines
                .into_iter()
                .map(|l| AttentionLineDto {
                    id: l.id.to_string(),
                    code: l.code,
                    name: l.name,
                    date: l.date.map(|d| d.to_string()),
                    values: l.values,
                })
                .collect(),
        }
    }
}
