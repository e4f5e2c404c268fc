//! Building the changes to push: whole rows for the first push, then the change log.
//!
//! Values are read from the tables when the push is built, with each field's stamp, so a field
//! written five times since the last push is sent once, with its latest value.

use std::collections::{BTreeMap, HashMap};

use chainbook_core::merge::{FieldWrite, RowChange, Stamp};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, Connection, OptionalExtension};

use super::{Ack, Outgoing};
use crate::migrations;
use crate::write::json_value;
use crate::write::registry::{self, Synced};
use crate::write::stamps::{self, ROW};
use crate::{Result, StoreError};

pub(crate) fn next(conn: &Connection, limit: usize) -> Result<Outgoing> {
    let (enabled, done, table, after): (i64, i64, String, String) = conn.query_row(
        "SELECT enabled, snapshot_done, snapshot_table, snapshot_after FROM sync_state
         WHERE singleton = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let nothing = Outgoing {
        changes: Vec::new(),
        ack: Ack::Nothing,
    };
    if enabled == 0 {
        return Ok(nothing);
    }
    if done == 0 {
        return snapshot(conn, &table, &after, limit);
    }
    from_log(conn, limit)
}

/// The next rows of the first push's walk, table by table in registry order (parents before
/// children), each table in id order from where the last acknowledged page ended.
fn snapshot(conn: &Connection, table: &str, after: &str, limit: usize) -> Result<Outgoing> {
    let tables: Vec<&'static Synced> = registry::all().collect();
    let mut i = tables.iter().position(|s| s.name == table).unwrap_or(0);
    let mut after = if tables.get(i).map(|s| s.name) == Some(table) {
        after.to_owned()
    } else {
        String::new()
    };
    let mut changes = Vec::new();
    while i < tables.len() {
        let spec = tables[i];
        let ids: Vec<String> = conn
            .prepare_cached(&format!(
                "SELECT id FROM {} WHERE id > ?1 ORDER BY id LIMIT ?2",
                spec.name
            ))?
            .query_map(params![after, (limit - changes.len()) as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in &ids {
            if let Some(c) = row_change(conn, spec, id, true, &[])? {
                changes.push(c);
            }
        }
        if let Some(last) = ids.last() {
            after = last.clone();
        }
        if changes.len() >= limit {
            return Ok(Outgoing {
                changes,
                ack: Ack::Snapshot {
                    table: spec.name.to_owned(),
                    after,
                    done: false,
                },
            });
        }
        i += 1;
        after.clear();
    }
    Ok(Outgoing {
        changes,
        ack: Ack::Snapshot {
            table: String::new(),
            after: String::new(),
            done: true,
        },
    })
}

/// A change-log entry: table, row, field, the HLC of its latest write, its base.
type Entry = (String, String, String, i64, Option<Stamp>);
/// A change-log entry as stored (the base as HLC and device text).
type StoredEntry = (String, String, String, i64, Option<i64>, Option<String>);
/// A row's logged fields with their bases.
type Logged = Vec<(String, Option<Stamp>)>;

/// The oldest change-log entries, grouped into one change per row.
fn from_log(conn: &Connection, limit: usize) -> Result<Outgoing> {
    let rows: Vec<StoredEntry> = conn
        .prepare_cached(
            "SELECT tbl, row_id, field, hlc, base_hlc, base_device FROM change_log
             ORDER BY hlc, tbl, row_id, field LIMIT ?1",
        )?
        .query_map([limit as i64], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    if rows.is_empty() {
        return Ok(Outgoing {
            changes: Vec::new(),
            ack: Ack::Nothing,
        });
    }
    let mut entries: Vec<Entry> = Vec::with_capacity(rows.len());
    for (t, r, f, h, bh, bd) in rows {
        entries.push((t, r, f, h, stamps::stored_base(bh, bd)?));
    }
    // One change per row, in the order of its oldest entry: a row's insert goes before the
    // rows that refer to it.
    let mut order: Vec<(String, String)> = Vec::new();
    let mut by_row: HashMap<(String, String), Logged> = HashMap::new();
    for (t, r, f, _, base) in &entries {
        let key = (t.clone(), r.clone());
        let fields = by_row.entry(key.clone()).or_insert_with(|| {
            order.push(key);
            Vec::new()
        });
        fields.push((f.clone(), *base));
    }
    let mut changes = Vec::with_capacity(order.len());
    for key in order {
        let spec = registry::all()
            .find(|s| s.name == key.0)
            .ok_or_else(|| StoreError::Corrupt(format!("change log names table {:?}", key.0)))?;
        let fields = &by_row[&key];
        let whole = fields.iter().any(|(f, _)| f == ROW);
        if let Some(c) = row_change(conn, spec, &key.1, whole, fields)? {
            changes.push(c);
        }
    }
    Ok(Outgoing {
        changes,
        ack: Ack::Log(
            entries
                .into_iter()
                .map(|(t, r, f, h, _)| (t, r, f, h))
                .collect(),
        ),
    })
}

/// A stored row as a change: every field (`whole`, an insert) or only the `logged` ones, each
/// logged field with the base of its first unsent write (a row inserted here and changed
/// before it was sent carries the bases of its changes too, so a device that has the row
/// sees they were made on top of it).
fn row_change(
    conn: &Connection,
    spec: &Synced,
    id: &str,
    whole: bool,
    logged: &[(String, Option<Stamp>)],
) -> Result<Option<RowChange>> {
    let cols: Vec<&str> = spec
        .columns
        .iter()
        .copied()
        .chain(std::iter::once("deleted"))
        .collect();
    let row: Option<(Vec<SqlValue>, String, i64, String)> = conn
        .prepare_cached(&format!(
            "SELECT {}, created_at, updated_at, updated_by FROM {} WHERE id = ?1",
            cols.join(", "),
            spec.name
        ))?
        .query_row([id], |r| {
            let n = cols.len();
            let values = (0..n)
                .map(|i| r.get::<_, SqlValue>(i))
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok((values, r.get(n)?, r.get(n + 1)?, r.get(n + 2)?))
        })
        .optional()?;
    let Some((values, created_at, updated_at, updated_by)) = row else {
        return Ok(None);
    };
    let stamps = stamps::row_stamps(conn, spec.name, id)?;
    let row_stamp = match stamps.get(ROW) {
        Some(s) => *s,
        None => stamps::stored_stamp(updated_at, &updated_by)?,
    };
    let mut fields = BTreeMap::new();
    for (col, value) in cols.iter().zip(values) {
        let base = match logged.iter().find(|(f, _)| f == col) {
            Some((_, base)) => *base,
            None if whole => None,
            None => continue,
        };
        fields.insert(
            (*col).to_owned(),
            FieldWrite {
                value: json_value(value),
                stamp: stamps.get(*col).copied().unwrap_or(row_stamp),
                base,
            },
        );
    }
    Ok(Some(RowChange {
        table: spec.name.to_owned(),
        row_id: id.to_owned(),
        schema: migrations::latest(),
        created_at: whole.then_some(created_at),
        fields,
    }))
}
