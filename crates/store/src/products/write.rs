//! Creating, updating and deleting products.

use chainbook_core::product::{ProductDraft, ProductFields};
use chainbook_core::{ErrorCode, ValidationError};
use serde_json::json;
use uuid::Uuid;

use super::read::{load, not_found};
use super::{Product, ProductsMut};
use crate::error::unique_to_conflict;
use crate::write::Columns;
use crate::{Result, StoreError};

pub(crate) fn values(f: &ProductFields) -> Columns {
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

pub(crate) fn sku_conflict(e: StoreError) -> StoreError {
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

impl ProductsMut<'_> {
    /// Validates and creates a product; a SKU already used by a live product is a conflict.
    pub fn create(&mut self, draft: &ProductDraft) -> Result<Product> {
        let f = draft.validate()?;
        let id = self
            .store
            .write(|w| w.insert_row("products", &values(&f)).map_err(sku_conflict))?;
        self.store.products().get(id)
    }

    /// Validates and saves a product; only changed columns are written.
    pub fn update(&mut self, id: Uuid, draft: &ProductDraft) -> Result<Product> {
        let f = draft.validate()?;
        self.store.write(|w| {
            let old = load(&w.tx, id)?;
            w.update_changed("products", &id.to_string(), values(&f), values(&old.fields))
                .map_err(sku_conflict)
                .map(drop)
        })?;
        self.store.products().get(id)
    }

    /// Tombstones a product. Its movements stay (they are history).
    pub fn delete(&mut self, id: Uuid) -> Result<()> {
        self.store
            .write(|w| match w.tombstone_row("products", &id.to_string())? {
                true => Ok(()),
                false => Err(not_found()),
            })
    }
}
