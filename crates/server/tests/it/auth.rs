//! Sign-in, revoked and replaced tokens, device codes, and organisations kept apart on every
//! endpoint.

use chainbook_protocol::{
    paths, ApiError, AuthFailure, Forbidden, Role, SnapshotRequest, HEADER_PROTOCOL, HEADER_SCHEMA,
    PROTOCOL_VERSION,
};

use crate::harness::*;

fn credentials_refused(r: Result<chainbook_protocol::SignInResponse, Fail>) {
    let (status, e) = r.expect_err("refused").api();
    assert_eq!(status, 401);
    assert_eq!(
        e,
        ApiError::Unauthorized {
            reason: AuthFailure::Credentials
        }
    );
}

#[test]
fn sign_in_needs_the_right_password_and_nothing_secret_is_logged() {
    let (_dir, server) = world();
    let mut c = Client::new(&server.url());
    let ok = c
        .sign_in("acme", "rep", PASSWORD, Some("q7r"))
        .expect("sign in");
    assert_eq!(ok.role, Role::Rep);
    assert_eq!(ok.org_slug, "acme");
    assert_eq!(ok.device_code, "Q7R");
    assert_eq!(ok.token.expose().len(), 43);
    assert!((ok.server_time.timestamp_millis() as u64).abs_diff(now_ms()) < 60_000);
    // By organisation id as well as slug.
    let mut by_id = Client::new(&server.url());
    let boss = by_id
        .sign_in(&ok.org_id.to_string(), "boss", PASSWORD, None)
        .expect("by id");
    assert_eq!(boss.role, Role::Owner);

    credentials_refused(Client::new(&server.url()).sign_in("acme", "rep", "wrong password", None));
    credentials_refused(Client::new(&server.url()).sign_in("acme", "nobody", PASSWORD, None));
    credentials_refused(Client::new(&server.url()).sign_in("nowhere", "rep", PASSWORD, None));

    // The token works; the log has neither it nor any password.
    c.pull(0, 10).expect("pull with the token");
    let log = server.log();
    assert!(log.contains("device signed in"), "{log}");
    for secret in [
        ok.token.expose(),
        boss.token.expose(),
        PASSWORD,
        "wrong password",
    ] {
        assert!(!log.contains(secret), "the log shows a secret");
    }
}

#[test]
fn revoked_replaced_and_removed_tokens_are_refused() {
    let (dir, server) = world();
    let mut c = Client::new(&server.url());
    let first = c
        .sign_in("acme", "rep", PASSWORD, Some("R3V"))
        .expect("sign in");
    c.pull(0, 10).expect("pull");
    let old_token = first.token.expose().to_owned();

    admin(dir.path(), &["device", "revoke", "--org", "acme", "R3V"]);
    let (status, e) = c.pull(0, 10).expect_err("revoked").api();
    assert_eq!(
        (status, e),
        (
            401,
            ApiError::Unauthorized {
                reason: AuthFailure::Revoked
            }
        )
    );
    let (status, _) = c.push(&changes(1, c.device)).expect_err("revoked").api();
    assert_eq!(status, 401);
    let listed = admin(dir.path(), &["device", "list", "--org", "acme"]);
    assert!(
        listed
            .lines()
            .any(|l| l.contains("R3V") && !l.ends_with("\t-")),
        "{listed}"
    );

    // Signing in again lifts it with a new token and the same code; the old token is dead.
    let again = c
        .sign_in("acme", "rep", PASSWORD, Some("ZZZ"))
        .expect("sign in again");
    assert_eq!(again.device_code, "R3V");
    c.pull(0, 10).expect("pull after signing in again");
    let mut stale = Client::new(&server.url());
    stale.token = Some(old_token);
    let (status, e) = stale.pull(0, 10).expect_err("old token").api();
    assert_eq!(
        (status, e),
        (
            401,
            ApiError::Unauthorized {
                reason: AuthFailure::Invalid
            }
        )
    );

    // No token, a garbage token.
    let mut none = Client::new(&server.url());
    let (status, e) = none.pull(0, 10).expect_err("no token").api();
    assert_eq!(
        (status, e),
        (
            401,
            ApiError::Unauthorized {
                reason: AuthFailure::Missing
            }
        )
    );
    none.token = Some("not-a-token".into());
    assert_eq!(none.pull(0, 10).expect_err("garbage").api().0, 401);

    // Removing the user ends their sessions and their sign-in.
    admin(dir.path(), &["user", "remove", "--org", "acme", "rep"]);
    let (status, e) = c.pull(0, 10).expect_err("removed").api();
    assert_eq!(
        (status, e),
        (
            401,
            ApiError::Unauthorized {
                reason: AuthFailure::Revoked
            }
        )
    );
    credentials_refused(Client::new(&server.url()).sign_in("acme", "rep", PASSWORD, None));

    // A new password replaces the old one.
    admin(
        dir.path(),
        &[
            "user",
            "reset-password",
            "--org",
            "acme",
            "boss",
            "--password",
            "a new password",
        ],
    );
    credentials_refused(Client::new(&server.url()).sign_in("acme", "boss", PASSWORD, None));
    Client::new(&server.url())
        .sign_in("acme", "boss", "a new password", None)
        .expect("new password");
}

