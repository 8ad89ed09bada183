//! The analysis card of the indicator page: the indicator's value for a chosen unit and
//! period, its status with the reason, comparisons, a trend against target and a bar chart
//! of the units below.

use super::unit_name;
use crate::AppState;
use crate::charts::{Bars, Trend};
use crate::error::message;
use crate::i18n::{Lang, fmt_num, period_label, status_reason_parts, t, t_args};
use chiso_app::analytics::{Analysis, DataScope};
use chiso_core::access::Principal;
use chiso_core::indicator::TimeAggregation;
use chiso_core::period::Period;
use serde::Deserialize;

/// What the indicator page is asked to analyse.
#[derive(Debug, Default, Deserialize)]
pub(super) struct AnalysisQuery {
    /// Org unit code.
    pub unit: Option<String>,
    /// Period code.
    pub period: Option<String>,
    /// Approved values only.
    pub approved_only: Option<String>,
}

/// The card as the template shows it.
pub(super) struct AnalysisCard {
    pub unit_code: String,
    pub period: String,
    pub approved_only: bool,
    /// Code, indented name, selected.
    pub units: Vec<(String, String, bool)>,
    pub heading: String,
    pub value: String,
    pub status_key: String,
    pub status: String,
    pub reason: String,
    pub reporting: String,
    /// Label, value.
    pub comparisons: Vec<(String, String)>,
    pub trend_svg: String,
    pub bars_svg: String,
    pub error: Option<String>,
}

fn num(v: Option<f64>, decimals: i32, unit: &str, lang: Lang) -> String {
    v.map(|x| format!("{} {unit}", fmt_num(x, decimals, lang)))
        .unwrap_or_else(|| "—".into())
}

fn change(v: Option<f64>, base: Option<f64>, lang: Lang) -> String {
    match (v, base) {
        (Some(v), Some(b)) if b != 0.0 => {
            let pct = (v - b) / b.abs() * 100.0;
            format!(
                " ({}{}%)",
                if pct >= 0.0 { "+" } else { "−" },
                fmt_num(pct.abs(), 1, lang)
            )
        }
        _ => String::new(),
    }
}

/// Fills the card from an analysis.
fn fill(c: &mut AnalysisCard, a: &Analysis, lang: Lang) {
    let s = &a.indicator.sheet;
    let (status, reason) = status_reason_parts(&a.indicator, Some(&a.period), &a.assessment, lang);
    let n = |v: Option<f64>| num(v, s.decimals, &s.unit, lang);
    let expected = a.reporting + a.missing.len();
    let reporting = if a.missing.is_empty() {
        t_args(
            lang,
            "analysis.reporting_all",
            &[("n", a.reporting.to_string())],
        )
    } else {
        let names: Vec<String> = a
            .missing
            .iter()
            .take(8)
            .map(|u| unit_name(u, lang))
            .collect();
        let more = a.missing.len().saturating_sub(names.len());
        let mut list = names.join(", ");
        if more > 0 {
            list.push_str(&t_args(
                lang,
                "analysis.and_more",
                &[("n", more.to_string())],
            ));
        }
        t_args(
            lang,
            "analysis.reporting_some",
            &[
                ("n", a.reporting.to_string()),
                ("expected", expected.to_string()),
                ("missing", list),
            ],
        )
    };
    let mut comparisons = vec![
        (
            t(lang, "analysis.previous"),
            format!("{}{}", n(a.previous), change(a.value, a.previous, lang)),
        ),
        (
            t(lang, "analysis.last_year"),
            format!("{}{}", n(a.last_year), change(a.value, a.last_year, lang)),
        ),
    ];
    if let Some(tg) = a.assessment.target {
        comparisons.push((
            t_args(
                lang,
                "analysis.target",
                &[("period", period_label(lang, &tg.period))],
            ),
            n(Some(tg.value)),
        ));
    }
    if a.peers.len() > 1 {
        comparisons.push((t(lang, "analysis.peer_average"), n(a.peer_average)));
        if let Some((r, of)) = a.rank {
            comparisons.push((
                t(lang, "analysis.rank"),
                t_args(
                    lang,
                    "analysis.rank_of",
                    &[("rank", r.to_string()), ("of", of.to_string())],
                ),
            ));
        }
    }
    // Trend against the target: for a flow, the target's share per period.
    let points: Vec<(String, Option<f64>)> =
        a.trend.iter().map(|(p, v)| (short_period(p), *v)).collect();
    let target_line = a.assessment.target.map(|tg| {
        let per = tg
            .period
            .periods_within(a.period.period_type())
            .len()
            .max(1) as f64;
        if s.aggregation_time == TimeAggregation::Sum {
            (t(lang, "analysis.target_per_period"), tg.value / per)
        } else {
            (t(lang, "analysis.target_line"), tg.value)
        }
    });
    let name = match lang {
        Lang::Vi => s.name_vi.clone(),
        Lang::En => s.name_en.clone(),
    };
    let trend = Trend {
        title: &name,
        unit: &s.unit,
        points: &points,
        target: target_line.as_ref().map(|(l, v)| (l.as_str(), *v)),
        series: &t(lang, "analysis.actual"),
        decimals: s.decimals,
        lang,
    }
    .svg();
    let bars_svg = if a.children.is_empty() {
        String::new()
    } else {
        let bars: Vec<(String, Option<f64>, bool)> = a
            .children
            .iter()
            .map(|c| (unit_name(&c.unit, lang), c.value, false))
            .collect();
        let present: Vec<f64> = bars.iter().filter_map(|b| b.1).collect();
        let avg = (!present.is_empty()).then(|| present.iter().sum::<f64>() / present.len() as f64);
        let avg_label = t(lang, "analysis.average");
        Bars {
            title: &t_args(
                lang,
                "analysis.by_unit",
                &[
                    ("unit", unit_name(&a.unit, lang)),
                    ("period", period_label(lang, &a.period)),
                ],
            ),
            unit: &s.unit,
            bars: &bars,
            average: avg.map(|v| (avg_label.as_str(), v)),
            missing: &t(lang, "analysis.not_reported"),
            decimals: s.decimals,
            lang,
        }
        .svg()
    };
    c.heading = format!(
        "{} · {}",
        unit_name(&a.unit, lang),
        period_label(lang, &a.period)
    );
    c.value = n(a.value);
    c.status_key = a.assessment.status.as_str().to_string();
    c.status = status;
    c.reason = reason;
    c.reporting = reporting;
    c.comparisons = comparisons;
    c.trend_svg = trend;
    c.bars_svg = bars_svg;
}

