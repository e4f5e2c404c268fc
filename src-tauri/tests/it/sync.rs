//! The sync commands through IPC: the status before sign-in, typed errors of a sign-in that
//! cannot reach its server (or gets no URL), and the conflicts view on a store with a conflict
//! made the way two devices make one (on a customer's field, and on a business setting).

use std::sync::Arc;

use chainbook_app::sync::Tokens;
use chainbook_core::customer::{CustomerDraft, CustomerKind};
use chainbook_store::Store;
use chainbook_sync::{KeyringTokens, TokenStore};
use serde_json::{json, Value};

use super::Harness;

/// Tokens in keyring-core's mock store (never the OS keychain in tests).
pub fn mock_tokens() -> Tokens {
    let store = keyring_core::mock::Store::new().unwrap();
    Box::new(move || {
        let store: Arc<keyring_core::CredentialStore> = store.clone();
        Ok(Box::new(KeyringTokens::with_store(store)) as Box<dyn TokenStore>)
    })
}

fn sign_in(server: &str) -> Value {
    json!({"input": {"server": server, "org": "acme", "user": "li", "password": "pw",
                     "device_name": "Laptop"}})
}

#[test]
fn status_before_sign_in_and_typed_sign_in_errors() {
    let h = Harness::new();
    let s = h.call("sync_status", json!({})).unwrap();
    assert_eq!(s["enabled"], false);
    assert_eq!(s["signed_in"], false);
    assert_eq!(s["server"], Value::Null);
    assert_eq!(s["last_error"], Value::Null);
    assert_eq!(s["open_conflicts"], 0);
    // Nothing listens on port 9 of loopback: offline, and nothing kept.
    let e = h
        .call("sync_sign_in", sign_in("http://127.0.0.1:9"))
        .unwrap_err();
    assert_eq!(e["code"], "offline");
    let e = h
        .call("sync_sign_in", sign_in("ftp://example.com"))
        .unwrap_err();
    assert_eq!(
        (&e["code"], &e["field"]),
        (&json!("invalid_argument"), &json!("server"))
    );
    // Plain http to another computer would send the password in clear: refused before any
    // request is made.
    let e = h
        .call("sync_sign_in", sign_in("http://192.168.1.20:8787"))
        .unwrap_err();
    assert_eq!(
        (&e["code"], &e["field"]),
        (&json!("insecure_url"), &json!("server"))
    );
    let s = h.call("sync_status", json!({})).unwrap();
    assert_eq!(
        (&s["signed_in"], &s["server"]),
        (&json!(false), &Value::Null)
    );
    // Not signed in: sync now says so; sign-out is harmless.
    let e = h.call("sync_now", json!({})).unwrap_err();
    assert_eq!(e["code"], "unauthorized");
    h.call("sync_sign_out", json!({})).unwrap();
}

fn draft(limit: &str) -> CustomerDraft {
    CustomerDraft {
        kind: CustomerKind::Company,
        name: "宏达".into(),
        phone: "0755-12345678".into(),
        country: "CN".into(),
        credit_limit: limit.into(),
        currency: "CNY".into(),
        ..Default::default()
    }
}

/// Everything `s` would push, acknowledged.
fn take(s: &mut Store) -> Vec<chainbook_core::merge::RowChange> {
    let mut all = Vec::new();
    loop {
        let out = s.sync().outgoing(10_000).unwrap();
        let done = out.changes.is_empty()
            && !matches!(
                out.ack,
                chainbook_store::sync::Ack::Snapshot { done: false, .. }
            );
        all.extend(out.changes);
        s.sync_mut().acknowledge(&out.ack).unwrap();
        if done {
            return all;
        }
    }
}

/// A store whose credit-limit edit (5000) lost to another device's later one (8000).
fn with_conflict(a: &mut Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut b = Store::open(&dir.path().join("b.db")).unwrap();
    for s in [&mut *a, &mut b] {
        s.sync_mut().enable().unwrap();
        take(s);
    }
    let c = a.customers_mut().create(&draft("100")).unwrap();
    b.sync_mut().apply(&take(a)).unwrap();
    a.customers_mut().update(c.id, &draft("5000")).unwrap();
    b.customers_mut().update(c.id, &draft("8000")).unwrap();
    let from_a = take(a);
    let from_b = take(&mut b);
    a.sync_mut().apply(&from_b).unwrap();
    b.sync_mut().apply(&from_a).unwrap();
}

