//! The agencies coordinating a task, and the files of resolutions and progress reports.

use crate::row::RowGet;
use crate::{Result, Store, Tx, on_backend, on_tx};
use chrono::{DateTime, Utc};

/// What is known of a resolution's document or a progress report's evidence, without the
/// content.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskFileRow {
    /// Key.
    pub id: i64,
    /// The resolution.
    pub resolution_id: i64,
    /// The progress report it is evidence for; `None` for a document of the resolution.
    pub task_update_id: Option<i64>,
    /// A title ("Kế hoạch 15/KH-UBND"), or empty.
    pub title: String,
    /// File name as uploaded (cleaned).
    pub file_name: String,
    /// MIME type, from the file's first bytes.
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
    /// SHA-256 of the content, hex.
    pub sha256: String,
    /// Who uploaded it.
    pub uploaded_by: Option<i64>,
    /// When.
    pub uploaded_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, resolution_id, task_update_id, title, file_name, content_type, size, \
    sha256, uploaded_by, uploaded_at";

fn file_of<R: RowGet>(r: &R) -> Result<TaskFileRow> {
    Ok(TaskFileRow {
        id: r.i64("id")?,
        resolution_id: r.i64("resolution_id")?,
        task_update_id: r.opt_i64("task_update_id")?,
        title: r.text("title")?,
        file_name: r.text("file_name")?,
        content_type: r.text("content_type")?,
        size: r.i64("size")?,
        sha256: r.text("sha256")?,
        uploaded_by: r.opt_i64("uploaded_by")?,
        uploaded_at: r.time("uploaded_at")?,
    })
}

impl Store {
    /// Every file of a resolution (its documents and its reports' evidence), oldest first.
    pub async fn task_files(&self, resolution_id: i64) -> Result<Vec<TaskFileRow>> {
        on_backend!(self, |p| {
            let rows = sqlx::query(&format!(
                "SELECT {COLUMNS} FROM task_files WHERE resolution_id = $1 ORDER BY id"
            ))
            .bind(resolution_id)
            .fetch_all(p)
            .await?;
            rows.iter().map(file_of).collect()
        })
    }

    /// One file with its content.
    pub async fn task_file(&self, id: i64) -> Result<Option<(TaskFileRow, Vec<u8>)>> {
        on_backend!(self, |p| {
            let row = sqlx::query(&format!(
                "SELECT {COLUMNS}, content FROM task_files WHERE id = $1"
            ))
            .bind(id)
            .fetch_optional(p)
            .await?;
            match row {
                Some(r) => {
                    let content: Vec<u8> = sqlx::Row::try_get(&r, "content")?;
                    Ok(Some((file_of(&r)?, content)))
                }
                None => Ok(None),
            }
        })
    }

    /// The coordinating units of every task of a resolution: (task, unit) pairs.
    pub async fn task_coordinators(&self, resolution_id: i64) -> Result<Vec<(i64, i64)>> {
        on_backend!(self, |p| {
            let rows = sqlx::query(
                "SELECT c.task_id, c.org_unit_id FROM task_coordinators c
                 JOIN tasks t ON t.id = c.task_id
                 WHERE t.resolution_id = $1 ORDER BY c.task_id, c.org_unit_id",
            )
            .bind(resolution_id)
            .fetch_all(p)
            .await?;
            rows.iter()
                .map(|r| Ok((RowGet::i64(r, "task_id")?, RowGet::i64(r, "org_unit_id")?)))
                .collect()
        })
    }
}

impl Tx {
    /// Stores a file; returns its key.
    pub async fn insert_task_file(&mut self, f: &TaskFileRow, content: &[u8]) -> Result<i64> {
        let id = on_tx!(self, |c| {
            let row = sqlx::query(
                "INSERT INTO task_files (resolution_id, task_update_id, title, file_name,
                 content_type, size, sha256, content, uploaded_by, uploaded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(f.resolution_id)
            .bind(f.task_update_id)
            .bind(&f.title)
            .bind(&f.file_name)
            .bind(&f.content_type)
            .bind(f.size)
            .bind(&f.sha256)
            .bind(content)
            .bind(f.uploaded_by)
            .bind(f.uploaded_at)
            .fetch_one(&mut *c)
            .await?;
            RowGet::i64(&row, "id")?
        });
        Ok(id)
    }

    /// Names a unit as coordinating a task (once).
    pub async fn add_task_coordinator(&mut self, task_id: i64, org_unit_id: i64) -> Result<()> {
        on_tx!(self, |c| {
            sqlx::query(
                "INSERT INTO task_coordinators (task_id, org_unit_id) VALUES ($1, $2)
                 ON CONFLICT (task_id, org_unit_id) DO NOTHING",
            )
            .bind(task_id)
            .bind(org_unit_id)
            .execute(&mut *c)
            .await?;
        });
        Ok(())
    }
}
