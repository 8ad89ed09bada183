//! Evidence files attached to a unit's submission for a period, or to one value.

use crate::row::RowGet;
use crate::{Result, Store, StoreError, Tx, on_backend, on_tx};
use chiso_core::indicator::IndicatorId;
use chiso_core::org::OrgId;
use chiso_core::period::Period;
use chrono::{DateTime, Utc};
use sqlx::Row;

/// What is known of an evidence file, without its content.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceRow {
    /// Key.
    pub id: i64,
    /// The unit.
    pub org_unit_id: OrgId,
    /// The period.
    pub period: Period,
    /// The value's indicator, or none for the whole submission.
    pub indicator_id: Option<IndicatorId>,
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

const COLUMNS: &str = "id, org_unit_id, period, indicator_id, file_name, content_type, size, \
    sha256, uploaded_by, uploaded_at";

fn evidence_of<R: RowGet>(r: &R) -> Result<EvidenceRow> {
    let period = r.text("period")?;
    Ok(EvidenceRow {
        id: r.i64("id")?,
        org_unit_id: r.i64("org_unit_id")?,
        period: Period::parse(&period)
            .map_err(|_| StoreError::Corrupt(format!("period «{period}»")))?,
        indicator_id: r.opt_i64("indicator_id")?,
        file_name: r.text("file_name")?,
        content_type: r.text("content_type")?,
        size: r.i64("size")?,
        sha256: r.text("sha256")?,
        uploaded_by: r.opt_i64("uploaded_by")?,
        uploaded_at: r.time("uploaded_at")?,
    })
}

impl Store {
    /// The evidence of a unit for a period, newest first.
    pub async fn evidence_files(&self, unit: OrgId, period: Period) -> Result<Vec<EvidenceRow>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM evidence_files WHERE org_unit_id = $1 AND period = $2
             ORDER BY id DESC"
        );
        on_backend!(self, |p| {
            let rows = sqlx::query(&sql)
                .bind(unit)
                .bind(period.to_string())
                .fetch_all(p)
                .await?;
            rows.iter().map(evidence_of).collect()
        })
    }

    /// One evidence file with its content.
    pub async fn evidence_file(&self, id: i64) -> Result<Option<(EvidenceRow, Vec<u8>)>> {
        let sql = format!("SELECT {COLUMNS}, content FROM evidence_files WHERE id = $1");
        on_backend!(self, |p| {
            let row = sqlx::query(&sql).bind(id).fetch_optional(p).await?;
            match row {
                Some(r) => {
                    let content: Vec<u8> = r.try_get("content")?;
                    Ok(Some((evidence_of(&r)?, content)))
                }
                None => Ok(None),
            }
        })
    }
}

impl Tx {
    /// Stores an evidence file; returns its key.
    pub async fn insert_evidence_file(&mut self, e: &EvidenceRow, content: &[u8]) -> Result<i64> {
        let id = on_tx!(self, |c| {
            let row = sqlx::query(
                "INSERT INTO evidence_files (org_unit_id, period, indicator_id, file_name,
                 content_type, size, sha256, content, uploaded_by, uploaded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(e.org_unit_id)
            .bind(e.period.to_string())
            .bind(e.indicator_id)
            .bind(&e.file_name)
            .bind(&e.content_type)
            .bind(e.size)
            .bind(&e.sha256)
            .bind(content)
            .bind(e.uploaded_by)
            .bind(e.uploaded_at)
            .fetch_one(&mut *c)
            .await?;
            RowGet::i64(&row, "id")?
        });
        Ok(id)
    }
}
