//! Paging and the small builder behind every filtered list: the `WHERE` clauses and their
//! arguments, the count, and the page window.

use chainbook_core::{ErrorCode, ValidationError};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection, Row};

use crate::Result;

/// The largest page a list serves.
pub const PAGE_SIZE_MAX: u32 = 500;

/// One page of results and the total count behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u32,
    pub page_size: u32,
}

impl<T> Page<T> {
    /// An empty page of a list of `total` rows (a page past the end).
    pub(crate) fn empty(total: u64, page: u32, page_size: u32) -> Page<T> {
        Page {
            items: Vec::new(),
            total,
            page,
            page_size,
        }
    }
}

/// Refuses page sizes a list would never ask for (0, or more than [`PAGE_SIZE_MAX`]).
pub(crate) fn check_page_size(size: u32) -> Result<()> {
    if size == 0 || size > PAGE_SIZE_MAX {
        return Err(ValidationError::new(
            ErrorCode::InvalidArgument,
            "page_size",
            format!("page size must be 1..={PAGE_SIZE_MAX}"),
        )
        .into());
    }
    Ok(())
}

/// The first row of 0-based page `page` of `size` rows.
pub(crate) fn offset(page: u32, size: u32) -> u64 {
    u64::from(page) * u64::from(size)
}

/// A `LIKE … ESCAPE '\'` pattern matching `search` anywhere, or `None` for a blank search.
pub(crate) fn like_pattern(search: Option<&str>) -> Option<String> {
    let s = search.map(str::trim).filter(|s| !s.is_empty())?;
    Some(format!(
        "%{}%",
        s.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    ))
}

/// A list's filter as SQL: `AND`-ed clauses with their `?` arguments in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Filter {
    clauses: Vec<String>,
    args: Vec<SqlValue>,
}

impl Filter {
    /// Starts with a clause without arguments (usually the live-rows test, `o.deleted = 0`).
    pub(crate) fn new(first: &str) -> Filter {
        Filter {
            clauses: vec![first.to_owned()],
            args: Vec::new(),
        }
    }

    /// A clause with its arguments.
    pub(crate) fn and(
        &mut self,
        clause: impl Into<String>,
        args: impl IntoIterator<Item = SqlValue>,
    ) -> &mut Filter {
        self.clauses.push(clause.into());
        self.args.extend(args);
        self
    }

    /// `col = ?` when `value` is given.
    pub(crate) fn eq(&mut self, col: &str, value: Option<impl Into<String>>) -> &mut Filter {
        if let Some(v) = value {
            self.and(format!("{col} = ?"), [SqlValue::Text(v.into())]);
        }
        self
    }

    /// `col IN (?, …)` when `values` is not empty.
    pub(crate) fn any_of(
        &mut self,
        col: &str,
        values: impl IntoIterator<Item = String>,
    ) -> &mut Filter {
        let values: Vec<SqlValue> = values.into_iter().map(SqlValue::Text).collect();
        if !values.is_empty() {
            let marks = vec!["?"; values.len()].join(", ");
            self.and(format!("{col} IN ({marks})"), values);
        }
        self
    }

    /// Any of `cols` contains `search` (case-insensitive for Latin text), when it is not blank.
    pub(crate) fn contains(&mut self, cols: &[&str], search: Option<&str>) -> &mut Filter {
        if let Some(pat) = like_pattern(search) {
            let test: Vec<String> = cols
                .iter()
                .map(|c| format!("{c} LIKE ? ESCAPE '\\'"))
                .collect();
            self.and(
                format!("({})", test.join(" OR ")),
                cols.iter().map(|_| SqlValue::Text(pat.clone())),
            );
        }
        self
    }

    /// Adds another filter's clauses and arguments after these.
    pub(crate) fn extend(&mut self, other: Filter) -> &mut Filter {
        self.clauses.extend(other.clauses);
        self.args.extend(other.args);
        self
    }

    /// The clauses joined with `AND`.
    pub(crate) fn sql(&self) -> String {
        self.clauses.join(" AND ")
    }

    pub(crate) fn args(&self) -> &[SqlValue] {
        &self.args
    }

    /// Page `page` of `size` rows of a list of `total`: runs `sql` (this filter's `?`s, then
    /// `LIMIT ? OFFSET ?`) and maps each row with `map`.
    pub(crate) fn page<T>(
        &self,
        conn: &Connection,
        sql: &str,
        (page, size): (u32, u32),
        total: u64,
        map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Page<T>> {
        let items = conn
            .prepare_cached(sql)?
            .query_map(
                params_from_iter(self.page_args(size, offset(page, size))),
                map,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Page {
            items,
            total,
            page,
            page_size: size,
        })
    }

    /// The arguments followed by a page's `LIMIT ? OFFSET ?`.
    pub(crate) fn page_args(&self, limit: u32, offset: u64) -> Vec<SqlValue> {
        let mut all = self.args.clone();
        all.push(SqlValue::Integer(i64::from(limit)));
        all.push(SqlValue::Integer(offset.min(i64::MAX as u64) as i64));
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_and_arguments_stay_in_order() {
        let mut f = Filter::new("o.deleted = 0");
        f.eq("o.status", Some("draft"))
            .eq("o.customer_id", None::<String>)
            .any_of("o.channel", ["a".to_owned(), "b".to_owned()])
            .contains(&["o.sku", "o.name"], Some(" 5%_x "));
        assert_eq!(
            f.sql(),
            "o.deleted = 0 AND o.status = ? AND o.channel IN (?, ?) AND \
             (o.sku LIKE ? ESCAPE '\\' OR o.name LIKE ? ESCAPE '\\')"
        );
        let text = |s: &str| SqlValue::Text(s.into());
        assert_eq!(
            f.args(),
            [
                text("draft"),
                text("a"),
                text("b"),
                text("%5\\%\\_x%"),
                text("%5\\%\\_x%")
            ]
        );
        assert_eq!(
            f.page_args(50, 100)[5..],
            [SqlValue::Integer(50), SqlValue::Integer(100)]
        );
    }

    #[test]
    fn blank_search_and_empty_lists_add_nothing() {
        let mut f = Filter::new("1");
        f.contains(&["a"], Some("  ")).any_of("b", Vec::new());
        assert_eq!(f.sql(), "1");
        assert!(f.args().is_empty());
    }

    #[test]
    fn page_sizes_outside_the_range_are_refused() {
        assert!(check_page_size(0).is_err());
        assert!(check_page_size(PAGE_SIZE_MAX + 1).is_err());
        assert!(check_page_size(PAGE_SIZE_MAX).is_ok());
    }
}
