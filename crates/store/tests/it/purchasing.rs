//! Suppliers, supplies, contracts, evaluations, purchase orders and receipts.

use chainbook_core::product::{ProductDraft, Qty};
use chainbook_core::purchase::{PoAction, PoDraft, PoLineDraft, PoStatus, ReceiptLineDraft};
use chainbook_core::supplier::{
    ContractDraft, EvaluationDraft, SupplierDraft, SupplierKind, SupplierStatus, SupplyDraft,
};
use chainbook_core::ErrorCode;
use chainbook_store::purchasing::PoQuery;
use chainbook_store::suppliers::SupplierQuery;
use chainbook_store::Store;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::fresh;

fn supplier(code: &str, status: &str) -> SupplierDraft {
    SupplierDraft {
        code: code.into(),
        name: format!("供应商 {code}"),
        status: status.into(),
        ..Default::default()
    }
}

fn setup() -> (tempfile::TempDir, Store, Uuid, Uuid) {
    let (d, mut s) = fresh();
    let sup = s
        .suppliers_mut()
        .create(&supplier("S-01", "approved"))
        .unwrap();
    let p = s
        .products_mut()
        .create(&ProductDraft {
            sku: "BOLT-M8".into(),
            name: "螺栓".into(),
            unit: "件".into(),
            currency: "CNY".into(),
            active: true,
            ..Default::default()
        })
        .unwrap();
    (d, s, sup.id, p.id)
}

/// A purchase order in CNY.
fn po(supplier: Uuid, lines: &[PoLineDraft], notes: &str) -> PoDraft {
    PoDraft {
        supplier_id: supplier,
        currency: "CNY".into(),
        notes: notes.into(),
        lines: lines.to_vec(),
    }
}

fn line(product: Uuid, qty: &str) -> PoLineDraft {
    PoLineDraft {
        product_id: product,
        quantity: qty.into(),
        unit_price: "0.85".into(),
        expected_on: "2026-12-10".into(),
    }
}

#[test]
fn suppliers_codes_and_blocking() {
    let (_d, mut s, sup, p) = setup();
    let e = s.suppliers_mut().create(&supplier("s-01", "")).unwrap_err();
    assert_eq!((e.code(), e.field()), (ErrorCode::Conflict, Some("code")));
    let blocked = s
        .suppliers_mut()
        .create(&supplier("S-02", "blocked"))
        .unwrap();
    let n = crate::log_len(&s);
    let e = s
        .purchasing_mut()
        .create(&po(blocked.id, &[line(p, "10")], ""))
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidTransition);
    assert_eq!(crate::log_len(&s), n);
    let u = s
        .suppliers_mut()
        .update(
            sup,
            &SupplierDraft {
                status: "probation".into(),
                ..supplier("S-01", "")
            },
        )
        .unwrap();
    assert_eq!(u.fields.status.as_str(), "probation");
}

#[test]
fn a_supplier_without_a_code_gets_the_next_one_and_keeps_it() {
    let (_d, mut s, _sup, _p) = setup();
    let a = s.suppliers_mut().create(&supplier("", "")).unwrap();
    let b = s.suppliers_mut().create(&supplier("  ", "")).unwrap();
    let device = s.device().code.clone();
    assert_eq!(a.fields.code, format!("S-{device}-00001"));
    assert_eq!(b.fields.code, format!("S-{device}-00002"));
    // An edit cannot take the code away.
    let e = s
        .suppliers_mut()
        .update(a.id, &supplier("", "probation"))
        .unwrap_err();
    assert_eq!((e.code(), e.field()), (ErrorCode::Required, Some("code")));
    // Typed: kept as typed (upper-cased), and still unique.
    let typed = s.suppliers_mut().create(&supplier("acme-7", "")).unwrap();
    assert_eq!(typed.fields.code, "ACME-7");
    let e = s
        .suppliers_mut()
        .update(typed.id, &supplier(&b.fields.code, ""))
        .unwrap_err();
    assert_eq!((e.code(), e.field()), (ErrorCode::Conflict, Some("code")));
}

