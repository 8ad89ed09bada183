//! Splits formula text into tokens, each with its position.

use crate::code::Code;

use super::ast::Span;
use super::error::{Expected, FormulaError, FormulaErrorKind, NameKind};

/// One token.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    /// A non-negative finite number.
    Number(f64),
    /// `#{CODE}`; the token's span covers the braces, `code_span` the code.
    Ref { code: Code, code_span: Span },
    /// `C{NAME}`.
    Const { name: Code, name_span: Span },
    /// A word: keyword, function or modifier name.
    Ident(String),
    LParen,
    RParen,
    Comma,
    Dot,
    Plus,
    Minus,
    Star,
    Slash,
    Caret,
    Lt,
    Le,
    Gt,
    Ge,
    EqEq,
    Ne,
    AndAnd,
    OrOr,
    Bang,
    Eof,
}

/// A token and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub span: Span,
}

#[derive(Clone, Copy)]
struct Mark {
    pos: usize,
    line: u32,
    column: u32,
}

struct Cursor<'a> {
    src: &'a str,
    pos: usize,
    line: u32,
    column: u32,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn peek_nth(&self, n: usize) -> Option<char> {
        self.rest().chars().nth(n)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line = self.line.saturating_add(1);
            self.column = 1;
        } else {
            self.column = self.column.saturating_add(1);
        }
        Some(c)
    }

    fn mark(&self) -> Mark {
        Mark {
            pos: self.pos,
            line: self.line,
            column: self.column,
        }
    }

    fn span_from(&self, mark: Mark) -> Span {
        Span {
            start: mark.pos,
            end: self.pos,
            line: mark.line,
            column: mark.column,
        }
    }

    fn text_from(&self, mark: Mark) -> &'a str {
        self.src.get(mark.pos..self.pos).unwrap_or("")
    }
}

/// Splits `src` into tokens, ending with [`Tok::Eof`].
pub(crate) fn lex(src: &str) -> Result<Vec<Token>, FormulaError> {
    let mut cur = Cursor {
        src,
        pos: 0,
        line: 1,
        column: 1,
    };
    let mut out = Vec::new();
    while let Some(c) = cur.peek() {
        if c.is_whitespace() {
            cur.bump();
            continue;
        }
        let mark = cur.mark();
        let tok = if c.is_ascii_digit() {
            number(&mut cur, mark)?
        } else if c.is_alphabetic() || c == '_' {
            while cur.peek().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                cur.bump();
            }
            let word = cur.text_from(mark);
            if (word == "C" || word == "c") && cur.peek() == Some('{') {
                let (name, name_span) = braced(&mut cur, mark, NameKind::Constant)?;
                Tok::Const { name, name_span }
            } else {
                Tok::Ident(word.to_owned())
            }
        } else if c == '#' {
            cur.bump();
            if cur.peek() != Some('{') {
                let at = cur.mark();
                let found = cur.bump().map(String::from);
                return Err(FormulaError::new(
                    FormulaErrorKind::Unexpected {
                        expected: Expected::OpenBrace,
                        found,
                    },
                    cur.span_from(at),
                ));
            }
            let (code, code_span) = braced(&mut cur, mark, NameKind::Indicator)?;
            Tok::Ref { code, code_span }
        } else {
            cur.bump();
            let mut pair = |next: char, yes: Tok, no: Tok| {
                if cur.peek() == Some(next) {
                    cur.bump();
                    yes
                } else {
                    no
                }
            };
            match c {
                '(' => Tok::LParen,
                ')' => Tok::RParen,
                ',' | ';' => Tok::Comma,
                '.' => Tok::Dot,
                '+' => Tok::Plus,
                '-' | '\u{2212}' | '\u{2013}' => Tok::Minus,
                '*' | '×' => Tok::Star,
                '/' | '÷' => Tok::Slash,
                '^' => Tok::Caret,
                '<' => {
                    if cur.peek() == Some('>') {
                        cur.bump();
                        Tok::Ne
                    } else {
                        pair('=', Tok::Le, Tok::Lt)
                    }
                }
                '>' => pair('=', Tok::Ge, Tok::Gt),
                '=' => pair('=', Tok::EqEq, Tok::EqEq),
                '!' => pair('=', Tok::Ne, Tok::Bang),
                '≤' => Tok::Le,
                '≥' => Tok::Ge,
                '≠' => Tok::Ne,
                '&' if cur.peek() == Some('&') => {
                    cur.bump();
                    Tok::AndAnd
                }
                '|' if cur.peek() == Some('|') => {
                    cur.bump();
                    Tok::OrOr
                }
                other => {
                    return Err(FormulaError::new(
                        FormulaErrorKind::UnexpectedChar(other),
                        cur.span_from(mark),
                    ));
                }
            }
        };
        out.push(Token {
            tok,
            span: cur.span_from(mark),
        });
    }
    out.push(Token {
        tok: Tok::Eof,
        span: cur.span_from(cur.mark()),
    });
    Ok(out)
}

