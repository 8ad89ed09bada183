//! API for approval and lock (the approver's queue, approving a unit's submission for a
//! period, unlock requests with their decisions) and for data quality (validation rules
//! and the data-quality list of a period).

use crate::AppState;
use crate::error::{ApiError, ErrorDoc};
use crate::extract::{ApiCaller, ApiJson};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Json, Router};
use chiso_app::approvals::Level;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Unit-period groups listed at once.
const MAX_GROUPS: usize = 500;

/// The approval routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/approvals", axum::routing::get(queue).post(approve))
        .route(
            "/api/v1/approvals/return",
            axum::routing::post(return_submission),
        )
        .route(
            "/api/v1/unlock-requests",
            axum::routing::post(request_unlock),
        )
        .route(
            "/api/v1/unlock-requests/{id}/decision",
            axum::routing::post(decide),
        )
        .route(
            "/api/v1/validation-rules",
            axum::routing::get(list_rules).put(put_rules),
        )
        .route("/api/v1/quality", axum::routing::get(quality))
        .route(
            "/api/v1/indicators/{code}/deadlines",
            axum::routing::get(get_deadlines).put(put_deadlines),
        )
}

/// A submitted value awaiting approval.
#[derive(Debug, Serialize, ToSchema)]
pub struct PendingValueDto {
    /// Indicator code.
    pub indicator: String,
    /// The value.
    pub value: f64,
    /// The previous period's value.
    pub previous: Option<f64>,
    /// The reporter's comment.
    pub comment: Option<String>,
}

/// A unit's values for a period waiting at one level of approval.
#[derive(Debug, Serialize, ToSchema)]
pub struct PendingGroupDto {
    /// `owner`: submitted, for the owner agency's approval; `province`: approved, for the
    /// province's acceptance.
    pub level: String,
    /// Org unit code.
    pub org_unit: String,
    /// Period code.
    pub period: String,
    /// The values.
    pub values: Vec<PendingValueDto>,
}

/// An open unlock request.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnlockDto {
    /// Request number.
    pub id: i64,
    /// Indicator code.
    pub indicator: String,
    /// Org unit code.
    pub org_unit: String,
    /// Period code.
    pub period: String,
    /// The locked value.
    pub value: Option<f64>,
    /// Why it must change.
    pub reason: String,
    /// Who asked.
    pub requested_by: String,
}

/// What awaits the caller's decision.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApprovalQueueDto {
    /// Submissions awaiting approval, newest period first.
    pub pending: Vec<PendingGroupDto>,
    /// Open unlock requests.
    pub unlock_requests: Vec<UnlockDto>,
}

/// The values and unlock requests the caller may decide on: submitted values (as an
/// approver of the owner agencies) and approved values awaiting the province's acceptance
/// (as an approver of the province).
#[utoipa::path(get, path = "/api/v1/approvals", tag = "data-values",
    responses((status = 200, body = ApprovalQueueDto)))]
pub(crate) async fn queue(
    State(s): State<AppState>,
    c: ApiCaller,
) -> Result<Json<ApprovalQueueDto>, ApiError> {
    let q = s
        .app
        .approval_queue(&c.who, MAX_GROUPS)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(ApprovalQueueDto {
        pending: q
            .groups
            .into_iter()
            .map(|g| PendingGroupDto {
                level: g.level.as_str().to_string(),
                org_unit: g.unit.code.to_string(),
                period: g.period.to_string(),
                values: g
                    .values
                    .into_iter()
                    .map(|v| PendingValueDto {
                        indicator: v.indicator.code.to_string(),
                        value: v.value.value,
                        previous: v.previous,
                        comment: v.value.comment,
                    })
                    .collect(),
            })
            .collect(),
        unlock_requests: q
            .unlocks
            .into_iter()
            .map(|u| UnlockDto {
                id: u.request.id,
                indicator: u.indicator.code.to_string(),
                org_unit: u.unit.code.to_string(),
                period: u.request.period.to_string(),
                value: u.value,
                reason: u.request.reason,
                requested_by: u.requested_by,
            })
            .collect(),
    }))
}

