//! Wire types for the supply side: products, the stock ledger and counts, suppliers with their
//! contacts, offers, contracts and evaluations, and purchase orders with receipts.
//!
//! Same rules as `dto`: inputs are the form's raw strings (validated in `core`), money crosses
//! as decimal strings, quantities as decimal strings of units (the ledger keeps thousandths),
//! dates as `YYYY-MM-DD`, times as RFC 3339.

use chainbook_core::choice;
use chainbook_core::id::parse_id;
use chainbook_core::product::{MovementDraft, ProductDraft, Qty};
use chainbook_core::purchase::{PoDraft, PoLineDraft, ReceiptLineDraft};
use chainbook_core::supplier::{ContractDraft, EvaluationDraft, SupplierDraft, SupplyDraft};
use chainbook_core::ValidationError;
use chainbook_store::products::{
    CountLine, Movement, Product, ProductQuery, ProductSort, StockCount, StockCountSummary,
};
use chainbook_store::suppliers::{
    Contract, Evaluation, ExpiringContract, PoLine, PoQuery, PoSummary, PurchaseOrder,
    ReceiptRecord, SuppliedProduct, Supplier, SupplierQuery, SupplierSummary, SupplyOffer,
};
use chainbook_store::Page;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dto::{contact_drafts, field_id, rfc3339, ContactDto, ContactInput};

fn qty(q: Qty) -> String {
    q.to_decimal().to_string()
}

/// A page of any list, as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Page")]
pub struct PageDto<T: TS> {
    pub items: Vec<T>,
    #[ts(type = "number")]
    pub total: u64,
    pub page: u32,
    pub page_size: u32,
}

pub type ProductPage = PageDto<ProductDto>;
pub type SupplierPage = PageDto<SupplierSummaryDto>;
pub type PoPage = PageDto<PoSummaryDto>;

/// Converts a store page item by item.
pub(crate) fn page<S, T: TS>(p: Page<S>, f: impl Fn(S) -> T) -> PageDto<T> {
    PageDto {
        items: p.items.into_iter().map(f).collect(),
        total: p.total,
        page: p.page,
        page_size: p.page_size,
    }
}

// ---------------------------------------------------------------- products and stock

/// The product form as typed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ProductInput {
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub category: String,
    /// ISO 4217; empty means CNY.
    pub currency: String,
    pub price: String,
    pub cost: String,
    /// new | growth | mature | decline (empty means new).
    pub stage: String,
    pub pack_size: String,
    pub min_order_qty: String,
    pub lead_time_days: String,
    pub safety_stock: String,
    pub reorder_point: String,
    pub active: bool,
}

