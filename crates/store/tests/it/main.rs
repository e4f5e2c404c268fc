//! Integration tests of chainbook-store against real SQLite files in temp folders.

mod analytics;
mod attention;
mod backup;
mod cipher;
mod complaints;
mod crash;
mod customers;
mod dashboard;
mod faults;
mod filters;
mod first_run;
mod import;
mod interactions;
mod notify;
mod open;
mod orders;
mod planning;
mod power;
mod products;
mod purchasing;
mod records;
mod registry;
mod scorecard;
mod search;
mod segments;
mod settings;
mod sim;
#[path = "../common/sim.rs"]
pub mod sim_common;
mod snapshot;
mod sync;
mod upgrade;
mod values;

use chainbook_core::customer::{CustomerDraft, CustomerKind};
use chainbook_core::merge::RowChange;
use chainbook_store::Store;
use tempfile::TempDir;

pub use sim_common::content;

/// A store on a fresh database file with sync on (its empty first push done), so every write
/// shows in the change log; keep the `TempDir` alive for the test's duration.
pub fn fresh() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("chainbook.db")).unwrap();
    store.sync_mut().enable().unwrap();
    take_changes(&mut store);
    (dir, store)
}

/// Everything not yet pushed, as the changes a push would send, acknowledged (so the next
/// call shows only what was written after).
pub fn take_changes(s: &mut Store) -> Vec<RowChange> {
    let mut all = Vec::new();
    loop {
        let out = s.sync().outgoing(10_000).unwrap();
        let done = out.changes.is_empty()
            && !matches!(
                out.ack,
                chainbook_store::sync::Ack::Snapshot { done: false, .. }
            );
        all.extend(out.changes);
        s.sync_mut().acknowledge(&out.ack).unwrap();
        if done {
            return all;
        }
    }
}

/// What each change is, `insert`, `delete` or `update`, by table, sorted.
pub fn summary(changes: &[RowChange]) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = changes
        .iter()
        .map(|c| {
            let kind = if c.created_at.is_some() {
                "insert"
            } else if c.fields.len() == 1 && c.fields.contains_key("deleted") {
                "delete"
            } else {
                "update"
            };
            (c.table.clone(), kind)
        })
        .collect();
    out.sort();
    out
}

/// A change's fields and values as one JSON object.
pub fn values(change: &RowChange) -> serde_json::Value {
    change
        .fields
        .iter()
        .map(|(k, f)| (k.clone(), f.value.clone()))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// How many entries the change log holds (one per changed field of a row).
pub fn log_len(s: &Store) -> u64 {
    s.sync().status().unwrap().change_log
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

/// A product with `stock` received (none for "0").
pub fn product(s: &mut Store, sku: &str, price: &str, stock: &str) -> uuid::Uuid {
    let p = s
        .products_mut()
        .create(&chainbook_core::product::ProductDraft {
            sku: sku.into(),
            name: format!("产品 {sku}"),
            unit: "件".into(),
            currency: "CNY".into(),
            price: price.into(),
            active: true,
            ..Default::default()
        })
        .unwrap();
    if stock != "0" {
        s.stock_mut()
            .record(&chainbook_core::product::MovementDraft {
                product_id: p.id,
                kind: "receipt".into(),
                quantity: stock.into(),
                ..Default::default()
            })
            .unwrap();
    }
    p.id
}

/// An order line.
pub fn line(
    product: uuid::Uuid,
    qty: &str,
    price: &str,
    discount: &str,
    tax: &str,
) -> chainbook_core::order::OrderLineDraft {
    chainbook_core::order::OrderLineDraft {
        id: None,
        product_id: product,
        money: chainbook_core::order::LineMoneyDraft {
            quantity: qty.into(),
            unit_price: price.into(),
            discount_pct: discount.into(),
            tax_rate_pct: tax.into(),
        },
    }
}

/// Runs the store on a clock standing at `at` (RFC 3339) until the test moves it.
pub fn stopped_clock(
    s: &mut Store,
    at: &str,
) -> std::sync::Arc<std::sync::Mutex<chrono::DateTime<chrono::Utc>>> {
    let clock = std::sync::Arc::new(std::sync::Mutex::new(at.parse().unwrap()));
    let c = clock.clone();
    s.set_clock(Box::new(move || *c.lock().unwrap()));
    clock
}

/// A call to `customer` on 2026-11-20 whose follow-up is due `on` (YYYY-MM-DD).
pub fn follow_up(s: &mut Store, customer: uuid::Uuid, on: &str) {
    s.interactions_mut()
        .add(&chainbook_core::interaction::InteractionDraft {
            customer_id: customer,
            contact_id: None,
            kind: "call".into(),
            occurred_at: "2026-11-20T09:00:00+08:00".into(),
            summary: "询价".into(),
            outcome: String::new(),
            follow_up_on: on.into(),
        })
        .unwrap();
}

/// A high-severity complaint (respond within 8 hours, resolve within 3 days) about damaged goods.
pub fn damaged_goods(
    s: &mut Store,
    customer: uuid::Uuid,
) -> chainbook_store::complaints::Complaint {
    s.complaints_mut()
        .open(&chainbook_core::complaint::FeedbackDraft {
            kind: "complaint".into(),
            customer_id: Some(customer),
            channel: "phone".into(),
            category: "damaged".into(),
            severity: "high".into(),
            description: "外箱破损".into(),
            ..Default::default()
        })
        .unwrap()
}

/// Supplier contracts from 2026-01-01 ending on each `(title, end)`.
pub fn contracts(s: &mut Store, supplier: uuid::Uuid, ends: &[(&str, &str)]) {
    for (title, end) in ends {
        s.suppliers_mut()
            .add_contract(&chainbook_core::supplier::ContractDraft {
                supplier_id: supplier,
                title: (*title).into(),
                starts_on: "2026-01-01".into(),
                ends_on: (*end).into(),
                ..Default::default()
            })
            .unwrap();
    }
}
