//! Stock counts (盘点): started with each product's on hand as the quantity counted against,
//! counted line by line, then posted as count corrections or cancelled.

use chainbook_core::product::{MovementKind, Qty};
use chainbook_core::text::{clean, Lines};
use chainbook_core::{ErrorCode, ValidationError};
use rusqlite::{Connection, OptionalExtension};
use serde_json::{json, Value};
use uuid::Uuid;

use super::ledger::{insert, NewMovement};
use super::{CountLine, Stock, StockCount, StockCountSummary, StockMut};
use crate::row::RowExt;
use crate::write::Write;
use crate::{fmt_time, Result, StoreError};

fn count_not_found() -> StoreError {
    StoreError::NotFound {
        what: "stock count",
    }
}

/// An open count's id, or why it cannot change.
fn check_open(w: &Write<'_>, count_id: Uuid) -> Result<()> {
    let status: String =
        w.tx.prepare_cached("SELECT status FROM stock_counts WHERE id = ?1 AND deleted = 0")?
            .query_row([count_id.to_string()], |r| r.get(0))
            .optional()?
            .ok_or_else(count_not_found)?;
    if status != "open" {
        return Err(ValidationError::new(
            ErrorCode::InvalidTransition,
            "count_id",
            "this count is closed",
        )
        .into());
    }
    Ok(())
}

fn close(w: &Write<'_>, count_id: Uuid, status: &str) -> Result<()> {
    let mut m = serde_json::Map::new();
    m.insert("status".into(), json!(status));
    m.insert("closed_at".into(), json!(fmt_time(w.now)));
    w.update_row("stock_counts", &count_id.to_string(), m)
        .map(drop)
}

