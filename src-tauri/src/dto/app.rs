//! Wire types of the app itself: version, folders, language, the company header.

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
    /// The store clock's time (RFC 3339): the UI runs its clock from it, so countdowns and
    /// "today" agree with the backend's.
    pub now: String,
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
