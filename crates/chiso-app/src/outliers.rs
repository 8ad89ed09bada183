//! The outlier test of reported values, as every page and import applies it: a value is
//! compared first with its unit's last [`HISTORY`] periods, then — for indicators whose
//! values are comparable across units — with the same period's values of its peers (units
//! of the same kind under the same parent). The threshold is the indicator's own
//! (`outlier_threshold` on the attribute sheet) or the default 3.5.
//!
//! Comparable across units means the indicator is not summed over the tree: rates, shares,
//! averages and scores can be set side by side, while counts and amounts (summed) grow with
//! the size of the unit, so a large ward is not "unusual" for having more dossiers than a
//! small commune.

use crate::{App, AppResult};
use chiso_core::indicator::{Indicator, IndicatorId, TreeAggregation, ValueType};
use chiso_core::org::{OrgId, OrgTree};
use chiso_core::period::Period;
use chiso_core::quality::{Basis, Outlier, robust_outlier_among};
use chiso_core::value::DataValue;
use std::collections::{BTreeSet, HashMap};

/// Past periods the outlier test compares a value with.
pub const HISTORY: i32 = 12;

/// Smallest departure from the median worth flagging, as a share of the median: a very
/// steady series (a rate that is always 99.9 %) gives huge z-scores to small moves that
/// no one needs to check.
pub const MIN_RELATIVE_DEVIATION: f64 = 0.05;

/// The test of `value` against `compared` (past values, or peers' values) with the
/// indicator's threshold; yes/no indicators are not tested, and moves under
/// [`MIN_RELATIVE_DEVIATION`] of the median are ignored.
fn test(indicator: &Indicator, basis: Basis, value: f64, compared: &[f64]) -> Option<Outlier> {
    if indicator.sheet.value_type == ValueType::Boolean {
        return None;
    }
    robust_outlier_among(basis, compared, value, indicator.sheet.outlier_threshold())
        .filter(|o| (value - o.median).abs() >= MIN_RELATIVE_DEVIATION * o.median.abs())
}

/// Whether an indicator's values can be compared across units (it is not summed over the
/// tree).
pub fn comparable_across_units(indicator: &Indicator) -> bool {
    indicator.sheet.aggregation_tree != TreeAggregation::Sum
}

/// The peers of a unit: the other units of the same kind under the same parent.
pub fn peers_of(tree: &OrgTree, unit: OrgId) -> Vec<OrgId> {
    let Some(u) = tree.get(unit) else {
        return Vec::new();
    };
    let Some(parent) = u.parent_id else {
        return Vec::new();
    };
    tree.children(parent)
        .into_iter()
        .filter(|p| p.id != unit && p.kind == u.kind)
        .map(|p| p.id)
        .collect()
}

/// The stored values around some (indicator, unit, period) keys that the outlier test
/// needs: each unit's last periods and its peers' values of the same period. Values not yet
/// stored (a batch being saved, a file being imported) can be laid over them.
pub struct Neighbourhood {
    tree: std::sync::Arc<OrgTree>,
    values: HashMap<(IndicatorId, OrgId, Period), f64>,
}

impl Neighbourhood {
    /// A neighbourhood made of `values` (already read).
    pub fn of_values(tree: std::sync::Arc<OrgTree>, values: &[DataValue]) -> Neighbourhood {
        let mut n = Neighbourhood {
            tree,
            values: HashMap::new(),
        };
        for v in values {
            n.set(v.indicator_id, v.org_unit_id, v.period, v.value);
        }
        n
    }

    /// The value read (or laid over) for a key.
    pub fn get(&self, indicator: IndicatorId, unit: OrgId, period: Period) -> Option<f64> {
        self.values.get(&(indicator, unit, period)).copied()
    }

    /// Lays a value over what is stored.
    pub fn set(&mut self, indicator: IndicatorId, unit: OrgId, period: Period, value: f64) {
        self.values.insert((indicator, unit, period), value);
    }

    /// Whether `value` of `indicator` for `unit` and `period` stands out: from the unit's
    /// last periods first, else (for indicators comparable across units) from its peers.
    pub fn test(
        &self,
        indicator: &Indicator,
        unit: OrgId,
        period: Period,
        value: f64,
    ) -> Option<Outlier> {
        let history: Vec<f64> = (1..=HISTORY)
            .filter_map(|k| period.checked_offset(-k))
            .filter_map(|p| self.values.get(&(indicator.id, unit, p)).copied())
            .collect();
        test(indicator, Basis::History, value, &history).or_else(|| {
            if !comparable_across_units(indicator) {
                return None;
            }
            let peers: Vec<f64> = peers_of(&self.tree, unit)
                .into_iter()
                .filter_map(|p| self.values.get(&(indicator.id, p, period)).copied())
                .collect();
            test(indicator, Basis::Peers, value, &peers)
        })
    }
}

