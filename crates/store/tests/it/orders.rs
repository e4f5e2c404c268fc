//! Sales orders: entry, money, confirmation with stock and credit checks, shipments, delivery
//! with its follow-up, returns, numbering across devices, the list and the timeline.

use chainbook_core::interaction::FollowUpRange;
use chainbook_core::order::{LineMoneyDraft, OrderAction, OrderStatus};
use chainbook_core::product::{ProductDraft, Qty};
use chainbook_core::ErrorCode;
use chainbook_store::orders::{OrderDraft, OrderLineDraft, OrderQuery, ReturnDraft, ShipmentDraft};
use chainbook_store::products::MovementDraft;
use chainbook_store::{Store, TimelineEntry};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::{draft, fresh};

fn product(s: &mut Store, sku: &str, price: &str, stock: &str) -> Uuid {
    let p = s
        .create_product(&ProductDraft {
            sku: sku.into(),
            name: format!("产品 {sku}"),
            unit: "件".into(),
            currency: "CNY".into(),
            price: price.into(),
            active: true,
            ..Default::default()
        })
        .unwrap();
    if stock != "0" {
        s.record_movement(&MovementDraft {
            product_id: p.id,
            kind: "receipt".into(),
            quantity: stock.into(),
            ..Default::default()
        })
        .unwrap();
    }
    p.id
}

fn line(product: Uuid, qty: &str, price: &str, discount: &str, tax: &str) -> OrderLineDraft {
    OrderLineDraft {
        id: None,
        product_id: product,
        money: LineMoneyDraft {
            quantity: qty.into(),
            unit_price: price.into(),
            discount_pct: discount.into(),
            tax_rate_pct: tax.into(),
        },
    }
}

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
        .create_customer(&draft("深圳华为技术有限公司"))
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

fn order(w: &World, lines: Vec<OrderLineDraft>) -> OrderDraft {
    OrderDraft {
        customer_id: w.customer,
        promised_on: "2026-12-01".into(),
        lines,
        ..Default::default()
    }
}

fn on_hand(s: &Store, p: Uuid) -> Qty {
    s.get_product(p).unwrap().on_hand
}

