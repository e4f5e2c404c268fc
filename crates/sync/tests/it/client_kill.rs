//! A client killed mid-pull: a child process (this test binary, re-run as
//! [`child_syncs_until_killed`]) syncs a device page by page — its first sync a paged
//! snapshot, later ones pulls — and is killed with SIGKILL at a random moment, again and again,
//! while another device keeps editing. After every kill the device's file is whole (SQLite's
//! integrity and foreign-key checks), every customer it holds is exactly as the other device
//! last sent it or as an earlier version of it (never half a row), and nothing is refused.
//! At the end the device syncs to the end and holds what the other holds.
//!
//! 6 kills in the suite, 100 with `CHAINBOOK_SLOW_TESTS=1` (`cargo xtask test --slow`).

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use chainbook_store::Store;
use chainbook_sync::{Limits, SyncClient};
use rusqlite::Connection;

use crate::harness::{real_device, world};
use crate::roundtrip::customer;

const CHILD_DB: &str = "CHAINBOOK_SYNC_CHILD_DB";
const CHILD_URL: &str = "CHAINBOOK_SYNC_CHILD_URL";
const CHILD_TOKEN: &str = "CHAINBOOK_SYNC_CHILD_TOKEN";

/// Small pages, so that a kill lands between pages as often as inside one.
fn small_pages() -> Limits {
    Limits {
        push_batch: 20,
        pull_page: 20,
        snapshot_page: 20,
    }
}

/// Runs only as the child the parent starts: syncs the device in `CHAINBOOK_SYNC_CHILD_DB`
/// over and over until killed.
#[test]
fn child_syncs_until_killed() {
    let (Ok(db), Ok(url), Ok(token)) = (
        std::env::var(CHILD_DB),
        std::env::var(CHILD_URL),
        std::env::var(CHILD_TOKEN),
    ) else {
        return;
    };
    let mut store = Store::open(Path::new(&db)).expect("open");
    let mut client = SyncClient::new(&url).expect("client");
    client.set_token(chainbook_protocol::Secret::new(token));
    client.set_limits(small_pages());
    loop {
        client.sync_once(&mut store).expect("sync");
    }
}

/// Name and phone of every customer in the file, by code (read with SQL, beside the store).
fn customers(path: &Path) -> HashMap<String, (String, String)> {
    let conn = Connection::open(path).expect("open");
    let mut stmt = conn
        .prepare("SELECT code, name, phone FROM customers WHERE deleted = 0")
        .expect("prepare");
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
        .expect("query");
    rows.map(|r| r.expect("row")).collect()
}

fn check_file(path: &Path) {
    let conn = Connection::open(path).expect("open");
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(ok, "ok");
    let broken: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .expect("foreign_key_check");
    assert_eq!(broken, 0, "rows whose parent is missing");
}

#[test]
fn a_client_killed_mid_pull_keeps_a_whole_file_and_resumes() {
    if std::env::var(CHILD_DB).is_ok() {
        return;
    }
    let slow = std::env::var("CHAINBOOK_SLOW_TESTS").is_ok_and(|v| v == "1");
    let kills = if slow { 100 } else { 6 };
    let (_dir, server) = world();
    let mut a = real_device(&server, "acme");
    let mut ids = Vec::new();
    for i in 0..300 {
        let c = a
            .store
            .customers_mut()
            .create(&customer(&format!("客户 {i:03}")))
            .expect("create");
        ids.push(c.id);
    }
    a.client.sync_once(&mut a.store).expect("sync a");
    // Every version of every customer A ever sent.
    let mut seen: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for (code, v) in customers(&a.path) {
        seen.entry(code).or_default().push(v);
    }

    // B signs in here; its store is closed for the children, which use its token.
    let b = real_device(&server, "acme");
    let (_b_dir, b_path, b_token) = (b._dir, b.path, b.signed_in.token);
    drop(b.store);
    let token = b_token.expose().to_owned();
    let exe = std::env::current_exe().expect("test binary");
    let mut rng = 0x9E37_79B9_7F4A_7C15u64 ^ u64::from(std::process::id());
    let mut partial = false;
    for kill in 0..kills {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "client_kill::child_syncs_until_killed",
                "--test-threads=1",
                "--nocapture",
            ])
            .env(CHILD_DB, &b_path)
            .env(CHILD_URL, &server.url)
            .env(CHILD_TOKEN, &token)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the child");
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        // The first kill comes early, inside the first sync's snapshot of 300 customers.
        let spread = if kill == 0 { 70 } else { 400 };
        std::thread::sleep(Duration::from_millis(30 + rng % spread));
        assert!(
            child.try_wait().expect("child").is_none(),
            "the child stopped on its own (kill {kill})"
        );
        child.kill().expect("SIGKILL");
        child.wait().expect("reap");

        check_file(&b_path);
        let b_store = Store::open(&b_path).expect("reopen");
        let status = b_store.sync().status().expect("status");
        assert_eq!((status.refused, status.newer_schema), (0, 0), "kill {kill}");
        let held = customers(&b_path);
        partial |= !held.is_empty() && held.len() < ids.len();
        for (code, v) in held {
            let versions = seen.get(&code).expect("a customer A made");
            assert!(
                versions.contains(&v),
                "kill {kill}: {code} holds {v:?}, a version A never had: {versions:?}"
            );
        }
        drop(b_store);

        // A goes on editing, so that later children pull on top of the snapshot.
        if kill % 2 == 1 {
            for (i, id) in ids.iter().enumerate().filter(|(i, _)| i % 3 == kill % 3) {
                let mut d = customer(&format!("客户 {i:03}"));
                d.phone = format!("0755-{kill:04}{i:04}");
                a.store.customers_mut().update(*id, &d).expect("edit");
            }
            a.client.sync_once(&mut a.store).expect("sync a");
            for (code, v) in customers(&a.path) {
                let versions = seen.entry(code).or_default();
                if !versions.contains(&v) {
                    versions.push(v);
                }
            }
        }
    }

    assert!(partial, "no kill landed inside the first sync");

    // Resumed to the end: B holds exactly what A holds.
    let mut b_store = Store::open(&b_path).expect("reopen");
    let mut client = SyncClient::new(&server.url).expect("client");
    client.set_token(b_token);
    client.set_limits(small_pages());
    client.sync_once(&mut b_store).expect("sync b");
    a.client.sync_once(&mut a.store).expect("sync a");
    assert_eq!(customers(&b_path), customers(&a.path));
    let status = b_store.sync().status().expect("status");
    assert_eq!(
        (status.change_log, status.waiting, status.refused),
        (0, 0, 0)
    );
}
