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
    AggregateMethod, AggregateSpec, CompositeError, DataTable, IndexTree, MetaRow, NormaliseSpec,
    RowKind,
};
use super::{aggregate, normalise, rank_descending};
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
    /// 1 if higher is better, −1 if lower is better (used when the methodology normalises
    /// raw inputs).
    #[serde(default = "one")]
    pub direction: f64,
    /// For a leaf computed from Chiso's data: the indicator whose yearly value (rolled up for
    /// each peer unit) is the input.
    #[serde(default)]
    pub indicator: Option<String>,
}

/// The units an index computed from indicators ranks: the children of `parent` (the
/// province when not given), of one kind if `kind` is given (`locality`, `agency`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Peers {
    /// The parent unit's code (`None`: the root of the tree).
    #[serde(default)]
    pub parent: Option<String>,
    /// Only children of this kind (`locality` or `agency`).
    #[serde(default)]
    pub kind: Option<String>,
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
    /// How raw leaf inputs are brought onto a common scale before they are combined; `None`
    /// when the inputs are already scores (PCI's published sub-indices, PAR Index points).
    #[serde(default)]
    pub normalise: Option<NormaliseSpec>,
    /// Where the structure and weights come from.
    pub source: String,
    /// The components.
    pub nodes: Vec<Component>,
    /// How many units are ranked, by year.
    #[serde(default)]
    pub ranked_units: BTreeMap<String, usize>,
    /// For an index computed from indicators: the units it ranks.
    #[serde(default)]
    pub peers: Option<Peers>,
    /// Published tiers (groups by score), best first; empty when the publisher has none.
    #[serde(default)]
    pub tiers: Vec<Tier>,
}

/// A published tier: every score at or above `min` (and below the tier above) belongs to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tier {
    /// The lowest score of the tier.
    pub min: f64,
    /// Vietnamese name ("Rất tốt").
    pub name_vi: String,
    /// English name ("Excellent").
    pub name_en: String,
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

/// The shipped methodology named by a template id: `pci-2013`, `papi-2018`, ... (index and
/// version, lower case), or a short alias: `papi-6` (six dimensions, 2016–2017), `papi-8`,
/// `pgi`.
pub fn template(id: &str) -> Option<Methodology> {
    let id = id.trim().to_lowercase();
    let id = match id.as_str() {
        "papi-6" => "papi-2016".to_owned(),
        "papi-8" => "papi-2018".to_owned(),
        "pgi" => "pgi-2022".to_owned(),
        _ => id,
    };
    official().ok()?.into_iter().find(|m| m.template_id() == id)
}

impl Methodology {
    /// The id of a shipped template: index and version in lower case (`pci-2013`).
    pub fn template_id(&self) -> String {
        format!(
            "{}-{}",
            self.index.to_lowercase(),
            self.version.to_lowercase()
        )
    }

    /// Reads a methodology document (JSON), checking that its structure builds a tree.
    ///
    /// # Errors
    /// [`CompositeError::InvalidStructure`] with the parser's message (an unknown method
    /// names the methods allowed), or any structural error of the tree.
    pub fn from_json(text: &str) -> Result<Methodology, CompositeError> {
        let m: Methodology = serde_json::from_str(text)
            .map_err(|e| CompositeError::InvalidStructure(e.to_string()))?;
        m.check()?;
        Ok(m)
    }

    /// Checks what serde cannot: the tree builds, weights are finite and not negative,
    /// directions are ±1, and weights at each level sum to something positive.
    ///
    /// # Errors
    /// The first problem found, naming the component.
    pub fn check(&self) -> Result<(), CompositeError> {
        for n in &self.nodes {
            if n.direction != 1.0 && n.direction != -1.0 {
                return Err(CompositeError::InvalidDirection {
                    code: n.code.clone(),
                    value: n.direction,
                });
            }
        }
        let leaves = self.leaves();
        let named = leaves.iter().filter(|c| c.indicator.is_some()).count();
        if named > 0 && named < leaves.len() {
            let missing: Vec<&str> = leaves
                .iter()
                .filter(|c| c.indicator.is_none())
                .map(|c| c.code.as_str())
                .collect();
            return Err(CompositeError::InvalidStructure(format!(
                "some components name an indicator and some do not ({}); an index takes all \
                 its inputs from indicators or all from imported scores",
                missing.join(", ")
            )));
        }
        let tree = self.tree()?;
        for agg in tree.aggregates_bottom_up() {
            let total: f64 = tree.children(&agg.code).iter().map(|c| c.weight).sum();
            if total <= 0.0 {
                return Err(CompositeError::InvalidStructure(format!(
                    "the weights of the components of `{}` sum to {total}; at least one must \
                     be positive",
                    agg.code
                )));
            }
        }
        Ok(())
    }

