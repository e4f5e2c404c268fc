//! The error report a user downloads: one line per problem with its row, column, field,
//! value and reason, as CSV (UTF-8 with a byte-order mark, so Excel opens Chinese right) or as
//! an .xlsx workbook. The words come from the caller in the user's language; this module only
//! lays them out, into bytes the caller writes where the user chose.

/// One line of the report, in the user's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportLine {
    pub row: u64,
    /// The column's header (or its letter when it has none).
    pub column: String,
    pub field: String,
    pub value: String,
    pub reason: String,
}

/// A column's name as a spreadsheet shows it: A, B, …, Z, AA, …
pub fn column_letter(mut i: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The report as CSV; `titles` head its five columns.
pub fn csv_report(titles: &[String; 5], lines: &[ReportLine]) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(titles).map_err(|e| e.to_string())?;
    for l in lines {
        w.write_record([
            l.row.to_string().as_str(),
            &l.column,
            &l.field,
            &chainbook_core::text::guard_cell(&l.value),
            &l.reason,
        ])
        .map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

/// The report as an .xlsx workbook (values written as text: nothing is evaluated).
pub fn xlsx_report(titles: &[String; 5], lines: &[ReportLine]) -> Result<Vec<u8>, String> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    for (c, t) in titles.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, t, &bold)
            .map_err(e)?;
    }
    for (i, l) in lines.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_number(r, 0, l.row as f64).map_err(e)?;
        ws.write_string(r, 1, &l.column).map_err(e)?;
        ws.write_string(r, 2, &l.field).map_err(e)?;
        // Excel holds at most 32,767 characters in a cell.
        let value: String = l.value.chars().take(32_000).collect();
        ws.write_string(r, 3, &value).map_err(e)?;
        ws.write_string(r, 4, &l.reason).map_err(e)?;
    }
    ws.autofit();
    wb.save_to_buffer().map_err(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{open, OpenOptions};

    fn lines() -> Vec<ReportLine> {
        vec![ReportLine {
            row: 3,
            column: "手机".into(),
            field: "联系人电话".into(),
            value: "=1+2".into(),
            reason: "不是电话号码".into(),
        }]
    }

    fn titles() -> [String; 5] {
        ["行", "列", "字段", "值", "原因"].map(String::from)
    }

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27 * 26), "AAA");
    }

    #[test]
    fn both_reports_read_back_through_the_reader() {
        for bytes in [
            csv_report(&titles(), &lines()).unwrap(),
            xlsx_report(&titles(), &lines()).unwrap(),
        ] {
            let t = open(&bytes[..], &OpenOptions::default()).unwrap();
            assert_eq!(t.headers, titles());
            let rows: Vec<_> = t.map(|r| r.unwrap().cells).collect();
            assert_eq!(rows[0][0], "3");
            assert_eq!(rows[0][1], "手机");
            assert!(rows[0][3].ends_with("=1+2"));
            assert_eq!(rows[0][4], "不是电话号码");
        }
    }
}
