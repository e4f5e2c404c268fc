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
    pub lifecycle: Lifecycle,
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
mod tests {
    use super::*;

    fn good() -> CustomerDraft {
        CustomerDraft {
            kind: CustomerKind::Company,
            name: "深圳华为技术有限公司".into(),
            phone: "+86 755-2878 0808".into(),
            email: "info@huawei.com".into(),
            country: "cn".into(),
            province: "广东".into(),
            city: "深圳".into(),
            tags: vec![
                "重品质".into(),
                " 快交货 ".into(),
                "".into(),
                "重品质".into(),
            ],
            credit_limit: "500000".into(),
            currency: "cny".into(),
            notes: "大客户\n每月对账".into(),
            channel: "direct".into(),
            payment_method: "bank_transfer".into(),
            payment_terms: "net_30".into(),
            lifecycle: "active".into(),
            owner: "李娜".into(),
            contacts: vec![ContactDraft {
                name: "张伟".into(),
                role: "采购经理".into(),
                phone: "13800138000".into(),
                ..Default::default()
            }],
            addresses: vec![AddressDraft {
                kind: "shipping".into(),
                country: "CN".into(),
                city: "深圳".into(),
                street: "龙岗区坂田华为基地".into(),
                ..Default::default()
            }],
        }
    }

    fn err(d: CustomerDraft) -> (ErrorCode, String) {
        let e = d.validate().unwrap_err();
        (e.code, e.field.into_owned())
    }

    #[test]
    fn a_good_customer_is_cleaned() {
        let f = good().validate().unwrap();
        assert_eq!(f.name, "深圳华为技术有限公司");
        assert_eq!(f.country, "CN");
        assert_eq!(f.currency, "CNY");
        assert_eq!(f.tags, vec!["重品质", "快交货"]);
        assert_eq!(f.credit_limit.to_string(), "500000.00");
    }

    #[test]
    fn only_name_and_currency_are_required() {
        let d = CustomerDraft {
            name: "王小明".into(),
            currency: "CNY".into(),
            kind: CustomerKind::Person,
            ..Default::default()
        };
        let f = d.validate().unwrap();
        assert_eq!(f.credit_limit, Decimal::ZERO);
        assert_eq!(f.kind, CustomerKind::Person);
    }

    #[test]
    fn name_rules() {
        assert_eq!(
            err(CustomerDraft {
                name: "  ".into(),
                ..good()
            }),
            (ErrorCode::Required, "name".to_string())
        );
        assert_eq!(
            err(CustomerDraft {
                name: "x".repeat(10_000),
                ..good()
            }),
            (ErrorCode::TooLong, "name".to_string())
        );
        assert_eq!(
            err(CustomerDraft {
                name: "a\u{7}b".into(),
                ..good()
            }),
            (ErrorCode::InvalidChars, "name".to_string())
        );
        let emoji = CustomerDraft {
            name: "🚚 快运物流 Ltd.".into(),
            ..good()
        }
        .validate()
        .unwrap();
        assert_eq!(emoji.name, "🚚 快运物流 Ltd.");
        let max = CustomerDraft {
            name: "华".repeat(NAME_MAX),
            ..good()
        };
        assert!(max.validate().is_ok());
    }

    #[test]
    fn country_rules() {
        assert_eq!(validate_country(" de ").unwrap(), "DE");
        assert_eq!(validate_country("").unwrap(), "");
        for bad in ["XX", "CHN", "中国", "C"] {
            assert_eq!(
                validate_country(bad).unwrap_err().code,
                ErrorCode::InvalidCountry,
                "{bad}"
            );
        }
    }

    #[test]
    fn tag_rules() {
        let many: Vec<String> = (0..31).map(|i| format!("t{i}")).collect();
        assert_eq!(
            validate_tags(&many).unwrap_err().code,
            ErrorCode::TooManyTags
        );
        assert_eq!(
            validate_tags(&["a,b".into()]).unwrap_err().code,
            ErrorCode::InvalidChars
        );
        assert_eq!(
            validate_tags(&["x".repeat(41)]).unwrap_err().code,
            ErrorCode::TooLong
        );
        assert_eq!(
            validate_tags(&["VIP".into(), "vip".into()]).unwrap(),
            vec!["VIP"]
        );
    }

