//! Group `forecast`: the forecasting engine over a product range (issue 17: forecasts with
//! backtests for 20,000 products × 36 months ≤ 5 s on this 2-core machine, using both cores).
//!
//! The series are synthetic and deterministic (a seed per product): a fifth each of seasonal
//! smooth demand, trended seasonal demand, flat noisy demand, intermittent and lumpy demand,
//! so the engine meets every candidate set it has (Holt-Winters forms, Croston's family).
//! Each product gets `chainbook_core::forecast::auto` (every candidate model fitted before
//! the backtest window, rolled through it, refitted on the whole history, the best five
//! combined; 12 months ahead with 80/95 % bands). The core stays single-threaded; here the
//! products are split into one contiguous share per core with `std::thread::scope`, as the
//! store's background run will do. Figures: the whole range on all cores (target 5 s) and on
//! one core (the speed-up is their ratio), each the median of a few runs.

use std::time::{Duration, Instant};

use chainbook_core::forecast::{self, Forecast};

use crate::{figure, Figure, Options, Result, Timed};

pub const FORECAST_PRODUCTS: usize = 20_000;
pub const FORECAST_MONTHS: usize = 36;
pub const FORECAST_TARGET_MS: f64 = 5_000.0;

/// SplitMix64: reproducible noise without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }

    fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.next()).sum::<f64>() - 6.0
    }
}

/// Product `i`'s monthly demand, `months` long.
pub fn series(i: usize, months: usize) -> Vec<f64> {
    let mut rng = Rng(0x5EED ^ (i as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let level = 5.0 + 200.0 * rng.next();
    let amp = 0.1 + 0.5 * rng.next();
    let phase = rng.next() * 12.0;
    let season = |t: usize| 1.0 + amp * (((t as f64 + phase) / 12.0) * std::f64::consts::TAU).sin();
    (0..months)
        .map(|t| {
            let v = match i % 5 {
                0 => level * season(t) * (1.0 + 0.1 * rng.normal()),
                1 => (level + 0.02 * level * t as f64) * season(t) + 0.1 * level * rng.normal(),
                2 => level + 0.2 * level * rng.normal(),
                3 => {
                    if rng.next() < 0.3 {
                        (2.0 + 4.0 * rng.next()).round()
                    } else {
                        0.0
                    }
                }
                _ => {
                    if rng.next() < 0.25 {
                        (1.0 + 40.0 * rng.next() * rng.next()).round()
                    } else {
                        0.0
                    }
                }
            };
            v.max(0.0).round()
        })
        .collect()
}

/// Forecasts every series on `threads` threads (contiguous shares); returns the forecasts in
/// order.
pub fn forecast_all(all: &[Vec<f64>], threads: usize) -> Vec<Forecast> {
    let threads = threads.max(1);
    let share = all.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = all
            .chunks(share)
            .map(|chunk| {
                s.spawn(move || {
                    chunk
                        .iter()
                        .map(|y| forecast::auto(y, 12, 12))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a forecasting thread panicked"))
            .collect()
    })
}

/// The group's figures for `products` series (the 20,000 in a real run).
pub fn run_forecast(products: usize, opts: &Options) -> Result<Vec<Figure>> {
    let all: Vec<Vec<f64>> = (0..products).map(|i| series(i, FORECAST_MONTHS)).collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // Each run takes seconds: a few runs, not the list pages' fifty.
    let reps = opts.reps.clamp(1, 3);
    // One warm-up: the first run pays for page faults of the series and the threads.
    forecast_all(&all[..all.len().min(500)], cores);
    let mut out = Vec::new();
    for (name, threads, target) in [
        (
            format!("{products} products × 36 months, {cores} threads"),
            cores,
            Some(FORECAST_TARGET_MS),
        ),
        (
            format!("{products} products × 36 months, 1 thread"),
            1,
            None,
        ),
    ] {
        let mut times: Vec<Duration> = Vec::with_capacity(reps);
        let mut rows = 0;
        for _ in 0..reps {
            let t = Instant::now();
            let fs = forecast_all(&all, threads);
            times.push(t.elapsed());
            rows = fs.iter().filter(|f| f.points.len() == 12).count() as u64;
        }
        out.push(figure(
            "forecast",
            name,
            target,
            Timed {
                times,
                // The products forecast (a count, not a page: no total).
                rows,
                total: None,
            },
        ));
    }
    Ok(out)
}
