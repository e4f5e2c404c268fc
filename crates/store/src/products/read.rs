//! One product, the paged product list, the categories in use.

use chainbook_core::product::{ProductFields, ProductStage, Qty};
use rusqlite::{Connection, OptionalExtension, Row};
use uuid::Uuid;

use super::{Product, ProductQuery, ProductSort, Products};
use crate::paging::{check_page_size, Filter, Page};
use crate::planning::position::{all_reserved_sql, on_order_sql, reserved_sql};
use crate::row::RowExt;
use crate::{Result, StoreError};

/// `SELECT` of a product's columns plus its on-hand sum, reserved and on-order quantities
/// (named `on_hand`, `reserved` for sorting), as [`product`] reads them.
fn select(where_: &str) -> String {
    format!(
        "SELECT p.id, p.sku, p.name, p.unit, p.category, p.currency, p.price, p.cost, p.stage,
            p.pack_size, p.min_order_qty, p.lead_time_days, p.safety_stock, p.reorder_point,
            p.active, p.created_at,
            (SELECT ifnull(sum(m.qty_milli), 0) FROM stock_movements m
              WHERE m.product_id = p.id AND m.deleted = 0) AS on_hand,
            {} AS reserved,
            {} AS on_order
         FROM products p WHERE {where_}",
        reserved_sql("p.id"),
        on_order_sql("p.id"),
    )
}

fn product(r: &Row<'_>) -> rusqlite::Result<Product> {
    Ok(Product {
        id: r.uuid(0)?,
        fields: ProductFields {
            sku: r.get(1)?,
            name: r.get(2)?,
            unit: r.get(3)?,
            category: r.get(4)?,
            currency: r.get(5)?,
            price: r.decimal(6)?,
            cost: r.decimal(7)?,
            stage: r.parsed(8, ProductStage::parse)?,
            pack_size: r.qty(9)?,
            min_order_qty: r.qty(10)?,
            lead_time_days: r.get(11)?,
            safety_stock: r.qty(12)?,
            reorder_point: r.qty(13)?,
            active: r.flag(14)?,
        },
        created_at: r.time(15)?,
        on_hand: Qty(r.get(16)?),
        reserved: Qty(r.get(17)?),
        on_order: Qty(r.get(18)?),
    })
}

pub(crate) fn not_found() -> StoreError {
    StoreError::NotFound { what: "product" }
}

/// A live product with its on-hand quantity.
pub(crate) fn load(conn: &Connection, id: Uuid) -> Result<Product> {
    conn.prepare_cached(&select("p.id = ?1 AND p.deleted = 0"))?
        .query_row([id.to_string()], product)
        .optional()?
        .ok_or_else(not_found)
}

/// Whether a live product has this id.
pub(crate) fn exists(conn: &Connection, id: Uuid) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM products WHERE id = ?1 AND deleted = 0")?
        .exists([id.to_string()])?)
}

impl Products<'_> {
    /// A live product with its on-hand quantity.
    pub fn get(&self, id: Uuid) -> Result<Product> {
        load(self.db.conn, id)
    }

    /// One page of products with on hand, sorted in SQL.
    pub fn list(&self, q: &ProductQuery) -> Result<Page<Product>> {
        check_page_size(q.page_size)?;
        let mut f = Filter::new("p.deleted = 0");
        if !q.include_inactive {
            f.and("p.active = 1", []);
        }
        f.eq(
            "p.category",
            q.category.as_deref().filter(|c| !c.is_empty()),
        )
        .contains(&["p.sku", "p.name"], q.search.as_deref());
        let total = self.db.count(
            &format!("SELECT count(*) FROM products p WHERE {}", f.sql()),
            f.args(),
        )?;
        let dir = if q.descending { "DESC" } else { "ASC" };
        let order = match q.sort {
            ProductSort::Sku => "p.sku",
            ProductSort::Name => "p.name",
            ProductSort::Category => "p.category, p.name",
            ProductSort::Available => return self.by_available(&f, q, total, dir),
        };
        let sql = format!(
            "{} ORDER BY {order} {dir}, p.id {dir} LIMIT ? OFFSET ?",
            select(&f.sql())
        );
        f.page(self.db.conn, &sql, (q.page, q.page_size), total, product)
    }

    /// The page sorted by available: the page's ids first, from every product's on hand
    /// (its monthly sums) less its reservations (from the open orders alone), then those
    /// products read as any page reads them. Sorting the full rows would compute every
    /// product's correlated sums first (6.6 s at M).
    fn by_available(
        &self,
        f: &Filter,
        q: &ProductQuery,
        total: u64,
        dir: &str,
    ) -> Result<Page<Product>> {
        let sql = format!(
            "SELECT p.id FROM products p
             LEFT JOIN (SELECT product_id, sum(net_milli) AS q FROM stock_months GROUP BY product_id) oh
                ON oh.product_id = p.id
             LEFT JOIN ({}) rv ON rv.product_id = p.id
             WHERE {}
             ORDER BY ifnull(oh.q, 0) - ifnull(rv.reserved, 0) {dir}, p.id {dir} LIMIT ? OFFSET ?",
            all_reserved_sql(),
            f.sql()
        );
        let ids = f.page(self.db.conn, &sql, (q.page, q.page_size), total, |r| {
            r.uuid(0)
        })?;
        let items = ids
            .items
            .into_iter()
            .map(|id| load(self.db.conn, id))
            .collect::<Result<Vec<_>>>()?;
        Ok(Page {
            items,
            total: ids.total,
            page: ids.page,
            page_size: ids.page_size,
        })
    }

    /// Categories in use by live products, for the filter.
    pub fn categories(&self) -> Result<Vec<String>> {
        let mut stmt = self.db.conn.prepare_cached(
            "SELECT DISTINCT category FROM products WHERE deleted = 0 AND category <> '' ORDER BY category",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
