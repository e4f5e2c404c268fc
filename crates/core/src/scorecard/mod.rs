//! The supplier scorecard (供应商记分卡, after Dell's): per period (a month, quarter or year),
//! five criteria from what was recorded, each mapped to 0–100 by a fixed monotone rule,
//! weighted by weights that sum to 100, into a score and a grade.
//!
//! **Inputs** (counted by the store, per supplier and period):
//! - *on time*: purchase order lines due (expected) in the period, of orders that were sent
//!   (not draft, not cancelled: a cancelled order was our decision, not a late delivery), and
//!   of those the lines whose delivered quantity (accepted + rejected) reached the ordered
//!   quantity by the expected date. A short-closed line that never arrived in full is late.
//! - *quality*: receipts dated in the period — accepted and rejected quantities, and how many
//!   receipts had any rejection.
//! - *price*: the lines due in the period of products that at least two suppliers had lines
//!   for in the period (in the same currency): what this supplier charged (Σ quantity × unit
//!   price) against what the same quantities cost at all suppliers' quantity-weighted average
//!   price of each product ([`price_index`]).
//! - *complaints*: complaints opened in the period whose root cause names the supplier, per
//!   1,000 units received (accepted + rejected) in the period.
//! - *ratings*: the periodic evaluations whose period (a month or a quarter) overlaps the
//!   scorecard's period: the mean of their cooperation, service and technology ratings (1–5).
//!
//! **Rules to 0–100** (each monotone: a better input never scores lower):
//! - on time: 100 × on-time lines ÷ lines due;
//! - quality: the mean of a defects part, 100 − defects per million ÷ 1,000 (0 at 100,000
//!   DPM, i.e. 10 % rejected, and below), and a receipts part, 100 × the share of receipts
//!   without any rejection;
//! - price: 100 − 2.5 × (index − 90), within 0–100: 90 or cheaper scores 100, the average
//!   (100) 75, 110 scores 50 and 130 or dearer 0;
//! - complaints: 100 − 10 × complaints per 1,000 units, within 0–100 (10 per 1,000 scores 0);
//! - ratings: (mean − 1) × 25, so 1 scores 0 and 5 scores 100.
//!
//! A criterion without its data (no line due, nothing received, no product bought from a
//! second supplier, no evaluation) has no score, and the score is the weighted mean of the
//! criteria that have one. When those carry less than half of the weights the period has
//! **not enough data**: no score and no grade, rather than a 0. Grades: A ≥ 85, B ≥ 70,
//! C ≥ 50, D below; D suggests putting the supplier on probation.

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::choice::choice_enum;
use crate::error::{ErrorCode, ValidationError};

choice_enum!(
    /// How long a scorecard's period is.
    PeriodKind {
        Month => "month",
        Quarter => "quarter",
        Year => "year",
    }
);

choice_enum!(
    /// A scorecard's criteria, in the order they are shown.
    Criterion {
        OnTime => "on_time",
        Quality => "quality",
        Price => "price",
        Complaints => "complaints",
        Ratings => "ratings",
    }
);

choice_enum!(
    /// A score's grade: A ≥ 85, B ≥ 70, C ≥ 50, D below.
    Grade {
        A => "A",
        B => "B",
        C => "C",
        D => "D",
    }
);

/// A scorecard's period: a calendar month, quarter or year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ScorePeriod {
    pub kind: PeriodKind,
    pub first: NaiveDate,
}

impl ScorePeriod {
    /// The period of `kind` that contains `day`.
    pub fn containing(kind: PeriodKind, day: NaiveDate) -> ScorePeriod {
        let month = match kind {
            PeriodKind::Month => day.month(),
            PeriodKind::Quarter => (day.month() - 1) / 3 * 3 + 1,
            PeriodKind::Year => 1,
        };
        ScorePeriod {
            kind,
            first: NaiveDate::from_ymd_opt(day.year(), month, 1).expect("a month's first day"),
        }
    }

    fn months(self) -> u32 {
        match self.kind {
            PeriodKind::Month => 1,
            PeriodKind::Quarter => 3,
            PeriodKind::Year => 12,
        }
    }

    /// The period's last day.
    pub fn last(self) -> NaiveDate {
        self.next().first.pred_opt().expect("a day before")
    }

    pub fn next(self) -> ScorePeriod {
        ScorePeriod {
            first: self.first + Months::new(self.months()),
            ..self
        }
    }

    pub fn previous(self) -> ScorePeriod {
        ScorePeriod {
            first: self.first - Months::new(self.months()),
            ..self
        }
    }

    /// `count` periods ending with this one, oldest first.
    pub fn history(self, count: u32) -> Vec<ScorePeriod> {
        let mut out = Vec::with_capacity(count as usize);
        let mut p = self;
        for _ in 0..count {
            out.push(p);
            p = p.previous();
        }
        out.reverse();
        out
    }

