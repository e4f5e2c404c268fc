//! Search as you type: Chinese substrings, pinyin, initials, English, phones, emails, contacts.

use chainbook_core::contact::ContactDraft;
use chainbook_core::customer::CustomerDraft;
use chainbook_store::Store;

use crate::{draft, fresh};

fn seeded() -> (tempfile::TempDir, Store) {
    let (d, mut s) = fresh();
    for (name, phone, email, contact) in [
        (
            "深圳华为技术有限公司",
            "0755-2878 0808",
            "info@huawei.com",
            "张伟",
        ),
        ("华润万家超市", "021-5555 6666", "", "李娜"),
        (
            "北京小米科技有限责任公司",
            "010-6060 6666",
            "mi@xiaomi.com",
            "雷军",
        ),
        (
            "Nordic Steel GmbH",
            "+49 40 1234567",
            "sales@nordicsteel.de",
            "Anna Berg",
        ),
        (
            "Pacific Trading Ltd",
            "+1 415 555 0100",
            "buy@pacific.example",
            "John Smith",
        ),
    ] {
        s.customers_mut()
            .create(&CustomerDraft {
                phone: phone.into(),
                email: email.into(),
                contacts: vec![ContactDraft {
                    name: contact.into(),
                    wechat: format!("wx_{}", contact.len()),
                    ..Default::default()
                }],
                ..draft(name)
            })
            .unwrap();
    }
    (d, s)
}

fn find(s: &Store, q: &str) -> Vec<String> {
    s.search()
        .customers(q, 20)
        .unwrap()
        .into_iter()
        .map(|h| h.name)
        .collect()
}

#[test]
fn chinese_substrings_of_any_length() {
    let (_d, s) = seeded();
    assert_eq!(find(&s, "华为"), vec!["深圳华为技术有限公司"]);
    assert_eq!(find(&s, "华为技术"), vec!["深圳华为技术有限公司"]);
    assert_eq!(find(&s, "小米"), vec!["北京小米科技有限责任公司"]);
    // 「华」 is in two names: the one that starts with it ranks first.
    assert_eq!(find(&s, "华"), vec!["华润万家超市", "深圳华为技术有限公司"]);
    assert_eq!(find(&s, "有限").len(), 2);
}

#[test]
fn pinyin_and_initials() {
    let (_d, s) = seeded();
    assert_eq!(find(&s, "huawei"), vec!["深圳华为技术有限公司"]);
    assert_eq!(find(&s, "HuaWei"), vec!["深圳华为技术有限公司"]);
    assert_eq!(find(&s, "hw"), vec!["深圳华为技术有限公司"]);
    assert_eq!(find(&s, "szhw"), vec!["深圳华为技术有限公司"]);
    assert_eq!(find(&s, "xiaomi"), vec!["北京小米科技有限责任公司"]);
    // A contact's name in pinyin finds the customer.
    assert_eq!(find(&s, "leijun"), vec!["北京小米科技有限责任公司"]);
}

#[test]
fn name_readings_of_polyphonic_characters() {
    let (_d, mut s) = seeded();
    s.customers_mut().create(&draft("重庆长安汽车")).unwrap();
    s.customers_mut()
        .create(&CustomerDraft {
            kind: chainbook_core::customer::CustomerKind::Person,
            ..draft("吕晓曾")
        })
        .unwrap();
    assert_eq!(find(&s, "chongqing"), vec!["重庆长安汽车"]);
    assert_eq!(
        find(&s, "zhongqing"),
        vec!["重庆长安汽车"],
        "the common reading still works"
    );
    assert_eq!(find(&s, "cqca"), vec!["重庆长安汽车"]);
    assert_eq!(find(&s, "lvxiao"), vec!["吕晓曾"]);
    assert_eq!(find(&s, "luxiaozeng"), vec!["吕晓曾"]);
}

