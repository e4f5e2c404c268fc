//! Exponential smoothing in component form: simple exponential smoothing, Holt's linear
//! trend with and without damping, and Holt-Winters with additive or multiplicative seasons,
//! each with and without a damped trend.
//!
//! The recursions are those of Hyndman & Athanasopoulos, *Forecasting: Principles and
//! Practice* (§8.1–8.3) and of statsmodels' `ExponentialSmoothing`, with `β` the trend's own
//! smoothing weight (β\* in the book) and the seasonal update on the error before the level
//! moves (`sₜ = γ(yₜ − ℓₜ₋₁ − φbₜ₋₁) + (1−γ)sₜ₋ₘ`). Initial states come from the first
//! seasons (season means for level and trend, detrended averages for the seasonal indices)
//! and stay fixed while `α, β, γ, φ` are fitted by minimising the one-step in-sample squared
//! error with [`optim`](super::optim). `γ` is searched as a share of `1 − α`, the region
//! where the model is forecastable.
//!
//! Variances of the h-step errors use the linear innovations form: the error `h` steps
//! ahead is `εₜ₊ₕ + Σⱼ cⱼ εₜ₊ₕ₋ⱼ` with `cⱼ = α + β α Σᵢ₌₁ʲ φⁱ + γ·[j ≡ 0 mod m]`, exact for
//! the additive forms (FPP Table 8.8 in closed form). For multiplicative seasons the same
//! weights are applied to relative errors, the usual first-order approximation.

use super::optim::{minimize, Point, Problem, MAX_DIM};

/// The trend component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Trend {
    None,
    Additive,
    Damped,
}

/// The seasonal component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Season {
    None,
    Additive,
    Multiplicative,
}

/// One exponential smoothing form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Spec {
    pub trend: Trend,
    pub season: Season,
}

/// Smoothing parameters; unused ones are zero (`phi` is 1 without damping).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Weights {
    pub alpha: f64,
    pub beta: f64,
    pub gamma: f64,
    pub phi: f64,
}

/// The states before the first observation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Init {
    pub level: f64,
    pub trend: f64,
    /// One index per position in the season (`[0]` or `[1]` without a season).
    pub season: Vec<f64>,
}

/// The running states.
pub(crate) struct State<'a> {
    pub level: f64,
    pub trend: f64,
    pub season: &'a mut [f64],
    /// The season position of the next observation.
    pub pos: usize,
}

const PHI_LO: f64 = 0.8;
const PHI_HI: f64 = 0.98;
const W_LO: f64 = 1e-4;
const W_HI: f64 = 0.9999;

impl Spec {
    pub(crate) fn seasonal(self) -> bool {
        self.season != Season::None
    }

    /// Parameters fitted: α, then β with a trend, γ with a season, φ when damped.
    fn dim(self) -> usize {
        1 + usize::from(self.trend != Trend::None)
            + usize::from(self.seasonal())
            + usize::from(self.trend == Trend::Damped)
    }

    /// The weights a point of the search stands for.
    fn weights(self, p: &[f64]) -> Weights {
        let mut i = 1;
        let alpha = p[0];
        let mut w = Weights {
            alpha,
            beta: 0.0,
            gamma: 0.0,
            phi: 1.0,
        };
        if self.trend != Trend::None {
            w.beta = p[i];
            i += 1;
        }
        if self.seasonal() {
            w.gamma = p[i] * (1.0 - alpha);
            i += 1;
        }
        if self.trend == Trend::Damped {
            w.phi = p[i];
        }
        w
    }

    fn bounds(self) -> ([f64; MAX_DIM], [f64; MAX_DIM]) {
        let mut lo = [W_LO; MAX_DIM];
        let mut hi = [W_HI; MAX_DIM];
        if self.trend == Trend::Damped {
            lo[self.dim() - 1] = PHI_LO;
            hi[self.dim() - 1] = PHI_HI;
        }
        (lo, hi)
    }

    /// The search point that stands for `w` (the inverse of [`Spec::weights`]).
    fn point(self, w: &Weights) -> Point {
        let mut p = [0.0; MAX_DIM];
        let mut i = 1;
        p[0] = w.alpha;
        if self.trend != Trend::None {
            p[i] = w.beta;
            i += 1;
        }
        if self.seasonal() {
            p[i] = w.gamma / (1.0 - w.alpha);
            i += 1;
        }
        if self.trend == Trend::Damped {
            p[i] = w.phi;
        }
        p
    }

