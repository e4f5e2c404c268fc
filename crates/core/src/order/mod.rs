//! Sales orders (订单管理): the order state machine, the rules for shipments and returns, line
//! money (`money`) and the order, shipment and return drafts with their checks (`draft`).
//!
//! **Lifecycle.** draft → confirmed → picking → shipped → delivered → closed, or cancelled before
//! anything ships. Shipping may be partial: the first shipment moves the order to shipped and
//! later shipments of the remainder (back-orders) are still allowed until it is delivered.
//! Returns (full or partial) are recorded after delivery, each with a reason.

mod draft;
pub(crate) mod money;

pub use draft::{
    OrderDraft, OrderFields, OrderLineDraft, OrderLineFields, ReturnDraft, ReturnFields,
    ShipmentDraft, ShipmentFields, CARRIER_MAX, NOTES_MAX, NOTE_MAX, TRACKING_MAX,
};
pub use money::{totals, LineAmounts, LineMoney, LineMoneyDraft, OrderTotals};

use crate::choice::choice_enum;
use crate::error::{ErrorCode, ValidationError};
use crate::product::Qty;

choice_enum!(
    /// Where an order is in its lifecycle (see the module docs).
    OrderStatus {
        Draft => "draft",
        Confirmed => "confirmed",
        Picking => "picking",
        Shipped => "shipped",
        Delivered => "delivered",
        Closed => "closed",
        Cancelled => "cancelled",
    }
);

impl OrderStatus {
    /// Whether the order holds stock for its unshipped quantities.
    pub fn reserves_stock(self) -> bool {
        matches!(
            self,
            OrderStatus::Confirmed | OrderStatus::Picking | OrderStatus::Shipped
        )
    }

    /// Whether goods may be shipped against it.
    pub fn accepts_shipments(self) -> bool {
        matches!(
            self,
            OrderStatus::Confirmed | OrderStatus::Picking | OrderStatus::Shipped
        )
    }

    /// Whether goods may be returned against it.
    pub fn accepts_returns(self) -> bool {
        matches!(self, OrderStatus::Delivered | OrderStatus::Closed)
    }

    /// Whether the order counts towards the customer's open balance (confirmed, not yet
    /// closed or cancelled).
    pub fn is_open_balance(self) -> bool {
        matches!(
            self,
            OrderStatus::Confirmed
                | OrderStatus::Picking
                | OrderStatus::Shipped
                | OrderStatus::Delivered
        )
    }

    /// Whether the order can still be edited (lines, dates, notes).
    pub fn is_editable(self) -> bool {
        self == OrderStatus::Draft
    }
}

choice_enum!(
    /// What the user asks of an order; shipping and returning carry quantities and are checked
    /// by [`check_shipment`] and [`check_return`].
    OrderAction {
        Confirm => "confirm",
        StartPicking => "start_picking",
        Ship => "ship",
        Deliver => "deliver",
        Close => "close",
        Cancel => "cancel",
    }
);

/// The status after `action`, or why it is refused. `shipped_any` says whether anything has
/// shipped (a shipped order cannot be cancelled).
pub fn apply_order_action(
    status: OrderStatus,
    action: OrderAction,
    shipped_any: bool,
) -> Result<OrderStatus, ValidationError> {
    use OrderAction::*;
    use OrderStatus::*;
    let refuse = |why: &str| {
        Err(ValidationError::new(
            ErrorCode::InvalidTransition,
            "status",
            format!("cannot {action:?} a {} order: {why}", status.as_str()),
        ))
    };
    match (status, action) {
        (Draft, Confirm) => Ok(Confirmed),
        (Confirmed, StartPicking) => Ok(Picking),
        (Confirmed | Picking | Shipped, Ship) => Ok(Shipped),
        (Shipped, Deliver) => Ok(Delivered),
        (Delivered, Close) => Ok(Closed),
        (Draft | Confirmed | Picking, Cancel) if !shipped_any => Ok(Cancelled),
        (Closed | Cancelled, _) => refuse("it is finished"),
        (_, Cancel) => refuse("goods have shipped"),
        (Draft, _) => refuse("it is not confirmed yet"),
        (_, Confirm) => refuse("it was already confirmed"),
        (_, StartPicking) => refuse("picking can only start on a confirmed order"),
        (Delivered, Ship) => refuse("it was delivered"),
        (_, Deliver) => refuse("nothing has shipped"),
        (_, Close) => refuse("only a delivered order can be closed"),
    }
}

