//! The table registry against the schema and against what every write sends.
//!
//! - Every table of a fresh database is a registered synced table, device-local, or derived,
//!   and each synced table has exactly its registered columns plus the sync columns.
//! - A scenario drives every write the store offers; its changes, applied to another store,
//!   give exactly the same synced and derived tables (so the change log is complete), inserts
//!   carry every registered column, facts never change after insert, and every registered
//!   table was written.

use std::collections::BTreeSet;

use chainbook_core::complaint::{ComplaintAction, FeedbackDraft, ResolutionDraft};
use chainbook_core::contact::ContactDraft;
use chainbook_core::customer::{AddressDraft, CustomerDraft};
use chainbook_core::interaction::InteractionDraft;
use chainbook_core::order::{
    LineMoneyDraft, OrderAction, OrderDraft, OrderLineDraft, ReturnDraft, ShipmentDraft,
};
use chainbook_core::product::{MovementDraft, ProductDraft};
use chainbook_core::purchase::{PoAction, PoDraft, PoLineDraft, ReceiptLineDraft};
use chainbook_core::segment::CustomerFilter;
use chainbook_core::supplier::{ContractDraft, EvaluationDraft, SupplierDraft, SupplyDraft};
use chainbook_core::survey::SurveyDraft;
use chainbook_store::registry::{self, Kind};
use chainbook_store::Store;

use crate::{draft, fresh};

