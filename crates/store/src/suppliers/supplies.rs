//! Supplies: which supplier supplies which product at what price and lead time, with at most
//! one preferred supplier per product.

use chainbook_core::supplier::SupplyDraft;
use rusqlite::OptionalExtension;
use serde_json::json;
use uuid::Uuid;

use super::{ReceivedFrom, SuppliedProduct, Suppliers, SuppliersMut, SupplyOffer};
use crate::row::RowExt;
use crate::{products, Result, StoreError};

impl SuppliersMut<'_> {
    /// Records what a supplier supplies; marking it preferred clears the product's other
    /// preferred supplier. Only changed columns are written.
    pub fn set_supply(&mut self, d: &SupplyDraft) -> Result<()> {
        let f = d.validate()?;
        self.store.write(|w| {
            super::read::load(&w.tx, f.supplier_id)?;
            products::read::load(&w.tx, f.product_id)?;
            let (s, p) = (f.supplier_id.to_string(), f.product_id.to_string());
            if f.preferred {
                let others: Vec<String> =
                    w.tx.prepare_cached(
                        "SELECT id FROM supplies WHERE product_id = ?1 AND preferred = 1
                         AND deleted = 0 AND supplier_id <> ?2",
                    )?
                    .query_map([&p, &s], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                for o in others {
                    let mut m = serde_json::Map::new();
                    m.insert("preferred".into(), json!(0));
                    w.update_row("supplies", &o, m)?;
                }
            }
            let cols = vec![
                ("currency", json!(f.currency)),
                ("price", json!(f.price.to_string())),
                ("lead_time_days", json!(f.lead_time_days)),
                ("preferred", json!(i64::from(f.preferred))),
            ];
            let old =
                w.tx.prepare_cached(
                    "SELECT id, currency, price, lead_time_days, preferred FROM supplies
                     WHERE supplier_id = ?1 AND product_id = ?2 AND deleted = 0",
                )?
                .query_row([&s, &p], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        vec![
                            ("currency", json!(r.get::<_, String>(1)?)),
                            ("price", json!(r.get::<_, String>(2)?)),
                            ("lead_time_days", json!(r.get::<_, i64>(3)?)),
                            ("preferred", json!(r.get::<_, i64>(4)?)),
                        ],
                    ))
                })
                .optional()?;
            match old {
                Some((id, before)) => w.update_changed("supplies", &id, cols, before).map(drop),
                None => {
                    let mut all = vec![("supplier_id", json!(s)), ("product_id", json!(p))];
                    all.extend(cols);
                    w.insert_row("supplies", &all).map(drop)
                }
            }
        })
    }

    /// Stops recording that a supplier supplies a product.
    pub fn remove_supply(&mut self, supplier_id: Uuid, product_id: Uuid) -> Result<()> {
        self.store.write(|w| {
            let id: String = w
                .tx
                .prepare_cached(
                    "SELECT id FROM supplies WHERE supplier_id = ?1 AND product_id = ?2 AND deleted = 0",
                )?
                .query_row([supplier_id.to_string(), product_id.to_string()], |r| {
                    r.get(0)
                })
                .optional()?
                .ok_or(StoreError::NotFound { what: "supply" })?;
            w.tombstone_row("supplies", &id).map(drop)
        })
    }
}

impl Suppliers<'_> {
    /// Who supplies a product, the preferred supplier first.
    pub fn of_product(&self, product_id: Uuid) -> Result<Vec<SupplyOffer>> {
        let mut stmt = self.db.conn.prepare_cached(
            "SELECT s.id, s.name, x.price, x.lead_time_days, x.preferred, x.currency FROM supplies x
             JOIN suppliers s ON s.id = x.supplier_id
             WHERE x.product_id = ?1 AND x.deleted = 0 AND s.deleted = 0 ORDER BY x.preferred DESC, s.name",
        )?;
        let rows = stmt.query_map([product_id.to_string()], |r| {
            Ok(SupplyOffer {
                supplier_id: r.uuid(0)?,
                supplier_name: r.get(1)?,
                price: r.get(2)?,
                lead_time_days: r.get(3)?,
                preferred: r.flag(4)?,
                currency: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The suppliers `product_id` was received from (accepted or rejected) on purchase orders,
    /// most recent first, each with its last price and date. A product bought from a
    /// supplier is supplied by it even when no offer was recorded.
    pub fn received_from(&self, product_id: Uuid) -> Result<Vec<ReceivedFrom>> {
        // SQLite takes the bare columns (currency, price) from the row holding the max().
        let mut stmt = self.db.conn.prepare_cached(
            "SELECT s.id, s.name, o.currency, l.unit_price, max(r.received_on)
             FROM po_lines l
             JOIN po_receipts r ON r.po_line_id = l.id AND r.deleted = 0
             JOIN purchase_orders o ON o.id = l.po_id AND o.deleted = 0
             JOIN suppliers s ON s.id = o.supplier_id AND s.deleted = 0
             WHERE l.product_id = ?1 AND l.deleted = 0
             GROUP BY s.id ORDER BY max(r.received_on) DESC, s.name",
        )?;
        let rows = stmt.query_map([product_id.to_string()], |r| {
            Ok(ReceivedFrom {
                supplier_id: r.uuid(0)?,
                supplier_name: r.get(1)?,
                currency: r.get(2)?,
                last_price: r.get(3)?,
                last_received_on: r.date(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// What a supplier supplies, by SKU.
    pub fn supplied_by(&self, supplier_id: Uuid) -> Result<Vec<SuppliedProduct>> {
        let mut stmt = self.db.conn.prepare_cached(
            "SELECT p.id, p.sku, p.name, x.currency, x.price, x.lead_time_days, x.preferred
             FROM supplies x JOIN products p ON p.id = x.product_id
             WHERE x.supplier_id = ?1 AND x.deleted = 0 AND p.deleted = 0 ORDER BY p.sku",
        )?;
        let rows = stmt.query_map([supplier_id.to_string()], |r| {
            Ok(SuppliedProduct {
                product_id: r.uuid(0)?,
                sku: r.get(1)?,
                name: r.get(2)?,
                currency: r.get(3)?,
                price: r.get(4)?,
                lead_time_days: r.get(5)?,
                preferred: r.flag(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
