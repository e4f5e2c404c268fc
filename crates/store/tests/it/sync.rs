//! The device's side of sync: what each write sends (only what changed, coalesced, trimmed
//! on acknowledgement), the first push built from the tables, and merging changes from other
//! devices (idempotent, conflicts kept, waiting rows, newer schemas, no echo).

use std::sync::{Arc, Mutex};

use chainbook_core::ErrorCode;
use chainbook_store::{CustomerQuery, Store};
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use crate::{draft, fresh, log_len, take_changes, values};

fn query(search: &str) -> CustomerQuery {
    CustomerQuery {
        search: Some(search.into()),
        ..Default::default()
    }
}

#[test]
fn an_insert_sends_every_column_with_the_write_stamp() {
    let (_dir, mut s) = fresh();
    let c = s
        .customers_mut()
        .create(&draft("深圳华为技术有限公司"))
        .unwrap();
    let e = take_changes(&mut s);
    assert_eq!(e.len(), 1);
    let e = &e[0];
    assert_eq!(
        (e.table.as_str(), e.row_id.clone()),
        ("customers", c.id.to_string())
    );
    assert!(e.created_at.is_some());
    assert!(e.fields.values().all(|f| f.stamp.hlc == c.updated_at
        && f.stamp.device == s.device().id
        && f.base.is_none()));
    let keys: Vec<&str> = e.fields.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        vec![
            "channel",
            "city",
            "code",
            "country",
            "credit_limit",
            "currency",
            "deleted",
            "email",
            "kind",
            "lifecycle",
            "lifecycle_pinned",
            "name",
            "notes",
            "owner",
            "payment_method",
            "payment_terms",
            "phone",
            "province",
            "tags"
        ]
    );
    assert_eq!(e.fields["name"].value, json!("深圳华为技术有限公司"));
    assert_eq!(e.fields["credit_limit"].value, json!("100000.00"));
    assert_eq!(e.fields["tags"].value, json!("[\"重品质\"]"));
}

#[test]
fn an_update_sends_only_the_changed_columns_with_the_values_they_replaced() {
    let (_dir, mut s) = fresh();
    let c = s.customers_mut().create(&draft("A")).unwrap();
    take_changes(&mut s);
    let mut d = draft("A");
    d.city = "广州".into();
    d.credit_limit = "5".into();
    let u = s.customers_mut().update(c.id, &d).unwrap();
    let e = take_changes(&mut s);
    assert_eq!(e.len(), 1);
    assert!(e[0].created_at.is_none());
    assert_eq!(
        values(&e[0]),
        json!({"city": "广州", "credit_limit": "5.00"})
    );
    for f in e[0].fields.values() {
        assert_eq!(f.stamp.hlc, u.updated_at);
        assert_eq!(
            f.base.map(|b| b.hlc),
            Some(c.updated_at),
            "replaced the insert"
        );
    }
}

#[test]
fn an_edit_that_changes_nothing_writes_nothing() {
    let (_dir, mut s) = fresh();
    let c = s.customers_mut().create(&draft("A")).unwrap();
    // Same values, differently typed: trimmed, lower-case currency, fewer decimals.
    let mut d = draft("  A ");
    d.currency = "cny".into();
    d.credit_limit = "100000.0".into();
    let u = s.customers_mut().update(c.id, &d).unwrap();
    assert_eq!(u, c);
    assert_eq!(log_len(&s), 1, "the insert only");
}

#[test]
fn a_delete_sends_a_tombstone() {
    let (_dir, mut s) = fresh();
    let c = s.customers_mut().create(&draft("A")).unwrap();
    take_changes(&mut s);
    s.customers_mut().delete(c.id).unwrap();
    let e = take_changes(&mut s);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].row_id, c.id.to_string());
    assert_eq!(values(&e[0]), json!({"deleted": 1}));
}

