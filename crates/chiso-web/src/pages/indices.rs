//! Composite index pages: the list of indices (`/indices`), an index's ranking in a year with
//! rank-history sparklines and the sensitivity of the ranks (`/indices/{code}/{year}`), a
//! unit's profile — what moved its score and rank, its components against the average and
//! the best, the points it lost and who owns them (`/indices/{code}/{year}/units/{unit}`) —
//! and Excel downloads of each.

use super::{Chrome, Ctx, render, render_error};
use crate::AppState;
use crate::charts::{Comparison, ComparisonRow, RankIntervals, Waterfall, sparkline};
use crate::i18n::{Lang, fmt_num, t, t_args};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use chiso_app::catalogue_io::{XlsxSheet, tables_xlsx};
use chiso_app::indices::{Ranking, RankingRow, UnitProfile};
use chiso_core::access::Principal;
use chiso_core::composite::SensitivityResult;
use chiso_core::composite::methodology::Methodology;
use serde::Deserialize;

/// A year from the address, or a problem naming it.
pub(crate) fn parse_year(s: &str) -> Result<i32, chiso_app::AppError> {
    s.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (1900..=2200).contains(y))
        .ok_or_else(|| {
            chiso_app::Problem::invalid("index.bad_year")
                .field("year")
                .arg("year", s)
                .into()
        })
}

/// Decimals shown for scores.
const DECIMALS: i32 = 2;

fn name_of(m: &Methodology, lang: Lang) -> String {
    match lang {
        Lang::Vi => m.name_vi.clone(),
        Lang::En => m.name_en.clone(),
    }
}

fn unit_of(m: &Methodology, lang: Lang) -> String {
    match lang {
        Lang::Vi => m.unit_vi.clone(),
        Lang::En => m.unit_en.clone(),
    }
}

fn component_name(m: &Methodology, code: &str, lang: Lang) -> String {
    if code == m.index {
        return name_of(m, lang);
    }
    m.nodes
        .iter()
        .find(|n| n.code == code)
        .map(|n| match lang {
            Lang::Vi => n.name_vi.clone(),
            Lang::En => n.name_en.clone(),
        })
        .unwrap_or_else(|| code.to_owned())
}

fn row_name(r: &RankingRow, lang: Lang) -> String {
    match lang {
        Lang::Vi => r.name_vi.clone(),
        Lang::En => r.name_en.clone(),
    }
}

fn num(v: Option<f64>, lang: Lang) -> String {
    v.map(|x| fmt_num(x, DECIMALS, lang)).unwrap_or_default()
}

fn signed(v: f64, lang: Lang) -> String {
    let s = fmt_num(v, DECIMALS, lang);
    if v > 0.0 { format!("+{s}") } else { s }
}

/// The rank change of a row as (css class, text): "▲ 3", "▼ 2", "=".
fn rank_move(r: &RankingRow) -> (String, String) {
    match (r.previous_rank, r.rank) {
        (Some(p), Some(c)) if c < p => ("rank-up".into(), format!("▲ {}", p - c)),
        (Some(p), Some(c)) if c > p => ("rank-down".into(), format!("▼ {}", c - p)),
        (Some(_), Some(_)) => ("muted".into(), "=".into()),
        _ => (String::new(), String::new()),
    }
}

/// One index in the list.
struct IndexItem {
    name: String,
    code: String,
    publisher: String,
    /// Year, units, link.
    years: Vec<(i32, i64, String)>,
}

#[derive(Template)]
#[template(path = "indices.html")]
struct IndicesPage {
    c: Chrome,
    items: Vec<IndexItem>,
}

/// `GET /indices`.
pub(super) async fn list(State(s): State<AppState>, ctx: Ctx) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let lang = ctx.lang;
    let all = match s.app.indices(&who).await {
        Ok(a) => a,
        Err(e) => return render_error(lang, Some(who), e),
    };
    let items = all
        .into_iter()
        .map(|i| IndexItem {
            name: name_of(&i.methodology, lang),
            publisher: i.methodology.publisher.clone(),
            years: i
                .years
                .iter()
                .rev()
                .map(|(y, n)| (*y, *n, format!("/indices/{}/{y}", i.code)))
                .collect(),
            code: i.code,
        })
        .collect();
    render(&IndicesPage {
        c: ctx.chrome(t(lang, "index.title"), "indices"),
        items,
    })
}

