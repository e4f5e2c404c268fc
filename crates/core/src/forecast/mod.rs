//! Demand forecasting: per-series models chosen by a rolling-origin backtest, with
//! prediction intervals. Pure, `f64`, deterministic, single-threaded; the caller passes a
//! history (one value per period, oldest first, zeros for periods without demand) and its
//! season length (12 for months, 4 for quarters, 52 for weeks, 1 for none).
//!
//! - [`auto`] fits every model that suits the history, backtests each from several origins,
//!   and forecasts with the best few combined by inverse backtest MASE (or the best alone,
//!   see [`Settings`]); [`fit`] does the same for one given model; [`classify`] tells smooth,
//!   erratic, intermittent and lumpy demand apart.
//! - Intervals at 80 % and 95 % are normal around the forecast with the model's analytic
//!   error variance where it has one (naive, seasonal naive, the exponential smoothing forms;
//!   multiplicative seasons to first order), else the backtest's error spread per horizon;
//!   a combination's bounds are the weighted bounds of its parts. Nothing goes below zero.
//!
//! `docs/forecasting.md` has the models, the choice and the accuracy measured on a panel of
//! real series.
//!
//! - [`optim`]: the bounded Nelder–Mead every model is fitted with;
//! - [`ets`]: simple exponential smoothing, Holt (damped or not), Holt-Winters additive and
//!   multiplicative (damped or not);
//! - [`intermittent`]: the demand classes, Croston, SBA and TSB;
//! - [`model`]: every model behind one face (fit, roll through a backtest, forecast);
//! - [`backtest`]: the window, MASE's scale, accuracy, error spreads per horizon.

mod backtest;
mod ets;
pub mod intermittent;
mod model;
mod optim;

pub use intermittent::{adi_cv2, classify, DemandClass};

use backtest::Window;
use model::Fitted;

/// A forecasting model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Model {
    /// The last value, repeated.
    Naive,
    /// The value one season earlier.
    SeasonalNaive,
    /// Simple exponential smoothing.
    Ses,
    /// Holt's linear trend.
    Holt,
    /// Holt's trend, damped.
    HoltDamped,
    HoltWintersAdditive,
    HoltWintersAdditiveDamped,
    HoltWintersMultiplicative,
    HoltWintersMultiplicativeDamped,
    /// Croston's method for intermittent demand.
    Croston,
    /// Croston with the Syntetos–Boylan bias correction.
    Sba,
    /// Teunter–Syntetos–Babai: demand probability smoothed every period.
    Tsb,
}

impl Model {
    pub const ALL: [Model; 12] = [
        Model::Naive,
        Model::SeasonalNaive,
        Model::Ses,
        Model::Holt,
        Model::HoltDamped,
        Model::HoltWintersAdditive,
        Model::HoltWintersAdditiveDamped,
        Model::HoltWintersMultiplicative,
        Model::HoltWintersMultiplicativeDamped,
        Model::Croston,
        Model::Sba,
        Model::Tsb,
    ];

    /// The stable code (stored, and the UI's translation key).
    pub fn as_str(self) -> &'static str {
        match self {
            Model::Naive => "naive",
            Model::SeasonalNaive => "seasonal_naive",
            Model::Ses => "ses",
            Model::Holt => "holt",
            Model::HoltDamped => "holt_damped",
            Model::HoltWintersAdditive => "hw_additive",
            Model::HoltWintersAdditiveDamped => "hw_additive_damped",
            Model::HoltWintersMultiplicative => "hw_multiplicative",
            Model::HoltWintersMultiplicativeDamped => "hw_multiplicative_damped",
            Model::Croston => "croston",
            Model::Sba => "sba",
            Model::Tsb => "tsb",
        }
    }

    pub fn parse(code: &str) -> Option<Model> {
        Model::ALL.into_iter().find(|m| m.as_str() == code)
    }

    fn seasonal(self) -> bool {
        matches!(
            self,
            Model::SeasonalNaive
                | Model::HoltWintersAdditive
                | Model::HoltWintersAdditiveDamped
                | Model::HoltWintersMultiplicative
                | Model::HoltWintersMultiplicativeDamped
        )
    }

    fn sporadic(self) -> bool {
        matches!(self, Model::Croston | Model::Sba | Model::Tsb)
    }
}

