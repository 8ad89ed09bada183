//! Roll-ups: an indicator's value for an org unit over a span of periods, from the values
//! reported by the unit itself and by every unit below it.
//!
//! The values of each reporting unit are first aggregated over time (sum, average, last,
//! min, max over the periods of the span), then the units' results are aggregated over the
//! tree (sum, average of the reporting units, min, max, weighted average, or none: only the
//! unit's own value). Data stored at a non-leaf unit counts as that unit's own report, as in
//! DHIS2. The result says how many of the units expected to report did, so that a total is
//! never silently missing half the communes.

use std::collections::{HashMap, HashSet};

use crate::indicator::{TimeAggregation, TreeAggregation};
use crate::org::{OrgId, OrgTree};
use crate::period::Period;

/// One reported value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observation {
    /// The reporting unit.
    pub unit: OrgId,
    /// The period reported.
    pub period: Period,
    /// The value.
    pub value: f64,
}

/// How an indicator aggregates (from its attribute sheet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Method {
    /// Over the organisation tree.
    pub tree: TreeAggregation,
    /// Over time.
    pub time: TimeAggregation,
}

/// The result of a roll-up.
#[derive(Debug, Clone, PartialEq)]
pub struct RollUp {
    /// The aggregate, if any unit reported.
    pub value: Option<f64>,
    /// The units whose values went in, in id order.
    pub reporting: Vec<OrgId>,
    /// The expected units (within the subtree) that did not report, in id order.
    pub missing: Vec<OrgId>,
}

impl RollUp {
    /// How many expected units there were (reporting or not). Units that reported without
    /// being expected still count as reporting.
    pub fn expected(&self) -> usize {
        self.reporting.len() + self.missing.len()
    }
}

/// What to roll up: the unit, the span of periods, and who was expected to report.
#[derive(Debug, Clone, Copy)]
pub struct Query<'a> {
    /// The org unit the value is for.
    pub unit: OrgId,
    /// The periods of the span; a value counts when one of them contains its period.
    pub span: &'a [Period],
    /// Units expected to report (for the count of missing ones); others below `unit` that
    /// reported still count.
    pub expected: &'a [OrgId],
    /// Weights per unit for [`TreeAggregation::WeightedAverage`]; without them it is the
    /// plain average of the reporting units.
    pub weights: Option<&'a HashMap<OrgId, f64>>,
}

/// The aggregate over time of one unit's values, given in period order.
fn aggregate_time(values: &[(OrgId, f64)], how: TimeAggregation) -> Option<f64> {
    let xs = values.iter().map(|v| v.1);
    Some(match how {
        TimeAggregation::Sum => xs.sum(),
        TimeAggregation::Average => xs.sum::<f64>() / values.len() as f64,
        TimeAggregation::Last => values.last()?.1,
        TimeAggregation::Min => xs.fold(f64::INFINITY, f64::min),
        TimeAggregation::Max => xs.fold(f64::NEG_INFINITY, f64::max),
    })
}

/// Each unit's weight for a weighted average over `span`, from the observations of the
/// weight indicator: the unit's value for the latest period that starts no later than the
/// span ends. A yearly population thus weighs that year's months and quarters, and a year
/// not yet reported takes the year before.
pub fn weights_at(weights: &[Observation], span: &[Period]) -> HashMap<OrgId, f64> {
    let Some(end) = span.iter().map(Period::end).max() else {
        return HashMap::new();
    };
    let mut latest: HashMap<OrgId, (Period, f64)> = HashMap::new();
    for o in weights {
        if !o.value.is_finite() || o.period.start() > end {
            continue;
        }
        let e = latest.entry(o.unit).or_insert((o.period, o.value));
        if o.period.start() > e.0.start() {
            *e = (o.period, o.value);
        }
    }
    latest.into_iter().map(|(u, (_, v))| (u, v)).collect()
}

/// Rolls `observations` up for `q` by `method`; observations outside `q.unit`'s subtree
/// (or, for [`TreeAggregation::None`], of other units) are left out.
pub fn roll_up(
    tree: &OrgTree,
    observations: &[Observation],
    method: Method,
    q: Query<'_>,
) -> RollUp {
    let in_scope: HashSet<OrgId> = match method.tree {
        TreeAggregation::None => std::iter::once(q.unit).collect(),
        _ => tree.subtree(q.unit).iter().map(|u| u.id).collect(),
    };
    let mut inside: Vec<Observation> = observations
        .iter()
        .filter(|o| in_scope.contains(&o.unit))
        .copied()
        .collect();
    inside.sort_by_key(|o| o.period);
    let expected: Vec<OrgId> = q
        .expected
        .iter()
        .copied()
        .filter(|u| in_scope.contains(u))
        .collect();
    roll_up_within(
        &inside,
        method,
        Query {
            expected: &expected,
            ..q
        },
    )
}

