//! Push and pull: the round trip, retried batches, many clients pushing at once, a clock too
//! far ahead, and the paged, resumable, compressed snapshot of a new device (merged rows,
//! bad cursors).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::sync::Arc;
use std::thread;

use chainbook_protocol::{
    paths, ApiError, SnapshotRequest, SnapshotResponse, SnapshotRow, MAX_CLOCK_AHEAD_MS,
};
use uuid::Uuid;

use crate::harness::*;

#[test]
fn pushed_changes_come_back_in_order_to_another_device() {
    let (_dir, server) = world();
    let a = Client::signed_in(&server.url(), "acme", "rep");
    let b = Client::signed_in(&server.url(), "acme", "boss");
    let pushed = changes(3, a.device);
    let answer = a.push(&pushed).expect("push");
    assert_eq!(answer.seqs, [1, 2, 3]);
    let more = changes(2, b.device);
    assert_eq!(b.push(&more).expect("push").seqs, [4, 5]);

    let page = b.pull(0, 100).expect("pull");
    assert_eq!(page.next_cursor, 5);
    assert!(!page.more);
    assert_eq!(page.head, 5);
    assert!((page.server_time.timestamp_millis() as u64).abs_diff(now_ms()) < 60_000);
    let got: Vec<_> = page
        .changes
        .iter()
        .map(|c| (c.seq, c.change_id, c.device_id))
        .collect();
    let want: Vec<_> = pushed
        .iter()
        .map(|c| (c.change_id, a.device))
        .chain(more.iter().map(|c| (c.change_id, b.device)))
        .enumerate()
        .map(|(i, (id, dev))| (i as i64 + 1, id, dev))
        .collect();
    assert_eq!(got, want);
    for (p, c) in pushed.iter().zip(&page.changes) {
        assert_eq!(p.change, c.change, "the change comes back exactly");
    }
    // From a cursor, in small pages.
    let page = b.pull(3, 1).expect("pull");
    assert_eq!(
        (page.changes[0].seq, page.next_cursor, page.more),
        (4, 4, true)
    );
    assert_eq!(b.pull_all(0, 2).len(), 5);
    // An empty push is fine.
    assert!(a.push(&[]).expect("empty").seqs.is_empty());
}

#[test]
fn a_retried_batch_changes_nothing() {
    let (_dir, server) = world();
    let a = Client::signed_in(&server.url(), "acme", "rep");
    let b = Client::signed_in(&server.url(), "acme", "boss");
    let batch = a.batch(&changes(4, a.device));
    let first = a.push_request(&batch).expect("push");
    assert_eq!(first.seqs, [1, 2, 3, 4]);
    b.push(&changes(2, b.device))
        .expect("another device pushes between");
    for _ in 0..3 {
        assert_eq!(a.push_request(&batch).expect("retry").seqs, first.seqs);
    }
    // Part of it again inside a new batch: old ids keep their numbers, the new one is next.
    let mut mixed = vec![batch.changes[2].clone()];
    mixed.extend(changes(1, a.device));
    assert_eq!(a.push(&mixed).expect("mixed").seqs, [3, 7]);
    let all = b.pull_all(0, 100);
    assert_eq!(all.len(), 7);
    let ids: BTreeSet<Uuid> = all.iter().map(|c| c.change_id).collect();
    assert_eq!(ids.len(), 7, "nothing stored twice");

    // The same id with other content is refused whole, and stores nothing.
    let mut forged = batch.changes[0].clone();
    forged.change.row_id = "another row".into();
    let mut req = a.batch(&changes(1, a.device));
    req.changes.push(forged);
    let (status, e) = a.push_request(&req).expect_err("reused id").api();
    assert_eq!((status, e), (409, ApiError::ChangeIdReused { index: 1 }));
    assert_eq!(b.pull(0, 100).expect("pull").head, 7);
}

#[test]
fn concurrent_pushes_get_gapless_numbers_in_commit_order() {
    const CLIENTS: usize = 6;
    const BATCHES: usize = 15;
    const PER_BATCH: usize = 4;
    let (_dir, server) = world();
    let url = Arc::new(server.url());
    let threads: Vec<_> = (0..CLIENTS)
        .map(|i| {
            let url = Arc::clone(&url);
            thread::spawn(move || {
                let c = Client::signed_in(&url, "acme", if i % 2 == 0 { "rep" } else { "boss" });
                let mut got = Vec::new();
                for _ in 0..BATCHES {
                    let batch = changes(PER_BATCH, c.device);
                    let seqs = c.push(&batch).expect("push").seqs;
                    assert!(
                        seqs.windows(2).all(|w| w[1] == w[0] + 1),
                        "a batch is contiguous"
                    );
                    got.extend(batch.iter().map(|p| p.change_id).zip(seqs));
                }
                got
            })
        })
        .collect();
    let acknowledged: BTreeMap<Uuid, i64> = threads
        .into_iter()
        .flat_map(|t| t.join().expect("client thread"))
        .collect();
    let n = CLIENTS * BATCHES * PER_BATCH;
    assert_eq!(acknowledged.len(), n);
    let seqs: BTreeSet<i64> = acknowledged.values().copied().collect();
    assert_eq!(seqs, (1..=n as i64).collect(), "every number once, no gap");

    let reader = Client::signed_in(&url, "acme", "rep");
    let pulled = reader.pull_all(0, 37);
    assert_eq!(pulled.len(), n);
    for c in &pulled {
        assert_eq!(acknowledged.get(&c.change_id), Some(&c.seq));
    }
}

