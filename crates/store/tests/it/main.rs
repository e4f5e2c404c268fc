//! Integration tests of chainbook-store against real SQLite files in temp folders.

mod complaints;
mod customers;
mod filters;
mod interactions;
mod open;
mod orders;
mod outbox;
mod products;
mod purchasing;
mod records;
mod registry;
mod search;
mod segments;

use chainbook_core::customer::{CustomerDraft, CustomerKind};
use chainbook_store::Store;
use tempfile::TempDir;

/// A store on a fresh database file; keep the `TempDir` alive for the test's duration.
pub fn fresh() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("chainbook.db")).unwrap();
    (dir, store)
}

pub fn draft(name: &str) -> CustomerDraft {
    CustomerDraft {
        kind: CustomerKind::Company,
        name: name.into(),
        phone: "0755-12345678".into(),
        email: "buyer@example.com".into(),
        country: "CN".into(),
        province: "广东".into(),
        city: "深圳".into(),
        tags: vec!["重品质".into()],
        credit_limit: "100000".into(),
        currency: "CNY".into(),
        ..Default::default()
    }
}
