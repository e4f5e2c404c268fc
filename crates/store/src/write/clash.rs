//! Codes that clash between devices: two devices create a product with the same SKU (or a
//! supplier or customer with the same code) while apart. Both records are kept; the one with
//! the greater id gets its code suffixed with the last four characters of its id (`M8-BOLT`
//! becomes `M8-BOLT~3f2a`), and the clash is recorded as a conflict for review.
//!
//! Every device that meets the clash makes the same rename with the same stamp — the stamp of
//! the code it replaces, one step later — so devices converge on identical rows whichever
//! record they had first, and the rename is also sent on (a device that never sees both
//! records live, because one was deleted meanwhile, still gets it).

use chainbook_core::merge::{FieldWrite, RowChange, Stamp};
use chainbook_core::Hlc;
use rusqlite::OptionalExtension;
use serde_json::Value;

use super::stamps;
use super::Write;
use crate::Result;

/// Columns holding codes that must be unique, with whether only live rows count.
const CODES: &[(&str, &str, bool)] = &[
    ("products", "sku", true),
    ("suppliers", "code", true),
    ("customers", "code", false),
];

/// A clash found in SQLite's message (`UNIQUE constraint failed: products.sku`): the table,
/// column and whether only live rows count.
pub(crate) fn clashing_code(message: &str) -> Option<(&'static str, &'static str, bool)> {
    let failed = message.split("UNIQUE constraint failed: ").nth(1)?.trim();
    CODES
        .iter()
        .find(|(t, c, _)| failed == format!("{t}.{c}"))
        .copied()
}

/// The code a record gets when its code clashes.
pub(crate) fn suffixed(code: &str, row_id: &str) -> String {
    let skip = row_id.chars().count().saturating_sub(4);
    let tail: String = row_id.chars().skip(skip).collect();
    format!("{code}~{tail}")
}

/// The stamp of a rename: one step after the stamp of the code it replaces, the same on every
/// device.
pub(crate) fn rename_stamp(of: Stamp) -> Stamp {
    Stamp {
        hlc: Hlc::from_i64(of.hlc.to_i64() + 1),
        device: of.device,
    }
}

/// The other live (or, for customers, any) record holding `code`, if any.
pub(crate) fn holder(
    w: &Write<'_>,
    (table, column, live_only): (&str, &str, bool),
    code: &str,
    not: &str,
) -> Result<Option<String>> {
    Ok(w.tx
        .prepare_cached(&format!(
            "SELECT id FROM {table} WHERE {column} = ?1 AND id <> ?2{}",
            if live_only { " AND deleted = 0" } else { "" }
        ))?
        .query_row([code, not], |r| r.get(0))
        .optional()?)
}

/// The change that renames `row_id`'s code from `code` (stamped `stamp`) to its suffixed form.
pub(crate) fn rename(
    table: &str,
    column: &str,
    row_id: &str,
    code: &str,
    stamp: Stamp,
    schema: u32,
) -> RowChange {
    RowChange {
        table: table.to_owned(),
        row_id: row_id.to_owned(),
        schema,
        created_at: None,
        fields: [(
            column.to_owned(),
            FieldWrite {
                value: Value::String(suffixed(code, row_id)),
                stamp: rename_stamp(stamp),
                base: Some(stamp),
            },
        )]
        .into_iter()
        .collect(),
    }
}

/// Notes a rename in the change log (while sync is on), so it is sent on.
pub(crate) fn log_rename(
    w: &Write<'_>,
    table: &str,
    row_id: &str,
    column: &str,
    renamed: &RowChange,
) -> Result<()> {
    if !w.log {
        return Ok(());
    }
    let f = &renamed.fields[column];
    stamps::log_change(&w.tx, table, row_id, column, f.stamp.hlc, f.base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clashes_are_read_from_the_message_and_codes_suffixed_by_id() {
        assert_eq!(
            clashing_code("UNIQUE constraint failed: products.sku"),
            Some(("products", "sku", true))
        );
        assert_eq!(
            clashing_code("UNIQUE constraint failed: sales_orders.number"),
            None
        );
        assert_eq!(
            clashing_code("CHECK constraint failed: qty_milli > 0"),
            None
        );
        assert_eq!(
            suffixed("M8-BOLT", "0190c2a0-0000-7000-8000-000000003f2a"),
            "M8-BOLT~3f2a"
        );
    }
}
