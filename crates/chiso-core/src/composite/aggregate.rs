//! Aggregation up the tree: weighted means level by level, or sums of points.
//!
//! COINr's `Aggregate()` with `a_amean`, `a_gmean` and `a_hmean` (R/aggregate.R, COINr
//! 1.1.14): each aggregate is computed from its children's values and weights; missing
//! values are skipped and the remaining weights re-normalised; an aggregate with no child
//! value is missing.

use super::{CompositeError, DataTable, IndexTree, NodeKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How children are combined into their parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AggregateMethod {
    /// `a_amean`: `Σ wᵢxᵢ / Σ wᵢ`.
    ArithmeticMean,
    /// `a_gmean`: `exp(Σ wᵢ ln xᵢ / Σ wᵢ)`; values must be positive.
    GeometricMean,
    /// `a_hmean`: `Σ wᵢ / Σ (wᵢ / xᵢ)`; values must not be zero.
    HarmonicMean,
    /// `Σ wᵢxᵢ` without re-normalising: points of criteria-scored indices (PAR Index, PAPI,
    /// PGI), where weights are usually 1.
    Sum,
}

/// Which method to use where, and how much data an aggregate needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AggregateSpec {
    /// The method for every aggregate not covered below.
    pub default: AggregateMethod,
    /// Methods by the level of the aggregate being computed (2 = from indicators).
    #[serde(default)]
    pub per_level: BTreeMap<u32, AggregateMethod>,
    /// Methods for particular aggregates (these win over `per_level`).
    #[serde(default)]
    pub per_node: BTreeMap<String, AggregateMethod>,
    /// If set, an aggregate is missing for a unit whose share of children with a value is
    /// below this threshold (COINr `dat_thresh`).
    #[serde(default)]
    pub min_availability: Option<f64>,
}

impl Default for AggregateSpec {
    /// COINr's default: the weighted arithmetic mean everywhere.
    fn default() -> Self {
        Self::all(AggregateMethod::ArithmeticMean)
    }
}

impl AggregateSpec {
    /// The same method for every aggregate.
    pub fn all(method: AggregateMethod) -> Self {
        Self {
            default: method,
            per_level: BTreeMap::new(),
            per_node: BTreeMap::new(),
            min_availability: None,
        }
    }

    fn method_for(&self, code: &str, level: u32) -> AggregateMethod {
        self.per_node
            .get(code)
            .or_else(|| self.per_level.get(&level))
            .copied()
            .unwrap_or(self.default)
    }
}

/// Why a value could not be aggregated: its position among the children.
enum Rejected {
    NonPositive(usize, f64),
    Zero(usize),
}

fn combine(
    values: &[Option<f64>],
    weights: &[f64],
    method: AggregateMethod,
) -> Result<Option<f64>, Rejected> {
    let pairs: Vec<(usize, f64, f64)> = values
        .iter()
        .zip(weights)
        .enumerate()
        .filter_map(|(i, (v, w))| v.map(|v| (i, v, *w)))
        .collect();
    if pairs.is_empty() {
        return Ok(None);
    }
    let sum_w: f64 = pairs.iter().map(|p| p.2).sum();
    let y = match method {
        AggregateMethod::ArithmeticMean => pairs.iter().map(|(_, x, w)| w / sum_w * x).sum(),
        AggregateMethod::GeometricMean => {
            if let Some(&(i, x, _)) = pairs.iter().find(|p| p.1 <= 0.0) {
                return Err(Rejected::NonPositive(i, x));
            }
            (pairs.iter().map(|(_, x, w)| w * x.ln()).sum::<f64>() / sum_w).exp()
        }
        AggregateMethod::HarmonicMean => {
            if let Some(&(i, _, _)) = pairs.iter().find(|p| p.1 == 0.0) {
                return Err(Rejected::Zero(i));
            }
            sum_w / pairs.iter().map(|(_, x, w)| w / x).sum::<f64>()
        }
        AggregateMethod::Sum => pairs.iter().map(|(_, x, w)| w * x).sum(),
    };
    Ok(Some(y).filter(|y: &f64| !y.is_nan()))
}

/// Combines one unit's child values with their weights; `None` if no value is present.
///
/// Errors name the child by its position (`#0`, `#1`, ...).
pub fn aggregate_values(
    values: &[Option<f64>],
    weights: &[f64],
    method: AggregateMethod,
) -> Result<Option<f64>, CompositeError> {
    combine(values, weights, method).map_err(|r| match r {
        Rejected::NonPositive(i, value) => CompositeError::NonPositiveGeometric {
            node: String::new(),
            child: format!("#{i}"),
            unit: String::new(),
            value,
        },
        Rejected::Zero(i) => CompositeError::ZeroHarmonic {
            node: String::new(),
            child: format!("#{i}"),
            unit: String::new(),
        },
    })
}

