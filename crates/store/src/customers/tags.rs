//! `customer_tags`: derived from `customers.tags` for fast tag filters, one row per tag of a
//! live customer carrying a copy of its filter columns, so a tag filter combined with column
//! filters is counted from this table alone. Never synced.

use rusqlite::Transaction;

use super::schema::TAG_FILTER_COLUMNS;
use crate::Result;

/// Rebuilds the tag rows of one customer from its row as just written (none when deleted).
pub(crate) fn rebuild(tx: &Transaction<'_>, customer_id: &str) -> Result<()> {
    tx.prepare_cached("DELETE FROM customer_tags WHERE customer_id = ?1")?
        .execute([customer_id])?;
    tx.prepare_cached(&format!(
        "INSERT OR IGNORE INTO customer_tags (tag, customer_id, {TAG_FILTER_COLUMNS})
         SELECT j.value, c.id, {TAG_FILTER_COLUMNS} FROM customers c, json_each(c.tags) j
         WHERE c.id = ?1 AND c.deleted = 0"
    ))?
    .execute([customer_id])?;
    Ok(())
}

/// Rebuilds the tag rows of every customer (after a bulk load).
pub(crate) fn rebuild_all(tx: &Transaction<'_>) -> Result<()> {
    tx.execute("DELETE FROM customer_tags", [])?;
    tx.execute(
        &format!(
            "INSERT OR IGNORE INTO customer_tags (tag, customer_id, {TAG_FILTER_COLUMNS})
             SELECT j.value, c.id, {TAG_FILTER_COLUMNS} FROM customers c, json_each(c.tags) j
             WHERE c.deleted = 0 ORDER BY c.rowid"
        ),
        [],
    )?;
    Ok(())
}