    /// Deterministic starting points: moderate smoothing, and a slower one.
    fn starts(self) -> [Point; 2] {
        let mut a = [0.3, 0.1, 0.1, 0.9];
        let mut b = [0.1, 0.01, 0.3, 0.95];
        if self.trend == Trend::None || !self.seasonal() {
            // Shift φ into the slot it takes when β or γ is absent.
            let d = self.dim();
            if self.trend == Trend::Damped {
                a[d - 1] = 0.9;
                b[d - 1] = 0.95;
            }
            if self.trend == Trend::None && self.seasonal() {
                a[1] = 0.1;
                b[1] = 0.3;
            }
        }
        [a, b]
    }
}

/// Initial states from the start of `y` (its first one to three full seasons; the first ten
/// points without a season). `None` when `y` is too short for the form or a multiplicative
/// season meets a non-positive mean.
pub(crate) fn initial(y: &[f64], spec: Spec, m: usize) -> Option<Init> {
    let n = y.len();
    if !spec.seasonal() {
        if n < 2 {
            return None;
        }
        if spec.trend == Trend::None {
            return Some(Init {
                level: y[0],
                trend: 0.0,
                season: vec![0.0],
            });
        }
        // Least squares line through the first points: a + b·t, so ℓ₀ + b₀ = a.
        let k = n.min(10);
        let tm = (k - 1) as f64 / 2.0;
        let ym = y[..k].iter().sum::<f64>() / k as f64;
        let (mut sxy, mut sxx) = (0.0, 0.0);
        for (t, v) in y[..k].iter().enumerate() {
            sxy += (t as f64 - tm) * (v - ym);
            sxx += (t as f64 - tm).powi(2);
        }
        let b = sxy / sxx;
        return Some(Init {
            level: ym - b * tm - b,
            trend: b,
            season: vec![0.0],
        });
    }
    let seasons = (n / m).min(3);
    if m < 2 || seasons < 2 {
        return None;
    }
    let mean = |k: usize| y[k * m..(k + 1) * m].iter().sum::<f64>() / m as f64;
    let m0 = mean(0);
    let b0 = (mean(seasons - 1) - m0) / ((seasons - 1) * m) as f64;
    let c0 = (m - 1) as f64 / 2.0;
    let line = |t: usize| m0 + b0 * (t as f64 - c0);
    let mult = spec.season == Season::Multiplicative;
    let mut season = vec![0.0; m];
    for (j, s) in season.iter_mut().enumerate() {
        for k in 0..seasons {
            let t = k * m + j;
            let base = line(t);
            *s += if mult { y[t] / base } else { y[t] - base };
        }
        *s /= seasons as f64;
    }
    let avg = season.iter().sum::<f64>() / m as f64;
    if mult {
        if !positive(avg) || !season.iter().all(|s| positive(*s)) || !positive(m0) {
            return None;
        }
        season.iter_mut().for_each(|s| *s /= avg);
    } else {
        season.iter_mut().for_each(|s| *s -= avg);
    }
    let trend = if spec.trend == Trend::None { 0.0 } else { b0 };
    Some(Init {
        level: line(0) - trend,
        trend,
        season,
    })
}

/// Greater than zero (false for NaN).
pub(crate) fn positive(v: f64) -> bool {
    v > 0.0
}

