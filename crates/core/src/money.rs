//! Money: parsing user-entered amounts, the currency table, and Chainbook's one rounding rule.
//!
//! **The rounding rule.** Every money amount is a `rust_decimal::Decimal`, never a float. When an
//! amount must be rounded it is rounded to the currency's minor unit (CNY/USD/EUR 2 places,
//! JPY/KRW 0, KWD 3, from ISO 4217) half away from zero (四舍五入): 2.345 → 2.35,
//! −2.345 → −2.35. [`round`] is the only place that rounds money; totals are sums of rounded parts.
//!
//! Amounts cross every boundary (IPC, SQLite, sync) as plain decimal strings such as `"1234.50"`.

use std::str::FromStr;

use iso_currency::Currency;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::error::{ErrorCode, ValidationError};

/// The largest amount Chainbook accepts in a single money field (one trillion minus a cent):
/// far above any small business's figures, far below `Decimal`'s limits so sums cannot overflow.
pub fn max_amount() -> Decimal {
    Decimal::new(99_999_999_999_999, 2)
}

/// Normalises and checks an ISO 4217 code (`cny` → `CNY`).
pub fn parse_currency(field: &'static str, code: &str) -> Result<String, ValidationError> {
    let c = code.trim().to_ascii_uppercase();
    if c.is_empty() {
        return Err(ValidationError::new(
            ErrorCode::Required,
            field,
            "a currency is required",
        ));
    }
    match Currency::from_code(&c) {
        Some(_) => Ok(c),
        None => Err(ValidationError::new(
            ErrorCode::InvalidCurrency,
            field,
            format!("{c} is not an ISO 4217 currency code"),
        )),
    }
}

/// Decimal places of the currency's minor unit; 2 when ISO 4217 defines none (e.g. XAU).
pub fn minor_unit(currency: &str) -> u32 {
    Currency::from_code(currency)
        .and_then(|c| c.exponent())
        .map(u32::from)
        .unwrap_or(2)
}

/// The one rounding rule: to the currency's minor unit, half away from zero.
pub fn round(amount: Decimal, currency: &str) -> Decimal {
    amount.round_dp_with_strategy(minor_unit(currency), RoundingStrategy::MidpointAwayFromZero)
}

/// Parses a non-negative amount typed by the user, read as people type it
/// ([`crate::number::plain_number`]: `¥1,234.50`, full-width digits). Exponents, `NaN`, `inf`,
/// ambiguous separators and more decimals than the currency allows are rejected rather than
/// guessed at. An empty string is zero.
pub fn parse_non_negative_amount(
    field: &'static str,
    input: &str,
    currency: &str,
) -> Result<Decimal, ValidationError> {
    let places = minor_unit(currency);
    let value = parse_non_negative_decimal(field, input, places).map_err(|e| {
        if e.code == ErrorCode::TooManyDecimals {
            ValidationError::new(
                e.code,
                field,
                format!("{currency} allows at most {places} decimal places"),
            )
        } else {
            e
        }
    })?;
    // Canonical form: no sign on zero, at least the currency's places (so "5" shows as "5.00").
    let mut v = value;
    if v.scale() < places {
        v.rescale(places);
    }
    Ok(v)
}