#[test]
fn a_failed_write_leaves_neither_row_nor_change() {
    let (dir, mut s) = fresh();
    s.customers_mut().create(&draft("first")).unwrap();
    // Another process (an import, a sync) already holds the code this device would use next.
    let taken = format!("C-{}-00002", s.device().code);
    let conn = rusqlite::Connection::open(dir.path().join("chainbook.db")).unwrap();
    conn.execute(
        "INSERT INTO customers (id, code, kind, name, currency, created_at, updated_at, updated_by)
         VALUES ('00000000-0000-7000-8000-000000000001', ?1, 'company', 'squatter', 'CNY',
                 '2026-01-01T00:00:00.000Z', 1, 'other')",
        [&taken],
    )
    .unwrap();
    let hlc_before = s.hlc_last().unwrap();
    let e = s.customers_mut().create(&draft("second")).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Conflict);
    assert_eq!(log_len(&s), 1);
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM customers WHERE name = 'second'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0);
    // The rolled-back transaction also took its HLC tick and sequence number back with it.
    assert_eq!(s.hlc_last().unwrap(), hlc_before);
}

#[test]
fn hlc_never_goes_backwards_when_the_wall_clock_does() {
    let (_dir, mut s) = fresh();
    let now: Arc<Mutex<DateTime<Utc>>> = Arc::new(Mutex::new(Utc::now()));
    let n = now.clone();
    s.set_clock(Box::new(move || *n.lock().unwrap()));
    let a = s.customers_mut().create(&draft("A")).unwrap();
    *now.lock().unwrap() -= Duration::hours(2);
    let b = s.customers_mut().create(&draft("B")).unwrap();
    assert!(b.updated_at > a.updated_at);
    let stamps: Vec<_> = take_changes(&mut s)
        .iter()
        .map(|c| c.max_stamp().unwrap().hlc)
        .collect();
    assert_eq!(
        stamps,
        vec![a.updated_at, b.updated_at],
        "sent oldest first"
    );
}

#[test]
fn hlc_persists_across_restarts() {
    let (dir, mut s) = fresh();
    let future = Utc::now() + Duration::days(1);
    s.set_clock(Box::new(move || future));
    let a = s.customers_mut().create(&draft("A")).unwrap();
    drop(s);
    // Reopened with the real (earlier) clock: the next value still orders after `a`.
    let mut s = Store::open(&dir.path().join("chainbook.db")).unwrap();
    let b = s.customers_mut().create(&draft("B")).unwrap();
    assert!(b.updated_at > a.updated_at);
}

#[test]
fn the_log_keeps_one_entry_per_field_and_an_acknowledgement_trims_only_what_was_sent() {
    let (_dir, mut s) = fresh();
    let c = s.customers_mut().create(&draft("A")).unwrap();
    take_changes(&mut s);
    for city in ["广州", "佛山", "东莞"] {
        let mut d = draft("A");
        d.city = city.into();
        s.customers_mut().update(c.id, &d).unwrap();
    }
    assert_eq!(log_len(&s), 1, "three writes of one field, one entry");
    let push = s.sync().outgoing(100).unwrap();
    assert_eq!(values(&push.changes[0]), json!({"city": "东莞"}));
    assert_eq!(
        push.changes[0].fields["city"].base.map(|b| b.hlc),
        Some(c.updated_at),
        "the base is the value before the first unsent write"
    );
    // Written again while the push was on its way: acknowledging it keeps the new write.
    let mut d = draft("A");
    d.city = "珠海".into();
    s.customers_mut().update(c.id, &d).unwrap();
    s.sync_mut().acknowledge(&push.ack).unwrap();
    assert_eq!(log_len(&s), 1);
    let again = take_changes(&mut s);
    assert_eq!(values(&again[0]), json!({"city": "珠海"}));
    assert_eq!(log_len(&s), 0, "empty after a full acknowledged push");
}

