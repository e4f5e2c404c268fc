//! Purchase orders (采购订单): the status state machine and the rules for receipts.
//!
//! A PO goes draft → sent → partially received → received → closed, or is cancelled. Receipts,
//! not the user, move it between sent, partially received and received; the user sends,
//! cancels (only before anything arrived) and closes (a partially received PO may be
//! short-closed). Every refused transition has a reason the UI can show.
//!
//! A PO and a receipt as typed are checked here as far as they can be without stored data; the
//! store checks the rest (the supplier is not blocked, the products exist, a receipt line is
//! the PO's and what arrives stays within what is open).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::choice::choice_enum;
use crate::date::parse_date;
use crate::error::{ErrorCode, ValidationError};
use crate::money;
use crate::product::Qty;
use crate::text::{clean, Lines};

pub const NOTES_MAX: usize = 5_000;

choice_enum!(
    /// Where a purchase order is in its lifecycle (see the module docs).
    PoStatus {
        Draft => "draft",
        Sent => "sent",
        PartiallyReceived => "partially_received",
        Received => "received",
        Closed => "closed",
        Cancelled => "cancelled",
    }
);

impl PoStatus {
    /// Whether goods may be received against a PO in this status.
    pub fn accepts_receipts(self) -> bool {
        matches!(self, PoStatus::Sent | PoStatus::PartiallyReceived)
    }
}

choice_enum!(
    /// What the user asks of a PO.
    PoAction {
        Send => "send",
        Cancel => "cancel",
        Close => "close",
    }
);

/// The status after `action`, or why it is refused. `received_any` says whether any goods
/// have been received against the PO.
pub fn apply_action(
    status: PoStatus,
    action: PoAction,
    received_any: bool,
) -> Result<PoStatus, ValidationError> {
    use PoAction::*;
    use PoStatus::*;
    let refuse = |why: &str| {
        Err(ValidationError::new(
            ErrorCode::InvalidTransition,
            "status",
            format!(
                "cannot {action:?} a {} purchase order: {why}",
                status.as_str()
            ),
        ))
    };
    match (status, action) {
        (Draft, Send) => Ok(Sent),
        (Draft, Cancel) => Ok(Cancelled),
        (Sent, Cancel) if !received_any => Ok(Cancelled),
        (Sent, Cancel) => refuse("goods were received"),
        (PartiallyReceived, Cancel) => refuse("goods were received; close it instead"),
        (PartiallyReceived | Received, Close) => Ok(Closed),
        (Sent, Close) => refuse("nothing was received; cancel it instead"),
        (Draft, Close) => refuse("it was never sent"),
        (Closed | Cancelled, _) => refuse("it is finished"),
        (_, Send) => refuse("it was already sent"),
        (Received, Cancel) => refuse("it was received"),
    }
}

/// The status a receipt leaves a PO in, from what was ordered and what has arrived per line
/// (accepted + rejected both count as delivered).
pub fn status_after_receipt(lines: &[(Qty, Qty)]) -> PoStatus {
    if lines
        .iter()
        .all(|(ordered, delivered)| delivered >= ordered)
    {
        PoStatus::Received
    } else {
        PoStatus::PartiallyReceived
    }
}

/// Checks one receipt line against what is still open on the PO line. Delivering more than
/// ordered is refused unless the user confirmed the over-delivery.
pub fn check_receipt_line(
    ordered: Qty,
    delivered_before: Qty,
    received: Qty,
    rejected: Qty,
    confirm_over_delivery: bool,
) -> Result<(), ValidationError> {
    if received.0 < 0 || rejected.0 < 0 {
        return Err(ValidationError::new(
            ErrorCode::Negative,
            "received",
            "must not be negative",
        ));
    }
    if received.0 + rejected.0 == 0 {
        return Err(ValidationError::new(
            ErrorCode::OutOfRange,
            "received",
            "nothing received",
        ));
    }
    if delivered_before.0 + received.0 + rejected.0 > ordered.0 && !confirm_over_delivery {
        return Err(ValidationError::new(
            ErrorCode::OverDelivery,
            "received",
            "more than ordered: confirm the over-delivery to record it",
        ));
    }
    Ok(())
}

/// A PO line as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PoLineDraft {
    pub product_id: Uuid,
    pub quantity: String,
    pub unit_price: String,
    /// `YYYY-MM-DD`
    pub expected_on: String,
}

/// A purchase order as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PoDraft {
    pub supplier_id: Uuid,
    pub currency: String,
    pub notes: String,
    pub lines: Vec<PoLineDraft>,
}