/// Computes every aggregate of the tree from the indicator columns of `table`.
///
/// Aggregates are computed bottom-up (by level); the result holds the columns of `table`
/// followed by one column per aggregate.
pub fn aggregate(
    tree: &IndexTree,
    table: &DataTable,
    spec: &AggregateSpec,
) -> Result<DataTable, CompositeError> {
    if let Some(t) = spec.min_availability
        && !(0.0..=1.0).contains(&t)
    {
        return Err(CompositeError::InvalidThreshold(t));
    }
    for node in tree.indicators() {
        table.require_column(&node.code)?;
    }
    let mut out = table.clone();
    for node in tree.aggregates_bottom_up() {
        let method = spec.method_for(&node.code, node.level);
        let children = tree.children(&node.code);
        let weights: Vec<f64> = children.iter().map(|c| c.weight).collect();
        let columns: Vec<Vec<Option<f64>>> = children
            .iter()
            .map(|c| out.require_column(&c.code).map(<[Option<f64>]>::to_vec))
            .collect::<Result<_, _>>()?;
        let mut result = Vec::with_capacity(out.n_units());
        let mut row_values = vec![None; children.len()];
        for (row, unit) in out.units().iter().enumerate() {
            for (slot, col) in row_values.iter_mut().zip(&columns) {
                *slot = col[row];
            }
            if let Some(t) = spec.min_availability {
                let share = row_values.iter().flatten().count() as f64 / row_values.len() as f64;
                if share < t {
                    result.push(None);
                    continue;
                }
            }
            let y = combine(&row_values, &weights, method).map_err(|r| match r {
                Rejected::NonPositive(i, value) => CompositeError::NonPositiveGeometric {
                    node: node.code.clone(),
                    child: children[i].code.clone(),
                    unit: unit.clone(),
                    value,
                },
                Rejected::Zero(i) => CompositeError::ZeroHarmonic {
                    node: node.code.clone(),
                    child: children[i].code.clone(),
                    unit: unit.clone(),
                },
            })?;
            result.push(y);
        }
        out.set_column(node.code.clone(), result)?;
    }
    Ok(out)
}

/// The maximum points of every node of a criteria-scored index: each indicator's
/// `max_points`, and for each aggregate the weighted sum of its children's maxima
/// (consistent with [`AggregateMethod::Sum`]).
pub fn points_maxima(tree: &IndexTree) -> Result<BTreeMap<String, f64>, CompositeError> {
    let mut maxima = BTreeMap::new();
    for node in tree.indicators() {
        let m = node
            .max_points
            .filter(|m| m.is_finite() && *m >= 0.0)
            .ok_or_else(|| CompositeError::MissingMaximum(node.code.clone()))?;
        maxima.insert(node.code.clone(), m);
    }
    for node in tree.aggregates_bottom_up() {
        debug_assert_eq!(node.kind, NodeKind::Aggregate);
        let total = tree
            .children(&node.code)
            .iter()
            .map(|c| c.weight * maxima.get(&c.code).copied().unwrap_or(0.0))
            .sum();
        maxima.insert(node.code.clone(), total);
    }
    Ok(maxima)
}