/// A row of the ranking table as shown.
struct RowView {
    rank: String,
    unit: String,
    name: String,
    link: String,
    score: String,
    tier: String,
    move_class: String,
    moved: String,
    components: Vec<String>,
    spark: String,
}

/// A factor of the sensitivity analysis as shown.
struct FactorView {
    name: String,
    first: String,
    total: String,
}

#[derive(Template)]
#[template(path = "index_ranking.html")]
struct RankingPage {
    c: Chrome,
    code: String,
    year: i32,
    name: String,
    lead: String,
    source: String,
    derived: bool,
    computed: bool,
    carried: String,
    /// Year, link, current.
    years: Vec<(i32, String, bool)>,
    columns: Vec<String>,
    rows: Vec<RowView>,
    unranked: Vec<RowView>,
    average: String,
    sensitivity_lead: String,
    sensitivity_svg: String,
    factors: Vec<FactorView>,
    matters_most: String,
}

fn factor_name(lang: Lang, factor: &str) -> String {
    t(lang, &format!("index.factor_{factor}"))
}

/// `GET /indices/{code}/{year}`.
pub(super) async fn ranking(
    State(s): State<AppState>,
    ctx: Ctx,
    Path((code, year)): Path<(String, String)>,
) -> Response {
    let (_, year, r, sens) = match load_overview(&s, &ctx, &code, &year).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let lang = ctx.lang;
    let m = &r.methodology;
    let view = |row: &RankingRow| {
        let (move_class, moved) = rank_move(row);
        let history: Vec<Option<f64>> =
            row.history.iter().map(|h| h.map(|x| -(x as f64))).collect();
        RowView {
            rank: row.rank.map(|x| x.to_string()).unwrap_or_default(),
            unit: row.unit.clone(),
            name: row_name(row, lang),
            link: format!("/indices/{code}/{year}/units/{}", row.unit),
            score: num(row.score, lang),
            tier: row
                .tier
                .as_ref()
                .map(|t| match lang {
                    Lang::Vi => t.name_vi.clone(),
                    Lang::En => t.name_en.clone(),
                })
                .unwrap_or_default(),
            move_class,
            moved,
            components: row.components.iter().map(|v| num(*v, lang)).collect(),
            spark: if r.years.len() > 1 {
                sparkline(
                    &t_args(
                        lang,
                        "index.rank_history_of",
                        &[("unit", row_name(row, lang))],
                    ),
                    &history,
                )
            } else {
                String::new()
            },
        }
    };
    let rows = r
        .rows
        .iter()
        .filter(|x| x.rank.is_some())
        .map(view)
        .collect();
    let unranked = r
        .rows
        .iter()
        .filter(|x| x.rank.is_none())
        .map(view)
        .collect();
    let interval_rows = intervals(&r, &sens, lang);
    let svg = RankIntervals {
        title: &t_args(
            lang,
            "index.sensitivity_chart",
            &[("index", name_of(m, lang)), ("year", year.to_string())],
        ),
        rows: &interval_rows,
        legend: (
            &t(lang, "index.interval"),
            &t(lang, "index.median"),
            &t(lang, "index.nominal"),
        ),
        ranked: r.ranked,
        axis: &t(lang, "index.rank_axis"),
    }
    .svg();
    render(&RankingPage {
        c: ctx.chrome(format!("{} {year}", name_of(m, lang)), "indices"),
        lead: t_args(
            lang,
            "index.ranking_lead",
            &[
                ("ranked", r.ranked.to_string()),
                ("of", r.ranked_of.to_string()),
                ("unit", unit_of(m, lang)),
                ("max", fmt_num(m.max, 0, lang)),
            ],
        ),
        source: m.source.clone(),
        derived: r.derived,
        computed: r.computed,
        carried: if r.carried_forward > 0 {
            t_args(
                lang,
                "index.carried",
                &[("n", r.carried_forward.to_string())],
            )
        } else {
            String::new()
        },
        years: r
            .years
            .iter()
            .map(|y| (*y, format!("/indices/{code}/{y}"), *y == year))
            .collect(),
        columns: r.top.iter().map(|c| component_name(m, c, lang)).collect(),
        rows,
        unranked,
        average: num(r.average, lang),
        sensitivity_lead: t_args(
            lang,
            "index.sensitivity_lead",
            &[("runs", sens.runs.to_string())],
        ),
        sensitivity_svg: svg,
        factors: sens
            .factors
            .iter()
            .map(|f| FactorView {
                name: factor_name(lang, &f.factor),
                first: fmt_num(f.first_order.max(0.0), 2, lang),
                total: fmt_num(f.total_order.max(0.0), 2, lang),
            })
            .collect(),
        matters_most: sens
            .factors
            .first()
            .filter(|_| sens.output_variance > 0.0)
            .map(|f| {
                t_args(
                    lang,
                    "index.matters_most",
                    &[("factor", factor_name(lang, &f.factor))],
                )
            })
            .unwrap_or_else(|| t(lang, "index.nothing_matters")),
        name: name_of(m, lang),
        code,
        year,
    })
}

