//! Wire types of the command palette: what one query found, per kind of record.

use chainbook_store::search::palette::{PaletteHit, PaletteResults};
use serde::Serialize;
use ts_rs::TS;

use super::customers::SearchHitDto;

/// A sales order, purchase order or complaint (by number), a product (SKU) or a supplier (code)
/// found by the command palette.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "PaletteHit")]
pub struct PaletteHitDto {
    pub id: String,
    /// The document number, SKU or supplier code.
    pub code: String,
    /// The customer or supplier of a document, the name of a product or supplier.
    pub name: String,
    /// A document's date (YYYY-MM-DD) or a product's category; may be empty.
    pub detail: String,
}

impl From<PaletteHit> for PaletteHitDto {
    fn from(h: PaletteHit) -> Self {
        PaletteHitDto {
            id: h.id.to_string(),
            code: h.code,
            name: h.name,
            detail: h.detail,
        }
    }
}

/// What the command palette found, per kind, best first within each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "PaletteResults")]
pub struct PaletteResultsDto {
    pub customers: Vec<SearchHitDto>,
    pub orders: Vec<PaletteHitDto>,
    pub products: Vec<PaletteHitDto>,
    pub suppliers: Vec<PaletteHitDto>,
    pub purchase_orders: Vec<PaletteHitDto>,
    pub complaints: Vec<PaletteHitDto>,
}

impl From<PaletteResults> for PaletteResultsDto {
    fn from(r: PaletteResults) -> Self {
        fn all<T, U: From<T>>(v: Vec<T>) -> Vec<U> {
            v.into_iter().map(Into::into).collect()
        }
        PaletteResultsDto {
            customers: all(r.customers),
            orders: all(r.orders),
            products: all(r.products),
            suppliers: all(r.suppliers),
            purchase_orders: all(r.purchase_orders),
            complaints: all(r.complaints),
        }
    }
}
