//! Errors of the formula language, in English and Vietnamese, each pointing at
//! a position in the formula.

use crate::code::CodeError;

use super::ast::{Function, Span};

/// Why a formula was rejected, and where.
///
/// [`Display`](std::fmt::Display) gives the English message, e.g.
/// `unknown indicator ECO_GRPD at column 3; did you mean ECO_GRDP?`;
/// [`FormulaError::message_vi`] gives the Vietnamese one.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.message_en())]
pub struct FormulaError {
    /// What is wrong.
    pub kind: FormulaErrorKind,
    /// Where: the offending token (for an unclosed bracket, the opening one).
    pub span: Span,
}

/// What is wrong with a formula.
#[derive(Debug, Clone, PartialEq)]
pub enum FormulaErrorKind {
    /// The formula holds nothing but spaces.
    Empty,
    /// The formula is longer than the given number of bytes.
    TooLong(usize),
    /// The formula nests deeper than the given number of levels.
    TooDeep(usize),
    /// A character that has no meaning in a formula.
    UnexpectedChar(char),
    /// A token that does not fit where it stands.
    Unexpected {
        /// What the parser was looking for.
        expected: Expected,
        /// The text found, or `None` at the end of the formula.
        found: Option<String>,
    },
    /// An opening bracket (`(`, `#{`, `C{`) that is never closed; the span
    /// is the opening bracket's.
    Unclosed(&'static str),
    /// A closing `)` with no opening one.
    Unmatched,
    /// The text inside `#{…}` or `C{…}` is not a valid code.
    InvalidCode {
        /// Whether it was an indicator or a constant.
        what: NameKind,
        /// Why the code is invalid.
        error: CodeError,
    },
    /// A number too large to represent (more than about 1.8e308).
    NumberTooLarge(String),
    /// A bare word that is not a keyword, e.g. `GRDP` instead of `#{GRDP}`.
    UnknownName {
        /// The word.
        name: String,
        /// A close keyword or function name, or the word written as an
        /// indicator reference.
        suggestion: Option<String>,
    },
    /// `name(…)` where `name` is not a function.
    UnknownFunction {
        /// The name written.
        name: String,
        /// The closest function name, if close.
        suggestion: Option<String>,
    },
    /// `.name` after a reference where `name` is not a period modifier.
    UnknownModifier {
        /// The name written.
        name: String,
        /// The closest modifier, if close.
        suggestion: Option<String>,
    },
    /// A second period shift, or a second `.ytd`, on one reference.
    ConflictingModifier(String),
    /// `.offset(n)` with `n` not a whole number within ±[`MAX_OFFSET`](super::MAX_OFFSET).
    BadOffset(String),
    /// A function called with the wrong number of arguments.
    WrongArity {
        /// The function.
        function: Function,
        /// How many arguments were given.
        found: usize,
    },
    /// `a < b < c`.
    ChainedComparison,
    /// `not` inside arithmetic without parentheses, e.g. `1 + not x`.
    NotNeedsParentheses,
    /// An indicator code that is not in the catalogue.
    UnknownIndicator {
        /// The code written.
        code: String,
        /// The closest known code, if close.
        suggestion: Option<String>,
    },
    /// A constant name that is not defined.
    UnknownConstant {
        /// The name written.
        name: String,
        /// The closest known constant, if close.
        suggestion: Option<String>,
    },
    /// A number where a condition is required (`and`, `or`, `not`, the first
    /// argument of `if`).
    ExpectedCondition,
}

/// Whether a code names an indicator or a constant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// `#{…}`
    Indicator,
    /// `C{…}`
    Constant,
}

/// What the parser was looking for when it met something else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// The start of a value.
    Operand,
    /// An operator, or the end of the formula.
    Operator,
    /// `)`.
    CloseParen,
    /// `,` or `)` in an argument list.
    CommaOrClose,
    /// `(` after a function name or `.offset`.
    OpenParen,
    /// `{` after `#`.
    OpenBrace,
    /// A period modifier name after `.`.
    Modifier,
}

