//! A file as a table: what it is (format, encoding, delimiter, sheets), its header row, and
//! its data rows one at a time with the row number the user sees (the header is row 1; in
//! delimited text records are counted, so a quoted line break stays inside its row).
//!
//! The format comes from the bytes, not the name: a zip is an .xlsx, an OLE container an .xls,
//! anything else is tried as delimited text and refused when it is binary or in no encoding
//! the reader knows. Blank rows are skipped. Two header cells with the same text are refused
//! (which one would a column mapping mean?); a blank header cell is a column without a name.

use std::io::{Chain, Cursor, Read};

use chainbook_core::ErrorCode;
use serde::Serialize;

use crate::delimited;
use crate::encoding::{self, DecodeReader, Encoding, SNIFF_BYTES};
use crate::workbook::Workbook;

/// What kind of file it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Csv,
    Xlsx,
    Xls,
}

/// What the reader found out about a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileInfo {
    pub format: Format,
    /// For delimited text.
    pub encoding: Option<Encoding>,
    /// For delimited text.
    pub delimiter: Option<char>,
    /// For workbooks: every sheet, and the one read.
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
}

/// Why a file cannot be read as a table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// Not a spreadsheet, truncated or damaged, or text in an unknown encoding; the text says
    /// what the reader met (for logs).
    #[error("the file cannot be read as a spreadsheet: {0}")]
    Unreadable(String),
    /// No header row: an empty file or sheet.
    #[error("the file or sheet is empty")]
    Empty,
    /// Two columns with the same header.
    #[error("two columns are headed {0:?}")]
    DuplicateHeader(String),
    /// The sheet asked for is not in the workbook.
    #[error("no sheet named {0:?}")]
    NoSuchSheet(String),
}

impl FileError {
    pub fn code(&self) -> ErrorCode {
        match self {
            FileError::Unreadable(_) => ErrorCode::UnreadableFile,
            FileError::Empty => ErrorCode::EmptyFile,
            FileError::DuplicateHeader(_) => ErrorCode::DuplicateHeader,
            FileError::NoSuchSheet(_) => ErrorCode::NotFound,
        }
    }

    /// The value the error is about (the header, the sheet).
    pub fn value(&self) -> &str {
        match self {
            FileError::DuplicateHeader(v) | FileError::NoSuchSheet(v) => v,
            _ => "",
        }
    }
}

/// A data row: its number as the user sees it, and its cells as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub row: u64,
    pub cells: Vec<String>,
}

impl Record {
    /// The cell in column `i`, empty past the row's end.
    pub fn cell(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", String::as_str)
    }
}

type Text<R> = DecodeReader<Chain<Cursor<Vec<u8>>, R>>;

enum Rows<R: Read> {
    Delimited {
        reader: Box<csv::Reader<Text<R>>>,
        record: csv::StringRecord,
        /// Records read so far, the header included.
        read: u64,
    },
    Sheet(std::vec::IntoIter<(u64, Vec<String>)>),
}

/// An open file: its facts, its header row, and an iterator over its data rows.
pub struct Table<R: Read> {
    pub info: FileInfo,
    pub headers: Vec<String>,
    rows: Rows<R>,
}

/// Which sheet of a workbook to read; the first one with cells when `None`.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    pub sheet: Option<String>,
}

const ZIP: &[u8] = b"PK\x03\x04";
const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Opens `input` (the file's bytes, read as they are needed) as a table.
pub fn open<R: Read>(mut input: R, opts: &OpenOptions) -> Result<Table<R>, FileError> {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    (&mut input)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| FileError::Unreadable(e.to_string()))?;
    if head.is_empty() {
        return Err(FileError::Empty);
    }
    if head.starts_with(ZIP) || head.starts_with(OLE) {
        let mut bytes = head;
        input
            .read_to_end(&mut bytes)
            .map_err(|e| FileError::Unreadable(e.to_string()))?;
        return open_workbook(bytes, opts);
    }
    open_delimited(head, input)
}

