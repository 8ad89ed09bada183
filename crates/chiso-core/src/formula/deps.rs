//! What a formula depends on, and circles among computed indicators.

use std::collections::{BTreeMap, BTreeSet};

use crate::code::Code;

use super::ast::{Expr, ExprKind};

/// The indicator codes a formula refers to.
pub fn indicators(expr: &Expr) -> BTreeSet<Code> {
    let mut out = BTreeSet::new();
    collect(expr, &mut out);
    out
}

fn collect(expr: &Expr, out: &mut BTreeSet<Code>) {
    match &expr.kind {
        ExprKind::Indicator(c) => {
            out.insert(c.clone());
        }
        ExprKind::Number(_) | ExprKind::Constant(_) => {}
        ExprKind::Unary { operand, .. } => collect(operand, out),
        ExprKind::Binary { lhs, rhs, .. } => {
            collect(lhs, out);
            collect(rhs, out);
        }
        ExprKind::Call { args, .. } => args.iter().for_each(|a| collect(a, out)),
    }
}

/// A circle of references among computed indicators, if there is one: the codes along it,
/// starting and ending with the same code (`A → B → A`). `graph` maps each computed
/// indicator to the indicators its formula refers to; codes absent from it are collected
/// data and end a path.
pub fn find_cycle(graph: &BTreeMap<Code, BTreeSet<Code>>) -> Option<Vec<Code>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Active,
        Done,
    }
    let mut marks: BTreeMap<&Code, Mark> = BTreeMap::new();
    for start in graph.keys() {
        if marks.contains_key(start) {
            continue;
        }
        // Depth-first search with an explicit stack (no recursion limit on long chains).
        let mut path: Vec<&Code> = vec![start];
        let mut pending: Vec<Vec<&Code>> = vec![children(graph, start)];
        marks.insert(start, Mark::Active);
        while let Some(next) = pending.last_mut() {
            match next.pop() {
                Some(child) => match marks.get(child) {
                    Some(Mark::Active) => {
                        let from = path.iter().position(|c| *c == child).unwrap_or(0);
                        let mut cycle: Vec<Code> =
                            path[from..].iter().map(|c| (*c).clone()).collect();
                        cycle.push(child.clone());
                        return Some(cycle);
                    }
                    Some(Mark::Done) => {}
                    None => {
                        marks.insert(child, Mark::Active);
                        path.push(child);
                        pending.push(children(graph, child));
                    }
                },
                None => {
                    pending.pop();
                    if let Some(done) = path.pop() {
                        marks.insert(done, Mark::Done);
                    }
                }
            }
        }
    }
    None
}

fn children<'a>(graph: &'a BTreeMap<Code, BTreeSet<Code>>, c: &Code) -> Vec<&'a Code> {
    graph
        .get(c)
        .map(|s| s.iter().rev().collect())
        .unwrap_or_default()
}
