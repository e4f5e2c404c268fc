//! The command layer through Tauri's IPC: JSON arguments in, DTOs or `{code, message, field}`
//! out, against a real SQLite file. Uses Tauri's mock runtime, so no window is needed here;
//! the end-to-end tests in `/tests` drive the real window.

mod analytics;
mod data;
mod encryption;
mod faults;
mod first_run;
mod import;
mod notify;
mod planning;
mod scorecard;
mod supply;
mod sync;
mod sync_server;

use chainbook_app::{commands, AppState};
use chainbook_store::Store;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindow;

struct Harness {
    _dir: tempfile::TempDir,
    /// Where the database key is kept: keyring-core's mock store, never the OS keychain.
    keychain: std::sync::Arc<keyring_core::CredentialStore>,
    _app: tauri::App<tauri::test::MockRuntime>,
    webview: WebviewWindow<tauri::test::MockRuntime>,
}

impl Harness {
    fn new() -> Self {
        Self::with(|_| {})
    }

    /// A harness around a store `prepare` has written to first.
    fn with(prepare: impl FnOnce(&mut Store)) -> Self {
        Self::in_dir(tempfile::tempdir().unwrap(), prepare)
    }

    /// [`Harness::with`] on a store in `dir`.
    fn in_dir(dir: tempfile::TempDir, prepare: impl FnOnce(&mut Store)) -> Self {
        let mut store = Store::open(&dir.path().join("chainbook.db")).unwrap();
        prepare(&mut store);
        let keychain: std::sync::Arc<keyring_core::CredentialStore> =
            keyring_core::mock::Store::new().unwrap();
        let kept = keychain.clone();
        let app = mock_builder()
            .invoke_handler(commands::handler())
            .manage(
                AppState::new(store, dir.path().to_owned(), self::sync::mock_tokens())
                    .with_keychain(Box::new(move || Ok(kept.clone()))),
            )
            .build(mock_context(noop_assets()))
            .unwrap();
        let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        Harness {
            _dir: dir,
            keychain,
            _app: app,
            webview,
        }
    }

    /// The harness's temp folder (the database is `chainbook.db` in it).
    fn dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.webview,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|b| b.deserialize::<Value>().unwrap())
    }
}

fn input(name: &str, email: &str) -> Value {
    json!({
        "kind": "company", "name": name, "phone": "0755-28780808", "email": email,
        "country": "cn", "province": "广东", "city": "深圳", "tags": ["重品质"],
        "credit_limit": "50000", "currency": "CNY", "notes": "",
        "channel": "direct", "payment_method": "alipay", "payment_terms": "net_30",
        "lifecycle": "active", "owner": "李娜",
        "contacts": [
            {"id": null, "name": "张伟", "role": "采购经理", "phone": "13800138000", "email": "", "wechat": "", "primary": true}
        ],
        "addresses": [
            {"id": null, "kind": "shipping", "country": "CN", "province": "广东", "city": "深圳", "street": "坂田", "postcode": "518129"}
        ]
    })
}

fn empty_filter() -> Value {
    json!({"tags": [], "channels": [], "payment_methods": [], "country": null, "province": null,
           "city": null, "scope": null, "lifecycles": [], "owners": []})
}

fn list(h: &Harness) -> Value {
    h.call(
        "customer_list",
        json!({"query": {"page": 0, "page_size": 50, "sort": "name", "descending": false, "search": null, "filter": empty_filter()}}),
    )
    .unwrap()
}

