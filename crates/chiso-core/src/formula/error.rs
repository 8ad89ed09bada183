//! Where a formula went wrong and why, pointing at the column.

use super::ast::Function;

/// A stretch of the formula text: byte offsets (for slicing) and the 1-based line and
/// column of its start, counted in characters (what a person sees).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// Line of the first character, from 1.
    pub line: u32,
    /// Column of the first character, from 1, in characters.
    pub column: u32,
}

/// What is wrong with a formula.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FormulaErrorKind {
    /// A character that starts no token.
    #[error("unexpected character «{0}»")]
    UnexpectedChar(char),
    /// `#{` or `C{` without its closing brace.
    #[error("«{{» is not closed by «}}»")]
    Unclosed,
    /// The text between braces is not a valid code.
    #[error("«{0}» is not a valid code")]
    BadCode(String),
    /// A number that does not read as one.
    #[error("«{0}» is not a number")]
    BadNumber(String),
    /// A token where something else was expected.
    #[error("expected {expected}, found «{found}»")]
    Unexpected {
        /// What the grammar wanted here.
        expected: &'static str,
        /// What was there.
        found: String,
    },
    /// The text ended early.
    #[error("the formula ends where {expected} was expected")]
    UnexpectedEnd {
        /// What the grammar wanted here.
        expected: &'static str,
    },
    /// A name followed by `(` that is no function.
    #[error("unknown function {name}")]
    UnknownFunction {
        /// The name written.
        name: String,
        /// The closest function name, if close enough.
        suggestion: Option<String>,
    },
    /// A function called with a number of arguments it does not take.
    #[error("{function} takes {}, not {found}", function.arity_text())]
    WrongArity {
        /// The function.
        function: Function,
        /// Arguments given.
        found: usize,
    },
    /// `a < b < c`: comparisons do not chain.
    #[error("comparisons cannot be chained; join them with «and»")]
    ChainedComparison,
    /// A reference to an indicator the catalogue does not have.
    #[error("unknown indicator {code}")]
    UnknownIndicator {
        /// The code written.
        code: String,
        /// The closest known code, if close enough.
        suggestion: Option<String>,
    },
    /// A reference to a constant that is not defined.
    #[error("unknown constant {name}")]
    UnknownConstant {
        /// The name written.
        name: String,
        /// The closest known constant, if close enough.
        suggestion: Option<String>,
    },
    /// A number where a condition (true/false) is needed.
    #[error("a condition is needed here (a comparison such as «x > 0»), not a number")]
    ExpectedCondition,
    /// The period count of `prev` is not a whole number from 1 to 1000.
    #[error("the number of periods back must be a whole number from 1 to 1000")]
    BadOffset,
    /// Computed indicators that refer to each other in a circle.
    #[error("circular reference: {}", .0.join(" → "))]
    Cycle(Vec<String>),
}

impl FormulaErrorKind {
    /// The likely intended name, for an unknown name close to a known one.
    pub fn suggestion(&self) -> Option<&str> {
        match self {
            FormulaErrorKind::UnknownFunction { suggestion, .. }
            | FormulaErrorKind::UnknownIndicator { suggestion, .. }
            | FormulaErrorKind::UnknownConstant { suggestion, .. } => suggestion.as_deref(),
            _ => None,
        }
    }

