//! The syntax tree of a formula, with source positions for messages.
//!
//! Positions ([`Span`]) are carried for error and warning messages only: two
//! [`Expr`]s are equal when they have the same structure, wherever they were
//! written. That is what makes `parse(print(e)) == e` meaningful.

use std::collections::BTreeSet;
use std::fmt;

use crate::code::Code;

/// Where a piece of a formula sits in its source text.
///
/// `line` and `column` are 1-based and count characters (not bytes), so a
/// column is what a person counts on screen, Vietnamese letters included.
/// A span with `column == 0` is synthetic: the node was built in code, not
/// parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// Byte offset of the first character in the source.
    pub start: usize,
    /// Byte offset just past the last character in the source.
    pub end: usize,
    /// 1-based line of the first character (0 for a synthetic span).
    pub line: u32,
    /// 1-based column, in characters, of the first character (0 for a
    /// synthetic span).
    pub column: u32,
}

impl Span {
    /// The span that starts where `self` starts and ends where `other` ends.
    pub fn to(self, other: Span) -> Span {
        Span {
            end: other.end.max(self.start),
            ..self
        }
    }

    /// Whether this span was made in code rather than read from a source.
    pub fn is_synthetic(&self) -> bool {
        self.column == 0
    }

    /// The position in Vietnamese (`cột 3`, `dòng 2, cột 5`).
    pub fn describe_vi(&self) -> String {
        if self.is_synthetic() {
            "vị trí không xác định".to_owned()
        } else if self.line <= 1 {
            format!("cột {}", self.column)
        } else {
            format!("dòng {}, cột {}", self.line, self.column)
        }
    }
}

impl fmt::Display for Span {
    /// The position in English (`column 3`, `line 2, column 5`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_synthetic() {
            f.write_str("an unknown position")
        } else if self.line <= 1 {
            write!(f, "column {}", self.column)
        } else {
            write!(f, "line {}, column {}", self.line, self.column)
        }
    }
}

/// A node of the syntax tree: what it is, and where it was written.
///
/// Equality compares [`Expr::kind`] only; the spans are ignored.
#[derive(Debug, Clone)]
pub struct Expr {
    /// What the node is.
    pub kind: ExprKind,
    /// The whole text of the node, from its first character to its last.
    pub span: Span,
    /// The node's main token, where messages point: the operator of a unary
    /// or binary operation, the name of a function, the code inside `#{…}`
    /// or `C{…}`, the digits of a number.
    pub token: Span,
}

impl PartialEq for Expr {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind
    }
}

impl Expr {
    /// A node without a source position.
    pub fn new(kind: ExprKind) -> Expr {
        Expr {
            kind,
            span: Span::default(),
            token: Span::default(),
        }
    }

    /// A number literal. The parser only makes non-negative finite literals;
    /// a negative number is [`UnaryOp::Neg`] applied to a literal.
    pub fn number(value: f64) -> Expr {
        Expr::new(ExprKind::Number(value))
    }

    /// A reference to an indicator for the period being evaluated.
    pub fn indicator(code: Code) -> Expr {
        Expr::new(ExprKind::Reference(Reference::new(code)))
    }

    /// A reference to a named constant.
    pub fn constant(name: Code) -> Expr {
        Expr::new(ExprKind::Constant(name))
    }

    /// A unary operation.
    pub fn unary(op: UnaryOp, operand: Expr) -> Expr {
        Expr::new(ExprKind::Unary {
            op,
            operand: Box::new(operand),
        })
    }

    /// A binary operation.
    pub fn binary(op: BinaryOp, lhs: Expr, rhs: Expr) -> Expr {
        Expr::new(ExprKind::Binary {
            op,
            lhs: Box::new(lhs),
            rhs: Box::new(rhs),
        })
    }

    /// A function call.
    pub fn call(function: Function, args: Vec<Expr>) -> Expr {
        Expr::new(ExprKind::Call { function, args })
    }
}

/// The kinds of node.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A number literal such as `1.5` or `1e3`.
    Number(f64),
    /// An indicator reference such as `#{ECO_GRDP}.last_year`.
    Reference(Reference),
    /// A named constant such as `C{POPULATION_BASE}`, valued by the caller.
    Constant(Code),
    /// `-x` or `not x`.
    Unary {
        /// The operator.
        op: UnaryOp,
        /// The operand.
        operand: Box<Expr>,
    },
    /// `a + b`, `a < b`, `a and b`, …
    Binary {
        /// The operator.
        op: BinaryOp,
        /// The left operand.
        lhs: Box<Expr>,
        /// The right operand.
        rhs: Box<Expr>,
    },
    /// `name(arg, …)`.
    Call {
        /// The function called.
        function: Function,
        /// The arguments, in order.
        args: Vec<Expr>,
    },
}

