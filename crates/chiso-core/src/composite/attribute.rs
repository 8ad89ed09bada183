//! What moved a score and a rank: each component's change from last year, its share of the
//! score's change, the places of rank it won or cost, the gaps to the average, the best and
//! a peer, and the points a criteria-scored index lost, criterion by criterion.
//!
//! A component's share of the change is measured by swapping it alone between the two years
//! and averaging the two swaps (`½[(S(prev, i→cur) − S(prev)) + (S(cur) − S(cur, i→prev))]`).
//! For the weighted sums and arithmetic means the official indices use, the shares add up
//! exactly to the change of the score; for geometric or harmonic means, or when a component
//! is missing in one year, what they leave is reported as `unexplained`, never hidden.

use super::methodology::Methodology;
use super::{CompositeError, DataTable, rank_descending};
use serde::{Deserialize, Serialize};

/// One component's change from the previous year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComponentChange {
    /// The component.
    pub code: String,
    /// Its value in the previous year.
    pub previous: Option<f64>,
    /// Its value this year.
    pub current: Option<f64>,
    /// `current − previous`.
    pub change: Option<f64>,
    /// The change in % of the previous value.
    pub change_pct: Option<f64>,
    /// Points of the index score this component's change accounts for.
    pub contribution: Option<f64>,
    /// Places of rank this component's change won (positive) or cost (negative): the rank the
    /// unit would have had, with every other unit as it is, had this component stayed at last
    /// year's value, minus its rank now.
    pub places: Option<i64>,
}

/// A unit's change of score and rank from one year to the next, component by component.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreChange {
    /// The unit.
    pub unit: String,
    /// Last year's score.
    pub previous_score: Option<f64>,
    /// This year's score.
    pub current_score: Option<f64>,
    /// `current − previous`.
    pub change: Option<f64>,
    /// Last year's rank.
    pub previous_rank: Option<usize>,
    /// This year's rank.
    pub current_rank: Option<usize>,
    /// Places gained (positive) or lost (negative).
    pub rank_change: Option<i64>,
    /// Every component, in the methodology's order.
    pub components: Vec<ComponentChange>,
    /// The part of the change the components' shares do not account for (interactions of a
    /// non-linear method, a component present in one year only).
    pub unexplained: Option<f64>,
}

impl ScoreChange {
    /// The top-level components (directly under the index) that moved the score the most in
    /// the direction it moved, largest first; when the score did not move, the largest
    /// either way.
    pub fn main_causes<'a>(&'a self, methodology: &Methodology) -> Vec<&'a ComponentChange> {
        let top: Vec<&str> = methodology
            .nodes
            .iter()
            .filter(|n| n.parent.is_none())
            .map(|n| n.code.as_str())
            .collect();
        let direction = self.change.unwrap_or(0.0).signum();
        let mut causes: Vec<&ComponentChange> = self
            .components
            .iter()
            .filter(|c| top.contains(&c.code.as_str()))
            .filter(|c| {
                c.contribution
                    .is_some_and(|x| x != 0.0 && (direction == 0.0 || x.signum() == direction))
            })
            .collect();
        causes.sort_by(|a, b| {
            let (x, y) = (a.contribution.unwrap_or(0.0), b.contribution.unwrap_or(0.0));
            y.abs().total_cmp(&x.abs())
        });
        causes
    }
}

/// The codes of the leaves under `code` (itself, if it is a leaf).
fn leaves_under(methodology: &Methodology, code: &str) -> Vec<String> {
    let leaves: Vec<String> = methodology
        .leaves()
        .iter()
        .map(|c| c.code.clone())
        .collect();
    leaves
        .into_iter()
        .filter(|leaf| {
            let mut at = Some(leaf.clone());
            while let Some(c) = at {
                if c == code {
                    return true;
                }
                at = methodology
                    .nodes
                    .iter()
                    .find(|n| n.code == c)
                    .and_then(|n| n.parent.clone());
            }
            false
        })
        .collect()
}

/// The leaf values of `unit` in `table`, by leaf code.
fn leaf_row(table: &DataTable, leaves: &[String], unit: &str) -> Vec<Option<f64>> {
    leaves.iter().map(|l| table.value(unit, l)).collect()
}