#[test]
fn a_device_that_never_synced_keeps_no_log_and_its_first_push_comes_from_the_tables() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("chainbook.db")).unwrap();
    let a = s.customers_mut().create(&draft("A")).unwrap();
    let mut d = draft("A");
    d.city = "广州".into();
    s.customers_mut().update(a.id, &d).unwrap();
    s.customers_mut().create(&draft("B")).unwrap();
    let status = s.sync().status().unwrap();
    assert!(!status.enabled);
    assert_eq!(status.change_log, 0);
    assert!(s.sync().outgoing(10).unwrap().changes.is_empty());
    s.sync_mut().enable().unwrap();
    assert!(s.sync().status().unwrap().snapshot_pending);
    // Pages of one row: the walk resumes where the last acknowledged page ended.
    let first = s.sync().outgoing(1).unwrap();
    assert_eq!(first.changes.len(), 1);
    s.sync_mut().acknowledge(&first.ack).unwrap();
    let rest = take_changes(&mut s);
    let mut ids: Vec<String> = first
        .changes
        .iter()
        .chain(&rest)
        .map(|c| c.row_id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 2, "both customers, once each");
    let sent_a = first
        .changes
        .iter()
        .chain(&rest)
        .find(|c| c.row_id == a.id.to_string())
        .unwrap();
    // Each field keeps its own stamp: the city was written after the insert.
    assert!(sent_a.fields["city"].stamp.hlc > sent_a.fields["name"].stamp.hlc);
    assert!(!s.sync().status().unwrap().snapshot_pending);
    assert_eq!(s.sync().status().unwrap().change_log, 0);
}

#[test]
fn changes_from_another_device_apply_once_keep_search_right_and_are_not_sent_back() {
    let (_a_dir, mut a) = fresh();
    let (_b_dir, mut b) = fresh();
    let c = a.customers_mut().create(&draft("宏达科技")).unwrap();
    let changes = take_changes(&mut a);
    let report = b.sync_mut().apply(&changes).unwrap();
    assert_eq!(report.applied, 1);
    let got = b.customers().get(c.id).unwrap();
    assert_eq!(got.fields.name, "宏达科技");
    assert_eq!(
        got.updated_at, c.updated_at,
        "the writer's stamp, not a new one"
    );
    assert_eq!(b.customers().list(&query("hongda")).unwrap().total, 1);
    assert_eq!(log_len(&b), 0, "no echo");
    // The same batch again changes nothing.
    b.sync_mut().apply(&changes).unwrap();
    assert_eq!(b.customers().get(c.id).unwrap(), got);
    // A later write on B orders after A's.
    let mut d = draft("宏达精工");
    d.city = "东莞".into();
    let u = b.customers_mut().update(c.id, &d).unwrap();
    assert!(u.updated_at > c.updated_at);
    let back = take_changes(&mut b);
    a.sync_mut().apply(&back).unwrap();
    assert_eq!(a.customers().get(c.id).unwrap().fields.name, "宏达精工");
    assert_eq!(a.customers().list(&query("hongda")).unwrap().total, 1);
    assert_eq!(a.customers().list(&query("jinggong")).unwrap().total, 1);
    assert_eq!(a.sync().status().unwrap().open_conflicts, 0);
}

#[test]
fn concurrent_edits_converge_on_the_later_and_the_loser_keeps_its_value_for_review() {
    let (_a_dir, mut a) = fresh();
    let (_b_dir, mut b) = fresh();
    let c = a.customers_mut().create(&draft("A")).unwrap();
    b.sync_mut().apply(&take_changes(&mut a)).unwrap();
    // Both edit the credit limit offline; B's edit is later.
    let mut da = draft("A");
    da.credit_limit = "5000".into();
    a.customers_mut().update(c.id, &da).unwrap();
    let mut db = draft("A");
    db.credit_limit = "8000".into();
    db.city = "广州".into();
    b.customers_mut().update(c.id, &db).unwrap();
    let from_a = take_changes(&mut a);
    let from_b = take_changes(&mut b);
    a.sync_mut().apply(&from_b).unwrap();
    b.sync_mut().apply(&from_a).unwrap();
    let (ga, gb) = (
        a.customers().get(c.id).unwrap(),
        b.customers().get(c.id).unwrap(),
    );
    assert_eq!(ga.fields.credit_limit.to_string(), "8000.00");
    assert_eq!(ga, gb);
    // A lost its value: the conflict is shown there, with both values.
    let lost = a.sync().conflicts(10).unwrap();
    assert_eq!(lost.len(), 1);
    assert_eq!(
        (lost[0].field.as_str(), lost[0].surfaced),
        ("credit_limit", true)
    );
    assert_eq!(lost[0].kept, json!("8000.00"));
    assert_eq!(lost[0].lost, json!("5000.00"));
    assert_eq!(lost[0].lost_stamp.device, a.device().id);
    // Nothing A sends later resurrects its lost value.
    assert_eq!(log_len(&a), 0);
}

