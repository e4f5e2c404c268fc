//! Sales orders: entry, money, confirmation with stock and credit checks, shipments, delivery
//! with its follow-up, returns, numbering across devices, the list and the timeline.

use chainbook_core::analytics::kpi::DeliveryShortfall;
use chainbook_core::facts::Fact;
use chainbook_core::interaction::FollowUpRange;
use chainbook_core::order::{
    OrderAction, OrderDraft, OrderLineDraft, OrderStatus, ReturnDraft, ShipmentDraft,
};
use chainbook_core::product::Qty;
use chainbook_core::ErrorCode;
use chainbook_store::orders::{
    DeliveredIn, ImportedOrder, Order, OrderEvent, OrderQuery, ShippedIn,
};
use chainbook_store::{Store, TimelineEntry};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::{draft, fresh, line, product};

struct World {
    _d: tempfile::TempDir,
    s: Store,
    customer: Uuid,
    a: Uuid,
    b: Uuid,
    c: Uuid,
}

fn world() -> World {
    let (d, mut s) = fresh();
    let customer = s
        .customers_mut()
        .create(&draft("深圳华为技术有限公司"))
        .unwrap()
        .id;
    let a = product(&mut s, "A", "10.00", "100");
    let b = product(&mut s, "B", "19.99", "5");
    let c = product(&mut s, "C", "3.50", "50");
    World {
        _d: d,
        s,
        customer,
        a,
        b,
        c,
    }
}

fn order(customer: Uuid, lines: Vec<OrderLineDraft>) -> OrderDraft {
    OrderDraft {
        customer_id: customer,
        promised_on: "2026-12-01".into(),
        lines,
        ..Default::default()
    }
}

fn on_hand(s: &Store, p: Uuid) -> Qty {
    s.products().get(p).unwrap().on_hand
}

#[test]
fn the_whole_lifecycle_with_a_back_order_a_partial_shipment_and_a_return() {
    let mut w = world();
    let o =
        w.s.orders_mut()
            .create(&order(
                w.customer,
                vec![
                    line(w.a, "10", "10.00", "0", "13"),
                    line(w.b, "8", "19.99", "7.5", "13"),
                    line(w.c, "2.5", "3.50", "", ""),
                ],
            ))
            .unwrap();
    assert!(o.number.starts_with("SO-"), "{}", o.number);
    assert_eq!(o.status, OrderStatus::Draft);
    assert_eq!(o.currency, "CNY", "from the customer");
    // 100.00 + 13.00; 8 × 19.99 × 0.925 = 147.926 → 147.93 + 19.23; 8.75.
    assert_eq!(o.totals.net.to_string(), "256.68");
    assert_eq!(o.totals.tax.to_string(), "32.23");
    assert_eq!(o.totals.gross.to_string(), "288.91");
    // B has 5 on hand for 8 ordered.
    let short = w.s.orders().stock_check(o.id).unwrap();
    assert_eq!(short.len(), 1);
    assert_eq!(
        (short[0].needed, short[0].available, short[0].short),
        (Qty(8_000), Qty(5_000), Qty(3_000))
    );
    let n = crate::log_len(&w.s);
    let e = w.s.orders_mut().confirm(o.id, false, false).unwrap_err();
    assert_eq!(e.code(), ErrorCode::StockShort);
    assert_eq!(
        crate::log_len(&w.s),
        n,
        "a refused confirmation writes nothing"
    );
    let o = w.s.orders_mut().confirm(o.id, true, false).unwrap();
    assert_eq!(o.status, OrderStatus::Confirmed);
    assert!(o.backorder);
    // Confirmed orders reserve: a second order for A sees 90 available.
    let other =
        w.s.orders_mut()
            .create(&order(w.customer, vec![line(w.a, "95", "10.00", "", "")]))
            .unwrap();
    let short = w.s.orders().stock_check(other.id).unwrap();
    assert_eq!(short[0].available, Qty(90_000));
    // Ship A fully and 5 of B with a tracking number: stock falls by what shipped.
    let ship = ShipmentDraft {
        shipped_on: "2026-11-24".into(),
        carrier: "顺丰速运".into(),
        tracking: "SF1234567890".into(),
        lines: vec![(o.lines[0].id, "10".into()), (o.lines[1].id, "5".into())],
    };
    let o = w.s.orders_mut().ship(o.id, &ship).unwrap();
    assert_eq!(o.status, OrderStatus::Shipped);
    assert_eq!(on_hand(&w.s, w.a), Qty(90_000));
    assert_eq!(on_hand(&w.s, w.b), Qty(0));
    assert_eq!(o.shipments.len(), 2);
    assert_eq!(o.shipments[0].tracking, "SF1234567890");
    // Shipping more than is left is refused.
    let e =
        w.s.orders_mut()
            .ship(
                o.id,
                &ShipmentDraft {
                    shipped_on: "2026-11-25".into(),
                    lines: vec![(o.lines[1].id, "4".into())],
                    ..Default::default()
                },
            )
            .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::OutOfRange, Some("lines.0.quantity"))
    );
    // Shipped orders cannot be cancelled.
    assert_eq!(
        w.s.orders_mut()
            .action(o.id, OrderAction::Cancel, None)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidTransition
    );
    // Deliver: a follow-up to ask for feedback appears on the customer.
    let due = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let o =
        w.s.orders_mut()
            .action(o.id, OrderAction::Deliver, Some(due))
            .unwrap();
    assert_eq!(o.status, OrderStatus::Delivered);
    let fus =
        w.s.interactions()
            .follow_ups(FollowUpRange::AllOpen, due)
            .unwrap();
    assert_eq!(fus.len(), 1);
    // Made by the app: a fact the UI words in the user's language, not text in one language.
    assert_eq!(fus[0].interaction.summary, "");
    assert_eq!(
        fus[0].interaction.fact,
        Some(Fact::DeliveryFeedback {
            order_id: o.id,
            order_number: o.number.clone()
        })
    );
    // Return one damaged unit of A; more than shipped is refused.
    let ret = |qty: &str| ReturnDraft {
        returned_on: "2026-11-30".into(),
        reason: "damaged".into(),
        note: "外箱破损".into(),
        lines: vec![(o.lines[0].id, qty.into())],
    };
    assert_eq!(
        w.s.orders_mut()
            .return_goods(o.id, &ret("11"))
            .unwrap_err()
            .code(),
        ErrorCode::OverReturn
    );
    let o = w.s.orders_mut().return_goods(o.id, &ret("1")).unwrap();
    assert_eq!(on_hand(&w.s, w.a), Qty(91_000));
    assert_eq!(o.returns.len(), 1);
    assert_eq!(o.lines[0].returned, Qty(1_000));
    assert_eq!(
        w.s.orders_mut()
            .return_goods(
                o.id,
                &ReturnDraft {
                    reason: "lost".into(),
                    ..ret("1")
                }
            )
            .unwrap_err()
            .code(),
        ErrorCode::InvalidChoice
    );
    let o =
        w.s.orders_mut()
            .action(o.id, OrderAction::Close, None)
            .unwrap();
    assert_eq!(
        o.history.iter().map(|h| h.status).collect::<Vec<_>>(),
        [
            OrderStatus::Draft,
            OrderStatus::Confirmed,
            OrderStatus::Shipped,
            OrderStatus::Delivered,
            OrderStatus::Closed
        ]
    );
    assert_eq!(o.history[1].facts, [Fact::Backorder { lines: 1 }]);
    assert_eq!(o.history[1].note, "");
    // The customer timeline shows both orders.
    let tl = w.s.interactions().timeline(w.customer, 20).unwrap();
    let orders = tl
        .iter()
        .filter(|e| matches!(e, TimelineEntry::Order(_)))
        .count();
    assert_eq!(orders, 2);
}

