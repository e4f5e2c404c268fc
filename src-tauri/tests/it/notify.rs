//! Desktop notifications through IPC: choices saved and checked, each new record told once,
//! bad arguments typed.

use serde_json::json;

use crate::{input, Harness};

#[test]
fn notifications_are_off_until_chosen_and_tell_each_record_once() {
    let h = Harness::new();
    let off = h.call("notify_settings", json!({})).unwrap();
    assert_eq!(
        off,
        json!({"enabled": false, "follow_ups": true, "sla_breaches": true,
               "contracts": true, "low_stock": true})
    );
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
    let today = json!({"today": "2020-01-05"});
    assert_eq!(h.call("notify_due", today.clone()).unwrap(), json!([]));

    let on = json!({"enabled": true, "follow_ups": true, "sla_breaches": false,
                    "contracts": false, "low_stock": false});
    assert_eq!(
        h.call("notify_set_settings", json!({"settings": on}))
            .unwrap(),
        on
    );
    assert_eq!(
        h.call("notify_due", today.clone()).unwrap(),
        json!([{"kind": "follow_ups", "total": 1, "items": [
            {"id": c["id"], "code": c["code"], "name": "深圳华为技术有限公司", "date": "2020-01-03"}
        ]}])
    );
    assert_eq!(h.call("notify_due", today).unwrap(), json!([]), "told once");

    // On with nothing chosen is refused and changes nothing.
    let none = json!({"enabled": true, "follow_ups": false, "sla_breaches": false,
                      "contracts": false, "low_stock": false});
    let e = h
        .call("notify_set_settings", json!({"settings": none}))
        .unwrap_err();
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("required"), Some("kinds"))
    );
    assert_eq!(h.call("notify_settings", json!({})).unwrap(), on);

    for (cmd, args, code, field) in [
        (
            "notify_due",
            json!({"today": "2020-02-30"}),
            "invalid_date",
            "today",
        ),
        ("notify_due", json!({}), "invalid_argument", "today"),
        (
            "notify_set_settings",
            json!({"settings": {"enabled": true}}),
            "invalid_argument",
            "settings",
        ),
        (
            "notify_show",
            json!({"notification": {"title": "  ", "body": "x"}}),
            "required",
            "title",
        ),
        (
            "notify_show",
            json!({"notification": "hello"}),
            "invalid_argument",
            "notification",
        ),
    ] {
        let e = h.call(cmd, args.clone()).unwrap_err();
        assert_eq!(
            (e["code"].as_str(), e["field"].as_str()),
            (Some(code), Some(field)),
            "{cmd} {args}: {e}"
        );
    }
}
