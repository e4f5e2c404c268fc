//! Chainbook's pure domain.
//!
//! Everything here is plain data and rules: every record as typed (a `*Draft`) with the
//! validation that needs no stored data, the shared vocabulary (choices, dates, money and the
//! currency table, text), the hybrid logical clock that orders every write, the merge rules
//! of sync, the analytics formulas, and record ids. Nothing in this crate does IO — time is
//! passed in as an argument, and what a check needs from the database is passed in as a plain
//! value — so every rule can be tested with plain values. Storage lives in `chainbook-store`,
//! the UI boundary in `src-tauri`.

pub mod analytics;
pub mod choice;
pub mod company;
pub mod complaint;
pub mod contact;
pub mod customer;
pub mod date;
pub mod error;
pub mod facts;
pub mod forecast;
pub mod hlc;
pub mod id;
pub mod interaction;
pub mod merge;
pub mod money;
pub mod number;
pub mod order;
pub mod planning;
pub mod preferences;
pub mod product;
pub mod purchase;
pub mod scorecard;
pub mod search_keys;
pub mod segment;
pub mod supplier;
pub mod survey;
pub mod tax;
pub mod text;

pub use error::{ErrorCode, ValidationError};
pub use hlc::{Hlc, HlcClock};