/// Checks that every indicator's points lie within `0..=max_points` for every unit.
pub fn check_points(tree: &IndexTree, table: &DataTable) -> Result<(), CompositeError> {
    let maxima = points_maxima(tree)?;
    for node in tree.indicators() {
        let maximum = maxima.get(&node.code).copied().unwrap_or(0.0);
        let x = table.require_column(&node.code)?;
        for (unit, v) in table.units().iter().zip(x) {
            if let Some(v) = v
                && !(0.0..=maximum).contains(v)
            {
                return Err(CompositeError::PointsOutOfRange {
                    code: node.code.clone(),
                    unit: unit.clone(),
                    value: *v,
                    maximum,
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::composite::{MetaRow, RowKind};

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1.0)
    }

    #[test]
    fn means_of_one_two_three() {
        let x = [Some(1.0), Some(2.0), Some(3.0)];
        let w = [1.0, 1.0, 1.0];
        let a = aggregate_values(&x, &w, AggregateMethod::ArithmeticMean).unwrap();
        assert!(close(a.unwrap(), 2.0));
        // COINr's tests: a_gmean(1:3) = 6^(1/3), a_hmean(1:3) = 3 / (1 + 1/2 + 1/3).
        let g = aggregate_values(&x, &w, AggregateMethod::GeometricMean).unwrap();
        assert!(close(g.unwrap(), 6.0_f64.cbrt()));
        let h = aggregate_values(&x, &w, AggregateMethod::HarmonicMean).unwrap();
        assert!(close(h.unwrap(), 3.0 / (1.0 + 0.5 + 1.0 / 3.0)));
        let s = aggregate_values(&x, &[1.0, 2.0, 1.0], AggregateMethod::Sum).unwrap();
        assert_eq!(s, Some(8.0));
    }

    #[test]
    fn missing_values_are_skipped_and_weights_renormalised() {
        let x = [Some(10.0), None, Some(40.0)];
        let w = [3.0, 5.0, 1.0];
        let a = aggregate_values(&x, &w, AggregateMethod::ArithmeticMean).unwrap();
        assert!(close(a.unwrap(), (30.0 + 40.0) / 4.0));
        let none = aggregate_values(&[None, None], &[1.0, 1.0], AggregateMethod::GeometricMean);
        assert_eq!(none.unwrap(), None);
        assert!(matches!(
            aggregate_values(&[Some(0.0)], &[1.0], AggregateMethod::GeometricMean),
            Err(CompositeError::NonPositiveGeometric { .. })
        ));
        assert!(matches!(
            aggregate_values(&[Some(0.0)], &[1.0], AggregateMethod::HarmonicMean),
            Err(CompositeError::ZeroHarmonic { .. })
        ));
    }

    fn tree_rows() -> Vec<MetaRow> {
        let mut rows = Vec::new();
        for (code, parent, w, max) in [
            ("a", "P", 1.0, 10.0),
            ("b", "P", 3.0, 5.0),
            ("c", "Q", 1.0, 4.0),
        ] {
            let mut r = MetaRow::new(code, RowKind::Indicator, Some(1));
            r.direction = Some(1.0);
            r.weight = Some(w);
            r.parent = Some(parent.into());
            r.max_points = Some(max);
            rows.push(r);
        }
        for (code, level, parent) in [("P", 2, Some("I")), ("Q", 2, Some("I")), ("I", 3, None)] {
            let mut r = MetaRow::new(code, RowKind::Aggregate, Some(level));
            r.weight = Some(1.0);
            r.parent = parent.map(Into::into);
            rows.push(r);
        }
        rows
    }

    #[test]
    fn aggregates_level_by_level() {
        let tree = IndexTree::from_rows(&tree_rows()).unwrap();
        let mut t = DataTable::new(["u", "v"]).unwrap();
        t.add_column("a", vec![Some(10.0), None]).unwrap();
        t.add_column("b", vec![Some(2.0), Some(4.0)]).unwrap();
        t.add_column("c", vec![Some(4.0), None]).unwrap();
        let out = aggregate(&tree, &t, &AggregateSpec::default()).unwrap();
        assert!(close(out.value("u", "P").unwrap(), (10.0 + 6.0) / 4.0));
        assert_eq!(out.value("v", "P"), Some(4.0));
        assert_eq!(out.value("v", "Q"), None);
        assert!(close(out.value("u", "I").unwrap(), (4.0 + 4.0) / 2.0));
        assert_eq!(out.value("v", "I"), Some(4.0));

        let strict = AggregateSpec {
            min_availability: Some(0.75),
            ..AggregateSpec::default()
        };
        let out = aggregate(&tree, &t, &strict).unwrap();
        assert_eq!(out.value("v", "P"), None);

        let sums = AggregateSpec::all(AggregateMethod::Sum);
        let out = aggregate(&tree, &t, &sums).unwrap();
        assert_eq!(out.value("u", "I"), Some(10.0 + 6.0 + 4.0));
        let maxima = points_maxima(&tree).unwrap();
        assert_eq!(maxima["P"], 25.0);
        assert_eq!(maxima["I"], 29.0);
        assert!(check_points(&tree, &t).is_ok());
        t.set_column("c", vec![Some(5.0), None]).unwrap();
        assert!(matches!(
            check_points(&tree, &t),
            Err(CompositeError::PointsOutOfRange { .. })
        ));

        let per_level = AggregateSpec {
            per_level: BTreeMap::from([(3, AggregateMethod::Sum)]),
            ..AggregateSpec::default()
        };
        let out = aggregate(&tree, &t, &per_level).unwrap();
        assert!(close(out.value("u", "I").unwrap(), 4.0 + 5.0));

        let geo = AggregateSpec::all(AggregateMethod::GeometricMean);
        t.set_column("a", vec![Some(-1.0), None]).unwrap();
        assert_eq!(
            aggregate(&tree, &t, &geo),
            Err(CompositeError::NonPositiveGeometric {
                node: "P".into(),
                child: "a".into(),
                unit: "u".into(),
                value: -1.0
            })
        );
    }
}
