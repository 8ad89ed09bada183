//! JSON API v1 (`/api/v1`): org units, indicators, data values, `me`, tokens; and the
//! OpenAPI document generated from the handlers' annotations.

use crate::AppState;
use crate::error::{ApiError, ErrorBody, ErrorDoc};
use crate::extract::{ApiCaller, ApiJson, ApiQuery};
use crate::i18n::{Lang, catalogue_labels};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use chiso_app::Problem;
use chiso_app::analytics::{Analysis, DataScope};
use chiso_app::catalogue::IndicatorRow;
use chiso_app::catalogue::{CatalogueQuery, IndicatorInput, Listing};
use chiso_app::catalogue_io::{ImportReport, RowAction, RowOutcome};
use chiso_app::explanations::ExplanationInput;
use chiso_app::org::OrgUnitInput;
use chiso_app::paging::Page as PageReq;
use chiso_app::resolutions::{ProgressInput, ResolutionInput, TaskInput};
use chiso_app::sets::SetInput;
use chiso_app::targets::TargetInput;
use chiso_app::values::{ApproveInput, UpsertReport, ValueFilter, ValueInput, ValueView};
use chiso_app::workflow::{Candidate, Duplicate};
use chiso_core::access::Role;
use chiso_core::indicator::{Field, Indicator, IndicatorGroup, LifecycleStatus};
use chiso_core::org::{OrgKind, OrgTree, OrgUnit};
use chiso_core::sets::SetDiff;
use chiso_core::value::ValueChannel;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

/// The API routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/me", get(me))
        .route("/api/v1/sets", get(list_sets).post(promulgate))
        .route("/api/v1/sets/{code}/versions/{version}", get(set_version))
        .route("/api/v1/sets/{code}/diff", get(set_diff))
        .route(
            "/api/v1/indicators/{code}/transitions",
            axum::routing::post(transition),
        )
        .route("/api/v1/indicators/{code}/duplicates", get(duplicates))
        .route(
            "/api/v1/indicators/duplicates",
            axum::routing::post(candidate_duplicates),
        )
        .route("/api/v1/coverage", get(coverage))
        .route("/api/v1/analytics", get(analytics))
        .route("/api/v1/analysis", get(analysis))
        .route("/api/v1/dashboard", get(dashboard))
        .route("/api/v1/submissions", get(submissions))
        .route(
            "/api/v1/resolutions",
            get(list_resolutions).post(create_resolution),
        )
        .route("/api/v1/resolutions/overview", get(resolutions_overview))
        .route("/api/v1/resolutions/{code}", get(get_resolution))
        .route(
            "/api/v1/resolutions/{code}/tasks",
            axum::routing::post(add_task),
        )
        .route(
            "/api/v1/resolutions/{code}/tasks/import",
            axum::routing::post(import_tasks),
        )
        .route(
            "/api/v1/tasks/{code}/progress",
            axum::routing::post(report_progress),
        )
        .route(
            "/api/v1/task-updates/{id}/review",
            axum::routing::post(review_update),
        )
        .route(
            "/api/v1/tasks/{code}/evaluation",
            axum::routing::post(evaluate_task),
        )
        .route(
            "/api/v1/explanations",
            get(list_explanations).post(ask_explanation),
        )
        .route(
            "/api/v1/explanations/{id}/answer",
            axum::routing::post(answer_explanation),
        )
        .route("/api/v1/targets", axum::routing::put(set_targets))
        .route(
            "/api/v1/indicators/{code}/screening",
            axum::routing::post(screening),
        )
        .route("/api/v1/tokens", axum::routing::post(create_token))
        .route(
            "/api/v1/org-units",
            get(list_org_units).post(create_org_unit),
        )
        .route("/api/v1/org-units/{code}", get(get_org_unit))
        .route(
            "/api/v1/indicators",
            get(list_indicators).post(create_indicator),
        )
        .route(
            "/api/v1/indicators/{code}",
            get(get_indicator).put(update_indicator),
        )
        .route("/api/v1/indicators/export", get(export_catalogue))
        .route(
            "/api/v1/indicators/import",
            axum::routing::post(import_catalogue),
        )
        .route("/api/v1/data-values", get(list_values).post(upsert_values))
        .route(
            "/api/v1/data-values/approve",
            axum::routing::post(approve_values),
        )
        .route("/api/v1/openapi.json", get(openapi_json))
}

/// The OpenAPI document of API v1.
#[derive(OpenApi)]
#[openapi(
    info(title = "Chiso API", version = "1", description = "Steering and operation index system — indicators, org units, data values."),
    paths(me, create_token, list_org_units, get_org_unit, create_org_unit, list_indicators,
          get_indicator, create_indicator, update_indicator, transition, duplicates, screening,
          list_values, upsert_values, list_sets, promulgate, set_version, set_diff,
          export_catalogue, import_catalogue, candidate_duplicates, coverage, analytics, analysis, set_targets, dashboard, approve_values, submissions,
          list_resolutions, create_resolution, get_resolution, add_task, report_progress, resolutions_overview,
          list_explanations, ask_explanation, answer_explanation, review_update, evaluate_task, import_tasks,
          crate::exchange_api::import_values, crate::exchange_api::import_job,
          crate::exchange_api::export_values,
          crate::exchange_api::list_mappings, crate::exchange_api::put_mappings,
          crate::approvals_api::queue, crate::approvals_api::approve,
          crate::approvals_api::request_unlock, crate::approvals_api::decide,
          crate::approvals_api::list_rules, crate::approvals_api::put_rules,
          crate::approvals_api::quality, crate::approvals_api::get_deadlines,
          crate::approvals_api::put_deadlines, crate::approvals_api::return_submission,
          crate::indices_api::list_indices, crate::indices_api::get_ranking,
          crate::indices_api::get_unit, crate::indices_api::get_sensitivity,
          crate::indices_api::put_methodology, crate::indices_api::import_scores,
          crate::indices_api::put_note, crate::task_files_api::attach_document,
          crate::task_files_api::attach_evidence, crate::task_files_api::download),
    components(schemas(ErrorDoc, IndicatorInput, OrgUnitInput, ValueInput, UpsertReport, ValueView,
                       SetInput, SetDiff, ImportReportDoc, RowOutcome, RowAction, Candidate, CoverageDoc, CoverageCell, AnalysisDto, AnalyticsTableDto, AnalyticsRowDto, PointDto, TargetInput, DashboardDto, DashItemDto, ApproveInput, SubmissionsDto, UnitSubmissionsDto,
                       ResolutionInput, TaskInput, ProgressInput, ResolutionDto, TaskDto,
                       OverviewDto, OverviewTaskDto, UnitRecordDto,
                       ExplanationInput, ExplanationDto, MessageDto, AnswerInput,
                       ReviewInput, EvaluationInput, PendingDto,
                       crate::exchange_api::ValueImportDoc, crate::exchange_api::MappingsSaved,
                       crate::exchange_api::ImportJobDoc,
                       chiso_app::exchange::ValueImportReport, chiso_app::exchange::MappingDoc,
                       crate::approvals_api::ApprovalQueueDto, crate::approvals_api::PendingGroupDto,
                       crate::approvals_api::PendingValueDto, crate::approvals_api::UnlockDto,
                       crate::approvals_api::ApproveSubmissionInput, crate::approvals_api::ApprovedDto,
                       crate::approvals_api::UnlockInput, crate::approvals_api::UnlockCreated,
                       crate::approvals_api::UnlockDecisionInput, crate::approvals_api::RulesSaved,
                       crate::approvals_api::ViolationDto, crate::approvals_api::OutlierDto,
                       crate::approvals_api::QualityDto, crate::approvals_api::DeadlinesDto,
                       chiso_app::submissions::DeadlinesInput, crate::approvals_api::ReturnInput,
                       crate::approvals_api::ReturnedDto,
                       chiso_core::validation::ValidationRule, chiso_core::validation::Importance,
                       crate::indices_api::IndexDto, crate::indices_api::IndexYearDto,
                       crate::indices_api::RankingDto, crate::indices_api::RankingRowDto,
                       crate::indices_api::YearRankDto, crate::indices_api::UnitProfileDto,
                       crate::indices_api::ChangeDto, crate::indices_api::ComponentChangeDto,
                       crate::indices_api::GapDto, crate::indices_api::LostDto,
                       crate::indices_api::SensitivityDto, crate::indices_api::FactorDto,
                       crate::indices_api::RankStatsDto, crate::indices_api::MethodologySaved,
                       crate::indices_api::ScoresImported, crate::indices_api::NoteInput,
                       crate::task_files_api::FileStored)),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        // No licence has been chosen yet; do not advertise an empty one.
        openapi.info.license = None;
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    /// The items of this page.
    pub items: Vec<T>,
    /// How many items match in all.
    pub total: i64,
    /// This page's number, from 1.
    pub page: i64,
    /// Items per page (at most 1000).
    pub per_page: i64,
}

impl<T: ToSchema> Page<T> {
    fn from_listing<U>(l: Listing<U>, f: impl Fn(U) -> T) -> Page<T> {
        Page {
            items: l.items.into_iter().map(f).collect(),
            total: l.total,
            page: l.page.page,
            per_page: l.page.per_page,
        }
    }
}

/// A role granted on a unit.
#[derive(Debug, Serialize, ToSchema)]
pub struct GrantDto {
    /// Role.
    pub role: Role,
    /// Unit code (the role covers its subtree).
    pub org_unit: String,
}

/// The caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeDto {
    /// Login name.
    pub username: String,
    /// Full name.
    pub full_name: String,
    /// Preferred language.
    pub locale: String,
    /// Roles.
    pub grants: Vec<GrantDto>,
}