fn tables(path: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn every_table_is_synced_device_local_or_derived() {
    let (dir, _s) = fresh();
    let path = dir.path().join("chainbook.db");
    let derived: Vec<&str> = registry::DERIVED
        .iter()
        .flat_map(|d| d.tables().iter().copied())
        .collect();
    let mut unknown = Vec::new();
    for t in tables(&path) {
        let known = registry::all().any(|s| s.name == t)
            || registry::DEVICE_LOCAL.contains(&t.as_str())
            || derived.contains(&t.as_str())
            // FTS5 keeps its index in shadow tables named after the virtual table.
            || derived.iter().any(|d| t.starts_with(&format!("{d}_")))
            || t.starts_with("sqlite_");
        if !known {
            unknown.push(t);
        }
    }
    assert!(
        unknown.is_empty(),
        "tables neither registered as synced nor declared device-local or derived: {unknown:?}"
    );
    let conn = rusqlite::Connection::open(&path).unwrap();
    for s in registry::all() {
        let cols: BTreeSet<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{}')", s.name))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let want: BTreeSet<String> = s
            .columns
            .iter()
            .chain(registry::SYNC_COLUMNS.iter())
            .map(|c| c.to_string())
            .collect();
        assert_eq!(cols, want, "{}: the registry's columns", s.name);
    }
    for t in derived.iter().chain(registry::DEVICE_LOCAL) {
        assert!(
            tables(&path).contains(&t.to_string()),
            "{t} is declared but missing"
        );
    }
}

/// Every write the store offers, once or more.
fn drive_every_write(s: &mut Store) {
    // Customers with contacts and addresses; an edit that changes some of each.
    let mut d = CustomerDraft {
        contacts: vec![
            ContactDraft {
                name: "张伟".into(),
                phone: "13800138000".into(),
                primary: true,
                ..Default::default()
            },
            ContactDraft {
                name: "李娜".into(),
                email: "li@example.com".into(),
                ..Default::default()
            },
        ],
        addresses: vec![AddressDraft {
            kind: "shipping".into(),
            country: "CN".into(),
            city: "深圳".into(),
            ..Default::default()
        }],
        ..draft("深圳华为技术有限公司")
    };
    let c = s.customers_mut().create(&d).unwrap();
    let detail = s.customers().detail(c.id).unwrap();
    d.city = "广州".into();
    d.contacts = vec![ContactDraft {
        id: detail.contacts[0].id,
        role: "采购".into(),
        ..d.contacts[0].clone()
    }];
    d.addresses = vec![];
    s.customers_mut().update(c.id, &d).unwrap();
    let gone = s.customers_mut().create(&draft("将删除的客户")).unwrap();
    s.customers_mut().delete(gone.id).unwrap();

    // Segments.
    let seg = s
        .segments_mut()
        .create("全部", CustomerFilter::default())
        .unwrap();
    s.segments_mut()
        .update(seg.id, "所有客户", CustomerFilter::default())
        .unwrap();
    s.segments_mut().delete(seg.id).unwrap();

    // Interactions and a follow-up done.
    let i = s
        .interactions_mut()
        .add(&InteractionDraft {
            customer_id: c.id,
            kind: "call".into(),
            occurred_at: "2026-11-24T10:00:00+08:00".into(),
            summary: "询价".into(),
            follow_up_on: "2026-12-01".into(),
            ..Default::default()
        })
        .unwrap();
    s.interactions_mut()
        .complete_follow_up(i.id, "已回电")
        .unwrap();

    // Products, movements, a stock count.
    let product = |sku: &str, price: &str| ProductDraft {
        sku: sku.into(),
        name: format!("产品 {sku}"),
        unit: "件".into(),
        currency: "CNY".into(),
        price: price.into(),
        active: true,
        ..Default::default()
    };
    let a = s.products_mut().create(&product("A", "10.00")).unwrap();
    let b = s.products_mut().create(&product("B", "20.00")).unwrap();
    s.products_mut()
        .update(a.id, &product("A", "12.00"))
        .unwrap();
    s.stock_mut()
        .record(&MovementDraft {
            product_id: a.id,
            kind: "receipt".into(),
            quantity: "100".into(),
            ..Default::default()
        })
        .unwrap();
    let count = s
        .stock_mut()
        .start_count(&[a.id, b.id], "年终盘点")
        .unwrap();
    s.stock_mut().set_counted(count.id, a.id, "98").unwrap();
    s.stock_mut().post_count(count.id).unwrap();
    let cancelled = s.stock_mut().start_count(&[b.id], "").unwrap();
    s.stock_mut().cancel_count(cancelled.id).unwrap();
    let dropped = s.products_mut().create(&product("C", "1.00")).unwrap();
    s.products_mut().delete(dropped.id).unwrap();

    // Suppliers, supplies, contracts, evaluations.
    let supplier = |code: &str| SupplierDraft {
        code: code.into(),
        name: format!("供应商 {code}"),
        status: "approved".into(),
        contacts: vec![ContactDraft {
            name: "王芳".into(),
            phone: "020-1234567".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let sup = s.suppliers_mut().create(&supplier("S-01")).unwrap();
    let other = s.suppliers_mut().create(&supplier("S-02")).unwrap();
    s.suppliers_mut()
        .update(
            sup.id,
            &SupplierDraft {
                notes: "主要供应商".into(),
                ..supplier("S-01")
            },
        )
        .unwrap();
    let supply = |supplier_id, price: &str, preferred| SupplyDraft {
        supplier_id,
        product_id: a.id,
        currency: "CNY".into(),
        price: price.into(),
        lead_time_days: "7".into(),
        preferred,
    };
    s.suppliers_mut()
        .set_supply(&supply(sup.id, "8.00", true))
        .unwrap();
    s.suppliers_mut()
        .set_supply(&supply(sup.id, "7.50", true))
        .unwrap();
    s.suppliers_mut()
        .set_supply(&supply(other.id, "7.00", true))
        .unwrap();
    s.suppliers_mut().remove_supply(other.id, a.id).unwrap();
    let contract = ContractDraft {
        supplier_id: sup.id,
        title: "年度框架协议".into(),
        starts_on: "2026-01-01".into(),
        ends_on: "2026-12-31".into(),
        notice_days: "30".into(),
        ..Default::default()
    };
    let k = s.suppliers_mut().add_contract(&contract).unwrap();
    s.suppliers_mut()
        .update_contract(
            k.id,
            &ContractDraft {
                auto_renew: true,
                ..contract
            },
        )
        .unwrap();
    s.suppliers_mut().delete_contract(k.id).unwrap();
    s.suppliers_mut()
        .add_evaluation(&EvaluationDraft {
            supplier_id: sup.id,
            period: "2026-Q3".into(),
            cooperation: 4,
            service: 5,
            technology: 3,
            ..Default::default()
        })
        .unwrap();
    s.suppliers_mut()
        .set_status(
            sup.id,
            chainbook_core::supplier::SupplierStatus::Probation,
            "记分卡等级 D",
        )
        .unwrap();

    // A purchase order from draft to closed.
    let po = s
        .purchasing_mut()
        .create(&PoDraft {
            supplier_id: sup.id,
            currency: "CNY".into(),
            notes: String::new(),
            lines: vec![PoLineDraft {
                product_id: b.id,
                quantity: "50".into(),
                unit_price: "15.00".into(),
                expected_on: "2026-12-10".into(),
            }],
        })
        .unwrap();
    s.purchasing_mut().action(po.id, PoAction::Send).unwrap();
    s.purchasing_mut()
        .receive(
            po.id,
            "2026-12-08",
            &[ReceiptLineDraft {
                po_line_id: po.lines[0].id,
                received: "40".into(),
                rejected: "2".into(),
            }],
            false,
        )
        .unwrap();
    s.purchasing_mut().action(po.id, PoAction::Close).unwrap();

    // A sales order through its whole life, with a back-order and a credit override.
    let line = |product_id, qty: &str| OrderLineDraft {
        id: None,
        product_id,
        money: LineMoneyDraft {
            quantity: qty.into(),
            unit_price: "2000.00".into(),
            ..Default::default()
        },
    };
    let mut order = OrderDraft {
        customer_id: c.id,
        lines: vec![line(a.id, "10"), line(b.id, "60")],
        ..Default::default()
    };
    let o = s.orders_mut().create(&order).unwrap();
    order.lines = vec![
        OrderLineDraft {
            id: Some(o.lines[0].id),
            ..line(a.id, "12")
        },
        line(b.id, "60"),
    ];
    order.notes = "加急".into();
    let o = s.orders_mut().update(o.id, &order).unwrap();
    let o = s.orders_mut().confirm(o.id, true, true).unwrap();
    s.orders_mut()
        .ship(
            o.id,
            &ShipmentDraft {
                shipped_on: "2026-12-09".into(),
                carrier: "顺丰".into(),
                tracking: "SF123".into(),
                lines: vec![(o.lines[0].id, "12".into())],
            },
        )
        .unwrap();
    s.orders_mut()
        .action(o.id, OrderAction::Deliver, None)
        .unwrap();
    s.orders_mut()
        .return_goods(
            o.id,
            &ReturnDraft {
                returned_on: "2026-12-12".into(),
                reason: "damaged".into(),
                lines: vec![(o.lines[0].id, "1".into())],
                ..Default::default()
            },
        )
        .unwrap();
    s.orders_mut()
        .action(o.id, OrderAction::Close, None)
        .unwrap();

    // A complaint through its workflow, and surveys.
    let cp = s
        .complaints_mut()
        .open(&FeedbackDraft {
            kind: "complaint".into(),
            customer_id: Some(c.id),
            order_id: Some(o.id),
            channel: "phone".into(),
            category: "damaged".into(),
            severity: "high".into(),
            description: "外箱破损".into(),
            assignee: "客服小王".into(),
            ..Default::default()
        })
        .unwrap();
    s.complaints_mut()
        .action(cp.id, ComplaintAction::Acknowledge, "")
        .unwrap();
    s.complaints_mut()
        .note(cp.id, "comment", "已联系物流")
        .unwrap();
    s.complaints_mut()
        .set_resolution(
            cp.id,
            &ResolutionDraft {
                root_cause: "supplier_quality".into(),
                supplier_id: Some(sup.id),
                resolution: "补发新货".into(),
                compensation: "200".into(),
                currency: "CNY".into(),
                ..Default::default()
            },
        )
        .unwrap();
    s.complaints_mut()
        .action(cp.id, ComplaintAction::Resolve, "")
        .unwrap();
    s.complaints_mut().set_satisfaction(cp.id, 4).unwrap();
    s.surveys_mut()
        .add_many(&[
            SurveyDraft {
                customer_id: Some(c.id),
                nps: Some(9),
                channel: "phone".into(),
                responded_on: "2026-12-15".into(),
                ..Default::default()
            },
            SurveyDraft {
                customer_id: Some(c.id),
                complaint_id: Some(cp.id),
                csat: Some(4),
                channel: "email".into(),
                responded_on: "2026-12-15".into(),
                ..Default::default()
            },
        ])
        .unwrap();

    // Deleting a supplier tombstones its contacts, supplies and contracts with it.
    s.suppliers_mut().delete(other.id).unwrap();

    // Business settings, each set once and one set again.
    s.settings_mut().set_home_country("DE").unwrap();
    s.settings_mut().set_home_country("FR").unwrap();
    s.settings_mut()
        .set_company(&chainbook_core::company::Company {
            name: "深圳链本科技有限公司".into(),
            ..Default::default()
        })
        .unwrap();
    let mut sla = chainbook_core::complaint::SlaPolicy::default();
    sla.hours[3] = (2, 12);
    s.settings_mut().set_sla_policy(&sla).unwrap();
    s.settings_mut().set_loyalty_weight(0.25).unwrap();
}

#[test]
fn every_write_replays_into_another_store() {
    let (dir, mut s) = fresh();
    drive_every_write(&mut s);
    let changes = crate::take_changes(&mut s);
    let mut written: BTreeSet<String> = BTreeSet::new();
    for c in &changes {
        let spec = registry::all()
            .find(|t| t.name == c.table)
            .unwrap_or_else(|| panic!("a change of unregistered table {}", c.table));
        written.insert(c.table.clone());
        let got: BTreeSet<&str> = c.fields.keys().map(String::as_str).collect();
        if c.created_at.is_some() {
            let want: BTreeSet<&str> = spec.columns.iter().copied().chain(["deleted"]).collect();
            assert_eq!(got, want, "insert into {}: every column", c.table);
        } else {
            assert_eq!(spec.kind, Kind::Record, "{} facts never change", c.table);
            assert!(!got.is_empty(), "{}: an empty change", c.table);
            assert!(
                got.iter()
                    .all(|f| *f == "deleted" || spec.columns.contains(f)),
                "{}: {got:?}",
                c.table
            );
        }
    }
    let never: Vec<&str> = registry::all()
        .map(|t| t.name)
        .filter(|t| !written.contains(*t))
        .collect();
    assert!(never.is_empty(), "the scenario never writes {never:?}");

    // Applied to another device, the changes give exactly the same tables, derived ones too.
    let (other_dir, mut other) = fresh();
    let report = other.sync_mut().apply(&changes).unwrap();
    assert_eq!(report.applied, changes.len(), "{report:?}");
    assert_eq!(report.conflicts, 0);
    let ours = crate::content(&dir.path().join("chainbook.db"));
    let theirs = crate::content(&other_dir.path().join("chainbook.db"));
    for (table, rows) in &ours {
        assert_eq!(rows.len(), theirs[table].len(), "{table}: row count");
        assert_eq!(rows, &theirs[table], "{table}");
    }
    assert_eq!(crate::log_len(&other), 0, "nothing echoed");
}
