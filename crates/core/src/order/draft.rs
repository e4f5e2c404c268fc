//! Orders, shipments and returns as typed, and every check on them that needs no stored data.
//! The store looks up what the checks need (the customer's currency), calls these first, then
//! checks the rest against the database: that the customer and products exist, that a line
//! belongs to the order, that no more is shipped or returned than is left.

use chrono::NaiveDate;
use uuid::Uuid;

use super::money::{LineMoney, LineMoneyDraft};
use super::ReturnReason;
use crate::choice;
use crate::customer::{Channel, PaymentMethod};
use crate::date::{opt_date, parse_date};
use crate::error::{ErrorCode, ValidationError};
use crate::money;
use crate::product::Qty;
use crate::text::{clean, Lines};

pub const NOTES_MAX: usize = 5_000;
pub const CARRIER_MAX: usize = 100;
pub const TRACKING_MAX: usize = 100;
/// A return's note, and a note on an imported order's status change.
pub const NOTE_MAX: usize = 1_000;

/// An order line as typed. `id` is set when editing a draft's existing line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderLineDraft {
    pub id: Option<Uuid>,
    pub product_id: Uuid,
    pub money: LineMoneyDraft,
}

/// An order as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderDraft {
    pub customer_id: Uuid,
    /// Empty means the customer's currency.
    pub currency: String,
    pub channel: String,
    pub payment_method: String,
    /// `YYYY-MM-DD`; empty means the creation day.
    pub ordered_on: String,
    /// `YYYY-MM-DD`, or empty.
    pub promised_on: String,
    pub notes: String,
    pub lines: Vec<OrderLineDraft>,
}

/// A checked order line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLineFields {
    pub id: Option<Uuid>,
    pub product_id: Uuid,
    pub money: LineMoney,
}

/// A checked order; whether its customer and products exist is the store's to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderFields {
    pub customer_id: Uuid,
    pub currency: String,
    pub channel: Option<Channel>,
    pub payment_method: Option<PaymentMethod>,
    /// `None`: the day the order is saved.
    pub ordered_on: Option<NaiveDate>,
    pub promised_on: Option<NaiveDate>,
    pub notes: String,
    pub lines: Vec<OrderLineFields>,
}

impl OrderDraft {
    /// Checks the order in form order; an empty currency means `customer_currency`, which also
    /// decides how many decimals the unit prices may have.
    pub fn validate(&self, customer_currency: &str) -> Result<OrderFields, ValidationError> {
        let currency = match self.currency.trim() {
            "" => customer_currency.to_owned(),
            c => money::parse_currency("currency", c)?,
        };
        let channel = choice::optional("channel", &self.channel)?;
        let payment_method = choice::optional("payment_method", &self.payment_method)?;
        let ordered_on = opt_date("ordered_on", &self.ordered_on)?;
        let promised_on = opt_date("promised_on", &self.promised_on)?;
        if let (Some(o), Some(p)) = (ordered_on, promised_on) {
            if p < o {
                return Err(ValidationError::new(
                    ErrorCode::DateOrder,
                    "promised_on",
                    "the promised date is before the order date",
                ));
            }
        }
        let notes = clean("notes", &self.notes, NOTES_MAX, false, Lines::Multi)?;
        if self.lines.is_empty() {
            return Err(ValidationError::new(
                ErrorCode::Required,
                "lines",
                "an order needs at least one line",
            ));
        }
        let lines = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                Ok(OrderLineFields {
                    id: l.id,
                    product_id: l.product_id,
                    money: l
                        .money
                        .validate(&currency)
                        .map_err(|e| e.within("lines", i))?,
                })
            })
            .collect::<Result<Vec<_>, ValidationError>>()?;
        Ok(OrderFields {
            customer_id: self.customer_id,
            currency,
            channel,
            payment_method,
            ordered_on,
            promised_on,
            notes,
            lines,
        })
    }
}

