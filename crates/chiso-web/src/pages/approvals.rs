//! The approver's page (`/approvals`): submitted values by unit and period, each group
//! approved (and so locked) in one step; and the open requests to unlock an approved value,
//! granted or refused with a note.

use super::{Chrome, Ctx, render, render_error, unit_name};
use crate::AppState;
use crate::error::message;
use crate::i18n::{fmt_num, fmt_time, period_label, t, t_args};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chiso_app::approvals::Level;
use serde::Deserialize;

/// Unit-period groups listed at once.
const MAX_GROUPS: usize = 60;

#[derive(Template)]
#[template(path = "approvals.html")]
struct ApprovalsPage {
    c: Chrome,
    flash: Option<String>,
    alert: Option<String>,
    summary: String,
    groups: Vec<GroupView>,
    /// How many groups wait at the owner's level and at the province's.
    owner_groups: usize,
    province_groups: usize,
    unlocks: Vec<UnlockItem>,
}

struct GroupView {
    id: String,
    /// `owner` or `province`.
    level: String,
    /// Shown unfolded (the first group of its level).
    open: bool,
    unit_code: String,
    unit: String,
    period: String,
    period_label: String,
    count: String,
    lines: Vec<LineView>,
}

struct LineView {
    code: String,
    name: String,
    measure: String,
    value: String,
    previous: String,
    comment: String,
    submitted: String,
    /// Why the value stands out, or empty.
    outlier: String,
}

struct UnlockItem {
    id: i64,
    indicator_code: String,
    indicator: String,
    unit: String,
    period: String,
    value: String,
    reason: String,
    requested: String,
}

#[derive(Deserialize)]
pub(super) struct Flash {
    approved: Option<usize>,
    accepted: Option<usize>,
    returned: Option<usize>,
    granted: Option<String>,
    refused: Option<String>,
}

/// `GET /approvals`.
pub(super) async fn page(State(s): State<AppState>, ctx: Ctx, Query(q): Query<Flash>) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let flash = match (q.approved, q.granted, q.refused) {
        _ if q.returned.is_some() => Some(t_args(
            ctx.lang,
            "approvals.returned",
            &[("n", q.returned.unwrap_or_default().to_string())],
        )),
        _ if q.accepted.is_some() => Some(t_args(
            ctx.lang,
            "approvals.accepted",
            &[("n", q.accepted.unwrap_or_default().to_string())],
        )),
        (Some(n), _, _) => Some(t_args(
            ctx.lang,
            "approvals.approved",
            &[("n", n.to_string())],
        )),
        (_, Some(_), _) => Some(t(ctx.lang, "approvals.granted")),
        (_, _, Some(_)) => Some(t(ctx.lang, "approvals.refused")),
        _ => None,
    };
    show(&s, &ctx, &who, flash, None).await
}

async fn show(
    s: &AppState,
    ctx: &Ctx,
    who: &chiso_core::access::Principal,
    flash: Option<String>,
    alert: Option<String>,
) -> Response {
    let lang = ctx.lang;
    let queue = match s.app.approval_queue(who, MAX_GROUPS).await {
        Ok(q) => q,
        Err(e) => return render_error(lang, Some(who.clone()), e),
    };
    let name = |i: &chiso_core::indicator::Indicator| match lang {
        crate::i18n::Lang::Vi => i.sheet.name_vi.clone(),
        crate::i18n::Lang::En => i.sheet.name_en.clone(),
    };
    let mut groups: Vec<GroupView> = queue
        .groups
        .iter()
        .map(|g| GroupView {
            id: format!("{}{}-{}", level_prefix(g.level), g.unit.code, g.period).replace('.', "-"),
            level: g.level.as_str().to_string(),
            open: false,
            unit_code: g.unit.code.to_string(),
            unit: unit_name(&g.unit, lang),
            period: g.period.to_string(),
            period_label: period_label(lang, &g.period),
            count: t_args(
                lang,
                "approvals.count",
                &[("n", g.values.len().to_string())],
            ),
            lines: g
                .values
                .iter()
                .map(|v| {
                    let d = v.indicator.sheet.decimals;
                    LineView {
                        code: v.indicator.code.to_string(),
                        name: name(&v.indicator),
                        measure: v.indicator.sheet.unit.clone(),
                        value: fmt_num(v.value.value, d, lang),
                        previous: v.previous.map(|p| fmt_num(p, d, lang)).unwrap_or_default(),
                        comment: v.value.comment.clone().unwrap_or_default(),
                        submitted: fmt_time(v.value.updated_at),
                        outlier: v
                            .outlier
                            .map(|o| crate::i18n::outlier_text(lang, &o, d))
                            .unwrap_or_default(),
                    }
                })
                .collect(),
        })
        .collect();
    for level in ["owner", "province"] {
        if let Some(g) = groups.iter_mut().find(|g| g.level == level) {
            g.open = true;
        }
    }
    let owner_groups = groups.iter().filter(|g| g.level == "owner").count();
    let province_groups = groups.len() - owner_groups;
    let unlocks = queue
        .unlocks
        .iter()
        .map(|u| UnlockItem {
            id: u.request.id,
            indicator_code: u.indicator.code.to_string(),
            indicator: name(&u.indicator),
            unit: unit_name(&u.unit, lang),
            period: period_label(lang, &u.request.period),
            value: u
                .value
                .map(|v| fmt_num(v, u.indicator.sheet.decimals, lang))
                .unwrap_or_default(),
            reason: u.request.reason.clone(),
            requested: format!("{} · {}", u.requested_by, fmt_time(u.request.requested_at)),
        })
        .collect();
    let summary = t_args(
        lang,
        "approvals.summary",
        &[
            ("values", queue.total_values.to_string()),
            ("groups", queue.total_groups.to_string()),
            ("unlocks", queue.unlocks.len().to_string()),
        ],
    );
    let summary = if queue.total_groups > queue.groups.len() {
        format!(
            "{summary} — {}",
            t_args(
                lang,
                "approvals.first_groups",
                &[("n", queue.groups.len().to_string())]
            )
        )
    } else {
        summary
    };
    render(&ApprovalsPage {
        c: ctx.chrome(t(lang, "approvals.title"), "approvals"),
        flash,
        alert,
        summary,
        groups,
        owner_groups,
        province_groups,
        unlocks,
    })
}