#[test]
fn create_list_get_update_delete_through_ipc() {
    let h = Harness::new();
    let c = h
        .call(
            "customer_create",
            json!({"input": input("深圳华为技术有限公司", "info@huawei.com")}),
        )
        .unwrap();
    assert_eq!(c["name"], "深圳华为技术有限公司");
    assert_eq!(c["country"], "CN");
    assert_eq!(c["credit_limit"], "50000.00");
    assert!(c["code"].as_str().unwrap().starts_with("C-"));
    let id = c["id"].as_str().unwrap().to_owned();

    let page = list(&h);
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["id"], id.as_str());

    let detail = h.call("customer_get", json!({"id": id})).unwrap();
    assert_eq!(detail["customer"], c);
    assert_eq!(detail["contacts"][0]["name"], "张伟");
    assert_eq!(detail["contacts"][0]["primary"], true);
    assert_eq!(detail["addresses"][0]["postcode"], "518129");

    let u = h
        .call(
            "customer_update",
            json!({"id": id, "input": input("华为", "sales@huawei.com")}),
        )
        .unwrap();
    assert_eq!(u["email"], "sales@huawei.com");

    assert_eq!(
        h.call("customer_delete", json!({"id": id})).unwrap(),
        Value::Null
    );
    assert_eq!(list(&h)["total"], 0);
}

#[test]
fn validation_errors_have_code_message_and_field() {
    let h = Harness::new();
    let e = h
        .call(
            "customer_create",
            json!({"input": input("X", "not-an-email")}),
        )
        .unwrap_err();
    assert_eq!(e["code"], "invalid_email");
    assert_eq!(e["field"], "email");
    assert!(e["message"].as_str().unwrap().contains("email"));
    assert_eq!(list(&h)["total"], 0, "nothing written");

    let mut bad = input("X", "");
    bad["credit_limit"] = json!("1e309");
    let e = h
        .call("customer_create", json!({"input": bad}))
        .unwrap_err();
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("invalid_decimal"), Some("credit_limit"))
    );
}

#[test]
fn bad_ids_and_missing_records_are_typed_errors() {
    let h = Harness::new();
    let e = h
        .call("customer_get", json!({"id": "../etc/passwd"}))
        .unwrap_err();
    assert_eq!(e["code"], "invalid_argument");
    let e = h
        .call(
            "customer_get",
            json!({"id": "0190c2a0-0000-7000-8000-000000000000"}),
        )
        .unwrap_err();
    assert_eq!(e["code"], "not_found");
    assert_eq!(e["field"], Value::Null);
    let e = h
        .call(
            "customer_list",
            json!({"query": {"page": 0, "page_size": 100000, "sort": "name", "descending": false, "search": null, "filter": empty_filter()}}),
        )
        .unwrap_err();
    assert_eq!(e["code"], "invalid_argument");
}

/// Arguments of the wrong shape (found by the `ipc` fuzz target): Tauri's own decoding
/// answered a bare string, which the UI could only show as "internal"; now every command
/// decodes its arguments itself into a typed `invalid_argument` naming the argument.
#[test]
fn arguments_of_the_wrong_shape_are_typed_errors() {
    let h = Harness::new();
    for (cmd, args, field) in [
        ("customer_create", json!({"input": 5}), "input"),
        ("customer_create", json!({}), "input"),
        ("customer_get", json!({"id": ["x"]}), "id"),
        ("customer_search", json!({"q": "hw", "limit": -1}), "limit"),
        ("palette_search", json!({"q": 5, "limit": 5}), "q"),
        ("loyalty_weight_set", json!({"weight": "heavy"}), "weight"),
        ("conflict_resolve", json!({"id": 1.5, "keep": "mine"}), "id"),
        ("survey_add_many", json!({"inputs": {"nps": 9}}), "inputs"),
        ("import_commit", json!({"plan": null}), "plan"),
    ] {
        let e = h.call(cmd, args.clone()).unwrap_err();
        assert_eq!(
            (e["code"].as_str(), e["field"].as_str()),
            (Some("invalid_argument"), Some(field)),
            "{cmd} {args}: {e}"
        );
    }
    // Arguments that are not an object at all leave every argument out.
    let e = h.call("customer_get", json!([1, 2])).unwrap_err();
    assert_eq!(e["code"], "invalid_argument");
    // An `Option` argument may still be left out.
    h.call("satisfaction", json!({"today": "2026-11-23", "days": 30}))
        .unwrap();
}

