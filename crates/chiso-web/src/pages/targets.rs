//! Plan targets (`/targets`): for an indicator and a year, the province's and each
//! reporting unit's target and tolerance, set by the leadership; all rows saved or none.

use super::{Chrome, Ctx, render, render_error, unit_name};
use crate::AppState;
use crate::error::message;
use crate::i18n::{Lang, fmt_num, t, t_args};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chiso_core::indicator::LifecycleStatus;
use chrono::Datelike;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "targets.html")]
struct TargetsPage {
    c: Chrome,
    /// Code, name, selected.
    indicators: Vec<(String, String, bool)>,
    indicator: String,
    unit_label: String,
    year: i32,
    years: Vec<(i32, bool)>,
    /// Unit code, name, last year's target, value, tolerance (%), editable, error.
    rows: Vec<(String, String, String, String, String, bool, String)>,
    flash: Option<String>,
    alert: Option<String>,
    can_save: bool,
}

#[derive(Deserialize)]
pub(super) struct TargetsQuery {
    indicator: Option<String>,
    year: Option<i32>,
    saved: Option<String>,
}

/// A typed number without its spaces.
fn number(text: &str) -> String {
    text.trim().replace(' ', "")
}

/// What the form carries back after a refusal: typed values and errors by unit code.
#[derive(Default)]
struct Typed {
    values: HashMap<String, (String, String)>,
    errors: HashMap<String, String>,
}

async fn page_for(
    s: &AppState,
    ctx: &Ctx,
    (indicator, year): (Option<String>, Option<i32>),
    typed: &Typed,
    (flash, alert): (Option<String>, Option<String>),
) -> Response {
    let Ok(who) = ctx.require_user() else {
        return Redirect::to("/login").into_response();
    };
    let lang = ctx.lang;
    let this_year = chrono::Utc::now().date_naive().year();
    let year = year.unwrap_or(this_year);
    let all = match s.app.store().all_indicators().await {
        Ok(a) => a,
        Err(e) => return render_error(lang, Some(who), e.into()),
    };
    let mut list: Vec<_> = all
        .into_iter()
        .map(|r| r.indicator)
        .filter(|i| i.sheet.status == LifecycleStatus::Operating)
        .collect();
    list.sort_by(|a, b| a.code.cmp(&b.code));
    let indicator = indicator
        .filter(|i| !i.is_empty())
        .or_else(|| list.first().map(|i| i.code.to_string()))
        .unwrap_or_default();
    let Some(ind) = list.iter().find(|i| i.code.as_str() == indicator).cloned() else {
        let p = chiso_app::Problem::new(chiso_app::ErrorKind::NotFound, "indicator.unknown")
            .arg("code", &indicator);
        return render_error(lang, Some(who), p.into());
    };
    let lines = match s.app.target_sheet(&who, &indicator, year).await {
        Ok(l) => l,
        Err(e) => return render_error(lang, Some(who), e),
    };
    let d = ind.sheet.decimals;
    let rows: Vec<_> = lines
        .iter()
        .map(|l| {
            let code = l.unit.code.to_string();
            let (value, tol) = match typed.values.get(&code) {
                Some((v, t)) => (v.clone(), t.clone()),
                None => match l.target {
                    Some((v, tol)) => (format!("{v}"), format!("{}", (tol * 100.0).round())),
                    None => (String::new(), String::new()),
                },
            };
            (
                code.clone(),
                unit_name(&l.unit, lang),
                l.last_year.map(|v| fmt_num(v, d, lang)).unwrap_or_default(),
                value,
                tol,
                l.editable,
                typed.errors.get(&code).cloned().unwrap_or_default(),
            )
        })
        .collect();
    let can_save = rows.iter().any(|r| r.5);
    render(&TargetsPage {
        c: ctx.chrome(t(lang, "targets.title"), "dashboard"),
        indicators: list
            .iter()
            .map(|i| {
                (
                    i.code.to_string(),
                    format!(
                        "{} · {}",
                        i.code,
                        match lang {
                            Lang::Vi => &i.sheet.name_vi,
                            Lang::En => &i.sheet.name_en,
                        }
                    ),
                    i.code.as_str() == indicator,
                )
            })
            .collect(),
        indicator,
        unit_label: ind.sheet.unit.clone(),
        year,
        years: (this_year - 1..=this_year + 1)
            .map(|y| (y, y == year))
            .collect(),
        rows,
        flash,
        alert,
        can_save,
    })
}

/// `GET /targets`.
pub(super) async fn page(
    State(s): State<AppState>,
    ctx: Ctx,
    Query(q): Query<TargetsQuery>,
) -> Response {
    if let Err(r) = ctx.require_user() {
        return r.into_response();
    }
    let flash = q
        .saved
        .map(|n| t_args(ctx.lang, "targets.saved", &[("n", n)]));
    page_for(
        &s,
        &ctx,
        (q.indicator, q.year),
        &Typed::default(),
        (flash, None),
    )
    .await
}

/// `POST /targets`: saves every row with a value (`v:UNIT`, `t:UNIT` in %), all or none.
pub(super) async fn save(
    State(s): State<AppState>,
    ctx: Ctx,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let lang = ctx.lang;
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let indicator = get("indicator");
    let year: i32 = get("year").parse().unwrap_or(0);
    let mut typed = Typed::default();
    for (k, v) in &fields {
        if let Some(u) = k.strip_prefix("v:") {
            typed.values.entry(u.to_string()).or_default().0 = number(v);
        } else if let Some(u) = k.strip_prefix("t:") {
            typed.values.entry(u.to_string()).or_default().1 = number(v);
        }
    }
    let mut units: Vec<String> = typed
        .values
        .iter()
        .filter(|(_, (v, _))| !v.is_empty())
        .map(|(k, _)| k.clone())
        .collect();
    units.sort();
    let rows: Vec<serde_json::Value> = units
        .iter()
        .map(|u| {
            let (v, tol) = &typed.values[u];
            let value = v
                .replace(',', ".")
                .parse::<f64>()
                .map(|x| serde_json::json!(x))
                .unwrap_or_else(|_| serde_json::json!(v));
            let mut row = serde_json::json!({
                "indicator": indicator, "org_unit": u, "period": year.to_string(), "value": value,
            });
            if let Ok(t) = tol.replace(',', ".").parse::<f64>() {
                row["tolerance"] = serde_json::json!(t / 100.0);
            }
            row
        })
        .collect();
    match s.app.set_targets(&who, &rows).await {
        Ok(n) => Redirect::to(&format!(
            "/targets?indicator={indicator}&year={year}&saved={n}"
        ))
        .into_response(),
        Err(e) => {
            let problems = match &e {
                chiso_app::AppError::Problems(ps) => ps.clone(),
                other => vec![other.first()],
            };
            for p in &problems {
                if let Some(u) = p.row.and_then(|r| units.get(r)) {
                    typed.errors.insert(u.clone(), message(p, lang));
                }
            }
            let alert = problems
                .iter()
                .map(|p| message(p, lang))
                .collect::<Vec<_>>()
                .join(" · ");
            let status = problems
                .first()
                .map(crate::error::status_of)
                .unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
            let mut r = page_for(
                &s,
                &ctx,
                (Some(indicator), Some(year)),
                &typed,
                (None, Some(alert)),
            )
            .await;
            *r.status_mut() = status;
            r
        }
    }
}
