//! Products and their stock ledger (库存管理).
//!
//! Stock is never a stored number: every change is an insert-only row in `stock_movements`
//! (quantities in thousandths, signed), and on hand is their sum. Movements merge by union when
//! devices sync, so two reps selling the same product offline both count. Negative stock is
//! allowed (a sale that happened offline is never refused) and reported.
//!
//! Stock counts (盘点) snapshot each product's on-hand quantity when the count starts; posting
//! writes a count-correction movement of `counted − snapshot`, so movements made while people
//! were counting are kept rather than overwritten.

use std::str::FromStr;

use chainbook_core::id::new_id;
use chainbook_core::product::{
    MovementDraft, MovementFields, MovementKind, ProductDraft, ProductFields, ProductStage, Qty,
};
use chainbook_core::text::{clean, Lines};
use chainbook_core::{ErrorCode, ValidationError};
use chrono::{DateTime, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, OptionalExtension, Row};
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::error::unique_to_conflict;
use crate::outbox::OutboxOp;
use crate::rows::changed_columns;
use crate::{fmt_time, parse_time, Page, Result, Store, StoreError, Write};

pub(crate) const MIGRATION_3: &str = "
CREATE TABLE products (
    id             TEXT PRIMARY KEY,
    sku            TEXT NOT NULL,
    name           TEXT NOT NULL,
    unit           TEXT NOT NULL,
    category       TEXT NOT NULL DEFAULT '',
    currency       TEXT NOT NULL,
    price          TEXT NOT NULL,
    cost           TEXT NOT NULL,
    stage          TEXT NOT NULL CHECK (stage IN ('new', 'growth', 'mature', 'decline')),
    pack_size      INTEGER NOT NULL,
    min_order_qty  INTEGER NOT NULL,
    lead_time_days INTEGER NOT NULL,
    safety_stock   INTEGER NOT NULL,
    reorder_point  INTEGER NOT NULL,
    active         INTEGER NOT NULL CHECK (active IN (0, 1)),
    created_at     TEXT NOT NULL,
    updated_at     INTEGER NOT NULL,
    updated_by     TEXT NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE UNIQUE INDEX products_by_sku ON products (sku) WHERE deleted = 0;
CREATE INDEX products_by_name ON products (deleted, name, id);
CREATE INDEX products_by_category ON products (deleted, category, name);

CREATE TABLE stock_movements (
    id          TEXT PRIMARY KEY,
    product_id  TEXT NOT NULL REFERENCES products (id) DEFERRABLE INITIALLY DEFERRED,
    kind        TEXT NOT NULL CHECK (kind IN ('receipt', 'shipment', 'return', 'adjustment', 'count_correction')),
    qty_milli   INTEGER NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    reference   TEXT NOT NULL DEFAULT '',
    occurred_at TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX stock_movements_by_product ON stock_movements (product_id, deleted, occurred_at, qty_milli);

CREATE TABLE stock_counts (
    id         TEXT PRIMARY KEY,
    note       TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL CHECK (status IN ('open', 'posted', 'cancelled')),
    started_at TEXT NOT NULL,
    closed_at  TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE TABLE stock_count_lines (
    id             TEXT PRIMARY KEY,
    count_id       TEXT NOT NULL REFERENCES stock_counts (id) DEFERRABLE INITIALLY DEFERRED,
    product_id     TEXT NOT NULL REFERENCES products (id) DEFERRABLE INITIALLY DEFERRED,
    expected_milli INTEGER NOT NULL,
    counted_milli  INTEGER,
    created_at     TEXT NOT NULL,
    updated_at     INTEGER NOT NULL,
    updated_by     TEXT NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    UNIQUE (count_id, product_id)
) STRICT;
";

const COLUMNS: &str = "id, sku, name, unit, category, currency, price, cost, stage, pack_size, \
    min_order_qty, lead_time_days, safety_stock, reorder_point, active, created_at, updated_at";

/// Version 6: indexes that let every product list order (name, SKU, category; with or without
/// inactive products) walk an index for its page and answer its count from the index, instead
/// of sorting every product and summing each one's stock (measured in docs/benchmarks.md).
pub(crate) const MIGRATION_6: &str = "
DROP INDEX products_by_name;
DROP INDEX products_by_category;
CREATE INDEX products_active_by_name     ON products (deleted, active, name, id, sku);
CREATE INDEX products_active_by_sku      ON products (deleted, active, sku, id, name);
CREATE INDEX products_active_by_category ON products (deleted, active, category, name, id, sku);
CREATE INDEX products_by_name            ON products (deleted, name, id, sku);
CREATE INDEX products_by_sku_order       ON products (deleted, sku, id, name);
CREATE INDEX products_by_category        ON products (deleted, category, name, id, sku);
";

/// A stored product with its current on-hand quantity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub id: Uuid,
    pub fields: ProductFields,
    pub on_hand: Qty,
    pub created_at: DateTime<Utc>,
}

impl Product {
    /// On hand below zero: something was sold or shipped that the ledger does not hold.
    pub fn negative_stock(&self) -> bool {
        self.on_hand.is_negative()
    }

    /// On hand at or below the safety stock.
    pub fn below_safety_stock(&self) -> bool {
        self.fields.safety_stock.0 > 0 && self.on_hand <= self.fields.safety_stock
    }
}

/// A stored movement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Movement {
    pub id: Uuid,
    pub product_id: Uuid,
    pub kind: MovementKind,
    /// Signed: what this movement adds to on hand.
    pub quantity: Qty,
    pub reason: String,
    pub reference: String,
    pub occurred_at: DateTime<Utc>,
}

/// Sort orders of the product list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProductSort {
    Sku,
    #[default]
    Name,
    Category,
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

/// One line of a stock count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountLine {
    pub product_id: Uuid,
    pub sku: String,
    pub name: String,
    /// On hand when the count started.
    pub expected: Qty,
    pub counted: Option<Qty>,
}