#[test]
fn english_mixed_case_phones_emails_contacts() {
    let (_d, s) = seeded();
    assert_eq!(find(&s, "nordic"), vec!["Nordic Steel GmbH"]);
    assert_eq!(find(&s, "pACIFIC"), vec!["Pacific Trading Ltd"]);
    assert_eq!(find(&s, "0755"), vec!["深圳华为技术有限公司"]);
    assert_eq!(
        find(&s, "28780808"),
        vec!["深圳华为技术有限公司"],
        "digits without separators"
    );
    assert_eq!(find(&s, "xiaomi.com"), vec!["北京小米科技有限责任公司"]);
    assert_eq!(find(&s, "Anna"), vec!["Nordic Steel GmbH"]);
    assert_eq!(find(&s, "张伟"), vec!["深圳华为技术有限公司"]);
    assert!(find(&s, "zzzzqqq").is_empty());
    assert!(find(&s, "   ").is_empty());
    // FTS syntax in the query is taken literally, not as operators.
    assert!(find(&s, "\"OR*").is_empty());
    assert!(find(&s, "a AND b NOT c").is_empty());
}

#[test]
fn edits_and_deletes_update_the_index_in_the_same_write() {
    let (_d, mut s) = seeded();
    let id = s.search().customers("小米", 1).unwrap()[0].id;
    s.customers_mut()
        .update(id, &draft("北京红米电子"))
        .unwrap();
    assert!(find(&s, "小米").is_empty());
    assert_eq!(find(&s, "红米"), vec!["北京红米电子"]);
    s.customers_mut().delete(id).unwrap();
    assert!(find(&s, "红米").is_empty());
    assert!(find(&s, "hongmi").is_empty());
}

#[test]
fn the_list_search_uses_the_same_matching() {
    let (_d, s) = seeded();
    let q = chainbook_store::CustomerQuery {
        search: Some("hw".into()),
        ..Default::default()
    };
    let page = s.customers().list(&q).unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].fields.name, "深圳华为技术有限公司");
}

/// The command palette: every kind of record from one query, documents by number.
mod palette {
    use chainbook_core::complaint::FeedbackDraft;
    use chainbook_core::order::OrderDraft;
    use chainbook_core::product::ProductDraft;
    use chainbook_core::purchase::{PoDraft, PoLineDraft};
    use chainbook_core::supplier::SupplierDraft;
    use chainbook_core::ErrorCode;
    use chainbook_store::search::palette::{PaletteHit, PALETTE_SQL};
    use chainbook_store::Store;

    use crate::{draft, fresh, line};

    struct Books {
        _dir: tempfile::TempDir,
        s: Store,
        order: PaletteHit,
        po: PaletteHit,
        complaint: PaletteHit,
    }

    fn books() -> Books {
        let (d, mut s) = fresh();
        let customer = s
            .customers_mut()
            .create(&draft("深圳华为技术有限公司"))
            .unwrap();
        let bolt = s
            .products_mut()
            .create(&ProductDraft {
                sku: "BOLT-M8".into(),
                name: "六角螺栓 M8".into(),
                unit: "件".into(),
                currency: "CNY".into(),
                category: "紧固件".into(),
                active: true,
                ..Default::default()
            })
            .unwrap();
        s.products_mut()
            .create(&ProductDraft {
                sku: "NUT-M8".into(),
                name: "螺母 M8 (配 BOLT-M8)".into(),
                unit: "件".into(),
                currency: "CNY".into(),
                active: true,
                ..Default::default()
            })
            .unwrap();
        let sup = s
            .suppliers_mut()
            .create(&SupplierDraft {
                code: "GYS-007".into(),
                name: "宁波紧固件厂".into(),
                status: "approved".into(),
                ..Default::default()
            })
            .unwrap();
        let o = s
            .orders_mut()
            .create(&OrderDraft {
                customer_id: customer.id,
                lines: vec![line(bolt.id, "2", "1.50", "", "")],
                ..Default::default()
            })
            .unwrap();
        let p = s
            .purchasing_mut()
            .create(&PoDraft {
                supplier_id: sup.id,
                currency: "CNY".into(),
                notes: String::new(),
                lines: vec![PoLineDraft {
                    product_id: bolt.id,
                    quantity: "100".into(),
                    unit_price: "0.85".into(),
                    expected_on: "2026-12-10".into(),
                }],
            })
            .unwrap();
        let c = s
            .complaints_mut()
            .open(&FeedbackDraft {
                kind: "complaint".into(),
                customer_id: Some(customer.id),
                channel: "phone".into(),
                category: "damaged".into(),
                severity: "high".into(),
                description: "外箱破损".into(),
                ..Default::default()
            })
            .unwrap();
        let as_hit = |id, code: &str, name: &str| PaletteHit {
            id,
            code: code.to_owned(),
            name: name.to_owned(),
            detail: String::new(),
        };
        Books {
            order: as_hit(o.id, &o.number, "深圳华为技术有限公司"),
            po: as_hit(p.id, &p.number, "宁波紧固件厂"),
            complaint: as_hit(c.id, &c.number, "深圳华为技术有限公司"),
            _dir: d,
            s,
        }
    }

