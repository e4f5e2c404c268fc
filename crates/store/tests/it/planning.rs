//! Planning: reserved and on-order quantities through an order's and a PO's life, demand
//! series with returns and gaps, product classes, suggestions and the drafts they become.

use chainbook_core::analytics::abc::AbcTier;
use chainbook_core::order::{OrderAction, OrderDraft, ReturnDraft, ShipmentDraft};
use chainbook_core::planning::classes::{CountFrequency, XyzClass};
use chainbook_core::planning::PlanningSettings;
use chainbook_core::product::{ProductDraft, Qty};
use chainbook_core::purchase::{PoAction, PoDraft, PoLineDraft, PoStatus, ReceiptLineDraft};
use chainbook_core::supplier::{SupplierDraft, SupplyDraft};
use chainbook_core::ErrorCode;
use chainbook_store::planning::{DraftLine, Granularity};
use chainbook_store::Store;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::{draft, fresh, line, product};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn units(u: i64) -> Qty {
    Qty(u * 1000)
}

fn figures(s: &Store, p: Uuid) -> (Qty, Qty, Qty, Qty) {
    let x = s.products().get(p).unwrap();
    (x.on_hand, x.reserved, x.available(), x.on_order)
}

/// The plan computes the same figures for every product at once.
fn plan_agrees(s: &Store, p: Uuid) {
    let x = s.products().get(p).unwrap();
    let plan = s.planning().plan(d("2026-12-01")).unwrap();
    let y = plan.product(p).unwrap();
    assert_eq!(
        (y.on_hand, y.reserved, y.on_order),
        (x.on_hand, x.reserved, x.on_order)
    );
}

fn customer(s: &mut Store) -> Uuid {
    s.customers_mut()
        .create(&draft("上海贸易有限公司"))
        .unwrap()
        .id
}

/// A confirmed order of `qty` of `p`, shipped on each `(date, qty)`.
fn sold(s: &mut Store, c: Uuid, p: Uuid, qty: &str, ships: &[(&str, &str)]) -> Uuid {
    let o = s
        .orders_mut()
        .create(&OrderDraft {
            customer_id: c,
            promised_on: "2026-12-01".into(),
            lines: vec![line(p, qty, "10.00", "", "")],
            ..Default::default()
        })
        .unwrap();
    s.orders_mut().confirm(o.id, true, true).unwrap();
    for (on, q) in ships {
        s.orders_mut()
            .ship(
                o.id,
                &ShipmentDraft {
                    shipped_on: (*on).into(),
                    lines: vec![(o.lines[0].id, (*q).into())],
                    ..Default::default()
                },
            )
            .unwrap();
    }
    o.id
}

#[test]
fn reserved_follows_an_orders_life() {
    let (_d, mut s) = fresh();
    let c = customer(&mut s);
    let p = product(&mut s, "A", "10.00", "10");
    let o = s
        .orders_mut()
        .create(&OrderDraft {
            customer_id: c,
            promised_on: "2026-12-01".into(),
            lines: vec![line(p, "8", "10.00", "", "")],
            ..Default::default()
        })
        .unwrap();
    // A draft reserves nothing.
    assert_eq!(figures(&s, p), (units(10), Qty::ZERO, units(10), Qty::ZERO));
    s.orders_mut().confirm(o.id, false, false).unwrap();
    // The brief's example: 8 of 10 reserved, 2 available.
    assert_eq!(figures(&s, p), (units(10), units(8), units(2), Qty::ZERO));
    plan_agrees(&s, p);
    let l = s.orders().get(o.id).unwrap().lines[0].id;
    let ship = |q: &str| ShipmentDraft {
        shipped_on: "2026-11-20".into(),
        lines: vec![(l, q.into())],
        ..Default::default()
    };
    s.orders_mut().ship(o.id, &ship("5")).unwrap();
    assert_eq!(figures(&s, p), (units(5), units(3), units(2), Qty::ZERO));
    plan_agrees(&s, p);
    s.orders_mut().ship(o.id, &ship("3")).unwrap();
    assert_eq!(figures(&s, p), (units(2), Qty::ZERO, units(2), Qty::ZERO));
    // A cancelled order gives its reservation back; a bigger one than stock goes negative.
    let o2 = s
        .orders_mut()
        .create(&OrderDraft {
            customer_id: c,
            promised_on: "2026-12-01".into(),
            lines: vec![line(p, "6", "10.00", "", "")],
            ..Default::default()
        })
        .unwrap();
    s.orders_mut().confirm(o2.id, true, false).unwrap();
    assert_eq!(figures(&s, p).2, units(-4));
    let plan = s.planning().plan(d("2026-12-01")).unwrap();
    assert_eq!(plan.product(p).unwrap().backorders, units(4));
    s.orders_mut()
        .action(o2.id, OrderAction::Cancel, None)
        .unwrap();
    assert_eq!(figures(&s, p), (units(2), Qty::ZERO, units(2), Qty::ZERO));
    plan_agrees(&s, p);
}

