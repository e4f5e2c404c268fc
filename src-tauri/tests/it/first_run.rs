//! The first run through IPC: `app_info` says whether the wizard is due, refused choices
//! write nothing, the sample company goes only into an empty database and keeps the choices,
//! and the base currency in Settings.

use serde_json::{json, Value};

use crate::{input, list, Harness};

fn setup(sample: bool) -> Value {
    json!({"setup": {"locale": "zh-CN", "company_name": "深圳链簿贸易有限公司",
                     "home_country": "cn", "base_currency": "usd", "sample": sample}})
}

/// `app_info` without the clock's time, which moves between calls.
fn info(h: &Harness) -> Value {
    let mut i = h.call("app_info", json!({})).unwrap();
    i.as_object_mut().unwrap().remove("now");
    i
}

#[test]
fn bad_choices_write_nothing_and_an_empty_start_saves_them_all() {
    let h = Harness::new();
    let before = info(&h);
    assert_eq!(before["set_up"], false);
    assert_eq!(before["base_currency"], "CNY");
    for (field, value, code, at) in [
        ("locale", json!("fr"), "invalid_argument", "locale"),
        (
            "home_country",
            json!("XX"),
            "invalid_country",
            "home_country",
        ),
        ("home_country", json!(""), "required", "home_country"),
        (
            "base_currency",
            json!("ABC"),
            "invalid_currency",
            "base_currency",
        ),
        ("base_currency", json!(""), "required", "base_currency"),
        ("company_name", json!("名".repeat(201)), "too_long", "name"),
    ] {
        for sample in [false, true] {
            let mut args = setup(sample);
            args["setup"][field] = value.clone();
            let e = h.call("first_run_finish", args).unwrap_err();
            assert_eq!(
                (e["code"].as_str(), e["field"].as_str()),
                (Some(code), Some(at)),
                "{field} {value}"
            );
            // Nothing was written: the wizard is still due, no record, no setting.
            assert_eq!(info(&h), before);
            assert_eq!(list(&h)["total"], 0);
        }
    }
    let missing = h.call("first_run_finish", json!({})).unwrap_err();
    assert_eq!(missing["code"], "invalid_argument");

    h.call("first_run_finish", setup(false)).unwrap();
    let after = info(&h);
    assert_eq!(after["set_up"], true);
    assert_eq!(after["locale"], "zh-CN");
    assert_eq!(after["home_country"], "CN");
    assert_eq!(after["base_currency"], "USD");
    assert_eq!(after["company"]["name"], "深圳链簿贸易有限公司");
    assert_eq!(list(&h)["total"], 0);

    // Settings changes the base currency later, validated the same way.
    assert_eq!(
        h.call("settings_set_base_currency", json!({"currency": " eur "}))
            .unwrap(),
        "EUR"
    );
    let e = h
        .call("settings_set_base_currency", json!({"currency": "EURO"}))
        .unwrap_err();
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("invalid_currency"), Some("base_currency"))
    );
    assert_eq!(info(&h)["base_currency"], "EUR");
}

#[test]
fn the_sample_fills_an_empty_database_and_is_refused_once_there_are_records() {
    let h = Harness::new();
    let device = info(&h)["device_code"].clone();
    h.call("first_run_finish", setup(true)).unwrap();
    let after = info(&h);
    assert_eq!(after["set_up"], true);
    assert_eq!(after["base_currency"], "USD");
    assert_eq!(after["locale"], "zh-CN");
    assert_eq!(after["company"]["name"], "深圳链簿贸易有限公司");
    // This installation keeps its own device code.
    assert_eq!(after["device_code"], device);
    let total = list(&h)["total"].as_u64().unwrap();
    assert_eq!(total, chainbook_datagen::SAMPLE.customers as u64);
    // No temporary file is left in the data folder.
    let left: Vec<String> = std::fs::read_dir(h.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("sample"))
        .collect();
    assert!(left.is_empty(), "{left:?}");

    // Records now: a second sample is refused and nothing changes.
    let e = h.call("first_run_finish", setup(true)).unwrap_err();
    assert_eq!(e["code"], "not_empty");
    assert_eq!(list(&h)["total"].as_u64().unwrap(), total);
}

#[test]
fn a_database_in_use_is_set_up_and_refuses_the_sample() {
    let h = Harness::new();
    h.call(
        "customer_create",
        json!({"input": input("老客户", "old@example.com")}),
    )
    .unwrap();
    // Records mean the database is in use (an upgrade, say): no wizard.
    assert_eq!(info(&h)["set_up"], true);
    let e = h.call("first_run_finish", setup(true)).unwrap_err();
    assert_eq!(e["code"], "not_empty");
    assert_eq!(list(&h)["total"], 1);
    assert_eq!(info(&h)["base_currency"], "CNY");
}