/// Fitted smoothing weights (`None` where the model has no such weight). Croston and SBA
/// smooth sizes and intervals with `alpha`; TSB smooths the probability with `beta`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Params {
    pub alpha: Option<f64>,
    pub beta: Option<f64>,
    pub gamma: Option<f64>,
    pub phi: Option<f64>,
}

/// Backtest accuracy over every (origin, horizon) pair of the window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Accuracy {
    /// Mean absolute error over the in-sample seasonal naive (or naive) mean absolute error.
    pub mase: f64,
    /// Mean absolute percentage error, when no actual in the window is zero.
    pub mape: Option<f64>,
    /// How many forecasts were scored.
    pub forecasts: usize,
}

/// One forecast period with its bands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub mean: f64,
    pub lo80: f64,
    pub hi80: f64,
    pub lo95: f64,
    pub hi95: f64,
}

/// A model in the forecast and its share of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    pub model: Model,
    pub params: Params,
    /// Weights sum to 1.
    pub weight: f64,
    /// This model's own backtest accuracy.
    pub backtest: Option<Accuracy>,
}

/// A forecast and how it was chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    /// The history's demand class; `None` without any demand.
    pub class: Option<DemandClass>,
    /// The model, or the models combined, best backtest first.
    pub components: Vec<Component>,
    /// The backtest accuracy of the forecast as chosen (the combination's, if combined);
    /// `None` when the history is too short to backtest (under 6 points).
    pub backtest: Option<Accuracy>,
    /// The baseline: seasonal naive, or naive for histories shorter than two seasons.
    pub baseline_model: Model,
    pub baseline: Option<Accuracy>,
    pub points: Vec<Point>,
}

impl Forecast {
    /// The single model chosen, `None` for a combination.
    pub fn model(&self) -> Option<Model> {
        match self.components.as_slice() {
            [one] => Some(one.model),
            _ => None,
        }
    }
}

/// How [`auto`] chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// The best this many models by backtest MASE are combined, weighted by the inverse of
    /// their MASE (a model forecasting what one already taken does is skipped); 1 takes the
    /// best alone.
    pub combine: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { combine: 5 }
    }
}

/// The 80 % and 95 % two-sided standard normal quantiles.
const Z80: f64 = 1.281_551_565_545;
const Z95: f64 = 1.959_963_984_540;

/// One model fitted before the backtest window and rolled through it.
struct Tried {
    model: Model,
    /// Fitted on the history before the window (on all of it without a window).
    fitted: Fitted,
    backtest: Option<Accuracy>,
    rolled: Vec<f64>,
}

/// One model refitted on the whole history and forecast.
struct Run {
    model: Model,
    params: Params,
    backtest: Option<Accuracy>,
    rolled: Vec<f64>,
    points: Vec<Point>,
}

/// The models [`auto`] tries on a history. Sporadic demand (intermittent or lumpy) gets SES
/// and Croston's family only: they forecast the mean rate, while MASE, an absolute error,
/// would reward the naive forecasts' zeros (the median of such demand) and leave nothing to
/// reorder by. Otherwise naive and SES always, seasonal naive with a season, Holt's trends,
/// and the Holt-Winters forms with two full seasons before the backtest window
/// (multiplicative only on positive data).
fn candidates(
    history: &[f64],
    season: usize,
    window: Option<&Window>,
    class: Option<DemandClass>,
) -> Vec<Model> {
    let n = window.map_or(history.len(), |w| w.first);
    if class.is_some_and(DemandClass::is_sporadic) {
        return [Model::Ses, Model::Croston, Model::Sba, Model::Tsb]
            .into_iter()
            .filter(|m| model::fits(*m, n, season))
            .collect();
    }
    let seasonal = season >= 2 && window.map_or(history.len() >= 2 * season, |w| w.season >= 2);
    Model::ALL
        .into_iter()
        .filter(|m| {
            (*m == Model::SeasonalNaive || !m.seasonal() || seasonal)
                && !m.sporadic()
                && model::fits(*m, n, season)
        })
        .collect()
}

/// `model` fitted before the window and scored through it; `None` when it does not suit.
fn try_model(
    model: Model,
    history: &[f64],
    season: usize,
    window: Option<&Window>,
    scale: f64,
) -> Option<Tried> {
    let Some(w) = window else {
        return Some(Tried {
            model,
            fitted: Fitted::new(model, history, season)?,
            backtest: None,
            rolled: Vec::new(),
        });
    };
    let fitted = Fitted::new(model, &history[..w.first], season)?;
    let mut rolled = vec![f64::NAN; w.slots(history.len())];
    fitted.roll(history, season, w.first, w.horizon, &mut rolled);
    let backtest = Some(backtest::accuracy(history, w, &rolled, scale));
    Some(Tried {
        model,
        fitted,
        backtest,
        rolled,
    })
}

