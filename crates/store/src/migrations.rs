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
    complaints, customers, device, interactions, orders, planning, products, purchasing, search,
    segments, settings, stock, suppliers, surveys, sync, Result, StoreError,
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
    (1, "change outbox", Step::Sql(sync::schema::OUTBOX_MIGRATION_1)),
    (1, "customers", Step::Sql(customers::schema::MIGRATION_1)),
    (
        2,
        "customer profile, contacts, addresses, tags",
        Step::Sql(customers::schema::MIGRATION_2),
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
        Step::Sql(interactions::schema::MIGRATION_2),
    ),
    (2, "saved segments", Step::Sql(segments::MIGRATION_2)),
    (3, "products", Step::Sql(products::schema::MIGRATION_3)),
    (
        3,
        "stock ledger and stock counts",
        Step::Sql(stock::schema::MIGRATION_3),
    ),
    (
        3,
        "suppliers, contracts, evaluations",
        Step::Sql(suppliers::schema::MIGRATION_3),
    ),
    (
        3,
        "purchase orders, receipts, status history",
        Step::Sql(purchasing::schema::MIGRATION_3),
    ),
    (
        4,
        "several contacts per supplier; indexes for supplier pages",
        Step::Sql(suppliers::schema::MIGRATION_4),
    ),
    (
        4,
        "move version-3 supplier contacts",
        Step::Rust(suppliers::schema::move_supplier_contacts),
    ),
    (
        5,
        "sales orders, lines, status history, shipments, returns",
        Step::Sql(orders::schema::MIGRATION_5),
    ),
    (
        6,
        "indexes for the product list orders",
        Step::Sql(products::schema::MIGRATION_6),
    ),
    (
        7,
        "complaints and feedback with their events",
        Step::Sql(complaints::schema::MIGRATION_7),
    ),
    (7, "survey responses", Step::Sql(surveys::MIGRATION_7)),
    (
        8,
        "customer tags carry the filter columns; indexes for combined filters",
        Step::Sql(customers::schema::MIGRATION_8),
    ),
    (
        8,
        "planner statistics for the new customer indexes",
        Step::Rust(customers::schema::refresh_statistics_step),
    ),
    (
        9,
        "order counts by day and status; indexes for the order list's customer and late filters",
        Step::Sql(orders::schema::MIGRATION_9),
    ),
    (
        10,
        "indexes for the complaint list's supplier, severity and breached filters",
        Step::Sql(complaints::schema::MIGRATION_10),
    ),
    (
        10,
        "planner statistics for the new complaint indexes",
        Step::Rust(customers::schema::refresh_statistics_step),
    ),
    (
        11,
        "index for the purchase order list's order",
        Step::Sql(purchasing::schema::MIGRATION_11),
    ),
    (
        12,
        "stock movements keep their business date beside their moment",
        Step::Sql(stock::schema::MIGRATION_12),
    ),
    (
        12,
        "order status changes record facts instead of notes",
        Step::Sql(orders::schema::MIGRATION_12),
    ),
    (
        12,
        "facts from the notes of earlier status changes",
        Step::Rust(orders::schema::facts_from_notes),
    ),
    (
        12,
        "complaint events record facts beside their text",
        Step::Sql(complaints::schema::MIGRATION_12),
    ),
    (
        12,
        "interactions made by the app record what they are about",
        Step::Sql(interactions::schema::MIGRATION_12),
    ),
    (
        13,
        "per-field stamps from the outbox; a bounded change log; sync state, pending changes, conflicts",
        Step::Sql(sync::schema::MIGRATION_13),
    ),
    (13, "order totals for analytics", Step::Sql(orders::totals::MIGRATION_13)),
    (
        13,
        "totals of the orders written before version 13 (filled at 14, with the delivery facts)",
        Step::Rust(orders::totals::later),
    ),
    (
        14,
        "a lifecycle stage can be kept by hand; each customer's buying rhythm",
        Step::Sql(customers::rhythm::MIGRATION_14),
    ),
    (
        14,
        "the buying rhythm of customers with orders before version 14",
        Step::Rust(customers::rhythm::rebuild_all),
    ),
    (
        14,
        "order totals carry the delivery facts the order indicators read",
        Step::Sql(orders::totals::MIGRATION_14),
    ),
    (
        14,
        "delivery facts of the orders written before version 14",
        Step::Rust(orders::totals::rebuild_all),
    ),
    // The values kept in local_settings move when the store opens (`adopt_local`): moving
    // them is a stamped write, which needs the device and the clock.
    (
        15,
        "business settings become synced records, one row per setting",
        Step::Sql(settings::business::MIGRATION_15),
    ),
    (
        16,
        "stock movements summed per product and month, for the stock figures of a period",
        Step::Sql(stock::schema::MIGRATION_16),
    ),
    (
        16,
        "an index of late deliveries, for the drill-down behind the on-time rate",
        Step::Sql(orders::totals::MIGRATION_16),
    ),
    (
        17,
        "processing times read from an index; shipped orders indexed slowest first",
        Step::Sql(orders::totals::MIGRATION_17),
    ),
    (
        18,
        "each product's demand per day (shipments net of returns), for planning",
        Step::Sql(planning::schema::MIGRATION_18),
    ),
    (
        19,
        "supplier status changes with their reason; purchasing indexed by due and receipt date",
        Step::Sql(suppliers::schema::MIGRATION_19),
    ),
    (
        20,
        "each product's demand forecast, kept until the demand it read changes",
        Step::Sql(planning::forecasts::MIGRATION_20),
    ),
];

/// The schema version this build creates.
pub fn latest() -> u32 {
    MIGRATIONS.last().map(|m| m.0).unwrap_or(0)
}

/// The schema version of the database `conn` has open.
pub(crate) fn current(conn: &Connection) -> Result<u32> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// The migrations an open applies: this build's, and in tests one more after them.
pub(crate) struct Plan {
    extra: Option<fn(&Transaction<'_>) -> Result<()>>,
}

impl Plan {
    pub(crate) fn this_build() -> Plan {
        Plan { extra: None }
    }

    /// This build's migrations and `step` as one more version after them (tests inject a
    /// failing migration this way).
    pub(crate) fn with_extra(step: fn(&Transaction<'_>) -> Result<()>) -> Plan {
        Plan { extra: Some(step) }
    }

    /// The version the plan brings a database to.
    pub(crate) fn target(&self) -> u32 {
        latest() + u32::from(self.extra.is_some())
    }

    pub(crate) fn apply(&self, conn: &mut Connection) -> Result<()> {
        apply_steps(conn, self.target(), self.extra)
    }
}

/// Applies migrations up to `target` (tests use it to build databases of released versions).
pub(crate) fn apply_up_to(conn: &mut Connection, target: u32) -> Result<()> {
    apply_steps(conn, target, None)
}

fn apply_steps(
    conn: &mut Connection,
    target: u32,
    extra: Option<fn(&Transaction<'_>) -> Result<()>>,
) -> Result<()> {
    let current = current(conn)?;
    let known = latest() + u32::from(extra.is_some());
    if current > known {
        return Err(StoreError::NewerSchema {
            found: current,
            supported: known,
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
    if let Some(f) = extra.filter(|_| target > latest()) {
        tracing::info!(version = target, "applying an extra migration (tests)");
        f(&tx)?;
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