/// Which submission to approve.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApproveSubmissionInput {
    /// Org unit code.
    pub org_unit: String,
    /// Period code.
    pub period: String,
    /// Only these indicators (default: every one the caller may approve).
    #[serde(default)]
    pub indicators: Vec<String>,
    /// `owner` (default): approve submitted values as the owner agency's approver;
    /// `province`: accept approved values as the province's approver.
    #[serde(default)]
    pub level: Option<String>,
}

/// How many values were approved.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApprovedDto {
    /// Values approved and locked.
    pub approved: usize,
}

/// Approves (and so locks) a unit's submitted values for a period; with `level: province`,
/// accepts its approved values at province level.
#[utoipa::path(post, path = "/api/v1/approvals", tag = "data-values",
    request_body = ApproveSubmissionInput,
    responses((status = 200, body = ApprovedDto), (status = 409, body = ErrorDoc),
              (status = 422, body = ErrorDoc)))]
pub(crate) async fn approve(
    State(s): State<AppState>,
    c: ApiCaller,
    body: ApiJson,
) -> Result<Json<ApprovedDto>, ApiError> {
    let input: ApproveSubmissionInput =
        chiso_app::values::parse_json(&body.0).map_err(|p| ApiError::new(p, c.lang))?;
    let level = Level::from_input(input.level.as_deref()).map_err(|p| ApiError::new(p, c.lang))?;
    let approved = s
        .app
        .approve_submission(
            &c.who,
            (&input.org_unit, &input.period),
            level,
            &input.indicators,
        )
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(ApprovedDto { approved }))
}

/// A request to unlock an approved value.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnlockInput {
    /// Indicator code.
    pub indicator: String,
    /// Org unit code.
    pub org_unit: String,
    /// Period code.
    pub period: String,
    /// Why it must change (required).
    pub reason: String,
}

/// The request made.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnlockCreated {
    /// Request number.
    pub id: i64,
}

/// Asks to unlock an approved value (someone who may write it), with a reason.
#[utoipa::path(post, path = "/api/v1/unlock-requests", tag = "data-values",
    request_body = UnlockInput,
    responses((status = 201, body = UnlockCreated), (status = 409, body = ErrorDoc),
              (status = 422, body = ErrorDoc)))]
pub(crate) async fn request_unlock(
    State(s): State<AppState>,
    c: ApiCaller,
    body: ApiJson,
) -> Result<(StatusCode, Json<UnlockCreated>), ApiError> {
    let input: UnlockInput =
        chiso_app::values::parse_json(&body.0).map_err(|p| ApiError::new(p, c.lang))?;
    let id = s
        .app
        .request_unlock(
            &c.who,
            &input.indicator,
            &input.org_unit,
            &input.period,
            &input.reason,
        )
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok((StatusCode::CREATED, Json(UnlockCreated { id })))
}

/// An approver's decision on an unlock request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnlockDecisionInput {
    /// `true` to unlock (the value returns to draft), `false` to refuse.
    pub grant: bool,
    /// A note to the requester.
    #[serde(default)]
    pub note: Option<String>,
}

/// Grants or refuses an open unlock request (an approver of the owner agency).
#[utoipa::path(post, path = "/api/v1/unlock-requests/{id}/decision", tag = "data-values",
    params(("id" = i64, Path, description = "Request number")),
    request_body = UnlockDecisionInput,
    responses((status = 204), (status = 403, body = ErrorDoc), (status = 404, body = ErrorDoc)))]
pub(crate) async fn decide(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<i64>,
    body: ApiJson,
) -> Result<StatusCode, ApiError> {
    let input: UnlockDecisionInput =
        chiso_app::values::parse_json(&body.0).map_err(|p| ApiError::new(p, c.lang))?;
    s.app
        .decide_unlock(&c.who, id, input.grant, input.note.as_deref())
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(StatusCode::NO_CONTENT)
}

