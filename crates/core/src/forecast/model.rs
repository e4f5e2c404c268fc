//! Every model behind one face: fitting it to a history, rolling it forward over a
//! backtest window with the weights fitted before the window, and forecasting with the
//! spread of the errors where the model has a formula for it.

use super::ets::{self, Season, Spec, State, Trend, Weights};
use super::intermittent::Kind;
use super::{Model, Params};

/// A model with its fitted weights.
#[derive(Debug, Clone)]
pub(crate) enum Fitted {
    Naive,
    SeasonalNaive,
    Ets {
        spec: Spec,
        w: Weights,
        init: ets::Init,
        /// One-step error variance (relative to the forecast for multiplicative seasons).
        sigma2: f64,
    },
    Intermittent {
        kind: Kind,
        alpha: f64,
        beta: f64,
        sigma2: f64,
    },
}

fn spec(model: Model) -> Option<Spec> {
    let (trend, season) = match model {
        Model::Ses => (Trend::None, Season::None),
        Model::Holt => (Trend::Additive, Season::None),
        Model::HoltDamped => (Trend::Damped, Season::None),
        Model::HoltWintersAdditive => (Trend::Additive, Season::Additive),
        Model::HoltWintersAdditiveDamped => (Trend::Damped, Season::Additive),
        Model::HoltWintersMultiplicative => (Trend::Additive, Season::Multiplicative),
        Model::HoltWintersMultiplicativeDamped => (Trend::Damped, Season::Multiplicative),
        _ => return None,
    };
    Some(Spec { trend, season })
}

fn model_of(spec: Spec) -> Model {
    match (spec.trend, spec.season) {
        (Trend::None, _) => Model::Ses,
        (Trend::Additive, Season::None) => Model::Holt,
        (Trend::Damped, Season::None) => Model::HoltDamped,
        (Trend::Additive, Season::Additive) => Model::HoltWintersAdditive,
        (Trend::Damped, Season::Additive) => Model::HoltWintersAdditiveDamped,
        (Trend::Additive, Season::Multiplicative) => Model::HoltWintersMultiplicative,
        (Trend::Damped, Season::Multiplicative) => Model::HoltWintersMultiplicativeDamped,
    }
}

fn kind(model: Model) -> Option<Kind> {
    match model {
        Model::Croston => Some(Kind::Croston),
        Model::Sba => Some(Kind::Sba),
        Model::Tsb => Some(Kind::Tsb),
        _ => None,
    }
}

/// Whether `model` can be fitted to `n` points with season `m` (data permitting).
pub(crate) fn fits(model: Model, n: usize, m: usize) -> bool {
    match model {
        Model::Naive => n >= 1,
        Model::SeasonalNaive => m >= 2 && n >= m,
        Model::Ses | Model::Croston | Model::Sba | Model::Tsb => n >= 2,
        Model::Holt | Model::HoltDamped => n >= 4,
        _ => m >= 2 && n >= 2 * m,
    }
}

impl Fitted {
    /// `model` fitted to `y`; `None` when it does not apply (too short, a multiplicative
    /// season on data that is not positive).
    pub(crate) fn new(model: Model, y: &[f64], m: usize) -> Option<Fitted> {
        Fitted::fit(model, y, m, None)
    }

    /// The same model refitted on `y` (a longer history), searching from these weights.
    pub(crate) fn refit(&self, y: &[f64], m: usize) -> Option<Fitted> {
        match self {
            Fitted::Naive => Fitted::fit(Model::Naive, y, m, None),
            Fitted::SeasonalNaive => Fitted::fit(Model::SeasonalNaive, y, m, None),
            Fitted::Ets { spec, .. } => Fitted::fit(model_of(*spec), y, m, Some(self)),
            Fitted::Intermittent { kind, .. } => Fitted::fit(
                match kind {
                    Kind::Croston => Model::Croston,
                    Kind::Sba => Model::Sba,
                    Kind::Tsb => Model::Tsb,
                },
                y,
                m,
                Some(self),
            ),
        }
    }

