//! Resolutions and their tasks: register a resolution, break it into tasks and sub-tasks
//! assigned down the tree (only within the assigner's subtree), report progress, and see
//! every task's computed status with its reasons.

use crate::analytics::DataScope;
use crate::auth::{audit, require};
use crate::{App, AppResult, ErrorKind, Problem, now};
use chiso_core::access::{Action, Principal};
use chiso_core::org::OrgUnit;
use chiso_core::status::Status;
use chiso_core::tasks::{Assessed, TaskFacts, TaskStatus, assess_all, may_assign};
/// A resolution and a task as stored.
pub use chiso_store::{ResolutionRow, TaskRow};
use chiso_store::{TaskFileRow, TaskUpdateRow};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

/// A resolution as sent.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResolutionInput {
    /// Code, e.g. `NQ57`.
    pub code: String,
    /// Number as signed, e.g. `57-NQ/TW`.
    pub number: String,
    /// Title.
    pub title: String,
    /// Issuing body.
    pub issuer: String,
    /// Date issued.
    pub issued_on: NaiveDate,
    /// Fields it concerns.
    #[serde(default)]
    pub fields: String,
}

/// A task as sent.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskInput {
    /// Code, unique.
    pub code: String,
    /// Title.
    pub title: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// The parent task's code, for a sub-task.
    #[serde(default)]
    pub parent: Option<String>,
    /// The lead unit's code.
    pub lead_unit: String,
    /// First day of work.
    pub start_on: NaiveDate,
    /// Deadline.
    pub deadline: NaiveDate,
    /// Expected product.
    #[serde(default)]
    pub product: String,
    /// Weight among siblings (default 1).
    #[serde(default)]
    pub weight: Option<f64>,
    /// Days allowed between progress updates (default 30).
    #[serde(default)]
    pub update_every_days: Option<i64>,
    /// M&E indicator code.
    #[serde(default)]
    pub indicator: Option<String>,
    /// M&E target value.
    #[serde(default)]
    pub target_value: Option<f64>,
    /// Codes of the units that coordinate the task besides its lead unit.
    #[serde(default)]
    pub coordinating: Vec<String>,
    /// The lead unit leads on the assigner's behalf: it may break the task down to any unit
    /// the assigner reaches (a department guiding every commune), not only to units below it.
    #[serde(default)]
    pub delegated: bool,
}

/// A progress report as sent.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressInput {
    /// Progress, 0–100.
    pub progress: f64,
    /// What was done, with the evidence referred to.
    pub narrative: String,
    /// Day of the report (default: today).
    #[serde(default)]
    pub reported_on: Option<NaiveDate>,
}

/// A task with its lead unit and computed state.
#[derive(Debug, Clone)]
pub struct TaskView {
    /// The task.
    pub task: TaskRow,
    /// Its lead unit.
    pub lead: Option<OrgUnit>,
    /// Depth in the tree (0 for top-level tasks).
    pub depth: usize,
    /// Progress and status with reasons.
    pub assessed: Assessed,
    /// The latest update waiting for review, if any.
    pub pending: Option<TaskUpdateRow>,
    /// The units coordinating the task besides its lead unit.
    pub coordinators: Vec<OrgUnit>,
    /// The evidence attached to the task's progress reports.
    pub evidence: Vec<TaskFileRow>,
}

/// A resolution with its tasks in tree order.
#[derive(Debug, Clone)]
pub struct ResolutionView {
    /// The resolution.
    pub resolution: ResolutionRow,
    /// Its tasks, parents before children.
    pub tasks: Vec<TaskView>,
    /// Weighted progress of the top-level tasks.
    pub progress: f64,
    /// The resolution's documents (its text, plans, reports).
    pub documents: Vec<TaskFileRow>,
}

/// One lead unit's record on a resolution's tasks.
#[derive(Debug, Clone)]
pub struct UnitRecord {
    /// The unit.
    pub unit: OrgUnit,
    /// Tasks done by their deadline.
    pub on_time: usize,
    /// Tasks done after it.
    pub late: usize,
    /// Tasks past their deadline, not done.
    pub overdue: usize,
    /// Tasks still open.
    pub open: usize,
}

impl UnitRecord {
    /// Share of the finished or overdue tasks done on time, when there are any.
    pub fn on_time_rate(&self) -> Option<f64> {
        let judged = self.on_time + self.late + self.overdue;
        (judged > 0).then(|| self.on_time as f64 / judged as f64)
    }
}

impl ResolutionView {
    /// The lead units ranked by on-time completion (best first; ties by fewer overdue),
    /// units with nothing finished or due last.
    pub fn units_by_on_time(&self) -> Vec<UnitRecord> {
        units_by_on_time(self.tasks.iter())
    }

    /// How many tasks have each status.
    pub fn counts(&self) -> BTreeMap<TaskStatus, usize> {
        counts(self.tasks.iter())
    }
}

/// How many of `tasks` have each status.
fn counts<'a>(tasks: impl Iterator<Item = &'a TaskView>) -> BTreeMap<TaskStatus, usize> {
    let mut m = BTreeMap::new();
    for t in tasks {
        *m.entry(t.assessed.status).or_insert(0) += 1;
    }
    m
}

