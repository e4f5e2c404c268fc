//! Historical sales orders from order lines: rows with the same order number are one order
//! (the same customer and date on each), a row without a number is an order of its own, the
//! file's numbers are kept (unique in the file and against every order). Customers are found
//! by code and products by SKU. Each order is checked as entering it is (`OrderDraft::
//! validate` with the customer's currency, line by line as the lines arrive) and written as
//! the history it is: entered, confirmed and shipped on its order date, delivered on its
//! delivery date (or the order date) and closed then. Its shipments take nothing from today's
//! stock unless the plan says so (`touch_stock`: shipment movements on the delivery date).
//! A line with only an amount gets the unit price that gives exactly that amount, or is
//! refused when no price in the currency's minor unit does.

use std::collections::HashMap;

use chainbook_core::money;
use chainbook_core::order::{LineMoney, LineMoneyDraft, OrderDraft, OrderLineDraft, OrderStatus};
use chainbook_core::product::{MovementKind, Qty};
use chainbook_core::ErrorCode;
use chainbook_import::rows::{OrderLineRow, Row};
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use rusqlite::OptionalExtension;
use rust_decimal::Decimal;
use serde_json::json;
use uuid::Uuid;

use super::{Ctx, Done, DuplicateRow, Importer, OnDuplicate, RowError};
use crate::orders::lifecycle::{
    header_cols, insert_shipment, line_cols, next_number, record_status,
};
use crate::stock::ledger::{self, NewMovement};
use crate::write::Write;

/// An order of the file, from its first line on.
struct Open {
    customer_code: String,
    ordered_on: NaiveDate,
    delivered_on: NaiveDate,
    currency: String,
    lines: usize,
    skipped: bool,
    /// When committing: the written order and its number.
    written: Option<(Uuid, String)>,
}

pub(crate) struct Orders {
    touch_stock: bool,
    customers: HashMap<String, Option<(Uuid, String)>>,
    products: HashMap<String, Option<Uuid>>,
    open: HashMap<String, Open>,
}

impl Orders {
    pub(crate) fn new(touch_stock: bool) -> Self {
        Orders {
            touch_stock,
            customers: HashMap::new(),
            products: HashMap::new(),
            open: HashMap::new(),
        }
    }

    fn customer(
        &mut self,
        cx: &Ctx<'_, '_>,
        code: &str,
    ) -> Result<Option<(Uuid, String)>, RowError> {
        if let Some(c) = self.customers.get(code) {
            return Ok(c.clone());
        }
        let found = cx
            .conn
            .prepare_cached("SELECT id, currency FROM customers WHERE code = ?1 AND deleted = 0")?
            .query_row([code], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .optional()?
            .and_then(|(id, cur)| Some((id.parse().ok()?, cur)));
        self.customers.insert(code.to_owned(), found.clone());
        Ok(found)
    }

    fn product(&mut self, cx: &Ctx<'_, '_>, sku: &str) -> Result<Option<Uuid>, RowError> {
        if let Some(p) = self.products.get(sku) {
            return Ok(*p);
        }
        let found = cx
            .conn
            .prepare_cached("SELECT id FROM products WHERE sku = ?1 AND deleted = 0")?
            .query_row([sku], |r| r.get::<_, String>(0))
            .optional()?
            .and_then(|id| id.parse().ok());
        self.products.insert(sku.to_owned(), found);
        Ok(found)
    }
}

fn midnight(d: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&d.and_time(NaiveTime::MIN))
}

/// The line's money: its unit price as given, or the one that gives its amount exactly;
/// checked by core with the order (see [`Orders::row`]). An amount given beside a price must
/// be the line's net or gross.
fn line_money(
    cx: &Ctx<'_, '_>,
    l: &OrderLineRow,
    currency: &str,
) -> Result<LineMoneyDraft, RowError> {
    let unit_price = match (l.unit_price, l.amount) {
        (Some(p), _) => p,
        (None, Some(amount)) => {
            let qty: Decimal = l
                .quantity
                .parse()
                .map_err(|_| cx.issue("quantity", ErrorCode::InvalidDecimal))?;
            let discount: Decimal = l.discount_pct.parse().unwrap_or_default();
            let share = Decimal::ONE - discount / Decimal::from(100);
            if qty.is_zero() || share.is_zero() {
                return Err(cx.issue("amount", ErrorCode::Conflict));
            }
            money::round(amount / qty / share, currency)
        }
        (None, None) => return Err(cx.issue("unit_price", ErrorCode::Required)),
    };
    Ok(LineMoneyDraft {
        quantity: l.quantity.clone(),
        unit_price: unit_price.to_string(),
        discount_pct: l.discount_pct.clone(),
        tax_rate_pct: l.tax_rate_pct.clone(),
    })
}

fn check_amount(
    cx: &Ctx<'_, '_>,
    l: &OrderLineRow,
    m: &LineMoney,
    currency: &str,
) -> Result<(), RowError> {
    if let Some(amount) = l.amount {
        let a = m.amounts(currency);
        let amount = money::round(amount, currency);
        if a.net != amount && a.gross != amount {
            return Err(cx.issue("amount", ErrorCode::Conflict));
        }
    }
    Ok(())
}

/// A core validation error of the order, placed on the row's field.
fn order_field(path: &str) -> &'static str {
    let last = path.rsplit('.').next().unwrap_or("");
    match last {
        "currency" => "currency",
        "channel" => "channel",
        "payment_method" => "payment_method",
        "ordered_on" => "ordered_on",
        "notes" => "notes",
        "quantity" => "quantity",
        "discount_pct" => "discount_pct",
        "tax_rate_pct" => "tax_rate_pct",
        _ => "unit_price",
    }
}