type ApiResult<T> = Result<T, ApiError>;

/// The caller and their roles.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts",
    responses((status = 200, body = MeDto), (status = 401, body = ErrorDoc)))]
async fn me(State(s): State<AppState>, c: ApiCaller) -> Json<MeDto> {
    let tree = s.app.tree();
    Json(MeDto {
        username: c.who.username,
        full_name: c.who.full_name,
        locale: c.who.locale,
        grants: c
            .who
            .grants
            .iter()
            .map(|g| GrantDto {
                role: g.role,
                org_unit: code_of(&tree, g.org_unit_id),
            })
            .collect(),
    })
}

/// A token request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    /// A name to recognise the token by (e.g. the system using it).
    pub name: String,
}

/// A newly created token, shown once.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenDto {
    /// The token; send it as `Authorization: Bearer <token>`. Only its hash is stored.
    pub token: String,
}

/// Creates an API token acting as the caller.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "accounts", request_body = TokenRequest,
    responses((status = 201, body = TokenDto), (status = 401, body = ErrorDoc)))]
async fn create_token(
    State(s): State<AppState>,
    c: ApiCaller,
    body: ApiJson,
) -> ApiResult<(StatusCode, Json<TokenDto>)> {
    let req: TokenRequest = body.parse().map_err(|p| ApiError::new(p, c.lang))?;
    let token = s
        .app
        .create_api_token(&c.who, req.name.trim())
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok((StatusCode::CREATED, Json(TokenDto { token })))
}

fn code_of(tree: &OrgTree, id: i64) -> String {
    tree.get(id).map(|u| u.code.to_string()).unwrap_or_default()
}

/// An org unit as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrgUnitDto {
    /// Code.
    pub code: String,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Parent code.
    pub parent: Option<String>,
    /// Level (1 = province).
    pub level: i32,
    /// Agency or locality.
    pub kind: OrgKind,
    /// First day of existence.
    pub valid_from: Option<NaiveDate>,
    /// Last day of existence.
    pub valid_to: Option<NaiveDate>,
    /// Number of direct children.
    pub children: usize,
    /// GeoJSON geometry.
    pub geometry: Option<serde_json::Value>,
}

fn org_dto(tree: &OrgTree, u: &OrgUnit) -> OrgUnitDto {
    OrgUnitDto {
        code: u.code.to_string(),
        name_vi: u.name_vi.clone(),
        name_en: u.name_en.clone(),
        parent: u.parent_id.map(|p| code_of(tree, p)),
        level: u.level,
        kind: u.kind,
        valid_from: u.valid_from,
        valid_to: u.valid_to,
        children: tree.children(u.id).len(),
        geometry: u
            .geometry
            .as_deref()
            .and_then(|g| serde_json::from_str(g).ok()),
    }
}

/// Filters for org units.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrgParams {
    /// Only children of this unit.
    pub parent: Option<String>,
    /// Only this kind.
    pub kind: Option<String>,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Items per page, 1–1000 (default 50).
    pub per_page: Option<i64>,
}

/// Lists org units (roots first, then by level).
#[utoipa::path(get, path = "/api/v1/org-units", tag = "org-units", params(OrgParams),
    responses((status = 200, body = Page<OrgUnitDto>), (status = 422, body = ErrorDoc)))]
async fn list_org_units(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiQuery(q): ApiQuery<OrgParams>,
) -> ApiResult<Json<Page<OrgUnitDto>>> {
    let err = |p: Problem| ApiError::new(p, c.lang);
    let page = PageReq::new(q.page, q.per_page).map_err(err)?;
    let tree = s.app.tree();
    let kind = match q.kind.as_deref() {
        None | Some("") => None,
        Some(k) => Some(OrgKind::parse(k).ok_or_else(|| {
            err(Problem::invalid("query.invalid")
                .field("kind")
                .arg("detail", k))
        })?),
    };
    let parent = match q.parent.as_deref().filter(|p| !p.is_empty()) {
        None => None,
        Some(code) => Some(
            s.app
                .org_unit(code)
                .map_err(|e| ApiError::new(e, c.lang))?
                .id,
        ),
    };
    let all: Vec<&OrgUnit> = tree
        .units()
        .iter()
        .filter(|u| kind.is_none_or(|k| u.kind == k))
        .filter(|u| parent.is_none_or(|p| u.parent_id == Some(p)))
        .collect();
    let items = all
        .iter()
        .skip(page.offset() as usize)
        .take(page.per_page as usize)
        .map(|u| org_dto(&tree, u))
        .collect();
    Ok(Json(Page {
        items,
        total: all.len() as i64,
        page: page.page,
        per_page: page.per_page,
    }))
}

/// One org unit.
#[utoipa::path(get, path = "/api/v1/org-units/{code}", tag = "org-units",
    params(("code" = String, Path, description = "Unit code")),
    responses((status = 200, body = OrgUnitDto), (status = 404, body = ErrorDoc)))]
async fn get_org_unit(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(code): Path<String>,
) -> ApiResult<Json<OrgUnitDto>> {
    let u = s
        .app
        .org_unit(&code)
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(org_dto(&s.app.tree(), &u)))
}

/// Creates an org unit under a parent the caller administers.
#[utoipa::path(post, path = "/api/v1/org-units", tag = "org-units", request_body = OrgUnitInput,
    responses((status = 201, body = OrgUnitDto), (status = 403, body = ErrorDoc),
              (status = 409, body = ErrorDoc), (status = 422, body = ErrorDoc)))]
async fn create_org_unit(
    State(s): State<AppState>,
    c: ApiCaller,
    body: ApiJson,
) -> ApiResult<(StatusCode, Json<OrgUnitDto>)> {
    let input: OrgUnitInput = body.parse().map_err(|p| ApiError::new(p, c.lang))?;
    let u = s
        .app
        .create_org_unit(&c.who, &input)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok((StatusCode::CREATED, Json(org_dto(&s.app.tree(), &u))))
}

/// An indicator as the API shows it: the attribute sheet with the owner's code and name.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorDto {
    /// Code, version and sheet.
    #[serde(flatten)]
    pub indicator: Indicator,
    /// Owner agency code.
    pub owner: String,
    /// Owner agency name (Vietnamese).
    pub owner_name: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// Builds the API view of an indicator.
pub fn indicator_dto(tree: &OrgTree, r: IndicatorRow) -> IndicatorDto {
    let owner = tree.get(r.indicator.sheet.owner_id);
    IndicatorDto {
        owner: owner.map(|u| u.code.to_string()).unwrap_or_default(),
        owner_name: owner.map(|u| u.name_vi.clone()).unwrap_or_default(),
        indicator: r.indicator,
        created_at: r.created_at,
        updated_at: r.updated_at,
    }
}

/// Catalogue filters.
#[derive(Debug, Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct IndicatorParams {
    /// Group: input, process, output, outcome, composite.
    pub group: Option<String>,
    /// Field: economy, finance, investment, enterprises, society, public_administration.
    pub field: Option<String>,
    /// Owner agency code.
    pub owner: Option<String>,
    /// Lifecycle status.
    pub status: Option<String>,
    /// Search text (accents optional, any word order).
    pub q: Option<String>,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Items per page, 1–1000 (default 50).
    pub per_page: Option<i64>,
}

fn parse_opt<T>(
    v: &Option<String>,
    field: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, Problem> {
    match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => parse(s).map(Some).ok_or_else(|| {
            Problem::invalid("query.invalid")
                .field(field)
                .arg("detail", s)
        }),
    }
}

impl IndicatorParams {
    /// The app-level query.
    pub fn to_query(&self) -> Result<CatalogueQuery, Problem> {
        Ok(CatalogueQuery {
            group: parse_opt(&self.group, "group", IndicatorGroup::parse)?,
            field: parse_opt(&self.field, "field", Field::parse)?,
            owner: self.owner.clone().filter(|s| !s.trim().is_empty()),
            status: parse_opt(&self.status, "status", LifecycleStatus::parse)?,
            text: self.q.clone(),
        })
    }
}

/// Lists the catalogue, ordered by code.
#[utoipa::path(get, path = "/api/v1/indicators", tag = "indicators", params(IndicatorParams),
    responses((status = 200, body = Page<IndicatorDto>), (status = 422, body = ErrorDoc)))]
async fn list_indicators(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiQuery(q): ApiQuery<IndicatorParams>,
) -> ApiResult<Json<Page<IndicatorDto>>> {
    let err = |p: Problem| ApiError::new(p, c.lang);
    let page = PageReq::new(q.page, q.per_page).map_err(err)?;
    let query = q.to_query().map_err(err)?;
    let l = s
        .app
        .list_indicators(&c.who, &query, page)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    let tree = s.app.tree();
    Ok(Json(Page::from_listing(l, |r| indicator_dto(&tree, r))))
}

/// One indicator.
#[utoipa::path(get, path = "/api/v1/indicators/{code}", tag = "indicators",
    params(("code" = String, Path, description = "Indicator code")),
    responses((status = 200, body = IndicatorDto), (status = 404, body = ErrorDoc)))]
async fn get_indicator(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(code): Path<String>,
) -> ApiResult<Json<IndicatorDto>> {
    let r = s
        .app
        .indicator(&code)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(indicator_dto(&s.app.tree(), r)))
}

/// Creates an indicator (catalogue editors of the owner agency).
#[utoipa::path(post, path = "/api/v1/indicators", tag = "indicators", request_body = IndicatorInput,
    responses((status = 201, body = IndicatorDto), (status = 403, body = ErrorDoc),
              (status = 409, body = ErrorDoc), (status = 422, body = ErrorDoc)))]
