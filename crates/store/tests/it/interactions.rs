//! Interactions, follow-ups and the timeline.

use chainbook_core::contact::ContactDraft;
use chainbook_core::customer::CustomerDraft;
use chainbook_core::interaction::{FollowUpRange, InteractionDraft};
use chainbook_core::ErrorCode;
use chainbook_store::TimelineEntry;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::{draft, fresh};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn call(customer: Uuid, at: &str, follow_up: &str) -> InteractionDraft {
    InteractionDraft {
        customer_id: customer,
        contact_id: None,
        kind: "call".into(),
        occurred_at: at.into(),
        summary: "询价".into(),
        outcome: String::new(),
        follow_up_on: follow_up.into(),
    }
}

#[test]
fn follow_ups_by_range_and_completion() {
    let (_d, mut s) = fresh();
    let c = s
        .customers_mut()
        .create(&draft("深圳华为技术有限公司"))
        .unwrap();
    let today = day("2026-11-25"); // a Wednesday
    let overdue = s
        .interactions_mut()
        .add(&call(c.id, "2026-11-20T10:00:00+08:00", "2026-11-24"))
        .unwrap();
    let due_today = s
        .interactions_mut()
        .add(&call(c.id, "2026-11-24T10:00:00+08:00", "2026-11-25"))
        .unwrap();
    let friday = s
        .interactions_mut()
        .add(&call(c.id, "2026-11-24T11:00:00+08:00", "2026-11-27"))
        .unwrap();
    let next_week = s
        .interactions_mut()
        .add(&call(c.id, "2026-11-24T12:00:00+08:00", "2026-12-02"))
        .unwrap();
    s.interactions_mut()
        .add(&call(c.id, "2026-11-24T13:00:00+08:00", ""))
        .unwrap();
    fn ids(s: &chainbook_store::Store, r: FollowUpRange, today: NaiveDate) -> Vec<Uuid> {
        s.interactions()
            .follow_ups(r, today)
            .unwrap()
            .into_iter()
            .map(|f| f.interaction.id)
            .collect()
    }
    assert_eq!(ids(&s, FollowUpRange::Overdue, today), vec![overdue.id]);
    assert_eq!(ids(&s, FollowUpRange::Today, today), vec![due_today.id]);
    assert_eq!(
        ids(&s, FollowUpRange::ThisWeek, today),
        vec![due_today.id, friday.id]
    );
    assert_eq!(
        ids(&s, FollowUpRange::AllOpen, today),
        vec![overdue.id, due_today.id, friday.id, next_week.id]
    );
    let f = &s
        .interactions()
        .follow_ups(FollowUpRange::Today, today)
        .unwrap()[0];
    assert_eq!(f.customer_name, "深圳华为技术有限公司");

    let done = s
        .interactions_mut()
        .complete_follow_up(due_today.id, "已回电")
        .unwrap();
    assert!(done.follow_up_done_at.is_some());
    assert!(ids(&s, FollowUpRange::Today, today).is_empty());
    // Completing was one fact; completing again adds no second one.
    let last = crate::take_changes(&mut s);
    assert!(last
        .iter()
        .any(|c| c.table == "follow_up_done" && c.created_at.is_some()));
    s.interactions_mut()
        .complete_follow_up(due_today.id, "")
        .unwrap();
    assert_eq!(crate::log_len(&s), 0);
    // A deleted customer's follow-ups leave the list.
    s.customers_mut().delete(c.id).unwrap();
    assert!(ids(&s, FollowUpRange::AllOpen, today).is_empty());
}

#[test]
fn bad_interactions_write_nothing() {
    let (_d, mut s) = fresh();
    let c = s.customers_mut().create(&draft("A")).unwrap();
    let other = s
        .customers_mut()
        .create(&CustomerDraft {
            contacts: vec![ContactDraft {
                name: "X".into(),
                phone: "13800000000".into(),
                ..Default::default()
            }],
            ..draft("B")
        })
        .unwrap();
    let n = crate::log_len(&s);
    let e = s
        .interactions_mut()
        .add(&call(c.id, "2026-11-23T09:00:00+08:00", "2026-11-22"))
        .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::DateOrder, Some("follow_up_on"))
    );
    let e = s
        .interactions_mut()
        .add(&call(Uuid::nil(), "2026-11-23T09:00:00+08:00", ""))
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
    let foreign = s.customers().detail(other.id).unwrap().contacts[0].id;
    let e = s
        .interactions_mut()
        .add(&InteractionDraft {
            contact_id: foreign,
            ..call(c.id, "2026-11-23T09:00:00+08:00", "")
        })
        .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::NotFound, Some("contact_id"))
    );
    assert_eq!(crate::log_len(&s), n);
    let plain = s
        .interactions_mut()
        .add(&call(c.id, "2026-11-23T09:00:00+08:00", ""))
        .unwrap();
    let e = s.interactions_mut().complete_follow_up(plain.id, "");
    assert_eq!(
        e.unwrap_err().code(),
        ErrorCode::InvalidArgument,
        "no follow-up to complete"
    );
}

#[test]
fn timeline_is_newest_first_with_contact_names() {
    let (_d, mut s) = fresh();
    let c = s
        .customers_mut()
        .create(&CustomerDraft {
            contacts: vec![ContactDraft {
                name: "张伟".into(),
                phone: "13800138000".into(),
                ..Default::default()
            }],
            ..draft("A")
        })
        .unwrap();
    let contact = s.customers().detail(c.id).unwrap().contacts[0].id;
    s.interactions_mut()
        .add(&call(c.id, "2026-11-01T09:00:00+08:00", ""))
        .unwrap();
    s.interactions_mut()
        .add(&InteractionDraft {
            kind: "visit".into(),
            contact_id: contact,
            ..call(c.id, "2026-11-20T09:00:00+08:00", "2026-11-21")
        })
        .unwrap();
    let t = s.interactions().timeline(c.id, 10).unwrap();
    assert_eq!(t.len(), 2);
    let TimelineEntry::Interaction(first) = &t[0] else {
        panic!("expected an interaction first");
    };
    assert_eq!(first.kind.as_str(), "visit");
    assert_eq!(first.contact_name.as_deref(), Some("张伟"));
    assert!(t[0].at() > t[1].at());
    assert_eq!(s.interactions().timeline(c.id, 1).unwrap().len(), 1);
}
