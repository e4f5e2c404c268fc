//! Exports, backups and restore through IPC: files written, read back and refused.

use calamine::{open_workbook, Data, Reader, Xlsx};
use chainbook_core::customer::{CustomerDraft, CustomerKind};
use serde_json::{json, Value};

use crate::{empty_filter, input, list, Harness};

fn customer_query(search: Option<&str>) -> Value {
    json!({"page": 3, "page_size": 50, "sort": "code", "descending": false,
           "search": search, "filter": empty_filter()})
}

fn columns() -> Value {
    json!([
        {"key": "code", "label": "编号", "kind": "text", "currency_key": null, "currency": null, "values": {}},
        {"key": "name", "label": "名称", "kind": "text", "currency_key": null, "currency": null, "values": {}},
        {"key": "channel", "label": "渠道", "kind": "choice", "currency_key": null, "currency": null,
         "values": {"direct": "直销"}},
        {"key": "credit_limit", "label": "信用额度", "kind": "money", "currency_key": "currency",
         "currency": null, "values": {}},
        {"key": "created_at", "label": "创建时间", "kind": "date_time", "currency_key": null,
         "currency": null, "values": {}}
    ])
}

/// 1,100 customers (three pages of 500 when exported) and one more through IPC.
fn harness() -> Harness {
    let h = Harness::with(|s| {
        let drafts: Vec<CustomerDraft> = (0..1100)
            .map(|i| CustomerDraft {
                kind: CustomerKind::Company,
                name: format!("批量客户{i:04}"),
                country: "CN".into(),
                currency: "CNY".into(),
                credit_limit: format!("{i}.5"),
                ..Default::default()
            })
            .collect();
        s.customers_mut().import(&drafts).unwrap();
    });
    h.call(
        "customer_create",
        json!({"input": input("深圳华为技术有限公司", "a@huawei.com")}),
    )
    .unwrap();
    h
}

fn export(h: &Harness, query: Value, format: &str, path: &std::path::Path) -> Result<Value, Value> {
    h.call(
        "export_list",
        json!({"request": {"source": {"list": "customers", "query": query}, "columns": columns(),
               "format": format, "path": path.display().to_string(), "sheet": "客户"}}),
    )
}

#[test]
fn the_customer_list_exports_every_page_with_its_filters_to_xlsx_and_csv() {
    let h = harness();
    let xlsx = h.dir().join("客户.xlsx");
    let done = export(&h, customer_query(None), "xlsx", &xlsx).unwrap();
    assert_eq!(
        done["rows"], 1101,
        "every page, whatever page the view showed"
    );
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let range = book.worksheet_range("客户").unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    assert_eq!(rows.len(), 1102);
    assert_eq!(rows[0][0], Data::String("编号".into()));
    assert_eq!(rows[0][3], Data::String("信用额度".into()));
    // Sorted by code as the view was; codes are unique.
    let codes: Vec<String> = rows[1..].iter().map(|r| r[0].to_string()).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(codes, sorted);
    let huawei = rows
        .iter()
        .find(|r| r[1] == Data::String("深圳华为技术有限公司".into()))
        .unwrap();
    assert_eq!(huawei[2], Data::String("直销".into()));
    assert_eq!(huawei[3], Data::Float(50000.0));
    assert!(matches!(huawei[4], Data::DateTime(_)), "{:?}", huawei[4]);
    let first = rows
        .iter()
        .find(|r| r[1] == Data::String("批量客户0007".into()))
        .unwrap();
    assert_eq!(first[3], Data::Float(7.5));

    // The search the view has is the export's too.
    let csv = h.dir().join("huawei.csv");
    let done = export(&h, customer_query(Some("华为")), "csv", &csv).unwrap();
    assert_eq!(done["rows"], 1);
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "\u{feff}编号,名称,渠道,信用额度,创建时间"
    );
    let row = lines.next().unwrap();
    assert!(
        row.contains(",深圳华为技术有限公司,直销,50000.00,"),
        "{row}"
    );
    assert_eq!(lines.next(), None);
}

