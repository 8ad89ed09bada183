//! Rendering app errors: JSON for `/api`, a localized page for the rest.

use crate::i18n::{Lang, t_args};
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chiso_app::{AppError, ErrorKind, Problem};
use serde::Serialize;

/// The HTTP status for a kind of failure.
pub fn status_of(p: &Problem) -> StatusCode {
    match p.kind {
        ErrorKind::Invalid if p.code == "json.body" => StatusCode::BAD_REQUEST,
        ErrorKind::Invalid if p.code == "import.too_large" => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorKind::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorKind::Unauthenticated => StatusCode::UNAUTHORIZED,
        ErrorKind::Forbidden => StatusCode::FORBIDDEN,
        ErrorKind::NotFound => StatusCode::NOT_FOUND,
        ErrorKind::Conflict => StatusCode::CONFLICT,
        ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The localized message of a problem. An argument written `@key` (or `@k1,@k2`) is a
/// locale key, shown translated.
pub fn message(p: &Problem, lang: Lang) -> String {
    let args: Vec<(&str, String)> = p
        .args
        .iter()
        .map(|(k, v)| (*k, localize_arg(v, lang)))
        .collect();
    t_args(lang, &format!("error.{}", p.code), &args)
}

fn localize_arg(v: &str, lang: Lang) -> String {
    if !v.starts_with('@') {
        return v.to_string();
    }
    v.split(',')
        .map(|k| crate::i18n::t(lang, k.trim_start_matches('@')))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One error as the API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable machine code, e.g. `value.wrong_frequency`.
    pub code: String,
    /// Message in the caller's language (Accept-Language; Vietnamese by default).
    pub message: String,
    /// Message in Vietnamese.
    pub message_vi: String,
    /// Message in English.
    pub message_en: String,
    /// The offending field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The offending row: its 0-based index in a batch, or its row number in an imported
    /// file as the file's reader sees it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// The line of an imported text file the problem is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
}

/// The JSON error document: the first error, and for batches every error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDoc {
    /// The first (or only) error.
    pub error: ErrorBody,
    /// Every error of a batch, by row.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorBody>,
}

/// One problem as the API shows it.
pub fn body(p: &Problem, lang: Lang) -> ErrorBody {
    let line = p
        .args
        .iter()
        .find(|(k, _)| *k == "file_line")
        .and_then(|(_, v)| v.parse::<u64>().ok());
    let located = |lang: Lang| match line {
        Some(n) => t_args(
            lang,
            "error.at_line",
            &[("line", n.to_string()), ("message", message(p, lang))],
        ),
        None => message(p, lang),
    };
    ErrorBody {
        code: p.code.to_string(),
        message: located(lang),
        message_vi: located(Lang::Vi),
        message_en: located(Lang::En),
        field: p.field.clone(),
        row: p.row,
        line,
    }
}

/// An API failure, rendered as JSON in the caller's language.
#[derive(Debug)]
pub struct ApiError {
    /// What went wrong.
    pub error: AppError,
    /// The caller's language.
    pub lang: Lang,
}

impl ApiError {
    /// Wraps an app error.
    pub fn new(error: impl Into<AppError>, lang: Lang) -> ApiError {
        ApiError {
            error: error.into(),
            lang,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let AppError::Internal(detail) = &self.error {
            tracing::error!(%detail, "internal error");
        }
        let first = self.error.first();
        let errors = match &self.error {
            AppError::Problems(ps) if ps.len() > 1 => {
                ps.iter().map(|p| body(p, self.lang)).collect()
            }
            _ => Vec::new(),
        };
        let doc = ErrorDoc {
            error: body(&first, self.lang),
            errors,
        };
        (status_of(&first), Json(doc)).into_response()
    }
}
