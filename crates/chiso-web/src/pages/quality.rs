//! The data-quality list (`/quality`): for a period, every validation rule the values
//! break and every value that stands out from its unit's past, each linked to the entry
//! form where it is corrected.

use super::{Chrome, Ctx, render, render_error, unit_name};
use crate::AppState;
use crate::i18n::{fmt_num, outlier_text, period_label, t, t_args, violation_view};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chiso_app::entry::{bad_period, period_to_report};
use chiso_core::period::{Period, PeriodType};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "quality.html")]
struct QualityPage {
    c: Chrome,
    period: String,
    period_label: String,
    summary: String,
    /// Unit, entry link, importance key, importance, rule name, message, values.
    violations: Vec<(String, String, String, String, String, String, String)>,
    /// Unit, entry link, indicator code, indicator name, value, why.
    outliers: Vec<(String, String, String, String, String, String)>,
    rules: Vec<(String, String, String, String)>,
}

#[derive(Deserialize)]
pub(super) struct QualityQuery {
    period: Option<String>,
}

/// `GET /quality`.
pub(super) async fn page(
    State(s): State<AppState>,
    ctx: Ctx,
    Query(q): Query<QualityQuery>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let lang = ctx.lang;
    let period = match q.period.as_deref().filter(|p| !p.trim().is_empty()) {
        Some(p) => match Period::parse(p) {
            Ok(p) => p,
            Err(_) => return render_error(lang, Some(who), bad_period(p).into()),
        },
        None => period_to_report(PeriodType::Month, chrono::Utc::now().date_naive()),
    };
    let (report, rules) = match (
        s.app.quality_report(&who, period).await,
        s.app.validation_rules().await,
    ) {
        (Ok(r), Ok(rules)) => (r, rules),
        (Err(e), _) | (_, Err(e)) => return render_error(lang, Some(who), e),
    };
    let entry = |u: &chiso_core::org::OrgUnit| format!("/entry?unit={}&period={period}", u.code);
    let violations = report
        .violations
        .iter()
        .map(|(u, v)| {
            let (key, importance, message, values) = violation_view(lang, v);
            (
                unit_name(u, lang),
                entry(u),
                key,
                importance,
                match lang {
                    crate::i18n::Lang::Vi => v.rule.name_vi.clone(),
                    crate::i18n::Lang::En => v.rule.name_en.clone(),
                },
                message,
                values,
            )
        })
        .collect();
    let outliers = report
        .outliers
        .iter()
        .map(|(u, i, value, o)| {
            let d = i.sheet.decimals;
            (
                unit_name(u, lang),
                entry(u),
                i.code.to_string(),
                match lang {
                    crate::i18n::Lang::Vi => i.sheet.name_vi.clone(),
                    crate::i18n::Lang::En => i.sheet.name_en.clone(),
                },
                format!("{} {}", fmt_num(*value, d, lang), i.sheet.unit),
                outlier_text(lang, o, d),
            )
        })
        .collect();
    let rules = rules
        .iter()
        .map(|r| {
            (
                r.code.to_string(),
                match lang {
                    crate::i18n::Lang::Vi => r.name_vi.clone(),
                    crate::i18n::Lang::En => r.name_en.clone(),
                },
                r.formula.clone(),
                t(lang, &format!("quality.{}", r.importance.as_str())),
            )
        })
        .collect();
    render(&QualityPage {
        c: ctx.chrome(t(lang, "quality.title"), "quality"),
        period: period.to_string(),
        period_label: period_label(lang, &period),
        summary: t_args(
            lang,
            "quality.summary",
            &[
                ("rules", report.violations.len().to_string()),
                ("outliers", report.outliers.len().to_string()),
            ],
        ),
        violations,
        outliers,
        rules,
    })
}