#[test]
fn the_whole_lifecycle_with_a_back_order_a_partial_shipment_and_a_return() {
    let mut w = world();
    let o =
        w.s.create_order(&order(
            &w,
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
    let short = w.s.stock_check(o.id).unwrap();
    assert_eq!(short.len(), 1);
    assert_eq!(
        (short[0].needed, short[0].available, short[0].short),
        (Qty(8_000), Qty(5_000), Qty(3_000))
    );
    let n = w.s.outbox_len().unwrap();
    let e = w.s.confirm_order(o.id, false, false).unwrap_err();
    assert_eq!(e.code(), ErrorCode::StockShort);
    assert_eq!(
        w.s.outbox_len().unwrap(),
        n,
        "a refused confirmation writes nothing"
    );
    let o = w.s.confirm_order(o.id, true, false).unwrap();
    assert_eq!(o.status, OrderStatus::Confirmed);
    assert!(o.backorder);
    // Confirmed orders reserve: a second order for A sees 90 available.
    let other =
        w.s.create_order(&order(&w, vec![line(w.a, "95", "10.00", "", "")]))
            .unwrap();
    let short = w.s.stock_check(other.id).unwrap();
    assert_eq!(short[0].available, Qty(90_000));
    // Ship A fully and 5 of B with a tracking number: stock falls by what shipped.
    let ship = ShipmentDraft {
        shipped_on: "2026-11-24".into(),
        carrier: "顺丰速运".into(),
        tracking: "SF1234567890".into(),
        lines: vec![(o.lines[0].id, "10".into()), (o.lines[1].id, "5".into())],
    };
    let o = w.s.ship_order(o.id, &ship).unwrap();
    assert_eq!(o.status, OrderStatus::Shipped);
    assert_eq!(on_hand(&w.s, w.a), Qty(90_000));
    assert_eq!(on_hand(&w.s, w.b), Qty(0));
    assert_eq!(o.shipments.len(), 2);
    assert_eq!(o.shipments[0].tracking, "SF1234567890");
    // Shipping more than is left is refused.
    let e =
        w.s.ship_order(
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
        w.s.order_action(o.id, OrderAction::Cancel, "", None)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidTransition
    );
    // Deliver: a follow-up to ask for feedback appears on the customer.
    let due = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let o =
        w.s.order_action(o.id, OrderAction::Deliver, "回访：询问收货反馈", Some(due))
            .unwrap();
    assert_eq!(o.status, OrderStatus::Delivered);
    let fus = w.s.follow_ups(FollowUpRange::AllOpen, due).unwrap();
    assert_eq!(fus.len(), 1);
    assert_eq!(fus[0].interaction.summary, "回访：询问收货反馈");
    // Return one damaged unit of A; more than shipped is refused.
    let ret = |qty: &str| ReturnDraft {
        returned_on: "2026-11-30".into(),
        reason: "damaged".into(),
        note: "外箱破损".into(),
        lines: vec![(o.lines[0].id, qty.into())],
    };
    assert_eq!(
        w.s.return_goods(o.id, &ret("11")).unwrap_err().code(),
        ErrorCode::OverReturn
    );
    let o = w.s.return_goods(o.id, &ret("1")).unwrap();
    assert_eq!(on_hand(&w.s, w.a), Qty(91_000));
    assert_eq!(o.returns.len(), 1);
    assert_eq!(o.lines[0].returned, Qty(1_000));
    assert_eq!(
        w.s.return_goods(
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
        w.s.order_action(o.id, OrderAction::Close, "", None)
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
    assert!(o.history[1].note.contains("back-order"));
    // The customer timeline shows both orders.
    let tl = w.s.customer_timeline(w.customer, 20).unwrap();
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
    let big = |w: &World| order(w, vec![line(w.a, "60", "1000.00", "", "")]);
    let first = w.s.create_order(&big(&w)).unwrap();
    w.s.confirm_order(first.id, true, false).unwrap();
    let second = w.s.create_order(&big(&w)).unwrap();
    let check = w.s.credit_check(second.id).unwrap();
    assert!(check.exceeded);
    assert_eq!(check.open_balance.to_string(), "60000.00");
    let e = w.s.confirm_order(second.id, true, false).unwrap_err();
    assert_eq!(e.code(), ErrorCode::CreditLimit);
    let o = w.s.confirm_order(second.id, true, true).unwrap();
    assert!(o.credit_override);
    assert!(o.history[1].note.contains("credit override"));
}

#[test]
fn bad_orders_write_nothing() {
    let mut w = world();
    let n = w.s.outbox_len().unwrap();
    let bad = |w: &mut World, l: OrderLineDraft| {
        let e = w.s.create_order(&order(w, vec![l])).unwrap_err();
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
    let e = w.s.create_order(&order(&w, vec![])).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Required);
    let gone = w.s.create_customer(&draft("已删除客户")).unwrap().id;
    w.s.delete_customer(gone).unwrap();
    let n2 = w.s.outbox_len().unwrap();
    let e =
        w.s.create_order(&OrderDraft {
            customer_id: gone,
            ..order(&w, vec![line(a, "1", "1", "", "")])
        })
        .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::NotFound, Some("customer_id"))
    );
    assert_eq!(w.s.outbox_len().unwrap(), n2);
    let _ = n;
    // Forbidden transitions: ship a draft, deliver a cancelled order.
    let o =
        w.s.create_order(&order(&w, vec![line(a, "1", "1", "", "")]))
            .unwrap();
    let e =
        w.s.ship_order(
            o.id,
            &ShipmentDraft {
                shipped_on: "2026-11-24".into(),
                lines: vec![(o.lines[0].id, "1".into())],
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidTransition);
    w.s.order_action(o.id, OrderAction::Cancel, "", None)
        .unwrap();
    assert_eq!(
        w.s.order_action(o.id, OrderAction::Deliver, "", None)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidTransition
    );
    // A promised date before the order date.
    let e =
        w.s.create_order(&OrderDraft {
            ordered_on: "2026-11-23".into(),
            promised_on: "2026-11-01".into(),
            ..order(&w, vec![line(a, "1", "1", "", "")])
        })
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::DateOrder);
}

#[test]
fn drafts_can_be_edited_line_by_line() {
    let mut w = world();
    let o =
        w.s.create_order(&order(
            &w,
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
    let n = w.s.outbox_len().unwrap();
    let o2 =
        w.s.update_order(o.id, &order(&w, vec![keep, line(w.c, "2", "3.50", "", "")]))
            .unwrap();
    assert_eq!(o2.lines.len(), 2);
    assert_eq!(o2.lines[0].id, o.lines[0].id);
    assert_eq!(o2.totals.gross.to_string(), "37.00");
    // One line updated, one tombstoned, one inserted.
    assert_eq!(w.s.outbox_len().unwrap(), n + 3);
    w.s.confirm_order(o.id, true, false).unwrap();
    assert_eq!(
        w.s.update_order(o.id, &order(&w, vec![line(w.a, "1", "10.00", "", "")]))
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
        let c = s.create_customer(&draft("客户")).unwrap().id;
        let p = product(s, "A", "1.00", "0");
        for _ in 0..5 {
            let o = s
                .create_order(&OrderDraft {
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
            w.s.create_order(&OrderDraft {
                ordered_on: format!("2026-11-{:02}", 10 + i),
                ..order(&w, vec![line(w.a, "1", "10.00", "", "")])
            })
            .unwrap();
        if i % 2 == 0 {
            w.s.confirm_order(o.id, true, false).unwrap();
        }
    }
    let q = OrderQuery {
        page: 0,
        page_size: 5,
        today: Some(today),
        ..Default::default()
    };
    let p = w.s.list_orders(&q).unwrap();
    assert_eq!((p.total, p.items.len()), (7, 5));
    assert!(
        p.items.iter().all(|o| o.late),
        "promised 2026-12-01, not delivered"
    );
    assert_eq!(p.items[0].total.to_string(), "10.00");
    let confirmed =
        w.s.list_orders(&OrderQuery {
            status: Some(OrderStatus::Confirmed),
            ..q.clone()
        })
        .unwrap();
    assert_eq!(confirmed.total, 4);
    let range =
        w.s.list_orders(&OrderQuery {
            from: NaiveDate::from_ymd_opt(2026, 11, 12),
            to: NaiveDate::from_ymd_opt(2026, 11, 14),
            ..q.clone()
        })
        .unwrap();
    assert_eq!(range.total, 3);
    let late =
        w.s.list_orders(&OrderQuery {
            late_only: true,
            today: NaiveDate::from_ymd_opt(2026, 11, 30),
            ..q
        })
        .unwrap();
    assert_eq!(late.total, 0, "not late before the promised date");
}
