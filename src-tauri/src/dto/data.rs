//! Wire types of data in and out: exports of a list, backups, the restore preview, file
//! choosers, encryption at rest.

use std::collections::BTreeMap;

use chainbook_store::backup::BackupInfo;
use chainbook_store::settings::AutoBackup;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::analytics::SlippingQuery;
use super::customers::CustomerListQuery;
use super::orders::OrderListQuery;
use super::products::ProductListQuery;
use super::purchasing::PoListQuery;
use super::service::ComplaintListQuery;
use super::suppliers::SupplierListQuery;
use super::wire::rfc3339;

/// Which list to export, with the query the list view has now (its filters, search and sort;
/// the page is ignored: every page is exported).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(tag = "list", content = "query", rename_all = "snake_case")]
pub enum ExportSource {
    Customers(CustomerListQuery),
    Orders(OrderListQuery),
    Products(ProductListQuery),
    Suppliers(SupplierListQuery),
    PurchaseOrders(PoListQuery),
    Complaints(ComplaintListQuery),
    LostCustomers(SlippingQuery),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

/// What a column holds (see `chainbook_export::Kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    Text,
    Choice,
    List,
    Number,
    Money,
    Date,
    DateTime,
    Flag,
}

/// One column: the row field it shows, its header in the user's language, and for choices
/// each code's label.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ExportColumn {
    /// A field of the list's row, or a dotted path (`value.revenue`).
    pub key: String,
    pub label: String,
    pub kind: ExportKind,
    /// Money: the row field holding the currency.
    pub currency_key: Option<String>,
    /// Money: the currency of every row, when rows do not say.
    pub currency: Option<String>,
    /// Choices, lists and flags: a label per code.
    pub values: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ExportRequest {
    pub source: ExportSource,
    pub columns: Vec<ExportColumn>,
    pub format: ExportFormat,
    /// The file to write (absolute; replaced if it exists).
    pub path: String,
    /// The worksheet's name in an .xlsx file (the list's title).
    pub sheet: String,
}

impl From<ExportColumn> for chainbook_export::Column {
    fn from(c: ExportColumn) -> Self {
        use chainbook_export::Kind;
        chainbook_export::Column {
            key: c.key,
            label: c.label,
            kind: match c.kind {
                ExportKind::Text => Kind::Text,
                ExportKind::Choice => Kind::Choice,
                ExportKind::List => Kind::List,
                ExportKind::Number => Kind::Number,
                ExportKind::Money => Kind::Money,
                ExportKind::Date => Kind::Date,
                ExportKind::DateTime => Kind::DateTime,
                ExportKind::Flag => Kind::Flag,
            },
            currency_key: c.currency_key,
            currency: c.currency,
            values: c.values,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExportDone {
    pub path: String,
    #[ts(type = "number")]
    pub rows: u64,
}

/// How far a running export is (`export://progress`, after every page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct ExportProgress {
    #[ts(type = "number")]
    pub rows: u64,
    /// The list's rows when the export started (a write meanwhile may change it a little).
    #[ts(type = "number")]
    pub total: u64,
}

/// A file chooser: save a file (`name` suggested), open a file, or pick a folder.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct PickRequest {
    /// "save" | "open" | "folder"
    #[ts(type = "'save' | 'open' | 'folder'")]
    pub purpose: String,
    /// The suggested file name when saving.
    pub name: String,
    /// File extensions to offer (without the dot), e.g. `["xlsx"]`.
    pub extensions: Vec<String>,
}

/// Automatic backups and what the last one did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupSettings {
    pub enabled: bool,
    /// Absolute folder path, "" until chosen.
    pub folder: String,
    pub daily: u32,
    pub weekly: u32,
}

impl From<AutoBackup> for BackupSettings {
    fn from(a: AutoBackup) -> Self {
        BackupSettings {
            enabled: a.enabled,
            folder: a.folder,
            daily: a.daily,
            weekly: a.weekly,
        }
    }
}

impl From<BackupSettings> for AutoBackup {
    fn from(a: BackupSettings) -> Self {
        AutoBackup {
            enabled: a.enabled,
            folder: a.folder,
            daily: a.daily,
            weekly: a.weekly,
        }
    }
}

/// Settings → Backup: the settings, the last automatic backup's outcome, the folder's backups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BackupOverview {
    pub settings: BackupSettings,
    /// The last automatic backup since the app started, if one ran.
    pub last_auto: Option<AutoOutcome>,
    /// Backups in the automatic backups' folder, newest first.
    pub files: Vec<BackupFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AutoOutcome {
    /// RFC 3339.
    pub at: String,
    /// The file written, when it worked.
    pub path: Option<String>,
    /// Why it did not, when it failed.
    pub error: Option<crate::error::CommandError>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BackupFile {
    pub path: String,
    pub name: String,
    #[ts(type = "number")]
    pub bytes: u64,
    /// RFC 3339: when the file was last written.
    pub modified: String,
    /// Made by the automatic backups (and so rotated).
    pub automatic: bool,
}

/// What a backup file holds, for the restore preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BackupPreview {
    pub path: String,
    pub schema: u32,
    /// The schema version this app reads.
    pub current_schema: u32,
    pub device_code: String,
    /// Live records per kind: `customers`, `contacts`, `interactions`, `products`,
    /// `stock_movements`, `suppliers`, `purchase_orders`, `sales_orders`, `complaints`,
    /// `survey_responses` (the kinds its schema has).
    #[ts(type = "Array<[string, number]>")]
    pub counts: Vec<(String, u64)>,
    /// RFC 3339: when its newest record was written.
    pub newest: Option<String>,
    /// The app version that made the backup, if Chainbook made it.
    pub app_version: Option<String>,
    /// RFC 3339: when the backup was made, if Chainbook made it.
    pub made_at: Option<String>,
    #[ts(type = "number")]
    pub bytes: u64,
}

impl BackupPreview {
    pub fn new(path: &std::path::Path, i: BackupInfo) -> Self {
        BackupPreview {
            path: path.display().to_string(),
            schema: i.schema,
            current_schema: chainbook_store::schema_version(),
            device_code: i.device_code,
            counts: i
                .counts
                .into_iter()
                .map(|(k, n)| (k.to_owned(), n))
                .collect(),
            newest: i.newest.map(rfc3339),
            app_version: i.note.as_ref().map(|n| n.app_version.clone()),
            made_at: i.note.map(|n| rfc3339(n.made_at)),
            bytes: i.bytes,
        }
    }
}

/// A finished restore: what was restored and where the data before it was saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RestoreDone {
    pub restored: BackupPreview,
    pub saved_to: String,
}

/// Whether the database on this computer is encrypted at rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct EncryptionStatus {
    pub encrypted: bool,
}

/// How far a backup is (the `backup://progress` event): pages copied of the database's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct BackupProgress {
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

/// How far re-encrypting is (the `encryption://progress` event): bytes of the new file
/// written of about the database's size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct EncryptionProgress {
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}
