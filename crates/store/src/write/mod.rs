//! The one write path for synced rows.
//!
//! Every write runs in [`crate::Store::write`]: one immediate transaction that ticks the hybrid
//! logical clock, and a [`Write`] handle through which every synced row is inserted, updated or
//! tombstoned. The handle does the bookkeeping every synced table shares — a UUIDv7 `id`,
//! `created_at`, `updated_at` (the write's HLC), `updated_by` (this device), the `deleted`
//! tombstone, the stamps of changed fields and, while sync is on, the change log
//! ([`stamps`]) — and checks each write against the [`registry`]: the columns must be the
//! table's registered ones, and insert-only facts are never updated or tombstoned. Derived tables a write feeds (search,
//! tags) are rebuilt once per affected key when the transaction is about to commit.
//!
//! Capability modules only say which columns hold which values; a capability that writes
//! another's table calls that capability's write function. Changes arriving from another
//! device are applied here too ([`remote`]), merged field by field and keeping the same
//! derived tables right.
//!
//! - [`registry`]: every synced, device-local and derived table;
//! - [`children`]: diffing a record's child rows (contacts, addresses, order lines);
//! - [`derived`]: the derived tables a write marks dirty and their rebuild;
//! - [`stamps`]: per-field stamps and the change log;
//! - [`remote`]: applying a batch of changes made on other devices;
//! - [`bulk`]: a server snapshot's rows inserted in bulk on a device without rows of its own;
//! - [`clash`]: codes that two devices gave two records (both kept, one renamed).

pub(crate) mod bulk;
pub(crate) mod children;
pub(crate) mod clash;
pub(crate) mod derived;
pub mod registry;
pub(crate) mod remote;
pub(crate) mod stamps;

use std::cell::RefCell;
use std::collections::HashSet;

use chainbook_core::hlc::Hlc;
use chainbook_core::id::new_id;
use chainbook_core::merge::Stamp;
use chrono::{DateTime, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, OptionalExtension, Transaction};
use serde_json::{Map, Value};
use uuid::Uuid;

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
    /// Sync is on: local writes go into the change log.
    log: bool,
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

/// A stored value as JSON: the form changes travel in between devices.
pub(crate) fn json_value(v: SqlValue) -> Value {
    match v {
        SqlValue::Null => Value::Null,
        SqlValue::Integer(i) => Value::from(i),
        SqlValue::Real(f) => Value::from(f),
        SqlValue::Text(s) => Value::String(s),
        SqlValue::Blob(b) => Value::String(String::from_utf8_lossy(&b).into_owned()),
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
    ) -> Result<Write<'a>> {
        let log = stamps::sync_enabled(&tx)?;
        Ok(Write {
            tx,
            hlc,
            now,
            device,
            entropy,
            log,
            dirty: RefCell::default(),
        })
    }

    /// This write's stamp.
    pub(crate) fn stamp(&self) -> Stamp {
        Stamp {
            hlc: self.hlc,
            device: self.device.id,
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

    /// Inserts a row with a fresh id.
    pub(crate) fn insert_row(&self, table: &'static str, cols: &[(&str, Value)]) -> Result<Uuid> {
        let id = self.new_row_id();
        self.insert_row_with_id(table, id, cols)?;
        Ok(id)
    }

    /// Inserts a row whose id was chosen before. `cols` are exactly the table's registered
    /// columns, in any order.
    pub(crate) fn insert_row_with_id(
        &self,
        table: &'static str,
        id: Uuid,
        cols: &[(&str, Value)],
    ) -> Result<()> {
        self.insert_row_created(table, id, cols, self.now)
    }

    /// Like [`Write::insert_row_with_id`] for a record that came into being before it was
    /// written here (an imported customer's first day, a historical order's date): its
    /// `created_at` is `created_at`; its stamp is still this write's.
    pub(crate) fn insert_row_created(
        &self,
        table: &'static str,
        id: Uuid,
        cols: &[(&str, Value)],
        created_at: DateTime<Utc>,
    ) -> Result<()> {
        let spec = registry::synced(table)?;
        spec.check_insert(cols.iter().map(|(k, _)| *k))?;
        let created_at = fmt_time(created_at);
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
        if self.log {
            stamps::log_change(&self.tx, table, &id_s, stamps::ROW, self.hlc, None)?;
        }
        Ok(())
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
        if spec
            .feeds
            .iter()
            .any(|f| f.key != "id" && changed.contains_key(f.key))
        {
            // A feed key moves (an order to another customer): the rows it left need a
            // rebuild as well as the ones it joins.
            self.mark_stored(spec, id)?;
        }
        let bases = self.bases(table, id, changed.keys().map(String::as_str))?;
        stamps::keep_insert_stamp(&self.tx, table, id)?;
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
            self.stamp_fields(table, id, changed.keys().map(String::as_str), bases)?;
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
        let bases = self.bases(table, id, ["deleted"].into_iter())?;
        stamps::keep_insert_stamp(&self.tx, table, id)?;
        let n = self
            .tx
            .prepare_cached(&format!(
                "UPDATE {table} SET deleted = 1, updated_at = ?1, updated_by = ?2
                 WHERE id = ?3 AND deleted = 0"
            ))?
            .execute(params![self.hlc.to_i64(), self.device.id.to_string(), id])?;
        if n > 0 {
            self.mark_stored(spec, id)?;
            self.stamp_fields(table, id, ["deleted"].into_iter(), bases)?;
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

    /// The stamps of the values these fields hold now, when the change log needs them.
    fn bases<'f>(
        &self,
        table: &str,
        id: &str,
        fields: impl Iterator<Item = &'f str>,
    ) -> Result<Vec<Option<Stamp>>> {
        if !self.log {
            return Ok(Vec::new());
        }
        fields
            .map(|f| stamps::field_stamp(&self.tx, table, id, f))
            .collect()
    }

    /// Stamps the changed fields with this write and notes them in the change log.
    fn stamp_fields<'f>(
        &self,
        table: &str,
        id: &str,
        fields: impl Iterator<Item = &'f str>,
        bases: Vec<Option<Stamp>>,
    ) -> Result<()> {
        let stamp = self.stamp();
        for (i, field) in fields.enumerate() {
            stamps::set_field_stamp(&self.tx, table, id, field, stamp)?;
            if self.log {
                let base = bases.get(i).copied().flatten();
                stamps::log_change(&self.tx, table, id, field, self.hlc, base)?;
            }
        }
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

    fn rows(s: &Store, table: &str) -> i64 {
        s.conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
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
        assert_eq!(rows(&s, "segments"), 1);
        assert_eq!(rows(&s, "field_stamps"), 0);
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
        assert_eq!(rows(&s, "survey_responses"), 0);
    }
}
