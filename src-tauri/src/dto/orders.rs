//! Wire types for sales orders: the order form, the order page, stock and credit checks,
//! shipments, returns and the order list: raw strings in, decimal strings and ISO dates out.

use chainbook_core::analytics::kpi::DeliveryShortfall;
use chainbook_core::choice;
use chainbook_core::date::opt_date;
use chainbook_core::order::{
    LineMoneyDraft, OrderDraft, OrderLineDraft, ReturnDraft, ShipmentDraft,
};
use chainbook_core::ValidationError;
use chainbook_store::orders::{
    CreditCheck, DeliveredIn, Order, OrderLine, OrderQuery, OrderSummary, ShippedIn, Shortfall,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::wire::*;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct OrderLineInput {
    /// Set when editing a draft's existing line.
    pub id: Option<String>,
    pub product_id: String,
    pub quantity: String,
    pub unit_price: String,
    /// Percent 0–100; empty means 0.
    pub discount_pct: String,
    /// Percent 0–100; empty means 0.
    pub tax_rate_pct: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct OrderInput {
    pub customer_id: String,
    /// Empty means the customer's currency.
    pub currency: String,
    pub channel: String,
    pub payment_method: String,
    /// YYYY-MM-DD; empty means today.
    pub ordered_on: String,
    /// YYYY-MM-DD or empty.
    pub promised_on: String,
    pub notes: String,
    pub lines: Vec<OrderLineInput>,
}

impl TryFrom<OrderInput> for OrderDraft {
    type Error = ValidationError;

    fn try_from(i: OrderInput) -> Result<Self, ValidationError> {
        let lines = i
            .lines
            .into_iter()
            .enumerate()
            .map(|(n, l)| {
                let at = |e: ValidationError| e.within("lines", n);
                Ok(OrderLineDraft {
                    id: match l.id.as_deref().map(str::trim) {
                        None | Some("") => None,
                        Some(v) => Some(field_id(v, "id").map_err(at)?),
                    },
                    product_id: field_id(&l.product_id, "product_id").map_err(at)?,
                    money: LineMoneyDraft {
                        quantity: l.quantity,
                        unit_price: l.unit_price,
                        discount_pct: l.discount_pct,
                        tax_rate_pct: l.tax_rate_pct,
                    },
                })
            })
            .collect::<Result<Vec<_>, ValidationError>>()?;
        Ok(OrderDraft {
            customer_id: field_id(&i.customer_id, "customer_id")?,
            currency: i.currency,
            channel: i.channel,
            payment_method: i.payment_method,
            ordered_on: i.ordered_on,
            promised_on: i.promised_on,
            notes: i.notes,
            lines,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "OrderLine")]
pub struct OrderLineDto {
    pub id: String,
    pub product_id: String,
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub quantity: String,
    pub unit_price: String,
    pub discount_pct: String,
    pub tax_rate_pct: String,
    pub net: String,
    pub tax: String,
    pub gross: String,
    pub shipped: String,
    pub returned: String,
    pub unshipped: String,
}

impl From<OrderLine> for OrderLineDto {
    fn from(l: OrderLine) -> Self {
        OrderLineDto {
            id: l.id.to_string(),
            product_id: l.product_id.to_string(),
            unshipped: l.unshipped().to_string(),
            sku: l.sku,
            name: l.name,
            unit: l.unit,
            quantity: l.money.quantity.to_string(),
            unit_price: l.money.unit_price.to_string(),
            discount_pct: l.money.discount_pct.to_string(),
            tax_rate_pct: l.money.tax_rate_pct.to_string(),
            net: l.amounts.net.to_string(),
            tax: l.amounts.tax.to_string(),
            gross: l.amounts.gross.to_string(),
            shipped: l.shipped.to_string(),
            returned: l.returned.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OrderStatusChangeDto {
    #[ts(type = "OrderStatus")]
    pub status: String,
    pub at: String,
    /// What the user wrote with the change.
    pub note: String,
    /// What the app recorded: a back-order, a credit override.
    pub facts: Vec<FactDto>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ShipmentDto {
    pub line_id: String,
    pub sku: String,
    pub shipped_on: String,
    pub quantity: String,
    pub carrier: String,
    pub tracking: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReturnDto {
    pub line_id: String,
    pub sku: String,
    pub returned_on: String,
    pub quantity: String,
    /// wrong_item | damaged | quality | other
    pub reason: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Order")]
pub struct OrderDto {
    pub id: String,
    pub number: String,
    pub customer_id: String,
    pub customer_name: String,
    /// draft | confirmed | picking | shipped | delivered | closed | cancelled
    #[ts(type = "OrderStatus")]
    pub status: String,
    pub currency: String,
    pub channel: String,
    pub payment_method: String,
    pub ordered_on: String,
    pub promised_on: Option<String>,
    pub notes: String,
    pub credit_override: bool,
    pub backorder: bool,
    pub created_at: String,
    pub late: bool,
    pub lines: Vec<OrderLineDto>,
    pub net: String,
    pub tax: String,
    pub gross: String,
    pub history: Vec<OrderStatusChangeDto>,
    pub shipments: Vec<ShipmentDto>,
    pub returns: Vec<ReturnDto>,
}

impl OrderDto {
    pub fn new(o: Order, today: chrono::NaiveDate) -> Self {
        OrderDto {
            late: o.is_late(today),
            id: o.id.to_string(),
            number: o.number,
            customer_id: o.customer_id.to_string(),
            customer_name: o.customer_name,
            status: o.status.as_str().to_owned(),
            currency: o.currency,
            channel: o.channel,
            payment_method: o.payment_method,
            ordered_on: o.ordered_on.to_string(),
            promised_on: o.promised_on.map(|d| d.to_string()),
            notes: o.notes,
            credit_override: o.credit_override,
            backorder: o.backorder,
            created_at: o.created_at,
            lines: o.lines.into_iter().map(Into::into).collect(),
            net: o.totals.net.to_string(),
            tax: o.totals.tax.to_string(),
            gross: o.totals.gross.to_string(),
            history: o
                .history
                .into_iter()
                .map(|h| OrderStatusChangeDto {
                    status: h.status.as_str().to_owned(),
                    at: h.at,
                    note: h.note,
                    facts: facts(h.facts),
                })
                .collect(),
            shipments: o
                .shipments
                .into_iter()
                .map(|s| ShipmentDto {
                    line_id: s.line_id.to_string(),
                    sku: s.sku,
                    shipped_on: s.shipped_on.to_string(),
                    quantity: s.quantity.to_string(),
                    carrier: s.carrier,
                    tracking: s.tracking,
                })
                .collect(),
            returns: o
                .returns
                .into_iter()
                .map(|r| ReturnDto {
                    line_id: r.line_id.to_string(),
                    sku: r.sku,
                    returned_on: r.returned_on.to_string(),
                    quantity: r.quantity.to_string(),
                    reason: r.reason.as_str().to_owned(),
                    note: r.note,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ShortfallDto {
    pub line_id: String,
    pub product_id: String,
    pub sku: String,
    pub needed: String,
    pub available: String,
    pub short: String,
}

impl From<Shortfall> for ShortfallDto {
    fn from(s: Shortfall) -> Self {
        ShortfallDto {
            line_id: s.line_id.to_string(),
            product_id: s.product_id.to_string(),
            sku: s.sku,
            needed: s.needed.to_string(),
            available: s.available.to_string(),
            short: s.short.to_string(),
        }
    }
}

/// What confirming would mean: short lines and the credit position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ConfirmCheckDto {
    pub shortfalls: Vec<ShortfallDto>,
    pub credit_limit: String,
    pub open_balance: String,
    pub this_order: String,
    pub credit_exceeded: bool,
}

impl ConfirmCheckDto {
    pub fn new(short: Vec<Shortfall>, c: CreditCheck) -> Self {
        ConfirmCheckDto {
            shortfalls: short.into_iter().map(Into::into).collect(),
            credit_limit: c.credit_limit.to_string(),
            open_balance: c.open_balance.to_string(),
            this_order: c.this_order.to_string(),
            credit_exceeded: c.exceeded,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct QtyLineInput {
    pub line_id: String,
    pub quantity: String,
}

fn qty_lines(lines: Vec<QtyLineInput>) -> Result<Vec<(uuid::Uuid, String)>, ValidationError> {
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            Ok((
                field_id(&l.line_id, "line_id").map_err(|e| e.within("lines", i))?,
                l.quantity,
            ))
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ShipmentInput {
    /// YYYY-MM-DD
    pub shipped_on: String,
    pub carrier: String,
    pub tracking: String,
    pub lines: Vec<QtyLineInput>,
}

impl TryFrom<ShipmentInput> for ShipmentDraft {
    type Error = ValidationError;

    fn try_from(i: ShipmentInput) -> Result<Self, ValidationError> {
        Ok(ShipmentDraft {
            shipped_on: i.shipped_on,
            carrier: i.carrier,
            tracking: i.tracking,
            lines: qty_lines(i.lines)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ReturnInput {
    /// YYYY-MM-DD
    pub returned_on: String,
    /// wrong_item | damaged | quality | other
    pub reason: String,
    pub note: String,
    pub lines: Vec<QtyLineInput>,
}

impl TryFrom<ReturnInput> for ReturnDraft {
    type Error = ValidationError;

    fn try_from(i: ReturnInput) -> Result<Self, ValidationError> {
        Ok(ReturnDraft {
            returned_on: i.returned_on,
            reason: i.reason,
            note: i.note,
            lines: qty_lines(i.lines)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "OrderSummary")]
pub struct OrderSummaryDto {
    pub id: String,
    pub number: String,
    pub customer_id: String,
    pub customer_name: String,
    #[ts(type = "OrderStatus")]
    pub status: String,
    pub currency: String,
    pub total: String,
    pub ordered_on: String,
    pub promised_on: Option<String>,
    pub late: bool,
    /// Seconds from the first confirmation to the first shipment, in the list of the orders
    /// behind the processing time only.
    #[ts(type = "number | null")]
    pub processing_secs: Option<i64>,
}

impl From<OrderSummary> for OrderSummaryDto {
    fn from(o: OrderSummary) -> Self {
        OrderSummaryDto {
            id: o.id.to_string(),
            number: o.number,
            customer_id: o.customer_id.to_string(),
            customer_name: o.customer_name,
            status: o.status.as_str().to_owned(),
            currency: o.currency,
            total: o.total.to_string(),
            ordered_on: o.ordered_on.to_string(),
            promised_on: o.promised_on.map(|d| d.to_string()),
            late: o.late,
            processing_secs: o.processing_secs,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct OrderListQuery {
    pub page: u32,
    pub page_size: u32,
    pub status: Option<String>,
    pub customer_id: Option<String>,
    /// YYYY-MM-DD, inclusive.
    pub from: Option<String>,
    /// YYYY-MM-DD, inclusive.
    pub to: Option<String>,
    pub late_only: bool,
    /// Only orders first delivered in these days (YYYY-MM-DD, inclusive) that fell short as
    /// `delivered_shortfall` says (`late`, `inaccurate`, `imperfect`): the drill-downs of the
    /// dashboard's on-time, accuracy and perfect-order rates. All three or none.
    pub delivered_from: Option<String>,
    pub delivered_to: Option<String>,
    pub delivered_shortfall: Option<String>,
    /// Only orders first shipped in these days (YYYY-MM-DD, inclusive) after a confirmation,
    /// slowest first: the drill-down of the dashboard's processing time. Both or none; not
    /// with the `delivered_` ones.
    pub shipped_from: Option<String>,
    pub shipped_to: Option<String>,
    /// The user's local date (YYYY-MM-DD), for the late flag.
    pub today: String,
}

impl TryFrom<OrderListQuery> for OrderQuery {
    type Error = ValidationError;

    fn try_from(q: OrderListQuery) -> Result<Self, ValidationError> {
        Ok(OrderQuery {
            page: q.page,
            page_size: q.page_size,
            status: choice::optional("status", q.status.as_deref().unwrap_or_default())?,
            customer_id: match q.customer_id.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(s) => Some(field_id(s, "customer_id")?),
            },
            from: opt_date("from", q.from.as_deref().unwrap_or_default())?,
            to: opt_date("to", q.to.as_deref().unwrap_or_default())?,
            late_only: q.late_only,
            delivered: match (
                opt_date(
                    "delivered_from",
                    q.delivered_from.as_deref().unwrap_or_default(),
                )?,
                opt_date(
                    "delivered_to",
                    q.delivered_to.as_deref().unwrap_or_default(),
                )?,
                choice::optional::<DeliveryShortfall>(
                    "delivered_shortfall",
                    q.delivered_shortfall.as_deref().unwrap_or_default(),
                )?,
            ) {
                (Some(from), Some(to), Some(shortfall)) => Some(DeliveredIn {
                    from,
                    to,
                    shortfall,
                }),
                _ => None,
            },
            shipped: match (
                opt_date(
                    "shipped_from",
                    q.shipped_from.as_deref().unwrap_or_default(),
                )?,
                opt_date("shipped_to", q.shipped_to.as_deref().unwrap_or_default())?,
            ) {
                (Some(from), Some(to)) => Some(ShippedIn { from, to }),
                _ => None,
            },
            today: opt_date("today", &q.today)?,
        })
    }
}

pub type OrderPage = PageDto<OrderSummaryDto>;

/// The tax rates order lines offer (Settings) and the one a new line starts with; percentages
/// as decimal texts, `default_pct` empty for none. The same shape goes both ways.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "TaxRates")]
pub struct TaxRatesDto {
    pub rates: Vec<TaxRateDto>,
    pub default_pct: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "TaxRate")]
pub struct TaxRateDto {
    pub name: String,
    pub rate_pct: String,
}

impl From<chainbook_core::tax::TaxRates> for TaxRatesDto {
    fn from(t: chainbook_core::tax::TaxRates) -> Self {
        TaxRatesDto {
            rates: t
                .rates
                .into_iter()
                .map(|r| TaxRateDto {
                    name: r.name,
                    rate_pct: r.rate_pct.to_string(),
                })
                .collect(),
            default_pct: t.default_pct.map(|d| d.to_string()).unwrap_or_default(),
        }
    }
}

impl From<TaxRatesDto> for chainbook_core::tax::TaxRatesDraft {
    fn from(t: TaxRatesDto) -> Self {
        chainbook_core::tax::TaxRatesDraft {
            rates: t
                .rates
                .into_iter()
                .map(|r| chainbook_core::tax::TaxRateDraft {
                    name: r.name,
                    rate_pct: r.rate_pct,
                })
                .collect(),
            default_pct: t.default_pct,
        }
    }
}