/// The rows of the rank-interval chart, best nominal rank first.
fn intervals(
    r: &Ranking,
    sens: &SensitivityResult,
    lang: Lang,
) -> Vec<(String, Option<usize>, f64, f64, f64)> {
    r.rows
        .iter()
        .filter(|row| row.rank.is_some())
        .filter_map(|row| {
            let u = sens.units.iter().find(|u| u.unit == row.unit)?;
            Some((row_name(row, lang), u.nominal, u.median?, u.q05?, u.q95?))
        })
        .collect()
}

/// A component row of the profile.
struct ComponentView {
    code: String,
    name: String,
    depth: usize,
    previous: String,
    current: String,
    change: String,
    change_class: String,
    pct: String,
    contribution: String,
    places: String,
    average: String,
    best: String,
    peer: String,
}

/// A criterion with points lost.
struct LostView {
    code: String,
    name: String,
    max: String,
    obtained: String,
    lost: String,
    owner_unit: String,
    owner_person: String,
    root_cause: String,
    action: String,
}

#[derive(Template)]
#[template(path = "index_unit.html")]
struct UnitPage {
    c: Chrome,
    code: String,
    year: i32,
    index_name: String,
    unit: String,
    unit_name: String,
    rank_line: String,
    headline: String,
    derived: bool,
    waterfall: String,
    comparison: String,
    components: Vec<ComponentView>,
    lost: Vec<LostView>,
    /// Unit code, name, selected.
    peers: Vec<(String, String, bool)>,
    peer_name: String,
    score_unit: String,
}

#[derive(Deserialize)]
pub(super) struct PeerQuery {
    peer: Option<String>,
}

/// The signed-in caller, the year from the address, and an index's ranking with the
/// sensitivity of its ranks; or the response to send instead (sign-in, or the error).
async fn load_overview(
    s: &AppState,
    ctx: &Ctx,
    code: &str,
    year: &str,
) -> Result<(Principal, i32, Ranking, SensitivityResult), Response> {
    let who = ctx.require_user().map_err(IntoResponse::into_response)?;
    let lang = ctx.lang;
    let year = match parse_year(year) {
        Ok(y) => y,
        Err(e) => return Err(render_error(lang, Some(who), e)),
    };
    match s.app.index_overview(&who, code, year).await {
        Ok((r, sens)) => Ok((who, year, r, sens)),
        Err(e) => Err(render_error(lang, Some(who), e)),
    }
}

