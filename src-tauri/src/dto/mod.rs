//! Wire types for IPC, converted by hand from and to the domain types (domain types stay off
//! the wire). Inputs are the form's raw strings (validated in `core`); money crosses as
//! decimal strings, quantities as decimal strings of units, dates as `YYYY-MM-DD`, times as
//! RFC 3339, choice lists as the TypeScript unions `bindings` generates from core's lists.
//!
//! - [`wire`]: shared helpers, the one page type, facts;
//! - [`analytics`]: the dashboard, the lost-customer list, one customer's figures;
//! - [`app`]: app info and the company header;
//! - [`customers`]: customers, search, duplicates, segments;
//! - [`data`]: exports, backups, the restore preview, file choosers;
//! - [`interactions`]: interactions, follow-ups, the timeline;
//! - [`products`]: products, stock movements, stock counts;
//! - [`suppliers`]: suppliers, supplies, contracts, evaluations;
//! - [`scorecard`]: the supplier scorecard, its ranking and weights;
//! - [`purchasing`]: purchase orders and receipts;
//! - [`planning`]: product plans, replenishment suggestions, their drafts, planning settings;
//! - [`orders`]: sales orders;
//! - [`palette`]: the command palette's results;
//! - [`notify`]: desktop notifications (choices, what is new to tell);
//! - [`service`]: complaints, surveys, the SLA policy;
//! - [`sync`]: sync status, sign-in, conflicts;
//! - [`import`]: importing a spreadsheet (preview, plan, check, progress, report).

pub mod analytics;
pub mod app;
pub mod customers;
pub mod data;
pub mod import;
pub mod interactions;
pub mod notify;
pub mod orders;
pub mod palette;
pub mod planning;
pub mod products;
pub mod purchasing;
pub mod scorecard;
pub mod service;
pub mod suppliers;
pub mod sync;
pub mod wire;