async fn create_indicator(
    State(s): State<AppState>,
    c: ApiCaller,
    body: ApiJson,
) -> ApiResult<(StatusCode, Json<IndicatorDto>)> {
    let input: IndicatorInput = body.parse().map_err(|p| ApiError::new(p, c.lang))?;
    let ind = s
        .app
        .create_indicator(&c.who, &input)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    let r = s
        .app
        .indicator(ind.code.as_str())
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok((StatusCode::CREATED, Json(indicator_dto(&s.app.tree(), r))))
}

/// Replaces an indicator's attribute sheet; a new definition starts a new version.
#[utoipa::path(put, path = "/api/v1/indicators/{code}", tag = "indicators", request_body = IndicatorInput,
    params(("code" = String, Path, description = "Indicator code")),
    responses((status = 200, body = IndicatorDto), (status = 403, body = ErrorDoc),
              (status = 404, body = ErrorDoc), (status = 422, body = ErrorDoc)))]
async fn update_indicator(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(code): Path<String>,
    body: ApiJson,
) -> ApiResult<Json<IndicatorDto>> {
    let input: IndicatorInput = body.parse().map_err(|p| ApiError::new(p, c.lang))?;
    s.app
        .update_indicator(&c.who, &code, &input)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    let r = s
        .app
        .indicator(&code)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(indicator_dto(&s.app.tree(), r)))
}

/// A step of the six-step workflow.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionRequest {
    /// The step to move to.
    pub to: LifecycleStatus,
    /// Why (required; kept in the audit trail).
    pub comment: String,
}

/// Moves an indicator to another step of the six-step workflow. Refused with the missing
/// attributes, the role that must act, or unsettled duplicates.
#[utoipa::path(post, path = "/api/v1/indicators/{code}/transitions", tag = "indicators",
    request_body = TransitionRequest,
    params(("code" = String, Path, description = "Indicator code")),
    responses((status = 200, body = IndicatorDto), (status = 403, body = ErrorDoc),
              (status = 404, body = ErrorDoc), (status = 422, body = ErrorDoc)))]
async fn transition(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(code): Path<String>,
    body: ApiJson,
) -> ApiResult<Json<IndicatorDto>> {
    let req: TransitionRequest = body.parse().map_err(|p| ApiError::new(p, c.lang))?;
    s.app
        .transition(&c.who, &code, req.to, &req.comment)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    let r = s
        .app
        .indicator(&code)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(indicator_dto(&s.app.tree(), r)))
}

/// A catalogue indicator similar to another.
#[derive(Debug, Serialize, ToSchema)]
pub struct DuplicateDto {
    /// Its code.
    pub code: String,
    /// Its Vietnamese name.
    pub name_vi: String,
    /// Similarity, 0–1.
    pub score: f64,
    /// At or above the likely-duplicate threshold (screening must decide).
    pub likely: bool,
    /// Same definition and source.
    pub conflict: bool,
    /// The recorded decision: `keep` or `merge`.
    pub decision: Option<String>,
    /// The reason recorded with the decision.
    pub reason: Option<String>,
}

fn duplicate_dto(d: Duplicate) -> DuplicateDto {
    DuplicateDto {
        code: d.other.indicator.code.to_string(),
        name_vi: d.other.indicator.sheet.name_vi.clone(),
        score: (d.score * 1000.0).round() / 1000.0,
        likely: d.likely,
        conflict: d.conflict,
        decision: d
            .decision
            .as_ref()
            .map(|x| if x.merge { "merge" } else { "keep" }.to_string()),
        reason: d.decision.map(|x| x.reason),
    }
}

/// Screens a proposed indicator before it is registered: the catalogue's indicators most
/// like it (by name with or without diacritics, definition, unit, frequency), best first.
#[utoipa::path(post, path = "/api/v1/indicators/duplicates", tag = "indicators",
    request_body = Candidate,
    responses((status = 200, body = Vec<DuplicateDto>), (status = 422, body = ErrorDoc)))]
async fn candidate_duplicates(
    State(s): State<AppState>,
    c: ApiCaller,
    body: ApiJson,
) -> ApiResult<Json<Vec<DuplicateDto>>> {
    let candidate: Candidate = body.parse().map_err(|p| ApiError::new(p, c.lang))?;
    let list = s
        .app
        .duplicates_of_candidate(&candidate)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(list.into_iter().map(duplicate_dto).collect()))
}

/// Coverage filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct CoverageParams {
    /// Only indicators owned by this agency (code).
    owner: Option<String>,
    /// Only indicators in the latest version of this set (code).
    set: Option<String>,
}

/// One cell of the coverage matrix.
#[derive(Debug, Serialize, ToSchema)]
pub struct CoverageCell {
    /// Group.
    pub group: IndicatorGroup,
    /// Field.
    pub field: Field,
    /// Indicators in the cell.
    pub count: i64,
}

/// The coverage matrix: every group × field cell, empty ones included.
#[derive(Debug, Serialize, ToSchema)]
pub struct CoverageDoc {
    /// Indicators counted.
    pub total: i64,
    /// The 5 × 6 cells, by group then field.
    pub cells: Vec<CoverageCell>,
    /// Cells with no indicator.
    pub empty: usize,
}

/// How many indicators cover each group × field cell (5 × 6), optionally for one owner
/// agency or one set.
#[utoipa::path(get, path = "/api/v1/coverage", tag = "indicators", params(CoverageParams),
    responses((status = 200, body = CoverageDoc), (status = 404, body = ErrorDoc),
              (status = 422, body = ErrorDoc)))]
async fn coverage(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiQuery(q): ApiQuery<CoverageParams>,
) -> ApiResult<Json<CoverageDoc>> {
    let counts = s
        .app
        .coverage(q.owner.as_deref(), q.set.as_deref())
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    let mut cells = Vec::new();
    for g in IndicatorGroup::ALL {
        for f in Field::ALL {
            let count = counts
                .iter()
                .filter(|(cg, cf, _)| cg == g.as_str() && cf == f.as_str())
                .map(|x| x.2)
                .sum();
            cells.push(CoverageCell {
                group: *g,
                field: *f,
                count,
            });
        }
    }
    Ok(Json(CoverageDoc {
        total: cells.iter().map(|c| c.count).sum(),
        empty: cells.iter().filter(|c| c.count == 0).count(),
        cells,
    }))
}

/// The catalogue's indicators most like this one, best first.
#[utoipa::path(get, path = "/api/v1/indicators/{code}/duplicates", tag = "indicators",
    params(("code" = String, Path, description = "Indicator code")),
    responses((status = 200, body = Vec<DuplicateDto>), (status = 404, body = ErrorDoc)))]
async fn duplicates(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(code): Path<String>,
) -> ApiResult<Json<Vec<DuplicateDto>>> {
    let list = s
        .app
        .duplicates(&code)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(list.into_iter().map(duplicate_dto).collect()))
}

/// A screening decision on a likely duplicate.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScreeningRequest {
    /// Code of the likely duplicate.
    pub other: String,
    /// `keep` (both stay) or `merge` (this indicator is retired and points to `other`).
    pub decision: String,
    /// Why.
    pub reason: String,
}

/// Records the working group's decision on a likely duplicate.
#[utoipa::path(post, path = "/api/v1/indicators/{code}/screening", tag = "indicators",
    request_body = ScreeningRequest,
    params(("code" = String, Path, description = "Indicator code")),
    responses((status = 204), (status = 403, body = ErrorDoc), (status = 422, body = ErrorDoc)))]
async fn screening(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(code): Path<String>,
    body: ApiJson,
) -> ApiResult<StatusCode> {
    let req: ScreeningRequest = body.parse().map_err(|p| ApiError::new(p, c.lang))?;
    let merge = match req.decision.as_str() {
        "merge" => true,
        "keep" => false,
        other => {
            return Err(ApiError::new(
                Problem::invalid("query.invalid")
                    .field("decision")
                    .arg("detail", other),
                c.lang,
            ));
        }
    };
    s.app
        .decide_duplicate(&c.who, &code, &req.other, merge, &req.reason)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(StatusCode::NO_CONTENT)
}

/// A promulgated version of a set.
#[derive(Debug, Serialize, ToSchema)]
pub struct SetVersionDto {
    /// Version number.
    pub version: i32,
    /// Decision number.
    pub decision_number: String,
    /// Decision date.
    pub decision_date: NaiveDate,
    /// Signer.
    pub signer: String,
    /// Number of indicators.
    pub members: i64,
}

/// An indicator set with its versions.
#[derive(Debug, Serialize, ToSchema)]
pub struct SetDto {
    /// Code.
    pub code: String,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Versions, oldest first.
    pub versions: Vec<SetVersionDto>,
}

/// Every indicator set with its promulgated versions.
#[utoipa::path(get, path = "/api/v1/sets", tag = "sets", responses((status = 200, body = Vec<SetDto>)))]
async fn list_sets(State(s): State<AppState>, c: ApiCaller) -> ApiResult<Json<Vec<SetDto>>> {
    let sets = s.app.sets().await.map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(
        sets.into_iter()
            .map(|x| SetDto {
                code: x.set.code,
                name_vi: x.set.name_vi,
                name_en: x.set.name_en,
                versions: x
                    .versions
                    .into_iter()
                    .map(|v| SetVersionDto {
                        version: v.version,
                        decision_number: v.decision_number,
                        decision_date: v.decision_date,
                        signer: v.signer,
                        members: v.members,
                    })
                    .collect(),
            })
            .collect(),
    ))
}

