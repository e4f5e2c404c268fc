//! Stock (库存): an insert-only ledger of movements and stock counts (盘点).
//!
//! Stock is never a stored number: every change is a row in `stock_movements` (quantities in
//! thousandths, signed), and on hand is their sum. Movements merge by union when devices sync,
//! so two reps selling the same product offline both count. Negative stock is allowed (a sale
//! that happened offline is never refused) and reported. Each movement keeps its business date
//! beside the moment it happened or was recorded, and lists order by both.
//!
//! Stock counts snapshot each product's on-hand quantity when the count starts; posting writes
//! a count-correction movement of `counted − snapshot`, so movements made while people were
//! counting are kept rather than overwritten.
//!
//! - [`schema`]: tables, migrations, registered columns;
//! - [`ledger`]: writing movements (for every capability that moves goods), the history and
//!   the stock chart;
//! - [`counts`]: stock counts.

mod counts;
pub(crate) mod ledger;
pub(crate) mod schema;

use chainbook_core::product::{MovementKind, Qty};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::{Read, Store};

pub(crate) use schema::TABLES;

/// A stored movement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Movement {
    pub id: Uuid,
    pub product_id: Uuid,
    pub kind: MovementKind,
    /// Signed: what this movement adds to on hand.
    pub quantity: Qty,
    pub reason: String,
    pub reference: String,
    /// The business date: the day the goods moved, as entered.
    pub occurred_on: NaiveDate,
    /// The moment it happened as entered, else the moment it was recorded.
    pub occurred_at: DateTime<Utc>,
}

/// One line of a stock count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountLine {
    pub product_id: Uuid,
    pub sku: String,
    pub name: String,
    /// On hand when the count started.
    pub expected: Qty,
    pub counted: Option<Qty>,
}

impl CountLine {
    /// What posting will correct: counted − expected, if counted.
    pub fn difference(&self) -> Option<Qty> {
        self.counted.map(|c| Qty(c.0 - self.expected.0))
    }
}

/// A stock count as the list of counts shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockCountSummary {
    pub id: Uuid,
    pub note: String,
    /// `open`, `posted` or `cancelled`.
    pub status: String,
    pub started_at: DateTime<Utc>,
    pub lines: u32,
    pub counted: u32,
}

/// A stock count and its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockCount {
    pub id: Uuid,
    pub note: String,
    /// `open`, `posted` or `cancelled`.
    pub status: String,
    pub started_at: DateTime<Utc>,
    pub lines: Vec<CountLine>,
}

/// Reads of the stock ledger and counts.
pub struct Stock<'a> {
    db: Read<'a>,
}

/// Writes of movements and counts.
pub struct StockMut<'a> {
    store: &'a mut Store,
}

impl Store {
    pub fn stock(&self) -> Stock<'_> {
        Stock { db: self.read() }
    }

    pub fn stock_mut(&mut self) -> StockMut<'_> {
        StockMut { store: self }
    }
}