/// Explains `unit`'s change from `previous` to `current`: both tables hold the leaf
/// components of every unit ranked that year (the columns the methodology scores).
///
/// # Errors
/// A leaf column missing from either table, or an invalid methodology.
pub fn explain_change(
    methodology: &Methodology,
    previous: &DataTable,
    current: &DataTable,
    unit: &str,
) -> Result<ScoreChange, CompositeError> {
    // Normalisation is over the year's whole peer set: normalise each year first, then
    // explain on the normalised inputs (swapping one unit's values must not move the scale).
    if methodology.normalise.is_some() {
        let plain = methodology.without_normalisation();
        let previous = methodology.normalised_inputs(previous)?;
        let current = methodology.normalised_inputs(current)?;
        return explain_change(&plain, &previous, &current, unit);
    }
    let index = methodology.index.as_str();
    let prev_scored = methodology.score(previous)?;
    let cur_scored = methodology.score(current)?;
    let prev_scores = prev_scored.require_column(index)?;
    let cur_scores = cur_scored.require_column(index)?;
    let prev_ranks = rank_descending(prev_scores);
    let cur_ranks = rank_descending(cur_scores);
    let rank_at = |table: &DataTable, ranks: &[Option<usize>]| {
        table.unit_position(unit).and_then(|i| ranks[i])
    };
    let previous_rank = rank_at(&prev_scored, &prev_ranks);
    let current_rank = rank_at(&cur_scored, &cur_ranks);
    let previous_score = prev_scored.value(unit, index);
    let current_score = cur_scored.value(unit, index);
    let change = current_score.zip(previous_score).map(|(c, p)| c - p);

    let leaves: Vec<String> = methodology
        .leaves()
        .iter()
        .map(|c| c.code.clone())
        .collect();
    let prev_row = leaf_row(previous, &leaves, unit);
    let cur_row = leaf_row(current, &leaves, unit);

    // Counterfactual rows: the two years, each leaf swapped alone, each component's subtree
    // put back to last year (for places of rank). One scoring call for all of them.
    let mut rows: Vec<(String, Vec<Option<f64>>)> = vec![
        ("prev".into(), prev_row.clone()),
        ("cur".into(), cur_row.clone()),
    ];
    for (i, _) in leaves.iter().enumerate() {
        let mut p = prev_row.clone();
        p[i] = cur_row[i];
        rows.push((format!("p{i}"), p));
        let mut c = cur_row.clone();
        c[i] = prev_row[i];
        rows.push((format!("c{i}"), c));
    }
    let subtrees: Vec<Vec<usize>> = methodology
        .nodes
        .iter()
        .map(|n| {
            let under = leaves_under(methodology, &n.code);
            leaves
                .iter()
                .enumerate()
                .filter(|(_, l)| under.contains(l))
                .map(|(i, _)| i)
                .collect()
        })
        .collect();
    for (k, under) in subtrees.iter().enumerate() {
        let mut c = cur_row.clone();
        for &i in under {
            c[i] = prev_row[i];
        }
        rows.push((format!("back{k}"), c));
    }
    let mut table = DataTable::new(rows.iter().map(|(name, _)| name.clone()))?;
    for (i, leaf) in leaves.iter().enumerate() {
        table.add_column(leaf.clone(), rows.iter().map(|(_, r)| r[i]).collect())?;
    }
    let scored = methodology.score(&table)?;
    let s = |row: &str| scored.value(row, index);
    let leaf_share: Vec<Option<f64>> = (0..leaves.len())
        .map(|i| {
            let up = s(&format!("p{i}"))? - s("prev")?;
            let down = s("cur")? - s(&format!("c{i}"))?;
            Some((up + down) / 2.0)
        })
        .collect();
    let others: Vec<f64> = cur_scored
        .units()
        .iter()
        .zip(cur_scores)
        .filter(|(u, _)| u.as_str() != unit)
        .filter_map(|(_, v)| *v)
        .collect();
    let rank_with = |score: f64| 1 + others.iter().filter(|&&o| o > score).count();

    let components = methodology
        .nodes
        .iter()
        .zip(&subtrees)
        .enumerate()
        .map(|(k, (node, under))| {
            let previous = prev_scored.value(unit, &node.code);
            let current = cur_scored.value(unit, &node.code);
            let change = current.zip(previous).map(|(c, p)| c - p);
            let change_pct = change
                .zip(previous)
                .filter(|(_, p)| *p != 0.0)
                .map(|(d, p)| d / p.abs() * 100.0);
            let contribution = (!under.is_empty() && change.is_some())
                .then(|| under.iter().map(|&i| leaf_share[i]).sum::<Option<f64>>())
                .flatten();
            let places = current_rank.zip(s(&format!("back{k}"))).map(|(now, back)| {
                let then = rank_with(back);
                then as i64 - now as i64
            });
            ComponentChange {
                code: node.code.clone(),
                previous,
                current,
                change,
                change_pct,
                contribution,
                places,
            }
        })
        .collect();
    let explained: Option<f64> = leaf_share.iter().copied().sum();
    Ok(ScoreChange {
        unit: unit.to_owned(),
        previous_score,
        current_score,
        change,
        previous_rank,
        current_rank,
        rank_change: previous_rank
            .zip(current_rank)
            .map(|(p, c)| p as i64 - c as i64),
        components,
        unexplained: change.map(|d| d - explained.unwrap_or(0.0)),
    })
}

