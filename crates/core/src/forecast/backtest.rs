//! Rolling-origin backtests: the window, the scale of MASE, accuracy of forecasts made from
//! several origins, and error spreads per horizon for models without an interval formula.
//!
//! A model's weights are fitted once on the history before the window, then the model runs
//! on through the window with those weights, forecasting `1..=horizon` steps from every
//! origin in it (no refit per origin: the weights never see the points they are judged on,
//! and one fit per model keeps 20,000 products within seconds).

use super::Accuracy;

/// Where the backtest window starts and what it may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Window {
    /// The first origin: models are fitted on `history[..first]`.
    pub first: usize,
    /// Steps forecast from each origin.
    pub horizon: usize,
    /// The season, or 1 when the history is too short to use one.
    pub season: usize,
}

impl Window {
    /// The window for a history of `n` points with season `m`, forecasting `horizon` steps:
    /// `max(horizon, m)` origins, at most half the history, fewer if that keeps two full
    /// seasons before the window (and at least four origins). `None` below 6 points.
    pub(crate) fn plan(n: usize, m: usize, horizon: usize) -> Option<Window> {
        if n < 6 {
            return None;
        }
        let mut len = horizon.max(m).max(1).min(n / 2);
        if m >= 2 && n - len < 2 * m && n >= 2 * m + 4 {
            len = n - 2 * m;
        }
        let first = n - len;
        let season = if m >= 2 && first >= 2 * m { m } else { 1 };
        Some(Window {
            first,
            horizon: horizon.max(1),
            season,
        })
    }

    pub(crate) fn slots(&self, n: usize) -> usize {
        (n - self.first) * self.horizon
    }
}

/// The MASE denominator: the in-sample mean absolute error of the seasonal naive forecast of
/// `y` (the naive one when `m` < 2 or `y` is shorter than two seasons); 1 for a series that
/// never changes, so MASE is then the mean absolute error itself.
pub(crate) fn scale(y: &[f64], m: usize) -> f64 {
    let lag = if m >= 2 && y.len() >= 2 * m { m } else { 1 };
    let (mut s, mut k) = (0.0, 0usize);
    for t in lag..y.len() {
        s += (y[t] - y[t - lag]).abs();
        k += 1;
    }
    if k == 0 || s == 0.0 {
        1.0
    } else {
        s / k as f64
    }
}

/// Accuracy of rolled forecasts (`out` as `Fitted::roll` writes it) against `y`.
pub(crate) fn accuracy(y: &[f64], w: &Window, out: &[f64], scale: f64) -> Accuracy {
    let (mut abs, mut pct, mut k) = (0.0, 0.0, 0usize);
    let mut mape_defined = true;
    for (i, f) in out.iter().enumerate() {
        if f.is_nan() {
            continue;
        }
        let t = w.first + i / w.horizon + i % w.horizon;
        let e = (y[t] - f).abs();
        abs += e;
        k += 1;
        if y[t] == 0.0 {
            mape_defined = false;
        } else {
            pct += e / y[t].abs();
        }
    }
    if k == 0 {
        return Accuracy {
            mase: f64::INFINITY,
            mape: None,
            forecasts: 0,
        };
    }
    Accuracy {
        mase: abs / k as f64 / scale,
        mape: mape_defined.then(|| 100.0 * pct / k as f64),
        forecasts: k,
    }
}

