//! Normalisation: bringing indicators onto a common scale, with directions applied.
//!
//! COINr's `Normalise()` (R/normalise.R, COINr 1.1.14): each indicator is first multiplied by
//! its direction (+1 or −1) so that higher is always better, then normalised column-wise.
//! Distance to target and goalposts are the exception: they take the direction as a parameter
//! and work on the original values, because targets and goalposts are in original units.

use super::{CompositeError, DataTable, Direction, IndexTree, stats};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// A normalisation method (COINr's `n_*` functions).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum NormaliseMethod {
    /// Values as they are (after the direction is applied), COINr `"none"`.
    None,
    /// `n_minmax`: `(x − min) / (max − min) · (upper − lower) + lower`.
    MinMax {
        /// The value given to the worst unit.
        lower: f64,
        /// The value given to the best unit.
        upper: f64,
    },
    /// `n_zscore`: `(x − mean) / sd · sd_target + mean_target`, with the sample sd.
    ZScore {
        /// The mean of the result.
        mean: f64,
        /// The standard deviation of the result (positive).
        sd: f64,
    },
    /// `n_rank`: ascending rank, ties sharing the lowest rank.
    Rank,
    /// `n_prank`: `(rank − 1) / (n − 1)`, in `[0, 1]`.
    PercentRank,
    /// `n_borda`: `rank − 1`.
    Borda,
    /// `n_fracmax`: `x / max`.
    FractionOfMax,
    /// `n_dist2max`: `1 − (max − x) / (max − min)`, in `[0, 1]`.
    DistanceToMax,
    /// `n_dist2targ`: for a positive indicator `(x − min) / (target − min)`, for a negative
    /// one `(max − x) / (max − target)`; above 1 once the target is passed, unless capped.
    DistanceToTarget {
        /// The target; `None` takes each indicator's target from the tree.
        target: Option<f64>,
        /// Cap scores at 1 for units past the target.
        cap_max: bool,
    },
    /// `n_goalposts`: `(x − lower) / (upper − lower)` for a positive indicator and
    /// `(x − upper) / (lower − upper)` for a negative one, optionally clamped to `[0, 1]`,
    /// times `scale`.
    Goalposts {
        /// The lower goalpost.
        lower: f64,
        /// The upper goalpost.
        upper: f64,
        /// The factor applied last (100 for a 0–100 scale).
        scale: f64,
        /// Clamp to the goalposts (COINr `trunc2posts`, default true).
        truncate: bool,
    },
}

/// Which method to use for each indicator: a default and per-indicator exceptions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NormaliseSpec {
    /// The method for every indicator not listed in `overrides`.
    pub default: NormaliseMethod,
    /// Methods for particular indicators (COINr `indiv_specs`).
    #[serde(default)]
    pub overrides: BTreeMap<String, NormaliseMethod>,
}

impl Default for NormaliseSpec {
    /// COINr's default: min-max onto `[0, 100]`.
    fn default() -> Self {
        Self {
            default: NormaliseMethod::MinMax {
                lower: 0.0,
                upper: 100.0,
            },
            overrides: BTreeMap::new(),
        }
    }
}

impl NormaliseSpec {
    /// The same method for every indicator.
    pub fn all(method: NormaliseMethod) -> Self {
        Self {
            default: method,
            overrides: BTreeMap::new(),
        }
    }
}

fn min_max(x: &[Option<f64>]) -> Option<(f64, f64)> {
    let cmp = |a: &f64, b: &f64| a.partial_cmp(b).unwrap_or(Ordering::Equal);
    let min = x.iter().flatten().copied().min_by(cmp)?;
    let max = x.iter().flatten().copied().max_by(cmp)?;
    Some((min, max))
}

fn map(x: &[Option<f64>], f: impl Fn(f64) -> f64) -> Vec<Option<f64>> {
    x.iter()
        .map(|v| v.map(&f).filter(|y| !y.is_nan()))
        .collect()
}

