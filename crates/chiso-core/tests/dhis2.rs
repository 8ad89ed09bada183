//! DHIS2 conformance: the aggregation results DHIS2's own analytics test asserts on
//! `fixtures/dhis2/dataValues.csv`, reproduced with Chiso's roll-ups and formulas
//! (each reference aggregated for the org unit and period first, then the formula).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chiso_core::code::Code;
use chiso_core::formula::{self, Lookup, Window};
use chiso_core::indicator::{TimeAggregation as Time, TreeAggregation as Tree};
use chiso_core::org::{OrgId, OrgKind, OrgTree, OrgUnit};
use chiso_core::period::Period;
use chiso_core::rollup::{Method, Observation, Query, roll_up};
use std::collections::HashMap;

const A: OrgId = 1;
const B: OrgId = 2;
const D: OrgId = 4;

/// A is the root; B and C are children of A; D and E are children of B.
fn tree() -> OrgTree {
    let unit = |id: OrgId, code: &str, parent: Option<OrgId>| OrgUnit {
        id,
        code: Code::parse(code).unwrap(),
        name_vi: code.into(),
        name_en: code.into(),
        parent_id: parent,
        level: 0,
        kind: OrgKind::Locality,
        valid_from: None,
        valid_to: None,
        geometry: None,
    };
    OrgTree::new(vec![
        unit(1, "ouabcdefghA", None),
        unit(2, "ouabcdefghB", Some(1)),
        unit(3, "ouabcdefghC", Some(1)),
        unit(4, "ouabcdefghD", Some(2)),
        unit(5, "ouabcdefghE", Some(2)),
    ])
    .unwrap()
}

/// Numeric and boolean values by data element (text and date values are not aggregated).
fn data(tree: &OrgTree) -> HashMap<String, Vec<Observation>> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/dhis2/dataValues.csv"
    ))
    .unwrap();
    let mut out: HashMap<String, Vec<Observation>> = HashMap::new();
    for line in text.lines().skip(1) {
        let cells: Vec<String> = line
            .split(',')
            .map(|c| c.trim().trim_matches('"').to_string())
            .collect();
        let [de, period, ou, value] = cells.as_slice() else {
            panic!("{line}");
        };
        let value = match value.as_str() {
            "true" => 1.0,
            "false" => 0.0,
            v => match v.parse::<f64>() {
                Ok(x) => x,
                Err(_) => continue,
            },
        };
        out.entry(de.clone()).or_default().push(Observation {
            unit: tree.by_code(ou).unwrap().id,
            period: Period::parse(period).unwrap(),
            value,
        });
    }
    out
}

/// The aggregation of each data element: A–E sum, F (boolean) max.
fn method(de: &str) -> Method {
    match de {
        "deabcdefghF" => Method {
            tree: Tree::Max,
            time: Time::Max,
        },
        _ => Method {
            tree: Tree::Sum,
            time: Time::Sum,
        },
    }
}

struct Engine {
    tree: OrgTree,
    data: HashMap<String, Vec<Observation>>,
    unit: OrgId,
}

impl Engine {
    fn new() -> Engine {
        let tree = tree();
        let data = data(&tree);
        Engine {
            tree,
            data,
            unit: A,
        }
    }

    fn at(&mut self, unit: OrgId) -> &mut Engine {
        self.unit = unit;
        self
    }

    fn roll(&self, de: &str, m: Method, span: &[Period]) -> Option<f64> {
        let obs = self.data.get(de).map(Vec::as_slice).unwrap_or(&[]);
        let q = Query {
            unit: self.unit,
            span,
            expected: &[],
            weights: None,
        };
        roll_up(&self.tree, obs, m, q).value
    }

    fn formula(&mut self, text: &str, period: &str) -> Option<f64> {
        let e = formula::parse(text).unwrap();
        formula::evaluate(&e, p(period), self)
    }
}

impl Lookup for Engine {
    fn indicator(&mut self, code: &Code, window: &Window) -> Option<f64> {
        self.roll(code.as_str(), method(code.as_str()), &window.periods())
    }
    fn constant(&mut self, _: &Code) -> Option<f64> {
        None
    }
}

fn p(s: &str) -> Period {
    Period::parse(s).unwrap()
}

#[test]
fn sums_over_the_tree_and_time_include_values_stored_at_parents() {
    let mut e = Engine::new();
    let sum = method("deabcdefghA");
    assert_eq!(
        e.at(A).roll("deabcdefghA", sum, &[p("2017Q1")]),
        Some(308.0)
    );
    assert_eq!(e.at(B).roll("deabcdefghC", sum, &[p("2017-03")]), Some(6.0));
    let average = Method {
        tree: Tree::Average,
        time: Time::Sum,
    };
    assert_eq!(
        e.at(A).roll("deabcdefghC", average, &[p("2017-03")]),
        Some(6.75)
    );
}

#[test]
fn indicators_aggregate_each_reference_first() {
    let mut e = Engine::new();
    e.at(A);
    assert_eq!(
        e.formula("#{deabcdefghB} + #{deabcdefghC}", "2017Q1"),
        Some(567.0)
    );
    assert_eq!(
        e.formula("#{deabcdefghB} * #{deabcdefghC} / 100", "2017Q1"),
        Some(258.5)
    );
    assert_eq!(
        e.formula(
            "round(#{deabcdefghA} * #{deabcdefghC} / #{deabcdefghB}, 2)",
            "2017Q1"
        ),
        Some(29.79)
    );
}

#[test]
fn max_and_min_over_time_then_sum_over_units() {
    let mut e = Engine::new();
    let max_sum = Method {
        tree: Tree::Sum,
        time: Time::Max,
    };
    let min_sum = Method {
        tree: Tree::Sum,
        time: Time::Min,
    };
    let q1 = [p("2017Q1")];
    assert_eq!(e.at(B).roll("deabcdefghA", max_sum, &q1), Some(235.0));
    assert_eq!(e.at(B).roll("deabcdefghA", min_sum, &q1), Some(68.0));
    assert_eq!(e.at(D).roll("deabcdefghA", max_sum, &q1), Some(233.0));
    assert_eq!(e.at(D).roll("deabcdefghA", min_sum, &q1), Some(66.0));
}

#[test]
fn period_offsets_and_year_to_date() {
    let mut e = Engine::new();
    e.at(A);
    assert_eq!(
        e.formula("prev(#{deabcdefghE}) + prev(#{deabcdefghE}, 2)", "2017-07"),
        Some(3.0)
    );
    let months = ["2017-05", "2017-06", "2017-07", "2017-08", "2017-09"];
    let ytd: Vec<_> = months
        .iter()
        .map(|m| e.formula("ytd(#{deabcdefghE})", m))
        .collect();
    assert_eq!(ytd, [1.0, 3.0, 7.0, 7.0, 7.0].map(Some));
    let plus: Vec<_> = months
        .iter()
        .map(|m| e.formula("ytd(#{deabcdefghE}) + period_in_year()", m))
        .collect();
    assert_eq!(plus, [6.0, 9.0, 14.0, 15.0, 16.0].map(Some));
}

#[test]
fn booleans_count_as_one_and_zero() {
    let mut e = Engine::new();
    e.at(A);
    let got: Vec<_> = ["2017-01", "2017-02", "2017-03"]
        .iter()
        .map(|m| e.formula("#{deabcdefghF}", m))
        .collect();
    assert_eq!(got, [1.0, 0.0, 1.0].map(Some));
}
