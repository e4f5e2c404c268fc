//! Importing through IPC: preview, check, commit and the error report, with the bad inputs a
//! user's files bring (not a spreadsheet, cut short, an empty sheet, headers twice or missing,
//! a 1 MB cell, an unknown SKU, a negative quantity, a day that does not exist).

use std::path::{Path, PathBuf};

use chainbook_core::product::ProductDraft;
use serde_json::{json, Value};

use super::Harness;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p: PathBuf = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}

fn gbk(text: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(text).0.into_owned()
}

/// The plan the wizard sends for a previewed file, unchanged.
fn plan(path: &str, kind: &str, preview: &Value) -> Value {
    json!({
        "path": path, "sheet": preview["sheet"], "kind": kind, "mapping": preview["mapping"],
        "day_month": "day_first", "decimal_mark": "point", "on_duplicate": "skip",
        "choices": [], "skip": [], "fixes": [], "touch_stock": false
    })
}

fn err_code(e: &Value) -> (&str, &str) {
    (
        e["code"].as_str().unwrap(),
        e["field"].as_str().unwrap_or(""),
    )
}

const CUSTOMERS: &str = "客户编码,客户名称,联系人,手机,城市,建档日期\n\
KH001,深圳华为技术有限公司,张三,13800138000,深圳,2024/3/5\n\
KH002,杭州阿里巴巴,李四,call me,杭州,2023-12-01\n";

#[test]
fn preview_check_fix_commit_and_remember_the_layout() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "客户.csv", &gbk(CUSTOMERS));
    let h = Harness::new();
    let p = h
        .call(
            "import_preview",
            json!({"path": path, "kind": "customers", "sheet": null}),
        )
        .unwrap();
    assert_eq!(p["format"], "csv");
    assert_eq!(p["encoding"], "gb18030");
    assert_eq!(p["delimiter"], ",");
    assert_eq!(p["headers"][1], "客户名称");
    assert_eq!(
        p["mapping"],
        json!([
            "code",
            "name",
            "contact_name",
            "contact_phone",
            "city",
            "created_on"
        ])
    );
    assert_eq!(p["remembered"], false);
    assert_eq!(p["rows"].as_array().unwrap().len(), 2);

    let mut pl = plan(&path, "customers", &p);
    let c = h
        .call("import_check", json!({"plan": pl, "page": 0}))
        .unwrap();
    assert_eq!(
        (c["rows"].as_u64(), c["issue_count"].as_u64()),
        (Some(2), Some(1))
    );
    let issue = &c["issues"][0];
    assert_eq!(
        (
            &issue["row"],
            &issue["column"],
            &issue["field"],
            &issue["code"],
            &issue["value"]
        ),
        (
            &json!(3),
            &json!(3),
            &json!("contact_phone"),
            &json!("invalid_phone"),
            &json!("call me")
        )
    );
    // A commit with the problem left refuses, naming the row and field.
    let e = h.call("import_commit", json!({"plan": pl})).unwrap_err();
    assert_eq!(err_code(&e), ("invalid_phone", "rows.3.contact_phone"));

    // The report of the problems, as CSV and as a workbook.
    for name in ["问题.csv", "问题.xlsx"] {
        let dest = dir.path().join(name).to_string_lossy().into_owned();
        let n = h
            .call(
                "import_report",
                json!({"report": {"plan": pl, "dest": dest,
                    "titles": ["行", "列", "字段", "值", "原因"],
                    "fields": {"contact_phone": "联系人电话"},
                    "reasons": {"invalid_phone": "电话号码无效"}}}),
            )
            .unwrap();
        assert_eq!(n, 1);
        let file = std::fs::File::open(&dest).unwrap();
        let t = chainbook_import::open(file, &Default::default()).unwrap();
        let rows: Vec<Vec<String>> = t.map(|r| r.unwrap().cells).collect();
        assert_eq!(
            rows[0],
            ["3", "手机", "联系人电话", "call me", "电话号码无效"],
            "{name}"
        );
    }

    pl["fixes"] = json!([{"row": 3, "column": 3, "value": "13900139000"}]);
    let c = h
        .call("import_check", json!({"plan": pl, "page": 0}))
        .unwrap();
    assert_eq!(c["issue_count"], 0);
    let s = h.call("import_commit", json!({"plan": pl})).unwrap();
    assert_eq!(
        (s["rows"].as_u64(), s["created"].as_u64()),
        (Some(2), Some(2))
    );
    let hits = h
        .call("customer_search", json!({"q": "hw", "limit": 5}))
        .unwrap();
    assert_eq!(hits[0]["code"], "KH001");

    let again = h
        .call(
            "import_preview",
            json!({"path": path, "kind": "customers", "sheet": null}),
        )
        .unwrap();
    assert_eq!(again["remembered"], true);
    let c = h
        .call(
            "import_check",
            json!({"plan": plan(&path, "customers", &again), "page": 0}),
        )
        .unwrap();
    // KH001 exists now; row 3 still has its bad phone (the fix was for that plan only).
    assert_eq!(
        (c["duplicate_count"].as_u64(), c["issue_count"].as_u64()),
        (Some(1), Some(1))
    );
}