/// The signed-in caller, the year, and a unit's profile (compared with `?peer=`); or the
/// response to send instead.
async fn load_unit(
    s: &AppState,
    ctx: &Ctx,
    (code, year, unit): (&str, &str, &str),
    q: &PeerQuery,
) -> Result<(Principal, i32, UnitProfile), Response> {
    let who = ctx.require_user().map_err(IntoResponse::into_response)?;
    let lang = ctx.lang;
    let year = match parse_year(year) {
        Ok(y) => y,
        Err(e) => return Err(render_error(lang, Some(who), e)),
    };
    let peer = q.peer.as_deref().filter(|p| !p.is_empty());
    match s.app.index_unit(&who, code, year, unit, peer).await {
        Ok(p) => Ok((who, year, p)),
        Err(e) => Err(render_error(lang, Some(who), e)),
    }
}

/// `GET /indices/{code}/{year}/units/{unit}`.
pub(super) async fn unit(
    State(s): State<AppState>,
    ctx: Ctx,
    Path((code, year, unit)): Path<(String, String, String)>,
    Query(q): Query<PeerQuery>,
) -> Response {
    let (_, year, p) = match load_unit(&s, &ctx, (&code, &year, &unit), &q).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let lang = ctx.lang;
    let m = &p.ranking.methodology;
    let name = row_name(&p.row, lang);
    let peer_row = p
        .peer
        .as_ref()
        .and_then(|c| p.ranking.rows.iter().find(|r| &r.unit == c));
    let top_rows: Vec<ComparisonRow> = p
        .ranking
        .top
        .iter()
        .filter_map(|c| {
            let g = p.gaps.iter().find(|g| &g.code == c)?;
            // The component's maximum, else the best value, sets the end of its scale.
            let max = m
                .nodes
                .iter()
                .find(|n| &n.code == c)
                .and_then(|n| n.max)
                .or(g.best)
                .unwrap_or(1.0);
            Some(ComparisonRow {
                label: component_name(m, c, lang),
                value: g.value,
                average: g.average,
                best: g.best,
                max,
            })
        })
        .collect();
    let comparison = Comparison {
        title: &t_args(
            lang,
            "index.comparison",
            &[("unit", name.clone()), ("year", year.to_string())],
        ),
        rows: &top_rows,
        legend: (&name, &t(lang, "index.average"), &t(lang, "index.best")),
        missing: &t(lang, "status.no_data"),
        decimals: DECIMALS,
        lang,
    }
    .svg();
    let waterfall = p.change.as_ref().and_then(|ch| {
        let (prev, cur) = (ch.previous_score?, ch.current_score?);
        let mut steps: Vec<(String, f64)> = p
            .ranking
            .top
            .iter()
            .filter_map(|c| {
                let x = ch.components.iter().find(|x| &x.code == c)?;
                Some((component_name(m, c, lang), x.contribution?))
            })
            .collect();
        if let Some(u) = ch.unexplained.filter(|u| u.abs() >= 0.005) {
            steps.push((t(lang, "index.unexplained"), u));
        }
        let py = p.ranking.previous_year?;
        Some(
            Waterfall {
                title: &t_args(
                    lang,
                    "index.waterfall",
                    &[("from", py.to_string()), ("to", year.to_string())],
                ),
                unit: &unit_of(m, lang),
                start: (py.to_string(), prev),
                steps: &steps,
                end: (year.to_string(), cur),
                legend: (
                    &t(lang, "index.rise"),
                    &t(lang, "index.fall"),
                    &t(lang, "index.total"),
                ),
                decimals: DECIMALS,
                lang,
            }
            .svg(),
        )
    });
    let components = component_views(&p, lang);
    let lost = p
        .lost
        .iter()
        .map(|l| {
            let note = l.note.clone().unwrap_or_default();
            LostView {
                code: l.lost.code.clone(),
                name: component_name(m, &l.lost.code, lang),
                max: fmt_num(l.lost.max, DECIMALS, lang),
                obtained: num(l.lost.score, lang),
                lost: fmt_num(l.lost.lost, DECIMALS, lang),
                owner_unit: note.owner_unit,
                owner_person: note.owner_person,
                root_cause: note.root_cause,
                action: note.action,
            }
        })
        .collect();
    let rank_line = match p.row.rank {
        Some(rk) => t_args(
            lang,
            "index.rank_of",
            &[
                ("rank", rk.to_string()),
                ("of", p.ranking.ranked_of.to_string()),
                ("score", num(p.row.score, lang)),
                ("unit", unit_of(m, lang)),
                ("year", year.to_string()),
            ],
        ),
        None => t(lang, "index.not_ranked"),
    };
    render(&UnitPage {
        c: ctx.chrome(format!("{name} — {}", name_of(m, lang)), "indices"),
        headline: headline(&p, lang),
        index_name: name_of(m, lang),
        derived: p.ranking.derived,
        waterfall: waterfall.unwrap_or_default(),
        comparison,
        components,
        lost,
        peers: p
            .ranking
            .rows
            .iter()
            .filter(|r| r.unit != unit)
            .map(|r| {
                (
                    r.unit.clone(),
                    row_name(r, lang),
                    p.peer.as_deref() == Some(&r.unit),
                )
            })
            .collect(),
        peer_name: peer_row.map(|r| row_name(r, lang)).unwrap_or_default(),
        score_unit: unit_of(m, lang),
        rank_line,
        unit_name: name,
        unit,
        code,
        year,
    })
}