/// What sets apart the element ids of a group waiting at `level` (none at the owner's
/// level, so that the ids stay as they were before the second level existed).
fn level_prefix(level: Level) -> &'static str {
    match level {
        Level::Owner => "",
        Level::Province => "accept-",
    }
}

/// The page again with the reason a decision was refused, under the status it calls for.
async fn refused(
    s: &AppState,
    ctx: &Ctx,
    who: &chiso_core::access::Principal,
    e: &chiso_app::AppError,
) -> Response {
    let p = e.first();
    let mut r = show(s, ctx, who, None, Some(message(&p, ctx.lang))).await;
    *r.status_mut() = crate::error::status_of(&p);
    r
}

#[derive(Deserialize)]
pub(super) struct ApproveForm {
    unit: String,
    period: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    level: Option<String>,
}

/// `POST /approvals/approve`: approves a unit's submitted values for a period.
pub(super) async fn approve(
    State(s): State<AppState>,
    ctx: Ctx,
    Form(f): Form<ApproveForm>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let level = match Level::from_input(f.level.as_deref()) {
        Ok(l) => l,
        Err(p) => return refused(&s, &ctx, &who, &p.into()).await,
    };
    match s
        .app
        .approve_submission(&who, (&f.unit, &f.period), level, &[])
        .await
    {
        Ok(n) if level == Level::Province => {
            Redirect::to(&format!("/approvals?accepted={n}")).into_response()
        }
        Ok(n) => Redirect::to(&format!("/approvals?approved={n}")).into_response(),
        Err(e) => refused(&s, &ctx, &who, &e).await,
    }
}

/// `POST /approvals/return`: returns a unit's submission for a period, with the reason.
pub(super) async fn give_back(
    State(s): State<AppState>,
    ctx: Ctx,
    Form(f): Form<ApproveForm>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let level = match Level::from_input(f.level.as_deref()) {
        Ok(l) => l,
        Err(p) => return refused(&s, &ctx, &who, &p.into()).await,
    };
    match s
        .app
        .return_submission(&who, (&f.unit, &f.period), level, &f.reason)
        .await
    {
        Ok(n) => Redirect::to(&format!("/approvals?returned={n}")).into_response(),
        Err(e) => refused(&s, &ctx, &who, &e).await,
    }
}

#[derive(Deserialize)]
pub(super) struct DecisionForm {
    decision: String,
    #[serde(default)]
    note: String,
}

/// `POST /approvals/unlocks/{id}`: grants or refuses an unlock request.
pub(super) async fn decide(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<DecisionForm>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let grant = f.decision == "grant";
    match s.app.decide_unlock(&who, id, grant, Some(&f.note)).await {
        Ok(()) => Redirect::to(if grant {
            "/approvals?granted=1"
        } else {
            "/approvals?refused=1"
        })
        .into_response(),
        Err(e) => refused(&s, &ctx, &who, &e).await,
    }
}
