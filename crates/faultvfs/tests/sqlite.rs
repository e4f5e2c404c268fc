//! The VFS under bare SQLite: acknowledged commits survive every cut, and each fault comes
//! back as its SQLite error code and goes with `lift`.

use chainbook_faultvfs::{Fault, Faults};
use rusqlite::{Connection, ErrorCode};

fn open(path: &std::path::Path) -> Connection {
    let c = Connection::open(path).unwrap();
    c.pragma_update(None, "journal_mode", "WAL").unwrap();
    c.pragma_update(None, "synchronous", "FULL").unwrap();
    c
}

#[test]
fn every_acknowledged_commit_survives_a_power_cut() {
    let mut losses = 0;
    for seed in 0..60u64 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let faults = Faults::new(dir.path()).power_loss();
        let c = open(&path);
        c.execute_batch("CREATE TABLE t (i INTEGER PRIMARY KEY, v BLOB NOT NULL)")
            .unwrap();
        faults.cut_after(1 + seed * 7 % 150);
        let mut acked = 0;
        for i in 1.. {
            // Rows of 3 KB, now and then a checkpoint: cuts land in log and database writes.
            let r = c.execute("INSERT INTO t (i, v) VALUES (?1, zeroblob(3000))", [i]);
            if r.is_err() {
                break;
            }
            acked = i;
            if i % 5 == 0 && c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").is_err() {
                break;
            }
        }
        assert!(faults.is_cut(), "seed {seed}");
        drop(c);
        let report = faults.restore_power(seed).unwrap();
        losses += report.unsynced;
        let c = Connection::open(&path).unwrap();
        let ok: String = c
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok", "seed {seed}");
        let (n, max): (i64, i64) = c
            .query_row("SELECT count(*), coalesce(max(i), 0) FROM t", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        // Every acknowledged row; perhaps the one in flight, whose commit a disk may have
        // taken whole before the sync that failed.
        assert_eq!(n, max, "seed {seed}: rows without gaps");
        assert!(
            n == acked || n == acked + 1,
            "seed {seed}: {n} rows, {acked} acknowledged, {report:?}"
        );
    }
    assert!(losses > 0, "some cuts lost unsynced writes");
}

#[test]
fn each_fault_is_its_sqlite_error_and_lifting_it_heals() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let faults = Faults::new(dir.path());
    let c = open(&path);
    c.execute_batch("CREATE TABLE t (v TEXT)").unwrap();
    let code = |r: rusqlite::Result<usize>| r.unwrap_err().sqlite_error_code();
    for (fault, expected) in [
        (Fault::DiskFull { bytes: 0 }, ErrorCode::DiskFull),
        (Fault::ReadOnly, ErrorCode::ReadOnly),
        (Fault::IoError, ErrorCode::SystemIoFailure),
    ] {
        faults.set(fault);
        assert_eq!(
            code(c.execute("INSERT INTO t VALUES ('x')", [])),
            Some(expected),
            "{fault:?}"
        );
        // Reads still work, and nothing was written.
        let n: i64 = c
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
        faults.lift();
        c.execute("INSERT INTO t VALUES ('x')", []).unwrap();
        c.execute("DELETE FROM t", []).unwrap();
    }
    assert!(faults.injected() >= 3);
    // A file opened while read-only is opened read-only; a WAL database whose log (deleted
    // at the last close) cannot be created then cannot be opened at all.
    drop(c);
    faults.set(Fault::ReadOnly);
    let c = Connection::open(&path).unwrap();
    assert_eq!(
        code(c.execute("INSERT INTO t VALUES ('x')", [])),
        Some(ErrorCode::CannotOpen)
    );
}