#[test]
fn keeping_the_lost_value_writes_it_again_and_every_device_converges_on_it() {
    use chainbook_store::sync::Keep;
    let (_a_dir, mut a) = fresh();
    let (_b_dir, mut b) = fresh();
    let c = a.customers_mut().create(&draft("A")).unwrap();
    b.sync_mut().apply(&take_changes(&mut a)).unwrap();
    for (s, limit) in [(&mut a, "5000"), (&mut b, "8000")] {
        let mut d = draft("A");
        d.credit_limit = limit.into();
        s.customers_mut().update(c.id, &d).unwrap();
    }
    let from_a = take_changes(&mut a);
    let from_b = take_changes(&mut b);
    a.sync_mut().apply(&from_b).unwrap();
    b.sync_mut().apply(&from_a).unwrap();
    let open = a.sync().conflicts(10).unwrap();
    assert_eq!(open.len(), 1);
    // An unknown id, or one already closed, is not found.
    let missing = a
        .sync_mut()
        .resolve(open[0].id + 100, Keep::Lost)
        .unwrap_err();
    assert_eq!(missing.code(), ErrorCode::NotFound);
    a.sync_mut().resolve(open[0].id, Keep::Lost).unwrap();
    assert!(a.sync().conflicts(10).unwrap().is_empty());
    assert_eq!(a.sync().status().unwrap().open_conflicts, 0);
    let again = a.sync_mut().resolve(open[0].id, Keep::Kept).unwrap_err();
    assert_eq!(again.code(), ErrorCode::NotFound);
    assert_eq!(
        a.customers()
            .get(c.id)
            .unwrap()
            .fields
            .credit_limit
            .to_string(),
        "5000.00"
    );
    // The choice is a new local write: it goes to B and wins there.
    b.sync_mut().apply(&take_changes(&mut a)).unwrap();
    assert_eq!(
        a.customers().get(c.id).unwrap(),
        b.customers().get(c.id).unwrap()
    );
}

#[test]
fn a_row_that_arrives_before_its_parent_waits_and_applies_when_the_parent_comes() {
    let (_a_dir, mut a) = fresh();
    let (_b_dir, mut b) = fresh();
    let mut d = draft("A");
    d.contacts = vec![chainbook_core::contact::ContactDraft {
        name: "王伟".into(),
        phone: "13800138000".into(),
        ..Default::default()
    }];
    let c = a.customers_mut().create(&d).unwrap();
    let changes = take_changes(&mut a);
    let (parent, children): (Vec<_>, Vec<_>) =
        changes.into_iter().partition(|c| c.table == "customers");
    let r = b.sync_mut().apply(&children).unwrap();
    assert_eq!((r.applied, r.waiting), (0, 1));
    assert_eq!(b.sync().status().unwrap().waiting, 1);
    let r = b.sync_mut().apply(&parent).unwrap();
    assert_eq!((r.applied, r.waiting), (2, 0));
    assert_eq!(b.customers().detail(c.id).unwrap().contacts.len(), 1);
    assert_eq!(b.customers().list(&query("王伟")).unwrap().total, 1);
}

