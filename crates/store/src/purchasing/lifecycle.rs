//! A purchase order's life: created as a draft, sent, received (accepted goods enter the
//! stock ledger), closed or cancelled. Every check reads through the write transaction.

use chainbook_core::product::{MovementKind, Qty};
use chainbook_core::purchase::{
    apply_action, check_receipt_line, status_after_receipt, validate_receipt, PoAction, PoDraft,
    PoFields, PoStatus, ReceiptFields, ReceiptLineDraft,
};
use chainbook_core::supplier::SupplierStatus;
use chainbook_core::{ErrorCode, ValidationError};
use chrono::Datelike;
use serde_json::json;
use uuid::Uuid;

use super::read::load;
use super::{PurchaseOrder, PurchasingMut};
use crate::stock::ledger::{self, NewMovement};
use crate::write::Write;
use crate::{fmt_time, products, suppliers, Result};

fn record_status(w: &Write<'_>, po: Uuid, status: PoStatus) -> Result<()> {
    w.insert_row(
        "po_status_history",
        &[
            ("po_id", json!(po.to_string())),
            ("status", json!(status.as_str())),
            ("at", json!(fmt_time(w.now))),
        ],
    )
    .map(drop)
}

fn set_status(w: &Write<'_>, po: Uuid, status: PoStatus) -> Result<()> {
    let mut m = serde_json::Map::new();
    m.insert("status".into(), json!(status.as_str()));
    w.update_row("purchase_orders", &po.to_string(), m)?;
    record_status(w, po, status)
}

/// Inserts a draft PO for a supplier that is not blocked, inside a write: the one way a
/// purchase order is created (by the form, and by the replenishment page's drafts).
pub(crate) fn insert_draft(w: &Write<'_>, d: &PoDraft) -> Result<Uuid> {
    let supplier = suppliers::read::load(&w.tx, d.supplier_id)?;
    if supplier.fields.status == SupplierStatus::Blocked {
        return Err(ValidationError::new(
            ErrorCode::InvalidTransition,
            "supplier_id",
            "this supplier is blocked",
        )
        .into());
    }
    let PoFields {
        supplier_id,
        currency,
        notes,
        lines,
    } = d.validate()?;
    for (i, l) in lines.iter().enumerate() {
        if !products::read::exists(&w.tx, l.product_id)? {
            return Err(
                ValidationError::new(ErrorCode::NotFound, "product_id", "no such product")
                    .within("lines", i)
                    .into(),
            );
        }
    }
    let seq = crate::device::next_sequence(&w.tx, "purchase_order")?;
    // Five digits, as sales orders and complaints have: document numbers share one width.
    let number = format!(
        "PO-{:02}{:02}-{}-{seq:05}",
        w.now.year() % 100,
        w.now.month(),
        w.device.code
    );
    let po = w.insert_row(
        "purchase_orders",
        &[
            ("number", json!(number)),
            ("supplier_id", json!(supplier_id.to_string())),
            ("status", json!(PoStatus::Draft.as_str())),
            ("currency", json!(currency)),
            ("notes", json!(notes)),
        ],
    )?;
    for (i, l) in lines.iter().enumerate() {
        w.insert_row(
            "po_lines",
            &[
                ("po_id", json!(po.to_string())),
                ("product_id", json!(l.product_id.to_string())),
                ("qty_milli", json!(l.quantity.0)),
                ("unit_price", json!(l.unit_price.to_string())),
                ("expected_on", json!(l.expected_on.to_string())),
                ("position", json!(i)),
            ],
        )?;
    }
    record_status(w, po, PoStatus::Draft)?;
    Ok(po)
}

