//! Customers with their contacts and addresses (客户管理): the record, the filtered and sorted
//! list, the duplicate check.
//!
//! Validation happens in `chainbook_core` before anything is written, so the tables only ever
//! hold clean values. A save is one transaction covering the customer, its contacts and
//! addresses, writing only the changed rows and columns, and (through the
//! write path) the derived tag and search rows.
//!
//! - [`schema`]: tables, migrations, registered columns, planner statistics;
//! - [`read`]: one customer, duplicates, filter choices;
//! - [`list`]: the paged list with search and filters;
//! - [`write`]: create, import, update, delete;
//! - [`tags`]: the derived `customer_tags` rows;
//! - [`rhythm`]: the derived buying rhythm and the computed lifecycle stage.

mod list;
pub(crate) use list::member_ids_sql;
pub(crate) mod read;
pub(crate) mod rhythm;
pub(crate) mod schema;
pub(crate) mod tags;
pub(crate) mod write;

use chainbook_core::contact::Contact;
use chainbook_core::customer::{Address, Customer};
use chainbook_core::segment::CustomerFilter;
use uuid::Uuid;

use crate::{Read, Store};

pub(crate) use schema::TABLES;

/// Sort orders the list offers; each maps to an indexed column with `id` as tie-breaker so
/// paging is stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CustomerSort {
    Code,
    #[default]
    Name,
    City,
    CreditLimit,
    CreatedAt,
    UpdatedAt,
}

/// A page request. `page` is 0-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerQuery {
    pub page: u32,
    pub page_size: u32,
    pub sort: CustomerSort,
    pub descending: bool,
    /// Search text, matched like the search box (names, pinyin, contacts, phones, emails).
    pub search: Option<String>,
    pub filter: CustomerFilter,
}

impl Default for CustomerQuery {
    fn default() -> Self {
        Self {
            page: 0,
            page_size: 50,
            sort: CustomerSort::Name,
            descending: false,
            search: None,
            filter: CustomerFilter::default(),
        }
    }
}

/// A customer with its live contacts (primary first, then in form order) and addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerDetail {
    pub customer: Customer,
    pub contacts: Vec<Contact>,
    pub addresses: Vec<Address>,
}

/// An existing customer that a new one may duplicate, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateHit {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    /// `name`, `phone` or `email`.
    pub reason: &'static str,
}

/// Values in use, offered as filter choices.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterOptions {
    pub tags: Vec<String>,
    pub owners: Vec<String>,
    pub countries: Vec<String>,
    pub provinces: Vec<String>,
}

/// Reads of customers.
pub struct Customers<'a> {
    db: Read<'a>,
}

/// Writes of customers.
pub struct CustomersMut<'a> {
    store: &'a mut Store,
}

impl Store {
    pub fn customers(&self) -> Customers<'_> {
        Customers { db: self.read() }
    }

    pub fn customers_mut(&mut self) -> CustomersMut<'_> {
        CustomersMut { store: self }
    }
}
