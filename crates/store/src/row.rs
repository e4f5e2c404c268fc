//! Reading typed values out of a result row by column index, so a query maps straight into
//! its record type instead of through positional arrays of strings. Stored text that does not
//! parse (a damaged or foreign database) becomes [`crate::StoreError::Corrupt`] naming the
//! column, never a panic.

use std::str::FromStr;

use chainbook_core::product::Qty;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Type;
use rusqlite::Row;
use rust_decimal::Decimal;
use uuid::Uuid;

/// Why a stored value could not be read back (carried inside rusqlite's conversion error).
#[derive(Debug)]
pub(crate) struct BadValue {
    pub column: String,
    pub value: String,
}

impl std::fmt::Display for BadValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "column {} holds {:?}", self.column, self.value)
    }
}

impl std::error::Error for BadValue {}

/// Typed getters on a row. Optional getters read the empty string as `None`, as optional
/// text columns store it.
pub(crate) trait RowExt {
    /// The column's text parsed by `parse`.
    fn parsed<T>(&self, i: usize, parse: impl FnOnce(&str) -> Option<T>) -> rusqlite::Result<T>;

    /// Like [`RowExt::parsed`], with empty text as `None`.
    fn opt_parsed<T>(
        &self,
        i: usize,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> rusqlite::Result<Option<T>>;

    fn uuid(&self, i: usize) -> rusqlite::Result<Uuid> {
        self.parsed(i, |s| Uuid::try_parse(s).ok())
    }

    fn opt_uuid(&self, i: usize) -> rusqlite::Result<Option<Uuid>> {
        self.opt_parsed(i, |s| Uuid::try_parse(s).ok())
    }

    /// A stored RFC 3339 time.
    fn time(&self, i: usize) -> rusqlite::Result<DateTime<Utc>> {
        self.parsed(i, parse_time)
    }

    fn opt_time(&self, i: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
        self.opt_parsed(i, parse_time)
    }

    /// A stored `YYYY-MM-DD` date.
    fn date(&self, i: usize) -> rusqlite::Result<NaiveDate> {
        self.parsed(i, |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
    }

    fn opt_date(&self, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
        self.opt_parsed(i, |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
    }

    /// An exact decimal stored as text.
    fn decimal(&self, i: usize) -> rusqlite::Result<Decimal> {
        self.parsed(i, |s| Decimal::from_str(s).ok())
    }

    fn opt_decimal(&self, i: usize) -> rusqlite::Result<Option<Decimal>> {
        self.opt_parsed(i, |s| Decimal::from_str(s).ok())
    }

    /// A quantity in thousandths.
    fn qty(&self, i: usize) -> rusqlite::Result<Qty>;

    /// A 0/1 flag.
    fn flag(&self, i: usize) -> rusqlite::Result<bool>;

    /// JSON text.
    fn json<T: serde::de::DeserializeOwned>(&self, i: usize) -> rusqlite::Result<T> {
        self.parsed(i, |s| serde_json::from_str(s).ok())
    }
}

fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn bad(row: &Row<'_>, i: usize, value: &str) -> rusqlite::Error {
    let column = row
        .as_ref()
        .column_name(i)
        .map(str::to_owned)
        .unwrap_or_else(|_| i.to_string());
    rusqlite::Error::FromSqlConversionFailure(
        i,
        Type::Text,
        Box::new(BadValue {
            column,
            value: value.chars().take(80).collect(),
        }),
    )
}

impl RowExt for Row<'_> {
    fn parsed<T>(&self, i: usize, parse: impl FnOnce(&str) -> Option<T>) -> rusqlite::Result<T> {
        let s: String = self.get(i)?;
        parse(&s).ok_or_else(|| bad(self, i, &s))
    }

    fn opt_parsed<T>(
        &self,
        i: usize,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> rusqlite::Result<Option<T>> {
        let s: Option<String> = self.get(i)?;
        match s.as_deref() {
            None | Some("") => Ok(None),
            Some(v) => parse(v).map(Some).ok_or_else(|| bad(self, i, v)),
        }
    }

    fn qty(&self, i: usize) -> rusqlite::Result<Qty> {
        Ok(Qty(self.get(i)?))
    }

    fn flag(&self, i: usize) -> rusqlite::Result<bool> {
        let v: i64 = self.get(i)?;
        match v {
            0 => Ok(false),
            1 => Ok(true),
            other => Err(bad(self, i, &other.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::StoreError;
    use rusqlite::Connection;

    #[test]
    fn typed_values_and_empty_text_as_none() {
        let c = Connection::open_in_memory().unwrap();
        let (id, t, d, dec, none, flag) = c
            .query_row(
                "SELECT '0190b4c2-0000-7000-8000-000000000001', '2026-01-02T03:04:05.006Z',
                    '2026-01-02', '12.50', '', 1",
                [],
                |r| {
                    Ok((
                        r.uuid(0)?,
                        r.time(1)?,
                        r.date(2)?,
                        r.decimal(3)?,
                        r.opt_date(4)?,
                        r.flag(5)?,
                    ))
                },
            )
            .unwrap();
        assert_eq!(id.to_string(), "0190b4c2-0000-7000-8000-000000000001");
        assert_eq!(t.timestamp_millis() % 1000, 6);
        assert_eq!(d.to_string(), "2026-01-02");
        assert_eq!(dec.to_string(), "12.50");
        assert_eq!(none, None);
        assert!(flag);
    }

    #[test]
    fn damaged_text_is_a_corrupt_error_naming_the_column() {
        let c = Connection::open_in_memory().unwrap();
        let e: StoreError = c
            .query_row("SELECT 'not a date' AS ordered_on", [], |r| r.date(0))
            .unwrap_err()
            .into();
        match e {
            StoreError::Corrupt(m) => assert!(m.contains("ordered_on"), "{m}"),
            other => panic!("{other:?}"),
        }
    }
}
