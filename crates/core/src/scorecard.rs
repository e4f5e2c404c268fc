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
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn close(a: Option<f64>, b: f64) {
        let a = a.expect("a score");
        assert!((a - b).abs() < 1e-9, "{a} ≠ {b}");
    }

    #[test]
    fn periods_have_their_days_labels_and_neighbours() {
        let q = ScorePeriod::containing(PeriodKind::Quarter, d("2026-08-15"));
        assert_eq!((q.first, q.last()), (d("2026-07-01"), d("2026-09-30")));
        assert_eq!(q.label(), "2026-Q3");
        assert_eq!(q.previous().label(), "2026-Q2");
        assert_eq!(q.next().label(), "2026-Q4");
        let m = ScorePeriod::containing(PeriodKind::Month, d("2024-02-10"));
        assert_eq!(m.last(), d("2024-02-29"));
        assert_eq!(m.previous().label(), "2024-01");
        assert_eq!(m.previous().previous().label(), "2023-12");
        let y = ScorePeriod::containing(PeriodKind::Year, d("2026-12-31"));
        assert_eq!(
            (y.first, y.last(), y.label()),
            (d("2026-01-01"), d("2026-12-31"), "2026".into())
        );
        for p in [q, m, y] {
            assert_eq!(ScorePeriod::parse(&p.label()), Ok(p));
        }
        let h = m.history(12);
        assert_eq!(h.len(), 12);
        assert_eq!(h[0].label(), "2023-03");
        assert_eq!(h[11], m);
        for bad in [
            "", "26", "2026-13", "2026-Q5", "2026-Q0", "2026-1", "2026-W1", "abcd",
        ] {
            assert_eq!(
                ScorePeriod::parse(bad).unwrap_err().code,
                ErrorCode::InvalidDate,
                "{bad}"
            );
        }
    }

    #[test]
    fn evaluations_count_in_the_periods_they_overlap() {
        let q3 = ScorePeriod::parse("2026-Q3").unwrap();
        assert!(q3.overlaps("2026-Q3"));
        assert!(q3.overlaps("2026-08"));
        assert!(!q3.overlaps("2026-10"));
        assert!(!q3.overlaps("2025-Q3"));
        let aug = ScorePeriod::parse("2026-08").unwrap();
        assert!(aug.overlaps("2026-Q3"));
        assert!(!aug.overlaps("2026-07"));
        assert!(ScorePeriod::parse("2026").unwrap().overlaps("2026-Q1"));
        assert!(!q3.overlaps("junk"));
    }

    #[test]
    fn weights_must_sum_to_100() {
        assert!(Weights::default().validate().is_ok());
        let w = Weights {
            on_time: 40,
            quality: 30,
            price: 15,
            complaints: 15,
            ratings: 10,
        };
        let e = w.validate().unwrap_err();
        assert_eq!(
            (e.code, e.field.as_ref()),
            (ErrorCode::WeightsSum, "weights")
        );
        assert!(e.message.contains("110"));
        let zero = Weights {
            on_time: 0,
            quality: 0,
            price: 0,
            complaints: 0,
            ratings: 0,
        };
        assert_eq!(zero.validate().unwrap_err().code, ErrorCode::WeightsSum);
        let one = Weights {
            on_time: 100,
            ..zero
        };
        assert!(one.validate().is_ok());
        // Large values cannot wrap around to 100.
        let huge = Weights {
            on_time: u32::MAX,
            quality: 101,
            ..zero
        };
        assert_eq!(huge.validate().unwrap_err().code, ErrorCode::WeightsSum);
    }

    /// Hand-computed: 4 lines due, 3 on time; received 950 + 50 rejected in 4 receipts of
    /// which 1 had rejections; paid 1,100 where the average would be 1,000; 2 complaints;
    /// evaluations 4,4,3 and 5,4,4.
    fn sample() -> Inputs {
        Inputs {
            lines_due: 4,
            lines_on_time: 3,
            accepted_milli: 950_000,
            rejected_milli: 50_000,
            receipts: 4,
            receipts_with_rejection: 1,
            price_paid: Decimal::new(1100, 0),
            price_at_average: Decimal::new(1000, 0),
            price_products: 1,
            complaints: 2,
            evaluations: 2,
            ratings_sum: 24,
        }
    }

    #[test]
    fn each_criterion_by_hand() {
        let i = sample();
        // 3 ÷ 4
        close(criterion_score(Criterion::OnTime, &i), 75.0);
        // DPM 50,000 → 50; 1 of 4 receipts rejected → 75; mean 62.5
        close(i.defects_per_million(), 50_000.0);
        close(criterion_score(Criterion::Quality, &i), 62.5);
        // index 110 → 100 − 2.5 × 20 = 50
        close(i.price_index(), 110.0);
        close(criterion_score(Criterion::Price, &i), 50.0);
        // 2 complaints per 1,000 units → 80
        close(i.complaints_per_thousand(), 2.0);
        close(criterion_score(Criterion::Complaints, &i), 80.0);
        // mean 24 ÷ 6 = 4 → 75
        close(criterion_score(Criterion::Ratings, &i), 75.0);
        // (30×75 + 30×62.5 + 15×50 + 15×80 + 10×75) ÷ 100 = 68.25 → C
        let card = scorecard(&i, &Weights::default());
        close(card.score, 68.25);
        assert_eq!(card.grade, Some(Grade::C));
        assert_eq!(card.weight_covered, 100);
    }

    #[test]
    fn rules_are_clamped_at_their_ends() {
        let mut i = sample();
        i.rejected_milli = 500_000; // 1/3 rejected: beyond 10 %
        i.receipts_with_rejection = 4;
        close(criterion_score(Criterion::Quality, &i), 0.0);
        i.price_paid = Decimal::new(800, 0);
        close(criterion_score(Criterion::Price, &i), 100.0);
        i.price_paid = Decimal::new(1400, 0);
        close(criterion_score(Criterion::Price, &i), 0.0);
        i.complaints = 100;
        close(criterion_score(Criterion::Complaints, &i), 0.0);
        i.ratings_sum = 6;
        close(criterion_score(Criterion::Ratings, &i), 0.0);
        i.ratings_sum = 30;
        close(criterion_score(Criterion::Ratings, &i), 100.0);
    }

    #[test]
    fn rules_are_monotone() {
        let base = sample();
        let mut prev = f64::INFINITY;
        for on_time in (0..=4).rev() {
            let s = criterion_score(
                Criterion::OnTime,
                &Inputs {
                    lines_on_time: on_time,
                    ..base.clone()
                },
            )
            .unwrap();
            assert!(s <= prev);
            prev = s;
        }
        let mut prev = f64::INFINITY;
        for rejected in (0..300_000).step_by(7_000) {
            let s = criterion_score(
                Criterion::Quality,
                &Inputs {
                    rejected_milli: rejected,
                    ..base.clone()
                },
            )
            .unwrap();
            assert!(s <= prev);
            prev = s;
        }
        let mut prev = f64::INFINITY;
        for paid in (500..2000).step_by(37) {
            let s = criterion_score(
                Criterion::Price,
                &Inputs {
                    price_paid: Decimal::from(paid),
                    ..base.clone()
                },
            )
            .unwrap();
            assert!(s <= prev);
            prev = s;
        }
        let mut prev = f64::INFINITY;
        for complaints in 0..20 {
            let s = criterion_score(
                Criterion::Complaints,
                &Inputs {
                    complaints,
                    ..base.clone()
                },
            )
            .unwrap();
            assert!(s <= prev);
            prev = s;
        }
    }

    #[test]
    fn no_data_is_not_a_zero() {
        let card = scorecard(&Inputs::default(), &Weights::default());
        assert_eq!(
            (card.score, card.grade, card.weight_covered),
            (None, None, 0)
        );
        assert!(card.criteria.iter().all(|c| c.score.is_none()));
        assert!(!card.suggests_probation());
        // Only the evaluations (10 %): not enough.
        let only_ratings = Inputs {
            evaluations: 1,
            ratings_sum: 15,
            ..Inputs::default()
        };
        assert_eq!(scorecard(&only_ratings, &Weights::default()).score, None);
        // Lines due but nothing received by the period's end: on time 0 of 2 (30 %), and
        // complaints per unit has no denominator — still not enough on its own.
        let nothing_came = Inputs {
            lines_due: 2,
            ..Inputs::default()
        };
        let c = scorecard(&nothing_came, &Weights::default());
        assert_eq!((c.weight_covered, c.score), (30, None));
        // With receipts too (on time + quality + complaints = 75 %): scored over those.
        let delivered = Inputs {
            lines_due: 2,
            lines_on_time: 1,
            accepted_milli: 10_000,
            receipts: 1,
            ..Inputs::default()
        };
        let c = scorecard(&delivered, &Weights::default());
        assert_eq!(c.weight_covered, 75);
        // (30×50 + 30×100 + 15×100) ÷ 75 = 80
        close(c.score, 80.0);
        assert_eq!(c.grade, Some(Grade::B));
    }

    #[test]
    fn grades_at_their_bounds() {
        assert_eq!(grade(100.0), Grade::A);
        assert_eq!(grade(85.0), Grade::A);
        assert_eq!(grade(84.99), Grade::B);
        assert_eq!(grade(70.0), Grade::B);
        assert_eq!(grade(69.99), Grade::C);
        assert_eq!(grade(50.0), Grade::C);
        assert_eq!(grade(49.99), Grade::D);
        assert_eq!(grade(0.0), Grade::D);
    }

    #[test]
    fn a_zero_weight_criterion_does_not_count() {
        let w = Weights {
            on_time: 50,
            quality: 50,
            price: 0,
            complaints: 0,
            ratings: 0,
        };
        let i = sample();
        // (50×75 + 50×62.5) ÷ 100
        close(scorecard(&i, &w).score, 68.75);
    }
}
