//! Products (产品): the catalogue with prices, costs, lifecycle stage and the replenishment
//! parameters, each read with its on-hand quantity (a sum over the stock ledger, in
//! [`crate::stock`]) and its reserved and on-order quantities ([`crate::planning`]).
//!
//! - [`schema`]: the table, its migrations and registered columns;
//! - [`read`]: one product, the paged list, categories;
//! - [`write`]: create, update, delete.

pub(crate) mod read;
pub(crate) mod schema;
pub(crate) mod write;

use chainbook_core::product::{ProductFields, Qty};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{Read, Store};

pub(crate) use schema::TABLES;

/// A stored product with the stock it can be planned with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub id: Uuid,
    pub fields: ProductFields,
    pub on_hand: Qty,
    /// Unshipped on confirmed, picking and partly shipped orders (see [`crate::planning`]).
    pub reserved: Qty,
    /// Not yet received on draft, sent and partly received purchase orders.
    pub on_order: Qty,
    pub created_at: DateTime<Utc>,
}

impl Product {
    /// On hand − reserved: what a new order can still have.
    pub fn available(&self) -> Qty {
        Qty(self.on_hand.0 - self.reserved.0)
    }

    /// On hand below zero: something was sold or shipped that the ledger does not hold.
    pub fn negative_stock(&self) -> bool {
        self.on_hand.is_negative()
    }

    /// On hand at or below the safety stock.
    pub fn below_safety_stock(&self) -> bool {
        self.fields.safety_stock.0 > 0 && self.on_hand <= self.fields.safety_stock
    }
}

/// Sort orders of the product list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProductSort {
    Sku,
    #[default]
    Name,
    Category,
    /// Available (on hand − reserved), computed for every product of the filter.
    Available,
}

/// A page request for products. `page` is 0-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductQuery {
    pub page: u32,
    pub page_size: u32,
    pub sort: ProductSort,
    pub descending: bool,
    /// Substring of the SKU or name.
    pub search: Option<String>,
    pub category: Option<String>,
    pub include_inactive: bool,
}

impl Default for ProductQuery {
    fn default() -> Self {
        Self {
            page: 0,
            page_size: 50,
            sort: ProductSort::Name,
            descending: false,
            search: None,
            category: None,
            include_inactive: false,
        }
    }
}

/// Reads of products.
pub struct Products<'a> {
    db: Read<'a>,
}

/// Writes of products.
pub struct ProductsMut<'a> {
    store: &'a mut Store,
}

impl Store {
    pub fn products(&self) -> Products<'_> {
        Products { db: self.read() }
    }

    pub fn products_mut(&mut self) -> ProductsMut<'_> {
        ProductsMut { store: self }
    }
}
