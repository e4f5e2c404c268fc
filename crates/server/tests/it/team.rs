//! Managing the team over HTTP, role by role: reps are refused everything, managers manage
//! reps and managers but no owner, owners manage everyone, nobody removes themselves, and the
//! last owner stays even when two owners demote each other at once.

use std::thread;

use chainbook_protocol::{ApiError, AuthFailure, Forbidden, Role, UserSummary};
use uuid::Uuid;

use crate::harness::*;

/// `acme` with `boss` (owner), `mgr` (manager) and `rep` (rep), each signed in on a device.
struct Team {
    dir: tempfile::TempDir,
    server: Server,
    boss: Client,
    mgr: Client,
    rep: Client,
}

fn team() -> Team {
    let (dir, server) = world();
    admin(
        dir.path(),
        &[
            "user",
            "add",
            "--org",
            "acme",
            "mgr",
            "--role",
            "manager",
            "--password",
            PASSWORD,
        ],
    );
    let url = server.url();
    Team {
        boss: Client::signed_in(&url, "acme", "boss"),
        mgr: Client::signed_in(&url, "acme", "mgr"),
        rep: Client::signed_in(&url, "acme", "rep"),
        dir,
        server,
    }
}

fn forbidden(reason: Forbidden) -> (u16, ApiError) {
    (403, ApiError::Forbidden { reason })
}

fn revoked() -> (u16, ApiError) {
    (
        401,
        ApiError::Unauthorized {
            reason: AuthFailure::Revoked,
        },
    )
}

/// The team as `c` lists it: (name, role, devices), by name.
fn roster(c: &Client) -> Vec<(String, Role, u32)> {
    c.users()
        .expect("list users")
        .users
        .into_iter()
        .map(|u| (u.name, u.role, u.devices))
        .collect()
}

fn sign_in_works(t: &Team, user: &str, password: &str) -> bool {
    Client::new(&t.server.url())
        .sign_in("acme", user, password, None)
        .is_ok()
}

#[test]
fn reps_are_refused_every_team_endpoint_and_nothing_changes() {
    let t = team();
    let before = roster(&t.boss);
    let devices_before = t.boss.devices().expect("devices").devices;
    let (boss_id, mgr_id) = (t.boss.user_id("boss"), t.boss.user_id("mgr"));
    let rep_id = t.boss.user_id("rep");
    let role = forbidden(Forbidden::Role);
    assert_eq!(t.rep.users().expect_err("list").api(), role);
    assert_eq!(t.rep.devices().expect_err("devices").api(), role);
    assert_eq!(
        t.rep
            .add_user("new", Role::Rep, PASSWORD)
            .expect_err("add")
            .api(),
        role
    );
    for target in [boss_id, mgr_id, rep_id] {
        assert_eq!(t.rep.remove_user(target).expect_err("remove").api(), role);
        assert_eq!(
            t.rep
                .reset_password(target, "a new password")
                .expect_err("reset")
                .api(),
            role
        );
        assert_eq!(
            t.rep.set_role(target, Role::Owner).expect_err("role").api(),
            role
        );
    }
    for device in [t.boss.device, t.mgr.device, t.rep.device] {
        assert_eq!(t.rep.revoke(device).expect_err("revoke").api(), role);
    }
    // Refused before the body is read: a malformed one gets the same answer.
    let resp = t
        .rep
        .request(chainbook_protocol::paths::USERS_ADD)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .expect("send");
    assert_eq!(resp.status().as_u16(), 403);
    assert_eq!(resp.json::<ApiError>().expect("error body"), role.1);

    assert_eq!(roster(&t.boss), before);
    assert_eq!(t.boss.devices().expect("devices").devices, devices_before);
    assert!(sign_in_works(&t, "boss", PASSWORD));
    t.boss.pull(0, 1).expect("the boss's device still works");
}