fn supplier(s: &mut Store, code: &str) -> Uuid {
    s.suppliers_mut()
        .create(&SupplierDraft {
            code: code.into(),
            name: format!("供应商 {code}"),
            status: "approved".into(),
            ..Default::default()
        })
        .unwrap()
        .id
}

#[test]
fn on_order_follows_a_pos_life_with_a_partial_receipt() {
    let (_d, mut s) = fresh();
    let sup = supplier(&mut s, "S-01");
    let p = product(&mut s, "A", "10.00", "0");
    let po = s
        .purchasing_mut()
        .create(&PoDraft {
            supplier_id: sup,
            currency: "CNY".into(),
            notes: String::new(),
            lines: vec![PoLineDraft {
                product_id: p,
                quantity: "100".into(),
                unit_price: "0.85".into(),
                expected_on: "2026-12-10".into(),
            }],
        })
        .unwrap();
    assert_eq!(figures(&s, p).3, units(100), "a draft is on order");
    s.purchasing_mut().action(po.id, PoAction::Send).unwrap();
    assert_eq!(figures(&s, p).3, units(100));
    let rc = |r: &str, j: &str| {
        vec![ReceiptLineDraft {
            po_line_id: po.lines[0].id,
            received: r.into(),
            rejected: j.into(),
        }]
    };
    s.purchasing_mut()
        .receive(po.id, "2026-12-01", &rc("60", "2"), false)
        .unwrap();
    assert_eq!(figures(&s, p), (units(60), Qty::ZERO, units(60), units(38)));
    plan_agrees(&s, p);
    let after = s
        .purchasing_mut()
        .receive(po.id, "2026-12-02", &rc("38", "0"), false)
        .unwrap();
    assert_eq!(after.status, PoStatus::Received);
    assert_eq!(figures(&s, p), (units(98), Qty::ZERO, units(98), Qty::ZERO));
    // A cancelled draft is not on order.
    let po2 = s
        .purchasing_mut()
        .create(&PoDraft {
            supplier_id: sup,
            currency: "CNY".into(),
            notes: String::new(),
            lines: vec![PoLineDraft {
                product_id: p,
                quantity: "7".into(),
                unit_price: "0.85".into(),
                expected_on: "2026-12-10".into(),
            }],
        })
        .unwrap();
    assert_eq!(figures(&s, p).3, units(7));
    s.purchasing_mut().action(po2.id, PoAction::Cancel).unwrap();
    assert_eq!(figures(&s, p).3, Qty::ZERO);
    plan_agrees(&s, p);
}

