//! Customers from a file: the file's code kept (unique in the file and against every
//! customer, deleted ones included, since their codes stay taken), the day from a date
//! column as the customer's creation time, a duplicate found by code (or by exact name when
//! the row has no code) skipped, updated in the mapped fields only, or created beside it.

use std::collections::HashSet;

use chainbook_core::ErrorCode;
use chainbook_import::rows::{CustomerRow, Row};
use chrono::{NaiveTime, TimeZone, Utc};
use rusqlite::OptionalExtension;
use serde_json::Value;
use uuid::Uuid;

use super::{Ctx, Done, DuplicateRow, Importer, OnDuplicate, RowError};
use crate::customers::read::load;
use crate::customers::write::{column_values, insert_coded};
use crate::write::changed_columns;

#[derive(Default)]
pub(crate) struct Customers {
    codes: HashSet<String>,
}

/// A customer as stored, found by code: its id and whether it is deleted.
fn by_code(cx: &Ctx<'_, '_>, code: &str) -> rusqlite::Result<Option<(Uuid, bool)>> {
    cx.conn
        .prepare_cached("SELECT id, deleted FROM customers WHERE code = ?1")?
        .query_row([code], |r| {
            Ok((
                r.get::<_, String>(0)?.parse().unwrap_or_default(),
                r.get::<_, i64>(1)? != 0,
            ))
        })
        .optional()
}

fn by_name(cx: &Ctx<'_, '_>, name: &str) -> rusqlite::Result<Option<Uuid>> {
    cx.conn
        .prepare_cached("SELECT id FROM customers WHERE deleted = 0 AND name = ?1 LIMIT 1")?
        .query_row([name], |r| r.get::<_, String>(0))
        .optional()
        .map(|id| id.and_then(|s| s.parse().ok()))
}

/// The stored columns each mapped field decides (the rest keep the stored value on update).
fn decided_by(column: &str) -> &str {
    match column {
        "lifecycle_pinned" => "lifecycle",
        other => other,
    }
}

impl Importer for Customers {
    fn row(
        &mut self,
        cx: &Ctx<'_, '_>,
        row: Row,
    ) -> Result<(Done, Option<DuplicateRow>), RowError> {
        let Row::Customer(CustomerRow {
            code,
            created_on,
            record: rec,
        }) = row
        else {
            return Err(cx.issue("", ErrorCode::Internal));
        };
        let created_at = created_on.map(|d| Utc.from_utc_datetime(&d.and_time(NaiveTime::MIN)));
        let mut code_free = true;
        let mut dup = None;
        if !code.is_empty() {
            if !self.codes.insert(code.clone()) {
                return Err(cx.issue("code", ErrorCode::Conflict));
            }
            match by_code(cx, &code)? {
                Some((_, true)) => return Err(cx.issue("code", ErrorCode::Conflict)),
                Some((id, false)) => {
                    code_free = false;
                    dup = Some(cx.duplicate(&code, id));
                }
                None => {}
            }
        } else if let Some(id) = by_name(cx, &rec.fields.name)? {
            dup = Some(cx.duplicate(&rec.fields.name, id));
        }
        let action = match &dup {
            None => OnDuplicate::Create,
            Some(d) => d.action,
        };
        let done = match action {
            OnDuplicate::Skip => Done::Skipped,
            OnDuplicate::Update => Done::Updated,
            OnDuplicate::Create => Done::Created,
        };
        if let Some(w) = cx.w {
            match (action, &dup) {
                (OnDuplicate::Skip, _) => {}
                (OnDuplicate::Update, Some(d)) => {
                    let old = load(&w.tx, d.existing, w.now.date_naive())?;
                    let new = column_values(&rec.fields)
                        .into_iter()
                        .zip(column_values(&old.fields))
                        .map(|((k, new), (_, old))| {
                            let keep = !cx.cols.is_mapped(decided_by(k));
                            (k, if keep { old } else { new })
                        })
                        .collect::<Vec<(&'static str, Value)>>();
                    let changed = changed_columns(new, column_values(&old.fields));
                    w.update_row("customers", &d.existing.to_string(), changed)?;
                }
                _ => {
                    let code = (code_free && !code.is_empty()).then_some(code.as_str());
                    insert_coded(w, &rec, code, created_at)?;
                }
            }
        }
        Ok((done, dup))
    }
}
