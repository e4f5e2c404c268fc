//! Cell values as spreadsheets hold them, made plain: dates in the many ways people write
//! them, and numbers with decimal commas, thousands separators, currency symbols and
//! full-width digits. The results are what core's validation takes (`YYYY-MM-DD`, plain
//! decimals), so every rule about the value itself stays there.

use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use chainbook_core::{ErrorCode, ValidationError};

/// How to read `05/03/2024`: day first (05 = day) or month first (05 = month).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayMonth {
    #[default]
    DayFirst,
    MonthFirst,
}

/// Which mark separates the decimals when a number could be read either way (`1,234`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecimalMark {
    /// A point; a lone comma followed by other than three digits is a decimal comma.
    #[default]
    Point,
    /// A comma (`1.234,5`); points are thousands separators.
    Comma,
}

pub use chainbook_core::number::half_width;
use chainbook_core::number::{groups_of_three, CURRENCY_MARKS};

fn bad_date(field: &'static str) -> ValidationError {
    ValidationError::new(ErrorCode::InvalidDate, field, "not a date")
}

/// The first day Excel's 1900 date system counts from (serial 1 = 1900-01-01, with Lotus's
/// phantom 1900-02-29 at 60, so serials from 61 on count from 1899-12-30).
fn excel_epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1899, 12, 30).expect("a valid date")
}

/// The day of an Excel serial date (the time of day, a fraction, is dropped). Serials 1–60
/// fall before Lotus's phantom leap day and are refused: no business history is that old.
pub fn excel_serial_date(serial: f64) -> Option<NaiveDate> {
    if !serial.is_finite() || !(61.0..2_958_466.0).contains(&serial) {
        return None;
    }
    excel_epoch().checked_add_signed(Duration::days(serial.trunc() as i64))
}

