//! Applying changes made on other devices: the store's one seam for remote writes.
//!
//! A batch is applied in one transaction through the same [`Write`] as local writes, so the
//! registry checks, per-field stamps and derived tables are the same; nothing goes into the
//! change log (no echo). Each change is merged field by field with `chainbook_core::merge`:
//! a fact already here is left alone (facts merge by union), a record's field takes the
//! remote value when its stamp is greater, and a concurrent edit with a different value is
//! recorded in `sync_conflicts`. Applying the same batch again changes nothing. An insert of a
//! record already here (two devices inserted one business setting's row, whose id comes from
//! its key) merges as an update of its fields, and the row keeps the earlier `created_at`.
//!
//! A change that refers to a row not here yet (a line before its order, an update before its
//! insert) waits in `sync_pending` and is applied when that row arrives; a change from a newer
//! schema waits there until this device understands it; a change a rule of this database
//! refuses is kept there for review. None of them fails the batch.

use std::collections::{HashMap, VecDeque};

use chainbook_core::merge::{decide, FieldWrite, Local, Remote, RowChange, Stamp};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter};
use serde_json::Value;

use super::clash;
use super::registry::{self, Kind, Synced};
use super::stamps::{self, ROW};
use super::{json_value, sql_value, Write};
use crate::{fmt_time, migrations, Result, StoreError};

/// What applying a batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApplyReport {
    /// Changes merged into the tables by this batch (including those that changed nothing,
    /// and earlier changes that were waiting for a row this batch brought).
    pub applied: usize,
    /// Changes waiting for a row that has not arrived, after this batch (all of them).
    pub waiting: usize,
    /// Changes from a newer schema kept until this device understands them, after this
    /// batch (all of them).
    pub newer_schema: usize,
    /// Changes of this batch a rule of this database refused, kept for review.
    pub refused: usize,
    /// Concurrent edits this batch recorded.
    pub conflicts: usize,
}

enum Outcome {
    Applied { inserted: bool },
    Waiting(String),
    NewerSchema(String),
    Refused(String),
}

/// Foreign keys of a table: (column, parent table), read from SQLite once per batch.
type ForeignKeys = HashMap<String, Vec<(String, String)>>;

pub(crate) struct Applier<'w, 'a> {
    w: &'w Write<'a>,
    fks: ForeignKeys,
    report: ApplyReport,
}

impl<'w, 'a> Applier<'w, 'a> {
    pub(crate) fn new(w: &'w Write<'a>) -> Self {
        Applier {
            w,
            fks: ForeignKeys::default(),
            report: ApplyReport::default(),
        }
    }

    /// Applies `changes` in order, then every waiting change whose row has arrived.
    pub(crate) fn apply(self, changes: &[RowChange]) -> Result<ApplyReport> {
        self.apply_after(changes, std::iter::empty())
    }