/// The sentence that says what moved the rank: "Down 6 places (4 → 10): −2.10 points from
/// time costs, −0.90 from administrative procedures".
pub(crate) fn headline(p: &UnitProfile, lang: Lang) -> String {
    let Some(ch) = &p.change else {
        return if p.ranking.previous_year.is_some() {
            t(lang, "index.no_comparison")
        } else {
            t(lang, "index.no_previous")
        };
    };
    let m = &p.ranking.methodology;
    let causes: Vec<String> = ch
        .main_causes(m)
        .iter()
        .take(3)
        .map(|c| {
            t_args(
                lang,
                "index.cause",
                &[
                    ("points", signed(c.contribution.unwrap_or(0.0), lang)),
                    ("component", component_name(m, &c.code, lang).to_lowercase()),
                ],
            )
        })
        .collect();
    let causes = causes.join(", ");
    let score = t_args(
        lang,
        "index.score_move",
        &[
            ("change", signed(ch.change.unwrap_or(0.0), lang)),
            ("unit", unit_of(m, lang)),
        ],
    );
    match (ch.previous_rank, ch.current_rank) {
        (Some(a), Some(b)) => {
            let args = [
                ("places", a.abs_diff(b).to_string()),
                ("from", a.to_string()),
                ("to", b.to_string()),
                ("score", score),
                ("causes", causes),
            ];
            let key = match b.cmp(&a) {
                std::cmp::Ordering::Greater => "index.headline_down",
                std::cmp::Ordering::Less => "index.headline_up",
                std::cmp::Ordering::Equal => "index.headline_same",
            };
            t_args(lang, key, &args)
        }
        _ => t(lang, "index.no_comparison"),
    }
}