impl From<ProductInput> for ProductDraft {
    fn from(i: ProductInput) -> Self {
        ProductDraft {
            sku: i.sku,
            name: i.name,
            unit: i.unit,
            category: i.category,
            currency: i.currency,
            price: i.price,
            cost: i.cost,
            stage: i.stage,
            pack_size: i.pack_size,
            min_order_qty: i.min_order_qty,
            lead_time_days: i.lead_time_days,
            safety_stock: i.safety_stock,
            reorder_point: i.reorder_point,
            active: i.active,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Product")]
pub struct ProductDto {
    pub id: String,
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub category: String,
    pub currency: String,
    pub price: String,
    pub cost: String,
    pub stage: String,
    pub pack_size: String,
    pub min_order_qty: String,
    pub lead_time_days: u32,
    pub safety_stock: String,
    pub reorder_point: String,
    pub active: bool,
    pub on_hand: String,
    /// On hand below zero (allowed, flagged).
    pub negative_stock: bool,
    /// On hand at or below the safety stock.
    pub below_safety_stock: bool,
}

impl From<Product> for ProductDto {
    fn from(p: Product) -> Self {
        let (negative_stock, below_safety_stock) = (p.negative_stock(), p.below_safety_stock());
        let f = p.fields;
        ProductDto {
            id: p.id.to_string(),
            sku: f.sku,
            name: f.name,
            unit: f.unit,
            category: f.category,
            currency: f.currency,
            price: f.price.to_string(),
            cost: f.cost.to_string(),
            stage: f.stage.as_str().to_owned(),
            pack_size: qty(f.pack_size),
            min_order_qty: qty(f.min_order_qty),
            lead_time_days: f.lead_time_days,
            safety_stock: qty(f.safety_stock),
            reorder_point: qty(f.reorder_point),
            active: f.active,
            on_hand: qty(p.on_hand),
            negative_stock,
            below_safety_stock,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "ProductSort")]
pub enum ProductSortDto {
    Sku,
    Name,
    Category,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ProductListQuery {
    pub page: u32,
    pub page_size: u32,
    pub sort: ProductSortDto,
    pub descending: bool,
    pub search: Option<String>,
    pub category: Option<String>,
    pub include_inactive: bool,
}

impl From<ProductListQuery> for ProductQuery {
    fn from(q: ProductListQuery) -> Self {
        ProductQuery {
            page: q.page,
            page_size: q.page_size,
            sort: match q.sort {
                ProductSortDto::Sku => ProductSort::Sku,
                ProductSortDto::Name => ProductSort::Name,
                ProductSortDto::Category => ProductSort::Category,
            },
            descending: q.descending,
            search: q.search,
            category: q.category,
            include_inactive: q.include_inactive,
        }
    }
}

pub fn product_page(p: Page<Product>) -> ProductPage {
    page(p, Into::into)
}

/// A stock movement as typed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct MovementInput {
    pub product_id: String,
    /// receipt | shipment | return | adjustment
    pub kind: String,
    /// Positive for receipts, shipments and returns; signed for adjustments.
    pub quantity: String,
    pub reason: String,
    pub reference: String,
    /// RFC 3339; empty means now.
    pub occurred_at: String,
}

impl TryFrom<MovementInput> for MovementDraft {
    type Error = ValidationError;

    fn try_from(i: MovementInput) -> Result<Self, ValidationError> {
        Ok(MovementDraft {
            product_id: field_id(&i.product_id, "product_id")?,
            kind: i.kind,
            quantity: i.quantity,
            reason: i.reason,
            reference: i.reference,
            occurred_at: i.occurred_at,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Movement")]
pub struct MovementDto {
    pub id: String,
    pub product_id: String,
    /// receipt | shipment | return | adjustment | count_correction
    pub kind: String,
    /// Signed: what it added to on hand.
    pub quantity: String,
    pub reason: String,
    pub reference: String,
    pub occurred_at: String,
}

impl From<Movement> for MovementDto {
    fn from(m: Movement) -> Self {
        MovementDto {
            id: m.id.to_string(),
            product_id: m.product_id.to_string(),
            kind: m.kind.as_str().to_owned(),
            quantity: qty(m.quantity),
            reason: m.reason,
            reference: m.reference,
            occurred_at: rfc3339(m.occurred_at),
        }
    }
}

/// On hand after a movement: one point of the stock chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StockPointDto {
    pub at: String,
    pub on_hand: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "SupplyOffer")]
pub struct SupplyOfferDto {
    pub supplier_id: String,
    pub supplier_name: String,
    pub currency: String,
    pub price: String,
    pub lead_time_days: u32,
    pub preferred: bool,
}

impl From<SupplyOffer> for SupplyOfferDto {
    fn from(o: SupplyOffer) -> Self {
        SupplyOfferDto {
            supplier_id: o.supplier_id.to_string(),
            supplier_name: o.supplier_name,
            currency: o.currency,
            price: o.price,
            lead_time_days: o.lead_time_days,
            preferred: o.preferred,
        }
    }
}

/// Everything the product page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "ProductDetail")]
pub struct ProductDetailDto {
    pub product: ProductDto,
    /// Newest first (at most 200).
    pub movements: Vec<MovementDto>,
    /// On hand over time, oldest first.
    pub series: Vec<StockPointDto>,
    /// Who supplies it, preferred first.
    pub suppliers: Vec<SupplyOfferDto>,
}

pub fn stock_series(points: Vec<(DateTime<Utc>, Qty)>) -> Vec<StockPointDto> {
    points
        .into_iter()
        .map(|(at, q)| StockPointDto {
            at: rfc3339(at),
            on_hand: qty(q),
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "CountLine")]
pub struct CountLineDto {
    pub product_id: String,
    pub sku: String,
    pub name: String,
    /// On hand when the count started.
    pub expected: String,
    /// Null until counted.
    pub counted: Option<String>,
    /// counted − expected, once counted.
    pub difference: Option<String>,
}

impl From<CountLine> for CountLineDto {
    fn from(l: CountLine) -> Self {
        CountLineDto {
            product_id: l.product_id.to_string(),
            difference: l.difference().map(qty),
            sku: l.sku,
            name: l.name,
            expected: qty(l.expected),
            counted: l.counted.map(qty),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "StockCount")]
pub struct StockCountDto {
    pub id: String,
    pub note: String,
    #[ts(type = "\"open\" | \"posted\" | \"cancelled\"")]
    pub status: String,
    pub started_at: String,
    pub lines: Vec<CountLineDto>,
}

impl From<StockCount> for StockCountDto {
    fn from(c: StockCount) -> Self {
        StockCountDto {
            id: c.id.to_string(),
            note: c.note,
            status: c.status,
            started_at: rfc3339(c.started_at),
            lines: c.lines.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "StockCountSummary")]
pub struct StockCountSummaryDto {
    pub id: String,
    pub note: String,
    #[ts(type = "\"open\" | \"posted\" | \"cancelled\"")]
    pub status: String,
    pub started_at: String,
    pub lines: u32,
    pub counted: u32,
}

impl From<StockCountSummary> for StockCountSummaryDto {
    fn from(c: StockCountSummary) -> Self {
        StockCountSummaryDto {
            id: c.id.to_string(),
            note: c.note,
            status: c.status,
            started_at: rfc3339(c.started_at),
            lines: c.lines,
            counted: c.counted,
        }
    }
}

// ---------------------------------------------------------------- suppliers

/// The supplier form as typed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct SupplierInput {
    pub code: String,
    pub name: String,
    /// goods | logistics | service (empty means goods).
    pub kind: String,
    /// approved | probation | blocked (empty means approved).
    pub status: String,
    pub categories: Vec<String>,
    pub contacts: Vec<ContactInput>,
    pub notes: String,
}

impl TryFrom<SupplierInput> for SupplierDraft {
    type Error = ValidationError;

    fn try_from(i: SupplierInput) -> Result<Self, ValidationError> {
        Ok(SupplierDraft {
            code: i.code,
            name: i.name,
            kind: i.kind,
            status: i.status,
            categories: i.categories,
            contacts: contact_drafts(i.contacts)?,
            notes: i.notes,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Supplier")]
pub struct SupplierDto {
    pub id: String,
    pub code: String,
    pub name: String,
    #[ts(type = "\"goods\" | \"logistics\" | \"service\"")]
    pub kind: String,
    #[ts(type = "\"approved\" | \"probation\" | \"blocked\"")]
    pub status: String,
    pub categories: Vec<String>,
    pub contacts: Vec<ContactDto>,
    pub notes: String,
}

impl From<Supplier> for SupplierDto {
    fn from(s: Supplier) -> Self {
        SupplierDto {
            id: s.id.to_string(),
            code: s.fields.code,
            name: s.fields.name,
            kind: s.fields.kind.as_str().to_owned(),
            status: s.fields.status.as_str().to_owned(),
            categories: s.fields.categories,
            contacts: s.contacts.into_iter().map(Into::into).collect(),
            notes: s.fields.notes,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "SupplierSummary")]
pub struct SupplierSummaryDto {
    pub id: String,
    pub code: String,
    pub name: String,
    #[ts(type = "\"goods\" | \"logistics\" | \"service\"")]
    pub kind: String,
    #[ts(type = "\"approved\" | \"probation\" | \"blocked\"")]
    pub status: String,
    pub categories: Vec<String>,
    pub contact_name: String,
    pub contact_phone: String,
}

impl From<SupplierSummary> for SupplierSummaryDto {
    fn from(s: SupplierSummary) -> Self {
        SupplierSummaryDto {
            id: s.id.to_string(),
            code: s.code,
            name: s.name,
            kind: s.kind.as_str().to_owned(),
            status: s.status.as_str().to_owned(),
            categories: s.categories,
            contact_name: s.contact_name,
            contact_phone: s.contact_phone,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct SupplierListQuery {
    pub page: u32,
    pub page_size: u32,
    pub search: Option<String>,
    /// approved | probation | blocked, or null for all.
    pub status: Option<String>,
    /// goods | logistics | service, or null for all.
    pub kind: Option<String>,
}

impl TryFrom<SupplierListQuery> for SupplierQuery {
    type Error = ValidationError;

    fn try_from(q: SupplierListQuery) -> Result<Self, ValidationError> {
        Ok(SupplierQuery {
            page: q.page,
            page_size: q.page_size,
            search: q.search,
            status: choice::optional("status", q.status.as_deref().unwrap_or_default())?,
            kind: choice::optional("kind", q.kind.as_deref().unwrap_or_default())?,
        })
    }
}

pub fn supplier_page(p: Page<SupplierSummary>) -> SupplierPage {
    page(p, Into::into)
}

/// What a supplier supplies, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct SupplyInput {
    pub supplier_id: String,
    pub product_id: String,
    pub currency: String,
    pub price: String,
    pub lead_time_days: String,
    pub preferred: bool,
}

impl TryFrom<SupplyInput> for SupplyDraft {
    type Error = ValidationError;

    fn try_from(i: SupplyInput) -> Result<Self, ValidationError> {
        Ok(SupplyDraft {
            supplier_id: field_id(&i.supplier_id, "supplier_id")?,
            product_id: field_id(&i.product_id, "product_id")?,
            currency: i.currency,
            price: i.price,
            lead_time_days: i.lead_time_days,
            preferred: i.preferred,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "SuppliedProduct")]
pub struct SuppliedProductDto {
    pub product_id: String,
    pub sku: String,
    pub name: String,
    pub currency: String,
    pub price: String,
    pub lead_time_days: u32,
    pub preferred: bool,
}

impl From<SuppliedProduct> for SuppliedProductDto {
    fn from(s: SuppliedProduct) -> Self {
        SuppliedProductDto {
            product_id: s.product_id.to_string(),
            sku: s.sku,
            name: s.name,
            currency: s.currency,
            price: s.price,
            lead_time_days: s.lead_time_days,
            preferred: s.preferred,
        }
    }
}

/// The contract form as typed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ContractInput {
    pub supplier_id: String,
    pub title: String,
    /// YYYY-MM-DD
    pub starts_on: String,
    /// YYYY-MM-DD
    pub ends_on: String,
    pub terms: String,
    pub auto_renew: bool,
    pub notice_days: String,
    /// Where the signed document is (file path, archive number, link).
    pub reference: String,
}

impl TryFrom<ContractInput> for ContractDraft {
    type Error = ValidationError;

    fn try_from(i: ContractInput) -> Result<Self, ValidationError> {
        Ok(ContractDraft {
            supplier_id: field_id(&i.supplier_id, "supplier_id")?,
            title: i.title,
            starts_on: i.starts_on,
            ends_on: i.ends_on,
            terms: i.terms,
            auto_renew: i.auto_renew,
            notice_days: i.notice_days,
            reference: i.reference,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Contract")]
pub struct ContractDto {
    pub id: String,
    pub supplier_id: String,
    pub title: String,
    pub starts_on: String,
    pub ends_on: String,
    pub terms: String,
    pub auto_renew: bool,
    pub notice_days: u32,
    pub reference: String,
}

impl From<Contract> for ContractDto {
    fn from(c: Contract) -> Self {
        let f = c.fields;
        ContractDto {
            id: c.id.to_string(),
            supplier_id: f.supplier_id.to_string(),
            title: f.title,
            starts_on: f.starts_on.to_string(),
            ends_on: f.ends_on.to_string(),
            terms: f.terms,
            auto_renew: f.auto_renew,
            notice_days: f.notice_days,
            reference: f.reference,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "ExpiringContract")]
pub struct ExpiringContractDto {
    pub id: String,
    pub supplier_id: String,
    pub supplier_name: String,
    pub title: String,
    pub ends_on: String,
    pub auto_renew: bool,
    pub notice_days: u32,
}

impl From<ExpiringContract> for ExpiringContractDto {
    fn from(c: ExpiringContract) -> Self {
        ExpiringContractDto {
            id: c.id.to_string(),
            supplier_id: c.supplier_id.to_string(),
            supplier_name: c.supplier_name,
            title: c.title,
            ends_on: c.ends_on.to_string(),
            auto_renew: c.auto_renew,
            notice_days: c.notice_days,
        }
    }
}

/// A periodic evaluation as entered (scores 1–5).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct EvaluationInput {
    pub supplier_id: String,
    /// e.g. 2026-Q4 or 2026-11
    pub period: String,
    pub cooperation: u8,
    pub service: u8,
    pub technology: u8,
    pub comment: String,
}

impl TryFrom<EvaluationInput> for EvaluationDraft {
    type Error = ValidationError;

    fn try_from(i: EvaluationInput) -> Result<Self, ValidationError> {
        Ok(EvaluationDraft {
            supplier_id: field_id(&i.supplier_id, "supplier_id")?,
            period: i.period,
            cooperation: i.cooperation,
            service: i.service,
            technology: i.technology,
            comment: i.comment,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Evaluation")]
pub struct EvaluationDto {
    pub id: String,
    pub period: String,
    pub cooperation: u8,
    pub service: u8,
    pub technology: u8,
    pub comment: String,
    pub created_at: String,
}

impl From<Evaluation> for EvaluationDto {
    fn from(e: Evaluation) -> Self {
        EvaluationDto {
            id: e.id.to_string(),
            period: e.fields.period,
            cooperation: e.fields.cooperation,
            service: e.fields.service,
            technology: e.fields.technology,
            comment: e.fields.comment,
            created_at: e.created_at,
        }
    }
}

/// Everything the supplier page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "SupplierDetail")]
pub struct SupplierDetailDto {
    pub supplier: SupplierDto,
    pub supplies: Vec<SuppliedProductDto>,
    pub contracts: Vec<ContractDto>,
    pub evaluations: Vec<EvaluationDto>,
    /// Its latest purchase orders (at most 20).
    pub orders: Vec<PoSummaryDto>,
}

// ---------------------------------------------------------------- purchase orders

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
        let supplier_id = parse_id(&i.supplier_id)
            .map_err(|e| ValidationError::new(e.code, "supplier_id", e.message))?;
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

/// The PO statuses, for the TypeScript union.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "PoStatus")]
pub enum PoStatusDto {
    Draft,
    Sent,
    PartiallyReceived,
    Received,
    Closed,
    Cancelled,
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

pub fn po_page(p: Page<PoSummary>) -> PoPage {
    page(p, Into::into)
}
