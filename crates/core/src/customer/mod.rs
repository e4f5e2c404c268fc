//! Customers: the record, its validation, and the field list that the store and the UI share.
//!
//! The UI sends a [`CustomerDraft`] of raw strings; [`CustomerDraft::validate`] turns it into
//! [`CustomerFields`] (clean, typed values) or the first [`ValidationError`] in form order, so
//! the UI can show the message next to that field.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::choice::{self, choice_enum};
use crate::contact::{validate_contacts, validate_email, validate_phone, Contact, ContactDraft};
use crate::error::{ErrorCode, ValidationError};
use crate::hlc::Hlc;
use crate::money;
use crate::text::{clean, Lines};

pub const NAME_MAX: usize = 200;
pub const PLACE_MAX: usize = 100;
pub const NOTES_MAX: usize = 10_000;
pub const TAG_MAX: usize = 40;
pub const TAGS_MAX: usize = 30;

choice_enum!(
    /// How the customer buys from us (behaviour segmentation).
    Channel {
        Direct => "direct",
        OnlineShop => "online_shop",
        Phone => "phone",
        Distributor => "distributor",
        RepVisit => "rep_visit",
    }
);

choice_enum!(
    /// How the customer pays.
    PaymentMethod {
        BankTransfer => "bank_transfer",
        Cash => "cash",
        Alipay => "alipay",
        WechatPay => "wechat_pay",
        Card => "card",
        Cheque => "cheque",
        OnAccount => "on_account",
    }
);

choice_enum!(
    /// When the customer pays.
    PaymentTerms {
        Prepaid => "prepaid",
        CashOnDelivery => "cash_on_delivery",
        Net15 => "net_15",
        Net30 => "net_30",
        Net60 => "net_60",
        Net90 => "net_90",
    }
);

choice_enum!(
    /// Where the customer stands with us; set by hand now, computed by the analytics later.
    Lifecycle {
        Lead => "lead",
        New => "new",
        Active => "active",
        AtRisk => "at_risk",
        Lost => "lost",
    }
);

choice_enum!(
    /// Billing or shipping.
    AddressKind {
        Billing => "billing",
        Shipping => "shipping",
    }
);

/// The need tags every business has (按客户需求); user-defined tags sit beside them as plain text.
/// The UI shows these keys translated.
pub const NEED_TAGS: [&str; 4] = [
    "quality_first",
    "price_sensitive",
    "fast_delivery",
    "needs_tech_support",
];

choice_enum!(
    /// Company or private person.
    #[derive(Default)]
    CustomerKind {
        #[default]
        Company => "company",
        Person => "person",
    }
);

/// What the user typed, unvalidated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerDraft {
    pub kind: CustomerKind,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub country: String,
    pub province: String,
    pub city: String,
    pub tags: Vec<String>,
    pub credit_limit: String,
    pub currency: String,
    pub notes: String,
    /// `Channel` as text, or empty.
    pub channel: String,
    /// `PaymentMethod` as text, or empty.
    pub payment_method: String,
    /// `PaymentTerms` as text, or empty.
    pub payment_terms: String,
    /// `Lifecycle` as text; empty means `new`.
    pub lifecycle: String,
    /// Keep `lifecycle` as set by hand; otherwise the stage computed from the customer's
    /// orders replaces it once there are any (see `analytics::lifecycle`).
    pub lifecycle_pinned: bool,
    /// The sales rep who looks after the customer.
    pub owner: String,
    pub contacts: Vec<ContactDraft>,
    pub addresses: Vec<AddressDraft>,
}

/// An address as typed. `id` is set when editing an existing address.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressDraft {
    pub id: Option<Uuid>,
    /// `AddressKind` as text.
    pub kind: String,
    pub country: String,
    pub province: String,
    pub city: String,
    pub street: String,
    pub postcode: String,
}

/// A validated address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub id: Option<Uuid>,
    pub kind: AddressKind,
    pub country: String,
    pub province: String,
    pub city: String,
    pub street: String,
    pub postcode: String,
}

pub const CONTACTS_MAX: usize = 50;
pub const ADDRESSES_MAX: usize = 20;
pub const STREET_MAX: usize = 300;
pub const POSTCODE_MAX: usize = 20;
pub const OWNER_MAX: usize = 100;

/// Validated customer fields, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerFields {
    pub kind: CustomerKind,
    pub name: String,
    pub phone: String,
    pub email: String,
    /// ISO 3166-1 alpha-2, upper case, or empty.
    pub country: String,
    pub province: String,
    pub city: String,
    pub tags: Vec<String>,
    pub credit_limit: Decimal,
    /// ISO 4217, upper case.
    pub currency: String,
    pub notes: String,
    pub channel: Option<Channel>,
    pub payment_method: Option<PaymentMethod>,
    pub payment_terms: Option<PaymentTerms>,
    /// The stage set by hand (see [`Customer::stage`] for the one shown).
    pub lifecycle: Lifecycle,
    pub lifecycle_pinned: bool,
    pub owner: String,
}

/// A customer's fields with its contacts and addresses, as one save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerRecord {
    pub fields: CustomerFields,
    pub contacts: Vec<Contact>,
    pub addresses: Vec<Address>,
}

/// A stored customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    pub id: Uuid,
    /// Human-facing code, unique across devices (`C-<device code>-<seq>`).
    pub code: String,
    pub fields: CustomerFields,
    pub created_at: DateTime<Utc>,
    pub updated_at: Hlc,
    pub updated_by: String,
    /// The stage computed from the customer's orders as of today; `None` without orders.
    pub computed_lifecycle: Option<Lifecycle>,
}

