//! Exports read back: the .xlsx with calamine, the CSV as bytes and with the csv crate.

use calamine::{open_workbook, Data, Reader, Xlsx};
use chainbook_export::{Column, Exporter, Format, Kind};
use serde_json::json;

fn columns() -> Vec<Column> {
    let mut channel = Column::new("channel", "渠道", Kind::Choice);
    channel.values.insert("online".into(), "线上".into());
    let mut credit = Column::new("credit_limit", "信用额度", Kind::Money);
    credit.currency_key = Some("currency".into());
    vec![
        Column::new("code", "编号", Kind::Text),
        Column::new("name", "名称", Kind::Text),
        channel,
        credit,
        Column::new("ordered_on", "下单日期", Kind::Date),
        Column::new("orders", "订单数", Kind::Number),
        Column::new("tags", "标签", Kind::List),
    ]
}

fn rows() -> Vec<serde_json::Value> {
    vec![
        json!({"code": "C-A3F-00001", "name": "深圳华为技术有限公司", "channel": "online",
               "credit_limit": "50000.5", "currency": "CNY", "ordered_on": "2024-03-05",
               "orders": 12, "tags": ["重品质", "大客户"]}),
        json!({"code": "C-A3F-00002", "name": "Tokyo \"Trading\", Ltd.\nBranch", "channel": "",
               "credit_limit": "1000", "currency": "JPY", "ordered_on": null, "orders": 0,
               "tags": []}),
    ]
}

#[test]
fn xlsx_reads_back_with_typed_cells() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("客户.xlsx");
    let mut e = Exporter::create(&path, Format::Xlsx, "客户", columns()).unwrap();
    for r in rows() {
        e.push(&r).unwrap();
    }
    assert_eq!(e.finish().unwrap(), 2);
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["客户"]);
    let range = book.worksheet_range("客户").unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    assert_eq!(rows.len(), 3);
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(
        header,
        [
            "编号",
            "名称",
            "渠道",
            "信用额度",
            "下单日期",
            "订单数",
            "标签"
        ]
    );
    assert_eq!(rows[1][1], Data::String("深圳华为技术有限公司".into()));
    assert_eq!(rows[1][2], Data::String("线上".into()));
    assert_eq!(rows[1][3], Data::Float(50000.5));
    match &rows[1][4] {
        Data::DateTime(d) => {
            // Excel's serial day number of 2024-03-05.
            assert_eq!(d.as_f64(), 45356.0);
        }
        other => panic!("a date cell, got {other:?}"),
    }
    assert_eq!(rows[1][5], Data::Float(12.0));
    assert_eq!(rows[1][6], Data::String("重品质、大客户".into()));
    assert_eq!(
        rows[2][1],
        Data::String("Tokyo \"Trading\", Ltd.\nBranch".into())
    );
    assert_eq!(rows[2][2], Data::Empty);
    assert_eq!(rows[2][3], Data::Float(1000.0));
    assert_eq!(rows[2][4], Data::Empty);
}

#[test]
fn csv_has_a_bom_quotes_and_exact_money() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("customers.csv");
    let mut e = Exporter::create(&path, Format::Csv, "ignored", columns()).unwrap();
    for r in rows() {
        e.push(&r).unwrap();
    }
    assert_eq!(e.finish().unwrap(), 2);
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 with BOM");
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(
        r.headers().unwrap(),
        vec![
            "编号",
            "名称",
            "渠道",
            "信用额度",
            "下单日期",
            "订单数",
            "标签"
        ]
    );
    let recs: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(
        recs[0],
        vec![
            "C-A3F-00001",
            "深圳华为技术有限公司",
            "线上",
            "50000.50",
            "2024-03-05",
            "12",
            "重品质、大客户"
        ]
    );
    assert_eq!(
        recs[1],
        vec![
            "C-A3F-00002",
            "Tokyo \"Trading\", Ltd.\nBranch",
            "",
            "1000",
            "",
            "0",
            ""
        ]
    );
}

#[test]
fn a_folder_that_does_not_exist_is_an_error_before_any_row() {
    let dir = tempfile::tempdir().unwrap();
    for f in [Format::Csv, Format::Xlsx] {
        let err = Exporter::create(&dir.path().join("no/such/x.out"), f, "s", columns());
        assert!(
            matches!(err, Err(chainbook_export::ExportError::Io(_))),
            "{f:?}"
        );
    }
}

#[test]
fn csv_cells_that_would_run_as_formulas_get_an_apostrophe_and_xlsx_keeps_them_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let cols = vec![
        Column::new("name", "名称", Kind::Text),
        Column::new("phone", "电话", Kind::Text),
    ];
    let row = json!({"name": "=HYPERLINK(\"http://evil.example\",\"点击\")", "phone": "+86 755 1234 5678"});
    let csv_path = dir.path().join("c.csv");
    let mut e = Exporter::create(&csv_path, Format::Csv, "c", cols.clone()).unwrap();
    e.push(&row).unwrap();
    e.finish().unwrap();
    let bytes = std::fs::read(&csv_path).unwrap();
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let rec = r.records().next().unwrap().unwrap();
    assert_eq!(
        rec,
        vec![
            "'=HYPERLINK(\"http://evil.example\",\"点击\")",
            "+86 755 1234 5678"
        ]
    );
    let xlsx_path = dir.path().join("c.xlsx");
    let mut e = Exporter::create(&xlsx_path, Format::Xlsx, "c", cols).unwrap();
    e.push(&row).unwrap();
    e.finish().unwrap();
    let mut book: Xlsx<_> = open_workbook(&xlsx_path).unwrap();
    let range = book.worksheet_range("c").unwrap();
    assert_eq!(
        range.get((1, 0)),
        Some(&Data::String(
            "=HYPERLINK(\"http://evil.example\",\"点击\")".into()
        ))
    );
}

#[test]
fn an_unfinished_export_leaves_the_destination_as_it_was_and_no_stray_file() {
    let dir = tempfile::tempdir().unwrap();
    for (f, name) in [(Format::Csv, "x.csv"), (Format::Xlsx, "x.xlsx")] {
        let dest = dir.path().join(name);
        std::fs::write(&dest, b"the user's earlier file").unwrap();
        let mut e = Exporter::create(&dest, f, "s", columns()).unwrap();
        for r in rows() {
            e.push(&r).unwrap();
        }
        assert_eq!(e.rows(), 2);
        // Given up half way (an error, a cancel): dropped without finishing.
        drop(e);
        assert_eq!(
            std::fs::read(&dest).unwrap(),
            b"the user's earlier file",
            "{f:?}"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.ends_with(".part")), "{names:?}");

        // Finished: the new file replaces it, nothing else is left.
        let mut e = Exporter::create(&dest, f, "s", columns()).unwrap();
        for r in rows() {
            e.push(&r).unwrap();
        }
        assert_eq!(e.finish().unwrap(), 2);
        assert_ne!(std::fs::read(&dest).unwrap(), b"the user's earlier file");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}