#[test]
fn a_push_stamped_six_minutes_ahead_is_refused_whole() {
    let (_dir, server) = world();
    let a = Client::signed_in(&server.url(), "acme", "rep");
    let now = now_ms();
    let ok = change_at("customers", "r1", serde_json::json!("ok"), now, a.device);
    let ahead = change_at(
        "customers",
        "r2",
        serde_json::json!("ahead"),
        now + 6 * 60_000,
        a.device,
    );
    let (status, e) = a.push(&[ok.clone(), ahead]).expect_err("clock ahead").api();
    assert_eq!(status, 422);
    match e {
        ApiError::ClockAhead {
            index,
            stamp_ms,
            server_ms,
            max_ahead_ms,
        } => {
            assert_eq!(index, 1);
            assert_eq!(max_ahead_ms, MAX_CLOCK_AHEAD_MS);
            assert!(stamp_ms > server_ms + MAX_CLOCK_AHEAD_MS);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(a.pull(0, 10).expect("pull").head, 0, "nothing stored");
    // Four minutes ahead is within the bound; a day behind is fine.
    let near = change_at(
        "customers",
        "r3",
        serde_json::json!("near"),
        now + 4 * 60_000,
        a.device,
    );
    let old = change_at(
        "customers",
        "r4",
        serde_json::json!("old"),
        now - 86_400_000,
        a.device,
    );
    assert_eq!(a.push(&[ok, near, old]).expect("push").seqs, [1, 2, 3]);
}

/// Reads a whole snapshot in pages of `limit`, each asked for by `after` alone, as after a
/// restart; answers its `upto` and rows.
fn whole_snapshot(c: &Client, limit: u32) -> (i64, Vec<SnapshotRow>) {
    let first = c
        .snapshot(SnapshotRequest {
            upto: None,
            after: 0,
            limit,
        })
        .expect("first page");
    let upto = first.upto;
    let (mut after, mut done) = (first.next_after, first.done);
    let mut rows = first.rows;
    while !done {
        let page = c
            .snapshot(SnapshotRequest {
                upto: Some(upto),
                after,
                limit,
            })
            .expect("page");
        assert_eq!(page.upto, upto);
        rows.extend(page.rows);
        (after, done) = (page.next_after, page.done);
    }
    assert_eq!(after, upto, "a finished snapshot's cursor is its upto");
    (upto, rows)
}

#[test]
fn a_new_device_reads_every_row_once_in_its_merged_state() {
    let (_dir, server) = world();
    let a = Client::signed_in(&server.url(), "acme", "rep");
    let b = Client::signed_in(&server.url(), "acme", "boss");
    let mut inserts = Vec::new();
    for _ in 0..5 {
        let batch = changes(50, a.device);
        a.push(&batch).expect("push");
        inserts.extend(batch);
    }
    // B edits ten of the rows, later; A then edits two of them with an older stamp (its
    // write loses on every device, so it loses in the snapshot too).
    let later = now_ms() + 1_000;
    let edit = |c: &chainbook_protocol::PushChange, value: &str, ms: u64, device: Uuid| {
        change_at(
            "customers",
            &c.change.row_id,
            serde_json::json!(value),
            ms,
            device,
        )
    };
    let edits: Vec<_> = inserts[..10]
        .iter()
        .map(|c| edit(c, "by B", later, b.device))
        .collect();
    b.push(&edits).expect("edits");
    let stale: Vec<_> = inserts[..2]
        .iter()
        .map(|c| edit(c, "stale", later - 500, a.device))
        .collect();
    a.push(&stale).expect("stale edits");

    let fresh = Client::signed_in(&server.url(), "acme", "boss");
    let (upto, rows) = whole_snapshot(&fresh, 7);
    assert_eq!(upto, 262);
    // Each row once, in the order rows first arrived, with the winning value and its stamp.
    assert_eq!(
        rows.iter().map(|r| r.seq).collect::<Vec<_>>(),
        (1..=250).collect::<Vec<_>>()
    );
    for (i, (row, insert)) in rows.iter().zip(&inserts).enumerate() {
        assert_eq!(row.change.row_id, insert.change.row_id);
        let name = &row.change.fields["name"];
        if i < 10 {
            assert_eq!(name.value, serde_json::json!("by B"), "row {i}");
            assert_eq!(name.stamp, edits[i].change.fields["name"].stamp);
        } else {
            assert_eq!(
                row.change, insert.change,
                "row {i}: never edited, as pushed"
            );
        }
    }
}

#[test]
fn a_snapshot_is_paged_resumable_compressed_and_later_pushes_come_after_it() {
    let (_dir, server) = world();
    let a = Client::signed_in(&server.url(), "acme", "rep");
    let mut pushed = Vec::new();
    for _ in 0..5 {
        let batch = changes(50, a.device);
        a.push(&batch).expect("push");
        pushed.extend(batch);
    }
    let fresh = Client::signed_in(&server.url(), "acme", "boss");
    let first = fresh
        .snapshot(SnapshotRequest {
            upto: None,
            after: 0,
            limit: 100,
        })
        .expect("first page");
    assert_eq!(
        (first.upto, first.next_after, first.done, first.rows.len()),
        (250, 100, false, 100)
    );
    // Pushed while the snapshot is read: ten new rows (not in it) and an edit of a row in
    // its last page (read as it is when the page is read, and pulled again after it).
    a.push(&changes(10, a.device))
        .expect("push during the snapshot");
    let edit = change_at(
        "customers",
        &pushed[240].change.row_id,
        serde_json::json!("edited"),
        now_ms() + 1_000,
        a.device,
    );
    a.push(std::slice::from_ref(&edit))
        .expect("edit during the snapshot");
    let mut after = first.next_after;
    let mut seqs: Vec<i64> = first.rows.iter().map(|r| r.seq).collect();
    let mut edited = None;
    loop {
        let page = fresh
            .snapshot(SnapshotRequest {
                upto: Some(first.upto),
                after,
                limit: 100,
            })
            .expect("page");
        assert_eq!(page.upto, 250);
        seqs.extend(page.rows.iter().map(|r| r.seq));
        edited = edited.or(page
            .rows
            .iter()
            .find(|r| r.change.row_id == pushed[240].change.row_id)
            .map(|r| r.change.fields["name"].value.clone()));
        after = page.next_after;
        if page.done {
            break;
        }
    }
    assert_eq!(seqs, (1..=250).collect::<Vec<_>>());
    assert_eq!(after, 250);
    assert_eq!(edited, Some(serde_json::json!("edited")));
    let rest = fresh.pull_all(250, 100);
    assert_eq!(rest.len(), 11, "the new rows and the edit");
    assert_eq!(rest[10].change, edit.change);

    // Compressed on the wire when the client accepts gzip.
    let resp = fresh
        .request(paths::SNAPSHOT)
        .header("accept-encoding", "gzip")
        .json(&SnapshotRequest {
            upto: None,
            after: 0,
            limit: 5000,
        })
        .send()
        .expect("send");
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(
        resp.headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("gzip")
    );
    let compressed = resp.bytes().expect("body");
    let mut json = Vec::new();
    flate2::read::GzDecoder::new(&compressed[..])
        .read_to_end(&mut json)
        .expect("gunzip");
    let page: SnapshotResponse = serde_json::from_slice(&json).expect("snapshot json");
    assert_eq!(
        (page.rows.len(), page.upto, page.next_after, page.done),
        (260, 261, 261, true)
    );
    assert!(
        compressed.len() * 3 < json.len(),
        "{} of {}",
        compressed.len(),
        json.len()
    );
}

#[test]
fn bad_snapshot_cursors_are_clear_errors() {
    let (_dir, server) = world();
    let a = Client::signed_in(&server.url(), "acme", "rep");
    a.push(&changes(5, a.device)).expect("push");
    let ask = |upto: Option<i64>, after: i64, limit: u32| {
        a.snapshot(SnapshotRequest { upto, after, limit })
            .expect_err("refused")
            .api()
    };
    assert_eq!(ask(None, -1, 10), (400, ApiError::bad_request("after")));
    assert_eq!(ask(Some(2), 3, 10), (400, ApiError::bad_request("after")));
    assert_eq!(
        ask(Some(9), 0, 10),
        (409, ApiError::CursorAhead { head: 5 })
    );
    assert_eq!(ask(None, 6, 10), (409, ApiError::CursorAhead { head: 5 }));
    assert_eq!(ask(None, 0, 0), (400, ApiError::bad_request("limit")));
    // Not JSON, or a cursor that is not a number.
    for body in ["not json", "{\"after\": \"x\", \"limit\": 10}"] {
        let resp = a
            .request(paths::SNAPSHOT)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .expect("send");
        assert_eq!(resp.status().as_u16(), 400, "{body}");
    }
    // A finished snapshot asked again from its end is empty and done.
    let end = a
        .snapshot(SnapshotRequest {
            upto: Some(5),
            after: 5,
            limit: 10,
        })
        .expect("the end");
    assert!(end.rows.is_empty() && end.done && end.next_after == 5);
}
