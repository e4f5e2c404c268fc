//! Wire types of purchase orders, their lines, receipts and status history.

use chainbook_core::choice;
use chainbook_core::product::Qty;
use chainbook_core::purchase::{PoDraft, PoLineDraft, ReceiptLineDraft};
use chainbook_core::ValidationError;
use chainbook_store::purchasing::{PoLine, PoQuery, PoSummary, PurchaseOrder, ReceiptRecord};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::wire::*;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct PoLineInput {
    pub product_id: String,
    pub quantity: String,
    pub unit_price: String,
    /// YYYY-MM-DD
    pub expected_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct PoInput {
    pub supplier_id: String,
    pub currency: String,
    pub lines: Vec<PoLineInput>,
    pub notes: String,
}

impl TryFrom<PoInput> for PoDraft {
    type Error = ValidationError;

    fn try_from(i: PoInput) -> Result<Self, ValidationError> {
        let supplier_id = field_id(&i.supplier_id, "supplier_id")?;
        let lines = i
            .lines
            .into_iter()
            .enumerate()
            .map(|(n, l)| {
                Ok(PoLineDraft {
                    product_id: field_id(&l.product_id, "product_id")
                        .map_err(|e| e.within("lines", n))?,
                    quantity: l.quantity,
                    unit_price: l.unit_price,
                    expected_on: l.expected_on,
                })
            })
            .collect::<Result<Vec<_>, ValidationError>>()?;
        Ok(PoDraft {
            supplier_id,
            currency: i.currency,
            notes: i.notes,
            lines,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ReceiptLineInput {
    pub po_line_id: String,
    /// Accepted into stock.
    pub received: String,
    /// Refused as defective (kept for the supplier scorecard).
    pub rejected: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ReceiptInput {
    /// YYYY-MM-DD
    pub received_on: String,
    pub lines: Vec<ReceiptLineInput>,
    /// The user confirmed receiving more than was ordered.
    pub confirm_over_delivery: bool,
}

pub fn receipt_lines(
    lines: Vec<ReceiptLineInput>,
) -> Result<Vec<ReceiptLineDraft>, ValidationError> {
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            Ok(ReceiptLineDraft {
                po_line_id: field_id(&l.po_line_id, "po_line_id")
                    .map_err(|e| e.within("lines", i))?,
                received: l.received,
                rejected: l.rejected,
            })
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "PoLine")]
pub struct PoLineDto {
    pub id: String,
    pub product_id: String,
    pub sku: String,
    /// The product's name, shown beside the SKU.
    pub name: String,
    pub ordered: String,
    pub unit_price: String,
    pub expected_on: String,
    pub accepted: String,
    pub rejected: String,
    /// ordered − accepted − rejected, never below zero.
    pub outstanding: String,
}

impl From<PoLine> for PoLineDto {
    fn from(l: PoLine) -> Self {
        PoLineDto {
            id: l.id.to_string(),
            product_id: l.product_id.to_string(),
            outstanding: qty(Qty((l.ordered.0 - l.accepted.0 - l.rejected.0).max(0))),
            sku: l.sku,
            name: l.name,
            ordered: qty(l.ordered),
            unit_price: l.unit_price,
            expected_on: l.expected_on.to_string(),
            accepted: qty(l.accepted),
            rejected: qty(l.rejected),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "PoStatusChange")]
pub struct PoStatusChangeDto {
    #[ts(type = "PoStatus")]
    pub status: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Receipt")]
pub struct ReceiptDto {
    pub po_line_id: String,
    pub sku: String,
    pub received_on: String,
    pub accepted: String,
    pub rejected: String,
}

impl From<ReceiptRecord> for ReceiptDto {
    fn from(r: ReceiptRecord) -> Self {
        ReceiptDto {
            po_line_id: r.po_line_id.to_string(),
            sku: r.sku,
            received_on: r.received_on.to_string(),
            accepted: qty(r.accepted),
            rejected: qty(r.rejected),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "PurchaseOrder")]
pub struct PurchaseOrderDto {
    pub id: String,
    pub number: String,
    pub supplier_id: String,
    pub supplier_name: String,
    #[ts(type = "PoStatus")]
    pub status: String,
    pub currency: String,
    pub notes: String,
    pub created_at: String,
    pub total: String,
    pub lines: Vec<PoLineDto>,
    pub history: Vec<PoStatusChangeDto>,
    pub receipts: Vec<ReceiptDto>,
}

impl From<PurchaseOrder> for PurchaseOrderDto {
    fn from(po: PurchaseOrder) -> Self {
        PurchaseOrderDto {
            total: po.total().to_string(),
            id: po.id.to_string(),
            number: po.number,
            supplier_id: po.supplier_id.to_string(),
            supplier_name: po.supplier_name,
            status: po.status.as_str().to_owned(),
            currency: po.currency,
            notes: po.notes,
            created_at: po.created_at,
            lines: po.lines.into_iter().map(Into::into).collect(),
            history: po
                .history
                .into_iter()
                .map(|(s, at)| PoStatusChangeDto {
                    status: s.as_str().to_owned(),
                    at,
                })
                .collect(),
            receipts: po.receipts.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "PoSummary")]
pub struct PoSummaryDto {
    pub id: String,
    pub number: String,
    pub supplier_id: String,
    pub supplier_name: String,
    #[ts(type = "PoStatus")]
    pub status: String,
    pub currency: String,
    pub total: String,
    pub created_at: String,
    pub expected_on: Option<String>,
}

impl From<PoSummary> for PoSummaryDto {
    fn from(p: PoSummary) -> Self {
        PoSummaryDto {
            id: p.id.to_string(),
            number: p.number,
            supplier_id: p.supplier_id.to_string(),
            supplier_name: p.supplier_name,
            status: p.status.as_str().to_owned(),
            currency: p.currency,
            total: p.total.to_string(),
            created_at: p.created_at,
            expected_on: p.expected_on.map(|d| d.to_string()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct PoListQuery {
    pub page: u32,
    pub page_size: u32,
    /// One status, or null for all.
    pub status: Option<String>,
    pub supplier_id: Option<String>,
    /// Only orders still expecting goods (sent or partially received).
    pub open_only: bool,
}

impl TryFrom<PoListQuery> for PoQuery {
    type Error = ValidationError;

    fn try_from(q: PoListQuery) -> Result<Self, ValidationError> {
        Ok(PoQuery {
            page: q.page,
            page_size: q.page_size,
            status: choice::optional("status", q.status.as_deref().unwrap_or_default())?,
            supplier_id: match q.supplier_id.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(s) => Some(field_id(s, "supplier_id")?),
            },
            open_only: q.open_only,
        })
    }
}

/// A page of the list.
pub type PoPage = PageDto<PoSummaryDto>;