    /// `2026-07`, `2026-Q3` or `2026`: the text evaluations name their period with.
    pub fn label(self) -> String {
        match self.kind {
            PeriodKind::Month => self.first.format("%Y-%m").to_string(),
            PeriodKind::Quarter => {
                format!(
                    "{}-Q{}",
                    self.first.year(),
                    (self.first.month() - 1) / 3 + 1
                )
            }
            PeriodKind::Year => self.first.year().to_string(),
        }
    }

    /// Parses a [`label`](Self::label).
    pub fn parse(s: &str) -> Result<ScorePeriod, ValidationError> {
        let bad =
            || ValidationError::new(ErrorCode::InvalidDate, "period", "YYYY, YYYY-Qn or YYYY-MM");
        let s = s.trim().to_uppercase();
        let (year, rest) = match s.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (s.as_str(), None),
        };
        if year.len() != 4 {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let (kind, month) = match rest {
            None => (PeriodKind::Year, 1),
            Some(q) if q.len() == 2 && q.starts_with('Q') => match q[1..].parse::<u32>() {
                Ok(n @ 1..=4) => (PeriodKind::Quarter, (n - 1) * 3 + 1),
                _ => return Err(bad()),
            },
            Some(m) if m.len() == 2 => match m.parse::<u32>() {
                Ok(n @ 1..=12) => (PeriodKind::Month, n),
                _ => return Err(bad()),
            },
            Some(_) => return Err(bad()),
        };
        let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(bad)?;
        Ok(ScorePeriod { kind, first })
    }

    /// Whether an evaluation's period (`YYYY-MM` or `YYYY-Qn`) overlaps this one: a month's
    /// scorecard takes its month's and its quarter's evaluations, a quarter's those of the
    /// quarter and its months, a year's every one of the year.
    pub fn overlaps(self, evaluation_period: &str) -> bool {
        match ScorePeriod::parse(evaluation_period) {
            Ok(e) => e.first <= self.last() && self.first <= e.last(),
            Err(_) => false,
        }
    }
}

/// The weights of the criteria, whole numbers summing to 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Weights {
    pub on_time: u32,
    pub quality: u32,
    pub price: u32,
    pub complaints: u32,
    pub ratings: u32,
}

impl Default for Weights {
    /// Delivery and quality first, as in Dell's scorecard.
    fn default() -> Self {
        Weights {
            on_time: 30,
            quality: 30,
            price: 15,
            complaints: 15,
            ratings: 10,
        }
    }
}

impl Weights {
    pub fn of(&self, c: Criterion) -> u32 {
        match c {
            Criterion::OnTime => self.on_time,
            Criterion::Quality => self.quality,
            Criterion::Price => self.price,
            Criterion::Complaints => self.complaints,
            Criterion::Ratings => self.ratings,
        }
    }

    /// Refuses weights that do not sum to exactly 100 (`weights_sum`, naming the sum).
    pub fn validate(&self) -> Result<Weights, ValidationError> {
        let sum: u64 = Criterion::ALL.iter().map(|c| u64::from(self.of(*c))).sum();
        if sum != 100 {
            return Err(ValidationError::new(
                ErrorCode::WeightsSum,
                "weights",
                format!("the weights sum to {sum}, not 100"),
            ));
        }
        Ok(*self)
    }
}

/// What a supplier's scorecard of one period is computed from (see the module docs).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inputs {
    pub lines_due: u32,
    pub lines_on_time: u32,
    pub accepted_milli: i64,
    pub rejected_milli: i64,
    pub receipts: u32,
    pub receipts_with_rejection: u32,
    /// Σ quantity × this supplier's unit price over the compared lines.
    pub price_paid: Decimal,
    /// Σ quantity × all suppliers' average unit price of the product, over the same lines.
    pub price_at_average: Decimal,
    /// Products compared (bought from this and at least one other supplier).
    pub price_products: u32,
    pub complaints: u32,
    pub evaluations: u32,
    /// Σ of every evaluation's three ratings.
    pub ratings_sum: u32,
}

impl Inputs {
    /// Units received (accepted + rejected), as a number.
    pub fn units_received(&self) -> f64 {
        (self.accepted_milli + self.rejected_milli) as f64 / 1000.0
    }

    /// Rejected ÷ (accepted + rejected) × 1,000,000; `None` when nothing was received.
    pub fn defects_per_million(&self) -> Option<f64> {
        let received = self.accepted_milli + self.rejected_milli;
        (received > 0).then(|| self.rejected_milli as f64 * 1_000_000.0 / received as f64)
    }

