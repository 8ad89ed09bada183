//! Official index methodologies as data, versioned by year (PCI's three weight regimes,
//! PAPI's 6 then 8 dimensions, PGI), the scores they give, and the comparison of computed
//! scores with published ones — which says where they differ instead of forcing a match.
//!
//! A methodology is a JSON document (the shipped ones are in `crates/chiso-core/templates/`):
//! the index code and names, the years it covers, how components combine (`method`, then
//! `scale`), the maximum score, the components as a tree (`parent` names the component a
//! sub-component belongs to; no parent means the index itself), and how many units are
//! ranked each year.

use super::{
    AggregateMethod, AggregateSpec, CompositeError, DataTable, IndexTree, MetaRow, RowKind,
};
use super::{aggregate, rank_descending};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One component of an index: a sub-index, dimension, criterion or sub-criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Component {
    /// Code, unique in the methodology.
    pub code: String,
    /// The component it belongs to (`None`: directly under the index).
    #[serde(default)]
    pub parent: Option<String>,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Weight relative to its siblings.
    #[serde(default = "one")]
    pub weight: f64,
    /// Maximum score or points, if the methodology sets one.
    #[serde(default)]
    pub max: Option<f64>,
}

fn one() -> f64 {
    1.0
}

/// An index methodology, valid for a span of years.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Methodology {
    /// Index code (`PCI`, `PAPI`, `PGI`, or a province's own).
    pub index: String,
    /// Version label (usually the first year).
    pub version: String,
    /// First year covered.
    pub from_year: i32,
    /// Last year covered (`None`: still in force).
    pub to_year: Option<i32>,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Who publishes it.
    pub publisher: String,
    /// Unit of the score, Vietnamese.
    pub unit_vi: String,
    /// Unit of the score, English.
    pub unit_en: String,
    /// Maximum score.
    pub max: f64,
    /// How children combine into their parent.
    pub method: AggregateMethod,
    /// Factor applied to the top aggregate (PCI: weighted mean of 10-point sub-indices × 10).
    #[serde(default = "one")]
    pub scale: f64,
    /// Where the structure and weights come from.
    pub source: String,
    /// The components.
    pub nodes: Vec<Component>,
    /// How many units are ranked, by year.
    #[serde(default)]
    pub ranked_units: BTreeMap<String, usize>,
}

const SHIPPED: &[&str] = &[
    include_str!("../../templates/pci_2006.json"),
    include_str!("../../templates/pci_2009.json"),
    include_str!("../../templates/pci_2013.json"),
    include_str!("../../templates/papi_2011.json"),
    include_str!("../../templates/papi_2016.json"),
    include_str!("../../templates/papi_2018.json"),
    include_str!("../../templates/pgi_2022.json"),
];

/// The methodologies shipped with Chiso, parsed.
///
/// # Errors
/// A shipped document that does not parse (a build error in practice; tested).
pub fn official() -> Result<Vec<Methodology>, CompositeError> {
    SHIPPED
        .iter()
        .map(|text| {
            serde_json::from_str(text)
                .map_err(|e| CompositeError::InvalidStructure(format!("methodology: {e}")))
        })
        .collect()
}

/// The shipped methodology of `index` in force in `year`.
pub fn official_for(index: &str, year: i32) -> Option<Methodology> {
    official()
        .ok()?
        .into_iter()
        .find(|m| m.index == index && m.covers(year))
}

impl Methodology {
    /// Whether the methodology is in force in `year`.
    pub fn covers(&self, year: i32) -> bool {
        year >= self.from_year && self.to_year.is_none_or(|t| year <= t)
    }

    /// How many units are ranked in `year`, if known.
    pub fn ranked_in(&self, year: i32) -> Option<usize> {
        self.ranked_units.get(&year.to_string()).copied()
    }

    /// The leaf components: the scores a unit must be given.
    pub fn leaves(&self) -> Vec<&Component> {
        self.nodes
            .iter()
            .filter(|n| {
                !self
                    .nodes
                    .iter()
                    .any(|c| c.parent.as_deref() == Some(&n.code))
            })
            .collect()
    }

