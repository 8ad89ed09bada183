//! The index tree: index → sub-indices → pillars / components → indicators.

use super::CompositeError;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// What a row of the structure table describes (COINr's iMeta `Type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowKind {
    /// A measured indicator (a leaf of the tree).
    Indicator,
    /// An aggregate: pillar, sub-index or the index itself.
    Aggregate,
    /// A grouping column of the data (region, size class); not part of the tree.
    Group,
    /// A denominator column of the data (population, GDP, area); not part of the tree.
    Denominator,
}

impl RowKind {
    /// Parses COINr's spelling (`Indicator`, `Aggregate`, `Group`, `Denominator`), any case.
    pub fn parse(s: &str) -> Option<RowKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "indicator" => Some(RowKind::Indicator),
            "aggregate" => Some(RowKind::Aggregate),
            "group" => Some(RowKind::Group),
            "denominator" => Some(RowKind::Denominator),
            _ => None,
        }
    }
}

/// One row of the structure table, as in COINr's iMeta.
///
/// Only `Indicator` and `Aggregate` rows enter the tree; the others describe data columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetaRow {
    /// 1 for indicators, 2 for the first aggregates (pillars), and so on up to the index.
    pub level: Option<u32>,
    /// The node's code (`LPI`, `Physical`, `Index`).
    pub code: String,
    /// A display name.
    pub name: Option<String>,
    /// 1 if higher is better, −1 if lower is better (aggregates default to 1).
    pub direction: Option<f64>,
    /// The weight relative to the node's siblings.
    pub weight: Option<f64>,
    /// The code of the parent aggregate; `None` for the top node.
    pub parent: Option<String>,
    /// What the row describes.
    pub kind: RowKind,
    /// A target value, used by distance-to-target normalisation.
    pub target: Option<f64>,
    /// The code of a denominator column to divide this indicator by.
    pub denominator: Option<String>,
    /// For criteria-scored indices: the maximum number of points of this criterion.
    pub max_points: Option<f64>,
}

impl MetaRow {
    /// A row with only a code, a kind and a level; the other fields empty.
    pub fn new(code: impl Into<String>, kind: RowKind, level: Option<u32>) -> Self {
        Self {
            level,
            code: code.into(),
            name: None,
            direction: None,
            weight: None,
            parent: None,
            kind,
            target: None,
            denominator: None,
            max_points: None,
        }
    }
}

/// Whether higher values of an indicator are better or worse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher is better (COINr direction 1).
    Positive,
    /// Lower is better (COINr direction −1).
    Negative,
}

impl Direction {
    /// +1.0 or −1.0, the factor COINr multiplies the data by before normalising.
    pub fn sign(self) -> f64 {
        match self {
            Direction::Positive => 1.0,
            Direction::Negative => -1.0,
        }
    }
}

/// Whether a node is a leaf indicator or an aggregate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// A leaf: its values come from the data.
    Indicator,
    /// An inner node: its values are aggregated from its children.
    Aggregate,
}

/// A node of the index tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// The node's code.
    pub code: String,
    /// A display name.
    pub name: Option<String>,
    /// The level: 1 for indicators, rising towards the index.
    pub level: u32,
    /// Leaf or aggregate.
    pub kind: NodeKind,
    /// The weight relative to the siblings.
    pub weight: f64,
    /// Higher or lower is better.
    pub direction: Direction,
    /// The parent's code; `None` for the top node.
    pub parent: Option<String>,
    /// The children's codes, in the order of the structure table.
    pub children: Vec<String>,
    /// A target value (distance-to-target normalisation).
    pub target: Option<f64>,
    /// A denominator column to divide by.
    pub denominator: Option<String>,
    /// The maximum number of points (criteria-scored indices).
    pub max_points: Option<f64>,
}

/// A validated index tree built from structure rows.
///
/// Guarantees: codes are unique; every node has a level, a finite non-negative weight and a
/// direction; every parent exists, is an aggregate and sits at a higher level; there are no
/// cycles; every aggregate has a child; there is at least one indicator and exactly one top
/// node. Group and denominator rows are kept as lists of column names.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexTree {
    nodes: Vec<Node>,
    index: HashMap<String, usize>,
    groups: Vec<String>,
    denominators: Vec<String>,
}

