//! Contacts, addresses, profile fields, filters, tags, duplicates and imports.

use chainbook_core::contact::ContactDraft;
use chainbook_core::customer::{AddressDraft, Channel, CustomerDraft, Lifecycle};
use chainbook_core::ErrorCode;
use chainbook_store::{CustomerFilter, CustomerQuery, Scope, Store};

use crate::{draft, fresh};

fn contact(name: &str, phone: &str) -> ContactDraft {
    ContactDraft {
        name: name.into(),
        phone: phone.into(),
        ..Default::default()
    }
}

fn full(name: &str) -> CustomerDraft {
    CustomerDraft {
        channel: "distributor".into(),
        payment_method: "alipay".into(),
        payment_terms: "net_30".into(),
        lifecycle: "active".into(),
        owner: "李娜".into(),
        contacts: vec![
            contact("张伟", "13800138000"),
            contact("王芳", "13900139000"),
        ],
        addresses: vec![AddressDraft {
            kind: "shipping".into(),
            country: "CN".into(),
            province: "广东".into(),
            city: "深圳".into(),
            street: "坂田".into(),
            postcode: "518129".into(),
            ..Default::default()
        }],
        ..draft(name)
    }
}

#[test]
fn create_with_contacts_and_addresses_round_trips() {
    let (_d, mut s) = fresh();
    let c = s
        .customers_mut()
        .create(&full("深圳华为技术有限公司"))
        .unwrap();
    let d = s.customers().detail(c.id).unwrap();
    assert_eq!(d.customer.fields.channel, Some(Channel::Distributor));
    assert_eq!(d.customer.fields.lifecycle, Lifecycle::Active);
    assert_eq!(d.customer.fields.owner, "李娜");
    assert_eq!(d.contacts.len(), 2);
    assert_eq!(d.contacts[0].name, "张伟");
    assert!(d.contacts[0].primary && !d.contacts[1].primary);
    assert!(d.contacts.iter().all(|c| c.id.is_some()));
    assert_eq!(d.addresses[0].postcode, "518129");
    // One insert per row: customer, two contacts, one address, all with one stamp.
    let e = crate::take_changes(&mut s);
    let mut tables: Vec<&str> = e.iter().map(|e| e.table.as_str()).collect();
    tables.sort();
    assert_eq!(
        tables,
        vec!["addresses", "contacts", "contacts", "customers"]
    );
    assert!(e.iter().all(|e| e.created_at.is_some()));
    let stamps: std::collections::BTreeSet<_> = e
        .iter()
        .flat_map(|e| e.fields.values().map(|f| f.stamp))
        .collect();
    assert_eq!(stamps.len(), 1, "one write, one stamp");
    let contact = e.iter().find(|e| e.table == "contacts").unwrap();
    assert_eq!(
        contact.fields["customer_id"].value,
        serde_json::json!(c.id.to_string())
    );
}

#[test]
fn editing_children_records_only_what_changed() {
    let (_d, mut s) = fresh();
    let c = s.customers_mut().create(&full("A")).unwrap();
    let d = s.customers().detail(c.id).unwrap();
    crate::take_changes(&mut s);
    let mut edit = full("A");
    // Keep contact 0 unchanged, change contact 1's phone, drop the address, add a contact.
    edit.contacts[0].id = d.contacts[0].id;
    edit.contacts[1].id = d.contacts[1].id;
    edit.contacts[1].phone = "13700137000".into();
    edit.contacts.push(ContactDraft {
        name: "刘洋".into(),
        email: "liu@example.com".into(),
        ..Default::default()
    });
    edit.addresses.clear();
    s.customers_mut().update(c.id, &edit).unwrap();
    let e = crate::take_changes(&mut s);
    assert_eq!(
        crate::summary(&e),
        vec![
            ("addresses".into(), "delete"),
            ("contacts".into(), "insert"),
            ("contacts".into(), "update"),
        ]
    );
    let update = e
        .iter()
        .find(|e| e.table == "contacts" && e.created_at.is_none())
        .unwrap();
    assert_eq!(
        crate::values(update),
        serde_json::json!({"phone": "13700137000"})
    );
    let d = s.customers().detail(c.id).unwrap();
    assert_eq!(d.contacts.len(), 3);
    assert!(d.addresses.is_empty());
    // Saving the same thing again writes nothing.
    let mut same = edit.clone();
    same.contacts[2].id = d.contacts[2].id;
    let n = crate::log_len(&s);
    s.customers_mut().update(c.id, &same).unwrap();
    assert_eq!(crate::log_len(&s), n);
}