/// The result of a promulgation.
#[derive(Debug, Serialize, ToSchema)]
pub struct PromulgatedDto {
    /// Set code.
    pub code: String,
    /// The new version.
    pub version: i32,
}

/// Promulgates a new version of a set (provincial leaders); screened members become approved.
#[utoipa::path(post, path = "/api/v1/sets", tag = "sets", request_body = SetInput,
    responses((status = 201, body = PromulgatedDto), (status = 403, body = ErrorDoc),
              (status = 422, body = ErrorDoc)))]
async fn promulgate(
    State(s): State<AppState>,
    c: ApiCaller,
    body: ApiJson,
) -> ApiResult<(StatusCode, Json<PromulgatedDto>)> {
    let input: SetInput = body.parse().map_err(|p| ApiError::new(p, c.lang))?;
    let version = s
        .app
        .promulgate(&c.who, &input)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok((
        StatusCode::CREATED,
        Json(PromulgatedDto {
            code: input.code,
            version,
        }),
    ))
}

/// A member of a set version.
#[derive(Debug, Serialize, ToSchema)]
pub struct SetMemberDto {
    /// Indicator code.
    pub code: String,
    /// Definition version included.
    pub version: i32,
    /// Vietnamese name in that version.
    pub name_vi: String,
}

/// The indicators of one version of a set.
#[utoipa::path(get, path = "/api/v1/sets/{code}/versions/{version}", tag = "sets",
    params(("code" = String, Path, description = "Set code"), ("version" = i32, Path, description = "Version")),
    responses((status = 200, body = Vec<SetMemberDto>), (status = 404, body = ErrorDoc)))]
async fn set_version(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((code, version)): Path<(String, i32)>,
) -> ApiResult<Json<Vec<SetMemberDto>>> {
    let members = s
        .app
        .set_members(&code, version)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(
        members
            .into_iter()
            .map(|m| SetMemberDto {
                code: m.code,
                version: m.version,
                name_vi: m.sheet.name_vi,
            })
            .collect(),
    ))
}

/// Versions to compare.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DiffParams {
    /// The older version.
    pub from: i32,
    /// The newer version.
    pub to: i32,
}

/// What changed between two versions of a set: added, removed, and definitions changed
/// attribute by attribute.
#[utoipa::path(get, path = "/api/v1/sets/{code}/diff", tag = "sets",
    params(("code" = String, Path, description = "Set code"), DiffParams),
    responses((status = 200, body = SetDiff), (status = 404, body = ErrorDoc)))]
async fn set_diff(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(code): Path<String>,
    ApiQuery(q): ApiQuery<DiffParams>,
) -> ApiResult<Json<SetDiff>> {
    let d = s
        .app
        .set_diff(&code, q.from, q.to)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(d))
}

/// Which values to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ValueParams {
    /// Indicator code.
    pub indicator: Option<String>,
    /// Org unit code.
    pub org_unit: Option<String>,
    /// `true` to include the unit's whole subtree.
    pub subtree: Option<bool>,
    /// First period (e.g. `2025Q1`).
    pub from: Option<String>,
    /// Last period (e.g. `2025Q4`).
    pub to: Option<String>,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Items per page, 1–1000 (default 50).
    pub per_page: Option<i64>,
}

/// Lists data values, newest period first.
#[utoipa::path(get, path = "/api/v1/data-values", tag = "data-values", params(ValueParams),
    responses((status = 200, body = Page<ValueView>), (status = 403, body = ErrorDoc),
              (status = 422, body = ErrorDoc)))]
async fn list_values(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiQuery(q): ApiQuery<ValueParams>,
) -> ApiResult<Json<Page<ValueView>>> {
    let page = PageReq::new(q.page, q.per_page).map_err(|p| ApiError::new(p, c.lang))?;
    let f = ValueFilter {
        indicator: q.indicator,
        org_unit: q.org_unit,
        subtree: q.subtree.unwrap_or(false),
        from: q.from,
        to: q.to,
    };
    let l = s
        .app
        .query_values(&c.who, &f, page)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(Page::from_listing(l, |v| v)))
}

/// Writes a batch of values (an array, or `{"values": [...]}`): all rows or none.
/// A bad row answers 422 (403 for a unit outside the caller's subtree) naming the row;
/// `errors` lists every bad row.
#[utoipa::path(post, path = "/api/v1/data-values", tag = "data-values", request_body = Vec<ValueInput>,
    responses((status = 200, body = UpsertReport), (status = 403, body = ErrorDoc),
              (status = 422, body = ErrorDoc)))]
async fn upsert_values(
    State(s): State<AppState>,
    c: ApiCaller,
    body: ApiJson,
) -> ApiResult<Json<UpsertReport>> {
    let rows = match &body.0 {
        serde_json::Value::Array(a) => a.as_slice(),
        serde_json::Value::Object(o) => match o.get("values") {
            Some(serde_json::Value::Array(a)) if o.len() == 1 => a.as_slice(),
            _ => return Err(ApiError::new(Problem::invalid("values.not_array"), c.lang)),
        },
        _ => return Err(ApiError::new(Problem::invalid("values.not_array"), c.lang)),
    };
    let r = s
        .app
        .upsert_values(&c.who, rows, ValueChannel::Api)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(r))
}

/// Export options.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct ExportParams {
    /// `xlsx` (default) or `json`.
    format: Option<String>,
    /// Language of the workbook's headers and choices: `vi` (default) or `en`.
    lang: Option<String>,
}

/// The MIME type of .xlsx workbooks.
pub(crate) const XLSX_MIME: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Builds the catalogue export: the bytes, their MIME type and a file name.
pub(crate) async fn catalogue_export(
    app: &chiso_app::App,
    format: &str,
    lang: Lang,
) -> Result<(Vec<u8>, &'static str, &'static str), chiso_app::AppError> {
    match format {
        "json" => {
            let v = app.export_catalogue_json().await?;
            Ok((
                serde_json::to_vec_pretty(&v).unwrap_or_default(),
                "application/json",
                "chiso-catalogue.json",
            ))
        }
        "xlsx" => {
            let i = usize::from(lang == Lang::En);
            let bytes = app.export_catalogue_xlsx(catalogue_labels(), i).await?;
            let name = if i == 0 {
                "chiso-danh-muc-chi-so.xlsx"
            } else {
                "chiso-indicator-catalogue.xlsx"
            };
            Ok((bytes, XLSX_MIME, name))
        }
        other => Err(Problem::invalid("import.bad_format")
            .field("format")
            .arg("format", other)
            .into()),
    }
}

/// The indicator catalogue as an Excel workbook (one row per indicator, headers in the
/// chosen language, drop-down lists for enumerations and owners) or as JSON (one object
/// per indicator, attributes by API name). Either imports back unchanged.
#[utoipa::path(get, path = "/api/v1/indicators/export", tag = "indicators", params(ExportParams),
    responses((status = 200, description = "The workbook (.xlsx) or a JSON array"),
              (status = 422, body = ErrorDoc)))]
async fn export_catalogue(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiQuery(q): ApiQuery<ExportParams>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let lang = q.lang.as_deref().and_then(Lang::parse).unwrap_or(c.lang);
    let format = q.format.as_deref().unwrap_or("xlsx");
    let (bytes, mime, name) = catalogue_export(&s.app, format, lang)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, mime.to_string()),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// Import options.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct ImportParams {
    /// `xlsx` or `json`; by default told from the content.
    format: Option<String>,
    /// Check every row and report, writing nothing.
    dry_run: Option<bool>,
}

/// What an import did: counts, each row's action and every problem.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportReportDoc {
    /// Whether this was a dry run.
    pub dry_run: bool,
    /// Whether the rows were written.
    pub written: bool,
    /// Rows creating an indicator.
    pub created: usize,
    /// Rows updating one.
    pub updated: usize,
    /// Rows identical to the catalogue.
    pub unchanged: usize,
    /// Each good row.
    pub rows: Vec<RowOutcome>,
    /// Every problem; `row` is the row number as the file's reader sees it (the header is
    /// row 1 of a workbook), `field` the attribute.
    pub problems: Vec<ErrorBody>,
}

/// The report as the API shows it.
pub(crate) fn report_doc(r: &ImportReport, lang: Lang) -> ImportReportDoc {
    ImportReportDoc {
        dry_run: r.dry_run,
        written: r.written,
        created: r.count(RowAction::Create),
        updated: r.count(RowAction::Update),
        unchanged: r.count(RowAction::Unchanged),
        rows: r.rows.clone(),
        problems: r
            .problems
            .iter()
            .map(|p| crate::error::body(p, lang))
            .collect(),
    }
}

/// Reads a catalogue file (told apart by `format`, or by its first bytes) and imports it.
pub(crate) async fn run_import(
    app: &chiso_app::App,
    who: &chiso_core::access::Principal,
    bytes: &[u8],
    format: Option<&str>,
    dry_run: bool,
) -> Result<ImportReport, chiso_app::AppError> {
    let format = format.unwrap_or(if bytes.starts_with(b"PK") {
        "xlsx"
    } else {
        "json"
    });
    let rows = match format {
        "xlsx" => app.read_catalogue_xlsx(bytes, catalogue_labels())?,
        "json" => {
            let v: serde_json::Value = serde_json::from_slice(bytes)
                .map_err(|e| Problem::invalid("import.unreadable").arg("detail", e.to_string()))?;
            app.read_catalogue_json(&v)?
        }
        other => {
            return Err(Problem::invalid("import.bad_format")
                .field("format")
                .arg("format", other)
                .into());
        }
    };
    app.import_catalogue(who, rows, catalogue_labels(), dry_run)
        .await
}