    /// The share (0–1) of receipts with any rejection.
    pub fn rejection_share(&self) -> Option<f64> {
        (self.receipts > 0)
            .then(|| f64::from(self.receipts_with_rejection) / f64::from(self.receipts))
    }

    pub fn on_time_rate(&self) -> Option<f64> {
        (self.lines_due > 0).then(|| f64::from(self.lines_on_time) / f64::from(self.lines_due))
    }

    pub fn price_index(&self) -> Option<f64> {
        price_index(self.price_paid, self.price_at_average)
    }

    pub fn complaints_per_thousand(&self) -> Option<f64> {
        let units = self.units_received();
        (units > 0.0).then(|| f64::from(self.complaints) * 1000.0 / units)
    }

    /// The mean rating (1–5) of the evaluations.
    pub fn mean_rating(&self) -> Option<f64> {
        (self.evaluations > 0)
            .then(|| f64::from(self.ratings_sum) / f64::from(3 * self.evaluations))
    }

    /// Adds another part's inputs (the same supplier, another day of the period).
    pub fn add(&mut self, o: &Inputs) {
        self.lines_due += o.lines_due;
        self.lines_on_time += o.lines_on_time;
        self.accepted_milli += o.accepted_milli;
        self.rejected_milli += o.rejected_milli;
        self.receipts += o.receipts;
        self.receipts_with_rejection += o.receipts_with_rejection;
        self.price_paid += o.price_paid;
        self.price_at_average += o.price_at_average;
        self.price_products += o.price_products;
        self.complaints += o.complaints;
        self.evaluations += o.evaluations;
        self.ratings_sum += o.ratings_sum;
    }
}

/// What was paid as a percentage of the same quantities at the average price; `None` when
/// nothing was compared.
pub fn price_index(paid: Decimal, at_average: Decimal) -> Option<f64> {
    (at_average > Decimal::ZERO).then(|| {
        (paid * Decimal::ONE_HUNDRED / at_average)
            .to_f64()
            .unwrap_or(0.0)
    })
}

fn clamp(x: f64) -> f64 {
    x.clamp(0.0, 100.0)
}

/// Each criterion's 0–100 score by the module's rules; `None` without its data.
pub fn criterion_score(c: Criterion, i: &Inputs) -> Option<f64> {
    match c {
        Criterion::OnTime => i.on_time_rate().map(|r| 100.0 * r),
        Criterion::Quality => {
            let dpm = i.defects_per_million()?;
            let share = i.rejection_share()?;
            Some((clamp(100.0 - dpm / 1000.0) + 100.0 * (1.0 - share)) / 2.0)
        }
        Criterion::Price => i.price_index().map(|x| clamp(100.0 - 2.5 * (x - 90.0))),
        Criterion::Complaints => i.complaints_per_thousand().map(|r| clamp(100.0 - 10.0 * r)),
        Criterion::Ratings => i.mean_rating().map(|m| clamp((m - 1.0) * 25.0)),
    }
}

/// The grade of a 0–100 score.
pub fn grade(score: f64) -> Grade {
    if score >= 85.0 {
        Grade::A
    } else if score >= 70.0 {
        Grade::B
    } else if score >= 50.0 {
        Grade::C
    } else {
        Grade::D
    }
}

/// One criterion on a scorecard.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CriterionScore {
    pub criterion: Criterion,
    pub weight: u32,
    /// `None` without data.
    pub score: Option<f64>,
}

/// A supplier's scorecard of a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Scorecard {
    pub criteria: Vec<CriterionScore>,
    /// The weights of the criteria with a score (0–100).
    pub weight_covered: u32,
    /// `None` when there is not enough data.
    pub score: Option<f64>,
    pub grade: Option<Grade>,
}

impl Scorecard {
    /// Whether the grade suggests probation (D).
    pub fn suggests_probation(&self) -> bool {
        self.grade == Some(Grade::D)
    }
}

/// The scorecard of `inputs` under `weights` (already validated).
pub fn scorecard(inputs: &Inputs, weights: &Weights) -> Scorecard {
    let criteria: Vec<CriterionScore> = Criterion::ALL
        .iter()
        .map(|&c| CriterionScore {
            criterion: c,
            weight: weights.of(c),
            score: criterion_score(c, inputs),
        })
        .collect();
    let scored = criteria
        .iter()
        .filter(|c| c.score.is_some() && c.weight > 0);
    let weight_covered: u32 = scored.clone().map(|c| c.weight).sum();
    let score = (weight_covered * 2 >= 100).then(|| {
        scored
            .map(|c| f64::from(c.weight) * c.score.unwrap_or(0.0))
            .sum::<f64>()
            / f64::from(weight_covered)
    });
    Scorecard {
        criteria,
        weight_covered,
        score,
        grade: score.map(grade),
    }
}

#[cfg(test)]
mod tests;
