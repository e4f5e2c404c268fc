//! Wire types of customer analytics: the dashboard, the lost-customer list and one customer's
//! figures. Money crosses as decimal strings, rates as fractions (0–1, `null` for "no data"),
//! hours as numbers; the UI formats them per locale.

use chainbook_core::analytics::kpi::Spread;
use chainbook_core::customer::Lifecycle;
use chainbook_core::date::opt_date;
use chainbook_core::{ErrorCode, ValidationError};
use chainbook_store::analytics::{
    CustomerInsight, CustomerValue, Dashboard, DashboardQuery, Figures, Period, Slipping,
    SupplyKpis,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::wire::*;

/// An analysis period as the UI sends it: the as-of date, and the first day (empty for all
/// history).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(rename = "PeriodInput")]
pub struct PeriodInput {
    pub from: String,
    pub as_of: String,
}

impl TryFrom<&PeriodInput> for Period {
    type Error = ValidationError;

    fn try_from(p: &PeriodInput) -> Result<Self, ValidationError> {
        let as_of = opt_date("as_of", &p.as_of)?
            .ok_or_else(|| ValidationError::new(ErrorCode::Required, "as_of", "required"))?;
        let from = opt_date("from", &p.from)?;
        if from.is_some_and(|f| f > as_of) {
            return Err(ValidationError::new(
                ErrorCode::DateOrder,
                "from",
                "the first day is after the as-of date",
            ));
        }
        Ok(Period { from, as_of })
    }
}

/// What the dashboard or the lost-customer list covers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct AnalysisInput {
    pub period: PeriodInput,
    pub currency: String,
    /// A saved segment's id, or `null` for every customer.
    pub segment: Option<String>,
}

impl TryFrom<&AnalysisInput> for DashboardQuery {
    type Error = ValidationError;

