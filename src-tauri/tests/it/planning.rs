//! Planning through IPC: the product list and page with reserved, available, on order and the
//! class; the replenishment list; draft purchase orders from selected lines; the settings.

use serde_json::{json, Value};

use super::Harness;

fn err(r: Result<Value, Value>) -> (String, Value) {
    let e = r.expect_err("expected an error");
    (e["code"].as_str().unwrap().to_owned(), e["field"].clone())
}

fn product(sku: &str) -> Value {
    json!({"input": {
        "sku": sku, "name": format!("产品 {sku}"), "unit": "件", "category": "紧固件",
        "currency": "CNY", "price": "2.00", "cost": "1.00", "stage": "mature", "pack_size": "10",
        "min_order_qty": "20", "lead_time_days": "5", "safety_stock": "", "reorder_point": "",
        "active": true
    }})
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

#[test]
fn replenishment_from_sales_to_draft_purchase_orders() {
    let h = Harness::new();
    let customer = id(&h
        .call(
            "customer_create",
            json!({"input": super::input("深圳华为技术有限公司", "buy@huawei.com")}),
        )
        .unwrap());
    let sup = id(&h
        .call(
            "supplier_create",
            json!({"input": {"code": "S-01", "name": "宁波精工五金", "kind": "goods",
                             "status": "approved", "categories": [], "notes": "", "contacts": []}}),
        )
        .unwrap());
    let today = "2026-12-02";
    let mut products = Vec::new();
    for sku in ["A-1", "A-2", "A-3", "B-1"] {
        let pid = id(&h.call("product_create", product(sku)).unwrap());
        h.call(
            "stock_move",
            json!({"input": {"product_id": pid, "kind": "receipt", "quantity": "30",
                             "reason": "", "reference": "", "occurred_at": ""}}),
        )
        .unwrap();
        if sku != "B-1" {
            h.call(
                "supply_set",
                json!({"input": {"supplier_id": sup, "product_id": pid, "currency": "CNY",
                                 "price": "0.60", "lead_time_days": "10", "preferred": true}}),
            )
            .unwrap();
        }
        // 30 sold and shipped on 2026-11-20; 8 more confirmed, not shipped.
        let order = |qty: &str| {
            json!({"input": {"customer_id": customer, "currency": "", "channel": "direct",
                   "payment_method": "alipay", "ordered_on": "2026-11-20", "promised_on": "2026-12-01",
                   "notes": "", "lines": [{"id": null, "product_id": pid, "quantity": qty,
                   "unit_price": "2.00", "discount_pct": "", "tax_rate_pct": ""}]},
                   "today": today})
        };
        let o = h.call("order_create", order("30")).unwrap();
        let oid = id(&o);
        h.call(
            "order_confirm",
            json!({"id": oid, "backorder": true, "overrule": true, "today": today}),
        )
        .unwrap();
        let line = o["lines"][0]["id"].as_str().unwrap().to_owned();
        h.call(
            "order_ship",
            json!({"id": oid, "shipment": {"shipped_on": "2026-11-20", "carrier": "", "tracking": "",
                                        "lines": [{"line_id": line, "quantity": "30"}]}, "today": today}),
        )
        .unwrap();
        let o2 = id(&h.call("order_create", order("8")).unwrap());
        h.call(
            "order_confirm",
            json!({"id": o2, "backorder": true, "overrule": true, "today": today}),
        )
        .unwrap();
        products.push(pid);
    }
    // The list and the page show the stock to plan with and the class.
    let page = h
        .call(
            "product_list",
            json!({"query": {"page": 0, "page_size": 50, "sort": "available", "descending": false,
                             "search": null, "category": null, "include_inactive": false,
                             "today": today}}),
        )
        .unwrap();
    let first = &page["items"][0];
    assert_eq!(
        (
            &first["on_hand"],
            &first["reserved"],
            &first["available"],
            &first["on_order"]
        ),
        (&json!("0"), &json!("8"), &json!("-8"), &json!("0"))
    );
    // November's four equal consumption values: 25, 50, 75 % are A, the last (by SKU) C.
    assert_eq!(first["abc"], "a");
    let d = h
        .call("product_get", json!({"id": products[0], "today": today}))
        .unwrap();
    assert_eq!(
        d["plan"]["xyz"], "x",
        "one month of sales: no variation yet"
    );
    assert_eq!(d["plan"]["count_frequency"], "monthly");
    assert_eq!(d["plan"]["backorders"], "8");
    assert_eq!(d["product"]["abc"], d["plan"]["abc"]);
    // Three lines of S-01, one without a supplier.
    let groups = h
        .call("replenishment_list", json!({"today": today}))
        .unwrap();
    let groups = groups.as_array().unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0]["supplier_id"], json!(sup));
    assert_eq!(groups[0]["lines"].as_array().unwrap().len(), 3);
    assert_eq!(groups[1]["supplier_id"], Value::Null);
    let l = &groups[0]["lines"][0];
    // 30 units over the 12 days since the first sale: 2.5 a day, σ = 8.2916; A → 95 %,
    // z 1.6449 × 8.2916 × √10 = 43.1284 → 43.129; horizon 17 days → 42.5; position
    // 0 + 0 − 8 = −8; need 42.5 + 43.129 + 8 = 93.629 → packs of 10 → 100.
    assert_eq!(l["history_days"], 12);
    assert_eq!(l["safety_stock"], "43.129");
    assert_eq!(l["horizon_demand"], "42.5");
    assert_eq!(l["need"], "93.629");
    assert_eq!(l["position"], "-8");
    assert_eq!(l["quantity"], "100");
    // Bad input: an unknown or malformed id, a zero quantity, a product without a supplier.
    assert_eq!(
        err(h.call(
            "replenishment_create",
            json!({"lines": [{"product_id": "nope", "quantity": "1"}], "today": today})
        )),
        ("invalid_argument".into(), json!("lines.0.product_id"))
    );
    assert_eq!(
        err(h.call(
            "replenishment_create",
            json!({"lines": [{"product_id": products[0], "quantity": "0"}], "today": today})
        )),
        ("out_of_range".into(), json!("lines.0.quantity"))
    );
    assert_eq!(
        err(h.call(
            "replenishment_create",
            json!({"lines": [{"product_id": products[3], "quantity": "5"}], "today": today})
        )),
        ("no_preferred_supplier".into(), json!("lines.0.product_id"))
    );
    assert_eq!(
        err(h.call(
            "replenishment_create",
            json!({"lines": [], "today": "30.11.2026"})
        ))
        .0,
        "invalid_date"
    );
    let lines: Vec<Value> = groups[0]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| json!({"product_id": l["product_id"], "quantity": l["quantity"]}))
        .collect();
    let pos = h
        .call(
            "replenishment_create",
            json!({"lines": lines, "today": today}),
        )
        .unwrap();
    let pos = pos.as_array().unwrap();
    assert_eq!(pos.len(), 1);
    assert_eq!(pos[0]["status"], "draft");
    let po = h.call("po_get", json!({"id": pos[0]["id"]})).unwrap();
    assert_eq!(po["lines"].as_array().unwrap().len(), 3);
    assert_eq!(po["lines"][0]["ordered"], "100");
    assert_eq!(po["lines"][0]["expected_on"], "2026-12-12");
    // The draft is edited before it is sent.
    let po_id = pos[0]["id"].as_str().unwrap();
    let line = po["lines"][2]["id"].as_str().unwrap();
    let edited = h
        .call(
            "po_set_quantity",
            json!({"id": po_id, "line": line, "quantity": "130"}),
        )
        .unwrap();
    assert_eq!(edited["lines"][2]["ordered"], "130");
    assert_eq!(
        err(h.call(
            "po_set_quantity",
            json!({"id": po_id, "line": line, "quantity": "-1"})
        ))
        .0,
        "negative"
    );
    // Now on order: only the product without a supplier is left.
    let groups = h
        .call("replenishment_list", json!({"today": today}))
        .unwrap();
    assert_eq!(groups.as_array().unwrap().len(), 1);
}

