//! The leader's dashboard (`/dashboard`): for a unit and a year, the status of every
//! indicator in operation by field × group, the bright spots and the bottlenecks (each
//! naming its owner agency and linking to the indicator), and drill-down to the units below.

use super::{Chrome, Ctx, render, render_error, unit_name, unit_options};
use crate::AppState;
use crate::charts::{SmallMultiple, sparkline};
use crate::i18n::{Lang, fmt_num, period_label, status_reason_parts, t, t_args};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chiso_app::analytics::{DashItem, Dashboard, DataScope};
use chiso_core::indicator::{Field, IndicatorGroup};
use chiso_core::status::Status;
use chrono::Datelike;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    c: Chrome,
    unit_name: String,
    year: i32,
    /// Year, selected.
    years: Vec<(i32, bool)>,
    approved_only: bool,
    /// Code, name (indented by level), selected.
    units: Vec<(String, String, bool)>,
    /// Status key, label, count.
    totals: Vec<(String, String, usize)>,
    fields: Vec<String>,
    /// Group label and its cells, one per field.
    rows: Vec<(String, Vec<MatrixCell>)>,
    bright: Vec<ItemView>,
    bottlenecks: Vec<ItemView>,
    /// Code, name, link.
    children: Vec<(String, String, String)>,
    crumbs: Vec<(String, String)>,
    /// The fields as tabs of the small multiples: label, link, current.
    trend_tabs: Vec<(String, String, bool)>,
    /// The small multiples of the chosen field.
    multiples: Vec<MultipleView>,
}

/// One panel of the small multiples.
struct MultipleView {
    name: String,
    link: String,
    /// Latest value with its unit and period.
    figure: String,
    status_key: String,
    status: String,
    svg: String,
}

/// Counts by status (key, count, label) and the link to the cell's list.
type MatrixCell = (Vec<(String, usize, String)>, String);

struct ItemView {
    code: String,
    name: String,
    link: String,
    value: String,
    period: String,
    status_key: String,
    status: String,
    reason: String,
    owner: String,
    owner_code: String,
    change: String,
    spark: String,
}

#[derive(Deserialize)]
pub(super) struct DashboardQuery {
    unit: Option<String>,
    format: Option<String>,
    year: Option<i32>,
    approved_only: Option<String>,
    /// The field whose small multiples are shown (default: the one with the most
    /// indicators off track).
    trends: Option<String>,
}

/// The small multiples of the dashboard's indicators of `field`: each one's last periods
/// up to its latest, and its target where the periods compare with it (not for flows,
/// whose target is the year's total).
fn multiples(d: &Dashboard, field: Field, lang: Lang) -> Vec<MultipleView> {
    d.items
        .iter()
        .filter(|i| i.indicator.sheet.field == field)
        .map(|i| {
            let s = &i.indicator.sheet;
            let name = match lang {
                Lang::Vi => s.short_name.clone(),
                Lang::En => s.name_en.clone(),
            };
            let n = i.trend.len() as i32;
            let points: Vec<(String, Option<f64>)> = i
                .trend
                .iter()
                .enumerate()
                .map(|(k, v)| {
                    let label = i
                        .period
                        .and_then(|p| p.checked_offset(k as i32 - (n - 1)))
                        .map(|p| p.to_string())
                        .unwrap_or_default();
                    (label, *v)
                })
                .collect();
            let target = i
                .assessment
                .target
                .filter(|_| !i.assessment.cumulative)
                .map(|t| t.value);
            let item = item_view(i, d, lang);
            MultipleView {
                svg: SmallMultiple {
                    title: &name,
                    unit: &s.unit,
                    points: &points,
                    target,
                    status: i.assessment.status.as_str(),
                    decimals: s.decimals,
                    lang,
                }
                .svg(),
                figure: if item.period.is_empty() {
                    item.value
                } else {
                    format!("{} · {}", item.value, item.period)
                },
                status_key: item.status_key,
                status: item.status,
                link: item.link,
                name,
            }
        })
        .collect()
}

fn item_view(i: &DashItem, d: &Dashboard, lang: Lang) -> ItemView {
    let s = &i.indicator.sheet;
    let code = i.indicator.code.to_string();
    let name = match lang {
        Lang::Vi => s.name_vi.clone(),
        Lang::En => s.name_en.clone(),
    };
    let period = i.period.map(|p| period_label(lang, &p)).unwrap_or_default();
    let (status, reason) =
        status_reason_parts(&i.indicator, i.period.as_ref(), &i.assessment, lang);
    ItemView {
        link: format!(
            "/indicators/{code}?unit={}&period={}",
            d.unit.code,
            i.period.map(|p| p.to_string()).unwrap_or_default()
        ),
        value: i
            .value
            .map(|v| format!("{} {}", fmt_num(v, s.decimals, lang), s.unit))
            .unwrap_or_else(|| "—".into()),
        period,
        status_key: i.assessment.status.as_str().into(),
        status,
        reason,
        owner: i
            .owner
            .as_ref()
            .map(|o| unit_name(o, lang))
            .unwrap_or_default(),
        owner_code: i
            .owner
            .as_ref()
            .map(|o| o.code.to_string())
            .unwrap_or_default(),
        change: i
            .improvement
            .map(|x| {
                let pct = fmt_num(x.abs() * 100.0, 1, lang);
                if x >= 0.0 {
                    t_args(lang, "dashboard.better", &[("pct", pct)])
                } else {
                    t_args(lang, "dashboard.worse", &[("pct", pct)])
                }
            })
            .unwrap_or_default(),
        spark: sparkline(&name, &i.trend),
        name,
        code,
    }
}