#[test]
fn conflicts_are_listed_with_both_sides_and_resolved_in_one_call() {
    let h = Harness::with(with_conflict);
    let s = h.call("sync_status", json!({})).unwrap();
    assert_eq!(
        (&s["enabled"], &s["open_conflicts"]),
        (&json!(true), &json!(1))
    );
    let list = h.call("conflict_list", json!({"limit": 50})).unwrap();
    let c = &list[0];
    assert_eq!(
        (&c["table"], &c["field"]),
        (&json!("customers"), &json!("credit_limit"))
    );
    assert_eq!(
        (&c["kept"]["value"], &c["kept"]["here"]),
        (&json!("8000.00"), &json!(false))
    );
    assert_eq!(
        (&c["lost"]["value"], &c["lost"]["here"]),
        (&json!("5000.00"), &json!(true))
    );
    assert!(c["lost"]["at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(c["setting"], Value::Null, "not a business setting");
    let id = c["id"].clone();
    let e = h
        .call("conflict_resolve", json!({"id": id, "keep": "mine"}))
        .unwrap_err();
    assert_eq!(e["code"], "invalid_argument");
    let s = h
        .call("conflict_resolve", json!({"id": id, "keep": "lost"}))
        .unwrap();
    assert_eq!(s["open_conflicts"], 0);
    assert!(s["changes_waiting"].as_u64().unwrap() > 0);
    let row = h
        .call(
            "customer_list",
            json!({"query": {"page": 0, "page_size": 5, "sort": "name",
        "descending": false, "search": null, "filter": super::empty_filter()}}),
        )
        .unwrap();
    assert_eq!(row["items"][0]["credit_limit"], "5000.00");
    let e = h
        .call("conflict_resolve", json!({"id": id, "keep": "kept"}))
        .unwrap_err();
    assert_eq!(e["code"], "not_found");
    assert_eq!(
        h.call("conflict_list", json!({"limit": 50})).unwrap(),
        json!([])
    );
}

/// A store whose home country (DE) lost to another device's, set apart a minute later (US).
fn with_setting_conflict(a: &mut Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut b = Store::open(&dir.path().join("b.db")).unwrap();
    b.set_clock(Box::new(|| {
        chrono::Utc::now() + chrono::Duration::minutes(1)
    }));
    for s in [&mut *a, &mut b] {
        s.sync_mut().enable().unwrap();
        take(s);
    }
    a.settings_mut().set_home_country("DE").unwrap();
    b.settings_mut().set_home_country("US").unwrap();
    let from_a = take(a);
    let from_b = take(&mut b);
    a.sync_mut().apply(&from_b).unwrap();
    b.sync_mut().apply(&from_a).unwrap();
}

#[test]
fn a_business_setting_conflict_names_its_setting_and_keeping_the_lost_value_applies_it() {
    let h = Harness::with(with_setting_conflict);
    assert_eq!(h.call("app_info", json!({})).unwrap()["home_country"], "US");
    let list = h.call("conflict_list", json!({"limit": 50})).unwrap();
    let c = &list[0];
    assert_eq!(
        (&c["table"], &c["field"], &c["setting"], &c["surfaced"]),
        (
            &json!("business_settings"),
            &json!("value"),
            &json!("home_country"),
            &json!(true)
        )
    );
    // The values cross as the setting's JSON; the UI words them.
    assert_eq!(
        (&c["kept"]["value"], &c["lost"]["value"]),
        (&json!("\"US\""), &json!("\"DE\""))
    );
    h.call("conflict_resolve", json!({"id": c["id"], "keep": "lost"}))
        .unwrap();
    assert_eq!(h.call("app_info", json!({})).unwrap()["home_country"], "DE");
}
