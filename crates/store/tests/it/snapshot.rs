//! A server snapshot applied on a blank device (`sync_mut().apply_snapshot_page`): rows go in
//! as they are, stamps included; derived tables are built once, with the last page; what the
//! bulk path cannot insert goes through the merge seam.

use chainbook_core::contact::ContactDraft;
use chainbook_store::CustomerQuery;

use crate::{draft, fresh, log_len, take_changes};

fn found(s: &chainbook_store::Store, q: &str) -> u64 {
    s.customers()
        .list(&CustomerQuery {
            search: Some(q.into()),
            ..Default::default()
        })
        .unwrap()
        .total
}

#[test]
fn snapshot_rows_go_in_as_they_are_and_derived_tables_are_built_with_the_last_page() {
    let (_a_dir, mut a) = fresh();
    let (_b_dir, mut b) = fresh();
    assert!(b.sync().is_blank().unwrap());
    let mut d = draft("宏达科技");
    d.contacts = vec![ContactDraft {
        name: "王伟".into(),
        phone: "13800138000".into(),
        ..Default::default()
    }];
    let c = a.customers_mut().create(&d).unwrap();
    d.city = "东莞".into();
    a.customers_mut().update(c.id, &d).unwrap();
    // The customer's state has two stamps (its insert's and the city's).
    // Parents first, as the server orders a snapshot (by the row's first change).
    let mut rows = take_changes(&mut a);
    rows.sort_by_key(|r| r.table != "customers");
    let customer = rows.iter().find(|r| r.table == "customers").unwrap();
    assert!(rows.iter().any(|r| r.table == "contacts"), "{rows:?}");
    let stamps: std::collections::BTreeSet<_> = customer.fields.values().map(|f| f.stamp).collect();
    assert_eq!(stamps.len(), 2);

    let r = b
        .sync_mut()
        .apply_snapshot_page(&rows, 10, 4, false)
        .unwrap();
    assert_eq!((r.applied, r.waiting, r.conflicts), (rows.len(), 0, 0));
    assert!(!b.sync().is_blank().unwrap());
    assert_eq!(
        b.customers().detail(c.id).unwrap(),
        a.customers().detail(c.id).unwrap()
    );
    // Not indexed yet: derived rows wait for the last page.
    assert_eq!(found(&b, "王伟"), 0);
    assert_eq!(b.sync().snapshot_upto().unwrap(), Some(10));
    assert_eq!(b.sync().pull_cursor().unwrap(), 4);
    let status = b.sync().status().unwrap();
    assert!(
        !status.snapshot_pending,
        "the first push has nothing of its own to walk"
    );
    assert_eq!(log_len(&b), 0, "nothing to send back");
    assert!(take_changes(&mut b).is_empty());

    // The same page again (its answer was lost after it was applied) merges as a pull would:
    // nothing changes.
    b.sync_mut()
        .apply_snapshot_page(&rows, 10, 4, false)
        .unwrap();
    assert_eq!(
        b.customers().detail(c.id).unwrap(),
        a.customers().detail(c.id).unwrap()
    );

    // The last page builds the derived tables and hands over to pulls.
    b.sync_mut().apply_snapshot_page(&[], 10, 10, true).unwrap();
    assert_eq!(found(&b, "王伟"), 1);
    assert_eq!(found(&b, "hongda"), 1);
    assert_eq!(b.sync().pull_cursor().unwrap(), 10);
    assert_eq!(b.sync().snapshot_upto().unwrap(), None);
    // A later edit pulled the usual way merges on top of the snapshot's stamps.
    d.phone = "0755-1234".into();
    a.customers_mut().update(c.id, &d).unwrap();
    let edit = take_changes(&mut a);
    b.sync_mut().apply_page(&edit, 11).unwrap();
    assert_eq!(
        b.customers().detail(c.id).unwrap(),
        a.customers().detail(c.id).unwrap()
    );
    assert_eq!(b.sync().status().unwrap().open_conflicts, 0);
}

#[test]
fn rows_the_bulk_path_cannot_insert_go_through_the_seam() {
    let (_a_dir, mut a) = fresh();
    let (_b_dir, mut b) = fresh();
    let mut d = draft("A");
    d.contacts = vec![ContactDraft {
        name: "李娜".into(),
        phone: "13900139000".into(),
        ..Default::default()
    }];
    let c = a.customers_mut().create(&d).unwrap();
    let rows = take_changes(&mut a);
    let (parent, children): (Vec<_>, Vec<_>) =
        rows.into_iter().partition(|r| r.table == "customers");
    // A child before its parent waits; a row of a newer schema is kept.
    let mut newer = parent[0].clone();
    newer.row_id = "0190b5a8-4a4c-7c2e-9a41-8f3a2b1c0d9e".into();
    newer.schema += 1;
    let mut page = children.clone();
    page.push(newer);
    let r = b
        .sync_mut()
        .apply_snapshot_page(&page, 9, 2, false)
        .unwrap();
    assert_eq!((r.applied, r.waiting, r.newer_schema), (0, 1, 1));
    // The parent arrives in bulk: the waiting child follows it.
    let r = b
        .sync_mut()
        .apply_snapshot_page(&parent, 9, 9, true)
        .unwrap();
    assert_eq!((r.applied, r.waiting, r.newer_schema), (2, 0, 1));
    assert_eq!(
        b.customers().detail(c.id).unwrap(),
        a.customers().detail(c.id).unwrap()
    );
    assert_eq!(found(&b, "李娜"), 1);
}