fn open_delimited<R: Read>(head: Vec<u8>, rest: R) -> Result<Table<R>, FileError> {
    let enc = encoding::detect(&head)
        .ok_or_else(|| FileError::Unreadable("neither UTF-8 nor GB18030 text".into()))?;
    // The sniffed part alone, for the checks below: it may end inside a character, so a
    // decoding error at its end only shortens it.
    let mut buf = Vec::new();
    let _ = DecodeReader::new(&head[..], enc).read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf);
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n' | '\x0c'))
    {
        return Err(FileError::Unreadable("binary data, not text".into()));
    }
    let delimiter = delimited::sniff_delimiter(&text);
    let reader = delimited::reader(
        DecodeReader::new(Cursor::new(head).chain(rest), enc),
        delimiter,
    );
    let mut rows = Rows::Delimited {
        reader: Box::new(reader),
        record: csv::StringRecord::new(),
        read: 0,
    };
    let headers = match rows.next_record()? {
        Some(r) => r.cells,
        None => return Err(FileError::Empty),
    };
    Ok(Table {
        info: FileInfo {
            format: Format::Csv,
            encoding: Some(enc),
            delimiter: Some(char::from(delimiter)),
            sheets: Vec::new(),
            sheet: None,
        },
        headers: check_headers(headers)?,
        rows,
    })
}

fn open_workbook<R: Read>(bytes: Vec<u8>, opts: &OpenOptions) -> Result<Table<R>, FileError> {
    let format = if bytes.starts_with(ZIP) {
        Format::Xlsx
    } else {
        Format::Xls
    };
    let mut wb = Workbook::open(bytes).map_err(|e| FileError::Unreadable(e.0))?;
    let sheets = wb.sheet_names();
    let (sheet, rows) = match &opts.sheet {
        Some(name) => {
            if !sheets.contains(name) {
                return Err(FileError::NoSuchSheet(name.clone()));
            }
            let rows = wb.rows(name).map_err(|e| FileError::Unreadable(e.0))?;
            (name.clone(), rows)
        }
        None => {
            let mut found = None;
            for name in &sheets {
                let rows = wb.rows(name).map_err(|e| FileError::Unreadable(e.0))?;
                if rows.iter().any(|(_, r)| !blank(r)) {
                    found = Some((name.clone(), rows));
                    break;
                }
            }
            found.ok_or(FileError::Empty)?
        }
    };
    let mut rows = rows
        .into_iter()
        .filter(|(_, r)| !blank(r))
        .collect::<Vec<_>>()
        .into_iter();
    let headers = rows.next().ok_or(FileError::Empty)?.1;
    Ok(Table {
        info: FileInfo {
            format,
            encoding: None,
            delimiter: None,
            sheets,
            sheet: Some(sheet),
        },
        headers: check_headers(headers)?,
        rows: Rows::Sheet(rows),
    })
}

fn blank(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

/// Trims the headers, drops blank ones at the end, and refuses two with the same text.
fn check_headers(mut headers: Vec<String>) -> Result<Vec<String>, FileError> {
    for h in headers.iter_mut() {
        *h = h.trim().to_owned();
    }
    while headers.last().is_some_and(String::is_empty) {
        headers.pop();
    }
    if headers.is_empty() {
        return Err(FileError::Empty);
    }
    let mut seen = std::collections::HashSet::new();
    for h in &headers {
        let key = crate::mapping::normalise(h);
        if !key.is_empty() && !seen.insert(key) {
            return Err(FileError::DuplicateHeader(h.clone()));
        }
    }
    Ok(headers)
}

impl<R: Read> Rows<R> {
    /// The next non-blank record.
    fn next_record(&mut self) -> Result<Option<Record>, FileError> {
        match self {
            Rows::Delimited {
                reader,
                record,
                read,
            } => loop {
                let more = reader.read_record(record).map_err(|e| {
                    FileError::Unreadable(match e.kind() {
                        csv::ErrorKind::Io(io) => io.to_string(),
                        _ => e.to_string(),
                    })
                })?;
                if !more {
                    return Ok(None);
                }
                *read += 1;
                if record.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                return Ok(Some(Record {
                    row: *read,
                    cells: record.iter().map(str::to_owned).collect(),
                }));
            },
            Rows::Sheet(rows) => Ok(rows.next().map(|(row, cells)| Record { row, cells })),
        }
    }
}

impl<R: Read> Iterator for Table<R> {
    type Item = Result<Record, FileError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.rows.next_record().transpose()
    }
}

#[cfg(test)]
mod tests;