#[test]
fn credit_limit_needs_an_override_which_is_recorded() {
    let mut w = world();
    // The customer's limit is 100,000.00; two orders of 60,000 each.
    let big = order(w.customer, vec![line(w.a, "60", "1000.00", "", "")]);
    let first = w.s.orders_mut().create(&big).unwrap();
    w.s.orders_mut().confirm(first.id, true, false).unwrap();
    let second = w.s.orders_mut().create(&big).unwrap();
    let check = w.s.orders().credit_check(second.id).unwrap();
    assert!(check.exceeded);
    assert_eq!(check.open_balance.to_string(), "60000.00");
    let e =
        w.s.orders_mut()
            .confirm(second.id, true, false)
            .unwrap_err();
    assert_eq!(e.code(), ErrorCode::CreditLimit);
    let o = w.s.orders_mut().confirm(second.id, true, true).unwrap();
    assert!(o.credit_override);
    assert!(o.history[1].facts.contains(&Fact::CreditOverride {
        open: "60000.00".into(),
        order: "60000.00".into(),
        limit: "100000.00".into(),
        currency: "CNY".into(),
    }));
}

#[test]
fn bad_orders_write_nothing() {
    let mut w = world();
    let n = crate::log_len(&w.s);
    let bad = |w: &mut World, l: OrderLineDraft| {
        let e =
            w.s.orders_mut()
                .create(&order(w.customer, vec![l]))
                .unwrap_err();
        (e.code(), e.field().map(str::to_owned))
    };
    let a = w.a;
    assert_eq!(
        bad(&mut w, line(a, "0", "1", "", "")),
        (ErrorCode::OutOfRange, Some("lines.0.quantity".into()))
    );
    assert_eq!(
        bad(&mut w, line(a, "1", "1", "120", "")),
        (ErrorCode::OutOfRange, Some("lines.0.discount_pct".into()))
    );
    assert_eq!(
        bad(&mut w, line(a, "1", "1.005", "", "")),
        (
            ErrorCode::TooManyDecimals,
            Some("lines.0.unit_price".into())
        )
    );
    assert_eq!(
        bad(&mut w, line(Uuid::nil(), "1", "1", "", "")),
        (ErrorCode::NotFound, Some("lines.0.product_id".into()))
    );
    let e =
        w.s.orders_mut()
            .create(&order(w.customer, vec![]))
            .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Required);
    let gone = w.s.customers_mut().create(&draft("已删除客户")).unwrap().id;
    w.s.customers_mut().delete(gone).unwrap();
    let n2 = crate::log_len(&w.s);
    let e =
        w.s.orders_mut()
            .create(&OrderDraft {
                customer_id: gone,
                ..order(w.customer, vec![line(a, "1", "1", "", "")])
            })
            .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::NotFound, Some("customer_id"))
    );
    assert_eq!(crate::log_len(&w.s), n2);
    let _ = n;
    // Forbidden transitions: ship a draft, deliver a cancelled order.
    let o =
        w.s.orders_mut()
            .create(&order(w.customer, vec![line(a, "1", "1", "", "")]))
            .unwrap();
    let e =
        w.s.orders_mut()
            .ship(
                o.id,
                &ShipmentDraft {
                    shipped_on: "2026-11-24".into(),
                    lines: vec![(o.lines[0].id, "1".into())],
                    ..Default::default()
                },
            )
            .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidTransition);
    w.s.orders_mut()
        .action(o.id, OrderAction::Cancel, None)
        .unwrap();
    assert_eq!(
        w.s.orders_mut()
            .action(o.id, OrderAction::Deliver, None)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidTransition
    );
    // A promised date before the order date.
    let e =
        w.s.orders_mut()
            .create(&OrderDraft {
                ordered_on: "2026-11-23".into(),
                promised_on: "2026-11-01".into(),
                ..order(w.customer, vec![line(a, "1", "1", "", "")])
            })
            .unwrap_err();
    assert_eq!(e.code(), ErrorCode::DateOrder);
}

#[test]
fn drafts_can_be_edited_line_by_line() {
    let mut w = world();
    let o =
        w.s.orders_mut()
            .create(&order(
                w.customer,
                vec![
                    line(w.a, "1", "10.00", "", ""),
                    line(w.b, "1", "19.99", "", ""),
                ],
            ))
            .unwrap();
    let keep = OrderLineDraft {
        id: Some(o.lines[0].id),
        ..line(w.a, "3", "10.00", "", "")
    };
    let n = crate::log_len(&w.s);
    let o2 =
        w.s.orders_mut()
            .update(
                o.id,
                &order(w.customer, vec![keep, line(w.c, "2", "3.50", "", "")]),
            )
            .unwrap();
    assert_eq!(o2.lines.len(), 2);
    assert_eq!(o2.lines[0].id, o.lines[0].id);
    assert_eq!(o2.totals.gross.to_string(), "37.00");
    // One line updated, one tombstoned, one inserted.
    assert_eq!(crate::log_len(&w.s), n + 3);
    w.s.orders_mut().confirm(o.id, true, false).unwrap();
    assert_eq!(
        w.s.orders_mut()
            .update(
                o.id,
                &order(w.customer, vec![line(w.a, "1", "10.00", "", "")])
            )
            .unwrap_err()
            .code(),
        ErrorCode::InvalidTransition
    );
}

