//! Intermittent demand: the Syntetos–Boylan classification and Croston's method, its SBA
//! correction and TSB.
//!
//! - **Classification** by the average demand interval (ADI: periods per period with demand)
//!   and the squared coefficient of variation of the non-zero demand sizes (CV²), with the
//!   cut-offs 1.32 and 0.49 of Syntetos, Boylan & Croston (2005).
//! - **Croston** (1972) smooths the non-zero sizes `z` and the intervals between them `p`,
//!   both with `α`, updating only in periods with demand; the forecast is `z / p`.
//! - **SBA** (Syntetos & Boylan 2005) multiplies Croston's forecast by `1 − α/2`, removing
//!   its bias.
//! - **TSB** (Teunter, Syntetos & Babai 2011) smooths the size with `α` when there is demand
//!   and the probability of demand `d` with `β` every period; the forecast is `d · z`, so it
//!   decays through a run of zeros (obsolescence).
//!
//! The first demand starts the states (its size, its position + 1 as the interval, `1/that`
//! as the probability); the weights are fitted by minimising the one-step squared error.

use super::optim::{minimize, Point, Problem};

/// The Syntetos–Boylan demand classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DemandClass {
    /// Regular demand of steady size (ADI < 1.32, CV² < 0.49).
    Smooth,
    /// Regular demand of very variable size (ADI < 1.32, CV² ≥ 0.49).
    Erratic,
    /// Sporadic demand of steady size (ADI ≥ 1.32, CV² < 0.49).
    Intermittent,
    /// Sporadic demand of variable size (ADI ≥ 1.32, CV² ≥ 0.49).
    Lumpy,
}

impl DemandClass {
    pub const ALL: [DemandClass; 4] = [
        DemandClass::Smooth,
        DemandClass::Erratic,
        DemandClass::Intermittent,
        DemandClass::Lumpy,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DemandClass::Smooth => "smooth",
            DemandClass::Erratic => "erratic",
            DemandClass::Intermittent => "intermittent",
            DemandClass::Lumpy => "lumpy",
        }
    }

    /// Sporadic demand, where Croston's family fits.
    pub fn is_sporadic(self) -> bool {
        matches!(self, DemandClass::Intermittent | DemandClass::Lumpy)
    }
}

/// The ADI cut-off.
pub const ADI_CUT: f64 = 1.32;
/// The CV² cut-off.
pub const CV2_CUT: f64 = 0.49;

/// ADI and CV² of a demand history; `None` without any positive demand.
pub fn adi_cv2(history: &[f64]) -> Option<(f64, f64)> {
    let (mut k, mut sum, mut sq) = (0usize, 0.0, 0.0);
    for &v in history.iter().filter(|v| **v > 0.0) {
        k += 1;
        sum += v;
        sq += v * v;
    }
    if k == 0 {
        return None;
    }
    let mean = sum / k as f64;
    let var = (sq / k as f64 - mean * mean).max(0.0);
    Some((history.len() as f64 / k as f64, var / (mean * mean)))
}

/// The demand class of a history (periods without demand are zeros); `None` when it has no
/// demand at all.
pub fn classify(history: &[f64]) -> Option<DemandClass> {
    let (adi, cv2) = adi_cv2(history)?;
    Some(match (adi >= ADI_CUT, cv2 >= CV2_CUT) {
        (false, false) => DemandClass::Smooth,
        (false, true) => DemandClass::Erratic,
        (true, false) => DemandClass::Intermittent,
        (true, true) => DemandClass::Lumpy,
    })
}

/// Which of the three methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Croston,
    Sba,
    Tsb,
}

/// The running states; `prob` is TSB's probability, `interval` Croston's `p`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct State {
    size: f64,
    interval: f64,
    prob: f64,
    since: f64,
}

impl Kind {
    pub(crate) fn dim(self) -> usize {
        if self == Kind::Tsb {
            2
        } else {
            1
        }
    }

    /// The starting states, from the first demand; `None` before any.
    pub(crate) fn start(y: &[f64]) -> Option<State> {
        let first = y.iter().position(|v| *v > 0.0)?;
        let interval = (first + 1) as f64;
        Some(State {
            size: y[first],
            interval,
            prob: 1.0 / interval,
            since: 0.0,
        })
    }

    /// The forecast for every period ahead.
    #[inline]
    pub(crate) fn level(self, st: &State, alpha: f64) -> f64 {
        match self {
            Kind::Croston => st.size / st.interval,
            Kind::Sba => (1.0 - alpha / 2.0) * st.size / st.interval,
            Kind::Tsb => st.prob * st.size,
        }
    }

    /// Takes observation `y` with weights `(alpha, beta)`.
    #[inline]
    pub(crate) fn step(self, st: &mut State, alpha: f64, beta: f64, y: f64) {
        st.since += 1.0;
        if y > 0.0 {
            st.size += alpha * (y - st.size);
            st.interval += alpha * (st.since - st.interval);
            st.since = 0.0;
        }
        if self == Kind::Tsb {
            let hit = if y > 0.0 { 1.0 } else { 0.0 };
            st.prob += beta * (hit - st.prob);
        }
    }

    /// One-step squared error over `y` (zero-forecast periods before the first demand).
    pub(crate) fn sse(self, y: &[f64], alpha: f64, beta: f64) -> f64 {
        let Some(mut st) = Kind::start(y) else {
            return y.iter().map(|v| v * v).sum();
        };
        let mut sum = 0.0;
        for &v in y {
            let f = self.level(&st, alpha);
            sum += (v - f) * (v - f);
            self.step(&mut st, alpha, beta, v);
        }
        sum
    }

