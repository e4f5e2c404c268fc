//! Tests of the automatic choice on synthetic series whose best model is known, of the
//! bands and of determinism. The real-series panel is in `crates/core/tests/forecast.rs`.

use super::*;

/// A small deterministic generator (SplitMix64) for reproducible noise.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Roughly normal: the sum of twelve uniforms, centred.
    fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.next()).sum::<f64>() - 6.0
    }
}

fn uses(f: &Forecast, pred: impl Fn(Model) -> bool) -> bool {
    pred(f.components[0].model)
}

#[test]
fn a_pure_season_is_forecast_exactly_by_a_seasonal_model() {
    let pattern = [20.0, 25.0, 40.0, 60.0, 55.0, 30.0];
    let y: Vec<f64> = (0..36).map(|t| pattern[t % 6]).collect();
    let f = auto(&y, 6, 6);
    assert!(uses(&f, |m| m.seasonal()), "{:?}", f.components);
    for (h, p) in f.points.iter().enumerate() {
        assert!((p.mean - pattern[h % 6]).abs() < 1e-3, "{h}: {p:?}");
    }
    assert!(f.backtest.unwrap().mase < 1e-3);
}

#[test]
fn a_trend_is_followed_and_beats_the_naive_baseline() {
    let mut rng = Rng(7);
    let y: Vec<f64> = (0..40)
        .map(|t| 50.0 + 3.0 * t as f64 + rng.normal())
        .collect();
    let f = auto(&y, 1, 6);
    assert!(
        uses(&f, |m| matches!(m, Model::Holt | Model::HoltDamped)),
        "{:?}",
        f.components
    );
    let last = 50.0 + 3.0 * 39.0;
    assert!(
        (f.points[5].mean - (last + 18.0)).abs() < 6.0,
        "{:?}",
        f.points[5]
    );
    assert!(f.backtest.unwrap().mase < 0.5 * f.baseline.unwrap().mase);
}

#[test]
fn intermittent_demand_uses_crostons_family() {
    let mut rng = Rng(11);
    let y: Vec<f64> = (0..48)
        .map(|_| {
            if rng.next() < 0.3 {
                4.0 + (rng.next() * 3.0).floor()
            } else {
                0.0
            }
        })
        .collect();
    assert_eq!(classify(&y), Some(DemandClass::Intermittent));
    let f = auto_with(&y, 12, 12, Settings { combine: 1 });
    assert!(
        uses(&f, |m| matches!(
            m,
            Model::Croston | Model::Sba | Model::Tsb | Model::Ses
        )),
        "{:?}",
        f.components
    );
    // The mean forecast is near the mean demand (0.3 × 5), not a copy of last year.
    let mean = y.iter().sum::<f64>() / y.len() as f64;
    assert!(
        (f.points[0].mean - mean).abs() < 1.0,
        "{:?} vs {mean}",
        f.points[0]
    );
    assert!(f.points.iter().all(|p| p.lo80 >= 0.0 && p.lo95 >= 0.0));
}

#[test]
fn white_noise_is_forecast_flat_near_its_mean() {
    let mut rng = Rng(3);
    let y: Vec<f64> = (0..60).map(|_| 100.0 + 5.0 * rng.normal()).collect();
    let f = auto(&y, 12, 12);
    let mean = y.iter().sum::<f64>() / 60.0;
    for p in &f.points {
        assert!((p.mean - mean).abs() < 6.0, "{p:?} vs {mean}");
        // About ±1.28 σ (σ = 5) for the 80 % band, not wildly wider.
        assert!(p.hi80 - p.lo80 > 8.0 && p.hi80 - p.lo80 < 30.0, "{p:?}");
    }
    // Seasonal naive doubles the noise; the choice does much better.
    assert!(f.backtest.unwrap().mase < f.baseline.unwrap().mase);
}

#[test]
fn bands_are_ordered_never_negative_and_widen() {
    let mut rng = Rng(5);
    let y: Vec<f64> = (0..36)
        .map(|t| (2.0 + 2.0 * ((t % 12) as f64 / 2.0).sin() + rng.normal()).max(0.0))
        .collect();
    for m in Model::ALL {
        let Some(f) = fit(m, &y, 12, 12) else {
            continue;
        };
        for p in &f.points {
            assert!(
                0.0 <= p.lo95 && p.lo95 <= p.lo80 && p.lo80 <= p.mean,
                "{m:?} {p:?}"
            );
            assert!(p.mean <= p.hi80 && p.hi80 <= p.hi95, "{m:?} {p:?}");
        }
        let w = |p: &Point| p.hi95 - p.lo95;
        assert!(
            w(&f.points[11]) >= w(&f.points[0]) - 1e-9 || m.seasonal(),
            "{m:?}"
        );
    }
}

#[test]
fn the_same_history_gives_the_same_forecast() {
    let mut rng = Rng(9);
    let y: Vec<f64> = (0..36)
        .map(|t| 10.0 + (t % 12) as f64 + rng.normal())
        .collect();
    let a = auto(&y, 12, 12);
    let b = auto(&y, 12, 12);
    assert_eq!(a, b);
}

#[test]
fn short_and_empty_histories() {
    let f = auto(&[], 12, 3);
    assert_eq!(f.points.len(), 3);
    assert!(f.points.iter().all(|p| p.mean == 0.0));
    let f = auto(&[4.0, 6.0, 5.0], 12, 3);
    assert_eq!(f.backtest, None);
    assert!(f.points.iter().all(|p| p.mean > 0.0 && p.lo95 >= 0.0));
    let f = auto(&[0.0; 30], 12, 3);
    assert_eq!(f.class, None);
    assert!(f.points.iter().all(|p| p.mean == 0.0));
    // Holt-Winters needs two full seasons; multiplicative needs positive data.
    assert!(fit(Model::HoltWintersAdditive, &[1.0; 20], 12, 3).is_none());
    let mut y = vec![5.0; 36];
    y[3] = 0.0;
    assert!(fit(Model::HoltWintersMultiplicative, &y, 12, 3).is_none());
    assert!(fit(Model::HoltWintersAdditive, &y, 12, 3).is_some());
}

#[test]
fn model_codes_round_trip() {
    for m in Model::ALL {
        assert_eq!(Model::parse(m.as_str()), Some(m));
    }
    assert_eq!(Model::parse("arima"), None);
}

#[test]
fn a_combination_never_holds_the_same_forecast_twice() {
    // A steep line with a little noise: SES fits α near 1 and forecasts what naive does;
    // of the four candidates without a season only three may take a share.
    let mut rng = Rng(21);
    let y: Vec<f64> = (0..48)
        .map(|t| 10.0 + 20.0 * t as f64 + 0.5 * rng.normal())
        .collect();
    let ses = fit(Model::Ses, &y, 1, 12).unwrap();
    let alpha = ses.components[0].params.alpha.unwrap();
    assert!(alpha > 0.99, "{alpha}");
    let f = auto_with(&y, 1, 12, Settings { combine: 5 });
    let models: Vec<Model> = f.components.iter().map(|c| c.model).collect();
    assert_eq!(models.len(), 3, "{models:?}");
    assert!(
        !(models.contains(&Model::Naive) && models.contains(&Model::Ses)),
        "{models:?}"
    );
    assert!(super::same_forecasts(
        &[1.0, 2.0, f64::NAN],
        &[1.0, 2.0005, 3.0]
    ));
    assert!(!super::same_forecasts(&[1.0, 2.0], &[1.0, 2.5]));
    let w: f64 = f.components.iter().map(|c| c.weight).sum();
    assert!((w - 1.0).abs() < 1e-12);
}