    /// Reads one row per unit from CSV: a `unit` column, then one column per leaf component
    /// (in any order). Empty cells and `NA` are missing values.
    ///
    /// # Errors
    /// [`CompositeError::InvalidInput`] naming a missing or unknown column, a repeated unit,
    /// a cell that is not a number (with its line and column), or a component with no value
    /// for any unit.
    pub fn read_inputs(&self, input: impl std::io::Read) -> Result<DataTable, CompositeError> {
        let bad = |m: String| CompositeError::InvalidInput(m);
        let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(input);
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| bad(format!("cannot read the header: {e}")))?
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_owned())
            .collect();
        let unit_col = header
            .iter()
            .position(|h| h.eq_ignore_ascii_case("unit"))
            .ok_or_else(|| bad("the first row has no `unit` column".into()))?;
        let leaves: Vec<String> = self.leaves().iter().map(|c| c.code.clone()).collect();
        let missing: Vec<&str> = leaves
            .iter()
            .filter(|l| !header.contains(l))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            return Err(bad(format!(
                "missing component columns: {} (the {} {} methodology needs {})",
                missing.join(", "),
                self.index,
                self.version,
                leaves.join(", ")
            )));
        }
        let unknown: Vec<&str> = header
            .iter()
            .enumerate()
            .filter(|(i, h)| *i != unit_col && !leaves.contains(h))
            .map(|(_, h)| h.as_str())
            .collect();
        if !unknown.is_empty() {
            return Err(bad(format!(
                "columns that are not components of {} {}: {} (expected {})",
                self.index,
                self.version,
                unknown.join(", "),
                leaves.join(", ")
            )));
        }
        let mut units = Vec::new();
        let mut columns: Vec<Vec<Option<f64>>> = vec![Vec::new(); leaves.len()];
        let positions: Vec<usize> = leaves
            .iter()
            .map(|l| header.iter().position(|h| h == l).unwrap_or_default())
            .collect();
        for (i, record) in reader.records().enumerate() {
            let line = i + 2;
            let record = record.map_err(|e| bad(format!("line {line}: {e}")))?;
            let unit = record.get(unit_col).unwrap_or("").trim();
            if unit.is_empty() {
                return Err(bad(format!("line {line}: the unit is empty")));
            }
            units.push(unit.to_owned());
            for (k, &pos) in positions.iter().enumerate() {
                let cell = record.get(pos).unwrap_or("").trim();
                let value = match cell {
                    "" | "NA" | "N/A" => None,
                    _ => Some(cell.replace(',', ".").parse::<f64>().map_err(|_| {
                        bad(format!(
                            "line {line}, column {}: `{cell}` is not a number",
                            leaves[k]
                        ))
                    })?),
                };
                columns[k].push(value);
            }
        }
        let mut table = DataTable::new(units).map_err(|e| bad(e.to_string()))?;
        for (leaf, values) in leaves.iter().zip(columns) {
            if !values.is_empty() && values.iter().all(Option::is_none) {
                return Err(bad(format!("component `{leaf}` has no value for any unit")));
            }
            table.add_column(leaf.clone(), values)?;
        }
        Ok(table)
    }

    /// Whether the inputs come from Chiso's indicators (every leaf names one) rather than from
    /// imported scores.
    pub fn is_computed(&self) -> bool {
        let leaves = self.leaves();
        !leaves.is_empty() && leaves.iter().all(|c| c.indicator.is_some())
    }

    /// The leaf inputs of `table` normalised as the methodology says (a copy when it does not
    /// normalise): what the aggregation starts from.
    ///
    /// # Errors
    /// A leaf column missing, or a normalisation that cannot run.
    pub fn normalised_inputs(&self, table: &DataTable) -> Result<DataTable, CompositeError> {
        match &self.normalise {
            Some(spec) => normalise(&self.tree()?, table, spec),
            None => Ok(table.clone()),
        }
    }

    /// The same methodology without its normalisation (for inputs already normalised).
    pub fn without_normalisation(&self) -> Methodology {
        Methodology {
            normalise: None,
            ..self.clone()
        }
    }

    /// The tier a score falls in: the first tier (best first) whose minimum it reaches.
    pub fn tier(&self, score: f64) -> Option<&Tier> {
        self.tiers.iter().find(|t| score >= t.min)
    }

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
            r.direction = Some(n.direction);
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
    /// normalised first if the methodology says so, then aggregated by its method (missing children skipped and weights
    /// re-normalised for means), the index times `scale`.
    ///
    /// # Errors
    /// A leaf column missing from the table, or an invalid structure.
    pub fn score(&self, table: &DataTable) -> Result<DataTable, CompositeError> {
        let tree = self.tree()?;
        let normalised;
        let input = match &self.normalise {
            Some(spec) => {
                normalised = normalise(&tree, table, spec)?;
                &normalised
            }
            None => table,
        };
        let mut out = aggregate(&tree, input, &AggregateSpec::all(self.method))?;
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
#[allow(clippy::unwrap_used)]
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

    #[test]
    fn templates_by_id_and_alias() {
        assert_eq!(template("pci-2013").map(|m| m.from_year), Some(2013));
        assert_eq!(template("PAPI-6").map(|m| m.version), Some("2016".into()));
        assert_eq!(template("papi-8").map(|m| m.nodes.len() >= 8), Some(true));
        assert_eq!(template("pgi").map(|m| m.max), Some(40.0));
        assert!(template("pci-1999").is_none());
        for m in official().unwrap() {
            assert_eq!(template(&m.template_id()), Some(m));
        }
    }

    #[test]
    fn a_bad_document_names_what_is_wrong() {
        let pgi = template("pgi").unwrap();
        let mut doc = serde_json::to_value(&pgi).unwrap();
        doc["method"] = "median".into();
        let e = Methodology::from_json(&doc.to_string())
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown variant `median`"), "{e}");
        assert!(e.contains("arithmetic_mean"), "{e}");
        let mut doc = serde_json::to_value(&pgi).unwrap();
        for n in doc["nodes"].as_array_mut().unwrap() {
            n["weight"] = 0.0.into();
        }
        let e = Methodology::from_json(&doc.to_string())
            .unwrap_err()
            .to_string();
        assert!(e.contains("sum to 0"), "{e}");
    }

    #[test]
    fn inputs_are_read_and_mismatches_named() {
        let pgi = template("pgi").unwrap();
        let leaves: Vec<String> = pgi.leaves().iter().map(|c| c.code.clone()).collect();
        let header = format!("unit,{}", leaves.join(","));
        let good = format!("{header}\nHN,5,6,7,8\nHP,4,,6,NA\n");
        let t = pgi.read_inputs(good.as_bytes()).unwrap();
        assert_eq!(t.units(), ["HN", "HP"]);
        assert_eq!(t.value("HP", &leaves[1]), None);
        let scored = pgi.score(&t).unwrap();
        assert_eq!(scored.value("HN", "PGI"), Some(26.0));

        let e = pgi
            .read_inputs(format!("unit,{}\nHN,1,2,3\n", leaves[..3].join(",")).as_bytes())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains(&format!("missing component columns: {}", leaves[3])),
            "{e}"
        );
        let e = pgi
            .read_inputs(format!("{header},extra\nHN,1,2,3,4,5\n").as_bytes())
            .unwrap_err()
            .to_string();
        assert!(e.contains("not components of PGI 2022: extra"), "{e}");
        let e = pgi
            .read_inputs(format!("{header}\nHN,1,2,x,4\n").as_bytes())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains(&format!("line 2, column {}: `x`", leaves[2])),
            "{e}"
        );
        let e = pgi
            .read_inputs(format!("{header}\nHN,1,2,3,\n").as_bytes())
            .unwrap_err()
            .to_string();
        assert!(e.contains("has no value for any unit"), "{e}");
    }
}
