//! The two file formats: CSV with a byte-order mark, and .xlsx in constant memory.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format as XlsxFormat, Workbook};
use serde::Deserialize;

use crate::{Cell, Column, ExportError, Kind, Result};

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Csv,
    Xlsx,
}

/// The last row index a worksheet has (1,048,576 rows, the header included).
const XLSX_MAX_ROW: u64 = 1_048_575;

pub(crate) enum Sink {
    Csv(Box<csv::Writer<BufWriter<File>>>),
    Xlsx(Box<Xlsx>),
}

pub(crate) struct Xlsx {
    book: Workbook,
    path: PathBuf,
    date: XlsxFormat,
    moment: XlsxFormat,
    /// Money formats by decimal places (0–4).
    money: Vec<XlsxFormat>,
    /// The widest text seen per column, for the column widths.
    widths: Vec<usize>,
}

impl Sink {
    /// A sink writing to `file`, open at `path`.
    pub(crate) fn create(
        file: File,
        path: &Path,
        format: Format,
        sheet: &str,
        labels: &[&str],
    ) -> Result<Sink> {
        match format {
            Format::Csv => {
                let mut file = BufWriter::new(file);
                file.write_all("\u{feff}".as_bytes())?;
                let mut w = csv::Writer::from_writer(file);
                w.write_record(labels)?;
                Ok(Sink::Csv(Box::new(w)))
            }
            Format::Xlsx => {
                // The workbook writes the file itself when saved (over this empty one).
                drop(file);
                let mut book = Workbook::new();
                let ws = book.add_worksheet_with_constant_memory();
                ws.set_name(sheet_name(sheet))?;
                let bold = XlsxFormat::new().set_bold();
                for (i, l) in labels.iter().enumerate() {
                    ws.write_string_with_format(0, col(i), *l, &bold)?;
                }
                ws.set_freeze_panes(1, 0)?;
                Ok(Sink::Xlsx(Box::new(Xlsx {
                    book,
                    path: path.to_owned(),
                    date: XlsxFormat::new().set_num_format("yyyy-mm-dd"),
                    moment: XlsxFormat::new().set_num_format("yyyy-mm-dd hh:mm"),
                    money: (0..=4)
                        .map(|d| {
                            let f = if d == 0 {
                                "#,##0".to_owned()
                            } else {
                                format!("#,##0.{}", "0".repeat(d))
                            };
                            XlsxFormat::new().set_num_format(f)
                        })
                        .collect(),
                    widths: labels.iter().map(|l| display_width(l)).collect(),
                })))
            }
        }
    }

    /// Writes data row `n` (1-based: the header is row 0).
    pub(crate) fn row(&mut self, n: u64, cells: &[Cell]) -> Result<()> {
        match self {
            Sink::Csv(w) => {
                // A spreadsheet opening the CSV must not run a customer's name as a formula
                // (.xlsx cells are written as strings, which nothing evaluates).
                w.write_record(cells.iter().map(|c| match c {
                    Cell::Text(s) => chainbook_core::text::guard_cell(s).into_owned(),
                    other => other.text(),
                }))?;
                Ok(())
            }
            Sink::Xlsx(x) => {
                if n > XLSX_MAX_ROW {
                    return Err(ExportError::TooManyRows(n));
                }
                let r = n as u32;
                let ws = x.book.worksheet_from_index(0)?;
                for (i, c) in cells.iter().enumerate() {
                    let cl = col(i);
                    match c {
                        Cell::Empty => {}
                        Cell::Text(s) => {
                            ws.write_string(r, cl, s)?;
                            if let Some(w) = x.widths.get_mut(i) {
                                *w = (*w).max(display_width(s));
                            }
                        }
                        Cell::Number(v) => {
                            ws.write_number(r, cl, *v)?;
                        }
                        Cell::Money { value, decimals } => {
                            let f = &x.money[(*decimals as usize).min(4)];
                            ws.write_number_with_format(r, cl, Cell::money_f64(value), f)?;
                        }
                        Cell::Date(d) => {
                            ws.write_datetime_with_format(r, cl, excel_date(*d)?, &x.date)?;
                        }
                        Cell::DateTime(t) => {
                            let dt = excel_date(t.date())?.and_hms(
                                chrono::Timelike::hour(t) as u16,
                                chrono::Timelike::minute(t) as u8,
                                chrono::Timelike::second(t) as u8,
                            )?;
                            ws.write_datetime_with_format(r, cl, dt, &x.moment)?;
                        }
                    }
                }
                Ok(())
            }
        }
    }

    pub(crate) fn finish(self, columns: &[Column]) -> Result<()> {
        match self {
            Sink::Csv(w) => {
                let file = (*w).into_inner().map_err(|e| e.into_error())?;
                file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
                Ok(())
            }
            Sink::Xlsx(mut x) => {
                let ws = x.book.worksheet_from_index(0)?;
                for (i, c) in columns.iter().enumerate() {
                    let w = match c.kind {
                        Kind::Date => 11,
                        Kind::DateTime => 17,
                        Kind::Money | Kind::Number => x.widths[i].max(12),
                        _ => x.widths[i],
                    };
                    ws.set_column_width(col(i), (w.clamp(6, 60) + 2) as f64)?;
                }
                x.book.save(&x.path)?;
                Ok(())
            }
        }
    }
}

fn col(i: usize) -> u16 {
    i.min(u16::MAX as usize) as u16
}

/// A worksheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(s: &str) -> String {
    let clean: String = s
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect();
    if clean.trim().is_empty() {
        "Sheet1".to_owned()
    } else {
        clean
    }
}

/// Columns a text takes: CJK characters count as two.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x2e80 { 2 } else { 1 })
        .sum()
}

fn excel_date(d: chrono::NaiveDate) -> Result<ExcelDateTime> {
    use chrono::Datelike;
    Ok(ExcelDateTime::from_ymd(
        d.year().clamp(1900, 9999) as u16,
        d.month() as u8,
        d.day() as u8,
    )?)
}