#[test]
fn two_devices_never_produce_the_same_number() {
    let (_d1, mut s1) = fresh();
    let (_d2, mut s2) = fresh();
    assert_ne!(
        s1.device().code,
        s2.device().code,
        "fresh devices get different codes"
    );
    let mut numbers = std::collections::HashSet::new();
    for s in [&mut s1, &mut s2] {
        let c = s.customers_mut().create(&draft("客户")).unwrap().id;
        let p = product(s, "A", "1.00", "0");
        for _ in 0..5 {
            let o = s
                .orders_mut()
                .create(&OrderDraft {
                    customer_id: c,
                    lines: vec![line(p, "1", "1.00", "", "")],
                    ..Default::default()
                })
                .unwrap();
            assert!(o.number.contains(&format!("-{}-", s.device().code)));
            assert!(numbers.insert(o.number));
        }
    }
    assert_eq!(numbers.len(), 10);
}

#[test]
fn the_order_list_filters_pages_and_flags_late_orders() {
    let mut w = world();
    let today = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
    for i in 0..7 {
        let o =
            w.s.orders_mut()
                .create(&OrderDraft {
                    ordered_on: format!("2026-11-{:02}", 10 + i),
                    ..order(w.customer, vec![line(w.a, "1", "10.00", "", "")])
                })
                .unwrap();
        if i % 2 == 0 {
            w.s.orders_mut().confirm(o.id, true, false).unwrap();
        }
    }
    let q = OrderQuery {
        page: 0,
        page_size: 5,
        today: Some(today),
        ..Default::default()
    };
    let p = w.s.orders().list(&q).unwrap();
    assert_eq!((p.total, p.items.len()), (7, 5));
    assert!(
        p.items.iter().all(|o| o.late),
        "promised 2026-12-01, not delivered"
    );
    assert_eq!(p.items[0].total.to_string(), "10.00");
    let confirmed =
        w.s.orders()
            .list(&OrderQuery {
                status: Some(OrderStatus::Confirmed),
                ..q.clone()
            })
            .unwrap();
    assert_eq!(confirmed.total, 4);
    let range =
        w.s.orders()
            .list(&OrderQuery {
                from: NaiveDate::from_ymd_opt(2026, 11, 12),
                to: NaiveDate::from_ymd_opt(2026, 11, 14),
                ..q.clone()
            })
            .unwrap();
    assert_eq!(range.total, 3);
    let late =
        w.s.orders()
            .list(&OrderQuery {
                late_only: true,
                today: NaiveDate::from_ymd_opt(2026, 11, 30),
                ..q
            })
            .unwrap();
    assert_eq!(late.total, 0, "not late before the promised date");
}

/// The clock of `s` set to `t` (RFC 3339), so that the API's status times are known.
fn at(s: &mut Store, t: &str) {
    let t: chrono::DateTime<chrono::Utc> = t.parse().unwrap();
    s.set_clock(Box::new(move || t));
}

/// `o` with the fields the store chooses (ids, number, creation time) taken from `like`.
fn with_store_choices(mut o: Order, like: &Order) -> Order {
    let line_ids: Vec<(Uuid, Uuid)> = o
        .lines
        .iter()
        .zip(&like.lines)
        .map(|(a, b)| (a.id, b.id))
        .collect();
    let map = |id: Uuid| line_ids.iter().find(|(a, _)| *a == id).unwrap().1;
    o.id = like.id;
    o.number = like.number.clone();
    o.created_at = like.created_at.clone();
    for l in &mut o.lines {
        l.id = map(l.id);
    }
    for s in &mut o.shipments {
        s.line_id = map(s.line_id);
    }
    for r in &mut o.returns {
        r.line_id = map(r.line_id);
    }
    o
}

fn event_status(t: &str, action: OrderAction, note: &str) -> OrderEvent {
    OrderEvent::Status {
        at: t.into(),
        action,
        note: note.into(),
        facts: Vec::new(),
    }
}

