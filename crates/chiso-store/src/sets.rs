//! Definition versions of indicators and promulgated indicator sets.

use crate::row::RowGet;
use crate::{Result, Store, StoreError, Tx, on_backend, on_tx};
use chiso_core::indicator::{IndicatorId, IndicatorSheet};
use chrono::{DateTime, NaiveDate, Utc};

/// An indicator set.
#[derive(Debug, Clone, PartialEq)]
pub struct SetRow {
    /// Key.
    pub id: i64,
    /// Code, e.g. `BO_CHI_SO_2025`.
    pub code: String,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
}

/// One promulgated version of a set.
#[derive(Debug, Clone, PartialEq)]
pub struct SetVersionRow {
    /// Version number, from 1.
    pub version: i32,
    /// Number of the signed decision.
    pub decision_number: String,
    /// Date of the decision.
    pub decision_date: NaiveDate,
    /// Who signed it.
    pub signer: String,
    /// When it was recorded.
    pub promulgated_at: DateTime<Utc>,
    /// How many indicators it holds.
    pub members: i64,
}

/// A member of a set version with the sheet of its definition version.
#[derive(Debug, Clone, PartialEq)]
pub struct SetMemberRow {
    /// Indicator key.
    pub indicator_id: IndicatorId,
    /// Indicator code.
    pub code: String,
    /// Definition version included.
    pub version: i32,
    /// That version's sheet.
    pub sheet: IndicatorSheet,
}

fn sheet_from_json(text: &str) -> Result<IndicatorSheet> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("stored sheet: {e}")))
}

impl Store {
    /// The sheet of one definition version, if recorded.
    pub async fn indicator_version(
        &self,
        id: IndicatorId,
        version: i32,
    ) -> Result<Option<IndicatorSheet>> {
        let sql = "SELECT sheet FROM indicator_versions WHERE indicator_id = $1 AND version = $2";
        let text = on_backend!(self, |p| {
            match sqlx::query(sql)
                .bind(id)
                .bind(version)
                .fetch_optional(p)
                .await?
            {
                Some(r) => Some(RowGet::text(&r, "sheet")?),
                None => None,
            }
        });
        text.as_deref().map(sheet_from_json).transpose()
    }

    /// Every recorded definition version of an indicator, oldest first.
    pub async fn indicator_versions(
        &self,
        id: IndicatorId,
    ) -> Result<Vec<(i32, IndicatorSheet, DateTime<Utc>)>> {
        let sql = "SELECT version, sheet, recorded_at FROM indicator_versions
                   WHERE indicator_id = $1 ORDER BY version";
        let rows: Vec<(i32, String, DateTime<Utc>)> = on_backend!(self, |p| {
            let rows = sqlx::query(sql).bind(id).fetch_all(p).await?;
            rows.iter()
                .map(|r| {
                    Ok((
                        RowGet::i32(r, "version")?,
                        RowGet::text(r, "sheet")?,
                        RowGet::time(r, "recorded_at")?,
                    ))
                })
                .collect::<Result<Vec<_>>>()?
        });
        rows.into_iter()
            .map(|(v, s, t)| Ok((v, sheet_from_json(&s)?, t)))
            .collect()
    }

    /// The set with this code.
    pub async fn set_by_code(&self, code: &str) -> Result<Option<SetRow>> {
        let sql = "SELECT id, code, name_vi, name_en FROM indicator_sets WHERE code = $1";
        on_backend!(self, |p| {
            match sqlx::query(sql).bind(code).fetch_optional(p).await? {
                Some(r) => Ok(Some(SetRow {
                    id: RowGet::i64(&r, "id")?,
                    code: RowGet::text(&r, "code")?,
                    name_vi: RowGet::text(&r, "name_vi")?,
                    name_en: RowGet::text(&r, "name_en")?,
                })),
                None => Ok(None),
            }
        })
    }

    /// Every set, by code.
    pub async fn sets(&self) -> Result<Vec<SetRow>> {
        let sql = "SELECT id, code, name_vi, name_en FROM indicator_sets ORDER BY code";
        on_backend!(self, |p| {
            let rows = sqlx::query(sql).fetch_all(p).await?;
            rows.iter()
                .map(|r| {
                    Ok(SetRow {
                        id: RowGet::i64(r, "id")?,
                        code: RowGet::text(r, "code")?,
                        name_vi: RowGet::text(r, "name_vi")?,
                        name_en: RowGet::text(r, "name_en")?,
                    })
                })
                .collect()
        })
    }

    /// The promulgated versions of a set, oldest first.
    pub async fn set_versions(&self, set_id: i64) -> Result<Vec<SetVersionRow>> {
        let sql = "SELECT v.version, v.decision_number, v.decision_date, v.signer, v.promulgated_at,
                          (SELECT COUNT(*) FROM set_members m WHERE m.set_id = v.set_id AND m.version = v.version) AS members
                   FROM set_versions v WHERE v.set_id = $1 ORDER BY v.version";
        on_backend!(self, |p| {
            let rows = sqlx::query(sql).bind(set_id).fetch_all(p).await?;
            rows.iter()
                .map(|r| {
                    Ok(SetVersionRow {
                        version: RowGet::i32(r, "version")?,
                        decision_number: RowGet::text(r, "decision_number")?,
                        decision_date: RowGet::opt_date(r, "decision_date")?
                            .ok_or_else(|| StoreError::Corrupt("decision date".into()))?,
                        signer: RowGet::text(r, "signer")?,
                        promulgated_at: RowGet::time(r, "promulgated_at")?,
                        members: RowGet::i64(r, "members")?,
                    })
                })
                .collect()
        })
    }

