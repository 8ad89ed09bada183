//! API for data exchange: import and export of data values (Chiso CSV, DHIS2 JSON and
//! CSV, ADX) and the code mappings they use.

use crate::AppState;
use crate::error::{ApiError, ErrorBody, ErrorDoc};
use crate::extract::{ApiCaller, ApiJson, ApiQuery};
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use chiso_app::Problem;
use chiso_app::exchange::{
    DEFAULT_SCHEME, ImportOptions, ImportProgress, MappingDoc, ValueImportReport, choose_format,
};
use chiso_app::values::ValueFilter;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

/// The exchange routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/data-values/import",
            axum::routing::post(import_values).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/api/v1/import-jobs/{id}", axum::routing::get(import_job))
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
    /// `true` to run the import in the background: the answer is 202 at once, with the
    /// job's address (`/api/v1/import-jobs/{id}`) for its progress and report.
    pub background: Option<bool>,
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

/// Imports data values from a file sent as the request body (written to a temporary file
/// as it arrives, so memory stays bounded). All records are saved, or none (unless
/// `accept_good`); a dry run saves nothing. Records equal to what is stored are left alone,
/// so sending the same file twice changes nothing. Answers 200 when the file is clean, 422
/// with every problem by record and line otherwise; with `background`, 202 and the job.
#[utoipa::path(post, path = "/api/v1/data-values/import", tag = "data-values",
    params(ValueImportParams),
    request_body(content = Vec<u8>, description = "The file: Chiso CSV, DHIS2 JSON or CSV, ADX XML, Excel"),
    responses((status = 200, body = ValueImportDoc), (status = 422, body = ValueImportDoc),
              (status = 202, body = ImportJobDoc),
              (status = 413, body = ErrorDoc), (status = 403, body = ErrorDoc)))]
pub(crate) async fn import_values(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiQuery(q): ApiQuery<ValueImportParams>,
    body: axum::body::Body,
) -> Result<Response, ApiError> {
    let spool = crate::spool::Spool::of_body(body)
        .await
        .map_err(|p| ApiError::new(p, c.lang))?;
    let name = q.name.clone().unwrap_or_default();
    let format = choose_format(q.format.as_deref(), &name, &spool.head)
        .map_err(|p| ApiError::new(p, c.lang))?;
    let mut options = ImportOptions::new(format, &name);
    options.dry_run = q.dry_run.unwrap_or(false);
    options.accept_good = q.accept_good.unwrap_or(false);
    options.scheme = q.scheme.as_deref().unwrap_or(DEFAULT_SCHEME).to_string();
    let size = spool.size;
    let reader = spool.into_reader().map_err(|p| ApiError::new(p, c.lang))?;
    if q.background.unwrap_or(false) {
        let id = s
            .app
            .start_import(&c.who, Box::new(reader), Some(size), options);
        let doc = job_doc(&s, &c.who, id, c.lang);
        let location = format!("/api/v1/import-jobs/{id}");
        return Ok((
            StatusCode::ACCEPTED,
            [(header::LOCATION, location)],
            Json(doc),
        )
            .into_response());
    }
    let report = s
        .app
        .import_values(
            &c.who,
            Box::new(reader),
            &options,
            Arc::new(ImportProgress::default()),
        )
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    let status = if report.problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Json(import_doc(report, c.lang))).into_response())
}

/// A background import as its owner sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportJobDoc {
    /// Job number.
    pub id: u64,
    /// Where to ask for it again.
    pub url: String,
    /// `running`, `done` or `failed`.
    pub state: String,
    /// The file's name.
    pub file_name: String,
    /// The file's size in bytes.
    pub total_bytes: Option<u64>,
    /// Bytes read so far.
    pub bytes: u64,
    /// Records read so far.
    pub records: u64,
    /// The report, once done.
    pub report: Option<ValueImportDoc>,
    /// What stopped it, if it failed.
    pub error: Option<String>,
}

fn job_doc(
    s: &AppState,
    who: &chiso_core::access::Principal,
    id: u64,
    lang: crate::i18n::Lang,
) -> Option<ImportJobDoc> {
    let j = s.app.job(who, id)?;
    let (state, report, error) = match j.state {
        chiso_app::jobs::JobState::Running => ("running", None, None),
        chiso_app::jobs::JobState::Done(r) => ("done", Some(import_doc(*r, lang)), None),
        chiso_app::jobs::JobState::Failed(e) => ("failed", None, Some(e)),
    };
    Some(ImportJobDoc {
        id,
        url: format!("/api/v1/import-jobs/{id}"),
        state: state.into(),
        file_name: j.file_name,
        total_bytes: j.total_bytes,
        bytes: j.bytes,
        records: j.records,
        report,
        error,
    })
}

/// A background import of the caller's: its progress, then its report.
#[utoipa::path(get, path = "/api/v1/import-jobs/{id}", tag = "data-values",
    params(("id" = u64, Path, description = "Job number")),
    responses((status = 200, body = ImportJobDoc), (status = 404, body = ErrorDoc)))]
pub(crate) async fn import_job(
    State(s): State<AppState>,
    c: ApiCaller,
    axum::extract::Path(id): axum::extract::Path<u64>,
) -> Result<Json<ImportJobDoc>, ApiError> {
    job_doc(&s, &c.who, id, c.lang).map(Json).ok_or_else(|| {
        ApiError::new(
            Problem::new(chiso_app::ErrorKind::NotFound, "not_found")
                .arg("what", format!("job {id}")),
            c.lang,
        )
    })
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
