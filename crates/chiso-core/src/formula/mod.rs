//! The formula language of computed indicators and validation rules.
//!
//! ```text
//! #{ECO_GRDP} / #{POP_TOTAL} * 1000000          ratio of two aggregated indicators
//! (#{ECO_GRDP} - last_year(#{ECO_GRDP})) / last_year(#{ECO_GRDP}) * 100
//! ytd(#{BUDGET_DISBURSED}) / #{BUDGET_PLAN} * 100
//! if(#{HEALTH_BEDS} > 0, #{HEALTH_PATIENTS} / #{HEALTH_BEDS}, 0)
//! #{BUDGET_DISBURSED} <= #{BUDGET_ALLOCATED}    a validation rule (a condition)
//! ```
//!
//! * References: `#{CODE}` an indicator of the catalogue, `C{NAME}` a constant.
//! * Numbers `12`, `0.5`, `1e6`; operators `+ - * / ^`, comparisons `== != < <= > >=`,
//!   `and or not` (also `&& || !`), parentheses.
//! * Functions: `if(c, a, b)`, `min(...)`, `max(...)`, `abs(x)`, `round(x[, digits])`,
//!   `coalesce(...)` (DHIS2 `firstNonNull`), `is_null(x)` (DHIS2 `isNull`); period offsets
//!   `prev(x[, n])` (n periods earlier), `last_year(x)` (same period last year), `ytd(x)`
//!   (year to date).
//!
//! Every reference is aggregated for the org unit and period being evaluated before the
//! formula is computed (see [`eval`]). [`parse`] reads the text, [`check`] checks references
//! and types against the catalogue, [`deps::find_cycle`] finds circles among computed
//! indicators, and the tree prints back (`Display`) to canonical text that parses to the
//! same tree.

pub mod ast;
pub mod check;
pub mod deps;
pub mod error;
pub mod eval;
pub mod parser;

pub use ast::{BinaryOp, Expr, ExprKind, Function, UnaryOp};
pub use check::{FormulaType, Scope, check};
pub use error::{FormulaError, FormulaErrorKind, Span};
pub use eval::{Lookup, Window, evaluate};
pub use parser::parse;

/// Parses and checks a formula against a scope: every problem found, in text order (a
/// syntax error stops at the first).
///
/// # Errors
/// The syntax error, or every unknown reference and type error.
pub fn parse_checked(text: &str, scope: &Scope) -> Result<(Expr, FormulaType), Vec<FormulaError>> {
    let expr = parse(text).map_err(|e| vec![e])?;
    let ty = check(&expr, scope)?;
    Ok((expr, ty))
}

#[cfg(test)]
mod tests;