/// How far one node of a unit is from the average, the best and a peer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    /// The node (a component, or the index).
    pub code: String,
    /// The unit's value.
    pub value: Option<f64>,
    /// The average over every unit with a value (the "national average" when the table holds
    /// every province).
    pub average: Option<f64>,
    /// The best value.
    pub best: Option<f64>,
    /// The unit with the best value.
    pub best_unit: Option<String>,
    /// The chosen peer's value.
    pub peer: Option<f64>,
}

/// The gaps of `unit` on every node of a scored table (from [`Methodology::score`]): the
/// index first, then the components in the methodology's order.
pub fn gaps(
    methodology: &Methodology,
    scored: &DataTable,
    unit: &str,
    peer: Option<&str>,
) -> Vec<Gap> {
    std::iter::once(methodology.index.as_str())
        .chain(methodology.nodes.iter().map(|n| n.code.as_str()))
        .map(|code| {
            let column = scored.column(code).unwrap_or(&[]);
            let present: Vec<(usize, f64)> = column
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (i, v)))
                .collect();
            let average = (!present.is_empty())
                .then(|| present.iter().map(|p| p.1).sum::<f64>() / present.len() as f64);
            let best = present.iter().max_by(|a, b| a.1.total_cmp(&b.1));
            Gap {
                code: code.to_owned(),
                value: scored.value(unit, code),
                average,
                best: best.map(|b| b.1),
                best_unit: best.map(|b| scored.units()[b.0].clone()),
                peer: peer.and_then(|p| scored.value(p, code)),
            }
        })
        .collect()
}

/// Points a unit did not obtain on one criterion of a criteria-scored index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LostPoints {
    /// The criterion.
    pub code: String,
    /// Its maximum.
    pub max: f64,
    /// The points obtained (`None`: not scored).
    pub score: Option<f64>,
    /// `max − score` (the whole maximum when not scored).
    pub lost: f64,
}