/// A reference to an indicator's value, possibly for another period than the
/// one being evaluated.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reference {
    /// The indicator's code.
    pub code: Code,
    /// Which period, relative to the one being evaluated.
    pub shift: Shift,
    /// Whether the value is accumulated from the start of the (shifted)
    /// period's year up to and including it (`.ytd`).
    pub year_to_date: bool,
}

impl Reference {
    /// A reference to `code` for the period being evaluated.
    pub fn new(code: Code) -> Reference {
        Reference {
            code,
            shift: Shift::None,
            year_to_date: false,
        }
    }
}

/// The period a reference reads, relative to the period being evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Shift {
    /// The period being evaluated.
    #[default]
    None,
    /// `n` periods of the same type later (earlier when negative):
    /// `.previous` is `Periods(-1)`, `.offset(-2)` is `Periods(-2)`.
    Periods(i32),
    /// The same period one year earlier (`.last_year`), see
    /// [`Period::same_period_last_year`](crate::period::Period::same_period_last_year).
    LastYear,
}

/// Prefix operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// Arithmetic negation, `-x`.
    Neg,
    /// Logical negation, `not x`.
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
    /// `^`, right-associative.
    Pow,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `and`
    And,
    /// `or`
    Or,
}

/// Binding strength of `not`, between `and` and the comparisons.
pub(crate) const PREC_NOT: u8 = 3;
/// Binding strength of unary minus, between `*` and `^`.
pub(crate) const PREC_NEG: u8 = 7;
/// Binding strength of an atom (literal, reference, call).
pub(crate) const PREC_ATOM: u8 = 10;

impl BinaryOp {
    /// The canonical spelling.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Pow => "^",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::And => "and",
            BinaryOp::Or => "or",
        }
    }

    /// Binding strength: `or` 1, `and` 2, comparisons 4, `+ -` 5, `* /` 6,
    /// `^` 8 (`not` is 3 and unary minus 7).
    pub fn precedence(self) -> u8 {
        match self {
            BinaryOp::Or => 1,
            BinaryOp::And => 2,
            BinaryOp::Lt
            | BinaryOp::Le
            | BinaryOp::Gt
            | BinaryOp::Ge
            | BinaryOp::Eq
            | BinaryOp::Ne => 4,
            BinaryOp::Add | BinaryOp::Sub => 5,
            BinaryOp::Mul | BinaryOp::Div => 6,
            BinaryOp::Pow => 8,
        }
    }

    /// Whether the operator compares two numbers.
    pub fn is_comparison(self) -> bool {
        self.precedence() == 4
    }

    /// Whether the operator is `and` or `or`.
    pub fn is_logical(self) -> bool {
        matches!(self, BinaryOp::And | BinaryOp::Or)
    }
}

/// The built-in functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Function {
    /// `if(condition, then, else)`: only the branch taken is evaluated.
    If,
    /// `min(x, …)`: the smallest argument; NULL if any is NULL.
    Min,
    /// `max(x, …)`: the largest argument; NULL if any is NULL.
    Max,
    /// `abs(x)`.
    Abs,
    /// `round(x)` or `round(x, digits)`: half away from zero, on the decimal
    /// value as written (`round(2.675, 2) = 2.68`); negative `digits` round
    /// to tens, hundreds, …
    Round,
    /// `coalesce(x, …)`: the first argument that is not NULL.
    Coalesce,
    /// `is_null(x)`: true when `x` is NULL.
    IsNull,
    /// `period_in_year()`: the position of the evaluated period in its year
    /// (month 1–12, quarter 1–4, …), as DHIS2's `[periodInYear]`.
    PeriodInYear,
}

impl Function {
    /// Every function, in the order of the documentation.
    pub const ALL: [Function; 8] = [
        Function::If,
        Function::Min,
        Function::Max,
        Function::Abs,
        Function::Round,
        Function::Coalesce,
        Function::IsNull,
        Function::PeriodInYear,
    ];

