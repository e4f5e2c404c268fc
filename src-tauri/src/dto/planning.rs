//! Wire types of planning: a product's plan (classes, stock, demand statistics, the reorder
//! figures with the numbers behind them), the replenishment list grouped by supplier, the
//! lines selected for drafts, and the planning settings. Statistics cross as numbers,
//! quantities as decimal strings of units.

use chainbook_core::planning::classes::XyzThresholds;
use chainbook_core::planning::reorder::ServiceLevels;
use chainbook_core::planning::PlanningSettings;
use chainbook_core::product::Qty;
use chainbook_core::{ErrorCode, ValidationError};
use chainbook_store::planning::{DraftLine, ProductPlan, SupplierSuggestions};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::wire::qty;

/// One product's plan: a line of the replenishment list and the product page's figures.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "ProductPlan")]
pub struct ProductPlanDto {
    pub product_id: String,
    pub sku: String,
    pub name: String,
    pub unit: String,
    #[ts(type = "AbcTier")]
    pub abc: String,
    #[ts(type = "XyzClass")]
    pub xyz: String,
    #[ts(type = "CountFrequency")]
    pub count_frequency: String,
    /// Coefficient of variation of monthly demand; `None` without a positive mean.
    pub cv: Option<f64>,
    pub consumption_value: String,
    pub currency: String,
    pub on_hand: String,
    pub reserved: String,
    pub available: String,
    pub on_order: String,
    pub backorders: String,
    pub lead_time_days: u32,
    pub review_days: u32,
    pub service_level_pct: f64,
    pub z: f64,
    /// Days of history behind the mean and deviation.
    pub history_days: u32,
    pub mean_daily: f64,
    pub sd_daily: f64,
    pub computed_safety_stock: String,
    pub safety_stock: String,
    pub safety_stock_manual: bool,
    pub computed_reorder_point: String,
    pub reorder_point: String,
    pub reorder_point_manual: bool,
    pub horizon_days: u32,
    pub horizon_demand: String,
    /// The horizon demand is the product's forecast (else the recent daily mean × days).
    pub horizon_from_forecast: bool,
    /// On hand + on order − back-orders.
    pub position: String,
    pub need: String,
    pub pack_size: String,
    pub min_order_qty: String,
    /// The suggested quantity (0 when nothing is needed).
    pub quantity: String,
    pub below_reorder_point: bool,
    pub supplier_id: Option<String>,
    pub supplier_name: Option<String>,
    /// The preferred supplier's price and currency.
    pub supplier_price: Option<String>,
    pub supplier_currency: Option<String>,
}

impl From<&ProductPlan> for ProductPlanDto {
    fn from(p: &ProductPlan) -> Self {
        let r = &p.reorder;
        ProductPlanDto {
            product_id: p.product_id.to_string(),
            sku: p.sku.clone(),
            name: p.name.clone(),
            unit: p.unit.clone(),
            abc: p.abc.as_str().to_owned(),
            xyz: p.xyz.as_str().to_owned(),
            count_frequency: p.count_frequency.as_str().to_owned(),
            cv: p.cv,
            consumption_value: p.consumption_value.round_dp(2).to_string(),
            currency: p.currency.clone(),
            on_hand: qty(p.on_hand),
            reserved: qty(p.reserved),
            available: qty(p.available()),
            on_order: qty(p.on_order),
            backorders: qty(p.backorders),
            lead_time_days: p.lead_time_days,
            review_days: p.review_days,
            service_level_pct: p.service_level_pct,
            z: r.z,
            history_days: p.history.days,
            mean_daily: p.history.mean_daily,
            sd_daily: p.history.sd_daily,
            computed_safety_stock: qty(r.computed_safety_stock),
            safety_stock: qty(r.safety_stock),
            safety_stock_manual: r.safety_stock_manual,
            computed_reorder_point: qty(r.computed_reorder_point),
            reorder_point: qty(r.reorder_point),
            reorder_point_manual: r.reorder_point_manual,
            horizon_days: r.horizon_days,
            horizon_from_forecast: r.horizon_from_forecast,
            horizon_demand: qty(r.horizon_demand),
            position: qty(r.position),
            need: qty(r.need),
            pack_size: qty(p.pack_size),
            min_order_qty: qty(p.min_order_qty),
            quantity: qty(r.quantity),
            below_reorder_point: r.below_reorder_point,
            supplier_id: p.supply.as_ref().map(|s| s.supplier_id.to_string()),
            supplier_name: p.supply.as_ref().map(|s| s.supplier_name.clone()),
            supplier_price: p.supply.as_ref().map(|s| s.price.to_string()),
            supplier_currency: p.supply.as_ref().map(|s| s.currency.clone()),
        }
    }
}

/// The products one preferred supplier should be asked for (`supplier_id` null: products
/// without a preferred supplier).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "SupplierSuggestions")]
pub struct SupplierSuggestionsDto {
    pub supplier_id: Option<String>,
    pub supplier_name: String,
    pub lines: Vec<ProductPlanDto>,
}

impl From<SupplierSuggestions> for SupplierSuggestionsDto {
    fn from(g: SupplierSuggestions) -> Self {
        SupplierSuggestionsDto {
            supplier_id: g.supplier_id.map(|id| id.to_string()),
            supplier_name: g.supplier_name,
            lines: g.lines.iter().map(Into::into).collect(),
        }
    }
}

/// A selected line: the product and the quantity to order, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct DraftLineInput {
    pub product_id: String,
    pub quantity: String,
}