fn component_views(p: &UnitProfile, lang: Lang) -> Vec<ComponentView> {
    let m = &p.ranking.methodology;
    let depth = |code: &str| {
        let mut d = 0;
        let mut at = m.nodes.iter().find(|n| n.code == code);
        while let Some(n) = at.and_then(|n| n.parent.as_ref()) {
            d += 1;
            at = m.nodes.iter().find(|x| &x.code == n);
        }
        d
    };
    std::iter::once(m.index.clone())
        .chain(m.nodes.iter().map(|n| n.code.clone()))
        .map(|code| {
            let gap = p.gaps.iter().find(|g| g.code == code);
            let change = p
                .change
                .as_ref()
                .and_then(|ch| ch.components.iter().find(|c| c.code == code));
            let is_index = code == m.index;
            let (previous, current, delta, pct, contribution, places) = if is_index {
                let ch = p.change.as_ref();
                (
                    ch.and_then(|c| c.previous_score),
                    gap.and_then(|g| g.value),
                    ch.and_then(|c| c.change),
                    None,
                    ch.and_then(|c| c.change),
                    ch.and_then(|c| c.rank_change),
                )
            } else {
                (
                    change.and_then(|c| c.previous),
                    gap.and_then(|g| g.value),
                    change.and_then(|c| c.change),
                    change.and_then(|c| c.change_pct),
                    change.and_then(|c| c.contribution),
                    change.and_then(|c| c.places),
                )
            };
            let diff = |other: Option<f64>| match (gap.and_then(|g| g.value), other) {
                (Some(v), Some(o)) => signed(v - o, lang),
                _ => String::new(),
            };
            ComponentView {
                name: component_name(m, &code, lang),
                depth: if is_index { 0 } else { depth(&code) + 1 },
                previous: num(previous, lang),
                current: num(current, lang),
                change_class: match delta {
                    Some(d) if d > 0.0 => "rank-up".into(),
                    Some(d) if d < 0.0 => "rank-down".into(),
                    _ => String::new(),
                },
                change: delta.map(|d| signed(d, lang)).unwrap_or_default(),
                pct: pct
                    .map(|x| format!("{}%", signed(x, lang)))
                    .unwrap_or_default(),
                contribution: contribution.map(|d| signed(d, lang)).unwrap_or_default(),
                places: match places {
                    Some(n) if n > 0 => t_args(lang, "index.places_won", &[("n", n.to_string())]),
                    Some(n) if n < 0 => {
                        t_args(lang, "index.places_lost", &[("n", (-n).to_string())])
                    }
                    Some(_) => "0".into(),
                    None => String::new(),
                },
                average: diff(gap.and_then(|g| g.average)),
                best: diff(gap.and_then(|g| g.best)),
                peer: diff(gap.and_then(|g| g.peer)),
                code,
            }
        })
        .collect()
}

/// `GET /indices/{code}/{year}/export.xlsx`: the ranking with every component, and the
/// sensitivity of the ranks, as two sheets.
pub(super) async fn export(
    State(s): State<AppState>,
    ctx: Ctx,
    Path((code, year)): Path<(String, String)>,
) -> Response {
    let (who, year, r, sens) = match load_overview(&s, &ctx, &code, &year).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let lang = ctx.lang;
    let m = &r.methodology;
    let raw = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    let mut headers = vec![
        t(lang, "index.rank"),
        t(lang, "index.unit_code"),
        t(lang, "index.unit"),
        t(lang, "index.score"),
        t(lang, "index.tier"),
        t_args(
            lang,
            "index.rank_in",
            &[(
                "year",
                r.previous_year.map(|y| y.to_string()).unwrap_or_default(),
            )],
        ),
    ];
    headers.extend(r.top.iter().map(|c| component_name(m, c, lang)));
    headers.extend(
        r.years
            .iter()
            .map(|y| t_args(lang, "index.rank_in", &[("year", y.to_string())])),
    );
    let rows = r
        .rows
        .iter()
        .map(|row| {
            let mut cells = vec![
                row.rank.map(|x| x.to_string()).unwrap_or_default(),
                row.unit.clone(),
                row_name(row, lang),
                raw(row.score),
                row.tier
                    .as_ref()
                    .map(|t| match lang {
                        Lang::Vi => t.name_vi.clone(),
                        Lang::En => t.name_en.clone(),
                    })
                    .unwrap_or_default(),
                row.previous_rank.map(|x| x.to_string()).unwrap_or_default(),
            ];
            cells.extend(row.components.iter().map(|v| raw(*v)));
            cells.extend(
                row.history
                    .iter()
                    .map(|h| h.map(|x| x.to_string()).unwrap_or_default()),
            );
            cells
        })
        .collect();
    let sens_rows = sens
        .units
        .iter()
        .map(|u| {
            let name = r
                .rows
                .iter()
                .find(|x| x.unit == u.unit)
                .map(|x| row_name(x, lang))
                .unwrap_or_default();
            vec![
                u.unit.clone(),
                name,
                u.nominal.map(|x| x.to_string()).unwrap_or_default(),
                raw(u.median),
                raw(u.q05),
                raw(u.q95),
                raw(u.mean),
            ]
        })
        .collect();
    let factor_rows = sens
        .factors
        .iter()
        .map(|f| {
            vec![
                factor_name(lang, &f.factor),
                f.alternatives.to_string(),
                f.first_order.to_string(),
                f.total_order.to_string(),
            ]
        })
        .collect();
    let sheets = [
        XlsxSheet {
            name: t(lang, "index.sheet_ranking"),
            headers,
            rows,
        },
        XlsxSheet {
            name: t(lang, "index.sheet_sensitivity"),
            headers: vec![
                t(lang, "index.unit_code"),
                t(lang, "index.unit"),
                t(lang, "index.nominal"),
                t(lang, "index.median"),
                "Q5".into(),
                "Q95".into(),
                t(lang, "index.mean_rank"),
            ],
            rows: sens_rows,
        },
        XlsxSheet {
            name: t(lang, "index.sheet_factors"),
            headers: vec![
                t(lang, "index.factor"),
                t(lang, "index.alternatives"),
                t(lang, "index.first_order"),
                t(lang, "index.total_order"),
            ],
            rows: factor_rows,
        },
    ];
    match tables_xlsx(&sheets) {
        Ok(bytes) => super::xlsx_response(&format!("{code}-{year}.xlsx"), bytes),
        Err(e) => render_error(lang, Some(who), e),
    }
}

