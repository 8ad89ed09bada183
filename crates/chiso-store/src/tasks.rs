//! Resolutions, their task trees and progress updates.

use crate::row::RowGet;
use crate::{Result, Store, Tx, on_backend, on_tx};
use chrono::{DateTime, NaiveDate, Utc};

/// A resolution.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolutionRow {
    /// Key.
    pub id: i64,
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
    pub fields: String,
}

/// A task as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskRow {
    /// Key.
    pub id: i64,
    /// Its resolution.
    pub resolution_id: i64,
    /// Its parent task.
    pub parent_id: Option<i64>,
    /// Code, unique.
    pub code: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// The lead unit.
    pub lead_unit_id: i64,
    /// First day of work.
    pub start_on: NaiveDate,
    /// Deadline.
    pub deadline: NaiveDate,
    /// Expected product (report, decision, system ...).
    pub product: String,
    /// Weight among siblings.
    pub weight: f64,
    /// Days allowed between progress updates.
    pub update_every_days: i64,
    /// M&E indicator.
    pub indicator_id: Option<i64>,
    /// M&E target value of that indicator.
    pub target_value: Option<f64>,
    /// Latest progress, 0–100.
    pub progress: f64,
    /// Day of the latest update.
    pub last_update_on: Option<NaiveDate>,
    /// Day completed.
    pub completed_on: Option<NaiveDate>,
    /// Evaluation: `achieved`, `partly` or `not_achieved`.
    pub evaluation: Option<String>,
    /// Why, in the evaluator's words.
    pub evaluation_note: Option<String>,
    /// Day evaluated.
    pub evaluated_on: Option<NaiveDate>,
    /// Whether the lead unit may break the task down to any unit its assigner reaches (it
    /// leads on the assigner's behalf), not only to units below itself.
    pub delegated: bool,
}

/// A progress update.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskUpdateRow {
    /// Key (0 before it is stored).
    pub id: i64,
    /// `pending`, `accepted` or `returned`.
    pub review: String,
    /// The reviewer's comment.
    pub review_comment: Option<String>,
    /// Progress reported, 0–100.
    pub progress: f64,
    /// What was done.
    pub narrative: String,
    /// Day reported.
    pub reported_on: NaiveDate,
    /// Who reported.
    pub reported_by: Option<i64>,
}

fn resolution_of<R: RowGet>(r: &R) -> Result<ResolutionRow> {
    Ok(ResolutionRow {
        id: r.i64("id")?,
        code: r.text("code")?,
        number: r.text("number")?,
        title: r.text("title")?,
        issuer: r.text("issuer")?,
        issued_on: r.date("issued_on")?,
        fields: r.text("fields")?,
    })
}

fn task_of<R: RowGet>(r: &R) -> Result<TaskRow> {
    Ok(TaskRow {
        id: r.i64("id")?,
        resolution_id: r.i64("resolution_id")?,
        parent_id: r.opt_i64("parent_id")?,
        code: r.text("code")?,
        title: r.text("title")?,
        description: r.text("description")?,
        lead_unit_id: r.i64("lead_unit_id")?,
        start_on: r.date("start_on")?,
        deadline: r.date("deadline")?,
        product: r.text("product")?,
        weight: r.f64("weight")?,
        update_every_days: r.i64("update_every_days")?,
        indicator_id: r.opt_i64("indicator_id")?,
        target_value: r.opt_f64("target_value")?,
        progress: r.f64("progress")?,
        last_update_on: r.opt_date("last_update_on")?,
        completed_on: r.opt_date("completed_on")?,
        evaluation: r.opt_text("evaluation")?,
        evaluation_note: r.opt_text("evaluation_note")?,
        evaluated_on: r.opt_date("evaluated_on")?,
        delegated: r.bool("delegated")?,
    })
}

const TASK_COLUMNS: &str = "id, resolution_id, parent_id, code, title, description, lead_unit_id,
    start_on, deadline, product, weight, update_every_days, indicator_id, target_value, progress,
    last_update_on, completed_on, evaluation, evaluation_note, evaluated_on, delegated";

