//! A server snapshot's rows applied in bulk: the first sync of a device that holds no synced
//! row of its own.
//!
//! Each snapshot row is a row's merged state (its insert with every field as last written,
//! each field with its own stamp), so on a device without that row there is nothing to merge
//! with: the row is inserted with its stamps exactly as the merge seam would insert it
//! (`write::remote`), with one prepared statement per table and no savepoint, and derived rows
//! are not marked — the last page rebuilds every derived table once ([`rebuild_derived`]).
//! Anything that is not such a plain insert — a newer schema or an unknown table or column,
//! a row without its insert, a parent that is not here, a row that is here already, a code
//! another record holds — goes through the merge seam instead, with everything it does
//! (waiting, kept for a newer schema, clashes, merges).

use std::collections::HashMap;

use chainbook_core::merge::RowChange;
use rusqlite::params_from_iter;
use rusqlite::types::Value as SqlValue;
use serde_json::Value;

use super::registry::{self, Synced, DERIVED};
use super::remote::{Applier, ApplyReport};
use super::stamps::{self, ROW};
use super::{sql_value, Write};
use crate::{migrations, Result};

/// What one table's plain inserts need, prepared once per page.
struct Table {
    spec: &'static Synced,
    insert: String,
    /// (column, parent table) of each foreign key.
    parents: Vec<(String, String)>,
}

/// Applies a page of snapshot rows; see the module doc.
pub(crate) fn apply(w: &Write<'_>, rows: &[RowChange]) -> Result<ApplyReport> {
    let mut tables: HashMap<&str, Table> = HashMap::new();
    let mut through_seam = Vec::new();
    let mut inserted = Vec::new();
    for row in rows {
        if insert(w, &mut tables, row)? {
            inserted.push(row.row_id.clone());
        } else {
            through_seam.push(row.clone());
        }
    }
    let mut report = Applier::new(w).apply_after(&through_seam, inserted.iter().cloned())?;
    report.applied += inserted.len();
    Ok(report)
}

/// Inserts `row` as it is when it is a plain insert of a row this device does not hold;
/// answers whether it did.
fn insert<'r>(
    w: &Write<'_>,
    tables: &mut HashMap<&'r str, Table>,
    row: &'r RowChange,
) -> Result<bool> {
    let (Some(created_at), Some(first), Some(last)) = (
        &row.created_at,
        row.fields.values().map(|f| f.stamp).min(),
        row.max_stamp(),
    ) else {
        return Ok(false);
    };
    if row.schema > migrations::latest() {
        return Ok(false);
    }
    if !tables.contains_key(row.table.as_str()) {
        let Some(spec) = registry::all().find(|s| s.name == row.table) else {
            return Ok(false);
        };
        tables.insert(&row.table, prepare(w, spec)?);
    }
    let t = &tables[row.table.as_str()];
    let every_column = t.spec.columns.len() + usize::from(row.fields.contains_key("deleted"))
        == row.fields.len()
        && t.spec.columns.iter().all(|c| row.fields.contains_key(*c));
    if !every_column {
        return Ok(false);
    }
    for (column, parent) in &t.parents {
        if let Some(Value::String(id)) = row.fields.get(column).map(|f| &f.value) {
            let here = id.is_empty()
                || w.tx
                    .prepare_cached(&format!("SELECT 1 FROM {parent} WHERE id = ?1"))?
                    .exists([id])?;
            if !here {
                return Ok(false);
            }
        }
    }
    let mut args: Vec<SqlValue> = Vec::with_capacity(t.spec.columns.len() + 5);
    args.push(SqlValue::Text(row.row_id.clone()));
    args.extend(
        t.spec
            .columns
            .iter()
            .map(|c| sql_value(&row.fields[*c].value)),
    );
    args.push(
        row.fields
            .get("deleted")
            .map_or(SqlValue::Integer(0), |f| sql_value(&f.value)),
    );
    args.push(SqlValue::Text(created_at.clone()));
    args.push(SqlValue::Integer(last.hlc.to_i64()));
    args.push(SqlValue::Text(last.device.to_string()));
    match w
        .tx
        .prepare_cached(&t.insert)?
        .execute(params_from_iter(args))
    {
        Ok(_) => {}
        // Here already, or a code another record holds: the seam merges or renames. A failed
        // statement leaves nothing behind.
        Err(rusqlite::Error::SqliteFailure(f, _))
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            return Ok(false)
        }
        Err(e) => return Err(e.into()),
    }
    if first != last {
        // Fields written after the insert keep their own stamps, as the seam keeps them.
        stamps::set_field_stamp(&w.tx, t.spec.name, &row.row_id, ROW, first)?;
        for (name, f) in row.fields.iter().filter(|(_, f)| f.stamp != first) {
            stamps::set_field_stamp(&w.tx, t.spec.name, &row.row_id, name, f.stamp)?;
        }
    }
    Ok(true)
}

fn prepare(w: &Write<'_>, spec: &'static Synced) -> Result<Table> {
    let insert = format!(
        "INSERT INTO {} (id, {}, deleted, created_at, updated_at, updated_by)
         VALUES (?, {}, ?, ?, ?, ?)",
        spec.name,
        spec.columns.join(", "),
        vec!["?"; spec.columns.len()].join(", ")
    );
    let parents =
        w.tx.prepare(&format!(
            "SELECT \"from\", \"table\" FROM pragma_foreign_key_list('{}')",
            spec.name
        ))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Table {
        spec,
        insert,
        parents,
    })
}

/// Rebuilds every derived table from the synced rows, once, after the snapshot's last page.
pub(crate) fn rebuild_derived(w: &Write<'_>) -> Result<()> {
    for d in DERIVED {
        d.rebuild_all(&w.tx)?;
    }
    Ok(())
}
