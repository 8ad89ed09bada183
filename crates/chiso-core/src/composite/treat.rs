//! Outlier treatment: Winsorisation while skew and kurtosis are too high, else a log transform.
//!
//! This is COINr's default `Treat()` (R/treat.R in COINr 1.1.14):
//!
//! 1. check: an indicator *passes* if `|skew| < skew_thresh` **or** `kurt < kurt_thresh`
//!    (defaults 2 and 3.5), with the sample skewness and kurtosis of [`super::stats`];
//! 2. if it fails, Winsorise: while it fails and fewer than `winmax` points are treated,
//!    take the side given by the sign of the skew (≥ 0: the top), and give every point equal
//!    to the extreme value the next value in from that end (so tied extremes move together
//!    and a treated point can be moved again); count the distinct points treated;
//! 3. check again; if it still fails, discard the Winsorisation (unless `combine`) and apply
//!    the second treatment (by default `log_CT`) to the original values, and check once more.

use super::{CompositeError, DataTable, stats};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// The transformation applied when Winsorisation does not bring an indicator within limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecondTreatment {
    /// Keep the Winsorised values even if they still fail the check.
    None,
    /// COINr `log_CT`: `ln(x − min + 0.01·(max − min))`.
    LogCt,
    /// COINr `log_CT_orig` (the COIN Tool's original): `ln(x − min + 1)`.
    LogCtOrig,
    /// COINr `log_CT_plus`: `log_CT` if the skew is ≥ 0, else `−ln(max + a − x)` with
    /// `a = 0.01·(max − min)`, so that negative skew is reduced too.
    LogCtPlus,
}

/// Parameters of the two-stage outlier treatment; [`Default`] gives COINr's defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TreatSpec {
    /// The most points to Winsorise (`None`: no limit). COINr default 5.
    pub winmax: Option<usize>,
    /// The absolute skewness threshold. Default 2.
    pub skew_thresh: f64,
    /// The (excess) kurtosis threshold. Default 3.5.
    pub kurt_thresh: f64,
    /// Winsorise up to `winmax` points even when the check passes. Default false.
    pub force_win: bool,
    /// What to do if Winsorisation is not enough. Default `log_CT`.
    pub second: SecondTreatment,
    /// Apply the second treatment to the Winsorised values rather than the original ones.
    /// Default false (COINr `combine_treat`).
    pub combine: bool,
}

impl Default for TreatSpec {
    fn default() -> Self {
        Self {
            winmax: Some(5),
            skew_thresh: 2.0,
            kurt_thresh: 3.5,
            force_win: false,
            second: SecondTreatment::LogCt,
            combine: false,
        }
    }
}

/// The result of a skew and kurtosis check (COINr `check_SkewKurt`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SkewKurtCheck {
    /// Whether `|skew| < skew_thresh` or `kurt < kurt_thresh`. A constant column (skew and
    /// kurtosis undefined) passes: there is nothing to treat.
    pub pass: bool,
    /// The sample skewness.
    pub skew: f64,
    /// The sample excess kurtosis.
    pub kurt: f64,
}

/// What Winsorisation did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Winsorisation {
    /// The number of distinct points changed (COINr `nwin`).
    pub n_points: usize,
    /// Rows (positions in the table's units) changed at the top end.
    pub high: Vec<usize>,
    /// Rows changed at the bottom end.
    pub low: Vec<usize>,
}

/// What was done to one indicator (one row of COINr's treatment details table).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TreatDetail {
    /// The indicator.
    pub column: String,
    /// The first check (COINr `check_SkewKurt0`).
    pub before: SkewKurtCheck,
    /// The Winsorisation, if the first check failed (or it was forced).
    pub winsorisation: Option<Winsorisation>,
    /// The check after Winsorisation (`check_SkewKurt1`).
    pub after_winsorisation: Option<SkewKurtCheck>,
    /// The second treatment, if Winsorisation was not enough.
    pub transformation: Option<SecondTreatment>,
    /// The check after the second treatment (`check_SkewKurt2`).
    pub after_transformation: Option<SkewKurtCheck>,
}

