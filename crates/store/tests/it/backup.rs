//! Backups, restore and its preview, the snapshot before a migration, checkpoints.

use std::path::Path;

use chainbook_store::backup::{backup_database, inspect, BackupNote};
use chainbook_store::{CustomerQuery, Store, StoreError};

use crate::draft;

fn note() -> BackupNote {
    BackupNote {
        app_version: "9.8.7".into(),
        made_at: "2026-12-07T03:00:00Z".parse().unwrap(),
    }
}

fn names(s: &Store) -> Vec<String> {
    let q = CustomerQuery {
        page_size: 500,
        ..Default::default()
    };
    let mut v: Vec<String> = s
        .customers()
        .list(&q)
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.fields.name)
        .collect();
    v.sort();
    v
}

fn count(info: &chainbook_store::backup::BackupInfo, kind: &str) -> u64 {
    info.counts.iter().find(|(k, _)| *k == kind).unwrap().1
}

#[test]
fn a_backup_is_one_whole_file_with_its_note_while_the_store_keeps_writing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chainbook.db");
    let mut s = Store::open(&db).unwrap();
    for i in 0..300 {
        s.customers_mut()
            .create(&draft(&format!("客户{i:03}")))
            .unwrap();
    }
    let dest = dir.path().join("copy.db");
    let mut steps = Vec::new();
    let mut wrote_during = 0;
    // The store writes between the copy's steps (the same thread: the copy never needs it).
    let done = backup_database(&db, None, &dest, &note(), |p| {
        steps.push(p);
        if wrote_during < 3 {
            s.customers_mut()
                .create(&draft(&format!("之后{wrote_during}")))
                .unwrap();
            wrote_during += 1;
        }
        std::ops::ControlFlow::Continue(())
    })
    .unwrap();
    assert!(done.bytes > 0);
    assert!(!steps.is_empty());
    let last = steps.last().unwrap();
    assert_eq!(last.done, last.total, "the copy reports every page");
    assert!(!dir.path().join("copy.db-wal").exists());
    assert!(!dir.path().join("copy.db.partial").exists());
    let info = inspect(&dest, None).unwrap();
    assert_eq!(info.note, Some(note()));
    assert_eq!(info.schema, s.schema_version().unwrap());
    assert_eq!(info.device_code, s.device().code);
    // The copy is the database as it was when the copy began: none of the writes made during it.
    assert_eq!(count(&info, "customers"), 300);
    assert!(info.newest.is_some());
    let mode: String = rusqlite::Connection::open(&dest)
        .unwrap()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete", "a backup needs no -wal beside it");
    assert!(wrote_during >= 1);
    assert_eq!(names(&s).len(), 300 + wrote_during);
}

#[test]
fn a_backup_into_a_folder_that_does_not_exist_fails_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chainbook.db");
    let _s = Store::open(&db).unwrap();
    let err = backup_database(
        &db,
        None,
        &dir.path().join("no/such/folder/x.db"),
        &note(),
        |_| std::ops::ControlFlow::Continue(()),
    )
    .unwrap_err();
    assert_eq!(err.code(), chainbook_core::ErrorCode::FileError, "{err}");
}

#[test]
fn preview_refuses_what_is_not_a_chainbook_database() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.db");
    std::fs::write(&text, "名称,电话\n甲,123\n".repeat(200)).unwrap();
    assert!(matches!(
        inspect(&text, None),
        Err(StoreError::NotABackup(_))
    ));
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    assert!(matches!(
        inspect(&empty, None),
        Err(StoreError::NotABackup(_))
    ));
    let other = dir.path().join("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); PRAGMA user_version = 3;")
        .unwrap();
    assert!(matches!(
        inspect(&other, None),
        Err(StoreError::NotABackup(_))
    ));
    let missing = inspect(&dir.path().join("missing.db"), None).unwrap_err();
    assert_eq!(missing.code(), chainbook_core::ErrorCode::FileError);
    // The text file is as it was: a preview changes nothing.
    assert!(std::fs::read_to_string(&text).unwrap().starts_with("名称"));
}

