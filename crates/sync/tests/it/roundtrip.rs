//! Two devices and one real server: a customer made on one reaches the other; edits of
//! different fields made offline on both both survive; the same field edited on both is a
//! conflict on the device whose value lost; a product sold on both ends with the stock both
//! sales left. Also sign-in: device codes, a wrong password, a missing token, a bad URL.

use chainbook_core::customer::{CustomerDraft, CustomerKind};
use chainbook_core::order::{LineMoneyDraft, OrderDraft, OrderLineDraft, ShipmentDraft};
use chainbook_core::product::{MovementDraft, ProductDraft, Qty};
use chainbook_protocol::{AuthFailure, Secret};
use chainbook_store::Store;
use chainbook_sync::{SyncClient, SyncError};
use uuid::Uuid;

use crate::harness::{assert_each_change_once, real_device, stored, world, Device, PASSWORD};

pub fn customer(name: &str) -> CustomerDraft {
    CustomerDraft {
        kind: CustomerKind::Company,
        name: name.into(),
        phone: "0755-12345678".into(),
        country: "CN".into(),
        province: "广东".into(),
        city: "深圳".into(),
        credit_limit: "100000".into(),
        currency: "CNY".into(),
        ..Default::default()
    }
}

fn sync(d: &mut Device) -> chainbook_sync::SyncReport {
    d.client.sync_once(&mut d.store).expect("sync")
}

#[test]
fn edits_made_apart_meet_and_the_same_field_edited_twice_is_a_conflict_on_the_loser() {
    let (_dir, server) = world();
    let mut a = real_device(&server, "acme");
    let mut b = real_device(&server, "acme");
    assert_ne!(a.signed_in.device_code, b.signed_in.device_code);

    // Made on A, seen on B.
    let mut base = customer("深圳华为技术有限公司");
    let c = a.store.customers_mut().create(&base).unwrap();
    assert!(c
        .code
        .starts_with(&format!("C-{}-", a.signed_in.device_code)));
    // Sent by the first push's walk over the tables and again from the change log: the same
    // content, so the same change id, stored once (checked at the end).
    let r = sync(&mut a);
    assert!(r.pushed >= 1);
    let r = sync(&mut b);
    assert_eq!((r.pulled, r.conflicts), (1, 0));
    assert_eq!(b.store.customers().get(c.id).unwrap(), c);

    // Offline: A edits the phone, B the address; each syncs twice.
    let mut on_a = base.clone();
    on_a.phone = "13800138000".into();
    a.store.customers_mut().update(c.id, &on_a).unwrap();
    let mut on_b = base.clone();
    on_b.province = "江苏".into();
    on_b.city = "苏州".into();
    b.store.customers_mut().update(c.id, &on_b).unwrap();
    for _ in 0..2 {
        sync(&mut a);
        sync(&mut b);
    }
    for d in [&a, &b] {
        let f = d.store.customers().get(c.id).unwrap().fields;
        assert_eq!(
            (f.phone.as_str(), f.province.as_str(), f.city.as_str()),
            ("13800138000", "江苏", "苏州")
        );
        assert_eq!(d.store.sync().conflicts(10).unwrap(), vec![]);
    }
    base.phone = on_a.phone;
    base.province = on_b.province;
    base.city = on_b.city;

    // Both change the credit limit apart: one value wins everywhere, the other device keeps
    // its lost value for review.
    let mut on_a = base.clone();
    on_a.credit_limit = "5000".into();
    a.store.customers_mut().update(c.id, &on_a).unwrap();
    let mut on_b = base.clone();
    on_b.credit_limit = "8000".into();
    b.store.customers_mut().update(c.id, &on_b).unwrap();
    let ra = sync(&mut a);
    let rb = sync(&mut b);
    let ra2 = sync(&mut a);
    let limit = |d: &Device| {
        d.store
            .customers()
            .get(c.id)
            .unwrap()
            .fields
            .credit_limit
            .to_string()
    };
    assert_eq!(limit(&a), limit(&b));
    let winner = limit(&a);
    let (loser, lost) = if winner == "8000.00" {
        (&a, "5000.00")
    } else {
        (&b, "8000.00")
    };
    let conflicts = loser.store.sync().conflicts(10).unwrap();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    let k = &conflicts[0];
    assert_eq!(
        (k.table.as_str(), k.field.as_str(), k.surfaced),
        ("customers", "credit_limit", true)
    );
    assert_eq!(k.kept, serde_json::json!(winner));
    assert_eq!(k.lost, serde_json::json!(lost));
    assert_eq!(
        ra.conflicts + rb.conflicts + ra2.conflicts,
        1,
        "the report counts it once"
    );
    let open = if winner == "8000.00" { ra2 } else { rb };
    assert_eq!(open.open_conflicts, 1);
    assert_each_change_once(&stored(&server.url, &a.signed_in.token));
}

fn product(s: &mut Store, sku: &str) -> Uuid {
    let p = s
        .products_mut()
        .create(&ProductDraft {
            sku: sku.into(),
            name: format!("产品 {sku}"),
            unit: "件".into(),
            currency: "CNY".into(),
            price: "10.00".into(),
            active: true,
            ..Default::default()
        })
        .unwrap();
    s.stock_mut()
        .record(&MovementDraft {
            product_id: p.id,
            kind: "receipt".into(),
            quantity: "10".into(),
            ..Default::default()
        })
        .unwrap();
    p.id
}

