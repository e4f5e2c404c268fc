//! Token expiry, through the test clock: the server restarts on the same data folder with its
//! clock days ahead (`--clock-offset-secs`), as if the device had been away that long.

use chainbook_protocol::{ApiError, AuthFailure, Role};

use crate::harness::*;

fn expired() -> (u16, ApiError) {
    (
        401,
        ApiError::Unauthorized {
            reason: AuthFailure::Expired,
        },
    )
}

/// The client talks to `server` from now on, with the same token.
fn follow(c: &mut Client, server: &Server) {
    c.base = server.url();
}

#[test]
fn an_unused_token_expires_after_90_days_and_signing_in_again_issues_a_fresh_one() {
    let (dir, server) = world();
    let mut c = Client::new(&server.url());
    c.sign_in("acme", "rep", PASSWORD, None).expect("sign in");
    c.push(&changes(1, c.device)).expect("push on day 0");
    let old_token = c.token.clone();
    drop(server);

    // Each use moves the end on: 89 days after each use it still works.
    for day in [89.0, 178.0] {
        let server = Server::start_at_day(dir.path(), day, &[]);
        follow(&mut c, &server);
        c.pull(0, 10).unwrap_or_else(|e| panic!("day {day}: {e:?}"));
    }

    // 90 days after the last use (day 178), and nothing else: expired, on every endpoint.
    let server = Server::start_at_day(dir.path(), 268.0, &[]);
    follow(&mut c, &server);
    assert_eq!(c.pull(0, 10).expect_err("expired").api(), expired());
    assert_eq!(
        c.push(&changes(1, c.device)).expect_err("expired").api(),
        expired()
    );
    let boss = Client::signed_in(&server.url(), "acme", "boss");
    assert_eq!(
        boss.pull(0, 10).expect("boss pulls").head,
        1,
        "nothing stored"
    );
    let log = server.log();
    assert!(log.contains("token expired"), "{log}");

    // Signing in again (same device, same code) issues a fresh token that works.
    let code = boss
        .devices()
        .expect("devices")
        .devices
        .iter()
        .find(|d| d.id == c.device)
        .map(|d| d.code.clone());
    let again = c
        .sign_in("acme", "rep", PASSWORD, None)
        .expect("sign in again");
    assert_eq!(Some(again.device_code), code);
    assert_ne!(c.token, old_token);
    assert_eq!(c.push(&changes(1, c.device)).expect("push").seqs, [2]);
    let mut stale = Client::new(&server.url());
    stale.token = old_token;
    assert_eq!(
        stale.pull(0, 10).expect_err("the old token").api(),
        (
            401,
            ApiError::Unauthorized {
                reason: AuthFailure::Invalid
            }
        )
    );
    drop(server);

    // The fresh token's life counts from the new sign-in (day 268).
    let server = Server::start_at_day(dir.path(), 268.0 + 89.0, &[]);
    follow(&mut c, &server);
    c.pull(0, 10).expect("89 days after the new sign-in");
}

#[test]
fn a_token_used_every_day_still_expires_at_the_absolute_limit() {
    let (dir, server) = world();
    let mut c = Client::new(&server.url());
    c.sign_in("acme", "boss", PASSWORD, None).expect("sign in");
    drop(server);
    // Idle 10 days, 30 at most: used every 9 days it lives to day 30 and not a minute more.
    let limits = ["--token-idle-days", "10", "--token-max-days", "30"];
    for day in [9.0, 18.0, 27.0, 29.99] {
        let server = Server::start_at_day(dir.path(), day, &limits);
        follow(&mut c, &server);
        c.pull(0, 10).unwrap_or_else(|e| panic!("day {day}: {e:?}"));
        c.users().unwrap_or_else(|e| panic!("day {day}: {e:?}"));
    }
    let server = Server::start_at_day(dir.path(), 30.001, &limits);
    follow(&mut c, &server);
    assert_eq!(c.pull(0, 10).expect_err("too old").api(), expired());
    // The team endpoints refuse it the same way, before anything else.
    assert_eq!(c.users().expect_err("too old").api(), expired());
    let rep_id = uuid::Uuid::now_v7();
    assert_eq!(c.remove_user(rep_id).expect_err("too old").api(), expired());
    c.sign_in("acme", "boss", PASSWORD, None)
        .expect("sign in again");
    assert_eq!(c.users().expect("fresh token").users.len(), 2);
    assert!(c
        .users()
        .expect("users")
        .users
        .iter()
        .any(|u| u.name == "boss" && u.role == Role::Owner));
}

#[test]
fn the_default_absolute_limit_is_365_days() {
    let (dir, server) = world();
    let mut c = Client::new(&server.url());
    c.sign_in("acme", "rep", PASSWORD, None).expect("sign in");
    drop(server);
    for day in [80.0, 160.0, 240.0, 320.0, 364.9] {
        let server = Server::start_at_day(dir.path(), day, &[]);
        follow(&mut c, &server);
        c.pull(0, 10).unwrap_or_else(|e| panic!("day {day}: {e:?}"));
    }
    let server = Server::start_at_day(dir.path(), 365.01, &[]);
    follow(&mut c, &server);
    assert_eq!(c.pull(0, 10).expect_err("a year old").api(), expired());
}

#[test]
fn a_revoked_token_is_refused_as_revoked_even_when_also_expired() {
    let (dir, server) = world();
    let mut c = Client::new(&server.url());
    c.sign_in("acme", "rep", PASSWORD, Some("X9Z"))
        .expect("sign in");
    admin(dir.path(), &["device", "revoke", "--org", "acme", "X9Z"]);
    drop(server);
    let server = Server::start_at_day(dir.path(), 400.0, &[]);
    follow(&mut c, &server);
    assert_eq!(
        c.pull(0, 10).expect_err("revoked").api(),
        (
            401,
            ApiError::Unauthorized {
                reason: AuthFailure::Revoked
            }
        )
    );
}
