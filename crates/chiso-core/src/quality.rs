//! Data quality: the robust outlier test for a reported value against its own history (or
//! its peers'). Uses the modified z-score of Iglewicz and Hoaglin (1993), `0.6745 · (x −
//! median) / MAD`, where MAD is the median absolute deviation; DHIS2's outlier detection
//! offers the same statistic. When more than half of the history is equal the MAD is zero,
//! and the mean absolute deviation scaled by 1.253314 (its ratio to the standard deviation
//! for normal data, as the modified z-score is usually completed) is used instead.

use serde::Serialize;

/// Iglewicz and Hoaglin's recommended threshold for the modified z-score.
pub const DEFAULT_THRESHOLD: f64 = 3.5;
/// Fewest past values the test needs.
pub const MIN_HISTORY: usize = 5;

/// What a value was compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The same unit's values of earlier periods.
    History,
    /// The values of the same period reported by the unit's peers (units of the same kind
    /// under the same parent).
    Peers,
}

/// A value that stands out from its history or from its peers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Outlier {
    /// What it was compared with.
    pub basis: Basis,
    /// The median of the values compared.
    pub median: f64,
    /// The modified z-score of the value (signed: above or below the median).
    pub score: f64,
    /// How many values were compared.
    pub compared: usize,
}

fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

/// Whether `value` is an outlier against `history` at `threshold` (|modified z| above
/// it). `None` when it is not, or when there are fewer than [`MIN_HISTORY`] finite past
/// values. A history that never varies flags any different value.
pub fn robust_outlier(history: &[f64], value: f64, threshold: f64) -> Option<Outlier> {
    robust_outlier_among(Basis::History, history, value, threshold)
}

/// The same test against the values of `basis` (a unit's past values, or its peers' values
/// of the same period): at least [`MIN_HISTORY`] of them are needed.
pub fn robust_outlier_among(
    basis: Basis,
    history: &[f64],
    value: f64,
    threshold: f64,
) -> Option<Outlier> {
    let mut h: Vec<f64> = history.iter().copied().filter(|x| x.is_finite()).collect();
    if h.len() < MIN_HISTORY || !value.is_finite() {
        return None;
    }
    h.sort_by(f64::total_cmp);
    let m = median(&h);
    let mut dev: Vec<f64> = h.iter().map(|x| (x - m).abs()).collect();
    dev.sort_by(f64::total_cmp);
    let mad = median(&dev);
    let score = if mad > 0.0 {
        0.6745 * (value - m) / mad
    } else {
        let mean_ad = dev.iter().sum::<f64>() / dev.len() as f64;
        if mean_ad > 0.0 {
            (value - m) / (1.253314 * mean_ad)
        } else if value == m {
            0.0
        } else {
            f64::INFINITY.copysign(value - m)
        }
    };
    (score.abs() > threshold).then_some(Outlier {
        basis,
        median: m,
        score,
        compared: h.len(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_typical_value_passes_and_a_slip_is_caught() {
        let h = [52.0, 55.5, 56.8, 54.1, 57.2, 55.0, 53.9, 56.1];
        assert_eq!(robust_outlier(&h, 55.0, DEFAULT_THRESHOLD), None);
        // A decimal point lost: 5.6 instead of 56.
        let o = robust_outlier(&h, 5.6, DEFAULT_THRESHOLD).unwrap();
        assert_eq!((o.basis, o.compared), (Basis::History, 8));
        assert!((o.median - 55.25).abs() < 1e-12);
        assert!(o.score < -20.0, "{o:?}");
        // A hand-checked score: the median is 55.25 and the MAD 1.25 (deviations sorted
        // 0.25 0.25 0.85 1.15 1.35 1.55 1.95 3.25), so 60 scores 0.6745·4.75/1.25 ≈ 2.56:
        // flagged at threshold 1, not at 3.5.
        let o = robust_outlier(&h, 60.0, 1.0).unwrap();
        assert!((o.score - 0.6745 * 4.75 / 1.25).abs() < 1e-12, "{o:?}");
        assert_eq!(robust_outlier(&h, 60.0, DEFAULT_THRESHOLD), None);
    }

    #[test]
    fn too_little_history_says_nothing() {
        assert_eq!(robust_outlier(&[1.0, 2.0, 3.0, 4.0], 1000.0, 3.5), None);
        assert_eq!(
            robust_outlier(&[1.0, 2.0, f64::NAN, 3.0, 4.0], 1000.0, 3.5),
            None
        );
    }

    #[test]
    fn flat_history_uses_the_mean_deviation_then_any_change() {
        // Six equal, two different: MAD is 0, the mean absolute deviation is not.
        let h = [10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 12.0, 8.0];
        assert_eq!(robust_outlier(&h, 11.0, 3.5), None);
        assert!(robust_outlier(&h, 30.0, 3.5).is_some());
        let flat = [4.0; 6];
        assert_eq!(robust_outlier(&flat, 4.0, 3.5), None);
        assert_eq!(
            robust_outlier(&flat, 5.0, 3.5).unwrap().score,
            f64::INFINITY
        );
    }
}