/// Imports the catalogue from a workbook or JSON (the request body, as exported): creates
/// missing indicators, updates the others. Every problem is reported by row and attribute;
/// with `dry_run`, or if any row is bad (422), nothing is written. Re-importing an export
/// changes nothing.
#[utoipa::path(post, path = "/api/v1/indicators/import", tag = "indicators", params(ImportParams),
    request_body(content = Vec<u8>, description = "The .xlsx workbook or JSON array"),
    responses((status = 200, body = ImportReportDoc), (status = 422, body = ImportReportDoc)))]
async fn import_catalogue(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiQuery(q): ApiQuery<ImportParams>,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<ImportReportDoc>), ApiError> {
    let report = run_import(
        &s.app,
        &c.who,
        &body,
        q.format.as_deref(),
        q.dry_run.unwrap_or(false),
    )
    .await
    .map_err(|e| ApiError::new(e, c.lang))?;
    let status = if report.problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Json(report_doc(&report, c.lang))))
}

/// A period code from a query, or a 422 naming the `period` parameter.
fn period_param(text: &str, lang: Lang) -> Result<chiso_core::period::Period, ApiError> {
    chiso_core::period::Period::parse(text).map_err(|_| {
        ApiError::new(
            Problem::invalid("period.invalid")
                .field("period")
                .arg("input", text),
            lang,
        )
    })
}

/// Analysis query: one indicator for one unit and period.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct AnalysisParams {
    /// Indicator code.
    indicator: String,
    /// Org unit code (default: the province).
    org_unit: Option<String>,
    /// Period code, of the indicator's frequency or longer (`2026-09`, `2026Q3`, `2026`).
    period: String,
    /// Count approved (and locked) values only.
    approved_only: Option<bool>,
}

/// Analytics table query: each indicator × unit × period.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct AnalyticsParams {
    /// Indicator codes, separated by commas (`ECO_GRDP,SOC_POOR_HOUSEHOLDS`).
    indicator: String,
    /// Org unit code (default: the top of the tree); `org_unit` is accepted too.
    #[serde(alias = "org_unit")]
    org: Option<String>,
    /// Period codes, separated by commas, each of every indicator's frequency or longer
    /// (`2026-09,2026Q3,2026`).
    period: String,
    /// A level of the tree (1 = the top): one row per unit of that level within `org`
    /// instead of `org` itself (e.g. the communes of a province); units that neither report
    /// an indicator nor have a value of it are left out.
    level: Option<i32>,
    /// Count approved (and locked) values only.
    approved_only: Option<bool>,
    /// `json` (default), `csv` or `xlsx`.
    format: Option<String>,
}

/// One row of the analytics table.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnalyticsRowDto {
    /// Indicator code.
    pub indicator: String,
    /// Org unit code.
    pub org_unit: String,
    /// Org unit name, in the caller's language.
    pub org_unit_name: String,
    /// Period code.
    pub period: String,
    /// The rolled-up (or computed) value; null when no unit reported.
    pub value: Option<f64>,
    /// Units whose values went in.
    pub reporting: usize,
    /// Units expected to report.
    pub expected: usize,
    /// The target compared with, if any.
    pub target: Option<f64>,
    /// The target's period.
    pub target_period: Option<String>,
    /// `on_track`, `at_risk`, `off_track`, `no_data` or `no_target`.
    pub status: String,
    /// Why, in the caller's language.
    pub reason: String,
}

/// The analytics table.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnalyticsTableDto {
    /// One row per indicator × unit × period, by unit, then indicator, then period.
    pub rows: Vec<AnalyticsRowDto>,
}

/// One point of a series.
#[derive(Debug, Serialize, ToSchema)]
pub struct PointDto {
    /// Period code, or org unit code for peers.
    pub key: String,
    /// The value, if any.
    pub value: Option<f64>,
}

/// An indicator's value for a unit and period, with status and comparisons.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnalysisDto {
    /// Indicator code.
    pub indicator: String,
    /// Org unit code.
    pub org_unit: String,
    /// Period code.
    pub period: String,
    /// The rolled-up (or computed) value.
    pub value: Option<f64>,
    /// Units whose values went in.
    pub reporting: usize,
    /// Units expected to report that did not (codes).
    pub missing: Vec<String>,
    /// `on_track`, `at_risk`, `off_track`, `no_data` or `no_target`.
    pub status: String,
    /// Why, in the caller's language.
    pub reason: String,
    /// The value compared with the trajectory (year-to-date total for flows).
    pub compared: Option<f64>,
    /// The trajectory value for the period.
    pub expected: Option<f64>,
    /// The target and the period it is set for.
    pub target: Option<f64>,
    /// The target's period.
    pub target_period: Option<String>,
    /// Achievement against the trajectory (1 = on it).
    pub achievement: Option<f64>,
    /// Previous period's value.
    pub previous: Option<f64>,
    /// Same period last year.
    pub last_year: Option<f64>,
    /// Average of the peer units.
    pub peer_average: Option<f64>,
    /// Rank among peers (1 = best).
    pub rank: Option<usize>,
    /// How many peers were ranked.
    pub ranked: Option<usize>,
    /// Peers' values.
    pub peers: Vec<PointDto>,
    /// The last periods' values, oldest first.
    pub trend: Vec<PointDto>,
}

/// The analysis as the API shows it.
pub(crate) fn analysis_dto(a: &Analysis, lang: Lang) -> AnalysisDto {
    AnalysisDto {
        indicator: a.indicator.code.to_string(),
        org_unit: a.unit.code.to_string(),
        period: a.period.to_string(),
        value: a.value,
        reporting: a.reporting,
        missing: a.missing.iter().map(|u| u.code.to_string()).collect(),
        status: a.assessment.status.as_str().into(),
        reason: crate::i18n::status_reason(a, lang),
        compared: a.assessment.compared,
        expected: a.assessment.expected,
        target: a.assessment.target.map(|t| t.value),
        target_period: a.assessment.target.map(|t| t.period.to_string()),
        achievement: a.assessment.achievement,
        previous: a.previous,
        last_year: a.last_year,
        peer_average: a.peer_average,
        rank: a.rank.map(|r| r.0),
        ranked: a.rank.map(|r| r.1),
        peers: a
            .peers
            .iter()
            .map(|p| PointDto {
                key: p.unit.code.to_string(),
                value: p.value,
            })
            .collect(),
        trend: a
            .trend
            .iter()
            .map(|(p, v)| PointDto {
                key: p.to_string(),
                value: *v,
            })
            .collect(),
    }
}

/// An indicator for an org unit and period: the roll-up over the unit's subtree and over
/// time (with the units that did not report), status against target with its reason,
/// previous period, same period last year, peers' average and rank, and a trend. Read
/// from the values held in memory, brought up to date first: an approved value shows at
/// once.
#[utoipa::path(get, path = "/api/v1/analysis", tag = "analytics", params(AnalysisParams),
    responses((status = 200, body = AnalysisDto), (status = 403, body = ErrorDoc),
              (status = 404, body = ErrorDoc), (status = 422, body = ErrorDoc)))]
async fn analysis(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiQuery(q): ApiQuery<AnalysisParams>,
) -> ApiResult<Json<AnalysisDto>> {
    let period = period_param(&q.period, c.lang)?;
    let unit = q.org_unit.unwrap_or_else(|| s.app.root_code());
    let a = s
        .app
        .analyse(
            &c.who,
            &q.indicator,
            &unit,
            period,
            scope_of(q.approved_only),
        )
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(analysis_dto(&a, c.lang)))
}

/// Which values count, from `approved_only`.
fn scope_of(approved_only: Option<bool>) -> DataScope {
    if approved_only.unwrap_or(false) {
        DataScope::Approved
    } else {
        DataScope::All
    }
}

/// The codes of a comma-separated list, empty items left out.
fn list_param(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The analytics table: for each indicator, unit and period, the value rolled up over the
/// unit's subtree and over time, the units that reported and were expected, the target and
/// the status with its reason. With `level`, one row per unit of that level within `org`
/// (the communes of a province, the provinces of the country). As JSON, CSV (UTF-8, with
/// the codes and names) or an Excel workbook (`format=csv|xlsx`).
#[utoipa::path(get, path = "/api/v1/analytics", tag = "analytics", params(AnalyticsParams),
    responses((status = 200, body = AnalyticsTableDto,
               description = "The rows as JSON, or as CSV (`text/csv`) or .xlsx with `format`"),
              (status = 403, body = ErrorDoc), (status = 404, body = ErrorDoc),
              (status = 422, body = ErrorDoc)))]
