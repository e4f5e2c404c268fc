//! Encryption at rest: turning it on and off keeps every row, a missing or wrong key is a
//! typed error that changes nothing, a failure half-way leaves the old file whole and in use,
//! and backups and the snapshot before a migration of an encrypted database stay encrypted.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use chainbook_store::backup::{backup_database, inspect, BackupNote};
use chainbook_store::cipher::{file_state, FileState, Key};
use chainbook_store::{CustomerQuery, Store, StoreError};
use chrono::Utc;
use rusqlite::types::Value;

use crate::draft;

/// A name typed by the user, looked for in the files' bytes.
const SECRET: &str = "Zhangsan-Trading-保密客户";

fn clock() -> chainbook_store::Clock {
    Box::new(Utc::now)
}

/// A store with `n` customers and one named [`SECRET`], checkpointed into its file.
fn filled(dir: &Path, n: usize) -> (PathBuf, Store) {
    let db = dir.join("chainbook.db");
    let mut s = Store::open(&db).unwrap();
    for i in 0..n {
        s.customers_mut()
            .create(&draft(&format!("客户{i:04}")))
            .unwrap();
    }
    s.customers_mut().create(&draft(SECRET)).unwrap();
    s.checkpoint().unwrap();
    (db, s)
}

/// Every row of every stored table (FTS5's shadow tables included) and the schema version,
/// read through a connection keyed with `key`.
fn dump(path: &Path, key: Option<&Key>) -> BTreeMap<String, Vec<Vec<Value>>> {
    let conn = rusqlite::Connection::open(path).unwrap();
    if let Some(k) = key {
        conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", k.to_hex()))
            .unwrap();
    }
    let mut out = BTreeMap::new();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    out.insert("user_version".into(), vec![vec![Value::Integer(version)]]);
    let tables: Vec<(String, String)> = conn
        .prepare(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND rootpage > 0
             AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for (t, sql) in tables {
        let order = if sql.contains("WITHOUT ROWID") {
            "1"
        } else {
            "rowid"
        };
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY {order}"))
            .unwrap();
        let cols = stmt.column_count();
        let rows: Vec<Vec<Value>> = stmt
            .query_map([], |r| (0..cols).map(|i| r.get::<_, Value>(i)).collect())
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        out.insert(t, rows);
    }
    out
}

fn contains(path: &Path, needle: &str) -> bool {
    let bytes = std::fs::read(path).unwrap_or_default();
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn side(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn found(s: &Store, q: &str) -> u64 {
    s.customers()
        .list(&CustomerQuery {
            search: Some(q.into()),
            ..Default::default()
        })
        .unwrap()
        .total
}

#[test]
fn on_and_off_again_keeps_every_row_and_the_file_holds_no_plaintext() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut s) = filled(dir.path(), 300);
    let before = dump(&db, None);
    assert!(contains(&db, SECRET), "the plain file holds the name");
    assert_eq!(file_state(&db).unwrap(), FileState::Plain);

    let key = Key::generate().unwrap();
    let calls = Arc::new(AtomicU32::new(0));
    let seen = calls.clone();
    s.set_encryption(Some(key.clone()), move |p| {
        assert!(p.done <= p.total);
        seen.fetch_add(1, Ordering::Relaxed);
        true
    })
    .unwrap();
    assert!(s.is_encrypted());
    assert!(calls.load(Ordering::Relaxed) > 0, "progress was reported");
    assert_eq!(file_state(&db).unwrap(), FileState::Encrypted);
    assert!(!contains(&db, SECRET), "the encrypted file holds no name");
    assert!(!contains(&db, "SQLite format 3"));
    assert!(!side(&db, ".rekey").exists());
    assert_eq!(dump(&db, Some(&key)), before, "every row, as it was");
    // The store keeps working on the encrypted file: search (FTS5) and writes.
    assert_eq!(found(&s, "Zhangsan"), 1);
    let later = "Lisi-Later-后来的客户";
    s.customers_mut().create(&draft(later)).unwrap();
    assert_eq!(found(&s, "Lisi"), 1);
    for f in [db.clone(), side(&db, "-wal")] {
        assert!(!contains(&f, later), "{} holds a name", f.display());
    }
    drop(s);
    assert!(!contains(&db, later));

    let mut s = Store::open_keyed(&db, clock(), Some(key.clone())).unwrap();
    assert!(s.is_encrypted());
    assert_eq!(found(&s, "Lisi"), 1);
    let encrypted = dump(&db, Some(&key));

    s.set_encryption(None, |_| true).unwrap();
    assert!(!s.is_encrypted());
    assert_eq!(file_state(&db).unwrap(), FileState::Plain);
    assert_eq!(
        dump(&db, None),
        encrypted,
        "every row, back in a plain file"
    );
    assert_eq!(found(&s, "Zhangsan"), 1);
    drop(s);
    let s = Store::open(&db).unwrap();
    assert!(!s.is_encrypted());
    assert_eq!(found(&s, "Lisi"), 1);
    // A key left over (a crash before it was deleted) does not matter to a plain file.
    drop(s);
    let s = Store::open_keyed(&db, clock(), Some(key)).unwrap();
    assert!(!s.is_encrypted());
}

#[test]
fn a_missing_or_wrong_key_is_a_typed_error_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut s) = filled(dir.path(), 20);
    let key = Key::generate().unwrap();
    s.set_encryption(Some(key.clone()), |_| true).unwrap();
    drop(s);
    let bytes = std::fs::read(&db).unwrap();

    match Store::open(&db) {
        Err(StoreError::KeyMissing) => {}
        other => panic!("expected KeyMissing, got {other:?}"),
    }
    assert_eq!(
        StoreError::KeyMissing.code(),
        chainbook_core::ErrorCode::EncryptionKeyMissing
    );
    let wrong = Key::generate().unwrap();
    match Store::open_keyed(&db, clock(), Some(wrong)) {
        Err(StoreError::KeyWrong) => {}
        other => panic!("expected KeyWrong, got {other:?}"),
    }
    assert_eq!(
        StoreError::KeyWrong.code(),
        chainbook_core::ErrorCode::EncryptionKeyWrong
    );
    // A key with one bit flipped is as wrong as any other.
    let mut hex = key.to_hex().into_bytes();
    hex[0] = if hex[0] == b'0' { b'1' } else { b'0' };
    let flipped = Key::from_hex(std::str::from_utf8(&hex).unwrap()).unwrap();
    assert!(matches!(
        Store::open_keyed(&db, clock(), Some(flipped)),
        Err(StoreError::KeyWrong)
    ));
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "the file is untouched");
    assert!(
        !side(&db, "-wal").exists() || std::fs::metadata(side(&db, "-wal")).unwrap().len() == 0
    );

    let s = Store::open_keyed(&db, clock(), Some(key)).unwrap();
    assert_eq!(found(&s, "Zhangsan"), 1, "the right key still opens it all");
}

