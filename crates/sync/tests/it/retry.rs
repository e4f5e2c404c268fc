//! Lost requests and answers: a push stored by the server whose answer never arrives is sent
//! again with the same change ids and stored once; a push that never arrived is simply sent
//! again; a lost pull leaves the cursor where it was. Clocks: a device 24 h behind still wins
//! with an edit made after it saw the other's; a device ahead is refused, typed, with nothing
//! stored.

use std::sync::atomic::Ordering;

use chainbook_sync::SyncError;
use chrono::{Duration, Utc};

use crate::harness::{assert_each_change_once, device, real_device, stored, world};
use crate::roundtrip::customer;

#[test]
fn a_push_whose_answer_was_lost_is_sent_again_and_stored_once() {
    let (_dir, server) = world();
    let mut a = real_device(&server, "acme");
    let mut b = real_device(&server, "acme");
    a.client.set_limits(chainbook_sync::Limits {
        push_batch: 2,
        ..Default::default()
    });
    let ids: Vec<_> = (0..5)
        .map(|i| {
            a.store
                .customers_mut()
                .create(&customer(&format!("客户 {i}")))
                .unwrap()
                .id
        })
        .collect();

    // The first batch is stored but its answer is lost: nothing is acknowledged.
    a.faults.lose_push_answer.store(true, Ordering::SeqCst);
    let before = a.store.sync().status().unwrap();
    assert!(matches!(
        a.client.sync_once(&mut a.store),
        Err(SyncError::Offline)
    ));
    assert_eq!(
        a.store.sync().status().unwrap(),
        before,
        "nothing acknowledged"
    );
    let after_loss = stored(&server.url, &a.signed_in.token).len();
    assert!(after_loss >= 1, "the server stored the first batch");

    // A push that never arrives, then the retry that gets through.
    a.faults.lose_push_request.store(true, Ordering::SeqCst);
    assert!(matches!(
        a.client.sync_once(&mut a.store),
        Err(SyncError::Offline)
    ));
    assert_eq!(
        stored(&server.url, &a.signed_in.token).len(),
        after_loss,
        "a request that never arrived stored nothing"
    );
    a.client.sync_once(&mut a.store).unwrap();
    assert_eq!(a.store.sync().status().unwrap().change_log, 0);

    let all = stored(&server.url, &a.signed_in.token);
    assert_each_change_once(&all);
    let inserts = all.iter().filter(|c| c.change.created_at.is_some()).count();
    assert_eq!(inserts, 5, "each customer's insert stored once: {all:#?}");

    // A lost pull answer leaves B's cursor alone; the next pull brings everything.
    b.faults.lose_pull_answer.store(true, Ordering::SeqCst);
    assert!(matches!(
        b.client.sync_once(&mut b.store),
        Err(SyncError::Offline)
    ));
    assert_eq!(b.store.sync().pull_cursor().unwrap(), 0);
    let r = b.client.sync_once(&mut b.store).unwrap();
    assert_eq!(r.pulled, all.len());
    assert_eq!(r.cursor, all.len() as i64);
    for id in ids {
        assert_eq!(
            b.store.customers().get(id).unwrap(),
            a.store.customers().get(id).unwrap()
        );
    }
}

#[test]
fn a_field_written_again_before_the_retry_is_a_new_change_and_the_latest_wins() {
    let (_dir, server) = world();
    let mut a = real_device(&server, "acme");
    let mut b = real_device(&server, "acme");
    let mut draft = customer("客户");
    let c = a.store.customers_mut().create(&draft).unwrap();
    a.client.sync_once(&mut a.store).unwrap();
    draft.phone = "13800138001".into();
    a.store.customers_mut().update(c.id, &draft).unwrap();
    a.faults.lose_push_answer.store(true, Ordering::SeqCst);
    assert!(a.client.sync_once(&mut a.store).is_err());
    draft.phone = "13800138002".into();
    a.store.customers_mut().update(c.id, &draft).unwrap();
    a.client.sync_once(&mut a.store).unwrap();
    b.client.sync_once(&mut b.store).unwrap();
    assert_eq!(
        b.store.customers().get(c.id).unwrap().fields.phone,
        "13800138002"
    );
    let all = stored(&server.url, &a.signed_in.token);
    assert_each_change_once(&all);
    let phones: Vec<_> = all
        .iter()
        .filter_map(|c| c.change.fields.get("phone"))
        .map(|f| f.value.clone())
        .collect();
    assert_eq!(
        phones,
        ["0755-12345678", "13800138001", "13800138002"].map(|p| serde_json::json!(p)),
        "the insert, the write whose answer was lost, the later write"
    );
}