    /// [`Applier::apply`] after the rows `arrived` were inserted by other means (the
    /// snapshot's bulk inserts): changes waiting for them are applied too.
    pub(crate) fn apply_after(
        mut self,
        changes: &[RowChange],
        arrived: impl Iterator<Item = String>,
    ) -> Result<ApplyReport> {
        let any_waiting = self
            .w
            .tx
            .prepare_cached("SELECT 1 FROM sync_pending WHERE reason = 'waiting' LIMIT 1")?
            .exists([])?;
        let mut arrived: VecDeque<String> = if any_waiting {
            arrived.collect()
        } else {
            VecDeque::new()
        };
        // Changes kept for a newer schema first: after an upgrade this build may understand
        // them (they go back to the queue if not).
        let kept: Vec<(i64, String)> = self
            .w
            .tx
            .prepare_cached(
                "SELECT seq, change FROM sync_pending WHERE reason = 'schema' ORDER BY seq",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (seq, json) in kept {
            if pending_change(seq, &json)?.schema <= migrations::latest() {
                self.retry(seq, &json, &mut arrived)?;
            }
        }
        for change in changes {
            self.one(change, &mut arrived)?;
        }
        while let Some(id) = arrived.pop_front() {
            let waiting: Vec<(i64, String)> = self
                .w
                .tx
                .prepare_cached(
                    "SELECT seq, change FROM sync_pending
                     WHERE reason = 'waiting' AND waiting_for = ?1 ORDER BY seq",
                )?
                .query_map([&id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (seq, json) in waiting {
                self.retry(seq, &json, &mut arrived)?;
            }
        }
        let (waiting, newer_schema): (i64, i64) = self.w.tx.query_row(
            "SELECT count(*) FILTER (WHERE reason = 'waiting'),
                    count(*) FILTER (WHERE reason = 'schema')
             FROM sync_pending",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        self.report.waiting = waiting.max(0) as usize;
        self.report.newer_schema = newer_schema.max(0) as usize;
        Ok(self.report)
    }

    /// Takes a kept change out of `sync_pending` and applies it again (it goes back if it
    /// still cannot apply).
    fn retry(&mut self, seq: i64, json: &str, arrived: &mut VecDeque<String>) -> Result<()> {
        let change = pending_change(seq, json)?;
        self.w
            .tx
            .prepare_cached("DELETE FROM sync_pending WHERE seq = ?1")?
            .execute([seq])?;
        self.one(&change, arrived)
    }

    fn one(&mut self, change: &RowChange, arrived: &mut VecDeque<String>) -> Result<()> {
        let tx = &self.w.tx;
        tx.prepare_cached("SAVEPOINT remote_change")?.execute([])?;
        let outcome = match self.merge(change) {
            Ok(o) => o,
            Err(StoreError::Sqlite(e)) if is_constraint(&e) => {
                tx.prepare_cached("ROLLBACK TO remote_change")?
                    .execute([])?;
                match self.resolve_clash(change, &e.to_string())? {
                    Some(o) => o,
                    None => Outcome::Refused(e.to_string()),
                }
            }
            Err(e) => {
                tx.execute_batch("ROLLBACK TO remote_change; RELEASE remote_change")?;
                return Err(e);
            }
        };
        tx.prepare_cached("RELEASE remote_change")?.execute([])?;
        let (reason, waiting_for, detail) = match outcome {
            Outcome::Applied { inserted } => {
                self.report.applied += 1;
                if inserted {
                    arrived.push_back(change.row_id.clone());
                }
                return Ok(());
            }
            Outcome::Waiting(id) => ("waiting", id, String::new()),
            Outcome::NewerSchema(why) => ("schema", String::new(), why),
            Outcome::Refused(why) => {
                self.report.refused += 1;
                tracing::warn!(table = %change.table, row = %change.row_id, %why, "remote change refused");
                ("refused", String::new(), why)
            }
        };
        let json = serde_json::to_string(change)
            .map_err(|e| StoreError::Internal(format!("pending change: {e}")))?;
        tx.prepare_cached(
            "INSERT INTO sync_pending (reason, waiting_for, detail, change) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![reason, waiting_for, detail, json])?;
        Ok(())
    }

    /// A change refused because its code is another record's (see `write::clash`): renames
    /// the record with the greater id, records the clash, and applies the change. `None` when
    /// the refusal is not such a clash.
    fn resolve_clash(&mut self, change: &RowChange, message: &str) -> Result<Option<Outcome>> {
        let Some(code_col @ (table, column, _)) = clash::clashing_code(message) else {
            return Ok(None);
        };
        let Some(FieldWrite {
            value: Value::String(code),
            stamp,
            ..
        }) = change.fields.get(column)
        else {
            return Ok(None);
        };
        if change.table != table {
            return Ok(None);
        }
        let Some(other) = clash::holder(self.w, code_col, code, &change.row_id)? else {
            return Ok(None);
        };
        let spec = registry::synced(table)?;
        let schema = migrations::latest();
        let (renamed, incoming) = if change.row_id > other {
            // The incoming record gives way: apply it with its code renamed.
            let renamed = clash::rename(table, column, &change.row_id, code, *stamp, schema);
            let mut incoming = change.clone();
            incoming
                .fields
                .insert(column.to_owned(), renamed.fields[column].clone());
            (renamed, incoming)
        } else {
            // The record here gives way.
            let Some(here) = stamps::field_stamp(&self.w.tx, table, &other, column)? else {
                return Ok(None);
            };
            let renamed = clash::rename(table, column, &other, code, here, schema);
            self.merge(&renamed)?;
            (renamed, change.clone())
        };
        let outcome = match self.merge(&incoming) {
            Ok(o) => o,
            Err(StoreError::Sqlite(e)) if is_constraint(&e) => {
                self.w
                    .tx
                    .prepare_cached("ROLLBACK TO remote_change")?
                    .execute([])?;
                return Ok(Some(Outcome::Refused(e.to_string())));
            }
            Err(e) => return Err(e),
        };
        clash::log_rename(self.w, table, &renamed.row_id, column, &renamed)?;
        let f = &renamed.fields[column];
        let original = Value::String(code.clone());
        self.conflict(
            spec,
            &renamed.row_id,
            column,
            (&f.value, f.stamp),
            (&original, f.base.unwrap_or(f.stamp)),
        )?;
        Ok(Some(outcome))
    }

    fn merge(&mut self, change: &RowChange) -> Result<Outcome> {
        let newer = || {
            Outcome::NewerSchema(format!(
                "schema {} (this device: {})",
                change.schema,
                migrations::latest()
            ))
        };
        if change.schema > migrations::latest() {
            return Ok(newer());
        }
        let Some(spec) = registry::all().find(|s| s.name == change.table) else {
            return Ok(newer());
        };
        if change
            .fields
            .keys()
            .any(|f| f != "deleted" && !spec.columns.contains(&f.as_str()))
        {
            return Ok(newer());
        }
        if change.fields.is_empty() {
            return Ok(Outcome::Refused("a change without fields".into()));
        }
        if let Some(missing) = self.missing_parent(spec, change)? {
            return Ok(Outcome::Waiting(missing));
        }
        let tx = &self.w.tx;
        let here = tx
            .prepare_cached(&format!("SELECT 1 FROM {} WHERE id = ?1", spec.name))?
            .exists([&change.row_id])?;
        if !here {
            return match &change.created_at {
                Some(created_at) => {
                    self.insert(spec, change, created_at)?;
                    Ok(Outcome::Applied { inserted: true })
                }
                None => Ok(Outcome::Waiting(change.row_id.clone())),
            };
        }
        if spec.kind == Kind::Record {
            if let Some(created_at) = &change.created_at {
                // A second insert of a row here: a retry, or another device's insert of a row
                // whose id comes from its content (a business setting's). Every device keeps
                // the earlier creation time, whichever insert it had first.
                tx.prepare_cached(&format!(
                    "UPDATE {} SET created_at = ?1 WHERE id = ?2 AND created_at > ?1",
                    spec.name
                ))?
                .execute([created_at, &change.row_id])?;
            }
            self.update(spec, change)?;
        }
        Ok(Outcome::Applied { inserted: false })
    }

    /// The id of a row this change refers to that is not here, if any.
    fn missing_parent(&mut self, spec: &Synced, change: &RowChange) -> Result<Option<String>> {
        let tx = &self.w.tx;
        let fks = &mut self.fks;
        if !fks.contains_key(spec.name) {
            let list = tx
                .prepare(&format!(
                    "SELECT \"from\", \"table\" FROM pragma_foreign_key_list('{}')",
                    spec.name
                ))?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<(String, String)>>>()?;
            fks.insert(spec.name.to_owned(), list);
        }
        for (column, parent) in &fks[spec.name] {
            let Some(Value::String(id)) = change.fields.get(column).map(|f| &f.value) else {
                continue;
            };
            if id.is_empty() {
                continue;
            }
            let exists = tx
                .prepare_cached(&format!("SELECT 1 FROM {parent} WHERE id = ?1"))?
                .exists([id])?;
            if !exists {
                return Ok(Some(id.clone()));
            }
        }
        Ok(None)
    }

    fn insert(
        &mut self,
        spec: &'static Synced,
        change: &RowChange,
        created_at: &str,
    ) -> Result<()> {
        let Some(last) = change.max_stamp() else {
            return Ok(());
        };
        let first = change
            .fields
            .values()
            .map(|f| f.stamp)
            .min()
            .unwrap_or(last);
        let names: Vec<&str> = change.fields.keys().map(String::as_str).collect();
        let mut args: Vec<SqlValue> = vec![SqlValue::Text(change.row_id.clone())];
        args.extend(change.fields.values().map(|f| sql_value(&f.value)));
        args.push(SqlValue::Text(created_at.to_owned()));
        args.push(SqlValue::Integer(last.hlc.to_i64()));
        args.push(SqlValue::Text(last.device.to_string()));
        let has_deleted = change.fields.contains_key("deleted");
        self.w
            .tx
            .prepare_cached(&format!(
                "INSERT INTO {} (id, {}, created_at, updated_at, updated_by{}) VALUES (?, {}, ?, ?, ?{})",
                spec.name,
                names.join(", "),
                if has_deleted { "" } else { ", deleted" },
                vec!["?"; names.len()].join(", "),
                if has_deleted { "" } else { ", 0" },
            ))?
            .execute(params_from_iter(args))?;
        if first != last {
            // Fields written after the insert keep their own stamps.
            let tx = &self.w.tx;
            stamps::set_field_stamp(tx, spec.name, &change.row_id, ROW, first)?;
            for (name, f) in change.fields.iter().filter(|(_, f)| f.stamp != first) {
                stamps::set_field_stamp(tx, spec.name, &change.row_id, name, f.stamp)?;
            }
        }
        self.w.mark(spec, &change.row_id, |col| {
            change
                .fields
                .get(col)
                .and_then(|f| f.value.as_str().map(str::to_owned))
        })?;
        Ok(())
    }

    fn update(&mut self, spec: &'static Synced, change: &RowChange) -> Result<()> {
        let tx = &self.w.tx;
        let id = &change.row_id;
        // The row's stamp and current values, its field stamps and its unsent local changes,
        // each in one query.
        let names: Vec<&str> = change.fields.keys().map(String::as_str).collect();
        let (row_stamp, values) = {
            let mut stmt = tx.prepare_cached(&format!(
                "SELECT updated_at, updated_by, {} FROM {} WHERE id = ?1",
                names.join(", "),
                spec.name
            ))?;
            let (hlc, device, values) = stmt.query_row([id], |r| {
                let values = (0..names.len())
                    .map(|i| r.get::<_, SqlValue>(i + 2).map(json_value))
                    .collect::<rusqlite::Result<Vec<Value>>>()?;
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, values))
            })?;
            (stamps::stored_stamp(hlc, &device)?, values)
        };
        let kept = stamps::row_stamps(tx, spec.name, id)?;
        let logged = row_log(tx, spec.name, id)?;
        let row_pending = logged.contains_key(ROW);
        let insert_stamp = kept.get(ROW).copied().unwrap_or(row_stamp);
        let mut taken: Vec<(&str, &FieldWrite)> = Vec::new();
        for ((name, remote), local_value) in change.fields.iter().zip(&values) {
            let stamp = kept.get(name.as_str()).copied().unwrap_or(insert_stamp);
            let pending = match logged.get(name.as_str()) {
                Some(base) => Some(*base),
                None if row_pending => Some(None),
                None => None,
            };
            let d = decide(
                Some(Local {
                    stamp,
                    pending_base: pending,
                }),
                Remote {
                    stamp: remote.stamp,
                    base: remote.base,
                },
                *local_value == remote.value,
            );
            if d.conflict {
                let (kept, lost) = if d.take_remote {
                    ((&remote.value, remote.stamp), (local_value, stamp))
                } else {
                    ((local_value, stamp), (&remote.value, remote.stamp))
                };
                self.conflict(spec, id, name, kept, lost)?;
            }
            if d.take_remote {
                taken.push((name, remote));
                if logged.contains_key(name.as_str()) {
                    tx.prepare_cached(
                        "DELETE FROM change_log WHERE tbl = ?1 AND row_id = ?2 AND field = ?3",
                    )?
                    .execute(params![spec.name, id, name])?;
                }
            }
        }
        if taken.is_empty() {
            return Ok(());
        }
        self.w.mark_stored(spec, id)?;
        if !kept.contains_key(ROW) {
            // The row's first change: its insert stamp moves out of updated_at.
            stamps::set_field_stamp(tx, spec.name, id, ROW, row_stamp)?;
        }
        let newest = taken
            .iter()
            .map(|(_, f)| f.stamp)
            .fold(row_stamp, Stamp::max);
        let sets: Vec<String> = taken.iter().map(|(k, _)| format!("{k} = ?")).collect();
        let mut args: Vec<SqlValue> = taken.iter().map(|(_, f)| sql_value(&f.value)).collect();
        args.push(SqlValue::Integer(newest.hlc.to_i64()));
        args.push(SqlValue::Text(newest.device.to_string()));
        args.push(SqlValue::Text(id.clone()));
        tx.prepare_cached(&format!(
            "UPDATE {} SET {}, updated_at = ?, updated_by = ? WHERE id = ?",
            spec.name,
            sets.join(", ")
        ))?
        .execute(params_from_iter(args))?;
        for (name, f) in &taken {
            stamps::set_field_stamp(tx, spec.name, id, name, f.stamp)?;
        }
        self.w.mark_stored(spec, id)?;
        Ok(())
    }

    fn conflict(
        &mut self,
        spec: &Synced,
        row_id: &str,
        field: &str,
        kept: (&Value, Stamp),
        lost: (&Value, Stamp),
    ) -> Result<()> {
        self.report.conflicts += 1;
        self.w
            .tx
            .prepare_cached(
                "INSERT INTO sync_conflicts (tbl, row_id, field, surfaced, kept_value, kept_hlc,
                    kept_device, lost_value, lost_hlc, lost_device, detected_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                spec.name,
                row_id,
                field,
                registry::surfaced(field),
                kept.0.to_string(),
                kept.1.hlc.to_i64(),
                kept.1.device.to_string(),
                lost.0.to_string(),
                lost.1.hlc.to_i64(),
                lost.1.device.to_string(),
                fmt_time(self.w.now),
            ])?;
        Ok(())
    }
}

/// A row's unsent local changes: field → the stamp of the value its first unsent write
/// replaced (`None` for the row's own insert).
fn row_log(
    tx: &rusqlite::Transaction<'_>,
    table: &str,
    row_id: &str,
) -> Result<HashMap<String, Option<Stamp>>> {
    let mut stmt = tx.prepare_cached(
        "SELECT field, base_hlc, base_device FROM change_log WHERE tbl = ?1 AND row_id = ?2",
    )?;
    let rows = stmt.query_map(params![table, row_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<i64>>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let (field, hlc, device) = row?;
        out.insert(field, stamps::stored_base(hlc, device)?);
    }
    Ok(out)
}

/// A change kept in `sync_pending`, read back.
fn pending_change(seq: i64, json: &str) -> Result<RowChange> {
    serde_json::from_str(json)
        .map_err(|e| StoreError::Corrupt(format!("pending change {seq}: {e}")))
}

fn is_constraint(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation)
}
