//! Chainbook's lists as files: CSV (UTF-8 with a byte-order mark, so Excel opens Chinese
//! correctly) or .xlsx (`rust_xlsxwriter`, streamed in constant memory).
//!
//! The caller hands rows as JSON objects (the list's wire type serialised, so an export shows
//! what the list shows) and [`Column`]s that say which field of a row goes in each column, its
//! header in the user's language and what kind of value it is: text, a choice whose codes the
//! column's `values` name in the user's language, a number, money (a number with its
//! currency's decimals, the currency read from the row or fixed), a date or a moment (real
//! spreadsheet dates, moments in the machine's time zone), a yes/no flag or a list joined with
//! "、". Values that are missing or `null` leave the cell empty; money that does not parse as a
//! decimal is written as the text it was.
//!
//! **All or nothing.** The rows go to a temporary file beside the destination; [`Exporter::finish`]
//! renames it over the destination once it is complete. An export dropped before that (an error,
//! a cancel) removes its temporary file and leaves the destination as it was.
//!
//! - [`cells`]: turning one JSON value into a [`cells::Cell`] by its column's kind;
//! - [`sink`]: the two file formats behind one [`Exporter`].

pub mod cells;
mod sink;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use cells::{Cell, Kind};
pub use sink::Format;

/// What went wrong writing an export.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot write the CSV file: {0}")]
    Csv(#[from] csv::Error),
    #[error("cannot write the xlsx file: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// A spreadsheet holds at most 1,048,576 rows.
    #[error("more rows than a spreadsheet holds ({0})")]
    TooManyRows(u64),
}

pub type Result<T, E = ExportError> = std::result::Result<T, E>;

/// One column of an export.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Column {
    /// Where the value is in a row: a field name, or a dotted path (`value.revenue`).
    pub key: String,
    /// The header, in the user's language.
    pub label: String,
    pub kind: Kind,
    /// For money: the field holding the currency code (`currency`), when the row has one.
    #[serde(default)]
    pub currency_key: Option<String>,
    /// For money: the currency of every row, when the rows do not say.
    #[serde(default)]
    pub currency: Option<String>,
    /// For choices (and lists of them): each code's label in the user's language.
    #[serde(default)]
    pub values: BTreeMap<String, String>,
}

impl Column {
    /// A column of `kind` with no currency and no value labels.
    pub fn new(key: &str, label: &str, kind: Kind) -> Column {
        Column {
            key: key.to_owned(),
            label: label.to_owned(),
            kind,
            currency_key: None,
            currency: None,
            values: BTreeMap::new(),
        }
    }
}

/// Writes rows into one file of one format; [`Exporter::finish`] completes it.
pub struct Exporter {
    sink: sink::Sink,
    columns: Vec<Column>,
    rows: u64,
    cells: Vec<Cell>,
    /// The file being written; removed when dropped before [`Exporter::finish`].
    part: tempfile::TempPath,
    dest: PathBuf,
}

impl Exporter {
    /// Starts the file for `path` (which [`Exporter::finish`] replaces) with the header row;
    /// `sheet` names the worksheet of an .xlsx file.
    pub fn create(path: &Path, format: Format, sheet: &str, columns: Vec<Column>) -> Result<Self> {
        let labels: Vec<&str> = columns.iter().map(|c| c.label.as_str()).collect();
        // Beside the destination, so that the rename cannot cross file systems.
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let (file, part) = tempfile::Builder::new()
            .prefix(".chainbook-export-")
            .suffix(".part")
            .tempfile_in(dir)?
            .into_parts();
        let sink = sink::Sink::create(file, &part, format, sheet, &labels)?;
        Ok(Exporter {
            sink,
            columns,
            rows: 0,
            cells: Vec::new(),
            part,
            dest: path.to_owned(),
        })
    }

    /// Writes one row.
    pub fn push(&mut self, row: &serde_json::Value) -> Result<()> {
        self.cells.clear();
        for c in &self.columns {
            self.cells.push(cells::cell(row, c));
        }
        self.rows += 1;
        self.sink.row(self.rows, &self.cells)
    }

    /// How many rows were written so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Completes the file and puts it at its destination; returns how many rows it holds
    /// (without the header).
    pub fn finish(self) -> Result<u64> {
        self.sink.finish(&self.columns)?;
        self.part
            .persist(&self.dest)
            .map_err(|e| ExportError::Io(e.error))?;
        Ok(self.rows)
    }
}