/// Parses a non-negative plain decimal with at most `places` decimal places (the rules of
/// [`parse_non_negative_amount`] without a currency: used for percentages). Returns it
/// normalised (no trailing zeros, no sign on zero).
pub fn parse_non_negative_decimal(
    field: &'static str,
    input: &str,
    places: u32,
) -> Result<Decimal, ValidationError> {
    let typed = crate::number::plain_number(input);
    let s = match typed.as_str() {
        "" => "0",
        s => s,
    };
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let plain = !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && !(body.contains('.') && frac.is_empty());
    if !plain || int.len() > 20 || frac.len() > 20 {
        return Err(ValidationError::new(
            ErrorCode::InvalidDecimal,
            field,
            format!("{s:?} is not a plain decimal number"),
        ));
    }
    let value = Decimal::from_str(s).map_err(|_| {
        ValidationError::new(ErrorCode::InvalidDecimal, field, "not a decimal number")
    })?;
    if value.is_sign_negative() && !value.is_zero() {
        return Err(ValidationError::new(
            ErrorCode::Negative,
            field,
            "must not be negative",
        ));
    }
    if frac.trim_end_matches('0').len() > places as usize {
        return Err(ValidationError::new(
            ErrorCode::TooManyDecimals,
            field,
            format!("at most {places} decimal places"),
        ));
    }
    if value > max_amount() {
        return Err(ValidationError::new(
            ErrorCode::OutOfRange,
            field,
            "amount is too large",
        ));
    }
    Ok(value.abs().normalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str, cur: &str) -> Result<String, ErrorCode> {
        parse_non_negative_amount("credit_limit", s, cur)
            .map(|d| d.to_string())
            .map_err(|e| e.code)
    }

    #[test]
    fn plain_amounts() {
        assert_eq!(p("0", "CNY"), Ok("0.00".into()));
        assert_eq!(p("", "CNY"), Ok("0.00".into()));
        assert_eq!(p(" 1234.5 ", "CNY"), Ok("1234.50".into()));
        assert_eq!(p("50000", "USD"), Ok("50000.00".into()));
        assert_eq!(p("50000", "JPY"), Ok("50000".into()));
        assert_eq!(p("1.230", "CNY"), Ok("1.23".into()));
        assert_eq!(p("-0", "CNY"), Ok("0.00".into()));
        assert_eq!(p("0.125", "KWD"), Ok("0.125".into()));
    }

    #[test]
    fn amounts_as_people_type_them() {
        assert_eq!(p("１２", "CNY"), Ok("12.00".into()));
        assert_eq!(p("1,000.50", "CNY"), Ok("1000.50".into()));
        assert_eq!(p("1 000", "CNY"), Ok("1000.00".into()));
        assert_eq!(p("¥1,200", "CNY"), Ok("1200.00".into()));
        assert_eq!(p("25元", "CNY"), Ok("25.00".into()));
        assert_eq!(p("$3.5", "USD"), Ok("3.50".into()));
        assert_eq!(p("-¥5", "CNY"), Err(ErrorCode::Negative));
    }

    #[test]
    fn rejects_what_is_not_plain() {
        for bad in [
            "1e309", "1E5", "NaN", "nan", "inf", "-inf", "1,5", "1,0000", "1.", ".5", "abc",
            "１,２", "--1", "0x10", "¥¥1", "1.000,50",
        ] {
            assert_eq!(p(bad, "CNY"), Err(ErrorCode::InvalidDecimal), "{bad}");
        }
    }

    #[test]
    fn rejects_negative_and_too_precise_and_huge() {
        assert_eq!(p("-0.01", "CNY"), Err(ErrorCode::Negative));
        assert_eq!(p("1.001", "CNY"), Err(ErrorCode::TooManyDecimals));
        assert_eq!(p("1.5", "JPY"), Err(ErrorCode::TooManyDecimals));
        assert_eq!(p("1000000000000", "CNY"), Err(ErrorCode::OutOfRange));
        assert_eq!(p("999999999999.99", "CNY"), Ok("999999999999.99".into()));
        assert_eq!(
            p("99999999999999999999999", "CNY"),
            Err(ErrorCode::InvalidDecimal)
        );
    }

    #[test]
    fn currencies() {
        assert_eq!(parse_currency("currency", " cny ").unwrap(), "CNY");
        assert_eq!(
            parse_currency("currency", "XYZ").unwrap_err().code,
            ErrorCode::InvalidCurrency
        );
        assert_eq!(
            parse_currency("currency", "").unwrap_err().code,
            ErrorCode::Required
        );
        assert_eq!(minor_unit("JPY"), 0);
        assert_eq!(minor_unit("CNY"), 2);
        assert_eq!(minor_unit("KWD"), 3);
    }

    #[test]
    fn rounding_is_half_away_from_zero_to_the_minor_unit() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(round(d("2.345"), "CNY"), d("2.35"));
        assert_eq!(round(d("-2.345"), "CNY"), d("-2.35"));
        assert_eq!(round(d("2.344"), "USD"), d("2.34"));
        assert_eq!(round(d("2.5"), "JPY"), d("3"));
        assert_eq!(round(d("-2.5"), "JPY"), d("-3"));
        assert_eq!(round(d("1.0005"), "KWD"), d("1.001"));
    }
}