impl Store {
    /// One progress update and its task's key.
    pub async fn task_update(&self, id: i64) -> Result<Option<(i64, TaskUpdateRow)>> {
        let sql = "SELECT id, task_id, progress, narrative, reported_on, reported_by, review,
                   review_comment FROM task_updates WHERE id = $1";
        on_backend!(self, |p| {
            match sqlx::query(sql).bind(id).fetch_optional(p).await? {
                Some(r) => Ok(Some((
                    RowGet::i64(&r, "task_id")?,
                    TaskUpdateRow {
                        id: RowGet::i64(&r, "id")?,
                        review: RowGet::text(&r, "review")?,
                        review_comment: RowGet::opt_text(&r, "review_comment")?,
                        progress: RowGet::f64(&r, "progress")?,
                        narrative: RowGet::text(&r, "narrative")?,
                        reported_on: RowGet::date(&r, "reported_on")?,
                        reported_by: RowGet::opt_i64(&r, "reported_by")?,
                    },
                ))),
                None => Ok(None),
            }
        })
    }

    /// Every resolution, by date issued.
    pub async fn resolutions(&self) -> Result<Vec<ResolutionRow>> {
        let sql = "SELECT id, code, number, title, issuer, issued_on, fields FROM resolutions
                   ORDER BY issued_on, code";
        on_backend!(self, |p| {
            let rows = sqlx::query(sql).fetch_all(p).await?;
            rows.iter().map(resolution_of).collect()
        })
    }

    /// One resolution by code.
    pub async fn resolution_by_code(&self, code: &str) -> Result<Option<ResolutionRow>> {
        let sql = "SELECT id, code, number, title, issuer, issued_on, fields FROM resolutions
                   WHERE code = $1";
        on_backend!(self, |p| {
            match sqlx::query(sql).bind(code).fetch_optional(p).await? {
                Some(r) => Ok(Some(resolution_of(&r)?)),
                None => Ok(None),
            }
        })
    }

    /// The tasks of a resolution (every level), by code.
    pub async fn tasks_of(&self, resolution_id: i64) -> Result<Vec<TaskRow>> {
        let sql =
            format!("SELECT {TASK_COLUMNS} FROM tasks WHERE resolution_id = $1 ORDER BY code");
        on_backend!(self, |p| {
            let rows = sqlx::query(&sql).bind(resolution_id).fetch_all(p).await?;
            rows.iter().map(task_of).collect()
        })
    }

    /// Every task of every resolution.
    pub async fn all_tasks(&self) -> Result<Vec<TaskRow>> {
        let sql = format!("SELECT {TASK_COLUMNS} FROM tasks ORDER BY code");
        on_backend!(self, |p| {
            let rows = sqlx::query(&sql).fetch_all(p).await?;
            rows.iter().map(task_of).collect()
        })
    }

    /// One task by code.
    pub async fn task_by_code(&self, code: &str) -> Result<Option<TaskRow>> {
        let sql = format!("SELECT {TASK_COLUMNS} FROM tasks WHERE code = $1");
        on_backend!(self, |p| {
            match sqlx::query(&sql).bind(code).fetch_optional(p).await? {
                Some(r) => Ok(Some(task_of(&r)?)),
                None => Ok(None),
            }
        })
    }

    /// One task by key.
    pub async fn task_by_id(&self, id: i64) -> Result<Option<TaskRow>> {
        let sql = format!("SELECT {TASK_COLUMNS} FROM tasks WHERE id = $1");
        on_backend!(self, |p| {
            match sqlx::query(&sql).bind(id).fetch_optional(p).await? {
                Some(r) => Ok(Some(task_of(&r)?)),
                None => Ok(None),
            }
        })
    }

    /// A task's progress updates, oldest first.
    pub async fn task_updates(&self, task_id: i64) -> Result<Vec<TaskUpdateRow>> {
        let sql = "SELECT id, progress, narrative, reported_on, reported_by, review, review_comment
                   FROM task_updates WHERE task_id = $1 ORDER BY reported_on, id";
        on_backend!(self, |p| {
            let rows = sqlx::query(sql).bind(task_id).fetch_all(p).await?;
            rows.iter()
                .map(|r| {
                    Ok(TaskUpdateRow {
                        id: RowGet::i64(r, "id")?,
                        review: RowGet::text(r, "review")?,
                        review_comment: RowGet::opt_text(r, "review_comment")?,
                        progress: RowGet::f64(r, "progress")?,
                        narrative: RowGet::text(r, "narrative")?,
                        reported_on: RowGet::date(r, "reported_on")?,
                        reported_by: RowGet::opt_i64(r, "reported_by")?,
                    })
                })
                .collect()
        })
    }
}