/// A workbook with `rows` on its first sheet (strings; numbers where they parse).
fn xlsx(rows: &[&[&str]]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            match v.parse::<f64>() {
                Ok(n) if r > 0 => ws.write_number(r as u32, c as u16, n).unwrap(),
                _ => ws.write_string(r as u32, c as u16, *v).unwrap(),
            };
        }
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn files_that_cannot_be_read_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let h = Harness::new();
    let preview = |name: &str, bytes: &[u8]| {
        let path = write(dir.path(), name, bytes);
        h.call(
            "import_preview",
            json!({"path": path, "kind": "customers", "sheet": null}),
        )
    };
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01";
    assert_eq!(
        err_code(&preview("a.png", png).unwrap_err()),
        ("unreadable_file", "file")
    );
    let book = xlsx(&[&["客户名称"], &["甲"]]);
    let cut = &book[..book.len() / 2];
    assert_eq!(
        err_code(&preview("cut.xlsx", cut).unwrap_err()),
        ("unreadable_file", "file")
    );
    let mut empty = rust_xlsxwriter::Workbook::new();
    empty.add_worksheet();
    let empty = empty.save_to_buffer().unwrap();
    assert_eq!(
        err_code(&preview("empty.xlsx", &empty).unwrap_err()),
        ("empty_file", "file")
    );
    assert_eq!(
        err_code(&preview("empty.csv", b"").unwrap_err()),
        ("empty_file", "file")
    );
    let e = preview("dup.csv", "名称,电话,名称\n甲,1,乙\n".as_bytes()).unwrap_err();
    assert_eq!(err_code(&e), ("duplicate_header", "file.名称"));
    let e = h
        .call(
            "import_preview",
            json!({"path": "/no/such/file.csv", "kind": "customers", "sheet": null}),
        )
        .unwrap_err();
    assert_eq!(err_code(&e), ("not_found", "path"));
    let e = preview("x.csv", b"a\n1\n");
    assert!(e.is_ok());
    let e = h
        .call(
            "import_preview",
            json!({"path": write(dir.path(), "y.csv", b"a\n"), "kind": "robots", "sheet": null}),
        )
        .unwrap_err();
    assert_eq!(err_code(&e), ("invalid_argument", "kind"));
}

