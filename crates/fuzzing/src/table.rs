//! Target `table`: a spreadsheet's bytes as the import reads them (CSV and other delimited
//! text in any of the encodings it detects, .xlsx, .xls), every data row read through the
//! column mapping guessed from its header for each kind of import, with both date orders and
//! both decimal marks.
//!
//! Properties: no panic (and no endless row); a file that cannot be read is a typed
//! [`FileError`] and a row that cannot be read a [`RowIssue`] on a real row, column and field,
//! repeating at most [`VALUE_MAX`] characters of the value.

use chainbook_import::mapping::{guess, Kind};
use chainbook_import::rows::VALUE_MAX;
use chainbook_import::values::{DayMonth, DecimalMark};
use chainbook_import::{open, read_row, Columns, FileError, OpenOptions, ReadOptions, RowIssue};

/// At most this many rows are read: the fuzzer's inputs are small, a loop is a bug.
const ROWS_MAX: usize = 10_000;

/// The target: see the module documentation.
pub fn table(data: &[u8]) {
    let table = match open(data, &OpenOptions::default()) {
        Ok(t) => t,
        Err(e) => return assert_file_error(&e),
    };
    let width = table.headers.len();
    let columns: Vec<Columns> = Kind::ALL
        .iter()
        .map(|&kind| {
            let mapping: Vec<Option<String>> = guess(kind, &table.headers)
                .into_iter()
                .map(|f| f.map(str::to_owned))
                .collect();
            Columns::new(kind, &mapping)
        })
        .collect();
    let options = [
        ReadOptions::default(),
        ReadOptions {
            day_month: DayMonth::MonthFirst,
            decimal_mark: DecimalMark::Comma,
            home_country: "CN".into(),
        },
    ];
    let mut rows = 0;
    for record in table {
        rows += 1;
        assert!(rows <= ROWS_MAX, "more rows than bytes could hold");
        let record = match record {
            Ok(r) => r,
            Err(e) => return assert_file_error(&e),
        };
        for cols in &columns {
            for o in &options {
                if let Err(issue) = read_row(cols, &record, o) {
                    assert_issue(&issue, cols, width);
                }
            }
        }
    }
}

fn assert_file_error(e: &FileError) {
    // The code is what the UI translates; the value what it shows.
    let _ = (e.code(), e.value());
}

fn assert_issue(issue: &RowIssue, cols: &Columns, width: usize) {
    assert!(issue.row >= 2, "an issue on the header row: {issue:?}");
    assert!(
        issue.value.chars().count() <= VALUE_MAX,
        "an issue repeats more than {VALUE_MAX} characters"
    );
    if let Some(c) = issue.column {
        assert!(c < width, "an issue in column {c} of {width}: {issue:?}");
    }
    assert!(
        issue.field.is_empty() || cols.kind().field(&issue.field).is_some(),
        "an issue on a field {} that {} does not have",
        issue.field,
        cols.kind().as_str()
    );
}