#[test]
fn supplies_have_one_preferred_supplier_per_product() {
    let (_d, mut s, a, p) = setup();
    let b = s.suppliers_mut().create(&supplier("S-03", "")).unwrap().id;
    let supply = |sup: Uuid, pref: bool| SupplyDraft {
        supplier_id: sup,
        product_id: p,
        currency: "CNY".into(),
        price: "0.80".into(),
        lead_time_days: "14".into(),
        preferred: pref,
    };
    s.suppliers_mut().set_supply(&supply(a, true)).unwrap();
    s.suppliers_mut().set_supply(&supply(b, true)).unwrap();
    let list = s.suppliers().of_product(p).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(
        list.iter()
            .filter(|x| x.preferred)
            .map(|x| x.supplier_id)
            .collect::<Vec<_>>(),
        vec![b]
    );
    let e = s
        .suppliers_mut()
        .set_supply(&SupplyDraft {
            price: "0.805".into(),
            ..supply(a, false)
        })
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::TooManyDecimals);
}

#[test]
fn contracts_and_evaluations() {
    let (_d, mut s, sup, _) = setup();
    let c = |title: &str, end: &str| ContractDraft {
        supplier_id: sup,
        title: title.into(),
        starts_on: "2026-01-01".into(),
        ends_on: end.into(),
        ..Default::default()
    };
    s.suppliers_mut()
        .add_contract(&c("soon", "2026-12-10"))
        .unwrap();
    s.suppliers_mut()
        .add_contract(&c("later", "2027-06-30"))
        .unwrap();
    let e = s
        .suppliers_mut()
        .add_contract(&c("backwards", "2025-12-31"))
        .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::DateOrder, Some("ends_on"))
    );
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let expiring = s.suppliers().contracts_expiring(today, 30).unwrap();
    assert_eq!(
        expiring
            .iter()
            .map(|c| c.title.as_str())
            .collect::<Vec<_>>(),
        vec!["soon"]
    );
    let ev = EvaluationDraft {
        supplier_id: sup,
        period: "2026-Q4".into(),
        cooperation: 4,
        service: 5,
        technology: 3,
        comment: String::new(),
    };
    s.suppliers_mut().add_evaluation(&ev).unwrap();
    assert_eq!(
        s.suppliers_mut()
            .add_evaluation(&EvaluationDraft { service: 0, ..ev })
            .unwrap_err()
            .code(),
        ErrorCode::OutOfRange
    );
}

#[test]
fn a_po_received_partly_with_rejections_then_fully() {
    let (_d, mut s, sup, p) = setup();
    let po = s
        .purchasing_mut()
        .create(&po(sup, &[line(p, "100")], ""))
        .unwrap();
    assert!(
        po.number.starts_with("PO-") && po.number.ends_with(&format!("-{}-00001", s.device().code)),
        "{}",
        po.number
    );
    assert_eq!(po.status, PoStatus::Draft);
    let l = po.lines[0].id;
    // Nothing can be received before the PO is sent.
    let rc = |r: &str, j: &str| {
        vec![ReceiptLineDraft {
            po_line_id: l,
            received: r.into(),
            rejected: j.into(),
        }]
    };
    assert_eq!(
        s.purchasing_mut()
            .receive(po.id, "2026-12-01", &rc("10", "0"), false)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidTransition
    );
    s.purchasing_mut().action(po.id, PoAction::Send).unwrap();
    let after = s
        .purchasing_mut()
        .receive(po.id, "2026-12-01", &rc("60", "2"), false)
        .unwrap();
    assert_eq!(after.status, PoStatus::PartiallyReceived);
    assert_eq!(
        (after.lines[0].accepted, after.lines[0].rejected),
        (Qty(60_000), Qty(2_000))
    );
    assert_eq!(
        s.products().get(p).unwrap().on_hand,
        Qty(60_000),
        "only accepted units enter stock"
    );
    // Cancelling after goods arrived is refused; 38 open, 39 is an over-delivery.
    assert_eq!(
        s.purchasing_mut()
            .action(po.id, PoAction::Cancel)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidTransition
    );
    let n = crate::log_len(&s);
    assert_eq!(
        s.purchasing_mut()
            .receive(po.id, "2026-12-05", &rc("39", "0"), false)
            .unwrap_err()
            .code(),
        ErrorCode::OverDelivery
    );
    assert_eq!(crate::log_len(&s), n, "a refused receipt writes nothing");
    let done = s
        .purchasing_mut()
        .receive(po.id, "2026-12-05", &rc("39", "0"), true)
        .unwrap();
    assert_eq!(done.status, PoStatus::Received);
    assert_eq!(s.products().get(p).unwrap().on_hand, Qty(99_000));
    // The product was bought from the supplier, whether or not an offer is recorded: the
    // last price and the last day it arrived.
    let from = s.suppliers().received_from(p).unwrap();
    assert_eq!(from.len(), 1);
    assert_eq!(from[0].supplier_id, sup);
    assert_eq!(
        (
            from[0].last_price.as_str(),
            from[0].last_received_on.to_string()
        ),
        ("0.85", "2026-12-05".to_owned())
    );
    assert_eq!(done.lines[0].name, s.products().get(p).unwrap().fields.name);
    let closed = s.purchasing_mut().action(po.id, PoAction::Close).unwrap();
    let history: Vec<PoStatus> = closed.history.iter().map(|h| h.0).collect();
    assert_eq!(
        history,
        vec![
            PoStatus::Draft,
            PoStatus::Sent,
            PoStatus::PartiallyReceived,
            PoStatus::Received,
            PoStatus::Closed
        ]
    );
    assert_eq!(
        s.purchasing_mut()
            .receive(po.id, "2026-12-06", &rc("1", "0"), true)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidTransition
    );
}

