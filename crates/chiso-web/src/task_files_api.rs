//! API for the files of resolutions and tasks: a resolution's documents, the evidence of a
//! progress report, and their download. Files go in the request body as they are; the
//! name and title go in the query.

use crate::AppState;
use crate::error::{ApiError, ErrorDoc};
use crate::extract::{ApiCaller, ApiQuery};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The file routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/resolutions/{code}/documents",
            axum::routing::post(attach_document),
        )
        .route(
            "/api/v1/task-updates/{id}/evidence",
            axum::routing::post(attach_evidence),
        )
        .route("/api/v1/task-files/{id}", axum::routing::get(download))
}

/// A file stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct FileStored {
    /// Its key (download at `/api/v1/task-files/{id}`).
    pub id: i64,
}

/// The name (and title) of an uploaded file.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct FileParams {
    /// The file's name, e.g. `ke-hoach.pdf` (its type is told from its bytes).
    pub name: String,
    /// A title for a document ("Kế hoạch 15/KH-UBND").
    #[serde(default)]
    pub title: Option<String>,
}

/// Attaches a document to a resolution (the province's task managers): PDF, image, .xlsx,
/// .docx, .ods or .odt, at most 10 MB.
#[utoipa::path(post, path = "/api/v1/resolutions/{code}/documents", tag = "resolutions",
    params(("code" = String, Path, description = "Resolution code"), FileParams),
    request_body(content = Vec<u8>, description = "The file"),
    responses((status = 201, body = FileStored), (status = 422, body = ErrorDoc),
              (status = 403, body = ErrorDoc)))]
pub(crate) async fn attach_document(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(code): Path<String>,
    ApiQuery(q): ApiQuery<FileParams>,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<FileStored>), ApiError> {
    let id = s
        .app
        .attach_resolution_document(
            &c.who,
            &code,
            q.title.as_deref().unwrap_or(""),
            &q.name,
            &body,
        )
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok((StatusCode::CREATED, Json(FileStored { id })))
}

/// Attaches evidence to a progress report still waiting for review (those who may report
/// on the task).
#[utoipa::path(post, path = "/api/v1/task-updates/{id}/evidence", tag = "resolutions",
    params(("id" = i64, Path, description = "Progress report"), FileParams),
    request_body(content = Vec<u8>, description = "The file"),
    responses((status = 201, body = FileStored), (status = 422, body = ErrorDoc),
              (status = 409, body = ErrorDoc), (status = 403, body = ErrorDoc)))]
pub(crate) async fn attach_evidence(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<FileParams>,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<FileStored>), ApiError> {
    let id = s
        .app
        .attach_update_evidence(&c.who, id, &q.name, &body)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok((StatusCode::CREATED, Json(FileStored { id })))
}

/// A resolution's document or a report's evidence, as it was uploaded.
#[utoipa::path(get, path = "/api/v1/task-files/{id}", tag = "resolutions",
    params(("id" = i64, Path, description = "File")),
    responses((status = 200, description = "The file"), (status = 404, body = ErrorDoc)))]
pub(crate) async fn download(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let (row, bytes) = s
        .app
        .task_file(id)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(([(header::CONTENT_TYPE, row.content_type)], bytes).into_response())
}