/// The lead units of `tasks` ranked by on-time completion (best first; ties by fewer
/// overdue), units with nothing finished or due last.
fn units_by_on_time<'a>(tasks: impl Iterator<Item = &'a TaskView>) -> Vec<UnitRecord> {
    let mut by: BTreeMap<i64, UnitRecord> = BTreeMap::new();
    for t in tasks {
        let Some(u) = &t.lead else { continue };
        let r = by.entry(u.id).or_insert_with(|| UnitRecord {
            unit: u.clone(),
            on_time: 0,
            late: 0,
            overdue: 0,
            open: 0,
        });
        match t.assessed.status {
            TaskStatus::DoneOnTime => r.on_time += 1,
            TaskStatus::DoneLate => r.late += 1,
            TaskStatus::Overdue => r.overdue += 1,
            _ => r.open += 1,
        }
    }
    let mut v: Vec<UnitRecord> = by.into_values().collect();
    v.sort_by(|a, b| {
        let key = |r: &UnitRecord| (r.on_time_rate().map(|x| -x), r.overdue);
        match (a.on_time_rate(), b.on_time_rate()) {
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            _ => key(a)
                .partial_cmp(&key(b))
                .unwrap_or(std::cmp::Ordering::Equal),
        }
    });
    v
}

/// The province's view across every resolution.
#[derive(Debug, Clone)]
pub struct Overview {
    /// Each resolution with its tasks.
    pub resolutions: Vec<ResolutionView>,
    /// Tasks by status, all resolutions together.
    pub counts: BTreeMap<TaskStatus, usize>,
    /// Lead units ranked by on-time completion across all resolutions.
    pub units: Vec<UnitRecord>,
    /// Overdue, delayed and at-risk tasks of every resolution, the most serious and the
    /// nearest deadline first, with their resolution's number and code.
    pub at_risk: Vec<(String, String, TaskView)>,
}

impl App {
    /// Every resolution with its computed statuses on `today`, and the province's totals.
    pub async fn resolutions_overview(
        &self,
        who: &Principal,
        today: NaiveDate,
    ) -> AppResult<Overview> {
        let mut resolutions = Vec::new();
        for r in self.store.resolutions().await? {
            resolutions.push(self.resolution(who, &r.code, today).await?);
        }
        let all = || resolutions.iter().flat_map(|r| r.tasks.iter());
        let severity = |s: TaskStatus| match s {
            TaskStatus::Overdue => Some(0),
            TaskStatus::Delayed => Some(1),
            TaskStatus::AtRisk => Some(2),
            _ => None,
        };
        let mut at_risk: Vec<(String, String, TaskView)> = resolutions
            .iter()
            .flat_map(|r| {
                r.tasks
                    .iter()
                    .filter(|t| severity(t.assessed.status).is_some())
                    .map(|t| {
                        (
                            r.resolution.number.clone(),
                            r.resolution.code.clone(),
                            t.clone(),
                        )
                    })
            })
            .collect();
        at_risk.sort_by_key(|(_, _, t)| (severity(t.assessed.status), t.task.deadline));
        Ok(Overview {
            counts: counts(all()),
            units: units_by_on_time(all()),
            at_risk,
            resolutions,
        })
    }
}

/// The rules of assigning a task, shared by creation one at a time and workbook import: the
/// caller leads the assigning unit, the lead unit lies within the subtree of `scope` (the
/// assigner itself, or for a delegated parent task the unit it leads on behalf of), the
/// deadline follows the start and does not pass the parent's.
fn check_assignment(
    who: &Principal,
    tree: &chiso_core::org::OrgTree,
    (assigner, scope): (i64, i64),
    lead: i64,
    (start, deadline): (NaiveDate, NaiveDate),
    parent_deadline: Option<NaiveDate>,
) -> Result<(), Problem> {
    require(who, Action::ManageTasks, assigner, tree).map_err(|e| e.first())?;
    if !may_assign(tree, scope, lead) {
        let name = |id| tree.get(id).map(|u| u.name_vi.clone()).unwrap_or_default();
        return Err(Problem::new(ErrorKind::Forbidden, "task.outside_subtree")
            .field("lead_unit")
            .arg("unit", name(lead))
            .arg("assigner", name(scope)));
    }
    if deadline < start {
        return Err(Problem::invalid("task.deadline_before_start").field("deadline"));
    }
    if let Some(pd) = parent_deadline
        && deadline > pd
    {
        return Err(Problem::invalid("task.after_parent_deadline")
            .field("deadline")
            .arg("deadline", pd.format("%d/%m/%Y")));
    }
    Ok(())
}

impl App {
    /// The unit within whose subtree `parent`'s sub-tasks may go: its lead unit, or, when it
    /// was delegated, the unit that assigned it (followed up through delegated tasks).
    async fn subtask_scope(&self, parent: &TaskRow, root: i64) -> AppResult<i64> {
        if !parent.delegated {
            return Ok(parent.lead_unit_id);
        }
        let mut current = parent.clone();
        // Bounded by the depth of the tree of tasks.
        for _ in 0..64 {
            let Some(pid) = current.parent_id else {
                return Ok(root);
            };
            match self.store.task_by_id(pid).await? {
                Some(p) if p.delegated => current = p,
                Some(p) => return Ok(p.lead_unit_id),
                None => return Ok(root),
            }
        }
        Ok(root)
    }
}

