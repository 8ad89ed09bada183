//! The analytics cube: values held in memory column by column, so that a roll-up over any
//! subtree is two binary searches and a scan of the values inside it.
//!
//! Units are numbered in depth-first order ([`TreeOrder`]), so the units of a subtree are a
//! contiguous range of numbers. Each (indicator, period) keeps its values as two columns,
//! sorted by that number: 4 bytes of position and 8 of value per value. A province's
//! total is the sum over its range; a country's ranking of provinces is one pass over the
//! period's values. Changing a value (an approval) touches one period of one indicator.
//!
//! The cube answers sums, counts, minima and maxima over the tree; the full set of
//! aggregation methods (average of reporting units after time aggregation, weighted means)
//! is [`crate::rollup`]'s.

use crate::indicator::IndicatorId;
use crate::org::{OrgId, OrgTree};
use crate::period::Period;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

/// The depth-first numbering of an organisation tree: each unit's number, and the end of
/// its subtree's range.
#[derive(Debug, Clone, Default)]
pub struct TreeOrder {
    position: HashMap<OrgId, u32>,
    /// By position: the unit, and one past the last position of its subtree.
    units: Vec<(OrgId, u32)>,
}

impl TreeOrder {
    /// Numbers the units of `tree` depth first, roots in tree order.
    pub fn new(tree: &OrgTree) -> TreeOrder {
        let mut order = TreeOrder::default();
        let mut stack: Vec<(OrgId, bool)> = tree.roots().map(|r| (r.id, false)).collect();
        stack.reverse();
        while let Some((id, done)) = stack.pop() {
            if done {
                let end = order.units.len() as u32;
                if let Some(slot) = order
                    .position
                    .get(&id)
                    .and_then(|p| order.units.get_mut(*p as usize))
                {
                    slot.1 = end;
                }
                continue;
            }
            order.position.insert(id, order.units.len() as u32);
            order.units.push((id, 0));
            stack.push((id, true));
            let children = tree.children(id);
            stack.extend(children.iter().rev().map(|c| (c.id, false)));
        }
        order
    }

    /// The number of a unit.
    pub fn position(&self, unit: OrgId) -> Option<u32> {
        self.position.get(&unit).copied()
    }

    /// The numbers of a unit's subtree (itself included).
    pub fn range(&self, unit: OrgId) -> Option<Range<u32>> {
        let p = self.position(unit)?;
        let (_, end) = self.units.get(p as usize)?;
        Some(p..*end)
    }

    /// The unit numbered `position`.
    pub fn unit_at(&self, position: u32) -> Option<OrgId> {
        self.units.get(position as usize).map(|u| u.0)
    }
}

/// Sum, count, minimum and maximum of some values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Totals {
    /// The sum.
    pub sum: f64,
    /// How many values.
    pub count: usize,
    /// The smallest (infinite when there are none).
    pub min: f64,
    /// The largest (minus infinite when there are none).
    pub max: f64,
}

impl Default for Totals {
    fn default() -> Totals {
        Totals {
            sum: 0.0,
            count: 0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }
}

impl Totals {
    fn add(&mut self, v: f64) {
        self.sum += v;
        self.count += 1;
        self.min = self.min.min(v);
        self.max = self.max.max(v);
    }

    /// Adds another set of totals.
    pub fn merge(&mut self, o: &Totals) {
        self.sum += o.sum;
        self.count += o.count;
        self.min = self.min.min(o.min);
        self.max = self.max.max(o.max);
    }

    /// The mean, if there are values.
    pub fn mean(&self) -> Option<f64> {
        (self.count > 0).then(|| self.sum / self.count as f64)
    }
}

/// One indicator's values for one period, sorted by unit number.
#[derive(Debug, Clone, Default)]
struct Column {
    positions: Vec<u32>,
    values: Vec<f64>,
}

impl Column {
    /// A column of (unit number, value) rows in any order; of a number given twice the
    /// last is kept.
    fn from_rows(mut rows: Vec<(u32, f64)>) -> Column {
        // A stable sort keeps the order given among equal numbers: keep the last.
        rows.sort_by_key(|r| r.0);
        rows.reverse();
        rows.dedup_by_key(|r| r.0);
        rows.reverse();
        Column {
            positions: rows.iter().map(|r| r.0).collect(),
            values: rows.iter().map(|r| r.1).collect(),
        }
    }