impl Tx {
    /// Inserts a resolution; returns its key.
    pub async fn insert_resolution(
        &mut self,
        r: &ResolutionRow,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql =
            "INSERT INTO resolutions (code, number, title, issuer, issued_on, fields, created_at)
                   VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
        on_tx!(self, |c| {
            let row = sqlx::query(sql)
                .bind(&r.code)
                .bind(&r.number)
                .bind(&r.title)
                .bind(&r.issuer)
                .bind(r.issued_on)
                .bind(&r.fields)
                .bind(now)
                .fetch_one(&mut *c)
                .await?;
            Ok(RowGet::i64(&row, "id")?)
        })
    }

    /// Inserts a task (its `id` is ignored); returns its key.
    pub async fn insert_task(&mut self, t: &TaskRow, now: DateTime<Utc>) -> Result<i64> {
        let sql = "INSERT INTO tasks (resolution_id, parent_id, code, title, description,
                   lead_unit_id, start_on, deadline, product, weight, update_every_days,
                   indicator_id, target_value, progress, last_update_on, completed_on, created_at,
                   delegated)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                   $18)
                   RETURNING id";
        on_tx!(self, |c| {
            let row = sqlx::query(sql)
                .bind(t.resolution_id)
                .bind(t.parent_id)
                .bind(&t.code)
                .bind(&t.title)
                .bind(&t.description)
                .bind(t.lead_unit_id)
                .bind(t.start_on)
                .bind(t.deadline)
                .bind(&t.product)
                .bind(t.weight)
                .bind(t.update_every_days)
                .bind(t.indicator_id)
                .bind(t.target_value)
                .bind(t.progress)
                .bind(t.last_update_on)
                .bind(t.completed_on)
                .bind(now)
                .bind(t.delegated)
                .fetch_one(&mut *c)
                .await?;
            Ok(RowGet::i64(&row, "id")?)
        })
    }

    /// Records a progress update, pending review; the task's last activity is its day.
    /// Returns the update's key.
    pub async fn record_task_update(
        &mut self,
        task_id: i64,
        u: &TaskUpdateRow,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql = "INSERT INTO task_updates (task_id, progress, narrative, reported_on, reported_by, created_at)
                   VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
        let id = on_tx!(self, |c| {
            let row = sqlx::query(sql)
                .bind(task_id)
                .bind(u.progress)
                .bind(&u.narrative)
                .bind(u.reported_on)
                .bind(u.reported_by)
                .bind(now)
                .fetch_one(&mut *c)
                .await?;
            RowGet::i64(&row, "id")?
        });
        let sql = "UPDATE tasks SET last_update_on = $1 WHERE id = $2
                   AND (last_update_on IS NULL OR last_update_on < $1)";
        on_tx!(self, |c| {
            sqlx::query(sql)
                .bind(u.reported_on)
                .bind(task_id)
                .execute(&mut *c)
                .await?;
        });
        Ok(id)
    }

    /// Reviews an update: accepted, it becomes the task's progress (and completion day at
    /// 100 %); returned, it carries the reviewer's comment and changes nothing else.
    pub async fn review_task_update(
        &mut self,
        update_id: i64,
        accept: bool,
        comment: Option<&str>,
        by: Option<i64>,
        on: NaiveDate,
    ) -> Result<()> {
        let sql = "UPDATE task_updates SET review = $1, review_comment = $2, reviewed_by = $3,
                   reviewed_on = $4 WHERE id = $5";
        on_tx!(self, |c| {
            sqlx::query(sql)
                .bind(if accept { "accepted" } else { "returned" })
                .bind(comment)
                .bind(by)
                .bind(on)
                .bind(update_id)
                .execute(&mut *c)
                .await?;
        });
        if accept {
            let sql = "UPDATE tasks SET progress = u.progress,
                       completed_on = CASE WHEN u.progress >= 100 THEN COALESCE(tasks.completed_on, u.reported_on)
                                           ELSE tasks.completed_on END
                       FROM task_updates u WHERE u.id = $1 AND tasks.id = u.task_id";
            on_tx!(self, |c| {
                sqlx::query(sql).bind(update_id).execute(&mut *c).await?;
            });
        }
        Ok(())
    }

    /// Records a task's evaluation.
    pub async fn evaluate_task(
        &mut self,
        task_id: i64,
        result: &str,
        note: &str,
        by: Option<i64>,
        on: NaiveDate,
    ) -> Result<()> {
        let sql = "UPDATE tasks SET evaluation = $1, evaluation_note = $2, evaluated_by = $3,
                   evaluated_on = $4 WHERE id = $5";
        on_tx!(self, |c| {
            sqlx::query(sql)
                .bind(result)
                .bind(note)
                .bind(by)
                .bind(on)
                .bind(task_id)
                .execute(&mut *c)
                .await?;
        });
        Ok(())
    }
}