#[test]
fn missing_headers_and_a_megabyte_cell_are_row_problems() {
    let dir = tempfile::tempdir().unwrap();
    let h = Harness::new();
    // No column for the required name.
    let path = write(
        dir.path(),
        "no-name.csv",
        "编号,电话\nK1,123456\n".as_bytes(),
    );
    let p = h
        .call(
            "import_preview",
            json!({"path": path, "kind": "customers", "sheet": null}),
        )
        .unwrap();
    let c = h
        .call(
            "import_check",
            json!({"plan": plan(&path, "customers", &p), "page": 0}),
        )
        .unwrap();
    assert_eq!(c["issues"][0]["code"], "missing_column");
    assert_eq!(c["issues"][0]["field"], "name");
    let e = h
        .call(
            "import_commit",
            json!({"plan": plan(&path, "customers", &p)}),
        )
        .unwrap_err();
    assert_eq!(err_code(&e).0, "missing_column");
    // A 1 MB name; the issue repeats only the start of it.
    let big = "名".repeat(350_000);
    let path = write(
        dir.path(),
        "big.csv",
        format!("客户名称\n{big}\n").as_bytes(),
    );
    let p = h
        .call(
            "import_preview",
            json!({"path": path, "kind": "customers", "sheet": null}),
        )
        .unwrap();
    assert_eq!(
        p["rows"][0]["cells"][0].as_str().unwrap().chars().count(),
        200
    );
    let c = h
        .call(
            "import_check",
            json!({"plan": plan(&path, "customers", &p), "page": 0}),
        )
        .unwrap();
    assert_eq!(c["issues"][0]["code"], "too_long");
    assert_eq!(
        c["issues"][0]["value"].as_str().unwrap().chars().count(),
        200
    );
}

#[test]
fn order_lines_from_a_workbook_with_their_problems_then_committed() {
    let dir = tempfile::tempdir().unwrap();
    let h = Harness::with(|s| {
        s.products_mut()
            .create(&ProductDraft {
                sku: "A-1".into(),
                name: "螺丝".into(),
                unit: "个".into(),
                currency: "CNY".into(),
                price: "10".into(),
                active: true,
                ..Default::default()
            })
            .unwrap();
    });
    let customers = write(
        dir.path(),
        "c.csv",
        "客户编码,客户名称\nKH001,深圳华为\n".as_bytes(),
    );
    let p = h
        .call(
            "import_preview",
            json!({"path": customers, "kind": "customers", "sheet": null}),
        )
        .unwrap();
    h.call(
        "import_commit",
        json!({"plan": plan(&customers, "customers", &p)}),
    )
    .unwrap();

    let bad = xlsx(&[
        &["订单号", "客户编码", "SKU", "数量", "单价", "订单日期"],
        &["SO-1", "KH001", "A-1", "2", "10", "2024/3/5"],
        &["SO-1", "KH001", "NOPE", "1", "10", "2024/3/5"],
        &["SO-2", "KH001", "A-1", "-3", "10", "2024/3/5"],
        &["SO-3", "KH001", "A-1", "1", "10", "2025-02-30"],
    ]);
    let path = write(dir.path(), "订单.xlsx", &bad);
    let p = h
        .call(
            "import_preview",
            json!({"path": path, "kind": "orders", "sheet": null}),
        )
        .unwrap();
    assert_eq!(p["format"], "xlsx");
    let c = h
        .call(
            "import_check",
            json!({"plan": plan(&path, "orders", &p), "page": 0}),
        )
        .unwrap();
    let got: Vec<(u64, String, String)> = c["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["row"].as_u64().unwrap(),
                i["field"].as_str().unwrap().into(),
                i["code"].as_str().unwrap().into(),
            )
        })
        .collect();
    let want = |r: u64, f: &str, c: &str| (r, f.to_owned(), c.to_owned());
    assert_eq!(
        got,
        [
            want(3, "sku", "not_found"),
            want(4, "quantity", "negative"),
            want(5, "ordered_on", "invalid_date")
        ]
    );
    assert!(h
        .call("import_commit", json!({"plan": plan(&path, "orders", &p)}))
        .is_err());

    let mut pl = plan(&path, "orders", &p);
    pl["skip"] = json!([3, 4, 5]);
    let s = h.call("import_commit", json!({"plan": pl})).unwrap();
    assert_eq!(
        (s["created"].as_u64(), s["skipped"].as_u64()),
        (Some(1), Some(3))
    );
    let orders = h.call(
        "order_list",
        json!({"query": {"page": 0, "page_size": 10, "status": null, "customer_id": null,
            "from": null, "to": null, "late_only": false, "delivered_late_from": null,
            "delivered_late_to": null, "today": "2026-12-07"}}),
    );
    let orders = orders.unwrap();
    assert_eq!(orders["items"][0]["number"], "SO-1");
    assert_eq!(orders["items"][0]["status"], "closed");
}