/// A checked PO line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoLineFields {
    pub product_id: Uuid,
    pub quantity: Qty,
    pub unit_price: Decimal,
    pub expected_on: NaiveDate,
}

/// A checked purchase order; the supplier's standing and the products are the store's to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoFields {
    pub supplier_id: Uuid,
    pub currency: String,
    pub notes: String,
    pub lines: Vec<PoLineFields>,
}

impl PoDraft {
    /// Checks the currency, notes and every line (at `lines.<i>.<field>`): more than zero
    /// ordered, a price in the PO's currency, an expected date.
    pub fn validate(&self) -> Result<PoFields, ValidationError> {
        let currency = money::parse_currency("currency", &self.currency)?;
        let notes = clean("notes", &self.notes, NOTES_MAX, false, Lines::Multi)?;
        if self.lines.is_empty() {
            return Err(ValidationError::new(
                ErrorCode::Required,
                "lines",
                "a purchase order needs at least one line",
            ));
        }
        let lines = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| l.validate(&currency).map_err(|e| e.within("lines", i)))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(PoFields {
            supplier_id: self.supplier_id,
            currency,
            notes,
            lines,
        })
    }
}

impl PoLineDraft {
    fn validate(&self, currency: &str) -> Result<PoLineFields, ValidationError> {
        let quantity = Qty::parse("quantity", &self.quantity, false)?;
        if quantity.0 == 0 {
            return Err(ValidationError::new(
                ErrorCode::OutOfRange,
                "quantity",
                "must be more than zero",
            ));
        }
        Ok(PoLineFields {
            product_id: self.product_id,
            quantity,
            unit_price: money::parse_non_negative_amount("unit_price", &self.unit_price, currency)?,
            expected_on: parse_date("expected_on", &self.expected_on)?,
        })
    }
}

/// One line of a receipt as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReceiptLineDraft {
    pub po_line_id: Uuid,
    pub received: String,
    pub rejected: String,
}

/// A receipt line with its quantities parsed; [`check_receipt_line`] checks them against the PO.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReceiptLine {
    pub po_line_id: Uuid,
    pub received: Qty,
    pub rejected: Qty,
}

/// A checked receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptFields {
    pub received_on: NaiveDate,
    pub lines: Vec<ReceiptLine>,
}

/// Checks a receipt as typed: its date and each line's quantities (at `lines.<i>.<field>`);
/// a receipt has at least one line.
pub fn validate_receipt(
    received_on: &str,
    lines: &[ReceiptLineDraft],
) -> Result<ReceiptFields, ValidationError> {
    let received_on = parse_date("received_on", received_on)?;
    let lines = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let at = |e: ValidationError| e.within("lines", i);
            Ok(ReceiptLine {
                po_line_id: l.po_line_id,
                received: Qty::parse("received", &l.received, false).map_err(at)?,
                rejected: Qty::parse("rejected", &l.rejected, false).map_err(at)?,
            })
        })
        .collect::<Result<Vec<_>, ValidationError>>()?;
    if lines.is_empty() {
        return Err(ValidationError::new(
            ErrorCode::Required,
            "lines",
            "nothing to receive",
        ));
    }
    Ok(ReceiptFields { received_on, lines })
}

#[cfg(test)]
mod tests {
    use super::*;
    use PoAction::*;
    use PoStatus::*;

    #[test]
    fn every_allowed_transition() {
        assert_eq!(apply_action(Draft, Send, false).unwrap(), Sent);
        assert_eq!(apply_action(Draft, Cancel, false).unwrap(), Cancelled);
        assert_eq!(apply_action(Sent, Cancel, false).unwrap(), Cancelled);
        assert_eq!(
            apply_action(PartiallyReceived, Close, true).unwrap(),
            Closed
        );
        assert_eq!(apply_action(Received, Close, true).unwrap(), Closed);
    }

