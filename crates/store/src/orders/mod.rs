//! Sales orders (订单管理): entry, confirmation with the stock and credit checks, shipments,
//! delivery, returns, and the order list.
//!
//! Lines keep quantity, unit price, discount and tax rate; money is computed from them with the
//! rule in `core::order`, and kept only as derived totals (`so_totals`), never as the
//! source. Status changes, shipments and returns are insert-only facts with their times,
//! which the KPIs read later. Reservations are not rows either: what an
//! order reserves is its unshipped quantity while it is confirmed, picking or shipped, so
//! available = on hand − Σ unshipped of other such orders. Shipping and returning write stock
//! movements in the same transaction. Order numbers are `SO-yymm-<device code>-<seq>`, taken in
//! the inserting transaction, so two devices never produce the same number.
//!
//! - [`schema`]: tables, migrations, registered columns, the derived per-day counts;
//! - [`read`]: one order with its lines, history, shipments and returns;
//! - [`list`]: the paged order list and a customer's orders;
//! - [`checks`]: the stock and credit checks of confirmation;
//! - [`lifecycle`]: entering, editing, confirming, shipping, delivering, returning;
//! - [`import`]: orders with their history from elsewhere, in bulk;
//! - [`totals`]: the derived per-order totals analytics read.

mod checks;
mod import;
pub(crate) mod lifecycle;
mod list;
mod read;
pub(crate) mod schema;
pub(crate) mod totals;

use chainbook_core::facts::Fact;
use chainbook_core::order::{LineAmounts, LineMoney, OrderStatus, OrderTotals, ReturnReason};
use chainbook_core::product::Qty;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::{Read, Store};

pub use import::{ImportedOrder, OrderEvent};
pub(crate) use list::customer_entries;
pub(crate) use schema::TABLES;

/// A stored line with its computed money and what has shipped and come back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLine {
    pub id: Uuid,
    pub product_id: Uuid,
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub money: LineMoney,
    pub amounts: LineAmounts,
    pub shipped: Qty,
    pub returned: Qty,
}

impl OrderLine {
    pub fn unshipped(&self) -> Qty {
        Qty((self.money.quantity.0 - self.shipped.0).max(0))
    }
}

/// One line of one shipment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipmentRecord {
    pub line_id: Uuid,
    pub sku: String,
    pub shipped_on: NaiveDate,
    pub quantity: Qty,
    pub carrier: String,
    pub tracking: String,
}

/// One line of one return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnRecord {
    pub line_id: Uuid,
    pub sku: String,
    pub returned_on: NaiveDate,
    pub quantity: Qty,
    pub reason: ReturnReason,
    pub note: String,
}

/// A status change with its time (RFC 3339), the note a user wrote and the facts the app
/// recorded (a back-order, a credit override).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub status: OrderStatus,
    pub at: String,
    pub note: String,
    pub facts: Vec<Fact>,
}

/// An order with everything its page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub id: Uuid,
    pub number: String,
    pub customer_id: Uuid,
    pub customer_name: String,
    pub status: OrderStatus,
    pub currency: String,
    pub channel: String,
    pub payment_method: String,
    pub ordered_on: NaiveDate,
    pub promised_on: Option<NaiveDate>,
    pub notes: String,
    pub credit_override: bool,
    pub backorder: bool,
    pub created_at: String,
    pub lines: Vec<OrderLine>,
    pub totals: OrderTotals,
    pub history: Vec<StatusChange>,
    pub shipments: Vec<ShipmentRecord>,
    pub returns: Vec<ReturnRecord>,
}

impl Order {
    /// Promised date passed and not delivered (nor closed or cancelled).
    pub fn is_late(&self, today: NaiveDate) -> bool {
        is_late(self.status, self.promised_on, today)
    }
}

pub(crate) fn is_late(status: OrderStatus, promised: Option<NaiveDate>, today: NaiveDate) -> bool {
    promised.is_some_and(|p| p < today)
        && !matches!(
            status,
            OrderStatus::Delivered | OrderStatus::Closed | OrderStatus::Cancelled
        )
}

/// A line that confirmation cannot fully cover from available stock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    pub line_id: Uuid,
    pub product_id: Uuid,
    pub sku: String,
    /// What the line still needs (unshipped).
    pub needed: Qty,
    /// On hand minus what other orders reserve.
    pub available: Qty,
    pub short: Qty,
}

/// The credit position an order would create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditCheck {
    pub credit_limit: Decimal,
    /// Gross totals of the customer's other open orders.
    pub open_balance: Decimal,
    pub this_order: Decimal,
    /// Over the limit (a zero limit means no limit).
    pub exceeded: bool,
}

/// An order as a list row shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderSummary {
    pub id: Uuid,
    pub number: String,
    pub customer_id: Uuid,
    pub customer_name: String,
    pub status: OrderStatus,
    pub currency: String,
    pub total: Decimal,
    pub ordered_on: NaiveDate,
    pub promised_on: Option<NaiveDate>,
    pub late: bool,
    pub created_at: DateTime<Utc>,
    /// Seconds from the first confirmation to the first shipment: only in the list of the
    /// orders behind the processing time ([`OrderQuery::shipped`]).
    pub processing_secs: Option<i64>,
}

/// A page request for orders, newest first. `page` is 0-based.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderQuery {
    pub page: u32,
    pub page_size: u32,
    pub status: Option<OrderStatus>,
    pub customer_id: Option<Uuid>,
    /// Ordered on or after.
    pub from: Option<NaiveDate>,
    /// Ordered on or before.
    pub to: Option<NaiveDate>,
    /// Only late orders (needs `today`).
    pub late_only: bool,
    /// Only the orders first delivered in a period that fell short of a delivery figure of
    /// `analytics().order_kpis`: the records behind the on-time, accuracy and perfect-order
    /// rates.
    pub delivered: Option<DeliveredIn>,
    /// Only the orders first shipped in a period, slowest processing first: the records
    /// behind the processing time of `analytics().order_kpis`. Not with `delivered`.
    pub shipped: Option<ShippedIn>,
    /// The user's local date, for the late flag.
    pub today: Option<NaiveDate>,
}

/// The orders first delivered from `from` to `to` (inclusive) that fell short as `shortfall`
/// says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeliveredIn {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub shortfall: chainbook_core::analytics::kpi::DeliveryShortfall,
}

/// The orders first shipped from `from` to `to` (inclusive, UTC days) after a confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShippedIn {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// What the customer timeline shows of an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderEntry {
    pub id: Uuid,
    pub number: String,
    pub status: OrderStatus,
    pub currency: String,
    pub total: Decimal,
    pub created_at: DateTime<Utc>,
}

/// Reads of sales orders.
pub struct Orders<'a> {
    db: Read<'a>,
}

/// Writes of sales orders.
pub struct OrdersMut<'a> {
    store: &'a mut Store,
}

impl Store {
    pub fn orders(&self) -> Orders<'_> {
        Orders { db: self.read() }
    }

    pub fn orders_mut(&mut self) -> OrdersMut<'_> {
        OrdersMut { store: self }
    }
}