/// A date as written in a cell: `2024-03-05`, `2024/3/5`, `2024.3.5`, `2024年3月5日`,
/// `20240305`, `05/03/2024` or `5-3-2024` (read with `order`), or an Excel serial number
/// (`45356`); a time after the date is ignored. Days that do not exist (`2025-02-30`) are
/// refused, never moved to the next month.
pub fn parse_date(
    field: &'static str,
    input: &str,
    order: DayMonth,
) -> Result<NaiveDate, ValidationError> {
    let s = half_width(input);
    let s = s.trim();
    // Drop a time of day: "2024-03-05 10:30", "2024-03-05T10:30:00Z".
    let s = s
        .split_once(['T', ' '])
        .filter(|(d, _)| d.len() >= 6)
        .map_or(s, |(d, _)| d);
    if s.is_empty() {
        return Err(bad_date(field));
    }
    if s.bytes().all(|b| b.is_ascii_digit()) && s.len() == 8 {
        let (y, m, d) = (&s[..4], &s[4..6], &s[6..]);
        return ymd(y, m, d).ok_or_else(|| bad_date(field));
    }
    if let Ok(serial) = s.parse::<f64>() {
        if s.len() <= 10 && !s.starts_with(['-', '+']) {
            return excel_serial_date(serial).ok_or_else(|| bad_date(field));
        }
    }
    let s = s.trim_end_matches('日');
    let parts: Vec<&str> = s
        .split(['-', '/', '.', '年', '月'])
        .map(str::trim)
        .collect();
    let [a, b, c] = parts.as_slice() else {
        return Err(bad_date(field));
    };
    let date = if a.len() == 4 {
        ymd(a, b, c)
    } else if c.len() == 4 {
        match order {
            DayMonth::DayFirst => ymd(c, b, a),
            DayMonth::MonthFirst => ymd(c, a, b),
        }
    } else {
        None
    };
    date.ok_or_else(|| bad_date(field))
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let digits = |s: &str, max: usize| {
        (!s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let y = digits(y, 4)?;
    if y < 1000 {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, digits(m, 2)?, digits(d, 2)?)
}

fn bad_number(field: &'static str) -> ValidationError {
    ValidationError::new(ErrorCode::InvalidDecimal, field, "not a number")
}

/// A number as written in a cell, as a plain decimal: `¥1,234.50`, `1.234,5` (with
/// [`DecimalMark::Comma`]), `1 234,5`, `１２３．４`, `(12.00)` for −12, `12%` for 12. An empty
/// cell is `None`.
pub fn parse_decimal(
    field: &'static str,
    input: &str,
    mark: DecimalMark,
) -> Result<Option<Decimal>, ValidationError> {
    let mut s = half_width(input).trim().to_owned();
    if s.is_empty() {
        return Ok(None);
    }
    let mut negative = false;
    if s.starts_with('(') && s.ends_with(')') {
        negative = true;
        s = s[1..s.len() - 1].trim().to_owned();
    }
    for m in CURRENCY_MARKS {
        if let Some(rest) = s.strip_prefix(m) {
            s = rest.trim().to_owned();
        }
        if let Some(rest) = s.strip_suffix(m) {
            s = rest.trim().to_owned();
        }
    }
    if let Some(rest) = s.strip_suffix('%') {
        s = rest.trim().to_owned();
    }
    if let Some(rest) = s.strip_prefix('-') {
        negative = !negative;
        s = rest.trim_start().to_owned();
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest.trim_start().to_owned();
    }
    // Spaces, non-breaking spaces and apostrophes only ever group thousands.
    s.retain(|c| !matches!(c, ' ' | '\u{A0}' | '\u{202F}' | '\'' | '_'));
    if s.is_empty()
        || !s
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return Err(bad_number(field));
    }
    let (points, commas) = (s.matches('.').count(), s.matches(',').count());
    let decimal = match (points, commas) {
        (0, 0) => None,
        (_, 0) if mark == DecimalMark::Comma && (points > 1 || groups_of_three(&s, '.')) => None,
        (1, 0) => Some('.'),
        (0, _) if mark == DecimalMark::Point && (commas > 1 || groups_of_three(&s, ',')) => None,
        (0, 1) => Some(','),
        (1, _) if s.rfind('.') > s.rfind(',') => Some('.'),
        (_, 1) if s.rfind(',') > s.rfind('.') => Some(','),
        _ => return Err(bad_number(field)),
    };
    let thousands = match decimal {
        Some('.') => ',',
        Some(_) => '.',
        None if commas > 0 => ',',
        None => '.',
    };
    let (int, frac) = match decimal {
        Some(d) => {
            let i = s.rfind(d).expect("the mark is in the text");
            (&s[..i], &s[i + 1..])
        }
        None => (s.as_str(), ""),
    };
    if int.contains(thousands) && !groups_of_three(int, thousands) {
        return Err(bad_number(field));
    }
    let int: String = int.chars().filter(|c| *c != thousands).collect();
    if int.is_empty() && frac.is_empty() || frac.contains(['.', ',']) || int.len() > 20 {
        return Err(bad_number(field));
    }
    let plain = format!(
        "{}{}{}{frac}",
        if negative { "-" } else { "" },
        if int.is_empty() { "0" } else { &int },
        if frac.is_empty() { "" } else { "." }
    );
    plain
        .parse::<Decimal>()
        .map(|d| Some(d.normalize()))
        .map_err(|_| bad_number(field))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn date(s: &str) -> Result<NaiveDate, ErrorCode> {
        parse_date("on", s, DayMonth::DayFirst).map_err(|e| e.code)
    }

    #[test]
    fn dates_in_the_usual_spellings() {
        for s in [
            "2024-03-05",
            "2024/3/5",
            "2024.03.05",
            "20240305",
            "2024年3月5日",
            "05/03/2024",
            "5-3-2024",
            " 2024-03-05 10:30 ",
            "2024-03-05T10:30:00Z",
            "２０２４/３/５",
            "45356",
            "45356.75",
        ] {
            assert_eq!(date(s), Ok(d(2024, 3, 5)), "{s}");
        }
        assert_eq!(
            parse_date("on", "03/05/2024", DayMonth::MonthFirst).unwrap(),
            d(2024, 3, 5)
        );
    }

    #[test]
    fn days_that_do_not_exist_are_refused() {
        for s in [
            "2025-02-30",
            "2025/2/29",
            "20250230",
            "31/04/2024",
            "2024-13-01",
            "2024-00-10",
            "",
            "yesterday",
            "2024-03",
            "1/2/3",
            "-45356",
            "12",
            "99999999999",
        ] {
            assert_eq!(date(s), Err(ErrorCode::InvalidDate), "{s}");
        }
        assert_eq!(date("2024-02-29"), Ok(d(2024, 2, 29)));
    }

    #[test]
    fn excel_serials_count_from_1899_12_30() {
        assert_eq!(excel_serial_date(61.0), Some(d(1900, 3, 1)));
        assert_eq!(excel_serial_date(45356.0), Some(d(2024, 3, 5)));
        assert_eq!(excel_serial_date(60.0), None);
        assert_eq!(excel_serial_date(f64::NAN), None);
    }

    fn num(s: &str, mark: DecimalMark) -> Result<Option<String>, ErrorCode> {
        parse_decimal("x", s, mark)
            .map(|v| v.map(|d| d.to_string()))
            .map_err(|e| e.code)
    }

    #[test]
    fn numbers_with_marks_signs_and_separators() {
        use DecimalMark::*;
        let ok = |s: &str, m, want: &str| assert_eq!(num(s, m), Ok(Some(want.into())), "{s}");
        ok("1234.5", Point, "1234.5");
        ok("1,234.50", Point, "1234.5");
        ok("¥1,234.50", Point, "1234.5");
        ok("￥ 12 元", Point, "12");
        ok("CNY 1,234,567", Point, "1234567");
        ok("1,234", Point, "1234");
        ok("12,5", Point, "12.5");
        ok("1.234,5", Point, "1234.5");
        ok("1.234,5", Comma, "1234.5");
        ok("1.234", Comma, "1234");
        ok("12,50", Comma, "12.5");
        ok("1 234,5", Comma, "1234.5");
        ok("１２３．４", Point, "123.4");
        ok("(12.00)", Point, "-12");
        ok("-3", Point, "-3");
        ok("15%", Point, "15");
        ok(".5", Point, "0.5");
        assert_eq!(num("  ", Point), Ok(None));
        for bad in [
            "abc", "1.2.3,4", "1,23,4.5", "12..5", "1e5", "NaN", "--1", "1,2,3",
        ] {
            assert_eq!(num(bad, Point), Err(ErrorCode::InvalidDecimal), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn never_panics_on_any_text(s in ".{0,40}") {
            let _ = parse_date("d", &s, DayMonth::DayFirst);
            let _ = parse_date("d", &s, DayMonth::MonthFirst);
            let _ = parse_decimal("x", &s, DecimalMark::Point);
            let _ = parse_decimal("x", &s, DecimalMark::Comma);
        }

        #[test]
        fn plain_decimals_read_back_as_themselves(int in 0u64..1_000_000_000, frac in 0u32..100) {
            let s = format!("{int}.{frac:02}");
            let want: Decimal = s.parse().unwrap();
            prop_assert_eq!(parse_decimal("x", &s, DecimalMark::Point).unwrap(), Some(want.normalize()));
        }
    }
}
