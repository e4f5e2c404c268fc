//! A digest of everything a SQLite file holds, for "nothing was written": every table of the
//! main schema, every row and value, in one hash. A second, read-only connection takes it, so
//! it sees what was committed, whatever the writer's connection holds in its caches.

use std::hash::{Hash, Hasher};

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};

/// A read-only connection to `path` for [`digest`].
pub fn reader(path: &std::path::Path) -> Connection {
    Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .expect("open the database read-only")
}

/// The hash of every row of every table, skipping the `(table, column)`s in `ignore` (columns
/// a request may legitimately touch without storing anything it was sent, such as the time a
/// token was last used).
pub fn digest(conn: &Connection, ignore: &[(&str, &str)]) -> u64 {
    // `DefaultHasher::new()` has fixed keys: the same content gives the same digest.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("list tables");
    for table in tables {
        table.hash(&mut h);
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{}\"", table.replace('"', "\"\"")))
            .expect("read a table");
        let skip: Vec<bool> = stmt
            .column_names()
            .map(|c| ignore.contains(&(table.as_str(), c)))
            .collect();
        let mut rows = stmt.query([]).expect("read a table");
        while let Some(row) = rows.next().expect("read a row") {
            for (i, skipped) in skip.iter().enumerate() {
                if *skipped {
                    continue;
                }
                match row.get_ref(i).expect("read a value") {
                    ValueRef::Null => 0u8.hash(&mut h),
                    ValueRef::Integer(v) => (1u8, v).hash(&mut h),
                    ValueRef::Real(v) => (2u8, v.to_bits()).hash(&mut h),
                    ValueRef::Text(v) => (3u8, v).hash(&mut h),
                    ValueRef::Blob(v) => (4u8, v).hash(&mut h),
                }
            }
        }
    }
    h.finish()
}
