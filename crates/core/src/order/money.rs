//! Order money: a line's quantity, unit price, discount and tax rate, and the rounded figures
//! computed from them.
//!
//! For each line, in this order, with [`money::round`] (the one rounding rule: the currency's
//! minor unit, half away from zero):
//! - net = round(quantity × unit price × (1 − discount % / 100))
//! - tax = round(net × tax rate % / 100)
//! - gross = net + tax
//!
//! Order totals are sums of the rounded line figures, so a printed order always adds up. Totals
//! are computed from the lines whenever they are needed, never stored as the source of truth.

use rust_decimal::Decimal;

use crate::error::{ErrorCode, ValidationError};
use crate::money;
use crate::product::Qty;

/// The largest discount or tax rate, in percent.
const PERCENT_MAX: u32 = 100;

/// A line as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineMoneyDraft {
    pub quantity: String,
    pub unit_price: String,
    /// Percent, 0–100; empty means 0.
    pub discount_pct: String,
    /// Percent, 0–100; empty means 0.
    pub tax_rate_pct: String,
}

/// A validated line's money inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineMoney {
    pub quantity: Qty,
    pub unit_price: Decimal,
    pub discount_pct: Decimal,
    pub tax_rate_pct: Decimal,
}

/// A line's computed, rounded figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LineAmounts {
    pub net: Decimal,
    pub tax: Decimal,
    pub gross: Decimal,
}

/// An order's totals: sums of the rounded lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OrderTotals {
    pub net: Decimal,
    pub tax: Decimal,
    pub gross: Decimal,
}

pub(crate) fn parse_percent(field: &'static str, s: &str) -> Result<Decimal, ValidationError> {
    // Percentages allow up to 4 decimals (e.g. 12.5 %, 33.3333 %); the currency does not apply.
    let d = money::parse_non_negative_decimal(field, s, 4).map_err(|e| {
        if e.code == ErrorCode::Negative {
            ValidationError::new(ErrorCode::OutOfRange, field, "must be between 0 and 100")
        } else {
            e
        }
    })?;
    if d > Decimal::from(PERCENT_MAX) {
        return Err(ValidationError::new(
            ErrorCode::OutOfRange,
            field,
            "must be between 0 and 100",
        ));
    }
    Ok(d)
}

impl LineMoneyDraft {
    /// Checks quantity (> 0, at most 3 decimals), unit price (≥ 0, no more decimals than the
    /// currency allows), discount and tax rate (0–100 %).
    pub fn validate(&self, currency: &str) -> Result<LineMoney, ValidationError> {
        let quantity = Qty::parse("quantity", &self.quantity, false)?;
        if quantity.0 <= 0 {
            return Err(ValidationError::new(
                ErrorCode::OutOfRange,
                "quantity",
                "must be more than zero",
            ));
        }
        let unit_price =
            money::parse_non_negative_amount("unit_price", &self.unit_price, currency)?;
        let discount_pct = parse_percent("discount_pct", &self.discount_pct)?;
        let tax_rate_pct = parse_percent("tax_rate_pct", &self.tax_rate_pct)?;
        Ok(LineMoney {
            quantity,
            unit_price,
            discount_pct,
            tax_rate_pct,
        })
    }
}

impl LineMoney {
    /// The line's rounded net, tax and gross in `currency` (see the module docs for the rule).
    pub fn amounts(&self, currency: &str) -> LineAmounts {
        let hundred = Decimal::from(100);
        let net = money::round(
            self.quantity.to_decimal()
                * self.unit_price
                * (Decimal::ONE - self.discount_pct / hundred),
            currency,
        );
        let tax = money::round(net * self.tax_rate_pct / hundred, currency);
        LineAmounts {
            net,
            tax,
            gross: net + tax,
        }
    }
}

