//! Purchase orders (采购订单): the status state machine and the rules for receipts.
//!
//! A PO goes draft → sent → partially received → received → closed, or is cancelled. Receipts,
//! not the user, move it between sent, partially received and received; the user sends,
//! cancels (only before anything arrived) and closes (a partially received PO may be
//! short-closed). Every refused transition has a reason the UI can show.

use crate::choice::choice_enum;
use crate::error::{ErrorCode, ValidationError};
use crate::product::Qty;

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
}

/// A PO line as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PoLineDraft {
    pub product_id: uuid::Uuid,
    pub quantity: String,
    pub unit_price: String,
    pub expected_on: String,
}

/// One line of a receipt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReceiptLineDraft {
    pub po_line_id: uuid::Uuid,
    pub received: String,
    pub rejected: String,
}