/// A shipment as typed: one date, carrier and tracking number for several lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShipmentDraft {
    /// `YYYY-MM-DD`
    pub shipped_on: String,
    pub carrier: String,
    pub tracking: String,
    /// `(line id, quantity)`
    pub lines: Vec<(Uuid, String)>,
}

/// A checked shipment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipmentFields {
    pub shipped_on: NaiveDate,
    pub carrier: String,
    pub tracking: String,
    /// `(line id, quantity)`, one per draft line in its order, so what the store finds wrong
    /// with a line is reported at the draft's index; a zero quantity ships nothing of the line.
    pub lines: Vec<(Uuid, Qty)>,
}

impl ShipmentDraft {
    /// Checks the date, carrier, tracking number and quantities; something must ship.
    pub fn validate(&self) -> Result<ShipmentFields, ValidationError> {
        let shipped_on = parse_date("shipped_on", &self.shipped_on)?;
        let carrier = clean("carrier", &self.carrier, CARRIER_MAX, false, Lines::Single)?;
        let tracking = clean(
            "tracking",
            &self.tracking,
            TRACKING_MAX,
            false,
            Lines::Single,
        )?;
        Ok(ShipmentFields {
            shipped_on,
            carrier,
            tracking,
            lines: line_quantities(&self.lines, "nothing to ship")?,
        })
    }
}

/// A return as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReturnDraft {
    /// `YYYY-MM-DD`
    pub returned_on: String,
    /// `ReturnReason` as text.
    pub reason: String,
    pub note: String,
    /// `(line id, quantity)`
    pub lines: Vec<(Uuid, String)>,
}

/// A checked return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnFields {
    pub returned_on: NaiveDate,
    pub reason: ReturnReason,
    pub note: String,
    /// As [`ShipmentFields::lines`].
    pub lines: Vec<(Uuid, Qty)>,
}

impl ReturnDraft {
    /// Checks the date, reason, note and quantities; something must come back.
    pub fn validate(&self) -> Result<ReturnFields, ValidationError> {
        let returned_on = parse_date("returned_on", &self.returned_on)?;
        // The return form always sends a reason, so an empty one is not on the list either.
        let reason = choice::required("reason", &self.reason, ErrorCode::InvalidChoice)?;
        let note = clean("note", &self.note, NOTE_MAX, false, Lines::Multi)?;
        Ok(ReturnFields {
            returned_on,
            reason,
            note,
            lines: line_quantities(&self.lines, "nothing to return")?,
        })
    }
}