    #[test]
    fn credit_limit_rules() {
        let cl = |s: &str| CustomerDraft {
            credit_limit: s.into(),
            ..good()
        };
        assert_eq!(
            err(cl("1e309")),
            (ErrorCode::InvalidDecimal, "credit_limit".to_string())
        );
        assert_eq!(
            err(cl("NaN")),
            (ErrorCode::InvalidDecimal, "credit_limit".to_string())
        );
        assert_eq!(
            err(cl("-0.01")),
            (ErrorCode::Negative, "credit_limit".to_string())
        );
        assert_eq!(
            err(cl("0.001")),
            (ErrorCode::TooManyDecimals, "credit_limit".to_string())
        );
        assert_eq!(
            err(cl("1000000000000")),
            (ErrorCode::OutOfRange, "credit_limit".to_string())
        );
        let jpy = CustomerDraft {
            credit_limit: "100.5".into(),
            currency: "JPY".into(),
            ..good()
        };
        assert_eq!(
            err(jpy),
            (ErrorCode::TooManyDecimals, "credit_limit".to_string())
        );
    }

    #[test]
    fn currency_and_notes_rules() {
        assert_eq!(
            err(CustomerDraft {
                currency: "RMB".into(),
                ..good()
            }),
            (ErrorCode::InvalidCurrency, "currency".to_string())
        );
        assert_eq!(
            err(CustomerDraft {
                currency: "".into(),
                ..good()
            }),
            (ErrorCode::Required, "currency".to_string())
        );
        let ok = CustomerDraft {
            notes: "备".repeat(NOTES_MAX),
            ..good()
        };
        assert!(ok.validate().is_ok());
        assert_eq!(
            err(CustomerDraft {
                notes: "备".repeat(NOTES_MAX + 1),
                ..good()
            }),
            (ErrorCode::TooLong, "notes".to_string())
        );
    }

    #[test]
    fn every_single_line_field_rejects_10000_characters() {
        let long = "长".repeat(10_000);
        let cases: Vec<(&str, CustomerDraft)> = vec![
            (
                "name",
                CustomerDraft {
                    name: long.clone(),
                    ..good()
                },
            ),
            (
                "phone",
                CustomerDraft {
                    phone: long.clone(),
                    ..good()
                },
            ),
            (
                "email",
                CustomerDraft {
                    email: long.clone(),
                    ..good()
                },
            ),
            (
                "province",
                CustomerDraft {
                    province: long.clone(),
                    ..good()
                },
            ),
            (
                "city",
                CustomerDraft {
                    city: long.clone(),
                    ..good()
                },
            ),
            (
                "tags",
                CustomerDraft {
                    tags: vec![long.clone()],
                    ..good()
                },
            ),
        ];
        for (field, d) in cases {
            assert_eq!(err(d), (ErrorCode::TooLong, field.to_string()));
        }
        // Country and currency are codes: a long value is simply not a code.
        assert_eq!(
            err(CustomerDraft {
                country: long.clone(),
                ..good()
            })
            .0,
            ErrorCode::InvalidCountry
        );
        assert_eq!(
            err(CustomerDraft {
                currency: long.clone(),
                ..good()
            })
            .0,
            ErrorCode::InvalidCurrency
        );
        assert_eq!(
            err(CustomerDraft {
                credit_limit: "9".repeat(10_000),
                ..good()
            })
            .0,
            ErrorCode::InvalidDecimal
        );
    }

    proptest::proptest! {
        #[test]
        fn validation_never_panics_and_accepted_values_are_clean(
            name in "\\PC{0,300}",
            phone in "\\PC{0,50}",
            email in "\\PC{0,60}",
            limit in "\\PC{0,30}",
            notes in "(\\PC|\n){0,200}",
        ) {
            let d = CustomerDraft { name, phone, email, credit_limit: limit, notes, ..good() };
            if let Ok(f) = d.validate() {
                proptest::prop_assert!(!f.name.is_empty() && f.name.chars().count() <= NAME_MAX);
                proptest::prop_assert_eq!(f.name.trim(), f.name.as_str());
                proptest::prop_assert!(!f.credit_limit.is_sign_negative() || f.credit_limit.is_zero());
                proptest::prop_assert!(f.credit_limit.scale() <= 2);
            }
        }
    }