/// `GET /indices/{code}/{year}/units/{unit}/export.xlsx`: the unit's components (change,
/// share of the change, places, gaps) and its lost points.
pub(super) async fn unit_export(
    State(s): State<AppState>,
    ctx: Ctx,
    Path((code, year, unit)): Path<(String, String, String)>,
    Query(q): Query<PeerQuery>,
) -> Response {
    let (who, year, p) = match load_unit(&s, &ctx, (&code, &year, &unit), &q).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let lang = ctx.lang;
    let components = component_views(&p, lang)
        .into_iter()
        .map(|c| {
            vec![
                c.code,
                c.name,
                c.previous,
                c.current,
                c.change,
                c.pct,
                c.contribution,
                c.places,
                c.average,
                c.best,
                c.peer,
            ]
        })
        .collect();
    let lost = p
        .lost
        .iter()
        .map(|l| {
            let note = l.note.clone().unwrap_or_default();
            vec![
                l.lost.code.clone(),
                component_name(&p.ranking.methodology, &l.lost.code, lang),
                l.lost.max.to_string(),
                l.lost.score.map(|x| x.to_string()).unwrap_or_default(),
                l.lost.lost.to_string(),
                note.owner_unit,
                note.owner_person,
                note.root_cause,
                note.action,
            ]
        })
        .collect();
    let sheets = [
        XlsxSheet {
            name: t(lang, "index.sheet_components"),
            headers: [
                "index.code",
                "index.component",
                "index.previous",
                "index.current",
                "index.points_change",
                "index.pct_change",
                "index.contribution",
                "index.places",
                "index.gap_average",
                "index.gap_best",
                "index.gap_peer",
            ]
            .iter()
            .map(|k| t(lang, k))
            .collect(),
            rows: components,
        },
        XlsxSheet {
            name: t(lang, "index.sheet_lost"),
            headers: [
                "index.code",
                "index.criterion",
                "index.max",
                "index.obtained",
                "index.lost_points",
                "index.owner_unit",
                "index.owner_person",
                "index.root_cause",
                "index.action",
            ]
            .iter()
            .map(|k| t(lang, k))
            .collect(),
            rows: lost,
        },
    ];
    match tables_xlsx(&sheets) {
        Ok(bytes) => super::xlsx_response(&format!("{code}-{year}-{unit}.xlsx"), bytes),
        Err(e) => render_error(lang, Some(who), e),
    }
}
