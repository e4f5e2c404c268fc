//! Importing a spreadsheet (`chainbook_import` reads it): checking every row against the
//! database for the preview, and committing all of them in one transaction through the write
//! path, or none.
//!
//! Both walk the file the same way, row by row as the reader streams it, with the user's
//! fixes and skips applied, so memory holds what an import must remember (the codes seen, one
//! entry per order), never the rows. [`ImportMut::check`] reads only and collects every
//! problem and every duplicate; [`ImportMut::commit`] runs the same steps inside one
//! [`crate::Store::write`] and writes each row as it passes, so any problem left (or a cancel)
//! rolls everything back: derived tables (search with pinyin, tags, order totals, buying
//! rhythm) are rebuilt once per touched record at commit, the change log gets the rows when
//! sync is on, and stock moves only through the ledger.
//!
//! - [`customers`]: customers with a contact and an address, codes kept;
//! - [`orders`]: historical sales orders with their lines, numbers kept;
//! - [`supply`]: products, suppliers and opening stock;
//! - [`layouts`]: column mappings remembered per file layout (device-local).

mod customers;
pub mod layouts;
mod orders;
mod supply;

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};

use chainbook_core::{ErrorCode, ValidationError};
use chainbook_import::mapping::{missing, Kind};
use chainbook_import::rows::{read_row, Columns, ReadOptions, Row, RowIssue, VALUE_MAX};
use chainbook_import::table::{Record, Table};
use chainbook_import::FileError;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::write::Write;
use crate::{Result, Store, StoreError};

/// What to do with a row whose record exists already.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnDuplicate {
    /// Leave the existing record alone.
    #[default]
    Skip,
    /// Write the file's values of the mapped fields onto it.
    Update,
    /// Add a new record beside it (with a fresh code when the code is the one taken).
    Create,
}

/// Everything an import needs besides the file.
#[derive(Debug, Clone, Default)]
pub struct ImportPlan {
    pub kind: Option<Kind>,
    /// Per column, the field it holds.
    pub mapping: Vec<Option<String>>,
    pub options: ReadOptions,
    /// For every duplicate without a choice of its own.
    pub on_duplicate: OnDuplicate,
    /// Per row number.
    pub choices: HashMap<u64, OnDuplicate>,
    /// Rows the user chose to leave out.
    pub skip: HashSet<u64>,
    /// Cells the user corrected in the preview: per row, `(column, value)` instead of the
    /// file's.
    pub fixes: HashMap<u64, Vec<(usize, String)>>,
    /// Historical orders ship from stock on their dates (today's stock falls); off by
    /// default, their shipments are recorded without stock movements.
    pub touch_stock: bool,
}

/// A row whose record exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicateRow {
    pub row: u64,
    /// The code, SKU, order number or name it was found by.
    pub key: String,
    pub existing: Uuid,
    /// What the import will do with it.
    pub action: OnDuplicate,
}

/// What a check found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// Data rows in the file (blank ones not counted).
    pub rows: u64,
    /// Rows that will be written (inserted or updated).
    pub ready: u64,
    /// Rows left out: by the user, or duplicates skipped.
    pub skipped: u64,
    /// Every problem, in row order; the import commits only when there are none.
    pub issues: Vec<RowIssue>,
    pub duplicates: Vec<DuplicateRow>,
    /// Records that will be created, updated (orders: orders, not lines).
    pub created: u64,
    pub updated: u64,
}

/// What a commit wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CommitSummary {
    pub rows: u64,
    pub created: u64,
    pub updated: u64,
    pub skipped: u64,
}

/// How far an import is: rows done of the total the check counted.
pub type Progress<'a> = &'a mut dyn FnMut(u64);

/// How often (in rows) progress is told and the cancel flag looked at.
const STEP: u64 = 500;

/// What one row came to.
pub(crate) enum Done {
    Created,
    Updated,
    Skipped,
    /// A further line of an order already counted.
    Line,
}

/// A row's problem, or a failure of the database.
pub(crate) enum RowError {
    Issue(RowIssue),
    Store(StoreError),
}

impl From<StoreError> for RowError {
    fn from(e: StoreError) -> Self {
        RowError::Store(e)
    }
}

impl From<rusqlite::Error> for RowError {
    fn from(e: rusqlite::Error) -> Self {
        RowError::Store(e.into())
    }
}