/// Rolls up for `q` by `method` observations that the caller already took from `q.unit`'s
/// subtree, in period order, at most one per unit and period (as
/// [`crate::cube::Cube::observations`] gives them), with `q.expected` within the subtree
/// too; only the span is checked here (and, for [`TreeAggregation::None`], the unit).
pub fn roll_up_within(observations: &[Observation], method: Method, q: Query<'_>) -> RollUp {
    let own_only = method.tree == TreeAggregation::None;
    let counts = |u: &OrgId| !own_only || *u == q.unit;
    let in_span = |p: &Period| q.span.iter().any(|s| s.contains(p));
    // Sorted by unit then period, each unit's values are one run: aggregated over time
    // without a collection per unit.
    // Values come grouped by period: whether a period is in the span is asked once per
    // group, not once per value.
    let mut last: Option<(Period, bool)> = None;
    let mut kept: Vec<(OrgId, f64)> = Vec::with_capacity(observations.len());
    for o in observations {
        let inside = match last {
            Some((p, inside)) if p == o.period => inside,
            _ => {
                let inside = in_span(&o.period);
                last = Some((o.period, inside));
                inside
            }
        };
        if inside && o.value.is_finite() && counts(&o.unit) {
            kept.push((o.unit, o.value));
        }
    }
    // A stable sort by unit keeps each unit's values in period order.
    kept.sort_by_key(|a| a.0);
    let per_unit: Vec<(OrgId, f64)> = kept
        .chunk_by(|a, b| a.0 == b.0)
        .filter_map(|run| aggregate_time(run, method.time).map(|v| (run[0].0, v)))
        .collect();
    let n = per_unit.len() as f64;
    let xs = per_unit.iter().map(|x| x.1);
    let value = if per_unit.is_empty() {
        None
    } else {
        match method.tree {
            TreeAggregation::Sum => Some(xs.sum()),
            TreeAggregation::Average => Some(xs.sum::<f64>() / n),
            TreeAggregation::Min => Some(xs.fold(f64::INFINITY, f64::min)),
            TreeAggregation::Max => Some(xs.fold(f64::NEG_INFINITY, f64::max)),
            TreeAggregation::None => per_unit.first().map(|x| x.1),
            TreeAggregation::WeightedAverage => match q.weights {
                Some(w) => {
                    let (num, den) = per_unit
                        .iter()
                        .filter_map(|(u, v)| w.get(u).map(|wt| (v * wt, *wt)))
                        .fold((0.0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1));
                    (den != 0.0).then(|| num / den)
                }
                None => Some(xs.sum::<f64>() / n),
            },
        }
    }
    .filter(|v| v.is_finite());
    let reporting: Vec<OrgId> = per_unit.iter().map(|x| x.0).collect();
    let mut missing: Vec<OrgId> = q
        .expected
        .iter()
        .copied()
        .filter(|u| counts(u) && reporting.binary_search(u).is_err())
        .collect();
    missing.sort_unstable();
    missing.dedup();
    RollUp {
        value,
        reporting,
        missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Code;
    use crate::org::{OrgKind, OrgUnit};

    fn unit(id: OrgId, parent: Option<OrgId>) -> OrgUnit {
        OrgUnit {
            id,
            code: Code::parse(&format!("U{id}")).expect("code"),
            name_vi: format!("Đơn vị {id}"),
            name_en: format!("Unit {id}"),
            parent_id: parent,
            level: 0,
            kind: if parent.is_some() {
                OrgKind::Locality
            } else {
                OrgKind::Agency
            },
            valid_from: None,
            valid_to: None,
            geometry: None,
        }
    }

    fn p(s: &str) -> Period {
        Period::parse(s).expect("period")
    }

    #[test]
    fn expected_units_that_did_not_report_are_named() {
        let tree =
            OrgTree::new(vec![unit(1, None), unit(2, Some(1)), unit(3, Some(1))]).expect("tree");
        let obs = [Observation {
            unit: 2,
            period: p("2025-01"),
            value: 5.0,
        }];
        let r = roll_up(
            &tree,
            &obs,
            Method {
                tree: TreeAggregation::Sum,
                time: TimeAggregation::Sum,
            },
            Query {
                unit: 1,
                span: &[p("2025Q1")],
                expected: &[2, 3],
                weights: None,
            },
        );
        assert_eq!(r.value, Some(5.0));
        assert_eq!((r.reporting, r.missing), (vec![2], vec![3]));
    }

    #[test]
    fn a_roll_up_within_a_subtree_agrees_with_the_whole_tree() {
        // 1 → 2 → (4, 5); 1 → 3. Values everywhere; the roll-up for 2 from the whole
        // tree's values and from 2's subtree alone must agree.
        let tree = OrgTree::new(vec![
            unit(1, None),
            unit(2, Some(1)),
            unit(3, Some(1)),
            unit(4, Some(2)),
            unit(5, Some(2)),
        ])
        .expect("tree");
        let o = |unit, period: &str, value| Observation {
            unit,
            period: p(period),
            value,
        };
        let all = [
            o(2, "2025-01", 1.0),
            o(3, "2025-01", 100.0),
            o(4, "2025-01", 10.0),
            o(4, "2025-02", 20.0),
            o(5, "2025-03", 7.0),
        ];
        let subtree: Vec<Observation> = all.iter().filter(|x| x.unit != 3).copied().collect();
        for tree_method in [
            TreeAggregation::Sum,
            TreeAggregation::Max,
            TreeAggregation::None,
        ] {
            let method = Method {
                tree: tree_method,
                time: TimeAggregation::Sum,
            };
            let q = Query {
                unit: 2,
                span: &[p("2025Q1")],
                expected: &[4, 5],
                weights: None,
            };
            let whole = roll_up(&tree, &all, method, q);
            assert_eq!(
                whole,
                roll_up_within(&subtree, method, q),
                "{tree_method:?}"
            );
            let expected_value = match tree_method {
                TreeAggregation::Sum => 38.0,
                TreeAggregation::Max => 30.0,
                _ => 1.0,
            };
            assert_eq!(whole.value, Some(expected_value), "{tree_method:?}");
        }
        // The last value is the latest period's, in whatever order they were given.
        let last = Method {
            tree: TreeAggregation::Sum,
            time: TimeAggregation::Last,
        };
        let q = Query {
            unit: 4,
            span: &[p("2025Q1")],
            expected: &[],
            weights: None,
        };
        let reversed: Vec<Observation> = all.iter().rev().copied().collect();
        assert_eq!(roll_up(&tree, &reversed, last, q).value, Some(20.0));
        assert_eq!(roll_up(&tree, &all, last, q).value, Some(20.0));
        // Only its own value counts without tree aggregation, and the communes below are
        // then not missing.
        let own = roll_up_within(
            &subtree,
            Method {
                tree: TreeAggregation::None,
                time: TimeAggregation::Sum,
            },
            Query {
                unit: 2,
                span: &[p("2025Q1")],
                expected: &[2, 4],
                weights: None,
            },
        );
        assert_eq!((own.reporting, own.missing), (vec![2], vec![]));
    }

    #[test]
    fn weighted_average_uses_the_weights() {
        let tree =
            OrgTree::new(vec![unit(1, None), unit(2, Some(1)), unit(3, Some(1))]).expect("tree");
        let obs = [
            Observation {
                unit: 2,
                period: p("2025"),
                value: 10.0,
            },
            Observation {
                unit: 3,
                period: p("2025"),
                value: 20.0,
            },
        ];
        let w: HashMap<OrgId, f64> = [(2, 3.0), (3, 1.0)].into_iter().collect();
        let r = roll_up(
            &tree,
            &obs,
            Method {
                tree: TreeAggregation::WeightedAverage,
                time: TimeAggregation::Last,
            },
            Query {
                unit: 1,
                span: &[p("2025")],
                expected: &[],
                weights: Some(&w),
            },
        );
        assert_eq!(r.value, Some(12.5));
    }

    #[test]
    fn weights_are_the_latest_known_at_the_end_of_the_span() {
        let o = |unit, period: &str, value| Observation {
            unit,
            period: p(period),
            value,
        };
        let pop = [
            o(2, "2024", 100.0),
            o(2, "2025", 110.0),
            o(2, "2026", 120.0),
            o(3, "2024", 50.0),
        ];
        // A month of 2025 takes 2025's population; unit 3 has only 2024's.
        let w = weights_at(&pop, &[p("2025-06")]);
        assert_eq!(w.get(&2), Some(&110.0));
        assert_eq!(w.get(&3), Some(&50.0));
        // Nothing before the span: no weight.
        assert!(weights_at(&pop, &[p("2023")]).is_empty());
        assert!(weights_at(&pop, &[]).is_empty());
    }
}
