//! Orders with their history from elsewhere (a former system, the data generator), in bulk:
//! each order is checked as entering it would be and each event as the call it stands for,
//! and the rows are those the calls write, in one transaction for all of them.

use chainbook_core::choice;
use chainbook_core::date::parse_at;
use chainbook_core::facts::Fact;
use chainbook_core::order::{
    apply_order_action, check_return, check_shipment, OrderAction, OrderDraft, OrderFields,
    OrderStatus, ReturnReason, CARRIER_MAX, NOTE_MAX, TRACKING_MAX,
};
use chainbook_core::product::{MovementKind, Qty};
use chainbook_core::text::{clean, Lines};
use chainbook_core::{ErrorCode, ValidationError};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use uuid::Uuid;

use super::lifecycle::{
    check_order, header_cols, insert_return, insert_shipment, line_rows, next_number,
    record_status, shipment_reference, LINES,
};
use super::OrdersMut;
use crate::stock::ledger::{self, NewMovement};
use crate::write::Write;
use crate::{Result, StoreError};

/// An order kept elsewhere (a former system, a generator) with what happened to it since it
/// was entered, for [`OrdersMut::import`].
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
    /// Confirm, start picking, deliver, close or cancel, with a note and the facts for the
    /// status history (a confirmation's back-order or credit override).
    Status {
        at: String,
        action: OrderAction,
        note: String,
        facts: Vec<Fact>,
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
    Status(DateTime<Utc>, OrderStatus, String, Vec<Fact>),
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

impl OrdersMut<'_> {
    /// Inserts many orders with their histories in one transaction: all of them or, on the
    /// first invalid order (reported as `orders.<i>.<field>`, e.g. `orders.3.lines.0.quantity`
    /// or `orders.3.events.2.lines.0.quantity`) or failure, none.
    ///
    /// Each order is checked as `create_order` checks it, and its events as the calls they
    /// stand for check them (`confirm_order`, `order_action`, `ship_order`, `return_goods`):
    /// allowed transitions only, no more shipped than ordered nor returned than shipped. The
    /// stock and credit checks of confirmation are not repeated: what happened, happened;
    /// `backorder` and `credit_override` say how it was confirmed. The rows are those the calls
    /// write, each as one insert — the order as it stands now (so no separate status
    /// updates), its lines, its status history with the events' times, shipments and returns
    /// with their stock movements — and order numbers are taken as `create_order` takes them.
    /// Delivery creates no follow-up: imported history is past.
    pub fn import(&mut self, orders: &[ImportedOrder]) -> Result<Vec<Uuid>> {
        self.store.write(|w| {
            let checked = orders
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    check_import(&w.tx, o).map_err(|e| match e {
                        StoreError::Invalid(v) => StoreError::Invalid(v.within("orders", i)),
                        other => other,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            checked.iter().map(|c| insert_imported(w, c)).collect()
        })
    }
}

fn check_import(conn: &rusqlite::Connection, o: &ImportedOrder) -> Result<CheckedImport> {
    let entered_at = parse_at("entered_at", &o.entered_at)?;
    let order = check_order(conn, &o.draft)?;
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
            OrderEvent::Status {
                action,
                note,
                facts,
                ..
            } => {
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
                let note = clean("note", note, NOTE_MAX, false, Lines::Multi).map_err(within)?;
                CheckedEvent::Status(at, next, note, facts.clone())
            }
            OrderEvent::Ship {
                carrier,
                tracking,
                lines: l,
                ..
            } => {
                let next = apply_order_action(status, OrderAction::Ship, false).map_err(within)?;
                let carrier =
                    clean("carrier", carrier, CARRIER_MAX, false, Lines::Single).map_err(within)?;
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
                    choice::required("reason", reason, ErrorCode::InvalidChoice).map_err(within)?;
                let note = clean("note", note, NOTE_MAX, false, Lines::Multi).map_err(within)?;
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
    let line_ids = w.save_children(&LINES, &id_s, &[], line_rows(&c.order))?;
    let history = |status: OrderStatus, at: DateTime<Utc>, note: &str, facts: &[Fact]| {
        record_status(w, id, status, at, note, facts)
    };
    history(OrderStatus::Draft, c.entered_at, "", &[])?;
    for e in &c.events {
        match e {
            CheckedEvent::Status(at, status, note, facts) => history(*status, *at, note, facts)?,
            CheckedEvent::Ship {
                at,
                carrier,
                tracking,
                lines,
                status,
            } => {
                let reference = shipment_reference(&number, tracking);
                for (pos, q) in lines {
                    let movement = ledger::insert(
                        w,
                        &NewMovement {
                            occurred_at: *at,
                            ..NewMovement::on(
                                w,
                                c.order.lines[*pos].product_id,
                                MovementKind::Shipment,
                                Qty(-q.0),
                                at.date_naive(),
                                &reference,
                            )
                        },
                    )?;
                    insert_shipment(
                        w,
                        id,
                        line_ids[*pos],
                        at.date_naive(),
                        *q,
                        carrier,
                        tracking,
                        Some(movement),
                    )?;
                }
                if let Some(s) = status {
                    history(*s, *at, "", &[])?;
                }
            }
            CheckedEvent::Return {
                at,
                reason,
                note,
                lines,
            } => {
                for (pos, q) in lines {
                    let movement = ledger::insert(
                        w,
                        &NewMovement {
                            occurred_at: *at,
                            reason: reason.as_str(),
                            ..NewMovement::on(
                                w,
                                c.order.lines[*pos].product_id,
                                MovementKind::Return,
                                *q,
                                at.date_naive(),
                                &number,
                            )
                        },
                    )?;
                    insert_return(
                        w,
                        id,
                        line_ids[*pos],
                        at.date_naive(),
                        *q,
                        *reason,
                        note,
                        movement,
                    )?;
                }
            }
        }
    }
    Ok(id)
}