/// What every kind's importer gets for a row.
pub(crate) struct Ctx<'a, 'w> {
    pub conn: &'a Connection,
    /// `Some` when committing: write the row.
    pub w: Option<&'a Write<'w>>,
    pub plan: &'a ImportPlan,
    pub cols: &'a Columns,
    pub row: u64,
    pub rec: &'a Record,
}

impl Ctx<'_, '_> {
    /// An issue with `field` of this row (its value from the file).
    pub fn issue(&self, field: &str, code: ErrorCode) -> RowError {
        let column = self.cols.column(field);
        RowError::Issue(RowIssue {
            row: self.row,
            column,
            field: field.to_owned(),
            code,
            value: column
                .map(|c| self.rec.cell(c).trim().chars().take(VALUE_MAX).collect())
                .unwrap_or_default(),
        })
    }

    /// The choice for this row's duplicate.
    pub fn choice(&self) -> OnDuplicate {
        self.plan
            .choices
            .get(&self.row)
            .copied()
            .unwrap_or(self.plan.on_duplicate)
    }

    /// A duplicate found by `key`, with the choice for it.
    pub fn duplicate(&self, key: &str, existing: Uuid) -> DuplicateRow {
        DuplicateRow {
            row: self.row,
            key: key.to_owned(),
            existing,
            action: self.choice(),
        }
    }
}

/// One kind's importer: its caches and what it remembers of the rows before.
pub(crate) trait Importer {
    fn row(&mut self, cx: &Ctx<'_, '_>, row: Row)
        -> Result<(Done, Option<DuplicateRow>), RowError>;
}

fn importer(kind: Kind, plan: &ImportPlan) -> Box<dyn Importer> {
    match kind {
        Kind::Customers => Box::new(customers::Customers::default()),
        Kind::Orders => Box::new(orders::Orders::new(plan.touch_stock)),
        Kind::Products => Box::new(supply::Products::default()),
        Kind::Suppliers => Box::new(supply::Suppliers::default()),
        Kind::OpeningStock => Box::new(supply::Stock),
    }
}

/// The plan's kind and mapping, checked: known fields, each once, the required ones there.
fn columns(
    plan: &ImportPlan,
    headers: usize,
) -> std::result::Result<(Kind, Columns), Vec<RowIssue>> {
    let whole = |field: &str, code: ErrorCode| RowIssue {
        row: 1,
        column: None,
        field: field.to_owned(),
        code,
        value: String::new(),
    };
    let Some(kind) = plan.kind else {
        return Err(vec![whole("kind", ErrorCode::Required)]);
    };
    let mut seen = HashSet::new();
    let mut issues = Vec::new();
    for (i, m) in plan.mapping.iter().enumerate() {
        let Some(key) = m.as_deref() else { continue };
        if kind.field(key).is_none() || !seen.insert(key) || i >= headers {
            issues.push(RowIssue {
                column: Some(i),
                ..whole(key, ErrorCode::InvalidArgument)
            });
        }
    }
    for key in missing(kind, &plan.mapping) {
        issues.push(whole(key, ErrorCode::MissingColumn));
    }
    if issues.is_empty() {
        Ok((kind, Columns::new(kind, &plan.mapping)))
    } else {
        Err(issues)
    }
}

/// An issue as the error a commit stops with: `rows.<row>.<field>`.
fn issue_error(i: RowIssue) -> StoreError {
    ValidationError::new(
        i.code,
        format!("rows.{}.{}", i.row, i.field),
        format!("row {}: {} {:?}", i.row, i.code.as_str(), i.value),
    )
    .into()
}

fn file_issue(e: &FileError, row: u64) -> RowIssue {
    RowIssue {
        row,
        column: None,
        field: String::new(),
        code: e.code(),
        value: e.value().chars().take(VALUE_MAX).collect(),
    }
}

