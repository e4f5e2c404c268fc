//! Products and stock quantities (库存管理).
//!
//! Quantities are decimals with at most three places (kilograms, metres, pieces) and are kept
//! in the store as integer thousandths, so the stock ledger sums exactly in SQL.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::choice::{self, choice_enum};
use crate::date::parse_at;
use crate::error::{ErrorCode, ValidationError};
use crate::money;
use crate::text::{clean, Lines};

pub const SKU_MAX: usize = 64;
pub const UNIT_MAX: usize = 20;
pub const CATEGORY_MAX: usize = 100;
pub const QTY_PLACES: u32 = 3;
/// The largest quantity one field or movement may hold (a billion units).
pub const QTY_MAX: i64 = 1_000_000_000;
pub const LEAD_TIME_MAX_DAYS: u32 = 730;

/// Whole days from 0 to [`LEAD_TIME_MAX_DAYS`] as people type them (full-width digits read);
/// empty is 0. Lead times and notice periods share it.
pub fn parse_days(field: &'static str, s: &str) -> Result<u32, ValidationError> {
    match crate::number::plain_number(s).as_str() {
        "" => Ok(0),
        v => v
            .parse::<u32>()
            .ok()
            .filter(|d| *d <= LEAD_TIME_MAX_DAYS)
            .ok_or_else(|| {
                ValidationError::new(
                    ErrorCode::OutOfRange,
                    field,
                    format!("whole days from 0 to {LEAD_TIME_MAX_DAYS}"),
                )
            }),
    }
}

choice_enum!(
    /// A product's stage in its life cycle (segmentation by product lifecycle).
    ProductStage {
        New => "new",
        Growth => "growth",
        Mature => "mature",
        Decline => "decline",
    }
);

/// A product as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductDraft {
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub category: String,
    pub currency: String,
    pub price: String,
    pub cost: String,
    /// `ProductStage` as text; empty means `new`.
    pub stage: String,
    pub pack_size: String,
    pub min_order_qty: String,
    pub lead_time_days: String,
    pub safety_stock: String,
    pub reorder_point: String,
    pub active: bool,
}

/// Validated product fields. Quantities are in thousandths of a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductFields {
    /// Upper case, no spaces.
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub category: String,
    pub currency: String,
    pub price: Decimal,
    pub cost: Decimal,
    pub stage: ProductStage,
    pub pack_size: Qty,
    pub min_order_qty: Qty,
    pub lead_time_days: u32,
    pub safety_stock: Qty,
    pub reorder_point: Qty,
    pub active: bool,
}

/// A quantity in thousandths of a unit: exact, and summable as an SQLite INTEGER.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Qty(pub i64);

impl Qty {
    pub const ZERO: Qty = Qty(0);

    pub fn milli(self) -> i64 {
        self.0
    }

    pub fn to_decimal(self) -> Decimal {
        Decimal::new(self.0, QTY_PLACES).normalize()
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Parses a decimal with at most three places, as people type it
    /// ([`crate::number::plain_number`]); `allow_negative` for adjustments.
    pub fn parse(
        field: &'static str,
        input: &str,
        allow_negative: bool,
    ) -> Result<Qty, ValidationError> {
        let typed = crate::number::plain_number(input);
        let s = match typed.as_str() {
            "" => "0",
            s => s,
        };
        let body = s.strip_prefix('-').unwrap_or(s);
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        let plain = !int.is_empty()
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.bytes().all(|b| b.is_ascii_digit())
            && !(body.contains('.') && frac.is_empty())
            && int.len() <= 12;
        if !plain {
            return Err(ValidationError::new(
                ErrorCode::InvalidDecimal,
                field,
                format!("{s:?} is not a plain decimal number"),
            ));
        }
        if frac.trim_end_matches('0').len() > QTY_PLACES as usize {
            return Err(ValidationError::new(
                ErrorCode::TooManyDecimals,
                field,
                "at most 3 decimal places",
            ));
        }
        let d: Decimal = s.parse().map_err(|_| {
            ValidationError::new(ErrorCode::InvalidDecimal, field, "not a decimal number")
        })?;
        if d.is_sign_negative() && !d.is_zero() && !allow_negative {
            return Err(ValidationError::new(
                ErrorCode::Negative,
                field,
                "must not be negative",
            ));
        }
        let milli = (d * Decimal::from(1000)).trunc();
        let milli: i64 = milli.try_into().map_err(|_| {
            ValidationError::new(ErrorCode::OutOfRange, field, "quantity is too large")
        })?;
        if milli.abs() > QTY_MAX * 1000 {
            return Err(ValidationError::new(
                ErrorCode::OutOfRange,
                field,
                "quantity is too large",
            ));
        }
        Ok(Qty(milli))
    }
}

impl std::fmt::Display for Qty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.to_decimal())
    }
}

