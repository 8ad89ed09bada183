//! API for data exchange: import and export of data values (Chiso CSV, DHIS2 JSON and
//! CSV, ADX) and the code mappings they use.

use crate::AppState;
use crate::error::{ApiError, ErrorBody, ErrorDoc};
use crate::extract::{ApiCaller, ApiJson, ApiQuery};
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use chiso_app::exchange::{
    DEFAULT_SCHEME, ImportOptions, ImportProgress, MAX_FILE_BYTES, MappingDoc, ValueImportReport,
    choose_format,
};
use chiso_app::values::ValueFilter;
use chiso_app::{AppError, Problem};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

/// The exchange routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/data-values/import",
            axum::routing::post(import_values).layer(axum::extract::DefaultBodyLimit::max(
                usize::try_from(MAX_FILE_BYTES).unwrap_or(usize::MAX),
            )),
        )
        .route(
            "/api/v1/data-values/export",
            axum::routing::get(export_values),
        )
        .route(
            "/api/v1/mappings",
            axum::routing::get(list_mappings).put(put_mappings),
        )
}

/// Data value import options.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ValueImportParams {
    /// `csv` (Chiso's), `dhis2-json`, `dhis2-csv` or `adx`; by default told from the file
    /// name and content.
    pub format: Option<String>,
    /// The file's name (for the format guess and the audit trail).
    pub name: Option<String>,
    /// `true` to check only.
    pub dry_run: Option<bool>,
    /// `true` to save the good records even if some are bad (default: all or nothing).
    pub accept_good: Option<bool>,
    /// Which code mappings to use (default `dhis2`).
    pub scheme: Option<String>,
}

/// What an import did, with every problem located by record (`row`, 0-based) and line.
#[derive(Debug, Serialize, ToSchema)]
pub struct ValueImportDoc {
    /// The counts.
    #[serde(flatten)]
    pub report: ValueImportReport,
    /// The problems (at most 1,000; `more_problems` counts the rest).
    pub problems: Vec<ErrorBody>,
    /// Validation rules the imported values break (they do not stop the import).
    pub warnings: Vec<ErrorBody>,
}

/// Runs an import of an uploaded file held in memory.
pub(crate) async fn import_bytes(
    s: &AppState,
    who: &chiso_core::access::Principal,
    bytes: axum::body::Bytes,
    q: &ValueImportParams,
) -> Result<ValueImportReport, AppError> {
    let name = q.name.clone().unwrap_or_default();
    let head = &bytes[..bytes.len().min(512)];
    let format = choose_format(q.format.as_deref(), &name, head)?;
    let mut options = ImportOptions::new(format, &name);
    options.dry_run = q.dry_run.unwrap_or(false);
    options.accept_good = q.accept_good.unwrap_or(false);
    options.scheme = q.scheme.as_deref().unwrap_or(DEFAULT_SCHEME).to_string();
    s.app
        .import_values(
            who,
            Box::new(std::io::Cursor::new(bytes)),
            &options,
            Arc::new(ImportProgress::default()),
        )
        .await
}

/// Imports data values from a file sent as the request body. All records are saved, or
/// none (unless `accept_good`); a dry run saves nothing. Records equal to what is stored
/// are left alone, so sending the same file twice changes nothing. Answers 200 when the
/// file is clean, 422 with every problem by record and line otherwise.
#[utoipa::path(post, path = "/api/v1/data-values/import", tag = "data-values",
    params(ValueImportParams),
    request_body(content = Vec<u8>, description = "The file: Chiso CSV, DHIS2 JSON or CSV, ADX XML"),
    responses((status = 200, body = ValueImportDoc), (status = 422, body = ValueImportDoc),
              (status = 413, body = ErrorDoc), (status = 403, body = ErrorDoc)))]
pub(crate) async fn import_values(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiQuery(q): ApiQuery<ValueImportParams>,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<(StatusCode, Json<ValueImportDoc>), ApiError> {
    let bytes = body.map_err(|e| {
        ApiError::new(
            Problem::new(chiso_app::ErrorKind::Invalid, "import.too_large")
                .arg("size", e.body_text())
                .arg("max", MAX_FILE_BYTES),
            c.lang,
        )
    })?;
    let report = import_bytes(&s, &c.who, bytes, &q)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    let status = if report.problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Json(import_doc(report, c.lang))))
}

