//! Status against target: on track, at risk, off track or no data, always with the figures
//! that explain it.
//!
//! An annual target is spread over the year as an interim trajectory. For an indicator
//! summed over time (a flow: revenue, new enterprises) the value compared is the total so
//! far this year and the trajectory is the target times the share of the year elapsed. For
//! any other indicator (a rate, a stock) the trajectory runs in a straight line from last
//! year's value (the baseline) to the target; without a baseline it is the target itself.

use crate::indicator::{Polarity, TimeAggregation};
use crate::period::Period;
use chrono::Datelike;

/// Where an indicator stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// At or beyond the trajectory.
    OnTrack,
    /// Short of it, within the tolerance.
    AtRisk,
    /// Short of it beyond the tolerance.
    OffTrack,
    /// No value for the period.
    NoData,
    /// A value but no target to compare with.
    NoTarget,
}

impl Status {
    /// Stable name (`on_track`, `at_risk`, `off_track`, `no_data`, `no_target`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::OnTrack => "on_track",
            Status::AtRisk => "at_risk",
            Status::OffTrack => "off_track",
            Status::NoData => "no_data",
            Status::NoTarget => "no_target",
        }
    }
}

/// A target as the assessment needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TargetSpec {
    /// The period the target is set for (usually a year).
    pub period: Period,
    /// The planned value.
    pub value: f64,
    /// Relative tolerance: within it a shortfall is "at risk", beyond it "off track".
    pub tolerance: f64,
}

/// The assessment of one value, with everything needed to say why.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assessment {
    /// The status.
    pub status: Status,
    /// The value compared (the year-to-date total for flows against an annual target).
    pub compared: Option<f64>,
    /// Whether `compared` is a year-to-date total.
    pub cumulative: bool,
    /// The trajectory value for the period.
    pub expected: Option<f64>,
    /// The target itself.
    pub target: Option<TargetSpec>,
    /// Share of the target's period elapsed at the end of the period (0–1).
    pub elapsed: f64,
    /// `compared / expected` (for lower-is-better: `expected / compared`), when defined.
    pub achievement: Option<f64>,
}

/// The share of `whole` elapsed at the end of `part` (1 if `part` is not inside `whole`).
pub fn elapsed_share(part: &Period, whole: &Period) -> f64 {
    if !whole.contains(part) || part == whole {
        return 1.0;
    }
    let total = (whole.end() - whole.start()).num_days() + 1;
    let done = (part.end() - whole.start()).num_days() + 1;
    (done as f64 / total as f64).clamp(0.0, 1.0)
}

/// Assesses the value of `period`.
///
/// * `value`: the period's own value; `ytd`: the total from the start of the target's
///   period to the end of `period` (used for flows); `baseline`: the value of the target
///   period before (last year), for the trajectory of rates and stocks.
#[allow(clippy::too_many_arguments)]
pub fn assess(
    period: &Period,
    value: Option<f64>,
    ytd: Option<f64>,
    baseline: Option<f64>,
    target: Option<TargetSpec>,
    time: TimeAggregation,
    polarity: Polarity,
) -> Assessment {
    let mut a = Assessment {
        status: Status::NoData,
        compared: value,
        cumulative: false,
        expected: None,
        target,
        elapsed: 1.0,
        achievement: None,
    };
    let Some(t) = target else {
        if value.is_some() {
            a.status = Status::NoTarget;
        }
        return a;
    };
    let f = elapsed_share(period, &t.period);
    a.elapsed = f;
    let flow = time == TimeAggregation::Sum && f < 1.0;
    let (compared, expected) = if flow {
        a.cumulative = true;
        (ytd, t.value * f)
    } else {
        let start = match baseline {
            Some(b) if f < 1.0 => b,
            _ => t.value,
        };
        (value, start + (t.value - start) * f)
    };
    a.compared = compared;
    a.expected = Some(expected);
    let Some(v) = compared else {
        return a;
    };
    let tol = t.tolerance.max(0.0);
    let (status, achievement) = match polarity {
        Polarity::HigherIsBetter => {
            let ach = (expected != 0.0).then(|| v / expected);
            let s = if v >= expected {
                Status::OnTrack
            } else if v >= expected - tol * expected.abs() {
                Status::AtRisk
            } else {
                Status::OffTrack
            };
            (s, ach)
        }
        Polarity::LowerIsBetter => {
            let ach = (v != 0.0).then(|| expected / v);
            let s = if v <= expected {
                Status::OnTrack
            } else if v <= expected + tol * expected.abs() {
                Status::AtRisk
            } else {
                Status::OffTrack
            };
            (s, ach)
        }
        Polarity::TargetBand => {
            let off = (v - expected).abs();
            let band = tol * expected.abs();
            let s = if off <= band {
                Status::OnTrack
            } else if off <= 2.0 * band {
                Status::AtRisk
            } else {
                Status::OffTrack
            };
            (s, (expected != 0.0).then(|| v / expected))
        }
    };
    a.status = status;
    a.achievement = achievement.filter(|x| x.is_finite());
    a
}

