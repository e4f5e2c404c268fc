//! Each write appends exactly the right outbox entries in its own transaction, and the HLC
//! behind them never goes backwards.

use std::sync::{Arc, Mutex};

use chainbook_core::ErrorCode;
use chainbook_store::{OutboxOp, Store};
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use crate::{draft, fresh};

#[test]
fn insert_records_every_column() {
    let (_dir, mut s) = fresh();
    let c = s
        .customers_mut()
        .create(&draft("深圳华为技术有限公司"))
        .unwrap();
    let e = s.outbox_after(0, 100).unwrap();
    assert_eq!(e.len(), 1);
    let e = &e[0];
    assert_eq!(e.table, "customers");
    assert_eq!(e.row_id, c.id.to_string());
    assert_eq!(e.op, OutboxOp::Insert);
    assert_eq!(e.hlc, c.updated_at);
    assert_eq!(e.device, s.device().id.to_string());
    let mut keys: Vec<&str> = e.fields.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        vec![
            "channel",
            "city",
            "code",
            "country",
            "created_at",
            "credit_limit",
            "currency",
            "deleted",
            "email",
            "kind",
            "lifecycle",
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
    assert_eq!(e.fields["name"], json!("深圳华为技术有限公司"));
    assert_eq!(e.fields["credit_limit"], json!("100000.00"));
    assert_eq!(e.fields["tags"], json!("[\"重品质\"]"));
}

#[test]
fn update_records_only_changed_columns() {
    let (_dir, mut s) = fresh();
    let c = s.customers_mut().create(&draft("A")).unwrap();
    let mut d = draft("A");
    d.city = "广州".into();
    d.credit_limit = "5".into();
    let u = s.customers_mut().update(c.id, &d).unwrap();
    let e = s.outbox_after(1, 100).unwrap();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].op, OutboxOp::Update);
    assert_eq!(e[0].hlc, u.updated_at);
    assert_eq!(
        serde_json::Value::Object(e[0].fields.clone()),
        json!({"city": "广州", "credit_limit": "5.00"})
    );
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
    assert_eq!(s.outbox_len().unwrap(), 1);
}

#[test]
fn delete_records_a_tombstone() {
    let (_dir, mut s) = fresh();
    let c = s.customers_mut().create(&draft("A")).unwrap();
    s.customers_mut().delete(c.id).unwrap();
    let e = s.outbox_after(1, 100).unwrap();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].op, OutboxOp::Delete);
    assert_eq!(e[0].row_id, c.id.to_string());
    assert_eq!(
        serde_json::Value::Object(e[0].fields.clone()),
        json!({"deleted": 1})
    );
}

#[test]
fn failed_write_leaves_neither_row_nor_outbox_entry() {
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
    assert_eq!(s.outbox_len().unwrap(), 1);
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
    let hlcs: Vec<_> = s
        .outbox_after(0, 10)
        .unwrap()
        .iter()
        .map(|e| e.hlc)
        .collect();
    assert!(hlcs.windows(2).all(|w| w[0] < w[1]));
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