fn present(x: &[Option<f64>]) -> Vec<f64> {
    x.iter().flatten().copied().collect()
}

fn check(
    column: &str,
    x: &[Option<f64>],
    spec: &TreatSpec,
) -> Result<SkewKurtCheck, CompositeError> {
    let v = present(x);
    let too_few = |needed| CompositeError::TooFewValues {
        column: column.to_owned(),
        what: "skewness and kurtosis",
        needed,
        got: v.len(),
    };
    let skew = stats::skew(&v).ok_or_else(|| too_few(4))?;
    let kurt = stats::kurt(&v).ok_or_else(|| too_few(4))?;
    let pass = if skew.is_nan() || kurt.is_nan() {
        true
    } else {
        skew.abs() < spec.skew_thresh || kurt < spec.kurt_thresh
    };
    Ok(SkewKurtCheck { pass, skew, kurt })
}

fn extreme(x: &[Option<f64>], top: bool) -> Option<f64> {
    let cmp = |a: &f64, b: &f64| a.partial_cmp(b).unwrap_or(Ordering::Equal);
    let it = x.iter().flatten().copied();
    if top { it.max_by(cmp) } else { it.min_by(cmp) }
}

/// Winsorises `x` (COINr `winsorise()`); returns the values and what was changed.
fn winsorise(
    column: &str,
    x: &[Option<f64>],
    spec: &TreatSpec,
) -> Result<(Vec<Option<f64>>, Winsorisation), CompositeError> {
    let mut x = x.to_vec();
    let mut high = BTreeSet::new();
    let mut low = BTreeSet::new();
    let below_max = |n: usize| spec.winmax.is_none_or(|w| n < w);
    let mut passing = check(column, &x, spec)?.pass;
    while (!passing || spec.force_win) && below_max(high.len() + low.len()) {
        let skew = stats::skew(&present(&x)).unwrap_or(f64::NAN);
        if skew.is_nan() {
            break;
        }
        let top = skew >= 0.0;
        let Some(end) = extreme(&x, top) else { break };
        let rows: Vec<usize> = x
            .iter()
            .enumerate()
            .filter(|(_, v)| **v == Some(end))
            .map(|(i, _)| i)
            .collect();
        let rest: Vec<Option<f64>> = x
            .iter()
            .enumerate()
            .map(|(i, v)| if rows.contains(&i) { None } else { *v })
            .collect();
        let Some(next) = extreme(&rest, top) else {
            break;
        };
        for &r in &rows {
            x[r] = Some(next);
        }
        if top {
            high.extend(rows);
        } else {
            low.extend(rows);
        }
        passing = check(column, &x, spec)?.pass;
    }
    let w = Winsorisation {
        n_points: high.len() + low.len(),
        high: high.into_iter().collect(),
        low: low.into_iter().collect(),
    };
    Ok((x, w))
}

/// Applies a second-stage transformation to a column (missing values stay missing).
fn transform(x: &[Option<f64>], how: SecondTreatment) -> Vec<Option<f64>> {
    let (Some(min), Some(max)) = (extreme(x, false), extreme(x, true)) else {
        return x.to_vec();
    };
    let a = 0.01 * (max - min);
    let negative_skew = stats::skew(&present(x)).is_some_and(|s| s < 0.0);
    x.iter()
        .map(|v| {
            v.map(|v| match how {
                SecondTreatment::None => v,
                SecondTreatment::LogCt => (v - min + a).ln(),
                SecondTreatment::LogCtOrig => (v - min + 1.0).ln(),
                SecondTreatment::LogCtPlus if negative_skew => -(max + a - v).ln(),
                SecondTreatment::LogCtPlus => (v - min + a).ln(),
            })
        })
        .collect()
}

