//! Customer analytics on a small known history: revenue to the cent (discount, tax, a
//! return, a cancelled and a draft order, an order before the period, another currency),
//! ABC tiers, RFM scores and segments, the computed lifecycle.

use chainbook_core::analytics::abc::AbcTier;
use chainbook_core::analytics::rfm::RfmSegment;
use chainbook_core::customer::Lifecycle;
use chainbook_core::order::{OrderAction, OrderDraft, OrderLineDraft, ReturnDraft, ShipmentDraft};
use chainbook_store::analytics::Period;
use chainbook_store::Store;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;
use uuid::Uuid;

use crate::{draft, fresh, line, product};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// An order dated `on`, confirmed unless `draft`.
fn order(
    s: &mut Store,
    customer: Uuid,
    on: &str,
    lines: Vec<OrderLineDraft>,
    confirm: bool,
) -> Uuid {
    let o = s
        .orders_mut()
        .create(&OrderDraft {
            customer_id: customer,
            ordered_on: on.into(),
            lines,
            ..Default::default()
        })
        .unwrap();
    if confirm {
        s.orders_mut().confirm(o.id, true, true).unwrap();
    }
    o.id
}

#[test]
fn revenue_tiers_rfm_and_lifecycle_of_a_known_history() {
    let (dir, mut s) = fresh();
    let p = product(&mut s, "P-1", "1.00", "100");
    let a = s.customers_mut().create(&draft("甲")).unwrap().id;
    let b = s.customers_mut().create(&draft("乙")).unwrap().id;
    let c = s.customers_mut().create(&draft("丙")).unwrap().id;
    let d = s.customers_mut().create(&draft("丁")).unwrap().id;
    let e = s.customers_mut().create(&draft("戊")).unwrap().id;
    let mut usd = draft("Pacific Trading");
    usd.currency = "USD".into();
    usd.country = "US".into();
    usd.province = String::new();
    usd.city = "Seattle".into();
    let f = s.customers_mut().create(&usd).unwrap().id;

    // A: 3 × 333.33 less 10 % = 899.99 (899.991 rounded), 13 % tax 117.00: 1,016.99; then
    // 500.00 and 500.00, of which one 100.00 unit comes back in the period.
    order(
        &mut s,
        a,
        "2026-06-01",
        vec![line(p, "3", "333.33", "10", "13")],
        true,
    );
    order(
        &mut s,
        a,
        "2026-09-01",
        vec![line(p, "1", "500", "", "")],
        true,
    );
    let third = order(
        &mut s,
        a,
        "2026-11-01",
        vec![line(p, "5", "100", "", "")],
        true,
    );
    let l = s.orders().get(third).unwrap().lines[0].id;
    s.orders_mut()
        .ship(
            third,
            &ShipmentDraft {
                shipped_on: "2026-11-02".into(),
                lines: vec![(l, "5".into())],
                ..Default::default()
            },
        )
        .unwrap();
    s.orders_mut()
        .action(third, OrderAction::Deliver, None)
        .unwrap();
    s.orders_mut()
        .return_goods(
            third,
            &ReturnDraft {
                returned_on: "2026-11-20".into(),
                reason: "damaged".into(),
                lines: vec![(l, "1".into())],
                ..Default::default()
            },
        )
        .unwrap();
    // B: 600.00. C: only before the period. D: nothing. E: a cancelled order and a draft.
    order(
        &mut s,
        b,
        "2026-10-01",
        vec![line(p, "2", "300", "", "")],
        true,
    );
    order(
        &mut s,
        c,
        "2025-06-01",
        vec![line(p, "1", "5000", "", "")],
        true,
    );
    let cancelled = order(
        &mut s,
        e,
        "2026-11-15",
        vec![line(p, "1", "999", "", "")],
        true,
    );
    s.orders_mut()
        .action(cancelled, OrderAction::Cancel, None)
        .unwrap();
    order(
        &mut s,
        e,
        "2026-11-16",
        vec![line(p, "1", "888", "", "")],
        false,
    );
    // F buys in USD: not in the CNY analysis.
    order(
        &mut s,
        f,
        "2026-11-10",
        vec![line(p, "1", "70", "", "")],
        true,
    );

    let period = Period::year_to(day("2026-12-01"));
    let values = s.analytics().customer_values(&period, "CNY").unwrap();
    let of = |id: Uuid| {
        values
            .iter()
            .find(|v| v.activity.customer_id == id)
            .unwrap()
    };
    assert_eq!(values.len(), 5, "the CNY customers only");
    assert!(values.iter().all(|v| v.activity.customer_id != f));
    let money = |s: &str| Decimal::from_str(s).unwrap();
    assert_eq!(of(a).activity.revenue, money("1916.99"));
    assert_eq!(of(b).activity.revenue, money("600.00"));
    for id in [c, d, e] {
        assert_eq!(of(id).activity.revenue, Decimal::ZERO);
    }
    assert_eq!(
        (
            of(a).activity.orders,
            of(b).activity.orders,
            of(e).activity.orders
        ),
        (3, 1, 0)
    );

    // ABC: A holds 1,916.99 of 2,516.99 (76.2 %): A; B brings it to 100 %: C; no revenue: C.
    assert_eq!((of(a).tier, of(a).rank), (AbcTier::A, 1));
    assert_eq!((of(b).tier, of(b).rank), (AbcTier::C, 2));
    assert!([c, d, e].iter().all(|id| of(*id).tier == AbcTier::C));

    // RFM over the two buyers: A is better on all three (R 30 vs 61 days): 1 + ⌊5 × 1 ÷ 2⌋ = 3.
    assert_eq!(of(a).rfm, Some((3, 3, 3, RfmSegment::NeedAttention)));
    assert_eq!(of(b).rfm, Some((1, 1, 1, RfmSegment::Lost)));
    assert_eq!(of(c).rfm, None);

    // Lifecycle: A every 76.5 days (gaps 92 and 61), last 30 days ago: active; B's first
    // order 61 days ago: new; C's only order 548 days ago: lost; D and E never bought.
    let la = of(a).lifecycle.clone().unwrap();
    assert_eq!(
        (la.stage, la.usual_interval_days, la.days_since_last),
        (Lifecycle::Active, Some(76.5), 30)
    );
    assert_eq!(of(b).lifecycle.as_ref().unwrap().stage, Lifecycle::New);
    assert_eq!(of(c).lifecycle.as_ref().unwrap().stage, Lifecycle::Lost);
    assert!(of(d).lifecycle.is_none() && of(e).lifecycle.is_none());

    // The derived per-order totals are the order page's, after confirming, shipping,
    // returning, cancelling and editing; and an edited draft's totals follow its lines.
    let draft_id = order(
        &mut s,
        e,
        "2026-11-17",
        vec![line(p, "1", "10", "", "")],
        false,
    );
    s.orders_mut()
        .update(
            draft_id,
            &OrderDraft {
                customer_id: e,
                ordered_on: "2026-11-17".into(),
                lines: vec![line(p, "4", "10", "5", "13")],
                ..Default::default()
            },
        )
        .unwrap();
    let conn = rusqlite::Connection::open(dir.path().join("chainbook.db")).unwrap();
    let rows: Vec<(String, String)> = conn
        .prepare("SELECT order_id, gross FROM so_totals")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), 9);
    for (id, gross) in rows {
        let o = s.orders().get(Uuid::parse_str(&id).unwrap()).unwrap();
        assert_eq!(money(&gross), o.totals.gross, "order {}", o.number);
    }
    assert_eq!(
        s.orders().get(draft_id).unwrap().totals.gross,
        money("42.94"),
        "4 × 10 less 5 % = 38.00, 13 % tax 4.94"
    );

    // All history counts C's old order; an as-of date before the return ignores it.
    let all = Period {
        from: None,
        as_of: day("2026-12-01"),
    };
    let values = s.analytics().customer_values(&all, "CNY").unwrap();
    let c_all = values.iter().find(|v| v.activity.customer_id == c).unwrap();
    assert_eq!(
        (c_all.activity.revenue, c_all.tier),
        (money("5000.00"), AbcTier::A)
    );
    let before_return = Period::year_to(day("2026-11-19"));
    let acts = s
        .analytics()
        .customer_activity(&before_return, "CNY")
        .unwrap();
    let a_then = acts.iter().find(|x| x.customer_id == a).unwrap();
    assert_eq!(a_then.revenue, money("2016.99"));
}