/// The command palette through IPC: every kind in its own group, bad input typed.
#[test]
fn palette_search_groups_every_kind_and_refuses_bad_input() {
    let h = Harness::new();
    h.call(
        "customer_create",
        json!({"input": input("深圳华为技术有限公司", "info@huawei.com")}),
    )
    .unwrap();
    let r = h
        .call("palette_search", json!({"q": "hw", "limit": 5}))
        .unwrap();
    assert_eq!(r["customers"][0]["name"], "深圳华为技术有限公司");
    for kind in [
        "orders",
        "products",
        "suppliers",
        "purchase_orders",
        "complaints",
    ] {
        assert_eq!(r[kind], json!([]), "{kind}");
    }
    let p = h
        .call(
            "product_create",
            json!({"input": {
                "sku": "bolt-m8", "name": "六角螺栓 M8", "unit": "件", "category": "紧固件",
                "currency": "CNY", "price": "0.85", "cost": "0.50", "stage": "mature",
                "pack_size": "100", "min_order_qty": "1000", "lead_time_days": "7",
                "safety_stock": "50", "reorder_point": "80", "active": true
            }}),
        )
        .unwrap();
    // A SKU finds its product, however it is typed.
    let r = h
        .call("palette_search", json!({"q": "Bolt-M8", "limit": 5}))
        .unwrap();
    assert_eq!(
        r["products"],
        json!([{"id": p["id"], "code": "BOLT-M8", "name": "六角螺栓 M8", "detail": "紧固件"}])
    );
    assert_eq!(r["customers"], json!([]));
    for (args, code, field) in [
        (json!({"q": "hw", "limit": 0}), "out_of_range", "limit"),
        (json!({"q": "hw", "limit": 21}), "out_of_range", "limit"),
        (json!({"q": "x".repeat(101), "limit": 5}), "too_long", "q"),
        (json!({"q": "hw"}), "invalid_argument", "limit"),
    ] {
        let e = h.call("palette_search", args.clone()).unwrap_err();
        assert_eq!(
            (e["code"].as_str(), e["field"].as_str()),
            (Some(code), Some(field)),
            "{args}: {e}"
        );
    }
}

/// The home's attention list through IPC: every group by its code, an overdue follow-up
/// naming the customer it opens, bad arguments typed.
#[test]
fn attention_lists_every_group_with_codes_and_values() {
    let h = Harness::new();
    let c = h
        .call(
            "customer_create",
            json!({"input": input("深圳华为技术有限公司", "info@huawei.com")}),
        )
        .unwrap();
    h.call(
        "interaction_add",
        json!({"input": {"customer_id": c["id"], "contact_id": null, "kind": "call",
            "occurred_at": "2020-01-02T09:30:00+08:00", "summary": "询价", "outcome": "",
            "follow_up_on": "2020-01-03"}}),
    )
    .unwrap();
    let groups = h
        .call("attention", json!({"today": "2020-01-05", "lines": 3}))
        .unwrap();
    let kinds: Vec<&str> = groups
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "follow_ups",
            "complaints",
            "complaints_due_soon",
            "late_orders",
            "late_purchase_orders",
            "reorder",
            "contracts"
        ]
    );
    assert_eq!(groups[0]["count"], 1);
    assert_eq!(
        groups[0]["lines"][0],
        json!({"id": c["id"], "code": c["code"], "name": "深圳华为技术有限公司",
               "date": "2020-01-03", "values": ["询价"]})
    );
    for g in &groups.as_array().unwrap()[1..] {
        assert_eq!(
            (g["count"].as_u64(), g["lines"].as_array().map(Vec::len)),
            (Some(0), Some(0))
        );
    }
    for (args, code, field) in [
        (
            json!({"today": "2020-13-01", "lines": 3}),
            "invalid_date",
            "today",
        ),
        (
            json!({"today": "2020-01-05", "lines": 0}),
            "out_of_range",
            "lines",
        ),
        (json!({"today": "2020-01-05"}), "invalid_argument", "lines"),
    ] {
        let e = h.call("attention", args.clone()).unwrap_err();
        assert_eq!(
            (e["code"].as_str(), e["field"].as_str()),
            (Some(code), Some(field)),
            "{args}: {e}"
        );
    }
}