async fn analytics(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiQuery(q): ApiQuery<AnalyticsParams>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let format = q.format.as_deref().unwrap_or("json");
    if !matches!(format, "json" | "csv" | "xlsx") {
        return Err(ApiError::new(
            Problem::invalid("analytics.bad_format")
                .field("format")
                .arg("format", format),
            c.lang,
        ));
    }
    let indicators = list_param(&q.indicator);
    if indicators.is_empty() {
        return Err(ApiError::new(
            Problem::invalid("error.required").field("indicator"),
            c.lang,
        ));
    }
    let periods = list_param(&q.period)
        .iter()
        .map(|p| period_param(p, c.lang))
        .collect::<Result<Vec<_>, _>>()?;
    if periods.is_empty() {
        return Err(ApiError::new(
            Problem::invalid("error.required").field("period"),
            c.lang,
        ));
    }
    let req = chiso_app::analytics::TableRequest {
        indicators,
        unit: q.org.unwrap_or_else(|| s.app.root_code()),
        periods,
        level: q.level,
        scope: scope_of(q.approved_only),
    };
    let rows: Vec<AnalyticsRowDto> = s
        .app
        .analytics_table(&c.who, &req)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?
        .iter()
        .map(|r| {
            let (_, reason) = crate::i18n::status_reason_parts(
                &r.indicator,
                Some(&r.period),
                &r.assessment,
                c.lang,
            );
            AnalyticsRowDto {
                indicator: r.indicator.code.to_string(),
                org_unit: r.unit.code.to_string(),
                org_unit_name: match c.lang {
                    Lang::Vi => r.unit.name_vi.clone(),
                    Lang::En => r.unit.name_en.clone(),
                },
                period: r.period.to_string(),
                value: r.value,
                reporting: r.reporting,
                expected: r.expected,
                target: r.assessment.target.map(|t| t.value),
                target_period: r.assessment.target.map(|t| t.period.to_string()),
                status: r.assessment.status.as_str().into(),
                reason,
            }
        })
        .collect();
    if format == "json" {
        return Ok(Json(AnalyticsTableDto { rows }).into_response());
    }
    let headers: Vec<String> = [
        "indicator",
        "org_unit",
        "org_unit_name",
        "period",
        "value",
        "reporting",
        "expected",
        "target",
        "target_period",
        "status",
        "reason",
    ]
    .iter()
    .map(|h| {
        if format == "xlsx" {
            crate::i18n::t(c.lang, &format!("analysis.column.{h}"))
        } else {
            (*h).to_owned()
        }
    })
    .collect();
    let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    let cells: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| {
            vec![
                r.indicator,
                r.org_unit,
                r.org_unit_name,
                r.period,
                opt(r.value),
                r.reporting.to_string(),
                r.expected.to_string(),
                opt(r.target),
                r.target_period.unwrap_or_default(),
                if format == "xlsx" {
                    crate::i18n::t(c.lang, &format!("status.{}", r.status))
                } else {
                    r.status
                },
                r.reason,
            ]
        })
        .collect();
    let (bytes, mime, name) = if format == "csv" {
        let bytes = chiso_app::catalogue_io::table_csv(&headers, &cells)
            .map_err(|e| ApiError::new(e, c.lang))?;
        (bytes, "text/csv; charset=utf-8", "chiso-analytics.csv")
    } else {
        let sheet = crate::i18n::t(c.lang, "analysis.table_sheet");
        let bytes = chiso_app::catalogue_io::table_xlsx(&sheet, &headers, &cells)
            .map_err(|e| ApiError::new(e, c.lang))?;
        (bytes, XLSX_MIME, "chiso-analytics.xlsx")
    };
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, mime.to_string()),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// Dashboard query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct DashboardParams {
    /// Org unit code (default: the province).
    org_unit: Option<String>,
    /// Year (default: this year).
    year: Option<i32>,
    /// Count approved (and locked) values only.
    approved_only: Option<bool>,
}

/// One indicator on the dashboard.
#[derive(Debug, Serialize, ToSchema)]
pub struct DashItemDto {
    /// Indicator code.
    pub indicator: String,
    /// Owner agency code.
    pub owner: String,
    /// The period shown (latest with a value).
    pub period: Option<String>,
    /// Its value.
    pub value: Option<f64>,
    /// Status against the year's target.
    pub status: String,
    /// Why, in the caller's language.
    pub reason: String,
    /// Relative change on the same period last year, positive = better.
    pub improvement: Option<f64>,
}

/// The steering dashboard of a unit for a year.
#[derive(Debug, Serialize, ToSchema)]
pub struct DashboardDto {
    /// Org unit code.
    pub org_unit: String,
    /// Year.
    pub year: i32,
    /// Indicators by status (`on_track`, ...).
    pub counts: std::collections::BTreeMap<String, usize>,
    /// Bottlenecks, worst first (codes).
    pub bottlenecks: Vec<String>,
    /// Bright spots, best first (codes).
    pub bright_spots: Vec<String>,
    /// Every indicator in operation.
    pub items: Vec<DashItemDto>,
}

/// The steering dashboard: every indicator in operation for a unit and year, assessed
/// against the year's targets, with the bottlenecks and bright spots.
#[utoipa::path(get, path = "/api/v1/dashboard", tag = "analytics", params(DashboardParams),
    responses((status = 200, body = DashboardDto), (status = 403, body = ErrorDoc),
              (status = 404, body = ErrorDoc)))]
async fn dashboard(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiQuery(q): ApiQuery<DashboardParams>,
) -> ApiResult<Json<DashboardDto>> {
    use chrono::Datelike;
    let unit = q.org_unit.unwrap_or_else(|| s.app.root_code());
    let year = q.year.unwrap_or_else(|| Utc::now().date_naive().year());
    let scope = if q.approved_only.unwrap_or(false) {
        DataScope::Approved
    } else {
        DataScope::All
    };
    let d = s
        .app
        .dashboard(&c.who, &unit, year, scope)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    let mut counts = std::collections::BTreeMap::new();
    for i in &d.items {
        *counts
            .entry(i.assessment.status.as_str().to_string())
            .or_insert(0) += 1;
    }
    let codes = |v: Vec<&chiso_app::analytics::DashItem>| {
        v.into_iter()
            .map(|i| i.indicator.code.to_string())
            .collect()
    };
    Ok(Json(DashboardDto {
        org_unit: d.unit.code.to_string(),
        year,
        counts,
        bottlenecks: codes(d.bottlenecks(10)),
        bright_spots: codes(d.bright_spots(10)),
        items: d
            .items
            .iter()
            .map(|i| DashItemDto {
                indicator: i.indicator.code.to_string(),
                owner: i
                    .owner
                    .as_ref()
                    .map(|o| o.code.to_string())
                    .unwrap_or_default(),
                period: i.period.map(|p| p.to_string()),
                value: i.value,
                status: i.assessment.status.as_str().into(),
                reason: crate::i18n::status_reason_parts(
                    &i.indicator,
                    i.period.as_ref(),
                    &i.assessment,
                    c.lang,
                )
                .1,
                improvement: i.improvement,
            })
            .collect(),
    }))
}

/// Approves the submitted values of an indicator at a unit (or its subtree), optionally
/// within a period range (approvers of the owner agency). Approved values are settled.
#[utoipa::path(post, path = "/api/v1/data-values/approve", tag = "data-values",
    request_body = ApproveInput,
    responses((status = 200, description = "How many values were approved"),
              (status = 403, body = ErrorDoc), (status = 422, body = ErrorDoc)))]
async fn approve_values(
    State(s): State<AppState>,
    c: ApiCaller,
    body: ApiJson,
) -> ApiResult<Json<serde_json::Value>> {
    let input: ApproveInput = body.parse().map_err(|p| ApiError::new(p, c.lang))?;
    let n = s
        .app
        .approve_values(&c.who, &input)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(serde_json::json!({ "approved": n })))
}

/// Submissions query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct SubmissionsParams {
    /// Org unit code (default: the province); its subtree's providers are listed.
    org_unit: Option<String>,
    /// Period code.
    period: String,
    /// The day the states are for (default: today in Vietnam), `YYYY-MM-DD`.
    as_of: Option<NaiveDate>,
}

/// One providing unit's submissions.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitSubmissionsDto {
    /// Org unit code.
    pub org_unit: String,
    /// Deadline, `YYYY-MM-DD`.
    pub deadline: Option<NaiveDate>,
    /// Counts by state (`on_time`, `late`, `missing`, `open`, `not_due`).
    pub counts: std::collections::BTreeMap<String, usize>,
    /// Indicators missing.
    pub missing: Vec<String>,
}

/// Expected submissions of a period and their state.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubmissionsDto {
    /// Period code.
    pub period: String,
    /// The day the states are for.
    pub as_of: NaiveDate,
    /// Totals by state.
    pub totals: std::collections::BTreeMap<String, usize>,
    /// By unit, most missing first.
    pub units: Vec<UnitSubmissionsDto>,
}

/// The submissions the reporting calendar expects for a period from every providing unit,
/// and whether each came on time, late, is still open or is missing.
#[utoipa::path(get, path = "/api/v1/submissions", tag = "data-values", params(SubmissionsParams),
    responses((status = 200, body = SubmissionsDto), (status = 403, body = ErrorDoc),
              (status = 422, body = ErrorDoc)))]
async fn submissions(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiQuery(q): ApiQuery<SubmissionsParams>,
) -> ApiResult<Json<SubmissionsDto>> {
    let period = period_param(&q.period, c.lang)?;
    let unit = q.org_unit.unwrap_or_else(|| s.app.root_code());
    let as_of = q
        .as_of
        .unwrap_or_else(|| chiso_app::submissions::vietnam_day(Utc::now()));
    let r = s
        .app
        .submissions(&c.who, &unit, period, as_of)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    let name = |m: &std::collections::BTreeMap<chiso_core::calendar::SubmissionState, usize>| {
        m.iter()
            .map(|(k, v)| (k.as_str().to_string(), *v))
            .collect()
    };
    Ok(Json(SubmissionsDto {
        period: period.to_string(),
        as_of,
        totals: name(&r.totals()),
        units: r
            .units
            .iter()
            .map(|u| UnitSubmissionsDto {
                org_unit: u.unit.code.to_string(),
                deadline: u.deadline,
                counts: name(&u.counts),
                missing: u.missing.clone(),
            })
            .collect(),
    }))
}

