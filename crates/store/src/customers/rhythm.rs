//! `customer_rhythm`: each customer's buying rhythm — first and last sold order date and the
//! usual interval (kept doubled, as `core::analytics::lifecycle` keeps it) — from which the
//! computed lifecycle of today is one SQL expression ([`stage_sql`]). Derived: rebuilt for a
//! customer inside every write that changes one of its orders (registry feed
//! `sales_orders.customer_id`), never synced; time passing needs no rebuild, since the stage is
//! computed from the dates when read.
//!
//! The SQL expression and `core::analytics::lifecycle::computed_lifecycle` state one rule;
//! a test compares them on random histories.

use chainbook_core::analytics::lifecycle::{usual_interval2, LOST_AFTER_DAYS, NEW_WITHIN_DAYS};
use chrono::NaiveDate;
use rusqlite::{params, Transaction};

use crate::analytics::SOLD;
use crate::row::RowExt;
use crate::Result;

pub(crate) const MIGRATION_14: &str = "
ALTER TABLE customers ADD COLUMN lifecycle_pinned INTEGER NOT NULL DEFAULT 0
    CHECK (lifecycle_pinned IN (0, 1));
CREATE TABLE customer_rhythm (
    customer_id TEXT PRIMARY KEY,
    first_order TEXT NOT NULL,
    last_order  TEXT NOT NULL,
    interval2   INTEGER
) STRICT, WITHOUT ROWID;
";

/// The computed stage as of `today` of the `customer_rhythm` row aliased `r` (NULL without
/// one). `today` is a date the store formats, never user text.
pub(crate) fn stage_sql(today: NaiveDate, r: &str) -> String {
    let t = today.format("%Y-%m-%d");
    let days = format!("(julianday('{t}') - julianday({r}.last_order))");
    format!(
        "CASE WHEN {r}.last_order IS NULL THEN NULL
              WHEN {days} > {LOST_AFTER_DAYS}
                OR ({r}.interval2 IS NOT NULL AND 2 * {days} > 3 * {r}.interval2) THEN 'lost'
              WHEN {r}.interval2 IS NOT NULL AND 4 * {days} > 3 * {r}.interval2 THEN 'at_risk'
              WHEN julianday('{t}') - julianday({r}.first_order) <= {NEW_WITHIN_DAYS} THEN 'new'
              ELSE 'active' END"
    )
}

/// The stage a customer shows (`c` aliases `customers`): the computed one unless pinned or
/// without orders.
pub(crate) fn effective_stage_sql(today: NaiveDate, c: &str) -> String {
    format!(
        "CASE WHEN {c}.lifecycle_pinned = 1 THEN {c}.lifecycle ELSE coalesce(
            (SELECT {} FROM customer_rhythm r WHERE r.customer_id = {c}.id), {c}.lifecycle) END",
        stage_sql(today, "r")
    )
}

/// Rebuilds one customer's rhythm from its sold orders.
pub(crate) fn rebuild(tx: &Transaction<'_>, customer_id: &str) -> Result<()> {
    tx.prepare_cached("DELETE FROM customer_rhythm WHERE customer_id = ?1")?
        .execute([customer_id])?;
    let dates: Vec<NaiveDate> = tx
        .prepare_cached(&format!(
            "SELECT DISTINCT ordered_on FROM sales_orders
             WHERE customer_id = ?1 AND deleted = 0 AND status IN {SOLD}
             ORDER BY ordered_on"
        ))?
        .query_map([customer_id], |r| r.date(0))?
        .collect::<rusqlite::Result<_>>()?;
    let (Some(first), Some(last)) = (dates.first(), dates.last()) else {
        return Ok(());
    };
    tx.prepare_cached(
        "INSERT INTO customer_rhythm (customer_id, first_order, last_order, interval2)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        customer_id,
        first.to_string(),
        last.to_string(),
        usual_interval2(&dates)
    ])?;
    Ok(())
}

/// Fills `customer_rhythm` for every customer of a database upgraded to schema 14.
pub(crate) fn rebuild_all(tx: &Transaction<'_>) -> Result<()> {
    let ids: Vec<String> = tx
        .prepare(&format!(
            "SELECT DISTINCT customer_id FROM sales_orders WHERE deleted = 0 AND status IN {SOLD}"
        ))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        rebuild(tx, &id)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use chainbook_core::analytics::lifecycle::{computed_lifecycle, usual_interval2};
    use chrono::NaiveDate;
    use proptest::prelude::*;
    use rusqlite::Connection;

    use super::*;

    /// The stage the SQL expression gives for these order dates as of `today`.
    fn sql_stage(conn: &Connection, dates: &[NaiveDate], today: NaiveDate) -> Option<String> {
        let mut d = dates.to_vec();
        d.sort_unstable();
        d.dedup();
        conn.execute("DELETE FROM customer_rhythm", []).unwrap();
        if let (Some(first), Some(last)) = (d.first(), d.last()) {
            conn.execute(
                "INSERT INTO customer_rhythm VALUES ('c', ?1, ?2, ?3)",
                rusqlite::params![first.to_string(), last.to_string(), usual_interval2(&d)],
            )
            .unwrap();
        }
        conn.query_row(
            &format!(
                "SELECT {} FROM (SELECT 1) LEFT JOIN customer_rhythm r",
                stage_sql(today, "r")
            ),
            [],
            |r| r.get(0),
        )
        .unwrap()
    }

    fn table() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE customer_rhythm (customer_id TEXT PRIMARY KEY, first_order TEXT NOT NULL,
             last_order TEXT NOT NULL, interval2 INTEGER) STRICT, WITHOUT ROWID;",
        )
        .unwrap();
        conn
    }

    #[test]
    fn the_edges_of_each_stage() {
        let conn = table();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let today = d("2026-12-01");
        // Every 30 days, last 45 days ago: exactly 1.5 × is not yet at risk.
        let every30 = [d("2026-08-18"), d("2026-09-17"), d("2026-10-17")];
        assert_eq!(sql_stage(&conn, &every30, today).as_deref(), Some("active"));
        assert_eq!(
            sql_stage(&conn, &every30, d("2026-12-02")).as_deref(),
            Some("at_risk")
        );
        // 90 days after 30: exactly 3 × is at risk, one more day lost.
        assert_eq!(
            sql_stage(&conn, &every30, d("2027-01-15")).as_deref(),
            Some("at_risk")
        );
        assert_eq!(
            sql_stage(&conn, &every30, d("2027-01-16")).as_deref(),
            Some("lost")
        );
        // One order: new within 90 days, active until 365, then lost.
        let once = [d("2026-09-02")];
        assert_eq!(sql_stage(&conn, &once, today).as_deref(), Some("new"));
        assert_eq!(
            sql_stage(&conn, &once, d("2027-09-02")).as_deref(),
            Some("active")
        );
        assert_eq!(
            sql_stage(&conn, &once, d("2027-09-03")).as_deref(),
            Some("lost")
        );
        assert_eq!(sql_stage(&conn, &[], today), None);
    }

    proptest! {
        #[test]
        fn sql_and_core_state_one_rule(
            offsets in prop::collection::vec(0i64..900, 0..12),
            ahead in 0i64..900,
        ) {
            let conn = table();
            let base = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
            let dates: Vec<NaiveDate> =
                offsets.iter().map(|o| base + chrono::Duration::days(*o)).collect();
            let today = base + chrono::Duration::days(offsets.iter().copied().max().unwrap_or(0) + ahead);
            let core = computed_lifecycle(&dates, today).map(|c| c.stage.as_str().to_owned());
            prop_assert_eq!(sql_stage(&conn, &dates, today), core);
        }
    }
}