/// The spread of backtest errors per horizon: the root mean square error at that horizon,
/// pooled with the neighbouring horizons until at least six errors count, and never
/// shrinking with the horizon. Writes `sds[h − 1]`; returns `false` without any error.
pub(crate) fn error_sds(y: &[f64], w: &Window, out: &[f64], sds: &mut [f64]) -> bool {
    let h = w.horizon;
    let mut sum = vec![0.0; h];
    let mut cnt = vec![0usize; h];
    for (i, f) in out.iter().enumerate() {
        if f.is_nan() {
            continue;
        }
        let t = w.first + i / h + i % h;
        sum[i % h] += (y[t] - f).powi(2);
        cnt[i % h] += 1;
    }
    if cnt.iter().all(|c| *c == 0) {
        return false;
    }
    let mut last: f64 = 0.0;
    for (k, sd) in sds.iter_mut().enumerate() {
        let c = k.min(h - 1);
        let (mut s, mut n, mut r) = (sum[c], cnt[c], 1);
        while n < 6 && (r <= c || c + r < h) {
            if r <= c {
                s += sum[c - r];
                n += cnt[c - r];
            }
            if c + r < h {
                s += sum[c + r];
                n += cnt[c + r];
            }
            r += 1;
        }
        let v = if n == 0 { last } else { (s / n as f64).sqrt() };
        // Beyond the backtest's horizon the spread grows like a random walk's.
        let grow = if k >= h {
            ((k + 1) as f64 / h as f64).sqrt()
        } else {
            1.0
        };
        last = last.max(v * grow);
        *sd = last;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows() {
        // 36 months: twelve origins, two full seasons before them.
        let w = Window::plan(36, 12, 12).unwrap();
        assert_eq!((w.first, w.season), (24, 12));
        // 30 months: six origins so that two seasons stay before the window.
        let w = Window::plan(30, 12, 12).unwrap();
        assert_eq!((w.first, w.season), (24, 12));
        // 20 months: too short for seasons; ten origins.
        let w = Window::plan(20, 12, 12).unwrap();
        assert_eq!((w.first, w.season), (10, 1));
        assert_eq!(Window::plan(5, 12, 12), None);
    }

    #[test]
    fn scale_is_seasonal_naive_error_or_naive() {
        let y = [1.0, 2.0, 3.0, 5.0, 2.0, 3.0, 4.0, 6.0];
        assert_eq!(scale(&y, 4), 1.0);
        assert!((scale(&y[..7], 4) - (1.0 + 1.0 + 2.0 + 3.0 + 1.0 + 1.0) / 6.0).abs() < 1e-12);
        assert_eq!(scale(&[3.0; 10], 1), 1.0);
    }

    #[test]
    fn accuracy_skips_targets_past_the_end_and_mape_needs_non_zero_actuals() {
        let y = [10.0, 10.0, 10.0, 20.0, 0.0];
        let w = Window {
            first: 3,
            horizon: 2,
            season: 1,
        };
        // Origin 3 forecasts y[3], y[4]; origin 4 forecasts y[4] only.
        let out = [18.0, 1.0, 2.0, f64::NAN];
        let a = accuracy(&y, &w, &out, 2.0);
        assert_eq!(a.forecasts, 3);
        assert!((a.mase - (2.0 + 1.0 + 2.0) / 3.0 / 2.0).abs() < 1e-12);
        assert_eq!(a.mape, None);
        let a = accuracy(&y[..4], &w, &[18.0, f64::NAN], 2.0);
        assert!((a.mape.unwrap() - 10.0).abs() < 1e-12);
    }

    #[test]
    fn error_spreads_pool_and_never_shrink() {
        let y: Vec<f64> = (0..20).map(|t| t as f64).collect();
        let w = Window {
            first: 10,
            horizon: 3,
            season: 1,
        };
        let mut out = vec![f64::NAN; w.slots(20)];
        for o in 10..20 {
            for h in 1..=3 {
                if o + h - 1 < 20 {
                    // Error h at horizon h.
                    out[(o - 10) * 3 + h - 1] = y[o + h - 1] - h as f64;
                }
            }
        }
        let mut sds = [0.0; 5];
        assert!(error_sds(&y, &w, &out, &mut sds));
        assert!((sds[0] - 1.0).abs() < 1e-12, "{sds:?}");
        assert!((sds[1] - 2.0).abs() < 1e-12);
        assert!(sds.windows(2).all(|p| p[1] >= p[0]));
        assert!(sds[4] > sds[2]);
    }
}