/// The selected lines, checked: ids and quantities parsed (errors name `lines.<i>.<field>`).
pub fn draft_lines(lines: Vec<DraftLineInput>) -> Result<Vec<DraftLine>, ValidationError> {
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let product_id = uuid::Uuid::parse_str(&l.product_id).map_err(|_| {
                ValidationError::new(ErrorCode::InvalidArgument, "product_id", "not an id")
                    .within("lines", i)
            })?;
            let quantity: Qty =
                Qty::parse("quantity", &l.quantity, false).map_err(|e| e.within("lines", i))?;
            Ok(DraftLine {
                product_id,
                quantity,
            })
        })
        .collect()
}

/// The planning settings as the Settings page edits them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[ts(rename = "PlanningSettings")]
pub struct PlanningSettingsDto {
    /// Service levels in percent per ABC class.
    pub service_a: f64,
    pub service_b: f64,
    pub service_c: f64,
    /// Coefficients of variation where X and Y end.
    pub x_up_to: f64,
    pub y_up_to: f64,
    pub review_days: u32,
}

impl From<PlanningSettings> for PlanningSettingsDto {
    fn from(p: PlanningSettings) -> Self {
        PlanningSettingsDto {
            service_a: p.service_levels.a,
            service_b: p.service_levels.b,
            service_c: p.service_levels.c,
            x_up_to: p.xyz.x_up_to,
            y_up_to: p.xyz.y_up_to,
            review_days: p.review_days,
        }
    }
}

impl From<PlanningSettingsDto> for PlanningSettings {
    fn from(p: PlanningSettingsDto) -> Self {
        PlanningSettings {
            service_levels: ServiceLevels {
                a: p.service_a,
                b: p.service_b,
                c: p.service_c,
            },
            xyz: XyzThresholds {
                x_up_to: p.x_up_to,
                y_up_to: p.y_up_to,
            },
            review_days: p.review_days,
        }
    }
}

/// The background forecast run: whether it is going, products done of those due, and how
/// many products have demand to forecast at all (0 in progress events).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "ForecastStatus")]
pub struct ForecastStatusDto {
    pub running: bool,
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub due: u64,
    #[ts(type = "number")]
    pub total: u64,
}

/// One month of a forecast with its 80 % and 95 % bands, in units.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "ForecastPoint")]
pub struct ForecastPointDto {
    /// The month's first day, YYYY-MM-DD.
    pub month: String,
    pub mean: f64,
    pub lo80: f64,
    pub hi80: f64,
    pub lo95: f64,
    pub hi95: f64,
}

/// A model in the forecast and its weight (1 when chosen alone).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "ForecastComponent")]
pub struct ForecastComponentDto {
    /// The model's code (`hw_mul`, `ses`, `croston`, …); the UI names it.
    pub model: String,
    pub weight: f64,
}

/// A product's demand: its monthly history and its kept forecast, with how the forecast was
/// chosen and how accurate its backtest was against the naive baseline.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "ProductForecast")]
pub struct ProductForecastDto {
    pub product_id: String,
    /// Complete months of demand (net of returns) from the first sale, up to the forecast.
    pub history: Vec<DemandMonthDto>,
    /// Whether a forecast is kept and still current as of the day asked for.
    pub current: bool,
    pub computed_at: Option<String>,
    /// `smooth`, `erratic`, `intermittent` or `lumpy`; `None` without a forecast.
    pub class: Option<String>,
    pub components: Vec<ForecastComponentDto>,
    pub mase: Option<f64>,
    pub mape: Option<f64>,
    pub baseline_model: Option<String>,
    pub baseline_mase: Option<f64>,
    pub points: Vec<ForecastPointDto>,
}

/// One month of demand history.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "DemandMonth")]
pub struct DemandMonthDto {
    pub month: String,
    pub qty: String,
}

impl ProductForecastDto {
    pub fn new(
        id: uuid::Uuid,
        history: &[chainbook_store::planning::DemandPoint],
        kept: Option<chainbook_store::planning::forecasts::ProductForecast>,
        current: bool,
    ) -> ProductForecastDto {
        let history = history
            .iter()
            .map(|p| DemandMonthDto {
                month: p.start.to_string(),
                qty: qty(p.qty),
            })
            .collect();
        let Some(f) = kept else {
            return ProductForecastDto {
                product_id: id.to_string(),
                history,
                current: false,
                computed_at: None,
                class: None,
                components: Vec::new(),
                mase: None,
                mape: None,
                baseline_model: None,
                baseline_mase: None,
                points: Vec::new(),
            };
        };
        let points = f
            .points
            .iter()
            .enumerate()
            .map(|(i, p)| ForecastPointDto {
                month: (f.first_month + chrono::Months::new(i as u32)).to_string(),
                mean: p.mean,
                lo80: p.lo80,
                hi80: p.hi80,
                lo95: p.lo95,
                hi95: p.hi95,
            })
            .collect();
        ProductForecastDto {
            product_id: id.to_string(),
            history,
            current,
            computed_at: Some(f.computed_at.to_rfc3339()),
            class: f.class.map(|c| c.as_str().to_owned()),
            components: f
                .components
                .iter()
                .map(|(m, w)| ForecastComponentDto {
                    model: m.as_str().to_owned(),
                    weight: *w,
                })
                .collect(),
            mase: f.mase,
            mape: f.mape,
            baseline_model: Some(f.baseline_model.as_str().to_owned()),
            baseline_mase: f.baseline_mase,
            points,
        }
    }
}
