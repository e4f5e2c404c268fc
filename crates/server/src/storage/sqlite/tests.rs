//! Unit tests of the SQLite storage: sequence numbers, idempotent pushes, organisations kept
//! apart, device codes and tokens.

use chainbook_protocol::Role;
use chrono::Utc;
use uuid::Uuid;

use super::SqliteStorage;
use crate::storage::{anyone, NewChange, NewDevice, PushBatch, Storage, StorageError, UserKey};

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

/// A change of a row of its own (its body is never read as a row).
fn change(body: &str) -> NewChange {
    let change_id = Uuid::now_v7();
    NewChange {
        change_id,
        table: "t".into(),
        row_id: change_id.to_string(),
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
        body: "{\"a\":2}".into(),
        ..a.clone()
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
    s.revoke_device(org, "A3F", Utc::now(), &anyone)
        .expect("revoke");
    assert_eq!(
        s.session("h1").ok().flatten().map(|x| x.revoked),
        Some(true)
    );
    assert!(matches!(
        s.revoke_device(org, "ZZZ", Utc::now(), &anyone),
        Err(StorageError::NotFound(_))
    ));
    let (org2, _) = org_with_device(&s, "beta", "h2");
    // Another organisation cannot revoke it by id.
    assert!(s
        .revoke_device(org2, &dev.to_string(), Utc::now(), &anyone)
        .is_err());
    s.remove_user(org2, UserKey::Name("rep"), Utc::now(), &anyone)
        .expect("remove");
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

#[test]
fn the_last_owner_stays_whoever_asks() {
    let (_d, s) = storage();
    let org = s.create_org("acme", "Acme", Utc::now()).expect("org");
    let boss = s
        .add_user(org.id, "boss", Role::Owner, "$argon2id$x", Utc::now())
        .expect("owner");
    let by_id = UserKey::Id(boss.id);
    assert!(matches!(
        s.remove_user(org.id, by_id, Utc::now(), &anyone),
        Err(StorageError::LastOwner)
    ));
    assert!(matches!(
        s.set_role(org.id, by_id, Role::Manager, &anyone),
        Err(StorageError::LastOwner)
    ));
    // Making an owner an owner again is no demotion.
    assert_eq!(
        s.set_role(org.id, by_id, Role::Owner, &anyone)
            .map(|u| u.user.role)
            .ok(),
        Some(Role::Owner)
    );
    // With a second owner either may go, and then the other is the last.
    let second = s
        .add_user(org.id, "second", Role::Owner, "$argon2id$x", Utc::now())
        .expect("second owner");
    let demoted = s
        .set_role(org.id, UserKey::Id(second.id), Role::Rep, &anyone)
        .expect("demote");
    assert_eq!(demoted.user.role, Role::Rep);
    assert!(matches!(
        s.remove_user(org.id, UserKey::Name("boss"), Utc::now(), &anyone),
        Err(StorageError::LastOwner)
    ));
    assert_eq!(
        s.users(org.id).ok().map(|u| u
            .iter()
            .map(|u| (u.user.name.clone(), u.user.role))
            .collect::<Vec<_>>()),
        Some(vec![
            ("boss".to_owned(), Role::Owner),
            ("second".to_owned(), Role::Rep)
        ])
    );
}

#[test]
fn a_guard_sees_the_user_and_its_refusal_changes_nothing() {
    let (_d, s) = storage();
    let (org, device) = org_with_device(&s, "acme", "h1");
    let refuse = |u: &crate::storage::User| {
        assert_eq!(u.name, "rep");
        Err(chainbook_protocol::Forbidden::OwnerOnly)
    };
    let rep = UserKey::Name("rep");
    assert!(matches!(
        s.remove_user(org, rep, Utc::now(), &refuse),
        Err(StorageError::Refused(
            chainbook_protocol::Forbidden::OwnerOnly
        ))
    ));
    assert!(matches!(
        s.set_password(org, rep, "$argon2id$new", &refuse),
        Err(StorageError::Refused(_))
    ));
    assert!(matches!(
        s.set_role(org, rep, Role::Manager, &refuse),
        Err(StorageError::Refused(_))
    ));
    assert!(matches!(
        s.revoke_device(org, &device.to_string(), Utc::now(), &refuse),
        Err(StorageError::Refused(_))
    ));
    let creds = s
        .credentials(org, "rep")
        .ok()
        .flatten()
        .expect("still there");
    assert_eq!(
        (creds.user.role, creds.password_hash.as_str()),
        (Role::Rep, "$argon2id$x")
    );
    assert_eq!(
        s.session("h1").ok().flatten().map(|x| x.revoked),
        Some(false)
    );
    // Removing by id answers the devices it revoked; unknown ids are not found.
    let removed = s.remove_user(org, UserKey::Id(creds.user.id), Utc::now(), &anyone);
    assert_eq!(removed.ok(), Some(1));
    assert!(matches!(
        s.remove_user(org, UserKey::Id(creds.user.id), Utc::now(), &anyone),
        Err(StorageError::NotFound(crate::storage::Kind::User))
    ));
    let listed = s.devices(org).expect("devices");
    assert_eq!(listed[0].user, "rep");
    assert!(listed[0].revoked_at.is_some());
}

#[test]
fn a_session_carries_its_token_times_and_use_only_moves_forward() {
    let (_d, s) = storage();
    let org = s.create_org("acme", "Acme", Utc::now()).expect("org");
    let user = s
        .add_user(org.id, "rep", Role::Rep, "$argon2id$x", Utc::now())
        .expect("user");
    let start = Utc::now() - chrono::TimeDelta::days(100);
    let day = |n: i64| start + chrono::TimeDelta::days(n);
    let device = Uuid::now_v7();
    let sign_in = |hash: &str, at| {
        s.register_device(&NewDevice {
            org_id: org.id,
            user_id: user.id,
            device_id: device,
            name: "laptop",
            token_hash: hash,
            schema: 13,
            codes: &[],
            now: at,
        })
    };
    sign_in("h1", day(0)).expect("sign in");
    let times = |hash: &str| {
        s.session(hash)
            .ok()
            .flatten()
            .map(|x| (x.token_issued_at, x.last_used_at))
    };
    let ms = |t: chrono::DateTime<Utc>| t.timestamp_millis();
    let at = |hash: &str| times(hash).map(|(i, u)| (ms(i), ms(u)));
    assert_eq!(at("h1"), Some((ms(day(0)), ms(day(0)))));
    s.touch_device(org.id, device, day(5)).expect("touch");
    s.touch_device(org.id, device, day(3))
        .expect("an older touch");
    assert_eq!(at("h1"), Some((ms(day(0)), ms(day(5)))));
    // A push is a use too.
    s.push(&PushBatch {
        org_id: org.id,
        device_id: device,
        batch_id: Uuid::now_v7(),
        schema: 13,
        changes: &[],
        now: day(7),
    })
    .expect("push");
    assert_eq!(at("h1"), Some((ms(day(0)), ms(day(7)))));
    // Signing in again starts a new token's life.
    sign_in("h2", day(9)).expect("sign in again");
    assert_eq!(at("h2"), Some((ms(day(9)), ms(day(9)))));
}

#[test]
fn tokens_from_before_issue_times_count_from_the_registration() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(super::FILE_NAME);
    {
        let mut conn = rusqlite::Connection::open(&path).expect("conn");
        let tx = conn.transaction().expect("tx");
        tx.execute_batch(super::schema::MIGRATION_1).expect("v1");
        tx.pragma_update(None, "user_version", 1).expect("version");
        tx.execute_batch(
            "INSERT INTO orgs (id, slug, name, created_at)
               VALUES ('0190b5a8-4a4c-7c2e-9a41-8f3a2b1c0d9e', 'acme', 'Acme', '2024-01-01T00:00:00.000Z');
             INSERT INTO users (id, org_id, name, role, password_hash, created_at)
               VALUES ('0190b5a8-4a4c-7c2e-9a41-8f3a2b1c0d9f', '0190b5a8-4a4c-7c2e-9a41-8f3a2b1c0d9e',
                       'rep', 'rep', 'x', '2024-01-01T00:00:00.000Z');
             INSERT INTO devices (org_id, id, user_id, name, code, token_hash, registered_at, last_seen_at)
               VALUES ('0190b5a8-4a4c-7c2e-9a41-8f3a2b1c0d9e', '0190b5a8-4a4c-7c2e-9a41-8f3a2b1c0da0',
                       '0190b5a8-4a4c-7c2e-9a41-8f3a2b1c0d9f', 'laptop', 'A3F', 'h1',
                       '2024-01-02T00:00:00.000Z', '2024-03-01T00:00:00.000Z');",
        )
        .expect("old rows");
        tx.commit().expect("commit");
    }
    let s = SqliteStorage::open(dir.path()).expect("migrated");
    let session = s.session("h1").ok().flatten().expect("session");
    assert_eq!(
        super::fmt_time(session.token_issued_at),
        "2024-01-02T00:00:00.000Z"
    );
    assert_eq!(
        super::fmt_time(session.last_used_at),
        "2024-03-01T00:00:00.000Z"
    );
}

/// A change of customer `row` writing `name` at `hlc`, as canonical JSON.
fn row_body(row: &str, name: &str, hlc: u64, insert: bool) -> String {
    use chainbook_core::merge::{FieldWrite, RowChange, Stamp};
    let stamp = Stamp {
        hlc: chainbook_core::Hlc::new(hlc, 0),
        device: Uuid::from_bytes([7; 16]),
    };
    let field = FieldWrite {
        value: serde_json::json!(name),
        stamp,
        base: None,
    };
    serde_json::to_string(&RowChange {
        table: "customers".into(),
        row_id: row.into(),
        schema: 15,
        created_at: insert.then(|| "2026-01-01T00:00:00.000Z".to_owned()),
        fields: [("name".to_owned(), field)].into_iter().collect(),
    })
    .expect("json")
}

#[test]
fn the_snapshot_reads_each_row_once_merged_and_a_database_from_before_gets_its_state() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(super::FILE_NAME);
    let org = "0190b5a8-4a4c-7c2e-9a41-8f3a2b1c0d9e";
    {
        // Server schema 3: changes of three rows, one of them edited twice, none folded.
        let mut conn = rusqlite::Connection::open(&path).expect("conn");
        let tx = conn.transaction().expect("tx");
        tx.execute_batch(super::schema::MIGRATION_1).expect("v1");
        tx.execute_batch("ALTER TABLE devices ADD COLUMN token_issued_at TEXT;")
            .expect("v2");
        tx.pragma_update(None, "user_version", 3).expect("version");
        tx.execute(
            "INSERT INTO orgs (id, slug, name, last_seq, created_at)
             VALUES (?1, 'acme', 'Acme', 5, '2024-01-01T00:00:00.000Z')",
            [org],
        )
        .expect("org");
        let bodies = [
            row_body("a", "A", 10, true),
            row_body("b", "B", 11, true),
            row_body("a", "A2", 20, false),
            row_body("c", "C", 12, true),
            row_body("a", "A-late", 15, false),
        ];
        for (i, body) in bodies.iter().enumerate() {
            tx.execute(
                "INSERT INTO changes VALUES (?1, ?2, ?3, 'd', 'b', ?4, 't')",
                rusqlite::params![org, i as i64 + 1, format!("c{i}"), body],
            )
            .expect("change");
        }
        tx.commit().expect("commit");
    }
    let s = SqliteStorage::open(dir.path()).expect("migrated and caught up");
    let org_id: Uuid = org.parse().expect("uuid");
    let page = s.snapshot(org_id, 0, None, 10).expect("snapshot");
    assert_eq!(page.head, 5);
    let rows: Vec<(i64, chainbook_core::merge::RowChange)> = page
        .rows
        .iter()
        .map(|(seq, body)| (*seq, serde_json::from_str(body).expect("row")))
        .collect();
    assert_eq!(
        rows.iter()
            .map(|(seq, r)| (*seq, r.row_id.as_str(), r.fields["name"].value.clone()))
            .collect::<Vec<_>>(),
        [
            (1, "a", serde_json::json!("A2")),
            (2, "b", serde_json::json!("B")),
            (4, "c", serde_json::json!("C")),
        ]
    );
    assert!(rows[0].1.created_at.is_some());
    // Pages stop at upto and limit; a push folds in at once.
    let page = s.snapshot(org_id, 1, Some(2), 10).expect("page");
    assert_eq!(page.rows.iter().map(|r| r.0).collect::<Vec<_>>(), [2]);
    assert_eq!(s.snapshot(org_id, 0, None, 1).expect("page").rows.len(), 1);
    let user = s
        .add_user(org_id, "rep", Role::Rep, "$argon2id$x", Utc::now())
        .expect("user");
    let device = Uuid::now_v7();
    s.register_device(&NewDevice {
        org_id,
        user_id: user.id,
        device_id: device,
        name: "laptop",
        token_hash: "h",
        schema: 15,
        codes: &["A3F".into()],
        now: Utc::now(),
    })
    .expect("device");
    let edit = NewChange {
        change_id: Uuid::now_v7(),
        table: "customers".into(),
        row_id: "b".into(),
        body: row_body("b", "B2", 30, false),
    };
    assert_eq!(push(&s, org_id, device, &[edit]).ok(), Some(vec![6]));
    let page = s.snapshot(org_id, 1, None, 1).expect("page");
    let b: chainbook_core::merge::RowChange = serde_json::from_str(&page.rows[0].1).expect("row");
    assert_eq!(b.fields["name"].value, serde_json::json!("B2"));
    assert_eq!(page.head, 6);
}