#[test]
fn a_failure_half_way_leaves_the_old_file_whole_and_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut s) = filled(dir.path(), 400);
    let bytes = std::fs::read(&db).unwrap();
    let rows = dump(&db, None);
    let calls = Arc::new(AtomicU32::new(0));
    let seen = calls.clone();
    // The copy is stopped at its second progress report: an injected failure in the middle.
    let err = s
        .set_encryption(Some(Key::generate().unwrap()), move |_| {
            seen.fetch_add(1, Ordering::Relaxed) < 1
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Stopped), "{err:?}");
    assert_eq!(calls.load(Ordering::Relaxed), 2, "stopped in the middle");
    assert!(!s.is_encrypted());
    assert!(!side(&db, ".rekey").exists(), "no half copy is left");
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "the file is untouched");
    // Still in use: a write lands, and the file opens plain with every row.
    s.customers_mut().create(&draft("之后写入")).unwrap();
    drop(s);
    let mut after = dump(&db, None);
    assert_eq!(after["customers"].len(), rows["customers"].len() + 1);
    after.clear();
    let mut s = Store::open(&db).unwrap();
    assert_eq!(found(&s, "之后写入"), 1);

    // The same the other way: an encrypted database stays encrypted and opens with its key.
    let key = Key::generate().unwrap();
    s.set_encryption(Some(key.clone()), |_| true).unwrap();
    s.checkpoint().unwrap();
    let bytes = std::fs::read(&db).unwrap();
    let err = s.set_encryption(None, |_| false).unwrap_err();
    assert!(matches!(err, StoreError::Stopped), "{err:?}");
    assert!(s.is_encrypted());
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
    assert_eq!(found(&s, "Zhangsan"), 1);
    drop(s);
    let s = Store::open_keyed(&db, clock(), Some(key)).unwrap();
    assert_eq!(found(&s, "之后写入"), 1);
}

