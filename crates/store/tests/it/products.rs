//! Products, the stock ledger and stock counts.

use chainbook_core::product::{MovementDraft, ProductDraft, Qty};
use chainbook_core::ErrorCode;
use chainbook_store::products::ProductQuery;
use chainbook_store::Store;
use proptest::prelude::*;
use uuid::Uuid;

use crate::fresh;

fn product(sku: &str) -> ProductDraft {
    ProductDraft {
        sku: sku.into(),
        name: format!("产品 {sku}"),
        unit: "件".into(),
        category: "紧固件".into(),
        currency: "CNY".into(),
        price: "12.50".into(),
        cost: "8".into(),
        pack_size: "10".into(),
        safety_stock: "20".into(),
        active: true,
        ..Default::default()
    }
}

fn mv(product: Uuid, kind: &str, qty: &str) -> MovementDraft {
    MovementDraft {
        product_id: product,
        kind: kind.into(),
        quantity: qty.into(),
        ..Default::default()
    }
}

#[test]
fn product_crud_and_duplicate_sku() {
    let (_d, mut s) = fresh();
    let p = s.products_mut().create(&product("m8-bolt")).unwrap();
    assert_eq!(p.fields.sku, "M8-BOLT");
    assert_eq!(p.on_hand, Qty::ZERO);
    crate::take_changes(&mut s);
    let n = crate::log_len(&s);
    let e = s.products_mut().create(&product("M8-BOLT")).unwrap_err();
    assert_eq!((e.code(), e.field()), (ErrorCode::Conflict, Some("sku")));
    assert_eq!(crate::log_len(&s), n, "nothing written");
    let mut edit = product("m8-bolt");
    edit.price = "13".into();
    let u = s.products_mut().update(p.id, &edit).unwrap();
    assert_eq!(u.fields.price.to_string(), "13.00");
    let last = crate::take_changes(&mut s);
    let updates: Vec<_> = last.iter().filter(|c| c.created_at.is_none()).collect();
    assert_eq!(updates.len(), 1);
    let fields: Vec<(&str, &serde_json::Value)> = updates[0]
        .fields
        .iter()
        .map(|(k, f)| (k.as_str(), &f.value))
        .collect();
    assert_eq!(fields, vec![("price", &serde_json::json!("13.00"))]);
    s.products_mut().delete(p.id).unwrap();
    // The SKU is free again once the product is deleted.
    s.products_mut().create(&product("M8-BOLT")).unwrap();
    let e = s
        .products_mut()
        .create(&ProductDraft {
            price: "1.001".into(),
            ..product("X")
        })
        .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::TooManyDecimals, Some("price"))
    );
}