impl CountLine {
    /// What posting will correct: counted − expected, if counted.
    pub fn difference(&self) -> Option<Qty> {
        self.counted.map(|c| Qty(c.0 - self.expected.0))
    }
}

/// A stock count as the list of counts shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockCountSummary {
    pub id: Uuid,
    pub note: String,
    /// `open`, `posted` or `cancelled`.
    pub status: String,
    pub started_at: DateTime<Utc>,
    pub lines: u32,
    pub counted: u32,
}

/// A stock count and its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockCount {
    pub id: Uuid,
    pub note: String,
    /// `open`, `posted` or `cancelled`.
    pub status: String,
    pub started_at: DateTime<Utc>,
    pub lines: Vec<CountLine>,
}

fn values(f: &ProductFields) -> Vec<(&'static str, Value)> {
    vec![
        ("sku", json!(f.sku)),
        ("name", json!(f.name)),
        ("unit", json!(f.unit)),
        ("category", json!(f.category)),
        ("currency", json!(f.currency)),
        ("price", json!(f.price.to_string())),
        ("cost", json!(f.cost.to_string())),
        ("stage", json!(f.stage.as_str())),
        ("pack_size", json!(f.pack_size.0)),
        ("min_order_qty", json!(f.min_order_qty.0)),
        ("lead_time_days", json!(f.lead_time_days)),
        ("safety_stock", json!(f.safety_stock.0)),
        ("reorder_point", json!(f.reorder_point.0)),
        ("active", json!(i64::from(f.active))),
    ]
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<(Vec<String>, [i64; 6], String, i64)> {
    Ok((
        vec![
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
            r.get(8)?,
        ],
        [
            r.get(9)?,
            r.get(10)?,
            r.get(11)?,
            r.get(12)?,
            r.get(13)?,
            r.get(14)?,
        ],
        r.get(15)?,
        r.get(17)?,
    ))
}

fn product(raw: (Vec<String>, [i64; 6], String, i64)) -> Result<Product> {
    let (t, n, created_at, on_hand) = raw;
    let bad = |what: &str| StoreError::Corrupt(format!("product {}: {what}", t[0]));
    Ok(Product {
        id: Uuid::try_parse(&t[0]).map_err(|_| bad("id"))?,
        fields: ProductFields {
            sku: t[1].clone(),
            name: t[2].clone(),
            unit: t[3].clone(),
            category: t[4].clone(),
            currency: t[5].clone(),
            price: Decimal::from_str(&t[6]).map_err(|_| bad("price"))?,
            cost: Decimal::from_str(&t[7]).map_err(|_| bad("cost"))?,
            stage: ProductStage::parse(&t[8]).ok_or_else(|| bad("stage"))?,
            pack_size: Qty(n[0]),
            min_order_qty: Qty(n[1]),
            lead_time_days: u32::try_from(n[2]).map_err(|_| bad("lead time"))?,
            safety_stock: Qty(n[3]),
            reorder_point: Qty(n[4]),
            active: n[5] == 1,
        },
        on_hand: Qty(on_hand),
        created_at: parse_time(&created_at)?,
    })
}

/// `SELECT` of a product's columns plus its on-hand sum (column 17).
fn select_products(where_: &str) -> String {
    format!(
        "SELECT {COLUMNS},
            (SELECT ifnull(sum(m.qty_milli), 0) FROM stock_movements m
              WHERE m.product_id = p.id AND m.deleted = 0)
         FROM products p WHERE {where_}"
    )
}

fn not_found() -> StoreError {
    StoreError::NotFound { what: "product" }
}

impl Write<'_> {
    /// Inserts one movement row (already validated and signed) with its outbox entry.
    pub(crate) fn insert_movement(
        &self,
        product_id: &str,
        kind: MovementKind,
        qty: Qty,
        reason: &str,
        reference: &str,
        occurred_at: DateTime<Utc>,
    ) -> Result<Uuid> {
        let id = new_id(
            self.now.timestamp_millis().max(0) as u64,
            self.entropy.id_bytes(),
        );
        let created_at = fmt_time(self.now);
        let occurred = fmt_time(occurred_at);
        self.tx
            .prepare_cached(
                "INSERT INTO stock_movements (id, product_id, kind, qty_milli, reason, reference,
                occurred_at, created_at, updated_at, updated_by, deleted)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0)",
            )?
            .execute(params![
                id.to_string(),
                product_id,
                kind.as_str(),
                qty.0,
                reason,
                reference,
                occurred,
                created_at,
                self.hlc.to_i64(),
                self.device.id.to_string()
            ])?;
        let mut m = Map::new();
        m.insert("product_id".into(), json!(product_id));
        m.insert("kind".into(), json!(kind.as_str()));
        m.insert("qty_milli".into(), json!(qty.0));
        m.insert("reason".into(), json!(reason));
        m.insert("reference".into(), json!(reference));
        m.insert("occurred_at".into(), json!(occurred));
        m.insert("created_at".into(), json!(created_at));
        m.insert("deleted".into(), json!(0));
        self.record("stock_movements", &id.to_string(), OutboxOp::Insert, m)?;
        Ok(id)
    }
}

