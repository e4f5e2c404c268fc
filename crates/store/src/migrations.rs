//! Forward-only, numbered schema migrations.
//!
//! The schema version lives in SQLite's `user_version`. At open, every migration above it is
//! applied in order inside one transaction, so a crash mid-upgrade leaves the old schema intact.
//! A database from a newer Chainbook is refused rather than guessed at.
//!
//! Why not `rusqlite_migration`: no release of it resolves against rusqlite 0.41 here (both link
//! `sqlite3`), and the rule we need is twenty lines.
//! Released migrations are never edited; a change is a new entry at the end.

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::{
    complaints, customers, device, interactions, orders, outbox, products, search, segments,
    suppliers, Result, StoreError,
};

/// One step of a migration: SQL, or Rust for what SQL cannot compute (e.g. pinyin keys).
pub(crate) enum Step {
    Sql(&'static str),
    Rust(fn(&Transaction<'_>) -> Result<()>),
}

/// `(version, what it does, step)`; versions are 1, 2, 3, … without gaps.
const MIGRATIONS: &[(u32, &str, Step)] = &[
    (
        1,
        "device identity, local settings and counters",
        Step::Sql(device::MIGRATION_1),
    ),
    (1, "change outbox", Step::Sql(outbox::MIGRATION_1)),
    (1, "customers", Step::Sql(customers::MIGRATION_1)),
    (
        2,
        "customer profile, contacts, addresses, tags",
        Step::Sql(customers::MIGRATION_2),
    ),
    (2, "customer search index", Step::Sql(search::MIGRATION_2)),
    (
        2,
        "index customers written before version 2",
        Step::Rust(search::rebuild_all),
    ),
    (
        2,
        "interactions and follow-ups",
        Step::Sql(interactions::MIGRATION_2),
    ),
    (2, "saved segments", Step::Sql(segments::MIGRATION_2)),
    (
        3,
        "products, stock ledger and stock counts",
        Step::Sql(products::MIGRATION_3),
    ),
    (
        3,
        "suppliers, contracts, evaluations, purchase orders",
        Step::Sql(suppliers::MIGRATION_3),
    ),
    (
        4,
        "several contacts per supplier; indexes for supplier pages",
        Step::Sql(suppliers::MIGRATION_4),
    ),
    (
        4,
        "move version-3 supplier contacts",
        Step::Rust(suppliers::move_supplier_contacts),
    ),
    (
        5,
        "sales orders, lines, status history, shipments, returns",
        Step::Sql(orders::MIGRATION_5),
    ),
    (
        6,
        "indexes for the product list orders",
        Step::Sql(products::MIGRATION_6),
    ),
    (
        7,
        "complaints and feedback with their events; survey responses",
        Step::Sql(complaints::MIGRATION_7),
    ),
    (
        8,
        "customer tags carry the filter columns; indexes for combined filters",
        Step::Sql(customers::MIGRATION_8),
    ),
    (
        8,
        "planner statistics for the new customer indexes",
        Step::Rust(customers::statistics_after_migration_8),
    ),
    (
        9,
        "order counts by day and status; indexes for the order list's customer and late filters",
        Step::Sql(orders::MIGRATION_9),
    ),
    (
        10,
        "indexes for the complaint list's supplier, severity and breached filters",
        Step::Sql(complaints::MIGRATION_10),
    ),
    (
        10,
        "planner statistics for the new complaint indexes",
        Step::Rust(complaints::statistics_after_migration_10),
    ),
    (
        11,
        "index for the purchase order list's order",
        Step::Sql(suppliers::MIGRATION_11),
    ),
];

/// The schema version this build creates.
pub fn latest() -> u32 {
    MIGRATIONS.last().map(|m| m.0).unwrap_or(0)
}

pub(crate) fn apply(conn: &mut Connection) -> Result<()> {
    apply_up_to(conn, latest())
}

/// Applies migrations up to `target` (tests use it to build databases of released versions).
pub(crate) fn apply_up_to(conn: &mut Connection, target: u32) -> Result<()> {
    let current: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current > latest() {
        return Err(StoreError::NewerSchema {
            found: current,
            supported: latest(),
        });
    }
    if current >= target {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
    for (version, what, step) in MIGRATIONS.iter().filter(|m| m.0 > current && m.0 <= target) {
        tracing::info!(version, what, "applying migration");
        match step {
            Step::Sql(sql) => tx.execute_batch(sql)?,
            Step::Rust(f) => f(&tx)?,
        }
    }
    tx.pragma_update(None, "user_version", target)?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_consecutive_from_one() {
        // Several entries may share a version (one per table family); versions never skip.
        let mut vs: Vec<u32> = MIGRATIONS.iter().map(|m| m.0).collect();
        assert!(
            vs.windows(2).all(|w| w[0] <= w[1]),
            "migrations out of order"
        );
        vs.dedup();
        assert_eq!(vs, (1..=latest()).collect::<Vec<_>>());
    }
}
