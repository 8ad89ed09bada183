//! Timeliness of reporting (`/submissions`): for a period, each providing unit's expected
//! submissions by state — on time, late, missing, open, not due — the worst first.

use super::{Chrome, Ctx, render, render_error, unit_name};
use crate::AppState;
use crate::i18n::{period_label, t, t_args};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chiso_app::entry::period_to_report;
use chiso_app::submissions::vietnam_day;
use chiso_core::calendar::SubmissionState;
use chiso_core::period::{Period, PeriodType};
use serde::Deserialize;

const STATES: [SubmissionState; 5] = [
    SubmissionState::OnTime,
    SubmissionState::Late,
    SubmissionState::Missing,
    SubmissionState::Open,
    SubmissionState::NotDue,
];

#[derive(Template)]
#[template(path = "submissions.html")]
struct SubmissionsPage {
    c: Chrome,
    heading: String,
    period: String,
    /// Frequency label, link, current.
    frequencies: Vec<(String, String, bool)>,
    prev_link: String,
    next_link: String,
    /// State key, label, total.
    totals: Vec<(String, String, usize)>,
    rows: Vec<RowView>,
    /// Heading of the ranking, then its most punctual and least punctual units.
    ranking_heading: String,
    best: Vec<RankView>,
    worst: Vec<RankView>,
}

/// A unit's place in the timeliness ranking.
struct RankView {
    rank: usize,
    code: String,
    name: String,
    spark: String,
    average: String,
    last: String,
}

/// Periods the timeliness ranking covers.
const RANKING_PERIODS: usize = 6;
/// Units shown at each end of the ranking.
const RANKING_SHOWN: usize = 5;

struct RowView {
    code: String,
    name: String,
    level: String,
    deadline: String,
    /// State key, count.
    counts: Vec<(String, usize)>,
    missing: String,
}

#[derive(Deserialize)]
pub(super) struct SubmissionsQuery {
    unit: Option<String>,
    format: Option<String>,
    period: Option<String>,
}

