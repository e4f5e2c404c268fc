//! The command palette's search: one query per kind of record, each with a small limit, so a
//! keystroke costs a handful of index lookups whatever the size of the books.
//!
//! - Customers go through the customer search index (names, pinyin, initials, codes, contacts,
//!   phones), exactly as the customer search does.
//! - Sales orders, purchase orders and complaints are found by their number. Numbers are unique
//!   and indexed, so a typed prefix (`SO-2612`, `so-2612-a1-0004`) is a range on that index:
//!   never a scan of a million orders.
//! - Products (by SKU and name) and suppliers (by code and name) are small tables — at
//!   scale L 20,000 products and 2,000 suppliers — read with one bounded `LIKE` each; the bench
//!   measures them at M and L beside the other kinds.

use chainbook_core::error::{ErrorCode, ValidationError};
use rusqlite::params;
use uuid::Uuid;

use super::{like_escape, Search, SearchHit};
use crate::row::RowExt;
use crate::Result;

/// The longest query the palette searches for (a pasted paragraph is not a search).
pub const MAX_QUERY_CHARS: usize = 100;

/// The most hits of one kind the palette shows.
pub const MAX_PER_KIND: u32 = 20;

/// A document, product or supplier found by the palette.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaletteHit {
    pub id: Uuid,
    /// The document number, SKU or supplier code.
    pub code: String,
    /// The customer of an order or complaint, the supplier of a purchase order, the name of a
    /// product or supplier.
    pub name: String,
    /// An order's date, a purchase order's or complaint's first day, a product's category
    /// (may be empty; empty for suppliers).
    pub detail: String,
}

/// What the palette found for one query, per kind, best first within each kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaletteResults {
    pub customers: Vec<SearchHit>,
    pub orders: Vec<PaletteHit>,
    pub products: Vec<PaletteHit>,
    pub suppliers: Vec<PaletteHit>,
    pub purchase_orders: Vec<PaletteHit>,
    pub complaints: Vec<PaletteHit>,
}

impl PaletteResults {
    pub fn is_empty(&self) -> bool {
        self.customers.is_empty()
            && self.orders.is_empty()
            && self.products.is_empty()
            && self.suppliers.is_empty()
            && self.purchase_orders.is_empty()
            && self.complaints.is_empty()
    }
}

/// The bounds of the index range holding every text that starts with `prefix`: `[prefix,
/// prefix + U+10FFFF)` under SQLite's binary collation (U+10FFFF sorts after any character).
fn prefix_range(prefix: &str) -> (String, String) {
    (prefix.to_owned(), format!("{prefix}\u{10FFFF}"))
}

/// Document numbers are written upper-case (`SO-2612-A1-00042`); the palette finds them
/// however they are typed.
fn number_prefix(q: &str) -> (String, String) {
    prefix_range(&q.to_uppercase())
}

/// `SELECT id, number, <name>, <detail>` of live documents whose number starts with the range
/// `?1`–`?2`, newest number first, at most `?3`. The number's unique index drives the query:
/// the `+` keeps `deleted` from being an index term, as with the dataset's statistics the
/// planner otherwise walks `sales_orders_by_status (deleted)` — every order, 200–700 ms at M.
const ORDERS_SQL: &str = "SELECT o.id, o.number, c.name, o.ordered_on
     FROM sales_orders o JOIN customers c ON c.id = o.customer_id
     WHERE o.number >= ?1 AND o.number < ?2 AND +o.deleted = 0
     ORDER BY o.number DESC LIMIT ?3";
const PURCHASE_ORDERS_SQL: &str = "SELECT p.id, p.number, s.name, substr(p.created_at, 1, 10)
     FROM purchase_orders p JOIN suppliers s ON s.id = p.supplier_id
     WHERE p.number >= ?1 AND p.number < ?2 AND +p.deleted = 0
     ORDER BY p.number DESC LIMIT ?3";
const COMPLAINTS_SQL: &str = "SELECT k.id, k.number, c.name, substr(k.opened_at, 1, 10)
     FROM complaints k JOIN customers c ON c.id = k.customer_id
     WHERE k.number >= ?1 AND k.number < ?2 AND +k.deleted = 0
     ORDER BY k.number DESC LIMIT ?3";