    fn span(&self, r: &Range<u32>) -> Range<usize> {
        let lo = self.positions.partition_point(|p| *p < r.start);
        let hi = self.positions.partition_point(|p| *p < r.end);
        lo..hi
    }
}

/// Every value of every indicator, by indicator, period and unit number.
#[derive(Debug, Clone, Default)]
pub struct Cube {
    order: TreeOrder,
    columns: HashMap<IndicatorId, BTreeMap<Period, Column>>,
}

impl Cube {
    /// An empty cube over `tree`.
    pub fn new(tree: &OrgTree) -> Cube {
        Cube {
            order: TreeOrder::new(tree),
            columns: HashMap::new(),
        }
    }

    /// A cube of `values` (indicator, unit, period, value), in any order; values of units not
    /// in the tree are left out, and of a key given twice the last is kept.
    pub fn from_values(
        tree: &OrgTree,
        values: impl IntoIterator<Item = (IndicatorId, OrgId, Period, f64)>,
    ) -> Cube {
        let mut cube = Cube::new(tree);
        let mut raw: HashMap<(IndicatorId, Period), Vec<(u32, f64)>> = HashMap::new();
        for (i, u, p, v) in values {
            if let Some(pos) = cube.order.position(u) {
                raw.entry((i, p)).or_default().push((pos, v));
            }
        }
        for ((i, p), rows) in raw {
            cube.columns
                .entry(i)
                .or_default()
                .insert(p, Column::from_rows(rows));
        }
        cube
    }

    /// Replaces every value of one indicator by `values` (unit, period, value), in any
    /// order, with the same rules as [`Cube::from_values`]: a cube can thus be filled one
    /// indicator at a time.
    pub fn replace_indicator(
        &mut self,
        indicator: IndicatorId,
        values: impl IntoIterator<Item = (OrgId, Period, f64)>,
    ) {
        let mut raw: BTreeMap<Period, Vec<(u32, f64)>> = BTreeMap::new();
        for (u, p, v) in values {
            if let Some(pos) = self.order.position(u) {
                raw.entry(p).or_default().push((pos, v));
            }
        }
        if raw.is_empty() {
            self.columns.remove(&indicator);
            return;
        }
        let columns = raw
            .into_iter()
            .map(|(p, rows)| (p, Column::from_rows(rows)))
            .collect();
        self.columns.insert(indicator, columns);
    }

    /// Sets one value (an approval, a correction). `false` if the unit is not in the tree.
    pub fn set(&mut self, indicator: IndicatorId, unit: OrgId, period: Period, value: f64) -> bool {
        let Some(pos) = self.order.position(unit) else {
            return false;
        };
        let c = self
            .columns
            .entry(indicator)
            .or_default()
            .entry(period)
            .or_default();
        match c.positions.binary_search(&pos) {
            Ok(k) => c.values[k] = value,
            Err(k) => {
                c.positions.insert(k, pos);
                c.values.insert(k, value);
            }
        }
        true
    }

    /// Removes one value; whether there was one.
    pub fn remove(&mut self, indicator: IndicatorId, unit: OrgId, period: Period) -> bool {
        let Some(pos) = self.order.position(unit) else {
            return false;
        };
        let Some(c) = self
            .columns
            .get_mut(&indicator)
            .and_then(|p| p.get_mut(&period))
        else {
            return false;
        };
        match c.positions.binary_search(&pos) {
            Ok(k) => {
                c.positions.remove(k);
                c.values.remove(k);
                true
            }
            Err(_) => false,
        }
    }

    /// The totals of an indicator's values for `period` over `unit`'s subtree.
    pub fn totals(&self, indicator: IndicatorId, unit: OrgId, period: Period) -> Totals {
        let mut t = Totals::default();
        let (Some(c), Some(r)) = (
            self.columns.get(&indicator).and_then(|p| p.get(&period)),
            self.order.range(unit),
        ) else {
            return t;
        };
        for v in &c.values[c.span(&r)] {
            t.add(*v);
        }
        t
    }

    /// The totals over `unit`'s subtree and every period of the indicator that lies within
    /// `span` (a year holds its months).
    pub fn totals_within(&self, indicator: IndicatorId, unit: OrgId, span: Period) -> Totals {
        let mut t = Totals::default();
        let Some(periods) = self.columns.get(&indicator) else {
            return t;
        };
        let Some(r) = self.order.range(unit) else {
            return t;
        };
        let first = Period::containing(crate::period::PeriodType::Day, span.start());
        for (p, c) in periods.range(first..) {
            if p.start() > span.end() {
                break;
            }
            if span.contains(p) {
                for v in &c.values[c.span(&r)] {
                    t.add(*v);
                }
            }
        }
        t
    }