/// Reads `DIGITS [. DIGITS] [e [+-] DIGITS]`.
fn number(cur: &mut Cursor<'_>, mark: Mark) -> Result<Tok, FormulaError> {
    let digits = |cur: &mut Cursor<'_>| {
        while cur.peek().is_some_and(|c| c.is_ascii_digit()) {
            cur.bump();
        }
    };
    digits(cur);
    if cur.peek() == Some('.') && cur.peek_nth(1).is_some_and(|c| c.is_ascii_digit()) {
        cur.bump();
        digits(cur);
    }
    if matches!(cur.peek(), Some('e' | 'E')) {
        let exponent = match cur.peek_nth(1) {
            Some(c) if c.is_ascii_digit() => true,
            Some('+' | '-') => cur.peek_nth(2).is_some_and(|c| c.is_ascii_digit()),
            _ => false,
        };
        if exponent {
            cur.bump();
            if matches!(cur.peek(), Some('+' | '-')) {
                cur.bump();
            }
            digits(cur);
        }
    }
    let text = cur.text_from(mark);
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(Tok::Number(value)),
        _ => Err(FormulaError::new(
            FormulaErrorKind::NumberTooLarge(text.to_owned()),
            cur.span_from(mark),
        )),
    }
}

/// Reads `{CODE}` after `#` or `C` (the cursor is on the `{`); `open` marks
/// the `#` or `C`.
fn braced(cur: &mut Cursor<'_>, open: Mark, what: NameKind) -> Result<(Code, Span), FormulaError> {
    cur.bump();
    let content = cur.mark();
    loop {
        match cur.peek() {
            Some('}') => break,
            None | Some('\n' | '{' | '#') => {
                let bracket = if what == NameKind::Indicator { "#{" } else { "C{" };
                return Err(FormulaError::new(
                    FormulaErrorKind::Unclosed(bracket),
                    cur_span(open, content),
                ));
            }
            Some(_) => {
                cur.bump();
            }
        }
    }
    let raw = cur.text_from(content);
    let leading = raw.len() - raw.trim_start().len();
    let leading_chars = raw.get(..leading).map_or(0, |s| s.chars().count());
    let trimmed = raw.trim();
    let code_span = Span {
        start: content.pos + leading,
        end: content.pos + leading + trimmed.len(),
        line: content.line,
        column: content
            .column
            .saturating_add(u32::try_from(leading_chars).unwrap_or(u32::MAX)),
    };
    cur.bump();
    match Code::parse(raw) {
        Ok(code) => Ok((code, code_span)),
        Err(error) => Err(FormulaError::new(
            FormulaErrorKind::InvalidCode { what, error },
            if trimmed.is_empty() {
                cur_span(open, cur.mark())
            } else {
                code_span
            },
        )),
    }
}