    fn ids(hits: &[PaletteHit]) -> Vec<(String, String)> {
        hits.iter()
            .map(|h| (h.code.clone(), h.name.clone()))
            .collect()
    }

    #[test]
    fn each_kind_is_found_by_what_people_type() {
        let b = books();
        let search = b.s.search();
        // A customer by name, pinyin initials and code, as the customer search finds it.
        let r = search.palette("华为", 5).unwrap();
        assert_eq!(r.customers.len(), 1);
        assert!(r.orders.is_empty() && r.products.is_empty());
        assert_eq!(search.palette("szhw", 5).unwrap().customers.len(), 1);
        // A SKU finds its product first, then the product naming it.
        let r = search.palette("BOLT-M8", 5).unwrap();
        assert_eq!(
            ids(&r.products),
            [
                ("BOLT-M8".into(), "六角螺栓 M8".into()),
                ("NUT-M8".into(), "螺母 M8 (配 BOLT-M8)".into())
            ]
        );
        assert_eq!(r.products[0].detail, "紧固件");
        // Lower case, and a part of the name.
        assert_eq!(ids(&search.palette("bolt", 5).unwrap().products).len(), 2);
        assert_eq!(ids(&search.palette("六角", 5).unwrap().products).len(), 1);
        // A supplier by code and name.
        for q in ["gys-007", "紧固件厂"] {
            let r = search.palette(q, 5).unwrap();
            assert_eq!(
                ids(&r.suppliers),
                [("GYS-007".into(), "宁波紧固件厂".into())],
                "{q}"
            );
        }
        // Documents by their whole number, a prefix of it, typed in lower case.
        for doc in [&b.order, &b.po, &b.complaint] {
            for q in [
                doc.code.clone(),
                doc.code[..doc.code.len() - 2].to_lowercase(),
            ] {
                let r = search.palette(&q, 5).unwrap();
                let found: Vec<_> = r
                    .orders
                    .iter()
                    .chain(&r.purchase_orders)
                    .chain(&r.complaints)
                    .map(|h| (h.id, h.code.clone(), h.name.clone()))
                    .collect();
                assert_eq!(found, [(doc.id, doc.code.clone(), doc.name.clone())], "{q}");
            }
        }
        let r = search.palette(&b.order.code, 5).unwrap();
        assert!(!r.orders[0].detail.is_empty(), "the order date");
        // Nothing matches: nothing, in no kind.
        assert!(search.palette("ZZZ-无此记录", 5).unwrap().is_empty());
        assert!(search.palette("   ", 5).unwrap().is_empty());
    }

    #[test]
    fn limits_bound_every_kind() {
        let (_d, mut s) = fresh();
        let customer = s.customers_mut().create(&draft("华为")).unwrap();
        let p = crate::product(&mut s, "SKU-1", "1", "0");
        for i in 0..7 {
            crate::product(&mut s, &format!("SKU-X{i}"), "1", "0");
            s.orders_mut()
                .create(&OrderDraft {
                    customer_id: customer.id,
                    lines: vec![line(p, "1", "1", "", "")],
                    ..Default::default()
                })
                .unwrap();
        }
        let r = s.search().palette("sku", 3).unwrap();
        assert_eq!(r.products.len(), 3);
        let r = s.search().palette("so-", 4).unwrap();
        assert_eq!(r.orders.len(), 4);
        // Newest number first.
        assert!(r.orders[0].code > r.orders[1].code);
        let r = s.search().palette("SO-", 20).unwrap();
        assert_eq!(r.orders.len(), 7);
    }

    #[test]
    fn bad_input_is_refused_with_its_field() {
        let (_d, s) = fresh();
        for limit in [0, 21, u32::MAX] {
            let e = s.search().palette("华为", limit).unwrap_err();
            assert_eq!(
                (e.code(), e.field()),
                (ErrorCode::OutOfRange, Some("limit"))
            );
        }
        let e = s.search().palette(&"长".repeat(101), 5).unwrap_err();
        assert_eq!((e.code(), e.field()), (ErrorCode::TooLong, Some("q")));
        // Operators and wildcards are text, not syntax.
        for q in ["%", "_", "\"", "a OR b", "SO-%", "\\", "*"] {
            assert!(s.search().palette(q, 5).unwrap().is_empty(), "{q}");
        }
    }