/// The validation rules.
#[utoipa::path(get, path = "/api/v1/validation-rules", tag = "data-values",
    responses((status = 200, body = Vec<chiso_core::validation::ValidationRule>)))]
pub(crate) async fn list_rules(
    State(s): State<AppState>,
    c: ApiCaller,
) -> Result<Json<Vec<chiso_core::validation::ValidationRule>>, ApiError> {
    let rules = s
        .app
        .validation_rules()
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(rules))
}

/// How many rules were saved.
#[derive(Debug, Serialize, ToSchema)]
pub struct RulesSaved {
    /// Rules saved.
    pub saved: usize,
}

/// Adds or replaces validation rules (catalogue editors): each condition is checked
/// against the catalogue; all rules are saved, or none.
#[utoipa::path(put, path = "/api/v1/validation-rules", tag = "data-values",
    request_body = Vec<chiso_core::validation::ValidationRule>,
    responses((status = 200, body = RulesSaved), (status = 422, body = ErrorDoc),
              (status = 403, body = ErrorDoc)))]
pub(crate) async fn put_rules(
    State(s): State<AppState>,
    c: ApiCaller,
    body: ApiJson,
) -> Result<Json<RulesSaved>, ApiError> {
    let rules: Vec<chiso_core::validation::ValidationRule> =
        chiso_app::values::parse_json(&body.0).map_err(|p| ApiError::new(p, c.lang))?;
    let saved = s
        .app
        .set_validation_rules(&c.who, &rules)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(RulesSaved { saved }))
}

/// The period of the data-quality list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct QualityParams {
    /// Period code, e.g. `2026-10`.
    pub period: String,
}

/// A broken rule.
#[derive(Debug, Serialize, ToSchema)]
pub struct ViolationDto {
    /// Org unit code.
    pub org_unit: String,
    /// Rule code.
    pub rule: String,
    /// `low`, `medium` or `high`.
    pub importance: String,
    /// The rule's message in the caller's language.
    pub message: String,
    /// The values the rule read, by indicator code.
    pub values: Vec<(String, Option<f64>)>,
}

/// A value that stands out from its unit's past or from its peers.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutlierDto {
    /// Org unit code.
    pub org_unit: String,
    /// Indicator code.
    pub indicator: String,
    /// The value.
    pub value: f64,
    /// `history` (the unit's last periods) or `peers` (the same period's values of units of
    /// the same kind under the same parent).
    pub basis: String,
    /// Median of the values compared.
    pub median: f64,
    /// How many values were compared.
    pub compared: usize,
    /// Modified z-score.
    pub score: f64,
}

/// The data-quality list of a period.
#[derive(Debug, Serialize, ToSchema)]
pub struct QualityDto {
    /// Broken validation rules.
    pub violations: Vec<ViolationDto>,
    /// Unusual values, the most unusual first.
    pub outliers: Vec<OutlierDto>,
}

/// Every broken validation rule and unusual value of a period, among the units the caller
/// reads.
#[utoipa::path(get, path = "/api/v1/quality", tag = "data-values", params(QualityParams),
    responses((status = 200, body = QualityDto), (status = 422, body = ErrorDoc)))]
pub(crate) async fn quality(
    State(s): State<AppState>,
    c: ApiCaller,
    crate::extract::ApiQuery(q): crate::extract::ApiQuery<QualityParams>,
) -> Result<Json<QualityDto>, ApiError> {
    let period = chiso_core::period::Period::parse(&q.period)
        .map_err(|_| ApiError::new(chiso_app::entry::bad_period(&q.period), c.lang))?;
    let r = s
        .app
        .quality_report(&c.who, period)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(QualityDto {
        violations: r
            .violations
            .into_iter()
            .map(|(u, v)| ViolationDto {
                org_unit: u.code.to_string(),
                rule: v.rule.code.to_string(),
                importance: v.rule.importance.as_str().into(),
                message: match c.lang {
                    crate::i18n::Lang::Vi => v.rule.message_vi.clone(),
                    crate::i18n::Lang::En => v.rule.message_en.clone(),
                },
                values: v.values,
            })
            .collect(),
        outliers: r
            .outliers
            .into_iter()
            .map(|(u, i, value, o)| OutlierDto {
                org_unit: u.code.to_string(),
                indicator: i.code.to_string(),
                value,
                basis: match o.basis {
                    chiso_core::quality::Basis::History => "history".into(),
                    chiso_core::quality::Basis::Peers => "peers".into(),
                },
                median: o.median,
                compared: o.compared,
                score: o.score,
            })
            .collect(),
    }))
}

