//! The one optimiser of the forecasting engine: Nelder–Mead within a box.
//!
//! The models have at most [`MAX_DIM`] smoothing parameters, each with a lower and an upper
//! bound. Bounds are kept by clamping every trial point into the box (a point outside is
//! evaluated where it would cross the wall), which keeps the simplex inside without
//! penalties that would make the objective discontinuous. The search runs from the best of
//! the given starts, then once more from where it stopped (a restart often escapes a
//! collapsed simplex); ties go to the earlier start, so the result depends only on the
//! inputs. Nothing is allocated: the simplex lives in fixed-size arrays.

/// The most parameters a model fits.
pub(crate) const MAX_DIM: usize = 4;

/// A point of up to [`MAX_DIM`] coordinates (the first `dim` are used).
pub(crate) type Point = [f64; MAX_DIM];

/// The box and the work allowed.
pub(crate) struct Problem<'a> {
    pub lo: &'a [f64],
    pub hi: &'a [f64],
    /// Evaluations per start.
    pub max_evals: usize,
}

fn clamp_into(p: &mut Point, lo: &[f64], hi: &[f64]) {
    for i in 0..lo.len() {
        p[i] = p[i].clamp(lo[i], hi[i]);
    }
}

/// The smallest value of `f` found in the box and where. The search starts from whichever
/// of `starts` has the smallest value (the first on ties), then runs once more from where it
/// stopped (a restart often escapes a collapsed simplex). A non-finite value counts as worse
/// than any finite one.
pub(crate) fn minimize(
    f: &mut impl FnMut(&[f64]) -> f64,
    problem: &Problem<'_>,
    starts: &[Point],
) -> (Point, f64) {
    let dim = problem.lo.len();
    let mut start: Option<(Point, f64)> = None;
    for s in starts {
        let mut p = *s;
        clamp_into(&mut p, problem.lo, problem.hi);
        let v = value(f, &p, dim);
        if start.is_none_or(|b| v < b.1) {
            start = Some((p, v));
        }
    }
    let Some(start) = start else {
        return ([0.0; MAX_DIM], f64::INFINITY);
    };
    let mut best = search(f, problem, start.0);
    let again = search(f, problem, best.0);
    if again.1 < best.1 {
        best = again;
    }
    best
}

fn value(f: &mut impl FnMut(&[f64]) -> f64, p: &Point, dim: usize) -> f64 {
    let v = f(&p[..dim]);
    if v.is_finite() {
        v
    } else {
        f64::MAX
    }
}