/// A tried model refitted on the whole history (from its earlier weights) and forecast,
/// with its bands.
fn finish(
    tried: Tried,
    history: &[f64],
    season: usize,
    horizon: usize,
    window: Option<&Window>,
) -> Option<Run> {
    let fitted = match window {
        Some(_) => tried.fitted.refit(history, season)?,
        None => tried.fitted,
    };
    let mut means = vec![0.0; horizon];
    let mut sds = vec![0.0; horizon];
    let analytic = fitted.forecast(history, season, &mut means, &mut sds);
    if let Some(w) = window {
        let mut empirical = vec![0.0; horizon];
        if backtest::error_sds(history, w, &tried.rolled, &mut empirical) {
            for (s, e) in sds.iter_mut().zip(&empirical) {
                *s = if analytic { s.max(*e) } else { *e };
            }
        }
    }
    let points = means.iter().zip(&sds).map(|(&m, &s)| band(m, s)).collect();
    Some(Run {
        model: tried.model,
        params: fitted.params(),
        backtest: tried.backtest,
        rolled: tried.rolled,
        points,
    })
}

fn run(
    model: Model,
    history: &[f64],
    season: usize,
    horizon: usize,
    window: Option<&Window>,
    scale: f64,
) -> Option<Run> {
    let tried = try_model(model, history, season, window, scale)?;
    finish(tried, history, season, horizon, window)
}

/// A normal band around `mean`, cut at zero (demand is never negative).
fn band(mean: f64, sd: f64) -> Point {
    let sd = if sd.is_finite() { sd.max(0.0) } else { 0.0 };
    let mean = mean.max(0.0);
    Point {
        mean,
        lo80: (mean - Z80 * sd).max(0.0),
        hi80: mean + Z80 * sd,
        lo95: (mean - Z95 * sd).max(0.0),
        hi95: mean + Z95 * sd,
    }
}

/// Forecasts `horizon` periods after `history` with the automatic choice and the default
/// [`Settings`].
pub fn auto(history: &[f64], season: usize, horizon: usize) -> Forecast {
    auto_with(history, season, horizon, Settings::default())
}

/// [`auto`] with explicit settings.
pub fn auto_with(history: &[f64], season: usize, horizon: usize, settings: Settings) -> Forecast {
    let class = classify(history);
    let window = Window::plan(history.len(), season, horizon);
    let scale = backtest::scale(
        &history[..window.map_or(history.len(), |w| w.first)],
        season,
    );
    let baseline_model = baseline_model(history.len(), season);
    let baseline = window.and_then(|w| {
        try_model(baseline_model, history, season, Some(&w), scale).and_then(|t| t.backtest)
    });
    let mut tried: Vec<Tried> = candidates(history, season, window.as_ref(), class)
        .into_iter()
        .filter_map(|m| try_model(m, history, season, window.as_ref(), scale))
        .collect();
    // Best backtest first; ties to the simpler model (earlier in `Model::ALL`).
    tried.sort_by(|a, b| {
        let (x, y) = (tried_mase(a), tried_mase(b));
        x.total_cmp(&y).then(a.model.cmp(&b.model))
    });
    let Some(w) = window else {
        // Too short to backtest: the simplest model that fits (naive).
        let r = tried
            .into_iter()
            .min_by_key(|t| t.model)
            .and_then(|t| finish(t, history, season, horizon, None));
        return match r {
            Some(r) => single(class, r, None, baseline_model, baseline),
            None => fallback(history, horizon, class, baseline_model, baseline),
        };
    };
    // Only the models that make the forecast are refitted on the whole history.
    let want = settings.combine.max(1);
    let mut runs: Vec<Run> = Vec::with_capacity(want);
    for t in tried {
        if runs.len() == want {
            break;
        }
        if runs.iter().any(|r| same_forecasts(&r.rolled, &t.rolled)) {
            continue;
        }
        if let Some(r) = finish(t, history, season, horizon, Some(&w)) {
            runs.push(r);
        }
    }
    if runs.is_empty() {
        return fallback(history, horizon, class, baseline_model, baseline);
    }
    let k = runs.len();
    if k == 1 || mase(&runs[0]) == 0.0 {
        let r = runs.swap_remove(0);
        let acc = r.backtest;
        return single(class, r, acc, baseline_model, baseline);
    }
    let inv: Vec<f64> = runs.iter().map(|r| 1.0 / mase(r)).collect();
    let total: f64 = inv.iter().sum();
    let weights: Vec<f64> = inv.iter().map(|v| v / total).collect();
    let mut rolled = vec![0.0; w.slots(history.len())];
    let mut points = vec![band(0.0, 0.0); horizon];
    for (r, wt) in runs.iter().zip(&weights) {
        for (o, v) in rolled.iter_mut().zip(&r.rolled) {
            *o += wt * v;
        }
        for (p, q) in points.iter_mut().zip(&r.points) {
            p.mean += wt * q.mean;
            p.lo80 += wt * q.lo80;
            p.hi80 += wt * q.hi80;
            p.lo95 += wt * q.lo95;
            p.hi95 += wt * q.hi95;
        }
    }
    let acc = backtest::accuracy(history, &w, &rolled, scale);
    Forecast {
        class,
        components: runs
            .into_iter()
            .zip(weights)
            .map(|(r, weight)| Component {
                model: r.model,
                params: r.params,
                weight,
                backtest: r.backtest,
            })
            .collect(),
        backtest: Some(acc),
        baseline_model,
        baseline,
        points,
    }
}

