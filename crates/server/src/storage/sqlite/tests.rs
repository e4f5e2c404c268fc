//! Unit tests of the SQLite storage: sequence numbers, idempotent pushes, organisations kept
//! apart, device codes and tokens.

use chainbook_protocol::Role;
use chrono::Utc;
use uuid::Uuid;

use super::SqliteStorage;
use crate::storage::{NewChange, NewDevice, PushBatch, Storage, StorageError};

fn storage() -> (tempfile::TempDir, SqliteStorage) {
    let dir = tempfile::tempdir().expect("temp dir");
    let s = SqliteStorage::open(dir.path()).expect("open");
    (dir, s)
}

/// An organisation with one rep and one device; answers (org, device).
fn org_with_device(s: &SqliteStorage, slug: &str, token_hash: &str) -> (Uuid, Uuid) {
    let org = s.create_org(slug, slug, Utc::now()).expect("org");
    let user = s
        .add_user(org.id, "rep", Role::Rep, "$argon2id$x", Utc::now())
        .expect("user");
    let device = Uuid::now_v7();
    s.register_device(&NewDevice {
        org_id: org.id,
        user_id: user.id,
        device_id: device,
        name: "laptop",
        token_hash,
        schema: 13,
        codes: &["A3F".into()],
        now: Utc::now(),
    })
    .expect("device");
    (org.id, device)
}

fn change(body: &str) -> NewChange {
    NewChange {
        change_id: Uuid::now_v7(),
        body: body.into(),
    }
}

fn push(
    s: &SqliteStorage,
    org: Uuid,
    device: Uuid,
    changes: &[NewChange],
) -> crate::storage::Result<Vec<i64>> {
    s.push(&PushBatch {
        org_id: org,
        device_id: device,
        batch_id: Uuid::now_v7(),
        schema: 13,
        changes,
        now: Utc::now(),
    })
}