/// Treats one column for outliers; returns the treated values and the details.
///
/// `column` only names the column in the details and in errors. Fails with
/// [`CompositeError::TooFewValues`] if fewer than four values are present.
pub fn treat_values(
    column: &str,
    x: &[Option<f64>],
    spec: &TreatSpec,
) -> Result<(Vec<Option<f64>>, TreatDetail), CompositeError> {
    if spec.skew_thresh.is_nan() || spec.kurt_thresh.is_nan() {
        return Err(CompositeError::InvalidTreatment(
            "thresholds must be numbers".into(),
        ));
    }
    let before = check(column, x, spec)?;
    let mut detail = TreatDetail {
        column: column.to_owned(),
        before,
        winsorisation: None,
        after_winsorisation: None,
        transformation: None,
        after_transformation: None,
    };
    if before.pass && !spec.force_win {
        return Ok((x.to_vec(), detail));
    }
    let (winsorised, w) = winsorise(column, x, spec)?;
    let after = check(column, &winsorised, spec)?;
    detail.winsorisation = Some(w);
    detail.after_winsorisation = Some(after);
    if after.pass || spec.second == SecondTreatment::None {
        return Ok((winsorised, detail));
    }
    let base = if spec.combine { &winsorised[..] } else { x };
    let transformed = transform(base, spec.second);
    detail.transformation = Some(spec.second);
    detail.after_transformation = Some(check(column, &transformed, spec)?);
    Ok((transformed, detail))
}

