//! Unit tests of the customer record's validation.

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
        lifecycle_pinned: false,
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