    #[test]
    fn every_other_transition_is_refused() {
        // (status, action, received anything?) → result; `None` for "either".
        let allowed: [(PoStatus, PoAction, Option<bool>, PoStatus); 5] = [
            (Draft, Send, None, Sent),
            (Draft, Cancel, None, Cancelled),
            (Sent, Cancel, Some(false), Cancelled),
            (PartiallyReceived, Close, None, Closed),
            (Received, Close, None, Closed),
        ];
        for &s in PoStatus::ALL {
            for a in [Send, Cancel, Close] {
                for received in [false, true] {
                    let want = allowed
                        .iter()
                        .find(|(s2, a2, r2, _)| {
                            *s2 == s && *a2 == a && r2.is_none_or(|r| r == received)
                        })
                        .map(|t| t.3);
                    match (apply_action(s, a, received), want) {
                        (Ok(got), Some(want)) => assert_eq!(got, want),
                        (Err(e), None) => assert_eq!(e.code, ErrorCode::InvalidTransition),
                        (got, want) => {
                            panic!("{s:?} {a:?} received={received}: {got:?}, want {want:?}")
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn receipts() {
        let q = |n: i64| Qty(n * 1000);
        assert_eq!(
            status_after_receipt(&[(q(10), q(10)), (q(5), q(6))]),
            Received
        );
        assert_eq!(
            status_after_receipt(&[(q(10), q(8)), (q(5), q(5))]),
            PartiallyReceived
        );
        assert!(check_receipt_line(q(10), q(0), q(8), q(2), false).is_ok());
        assert_eq!(
            check_receipt_line(q(10), q(5), q(6), q(0), false)
                .unwrap_err()
                .code,
            ErrorCode::OverDelivery
        );
        assert!(check_receipt_line(q(10), q(5), q(6), q(0), true).is_ok());
        assert_eq!(
            check_receipt_line(q(10), q(0), q(0), q(0), false)
                .unwrap_err()
                .code,
            ErrorCode::OutOfRange
        );
        assert_eq!(
            check_receipt_line(q(10), q(0), Qty(-1), q(0), false)
                .unwrap_err()
                .code,
            ErrorCode::Negative
        );
        assert!(Sent.accepts_receipts() && PartiallyReceived.accepts_receipts());
        assert!(
            !Cancelled.accepts_receipts()
                && !Draft.accepts_receipts()
                && !Closed.accepts_receipts()
        );
    }

    #[test]
    fn purchase_orders_as_typed() {
        let line = |qty: &str, price: &str| PoLineDraft {
            quantity: qty.into(),
            unit_price: price.into(),
            expected_on: "2026-12-01".into(),
            ..Default::default()
        };
        let d = PoDraft {
            currency: "cny".into(),
            notes: " 加急 ".into(),
            lines: vec![line("10", "0.85"), line("2.5", "1")],
            ..Default::default()
        };
        let f = d.validate().unwrap();
        assert_eq!((f.currency.as_str(), f.notes.as_str()), ("CNY", "加急"));
        assert_eq!(f.lines[1].quantity, Qty(2_500));
        assert_eq!(f.lines[0].unit_price.to_string(), "0.85");
        let bad = |d: PoDraft| {
            let e = d.validate().unwrap_err();
            (e.code, e.field.into_owned())
        };
        let with = |l: PoLineDraft| PoDraft {
            lines: vec![line("1", "1"), l],
            ..d.clone()
        };
        assert_eq!(
            bad(with(line("0", "1"))),
            (ErrorCode::OutOfRange, "lines.1.quantity".into())
        );
        assert_eq!(
            bad(with(line("1", "1.234"))),
            (ErrorCode::TooManyDecimals, "lines.1.unit_price".into())
        );
        assert_eq!(
            bad(with(PoLineDraft {
                expected_on: "".into(),
                ..line("1", "1")
            })),
            (ErrorCode::InvalidDate, "lines.1.expected_on".into())
        );
        assert_eq!(
            bad(PoDraft {
                lines: vec![],
                ..d.clone()
            }),
            (ErrorCode::Required, "lines".into())
        );
        assert_eq!(
            bad(PoDraft {
                currency: "".into(),
                ..d
            }),
            (ErrorCode::Required, "currency".into())
        );
    }

    #[test]
    fn receipts_as_typed() {
        let l = |received: &str, rejected: &str| ReceiptLineDraft {
            received: received.into(),
            rejected: rejected.into(),
            ..Default::default()
        };
        let f = validate_receipt("2026-12-01", &[l("60", "2"), l("1", "")]).unwrap();
        assert_eq!(
            (
                f.lines[0].received,
                f.lines[0].rejected,
                f.lines[1].rejected
            ),
            (Qty(60_000), Qty(2_000), Qty(0))
        );
        let e = validate_receipt("2026-12-01", &[l("1", ""), l("1", "x")]).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_ref()),
            (ErrorCode::InvalidDecimal, "lines.1.rejected")
        );
        let e = validate_receipt("2026-12-01", &[]).unwrap_err();
        assert_eq!((e.code, e.field.as_ref()), (ErrorCode::Required, "lines"));
        let e = validate_receipt("", &[l("1", "")]).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_ref()),
            (ErrorCode::InvalidDate, "received_on")
        );
    }
}