/// Normalises one column.
///
/// `column` names the column in errors; `target` is the indicator's target from the tree,
/// used by [`NormaliseMethod::DistanceToTarget`] when the method gives none. A column with a
/// single distinct value gives missing values for the methods that divide by its range
/// (COINr returns `NaN` and warns).
pub fn normalise_values(
    column: &str,
    x: &[Option<f64>],
    method: &NormaliseMethod,
    direction: Direction,
    target: Option<f64>,
) -> Result<Vec<Option<f64>>, CompositeError> {
    let invalid = |reason: &str| CompositeError::InvalidNormalisation {
        column: column.to_owned(),
        reason: reason.to_owned(),
    };
    // Distance to target and goalposts work on the original values.
    match method {
        NormaliseMethod::DistanceToTarget {
            target: given,
            cap_max,
        } => {
            let targ = given
                .or(target)
                .ok_or_else(|| CompositeError::MissingTarget(column.to_owned()))?;
            if !targ.is_finite() {
                return Err(invalid("the target must be a finite number"));
            }
            let Some((min, max)) = min_max(x) else {
                return Ok(x.to_vec());
            };
            let cap = |y: f64| if *cap_max && y > 1.0 { 1.0 } else { y };
            return Ok(match direction {
                Direction::Positive => map(x, |v| cap((v - min) / (targ - min))),
                Direction::Negative => map(x, |v| cap((max - v) / (max - targ))),
            });
        }
        NormaliseMethod::Goalposts {
            lower,
            upper,
            scale,
            truncate,
        } => {
            if lower == upper || !(lower.is_finite() && upper.is_finite()) {
                return Err(invalid(
                    "the goalposts must be two different finite numbers",
                ));
            }
            let clamp = |y: f64| if *truncate { y.clamp(0.0, 1.0) } else { y };
            return Ok(match direction {
                Direction::Positive => map(x, |v| clamp((v - lower) / (upper - lower)) * scale),
                Direction::Negative => map(x, |v| clamp((v - upper) / (lower - upper)) * scale),
            });
        }
        _ => {}
    }
    let sign = direction.sign();
    let x: Vec<Option<f64>> = x.iter().map(|v| v.map(|v| v * sign)).collect();
    let present: Vec<f64> = x.iter().flatten().copied().collect();
    let ranks = || stats::rank_min(&x);
    Ok(match method {
        NormaliseMethod::None => map(&x, |v| v),
        NormaliseMethod::MinMax { lower, upper } => match min_max(&x) {
            Some((min, max)) => map(&x, |v| (v - min) / (max - min) * (upper - lower) + lower),
            None => x,
        },
        NormaliseMethod::ZScore { mean, sd } => {
            if sd.is_nan() || *sd <= 0.0 {
                return Err(invalid("the target standard deviation must be positive"));
            }
            match (stats::mean(&present), stats::sd(&present)) {
                (Some(m), Some(s)) => map(&x, |v| (v - m) / s * sd + mean),
                _ => vec![None; x.len()],
            }
        }
        NormaliseMethod::Rank => ranks().into_iter().map(|r| r.map(|r| r as f64)).collect(),
        NormaliseMethod::Borda => ranks()
            .into_iter()
            .map(|r| r.map(|r| r as f64 - 1.0))
            .collect(),
        NormaliseMethod::PercentRank => {
            let n = present.len() as f64;
            ranks()
                .into_iter()
                .map(|r| {
                    r.map(|r| (r as f64 - 1.0) / (n - 1.0))
                        .filter(|y| !y.is_nan())
                })
                .collect()
        }
        NormaliseMethod::FractionOfMax => match min_max(&x) {
            Some((_, max)) => map(&x, |v| v / max),
            None => x,
        },
        NormaliseMethod::DistanceToMax => match min_max(&x) {
            Some((min, max)) => map(&x, |v| 1.0 - (max - v) / (max - min)),
            None => x,
        },
        NormaliseMethod::DistanceToTarget { .. } | NormaliseMethod::Goalposts { .. } => x,
    })
}