#[test]
fn bad_purchase_orders_write_nothing() {
    let (_d, mut s, sup, p) = setup();
    let n = crate::log_len(&s);
    let e = s
        .purchasing_mut()
        .create(&po(sup, &[line(p, "0")], ""))
        .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::OutOfRange, Some("lines.0.quantity"))
    );
    let e = s
        .purchasing_mut()
        .create(&po(
            sup,
            &[PoLineDraft {
                unit_price: "1.234".into(),
                ..line(p, "1")
            }],
            "",
        ))
        .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::TooManyDecimals, Some("lines.0.unit_price"))
    );
    let e = s
        .purchasing_mut()
        .create(&po(sup, &[line(Uuid::nil(), "1")], ""))
        .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::NotFound, Some("lines.0.product_id"))
    );
    assert_eq!(
        s.purchasing_mut()
            .create(&po(sup, &[], ""))
            .unwrap_err()
            .code(),
        ErrorCode::Required
    );
    assert_eq!(crate::log_len(&s), n);
    // A cancelled PO takes no receipts.
    let po = s
        .purchasing_mut()
        .create(&po(sup, &[line(p, "5")], ""))
        .unwrap();
    s.purchasing_mut().action(po.id, PoAction::Cancel).unwrap();
    let r = vec![ReceiptLineDraft {
        po_line_id: po.lines[0].id,
        received: "5".into(),
        rejected: "".into(),
    }];
    assert_eq!(
        s.purchasing_mut()
            .receive(po.id, "2026-12-01", &r, false)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidTransition
    );
}

fn contact(name: &str, phone: &str, primary: bool) -> chainbook_core::contact::ContactDraft {
    chainbook_core::contact::ContactDraft {
        name: name.into(),
        phone: phone.into(),
        primary,
        ..Default::default()
    }
}