#[test]
fn devices_whose_codes_clash_get_distinct_codes() {
    let (dir, server) = world();
    let mut codes = Vec::new();
    for _ in 0..4 {
        let mut c = Client::new(&server.url());
        codes.push(
            c.sign_in("acme", "rep", PASSWORD, Some("A3F"))
                .expect("sign in")
                .device_code,
        );
    }
    assert_eq!(codes[0], "A3F");
    let distinct: std::collections::BTreeSet<_> = codes.iter().collect();
    assert_eq!(distinct.len(), 4, "{codes:?}");
    let listed = admin(dir.path(), &["device", "list", "--org", "acme"]);
    for code in &codes {
        assert_eq!(
            listed.matches(&format!("\t{code}\t")).count(),
            1,
            "{listed}"
        );
    }
    // Another organisation may use the same code.
    org(dir.path(), "beta");
    let mut b = Client::new(&server.url());
    assert_eq!(
        b.sign_in("beta", "rep", PASSWORD, Some("A3F"))
            .expect("b")
            .device_code,
        "A3F"
    );
}

#[test]
fn one_organisations_token_reaches_nothing_of_another() {
    let (dir, server) = world();
    org(dir.path(), "beta");
    let a = Client::signed_in(&server.url(), "acme", "boss");
    let b = Client::signed_in(&server.url(), "beta", "rep");
    let b_changes = changes(5, b.device);
    b.push(&b_changes).expect("b pushes");
    let b_before = b.pull_all(0, 100);
    assert_eq!(b_before.len(), 5);

    // Pull and snapshot: nothing of B, and a cursor at B's head is past A's.
    let page = a.pull(0, 100).expect("a pulls");
    assert!(page.changes.is_empty());
    assert_eq!(page.head, 0);
    let (status, e) = a.pull(5, 100).expect_err("cursor of B").api();
    assert_eq!((status, e), (409, ApiError::CursorAhead { head: 0 }));
    let snap = a
        .snapshot(SnapshotRequest {
            upto: None,
            after: 0,
            limit: 100,
        })
        .expect("a snapshot");
    assert!(snap.rows.is_empty() && snap.done && snap.upto == 0);
    let (status, _) = a
        .snapshot(SnapshotRequest {
            upto: Some(5),
            after: 0,
            limit: 100,
        })
        .expect_err("B's upto")
        .api();
    assert_eq!(status, 409);

    // Push: as B's device is refused; B's change ids with other content land in A alone.
    let mut as_b = a.batch(&changes(1, b.device));
    as_b.device_id = b.device;
    let (status, e) = a.push_request(&as_b).expect_err("as B's device").api();
    assert_eq!(
        (status, e),
        (
            403,
            ApiError::Forbidden {
                reason: Forbidden::DeviceMismatch
            }
        )
    );
    let mut same_ids = changes(5, a.device);
    for (mine, theirs) in same_ids.iter_mut().zip(&b_changes) {
        mine.change_id = theirs.change_id;
    }
    assert_eq!(a.push(&same_ids).expect("a pushes").seqs, [1, 2, 3, 4, 5]);
    assert_eq!(a.pull_all(0, 100).len(), 5);

    // Sign-in: a user of A is no user of B, whatever the body says.
    admin(
        dir.path(),
        &[
            "user",
            "add",
            "--org",
            "acme",
            "ana",
            "--password",
            "anas password",
        ],
    );
    let mut ana = Client::new(&server.url());
    ana.sign_in("acme", "ana", "anas password", None)
        .expect("ana in acme");
    credentials_refused(ana.sign_in("beta", "ana", "anas password", None));

    // B's data is untouched.
    assert_eq!(b.pull_all(0, 100), b_before);
    let listed = admin(dir.path(), &["device", "list", "--org", "beta"]);
    assert_eq!(listed.lines().count(), 2, "one device in beta: {listed}");
}

#[test]
fn every_endpoint_needs_versions_before_anything_else() {
    let (_dir, server) = world();
    let http = reqwest::blocking::Client::new();
    for path in paths::V1 {
        let url = format!("{}{path}", server.url());
        let old = http
            .post(&url)
            .header(HEADER_PROTOCOL, "0")
            .header(HEADER_SCHEMA, "13")
            .body("not even json")
            .send()
            .expect("send");
        assert_eq!(old.status().as_u16(), 426, "{path}");
        let body: ApiError = old.json().expect("error body");
        assert_eq!(
            body,
            ApiError::UpgradeRequired {
                client_protocol: 0,
                min_protocol: chainbook_protocol::MIN_PROTOCOL_VERSION,
                server_protocol: PROTOCOL_VERSION
            }
        );
        let missing = http.post(&url).body("{}").send().expect("send");
        assert_eq!(missing.status().as_u16(), 400, "{path}");
        let body: ApiError = missing.json().expect("error body");
        assert_eq!(body, ApiError::bad_request(HEADER_PROTOCOL));
        let newer = http
            .post(&url)
            .header(HEADER_PROTOCOL, (PROTOCOL_VERSION + 1).to_string())
            .header(HEADER_SCHEMA, "13")
            .send()
            .expect("send");
        let body: ApiError = newer.json().expect("error body");
        assert!(matches!(body, ApiError::ProtocolTooNew { .. }), "{path}");
    }
}