impl Expected {
    fn en(self) -> &'static str {
        match self {
            Expected::Operand => {
                "a value (a number, an indicator #{CODE}, a constant C{NAME}, a function or '(')"
            }
            Expected::Operator => "an operator or the end of the formula",
            Expected::CloseParen => "')'",
            Expected::CommaOrClose => "',' or ')'",
            Expected::OpenParen => "'('",
            Expected::OpenBrace => "'{' after '#' (indicators are written #{CODE})",
            Expected::Modifier => "a period modifier (previous, last_year, offset(n), ytd)",
        }
    }

    fn vi(self) -> &'static str {
        match self {
            Expected::Operand => {
                "một giá trị (số, chỉ số #{MÃ}, hằng số C{TÊN}, hàm hoặc dấu '(')"
            }
            Expected::Operator => "một phép toán hoặc kết thúc công thức",
            Expected::CloseParen => "dấu ')'",
            Expected::CommaOrClose => "dấu ',' hoặc ')'",
            Expected::OpenParen => "dấu '('",
            Expected::OpenBrace => "dấu '{' sau '#' (chỉ số được viết #{MÃ})",
            Expected::Modifier => "một bổ ngữ kỳ (previous, last_year, offset(n), ytd)",
        }
    }
}

fn quoted(found: Option<&String>, end: &str) -> String {
    found.map_or_else(|| end.to_owned(), |s| format!("«{s}»"))
}

impl FormulaErrorKind {
    /// The English message, without the position, and an optional hint.
    fn en(&self) -> (String, Option<String>) {
        use FormulaErrorKind as K;
        let did_you_mean = |s: &Option<String>| s.as_ref().map(|s| format!("did you mean {s}?"));
        match self {
            K::Empty => ("the formula is empty".to_owned(), None),
            K::TooLong(max) => (
                format!("the formula is longer than {max} characters"),
                None,
            ),
            K::TooDeep(max) => (
                format!("the formula nests more than {max} levels deep"),
                Some("split it into several computed indicators".to_owned()),
            ),
            K::UnexpectedChar(c) => (format!("unexpected character «{c}»"), None),
            K::Unexpected { expected, found } => (
                format!(
                    "expected {}, found {}",
                    expected.en(),
                    quoted(found.as_ref(), "the end of the formula")
                ),
                None,
            ),
            K::Unclosed(bracket) => (
                format!("«{bracket}» is never closed"),
                Some(if *bracket == "(" {
                    "add ')'".to_owned()
                } else {
                    "add '}'".to_owned()
                }),
            ),
            K::Unmatched => ("«)» has no matching «(»".to_owned(), None),
            K::InvalidCode { what, error } => (
                match what {
                    NameKind::Indicator => format!("invalid indicator code: {error}"),
                    NameKind::Constant => format!("invalid constant name: {error}"),
                },
                None,
            ),
            K::NumberTooLarge(text) => (format!("the number {text} is too large"), None),
            K::UnknownName { name, suggestion } => (
                format!("unknown name «{name}»"),
                Some(suggestion.as_ref().map_or_else(
                    || {
                        "write indicators as #{CODE}, constants as C{NAME} and functions as name(…)"
                            .to_owned()
                    },
                    |s| format!("did you mean {s}?"),
                )),
            ),
            K::UnknownFunction { name, suggestion } => (
                format!("unknown function «{name}»"),
                did_you_mean(suggestion).or_else(|| {
                    Some(format!(
                        "the functions are {}",
                        Function::ALL.map(Function::name).join(", ")
                    ))
                }),
            ),
            K::UnknownModifier { name, suggestion } => (
                format!("unknown period modifier «.{name}»"),
                did_you_mean(suggestion).or_else(|| {
                    Some("use .previous, .last_year, .offset(n) or .ytd".to_owned())
                }),
            ),
            K::ConflictingModifier(name) => (
                format!("the period modifier «.{name}» conflicts with an earlier one"),
                Some("use at most one of .previous, .last_year, .offset(n), and .ytd once".to_owned()),
            ),
            K::BadOffset(text) => (
                format!(
                    "the period offset must be a whole number between -{max} and {max}, found «{text}»",
                    max = super::MAX_OFFSET
                ),
                None,
            ),
            K::WrongArity { function, found } => (
                format!(
                    "{function}() takes {}, but {found} {} given",
                    function.arity_en(),
                    if *found == 1 { "was" } else { "were" }
                ),
                None,
            ),
            K::ChainedComparison => (
                "comparisons cannot be chained".to_owned(),
                Some("write a < b and b < c".to_owned()),
            ),
            K::NotNeedsParentheses => (
                "«not» inside arithmetic needs parentheses".to_owned(),
                Some("write (not …)".to_owned()),
            ),
            K::UnknownIndicator { code, suggestion } => {
                (format!("unknown indicator {code}"), did_you_mean(suggestion))
            }
            K::UnknownConstant { name, suggestion } => {
                (format!("unknown constant {name}"), did_you_mean(suggestion))
            }
            K::ExpectedCondition => (
                "expected a condition (a comparison, and, or, not, is_null), found a number"
                    .to_owned(),
                Some("compare it, e.g. x != 0".to_owned()),
            ),
        }
    }

