//! From text to tree: a lexer and a recursive-descent parser.
//!
//! Grammar, loosest binding first:
//!
//! ```text
//! formula    = or
//! or         = and { "or" and }
//! and        = not { "and" not }
//! not        = "not" not | comparison
//! comparison = sum [ ("==" | "!=" | "<" | "<=" | ">" | ">=") sum ]
//! sum        = product { ("+" | "-") product }
//! product    = negation { ("*" | "/") negation }
//! negation   = "-" negation | power
//! power      = atom [ "^" negation ]
//! atom       = number | "#{" code "}" | "C{" code "}" | name "(" [ formula { "," formula } ] ")"
//!            | "(" formula ")"
//! ```

use crate::code::Code;

use super::ast::{BinaryOp, Expr, ExprKind, Function, UnaryOp};
use super::error::{FormulaError, FormulaErrorKind, Span, closest};

/// Longest formula accepted, in bytes (keeps recursion and work bounded).
pub const MAX_LEN: usize = 10_000;

/// Deepest nesting accepted (parentheses, calls, prefix operators).
const MAX_DEPTH: u32 = 100;

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(f64),
    Indicator(Code),
    Constant(Code),
    Name(String),
    Op(&'static str),
    LParen,
    RParen,
    Comma,
}

impl Token {
    fn text(&self) -> String {
        match self {
            Token::Number(n) => n.to_string(),
            Token::Indicator(c) => format!("#{{{c}}}"),
            Token::Constant(c) => format!("C{{{c}}}"),
            Token::Name(n) => n.clone(),
            Token::Op(o) => (*o).to_string(),
            Token::LParen => "(".into(),
            Token::RParen => ")".into(),
            Token::Comma => ",".into(),
        }
    }
}