/// `GET /submissions`.
pub(super) async fn page(
    State(s): State<AppState>,
    ctx: Ctx,
    Query(q): Query<SubmissionsQuery>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let lang = ctx.lang;
    let unit = q
        .unit
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| s.app.root_code());
    let today = vietnam_day(chrono::Utc::now());
    let period = match q.period.as_deref().filter(|p| !p.is_empty()) {
        Some(p) => match Period::parse(p) {
            Ok(p) => p,
            Err(_) => {
                return render_error(
                    lang,
                    Some(who),
                    chiso_app::Problem::invalid("period.invalid")
                        .field("period")
                        .arg("input", p)
                        .into(),
                );
            }
        },
        None => period_to_report(PeriodType::Month, today),
    };
    let sub = match s.app.submissions(&who, &unit, period, today).await {
        Ok(x) => x,
        Err(e) => return render_error(lang, Some(who), e),
    };
    let ranking = match s
        .app
        .timeliness_ranking(&who, &unit, period, RANKING_PERIODS, today)
        .await
    {
        Ok(r) => r,
        Err(e) => return render_error(lang, Some(who), e),
    };
    let pct = |x: Option<f64>| {
        x.map(|v| format!("{:.0}%", v * 100.0))
            .unwrap_or_else(|| "—".into())
    };
    if q.format.as_deref() == Some("ranking") {
        let first = period
            .checked_offset(-(RANKING_PERIODS as i32 - 1))
            .unwrap_or(period);
        let mut headers = vec![
            t(lang, "submissions.rank"),
            t(lang, "value.org_unit"),
            t(lang, "submissions.average"),
        ];
        headers.extend(
            Period::range(first, period)
                .iter()
                .map(|p| period_label(lang, p)),
        );
        let rows = ranking
            .iter()
            .map(|r| {
                let mut row = vec![
                    r.rank.to_string(),
                    unit_name(&r.unit, lang),
                    pct(Some(r.average)),
                ];
                row.extend(r.on_time.iter().map(|x| pct(*x)));
                row
            })
            .collect();
        return super::xlsx_download(
            lang,
            Some(who),
            &format!("chiso-xep-hang-dung-han-{period}.xlsx"),
            &t(lang, "submissions.ranking"),
            headers,
            rows,
        );
    }
    let rank_view = |r: &chiso_app::submissions::UnitTimeliness| RankView {
        rank: r.rank,
        code: r.unit.code.to_string(),
        name: unit_name(&r.unit, lang),
        spark: crate::charts::sparkline(
            &t_args(
                lang,
                "submissions.spark",
                &[("unit", unit_name(&r.unit, lang))],
            ),
            &r.on_time,
        ),
        average: pct(Some(r.average)),
        last: pct(r.on_time.last().copied().flatten()),
    };
    let best: Vec<RankView> = ranking.iter().take(RANKING_SHOWN).map(rank_view).collect();
    let worst: Vec<RankView> = ranking
        .iter()
        .rev()
        .take(RANKING_SHOWN.min(ranking.len().saturating_sub(RANKING_SHOWN)))
        .map(rank_view)
        .collect();
    if q.format.as_deref() == Some("xlsx") {
        let mut headers = vec![
            t(lang, "value.org_unit"),
            t(lang, "submissions.level"),
            t(lang, "submissions.deadline"),
        ];
        headers.extend(
            STATES
                .iter()
                .map(|st| t(lang, &format!("submission.{}", st.as_str()))),
        );
        headers.push(t(lang, "submissions.missing_list"));
        let rows = sub
            .units
            .iter()
            .map(|u| {
                let mut r = vec![
                    unit_name(&u.unit, lang),
                    t(lang, &format!("level.{}", level_key(u.level))),
                    u.deadline.map(|d| d.to_string()).unwrap_or_default(),
                ];
                r.extend(STATES.iter().map(|st| u.count(*st).to_string()));
                r.push(u.missing.join(", "));
                r
            })
            .collect();
        return super::xlsx_download(
            lang,
            Some(who),
            &format!("chiso-tien-do-nop-{period}.xlsx"),
            &t(lang, "submissions.title"),
            headers,
            rows,
        );
    }
    let link = |p: &Period| format!("/submissions?unit={unit}&period={p}");
    let totals = sub.totals();
    let page = SubmissionsPage {
        c: ctx.chrome(t(lang, "submissions.title"), "submissions"),
        heading: t_args(
            lang,
            "submissions.heading",
            &[
                ("period", period_label(lang, &period)),
                ("today", today.format("%d/%m/%Y").to_string()),
            ],
        ),
        period: period.to_string(),
        frequencies: [
            PeriodType::Month,
            PeriodType::Quarter,
            PeriodType::HalfYear,
            PeriodType::Year,
        ]
        .iter()
        .map(|k| {
            (
                t(lang, &format!("frequency.{}", k.as_str())),
                link(&period_to_report(*k, today)),
                *k == period.period_type(),
            )
        })
        .collect(),
        prev_link: link(&period.previous()),
        next_link: link(&period.next()),
        totals: STATES
            .iter()
            .map(|st| {
                (
                    st.as_str().to_string(),
                    t(lang, &format!("submission.{}", st.as_str())),
                    totals.get(st).copied().unwrap_or(0),
                )
            })
            .collect(),
        rows: sub
            .units
            .iter()
            .map(|u| RowView {
                code: u.unit.code.to_string(),
                name: unit_name(&u.unit, lang),
                level: t(lang, &format!("level.{}", level_key(u.level))),
                deadline: u
                    .deadline
                    .map(|d| d.format("%d/%m/%Y").to_string())
                    .unwrap_or_default(),
                counts: STATES
                    .iter()
                    .map(|st| (st.as_str().to_string(), u.count(*st)))
                    .collect(),
                missing: u.missing.join(", "),
            })
            .collect(),
        ranking_heading: t_args(
            lang,
            "submissions.ranking_heading",
            &[
                ("n", RANKING_PERIODS.to_string()),
                ("units", ranking.len().to_string()),
            ],
        ),
        best,
        worst,
    };
    render(&page)
}

fn level_key(l: chiso_core::calendar::Level) -> &'static str {
    match l {
        chiso_core::calendar::Level::Commune => "commune",
        chiso_core::calendar::Level::Agency => "agency",
        chiso_core::calendar::Level::Province => "province",
    }
}
