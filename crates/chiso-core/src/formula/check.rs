//! Reference and type checking against the catalogue.
//!
//! Two types exist: numbers and conditions (booleans). Conditions come from
//! comparisons, `and`, `or`, `not` and `is_null`.
//!
//! * A condition may be used as a number: true is 1 and false is 0, so
//!   `(#{A} > 0) + (#{B} > 0)` counts how many of A and B are positive
//!   (DHIS2 sums booleans the same way).
//! * A number may **not** be used where a condition is required (operands of
//!   `and`, `or`, `not`, the first argument of `if`): `if(#{A}, 1, 0)` is
//!   rejected with a hint to write `#{A} != 0`. This catches a common
//!   slip (`and` written for `+`, a missing comparison) at the cost of a few
//!   characters.
//!
//! The evaluator itself is total: given a tree that was not checked it reads
//! any non-zero number as true.

use std::collections::BTreeSet;

use crate::code::Code;

use super::ast::{Expr, ExprKind, Function, UnaryOp};
use super::error::{FormulaError, FormulaErrorKind, closest};

/// The type of a formula or of one of its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormulaType {
    /// A number (or NULL).
    Number,
    /// A condition: 1 for true, 0 for false (or NULL).
    Boolean,
}

/// The names a formula may use: the indicator codes of the catalogue and the
/// constants defined.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    indicators: BTreeSet<Code>,
    constants: BTreeSet<Code>,
}

impl Scope {
    /// An empty scope: no indicator or constant is known.
    pub fn new() -> Scope {
        Scope::default()
    }

    /// This scope with the given indicator codes added.
    pub fn with_indicators(mut self, codes: impl IntoIterator<Item = Code>) -> Scope {
        self.indicators.extend(codes);
        self
    }

    /// This scope with the given constant names added.
    pub fn with_constants(mut self, names: impl IntoIterator<Item = Code>) -> Scope {
        self.constants.extend(names);
        self
    }

    /// Adds an indicator code.
    pub fn add_indicator(&mut self, code: Code) {
        self.indicators.insert(code);
    }

    /// Adds a constant name.
    pub fn add_constant(&mut self, name: Code) {
        self.constants.insert(name);
    }

    /// Whether the indicator code is known.
    pub fn has_indicator(&self, code: &Code) -> bool {
        self.indicators.contains(code)
    }

    /// Whether the constant is known.
    pub fn has_constant(&self, name: &Code) -> bool {
        self.constants.contains(name)
    }
}

/// Checks references and types; returns the formula's type, or every error
/// found, in the order they appear in the text.
///
/// # Errors
/// Unknown indicators and constants (with the closest known name when it is
/// a likely typo), numbers used as conditions, and — for trees built in code
/// — functions with the wrong number of arguments.
pub fn check(expr: &Expr, scope: &Scope) -> Result<FormulaType, Vec<FormulaError>> {
    let mut checker = Checker {
        scope,
        errors: Vec::new(),
    };
    let ty = checker.ty(expr);
    if checker.errors.is_empty() {
        Ok(ty)
    } else {
        let mut errors = checker.errors;
        errors.sort_by_key(|e| e.span.start);
        Err(errors)
    }
}

struct Checker<'a> {
    scope: &'a Scope,
    errors: Vec<FormulaError>,
}

impl Checker<'_> {
    fn ty(&mut self, expr: &Expr) -> FormulaType {
        match &expr.kind {
            ExprKind::Number(_) => FormulaType::Number,
            ExprKind::Indicator(code) => {
                if !self.scope.has_indicator(code) {
                    let suggestion = closest(
                        code.as_str(),
                        self.scope.indicators.iter().map(Code::as_str),
                    );
                    self.errors.push(FormulaError::new(
                        FormulaErrorKind::UnknownIndicator {
                            code: code.to_string(),
                            suggestion,
                        },
                        expr.span,
                    ));
                }
                FormulaType::Number
            }
            ExprKind::Constant(name) => {
                if !self.scope.has_constant(name) {
                    let suggestion =
                        closest(name.as_str(), self.scope.constants.iter().map(Code::as_str));
                    self.errors.push(FormulaError::new(
                        FormulaErrorKind::UnknownConstant {
                            name: name.to_string(),
                            suggestion,
                        },
                        expr.span,
                    ));
                }
                FormulaType::Number
            }
            ExprKind::Unary {
                op: UnaryOp::Neg,
                operand,
            } => {
                self.ty(operand);
                FormulaType::Number
            }
            ExprKind::Unary {
                op: UnaryOp::Not,
                operand,
            } => {
                self.condition(operand);
                FormulaType::Boolean
            }
            ExprKind::Binary { op, lhs, rhs } => {
                if op.is_logical() {
                    self.condition(lhs);
                    self.condition(rhs);
                    FormulaType::Boolean
                } else {
                    self.ty(lhs);
                    self.ty(rhs);
                    if op.is_comparison() {
                        FormulaType::Boolean
                    } else {
                        FormulaType::Number
                    }
                }
            }
            ExprKind::Call { function, args } => self.call(expr, *function, args),
        }
    }

    fn call(&mut self, expr: &Expr, function: Function, args: &[Expr]) -> FormulaType {
        if !function.accepts(args.len()) {
            self.errors.push(FormulaError::new(
                FormulaErrorKind::WrongArity {
                    function,
                    found: args.len(),
                },
                expr.span,
            ));
            for arg in args {
                self.ty(arg);
            }
            return FormulaType::Number;
        }
        match (function, args) {
            (Function::If, [condition, then, otherwise]) => {
                self.condition(condition);
                let a = self.ty(then);
                let b = self.ty(otherwise);
                if a == FormulaType::Boolean && b == FormulaType::Boolean {
                    FormulaType::Boolean
                } else {
                    FormulaType::Number
                }
            }
            (Function::Coalesce, _) => {
                let types: Vec<FormulaType> = args.iter().map(|a| self.ty(a)).collect();
                if types.iter().all(|t| *t == FormulaType::Boolean) {
                    FormulaType::Boolean
                } else {
                    FormulaType::Number
                }
            }
            (Function::Prev, [x, n]) => {
                let ok = matches!(n.kind, ExprKind::Number(v) if v.fract() == 0.0 && (1.0..=1000.0).contains(&v));
                if !ok {
                    self.errors
                        .push(FormulaError::new(FormulaErrorKind::BadOffset, n.span));
                }
                self.ty(x)
            }
            (Function::Prev | Function::LastYear | Function::Ytd, [x]) => self.ty(x),
            (Function::IsNull, _) => {
                for arg in args {
                    self.ty(arg);
                }
                FormulaType::Boolean
            }
            _ => {
                for arg in args {
                    self.ty(arg);
                }
                FormulaType::Number
            }
        }
    }

    fn condition(&mut self, expr: &Expr) {
        if self.ty(expr) == FormulaType::Number {
            self.errors.push(FormulaError::new(
                FormulaErrorKind::ExpectedCondition,
                expr.span,
            ));
        }
    }
}
