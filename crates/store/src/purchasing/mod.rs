//! Purchasing (采购订单): purchase orders to suppliers, draft → sent → partially received →
//! received → closed, or cancelled; receipts with accepted and rejected quantities.
//!
//! Receipts and status changes are insert-only facts; a PO's received and rejected quantities
//! are sums over its receipts. Accepted quantities become receipt movements in the stock ledger
//! in the same transaction; rejected ones stay on the receipt for the scorecard. PO numbers
//! are `PO-yymm-<device code>-<seq>`, taken in the transaction that inserts the PO, so devices
//! never collide offline.
//!
//! - [`schema`]: tables, migrations, registered columns;
//! - [`read`]: one purchase order and the paged list;
//! - [`lifecycle`]: creating, sending, cancelling, closing and receiving.

pub(crate) mod lifecycle;
mod read;
pub(crate) mod schema;

use chainbook_core::product::Qty;
use chainbook_core::purchase::PoStatus;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::{Read, Store};

pub(crate) use schema::TABLES;

/// A purchase order as a list row shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoSummary {
    pub id: Uuid,
    pub number: String,
    pub supplier_id: Uuid,
    pub supplier_name: String,
    pub status: PoStatus,
    pub currency: String,
    /// Σ ordered × unit price, rounded to the currency's minor unit.
    pub total: Decimal,
    pub created_at: String,
    /// The earliest expected date of its lines.
    pub expected_on: Option<NaiveDate>,
}

/// A page request for purchase orders, newest first. `page` is 0-based.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PoQuery {
    pub page: u32,
    pub page_size: u32,
    pub status: Option<PoStatus>,
    pub supplier_id: Option<Uuid>,
    /// Only orders that can still receive goods (sent or partially received).
    pub open_only: bool,
}

/// One line of one receipt, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptRecord {
    pub po_line_id: Uuid,
    pub sku: String,
    pub received_on: NaiveDate,
    pub accepted: Qty,
    pub rejected: Qty,
}

/// A PO line with what has arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoLine {
    pub id: Uuid,
    pub product_id: Uuid,
    pub sku: String,
    /// The product's current name, shown beside the SKU.
    pub name: String,
    pub ordered: Qty,
    pub unit_price: String,
    pub expected_on: NaiveDate,
    pub accepted: Qty,
    pub rejected: Qty,
}

/// A purchase order with its lines and status history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseOrder {
    pub id: Uuid,
    pub number: String,
    pub supplier_id: Uuid,
    pub supplier_name: String,
    pub status: PoStatus,
    pub currency: String,
    pub notes: String,
    pub created_at: String,
    pub lines: Vec<PoLine>,
    /// `(status, RFC 3339 time)`, oldest first.
    pub history: Vec<(PoStatus, String)>,
    /// Every receipt line, oldest first.
    pub receipts: Vec<ReceiptRecord>,
}

impl PurchaseOrder {
    /// Σ ordered × unit price, rounded once to the currency's minor unit.
    pub fn total(&self) -> Decimal {
        let sum: Decimal = self
            .lines
            .iter()
            .map(|l| l.ordered.to_decimal() * l.unit_price.parse::<Decimal>().unwrap_or_default())
            .sum();
        chainbook_core::money::round(sum, &self.currency)
    }
}

/// Reads of purchase orders.
pub struct Purchasing<'a> {
    db: Read<'a>,
}

/// Writes of purchase orders and receipts.
pub struct PurchasingMut<'a> {
    store: &'a mut Store,
}

impl Store {
    pub fn purchasing(&self) -> Purchasing<'_> {
        Purchasing { db: self.read() }
    }

    pub fn purchasing_mut(&mut self) -> PurchasingMut<'_> {
        PurchasingMut { store: self }
    }
}