#[test]
fn locale_is_saved_and_validated() {
    let h = Harness::new();
    let info = h.call("app_info", json!({})).unwrap();
    assert_eq!(info["locale"], Value::Null);
    assert_eq!(info["device_code"].as_str().unwrap().len(), 3);
    h.call("settings_set_locale", json!({"locale": "zh-CN"}))
        .unwrap();
    assert_eq!(h.call("app_info", json!({})).unwrap()["locale"], "zh-CN");
    let e = h
        .call("settings_set_locale", json!({"locale": "fr"}))
        .unwrap_err();
    assert_eq!(e["code"], "invalid_argument");
}

#[test]
fn theme_is_saved_and_validated() {
    let h = Harness::new();
    assert_eq!(h.call("app_info", json!({})).unwrap()["theme"], "system");
    assert_eq!(
        h.call("settings_set_theme", json!({"theme": "dark"}))
            .unwrap(),
        "dark"
    );
    assert_eq!(h.call("app_info", json!({})).unwrap()["theme"], "dark");
    let e = h
        .call("settings_set_theme", json!({"theme": "sepia"}))
        .unwrap_err();
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("invalid_choice"), Some("theme"))
    );
    assert_eq!(h.call("app_info", json!({})).unwrap()["theme"], "dark");
}

#[test]
fn app_ready_takes_no_arguments_and_returns_nothing() {
    let h = Harness::new();
    assert_eq!(h.call("app_ready", json!({})).unwrap(), Value::Null);
    assert!(chainbook_app::started().elapsed() < std::time::Duration::from_secs(3600));
}

#[test]
fn search_interactions_follow_ups_and_segments_through_ipc() {
    let h = Harness::new();
    let c = h
        .call(
            "customer_create",
            json!({"input": input("深圳华为技术有限公司", "info@huawei.com")}),
        )
        .unwrap();
    let id = c["id"].as_str().unwrap();
    let hits = h
        .call("customer_search", json!({"q": "hw", "limit": 10}))
        .unwrap();
    assert_eq!(hits[0]["name"], "深圳华为技术有限公司");

    let dups = h
        .call("customer_duplicates", json!({"query": {"name": "深圳华为技术有限公司", "phones": [], "emails": [], "exclude": null}}))
        .unwrap();
    assert_eq!(dups[0]["reason"], "name");

    let interaction = |follow_up: &str| {
        json!({"input": {"customer_id": id, "contact_id": null, "kind": "call",
            "occurred_at": "2026-11-23T09:30:00+08:00", "summary": "询价", "outcome": "",
            "follow_up_on": follow_up}})
    };
    let e = h
        .call("interaction_add", interaction("2026-11-22"))
        .unwrap_err();
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("date_order"), Some("follow_up_on"))
    );
    let i = h
        .call("interaction_add", interaction("2026-11-24"))
        .unwrap();
    let due = h
        .call(
            "follow_ups",
            json!({"range": "today", "today": "2026-11-24"}),
        )
        .unwrap();
    assert_eq!(due[0]["interaction"]["id"], i["id"]);
    assert_eq!(due[0]["customer_name"], "深圳华为技术有限公司");
    let e = h
        .call(
            "follow_ups",
            json!({"range": "someday", "today": "2026-11-24"}),
        )
        .unwrap_err();
    assert_eq!(e["code"], "invalid_choice");
    let done = h
        .call("follow_up_complete", json!({"id": i["id"], "note": ""}))
        .unwrap();
    assert!(done["follow_up_done_at"].is_string());
    let timeline = h
        .call("customer_timeline", json!({"id": id, "limit": 10}))
        .unwrap();
    assert_eq!(timeline[0]["type"], "interaction");
    assert_eq!(timeline[0]["summary"], "询价");

    let mut filter = empty_filter();
    filter["channels"] = json!(["direct"]);
    let seg = h
        .call(
            "segment_create",
            json!({"name": "直销客户", "filter": filter}),
        )
        .unwrap();
    assert_eq!(seg["count"], 1);
    let segs = h.call("segment_list", json!({})).unwrap();
    assert_eq!(segs[0]["name"], "直销客户");
    filter["channels"] = json!(["telepathy"]);
    let e = h
        .call("segment_create", json!({"name": "x", "filter": filter}))
        .unwrap_err();
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("invalid_choice"), Some("channels"))
    );
    h.call("segment_delete", json!({"id": seg["id"]})).unwrap();

    let e = h
        .call("settings_set_home_country", json!({"country": "XX"}))
        .unwrap_err();
    assert_eq!(e["code"], "invalid_country");
    h.call("settings_set_home_country", json!({"country": "de"}))
        .unwrap();
    assert_eq!(h.call("app_info", json!({})).unwrap()["home_country"], "DE");
}

