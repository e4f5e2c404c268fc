//! Wire types of products, the stock ledger and stock counts. Quantities cross as decimal
//! strings of units (the ledger keeps thousandths).

use chainbook_core::product::{MovementDraft, MovementKind, ProductDraft, Qty};
use chainbook_core::ValidationError;
use chainbook_store::planning::plan::Plan;
use chainbook_store::products::{Product, ProductQuery, ProductSort};
use chainbook_store::stock::{CountLine, Movement, StockCount, StockCountSummary};
use chainbook_store::suppliers::{ReceivedFrom, SupplyOffer};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::wire::*;

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
    /// Unshipped on confirmed orders.
    pub reserved: String,
    /// On hand − reserved.
    pub available: String,
    /// Not yet received on open (draft, sent, partly received) purchase orders.
    pub on_order: String,
    /// The product's classes as of the query's day; `None` for an inactive product (not
    /// planned) or where the classes were not asked for.
    #[ts(type = "AbcTier | null")]
    pub abc: Option<String>,
    #[ts(type = "XyzClass | null")]
    pub xyz: Option<String>,
    #[ts(type = "CountFrequency | null")]
    pub count_frequency: Option<String>,
    /// On hand below zero (allowed, flagged).
    pub negative_stock: bool,
    /// On hand at or below the safety stock.
    pub below_safety_stock: bool,
}

impl ProductDto {
    /// Adds the product's classes from the plan of the day.
    pub fn with_plan(mut self, plan: &Plan) -> Self {
        if let Some(p) = uuid::Uuid::parse_str(&self.id)
            .ok()
            .and_then(|id| plan.product(id))
        {
            self.abc = Some(p.abc.as_str().to_owned());
            self.xyz = Some(p.xyz.as_str().to_owned());
            self.count_frequency = Some(p.count_frequency.as_str().to_owned());
        }
        self
    }
}

impl From<Product> for ProductDto {
    fn from(p: Product) -> Self {
        let (negative_stock, below_safety_stock) = (p.negative_stock(), p.below_safety_stock());
        let available = p.available();
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
            reserved: qty(p.reserved),
            available: qty(available),
            on_order: qty(p.on_order),
            abc: None,
            xyz: None,
            count_frequency: None,
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
    Available,
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
    /// The user's local date (YYYY-MM-DD) the classes are of; without it (pickers) the rows
    /// carry no classes and no plan is computed.
    #[serde(default)]
    #[ts(optional)]
    pub today: Option<String>,
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
                ProductSortDto::Available => ProductSort::Available,
            },
            descending: q.descending,
            search: q.search,
            category: q.category,
            include_inactive: q.include_inactive,
        }
    }
}

/// A page of the list.
pub type ProductPage = PageDto<ProductDto>;

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
    #[ts(type = "MovementKind")]
    pub kind: String,
    /// Signed: what it added to on hand.
    pub quantity: String,
    pub reason: String,
    pub reference: String,
    /// The stock count a count correction came from.
    pub count_id: Option<String>,
    /// The business date the goods moved, `YYYY-MM-DD`.
    pub occurred_on: String,
    /// The moment it happened as entered, else when it was recorded (RFC 3339).
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
            count_id: (m.kind == MovementKind::CountCorrection).then(|| m.reference.clone()),
            reference: m.reference,
            occurred_on: m.occurred_on.to_string(),
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

/// A supplier the product was received from, with the last price paid and date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "ReceivedFrom")]
pub struct ReceivedFromDto {
    pub supplier_id: String,
    pub supplier_name: String,
    pub currency: String,
    pub last_price: String,
    /// YYYY-MM-DD
    pub last_received_on: String,
}

impl From<ReceivedFrom> for ReceivedFromDto {
    fn from(r: ReceivedFrom) -> Self {
        ReceivedFromDto {
            supplier_id: r.supplier_id.to_string(),
            supplier_name: r.supplier_name,
            currency: r.currency,
            last_price: r.last_price,
            last_received_on: r.last_received_on.to_string(),
        }
    }
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
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "ProductDetail")]
pub struct ProductDetailDto {
    pub product: ProductDto,
    /// Newest first (at most 200).
    pub movements: Vec<MovementDto>,
    /// On hand over time, oldest first.
    pub series: Vec<StockPointDto>,
    /// Who supplies it, preferred first.
    pub suppliers: Vec<SupplyOfferDto>,
    /// Who it was received from on purchase orders, most recent first.
    pub received_from: Vec<ReceivedFromDto>,
    /// Its classes, demand statistics and reorder figures (`None` when inactive).
    pub plan: Option<super::planning::ProductPlanDto>,
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