#[test]
fn demand_series_net_of_returns_on_their_dates_with_gaps() {
    let (_d, mut s) = fresh();
    let c = customer(&mut s);
    let p = product(&mut s, "A", "10.00", "100");
    let q = product(&mut s, "B", "10.00", "100");
    for id in [p, q] {
        let mut x = s.products().get(id).unwrap().fields;
        x.category = "五金".into();
        let dr = ProductDraft {
            sku: x.sku,
            name: x.name,
            unit: x.unit,
            category: x.category,
            currency: x.currency,
            price: x.price.to_string(),
            active: true,
            ..Default::default()
        };
        s.products_mut().update(id, &dr).unwrap();
    }
    let o = sold(
        &mut s,
        c,
        p,
        "7",
        &[("2026-02-03", "5"), ("2026-05-01", "2")],
    );
    s.orders_mut()
        .action(o, OrderAction::Deliver, None)
        .unwrap();
    let l = s.orders().get(o).unwrap().lines[0].id;
    s.orders_mut()
        .return_goods(
            o,
            &ReturnDraft {
                returned_on: "2026-03-10".into(),
                reason: "damaged".into(),
                note: String::new(),
                lines: vec![(l, "1".into())],
            },
        )
        .unwrap();
    sold(&mut s, c, q, "4", &[("2026-01-15", "4")]);
    let monthly = |id| {
        s.planning()
            .demand(id, Granularity::Month, d("2026-06-15"))
            .unwrap()
            .iter()
            .map(|x| (x.start.to_string(), x.qty.0 / 1000))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        monthly(p),
        vec![
            ("2026-02-01".to_string(), 5),
            ("2026-03-01".to_string(), -1),
            ("2026-04-01".to_string(), 0),
            ("2026-05-01".to_string(), 2),
            ("2026-06-01".to_string(), 0),
        ]
    );
    let weekly = s
        .planning()
        .demand(p, Granularity::Week, d("2026-02-20"))
        .unwrap();
    assert_eq!(
        weekly
            .iter()
            .map(|x| (x.start.to_string(), x.qty.0))
            .collect::<Vec<_>>(),
        vec![
            ("2026-02-02".to_string(), 5000),
            ("2026-02-09".to_string(), 0),
            ("2026-02-16".to_string(), 0),
        ]
    );
    // The category starts at its first sale (B's in January) and sums both.
    let cat = s
        .planning()
        .category_demand("五金", Granularity::Month, d("2026-03-31"))
        .unwrap();
    assert_eq!(
        cat.iter().map(|x| x.qty.0 / 1000).collect::<Vec<_>>(),
        vec![4, 5, -1]
    );
    assert_eq!(cat[0].start, d("2026-01-01"));
    // Before the first sale: nothing; an unknown product: not found.
    assert!(s
        .planning()
        .demand(p, Granularity::Month, d("2026-01-31"))
        .unwrap()
        .is_empty());
    assert_eq!(
        s.planning()
            .demand(Uuid::now_v7(), Granularity::Month, d("2026-01-31"))
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
}

/// A product with a cost, sold to `c` on each `(date, qty)`.
fn costed(s: &mut Store, c: Uuid, sku: &str, cost: &str, ships: &[(&str, &str)]) -> Uuid {
    let p = s
        .products_mut()
        .create(&ProductDraft {
            sku: sku.into(),
            name: format!("产品 {sku}"),
            unit: "件".into(),
            currency: "CNY".into(),
            price: "1.00".into(),
            cost: cost.into(),
            pack_size: "1".into(),
            active: true,
            ..Default::default()
        })
        .unwrap()
        .id;
    let total: i64 = ships.iter().map(|(_, q)| q.parse::<i64>().unwrap()).sum();
    if total > 0 {
        sold(s, c, p, &total.to_string(), ships);
    }
    p
}

#[test]
fn classes_by_consumption_value_and_variability() {
    let (_d, mut s) = fresh();
    let c = customer(&mut s);
    let as_of = d("2026-07-15");
    // The class window is 2025-07 … 2026-06. A: 10 a month for twelve months × cost 6 = 720.
    let steady: Vec<String> = (1..=12)
        .map(|m| {
            let (y, mo) = if m <= 6 { (2025, m + 6) } else { (2026, m - 6) };
            format!("{y}-{mo:02}-10")
        })
        .collect();
    let steady: Vec<(&str, &str)> = steady.iter().map(|x| (x.as_str(), "10")).collect();
    let a = costed(&mut s, c, "A", "6.00", &steady);
    // B, C and D tie at 60 each: by SKU.
    let b = costed(&mut s, c, "B", "0.60", &[("2026-06-01", "100")]);
    let cc = costed(
        &mut s,
        c,
        "C",
        "0.60",
        &[("2026-01-05", "50"), ("2026-02-05", "50")],
    );
    // D also sold a year and a half ago (before the window: not counted, but it was selling).
    let dd = costed(
        &mut s,
        c,
        "D",
        "1.00",
        &[("2025-01-10", "99"), ("2026-04-01", "60")],
    );
    // E: never sold; F: sold only this month (after the class window).
    let e = costed(&mut s, c, "E", "5.00", &[]);
    let f = costed(&mut s, c, "F", "5.00", &[("2026-07-02", "3")]);
    let plan = s.planning().plan(as_of).unwrap();
    let get = |id| plan.product(id).unwrap();
    // Total 900: A 720 (exactly 80 % → A), B 60 (86.7 % B), C 60 (93.3 % B), D 60 (C).
    assert_eq!(get(a).consumption_value.to_string(), "720.00000");
    assert_eq!(
        [a, b, cc, dd, e, f].map(|id| get(id).abc),
        [
            AbcTier::A,
            AbcTier::B,
            AbcTier::B,
            AbcTier::C,
            AbcTier::C,
            AbcTier::C
        ]
    );
    assert_eq!(
        [a, b, cc, dd].map(|id| get(id).rank),
        [1, 2, 3, 4],
        "ties by SKU"
    );
    // A: 12 equal months, CV 0 → X. B: first sale in June → one month → CV 0 → X.
    // C: Jan–Jun 50, 50, 0, 0, 0, 0 → mean 16.67, σ 23.57 → CV 1.41 → Z.
    // D: first sale before the window, so all 12 months count: one month of 60 → CV √11 → Z.
    assert_eq!(get(a).xyz, XyzClass::X);
    assert_eq!(get(a).cv, Some(0.0));
    assert_eq!(get(b).xyz, XyzClass::X);
    assert_eq!(get(cc).xyz, XyzClass::Z);
    assert!((get(dd).cv.unwrap() - 11f64.sqrt()).abs() < 1e-9);
    assert_eq!((get(e).xyz, get(e).cv), (XyzClass::Z, None));
    assert_eq!((get(f).xyz, get(f).cv), (XyzClass::Z, None));
    assert_eq!(get(a).count_frequency, CountFrequency::Monthly);
    assert_eq!(get(b).count_frequency, CountFrequency::Quarterly);
    assert_eq!(get(e).count_frequency, CountFrequency::Yearly);
    // Thresholds are business settings: a tight X makes nothing X; C's CV of 1.41 under a
    // Y of 1.5 is Y.
    s.settings_mut()
        .set_planning(&PlanningSettings {
            xyz: chainbook_core::planning::classes::XyzThresholds {
                x_up_to: 0.01,
                y_up_to: 1.5,
            },
            ..PlanningSettings::defaults()
        })
        .unwrap();
    let plan = s.planning().plan(as_of).unwrap();
    assert_eq!(plan.product(cc).unwrap().xyz, XyzClass::Y);
    assert_eq!(
        plan.product(a).unwrap().xyz,
        XyzClass::X,
        "a CV of 0 is ≤ any X"
    );
    let bad = s.settings_mut().set_planning(&PlanningSettings {
        review_days: 1000,
        ..PlanningSettings::defaults()
    });
    assert_eq!(bad.unwrap_err().field(), Some("review_days"));
}

#[test]
fn suggestions_grouped_by_supplier_become_one_draft_each() {
    let (_d, mut s) = fresh();
    let c = customer(&mut s);
    let s1 = supplier(&mut s, "S-01");
    let s2 = supplier(&mut s, "S-02");
    let as_of = d("2026-11-30");
    // Four products sold 2 a day for the 30 days before as_of, none in stock.
    let mut ps = Vec::new();
    for sku in ["P1", "P2", "P3", "P4", "P5"] {
        let days: Vec<String> = (1..=30).map(|day| format!("2026-11-{day:02}")).collect();
        let ships: Vec<(&str, &str)> = days[..29].iter().map(|x| (x.as_str(), "2")).collect();
        let p = s
            .products_mut()
            .create(&ProductDraft {
                sku: sku.into(),
                name: format!("产品 {sku}"),
                unit: "件".into(),
                currency: "CNY".into(),
                price: "1.00".into(),
                cost: "1.00".into(),
                pack_size: "1".into(),
                // P5 has no supplier: its own lead time counts.
                lead_time_days: "10".into(),
                active: true,
                ..Default::default()
            })
            .unwrap()
            .id;
        // What is sold was received first: none left on hand.
        s.stock_mut()
            .record(&chainbook_core::product::MovementDraft {
                product_id: p,
                kind: "receipt".into(),
                quantity: "58".into(),
                ..Default::default()
            })
            .unwrap();
        sold(&mut s, c, p, "58", &ships);
        ps.push(p);
    }
    let supply = |s: &mut Store, sup: Uuid, p: Uuid| {
        s.suppliers_mut()
            .set_supply(&SupplyDraft {
                supplier_id: sup,
                product_id: p,
                currency: "CNY".into(),
                price: "0.80".into(),
                lead_time_days: "10".into(),
                preferred: true,
            })
            .unwrap()
    };
    for p in &ps[..3] {
        supply(&mut s, s1, *p);
    }
    supply(&mut s, s2, ps[3]);
    // P5 has no preferred supplier.
    let groups = s.planning().suggestions(as_of).unwrap();
    assert_eq!(
        groups
            .iter()
            .map(|g| (g.supplier_id, g.lines.len()))
            .collect::<Vec<_>>(),
        vec![(Some(s1), 3), (Some(s2), 1), (None, 1)]
    );
    let line = &groups[0].lines[0];
    assert_eq!(line.sku, "P1");
    assert_eq!(line.lead_time_days, 10, "the supplier's lead time");
    // Daily demand over the 29 days since the first sale: 2 a day, σ 0 → no safety stock;
    // horizon 10 + 7 days → 34 units.
    assert_eq!(line.history.days, 29);
    assert_eq!(line.reorder.safety_stock, Qty::ZERO);
    assert_eq!(line.reorder.reorder_point, units(20));
    assert_eq!(line.reorder.quantity, units(34));
    // Errors write nothing.
    let n = crate::log_len(&s);
    let err = |s: &mut Store, lines: &[DraftLine]| {
        s.planning_mut().create_drafts(lines, as_of).unwrap_err()
    };
    assert_eq!(err(&mut s, &[]).code(), ErrorCode::Required);
    let e = err(
        &mut s,
        &[
            DraftLine {
                product_id: ps[0],
                quantity: units(34),
            },
            DraftLine {
                product_id: ps[4],
                quantity: units(34),
            },
        ],
    );
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::NoPreferredSupplier, Some("lines.1.product_id"))
    );
    let e = err(
        &mut s,
        &[DraftLine {
            product_id: ps[0],
            quantity: Qty::ZERO,
        }],
    );
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::OutOfRange, Some("lines.0.quantity"))
    );
    assert_eq!(crate::log_len(&s), n);
    // Three of S-01's lines, one changed by hand, and S-02's: two drafts.
    let pos = s
        .planning_mut()
        .create_drafts(
            &[
                DraftLine {
                    product_id: ps[0],
                    quantity: units(34),
                },
                DraftLine {
                    product_id: ps[1],
                    quantity: units(40),
                },
                DraftLine {
                    product_id: ps[2],
                    quantity: units(34),
                },
                DraftLine {
                    product_id: ps[3],
                    quantity: units(34),
                },
            ],
            as_of,
        )
        .unwrap();
    assert_eq!(pos.len(), 2);
    assert_eq!(pos[0].supplier_id, s1);
    assert_eq!(pos[0].status, PoStatus::Draft);
    assert_eq!(
        pos[0]
            .lines
            .iter()
            .map(|l| (l.sku.as_str(), l.ordered))
            .collect::<Vec<_>>(),
        vec![("P1", units(34)), ("P2", units(40)), ("P3", units(34))]
    );
    assert_eq!(pos[0].lines[0].unit_price, "0.80");
    assert_eq!(pos[0].lines[0].expected_on, d("2026-12-10"));
    // The drafts are on order: only P5 is left to suggest.
    assert_eq!(figures(&s, ps[1]).3, units(40));
    let groups = s.planning().suggestions(as_of).unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].supplier_id, None);
    // A draft's quantities can be changed before it is sent, and on order follows.
    let (po, line) = (pos[0].id, pos[0].lines[1].id);
    let edited = s
        .purchasing_mut()
        .set_draft_quantity(po, line, "44")
        .unwrap();
    assert_eq!(edited.lines[1].ordered, units(44));
    assert_eq!(figures(&s, ps[1]).3, units(44));
    let n = crate::log_len(&s);
    let code = |s: &mut Store, line: Uuid, q: &str| {
        s.purchasing_mut()
            .set_draft_quantity(po, line, q)
            .unwrap_err()
            .code()
    };
    assert_eq!(code(&mut s, line, "0"), ErrorCode::OutOfRange);
    assert_eq!(code(&mut s, line, "1.2345"), ErrorCode::TooManyDecimals);
    assert_eq!(code(&mut s, Uuid::now_v7(), "5"), ErrorCode::NotFound);
    s.purchasing_mut().action(po, PoAction::Send).unwrap();
    assert_eq!(code(&mut s, line, "5"), ErrorCode::InvalidTransition);
    assert_eq!(
        crate::log_len(&s),
        n + 2,
        "only the send was written (status and its history)"
    );
}

