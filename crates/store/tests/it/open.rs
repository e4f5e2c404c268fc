//! Opening: pragmas, migrations from an empty file, device identity, newer schemas refused.

use chainbook_store::{Store, StoreError};

use crate::fresh;

#[test]
fn migrates_an_empty_file_and_sets_pragmas() {
    let (dir, store) = fresh();
    assert_eq!(store.schema_version().unwrap(), 20);
    let conn = rusqlite::Connection::open(dir.path().join("chainbook.db")).unwrap();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for t in [
        "addresses",
        "contacts",
        "customer_search",
        "customer_search_short",
        "customer_tags",
        "customers",
        "device",
        "follow_up_done",
        "interactions",
        "local_settings",
        "po_lines",
        "po_receipts",
        "po_status_history",
        "products",
        "purchase_orders",
        "segments",
        "sequences",
        "stock_count_lines",
        "stock_counts",
        "stock_movements",
        "supplier_contracts",
        "supplier_evaluations",
        "suppliers",
        "supplies",
    ] {
        assert!(tables.contains(&t.to_string()), "missing {t}: {tables:?}");
    }
}

#[test]
fn synced_tables_carry_the_sync_columns() {
    let (dir, _store) = fresh();
    let conn = rusqlite::Connection::open(dir.path().join("chainbook.db")).unwrap();
    let cols: Vec<(String, String, i64)> = conn
        .prepare("SELECT name, type, \"notnull\" FROM pragma_table_info('customers')")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for table in [
        "customers",
        "contacts",
        "addresses",
        "interactions",
        "follow_up_done",
        "segments",
        "products",
        "stock_movements",
        "stock_counts",
        "stock_count_lines",
        "suppliers",
        "supplies",
        "supplier_contracts",
        "supplier_evaluations",
        "purchase_orders",
        "po_lines",
        "po_receipts",
        "po_status_history",
    ] {
        let cols: Vec<(String, String)> = conn
            .prepare(&format!(
                "SELECT name, type FROM pragma_table_info('{table}')"
            ))
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for (name, ty) in [
            ("id", "TEXT"),
            ("created_at", "TEXT"),
            ("updated_at", "INTEGER"),
            ("updated_by", "TEXT"),
            ("deleted", "INTEGER"),
        ] {
            assert!(
                cols.iter().any(|c| c.0 == name && c.1 == ty),
                "{table}.{name} {ty} missing: {cols:?}"
            );
        }
    }
    for (name, ty) in [
        ("id", "TEXT"),
        ("created_at", "TEXT"),
        ("updated_at", "INTEGER"),
        ("updated_by", "TEXT"),
        ("deleted", "INTEGER"),
    ] {
        assert!(
            cols.iter().any(|c| c.0 == name && c.1 == ty),
            "customers.{name} {ty} missing: {cols:?}"
        );
    }
}

#[test]
fn the_store_connection_has_the_documented_pragmas() {
    let (_dir, store) = fresh();
    let p = store.pragmas().unwrap();
    assert_eq!(p.journal_mode, "wal");
    assert!(p.foreign_keys);
    assert_eq!(p.synchronous, 2, "FULL");
    assert_eq!(p.busy_timeout_ms, 5_000);
}

#[test]
fn device_identity_is_created_once_and_kept() {
    let (dir, store) = fresh();
    let first = store.device().clone();
    drop(store);
    let again = Store::open(&dir.path().join("chainbook.db")).unwrap();
    assert_eq!(again.device(), &first);
    assert_eq!(first.code.len(), 3);
    assert!(first
        .code
        .chars()
        .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()));
}

#[test]
fn two_databases_get_different_device_ids() {
    let (_a, a) = fresh();
    let (_b, b) = fresh();
    assert_ne!(a.device().id, b.device().id);
}

#[test]
fn refuses_a_database_from_a_newer_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chainbook.db");
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    match Store::open(&path) {
        Err(StoreError::NewerSchema { found: 99, .. }) => {}
        other => panic!("expected NewerSchema, got {other:?}"),
    }
}