    #[test]
    fn choices() {
        let f = good().validate().unwrap();
        assert_eq!(f.channel, Some(Channel::Direct));
        assert_eq!(f.payment_terms, Some(PaymentTerms::Net30));
        assert_eq!(f.lifecycle, Lifecycle::Active);
        let empty = CustomerDraft {
            channel: "".into(),
            lifecycle: " ".into(),
            ..good()
        }
        .validate()
        .unwrap();
        assert_eq!((empty.channel, empty.lifecycle), (None, Lifecycle::New));
        assert_eq!(
            err(CustomerDraft {
                channel: "telepathy".into(),
                ..good()
            }),
            (ErrorCode::InvalidChoice, "channel".to_string())
        );
        assert_eq!(
            err(CustomerDraft {
                lifecycle: "dead".into(),
                ..good()
            }),
            (ErrorCode::InvalidChoice, "lifecycle".to_string())
        );
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Some(*c));
        }
    }

    fn rec_err(d: CustomerDraft) -> (ErrorCode, String) {
        let e = d.validate_record().unwrap_err();
        (e.code, e.field.into_owned())
    }

    #[test]
    fn contacts_need_a_way_to_reach_them() {
        let mut d = good();
        d.contacts.push(ContactDraft {
            name: "王芳".into(),
            role: "财务".into(),
            ..Default::default()
        });
        assert_eq!(
            rec_err(d),
            (
                ErrorCode::UnreachableContact,
                "contacts.1.phone".to_string()
            )
        );
        let mut d = good();
        d.contacts.push(ContactDraft {
            name: "王芳".into(),
            wechat: "wangfang_88".into(),
            ..Default::default()
        });
        assert!(d.validate_record().is_ok());
        let mut d = good();
        d.contacts[0].email = "bad@".into();
        assert_eq!(
            rec_err(d),
            (ErrorCode::InvalidEmail, "contacts.0.email".to_string())
        );
        let mut d = good();
        d.contacts[0].name = "".into();
        assert_eq!(
            rec_err(d),
            (ErrorCode::Required, "contacts.0.name".to_string())
        );
        let mut d = good();
        d.contacts[0].wechat = "wang fang".into();
        assert_eq!(
            rec_err(d),
            (ErrorCode::InvalidChars, "contacts.0.wechat".to_string())
        );
    }

    #[test]
    fn exactly_one_primary_contact() {
        let mut d = good();
        d.contacts.push(ContactDraft {
            name: "B".into(),
            phone: "13900000000".into(),
            primary: true,
            ..Default::default()
        });
        d.contacts.push(ContactDraft {
            name: "C".into(),
            phone: "13900000001".into(),
            primary: true,
            ..Default::default()
        });
        let r = d.validate_record().unwrap();
        assert_eq!(
            r.contacts.iter().map(|c| c.primary).collect::<Vec<_>>(),
            vec![false, true, false]
        );
        let r = good().validate_record().unwrap();
        assert!(r.contacts[0].primary, "a lone contact is primary");
    }

    #[test]
    fn addresses_need_a_known_country_and_kind() {
        let mut d = good();
        d.addresses[0].country = "ZZ".into();
        assert_eq!(
            rec_err(d),
            (ErrorCode::InvalidCountry, "addresses.0.country".to_string())
        );
        let mut d = good();
        d.addresses[0].country = "".into();
        assert_eq!(
            rec_err(d),
            (ErrorCode::Required, "addresses.0.country".to_string())
        );
        let mut d = good();
        d.addresses[0].kind = "home".into();
        assert_eq!(
            rec_err(d),
            (ErrorCode::InvalidChoice, "addresses.0.kind".to_string())
        );
        let r = good().validate_record().unwrap();
        assert_eq!(r.addresses[0].kind, AddressKind::Shipping);
    }

    #[test]
    fn errors_come_in_form_order() {
        let d = CustomerDraft {
            name: "".into(),
            email: "bad".into(),
            ..good()
        };
        assert_eq!(err(d), (ErrorCode::Required, "name".to_string()));
    }
}