fn cur_span(from: Mark, to: Mark) -> Span {
    Span {
        start: from.pos,
        end: to.pos,
        line: from.line,
        column: from.column,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        match lex(src) {
            Ok(tokens) => tokens.into_iter().map(|t| t.tok).collect(),
            Err(e) => panic!("lex error: {e}"),
        }
    }

    fn err(src: &str) -> FormulaError {
        match lex(src) {
            Ok(tokens) => panic!("expected an error, got {tokens:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(
            toks("1 1.5 1e3 2.5E-2 7e+1"),
            [
                Tok::Number(1.0),
                Tok::Number(1.5),
                Tok::Number(1000.0),
                Tok::Number(0.025),
                Tok::Number(70.0),
                Tok::Eof
            ]
        );
        // `2e` is the number 2 followed by the word `e`; `1.` is 1 then a dot.
        assert_eq!(
            toks("2e 1."),
            [
                Tok::Number(2.0),
                Tok::Ident("e".into()),
                Tok::Number(1.0),
                Tok::Dot,
                Tok::Eof
            ]
        );
        assert_eq!(
            err("1e999").kind,
            FormulaErrorKind::NumberTooLarge("1e999".into())
        );
    }

    #[test]
    fn operators_and_aliases() {
        assert_eq!(
            toks("< <= > >= == != = <> ≤ ≥ ≠ && || ! × ÷ − ;"),
            [
                Tok::Lt,
                Tok::Le,
                Tok::Gt,
                Tok::Ge,
                Tok::EqEq,
                Tok::Ne,
                Tok::EqEq,
                Tok::Ne,
                Tok::Le,
                Tok::Ge,
                Tok::Ne,
                Tok::AndAnd,
                Tok::OrOr,
                Tok::Bang,
                Tok::Star,
                Tok::Slash,
                Tok::Minus,
                Tok::Comma,
                Tok::Eof
            ]
        );
        assert_eq!(err("a & b").kind, FormulaErrorKind::UnexpectedChar('&'));
        assert_eq!(err("a & b").span.column, 3);
    }

    #[test]
    fn references_and_constants_with_positions() {
        let tokens = lex("1 + #{ ECO_GRDP } * C{POP}").unwrap_or_default();
        assert_eq!(tokens.len(), 6);
        match &tokens[2].tok {
            Tok::Ref { code, code_span } => {
                assert_eq!(code.as_str(), "ECO_GRDP");
                assert_eq!(code_span.column, 8);
            }
            other => panic!("not a reference: {other:?}"),
        }
        assert_eq!(tokens[2].span.column, 5);
        match &tokens[4].tok {
            Tok::Const { name, name_span } => {
                assert_eq!(name.as_str(), "POP");
                assert_eq!(name_span.column, 23);
            }
            other => panic!("not a constant: {other:?}"),
        }
        // A word `C` not followed by a brace is just a word.
        assert_eq!(toks("C"), [Tok::Ident("C".into()), Tok::Eof]);
    }

    #[test]
    fn columns_count_characters_and_lines() {
        let e = err("tổng + \n  1 @");
        assert_eq!(e.kind, FormulaErrorKind::UnexpectedChar('@'));
        assert_eq!((e.span.line, e.span.column), (2, 5));
        let tokens = lex("tổng + x").unwrap_or_default();
        assert_eq!(tokens[1].span.column, 6);
    }

    #[test]
    fn bad_braces() {
        let e = err("1 + #{ECO_GRDP");
        assert_eq!(e.kind, FormulaErrorKind::Unclosed("#{"));
        assert_eq!(e.span.column, 5);
        let e = err("#{A + #{B}");
        assert_eq!(e.kind, FormulaErrorKind::Unclosed("#{"));
        let e = err("#{Sở KH}");
        assert!(matches!(e.kind, FormulaErrorKind::InvalidCode { .. }));
        assert_eq!(e.span.column, 3);
        let e = err("#{}");
        assert!(matches!(e.kind, FormulaErrorKind::InvalidCode { .. }));
        let e = err("# {A}");
        assert!(matches!(
            e.kind,
            FormulaErrorKind::Unexpected {
                expected: Expected::OpenBrace,
                ..
            }
        ));
        assert_eq!(e.span.column, 2);
    }
}
