//! An agency's own work (`/my-tasks`): the tasks its units lead — overdue, due soon, in
//! progress, done — each with the form to report progress, and the explanation requests
//! it must answer.

use super::{Chrome, Ctx, render, render_error, unit_name};
use crate::AppState;
use crate::i18n::{fmt_num, t, task_reason};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chiso_app::resolutions::{MyTask, ProgressInput};
use chiso_app::submissions::vietnam_day;
use chiso_core::access::Action;
use chiso_core::tasks::TaskStatus;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "my_tasks.html")]
struct MyTasksPage {
    c: Chrome,
    flash: Option<String>,
    /// Heading, tasks.
    groups: Vec<(String, Vec<Row>)>,
    to_answer: usize,
}

struct Row {
    code: String,
    title: String,
    resolution: String,
    resolution_code: String,
    lead: String,
    deadline: String,
    progress: String,
    progress_value: String,
    status_key: String,
    status: String,
    reasons: String,
    can_report: bool,
    /// The caller's unit coordinates the task rather than leads it.
    coordinating: bool,
}

#[derive(Deserialize)]
pub(super) struct MyTasksQuery {
    reported: Option<String>,
}

/// `GET /my-tasks`.
pub(super) async fn page(
    State(s): State<AppState>,
    ctx: Ctx,
    Query(q): Query<MyTasksQuery>,
) -> Response {
    let who = match ctx.require_user() {
        Ok(w) => w,
        Err(r) => return r.into_response(),
    };
    let lang = ctx.lang;
    let today = vietnam_day(chrono::Utc::now());
    let tasks = match s.app.my_tasks(&who, today).await {
        Ok(t) => t,
        Err(e) => return render_error(lang, Some(who), e),
    };
    let to_answer = s
        .app
        .explanations(&who, today)
        .await
        .map(|l| l.iter().filter(|e| e.can_answer).count())
        .unwrap_or(0);
    let tree = s.app.tree();
    let row = |m: &MyTask| {
        let tv = &m.task;
        Row {
            code: tv.task.code.clone(),
            title: tv.task.title.clone(),
            resolution: m.resolution.clone(),
            resolution_code: m.resolution_code.clone(),
            lead: tv
                .lead
                .as_ref()
                .map(|u| unit_name(u, lang))
                .unwrap_or_default(),
            deadline: tv.task.deadline.format("%d/%m/%Y").to_string(),
            progress: format!("{}%", fmt_num(tv.assessed.progress, 0, lang)),
            progress_value: format!("{:.0}", tv.assessed.progress),
            status_key: tv.assessed.status.as_str().into(),
            status: t(
                lang,
                &format!("task_status.{}", tv.assessed.status.as_str()),
            ),
            reasons: tv
                .assessed
                .reasons
                .iter()
                .map(|r| task_reason(r, lang))
                .collect::<Vec<_>>()
                .join("; "),
            can_report: !m.coordinating
                && !matches!(
                    tv.assessed.status,
                    TaskStatus::DoneOnTime | TaskStatus::DoneLate
                )
                && (who.can(Action::WriteData, tv.task.lead_unit_id, &tree)
                    || who.can(Action::ManageTasks, tv.task.lead_unit_id, &tree)),
            coordinating: m.coordinating,
        }
    };
    let soon = today + chrono::Duration::days(30);
    let mut groups: Vec<(String, Vec<Row>)> = Vec::new();
    let pick =
        |f: &dyn Fn(&MyTask) -> bool| tasks.iter().filter(|m| f(m)).map(row).collect::<Vec<_>>();
    let status = |m: &MyTask| m.task.assessed.status;
    let done = |m: &MyTask| matches!(status(m), TaskStatus::DoneOnTime | TaskStatus::DoneLate);
    groups.push((
        t(lang, "my_tasks.overdue"),
        pick(&|m| status(m) == TaskStatus::Overdue),
    ));
    groups.push((
        t(lang, "my_tasks.due_soon"),
        pick(&|m| !done(m) && status(m) != TaskStatus::Overdue && m.task.task.deadline <= soon),
    ));
    groups.push((
        t(lang, "my_tasks.in_progress"),
        pick(&|m| !done(m) && status(m) != TaskStatus::Overdue && m.task.task.deadline > soon),
    ));
    groups.push((t(lang, "my_tasks.done"), pick(&|m| done(m))));
    render(&MyTasksPage {
        c: ctx.chrome(t(lang, "my_tasks.title"), "my_tasks"),
        flash: q.reported.map(|_| t(lang, "my_tasks.reported")),
        groups,
        to_answer,
    })
}

/// `POST /tasks/{code}/progress` (multipart: `progress`, `narrative`, any number of `file`):
/// reports progress with its evidence, then shows the list again. A bad file refuses the
/// whole report.
pub(super) async fn report(
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
    let raw = fields.get("progress").cloned().unwrap_or_default();
    let Ok(progress) = raw.replace(',', ".").parse::<f64>() else {
        let p = chiso_app::Problem::invalid("task.progress_range")
            .field("progress")
            .arg("value", &raw);
        return render_error(ctx.lang, Some(who), p.into());
    };
    let input = ProgressInput {
        progress,
        narrative: fields.get("narrative").cloned().unwrap_or_default(),
        reported_on: None,
    };
    let evidence: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|(_, name, bytes)| (name, bytes))
        .collect();
    match s
        .app
        .report_progress_with_evidence(&who, &code, &input, &evidence)
        .await
    {
        Ok(_) => Redirect::to("/my-tasks?reported=1").into_response(),
        Err(e) => render_error(ctx.lang, Some(who), e),
    }
}