#[test]
fn nested_errors_name_the_contact_field() {
    let h = Harness::new();
    let mut bad = input("X", "");
    bad["contacts"][0]["phone"] = json!("");
    let e = h
        .call("customer_create", json!({"input": bad}))
        .unwrap_err();
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("unreachable_contact"), Some("contacts.0.phone"))
    );
    let mut bad = input("X", "");
    bad["contacts"][0]["id"] = json!("not-an-id");
    let e = h
        .call("customer_create", json!({"input": bad}))
        .unwrap_err();
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("invalid_argument"), Some("contacts.0.id"))
    );
    assert_eq!(list(&h)["total"], 0);
}

#[test]
fn every_command_in_the_bindings_is_served() {
    // A command declared in a capability module but missing from `handler` would reach the
    // bindings (the UI could call it) and then fail at run time as unknown.
    let h = Harness::new();
    let missing = |name: &str| format!("Command {name} not found");
    let unknown = h
        .call("no_such_command", json!({}))
        .unwrap_err()
        .to_string();
    assert!(unknown.contains(&missing("no_such_command")), "{unknown}");
    let cfg = ts_rs::Config::new();
    for (name, _, _) in commands::signatures(&cfg) {
        if name == "print_document" {
            continue; // needs a real webview
        }
        if let Err(e) = h.call(name, json!({})) {
            assert!(!e.to_string().contains(&missing(name)), "{name}: {e}");
        }
    }
}

/// Tax rates through IPC: China's until saved, saved and read back, a bad rate named by its
/// place and nothing changed.
#[test]
fn tax_rates_are_read_saved_and_checked() {
    let h = Harness::new();
    assert_eq!(
        h.call("tax_rates", json!({})).unwrap(),
        json!({"rates": [{"name": "", "rate_pct": "13"}, {"name": "", "rate_pct": "9"},
                         {"name": "", "rate_pct": "6"}, {"name": "", "rate_pct": "0"}],
               "default_pct": "13"})
    );
    let mine = json!({"rates": [{"name": "增值税", "rate_pct": "13.00"}, {"name": "免税", "rate_pct": "0"}],
                      "default_pct": "13"});
    let saved = h.call("tax_rates_set", json!({"rates": mine})).unwrap();
    assert_eq!(
        saved,
        json!({"rates": [{"name": "增值税", "rate_pct": "13"}, {"name": "免税", "rate_pct": "0"}],
               "default_pct": "13"})
    );
    assert_eq!(h.call("tax_rates", json!({})).unwrap(), saved);
    let bad = json!({"rates": [{"name": "", "rate_pct": "13"}, {"name": "", "rate_pct": "１３"}],
                     "default_pct": ""});
    let e = h.call("tax_rates_set", json!({"rates": bad})).unwrap_err();
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("duplicate_record"), Some("rates.1.rate_pct")),
        "{e}"
    );
    assert_eq!(h.call("tax_rates", json!({})).unwrap(), saved);
    let e = h
        .call("tax_rates_set", json!({"rates": {"rates": "x"}}))
        .unwrap_err();
    assert_eq!(e["code"], "invalid_argument");
}
