//! The supply-side commands through IPC: products and the stock ledger, stock counts,
//! suppliers with contacts, supplies, contracts, evaluations, purchase orders and receipts.

use serde_json::{json, Value};

use super::Harness;

fn product(sku: &str, price: &str) -> Value {
    json!({
        "sku": sku, "name": "六角螺栓 M8", "unit": "件", "category": "紧固件", "currency": "CNY",
        "price": price, "cost": "0.50", "stage": "mature", "pack_size": "100",
        "min_order_qty": "1000", "lead_time_days": "7", "safety_stock": "50",
        "reorder_point": "80", "active": true
    })
}

fn supplier(code: &str, status: &str) -> Value {
    json!({
        "code": code, "name": format!("宁波精工五金 {code}"), "kind": "goods", "status": status,
        "categories": ["紧固件"], "notes": "",
        "contacts": [
            {"id": null, "name": "王经理", "role": "销售", "phone": "13800138000", "email": "", "wechat": "", "primary": true},
            {"id": null, "name": "李", "role": "物流", "phone": "", "email": "li@nbjg.cn", "wechat": "", "primary": false}
        ]
    })
}

fn err(r: Result<Value, Value>) -> (String, Value) {
    let e = r.expect_err("expected an error");
    (e["code"].as_str().unwrap().to_owned(), e["field"].clone())
}

fn movement(product: &str, kind: &str, qty: &str) -> Value {
    json!({"input": {"product_id": product, "kind": kind, "quantity": qty, "reason": "",
                     "reference": "", "occurred_at": ""}})
}

#[test]
fn products_and_the_stock_ledger() {
    let h = Harness::new();
    let p = h
        .call(
            "product_create",
            json!({"input": product("bolt-m8", "0.85")}),
        )
        .unwrap();
    assert_eq!(p["sku"], "BOLT-M8");
    assert_eq!(p["on_hand"], "0");
    let id = p["id"].as_str().unwrap();
    h.call("stock_move", movement(id, "receipt", "40")).unwrap();
    let m = h.call("stock_move", movement(id, "shipment", "5")).unwrap();
    assert_eq!(m["quantity"], "-5", "a shipment is stored negative");
    let d = h
        .call("product_get", json!({"id": id, "today": "2026-11-23"}))
        .unwrap();
    assert_eq!(d["product"]["on_hand"], "35");
    assert_eq!(d["movements"].as_array().unwrap().len(), 2);
    // One chart point a day: both movements happened today.
    assert_eq!(d["series"].as_array().unwrap().len(), 1);
    assert_eq!(d["series"][0]["on_hand"], "35");
    // Negative stock is allowed and flagged.
    h.call("stock_move", movement(id, "shipment", "50"))
        .unwrap();
    let d = h
        .call("product_get", json!({"id": id, "today": "2026-11-23"}))
        .unwrap();
    assert_eq!(
        (&d["product"]["on_hand"], &d["product"]["negative_stock"]),
        (&json!("-15"), &json!(true))
    );
    let page = h
        .call(
            "product_list",
            json!({"query": {"page": 0, "page_size": 50, "sort": "sku", "descending": false,
                             "search": "螺栓", "category": null, "include_inactive": false}}),
        )
        .unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(
        h.call("product_categories", json!({})).unwrap(),
        json!(["紧固件"])
    );
    // Bad input: typed, named, nothing written.
    assert_eq!(
        err(h.call("product_create", json!({"input": product("BOLT-M8", "1")}))),
        ("conflict".into(), json!("sku"))
    );
    assert_eq!(
        err(h.call(
            "product_create",
            json!({"input": product("NUT-M8", "1.234")})
        )),
        ("too_many_decimals".into(), json!("price"))
    );
    assert_eq!(
        err(h.call("stock_move", movement(id, "receipt", "0"))),
        ("out_of_range".into(), json!("quantity"))
    );
    assert_eq!(
        err(h.call("stock_move", movement(id, "count_correction", "3"))).0,
        "invalid_choice"
    );
    assert_eq!(
        err(h.call("stock_move", movement("not-an-id", "receipt", "3"))),
        ("invalid_argument".into(), json!("product_id"))
    );
    let d = h
        .call("product_get", json!({"id": id, "today": "2026-11-23"}))
        .unwrap();
    assert_eq!(d["movements"].as_array().unwrap().len(), 3);
}

