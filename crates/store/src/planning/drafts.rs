//! Selected suggestions as draft purchase orders: one per preferred supplier and currency,
//! in one write, each through purchasing's [`insert_draft`] (the form's own path), so the
//! drafts are ordinary purchase orders, editable and sent from purchasing.

use chainbook_core::purchase::{PoDraft, PoLineDraft};
use chainbook_core::{ErrorCode, ValidationError};
use chrono::{Duration, NaiveDate};
use uuid::Uuid;

use super::plan::preferred_supplies;
use super::{DraftLine, PlanningMut};
use crate::purchasing::lifecycle::insert_draft;
use crate::purchasing::PurchaseOrder;
use crate::Result;

impl PlanningMut<'_> {
    /// Creates the drafts for `lines` (each needs a preferred supplier and a positive
    /// quantity): unit prices are the supplier's, expected on `as_of` + the supplier's lead time
    /// (the product's when the supply has none). All of them or none.
    pub fn create_drafts(
        &mut self,
        lines: &[DraftLine],
        as_of: NaiveDate,
    ) -> Result<Vec<PurchaseOrder>> {
        if lines.is_empty() {
            return Err(ValidationError::new(ErrorCode::Required, "lines", "select a line").into());
        }
        let ids = self.store.write(|w| {
            let supplies = preferred_supplies(&w.tx)?;
            let mut drafts: Vec<PoDraft> = Vec::new();
            for (i, l) in lines.iter().enumerate() {
                let product =
                    crate::products::read::load(&w.tx, l.product_id).map_err(|e| match e {
                        crate::StoreError::NotFound { .. } => ValidationError::new(
                            ErrorCode::NotFound,
                            "product_id",
                            "no such product",
                        )
                        .within("lines", i)
                        .into(),
                        other => other,
                    })?;
                if l.quantity.0 <= 0 {
                    return Err(ValidationError::new(
                        ErrorCode::OutOfRange,
                        "quantity",
                        "the quantity must be above zero",
                    )
                    .within("lines", i)
                    .into());
                }
                let Some(s) = supplies.get(&l.product_id) else {
                    return Err(ValidationError::new(
                        ErrorCode::NoPreferredSupplier,
                        "product_id",
                        "this product has no preferred supplier",
                    )
                    .within("lines", i)
                    .into());
                };
                let lead = if s.lead_time_days > 0 {
                    s.lead_time_days
                } else {
                    product.fields.lead_time_days
                };
                let line = PoLineDraft {
                    product_id: l.product_id,
                    quantity: l.quantity.to_decimal().to_string(),
                    unit_price: s.price.to_string(),
                    expected_on: (as_of + Duration::days(i64::from(lead))).to_string(),
                };
                match drafts
                    .iter_mut()
                    .find(|d| d.supplier_id == s.supplier_id && d.currency == s.currency)
                {
                    Some(d) => d.lines.push(line),
                    None => drafts.push(PoDraft {
                        supplier_id: s.supplier_id,
                        currency: s.currency.clone(),
                        notes: String::new(),
                        lines: vec![line],
                    }),
                }
            }
            drafts
                .iter()
                .map(|d| insert_draft(w, d))
                .collect::<Result<Vec<Uuid>>>()
        })?;
        ids.into_iter()
            .map(|id| self.store.purchasing().get(id))
            .collect()
    }
}
