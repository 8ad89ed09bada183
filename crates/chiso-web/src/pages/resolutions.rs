//! Resolutions and their tasks: the list with progress and warnings, and one resolution's
//! dashboard — counts by status, the tasks at risk first with the reasons, the whole task
//! tree, and a timeline.

use super::{Chrome, Ctx, render, render_error, unit_name};
use crate::AppState;
use crate::charts::{Gantt, GanttRow};
use crate::i18n::{fmt_num, t, task_reason};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chiso_app::resolutions::TaskView;
use chiso_app::submissions::vietnam_day;
use chiso_core::tasks::TaskStatus;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "resolutions.html")]
struct ListPage {
    c: Chrome,
    rows: Vec<ResolutionRowView>,
    /// Tasks of every resolution by status: key, label, count.
    counts: Vec<(String, String, usize)>,
    /// How many tasks there are in all.
    total: usize,
    /// The most serious tasks across resolutions: resolution number, resolution code, task.
    at_risk: Vec<(String, String, TaskRowView)>,
    /// How many more there are beyond those shown.
    more_at_risk: usize,
    /// Lead units by on-time completion across resolutions.
    ranking: Vec<(usize, String, usize, usize, usize, usize, String)>,
    today: String,
}

/// The province overview as a workbook: the resolutions, the tasks needing attention, the
/// lead units' record.
fn overview_xlsx(
    o: &chiso_app::resolutions::Overview,
    lang: crate::i18n::Lang,
    who: chiso_core::access::Principal,
) -> Response {
    use chiso_app::catalogue_io::{XlsxSheet, tables_xlsx};
    let heads = |keys: &[&str]| keys.iter().map(|k| t(lang, k)).collect::<Vec<_>>();
    let resolutions = XlsxSheet {
        name: t(lang, "resolutions.title"),
        headers: heads(&[
            "resolutions.number",
            "catalogue.name",
            "resolutions.issued_on",
            "resolutions.progress",
            "resolutions.tasks",
        ]),
        rows: o
            .resolutions
            .iter()
            .map(|v| {
                vec![
                    v.resolution.number.clone(),
                    v.resolution.title.clone(),
                    v.resolution.issued_on.to_string(),
                    format!("{:.1}", v.progress),
                    v.tasks.len().to_string(),
                ]
            })
            .collect(),
    };
    let at_risk = XlsxSheet {
        name: t(lang, "resolutions.at_risk_first"),
        headers: heads(&[
            "resolutions.number",
            "resolutions.code",
            "resolutions.tasks",
            "resolutions.lead",
            "resolutions.deadline",
            "resolutions.progress",
            "resolutions.status",
            "resolutions.reason",
        ]),
        rows: o
            .at_risk
            .iter()
            .map(|(number, _, tv)| {
                vec![
                    number.clone(),
                    tv.task.code.clone(),
                    tv.task.title.clone(),
                    tv.lead
                        .as_ref()
                        .map(|u| unit_name(u, lang))
                        .unwrap_or_default(),
                    tv.task.deadline.to_string(),
                    format!("{:.1}", tv.assessed.progress),
                    t(
                        lang,
                        &format!("task_status.{}", tv.assessed.status.as_str()),
                    ),
                    tv.assessed
                        .reasons
                        .iter()
                        .map(|r| task_reason(r, lang))
                        .collect::<Vec<_>>()
                        .join("; "),
                ]
            })
            .collect(),
    };
    let units = XlsxSheet {
        name: t(lang, "resolutions.ranking"),
        headers: vec![
            "#".into(),
            t(lang, "resolutions.lead"),
            t(lang, "task_status.done_on_time"),
            t(lang, "task_status.done_late"),
            t(lang, "task_status.overdue"),
            t(lang, "resolutions.open"),
            t(lang, "resolutions.on_time_rate"),
        ],
        rows: ranking_rows(&o.units, lang)
            .into_iter()
            .map(|r| {
                vec![
                    r.0.to_string(),
                    r.1,
                    r.2.to_string(),
                    r.3.to_string(),
                    r.4.to_string(),
                    r.5.to_string(),
                    r.6,
                ]
            })
            .collect(),
    };
    match tables_xlsx(&[resolutions, at_risk, units]) {
        Ok(bytes) => super::xlsx_response("chiso-nghi-quyet.xlsx", bytes),
        Err(e) => render_error(lang, Some(who), e),
    }
}