#[test]
fn a_stock_count_posts_corrections_through_ipc() {
    let h = Harness::new();
    let p = h
        .call(
            "product_create",
            json!({"input": product("BOLT-M8", "0.85")}),
        )
        .unwrap();
    let id = p["id"].as_str().unwrap();
    h.call("stock_move", movement(id, "receipt", "40")).unwrap();
    let c = h
        .call(
            "stock_count_start",
            json!({"products": [], "note": "年终盘点"}),
        )
        .unwrap();
    assert_eq!(c["status"], "open");
    assert_eq!(c["lines"][0]["expected"], "40");
    let cid = c["id"].as_str().unwrap();
    // A shipment during the count is kept: the correction is counted − expected.
    h.call("stock_move", movement(id, "shipment", "5")).unwrap();
    let line = h
        .call(
            "stock_count_set",
            json!({"id": cid, "product": id, "counted": "38"}),
        )
        .unwrap();
    assert_eq!(line["difference"], "-2");
    assert_eq!(
        err(h.call(
            "stock_count_set",
            json!({"id": cid, "product": id, "counted": "abc"})
        ))
        .0,
        "invalid_decimal"
    );
    let posted = h.call("stock_count_post", json!({"id": cid})).unwrap();
    assert_eq!(posted["status"], "posted");
    let d = h
        .call("product_get", json!({"id": id, "today": "2026-11-23"}))
        .unwrap();
    assert_eq!(d["product"]["on_hand"], "33", "40 − 5 shipped − 2 missing");
    let list = h.call("stock_count_list", json!({})).unwrap();
    assert_eq!(
        (list[0]["lines"].clone(), list[0]["counted"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(
        err(h.call("stock_count_post", json!({"id": cid}))).0,
        "invalid_transition"
    );
}

#[test]
fn suppliers_contracts_and_evaluations_through_ipc() {
    let h = Harness::new();
    let s = h
        .call("supplier_create", json!({"input": supplier("s-01", "")}))
        .unwrap();
    assert_eq!(s["code"], "S-01");
    assert_eq!(s["status"], "approved");
    assert_eq!(s["contacts"].as_array().unwrap().len(), 2);
    let sid = s["id"].as_str().unwrap();
    let p = h
        .call(
            "product_create",
            json!({"input": product("BOLT-M8", "0.85")}),
        )
        .unwrap();
    let pid = p["id"].as_str().unwrap();
    h.call(
        "supply_set",
        json!({"input": {"supplier_id": sid, "product_id": pid, "currency": "CNY",
                         "price": "0.62", "lead_time_days": "10", "preferred": true}}),
    )
    .unwrap();
    let contract = |end: &str| {
        json!({"input": {"supplier_id": sid, "title": "年度框架协议", "starts_on": "2026-01-01",
                         "ends_on": end, "terms": "月结30天", "auto_renew": true,
                         "notice_days": "30", "reference": "合同柜 A-12"}})
    };
    assert_eq!(
        err(h.call("contract_add", contract("2025-12-31"))),
        ("date_order".into(), json!("ends_on"))
    );
    let c = h.call("contract_add", contract("2026-12-10")).unwrap();
    assert_eq!(c["notice_days"], 30);
    let soon = h
        .call(
            "contracts_expiring",
            json!({"today": "2026-11-23", "days": 30}),
        )
        .unwrap();
    assert_eq!(soon[0]["supplier_id"], sid);
    assert_eq!(
        err(h.call(
            "contracts_expiring",
            json!({"today": "23/11/2026", "days": 30})
        ))
        .0,
        "invalid_date"
    );
    let e = h
        .call(
            "evaluation_add",
            json!({"input": {"supplier_id": sid, "period": "2026-Q4", "cooperation": 4,
                             "service": 5, "technology": 3, "comment": "交期稳定"}}),
        )
        .unwrap();
    assert_eq!(e["service"], 5);
    let d = h.call("supplier_get", json!({"id": sid})).unwrap();
    assert_eq!(d["supplies"][0]["sku"], "BOLT-M8");
    assert_eq!(d["contracts"].as_array().unwrap().len(), 1);
    assert_eq!(d["evaluations"].as_array().unwrap().len(), 1);
    let offers = h
        .call("product_get", json!({"id": pid, "today": "2026-11-23"}))
        .unwrap();
    assert_eq!(offers["suppliers"][0]["preferred"], true);
    let page = h
        .call(
            "supplier_list",
            json!({"query": {"page": 0, "page_size": 50, "search": "精工", "status": "approved", "kind": null}}),
        )
        .unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["contact_name"], "王经理");
    assert_eq!(
        err(h.call(
            "supplier_list",
            json!({"query": {"page": 0, "page_size": 50, "search": null, "status": "banned", "kind": null}})
        )),
        ("invalid_choice".into(), json!("status"))
    );
    // A contact nobody can reach is refused with the nested field named.
    let mut bad = supplier("S-02", "");
    bad["contacts"][1]["email"] = json!("");
    assert_eq!(
        err(h.call("supplier_create", json!({"input": bad}))),
        ("unreachable_contact".into(), json!("contacts.1.phone"))
    );
}

#[test]
fn a_purchase_order_received_partly_with_rejections() {
    let h = Harness::new();
    let sid = h
        .call(
            "supplier_create",
            json!({"input": supplier("S-01", "approved")}),
        )
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let pid = h
        .call(
            "product_create",
            json!({"input": product("BOLT-M8", "0.85")}),
        )
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let po_input = |supplier: &str, qty: &str| {
        json!({"input": {"supplier_id": supplier, "currency": "CNY", "notes": "",
               "lines": [{"product_id": pid, "quantity": qty, "unit_price": "0.62", "expected_on": "2026-12-01"}]}})
    };
    assert_eq!(
        err(h.call("po_create", po_input(&sid, "0"))),
        ("out_of_range".into(), json!("lines.0.quantity"))
    );
    let po = h.call("po_create", po_input(&sid, "10")).unwrap();
    assert_eq!(po["status"], "draft");
    assert_eq!(po["total"], "6.20");
    assert!(po["number"].as_str().unwrap().starts_with("PO-"));
    let id = po["id"].as_str().unwrap().to_owned();
    let line = po["lines"][0]["id"].as_str().unwrap().to_owned();
    let receipt = |received: &str, rejected: &str, confirm: bool| {
        json!({"id": id, "receipt": {"received_on": "2026-11-23", "confirm_over_delivery": confirm,
               "lines": [{"po_line_id": line, "received": received, "rejected": rejected}]}})
    };
    // A draft cannot receive goods.
    assert_eq!(
        err(h.call("po_receive", receipt("6", "2", false))).0,
        "invalid_transition"
    );
    assert_eq!(
        err(h.call("po_action", json!({"id": id, "action": "explode"}))),
        ("invalid_choice".into(), json!("action"))
    );
    h.call("po_action", json!({"id": id, "action": "send"}))
        .unwrap();
    let po = h.call("po_receive", receipt("6", "2", false)).unwrap();
    assert_eq!(po["status"], "partially_received");
    assert_eq!(
        (
            &po["lines"][0]["accepted"],
            &po["lines"][0]["rejected"],
            &po["lines"][0]["outstanding"]
        ),
        (&json!("6"), &json!("2"), &json!("2"))
    );
    assert_eq!(po["receipts"].as_array().unwrap().len(), 1);
    let d = h
        .call("product_get", json!({"id": pid, "today": "2026-11-23"}))
        .unwrap();
    assert_eq!(
        d["product"]["on_hand"], "6",
        "only accepted units enter stock"
    );
    // 5 more than the 2 outstanding: refused until confirmed, and nothing is written.
    assert_eq!(
        err(h.call("po_receive", receipt("5", "0", false))).0,
        "over_delivery"
    );
    assert_eq!(
        h.call("product_get", json!({"id": pid, "today": "2026-11-23"}))
            .unwrap()["product"]["on_hand"],
        "6"
    );
    let po = h.call("po_receive", receipt("5", "0", true)).unwrap();
    assert_eq!(po["status"], "received");
    let list = h
        .call(
            "po_list",
            json!({"query": {"page": 0, "page_size": 20, "status": null, "supplier_id": sid, "open_only": false}}),
        )
        .unwrap();
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["status"], "received");
    // A blocked supplier gets no new purchase orders.
    let mut blocked = supplier("S-01", "blocked");
    blocked["contacts"] = json!([]);
    h.call("supplier_update", json!({"id": sid, "input": blocked}))
        .unwrap();
    assert_eq!(
        err(h.call("po_create", po_input(&sid, "10"))),
        ("invalid_transition".into(), json!("supplier_id"))
    );
}

#[test]
fn a_sales_order_through_ipc_from_entry_to_return() {
    let h = Harness::new();
    let customer = h
        .call(
            "customer_create",
            json!({"input": super::input("深圳华为技术有限公司", "buy@huawei.com")}),
        )
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let pid = h
        .call(
            "product_create",
            json!({"input": product("BOLT-M8", "0.85")}),
        )
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    h.call("stock_move", movement(&pid, "receipt", "5"))
        .unwrap();
    let today = "2026-11-23";
    let input = |qty: &str, discount: &str| {
        json!({"customer_id": customer, "currency": "", "channel": "direct", "payment_method": "alipay",
               "ordered_on": "", "promised_on": "2026-12-01", "notes": "",
               "lines": [{"id": null, "product_id": pid, "quantity": qty, "unit_price": "0.85",
                          "discount_pct": discount, "tax_rate_pct": "13"}]})
    };
    assert_eq!(
        err(h.call(
            "order_create",
            json!({"input": input("8", "150"), "today": today})
        )),
        ("out_of_range".into(), json!("lines.0.discount_pct"))
    );
    let o = h
        .call(
            "order_create",
            json!({"input": input("8", "10"), "today": today}),
        )
        .unwrap();
    // 8 × 0.85 × 0.9 = 6.12; 13 % = 0.7956 → 0.80.
    assert_eq!(
        (&o["net"], &o["tax"], &o["gross"]),
        (&json!("6.12"), &json!("0.80"), &json!("6.92"))
    );
    let id = o["id"].as_str().unwrap().to_owned();
    let check = h.call("order_confirm_check", json!({"id": id})).unwrap();
    assert_eq!(check["shortfalls"][0]["short"], "3");
    assert_eq!(
        err(h.call(
            "order_confirm",
            json!({"id": id, "backorder": false, "overrule": false, "today": today})
        ))
        .0,
        "stock_short"
    );
    let o = h
        .call(
            "order_confirm",
            json!({"id": id, "backorder": true, "overrule": false, "today": today}),
        )
        .unwrap();
    assert_eq!(o["status"], "confirmed");
    let line = o["lines"][0]["id"].as_str().unwrap().to_owned();
    let o = h
        .call(
            "order_ship",
            json!({"id": id, "today": today, "shipment": {"shipped_on": today, "carrier": "顺丰",
                   "tracking": "SF100", "lines": [{"line_id": line, "quantity": "5"}]}}),
        )
        .unwrap();
    assert_eq!(
        (&o["status"], &o["lines"][0]["unshipped"]),
        (&json!("shipped"), &json!("3"))
    );
    let p = h
        .call("product_get", json!({"id": pid, "today": "2026-11-23"}))
        .unwrap();
    assert_eq!(p["product"]["on_hand"], "0");
    let o = h
        .call(
            "order_action",
            json!({"id": id, "action": "deliver", "today": today}),
        )
        .unwrap();
    assert_eq!(o["status"], "delivered");
    let ret = |qty: &str| {
        json!({"id": id, "today": today, "goods": {"returned_on": today, "reason": "damaged",
               "note": "", "lines": [{"line_id": line, "quantity": qty}]}})
    };
    assert_eq!(err(h.call("order_return", ret("6"))).0, "over_return");
    let o = h.call("order_return", ret("1")).unwrap();
    assert_eq!(o["returns"][0]["reason"], "damaged");
    let list = h
        .call(
            "order_list",
            json!({"query": {"page": 0, "page_size": 20, "status": null, "customer_id": customer,
                             "from": null, "to": null, "late_only": false, "today": today}}),
        )
        .unwrap();
    assert_eq!(list["total"], 1);
    let tl = h
        .call("customer_timeline", json!({"id": customer, "limit": 20}))
        .unwrap();
    assert!(tl.as_array().unwrap().iter().any(|e| e["type"] == "order"));
    assert!(
        tl.as_array()
            .unwrap()
            .iter()
            .any(|e| e["type"] == "interaction"
                && e["fact"]
                    == json!({"kind": "delivery_feedback", "order_id": id,
                                       "order_number": o["number"]})),
        "the delivery follow-up, a fact the UI words: {tl}"
    );
}

#[test]
fn the_company_header_is_saved_and_validated() {
    let h = Harness::new();
    let info = h.call("app_info", json!({})).unwrap();
    assert_eq!(info["company"]["name"], "");
    let c = json!({"name": " 链簿贸易有限公司 ", "address": "深圳市南山区科技园", "phone": "0755-12345678",
                   "email": "sales@chainbook.cn", "tax_id": "91440300MA5XXXXXXX"});
    let saved = h
        .call("settings_set_company", json!({"company": c}))
        .unwrap();
    assert_eq!(saved["name"], "链簿贸易有限公司");
    let mut bad = c.clone();
    bad["email"] = json!("sales@");
    assert_eq!(
        err(h.call("settings_set_company", json!({"company": bad}))),
        ("invalid_email".into(), json!("email"))
    );
    let info = h.call("app_info", json!({})).unwrap();
    assert_eq!(info["company"]["email"], "sales@chainbook.cn");
}

#[test]
fn complaints_and_surveys_through_ipc() {
    let h = Harness::new();
    let customer = h
        .call(
            "customer_create",
            json!({"input": super::input("深圳华为技术有限公司", "buy@huawei.com")}),
        )
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut carrier = supplier("SF", "");
    carrier["kind"] = json!("logistics");
    let carrier = h
        .call("supplier_create", json!({"input": carrier}))
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let input = json!({"kind": "complaint", "customer_id": customer, "order_id": null, "product_id": null,
                       "channel": "phone", "category": "damaged", "severity": "high",
                       "description": "外箱破损", "assignee": "李娜"});
    let mut no_customer = input.clone();
    no_customer["customer_id"] = json!(null);
    assert_eq!(
        err(h.call("complaint_open", json!({"input": no_customer}))),
        ("required".into(), json!("customer_id"))
    );
    let c = h.call("complaint_open", json!({"input": input})).unwrap();
    assert_eq!(c["sla"]["first_response"], "due");
    let id = c["id"].as_str().unwrap().to_owned();
    assert_eq!(
        err(h.call(
            "complaint_action",
            json!({"id": id, "action": "close", "note": ""})
        ))
        .0,
        "invalid_transition"
    );
    h.call(
        "complaint_action",
        json!({"id": id, "action": "acknowledge", "note": ""}),
    )
    .unwrap();
    let c = h
        .call(
            "complaint_resolution",
            json!({"id": id, "input": {"root_cause": "carrier_damage", "supplier_id": carrier, "product_id": null,
                   "resolution": "补发", "compensation": "200", "currency": "CNY"}}),
        )
        .unwrap();
    assert_eq!(c["compensation"], "200.00");
    let c = h
        .call(
            "complaint_action",
            json!({"id": id, "action": "resolve", "note": ""}),
        )
        .unwrap();
    assert_eq!(
        (&c["status"], &c["sla"]["resolution"]),
        (&json!("resolved"), &json!("met"))
    );
    h.call("complaint_satisfaction", json!({"id": id, "rating": 4}))
        .unwrap();
    let list = h
        .call(
            "complaint_list",
            json!({"query": {"page": 0, "page_size": 20, "kind": null, "status": null, "open_only": false,
                   "severity": null, "category": null, "customer_id": null, "assignee": null,
                   "supplier_id": carrier, "breached_only": false}}),
        )
        .unwrap();
    assert_eq!(list["total"], 1);
    let survey = |nps: Value| {
        json!({"customer_id": customer, "order_id": null, "complaint_id": id, "nps": nps, "csat": 5,
               "comment": "", "channel": "phone", "responded_on": "2026-11-23"})
    };
    assert_eq!(
        err(h.call("survey_add", json!({"input": survey(json!(11))}))),
        ("out_of_range".into(), json!("nps"))
    );
    assert_eq!(
        err(h.call(
            "survey_add_many",
            json!({"inputs": [survey(json!(9)), survey(json!(-1))]})
        )),
        ("out_of_range".into(), json!("rows.1.nps"))
    );
    h.call("survey_add", json!({"input": survey(json!(9))}))
        .unwrap();
    let sat = h
        .call(
            "satisfaction",
            json!({"customer": customer, "today": "2026-11-23", "days": 90}),
        )
        .unwrap();
    assert_eq!((&sat["nps"], &sat["csat"]), (&json!("100"), &json!("100")));
    // The answers behind the figures: the period's, one NPS group's, and bad queries refused.
    let answers = |from: &str, group: Value| {
        h.call(
            "survey_list",
            json!({"query": {"page": 0, "page_size": 20, "from": from, "to": "2026-11-30",
                   "nps_group": group}}),
        )
    };
    let page = answers("2026-11-01", json!("promoter")).unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["nps"], 9);
    assert!(page["items"][0]["customer_name"].is_string());
    assert_eq!(
        answers("2026-11-01", json!("detractor")).unwrap()["total"],
        0
    );
    assert_eq!(
        err(answers("2026-11-01", json!("fans"))),
        ("invalid_choice".into(), json!("nps_group"))
    );
    assert_eq!(
        err(answers("2026-13-01", Value::Null)),
        ("invalid_date".into(), json!("from"))
    );
    let tl = h
        .call("customer_timeline", json!({"id": customer, "limit": 20}))
        .unwrap();
    let types: Vec<&str> = tl
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert!(
        types.contains(&"complaint") && types.contains(&"survey"),
        "{types:?}"
    );
    let mut p = h.call("sla_policy_get", json!({})).unwrap();
    assert_eq!(p["critical"], json!([4, 24]));
    p["critical"] = json!([30, 24]);
    assert_eq!(
        err(h.call("sla_policy_set", json!({"policy": p}))),
        ("date_order".into(), json!("critical"))
    );
}