/// Treats the listed columns; `overrides` gives other parameters for some columns, or
/// `None` to leave a column untreated (it then has no detail row). Other columns are copied.
pub fn treat<S: AsRef<str>>(
    table: &DataTable,
    columns: &[S],
    spec: &TreatSpec,
    overrides: &BTreeMap<String, Option<TreatSpec>>,
) -> Result<(DataTable, Vec<TreatDetail>), CompositeError> {
    let mut out = table.clone();
    let mut details = Vec::new();
    for column in columns {
        let column = column.as_ref();
        let x = table.require_column(column)?;
        let spec = match overrides.get(column) {
            Some(None) => continue,
            Some(Some(s)) => s,
            None => spec,
        };
        let (treated, detail) = treat_values(column, x, spec)?;
        out.set_column(column, treated)?;
        details.push(detail);
    }
    Ok((out, details))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn col(v: &[f64]) -> Vec<Option<f64>> {
        v.iter().copied().map(Some).collect()
    }

    #[test]
    fn a_clean_column_is_untouched() {
        let x = col(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        let (y, d) = treat_values("x", &x, &TreatSpec::default()).unwrap();
        assert_eq!(y, x);
        assert!(d.before.pass);
        assert!(d.winsorisation.is_none());
    }

    #[test]
    fn one_outlier_is_winsorised_to_the_next_value() {
        // COINr's own test: c(1:10, 100) → the 100 becomes 10.
        let mut v: Vec<f64> = (1..=10).map(f64::from).collect();
        v.push(100.0);
        let (y, d) = treat_values("x", &col(&v), &TreatSpec::default()).unwrap();
        assert_eq!(y[10], Some(10.0));
        assert_eq!(&y[..10], &col(&v[..10])[..]);
        let w = d.winsorisation.unwrap();
        assert_eq!((w.n_points, w.high.clone(), w.low.len()), (1, vec![10], 0));
        assert!(d.after_winsorisation.unwrap().pass);
        assert!(d.transformation.is_none());
    }

    #[test]
    fn low_outliers_are_winsorised_at_the_bottom() {
        let mut v: Vec<f64> = (1..=10).map(f64::from).collect();
        v.push(-100.0);
        let (y, d) = treat_values("x", &col(&v), &TreatSpec::default()).unwrap();
        assert_eq!(y[10], Some(1.0));
        assert_eq!(d.winsorisation.unwrap().low, vec![10]);
    }

    #[test]
    fn falls_back_to_log_ct_on_the_original_values() {
        // c(1:20, 100, 200) with winmax 1: Winsorising one point is not enough.
        let mut v: Vec<f64> = (1..=20).map(f64::from).collect();
        v.extend([100.0, 200.0]);
        let spec = TreatSpec {
            winmax: Some(1),
            ..TreatSpec::default()
        };
        let (y, d) = treat_values("x", &col(&v), &spec).unwrap();
        assert_eq!(d.transformation, Some(SecondTreatment::LogCt));
        let a = 0.01 * 199.0;
        for (yi, xi) in y.iter().zip(&v) {
            assert!((yi.unwrap() - (xi - 1.0 + a).ln()).abs() < 1e-12);
        }
        // With combine, the log applies to the Winsorised values (200 → 100 first).
        let combined = TreatSpec {
            combine: true,
            ..spec.clone()
        };
        let (y2, _) = treat_values("x", &col(&v), &combined).unwrap();
        assert_eq!(y2[21], y2[20]);
        let orig = TreatSpec {
            second: SecondTreatment::LogCtOrig,
            ..spec
        };
        let (y3, _) = treat_values("x", &col(&v), &orig).unwrap();
        assert_eq!(y3[0], Some(0.0));
    }

    #[test]
    fn ties_move_together_and_missing_values_stay() {
        let mut v: Vec<Option<f64>> = (1..=12).map(|i| Some(f64::from(i))).collect();
        v.push(Some(90.0));
        v.push(Some(90.0));
        v.push(None);
        let (y, d) = treat_values("x", &v, &TreatSpec::default()).unwrap();
        assert_eq!((y[12], y[13], y[14]), (Some(12.0), Some(12.0), None));
        assert_eq!(d.winsorisation.unwrap().n_points, 2);
    }

    #[test]
    fn log_ct_plus_follows_the_sign_of_the_skew() {
        // Negative skew: −ln(max + a − x) with a = 0.01 · (max − min).
        let x = col(&[-100.0, 1.0, 2.0, 3.0, 4.0]);
        let a = 0.01 * 104.0;
        let y = transform(&x, SecondTreatment::LogCtPlus);
        for (yi, xi) in y.iter().zip([-100.0_f64, 1.0, 2.0, 3.0, 4.0]) {
            assert!((yi.unwrap() + (4.0 + a - xi).ln()).abs() < 1e-12);
        }
        // Positive skew: the same as log_CT.
        let x = col(&[100.0, 1.0, 2.0, 3.0, 4.0]);
        assert_eq!(
            transform(&x, SecondTreatment::LogCtPlus),
            transform(&x, SecondTreatment::LogCt)
        );
        assert_eq!(
            transform(&[None, Some(1.0)], SecondTreatment::LogCt)[0],
            None
        );
    }

    #[test]
    fn too_few_values_is_an_error() {
        assert!(matches!(
            treat_values("x", &col(&[1.0, 2.0, 3.0]), &TreatSpec::default()),
            Err(CompositeError::TooFewValues { .. })
        ));
    }

    #[test]
    fn overrides_skip_or_change_columns() {
        let mut t = DataTable::new((0..11).map(|i| format!("u{i}"))).unwrap();
        let mut v: Vec<f64> = (1..=10).map(f64::from).collect();
        v.push(100.0);
        t.add_column("a", col(&v)).unwrap();
        t.add_column("b", col(&v)).unwrap();
        let overrides = BTreeMap::from([("b".to_string(), None)]);
        let (out, details) = treat(&t, &["a", "b"], &TreatSpec::default(), &overrides).unwrap();
        assert_eq!(details.len(), 1);
        assert_eq!(out.value("u10", "a"), Some(10.0));
        assert_eq!(out.value("u10", "b"), Some(100.0));
    }
}
