//! The valid inputs each target's corpus starts from (`UPDATE_CORPUS=1 cargo test -p
//! chainbook-fuzzing --test replay` writes them to `fuzz/corpus/<target>/seed-*`), and the
//! records the IPC harness makes so that `@customer`, `@product`, … name something.

use std::path::Path;

use chainbook_protocol::paths;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::sync_api::{OWNER, REP};

/// A customer's form as the UI sends it.
pub fn customer_input(name: &str) -> Value {
    json!({
        "kind": "company", "name": name, "phone": "0755-28780808", "email": "info@example.com",
        "country": "CN", "province": "广东", "city": "深圳", "tags": ["重品质"],
        "credit_limit": "50000", "currency": "CNY", "notes": "",
        "channel": "direct", "payment_method": "alipay", "payment_terms": "net_30",
        "lifecycle": "active", "owner": "李娜",
        "contacts": [{"id": null, "name": "张伟", "role": "采购经理", "phone": "13800138000",
                      "email": "", "wechat": "", "primary": true}],
        "addresses": [{"id": null, "kind": "shipping", "country": "CN", "province": "广东",
                       "city": "深圳", "street": "坂田", "postcode": "518129"}]
    })
}

/// A product's form.
pub fn product_input(sku: &str) -> Value {
    json!({"sku": sku, "name": "阀门", "unit": "件", "category": "阀门", "currency": "CNY",
           "price": "10", "cost": "4", "stage": "mature", "pack_size": "1",
           "min_order_qty": "1", "lead_time_days": "7", "safety_stock": "0",
           "reorder_point": "0", "active": true})
}

/// A supplier's form.
pub fn supplier_input(code: &str) -> Value {
    json!({"code": code, "name": "宁波精工五金", "kind": "goods", "status": "approved",
           "categories": [], "notes": "", "contacts": []})
}

/// An order's form, for `@customer` and `@product`.
pub fn order_input(qty: &str) -> Value {
    json!({"customer_id": "@customer", "currency": "", "channel": "direct",
           "payment_method": "alipay", "ordered_on": "2026-11-20", "promised_on": "",
           "notes": "", "lines": [{"id": null, "product_id": "@product", "quantity": qty,
           "unit_price": "10", "discount_pct": "", "tax_rate_pct": ""}]})
}

/// A purchase order's form, for `@supplier` and `@product`.
pub fn po_input(qty: &str) -> Value {
    json!({"supplier_id": "@supplier", "currency": "CNY", "notes": "",
           "lines": [{"product_id": "@product", "quantity": qty, "unit_price": "0.62",
                      "expected_on": "2026-12-01"}]})
}

/// A complaint's form, for `@customer`, `@order` and `@product`.
pub fn complaint_input() -> Value {
    json!({"kind": "complaint", "customer_id": "@customer", "order_id": "@order",
           "product_id": "@product", "channel": "phone", "category": "quality",
           "severity": "high", "description": "阀门漏水", "assignee": "李娜"})
}

/// Where in a command's answer a placeholder's id is: `(placeholder, JSON pointer)`.
pub type Ids = &'static [(&'static str, &'static str)];