#[test]
fn local_settings_persist() {
    let (dir, mut store) = fresh();
    assert_eq!(store.settings().locale().unwrap(), None);
    store.settings_mut().set_locale("zh-CN").unwrap();
    store.settings_mut().set_locale("en").unwrap();
    drop(store);
    let store = Store::open(&dir.path().join("chainbook.db")).unwrap();
    assert_eq!(store.settings().locale().unwrap().as_deref(), Some("en"));
    assert_eq!(crate::log_len(&store), 0, "local settings never sync");
}

#[test]
fn upgrades_a_version_1_database_with_its_customers() {
    use chainbook_core::customer::CustomerDraft;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chainbook.db");
    chainbook_store::create_schema_at_version(&path, 1).unwrap();
    // A customer as version 1 wrote it (tags in the JSON column, no search row yet).
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "INSERT INTO customers (id, code, kind, name, tags, currency, created_at, updated_at, updated_by)
         VALUES ('0190c2a0-0000-7000-8000-000000000001', 'C-OLD-00001', 'company',
                 '深圳华为技术有限公司', '[\"VIP\"]', 'CNY', '2026-01-01T00:00:00.000Z', 1, 'old')",
        [],
    )
    .unwrap();
    let v: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1);
    drop(conn);
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), 20);
    assert_eq!(
        s.search().customers("hw", 5).unwrap()[0].code,
        "C-OLD-00001"
    );
    let vip = chainbook_store::CustomerFilter {
        tags: vec!["VIP".into()],
        ..Default::default()
    };
    assert_eq!(s.customers().count(&vip).unwrap(), 1);
    let id = s.search().customers("华为", 1).unwrap()[0].id;
    let c = s.customers().get(id).unwrap();
    assert_eq!(c.fields.lifecycle.as_str(), "new");
    s.customers_mut()
        .update(
            id,
            &CustomerDraft {
                name: "华为".into(),
                currency: "CNY".into(),
                ..Default::default()
            },
        )
        .unwrap();
}

#[test]
fn upgrades_a_version_3_supplier_contact_into_the_contacts_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chainbook.db");
    chainbook_store::create_schema_at_version(&path, 3).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "INSERT INTO suppliers (id, code, name, kind, status, contact_name, phone, email, created_at, updated_at, updated_by)
         VALUES ('0190c2a0-0000-7000-8000-000000000002', 'S-OLD', '宁波精工', 'goods', 'approved',
                 '王经理', '13800138000', '', '2026-01-01T00:00:00.000Z', 65536,
                 '0190c2a0-0000-7000-8000-0000000000aa');
         INSERT INTO suppliers (id, code, name, kind, status, created_at, updated_at, updated_by)
         VALUES ('0190c2a0-0000-7000-8000-000000000003', 'S-NONE', '无联系人', 'goods', 'approved',
                 '2026-01-01T00:00:00.000Z', 65536, '0190c2a0-0000-7000-8000-0000000000aa');",
    )
    .unwrap();
    drop(conn);
    let s = Store::open(&path).unwrap();
    let id = uuid::Uuid::parse_str("0190c2a0-0000-7000-8000-000000000002").unwrap();
    let sup = s.suppliers().get(id).unwrap();
    assert_eq!(sup.contacts.len(), 1);
    let c = &sup.contacts[0];
    assert_eq!(
        (c.name.as_str(), c.phone.as_str(), c.primary),
        ("王经理", "13800138000", true)
    );
    let none = uuid::Uuid::parse_str("0190c2a0-0000-7000-8000-000000000003").unwrap();
    assert!(s.suppliers().get(none).unwrap().contacts.is_empty());
    // The first push, built from the tables, carries the moved contact.
    let mut s = s;
    s.sync_mut().enable().unwrap();
    let first = crate::take_changes(&mut s);
    let moved: Vec<_> = first
        .iter()
        .filter(|c| c.table == "supplier_contacts")
        .collect();
    assert_eq!(moved.len(), 1, "the moved contact is sent");
    assert_eq!(moved[0].fields["name"].value, serde_json::json!("王经理"));
}