#[test]
fn list_pages_and_searches() {
    let (_d, mut s) = fresh();
    for sku in ["A-1", "B-2", "C-3"] {
        s.products_mut().create(&product(sku)).unwrap();
    }
    s.products_mut()
        .create(&ProductDraft {
            active: false,
            ..product("D-4")
        })
        .unwrap();
    let page = s.products().list(&ProductQuery::default()).unwrap();
    assert_eq!(page.total, 3, "inactive products hidden by default");
    let all = s
        .products()
        .list(&ProductQuery {
            include_inactive: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(all.total, 4);
    let found = s
        .products()
        .list(&ProductQuery {
            search: Some("b-2".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(found.items[0].fields.sku, "B-2");
}

#[test]
fn ledger_movements_and_negative_stock() {
    let (_d, mut s) = fresh();
    let p = s.products_mut().create(&product("P")).unwrap();
    s.stock_mut().record(&mv(p.id, "receipt", "100")).unwrap();
    let ship = s.stock_mut().record(&mv(p.id, "shipment", "30.5")).unwrap();
    assert_eq!(ship.quantity, Qty(-30_500));
    assert_eq!(
        s.stock().movements(p.id, 1).unwrap()[0],
        ship,
        "what is returned is what is stored"
    );
    s.stock_mut().record(&mv(p.id, "return", "0.5")).unwrap();
    s.stock_mut().record(&mv(p.id, "adjustment", "-5")).unwrap();
    assert_eq!(s.products().get(p.id).unwrap().on_hand, Qty(65_000));
    // A shipment larger than the stock is recorded, and the product shows negative stock.
    s.stock_mut().record(&mv(p.id, "shipment", "80")).unwrap();
    let after = s.products().get(p.id).unwrap();
    assert_eq!(after.on_hand, Qty(-15_000));
    assert!(after.negative_stock() && after.below_safety_stock());
    let series = s.stock().series(p.id).unwrap();
    assert_eq!(series.last().unwrap().1, Qty(-15_000));
    assert_eq!(s.stock().movements(p.id, 100).unwrap().len(), 5);
    let n = crate::log_len(&s);
    for (kind, qty, code) in [
        ("receipt", "0", ErrorCode::OutOfRange),
        ("receipt", "-3", ErrorCode::Negative),
        ("shipment", "1.0001", ErrorCode::TooManyDecimals),
        ("adjustment", "0", ErrorCode::OutOfRange),
        ("count_correction", "5", ErrorCode::InvalidChoice),
        ("gift", "5", ErrorCode::InvalidChoice),
    ] {
        assert_eq!(
            s.stock_mut()
                .record(&mv(p.id, kind, qty))
                .unwrap_err()
                .code(),
            code,
            "{kind} {qty}"
        );
    }
    assert_eq!(
        s.stock_mut()
            .record(&mv(Uuid::nil(), "receipt", "1"))
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
    assert_eq!(crate::log_len(&s), n, "rejected movements write nothing");
}

#[test]
fn count_corrections_keep_movements_made_during_the_count() {
    let (_d, mut s) = fresh();
    let a = s.products_mut().create(&product("A")).unwrap();
    let b = s.products_mut().create(&product("B")).unwrap();
    s.stock_mut().record(&mv(a.id, "receipt", "50")).unwrap();
    s.stock_mut().record(&mv(b.id, "receipt", "10")).unwrap();
    let count = s.stock_mut().start_count(&[], "年终盘点").unwrap();
    assert_eq!(count.lines.len(), 2);
    assert_eq!(count.lines[0].expected, Qty(50_000));
    // While people count, 5 of A are shipped.
    s.stock_mut().record(&mv(a.id, "shipment", "5")).unwrap();
    // They counted 48 of A on the shelf at the start (2 missing) and B exactly.
    s.stock_mut().set_counted(count.id, a.id, "48").unwrap();
    let line = s.stock_mut().set_counted(count.id, b.id, "10").unwrap();
    assert_eq!(line.difference(), Some(Qty::ZERO));
    let posted = s.stock_mut().post_count(count.id).unwrap();
    assert_eq!(posted.status, "posted");
    // 50 − 5 shipped − 2 missing = 43: the shipment during the count is not lost.
    assert_eq!(s.products().get(a.id).unwrap().on_hand, Qty(43_000));
    assert_eq!(s.products().get(b.id).unwrap().on_hand, Qty(10_000));
    let kinds: Vec<&str> = s
        .stock()
        .movements(a.id, 10)
        .unwrap()
        .iter()
        .map(|m| m.kind.as_str())
        .collect();
    assert!(kinds.contains(&"count_correction"));
    assert_eq!(
        s.stock().movements(b.id, 10).unwrap().len(),
        1,
        "no correction for a matching count"
    );
    // A posted count is closed.
    assert_eq!(
        s.stock_mut()
            .set_counted(count.id, a.id, "1")
            .unwrap_err()
            .code(),
        ErrorCode::InvalidTransition
    );
    assert_eq!(
        s.stock_mut().post_count(count.id).unwrap_err().code(),
        ErrorCode::InvalidTransition
    );
    let c2 = s.stock_mut().start_count(&[b.id], "").unwrap();
    assert_eq!(c2.lines.len(), 1);
    s.stock_mut().cancel_count(c2.id).unwrap();
    assert_eq!(s.products().get(b.id).unwrap().on_hand, Qty(10_000));
}

#[test]
fn the_stock_chart_has_one_point_a_day_with_the_balance_after_its_last_movement() {
    let (_d, mut s) = fresh();
    let p = s.products_mut().create(&product("DAILY")).unwrap();
    let at = |kind: &str, qty: &str, when: &str| MovementDraft {
        occurred_at: when.into(),
        ..mv(p.id, kind, qty)
    };
    // Recorded out of order: the chart follows the time each movement happened.
    s.stock_mut()
        .record(&at("shipment", "30", "2026-03-02T16:00:00Z"))
        .unwrap();
    s.stock_mut()
        .record(&at("receipt", "100", "2026-03-01T08:00:00Z"))
        .unwrap();
    s.stock_mut()
        .record(&at("shipment", "10", "2026-03-01T09:30:00Z"))
        .unwrap();
    s.stock_mut()
        .record(&at("return", "2", "2026-03-02T10:00:00Z"))
        .unwrap();
    s.stock_mut()
        .record(&at("shipment", "70", "2026-03-05T11:00:00Z"))
        .unwrap();
    let series = s.stock().series(p.id).unwrap();
    let points: Vec<(String, Qty)> = series
        .iter()
        .map(|(t, q)| (t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true), *q))
        .collect();
    assert_eq!(
        points,
        [
            ("2026-03-01T09:30:00Z".to_owned(), Qty(90_000)),
            ("2026-03-02T16:00:00Z".to_owned(), Qty(62_000)),
            ("2026-03-05T11:00:00Z".to_owned(), Qty(-8_000)),
        ]
    );
    assert_eq!(s.products().get(p.id).unwrap().on_hand, Qty(-8_000));
}

fn ledger_store() -> (tempfile::TempDir, Store, Uuid) {
    let (d, mut s) = fresh();
    let p = s.products_mut().create(&product("PROP")).unwrap();
    (d, s, p.id)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn on_hand_is_the_sum_of_any_sequence_of_movements(
        moves in proptest::collection::vec((0usize..4, 1i64..100_000), 1..25)
    ) {
        let (_d, mut s, p) = ledger_store();
        let mut expected: i64 = 0;
        for (k, milli) in moves {
            let kind = ["receipt", "shipment", "return", "adjustment"][k];
            let sign = if kind == "adjustment" && milli % 2 == 0 { -1 } else { 1 };
            let qty = Qty(milli * sign).to_string();
            s.stock_mut().record(&mv(p, kind, &qty)).unwrap();
            expected += if kind == "shipment" { -milli } else { milli * sign };
        }
        prop_assert_eq!(s.products().get(p).unwrap().on_hand, Qty(expected));
        let series = s.stock().series(p).unwrap();
        prop_assert_eq!(series.last().unwrap().1, Qty(expected));
    }
}