impl Importer for Orders {
    fn row(
        &mut self,
        cx: &Ctx<'_, '_>,
        row: Row,
    ) -> Result<(Done, Option<DuplicateRow>), RowError> {
        let Row::OrderLine(l) = row else {
            return Err(cx.issue("", ErrorCode::Internal));
        };
        let Some((customer_id, customer_currency)) = self.customer(cx, &l.customer_code)? else {
            return Err(cx.issue("customer_code", ErrorCode::NotFound));
        };
        let Some(product_id) = self.product(cx, &l.sku)? else {
            return Err(cx.issue("sku", ErrorCode::NotFound));
        };
        let currency = match l.currency.trim() {
            "" => customer_currency.clone(),
            c => money::parse_currency("currency", c).map_err(|e| cx.issue("currency", e.code))?,
        };
        let money = line_money(cx, &l, &currency)?;
        let draft = OrderDraft {
            customer_id,
            currency: currency.clone(),
            channel: l.channel.clone(),
            payment_method: l.payment_method.clone(),
            ordered_on: l.ordered_on.to_string(),
            promised_on: String::new(),
            notes: l.notes.clone(),
            lines: vec![OrderLineDraft {
                id: None,
                product_id,
                money,
            }],
        };
        let fields = draft
            .validate(&customer_currency)
            .map_err(|e| cx.issue(order_field(&e.field), e.code))?;
        let line = fields.lines[0].money;
        check_amount(cx, &l, &line, &currency)?;

        // A further line of an order met before.
        if !l.number.is_empty() {
            if let Some(o) = self.open.get_mut(&l.number) {
                if o.customer_code != l.customer_code {
                    return Err(cx.issue("customer_code", ErrorCode::Conflict));
                }
                if o.ordered_on != l.ordered_on {
                    return Err(cx.issue("ordered_on", ErrorCode::Conflict));
                }
                if o.currency != currency {
                    return Err(cx.issue("currency", ErrorCode::Conflict));
                }
                if o.skipped {
                    return Ok((Done::Skipped, None));
                }
                let position = o.lines;
                o.lines += 1;
                if let (Some(w), Some((id, number))) = (cx.w, &o.written) {
                    write_line(
                        w,
                        *id,
                        number,
                        position,
                        product_id,
                        &line,
                        o.delivered_on,
                        self.touch_stock,
                    )?;
                }
                return Ok((Done::Line, None));
            }
        }

        // The first line of an order.
        let mut dup = None;
        let mut keep_number = !l.number.is_empty();
        if keep_number {
            let existing = cx
                .conn
                .prepare_cached("SELECT id FROM sales_orders WHERE number = ?1")?
                .query_row([&l.number], |r| r.get::<_, String>(0))
                .optional()?;
            if let Some(id) = existing {
                let d = cx.duplicate(&l.number, id.parse().unwrap_or_default());
                match d.action {
                    OnDuplicate::Update => return Err(cx.issue("number", ErrorCode::InvalidChoice)),
                    OnDuplicate::Create => keep_number = false,
                    OnDuplicate::Skip => {}
                }
                dup = Some(d);
            }
        }
        let skipped = dup.as_ref().is_some_and(|d| d.action == OnDuplicate::Skip);
        let delivered_on = l.delivered_on.unwrap_or(l.ordered_on);
        let mut open = Open {
            customer_code: l.customer_code.clone(),
            ordered_on: l.ordered_on,
            delivered_on,
            currency: currency.clone(),
            lines: 1,
            skipped,
            written: None,
        };
        if let (Some(w), false) = (cx.w, skipped) {
            let number = if keep_number {
                l.number.clone()
            } else {
                next_number(w)?
            };
            let id = w.new_row_id();
            let mut cols = header_cols(&fields, l.ordered_on);
            cols.insert(0, ("number", json!(number)));
            cols.push(("status", json!(OrderStatus::Closed.as_str())));
            cols.push(("credit_override", json!(0)));
            cols.push(("backorder", json!(0)));
            let entered = midnight(l.ordered_on);
            w.insert_row_created("sales_orders", id, &cols, entered)?;
            let done = midnight(delivered_on);
            for (status, at) in [
                (OrderStatus::Draft, entered),
                (OrderStatus::Confirmed, entered),
                (OrderStatus::Shipped, done),
                (OrderStatus::Delivered, done),
                (OrderStatus::Closed, done),
            ] {
                record_status(w, id, status, at, "", &[])?;
            }
            write_line(
                w,
                id,
                &number,
                0,
                product_id,
                &line,
                delivered_on,
                self.touch_stock,
            )?;
            open.written = Some((id, number));
        }
        if !l.number.is_empty() {
            self.open.insert(l.number.clone(), open);
        }
        Ok((
            if skipped {
                Done::Skipped
            } else {
                Done::Created
            },
            dup,
        ))
    }
}

/// One line of a written order and its shipment (with its stock movement when asked).
#[allow(clippy::too_many_arguments)]
fn write_line(
    w: &Write<'_>,
    order: Uuid,
    number: &str,
    position: usize,
    product: Uuid,
    m: &LineMoney,
    shipped_on: NaiveDate,
    touch_stock: bool,
) -> Result<(), RowError> {
    let mut cols = line_cols(m, product, position);
    cols.insert(0, ("order_id", json!(order.to_string())));
    let line = w.insert_row("so_lines", &cols)?;
    let movement = if touch_stock {
        Some(ledger::insert(
            w,
            &NewMovement {
                occurred_at: midnight(shipped_on),
                ..NewMovement::on(
                    w,
                    product,
                    MovementKind::Shipment,
                    Qty(-m.quantity.0),
                    shipped_on,
                    number,
                )
            },
        )?)
    } else {
        None
    };
    insert_shipment(w, order, line, shipped_on, m.quantity, "", "", movement)?;
    Ok(())
}