#[test]
fn planning_settings_are_read_checked_and_saved() {
    let h = Harness::new();
    let s = h.call("planning_settings_get", json!({})).unwrap();
    assert_eq!(
        s,
        json!({"service_a": 95.0, "service_b": 90.0, "service_c": 85.0,
               "x_up_to": 0.5, "y_up_to": 1.0, "review_days": 7})
    );
    let mut bad = s.clone();
    bad["service_b"] = json!(100.0);
    assert_eq!(
        err(h.call("planning_settings_set", json!({"settings": bad}))),
        ("out_of_range".into(), json!("b"))
    );
    let mut bad = s.clone();
    bad["y_up_to"] = json!(0.4);
    assert_eq!(
        err(h.call("planning_settings_set", json!({"settings": bad}))),
        ("out_of_range".into(), json!("y_up_to"))
    );
    let mut good = s.clone();
    good["service_a"] = json!(98.0);
    good["review_days"] = json!(14);
    assert_eq!(
        h.call("planning_settings_set", json!({"settings": good.clone()}))
            .unwrap(),
        good
    );
    assert_eq!(h.call("planning_settings_get", json!({})).unwrap(), good);
}

#[test]
fn forecasts_run_in_the_background_and_are_read_with_their_history() {
    let h = Harness::new();
    let customer = id(&h
        .call(
            "customer_create",
            json!({"input": super::input("深圳华为技术有限公司", "buy@huawei.com")}),
        )
        .unwrap());
    let pid = id(&h.call("product_create", product("F-1")).unwrap());
    let today = "2026-12-02";
    // 30 shipped on the 20th of August, September and October.
    for month in ["08", "09", "10"] {
        let on = format!("2026-{month}-20");
        let o = h
            .call(
                "order_create",
                json!({"input": {"customer_id": customer, "currency": "", "channel": "direct",
                       "payment_method": "alipay", "ordered_on": on, "promised_on": on,
                       "notes": "", "lines": [{"id": null, "product_id": pid, "quantity": "30",
                       "unit_price": "2.00", "discount_pct": "", "tax_rate_pct": ""}]},
                       "today": today}),
            )
            .unwrap();
        let oid = id(&o);
        h.call(
            "order_confirm",
            json!({"id": oid, "backorder": true, "overrule": true, "today": today}),
        )
        .unwrap();
        let line = o["lines"][0]["id"].as_str().unwrap().to_owned();
        h.call(
            "order_ship",
            json!({"id": oid, "shipment": {"shipped_on": on, "carrier": "", "tracking": "",
                   "lines": [{"line_id": line, "quantity": "30"}]}, "today": today}),
        )
        .unwrap();
    }
    let status = h.call("forecast_status", json!({"today": today})).unwrap();
    assert_eq!(
        (&status["running"], &status["due"], &status["total"]),
        (&json!(false), &json!(1), &json!(1))
    );
    let before = h
        .call("forecast_get", json!({"id": pid, "today": today}))
        .unwrap();
    assert_eq!(before["current"], false);
    assert_eq!(before["points"], json!([]));

    h.call("forecast_run", json!({"today": today})).unwrap();
    let start = std::time::Instant::now();
    loop {
        let s = h.call("forecast_status", json!({"today": today})).unwrap();
        if s["running"] == false && s["due"] == 0 {
            break;
        }
        assert!(start.elapsed().as_secs() < 60, "the run did not end: {s}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let f = h
        .call("forecast_get", json!({"id": pid, "today": today}))
        .unwrap();
    assert_eq!(f["current"], true);
    let months: Vec<&str> = f["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["month"].as_str().unwrap())
        .collect();
    assert_eq!(
        months,
        ["2026-08-01", "2026-09-01", "2026-10-01", "2026-11-01"]
    );
    assert_eq!(f["history"][3]["qty"], "0");
    let points = f["points"].as_array().unwrap();
    assert_eq!(points.len(), 12);
    assert_eq!(points[0]["month"], "2026-12-01");
    assert_eq!(points[11]["month"], "2027-11-01");
    assert!(!f["components"].as_array().unwrap().is_empty());
    assert!(f["class"].is_string());
    for p in points {
        let v = |k: &str| p[k].as_f64().unwrap();
        assert!(v("lo95") >= 0.0 && v("lo95") <= v("mean") && v("mean") <= v("hi95"));
    }
    h.call("forecast_cancel", json!({})).unwrap();

    // The product's category, summed and forecast when asked.
    let c = h
        .call(
            "forecast_category",
            json!({"category": "紧固件", "today": today}),
        )
        .unwrap();
    assert_eq!(c["current"], true);
    assert_eq!(c["history"], f["history"]);
    assert_eq!(c["points"].as_array().unwrap().len(), 12);
    let none = h
        .call(
            "forecast_category",
            json!({"category": "无此类别", "today": today}),
        )
        .unwrap();
    assert_eq!(
        (&none["current"], &none["history"], &none["points"]),
        (&json!(false), &json!([]), &json!([]))
    );
    let (code, field) = err(h.call(
        "forecast_category",
        json!({"category": "  ", "today": today}),
    ));
    assert_eq!((code.as_str(), field), ("required", json!("category")));

    // Bad arguments: typed errors.
    let (code, _) = err(h.call("forecast_get", json!({"id": "x", "today": today})));
    assert_eq!(code, "invalid_argument");
    let (code, _) = err(h.call("forecast_status", json!({"today": "2026-02-30"})));
    assert_eq!(code, "invalid_date");
    let (code, _) = err(h.call(
        "forecast_get",
        json!({"id": "0190a5c2-0000-7000-8000-000000000001", "today": today}),
    ));
    assert_eq!(code, "not_found");
}
