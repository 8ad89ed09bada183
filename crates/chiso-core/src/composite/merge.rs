//! Scores of former units carried onto the units they merged into (63 provinces → 34 from
//! 1 July 2025), with a mapping and a rule the user supplies. The result is *derived*: no
//! publisher computed it, and pages and exports must say so.

use super::{CompositeError, DataTable};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How the values of the former units combine into the new unit's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MergeRule {
    /// `Σ wᵢxᵢ / Σ wᵢ` with the links' weights (population, area, ...), missing values
    /// skipped and the weights re-normalised.
    WeightedMean,
    /// The plain mean of the former units' values.
    Mean,
    /// The sum (for counts and amounts, not for scores).
    Sum,
    /// The highest value.
    Max,
    /// The lowest value.
    Min,
}

/// One former unit and the unit it became part of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergeLink {
    /// The former unit.
    pub from: String,
    /// The new unit.
    pub to: String,
    /// Its weight for [`MergeRule::WeightedMean`] (e.g. its population).
    #[serde(default = "one")]
    pub weight: f64,
}

fn one() -> f64 {
    1.0
}

/// Carries every column of `table` (rows = former units) onto the new units of `links`.
///
/// Every former unit of the table must be mapped exactly once, and every mapped unit must be
/// in the table; otherwise the error names them. New units come in the order of their first
/// link.
///
/// # Errors
/// [`CompositeError::InvalidMerge`] naming unmapped, unknown or twice-mapped units, or a
/// weight that is negative or not finite.
pub fn merge_units(
    table: &DataTable,
    links: &[MergeLink],
    rule: MergeRule,
) -> Result<DataTable, CompositeError> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for l in links {
        *seen.entry(l.from.as_str()).or_default() += 1;
        if !l.weight.is_finite() || l.weight < 0.0 {
            return Err(CompositeError::InvalidMerge(format!(
                "the weight of `{}` is {}; weights must be finite and not negative",
                l.from, l.weight
            )));
        }
    }
    let twice: Vec<&str> = seen
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(u, _)| *u)
        .collect();
    if !twice.is_empty() {
        return Err(CompositeError::InvalidMerge(format!(
            "mapped more than once: {}",
            twice.join(", ")
        )));
    }
    let unknown: Vec<&str> = links
        .iter()
        .filter(|l| table.unit_position(&l.from).is_none())
        .map(|l| l.from.as_str())
        .collect();
    if !unknown.is_empty() {
        return Err(CompositeError::InvalidMerge(format!(
            "not in the data: {}",
            unknown.join(", ")
        )));
    }
    let unmapped: Vec<&str> = table
        .units()
        .iter()
        .filter(|u| !seen.contains_key(u.as_str()))
        .map(String::as_str)
        .collect();
    if !unmapped.is_empty() {
        return Err(CompositeError::InvalidMerge(format!(
            "no new unit given for: {}",
            unmapped.join(", ")
        )));
    }
    let mut new_units: Vec<&str> = Vec::new();
    let mut members: BTreeMap<&str, Vec<(usize, f64)>> = BTreeMap::new();
    for l in links {
        if !members.contains_key(l.to.as_str()) {
            new_units.push(&l.to);
        }
        let row = table.unit_position(&l.from).unwrap_or_default();
        members.entry(&l.to).or_default().push((row, l.weight));
    }
    let mut out = DataTable::new(new_units.iter().copied())?;
    let codes: Vec<String> = table.column_codes().map(str::to_owned).collect();
    for code in codes {
        let column = table.require_column(&code)?;
        let merged = new_units
            .iter()
            .map(|u| {
                let values: Vec<(f64, f64)> = members[u]
                    .iter()
                    .filter_map(|&(row, w)| column[row].map(|x| (x, w)))
                    .collect();
                combine(&values, rule)
            })
            .collect();
        out.add_column(code, merged)?;
    }
    Ok(out)
}

fn combine(values: &[(f64, f64)], rule: MergeRule) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let xs = values.iter().map(|v| v.0);
    match rule {
        MergeRule::WeightedMean => {
            let w: f64 = values.iter().map(|v| v.1).sum();
            (w > 0.0).then(|| values.iter().map(|(x, wi)| x * wi).sum::<f64>() / w)
        }
        MergeRule::Mean => Some(xs.sum::<f64>() / values.len() as f64),
        MergeRule::Sum => Some(xs.sum()),
        MergeRule::Max => xs.max_by(f64::total_cmp),
        MergeRule::Min => xs.min_by(f64::total_cmp),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn link(from: &str, to: &str, weight: f64) -> MergeLink {
        MergeLink {
            from: from.into(),
            to: to.into(),
            weight,
        }
    }

    #[test]
    fn population_weighted_means_skip_missing_values() {
        let mut t = DataTable::new(["A", "B", "C"]).unwrap();
        t.add_column("s", vec![Some(60.0), Some(70.0), Some(50.0)])
            .unwrap();
        t.add_column("k", vec![None, Some(4.0), Some(2.0)]).unwrap();
        let links = [
            link("A", "AB", 1.0),
            link("B", "AB", 3.0),
            link("C", "C", 2.0),
        ];
        let m = merge_units(&t, &links, MergeRule::WeightedMean).unwrap();
        assert_eq!(m.units(), ["AB", "C"]);
        assert_eq!(m.value("AB", "s"), Some(67.5));
        assert_eq!(m.value("AB", "k"), Some(4.0));
        let sum = merge_units(&t, &links, MergeRule::Sum).unwrap();
        assert_eq!(sum.value("AB", "s"), Some(130.0));
    }

    #[test]
    fn every_former_unit_is_mapped_once() {
        let mut t = DataTable::new(["A", "B"]).unwrap();
        t.add_column("s", vec![Some(1.0), Some(2.0)]).unwrap();
        let e = merge_units(&t, &[link("A", "X", 1.0)], MergeRule::Mean).unwrap_err();
        assert!(e.to_string().contains("no new unit given for: B"), "{e}");
        let e = merge_units(
            &t,
            &[
                link("A", "X", 1.0),
                link("B", "X", 1.0),
                link("Q", "X", 1.0),
            ],
            MergeRule::Mean,
        )
        .unwrap_err();
        assert!(e.to_string().contains("not in the data: Q"), "{e}");
        let e = merge_units(
            &t,
            &[
                link("A", "X", 1.0),
                link("B", "X", 1.0),
                link("A", "Y", 1.0),
            ],
            MergeRule::Mean,
        )
        .unwrap_err();
        assert!(e.to_string().contains("more than once: A"), "{e}");
    }
}