#[test]
fn a_change_from_a_newer_schema_is_kept_not_applied() {
    let (_a_dir, mut a) = fresh();
    let (_b_dir, mut b) = fresh();
    let c = a.customers_mut().create(&draft("A")).unwrap();
    let mut changes = take_changes(&mut a);
    changes[0].schema += 1;
    let mut unknown = changes[0].clone();
    unknown.table = "loyalty_cards".into();
    unknown.schema -= 1;
    let r = b.sync_mut().apply(&[changes[0].clone(), unknown]).unwrap();
    assert_eq!((r.applied, r.newer_schema), (0, 2));
    assert_eq!(b.sync().status().unwrap().newer_schema, 2);
    assert!(b.customers().get(c.id).is_err());
    // Nothing is dropped: the next batches leave them kept, and once this build understands
    // a change (here: its schema stamp is this build's, as after an upgrade), it applies.
    b.sync_mut().apply(&[]).unwrap();
    assert_eq!(b.sync().status().unwrap().newer_schema, 2);
    let conn = rusqlite::Connection::open(_b_dir.path().join("chainbook.db")).unwrap();
    conn.execute(
        "UPDATE sync_pending SET change = json_set(change, '$.schema', ?1)
         WHERE json_extract(change, '$.table') = 'customers'",
        [b.schema_version().unwrap()],
    )
    .unwrap();
    let r = b.sync_mut().apply(&[]).unwrap();
    assert_eq!(
        (r.applied, r.newer_schema),
        (1, 1),
        "the unknown table still waits"
    );
    assert_eq!(b.customers().get(c.id).unwrap().fields.name, "A");
    assert_eq!(b.sync().status().unwrap().newer_schema, 1);
}

#[test]
fn a_pulled_page_and_its_cursor_are_saved_together() {
    let (_a_dir, mut a) = fresh();
    let (b_dir, mut b) = fresh();
    a.customers_mut().create(&draft("A")).unwrap();
    let changes = take_changes(&mut a);
    assert_eq!(b.sync().pull_cursor().unwrap(), 0);
    b.sync_mut().apply_page(&changes, 17).unwrap();
    assert_eq!(b.sync().pull_cursor().unwrap(), 17);
    // A plain apply (not a pulled page) leaves the cursor alone; it survives a restart.
    b.sync_mut().apply(&[]).unwrap();
    drop(b);
    let b = Store::open(&b_dir.path().join("chainbook.db")).unwrap();
    assert_eq!(b.sync().pull_cursor().unwrap(), 17);
    assert_eq!(b.customers().list(&query("A")).unwrap().total, 1);
}

#[test]
fn an_interrupted_snapshot_is_remembered_until_it_is_done() {
    let (dir, mut s) = fresh();
    assert_eq!(s.sync().snapshot_upto().unwrap(), None);
    s.sync_mut().set_snapshot_upto(Some(42)).unwrap();
    s.sync_mut().set_snapshot_upto(Some(40)).unwrap();
    drop(s);
    let mut s = Store::open(&dir.path().join("chainbook.db")).unwrap();
    assert_eq!(s.sync().snapshot_upto().unwrap(), Some(40));
    s.sync_mut().set_snapshot_upto(None).unwrap();
    assert_eq!(s.sync().snapshot_upto().unwrap(), None);
    assert_eq!(log_len(&s), 0, "device-local: nothing to push");
}

#[test]
fn an_assigned_device_code_numbers_later_documents_and_survives_a_restart() {
    let (dir, mut s) = fresh();
    let old = s.device().code.clone();
    let first = s.customers_mut().create(&draft("A")).unwrap();
    assert!(first.code.starts_with(&format!("C-{old}-")));
    for bad in ["", "AB", "ABCD", "abc", "AIO", "A-B", "中文字"] {
        let e = s.set_device_code(bad).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidChars, "{bad:?}");
    }
    let new = if old == "Z9Z" { "Y8Y" } else { "Z9Z" };
    s.set_device_code(new).unwrap();
    assert_eq!(s.device().code, new);
    let second = s.customers_mut().create(&draft("B")).unwrap();
    assert_eq!(second.code, format!("C-{new}-00002"), "the counter goes on");
    assert_eq!(
        s.customers().get(first.id).unwrap().code,
        first.code,
        "numbers already given keep their code"
    );
    drop(s);
    let s = Store::open(&dir.path().join("chainbook.db")).unwrap();
    assert_eq!(s.device().code, new);
}

