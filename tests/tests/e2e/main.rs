//! End-to-end tests of the built Chainbook app, one module per capability.
//!
//! Run with `cargo xtask test` (it builds the app, installs tauri-driver, provides a display
//! and sets `CHAINBOOK_APP` / `TAURI_DRIVER`); the harness lives in `src/lib.rs`.

mod customer_360;
mod customers;
mod dashboard;
mod data;
mod first_run;
mod forecast;
mod import;
mod notify;
mod orders;
mod palette;
mod products;
mod purchasing;
mod replenishment;
mod scorecard;
mod secrets;
mod service;
mod shell;
mod sync;
mod sync_two;
mod tax;
mod window;
