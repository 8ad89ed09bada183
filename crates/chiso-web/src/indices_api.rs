//! API for composite indices: the indices with scores, an index's ranking in a year, a unit's
//! profile (what moved its score and rank), the sensitivity of the ranks; and, for
//! administrators, methodologies, score imports and notes on lost points.

use crate::AppState;
use crate::error::{ApiError, ErrorDoc};
use crate::extract::{ApiCaller, ApiJson, ApiQuery};
use crate::pages::indices::{headline, parse_year};
use axum::extract::{Path, State};
use axum::{Json, Router};
use chiso_app::indices::{Ranking, RankingRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The composite-index routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/indices", axum::routing::get(list_indices))
        .route(
            "/api/v1/indices/methodologies",
            axum::routing::put(put_methodology),
        )
        .route(
            "/api/v1/indices/{code}/{year}",
            axum::routing::get(get_ranking),
        )
        .route(
            "/api/v1/indices/{code}/{year}/scores",
            axum::routing::post(import_scores),
        )
        .route(
            "/api/v1/indices/{code}/{year}/sensitivity",
            axum::routing::get(get_sensitivity),
        )
        .route(
            "/api/v1/indices/{code}/{year}/notes",
            axum::routing::put(put_note),
        )
        .route(
            "/api/v1/indices/{code}/{year}/units/{unit}",
            axum::routing::get(get_unit),
        )
}

/// A year with scores.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndexYearDto {
    /// The year.
    pub year: i32,
    /// Units with scores that year.
    pub units: i64,
}

/// An index with scores.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndexDto {
    /// Index code.
    pub code: String,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Publisher.
    pub publisher: String,
    /// Maximum score.
    pub max: f64,
    /// How components combine (`arithmetic_mean`, `sum`, ...).
    pub method: String,
    /// Years with scores.
    pub years: Vec<IndexYearDto>,
}

/// The indices that have scores.
#[utoipa::path(get, path = "/api/v1/indices", tag = "indices",
    responses((status = 200, body = Vec<IndexDto>), (status = 401, body = ErrorDoc)))]
pub(crate) async fn list_indices(
    State(s): State<AppState>,
    c: ApiCaller,
) -> Result<Json<Vec<IndexDto>>, ApiError> {
    let all = s
        .app
        .indices(&c.who)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(
        all.into_iter()
            .map(|i| IndexDto {
                name_vi: i.methodology.name_vi.clone(),
                name_en: i.methodology.name_en.clone(),
                publisher: i.methodology.publisher.clone(),
                max: i.methodology.max,
                method: serde_json::to_value(i.methodology.method)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                years: i
                    .years
                    .iter()
                    .map(|(year, units)| IndexYearDto {
                        year: *year,
                        units: *units,
                    })
                    .collect(),
                code: i.code,
            })
            .collect(),
    ))
}

/// A unit's rank in one year.
#[derive(Debug, Serialize, ToSchema)]
pub struct YearRankDto {
    /// The year.
    pub year: i32,
    /// The rank (`null`: not ranked).
    pub rank: Option<usize>,
}

/// A unit in a ranking.
#[derive(Debug, Serialize, ToSchema)]
pub struct RankingRowDto {
    /// Unit code (or the publisher's name of a unit outside the tree).
    pub unit: String,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Score at full precision (`null`: not scored, listed apart).
    pub score: Option<f64>,
    /// Rank; ties share the lowest rank.
    pub rank: Option<usize>,
    /// Tier, Vietnamese.
    pub tier_vi: Option<String>,
    /// Tier, English.
    pub tier_en: Option<String>,
    /// Last year's score.
    pub previous_score: Option<f64>,
    /// Last year's rank.
    pub previous_rank: Option<usize>,
    /// Top-level component values, in the order of `RankingDto.components`.
    pub components: Vec<Option<f64>>,
    /// Rank in every year with scores.
    pub history: Vec<YearRankDto>,
}

/// An index's ranking in a year.
#[derive(Debug, Serialize, ToSchema)]
pub struct RankingDto {
    /// Index code.
    pub index: String,
    /// Methodology version in force.
    pub version: String,
    /// The year.
    pub year: i32,
    /// The previous year with scores.
    pub previous_year: Option<i32>,
    /// Units ranked.
    pub ranked: usize,
    /// N of "rank r of N", as published for the year when known.
    pub ranked_of: usize,
    /// Average score of the ranked units.
    pub average: Option<f64>,
    /// Whether any score is derived (not published).
    pub derived: bool,
    /// Whether the inputs were computed from Chiso's indicators for this request.
    pub computed: bool,
    /// Inputs not reported yet that carry last year's value (computed indices).
    pub carried_forward: usize,
    /// Codes of the top-level components.
    pub components: Vec<String>,
    /// Ranked units best first, then units without a score.
    pub rows: Vec<RankingRowDto>,
}