    fn try_from(q: &AnalysisInput) -> Result<Self, ValidationError> {
        Ok(DashboardQuery {
            period: Period::try_from(&q.period)?,
            currency: chainbook_core::money::parse_currency("currency", &q.currency)?,
            segment: opt_id(q.segment.clone(), "segment")?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "Spread")]
pub struct SpreadDto {
    pub median: f64,
    pub p90: f64,
    pub count: u32,
}

fn spread(s: Option<Spread>) -> Option<SpreadDto> {
    s.map(|s| SpreadDto {
        median: s.median,
        p90: s.p90,
        count: s.count as u32,
    })
}

/// The figures compared between the period and the one before.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "Figures")]
pub struct FiguresDto {
    pub revenue: String,
    #[ts(type = "number")]
    pub orders: u64,
    #[ts(type = "number")]
    pub buyers: u64,
    pub repurchase_rate: Option<f64>,
    #[ts(type = "number")]
    pub delivered: u64,
    #[ts(type = "number")]
    pub delivered_with_promise: u64,
    pub on_time_rate: Option<f64>,
    pub accuracy: Option<f64>,
    pub perfect_order_rate: Option<f64>,
    pub processing_hours: Option<SpreadDto>,
    #[ts(type = "number")]
    pub promoters: u64,
    #[ts(type = "number")]
    pub passives: u64,
    #[ts(type = "number")]
    pub detractors: u64,
    pub nps: Option<String>,
    pub csat: Option<String>,
    #[ts(type = "number")]
    pub csat_responses: u64,
    #[ts(type = "number")]
    pub complaints: u64,
    pub first_response_hours: Option<SpreadDto>,
    pub resolution_hours: Option<SpreadDto>,
    pub sla_compliance: Option<f64>,
    #[ts(type = "number")]
    pub sla_decided: u64,
}

/// Stock and supplier figures of a period (not cut by segment).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "SupplyFigures")]
pub struct SupplyFiguresDto {
    pub turnover: Option<f64>,
    pub days_of_supply: Option<f64>,
    pub cogs: String,
    pub average_inventory_value: String,
    pub supplier_on_time: Option<f64>,
    #[ts(type = "number")]
    pub po_lines_due: u64,
    pub defects_per_million: Option<f64>,
}

impl From<SupplyKpis> for SupplyFiguresDto {
    fn from(k: SupplyKpis) -> Self {
        SupplyFiguresDto {
            turnover: k.turnover.map(|t| t.0),
            days_of_supply: k.turnover.map(|t| t.1),
            cogs: k.cogs.round_dp(2).to_string(),
            average_inventory_value: k.average_inventory_value.round_dp(2).to_string(),
            supplier_on_time: k.supplier_on_time,
            po_lines_due: k.po_lines_due,
            defects_per_million: k.defects_per_million,
        }
    }
}

/// The dashboard's stock and supplier figures, the period and the one before.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "Supply")]
pub struct SupplyDto {
    pub current: SupplyFiguresDto,
    pub previous: Option<SupplyFiguresDto>,
}

impl From<Figures> for FiguresDto {
    fn from(f: Figures) -> Self {
        FiguresDto {
            revenue: f.revenue.to_string(),
            orders: f.orders,
            buyers: f.buyers,
            repurchase_rate: f.repurchase_rate,
            delivered: f.order.deliveries.delivered,
            delivered_with_promise: f.order.deliveries.with_promise,
            on_time_rate: f.order.rates.on_time_rate,
            accuracy: f.order.rates.accuracy,
            perfect_order_rate: f.order.rates.perfect_order_rate,
            processing_hours: spread(f.order.processing_hours),
            promoters: f.satisfaction.promoters,
            passives: f.satisfaction.passives,
            detractors: f.satisfaction.detractors,
            nps: f.satisfaction.nps.map(|d| d.to_string()),
            csat: f.satisfaction.csat.map(|d| d.to_string()),
            csat_responses: f.satisfaction.csat_responses,
            complaints: f.service.opened,
            first_response_hours: spread(f.service.first_response_hours),
            resolution_hours: spread(f.service.resolution_hours),
            sla_compliance: f.service.sla_compliance,
            sla_decided: f.service.sla_decided,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MonthFigureDto {
    /// YYYY-MM
    pub month: String,
    pub revenue: String,
    #[ts(type = "number")]
    pub promoters: u64,
    #[ts(type = "number")]
    pub passives: u64,
    #[ts(type = "number")]
    pub detractors: u64,
    pub nps: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TierDto {
    #[ts(type = "AbcTier")]
    pub tier: String,
    #[ts(type = "number")]
    pub customers: u64,
    pub revenue: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RfmCellDto {
    pub r: u8,
    pub fm: u8,
    #[ts(type = "RfmSegment")]
    pub segment: String,
    #[ts(type = "number")]
    pub customers: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct StageCountDto {
    #[ts(type = "Lifecycle")]
    pub stage: String,
    #[ts(type = "number")]
    pub customers: u64,
}

/// The whole dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "Dashboard")]
pub struct DashboardDto {
    pub from: Option<String>,
    pub as_of: String,
    pub previous_from: Option<String>,
    pub previous_as_of: Option<String>,
    pub current: FiguresDto,
    pub previous: Option<FiguresDto>,
    /// Every month of the period, revenue and NPS (months without answers have no NPS).
    pub months: Vec<MonthFigureDto>,
    pub tiers: Vec<TierDto>,
    /// `[share of customers, share of revenue]` along the customers from the largest.
    pub pareto: Vec<[f64; 2]>,
    pub rfm_grid: Vec<RfmCellDto>,
    pub lifecycle: Vec<StageCountDto>,
}

impl From<Dashboard> for DashboardDto {
    fn from(d: Dashboard) -> Self {
        let mut months: Vec<MonthFigureDto> = d
            .revenue_by_month
            .into_iter()
            .map(|m| MonthFigureDto {
                month: m.month,
                revenue: m.revenue.to_string(),
                promoters: 0,
                passives: 0,
                detractors: 0,
                nps: None,
            })
            .collect();
        for n in d.nps_by_month {
            if let Some(m) = months.iter_mut().find(|m| m.month == n.month) {
                m.promoters = n.figures.promoters;
                m.passives = n.figures.passives;
                m.detractors = n.figures.detractors;
                m.nps = n.figures.nps.map(|v| v.to_string());
            }
        }
        DashboardDto {
            from: d.period.from.map(|f| f.to_string()),
            as_of: d.period.as_of.to_string(),
            previous_from: d
                .previous_period
                .and_then(|p| p.from.map(|f| f.to_string())),
            previous_as_of: d.previous_period.map(|p| p.as_of.to_string()),
            current: d.current.into(),
            previous: d.previous.map(Into::into),
            months,
            tiers: d
                .tiers
                .into_iter()
                .map(|t| TierDto {
                    tier: t.tier.as_str().to_owned(),
                    customers: t.customers,
                    revenue: t.revenue.to_string(),
                })
                .collect(),
            pareto: d.pareto.into_iter().map(|(x, y)| [x, y]).collect(),
            rfm_grid: d
                .rfm_grid
                .into_iter()
                .map(|c| RfmCellDto {
                    r: c.r,
                    fm: c.fm,
                    segment: c.segment.as_str().to_owned(),
                    customers: c.customers,
                })
                .collect(),
            lifecycle: d
                .lifecycle
                .into_iter()
                .map(|(s, n)| StageCountDto {
                    stage: s.as_str().to_owned(),
                    customers: n,
                })
                .collect(),
        }
    }
}

/// A customer's value: tier, RFM and the computed lifecycle with what it was computed from.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "CustomerValue")]
pub struct CustomerValueDto {
    pub customer_id: String,
    pub code: String,
    pub name: String,
    pub revenue: String,
    #[ts(type = "number")]
    pub orders: u64,
    #[ts(type = "AbcTier")]
    pub tier: String,
    pub rank: u32,
    pub r: Option<u8>,
    pub f: Option<u8>,
    pub m: Option<u8>,
    #[ts(type = "RfmSegment | null")]
    pub rfm_segment: Option<String>,
    #[ts(type = "Lifecycle | null")]
    pub stage: Option<String>,
    pub first_order: Option<String>,
    pub last_order: Option<String>,
    #[ts(type = "number | null")]
    pub days_since_last: Option<i64>,
    pub usual_interval_days: Option<f64>,
}

impl From<CustomerValue> for CustomerValueDto {
    fn from(v: CustomerValue) -> Self {
        let l = v.lifecycle;
        CustomerValueDto {
            customer_id: v.activity.customer_id.to_string(),
            code: v.activity.code,
            name: v.activity.name,
            revenue: v.activity.revenue.to_string(),
            orders: v.activity.orders,
            tier: v.tier.as_str().to_owned(),
            rank: v.rank as u32,
            r: v.rfm.map(|x| x.0),
            f: v.rfm.map(|x| x.1),
            m: v.rfm.map(|x| x.2),
            rfm_segment: v.rfm.map(|x| x.3.as_str().to_owned()),
            stage: l.as_ref().map(|l| l.stage.as_str().to_owned()),
            first_order: l.as_ref().map(|l| l.first_order.to_string()),
            last_order: l.as_ref().map(|l| l.last_order.to_string()),
            days_since_last: l.as_ref().map(|l| l.days_since_last),
            usual_interval_days: l.and_then(|l| l.usual_interval_days),
        }
    }
}

/// A customer slipping away, with what an owner decides on.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "SlippingCustomer")]
pub struct SlippingDto {
    pub value: CustomerValueDto,
    /// The latest orders, oldest first: `[date, gross]`.
    pub recent_orders: Vec<[String; 2]>,
    pub last_complaint_id: Option<String>,
    pub last_complaint_number: Option<String>,
    #[ts(type = "FeedbackCategory | null")]
    pub last_complaint_category: Option<String>,
    pub last_complaint_at: Option<String>,
    pub last_nps: Option<u8>,
    pub last_nps_on: Option<String>,
}

impl From<Slipping> for SlippingDto {
    fn from(s: Slipping) -> Self {
        let c = s.last_complaint;
        SlippingDto {
            value: s.value.into(),
            recent_orders: s
                .recent_orders
                .into_iter()
                .map(|(d, g)| [d.to_string(), g.to_string()])
                .collect(),
            last_complaint_id: c.as_ref().map(|c| c.id.to_string()),
            last_complaint_number: c.as_ref().map(|c| c.number.clone()),
            last_complaint_category: c.as_ref().map(|c| c.category.clone()),
            last_complaint_at: c.map(|c| c.opened_at),
            last_nps: s.last_nps.map(|n| n.0),
            last_nps_on: s.last_nps.map(|n| n.1.to_string()),
        }
    }
}

/// The lost-customer list's request.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct SlippingQuery {
    pub analysis: AnalysisInput,
    /// `at_risk`, `lost`, or `null` for both.
    #[ts(type = "Lifecycle | null")]
    pub stage: Option<String>,
    pub page: u32,
    pub page_size: u32,
}

impl SlippingQuery {
    pub fn stage(&self) -> Result<Option<Lifecycle>, ValidationError> {
        match self.stage.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(s) => Lifecycle::parse(s).map(Some).ok_or_else(|| {
                ValidationError::new(ErrorCode::InvalidChoice, "stage", "unknown stage")
            }),
        }
    }
}

/// One customer's figures for the 360 page.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "CustomerInsight")]
pub struct CustomerInsightDto {
    pub value: CustomerValueDto,
    /// How many customers were ranked (those buying in the customer's currency).
    pub ranked: u32,
    pub loyalty: f64,
    pub loyalty_subjective: Option<f64>,
    pub loyalty_objective: f64,
    pub loyalty_weight: f64,
    pub latest_nps: Option<u8>,
    pub latest_csat: Option<u8>,
}

impl CustomerInsightDto {
    pub fn new(i: CustomerInsight, weight: f64) -> Self {
        CustomerInsightDto {
            ranked: i.ranked as u32,
            loyalty: i.loyalty.index,
            loyalty_subjective: i.loyalty.subjective,
            loyalty_objective: i.loyalty.objective,
            loyalty_weight: weight,
            latest_nps: i.loyalty_input.nps,
            latest_csat: i.loyalty_input.csat,
            value: i.value.into(),
        }
    }
}

/// Converts a store page of slipping customers.
pub fn slipping_page(p: chainbook_store::Page<Slipping>) -> PageDto<SlippingDto> {
    page(p, SlippingDto::from)
}