/// A resolution, with its tasks when one is asked for.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResolutionDto {
    /// Code.
    pub code: String,
    /// Number as signed.
    pub number: String,
    /// Title.
    pub title: String,
    /// Issuing body.
    pub issuer: String,
    /// Date issued.
    pub issued_on: NaiveDate,
    /// Weighted progress of the top-level tasks, 0–100 (with tasks only).
    pub progress: Option<f64>,
    /// Tasks by status (with tasks only).
    pub counts: std::collections::BTreeMap<String, usize>,
    /// Tasks, parents before children.
    pub tasks: Vec<TaskDto>,
}

/// A task with its computed status.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskDto {
    /// Code.
    pub code: String,
    /// Parent task's code.
    pub parent: Option<String>,
    /// Title.
    pub title: String,
    /// Lead unit's code.
    pub lead_unit: String,
    /// First day.
    pub start_on: NaiveDate,
    /// Deadline.
    pub deadline: NaiveDate,
    /// Progress, rolled up from sub-tasks, 0–100.
    pub progress: f64,
    /// `not_started`, `on_track`, `at_risk`, `delayed`, `overdue`, `done_on_time`, `done_late`.
    pub status: String,
    /// Why, in the caller's language, most important first.
    pub reasons: Vec<String>,
    /// The latest progress update waiting for review.
    pub pending_update: Option<PendingDto>,
    /// Evaluation: `achieved`, `partly`, `not_achieved`.
    pub evaluation: Option<String>,
    /// Codes of the coordinating units.
    pub coordinating: Vec<String>,
    /// Whether the lead unit leads on its assigner's behalf (may assign beyond its subtree).
    pub delegated: bool,
}

/// A task needing attention, across resolutions.
#[derive(Debug, Serialize, ToSchema)]
pub struct OverviewTaskDto {
    /// The resolution's code.
    pub resolution: String,
    /// The task's code.
    pub code: String,
    /// Title.
    pub title: String,
    /// Lead unit's code.
    pub lead_unit: String,
    /// Deadline.
    pub deadline: NaiveDate,
    /// `overdue`, `delayed` or `at_risk`.
    pub status: String,
    /// Why, in the caller's language.
    pub reasons: Vec<String>,
}

/// A lead unit's record across resolutions.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitRecordDto {
    /// Unit code.
    pub unit: String,
    /// Tasks done by their deadline.
    pub on_time: usize,
    /// Tasks done after it.
    pub late: usize,
    /// Tasks past their deadline, not done.
    pub overdue: usize,
    /// Tasks still open.
    pub open: usize,
    /// Share done on time among those finished or due (`null` when none).
    pub on_time_rate: Option<f64>,
}

/// The province across every resolution.
#[derive(Debug, Serialize, ToSchema)]
pub struct OverviewDto {
    /// The day statuses are computed for.
    pub as_of: NaiveDate,
    /// Tasks by status.
    pub counts: std::collections::BTreeMap<String, usize>,
    /// Overdue, delayed and at-risk tasks, the most serious and nearest first.
    pub at_risk: Vec<OverviewTaskDto>,
    /// Lead units by on-time completion.
    pub units: Vec<UnitRecordDto>,
}

/// A progress update waiting for review.
#[derive(Debug, Serialize, ToSchema)]
pub struct PendingDto {
    /// Key, for the review.
    pub id: i64,
    /// Progress reported.
    pub progress: f64,
    /// What was done.
    pub narrative: String,
    /// Day reported.
    pub reported_on: NaiveDate,
}

fn resolution_dto(r: &chiso_app::resolutions::ResolutionRow) -> ResolutionDto {
    ResolutionDto {
        code: r.code.clone(),
        number: r.number.clone(),
        title: r.title.clone(),
        issuer: r.issuer.clone(),
        issued_on: r.issued_on,
        progress: None,
        counts: Default::default(),
        tasks: Vec::new(),
    }
}

/// The resolutions.
#[utoipa::path(get, path = "/api/v1/resolutions", tag = "resolutions",
    responses((status = 200, body = Vec<ResolutionDto>)))]
async fn list_resolutions(
    State(s): State<AppState>,
    c: ApiCaller,
) -> ApiResult<Json<Vec<ResolutionDto>>> {
    let list = s
        .app
        .resolutions()
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(list.iter().map(resolution_dto).collect()))
}

/// The province across every resolution: tasks by status, the tasks needing attention,
/// lead units ranked by on-time completion.
#[utoipa::path(get, path = "/api/v1/resolutions/overview", tag = "resolutions", params(AsOfParams),
    responses((status = 200, body = OverviewDto)))]
async fn resolutions_overview(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiQuery(q): ApiQuery<AsOfParams>,
) -> ApiResult<Json<OverviewDto>> {
    let as_of = q
        .as_of
        .unwrap_or_else(|| chiso_app::submissions::vietnam_day(chrono::Utc::now()));
    let o = s
        .app
        .resolutions_overview(&c.who, as_of)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(OverviewDto {
        as_of,
        counts: o
            .counts
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), *v))
            .collect(),
        at_risk: o
            .at_risk
            .iter()
            .map(|(_, code, t)| OverviewTaskDto {
                resolution: code.clone(),
                code: t.task.code.clone(),
                title: t.task.title.clone(),
                lead_unit: t
                    .lead
                    .as_ref()
                    .map(|u| u.code.to_string())
                    .unwrap_or_default(),
                deadline: t.task.deadline,
                status: t.assessed.status.as_str().into(),
                reasons: t
                    .assessed
                    .reasons
                    .iter()
                    .map(|r| crate::i18n::task_reason(r, c.lang))
                    .collect(),
            })
            .collect(),
        units: o
            .units
            .iter()
            .map(|r| UnitRecordDto {
                unit: r.unit.code.to_string(),
                on_time: r.on_time,
                late: r.late,
                overdue: r.overdue,
                open: r.open,
                on_time_rate: r.on_time_rate(),
            })
            .collect(),
    }))
}

/// Registers a resolution (the province's leadership).
#[utoipa::path(post, path = "/api/v1/resolutions", tag = "resolutions", request_body = ResolutionInput,
    responses((status = 201, description = "Registered"), (status = 403, body = ErrorDoc),
              (status = 409, body = ErrorDoc), (status = 422, body = ErrorDoc)))]
async fn create_resolution(
    State(s): State<AppState>,
    c: ApiCaller,
    body: ApiJson,
) -> ApiResult<(StatusCode, Json<serde_json::Value>)> {
    let input: ResolutionInput = body.parse().map_err(|p| ApiError::new(p, c.lang))?;
    s.app
        .create_resolution(&c.who, &input)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({ "code": input.code.trim() })),
    ))
}

/// When to compute task statuses for.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct AsOfParams {
    /// The day (default: today in Vietnam), `YYYY-MM-DD`.
    as_of: Option<NaiveDate>,
}

/// A resolution with every task's progress and computed status, with the reasons.
#[utoipa::path(get, path = "/api/v1/resolutions/{code}", tag = "resolutions",
    params(("code" = String, Path, description = "Resolution code"), AsOfParams),
    responses((status = 200, body = ResolutionDto), (status = 404, body = ErrorDoc)))]
async fn get_resolution(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(code): Path<String>,
    ApiQuery(q): ApiQuery<AsOfParams>,
) -> ApiResult<Json<ResolutionDto>> {
    let today = q
        .as_of
        .unwrap_or_else(|| chiso_app::submissions::vietnam_day(Utc::now()));
    let v = s
        .app
        .resolution(&c.who, &code, today)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    let codes: std::collections::HashMap<i64, String> = v
        .tasks
        .iter()
        .map(|t| (t.task.id, t.task.code.clone()))
        .collect();
    let mut dto = resolution_dto(&v.resolution);
    dto.progress = Some(v.progress);
    dto.counts = v
        .counts()
        .into_iter()
        .map(|(k, n)| (k.as_str().to_string(), n))
        .collect();
    dto.tasks = v
        .tasks
        .iter()
        .map(|t| TaskDto {
            code: t.task.code.clone(),
            parent: t.task.parent_id.and_then(|p| codes.get(&p).cloned()),
            title: t.task.title.clone(),
            lead_unit: t
                .lead
                .as_ref()
                .map(|u| u.code.to_string())
                .unwrap_or_default(),
            start_on: t.task.start_on,
            deadline: t.task.deadline,
            progress: t.assessed.progress,
            status: t.assessed.status.as_str().into(),
            reasons: t
                .assessed
                .reasons
                .iter()
                .map(|r| crate::i18n::task_reason(r, c.lang))
                .collect(),
            pending_update: t.pending.as_ref().map(|u| PendingDto {
                id: u.id,
                progress: u.progress,
                narrative: u.narrative.clone(),
                reported_on: u.reported_on,
            }),
            evaluation: t.task.evaluation.clone(),
            coordinating: t.coordinators.iter().map(|u| u.code.to_string()).collect(),
            delegated: t.task.delegated,
        })
        .collect();
    Ok(Json(dto))
}

/// Adds a task or sub-task to a resolution; a sub-task may only be assigned within the
/// parent task's lead unit's subtree (403 otherwise).
#[utoipa::path(post, path = "/api/v1/resolutions/{code}/tasks", tag = "resolutions",
    params(("code" = String, Path, description = "Resolution code")), request_body = TaskInput,
    responses((status = 201, description = "Added"), (status = 403, body = ErrorDoc),
              (status = 404, body = ErrorDoc), (status = 422, body = ErrorDoc)))]