fn note() -> BackupNote {
    BackupNote {
        app_version: "9.8.7".into(),
        made_at: "2026-12-07T03:00:00Z".parse().unwrap(),
    }
}

#[test]
fn backups_of_an_encrypted_database_stay_encrypted_and_restore_with_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut s) = filled(dir.path(), 50);
    // A plain backup from before encryption was turned on.
    let plain = dir.path().join("plain.db");
    backup_database(&db, None, &plain, &note(), |_| {
        std::ops::ControlFlow::Continue(())
    })
    .unwrap();
    let key = Key::generate().unwrap();
    s.set_encryption(Some(key.clone()), |_| true).unwrap();

    let copy = dir.path().join("copy.db");
    backup_database(&db, s.key(), &copy, &note(), |_| {
        std::ops::ControlFlow::Continue(())
    })
    .unwrap();
    assert_eq!(file_state(&copy).unwrap(), FileState::Encrypted);
    assert!(!contains(&copy, SECRET));
    assert!(!contains(&copy, "SQLite format 3"));
    assert!(matches!(
        inspect(&copy, None),
        Err(StoreError::NotABackup(_))
    ));
    assert!(matches!(
        inspect(&copy, Some(&Key::generate().unwrap())),
        Err(StoreError::KeyWrong)
    ));
    // Without the key a backup of an encrypted database cannot be made at all.
    assert!(matches!(
        backup_database(&db, None, &dir.path().join("no.db"), &note(), |_| {
            std::ops::ControlFlow::Continue(())
        }),
        Err(StoreError::KeyMissing)
    ));
    let info = inspect(&copy, Some(&key)).unwrap();
    assert_eq!(
        info.counts.iter().find(|c| c.0 == "customers").unwrap().1,
        51
    );
    assert_eq!(info.note, Some(note()));

    // Restore: the deleted customer comes back, and the database stays encrypted.
    let id = s.search().customers("Zhangsan", 5).unwrap()[0].id;
    s.customers_mut().delete(id).unwrap();
    assert_eq!(found(&s, "Zhangsan"), 0);
    s.restore_from(&copy).unwrap();
    assert_eq!(found(&s, "Zhangsan"), 1);
    assert!(s.is_encrypted());
    assert_eq!(file_state(&db).unwrap(), FileState::Encrypted);

    // A plain backup restores into the encrypted database, which stays encrypted.
    s.customers_mut().create(&draft("备份之后")).unwrap();
    s.restore_from(&plain).unwrap();
    assert_eq!(found(&s, "备份之后"), 0);
    assert_eq!(found(&s, "Zhangsan"), 1);
    s.checkpoint().unwrap();
    assert_eq!(file_state(&db).unwrap(), FileState::Encrypted);
    assert!(!contains(&db, SECRET));
    drop(s);
    let s = Store::open_keyed(&db, clock(), Some(key)).unwrap();
    assert_eq!(found(&s, "Zhangsan"), 1);
}

#[test]
fn the_snapshot_before_a_migration_of_an_encrypted_database_is_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.db");
    crate::backup::older_database(&old, 14);
    // The old file encrypted as a Chainbook of schema 14 with encryption on would have it.
    let db = dir.path().join("chainbook.db");
    let key = Key::generate().unwrap();
    let conn = rusqlite::Connection::open(&old).unwrap();
    conn.execute(
        "ATTACH DATABASE ?1 AS enc KEY ?2",
        rusqlite::params![db.to_string_lossy(), format!("x'{}'", key.to_hex())],
    )
    .unwrap();
    conn.query_row("SELECT sqlcipher_export('enc')", [], |_| Ok(()))
        .unwrap();
    conn.execute_batch("PRAGMA enc.user_version = 14; DETACH DATABASE enc;")
        .unwrap();
    drop(conn);
    assert_eq!(file_state(&db).unwrap(), FileState::Encrypted);

    let s = Store::open_keyed(&db, clock(), Some(key.clone())).unwrap();
    assert!(s.is_encrypted());
    let names: Vec<String> = s
        .customers()
        .list(&CustomerQuery::default())
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.fields.name)
        .collect();
    assert_eq!(names, ["旧客户"]);
    let snapshot = dir.path().join(format!(
        "chainbook.db.before-v{}",
        chainbook_store::schema_version()
    ));
    assert_eq!(file_state(&snapshot).unwrap(), FileState::Encrypted);
    assert!(!contains(&snapshot, "旧客户"));
    assert_eq!(inspect(&snapshot, Some(&key)).unwrap().schema, 14);
}