    #[test]
    fn documents_are_found_through_their_number_index_never_a_scan() {
        let (d, _s) = fresh();
        let conn = rusqlite::Connection::open(d.path().join("chainbook.db")).unwrap();
        for (kind, sql) in PALETTE_SQL {
            let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            let args: Vec<rusqlite::types::Value> = (0..stmt.parameter_count())
                .map(|_| "SO-".to_owned().into())
                .collect();
            let plan: Vec<String> = stmt
                .query_map(rusqlite::params_from_iter(args), |r| r.get(3))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            let plan = plan.join("\n");
            if ["orders", "purchase_orders", "complaints"].contains(&kind) {
                assert!(
                    plan.contains("USING INDEX sqlite_autoindex"),
                    "{kind}: {plan}"
                );
                assert!(!plan.contains("SCAN"), "{kind}: {plan}");
            }
        }
    }
}

/// A list search is answered two ways — walking the sort index against the matches when they
/// are many, fetching the matches and sorting them when they are few — and both give exactly
/// the live customers that match, in the sort's order, with their count, in every sort.
#[test]
fn list_search_pages_are_right_whether_matches_are_few_or_many() {
    use chainbook_core::customer::Channel;
    use chainbook_core::segment::CustomerFilter;
    use chainbook_store::{CustomerQuery, CustomerSort};

    let (_d, mut s) = fresh();
    let mut deleted = Vec::new();
    // 60 customers: 40 "Hongda …" (many), 3 "Zenith …" (few), one of each deleted.
    for i in 0..60u32 {
        let name = match i {
            0..=39 => format!("Hongda Trading {:02}", (i * 7) % 40),
            40..=42 => format!("Zenith Parts {i}"),
            _ => format!("Other Goods {i}"),
        };
        let mut d = draft(&name);
        d.city = format!("City {}", i % 5);
        d.credit_limit = format!("{}", i * 37 % 11);
        if i % 2 == 0 {
            d.channel = Channel::Distributor.as_str().into();
        }
        let c = s.customers_mut().create(&d).unwrap();
        if i == 5 || i == 41 {
            deleted.push(c.id);
        }
    }
    for id in &deleted {
        s.customers_mut().delete(*id).unwrap();
    }
    let all = s
        .customers()
        .list(&CustomerQuery {
            page_size: 200,
            ..Default::default()
        })
        .unwrap()
        .items;
    assert_eq!(all.len(), 58);
    let sorts = [
        CustomerSort::Name,
        CustomerSort::Code,
        CustomerSort::City,
        CustomerSort::CreditLimit,
        CustomerSort::CreatedAt,
        CustomerSort::UpdatedAt,
    ];
    for (search, prefix, expected) in [("hongda", "Hongda", 39), ("zenith", "Zenith", 2)] {
        for filter in [
            CustomerFilter::default(),
            CustomerFilter {
                channels: vec![Channel::Distributor],
                ..Default::default()
            },
        ] {
            for sort in sorts {
                for descending in [false, true] {
                    // The expected order: the unsearched list in this sort, then the matches.
                    let unsearched = s
                        .customers()
                        .list(&CustomerQuery {
                            page_size: 200,
                            sort,
                            descending,
                            filter: filter.clone(),
                            ..Default::default()
                        })
                        .unwrap()
                        .items;
                    let want: Vec<_> = unsearched
                        .iter()
                        .filter(|c| c.fields.name.starts_with(prefix))
                        .map(|c| c.id)
                        .collect();
                    if filter == CustomerFilter::default() {
                        assert_eq!(want.len(), expected);
                    }
                    let mut got = Vec::new();
                    for page in 0..5 {
                        let p = s
                            .customers()
                            .list(&CustomerQuery {
                                page,
                                page_size: 10,
                                sort,
                                descending,
                                search: Some(search.into()),
                                filter: filter.clone(),
                            })
                            .unwrap();
                        assert_eq!(p.total as usize, want.len(), "{search} {sort:?} {filter:?}");
                        got.extend(p.items.iter().map(|c| c.id));
                    }
                    assert_eq!(got, want, "{search} {sort:?} desc={descending} {filter:?}");
                }
            }
        }
    }
}
