//! The one way synced rows are inserted, updated and tombstoned.
//!
//! Every synced table has the same bookkeeping: a UUIDv7 `id`, `created_at`, `updated_at` (the
//! write's HLC), `updated_by` (this device), `deleted`, and an outbox entry carrying exactly the
//! columns that changed. These helpers do that bookkeeping inside a [`Write`] transaction, so
//! the table modules only say which columns hold which values.

use crate::Entropy;
use chainbook_core::contact::Contact;
use chainbook_core::id::new_id;
use chainbook_core::{ErrorCode, ValidationError};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::outbox::OutboxOp;
use crate::{fmt_time, Result, StoreError, Write};

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
            self.entropy.id_bytes(),
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
        // Cached: bulk imports insert thousands of rows with the same columns.
        self.tx
            .prepare_cached(&format!(
                "INSERT INTO {table} (id, {}, created_at, updated_at, updated_by, deleted)
                 VALUES (?, {}, ?, ?, ?, 0)",
                names.join(", "),
                vec!["?"; names.len()].join(", ")
            ))?
            .execute(params_from_iter(args))?;
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
        let n = self
            .tx
            .prepare_cached(&format!(
                "UPDATE {table} SET {}, updated_at = ?, updated_by = ? WHERE id = ? AND deleted = 0",
                sets.join(", ")
            ))?
            .execute(params_from_iter(args))?;
        if n > 0 {
            self.record(table, id, OutboxOp::Update, changed)?;
        }
        Ok(n > 0)
    }

    /// Tombstones a live row and records the deletion. Returns whether it existed.
    pub(crate) fn tombstone_row(&self, table: &str, id: &str) -> Result<bool> {
        let n = self
            .tx
            .prepare_cached(&format!(
                "UPDATE {table} SET deleted = 1, updated_at = ?1, updated_by = ?2
                 WHERE id = ?3 AND deleted = 0"
            ))?
            .execute(rusqlite::params![
                self.hlc.to_i64(),
                self.device.id.to_string(),
                id
            ])?;
        if n > 0 {
            let mut m = Map::new();
            m.insert("deleted".into(), json!(1));
            self.record(table, id, OutboxOp::Delete, m)?;
        }
        Ok(n > 0)
    }
}

/// A change to one child row (a contact or address of a customer or supplier) that a save
/// will make.
pub(crate) enum ChildOp {
    Insert(Uuid, Columns),
    Update(Uuid, Map<String, Value>),
    Delete(Uuid),
}

/// Compares the stored children with the submitted ones. Submitted rows with an id must be
/// live children of this parent; stored rows missing from the submission are deleted.
pub(crate) fn plan_children(
    list: &'static str,
    old: &[(Uuid, Columns)],
    new: Vec<(Option<Uuid>, Columns)>,
    now_ms: u64,
    entropy: &Entropy,
) -> Result<Vec<ChildOp>> {
    let mut ops = Vec::new();
    let mut kept = Vec::new();
    for (i, (id, values)) in new.into_iter().enumerate() {
        match id {
            None => ops.push(ChildOp::Insert(new_id(now_ms, entropy.id_bytes()), values)),
            Some(id) => {
                let Some((_, before)) = old.iter().find(|(o, _)| *o == id) else {
                    return Err(ValidationError::new(
                        ErrorCode::NotFound,
                        format!("{list}.{i}"),
                        format!("{list} {id} does not belong to this record"),
                    )
                    .into());
                };
                kept.push(id);
                let changed = changed_columns(values, before.clone());
                if !changed.is_empty() {
                    ops.push(ChildOp::Update(id, changed));
                }
            }
        }
    }
    for (id, _) in old {
        if !kept.contains(id) {
            ops.push(ChildOp::Delete(*id));
        }
    }
    Ok(ops)
}

impl Write<'_> {
    /// Applies planned child-row changes to `table`, whose rows point at their parent through
    /// `parent_col`, with outbox entries.
    pub(crate) fn apply_children(
        &self,
        table: &str,
        parent_col: &'static str,
        parent_id: &str,
        ops: Vec<ChildOp>,
    ) -> Result<()> {
        for op in ops {
            match op {
                ChildOp::Insert(id, mut values) => {
                    values.insert(0, (parent_col, json!(parent_id)));
                    self.insert_row_with_id(table, id, &values)?;
                }
                ChildOp::Update(id, changed) => {
                    self.update_row(table, &id.to_string(), changed)?;
                }
                ChildOp::Delete(id) => {
                    self.tombstone_row(table, &id.to_string())?;
                }
            }
        }
        Ok(())
    }
}

/// The live contacts in `table` of one parent, in form order. Customer and supplier contacts
/// have the same columns.
pub(crate) fn load_contacts(
    conn: &Connection,
    table: &str,
    parent_col: &str,
    parent_id: &str,
) -> Result<Vec<Contact>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, name, role, phone, email, wechat, is_primary FROM {table}
         WHERE {parent_col} = ?1 AND deleted = 0 ORDER BY position, id"
    ))?;
    let rows = stmt.query_map([parent_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Contact {
                id: None,
                name: r.get(1)?,
                role: r.get(2)?,
                phone: r.get(3)?,
                email: r.get(4)?,
                wechat: r.get(5)?,
                primary: r.get::<_, i64>(6)? == 1,
            },
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, mut c) = row?;
        c.id = Some(
            Uuid::try_parse(&id).map_err(|_| StoreError::Corrupt(format!("contact id {id}")))?,
        );
        out.push(c);
    }
    Ok(out)
}