#[test]
fn an_imported_order_is_the_order_the_api_would_have_made() {
    let mut w = world();
    let lines = vec![
        line(w.a, "10", "10.00", "0", "13"),
        line(w.b, "8", "19.99", "7.5", "13"),
        line(w.c, "2.5", "3.50", "", ""),
    ];
    let draft = OrderDraft {
        ordered_on: "2026-11-02".into(),
        channel: "distributor".into(),
        notes: "加急".into(),
        ..order(w.customer, lines)
    };
    // Through the API, at known times.
    at(&mut w.s, "2026-11-02T02:00:00.000Z");
    let o = w.s.orders_mut().create(&draft).unwrap();
    at(&mut w.s, "2026-11-02T03:00:00.000Z");
    w.s.orders_mut().confirm(o.id, true, false).unwrap();
    at(&mut w.s, "2026-11-03T04:00:00.000Z");
    w.s.orders_mut()
        .action(o.id, OrderAction::StartPicking, None)
        .unwrap();
    at(&mut w.s, "2026-11-04T05:00:00.000Z");
    let ship1 = ShipmentDraft {
        shipped_on: "2026-11-04".into(),
        carrier: "顺丰速运".into(),
        tracking: "SF1".into(),
        lines: vec![(o.lines[0].id, "10".into()), (o.lines[1].id, "5".into())],
    };
    w.s.orders_mut().ship(o.id, &ship1).unwrap();
    at(&mut w.s, "2026-11-09T05:00:00.000Z");
    let ship2 = ShipmentDraft {
        shipped_on: "2026-11-09".into(),
        lines: vec![(o.lines[1].id, "3".into()), (o.lines[2].id, "2.5".into())],
        ..Default::default()
    };
    w.s.orders_mut().ship(o.id, &ship2).unwrap();
    at(&mut w.s, "2026-11-11T06:00:00.000Z");
    w.s.orders_mut()
        .action(o.id, OrderAction::Deliver, None)
        .unwrap();
    at(&mut w.s, "2026-11-15T07:00:00.000Z");
    w.s.orders_mut()
        .return_goods(
            o.id,
            &ReturnDraft {
                returned_on: "2026-11-15".into(),
                reason: "damaged".into(),
                note: "外箱破损".into(),
                lines: vec![(o.lines[0].id, "1".into())],
            },
        )
        .unwrap();
    at(&mut w.s, "2026-11-20T08:00:00.000Z");
    let api =
        w.s.orders_mut()
            .action(o.id, OrderAction::Close, None)
            .unwrap();
    let stock_after_api = [on_hand(&w.s, w.a), on_hand(&w.s, w.b), on_hand(&w.s, w.c)];
    assert!(api.backorder);
    assert_eq!(api.history.len(), 6);

    // The same history imported in one call.
    let imported = ImportedOrder {
        draft: draft.clone(),
        entered_at: "2026-11-02T02:00:00Z".into(),
        backorder: true,
        credit_override: false,
        events: vec![
            OrderEvent::Status {
                at: "2026-11-02T03:00:00Z".into(),
                action: OrderAction::Confirm,
                note: api.history[1].note.clone(),
                facts: api.history[1].facts.clone(),
            },
            event_status("2026-11-03T04:00:00Z", OrderAction::StartPicking, ""),
            OrderEvent::Ship {
                at: "2026-11-04T05:00:00Z".into(),
                carrier: "顺丰速运".into(),
                tracking: "SF1".into(),
                lines: vec![(0, "10".into()), (1, "5".into())],
            },
            OrderEvent::Ship {
                at: "2026-11-09T05:00:00Z".into(),
                carrier: String::new(),
                tracking: String::new(),
                lines: vec![(1, "3".into()), (2, "2.5".into())],
            },
            event_status("2026-11-11T06:00:00Z", OrderAction::Deliver, ""),
            OrderEvent::Return {
                at: "2026-11-15T07:00:00Z".into(),
                reason: "damaged".into(),
                note: "外箱破损".into(),
                lines: vec![(0, "1".into())],
            },
            event_status("2026-11-20T08:00:00Z", OrderAction::Close, ""),
        ],
    };
    crate::take_changes(&mut w.s);
    at(&mut w.s, "2026-11-21T09:00:00.000Z");
    let ids = w.s.orders_mut().import(&[imported]).unwrap();
    assert_eq!(ids.len(), 1);
    let got = w.s.orders().get(ids[0]).unwrap();
    assert_ne!(got.number, api.number, "numbered as create_order numbers");
    assert!(got.number.starts_with("SO-2611-"), "{}", got.number);
    assert_eq!(with_store_choices(got.clone(), &api), api);
    // Its stock movements are the API's: shipped 10 + 8 + 2.5, 1 back, once more.
    let stock = [on_hand(&w.s, w.a), on_hand(&w.s, w.b), on_hand(&w.s, w.c)];
    assert_eq!(stock[0].0, stock_after_api[0].0 - 9_000);
    assert_eq!(stock[1].0, stock_after_api[1].0 - 8_000);
    assert_eq!(stock[2].0, stock_after_api[2].0 - 2_500);

    // Every row it wrote is one insert; the order's carries its state as it stands.
    let entries = crate::take_changes(&mut w.s);
    let count = |t: &str| entries.iter().filter(|e| e.table == t).count();
    assert!(entries.iter().all(|e| e.created_at.is_some()));
    assert_eq!(count("sales_orders"), 1);
    assert_eq!(count("so_lines"), 3);
    assert_eq!(count("so_status_history"), 6);
    assert_eq!(count("so_shipments"), 4);
    assert_eq!(count("so_returns"), 1);
    assert_eq!(count("stock_movements"), 5);
    assert_eq!(entries.len(), 20);
    let header = entries.iter().find(|e| e.table == "sales_orders").unwrap();
    assert_eq!(header.row_id, got.id.to_string());
    assert_eq!(header.fields["status"].value, serde_json::json!("closed"));
    assert_eq!(header.fields["backorder"].value, serde_json::json!(1));
    assert_eq!(header.fields["number"].value, serde_json::json!(got.number));
    assert!(entries
        .iter()
        .filter(|e| e.table == "so_lines")
        .all(|e| got.lines.iter().any(|l| l.id.to_string() == e.row_id)));
    // The list shows it like any other order.
    let list =
        w.s.orders()
            .list(&OrderQuery {
                page_size: 10,
                status: Some(OrderStatus::Closed),
                ..Default::default()
            })
            .unwrap();
    assert_eq!(list.total, 2);
    assert_eq!(list.items[0].id, got.id, "newest first");
    assert_eq!(list.items[0].total, api.totals.gross);
}

