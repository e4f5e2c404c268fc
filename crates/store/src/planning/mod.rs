//! Stock planning (供货计划) behind one read handle, `store.planning()`, and one write,
//! `store.planning_mut()`: the demand series, the stock a product can be planned with, its
//! ABC/XYZ class and the replenishment suggestions that become draft purchase orders.
//!
//! - **Demand** is shipments net of returns (a return on its own date), from the derived
//!   `demand_days` ([`schema`]), per product or category, monthly or weekly, from the first
//!   sale with empty periods as zeros ([`demand`]).
//! - **Stock you can plan with** ([`position`]): on hand (the ledger's sum), reserved (the
//!   unshipped quantities of confirmed, picking and partly shipped orders — what the order
//!   confirmation's stock check holds back), available = on hand − reserved, and on order (the
//!   quantities of draft, sent and partly received purchase orders not yet received, accepted
//!   or rejected). Drafts count as on order so that a draft made from the replenishment list
//!   takes its products off the list instead of inviting a second draft.
//! - **The plan** ([`plan`]): every live active product's classes, demand statistics and
//!   suggestion as of a day, computed in one pass and kept until the next write (`Read::memo`).
//! - **Forecasts** ([`forecasts`]): each product's demand forecast from its complete months,
//!   kept in the device-local `product_forecasts` until a shipment or return of a month it read
//!   changes, computed off the store's lock in batches; the plan's suggestions use it.
//! - **Drafts** ([`drafts`]): selected suggestions as one draft purchase order per preferred
//!   supplier and currency, through purchasing's one way of creating a draft.

pub(crate) mod demand;
pub(crate) mod drafts;
pub mod forecasts;
pub mod plan;
pub(crate) mod position;
pub(crate) mod schema;

use chainbook_core::analytics::abc::AbcTier;
use chainbook_core::planning::classes::{CountFrequency, XyzClass};
use chainbook_core::planning::reorder::{DemandHistory, Reorder};
use chainbook_core::product::Qty;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::{Read, Store};

/// The length of a demand period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Granularity {
    /// Calendar months.
    Month,
    /// ISO weeks, Monday to Sunday.
    Week,
}

/// One period of a demand series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemandPoint {
    /// The period's first day.
    pub start: NaiveDate,
    /// Shipped net of returned (negative when returns outweigh shipments).
    pub qty: Qty,
}

/// A product's preferred supply: who it is ordered from, at what price, how fast.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreferredSupply {
    pub supplier_id: Uuid,
    pub supplier_name: String,
    pub currency: String,
    pub price: Decimal,
    pub lead_time_days: u32,
}

/// One product's classes, stock, demand statistics and suggestion.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductPlan {
    pub product_id: Uuid,
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub category: String,
    pub abc: AbcTier,
    /// 1 = the largest consumption value.
    pub rank: usize,
    /// Units net of returns × cost over the class months.
    pub consumption_value: Decimal,
    /// The product's currency (its cost's).
    pub currency: String,
    pub cv: Option<f64>,
    pub xyz: XyzClass,
    pub count_frequency: CountFrequency,
    pub on_hand: Qty,
    pub reserved: Qty,
    pub on_order: Qty,
    /// Reserved beyond on hand: what customers wait for that stock cannot ship.
    pub backorders: Qty,
    pub lead_time_days: u32,
    pub review_days: u32,
    pub service_level_pct: f64,
    pub history: DemandHistory,
    pub pack_size: Qty,
    pub min_order_qty: Qty,
    pub reorder: Reorder,
    pub supply: Option<PreferredSupply>,
}

impl ProductPlan {
    /// On hand − reserved.
    pub fn available(&self) -> Qty {
        Qty(self.on_hand.0 - self.reserved.0)
    }

    /// Below its reorder point with something to order.
    pub fn suggested(&self) -> bool {
        self.reorder.below_reorder_point && self.reorder.quantity.0 > 0
    }
}

/// The products of one preferred supplier that need ordering (`supply` is `None` for
/// products without a preferred supplier, which cannot become a draft yet).
#[derive(Debug, Clone, PartialEq)]
pub struct SupplierSuggestions {
    pub supplier_id: Option<Uuid>,
    pub supplier_name: String,
    pub lines: Vec<ProductPlan>,
}

/// A line the user selected: a product and the quantity to order (the suggestion, or as
/// changed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DraftLine {
    pub product_id: Uuid,
    pub quantity: Qty,
}

/// Reads of demand, stock positions, classes and suggestions.
pub struct Planning<'a> {
    db: Read<'a>,
}

/// Turning suggestions into draft purchase orders.
pub struct PlanningMut<'a> {
    store: &'a mut Store,
}

impl Store {
    pub fn planning(&self) -> Planning<'_> {
        Planning { db: self.read() }
    }

    pub fn planning_mut(&mut self) -> PlanningMut<'_> {
        PlanningMut { store: self }
    }
}