/// Splits the text into tokens with their spans.
fn lex(text: &str) -> Result<Vec<(Token, Span)>, FormulaError> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let (mut line, mut column) = (1u32, 1u32);
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let span_to = |j: usize| Span {
            start,
            end: chars.get(j).map_or(text.len(), |x| x.0),
            line,
            column,
        };
        let (token, next) = match c {
            '\n' => {
                line += 1;
                column = 1;
                i += 1;
                continue;
            }
            c if c.is_whitespace() => {
                column += 1;
                i += 1;
                continue;
            }
            '0'..='9' | '.' => {
                let mut j = i;
                let is_digit = |j: usize| chars.get(j).is_some_and(|x| x.1.is_ascii_digit());
                while is_digit(j) {
                    j += 1;
                }
                if chars.get(j).is_some_and(|x| x.1 == '.') {
                    j += 1;
                    while is_digit(j) {
                        j += 1;
                    }
                }
                if chars.get(j).is_some_and(|x| matches!(x.1, 'e' | 'E')) {
                    let mut k = j + 1;
                    if chars.get(k).is_some_and(|x| matches!(x.1, '+' | '-')) {
                        k += 1;
                    }
                    if is_digit(k) {
                        j = k;
                        while is_digit(j) {
                            j += 1;
                        }
                    }
                }
                let span = span_to(j);
                let s = &text[span.start..span.end];
                match s.parse::<f64>() {
                    Ok(n) if n.is_finite() => (Token::Number(n), j),
                    _ => {
                        return Err(FormulaError::new(
                            FormulaErrorKind::BadNumber(s.to_string()),
                            span,
                        ));
                    }
                }
            }
            '#' | 'C' if chars.get(i + 1).is_some_and(|x| x.1 == '{') => {
                let Some(close) = (i + 2..chars.len()).find(|&j| chars[j].1 == '}') else {
                    return Err(FormulaError::new(
                        FormulaErrorKind::Unclosed,
                        span_to(i + 2),
                    ));
                };
                let span = span_to(close + 1);
                let inner = &text[chars[i + 2].0..chars[close].0];
                let code = Code::parse(inner).map_err(|_| {
                    FormulaError::new(FormulaErrorKind::BadCode(inner.to_string()), span)
                })?;
                let t = if c == '#' {
                    Token::Indicator(code)
                } else {
                    Token::Constant(code)
                };
                (t, close + 1)
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut j = i;
                while chars
                    .get(j)
                    .is_some_and(|x| x.1.is_alphanumeric() || x.1 == '_')
                {
                    j += 1;
                }
                let span = span_to(j);
                let word = &text[span.start..span.end];
                let t = match word.to_ascii_lowercase().as_str() {
                    "and" => Token::Op("and"),
                    "or" => Token::Op("or"),
                    "not" => Token::Op("not"),
                    _ => Token::Name(word.to_string()),
                };
                (t, j)
            }
            '(' => (Token::LParen, i + 1),
            ')' => (Token::RParen, i + 1),
            ',' => (Token::Comma, i + 1),
            _ => {
                let two: String = chars[i..(i + 2).min(chars.len())]
                    .iter()
                    .map(|x| x.1)
                    .collect();
                let op = ["==", "!=", "<=", ">=", "&&", "||"]
                    .into_iter()
                    .find(|o| two == *o);
                match (op, c) {
                    (Some("&&"), _) => (Token::Op("and"), i + 2),
                    (Some("||"), _) => (Token::Op("or"), i + 2),
                    (Some(o), _) => (Token::Op(o), i + 2),
                    (None, '+') => (Token::Op("+"), i + 1),
                    (None, '-') => (Token::Op("-"), i + 1),
                    (None, '*') => (Token::Op("*"), i + 1),
                    (None, '/') => (Token::Op("/"), i + 1),
                    (None, '^') => (Token::Op("^"), i + 1),
                    (None, '<') => (Token::Op("<"), i + 1),
                    (None, '>') => (Token::Op(">"), i + 1),
                    (None, '!') => (Token::Op("not"), i + 1),
                    _ => {
                        return Err(FormulaError::new(
                            FormulaErrorKind::UnexpectedChar(c),
                            span_to(i + 1),
                        ));
                    }
                }
            }
        };
        out.push((token, span_to(next)));
        column += u32::try_from(next - i).unwrap_or(u32::MAX);
        i = next;
    }
    Ok(out)
}

/// Parses a formula. Unknown function names are reported here; references to indicators
/// and constants are checked against the catalogue by [`super::check`].
///
/// # Errors
/// The first problem found, with its position.
pub fn parse(text: &str) -> Result<Expr, FormulaError> {
    if text.len() > MAX_LEN {
        return Err(FormulaError::new(
            FormulaErrorKind::Unexpected {
                expected: "a formula of at most 10000 characters",
                found: format!("{} characters", text.chars().count()),
            },
            Span {
                start: 0,
                end: text.len(),
                line: 1,
                column: 1,
            },
        ));
    }
    let tokens = lex(text)?;
    let mut p = Parser {
        tokens,
        pos: 0,
        depth: 0,
        end: end_span(text),
    };
    let e = p.or()?;
    match p.peek() {
        None => Ok(e),
        Some((t, span)) => Err(FormulaError::new(
            FormulaErrorKind::Unexpected {
                expected: "an operator or the end",
                found: t.text(),
            },
            span,
        )),
    }
}

/// The position just after the last character.
fn end_span(text: &str) -> Span {
    let line = 1 + u32::try_from(text.matches('\n').count()).unwrap_or(u32::MAX - 1);
    let last_line = text.rsplit('\n').next().unwrap_or("");
    let column = 1 + u32::try_from(last_line.chars().count()).unwrap_or(u32::MAX - 1);
    Span {
        start: text.len(),
        end: text.len(),
        line,
        column,
    }
}

struct Parser {
    tokens: Vec<(Token, Span)>,
    pos: usize,
    depth: u32,
    end: Span,
}

impl Parser {
    fn peek(&self) -> Option<(Token, Span)> {
        self.tokens.get(self.pos).cloned()
    }

