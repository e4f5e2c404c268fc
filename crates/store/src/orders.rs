//! Sales orders (订单管理): entry, confirmation with the stock and credit checks, shipments,
//! delivery, returns, and the order list.
//!
//! Lines keep quantity, unit price, discount and tax rate; money is computed from them with the
//! rule in `core::order`, never stored. Status changes, shipments and returns are insert-only
//! facts with their times, which the KPIs read later. Reservations are not rows either: what an
//! order reserves is its unshipped quantity while it is confirmed, picking or shipped, so
//! available = on hand − Σ unshipped of other such orders. Shipping and returning write stock
//! movements in the same transaction. Order numbers are `SO-yymm-<device code>-<seq>`, taken in
//! the inserting transaction, so two devices never produce the same number.

use chainbook_core::choice;
use chainbook_core::customer::{Channel, PaymentMethod};
use chainbook_core::date::{opt_date, parse_at, parse_date};
use chainbook_core::order::{
    apply_order_action, check_return, check_shipment, totals, LineAmounts, LineMoney, OrderAction,
    OrderDraft, OrderFields, OrderStatus, OrderTotals, ReturnDraft, ReturnFields, ReturnReason,
    ShipmentDraft, ShipmentFields, CARRIER_MAX, NOTE_MAX, TRACKING_MAX,
};
use chainbook_core::product::{MovementKind, Qty};
use chainbook_core::text::{clean, Lines};
use chainbook_core::{ErrorCode, ValidationError};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, OptionalExtension};
use rust_decimal::Decimal;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::rows::{changed_columns, plan_children, ChildOp};
use crate::{check_page_size, fmt_time, Page, Result, Store, StoreError, Write};