#[test]
fn two_products_given_one_sku_apart_are_both_kept_and_the_later_renamed_the_same_everywhere() {
    let (a_dir, mut a) = fresh();
    let (b_dir, mut b) = fresh();
    let product = |name: &str| chainbook_core::product::ProductDraft {
        sku: "M8-BOLT".into(),
        name: name.into(),
        unit: "件".into(),
        currency: "CNY".into(),
        price: "1.00".into(),
        active: true,
        ..Default::default()
    };
    let pa = a.products_mut().create(&product("螺栓 甲")).unwrap();
    let pb = b.products_mut().create(&product("螺栓 乙")).unwrap();
    let from_a = take_changes(&mut a);
    let from_b = take_changes(&mut b);
    let ra = a.sync_mut().apply(&from_b).unwrap();
    let rb = b.sync_mut().apply(&from_a).unwrap();
    assert_eq!((ra.refused, rb.refused), (0, 0));
    // The renames go on to the others (and back, changing nothing).
    let again_a = take_changes(&mut a);
    let again_b = take_changes(&mut b);
    a.sync_mut().apply(&again_b).unwrap();
    b.sync_mut().apply(&again_a).unwrap();
    let (later, earlier) = if pa.id > pb.id {
        (pa.id, pb.id)
    } else {
        (pb.id, pa.id)
    };
    for s in [&a, &b] {
        assert_eq!(s.products().get(earlier).unwrap().fields.sku, "M8-BOLT");
        let renamed = s.products().get(later).unwrap().fields.sku;
        let tail = &later.to_string()[32..];
        assert_eq!(renamed, format!("M8-BOLT~{tail}"));
        let c = s.sync().conflicts(10).unwrap();
        assert_eq!((c[0].field.as_str(), c[0].surfaced), ("sku", true));
        assert_eq!(c[0].lost, json!("M8-BOLT"));
    }
    let ours = crate::content(&a_dir.path().join("chainbook.db"));
    let theirs = crate::content(&b_dir.path().join("chainbook.db"));
    assert_eq!(
        ours["products"], theirs["products"],
        "the same rows, stamps and all"
    );
}

#[test]
fn the_code_a_clash_renamed_cannot_be_taken_back_while_the_other_record_holds_it() {
    use chainbook_store::sync::Keep;
    let (_a_dir, mut a) = fresh();
    let (_b_dir, mut b) = fresh();
    let product = |name: &str| chainbook_core::product::ProductDraft {
        sku: "M8-BOLT".into(),
        name: name.into(),
        unit: "件".into(),
        currency: "CNY".into(),
        price: "1.00".into(),
        active: true,
        ..Default::default()
    };
    a.products_mut().create(&product("螺栓 甲")).unwrap();
    b.products_mut().create(&product("螺栓 乙")).unwrap();
    let from_a = take_changes(&mut a);
    let from_b = take_changes(&mut b);
    a.sync_mut().apply(&from_b).unwrap();
    b.sync_mut().apply(&from_a).unwrap();
    for s in [&mut a, &mut b] {
        let open = s.sync().conflicts(10).unwrap();
        let rename = open.iter().find(|c| c.field == "sku").unwrap();
        let e = s.sync_mut().resolve(rename.id, Keep::Lost).unwrap_err();
        assert_eq!(e.code(), ErrorCode::Conflict);
        // Keeping the rename closes it.
        s.sync_mut().resolve(rename.id, Keep::Kept).unwrap();
        assert!(s
            .sync()
            .conflicts(10)
            .unwrap()
            .iter()
            .all(|c| c.field != "sku"));
    }
}