    /// A stable code for the message catalogue and the API (`formula.unknown_indicator` ...).
    pub fn key(&self) -> &'static str {
        match self {
            FormulaErrorKind::UnexpectedChar(_) => "formula.unexpected_char",
            FormulaErrorKind::Unclosed => "formula.unclosed",
            FormulaErrorKind::BadCode(_) => "formula.bad_code",
            FormulaErrorKind::BadNumber(_) => "formula.bad_number",
            FormulaErrorKind::Unexpected { .. } => "formula.unexpected",
            FormulaErrorKind::UnexpectedEnd { .. } => "formula.unexpected_end",
            FormulaErrorKind::UnknownFunction {
                suggestion: None, ..
            } => "formula.unknown_function",
            FormulaErrorKind::UnknownFunction { .. } => "formula.unknown_function_hint",
            FormulaErrorKind::WrongArity { .. } => "formula.wrong_arity",
            FormulaErrorKind::ChainedComparison => "formula.chained_comparison",
            FormulaErrorKind::UnknownIndicator {
                suggestion: None, ..
            } => "formula.unknown_indicator",
            FormulaErrorKind::UnknownIndicator { .. } => "formula.unknown_indicator_hint",
            FormulaErrorKind::UnknownConstant {
                suggestion: None, ..
            } => "formula.unknown_constant",
            FormulaErrorKind::UnknownConstant { .. } => "formula.unknown_constant_hint",
            FormulaErrorKind::ExpectedCondition => "formula.expected_condition",
            FormulaErrorKind::BadOffset => "formula.bad_offset",
            FormulaErrorKind::Cycle(_) => "formula.cycle",
        }
    }

    /// The values the message refers to, by name (`found`, `code`, `suggestion` ...).
    pub fn args(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        match self {
            FormulaErrorKind::UnexpectedChar(c) => out.push(("found", c.to_string())),
            FormulaErrorKind::BadCode(s) | FormulaErrorKind::BadNumber(s) => {
                out.push(("found", s.clone()))
            }
            FormulaErrorKind::Unexpected { expected, found } => {
                out.push(("expected", (*expected).to_string()));
                out.push(("found", found.clone()));
            }
            FormulaErrorKind::UnexpectedEnd { expected } => {
                out.push(("expected", (*expected).to_string()))
            }
            FormulaErrorKind::UnknownFunction { name, suggestion }
            | FormulaErrorKind::UnknownConstant {
                name, suggestion, ..
            } => {
                out.push(("name", name.clone()));
                out.extend(suggestion.clone().map(|s| ("suggestion", s)));
            }
            FormulaErrorKind::UnknownIndicator { code, suggestion } => {
                out.push(("code", code.clone()));
                out.extend(suggestion.clone().map(|s| ("suggestion", s)));
            }
            FormulaErrorKind::WrongArity { function, found } => {
                out.push(("function", function.name().to_string()));
                out.push(("arity", function.arity_text()));
                out.push(("found", found.to_string()));
            }
            FormulaErrorKind::Cycle(codes) => out.push(("cycle", codes.join(" → "))),
            FormulaErrorKind::Unclosed
            | FormulaErrorKind::ChainedComparison
            | FormulaErrorKind::ExpectedCondition
            | FormulaErrorKind::BadOffset => {}
        }
        out
    }
}

/// A problem in a formula, located.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{kind} at {}{}", place(span), hint(kind.suggestion()))]
pub struct FormulaError {
    /// What is wrong.
    pub kind: FormulaErrorKind,
    /// Where.
    pub span: Span,
}

fn hint(suggestion: Option<&str>) -> String {
    match suggestion {
        Some(s) => format!("; did you mean {s}?"),
        None => String::new(),
    }
}

fn place(span: &Span) -> String {
    if span.line > 1 {
        format!("line {}, column {}", span.line, span.column)
    } else {
        format!("column {}", span.column)
    }
}

impl FormulaError {
    /// A problem of `kind` at `span`.
    pub fn new(kind: FormulaErrorKind, span: Span) -> FormulaError {
        FormulaError { kind, span }
    }
}

/// The candidate closest to `name` when it is close enough to be a likely typo: at most
/// a third of its characters differ (and at most 3), case ignored.
pub(crate) fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let wanted = name.to_ascii_uppercase();
    let limit = (wanted.chars().count() / 3).clamp(1, 3);
    candidates
        .map(|c| {
            (
                strsim::damerau_levenshtein(&wanted, &c.to_ascii_uppercase()),
                c,
            )
        })
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_codes_only() {
        let codes = ["ECO_GRDP", "ECO_FDI", "SOC_POOR_RATE"];
        assert_eq!(
            closest("ECO_GRPD", codes.iter().copied()).as_deref(),
            Some("ECO_GRDP")
        );
        assert_eq!(closest("HEALTH_BEDS", codes.iter().copied()), None);
    }

    #[test]
    fn message_points_at_the_column() {
        let e = FormulaError::new(
            FormulaErrorKind::UnknownIndicator {
                code: "ECO_GRPD".into(),
                suggestion: Some("ECO_GRDP".into()),
            },
            Span {
                start: 2,
                end: 12,
                line: 1,
                column: 3,
            },
        );
        assert_eq!(
            e.to_string(),
            "unknown indicator ECO_GRPD at column 3; did you mean ECO_GRDP?"
        );
    }
}
