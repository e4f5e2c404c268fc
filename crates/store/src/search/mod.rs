//! Customer search as you type: one FTS5 row per live customer, rewritten in the same
//! transaction as every change to the customer or its contacts.
//!
//! The table uses SQLite's trigram tokenizer, so any substring of three or more characters is
//! an index lookup — Chinese included (「华为技」 in 「深圳华为技术有限公司」), case-insensitive
//! for Latin text. Columns: `name` (the customer's), `people` (contacts' names), `body` (code,
//! phones with and without separators, emails, place, owner, contacts' roles, phones, emails and
//! WeChat IDs), `pinyin` and `initials` (of the customer's and contacts' names, from
//! `chainbook_core::search_keys`). Queries shorter than three characters (「华为」, 「张伟」,
//! `hw`) cannot use trigrams; they scan only the short columns (`name`, `people`, `initials`)
//! with LIKE, which is what such queries are for.
//!
//! The rowid of a search row is the customer row's rowid, so joins are by integer key.
//!
//! - [`palette`]: the command palette's search over every kind of record (customers through
//!   this index, documents by number, products and suppliers by code and name).

use chainbook_core::search_keys::{phone_digits, pinyin_keys, short_tokens};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, OptionalExtension, Transaction};
use uuid::Uuid;

use crate::row::RowExt;
use crate::{Read, Result, Store};

pub mod palette;

pub(crate) const MIGRATION_2: &str = "
CREATE VIRTUAL TABLE customer_search USING fts5(
    customer_id UNINDEXED, name, people, body, pinyin, initials,
    tokenize = 'trigram'
);
-- One- and two-character tokens of names, contacts' names and initials (see short_tokens).
CREATE VIRTUAL TABLE customer_search_short USING fts5(
    tokens,
    tokenize = 'unicode61'
);
";

/// How many index matches are ranked for one query: enough for any useful result list, and a
/// bound on the work a very common query (「有限公司」) can cause.
const RANK_WINDOW: u32 = 500;

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub city: String,
    pub phone: String,
}

/// An FTS5 phrase for `q`: matched as a literal substring, whatever operators it contains.
pub(crate) fn phrase(q: &str) -> String {
    format!("\"{}\"", q.replace('"', "\"\""))
}

/// A phrase restricted to one column.
pub(crate) fn column_phrase(column: &str, q: &str) -> String {
    format!("{column} : {}", phrase(q))
}

/// `SELECT id, code, name` of live customers whose search row matches `?1` (an FTS5 query).
pub(crate) fn candidates_sql() -> &'static str {
    "SELECT c.id, c.code, c.name FROM customer_search s JOIN customers c ON c.rowid = s.rowid
     WHERE customer_search MATCH ?1 AND c.deleted = 0 LIMIT 10"
}

pub(crate) fn like_escape(q: &str) -> String {
    q.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

fn is_short(q: &str) -> bool {
    q.chars().count() < 3
}

/// The `WHERE` condition on `customer_search` that matches `q`, and its one argument (`?1`).
fn match_condition(q: &str) -> (&'static str, SqlValue) {
    if is_short(q) {
        (
            "rowid IN (SELECT rowid FROM customer_search_short WHERE customer_search_short MATCH ?1)",
            SqlValue::Text(phrase(&q.to_lowercase())),
        )
    } else {
        ("customer_search MATCH ?1", SqlValue::Text(phrase(q)))
    }
}

/// SQL selecting the rowids of live customers matching `q` (for list filters: a search row's
/// rowid is its customer's, and only live customers have one), and its arguments. The SQL uses
/// positional `?` so it can be embedded in a larger statement.
pub(crate) fn matching_rowids(q: &str) -> (String, Vec<SqlValue>) {
    if is_short(q) {
        // The short-token table shares the rowids (and is kept with the other): its matches
        // are the answer, without a lookup of each in `customer_search`.
        return (
            "SELECT rowid FROM customer_search_short WHERE customer_search_short MATCH ?".into(),
            vec![SqlValue::Text(phrase(&q.to_lowercase()))],
        );
    }
    let (cond, arg) = match_condition(q);
    let cond = cond.replace("?1", "?");
    let n = cond.matches('?').count();
    (
        format!("SELECT rowid FROM customer_search WHERE {cond}"),
        std::iter::repeat_n(arg, n).collect(),
    )
}

/// Rewrites the search row of one customer from its current data (removes it if deleted).
pub(crate) fn index_customer(tx: &Transaction<'_>, customer_id: &str) -> Result<()> {
    unindex_customer(tx, customer_id)?;
    let row = tx
        .query_row(
            "SELECT rowid, code, name, phone, email, province, city, owner FROM customers
             WHERE id = ?1 AND deleted = 0",
            [customer_id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    [
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?,
                        r.get::<_, String>(7)?,
                    ],
                ))
            },
        )
        .optional()?;
    let Some((rowid, [code, name, phone, email, province, city, owner])) = row else {
        return Ok(());
    };
    let mut people: Vec<String> = Vec::new();
    let mut body = vec![
        code,
        phone.clone(),
        phone_digits(&phone),
        email,
        province,
        city,
        owner,
    ];
    let (mut pinyin, mut initials) = pinyin_keys(&name);
    let mut stmt = tx.prepare_cached(
        "SELECT name, role, phone, email, wechat FROM contacts
         WHERE customer_id = ?1 AND deleted = 0 ORDER BY position",
    )?;
    let contacts = stmt.query_map([customer_id], |r| {
        Ok([
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ])
    })?;
    for c in contacts {
        let [cname, role, cphone, cemail, wechat] = c?;
        let (p, i) = pinyin_keys(&cname);
        pinyin.push(' ');
        pinyin.push_str(&p);
        initials.push(' ');
        initials.push_str(&i);
        let digits = phone_digits(&cphone);
        people.push(cname);
        body.extend([role, cphone, digits, cemail, wechat]);
    }
    body.retain(|s| !s.is_empty());
    let short = short_tokens(
        std::iter::once(name.as_str())
            .chain(people.iter().map(String::as_str))
            .chain(initials.split(' ')),
    );
    tx.execute(
        "INSERT INTO customer_search_short (rowid, tokens) VALUES (?1, ?2)",
        params![rowid, short],
    )?;
    tx.execute(
        "INSERT INTO customer_search (rowid, customer_id, name, people, body, pinyin, initials)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            rowid,
            customer_id,
            name,
            people.join(" | "),
            body.join(" | "),
            pinyin,
            initials
        ],
    )?;
    Ok(())
}

