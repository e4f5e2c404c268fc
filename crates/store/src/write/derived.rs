//! Derived tables: rebuilt from the synced rows they are computed from, inside the write that
//! changed those rows, and never synced. A write marks the keys it touched (see the registry's
//! `feeds`); [`super::Write::commit`] rebuilds each marked key once, so a customer saved with
//! ten contacts is re-indexed once, and a change applied from another device will rebuild
//! them the same way.

use rusqlite::Transaction;

use crate::Result;

/// A derived table and what its rows are keyed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Derived {
    /// `customer_tags`: one row per tag of a live customer with its filter columns; keyed by
    /// customer id.
    CustomerTags,
    /// `customer_search` and `customer_search_short`: the search rows of a customer and its
    /// contacts; keyed by customer id.
    CustomerSearch,
    /// `so_counts`: live orders per creation day, order date and status. Kept by triggers on
    /// `sales_orders` in the same transaction, whoever writes, so nothing is marked for it.
    OrderCounts,
    /// `so_totals`: each live order's totals and what analytics select it by; keyed by order
    /// id.
    OrderTotals,
    /// `customer_rhythm`: a customer's first and last sold order and usual interval; keyed by
    /// customer id.
    CustomerRhythm,
    /// `stock_months`: each product's movements summed per month. Kept by triggers on
    /// `stock_movements`, like [`Derived::OrderCounts`].
    StockMonths,
    /// `demand_days`: each product's shipments net of returns per day. Kept by triggers on
    /// `so_shipments` and `so_returns`, like [`Derived::OrderCounts`].
    DemandDays,
}

impl Derived {
    /// The tables holding this derived data (FTS5 tables bring shadow tables named after
    /// them).
    pub fn tables(self) -> &'static [&'static str] {
        match self {
            Derived::CustomerTags => &["customer_tags"],
            Derived::CustomerSearch => &["customer_search", "customer_search_short"],
            Derived::OrderCounts => &["so_counts"],
            Derived::OrderTotals => &["so_totals"],
            Derived::CustomerRhythm => &["customer_rhythm"],
            Derived::StockMonths => &["stock_months"],
            Derived::DemandDays => &["demand_days"],
        }
    }

    /// Maintained by SQL triggers rather than by [`Derived::rebuild`].
    pub(crate) fn by_trigger(self) -> bool {
        matches!(
            self,
            Derived::OrderCounts | Derived::StockMonths | Derived::DemandDays
        )
    }

    /// Rebuilds the rows of `key`.
    pub(crate) fn rebuild(self, tx: &Transaction<'_>, key: &str) -> Result<()> {
        match self {
            Derived::CustomerTags => crate::customers::tags::rebuild(tx, key),
            Derived::CustomerSearch => crate::search::index_customer(tx, key),
            Derived::OrderCounts | Derived::StockMonths | Derived::DemandDays => Ok(()),
            Derived::OrderTotals => crate::orders::totals::rebuild(tx, key),
            Derived::CustomerRhythm => crate::customers::rhythm::rebuild(tx, key),
        }
    }

    /// Rebuilds every row of this derived table from the synced rows (after a bulk load:
    /// the first sync's snapshot).
    pub(crate) fn rebuild_all(self, tx: &Transaction<'_>) -> Result<()> {
        match self {
            Derived::CustomerTags => crate::customers::tags::rebuild_all(tx),
            Derived::CustomerSearch => crate::search::rebuild_all(tx),
            // Kept by their triggers as the rows went in.
            Derived::OrderCounts | Derived::StockMonths | Derived::DemandDays => Ok(()),
            Derived::OrderTotals => {
                tx.execute("DELETE FROM so_totals", [])?;
                crate::orders::totals::rebuild_all(tx)
            }
            Derived::CustomerRhythm => {
                tx.execute("DELETE FROM customer_rhythm", [])?;
                crate::customers::rhythm::rebuild_all(tx)
            }
        }
    }
}
