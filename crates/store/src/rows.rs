//! The one way synced rows are inserted, updated and tombstoned.
//!
//! Every synced table has the same bookkeeping: a UUIDv7 `id`, `created_at`, `updated_at` (the
//! write's HLC), `updated_by` (this device), `deleted`, and an outbox entry carrying exactly the
//! columns that changed. These helpers do that bookkeeping inside a [`Write`] transaction, so
//! the table modules only say which columns hold which values.

use chainbook_core::id::new_id;
use rand::Rng;
use rusqlite::params_from_iter;
use rusqlite::types::Value as SqlValue;
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::outbox::OutboxOp;
use crate::{fmt_time, Result, Write};

/// A row's synced columns with the values stored, in a fixed order.
pub(crate) type Columns = Vec<(&'static str, Value)>;

/// A JSON column value as SQLite stores it.
pub(crate) fn sql_value(v: &Value) -> SqlValue {
    match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Number(n) => n
            .as_i64()
            .map(SqlValue::Integer)
            .unwrap_or_else(|| SqlValue::Text(n.to_string())),
        Value::String(s) => SqlValue::Text(s.clone()),
        other => SqlValue::Text(other.to_string()),
    }
}

/// The columns whose values differ between `new` and `old` (same columns, same order).
pub(crate) fn changed_columns(new: Columns, old: Columns) -> Map<String, Value> {
    new.into_iter()
        .zip(old)
        .filter(|((_, a), (_, b))| a != b)
        .map(|((k, v), _)| (k.to_owned(), v))
        .collect()
}

impl Write<'_> {
    /// A fresh time-ordered id for a row written in this transaction.
    pub(crate) fn new_row_id(&self) -> Uuid {
        new_id(
            self.now.timestamp_millis().max(0) as u64,
            rand::rng().random(),
        )
    }

    /// Inserts a row with a fresh id and records it in the outbox.
    pub(crate) fn insert_row(&self, table: &str, cols: &[(&str, Value)]) -> Result<Uuid> {
        let id = self.new_row_id();
        self.insert_row_with_id(table, id, cols)?;
        Ok(id)
    }

    /// Inserts a row whose id was chosen before and records it in the outbox.
    pub(crate) fn insert_row_with_id(
        &self,
        table: &str,
        id: Uuid,
        cols: &[(&str, Value)],
    ) -> Result<()> {
        let created_at = fmt_time(self.now);
        let names: Vec<&str> = cols.iter().map(|(k, _)| *k).collect();
        let mut args = vec![SqlValue::Text(id.to_string())];
        args.extend(cols.iter().map(|(_, v)| sql_value(v)));
        args.push(SqlValue::Text(created_at.clone()));
        args.push(SqlValue::Integer(self.hlc.to_i64()));
        args.push(SqlValue::Text(self.device.id.to_string()));
        self.tx.execute(
            &format!(
                "INSERT INTO {table} (id, {}, created_at, updated_at, updated_by, deleted)
                 VALUES (?, {}, ?, ?, ?, 0)",
                names.join(", "),
                vec!["?"; names.len()].join(", ")
            ),
            params_from_iter(args),
        )?;
        let mut m: Map<String, Value> = cols
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        m.insert("created_at".into(), json!(created_at));
        m.insert("deleted".into(), json!(0));
        self.record(table, &id.to_string(), OutboxOp::Insert, m)
    }

    /// Sets the changed columns of a live row and records them. Returns whether a live row
    /// with that id existed.
    pub(crate) fn update_row(
        &self,
        table: &str,
        id: &str,
        changed: Map<String, Value>,
    ) -> Result<bool> {
        let sets: Vec<String> = changed.keys().map(|k| format!("{k} = ?")).collect();
        let mut args: Vec<SqlValue> = changed.values().map(sql_value).collect();
        args.push(SqlValue::Integer(self.hlc.to_i64()));
        args.push(SqlValue::Text(self.device.id.to_string()));
        args.push(SqlValue::Text(id.to_owned()));
        let n = self.tx.execute(
            &format!(
                "UPDATE {table} SET {}, updated_at = ?, updated_by = ? WHERE id = ? AND deleted = 0",
                sets.join(", ")
            ),
            params_from_iter(args),
        )?;
        if n > 0 {
            self.record(table, id, OutboxOp::Update, changed)?;
        }
        Ok(n > 0)
    }

    /// Tombstones a live row and records the deletion. Returns whether it existed.
    pub(crate) fn tombstone_row(&self, table: &str, id: &str) -> Result<bool> {
        let n = self.tx.execute(
            &format!(
                "UPDATE {table} SET deleted = 1, updated_at = ?1, updated_by = ?2
                 WHERE id = ?3 AND deleted = 0"
            ),
            rusqlite::params![self.hlc.to_i64(), self.device.id.to_string(), id],
        )?;
        if n > 0 {
            let mut m = Map::new();
            m.insert("deleted".into(), json!(1));
            self.record(table, id, OutboxOp::Delete, m)?;
        }
        Ok(n > 0)
    }
}
