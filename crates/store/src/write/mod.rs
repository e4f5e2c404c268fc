//! The one write path for synced rows.
//!
//! Every write runs in [`crate::Store::write`]: one immediate transaction that ticks the hybrid
//! logical clock, and a [`Write`] handle through which every synced row is inserted, updated or
//! tombstoned. The handle does the bookkeeping every synced table shares — a UUIDv7 `id`,
//! `created_at`, `updated_at` (the write's HLC), `updated_by` (this device), the `deleted`
//! tombstone, and an outbox entry carrying exactly the columns that changed — and checks each
//! write against the [`registry`]: the columns must be the table's registered ones, and
//! insert-only facts are never updated or tombstoned. Derived tables a write feeds (search,
//! tags) are rebuilt once per affected key when the transaction is about to commit.
//!
//! Capability modules only say which columns hold which values; a capability that writes
//! another's table calls that capability's write function. A change arriving from another
//! device will be applied here too, beside [`Write::insert_row_with_id`] and
//! [`Write::update_row`] (see ARCHITECTURE.md, "Next: analytics and sync").
//!
//! - [`registry`]: every synced, device-local and derived table;
//! - [`children`]: diffing a record's child rows (contacts, addresses, order lines);
//! - [`derived`]: the derived tables a write marks dirty and their rebuild.

pub(crate) mod children;
pub(crate) mod derived;
pub mod registry;

use std::cell::RefCell;
use std::collections::HashSet;

use chainbook_core::hlc::Hlc;
use chainbook_core::id::new_id;
use chrono::{DateTime, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, OptionalExtension, Transaction};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::outbox::OutboxOp;
use crate::{fmt_time, Device, Entropy, Result, StoreError};
use registry::{Kind, Synced};

/// A row's synced columns with the values stored, in a fixed order.
pub(crate) type Columns = Vec<(&'static str, Value)>;

/// An open write transaction: the rows it changes share one HLC value and device.
pub(crate) struct Write<'a> {
    pub tx: Transaction<'a>,
    pub hlc: Hlc,
    pub now: DateTime<Utc>,
    pub device: &'a Device,
    pub entropy: &'a Entropy,
    /// Derived rows to rebuild before the transaction commits, each once.
    dirty: RefCell<Dirty>,
}

/// The derived rows a write touched, each once, in the order they were first touched: rebuilt
/// in that order, an import's search rows go into the index in rowid order, as the customers
/// were written (in id order they would land at random, a third more index pages to read).
#[derive(Default)]
struct Dirty {
    seen: HashSet<(derived::Derived, String)>,
    order: Vec<(derived::Derived, String)>,
}

impl Dirty {
    fn mark(&mut self, d: derived::Derived, key: String) {
        if self.seen.insert((d, key.clone())) {
            self.order.push((d, key));
        }
    }
}

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