fn direction_of(
    code: &str,
    value: Option<f64>,
    kind: NodeKind,
) -> Result<Direction, CompositeError> {
    match value {
        None if kind == NodeKind::Aggregate => Ok(Direction::Positive),
        None => Err(CompositeError::MissingDirection(code.to_owned())),
        Some(1.0) => Ok(Direction::Positive),
        Some(-1.0) => Ok(Direction::Negative),
        Some(v) => Err(CompositeError::InvalidDirection {
            code: code.to_owned(),
            value: v,
        }),
    }
}

impl IndexTree {
    /// Builds and validates a tree from structure rows (see [`IndexTree`] for the rules).
    pub fn from_rows(rows: &[MetaRow]) -> Result<IndexTree, CompositeError> {
        let mut nodes = Vec::new();
        let mut index = HashMap::new();
        let mut groups = Vec::new();
        let mut denominators = Vec::new();
        let mut seen = HashMap::new();
        for row in rows {
            if seen.insert(row.code.clone(), ()).is_some() {
                return Err(CompositeError::DuplicateCode(row.code.clone()));
            }
            let kind = match row.kind {
                RowKind::Group => {
                    groups.push(row.code.clone());
                    continue;
                }
                RowKind::Denominator => {
                    denominators.push(row.code.clone());
                    continue;
                }
                RowKind::Indicator => NodeKind::Indicator,
                RowKind::Aggregate => NodeKind::Aggregate,
            };
            let level = row
                .level
                .ok_or_else(|| CompositeError::MissingLevel(row.code.clone()))?;
            let weight = row
                .weight
                .ok_or_else(|| CompositeError::MissingWeight(row.code.clone()))?;
            if !weight.is_finite() || weight < 0.0 {
                return Err(CompositeError::InvalidWeight {
                    code: row.code.clone(),
                    weight,
                });
            }
            let direction = direction_of(&row.code, row.direction, kind)?;
            index.insert(row.code.clone(), nodes.len());
            nodes.push(Node {
                code: row.code.clone(),
                name: row.name.clone(),
                level,
                kind,
                weight,
                direction,
                parent: row.parent.clone().filter(|p| !p.is_empty()),
                children: Vec::new(),
                target: row.target,
                denominator: row.denominator.clone().filter(|d| !d.is_empty()),
                max_points: row.max_points,
            });
        }
        if !nodes.iter().any(|n| n.kind == NodeKind::Indicator) {
            return Err(CompositeError::NoIndicators);
        }
        // Parents exist and are aggregates.
        for n in &nodes {
            if let Some(p) = &n.parent {
                let Some(&pi) = index.get(p) else {
                    return Err(CompositeError::UnknownParent {
                        code: n.code.clone(),
                        parent: p.clone(),
                    });
                };
                if nodes[pi].kind == NodeKind::Indicator {
                    return Err(CompositeError::ParentIsIndicator {
                        code: n.code.clone(),
                        parent: p.clone(),
                    });
                }
            }
        }
        // No cycles: walking up from a node never comes back to it. (A node that only leads
        // into a cycle is not reported; the first node on the cycle is.)
        for n in &nodes {
            let mut current = n.parent.as_ref();
            let mut steps = 0;
            while let Some(p) = current {
                if p == &n.code {
                    return Err(CompositeError::Cycle(n.code.clone()));
                }
                steps += 1;
                if steps > nodes.len() {
                    break;
                }
                current = index.get(p).and_then(|&i| nodes[i].parent.as_ref());
            }
        }
        // Parents sit higher.
        for n in &nodes {
            if let Some(p) = &n.parent {
                let parent_level = index.get(p).map_or(0, |&i| nodes[i].level);
                if parent_level <= n.level {
                    return Err(CompositeError::LevelOrder {
                        code: n.code.clone(),
                        level: n.level,
                        parent: p.clone(),
                        parent_level,
                    });
                }
            }
        }
        // Children lists, in row order.
        let links: Vec<(usize, String)> = nodes
            .iter()
            .filter_map(|n| {
                n.parent
                    .as_ref()
                    .and_then(|p| index.get(p).map(|&pi| (pi, n.code.clone())))
            })
            .collect();
        for (pi, child) in links {
            nodes[pi].children.push(child);
        }
        if let Some(empty) = nodes
            .iter()
            .find(|n| n.kind == NodeKind::Aggregate && n.children.is_empty())
        {
            return Err(CompositeError::EmptyAggregate(empty.code.clone()));
        }
        let roots: Vec<String> = nodes
            .iter()
            .filter(|n| n.parent.is_none())
            .map(|n| n.code.clone())
            .collect();
        if roots.len() != 1 {
            return Err(CompositeError::RootCount(roots));
        }
        Ok(IndexTree {
            nodes,
            index,
            groups,
            denominators,
        })
    }

