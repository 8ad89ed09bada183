//! Explanation requests (giải trình) and their message threads.

use crate::row::RowGet;
use crate::{Result, Store, Tx, on_backend, on_tx};
use chrono::{DateTime, NaiveDate, Utc};

/// An explanation request.
#[derive(Debug, Clone, PartialEq)]
pub struct ExplanationRow {
    /// Key.
    pub id: i64,
    /// `task` or `indicator`.
    pub subject_kind: String,
    /// The task's or indicator's code.
    pub subject_code: String,
    /// The unit asked to explain.
    pub unit_id: i64,
    /// The question.
    pub question: String,
    /// Who asked.
    pub asked_by: Option<i64>,
    /// Day asked.
    pub asked_on: NaiveDate,
    /// Day the answer is due.
    pub due_on: NaiveDate,
    /// Day answered, if it was.
    pub answered_on: Option<NaiveDate>,
}

/// One message of a thread.
#[derive(Debug, Clone, PartialEq)]
pub struct ExplanationMessage {
    /// Author.
    pub author: Option<i64>,
    /// Text.
    pub body: String,
    /// `question`, `answer` or `comment`.
    pub kind: String,
    /// When.
    pub at: DateTime<Utc>,
}

fn request_of<R: RowGet>(r: &R) -> Result<ExplanationRow> {
    Ok(ExplanationRow {
        id: r.i64("id")?,
        subject_kind: r.text("subject_kind")?,
        subject_code: r.text("subject_code")?,
        unit_id: r.i64("unit_id")?,
        question: r.text("question")?,
        asked_by: r.opt_i64("asked_by")?,
        asked_on: r.date("asked_on")?,
        due_on: r.date("due_on")?,
        answered_on: r.opt_date("answered_on")?,
    })
}

const COLUMNS: &str =
    "id, subject_kind, subject_code, unit_id, question, asked_by, asked_on, due_on, answered_on";

impl Store {
    /// Every explanation request, newest first.
    pub async fn explanations(&self) -> Result<Vec<ExplanationRow>> {
        let sql =
            format!("SELECT {COLUMNS} FROM explanation_requests ORDER BY asked_on DESC, id DESC");
        on_backend!(self, |p| {
            let rows = sqlx::query(&sql).fetch_all(p).await?;
            rows.iter().map(request_of).collect()
        })
    }

    /// One request.
    pub async fn explanation(&self, id: i64) -> Result<Option<ExplanationRow>> {
        let sql = format!("SELECT {COLUMNS} FROM explanation_requests WHERE id = $1");
        on_backend!(self, |p| {
            match sqlx::query(&sql).bind(id).fetch_optional(p).await? {
                Some(r) => Ok(Some(request_of(&r)?)),
                None => Ok(None),
            }
        })
    }

    /// A request's thread, oldest first.
    pub async fn explanation_messages(&self, id: i64) -> Result<Vec<ExplanationMessage>> {
        let sql = "SELECT author, body, kind, created_at FROM explanation_messages
                   WHERE request_id = $1 ORDER BY created_at, id";
        on_backend!(self, |p| {
            let rows = sqlx::query(sql).bind(id).fetch_all(p).await?;
            rows.iter()
                .map(|r| {
                    Ok(ExplanationMessage {
                        author: RowGet::opt_i64(r, "author")?,
                        body: RowGet::text(r, "body")?,
                        kind: RowGet::text(r, "kind")?,
                        at: RowGet::time(r, "created_at")?,
                    })
                })
                .collect()
        })
    }
}

impl Tx {
    /// Records a request and its question as the first message; returns its key.
    pub async fn insert_explanation(
        &mut self,
        e: &ExplanationRow,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql = "INSERT INTO explanation_requests (subject_kind, subject_code, unit_id, question,
                   asked_by, asked_on, due_on, answered_on, created_at)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8) RETURNING id";
        let id = on_tx!(self, |c| {
            let row = sqlx::query(sql)
                .bind(&e.subject_kind)
                .bind(&e.subject_code)
                .bind(e.unit_id)
                .bind(&e.question)
                .bind(e.asked_by)
                .bind(e.asked_on)
                .bind(e.due_on)
                .bind(now)
                .fetch_one(&mut *c)
                .await?;
            RowGet::i64(&row, "id")?
        });
        self.add_explanation_message(id, e.asked_by, &e.question, "question", now)
            .await?;
        Ok(id)
    }

    /// Adds a message; an answer also marks the request answered on `answered_on`.
    pub async fn add_explanation_message(
        &mut self,
        id: i64,
        author: Option<i64>,
        body: &str,
        kind: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let sql = "INSERT INTO explanation_messages (request_id, author, body, kind, created_at)
                   VALUES ($1, $2, $3, $4, $5)";
        on_tx!(self, |c| {
            sqlx::query(sql)
                .bind(id)
                .bind(author)
                .bind(body)
                .bind(kind)
                .bind(now)
                .execute(&mut *c)
                .await?;
        });
        Ok(())
    }

    /// Marks a request answered.
    pub async fn mark_explained(&mut self, id: i64, on: NaiveDate) -> Result<()> {
        let sql =
            "UPDATE explanation_requests SET answered_on = COALESCE(answered_on, $1) WHERE id = $2";
        on_tx!(self, |c| {
            sqlx::query(sql).bind(on).bind(id).execute(&mut *c).await?;
        });
        Ok(())
    }
}
