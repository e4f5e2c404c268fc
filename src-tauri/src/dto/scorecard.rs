//! Wire types of the supplier scorecard: the ranking, one supplier's page (its criteria with
//! their inputs, the history, the records behind every input, the status changes), and the
//! weights.

use chainbook_core::scorecard::{Criterion, Inputs, Scorecard, Weights};
use chainbook_store::suppliers::scorecard::{
    CauseComplaint, DueLine, HistoryPoint, PriceComparison, ScoreReceipt, StatusChange,
    SupplierScore, SupplierScorecard,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::suppliers::EvaluationDto;
use super::wire::qty;

/// The scorecard's weights (whole numbers that must sum to 100).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "ScoreWeights")]
pub struct WeightsDto {
    pub on_time: u32,
    pub quality: u32,
    pub price: u32,
    pub complaints: u32,
    pub ratings: u32,
}

impl From<Weights> for WeightsDto {
    fn from(w: Weights) -> Self {
        WeightsDto {
            on_time: w.on_time,
            quality: w.quality,
            price: w.price,
            complaints: w.complaints,
            ratings: w.ratings,
        }
    }
}

impl From<WeightsDto> for Weights {
    fn from(w: WeightsDto) -> Self {
        Weights {
            on_time: w.on_time,
            quality: w.quality,
            price: w.price,
            complaints: w.complaints,
            ratings: w.ratings,
        }
    }
}

/// What the criteria are computed from, with the rates derived from them (`null` without
/// data); quantities and amounts as decimal text.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "ScoreInputs")]
pub struct ScoreInputsDto {
    pub lines_due: u32,
    pub lines_on_time: u32,
    pub on_time_rate: Option<f64>,
    pub accepted: String,
    pub rejected: String,
    pub receipts: u32,
    pub receipts_with_rejection: u32,
    pub defects_per_million: Option<f64>,
    pub rejection_share: Option<f64>,
    pub price_paid: String,
    pub price_at_average: String,
    pub price_products: u32,
    pub price_index: Option<f64>,
    pub complaints: u32,
    pub complaints_per_thousand: Option<f64>,
    pub evaluations: u32,
    pub mean_rating: Option<f64>,
}

impl From<&Inputs> for ScoreInputsDto {
    fn from(i: &Inputs) -> Self {
        ScoreInputsDto {
            lines_due: i.lines_due,
            lines_on_time: i.lines_on_time,
            on_time_rate: i.on_time_rate(),
            accepted: qty(chainbook_core::product::Qty(i.accepted_milli)),
            rejected: qty(chainbook_core::product::Qty(i.rejected_milli)),
            receipts: i.receipts,
            receipts_with_rejection: i.receipts_with_rejection,
            defects_per_million: i.defects_per_million(),
            rejection_share: i.rejection_share(),
            price_paid: i.price_paid.round_dp(2).to_string(),
            price_at_average: i.price_at_average.round_dp(2).to_string(),
            price_products: i.price_products,
            price_index: i.price_index(),
            complaints: i.complaints,
            complaints_per_thousand: i.complaints_per_thousand(),
            evaluations: i.evaluations,
            mean_rating: i.mean_rating(),
        }
    }
}

/// One criterion: its weight and its 0–100 score (`null` without data).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "CriterionScore")]
pub struct CriterionScoreDto {
    #[ts(type = "ScoreCriterion")]
    pub criterion: String,
    pub weight: u32,
    pub score: Option<f64>,
}

/// A supplier's scorecard of a period.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "SupplierScore")]
pub struct SupplierScoreDto {
    pub supplier_id: String,
    pub code: String,
    pub name: String,
    #[ts(type = "\"goods\" | \"logistics\" | \"service\"")]
    pub kind: String,
    #[ts(type = "\"approved\" | \"probation\" | \"blocked\"")]
    pub status: String,
    pub inputs: ScoreInputsDto,
    pub criteria: Vec<CriterionScoreDto>,
    /// The weights of the criteria with data.
    pub weight_covered: u32,
    /// `null`: not enough data.
    pub score: Option<f64>,
    #[ts(type = "ScoreGrade | null")]
    pub grade: Option<String>,
    /// Grade D, and the supplier is not already on probation or blocked.
    pub suggests_probation: bool,
}

fn criteria(card: &Scorecard) -> Vec<CriterionScoreDto> {
    card.criteria
        .iter()
        .map(|c| CriterionScoreDto {
            criterion: c.criterion.as_str().to_owned(),
            weight: c.weight,
            score: c.score,
        })
        .collect()
}

impl From<SupplierScore> for SupplierScoreDto {
    fn from(s: SupplierScore) -> Self {
        SupplierScoreDto {
            supplier_id: s.supplier_id.to_string(),
            inputs: (&s.inputs).into(),
            criteria: criteria(&s.card),
            weight_covered: s.card.weight_covered,
            score: s.card.score,
            grade: s.card.grade.map(|g| g.as_str().to_owned()),
            suggests_probation: s.card.suggests_probation()
                && s.status == chainbook_core::supplier::SupplierStatus::Approved,
            code: s.code,
            name: s.name,
            kind: s.kind.as_str().to_owned(),
            status: s.status.as_str().to_owned(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "ScoreHistoryPoint")]
pub struct HistoryPointDto {
    /// `2026-07`, `2026-Q3` or `2026`.
    pub period: String,
    pub score: Option<f64>,
    #[ts(type = "ScoreGrade | null")]
    pub grade: Option<String>,
}

impl From<HistoryPoint> for HistoryPointDto {
    fn from(h: HistoryPoint) -> Self {
        HistoryPointDto {
            period: h.period.label(),
            score: h.score,
            grade: h.grade.map(|g| g.as_str().to_owned()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "ScoreDueLine")]
pub struct DueLineDto {
    pub po_id: String,
    pub po_number: String,
    #[ts(type = "PoStatus")]
    pub po_status: String,
    pub sku: String,
    pub product_name: String,
    pub ordered: String,
    pub expected_on: String,
    pub delivered_by_expected: String,
    pub delivered: String,
    pub completed_on: Option<String>,
    pub on_time: bool,
}

impl From<DueLine> for DueLineDto {
    fn from(l: DueLine) -> Self {
        DueLineDto {
            po_id: l.po_id.to_string(),
            po_number: l.po_number,
            po_status: l.po_status.as_str().to_owned(),
            sku: l.sku,
            product_name: l.product_name,
            ordered: qty(l.ordered),
            expected_on: l.expected_on.to_string(),
            delivered_by_expected: qty(l.delivered_by_expected),
            delivered: qty(l.delivered),
            completed_on: l.completed_on.map(|d| d.to_string()),
            on_time: l.on_time,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "ScoreReceipt")]
pub struct ScoreReceiptDto {
    pub po_id: String,
    pub po_number: String,
    pub sku: String,
    pub product_name: String,
    pub received_on: String,
    pub accepted: String,
    pub rejected: String,
}

impl From<ScoreReceipt> for ScoreReceiptDto {
    fn from(r: ScoreReceipt) -> Self {
        ScoreReceiptDto {
            po_id: r.po_id.to_string(),
            po_number: r.po_number,
            sku: r.sku,
            product_name: r.product_name,
            received_on: r.received_on.to_string(),
            accepted: qty(r.accepted),
            rejected: qty(r.rejected),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "ScoreComplaint")]
pub struct CauseComplaintDto {
    pub id: String,
    pub number: String,
    pub opened_at: String,
    pub customer_name: String,
    #[ts(type = "FeedbackCategory")]
    pub category: String,
    pub root_cause: String,
    #[ts(type = "ComplaintStatus")]
    pub status: String,
}

impl From<CauseComplaint> for CauseComplaintDto {
    fn from(c: CauseComplaint) -> Self {
        CauseComplaintDto {
            id: c.id.to_string(),
            number: c.number,
            opened_at: c.opened_at,
            customer_name: c.customer_name,
            category: c.category,
            root_cause: c.root_cause,
            status: c.status,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "ScorePrice")]
pub struct PriceComparisonDto {
    pub product_id: String,
    pub sku: String,
    pub product_name: String,
    pub currency: String,
    pub quantity: String,
    pub own_average: String,
    pub average: String,
    pub suppliers: u32,
}

impl From<PriceComparison> for PriceComparisonDto {
    fn from(p: PriceComparison) -> Self {
        PriceComparisonDto {
            product_id: p.product_id.to_string(),
            sku: p.sku,
            product_name: p.product_name,
            currency: p.currency,
            quantity: qty(p.quantity),
            own_average: p.own_average.normalize().to_string(),
            average: p.average.normalize().to_string(),
            suppliers: p.suppliers,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "SupplierStatusChange")]
pub struct StatusChangeDto {
    #[ts(type = "\"approved\" | \"probation\" | \"blocked\"")]
    pub from: String,
    #[ts(type = "\"approved\" | \"probation\" | \"blocked\"")]
    pub status: String,
    pub reason: String,
    pub at: String,
}

impl From<StatusChange> for StatusChangeDto {
    fn from(c: StatusChange) -> Self {
        StatusChangeDto {
            from: c.from.as_str().to_owned(),
            status: c.status.as_str().to_owned(),
            reason: c.reason,
            at: c.at,
        }
    }
}

/// A supplier's scorecard page.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "SupplierScorecard")]
pub struct SupplierScorecardDto {
    pub score: SupplierScoreDto,
    pub weights: WeightsDto,
    pub history: Vec<HistoryPointDto>,
    pub lines: Vec<DueLineDto>,
    pub receipts: Vec<ScoreReceiptDto>,
    pub complaints: Vec<CauseComplaintDto>,
    pub prices: Vec<PriceComparisonDto>,
    pub evaluations: Vec<EvaluationDto>,
    pub status_changes: Vec<StatusChangeDto>,
}

impl From<SupplierScorecard> for SupplierScorecardDto {
    fn from(s: SupplierScorecard) -> Self {
        let r = s.records;
        SupplierScorecardDto {
            score: s.score.into(),
            weights: s.weights.into(),
            history: s.history.into_iter().map(Into::into).collect(),
            lines: r.lines.into_iter().map(Into::into).collect(),
            receipts: r.receipts.into_iter().map(Into::into).collect(),
            complaints: r.complaints.into_iter().map(Into::into).collect(),
            prices: r.prices.into_iter().map(Into::into).collect(),
            evaluations: r.evaluations.into_iter().map(Into::into).collect(),
            status_changes: s.status_changes.into_iter().map(Into::into).collect(),
        }
    }
}

/// Every criterion's text, for the bindings' union.
pub fn criteria_names() -> impl Iterator<Item = &'static str> {
    Criterion::ALL.iter().map(|c| c.as_str())
}