/// Normalises and checks a SKU: letters, digits and `-_./`, upper-cased.
pub fn validate_sku(input: &str) -> Result<String, ValidationError> {
    let s = clean("sku", input, SKU_MAX, true, Lines::Single)?.to_uppercase();
    if !s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
    {
        return Err(ValidationError::new(
            ErrorCode::InvalidChars,
            "sku",
            "letters, digits and - _ . / only",
        ));
    }
    Ok(s)
}

impl ProductDraft {
    pub fn validate(&self) -> Result<ProductFields, ValidationError> {
        let sku = validate_sku(&self.sku)?;
        let name = clean("name", &self.name, 200, true, Lines::Single)?;
        let unit = clean("unit", &self.unit, UNIT_MAX, true, Lines::Single)?;
        let category = clean(
            "category",
            &self.category,
            CATEGORY_MAX,
            false,
            Lines::Single,
        )?;
        let currency = money::parse_currency("currency", &self.currency);
        let cur = currency.as_deref().unwrap_or("CNY");
        let price = money::parse_non_negative_amount("price", &self.price, cur)?;
        let cost = money::parse_non_negative_amount("cost", &self.cost, cur)?;
        let currency = currency?;
        let stage = choice::optional("stage", &self.stage)?.unwrap_or(ProductStage::New);
        let pack_size = match Qty::parse("pack_size", &self.pack_size, false)? {
            Qty::ZERO => Qty(1000),
            q => q,
        };
        let min_order_qty = Qty::parse("min_order_qty", &self.min_order_qty, false)?;
        let lead_time_days = parse_days("lead_time_days", &self.lead_time_days)?;
        let safety_stock = Qty::parse("safety_stock", &self.safety_stock, false)?;
        let reorder_point = Qty::parse("reorder_point", &self.reorder_point, false)?;
        Ok(ProductFields {
            sku,
            name,
            unit,
            category,
            currency,
            price,
            cost,
            stage,
            pack_size,
            min_order_qty,
            lead_time_days,
            safety_stock,
            reorder_point,
            active: self.active,
        })
    }
}

choice_enum!(
    /// Why stock moved. Receipts and returns add, shipments remove, adjustments and count
    /// corrections go either way.
    MovementKind {
        Receipt => "receipt",
        Shipment => "shipment",
        Return => "return",
        Adjustment => "adjustment",
        CountCorrection => "count_correction",
    }
);

impl MovementKind {
    /// The signed ledger quantity for a quantity as the user enters it: receipts and returns
    /// are entered positive and add; shipments are entered positive and remove; adjustments
    /// and corrections carry their own sign and must not be zero.
    pub fn signed(self, entered: Qty) -> Result<Qty, ValidationError> {
        let bad = |msg: &str| ValidationError::new(ErrorCode::OutOfRange, "quantity", msg);
        match self {
            MovementKind::Receipt | MovementKind::Return | MovementKind::Shipment
                if entered.0 <= 0 =>
            {
                Err(bad("must be more than zero"))
            }
            MovementKind::Adjustment | MovementKind::CountCorrection if entered.0 == 0 => {
                Err(bad("must not be zero"))
            }
            MovementKind::Shipment => Ok(Qty(-entered.0)),
            _ => Ok(entered),
        }
    }
}

pub const MOVEMENT_REASON_MAX: usize = 500;
pub const MOVEMENT_REFERENCE_MAX: usize = 100;

/// A stock movement as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MovementDraft {
    pub product_id: Uuid,
    /// `MovementKind` as text.
    pub kind: String,
    /// Positive for receipts, shipments and returns; signed for adjustments.
    pub quantity: String,
    pub reason: String,
    pub reference: String,
    /// RFC 3339; empty means now.
    pub occurred_at: String,
}

