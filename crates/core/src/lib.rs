//! Chainbook's pure domain.
//!
//! Everything here is plain data and rules: customer types and their validation, money parsing
//! and the currency table, the hybrid logical clock that orders every write, and record ids.
//! Nothing in this crate does IO — time is passed in as an argument — so every rule can be
//! tested with plain values. Storage lives in `chainbook-store`, the UI boundary in `src-tauri`.

pub mod choice;
pub mod company;
pub mod complaint;
pub mod contact;
pub mod customer;
pub mod date;
pub mod error;
pub mod hlc;
pub mod id;
pub mod interaction;
pub mod money;
pub mod order;
pub mod product;
pub mod purchase;
pub mod search_keys;
pub mod segment;
pub mod supplier;
pub mod survey;
pub mod text;

pub use error::{ErrorCode, ValidationError};
pub use hlc::{Hlc, HlcClock};
