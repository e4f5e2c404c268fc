//! The team endpoints kept to their organisation and to well-formed requests: a token of one
//! organisation can list, change or revoke nothing of another (every endpoint probed with the
//! other's ids), and malformed or invalid bodies get a 400 that names the field, with nothing
//! stored.

use chainbook_protocol::{paths, ApiError, Entity, Role, MIN_PASSWORD_CHARS};

use crate::harness::*;

#[test]
fn one_organisations_token_reaches_no_user_or_device_of_another() {
    let (dir, server) = world();
    org(dir.path(), "beta");
    let url = server.url();
    let a = Client::signed_in(&url, "acme", "boss");
    let b_boss = Client::signed_in(&url, "beta", "boss");
    let b_rep = Client::signed_in(&url, "beta", "rep");
    let b_users_before = b_boss.users().expect("beta users").users;
    let b_devices_before = b_boss.devices().expect("beta devices").devices;
    let (b_boss_id, b_rep_id) = (b_boss.user_id("boss"), b_boss.user_id("rep"));

    // Lists: only A's own.
    let a_users = a.users().expect("acme users").users;
    assert!(a_users
        .iter()
        .all(|u| u.id != b_boss_id && u.id != b_rep_id));
    assert_eq!(a_users.len(), 2);
    let a_devices = a.devices().expect("acme devices").devices;
    assert_eq!(a_devices.len(), 1);
    assert_eq!(a_devices[0].id, a.device);

    // Every change naming B's users or devices: unknown, exactly as a made-up id.
    let unknown_user = (404, ApiError::Unknown { what: Entity::User });
    let unknown_device = (
        404,
        ApiError::Unknown {
            what: Entity::Device,
        },
    );
    for id in [b_boss_id, b_rep_id, uuid::Uuid::now_v7()] {
        assert_eq!(a.remove_user(id).expect_err("remove").api(), unknown_user);
        assert_eq!(
            a.reset_password(id, "taken over by acme")
                .expect_err("reset")
                .api(),
            unknown_user
        );
        assert_eq!(
            a.set_role(id, Role::Rep).expect_err("set role").api(),
            unknown_user
        );
    }
    for device in [b_boss.device, b_rep.device] {
        assert_eq!(a.revoke(device).expect_err("revoke").api(), unknown_device);
    }
    // A user added with A's token lands in A: B can still add its own of that name.
    a.add_user("rep2", Role::Rep, "a password")
        .expect("add to acme");
    b_boss
        .add_user("rep2", Role::Rep, "b password")
        .expect("beta's own rep2");

    // B is untouched: same users with the same roles and passwords, devices working.
    let b_users_after: Vec<_> = b_boss
        .users()
        .expect("beta users")
        .users
        .into_iter()
        .filter(|u| u.name != "rep2")
        .collect();
    assert_eq!(b_users_after, b_users_before);
    assert_eq!(
        b_boss.devices().expect("beta devices").devices.len(),
        b_devices_before.len()
    );
    assert!(b_boss
        .devices()
        .expect("beta devices")
        .devices
        .iter()
        .all(|d| d.revoked_at.is_none()));
    b_rep.pull(0, 1).expect("beta's rep still works");
    Client::new(&url)
        .sign_in("beta", "boss", PASSWORD, None)
        .expect("beta's password unchanged");
    assert!(Client::new(&url)
        .sign_in("beta", "boss", "taken over by acme", None)
        .is_err());
}

#[test]
fn malformed_and_invalid_team_bodies_get_400_and_store_nothing() {
    let (_dir, server) = world();
    let boss = Client::signed_in(&server.url(), "acme", "boss");
    let rep_id = boss.user_id("rep");
    let before = boss.users().expect("users").users;
    let send = |path: &str, body: &str| {
        let resp = boss
            .request(path)
            .header("content-type", "application/json")
            .body(body.to_owned())
            .send()
            .expect("send");
        let status = resp.status().as_u16();
        (status, resp.json::<ApiError>().expect("error body"))
    };
    let body = (400, ApiError::bad_request("body"));
    for path in [
        paths::USERS_LIST,
        paths::USERS_ADD,
        paths::USERS_REMOVE,
        paths::USERS_RESET_PASSWORD,
        paths::USERS_SET_ROLE,
        paths::DEVICES_LIST,
        paths::DEVICES_REVOKE,
    ] {
        assert_eq!(send(path, "{not json"), body, "{path}");
        assert_eq!(send(path, "[1, 2]"), body, "{path}");
    }
    // Missing or mistyped fields, unknown roles, ids that are not ids.
    for (path, json) in [
        (paths::USERS_ADD, r#"{"name": "kim", "role": "rep"}"#),
        (
            paths::USERS_ADD,
            r#"{"name": "kim", "role": "admin", "password": "long enough"}"#,
        ),
        (
            paths::USERS_ADD,
            r#"{"name": 7, "role": "rep", "password": "long enough"}"#,
        ),
        (paths::USERS_REMOVE, r#"{"user_id": "rep"}"#),
        (paths::USERS_REMOVE, r#"{}"#),
        (
            paths::USERS_RESET_PASSWORD,
            &format!(r#"{{"user_id": "{rep_id}"}}"#),
        ),
        (
            paths::USERS_SET_ROLE,
            &format!(r#"{{"user_id": "{rep_id}", "role": "king"}}"#),
        ),
        (paths::DEVICES_REVOKE, r#"{"device_id": "A3F"}"#),
    ] {
        assert_eq!(send(path, json), body, "{path} {json}");
    }

    // Readable but invalid: the field is named.
    let too_short = |len: usize| {
        (
            400,
            ApiError::PasswordTooShort {
                field: "password".into(),
                min_chars: MIN_PASSWORD_CHARS,
            },
            len,
        )
    };
    for len in [0, 1, MIN_PASSWORD_CHARS as usize - 1] {
        let pw = "p".repeat(len);
        let (status, e) = boss
            .add_user("kim", Role::Rep, &pw)
            .expect_err("short")
            .api();
        assert_eq!((status, e, len), too_short(len));
        let (status, e) = boss.reset_password(rep_id, &pw).expect_err("short").api();
        assert_eq!((status, e, len), too_short(len));
    }
    let long = "p".repeat(2000);
    assert_eq!(
        boss.add_user("kim", Role::Rep, &long)
            .expect_err("long")
            .api(),
        (400, ApiError::bad_request("password"))
    );
    for name in ["", " kim", "kim ", "ki\nm", &"k".repeat(201)] {
        assert_eq!(
            boss.add_user(name, Role::Rep, "long enough")
                .expect_err("bad name")
                .api(),
            (400, ApiError::bad_request("name")),
            "{name:?}"
        );
    }
    assert_eq!(boss.users().expect("users").users, before, "nothing stored");
    assert!(Client::new(&server.url())
        .sign_in("acme", "rep", PASSWORD, None)
        .is_ok());
}