#[test]
fn a_seeded_store_writes_the_same_ids_and_device_for_the_same_seed() {
    let dir = tempfile::tempdir().unwrap();
    let at = chrono::DateTime::parse_from_rfc3339("2026-03-01T08:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let run = |name: &str, seed: u64| {
        let mut s = Store::open_seeded(&dir.path().join(name), Box::new(move || at), seed).unwrap();
        let c = s
            .customers_mut()
            .create(&crate::draft("深圳华为技术有限公司"))
            .unwrap();
        (s.device().id, s.device().code.clone(), c.id)
    };
    let a = run("a.db", 5);
    assert_eq!(a, run("b.db", 5));
    let other = run("c.db", 6);
    assert_ne!(a.2, other.2, "another seed, other ids");
    assert_ne!(a.0, other.0);
    // Ordinary stores draw from the OS: two of them never share an id.
    let (_d1, mut s1) = fresh();
    let (_d2, mut s2) = fresh();
    let x = s1.customers_mut().create(&crate::draft("A")).unwrap().id;
    let y = s2.customers_mut().create(&crate::draft("A")).unwrap().id;
    assert_ne!(x, y);
}

#[test]
fn upgrading_keeps_when_each_field_was_written_and_drops_the_outbox() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chainbook.db");
    chainbook_store::create_schema_at_version(&path, 12).unwrap();
    let dev = "0190c2a0-0000-7000-8000-0000000000aa";
    let id = "0190c2a0-0000-7000-8000-000000000010";
    let conn = rusqlite::Connection::open(&path).unwrap();
    // A customer inserted at HLC 100, its city changed at 200 and its name at 300; another
    // never changed.
    conn.execute_batch(&format!(
        "INSERT INTO customers (id, code, kind, name, city, currency, created_at, updated_at, updated_by)
         VALUES ('{id}', 'C-1', 'company', '新名', '广州', 'CNY', '2026-01-01T00:00:00.000Z', 300, '{dev}'),
                ('0190c2a0-0000-7000-8000-000000000011', 'C-2', 'company', '乙', '', 'CNY',
                 '2026-01-01T00:00:00.000Z', 150, '{dev}');
         INSERT INTO outbox (table_name, row_id, op, hlc, device, fields) VALUES
            ('customers', '{id}', 'insert', 100, '{dev}', '{{\"name\":\"旧名\",\"city\":\"深圳\"}}'),
            ('customers', '{id}', 'update', 200, '{dev}', '{{\"city\":\"广州\"}}'),
            ('customers', '{id}', 'update', 300, '{dev}', '{{\"name\":\"新名\"}}'),
            ('customers', '0190c2a0-0000-7000-8000-000000000011', 'insert', 150, '{dev}', '{{}}');
         INSERT INTO products (id, sku, name, unit, currency, price, cost, stage, pack_size,
                min_order_qty, lead_time_days, safety_stock, reorder_point, active, created_at,
                updated_at, updated_by)
         VALUES ('0190c2a0-0000-7000-8000-000000000020', 'P-1', '螺栓', '件', 'CNY', '1.00',
                 '0.50', 'mature', 1, 1, 0, 0, 0, 1, '2026-01-01T00:00:00.000Z', 160, '{dev}');
         INSERT INTO sales_orders (id, number, customer_id, status, currency, ordered_on,
                created_at, updated_at, updated_by)
         VALUES ('0190c2a0-0000-7000-8000-000000000030', 'SO-1', '{id}', 'closed', 'CNY',
                 '2026-01-05', '2026-01-05T00:00:00.000Z', 170, '{dev}');
         INSERT INTO so_lines (id, order_id, product_id, qty_milli, unit_price, discount_pct,
                tax_rate_pct, position, created_at, updated_at, updated_by)
         VALUES ('0190c2a0-0000-7000-8000-000000000031', '0190c2a0-0000-7000-8000-000000000030',
                 '0190c2a0-0000-7000-8000-000000000020', 3000, '333.33', '10', '13', 0,
                 '2026-01-05T00:00:00.000Z', 170, '{dev}');"
    ))
    .unwrap();
    drop(conn);
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), 20);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let stamps: Vec<(String, String, i64)> = conn
        .prepare("SELECT row_id, field, hlc FROM field_stamps ORDER BY row_id, field")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        stamps,
        vec![
            (id.to_owned(), "".to_owned(), 100),
            (id.to_owned(), "city".to_owned(), 200),
            (id.to_owned(), "name".to_owned(), 300),
        ],
        "the changed customer's fields; nothing for the other"
    );
    let outbox: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'outbox'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(outbox, 0);
    // The order written before version 13 has its derived totals: 899.99 + 117.00 tax.
    let gross: String = conn
        .query_row("SELECT gross FROM so_totals", [], |r| r.get(0))
        .unwrap();
    assert_eq!(gross, "1016.99");
    // The first push sends each field with the stamp of the write that set it.
    s.sync_mut().enable().unwrap();
    let first = crate::take_changes(&mut s);
    let c = first.iter().find(|c| c.row_id == id).unwrap();
    let hlc = |f: &str| c.fields[f].stamp.hlc.to_i64();
    assert_eq!((hlc("code"), hlc("city"), hlc("name")), (100, 200, 300));
}

