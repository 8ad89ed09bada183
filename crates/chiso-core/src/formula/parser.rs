//! Recursive-descent parser: text → [`Expr`], or the first error with its
//! position. The grammar is in the [module documentation](super).

use crate::code::Code;

use super::ast::{BinaryOp, Expr, ExprKind, Function, Reference, Shift, Span, UnaryOp};
use super::ast::normalize_name;
use super::error::{Expected, FormulaError, FormulaErrorKind};
use super::lexer::{Tok, Token, lex};
use super::suggest::closest;
use super::{MAX_DEPTH, MAX_LEN, MAX_NESTING, MAX_OFFSET};

/// A parsed node and the depth of its tree.
type Node = (Expr, usize);
type PResult = Result<Node, FormulaError>;

/// Parses formula text into a syntax tree.
///
/// Keywords (`and`, `or`, `not`), function names and period modifiers are
/// case-insensitive. Never panics, whatever the input.
///
/// # Errors
/// The first problem found, with its position: an unexpected character or
/// token, an unclosed bracket, an invalid code, an unknown function or
/// modifier, a wrong number of arguments, a chained comparison, a formula
/// longer than [`MAX_LEN`] bytes or nested deeper than [`MAX_DEPTH`] /
/// [`MAX_NESTING`]. Unknown indicator codes are found by
/// [`check`](super::check), which knows the catalogue.
pub fn parse(src: &str) -> Result<Expr, FormulaError> {
    let first = Span {
        start: 0,
        end: 0,
        line: 1,
        column: 1,
    };
    if src.len() > MAX_LEN {
        return Err(FormulaError::new(FormulaErrorKind::TooLong(MAX_LEN), first));
    }
    let tokens = lex(src)?;
    let Some(eof) = tokens.last().cloned() else {
        return Err(FormulaError::new(FormulaErrorKind::Empty, first));
    };
    if tokens.len() == 1 {
        return Err(FormulaError::new(FormulaErrorKind::Empty, first));
    }
    let mut parser = Parser {
        src,
        tokens,
        eof,
        pos: 0,
        nesting: 0,
    };
    let (expr, _) = parser.or()?;
    let next = parser.peek().clone();
    match next.tok {
        Tok::Eof => Ok(expr),
        Tok::RParen => Err(FormulaError::new(FormulaErrorKind::Unmatched, next.span)),
        _ => Err(parser.unexpected(Expected::Operator, &next)),
    }
}

struct Parser<'a> {
    src: &'a str,
    tokens: Vec<Token>,
    eof: Token,
    pos: usize,
    nesting: usize,
}

/// The words that are not names of things.
const KEYWORDS: [&str; 3] = ["and", "or", "not"];
/// The period modifiers, as printed.
const MODIFIERS: [&str; 4] = ["previous", "last_year", "offset", "ytd"];

fn is_keyword(token: &Token, keyword: &str) -> bool {
    matches!(&token.tok, Tok::Ident(word) if word.eq_ignore_ascii_case(keyword))
}

fn comparison_op(tok: &Tok) -> Option<BinaryOp> {
    Some(match tok {
        Tok::Lt => BinaryOp::Lt,
        Tok::Le => BinaryOp::Le,
        Tok::Gt => BinaryOp::Gt,
        Tok::Ge => BinaryOp::Ge,
        Tok::EqEq => BinaryOp::Eq,
        Tok::Ne => BinaryOp::Ne,
        _ => return None,
    })
}