/// What the IPC harness makes before the fuzzed call: `(command, arguments, the placeholders
/// its answer gives ids to)`, in order (later ones use earlier placeholders).
pub fn records() -> Vec<(&'static str, Value, Ids)> {
    let filter = json!({"tags": [], "channels": ["direct"], "payment_methods": [],
        "country": null, "province": null, "city": null, "scope": null, "lifecycles": [],
        "owners": []});
    vec![
        (
            "customer_create",
            json!({"input": customer_input("深圳华为技术有限公司")}),
            &[("@customer", "/id")],
        ),
        (
            "product_create",
            json!({"input": product_input("P-1")}),
            &[("@product", "/id")],
        ),
        (
            "stock_move",
            json!({"input": {"product_id": "@product", "kind": "receipt", "quantity": "30",
                             "reason": "", "reference": "", "occurred_at": ""}}),
            &[],
        ),
        (
            "supplier_create",
            json!({"input": supplier_input("S-01")}),
            &[("@supplier", "/id")],
        ),
        (
            "order_create",
            json!({"input": order_input("3"), "today": "2026-11-20"}),
            &[("@order", "/id"), ("@order_line", "/lines/0/id")],
        ),
        (
            "po_create",
            json!({"input": po_input("10")}),
            &[("@po", "/id"), ("@po_line", "/lines/0/id")],
        ),
        (
            "complaint_open",
            json!({"input": complaint_input()}),
            &[("@complaint", "/id")],
        ),
        (
            "interaction_add",
            json!({"input": {"customer_id": "@customer", "contact_id": null, "kind": "call",
                   "occurred_at": "2026-11-23T09:30:00+08:00", "summary": "询价", "outcome": "",
                   "follow_up_on": "2026-11-30"}}),
            &[("@interaction", "/id")],
        ),
        (
            "contract_add",
            json!({"input": {"supplier_id": "@supplier", "title": "年度框架协议",
                   "starts_on": "2026-01-01", "ends_on": "2026-12-10", "terms": "月结30天",
                   "auto_renew": true, "notice_days": "30", "reference": "A-12"}}),
            &[("@contract", "/id")],
        ),
        (
            "stock_count_start",
            json!({"products": [], "note": "年终盘点"}),
            &[("@count", "/id")],
        ),
        (
            "segment_create",
            json!({"name": "直销客户", "filter": filter}),
            &[("@segment", "/id")],
        ),
        // Spares for the seeds that delete or close, so the others keep their records.
        (
            "customer_create",
            json!({"input": customer_input("杭州备用贸易有限公司")}),
            &[("@spare_customer", "/id")],
        ),
        (
            "product_create",
            json!({"input": product_input("P-SPARE")}),
            &[("@spare_product", "/id")],
        ),
        (
            "supplier_create",
            json!({"input": supplier_input("S-SPARE")}),
            &[("@spare_supplier", "/id")],
        ),
        (
            "contract_add",
            json!({"input": {"supplier_id": "@spare_supplier", "title": "备用合同",
                   "starts_on": "2026-01-01", "ends_on": "2026-06-30", "terms": "",
                   "auto_renew": false, "notice_days": "0", "reference": ""}}),
            &[("@spare_contract", "/id")],
        ),
        (
            "stock_count_start",
            json!({"products": ["@product"], "note": ""}),
            &[("@spare_count", "/id")],
        ),
        (
            "segment_create",
            json!({"name": "备用", "filter": filter}),
            &[("@spare_segment", "/id")],
        ),
    ]
}

/// A sign-in body for `device` as `user` with the harness's password.
pub fn sign_in(device: Uuid, user: &str) -> Vec<u8> {
    json!({"org": "acme", "user": user, "password": OWNER.1,
           "device_id": device, "device_name": "Fuzz", "device_code": null})
    .to_string()
    .into_bytes()
}

/// Request bodies of every endpoint, valid for the `sync_api` harness.
pub fn sync_api() -> Vec<(&'static str, &'static str, Value)> {
    let other = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0002);
    // 2026-12-01, in the past of any run: a stamp from the future is refused (`clock_ahead`).
    let hlc = chainbook_core::hlc::Hlc::new(1_796_083_200_000, 0);
    let stamp = json!({"hlc": hlc, "device": "@device"});
    let change = |row: &str, created: bool, fields: Value| {
        json!({"change_id": Uuid::new_v5(&Uuid::NAMESPACE_OID, row.as_bytes()),
               "change": {"table": "customers", "row_id": row, "schema": 1,
                          "created_at": created.then_some("2026-12-01T08:00:00Z"),
                          "fields": fields}})
    };
    let row = "0190aaaa-0000-7000-8000-000000000001";
    let insert = change(
        row,
        true,
        json!({"name": {"value": "深圳华为", "stamp": stamp, "base": null},
               "credit_limit": {"value": "50000.00", "stamp": stamp, "base": null}}),
    );
    let edit = change(
        "0190aaaa-0000-7000-8000-000000000002",
        false,
        json!({"name": {"value": "改名", "stamp": stamp, "base": stamp}}),
    );
    let sign_in_other: Value = serde_json::from_slice(&sign_in(other, REP)).expect("JSON");
    let mut wrong = sign_in_other.clone();
    wrong["password"] = "wrong".into();
    vec![
        ("sign_in", paths::SIGN_IN, sign_in_other),
        ("sign_in_wrong", paths::SIGN_IN, wrong),
        (
            "push",
            paths::PUSH,
            json!({"device_id": "@device", "batch_id": Uuid::from_u128(7), "changes": [insert, edit]}),
        ),
        (
            "push_empty",
            paths::PUSH,
            json!({"device_id": "@device", "batch_id": Uuid::from_u128(8), "changes": []}),
        ),
        ("pull", paths::PULL, json!({"cursor": 0, "limit": 100})),
        (
            "snapshot",
            paths::SNAPSHOT,
            json!({"upto": null, "after": 0, "limit": 100}),
        ),
        ("users_list", paths::USERS_LIST, json!({})),
        (
            "users_add",
            paths::USERS_ADD,
            json!({"name": "王强", "role": "manager", "password": "long-enough"}),
        ),
        (
            "users_x_remove",
            paths::USERS_REMOVE,
            json!({"user_id": "@rep"}),
        ),
        (
            "users_reset_password",
            paths::USERS_RESET_PASSWORD,
            json!({"user_id": "@rep", "password": "another-password"}),
        ),
        (
            "users_set_role",
            paths::USERS_SET_ROLE,
            json!({"user_id": "@rep", "role": "manager"}),
        ),
        ("devices_list", paths::DEVICES_LIST, json!({})),
        (
            "devices_revoke",
            paths::DEVICES_REVOKE,
            json!({"device_id": other}),
        ),
    ]
}