    /// The members of a set version with their versioned sheets, by code.
    pub async fn set_members(&self, set_id: i64, version: i32) -> Result<Vec<SetMemberRow>> {
        let sql = "SELECT m.indicator_id, i.code, m.indicator_version, v.sheet
                   FROM set_members m
                   JOIN indicators i ON i.id = m.indicator_id
                   JOIN indicator_versions v ON v.indicator_id = m.indicator_id AND v.version = m.indicator_version
                   WHERE m.set_id = $1 AND m.version = $2 ORDER BY i.code";
        let rows: Vec<(i64, String, i32, String)> = on_backend!(self, |p| {
            let rows = sqlx::query(sql)
                .bind(set_id)
                .bind(version)
                .fetch_all(p)
                .await?;
            rows.iter()
                .map(|r| {
                    Ok((
                        RowGet::i64(r, "indicator_id")?,
                        RowGet::text(r, "code")?,
                        RowGet::i32(r, "indicator_version")?,
                        RowGet::text(r, "sheet")?,
                    ))
                })
                .collect::<Result<Vec<_>>>()?
        });
        rows.into_iter()
            .map(|(indicator_id, code, version, sheet)| {
                Ok(SetMemberRow {
                    indicator_id,
                    code,
                    version,
                    sheet: sheet_from_json(&sheet)?,
                })
            })
            .collect()
    }
}

impl Tx {
    /// Records the sheet of a definition version (replacing it while the version is current).
    pub async fn record_indicator_version(
        &mut self,
        id: IndicatorId,
        version: i32,
        sheet: &IndicatorSheet,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let text = serde_json::to_string(sheet).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let sql = "INSERT INTO indicator_versions (indicator_id, version, sheet, recorded_at)
                   VALUES ($1, $2, $3, $4)
                   ON CONFLICT (indicator_id, version) DO UPDATE SET sheet = excluded.sheet,
                   recorded_at = excluded.recorded_at";
        on_tx!(self, |c| {
            sqlx::query(sql)
                .bind(id)
                .bind(version)
                .bind(&text)
                .bind(now)
                .execute(&mut *c)
                .await?;
        });
        Ok(())
    }

    /// Records the sheet of a definition version unless one is recorded already.
    pub async fn keep_indicator_version(
        &mut self,
        id: IndicatorId,
        version: i32,
        sheet: &IndicatorSheet,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let text = serde_json::to_string(sheet).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let sql = "INSERT INTO indicator_versions (indicator_id, version, sheet, recorded_at)
                   VALUES ($1, $2, $3, $4) ON CONFLICT (indicator_id, version) DO NOTHING";
        on_tx!(self, |c| {
            sqlx::query(sql)
                .bind(id)
                .bind(version)
                .bind(&text)
                .bind(now)
                .execute(&mut *c)
                .await?;
        });
        Ok(())
    }

    /// Creates a set; returns its key.
    pub async fn insert_set(
        &mut self,
        code: &str,
        name_vi: &str,
        name_en: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let sql = "INSERT INTO indicator_sets (code, name_vi, name_en, created_at) VALUES ($1, $2, $3, $4) RETURNING id";
        on_tx!(self, |c| {
            let r = sqlx::query(sql)
                .bind(code)
                .bind(name_vi)
                .bind(name_en)
                .bind(now)
                .fetch_one(&mut *c)
                .await?;
            Ok(RowGet::i64(&r, "id")?)
        })
    }

    /// Records a promulgated version of a set with its members (indicator, version).
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_set_version(
        &mut self,
        set_id: i64,
        version: i32,
        decision_number: &str,
        decision_date: NaiveDate,
        signer: &str,
        by: Option<i64>,
        now: DateTime<Utc>,
        members: &[(IndicatorId, i32)],
    ) -> Result<()> {
        let sql = "INSERT INTO set_versions (set_id, version, decision_number, decision_date, signer, promulgated_by, promulgated_at)
                   VALUES ($1, $2, $3, $4, $5, $6, $7)";
        on_tx!(self, |c| {
            sqlx::query(sql)
                .bind(set_id)
                .bind(version)
                .bind(decision_number)
                .bind(decision_date)
                .bind(signer)
                .bind(by)
                .bind(now)
                .execute(&mut *c)
                .await?;
        });
        let sql = "INSERT INTO set_members (set_id, version, indicator_id, indicator_version) VALUES ($1, $2, $3, $4)";
        for (id, v) in members {
            on_tx!(self, |c| {
                sqlx::query(sql)
                    .bind(set_id)
                    .bind(version)
                    .bind(*id)
                    .bind(*v)
                    .execute(&mut *c)
                    .await?;
            });
        }
        Ok(())
    }
}