#[test]
fn a_backup_from_a_newer_schema_is_refused_and_the_data_stays() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chainbook.db");
    let mut s = Store::open(&db).unwrap();
    s.customers_mut().create(&draft("留下")).unwrap();
    let newer = dir.path().join("newer.db");
    backup_database(&db, None, &newer, &note(), |_| {
        std::ops::ControlFlow::Continue(())
    })
    .unwrap();
    let v = s.schema_version().unwrap() + 1;
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", v)
        .unwrap();
    match inspect(&newer, None) {
        Err(StoreError::NewerBackup { found, supported }) => {
            assert_eq!((found, supported), (v, v - 1))
        }
        other => panic!("{other:?}"),
    }
    let err = s.restore_from(&newer).unwrap_err();
    assert_eq!(err.code(), chainbook_core::ErrorCode::NewerBackup);
    assert_eq!(names(&s), ["留下"]);
}

#[test]
fn restore_brings_back_a_deleted_customer_and_keeps_the_clock_moving_forward() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chainbook.db");
    let mut s = Store::open(&db).unwrap();
    let keep = s.customers_mut().create(&draft("甲公司")).unwrap();
    s.customers_mut().create(&draft("乙公司")).unwrap();
    let device = s.device().clone();
    let copy = dir.path().join("backup.db");
    backup_database(&db, None, &copy, &note(), |_| {
        std::ops::ControlFlow::Continue(())
    })
    .unwrap();
    s.customers_mut().delete(keep.id).unwrap();
    s.customers_mut().create(&draft("丙公司")).unwrap();
    let clock = s.hlc_last().unwrap();
    assert_eq!(names(&s), ["丙公司", "乙公司"]);

    let info = s.restore_from(&copy).unwrap();
    assert_eq!(count(&info, "customers"), 2);
    assert_eq!(names(&s), ["乙公司", "甲公司"]);
    assert_eq!(s.customers().get(keep.id).unwrap().fields.name, "甲公司");
    assert_eq!(
        s.device(),
        &device,
        "the restored data keeps its device identity"
    );
    assert!(s.hlc_last().unwrap() >= clock, "the clock never goes back");
    // Writes go on after the restore, and the file holds them after a reopen.
    s.customers_mut().create(&draft("丁公司")).unwrap();
    assert!(s.hlc_last().unwrap() > clock);
    drop(s);
    let s = Store::open(&db).unwrap();
    assert_eq!(names(&s), ["丁公司", "乙公司", "甲公司"]);
    assert!(
        inspect(&db, None).unwrap().note.is_none(),
        "the backup's note is not kept"
    );
}

/// A database at `version` with a device row and one customer, as an older build left it.
pub(crate) fn older_database(path: &Path, version: u32) {
    chainbook_store::create_schema_at_version(path, version).unwrap();
    rusqlite::Connection::open(path)
        .unwrap()
        .execute_batch(
            "INSERT INTO device (singleton, id, code, created_at, hlc_last)
             VALUES (1, '0190c2a0-0000-7000-8000-0000000000aa', 'K7Q', '2026-01-01T00:00:00.000Z', 500);
             INSERT INTO customers (id, code, kind, name, currency, created_at, updated_at, updated_by)
             VALUES ('0190c2a0-0000-7000-8000-000000000010', 'C-1', 'company', '旧客户', 'CNY',
                     '2026-01-01T00:00:00.000Z', 300, '0190c2a0-0000-7000-8000-0000000000aa');",
        )
        .unwrap();
}