/// `(product, day, qty)` rows.
type DayRows = Vec<(String, String, i64)>;

/// `demand_days` as kept, and as recomputed from every live shipment and return (the
/// migration's fill).
fn recomputed(path: &std::path::Path) -> (DayRows, DayRows) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let read = |sql: &str| -> DayRows {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    (
        read(
            "SELECT product_id, day, qty_milli FROM demand_days WHERE qty_milli <> 0 ORDER BY 1, 2",
        ),
        read(
            "SELECT product_id, day, sum(q) FROM (
                SELECT l.product_id AS product_id, s.shipped_on AS day, s.qty_milli AS q
                    FROM so_shipments s JOIN so_lines l ON l.id = s.line_id WHERE s.deleted = 0
                UNION ALL
                SELECT l.product_id, r.returned_on, -r.qty_milli
                    FROM so_returns r JOIN so_lines l ON l.id = r.line_id WHERE r.deleted = 0)
             GROUP BY 1, 2 HAVING sum(q) <> 0 ORDER BY 1, 2",
        ),
    )
}

#[test]
fn demand_days_follow_every_write_of_shipments_and_returns() {
    let (dir, mut s) = fresh();
    let path = dir.path().join("chainbook.db");
    let c = customer(&mut s);
    let p = product(&mut s, "A", "10.00", "100");
    let q = product(&mut s, "B", "10.00", "100");
    let o = sold(
        &mut s,
        c,
        p,
        "9",
        &[
            ("2026-03-01", "4"),
            ("2026-03-01", "1"),
            ("2026-03-02", "4"),
        ],
    );
    sold(&mut s, c, q, "3", &[("2026-03-01", "3")]);
    s.orders_mut()
        .action(o, OrderAction::Deliver, None)
        .unwrap();
    let l = s.orders().get(o).unwrap().lines[0].id;
    s.orders_mut()
        .return_goods(
            o,
            &ReturnDraft {
                returned_on: "2026-03-02".into(),
                reason: "quality".into(),
                note: String::new(),
                lines: vec![(l, "2".into())],
            },
        )
        .unwrap();
    let (kept, want) = recomputed(&path);
    assert_eq!(kept, want);
    assert_eq!(kept.len(), 3, "A on two days, B on one: {kept:?}");
    // Another device's edits arrive as updates and deletes: the triggers follow them.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "UPDATE so_shipments SET qty_milli = 2500 WHERE rowid = (SELECT min(rowid) FROM so_shipments);
         UPDATE so_shipments SET shipped_on = '2026-04-01'
             WHERE rowid = (SELECT max(rowid) FROM so_shipments WHERE qty_milli = 4000);
         UPDATE so_returns SET deleted = 1;
         DELETE FROM so_shipments WHERE qty_milli = 1000;",
    )
    .unwrap();
    let (kept, want) = recomputed(&path);
    assert_eq!(kept, want);
    conn.execute_batch("UPDATE so_returns SET deleted = 0, returned_on = '2026-05-05';")
        .unwrap();
    let (kept, want) = recomputed(&path);
    assert_eq!(kept, want);
}

