//! Canonical text of a formula: `parse(print(e)) == e`.
//!
//! The canonical form uses lower-case keywords and function names, one space
//! around binary operators except `^`, `", "` between arguments, and only the
//! parentheses the precedence rules require. Numbers are written in the
//! shortest form that reads back to the same `f64` (`0.1`, `1500`, `1e-7`,
//! `1.5e300`).
//!
//! Every tree [`parse`](super::parse) produces prints to text that parses
//! back to an equal tree. Trees built in code print to valid text as long as
//! their number literals are finite; a negative literal prints as `-x` and
//! so reads back as a negation of `x`, with the same value.

use std::fmt;

use super::ast::{BinaryOp, Expr, ExprKind, PREC_ATOM, PREC_NEG, PREC_NOT, Shift, UnaryOp};

/// The canonical text of a formula.
pub fn print(expr: &Expr) -> String {
    expr.to_string()
}

impl fmt::Display for Expr {
    /// Writes the canonical text; see [`print`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_expr(f, self, 0)
    }
}

fn precedence(expr: &Expr) -> u8 {
    match &expr.kind {
        ExprKind::Number(v) if *v < 0.0 => PREC_NEG,
        ExprKind::Number(_)
        | ExprKind::Reference(_)
        | ExprKind::Constant(_)
        | ExprKind::Call { .. } => PREC_ATOM,
        ExprKind::Unary {
            op: UnaryOp::Neg, ..
        } => PREC_NEG,
        ExprKind::Unary {
            op: UnaryOp::Not, ..
        } => PREC_NOT,
        ExprKind::Binary { op, .. } => op.precedence(),
    }
}

/// Writes `expr`, in parentheses if it binds less tightly than `min`.
fn write_expr(f: &mut fmt::Formatter<'_>, expr: &Expr, min: u8) -> fmt::Result {
    if precedence(expr) < min {
        f.write_str("(")?;
        write_bare(f, expr)?;
        f.write_str(")")
    } else {
        write_bare(f, expr)
    }
}

fn write_bare(f: &mut fmt::Formatter<'_>, expr: &Expr) -> fmt::Result {
    match &expr.kind {
        ExprKind::Number(v) => write_number(f, *v),
        ExprKind::Reference(r) => {
            write!(f, "#{{{}}}", r.code)?;
            match r.shift {
                Shift::None => {}
                Shift::Periods(-1) => f.write_str(".previous")?,
                Shift::Periods(n) => write!(f, ".offset({n})")?,
                Shift::LastYear => f.write_str(".last_year")?,
            }
            if r.year_to_date {
                f.write_str(".ytd")?;
            }
            Ok(())
        }
        ExprKind::Constant(name) => write!(f, "C{{{name}}}"),
        ExprKind::Unary { op, operand } => match op {
            UnaryOp::Neg => {
                f.write_str("-")?;
                write_expr(f, operand, PREC_NEG)
            }
            UnaryOp::Not => {
                f.write_str("not ")?;
                write_expr(f, operand, PREC_NOT)
            }
        },
        ExprKind::Binary { op, lhs, rhs } => {
            let p = op.precedence();
            let (left_min, right_min) = match op {
                // Right-associative, and tighter than a unary minus on its
                // left (`-a^b` is `-(a^b)`), but its exponent may be negated.
                BinaryOp::Pow => (PREC_ATOM, PREC_NEG),
                // Comparisons do not chain.
                op if op.is_comparison() => (p + 1, p + 1),
                _ => (p, p + 1),
            };
            write_expr(f, lhs, left_min)?;
            if *op == BinaryOp::Pow {
                f.write_str("^")?;
            } else {
                write!(f, " {} ", op.symbol())?;
            }
            write_expr(f, rhs, right_min)
        }
        ExprKind::Call { function, args } => {
            write!(f, "{}(", function.name())?;
            for (i, arg) in args.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write_expr(f, arg, 0)?;
            }
            f.write_str(")")
        }
    }
}

/// The shortest text that reads back to the same number.
fn write_number(f: &mut fmt::Formatter<'_>, v: f64) -> fmt::Result {
    if v.is_nan() {
        return f.write_str("nan");
    }
    if v == 0.0 {
        return f.write_str("0");
    }
    let sign = if v < 0.0 { "-" } else { "" };
    let a = v.abs();
    if a.is_infinite() {
        write!(f, "{sign}inf")
    } else if (1e-4..1e16).contains(&a) {
        write!(f, "{sign}{a}")
    } else {
        write!(f, "{sign}{a:e}")
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn canon(src: &str) -> String {
        match parse(src) {
            Ok(e) => print(&e),
            Err(e) => panic!("{src}: {e}"),
        }
    }

    #[test]
    fn canonical_text() {
        assert_eq!(canon("1+2*3"), "1 + 2 * 3");
        assert_eq!(canon("(1+2)*3"), "(1 + 2) * 3");
        assert_eq!(canon("1-(2-3)"), "1 - (2 - 3)");
        assert_eq!(canon("(1-2)-3"), "1 - 2 - 3");
        assert_eq!(canon("2^3^2"), "2^3^2");
        assert_eq!(canon("(2^3)^2"), "(2^3)^2");
        assert_eq!(canon("-2^2"), "-2^2");
        assert_eq!(canon("(-2)^2"), "(-2)^2");
        assert_eq!(canon("2^-1"), "2^-1");
        assert_eq!(canon("- - 3"), "--3");
        assert_eq!(canon("2 * -3"), "2 * -3");
        assert_eq!(canon("(1 < 2) == (3 > 4)"), "(1 < 2) == (3 > 4)");
        assert_eq!(canon("-(1 < 2)"), "-(1 < 2)");
        assert_eq!(canon("1 + (not 1 < 2)"), "1 + (not 1 < 2)");
    }

    #[test]
    fn keywords_functions_and_references() {
        assert_eq!(
            canon("IF(#{A} > 0 AND NOT #{B}.Previous <= 1, Max(1;2), ROUND(#{A}.YTD))"),
            "if(#{A} > 0 and not #{B}.previous <= 1, max(1, 2), round(#{A}.ytd))"
        );
        assert_eq!(
            canon("#{A}.periodOffset(-1) + #{A}.offset(-2) + #{A}.yearToDate() + #{A}.last_year.ytd"),
            "#{A}.previous + #{A}.offset(-2) + #{A}.ytd + #{A}.last_year.ytd"
        );
        assert_eq!(canon("#{A}.ytd.last_year"), "#{A}.last_year.ytd");
        assert_eq!(canon("c{POP} * 1e3"), "C{POP} * 1000");
        assert_eq!(
            canon("(#{A} > 0 || #{B} > 0) && !(#{C} > 0)"),
            "(#{A} > 0 or #{B} > 0) and not #{C} > 0"
        );
        assert_eq!(
            canon("not (#{A} > 1 and #{B} < 2)"),
            "not (#{A} > 1 and #{B} < 2)"
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(canon("0.1"), "0.1");
        assert_eq!(canon("1e-7"), "1e-7");
        assert_eq!(canon("1.5e300"), "1.5e300");
        assert_eq!(canon("000"), "0");
        assert_eq!(print(&Expr::number(-2.5)), "-2.5");
        assert_eq!(
            print(&Expr::binary(
                BinaryOp::Pow,
                Expr::number(-2.0),
                Expr::number(2.0)
            )),
            "(-2)^2"
        );
    }
}