/// Whether two backtests forecast (almost) the same (SES with α near 1 is naive; Croston and
/// TSB agree on steady demand): combining both would only double one model's weight.
fn same_forecasts(a: &[f64], b: &[f64]) -> bool {
    let (mut diff, mut size) = (0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        if !x.is_nan() && !y.is_nan() {
            diff += (x - y).abs();
            size += x.abs() + y.abs();
        }
    }
    diff <= 1e-3 * size
}

fn tried_mase(t: &Tried) -> f64 {
    t.backtest.map_or(f64::INFINITY, |a| a.mase)
}

fn mase(r: &Run) -> f64 {
    r.backtest.map_or(f64::INFINITY, |a| a.mase)
}

/// The last value carried forward without bands, when no model fits (an empty history
/// gives zeros).
fn fallback(
    history: &[f64],
    horizon: usize,
    class: Option<DemandClass>,
    baseline_model: Model,
    baseline: Option<Accuracy>,
) -> Forecast {
    Forecast {
        class,
        components: vec![Component {
            model: Model::Naive,
            params: Params::default(),
            weight: 1.0,
            backtest: None,
        }],
        backtest: None,
        baseline_model,
        baseline,
        points: vec![band(history.last().copied().unwrap_or(0.0), 0.0); horizon],
    }
}

fn baseline_model(n: usize, season: usize) -> Model {
    if season >= 2 && n >= 2 * season {
        Model::SeasonalNaive
    } else {
        Model::Naive
    }
}

fn single(
    class: Option<DemandClass>,
    r: Run,
    backtest: Option<Accuracy>,
    baseline_model: Model,
    baseline: Option<Accuracy>,
) -> Forecast {
    Forecast {
        class,
        components: vec![Component {
            model: r.model,
            params: r.params,
            weight: 1.0,
            backtest: r.backtest,
        }],
        backtest,
        baseline_model,
        baseline,
        points: r.points,
    }
}

/// Forecasts with one given model (fitted and backtested as [`auto`] does); `None` when the
/// model does not suit the history (too short for it, a multiplicative season on data that
/// is not positive).
pub fn fit(model: Model, history: &[f64], season: usize, horizon: usize) -> Option<Forecast> {
    let window = Window::plan(history.len(), season, horizon);
    if model.seasonal()
        && window
            .is_some_and(|w| w.first < season * if model == Model::SeasonalNaive { 1 } else { 2 })
    {
        return None;
    }
    let scale = backtest::scale(
        &history[..window.map_or(history.len(), |w| w.first)],
        season,
    );
    let baseline_model = baseline_model(history.len(), season);
    let baseline = window.and_then(|w| {
        try_model(baseline_model, history, season, Some(&w), scale).and_then(|t| t.backtest)
    });
    let r = run(model, history, season, horizon, window.as_ref(), scale)?;
    let acc = r.backtest;
    Some(single(classify(history), r, acc, baseline_model, baseline))
}

#[cfg(test)]
mod tests;
