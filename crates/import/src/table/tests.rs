//! Reading files as tables: CSV in its encodings and delimiters, workbooks with dates,
//! formulas and merged cells, and the files that cannot be read. The readers are fuzzed by
//! the `table` target of `crates/fuzzing` (its replay test in the normal suite, libFuzzer in
//! `fuzz/`).

use super::*;
use rust_xlsxwriter::{Format as XFormat, Workbook as XWorkbook};

fn csv(bytes: &[u8]) -> Result<(FileInfo, Vec<String>, Vec<Record>), FileError> {
    let t = open(bytes, &OpenOptions::default())?;
    let (info, headers) = (t.info.clone(), t.headers.clone());
    let rows = t.collect::<Result<Vec<_>, _>>()?;
    Ok((info, headers, rows))
}

fn cells(r: &Record) -> Vec<&str> {
    r.cells.iter().map(String::as_str).collect()
}

#[test]
fn gbk_csv_with_a_chinese_header_and_quoted_line_breaks() {
    let text = "客户编码,客户名称,备注\r\nKH001,深圳华为,\"第一行\r\n第二行, 带逗号\"\r\n\r\nKH002,\"杭州\"\"阿里\"\"\",\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let (info, headers, rows) = csv(&gbk).unwrap();
    assert_eq!(info.format, Format::Csv);
    assert_eq!(info.encoding, Some(Encoding::Gb18030));
    assert_eq!(info.delimiter, Some(','));
    assert_eq!(headers, ["客户编码", "客户名称", "备注"]);
    assert_eq!(rows.len(), 2);
    assert_eq!(
        cells(&rows[0]),
        ["KH001", "深圳华为", "第一行\r\n第二行, 带逗号"]
    );
    // Records are numbered, not lines (a quoted line break stays in its row); a blank line
    // is no row.
    assert_eq!((rows[0].row, rows[1].row), (2, 3));
    assert_eq!(cells(&rows[1]), ["KH002", "杭州\"阿里\"", ""]);
}

#[test]
fn utf8_with_bom_semicolons_and_tabs() {
    let (info, headers, rows) = csv("\u{FEFF}name;amount\nA;1,5\n".as_bytes()).unwrap();
    assert_eq!(info.encoding, Some(Encoding::Utf8Bom));
    assert_eq!(info.delimiter, Some(';'));
    assert_eq!(headers, ["name", "amount"]);
    assert_eq!(cells(&rows[0]), ["A", "1,5"]);
    let (info, _, rows) = csv(b"a\tb\n1\t2\n").unwrap();
    assert_eq!(info.delimiter, Some('\t'));
    assert_eq!(cells(&rows[0]), ["1", "2"]);
}

#[test]
fn bad_files_are_clear_errors() {
    assert_eq!(csv(b"").unwrap_err(), FileError::Empty);
    assert_eq!(csv(b"\n\n").unwrap_err(), FileError::Empty);
    assert_eq!(
        csv(b"name,Name \n1,2\n").unwrap_err(),
        FileError::DuplicateHeader("Name".into())
    );
    // A PNG is not a spreadsheet.
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";
    assert!(matches!(csv(png), Err(FileError::Unreadable(_))));
    // A zip that is not a workbook, and a workbook cut short.
    assert!(matches!(
        csv(b"PK\x03\x04garbage"),
        Err(FileError::Unreadable(_))
    ));
    let full = workbook(|_| {});
    assert!(matches!(
        csv(&full[..full.len() / 2]),
        Err(FileError::Unreadable(_))
    ));
    // Text that turns out not to be UTF-8 after the sniffed part.
    let mut bytes = "a,b\n".repeat(20_000).into_bytes();
    bytes.extend_from_slice(b"\xFF\xFE\xFD,x\n");
    let t = open(&bytes[..], &OpenOptions::default()).unwrap();
    let last = t.last().unwrap();
    assert!(matches!(last, Err(FileError::Unreadable(_))), "{last:?}");
}

#[test]
fn a_million_byte_cell_reads_whole() {
    let big = "长".repeat(350_000);
    let text = format!("name,note\nA,{big}\n");
    let (_, _, rows) = csv(text.as_bytes()).unwrap();
    assert_eq!(rows[0].cells[1].len(), big.len());
}

/// An .xlsx built by `fill` on a sheet named 订单 after an empty first sheet.
fn workbook(fill: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut wb = XWorkbook::new();
    wb.add_worksheet().set_name("空").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("订单").unwrap();
    ws.write_string(0, 0, "订单号").unwrap();
    ws.write_string(0, 1, "客户编码").unwrap();
    ws.write_string(0, 2, "日期").unwrap();
    ws.write_string(0, 3, "金额").unwrap();
    fill(ws);
    wb.save_to_buffer().unwrap()
}

#[test]
fn xlsx_dates_numbers_formulas_and_merged_cells() {
    let bytes = workbook(|ws| {
        let date = XFormat::new().set_num_format("yyyy/m/d");
        let merged = XFormat::new();
        ws.merge_range(1, 0, 2, 0, "SO-1", &merged).unwrap();
        ws.write_string(1, 1, "KH001").unwrap();
        ws.write_string(2, 1, "KH001").unwrap();
        let d = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 3, 5).unwrap();
        ws.write_datetime_with_format(1, 2, &d, &date).unwrap();
        ws.write_number(2, 2, 45356.0).unwrap();
        ws.write_number(1, 3, 12.34).unwrap();
        ws.write_formula(2, 3, "=D2*2").unwrap();
    });
    let (info, headers, rows) = csv(&bytes).unwrap();
    assert_eq!(info.format, Format::Xlsx);
    assert_eq!(info.sheets, ["空", "订单"]);
    assert_eq!(info.sheet.as_deref(), Some("订单"));
    assert_eq!(headers, ["订单号", "客户编码", "日期", "金额"]);
    assert_eq!(cells(&rows[0]), ["SO-1", "KH001", "2024-03-05", "12.34"]);
    // The merged order number is on both lines; a formula without a value Excel computed
    // (rust_xlsxwriter writes none) reads as empty, not as its text.
    assert_eq!(cells(&rows[1])[..3], ["SO-1", "KH001", "45356"]);
    assert_eq!((rows[0].row, rows[1].row), (2, 3));
    // The empty sheet asked for by name.
    let e = open(
        &bytes[..],
        &OpenOptions {
            sheet: Some("空".into()),
        },
    );
    assert!(matches!(e, Err(FileError::Empty)));
    let e = open(
        &bytes[..],
        &OpenOptions {
            sheet: Some("nope".into()),
        },
    );
    assert!(matches!(e, Err(FileError::NoSuchSheet(_))));
}