impl<'a> Write<'a> {
    pub(crate) fn new(
        tx: Transaction<'a>,
        hlc: Hlc,
        now: DateTime<Utc>,
        device: &'a Device,
        entropy: &'a Entropy,
    ) -> Write<'a> {
        Write {
            tx,
            hlc,
            now,
            device,
            entropy,
            dirty: RefCell::default(),
        }
    }

    /// A fresh time-ordered id for a row written in this transaction.
    pub(crate) fn new_row_id(&self) -> Uuid {
        new_id(
            self.now.timestamp_millis().max(0) as u64,
            self.entropy.id_bytes(),
        )
    }

    /// Rebuilds the derived rows this transaction touched and commits.
    pub(crate) fn commit(self) -> Result<()> {
        let dirty = std::mem::take(&mut *self.dirty.borrow_mut());
        for (d, key) in dirty.order {
            d.rebuild(&self.tx, &key)?;
        }
        self.tx.commit()?;
        Ok(())
    }

    /// Inserts a row with a fresh id and records it in the outbox.
    pub(crate) fn insert_row(&self, table: &'static str, cols: &[(&str, Value)]) -> Result<Uuid> {
        let id = self.new_row_id();
        self.insert_row_with_id(table, id, cols)?;
        Ok(id)
    }

    /// Inserts a row whose id was chosen before and records it in the outbox. `cols` are
    /// exactly the table's registered columns, in any order.
    pub(crate) fn insert_row_with_id(
        &self,
        table: &'static str,
        id: Uuid,
        cols: &[(&str, Value)],
    ) -> Result<()> {
        let spec = registry::synced(table)?;
        spec.check_insert(cols.iter().map(|(k, _)| *k))?;
        let created_at = fmt_time(self.now);
        let names: Vec<&str> = cols.iter().map(|(k, _)| *k).collect();
        let mut args = vec![SqlValue::Text(id.to_string())];
        args.extend(cols.iter().map(|(_, v)| sql_value(v)));
        args.push(SqlValue::Text(created_at.clone()));
        args.push(SqlValue::Integer(self.hlc.to_i64()));
        args.push(SqlValue::Text(self.device.id.to_string()));
        // Cached: bulk imports insert thousands of rows with the same columns.
        self.tx
            .prepare_cached(&format!(
                "INSERT INTO {table} (id, {}, created_at, updated_at, updated_by, deleted)
                 VALUES (?, {}, ?, ?, ?, 0)",
                names.join(", "),
                vec!["?"; names.len()].join(", ")
            ))?
            .execute(params_from_iter(args))?;
        let id_s = id.to_string();
        self.mark(spec, &id_s, |col| {
            cols.iter()
                .find(|(k, _)| *k == col)
                .and_then(|(_, v)| v.as_str().map(str::to_owned))
        })?;
        let mut m: Map<String, Value> = cols
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        m.insert("created_at".into(), json!(created_at));
        m.insert("deleted".into(), json!(0));
        self.record(table, &id_s, OutboxOp::Insert, m)
    }

    /// Sets the changed columns of a live row and records them. Returns whether a live row
    /// with that id existed; an empty change writes nothing.
    pub(crate) fn update_row(
        &self,
        table: &'static str,
        id: &str,
        changed: Map<String, Value>,
    ) -> Result<bool> {
        let spec = registry::synced(table)?;
        spec.check_update(changed.keys().map(String::as_str))?;
        if changed.is_empty() {
            return self.is_live(table, id);
        }
        let sets: Vec<String> = changed.keys().map(|k| format!("{k} = ?")).collect();
        let mut args: Vec<SqlValue> = changed.values().map(sql_value).collect();
        args.push(SqlValue::Integer(self.hlc.to_i64()));
        args.push(SqlValue::Text(self.device.id.to_string()));
        args.push(SqlValue::Text(id.to_owned()));
        let n = self
            .tx
            .prepare_cached(&format!(
                "UPDATE {table} SET {}, updated_at = ?, updated_by = ? WHERE id = ? AND deleted = 0",
                sets.join(", ")
            ))?
            .execute(params_from_iter(args))?;
        if n > 0 {
            self.mark_stored(spec, id)?;
            self.record(table, id, OutboxOp::Update, changed)?;
        }
        Ok(n > 0)
    }

    /// Updates the columns of `new` that differ from `old` (the same columns in the same
    /// order, as [`changed_columns`] compares them). Returns whether anything changed.
    pub(crate) fn update_changed(
        &self,
        table: &'static str,
        id: &str,
        new: Columns,
        old: Columns,
    ) -> Result<bool> {
        let changed = changed_columns(new, old);
        if changed.is_empty() {
            return Ok(false);
        }
        if !self.update_row(table, id, changed)? {
            return Err(StoreError::NotFound { what: "row" });
        }
        Ok(true)
    }

    /// Tombstones a live row and records the deletion. Returns whether it existed.
    pub(crate) fn tombstone_row(&self, table: &'static str, id: &str) -> Result<bool> {
        let spec = registry::synced(table)?;
        if spec.kind == Kind::Fact {
            return Err(StoreError::Internal(format!(
                "{table} holds insert-only facts: a fact is never deleted"
            )));
        }
        let n = self
            .tx
            .prepare_cached(&format!(
                "UPDATE {table} SET deleted = 1, updated_at = ?1, updated_by = ?2
                 WHERE id = ?3 AND deleted = 0"
            ))?
            .execute(params![self.hlc.to_i64(), self.device.id.to_string(), id])?;
        if n > 0 {
            self.mark_stored(spec, id)?;
            let mut m = Map::new();
            m.insert("deleted".into(), json!(1));
            self.record(table, id, OutboxOp::Delete, m)?;
        }
        Ok(n > 0)
    }

    fn is_live(&self, table: &str, id: &str) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached(&format!(
                "SELECT 1 FROM {table} WHERE id = ?1 AND deleted = 0"
            ))?
            .exists([id])?)
    }

    /// Marks the derived rows that a written row of `spec` feeds, reading each feed's key
    /// column through `value` (the written columns) or, for `id`, the row's own id.
    fn mark(&self, spec: &Synced, id: &str, value: impl Fn(&str) -> Option<String>) -> Result<()> {
        for feed in spec.feeds.iter().filter(|f| !f.derived.by_trigger()) {
            let key = if feed.key == "id" {
                Some(id.to_owned())
            } else {
                value(feed.key)
            };
            if let Some(key) = key.filter(|k| !k.is_empty()) {
                self.dirty.borrow_mut().mark(feed.derived, key);
            }
        }
        Ok(())
    }

    /// Like [`Write::mark`] for a row already stored (an update or tombstone): the key
    /// columns are read from the row.
    fn mark_stored(&self, spec: &Synced, id: &str) -> Result<()> {
        for feed in spec.feeds.iter().filter(|f| !f.derived.by_trigger()) {
            let key = if feed.key == "id" {
                Some(id.to_owned())
            } else {
                self.tx
                    .prepare_cached(&format!(
                        "SELECT {} FROM {} WHERE id = ?1",
                        feed.key, spec.name
                    ))?
                    .query_row([id], |r| r.get::<_, String>(0))
                    .optional()?
            };
            if let Some(key) = key.filter(|k| !k.is_empty()) {
                self.dirty.borrow_mut().mark(feed.derived, key);
            }
        }
        Ok(())
    }

    /// Appends a change of `table`/`row_id` to the outbox inside this transaction.
    fn record(
        &self,
        table: &str,
        row_id: &str,
        op: OutboxOp,
        fields: Map<String, Value>,
    ) -> Result<()> {
        let json = Value::Object(fields).to_string();
        self.tx
            .prepare_cached(
                "INSERT INTO outbox (table_name, row_id, op, hlc, device, fields)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                table,
                row_id,
                op.as_str(),
                self.hlc.to_i64(),
                self.device.id.to_string(),
                json
            ])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::{Store, StoreError};

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(&dir.path().join("t.db")).unwrap();
        (dir, s)
    }

    fn internal<T: std::fmt::Debug>(r: crate::Result<T>) -> String {
        match r {
            Err(StoreError::Internal(m)) => m,
            other => panic!("expected an internal error, got {other:?}"),
        }
    }

    #[test]
    fn writes_outside_the_registry_are_refused_and_leave_nothing() {
        let (_d, mut s) = store();
        // An unregistered table, a missing column, an unknown column.
        let m = internal(s.write(|w| w.insert_row("not_a_table", &[])));
        assert!(m.contains("not_a_table"), "{m}");
        let m = internal(s.write(|w| w.insert_row("segments", &[("name", json!("x"))])));
        assert!(m.contains("segments"), "{m}");
        let id = s
            .write(|w| w.insert_row("segments", &[("name", json!("x")), ("filter", json!("{}"))]))
            .unwrap();
        let mut bad = serde_json::Map::new();
        bad.insert("colour".into(), json!("red"));
        let m = internal(s.write(|w| w.update_row("segments", &id.to_string(), bad)));
        assert!(m.contains("colour"), "{m}");
        assert_eq!(s.outbox_len().unwrap(), 1);
    }

    #[test]
    fn facts_are_never_updated_or_deleted() {
        let (_d, mut s) = store();
        let cols = [
            ("customer_id", json!("c")),
            ("order_id", json!("")),
            ("complaint_id", json!("")),
            ("nps", json!(9)),
            ("csat", serde_json::Value::Null),
            ("comment", json!("")),
            ("channel", json!("phone")),
            ("responded_on", json!("2026-12-01")),
        ];
        // The foreign key is deferred, so the insert itself is fine until commit; the update
        // and tombstone are refused before anything is written.
        let mut changed = serde_json::Map::new();
        changed.insert("nps".into(), json!(10));
        let m = internal(s.write(|w| {
            let id = w.insert_row("survey_responses", &cols)?;
            w.update_row("survey_responses", &id.to_string(), changed)
        }));
        assert!(m.contains("never updated"), "{m}");
        let m = internal(s.write(|w| {
            let id = w.insert_row("survey_responses", &cols)?;
            w.tombstone_row("survey_responses", &id.to_string())
        }));
        assert!(m.contains("never deleted"), "{m}");
        assert_eq!(s.outbox_len().unwrap(), 0);
    }
}
