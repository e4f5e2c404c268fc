//! A supplier's status changed with a reason (put on probation after a grade D, approved
//! again, blocked): the supplier's `status` through its own write path, and an insert-only
//! `supplier_status_changes` row with the reason, so the page shows who was put on probation
//! when and why.

use chainbook_core::supplier::SupplierStatus;
use chainbook_core::text::{clean, Lines};
use chainbook_core::{ErrorCode, ValidationError};
use rusqlite::Connection;
use serde_json::json;
use uuid::Uuid;

use crate::row::RowExt;
use crate::suppliers::write::columns;
use crate::suppliers::{read::load, Supplier, SuppliersMut};
use crate::{fmt_time, Result};

/// A recorded change of a supplier's status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub id: Uuid,
    pub from: SupplierStatus,
    pub status: SupplierStatus,
    pub reason: String,
    /// RFC 3339.
    pub at: String,
}

pub(super) fn of(conn: &Connection, supplier: &str) -> Result<Vec<StatusChange>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, from_status, status, reason, at FROM supplier_status_changes
         WHERE supplier_id = ?1 AND deleted = 0 ORDER BY at DESC, id DESC",
    )?;
    let rows = stmt.query_map([supplier], |r| {
        Ok(StatusChange {
            id: r.uuid(0)?,
            from: r.parsed(1, SupplierStatus::parse)?,
            status: r.parsed(2, SupplierStatus::parse)?,
            reason: r.get(3)?,
            at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl SuppliersMut<'_> {
    /// Sets a supplier's status (e.g. probation after a grade D) and records why. The reason
    /// is required; the same status again is refused, so every recorded change is one.
    pub fn set_status(
        &mut self,
        id: Uuid,
        status: SupplierStatus,
        reason: &str,
    ) -> Result<Supplier> {
        let reason = clean("reason", reason, 2_000, true, Lines::Multi)?;
        self.store.write(|w| {
            let old = load(&w.tx, id)?;
            if old.fields.status == status {
                return Err(ValidationError::new(
                    ErrorCode::InvalidTransition,
                    "status",
                    format!("the supplier is {} already", status.as_str()),
                )
                .into());
            }
            let mut new = old.fields.clone();
            new.status = status;
            let id_s = id.to_string();
            w.update_changed("suppliers", &id_s, columns(&new), columns(&old.fields))?;
            w.insert_row(
                "supplier_status_changes",
                &[
                    ("supplier_id", json!(id_s)),
                    ("from_status", json!(old.fields.status.as_str())),
                    ("status", json!(status.as_str())),
                    ("reason", json!(reason)),
                    ("at", json!(fmt_time(w.now))),
                ],
            )
            .map(drop)
        })?;
        self.store.suppliers().get(id)
    }
}