#[test]
fn opening_an_older_schema_keeps_a_snapshot_until_the_next_good_start() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chainbook.db");
    let from = 14;
    older_database(&db, from);
    let s = Store::open(&db).unwrap();
    let latest = s.schema_version().unwrap();
    assert_eq!(names(&s), ["旧客户"]);
    let snapshot = dir.path().join(format!("chainbook.db.before-v{latest}"));
    let old: u32 = rusqlite::Connection::open(&snapshot)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(old, from, "the snapshot is the data before the migration");
    drop(s);
    let s = Store::open(&db).unwrap();
    assert!(
        !snapshot.exists(),
        "a start with nothing to migrate removes the snapshot"
    );
    assert_eq!(names(&s), ["旧客户"]);
}

#[test]
fn restoring_an_older_backup_migrates_it() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.db");
    older_database(&old, 14);
    let info = inspect(&old, None).unwrap();
    assert_eq!((info.schema, info.device_code.as_str()), (14, "K7Q"));
    let db = dir.path().join("chainbook.db");
    let mut s = Store::open(&db).unwrap();
    s.customers_mut().create(&draft("现在的")).unwrap();
    let clock = s.hlc_last().unwrap();
    s.restore_from(&old).unwrap();
    assert_eq!(
        s.schema_version().unwrap(),
        chainbook_store::schema_version()
    );
    assert_eq!(names(&s), ["旧客户"]);
    assert_eq!(s.device().code, "K7Q");
    assert!(s.hlc_last().unwrap() >= clock);
    assert!(dir
        .path()
        .join(format!(
            "chainbook.db.before-v{}",
            chainbook_store::schema_version()
        ))
        .exists());
}

fn failing(tx: &rusqlite::Transaction<'_>) -> chainbook_store::Result<()> {
    tx.execute_batch("CREATE TABLE half_done (x); ALTER TABLE customers ADD COLUMN y TEXT;")?;
    Err(StoreError::Internal("injected failure".into()))
}

#[test]
fn a_failed_migration_rolls_back_and_the_data_opens_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chainbook.db");
    let mut s = Store::open(&db).unwrap();
    s.customers_mut().create(&draft("升级前")).unwrap();
    let from = s.schema_version().unwrap();
    drop(s);
    let err = Store::open_with_extra_migration(&db, failing).unwrap_err();
    let StoreError::MigrationFailed {
        from: f,
        to,
        snapshot,
        reason,
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!((*f, *to), (from, from + 1));
    assert!(reason.contains("injected failure"), "{reason}");
    assert_eq!(err.code(), chainbook_core::ErrorCode::MigrationFailed);
    let snapshot = snapshot.clone().unwrap();
    assert!(snapshot.exists(), "the snapshot is kept");
    // The file is at its old schema with its data, without the half-done migration.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 0);
    drop(conn);
    let s = Store::open(&db).unwrap();
    assert_eq!(s.schema_version().unwrap(), from);
    assert_eq!(names(&s), ["升级前"]);
    assert!(!snapshot.exists(), "the next good start removes it");
}

