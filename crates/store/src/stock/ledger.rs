//! The stock ledger: [`insert`] is the one way a movement is written (sales shipments and
//! returns, purchase receipts and count corrections call it), plus movements typed by hand,
//! a product's history and its stock chart.

use chainbook_core::product::{MovementDraft, MovementFields, MovementKind, Qty};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;
use serde_json::json;
use uuid::Uuid;

use super::{Movement, Stock, StockMut};
use crate::row::RowExt;
use crate::write::Write;
use crate::{fmt_time, products, Result};

/// A movement to write, already validated and signed.
pub(crate) struct NewMovement<'a> {
    pub product_id: Uuid,
    pub kind: MovementKind,
    pub quantity: Qty,
    pub reason: &'a str,
    pub reference: &'a str,
    pub occurred_on: NaiveDate,
    pub occurred_at: DateTime<Utc>,
}

impl NewMovement<'_> {
    /// A movement of goods on business date `on`, recorded now: the moment is the write's,
    /// so movements of one day list in the order they were entered.
    pub(crate) fn on<'a>(
        w: &Write<'_>,
        product_id: Uuid,
        kind: MovementKind,
        quantity: Qty,
        on: NaiveDate,
        reference: &'a str,
    ) -> NewMovement<'a> {
        NewMovement {
            product_id,
            kind,
            quantity,
            reason: "",
            reference,
            occurred_on: on,
            occurred_at: w.now,
        }
    }
}

/// Writes one movement through the write path; returns its id.
pub(crate) fn insert(w: &Write<'_>, m: &NewMovement<'_>) -> Result<Uuid> {
    w.insert_row(
        "stock_movements",
        &[
            ("product_id", json!(m.product_id.to_string())),
            ("kind", json!(m.kind.as_str())),
            ("qty_milli", json!(m.quantity.0)),
            ("reason", json!(m.reason)),
            ("reference", json!(m.reference)),
            ("occurred_at", json!(fmt_time(m.occurred_at))),
            ("occurred_on", json!(m.occurred_on.to_string())),
        ],
    )
}

impl StockMut<'_> {
    /// Records a movement typed by hand (insert-only) and returns it. Its business date is the
    /// day of `occurred_at` where it was entered (its offset), or today.
    pub fn record(&mut self, d: &MovementDraft) -> Result<Movement> {
        let MovementFields {
            product_id,
            kind,
            quantity,
            reason,
            reference,
            occurred_at,
        } = d.validate()?;
        // The day where it happened, in the offset it was entered with, not in UTC.
        let local_day = DateTime::parse_from_rfc3339(d.occurred_at.trim())
            .map(|t| t.date_naive())
            .ok();
        let id = self.store.write(|w| {
            products::read::load(&w.tx, product_id)?;
            let (at, on) = match occurred_at {
                Some(at) => (at, local_day.unwrap_or(at.date_naive())),
                None => (w.now, w.now.date_naive()),
            };
            insert(
                w,
                &NewMovement {
                    product_id,
                    kind,
                    quantity,
                    reason: &reason,
                    reference: &reference,
                    occurred_on: on,
                    occurred_at: at,
                },
            )
        })?;
        self.store.stock().movement(id)
    }
}

const SELECT: &str = "SELECT id, product_id, kind, qty_milli, reason, reference, occurred_on,
        occurred_at FROM stock_movements";

fn movement(r: &rusqlite::Row<'_>) -> rusqlite::Result<Movement> {
    Ok(Movement {
        id: r.uuid(0)?,
        product_id: r.uuid(1)?,
        kind: r.parsed(2, MovementKind::parse)?,
        quantity: r.qty(3)?,
        reason: r.get(4)?,
        reference: r.get(5)?,
        occurred_on: r.date(6)?,
        occurred_at: r.time(7)?,
    })
}

impl Stock<'_> {
    /// One movement.
    pub fn movement(&self, id: Uuid) -> Result<Movement> {
        Ok(self
            .db
            .conn
            .prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
            .query_row([id.to_string()], movement)?)
    }

    /// A product's movements, newest first: by business date, then by the moment; movements
    /// in the same millisecond keep the order they were written in (their HLC), not the random
    /// tail of their ids.
    pub fn movements(&self, product_id: Uuid, limit: u32) -> Result<Vec<Movement>> {
        let mut stmt = self.db.conn.prepare_cached(&format!(
            "{SELECT} WHERE product_id = ?1 AND deleted = 0
             ORDER BY occurred_on DESC, occurred_at DESC, updated_at DESC, id DESC LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![product_id.to_string(), limit], movement)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// On hand at the end of each business day with movements, oldest first, timed at the
    /// day's last movement: the product page's stock chart. One point a day rather than one a
    /// movement keeps five years of a busy product's ledger (20,000 movements) to at most one
    /// point per day, read from the covering index `stock_movements_by_product`. A day whose
    /// last movement was recorded on a later day (entered afterwards for that date) is timed
    /// at the day's end, so the points stay in date order.
    pub fn series(&self, product_id: Uuid) -> Result<Vec<(DateTime<Utc>, Qty)>> {
        let mut stmt = self.db.conn.prepare_cached(
            "SELECT occurred_on, max(occurred_at), sum(qty_milli) FROM stock_movements
             WHERE product_id = ?1 AND deleted = 0
             GROUP BY occurred_on ORDER BY occurred_on",
        )?;
        let rows = stmt.query_map([product_id.to_string()], |r| {
            Ok((r.date(0)?, r.time(1)?, r.get::<_, i64>(2)?))
        })?;
        let mut out = Vec::new();
        let mut on_hand = 0;
        for r in rows {
            let (day, last, q) = r?;
            on_hand += q;
            let start = day.and_time(chrono::NaiveTime::MIN).and_utc();
            let end = start + chrono::Duration::days(1) - chrono::Duration::milliseconds(1);
            out.push((last.clamp(start, end), Qty(on_hand)));
        }
        Ok(out)
    }
}

/// A product's on-hand quantity: the sum of its movements.
pub(crate) fn on_hand(conn: &rusqlite::Connection, product_id: Uuid) -> Result<Qty> {
    Ok(Qty(conn
        .prepare_cached(
            "SELECT ifnull(sum(qty_milli), 0) FROM stock_movements
             WHERE product_id = ?1 AND deleted = 0",
        )?
        .query_row([product_id.to_string()], |r| r.get(0))?))
}