    /// Every node, in the order of the structure rows.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// A node by code.
    pub fn node(&self, code: &str) -> Option<&Node> {
        self.index.get(code).map(|&i| &self.nodes[i])
    }

    /// The top node (the index).
    pub fn root(&self) -> &Node {
        // Validation guarantees exactly one node without a parent.
        self.nodes
            .iter()
            .find(|n| n.parent.is_none())
            .unwrap_or(&self.nodes[0])
    }

    /// The indicators (leaves), in row order.
    pub fn indicators(&self) -> impl Iterator<Item = &Node> {
        self.nodes.iter().filter(|n| n.kind == NodeKind::Indicator)
    }

    /// The indicator codes, in row order.
    pub fn indicator_codes(&self) -> Vec<String> {
        self.indicators().map(|n| n.code.clone()).collect()
    }

    /// The aggregates in the order they must be computed: by level, then row order.
    pub fn aggregates_bottom_up(&self) -> Vec<&Node> {
        let mut aggs: Vec<&Node> = self
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Aggregate)
            .collect();
        aggs.sort_by_key(|n| n.level);
        aggs
    }

    /// The highest level (the index's).
    pub fn max_level(&self) -> u32 {
        self.nodes.iter().map(|n| n.level).max().unwrap_or(1)
    }

    /// The children of a node (empty for indicators and unknown codes).
    pub fn children(&self, code: &str) -> Vec<&Node> {
        self.node(code)
            .map(|n| n.children.iter().filter_map(|c| self.node(c)).collect())
            .unwrap_or_default()
    }

    /// The group column names declared in the structure.
    pub fn groups(&self) -> &[String] {
        &self.groups
    }

    /// The denominator column names declared in the structure.
    pub fn denominators(&self) -> &[String] {
        &self.denominators
    }

    /// The (indicator, denominator) pairs of indicators that are divided by a denominator.
    pub fn denominations(&self) -> Vec<(String, String)> {
        self.indicators()
            .filter_map(|n| n.denominator.clone().map(|d| (n.code.clone(), d)))
            .collect()
    }

    /// For each indicator, the codes from it up to the index (COINr's lineage table).
    pub fn lineage(&self) -> Vec<Vec<String>> {
        self.indicators()
            .map(|n| {
                let mut chain = vec![n.code.clone()];
                let mut current = n.parent.as_ref();
                while let Some(p) = current {
                    chain.push(p.clone());
                    current = self.node(p).and_then(|pn| pn.parent.as_ref());
                }
                chain
            })
            .collect()
    }

    /// The weights of every node: (code, level, weight), in row order.
    pub fn weights(&self) -> Vec<(String, u32, f64)> {
        self.nodes
            .iter()
            .map(|n| (n.code.clone(), n.level, n.weight))
            .collect()
    }

    /// A copy with some weights replaced (a weight set); fails on unknown codes or bad weights.
    pub fn with_weights(
        &self,
        weights: &BTreeMap<String, f64>,
    ) -> Result<IndexTree, CompositeError> {
        let mut out = self.clone();
        for (code, &w) in weights {
            let &i = self
                .index
                .get(code)
                .ok_or_else(|| CompositeError::UnknownWeightCode(code.clone()))?;
            if !w.is_finite() || w < 0.0 {
                return Err(CompositeError::InvalidWeight {
                    code: code.clone(),
                    weight: w,
                });
            }
            out.nodes[i].weight = w;
        }
        Ok(out)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn ind(code: &str, parent: &str) -> MetaRow {
        let mut r = MetaRow::new(code, RowKind::Indicator, Some(1));
        r.direction = Some(1.0);
        r.weight = Some(1.0);
        r.parent = Some(parent.into());
        r
    }

    fn agg(code: &str, level: u32, parent: Option<&str>) -> MetaRow {
        let mut r = MetaRow::new(code, RowKind::Aggregate, Some(level));
        r.weight = Some(1.0);
        r.parent = parent.map(Into::into);
        r
    }

    fn small() -> Vec<MetaRow> {
        vec![
            ind("a", "P"),
            ind("b", "P"),
            ind("c", "Q"),
            agg("P", 2, Some("I")),
            agg("Q", 2, Some("I")),
            agg("I", 3, None),
            MetaRow::new("pop", RowKind::Denominator, None),
            MetaRow::new("region", RowKind::Group, None),
        ]
    }

    #[test]
    fn builds_a_valid_tree() {
        let t = IndexTree::from_rows(&small()).unwrap();
        assert_eq!(t.root().code, "I");
        assert_eq!(t.indicator_codes(), vec!["a", "b", "c"]);
        assert_eq!(t.node("P").unwrap().children, vec!["a", "b"]);
        assert_eq!(t.max_level(), 3);
        assert_eq!(t.lineage()[2], vec!["c", "Q", "I"]);
        assert_eq!(t.groups(), &["region".to_string()]);
        assert_eq!(t.denominators(), &["pop".to_string()]);
        let codes: Vec<&str> = t
            .aggregates_bottom_up()
            .iter()
            .map(|n| n.code.as_str())
            .collect();
        assert_eq!(codes, vec!["P", "Q", "I"]);
    }

    #[test]
    fn rejects_bad_structures() {
        let mut rows = small();
        rows[0].parent = Some("X".into());
        assert!(matches!(
            IndexTree::from_rows(&rows),
            Err(CompositeError::UnknownParent { .. })
        ));

        let mut rows = small();
        rows[1].weight = None;
        assert_eq!(
            IndexTree::from_rows(&rows),
            Err(CompositeError::MissingWeight("b".into()))
        );

        let mut rows = small();
        rows[5].parent = Some("P".into());
        assert_eq!(
            IndexTree::from_rows(&rows),
            Err(CompositeError::Cycle("P".into()))
        );

        let mut rows = small();
        rows[0].parent = Some("b".into());
        assert!(matches!(
            IndexTree::from_rows(&rows),
            Err(CompositeError::ParentIsIndicator { .. })
        ));

        let mut rows = small();
        rows[3].level = Some(3);
        assert!(matches!(
            IndexTree::from_rows(&rows),
            Err(CompositeError::LevelOrder { .. })
        ));

        let mut rows = small();
        rows.push(agg("Empty", 2, Some("I")));
        assert_eq!(
            IndexTree::from_rows(&rows),
            Err(CompositeError::EmptyAggregate("Empty".into()))
        );

        let mut rows = small();
        rows.push(agg("J", 3, None));
        rows.push(ind("d", "J"));
        assert!(matches!(
            IndexTree::from_rows(&rows),
            Err(CompositeError::RootCount(_))
        ));

        let mut rows = small();
        rows[2].direction = Some(2.0);
        assert!(matches!(
            IndexTree::from_rows(&rows),
            Err(CompositeError::InvalidDirection { .. })
        ));

        let mut rows = small();
        rows.push(ind("a", "P"));
        assert_eq!(
            IndexTree::from_rows(&rows),
            Err(CompositeError::DuplicateCode("a".into()))
        );
    }

    #[test]
    fn weight_sets_replace_weights() {
        let t = IndexTree::from_rows(&small()).unwrap();
        let w = BTreeMap::from([("a".to_string(), 3.0)]);
        assert_eq!(t.with_weights(&w).unwrap().node("a").unwrap().weight, 3.0);
        let bad = BTreeMap::from([("zz".to_string(), 1.0)]);
        assert!(t.with_weights(&bad).is_err());
    }
}