/// The points `unit` lost on each leaf criterion with a maximum, most lost first; criteria
/// with nothing lost are left out.
pub fn lost_points(methodology: &Methodology, table: &DataTable, unit: &str) -> Vec<LostPoints> {
    let mut out: Vec<LostPoints> = methodology
        .leaves()
        .into_iter()
        .filter_map(|c| {
            let max = c.max?;
            let score = table.value(unit, &c.code);
            let lost = max - score.unwrap_or(0.0);
            (lost > 1e-12).then(|| LostPoints {
                code: c.code.clone(),
                max,
                score,
                lost,
            })
        })
        .collect();
    out.sort_by(|a, b| b.lost.total_cmp(&a.lost));
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn methodology(method: &str) -> Methodology {
        serde_json::from_value(serde_json::json!({
            "index": "X", "version": "1", "from_year": 2020, "to_year": null,
            "name_vi": "X", "name_en": "X", "publisher": "test",
            "unit_vi": "điểm", "unit_en": "points", "max": 100.0,
            "method": method, "source": "test",
            "nodes": [
                {"code": "A", "name_vi": "A", "name_en": "A", "weight": 2.0},
                {"code": "B", "name_vi": "B", "name_en": "B", "weight": 1.0},
                {"code": "B1", "parent": "B", "name_vi": "B1", "name_en": "B1", "max": 10.0},
                {"code": "B2", "parent": "B", "name_vi": "B2", "name_en": "B2", "max": 10.0}
            ]
        }))
        .unwrap()
    }

    fn table(rows: &[(&str, f64, f64, f64)]) -> DataTable {
        let mut t = DataTable::new(rows.iter().map(|r| r.0)).unwrap();
        t.add_column("A", rows.iter().map(|r| Some(r.1)).collect())
            .unwrap();
        t.add_column("B1", rows.iter().map(|r| Some(r.2)).collect())
            .unwrap();
        t.add_column("B2", rows.iter().map(|r| Some(r.3)).collect())
            .unwrap();
        t
    }

    #[test]
    fn shares_add_up_to_the_change_and_name_the_places_lost() {
        let m = methodology("arithmetic_mean");
        // Score = (2A + (B1 + B2)/2) / 3.
        let prev = table(&[
            ("u", 9.0, 6.0, 6.0),
            ("v", 6.0, 6.0, 6.0),
            ("w", 3.0, 3.0, 3.0),
        ]);
        let cur = table(&[
            ("u", 6.0, 9.0, 6.0),
            ("v", 7.0, 6.0, 6.0),
            ("w", 3.0, 3.0, 3.0),
        ]);
        let c = explain_change(&m, &prev, &cur, "u").unwrap();
        assert_eq!(c.previous_score, Some(8.0));
        assert_eq!(c.current_score, Some(6.5));
        assert_eq!(c.change, Some(-1.5));
        assert_eq!((c.previous_rank, c.current_rank), (Some(1), Some(2)));
        assert_eq!(c.rank_change, Some(-1));
        let get = |code: &str| c.components.iter().find(|x| x.code == code).unwrap();
        assert!((get("A").contribution.unwrap() + 2.0).abs() < 1e-12);
        assert!((get("B").contribution.unwrap() - 0.5).abs() < 1e-12);
        assert!((get("B1").contribution.unwrap() - 0.5).abs() < 1e-12);
        assert_eq!(get("B2").contribution, Some(0.0));
        assert!(c.unexplained.unwrap().abs() < 1e-12);
        // Had A stayed at 9, u would be first again: A cost one place.
        assert_eq!(get("A").places, Some(-1));
        assert_eq!(get("B").places, Some(0));
        assert!((get("A").change_pct.unwrap() + 100.0 / 3.0).abs() < 1e-9);
        let causes: Vec<&str> = c.main_causes(&m).iter().map(|x| x.code.as_str()).collect();
        assert_eq!(causes, ["A"]);
    }

    #[test]
    fn a_non_linear_method_reports_what_the_shares_leave() {
        let m = methodology("geometric_mean");
        let prev = table(&[("u", 9.0, 6.0, 6.0), ("v", 6.0, 6.0, 6.0)]);
        let cur = table(&[("u", 6.0, 9.0, 1.0), ("v", 7.0, 6.0, 6.0)]);
        let c = explain_change(&m, &prev, &cur, "u").unwrap();
        let shares: f64 = c
            .components
            .iter()
            .filter(|x| x.code == "A" || x.code == "B")
            .map(|x| x.contribution.unwrap())
            .sum();
        let total = c.change.unwrap();
        assert!((shares + c.unexplained.unwrap() - total).abs() < 1e-12);
    }

    #[test]
    fn gaps_and_lost_points() {
        let m = methodology("sum");
        let t = table(&[("u", 1.0, 7.0, 10.0), ("v", 1.0, 9.0, 4.0)]);
        let scored = m.score(&t).unwrap();
        let g = gaps(&m, &scored, "u", Some("v"));
        assert_eq!(g[0].code, "X");
        let b1 = g.iter().find(|x| x.code == "B1").unwrap();
        assert_eq!(
            (b1.value, b1.average, b1.best, b1.peer),
            (Some(7.0), Some(8.0), Some(9.0), Some(9.0))
        );
        assert_eq!(b1.best_unit.as_deref(), Some("v"));
        let lost = lost_points(&m, &t, "u");
        assert_eq!(lost.len(), 1);
        assert_eq!((lost[0].code.as_str(), lost[0].lost), ("B1", 3.0));
    }

    #[test]
    fn normalised_inputs_are_scaled_over_every_unit_before_swapping() {
        let mut m = methodology("arithmetic_mean");
        m.normalise = Some(crate::composite::NormaliseSpec::default());
        let prev = table(&[
            ("u", 9.0, 6.0, 6.0),
            ("v", 6.0, 2.0, 6.0),
            ("w", 3.0, 3.0, 3.0),
        ]);
        let cur = table(&[
            ("u", 6.0, 9.0, 6.0),
            ("v", 7.0, 6.0, 6.0),
            ("w", 3.0, 3.0, 3.0),
        ]);
        let c = explain_change(&m, &prev, &cur, "u").unwrap();
        let scored_prev = m.score(&prev).unwrap();
        let scored_cur = m.score(&cur).unwrap();
        assert_eq!(c.previous_score, scored_prev.value("u", "X"));
        assert_eq!(c.current_score, scored_cur.value("u", "X"));
        let shares: f64 = ["A", "B"]
            .iter()
            .map(|k| {
                c.components
                    .iter()
                    .find(|x| x.code == *k)
                    .unwrap()
                    .contribution
                    .unwrap()
            })
            .sum();
        assert!((shares - c.change.unwrap()).abs() < 1e-9);
        // A on each year's 0–100 scale: 9 was the highest (100); 6 between 3 and 7 is 75.
        let a = c.components.iter().find(|x| x.code == "A").unwrap();
        assert_eq!((a.previous, a.current), (Some(100.0), Some(75.0)));
    }
}