/// Saved segment filters: both versions, every dimension.
pub fn segment_filters() -> Vec<(&'static str, Value)> {
    vec![
        ("empty_v1", json!({"v": 1})),
        (
            "columns_v1",
            json!({"v": 1, "tags": ["VIP", "重品质"], "channels": ["direct", "distributor"],
                   "payment_methods": ["alipay"], "country": "CN", "province": "广东",
                   "city": "深圳", "scope": "domestic", "lifecycles": ["active", "at_risk"],
                   "owners": ["李娜"]}),
        ),
        (
            "values_v2",
            json!({"v": 2, "tiers": ["a", "b"], "rfm_segments": ["champions"],
                   "product_stages": ["mature"], "frequency_bands": ["regular"],
                   "scope": "international"}),
        ),
        ("unknown_version", json!({"v": 3})),
    ]
}

/// Delimited text in the encodings and separators the reader detects, and a workbook header
/// with nothing after it (the .xlsx seeds are written by the replay test).
pub fn tables() -> Vec<(&'static str, Vec<u8>)> {
    let csv = "客户名称,电话,邮箱,国家,城市,标签,信用额度,创建日期\n\
               深圳华为技术有限公司,0755-28780808,info@huawei.com,中国,深圳,重品质,\"50,000.00\",2024/3/5\n\
               \"Acme, GmbH\",+49 30 1234567,sales@acme.de,DE,Berlin,,1.234,5,05.03.2024\n";
    let orders =
        "订单号;客户;日期;SKU;数量;单价\r\nSO-1;深圳华为技术有限公司;2024-03-05;P-1;3;10,5\r\n";
    let stock = "sku\tqty\tcost\nP-1\t30\t4.2\nP-2\t-1\t\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(csv);
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(orders.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    vec![
        ("customers.csv", csv.as_bytes().to_vec()),
        (
            "customers_bom.csv",
            [b"\xEF\xBB\xBF".as_slice(), csv.as_bytes()].concat(),
        ),
        ("customers_gbk.csv", gbk.into_owned()),
        ("orders_semicolon.csv", orders.as_bytes().to_vec()),
        ("orders_utf16.csv", utf16),
        ("stock.tsv", stock.as_bytes().to_vec()),
        ("ole_header.xls", {
            let mut b = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
            b.resize(512, 0);
            b
        }),
    ]
}

/// Writes every seed above into `corpus/<target>/seed-<name>`.
pub fn write_corpus(corpus: &Path) {
    let write = |target: &str, name: &str, bytes: &[u8]| {
        let dir = corpus.join(target);
        std::fs::create_dir_all(&dir).expect("a corpus folder");
        std::fs::write(dir.join(format!("seed-{name}")), bytes).expect("a seed");
    };
    for (name, path, body) in sync_api() {
        write("sync_api", name, format!("{path}\n{body}").as_bytes());
    }
    for (name, filter) in segment_filters() {
        write("segment_filter", name, filter.to_string().as_bytes());
    }
    for (name, bytes) in tables() {
        write("table", name, &bytes);
    }
}