/// Parses each line's quantity (at `lines.<i>.quantity`); zero is allowed, but not on every line.
fn line_quantities(
    lines: &[(Uuid, String)],
    nothing: &str,
) -> Result<Vec<(Uuid, Qty)>, ValidationError> {
    let out = lines
        .iter()
        .enumerate()
        .map(|(i, (id, qty))| {
            Qty::parse("quantity", qty, false)
                .map(|q| (*id, q))
                .map_err(|e| e.within("lines", i))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if out.iter().all(|(_, q)| q.0 == 0) {
        return Err(ValidationError::new(ErrorCode::Required, "lines", nothing));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err<T: std::fmt::Debug>(r: Result<T, ValidationError>) -> (ErrorCode, String) {
        let e = r.unwrap_err();
        (e.code, e.field.into_owned())
    }

    fn order() -> OrderDraft {
        OrderDraft {
            channel: " phone ".into(),
            ordered_on: "2026-11-23".into(),
            promised_on: "2026-12-01".into(),
            lines: vec![OrderLineDraft {
                money: LineMoneyDraft {
                    quantity: "2".into(),
                    unit_price: "10".into(),
                    ..Default::default()
                },
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn an_order_takes_the_customers_currency_unless_it_names_one() {
        let f = order().validate("JPY").unwrap();
        assert_eq!(f.currency, "JPY");
        assert_eq!(f.channel, Some(Channel::Phone));
        assert_eq!(f.payment_method, None);
        assert_eq!(f.lines[0].money.quantity, Qty(2_000));
        let f = OrderDraft {
            currency: "usd".into(),
            ..order()
        }
        .validate("JPY")
        .unwrap();
        assert_eq!(f.currency, "USD");
        // The currency decides the unit price's decimals.
        let mut d = order();
        d.lines[0].money.unit_price = "10.5".into();
        assert_eq!(
            err(d.validate("JPY")),
            (ErrorCode::TooManyDecimals, "lines.0.unit_price".into())
        );
        assert!(d.validate("CNY").is_ok());
    }

    #[test]
    fn bad_orders_in_form_order() {
        let bad = |d: OrderDraft| err(d.validate("CNY"));
        assert_eq!(
            bad(OrderDraft {
                currency: "RMB".into(),
                channel: "telepathy".into(),
                ..order()
            }),
            (ErrorCode::InvalidCurrency, "currency".into())
        );
        assert_eq!(
            bad(OrderDraft {
                payment_method: "barter".into(),
                ..order()
            }),
            (ErrorCode::InvalidChoice, "payment_method".into())
        );
        assert_eq!(
            bad(OrderDraft {
                promised_on: "2026-11-01".into(),
                ..order()
            }),
            (ErrorCode::DateOrder, "promised_on".into())
        );
        assert!(OrderDraft {
            ordered_on: "".into(),
            promised_on: "2020-01-01".into(),
            ..order()
        }
        .validate("CNY")
        .is_ok());
        assert_eq!(
            bad(OrderDraft {
                lines: vec![],
                ..order()
            }),
            (ErrorCode::Required, "lines".into())
        );
        let mut d = order();
        d.lines.push(d.lines[0].clone());
        d.lines[1].money.discount_pct = "101".into();
        assert_eq!(
            bad(d),
            (ErrorCode::OutOfRange, "lines.1.discount_pct".into())
        );
    }

    #[test]
    fn shipments_keep_every_line_and_need_something_to_ship() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let d = ShipmentDraft {
            shipped_on: "2026-11-24".into(),
            carrier: " 顺丰速运 ".into(),
            lines: vec![(a, "0".into()), (b, "1.5".into())],
            ..Default::default()
        };
        let f = d.validate().unwrap();
        assert_eq!(f.carrier, "顺丰速运");
        assert_eq!(f.lines, [(a, Qty(0)), (b, Qty(1_500))]);
        assert_eq!(
            err(ShipmentDraft {
                lines: vec![(a, "0".into()), (b, "".into())],
                ..d.clone()
            }
            .validate()),
            (ErrorCode::Required, "lines".into())
        );
        assert_eq!(
            err(ShipmentDraft {
                lines: vec![(a, "1".into()), (b, "-1".into())],
                ..d.clone()
            }
            .validate()),
            (ErrorCode::Negative, "lines.1.quantity".into())
        );
        assert_eq!(
            err(ShipmentDraft {
                shipped_on: "24.11.2026".into(),
                ..d
            }
            .validate()),
            (ErrorCode::InvalidDate, "shipped_on".into())
        );
    }

    #[test]
    fn returns_need_a_listed_reason() {
        let d = ReturnDraft {
            returned_on: "2026-11-30".into(),
            reason: "damaged".into(),
            lines: vec![(Uuid::nil(), "1".into())],
            ..Default::default()
        };
        assert_eq!(d.validate().unwrap().reason, ReturnReason::Damaged);
        for reason in ["lost", ""] {
            assert_eq!(
                err(ReturnDraft {
                    reason: reason.into(),
                    ..d.clone()
                }
                .validate()),
                (ErrorCode::InvalidChoice, "reason".into())
            );
        }
        assert_eq!(
            err(ReturnDraft { lines: vec![], ..d }.validate()),
            (ErrorCode::Required, "lines".into())
        );
    }
}