pub(crate) fn unindex_customer(tx: &Transaction<'_>, customer_id: &str) -> Result<()> {
    // Look the rowid up first: FTS5 only uses a rowid constraint that is a plain value, and a
    // sub-select there would make every delete scan the whole index.
    let rowid: Option<i64> = tx
        .query_row(
            "SELECT rowid FROM customers WHERE id = ?1",
            [customer_id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(rowid) = rowid {
        for table in ["customer_search", "customer_search_short"] {
            tx.execute(&format!("DELETE FROM {table} WHERE rowid = ?1"), [rowid])?;
        }
    }
    Ok(())
}

/// Indexes every live customer (the migration that introduced the index uses it).
pub(crate) fn rebuild_all(tx: &Transaction<'_>) -> Result<()> {
    tx.execute("DELETE FROM customer_search", [])?;
    tx.execute("DELETE FROM customer_search_short", [])?;
    let ids: Vec<String> = tx
        .prepare("SELECT id FROM customers WHERE deleted = 0")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        index_customer(tx, &id)?;
    }
    Ok(())
}

/// Search as you type.
pub struct Search<'a> {
    db: Read<'a>,
}

impl Store {
    pub fn search(&self) -> Search<'_> {
        Search { db: self.read() }
    }
}

impl Search<'_> {
    /// Customers matching `q` as typed: names (Chinese substrings, pinyin, initials), codes,
    /// contacts, phone fragments and emails. Best matches first: the name starting with `q`,
    /// then containing it, then pinyin/initials, then anything else; shorter names first.
    pub fn customers(&self, q: &str, limit: u32) -> Result<Vec<SearchHit>> {
        let q = q.trim();
        if q.is_empty() {
            return Ok(Vec::new());
        }
        let (cond, arg) = match_condition(q);
        let mut args = vec![arg];
        let prefix = format!("{}%", like_escape(q));
        let contains = format!("%{}%", like_escape(q));
        args.push(SqlValue::Text(prefix));
        args.push(SqlValue::Text(contains));
        args.push(SqlValue::Integer(i64::from(limit.min(100))));
        let sql = format!(
            // The window is taken straight from the index scan, so a common query stops after
            // RANK_WINDOW matches instead of collecting all of them first.
            // MATERIALIZED and CROSS JOIN keep the planner from driving the join from a
            // `customers` index instead of the search window.
            "WITH m AS MATERIALIZED (SELECT rowid, name, pinyin, initials FROM customer_search
                        WHERE {cond} LIMIT {RANK_WINDOW})
             SELECT c.id, c.code, c.name, c.city, c.phone FROM m CROSS JOIN customers c ON c.rowid = m.rowid
             WHERE c.deleted = 0
             ORDER BY CASE
                 WHEN m.name LIKE ?2 ESCAPE '\\' THEN 0
                 WHEN m.name LIKE ?3 ESCAPE '\\' THEN 1
                 WHEN m.initials LIKE ?2 ESCAPE '\\' OR m.pinyin LIKE ?2 ESCAPE '\\' THEN 2
                 WHEN m.initials LIKE ?3 ESCAPE '\\' OR m.pinyin LIKE ?3 ESCAPE '\\' THEN 3
                 ELSE 4 END,
               length(m.name), m.name
             LIMIT ?4"
        );
        let mut stmt = self.db.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| {
            Ok(SearchHit {
                id: r.uuid(0)?,
                code: r.get(1)?,
                name: r.get(2)?,
                city: r.get(3)?,
                phone: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