impl App {
    /// Reads the neighbourhood of `keys` (indicator, unit, period) for the outlier test: two
    /// queries, one for the units' last periods and one for their peers' values.
    ///
    /// # Errors
    /// The database fails.
    pub async fn neighbourhood(
        &self,
        indicators: &HashMap<IndicatorId, Indicator>,
        keys: &[(IndicatorId, OrgId, Period)],
    ) -> AppResult<Neighbourhood> {
        let tree = self.tree();
        let mut ids = BTreeSet::new();
        let mut comparable = BTreeSet::new();
        let mut units = BTreeSet::new();
        let mut peers = BTreeSet::new();
        let mut periods = BTreeSet::new();
        let mut past = BTreeSet::new();
        for (i, o, p) in keys {
            ids.insert(*i);
            units.insert(*o);
            periods.insert(*p);
            past.extend((1..=HISTORY).filter_map(|k| p.checked_offset(-k)));
            if indicators.get(i).is_some_and(comparable_across_units) {
                comparable.insert(*i);
                peers.extend(peers_of(&tree, *o));
            }
        }
        let mut found = Vec::new();
        for (ids, units, periods) in [(&ids, &units, &past), (&comparable, &peers, &periods)] {
            if ids.is_empty() || units.is_empty() || periods.is_empty() {
                continue;
            }
            let ids: Vec<IndicatorId> = ids.iter().copied().collect();
            let periods: Vec<Period> = periods.iter().copied().collect();
            let units: Vec<OrgId> = units.iter().copied().collect();
            found.extend(self.store.values_among(&ids, &units, &periods).await?);
        }
        Ok(Neighbourhood::of_values(tree, &found))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chiso_core::code::Code;
    use chiso_core::org::{OrgKind, OrgUnit};

    fn unit(id: OrgId, parent: Option<OrgId>, kind: OrgKind) -> OrgUnit {
        OrgUnit {
            id,
            code: Code::parse(&format!("U{id}")).unwrap(),
            name_vi: format!("Đơn vị {id}"),
            name_en: format!("Unit {id}"),
            parent_id: parent,
            level: if parent.is_some() { 2 } else { 1 },
            kind,
            valid_from: None,
            valid_to: None,
            geometry: None,
        }
    }

    fn indicator(tree: TreeAggregation, threshold: Option<f64>) -> Indicator {
        let mut sheet: chiso_core::indicator::IndicatorSheet =
            serde_json::from_value(serde_json::json!({
                "name_vi": "Tỷ lệ", "name_en": "Rate", "short_name": "", "group": "outcome",
                "field": "society", "purpose": "", "definition": "", "formula": null,
                "unit": "%", "decimals": 1, "value_type": "percent",
                "polarity": "higher_is_better", "aggregation_tree": "average",
                "aggregation_time": "average", "frequency": "month", "reporting_calendar": "",
                "source": "x", "owner_id": 1, "providing_units": "", "accountable_person": "",
                "legal_basis": "", "national_code": null, "disaggregations": "",
                "effective_from": null, "effective_to": null, "status": "operating",
                "resolution_links": ""
            }))
            .unwrap();
        sheet.aggregation_tree = tree;
        sheet.outlier_threshold = threshold;
        Indicator {
            id: 7,
            code: Code::parse("RATE").unwrap(),
            version: 1,
            sheet,
        }
    }

    /// A province (1) with an agency (2) and six communes (3–8).
    fn tree() -> std::sync::Arc<OrgTree> {
        let mut units = vec![
            unit(1, None, OrgKind::Agency),
            unit(2, Some(1), OrgKind::Agency),
        ];
        units.extend((3..=8).map(|i| unit(i, Some(1), OrgKind::Locality)));
        std::sync::Arc::new(OrgTree::new(units).unwrap())
    }

    #[test]
    fn peers_are_the_same_kind_under_the_same_parent() {
        let t = tree();
        assert_eq!(peers_of(&t, 3), vec![4, 5, 6, 7, 8]);
        assert!(
            peers_of(&t, 2).is_empty(),
            "the only agency under the province"
        );
        assert!(peers_of(&t, 1).is_empty(), "the root");
    }

    #[test]
    fn a_value_far_from_its_peers_is_flagged_with_the_sheets_threshold() {
        let p = Period::parse("2025-06").unwrap();
        let mut n = Neighbourhood::of_values(tree(), &[]);
        for (u, v) in [(4, 88.0), (5, 89.5), (6, 90.5), (7, 91.5), (8, 93.0)] {
            n.set(7, u, p, v);
        }
        let rate = indicator(TreeAggregation::Average, None);
        // No history: compared with the five peers (median 90.5, MAD 1.0).
        let o = n.test(&rate, 3, p, 60.0).unwrap();
        assert_eq!((o.basis, o.compared, o.median), (Basis::Peers, 5, 90.5));
        assert!((o.score - 0.6745 * (60.0 - 90.5)).abs() < 1e-9, "{o:?}");
        assert_eq!(n.test(&rate, 3, p, 91.0), None);
        // 85.5 scores 0.6745 × 5 ≈ 3.37: fine at 3.5, flagged at the sheet's 2.5.
        assert_eq!(n.test(&rate, 3, p, 85.5), None);
        let strict = indicator(TreeAggregation::Average, Some(2.5));
        assert!(n.test(&strict, 3, p, 85.5).is_some());
        // A summed count is not compared across units of different sizes.
        let count = indicator(TreeAggregation::Sum, None);
        assert_eq!(n.test(&count, 3, p, 60.0), None);
    }

    #[test]
    fn history_is_tested_before_peers() {
        let p = Period::parse("2025-06").unwrap();
        let mut n = Neighbourhood::of_values(tree(), &[]);
        for k in 1..=6 {
            n.set(7, 3, p.offset(-k), 50.0 + k as f64);
        }
        for u in 4..=8 {
            n.set(7, u, p, 90.0 + u as f64);
        }
        let rate = indicator(TreeAggregation::Average, None);
        // 53.5 is usual for the commune, so its history says nothing; its peers flag it.
        let o = n.test(&rate, 3, p, 53.5).unwrap();
        assert_eq!(o.basis, Basis::Peers);
        let o = n.test(&rate, 3, p, 200.0).unwrap();
        assert_eq!((o.basis, o.compared), (Basis::History, 6));
    }
}