/// An indicator's submission deadlines: days after the data-closing day, per level.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeadlinesDto {
    /// Communes and wards.
    pub commune: i64,
    /// Departments and agencies.
    pub agency: i64,
    /// The province.
    pub province: i64,
    /// Whether these are the indicator's own (else the calendar's defaults).
    pub own: bool,
}

/// An indicator's submission deadlines.
#[utoipa::path(get, path = "/api/v1/indicators/{code}/deadlines", tag = "indicators",
    params(("code" = String, Path, description = "Indicator code")),
    responses((status = 200, body = DeadlinesDto), (status = 404, body = ErrorDoc)))]
pub(crate) async fn get_deadlines(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(code): Path<String>,
) -> Result<Json<DeadlinesDto>, ApiError> {
    let (d, own) = s
        .app
        .indicator_deadlines(&code)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(DeadlinesDto {
        commune: d.commune,
        agency: d.agency,
        province: d.province,
        own,
    }))
}

/// Sets an indicator's own deadlines (catalogue editors of its owner); `null` returns it to
/// the calendar's defaults.
#[utoipa::path(put, path = "/api/v1/indicators/{code}/deadlines", tag = "indicators",
    params(("code" = String, Path, description = "Indicator code")),
    request_body = Option<chiso_app::submissions::DeadlinesInput>,
    responses((status = 200, body = DeadlinesDto), (status = 422, body = ErrorDoc),
              (status = 403, body = ErrorDoc)))]
pub(crate) async fn put_deadlines(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(code): Path<String>,
    body: ApiJson,
) -> Result<Json<DeadlinesDto>, ApiError> {
    let input: Option<chiso_app::submissions::DeadlinesInput> =
        chiso_app::values::parse_json(&body.0).map_err(|p| ApiError::new(p, c.lang))?;
    s.app
        .set_indicator_deadlines(&c.who, &code, input)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    get_deadlines(State(s), c, Path(code)).await
}

/// A submission to return for correction.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnInput {
    /// Org unit code.
    pub org_unit: String,
    /// Period code.
    pub period: String,
    /// Why it goes back (required).
    pub reason: String,
    /// `owner` (default): submitted values; `province`: approved values awaiting the
    /// province's acceptance.
    #[serde(default)]
    pub level: Option<String>,
}

/// How many values went back.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReturnedDto {
    /// Values returned to draft.
    pub returned: usize,
}

/// Returns a unit's submitted values for a period for correction, with the reason (the
/// approver of the owner agency); they become drafts again.
#[utoipa::path(post, path = "/api/v1/approvals/return", tag = "data-values",
    request_body = ReturnInput,
    responses((status = 200, body = ReturnedDto), (status = 409, body = ErrorDoc),
              (status = 422, body = ErrorDoc)))]
pub(crate) async fn return_submission(
    State(s): State<AppState>,
    c: ApiCaller,
    body: ApiJson,
) -> Result<Json<ReturnedDto>, ApiError> {
    let input: ReturnInput =
        chiso_app::values::parse_json(&body.0).map_err(|p| ApiError::new(p, c.lang))?;
    let level = Level::from_input(input.level.as_deref()).map_err(|p| ApiError::new(p, c.lang))?;
    let returned = s
        .app
        .return_submission(
            &c.who,
            (&input.org_unit, &input.period),
            level,
            &input.reason,
        )
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(ReturnedDto { returned }))
}