#[test]
fn owners_manage_everyone() {
    let t = team();
    assert_eq!(
        roster(&t.boss),
        [
            ("boss".to_owned(), Role::Owner, 1),
            ("mgr".to_owned(), Role::Manager, 1),
            ("rep".to_owned(), Role::Rep, 1)
        ]
    );
    let listed = t.boss.users().expect("users");
    assert!(listed
        .users
        .iter()
        .all(|u| (u.created_at.timestamp_millis() as u64).abs_diff(now_ms()) < 600_000));

    // Add an owner and a manager; both sign in with their initial password.
    let added: UserSummary = t
        .boss
        .add_user("second", Role::Owner, "initial password")
        .expect("add an owner");
    assert_eq!((added.role, added.devices), (Role::Owner, 0));
    assert_eq!(added.name, "second");
    let mut second = Client::new(&t.server.url());
    second
        .sign_in("acme", "second", "initial password", None)
        .expect("the new owner signs in");
    t.boss
        .add_user("li", Role::Manager, "initial password")
        .expect("add a manager");
    let (status, e) = t
        .boss
        .add_user("li", Role::Rep, "another password")
        .expect_err("a taken name")
        .api();
    assert_eq!(
        (status, e),
        (
            409,
            ApiError::Exists {
                what: chainbook_protocol::Entity::User
            }
        )
    );

    // Reset another owner's password: the old one stops working, the devices stay.
    t.boss
        .reset_password(added.id, "a brand new one")
        .expect("reset an owner's password");
    assert!(!sign_in_works(&t, "second", "initial password"));
    assert!(sign_in_works(&t, "second", "a brand new one"));
    second.pull(0, 1).expect("still signed in after the reset");

    // Demote and promote.
    let demoted = t
        .boss
        .set_role(added.id, Role::Manager)
        .expect("demote an owner");
    assert_eq!(demoted.role, Role::Manager);
    assert_eq!(demoted.devices, 2, "two sign-ins, two devices");
    let rep_id = t.boss.user_id("rep");
    assert_eq!(
        t.boss
            .set_role(rep_id, Role::Owner)
            .expect("promote a rep")
            .role,
        Role::Owner
    );
    t.rep
        .users()
        .expect("the promoted rep manages users at once");
    t.boss.set_role(rep_id, Role::Rep).expect("and back");
    assert_eq!(
        t.rep.users().expect_err("a rep again").api(),
        forbidden(Forbidden::Role)
    );

    // Remove a user: their devices are refused at once, their sign-in too.
    let removed = t.boss.remove_user(added.id).expect("remove");
    assert_eq!(removed.revoked_devices, 2);
    assert_eq!(second.pull(0, 1).expect_err("removed").api(), revoked());
    assert!(!sign_in_works(&t, "second", "a brand new one"));
    let (status, e) = t.boss.remove_user(added.id).expect_err("gone").api();
    assert_eq!(
        (status, e),
        (
            404,
            ApiError::Unknown {
                what: chainbook_protocol::Entity::User
            }
        )
    );

    // Devices: every one listed with its user; revoking one refuses its token at once.
    let devices = t.boss.devices().expect("devices").devices;
    let mgr_device = devices
        .iter()
        .find(|d| d.id == t.mgr.device)
        .expect("the manager's device");
    assert_eq!(mgr_device.user_name, "mgr");
    assert_eq!(mgr_device.user_id, t.boss.user_id("mgr"));
    assert!(mgr_device.revoked_at.is_none() && mgr_device.last_seen_at.is_some());
    assert!(devices
        .iter()
        .filter(|d| d.user_name == "second")
        .all(|d| d.revoked_at.is_some()));
    t.boss.revoke(t.mgr.device).expect("revoke");
    assert_eq!(t.mgr.users().expect_err("revoked").api(), revoked());
    assert_eq!(t.mgr.pull(0, 1).expect_err("revoked").api(), revoked());
    let listed = t.boss.devices().expect("devices").devices;
    let first_revocation = listed
        .iter()
        .find(|d| d.id == t.mgr.device)
        .and_then(|d| d.revoked_at);
    assert!(first_revocation.is_some());
    t.boss
        .revoke(t.mgr.device)
        .expect("revoking again changes nothing");
    assert_eq!(
        t.boss
            .devices()
            .expect("devices")
            .devices
            .iter()
            .find(|d| d.id == t.mgr.device)
            .and_then(|d| d.revoked_at),
        first_revocation
    );
    assert_eq!(
        t.boss.revoke(Uuid::now_v7()).expect_err("unknown").api(),
        (
            404,
            ApiError::Unknown {
                what: chainbook_protocol::Entity::Device
            }
        )
    );
    // The owner's own device is theirs to revoke, and then it is refused too.
    t.boss.revoke(t.boss.device).expect("revoke my own device");
    assert_eq!(t.boss.users().expect_err("revoked").api(), revoked());
    let log = t.server.log();
    assert!(log.contains("user removed") && log.contains("device revoked"));
    assert!(!log.contains("a brand new one") && !log.contains("initial password"));
}

