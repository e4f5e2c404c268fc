//! Hand-computed tests of the scorecard's rules: each criterion's ends and monotonicity,
//! not-enough-data, grade bounds and refused weights.

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