async fn add_task(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(code): Path<String>,
    body: ApiJson,
) -> ApiResult<(StatusCode, Json<serde_json::Value>)> {
    let input: TaskInput = body.parse().map_err(|p| ApiError::new(p, c.lang))?;
    s.app
        .add_task(&c.who, &code, &input)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({ "code": input.code.trim() })),
    ))
}

/// Reports progress on a task (the lead unit's officers or leadership); audited.
#[utoipa::path(post, path = "/api/v1/tasks/{code}/progress", tag = "resolutions",
    params(("code" = String, Path, description = "Task code")), request_body = ProgressInput,
    responses((status = 200, description = "Recorded"), (status = 403, body = ErrorDoc),
              (status = 404, body = ErrorDoc), (status = 422, body = ErrorDoc)))]
async fn report_progress(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(code): Path<String>,
    body: ApiJson,
) -> ApiResult<Json<serde_json::Value>> {
    let input: ProgressInput = body.parse().map_err(|p| ApiError::new(p, c.lang))?;
    let update = s
        .app
        .report_progress(&c.who, &code, &input)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(
        serde_json::json!({ "code": code, "progress": input.progress, "update": update }),
    ))
}

/// Task import options.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct TaskImportParams {
    /// Check every row and report, writing nothing.
    dry_run: Option<bool>,
}

/// Imports tasks into a resolution from an .xlsx workbook (one row per task: code, task,
/// parent code, lead unit, start, deadline, product, weight, indicator, target value;
/// headers in Vietnamese or English). Every problem is reported by row and column; with
/// `dry_run`, or if any row is bad (422), nothing is written.
#[utoipa::path(post, path = "/api/v1/resolutions/{code}/tasks/import", tag = "resolutions",
    params(("code" = String, Path, description = "Resolution code"), TaskImportParams),
    request_body(content = Vec<u8>, description = "The .xlsx workbook"),
    responses((status = 200, body = ImportReportDoc), (status = 422, body = ImportReportDoc)))]
async fn import_tasks(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(code): Path<String>,
    ApiQuery(q): ApiQuery<TaskImportParams>,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<ImportReportDoc>), ApiError> {
    let report = run_task_import(&s.app, &c.who, &code, &body, q.dry_run.unwrap_or(false))
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    let status = if report.problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Json(report_doc(&report, c.lang))))
}

/// Reads a task workbook and imports it into a resolution.
pub(crate) async fn run_task_import(
    app: &chiso_app::App,
    who: &chiso_core::access::Principal,
    resolution: &str,
    bytes: &[u8],
    dry_run: bool,
) -> Result<ImportReport, chiso_app::AppError> {
    let rows = chiso_app::catalogue_io::read_workbook(
        bytes,
        &chiso_app::resolutions::task_headers(),
        "code",
    )?;
    app.import_tasks(who, resolution, rows, dry_run).await
}

/// An explanation request with its thread.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExplanationDto {
    /// Key.
    pub id: i64,
    /// `task` or `indicator`.
    pub subject_kind: String,
    /// The task's or indicator's code.
    pub subject_code: String,
    /// The unit asked.
    pub unit: String,
    /// Asked on.
    pub asked_on: NaiveDate,
    /// Due on.
    pub due_on: NaiveDate,
    /// `open`, `overdue`, `answered`, `answered_late`.
    pub state: String,
    /// The unit it escalated to, when overdue.
    pub escalated_to: Option<String>,
    /// The thread, oldest first.
    pub messages: Vec<MessageDto>,
}

/// One message of a thread.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageDto {
    /// Author's name.
    pub author: String,
    /// `question` or `answer`.
    pub kind: String,
    /// Text.
    pub body: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// An answer.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerInput {
    /// The explanation.
    pub body: String,
}

/// The explanation requests the caller can see, with their state as of today and, when
/// overdue, the level they escalated to.
#[utoipa::path(get, path = "/api/v1/explanations", tag = "resolutions", params(AsOfParams),
    responses((status = 200, body = Vec<ExplanationDto>)))]
async fn list_explanations(
    State(s): State<AppState>,
    c: ApiCaller,
    ApiQuery(q): ApiQuery<AsOfParams>,
) -> ApiResult<Json<Vec<ExplanationDto>>> {
    let today = q
        .as_of
        .unwrap_or_else(|| chiso_app::submissions::vietnam_day(Utc::now()));
    let list = s
        .app
        .explanations(&c.who, today)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(
        list.into_iter()
            .map(|e| ExplanationDto {
                id: e.request.id,
                subject_kind: e.request.subject_kind.clone(),
                subject_code: e.request.subject_code.clone(),
                unit: e
                    .unit
                    .as_ref()
                    .map(|u| u.code.to_string())
                    .unwrap_or_default(),
                asked_on: e.request.asked_on,
                due_on: e.request.due_on,
                state: e.state.as_str().into(),
                escalated_to: e.escalated_to.as_ref().map(|u| u.code.to_string()),
                messages: e
                    .messages
                    .into_iter()
                    .map(|(author, m)| MessageDto {
                        author,
                        kind: m.kind,
                        body: m.body,
                        at: m.at,
                    })
                    .collect(),
            })
            .collect(),
    ))
}

/// Asks a unit to explain a delayed task or an off-track indicator by a due date (leaders
/// of the unit or above).
#[utoipa::path(post, path = "/api/v1/explanations", tag = "resolutions", request_body = ExplanationInput,
    responses((status = 201, description = "Asked"), (status = 403, body = ErrorDoc),
              (status = 404, body = ErrorDoc), (status = 422, body = ErrorDoc)))]
async fn ask_explanation(
    State(s): State<AppState>,
    c: ApiCaller,
    body: ApiJson,
) -> ApiResult<(StatusCode, Json<serde_json::Value>)> {
    let input: ExplanationInput = body.parse().map_err(|p| ApiError::new(p, c.lang))?;
    let id = s
        .app
        .ask_explanation(&c.who, &input)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "id": id }))))
}

/// Answers an explanation request (the unit's officers or leadership).
#[utoipa::path(post, path = "/api/v1/explanations/{id}/answer", tag = "resolutions",
    params(("id" = i64, Path, description = "Request key")), request_body = AnswerInput,
    responses((status = 200, description = "Answered"), (status = 403, body = ErrorDoc),
              (status = 404, body = ErrorDoc)))]
async fn answer_explanation(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<i64>,
    body: ApiJson,
) -> ApiResult<Json<serde_json::Value>> {
    let input: AnswerInput = body.parse().map_err(|p| ApiError::new(p, c.lang))?;
    s.app
        .answer_explanation(&c.who, id, &input.body)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(serde_json::json!({ "id": id })))
}

/// A review of a progress update.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewInput {
    /// Accept (it becomes the task's progress) or return.
    pub accept: bool,
    /// Why (required when returning).
    #[serde(default)]
    pub comment: String,
}

/// Accepts or returns a progress update (the assigner's leadership).
#[utoipa::path(post, path = "/api/v1/task-updates/{id}/review", tag = "resolutions",
    params(("id" = i64, Path, description = "Update key")), request_body = ReviewInput,
    responses((status = 200, description = "Reviewed"), (status = 403, body = ErrorDoc),
              (status = 409, body = ErrorDoc), (status = 422, body = ErrorDoc)))]
async fn review_update(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<i64>,
    body: ApiJson,
) -> ApiResult<Json<serde_json::Value>> {
    let input: ReviewInput = body.parse().map_err(|p| ApiError::new(p, c.lang))?;
    s.app
        .review_update(&c.who, id, input.accept, &input.comment)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(
        serde_json::json!({ "update": id, "accepted": input.accept }),
    ))
}

/// An evaluation of a task.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluationInput {
    /// `achieved`, `partly` or `not_achieved`.
    pub result: String,
    /// Why, with the evidence.
    #[serde(default)]
    pub note: String,
}

/// Evaluates a task at or after its deadline, or once done (the assigner's leadership).
#[utoipa::path(post, path = "/api/v1/tasks/{code}/evaluation", tag = "resolutions",
    params(("code" = String, Path, description = "Task code")), request_body = EvaluationInput,
    responses((status = 200, description = "Evaluated"), (status = 403, body = ErrorDoc),
              (status = 422, body = ErrorDoc)))]
async fn evaluate_task(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(code): Path<String>,
    body: ApiJson,
) -> ApiResult<Json<serde_json::Value>> {
    let input: EvaluationInput = body.parse().map_err(|p| ApiError::new(p, c.lang))?;
    s.app
        .evaluate_task(&c.who, &code, &input.result, &input.note)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(
        serde_json::json!({ "code": code, "result": input.result }),
    ))
}

/// Sets plan targets (leaders of the unit): all rows or none; a bad row answers 422
/// naming it.
#[utoipa::path(put, path = "/api/v1/targets", tag = "analytics", request_body = Vec<TargetInput>,
    responses((status = 200, description = "How many targets were set"),
              (status = 403, body = ErrorDoc), (status = 422, body = ErrorDoc)))]
async fn set_targets(
    State(s): State<AppState>,
    c: ApiCaller,
    body: ApiJson,
) -> ApiResult<Json<serde_json::Value>> {
    let rows = match &body.0 {
        serde_json::Value::Array(a) => a.clone(),
        _ => return Err(ApiError::new(Problem::invalid("values.not_array"), c.lang)),
    };
    let n = s
        .app
        .set_targets(&c.who, &rows)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(serde_json::json!({ "written": n })))
}

#[cfg(test)]
mod tests {
    use super::ApiDoc;
    use utoipa::OpenApi;

    /// Every change to the API shows up in review as a change to this snapshot.
    #[test]
    fn openapi_document() {
        insta::assert_json_snapshot!(ApiDoc::openapi());
    }
}