#[test]
fn a_device_a_day_behind_wins_with_an_edit_made_after_it_saw_the_other() {
    let (_dir, server) = world();
    let mut ahead = real_device(&server, "acme");
    let mut behind = device(
        &server,
        "acme",
        Box::new(|| Utc::now() - Duration::hours(24)),
    );
    let mut draft = customer("客户");
    let c = ahead.store.customers_mut().create(&draft).unwrap();
    draft.credit_limit = "5000".into();
    ahead.store.customers_mut().update(c.id, &draft).unwrap();
    ahead.client.sync_once(&mut ahead.store).unwrap();

    // The device a day behind pulls, then edits the same field: its edit is causally
    // later, so it wins everywhere although its wall clock says yesterday.
    behind.client.sync_once(&mut behind.store).unwrap();
    draft.credit_limit = "7000".into();
    let edited = behind.store.customers_mut().update(c.id, &draft).unwrap();
    assert!(
        edited.updated_at.wall_ms() > (Utc::now() - Duration::hours(1)).timestamp_millis() as u64,
        "the HLC moved past what it saw"
    );
    behind.client.sync_once(&mut behind.store).unwrap();
    ahead.client.sync_once(&mut ahead.store).unwrap();
    for d in [&ahead, &behind] {
        let limit = d.store.customers().get(c.id).unwrap().fields.credit_limit;
        assert_eq!(limit.to_string(), "7000.00");
        assert_eq!(
            d.store.sync().conflicts(10).unwrap(),
            vec![],
            "made on top of the other's value: no conflict"
        );
    }
}

#[test]
fn a_device_whose_clock_is_ahead_is_refused_and_keeps_its_changes() {
    let (_dir, server) = world();
    let mut ahead = device(
        &server,
        "acme",
        Box::new(|| Utc::now() + Duration::hours(1)),
    );
    ahead
        .store
        .customers_mut()
        .create(&customer("客户"))
        .unwrap();
    let e = ahead.client.sync_once(&mut ahead.store).unwrap_err();
    assert!(!e.is_transient(), "waits for the clock to be fixed");
    match e {
        SyncError::ClockAhead { ahead_ms } => {
            assert!((3_000_000..4_000_000).contains(&ahead_ms), "{ahead_ms}")
        }
        other => panic!("{other:?}"),
    }
    assert!(ahead.store.sync().status().unwrap().change_log > 0);
    assert_eq!(stored(&server.url, &ahead.signed_in.token).len(), 0);
}

#[test]
fn an_interrupted_first_sync_resumes_the_same_snapshot_then_pulls_the_rest() {
    let (_dir, server) = world();
    let mut a = real_device(&server, "acme");
    let make = |a: &mut crate::harness::Device, from: usize, to: usize| {
        for i in from..to {
            a.store
                .customers_mut()
                .create(&customer(&format!("客户 {i}")))
                .unwrap();
        }
        a.client.sync_once(&mut a.store).unwrap();
    };
    make(&mut a, 0, 10);
    let upto = stored(&server.url, &a.signed_in.token).len() as i64;

    // B's first page of the snapshot arrives; the answer to the second is lost.
    let mut b = real_device(&server, "acme");
    b.client.set_limits(chainbook_sync::Limits {
        snapshot_page: 3,
        ..Default::default()
    });
    let faults = b.faults.clone();
    let mut seen = Vec::new();
    let e = b
        .client
        .sync_with_progress(&mut b.store, &mut |p| {
            seen.push(p);
            faults.lose_pull_answer.store(true, Ordering::SeqCst);
        })
        .unwrap_err();
    assert!(matches!(e, SyncError::Offline));
    assert_eq!(
        seen,
        vec![chainbook_sync::Progress::Snapshot { at: 3, upto }],
        "B pushed nothing; one page applied"
    );
    assert_eq!(b.store.sync().pull_cursor().unwrap(), 3);
    assert_eq!(b.store.sync().snapshot_upto().unwrap(), Some(upto));

    // Meanwhile A adds more; B resumes the same snapshot, then pulls what came after.
    make(&mut a, 10, 15);
    let mut seen = Vec::new();
    let r = b
        .client
        .sync_with_progress(&mut b.store, &mut |p| seen.push(p))
        .unwrap();
    let snapshot_ends: Vec<i64> = seen
        .iter()
        .filter_map(|p| match p {
            chainbook_sync::Progress::Snapshot { upto, .. } => Some(*upto),
            _ => None,
        })
        .collect();
    assert!(!snapshot_ends.is_empty() && snapshot_ends.iter().all(|u| *u == upto));
    let head = stored(&server.url, &a.signed_in.token).len() as i64;
    assert_eq!((r.cursor, r.head), (head, head));
    assert_eq!(b.store.sync().snapshot_upto().unwrap(), None);
    let count =
        |d: &crate::harness::Device| d.store.customers().list(&Default::default()).unwrap().total;
    assert_eq!(count(&b), 15);
    assert_eq!(
        crate::sim_common::content(&a.path),
        crate::sim_common::content(&b.path)
    );
}

#[test]
fn a_server_that_is_down_is_offline_and_the_next_sync_after_a_restart_goes_on() {
    let (dir, mut server) = world();
    let mut a = real_device(&server, "acme");
    a.store.customers_mut().create(&customer("客户")).unwrap();
    server.stop();
    let e = a.client.sync_once(&mut a.store).unwrap_err();
    assert!(matches!(e, SyncError::Offline) && e.is_transient(), "{e:?}");
    assert!(matches!(a.client.health(), Err(SyncError::Offline)));

    // Back on another port: the same token still works, the change is stored once.
    let server = crate::harness::start(dir.path());
    let mut client = chainbook_sync::SyncClient::new(&server.url).unwrap();
    client.set_token(a.signed_in.token.clone());
    let r = client.sync_once(&mut a.store).unwrap();
    assert!(r.pushed >= 1);
    client.sync_once(&mut a.store).unwrap();
    let all = stored(&server.url, &a.signed_in.token);
    assert_each_change_once(&all);
    assert_eq!(all.len(), 1);
}
