//! An order's life: entered as a draft (and edited while it is one), confirmed after the stock
//! and credit checks, picked, shipped in parts (stock falls), delivered (a feedback follow-up
//! is created), closed, cancelled, and goods returned. Each operation loads the order once,
//! inside its write transaction, and checks it there.

use chainbook_core::customer::{Channel, PaymentMethod};
use chainbook_core::facts::Fact;
use chainbook_core::interaction::{InteractionFields, InteractionKind};
use chainbook_core::order::{
    apply_order_action, check_return, check_shipment, LineMoney, OrderAction, OrderDraft,
    OrderFields, OrderStatus, ReturnDraft, ReturnFields, ReturnReason, ShipmentDraft,
    ShipmentFields,
};
use chainbook_core::product::{MovementKind, Qty};
use chainbook_core::{ErrorCode, ValidationError};
use chrono::{Datelike, NaiveDate};
use serde_json::json;
use uuid::Uuid;

use super::checks::{credit, customer_credit, stock};
use super::read::load;
use super::{Order, OrderLine, OrdersMut};
use crate::stock::ledger::{self, NewMovement};
use crate::write::children::{ChildTable, Submitted};
use crate::write::{Columns, Write};
use crate::{fmt_time, interactions, products, Result};

pub(crate) const LINES: ChildTable = ChildTable {
    table: "so_lines",
    parent_col: "order_id",
    list: "lines",
};

/// The order row's columns but number and status, with `ordered_on` settled.
pub(crate) fn header_cols(f: &OrderFields, ordered_on: NaiveDate) -> Columns {
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
) -> Columns {
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

/// The lines as child rows, in form order.
pub(super) fn line_rows(f: &OrderFields) -> Submitted {
    f.lines
        .iter()
        .enumerate()
        .map(|(i, l)| (l.id, line_cols(&l.money, l.product_id, i)))
        .collect()
}

pub(crate) fn line_cols(l: &LineMoney, product: Uuid, position: usize) -> Columns {
    vec![
        ("product_id", json!(product.to_string())),
        ("qty_milli", json!(l.quantity.0)),
        ("unit_price", json!(l.unit_price.to_string())),
        ("discount_pct", json!(l.discount_pct.to_string())),
        ("tax_rate_pct", json!(l.tax_rate_pct.to_string())),
        ("position", json!(position)),
    ]
}

/// Checks a draft: core's checks, with the customer's currency for an order that names none,
/// then whether the customer and every product exist.
pub(crate) fn check_order(conn: &rusqlite::Connection, d: &OrderDraft) -> Result<OrderFields> {
    let (customer_currency, _) = customer_credit(conn, d.customer_id)?;
    let f = d.validate(&customer_currency)?;
    for (i, l) in f.lines.iter().enumerate() {
        if !products::read::exists(conn, l.product_id)? {
            return Err(
                ValidationError::new(ErrorCode::NotFound, "product_id", "no such product")
                    .within("lines", i)
                    .into(),
            );
        }
    }
    Ok(f)
}

/// The next order number, `SO-yymm-<device code>-<seq>`, taken in the inserting transaction.
pub(crate) fn next_number(w: &Write<'_>) -> Result<String> {
    let seq = crate::device::next_sequence(&w.tx, "sales_order")?;
    Ok(format!(
        "SO-{:02}{:02}-{}-{seq:05}",
        w.now.year() % 100,
        w.now.month(),
        w.device.code
    ))
}

/// Appends a status change to the order's history.
pub(crate) fn record_status(
    w: &Write<'_>,
    order: Uuid,
    status: OrderStatus,
    at: chrono::DateTime<chrono::Utc>,
    note: &str,
    facts: &[Fact],
) -> Result<()> {
    w.insert_row(
        "so_status_history",
        &[
            ("order_id", json!(order.to_string())),
            ("status", json!(status.as_str())),
            ("at", json!(fmt_time(at))),
            ("note", json!(note)),
            (
                "facts",
                json!(if facts.is_empty() {
                    String::new()
                } else {
                    Fact::list_to_json(facts)
                }),
            ),
        ],
    )
    .map(drop)
}

fn set_status(w: &Write<'_>, order: Uuid, status: OrderStatus, facts: &[Fact]) -> Result<()> {
    let mut m = serde_json::Map::new();
    m.insert("status".into(), json!(status.as_str()));
    w.update_row("sales_orders", &order.to_string(), m)?;
    record_status(w, order, status, w.now, "", facts)
}

fn find_line(order: &Order, id: Uuid) -> std::result::Result<&OrderLine, ValidationError> {
    order.lines.iter().find(|l| l.id == id).ok_or_else(|| {
        ValidationError::new(ErrorCode::NotFound, "line_id", "not a line of this order")
    })
}

/// `(line, quantity)` pairs of a shipment or return, each checked by `check`; lines with a
/// zero quantity are left out.
fn checked_lines<'o>(
    order: &'o Order,
    lines: &[(Uuid, Qty)],
    check: impl Fn(&OrderLine, Qty) -> std::result::Result<(), ValidationError>,
) -> Result<Vec<(&'o OrderLine, Qty)>> {
    let mut out = Vec::new();
    for (i, (line_id, q)) in lines.iter().enumerate() {
        let at = |e: ValidationError| e.within("lines", i);
        let line = find_line(order, *line_id).map_err(at)?;
        if q.0 == 0 {
            continue;
        }
        check(line, *q).map_err(at)?;
        out.push((line, *q));
    }
    Ok(out)
}

