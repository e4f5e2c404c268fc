//! The tax rates the business charges (Settings): the rates an order line offers and the one a
//! new line starts with. A line stores its own rate, so changing these never changes an order
//! already written.
//!
//! Until edited, the rates follow the home country: China's VAT rates on goods and services
//! (13 %, 9 %, 6 %, 0 %, a new line at 13 %); elsewhere 0 % and no default, as the app cannot
//! know the local rules.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{ErrorCode, ValidationError};
use crate::order::money::parse_percent;
use crate::text::{clean, Lines};

/// The most rates one business keeps.
pub const RATES_MAX: usize = 20;

/// One rate: a name the user gives it (may be empty; the UI then shows the percentage alone)
/// and the percentage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxRate {
    pub name: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub rate_pct: Decimal,
}

/// The rates, and the one a new order line starts with (`None`: a new line starts blank).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxRates {
    pub rates: Vec<TaxRate>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub default_pct: Option<Decimal>,
}

impl TaxRates {
    /// The rates until the user edits them, for a business in `home_country`.
    pub fn for_country(home_country: &str) -> TaxRates {
        let rate = |pct: i64| TaxRate {
            name: String::new(),
            rate_pct: Decimal::from(pct),
        };
        if home_country.eq_ignore_ascii_case("CN") {
            TaxRates {
                rates: vec![rate(13), rate(9), rate(6), rate(0)],
                default_pct: Some(Decimal::from(13)),
            }
        } else {
            TaxRates {
                rates: vec![rate(0)],
                default_pct: None,
            }
        }
    }
}

/// The rates as typed in Settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxRatesDraft {
    pub rates: Vec<TaxRateDraft>,
    /// One of the rates' percentages, or empty for none.
    pub default_pct: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxRateDraft {
    pub name: String,
    pub rate_pct: String,
}

impl TaxRatesDraft {
    /// Checks every rate (a name of at most 50 characters, 0–100 % with at most 4 decimals, no
    /// percentage twice), at least one and at most [`RATES_MAX`], and a default that is one of
    /// them. Errors name the rate: `rates.<i>.rate_pct`.
    pub fn validate(&self) -> Result<TaxRates, ValidationError> {
        if self.rates.is_empty() {
            return Err(ValidationError::new(
                ErrorCode::Required,
                "rates",
                "at least one tax rate",
            ));
        }
        if self.rates.len() > RATES_MAX {
            return Err(ValidationError::new(
                ErrorCode::OutOfRange,
                "rates",
                format!("at most {RATES_MAX} tax rates"),
            )
            .with_limit(RATES_MAX));
        }
        let mut rates: Vec<TaxRate> = Vec::with_capacity(self.rates.len());
        for (i, r) in self.rates.iter().enumerate() {
            let name = clean("name", &r.name, 50, false, Lines::Single)
                .map_err(|e| e.within("rates", i))?;
            let rate_pct = parse_percent("rate_pct", &r.rate_pct)
                .map_err(|e| e.within("rates", i))?
                .normalize();
            if rates.iter().any(|o| o.rate_pct == rate_pct) {
                return Err(ValidationError::new(
                    ErrorCode::DuplicateRecord,
                    "rate_pct",
                    format!("{rate_pct} % is listed twice"),
                )
                .within("rates", i));
            }
            rates.push(TaxRate { name, rate_pct });
        }
        let default_pct = match self.default_pct.trim() {
            "" => None,
            d => {
                let d = parse_percent("default_pct", d)?.normalize();
                if !rates.iter().any(|r| r.rate_pct == d) {
                    return Err(ValidationError::new(
                        ErrorCode::InvalidChoice,
                        "default_pct",
                        "the default must be one of the rates",
                    ));
                }
                Some(d)
            }
        };
        Ok(TaxRates { rates, default_pct })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(rates: &[(&str, &str)], default: &str) -> TaxRatesDraft {
        TaxRatesDraft {
            rates: rates
                .iter()
                .map(|(n, r)| TaxRateDraft {
                    name: (*n).into(),
                    rate_pct: (*r).into(),
                })
                .collect(),
            default_pct: default.into(),
        }
    }

    #[test]
    fn rates_are_checked_and_normalised() {
        let ok = draft(&[("增值税 ", "13.00"), ("", "9"), ("免税", "0")], "13")
            .validate()
            .unwrap();
        assert_eq!(ok.rates[0].name, "增值税");
        assert_eq!(ok.rates[0].rate_pct.to_string(), "13");
        assert_eq!(ok.default_pct, Some(Decimal::from(13)));
        assert_eq!(
            draft(&[("", "5.5")], "").validate().unwrap().default_pct,
            None
        );
    }

    #[test]
    fn bad_rates_name_the_rate_and_the_reason() {
        let cases = [
            (draft(&[], ""), ErrorCode::Required, "rates"),
            (
                draft(&[("", "13"), ("", "101")], ""),
                ErrorCode::OutOfRange,
                "rates.1.rate_pct",
            ),
            (
                draft(&[("", "-1")], ""),
                ErrorCode::OutOfRange,
                "rates.0.rate_pct",
            ),
            (
                draft(&[("", "abc")], ""),
                ErrorCode::InvalidDecimal,
                "rates.0.rate_pct",
            ),
            (
                draft(&[("", "13"), ("", "13.0")], ""),
                ErrorCode::DuplicateRecord,
                "rates.1.rate_pct",
            ),
            (
                draft(&[(&"x".repeat(51), "13")], ""),
                ErrorCode::TooLong,
                "rates.0.name",
            ),
            (
                draft(&[("", "13")], "9"),
                ErrorCode::InvalidChoice,
                "default_pct",
            ),
        ];
        for (d, code, field) in cases {
            let e = d.validate().unwrap_err();
            assert_eq!((e.code, e.field.as_ref()), (code, field), "{d:?}");
        }
        let many: Vec<(String, String)> = (0..=RATES_MAX)
            .map(|i| (String::new(), i.to_string()))
            .collect();
        let many: Vec<(&str, &str)> = many.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let e = draft(&many, "").validate().unwrap_err();
        assert_eq!(
            (e.code, e.limit),
            (ErrorCode::OutOfRange, Some(RATES_MAX as u32))
        );
    }

    #[test]
    fn until_edited_the_rates_follow_the_home_country() {
        let cn = TaxRates::for_country("CN");
        assert_eq!(
            cn.rates
                .iter()
                .map(|r| r.rate_pct.to_string())
                .collect::<Vec<_>>(),
            ["13", "9", "6", "0"]
        );
        assert_eq!(cn.default_pct, Some(Decimal::from(13)));
        assert_eq!(TaxRates::for_country("DE").default_pct, None);
        let json = serde_json::to_string(&cn).unwrap();
        assert_eq!(serde_json::from_str::<TaxRates>(&json).unwrap(), cn);
    }
}
