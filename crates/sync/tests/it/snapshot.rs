//! The first sync of a device without rows of its own: the server's snapshot of merged rows,
//! applied in bulk, then pulls.
//!
//! - a device that takes the snapshot and one that replays every stored change through the
//!   merge seam end identical, table by table (field stamps included), and equal to the
//!   devices that did the work;
//! - a first sync stopped mid-snapshot (its answer lost, the app closed) resumes the same
//!   snapshot from its last applied page in a new process, and what was pushed meanwhile
//!   arrives after it;
//! - a device with rows of its own never takes the snapshot path.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use chainbook_protocol::Secret;
use chainbook_store::Store;
use chainbook_sync::{Limits, Progress, SyncClient, SyncError};
use chrono::Utc;

use crate::harness::{faulty_client, stored, world, Server, PASSWORD};
use crate::roundtrip::customer;
use crate::sim_common::{content, template, work, Rng};

/// A store on a copy of the blank template, signed in to `acme`.
struct Node {
    path: PathBuf,
    store: Store,
    conn: rusqlite::Connection,
    client: SyncClient,
    faults: std::sync::Arc<crate::harness::Faults>,
    token: Secret,
    serial: usize,
}

fn node(dir: &Path, server: &Server, name: &str, seed: u64, limits: Limits) -> Node {
    let path = dir.join(format!("{name}.db"));
    std::fs::copy(template(), &path).unwrap();
    let mut store = Store::open_seeded(&path, Box::new(Utc::now), seed).unwrap();
    store.set_device_code(&format!("{}X", name.len())).ok();
    let (mut client, faults) = faulty_client(&server.url);
    client.set_limits(limits);
    let signed = client
        .sign_in(&mut store, "acme", "rep", &Secret::new(PASSWORD), name)
        .unwrap();
    Node {
        conn: rusqlite::Connection::open(&path).unwrap(),
        path,
        store,
        client,
        faults,
        token: signed.token,
        serial: 0,
    }
}

/// `steps` of random work (customers, products, stock, orders through their lifecycle,
/// complaints, surveys, deletes) on the working devices, syncing now and then; then
/// everyone syncs until all hold everything.
fn history(rng: &mut Rng, nodes: &mut [Node], steps: usize) {
    for _ in 0..steps {
        let d = rng.below(nodes.len());
        let n = &mut nodes[d];
        if rng.chance(15) {
            n.client.sync_once(&mut n.store).unwrap();
        } else {
            n.serial += 1;
            work(rng, d, n.serial, &n.conn, &mut n.store);
        }
    }
    for _ in 0..3 {
        for n in nodes.iter_mut() {
            n.client.sync_once(&mut n.store).unwrap();
        }
    }
}

/// Field stamps as stored (content leaves them out: they are the merge's bookkeeping).
fn stamps(path: &Path) -> Vec<(String, String, String, i64, String)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT tbl, row_id, field, hlc, device FROM field_stamps ORDER BY 1, 2, 3")
        .unwrap();
    stmt.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn snapshot_ends(seen: &[Progress]) -> Vec<i64> {
    seen.iter()
        .filter_map(|p| match p {
            Progress::Snapshot { upto, .. } => Some(*upto),
            _ => None,
        })
        .collect()
}

fn nothing_waiting(store: &Store) {
    let s = store.sync().status().unwrap();
    assert_eq!(
        (s.waiting, s.newer_schema, s.refused, s.change_log),
        (0, 0, 0, 0),
        "{s:?}"
    );
}