choice_enum!(
    /// Why goods came back; these feed order accuracy later.
    ReturnReason {
        WrongItem => "wrong_item",
        Damaged => "damaged",
        Quality => "quality",
        Other => "other",
    }
);

/// Checks one shipment line: more than zero, and no more than is still unshipped.
pub fn check_shipment(ordered: Qty, shipped_before: Qty, now: Qty) -> Result<(), ValidationError> {
    if now.0 <= 0 {
        return Err(ValidationError::new(
            ErrorCode::OutOfRange,
            "quantity",
            "must be more than zero",
        ));
    }
    if shipped_before.0 + now.0 > ordered.0 {
        return Err(ValidationError::new(
            ErrorCode::OutOfRange,
            "quantity",
            format!(
                "only {} left to ship",
                Qty(ordered.0 - shipped_before.0).to_decimal()
            ),
        ));
    }
    Ok(())
}

/// Checks one return line: more than zero, and no more than shipped minus already returned.
pub fn check_return(shipped: Qty, returned_before: Qty, now: Qty) -> Result<(), ValidationError> {
    if now.0 <= 0 {
        return Err(ValidationError::new(
            ErrorCode::OutOfRange,
            "quantity",
            "must be more than zero",
        ));
    }
    if returned_before.0 + now.0 > shipped.0 {
        return Err(ValidationError::new(
            ErrorCode::OverReturn,
            "quantity",
            format!(
                "only {} can still be returned",
                Qty(shipped.0 - returned_before.0).to_decimal()
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_transition_is_allowed_or_refused_as_documented() {
        use OrderAction::*;
        use OrderStatus::*;
        // (status, action, shipped_any) → next; everything else is refused.
        let expected = |status, action, shipped| match (status, action, shipped) {
            (Draft, Confirm, _) => Some(Confirmed),
            (Confirmed, StartPicking, _) => Some(Picking),
            (Confirmed | Picking | Shipped, Ship, _) => Some(Shipped),
            (Shipped, Deliver, _) => Some(Delivered),
            (Delivered, Close, _) => Some(Closed),
            (Draft | Confirmed | Picking, Cancel, false) => Some(Cancelled),
            _ => None,
        };
        let mut allowed = 0;
        for &status in OrderStatus::ALL {
            for action in [Confirm, StartPicking, Ship, Deliver, Close, Cancel] {
                for shipped in [false, true] {
                    let got = apply_order_action(status, action, shipped);
                    match expected(status, action, shipped) {
                        Some(next) => {
                            allowed += 1;
                            assert_eq!(got.ok(), Some(next), "{status:?} {action:?} {shipped}")
                        }
                        None => assert_eq!(
                            got.unwrap_err().code,
                            ErrorCode::InvalidTransition,
                            "{status:?} {action:?} {shipped}"
                        ),
                    }
                }
            }
        }
        assert_eq!(allowed, 17);
    }

    #[test]
    fn shipments_and_returns_stay_within_what_was_ordered_and_shipped() {
        assert!(check_shipment(Qty(10_000), Qty(6_000), Qty(4_000)).is_ok());
        assert_eq!(
            check_shipment(Qty(10_000), Qty(6_000), Qty(5_000))
                .unwrap_err()
                .code,
            ErrorCode::OutOfRange
        );
        assert_eq!(
            check_shipment(Qty(10_000), Qty(0), Qty(0))
                .unwrap_err()
                .code,
            ErrorCode::OutOfRange
        );
        assert!(check_return(Qty(6_000), Qty(1_000), Qty(5_000)).is_ok());
        assert_eq!(
            check_return(Qty(6_000), Qty(1_000), Qty(5_001))
                .unwrap_err()
                .code,
            ErrorCode::OverReturn
        );
    }
}
