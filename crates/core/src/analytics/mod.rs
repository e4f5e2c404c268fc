//! Customer analytics: the formulas behind value tiers, RFM, the computed lifecycle and the
//! KPIs, as pure functions over plain values (the store aggregates the records into them).
//!
//! Every analysis has an as-of date and a period, passed in; nothing after the as-of date
//! counts. Money stays `Decimal`; ratios are `Option` where an empty period has no value.
//!
//! - [`abc`]: ABC value tiers by revenue;
//! - [`rfm`]: RFM scores and the named segments of the (R, FM) grid;
//! - [`lifecycle`]: the usual interval, the computed lifecycle (new, active, at risk, lost)
//!   and the repurchase rate;
//! - [`loyalty`]: the loyalty index with its subjective and objective parts;
//! - [`behaviour`]: purchase-frequency bands and the main product stage (segment dimensions);
//! - [`kpi`]: rates with "no data" for empty periods, median and p90 durations, the delivery
//!   indicators, inventory turnover and days of supply.

pub mod abc;
pub mod behaviour;
pub mod kpi;
pub mod lifecycle;
pub mod loyalty;
pub mod rfm;
