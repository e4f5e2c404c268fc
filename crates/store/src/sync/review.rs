//! Reviewing conflicts: the user keeps the value the merge kept, or brings back the value it
//! lost. Bringing it back is an ordinary local write through the one write path (stamped now,
//! logged, sent on at the next push), so every device converges on the user's choice.

use rusqlite::{params, OptionalExtension};
use serde_json::{Map, Value};

use crate::error::unique_to_conflict;
use crate::write::registry;
use crate::{Result, Store, StoreError};

/// Which value of a conflict the user keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// The value the merge kept: nothing changes but the conflict is closed.
    Kept,
    /// The value the merge lost: written again now, then the conflict is closed.
    Lost,
}

/// Closes open conflict `id` keeping `keep`; other open conflicts of the same field of the
/// same row close with it (the user has chosen that field's value). `NotFound` when no open
/// conflict has that id; `Conflict` when the lost value cannot be brought back (a deleted
/// row is not revived, a whole-row conflict has no single value to write, a code another
/// record holds now).
pub(crate) fn resolve(store: &mut Store, id: i64, keep: Keep) -> Result<()> {
    store.write(|w| {
        let found: Option<(String, String, String, String)> =
            w.tx.prepare_cached(
                "SELECT tbl, row_id, field, lost_value FROM sync_conflicts
                 WHERE id = ?1 AND resolved = 0",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        let Some((table, row_id, field, lost)) = found else {
            return Err(StoreError::NotFound { what: "conflict" });
        };
        if keep == Keep::Lost {
            let spec = registry::synced(&table)?;
            let lost: Value = serde_json::from_str(&lost)
                .map_err(|e| StoreError::Corrupt(format!("conflict {id}: {e}")))?;
            let written = if field == "deleted" {
                if !truthy(&lost) {
                    return Err(StoreError::Conflict(
                        "a deleted record is not brought back".into(),
                    ));
                }
                w.tombstone_row(spec.name, &row_id)?
            } else if spec.columns.contains(&field.as_str()) {
                let mut changed = Map::new();
                changed.insert(field.clone(), lost);
                // A code another record took since (a clash rename) is a conflict, not a
                // storage failure.
                w.update_row(spec.name, &row_id, changed)
                    .map_err(|e| match e {
                        StoreError::Sqlite(e) => unique_to_conflict(e, "that value"),
                        other => other,
                    })?
            } else {
                return Err(StoreError::Conflict(format!(
                    "{table}.{field:?} has no single value to bring back"
                )));
            };
            if !written {
                return Err(StoreError::NotFound { what: "row" });
            }
        }
        w.tx.prepare_cached(
            "UPDATE sync_conflicts SET resolved = 1
             WHERE resolved = 0 AND tbl = ?1 AND row_id = ?2 AND field = ?3",
        )?
        .execute(params![table, row_id, field])?;
        Ok(())
    })
}

/// A stored tombstone value: `1` or `true`.
fn truthy(v: &Value) -> bool {
    v.as_bool().unwrap_or(false) || v.as_i64() == Some(1)
}
