//! Upgrade fixtures on disk: `tests/fixtures/schema-NN.sql.gz`, a gzipped SQL dump of a
//! database at schema NN (its schema as the migrations to NN left it, then its rows, then its
//! indexes and triggers, so loading does not run the triggers twice), and `schema-NN.json`,
//! the figures an upgrade must keep (see [`Manifest`]).
//!
//! How a fixture is made ([`generate`], run by `cargo xtask fixtures`): the migrations of this
//! build up to NN on a fresh file, the rows of [`super::data`] written with SQL into the
//! tables and columns NN has, then the derived tables filled as NN's writes kept them
//! (`chainbook_store::fill_derived_at_version`). Building each version's own commit was not
//! done: see docs/reliability.md, "Upgrades".

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chainbook_core::order::{totals, LineMoneyDraft};
use rusqlite::types::Value;
use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::data::Gen;

pub const SEED: u64 = 21;

pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn dump_path(version: u32) -> PathBuf {
    dir().join(format!("schema-{version:02}.sql.gz"))
}

pub fn manifest_path(version: u32) -> PathBuf {
    dir().join(format!("schema-{version:02}.json"))
}

/// What an upgrade must keep, read from the fixture when it was made.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub version: u32,
    pub made_by: String,
    /// Rows per table, for every table but the derived ones and SQLite's own.
    pub rows: BTreeMap<String, i64>,
    /// Each live order's net, tax and gross, summed from its lines by the money rules.
    pub order_totals: BTreeMap<String, [String; 3]>,
    /// Each product's stock on hand (thousandths), its movements summed.
    pub stock_milli: BTreeMap<String, i64>,
    /// `table.column` → the sum of that money column.
    pub money: BTreeMap<String, String>,
}

/// Money columns summed into [`Manifest::money`], where the version has them.
const MONEY: &[(&str, &str)] = &[
    ("customers", "credit_limit"),
    ("products", "price"),
    ("products", "cost"),
    ("supplies", "price"),
    ("po_lines", "unit_price"),
    ("so_lines", "unit_price"),
    ("complaints", "compensation"),
];

/// Tables a manifest does not count: derived (rebuilt, not kept) and SQLite's own.
pub fn counted(table: &str) -> bool {
    let derived = chainbook_store::registry::DERIVED
        .iter()
        .flat_map(|d| d.tables())
        .any(|t| table == *t || table.starts_with(&format!("{t}_")));
    !derived && !table.starts_with("sqlite_")
}