    /// The index as a tree: leaves at level 1, each aggregate one level above its highest
    /// child, the index on top.
    ///
    /// # Errors
    /// A parent that is not a component, a cycle, or a duplicate code.
    pub fn tree(&self) -> Result<IndexTree, CompositeError> {
        let leaves: Vec<&str> = self.leaves().iter().map(|n| n.code.as_str()).collect();
        let mut level: BTreeMap<&str, u32> = leaves.iter().map(|c| (*c, 1)).collect();
        // Raise each parent above its children until nothing changes (bounded by depth).
        for _ in 0..=self.nodes.len() {
            let mut changed = false;
            for n in &self.nodes {
                let Some(child_level) = level.get(n.code.as_str()).copied() else {
                    continue;
                };
                if let Some(p) = n.parent.as_deref() {
                    let entry = level.entry(p).or_insert(0);
                    if *entry < child_level + 1 {
                        *entry = child_level + 1;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let top = level.values().copied().max().unwrap_or(1) + 1;
        let mut rows = Vec::with_capacity(self.nodes.len() + 1);
        for n in &self.nodes {
            let kind = if leaves.contains(&n.code.as_str()) {
                RowKind::Indicator
            } else {
                RowKind::Aggregate
            };
            let mut r = MetaRow::new(n.code.clone(), kind, level.get(n.code.as_str()).copied());
            r.name = Some(n.name_en.clone());
            r.weight = Some(n.weight);
            r.parent = Some(n.parent.clone().unwrap_or_else(|| self.index.clone()));
            r.direction = Some(1.0);
            r.max_points = n.max;
            rows.push(r);
        }
        let mut root = MetaRow::new(self.index.clone(), RowKind::Aggregate, Some(top));
        root.name = Some(self.name_en.clone());
        root.weight = Some(1.0);
        rows.push(root);
        IndexTree::from_rows(&rows)
    }

    /// Every unit's score from the leaf components in `table` (columns named by leaf code):
    /// aggregates by the methodology's method (missing children skipped and weights
    /// re-normalised for means), the index times `scale`.
    ///
    /// # Errors
    /// A leaf column missing from the table, or an invalid structure.
    pub fn score(&self, table: &DataTable) -> Result<DataTable, CompositeError> {
        let tree = self.tree()?;
        let mut out = aggregate(&tree, table, &AggregateSpec::all(self.method))?;
        let top: Vec<Option<f64>> = out
            .require_column(&self.index)?
            .iter()
            .map(|v| v.map(|x| x * self.scale))
            .collect();
        out.set_column(self.index.clone(), top)?;
        Ok(out)
    }
}

/// One unit in a comparison of computed and published scores.
#[derive(Debug, Clone, PartialEq)]
pub struct ConformanceRow {
    /// The unit.
    pub unit: String,
    /// The published score.
    pub published: Option<f64>,
    /// The score Chiso computes.
    pub computed: Option<f64>,
    /// Published rank, if given.
    pub published_rank: Option<usize>,
    /// Rank by the computed score (descending; ties share the lowest rank).
    pub computed_rank: Option<usize>,
}

impl ConformanceRow {
    /// `published − computed`, when both exist.
    pub fn difference(&self) -> Option<f64> {
        Some(self.published? - self.computed?)
    }
}

/// How computed scores compare with published ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Conformance {
    /// One row per unit.
    pub rows: Vec<ConformanceRow>,
}

impl Conformance {
    /// Compares, unit by unit; ranks are computed from `computed` over the units that
    /// have a score.
    pub fn new(
        units: &[String],
        published: &[Option<f64>],
        computed: &[Option<f64>],
        published_ranks: Option<&[Option<usize>]>,
    ) -> Conformance {
        let ranks = rank_descending(computed);
        let rows = units
            .iter()
            .enumerate()
            .map(|(i, u)| ConformanceRow {
                unit: u.clone(),
                published: published.get(i).copied().flatten(),
                computed: computed.get(i).copied().flatten(),
                published_rank: published_ranks.and_then(|r| r.get(i).copied().flatten()),
                computed_rank: ranks.get(i).copied().flatten(),
            })
            .collect();
        Conformance { rows }
    }

    /// The largest |published − computed|.
    pub fn max_abs_difference(&self) -> f64 {
        self.rows
            .iter()
            .filter_map(ConformanceRow::difference)
            .fold(0.0, |m, d| m.max(d.abs()))
    }

    /// Whether every published score is reproduced within `tolerance` and every published
    /// rank exactly.
    pub fn reproduces(&self, tolerance: f64) -> bool {
        self.max_abs_difference() <= tolerance && self.rank_differences().is_empty()
    }

    /// The units whose score differs by more than `tolerance`.
    pub fn score_differences(&self, tolerance: f64) -> Vec<&ConformanceRow> {
        self.rows
            .iter()
            .filter(|r| r.difference().is_some_and(|d| d.abs() > tolerance))
            .collect()
    }

    /// The units whose computed rank differs from the published one.
    pub fn rank_differences(&self) -> Vec<&ConformanceRow> {
        self.rows
            .iter()
            .filter(|r| r.published_rank.is_some() && r.published_rank != r.computed_rank)
            .collect()
    }

    /// Units with a score (ranked) and without one (listed apart).
    pub fn ranked_and_unscored(&self) -> (usize, Vec<&str>) {
        let unscored: Vec<&str> = self
            .rows
            .iter()
            .filter(|r| r.computed.is_none())
            .map(|r| r.unit.as_str())
            .collect();
        (self.rows.len() - unscored.len(), unscored)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_methodology_parses_and_builds_its_tree() {
        let all = official().expect("shipped methodologies parse");
        assert_eq!(all.len(), 7);
        for m in &all {
            let tree = m
                .tree()
                .unwrap_or_else(|e| panic!("{} {}: {e}", m.index, m.version));
            assert_eq!(tree.root().code, m.index);
        }
        let pci: Vec<_> = all.iter().filter(|m| m.index == "PCI").collect();
        for m in pci {
            let total: f64 = m.nodes.iter().map(|n| n.weight).sum();
            assert_eq!(total, 100.0, "PCI {} weights sum to 100 %", m.version);
        }
        assert_eq!(
            official_for("PAPI", 2016).map(|m| m.version),
            Some("2016".into())
        );
        assert_eq!(official_for("PAPI", 2020).map(|m| m.max), Some(80.0));
        assert_eq!(
            official_for("PCI", 2011).map(|m| m.version),
            Some("2009".into())
        );
        assert_eq!(
            official_for("PCI", 2005),
            None,
            "2005's methodology is not published"
        );
        assert_eq!(
            official_for("PAPI", 2014).and_then(|m| m.ranked_in(2014)),
            Some(61)
        );
    }
}
