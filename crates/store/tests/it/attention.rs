//! The home's "what needs attention today": each group read through its list's own rule.

use std::sync::{Arc, Mutex};

use chainbook_core::interaction::InteractionDraft;
use chainbook_core::order::OrderDraft;
use chainbook_core::product::ProductDraft;
use chainbook_core::purchase::{PoAction, PoDraft, PoLineDraft};
use chainbook_core::supplier::SupplierDraft;
use chainbook_core::ErrorCode;
use chainbook_store::attention::{AttentionGroup, AttentionKind};
use chrono::{DateTime, NaiveDate, Utc};

use crate::{contracts, damaged_goods, draft, fresh, line, stopped_clock};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn group(all: &[AttentionGroup], kind: AttentionKind) -> &AttentionGroup {
    all.iter().find(|g| g.kind == kind).unwrap()
}

#[test]
fn every_group_lists_what_its_own_list_would() {
    let (_d, mut s) = fresh();
    let now: DateTime<Utc> = "2026-11-20T02:00:00Z".parse().unwrap();
    let clock = Arc::new(Mutex::new(now));
    let c = clock.clone();
    s.set_clock(Box::new(move || *c.lock().unwrap()));

    let customer = s
        .customers_mut()
        .create(&draft("深圳华为技术有限公司"))
        .unwrap();
    let other = s.customers_mut().create(&draft("北京小米科技")).unwrap();
    // A follow-up due on the 21st (overdue on the 23rd), one on the 23rd, one later.
    for (who, follow_up) in [
        (customer.id, "2026-11-21"),
        (other.id, "2026-11-23"),
        (other.id, "2026-11-30"),
    ] {
        s.interactions_mut()
            .add(&InteractionDraft {
                customer_id: who,
                contact_id: None,
                kind: "call".into(),
                occurred_at: "2026-11-20T09:00:00+08:00".into(),
                summary: "询价".into(),
                outcome: String::new(),
                follow_up_on: follow_up.into(),
            })
            .unwrap();
    }
    let bolt = s
        .products_mut()
        .create(&ProductDraft {
            sku: "BOLT-M8".into(),
            name: "六角螺栓".into(),
            unit: "件".into(),
            currency: "CNY".into(),
            safety_stock: "50".into(),
            reorder_point: "80".into(),
            active: true,
            ..Default::default()
        })
        .unwrap();
    // Stocked well above its reorder point: never listed.
    crate::product(&mut s, "NUT-M8", "1", "500");
    // Promised for the 22nd: late on the 23rd. One promised later is not.
    let late = s
        .orders_mut()
        .create(&OrderDraft {
            customer_id: customer.id,
            promised_on: "2026-11-22".into(),
            lines: vec![line(bolt.id, "1", "2", "", "")],
            ..Default::default()
        })
        .unwrap();
    s.orders_mut()
        .create(&OrderDraft {
            customer_id: customer.id,
            promised_on: "2026-12-22".into(),
            lines: vec![line(bolt.id, "1", "2", "", "")],
            ..Default::default()
        })
        .unwrap();
    let sup = s
        .suppliers_mut()
        .create(&SupplierDraft {
            code: "GYS-1".into(),
            name: "宁波紧固件厂".into(),
            status: "approved".into(),
            ..Default::default()
        })
        .unwrap();
    let po = |expected: &str| PoDraft {
        supplier_id: sup.id,
        currency: "CNY".into(),
        notes: String::new(),
        lines: vec![PoLineDraft {
            product_id: bolt.id,
            quantity: "10".into(),
            unit_price: "0.85".into(),
            expected_on: expected.into(),
        }],
    };
    // Sent and expected on the 21st: late. A draft expected then is not an order yet.
    let late_po = s.purchasing_mut().create(&po("2026-11-21")).unwrap();
    s.purchasing_mut()
        .action(late_po.id, PoAction::Send)
        .unwrap();
    s.purchasing_mut().create(&po("2026-11-21")).unwrap();
    let on_time = s.purchasing_mut().create(&po("2026-12-01")).unwrap();
    s.purchasing_mut()
        .action(on_time.id, PoAction::Send)
        .unwrap();
    contracts(
        &mut s,
        sup.id,
        &[("年度框架", "2026-12-10"), ("远期", "2027-06-30")],
    );
    let complaint = damaged_goods(&mut s, customer.id);

    // Three days on: the complaint's first response is long overdue.
    *clock.lock().unwrap() = "2026-11-23T02:00:00Z".parse().unwrap();
    let all = s.attention(day("2026-11-23"), 5).unwrap();
    assert_eq!(
        all.iter().map(|g| g.kind).collect::<Vec<_>>(),
        AttentionKind::ALL
    );

    let f = group(&all, AttentionKind::FollowUps);
    assert_eq!(f.count, 2);
    assert_eq!(
        f.lines.iter().map(|l| (l.id, l.date)).collect::<Vec<_>>(),
        [
            (customer.id, Some(day("2026-11-21"))),
            (other.id, Some(day("2026-11-23")))
        ]
    );
    let k = group(&all, AttentionKind::Complaints);
    assert_eq!((k.count, k.lines[0].id), (1, complaint.id));
    assert_eq!(k.lines[0].code, complaint.number);
    let o = group(&all, AttentionKind::LateOrders);
    assert_eq!((o.count, o.lines[0].id), (1, late.id));
    assert_eq!(o.lines[0].date, Some(day("2026-11-22")));
    let p = group(&all, AttentionKind::LatePurchaseOrders);
    assert_eq!((p.count, p.lines[0].id), (1, late_po.id));
    assert_eq!(p.lines[0].name, "宁波紧固件厂");
    let r = group(&all, AttentionKind::Reorder);
    assert_eq!(r.count, 1);
    assert_eq!(
        (r.lines[0].id, r.lines[0].code.as_str()),
        (bolt.id, "BOLT-M8")
    );
    assert_eq!(r.lines[0].values[1], "80", "the reorder point");
    let c = group(&all, AttentionKind::Contracts);
    assert_eq!(c.count, 1);
    assert_eq!(
        (c.lines[0].id, c.lines[0].name.as_str()),
        (sup.id, "年度框架")
    );

    // Fewer lines, the same counts.
    let one = s.attention(day("2026-11-23"), 1).unwrap();
    assert_eq!(group(&one, AttentionKind::FollowUps).lines.len(), 1);
    assert_eq!(group(&one, AttentionKind::FollowUps).count, 2);

    // Completing the overdue follow-up drops it.
    let due = s
        .interactions()
        .follow_ups(
            chainbook_core::interaction::FollowUpRange::Overdue,
            day("2026-11-23"),
        )
        .unwrap();
    s.interactions_mut()
        .complete_follow_up(due[0].interaction.id, "已回电")
        .unwrap();
    let after = s.attention(day("2026-11-23"), 5).unwrap();
    assert_eq!(group(&after, AttentionKind::FollowUps).count, 1);
}