/// `GET /dashboard`.
pub(super) async fn page(
    State(s): State<AppState>,
    ctx: Ctx,
    Query(q): Query<DashboardQuery>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let lang = ctx.lang;
    let tree = s.app.tree();
    let unit = q
        .unit
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| s.app.root_code());
    let this_year = chrono::Utc::now().date_naive().year();
    let year = q.year.unwrap_or(this_year);
    let approved_only = q.approved_only.is_some_and(|v| !v.is_empty());
    let scope = if approved_only {
        DataScope::Approved
    } else {
        DataScope::All
    };
    let d = match s.app.dashboard(&who, &unit, year, scope).await {
        Ok(d) => d,
        Err(e) => return render_error(lang, Some(who), e),
    };
    if q.format.as_deref() == Some("xlsx") {
        let headers = [
            "attr.code",
            "catalogue.name",
            "attr.group",
            "attr.field",
            "attr.owner",
            "value.period",
            "value.value",
            "attr.unit",
            "value.status",
            "resolutions.reason",
            "dashboard.change",
        ]
        .iter()
        .map(|k| t(lang, k))
        .collect();
        let rows = d
            .items
            .iter()
            .map(|i| {
                let sh = &i.indicator.sheet;
                let (status, reason) =
                    status_reason_parts(&i.indicator, i.period.as_ref(), &i.assessment, lang);
                vec![
                    i.indicator.code.to_string(),
                    match lang {
                        Lang::Vi => sh.name_vi.clone(),
                        Lang::En => sh.name_en.clone(),
                    },
                    t(lang, &format!("group.{}", sh.group)),
                    t(lang, &format!("field.{}", sh.field)),
                    i.owner
                        .as_ref()
                        .map(|o| unit_name(o, lang))
                        .unwrap_or_default(),
                    i.period.map(|p| p.to_string()).unwrap_or_default(),
                    i.value.map(|v| v.to_string()).unwrap_or_default(),
                    sh.unit.clone(),
                    status,
                    reason,
                    i.improvement
                        .map(|x| format!("{:.1}", x * 100.0))
                        .unwrap_or_default(),
                ]
            })
            .collect();
        return super::xlsx_download(
            lang,
            Some(who),
            &format!("chiso-dieu-hanh-{}-{year}.xlsx", d.unit.code),
            &t(lang, "dashboard.title"),
            headers,
            rows,
        );
    }
    let statuses = [
        Status::OnTrack,
        Status::AtRisk,
        Status::OffTrack,
        Status::NoData,
        Status::NoTarget,
    ];
    let totals = statuses
        .iter()
        .map(|st| {
            (
                st.as_str().to_string(),
                t(lang, &format!("status.{}", st.as_str())),
                d.items
                    .iter()
                    .filter(|i| i.assessment.status == *st)
                    .count(),
            )
        })
        .collect();
    let rows = IndicatorGroup::ALL
        .iter()
        .map(|g| {
            let cells = Field::ALL
                .iter()
                .map(|f| {
                    let here: Vec<&DashItem> = d
                        .items
                        .iter()
                        .filter(|i| i.indicator.sheet.group == *g && i.indicator.sheet.field == *f)
                        .collect();
                    let counts = statuses
                        .iter()
                        .map(|st| {
                            (
                                st.as_str().to_string(),
                                here.iter().filter(|i| i.assessment.status == *st).count(),
                                t(lang, &format!("status.{}", st.as_str())),
                            )
                        })
                        .filter(|c| c.1 > 0)
                        .collect();
                    (counts, format!("/catalogue?group={g}&field={f}"))
                })
                .collect();
            (t(lang, &format!("group.{g}")), cells)
        })
        .collect();
    let link = |code: &str| {
        format!(
            "/dashboard?unit={code}&year={year}{}",
            if approved_only {
                "&approved_only=1"
            } else {
                ""
            }
        )
    };
    let units = unit_options(&tree, lang, d.unit.code.as_str());
    let off_track = |f: &Field| {
        d.items
            .iter()
            .filter(|i| i.indicator.sheet.field == *f && i.assessment.status == Status::OffTrack)
            .count()
    };
    let field = q
        .trends
        .as_deref()
        .and_then(Field::parse)
        .or_else(|| {
            Field::ALL
                .iter()
                .copied()
                .max_by_key(|f| (off_track(f), std::cmp::Reverse(*f)))
        })
        .unwrap_or(Field::Economy);
    let trend_tabs = Field::ALL
        .iter()
        .map(|f| {
            (
                t(lang, &format!("field.{f}")),
                format!("{}&trends={f}#trends", link(d.unit.code.as_str())),
                *f == field,
            )
        })
        .collect();
    let page = DashboardPage {
        c: ctx.chrome(t(lang, "dashboard.title"), "dashboard"),
        unit_name: unit_name(&d.unit, lang),
        year,
        years: (this_year - 2..=this_year)
            .rev()
            .map(|y| (y, y == year))
            .collect(),
        approved_only,
        units,
        totals,
        fields: Field::ALL
            .iter()
            .map(|f| t(lang, &format!("field.{f}")))
            .collect(),
        rows,
        bright: d
            .bright_spots(6)
            .into_iter()
            .map(|i| item_view(i, &d, lang))
            .collect(),
        bottlenecks: d
            .bottlenecks(6)
            .into_iter()
            .map(|i| item_view(i, &d, lang))
            .collect(),
        children: tree
            .children(d.unit.id)
            .into_iter()
            .map(|c| {
                (
                    c.code.to_string(),
                    unit_name(c, lang),
                    link(c.code.as_str()),
                )
            })
            .collect(),
        crumbs: tree
            .path(d.unit.id)
            .into_iter()
            .map(|u| (unit_name(u, lang), link(u.code.as_str())))
            .collect(),
        trend_tabs,
        multiples: multiples(&d, field, lang),
    };
    render(&page)
}
