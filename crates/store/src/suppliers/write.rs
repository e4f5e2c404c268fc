//! Creating, updating and deleting suppliers with their contacts.

use chainbook_core::supplier::{SupplierDraft, SupplierFields, SupplierRecord};
use chainbook_core::{ErrorCode, ValidationError};
use serde_json::json;
use uuid::Uuid;

use super::read::load;
use super::{Supplier, SuppliersMut};
use crate::error::unique_to_conflict;
use crate::write::Columns;
use crate::{contacts, Result, StoreError};

pub(crate) fn columns(f: &SupplierFields) -> Columns {
    vec![
        ("code", json!(f.code)),
        ("name", json!(f.name)),
        ("kind", json!(f.kind.as_str())),
        ("status", json!(f.status.as_str())),
        (
            "categories",
            json!(serde_json::to_string(&f.categories).unwrap_or_default()),
        ),
        ("notes", json!(f.notes)),
    ]
}

/// Inserts a validated supplier with its contacts; an empty code becomes the next
/// `S-<device>-<seq>`, as customers get theirs. Returns its id.
pub(crate) fn insert(w: &crate::write::Write<'_>, rec: &SupplierRecord) -> Result<Uuid> {
    let mut cols = columns(&rec.fields);
    if rec.fields.code.is_empty() {
        let seq = crate::device::next_sequence(&w.tx, "supplier_code")?;
        cols[0] = ("code", json!(format!("S-{}-{seq:05}", w.device.code)));
    }
    let id = w.insert_row("suppliers", &cols).map_err(code_conflict)?;
    let (_, new) = contacts::changes(&[], &rec.contacts);
    w.save_children(&contacts::OF_SUPPLIER, &id.to_string(), &[], new)?;
    Ok(id)
}

pub(crate) fn code_conflict(e: StoreError) -> StoreError {
    match e {
        StoreError::Sqlite(e) => match unique_to_conflict(e, "supplier code") {
            StoreError::Conflict(_) => ValidationError::new(
                ErrorCode::Conflict,
                "code",
                "another supplier has this code",
            )
            .into(),
            other => other,
        },
        other => other,
    }
}

impl SuppliersMut<'_> {
    /// Validates and inserts a supplier with its contacts.
    pub fn create(&mut self, d: &SupplierDraft) -> Result<Supplier> {
        let rec = d.validate_record()?;
        let id = self.store.write(|w| insert(w, &rec))?;
        self.store.suppliers().get(id)
    }

    /// Validates and saves an edited supplier; only changed rows and columns are written.
    pub fn update(&mut self, id: Uuid, d: &SupplierDraft) -> Result<Supplier> {
        let rec = d.validate_record()?;
        // Only a new supplier gets a code made for it; an edit cannot take one away.
        if rec.fields.code.is_empty() {
            return Err(ValidationError::new(
                ErrorCode::Required,
                "code",
                "a supplier keeps a code",
            )
            .into());
        }
        self.store.write(|w| {
            let old = load(&w.tx, id)?;
            let id_s = id.to_string();
            w.update_changed(
                "suppliers",
                &id_s,
                columns(&rec.fields),
                columns(&old.fields),
            )
            .map_err(code_conflict)?;
            let (before, after) = contacts::changes(&old.contacts, &rec.contacts);
            w.save_children(&contacts::OF_SUPPLIER, &id_s, &before, after)
                .map(drop)
        })?;
        self.store.suppliers().get(id)
    }

    /// Tombstones a supplier with its contacts, offers and contracts. Its purchase orders and
    /// evaluations stay: they are history the scorecard reads.
    pub fn delete(&mut self, id: Uuid) -> Result<()> {
        self.store.write(|w| {
            load(&w.tx, id)?;
            let id_s = id.to_string();
            for table in ["supplier_contacts", "supplies", "supplier_contracts"] {
                let ids: Vec<String> =
                    w.tx.prepare_cached(&format!(
                        "SELECT id FROM {table} WHERE supplier_id = ?1 AND deleted = 0"
                    ))?
                    .query_map([&id_s], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                for child in ids {
                    w.tombstone_row(table, &child)?;
                }
            }
            w.tombstone_row("suppliers", &id_s).map(drop)
        })
    }
}
