//! Suppliers, supplies, contracts, evaluations, purchase orders and receipts.

use chainbook_core::product::{ProductDraft, Qty};
use chainbook_core::purchase::{PoAction, PoStatus};
use chainbook_core::supplier::{ContractDraft, EvaluationDraft, SupplierDraft, SupplyDraft};
use chainbook_core::ErrorCode;
use chainbook_store::suppliers::{PoLineDraft, ReceiptLineDraft};
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
    let sup = s.create_supplier(&supplier("S-01", "approved")).unwrap();
    let p = s
        .create_product(&ProductDraft {
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
    let e = s.create_supplier(&supplier("s-01", "")).unwrap_err();
    assert_eq!((e.code(), e.field()), (ErrorCode::Conflict, Some("code")));
    let blocked = s.create_supplier(&supplier("S-02", "blocked")).unwrap();
    let n = s.outbox_len().unwrap();
    let e = s
        .create_purchase_order(blocked.id, "CNY", &[line(p, "10")], "")
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidTransition);
    assert_eq!(s.outbox_len().unwrap(), n);
    let u = s
        .update_supplier(
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
fn supplies_have_one_preferred_supplier_per_product() {
    let (_d, mut s, a, p) = setup();
    let b = s.create_supplier(&supplier("S-03", "")).unwrap().id;
    let supply = |sup: Uuid, pref: bool| SupplyDraft {
        supplier_id: sup,
        product_id: p,
        currency: "CNY".into(),
        price: "0.80".into(),
        lead_time_days: "14".into(),
        preferred: pref,
    };
    s.set_supply(&supply(a, true)).unwrap();
    s.set_supply(&supply(b, true)).unwrap();
    let list = s.suppliers_of(p).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(
        list.iter()
            .filter(|x| x.preferred)
            .map(|x| x.supplier_id)
            .collect::<Vec<_>>(),
        vec![b]
    );
    let e = s
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
    s.add_contract(&c("soon", "2026-12-10")).unwrap();
    s.add_contract(&c("later", "2027-06-30")).unwrap();
    let e = s.add_contract(&c("backwards", "2025-12-31")).unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::DateOrder, Some("ends_on"))
    );
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let expiring = s.contracts_expiring(today, 30).unwrap();
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
    s.add_evaluation(&ev).unwrap();
    assert_eq!(
        s.add_evaluation(&EvaluationDraft { service: 0, ..ev })
            .unwrap_err()
            .code(),
        ErrorCode::OutOfRange
    );
}

#[test]
fn a_po_received_partly_with_rejections_then_fully() {
    let (_d, mut s, sup, p) = setup();
    let po = s
        .create_purchase_order(sup, "CNY", &[line(p, "100")], "")
        .unwrap();
    assert!(
        po.number.starts_with("PO-") && po.number.ends_with(&format!("-{}-0001", s.device().code)),
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
        s.receive(po.id, "2026-12-01", &rc("10", "0"), false)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidTransition
    );
    s.po_action(po.id, PoAction::Send).unwrap();
    let after = s
        .receive(po.id, "2026-12-01", &rc("60", "2"), false)
        .unwrap();
    assert_eq!(after.status, PoStatus::PartiallyReceived);
    assert_eq!(
        (after.lines[0].accepted, after.lines[0].rejected),
        (Qty(60_000), Qty(2_000))
    );
    assert_eq!(
        s.get_product(p).unwrap().on_hand,
        Qty(60_000),
        "only accepted units enter stock"
    );
    // Cancelling after goods arrived is refused; 38 open, 39 is an over-delivery.
    assert_eq!(
        s.po_action(po.id, PoAction::Cancel).unwrap_err().code(),
        ErrorCode::InvalidTransition
    );
    let n = s.outbox_len().unwrap();
    assert_eq!(
        s.receive(po.id, "2026-12-05", &rc("39", "0"), false)
            .unwrap_err()
            .code(),
        ErrorCode::OverDelivery
    );
    assert_eq!(
        s.outbox_len().unwrap(),
        n,
        "a refused receipt writes nothing"
    );
    let done = s
        .receive(po.id, "2026-12-05", &rc("39", "0"), true)
        .unwrap();
    assert_eq!(done.status, PoStatus::Received);
    assert_eq!(s.get_product(p).unwrap().on_hand, Qty(99_000));
    let closed = s.po_action(po.id, PoAction::Close).unwrap();
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
        s.receive(po.id, "2026-12-06", &rc("1", "0"), true)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidTransition
    );
}

#[test]
fn bad_purchase_orders_write_nothing() {
    let (_d, mut s, sup, p) = setup();
    let n = s.outbox_len().unwrap();
    let e = s
        .create_purchase_order(sup, "CNY", &[line(p, "0")], "")
        .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::OutOfRange, Some("lines.0.quantity"))
    );
    let e = s
        .create_purchase_order(
            sup,
            "CNY",
            &[PoLineDraft {
                unit_price: "1.234".into(),
                ..line(p, "1")
            }],
            "",
        )
        .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::TooManyDecimals, Some("lines.0.unit_price"))
    );
    let e = s
        .create_purchase_order(sup, "CNY", &[line(Uuid::nil(), "1")], "")
        .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::NotFound, Some("lines.0.product_id"))
    );
    assert_eq!(
        s.create_purchase_order(sup, "CNY", &[], "")
            .unwrap_err()
            .code(),
        ErrorCode::Required
    );
    assert_eq!(s.outbox_len().unwrap(), n);
    // A cancelled PO takes no receipts.
    let po = s
        .create_purchase_order(sup, "CNY", &[line(p, "5")], "")
        .unwrap();
    s.po_action(po.id, PoAction::Cancel).unwrap();
    let r = vec![ReceiptLineDraft {
        po_line_id: po.lines[0].id,
        received: "5".into(),
        rejected: "".into(),
    }];
    assert_eq!(
        s.receive(po.id, "2026-12-01", &r, false)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidTransition
    );
}
