//! Evaluating a formula for one org unit and period.
//!
//! Every indicator reference asks the [`Lookup`] for the indicator's value **aggregated for
//! the org unit and the period window being evaluated**, and the formula is computed once
//! on those aggregates. A ratio `#{A} / #{B}` for a district is therefore the district's
//! total of A over its total of B — never an average of the communes' ratios (DHIS2's
//! indicator semantics).
//!
//! Missing values are `None` and propagate: any arithmetic with a missing operand is
//! missing, as is a division by zero or a result too large to hold. `and`/`or` follow
//! three-valued logic (false and missing is false; true or missing is true). `coalesce`,
//! `is_null`, `min` and `max` are the ways to work with gaps. Evaluation never panics.

use crate::code::Code;
use crate::period::Period;

use super::ast::{BinaryOp, Expr, ExprKind, Function, UnaryOp};

/// The periods an indicator reference covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// The last (or only) period.
    pub end: Period,
    /// Whether the window runs from the first period of `end`'s year (year to date).
    pub year_to_date: bool,
}

impl Window {
    /// A window of the single period `p`.
    pub fn of(p: Period) -> Window {
        Window {
            end: p,
            year_to_date: false,
        }
    }

    /// The periods covered, in order.
    pub fn periods(&self) -> Vec<Period> {
        if self.year_to_date {
            self.end.year_to_date()
        } else {
            vec![self.end]
        }
    }
}

/// Where a formula's values come from: the data for the org unit being evaluated.
pub trait Lookup {
    /// The value of indicator `code` over `window`, aggregated over the org unit's subtree
    /// and over time as the indicator's sheet says; `None` when nothing was reported.
    fn indicator(&mut self, code: &Code, window: &Window) -> Option<f64>;

    /// The value of constant `name`, if defined.
    fn constant(&mut self, name: &Code) -> Option<f64>;
}

/// Evaluates `expr` for the window ending at `period`. Conditions are 1 (true) or 0.
pub fn evaluate(expr: &Expr, period: Period, lookup: &mut impl Lookup) -> Option<f64> {
    eval(expr, Window::of(period), lookup)
}

/// Evaluates `expr` for `window` (a period or a year-to-date span).
pub fn evaluate_window(expr: &Expr, window: Window, lookup: &mut impl Lookup) -> Option<f64> {
    eval(expr, window, lookup)
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

fn truth(b: bool) -> f64 {
    if b { 1.0 } else { 0.0 }
}

fn eval(expr: &Expr, w: Window, l: &mut impl Lookup) -> Option<f64> {
    match &expr.kind {
        ExprKind::Number(n) => finite(*n),
        ExprKind::Indicator(c) => l.indicator(c, &w).and_then(finite),
        ExprKind::Constant(c) => l.constant(c).and_then(finite),
        ExprKind::Unary { op, operand } => {
            let x = eval(operand, w, l)?;
            Some(match op {
                UnaryOp::Neg => -x,
                UnaryOp::Not => truth(x == 0.0),
            })
        }
        ExprKind::Binary { op, lhs, rhs } => binary(*op, lhs, rhs, w, l),
        ExprKind::Call { function, args } => call(*function, args, w, l),
    }
}

fn binary(op: BinaryOp, lhs: &Expr, rhs: &Expr, w: Window, l: &mut impl Lookup) -> Option<f64> {
    let a = eval(lhs, w, l);
    let b = eval(rhs, w, l);
    match op {
        BinaryOp::And => match (a, b) {
            (Some(x), _) | (_, Some(x)) if x == 0.0 => Some(0.0),
            (Some(_), Some(_)) => Some(1.0),
            _ => None,
        },
        BinaryOp::Or => match (a, b) {
            (Some(x), _) | (_, Some(x)) if x != 0.0 => Some(1.0),
            (Some(_), Some(_)) => Some(0.0),
            _ => None,
        },
        _ => {
            let (a, b) = (a?, b?);
            finite(match op {
                BinaryOp::Add => a + b,
                BinaryOp::Sub => a - b,
                BinaryOp::Mul => a * b,
                BinaryOp::Div if b == 0.0 => return None,
                BinaryOp::Div => a / b,
                BinaryOp::Pow => a.powf(b),
                BinaryOp::Eq => truth(a == b),
                BinaryOp::Ne => truth(a != b),
                BinaryOp::Lt => truth(a < b),
                BinaryOp::Le => truth(a <= b),
                BinaryOp::Gt => truth(a > b),
                BinaryOp::Ge => truth(a >= b),
                BinaryOp::And | BinaryOp::Or => return None,
            })
        }
    }
}

/// Half away from zero, to `digits` decimals (negative digits round to tens, hundreds ...).
fn round(x: f64, digits: f64) -> Option<f64> {
    let d = digits.round().clamp(-15.0, 15.0);
    let scale = 10f64.powf(d);
    finite((x * scale).round() / scale)
}

fn call(f: Function, args: &[Expr], w: Window, l: &mut impl Lookup) -> Option<f64> {
    let arg = |i: usize, l: &mut _| args.get(i).and_then(|a| eval(a, w, l));
    match f {
        Function::If => {
            let c = arg(0, l)?;
            if c != 0.0 { arg(1, l) } else { arg(2, l) }
        }
        Function::Min | Function::Max => {
            let present = args.iter().filter_map(|a| eval(a, w, l));
            if f == Function::Min {
                present.reduce(f64::min)
            } else {
                present.reduce(f64::max)
            }
        }
        Function::Abs => arg(0, l).map(f64::abs),
        Function::Round => {
            let x = arg(0, l)?;
            let digits = if args.len() > 1 { arg(1, l)? } else { 0.0 };
            round(x, digits)
        }
        Function::Coalesce => args.iter().find_map(|a| eval(a, w, l)),
        Function::IsNull => Some(truth(arg(0, l).is_none())),
        Function::Prev => {
            let n = if args.len() > 1 { arg(1, l)? } else { 1.0 };
            let n = i32::try_from(n.round().clamp(0.0, 100_000.0) as i64).ok()?;
            let end = w.end.checked_offset(-n)?;
            eval(args.first()?, Window { end, ..w }, l)
        }
        Function::LastYear => {
            let end = w.end.same_period_last_year();
            if end == w.end {
                return None;
            }
            eval(args.first()?, Window { end, ..w }, l)
        }
        Function::PeriodInYear => Some(f64::from(w.end.index())),
        Function::Ytd => eval(
            args.first()?,
            Window {
                year_to_date: true,
                ..w
            },
            l,
        ),
    }
}
