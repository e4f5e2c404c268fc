//! Sign-in, sync now and sign-out through the commands against the real `chainbook-server`
//! on a free port of 127.0.0.1 (tokens in keyring-core's mock store). The binary is built and
//! found as `crates/sync/tests/it/harness.rs` does, or taken from `CHAINBOOK_SERVER_BIN`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::{json, Value};

use super::Harness;

const PASSWORD: &str = "correct horse battery";

fn server_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("CHAINBOOK_SERVER_BIN") {
        return PathBuf::from(p);
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut build = Command::new(cargo);
    // Without the variables cargo sets for a test process (build scripts would rebuild).
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy().into_owned();
        if name.starts_with("CARGO_PKG_")
            || name.starts_with("CARGO_BIN_")
            || [
                "CARGO_MANIFEST_DIR",
                "CARGO_MANIFEST_PATH",
                "CARGO_CRATE_NAME",
                "CARGO_PRIMARY_PACKAGE",
                "CARGO_TARGET_TMPDIR",
                "CARGO_RUSTC_CURRENT_DIR",
                "OUT_DIR",
            ]
            .contains(&name.as_str())
        {
            build.env_remove(name);
        }
    }
    let out = build
        .args([
            "build",
            "-p",
            "chainbook-server",
            "--bin",
            "chainbook-server",
        ])
        .arg("--message-format=json-render-diagnostics")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stderr(Stdio::inherit())
        .output()
        .expect("run cargo build -p chainbook-server");
    assert!(
        out.status.success(),
        "cargo build -p chainbook-server failed"
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "chainbook-server")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .expect("cargo reported the chainbook-server executable")
}

fn admin(bin: &Path, data: &Path, args: &[&str]) {
    let out = Command::new(bin)
        .args(&args[..2])
        .arg("--data")
        .arg(data)
        .args(&args[2..])
        .output()
        .expect("run chainbook-server");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A running server, killed when dropped.
struct Server {
    url: String,
    child: Child,
    /// Kept open: the server may print more, and a closed pipe would fail its writes.
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(bin: &Path, data: &Path) -> Server {
    let mut child = Command::new(bin)
        .args(["serve", "--data"])
        .arg(data)
        .args(["--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chainbook-server");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let _ = stdout.read_line(&mut line);
    let Some(addr) = line.trim().strip_prefix("listening on http://") else {
        let _ = child.kill();
        panic!("server did not start: {line:?}");
    };
    Server {
        url: format!("http://{addr}"),
        child,
        _stdout: stdout,
    }
}

fn sign_in(server: &str, password: &str) -> Value {
    json!({"input": {"server": server, "org": "acme", "user": "rep", "password": password,
                     "device_name": "Laptop"}})
}

#[test]
fn sign_in_sync_now_and_sign_out_against_the_real_server() {
    let bin = server_bin();
    let data = tempfile::tempdir().unwrap();
    admin(&bin, data.path(), &["org", "create", "acme", "Acme Ltd"]);
    admin(
        &bin,
        data.path(),
        &[
            "user",
            "add",
            "--org",
            "acme",
            "rep",
            "--role",
            "rep",
            "--password",
            PASSWORD,
        ],
    );
    let server = start(&bin, data.path());
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
    let bin = server_bin();
    let data = tempfile::tempdir().unwrap();
    admin(&bin, data.path(), &["org", "create", "acme", "Acme Ltd"]);
    for (user, role) in [("boss", "owner"), ("rep", "rep")] {
        admin(
            &bin,
            data.path(),
            &[
                "user",
                "add",
                "--org",
                "acme",
                user,
                "--role",
                role,
                "--password",
                PASSWORD,
            ],
        );
    }
    let server = start(&bin, data.path());
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
