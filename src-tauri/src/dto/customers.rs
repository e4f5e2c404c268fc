//! Wire types of customers: the form, the record, the list with its filters, search hits,
//! duplicates, saved segments, and contact people (suppliers' too). The command palette's
//! results over every kind are in [`super::palette`].

use chainbook_core::choice::{self, Choice};
use chainbook_core::contact::{Contact, ContactDraft};
use chainbook_core::customer::{Address, AddressDraft, Customer, CustomerDraft, CustomerKind};
use chainbook_core::segment::CustomerFilter;
use chainbook_core::{ErrorCode, ValidationError};
use chainbook_store::{
    CustomerDetail, CustomerQuery, CustomerSort, DuplicateHit, FilterOptions, SearchHit, Segment,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::wire::*;
use crate::error::CommandError;

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
    /// direct | online_shop | phone | distributor | rep_visit, or empty.
    pub channel: String,
    /// bank_transfer | cash | alipay | wechat_pay | card | cheque | on_account, or empty.
    pub payment_method: String,
    /// prepaid | cash_on_delivery | net_15 | net_30 | net_60 | net_90, or empty.
    pub payment_terms: String,
    /// lead | new | active | at_risk | lost (empty means new): the stage set by hand.
    pub lifecycle: String,
    /// Keep the stage set by hand instead of the one computed from the orders (absent:
    /// computed).
    #[serde(default)]
    pub lifecycle_pinned: bool,
    pub owner: String,
    pub contacts: Vec<ContactInput>,
    pub addresses: Vec<AddressInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ContactInput {
    /// Set when editing an existing contact; null for a new one.
    pub id: Option<String>,
    pub name: String,
    pub role: String,
    pub phone: String,
    pub email: String,
    pub wechat: String,
    pub primary: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct AddressInput {
    /// Set when editing an existing address; null for a new one.
    pub id: Option<String>,
    /// billing | shipping
    pub kind: String,
    pub country: String,
    pub province: String,
    pub city: String,
    pub street: String,
    pub postcode: String,
}

/// Contacts as typed (of a customer or a supplier), with their ids parsed.
pub fn contact_drafts(contacts: Vec<ContactInput>) -> Result<Vec<ContactDraft>, ValidationError> {
    contacts
        .into_iter()
        .enumerate()
        .map(|(n, c)| {
            Ok(ContactDraft {
                id: opt_id(c.id, "id").map_err(|e| e.within("contacts", n))?,
                name: c.name,
                role: c.role,
                phone: c.phone,
                email: c.email,
                wechat: c.wechat,
                primary: c.primary,
            })
        })
        .collect()
}

impl TryFrom<CustomerInput> for CustomerDraft {
    type Error = ValidationError;

    fn try_from(i: CustomerInput) -> Result<Self, ValidationError> {
        let contacts = contact_drafts(i.contacts)?;
        let addresses = i
            .addresses
            .into_iter()
            .enumerate()
            .map(|(n, a)| {
                Ok(AddressDraft {
                    id: opt_id(a.id, "id").map_err(|e| e.within("addresses", n))?,
                    kind: a.kind,
                    country: a.country,
                    province: a.province,
                    city: a.city,
                    street: a.street,
                    postcode: a.postcode,
                })
            })
            .collect::<Result<Vec<_>, ValidationError>>()?;
        Ok(CustomerDraft {
            channel: i.channel,
            payment_method: i.payment_method,
            payment_terms: i.payment_terms,
            lifecycle: i.lifecycle,
            lifecycle_pinned: i.lifecycle_pinned,
            owner: i.owner,
            contacts,
            addresses,
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
        })
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
    /// The choice keys, or "" when not set.
    pub channel: String,
    pub payment_method: String,
    pub payment_terms: String,
    /// The stage shown: computed from the orders unless pinned or without orders.
    #[ts(type = "Lifecycle")]
    pub lifecycle: String,
    /// The stage set by hand (what the form edits).
    #[ts(type = "Lifecycle")]
    pub manual_lifecycle: String,
    pub lifecycle_pinned: bool,
    /// `lifecycle` was computed from the orders.
    pub lifecycle_computed: bool,
    pub owner: String,
}

impl From<Customer> for CustomerDto {
    fn from(c: Customer) -> Self {
        let stage = c.stage();
        let computed = !c.fields.lifecycle_pinned && c.computed_lifecycle.is_some();
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
            created_at: rfc3339(c.created_at),
            updated_at: rfc3339(c.updated_at.to_datetime()),
            channel: f.channel.map(|v| v.as_str()).unwrap_or("").to_owned(),
            payment_method: f
                .payment_method
                .map(|v| v.as_str())
                .unwrap_or("")
                .to_owned(),
            payment_terms: f.payment_terms.map(|v| v.as_str()).unwrap_or("").to_owned(),
            lifecycle: stage.as_str().to_owned(),
            manual_lifecycle: f.lifecycle.as_str().to_owned(),
            lifecycle_pinned: f.lifecycle_pinned,
            lifecycle_computed: computed,
            owner: f.owner,
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
    pub filter: CustomerFilterDto,
}

/// List filters; each list means "any of", fields combine with "and"; empty/null = no filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CustomerFilterDto {
    pub tags: Vec<String>,
    pub channels: Vec<String>,
    pub payment_methods: Vec<String>,
    pub country: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    /// "domestic" | "international" | null
    pub scope: Option<String>,
    pub lifecycles: Vec<String>,
    pub owners: Vec<String>,
    /// ABC tiers (a | b | c) over the 365 days to today.
    #[serde(default)]
    #[ts(type = "Array<AbcTier>")]
    pub tiers: Vec<String>,
    #[serde(default)]
    #[ts(type = "Array<RfmSegment>")]
    pub rfm_segments: Vec<String>,
    /// The stage of the products the customer mostly buys (new | growth | mature | decline).
    #[serde(default)]
    pub product_stages: Vec<String>,
    /// none | rare | regular | frequent
    #[serde(default)]
    pub frequency_bands: Vec<String>,
}

fn choices<T: Choice>(field: &'static str, values: &[String]) -> Result<Vec<T>, ValidationError> {
    values
        .iter()
        .map(|v| choice::required(field, v, ErrorCode::InvalidChoice))
        .collect()
}

impl TryFrom<CustomerFilterDto> for CustomerFilter {
    type Error = ValidationError;

    fn try_from(f: CustomerFilterDto) -> Result<Self, ValidationError> {
        let scope = choice::optional("scope", f.scope.as_deref().unwrap_or_default())?;
        CustomerFilter {
            tags: f.tags,
            channels: choices("channels", &f.channels)?,
            payment_methods: choices("payment_methods", &f.payment_methods)?,
            country: f.country,
            province: f.province,
            city: f.city,
            scope,
            lifecycles: choices("lifecycles", &f.lifecycles)?,
            owners: f.owners,
            tiers: choices("tiers", &f.tiers)?,
            rfm_segments: choices("rfm_segments", &f.rfm_segments)?,
            product_stages: choices("product_stages", &f.product_stages)?,
            frequency_bands: choices("frequency_bands", &f.frequency_bands)?,
        }
        .validate()
    }
}

impl From<CustomerFilter> for CustomerFilterDto {
    fn from(f: CustomerFilter) -> Self {
        CustomerFilterDto {
            tags: f.tags,
            channels: f.channels.iter().map(|c| c.as_str().to_owned()).collect(),
            payment_methods: f
                .payment_methods
                .iter()
                .map(|c| c.as_str().to_owned())
                .collect(),
            country: f.country,
            province: f.province,
            city: f.city,
            scope: f.scope.map(|s| s.as_str().to_owned()),
            lifecycles: f.lifecycles.iter().map(|c| c.as_str().to_owned()).collect(),
            owners: f.owners,
            tiers: f.tiers.iter().map(|c| c.as_str().to_owned()).collect(),
            rfm_segments: f
                .rfm_segments
                .iter()
                .map(|c| c.as_str().to_owned())
                .collect(),
            product_stages: f
                .product_stages
                .iter()
                .map(|c| c.as_str().to_owned())
                .collect(),
            frequency_bands: f
                .frequency_bands
                .iter()
                .map(|c| c.as_str().to_owned())
                .collect(),
        }
    }
}

impl TryFrom<CustomerListQuery> for CustomerQuery {
    type Error = ValidationError;

    fn try_from(q: CustomerListQuery) -> Result<Self, ValidationError> {
        Ok(CustomerQuery {
            filter: q.filter.try_into()?,
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
        })
    }
}

/// A page of the customer list.
pub type CustomerPage = PageDto<CustomerDto>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Contact")]
pub struct ContactDto {
    pub id: String,
    pub name: String,
    pub role: String,
    pub phone: String,
    pub email: String,
    pub wechat: String,
    pub primary: bool,
}

impl From<Contact> for ContactDto {
    fn from(c: Contact) -> Self {
        ContactDto {
            id: c.id.map(|i| i.to_string()).unwrap_or_default(),
            name: c.name,
            role: c.role,
            phone: c.phone,
            email: c.email,
            wechat: c.wechat,
            primary: c.primary,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Address")]
pub struct AddressDto {
    pub id: String,
    pub kind: String,
    pub country: String,
    pub province: String,
    pub city: String,
    pub street: String,
    pub postcode: String,
}

impl From<Address> for AddressDto {
    fn from(a: Address) -> Self {
        AddressDto {
            id: a.id.map(|i| i.to_string()).unwrap_or_default(),
            kind: a.kind.as_str().to_owned(),
            country: a.country,
            province: a.province,
            city: a.city,
            street: a.street,
            postcode: a.postcode,
        }
    }
}

/// A customer with contacts (primary first) and addresses: the customer 360 header and form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "CustomerDetail")]
pub struct CustomerDetailDto {
    pub customer: CustomerDto,
    pub contacts: Vec<ContactDto>,
    pub addresses: Vec<AddressDto>,
}

impl From<CustomerDetail> for CustomerDetailDto {
    fn from(d: CustomerDetail) -> Self {
        CustomerDetailDto {
            customer: d.customer.into(),
            contacts: d.contacts.into_iter().map(Into::into).collect(),
            addresses: d.addresses.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "SearchHit")]
pub struct SearchHitDto {
    pub id: String,
    pub code: String,
    pub name: String,
    pub city: String,
    pub phone: String,
}

impl From<SearchHit> for SearchHitDto {
    fn from(h: SearchHit) -> Self {
        SearchHitDto {
            id: h.id.to_string(),
            code: h.code,
            name: h.name,
            city: h.city,
            phone: h.phone,
        }
    }
}

/// What to check for duplicates before saving a customer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct DuplicateQuery {
    pub name: String,
    pub phones: Vec<String>,
    pub emails: Vec<String>,
    /// The customer being edited, which is not its own duplicate.
    pub exclude: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "DuplicateHit")]
pub struct DuplicateHitDto {
    pub id: String,
    pub code: String,
    pub name: String,
    /// "name" | "phone" | "email"
    pub reason: String,
}

impl From<DuplicateHit> for DuplicateHitDto {
    fn from(h: DuplicateHit) -> Self {
        DuplicateHitDto {
            id: h.id.to_string(),
            code: h.code,
            name: h.name,
            reason: h.reason.to_owned(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Segment")]
pub struct SegmentDto {
    pub id: String,
    pub name: String,
    /// null when the stored filter cannot be read (see `error`).
    pub filter: Option<CustomerFilterDto>,
    pub error: Option<CommandError>,
    /// Member count; null when the filter cannot be read.
    #[ts(type = "number | null")]
    pub count: Option<u64>,
}

impl SegmentDto {
    pub fn new(s: Segment, count: Option<u64>) -> Self {
        let (filter, error) = match s.filter {
            Ok(f) => (Some(f.into()), None),
            Err(e) => (None, Some(e.into())),
        };
        SegmentDto {
            id: s.id.to_string(),
            name: s.name,
            filter,
            error,
            count,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "FilterOptions")]
pub struct FilterOptionsDto {
    pub tags: Vec<String>,
    pub owners: Vec<String>,
    pub countries: Vec<String>,
    pub provinces: Vec<String>,
}

impl From<FilterOptions> for FilterOptionsDto {
    fn from(o: FilterOptions) -> Self {
        FilterOptionsDto {
            tags: o.tags,
            owners: o.owners,
            countries: o.countries,
            provinces: o.provinces,
        }
    }
}