    fn fit(model: Model, y: &[f64], m: usize, near: Option<&Fitted>) -> Option<Fitted> {
        if !fits(model, y.len(), m) {
            return None;
        }
        if let Some(spec) = spec(model) {
            if spec.season == Season::Multiplicative && !y.iter().all(|v| ets::positive(*v)) {
                return None;
            }
            let near = match near {
                Some(Fitted::Ets { w, .. }) => Some(w),
                _ => None,
            };
            let (w, init, sse) = ets::fit(y, spec, m, near)?;
            let n = y.len();
            let dof = (n.saturating_sub(spec_dim(spec))).max(1) as f64;
            let sigma2 = if spec.season == Season::Multiplicative {
                relative_sse(y, spec, &w, &init) / dof
            } else {
                sse / dof
            };
            return Some(Fitted::Ets {
                spec,
                w,
                init,
                sigma2,
            });
        }
        if let Some(kind) = kind(model) {
            let near = match near {
                Some(Fitted::Intermittent { alpha, beta, .. }) => Some((*alpha, *beta)),
                _ => None,
            };
            let (alpha, beta, sse) = kind.fit(y, near);
            return Some(Fitted::Intermittent {
                kind,
                alpha,
                beta,
                sigma2: sse / (y.len() - 1).max(1) as f64,
            });
        }
        Some(match model {
            Model::SeasonalNaive => Fitted::SeasonalNaive,
            _ => Fitted::Naive,
        })
    }

    pub(crate) fn params(&self) -> Params {
        match self {
            Fitted::Naive | Fitted::SeasonalNaive => Params::default(),
            Fitted::Ets { spec, w, .. } => Params {
                alpha: Some(w.alpha),
                beta: (spec.trend != Trend::None).then_some(w.beta),
                gamma: spec.seasonal().then_some(w.gamma),
                phi: (spec.trend == Trend::Damped).then_some(w.phi),
            },
            Fitted::Intermittent {
                kind, alpha, beta, ..
            } => Params {
                alpha: Some(*alpha),
                beta: (*kind == Kind::Tsb).then_some(*beta),
                ..Params::default()
            },
        }
    }

    /// Runs over all of `y` with these weights and writes the forecast made at each origin
    /// `o` in `first..y.len()` (after seeing `y[..o]`) for `y[o + h − 1]`, `h` in `1..=hmax`,
    /// to `out[(o − first)·hmax + h − 1]`; targets past the end are NaN.
    pub(crate) fn roll(&self, y: &[f64], m: usize, first: usize, hmax: usize, out: &mut [f64]) {
        let n = y.len();
        out.fill(f64::NAN);
        let slot = |o: usize, h: usize| (o - first) * hmax + h - 1;
        match self {
            Fitted::Naive => {
                for o in first.max(1)..n {
                    for h in 1..=hmax.min(n - o) {
                        out[slot(o, h)] = y[o - 1];
                    }
                }
            }
            Fitted::SeasonalNaive => {
                for o in first.max(m)..n {
                    for h in 1..=hmax.min(n - o) {
                        out[slot(o, h)] = y[o - m + (h - 1) % m];
                    }
                }
            }
            Fitted::Ets { spec, w, init, .. } => {
                let mut season = init.season.clone();
                let mut st = State {
                    level: init.level,
                    trend: init.trend,
                    season: &mut season,
                    pos: 0,
                };
                for (o, &v) in y.iter().enumerate() {
                    if o >= first {
                        for h in 1..=hmax.min(n - o) {
                            out[slot(o, h)] = st.ahead(*spec, w, h);
                        }
                    }
                    if st.step(*spec, w, v).is_none() {
                        return;
                    }
                }
            }
            Fitted::Intermittent {
                kind, alpha, beta, ..
            } => {
                // Started as in fitting, from the first demand before the window; with none
                // there, zeros until one comes.
                let mut st = Kind::start(&y[..first]);
                for (o, &v) in y.iter().enumerate() {
                    if o >= first {
                        let f = st.as_ref().map_or(0.0, |s| kind.level(s, *alpha));
                        for h in 1..=hmax.min(n - o) {
                            out[slot(o, h)] = f;
                        }
                    }
                    if st.is_none() && v > 0.0 {
                        st = Kind::start(&y[..=o]);
                    }
                    if let Some(s) = &mut st {
                        kind.step(s, *alpha, *beta, v);
                    }
                }
            }
        }
    }