/// Normalises every indicator of the tree; the result holds the indicator columns only
/// (and the group columns).
pub fn normalise(
    tree: &IndexTree,
    table: &DataTable,
    spec: &NormaliseSpec,
) -> Result<DataTable, CompositeError> {
    let mut out = table.empty_like()?;
    for node in tree.indicators() {
        let x = table.require_column(&node.code)?;
        let method = spec.overrides.get(&node.code).unwrap_or(&spec.default);
        let y = normalise_values(&node.code, x, method, node.direction, node.target)?;
        out.add_column(node.code.clone(), y)?;
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn col(v: &[f64]) -> Vec<Option<f64>> {
        v.iter().copied().map(Some).collect()
    }

    fn run(x: &[Option<f64>], m: NormaliseMethod, d: Direction) -> Vec<Option<f64>> {
        normalise_values("x", x, &m, d, None).unwrap()
    }

    const POS: Direction = Direction::Positive;
    const NEG: Direction = Direction::Negative;

    #[test]
    fn min_max_and_direction() {
        let x = vec![Some(2.0), Some(4.0), None, Some(6.0)];
        let mm = NormaliseMethod::MinMax {
            lower: 0.0,
            upper: 100.0,
        };
        assert_eq!(
            run(&x, mm.clone(), POS),
            vec![Some(0.0), Some(50.0), None, Some(100.0)]
        );
        assert_eq!(
            run(&x, mm, NEG),
            vec![Some(100.0), Some(50.0), None, Some(0.0)]
        );
        let one = NormaliseMethod::MinMax {
            lower: 1.0,
            upper: 10.0,
        };
        assert_eq!(run(&x, one, POS)[1], Some(5.5));
        // A constant column has no range: every value becomes missing.
        let flat = col(&[3.0, 3.0]);
        let mm = NormaliseMethod::MinMax {
            lower: 0.0,
            upper: 1.0,
        };
        assert_eq!(run(&flat, mm, POS), vec![None, None]);
    }

    #[test]
    fn z_scores() {
        // 1, 2, 3: mean 2, sd 1.
        let x = col(&[1.0, 2.0, 3.0]);
        let z = NormaliseMethod::ZScore {
            mean: 10.0,
            sd: 2.0,
        };
        assert_eq!(run(&x, z, POS), col(&[8.0, 10.0, 12.0]));
        assert!(
            normalise_values(
                "x",
                &x,
                &NormaliseMethod::ZScore { mean: 0.0, sd: 0.0 },
                POS,
                None
            )
            .is_err()
        );
    }

    #[test]
    fn rank_methods() {
        let x = vec![Some(5.0), Some(1.0), Some(5.0), None, Some(3.0)];
        assert_eq!(
            run(&x, NormaliseMethod::Rank, POS),
            vec![Some(3.0), Some(1.0), Some(3.0), None, Some(2.0)]
        );
        assert_eq!(
            run(&x, NormaliseMethod::Borda, POS),
            vec![Some(2.0), Some(0.0), Some(2.0), None, Some(1.0)]
        );
        assert_eq!(
            run(&x, NormaliseMethod::PercentRank, POS),
            vec![
                Some(2.0 / 3.0),
                Some(0.0),
                Some(2.0 / 3.0),
                None,
                Some(1.0 / 3.0)
            ]
        );
        assert_eq!(
            run(&x, NormaliseMethod::Rank, NEG),
            vec![Some(1.0), Some(4.0), Some(1.0), None, Some(3.0)]
        );
    }

    #[test]
    fn fraction_and_distance_to_max() {
        let x = col(&[2.0, 4.0, 8.0]);
        assert_eq!(
            run(&x, NormaliseMethod::FractionOfMax, POS),
            col(&[0.25, 0.5, 1.0])
        );
        let d = run(&x, NormaliseMethod::DistanceToMax, POS);
        assert_eq!((d[0], d[2]), (Some(0.0), Some(1.0)));
        assert!((d[1].unwrap() - 1.0 / 3.0).abs() < 1e-15);
        // With direction −1 the maximum of −x is −2: −8 / −2 = 4.
        assert_eq!(
            run(&x, NormaliseMethod::FractionOfMax, NEG),
            col(&[1.0, 2.0, 4.0])
        );
    }

    #[test]
    fn distance_to_target() {
        let x = col(&[0.0, 5.0, 10.0, 20.0]);
        let d = NormaliseMethod::DistanceToTarget {
            target: Some(10.0),
            cap_max: false,
        };
        assert_eq!(run(&x, d, POS), col(&[0.0, 0.5, 1.0, 2.0]));
        let capped = NormaliseMethod::DistanceToTarget {
            target: Some(10.0),
            cap_max: true,
        };
        assert_eq!(run(&x, capped, POS), col(&[0.0, 0.5, 1.0, 1.0]));
        // Lower is better, target 5: (20 − x) / (20 − 5).
        let low = NormaliseMethod::DistanceToTarget {
            target: Some(5.0),
            cap_max: false,
        };
        assert_eq!(
            run(&x, low, NEG),
            col(&[20.0 / 15.0, 1.0, 10.0 / 15.0, 0.0])
        );
        // The tree's target is used when the method gives none.
        let from_tree = NormaliseMethod::DistanceToTarget {
            target: None,
            cap_max: false,
        };
        assert_eq!(
            normalise_values("x", &x, &from_tree, POS, Some(20.0)).unwrap(),
            col(&[0.0, 0.25, 0.5, 1.0])
        );
        assert!(matches!(
            normalise_values("x", &x, &from_tree, POS, None),
            Err(CompositeError::MissingTarget(_))
        ));
    }

    #[test]
    fn goalposts() {
        let x = col(&[-5.0, 0.0, 5.0, 10.0, 15.0]);
        let gp = NormaliseMethod::Goalposts {
            lower: 0.0,
            upper: 10.0,
            scale: 100.0,
            truncate: true,
        };
        assert_eq!(
            run(&x, gp.clone(), POS),
            col(&[0.0, 0.0, 50.0, 100.0, 100.0])
        );
        assert_eq!(run(&x, gp, NEG), col(&[100.0, 100.0, 50.0, 0.0, 0.0]));
        let loose = NormaliseMethod::Goalposts {
            lower: 0.0,
            upper: 10.0,
            scale: 1.0,
            truncate: false,
        };
        assert_eq!(run(&x, loose, POS), col(&[-0.5, 0.0, 0.5, 1.0, 1.5]));
    }

    proptest::proptest! {
        /// Min-max output always lies in [lower, upper], hits both ends, and keeps (or, for
        /// a negative direction, reverses) the order of the data.
        #[test]
        fn min_max_stays_within_bounds(
            values in proptest::collection::vec(proptest::option::of(-1e6f64..1e6), 2..30),
            lower in -100f64..100.0,
            width in 0.5f64..1000.0,
            negative in proptest::bool::ANY,
        ) {
            let upper = lower + width;
            let dir = if negative { NEG } else { POS };
            let y = run(&values, NormaliseMethod::MinMax { lower, upper }, dir);
            let present: Vec<f64> = values.iter().flatten().copied().collect();
            let distinct = present.iter().any(|v| *v != present[0]);
            let tol = 1e-9 * (upper.abs() + lower.abs() + 1.0);
            for (x, yv) in values.iter().zip(&y) {
                proptest::prop_assert_eq!(x.is_none() || !distinct, yv.is_none());
                if let Some(yv) = yv {
                    proptest::prop_assert!(*yv >= lower - tol && *yv <= upper + tol);
                }
            }
            if distinct {
                let ys: Vec<f64> = y.iter().flatten().copied().collect();
                let lo = ys.iter().copied().fold(f64::INFINITY, f64::min);
                let hi = ys.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                proptest::prop_assert!((lo - lower).abs() <= tol && (hi - upper).abs() <= tol);
                for (a, ya) in values.iter().zip(&y) {
                    for (b, yb) in values.iter().zip(&y) {
                        if let (Some(a), Some(b), Some(ya), Some(yb)) = (a, b, ya, yb)
                            && a < b
                        {
                            if negative {
                                proptest::prop_assert!(ya >= yb);
                            } else {
                                proptest::prop_assert!(ya <= yb);
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn none_applies_the_direction_only() {
        let x = col(&[1.0, -2.0]);
        assert_eq!(run(&x, NormaliseMethod::None, NEG), col(&[-1.0, 2.0]));
    }
}