/// The year of a period, as a period (for annual targets).
pub fn year_of(p: &Period) -> Option<Period> {
    Period::year(p.start().year()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        Period::parse(s).expect("period")
    }

    fn target(v: f64) -> Option<TargetSpec> {
        Some(TargetSpec {
            period: p("2026"),
            value: v,
            tolerance: 0.05,
        })
    }

    #[test]
    fn flows_compare_the_year_to_date_total_with_the_share_of_the_year() {
        // By the end of September, 273 of 365 days: 1200 × 0.748 = 897.5 expected.
        let a = assess(
            &p("2026-09"),
            Some(100.0),
            Some(880.0),
            None,
            target(1200.0),
            TimeAggregation::Sum,
            Polarity::HigherIsBetter,
        );
        assert!(a.cumulative);
        assert!((a.expected.unwrap_or_default() - 1200.0 * 273.0 / 365.0).abs() < 1e-9);
        assert_eq!(a.status, Status::AtRisk, "880 is within 5 % of 897.5");
        let a = assess(
            &p("2026-09"),
            Some(100.0),
            Some(800.0),
            None,
            target(1200.0),
            TimeAggregation::Sum,
            Polarity::HigherIsBetter,
        );
        assert_eq!(a.status, Status::OffTrack);
    }

    #[test]
    fn rates_follow_a_line_from_last_year_to_the_target() {
        // Poverty rate: 4 % last year, target 3 % this year; at mid-year 3.5 % expected.
        let a = assess(
            &p("2026S1"),
            Some(3.4),
            None,
            Some(4.0),
            target(3.0),
            TimeAggregation::Last,
            Polarity::LowerIsBetter,
        );
        assert!((a.expected.unwrap_or_default() - (4.0 - 181.0 / 365.0)).abs() < 1e-9);
        assert_eq!(a.status, Status::OnTrack);
        let year_end = assess(
            &p("2026"),
            Some(3.1),
            None,
            Some(4.0),
            target(3.0),
            TimeAggregation::Last,
            Polarity::LowerIsBetter,
        );
        assert_eq!(year_end.status, Status::AtRisk, "3.1 is within 5 % above 3");
    }

    #[test]
    fn no_value_and_no_target_are_said_apart() {
        let none = assess(
            &p("2026"),
            None,
            None,
            None,
            target(1.0),
            TimeAggregation::Last,
            Polarity::HigherIsBetter,
        );
        assert_eq!(none.status, Status::NoData);
        let untargeted = assess(
            &p("2026"),
            Some(1.0),
            None,
            None,
            None,
            TimeAggregation::Last,
            Polarity::HigherIsBetter,
        );
        assert_eq!(untargeted.status, Status::NoTarget);
    }

    #[test]
    fn a_band_is_on_track_inside_and_off_track_far_outside() {
        let at = |v: f64| {
            assess(
                &p("2026"),
                Some(v),
                None,
                None,
                target(100.0),
                TimeAggregation::Average,
                Polarity::TargetBand,
            )
            .status
        };
        assert_eq!(at(104.0), Status::OnTrack);
        assert_eq!(at(92.0), Status::AtRisk);
        assert_eq!(at(80.0), Status::OffTrack);
    }
}