/// The report as the API shows it.
pub(crate) fn import_doc(report: ValueImportReport, lang: crate::i18n::Lang) -> ValueImportDoc {
    let body = |ps: &[Problem]| ps.iter().map(|p| crate::error::body(p, lang)).collect();
    let problems = body(&report.problems);
    let warnings = body(&report.warnings);
    ValueImportDoc {
        report,
        problems,
        warnings,
    }
}

/// Which values to export, and how.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ValueExportParams {
    /// `csv` (default), `dhis2-json`, `dhis2-csv` or `adx`.
    pub format: Option<String>,
    /// Indicator code.
    pub indicator: Option<String>,
    /// Org unit code.
    pub org_unit: Option<String>,
    /// `true` to include the unit's whole subtree.
    pub subtree: Option<bool>,
    /// First period.
    pub from: Option<String>,
    /// Last period.
    pub to: Option<String>,
    /// Which code mappings to write DHIS2 and ADX identifiers with (default `dhis2`).
    pub scheme: Option<String>,
}

/// Exports the selected values the caller may read, in a format that imports back.
#[utoipa::path(get, path = "/api/v1/data-values/export", tag = "data-values",
    params(ValueExportParams),
    responses((status = 200, description = "The file"), (status = 422, body = ErrorDoc)))]
pub(crate) async fn export_values(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiQuery(q): ApiQuery<ValueExportParams>,
) -> Result<Response, ApiError> {
    let format = choose_format(Some(q.format.as_deref().unwrap_or("csv")), "", &[])
        .map_err(|p| ApiError::new(p, c.lang))?;
    let filter = ValueFilter {
        indicator: q.indicator,
        org_unit: q.org_unit,
        subtree: q.subtree.unwrap_or(false),
        from: q.from,
        to: q.to,
    };
    let (bytes, _) = s
        .app
        .export_values(
            &c.who,
            &filter,
            format,
            q.scheme.as_deref().unwrap_or(DEFAULT_SCHEME),
            Vec::new(),
        )
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    let name = format!("chiso-values.{}", format.extension());
    Ok((
        [
            (header::CONTENT_TYPE, format.mime().to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// Which mappings to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct MappingParams {
    /// The scheme (default `dhis2`).
    pub scheme: Option<String>,
}

/// The code mappings of a scheme: other systems' identifiers → Chiso codes.
#[utoipa::path(get, path = "/api/v1/mappings", tag = "data-values", params(MappingParams),
    responses((status = 200, body = Vec<MappingDoc>)))]
pub(crate) async fn list_mappings(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiQuery(q): ApiQuery<MappingParams>,
) -> Result<Json<Vec<MappingDoc>>, ApiError> {
    let rows = s
        .app
        .code_mappings(q.scheme.as_deref().unwrap_or(DEFAULT_SCHEME))
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(rows))
}

/// How many mappings were saved.
#[derive(Debug, Serialize, ToSchema)]
pub struct MappingsSaved {
    /// Rows saved.
    pub saved: usize,
}

/// Adds or replaces code mappings (administrators): all rows, or none.
#[utoipa::path(put, path = "/api/v1/mappings", tag = "data-values", request_body = Vec<MappingDoc>,
    responses((status = 200, body = MappingsSaved), (status = 422, body = ErrorDoc),
              (status = 403, body = ErrorDoc)))]
pub(crate) async fn put_mappings(
    State(s): State<AppState>,
    c: ApiCaller,
    body: ApiJson,
) -> Result<Json<MappingsSaved>, ApiError> {
    let rows: Vec<MappingDoc> =
        chiso_app::values::parse_json(&body.0).map_err(|p| ApiError::new(p, c.lang))?;
    let saved = s
        .app
        .set_code_mappings(&c.who, &rows)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(MappingsSaved { saved }))
}