/// The lines of a count by SKU, or only the line of `product`.
fn lines(conn: &Connection, count_id: Uuid, product: Option<Uuid>) -> Result<Vec<CountLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.product_id, p.sku, p.name, l.expected_milli, l.counted_milli
         FROM stock_count_lines l JOIN products p ON p.id = l.product_id
         WHERE l.count_id = ?1 AND l.deleted = 0 AND (?2 IS NULL OR l.product_id = ?2)
         ORDER BY p.sku",
    )?;
    let rows = stmt.query_map(
        rusqlite::params![count_id.to_string(), product.map(|p| p.to_string())],
        |r| {
            Ok(CountLine {
                product_id: r.uuid(0)?,
                sku: r.get(1)?,
                name: r.get(2)?,
                expected: r.qty(3)?,
                counted: r.get::<_, Option<i64>>(4)?.map(Qty),
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn load(conn: &Connection, count_id: Uuid) -> Result<StockCount> {
    let (note, status, started_at) = conn
        .prepare_cached(
            "SELECT note, status, started_at FROM stock_counts WHERE id = ?1 AND deleted = 0",
        )?
        .query_row([count_id.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.time(2)?))
        })
        .optional()?
        .ok_or_else(count_not_found)?;
    Ok(StockCount {
        id: count_id,
        note,
        status,
        started_at,
        lines: lines(conn, count_id, None)?,
    })
}

impl Stock<'_> {
    /// A count with its lines (by SKU).
    pub fn count(&self, count_id: Uuid) -> Result<StockCount> {
        load(self.db.conn, count_id)
    }

    /// Stock counts, newest first, with how many lines they have and how many are counted.
    pub fn counts(&self, limit: u32) -> Result<Vec<StockCountSummary>> {
        let mut stmt = self.db.conn.prepare_cached(
            "SELECT c.id, c.note, c.status, c.started_at,
                (SELECT count(*) FROM stock_count_lines l WHERE l.count_id = c.id AND l.deleted = 0),
                (SELECT count(*) FROM stock_count_lines l WHERE l.count_id = c.id AND l.deleted = 0
                    AND l.counted_milli IS NOT NULL)
             FROM stock_counts c WHERE c.deleted = 0 ORDER BY c.started_at DESC, c.id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |r| {
            Ok(StockCountSummary {
                id: r.uuid(0)?,
                note: r.get(1)?,
                status: r.get(2)?,
                started_at: r.time(3)?,
                lines: r.get(4)?,
                counted: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl StockMut<'_> {
    /// Starts a stock count of the given products (all active ones when empty), recording
    /// each one's on hand now as the quantity the count is measured against.
    pub fn start_count(&mut self, products: &[Uuid], note: &str) -> Result<StockCount> {
        let note = clean("note", note, 500, false, Lines::Multi)?;
        let id = self.store.write(|w| {
            let mut stmt = w.tx.prepare_cached(
                "SELECT p.id, p.active, (SELECT ifnull(sum(m.qty_milli), 0) FROM stock_movements m
                    WHERE m.product_id = p.id AND m.deleted = 0)
                 FROM products p WHERE p.deleted = 0 ORDER BY p.sku",
            )?;
            let all = stmt
                .query_map([], |r| Ok((r.uuid(0)?, r.flag(1)?, r.get::<_, i64>(2)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            drop(stmt);
            let chosen: Vec<(Uuid, i64)> = all
                .into_iter()
                .filter(|(id, active, _)| (products.is_empty() && *active) || products.contains(id))
                .map(|(id, _, on_hand)| (id, on_hand))
                .collect();
            if chosen.len() < products.len() {
                return Err(crate::products::read::not_found());
            }
            let now = fmt_time(w.now);
            let id = w.insert_row(
                "stock_counts",
                &[
                    ("note", json!(note)),
                    ("status", json!("open")),
                    ("started_at", json!(now)),
                    ("closed_at", json!("")),
                ],
            )?;
            for (product_id, expected) in &chosen {
                w.insert_row(
                    "stock_count_lines",
                    &[
                        ("count_id", json!(id.to_string())),
                        ("product_id", json!(product_id.to_string())),
                        ("expected_milli", json!(expected)),
                        ("counted_milli", Value::Null),
                    ],
                )?;
            }
            Ok(id)
        })?;
        self.store.stock().count(id)
    }

    /// Enters (or clears, with an empty string) the counted quantity of one product.
    pub fn set_counted(
        &mut self,
        count_id: Uuid,
        product_id: Uuid,
        counted: &str,
    ) -> Result<CountLine> {
        let counted = match counted.trim() {
            "" => None,
            s => Some(Qty::parse("counted", s, false)?),
        };
        self.store.write(|w| {
            check_open(w, count_id)?;
            let line: String =
                w.tx.prepare_cached(
                    "SELECT id FROM stock_count_lines
                     WHERE count_id = ?1 AND product_id = ?2 AND deleted = 0",
                )?
                .query_row([count_id.to_string(), product_id.to_string()], |r| r.get(0))
                .optional()?
                .ok_or(StoreError::NotFound {
                    what: "stock count line",
                })?;
            let mut m = serde_json::Map::new();
            m.insert(
                "counted_milli".into(),
                counted.map(|q| json!(q.0)).unwrap_or(Value::Null),
            );
            w.update_row("stock_count_lines", &line, m).map(drop)
        })?;
        lines(self.store.read().conn, count_id, Some(product_id))?
            .pop()
            .ok_or(StoreError::NotFound {
                what: "stock count line",
            })
    }

    /// Posts a count: one count-correction movement per counted line whose count differs
    /// from the quantity at the start. Lines not counted are left alone.
    pub fn post_count(&mut self, count_id: Uuid) -> Result<StockCount> {
        self.store.write(|w| {
            check_open(w, count_id)?;
            let count = load(&w.tx, count_id)?;
            // A correction names its count by id: a link, not text to read back.
            let reference = count_id.to_string();
            for l in &count.lines {
                if let Some(diff) = l.difference().filter(|d| d.0 != 0) {
                    insert(
                        w,
                        &NewMovement::on(
                            w,
                            l.product_id,
                            MovementKind::CountCorrection,
                            diff,
                            w.now.date_naive(),
                            &reference,
                        ),
                    )?;
                }
            }
            close(w, count_id, "posted")
        })?;
        self.store.stock().count(count_id)
    }

    /// Cancels an open count; nothing is posted.
    pub fn cancel_count(&mut self, count_id: Uuid) -> Result<()> {
        self.store.write(|w| {
            check_open(w, count_id)?;
            close(w, count_id, "cancelled")
        })
    }
}
