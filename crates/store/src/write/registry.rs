//! The registry of tables: every synced table with its columns, whether it holds insert-only
//! facts, and which derived tables it feeds; and the tables that are never synced (this
//! device's own state, and derived data rebuilt from synced rows).
//!
//! Each capability declares its synced tables beside its schema (`TABLES`); [`ALL`] lists
//! them. The write path checks every write against its table's entry, a test checks that
//! every table in the schema is here with exactly these columns, and the sync engine will
//! read it to know what a change may touch and what to rebuild after applying it.

use crate::{Result, StoreError};

pub use super::derived::Derived;

/// How a synced table's rows change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Rows are inserted, updated column by column, and tombstoned; concurrent edits merge
    /// per column.
    Record,
    /// Insert-only facts (stock movements, status changes, events, responses): never updated
    /// or deleted, so devices' rows merge by union.
    Fact,
}

/// A derived table fed by a synced one: `key` is the column of the synced row that names the
/// derived rows to rebuild (`id` for the row itself).
#[derive(Debug, Clone, Copy)]
pub struct Feed {
    pub derived: Derived,
    pub key: &'static str,
}

/// One synced table.
#[derive(Debug)]
pub struct Synced {
    pub name: &'static str,
    pub kind: Kind,
    /// The data columns, without the sync columns every synced table has (`id`,
    /// `created_at`, `updated_at`, `updated_by`, `deleted`).
    pub columns: &'static [&'static str],
    pub feeds: &'static [Feed],
}

/// The sync columns of every synced table.
pub const SYNC_COLUMNS: [&str; 5] = ["id", "created_at", "updated_at", "updated_by", "deleted"];

/// Tables of this installation only: never synced, never in the change log.
pub const DEVICE_LOCAL: &[&str] = &[
    "device",
    "sequences",
    "local_settings",
    "field_stamps",
    "change_log",
    "sync_state",
    "sync_pending",
    "sync_conflicts",
    // A cache of forecasts this device computed from the synced demand; recomputed, never
    // merged.
    "product_forecasts",
];

/// Columns where losing a concurrent edit silently would hurt: money, quantities, statuses,
/// terms, the codes on documents (SKUs, supplier and customer codes), a business setting's
/// value and the tombstone. A conflict on one of them is shown to the user; others are kept
/// in the conflict log. The list is by column name, so a name here is surfaced in every table
/// that has it (`value` is only in `business_settings`; see `crate::settings::business`).
const SURFACED: &[&str] = &[
    "price",
    "cost",
    "unit_price",
    "discount_pct",
    "tax_rate_pct",
    "credit_limit",
    "currency",
    "compensation",
    "payment_terms",
    "status",
    "stage",
    "qty_milli",
    "counted_milli",
    "expected_milli",
    "min_order_qty",
    "sku",
    "code",
    "value",
    "deleted",
];

/// Whether a conflict on this column is shown to the user (see [`SURFACED`]).
pub fn surfaced(column: &str) -> bool {
    SURFACED.contains(&column)
}

/// Every derived table.
pub const DERIVED: &[Derived] = &[
    Derived::CustomerTags,
    Derived::CustomerSearch,
    Derived::OrderCounts,
    Derived::OrderTotals,
    Derived::CustomerRhythm,
    Derived::StockMonths,
    Derived::DemandDays,
];

/// Every capability's synced tables.
const ALL: &[&[Synced]] = &[
    crate::settings::business::TABLES,
    crate::customers::TABLES,
    crate::interactions::TABLES,
    crate::segments::TABLES,
    crate::products::TABLES,
    crate::stock::TABLES,
    crate::suppliers::TABLES,
    crate::purchasing::TABLES,
    crate::orders::TABLES,
    crate::complaints::TABLES,
    crate::surveys::TABLES,
];

/// Every synced table.
pub fn all() -> impl Iterator<Item = &'static Synced> {
    ALL.iter().flat_map(|t| t.iter())
}

/// The entry of a synced table; a name that is not one is a programming error.
pub(crate) fn synced(table: &str) -> Result<&'static Synced> {
    all()
        .find(|s| s.name == table)
        .ok_or_else(|| StoreError::Internal(format!("{table} is not a registered synced table")))
}

impl Synced {
    /// An insert names every data column once.
    pub(crate) fn check_insert<'c>(&self, cols: impl Iterator<Item = &'c str>) -> Result<()> {
        let mut seen: Vec<&str> = cols.collect();
        seen.sort_unstable();
        let mut want: Vec<&str> = self.columns.to_vec();
        want.sort_unstable();
        if seen != want {
            return Err(StoreError::Internal(format!(
                "insert into {}: columns {seen:?}, registered {want:?}",
                self.name
            )));
        }
        Ok(())
    }

    /// An update names registered data columns of a record table.
    pub(crate) fn check_update<'c>(&self, mut cols: impl Iterator<Item = &'c str>) -> Result<()> {
        if self.kind == Kind::Fact {
            return Err(StoreError::Internal(format!(
                "{} holds insert-only facts: a fact is never updated",
                self.name
            )));
        }
        match cols.find(|c| !self.columns.contains(c)) {
            Some(c) => Err(StoreError::Internal(format!(
                "update of {}: {c} is not a registered column",
                self.name
            ))),
            None => Ok(()),
        }
    }
}
