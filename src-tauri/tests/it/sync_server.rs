//! Sign-in, sync now and sign-out through the commands against the real `chainbook-server`
//! on a free port of 127.0.0.1 (tokens in keyring-core's mock store), started with
//! `chainbook-testkit`.

use chainbook_testkit::{ServerData, PASSWORD};
use serde_json::{json, Value};

use super::Harness;

fn sign_in(server: &str, password: &str) -> Value {
    json!({"input": {"server": server, "org": "acme", "user": "rep", "password": password,
                     "device_name": "Laptop"}})
}

#[test]
fn sign_in_sync_now_and_sign_out_against_the_real_server() {
    let data = ServerData::new(&[("rep", "rep")]).expect("organisation");
    let server = data.start().expect("chainbook-server");
    let h = Harness::new();
    h.call(
        "customer_create",
        json!({"input": super::input("宏达", "a@b.cn")}),
    )
    .unwrap();

    let e = h
        .call("sync_sign_in", sign_in(&server.url, "wrong"))
        .unwrap_err();
    assert_eq!(e["code"], "unauthorized");
    let s = h
        .call("sync_sign_in", sign_in(&server.url, PASSWORD))
        .unwrap();
    assert_eq!(
        (&s["signed_in"], &s["enabled"]),
        (&json!(true), &json!(true))
    );
    assert_eq!(s["server"], server.url.as_str());
    assert_eq!(s["device_name"], "Laptop");
    let signed_in = s["version"].as_u64().expect("version");

    let s = h.call("sync_now", json!({})).unwrap();
    // A sync's start and end each count: the UI orders statuses by this number.
    assert_eq!(s["version"].as_u64(), Some(signed_in + 2));
    assert_eq!(s["running"], false);
    assert_eq!(s["last_error"], Value::Null);
    assert!(s["last_at"].is_string());
    assert_eq!(
        (&s["changes_waiting"], &s["first_push_pending"]),
        (&json!(0), &json!(false))
    );

    let s = h.call("sync_sign_out", json!({})).unwrap();
    assert_eq!(s["signed_in"], false);
    assert_eq!(s["version"].as_u64(), Some(signed_in + 3));
    assert_eq!(s["server"], server.url.as_str());
    let e = h.call("sync_now", json!({})).unwrap_err();
    assert_eq!(e["code"], "unauthorized");
    drop(server);
}

fn sign_in_as(server: &str, user: &str) -> Value {
    json!({"input": {"server": server, "org": "acme", "user": user, "password": PASSWORD,
                     "device_name": format!("{user}'s laptop")}})
}

#[test]
fn an_owner_manages_the_team_and_a_rep_is_refused() {
    let data = ServerData::new(&[("boss", "owner"), ("rep", "rep")]).expect("organisation");
    let server = data.start().expect("chainbook-server");
    let owner = Harness::new();
    let e = owner.call("team_users", json!({})).unwrap_err();
    assert_eq!(e["code"], "unauthorized", "not signed in yet");
    owner
        .call("sync_sign_in", sign_in_as(&server.url, "boss"))
        .unwrap();

    let users = owner.call("team_users", json!({})).unwrap();
    let names: Vec<_> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["name"].as_str().unwrap(), u["role"].as_str().unwrap()))
        .collect();
    assert_eq!(names, [("boss", "owner"), ("rep", "rep")]);
    let boss = users[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(users[0]["devices"], 1);

    let add = |name: &str, role: &str, password: &str| {
        owner.call(
            "team_add_user",
            json!({"input": {"name": name, "role": role, "password": password}}),
        )
    };
    let e = add("li", "manager", "short").unwrap_err();
    assert_eq!(
        (&e["code"], &e["field"]),
        (&json!("password_too_short"), &json!("password"))
    );
    let e = add("li", "admiral", PASSWORD).unwrap_err();
    assert_eq!(
        (&e["code"], &e["field"]),
        (&json!("invalid_choice"), &json!("role"))
    );
    let e = add("  ", "rep", PASSWORD).unwrap_err();
    assert_eq!(
        (&e["code"], &e["field"]),
        (&json!("required"), &json!("name"))
    );
    let li = add("li", "manager", PASSWORD).unwrap();
    assert_eq!(
        (&li["name"], &li["role"]),
        (&json!("li"), &json!("manager"))
    );
    let e = add("li", "rep", PASSWORD).unwrap_err();
    assert_eq!(
        (&e["code"], &e["field"]),
        (&json!("name_taken"), &json!("name"))
    );

    let li_id = li["id"].as_str().unwrap();
    let li = owner
        .call("team_set_role", json!({"id": li_id, "role": "rep"}))
        .unwrap();
    assert_eq!(li["role"], "rep");
    owner
        .call(
            "team_reset_password",
            json!({"id": li_id, "password": "another long one"}),
        )
        .unwrap();
    let e = owner
        .call("team_remove_user", json!({"id": boss}))
        .unwrap_err();
    assert_eq!(e["code"], "own_account");
    let e = owner
        .call("team_set_role", json!({"id": boss, "role": "rep"}))
        .unwrap_err();
    assert_eq!(e["code"], "own_account");
    assert_eq!(
        owner
            .call("team_remove_user", json!({"id": li_id}))
            .unwrap(),
        0
    );
    let e = owner
        .call("team_remove_user", json!({"id": "not-an-id"}))
        .unwrap_err();
    assert_eq!(e["code"], "invalid_argument");

    // A rep may sync but not manage; the owner signs the rep's device out.
    let rep = Harness::new();
    rep.call("sync_sign_in", sign_in_as(&server.url, "rep"))
        .unwrap();
    let e = rep.call("team_users", json!({})).unwrap_err();
    assert_eq!(e["code"], "forbidden");
    let e = rep.call("team_devices", json!({})).unwrap_err();
    assert_eq!(e["code"], "forbidden");
    let devices = owner.call("team_devices", json!({})).unwrap();
    let devices = devices.as_array().unwrap();
    assert_eq!(devices.len(), 2);
    assert_eq!(
        devices
            .iter()
            .map(|d| d["here"].as_bool().unwrap())
            .collect::<Vec<_>>(),
        [true, false]
    );
    assert_eq!(devices[1]["user_name"], "rep");
    owner
        .call("team_revoke_device", json!({"id": devices[1]["id"]}))
        .unwrap();
    let e = rep.call("sync_now", json!({})).unwrap_err();
    assert_eq!(e["code"], "device_revoked");
    let devices = owner.call("team_devices", json!({})).unwrap();
    assert!(devices[1]["revoked_at"].is_string());
    drop(server);
}