fn row_dto(r: &RankingRow, years: &[i32]) -> RankingRowDto {
    RankingRowDto {
        unit: r.unit.clone(),
        name_vi: r.name_vi.clone(),
        name_en: r.name_en.clone(),
        score: r.score,
        rank: r.rank,
        tier_vi: r.tier.as_ref().map(|t| t.name_vi.clone()),
        tier_en: r.tier.as_ref().map(|t| t.name_en.clone()),
        previous_score: r.previous_score,
        previous_rank: r.previous_rank,
        components: r.components.clone(),
        history: years
            .iter()
            .zip(&r.history)
            .map(|(y, rank)| YearRankDto {
                year: *y,
                rank: *rank,
            })
            .collect(),
    }
}

fn ranking_dto(r: &Ranking) -> RankingDto {
    RankingDto {
        index: r.methodology.index.clone(),
        version: r.methodology.version.clone(),
        year: r.year,
        previous_year: r.previous_year,
        ranked: r.ranked,
        ranked_of: r.ranked_of,
        average: r.average,
        derived: r.derived,
        computed: r.computed,
        carried_forward: r.carried_forward,
        components: r.top.clone(),
        rows: r.rows.iter().map(|x| row_dto(x, &r.years)).collect(),
    }
}

/// An index's ranking in a year.
#[utoipa::path(get, path = "/api/v1/indices/{code}/{year}", tag = "indices",
    params(("code" = String, Path, description = "Index code, e.g. PCI"),
           ("year" = i32, Path, description = "Year")),
    responses((status = 200, body = RankingDto), (status = 404, body = ErrorDoc)))]
pub(crate) async fn get_ranking(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((code, year)): Path<(String, String)>,
) -> Result<Json<RankingDto>, ApiError> {
    let year = parse_year(&year).map_err(|e| ApiError::new(e, c.lang))?;
    let r = s
        .app
        .index_ranking(&c.who, &code, year)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(ranking_dto(&r)))
}

/// One component's change from last year.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComponentChangeDto {
    /// Component code.
    pub code: String,
    /// Last year's value.
    pub previous: Option<f64>,
    /// This year's value.
    pub current: Option<f64>,
    /// Change in points.
    pub change: Option<f64>,
    /// Change in % of last year's value.
    pub change_pct: Option<f64>,
    /// Index points this change accounts for.
    pub contribution: Option<f64>,
    /// Places of rank it won (+) or cost (−).
    pub places: Option<i64>,
}

/// A unit's change from last year.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeDto {
    /// Last year's score.
    pub previous_score: Option<f64>,
    /// This year's score.
    pub current_score: Option<f64>,
    /// Change of the score.
    pub change: Option<f64>,
    /// Last year's rank.
    pub previous_rank: Option<usize>,
    /// This year's rank.
    pub current_rank: Option<usize>,
    /// Places gained (+) or lost (−).
    pub rank_change: Option<i64>,
    /// The part of the change the components' shares leave (non-linear methods).
    pub unexplained: Option<f64>,
    /// Every component.
    pub components: Vec<ComponentChangeDto>,
}

/// A gap to the average, the best and a peer.
#[derive(Debug, Serialize, ToSchema)]
pub struct GapDto {
    /// Index or component code.
    pub code: String,
    /// The unit's value.
    pub value: Option<f64>,
    /// Average of the units with a value.
    pub average: Option<f64>,
    /// Best value.
    pub best: Option<f64>,
    /// Unit with the best value.
    pub best_unit: Option<String>,
    /// The peer's value.
    pub peer: Option<f64>,
}

/// Points lost on a criterion, with its note.
#[derive(Debug, Serialize, ToSchema)]
pub struct LostDto {
    /// Criterion code.
    pub code: String,
    /// Maximum points.
    pub max: f64,
    /// Points obtained.
    pub score: Option<f64>,
    /// Points lost.
    pub lost: f64,
    /// Responsible agency.
    pub owner_unit: Option<String>,
    /// Responsible person.
    pub owner_person: Option<String>,
    /// Root cause.
    pub root_cause: Option<String>,
    /// Corrective action.
    pub action: Option<String>,
}

/// A unit's profile in an index and year.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitProfileDto {
    /// The unit's row of the ranking.
    pub row: RankingRowDto,
    /// N of "rank r of N".
    pub ranked_of: usize,
    /// The sentence that says what moved the rank, in the caller's language.
    pub headline: String,
    /// What changed since the previous year (`null`: no comparable previous year).
    pub change: Option<ChangeDto>,
    /// Gaps of the index and every component.
    pub gaps: Vec<GapDto>,
    /// The peer compared with.
    pub peer: Option<String>,
    /// Criteria with points lost (criteria-scored indices).
    pub lost: Vec<LostDto>,
}

