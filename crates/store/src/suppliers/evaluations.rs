//! Periodic supplier evaluations (cooperation, service, technology; 1–5), insert-only.

use chainbook_core::supplier::{EvaluationDraft, EvaluationFields};
use rusqlite::Connection;
use serde_json::json;
use uuid::Uuid;

use super::{Evaluation, Suppliers, SuppliersMut};
use crate::row::RowExt;
use crate::Result;

impl SuppliersMut<'_> {
    /// Records a periodic evaluation (insert-only).
    pub fn add_evaluation(&mut self, d: &EvaluationDraft) -> Result<Uuid> {
        let f = d.validate()?;
        self.store.write(|w| {
            super::read::load(&w.tx, f.supplier_id)?;
            w.insert_row(
                "supplier_evaluations",
                &[
                    ("supplier_id", json!(f.supplier_id.to_string())),
                    ("period", json!(f.period)),
                    ("cooperation", json!(f.cooperation)),
                    ("service", json!(f.service)),
                    ("technology", json!(f.technology)),
                    ("comment", json!(f.comment)),
                ],
            )
        })
    }
}

impl Suppliers<'_> {
    /// A supplier's evaluations, latest period first.
    pub fn evaluations_of(&self, supplier_id: Uuid) -> Result<Vec<Evaluation>> {
        of(self.db.conn, supplier_id)
    }
}

/// A supplier's evaluations, latest period first (also for its scorecard).
pub(crate) fn of(conn: &Connection, supplier_id: Uuid) -> Result<Vec<Evaluation>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, period, cooperation, service, technology, comment, created_at
         FROM supplier_evaluations WHERE supplier_id = ?1 AND deleted = 0
         ORDER BY period DESC, created_at DESC",
    )?;
    let rows = stmt.query_map([supplier_id.to_string()], |r| {
        Ok(Evaluation {
            id: r.uuid(0)?,
            fields: EvaluationFields {
                supplier_id,
                period: r.get(1)?,
                cooperation: r.get(2)?,
                service: r.get(3)?,
                technology: r.get(4)?,
                comment: r.get(5)?,
            },
            created_at: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