#[test]
fn pushes_take_gapless_numbers_and_a_retry_takes_none() {
    let (_d, s) = storage();
    let (org, dev) = org_with_device(&s, "acme", "h1");
    let first = [change("{\"a\":1}"), change("{\"a\":2}")];
    assert_eq!(push(&s, org, dev, &first).ok(), Some(vec![1, 2]));
    let second = [change("{\"a\":3}")];
    assert_eq!(push(&s, org, dev, &second).ok(), Some(vec![3]));
    // The first batch again, and a batch mixing old and new: old ids keep their numbers.
    assert_eq!(push(&s, org, dev, &first).ok(), Some(vec![1, 2]));
    let mixed = [first[1].clone(), change("{\"a\":4}"), second[0].clone()];
    assert_eq!(push(&s, org, dev, &mixed).ok(), Some(vec![2, 4, 3]));
    let page = s.changes(org, 0, None, 100).expect("page");
    assert_eq!(page.head, 4);
    assert_eq!(
        page.changes.iter().map(|c| c.seq).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
    assert_eq!(page.changes[3].body, "{\"a\":4}");
    // The same id twice in one batch is one change.
    let twice = change("{\"a\":5}");
    assert_eq!(
        push(&s, org, dev, &[twice.clone(), twice]).ok(),
        Some(vec![5, 5])
    );
}

#[test]
fn a_reused_change_id_with_other_content_fails_the_whole_push() {
    let (_d, s) = storage();
    let (org, dev) = org_with_device(&s, "acme", "h1");
    let a = change("{\"a\":1}");
    assert_eq!(
        push(&s, org, dev, std::slice::from_ref(&a)).ok(),
        Some(vec![1])
    );
    let forged = NewChange {
        change_id: a.change_id,
        body: "{\"a\":2}".into(),
    };
    let r = push(&s, org, dev, &[change("{\"b\":1}"), forged]);
    assert!(matches!(r, Err(StorageError::ChangeIdReused { index: 1 })));
    // Nothing of it was stored, and the counter did not move.
    assert_eq!(s.changes(org, 0, None, 100).map(|p| p.head).ok(), Some(1));
    assert_eq!(
        push(&s, org, dev, &[change("{\"c\":1}")]).ok(),
        Some(vec![2])
    );
}

#[test]
fn organisations_are_numbered_and_read_apart() {
    let (_d, s) = storage();
    let (a, da) = org_with_device(&s, "a", "ha");
    let (b, db) = org_with_device(&s, "b", "hb");
    let shared = change("{\"x\":1}");
    assert_eq!(
        push(&s, a, da, &[change("{}"), shared.clone()]).ok(),
        Some(vec![1, 2])
    );
    // The same change id in another organisation is another change, numbered there.
    assert_eq!(
        push(&s, b, db, std::slice::from_ref(&shared)).ok(),
        Some(vec![1])
    );
    assert_eq!(
        s.changes(a, 0, None, 10).map(|p| p.changes.len()).ok(),
        Some(2)
    );
    assert_eq!(
        s.changes(b, 0, None, 10).map(|p| p.changes.len()).ok(),
        Some(1)
    );
    // Both got the code they asked for: codes are per organisation.
    assert_eq!(
        s.devices(a).ok().map(|d| d[0].code.clone()).as_deref(),
        Some("A3F")
    );
    assert_eq!(
        s.devices(b).ok().map(|d| d[0].code.clone()).as_deref(),
        Some("A3F")
    );
}

#[test]
fn pages_stop_at_upto_and_limit() {
    let (_d, s) = storage();
    let (org, dev) = org_with_device(&s, "acme", "h1");
    let changes: Vec<NewChange> = (0..10).map(|i| change(&format!("{{\"i\":{i}}}"))).collect();
    push(&s, org, dev, &changes).expect("push");
    let p = s.changes(org, 3, Some(6), 100).expect("page");
    assert_eq!(
        p.changes.iter().map(|c| c.seq).collect::<Vec<_>>(),
        [4, 5, 6]
    );
    let p = s.changes(org, 3, None, 2).expect("page");
    assert_eq!(p.changes.iter().map(|c| c.seq).collect::<Vec<_>>(), [4, 5]);
    assert_eq!(p.head, 10);
}

#[test]
fn device_codes_are_distinct_and_kept_on_sign_in_again() {
    let (_d, s) = storage();
    let org = s.create_org("acme", "Acme", Utc::now()).expect("org");
    let user = s
        .add_user(org.id, "rep", Role::Rep, "$argon2id$x", Utc::now())
        .expect("user");
    let register = |device: Uuid, hash: &str, codes: &[String]| {
        s.register_device(&NewDevice {
            org_id: org.id,
            user_id: user.id,
            device_id: device,
            name: "d",
            token_hash: hash,
            schema: 13,
            codes,
            now: Utc::now(),
        })
    };
    let (d1, d2, d3) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    assert_eq!(
        register(d1, "h1", &["A3F".into()]).ok().as_deref(),
        Some("A3F")
    );
    // Taken: the next candidate.
    assert_eq!(
        register(d2, "h2", &["A3F".into(), "B00".into()])
            .ok()
            .as_deref(),
        Some("B00")
    );
    // Every candidate taken: the first free code of the alphabet.
    assert_eq!(
        register(d3, "h3", &["A3F".into()]).ok().as_deref(),
        Some("000")
    );
    // Signing in again keeps the code and replaces the token.
    assert_eq!(
        register(d1, "h1b", &["ZZZ".into()]).ok().as_deref(),
        Some("A3F")
    );
    assert!(s.session("h1").ok().flatten().is_none());
    assert_eq!(
        s.session("h1b").ok().flatten().map(|x| x.device_id),
        Some(d1)
    );
}

#[test]
fn revoking_a_device_or_removing_its_user_ends_its_session() {
    let (_d, s) = storage();
    let (org, dev) = org_with_device(&s, "acme", "h1");
    assert_eq!(
        s.session("h1").ok().flatten().map(|x| x.revoked),
        Some(false)
    );
    s.revoke_device(org, "A3F", Utc::now()).expect("revoke");
    assert_eq!(
        s.session("h1").ok().flatten().map(|x| x.revoked),
        Some(true)
    );
    assert!(matches!(
        s.revoke_device(org, "ZZZ", Utc::now()),
        Err(StorageError::NotFound(_))
    ));
    let (org2, _) = org_with_device(&s, "beta", "h2");
    // Another organisation cannot revoke it by id.
    assert!(s.revoke_device(org2, &dev.to_string(), Utc::now()).is_err());
    s.remove_user(org2, "rep", Utc::now()).expect("remove");
    assert_eq!(
        s.session("h2").ok().flatten().map(|x| x.revoked),
        Some(true)
    );
    assert!(s.credentials(org2, "rep").ok().flatten().is_none());
}

#[test]
fn migrations_run_once_and_a_newer_database_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    drop(SqliteStorage::open(dir.path()).expect("first open"));
    drop(SqliteStorage::open(dir.path()).expect("second open"));
    let conn = rusqlite::Connection::open(dir.path().join(super::FILE_NAME)).expect("conn");
    conn.pragma_update(None, "user_version", super::schema::latest() + 1)
        .expect("bump");
    drop(conn);
    assert!(matches!(
        SqliteStorage::open(dir.path()),
        Err(StorageError::Corrupt(_))
    ));
}