    /// The Vietnamese message, without the position, and an optional hint.
    fn vi(&self) -> (String, Option<String>) {
        use FormulaErrorKind as K;
        let co_phai = |s: &Option<String>| s.as_ref().map(|s| format!("có phải ý bạn là {s}?"));
        match self {
            K::Empty => ("Công thức đang để trống".to_owned(), None),
            K::TooLong(max) => (format!("Công thức dài quá {max} ký tự"), None),
            K::TooDeep(max) => (
                format!("Công thức lồng nhau quá {max} cấp"),
                Some("hãy tách thành nhiều chỉ số tính toán".to_owned()),
            ),
            K::UnexpectedChar(c) => (format!("Ký tự không hợp lệ «{c}»"), None),
            K::Unexpected { expected, found } => (
                format!(
                    "Cần {}, nhưng gặp {}",
                    expected.vi(),
                    quoted(found.as_ref(), "cuối công thức")
                ),
                None,
            ),
            K::Unclosed(bracket) => (
                format!("Dấu «{bracket}» chưa được đóng"),
                Some(if *bracket == "(" {
                    "hãy thêm ')'".to_owned()
                } else {
                    "hãy thêm '}'".to_owned()
                }),
            ),
            K::Unmatched => ("Dấu «)» không có dấu «(» tương ứng".to_owned(), None),
            K::InvalidCode { what, error } => (
                match what {
                    NameKind::Indicator => {
                        format!("Mã chỉ số không hợp lệ: {}", error.message_vi())
                    }
                    NameKind::Constant => {
                        format!("Tên hằng số không hợp lệ: {}", error.message_vi())
                    }
                },
                None,
            ),
            K::NumberTooLarge(text) => (format!("Số {text} quá lớn"), None),
            K::UnknownName { name, suggestion } => (
                format!("Không hiểu tên «{name}»"),
                Some(suggestion.as_ref().map_or_else(
                    || "chỉ số được viết #{MÃ}, hằng số C{TÊN}, hàm tên(…)".to_owned(),
                    |s| format!("có phải ý bạn là {s}?"),
                )),
            ),
            K::UnknownFunction { name, suggestion } => (
                format!("Không có hàm «{name}»"),
                co_phai(suggestion).or_else(|| {
                    Some(format!(
                        "các hàm là {}",
                        Function::ALL.map(Function::name).join(", ")
                    ))
                }),
            ),
            K::UnknownModifier { name, suggestion } => (
                format!("Không có bổ ngữ kỳ «.{name}»"),
                co_phai(suggestion).or_else(|| {
                    Some("hãy dùng .previous, .last_year, .offset(n) hoặc .ytd".to_owned())
                }),
            ),
            K::ConflictingModifier(name) => (
                format!("Bổ ngữ kỳ «.{name}» mâu thuẫn với bổ ngữ trước đó"),
                Some(
                    "chỉ dùng tối đa một trong .previous, .last_year, .offset(n), và .ytd một lần"
                        .to_owned(),
                ),
            ),
            K::BadOffset(text) => (
                format!(
                    "Độ lệch kỳ phải là số nguyên từ -{max} đến {max}, nhưng gặp «{text}»",
                    max = super::MAX_OFFSET
                ),
                None,
            ),
            K::WrongArity { function, found } => (
                format!(
                    "Hàm {function}() cần {}, nhưng có {found} đối số",
                    function.arity_vi()
                ),
                None,
            ),
            K::ChainedComparison => (
                "Không thể nối liền các phép so sánh".to_owned(),
                Some("hãy viết a < b and b < c".to_owned()),
            ),
            K::NotNeedsParentheses => (
                "«not» trong biểu thức số học cần có dấu ngoặc".to_owned(),
                Some("hãy viết (not …)".to_owned()),
            ),
            K::UnknownIndicator { code, suggestion } => {
                (format!("Không tìm thấy chỉ số {code}"), co_phai(suggestion))
            }
            K::UnknownConstant { name, suggestion } => {
                (format!("Không tìm thấy hằng số {name}"), co_phai(suggestion))
            }
            K::ExpectedCondition => (
                "Cần một điều kiện (phép so sánh, and, or, not, is_null) nhưng gặp một số"
                    .to_owned(),
                Some("hãy so sánh, ví dụ x != 0".to_owned()),
            ),
        }
    }
}