/// A step that commits part of the upgrade before failing (as a Rust step that ended the
/// transaction would) leaves new tables under the old version number. From every released
/// schema's fixture (see `upgrade`): the snapshot is put back, so what remains is the
/// fixture as it was, with every figure of its manifest, and the next start upgrades it.
#[test]
fn a_migration_that_commits_half_way_then_fails_leaves_the_snapshot_in_place() {
    use crate::upgrade::fixture;
    fn half_committed(tx: &rusqlite::Transaction<'_>) -> chainbook_store::Result<()> {
        tx.execute_batch("CREATE TABLE half_done (x); COMMIT; BEGIN;")?;
        Err(StoreError::Internal(
            "injected failure after a commit".into(),
        ))
    }
    let latest = chainbook_store::schema_version();
    let schema = |conn: &rusqlite::Connection| -> Vec<(String, Option<String>)> {
        conn.prepare("SELECT name, sql FROM sqlite_schema ORDER BY name")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    for from in 1..=latest {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("chainbook.db");
        fixture::load(from, &db);
        let m = fixture::manifest(from);
        let before = schema(&rusqlite::Connection::open(&db).unwrap());
        let err = Store::open_with_extra_migration(&db, half_committed).unwrap_err();
        let StoreError::MigrationFailed {
            from: f,
            to,
            snapshot,
            ..
        } = &err
        else {
            panic!("fixture {from}: {err:?}");
        };
        assert_eq!((*f, *to), (from, latest + 1));
        assert!(
            snapshot.as_ref().unwrap().exists(),
            "fixture {from}: the snapshot is kept"
        );
        let conn = rusqlite::Connection::open(&db).unwrap();
        let at: u32 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(at, from, "fixture {from}: back at its schema");
        assert_eq!(
            schema(&conn),
            before,
            "fixture {from}: no table of the attempt remains"
        );
        let integrity: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(integrity, "ok");
        assert_eq!(
            fixture::figures(&conn, from, &m.made_by),
            m,
            "fixture {from}: every figure as it was"
        );
        drop(conn);
        let s = Store::open(&db).unwrap();
        assert_eq!(
            s.schema_version().unwrap(),
            latest,
            "fixture {from}: upgrades after"
        );
        assert_eq!(
            s.customers().count(&Default::default()).unwrap(),
            m.rows["customers"] as u64
        );
    }
}

#[test]
fn a_migration_that_succeeds_takes_the_snapshot_first() {
    fn fine(tx: &rusqlite::Transaction<'_>) -> chainbook_store::Result<()> {
        tx.execute_batch("CREATE TABLE added_later (x)")?;
        Ok(())
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chainbook.db");
    let from = Store::open(&db).unwrap().schema_version().unwrap();
    let s = Store::open_with_extra_migration(&db, fine).unwrap();
    assert_eq!(s.schema_version().unwrap(), from + 1);
    assert!(dir
        .path()
        .join(format!("chainbook.db.before-v{}", from + 1))
        .exists());
}

#[test]
fn after_closing_the_store_the_database_file_alone_holds_the_last_record() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chainbook.db");
    let mut s = Store::open(&db).unwrap();
    // Another connection keeps the file open, as a backup tool or a second process would, so
    // SQLite's own checkpoint on the last close does not happen.
    let other = rusqlite::Connection::open(&db).unwrap();
    other
        .query_row("SELECT count(*) FROM customers", [], |r| r.get::<_, i64>(0))
        .unwrap();
    assert!(s.checkpoint().unwrap(), "the schema is in the file");
    s.customers_mut().create(&draft("最后一个")).unwrap();

    let alone = |name: &str| {
        let copy = dir.path().join(name);
        std::fs::create_dir(&copy).unwrap();
        std::fs::copy(&db, copy.join("chainbook.db")).unwrap();
        let c = rusqlite::Connection::open(copy.join("chainbook.db")).unwrap();
        c.query_row("SELECT count(*) FROM customers", [], |r| r.get::<_, i64>(0))
            .unwrap()
    };
    // The premise: before the checkpoint the record is only in the -wal.
    assert_eq!(alone("before"), 0);
    drop(s);
    assert_eq!(alone("after"), 1);
    drop(other);
}

#[test]
fn the_idle_checkpoint_runs_once_after_writes() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("chainbook.db")).unwrap();
    assert!(!s.checkpoint_if_idle(std::time::Duration::ZERO).unwrap());
    s.customers_mut().create(&draft("写入")).unwrap();
    assert!(!s
        .checkpoint_if_idle(std::time::Duration::from_secs(3600))
        .unwrap());
    assert!(s.checkpoint_if_idle(std::time::Duration::ZERO).unwrap());
    assert!(!s.checkpoint_if_idle(std::time::Duration::ZERO).unwrap());
    assert_eq!(
        std::fs::metadata(dir.path().join("chainbook.db-wal"))
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn automatic_backup_settings_are_checked_and_kept_on_the_device() {
    use chainbook_store::settings::AutoBackup;
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("chainbook.db")).unwrap();
    assert_eq!(s.settings().auto_backup().unwrap(), AutoBackup::default());
    let on = AutoBackup {
        enabled: true,
        folder: format!(" {} ", dir.path().display()),
        daily: 3,
        weekly: 2,
    };
    let saved = s.settings_mut().set_auto_backup(&on).unwrap();
    assert_eq!(saved.folder, dir.path().display().to_string());
    assert_eq!(s.settings().auto_backup().unwrap(), saved);
    for (bad, field) in [
        (
            AutoBackup {
                folder: "relative/dir".into(),
                ..on.clone()
            },
            "folder",
        ),
        (
            AutoBackup {
                folder: String::new(),
                ..on.clone()
            },
            "folder",
        ),
        (
            AutoBackup {
                daily: 0,
                ..on.clone()
            },
            "daily",
        ),
        (
            AutoBackup {
                weekly: 53,
                ..on.clone()
            },
            "weekly",
        ),
    ] {
        let err = s.settings_mut().set_auto_backup(&bad).unwrap_err();
        assert_eq!(err.field(), Some(field), "{bad:?}");
    }
    assert_eq!(s.settings().auto_backup().unwrap(), saved);
    // Turned off, the folder may stay empty.
    let off = AutoBackup {
        enabled: false,
        folder: String::new(),
        ..on
    };
    s.settings_mut().set_auto_backup(&off).unwrap();
    assert!(
        s.sync().status().unwrap().change_log == 0,
        "device-local: nothing to sync"
    );
}