#[test]
fn a_bad_imported_order_rejects_the_whole_batch() {
    let mut w = world();
    let good = |w: &World, day: u32| ImportedOrder {
        draft: order(w.customer, vec![line(w.a, "2", "10.00", "", "13")]),
        entered_at: format!("2026-11-{day:02}T02:00:00Z"),
        events: vec![event_status(
            &format!("2026-11-{day:02}T03:00:00Z"),
            OrderAction::Confirm,
            "",
        )],
        ..Default::default()
    };
    let ship = |t: &str, qty: &str| OrderEvent::Ship {
        at: t.into(),
        carrier: String::new(),
        tracking: String::new(),
        lines: vec![(0, qty.into())],
    };
    let outbox = crate::log_len(&w.s);
    let stock = on_hand(&w.s, w.a);
    let refused = |w: &mut World, bad: ImportedOrder| {
        let batch = [good(w, 1), good(w, 2), bad];
        let e = w.s.orders_mut().import(&batch).unwrap_err();
        (e.code(), e.field().map(str::to_owned))
    };
    let with_events = |w: &World, events: Vec<OrderEvent>| ImportedOrder {
        events,
        ..good(w, 3)
    };
    // More shipped than ordered.
    let bad = with_events(
        &w,
        vec![
            event_status("2026-11-03T03:00:00Z", OrderAction::Confirm, ""),
            ship("2026-11-04T03:00:00Z", "1"),
            ship("2026-11-05T03:00:00Z", "1.5"),
        ],
    );
    assert_eq!(
        refused(&mut w, bad),
        (
            ErrorCode::OutOfRange,
            Some("orders.2.events.2.lines.0.quantity".into())
        )
    );
    // Shipping a draft; returning goods that have not been delivered; events out of order;
    // a line that is not there; a bad line in the draft; an unknown customer.
    let bad = with_events(&w, vec![ship("2026-11-04T03:00:00Z", "1")]);
    assert_eq!(
        refused(&mut w, bad),
        (
            ErrorCode::InvalidTransition,
            Some("orders.2.events.0.status".into())
        )
    );
    let bad = with_events(
        &w,
        vec![
            event_status("2026-11-03T03:00:00Z", OrderAction::Confirm, ""),
            ship("2026-11-04T03:00:00Z", "2"),
            OrderEvent::Return {
                at: "2026-11-05T03:00:00Z".into(),
                reason: "damaged".into(),
                note: String::new(),
                lines: vec![(0, "1".into())],
            },
        ],
    );
    assert_eq!(
        refused(&mut w, bad),
        (
            ErrorCode::InvalidTransition,
            Some("orders.2.events.2.status".into())
        )
    );
    let bad = with_events(
        &w,
        vec![
            event_status("2026-11-03T03:00:00Z", OrderAction::Confirm, ""),
            ship("2026-11-02T03:00:00Z", "2"),
        ],
    );
    assert_eq!(
        refused(&mut w, bad),
        (ErrorCode::DateOrder, Some("orders.2.events.1.at".into()))
    );
    let bad = with_events(
        &w,
        vec![
            event_status("2026-11-03T03:00:00Z", OrderAction::Confirm, ""),
            OrderEvent::Ship {
                at: "2026-11-04T03:00:00Z".into(),
                carrier: String::new(),
                tracking: String::new(),
                lines: vec![(1, "1".into())],
            },
        ],
    );
    assert_eq!(
        refused(&mut w, bad),
        (
            ErrorCode::NotFound,
            Some("orders.2.events.1.lines.0.line".into())
        )
    );
    let bad = ImportedOrder {
        draft: order(w.customer, vec![line(w.a, "1", "1.005", "", "")]),
        ..good(&w, 3)
    };
    assert_eq!(
        refused(&mut w, bad),
        (
            ErrorCode::TooManyDecimals,
            Some("orders.2.lines.0.unit_price".into())
        )
    );
    let bad = ImportedOrder {
        draft: OrderDraft {
            customer_id: Uuid::nil(),
            ..order(w.customer, vec![line(w.a, "1", "1", "", "")])
        },
        ..good(&w, 3)
    };
    assert_eq!(
        refused(&mut w, bad),
        (ErrorCode::NotFound, Some("orders.2.customer_id".into()))
    );
    let bad = ImportedOrder {
        entered_at: "2026-11-03".into(),
        ..good(&w, 3)
    };
    assert_eq!(
        refused(&mut w, bad),
        (ErrorCode::InvalidDate, Some("orders.2.entered_at".into()))
    );
    // Nothing of any refused batch was written.
    assert_eq!(crate::log_len(&w.s), outbox);
    assert_eq!(on_hand(&w.s, w.a), stock);
    let all = OrderQuery {
        page_size: 10,
        ..Default::default()
    };
    assert_eq!(w.s.orders().list(&all).unwrap().total, 0);
    // The good ones go in together.
    let batch = [good(&w, 1), good(&w, 2)];
    let ids = w.s.orders_mut().import(&batch).unwrap();
    assert_eq!(w.s.orders().list(&all).unwrap().total, 2);
    let o = w.s.orders().get(ids[1]).unwrap();
    assert_eq!(o.status, OrderStatus::Confirmed);
    assert_eq!(
        o.ordered_on.to_string(),
        "2026-11-02",
        "the day it was entered"
    );
}