#[test]
fn other_lists_export_through_the_same_command() {
    let h = harness();
    let path = h.dir().join("orders.csv");
    let done = h
        .call(
            "export_list",
            json!({"request": {"source": {"list": "orders", "query": {"page": 0, "page_size": 50,
                "status": null, "customer_id": null, "from": null, "to": null, "late_only": false,
                "delivered_late_from": null, "delivered_late_to": null, "today": "2026-12-07"}},
                "columns": [{"key": "number", "label": "单号", "kind": "text", "currency_key": null,
                             "currency": null, "values": {}}],
                "format": "csv", "path": path.display().to_string(), "sheet": "订单"}}),
        )
        .unwrap();
    assert_eq!(done["rows"], 0);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "\u{feff}单号\n");
}

#[test]
fn exports_refuse_bad_paths_and_queries() {
    let h = harness();
    let e = export(
        &h,
        customer_query(None),
        "xlsx",
        std::path::Path::new("relative.xlsx"),
    )
    .unwrap_err();
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("invalid_argument"), Some("path"))
    );
    let e = export(
        &h,
        customer_query(None),
        "csv",
        &h.dir().join("missing/dir/x.csv"),
    )
    .unwrap_err();
    assert_eq!(e["code"], "file_error");
    let mut q = customer_query(None);
    q["filter"]["channels"] = json!(["no_such_channel"]);
    let e = export(&h, q, "csv", &h.dir().join("x.csv")).unwrap_err();
    assert_eq!(e["code"], "invalid_choice");
}