#[test]
fn a_foreign_contact_id_is_rejected_and_nothing_is_written() {
    let (_d, mut s) = fresh();
    let a = s.customers_mut().create(&full("A")).unwrap();
    let b = s.customers_mut().create(&full("B")).unwrap();
    let b_contact = s.customers().detail(b.id).unwrap().contacts[0].id;
    let mut edit = full("A changed");
    edit.contacts[0].id = b_contact;
    let n = crate::log_len(&s);
    let e = s.customers_mut().update(a.id, &edit).unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
    assert_eq!(e.field(), Some("contacts.0"));
    assert_eq!(crate::log_len(&s), n);
    assert_eq!(s.customers().get(a.id).unwrap().fields.name, "A");
}

#[test]
fn unreachable_contact_and_bad_address_write_nothing() {
    let (_d, mut s) = fresh();
    let mut d = full("A");
    d.contacts.push(ContactDraft {
        name: "没有电话".into(),
        ..Default::default()
    });
    let e = s.customers_mut().create(&d).unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::UnreachableContact, Some("contacts.2.phone"))
    );
    let mut d = full("A");
    d.addresses[0].country = "QQ".into();
    let e = s.customers_mut().create(&d).unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::InvalidCountry, Some("addresses.0.country"))
    );
    assert_eq!(crate::log_len(&s), 0);
    assert_eq!(
        s.customers().list(&CustomerQuery::default()).unwrap().total,
        0
    );
}

fn names(s: &Store, filter: CustomerFilter) -> Vec<String> {
    s.customers()
        .list(&CustomerQuery {
            filter,
            page_size: 100,
            ..Default::default()
        })
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.fields.name)
        .collect()
}

