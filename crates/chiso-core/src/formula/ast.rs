//! The parsed form of a formula, and its printing back to text.
//!
//! Printing writes the fewest parentheses that keep the tree's shape, so that parsing the
//! printed text gives the same tree back (spans aside).

use crate::code::Code;
use std::fmt;

use super::error::Span;

/// A formula or a part of it, with the stretch of text it came from.
#[derive(Debug, Clone)]
pub struct Expr {
    /// What the part is.
    pub kind: ExprKind,
    /// Where it was written (default for trees built in code).
    pub span: Span,
}

/// Two expressions are equal when their trees are; where they were written does not count.
impl PartialEq for Expr {
    fn eq(&self, other: &Expr) -> bool {
        self.kind == other.kind
    }
}

impl Expr {
    /// An expression built in code (no source position).
    pub fn new(kind: ExprKind) -> Expr {
        Expr {
            kind,
            span: Span::default(),
        }
    }
}

/// The kinds of expression.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A number written in the formula (never negative: `-2` is a negation of `2`).
    Number(f64),
    /// `#{CODE}`: the value of an indicator, aggregated for the org unit and period the
    /// formula is evaluated for.
    Indicator(Code),
    /// `C{NAME}`: a named constant.
    Constant(Code),
    /// A prefix operator.
    Unary {
        /// Which.
        op: UnaryOp,
        /// Its operand.
        operand: Box<Expr>,
    },
    /// An infix operator.
    Binary {
        /// Which.
        op: BinaryOp,
        /// Left operand.
        lhs: Box<Expr>,
        /// Right operand.
        rhs: Box<Expr>,
    },
    /// A function call.
    Call {
        /// Which function.
        function: Function,
        /// Its arguments.
        args: Vec<Expr>,
    },
}

/// Prefix operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `-x`
    Neg,
    /// `not x`
    Not,
}

/// Infix operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `^`
    Pow,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `and`
    And,
    /// `or`
    Or,
}

impl BinaryOp {
    /// How it is written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Pow => "^",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::And => "and",
            BinaryOp::Or => "or",
        }
    }

    /// Whether it compares two numbers.
    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge
        )
    }

    /// Whether it joins two conditions.
    pub fn is_logical(self) -> bool {
        matches!(self, BinaryOp::And | BinaryOp::Or)
    }

    /// Binding strength: higher binds tighter.
    pub(crate) fn precedence(self) -> u8 {
        match self {
            BinaryOp::Or => prec::OR,
            BinaryOp::And => prec::AND,
            BinaryOp::Add | BinaryOp::Sub => prec::SUM,
            BinaryOp::Mul | BinaryOp::Div => prec::PRODUCT,
            BinaryOp::Pow => prec::POWER,
            _ => prec::COMPARISON,
        }
    }
}

/// Binding strengths, loosest first.
pub(crate) mod prec {
    pub const OR: u8 = 1;
    pub const AND: u8 = 2;
    pub const NOT: u8 = 3;
    pub const COMPARISON: u8 = 4;
    pub const SUM: u8 = 5;
    pub const PRODUCT: u8 = 6;
    pub const NEGATION: u8 = 7;
    pub const POWER: u8 = 8;
    pub const ATOM: u8 = 9;
}

/// The functions of the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Function {
    /// `if(condition, then, otherwise)`
    If,
    /// `min(a, b, ...)`: the least of the values present.
    Min,
    /// `max(a, b, ...)`: the greatest of the values present.
    Max,
    /// `abs(x)`
    Abs,
    /// `round(x)` or `round(x, digits)`: half away from zero.
    Round,
    /// `coalesce(a, b, ...)`: the first value present (DHIS2's `firstNonNull`).
    Coalesce,
    /// `is_null(x)`: whether `x` has no value (DHIS2's `isNull`).
    IsNull,
    /// `prev(x)` or `prev(x, n)`: `x` for the period `n` (default 1) periods earlier.
    Prev,
    /// `last_year(x)`: `x` for the same period of the previous year.
    LastYear,
    /// `ytd(x)`: `x` with every indicator aggregated over time from the start of the year
    /// to the period.
    Ytd,
    /// `period_in_year()`: the period's number in its year (March → 3, Q3 → 3; DHIS2's
    /// `[periodInYear]`).
    PeriodInYear,
}

