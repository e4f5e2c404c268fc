//! Customers with their contacts and addresses: create, update, tombstone, get, the filtered,
//! paged and sorted list, and the duplicate check.
//!
//! Validation happens here through `chainbook_core` before anything is written, so the tables
//! only ever hold clean values. A save is one transaction covering the customer, its contacts and
//! addresses, the derived tag and search rows, and one outbox entry per changed row with only
//! the changed columns.

use std::str::FromStr;

use chainbook_core::contact::Contact;
use chainbook_core::customer::{
    Address, AddressKind, Channel, Customer, CustomerDraft, CustomerFields, CustomerKind,
    CustomerRecord, Lifecycle, PaymentMethod, PaymentTerms,
};
use chainbook_core::hlc::Hlc;
use chainbook_core::id::new_id;
use chainbook_core::search_keys::phone_digits;
use chainbook_core::segment::{CustomerFilter, Scope};
use chainbook_core::{ErrorCode, ValidationError};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection, OptionalExtension, Row};
use rust_decimal::Decimal;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::error::unique_to_conflict;
use crate::rows::{changed_columns, plan_children, ChildOp};
use crate::{parse_time, search, Result, Store, StoreError, Write};

pub(crate) const MIGRATION_1: &str = "
CREATE TABLE customers (
    id           TEXT PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL CHECK (kind IN ('company', 'person')),
    name         TEXT NOT NULL,
    phone        TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    country      TEXT NOT NULL DEFAULT '',
    province     TEXT NOT NULL DEFAULT '',
    city         TEXT NOT NULL DEFAULT '',
    tags         TEXT NOT NULL DEFAULT '[]',
    credit_limit TEXT NOT NULL DEFAULT '0',
    currency     TEXT NOT NULL,
    notes        TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   INTEGER NOT NULL,
    updated_by   TEXT NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX customers_by_name ON customers (deleted, name, id);
CREATE INDEX customers_by_city ON customers (deleted, city, id);
CREATE INDEX customers_by_created ON customers (deleted, created_at, id);
CREATE INDEX customers_by_updated ON customers (deleted, updated_at, id);
";

pub(crate) const MIGRATION_2: &str = "
ALTER TABLE customers ADD COLUMN channel TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN payment_method TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN payment_terms TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN lifecycle TEXT NOT NULL DEFAULT 'new';
ALTER TABLE customers ADD COLUMN owner TEXT NOT NULL DEFAULT '';
CREATE INDEX customers_by_channel ON customers (deleted, channel);
CREATE INDEX customers_by_payment ON customers (deleted, payment_method);
CREATE INDEX customers_by_lifecycle ON customers (deleted, lifecycle);
CREATE INDEX customers_by_owner ON customers (deleted, owner);
CREATE INDEX customers_by_geo ON customers (deleted, country, province, city);
CREATE INDEX customers_by_province ON customers (deleted, province, city);
-- Covers the filter columns in name order, so a filtered list sorted by name reads only the
-- index until the page is full instead of visiting every row.
CREATE INDEX customers_by_name_filters ON customers
    (deleted, name, id, country, province, city, lifecycle, channel, payment_method, owner);

CREATE TABLE contacts (
    id          TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (id) DEFERRABLE INITIALLY DEFERRED,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    wechat      TEXT NOT NULL DEFAULT '',
    is_primary  INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
    position    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX contacts_by_customer ON contacts (customer_id, deleted, position);

CREATE TABLE addresses (
    id          TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (id) DEFERRABLE INITIALLY DEFERRED,
    kind        TEXT NOT NULL CHECK (kind IN ('billing', 'shipping')),
    country     TEXT NOT NULL,
    province    TEXT NOT NULL DEFAULT '',
    city        TEXT NOT NULL DEFAULT '',
    street      TEXT NOT NULL DEFAULT '',
    postcode    TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX addresses_by_customer ON addresses (customer_id, deleted, position);

-- Derived from customers.tags for fast tag filters; rebuilt on every save, never synced.
CREATE TABLE customer_tags (
    tag         TEXT NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers (id) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (tag, customer_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX customer_tags_by_customer ON customer_tags (customer_id);
INSERT OR IGNORE INTO customer_tags (tag, customer_id)
    SELECT j.value, c.id FROM customers c, json_each(c.tags) j WHERE c.deleted = 0;
";

/// Version 8: combined filters counted from indexes instead of rows.
///
/// - Each derived tag row carries its customer's filter columns (kept in the save's
///   transaction by `replace_tags`), so a tag filter combined with column filters is counted
///   from `customer_tags` alone and the page joins only the customers that match.
/// - `(deleted, province, lifecycle)` and `(deleted, lifecycle, country)` count the common
///   province + lifecycle and lifecycle + domestic/international filters from the index alone;
///   the second replaces `customers_by_lifecycle`, of which it is an extension.
pub(crate) const MIGRATION_8: &str = "
DROP TABLE customer_tags;
CREATE TABLE customer_tags (
    tag            TEXT NOT NULL,
    customer_id    TEXT NOT NULL REFERENCES customers (id) DEFERRABLE INITIALLY DEFERRED,
    channel        TEXT NOT NULL,
    payment_method TEXT NOT NULL,
    lifecycle      TEXT NOT NULL,
    owner          TEXT NOT NULL,
    country        TEXT NOT NULL,
    province       TEXT NOT NULL,
    city           TEXT NOT NULL,
    PRIMARY KEY (tag, customer_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX customer_tags_by_customer ON customer_tags (customer_id);
INSERT OR IGNORE INTO customer_tags
    (tag, customer_id, channel, payment_method, lifecycle, owner, country, province, city)
    SELECT j.value, c.id, c.channel, c.payment_method, c.lifecycle, c.owner, c.country,
           c.province, c.city
    FROM customers c, json_each(c.tags) j WHERE c.deleted = 0;
CREATE INDEX customers_by_province_lifecycle ON customers (deleted, province, lifecycle);
DROP INDEX customers_by_lifecycle;
CREATE INDEX customers_by_lifecycle_country ON customers (deleted, lifecycle, country);
";

/// The filter columns each `customer_tags` row copies from its customer.
const TAG_FILTER_COLUMNS: &str =
    "channel, payment_method, lifecycle, owner, country, province, city";

const TABLE: &str = "customers";
const COLUMNS: &str = "id, code, kind, name, phone, email, country, province, city, tags, \
                       credit_limit, currency, notes, created_at, updated_at, updated_by, \
                       channel, payment_method, payment_terms, lifecycle, owner";

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

impl CustomerSort {
    fn order_by(self) -> &'static str {
        match self {
            CustomerSort::Code => "code",
            CustomerSort::Name => "name",
            CustomerSort::City => "city",
            // Stored as exact text; ordering by its numeric value is for display order only.
            CustomerSort::CreditLimit => "CAST(credit_limit AS REAL)",
            CustomerSort::CreatedAt => "created_at",
            CustomerSort::UpdatedAt => "updated_at",
        }
    }
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

pub const PAGE_SIZE_MAX: u32 = 500;

/// One page of results and the total count behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u32,
    pub page_size: u32,
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

fn opt_str<T>(v: Option<T>, f: impl Fn(T) -> &'static str) -> &'static str {
    v.map(f).unwrap_or("")
}

/// The stored form of each synced data column, as the outbox carries it.
fn column_values(f: &CustomerFields) -> Vec<(&'static str, Value)> {
    vec![
        ("kind", json!(f.kind.as_str())),
        ("name", json!(f.name)),
        ("phone", json!(f.phone)),
        ("email", json!(f.email)),
        ("country", json!(f.country)),
        ("province", json!(f.province)),
        ("city", json!(f.city)),
        ("tags", json!(tags_json(&f.tags))),
        ("credit_limit", json!(f.credit_limit.to_string())),
        ("currency", json!(f.currency)),
        ("notes", json!(f.notes)),
        ("channel", json!(opt_str(f.channel, Channel::as_str))),
        (
            "payment_method",
            json!(opt_str(f.payment_method, PaymentMethod::as_str)),
        ),
        (
            "payment_terms",
            json!(opt_str(f.payment_terms, PaymentTerms::as_str)),
        ),
        ("lifecycle", json!(f.lifecycle.as_str())),
        ("owner", json!(f.owner)),
    ]
}

pub(crate) fn contact_values(c: &Contact, position: usize) -> Vec<(&'static str, Value)> {
    vec![
        ("name", json!(c.name)),
        ("role", json!(c.role)),
        ("phone", json!(c.phone)),
        ("email", json!(c.email)),
        ("wechat", json!(c.wechat)),
        ("is_primary", json!(i64::from(c.primary))),
        ("position", json!(position)),
    ]
}

fn address_values(a: &Address, position: usize) -> Vec<(&'static str, Value)> {
    vec![
        ("kind", json!(a.kind.as_str())),
        ("country", json!(a.country)),
        ("province", json!(a.province)),
        ("city", json!(a.city)),
        ("street", json!(a.street)),
        ("postcode", json!(a.postcode)),
        ("position", json!(position)),
    ]
}

fn tags_json(tags: &[String]) -> String {
    serde_json::to_string(tags).unwrap_or_else(|_| "[]".into())
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<RawCustomer> {
    Ok(RawCustomer {
        id: r.get(0)?,
        code: r.get(1)?,
        kind: r.get(2)?,
        name: r.get(3)?,
        phone: r.get(4)?,
        email: r.get(5)?,
        country: r.get(6)?,
        province: r.get(7)?,
        city: r.get(8)?,
        tags: r.get(9)?,
        credit_limit: r.get(10)?,
        currency: r.get(11)?,
        notes: r.get(12)?,
        created_at: r.get(13)?,
        updated_at: r.get(14)?,
        updated_by: r.get(15)?,
        channel: r.get(16)?,
        payment_method: r.get(17)?,
        payment_terms: r.get(18)?,
        lifecycle: r.get(19)?,
        owner: r.get(20)?,
    })
}

/// A row as SQLite returns it, before the text columns are parsed back into types.
struct RawCustomer {
    id: String,
    code: String,
    kind: String,
    name: String,
    phone: String,
    email: String,
    country: String,
    province: String,
    city: String,
    tags: String,
    credit_limit: String,
    currency: String,
    notes: String,
    created_at: String,
    updated_at: i64,
    updated_by: String,
    channel: String,
    payment_method: String,
    payment_terms: String,
    lifecycle: String,
    owner: String,
}

/// Parses an optional choice column: empty is `None`, an unknown value is damage.
fn stored_choice<T>(
    s: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> std::result::Result<Option<T>, ()> {
    if s.is_empty() {
        Ok(None)
    } else {
        parse(s).map(Some).ok_or(())
    }
}

impl RawCustomer {
    fn into_customer(self) -> Result<Customer> {
        let id = self.id.clone();
        let bad = |what: &str| StoreError::Corrupt(format!("customer {id}: {what}"));
        Ok(Customer {
            id: Uuid::try_parse(&self.id).map_err(|_| bad("id"))?,
            fields: CustomerFields {
                kind: CustomerKind::parse(&self.kind).ok_or_else(|| bad("kind"))?,
                tags: serde_json::from_str(&self.tags).map_err(|_| bad("tags"))?,
                credit_limit: Decimal::from_str(&self.credit_limit)
                    .map_err(|_| bad("credit_limit"))?,
                channel: stored_choice(&self.channel, Channel::parse)
                    .map_err(|_| bad("channel"))?,
                payment_method: stored_choice(&self.payment_method, PaymentMethod::parse)
                    .map_err(|_| bad("payment_method"))?,
                payment_terms: stored_choice(&self.payment_terms, PaymentTerms::parse)
                    .map_err(|_| bad("payment_terms"))?,
                lifecycle: Lifecycle::parse(&self.lifecycle).ok_or_else(|| bad("lifecycle"))?,
                owner: self.owner,
                name: self.name,
                phone: self.phone,
                email: self.email,
                country: self.country,
                province: self.province,
                city: self.city,
                currency: self.currency,
                notes: self.notes,
            },
            code: self.code,
            created_at: parse_time(&self.created_at)?,
            updated_at: Hlc::from_i64(self.updated_at),
            updated_by: self.updated_by,
        })
    }
}

fn not_found() -> StoreError {
    StoreError::NotFound { what: "customer" }
}

impl Write<'_> {
    /// Rebuilds the derived tag rows of one customer, with the filter columns copied from its
    /// row as just written (so call it after every change to the customer's row).
    fn replace_tags(&self, customer_id: &str, tags: &[String]) -> Result<()> {
        self.tx.execute(
            "DELETE FROM customer_tags WHERE customer_id = ?1",
            [customer_id],
        )?;
        let mut stmt = self.tx.prepare_cached(&format!(
            "INSERT OR IGNORE INTO customer_tags (tag, customer_id, {TAG_FILTER_COLUMNS})
             SELECT ?1, id, {TAG_FILTER_COLUMNS} FROM customers WHERE id = ?2 AND deleted = 0"
        ))?;
        for t in tags {
            stmt.execute([t.as_str(), customer_id])?;
        }
        Ok(())
    }

    /// Inserts one validated customer with its children; returns its id.
    fn insert_customer(&self, rec: &CustomerRecord) -> Result<Uuid> {
        let now_ms = self.now.timestamp_millis().max(0) as u64;
        let id = self.new_row_id();
        let id_s = id.to_string();
        let seq = crate::device::next_sequence(&self.tx, "customer_code")?;
        let code = format!("C-{}-{seq:05}", self.device.code);
        let mut cols = column_values(&rec.fields);
        cols.insert(0, ("code", json!(code)));
        self.insert_row_with_id(TABLE, id, &cols)
            .map_err(|e| match e {
                StoreError::Sqlite(e) => unique_to_conflict(e, "customer code"),
                other => other,
            })?;
        let contacts = rec
            .contacts
            .iter()
            .enumerate()
            .map(|(i, c)| {
                ChildOp::Insert(
                    new_id(now_ms, self.entropy.id_bytes()),
                    contact_values(c, i),
                )
            })
            .collect();
        self.apply_children("contacts", "customer_id", &id_s, contacts)?;
        let addresses = rec
            .addresses
            .iter()
            .enumerate()
            .map(|(i, a)| {
                ChildOp::Insert(
                    new_id(now_ms, self.entropy.id_bytes()),
                    address_values(a, i),
                )
            })
            .collect();
        self.apply_children("addresses", "customer_id", &id_s, addresses)?;
        self.replace_tags(&id_s, &rec.fields.tags)?;
        search::index_customer(&self.tx, &id_s)?;
        Ok(id)
    }
}

fn load_contacts(conn: &Connection, customer_id: &str) -> Result<Vec<Contact>> {
    crate::rows::load_contacts(conn, "contacts", "customer_id", customer_id)
}

fn load_addresses(conn: &Connection, customer_id: &str) -> Result<Vec<Address>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, country, province, city, street, postcode FROM addresses
         WHERE customer_id = ?1 AND deleted = 0 ORDER BY position, id",
    )?;
    let rows = stmt.query_map([customer_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, kind, country, province, city, street, postcode) = row?;
        let bad = || StoreError::Corrupt(format!("address {id}"));
        out.push(Address {
            id: Some(Uuid::try_parse(&id).map_err(|_| bad())?),
            kind: AddressKind::parse(&kind).ok_or_else(bad)?,
            country,
            province,
            city,
            street,
            postcode,
        });
    }
    Ok(out)
}

/// A list query's search and filter as SQL.
struct ListFilter {
    /// `WHERE` clause over `customers`, and its arguments.
    filter: String,
    args: Vec<SqlValue>,
    /// A query counting the matches, and its arguments.
    count: String,
    count_args: Vec<SqlValue>,
    /// The filter is tags (with column filters inside `customer_tags`) and nothing else:
    /// `deleted = 0 AND id IN (…)`, which an index holding `id` can test entry by entry.
    tags_only: bool,
}

/// The SQL for a list query's search and filter.
///
/// Tag filters are resolved in `customer_tags` together with every column filter (its rows
/// carry the filter columns), so the join to `customers` touches only customers that match;
/// without a search the count needs no join at all (`customer_tags` holds rows of live
/// customers only).
fn list_filter(q: &CustomerQuery, home_country: &str) -> ListFilter {
    let text = |s: &str| SqlValue::Text(s.to_owned());
    let placeholders = |n: usize| vec!["?"; n].join(", ");
    // Filters on columns that both `customers` and `customer_tags` have.
    let mut columns: Vec<String> = Vec::new();
    let mut column_args: Vec<SqlValue> = Vec::new();
    let mut any_of = |col: &str, values: Vec<SqlValue>| {
        if !values.is_empty() {
            columns.push(format!("{col} IN ({})", placeholders(values.len())));
            column_args.extend(values);
        }
    };
    let f = &q.filter;
    any_of(
        "channel",
        f.channels.iter().map(|c| text(c.as_str())).collect(),
    );
    any_of(
        "payment_method",
        f.payment_methods.iter().map(|c| text(c.as_str())).collect(),
    );
    any_of(
        "lifecycle",
        f.lifecycles.iter().map(|c| text(c.as_str())).collect(),
    );
    any_of("owner", f.owners.iter().map(|o| text(o)).collect());
    for (col, v) in [
        ("country", &f.country),
        ("province", &f.province),
        ("city", &f.city),
    ] {
        if let Some(v) = v {
            columns.push(format!("{col} = ?"));
            column_args.push(text(v));
        }
    }
    match f.scope {
        Some(Scope::Domestic) => {
            columns.push("country = ?".into());
            column_args.push(text(home_country));
        }
        Some(Scope::International) => {
            columns.push("country <> '' AND country <> ?".into());
            column_args.push(text(home_country));
        }
        None => {}
    }
    let search = q
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(search::matching_ids);

    let mut clauses = vec!["deleted = 0".to_owned()];
    let mut args: Vec<SqlValue> = Vec::new();
    let mut count = None;
    if f.tags.is_empty() {
        clauses.extend(columns);
        args.extend(column_args);
    } else {
        let mut tag_where = vec![format!("tag IN ({})", placeholders(f.tags.len()))];
        tag_where.extend(columns);
        let tag_where = tag_where.join(" AND ");
        let mut tag_args: Vec<SqlValue> = f.tags.iter().map(|t| text(t)).collect();
        tag_args.extend(column_args);
        clauses.push(format!(
            "id IN (SELECT customer_id FROM customer_tags WHERE {tag_where})"
        ));
        args.extend(tag_args.iter().cloned());
        if search.is_none() {
            // (tag, customer_id) is the key: with one tag every row is another customer.
            let n = if f.tags.len() == 1 {
                "count(*)"
            } else {
                "count(DISTINCT customer_id)"
            };
            count = Some((
                format!("SELECT {n} FROM customer_tags WHERE {tag_where}"),
                tag_args,
            ));
        }
    }
    let tags_only = !f.tags.is_empty() && search.is_none();
    if let Some((sql, a)) = search {
        clauses.push(format!("id IN ({sql})"));
        args.extend(a);
    }
    let filter = clauses.join(" AND ");
    let (count, count_args) = count.unwrap_or_else(|| {
        (
            format!("SELECT count(*) FROM customers WHERE {filter}"),
            args.clone(),
        )
    });
    ListFilter {
        filter,
        args,
        count,
        count_args,
        tags_only,
    }
}

/// The index that holds a sort order's column and `id` after `deleted`, if there is one.
fn sort_index(sort: CustomerSort) -> Option<&'static str> {
    match sort {
        CustomerSort::UpdatedAt => Some("customers_by_updated"),
        CustomerSort::CreatedAt => Some("customers_by_created"),
        CustomerSort::City => Some("customers_by_city"),
        CustomerSort::Name | CustomerSort::Code | CustomerSort::CreditLimit => None,
    }
}

const HOME_COUNTRY_KEY: &str = "home_country";

/// Below this many customers the planner's defaults are fine and statistics are not worth it.
const STATISTICS_MIN_CUSTOMERS: i64 = 1_000;

/// See [`Store::refresh_statistics`].
fn refresh_statistics(conn: &Connection) -> Result<()> {
    let n: i64 = conn.query_row("SELECT count(*) FROM customers", [], |r| r.get(0))?;
    if n >= STATISTICS_MIN_CUSTOMERS {
        conn.execute_batch("PRAGMA analysis_limit = 1000; ANALYZE;")?;
    }
    Ok(())
}

/// Migration step after [`MIGRATION_8`]: statistics for the new indexes and the rebuilt tag
/// table, so that an upgraded database plans combined filters as a fresh import does.
pub(crate) fn statistics_after_migration_8(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    refresh_statistics(tx)
}

impl Store {
    /// Refreshes the query planner's statistics after a bulk write, so filtered lists pick
    /// the selective index. Sampled (`analysis_limit`), so it takes milliseconds. Never run on
    /// near-empty tables: statistics that say "empty" make the planner choose scans that get
    /// slower with every row added.
    pub fn refresh_statistics(&self) -> Result<()> {
        refresh_statistics(self.conn())
    }

    /// The business's home country (ISO 3166-1 alpha-2), which decides domestic vs
    /// international. Defaults to CN.
    pub fn home_country(&self) -> Result<String> {
        Ok(self
            .local_setting(HOME_COUNTRY_KEY)?
            .unwrap_or_else(|| "CN".to_owned()))
    }

    pub fn set_home_country(&mut self, code: &str) -> Result<String> {
        let c = chainbook_core::customer::validate_country(code)?;
        if c.is_empty() {
            return Err(ValidationError::new(
                ErrorCode::Required,
                "home_country",
                "a country is required",
            )
            .into());
        }
        self.set_local_setting(HOME_COUNTRY_KEY, &c)?;
        Ok(c)
    }

    /// Validates and inserts a new customer, its contacts and addresses, with a fresh id and
    /// code (`C-<device>-<seq>`).
    pub fn create_customer(&mut self, draft: &CustomerDraft) -> Result<Customer> {
        let rec = draft.validate_record()?;
        let id = self.write(|w| w.insert_customer(&rec))?;
        self.get_customer(id)
    }

    /// Inserts many customers in one transaction: all of them or, on the first invalid draft
    /// (reported with its index as `customers.<i>.<field>`) or failure, none.
    pub fn import_customers(&mut self, drafts: &[CustomerDraft]) -> Result<Vec<Uuid>> {
        let recs = drafts
            .iter()
            .enumerate()
            .map(|(i, d)| d.validate_record().map_err(|e| e.within("customers", i)))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let ids = self.write(|w| recs.iter().map(|r| w.insert_customer(r)).collect())?;
        self.refresh_statistics()?;
        Ok(ids)
    }

    /// Validates and saves new values for the customer, its contacts and addresses. The outbox
    /// gets only the rows and columns that changed, and a save that changes nothing writes
    /// nothing.
    pub fn update_customer(&mut self, id: Uuid, draft: &CustomerDraft) -> Result<Customer> {
        let rec = draft.validate_record()?;
        let old = self.get_customer_detail(id)?;
        let changed = changed_columns(
            column_values(&rec.fields),
            column_values(&old.customer.fields),
        );
        let now_ms = (self.clock)().timestamp_millis().max(0) as u64;
        let contact_ops = plan_children(
            "contacts",
            &old.contacts
                .iter()
                .enumerate()
                .filter_map(|(i, c)| c.id.map(|id| (id, contact_values(c, i))))
                .collect::<Vec<_>>(),
            rec.contacts
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id, contact_values(c, i)))
                .collect(),
            now_ms,
            &self.entropy,
        )?;
        let address_ops = plan_children(
            "addresses",
            &old.addresses
                .iter()
                .enumerate()
                .filter_map(|(i, a)| a.id.map(|id| (id, address_values(a, i))))
                .collect::<Vec<_>>(),
            rec.addresses
                .iter()
                .enumerate()
                .map(|(i, a)| (a.id, address_values(a, i)))
                .collect(),
            now_ms,
            &self.entropy,
        )?;
        if changed.is_empty() && contact_ops.is_empty() && address_ops.is_empty() {
            return Ok(old.customer);
        }
        self.write(|w| {
            let id_s = id.to_string();
            if !changed.is_empty() && !w.update_row(TABLE, &id_s, changed)? {
                return Err(not_found());
            }
            w.apply_children("contacts", "customer_id", &id_s, contact_ops)?;
            w.apply_children("addresses", "customer_id", &id_s, address_ops)?;
            w.replace_tags(&id_s, &rec.fields.tags)?;
            search::index_customer(&w.tx, &id_s)
        })?;
        self.get_customer(id)
    }

    /// Marks the customer deleted (a tombstone, so the deletion can sync); it disappears from
    /// lists, search and `get`. Its contacts and addresses go with it.
    pub fn delete_customer(&mut self, id: Uuid) -> Result<()> {
        self.write(|w| {
            let id_s = id.to_string();
            if !w.tombstone_row(TABLE, &id_s)? {
                return Err(not_found());
            }
            w.replace_tags(&id_s, &[])?;
            search::unindex_customer(&w.tx, &id_s)
        })
    }

    /// A live (not deleted) customer.
    pub fn get_customer(&self, id: Uuid) -> Result<Customer> {
        self.conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM customers WHERE id = ?1 AND deleted = 0"),
                [id.to_string()],
                from_row,
            )
            .optional()?
            .ok_or_else(not_found)?
            .into_customer()
    }

    /// A live customer with its contacts and addresses.
    pub fn get_customer_detail(&self, id: Uuid) -> Result<CustomerDetail> {
        let customer = self.get_customer(id)?;
        let id_s = id.to_string();
        Ok(CustomerDetail {
            customer,
            contacts: load_contacts(self.conn(), &id_s)?,
            addresses: load_addresses(self.conn(), &id_s)?,
        })
    }

    /// One page of live customers matching the query's search and filter, sorted in SQL.
    pub fn list_customers(&self, q: &CustomerQuery) -> Result<Page<Customer>> {
        if q.page_size == 0 || q.page_size > PAGE_SIZE_MAX {
            return Err(ValidationError::new(
                ErrorCode::InvalidArgument,
                "page_size",
                format!("page size must be 1..={PAGE_SIZE_MAX}"),
            )
            .into());
        }
        let home = self.home_country()?;
        let ListFilter {
            filter,
            args,
            count,
            count_args,
            tags_only,
        } = list_filter(q, &home);
        let total = self.count_cached(&count, &count_args)?;
        let offset = u64::from(q.page) * u64::from(q.page_size);
        let dir = if q.descending { "DESC" } else { "ASC" };
        // Sorted by name, the page is found in the covering name index alone (every filter
        // column is in it), then only its 50 rows are read. Left to itself the planner would
        // take the most selective filter index and sort thousands of full rows instead.
        // Tag filters in another indexed order: the planner always fetches and sorts every
        // match. When matches are dense enough, walking the sort index and testing each
        // entry's id against them reaches the page sooner (see `walk_is_cheaper`).
        let source = if q.sort == CustomerSort::Name {
            "customers INDEXED BY customers_by_name_filters".to_owned()
        } else {
            match sort_index(q.sort) {
                Some(index)
                    if tags_only
                        && self.walk_is_cheaper(offset + u64::from(q.page_size), total)? =>
                {
                    format!("customers INDEXED BY {index}")
                }
                _ => "customers".to_owned(),
            }
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM customers WHERE rowid IN (
                 SELECT rowid FROM {source} WHERE {filter}
                 ORDER BY {order} {dir}, id {dir} LIMIT ? OFFSET ?)
             ORDER BY {order} {dir}, id {dir}",
            order = q.sort.order_by()
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let mut all = args;
        all.push(SqlValue::Integer(i64::from(q.page_size)));
        all.push(SqlValue::Integer(offset as i64));
        let rows = stmt.query_map(params_from_iter(all), from_row)?;
        let mut items = Vec::with_capacity(q.page_size as usize);
        for r in rows {
            items.push(r?.into_customer()?);
        }
        Ok(Page {
            items,
            total,
            page: q.page,
            page_size: q.page_size,
        })
    }

    /// Whether the first `end` of `total` matches, in a sort index's order, are found sooner
    /// by walking that index than by fetching and sorting all matches. The walk reads about
    /// `end × customers / total` index entries, each tested against the matching ids (≈ 0.2 µs
    /// at scale L); sorting fetches every match by id (≈ 3 µs). `max(rowid)` stands for the
    /// number of customers: one index seek instead of a count.
    fn walk_is_cheaper(&self, end: u64, total: u64) -> Result<bool> {
        let customers: i64 =
            self.conn()
                .query_row("SELECT ifnull(max(rowid), 0) FROM customers", [], |r| {
                    r.get(0)
                })?;
        let walked = u128::from(end) * customers.max(0) as u128;
        Ok(total > 0 && walked <= 15 * u128::from(total) * u128::from(total))
    }

    /// How many live customers match a filter (segment member counts).
    pub fn count_customers(&self, filter: &CustomerFilter) -> Result<u64> {
        let q = CustomerQuery {
            filter: filter.clone(),
            ..Default::default()
        };
        let f = list_filter(&q, &self.home_country()?);
        self.count(&f.count, &f.count_args)
    }

    /// `count`, remembered until the next write: paging through one filtered list counts
    /// once instead of on every page.
    fn count_cached(&self, sql: &str, args: &[SqlValue]) -> Result<u64> {
        let key = format!("{sql}\u{0}{args:?}");
        if let Some((k, generation, total)) = &*self.count_cache.borrow() {
            if *k == key && *generation == self.write_generation {
                return Ok(*total);
            }
        }
        let total = self.count(sql, args)?;
        *self.count_cache.borrow_mut() = Some((key, self.write_generation, total));
        Ok(total)
    }

    /// Runs a `SELECT count(…)` from [`list_filter`].
    fn count(&self, sql: &str, args: &[SqlValue]) -> Result<u64> {
        let n: i64 = self
            .conn()
            .prepare_cached(sql)?
            .query_row(params_from_iter(args.iter()), |r| r.get(0))?;
        Ok(n as u64)
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
        let exclude = exclude.map(|u| u.to_string()).unwrap_or_default();
        let mut hits: Vec<DuplicateHit> = Vec::new();
        let mut push = |hit: DuplicateHit| {
            if hit.id.to_string() != exclude && !hits.iter().any(|h| h.id == hit.id) {
                hits.push(hit);
            }
        };
        let conn = self.conn();
        let row = |r: &Row<'_>| -> rusqlite::Result<(String, String, String)> {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        };
        let mut check = |sql: &str, arg: String, reason: &'static str| -> Result<()> {
            let mut stmt = conn.prepare_cached(sql)?;
            for r in stmt.query_map([arg], row)? {
                let (id, code, name) = r?;
                if let Ok(id) = Uuid::try_parse(&id) {
                    push(DuplicateHit {
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
}

/// Values in use, offered as filter choices.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterOptions {
    pub tags: Vec<String>,
    pub owners: Vec<String>,
    pub countries: Vec<String>,
    pub provinces: Vec<String>,
}

impl Store {
    /// Distinct tags, owners, countries and provinces of live customers (at most 500 each).
    pub fn filter_options(&self) -> Result<FilterOptions> {
        let list = |sql: &str| -> Result<Vec<String>> {
            let mut stmt = self.conn().prepare_cached(sql)?;
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