/// Tasks at risk shown on the province overview.
const OVERVIEW_AT_RISK: usize = 12;

/// The ranking rows of lead units: rank, name, on time, late, overdue, open, rate.
fn ranking_rows(
    units: &[chiso_app::resolutions::UnitRecord],
    lang: crate::i18n::Lang,
) -> Vec<(usize, String, usize, usize, usize, usize, String)> {
    units
        .iter()
        .enumerate()
        .map(|(i, r)| {
            (
                i + 1,
                unit_name(&r.unit, lang),
                r.on_time,
                r.late,
                r.overdue,
                r.open,
                r.on_time_rate()
                    .map(|x| format!("{}%", fmt_num(x * 100.0, 0, lang)))
                    .unwrap_or_else(|| "—".into()),
            )
        })
        .collect()
}

/// Status counts as chips: key, label, count (statuses with none left out).
fn count_chips(
    counts: &std::collections::BTreeMap<TaskStatus, usize>,
    lang: crate::i18n::Lang,
) -> Vec<(String, String, usize)> {
    TaskStatus::ALL
        .iter()
        .map(|st| {
            (
                st.as_str().to_string(),
                t(lang, &format!("task_status.{}", st.as_str())),
                counts.get(st).copied().unwrap_or(0),
            )
        })
        .filter(|c| c.2 > 0)
        .collect()
}

struct ResolutionRowView {
    code: String,
    number: String,
    title: String,
    issuer: String,
    issued_on: String,
    progress: String,
    progress_pct: String,
    /// Status key, label, count (warnings only).
    warnings: Vec<(String, String, usize)>,
    tasks: usize,
}

#[derive(Template)]
#[template(path = "resolution.html")]
struct DetailPage {
    c: Chrome,
    /// The resolution's code.
    code: String,
    number: String,
    title: String,
    issuer: String,
    issued_on: String,
    progress: String,
    progress_pct: String,
    /// Status key, label, count.
    counts: Vec<(String, String, usize)>,
    risky: Vec<TaskRowView>,
    tasks: Vec<TaskRowView>,
    gantt: String,
    today: String,
    /// Default due date of an explanation request (a week on).
    due_default: String,
    /// Whether the caller may import tasks (leadership somewhere).
    can_import: bool,
    /// Lead units by on-time completion: rank, name, on time, late, overdue, open, rate.
    ranking: Vec<(usize, String, usize, usize, usize, usize, String)>,
    /// Documents: file key, title, file name, size.
    documents: Vec<(i64, String, String, String)>,
    /// Whether the caller may attach documents (the province's task managers).
    can_document: bool,
    /// The new-task form, for callers who may assign tasks.
    new_task: Option<NewTaskForm>,
    /// A task just added.
    added: Option<String>,
}

/// What the new-task form offers.
struct NewTaskForm {
    /// Parent choices: code, label ("" = a top-level task, only for the province).
    parents: Vec<(String, String)>,
    /// Units: code, indented name.
    units: Vec<(String, String)>,
    /// Default start (today).
    start: String,
}

struct TaskRowView {
    /// The update waiting for review: key, text.
    pending: Option<(i64, String)>,
    /// The coordinating units, in words.
    coordinators: String,
    /// Evidence of the task's reports: file key, file name.
    evidence: Vec<(i64, String)>,
    /// Whether the caller reviews and evaluates this task (the assigner's leadership).
    can_review: bool,
    /// Whether it may be evaluated now (done or past its deadline, not yet evaluated).
    can_evaluate: bool,
    /// The evaluation, in words.
    evaluation: String,
    /// Lead unit code (for an explanation request).
    lead_code: String,
    /// Whether the caller may ask the lead unit to explain.
    can_ask: bool,
    code: String,
    title: String,
    depth: usize,
    lead: String,
    deadline: String,
    progress: String,
    progress_pct: String,
    status_key: String,
    status: String,
    reasons: String,
}