#[test]
fn filters_combine() {
    let (_d, mut s) = fresh();
    let mk = |name: &str,
              channel: &str,
              lifecycle: &str,
              country: &str,
              province: &str,
              tags: &[&str],
              owner: &str| CustomerDraft {
        channel: channel.into(),
        lifecycle: lifecycle.into(),
        country: country.into(),
        province: province.into(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        owner: owner.into(),
        ..draft(name)
    };
    s.customers_mut()
        .create(&mk(
            "A",
            "direct",
            "active",
            "CN",
            "广东",
            &["quality_first"],
            "李娜",
        ))
        .unwrap();
    s.customers_mut()
        .create(&mk(
            "B",
            "distributor",
            "active",
            "CN",
            "浙江",
            &["price_sensitive", "VIP"],
            "王强",
        ))
        .unwrap();
    s.customers_mut()
        .create(&mk(
            "C",
            "distributor",
            "lost",
            "DE",
            "Bayern",
            &["quality_first"],
            "李娜",
        ))
        .unwrap();
    s.customers_mut()
        .create(&mk("D", "", "lead", "", "", &[], ""))
        .unwrap();
    let f = CustomerFilter::default;
    assert_eq!(names(&s, f()), vec!["A", "B", "C", "D"]);
    assert_eq!(
        names(
            &s,
            CustomerFilter {
                channels: vec![Channel::Distributor],
                ..f()
            }
        ),
        vec!["B", "C"]
    );
    assert_eq!(
        names(
            &s,
            CustomerFilter {
                channels: vec![Channel::Distributor],
                lifecycles: vec![Lifecycle::Active],
                ..f()
            }
        ),
        vec!["B"]
    );
    assert_eq!(
        names(
            &s,
            CustomerFilter {
                tags: vec!["quality_first".into()],
                ..f()
            }
        ),
        vec!["A", "C"]
    );
    assert_eq!(
        names(
            &s,
            CustomerFilter {
                tags: vec!["VIP".into(), "quality_first".into()],
                ..f()
            }
        ),
        vec!["A", "B", "C"]
    );
    assert_eq!(
        names(
            &s,
            CustomerFilter {
                scope: Some(Scope::Domestic),
                ..f()
            }
        ),
        vec!["A", "B"]
    );
    assert_eq!(
        names(
            &s,
            CustomerFilter {
                scope: Some(Scope::International),
                ..f()
            }
        ),
        vec!["C"]
    );
    assert_eq!(
        names(
            &s,
            CustomerFilter {
                province: Some("浙江".into()),
                ..f()
            }
        ),
        vec!["B"]
    );
    assert_eq!(
        names(
            &s,
            CustomerFilter {
                owners: vec!["李娜".into()],
                ..f()
            }
        ),
        vec!["A", "C"]
    );
    // The home country decides what is domestic.
    s.settings_mut().set_home_country("de").unwrap();
    assert_eq!(
        names(
            &s,
            CustomerFilter {
                scope: Some(Scope::Domestic),
                ..f()
            }
        ),
        vec!["C"]
    );
    assert_eq!(
        s.settings_mut().set_home_country("XX").unwrap_err().code(),
        ErrorCode::InvalidCountry
    );
    // Filters and search together.
    let q = CustomerQuery {
        search: Some("Bayern".into()),
        filter: CustomerFilter {
            owners: vec!["李娜".into()],
            ..f()
        },
        ..Default::default()
    };
    assert_eq!(s.customers().list(&q).unwrap().items.len(), 1);
    let opts = s.customers().filter_options().unwrap();
    assert_eq!(opts.owners, vec!["李娜", "王强"]);
    assert!(opts.tags.contains(&"VIP".to_string()));
}

#[test]
fn tags_follow_edits_and_deletes() {
    let (_d, mut s) = fresh();
    let c = s
        .customers_mut()
        .create(&CustomerDraft {
            tags: vec!["VIP".into()],
            ..draft("A")
        })
        .unwrap();
    let vip = || CustomerFilter {
        tags: vec!["VIP".into()],
        ..Default::default()
    };
    assert_eq!(s.customers().count(&vip()).unwrap(), 1);
    s.customers_mut()
        .update(
            c.id,
            &CustomerDraft {
                tags: vec!["老客户".into()],
                ..draft("A")
            },
        )
        .unwrap();
    assert_eq!(s.customers().count(&vip()).unwrap(), 0);
    s.customers_mut().delete(c.id).unwrap();
    assert!(s.customers().filter_options().unwrap().tags.is_empty());
}

#[test]
fn duplicates_by_name_phone_and_email_including_contacts() {
    let (_d, mut s) = fresh();
    let c = s
        .customers_mut()
        .create(&full("深圳华为技术有限公司"))
        .unwrap();
    let hit = |name: &str, phones: &[&str], emails: &[&str]| -> Vec<&'static str> {
        s.customers()
            .find_duplicates(
                name,
                &phones.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
                &emails.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
                None,
            )
            .unwrap()
            .into_iter()
            .map(|h| h.reason)
            .collect()
    };
    assert_eq!(hit(" 深圳华为技术有限公司 ", &[], &[]), vec!["name"]);
    assert_eq!(
        hit("Other", &["139 0013 9000"], &[]),
        vec!["phone"],
        "a contact's phone, other spacing"
    );
    assert_eq!(hit("Other", &[], &["BUYER@example.com"]), vec!["email"]);
    assert!(hit("Other", &["12345678901"], &["x@y.com"]).is_empty());
    let excluded = s
        .customers()
        .find_duplicates("深圳华为技术有限公司", &[], &[], Some(c.id))
        .unwrap();
    assert!(excluded.is_empty(), "a customer is not its own duplicate");
}

#[test]
fn import_is_all_or_nothing() {
    let (_d, mut s) = fresh();
    let mut bad = draft("bad");
    bad.email = "nope".into();
    let e = s
        .customers_mut()
        .import(&[draft("a"), draft("b"), bad])
        .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::InvalidEmail, Some("customers.2.email"))
    );
    assert_eq!(
        s.customers().list(&CustomerQuery::default()).unwrap().total,
        0
    );
    assert_eq!(crate::log_len(&s), 0);
    let ids = s.customers_mut().import(&[full("a"), full("b")]).unwrap();
    assert_eq!(ids.len(), 2);
    assert_eq!(
        s.search().customers("zhangwei", 10).unwrap().len(),
        2,
        "contacts indexed"
    );
}