/// Sums rounded line amounts into order totals.
pub fn totals<'a>(lines: impl IntoIterator<Item = &'a LineAmounts>) -> OrderTotals {
    lines
        .into_iter()
        .fold(OrderTotals::default(), |t, l| OrderTotals {
            net: t.net + l.net,
            tax: t.tax + l.tax,
            gross: t.gross + l.gross,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn line(q: &str, p: &str, d: &str, t: &str, cur: &str) -> LineAmounts {
        LineMoneyDraft {
            quantity: q.into(),
            unit_price: p.into(),
            discount_pct: d.into(),
            tax_rate_pct: t.into(),
        }
        .validate(cur)
        .unwrap()
        .amounts(cur)
    }

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn hand_computed_lines() {
        // 3 × 19.99 = 59.97; −7.5 % = 55.47225 → 55.47; 13 % VAT = 7.2111 → 7.21.
        let l = line("3", "19.99", "7.5", "13", "CNY");
        assert_eq!(
            (l.net, l.tax, l.gross),
            (dec("55.47"), dec("7.21"), dec("62.68"))
        );
        // Half away from zero, not banker's rounding: 0.5 × 0.25 = 0.125 → 0.13 (not 0.12).
        assert_eq!(line("0.5", "0.25", "", "", "USD").net, dec("0.13"));
        // JPY has no minor unit: 7 × 333 × 0.9 = 2097.9 → 2098; 10 % tax = 209.8 → 210.
        let l = line("7", "333", "10", "10", "JPY");
        assert_eq!(
            (l.net, l.tax, l.gross),
            (dec("2098"), dec("210"), dec("2308"))
        );
        // Decimal quantities: 2.345 kg × 12.80 = 30.016 → 30.02.
        assert_eq!(line("2.345", "12.80", "0", "0", "CNY").net, dec("30.02"));
        // 100 % discount is a free line.
        assert_eq!(line("5", "9.90", "100", "13", "CNY").gross, dec("0"));
    }

    #[test]
    fn totals_are_sums_of_rounded_lines() {
        // Three lines of 1 × 0.333 would sum to 0.999 → 1.00 unrounded; rounded lines give 0.99.
        let a = line("0.5", "0.67", "", "", "CNY"); // 0.335 → 0.34
        let b = line("0.5", "0.67", "", "", "CNY");
        let t = totals([&a, &b]);
        assert_eq!(t.net, dec("0.68"), "not round(0.67) = 0.67");
    }

    #[test]
    fn bad_lines_are_refused_with_the_field() {
        let bad = |q: &str, p: &str, d: &str, t: &str, cur: &str| {
            let e = LineMoneyDraft {
                quantity: q.into(),
                unit_price: p.into(),
                discount_pct: d.into(),
                tax_rate_pct: t.into(),
            }
            .validate(cur)
            .unwrap_err();
            (e.code, e.field.into_owned())
        };
        assert_eq!(
            bad("0", "1", "", "", "CNY"),
            (ErrorCode::OutOfRange, "quantity".into())
        );
        assert_eq!(
            bad("-1", "1", "", "", "CNY"),
            (ErrorCode::Negative, "quantity".into())
        );
        assert_eq!(
            bad("1", "1.234", "", "", "CNY"),
            (ErrorCode::TooManyDecimals, "unit_price".into())
        );
        assert_eq!(
            bad("1", "1.5", "", "", "JPY"),
            (ErrorCode::TooManyDecimals, "unit_price".into())
        );
        assert_eq!(
            bad("1", "1", "101", "", "CNY"),
            (ErrorCode::OutOfRange, "discount_pct".into())
        );
        assert_eq!(
            bad("1", "1", "-5", "", "CNY"),
            (ErrorCode::OutOfRange, "discount_pct".into())
        );
        assert_eq!(
            bad("1", "1", "", "abc", "CNY"),
            (ErrorCode::InvalidDecimal, "tax_rate_pct".into())
        );
    }

    proptest! {
        /// Totals equal the sum of rounded lines and never differ from an independent integer
        /// computation (in minor units, half away from zero) by a cent.
        #[test]
        fn totals_match_an_independent_computation(
            lines in proptest::collection::vec((1i64..100_000, 0i64..1_000_000, 0u32..=100, prop_oneof![Just(0u32), Just(6), Just(9), Just(13)]), 1..20)
        ) {
            let mut amounts = Vec::new();
            let mut cents_net = 0i128;
            let mut cents_tax = 0i128;
            for (milli, price_cents, disc, tax) in &lines {
                let draft = LineMoneyDraft {
                    quantity: Qty(*milli).to_decimal().to_string(),
                    unit_price: Decimal::new(*price_cents, 2).to_string(),
                    discount_pct: disc.to_string(),
                    tax_rate_pct: tax.to_string(),
                };
                amounts.push(draft.validate("CNY").unwrap().amounts("CNY"));
                // Independent: exact integer arithmetic, numerator over 1000 × 100 × 100.
                let num = i128::from(*milli) * i128::from(*price_cents) * i128::from(100 - disc);
                let den = 1000i128 * 100;
                let net = (num * 2 + den) / (2 * den); // half up for non-negatives
                let tnum = net * i128::from(*tax);
                let tax_c = (tnum * 2 + 100) / 200;
                cents_net += net;
                cents_tax += tax_c;
            }
            let t = totals(&amounts);
            let sum: Decimal = amounts.iter().map(|a| a.gross).sum();
            prop_assert_eq!(t.gross, sum);
            prop_assert_eq!(t.net, Decimal::from_i128_with_scale(cents_net, 2));
            prop_assert_eq!(t.tax, Decimal::from_i128_with_scale(cents_tax, 2));
        }
    }
}
