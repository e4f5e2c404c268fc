//! I/O faults: the disk full, the data read-only and the disk failing writes, injected by the
//! fault VFS (`chainbook-faultvfs`) into the files of one folder, during ordinary writes (an
//! order through its lifecycle, a stock movement), an import's commit, a backup, a batch of
//! remote changes and a migration. Every time: the operation fails with the error code the
//! UI words (`disk_full`, `read_only`, `disk_error`), every table of the file is as it was
//! (rows, schema and `user_version`), the store still reads, and once the fault is lifted the
//! same operation succeeds. The disk also fills after 0, s, 2s… bytes of the operation's
//! writes (s a step per operation) until it fits, so it fails at each point of its writes.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use chainbook_core::order::{OrderDraft, ShipmentDraft};
use chainbook_core::product::MovementDraft;
use chainbook_core::ErrorCode;
use chainbook_faultvfs::{Fault, Faults};
use chainbook_import::mapping::Kind;
use chainbook_store::backup::{backup_database, BackupNote};
use chainbook_store::{CustomerQuery, Store, StoreError};
use uuid::Uuid;

use crate::{draft, fresh, line, product, take_changes};

/// Every table's row count and a digest of its rows in order, the schema's text and
/// `user_version`: equal before and after exactly when the file holds the same data.
fn state(path: &Path) -> BTreeMap<String, (usize, u64)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let tables: Vec<(String, String)> = conn
        .prepare(
            "SELECT name, coalesce(sql, '') FROM sqlite_schema WHERE type = 'table' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = BTreeMap::new();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    out.insert("(user_version)".into(), (version as usize, 0));
    for (name, sql) in tables {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        sql.hash(&mut h);
        // A virtual table's rows live in its shadow tables, which are listed too.
        if sql.starts_with("CREATE VIRTUAL") || name.starts_with("sqlite_") {
            out.insert(name, (0, h.finish()));
            continue;
        }
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{name}\" ORDER BY 1, 2"))
            .or_else(|_| conn.prepare(&format!("SELECT * FROM \"{name}\" ORDER BY 1")))
            .unwrap();
        let n = stmt.column_count();
        let rows: Vec<Vec<rusqlite::types::Value>> = stmt
            .query_map([], |r| (0..n).map(|i| r.get(i)).collect())
            .unwrap()
            .map(Result::unwrap)
            .collect();
        format!("{rows:?}").hash(&mut h);
        out.insert(name, (rows.len(), h.finish()));
    }
    out
}

/// How the faults went for one operation.
#[derive(Default, Debug)]
struct Tally {
    /// Attempts that failed with an injected fault (each checked), and the faults injected.
    failed: usize,
    injected: u64,
}

/// The faults each operation meets, with the code the user sees for each.
const FAULTS: [(Fault, ErrorCode); 3] = [
    (Fault::DiskFull { bytes: 0 }, ErrorCode::DiskFull),
    (Fault::ReadOnly, ErrorCode::ReadOnly),
    (Fault::IoError, ErrorCode::DiskError),
];

/// Runs `op` on a fresh `setup()` under each fault, then lifted; then fills the disk after
/// 0, `step`, 2·`step`… bytes until `op` fits. After every failure: its code, `db` as it was,
/// `reads` still working (while the fault lasts), nothing left behind (`leftover`).
#[allow(clippy::too_many_arguments)]
fn survive<C, X, T>(
    what: &str,
    ctx: &mut C,
    faults: &Faults,
    db: &Path,
    step: u64,
    mut setup: impl FnMut(&mut C) -> X,
    mut op: impl FnMut(&mut C, &X) -> Result<T, StoreError>,
    reads: impl Fn(&mut C),
) -> Tally {
    let mut tally = Tally::default();
    let start = faults.injected();
    let attempt = |op: &mut dyn FnMut(&mut C, &X) -> Result<T, StoreError>,
                   ctx: &mut C,
                   x: &X,
                   fault: Fault,
                   code: ErrorCode,
                   tally: &mut Tally| {
        let before = state(db);
        faults.set(fault);
        let out = op(ctx, x);
        if out.is_err() {
            reads(ctx);
        }
        faults.lift();
        match out {
            Ok(done) => {
                assert!(
                    matches!(fault, Fault::DiskFull { bytes } if bytes > 0),
                    "{what} under {fault:?} went through"
                );
                Some(done)
            }
            Err(e) => {
                assert_eq!(e.code(), code, "{what} under {fault:?}: {e}");
                assert!(e.is_disk_fault(), "{what}: {e:?}");
                assert_eq!(
                    state(db),
                    before,
                    "{what} under {fault:?}: the file as it was"
                );
                tally.failed += 1;
                None
            }
        }
    };
    for (fault, code) in FAULTS {
        let x = setup(ctx);
        assert!(attempt(&mut op, ctx, &x, fault, code, &mut tally).is_none());
        op(ctx, &x).unwrap_or_else(|e| panic!("{what} after {fault:?} was lifted: {e}"));
    }
    let x = setup(ctx);
    let mut bytes = step;
    while attempt(
        &mut op,
        ctx,
        &x,
        Fault::DiskFull { bytes },
        ErrorCode::DiskFull,
        &mut tally,
    )
    .is_none()
    {
        bytes += step;
        assert!(bytes < 64 << 20, "{what} fits in 64 MB");
    }
    tally.injected = faults.injected() - start;
    eprintln!("faults: {what}: {tally:?}, fitted in {bytes} bytes");
    tally
}