impl Parser<'_> {
    fn peek(&self) -> &Token {
        self.tokens.get(self.pos).unwrap_or(&self.eof)
    }

    fn peek_at(&self, n: usize) -> &Token {
        self.tokens.get(self.pos + n).unwrap_or(&self.eof)
    }

    fn advance(&mut self) -> Token {
        let token = self.peek().clone();
        if self.pos < self.tokens.len() {
            self.pos += 1;
        }
        token
    }

    /// The source text of a token (shortened if long), or `None` at the end.
    fn found(&self, token: &Token) -> Option<String> {
        if token.tok == Tok::Eof {
            return None;
        }
        let text = self.src.get(token.span.start..token.span.end).unwrap_or("");
        if text.chars().count() > 40 {
            Some(format!("{}…", text.chars().take(40).collect::<String>()))
        } else {
            Some(text.to_owned())
        }
    }

    fn unexpected(&self, expected: Expected, token: &Token) -> FormulaError {
        FormulaError::new(
            FormulaErrorKind::Unexpected {
                expected,
                found: self.found(token),
            },
            token.span,
        )
    }

    fn nest(&mut self, at: Span) -> Result<(), FormulaError> {
        self.nesting += 1;
        if self.nesting > MAX_NESTING {
            return Err(FormulaError::new(
                FormulaErrorKind::TooDeep(MAX_NESTING),
                at,
            ));
        }
        Ok(())
    }

    fn unnest(&mut self) {
        self.nesting = self.nesting.saturating_sub(1);
    }

    fn deeper(depth: usize, at: Span) -> Result<usize, FormulaError> {
        let depth = depth + 1;
        if depth > MAX_DEPTH {
            return Err(FormulaError::new(FormulaErrorKind::TooDeep(MAX_DEPTH), at));
        }
        Ok(depth)
    }

    fn binary(op: BinaryOp, lhs: Node, rhs: Node, op_span: Span) -> PResult {
        let depth = Self::deeper(lhs.1.max(rhs.1), op_span)?;
        let span = lhs.0.span.to(rhs.0.span);
        let kind = ExprKind::Binary {
            op,
            lhs: Box::new(lhs.0),
            rhs: Box::new(rhs.0),
        };
        Ok((
            Expr {
                kind,
                span,
                token: op_span,
            },
            depth,
        ))
    }

    fn unary(op: UnaryOp, operand: Node, op_span: Span) -> PResult {
        let depth = Self::deeper(operand.1, op_span)?;
        let span = op_span.to(operand.0.span);
        let kind = ExprKind::Unary {
            op,
            operand: Box::new(operand.0),
        };
        Ok((
            Expr {
                kind,
                span,
                token: op_span,
            },
            depth,
        ))
    }

    fn or(&mut self) -> PResult {
        let mut lhs = self.and()?;
        while self.peek().tok == Tok::OrOr || is_keyword(self.peek(), "or") {
            let op = self.advance();
            let rhs = self.and()?;
            lhs = Self::binary(BinaryOp::Or, lhs, rhs, op.span)?;
        }
        Ok(lhs)
    }

    fn and(&mut self) -> PResult {
        let mut lhs = self.not()?;
        while self.peek().tok == Tok::AndAnd || is_keyword(self.peek(), "and") {
            let op = self.advance();
            let rhs = self.not()?;
            lhs = Self::binary(BinaryOp::And, lhs, rhs, op.span)?;
        }
        Ok(lhs)
    }

    fn not(&mut self) -> PResult {
        if self.peek().tok == Tok::Bang || is_keyword(self.peek(), "not") {
            let op = self.advance();
            self.nest(op.span)?;
            let operand = self.not()?;
            self.unnest();
            return Self::unary(UnaryOp::Not, operand, op.span);
        }
        self.comparison()
    }

    fn comparison(&mut self) -> PResult {
        let lhs = self.sum()?;
        let Some(op) = comparison_op(&self.peek().tok) else {
            return Ok(lhs);
        };
        let op_token = self.advance();
        let rhs = self.sum()?;
        let node = Self::binary(op, lhs, rhs, op_token.span)?;
        if comparison_op(&self.peek().tok).is_some() {
            return Err(FormulaError::new(
                FormulaErrorKind::ChainedComparison,
                self.peek().span,
            ));
        }
        Ok(node)
    }

    fn sum(&mut self) -> PResult {
        let mut lhs = self.product()?;
        loop {
            let op = match self.peek().tok {
                Tok::Plus => BinaryOp::Add,
                Tok::Minus => BinaryOp::Sub,
                _ => return Ok(lhs),
            };
            let op_token = self.advance();
            let rhs = self.product()?;
            lhs = Self::binary(op, lhs, rhs, op_token.span)?;
        }
    }

    fn product(&mut self) -> PResult {
        let mut lhs = self.prefix()?;
        loop {
            let op = match self.peek().tok {
                Tok::Star => BinaryOp::Mul,
                Tok::Slash => BinaryOp::Div,
                _ => return Ok(lhs),
            };
            let op_token = self.advance();
            let rhs = self.prefix()?;
            lhs = Self::binary(op, lhs, rhs, op_token.span)?;
        }
    }

    /// Unary minus (and a unary plus, which changes nothing).
    fn prefix(&mut self) -> PResult {
        match self.peek().tok {
            Tok::Minus => {
                let op = self.advance();
                self.nest(op.span)?;
                let operand = self.prefix()?;
                self.unnest();
                Self::unary(UnaryOp::Neg, operand, op.span)
            }
            Tok::Plus => {
                let op = self.advance();
                self.nest(op.span)?;
                let operand = self.prefix()?;
                self.unnest();
                Ok(operand)
            }
            _ => self.power(),
        }
    }

    fn power(&mut self) -> PResult {
        let base = self.primary()?;
        if self.peek().tok != Tok::Caret {
            return Ok(base);
        }
        let op = self.advance();
        self.nest(op.span)?;
        let exponent = self.prefix()?;
        self.unnest();
        Self::binary(BinaryOp::Pow, base, exponent, op.span)
    }

    fn primary(&mut self) -> PResult {
        let token = self.advance();
        let leaf = |kind, token_span| {
            Ok((
                Expr {
                    kind,
                    span: token.span,
                    token: token_span,
                },
                1,
            ))
        };
        match &token.tok {
            Tok::Number(value) => leaf(ExprKind::Number(*value), token.span),
            Tok::Const { name, name_span } => leaf(ExprKind::Constant(name.clone()), *name_span),
            Tok::Ref { code, code_span } => {
                let mut reference = Reference::new(code.clone());
                let end = self.modifiers(&mut reference)?;
                Ok((
                    Expr {
                        kind: ExprKind::Reference(reference),
                        span: token.span.to(end.unwrap_or(token.span)),
                        token: *code_span,
                    },
                    1,
                ))
            }
            Tok::LParen => {
                self.nest(token.span)?;
                let inner = self.or()?;
                self.unnest();
                let close = self.peek().clone();
                match close.tok {
                    Tok::RParen => {
                        self.advance();
                        Ok(inner)
                    }
                    Tok::Eof => Err(FormulaError::new(
                        FormulaErrorKind::Unclosed("("),
                        token.span,
                    )),
                    _ => Err(self.unexpected(Expected::CloseParen, &close)),
                }
            }
            Tok::Ident(word) => {
                if self.peek().tok == Tok::LParen {
                    return self.call(word, token.span);
                }
                if word.eq_ignore_ascii_case("not") {
                    return Err(FormulaError::new(
                        FormulaErrorKind::NotNeedsParentheses,
                        token.span,
                    ));
                }
                if KEYWORDS.iter().any(|k| word.eq_ignore_ascii_case(k)) {
                    return Err(self.unexpected(Expected::Operand, &token));
                }
                let names = KEYWORDS
                    .iter()
                    .copied()
                    .chain(Function::ALL.iter().map(|f| f.name()));
                let suggestion = closest(word, names).or_else(|| {
                    Code::parse(word)
                        .ok()
                        .map(|code| format!("#{{{code}}}"))
                });
                Err(FormulaError::new(
                    FormulaErrorKind::UnknownName {
                        name: word.clone(),
                        suggestion,
                    },
                    token.span,
                ))
            }
            _ => Err(self.unexpected(Expected::Operand, &token)),
        }
    }

    /// `name(args)`; the cursor is on the `(`.
    fn call(&mut self, name: &str, name_span: Span) -> PResult {
        let Some(function) = Function::from_name(name) else {
            let suggestion = closest(name, Function::ALL.iter().map(|f| f.name()));
            return Err(FormulaError::new(
                FormulaErrorKind::UnknownFunction {
                    name: name.to_owned(),
                    suggestion,
                },
                name_span,
            ));
        };
        let open = self.advance();
        self.nest(open.span)?;
        let mut args = Vec::new();
        let mut depth = 0;
        let close = if self.peek().tok == Tok::RParen {
            self.advance()
        } else {
            loop {
                let (arg, d) = self.or()?;
                depth = depth.max(d);
                args.push(arg);
                let next = self.advance();
                match next.tok {
                    Tok::Comma => {}
                    Tok::RParen => break next,
                    Tok::Eof => {
                        return Err(FormulaError::new(
                            FormulaErrorKind::Unclosed("("),
                            open.span,
                        ));
                    }
                    _ => return Err(self.unexpected(Expected::CommaOrClose, &next)),
                }
            }
        };
        self.unnest();
        if !function.accepts(args.len()) {
            return Err(FormulaError::new(
                FormulaErrorKind::WrongArity {
                    function,
                    found: args.len(),
                },
                name_span,
            ));
        }
        let depth = Self::deeper(depth, name_span)?;
        Ok((
            Expr {
                kind: ExprKind::Call { function, args },
                span: name_span.to(close.span),
                token: name_span,
            },
            depth,
        ))
    }

    /// Reads `.previous`, `.last_year`, `.offset(n)`, `.ytd` after a
    /// reference; returns the span of the last token read, if any.
    fn modifiers(&mut self, reference: &mut Reference) -> Result<Option<Span>, FormulaError> {
        let mut end = None;
        while self.peek().tok == Tok::Dot {
            self.advance();
            let token = self.advance();
            let Tok::Ident(name) = &token.tok else {
                return Err(self.unexpected(Expected::Modifier, &token));
            };
            end = Some(token.span);
            let conflict = || {
                FormulaError::new(
                    FormulaErrorKind::ConflictingModifier(name.clone()),
                    token.span,
                )
            };
            let shift = match normalize_name(name).as_str() {
                "previous" | "prev" => Some(Shift::Periods(-1)),
                "lastyear" => Some(Shift::LastYear),
                "offset" | "periodoffset" => {
                    let (n, close) = self.offset_argument()?;
                    end = Some(close);
                    Some(Shift::Periods(n))
                }
                "ytd" | "yeartodate" => {
                    if reference.year_to_date {
                        return Err(conflict());
                    }
                    reference.year_to_date = true;
                    None
                }
                _ => {
                    return Err(FormulaError::new(
                        FormulaErrorKind::UnknownModifier {
                            name: name.clone(),
                            suggestion: closest(name, MODIFIERS),
                        },
                        token.span,
                    ));
                }
            };
            if let Some(shift) = shift {
                if reference.shift != Shift::None {
                    return Err(conflict());
                }
                reference.shift = shift;
            }
            // DHIS2 style `.yearToDate()`: empty parentheses are allowed.
            if self.peek().tok == Tok::LParen && self.peek_at(1).tok == Tok::RParen {
                self.advance();
                end = Some(self.advance().span);
            }
        }
        Ok(end)
    }

    /// `( [+|-] INTEGER )` after `.offset`; returns the number and the span
    /// of the `)`.
    fn offset_argument(&mut self) -> Result<(i32, Span), FormulaError> {
        let open = self.advance();
        if open.tok != Tok::LParen {
            return Err(self.unexpected(Expected::OpenParen, &open));
        }
        let mut sign = 1.0;
        let mut token = self.advance();
        let start = token.span;
        if matches!(token.tok, Tok::Minus | Tok::Plus) {
            if token.tok == Tok::Minus {
                sign = -1.0;
            }
            token = self.advance();
        }
        let bad = |this: &Self, token: &Token| {
            let text = this
                .src
                .get(start.start..token.span.end)
                .unwrap_or("")
                .to_owned();
            FormulaError::new(FormulaErrorKind::BadOffset(text), start.to(token.span))
        };
        let n = match token.tok {
            Tok::Number(v) if v.fract() == 0.0 && v <= f64::from(MAX_OFFSET) => {
                // A whole number within ±MAX_OFFSET: the conversion is exact.
                (sign * v) as i32
            }
            Tok::Eof => {
                return Err(FormulaError::new(
                    FormulaErrorKind::Unclosed("("),
                    open.span,
                ));
            }
            _ => return Err(bad(self, &token)),
        };
        let close = self.advance();
        match close.tok {
            Tok::RParen => Ok((n, close.span)),
            Tok::Eof => Err(FormulaError::new(
                FormulaErrorKind::Unclosed("("),
                open.span,
            )),
            _ => Err(self.unexpected(Expected::CloseParen, &close)),
        }
    }
}
