//! The analytics commands through IPC: the dashboard, the lost-customer list and one
//! customer's figures, and the typed errors of bad periods, currencies and segments.

use serde_json::{json, Value};

use super::{input, Harness};

fn err(r: Result<Value, Value>) -> (String, Value) {
    let e = r.expect_err("expected an error");
    (e["code"].as_str().unwrap().to_owned(), e["field"].clone())
}

fn analysis(from: &str, as_of: &str, currency: &str, segment: Value) -> Value {
    json!({"period": {"from": from, "as_of": as_of}, "currency": currency, "segment": segment})
}

#[test]
fn dashboard_lost_customers_and_a_customers_figures() {
    let h = Harness::new();
    let customer = h
        .call(
            "customer_create",
            json!({"input": input("深圳华为", "a@hw.cn")}),
        )
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let product = h
        .call(
            "product_create",
            json!({"input": {"sku": "P-1", "name": "阀门", "unit": "件", "category": "",
                   "currency": "CNY", "price": "10", "cost": "4", "stage": "mature",
                   "pack_size": "1", "min_order_qty": "1", "lead_time_days": "7",
                   "safety_stock": "0", "reorder_point": "0", "active": true}}),
        )
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for (on, qty) in [("2025-01-10", "3"), ("2025-02-10", "2")] {
        let o = h
            .call(
                "order_create",
                json!({"today": on, "input": {"customer_id": customer, "currency": "",
                   "channel": "direct", "payment_method": "alipay", "ordered_on": on,
                   "promised_on": "", "notes": "",
                   "lines": [{"id": null, "product_id": product, "quantity": qty,
                              "unit_price": "10", "discount_pct": "", "tax_rate_pct": ""}]}}),
            )
            .unwrap();
        h.call(
            "order_confirm",
            json!({"id": o["id"], "backorder": true, "overrule": true, "today": on}),
        )
        .unwrap();
    }
    let d = h
        .call(
            "analytics_dashboard",
            json!({"analysis": analysis("2025-01-01", "2025-03-31", "CNY", Value::Null)}),
        )
        .unwrap();
    assert_eq!(d["current"]["revenue"], "50.00");
    assert_eq!(d["current"]["orders"], 2);
    assert_eq!(d["current"]["repurchase_rate"], 1.0);
    assert_eq!(
        d["current"]["on_time_rate"],
        Value::Null,
        "no data, not 0 %"
    );
    assert_eq!(d["previous_as_of"], "2024-12-31");
    assert_eq!(
        d["months"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["revenue"].as_str().unwrap())
            .collect::<Vec<_>>(),
        vec!["30.00", "20.00", "0"]
    );
    assert_eq!(d["tiers"][2]["customers"], 1);
    // Stock and suppliers come separately: nothing was received, so no turnover (no data).
    let supply = h
        .call(
            "analytics_supply",
            json!({"period": {"from": "2025-01-01", "as_of": "2025-03-31"}}),
        )
        .unwrap();
    assert_eq!(supply["current"]["turnover"], Value::Null);
    assert_eq!(supply["current"]["po_lines_due"], 0);
    assert!(supply["previous"].is_object());
    assert_eq!(
        h.call("analytics_currencies", json!({})).unwrap(),
        json!(["CNY"])
    );

    // A year later the customer, who bought every 31 days, is lost.
    let lost = h
        .call(
            "analytics_slipping",
            json!({"query": {"analysis": analysis("", "2026-03-01", "CNY", Value::Null),
                   "stage": null, "page": 0, "page_size": 50}}),
        )
        .unwrap();
    assert_eq!(lost["total"], 1);
    let v = &lost["items"][0]["value"];
    assert_eq!(
        (
            &v["stage"],
            &v["usual_interval_days"],
            &v["days_since_last"]
        ),
        (&json!("lost"), &json!(31.0), &json!(384))
    );
    assert_eq!(
        lost["items"][0]["recent_orders"][1],
        json!(["2025-02-10", "20.00"])
    );

    let me = h
        .call(
            "analytics_customer",
            json!({"id": customer, "period": {"from": "2025-01-01", "as_of": "2025-03-31"}}),
        )
        .unwrap();
    // The only customer holds 100 % of revenue, past the A and B limits: C by definition.
    assert_eq!(
        (&me["value"]["tier"], &me["ranked"]),
        (&json!("c"), &json!(1))
    );
    assert_eq!(me["loyalty_weight"], 0.5);
    assert_eq!(
        h.call("loyalty_weight_set", json!({"weight": 0.8}))
            .unwrap(),
        0.8
    );
    assert_eq!(h.call("loyalty_weight_get", json!({})).unwrap(), 0.8);
    assert_eq!(
        err(h.call("loyalty_weight_set", json!({"weight": 1.5}))).0,
        "out_of_range"
    );
}

#[test]
fn bad_periods_currencies_and_segments_are_typed_errors() {
    let h = Harness::new();
    let call = |a: Value| h.call("analytics_dashboard", json!({ "analysis": a }));
    assert_eq!(
        err(call(analysis("", "", "CNY", Value::Null))),
        ("required".into(), json!("as_of"))
    );
    assert_eq!(
        err(call(analysis(
            "2026-02-01",
            "2026-01-01",
            "CNY",
            Value::Null
        ))),
        ("date_order".into(), json!("from"))
    );
    assert_eq!(
        err(call(analysis(
            "2026/13/01",
            "2026-12-01",
            "CNY",
            Value::Null
        )))
        .1,
        json!("from")
    );
    assert_eq!(
        err(call(analysis("", "2026-12-01", "C1Y", Value::Null))),
        ("invalid_currency".into(), json!("currency"))
    );
    assert_eq!(
        err(call(analysis("", "2026-12-01", "CNY", json!("nope")))).1,
        json!("segment")
    );
    assert_eq!(
        err(call(analysis(
            "",
            "2026-12-01",
            "CNY",
            json!("0195a1b2-0000-7000-8000-000000000000")
        )))
        .0,
        "not_found"
    );
    assert_eq!(
        err(h.call(
            "analytics_slipping",
            json!({"query": {"analysis": analysis("", "2026-12-01", "CNY", Value::Null),
                   "stage": "sleepy", "page": 0, "page_size": 50}})
        ))
        .1,
        json!("stage")
    );
}
