//! Stable human codes (`ECO_GRDP_GROWTH`, `BN.SXD`) used in URLs, formulas and imports.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a text is not a valid code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// The code is empty.
    #[error("code is empty")]
    Empty,
    /// The code is longer than [`Code::MAX_LEN`].
    #[error("code «{0}» is longer than 64 characters")]
    TooLong(String),
    /// The code holds a character outside `A-Z a-z 0-9 _ . -`.
    #[error("code «{0}» may only hold letters A–Z, digits, '_', '.' and '-'")]
    BadChar(String),
}

impl CodeError {
    /// The same message in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            CodeError::Empty => "Mã không được để trống".to_string(),
            CodeError::TooLong(c) => format!("Mã «{c}» dài quá 64 ký tự"),
            CodeError::BadChar(c) => {
                format!("Mã «{c}» chỉ được chứa chữ A–Z, chữ số, '_', '.' và '-'")
            }
        }
    }
}

/// A stable, human-readable code: ASCII letters, digits, `_`, `.`, `-`; 1–64 characters.
///
/// Codes are case-sensitive as stored, and unique per kind of object.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Code(String);

impl Code {
    /// Longest code accepted.
    pub const MAX_LEN: usize = 64;

    /// Parses a code, trimming surrounding whitespace.
    pub fn parse(s: &str) -> Result<Code, CodeError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(CodeError::Empty);
        }
        if s.len() > Self::MAX_LEN {
            return Err(CodeError::TooLong(s.to_string()));
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        {
            return Err(CodeError::BadChar(s.to_string()));
        }
        Ok(Code(s.to_string()))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Code {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Code::parse(&s)
    }
}

impl From<Code> for String {
    fn from(c: Code) -> String {
        c.0
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn accepts_codes_with_dots_and_underscores() {
        assert_eq!(Code::parse(" BN.SXD ").unwrap().as_str(), "BN.SXD");
        assert_eq!(Code::parse("ECO_GRDP-1").unwrap().as_str(), "ECO_GRDP-1");
    }

    #[test]
    fn rejects_bad_codes() {
        assert_eq!(Code::parse("  "), Err(CodeError::Empty));
        assert!(matches!(Code::parse("a b"), Err(CodeError::BadChar(_))));
        assert!(matches!(Code::parse("Sở"), Err(CodeError::BadChar(_))));
        assert!(matches!(
            Code::parse(&"x".repeat(65)),
            Err(CodeError::TooLong(_))
        ));
    }
}