    /// Each value of an indicator for `period` within `unit`'s subtree: (unit, value), in
    /// tree order.
    pub fn values_within(
        &self,
        indicator: IndicatorId,
        unit: OrgId,
        period: Period,
    ) -> Vec<(OrgId, f64)> {
        let (Some(c), Some(r)) = (
            self.columns.get(&indicator).and_then(|p| p.get(&period)),
            self.order.range(unit),
        ) else {
            return Vec::new();
        };
        let span = c.span(&r);
        c.positions[span.clone()]
            .iter()
            .zip(&c.values[span])
            .filter_map(|(p, v)| Some((self.order.unit_at(*p)?, *v)))
            .collect()
    }

    /// Every value of an indicator within `unit`'s subtree for a period that starts on or
    /// after `from` and ends on or before `to`: (unit, period, value), by period then tree
    /// order. Only the subtree's range of each period is read.
    pub fn observations(
        &self,
        indicator: IndicatorId,
        unit: OrgId,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Vec<(OrgId, Period, f64)> {
        let mut out = Vec::new();
        let (Some(periods), Some(r)) = (self.columns.get(&indicator), self.order.range(unit))
        else {
            return out;
        };
        let first = Period::containing(crate::period::PeriodType::Day, from);
        for (p, c) in periods.range(first..) {
            if p.start() > to {
                break;
            }
            if p.end() > to {
                continue;
            }
            let span = c.span(&r);
            for (pos, v) in c.positions[span.clone()].iter().zip(&c.values[span]) {
                if let Some(u) = self.order.unit_at(*pos) {
                    out.push((u, *p, *v));
                }
            }
        }
        out
    }

    /// The latest period within `span` with a value of the indicator somewhere in `unit`'s
    /// subtree.
    pub fn latest_within(
        &self,
        indicator: IndicatorId,
        unit: OrgId,
        span: Period,
    ) -> Option<Period> {
        let periods = self.columns.get(&indicator)?;
        let r = self.order.range(unit)?;
        let first = Period::containing(crate::period::PeriodType::Day, span.start());
        periods
            .range(first..)
            .take_while(|(p, _)| p.start() <= span.end())
            .filter(|(p, c)| span.contains(p) && !c.span(&r).is_empty())
            .map(|(p, _)| *p)
            .max()
    }

    /// The latest period with a value of the indicator anywhere.
    pub fn latest_period(&self, indicator: IndicatorId) -> Option<Period> {
        self.columns
            .get(&indicator)?
            .iter()
            .rev()
            .find(|(_, c)| !c.values.is_empty())
            .map(|(p, _)| *p)
    }

    /// How many values the cube holds.
    pub fn len(&self) -> usize {
        self.columns
            .values()
            .flat_map(|p| p.values())
            .map(|c| c.values.len())
            .sum()
    }

    /// Whether the cube holds no value.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes the columns take (their allocations), and the maps around them.
    pub fn memory_bytes(&self) -> usize {
        let per_column = std::mem::size_of::<(Period, Column)>() + 16;
        self.columns
            .values()
            .flat_map(|p| p.values())
            .map(|c| c.positions.capacity() * 4 + c.values.capacity() * 8 + per_column)
            .sum::<usize>()
            + self.order.units.capacity() * 12
            + self.order.position.capacity() * 16
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::code::Code;
    use crate::org::{OrgKind, OrgUnit};

    fn unit(id: OrgId, parent: Option<OrgId>) -> OrgUnit {
        OrgUnit {
            id,
            code: Code::parse(&format!("U{id}")).unwrap(),
            name_vi: format!("Đơn vị {id}"),
            name_en: format!("Unit {id}"),
            parent_id: parent,
            level: 1,
            kind: OrgKind::Locality,
            valid_from: None,
            valid_to: None,
            geometry: None,
        }
    }

    /// Country 1 → provinces 2 and 3; 2 → communes 4, 5; 3 → commune 6.
    fn tree() -> OrgTree {
        OrgTree::new(vec![
            unit(1, None),
            unit(2, Some(1)),
            unit(3, Some(1)),
            unit(4, Some(2)),
            unit(5, Some(2)),
            unit(6, Some(3)),
        ])
        .unwrap()
    }

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    #[test]
    fn subtrees_are_ranges() {
        let o = TreeOrder::new(&tree());
        let r = o.range(2).unwrap();
        let mut inside: Vec<_> = r.map(|k| o.unit_at(k).unwrap()).collect();
        inside.sort();
        assert_eq!(inside, vec![2, 4, 5]);
        assert_eq!(o.range(1).unwrap().len(), 6);
        assert_eq!(o.range(6).unwrap().len(), 1);
        assert_eq!(o.range(99), None);
    }

    #[test]
    fn totals_over_subtrees_and_spans_follow_changes() {
        let t = tree();
        let mut c = Cube::from_values(
            &t,
            [
                (7, 4, p("2025-01"), 10.0),
                (7, 5, p("2025-01"), 20.0),
                (7, 6, p("2025-01"), 5.0),
                (7, 4, p("2025-02"), 1.0),
                (7, 4, p("2024-12"), 100.0),
                (7, 4, p("2025-01"), 11.0),
                (7, 99, p("2025-01"), 1e9),
            ],
        );
        assert_eq!(
            c.len(),
            5,
            "the repeated key kept once; the unknown unit left out"
        );
        let a = c.totals(7, 2, p("2025-01"));
        assert_eq!((a.sum, a.count, a.min, a.max), (31.0, 2, 11.0, 20.0));
        assert_eq!(c.totals(7, 1, p("2025-01")).sum, 36.0);
        assert_eq!(c.totals_within(7, 2, p("2025")).sum, 32.0);
        assert_eq!(c.totals_within(7, 1, p("2025Q1")).count, 4);
        assert_eq!(c.totals(8, 1, p("2025-01")).count, 0);
        // An approval shows at once.
        assert!(c.set(7, 6, p("2025-02"), 3.0));
        assert_eq!(c.totals_within(7, 1, p("2025")).sum, 40.0);
        assert!(c.set(7, 5, p("2025-01"), 25.0));
        assert_eq!(c.totals(7, 2, p("2025-01")).sum, 36.0);
        assert!(c.remove(7, 4, p("2025-01")));
        assert!(!c.remove(7, 4, p("2025-01")));
        assert_eq!(
            c.values_within(7, 1, p("2025-01")),
            vec![(5, 25.0), (6, 5.0)]
        );
        assert_eq!(c.latest_period(7), Some(p("2025-02")));
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            c.observations(7, 1, d("2025-01-01"), d("2025-02-28")),
            vec![
                (5, p("2025-01"), 25.0),
                (6, p("2025-01"), 5.0),
                (4, p("2025-02"), 1.0),
                (6, p("2025-02"), 3.0),
            ]
        );
        assert_eq!(
            c.observations(7, 1, d("2025-01-02"), d("2025-12-31")).len(),
            2
        );
        // Only the subtree asked for: province 3 holds commune 6 alone.
        assert_eq!(
            c.observations(7, 3, d("2025-01-01"), d("2025-12-31")),
            vec![(6, p("2025-01"), 5.0), (6, p("2025-02"), 3.0)]
        );
        assert_eq!(c.latest_within(7, 2, p("2025")), Some(p("2025-02")));
        assert_eq!(c.latest_within(7, 3, p("2025Q1")), Some(p("2025-02")));
        assert_eq!(c.latest_within(7, 5, p("2025")), Some(p("2025-01")));
        assert_eq!(c.latest_within(7, 2, p("2024")), Some(p("2024-12")));
        assert_eq!(c.latest_within(7, 3, p("2024")), None);
        assert!(c.memory_bytes() > 0);
        // Filled one indicator at a time, as the live values load.
        let mut by_indicator = Cube::new(&t);
        by_indicator.replace_indicator(8, [(4, p("2025-01"), 1.0)]);
        by_indicator.replace_indicator(7, [(4, p("2025-01"), 2.0), (4, p("2025-01"), 3.0)]);
        by_indicator.replace_indicator(7, [(5, p("2025-01"), 4.0), (6, p("2025-02"), 5.0)]);
        assert_eq!(
            by_indicator.len(),
            3,
            "the second fill of 7 replaced the first"
        );
        assert_eq!(by_indicator.totals(7, 1, p("2025-01")).sum, 4.0);
        by_indicator.replace_indicator(8, []);
        assert_eq!(by_indicator.totals(8, 1, p("2025-01")).count, 0);
    }
}