/// Live products whose SKU or name contains `?1` (a `LIKE` pattern); the exact SKU `?2`
/// first, then SKUs starting with `?3`, then names starting with it, then the rest; shorter
/// names first.
const PRODUCTS_SQL: &str = "SELECT id, sku, name, category FROM products
     WHERE deleted = 0 AND (sku LIKE ?1 ESCAPE '\\' OR name LIKE ?1 ESCAPE '\\')
     ORDER BY CASE WHEN sku = ?2 COLLATE NOCASE THEN 0
                   WHEN sku LIKE ?3 ESCAPE '\\' THEN 1
                   WHEN name LIKE ?3 ESCAPE '\\' THEN 2 ELSE 3 END,
              length(name), name
     LIMIT ?4";
/// Live suppliers whose code or name contains `?1`, ranked like products.
const SUPPLIERS_SQL: &str = "SELECT id, code, name, '' FROM suppliers
     WHERE deleted = 0 AND (code LIKE ?1 ESCAPE '\\' OR name LIKE ?1 ESCAPE '\\')
     ORDER BY CASE WHEN code = ?2 COLLATE NOCASE THEN 0
                   WHEN code LIKE ?3 ESCAPE '\\' THEN 1
                   WHEN name LIKE ?3 ESCAPE '\\' THEN 2 ELSE 3 END,
              length(name), name
     LIMIT ?4";

/// The SQL of each kind the palette searches, for the query-plan tests and the bench.
pub const PALETTE_SQL: [(&str, &str); 5] = [
    ("orders", ORDERS_SQL),
    ("purchase_orders", PURCHASE_ORDERS_SQL),
    ("complaints", COMPLAINTS_SQL),
    ("products", PRODUCTS_SQL),
    ("suppliers", SUPPLIERS_SQL),
];

impl Search<'_> {
    /// Every kind of record matching `q` as typed, at most `limit` (1–[`MAX_PER_KIND`]) of
    /// each: customers as [`Search::customers`] finds them, documents by number, products by
    /// SKU and name, suppliers by code and name. An empty query finds nothing.
    pub fn palette(&self, q: &str, limit: u32) -> Result<PaletteResults> {
        if !(1..=MAX_PER_KIND).contains(&limit) {
            return Err(ValidationError::new(
                ErrorCode::OutOfRange,
                "limit",
                format!("limit must be 1–{MAX_PER_KIND}, got {limit}"),
            )
            .into());
        }
        if q.chars().count() > MAX_QUERY_CHARS {
            return Err(ValidationError::new(
                ErrorCode::TooLong,
                "q",
                format!("a search is at most {MAX_QUERY_CHARS} characters"),
            )
            .with_limit(MAX_QUERY_CHARS)
            .into());
        }
        let q = q.trim();
        if q.is_empty() {
            return Ok(PaletteResults::default());
        }
        let limit = i64::from(limit);
        let (lo, hi) = number_prefix(q);
        let documents = |sql: &str| -> Result<Vec<PaletteHit>> {
            let mut stmt = self.db.conn.prepare_cached(sql)?;
            let rows = stmt.query_map(params![lo, hi, limit], hit)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let escaped = like_escape(q);
        let contains = format!("%{escaped}%");
        let starts = format!("{escaped}%");
        let named = |sql: &str| -> Result<Vec<PaletteHit>> {
            let mut stmt = self.db.conn.prepare_cached(sql)?;
            let rows = stmt.query_map(params![contains, q, starts, limit], hit)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        Ok(PaletteResults {
            customers: self.customers(q, limit as u32)?,
            orders: documents(ORDERS_SQL)?,
            products: named(PRODUCTS_SQL)?,
            suppliers: named(SUPPLIERS_SQL)?,
            purchase_orders: documents(PURCHASE_ORDERS_SQL)?,
            complaints: documents(COMPLAINTS_SQL)?,
        })
    }
}

fn hit(r: &rusqlite::Row<'_>) -> rusqlite::Result<PaletteHit> {
    Ok(PaletteHit {
        id: r.uuid(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        detail: r.get(3)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefix_range_holds_exactly_the_texts_starting_with_it() {
        let (lo, hi) = number_prefix("so-2612");
        assert_eq!(lo, "SO-2612");
        for inside in ["SO-2612", "SO-2612-A1-00042", "SO-2612中"] {
            assert!(inside >= lo.as_str() && inside < hi.as_str(), "{inside}");
        }
        for outside in ["SO-2611-A1-00042", "SO-2613", "SO-261", "PO-2612-A1-00001"] {
            assert!(
                !(outside >= lo.as_str() && outside < hi.as_str()),
                "{outside}"
            );
        }
    }
}