fn can_read(s: &mut Store) {
    s.customers()
        .list(&CustomerQuery::default())
        .expect("the store reads while the disk is faulty");
}

/// A store in a watched folder, with a product in stock and a customer.
fn watched() -> (tempfile::TempDir, Faults, Store, Uuid, Uuid) {
    let dir = tempfile::tempdir().unwrap();
    let faults = Faults::new(dir.path());
    let mut s = Store::open(&dir.path().join("chainbook.db")).unwrap();
    let p = product(&mut s, "FAULT-1", "9.90", "100000");
    let c = s.customers_mut().create(&draft("故障测试客户")).unwrap().id;
    (dir, faults, s, p, c)
}

#[test]
fn an_order_through_its_lifecycle_and_a_stock_movement_roll_back_and_succeed_later() {
    let (_dir, faults, mut s, p, c) = watched();
    let db = s.path().to_owned();
    let order = OrderDraft {
        customer_id: c,
        lines: vec![line(p, "3", "9.90", "", "13")],
        ..Default::default()
    };
    survive(
        "create an order",
        &mut s,
        &faults,
        &db,
        8_192,
        |_| (),
        |s, _| s.orders_mut().create(&order),
        can_read,
    );
    let draft_order = |s: &mut Store| s.orders_mut().create(&order).unwrap().id;
    survive(
        "confirm an order",
        &mut s,
        &faults,
        &db,
        8_192,
        draft_order,
        |s, id| s.orders_mut().confirm(*id, true, true),
        can_read,
    );
    let confirmed = |s: &mut Store| {
        let o = s.orders_mut().create(&order).unwrap();
        s.orders_mut().confirm(o.id, true, true).unwrap();
        o
    };
    survive(
        "ship an order",
        &mut s,
        &faults,
        &db,
        8_192,
        confirmed,
        |s, o| {
            s.orders_mut().ship(
                o.id,
                &ShipmentDraft {
                    shipped_on: "2026-12-07".into(),
                    carrier: "顺丰速运".into(),
                    tracking: "SF1".into(),
                    lines: vec![(o.lines[0].id, "3".into())],
                },
            )
        },
        can_read,
    );
    survive(
        "record a stock movement",
        &mut s,
        &faults,
        &db,
        4_096,
        |_| (),
        |s, _| {
            s.stock_mut().record(&MovementDraft {
                product_id: p,
                kind: "receipt".into(),
                quantity: "5".into(),
                ..Default::default()
            })
        },
        can_read,
    );
}

#[test]
fn an_import_commit_rolls_back_whole_and_succeeds_later() {
    let (_dir, faults, mut s, _, _) = watched();
    let db = s.path().to_owned();
    let mut serial = 0;
    survive(
        "commit an import",
        &mut s,
        &faults,
        &db,
        16_384,
        |_| {
            // New codes each time: each file imports as new customers.
            serial += 1;
            let mut csv = String::from("客户编码,客户名称,联系人,手机,省份,城市\n");
            for i in 0..40 {
                csv += &format!(
                    "F{serial}-{i:02},导入客户{serial}-{i:02},张三,13800138000,广东,深圳\n"
                );
            }
            let bytes = csv.into_bytes();
            let plan = crate::import::plan(Kind::Customers, &bytes);
            (bytes, plan)
        },
        |s, (bytes, plan)| crate::import::commit(s, bytes, plan),
        can_read,
    );
}