/// Which peer to compare with.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PeerParams {
    /// The peer unit's code.
    pub peer: Option<String>,
}

/// A unit's profile: what moved its score and rank, its gaps, the points it lost.
#[utoipa::path(get, path = "/api/v1/indices/{code}/{year}/units/{unit}", tag = "indices",
    params(("code" = String, Path, description = "Index code"),
           ("year" = i32, Path, description = "Year"),
           ("unit" = String, Path, description = "Unit code"), PeerParams),
    responses((status = 200, body = UnitProfileDto), (status = 404, body = ErrorDoc)))]
pub(crate) async fn get_unit(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((code, year, unit)): Path<(String, String, String)>,
    ApiQuery(q): ApiQuery<PeerParams>,
) -> Result<Json<UnitProfileDto>, ApiError> {
    let year = parse_year(&year).map_err(|e| ApiError::new(e, c.lang))?;
    let p = s
        .app
        .index_unit(&c.who, &code, year, &unit, q.peer.as_deref())
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(UnitProfileDto {
        headline: headline(&p, c.lang),
        row: row_dto(&p.row, &p.ranking.years),
        ranked_of: p.ranking.ranked_of,
        change: p.change.as_ref().map(|ch| ChangeDto {
            previous_score: ch.previous_score,
            current_score: ch.current_score,
            change: ch.change,
            previous_rank: ch.previous_rank,
            current_rank: ch.current_rank,
            rank_change: ch.rank_change,
            unexplained: ch.unexplained,
            components: ch
                .components
                .iter()
                .map(|x| ComponentChangeDto {
                    code: x.code.clone(),
                    previous: x.previous,
                    current: x.current,
                    change: x.change,
                    change_pct: x.change_pct,
                    contribution: x.contribution,
                    places: x.places,
                })
                .collect(),
        }),
        gaps: p
            .gaps
            .iter()
            .map(|g| GapDto {
                code: g.code.clone(),
                value: g.value,
                average: g.average,
                best: g.best,
                best_unit: g.best_unit.clone(),
                peer: g.peer,
            })
            .collect(),
        peer: p.peer.clone(),
        lost: p
            .lost
            .iter()
            .map(|l| LostDto {
                code: l.lost.code.clone(),
                max: l.lost.max,
                score: l.lost.score,
                lost: l.lost.lost,
                owner_unit: l.note.as_ref().map(|n| n.owner_unit.clone()),
                owner_person: l.note.as_ref().map(|n| n.owner_person.clone()),
                root_cause: l.note.as_ref().map(|n| n.root_cause.clone()),
                action: l.note.as_ref().map(|n| n.action.clone()),
            })
            .collect(),
    }))
}

/// An uncertain choice and how much the ranks depend on it.
#[derive(Debug, Serialize, ToSchema)]
pub struct FactorDto {
    /// `weights`, `normalisation`, `aggregation` or `treatment`.
    pub factor: String,
    /// Alternatives tried.
    pub alternatives: usize,
    /// First-order Sobol' index.
    pub first_order: f64,
    /// Total-order Sobol' index.
    pub total_order: f64,
}

/// One unit's ranks over the runs.
#[derive(Debug, Serialize, ToSchema)]
pub struct RankStatsDto {
    /// Unit code.
    pub unit: String,
    /// Published (nominal) rank.
    pub nominal: Option<usize>,
    /// Median rank.
    pub median: Option<f64>,
    /// 5th percentile.
    pub q05: Option<f64>,
    /// 95th percentile.
    pub q95: Option<f64>,
    /// Mean rank.
    pub mean: Option<f64>,
}

/// The sensitivity of an index's ranks.
#[derive(Debug, Serialize, ToSchema)]
pub struct SensitivityDto {
    /// Index computations made.
    pub runs: usize,
    /// Variance of the mean absolute rank shift.
    pub output_variance: f64,
    /// The uncertain choices, most influential first.
    pub factors: Vec<FactorDto>,
    /// Each unit's rank statistics.
    pub units: Vec<RankStatsDto>,
}

/// How much the ranks depend on weights (±25 %), rescaling and the kind of mean.
#[utoipa::path(get, path = "/api/v1/indices/{code}/{year}/sensitivity", tag = "indices",
    params(("code" = String, Path, description = "Index code"),
           ("year" = i32, Path, description = "Year")),
    responses((status = 200, body = SensitivityDto), (status = 404, body = ErrorDoc)))]
