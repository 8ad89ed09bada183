//! Sample statistics used by the composite-index steps, defined as R and COINr define them.
//!
//! Every function takes the non-missing values only (callers drop `None`).

use std::cmp::Ordering;

/// Arithmetic mean, or `None` for an empty slice.
///
/// Computed in two passes (the mean, then the mean of the residuals added back) as R's
/// `mean()` does, which keeps the result exact to the last bits for well-scaled data.
pub fn mean(x: &[f64]) -> Option<f64> {
    if x.is_empty() {
        return None;
    }
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    if !m.is_finite() {
        return Some(m);
    }
    let correction = x.iter().map(|v| v - m).sum::<f64>() / n;
    Some(m + correction)
}

/// Median (the average of the two middle values for an even count), or `None` if empty.
///
/// R's `stats::median()`.
pub fn median(x: &[f64]) -> Option<f64> {
    if x.is_empty() {
        return None;
    }
    let mut v = x.to_vec();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(Ordering::Equal));
    let n = v.len();
    if n % 2 == 1 {
        Some(v[n / 2])
    } else {
        Some((v[n / 2 - 1] + v[n / 2]) / 2.0)
    }
}

/// The `p`-quantile of values sorted ascending, interpolated between order statistics, or
/// `None` if empty.
///
/// R's `stats::quantile(x, p)` with its default `type = 7`: `h = (n − 1)p`, then
/// `x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋ + 1] − x[⌊h⌋])`.
pub fn quantile_sorted(sorted: &[f64], p: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let h = last as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(last);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

/// Sample standard deviation (divisor `n − 1`), or `None` for fewer than two values.
///
/// R's `stats::sd()`.
pub fn sd(x: &[f64]) -> Option<f64> {
    if x.len() < 2 {
        return None;
    }
    let m = mean(x)?;
    let ss: f64 = x.iter().map(|v| (v - m) * (v - m)).sum();
    Some((ss / (x.len() as f64 - 1.0)).sqrt())
}

/// Sample skewness, or `None` for fewer than three values.
///
/// COINr's `skew()`: the adjusted Fisher–Pearson coefficient `G1`, which is the definition of
/// `e1071::skewness(type = 2)` and of Excel's `SKEW`:
/// `g1 = √n · Σd³ / (Σd²)^{3/2}`, `G1 = g1 · √(n(n−1)) / (n−2)`, with `d = x − mean(x)`.
/// A constant vector gives `NaN`.
pub fn skew(x: &[f64]) -> Option<f64> {
    let n = x.len();
    if n < 3 {
        return None;
    }
    let m = mean(x)?;
    let (s2, s3) = x.iter().fold((0.0, 0.0), |(s2, s3), v| {
        let d = v - m;
        (s2 + d * d, s3 + d * d * d)
    });
    let nf = n as f64;
    let g1 = nf.sqrt() * s3 / s2.powf(1.5);
    Some(g1 * (nf * (nf - 1.0)).sqrt() / (nf - 2.0))
}

/// Sample excess kurtosis, or `None` for fewer than four values.
///
/// COINr's `kurt()`: the definition of `e1071::kurtosis(type = 2)` and of Excel's `KURT`:
/// `r = n · Σd⁴ / (Σd²)²`, `G2 = ((n+1)(r−3) + 6)(n−1) / ((n−2)(n−3))`.
/// A constant vector gives `NaN`.
pub fn kurt(x: &[f64]) -> Option<f64> {
    let n = x.len();
    if n < 4 {
        return None;
    }
    let m = mean(x)?;
    let (s2, s4) = x.iter().fold((0.0, 0.0), |(s2, s4), v| {
        let d = v - m;
        let d2 = d * d;
        (s2 + d2, s4 + d2 * d2)
    });
    let nf = n as f64;
    let r = nf * s4 / (s2 * s2);
    Some(((nf + 1.0) * (r - 3.0) + 6.0) * (nf - 1.0) / ((nf - 2.0) * (nf - 3.0)))
}

/// Ascending ranks with ties sharing the lowest rank; missing values get no rank.
///
/// R's `rank(x, ties.method = "min", na.last = "keep")`: the smallest value has rank 1;
/// equal values (compared with `==`, so `-0.0 == 0.0`) share the rank of the first of them.
/// `NaN` counts as missing.
pub fn rank_min(x: &[Option<f64>]) -> Vec<Option<usize>> {
    let mut present: Vec<(usize, f64)> = x
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.filter(|v| !v.is_nan()).map(|v| (i, v)))
        .collect();
    present.sort_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(Ordering::Equal));
    let mut out = vec![None; x.len()];
    let mut group_rank = 0;
    let mut previous: Option<f64> = None;
    for (pos, (i, v)) in present.iter().enumerate() {
        if previous != Some(*v) {
            group_rank = pos + 1;
            previous = Some(*v);
        }
        out[*i] = Some(group_rank);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1.0)
    }

    #[test]
    fn mean_median_sd() {
        assert_eq!(mean(&[]), None);
        assert_eq!(mean(&[1.0, 2.0, 6.0]), Some(3.0));
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        // var(1..5) = 2.5
        assert!(close(
            sd(&[1.0, 2.0, 3.0, 4.0, 5.0]).unwrap_or(0.0),
            2.5_f64.sqrt()
        ));
        assert_eq!(sd(&[1.0]), None);
    }

    #[test]
    fn skew_and_kurt_match_excel_definitions() {
        // x = 1, 2, 3, 10: mean 4, d = -3,-2,-1,6; Σd² = 50, Σd³ = 180, Σd⁴ = 1394.
        let x = [1.0, 2.0, 3.0, 10.0];
        let g1 = 2.0 * 180.0 / 50.0_f64.powf(1.5);
        let skew_expected = g1 * 12.0_f64.sqrt() / 2.0;
        assert!(close(skew(&x).unwrap_or(0.0), skew_expected));
        let r = 4.0 * 1394.0 / 2500.0;
        let kurt_expected = (5.0 * (r - 3.0) + 6.0) * 3.0 / 2.0;
        assert!(close(kurt(&x).unwrap_or(0.0), kurt_expected));
        assert_eq!(skew(&[1.0, 2.0]), None);
        assert_eq!(kurt(&[1.0, 2.0, 3.0]), None);
        assert!(skew(&[2.0, 2.0, 2.0]).is_some_and(f64::is_nan));
    }

    #[test]
    fn ranks_share_the_lowest_rank() {
        let x = [
            Some(3.0),
            Some(1.0),
            None,
            Some(3.0),
            Some(2.0),
            Some(f64::NAN),
        ];
        assert_eq!(
            rank_min(&x),
            vec![Some(3), Some(1), None, Some(3), Some(2), None]
        );
        assert_eq!(rank_min(&[Some(0.0), Some(-0.0)]), vec![Some(1), Some(1)]);
    }
}