impl Function {
    /// Every function.
    pub const ALL: &'static [Function] = &[
        Function::If,
        Function::Min,
        Function::Max,
        Function::Abs,
        Function::Round,
        Function::Coalesce,
        Function::IsNull,
        Function::Prev,
        Function::LastYear,
        Function::Ytd,
        Function::PeriodInYear,
    ];

    /// The name it is written with.
    pub fn name(self) -> &'static str {
        match self {
            Function::If => "if",
            Function::Min => "min",
            Function::Max => "max",
            Function::Abs => "abs",
            Function::Round => "round",
            Function::Coalesce => "coalesce",
            Function::IsNull => "is_null",
            Function::Prev => "prev",
            Function::LastYear => "last_year",
            Function::Ytd => "ytd",
            Function::PeriodInYear => "period_in_year",
        }
    }

    /// The function a name stands for; case is ignored and DHIS2's names are accepted
    /// (`isNull`, `firstNonNull`).
    pub fn from_name(name: &str) -> Option<Function> {
        let lower = name.to_ascii_lowercase();
        match lower.as_str() {
            "isnull" => return Some(Function::IsNull),
            "firstnonnull" => return Some(Function::Coalesce),
            "periodinyear" => return Some(Function::PeriodInYear),
            _ => {}
        }
        Function::ALL.iter().copied().find(|f| f.name() == lower)
    }

    /// The least and greatest number of arguments (`None`: any number).
    pub fn arity(self) -> (usize, Option<usize>) {
        match self {
            Function::If => (3, Some(3)),
            Function::Min | Function::Max | Function::Coalesce => (1, None),
            Function::Round | Function::Prev => (1, Some(2)),
            Function::Abs | Function::IsNull | Function::LastYear | Function::Ytd => (1, Some(1)),
            Function::PeriodInYear => (0, Some(0)),
        }
    }

    /// Whether the function takes `n` arguments.
    pub fn accepts(self, n: usize) -> bool {
        let (lo, hi) = self.arity();
        n >= lo && hi.is_none_or(|h| n <= h)
    }

    /// The arity in words, for messages ("1 or 2 arguments").
    pub fn arity_text(self) -> String {
        match self.arity() {
            (0, Some(0)) => "no argument".into(),
            (1, Some(1)) => "1 argument".into(),
            (lo, Some(hi)) if lo == hi => format!("{lo} arguments"),
            (lo, Some(hi)) => format!("{lo} or {hi} arguments"),
            (lo, None) => format!("at least {lo} argument{}", if lo == 1 { "" } else { "s" }),
        }
    }
}

impl fmt::Display for Function {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Expr {
    /// The binding strength of this expression's outermost operator.
    fn precedence(&self) -> u8 {
        match &self.kind {
            ExprKind::Unary {
                op: UnaryOp::Neg, ..
            } => prec::NEGATION,
            ExprKind::Unary {
                op: UnaryOp::Not, ..
            } => prec::NOT,
            ExprKind::Binary { op, .. } => op.precedence(),
            ExprKind::Number(_)
            | ExprKind::Indicator(_)
            | ExprKind::Constant(_)
            | ExprKind::Call { .. } => prec::ATOM,
        }
    }

    /// Writes `self`, in parentheses when its binding is looser than `min`.
    fn write_at(&self, f: &mut fmt::Formatter<'_>, min: u8) -> fmt::Result {
        if self.precedence() < min {
            write!(f, "({self})")
        } else {
            write!(f, "{self}")
        }
    }
}

/// Prints the formula in its canonical form: single spaces around infix operators, the
/// fewest parentheses that keep the tree's shape.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Number(n) => write!(f, "{n}"),
            ExprKind::Indicator(c) => write!(f, "#{{{c}}}"),
            ExprKind::Constant(c) => write!(f, "C{{{c}}}"),
            ExprKind::Unary {
                op: UnaryOp::Neg,
                operand,
            } => {
                f.write_str("-")?;
                operand.write_at(f, prec::NEGATION)
            }
            ExprKind::Unary {
                op: UnaryOp::Not,
                operand,
            } => {
                f.write_str("not ")?;
                operand.write_at(f, prec::NOT)
            }
            ExprKind::Binary { op, lhs, rhs } => {
                let p = op.precedence();
                // Left-associative operators take an equal left operand bare; `^` is
                // right-associative and comparisons do not chain.
                let (left_min, right_min) = match op {
                    BinaryOp::Pow => (prec::ATOM, prec::NEGATION),
                    _ if op.is_comparison() => (p + 1, p + 1),
                    _ => (p, p + 1),
                };
                lhs.write_at(f, left_min)?;
                write!(f, " {} ", op.symbol())?;
                rhs.write_at(f, right_min)
            }
            ExprKind::Call { function, args } => {
                write!(f, "{function}(")?;
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{a}")?;
                }
                f.write_str(")")
            }
        }
    }
}
