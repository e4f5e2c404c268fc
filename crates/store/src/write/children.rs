//! Child rows of a record (a customer's contacts and addresses, a supplier's contacts, an
//! order's lines): the submitted list is compared with the stored one inside the write, and
//! only the rows and columns that differ are written.

use chainbook_core::{ErrorCode, ValidationError};
use uuid::Uuid;

use super::{changed_columns, Columns, Write};
use crate::Result;

/// Child rows as stored: each with its id and its columns.
pub(crate) type Stored = Vec<(Uuid, Columns)>;

/// Child rows as submitted: an id for those that exist, and their columns.
pub(crate) type Submitted = Vec<(Option<Uuid>, Columns)>;

/// Where a record keeps one list of children.
pub(crate) struct ChildTable {
    /// The synced table holding them.
    pub table: &'static str,
    /// Their column naming the parent.
    pub parent_col: &'static str,
    /// The form's name for the list, for errors (`contacts.2`).
    pub list: &'static str,
}

impl Write<'_> {
    /// Saves the children of `parent_id`: submitted rows without an id are inserted, rows with
    /// an id must be live children of this parent and get their changed columns, and stored
    /// rows missing from the submission are tombstoned. Returns the ids in submitted order.
    pub(crate) fn save_children(
        &self,
        t: &ChildTable,
        parent_id: &str,
        old: &[(Uuid, Columns)],
        new: Submitted,
    ) -> Result<Vec<Uuid>> {
        let mut ids = Vec::with_capacity(new.len());
        for (i, (id, values)) in new.into_iter().enumerate() {
            match id {
                None => {
                    let id = self.new_row_id();
                    let mut values = values;
                    values.insert(0, (t.parent_col, serde_json::json!(parent_id)));
                    self.insert_row_with_id(t.table, id, &values)?;
                    ids.push(id);
                }
                Some(id) => {
                    let Some((_, before)) = old.iter().find(|(o, _)| *o == id) else {
                        return Err(ValidationError::new(
                            ErrorCode::NotFound,
                            format!("{}.{i}", t.list),
                            format!("{} {id} does not belong to this record", t.list),
                        )
                        .into());
                    };
                    let changed = changed_columns(values, before.clone());
                    self.update_row(t.table, &id.to_string(), changed)?;
                    ids.push(id);
                }
            }
        }
        for (id, _) in old {
            if !ids.contains(id) {
                self.tombstone_row(t.table, &id.to_string())?;
            }
        }
        Ok(ids)
    }
}
