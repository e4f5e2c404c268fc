//! The dashboard, the lost-customer list and one customer's figures on a known November
//! (the fixture [`world`] serves `values.rs` too):
//! every figure checked by hand, for everyone and cut by a segment, beside October.

use std::str::FromStr;
use std::sync::{Arc, Mutex};

use chainbook_core::analytics::abc::AbcTier;
use chainbook_core::complaint::{ComplaintAction, FeedbackDraft, ResolutionDraft};
use chainbook_core::customer::Lifecycle;
use chainbook_core::order::{OrderDraft, ShipmentDraft};
use chainbook_core::product::{MovementDraft, ProductDraft};
use chainbook_core::purchase::{PoAction, PoDraft, PoLineDraft, ReceiptLineDraft};
use chainbook_core::segment::CustomerFilter;
use chainbook_core::supplier::SupplierDraft;
use chainbook_core::survey::SurveyDraft;
use chainbook_store::analytics::{DashboardQuery, Period};
use chainbook_store::Store;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::{draft, fresh, line};

fn at(t: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(t).unwrap().with_timezone(&Utc)
}

pub(crate) fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub(crate) fn money(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// A confirmed order of `qty` × `price` dated `on`.
pub(crate) fn sale(
    s: &mut Store,
    customer: Uuid,
    product: Uuid,
    on: &str,
    qty: &str,
    price: &str,
) -> Uuid {
    let o = s
        .orders_mut()
        .create(&OrderDraft {
            customer_id: customer,
            ordered_on: on.into(),
            lines: vec![line(product, qty, price, "", "")],
            ..Default::default()
        })
        .unwrap();
    s.orders_mut().confirm(o.id, true, true).unwrap();
    o.id
}

fn survey(s: &mut Store, customer: Uuid, on: &str, nps: Option<i64>, csat: Option<i64>) {
    s.surveys_mut()
        .add(&SurveyDraft {
            customer_id: Some(customer),
            nps,
            csat,
            channel: "phone".into(),
            responded_on: on.into(),
            ..Default::default()
        })
        .unwrap();
}

pub(crate) struct World {
    pub(crate) _dir: tempfile::TempDir,
    pub(crate) s: Store,
    pub(crate) a: Uuid,
    pub(crate) b: Uuid,
    pub(crate) c: Uuid,
    pub(crate) segment: Uuid,
}

/// A (tag 重品质) buys 100.00 on Nov 5 and 50.00 on Nov 20 and 80.00 on Oct 15; B (tag
/// 价格敏感, the segment) 200.00 on Nov 10; C once, in June 2025. Surveys, complaints,
/// stock and a purchase order as the test below says.
pub(crate) fn world() -> World {
    let (_dir, mut s) = fresh();
    let now = Arc::new(Mutex::new(at("2025-06-01T08:00:00Z")));
    let clock = now.clone();
    s.set_clock(Box::new(move || *clock.lock().unwrap()));
    let set = |t: &str| *now.lock().unwrap() = at(t);

    let p = s
        .products_mut()
        .create(&ProductDraft {
            sku: "P-1".into(),
            name: "阀门".into(),
            unit: "件".into(),
            currency: "CNY".into(),
            price: "100".into(),
            cost: "2.00".into(),
            active: true,
            ..Default::default()
        })
        .unwrap()
        .id;
    s.stock_mut()
        .record(&MovementDraft {
            product_id: p,
            kind: "receipt".into(),
            quantity: "100".into(),
            ..Default::default()
        })
        .unwrap();
    let a = s.customers_mut().create(&draft("甲")).unwrap().id;
    let mut bd = draft("乙");
    bd.tags = vec!["价格敏感".into()];
    let b = s.customers_mut().create(&bd).unwrap().id;
    let c = s.customers_mut().create(&draft("丙")).unwrap().id;
    sale(&mut s, c, p, "2025-06-01", "1", "300");

    set("2026-10-15T08:00:00Z");
    sale(&mut s, a, p, "2026-10-15", "1", "80");
    survey(&mut s, b, "2026-10-20", Some(9), None);

    set("2026-11-05T08:00:00Z");
    let first = sale(&mut s, a, p, "2026-11-05", "1", "100");
    set("2026-11-06T08:00:00Z");
    let l = s.orders().get(first).unwrap().lines[0].id;
    s.orders_mut()
        .ship(
            first,
            &ShipmentDraft {
                shipped_on: "2026-11-06".into(),
                lines: vec![(l, "1".into())],
                ..Default::default()
            },
        )
        .unwrap();
    set("2026-11-10T08:00:00Z");
    sale(&mut s, b, p, "2026-11-10", "1", "200");
    set("2026-11-20T08:00:00Z");
    sale(&mut s, a, p, "2026-11-20", "1", "50");

    survey(&mut s, a, "2026-11-05", Some(10), Some(5));
    survey(&mut s, b, "2026-11-12", Some(8), Some(3));
    survey(&mut s, a, "2026-11-25", Some(3), None);

    // A's complaint (high: respond in 8 h, resolve in 3 days): answered after 2 h and
    // resolved after 24 h. B's: never answered, so missed by the end of November.
    let carrier = s
        .suppliers_mut()
        .create(&SupplierDraft {
            code: "SF".into(),
            name: "顺丰速运".into(),
            kind: "logistics".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let complaint = |customer| FeedbackDraft {
        kind: "complaint".into(),
        customer_id: Some(customer),
        channel: "phone".into(),
        category: "damaged".into(),
        severity: "high".into(),
        description: "外箱破损".into(),
        ..Default::default()
    };
    set("2026-11-03T10:00:00Z");
    let ca = s.complaints_mut().open(&complaint(a)).unwrap().id;
    set("2026-11-03T12:00:00Z");
    s.complaints_mut()
        .action(ca, ComplaintAction::Acknowledge, "已致电")
        .unwrap();
    s.complaints_mut()
        .set_resolution(
            ca,
            &ResolutionDraft {
                root_cause: "carrier_damage".into(),
                supplier_id: Some(carrier),
                resolution: "补发".into(),
                ..Default::default()
            },
        )
        .unwrap();
    set("2026-11-04T10:00:00Z");
    s.complaints_mut()
        .action(ca, ComplaintAction::Resolve, "")
        .unwrap();
    set("2026-11-20T10:00:00Z");
    s.complaints_mut().open(&complaint(b)).unwrap();

    // A purchase order with two lines due in November: 10 on time with 2 rejected, 10 of
    // which only 4 arrived by the due date.
    let supplier = s
        .suppliers_mut()
        .create(&SupplierDraft {
            code: "S-01".into(),
            name: "供应商".into(),
            status: "approved".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let po_line = |due: &str| PoLineDraft {
        product_id: p,
        quantity: "10".into(),
        unit_price: "1.50".into(),
        expected_on: due.into(),
    };
    let po = s
        .purchasing_mut()
        .create(&PoDraft {
            supplier_id: supplier,
            currency: "CNY".into(),
            notes: String::new(),
            lines: vec![po_line("2026-11-10"), po_line("2026-11-20")],
        })
        .unwrap();
    s.purchasing_mut().action(po.id, PoAction::Send).unwrap();
    let receipt = |line: usize, ok: &str, bad: &str| {
        vec![ReceiptLineDraft {
            po_line_id: po.lines[line].id,
            received: ok.into(),
            rejected: bad.into(),
        }]
    };
    set("2026-11-09T08:00:00Z");
    s.purchasing_mut()
        .receive(po.id, "2026-11-09", &receipt(0, "8", "2"), false)
        .unwrap();
    s.purchasing_mut()
        .receive(po.id, "2026-11-09", &receipt(1, "4", "0"), false)
        .unwrap();

    let segment = s
        .segments_mut()
        .create(
            "价格敏感",
            CustomerFilter {
                tags: vec!["价格敏感".into()],
                ..Default::default()
            },
        )
        .unwrap()
        .id;
    set("2026-12-06T08:00:00Z");
    World {
        _dir,
        s,
        a,
        b,
        c,
        segment,
    }
}

pub(crate) fn november(segment: Option<Uuid>) -> DashboardQuery {
    DashboardQuery {
        period: Period {
            from: Some(day("2026-11-01")),
            as_of: day("2026-11-30"),
        },
        currency: "CNY".into(),
        segment,
    }
}

#[test]
fn every_dashboard_figure_of_a_known_month() {
    let w = world();
    let d = w.s.analytics().dashboard(&november(None)).unwrap();
    let now = &d.current;
    assert_eq!(
        (now.revenue, now.orders, now.buyers),
        (money("350.00"), 3, 2)
    );
    assert_eq!(now.repurchase_rate, Some(0.5));
    // October 2 – 31: A's 80.00.
    assert_eq!(
        d.previous_period,
        Some(Period {
            from: Some(day("2026-10-02")),
            as_of: day("2026-10-31"),
        })
    );
    let before = d.previous.as_ref().unwrap();
    assert_eq!((before.revenue, before.orders), (money("80.00"), 1));
    assert_eq!(before.satisfaction.nps, Some(money("100.0")));
    assert_eq!(
        d.revenue_by_month
            .iter()
            .map(|m| (m.month.as_str(), m.revenue))
            .collect::<Vec<_>>(),
        vec![("2026-11", money("350.00"))]
    );

    // NPS 10, 8, 3: one of each, 0; CSAT 5 and 3: half satisfied.
    let sat = now.satisfaction;
    assert_eq!((sat.promoters, sat.passives, sat.detractors), (1, 1, 1));
    assert_eq!(sat.nps, Some(money("0.0")));
    assert_eq!((sat.csat, sat.csat_responses), (Some(money("50.0")), 2));
    assert_eq!(d.nps_by_month.len(), 1);

    // Complaints: A's answered in 2 h, resolved in 24 h, within its SLA; B's missed.
    let svc = now.service;
    assert_eq!(svc.opened, 2);
    assert_eq!(svc.first_response_hours.map(|h| h.median), Some(2.0));
    assert_eq!(svc.resolution_hours.map(|h| h.median), Some(24.0));
    assert_eq!(
        (svc.sla_decided, svc.sla_met, svc.sla_compliance),
        (2, 1, Some(0.5))
    );

    // Stock: 100 held at 2.00 from 2025; one shipped on Nov 6 (C's and A's other orders were
    // never shipped): COGS 2.00 on an average of (200 + 198) ÷ 2 = 199.00 (the 12 received
    // on Nov 9 raise the end to 111 × 2 = 222: (200 + 222) ÷ 2 = 211.00).
    let (sup, sup_before) = w.s.analytics().supply(&november(None).period).unwrap();
    assert_eq!(
        sup_before.map(|k| k.po_lines_due),
        Some(0),
        "nothing was due in October"
    );
    assert_eq!(sup.cogs, money("2.00"));
    assert_eq!(sup.average_inventory_value, money("211.00"));
    let (turns, days) = sup.turnover.unwrap();
    assert!((turns - 2.0 / 211.0).abs() < 1e-12);
    assert!((days - 211.0 * 30.0 / 2.0).abs() < 1e-9);
    // Purchase lines due in November: one complete by its date (8 + 2 rejected of 10), one not.
    assert_eq!(
        (sup.po_lines_due, sup.po_lines_on_time, sup.supplier_on_time),
        (2, 1, Some(0.5))
    );
    // 2 rejected of 14 received: 142,857 per million.
    assert_eq!((sup.received_milli, sup.rejected_milli), (14_000, 2_000));
    assert!((sup.defects_per_million.unwrap() - 2.0 / 14.0 * 1e6).abs() < 1e-6);

    // Tiers: A 150.00 of 350.00 (second, 100 %: C)… B 200.00 first (57 %: A).
    let tier = |t: AbcTier| d.tiers.iter().find(|x| x.tier == t).unwrap();
    assert_eq!(
        (tier(AbcTier::A).customers, tier(AbcTier::A).revenue),
        (1, money("200.00"))
    );
    assert_eq!(
        (tier(AbcTier::C).customers, tier(AbcTier::C).revenue),
        (2, money("150.00"))
    );
    assert_eq!(d.pareto.first(), Some(&(0.0, 0.0)));
    assert_eq!(d.pareto.last(), Some(&(1.0, 1.0)));
    assert_eq!(d.rfm_grid.len(), 25);
    assert_eq!(d.rfm_grid.iter().map(|c| c.customers).sum::<u64>(), 2);
    // C's only order is 548 days old: lost. A and B bought within 90 days of their first
    // order? A first bought in October (46 days): new; B too.
    let stage = |l: Lifecycle| d.lifecycle.iter().find(|(s, _)| *s == l).unwrap().1;
    assert_eq!((stage(Lifecycle::New), stage(Lifecycle::Lost)), (2, 1));
}

#[test]
fn a_segment_cuts_every_customer_figure() {
    let w = world();
    let d =
        w.s.analytics()
            .dashboard(&november(Some(w.segment)))
            .unwrap();
    let now = &d.current;
    assert_eq!(
        (now.revenue, now.orders, now.buyers),
        (money("200.00"), 1, 1)
    );
    assert_eq!(now.repurchase_rate, Some(0.0));
    assert_eq!(
        (
            now.satisfaction.passives,
            now.satisfaction.promoters,
            now.satisfaction.nps
        ),
        (1, 0, Some(money("0.0")))
    );
    assert_eq!(
        (now.service.opened, now.service.sla_compliance),
        (1, Some(0.0))
    );
    assert_eq!(d.previous.as_ref().unwrap().revenue, Decimal::ZERO);
    assert_eq!(
        d.previous.as_ref().unwrap().satisfaction.promoters,
        1,
        "B's October answer"
    );
    assert_eq!(d.tiers.iter().map(|t| t.customers).sum::<u64>(), 1);
    // A segment that is gone is an error, not everyone.
    assert!(w
        .s
        .analytics()
        .dashboard(&november(Some(Uuid::nil())))
        .is_err());
}

#[test]
fn lost_customers_and_one_customers_figures() {
    let w = world();
    let q = november(None);
    let page = w.s.analytics().slipping(&q, None, 0, 50).unwrap();
    assert_eq!(page.total, 1);
    let lost = &page.items[0];
    assert_eq!(lost.value.activity.customer_id, w.c);
    let l = lost.value.lifecycle.as_ref().unwrap();
    assert_eq!((l.stage, l.days_since_last), (Lifecycle::Lost, 547));
    assert_eq!(
        lost.recent_orders,
        vec![(day("2025-06-01"), money("300.00"))]
    );
    assert!(lost.last_complaint.is_none() && lost.last_nps.is_none());
    assert_eq!(
        w.s.analytics()
            .slipping(&q, Some(Lifecycle::AtRisk), 0, 50)
            .unwrap()
            .total,
        0
    );
    assert!(w.s.analytics().slipping(&q, None, 0, 0).is_err());

    // A: last NPS 3 (Nov 25), last CSAT 5 (Nov 5): subjective (30 + 100) ÷ 2 = 65.
    let me =
        w.s.analytics()
            .customer_insight(&q.period, w.a, 0.5)
            .unwrap()
            .unwrap();
    assert_eq!(me.loyalty.subjective, Some(65.0));
    assert_eq!(
        (me.loyalty_input.nps, me.loyalty_input.csat),
        (Some(3), Some(5))
    );
    assert_eq!(me.value.activity.orders, 2);
    assert_eq!(me.ranked, 3);
    let b =
        w.s.analytics()
            .customer_insight(&q.period, w.b, 0.5)
            .unwrap()
            .unwrap();
    assert_eq!((b.value.tier, b.value.rank), (AbcTier::A, 1));
    assert!(w
        .s
        .analytics()
        .customer_insight(&q.period, Uuid::nil(), 0.5)
        .unwrap()
        .is_none());
}

/// The survey answers behind NPS and CSAT: a period's answers newest first, paged, and one
/// NPS group's alone, as many as the figures count.
#[test]
fn the_survey_answers_of_a_period_and_of_one_nps_group() {
    use chainbook_core::survey::NpsGroup;
    use chainbook_store::surveys::SurveyQuery;
    let (_d, mut s) = fresh();
    let c = s.customers_mut().create(&draft("宏达")).unwrap().id;
    for (on, nps, csat) in [
        ("2026-10-31", Some(10), None), // before the period
        ("2026-11-01", Some(9), Some(5)),
        ("2026-11-03", Some(6), Some(2)),
        ("2026-11-03", Some(8), None),
        ("2026-11-10", None, Some(4)), // CSAT only
        ("2026-11-20", Some(0), Some(1)),
    ] {
        survey(&mut s, c, on, nps, csat);
    }
    let q = |page: u32, page_size: u32, nps_group: Option<NpsGroup>| SurveyQuery {
        page,
        page_size,
        from: Some("2026-11-01".parse().unwrap()),
        to: Some("2026-11-30".parse().unwrap()),
        nps_group,
    };
    let all = s.surveys().list(&q(0, 50, None)).unwrap();
    assert_eq!(all.total, 5);
    let days: Vec<String> = all
        .items
        .iter()
        .map(|r| r.response.responded_on.to_string())
        .collect();
    assert_eq!(
        days,
        [
            "2026-11-20",
            "2026-11-10",
            "2026-11-03",
            "2026-11-03",
            "2026-11-01"
        ]
    );
    assert_eq!(all.items[0].customer_name, "宏达");
    let second = s.surveys().list(&q(1, 2, None)).unwrap();
    assert_eq!((second.total, second.items.len()), (5, 2));
    let figures = s
        .surveys()
        .satisfaction(
            None,
            "2026-11-01".parse().unwrap(),
            "2026-11-30".parse().unwrap(),
        )
        .unwrap();
    let group = |g| s.surveys().list(&q(0, 50, Some(g))).unwrap().total;
    assert_eq!(
        (
            group(NpsGroup::Promoter),
            group(NpsGroup::Passive),
            group(NpsGroup::Detractor)
        ),
        (1, 1, 2)
    );
    assert_eq!(
        group(NpsGroup::Promoter) + group(NpsGroup::Passive) + group(NpsGroup::Detractor),
        u64::from(figures.nps_responses)
    );
    let e = s.surveys().list(&q(0, 0, None)).unwrap_err();
    assert!(
        matches!(e, chainbook_store::StoreError::Invalid(_)),
        "{e:?}"
    );
}

/// The dashboard is kept until the next write: asked again it is the same, and any write
/// (here one more survey answer in the month) gives the new figures at once.
#[test]
fn the_dashboard_is_kept_until_the_next_write() {
    let mut w = world();
    let first = w.s.analytics().dashboard(&november(None)).unwrap();
    // Other computed results in between (the values of another period, the plan) keep it.
    let _ =
        w.s.analytics()
            .dashboard(&november(Some(w.segment)))
            .unwrap();
    assert_eq!(w.s.analytics().dashboard(&november(None)).unwrap(), first);
    let detractors = first.current.satisfaction.detractors;
    survey(&mut w.s, w.b, "2026-11-25", Some(0), None);
    let after = w.s.analytics().dashboard(&november(None)).unwrap();
    assert_eq!(after.current.satisfaction.detractors, detractors + 1);
    assert_ne!(
        after.current.satisfaction.nps,
        first.current.satisfaction.nps
    );
}

/// The currencies customers buy in are kept between reads and follow the next write at once:
/// most customers' first, then by code.
#[test]
fn the_currencies_follow_a_new_customer_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = chainbook_store::Store::open(&dir.path().join("c.db")).unwrap();
    assert!(s.analytics().currencies().unwrap().is_empty());
    s.customers_mut().create(&crate::draft("甲公司")).unwrap();
    assert_eq!(s.analytics().currencies().unwrap(), ["CNY"]);
    for name in ["Nordic A", "Nordic B"] {
        let mut d = crate::draft(name);
        d.currency = "EUR".into();
        s.customers_mut().create(&d).unwrap();
    }
    assert_eq!(s.analytics().currencies().unwrap(), ["EUR", "CNY"]);
    assert_eq!(s.analytics().currencies().unwrap(), ["EUR", "CNY"]);
    let usd = {
        let mut d = crate::draft("Pacific");
        d.currency = "USD".into();
        s.customers_mut().create(&d).unwrap()
    };
    assert_eq!(s.analytics().currencies().unwrap(), ["EUR", "CNY", "USD"]);
    s.customers_mut().delete(usd.id).unwrap();
    assert_eq!(s.analytics().currencies().unwrap(), ["EUR", "CNY"]);
}