/// Numbers as people type them are read at the boundary, and a refused value's bound crosses
/// as a value the UI puts into its sentence.
#[test]
fn typed_numbers_are_read_and_bounds_cross_as_values() {
    let h = Harness::new();
    let mut typed = product("typed-1", "¥1,250.50");
    typed["cost"] = json!("８００");
    typed["min_order_qty"] = json!("1,000");
    typed["lead_time_days"] = json!("１４");
    let p = h
        .call("product_create", json!({"input": typed}))
        .expect("typed numbers are read");
    assert_eq!(p["price"], "1250.50");
    assert_eq!(p["lead_time_days"], 14);
    let id = p["id"].as_str().unwrap();
    let m = h
        .call("stock_move", movement(id, "receipt", "1,200"))
        .unwrap();
    assert_eq!(m["quantity"], "1200");
    let m = h
        .call("stock_move", movement(id, "receipt", "１，２００"))
        .unwrap();
    assert_eq!(m["quantity"], "1200", "as a Chinese input method types it");
    assert_eq!(
        err(h.call("stock_move", movement(id, "receipt", "1,5"))).0,
        "invalid_decimal",
        "an ambiguous separator is refused, not guessed at"
    );

    let mut long = product("long-1", "1");
    long["name"] = json!("螺".repeat(201));
    let e = h
        .call("product_create", json!({"input": long}))
        .expect_err("too long");
    assert_eq!(e["code"], "too_long");
    assert_eq!(e["field"], "name");
    assert_eq!(e["limit"], 200, "the bound crosses as a value: {e}");
    let e = h
        .call("stock_move", movement(id, "receipt", "x"))
        .expect_err("not a number");
    assert!(e.get("limit").is_none(), "no bound, no field: {e}");
}
