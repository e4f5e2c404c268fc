//! Wire types of importing a spreadsheet: what a file holds (the preview), the plan the user
//! builds in the wizard (kind, mapping, how to read values, duplicates, fixes and skips), the
//! check's counts with its problems a page at a time, the commit's progress and summary, and
//! the error report's labels in the user's language.

use std::collections::HashMap;

use chainbook_core::ErrorCode;
use chainbook_import::mapping::Kind;
use chainbook_import::values::{DayMonth, DecimalMark};
use chainbook_import::{ReadOptions, RowIssue};
use chainbook_store::import::{CheckReport, CommitSummary, DuplicateRow, ImportPlan, OnDuplicate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CmdResult, CommandError};

/// A field a column can be mapped to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "ImportField")]
pub struct ImportFieldDto {
    pub key: String,
    pub required: bool,
}

/// What a file holds: how it was read, its headers, the mapping the wizard starts from and
/// its first rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "ImportPreview")]
pub struct ImportPreviewDto {
    /// "csv", "xlsx" or "xls".
    pub format: String,
    /// "utf8", "utf8_bom", "utf16le", "utf16be" or "gb18030" for delimited text.
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
    pub headers: Vec<String>,
    /// Per column, the field it is taken for.
    pub mapping: Vec<Option<String>>,
    /// The mapping is the one last used for files laid out like this one.
    pub remembered: bool,
    pub fields: Vec<ImportFieldDto>,
    /// The first rows: their numbers and cells (long cells cut).
    pub rows: Vec<ImportRowDto>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "ImportRow")]
pub struct ImportRowDto {
    #[ts(type = "number")]
    pub row: u64,
    pub cells: Vec<String>,
}

/// A corrected cell.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(rename = "ImportFixInput")]
pub struct ImportFixInput {
    #[ts(type = "number")]
    pub row: u64,
    pub column: u32,
    pub value: String,
}

/// One row's choice for its duplicate.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(rename = "ImportChoiceInput")]
pub struct ImportChoiceInput {
    #[ts(type = "number")]
    pub row: u64,
    /// "skip", "update" or "create".
    pub action: String,
}

/// Everything the wizard decided.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(rename = "ImportPlanInput")]
pub struct ImportPlanInput {
    pub path: String,
    pub sheet: Option<String>,
    /// "customers", "products", "suppliers", "opening_stock" or "orders".
    pub kind: String,
    pub mapping: Vec<Option<String>>,
    /// "day_first" or "month_first".
    pub day_month: String,
    /// "point" or "comma".
    pub decimal_mark: String,
    /// "skip", "update" or "create".
    pub on_duplicate: String,
    pub choices: Vec<ImportChoiceInput>,
    #[ts(type = "number[]")]
    pub skip: Vec<u64>,
    pub fixes: Vec<ImportFixInput>,
    pub touch_stock: bool,
}

fn bad(field: &str, what: &str) -> CommandError {
    CommandError::new(ErrorCode::InvalidArgument, format!("{field}: {what:?}")).with_field(field)
}

pub fn kind(s: &str) -> CmdResult<Kind> {
    Kind::ALL
        .into_iter()
        .find(|k| k.as_str() == s)
        .ok_or_else(|| bad("kind", s))
}

fn action(s: &str) -> CmdResult<OnDuplicate> {
    match s {
        "skip" => Ok(OnDuplicate::Skip),
        "update" => Ok(OnDuplicate::Update),
        "create" => Ok(OnDuplicate::Create),
        other => Err(bad("on_duplicate", other)),
    }
}

impl ImportPlanInput {
    /// The store's plan; `home_country` fills addresses that name no country.
    pub fn plan(&self, home_country: String) -> CmdResult<ImportPlan> {
        let mut fixes: HashMap<u64, Vec<(usize, String)>> = HashMap::new();
        for f in &self.fixes {
            fixes
                .entry(f.row)
                .or_default()
                .push((f.column as usize, f.value.clone()));
        }
        Ok(ImportPlan {
            kind: Some(kind(&self.kind)?),
            mapping: self.mapping.clone(),
            options: ReadOptions {
                day_month: match self.day_month.as_str() {
                    "day_first" => DayMonth::DayFirst,
                    "month_first" => DayMonth::MonthFirst,
                    other => return Err(bad("day_month", other)),
                },
                decimal_mark: match self.decimal_mark.as_str() {
                    "point" => DecimalMark::Point,
                    "comma" => DecimalMark::Comma,
                    other => return Err(bad("decimal_mark", other)),
                },
                home_country,
            },
            on_duplicate: action(&self.on_duplicate)?,
            choices: self
                .choices
                .iter()
                .map(|c| Ok((c.row, action(&c.action)?)))
                .collect::<CmdResult<_>>()?,
            skip: self.skip.iter().copied().collect(),
            fixes,
            touch_stock: self.touch_stock,
        })
    }
}