#[test]
fn supplier_contacts_are_kept_edited_and_removed() {
    let (_d, mut s, _, _) = setup();
    let sup = s
        .suppliers_mut()
        .create(&SupplierDraft {
            contacts: vec![
                contact("王经理", "13800138000", false),
                contact("物流 李", "13900139000", true),
            ],
            ..supplier("S-10", "")
        })
        .unwrap();
    assert_eq!(sup.contacts.len(), 2);
    assert!(sup.contacts[1].primary && !sup.contacts[0].primary);
    let page = s
        .suppliers()
        .list(&SupplierQuery {
            page_size: 10,
            search: Some("s-10".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].contact_name, "物流 李");
    // Edit the first, drop the second: one update and one tombstone, nothing else.
    crate::take_changes(&mut s);
    let first = sup.contacts[0].id;
    let edited = s
        .suppliers_mut()
        .update(
            sup.id,
            &SupplierDraft {
                contacts: vec![chainbook_core::contact::ContactDraft {
                    id: first,
                    role: "销售".into(),
                    ..contact("王经理", "13800138000", false)
                }],
                ..supplier("S-10", "")
            },
        )
        .unwrap();
    assert_eq!(edited.contacts.len(), 1);
    assert!(edited.contacts[0].primary, "a lone contact is primary");
    assert_eq!(edited.contacts[0].role, "销售");
    let sent = crate::take_changes(&mut s);
    assert_eq!(
        crate::summary(&sent),
        vec![
            ("supplier_contacts".into(), "delete"),
            ("supplier_contacts".into(), "update")
        ]
    );
    // A contact nobody can reach is refused and nothing is written.
    let e = s
        .suppliers_mut()
        .update(
            sup.id,
            &SupplierDraft {
                contacts: vec![contact("无电话", "", false)],
                ..supplier("S-10", "")
            },
        )
        .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::UnreachableContact, Some("contacts.0.phone"))
    );
    assert_eq!(crate::log_len(&s), 0);
}

#[test]
fn supplier_list_filters_and_pages() {
    let (_d, mut s, _, _) = setup();
    for i in 0..25 {
        let status = if i % 5 == 0 { "blocked" } else { "approved" };
        let kind = if i % 2 == 0 { "logistics" } else { "goods" };
        s.suppliers_mut()
            .create(&SupplierDraft {
                kind: kind.into(),
                ..supplier(&format!("L-{i:02}"), status)
            })
            .unwrap();
    }
    let q = |status, kind, page| SupplierQuery {
        page,
        page_size: 10,
        status,
        kind,
        search: None,
    };
    let all = s.suppliers().list(&q(None, None, 2)).unwrap();
    assert_eq!((all.total, all.items.len()), (26, 6));
    let blocked = s
        .suppliers()
        .list(&q(Some(SupplierStatus::Blocked), None, 0))
        .unwrap();
    assert_eq!(blocked.total, 5);
    let logistics_blocked = s
        .suppliers()
        .list(&q(
            Some(SupplierStatus::Blocked),
            Some(SupplierKind::Logistics),
            0,
        ))
        .unwrap();
    assert_eq!(logistics_blocked.total, 3);
    let e = s.suppliers().list(&q(None, None, 0)).map(|_| ());
    assert!(e.is_ok());
    let e = s
        .suppliers()
        .list(&SupplierQuery {
            page_size: 0,
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidArgument);
    // Deleting removes it from the list; its code can be used again.
    let victim = s.suppliers().list(&q(None, None, 0)).unwrap().items[0].clone();
    s.suppliers_mut().delete(victim.id).unwrap();
    assert_eq!(s.suppliers().list(&q(None, None, 0)).unwrap().total, 25);
    assert_eq!(
        s.suppliers().get(victim.id).unwrap_err().code(),
        ErrorCode::NotFound
    );
    s.suppliers_mut()
        .create(&supplier(&victim.code, ""))
        .unwrap();
}

#[test]
fn contracts_are_listed_edited_and_deleted() {
    let (_d, mut s, sup, p) = setup();
    let draft = ContractDraft {
        supplier_id: sup,
        title: "年度框架协议".into(),
        starts_on: "2026-01-01".into(),
        ends_on: "2026-12-15".into(),
        notice_days: "30".into(),
        auto_renew: true,
        ..Default::default()
    };
    let c = s.suppliers_mut().add_contract(&draft).unwrap();
    assert_eq!(c.fields.notice_days, 30);
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let soon = s.suppliers().contracts_expiring(today, 30).unwrap();
    assert_eq!((soon[0].supplier_id, soon[0].notice_days), (sup, 30));
    // Extended: no longer expiring within 30 days.
    let e = s
        .suppliers_mut()
        .update_contract(
            c.id,
            &ContractDraft {
                ends_on: "2025-01-01".into(),
                ..draft.clone()
            },
        )
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::DateOrder);
    s.suppliers_mut()
        .update_contract(
            c.id,
            &ContractDraft {
                ends_on: "2027-12-31".into(),
                ..draft.clone()
            },
        )
        .unwrap();
    assert!(s
        .suppliers()
        .contracts_expiring(today, 30)
        .unwrap()
        .is_empty());
    assert_eq!(s.suppliers().contracts_of(sup).unwrap().len(), 1);
    s.suppliers_mut().delete_contract(c.id).unwrap();
    assert!(s.suppliers().contracts_of(sup).unwrap().is_empty());
    // Supplies show on the supplier page and can be removed.
    s.suppliers_mut()
        .set_supply(&SupplyDraft {
            supplier_id: sup,
            product_id: p,
            currency: "CNY".into(),
            price: "0.80".into(),
            lead_time_days: "7".into(),
            preferred: true,
        })
        .unwrap();
    let supplied = s.suppliers().supplied_by(sup).unwrap();
    assert_eq!(
        (supplied[0].sku.as_str(), supplied[0].preferred),
        ("BOLT-M8", true)
    );
    s.suppliers_mut().remove_supply(sup, p).unwrap();
    assert!(s.suppliers().supplied_by(sup).unwrap().is_empty());
    assert_eq!(
        s.suppliers_mut().remove_supply(sup, p).unwrap_err().code(),
        ErrorCode::NotFound
    );
    // Evaluations, latest period first.
    for (period, score) in [("2026-Q3", 3), ("2026-Q4", 5)] {
        s.suppliers_mut()
            .add_evaluation(&EvaluationDraft {
                supplier_id: sup,
                period: period.into(),
                cooperation: score,
                service: score,
                technology: score,
                comment: "按时".into(),
            })
            .unwrap();
    }
    let evs = s.suppliers().evaluations_of(sup).unwrap();
    assert_eq!(
        evs.iter()
            .map(|e| e.fields.period.as_str())
            .collect::<Vec<_>>(),
        ["2026-Q4", "2026-Q3"]
    );
}

