//! One row's value for one column, typed by the column's [`Kind`].

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::Value;

use crate::Column;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Text,
    /// A code shown by its label from the column's `values`.
    Choice,
    /// A list of texts or codes, joined with "、".
    List,
    Number,
    /// A decimal amount, with its currency's decimal places.
    Money,
    /// `YYYY-MM-DD`.
    Date,
    /// An RFC 3339 moment, shown in the machine's time zone.
    DateTime,
    /// `true`/`false`, shown by the labels of `values["true"]` and `values["false"]`.
    Flag,
}

/// A typed cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// An amount rounded to `decimals` places (the text keeps it exact for CSV).
    Money {
        value: Decimal,
        decimals: u32,
    },
    Date(NaiveDate),
    /// In the machine's time zone.
    DateTime(chrono::NaiveDateTime),
}

impl Cell {
    /// How the cell reads as CSV text.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Money { value, decimals } => format!("{value:.prec$}", prec = *decimals as usize),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::DateTime(t) => t.format("%Y-%m-%d %H:%M").to_string(),
        }
    }

    /// The amount of a money cell as a spreadsheet number.
    pub(crate) fn money_f64(value: &Decimal) -> f64 {
        value.to_f64().unwrap_or(0.0)
    }
}

/// The value at `path` (dotted) in `row`.
fn at<'a>(row: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(row, |v, k| match v {
        Value::Object(m) => m.get(k),
        Value::Array(a) => k.parse::<usize>().ok().and_then(|i| a.get(i)),
        _ => None,
    })
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// `row`'s cell for column `c`.
pub fn cell(row: &Value, c: &Column) -> Cell {
    let Some(v) = at(row, &c.key).filter(|v| !v.is_null()) else {
        return Cell::Empty;
    };
    let label = |code: String| c.values.get(&code).cloned().unwrap_or(code);
    match c.kind {
        Kind::Text => text(plain(v)),
        Kind::Choice => text(label(plain(v))),
        Kind::Flag => match v {
            Value::Bool(b) => text(label(b.to_string())),
            other => text(plain(other)),
        },
        Kind::List => match v {
            Value::Array(items) => text(
                items
                    .iter()
                    .map(|i| label(plain(i)))
                    .collect::<Vec<_>>()
                    .join("、"),
            ),
            other => text(label(plain(other))),
        },
        Kind::Number => match v {
            Value::Number(n) => n.as_f64().map_or(Cell::Empty, Cell::Number),
            Value::String(s) => s
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .map_or_else(|| text(s.clone()), Cell::Number),
            other => text(plain(other)),
        },
        Kind::Money => {
            let raw = plain(v);
            match raw.trim().parse::<Decimal>() {
                Ok(d) => {
                    let currency = c
                        .currency_key
                        .as_deref()
                        .and_then(|k| at(row, k))
                        .map(plain)
                        .or_else(|| c.currency.clone())
                        .unwrap_or_default();
                    let decimals = chainbook_core::money::minor_unit(&currency);
                    Cell::Money {
                        value: chainbook_core::money::round(d, &currency),
                        decimals,
                    }
                }
                Err(_) => text(raw),
            }
        }
        Kind::Date => {
            let s = plain(v);
            NaiveDate::parse_from_str(s.get(..10).unwrap_or(&s), "%Y-%m-%d")
                .map_or_else(|_| text(s), Cell::Date)
        }
        Kind::DateTime => {
            let s = plain(v);
            DateTime::parse_from_rfc3339(&s).map_or_else(
                |_| text(s),
                |t| {
                    Cell::DateTime(
                        t.with_timezone(&Utc)
                            .with_timezone(&chrono::Local)
                            .naive_local(),
                    )
                },
            )
        }
    }
}

fn text(s: String) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn col(key: &str, kind: Kind) -> Column {
        Column::new(key, key, kind)
    }

    #[test]
    fn money_takes_its_currency_decimals_from_the_row_or_the_column() {
        let mut c = col("total", Kind::Money);
        c.currency_key = Some("currency".into());
        let cny = json!({"total": "1234.5", "currency": "CNY"});
        let jpy = json!({"total": "1234.5", "currency": "JPY"});
        assert_eq!(
            cell(&cny, &c),
            Cell::Money {
                value: Decimal::new(123450, 2),
                decimals: 2
            }
        );
        assert_eq!(cell(&cny, &c).text(), "1234.50");
        assert_eq!(
            cell(&jpy, &c).text(),
            "1235",
            "half away from zero, no decimals"
        );
        let mut fixed = col("value.revenue", Kind::Money);
        fixed.currency = Some("USD".into());
        assert_eq!(
            cell(&json!({"value": {"revenue": "7"}}), &fixed).text(),
            "7.00"
        );
        assert_eq!(cell(&json!({"total": "n/a"}), &c), Cell::Text("n/a".into()));
    }

    #[test]
    fn choices_lists_and_flags_read_in_the_users_language() {
        let mut c = col("channel", Kind::Choice);
        c.values.insert("online".into(), "线上".into());
        assert_eq!(
            cell(&json!({"channel": "online"}), &c),
            Cell::Text("线上".into())
        );
        assert_eq!(
            cell(&json!({"channel": "新码"}), &c),
            Cell::Text("新码".into())
        );
        assert_eq!(cell(&json!({"channel": ""}), &c), Cell::Empty);
        let mut l = col("tags", Kind::List);
        l.values.insert("vip".into(), "大客户".into());
        assert_eq!(
            cell(&json!({"tags": ["vip", "重品质"]}), &l),
            Cell::Text("大客户、重品质".into())
        );
        let mut f = col("active", Kind::Flag);
        f.values.insert("true".into(), "是".into());
        assert_eq!(cell(&json!({"active": true}), &f), Cell::Text("是".into()));
        assert_eq!(
            cell(&json!({"active": false}), &f),
            Cell::Text("false".into())
        );
    }

    #[test]
    fn dates_numbers_and_missing_values() {
        assert_eq!(
            cell(&json!({"d": "2024-03-05"}), &col("d", Kind::Date)),
            Cell::Date(NaiveDate::from_ymd_opt(2024, 3, 5).unwrap())
        );
        assert_eq!(
            cell(&json!({"d": "2024-02-30"}), &col("d", Kind::Date)),
            Cell::Text("2024-02-30".into())
        );
        assert!(matches!(
            cell(
                &json!({"t": "2024-03-05T10:00:00.000Z"}),
                &col("t", Kind::DateTime)
            ),
            Cell::DateTime(_)
        ));
        assert_eq!(
            cell(&json!({"n": 3}), &col("n", Kind::Number)),
            Cell::Number(3.0)
        );
        assert_eq!(
            cell(&json!({"n": "2.5"}), &col("n", Kind::Number)),
            Cell::Number(2.5)
        );
        assert_eq!(
            cell(&json!({"n": null}), &col("n", Kind::Number)),
            Cell::Empty
        );
        assert_eq!(cell(&json!({}), &col("a.b.c", Kind::Text)), Cell::Empty);
        assert_eq!(
            cell(
                &json!({"r": [["2024-01-01", "5"]]}),
                &col("r.0.1", Kind::Text)
            ),
            Cell::Text("5".into())
        );
    }
}
