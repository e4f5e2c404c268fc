//! Desktop notifications: off until chosen, each record told once, new facts told again.

use chainbook_core::interaction::{FollowUpRange, InteractionDraft};
use chainbook_core::product::{MovementDraft, ProductDraft};
use chainbook_core::supplier::SupplierDraft;
use chainbook_core::ErrorCode;
use chainbook_store::notify::{Notice, NoticeKind, NotifyPrefs};
use chrono::NaiveDate;

use crate::{contracts, damaged_goods, draft, follow_up, fresh, stopped_clock};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn kinds(notices: &[Notice]) -> Vec<(NoticeKind, usize)> {
    notices.iter().map(|n| (n.kind, n.total)).collect()
}

fn on() -> NotifyPrefs {
    NotifyPrefs {
        enabled: true,
        ..Default::default()
    }
}

#[test]
fn each_record_is_told_once_and_a_new_fact_is_told_again() {
    let (_d, mut s) = fresh();
    let clock = stopped_clock(&mut s, "2026-11-20T02:00:00Z");

    let customer = s
        .customers_mut()
        .create(&draft("深圳华为技术有限公司"))
        .unwrap();
    follow_up(&mut s, customer.id, "2026-11-21");
    follow_up(&mut s, customer.id, "2026-11-30");
    // Safety stock 50, nothing on hand: low.
    let bolt = s
        .products_mut()
        .create(&ProductDraft {
            sku: "BOLT-M8".into(),
            name: "六角螺栓".into(),
            unit: "件".into(),
            currency: "CNY".into(),
            safety_stock: "50".into(),
            active: true,
            ..Default::default()
        })
        .unwrap();
    // No safety stock, nothing on hand: never low.
    crate::product(&mut s, "NUT-M8", "1", "0");
    let sup = s
        .suppliers_mut()
        .create(&SupplierDraft {
            code: "GYS-1".into(),
            name: "宁波紧固件厂".into(),
            status: "approved".into(),
            ..Default::default()
        })
        .unwrap();
    contracts(
        &mut s,
        sup.id,
        &[("年度框架", "2026-12-10"), ("远期", "2027-06-30")],
    );
    let complaint = damaged_goods(&mut s, customer.id);
    *clock.lock().unwrap() = "2026-11-23T02:00:00Z".parse().unwrap();
    let today = day("2026-11-23");

    // Off (the default): nothing, and nothing remembered.
    assert_eq!(s.notify_prefs().unwrap(), NotifyPrefs::default());
    assert!(!s.notify_prefs().unwrap().enabled);
    assert!(s.take_notices(today).unwrap().is_empty());

    s.set_notify_prefs(&on()).unwrap();
    let first = s.take_notices(today).unwrap();
    assert_eq!(
        kinds(&first),
        [
            (NoticeKind::FollowUps, 1),
            (NoticeKind::SlaBreaches, 1),
            (NoticeKind::Contracts, 1),
            (NoticeKind::LowStock, 1),
        ]
    );
    let f = &first[0].items[0];
    assert_eq!((f.id, f.date), (customer.id, Some(day("2026-11-21"))));
    assert_eq!(first[1].items[0].id, complaint.id);
    assert_eq!(first[1].items[0].code, complaint.number);
    assert_eq!(
        (first[2].items[0].id, first[2].items[0].name.as_str()),
        (sup.id, "年度框架")
    );
    assert_eq!(
        (first[3].items[0].id, first[3].items[0].code.as_str()),
        (bolt.id, "BOLT-M8")
    );

    // The next check: all told already.
    assert!(s.take_notices(today).unwrap().is_empty());

    // A new follow-up due: only it. Restocking the product takes it off the list.
    follow_up(&mut s, customer.id, "2026-11-23");
    s.stock_mut()
        .record(&MovementDraft {
            product_id: bolt.id,
            kind: "receipt".into(),
            quantity: "60".into(),
            ..Default::default()
        })
        .unwrap();
    let next = s.take_notices(today).unwrap();
    assert_eq!(kinds(&next), [(NoticeKind::FollowUps, 1)]);
    assert_eq!(next[0].items[0].date, Some(today));

    // Running low again is news again.
    s.stock_mut()
        .record(&MovementDraft {
            product_id: bolt.id,
            kind: "adjustment".into(),
            quantity: "-55".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        kinds(&s.take_notices(today).unwrap()),
        [(NoticeKind::LowStock, 1)]
    );

    // The overdue follow-up moved to the 25th: due again on that day.
    let overdue = s
        .interactions()
        .follow_ups(FollowUpRange::Overdue, today)
        .unwrap();
    assert_eq!(overdue.len(), 1);
    s.interactions_mut()
        .complete_follow_up(overdue[0].interaction.id, "已回电")
        .unwrap();
    assert!(s.take_notices(today).unwrap().is_empty());
    follow_up(&mut s, customer.id, "2026-11-25");
    let later = day("2026-11-25");
    assert_eq!(
        kinds(&s.take_notices(later).unwrap()),
        [(NoticeKind::FollowUps, 1)],
        "only the follow-up due on the 25th is new: the 23rd's was told"
    );

    // A kind turned off says nothing; turning everything off forgets, so on again tells all.
    s.set_notify_prefs(&NotifyPrefs {
        enabled: true,
        follow_ups: false,
        ..Default::default()
    })
    .unwrap();
    assert!(s.take_notices(later).unwrap().is_empty());
    s.set_notify_prefs(&NotifyPrefs::default()).unwrap();
    s.set_notify_prefs(&on()).unwrap();
    assert_eq!(
        kinds(&s.take_notices(later).unwrap()),
        [
            (NoticeKind::FollowUps, 2),
            (NoticeKind::SlaBreaches, 1),
            (NoticeKind::Contracts, 1),
            (NoticeKind::LowStock, 1),
        ]
    );
}

#[test]
fn many_new_records_make_one_notice_naming_the_first_three() {
    let (_d, mut s) = fresh();
    let today = s.now().date_naive();
    let at = s.now().to_rfc3339();
    for i in 0..5 {
        let c = s
            .customers_mut()
            .create(&draft(&format!("客户{i}")))
            .unwrap();
        s.interactions_mut()
            .add(&InteractionDraft {
                customer_id: c.id,
                contact_id: None,
                kind: "call".into(),
                occurred_at: at.clone(),
                summary: "回访".into(),
                outcome: String::new(),
                follow_up_on: today.to_string(),
            })
            .unwrap();
    }
    s.set_notify_prefs(&on()).unwrap();
    let n = s.take_notices(today).unwrap();
    assert_eq!(kinds(&n), [(NoticeKind::FollowUps, 5)]);
    assert_eq!(n[0].items.len(), chainbook_store::notify::NAMED_MAX);
}

#[test]
fn on_with_no_kind_is_refused_and_changes_nothing() {
    let (_d, mut s) = fresh();
    s.set_notify_prefs(&on()).unwrap();
    let none = NotifyPrefs {
        enabled: true,
        follow_ups: false,
        sla_breaches: false,
        contracts: false,
        low_stock: false,
    };
    let e = s.set_notify_prefs(&none).unwrap_err();
    assert_eq!((e.code(), e.field()), (ErrorCode::Required, Some("kinds")));
    assert_eq!(s.notify_prefs().unwrap(), on());
    // Off with no kind is fine: nothing is claimed.
    s.set_notify_prefs(&NotifyPrefs {
        enabled: false,
        ..none
    })
    .unwrap();
}
