//! Stock planning: the formulas behind product classes and replenishment, as pure functions
//! over plain values (the store gathers demand, stock and open documents into them).
//!
//! Demand is in units (f64: it is a statistic, not a booking); stock quantities that become
//! documents stay [`crate::product::Qty`] (exact thousandths) and are rounded up only here.
//!
//! - [`classes`]: product ABC by consumption value (core's one ABC rule), XYZ by the
//!   coefficient of variation of monthly demand, and the stock-count frequency of each pair;
//! - [`reorder`]: service levels and their z values, safety stock, the reorder point, the
//!   demand over a horizon (the one place the forecast will plug in) and the suggested
//!   quantity with its reasoning.

pub mod classes;
pub mod reorder;
