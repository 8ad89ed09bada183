//! Ranks: descending by full-precision score, ties sharing the lowest rank.

use super::{CompositeError, DataTable, stats};
use serde::{Deserialize, Serialize};

/// Descending ranks: the highest score is 1, equal scores share the lowest rank, missing
/// scores get no rank.
///
/// R's `rank(-x, ties.method = "min", na.last = "keep")`, as COINr's `get_results()` uses.
pub fn rank_descending(scores: &[Option<f64>]) -> Vec<Option<usize>> {
    let negated: Vec<Option<f64>> = scores.iter().map(|s| s.map(|s| -s)).collect();
    stats::rank_min(&negated)
}

/// One unit's score and rank.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankedUnit {
    /// The unit.
    pub unit: String,
    /// The score, or `None` if missing.
    pub score: Option<f64>,
    /// The rank, or `None` if the score is missing.
    pub rank: Option<usize>,
}

/// The units ranked on one column: best first, ties in table order, unranked units last.
pub fn rank_units(table: &DataTable, column: &str) -> Result<Vec<RankedUnit>, CompositeError> {
    let scores = table.require_column(column)?;
    let ranks = rank_descending(scores);
    let mut out: Vec<RankedUnit> = table
        .units()
        .iter()
        .zip(scores.iter().zip(ranks))
        .map(|(unit, (score, rank))| RankedUnit {
            unit: unit.clone(),
            score: *score,
            rank,
        })
        .collect();
    out.sort_by_key(|r| r.rank.unwrap_or(usize::MAX));
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ties_share_the_lowest_rank() {
        let s = [Some(50.0), Some(70.0), None, Some(70.0), Some(10.0)];
        assert_eq!(
            rank_descending(&s),
            vec![Some(3), Some(1), None, Some(1), Some(4)]
        );
    }

    #[test]
    fn ranking_a_table() {
        let mut t = DataTable::new(["A", "B", "C"]).unwrap();
        t.add_column("Index", vec![None, Some(1.0), Some(2.0)])
            .unwrap();
        let r = rank_units(&t, "Index").unwrap();
        let order: Vec<(&str, Option<usize>)> =
            r.iter().map(|r| (r.unit.as_str(), r.rank)).collect();
        assert_eq!(order, vec![("C", Some(1)), ("B", Some(2)), ("A", None)]);
        assert!(rank_units(&t, "Nope").is_err());
    }

    proptest! {
        /// Ranks are a permutation with ties: rank r is held by k units exactly when the
        /// next rank used is r + k, higher scores never rank worse, and missing is unranked.
        #[test]
        fn ranks_are_a_permutation_with_ties(
            scores in prop::collection::vec(prop::option::of(-5i32..5), 0..40)
        ) {
            let scores: Vec<Option<f64>> = scores.into_iter().map(|s| s.map(f64::from)).collect();
            let ranks = rank_descending(&scores);
            let present = scores.iter().flatten().count();
            let mut used: Vec<usize> = ranks.iter().flatten().copied().collect();
            prop_assert_eq!(used.len(), present);
            used.sort_unstable();
            let mut i = 0;
            while i < used.len() {
                let r = used[i];
                prop_assert_eq!(r, i + 1);
                let k = used[i..].iter().take_while(|&&u| u == r).count();
                i += k;
            }
            for (a, ra) in scores.iter().zip(&ranks) {
                prop_assert_eq!(a.is_none(), ra.is_none());
                for (b, rb) in scores.iter().zip(&ranks) {
                    if let (Some(a), Some(b), Some(ra), Some(rb)) = (a, b, ra, rb) {
                        if a > b { prop_assert!(ra < rb); }
                        if a == b { prop_assert_eq!(ra, rb); }
                    }
                }
            }
        }
    }
}