/// A period label short enough for an axis (`11/2026`, `Q3/26`, `2026`).
fn short_period(p: &Period) -> String {
    use chiso_core::period::PeriodType as K;
    let y = p.year_number();
    match p.period_type() {
        K::Month => format!("{}/{}", p.index(), y % 100),
        K::Quarter => format!("Q{}/{}", p.index(), y % 100),
        K::HalfYear => format!("H{}/{}", p.index(), y % 100),
        K::Week => format!("W{}/{}", p.index(), y % 100),
        K::Day => p.start().format("%d/%m").to_string(),
        K::Year => y.to_string(),
    }
}

/// Builds the card for the indicator page.
pub(super) async fn card(
    s: &AppState,
    who: &Principal,
    code: &str,
    q: &AnalysisQuery,
    lang: Lang,
) -> AnalysisCard {
    let tree = s.app.tree();
    let unit = q
        .unit
        .clone()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| s.app.root_code());
    let approved_only = q.approved_only.as_deref().is_some_and(|v| !v.is_empty());
    let units = super::unit_options(&tree, lang, &unit);
    let mut c = AnalysisCard {
        unit_code: unit.clone(),
        period: String::new(),
        approved_only,
        units,
        heading: String::new(),
        value: String::new(),
        status_key: String::new(),
        status: String::new(),
        reason: String::new(),
        reporting: String::new(),
        comparisons: Vec::new(),
        trend_svg: String::new(),
        bars_svg: String::new(),
        error: None,
    };
    let period = match q.period.as_deref().filter(|p| !p.is_empty()) {
        Some(p) => match Period::parse(p) {
            Ok(p) => Ok(p),
            Err(_) => Err(chiso_app::AppError::from(
                chiso_app::Problem::invalid("period.invalid")
                    .field("period")
                    .arg("input", p),
            )),
        },
        None => s.app.default_period(code, &unit).await,
    };
    let scope = if approved_only {
        DataScope::Approved
    } else {
        DataScope::All
    };
    let result = match period {
        Ok(p) => {
            c.period = p.to_string();
            s.app.analyse(who, code, &unit, p, scope).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(a) => fill(&mut c, &a, lang),
        Err(e) => c.error = Some(message(&e.first(), lang)),
    }
    c
}