impl Store {
    /// Validates and creates a product; a SKU already used by a live product is a conflict.
    pub fn create_product(&mut self, draft: &ProductDraft) -> Result<Product> {
        let f = draft.validate()?;
        let id = self.write(|w| w.insert_row("products", &values(&f)).map_err(sku_conflict))?;
        self.get_product(id)
    }

    /// Validates and saves a product; only changed columns reach the outbox.
    pub fn update_product(&mut self, id: Uuid, draft: &ProductDraft) -> Result<Product> {
        let f = draft.validate()?;
        let old = self.get_product(id)?;
        let changed = changed_columns(values(&f), values(&old.fields));
        if changed.is_empty() {
            return Ok(old);
        }
        self.write(|w| {
            w.update_row("products", &id.to_string(), changed)
                .map_err(sku_conflict)
                .map(drop)
        })?;
        self.get_product(id)
    }

    /// Tombstones a product. Its movements stay (they are history).
    pub fn delete_product(&mut self, id: Uuid) -> Result<()> {
        self.write(|w| match w.tombstone_row("products", &id.to_string())? {
            true => Ok(()),
            false => Err(not_found()),
        })
    }

    /// A live product with its on-hand quantity.
    pub fn get_product(&self, id: Uuid) -> Result<Product> {
        let raw = self
            .conn()
            .query_row(
                &select_products("p.id = ?1 AND p.deleted = 0"),
                [id.to_string()],
                from_row,
            )
            .optional()?
            .ok_or_else(not_found)?;
        product(raw)
    }