#[test]
fn a_backup_leaves_no_file_behind_and_succeeds_later() {
    let (dir, faults, mut s, _, _) = watched();
    for i in 0..50 {
        s.customers_mut()
            .create(&draft(&format!("备份客户{i}")))
            .unwrap();
    }
    let db = s.path().to_owned();
    let folder = dir.path().to_owned();
    let mut serial = 0;
    let note = BackupNote {
        app_version: "0.1.0".into(),
        made_at: "2026-12-07T03:00:00Z".parse().unwrap(),
    };
    let tally = survive(
        "back up",
        &mut s,
        &faults,
        &db,
        32_768,
        |_| {
            serial += 1;
            folder.join(format!("backup-{serial}.chainbook"))
        },
        |s, dest: &PathBuf| {
            let out = backup_database(s.path(), None, dest, &note, |_| {
                std::ops::ControlFlow::Continue(())
            });
            if out.is_err() {
                let partial = dest.with_extension("chainbook.partial");
                assert!(!dest.exists() && !partial.exists(), "no half backup left");
            }
            out
        },
        can_read,
    );
    assert!(tally.failed > 3, "{tally:?}");
}

#[test]
fn a_batch_of_remote_changes_rolls_back_and_applies_later() {
    let (_a_dir, a) = fresh();
    // Watched before it opens: a file opened before the VFS was installed is not watched.
    let b_dir = tempfile::tempdir().unwrap();
    let faults = Faults::new(b_dir.path());
    let mut b = Store::open(&b_dir.path().join("chainbook.db")).unwrap();
    b.sync_mut().enable().unwrap();
    take_changes(&mut b);
    let db = b.path().to_owned();
    let mut pair = (a, b);
    let mut serial = 0;
    survive(
        "apply remote changes",
        &mut pair,
        &faults,
        &db,
        8_192,
        |(a, _)| {
            serial += 1;
            for i in 0..10 {
                a.customers_mut()
                    .create(&draft(&format!("远端客户{serial}-{i}")))
                    .unwrap();
            }
            take_changes(a)
        },
        |(_, b), batch| b.sync_mut().apply(batch),
        |(_, b)| can_read(b),
    );
    let (a, b) = pair;
    assert_eq!(
        b.customers().list(&CustomerQuery::default()).unwrap().total,
        a.customers().list(&CustomerQuery::default()).unwrap().total,
        "every batch applied once the faults were lifted"
    );
}

/// Whether `db` is whole at this build's schema.
fn migrated(db: &Path) -> bool {
    let c = rusqlite::Connection::open(db).unwrap();
    let version: u32 = c
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    version == chainbook_store::schema_version() && ok == "ok"
}

#[test]
fn a_migration_leaves_the_old_schema_and_runs_later() {
    let dir = tempfile::tempdir().unwrap();
    let faults = Faults::new(dir.path());
    let db = dir.path().join("old.db");
    let tally = survive(
        "migrate from schema 1",
        &mut (),
        &faults,
        &db,
        65_536,
        |_| {
            for f in std::fs::read_dir(dir.path()).unwrap() {
                std::fs::remove_file(f.unwrap().path()).unwrap();
            }
            chainbook_store::create_schema_at_version(&db, 1).unwrap();
        },
        |_, _| {
            let out = Store::open(&db).map(drop);
            let partial = std::fs::read_dir(dir.path())
                .unwrap()
                .filter_map(|f| f.ok())
                .find(|f| f.file_name().to_string_lossy().ends_with(".partial"));
            assert!(partial.is_none(), "no half snapshot left: {partial:?}");
            match out {
                // The migration committed and a later step of the open (the device row, the
                // settings it adopts) met the full disk: the file is whole at the new schema,
                // and the next start opens it (checked below once the fault is lifted).
                Err(e) if e.is_disk_fault() && migrated(&db) => Ok(()),
                other => other,
            }
        },
        |_| {},
    );
    assert!(tally.failed > 5, "{tally:?}");
    let s = Store::open(&db).unwrap();
    assert_eq!(
        s.schema_version().unwrap(),
        chainbook_store::schema_version()
    );
}