    fn peek_op(&self) -> Option<&'static str> {
        match self.tokens.get(self.pos) {
            Some((Token::Op(o), _)) => Some(o),
            _ => None,
        }
    }

    fn next(&mut self, expected: &'static str) -> Result<(Token, Span), FormulaError> {
        match self.tokens.get(self.pos).cloned() {
            Some(t) => {
                self.pos += 1;
                Ok(t)
            }
            None => Err(FormulaError::new(
                FormulaErrorKind::UnexpectedEnd { expected },
                self.end,
            )),
        }
    }

    fn deeper(&mut self, span: Span) -> Result<(), FormulaError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(FormulaError::new(
                FormulaErrorKind::Unexpected {
                    expected: "at most 100 levels of nesting",
                    found: "more".into(),
                },
                span,
            ));
        }
        Ok(())
    }

    fn binary(lhs: Expr, op: BinaryOp, rhs: Expr) -> Expr {
        let span = join(lhs.span, rhs.span);
        Expr {
            kind: ExprKind::Binary {
                op,
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
            },
            span,
        }
    }

    fn or(&mut self) -> Result<Expr, FormulaError> {
        let mut e = self.and()?;
        while self.peek_op() == Some("or") {
            self.pos += 1;
            let rhs = self.and()?;
            e = Self::binary(e, BinaryOp::Or, rhs);
        }
        Ok(e)
    }

    fn and(&mut self) -> Result<Expr, FormulaError> {
        let mut e = self.not()?;
        while self.peek_op() == Some("and") {
            self.pos += 1;
            let rhs = self.not()?;
            e = Self::binary(e, BinaryOp::And, rhs);
        }
        Ok(e)
    }

    fn not(&mut self) -> Result<Expr, FormulaError> {
        if self.peek_op() == Some("not") {
            let (_, span) = self.next("not")?;
            self.deeper(span)?;
            let operand = self.not()?;
            self.depth -= 1;
            return Ok(Expr {
                span: join(span, operand.span),
                kind: ExprKind::Unary {
                    op: UnaryOp::Not,
                    operand: Box::new(operand),
                },
            });
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Expr, FormulaError> {
        let lhs = self.sum()?;
        let Some(op) = self.peek_op().and_then(comparison_op) else {
            return Ok(lhs);
        };
        self.pos += 1;
        let rhs = self.sum()?;
        if let Some((Token::Op(o), span)) = self.peek()
            && comparison_op(o).is_some()
        {
            return Err(FormulaError::new(FormulaErrorKind::ChainedComparison, span));
        }
        Ok(Self::binary(lhs, op, rhs))
    }

    fn sum(&mut self) -> Result<Expr, FormulaError> {
        let mut e = self.product()?;
        loop {
            let op = match self.peek_op() {
                Some("+") => BinaryOp::Add,
                Some("-") => BinaryOp::Sub,
                _ => return Ok(e),
            };
            self.pos += 1;
            let rhs = self.product()?;
            e = Self::binary(e, op, rhs);
        }
    }

    fn product(&mut self) -> Result<Expr, FormulaError> {
        let mut e = self.negation()?;
        loop {
            let op = match self.peek_op() {
                Some("*") => BinaryOp::Mul,
                Some("/") => BinaryOp::Div,
                _ => return Ok(e),
            };
            self.pos += 1;
            let rhs = self.negation()?;
            e = Self::binary(e, op, rhs);
        }
    }

    fn negation(&mut self) -> Result<Expr, FormulaError> {
        if self.peek_op() == Some("-") {
            let (_, span) = self.next("-")?;
            self.deeper(span)?;
            let operand = self.negation()?;
            self.depth -= 1;
            return Ok(Expr {
                span: join(span, operand.span),
                kind: ExprKind::Unary {
                    op: UnaryOp::Neg,
                    operand: Box::new(operand),
                },
            });
        }
        self.power()
    }

    fn power(&mut self) -> Result<Expr, FormulaError> {
        let base = self.atom()?;
        if self.peek_op() == Some("^") {
            let (_, span) = self.next("^")?;
            self.deeper(span)?;
            let exponent = self.negation()?;
            self.depth -= 1;
            return Ok(Self::binary(base, BinaryOp::Pow, exponent));
        }
        Ok(base)
    }

    fn atom(&mut self) -> Result<Expr, FormulaError> {
        const WANTED: &str = "a number, #{INDICATOR}, a function or «(»";
        let (t, span) = self.next(WANTED)?;
        let kind = match t {
            Token::Number(n) => ExprKind::Number(n),
            Token::Indicator(c) => ExprKind::Indicator(c),
            Token::Constant(c) => ExprKind::Constant(c),
            Token::LParen => {
                self.deeper(span)?;
                let inner = self.or()?;
                self.depth -= 1;
                let close = self.expect_close()?;
                return Ok(Expr {
                    kind: inner.kind,
                    span: join(span, close),
                });
            }
            Token::Name(name) => return self.call(name, span),
            other => {
                return Err(FormulaError::new(
                    FormulaErrorKind::Unexpected {
                        expected: WANTED,
                        found: other.text(),
                    },
                    span,
                ));
            }
        };
        Ok(Expr { kind, span })
    }

    fn expect_close(&mut self) -> Result<Span, FormulaError> {
        match self.next("«)»")? {
            (Token::RParen, s) => Ok(s),
            (t, s) => Err(FormulaError::new(
                FormulaErrorKind::Unexpected {
                    expected: "«)»",
                    found: t.text(),
                },
                s,
            )),
        }
    }

    fn call(&mut self, name: String, span: Span) -> Result<Expr, FormulaError> {
        let Some(function) = Function::from_name(&name) else {
            let suggestion = closest(&name, Function::ALL.iter().map(|f| f.name()))
                .map(|s| s.to_ascii_lowercase());
            return Err(FormulaError::new(
                FormulaErrorKind::UnknownFunction { name, suggestion },
                span,
            ));
        };
        match self.next("«(»")? {
            (Token::LParen, _) => {}
            (t, s) => {
                return Err(FormulaError::new(
                    FormulaErrorKind::Unexpected {
                        expected: "«(» after a function name",
                        found: t.text(),
                    },
                    s,
                ));
            }
        }
        self.deeper(span)?;
        let mut args = Vec::new();
        if matches!(self.peek(), Some((Token::RParen, _))) {
            self.pos += 1;
        } else {
            loop {
                args.push(self.or()?);
                match self.next("«,» or «)»")? {
                    (Token::Comma, _) => continue,
                    (Token::RParen, _) => break,
                    (t, s) => {
                        return Err(FormulaError::new(
                            FormulaErrorKind::Unexpected {
                                expected: "«,» or «)»",
                                found: t.text(),
                            },
                            s,
                        ));
                    }
                }
            }
        }
        self.depth -= 1;
        let end = self
            .tokens
            .get(self.pos.saturating_sub(1))
            .map_or(span, |t| t.1);
        let span = join(span, end);
        if !function.accepts(args.len()) {
            return Err(FormulaError::new(
                FormulaErrorKind::WrongArity {
                    function,
                    found: args.len(),
                },
                span,
            ));
        }
        Ok(Expr {
            kind: ExprKind::Call { function, args },
            span,
        })
    }
}

fn comparison_op(o: &str) -> Option<BinaryOp> {
    Some(match o {
        "==" => BinaryOp::Eq,
        "!=" => BinaryOp::Ne,
        "<" => BinaryOp::Lt,
        "<=" => BinaryOp::Le,
        ">" => BinaryOp::Gt,
        ">=" => BinaryOp::Ge,
        _ => return None,
    })
}

/// The span covering `a` and `b` (position of `a`).
fn join(a: Span, b: Span) -> Span {
    Span {
        start: a.start.min(b.start),
        end: a.end.max(b.end),
        ..a
    }
}