/// Walks the rows; `on_issue` decides whether a problem stops the walk (a commit) or is
/// collected (a check).
fn walk<R: Read>(
    conn: &Connection,
    w: Option<&Write<'_>>,
    table: Table<R>,
    plan: &ImportPlan,
    progress: Progress<'_>,
    cancel: Option<&AtomicBool>,
    report: &mut CheckReport,
) -> Result<()> {
    let committing = w.is_some();
    let (kind, cols) = match columns(plan, table.headers.len()) {
        Ok(c) => c,
        Err(issues) if committing => return Err(issue_error(issues[0].clone())),
        Err(issues) => {
            report.issues = issues;
            return Ok(());
        }
    };
    let mut imp = importer(kind, plan);
    let mut last_row = 1;
    for rec in table {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let issue = file_issue(&e, last_row + 1);
                if committing {
                    return Err(issue_error(issue));
                }
                report.issues.push(issue);
                return Ok(());
            }
        };
        last_row = rec.row;
        report.rows += 1;
        if report.rows % STEP == 0 {
            progress(report.rows);
            if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                return Err(ValidationError::new(ErrorCode::Cancelled, "", "cancelled").into());
            }
        }
        if plan.skip.contains(&rec.row) {
            report.skipped += 1;
            continue;
        }
        let rec = match plan.fixes.get(&rec.row) {
            Some(fixes) => {
                let mut rec = rec;
                for (col, value) in fixes {
                    if rec.cells.len() <= *col {
                        rec.cells.resize(col + 1, String::new());
                    }
                    rec.cells[*col].clone_from(value);
                }
                rec
            }
            None => rec,
        };
        let result = read_row(&cols, &rec, &plan.options)
            .map_err(RowError::Issue)
            .and_then(|row| {
                let cx = Ctx {
                    conn,
                    w,
                    plan,
                    cols: &cols,
                    row: rec.row,
                    rec: &rec,
                };
                imp.row(&cx, row)
            });
        match result {
            Ok((done, dup)) => {
                match done {
                    Done::Created => report.created += 1,
                    Done::Updated => report.updated += 1,
                    Done::Skipped => report.skipped += 1,
                    Done::Line => {}
                }
                if !matches!(done, Done::Skipped) {
                    report.ready += 1;
                }
                report.duplicates.extend(dup);
            }
            Err(RowError::Store(e)) => return Err(e),
            Err(RowError::Issue(i)) if committing => return Err(issue_error(i)),
            Err(RowError::Issue(i)) => report.issues.push(i),
        }
    }
    if report.rows == 0 {
        let issue = RowIssue {
            row: 2,
            column: None,
            field: String::new(),
            code: ErrorCode::EmptyFile,
            value: String::new(),
        };
        if committing {
            return Err(issue_error(issue));
        }
        report.issues.push(issue);
    }
    if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
        return Err(ValidationError::new(ErrorCode::Cancelled, "", "cancelled").into());
    }
    progress(report.rows);
    Ok(())
}

/// Imports from spreadsheets.
pub struct ImportMut<'a> {
    store: &'a mut Store,
}

impl Store {
    pub fn import_mut(&mut self) -> ImportMut<'_> {
        ImportMut { store: self }
    }
}

impl ImportMut<'_> {
    /// Checks every row of `table` as the commit would write it, writing nothing: the
    /// problems, the duplicates and what would be created, updated and skipped.
    pub fn check<R: Read>(&mut self, table: Table<R>, plan: &ImportPlan) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        let conn = self.store.read().conn;
        // Read in one transaction: the rows are compared with one state of the database.
        conn.execute_batch("BEGIN")?;
        let out = walk(conn, None, table, plan, &mut |_| {}, None, &mut report);
        conn.execute_batch("ROLLBACK")?;
        out.map(|_| report)
    }

    /// Writes every row of `table` in one transaction, or nothing: the first problem (as
    /// `rows.<row>.<field>` with the issue's code), a failure or `cancel` set roll it all
    /// back. `progress` hears the rows done every few hundred rows.
    pub fn commit<R: Read>(
        &mut self,
        table: Table<R>,
        plan: &ImportPlan,
        progress: Progress<'_>,
        cancel: &AtomicBool,
    ) -> Result<CommitSummary> {
        let mut report = CheckReport::default();
        self.store.write(|w| {
            walk(
                &w.tx,
                Some(w),
                table,
                plan,
                progress,
                Some(cancel),
                &mut report,
            )
        })?;
        self.store.refresh_statistics()?;
        Ok(CommitSummary {
            rows: report.rows,
            created: report.created,
            updated: report.updated,
            skipped: report.skipped,
        })
    }
}
