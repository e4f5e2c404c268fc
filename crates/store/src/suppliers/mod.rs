//! Suppliers (供应商管理): suppliers with several contacts, what they supply at what price and
//! lead time, their contracts and periodic evaluations. Purchase orders are in
//! [`crate::purchasing`].
//!
//! - [`schema`]: tables, migrations, registered columns;
//! - [`read`]: one supplier and the paged list;
//! - [`write`]: create, update, delete;
//! - [`supplies`]: who supplies which product;
//! - [`contracts`]: contracts and expiry reminders;
//! - [`evaluations`]: periodic evaluations (insert-only);
//! - [`scorecard`]: the supplier scorecard per period, the ranking, one supplier's page with
//!   its history and the records behind it, and status changes with a reason.

mod contracts;
mod evaluations;
pub(crate) mod read;
pub(crate) mod schema;
pub mod scorecard;
mod supplies;
pub(crate) mod write;

use chainbook_core::contact::Contact;
use chainbook_core::supplier::{
    ContractFields, EvaluationFields, SupplierFields, SupplierKind, SupplierStatus,
};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::{Read, Store};

pub(crate) use schema::TABLES;

/// A stored supplier with its contacts (primary first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Supplier {
    pub id: Uuid,
    pub fields: SupplierFields,
    pub contacts: Vec<Contact>,
}

/// A supplier as a list row shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierSummary {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub kind: SupplierKind,
    pub status: SupplierStatus,
    pub categories: Vec<String>,
    /// The primary contact's name and phone, empty when there is none.
    pub contact_name: String,
    pub contact_phone: String,
}

/// A page request for suppliers. `page` is 0-based.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SupplierQuery {
    pub page: u32,
    pub page_size: u32,
    /// Substring of the code or name.
    pub search: Option<String>,
    pub status: Option<SupplierStatus>,
    pub kind: Option<SupplierKind>,
}

/// A product a supplier supplies, for the supplier page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuppliedProduct {
    pub product_id: Uuid,
    pub sku: String,
    pub name: String,
    pub currency: String,
    pub price: String,
    pub lead_time_days: u32,
    pub preferred: bool,
}

/// One supplier's offer for a product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplyOffer {
    pub supplier_id: Uuid,
    pub supplier_name: String,
    pub currency: String,
    pub price: String,
    pub lead_time_days: u32,
    pub preferred: bool,
}

/// A supplier a product was received from on a purchase order, whether or not it still
/// offers the product: the last price paid and when it last arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedFrom {
    pub supplier_id: Uuid,
    pub supplier_name: String,
    pub currency: String,
    /// The unit price on the purchase order of the last receipt.
    pub last_price: String,
    pub last_received_on: chrono::NaiveDate,
}

/// A stored contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contract {
    pub id: Uuid,
    pub fields: ContractFields,
}

/// A contract that ends soon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpiringContract {
    pub id: Uuid,
    pub supplier_name: String,
    pub supplier_id: Uuid,
    pub title: String,
    pub ends_on: NaiveDate,
    pub auto_renew: bool,
    pub notice_days: u32,
}

/// A stored evaluation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    pub id: Uuid,
    pub fields: EvaluationFields,
    pub created_at: String,
}

/// Reads of suppliers, supplies, contracts and evaluations.
pub struct Suppliers<'a> {
    db: Read<'a>,
}

/// Writes of suppliers, supplies, contracts and evaluations.
pub struct SuppliersMut<'a> {
    store: &'a mut Store,
}

impl Store {
    pub fn suppliers(&self) -> Suppliers<'_> {
        Suppliers { db: self.read() }
    }

    pub fn suppliers_mut(&mut self) -> SuppliersMut<'_> {
        SuppliersMut { store: self }
    }
}
