//! Which indexes the store's queries use: every statement the store ran during a benchmark
//! pass (recorded by `chainbook_store::diagnostics`) is planned with `EXPLAIN QUERY PLAN` on
//! each dataset, and the indexes named in any plan are the used ones. An index no plan names
//! costs every write and takes room in the file for nothing — unless it enforces a uniqueness
//! rule, which the report says.

use std::collections::BTreeSet;
use std::path::PathBuf;

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use crate::Result;

/// One index of the schema and whether any plan used it.
#[derive(Debug, Clone, Serialize)]
pub struct IndexUse {
    pub name: String,
    pub table: String,
    /// A `UNIQUE` index or a primary key's: needed for its rule even if no plan reads it.
    pub unique: bool,
    pub used: bool,
}

/// Plans every statement on every dataset and reports each index of the first dataset's schema.
pub fn audit_indexes(dbs: &[PathBuf], statements: &[String]) -> Result<Vec<IndexUse>> {
    let Some(first) = dbs.first() else {
        return Ok(Vec::new());
    };
    let mut used: BTreeSet<String> = BTreeSet::new();
    for db in dbs {
        let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        for sql in statements {
            // Statements that do not plan here (another dataset's tables, PRAGMAs) are skipped.
            let Ok(mut stmt) = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")) else {
                continue;
            };
            // Placeholders bound to NULL: the plan is chosen when the statement is prepared.
            let nulls = vec![rusqlite::types::Value::Null; stmt.parameter_count()];
            let Ok(rows) =
                stmt.query_map(rusqlite::params_from_iter(nulls), |r| r.get::<_, String>(3))
            else {
                continue;
            };
            for detail in rows.flatten() {
                if let Some(rest) = detail.split(" INDEX ").nth(1) {
                    if let Some(name) = rest.split_whitespace().next() {
                        used.insert(name.to_owned());
                    }
                }
            }
        }
    }
    let conn = Connection::open_with_flags(first, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut stmt = conn.prepare(
        "SELECT m.name, m.tbl_name,
                m.sql IS NULL OR m.sql LIKE 'CREATE UNIQUE%'
         FROM sqlite_schema m WHERE m.type = 'index' ORDER BY m.tbl_name, m.name",
    )?;
    let out = stmt
        .query_map([], |r| {
            let name: String = r.get(0)?;
            Ok(IndexUse {
                used: used.contains(&name),
                name,
                table: r.get(1)?,
                unique: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(out)
}