/// `so_counts` against a count of `sales_orders` itself.
fn counts_match(path: &std::path::Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let read = |sql: &str| -> Vec<(String, String, String, i64)> {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let kept = read(
        "SELECT created_day, ordered_on, status, n FROM so_counts WHERE n <> 0 ORDER BY 1, 2, 3",
    );
    let counted = read(
        "SELECT substr(created_at, 1, 10), ordered_on, status, count(*) FROM sales_orders
         WHERE deleted = 0 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
    );
    assert_eq!(kept, counted);
}

#[test]
fn order_counts_follow_every_write() {
    let mut w = world();
    let path = w._d.path().join("chainbook.db");
    at(&mut w.s, "2026-11-02T02:00:00.000Z");
    let a =
        w.s.orders_mut()
            .create(&order(w.customer, vec![line(w.a, "1", "10.00", "", "")]))
            .unwrap();
    let b =
        w.s.orders_mut()
            .create(&OrderDraft {
                ordered_on: "2026-10-30".into(),
                ..order(w.customer, vec![line(w.c, "2", "3.50", "", "")])
            })
            .unwrap();
    counts_match(&path);
    at(&mut w.s, "2026-11-03T02:00:00.000Z");
    w.s.orders_mut().confirm(a.id, true, false).unwrap();
    w.s.orders_mut()
        .action(b.id, OrderAction::Cancel, None)
        .unwrap();
    counts_match(&path);
    // A draft moved to another order date.
    let c =
        w.s.orders_mut()
            .create(&order(w.customer, vec![line(w.a, "1", "10.00", "", "")]))
            .unwrap();
    w.s.orders_mut()
        .update(
            c.id,
            &OrderDraft {
                ordered_on: "2026-11-01".into(),
                ..order(w.customer, vec![line(w.a, "1", "10.00", "", "")])
            },
        )
        .unwrap();
    counts_match(&path);
    w.s.orders_mut()
        .ship(
            a.id,
            &ShipmentDraft {
                shipped_on: "2026-11-03".into(),
                lines: vec![(a.lines[0].id, "1".into())],
                ..Default::default()
            },
        )
        .unwrap();
    w.s.orders_mut()
        .action(a.id, OrderAction::Deliver, None)
        .unwrap();
    counts_match(&path);
    // Imports, and a refused import that must leave the counts as they were.
    at(&mut w.s, "2026-11-04T12:00:00.000Z");
    let (customer, a_product) = (w.customer, w.a);
    let imported = |day: u32, events: Vec<OrderEvent>| ImportedOrder {
        draft: OrderDraft {
            customer_id: customer,
            lines: vec![line(a_product, "1", "10.00", "", "")],
            ..Default::default()
        },
        entered_at: format!("2026-11-{day:02}T02:00:00Z"),
        events,
        ..Default::default()
    };
    let confirm = |day: u32| {
        event_status(
            &format!("2026-11-{day:02}T03:00:00Z"),
            OrderAction::Confirm,
            "",
        )
    };
    w.s.orders_mut()
        .import(&[imported(3, vec![confirm(3)]), imported(4, vec![])])
        .unwrap();
    counts_match(&path);
    let bad = imported(
        4,
        vec![event_status("2026-11-04T03:00:00Z", OrderAction::Close, "")],
    );
    assert!(w
        .s
        .orders_mut()
        .import(&[imported(4, vec![]), bad])
        .is_err());
    counts_match(&path);
    let all = OrderQuery {
        page_size: 50,
        ..Default::default()
    };
    assert_eq!(w.s.orders().list(&all).unwrap().total, 5);
}

/// A day of October 2026 at `hour` UTC.
fn october(day: u32, hour: u32) -> String {
    format!("2026-10-{day:02}T{hour:02}:00:00.000Z")
}

#[test]
fn every_filter_and_page_of_the_order_list_is_what_a_plain_scan_finds() {
    let mut w = world();
    let other =
        w.s.customers_mut()
            .create(&draft("上海另一家公司"))
            .unwrap()
            .id;
    // Orders entered on twelve days, several a day: imported with histories in every state,
    // some typed in a few days after they were ordered, and some through the API.
    let mut n = 0u32;
    for day in 1..=12u32 {
        at(&mut w.s, &october(day, 12));
        let mut batch = Vec::new();
        for k in 0..(day % 4 + 2) {
            n += 1;
            let ordered = if n % 5 == 0 { day.max(2) - 1 } else { day };
            let confirm = event_status(&october(day, 9), OrderAction::Confirm, "");
            let ship = OrderEvent::Ship {
                at: october(day, 10),
                carrier: String::new(),
                tracking: String::new(),
                lines: vec![(0, "1".into())],
            };
            let events = match n % 6 {
                0 => vec![],
                1 => vec![confirm],
                2 => vec![confirm, ship],
                3 => vec![
                    confirm,
                    ship,
                    event_status(&october(day, 11), OrderAction::Deliver, ""),
                ],
                4 => vec![event_status(&october(day, 9), OrderAction::Cancel, "")],
                _ => vec![
                    confirm,
                    event_status(&october(day, 10), OrderAction::StartPicking, ""),
                ],
            };
            batch.push(ImportedOrder {
                draft: OrderDraft {
                    customer_id: if k % 2 == 0 { w.customer } else { other },
                    ordered_on: format!("2026-10-{ordered:02}"),
                    promised_on: if n % 3 == 0 {
                        String::new()
                    } else {
                        format!("2026-10-{:02}", ordered + n % 7)
                    },
                    lines: vec![line(w.a, "1", "10.00", "", "13")],
                    ..Default::default()
                },
                entered_at: october(day, 8),
                events,
                ..Default::default()
            });
        }
        w.s.orders_mut().import(&batch).unwrap();
        if day % 3 == 0 {
            let o =
                w.s.orders_mut()
                    .create(&OrderDraft {
                        ordered_on: format!("2026-10-{day:02}"),
                        ..order(w.customer, vec![line(w.b, "1", "19.99", "", "")])
                    })
                    .unwrap();
            if day % 2 == 0 {
                w.s.orders_mut().confirm(o.id, true, true).unwrap();
            }
        }
    }
    // Every order, as a plain scan sees it.
    let everything =
        w.s.orders()
            .list(&OrderQuery {
                page_size: 500,
                customer_id: None,
                ..Default::default()
            })
            .unwrap();
    let mut all: Vec<Order> = everything
        .items
        .iter()
        .map(|o| w.s.orders().get(o.id).unwrap())
        .collect();
    assert!(all.len() > 40, "{}", all.len());
    all.sort_by(|a, b| (&b.created_at, b.id).cmp(&(&a.created_at, a.id)));
    assert_eq!(
        all.iter().map(|o| o.id).collect::<Vec<_>>(),
        everything.items.iter().map(|o| o.id).collect::<Vec<_>>(),
        "newest first, ties by id"
    );
    let today = NaiveDate::from_ymd_opt(2026, 10, 9).unwrap();
    let date = |d: u32| NaiveDate::from_ymd_opt(2026, 10, d);
    let mut checked = 0;
    for status in [
        None,
        Some(OrderStatus::Draft),
        Some(OrderStatus::Confirmed),
        Some(OrderStatus::Shipped),
        Some(OrderStatus::Delivered),
    ] {
        for customer in [None, Some(other)] {
            for (from, to) in [
                (None, None),
                (date(3), date(7)),
                (None, date(4)),
                (date(11), None),
            ] {
                for late_only in [false, true] {
                    let want: Vec<Uuid> = all
                        .iter()
                        .filter(|o| status.is_none_or(|s| o.status == s))
                        .filter(|o| customer.is_none_or(|c| o.customer_id == c))
                        .filter(|o| from.is_none_or(|f| o.ordered_on >= f))
                        .filter(|o| to.is_none_or(|t| o.ordered_on <= t))
                        .filter(|o| !late_only || o.is_late(today))
                        .map(|o| o.id)
                        .collect();
                    for size in [1, 3, 7] {
                        let q = OrderQuery {
                            page: 0,
                            page_size: size,
                            status,
                            customer_id: customer,
                            from,
                            to,
                            late_only,
                            today: Some(today),
                            delivered: None,
                            shipped: None,
                        };
                        let mut got = Vec::new();
                        for page in 0.. {
                            let p =
                                w.s.orders()
                                    .list(&OrderQuery { page, ..q.clone() })
                                    .unwrap();
                            assert_eq!(p.total, want.len() as u64, "{q:?}");
                            if p.items.is_empty() {
                                break;
                            }
                            assert!(p.items.len() <= size as usize);
                            got.extend(p.items.iter().map(|o| o.id));
                        }
                        assert_eq!(got, want, "{q:?}");
                        checked += 1;
                    }
                }
            }
        }
    }
    assert_eq!(checked, 5 * 2 * 4 * 2 * 3);
    // Totals are the gross of the lines, as on the order page.
    let page =
        w.s.orders()
            .list(&OrderQuery {
                page_size: 50,
                ..Default::default()
            })
            .unwrap();
    for o in &page.items {
        assert_eq!(o.total, w.s.orders().get(o.id).unwrap().totals.gross);
    }
}

#[test]
fn upgrading_counts_the_orders_already_there() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chainbook.db");
    chainbook_store::create_schema_at_version(&path, 8).unwrap();
    // Orders as version 8 wrote them (their customer does not matter here).
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "foreign_keys", false).unwrap();
    for (i, (created, ordered, status)) in [
        ("2026-01-05T03:00:00.000Z", "2026-01-05", "closed"),
        ("2026-01-05T04:00:00.000Z", "2026-01-04", "closed"),
        ("2026-01-06T03:00:00.000Z", "2026-01-06", "draft"),
    ]
    .into_iter()
    .enumerate()
    {
        conn.execute(
            "INSERT INTO sales_orders (id, number, customer_id, status, currency, ordered_on,
                 created_at, updated_at, updated_by)
             VALUES (?1, ?2, 'c', ?3, 'CNY', ?4, ?5, 1, 'old')",
            rusqlite::params![
                Uuid::from_u128(i as u128 + 1).to_string(),
                format!("SO-OLD-{i}"),
                status,
                ordered,
                created
            ],
        )
        .unwrap();
    }
    drop(conn);
    let s = Store::open(&path).unwrap();
    counts_match(&path);
    let closed = OrderQuery {
        page_size: 10,
        status: Some(OrderStatus::Closed),
        ..Default::default()
    };
    assert_eq!(s.orders().list(&closed).unwrap().total, 2);
}