/// Version 16 sums the movements a version-15 database already holds into `stock_months`
/// (per product and month of the business date; shipments and returns apart), and the
/// triggers keep the sums with the next write.
#[test]
fn upgrading_to_16_sums_the_existing_stock_ledger_by_month() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chainbook.db");
    chainbook_store::create_schema_at_version(&path, 15).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let p = "0190c2a0-0000-7000-8000-000000000020";
    let dev = "0190c2a0-0000-7000-8000-0000000000dd";
    conn.execute_batch(&format!(
        "INSERT INTO products (id, sku, name, unit, currency, price, cost, stage, pack_size,
                min_order_qty, lead_time_days, safety_stock, reorder_point, active, created_at,
                updated_at, updated_by)
         VALUES ('{p}', 'P-1', '螺栓', '件', 'CNY', '1.00', '0.50', 'mature', 1, 1, 0, 0, 0, 1,
                 '2026-01-01T00:00:00.000Z', 160, '{dev}');
         INSERT INTO stock_movements (id, product_id, kind, qty_milli, occurred_at, occurred_on,
                created_at, updated_at, updated_by, deleted) VALUES
            ('m1', '{p}', 'receipt', 10000, '2026-01-31T23:00:00.000Z', '2026-01-31',
             '2026-01-31T23:00:00.000Z', 1, '{dev}', 0),
            ('m2', '{p}', 'shipment', -3000, '2026-02-01T09:00:00.000Z', '2026-01-31',
             '2026-02-01T09:00:00.000Z', 2, '{dev}', 0),
            ('m3', '{p}', 'return', 1000, '2026-02-10T09:00:00.000Z', '2026-02-10',
             '2026-02-10T09:00:00.000Z', 3, '{dev}', 0),
            ('m4', '{p}', 'adjustment', -500, '2026-02-11T09:00:00.000Z', '2026-02-11',
             '2026-02-11T09:00:00.000Z', 4, '{dev}', 0),
            ('m5', '{p}', 'receipt', 99000, '2026-02-12T09:00:00.000Z', '2026-02-12',
             '2026-02-12T09:00:00.000Z', 5, '{dev}', 1);"
    ))
    .unwrap();
    drop(conn);
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    let months = |conn: &rusqlite::Connection| -> Vec<(String, i64, i64)> {
        conn.prepare("SELECT month, net_milli, out_milli FROM stock_months ORDER BY month")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    // The shipment recorded on 1 February belongs to January, its business date; the
    // deleted receipt counts nowhere.
    assert_eq!(
        months(&conn),
        vec![
            ("2026-01".to_owned(), 7000, -3000),
            ("2026-02".to_owned(), 500, 1000)
        ]
    );
    conn.execute_batch(
        "UPDATE stock_movements SET deleted = 1 WHERE id = 'm3';
         UPDATE stock_movements SET deleted = 0 WHERE id = 'm5';
         DELETE FROM stock_movements WHERE id = 'm4';",
    )
    .unwrap();
    assert_eq!(
        months(&conn),
        vec![
            ("2026-01".to_owned(), 7000, -3000),
            ("2026-02".to_owned(), 99000, 0)
        ]
    );
}