#[test]
fn a_snapshot_ends_where_replaying_every_change_ends() {
    let (_dir, server) = world();
    let files = tempfile::tempdir().unwrap();
    for seed in [1_u64, 2, 3] {
        let mut rng = Rng(seed);
        let mut workers: Vec<Node> = (0..3)
            .map(|i| {
                let name = format!("w{seed}-{i}");
                node(
                    files.path(),
                    &server,
                    &name,
                    rng.next_u64(),
                    Limits::default(),
                )
            })
            .collect();
        history(&mut rng, &mut workers, 250);

        // By snapshot, in small pages.
        let limits = Limits {
            snapshot_page: 1 + rng.below(40) as u32,
            ..Limits::default()
        };
        let mut by_snapshot = node(files.path(), &server, &format!("s{seed}"), 7, limits);
        let mut seen = Vec::new();
        let r = by_snapshot
            .client
            .sync_with_progress(&mut by_snapshot.store, &mut |p| seen.push(p))
            .unwrap();
        assert!(!snapshot_ends(&seen).is_empty(), "took the snapshot");
        assert_eq!(r.cursor, r.head);
        nothing_waiting(&by_snapshot.store);

        // By replaying every stored change through the merge seam, in pages of 97.
        let mut by_replay = node(
            files.path(),
            &server,
            &format!("r{seed}"),
            8,
            Limits::default(),
        );
        let all = stored(&server.url, &by_replay.token);
        assert!(all.len() > 100, "a history worth the name: {}", all.len());
        for page in all.chunks(97) {
            let changes: Vec<_> = page.iter().map(|c| c.change.clone()).collect();
            let cursor = page.last().map(|c| c.seq).unwrap();
            by_replay
                .store
                .sync_mut()
                .apply_page(&changes, cursor)
                .unwrap();
        }
        let s = by_replay.store.sync().status().unwrap();
        assert_eq!((s.waiting, s.newer_schema, s.refused), (0, 0, 0), "{s:?}");

        let want = content(&workers[0].path);
        assert!(want["customers"].len() > 3 && want["sales_orders"].len() > 1);
        assert_eq!(
            content(&by_snapshot.path),
            content(&by_replay.path),
            "seed {seed}"
        );
        assert_eq!(content(&by_snapshot.path), want, "seed {seed}");
        assert_eq!(
            stamps(&by_snapshot.path),
            stamps(&by_replay.path),
            "seed {seed}"
        );
        // The search index was built once at the end: a customer is found by name.
        let name: String = by_snapshot
            .conn
            .query_row(
                "SELECT name FROM customers WHERE deleted = 0 ORDER BY id LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let hits = by_snapshot.store.search().customers(&name, 5).unwrap();
        assert!(!hits.is_empty(), "search for {name}");

        // And it goes on like any device: its edit reaches the others.
        by_snapshot
            .store
            .customers_mut()
            .create(&customer("after the snapshot"))
            .unwrap();
        let pushed = by_snapshot
            .client
            .sync_once(&mut by_snapshot.store)
            .unwrap()
            .pushed;
        assert!(pushed >= 1, "only its own new rows: {pushed}");
        assert!(
            pushed < 10,
            "the snapshot's rows are not pushed back: {pushed}"
        );
        let w = &mut workers[0];
        w.client.sync_once(&mut w.store).unwrap();
        assert_eq!(content(&workers[0].path), content(&by_snapshot.path));
    }
}

#[test]
fn a_first_sync_stopped_mid_snapshot_resumes_it_and_then_pulls_what_came_meanwhile() {
    let (_dir, server) = world();
    let files = tempfile::tempdir().unwrap();
    let mut rng = Rng(11);
    let mut workers = vec![node(files.path(), &server, "w", 1, Limits::default())];
    history(&mut rng, &mut workers, 200);

    let small = Limits {
        snapshot_page: 9,
        ..Limits::default()
    };
    let mut fresh = node(files.path(), &server, "fresh", 2, small);
    let faults = fresh.faults.clone();
    let mut pages = 0;
    let e = fresh
        .client
        .sync_with_progress(&mut fresh.store, &mut |p| {
            if matches!(p, Progress::Snapshot { .. }) {
                pages += 1;
                if pages == 3 {
                    faults.lose_pull_answer.store(true, Ordering::SeqCst);
                }
            }
        })
        .unwrap_err();
    assert!(matches!(e, SyncError::Offline), "{e:?}");
    let upto = fresh
        .store
        .sync()
        .snapshot_upto()
        .unwrap()
        .expect("under way");
    let at = fresh.store.sync().pull_cursor().unwrap();
    assert!(at > 0 && at < upto, "three pages applied: {at} of {upto}");
    // The app closes; the file is all that is left.
    let path = fresh.path.clone();
    let token = fresh.token.clone();
    drop(fresh);

    // Meanwhile the worker adds rows and edits rows of the snapshot, before and after the
    // point where it stopped.
    history(&mut rng, &mut workers, 80);

    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.sync().snapshot_upto().unwrap(), Some(upto));
    let mut client = SyncClient::new(&server.url).unwrap();
    client.set_token(token);
    client.set_limits(small);
    let mut seen = Vec::new();
    let r = client
        .sync_with_progress(&mut store, &mut |p| seen.push(p))
        .unwrap();
    let ends = snapshot_ends(&seen);
    assert!(
        !ends.is_empty() && ends.iter().all(|u| *u == upto),
        "{ends:?}"
    );
    assert!(
        matches!(seen.last(), Some(Progress::Pulling { .. })),
        "then pulls: {:?}",
        seen.last()
    );
    assert!(r.head > upto, "the worker pushed meanwhile");
    assert_eq!(r.cursor, r.head);
    assert_eq!(store.sync().snapshot_upto().unwrap(), None);
    nothing_waiting(&store);
    assert_eq!(content(&path), content(&workers[0].path));
}

#[test]
fn a_device_with_rows_of_its_own_never_takes_the_snapshot() {
    let (_dir, server) = world();
    let files = tempfile::tempdir().unwrap();
    let mut rng = Rng(5);
    let mut workers = vec![node(files.path(), &server, "w", 1, Limits::default())];
    history(&mut rng, &mut workers, 120);

    let path = files.path().join("own.db");
    std::fs::copy(template(), &path).unwrap();
    let mut store = Store::open_seeded(&path, Box::new(Utc::now), 3).unwrap();
    assert!(store.sync().is_blank().unwrap());
    store.customers_mut().create(&customer("mine")).unwrap();
    assert!(!store.sync().is_blank().unwrap());
    let (mut client, _faults) = faulty_client(&server.url);
    client
        .sign_in(&mut store, "acme", "rep", &Secret::new(PASSWORD), "own")
        .unwrap();
    let mut seen = Vec::new();
    let r = client
        .sync_with_progress(&mut store, &mut |p| seen.push(p))
        .unwrap();
    assert!(snapshot_ends(&seen).is_empty(), "no snapshot: {seen:?}");
    assert!(seen.iter().any(|p| matches!(p, Progress::Pulling { .. })));
    assert_eq!(r.cursor, r.head);
    nothing_waiting(&store);
    let w = &mut workers[0];
    w.client.sync_once(&mut w.store).unwrap();
    assert_eq!(content(&path), content(&workers[0].path));
}
