//! One customer with its contacts and addresses, the duplicate check, and the values in use
//! that the filter bar offers.

use chainbook_core::customer::{
    Address, AddressKind, Channel, Customer, CustomerFields, CustomerKind, Lifecycle,
    PaymentMethod, PaymentTerms,
};
use chainbook_core::hlc::Hlc;
use chainbook_core::search_keys::phone_digits;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row};
use uuid::Uuid;

use super::{CustomerDetail, Customers, DuplicateHit, FilterOptions};
use crate::row::RowExt;
use crate::{contacts, search, Result, StoreError};

/// The columns [`customer`] reads, in its order, from `customers` (unaliased): the stored
/// ones and the stage computed from the customer's orders as of `today`.
pub(super) fn columns(today: NaiveDate) -> String {
    format!(
        "id, code, kind, name, phone, email, country, province, city, \
         tags, credit_limit, currency, notes, created_at, updated_at, updated_by, channel, \
         payment_method, payment_terms, lifecycle, owner, lifecycle_pinned, \
         (SELECT {} FROM customer_rhythm r WHERE r.customer_id = customers.id)",
        super::rhythm::stage_sql(today, "r")
    )
}

/// A row of [`COLUMNS`].
pub(super) fn customer(r: &Row<'_>) -> rusqlite::Result<Customer> {
    Ok(Customer {
        id: r.uuid(0)?,
        code: r.get(1)?,
        fields: CustomerFields {
            kind: r.parsed(2, CustomerKind::parse)?,
            name: r.get(3)?,
            phone: r.get(4)?,
            email: r.get(5)?,
            country: r.get(6)?,
            province: r.get(7)?,
            city: r.get(8)?,
            tags: r.json(9)?,
            credit_limit: r.decimal(10)?,
            currency: r.get(11)?,
            notes: r.get(12)?,
            channel: r.opt_parsed(16, Channel::parse)?,
            payment_method: r.opt_parsed(17, PaymentMethod::parse)?,
            payment_terms: r.opt_parsed(18, PaymentTerms::parse)?,
            lifecycle: r.parsed(19, Lifecycle::parse)?,
            owner: r.get(20)?,
            lifecycle_pinned: r.get::<_, i64>(21)? != 0,
        },
        created_at: r.time(13)?,
        updated_at: Hlc::from_i64(r.get(14)?),
        updated_by: r.get(15)?,
        computed_lifecycle: r.opt_parsed(22, Lifecycle::parse)?,
    })
}

pub(super) fn not_found() -> StoreError {
    StoreError::NotFound { what: "customer" }
}

/// A live (not deleted) customer, its computed stage as of `today`.
pub(crate) fn load(conn: &Connection, id: Uuid, today: NaiveDate) -> Result<Customer> {
    conn.prepare_cached(&format!(
        "SELECT {} FROM customers WHERE id = ?1 AND deleted = 0",
        columns(today)
    ))?
    .query_row([id.to_string()], customer)
    .optional()?
    .ok_or_else(not_found)
}

/// A live customer with its contacts and addresses.
pub(super) fn load_detail(conn: &Connection, id: Uuid, today: NaiveDate) -> Result<CustomerDetail> {
    let customer = load(conn, id, today)?;
    let id_s = id.to_string();
    Ok(CustomerDetail {
        customer,
        contacts: contacts::load(conn, &contacts::OF_CUSTOMER, &id_s)?,
        addresses: load_addresses(conn, &id_s)?,
    })
}

fn load_addresses(conn: &Connection, customer_id: &str) -> Result<Vec<Address>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, country, province, city, street, postcode FROM addresses
         WHERE customer_id = ?1 AND deleted = 0 ORDER BY position, id",
    )?;
    let rows = stmt.query_map([customer_id], |r| {
        Ok(Address {
            id: Some(r.uuid(0)?),
            kind: r.parsed(1, AddressKind::parse)?,
            country: r.get(2)?,
            province: r.get(3)?,
            city: r.get(4)?,
            street: r.get(5)?,
            postcode: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Customers<'_> {
    /// A live (not deleted) customer.
    pub fn get(&self, id: Uuid) -> Result<Customer> {
        load(self.db.conn, id, self.db.now.date_naive())
    }

    /// A live customer with its contacts and addresses.
    pub fn detail(&self, id: Uuid) -> Result<CustomerDetail> {
        load_detail(self.db.conn, id, self.db.now.date_naive())
    }

    /// Live customers that a new or edited customer may duplicate: the same name (ignoring
    /// case and surrounding spaces), the same phone digits, or the same email — on the
    /// customer or any of its contacts.
    pub fn find_duplicates(
        &self,
        name: &str,
        phones: &[String],
        emails: &[String],
        exclude: Option<Uuid>,
    ) -> Result<Vec<DuplicateHit>> {
        let mut hits: Vec<DuplicateHit> = Vec::new();
        let conn = self.db.conn;
        let mut check = |sql: &str, arg: String, reason: &'static str| -> Result<()> {
            let mut stmt = conn.prepare_cached(sql)?;
            let rows = stmt.query_map([arg], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?))
            })?;
            for r in rows {
                let (id, code, name) = r?;
                let Ok(id) = Uuid::try_parse(&id) else {
                    continue;
                };
                if Some(id) != exclude && !hits.iter().any(|h| h.id == id) {
                    hits.push(DuplicateHit {
                        id,
                        code,
                        name,
                        reason,
                    });
                }
            }
            Ok(())
        };
        let name = name.trim();
        if !name.is_empty() {
            check(
                "SELECT id, code, name FROM customers WHERE deleted = 0 AND name = ?1 COLLATE NOCASE LIMIT 10",
                name.to_owned(),
                "name",
            )?;
        }
        for p in phones
            .iter()
            .map(|p| phone_digits(p))
            .filter(|d| d.len() >= 6)
        {
            check(
                search::candidates_sql(),
                search::column_phrase("body", &p),
                "phone",
            )?;
        }
        for e in emails
            .iter()
            .map(|e| e.trim().to_lowercase())
            .filter(|e| e.len() >= 3)
        {
            check(
                search::candidates_sql(),
                search::column_phrase("body", &e),
                "email",
            )?;
        }
        Ok(hits)
    }

    /// Distinct tags, owners, countries and provinces of live customers (at most 500 each).
    pub fn filter_options(&self) -> Result<FilterOptions> {
        let list = |sql: &str| -> Result<Vec<String>> {
            let mut stmt = self.db.conn.prepare_cached(sql)?;
            let v = stmt
                .query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(v)
        };
        // A "loose index scan": jump from one distinct value to the next through the index
        // instead of reading every entry as DISTINCT would (100k rows → a few dozen seeks).
        let distinct = |table: &str, col: &str, live: &str| {
            format!(
                "WITH RECURSIVE r(v) AS (
                     SELECT min({col}) FROM {table} WHERE {live} {col} <> ''
                     UNION ALL
                     SELECT (SELECT min({col}) FROM {table} WHERE {live} {col} > r.v) FROM r WHERE r.v IS NOT NULL
                 ) SELECT v FROM r WHERE v IS NOT NULL LIMIT 500"
            )
        };
        let live = "deleted = 0 AND";
        Ok(FilterOptions {
            tags: list(&distinct("customer_tags", "tag", ""))?,
            owners: list(&distinct("customers", "owner", live))?,
            countries: list(&distinct("customers", "country", live))?,
            provinces: list(&distinct("customers", "province", live))?,
        })
    }
}