impl State<'_> {
    /// The forecast of the next observation.
    #[inline]
    fn base(&self, spec: Spec, w: &Weights) -> f64 {
        match spec.trend {
            Trend::None => self.level,
            Trend::Additive => self.level + self.trend,
            Trend::Damped => self.level + w.phi * self.trend,
        }
    }

    /// Takes observation `y`; returns its one-step forecast, or `None` when a multiplicative
    /// form breaks down (a non-positive base or index).
    #[inline]
    pub(crate) fn step(&mut self, spec: Spec, w: &Weights, y: f64) -> Option<f64> {
        let base = self.base(spec, w);
        let s = self.season[self.pos];
        let (fit, level) = match spec.season {
            Season::None => (base, w.alpha * y + (1.0 - w.alpha) * base),
            Season::Additive => (base + s, w.alpha * (y - s) + (1.0 - w.alpha) * base),
            Season::Multiplicative => {
                if !(base > 0.0 && s > 0.0) {
                    return None;
                }
                (base * s, w.alpha * (y / s) + (1.0 - w.alpha) * base)
            }
        };
        match spec.season {
            Season::None => {}
            Season::Additive => self.season[self.pos] = w.gamma * (y - base) + (1.0 - w.gamma) * s,
            Season::Multiplicative => {
                self.season[self.pos] = w.gamma * (y / base) + (1.0 - w.gamma) * s
            }
        }
        if spec.trend != Trend::None {
            let damped = base - self.level;
            self.trend = w.beta * (level - self.level) + (1.0 - w.beta) * damped;
        }
        self.level = level;
        self.pos += 1;
        if self.pos == self.season.len() {
            self.pos = 0;
        }
        Some(fit)
    }

    /// The forecast `h` (≥ 1) steps ahead.
    #[inline]
    pub(crate) fn ahead(&self, spec: Spec, w: &Weights, h: usize) -> f64 {
        let damp = match spec.trend {
            Trend::None => 0.0,
            Trend::Additive => h as f64,
            Trend::Damped => {
                let mut s = 0.0;
                let mut p = 1.0;
                for _ in 0..h {
                    p *= w.phi;
                    s += p;
                }
                s
            }
        };
        let base = self.level + damp * self.trend;
        let s = self.season[(self.pos + h - 1) % self.season.len()];
        match spec.season {
            Season::None => base,
            Season::Additive => base + s,
            Season::Multiplicative => base * s,
        }
    }
}

/// The one-step squared error of `w` over `y` from `init`; `season` is scratch of the
/// season's length. Infinite when a multiplicative form breaks down.
pub(crate) fn sse(y: &[f64], spec: Spec, w: &Weights, init: &Init, season: &mut [f64]) -> f64 {
    season.copy_from_slice(&init.season);
    let mut st = State {
        level: init.level,
        trend: init.trend,
        season,
        pos: 0,
    };
    let mut sum = 0.0;
    for &v in y {
        match st.step(spec, w, v) {
            Some(f) => sum += (v - f) * (v - f),
            None => return f64::INFINITY,
        }
    }
    sum
}

/// The weights minimising the one-step squared error over `y`, with the initial states and
/// that error; `None` when `y` is too short for the form (or a multiplicative form cannot
/// start). From `near` alone when given (a refit on a longer history), else from the fixed
/// starts.
pub(crate) fn fit(
    y: &[f64],
    spec: Spec,
    m: usize,
    near: Option<&Weights>,
) -> Option<(Weights, Init, f64)> {
    let init = initial(y, spec, m)?;
    let mut scratch = init.season.clone();
    let dim = spec.dim();
    let (lo, hi) = spec.bounds();
    let problem = Problem {
        lo: &lo[..dim],
        hi: &hi[..dim],
        max_evals: 80 * dim,
    };
    let mut f = |p: &[f64]| sse(y, spec, &spec.weights(p), &init, &mut scratch);
    let (p, v) = match near {
        Some(w) => minimize(&mut f, &problem, &[spec.point(w)]),
        None => minimize(&mut f, &problem, &spec.starts()),
    };
    v.is_finite().then(|| (spec.weights(&p[..dim]), init, v))
}

