//! Chainbook's spreadsheet reader: CSV and Excel files as tables of text, and their rows as
//! the typed rows of a kind of record, ready for the store's import. Pure apart from reading
//! the bytes it is given (no files, no database, no clock); every rule about a record is
//! core's.
//!
//! - [`table`]: a file as a header row and data rows (format, encoding, delimiter, sheet);
//! - [`encoding`]: UTF-8, UTF-8 with BOM, UTF-16 and GB18030/GBK, detected and decoded as the
//!   bytes stream past;
//! - [`delimited`]: delimiter detection and the `csv` reader;
//! - [`workbook`]: .xlsx and .xls through `calamine`;
//! - [`values`]: dates and numbers as people write them;
//! - [`mapping`]: the kinds, their fields, and guessing which column holds which;
//! - [`rows`]: a row through a mapping as a typed row, or the first problem with it;
//! - [`report`]: the error report as CSV or .xlsx bytes.

pub mod delimited;
pub mod encoding;
pub mod mapping;
pub mod report;
pub mod rows;
pub mod table;
pub mod values;
pub mod workbook;

pub use mapping::Kind;
pub use rows::{read_row, Columns, ReadOptions, Row, RowIssue};
pub use table::{open, FileError, FileInfo, Format, OpenOptions, Record, Table};