/// A shipment's stock reference: the order number and the tracking number, if any.
pub(super) fn shipment_reference(number: &str, tracking: &str) -> String {
    if tracking.is_empty() {
        number.to_owned()
    } else {
        format!("{number} {tracking}")
    }
}

impl OrdersMut<'_> {
    /// Saves a new draft order with its lines.
    pub fn create(&mut self, d: &OrderDraft) -> Result<Order> {
        let id = self.store.write(|w| {
            let c = check_order(&w.tx, d)?;
            let number = next_number(w)?;
            let mut cols = header_cols(&c, c.ordered_on.unwrap_or(w.now.date_naive()));
            cols.insert(0, ("number", json!(number)));
            cols.push(("status", json!(OrderStatus::Draft.as_str())));
            cols.push(("credit_override", json!(0)));
            cols.push(("backorder", json!(0)));
            let id = w.insert_row("sales_orders", &cols)?;
            w.save_children(&LINES, &id.to_string(), &[], line_rows(&c))?;
            record_status(w, id, OrderStatus::Draft, w.now, "", &[])?;
            Ok(id)
        })?;
        self.store.orders().get(id)
    }

    /// Saves an edited draft; lines are matched by id (new ones inserted, missing ones removed).
    pub fn update(&mut self, id: Uuid, d: &OrderDraft) -> Result<Order> {
        self.store.write(|w| {
            let old = load(&w.tx, id)?;
            if !old.status.is_editable() {
                return Err(ValidationError::new(
                    ErrorCode::InvalidTransition,
                    "status",
                    "only a draft order can be edited",
                )
                .into());
            }
            let c = check_order(&w.tx, d)?;
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
            let id_s = id.to_string();
            w.update_changed(
                "sales_orders",
                &id_s,
                header_cols(&c, c.ordered_on.unwrap_or(old.ordered_on)),
                row_cols(&stored, &old.channel, &old.payment_method, old.ordered_on),
            )?;
            let old_lines: Vec<(Uuid, Columns)> = old
                .lines
                .iter()
                .enumerate()
                .map(|(i, l)| (l.id, line_cols(&l.money, l.product_id, i)))
                .collect();
            w.save_children(&LINES, &id_s, &old_lines, line_rows(&c))
                .map(drop)
        })?;
        self.store.orders().get(id)
    }

    /// Confirms a draft: checks stock (short lines need `allow_backorder`) and credit (going
    /// over the limit needs `credit_override`), then reserves by changing status. What was
    /// overridden is recorded as facts on the status change. One load of the order, and every
    /// check, inside the confirming transaction.
    pub fn confirm(
        &mut self,
        id: Uuid,
        allow_backorder: bool,
        credit_override: bool,
    ) -> Result<Order> {
        self.store.write(|w| {
            let order = load(&w.tx, id)?;
            let next = apply_order_action(order.status, OrderAction::Confirm, false)?;
            let short = stock(&w.tx, &order)?;
            if !short.is_empty() && !allow_backorder {
                return Err(ValidationError::new(
                    ErrorCode::StockShort,
                    "lines",
                    format!("{} line(s) short on stock", short.len()),
                )
                .into());
            }
            let credit = credit(&w.tx, &order)?;
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
            let mut facts = Vec::new();
            let mut changed = serde_json::Map::new();
            if !short.is_empty() {
                facts.push(Fact::Backorder {
                    lines: short.len() as u32,
                });
                changed.insert("backorder".into(), json!(1));
            }
            if credit.exceeded {
                facts.push(Fact::CreditOverride {
                    open: credit.open_balance.to_string(),
                    order: credit.this_order.to_string(),
                    limit: credit.credit_limit.to_string(),
                    currency: order.currency.clone(),
                });
                changed.insert("credit_override".into(), json!(1));
            }
            w.update_row("sales_orders", &id.to_string(), changed)?;
            set_status(w, id, next, &facts)
        })?;
        self.store.orders().get(id)
    }

    /// Starts picking, delivers, closes or cancels. Delivering creates a follow-up on the
    /// customer, due `follow_up_on` (three days later when not given), to ask for feedback:
    /// an interaction the app makes, recorded as a fact the UI words in the user's language.
    pub fn action(
        &mut self,
        id: Uuid,
        action: OrderAction,
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
        self.store.write(|w| {
            let order = load(&w.tx, id)?;
            let shipped_any = order.lines.iter().any(|l| l.shipped.0 > 0);
            let next = apply_order_action(order.status, action, shipped_any)?;
            set_status(w, id, next, &[])?;
            if next == OrderStatus::Delivered {
                let due = follow_up_on.unwrap_or(w.now.date_naive() + chrono::Duration::days(3));
                interactions::write::insert(
                    w,
                    &InteractionFields {
                        customer_id: order.customer_id,
                        contact_id: None,
                        kind: InteractionKind::Call,
                        occurred_at: w.now,
                        summary: String::new(),
                        outcome: String::new(),
                        follow_up_on: Some(due),
                    },
                    Some(&Fact::DeliveryFeedback {
                        order_id: id,
                        order_number: order.number.clone(),
                    }),
                )?;
            }
            Ok(())
        })?;
        self.store.orders().get(id)
    }

    /// Ships some or all unshipped quantities: shipment movements go into the stock ledger on
    /// the shipping date (negative stock is allowed and flagged), and the order becomes
    /// shipped.
    pub fn ship(&mut self, id: Uuid, d: &ShipmentDraft) -> Result<Order> {
        self.store.write(|w| {
            let order = load(&w.tx, id)?;
            let next = apply_order_action(order.status, OrderAction::Ship, false)?;
            let ShipmentFields {
                shipped_on: date,
                carrier,
                tracking,
                lines,
            } = d.validate()?;
            let lines = checked_lines(&order, &lines, |line, q| {
                check_shipment(line.money.quantity, line.shipped, q)
            })?;
            let reference = shipment_reference(&order.number, &tracking);
            for (line, q) in &lines {
                let movement = ledger::insert(
                    w,
                    &NewMovement::on(
                        w,
                        line.product_id,
                        MovementKind::Shipment,
                        Qty(-q.0),
                        date,
                        &reference,
                    ),
                )?;
                insert_shipment(
                    w,
                    id,
                    line.id,
                    date,
                    *q,
                    &carrier,
                    &tracking,
                    Some(movement),
                )?;
            }
            if next != order.status {
                set_status(w, id, next, &[])?;
            }
            Ok(())
        })?;
        self.store.orders().get(id)
    }

    /// Records goods coming back after delivery: return movements into stock on the return
    /// date, with a reason.
    pub fn return_goods(&mut self, id: Uuid, d: &ReturnDraft) -> Result<Order> {
        self.store.write(|w| {
            let order = load(&w.tx, id)?;
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
            let lines = checked_lines(&order, &lines, |line, q| {
                check_return(line.shipped, line.returned, q)
            })?;
            for (line, q) in &lines {
                let movement = ledger::insert(
                    w,
                    &NewMovement {
                        reason: reason.as_str(),
                        ..NewMovement::on(
                            w,
                            line.product_id,
                            MovementKind::Return,
                            *q,
                            date,
                            &order.number,
                        )
                    },
                )?;
                insert_return(w, id, line.id, date, *q, reason, &note, movement)?;
            }
            Ok(())
        })?;
        self.store.orders().get(id)
    }
}