#[test]
fn purchase_orders_are_listed_with_totals_and_receipts() {
    let (_d, mut s, sup, p) = setup();
    let a = s
        .purchasing_mut()
        .create(&po(sup, &[line(p, "10"), line(p, "3")], ""))
        .unwrap();
    // 13 × 0.85 = 11.05
    assert_eq!(a.total().to_string(), "11.05");
    let b = s
        .purchasing_mut()
        .create(&po(sup, &[line(p, "100")], "加急"))
        .unwrap();
    s.purchasing_mut().action(b.id, PoAction::Send).unwrap();
    let b = s
        .purchasing_mut()
        .receive(
            b.id,
            "2026-11-20",
            &[ReceiptLineDraft {
                po_line_id: b.lines[0].id,
                received: "40".into(),
                rejected: "2".into(),
            }],
            false,
        )
        .unwrap();
    assert_eq!(b.status, PoStatus::PartiallyReceived);
    assert_eq!(b.receipts.len(), 1);
    assert_eq!(
        (b.receipts[0].accepted, b.receipts[0].rejected),
        (Qty(40_000), Qty(2_000))
    );
    assert_eq!(b.notes, "加急");
    let q = |open_only| PoQuery {
        page: 0,
        page_size: 20,
        status: None,
        supplier_id: Some(sup),
        open_only,
    };
    let all = s.purchasing().list(&q(false)).unwrap();
    assert_eq!(all.total, 2);
    assert_eq!(all.items[0].number, b.number, "newest first");
    assert_eq!(all.items[0].total.to_string(), "85.00");
    assert_eq!(all.items[0].supplier_name, "供应商 S-01");
    let open = s.purchasing().list(&q(true)).unwrap();
    assert_eq!(open.total, 1);
    let drafts = s
        .purchasing()
        .list(&PoQuery {
            status: Some(PoStatus::Draft),
            ..q(false)
        })
        .unwrap();
    assert_eq!(drafts.items[0].id, a.id);
}