fn tables(conn: &Connection) -> Vec<String> {
    conn.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn has_column(conn: &Connection, table: &str, column: &str) -> bool {
    conn.query_row(
        &format!("SELECT count(*) FROM pragma_table_info('{table}') WHERE name = ?1"),
        [column],
        |r| r.get::<_, i64>(0),
    )
    .unwrap()
        > 0
}

/// The figures of the database `conn` has open, read with SQL and the money rules (never
/// through the store, whose reads are what an upgrade test checks against them).
pub fn figures(conn: &Connection, version: u32, made_by: &str) -> Manifest {
    let one = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    let rows = tables(conn)
        .into_iter()
        .filter(|t| counted(t))
        .map(|t| {
            let n = one(&format!("SELECT count(*) FROM \"{t}\""));
            (t, n)
        })
        .collect();
    let all = tables(conn);
    let mut order_totals = BTreeMap::new();
    if all.iter().any(|t| t == "so_lines") {
        let mut lines: BTreeMap<String, Vec<_>> = BTreeMap::new();
        let mut stmt = conn
            .prepare(
                "SELECT l.order_id, l.qty_milli, l.unit_price, l.discount_pct, l.tax_rate_pct, o.currency
                 FROM so_lines l JOIN sales_orders o ON o.id = l.order_id
                 WHERE l.deleted = 0 AND o.deleted = 0",
            )
            .unwrap();
        let mut q = stmt.query([]).unwrap();
        while let Some(r) = q.next().unwrap() {
            let qty = Decimal::new(r.get(1).unwrap(), 3).normalize();
            let currency: String = r.get(5).unwrap();
            let amounts = LineMoneyDraft {
                quantity: qty.to_string(),
                unit_price: r.get(2).unwrap(),
                discount_pct: r.get(3).unwrap(),
                tax_rate_pct: r.get(4).unwrap(),
            }
            .validate(&currency)
            .expect("a fixture line is valid")
            .amounts(&currency);
            lines.entry(r.get(0).unwrap()).or_default().push(amounts);
        }
        for (order, lines) in lines {
            let t = totals(&lines);
            order_totals.insert(order, [t.net, t.tax, t.gross].map(|d| d.to_string()));
        }
    }
    let mut stock_milli = BTreeMap::new();
    if all.iter().any(|t| t == "products") {
        let mut stmt = conn
            .prepare(
                "SELECT p.id, coalesce(sum(m.qty_milli), 0) FROM products p
                 LEFT JOIN stock_movements m ON m.product_id = p.id AND m.deleted = 0
                 GROUP BY p.id",
            )
            .unwrap();
        let mut q = stmt.query([]).unwrap();
        while let Some(r) = q.next().unwrap() {
            stock_milli.insert(r.get(0).unwrap(), r.get(1).unwrap());
        }
    }
    let mut money = BTreeMap::new();
    for (table, column) in MONEY {
        if !all.iter().any(|t| t == table) {
            continue;
        }
        let values: Vec<String> = conn
            .prepare(&format!(
                "SELECT {column} FROM {table} WHERE {column} <> ''"
            ))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let sum: Decimal = values
            .iter()
            .map(|v| v.parse::<Decimal>().expect("stored money parses"))
            .sum();
        money.insert(format!("{table}.{column}"), sum.to_string());
    }
    Manifest {
        version,
        made_by: made_by.to_owned(),
        rows,
        order_totals,
        stock_milli,
        money,
    }
}

fn literal(v: &Value) -> String {
    match v {
        Value::Null => "NULL".into(),
        Value::Integer(n) => n.to_string(),
        Value::Real(f) => format!("{f:?}"),
        Value::Text(s) => format!("'{}'", s.replace('\'', "''")),
        Value::Blob(b) => format!(
            "X'{}'",
            b.iter().map(|x| format!("{x:02X}")).collect::<String>()
        ),
    }
}

/// A SQL dump of the database: its version, each table with its rows (an FTS5 table's
/// through its columns, not its shadow tables), then indexes and triggers.
pub fn dump(conn: &Connection) -> String {
    let version: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    let schema: Vec<(String, String, String)> = conn
        .prepare("SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY rowid")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let virtual_tables: Vec<&str> = schema
        .iter()
        .filter(|(_, _, sql)| sql.starts_with("CREATE VIRTUAL TABLE"))
        .map(|(_, name, _)| name.as_str())
        .collect();
    // FTS5's shadow tables (a virtual table may itself be named like one's prefix).
    let shadow = |name: &str| {
        virtual_tables.iter().any(|v| {
            ["data", "idx", "content", "docsize", "config"]
                .iter()
                .any(|s| name == format!("{v}_{s}"))
        })
    };
    let mut out = format!("PRAGMA user_version = {version};\nBEGIN;\n");
    let mut later = String::new();
    for (kind, name, sql) in &schema {
        if name.starts_with("sqlite_") || shadow(name) {
            continue;
        }
        if kind != "table" {
            later.push_str(&format!("{sql};\n"));
            continue;
        }
        out.push_str(&format!("{sql};\n"));
        let virtual_table = virtual_tables.contains(&name.as_str());
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{name}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let (select, into) = if virtual_table {
            (
                format!(
                    "SELECT rowid, {} FROM \"{name}\" ORDER BY rowid",
                    columns.join(", ")
                ),
                format!("\"{name}\" (rowid, {})", columns.join(", ")),
            )
        } else {
            (format!("SELECT * FROM \"{name}\""), format!("\"{name}\""))
        };
        let mut stmt = conn.prepare(&select).unwrap();
        let n = stmt.column_count();
        let mut q = stmt.query([]).unwrap();
        while let Some(r) = q.next().unwrap() {
            let values: Vec<String> = (0..n)
                .map(|i| literal(&r.get::<_, Value>(i).unwrap()))
                .collect();
            out.push_str(&format!(
                "INSERT INTO {into} VALUES ({});\n",
                values.join(", ")
            ));
        }
    }
    out.push_str(&later);
    out.push_str("COMMIT;\n");
    out
}

/// Loads fixture `version` into a new database file at `path`.
pub fn load(version: u32, path: &Path) {
    let mut sql = String::new();
    flate2::read::GzDecoder::new(
        std::fs::File::open(dump_path(version))
            .unwrap_or_else(|e| panic!("fixture {version} (cargo xtask fixtures): {e}")),
    )
    .read_to_string(&mut sql)
    .unwrap();
    Connection::open(path).unwrap().execute_batch(&sql).unwrap();
}

pub fn manifest(version: u32) -> Manifest {
    serde_json::from_slice(&std::fs::read(manifest_path(version)).unwrap()).unwrap()
}

/// Makes fixture `version` and its manifest in `tests/fixtures`; returns the columns the
/// rows offered and those the version used.
pub fn generate(
    version: u32,
    offered: &mut Vec<(String, String)>,
    used: &mut Vec<(String, String)>,
) {
    let work = tempfile::tempdir().unwrap();
    let path = work.path().join("fixture.db");
    chainbook_store::create_schema_at_version(&path, version).unwrap();
    let mut conn = Connection::open(&path).unwrap();
    {
        let tx = conn.transaction().unwrap();
        let mut g = Gen::new(&tx, SEED);
        g.populate();
        offered.extend(g.offered.iter().cloned());
        used.extend(g.used.iter().cloned());
        drop(g);
        tx.commit().unwrap();
    }
    drop(conn);
    chainbook_store::fill_derived_at_version(&path, version).unwrap();
    let conn = Connection::open(&path).unwrap();
    let made_by = format!(
        "this build's migrations 1..={version} on a fresh file, rows written with SQL into the \
         tables and columns of schema {version} (crates/store/tests/it/upgrade/data.rs), \
         derived tables filled as schema {version} kept them"
    );
    let manifest = figures(&conn, version, &made_by);
    assert!(has_column(&conn, "device", "hlc_last"));
    let sql = dump(&conn);
    std::fs::create_dir_all(dir()).unwrap();
    let mut gz = flate2::GzBuilder::new().mtime(0).write(
        std::fs::File::create(dump_path(version)).unwrap(),
        flate2::Compression::best(),
    );
    gz.write_all(sql.as_bytes()).unwrap();
    gz.finish().unwrap();
    std::fs::write(
        manifest_path(version),
        serde_json::to_string_pretty(&manifest).unwrap() + "\n",
    )
    .unwrap();
}