pub(crate) async fn get_sensitivity(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((code, year)): Path<(String, String)>,
) -> Result<Json<SensitivityDto>, ApiError> {
    let year = parse_year(&year).map_err(|e| ApiError::new(e, c.lang))?;
    let r = s
        .app
        .index_sensitivity(&c.who, &code, year)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(SensitivityDto {
        runs: r.runs,
        output_variance: r.output_variance,
        factors: r
            .factors
            .iter()
            .map(|f| FactorDto {
                factor: f.factor.clone(),
                alternatives: f.alternatives,
                first_order: f.first_order,
                total_order: f.total_order,
            })
            .collect(),
        units: r
            .units
            .iter()
            .map(|u| RankStatsDto {
                unit: u.unit.clone(),
                nominal: u.nominal,
                median: u.median,
                q05: u.q05,
                q95: u.q95,
                mean: u.mean,
            })
            .collect(),
    }))
}

/// A methodology saved.
#[derive(Debug, Serialize, ToSchema)]
pub struct MethodologySaved {
    /// Index code.
    pub index: String,
    /// Version.
    pub version: String,
}

/// Adds or replaces a methodology version (administrators): the document has the shape of
/// the shipped templates (`chiso index templates`); it is checked before it is saved.
#[utoipa::path(put, path = "/api/v1/indices/methodologies", tag = "indices",
    request_body(content = Object, description = "A methodology document"),
    responses((status = 200, body = MethodologySaved), (status = 422, body = ErrorDoc),
              (status = 403, body = ErrorDoc)))]
pub(crate) async fn put_methodology(
    State(s): State<AppState>,
    c: ApiCaller,
    body: ApiJson,
) -> Result<Json<MethodologySaved>, ApiError> {
    let text = body.0.to_string();
    s.app
        .set_index_methodology(&c.who, &text)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(MethodologySaved {
        index: body.0["index"].as_str().unwrap_or_default().to_owned(),
        version: body.0["version"].as_str().unwrap_or_default().to_owned(),
    }))
}

/// Scores imported.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScoresImported {
    /// Units stored.
    pub units: usize,
}

/// Replaces an index's scores for a year from CSV (administrators): a `unit` column and one
/// column per component of the methodology in force; all or nothing.
#[utoipa::path(post, path = "/api/v1/indices/{code}/{year}/scores", tag = "indices",
    params(("code" = String, Path, description = "Index code"),
           ("year" = i32, Path, description = "Year")),
    request_body(content = String, content_type = "text/csv", description = "unit,COMPONENT,..."),
    responses((status = 200, body = ScoresImported), (status = 422, body = ErrorDoc),
              (status = 403, body = ErrorDoc)))]
pub(crate) async fn import_scores(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((code, year)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Result<Json<ScoresImported>, ApiError> {
    let year = parse_year(&year).map_err(|e| ApiError::new(e, c.lang))?;
    let units = s
        .app
        .import_index_scores(&c.who, &code, year, &body)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(Json(ScoresImported { units }))
}

/// Who owns a criterion a unit lost points on, why, and the corrective action.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteInput {
    /// The assessed unit.
    pub unit: String,
    /// The criterion.
    pub component: String,
    /// Responsible agency.
    #[serde(default)]
    pub owner_unit: String,
    /// Responsible person.
    #[serde(default)]
    pub owner_person: String,
    /// Root cause.
    #[serde(default)]
    pub root_cause: String,
    /// Corrective action.
    #[serde(default)]
    pub action: String,
}

/// Records the note on a criterion a unit lost points on (administrators).
#[utoipa::path(put, path = "/api/v1/indices/{code}/{year}/notes", tag = "indices",
    params(("code" = String, Path, description = "Index code"),
           ("year" = i32, Path, description = "Year")),
    request_body = NoteInput,
    responses((status = 204), (status = 422, body = ErrorDoc), (status = 403, body = ErrorDoc)))]
pub(crate) async fn put_note(
    State(s): State<AppState>,
    c: ApiCaller,
    Path((code, year)): Path<(String, String)>,
    body: ApiJson,
) -> Result<axum::http::StatusCode, ApiError> {
    let year = parse_year(&year).map_err(|e| ApiError::new(e, c.lang))?;
    let n: NoteInput =
        chiso_app::values::parse_json(&body.0).map_err(|p| ApiError::new(p, c.lang))?;
    let note = chiso_app::indices::CriterionNote {
        unit: n.unit,
        component: n.component,
        owner_unit: n.owner_unit,
        owner_person: n.owner_person,
        root_cause: n.root_cause,
        action: n.action,
    };
    s.app
        .set_criterion_note(&c.who, &code, year, &note)
        .await
        .map_err(|e| ApiError::new(e, c.lang))?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