#[test]
fn an_empty_book_needs_nothing_and_bad_limits_are_refused() {
    let (_d, s) = fresh();
    let all = s.attention(day("2026-11-23"), 5).unwrap();
    assert!(all.iter().all(|g| g.count == 0 && g.lines.is_empty()));
    for lines in [0, 21] {
        let e = s.attention(day("2026-11-23"), lines).unwrap_err();
        assert_eq!(
            (e.code(), e.field()),
            (ErrorCode::OutOfRange, Some("lines"))
        );
    }
}

/// Near their SLA: open, not late yet, the next deadline within a day; a missed deadline moves
/// a complaint to the breached group, a response moves its deadline to the resolution's.
#[test]
fn complaints_near_their_sla_until_they_are_late() {
    let (_d, mut s) = fresh();
    let clock = stopped_clock(&mut s, "2026-11-20T02:00:00Z");
    let customer = s
        .customers_mut()
        .create(&draft("深圳华为技术有限公司"))
        .unwrap();
    // High: respond within 8 hours, resolve within 3 days.
    let complaint = damaged_goods(&mut s, customer.id);
    let at = |s: &chainbook_store::Store| {
        let all = s.attention(day("2026-11-20"), 5).unwrap();
        (
            group(&all, AttentionKind::ComplaintsDueSoon).clone(),
            group(&all, AttentionKind::Complaints).count,
        )
    };
    let (soon, breached) = at(&s);
    assert_eq!((soon.count, breached), (1, 0));
    assert_eq!(soon.lines[0].id, complaint.id);
    assert_eq!(soon.lines[0].date, Some(day("2026-11-20")));
    assert_eq!(
        soon.lines[0].values,
        ["2026-11-20T10:00:00.000Z"],
        "the response deadline"
    );

    // Nine hours on, no response: breached, no longer "near".
    *clock.lock().unwrap() = "2026-11-20T11:00:00Z".parse().unwrap();
    let (soon, breached) = at(&s);
    assert_eq!((soon.count, breached), (0, 1));

    // Responded in time instead: the resolution is due in three days, not near yet; a day
    // before it, near again.
    *clock.lock().unwrap() = "2026-11-20T03:00:00Z".parse().unwrap();
    s.complaints_mut()
        .action(
            complaint.id,
            chainbook_core::complaint::ComplaintAction::Acknowledge,
            "",
        )
        .unwrap();
    let (soon, breached) = at(&s);
    assert_eq!((soon.count, breached), (0, 0));
    *clock.lock().unwrap() = "2026-11-22T03:00:00Z".parse().unwrap();
    let (soon, breached) = at(&s);
    assert_eq!((soon.count, breached), (1, 0));
    assert_eq!(
        soon.lines[0].values,
        ["2026-11-23T02:00:00.000Z"],
        "the resolution deadline"
    );
}
