//! The supply side from a file: products (SKU kept, unique among live products), suppliers
//! with a contact (code kept, unique among live suppliers), and opening stock as an
//! adjustment in the ledger on its date. A product or supplier that exists is skipped or
//! updated in the mapped fields; creating a second one with the same SKU or code is refused,
//! as the form refuses it.

use std::collections::HashSet;

use chainbook_core::product::{MovementKind, Qty};
use chainbook_core::ErrorCode;
use chainbook_import::rows::{Row, StockRow};
use chainbook_import::Columns;
use chrono::{NaiveTime, TimeZone, Utc};
use rusqlite::OptionalExtension;
use serde_json::Value;
use uuid::Uuid;

use super::{Ctx, Done, DuplicateRow, Importer, OnDuplicate, RowError};
use crate::stock::ledger::{self, NewMovement};
use crate::write::{changed_columns, Columns as Cols};
use crate::{products, suppliers};

/// The live record of `table` whose `col` is `value`.
fn live(cx: &Ctx<'_, '_>, table: &str, col: &str, value: &str) -> Result<Option<Uuid>, RowError> {
    Ok(cx
        .conn
        .prepare_cached(&format!(
            "SELECT id FROM {table} WHERE {col} = ?1 AND deleted = 0"
        ))?
        .query_row([value], |r| r.get::<_, String>(0))
        .optional()?
        .and_then(|id| id.parse().ok()))
}

/// `new` where the field of a column is mapped, `old` elsewhere; then what differs.
fn mapped_changes(cols: &Columns, new: Cols, old: Cols) -> serde_json::Map<String, Value> {
    let merged: Cols = new
        .into_iter()
        .zip(old.clone())
        .map(|((k, n), (_, o))| (k, if cols.is_mapped(k) { n } else { o }))
        .collect();
    changed_columns(merged, old)
}

/// What a row whose record exists comes to.
fn on_duplicate(
    cx: &Ctx<'_, '_>,
    field: &str,
    key: &str,
    id: Uuid,
) -> Result<DuplicateRow, RowError> {
    let d = cx.duplicate(key, id);
    if d.action == OnDuplicate::Create {
        return Err(cx.issue(field, ErrorCode::Conflict));
    }
    Ok(d)
}

#[derive(Default)]
pub(crate) struct Products {
    skus: HashSet<String>,
}

impl Importer for Products {
    fn row(
        &mut self,
        cx: &Ctx<'_, '_>,
        row: Row,
    ) -> Result<(Done, Option<DuplicateRow>), RowError> {
        let Row::Product(f) = row else {
            return Err(cx.issue("", ErrorCode::Internal));
        };
        if !self.skus.insert(f.sku.clone()) {
            return Err(cx.issue("sku", ErrorCode::Conflict));
        }
        let dup = match live(cx, "products", "sku", &f.sku)? {
            Some(id) => Some(on_duplicate(cx, "sku", &f.sku, id)?),
            None => None,
        };
        if let Some(w) = cx.w {
            match &dup {
                None => {
                    w.insert_row("products", &products::write::values(&f))?;
                }
                Some(d) if d.action == OnDuplicate::Update => {
                    let old = products::read::load(&w.tx, d.existing)?;
                    let changed = mapped_changes(
                        cx.cols,
                        products::write::values(&f),
                        products::write::values(&old.fields),
                    );
                    w.update_row("products", &d.existing.to_string(), changed)?;
                }
                Some(_) => {}
            }
        }
        Ok((done(&dup), dup))
    }
}

fn done(dup: &Option<DuplicateRow>) -> Done {
    match dup {
        None => Done::Created,
        Some(d) if d.action == OnDuplicate::Update => Done::Updated,
        Some(_) => Done::Skipped,
    }
}

#[derive(Default)]
pub(crate) struct Suppliers {
    codes: HashSet<String>,
}

impl Importer for Suppliers {
    fn row(
        &mut self,
        cx: &Ctx<'_, '_>,
        row: Row,
    ) -> Result<(Done, Option<DuplicateRow>), RowError> {
        let Row::Supplier(rec) = row else {
            return Err(cx.issue("", ErrorCode::Internal));
        };
        let code = rec.fields.code.clone();
        // A row without a code is a new supplier and gets the next one, as in the form.
        if !code.is_empty() && !self.codes.insert(code.clone()) {
            return Err(cx.issue("code", ErrorCode::Conflict));
        }
        let dup = match live(cx, "suppliers", "code", &code)? {
            Some(id) if !code.is_empty() => Some(on_duplicate(cx, "code", &code, id)?),
            _ => None,
        };
        if let Some(w) = cx.w {
            match &dup {
                None => {
                    suppliers::write::insert(w, &rec)?;
                }
                Some(d) if d.action == OnDuplicate::Update => {
                    let old = suppliers::read::load(&w.tx, d.existing)?;
                    let changed = mapped_changes(
                        cx.cols,
                        suppliers::write::columns(&rec.fields),
                        suppliers::write::columns(&old.fields),
                    );
                    w.update_row("suppliers", &d.existing.to_string(), changed)?;
                }
                Some(_) => {}
            }
        }
        Ok((done(&dup), dup))
    }
}

#[derive(Default)]
pub(crate) struct Stock;

impl Importer for Stock {
    fn row(
        &mut self,
        cx: &Ctx<'_, '_>,
        row: Row,
    ) -> Result<(Done, Option<DuplicateRow>), RowError> {
        let Row::Stock(StockRow {
            sku,
            quantity,
            on,
            reference,
        }) = row
        else {
            return Err(cx.issue("", ErrorCode::Internal));
        };
        let Some(product) = live(cx, "products", "sku", &sku)? else {
            return Err(cx.issue("sku", ErrorCode::NotFound));
        };
        if quantity == Qty::ZERO {
            return Ok((Done::Skipped, None));
        }
        if let Some(w) = cx.w {
            let on = on.unwrap_or(w.now.date_naive());
            ledger::insert(
                w,
                &NewMovement {
                    occurred_at: Utc.from_utc_datetime(&on.and_time(NaiveTime::MIN)),
                    ..NewMovement::on(
                        w,
                        product,
                        MovementKind::Adjustment,
                        quantity,
                        on,
                        &reference,
                    )
                },
            )?;
        }
        Ok((Done::Created, None))
    }
}