#[test]
fn the_product_list_sorts_by_available() {
    use chainbook_store::products::{ProductQuery, ProductSort};
    let (_d, mut s) = fresh();
    let c = customer(&mut s);
    let a = product(&mut s, "A", "1.00", "10");
    let b = product(&mut s, "B", "1.00", "5");
    let z = product(&mut s, "Z", "1.00", "8");
    // A: 10 on hand, 9 reserved → 1; B: 5 → 5; Z: 8, 2 shipped → 6.
    sold(&mut s, c, a, "9", &[]);
    sold(&mut s, c, z, "2", &[("2026-11-01", "2")]);
    let list = |s: &Store, descending: bool, page: u32| {
        s.products()
            .list(&ProductQuery {
                sort: ProductSort::Available,
                descending,
                page,
                page_size: 2,
                ..ProductQuery::default()
            })
            .unwrap()
    };
    let p = list(&s, false, 0);
    assert_eq!(p.total, 3);
    assert_eq!(
        p.items
            .iter()
            .map(|x| (x.fields.sku.as_str(), x.available()))
            .collect::<Vec<_>>(),
        vec![("A", units(1)), ("B", units(5))]
    );
    assert_eq!(list(&s, false, 1).items[0].id, z);
    assert_eq!(
        list(&s, true, 0)
            .items
            .iter()
            .map(|x| x.id)
            .collect::<Vec<_>>(),
        vec![z, b]
    );
}