/// One problem of one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "ImportIssue")]
pub struct ImportIssueDto {
    #[ts(type = "number")]
    pub row: u64,
    pub column: Option<u32>,
    /// The field's key ("" for the row or file as a whole).
    pub field: String,
    #[ts(type = "ErrorCode")]
    pub code: ErrorCode,
    pub value: String,
}

impl From<&RowIssue> for ImportIssueDto {
    fn from(i: &RowIssue) -> Self {
        ImportIssueDto {
            row: i.row,
            column: i.column.map(|c| c as u32),
            field: i.field.clone(),
            code: i.code,
            value: i.value.clone(),
        }
    }
}

/// A row whose record exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "ImportDuplicate")]
pub struct ImportDuplicateDto {
    #[ts(type = "number")]
    pub row: u64,
    pub key: String,
    pub existing: String,
    /// "skip", "update" or "create": what the import will do.
    pub action: String,
}

impl From<&DuplicateRow> for ImportDuplicateDto {
    fn from(d: &DuplicateRow) -> Self {
        ImportDuplicateDto {
            row: d.row,
            key: d.key.clone(),
            existing: d.existing.to_string(),
            action: match d.action {
                OnDuplicate::Skip => "skip",
                OnDuplicate::Update => "update",
                OnDuplicate::Create => "create",
            }
            .to_owned(),
        }
    }
}

/// What a check found, with one page of its problems and duplicates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "ImportCheck")]
pub struct ImportCheckDto {
    #[ts(type = "number")]
    pub rows: u64,
    #[ts(type = "number")]
    pub ready: u64,
    #[ts(type = "number")]
    pub skipped: u64,
    #[ts(type = "number")]
    pub created: u64,
    #[ts(type = "number")]
    pub updated: u64,
    #[ts(type = "number")]
    pub issue_count: u64,
    pub issues: Vec<ImportIssueDto>,
    #[ts(type = "number")]
    pub duplicate_count: u64,
    pub duplicates: Vec<ImportDuplicateDto>,
    pub page: u32,
    pub page_size: u32,
}

impl ImportCheckDto {
    pub fn page(r: &CheckReport, page: u32, page_size: u32) -> Self {
        let size = page_size.clamp(1, 500) as usize;
        let from = page as usize * size;
        ImportCheckDto {
            rows: r.rows,
            ready: r.ready,
            skipped: r.skipped,
            created: r.created,
            updated: r.updated,
            issue_count: r.issues.len() as u64,
            issues: r
                .issues
                .iter()
                .skip(from)
                .take(size)
                .map(Into::into)
                .collect(),
            duplicate_count: r.duplicates.len() as u64,
            duplicates: r
                .duplicates
                .iter()
                .skip(from)
                .take(size)
                .map(Into::into)
                .collect(),
            page,
            page_size: size as u32,
        }
    }
}

/// How far a commit is (the `import://progress` event): rows done of the rows checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "ImportProgress")]
pub struct ImportProgressDto {
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

/// What a commit wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "ImportSummary")]
pub struct ImportSummaryDto {
    #[ts(type = "number")]
    pub rows: u64,
    #[ts(type = "number")]
    pub created: u64,
    #[ts(type = "number")]
    pub updated: u64,
    #[ts(type = "number")]
    pub skipped: u64,
}

impl From<CommitSummary> for ImportSummaryDto {
    fn from(s: CommitSummary) -> Self {
        ImportSummaryDto {
            rows: s.rows,
            created: s.created,
            updated: s.updated,
            skipped: s.skipped,
        }
    }
}

/// The error report to write: where, as what, and its words in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(rename = "ImportReportInput")]
pub struct ImportReportInput {
    pub plan: ImportPlanInput,
    /// The file to write; ".xlsx" writes a workbook, anything else CSV (UTF-8 with BOM).
    pub dest: String,
    /// Column titles: row, column, field, value, reason.
    pub titles: Vec<String>,
    /// Field labels by key.
    pub fields: HashMap<String, String>,
    /// Reasons by error code.
    pub reasons: HashMap<String, String>,
}