    /// One page of products with on hand, sorted in SQL.
    pub fn list_products(&self, q: &ProductQuery) -> Result<Page<Product>> {
        crate::check_page_size(q.page_size)?;
        let mut clauses = vec!["p.deleted = 0".to_owned()];
        let mut args: Vec<SqlValue> = Vec::new();
        if !q.include_inactive {
            clauses.push("p.active = 1".into());
        }
        if let Some(c) = q.category.as_deref().filter(|c| !c.is_empty()) {
            clauses.push("p.category = ?".into());
            args.push(SqlValue::Text(c.to_owned()));
        }
        if let Some(pat) = crate::like_pattern(q.search.as_deref()) {
            clauses.push("(p.sku LIKE ? ESCAPE '\\' OR p.name LIKE ? ESCAPE '\\')".into());
            args.push(SqlValue::Text(pat.clone()));
            args.push(SqlValue::Text(pat));
        }
        let where_ = clauses.join(" AND ");
        let total: i64 = self.conn().query_row(
            &format!("SELECT count(*) FROM products p WHERE {where_}"),
            params_from_iter(args.iter()),
            |r| r.get(0),
        )?;
        let order = match q.sort {
            ProductSort::Sku => "p.sku",
            ProductSort::Name => "p.name",
            ProductSort::Category => "p.category, p.name",
        };
        let dir = if q.descending { "DESC" } else { "ASC" };
        let sql = format!(
            "{} ORDER BY {order} {dir}, p.id {dir} LIMIT ? OFFSET ?",
            select_products(&where_)
        );
        args.push(SqlValue::Integer(i64::from(q.page_size)));
        args.push(SqlValue::Integer(
            i64::from(q.page) * i64::from(q.page_size),
        ));
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), from_row)?;
        let mut items = Vec::new();
        for r in rows {
            items.push(product(r?)?);
        }
        Ok(Page {
            items,
            total: total as u64,
            page: q.page,
            page_size: q.page_size,
        })
    }

    /// Records a stock movement (insert-only) and returns it.
    pub fn record_movement(&mut self, d: &MovementDraft) -> Result<Movement> {
        let MovementFields {
            product_id,
            kind,
            quantity: qty,
            reason,
            reference,
            occurred_at: occurred,
        } = d.validate()?;
        self.get_product(product_id)?;
        let (id, occurred_at) = self.write(|w| {
            let at = occurred.unwrap_or(w.now);
            let id =
                w.insert_movement(&product_id.to_string(), kind, qty, &reason, &reference, at)?;
            Ok((id, at))
        })?;
        // Stored times have millisecond precision; return what a later read would return.
        let occurred_at = crate::parse_time(&fmt_time(occurred_at))?;
        Ok(Movement {
            id,
            product_id,
            kind,
            quantity: qty,
            reason,
            reference,
            occurred_at,
        })
    }

    /// A product's movements, newest first. Movements in the same millisecond keep the order
    /// they were written in (their HLC), not the random tail of their ids.
    pub fn movements(&self, product_id: Uuid, limit: u32) -> Result<Vec<Movement>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, kind, qty_milli, reason, reference, occurred_at FROM stock_movements
             WHERE product_id = ?1 AND deleted = 0
             ORDER BY occurred_at DESC, updated_at DESC, id DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![product_id.to_string(), limit], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for r in rows {
            let (id, kind, q, reason, reference, at) = r?;
            let bad = || StoreError::Corrupt(format!("movement {id}"));
            out.push(Movement {
                id: Uuid::try_parse(&id).map_err(|_| bad())?,
                product_id,
                kind: MovementKind::parse(&kind).ok_or_else(bad)?,
                quantity: Qty(q),
                reason,
                reference,
                occurred_at: parse_time(&at)?,
            });
        }
        Ok(out)
    }

    /// On hand at the end of each day (UTC) with movements, oldest first, timed at the day's
    /// last movement: the product page's stock chart. One point a day rather than one a
    /// movement keeps five years of a busy product's ledger (20,000 movements) to at most one
    /// point per day, read from the covering index `stock_movements_by_product`.
    pub fn stock_series(&self, product_id: Uuid) -> Result<Vec<(DateTime<Utc>, Qty)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT max(occurred_at), sum(qty_milli) FROM stock_movements
             WHERE product_id = ?1 AND deleted = 0
             GROUP BY substr(occurred_at, 1, 10) ORDER BY 1",
        )?;
        let rows = stmt.query_map([product_id.to_string()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })?;
        let mut out = Vec::new();
        let mut on_hand = 0;
        for r in rows {
            let (at, q) = r?;
            on_hand += q;
            out.push((parse_time(&at)?, Qty(on_hand)));
        }
        Ok(out)
    }

    /// Starts a stock count of the given products (all active ones when empty), recording
    /// each one's on hand now as the quantity the count is measured against.
    pub fn start_stock_count(&mut self, products: &[Uuid], note: &str) -> Result<StockCount> {
        let note = clean("note", note, 500, false, Lines::Multi)?;
        let chosen: Vec<(String, i64)> = {
            let all = self.list_all_product_ids()?;
            let mut out = Vec::new();
            for (id, active, on_hand) in all {
                if (products.is_empty() && active) || products.iter().any(|p| p.to_string() == id) {
                    out.push((id, on_hand));
                }
            }
            if out.len() < products.len() {
                return Err(not_found());
            }
            out
        };
        let id = self.write(|w| {
            let id = new_id(w.now.timestamp_millis().max(0) as u64, w.entropy.id_bytes());
            let now = fmt_time(w.now);
            let (hlc, dev) = (w.hlc.to_i64(), w.device.id.to_string());
            w.tx.execute(
                "INSERT INTO stock_counts (id, note, status, started_at, created_at, updated_at, updated_by, deleted)
                 VALUES (?1, ?2, 'open', ?3, ?3, ?4, ?5, 0)",
                params![id.to_string(), note, now, hlc, dev],
            )?;
            let mut m = Map::new();
            m.insert("note".into(), json!(note));
            m.insert("status".into(), json!("open"));
            m.insert("started_at".into(), json!(now));
            m.insert("created_at".into(), json!(now));
            m.insert("deleted".into(), json!(0));
            w.record("stock_counts", &id.to_string(), OutboxOp::Insert, m)?;
            for (product_id, expected) in &chosen {
                let line = new_id(w.now.timestamp_millis().max(0) as u64, w.entropy.id_bytes());
                w.tx.execute(
                    "INSERT INTO stock_count_lines (id, count_id, product_id, expected_milli, counted_milli,
                        created_at, updated_at, updated_by, deleted)
                     VALUES (?1, ?2, ?3, ?4, NULL, ?5, ?6, ?7, 0)",
                    params![line.to_string(), id.to_string(), product_id, expected, now, hlc, dev],
                )?;
                let mut m = Map::new();
                m.insert("count_id".into(), json!(id.to_string()));
                m.insert("product_id".into(), json!(product_id));
                m.insert("expected_milli".into(), json!(expected));
                m.insert("counted_milli".into(), Value::Null);
                m.insert("created_at".into(), json!(now));
                m.insert("deleted".into(), json!(0));
                w.record("stock_count_lines", &line.to_string(), OutboxOp::Insert, m)?;
            }
            Ok(id)
        })?;
        self.get_stock_count(id)
    }

    fn list_all_product_ids(&self) -> Result<Vec<(String, bool, i64)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT p.id, p.active, (SELECT ifnull(sum(m.qty_milli), 0) FROM stock_movements m
                WHERE m.product_id = p.id AND m.deleted = 0)
             FROM products p WHERE p.deleted = 0 ORDER BY p.sku",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? == 1, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn open_count_status(&self, count_id: Uuid) -> Result<String> {
        self.conn()
            .query_row(
                "SELECT status FROM stock_counts WHERE id = ?1 AND deleted = 0",
                [count_id.to_string()],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "stock count",
            })
    }

    /// Enters (or clears, with an empty string) the counted quantity of one product.
    pub fn set_counted(
        &mut self,
        count_id: Uuid,
        product_id: Uuid,
        counted: &str,
    ) -> Result<CountLine> {
        if self.open_count_status(count_id)? != "open" {
            return Err(ValidationError::new(
                ErrorCode::InvalidTransition,
                "count_id",
                "this count is closed",
            )
            .into());
        }
        let counted = match counted.trim() {
            "" => None,
            s => Some(Qty::parse("counted", s, false)?),
        };
        self.write(|w| {
            let line: Option<String> = w
                .tx
                .query_row(
                    "SELECT id FROM stock_count_lines WHERE count_id = ?1 AND product_id = ?2 AND deleted = 0",
                    [count_id.to_string(), product_id.to_string()],
                    |r| r.get(0),
                )
                .optional()?;
            let line = line.ok_or(StoreError::NotFound { what: "stock count line" })?;
            w.tx.execute(
                "UPDATE stock_count_lines SET counted_milli = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
                params![line, counted.map(|q| q.0), w.hlc.to_i64(), w.device.id.to_string()],
            )?;
            let mut m = Map::new();
            m.insert("counted_milli".into(), counted.map(|q| json!(q.0)).unwrap_or(Value::Null));
            w.record("stock_count_lines", &line, OutboxOp::Update, m)
        })?;
        self.count_lines(count_id, Some(product_id))?
            .pop()
            .ok_or(StoreError::NotFound {
                what: "stock count line",
            })
    }

    /// Stock counts, newest first, with how many lines they have and how many are counted.
    pub fn stock_counts(&self, limit: u32) -> Result<Vec<StockCountSummary>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.id, c.note, c.status, c.started_at,
                (SELECT count(*) FROM stock_count_lines l WHERE l.count_id = c.id AND l.deleted = 0),
                (SELECT count(*) FROM stock_count_lines l WHERE l.count_id = c.id AND l.deleted = 0
                    AND l.counted_milli IS NOT NULL)
             FROM stock_counts c WHERE c.deleted = 0 ORDER BY c.started_at DESC, c.id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, u32>(4)?,
                r.get::<_, u32>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for r in rows {
            let (id, note, status, started, lines, counted) = r?;
            out.push(StockCountSummary {
                id: Uuid::try_parse(&id).map_err(|_| StoreError::Corrupt(id.clone()))?,
                note,
                status,
                started_at: parse_time(&started)?,
                lines,
                counted,
            });
        }
        Ok(out)
    }

    /// Categories in use by live products, for the filter.
    pub fn product_categories(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT DISTINCT category FROM products WHERE deleted = 0 AND category <> '' ORDER BY category",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The lines of a count by SKU, or only the line of `product`.
    fn count_lines(&self, count_id: Uuid, product: Option<Uuid>) -> Result<Vec<CountLine>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT l.product_id, p.sku, p.name, l.expected_milli, l.counted_milli
             FROM stock_count_lines l JOIN products p ON p.id = l.product_id
             WHERE l.count_id = ?1 AND l.deleted = 0 AND (?2 IS NULL OR l.product_id = ?2)
             ORDER BY p.sku",
        )?;
        let rows = stmt.query_map(
            rusqlite::params![count_id.to_string(), product.map(|p| p.to_string())],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, Option<i64>>(4)?,
                ))
            },
        )?;
        let mut lines = Vec::new();
        for r in rows {
            let (pid, sku, name, expected, counted) = r?;
            lines.push(CountLine {
                product_id: Uuid::try_parse(&pid)
                    .map_err(|_| StoreError::Corrupt(format!("count line {pid}")))?,
                sku,
                name,
                expected: Qty(expected),
                counted: counted.map(Qty),
            });
        }
        Ok(lines)
    }

    /// A count with its lines (by SKU).
    pub fn get_stock_count(&self, count_id: Uuid) -> Result<StockCount> {
        let (note, status, started): (String, String, String) = self
            .conn()
            .query_row(
                "SELECT note, status, started_at FROM stock_counts WHERE id = ?1 AND deleted = 0",
                [count_id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "stock count",
            })?;
        let lines = self.count_lines(count_id, None)?;
        Ok(StockCount {
            id: count_id,
            note,
            status,
            started_at: parse_time(&started)?,
            lines,
        })
    }

    /// Posts a count: one count-correction movement per counted line whose count differs
    /// from the quantity at the start. Lines not counted are left alone.
    pub fn post_stock_count(&mut self, count_id: Uuid) -> Result<StockCount> {
        if self.open_count_status(count_id)? != "open" {
            return Err(ValidationError::new(
                ErrorCode::InvalidTransition,
                "count_id",
                "this count is closed",
            )
            .into());
        }
        let count = self.get_stock_count(count_id)?;
        self.write(|w| {
            let reference = format!("count {count_id}");
            for l in &count.lines {
                if let Some(diff) = l.difference().filter(|d| d.0 != 0) {
                    w.insert_movement(
                        &l.product_id.to_string(),
                        MovementKind::CountCorrection,
                        diff,
                        "",
                        &reference,
                        w.now,
                    )?;
                }
            }
            close_count(w, count_id, "posted")
        })?;
        self.get_stock_count(count_id)
    }

    /// Cancels an open count; nothing is posted.
    pub fn cancel_stock_count(&mut self, count_id: Uuid) -> Result<()> {
        if self.open_count_status(count_id)? != "open" {
            return Err(ValidationError::new(
                ErrorCode::InvalidTransition,
                "count_id",
                "this count is closed",
            )
            .into());
        }
        self.write(|w| close_count(w, count_id, "cancelled"))
    }
}

fn close_count(w: &Write<'_>, count_id: Uuid, status: &str) -> Result<()> {
    let now = fmt_time(w.now);
    w.tx.execute(
        "UPDATE stock_counts SET status = ?2, closed_at = ?3, updated_at = ?4, updated_by = ?5 WHERE id = ?1",
        params![count_id.to_string(), status, now, w.hlc.to_i64(), w.device.id.to_string()],
    )?;
    let mut m = Map::new();
    m.insert("status".into(), json!(status));
    m.insert("closed_at".into(), json!(now));
    w.record("stock_counts", &count_id.to_string(), OutboxOp::Update, m)
}

fn sku_conflict(e: StoreError) -> StoreError {
    match e {
        StoreError::Sqlite(e) => match unique_to_conflict(e, "SKU") {
            StoreError::Conflict(_) => {
                ValidationError::new(ErrorCode::Conflict, "sku", "another product has this SKU")
                    .into()
            }
            other => other,
        },
        other => other,
    }
}