impl Customer {
    /// The stage shown and filtered on: the computed one, unless the stage is pinned by hand
    /// or there are no orders to compute it from.
    pub fn stage(&self) -> Lifecycle {
        match self.computed_lifecycle {
            Some(c) if !self.fields.lifecycle_pinned => c,
            _ => self.fields.lifecycle,
        }
    }
}

impl CustomerDraft {
    /// Checks the customer, its contacts and addresses, and returns the first problem. When
    /// contacts exist exactly one is primary: the first marked one, else the first.
    pub fn validate_record(&self) -> Result<CustomerRecord, ValidationError> {
        let fields = self.validate()?;
        if self.contacts.len() > CONTACTS_MAX {
            return Err(ValidationError::new(
                ErrorCode::OutOfRange,
                "contacts",
                format!("at most {CONTACTS_MAX} contacts"),
            ));
        }
        if self.addresses.len() > ADDRESSES_MAX {
            return Err(ValidationError::new(
                ErrorCode::OutOfRange,
                "addresses",
                format!("at most {ADDRESSES_MAX} addresses"),
            ));
        }
        let contacts = validate_contacts(&self.contacts)?;
        let addresses = self
            .addresses
            .iter()
            .enumerate()
            .map(|(i, a)| a.validate().map_err(|e| e.within("addresses", i)))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(CustomerRecord {
            fields,
            contacts,
            addresses,
        })
    }

    /// Checks the customer's own fields in form order and returns the first problem.
    pub fn validate(&self) -> Result<CustomerFields, ValidationError> {
        let name = clean("name", &self.name, NAME_MAX, true, Lines::Single)?;
        let phone = validate_phone(&self.phone)?;
        let email = validate_email(&self.email)?;
        let country = validate_country(&self.country)?;
        let province = clean("province", &self.province, PLACE_MAX, false, Lines::Single)?;
        let city = clean("city", &self.city, PLACE_MAX, false, Lines::Single)?;
        let tags = validate_tags(&self.tags)?;
        // The currency decides how many decimals the credit limit may have, so check it first
        // but report it in form order only if the limit itself is fine.
        let currency = money::parse_currency("currency", &self.currency);
        let credit_limit = money::parse_non_negative_amount(
            "credit_limit",
            &self.credit_limit,
            currency.as_deref().unwrap_or("CNY"),
        )?;
        let currency = currency?;
        let channel = choice::optional("channel", &self.channel)?;
        let payment_method = choice::optional("payment_method", &self.payment_method)?;
        let payment_terms = choice::optional("payment_terms", &self.payment_terms)?;
        let lifecycle = choice::optional("lifecycle", &self.lifecycle)?.unwrap_or(Lifecycle::New);
        let owner = clean("owner", &self.owner, OWNER_MAX, false, Lines::Single)?;
        let notes = clean("notes", &self.notes, NOTES_MAX, false, Lines::Multi)?;
        Ok(CustomerFields {
            channel,
            payment_method,
            payment_terms,
            lifecycle,
            lifecycle_pinned: self.lifecycle_pinned,
            owner,
            kind: self.kind,
            name,
            phone,
            email,
            country,
            province,
            city,
            tags,
            credit_limit,
            currency,
            notes,
        })
    }
}

impl AddressDraft {
    /// An address needs a kind and a known country; the rest is free text.
    pub fn validate(&self) -> Result<Address, ValidationError> {
        let kind = choice::required("kind", &self.kind, ErrorCode::InvalidChoice)?;
        let country = validate_country(&self.country)?;
        if country.is_empty() {
            return Err(ValidationError::new(
                ErrorCode::Required,
                "country",
                "an address needs a country",
            ));
        }
        Ok(Address {
            id: self.id,
            kind,
            country,
            province: clean("province", &self.province, PLACE_MAX, false, Lines::Single)?,
            city: clean("city", &self.city, PLACE_MAX, false, Lines::Single)?,
            street: clean("street", &self.street, STREET_MAX, false, Lines::Multi)?,
            postcode: clean(
                "postcode",
                &self.postcode,
                POSTCODE_MAX,
                false,
                Lines::Single,
            )?,
        })
    }
}

/// ISO 3166-1 alpha-2, case-insensitive; empty means unknown.
pub fn validate_country(input: &str) -> Result<String, ValidationError> {
    let v = input.trim().to_ascii_uppercase();
    if v.is_empty() {
        return Ok(v);
    }
    match isocountry::CountryCode::for_alpha2(&v) {
        Ok(_) => Ok(v),
        Err(_) => Err(ValidationError::new(
            ErrorCode::InvalidCountry,
            "country",
            format!("{v:?} is not an ISO 3166-1 country code"),
        )),
    }
}

/// Trims each tag, drops empty ones and repeats (keeping the first spelling's order).
pub fn validate_tags(input: &[String]) -> Result<Vec<String>, ValidationError> {
    let mut out: Vec<String> = Vec::new();
    for t in input {
        let t = clean("tags", t, TAG_MAX, false, Lines::Single)?;
        if t.contains(',') || t.contains('，') {
            return Err(ValidationError::new(
                ErrorCode::InvalidChars,
                "tags",
                "a tag cannot contain a comma",
            ));
        }
        if !t.is_empty() && !out.iter().any(|o| o.to_lowercase() == t.to_lowercase()) {
            out.push(t);
        }
    }
    if out.len() > TAGS_MAX {
        return Err(ValidationError::new(
            ErrorCode::TooManyTags,
            "tags",
            format!("at most {TAGS_MAX} tags"),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