/// Sells `qty` of `product` to `customer`: an order confirmed and shipped.
fn sell(s: &mut Store, customer: Uuid, product: Uuid, qty: &str) {
    let o = s
        .orders_mut()
        .create(&OrderDraft {
            customer_id: customer,
            lines: vec![OrderLineDraft {
                id: None,
                product_id: product,
                money: LineMoneyDraft {
                    quantity: qty.into(),
                    unit_price: "10.00".into(),
                    ..Default::default()
                },
            }],
            ..Default::default()
        })
        .unwrap();
    let o = s.orders_mut().confirm(o.id, true, true).unwrap();
    s.orders_mut()
        .ship(
            o.id,
            &ShipmentDraft {
                shipped_on: "2026-11-24".into(),
                lines: vec![(o.lines[0].id, qty.into())],
                ..Default::default()
            },
        )
        .unwrap();
}

fn on_hand(s: &Store, p: Uuid) -> Qty {
    s.products().get(p).unwrap().on_hand
}

#[test]
fn the_same_product_sold_on_two_devices_apart_leaves_the_stock_both_sales_left() {
    let (_dir, server) = world();
    let mut a = real_device(&server, "acme");
    let mut b = real_device(&server, "acme");
    let c = a.store.customers_mut().create(&customer("客户")).unwrap();
    let p = product(&mut a.store, "SKU-1");
    sync(&mut a);
    sync(&mut b);
    assert_eq!(on_hand(&b.store, p), Qty(10_000));

    sell(&mut a.store, c.id, p, "3");
    sell(&mut b.store, c.id, p, "4");
    for _ in 0..2 {
        sync(&mut a);
        sync(&mut b);
    }
    for d in [&a, &b] {
        let on_hand = on_hand(&d.store, p);
        assert_eq!(on_hand, Qty(3_000), "10 received, 3 and 4 shipped");
        let conn = rusqlite::Connection::open(&d.path).unwrap();
        let sum: i64 = conn
            .query_row(
                "SELECT sum(qty_milli) FROM stock_movements WHERE product_id = ?1",
                [p.to_string()],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(sum, on_hand.0, "on hand is the sum of the movements");
    }
    let first = crate::sim_common::content(&a.path);
    let second = crate::sim_common::content(&b.path);
    assert_eq!(first, second, "both replicas hold the same rows");
}

#[test]
fn sign_in_assigns_distinct_codes_and_refusals_are_typed() {
    let (dir, server) = world();
    // Two stores that drew the same code: the second gets another one, and numbers with it.
    let tmp = tempfile::tempdir().unwrap();
    let mut one = Store::open(&tmp.path().join("one.db")).unwrap();
    let mut two = Store::open(&tmp.path().join("two.db")).unwrap();
    one.set_device_code("ABC").unwrap();
    two.set_device_code("ABC").unwrap();
    let mut c1 = SyncClient::new(&server.url).unwrap();
    let mut c2 = SyncClient::new(&format!("{}/", server.url)).unwrap();
    let pw = Secret::new(PASSWORD);
    let s1 = c1.sign_in(&mut one, "acme", "rep", &pw, "one").unwrap();
    let s2 = c2.sign_in(&mut two, "acme", "rep", &pw, "two").unwrap();
    assert_eq!(s1.device_code, "ABC", "a free code is kept");
    assert_ne!(s2.device_code, "ABC");
    assert_eq!(two.device().code, s2.device_code);
    let c = two.customers_mut().create(&customer("X")).unwrap();
    assert!(c.code.starts_with(&format!("C-{}-", s2.device_code)));
    assert!(
        two.sync().status().unwrap().enabled,
        "sign-in turns sync on"
    );

    // A wrong password, a client without a token, a token from an earlier sign-in.
    let mut c3 = SyncClient::new(&server.url).unwrap();
    let e = c3
        .sign_in(&mut one, "acme", "rep", &Secret::new("wrong"), "one")
        .unwrap_err();
    assert!(matches!(
        e,
        SyncError::Unauthorized(AuthFailure::Credentials)
    ));
    assert!(matches!(
        c3.sync_once(&mut one),
        Err(SyncError::NotSignedIn)
    ));
    c3.set_token(s1.token.clone());
    c1.sign_in(&mut one, "acme", "rep", &pw, "one").unwrap();
    assert!(matches!(
        c3.sync_once(&mut one),
        Err(SyncError::Unauthorized(AuthFailure::Invalid))
    ));
    c1.sync_once(&mut one).unwrap();

    // A revoked device.
    crate::harness::admin(
        dir.path(),
        "device",
        "revoke",
        &["--org", "acme", &two.device().id.to_string()],
    );
    assert!(matches!(
        c2.sync_once(&mut two),
        Err(SyncError::Unauthorized(AuthFailure::Revoked))
    ));
    assert!(c2.health().is_ok());
    assert!(matches!(
        SyncClient::new("sync.example.com"),
        Err(SyncError::InvalidUrl)
    ));
}