/// A checked movement; whether the product exists is the store's to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovementFields {
    pub product_id: Uuid,
    pub kind: MovementKind,
    /// Signed: what the movement adds to on hand.
    pub quantity: Qty,
    pub reason: String,
    pub reference: String,
    /// `None`: when it is recorded.
    pub occurred_at: Option<DateTime<Utc>>,
}

impl MovementDraft {
    /// Checks a movement entered by hand: any kind but a count correction, which only posting a
    /// stock count writes (it needs the count's snapshot).
    pub fn validate(&self) -> Result<MovementFields, ValidationError> {
        // The form always sends a kind, so an empty one is not on the list either.
        let kind = choice::required("kind", &self.kind, ErrorCode::InvalidChoice)?;
        if kind == MovementKind::CountCorrection {
            return Err(ValidationError::new(
                ErrorCode::InvalidChoice,
                "kind",
                "count corrections come from posting a stock count",
            ));
        }
        let entered = Qty::parse("quantity", &self.quantity, kind == MovementKind::Adjustment)?;
        Ok(MovementFields {
            product_id: self.product_id,
            kind,
            quantity: kind.signed(entered)?,
            reason: clean(
                "reason",
                &self.reason,
                MOVEMENT_REASON_MAX,
                false,
                Lines::Multi,
            )?,
            reference: clean(
                "reference",
                &self.reference,
                MOVEMENT_REFERENCE_MAX,
                false,
                Lines::Single,
            )?,
            occurred_at: match self.occurred_at.trim() {
                "" => None,
                s => Some(parse_at("occurred_at", s)?),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> ProductDraft {
        ProductDraft {
            sku: " ab-100 ".into(),
            name: "不锈钢螺栓 M8".into(),
            unit: "件".into(),
            category: "紧固件".into(),
            currency: "CNY".into(),
            price: "1.25".into(),
            cost: "0.8".into(),
            stage: "mature".into(),
            pack_size: "100".into(),
            min_order_qty: "500".into(),
            lead_time_days: "14".into(),
            safety_stock: "2000".into(),
            reorder_point: "3500".into(),
            active: true,
        }
    }

    #[test]
    fn numbers_as_people_type_them() {
        let d = ProductDraft {
            price: "¥1,250.50".into(),
            cost: "８００".into(),
            min_order_qty: "1,000".into(),
            lead_time_days: "１４".into(),
            safety_stock: "2 000".into(),
            ..good()
        };
        let f = d.validate().unwrap();
        assert_eq!(f.price.to_string(), "1250.50");
        assert_eq!(f.cost.to_string(), "800.00");
        assert_eq!(f.min_order_qty, Qty(1_000_000));
        assert_eq!(f.lead_time_days, 14);
        assert_eq!(f.safety_stock, Qty(2_000_000));
        assert_eq!(
            Qty::parse("q", "1,5", false).unwrap_err().code,
            ErrorCode::InvalidDecimal
        );
        assert_eq!(Qty::parse("q", "-１２", true).unwrap(), Qty(-12_000));
    }

    fn err(d: ProductDraft) -> (ErrorCode, String) {
        let e = d.validate().unwrap_err();
        (e.code, e.field.into_owned())
    }

    #[test]
    fn good_product() {
        let f = good().validate().unwrap();
        assert_eq!(f.sku, "AB-100");
        assert_eq!(f.pack_size, Qty(100_000));
        assert_eq!(f.price.to_string(), "1.25");
        assert_eq!(f.stage, ProductStage::Mature);
        assert_eq!(f.lead_time_days, 14);
    }

    #[test]
    fn bad_products() {
        assert_eq!(
            err(ProductDraft {
                sku: "a b".into(),
                ..good()
            }),
            (ErrorCode::InvalidChars, "sku".into())
        );
        assert_eq!(
            err(ProductDraft {
                sku: "".into(),
                ..good()
            }),
            (ErrorCode::Required, "sku".into())
        );
        assert_eq!(
            err(ProductDraft {
                price: "1.001".into(),
                ..good()
            }),
            (ErrorCode::TooManyDecimals, "price".into())
        );
        assert_eq!(
            err(ProductDraft {
                cost: "-1".into(),
                ..good()
            }),
            (ErrorCode::Negative, "cost".into())
        );
        assert_eq!(
            err(ProductDraft {
                pack_size: "0.0001".into(),
                ..good()
            }),
            (ErrorCode::TooManyDecimals, "pack_size".into())
        );
        assert_eq!(
            err(ProductDraft {
                lead_time_days: "-3".into(),
                ..good()
            }),
            (ErrorCode::OutOfRange, "lead_time_days".into())
        );
        assert_eq!(
            err(ProductDraft {
                lead_time_days: "2.5".into(),
                ..good()
            }),
            (ErrorCode::OutOfRange, "lead_time_days".into())
        );
        assert_eq!(
            err(ProductDraft {
                stage: "dying".into(),
                ..good()
            }),
            (ErrorCode::InvalidChoice, "stage".into())
        );
        assert_eq!(
            err(ProductDraft {
                unit: "".into(),
                ..good()
            }),
            (ErrorCode::Required, "unit".into())
        );
    }

    #[test]
    fn quantities() {
        assert_eq!(Qty::parse("q", "1.5", false).unwrap(), Qty(1500));
        assert_eq!(Qty::parse("q", "0.001", false).unwrap(), Qty(1));
        assert_eq!(Qty::parse("q", "-2", true).unwrap(), Qty(-2000));
        assert_eq!(
            Qty::parse("q", "-2", false).unwrap_err().code,
            ErrorCode::Negative
        );
        assert_eq!(
            Qty::parse("q", "1e3", false).unwrap_err().code,
            ErrorCode::InvalidDecimal
        );
        assert_eq!(
            Qty::parse("q", "2000000000", false).unwrap_err().code,
            ErrorCode::OutOfRange
        );
        assert_eq!(Qty(1500).to_string(), "1.5");
        assert_eq!(Qty(-2000).to_string(), "-2");
    }

    #[test]
    fn movement_signs() {
        let q = Qty(5000);
        assert_eq!(MovementKind::Receipt.signed(q).unwrap(), q);
        assert_eq!(MovementKind::Shipment.signed(q).unwrap(), Qty(-5000));
        assert_eq!(MovementKind::Adjustment.signed(Qty(-1)).unwrap(), Qty(-1));
        assert!(MovementKind::Receipt.signed(Qty(-1)).is_err());
        assert!(MovementKind::Shipment.signed(Qty(0)).is_err());
        assert!(MovementKind::CountCorrection.signed(Qty(0)).is_err());
    }

    #[test]
    fn movements_as_typed() {
        let d = MovementDraft {
            kind: "shipment".into(),
            quantity: "2.5".into(),
            reference: " SO-1 ".into(),
            ..Default::default()
        };
        let f = d.validate().unwrap();
        assert_eq!(
            (f.kind, f.quantity, f.reference.as_str(), f.occurred_at),
            (MovementKind::Shipment, Qty(-2_500), "SO-1", None)
        );
        let at = MovementDraft {
            occurred_at: "2026-11-23T09:30:00+08:00".into(),
            ..d.clone()
        };
        assert_eq!(
            at.validate().unwrap().occurred_at.unwrap().to_rfc3339(),
            "2026-11-23T01:30:00+00:00"
        );
        let bad = |d: MovementDraft| {
            let e = d.validate().unwrap_err();
            (e.code, e.field.into_owned())
        };
        for kind in ["count_correction", "", "theft"] {
            assert_eq!(
                bad(MovementDraft {
                    kind: kind.into(),
                    ..d.clone()
                }),
                (ErrorCode::InvalidChoice, "kind".into()),
                "{kind}"
            );
        }
        assert_eq!(
            bad(MovementDraft {
                quantity: "-1".into(),
                ..d.clone()
            }),
            (ErrorCode::Negative, "quantity".into())
        );
        assert_eq!(
            MovementDraft {
                kind: "adjustment".into(),
                quantity: "-1".into(),
                ..d.clone()
            }
            .validate()
            .unwrap()
            .quantity,
            Qty(-1_000)
        );
        assert_eq!(
            bad(MovementDraft {
                occurred_at: "yesterday".into(),
                ..d
            }),
            (ErrorCode::InvalidDate, "occurred_at".into())
        );
    }
}