pub(crate) const MIGRATION_5: &str = "
CREATE TABLE sales_orders (
    id              TEXT PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE,
    customer_id     TEXT NOT NULL REFERENCES customers (id) DEFERRABLE INITIALLY DEFERRED,
    status          TEXT NOT NULL,
    currency        TEXT NOT NULL,
    channel         TEXT NOT NULL DEFAULT '',
    payment_method  TEXT NOT NULL DEFAULT '',
    ordered_on      TEXT NOT NULL,
    promised_on     TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    credit_override INTEGER NOT NULL DEFAULT 0 CHECK (credit_override IN (0, 1)),
    backorder       INTEGER NOT NULL DEFAULT 0 CHECK (backorder IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      INTEGER NOT NULL,
    updated_by      TEXT NOT NULL,
    deleted         INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX sales_orders_by_created ON sales_orders (deleted, created_at, id);
CREATE INDEX sales_orders_by_status ON sales_orders (deleted, status, created_at, id);
CREATE INDEX sales_orders_by_customer ON sales_orders (customer_id, deleted, created_at);

CREATE TABLE so_lines (
    id           TEXT PRIMARY KEY,
    order_id     TEXT NOT NULL REFERENCES sales_orders (id) DEFERRABLE INITIALLY DEFERRED,
    product_id   TEXT NOT NULL REFERENCES products (id) DEFERRABLE INITIALLY DEFERRED,
    qty_milli    INTEGER NOT NULL CHECK (qty_milli > 0),
    unit_price   TEXT NOT NULL,
    discount_pct TEXT NOT NULL DEFAULT '0',
    tax_rate_pct TEXT NOT NULL DEFAULT '0',
    position     INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   INTEGER NOT NULL,
    updated_by   TEXT NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX so_lines_by_order ON so_lines (order_id, deleted, position);
CREATE INDEX so_lines_by_product ON so_lines (product_id, deleted);

-- Insert-only: every status change with its time.
CREATE TABLE so_status_history (
    id         TEXT PRIMARY KEY,
    order_id   TEXT NOT NULL REFERENCES sales_orders (id) DEFERRABLE INITIALLY DEFERRED,
    status     TEXT NOT NULL,
    at         TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX so_status_history_by_order ON so_status_history (order_id, at);

-- Insert-only: one row per line per shipment.
CREATE TABLE so_shipments (
    id          TEXT PRIMARY KEY,
    order_id    TEXT NOT NULL REFERENCES sales_orders (id) DEFERRABLE INITIALLY DEFERRED,
    line_id     TEXT NOT NULL REFERENCES so_lines (id) DEFERRABLE INITIALLY DEFERRED,
    shipped_on  TEXT NOT NULL,
    qty_milli   INTEGER NOT NULL CHECK (qty_milli > 0),
    carrier     TEXT NOT NULL DEFAULT '',
    tracking    TEXT NOT NULL DEFAULT '',
    movement_id TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX so_shipments_by_order ON so_shipments (order_id, shipped_on);
CREATE INDEX so_shipments_by_line ON so_shipments (line_id);

-- Insert-only: one row per line per return.
CREATE TABLE so_returns (
    id          TEXT PRIMARY KEY,
    order_id    TEXT NOT NULL REFERENCES sales_orders (id) DEFERRABLE INITIALLY DEFERRED,
    line_id     TEXT NOT NULL REFERENCES so_lines (id) DEFERRABLE INITIALLY DEFERRED,
    returned_on TEXT NOT NULL,
    qty_milli   INTEGER NOT NULL CHECK (qty_milli > 0),
    reason      TEXT NOT NULL CHECK (reason IN ('wrong_item', 'damaged', 'quality', 'other')),
    note        TEXT NOT NULL DEFAULT '',
    movement_id TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX so_returns_by_order ON so_returns (order_id, returned_on);
";

/// The order list at a million orders: counts that need not be counted, and indexes for the
/// customer and late filters.
///
/// `so_counts` holds the number of live orders per creation day (UTC), order date and status.
/// Triggers keep it in the transaction of every write of `sales_orders` — whichever code
/// writes (the order calls, imports, a future sync) — so the list's total for a status or a
/// range of order dates is a sum over a few thousand rows instead of a count over every order,
/// and the same counts say on which creation day a deep page starts. Rows whose count fell to
/// zero stay (at most one per day, date and status). The table is derived and local: no
/// outbox entries, rebuilt from `sales_orders` here.
///
/// `sales_orders_by_customer` gains `id`, so a customer's orders come out of it in list order
/// (newest first, ties by id) instead of being sorted; `sales_orders_open` holds the open
/// orders (a few percent of all) in list order with their promised date, status and order date,
/// so late orders are counted and listed from it alone.
pub(crate) const MIGRATION_9: &str = "
CREATE TABLE so_counts (
    created_day TEXT NOT NULL,
    ordered_on  TEXT NOT NULL,
    status      TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (created_day, ordered_on, status)
) STRICT, WITHOUT ROWID;
INSERT INTO so_counts (created_day, ordered_on, status, n)
    SELECT substr(created_at, 1, 10), ordered_on, status, count(*) FROM sales_orders
    WHERE deleted = 0 GROUP BY 1, 2, 3;
CREATE TRIGGER so_counts_on_insert AFTER INSERT ON sales_orders WHEN NEW.deleted = 0
BEGIN
    INSERT INTO so_counts (created_day, ordered_on, status, n)
        VALUES (substr(NEW.created_at, 1, 10), NEW.ordered_on, NEW.status, 1)
        ON CONFLICT (created_day, ordered_on, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER so_counts_on_update
    AFTER UPDATE OF created_at, ordered_on, status, deleted ON sales_orders
BEGIN
    UPDATE so_counts SET n = n - 1
        WHERE OLD.deleted = 0 AND created_day = substr(OLD.created_at, 1, 10)
          AND ordered_on = OLD.ordered_on AND status = OLD.status;
    INSERT INTO so_counts (created_day, ordered_on, status, n)
        SELECT substr(NEW.created_at, 1, 10), NEW.ordered_on, NEW.status, 1
        WHERE NEW.deleted = 0
        ON CONFLICT (created_day, ordered_on, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER so_counts_on_delete AFTER DELETE ON sales_orders WHEN OLD.deleted = 0
BEGIN
    UPDATE so_counts SET n = n - 1
        WHERE created_day = substr(OLD.created_at, 1, 10) AND ordered_on = OLD.ordered_on
          AND status = OLD.status;
END;

DROP INDEX sales_orders_by_customer;
CREATE INDEX sales_orders_by_customer ON sales_orders (customer_id, deleted, created_at, id);
CREATE INDEX sales_orders_open
    ON sales_orders (created_at, id, promised_on, status, ordered_on, deleted)
    WHERE deleted = 0 AND status IN ('draft', 'confirmed', 'picking', 'shipped');
";

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

/// A status change: `(status, RFC 3339 time, note)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub status: OrderStatus,
    pub at: String,
    pub note: String,
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

fn is_late(status: OrderStatus, promised: Option<NaiveDate>, today: NaiveDate) -> bool {
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
    /// The user's local date, for the late flag.
    pub today: Option<NaiveDate>,
}

/// What the customer timeline shows of an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderEntry {
    pub id: Uuid,
    pub number: String,
    pub status: OrderStatus,
    pub currency: String,
    pub total: Decimal,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// An order kept elsewhere (a former system, a generator) with what happened to it since it
/// was entered, for [`Store::import_orders`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportedOrder {
    /// The order as entered, checked as `create_order` checks it; an empty `ordered_on` means
    /// the day of `entered_at`.
    pub draft: OrderDraft,
    /// When it was entered (RFC 3339): the time of its first status, draft.
    pub entered_at: String,
    /// Confirmed although stock was short, as `confirm_order` records it.
    pub backorder: bool,
    /// Confirmed over the customer's credit limit, as `confirm_order` records it.
    pub credit_override: bool,
    /// What happened after entry, oldest first.
    pub events: Vec<OrderEvent>,
}

/// Something that happened to an imported order at `at` (RFC 3339, not before what came
/// before it). Lines are named by their position in the draft, with a quantity as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderEvent {
    /// Confirm, start picking, deliver, close or cancel, with a note for the status history.
    Status {
        at: String,
        action: OrderAction,
        note: String,
    },
    /// A shipment, shipped on the (UTC) day of `at`.
    Ship {
        at: String,
        carrier: String,
        tracking: String,
        lines: Vec<(usize, String)>,
    },
    /// Goods returned on the (UTC) day of `at`; `reason` is a `ReturnReason` as text.
    Return {
        at: String,
        reason: String,
        note: String,
        lines: Vec<(usize, String)>,
    },
}

/// A checked [`OrderEvent`]: quantities per line position.
enum CheckedEvent {
    Status(DateTime<Utc>, OrderStatus, String),
    Ship {
        at: DateTime<Utc>,
        carrier: String,
        tracking: String,
        lines: Vec<(usize, Qty)>,
        /// The new status, when the shipment changes it.
        status: Option<OrderStatus>,
    },
    Return {
        at: DateTime<Utc>,
        reason: ReturnReason,
        note: String,
        lines: Vec<(usize, Qty)>,
    },
}

/// A checked [`ImportedOrder`], ready to write.
struct CheckedImport {
    order: OrderFields,
    ordered_on: NaiveDate,
    entered_at: DateTime<Utc>,
    status: OrderStatus,
    backorder: bool,
    credit_override: bool,
    events: Vec<CheckedEvent>,
}

/// A stored line's money columns as `LineMoney` (quantities in thousandths, decimals as text).
fn line_money(qty: i64, price: &str, discount: &str, tax: &str) -> Option<LineMoney> {
    Some(LineMoney {
        quantity: Qty(qty),
        unit_price: price.parse().ok()?,
        discount_pct: discount.parse().ok()?,
        tax_rate_pct: tax.parse().ok()?,
    })
}

fn not_found() -> StoreError {
    StoreError::NotFound { what: "order" }
}

fn line_cols(l: &LineMoney, product: Uuid, position: usize) -> Vec<(&'static str, Value)> {
    vec![
        ("product_id", json!(product.to_string())),
        ("qty_milli", json!(l.quantity.0)),
        ("unit_price", json!(l.unit_price.to_string())),
        ("discount_pct", json!(l.discount_pct.to_string())),
        ("tax_rate_pct", json!(l.tax_rate_pct.to_string())),
        ("position", json!(position)),
    ]
}

/// The order row's columns but number and status, with `ordered_on` settled.
fn header_cols(f: &OrderFields, ordered_on: NaiveDate) -> Vec<(&'static str, Value)> {
    let channel = f.channel.map_or("", Channel::as_str);
    let payment_method = f.payment_method.map_or("", PaymentMethod::as_str);
    row_cols(f, channel, payment_method, ordered_on)
}

/// [`header_cols`] with the choices as text: a stored order's are compared as its row holds them
/// (a value a newer version wrote included), not as this version would parse them.
fn row_cols(
    f: &OrderFields,
    channel: &str,
    payment_method: &str,
    ordered_on: NaiveDate,
) -> Vec<(&'static str, Value)> {
    vec![
        ("customer_id", json!(f.customer_id.to_string())),
        ("currency", json!(f.currency)),
        ("channel", json!(channel)),
        ("payment_method", json!(payment_method)),
        ("ordered_on", json!(ordered_on.to_string())),
        (
            "promised_on",
            json!(f.promised_on.map(|d| d.to_string()).unwrap_or_default()),
        ),
        ("notes", json!(f.notes)),
    ]
}

impl Store {
    /// Core's checks, with the customer's currency for an order that names none, then whether
    /// the customer and every product exist.
    fn check_order(&self, d: &OrderDraft) -> Result<OrderFields> {
        let (customer_currency, _) = self.customer_credit(d.customer_id)?;
        let f = d.validate(&customer_currency)?;
        for (i, l) in f.lines.iter().enumerate() {
            if !self.product_exists(l.product_id)? {
                return Err(ValidationError::new(
                    ErrorCode::NotFound,
                    "product_id",
                    "no such product",
                )
                .within("lines", i)
                .into());
            }
        }
        Ok(f)
    }

    /// Whether a live (not deleted) product has this id.
    fn product_exists(&self, id: Uuid) -> Result<bool> {
        Ok(self
            .conn()
            .prepare_cached("SELECT 1 FROM products WHERE id = ?1 AND deleted = 0")?
            .exists([id.to_string()])?)
    }

    /// The customer's currency and credit limit; a deleted customer is `not_found`.
    fn customer_credit(&self, customer_id: Uuid) -> Result<(String, Decimal)> {
        let (currency, limit): (String, String) = self
            .conn()
            .prepare_cached(
                "SELECT currency, credit_limit FROM customers WHERE id = ?1 AND deleted = 0",
            )?
            .query_row([customer_id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| {
                StoreError::from(ValidationError::new(
                    ErrorCode::NotFound,
                    "customer_id",
                    "no such customer",
                ))
            })?;
        let limit = limit
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("customer {customer_id}: credit limit")))?;
        Ok((currency, limit))
    }

    /// Saves a new draft order with its lines.
    pub fn create_order(&mut self, d: &OrderDraft) -> Result<Order> {
        let c = self.check_order(d)?;
        let id = self.write(|w| {
            let number = next_number(w)?;
            let mut cols = header_cols(&c, c.ordered_on.unwrap_or(w.now.date_naive()));
            cols.insert(0, ("number", json!(number)));
            cols.push(("status", json!(OrderStatus::Draft.as_str())));
            let id = w.insert_row("sales_orders", &cols)?;
            let now_ms = w.now.timestamp_millis().max(0) as u64;
            let ops = plan_children(
                "lines",
                &[],
                c.lines
                    .iter()
                    .enumerate()
                    .map(|(i, l)| (None, line_cols(&l.money, l.product_id, i)))
                    .collect(),
                now_ms,
                w.entropy,
            )?;
            w.apply_children("so_lines", "order_id", &id.to_string(), ops)?;
            record_status(w, id, OrderStatus::Draft, "")?;
            Ok(id)
        })?;
        self.get_order(id)
    }

    /// Saves an edited draft; lines are matched by id (new ones inserted, missing ones removed).
    pub fn update_order(&mut self, id: Uuid, d: &OrderDraft) -> Result<Order> {
        let old = self.get_order(id)?;
        if !old.status.is_editable() {
            return Err(ValidationError::new(
                ErrorCode::InvalidTransition,
                "status",
                "only a draft order can be edited",
            )
            .into());
        }
        let c = self.check_order(d)?;
        let stored = OrderFields {
            customer_id: old.customer_id,
            currency: old.currency.clone(),
            channel: None,
            payment_method: None,
            ordered_on: Some(old.ordered_on),
            promised_on: old.promised_on,
            notes: old.notes.clone(),
            lines: Vec::new(),
        };
        let changed = changed_columns(
            header_cols(&c, c.ordered_on.unwrap_or(old.ordered_on)),
            row_cols(&stored, &old.channel, &old.payment_method, old.ordered_on),
        );
        let now_ms = (self.clock)().timestamp_millis().max(0) as u64;
        let ops = plan_children(
            "lines",
            &old.lines
                .iter()
                .enumerate()
                .map(|(i, l)| (l.id, line_cols(&l.money, l.product_id, i)))
                .collect::<Vec<_>>(),
            c.lines
                .iter()
                .enumerate()
                .map(|(i, l)| (l.id, line_cols(&l.money, l.product_id, i)))
                .collect(),
            now_ms,
            &self.entropy,
        )?;
        if changed.is_empty() && ops.is_empty() {
            return Ok(old);
        }
        self.write(|w| {
            let id_s = id.to_string();
            if !changed.is_empty() {
                w.update_row("sales_orders", &id_s, changed)?;
            }
            w.apply_children("so_lines", "order_id", &id_s, ops)
        })?;
        self.get_order(id)
    }

    /// What each unshipped line needs against what is available to it.
    pub fn stock_check(&self, id: Uuid) -> Result<Vec<Shortfall>> {
        let order = self.get_order(id)?;
        let mut out = Vec::new();
        // Lines of one product share its availability, in line order.
        let mut used: Vec<(Uuid, i64)> = Vec::new();
        for l in &order.lines {
            let needed = l.unshipped();
            if needed.0 == 0 {
                continue;
            }
            let on_hand = self.get_product(l.product_id)?.on_hand;
            let reserved = self.reserved_by_others(l.product_id, id)?;
            let before: i64 = used
                .iter()
                .filter(|(p, _)| *p == l.product_id)
                .map(|(_, q)| q)
                .sum();
            let available = Qty((on_hand.0 - reserved.0 - before).max(0));
            used.push((l.product_id, needed.0));
            if available.0 < needed.0 {
                out.push(Shortfall {
                    line_id: l.id,
                    product_id: l.product_id,
                    sku: l.sku.clone(),
                    needed,
                    available,
                    short: Qty(needed.0 - available.0),
                });
            }
        }
        Ok(out)
    }

    /// Unshipped quantities of `product` on confirmed, picking or shipped orders other than
    /// `except`.
    pub fn reserved_by_others(&self, product: Uuid, except: Uuid) -> Result<Qty> {
        let q: i64 = self.conn().query_row(
            "SELECT ifnull(sum(max(l.qty_milli - ifnull((SELECT sum(s.qty_milli) FROM so_shipments s
                    WHERE s.line_id = l.id AND s.deleted = 0), 0), 0)), 0)
             FROM so_lines l JOIN sales_orders o ON o.id = l.order_id
             WHERE l.product_id = ?1 AND l.deleted = 0 AND o.deleted = 0 AND o.id <> ?2
               AND o.status IN ('confirmed', 'picking', 'shipped')",
            [product.to_string(), except.to_string()],
            |r| r.get(0),
        )?;
        Ok(Qty(q))
    }

    /// What confirming would do to the customer's credit.
    pub fn credit_check(&self, id: Uuid) -> Result<CreditCheck> {
        let order = self.get_order(id)?;
        let (_, limit) = self.customer_credit(order.customer_id)?;
        // One pass over the lines of the customer's other open orders: an order's gross is the
        // sum of its rounded lines, so the balance is the sum of every such line. Orders in
        // another currency are not converted: only same-currency orders count.
        let mut stmt = self.conn().prepare_cached(
            "SELECT l.qty_milli, l.unit_price, l.discount_pct, l.tax_rate_pct
             FROM sales_orders o JOIN so_lines l ON l.order_id = o.id AND l.deleted = 0
             WHERE o.customer_id = ?1 AND o.deleted = 0 AND o.id <> ?2 AND o.currency = ?3
               AND o.status IN ('confirmed', 'picking', 'shipped', 'delivered')",
        )?;
        let rows = stmt.query_map(
            [
                order.customer_id.to_string(),
                id.to_string(),
                order.currency.clone(),
            ],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            },
        )?;
        let mut open = Decimal::ZERO;
        for r in rows {
            let (qty, price, discount, tax) = r?;
            let money = line_money(qty, &price, &discount, &tax).ok_or_else(|| {
                StoreError::Corrupt(format!("customer {}: order line", order.customer_id))
            })?;
            open += money.amounts(&order.currency).gross;
        }
        let this = order.totals.gross;
        Ok(CreditCheck {
            credit_limit: limit,
            open_balance: open,
            this_order: this,
            exceeded: limit > Decimal::ZERO && open + this > limit,
        })
    }

    /// Confirms a draft: checks stock (short lines need `allow_backorder`) and credit (going over
    /// the limit needs `credit_override`, which is recorded), then reserves by changing status.
    pub fn confirm_order(
        &mut self,
        id: Uuid,
        allow_backorder: bool,
        credit_override: bool,
    ) -> Result<Order> {
        let order = self.get_order(id)?;
        let next = apply_order_action(order.status, OrderAction::Confirm, false)?;
        let short = self.stock_check(id)?;
        if !short.is_empty() && !allow_backorder {
            return Err(ValidationError::new(
                ErrorCode::StockShort,
                "lines",
                format!("{} line(s) short on stock", short.len()),
            )
            .into());
        }
        let credit = self.credit_check(id)?;
        if credit.exceeded && !credit_override {
            return Err(ValidationError::new(
                ErrorCode::CreditLimit,
                "credit",
                format!(
                    "open {} + this order {} exceeds the limit {}",
                    credit.open_balance, credit.this_order, credit.credit_limit
                ),
            )
            .into());
        }
        let mut note = Vec::new();
        if !short.is_empty() {
            note.push(format!("back-order: {} line(s) short", short.len()));
        }
        if credit.exceeded {
            note.push(format!(
                "credit override: open {} + order {} > limit {}",
                credit.open_balance, credit.this_order, credit.credit_limit
            ));
        }
        self.write(|w| {
            let mut changed = serde_json::Map::new();
            if credit.exceeded {
                changed.insert("credit_override".into(), json!(1));
            }
            if !short.is_empty() {
                changed.insert("backorder".into(), json!(1));
            }
            if !changed.is_empty() {
                w.update_row("sales_orders", &id.to_string(), changed)?;
            }
            set_status(w, id, next, &note.join("; "))
        })?;
        self.get_order(id)
    }

    /// Starts picking, delivers, closes or cancels. Delivering creates a follow-up on the
    /// customer (due `follow_up_on`, with `follow_up_summary` in the user's language) to ask
    /// for feedback.
    pub fn order_action(
        &mut self,
        id: Uuid,
        action: OrderAction,
        follow_up_summary: &str,
        follow_up_on: Option<NaiveDate>,
    ) -> Result<Order> {
        if matches!(action, OrderAction::Confirm | OrderAction::Ship) {
            return Err(ValidationError::new(
                ErrorCode::InvalidArgument,
                "action",
                "confirm and ship have their own calls",
            )
            .into());
        }
        let order = self.get_order(id)?;
        let shipped_any = order.lines.iter().any(|l| l.shipped.0 > 0);
        let next = apply_order_action(order.status, action, shipped_any)?;
        let summary = clean("summary", follow_up_summary, 500, false, Lines::Single)?;
        self.write(|w| {
            set_status(w, id, next, "")?;
            if next == OrderStatus::Delivered {
                let due = follow_up_on.unwrap_or(w.now.date_naive() + chrono::Duration::days(3));
                let summary = if summary.is_empty() {
                    format!("{}: ask for feedback", order.number)
                } else {
                    summary.clone()
                };
                w.insert_row(
                    "interactions",
                    &[
                        ("customer_id", json!(order.customer_id.to_string())),
                        ("contact_id", json!("")),
                        ("kind", json!("call")),
                        ("occurred_at", json!(fmt_time(w.now))),
                        ("summary", json!(summary)),
                        ("outcome", json!("")),
                        ("follow_up_on", json!(due.to_string())),
                    ],
                )?;
            }
            Ok(())
        })?;
        self.get_order(id)
    }

    /// Ships some or all unshipped quantities: shipment movements go into the stock ledger
    /// (negative stock is allowed and flagged), and the order becomes shipped.
    pub fn ship_order(&mut self, id: Uuid, d: &ShipmentDraft) -> Result<Order> {
        let order = self.get_order(id)?;
        let next = apply_order_action(order.status, OrderAction::Ship, false)?;
        let ShipmentFields {
            shipped_on: date,
            carrier,
            tracking,
            lines,
        } = d.validate()?;
        let mut checked = Vec::new();
        for (i, (line_id, q)) in lines.into_iter().enumerate() {
            let at = |e: ValidationError| e.within("lines", i);
            let line = find_line(&order, line_id).map_err(at)?;
            if q.0 == 0 {
                continue;
            }
            check_shipment(line.money.quantity, line.shipped, q).map_err(at)?;
            checked.push((line.clone(), q));
        }
        self.write(|w| {
            let at = date
                .and_hms_opt(12, 0, 0)
                .map(|t| t.and_utc())
                .unwrap_or(w.now);
            let reference = if tracking.is_empty() {
                order.number.clone()
            } else {
                format!("{} {tracking}", order.number)
            };
            for (line, q) in &checked {
                let movement = w.insert_movement(
                    &line.product_id.to_string(),
                    MovementKind::Shipment,
                    Qty(-q.0),
                    "",
                    &reference,
                    at,
                )?;
                w.insert_row(
                    "so_shipments",
                    &[
                        ("order_id", json!(id.to_string())),
                        ("line_id", json!(line.id.to_string())),
                        ("shipped_on", json!(date.to_string())),
                        ("qty_milli", json!(q.0)),
                        ("carrier", json!(carrier)),
                        ("tracking", json!(tracking)),
                        ("movement_id", json!(movement.to_string())),
                    ],
                )?;
            }
            if next != order.status {
                set_status(w, id, next, "")?;
            }
            Ok(())
        })?;
        self.get_order(id)
    }

    /// Records goods coming back after delivery: return movements into stock, with a reason.
    pub fn return_goods(&mut self, id: Uuid, d: &ReturnDraft) -> Result<Order> {
        let order = self.get_order(id)?;
        if !order.status.accepts_returns() {
            return Err(ValidationError::new(
                ErrorCode::InvalidTransition,
                "status",
                format!("cannot return goods of a {} order", order.status.as_str()),
            )
            .into());
        }
        let ReturnFields {
            returned_on: date,
            reason,
            note,
            lines,
        } = d.validate()?;
        let mut checked = Vec::new();
        for (i, (line_id, q)) in lines.into_iter().enumerate() {
            let at = |e: ValidationError| e.within("lines", i);
            let line = find_line(&order, line_id).map_err(at)?;
            if q.0 == 0 {
                continue;
            }
            check_return(line.shipped, line.returned, q).map_err(at)?;
            checked.push((line.clone(), q));
        }
        self.write(|w| {
            let at = date
                .and_hms_opt(12, 0, 0)
                .map(|t| t.and_utc())
                .unwrap_or(w.now);
            for (line, q) in &checked {
                let movement = w.insert_movement(
                    &line.product_id.to_string(),
                    MovementKind::Return,
                    *q,
                    reason.as_str(),
                    &order.number,
                    at,
                )?;
                w.insert_row(
                    "so_returns",
                    &[
                        ("order_id", json!(id.to_string())),
                        ("line_id", json!(line.id.to_string())),
                        ("returned_on", json!(date.to_string())),
                        ("qty_milli", json!(q.0)),
                        ("reason", json!(reason.as_str())),
                        ("note", json!(note)),
                        ("movement_id", json!(movement.to_string())),
                    ],
                )?;
            }
            Ok(())
        })?;
        self.get_order(id)
    }

    pub fn get_order(&self, id: Uuid) -> Result<Order> {
        let h: [String; 11] = self
            .conn()
            .query_row(
                "SELECT o.number, o.customer_id, c.name, o.status, o.currency, o.channel,
                    o.payment_method, o.ordered_on, o.promised_on, o.notes, o.created_at
                 FROM sales_orders o JOIN customers c ON c.id = o.customer_id
                 WHERE o.id = ?1 AND o.deleted = 0",
                [id.to_string()],
                |r| {
                    Ok([
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                        r.get(9)?,
                        r.get(10)?,
                    ])
                },
            )
            .optional()?
            .ok_or_else(not_found)?;
        let (credit_override, backorder): (bool, bool) = self.conn().query_row(
            "SELECT credit_override, backorder FROM sales_orders WHERE id = ?1",
            [id.to_string()],
            |r| Ok((r.get::<_, i64>(0)? == 1, r.get::<_, i64>(1)? == 1)),
        )?;
        let bad = |w: &str| StoreError::Corrupt(format!("order {id}: {w}"));
        let currency = h[4].clone();
        let lines = self.order_lines(id, &currency)?;
        let amounts: Vec<LineAmounts> = lines.iter().map(|l| l.amounts).collect();
        let mut stmt = self.conn().prepare_cached(
            "SELECT status, at, note FROM so_status_history WHERE order_id = ?1 AND deleted = 0 ORDER BY at, id",
        )?;
        let history = stmt
            .query_map([id.to_string()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .map(|r| {
                let (s, at, note) = r?;
                Ok(StatusChange {
                    status: OrderStatus::parse(&s).ok_or_else(|| bad("history"))?,
                    at,
                    note,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let sku_of = |line: &str| {
            lines
                .iter()
                .find(|l| l.id.to_string() == line)
                .map(|l| (l.id, l.sku.clone()))
                .ok_or_else(|| bad("line"))
        };
        let mut stmt = self.conn().prepare_cached(
            "SELECT line_id, shipped_on, qty_milli, carrier, tracking FROM so_shipments
             WHERE order_id = ?1 AND deleted = 0 ORDER BY shipped_on, created_at",
        )?;
        let shipments = stmt
            .query_map([id.to_string()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?
            .map(|r| {
                let (line, on, q, carrier, tracking) = r?;
                let (line_id, sku) = sku_of(&line)?;
                Ok(ShipmentRecord {
                    line_id,
                    sku,
                    shipped_on: parse_date("shipped_on", &on).map_err(|_| bad("shipped_on"))?,
                    quantity: Qty(q),
                    carrier,
                    tracking,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT line_id, returned_on, qty_milli, reason, note FROM so_returns
             WHERE order_id = ?1 AND deleted = 0 ORDER BY returned_on, created_at",
        )?;
        let returns = stmt
            .query_map([id.to_string()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?
            .map(|r| {
                let (line, on, q, reason, note) = r?;
                let (line_id, sku) = sku_of(&line)?;
                Ok(ReturnRecord {
                    line_id,
                    sku,
                    returned_on: parse_date("returned_on", &on).map_err(|_| bad("returned_on"))?,
                    quantity: Qty(q),
                    reason: ReturnReason::parse(&reason).ok_or_else(|| bad("reason"))?,
                    note,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Order {
            id,
            number: h[0].clone(),
            customer_id: Uuid::try_parse(&h[1]).map_err(|_| bad("customer"))?,
            customer_name: h[2].clone(),
            status: OrderStatus::parse(&h[3]).ok_or_else(|| bad("status"))?,
            currency,
            channel: h[5].clone(),
            payment_method: h[6].clone(),
            ordered_on: parse_date("ordered_on", &h[7]).map_err(|_| bad("ordered_on"))?,
            promised_on: opt_date("promised_on", &h[8]).map_err(|_| bad("promised_on"))?,
            notes: h[9].clone(),
            credit_override,
            backorder,
            created_at: h[10].clone(),
            totals: totals(&amounts),
            lines,
            history,
            shipments,
            returns,
        })
    }

    fn order_lines(&self, id: Uuid, currency: &str) -> Result<Vec<OrderLine>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT l.id, l.product_id, p.sku, p.name, p.unit, l.qty_milli, l.unit_price,
                l.discount_pct, l.tax_rate_pct,
                (SELECT ifnull(sum(s.qty_milli), 0) FROM so_shipments s WHERE s.line_id = l.id AND s.deleted = 0),
                (SELECT ifnull(sum(r.qty_milli), 0) FROM so_returns r
                  WHERE r.order_id = l.order_id AND r.line_id = l.id AND r.deleted = 0)
             FROM so_lines l JOIN products p ON p.id = l.product_id
             WHERE l.order_id = ?1 AND l.deleted = 0 ORDER BY l.position, l.id",
        )?;
        let rows = stmt.query_map([id.to_string()], |r| {
            Ok((
                [
                    r.get::<_, String>(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                ],
                r.get::<_, i64>(5)?,
                r.get::<_, i64>(9)?,
                r.get::<_, i64>(10)?,
            ))
        })?;
        let mut out = Vec::new();
        for r in rows {
            let (v, qty, shipped, returned) = r?;
            let bad = |w: &str| StoreError::Corrupt(format!("order line {}: {w}", v[0]));
            let money = line_money(qty, &v[5], &v[6], &v[7]).ok_or_else(|| bad("decimal"))?;
            out.push(OrderLine {
                id: Uuid::try_parse(&v[0]).map_err(|_| bad("id"))?,
                product_id: Uuid::try_parse(&v[1]).map_err(|_| bad("product"))?,
                sku: v[2].clone(),
                name: v[3].clone(),
                unit: v[4].clone(),
                amounts: money.amounts(currency),
                money,
                shipped: Qty(shipped),
                returned: Qty(returned),
            });
        }
        Ok(out)
    }

    /// One page of orders, newest first, with totals and the late flag.
    ///
    /// The total comes from `so_counts` (live orders by creation day, order date and status,
    /// kept by triggers) when the list is filtered by status and order dates only; the same
    /// counts say which creation days hold the page, so the page query starts at the right day
    /// instead of stepping over every newer order. A customer's orders are counted and paged
    /// through `sales_orders_by_customer`, late ones through the partial index of open orders.
    /// Totals come from one query for the lines of the orders shown.
    pub fn list_orders(&self, q: &OrderQuery) -> Result<Page<OrderSummary>> {
        check_page_size(q.page_size)?;
        let today = q.today.unwrap_or_else(|| (self.clock)().date_naive());
        let mut clauses = vec!["o.deleted = 0".to_owned()];
        let mut args: Vec<SqlValue> = Vec::new();
        if let Some(s) = q.status {
            clauses.push("o.status = ?".into());
            args.push(SqlValue::Text(s.as_str().into()));
        }
        if let Some(c) = q.customer_id {
            clauses.push("o.customer_id = ?".into());
            args.push(SqlValue::Text(c.to_string()));
        }
        if let Some(f) = q.from {
            clauses.push("o.ordered_on >= ?".into());
            args.push(SqlValue::Text(f.to_string()));
        }
        if let Some(t) = q.to {
            clauses.push("o.ordered_on <= ?".into());
            args.push(SqlValue::Text(t.to_string()));
        }
        if q.late_only {
            // Written as the partial index `sales_orders_open` is, so that it serves.
            clauses.push(format!(
                "o.status IN {OPEN_STATUSES} AND o.promised_on <> '' AND o.promised_on < ?"
            ));
            args.push(SqlValue::Text(today.to_string()));
        }
        // Open orders are a few percent of all: without a customer (whose index is smaller
        // still), late orders are counted and listed from their partial index alone, whatever
        // the planner would guess without statistics.
        let from_table = if q.late_only && q.customer_id.is_none() {
            "sales_orders o INDEXED BY sales_orders_open"
        } else {
            "sales_orders o"
        };
        let offset = u64::from(q.page) * u64::from(q.page_size);
        let (total, window) = if q.customer_id.is_none() && !q.late_only {
            let days = self.count_by_creation_day(q)?;
            let total = days.iter().map(|(_, n)| n).sum::<u64>();
            (total, page_window(&days, offset)?)
        } else {
            let n: i64 = self
                .conn()
                .prepare_cached(&format!(
                    "SELECT count(*) FROM {from_table} WHERE {}",
                    clauses.join(" AND ")
                ))?
                .query_row(params_from_iter(args.iter()), |r| r.get(0))?;
            (n as u64, None)
        };
        let mut page = Page {
            items: Vec::new(),
            total,
            page: q.page,
            page_size: q.page_size,
        };
        if offset >= total {
            return Ok(page);
        }
        let mut skip = offset;
        if let Some(w) = &window {
            clauses.push("o.created_at < ? AND o.created_at >= ?".into());
            args.push(SqlValue::Text(w.before.clone()));
            args.push(SqlValue::Text(w.from.clone()));
            skip -= w.skipped;
        }
        // The page's rows are found in an index first and joined afterwards, so skipped rows
        // cost an index step each, not a row and a customer.
        let sql = format!(
            "SELECT o.id, o.number, o.customer_id, c.name, o.status, o.currency, o.ordered_on,
                o.promised_on, o.created_at
             FROM (SELECT o.rowid AS rid FROM {from_table} WHERE {}
                   ORDER BY o.created_at DESC, o.id DESC LIMIT ? OFFSET ?) p
             JOIN sales_orders o ON o.rowid = p.rid
             JOIN customers c ON c.id = o.customer_id
             ORDER BY o.created_at DESC, o.id DESC",
            clauses.join(" AND ")
        );
        args.push(SqlValue::Integer(i64::from(q.page_size)));
        args.push(SqlValue::Integer(skip as i64));
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| {
            (0..9)
                .map(|i| r.get::<_, String>(i))
                .collect::<rusqlite::Result<Vec<_>>>()
        })?;
        let mut heads = Vec::new();
        for r in rows {
            let v = r?;
            let bad = |w: &str| StoreError::Corrupt(format!("order {}: {w}", v[0]));
            let id = Uuid::try_parse(&v[0]).map_err(|_| bad("id"))?;
            let status = OrderStatus::parse(&v[4]).ok_or_else(|| bad("status"))?;
            let promised = opt_date("promised_on", &v[7]).map_err(|_| bad("promised_on"))?;
            heads.push(OrderSummary {
                id,
                number: v[1].clone(),
                customer_id: Uuid::try_parse(&v[2]).map_err(|_| bad("customer"))?,
                customer_name: v[3].clone(),
                status,
                currency: v[5].clone(),
                total: Decimal::ZERO,
                ordered_on: parse_date("ordered_on", &v[6]).map_err(|_| bad("ordered_on"))?,
                promised_on: promised,
                late: is_late(status, promised, today),
                created_at: crate::parse_time(&v[8])?,
            });
        }
        self.add_gross_totals(&mut heads)?;
        page.items = heads;
        Ok(page)
    }

    /// Live orders matching `q`'s status and order dates per creation day (UTC, `YYYY-MM-DD`),
    /// newest day first, days without any left out.
    fn count_by_creation_day(&self, q: &OrderQuery) -> Result<Vec<(String, u64)>> {
        let mut clauses = vec!["1".to_owned()];
        let mut args: Vec<SqlValue> = Vec::new();
        if let Some(s) = q.status {
            clauses.push("status = ?".into());
            args.push(SqlValue::Text(s.as_str().into()));
        }
        if let Some(f) = q.from {
            clauses.push("ordered_on >= ?".into());
            args.push(SqlValue::Text(f.to_string()));
        }
        if let Some(t) = q.to {
            clauses.push("ordered_on <= ?".into());
            args.push(SqlValue::Text(t.to_string()));
        }
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT created_day, sum(n) FROM so_counts WHERE {}
             GROUP BY created_day HAVING sum(n) > 0 ORDER BY created_day DESC",
            clauses.join(" AND ")
        ))?;
        let rows = stmt.query_map(params_from_iter(args), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })?;
        rows.map(|r| {
            let (day, n) = r?;
            Ok((day, n.max(0) as u64))
        })
        .collect()
    }

    /// Sets each summary's total: the gross of its lines, read in one query for the page.
    fn add_gross_totals(&self, orders: &mut [OrderSummary]) -> Result<()> {
        if orders.is_empty() {
            return Ok(());
        }
        let ids = Value::Array(orders.iter().map(|o| json!(o.id.to_string())).collect());
        let mut stmt = self.conn().prepare_cached(
            "SELECT order_id, qty_milli, unit_price, discount_pct, tax_rate_pct FROM so_lines
             WHERE order_id IN (SELECT value FROM json_each(?1)) AND deleted = 0",
        )?;
        let rows = stmt.query_map([ids.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        for r in rows {
            let (order, qty, price, discount, tax) = r?;
            let bad = || StoreError::Corrupt(format!("order {order}: line"));
            let o = orders
                .iter_mut()
                .find(|o| o.id.to_string() == order)
                .ok_or_else(bad)?;
            let money = line_money(qty, &price, &discount, &tax).ok_or_else(bad)?;
            o.total += money.amounts(&o.currency).gross;
        }
        Ok(())
    }

    /// A customer's orders for the timeline, newest first.
    pub(crate) fn customer_order_entries(
        &self,
        customer_id: Uuid,
        limit: u32,
    ) -> Result<Vec<OrderEntry>> {
        let page = self.list_orders(&OrderQuery {
            page: 0,
            page_size: limit.clamp(1, crate::customers::PAGE_SIZE_MAX),
            customer_id: Some(customer_id),
            ..Default::default()
        })?;
        Ok(page
            .items
            .into_iter()
            .map(|o| OrderEntry {
                id: o.id,
                number: o.number,
                status: o.status,
                currency: o.currency,
                total: o.total,
                created_at: o.created_at,
            })
            .collect())
    }
}

impl Store {
    /// Inserts many orders with their histories in one transaction: all of them or, on the
    /// first invalid order (reported as `orders.<i>.<field>`, e.g. `orders.3.lines.0.quantity`
    /// or `orders.3.events.2.lines.0.quantity`) or failure, none.
    ///
    /// Each order is checked as `create_order` checks it, and its events as the calls they
    /// stand for check them (`confirm_order`, `order_action`, `ship_order`, `return_goods`):
    /// allowed transitions only, no more shipped than ordered nor returned than shipped. The
    /// stock and credit checks of confirmation are not repeated: what happened, happened;
    /// `backorder` and `credit_override` say how it was confirmed. The rows are those the calls
    /// write, each with its outbox insert — the order as it stands now (so no separate status
    /// updates), its lines, its status history with the events' times, shipments and returns
    /// with their stock movements — and order numbers are taken as `create_order` takes them.
    /// Delivery creates no follow-up: imported history is past.
    pub fn import_orders(&mut self, orders: &[ImportedOrder]) -> Result<Vec<Uuid>> {
        let checked = orders
            .iter()
            .enumerate()
            .map(|(i, o)| {
                self.check_import(o).map_err(|e| match e {
                    StoreError::Invalid(v) => StoreError::Invalid(v.within("orders", i)),
                    other => other,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        self.write(|w| checked.iter().map(|c| insert_imported(w, c)).collect())
    }

    fn check_import(&self, o: &ImportedOrder) -> Result<CheckedImport> {
        let entered_at = parse_at("entered_at", &o.entered_at)?;
        let order = self.check_order(&o.draft)?;
        let ordered_on = order.ordered_on.unwrap_or(entered_at.date_naive());
        let n = order.lines.len();
        let (mut shipped, mut returned) = (vec![Qty::ZERO; n], vec![Qty::ZERO; n]);
        let mut status = OrderStatus::Draft;
        let mut last = entered_at;
        let mut events = Vec::with_capacity(o.events.len());
        for (k, e) in o.events.iter().enumerate() {
            let within = |e: ValidationError| StoreError::from(e.within("events", k));
            let at_text = match e {
                OrderEvent::Status { at, .. }
                | OrderEvent::Ship { at, .. }
                | OrderEvent::Return { at, .. } => at,
            };
            let at = parse_at("at", at_text).map_err(within)?;
            if at < last {
                return Err(within(ValidationError::new(
                    ErrorCode::DateOrder,
                    "at",
                    "before the order's previous event",
                )));
            }
            last = at;
            // `(line position, quantity)`s, each checked by `check`.
            let lines = |lines: &[(usize, String)],
                         check: &mut dyn FnMut(usize, Qty) -> Result<(), ValidationError>|
             -> Result<Vec<(usize, Qty)>, ValidationError> {
                let mut out = Vec::new();
                for (j, (pos, qty)) in lines.iter().enumerate() {
                    let at = |e: ValidationError| e.within("lines", j);
                    if *pos >= n {
                        return Err(at(ValidationError::new(
                            ErrorCode::NotFound,
                            "line",
                            "not a line of this order",
                        )));
                    }
                    let q = Qty::parse("quantity", qty, false).map_err(at)?;
                    if q.0 == 0 {
                        continue;
                    }
                    check(*pos, q).map_err(at)?;
                    out.push((*pos, q));
                }
                Ok(out)
            };
            let nothing = |what: &str| {
                within(ValidationError::new(
                    ErrorCode::Required,
                    "lines",
                    format!("nothing to {what}"),
                ))
            };
            events.push(match e {
                OrderEvent::Status { action, note, .. } => {
                    if *action == OrderAction::Ship {
                        return Err(within(ValidationError::new(
                            ErrorCode::InvalidArgument,
                            "action",
                            "a shipment is a Ship event",
                        )));
                    }
                    let shipped_any = shipped.iter().any(|q| q.0 > 0);
                    let next = apply_order_action(status, *action, shipped_any).map_err(within)?;
                    status = next;
                    let note =
                        clean("note", note, NOTE_MAX, false, Lines::Multi).map_err(within)?;
                    CheckedEvent::Status(at, next, note)
                }
                OrderEvent::Ship {
                    carrier,
                    tracking,
                    lines: l,
                    ..
                } => {
                    let next =
                        apply_order_action(status, OrderAction::Ship, false).map_err(within)?;
                    let carrier = clean("carrier", carrier, CARRIER_MAX, false, Lines::Single)
                        .map_err(within)?;
                    let tracking = clean("tracking", tracking, TRACKING_MAX, false, Lines::Single)
                        .map_err(within)?;
                    let l = lines(l, &mut |pos, q| {
                        check_shipment(order.lines[pos].money.quantity, shipped[pos], q)?;
                        shipped[pos].0 += q.0;
                        Ok(())
                    })
                    .map_err(within)?;
                    if l.is_empty() {
                        return Err(nothing("ship"));
                    }
                    let change = (next != status).then_some(next);
                    status = next;
                    CheckedEvent::Ship {
                        at,
                        carrier,
                        tracking,
                        lines: l,
                        status: change,
                    }
                }
                OrderEvent::Return {
                    reason,
                    note,
                    lines: l,
                    ..
                } => {
                    if !status.accepts_returns() {
                        return Err(within(ValidationError::new(
                            ErrorCode::InvalidTransition,
                            "status",
                            format!("cannot return goods of a {} order", status.as_str()),
                        )));
                    }
                    let reason: ReturnReason =
                        choice::required("reason", reason, ErrorCode::InvalidChoice)
                            .map_err(within)?;
                    let note =
                        clean("note", note, NOTE_MAX, false, Lines::Multi).map_err(within)?;
                    let l = lines(l, &mut |pos, q| {
                        check_return(shipped[pos], returned[pos], q)?;
                        returned[pos].0 += q.0;
                        Ok(())
                    })
                    .map_err(within)?;
                    if l.is_empty() {
                        return Err(nothing("return"));
                    }
                    CheckedEvent::Return {
                        at,
                        reason,
                        note,
                        lines: l,
                    }
                }
            });
        }
        Ok(CheckedImport {
            order,
            ordered_on,
            entered_at,
            status,
            backorder: o.backorder,
            credit_override: o.credit_override,
            events,
        })
    }
}

/// Noon UTC of `at`'s day: when `ship_order` and `return_goods` record their movements.
fn noon_of(at: DateTime<Utc>) -> DateTime<Utc> {
    at.date_naive()
        .and_hms_opt(12, 0, 0)
        .map(|t| t.and_utc())
        .unwrap_or(at)
}

/// Writes one checked imported order: the rows `create_order` and the calls its events stand
/// for would have left, with the order row as it stands now.
fn insert_imported(w: &Write<'_>, c: &CheckedImport) -> Result<Uuid> {
    let number = next_number(w)?;
    let mut cols = header_cols(&c.order, c.ordered_on);
    cols.insert(0, ("number", json!(number)));
    cols.push(("status", json!(c.status.as_str())));
    cols.push(("credit_override", json!(i64::from(c.credit_override))));
    cols.push(("backorder", json!(i64::from(c.backorder))));
    let id = w.insert_row("sales_orders", &cols)?;
    let id_s = id.to_string();
    let now_ms = w.now.timestamp_millis().max(0) as u64;
    let ops = plan_children(
        "lines",
        &[],
        c.order
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| (None, line_cols(&l.money, l.product_id, i)))
            .collect(),
        now_ms,
        w.entropy,
    )?;
    let line_ids: Vec<Uuid> = ops
        .iter()
        .filter_map(|op| match op {
            ChildOp::Insert(id, _) => Some(*id),
            _ => None,
        })
        .collect();
    w.apply_children("so_lines", "order_id", &id_s, ops)?;
    let history = |status: OrderStatus, at: DateTime<Utc>, note: &str| {
        w.insert_row(
            "so_status_history",
            &[
                ("order_id", json!(id_s)),
                ("status", json!(status.as_str())),
                ("at", json!(fmt_time(at))),
                ("note", json!(note)),
            ],
        )
        .map(drop)
    };
    history(OrderStatus::Draft, c.entered_at, "")?;
    for e in &c.events {
        match e {
            CheckedEvent::Status(at, status, note) => history(*status, *at, note)?,
            CheckedEvent::Ship {
                at,
                carrier,
                tracking,
                lines,
                status,
            } => {
                let reference = if tracking.is_empty() {
                    number.clone()
                } else {
                    format!("{number} {tracking}")
                };
                for (pos, q) in lines {
                    let movement = w.insert_movement(
                        &c.order.lines[*pos].product_id.to_string(),
                        MovementKind::Shipment,
                        Qty(-q.0),
                        "",
                        &reference,
                        noon_of(*at),
                    )?;
                    w.insert_row(
                        "so_shipments",
                        &[
                            ("order_id", json!(id_s)),
                            ("line_id", json!(line_ids[*pos].to_string())),
                            ("shipped_on", json!(at.date_naive().to_string())),
                            ("qty_milli", json!(q.0)),
                            ("carrier", json!(carrier)),
                            ("tracking", json!(tracking)),
                            ("movement_id", json!(movement.to_string())),
                        ],
                    )?;
                }
                if let Some(s) = status {
                    history(*s, *at, "")?;
                }
            }
            CheckedEvent::Return {
                at,
                reason,
                note,
                lines,
            } => {
                for (pos, q) in lines {
                    let movement = w.insert_movement(
                        &c.order.lines[*pos].product_id.to_string(),
                        MovementKind::Return,
                        *q,
                        reason.as_str(),
                        &number,
                        noon_of(*at),
                    )?;
                    w.insert_row(
                        "so_returns",
                        &[
                            ("order_id", json!(id_s)),
                            ("line_id", json!(line_ids[*pos].to_string())),
                            ("returned_on", json!(at.date_naive().to_string())),
                            ("qty_milli", json!(q.0)),
                            ("reason", json!(reason.as_str())),
                            ("note", json!(note)),
                            ("movement_id", json!(movement.to_string())),
                        ],
                    )?;
                }
            }
        }
    }
    Ok(id)
}

/// The next order number, `SO-yymm-<device code>-<seq>`, taken in the inserting transaction.
fn next_number(w: &Write<'_>) -> Result<String> {
    let seq = crate::device::next_sequence(&w.tx, "sales_order")?;
    Ok(format!(
        "SO-{:02}{:02}-{}-{seq:05}",
        w.now.year() % 100,
        w.now.month(),
        w.device.code
    ))
}

/// The statuses of open orders (not delivered, closed or cancelled), as written in the partial
/// index `sales_orders_open` (a query must repeat it word for word for the index to serve).
const OPEN_STATUSES: &str = "('draft', 'confirmed', 'picking', 'shipped')";

/// Where a page of a list counted by creation day starts.
#[derive(Debug, PartialEq, Eq)]
struct PageWindow {
    /// Rows created before this (the day after the page's first day, `YYYY-MM-DD`).
    before: String,
    /// Rows created on or after this (the oldest day with a matching order).
    from: String,
    /// Matching rows of the days after the page's first day, which the page skips.
    skipped: u64,
}

/// The window of creation days holding row `offset` of a list counted per day (newest day
/// first), or `None` when the list is empty.
fn page_window(days: &[(String, u64)], offset: u64) -> Result<Option<PageWindow>> {
    let Some((oldest, _)) = days.last() else {
        return Ok(None);
    };
    let mut skipped = 0;
    for (day, n) in days {
        if skipped + n > offset {
            let d = parse_date("created_day", day)
                .map_err(|_| StoreError::Corrupt(format!("order count day {day:?}")))?;
            return Ok(Some(PageWindow {
                before: (d + chrono::Duration::days(1)).to_string(),
                from: oldest.clone(),
                skipped,
            }));
        }
        skipped += n;
    }
    // Past the end: no page to read.
    Ok(None)
}

fn find_line(order: &Order, id: Uuid) -> std::result::Result<&OrderLine, ValidationError> {
    order.lines.iter().find(|l| l.id == id).ok_or_else(|| {
        ValidationError::new(ErrorCode::NotFound, "line_id", "not a line of this order")
    })
}

fn record_status(w: &Write<'_>, order: Uuid, status: OrderStatus, note: &str) -> Result<()> {
    w.insert_row(
        "so_status_history",
        &[
            ("order_id", json!(order.to_string())),
            ("status", json!(status.as_str())),
            ("at", json!(fmt_time(w.now))),
            ("note", json!(note)),
        ],
    )
    .map(drop)
}

fn set_status(w: &Write<'_>, order: Uuid, status: OrderStatus, note: &str) -> Result<()> {
    let mut m = serde_json::Map::new();
    m.insert("status".into(), json!(status.as_str()));
    w.update_row("sales_orders", &order.to_string(), m)?;
    record_status(w, order, status, note)
}