#[test]
fn a_stopped_backup_leaves_the_earlier_file_and_no_partial_copy() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chainbook.db");
    let mut s = Store::open(&db).unwrap();
    // More pages than one step copies (1,024 pages of 4 KiB).
    let drafts: Vec<_> = (0..2_000)
        .map(|i| chainbook_core::customer::CustomerDraft {
            notes: format!("{i} {}", "备注".repeat(500)),
            ..draft(&format!("客户{i:04}"))
        })
        .collect();
    s.customers_mut().import(&drafts).unwrap();
    let dest = dir.path().join("copy.db");
    std::fs::write(&dest, b"an earlier backup").unwrap();
    let mut steps = 0;
    let err = backup_database(&db, None, &dest, &note(), |p| {
        steps += 1;
        assert!(p.done < p.total, "stopped before the last step");
        std::ops::ControlFlow::Break(())
    })
    .unwrap_err();
    assert_eq!(err.code(), chainbook_core::ErrorCode::Cancelled, "{err}");
    assert_eq!(steps, 1);
    assert_eq!(std::fs::read(&dest).unwrap(), b"an earlier backup");
    assert!(!dir.path().join("copy.db.partial").exists());
}

/// The listener hears every committed write and a restore, and nothing of a write that was
/// refused or of a read: the app's window asks for its badges again only when told.
#[test]
fn the_change_listener_hears_commits_and_restores_only() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chainbook.db");
    let mut s = Store::open(&db).unwrap();
    let heard = Arc::new(AtomicUsize::new(0));
    let h = heard.clone();
    s.on_change(move || {
        h.fetch_add(1, Ordering::SeqCst);
    });
    let a = s.customers_mut().create(&draft("甲公司")).unwrap();
    assert_eq!(heard.load(Ordering::SeqCst), 1);
    let _ = names(&s);
    let _ = s.customers().get(a.id).unwrap();
    assert_eq!(heard.load(Ordering::SeqCst), 1, "reads are not changes");
    s.customers_mut().create(&draft("")).unwrap_err();
    assert_eq!(
        heard.load(Ordering::SeqCst),
        1,
        "a refused write changed nothing"
    );
    let copy = dir.path().join("backup.db");
    backup_database(&db, None, &copy, &note(), |_| {
        std::ops::ControlFlow::Continue(())
    })
    .unwrap();
    s.customers_mut().delete(a.id).unwrap();
    assert_eq!(heard.load(Ordering::SeqCst), 2);
    s.restore_from(&copy).unwrap();
    assert!(heard.load(Ordering::SeqCst) >= 3, "a restore is a change");
}