    /// The fitted `(alpha, beta)` (beta unused except by TSB) and their squared error; from
    /// `near` alone when given (a refit), else from fixed starts.
    pub(crate) fn fit(self, y: &[f64], near: Option<(f64, f64)>) -> (f64, f64, f64) {
        if Kind::start(y).is_none() {
            return (0.1, 0.1, self.sse(y, 0.1, 0.1));
        }
        let lo = [0.01, 0.01];
        let hi = [0.99, 0.99];
        let d = self.dim();
        let problem = Problem {
            lo: &lo[..d],
            hi: &hi[..d],
            max_evals: 60 * d,
        };
        let starts: [Point; 2] = [[0.1, 0.1, 0.0, 0.0], [0.3, 0.05, 0.0, 0.0]];
        let mut f = |p: &[f64]| self.sse(y, p[0], if d == 2 { p[1] } else { 0.0 });
        let (p, v) = match near {
            Some((a, b)) => minimize(&mut f, &problem, &[[a, b.max(0.01), 0.0, 0.0]]),
            None => minimize(&mut f, &problem, &starts),
        };
        (p[0], if d == 2 { p[1] } else { 0.0 }, v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_follow_the_cut_offs() {
        assert_eq!(classify(&[5.0, 5.0, 6.0, 5.0]), Some(DemandClass::Smooth));
        assert_eq!(classify(&[1.0, 9.0, 1.0, 12.0]), Some(DemandClass::Erratic));
        assert_eq!(
            classify(&[0.0, 5.0, 0.0, 0.0, 5.0, 0.0]),
            Some(DemandClass::Intermittent)
        );
        assert_eq!(
            classify(&[0.0, 1.0, 0.0, 0.0, 20.0, 0.0]),
            Some(DemandClass::Lumpy)
        );
        assert_eq!(classify(&[0.0, 0.0]), None);
        assert_eq!(classify(&[]), None);
        // ADI exactly at the cut-off is sporadic: 4 periods, 3 with demand is 1.33; 33 of 25
        // would be 1.32.
        let mut y = vec![3.0; 25];
        y.extend([0.0; 8]);
        let (adi, _) = adi_cv2(&y).unwrap();
        assert!((adi - 1.32).abs() < 1e-12);
        assert_eq!(classify(&y), Some(DemandClass::Intermittent));
    }

    /// A worked example by hand, α = 0.2, demand 0 0 6 0 4 0 0 0 3:
    /// start z = 6, p = 3 (first demand in period 3);
    /// period 5 (4, 2 periods since): z = 6 + 0.2(4 − 6) = 5.6, p = 3 + 0.2(2 − 3) = 2.8;
    /// period 9 (3, 4 periods since): z = 5.6 + 0.2(3 − 5.6) = 5.08, p = 2.8 + 0.2(4 − 2.8)
    /// = 3.04. Croston 5.08 / 3.04 = 1.671053; SBA × 0.9 = 1.503947.
    #[test]
    fn croston_and_sba_by_hand() {
        let y = [0.0, 0.0, 6.0, 0.0, 4.0, 0.0, 0.0, 0.0, 3.0];
        let mut st = Kind::start(&y).unwrap();
        for &v in &y {
            Kind::Croston.step(&mut st, 0.2, 0.0, v);
        }
        assert!((st.size - 5.08).abs() < 1e-12 && (st.interval - 3.04).abs() < 1e-12);
        assert!((Kind::Croston.level(&st, 0.2) - 5.08 / 3.04).abs() < 1e-12);
        assert!((Kind::Sba.level(&st, 0.2) - 0.9 * 5.08 / 3.04).abs() < 1e-12);
    }

    /// TSB by hand, α = 0.5, β = 0.2, demand 4 0 0 2: start z = 4, d = 1;
    /// 4 → z 4, d 1; 0 → d 0.8; 0 → d 0.64; 2 → z 3, d 0.712. Forecast 2.136.
    #[test]
    fn tsb_by_hand_decays_through_zeros() {
        let y = [4.0, 0.0, 0.0, 2.0];
        let mut st = Kind::start(&y).unwrap();
        let mut levels = Vec::new();
        for &v in &y {
            Kind::Tsb.step(&mut st, 0.5, 0.2, v);
            levels.push(Kind::Tsb.level(&st, 0.5));
        }
        assert!((levels[2] - 0.64 * 4.0).abs() < 1e-12);
        assert!((levels[3] - 0.712 * 3.0).abs() < 1e-12, "{levels:?}");
    }

    #[test]
    fn fitting_stays_in_bounds_and_no_demand_forecasts_zero() {
        let y = [0.0, 3.0, 0.0, 0.0, 4.0, 0.0, 2.0, 0.0, 0.0, 5.0, 0.0, 3.0];
        for k in [Kind::Croston, Kind::Sba, Kind::Tsb] {
            let (a, b, sse) = k.fit(&y, None);
            assert!((0.01..=0.99).contains(&a) && (0.0..=0.99).contains(&b));
            assert!(sse <= k.sse(&y, 0.1, 0.1) + 1e-9);
        }
        assert!(Kind::start(&[0.0; 5]).is_none());
    }
}
