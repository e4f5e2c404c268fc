//! Saved segments: CRUD, member counts, and filters that no longer parse.

use chainbook_core::customer::{Channel, CustomerDraft};
use chainbook_core::ErrorCode;
use chainbook_store::CustomerFilter;

use crate::{draft, fresh};

#[test]
fn create_list_count_update_delete() {
    let (_d, mut s) = fresh();
    for (n, ch) in [("A", "distributor"), ("B", "distributor"), ("C", "direct")] {
        s.customers_mut()
            .create(&CustomerDraft {
                channel: ch.into(),
                ..draft(n)
            })
            .unwrap();
    }
    let f = CustomerFilter {
        channels: vec![Channel::Distributor],
        ..Default::default()
    };
    let seg = s.segments_mut().create("经销商", f.clone()).unwrap();
    assert_eq!(seg.filter.as_ref().unwrap(), &f);
    assert_eq!(s.customers().count(&f).unwrap(), 2);
    let list = s.segments().list().unwrap();
    assert_eq!(list.len(), 1);
    let seg = s
        .segments_mut()
        .update(
            seg.id,
            "直销",
            CustomerFilter {
                channels: vec![Channel::Direct],
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(seg.name, "直销");
    assert_eq!(
        s.customers().count(seg.filter.as_ref().unwrap()).unwrap(),
        1
    );
    s.segments_mut().delete(seg.id).unwrap();
    assert!(s.segments().list().unwrap().is_empty());
    assert_eq!(
        s.segments_mut().delete(seg.id).unwrap_err().code(),
        ErrorCode::NotFound
    );
    assert_eq!(
        s.segments_mut()
            .create(" ", CustomerFilter::default())
            .unwrap_err()
            .code(),
        ErrorCode::Required
    );
}

#[test]
fn a_filter_that_no_longer_parses_is_reported_not_applied() {
    let (dir, mut s) = fresh();
    let seg = s
        .segments_mut()
        .create("旧分组", CustomerFilter::default())
        .unwrap();
    // Simulate a filter written by a future version (or damaged on disk).
    let conn = rusqlite::Connection::open(dir.path().join("chainbook.db")).unwrap();
    conn.execute(
        "UPDATE segments SET filter = '{\"v\":9,\"rfm\":[5]}' WHERE id = ?1",
        [seg.id.to_string()],
    )
    .unwrap();
    let list = s.segments().list().unwrap();
    assert_eq!(
        list[0].filter.as_ref().unwrap_err().code,
        ErrorCode::InvalidSegment
    );
    assert_eq!(
        s.segments().get(seg.id).unwrap().filter.unwrap_err().code,
        ErrorCode::InvalidSegment
    );
}
