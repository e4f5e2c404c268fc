//! Customers: create, update, tombstone, get, and the paged, sorted list.
//!
//! Validation happens here through `chainbook_core` before anything is written, so the table
//! only ever holds clean values. Each write records its changed columns in the outbox.

use std::str::FromStr;

use chainbook_core::customer::{Customer, CustomerDraft, CustomerFields, CustomerKind};
use chainbook_core::hlc::Hlc;
use chainbook_core::id::new_id;
use chainbook_core::{ErrorCode, ValidationError};
use rand::Rng;
use rusqlite::{params, OptionalExtension, Row};
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::error::unique_to_conflict;
use crate::outbox::OutboxOp;
use crate::{fmt_time, parse_time, Result, Store, StoreError};

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

const TABLE: &str = "customers";
const COLUMNS: &str = "id, code, kind, name, phone, email, country, province, city, tags, \
                       credit_limit, currency, notes, created_at, updated_at, updated_by";

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
    /// Substring matched against code, name, phone, email and city.
    pub search: Option<String>,
}

impl Default for CustomerQuery {
    fn default() -> Self {
        Self {
            page: 0,
            page_size: 50,
            sort: CustomerSort::Name,
            descending: false,
            search: None,
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
}

impl RawCustomer {
    fn into_customer(self) -> Result<Customer> {
        let bad = |what: &str| StoreError::Corrupt(format!("customer {}: {what}", self.id));
        Ok(Customer {
            id: Uuid::try_parse(&self.id).map_err(|_| bad("id"))?,
            fields: CustomerFields {
                kind: CustomerKind::parse(&self.kind).ok_or_else(|| bad("kind"))?,
                tags: serde_json::from_str(&self.tags).map_err(|_| bad("tags"))?,
                credit_limit: Decimal::from_str(&self.credit_limit)
                    .map_err(|_| bad("credit_limit"))?,
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

impl Store {
    /// Validates and inserts a new customer with a fresh id and code (`C-<device>-<seq>`).
    pub fn create_customer(&mut self, draft: &CustomerDraft) -> Result<Customer> {
        let fields = draft.validate()?;
        let id = self.write(|w| {
            let id = new_id(
                w.now.timestamp_millis().max(0) as u64,
                rand::rng().random(),
            );
            let seq = crate::device::next_sequence(&w.tx, "customer_code")?;
            let code = format!("C-{}-{seq:05}", w.device.code);
            let created_at = fmt_time(w.now);
            let v = column_values(&fields);
            w.tx.execute(
                &format!(
                    "INSERT INTO customers ({COLUMNS}, deleted)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 0)"
                ),
                params![
                    id.to_string(),
                    code,
                    fields.kind.as_str(),
                    fields.name,
                    fields.phone,
                    fields.email,
                    fields.country,
                    fields.province,
                    fields.city,
                    tags_json(&fields.tags),
                    fields.credit_limit.to_string(),
                    fields.currency,
                    fields.notes,
                    created_at,
                    w.hlc.to_i64(),
                    w.device.id.to_string(),
                ],
            )
            .map_err(|e| unique_to_conflict(e, "customer code"))?;
            let mut changed: Map<String, Value> =
                v.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
            changed.insert("code".into(), json!(code));
            changed.insert("created_at".into(), json!(created_at));
            changed.insert("deleted".into(), json!(0));
            w.record(TABLE, &id.to_string(), OutboxOp::Insert, changed)?;
            Ok(id)
        })?;
        self.get_customer(id)
    }

    /// Validates and saves new values; the outbox gets only the columns that changed, and an
    /// edit that changes nothing writes nothing.
    pub fn update_customer(&mut self, id: Uuid, draft: &CustomerDraft) -> Result<Customer> {
        let fields = draft.validate()?;
        let old = self.get_customer(id)?;
        let before = column_values(&old.fields);
        let changed: Map<String, Value> = column_values(&fields)
            .into_iter()
            .zip(before)
            .filter(|((_, new), (_, old))| new != old)
            .map(|((k, v), _)| (k.to_owned(), v))
            .collect();
        if changed.is_empty() {
            return Ok(old);
        }
        self.write(|w| {
            let n = w.tx.execute(
                "UPDATE customers SET kind = ?2, name = ?3, phone = ?4, email = ?5, country = ?6,
                    province = ?7, city = ?8, tags = ?9, credit_limit = ?10, currency = ?11,
                    notes = ?12, updated_at = ?13, updated_by = ?14
                 WHERE id = ?1 AND deleted = 0",
                params![
                    id.to_string(),
                    fields.kind.as_str(),
                    fields.name,
                    fields.phone,
                    fields.email,
                    fields.country,
                    fields.province,
                    fields.city,
                    tags_json(&fields.tags),
                    fields.credit_limit.to_string(),
                    fields.currency,
                    fields.notes,
                    w.hlc.to_i64(),
                    w.device.id.to_string(),
                ],
            )?;
            if n == 0 {
                return Err(not_found());
            }
            w.record(TABLE, &id.to_string(), OutboxOp::Update, changed)
        })?;
        self.get_customer(id)
    }

    /// Marks the customer deleted (a tombstone, so the deletion can sync); it disappears from
    /// lists and `get`.
    pub fn delete_customer(&mut self, id: Uuid) -> Result<()> {
        self.write(|w| {
            let n = w.tx.execute(
                "UPDATE customers SET deleted = 1, updated_at = ?2, updated_by = ?3
                 WHERE id = ?1 AND deleted = 0",
                params![id.to_string(), w.hlc.to_i64(), w.device.id.to_string()],
            )?;
            if n == 0 {
                return Err(not_found());
            }
            let mut m = Map::new();
            m.insert("deleted".into(), json!(1));
            w.record(TABLE, &id.to_string(), OutboxOp::Delete, m)
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

    /// One page of live customers, sorted in SQL.
    pub fn list_customers(&self, q: &CustomerQuery) -> Result<Page<Customer>> {
        if q.page_size == 0 || q.page_size > PAGE_SIZE_MAX {
            return Err(ValidationError::new(
                ErrorCode::InvalidArgument,
                "page_size",
                format!("page size must be 1..={PAGE_SIZE_MAX}"),
            )
            .into());
        }
        let search = q
            .search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                // Escape LIKE's wildcards so a user's `%` or `_` matches literally.
                let escaped = s
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_");
                format!("%{escaped}%")
            });
        let filter = "deleted = 0 AND (?1 IS NULL OR code LIKE ?1 ESCAPE '\\' OR name LIKE ?1 ESCAPE '\\'
                      OR phone LIKE ?1 ESCAPE '\\' OR email LIKE ?1 ESCAPE '\\' OR city LIKE ?1 ESCAPE '\\')";
        let total: i64 = self.conn().query_row(
            &format!("SELECT count(*) FROM customers WHERE {filter}"),
            params![search],
            |r| r.get(0),
        )?;
        let dir = if q.descending { "DESC" } else { "ASC" };
        let sql = format!(
            "SELECT {COLUMNS} FROM customers WHERE {filter}
             ORDER BY {} {dir}, id {dir} LIMIT ?2 OFFSET ?3",
            q.sort.order_by()
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let offset = i64::from(q.page) * i64::from(q.page_size);
        let rows = stmt.query_map(params![search, q.page_size, offset], from_row)?;
        let mut items = Vec::with_capacity(q.page_size as usize);
        for r in rows {
            items.push(r?.into_customer()?);
        }
        Ok(Page {
            items,
            total: total as u64,
            page: q.page,
            page_size: q.page_size,
        })
    }
}