/// One line of one shipment, with the movement it wrote.
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_shipment(
    w: &Write<'_>,
    order: Uuid,
    line: Uuid,
    on: NaiveDate,
    qty: Qty,
    carrier: &str,
    tracking: &str,
    movement: Option<Uuid>,
) -> Result<()> {
    w.insert_row(
        "so_shipments",
        &[
            ("order_id", json!(order.to_string())),
            ("line_id", json!(line.to_string())),
            ("shipped_on", json!(on.to_string())),
            ("qty_milli", json!(qty.0)),
            ("carrier", json!(carrier)),
            ("tracking", json!(tracking)),
            // None: history imported without touching stock; no movement was written.
            (
                "movement_id",
                json!(movement.map(|m| m.to_string()).unwrap_or_default()),
            ),
        ],
    )
    .map(drop)
}

/// One line of one return, with the movement it wrote.
#[allow(clippy::too_many_arguments)]
pub(super) fn insert_return(
    w: &Write<'_>,
    order: Uuid,
    line: Uuid,
    on: NaiveDate,
    qty: Qty,
    reason: ReturnReason,
    note: &str,
    movement: Uuid,
) -> Result<()> {
    w.insert_row(
        "so_returns",
        &[
            ("order_id", json!(order.to_string())),
            ("line_id", json!(line.to_string())),
            ("returned_on", json!(on.to_string())),
            ("qty_milli", json!(qty.0)),
            ("reason", json!(reason.as_str())),
            ("note", json!(note)),
            ("movement_id", json!(movement.to_string())),
        ],
    )
    .map(drop)
}