impl PurchasingMut<'_> {
    /// Creates a draft PO for a supplier that is not blocked.
    pub fn create(&mut self, d: &PoDraft) -> Result<PurchaseOrder> {
        let id = self.store.write(|w| insert_draft(w, d))?;
        self.store.purchasing().get(id)
    }

    /// Changes the ordered quantity of a draft's line (a draft from the replenishment page
    /// is edited this way before it is sent); sent orders keep what the supplier was sent.
    pub fn set_draft_quantity(
        &mut self,
        id: Uuid,
        line: Uuid,
        quantity: &str,
    ) -> Result<PurchaseOrder> {
        let q = Qty::parse("quantity", quantity, false)?;
        if q.0 <= 0 {
            return Err(ValidationError::new(
                ErrorCode::OutOfRange,
                "quantity",
                "the quantity must be above zero",
            )
            .into());
        }
        self.store.write(|w| {
            let po = load(&w.tx, id)?;
            if po.status != PoStatus::Draft {
                return Err(ValidationError::new(
                    ErrorCode::InvalidTransition,
                    "status",
                    "only a draft's quantities can be changed",
                )
                .into());
            }
            let Some(old) = po.lines.iter().find(|l| l.id == line) else {
                return Err(
                    ValidationError::new(ErrorCode::NotFound, "line", "no such line").into(),
                );
            };
            if old.ordered != q {
                let mut m = serde_json::Map::new();
                m.insert("qty_milli".into(), json!(q.0));
                w.update_row("po_lines", &line.to_string(), m)?;
            }
            Ok(())
        })?;
        self.store.purchasing().get(id)
    }

    /// Sends, cancels or closes a PO, as the state machine in `core` allows.
    pub fn action(&mut self, id: Uuid, action: PoAction) -> Result<PurchaseOrder> {
        self.store.write(|w| {
            let po = load(&w.tx, id)?;
            let received_any = po.lines.iter().any(|l| l.accepted.0 + l.rejected.0 > 0);
            let next = apply_action(po.status, action, received_any)?;
            set_status(w, id, next)
        })?;
        self.store.purchasing().get(id)
    }

    /// Receives goods against an open PO: accepted quantities become receipt movements on the
    /// receipt's date, rejected ones are kept on the receipt. More than ordered needs
    /// `confirm_over_delivery`.
    pub fn receive(
        &mut self,
        po_id: Uuid,
        received_on: &str,
        lines: &[ReceiptLineDraft],
        confirm_over_delivery: bool,
    ) -> Result<PurchaseOrder> {
        self.store.write(|w| {
            let po = load(&w.tx, po_id)?;
            if !po.status.accepts_receipts() {
                return Err(ValidationError::new(
                    ErrorCode::InvalidTransition,
                    "status",
                    format!(
                        "cannot receive against a {} purchase order",
                        po.status.as_str()
                    ),
                )
                .into());
            }
            let ReceiptFields {
                received_on: date,
                lines,
            } = validate_receipt(received_on, lines)?;
            let mut checked = Vec::new();
            for (i, l) in lines.iter().enumerate() {
                let at = |e: ValidationError| e.within("lines", i);
                let line = po
                    .lines
                    .iter()
                    .find(|x| x.id == l.po_line_id)
                    .ok_or_else(|| {
                        at(ValidationError::new(
                            ErrorCode::NotFound,
                            "po_line_id",
                            "not a line of this purchase order",
                        ))
                    })?;
                let (received, rejected) = (l.received, l.rejected);
                check_receipt_line(
                    line.ordered,
                    Qty(line.accepted.0 + line.rejected.0),
                    received,
                    rejected,
                    confirm_over_delivery,
                )
                .map_err(at)?;
                checked.push((line, received, rejected));
            }
            let after: Vec<(Qty, Qty)> = po
                .lines
                .iter()
                .map(|l| {
                    let now: i64 = checked
                        .iter()
                        .filter(|c| c.0.id == l.id)
                        .map(|c| c.1 .0 + c.2 .0)
                        .sum();
                    (l.ordered, Qty(l.accepted.0 + l.rejected.0 + now))
                })
                .collect();
            let next = status_after_receipt(&after);
            for (line, received, rejected) in &checked {
                let movement = if received.0 > 0 {
                    ledger::insert(
                        w,
                        &NewMovement::on(
                            w,
                            line.product_id,
                            MovementKind::Receipt,
                            *received,
                            date,
                            &po.number,
                        ),
                    )?
                    .to_string()
                } else {
                    String::new()
                };
                w.insert_row(
                    "po_receipts",
                    &[
                        ("po_line_id", json!(line.id.to_string())),
                        ("received_on", json!(date.to_string())),
                        ("accepted_milli", json!(received.0)),
                        ("rejected_milli", json!(rejected.0)),
                        ("movement_id", json!(movement)),
                    ],
                )?;
            }
            if next != po.status {
                set_status(w, po_id, next)?;
            }
            Ok(())
        })?;
        self.store.purchasing().get(po_id)
    }
}