#[test]
fn forecasts_are_kept_until_a_complete_month_of_their_demand_changes() {
    let (_d, mut s) = fresh();
    let c = customer(&mut s);
    let months: Vec<String> = (1..=10).map(|m| format!("2026-{m:02}-10")).collect();
    let ships: Vec<(&str, &str)> = months.iter().map(|m| (m.as_str(), "10")).collect();
    let a = costed(&mut s, c, "FA", "1.00", &ships);
    let b = costed(&mut s, c, "FB", "1.00", &ships);
    let never = costed(&mut s, c, "FC", "1.00", &[]);
    let as_of = d("2026-11-20");
    let planning_due = |s: &Store| s.planning().forecasts_due(as_of).unwrap();
    assert_eq!(
        planning_due(&s),
        (2, 2),
        "two products have demand to forecast"
    );

    let mut seen = Vec::new();
    let done = s
        .planning_mut()
        .refresh_forecasts(as_of, 1, |done, due| seen.push((done, due)), || false)
        .unwrap();
    assert_eq!(done, 2);
    assert_eq!(seen, [(1, 2), (2, 2)], "progress after each batch");
    assert_eq!(planning_due(&s), (0, 2));
    let f = s.planning().forecast(a).unwrap().unwrap();
    assert_eq!(
        (
            f.first_month,
            f.history_start,
            f.history_months,
            f.points.len()
        ),
        (d("2026-11-01"), d("2026-01-01"), 10, 12)
    );
    // Ten a month, every month: ten a month ahead, within the bands, never below zero.
    for p in &f.points {
        assert!((p.mean - 10.0).abs() < 0.5, "{p:?}");
        assert!(p.lo95 >= 0.0 && p.lo95 <= p.lo80 && p.lo80 <= p.mean);
        assert!(p.mean <= p.hi80 && p.hi80 <= p.hi95);
    }
    assert!(s.planning().forecast(never).unwrap().is_none());

    // The suggestion's horizon demand is the forecast's: 10 in November's 30 days, from the
    // 20th on, then 10 in December's 31 (lead time 0 + review 7 days by default → 7 days).
    let plan = s.planning().plan(as_of).unwrap();
    let pa = plan.product(a).unwrap();
    assert!(pa.reorder.horizon_from_forecast);
    let days = pa.reorder.horizon_days as usize;
    let means = f.means();
    let expected: f64 = (0..days)
        .map(|i| {
            let day = as_of + chrono::Duration::days(i as i64);
            if day < d("2026-12-01") {
                means[0] / 30.0
            } else {
                means[1] / 31.0
            }
        })
        .sum();
    assert_eq!(
        pa.reorder.horizon_demand,
        chainbook_core::planning::reorder::qty_up(expected)
    );
    assert!(!plan.product(never).unwrap().reorder.horizon_from_forecast);

    // A shipment in the current month changes no month the forecast read.
    sold(&mut s, c, a, "3", &[("2026-11-18", "3")]);
    assert_eq!(planning_due(&s), (0, 2));
    // One backdated into October makes exactly that product's forecast due.
    sold(&mut s, c, a, "4", &[("2026-10-15", "4")]);
    assert_eq!(planning_due(&s), (1, 2));
    assert!(!s.planning().forecast_current(a, as_of).unwrap());
    assert!(s.planning().forecast_current(b, as_of).unwrap());
    // The plan falls back to the recent mean for it until it is forecast again.
    let plan = s.planning().plan(as_of).unwrap();
    assert!(!plan.product(a).unwrap().reorder.horizon_from_forecast);
    assert!(plan.product(b).unwrap().reorder.horizon_from_forecast);

    // Demand that changes between reading the inputs and saving is not kept.
    let inputs = s.planning().forecast_inputs(as_of, 10).unwrap();
    assert_eq!(inputs.len(), 1);
    let forecasts = chainbook_store::planning::forecasts::compute(&inputs, s.now());
    sold(&mut s, c, a, "1", &[("2026-09-15", "1")]);
    assert_eq!(
        s.planning_mut()
            .save_forecasts(&inputs, &forecasts)
            .unwrap(),
        0
    );
    assert_eq!(planning_due(&s), (1, 2));
    s.planning_mut()
        .refresh_forecasts(as_of, 10, |_, _| {}, || false)
        .unwrap();
    assert_eq!(planning_due(&s), (0, 2));
    assert_eq!(
        s.planning().forecast(a).unwrap().unwrap().history_months,
        10
    );

    // A cancelled run saves nothing more; a new month makes every forecast due.
    let next = d("2026-12-02");
    assert_eq!(s.planning().forecasts_due(next).unwrap(), (2, 2));
    let done = s
        .planning_mut()
        .refresh_forecasts(next, 1, |_, _| {}, || true)
        .unwrap();
    assert_eq!(done, 0);
    assert_eq!(s.planning().forecasts_due(next).unwrap(), (2, 2));
}