// The vertices, the centroid and the bounds are indexed by coordinate together.
#[allow(clippy::needless_range_loop)]
/// One Nelder–Mead run (reflection 1, expansion 2, contraction ½, shrink ½) from `start`.
fn search(f: &mut impl FnMut(&[f64]) -> f64, pr: &Problem<'_>, start: Point) -> (Point, f64) {
    let dim = pr.lo.len();
    debug_assert!((1..=MAX_DIM).contains(&dim) && pr.hi.len() == dim);
    let mut x = [[0.0; MAX_DIM]; MAX_DIM + 1];
    let mut fx = [0.0; MAX_DIM + 1];
    x[0] = start;
    clamp_into(&mut x[0], pr.lo, pr.hi);
    // The first simplex steps a tenth of the range from the start, towards the wider side.
    for i in 0..dim {
        let mut p = x[0];
        let step = 0.1 * (pr.hi[i] - pr.lo[i]);
        p[i] = if p[i] + step <= pr.hi[i] {
            p[i] + step
        } else {
            p[i] - step
        };
        x[i + 1] = p;
    }
    for i in 0..=dim {
        fx[i] = value(f, &x[i], dim);
    }
    let mut evals = dim + 1;
    let mut order = [0usize; MAX_DIM + 1];
    while evals < pr.max_evals {
        for (i, o) in order.iter_mut().enumerate().take(dim + 1) {
            *o = i;
        }
        order[..=dim].sort_by(|&a, &b| fx[a].total_cmp(&fx[b]).then(a.cmp(&b)));
        let (bi, wi, si) = (order[0], order[dim], order[dim - 1]);
        // Converged when the values and the simplex have both become tiny.
        let spread = fx[wi] - fx[bi];
        let mut size: f64 = 0.0;
        for j in 0..=dim {
            for k in 0..dim {
                size = size.max((x[j][k] - x[bi][k]).abs() / (pr.hi[k] - pr.lo[k]));
            }
        }
        if spread <= 1e-8 * (fx[bi].abs() + 1e-12) && size < 1e-3 || size < 1e-7 {
            break;
        }
        let mut c = [0.0; MAX_DIM];
        for &j in order.iter().take(dim) {
            for k in 0..dim {
                c[k] += x[j][k] / dim as f64;
            }
        }
        let toward = |t: f64| -> Point {
            let mut p = [0.0; MAX_DIM];
            for k in 0..dim {
                p[k] = c[k] + t * (x[wi][k] - c[k]);
            }
            clamp_into(&mut p, pr.lo, pr.hi);
            p
        };
        let r = toward(-1.0);
        let fr = value(f, &r, dim);
        evals += 1;
        if fr < fx[bi] {
            let e = toward(-2.0);
            let fe = value(f, &e, dim);
            evals += 1;
            if fe < fr {
                (x[wi], fx[wi]) = (e, fe);
            } else {
                (x[wi], fx[wi]) = (r, fr);
            }
        } else if fr < fx[si] {
            (x[wi], fx[wi]) = (r, fr);
        } else {
            // Contract outside when the reflection helped a little, inside otherwise.
            let (p, fp) = if fr < fx[wi] {
                let p = toward(-0.5);
                (p, value(f, &p, dim))
            } else {
                let p = toward(0.5);
                (p, value(f, &p, dim))
            };
            evals += 1;
            if fp < fx[wi].min(fr) {
                (x[wi], fx[wi]) = (p, fp);
            } else {
                let b = x[bi];
                for j in 0..=dim {
                    if j != bi {
                        for k in 0..dim {
                            x[j][k] = b[k] + 0.5 * (x[j][k] - b[k]);
                        }
                        fx[j] = value(f, &x[j], dim);
                    }
                }
                evals += dim;
            }
        }
    }
    let mut b = 0;
    for i in 1..=dim {
        if fx[i] < fx[b] {
            b = i;
        }
    }
    (x[b], fx[b])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem<'a>(lo: &'a [f64], hi: &'a [f64]) -> Problem<'a> {
        Problem {
            lo,
            hi,
            max_evals: 2000,
        }
    }

    #[test]
    fn finds_an_interior_minimum() {
        let mut f = |p: &[f64]| (p[0] - 0.3).powi(2) + 10.0 * (p[1] - 0.7).powi(2);
        let (x, fx) = minimize(
            &mut f,
            &problem(&[0.0, 0.0], &[1.0, 1.0]),
            &[[0.9, 0.1, 0.0, 0.0]],
        );
        assert!(
            (x[0] - 0.3).abs() < 1e-3 && (x[1] - 0.7).abs() < 1e-3,
            "{x:?}"
        );
        assert!(fx < 1e-6);
    }

    #[test]
    fn stops_at_the_wall_when_the_minimum_is_outside() {
        // The unconstrained minimum is at (2, -1); the box's nearest corner is (1, 0).
        let mut f = |p: &[f64]| (p[0] - 2.0).powi(2) + (p[1] + 1.0).powi(2);
        let (x, _) = minimize(
            &mut f,
            &problem(&[0.0, 0.0], &[1.0, 1.0]),
            &[[0.5, 0.5, 0.0, 0.0]],
        );
        assert!((x[0] - 1.0).abs() < 1e-6 && x[1].abs() < 1e-6, "{x:?}");
    }

    #[test]
    fn rosenbrock_in_four_dimensions() {
        let mut f = |p: &[f64]| {
            (0..3)
                .map(|i| 100.0 * (p[i + 1] - p[i] * p[i]).powi(2) + (1.0 - p[i]).powi(2))
                .sum::<f64>()
        };
        let lo = [-2.0; 4];
        let hi = [2.0; 4];
        let pr = Problem {
            lo: &lo,
            hi: &hi,
            max_evals: 5000,
        };
        let (x, fx) = minimize(&mut f, &pr, &[[-1.0, 1.0, -1.0, 1.0], [0.0; 4]]);
        assert!(fx < 1e-4, "{x:?} {fx}");
    }

    #[test]
    fn non_finite_values_are_avoided_and_the_result_is_deterministic() {
        let mut f = |p: &[f64]| {
            if p[0] > 0.8 {
                f64::NAN
            } else {
                (p[0] - 0.5).powi(2)
            }
        };
        let pr = problem(&[0.0], &[1.0]);
        let a = minimize(&mut f, &pr, &[[0.75, 0.0, 0.0, 0.0], [0.1, 0.0, 0.0, 0.0]]);
        let b = minimize(&mut f, &pr, &[[0.75, 0.0, 0.0, 0.0], [0.1, 0.0, 0.0, 0.0]]);
        assert!((a.0[0] - 0.5).abs() < 1e-3);
        assert_eq!(a.0, b.0);
        assert_eq!(a.1.to_bits(), b.1.to_bits());
    }
}
