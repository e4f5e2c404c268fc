//! The change outbox: an append-only log of every synced write, made in the same transaction as
//! the write itself (by [`crate::write`]). The sync client (a later crate) pushes entries in `seq` order and records
//! how far it got; nothing here deletes them yet.
//!
//! Each entry names the table, row, operation, HLC and device, and carries a JSON object of the
//! columns that changed with their new stored values (all columns on insert).

use chainbook_core::hlc::Hlc;
use rusqlite::params;
use serde_json::{Map, Value};

use crate::{Result, Store, StoreError};

pub(crate) const MIGRATION_1: &str = "
CREATE TABLE outbox (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    table_name TEXT NOT NULL,
    row_id     TEXT NOT NULL,
    op         TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    hlc        INTEGER NOT NULL,
    device     TEXT NOT NULL,
    fields     TEXT NOT NULL
) STRICT;
";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxOp {
    Insert,
    Update,
    Delete,
}

impl OutboxOp {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            OutboxOp::Insert => "insert",
            OutboxOp::Update => "update",
            OutboxOp::Delete => "delete",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        match s {
            "insert" => Ok(OutboxOp::Insert),
            "update" => Ok(OutboxOp::Update),
            "delete" => Ok(OutboxOp::Delete),
            other => Err(StoreError::Corrupt(format!("outbox op {other:?}"))),
        }
    }
}

/// One recorded change.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    pub seq: i64,
    pub table: String,
    pub row_id: String,
    pub op: OutboxOp,
    pub hlc: Hlc,
    pub device: String,
    pub fields: Map<String, Value>,
}

impl Store {
    /// Entries after `after_seq`, oldest first, at most `limit`.
    pub fn outbox_after(&self, after_seq: i64, limit: u32) -> Result<Vec<OutboxEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, table_name, row_id, op, hlc, device, fields FROM outbox
             WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![after_seq, limit], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (seq, table, row_id, op, hlc, device, fields) = row?;
            let fields = match serde_json::from_str(&fields) {
                Ok(Value::Object(m)) => m,
                _ => return Err(StoreError::Corrupt(format!("outbox entry {seq}"))),
            };
            out.push(OutboxEntry {
                seq,
                table,
                row_id,
                op: OutboxOp::parse(&op)?,
                hlc: Hlc::from_i64(hlc),
                device,
                fields,
            });
        }
        Ok(out)
    }

    /// How many entries the outbox holds.
    pub fn outbox_len(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))?)
    }
}
