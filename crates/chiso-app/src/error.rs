//! The one error type of the use-case layer: a stable code, the kind of failure,
//! the offending field and row, and named arguments for the localized message.

use chiso_store::StoreError;

/// What sort of failure, which decides the HTTP status at the edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input is malformed or breaks a rule (422 / 400).
    Invalid,
    /// Not signed in or bad credentials (401).
    Unauthenticated,
    /// Signed in but not allowed (403).
    Forbidden,
    /// The object does not exist (404).
    NotFound,
    /// Clashes with existing data, e.g. a duplicate code (409).
    Conflict,
    /// Something broke inside; details are logged, not shown (500).
    Internal,
}

/// One problem, located. The message text comes from the locale catalogue under
/// `error.<code>`, with `{name}` placeholders filled from `args`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{code} (field {field:?}, row {row:?}, {args:?})")]
pub struct Problem {
    /// Failure kind.
    pub kind: ErrorKind,
    /// Stable code, e.g. `value.wrong_frequency`.
    pub code: &'static str,
    /// The offending field, as named in the API.
    pub field: Option<String>,
    /// The offending row (0-based) in a batch.
    pub row: Option<usize>,
    /// Values for the message placeholders.
    pub args: Vec<(&'static str, String)>,
}

impl Problem {
    /// A new problem of `kind` with `code`.
    pub fn new(kind: ErrorKind, code: &'static str) -> Problem {
        Problem {
            kind,
            code,
            field: None,
            row: None,
            args: Vec::new(),
        }
    }

    /// An invalid-input problem.
    pub fn invalid(code: &'static str) -> Problem {
        Problem::new(ErrorKind::Invalid, code)
    }

    /// Names the offending field.
    pub fn field(mut self, f: impl Into<String>) -> Problem {
        self.field = Some(f.into());
        self
    }

    /// Names the offending row.
    pub fn row(mut self, r: usize) -> Problem {
        self.row = Some(r);
        self
    }

    /// Adds a message argument.
    pub fn arg(mut self, name: &'static str, v: impl ToString) -> Problem {
        self.args.push((name, v.to_string()));
        self
    }
}

/// Errors of the app layer.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// One problem the caller can fix.
    #[error("{0}")]
    Problem(Problem),
    /// Several problems (a batch); nothing was written.
    #[error("{} problems, first: {}", .0.len(), .0[0])]
    Problems(Vec<Problem>),
    /// An internal failure.
    #[error("internal: {0}")]
    Internal(String),
}

impl AppError {
    /// The first (or only) problem, or an internal one.
    pub fn first(&self) -> Problem {
        match self {
            AppError::Problem(p) => p.clone(),
            AppError::Problems(ps) => ps
                .first()
                .cloned()
                .unwrap_or_else(|| Problem::new(ErrorKind::Internal, "internal")),
            AppError::Internal(_) => Problem::new(ErrorKind::Internal, "internal"),
        }
    }
}

impl From<Problem> for AppError {
    fn from(p: Problem) -> Self {
        AppError::Problem(p)
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Duplicate(what) => AppError::Problem(
                Problem::new(ErrorKind::Conflict, "duplicate")
                    .field(field_of_constraint(&what))
                    .arg("what", what),
            ),
            StoreError::NotFound(what) => {
                AppError::Problem(Problem::new(ErrorKind::NotFound, "not_found").arg("what", what))
            }
            other => AppError::Internal(other.to_string()),
        }
    }
}

/// Best guess of the API field a unique constraint protects (`code` for every table's codes).
fn field_of_constraint(what: &str) -> String {
    if what.contains("username") {
        "username".into()
    } else {
        "code".into()
    }
}

/// Result of a use case.
pub type AppResult<T> = Result<T, AppError>;