#[test]
fn back_up_delete_restore_and_find_the_customer_again() {
    let h = Harness::new();
    let c = h
        .call(
            "customer_create",
            json!({"input": input("深圳华为技术有限公司", "a@huawei.com")}),
        )
        .unwrap();
    let backup = h.dir().join("备份.db");
    let f = h
        .call("backup_now", json!({"path": backup.display().to_string()}))
        .unwrap();
    assert_eq!(f["name"], "备份.db");
    assert!(f["bytes"].as_u64().unwrap() > 0);
    h.call("customer_delete", json!({"id": c["id"]})).unwrap();
    assert_eq!(list(&h)["total"], 0);

    let p = h
        .call(
            "restore_preview",
            json!({"path": backup.display().to_string()}),
        )
        .unwrap();
    assert_eq!(p["app_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(p["schema"], p["current_schema"]);
    let counts: Vec<(String, u64)> = serde_json::from_value(p["counts"].clone()).unwrap();
    assert!(counts.contains(&("customers".to_owned(), 1)), "{counts:?}");
    assert!(p["newest"].is_string());

    let done = h
        .call(
            "restore_backup",
            json!({"path": backup.display().to_string()}),
        )
        .unwrap();
    assert_eq!(list(&h)["items"][0]["name"], "深圳华为技术有限公司");
    // The data before the restore was saved, and holds the deletion.
    let saved = std::path::PathBuf::from(done["saved_to"].as_str().unwrap());
    assert!(saved.starts_with(h.dir().join("backups")), "{saved:?}");
    let before = h
        .call(
            "restore_preview",
            json!({"path": saved.display().to_string()}),
        )
        .unwrap();
    let counts: Vec<(String, u64)> = serde_json::from_value(before["counts"].clone()).unwrap();
    assert!(counts.contains(&("customers".to_owned(), 0)), "{counts:?}");
}

#[test]
fn restore_refuses_other_files_and_changes_nothing() {
    let h = Harness::new();
    h.call("customer_create", json!({"input": input("留下的客户", "")}))
        .unwrap();
    let text = h.dir().join("客户.csv");
    std::fs::write(&text, "名称\n甲\n").unwrap();
    for cmd in ["restore_preview", "restore_backup"] {
        let e = h
            .call(cmd, json!({"path": text.display().to_string()}))
            .unwrap_err();
        assert_eq!(e["code"], "not_a_backup", "{cmd}");
    }
    let db = h.dir().join("chainbook.db");
    let e = h
        .call("restore_backup", json!({"path": db.display().to_string()}))
        .unwrap_err();
    assert_eq!(e["code"], "invalid_argument");
    let e = h
        .call("backup_now", json!({"path": db.display().to_string()}))
        .unwrap_err();
    assert_eq!(e["code"], "invalid_argument");
    let e = h
        .call("backup_now", json!({"path": "relative.db"}))
        .unwrap_err();
    assert_eq!(e["code"], "invalid_argument");
    assert_eq!(list(&h)["total"], 1);
    assert!(
        !h.dir().join("backups").exists(),
        "nothing saved for a refused restore"
    );
}

#[test]
fn automatic_backup_settings_and_the_folder_listing() {
    let h = Harness::new();
    let o = h.call("backup_overview", json!({})).unwrap();
    assert_eq!(
        o["settings"],
        json!({"enabled": false, "folder": "", "daily": 7, "weekly": 4})
    );
    assert_eq!(o["files"], json!([]));
    let folder = h.dir().join("自动备份");
    std::fs::create_dir(&folder).unwrap();
    let e = h
        .call(
            "backup_settings_set",
            json!({"settings": {"enabled": true, "folder": "", "daily": 7, "weekly": 4}}),
        )
        .unwrap_err();
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("required"), Some("folder"))
    );
    let s = h
        .call(
            "backup_settings_set",
            json!({"settings": {"enabled": true,
              "folder": folder.display().to_string(), "daily": 3, "weekly": 2}}),
        )
        .unwrap();
    assert_eq!(s["daily"], 3);
    h.call(
        "backup_now",
        json!({"path": folder.join("chainbook-auto-20261201-090000.db").display().to_string()}),
    )
    .unwrap();
    h.call(
        "backup_now",
        json!({"path": folder.join("手动.db").display().to_string()}),
    )
    .unwrap();
    std::fs::write(folder.join("notes.txt"), "x").unwrap();
    let o = h.call("backup_overview", json!({})).unwrap();
    let files = o["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "{files:?}");
    let auto: Vec<bool> = files
        .iter()
        .map(|f| f["automatic"].as_bool().unwrap())
        .collect();
    assert!(auto.contains(&true) && auto.contains(&false));
}

#[test]
fn the_background_task_backs_up_once_a_day_and_rotates() {
    use chainbook_store::backup::rotation;
    use chainbook_store::settings::AutoBackup;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("auto");
    std::fs::create_dir(&folder).unwrap();
    let mut s = chainbook_store::Store::open(&dir.path().join("chainbook.db")).unwrap();
    s.settings_mut()
        .set_auto_backup(&AutoBackup {
            enabled: true,
            folder: folder.display().to_string(),
            daily: 2,
            weekly: 0,
        })
        .unwrap();
    // Three older automatic backups (on three days) and a manual one, which rotation leaves.
    let today = chrono::Local::now().naive_local();
    for d in [3, 2, 1] {
        let name = rotation::auto_name(today - chrono::Duration::days(d));
        std::fs::write(folder.join(name), b"old").unwrap();
    }
    std::fs::write(folder.join("mine.db"), b"manual").unwrap();
    let store = std::sync::Mutex::new(s);

    assert_eq!(
        chainbook_app::backup::tick(&store, false),
        None,
        "not allowed to back up"
    );
    let outcome = chainbook_app::backup::tick(&store, true).unwrap();
    assert_eq!(outcome.error, None);
    let made = std::path::PathBuf::from(outcome.path.unwrap());
    assert!(chainbook_store::backup::inspect(&made, None).is_ok());
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let yesterday = rotation::auto_name(today - chrono::Duration::days(1));
    let mut expect = vec![
        yesterday,
        made.file_name().unwrap().to_string_lossy().into_owned(),
        "mine.db".to_owned(),
    ];
    expect.sort();
    assert_eq!(names, expect, "two days kept, the manual backup untouched");
    // Not due again today.
    assert_eq!(chainbook_app::backup::tick(&store, true), None);

    // A folder that is gone: the outcome says why.
    std::fs::remove_dir_all(&folder).unwrap();
    let failed = chainbook_app::backup::tick(&store, true).unwrap();
    assert_eq!(
        failed.error.unwrap().code,
        chainbook_core::ErrorCode::FileError
    );
}

/// A long export tells its progress after every page and stops at a cancel, leaving the
/// destination as it was; the next export is not stopped by the old cancel.
#[test]
fn an_export_reports_progress_and_a_cancel_leaves_no_file() {
    use std::sync::{Arc, Mutex};
    use tauri::{Listener, Manager};

    let h = harness();
    let seen: Arc<Mutex<Vec<(u64, u64)>>> = Arc::default();
    let cancel_after_first = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let handle = h._app.handle().clone();
    {
        let seen = seen.clone();
        let cancel_after_first = cancel_after_first.clone();
        h._app.listen("export://progress", move |event| {
            let p: Value = serde_json::from_str(event.payload()).unwrap();
            seen.lock()
                .unwrap()
                .push((p["rows"].as_u64().unwrap(), p["total"].as_u64().unwrap()));
            // What the Cancel button does, between two pages.
            if cancel_after_first.load(std::sync::atomic::Ordering::Relaxed) {
                handle
                    .state::<chainbook_app::AppState>()
                    .export_cancel
                    .store(true, std::sync::atomic::Ordering::Relaxed);
            }
        });
    }
    let path = h.dir().join("客户.csv");
    std::fs::write(&path, "an earlier file").unwrap();
    let e = export(&h, customer_query(None), "csv", &path).unwrap_err();
    assert_eq!(e["code"], "cancelled", "{e}");
    assert_eq!(*seen.lock().unwrap(), [(500, 1101)]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "an earlier file");
    let strays: Vec<_> = std::fs::read_dir(h.dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
        .collect();
    assert!(strays.is_empty(), "{strays:?}");

    // The cancel was for that export: the next one runs to the end, page by page.
    cancel_after_first.store(false, std::sync::atomic::Ordering::Relaxed);
    seen.lock().unwrap().clear();
    let done = export(&h, customer_query(None), "csv", &path).unwrap();
    assert_eq!(done["rows"], 1101);
    assert_eq!(
        *seen.lock().unwrap(),
        [(500, 1101), (1000, 1101), (1101, 1101)]
    );
    // The command the button calls answers, and sets the flag the export reads.
    h.call("export_cancel", json!({})).unwrap();
    assert!(h
        ._app
        .state::<chainbook_app::AppState>()
        .export_cancel
        .load(std::sync::atomic::Ordering::Relaxed));
}

/// "Back up now" tells its progress through `backup://progress` up to every page; the cancel
/// command answers (the stop itself is the store's `a_stopped_backup_…` test: this database
/// is copied in one step).
#[test]
fn a_backup_reports_its_progress_to_the_last_page() {
    use std::sync::{Arc, Mutex};
    use tauri::Listener;

    let h = harness();
    let seen: Arc<Mutex<Vec<(u64, u64)>>> = Arc::default();
    {
        let seen = seen.clone();
        h._app.listen("backup://progress", move |event| {
            let p: Value = serde_json::from_str(event.payload()).unwrap();
            seen.lock()
                .unwrap()
                .push((p["done"].as_u64().unwrap(), p["total"].as_u64().unwrap()));
        });
    }
    let dest = h.dir().join("备份.db");
    let f = h
        .call("backup_now", json!({"path": dest.display().to_string()}))
        .unwrap();
    assert!(f["bytes"].as_u64().unwrap() > 0);
    let seen = seen.lock().unwrap().clone();
    let (done, total) = *seen.last().unwrap();
    assert!(total > 0 && done == total, "{seen:?}");
    h.call("backup_cancel", json!({})).unwrap();
    let e = h.call("backup_now", json!({})).unwrap_err();
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("invalid_argument"), Some("path"))
    );
}
