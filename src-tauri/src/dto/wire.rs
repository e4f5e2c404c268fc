//! Wire helpers every DTO module shares: times as RFC 3339, ids and choices sent by the UI,
//! quantities as text, one page type for every list, and the facts the app records.

use chainbook_core::facts::Fact;
use chainbook_core::id::parse_id;
use chainbook_core::product::Qty;
use chainbook_core::ValidationError;
use chainbook_store::Page;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use ts_rs::TS;

/// Times cross IPC as RFC 3339 in UTC with milliseconds.
pub(crate) fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Parses an id the UI sent in a field of a form, naming that field in the error.
pub(crate) fn field_id(s: &str, field: &'static str) -> Result<uuid::Uuid, ValidationError> {
    parse_id(s.trim()).map_err(|e| ValidationError::new(e.code, field, e.message))
}

/// Parses an optional id sent by the UI (`null` or empty means none).
pub(crate) fn opt_id(
    s: Option<String>,
    field: &'static str,
) -> Result<Option<uuid::Uuid>, ValidationError> {
    match s.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => parse_id(v)
            .map(Some)
            .map_err(|e| ValidationError::new(e.code, field, e.message)),
    }
}

pub(crate) fn qty(q: Qty) -> String {
    q.to_decimal().to_string()
}

/// A page of any list, as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Page")]
pub struct PageDto<T: TS> {
    pub items: Vec<T>,
    #[ts(type = "number")]
    pub total: u64,
    pub page: u32,
    pub page_size: u32,
}

/// Converts a store page item by item, each with its `From`.
impl<S, T: TS + From<S>> From<Page<S>> for PageDto<T> {
    fn from(p: Page<S>) -> Self {
        page(p, T::from)
    }
}

/// Converts a store page item by item.
pub(crate) fn page<S, T: TS>(p: Page<S>, f: impl Fn(S) -> T) -> PageDto<T> {
    PageDto {
        items: p.items.into_iter().map(f).collect(),
        total: p.total,
        page: p.page,
        page_size: p.page_size,
    }
}

/// A fact the app recorded (`core::facts::Fact`), which the UI words in its language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(rename = "Fact")]
pub enum FactDto {
    /// Confirmed with `lines` lines short on stock.
    Backorder { lines: u32 },
    /// Confirmed over the credit limit: the other open orders, this order, the limit.
    CreditOverride {
        open: String,
        order: String,
        limit: String,
        currency: String,
    },
    /// A follow-up the app made after a delivery: ask the customer for feedback on the order.
    DeliveryFeedback {
        order_id: String,
        order_number: String,
    },
    /// A resolution's compensation.
    Compensation { amount: String, currency: String },
    /// A complaint's root cause names this supplier (or carrier, or service agent: its kind).
    RootCausePartner {
        supplier_id: String,
        code: String,
        name: String,
        #[ts(type = "\"goods\" | \"logistics\" | \"service\"")]
        supplier_kind: String,
    },
}

impl From<Fact> for FactDto {
    fn from(f: Fact) -> Self {
        match f {
            Fact::Backorder { lines } => FactDto::Backorder { lines },
            Fact::CreditOverride {
                open,
                order,
                limit,
                currency,
            } => FactDto::CreditOverride {
                open,
                order,
                limit,
                currency,
            },
            Fact::DeliveryFeedback {
                order_id,
                order_number,
            } => FactDto::DeliveryFeedback {
                order_id: order_id.to_string(),
                order_number,
            },
            Fact::Compensation { amount, currency } => FactDto::Compensation { amount, currency },
            Fact::RootCausePartner {
                supplier_id,
                code,
                name,
                supplier_kind,
            } => FactDto::RootCausePartner {
                supplier_id: supplier_id.to_string(),
                code,
                name,
                supplier_kind,
            },
        }
    }
}

/// Facts as the UI receives them.
pub(crate) fn facts(f: Vec<Fact>) -> Vec<FactDto> {
    f.into_iter().map(Into::into).collect()
}