/// A task's weight among its siblings: 1 when not given; a negative, infinite or not-a-number
/// weight is refused rather than silently changed.
fn check_weight(weight: Option<f64>) -> Result<f64, Problem> {
    match weight {
        None => Ok(1.0),
        Some(w) if w.is_finite() && w >= 0.0 => Ok(w),
        Some(w) => Err(Problem::invalid("task.bad_weight")
            .field("weight")
            .arg("value", w)),
    }
}

/// Whether `who` may report on task `t` (its lead unit's officers or leadership).
fn may_report(who: &Principal, t: &TaskRow, tree: &chiso_core::org::OrgTree) -> AppResult<()> {
    if who.can(Action::WriteData, t.lead_unit_id, tree)
        || who.can(Action::ManageTasks, t.lead_unit_id, tree)
    {
        Ok(())
    } else {
        require(who, Action::WriteData, t.lead_unit_id, tree)
    }
}

/// The row of a checked upload (name, type, SHA-256 from [`crate::evidence::checked_file`])
/// for a resolution, and for one of its progress reports if given, uploaded now by `by`.
fn task_file_row(
    (resolution_id, task_update_id): (i64, Option<i64>),
    title: String,
    (file_name, content_type, sha256): (String, &'static str, String),
    bytes: &[u8],
    by: i64,
) -> TaskFileRow {
    TaskFileRow {
        id: 0,
        resolution_id,
        task_update_id,
        title,
        file_name,
        content_type: content_type.into(),
        size: bytes.len() as i64,
        sha256,
        uploaded_by: Some(by),
        uploaded_at: now(),
    }
}

/// Stores a file in `tx` and audits it with its name, hash and size (and `extra`).
async fn save_task_file(
    tx: &mut chiso_store::Tx,
    row: &TaskFileRow,
    bytes: &[u8],
    by: i64,
    (action, entity, code): (&str, &str, &str),
    extra: serde_json::Value,
) -> AppResult<i64> {
    let id = tx.insert_task_file(row, bytes).await?;
    let mut detail =
        serde_json::json!({"file": row.file_name, "sha256": row.sha256, "size": row.size});
    if let (Some(d), serde_json::Value::Object(e)) = (detail.as_object_mut(), extra) {
        d.extend(e);
    }
    tx.append_audit(&audit(Some(by), action, entity, code, &detail.to_string()))
        .await?;
    Ok(id)
}

fn not_found(what: &str, code: &str) -> Problem {
    Problem::new(ErrorKind::NotFound, "not_found").arg("what", format!("{what} {code}"))
}

impl App {
    /// Registers a resolution (leaders of the province).
    pub async fn create_resolution(&self, who: &Principal, r: &ResolutionInput) -> AppResult<()> {
        let tree = self.tree();
        let root = tree
            .roots()
            .next()
            .map(|u| u.id)
            .ok_or_else(|| Problem::invalid("org.no_root"))?;
        require(who, Action::ManageTasks, root, &tree)?;
        if r.code.trim().is_empty() || r.title.trim().is_empty() {
            return Err(Problem::invalid("sheet.required")
                .field("code")
                .arg("attr", "code")
                .into());
        }
        let mut tx = self.store.begin().await?;
        tx.insert_resolution(
            &ResolutionRow {
                id: 0,
                code: r.code.trim().to_string(),
                number: r.number.trim().to_string(),
                title: chiso_core::text::nfc(r.title.trim()),
                issuer: r.issuer.trim().to_string(),
                issued_on: r.issued_on,
                fields: r.fields.clone(),
            },
            now(),
        )
        .await?;
        tx.append_audit(&audit(
            Some(who.user_id),
            "resolution.create",
            "resolution",
            r.code.trim(),
            &r.title,
        ))
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds a task to a resolution. A top-level task is assigned by the province's
    /// leadership; a sub-task by the leadership of the parent task's lead unit, and only to
    /// a unit within that unit's subtree.
    pub async fn add_task(
        &self,
        who: &Principal,
        resolution: &str,
        t: &TaskInput,
    ) -> AppResult<()> {
        let tree = self.tree();
        let res = self
            .store
            .resolution_by_code(resolution)
            .await?
            .ok_or_else(|| not_found("resolution", resolution))?;
        let lead = self.unit_id(t.lead_unit.trim(), "lead_unit")?;
        let parent = match t.parent.as_deref().filter(|p| !p.trim().is_empty()) {
            Some(code) => Some(
                self.store
                    .task_by_code(code.trim())
                    .await?
                    .ok_or_else(|| not_found("task", code))?,
            ),
            None => None,
        };
        let root = tree
            .roots()
            .next()
            .map(|u| u.id)
            .ok_or_else(|| Problem::invalid("org.no_root"))?;
        let (assigner, scope) = match &parent {
            Some(p) => (p.lead_unit_id, self.subtask_scope(p, root).await?),
            None => (root, root),
        };
        check_assignment(
            who,
            &tree,
            (assigner, scope),
            lead,
            (t.start_on, t.deadline),
            parent.as_ref().map(|p| p.deadline),
        )?;
        let indicator_id = match t.indicator.as_deref().filter(|i| !i.trim().is_empty()) {
            Some(code) => Some(self.indicator(code.trim()).await?.indicator.id),
            None => None,
        };
        let mut coordinators = Vec::new();
        for code in t
            .coordinating
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
        {
            let id = self.unit_id(code, "coordinating")?;
            if id == lead {
                return Err(Problem::invalid("task.coordinator_is_lead")
                    .field("coordinating")
                    .arg("unit", code)
                    .into());
            }
            if !coordinators.contains(&id) {
                coordinators.push(id);
            }
        }
        let row = TaskRow {
            id: 0,
            resolution_id: res.id,
            parent_id: parent.as_ref().map(|p| p.id),
            code: t.code.trim().to_string(),
            title: chiso_core::text::nfc(t.title.trim()),
            description: t.description.clone(),
            lead_unit_id: lead,
            start_on: t.start_on,
            deadline: t.deadline,
            product: t.product.clone(),
            weight: check_weight(t.weight)?,
            update_every_days: t.update_every_days.unwrap_or(30).clamp(1, 366),
            indicator_id,
            target_value: t.target_value,
            progress: 0.0,
            last_update_on: None,
            completed_on: None,
            evaluation: None,
            evaluation_note: None,
            evaluated_on: None,
            delegated: t.delegated,
        };
        let mut tx = self.store.begin().await?;
        let task_id = tx.insert_task(&row, now()).await?;
        for unit in &coordinators {
            tx.add_task_coordinator(task_id, *unit).await?;
        }
        tx.append_audit(&audit(
            Some(who.user_id),
            "task.create",
            "task",
            &row.code,
            &row.title,
        ))
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records progress on a task: by the lead unit's data officers or leadership.
    pub async fn report_progress(
        &self,
        who: &Principal,
        task: &str,
        p: &ProgressInput,
    ) -> AppResult<i64> {
        self.report_progress_with_evidence(who, task, p, &[]).await
    }

    /// Records progress on a task with evidence files (name, content), all in one
    /// transaction: a file that is empty, too large or of a type not accepted refuses the
    /// whole report.
    pub async fn report_progress_with_evidence(
        &self,
        who: &Principal,
        task: &str,
        p: &ProgressInput,
        evidence: &[(String, Vec<u8>)],
    ) -> AppResult<i64> {
        let tree = self.tree();
        let t = self
            .store
            .task_by_code(task)
            .await?
            .ok_or_else(|| not_found("task", task))?;
        may_report(who, &t, &tree)?;
        if !(0.0..=100.0).contains(&p.progress) {
            return Err(Problem::invalid("task.progress_range")
                .field("progress")
                .arg("value", p.progress)
                .into());
        }
        let update = TaskUpdateRow {
            id: 0,
            review: "pending".into(),
            review_comment: None,
            progress: p.progress,
            narrative: chiso_core::text::nfc(p.narrative.trim()),
            reported_on: p
                .reported_on
                .unwrap_or_else(|| crate::submissions::vietnam_day(now())),
            reported_by: Some(who.user_id),
        };
        let files = evidence
            .iter()
            .map(|(name, bytes)| {
                crate::evidence::checked_file(name, bytes).map(|checked| (checked, bytes))
            })
            .collect::<Result<Vec<_>, Problem>>()?;
        let at = now();
        let mut tx = self.store.begin().await?;
        let id = tx.record_task_update(t.id, &update, at).await?;
        tx.append_audit(&audit(
            Some(who.user_id),
            "task.progress",
            "task",
            &t.code,
            &format!("{} %: {}", p.progress, update.narrative),
        ))
        .await?;
        for (checked, bytes) in files {
            let row = task_file_row(
                (t.resolution_id, Some(id)),
                String::new(),
                checked,
                bytes,
                who.user_id,
            );
            save_task_file(
                &mut tx,
                &row,
                bytes,
                who.user_id,
                ("task.evidence", "task", &t.code),
                serde_json::json!({"update": id}),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// The unit that assigned a task: its parent's lead unit, or the province.
    async fn assigner_of(&self, t: &TaskRow) -> AppResult<i64> {
        match t.parent_id {
            Some(p) => Ok(self
                .store
                .task_by_id(p)
                .await?
                .map_or(t.lead_unit_id, |x| x.lead_unit_id)),
            None => self
                .tree()
                .roots()
                .next()
                .map(|u| u.id)
                .ok_or_else(|| Problem::invalid("org.no_root").into()),
        }
    }

    /// A progress report and its task, or "not found" naming which is missing.
    async fn update_and_task(
        &self,
        update_id: i64,
    ) -> AppResult<(chiso_store::TaskRow, chiso_store::TaskUpdateRow)> {
        let (task_id, update) = self
            .store
            .task_update(update_id)
            .await?
            .ok_or_else(|| not_found("update", &update_id.to_string()))?;
        let task = self
            .store
            .task_by_id(task_id)
            .await?
            .ok_or_else(|| not_found("task", &task_id.to_string()))?;
        Ok((task, update))
    }

    /// Accepts a progress update (it becomes the task's progress) or returns it with a
    /// comment: the assigner's leadership decides. Audited.
    pub async fn review_update(
        &self,
        who: &Principal,
        update_id: i64,
        accept: bool,
        comment: &str,
    ) -> AppResult<()> {
        let tree = self.tree();
        let (t, u) = self.update_and_task(update_id).await?;
        require(who, Action::ManageTasks, self.assigner_of(&t).await?, &tree)?;
        if u.review != "pending" {
            return Err(Problem::new(ErrorKind::Conflict, "task.already_reviewed")
                .arg("review", format!("@review.{}", u.review))
                .into());
        }
        if !accept && comment.trim().is_empty() {
            return Err(Problem::invalid("sheet.required")
                .field("comment")
                .arg("attr", "@review.comment")
                .into());
        }
        let mut tx = self.store.begin().await?;
        tx.review_task_update(
            update_id,
            accept,
            Some(comment.trim()).filter(|c| !c.is_empty()),
            Some(who.user_id),
            crate::submissions::vietnam_day(now()),
        )
        .await?;
        tx.append_audit(&audit(
            Some(who.user_id),
            if accept {
                "task.update_accept"
            } else {
                "task.update_return"
            },
            "task",
            &t.code,
            comment,
        ))
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Evaluates a task at or after its deadline (or once done): achieved, partly or not
    /// achieved, with a note — the assigner's leadership. Audited.
    pub async fn evaluate_task(
        &self,
        who: &Principal,
        code: &str,
        result: &str,
        note: &str,
    ) -> AppResult<()> {
        let tree = self.tree();
        let t = self
            .store
            .task_by_code(code)
            .await?
            .ok_or_else(|| not_found("task", code))?;
        require(who, Action::ManageTasks, self.assigner_of(&t).await?, &tree)?;
        if !matches!(result, "achieved" | "partly" | "not_achieved") {
            return Err(Problem::invalid("task.evaluation")
                .field("result")
                .arg("value", result)
                .into());
        }
        let today = crate::submissions::vietnam_day(now());
        if t.completed_on.is_none() && today < t.deadline {
            return Err(Problem::invalid("task.not_due")
                .arg("deadline", t.deadline.format("%d/%m/%Y"))
                .into());
        }
        let mut tx = self.store.begin().await?;
        tx.evaluate_task(t.id, result, note.trim(), Some(who.user_id), today)
            .await?;
        tx.append_audit(&audit(
            Some(who.user_id),
            "task.evaluate",
            "task",
            code,
            result,
        ))
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Attaches a document (the resolution's text, the province's plan, a report) to a
    /// resolution: the province's task managers; checked like evidence; audited.
    pub async fn attach_resolution_document(
        &self,
        who: &Principal,
        resolution: &str,
        title: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> AppResult<i64> {
        let tree = self.tree();
        let res = self
            .store
            .resolution_by_code(resolution)
            .await?
            .ok_or_else(|| not_found("resolution", resolution))?;
        let root = tree
            .roots()
            .next()
            .map(|u| u.id)
            .ok_or_else(|| Problem::invalid("org.no_root"))?;
        require(who, Action::ManageTasks, root, &tree)?;
        let checked = crate::evidence::checked_file(file_name, bytes)?;
        let title = chiso_core::text::nfc(title.trim());
        let title = if title.is_empty() {
            checked.0.clone()
        } else {
            title
        };
        let row = task_file_row((res.id, None), title, checked, bytes, who.user_id);
        let mut tx = self.store.begin().await?;
        let id = save_task_file(
            &mut tx,
            &row,
            bytes,
            who.user_id,
            ("resolution.document", "resolution", &res.code),
            serde_json::json!({"title": row.title}),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Attaches evidence to a progress report still waiting for review: by those who may
    /// report on the task; checked like all evidence; audited.
    pub async fn attach_update_evidence(
        &self,
        who: &Principal,
        update_id: i64,
        file_name: &str,
        bytes: &[u8],
    ) -> AppResult<i64> {
        let tree = self.tree();
        let (t, update) = self.update_and_task(update_id).await?;
        may_report(who, &t, &tree)?;
        if update.review != "pending" {
            return Err(Problem::new(ErrorKind::Conflict, "task.already_reviewed")
                .field("update")
                .into());
        }
        let checked = crate::evidence::checked_file(file_name, bytes)?;
        let row = task_file_row(
            (t.resolution_id, Some(update_id)),
            String::new(),
            checked,
            bytes,
            who.user_id,
        );
        let mut tx = self.store.begin().await?;
        let id = save_task_file(
            &mut tx,
            &row,
            bytes,
            who.user_id,
            ("task.evidence", "task", &t.code),
            serde_json::json!({"update": update_id}),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A resolution's document or a report's evidence, with its content (signed-in users,
    /// who all see the resolutions).
    pub async fn task_file(&self, id: i64) -> AppResult<(TaskFileRow, Vec<u8>)> {
        Ok(self
            .store
            .task_file(id)
            .await?
            .ok_or_else(|| not_found("file", &id.to_string()))?)
    }

    /// The resolutions.
    pub async fn resolutions(&self) -> AppResult<Vec<ResolutionRow>> {
        Ok(self.store.resolutions().await?)
    }

    /// A resolution with every task's computed status on `today`.
    pub async fn resolution(
        &self,
        who: &Principal,
        code: &str,
        today: NaiveDate,
    ) -> AppResult<ResolutionView> {
        let tree = self.tree();
        let res = self
            .store
            .resolution_by_code(code)
            .await?
            .ok_or_else(|| not_found("resolution", code))?;
        let tasks = self.store.tasks_of(res.id).await?;
        // A linked indicator off track at the lead unit warns of delay.
        let mut off_track: HashMap<i64, bool> = HashMap::new();
        let indicator_codes: HashMap<i64, String> =
            if tasks.iter().any(|t| t.indicator_id.is_some()) {
                self.store
                    .all_indicators()
                    .await?
                    .into_iter()
                    .map(|r| (r.indicator.id, r.indicator.code.to_string()))
                    .collect()
            } else {
                HashMap::new()
            };
        for t in &tasks {
            let (Some(ind), Some(unit)) = (t.indicator_id, tree.get(t.lead_unit_id)) else {
                continue;
            };
            let Some(code) = indicator_codes.get(&ind).cloned() else {
                continue;
            };
            let root = tree
                .roots()
                .next()
                .map(|r| r.code.to_string())
                .unwrap_or_default();
            let at = if who.can(Action::ReadData, unit.id, &tree) {
                unit.code.to_string()
            } else {
                root
            };
            if let Ok(p) = self.default_period(&code, &at).await
                && let Ok(a) = self.analyse(who, &code, &at, p, DataScope::All).await
            {
                off_track.insert(t.id, a.assessment.status == Status::OffTrack);
            }
        }
        let facts: Vec<TaskFacts> = tasks
            .iter()
            .map(|t| TaskFacts {
                id: t.id,
                parent: t.parent_id,
                weight: t.weight,
                start: t.start_on,
                deadline: t.deadline,
                progress: t.progress,
                last_update: t.last_update_on,
                update_every_days: t.update_every_days,
                completed: t.completed_on,
                indicator_off_track: off_track.get(&t.id).copied().unwrap_or(false),
            })
            .collect();
        let assessed = assess_all(&facts, today);
        // Tree order: parents first, children by code under them.
        let mut children: BTreeMap<Option<i64>, Vec<&TaskRow>> = BTreeMap::new();
        for t in &tasks {
            children.entry(t.parent_id).or_default().push(t);
        }
        let mut ordered = Vec::new();
        let mut stack: Vec<(&TaskRow, usize)> = children
            .get(&None)
            .map(|v| v.iter().rev().map(|t| (*t, 0)).collect())
            .unwrap_or_default();
        while let Some((t, depth)) = stack.pop() {
            if let Some(kids) = children.get(&Some(t.id)) {
                for k in kids.iter().rev() {
                    stack.push((k, depth + 1));
                }
            }
            if let Some(a) = assessed.get(&t.id) {
                ordered.push(TaskView {
                    task: t.clone(),
                    lead: tree.get(t.lead_unit_id).cloned(),
                    depth,
                    assessed: a.clone(),
                    pending: None,
                    coordinators: Vec::new(),
                    evidence: Vec::new(),
                });
            }
        }
        let coordinators = self.store.task_coordinators(res.id).await?;
        let files = self.store.task_files(res.id).await?;
        for v in &mut ordered {
            let updates = self.store.task_updates(v.task.id).await?;
            v.evidence = files
                .iter()
                .filter(|f| {
                    f.task_update_id
                        .is_some_and(|u| updates.iter().any(|x| x.id == u))
                })
                .cloned()
                .collect();
            v.pending = updates.into_iter().rev().find(|u| u.review == "pending");
            v.coordinators = coordinators
                .iter()
                .filter(|(t, _)| *t == v.task.id)
                .filter_map(|(_, u)| tree.get(*u).cloned())
                .collect();
        }
        let top: Vec<&TaskView> = ordered.iter().filter(|t| t.depth == 0).collect();
        let total: f64 = top.iter().map(|t| t.task.weight).sum();
        let progress = if total > 0.0 {
            top.iter()
                .map(|t| t.task.weight * t.assessed.progress)
                .sum::<f64>()
                / total
        } else {
            0.0
        };
        Ok(ResolutionView {
            resolution: res,
            tasks: ordered,
            progress,
            documents: files
                .into_iter()
                .filter(|f| f.task_update_id.is_none())
                .collect(),
        })
    }
}

/// A task on an agency's own list, with its resolution.
#[derive(Debug, Clone)]
pub struct MyTask {
    /// The resolution's number.
    pub resolution: String,
    /// The resolution's code.
    pub resolution_code: String,
    /// The task.
    pub task: TaskView,
    /// Whether the caller's unit coordinates it rather than leads it.
    pub coordinating: bool,
}

impl App {
    /// The tasks led or coordinated by the caller's units (or units below them), open ones
    /// first by deadline, with their computed status on `today`.
    pub async fn my_tasks(&self, who: &Principal, today: NaiveDate) -> AppResult<Vec<MyTask>> {
        let tree = self.tree();
        let mine = |unit: i64| {
            who.grants.iter().any(|g| {
                g.role != chiso_core::access::Role::Viewer
                    && tree.is_in_subtree(g.org_unit_id, unit)
            })
        };
        let mut out = Vec::new();
        for r in self.store.resolutions().await? {
            let v = self.resolution(who, &r.code, today).await?;
            for t in v.tasks {
                let leads = mine(t.task.lead_unit_id);
                let coordinates = !leads && t.coordinators.iter().any(|c| mine(c.id));
                if leads || coordinates {
                    out.push(MyTask {
                        resolution: r.number.clone(),
                        resolution_code: r.code.clone(),
                        task: t,
                        coordinating: coordinates,
                    });
                }
            }
        }
        let done = |t: &MyTask| {
            matches!(
                t.task.assessed.status,
                TaskStatus::DoneOnTime | TaskStatus::DoneLate
            )
        };
        out.sort_by_key(|t| (done(t), t.task.task.deadline));
        Ok(out)
    }
}

/// The columns of a task workbook: name, Vietnamese header, English header.
pub const TASK_COLUMNS: &[(&str, &str, &str)] = &[
    ("code", "Mã nhiệm vụ", "Task code"),
    ("title", "Nhiệm vụ", "Task"),
    ("parent", "Mã nhiệm vụ cha", "Parent code"),
    ("lead_unit", "Đơn vị chủ trì", "Lead unit"),
    ("start_on", "Ngày bắt đầu", "Start"),
    ("deadline", "Hạn hoàn thành", "Deadline"),
    ("product", "Sản phẩm", "Product"),
    ("weight", "Trọng số", "Weight"),
    ("indicator", "Chỉ số theo dõi", "Indicator"),
    ("target_value", "Giá trị mục tiêu", "Target value"),
];

/// Header text (folded) → column name, in both languages and as API names.
pub fn task_headers() -> HashMap<String, &'static str> {
    use crate::catalogue_io::header_key;
    let mut m = HashMap::new();
    for (name, vi, en) in TASK_COLUMNS {
        m.insert(header_key(name), *name);
        m.insert(header_key(vi), *name);
        m.insert(header_key(en), *name);
    }
    m
}

fn parse_day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text.trim(), "%d/%m/%Y"))
        .ok()
}

impl App {
    /// Imports tasks into a resolution from workbook rows (one row per task, a parent code
    /// column for sub-tasks; parents may come earlier in the same file). Every problem is
    /// reported by row and column; with `dry_run`, or if any row is bad, nothing is
    /// written; otherwise every task is added in one transaction. Audited.
    pub async fn import_tasks(
        &self,
        who: &Principal,
        resolution: &str,
        rows: Vec<crate::catalogue_io::ImportRow>,
        dry_run: bool,
    ) -> AppResult<crate::catalogue_io::ImportReport> {
        use crate::catalogue_io::{ImportReport, RowAction, RowOutcome, locate};
        let tree = self.tree();
        let res = self
            .store
            .resolution_by_code(resolution)
            .await?
            .ok_or_else(|| not_found("resolution", resolution))?;
        let existing: HashMap<String, TaskRow> = self
            .store
            .all_tasks()
            .await?
            .into_iter()
            .map(|t| (t.code.clone(), t))
            .collect();
        let root = tree
            .roots()
            .next()
            .map(|u| u.id)
            .ok_or_else(|| Problem::invalid("org.no_root"))?;
        let indicators: HashMap<String, i64> = self
            .store
            .all_indicators()
            .await?
            .into_iter()
            .map(|r| (r.indicator.code.to_string(), r.indicator.id))
            .collect();
        // Tasks of this file, by code: (lead unit, deadline).
        let mut in_file: HashMap<String, (i64, NaiveDate)> = HashMap::new();
        let mut planned: Vec<(usize, String, TaskRow, Option<String>)> = Vec::new();
        let mut problems = Vec::new();
        for row in &rows {
            let cell = |k: &str| {
                row.cells
                    .get(k)
                    .map(|v| v.trim().to_string())
                    .unwrap_or_default()
            };
            let mut bad = |p: Problem| problems.push(locate(p, row));
            let required =
                |k: &'static str| Problem::invalid("sheet.required").field(k).arg("attr", k);
            let code = cell("code");
            if code.is_empty() {
                bad(required("code"));
                continue;
            }
            if existing.contains_key(&code) || in_file.contains_key(&code) {
                bad(Problem::new(ErrorKind::Conflict, "duplicate")
                    .field("code")
                    .arg("what", &code));
                continue;
            }
            let title = cell("title");
            if title.is_empty() {
                bad(required("title"));
            }
            let lead_text = cell("lead_unit");
            let lead = tree.by_code(&lead_text).map(|u| u.id).or_else(|| {
                let key = crate::catalogue_io::header_key(&lead_text);
                let mut named = tree
                    .units()
                    .iter()
                    .filter(|u| crate::catalogue_io::header_key(&u.name_vi) == key);
                match (named.next(), named.next()) {
                    (Some(u), None) => Some(u.id),
                    _ => None,
                }
            });
            let Some(lead) = lead else {
                bad(Problem::invalid("org.unknown")
                    .field("lead_unit")
                    .arg("code", &lead_text));
                continue;
            };
            let (Some(start), Some(deadline)) =
                (parse_day(&cell("start_on")), parse_day(&cell("deadline")))
            else {
                for k in ["start_on", "deadline"] {
                    if parse_day(&cell(k)).is_none() {
                        bad(Problem::invalid("sheet.not_a_date")
                            .field(k)
                            .arg("attr", format!("@task_col.{k}"))
                            .arg("value", cell(k)));
                    }
                }
                continue;
            };
            let parent_code = Some(cell("parent")).filter(|p| !p.is_empty());
            let parent = match &parent_code {
                Some(p) => match (in_file.get(p), existing.get(p)) {
                    (Some(x), _) => Some(*x),
                    (None, Some(t)) if t.resolution_id == res.id => {
                        Some((t.lead_unit_id, t.deadline))
                    }
                    _ => {
                        bad(Problem::new(ErrorKind::NotFound, "not_found")
                            .field("parent")
                            .arg("what", format!("task {p}")));
                        continue;
                    }
                },
                None => None,
            };
            let assigner = parent.map_or(root, |p| p.0);
            // A parent already stored may lead on its assigner's behalf.
            let scope = match parent_code.as_ref().and_then(|p| existing.get(p)) {
                Some(t) if !in_file.contains_key(&t.code) => self.subtask_scope(t, root).await?,
                _ => assigner,
            };
            if let Err(p) = check_assignment(
                who,
                &tree,
                (assigner, scope),
                lead,
                (start, deadline),
                parent.map(|p| p.1),
            ) {
                bad(if p.field.is_none() {
                    p.field("lead_unit")
                } else {
                    p
                });
                continue;
            }
            let indicator_id = match Some(cell("indicator")).filter(|i| !i.is_empty()) {
                Some(i) => match indicators.get(&i) {
                    Some(id) => Some(*id),
                    None => {
                        bad(Problem::new(ErrorKind::NotFound, "indicator.unknown")
                            .field("indicator")
                            .arg("code", &i));
                        continue;
                    }
                },
                None => None,
            };
            let number = |k: &'static str| -> Result<Option<f64>, Problem> {
                let v = cell(k);
                if v.is_empty() {
                    return Ok(None);
                }
                v.replace(',', ".").parse::<f64>().map(Some).map_err(|_| {
                    Problem::invalid("value.not_number")
                        .field(k)
                        .arg("input", &v)
                })
            };
            let weight = number("weight").and_then(check_weight);
            let (weight, target_value) = match (weight, number("target_value")) {
                (Ok(w), Ok(t)) => (w, t),
                (w, t) => {
                    for p in [w.err(), t.err()].into_iter().flatten() {
                        bad(p);
                    }
                    continue;
                }
            };
            in_file.insert(code.clone(), (lead, deadline));
            planned.push((
                row.number,
                code.clone(),
                TaskRow {
                    id: 0,
                    resolution_id: res.id,
                    parent_id: None,
                    code,
                    title: chiso_core::text::nfc(&title),
                    description: String::new(),
                    lead_unit_id: lead,
                    start_on: start,
                    deadline,
                    product: cell("product"),
                    weight,
                    update_every_days: 30,
                    indicator_id,
                    target_value,
                    progress: 0.0,
                    last_update_on: None,
                    completed_on: None,
                    evaluation: None,
                    evaluation_note: None,
                    evaluated_on: None,
                    delegated: false,
                },
                parent_code,
            ));
        }
        let outcomes = planned
            .iter()
            .map(|p| RowOutcome {
                row: p.0,
                code: p.1.clone(),
                action: RowAction::Create,
            })
            .collect();
        let write = !dry_run && problems.is_empty();
        if write {
            let mut ids: HashMap<String, i64> =
                existing.values().map(|t| (t.code.clone(), t.id)).collect();
            let mut tx = self.store.begin().await?;
            for (_, code, mut task, parent) in planned {
                task.parent_id = parent.and_then(|p| ids.get(&p).copied());
                let id = tx.insert_task(&task, now()).await?;
                ids.insert(code, id);
            }
            tx.append_audit(&audit(
                Some(who.user_id),
                "task.import",
                "resolution",
                &res.code,
                &format!("{} tasks", rows.len()),
            ))
            .await?;
            tx.commit().await?;
        }
        Ok(ImportReport {
            dry_run,
            written: write,
            rows: outcomes,
            problems,
        })
    }
}

/// The back-test of the early warnings with the tasks it judged: key → (code, title).
#[derive(Debug, Clone)]
pub struct BacktestReport {
    /// The figures.
    pub backtest: chiso_core::task_backtest::Backtest,
    /// Each judged task's code and title, by key.
    pub tasks: HashMap<i64, (String, String)>,
}

impl App {
    /// Replays every task's accepted reports day by day up to `as_of` and measures the early
    /// warnings: late tasks flagged before their deadline, how early, and false alarms.
    pub async fn tasks_backtest(&self, as_of: NaiveDate) -> AppResult<BacktestReport> {
        use chiso_core::task_backtest::{TaskHistory, backtest};
        let tasks = self.store.all_tasks().await?;
        let mut histories = Vec::with_capacity(tasks.len());
        for t in &tasks {
            let updates = self
                .store
                .task_updates(t.id)
                .await?
                .into_iter()
                .filter(|u| u.review == "accepted")
                .map(|u| (u.reported_on, u.progress))
                .collect();
            histories.push(TaskHistory {
                facts: TaskFacts {
                    id: t.id,
                    parent: t.parent_id,
                    weight: t.weight,
                    start: t.start_on,
                    deadline: t.deadline,
                    progress: 0.0,
                    last_update: None,
                    update_every_days: t.update_every_days,
                    completed: None,
                    indicator_off_track: false,
                },
                updates,
                completed: t.completed_on,
            });
        }
        Ok(BacktestReport {
            backtest: backtest(&histories, as_of, 1),
            tasks: tasks
                .iter()
                .map(|t| (t.id, (t.code.clone(), t.title.clone())))
                .collect(),
        })
    }
}