impl FormulaError {
    /// An error of `kind` at `span`.
    pub fn new(kind: FormulaErrorKind, span: Span) -> FormulaError {
        FormulaError { kind, span }
    }

    /// The English message (the same as [`Display`](std::fmt::Display)):
    /// what, `at column N`, then a hint if there is one.
    pub fn message_en(&self) -> String {
        let (what, hint) = self.kind.en();
        match hint {
            Some(hint) => format!("{what} at {}; {hint}", self.span),
            None => format!("{what} at {}", self.span),
        }
    }

    /// The Vietnamese message: what, `tại cột N`, then a hint if there is one.
    pub fn message_vi(&self) -> String {
        let (what, hint) = self.kind.vi();
        let at = self.span.describe_vi();
        match hint {
            Some(hint) => format!("{what} tại {at}; {hint}"),
            None => format!("{what} tại {at}"),
        }
    }

    /// The 1-based column of the error (0 if the formula was built in code).
    pub fn column(&self) -> u32 {
        self.span.column
    }

    /// A stable machine-readable code for the API (`formula.unknown_indicator`, …).
    pub fn code(&self) -> &'static str {
        use FormulaErrorKind as K;
        match self.kind {
            K::Empty => "formula.empty",
            K::TooLong(_) => "formula.too_long",
            K::TooDeep(_) => "formula.too_deep",
            K::UnexpectedChar(_) | K::Unexpected { .. } | K::Unmatched => "formula.syntax",
            K::Unclosed(_) => "formula.unclosed",
            K::InvalidCode { .. } => "formula.invalid_code",
            K::NumberTooLarge(_) => "formula.number_too_large",
            K::UnknownName { .. } => "formula.unknown_name",
            K::UnknownFunction { .. } => "formula.unknown_function",
            K::UnknownModifier { .. } | K::ConflictingModifier(_) | K::BadOffset(_) => {
                "formula.bad_modifier"
            }
            K::WrongArity { .. } => "formula.wrong_arity",
            K::ChainedComparison | K::NotNeedsParentheses => "formula.syntax",
            K::UnknownIndicator { .. } => "formula.unknown_indicator",
            K::UnknownConstant { .. } => "formula.unknown_constant",
            K::ExpectedCondition => "formula.type",
        }
    }
}
