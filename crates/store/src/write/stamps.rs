//! Per-field stamps and the change log, kept by the write path.
//!
//! A row's `updated_at`/`updated_by` stamp every field it was inserted with. When a field
//! changes, the row's insert stamp is kept in `field_stamps` as field `''` (once) and the
//! field's new stamp beside it, so a merge can compare each field with the write that set it
//! (see `chainbook_core::merge`). Rows that never change, which is most of them (facts are
//! never changed), carry no extra entry.
//!
//! While sync is on, a local write also notes what changed in `change_log`: one entry per
//! changed field of a row (`''` for a row inserted here), coalesced so that only the latest
//! write of a field is sent, with the stamp of the value its first unsent write replaced.

use chainbook_core::merge::Stamp;
use chainbook_core::Hlc;
use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use uuid::Uuid;

use crate::{Result, StoreError};

/// The field name that holds a row's insert stamp, and the change-log entry of an insert.
pub(crate) const ROW: &str = "";

pub(crate) fn parse_device(s: &str) -> Result<Uuid> {
    Uuid::try_parse(s).map_err(|e| StoreError::Corrupt(format!("device id {s:?}: {e}")))
}

/// A stamp as stored: the packed HLC and the device id as text.
pub(crate) fn stored_stamp(hlc: i64, device: &str) -> Result<Stamp> {
    Ok(Stamp {
        hlc: Hlc::from_i64(hlc),
        device: parse_device(device)?,
    })
}

/// A base as stored in the change log: both columns, or neither for an insert.
pub(crate) fn stored_base(hlc: Option<i64>, device: Option<String>) -> Result<Option<Stamp>> {
    match (hlc, device) {
        (Some(hlc), Some(device)) => stored_stamp(hlc, &device).map(Some),
        _ => Ok(None),
    }
}

/// Every field stamp a row has (field `''` is its insert stamp).
pub(crate) fn row_stamps(
    conn: &Connection,
    table: &str,
    row_id: &str,
) -> Result<HashMap<String, Stamp>> {
    let mut stmt = conn.prepare_cached(
        "SELECT field, hlc, device FROM field_stamps WHERE tbl = ?1 AND row_id = ?2",
    )?;
    let rows = stmt.query_map(params![table, row_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let (field, hlc, device) = row?;
        out.insert(field, stored_stamp(hlc, &device)?);
    }
    Ok(out)
}

/// The stamp of `field` of a stored row, or `None` when the row is not here.
pub(crate) fn field_stamp(
    tx: &Transaction<'_>,
    table: &str,
    row_id: &str,
    field: &str,
) -> Result<Option<Stamp>> {
    let kept: Option<(i64, String)> = tx
        .prepare_cached(
            "SELECT hlc, device FROM field_stamps
             WHERE tbl = ?1 AND row_id = ?2 AND field IN (?3, '')
             ORDER BY field = '' LIMIT 1",
        )?
        .query_row(params![table, row_id, field], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let found = match kept {
        Some(k) => Some(k),
        None => tx
            .prepare_cached(&format!(
                "SELECT updated_at, updated_by FROM {table} WHERE id = ?1"
            ))?
            .query_row([row_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?,
    };
    found
        .map(|(hlc, device): (i64, String)| stored_stamp(hlc, &device))
        .transpose()
}

/// Keeps the row's insert stamp before its first change (a no-op after that).
pub(crate) fn keep_insert_stamp(tx: &Transaction<'_>, table: &str, row_id: &str) -> Result<()> {
    tx.prepare_cached(&format!(
        "INSERT OR IGNORE INTO field_stamps (tbl, row_id, field, hlc, device)
         SELECT ?1, id, '', updated_at, updated_by FROM {table} WHERE id = ?2"
    ))?
    .execute(params![table, row_id])?;
    Ok(())
}

/// Stamps `field` of a row with the write that set it.
pub(crate) fn set_field_stamp(
    tx: &Transaction<'_>,
    table: &str,
    row_id: &str,
    field: &str,
    stamp: Stamp,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO field_stamps (tbl, row_id, field, hlc, device) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (tbl, row_id, field) DO UPDATE SET hlc = excluded.hlc, device = excluded.device",
    )?
    .execute(params![
        table,
        row_id,
        field,
        stamp.hlc.to_i64(),
        stamp.device.to_string()
    ])?;
    Ok(())
}

/// Notes a local write of `field` (or [`ROW`] for an insert) in the change log. `base` is the
/// stamp of the value it replaced; a field already in the log keeps its first base.
pub(crate) fn log_change(
    tx: &Transaction<'_>,
    table: &str,
    row_id: &str,
    field: &str,
    hlc: Hlc,
    base: Option<Stamp>,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO change_log (tbl, row_id, field, hlc, base_hlc, base_device)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (tbl, row_id, field) DO UPDATE SET hlc = excluded.hlc",
    )?
    .execute(params![
        table,
        row_id,
        field,
        hlc.to_i64(),
        base.map(|b| b.hlc.to_i64()),
        base.map(|b| b.device.to_string())
    ])?;
    Ok(())
}

/// Whether this device sends its changes (and so keeps a change log).
pub(crate) fn sync_enabled(tx: &Transaction<'_>) -> Result<bool> {
    Ok(tx
        .prepare_cached("SELECT enabled FROM sync_state WHERE singleton = 1")?
        .query_row([], |r| r.get::<_, i64>(0))
        .optional()?
        == Some(1))
}