/// The innovation weights `c₁ … c_{h−1}` summed as `1 + Σ cⱼ²` for each horizon up to
/// `out.len()`: the h-step error variance in units of the one-step variance.
pub(crate) fn variance_factors(spec: Spec, w: &Weights, m: usize, out: &mut [f64]) {
    let mut acc = 1.0;
    let mut damp = 0.0;
    let mut p = 1.0;
    for (i, o) in out.iter_mut().enumerate() {
        *o = acc;
        let j = i + 1;
        p *= w.phi;
        damp += p;
        let mut c = w.alpha;
        if spec.trend != Trend::None {
            c += w.beta * w.alpha * damp;
        }
        if spec.seasonal() && j % m == 0 {
            c += w.gamma;
        }
        acc += c * c;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HW_MUL_DAMPED: Spec = Spec {
        trend: Trend::Damped,
        season: Season::Multiplicative,
    };

    /// The first 24 months of the airline passengers series (1949–1950).
    const AIR24: [f64; 24] = [
        112., 118., 132., 129., 121., 135., 148., 148., 136., 119., 104., 118., 115., 126., 141.,
        135., 125., 149., 170., 170., 158., 133., 114., 140.,
    ];

    fn run(y: &[f64], spec: Spec, w: &Weights, init: &Init) -> (Vec<f64>, Vec<f64>) {
        let mut season = init.season.clone();
        let mut st = State {
            level: init.level,
            trend: init.trend,
            season: &mut season,
            pos: 0,
        };
        let fitted = y.iter().map(|&v| st.step(spec, w, v).unwrap()).collect();
        let ahead = (1..=6).map(|h| st.ahead(spec, w, h)).collect();
        (fitted, ahead)
    }

    /// statsmodels 0.15.0 with the same weights and known initial states:
    /// `ExponentialSmoothing(AIR24, trend="add", damped_trend=True, seasonal="mul",
    /// seasonal_periods=12, initialization_method="known", initial_level=110,
    /// initial_trend=1.5, initial_seasonal=s0).fit(smoothing_level=0.4, smoothing_trend=0.1,
    /// smoothing_seasonal=0.2, damping_trend=0.9, optimized=False)`; `fittedvalues[[0, 11,
    /// 23]]` and `forecast(6)`.
    #[test]
    fn damped_multiplicative_holt_winters_matches_statsmodels() {
        let s0 = [
            0.95, 0.97, 1.08, 1.04, 0.97, 1.08, 1.17, 1.17, 1.07, 0.93, 0.82, 0.95,
        ];
        let init = Init {
            level: 110.0,
            trend: 1.5,
            season: s0.to_vec(),
        };
        let w = Weights {
            alpha: 0.4,
            beta: 0.1,
            gamma: 0.2,
            phi: 0.9,
        };
        let (fitted, ahead) = run(&AIR24, HW_MUL_DAMPED, &w, &init);
        let expect_fitted = [(0, SM_FIT[0]), (11, SM_FIT[1]), (23, SM_FIT[2])];
        for (i, v) in expect_fitted {
            assert!(
                (fitted[i] - v).abs() < 1e-6,
                "fitted[{i}] {} vs {v}",
                fitted[i]
            );
        }
        for (a, b) in ahead.iter().zip(SM_AHEAD) {
            assert!((a - b).abs() < 1e-6, "{ahead:?} vs {SM_AHEAD:?}");
        }
    }

    const SM_FIT: [f64; 3] = [105.78249999999998, 122.15248716410858, 135.7509633205658];
    const SM_AHEAD: [f64; 6] = [
        139.05682599881956,
        145.19536041350807,
        161.18639779109574,
        154.9646212643471,
        144.29786783309174,
        163.0776918494696,
    ];

    #[test]
    fn variance_factors_match_the_closed_forms() {
        // FPP Table 8.8, ETS(A,A,A): 1 + (h−1){α² + αβh + β²h(2h−1)/6} + γk{2α + γ + βm(k+1)}
        // with β = α·β* and k = ⌊(h−1)/m⌋.
        let (a, bs, g, m) = (0.3, 0.2, 0.1, 4usize);
        let spec = Spec {
            trend: Trend::Additive,
            season: Season::Additive,
        };
        let w = Weights {
            alpha: a,
            beta: bs,
            gamma: g,
            phi: 1.0,
        };
        let mut out = [0.0; 10];
        variance_factors(spec, &w, m, &mut out);
        let b = a * bs;
        for (i, got) in out.iter().enumerate() {
            let h = (i + 1) as f64;
            let k = (i / m) as f64;
            let want = 1.0
                + (h - 1.0) * (a * a + a * b * h + b * b * h * (2.0 * h - 1.0) / 6.0)
                + g * k * (2.0 * a + g + b * m as f64 * (k + 1.0));
            assert!((got - want).abs() < 1e-12, "h={h}: {got} vs {want}");
        }
    }

    #[test]
    fn fitting_recovers_a_pure_seasonal_pattern() {
        let y: Vec<f64> = (0..48)
            .map(|t| 100.0 + [10., -5., 0., -5.][t % 4])
            .collect();
        let spec = Spec {
            trend: Trend::Additive,
            season: Season::Additive,
        };
        let (w, init, sse) = fit(&y, spec, 4, None).unwrap();
        assert!(sse < 1e-6, "{sse} {w:?} {init:?}");
    }

    #[test]
    fn multiplicative_needs_positive_data() {
        let y: Vec<f64> = (0..24)
            .map(|t| if t % 3 == 0 { 0.0 } else { -1.0 })
            .collect();
        let spec = Spec {
            trend: Trend::Additive,
            season: Season::Multiplicative,
        };
        assert!(initial(&y, spec, 12).is_none());
    }
}