#[test]
fn managers_manage_reps_and_managers_but_no_owner() {
    let t = team();
    let owner_only = forbidden(Forbidden::OwnerOnly);
    let boss_id = t.mgr.user_id("boss");

    // Reps and managers: add, reset, change roles, revoke, remove.
    let kim = t
        .mgr
        .add_user("kim", Role::Rep, "kims password")
        .expect("add a rep");
    let mut kim_device = Client::new(&t.server.url());
    kim_device
        .sign_in("acme", "kim", "kims password", None)
        .expect("kim signs in");
    t.mgr
        .reset_password(kim.id, "kims new password")
        .expect("reset a rep's password");
    assert!(sign_in_works(&t, "kim", "kims new password"));
    assert_eq!(
        t.mgr
            .set_role(kim.id, Role::Manager)
            .expect("promote to manager")
            .role,
        Role::Manager
    );
    let other = t
        .mgr
        .add_user("other", Role::Manager, "others password")
        .expect("add a manager");
    t.mgr
        .revoke(kim_device.device)
        .expect("revoke kim's device");
    assert_eq!(kim_device.pull(0, 1).expect_err("revoked").api(), revoked());
    t.mgr.remove_user(other.id).expect("remove a manager");
    t.mgr.set_role(kim.id, Role::Rep).expect("demote a manager");

    // Owners: nothing.
    assert_eq!(
        t.mgr
            .add_user("sam", Role::Owner, "sams password")
            .expect_err("add an owner")
            .api(),
        owner_only
    );
    assert_eq!(
        t.mgr
            .set_role(kim.id, Role::Owner)
            .expect_err("make an owner")
            .api(),
        owner_only
    );
    assert_eq!(
        t.mgr.remove_user(boss_id).expect_err("remove").api(),
        owner_only
    );
    assert_eq!(
        t.mgr
            .reset_password(boss_id, "taken over")
            .expect_err("reset")
            .api(),
        owner_only
    );
    assert_eq!(
        t.mgr
            .set_role(boss_id, Role::Rep)
            .expect_err("demote")
            .api(),
        owner_only
    );
    assert_eq!(
        t.mgr.revoke(t.boss.device).expect_err("revoke").api(),
        owner_only
    );
    // The owner is untouched.
    assert!(sign_in_works(&t, "boss", PASSWORD));
    assert!(!sign_in_works(&t, "boss", "taken over"));
    t.boss.users().expect("the owner's device still works");
    assert_eq!(
        roster(&t.boss),
        [
            ("boss".to_owned(), Role::Owner, 2),
            ("kim".to_owned(), Role::Rep, 1),
            ("mgr".to_owned(), Role::Manager, 1),
            ("rep".to_owned(), Role::Rep, 1)
        ]
    );
    assert!(!roster(&t.mgr).iter().any(|u| u.0 == "sam"));
}

#[test]
fn nobody_removes_themselves_or_changes_their_own_role() {
    let t = team();
    let own = forbidden(Forbidden::OwnAccount);
    let (boss_id, mgr_id) = (t.boss.user_id("boss"), t.boss.user_id("mgr"));
    assert_eq!(t.boss.remove_user(boss_id).expect_err("self").api(), own);
    assert_eq!(t.mgr.remove_user(mgr_id).expect_err("self").api(), own);
    assert_eq!(
        t.boss
            .set_role(boss_id, Role::Manager)
            .expect_err("self")
            .api(),
        own
    );
    assert_eq!(
        t.mgr.set_role(mgr_id, Role::Owner).expect_err("self").api(),
        own
    );
    // Their own password is theirs to change.
    t.mgr
        .reset_password(mgr_id, "mgrs new password")
        .expect("my own password");
    assert!(sign_in_works(&t, "mgr", "mgrs new password"));
    assert_eq!(
        roster(&t.boss)[..2],
        [
            ("boss".to_owned(), Role::Owner, 1),
            ("mgr".to_owned(), Role::Manager, 2)
        ]
    );
}

#[test]
fn the_last_owner_stays_even_when_two_owners_demote_each_other_at_once() {
    let t = team();
    // The admin CLI cannot remove the only owner either.
    let out = admin_output(t.dir.path(), &["user", "remove", "--org", "acme", "boss"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("last owner"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(sign_in_works(&t, "boss", PASSWORD));

    let co = t
        .boss
        .add_user("co", Role::Owner, "co-owners password")
        .expect("a second owner");
    let mut co_client = Client::new(&t.server.url());
    co_client
        .sign_in("acme", "co", "co-owners password", None)
        .expect("co signs in");
    let boss_id = t.boss.user_id("boss");
    for round in 0..5 {
        let (a, b) = thread::scope(|s| {
            let a = s.spawn(|| t.boss.set_role(co.id, Role::Manager));
            let b = s.spawn(|| co_client.set_role(boss_id, Role::Manager));
            (
                a.join().expect("boss's request"),
                b.join().expect("co's request"),
            )
        });
        let owners: Vec<_> = roster(&t.mgr)
            .into_iter()
            .filter(|u| u.1 == Role::Owner)
            .collect();
        assert_eq!(owners.len(), 1, "round {round}: {owners:?}");
        // Exactly one won; the other was refused as the last owner's demotion, or, when it
        // was authenticated after the first had committed, as a manager touching an owner.
        let refused = match (a, b) {
            (Ok(_), Err(e)) | (Err(e), Ok(_)) => e.api(),
            other => panic!("round {round}: {other:?}"),
        };
        assert!(
            refused == forbidden(Forbidden::LastOwner)
                || refused == forbidden(Forbidden::OwnerOnly),
            "round {round}: {refused:?}"
        );
        // The remaining owner makes the other an owner again.
        let (winner, loser) = if owners[0].0 == "boss" {
            (&t.boss, co.id)
        } else {
            (&co_client, boss_id)
        };
        winner.set_role(loser, Role::Owner).expect("promote back");
    }
}