    /// The canonical (printed) name.
    pub fn name(self) -> &'static str {
        match self {
            Function::If => "if",
            Function::Min => "min",
            Function::Max => "max",
            Function::Abs => "abs",
            Function::Round => "round",
            Function::Coalesce => "coalesce",
            Function::IsNull => "is_null",
            Function::PeriodInYear => "period_in_year",
        }
    }

    /// Looks a function up by name, ignoring case and underscores, and
    /// accepting the DHIS2 names `isNull`, `firstNonNull`, `greatest`,
    /// `least` and `periodInYear`.
    pub fn from_name(name: &str) -> Option<Function> {
        let key = normalize_name(name);
        let function = match key.as_str() {
            "if" => Function::If,
            "min" | "least" => Function::Min,
            "max" | "greatest" => Function::Max,
            "abs" => Function::Abs,
            "round" => Function::Round,
            "coalesce" | "firstnonnull" => Function::Coalesce,
            "isnull" => Function::IsNull,
            "periodinyear" => Function::PeriodInYear,
            _ => return None,
        };
        Some(function)
    }

    /// The number of arguments accepted: at least `.0`, at most `.1`
    /// (`None` for no upper limit).
    pub fn arity(self) -> (usize, Option<usize>) {
        match self {
            Function::If => (3, Some(3)),
            Function::Min | Function::Max | Function::Coalesce => (1, None),
            Function::Abs | Function::IsNull => (1, Some(1)),
            Function::Round => (1, Some(2)),
            Function::PeriodInYear => (0, Some(0)),
        }
    }

    /// Whether the function accepts `n` arguments.
    pub fn accepts(self, n: usize) -> bool {
        let (min, max) = self.arity();
        n >= min && max.is_none_or(|max| n <= max)
    }

    /// The accepted number of arguments in English ("3 arguments",
    /// "at least 1 argument", "1 or 2 arguments", "no arguments").
    pub fn arity_en(self) -> String {
        match self.arity() {
            (0, Some(0)) => "no arguments".to_owned(),
            (1, Some(1)) => "1 argument".to_owned(),
            (n, Some(m)) if n == m => format!("{n} arguments"),
            (n, Some(m)) => format!("{n} or {m} arguments"),
            (1, None) => "at least 1 argument".to_owned(),
            (n, None) => format!("at least {n} arguments"),
        }
    }

    /// The accepted number of arguments in Vietnamese.
    pub fn arity_vi(self) -> String {
        match self.arity() {
            (0, Some(0)) => "không có đối số nào".to_owned(),
            (n, Some(m)) if n == m => format!("{n} đối số"),
            (n, Some(m)) => format!("{n} hoặc {m} đối số"),
            (n, None) => format!("ít nhất {n} đối số"),
        }
    }
}

impl fmt::Display for Function {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Lower-cases ASCII letters and drops underscores, for case-insensitive
/// keyword, function and modifier names.
pub(crate) fn normalize_name(name: &str) -> String {
    name.chars()
        .filter(|&c| c != '_')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The indicator codes a formula reads, each once, in code order.
///
/// Offsets do not matter here: `#{A}.previous` depends on `A` just as `#{A}`
/// does. This is what dependency tracking and cycle detection use.
pub fn references(expr: &Expr) -> BTreeSet<Code> {
    let mut out = BTreeSet::new();
    visit(expr, &mut |e| {
        if let ExprKind::Reference(r) = &e.kind {
            out.insert(r.code.clone());
        }
    });
    out
}

/// The constant names a formula reads, each once, in name order.
pub fn constants(expr: &Expr) -> BTreeSet<Code> {
    let mut out = BTreeSet::new();
    visit(expr, &mut |e| {
        if let ExprKind::Constant(name) = &e.kind {
            out.insert(name.clone());
        }
    });
    out
}

/// Calls `f` on every node, parents before children, left to right.
pub fn visit(expr: &Expr, f: &mut impl FnMut(&Expr)) {
    f(expr);
    match &expr.kind {
        ExprKind::Number(_) | ExprKind::Reference(_) | ExprKind::Constant(_) => {}
        ExprKind::Unary { operand, .. } => visit(operand, f),
        ExprKind::Binary { lhs, rhs, .. } => {
            visit(lhs, f);
            visit(rhs, f);
        }
        ExprKind::Call { args, .. } => {
            for arg in args {
                visit(arg, f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_names_and_aliases() {
        for f in Function::ALL {
            assert_eq!(Function::from_name(f.name()), Some(f));
            assert_eq!(Function::from_name(&f.name().to_uppercase()), Some(f));
        }
        assert_eq!(Function::from_name("isNull"), Some(Function::IsNull));
        assert_eq!(Function::from_name("firstNonNull"), Some(Function::Coalesce));
        assert_eq!(Function::from_name("greatest"), Some(Function::Max));
        assert_eq!(Function::from_name("least"), Some(Function::Min));
        assert_eq!(Function::from_name("sum"), None);
    }

    #[test]
    fn arity_words() {
        assert_eq!(Function::If.arity_en(), "3 arguments");
        assert_eq!(Function::Max.arity_en(), "at least 1 argument");
        assert_eq!(Function::Round.arity_en(), "1 or 2 arguments");
        assert_eq!(Function::Abs.arity_en(), "1 argument");
        assert_eq!(Function::PeriodInYear.arity_en(), "no arguments");
        assert_eq!(Function::Round.arity_vi(), "1 hoặc 2 đối số");
        assert!(Function::Round.accepts(2) && !Function::Round.accepts(3));
        assert!(Function::Max.accepts(40) && !Function::Max.accepts(0));
    }

    #[test]
    fn spans_describe_themselves() {
        let s = Span {
            start: 2,
            end: 10,
            line: 1,
            column: 3,
        };
        assert_eq!(s.to_string(), "column 3");
        assert_eq!(s.describe_vi(), "cột 3");
        let s = Span { line: 2, ..s };
        assert_eq!(s.to_string(), "line 2, column 3");
        assert_eq!(s.describe_vi(), "dòng 2, cột 3");
        assert!(Span::default().is_synthetic());
    }
}