/// A receipt at 13:42 and a shipment at 13:44 of the same day keep their moments beside their
/// business date: the history lists the shipment first (newest) and the receipt after it, and
/// the day's chart point is the balance after the shipment, at 13:44, not at a made-up noon.
#[test]
fn a_days_receipt_and_shipment_keep_their_moments_and_order() {
    use chainbook_core::product::MovementKind;
    use chainbook_core::purchase::{PoAction, PoDraft, PoLineDraft, ReceiptLineDraft};
    use chainbook_core::supplier::SupplierDraft;
    let mut w = world();
    let p = product(&mut w.s, "D", "5.00", "0");
    let sup =
        w.s.suppliers_mut()
            .create(&SupplierDraft {
                code: "S-1".into(),
                name: "供应商".into(),
                status: "approved".into(),
                ..Default::default()
            })
            .unwrap();
    at(&mut w.s, "2026-12-06T05:30:00.000Z");
    let po =
        w.s.purchasing_mut()
            .create(&PoDraft {
                supplier_id: sup.id,
                currency: "CNY".into(),
                notes: String::new(),
                lines: vec![PoLineDraft {
                    product_id: p,
                    quantity: "10".into(),
                    unit_price: "1.00".into(),
                    expected_on: "2026-12-06".into(),
                }],
            })
            .unwrap();
    w.s.purchasing_mut().action(po.id, PoAction::Send).unwrap();
    let o =
        w.s.orders_mut()
            .create(&order(w.customer, vec![line(p, "4", "5.00", "", "")]))
            .unwrap();
    w.s.orders_mut().confirm(o.id, true, false).unwrap();
    // 13:42 and 13:44 in Shanghai.
    at(&mut w.s, "2026-12-06T05:42:00.000Z");
    w.s.purchasing_mut()
        .receive(
            po.id,
            "2026-12-06",
            &[ReceiptLineDraft {
                po_line_id: po.lines[0].id,
                received: "10".into(),
                rejected: "0".into(),
            }],
            false,
        )
        .unwrap();
    at(&mut w.s, "2026-12-06T05:44:00.000Z");
    w.s.orders_mut()
        .ship(
            o.id,
            &ShipmentDraft {
                shipped_on: "2026-12-06".into(),
                lines: vec![(o.lines[0].id, "4".into())],
                ..Default::default()
            },
        )
        .unwrap();
    let history = w.s.stock().movements(p, 10).unwrap();
    let seen: Vec<(MovementKind, String, String)> = history
        .iter()
        .map(|m| {
            (
                m.kind,
                m.occurred_on.to_string(),
                m.occurred_at.format("%H:%M").to_string(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (MovementKind::Shipment, "2026-12-06".into(), "05:44".into()),
            (MovementKind::Receipt, "2026-12-06".into(), "05:42".into()),
        ]
    );
    let series = w.s.stock().series(p).unwrap();
    assert_eq!(series.len(), 1);
    assert_eq!(series[0].0.format("%H:%M").to_string(), "05:44");
    assert_eq!(series[0].1, Qty(6_000));
}

/// A shipment entered later for an earlier day keeps that business date, lists under it, and
/// its day's chart point stays on that day.
#[test]
fn a_shipment_entered_later_lists_under_its_business_date() {
    let mut w = world();
    at(&mut w.s, "2026-12-04T02:00:00.000Z");
    let o =
        w.s.orders_mut()
            .create(&order(w.customer, vec![line(w.a, "2", "10.00", "", "")]))
            .unwrap();
    w.s.orders_mut().confirm(o.id, true, false).unwrap();
    at(&mut w.s, "2026-12-06T09:00:00.000Z");
    w.s.orders_mut()
        .ship(
            o.id,
            &ShipmentDraft {
                shipped_on: "2026-12-05".into(),
                lines: vec![(o.lines[0].id, "2".into())],
                ..Default::default()
            },
        )
        .unwrap();
    let moves = w.s.stock().movements(w.a, 10).unwrap();
    let m = moves
        .iter()
        .find(|m| m.kind == chainbook_core::product::MovementKind::Shipment)
        .unwrap();
    assert_eq!(m.occurred_on.to_string(), "2026-12-05");
    assert_eq!(m.occurred_at.to_rfc3339(), "2026-12-06T09:00:00+00:00");
    let days: Vec<String> =
        w.s.stock()
            .series(w.a)
            .unwrap()
            .iter()
            .map(|(t, _)| t.date_naive().to_string())
            .collect();
    assert!(days.contains(&"2026-12-05".to_owned()), "{days:?}");
    assert!(days.windows(2).all(|d| d[0] < d[1]), "{days:?}");
}

/// The drill-down behind the on-time rate lists the orders whose first delivery (its UTC
/// day) fell in the period after their promise, the latest delivery first, pages and counts
/// them (alone and with another filter), and leaves out deliveries on or before the promise,
/// outside the period, or of orders deleted since.
#[test]
fn orders_delivered_late_in_a_period_latest_delivery_first() {
    let mut w = world();
    let deliver = |s: &mut Store, promised: &str, delivered: &str| -> Uuid {
        at(s, "2026-11-01T02:00:00.000Z");
        let o = s
            .orders_mut()
            .create(&OrderDraft {
                promised_on: promised.into(),
                ..order(w.customer, vec![line(w.a, "1", "10.00", "", "")])
            })
            .unwrap();
        s.orders_mut().confirm(o.id, true, false).unwrap();
        s.orders_mut()
            .ship(
                o.id,
                &ShipmentDraft {
                    shipped_on: "2026-11-02".into(),
                    lines: vec![(o.lines[0].id, "1".into())],
                    ..Default::default()
                },
            )
            .unwrap();
        at(s, &format!("{delivered}T10:00:00.000Z"));
        s.orders_mut()
            .action(o.id, OrderAction::Deliver, None)
            .unwrap();
        o.id
    };
    let late_5 = deliver(&mut w.s, "2026-11-03", "2026-11-05");
    let late_20 = deliver(&mut w.s, "2026-11-10", "2026-11-20");
    let late_12 = deliver(&mut w.s, "2026-11-04", "2026-11-12");
    deliver(&mut w.s, "2026-11-12", "2026-11-12"); // on the promised day: on time
    deliver(&mut w.s, "2026-11-30", "2026-11-13"); // early
    deliver(&mut w.s, "2026-10-01", "2026-12-02"); // late, but after the period
    let query = |page: u32, page_size: u32| OrderQuery {
        page,
        page_size,
        delivered: Some(DeliveredIn {
            from: "2026-11-01".parse().unwrap(),
            to: "2026-11-30".parse().unwrap(),
            shortfall: DeliveryShortfall::Late,
        }),
        ..Default::default()
    };
    let ids = |p: &chainbook_store::Page<chainbook_store::orders::OrderSummary>| {
        p.items.iter().map(|o| o.id).collect::<Vec<_>>()
    };
    let all = w.s.orders().list(&query(0, 50)).unwrap();
    assert_eq!(all.total, 3);
    assert_eq!(ids(&all), vec![late_20, late_12, late_5]);
    assert_eq!(all.items[0].total.to_string(), "10.00", "totals filled");
    let second = w.s.orders().list(&query(1, 2)).unwrap();
    assert_eq!((second.total, ids(&second)), (3, vec![late_5]));
    // With another filter the rows are joined to their orders: same answer here, none for
    // another status.
    let with_status = OrderQuery {
        status: Some(OrderStatus::Delivered),
        ..query(0, 50)
    };
    assert_eq!(w.s.orders().list(&with_status).unwrap().total, 3);
    let closed = OrderQuery {
        status: Some(OrderStatus::Closed),
        ..query(0, 50)
    };
    assert_eq!(w.s.orders().list(&closed).unwrap().total, 0);
}

/// The drill-down behind the processing time lists the orders first shipped in the period
/// (their first shipment's UTC day) after a confirmation, slowest first with their seconds
/// (ties: the earlier shipment first), counts and pages them, and leaves out orders shipped
/// outside the period or not shipped; its times are the ones the indicator summarises.
#[test]
fn orders_shipped_in_a_period_slowest_first() {
    let mut w = world();
    let ship = |s: &mut Store, confirmed: &str, shipped: Option<&str>| -> Uuid {
        at(s, confirmed);
        let o = s
            .orders_mut()
            .create(&order(w.customer, vec![line(w.a, "1", "10.00", "", "")]))
            .unwrap();
        s.orders_mut().confirm(o.id, true, false).unwrap();
        if let Some(shipped) = shipped {
            at(s, shipped);
            s.orders_mut()
                .ship(
                    o.id,
                    &ShipmentDraft {
                        shipped_on: shipped[..10].into(),
                        lines: vec![(o.lines[0].id, "1".into())],
                        ..Default::default()
                    },
                )
                .unwrap();
        }
        o.id
    };
    let h48 = ship(
        &mut w.s,
        "2026-11-01T02:00:00.000Z",
        Some("2026-11-03T02:00:00.000Z"),
    );
    let h6 = ship(
        &mut w.s,
        "2026-11-01T02:00:00.000Z",
        Some("2026-11-01T08:00:00.000Z"),
    );
    let h120 = ship(
        &mut w.s,
        "2026-11-05T00:00:00.000Z",
        Some("2026-11-10T00:00:00.000Z"),
    );
    let h48_later = ship(
        &mut w.s,
        "2026-11-10T12:00:00.000Z",
        Some("2026-11-12T12:00:00.000Z"),
    );
    ship(
        &mut w.s,
        "2026-11-20T00:00:00.000Z",
        Some("2026-12-01T00:00:00.000Z"),
    ); // after
    ship(&mut w.s, "2026-11-20T00:00:00.000Z", None); // not shipped
    let query = |page: u32, page_size: u32| OrderQuery {
        page,
        page_size,
        shipped: Some(ShippedIn {
            from: "2026-11-01".parse().unwrap(),
            to: "2026-11-30".parse().unwrap(),
        }),
        ..Default::default()
    };
    let all = w.s.orders().list(&query(0, 50)).unwrap();
    assert_eq!(all.total, 4);
    let seen: Vec<(Uuid, Option<i64>)> = all
        .items
        .iter()
        .map(|o| (o.id, o.processing_secs))
        .collect();
    assert_eq!(
        seen,
        vec![
            (h120, Some(120 * 3600)),
            (h48, Some(48 * 3600)),
            (h48_later, Some(48 * 3600)),
            (h6, Some(6 * 3600)),
        ]
    );
    assert_eq!(all.items[0].total.to_string(), "10.00", "totals filled");
    let second = w.s.orders().list(&query(1, 3)).unwrap();
    assert_eq!(second.total, 4);
    assert_eq!(
        second.items.iter().map(|o| o.id).collect::<Vec<_>>(),
        vec![h6]
    );
    // With another filter the rows are joined to their orders.
    let shipped_status = OrderQuery {
        status: Some(OrderStatus::Shipped),
        ..query(0, 50)
    };
    assert_eq!(w.s.orders().list(&shipped_status).unwrap().total, 4);
    let drafts = OrderQuery {
        status: Some(OrderStatus::Draft),
        ..query(0, 50)
    };
    assert_eq!(w.s.orders().list(&drafts).unwrap().total, 0);
    // The plain list carries no processing time; both drill-downs at once are refused.
    let plain =
        w.s.orders()
            .list(&OrderQuery {
                page_size: 50,
                ..Default::default()
            })
            .unwrap();
    assert!(plain.items.iter().all(|o| o.processing_secs.is_none()));
    let both = OrderQuery {
        delivered: Some(DeliveredIn {
            from: "2026-11-01".parse().unwrap(),
            to: "2026-11-30".parse().unwrap(),
            shortfall: DeliveryShortfall::Late,
        }),
        ..query(0, 50)
    };
    assert!(matches!(
        w.s.orders().list(&both),
        Err(chainbook_store::StoreError::Invalid(_))
    ));
    // The indicator summarises the same four times: 6, 48, 48 and 120 hours.
    let period = chainbook_store::analytics::Period {
        from: Some("2026-11-01".parse().unwrap()),
        as_of: "2026-11-30".parse().unwrap(),
    };
    let kpis = w.s.analytics().order_kpis(&period).unwrap();
    let spread = kpis.processing_hours.unwrap();
    assert_eq!((spread.median, spread.p90), (48.0, 120.0));
}