    /// Forecasts `means.len()` steps after `y`, and the standard deviation of each step's
    /// error where the model has a formula (`false` otherwise: the caller takes it from the
    /// backtest).
    pub(crate) fn forecast(&self, y: &[f64], m: usize, means: &mut [f64], sds: &mut [f64]) -> bool {
        let n = y.len();
        let hmax = means.len();
        match self {
            Fitted::Naive => {
                let s2 = mean_sq((1..n).map(|t| y[t] - y[t - 1]));
                for h in 1..=hmax {
                    means[h - 1] = y[n - 1];
                    sds[h - 1] = (s2 * h as f64).sqrt();
                }
                true
            }
            Fitted::SeasonalNaive => {
                let s2 = mean_sq((m..n).map(|t| y[t] - y[t - m]));
                for h in 1..=hmax {
                    means[h - 1] = y[n - m + (h - 1) % m];
                    sds[h - 1] = (s2 * (1 + (h - 1) / m) as f64).sqrt();
                }
                true
            }
            Fitted::Ets {
                spec,
                w,
                init,
                sigma2,
            } => {
                let mut season = init.season.clone();
                let mut st = State {
                    level: init.level,
                    trend: init.trend,
                    season: &mut season,
                    pos: 0,
                };
                for &v in y {
                    st.step(*spec, w, v);
                }
                ets::variance_factors(*spec, w, m.max(1), sds);
                for h in 1..=hmax {
                    let f = st.ahead(*spec, w, h);
                    means[h - 1] = f;
                    let scale = if spec.season == Season::Multiplicative {
                        f * f
                    } else {
                        1.0
                    };
                    sds[h - 1] = (sds[h - 1] * sigma2 * scale).sqrt();
                }
                true
            }
            Fitted::Intermittent {
                kind,
                alpha,
                beta,
                sigma2,
            } => {
                let f = match Kind::start(y) {
                    Some(mut st) => {
                        for &v in y {
                            kind.step(&mut st, *alpha, *beta, v);
                        }
                        kind.level(&st, *alpha)
                    }
                    None => 0.0,
                };
                means.fill(f);
                // SES-like growth of the spread, used only when there is no backtest.
                for h in 1..=hmax {
                    sds[h - 1] = (sigma2 * (1.0 + (h - 1) as f64 * alpha * alpha)).sqrt();
                }
                false
            }
        }
    }
}

fn spec_dim(spec: Spec) -> usize {
    1 + usize::from(spec.trend != Trend::None)
        + usize::from(spec.seasonal())
        + usize::from(spec.trend == Trend::Damped)
}

fn mean_sq(it: impl Iterator<Item = f64>) -> f64 {
    let (mut s, mut k) = (0.0, 0usize);
    for d in it {
        s += d * d;
        k += 1;
    }
    if k == 0 {
        0.0
    } else {
        s / k as f64
    }
}

/// Σ ((y − ŷ) / ŷ)² over `y`: the relative one-step errors of a multiplicative form.
fn relative_sse(y: &[f64], spec: Spec, w: &Weights, init: &ets::Init) -> f64 {
    let mut season = init.season.clone();
    let mut st = State {
        level: init.level,
        trend: init.trend,
        season: &mut season,
        pos: 0,
    };
    let mut sum = 0.0;
    for &v in y {
        match st.step(spec, w, v) {
            Some(f) => sum += ((v - f) / f).powi(2),
            None => return f64::INFINITY,
        }
    }
    sum
}