#[test]
fn order_indicators_of_a_month() {
    use std::sync::{Arc, Mutex};
    let (_d, mut s) = fresh();
    let now = Arc::new(Mutex::new(
        chrono::DateTime::parse_from_rfc3339("2026-11-01T08:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc),
    ));
    let clock = now.clone();
    s.set_clock(Box::new(move || *clock.lock().unwrap()));
    let at = |t: &str| {
        *now.lock().unwrap() = chrono::DateTime::parse_from_rfc3339(t)
            .unwrap()
            .with_timezone(&chrono::Utc);
    };
    let p = product(&mut s, "P-1", "1.00", "100");
    let c = s.customers_mut().create(&draft("甲")).unwrap().id;
    // (confirmed, shipped, delivered, promised, returned)
    let cases = [
        (
            "2026-11-02T08:00:00Z",
            "2026-11-03T08:00:00Z",
            Some("2026-11-05T09:00:00Z"),
            "2026-11-10",
            false,
        ),
        (
            "2026-11-02T08:00:00Z",
            "2026-11-04T20:00:00Z",
            Some("2026-11-06T09:00:00Z"),
            "2026-11-04",
            false,
        ),
        (
            "2026-11-10T08:00:00Z",
            "2026-11-10T12:00:00Z",
            Some("2026-11-12T09:00:00Z"),
            "",
            true,
        ),
        (
            "2026-11-28T08:00:00Z",
            "2026-11-29T08:00:00Z",
            Some("2026-12-02T09:00:00Z"),
            "",
            false,
        ),
    ];
    let mut ids = Vec::new();
    for (confirmed, shipped, delivered, promised, returned) in cases {
        at(confirmed);
        let o = s
            .orders_mut()
            .create(&OrderDraft {
                customer_id: c,
                promised_on: promised.into(),
                lines: vec![line(p, "2", "10", "", "")],
                ..Default::default()
            })
            .unwrap();
        ids.push(o.id);
        s.orders_mut().confirm(o.id, false, false).unwrap();
        at(shipped);
        s.orders_mut()
            .ship(
                o.id,
                &ShipmentDraft {
                    shipped_on: shipped[..10].into(),
                    lines: vec![(o.lines[0].id, "2".into())],
                    ..Default::default()
                },
            )
            .unwrap();
        if let Some(d) = delivered {
            at(d);
            s.orders_mut()
                .action(o.id, OrderAction::Deliver, None)
                .unwrap();
        }
        if returned {
            s.orders_mut()
                .return_goods(
                    o.id,
                    &ReturnDraft {
                        returned_on: delivered.unwrap()[..10].into(),
                        reason: "damaged".into(),
                        lines: vec![(o.lines[0].id, "1".into())],
                        ..Default::default()
                    },
                )
                .unwrap();
        }
    }
    let november = Period {
        from: Some(day("2026-11-01")),
        as_of: day("2026-11-30"),
    };
    let k = s.analytics().order_kpis(&november).unwrap();
    // Delivered in November: the first three. With a promise: two, one on time. Accurate:
    // all but the returned one. Perfect: only the first.
    assert_eq!(
        (
            k.deliveries.delivered,
            k.deliveries.with_promise,
            k.deliveries.on_time
        ),
        (3, 2, 1)
    );
    assert_eq!((k.deliveries.accurate, k.deliveries.perfect), (2, 1));
    assert_eq!(k.rates.on_time_rate, Some(0.5));
    assert_eq!(k.rates.perfect_order_rate, Some(1.0 / 3.0));
    // First shipped in November: 24, 60, 4 and 24 hours after confirmation.
    let h = k.processing_hours.unwrap();
    assert_eq!((h.median, h.p90, h.count), (24.0, 60.0, 4));
    // A month without deliveries has no rates, not 0 %.
    let october = Period {
        from: Some(day("2026-10-01")),
        as_of: day("2026-10-31"),
    };
    let none = s.analytics().order_kpis(&october).unwrap();
    assert_eq!(none.rates.on_time_rate, None);
    assert_eq!(none.processing_hours, None);

    // The drill-down behind the on-time rate: the one order delivered after its promise.
    let late = s
        .orders()
        .list(&chainbook_store::orders::OrderQuery {
            page_size: 50,
            delivered: Some(chainbook_store::orders::DeliveredIn {
                from: day("2026-11-01"),
                to: day("2026-11-30"),
                shortfall: chainbook_core::analytics::kpi::DeliveryShortfall::Late,
            }),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(late.total, 1);
    assert_eq!(
        late.items[0].promised_on,
        Some(day("2026-11-04")),
        "delivered on the 6th"
    );
    // The drill-downs behind accuracy and the perfect-order rate list exactly the deliveries
    // the rates count against: delivered − accurate and delivered − perfect.
    let short = |s: &Store, shortfall| {
        s.orders()
            .list(&chainbook_store::orders::OrderQuery {
                page_size: 50,
                delivered: Some(chainbook_store::orders::DeliveredIn {
                    from: day("2026-11-01"),
                    to: day("2026-11-30"),
                    shortfall,
                }),
                ..Default::default()
            })
            .unwrap()
    };
    use chainbook_core::analytics::kpi::DeliveryShortfall;
    let inaccurate = short(&s, DeliveryShortfall::Inaccurate);
    assert_eq!(
        inaccurate.total,
        k.deliveries.delivered - k.deliveries.accurate
    );
    assert_eq!(inaccurate.items.len(), 1);
    let imperfect = short(&s, DeliveryShortfall::Imperfect);
    assert_eq!(
        imperfect.total,
        k.deliveries.delivered - k.deliveries.perfect
    );
    assert!(
        imperfect
            .items
            .iter()
            .any(|o| o.id == inaccurate.items[0].id)
            && imperfect.items.iter().any(|o| o.id == late.items[0].id),
        "the returned and the late order are not perfect"
    );

    // A wrong-item complaint about the perfect order makes it inaccurate and not perfect; a
    // quality complaint about another, and a complaint naming no order, change nothing.
    for (order, category) in [
        (Some(ids[0]), "wrong_item"),
        (Some(ids[1]), "quality"),
        (None, "damaged"),
    ] {
        s.complaints_mut()
            .open(&chainbook_core::complaint::FeedbackDraft {
                kind: "complaint".into(),
                customer_id: Some(c),
                order_id: order,
                channel: "phone".into(),
                category: category.into(),
                severity: "medium".into(),
                description: "货不对".into(),
                ..Default::default()
            })
            .unwrap();
    }
    let k = s.analytics().order_kpis(&november).unwrap();
    assert_eq!((k.deliveries.accurate, k.deliveries.perfect), (1, 0));
    let inaccurate = short(&s, DeliveryShortfall::Inaccurate);
    assert_eq!(inaccurate.total, 2);
    assert!(inaccurate.items.iter().any(|o| o.id == ids[0]));
    assert_eq!(short(&s, DeliveryShortfall::Imperfect).total, 3);
}

/// The lifecycle of an analysis as of a past date — when customers have orders after it — is
/// core's rule on the order dates up to that date, whether the dates are read one customer at
/// a time (few such customers) or in one pass (many); as of the last order it comes from the
/// derived rhythm, and a cancelled order never counts.
#[test]
fn the_lifecycle_as_of_any_date_is_the_rule_on_the_orders_up_to_it() {
    use chainbook_core::analytics::lifecycle::computed_lifecycle;
    let (_d, mut s) = fresh();
    let p = product(&mut s, "P-1", "1.00", "100");
    // Customer k orders every (k % 7 + 5) days from a start that depends on k; the last
    // customer's second order is cancelled.
    let mut history: Vec<(Uuid, Vec<NaiveDate>)> = Vec::new();
    let n = 60;
    for k in 0..n {
        let id = s
            .customers_mut()
            .create(&draft(&format!("客户{k}")))
            .unwrap()
            .id;
        let first = day("2026-01-01") + chrono::Duration::days((k % 40) as i64);
        let step = (k % 7 + 5) as i64;
        let count = if k < 3 { 4 } else { 1 + k % 2 };
        let mut dates = Vec::new();
        for i in 0..count {
            let on = first + chrono::Duration::days(step * i as i64);
            let cancelled = k == n - 1 && i == 1;
            let o = order(
                &mut s,
                id,
                &on.format("%Y-%m-%d").to_string(),
                vec![line(p, "1", "10", "", "")],
                true,
            );
            if cancelled {
                s.orders_mut().action(o, OrderAction::Cancel, None).unwrap();
            } else {
                dates.push(on);
            }
        }
        history.push((id, dates));
    }
    let check = |as_of: &str| {
        let period = Period::year_to(day(as_of));
        let acts = s.analytics().customer_activity(&period, "CNY").unwrap();
        for (id, dates) in &history {
            let got = acts.iter().find(|a| a.customer_id == *id).unwrap();
            assert_eq!(
                got.lifecycle,
                computed_lifecycle(dates, period.as_of),
                "customer {id} as of {as_of}"
            );
        }
    };
    // After every order: the rhythm. On 7 February a few customers have orders after it
    // (read one by one); on 20 January about half (one pass), and before every order all.
    check("2026-12-31");
    check("2026-02-07");
    check("2026-01-20");
    check("2025-12-31");
}