fn task_row(
    task: &TaskView,
    lang: crate::i18n::Lang,
    can_ask: bool,
    can_review: bool,
) -> TaskRowView {
    let finished = matches!(
        task.assessed.status,
        TaskStatus::DoneOnTime | TaskStatus::DoneLate | TaskStatus::Overdue
    );
    TaskRowView {
        pending: task.pending.as_ref().map(|u| {
            (
                u.id,
                format!(
                    "{}% · {} · {}",
                    fmt_num(u.progress, 0, lang),
                    u.reported_on.format("%d/%m/%Y"),
                    u.narrative
                ),
            )
        }),
        coordinators: task
            .coordinators
            .iter()
            .map(|u| unit_name(u, lang))
            .collect::<Vec<_>>()
            .join(", "),
        evidence: task
            .evidence
            .iter()
            .map(|f| (f.id, f.file_name.clone()))
            .collect(),
        can_review,
        can_evaluate: can_review && finished && task.task.evaluation.is_none(),
        evaluation: task
            .task
            .evaluation
            .as_deref()
            .map(|e| {
                let mut s = t(lang, &format!("evaluation.{e}"));
                if let Some(n) = task
                    .task
                    .evaluation_note
                    .as_deref()
                    .filter(|n| !n.is_empty())
                {
                    s.push_str(": ");
                    s.push_str(n);
                }
                s
            })
            .unwrap_or_default(),
        lead_code: task
            .lead
            .as_ref()
            .map(|u| u.code.to_string())
            .unwrap_or_default(),
        can_ask,
        code: task.task.code.clone(),
        title: task.task.title.clone(),
        depth: task.depth.min(3),
        lead: task
            .lead
            .as_ref()
            .map(|u| unit_name(u, lang))
            .unwrap_or_default(),
        deadline: task.task.deadline.format("%d/%m/%Y").to_string(),
        progress: format!("{}%", fmt_num(task.assessed.progress, 0, lang)),
        progress_pct: format!("{:.0}", task.assessed.progress.clamp(0.0, 100.0)),
        status_key: task.assessed.status.as_str().into(),
        status: t(
            lang,
            &format!("task_status.{}", task.assessed.status.as_str()),
        ),
        reasons: task
            .assessed
            .reasons
            .iter()
            .map(|r| task_reason(r, lang))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

fn is_warning(s: TaskStatus) -> bool {
    matches!(
        s,
        TaskStatus::AtRisk | TaskStatus::Delayed | TaskStatus::Overdue
    )
}

/// `GET /resolutions`.
pub(super) async fn list(
    State(s): State<AppState>,
    ctx: Ctx,
    axum::extract::Query(q): axum::extract::Query<DetailQuery>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let lang = ctx.lang;
    let today = vietnam_day(chrono::Utc::now());
    let overview = match s.app.resolutions_overview(&who, today).await {
        Ok(o) => o,
        Err(e) => return render_error(lang, Some(who), e),
    };
    if q.format.as_deref() == Some("xlsx") {
        return overview_xlsx(&overview, lang, who);
    }
    let mut rows = Vec::new();
    for v in &overview.resolutions {
        let r = &v.resolution;
        let counts = v.counts();
        rows.push(ResolutionRowView {
            code: r.code.clone(),
            number: r.number.clone(),
            title: r.title.clone(),
            issuer: r.issuer.clone(),
            issued_on: r.issued_on.format("%d/%m/%Y").to_string(),
            progress: format!("{}%", fmt_num(v.progress, 0, lang)),
            progress_pct: format!("{:.0}", v.progress.clamp(0.0, 100.0)),
            warnings: TaskStatus::ALL
                .iter()
                .filter(|st| is_warning(**st))
                .map(|st| {
                    (
                        st.as_str().to_string(),
                        t(lang, &format!("task_status.{}", st.as_str())),
                        counts.get(st).copied().unwrap_or(0),
                    )
                })
                .filter(|w| w.2 > 0)
                .collect(),
            tasks: v.tasks.len(),
        });
    }
    let tree = s.app.tree();
    let at_risk = overview
        .at_risk
        .iter()
        .take(OVERVIEW_AT_RISK)
        .map(|(number, code, tv)| {
            let can_ask = who.can(
                chiso_core::access::Action::ManageTasks,
                tv.task.lead_unit_id,
                &tree,
            );
            (
                number.clone(),
                code.clone(),
                task_row(tv, lang, can_ask, false),
            )
        })
        .collect();
    render(&ListPage {
        c: ctx.chrome(t(lang, "resolutions.title"), "resolutions"),
        rows,
        total: overview.counts.values().sum(),
        counts: count_chips(&overview.counts, lang),
        more_at_risk: overview.at_risk.len().saturating_sub(OVERVIEW_AT_RISK),
        at_risk,
        ranking: ranking_rows(&overview.units, lang),
        today: today.format("%d/%m/%Y").to_string(),
    })
}

/// `GET /resolutions/{code}`.
#[derive(Deserialize)]
pub(super) struct DetailQuery {
    format: Option<String>,
    added: Option<String>,
}

pub(super) async fn detail(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    axum::extract::Query(q): axum::extract::Query<DetailQuery>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let lang = ctx.lang;
    let today = vietnam_day(chrono::Utc::now());
    let v = match s.app.resolution(&who, &code, today).await {
        Ok(v) => v,
        Err(e) => return render_error(lang, Some(who), e),
    };
    if q.format.as_deref() == Some("xlsx") {
        let headers = [
            "resolutions.code",
            "resolutions.tasks",
            "resolutions.lead",
            "resolutions.start",
            "resolutions.deadline",
            "resolutions.progress",
            "resolutions.status",
            "resolutions.reason",
            "evaluation.evaluate",
        ]
        .iter()
        .map(|k| t(lang, k))
        .collect();
        let rows = v
            .tasks
            .iter()
            .map(|tv| {
                vec![
                    tv.task.code.clone(),
                    format!("{}{}", "  ".repeat(tv.depth), tv.task.title),
                    tv.lead
                        .as_ref()
                        .map(|u| unit_name(u, lang))
                        .unwrap_or_default(),
                    tv.task.start_on.to_string(),
                    tv.task.deadline.to_string(),
                    format!("{:.0}", tv.assessed.progress),
                    t(
                        lang,
                        &format!("task_status.{}", tv.assessed.status.as_str()),
                    ),
                    tv.assessed
                        .reasons
                        .iter()
                        .map(|r| task_reason(r, lang))
                        .collect::<Vec<_>>()
                        .join("; "),
                    tv.task
                        .evaluation
                        .as_deref()
                        .map(|e| t(lang, &format!("evaluation.{e}")))
                        .unwrap_or_default(),
                ]
            })
            .collect();
        return super::xlsx_download(
            lang,
            Some(who),
            &format!("chiso-{}.xlsx", back_code(&v.resolution.code)),
            &v.resolution.number,
            headers,
            rows,
        );
    }
    let counts = v.counts();
    let tree = s.app.tree();
    let may_ask = |t: &TaskView| {
        who.can(
            chiso_core::access::Action::ManageTasks,
            t.task.lead_unit_id,
            &tree,
        )
    };
    // Reports are reviewed, and tasks evaluated, by the leadership that assigned them.
    let root = tree.roots().next().map(|r| r.id).unwrap_or_default();
    let lead_of: std::collections::HashMap<i64, i64> = v
        .tasks
        .iter()
        .map(|t| (t.task.id, t.task.lead_unit_id))
        .collect();
    let may_review = |t: &TaskView| {
        let assigner = t
            .task
            .parent_id
            .and_then(|p| lead_of.get(&p).copied())
            .unwrap_or(root);
        who.can(chiso_core::access::Action::ManageTasks, assigner, &tree)
    };
    let mut risky: Vec<&TaskView> = v
        .tasks
        .iter()
        .filter(|t| is_warning(t.assessed.status))
        .collect();
    risky.sort_by_key(|t| {
        (
            match t.assessed.status {
                TaskStatus::Overdue => 0,
                TaskStatus::Delayed => 1,
                _ => 2,
            },
            t.task.deadline,
        )
    });
    let rows: Vec<GanttRow> = v
        .tasks
        .iter()
        .map(|t| GanttRow {
            label: format!("{} {}", t.task.code, t.task.title),
            depth: t.depth,
            start: t.task.start_on,
            end: t.task.deadline,
            progress: t.assessed.progress,
            status: t.assessed.status.as_str().into(),
        })
        .collect();
    let title_timeline = t(lang, "resolutions.timeline");
    let today_label = t(lang, "resolutions.today");
    let gantt = Gantt {
        title: &title_timeline,
        rows: &rows,
        today,
        today_label: &today_label,
    }
    .svg();
    render(&DetailPage {
        c: ctx.chrome(v.resolution.number.clone(), "resolutions"),
        number: v.resolution.number.clone(),
        title: v.resolution.title.clone(),
        issuer: v.resolution.issuer.clone(),
        issued_on: v.resolution.issued_on.format("%d/%m/%Y").to_string(),
        progress: format!("{}%", fmt_num(v.progress, 0, lang)),
        progress_pct: format!("{:.0}", v.progress.clamp(0.0, 100.0)),
        counts: count_chips(&counts, lang),
        risky: risky
            .into_iter()
            .map(|t| task_row(t, lang, may_ask(t), false))
            .collect(),
        tasks: v
            .tasks
            .iter()
            .map(|t| task_row(t, lang, false, may_review(t)))
            .collect(),
        code: v.resolution.code.clone(),
        due_default: (today + chrono::Duration::days(7)).to_string(),
        can_import: who.can_somewhere(chiso_core::access::Action::ManageTasks),
        ranking: ranking_rows(&v.units_by_on_time(), lang),
        gantt,
        today: today.format("%d/%m/%Y").to_string(),
        documents: v
            .documents
            .iter()
            .map(|d| {
                (
                    d.id,
                    d.title.clone(),
                    d.file_name.clone(),
                    format!("{} KB", fmt_num(d.size as f64 / 1024.0, 0, lang)),
                )
            })
            .collect(),
        can_document: who.can(chiso_core::access::Action::ManageTasks, root, &tree),
        new_task: new_task_form(&v, &who, &tree, lang, today),
        added: q.added.map(|c| back_code(&c)),
    })
}

/// The new-task form for the caller: the tasks they may break down (those whose lead unit
/// they manage) and, for the province's leadership, a top-level task; the units they may
/// assign to (their subtrees). `None` when they may assign nothing.
fn new_task_form(
    v: &chiso_app::resolutions::ResolutionView,
    who: &chiso_core::access::Principal,
    tree: &chiso_core::org::OrgTree,
    lang: crate::i18n::Lang,
    today: chrono::NaiveDate,
) -> Option<NewTaskForm> {
    use chiso_core::access::Action;
    let root = tree.roots().next()?;
    let mut parents = Vec::new();
    if who.can(Action::ManageTasks, root.id, tree) {
        parents.push((String::new(), t(lang, "resolutions.top_level")));
    }
    for tv in &v.tasks {
        if who.can(Action::ManageTasks, tv.task.lead_unit_id, tree) {
            parents.push((
                tv.task.code.clone(),
                format!("{} {}", tv.task.code, tv.task.title),
            ));
        }
    }
    if parents.is_empty() {
        return None;
    }
    // Every unit: a delegated task reaches beyond the caller's subtree; the rules are
    // checked when the form is sent.
    let units = tree
        .subtree(root.id)
        .into_iter()
        .map(|u| {
            let depth = tree.ancestors(u.id).len();
            (
                u.code.to_string(),
                format!("{}{}", "\u{a0}\u{a0}".repeat(depth), unit_name(u, lang)),
            )
        })
        .collect();
    Some(NewTaskForm {
        parents,
        units,
        start: today.to_string(),
    })
}

/// `POST /resolutions/{code}/tasks`: adds a task (or a sub-task) from the page's form, then
/// back to the resolution. The form repeats `coordinating` for each unit chosen.
pub(super) async fn add_task(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let date = |k: &str| {
        chrono::NaiveDate::parse_from_str(&get(k), "%Y-%m-%d").map_err(|_| {
            chiso_app::AppError::from(
                chiso_app::Problem::invalid("task.bad_date")
                    .field(k)
                    .arg("value", get(k)),
            )
        })
    };
    let number = |k: &str| {
        let raw = get(k).replace(',', ".");
        if raw.is_empty() {
            Ok(None)
        } else {
            raw.parse::<f64>().map(Some).map_err(|_| {
                chiso_app::AppError::from(
                    chiso_app::Problem::invalid("task.bad_number")
                        .field(k)
                        .arg("value", get(k)),
                )
            })
        }
    };
    let input = (|| -> Result<chiso_app::resolutions::TaskInput, chiso_app::AppError> {
        Ok(chiso_app::resolutions::TaskInput {
            code: get("code"),
            title: get("title"),
            description: get("description"),
            parent: Some(get("parent")).filter(|p| !p.is_empty()),
            lead_unit: get("lead_unit"),
            start_on: date("start_on")?,
            deadline: date("deadline")?,
            product: get("product"),
            weight: number("weight")?,
            update_every_days: None,
            indicator: Some(get("indicator")).filter(|p| !p.is_empty()),
            target_value: number("target_value")?,
            coordinating: pairs
                .iter()
                .filter(|(n, v)| n == "coordinating" && !v.is_empty())
                .map(|(_, v)| v.clone())
                .collect(),
            delegated: get("delegated") == "1",
        })
    })();
    let result = match input {
        Ok(i) => s.app.add_task(&who, &code, &i).await.map(|()| i.code),
        Err(e) => Err(e),
    };
    match result {
        Ok(task) => Redirect::to(&format!(
            "/resolutions/{}?added={}#task-{}",
            back_code(&code),
            back_code(&task),
            back_code(&task)
        ))
        .into_response(),
        Err(e) => render_error(ctx.lang, Some(who), e),
    }
}

/// `POST /resolutions/{code}/documents` (multipart: `title`, `file`): attaches a document.
pub(super) async fn attach_document(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    form: axum::extract::Multipart,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let (fields, files) = match super::multipart_fields(form).await {
        Ok(x) => x,
        Err(e) => return render_error(ctx.lang, Some(who), e),
    };
    let (name, bytes) = files
        .into_iter()
        .next()
        .map(|(_, n, b)| (n, b))
        .unwrap_or_default();
    let title = fields.get("title").cloned().unwrap_or_default();
    match s
        .app
        .attach_resolution_document(&who, &code, &title, &name, &bytes)
        .await
    {
        Ok(_) => {
            Redirect::to(&format!("/resolutions/{}#documents", back_code(&code))).into_response()
        }
        Err(e) => render_error(ctx.lang, Some(who), e),
    }
}

/// `GET /task-files/{id}`: a resolution's document or a report's evidence.
pub(super) async fn download(State(s): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    match s.app.task_file(id).await {
        Ok((row, bytes)) => super::file_download(&row.file_name, &row.content_type, bytes),
        Err(e) => render_error(ctx.lang, Some(who), e),
    }
}

#[derive(Deserialize)]
pub(super) struct ReviewForm {
    decision: String,
    #[serde(default)]
    comment: String,
    back: String,
}

/// `POST /task-updates/{id}/review`: accept or return a report, then back to the
/// resolution.
pub(super) async fn review(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<ReviewForm>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    match s
        .app
        .review_update(&who, id, f.decision == "accept", &f.comment)
        .await
    {
        Ok(()) => Redirect::to(&format!("/resolutions/{}", back_code(&f.back))).into_response(),
        Err(e) => render_error(ctx.lang, Some(who), e),
    }
}

#[derive(Deserialize)]
pub(super) struct EvaluationForm {
    result: String,
    #[serde(default)]
    note: String,
    back: String,
}

/// `POST /tasks/{code}/evaluation`: evaluate, then back to the resolution.
pub(super) async fn evaluate(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(f): Form<EvaluationForm>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    match s.app.evaluate_task(&who, &code, &f.result, &f.note).await {
        Ok(()) => Redirect::to(&format!("/resolutions/{}", back_code(&f.back))).into_response(),
        Err(e) => render_error(ctx.lang, Some(who), e),
    }
}

/// A resolution code fit for a redirect (letters, digits, `.`, `_`, `-` only).
fn back_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        .collect()
}

#[derive(Template)]
#[template(path = "task_import.html")]
struct ImportPage {
    c: Chrome,
    code: String,
    number: String,
    banner_kind: &'static str,
    banner: String,
    /// Row, column letter, message.
    problems: Vec<(String, String, String)>,
    /// Row, code.
    created: Vec<(String, String)>,
}

/// `GET /resolutions/{code}/tasks-template`: an empty task workbook with the headers in the
/// page language.
pub(super) async fn template(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let _ = &s;
    let headers = chiso_app::resolutions::TASK_COLUMNS
        .iter()
        .map(|(_, vi, en)| match ctx.lang {
            crate::i18n::Lang::Vi => (*vi).to_string(),
            crate::i18n::Lang::En => (*en).to_string(),
        })
        .collect();
    super::xlsx_download(
        ctx.lang,
        Some(who),
        &format!("chiso-nhiem-vu-{}.xlsx", back_code(&code)),
        &t(ctx.lang, "resolutions.tasks"),
        headers,
        Vec::new(),
    )
}

/// `POST /resolutions/{code}/import` (multipart: `file`, optional `dry_run`).
pub(super) async fn import(
    State(s): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    mut form: axum::extract::Multipart,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let lang = ctx.lang;
    let mut bytes = Vec::new();
    let mut dry_run = false;
    while let Ok(Some(field)) = form.next_field().await {
        let name = field.name().unwrap_or("").to_string();
        match field.bytes().await {
            Ok(b) if name == "file" => bytes = b.to_vec(),
            Ok(_) if name == "dry_run" => dry_run = true,
            _ => {}
        }
    }
    let report = match crate::api::run_task_import(&s.app, &who, &code, &bytes, dry_run).await {
        Ok(r) => r,
        Err(e) => return render_error(lang, Some(who), e),
    };
    let number = s
        .app
        .resolutions()
        .await
        .ok()
        .and_then(|l| l.into_iter().find(|r| r.code == code))
        .map(|r| r.number)
        .unwrap_or_else(|| code.clone());
    let (banner_kind, banner) = if !report.problems.is_empty() {
        ("bad", t(lang, "io.not_written"))
    } else if report.dry_run {
        ("dry", t(lang, "io.dry_ok"))
    } else {
        ("ok", t(lang, "io.written"))
    };
    let mut r = render(&ImportPage {
        c: ctx.chrome(number.clone(), "resolutions"),
        code: back_code(&code),
        number,
        banner_kind,
        banner,
        problems: report
            .problems
            .iter()
            .map(|p| {
                (
                    p.row.map(|r| r.to_string()).unwrap_or_default(),
                    p.args
                        .iter()
                        .find(|a| a.0 == "cell")
                        .map(|a| a.1.clone())
                        .unwrap_or_default(),
                    crate::error::message(p, lang),
                )
            })
            .collect(),
        created: report
            .rows
            .iter()
            .map(|o| (o.row.to_string(), o.code.clone()))
            .collect(),
    });
    if !report.problems.is_empty() {
        *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}
