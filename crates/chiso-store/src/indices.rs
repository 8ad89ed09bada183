//! Composite indices: stored methodologies, component scores by unit and year, and notes on
//! the criteria a unit lost points on.

use crate::row::RowGet;
use crate::{Result, Store, Tx, on_backend, on_tx};

/// A stored methodology document.
#[derive(Debug, Clone, PartialEq)]
pub struct MethodologyRow {
    /// The index code.
    pub index_code: String,
    /// The version label.
    pub version: String,
    /// The methodology as JSON.
    pub document: String,
}

/// One component score of one unit in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexScoreRow {
    /// The year.
    pub year: i32,
    /// The unit (an org unit code, or a publisher's name).
    pub unit: String,
    /// The leaf component.
    pub component: String,
    /// The score (`None`: not scored).
    pub value: Option<f64>,
    /// `imported` or `derived`.
    pub source: String,
}

/// Who owns a criterion a unit lost points on, why, and what is being done.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CriterionNote {
    /// The assessed unit.
    pub unit: String,
    /// The criterion.
    pub component: String,
    /// The responsible agency.
    pub owner_unit: String,
    /// The responsible person.
    pub owner_person: String,
    /// Why the points were lost.
    pub root_cause: String,
    /// The corrective action.
    pub action: String,
}

impl Store {
    /// Every stored methodology, by index and version.
    pub async fn index_methodologies(&self) -> Result<Vec<MethodologyRow>> {
        on_backend!(self, |p| {
            let rows = sqlx::query(
                "SELECT index_code, version, document FROM index_methodologies
                 ORDER BY index_code, from_year",
            )
            .fetch_all(p)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(MethodologyRow {
                        index_code: RowGet::text(r, "index_code")?,
                        version: RowGet::text(r, "version")?,
                        document: RowGet::text(r, "document")?,
                    })
                })
                .collect()
        })
    }

    /// The indices with scores and, for each, its years with the number of units scored.
    pub async fn index_years(&self) -> Result<Vec<(String, i32, i64)>> {
        on_backend!(self, |p| {
            let rows = sqlx::query(
                "SELECT index_code, year, COUNT(DISTINCT unit) AS units FROM index_scores
                 GROUP BY index_code, year ORDER BY index_code, year",
            )
            .fetch_all(p)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok((
                        RowGet::text(r, "index_code")?,
                        RowGet::i32(r, "year")?,
                        RowGet::i64(r, "units")?,
                    ))
                })
                .collect()
        })
    }

    /// Every component score of an index, all years, by year, unit and component.
    pub async fn index_scores(&self, index_code: &str) -> Result<Vec<IndexScoreRow>> {
        on_backend!(self, |p| {
            let rows = sqlx::query(
                "SELECT year, unit, component, value, source FROM index_scores
                 WHERE index_code = $1 ORDER BY year, unit, component",
            )
            .bind(index_code)
            .fetch_all(p)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(IndexScoreRow {
                        year: RowGet::i32(r, "year")?,
                        unit: RowGet::text(r, "unit")?,
                        component: RowGet::text(r, "component")?,
                        value: RowGet::opt_f64(r, "value")?,
                        source: RowGet::text(r, "source")?,
                    })
                })
                .collect()
        })
    }

    /// The notes on one unit's criteria in one year.
    pub async fn criterion_notes(
        &self,
        index_code: &str,
        year: i32,
        unit: &str,
    ) -> Result<Vec<CriterionNote>> {
        on_backend!(self, |p| {
            let rows = sqlx::query(
                "SELECT unit, component, owner_unit, owner_person, root_cause, action
                 FROM index_criterion_notes
                 WHERE index_code = $1 AND year = $2 AND unit = $3 ORDER BY component",
            )
            .bind(index_code)
            .bind(year)
            .bind(unit)
            .fetch_all(p)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(CriterionNote {
                        unit: RowGet::text(r, "unit")?,
                        component: RowGet::text(r, "component")?,
                        owner_unit: RowGet::text(r, "owner_unit")?,
                        owner_person: RowGet::text(r, "owner_person")?,
                        root_cause: RowGet::text(r, "root_cause")?,
                        action: RowGet::text(r, "action")?,
                    })
                })
                .collect()
        })
    }
}

impl Tx {
    /// Inserts or replaces a methodology version.
    pub async fn upsert_index_methodology(
        &mut self,
        index_code: &str,
        version: &str,
        from_year: i32,
        to_year: Option<i32>,
        document: &str,
    ) -> Result<()> {
        on_tx!(self, |c| {
            sqlx::query(
                "INSERT INTO index_methodologies (index_code, version, from_year, to_year, document)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (index_code, version) DO UPDATE SET
                   from_year = excluded.from_year, to_year = excluded.to_year,
                   document = excluded.document",
            )
            .bind(index_code)
            .bind(version)
            .bind(from_year)
            .bind(to_year)
            .bind(document)
            .execute(&mut *c)
            .await?;
        });
        Ok(())
    }

    /// Replaces every score of an index in one year by `rows` (their `year` is ignored);
    /// returns how many scores the year held before.
    pub async fn replace_index_scores(
        &mut self,
        index_code: &str,
        year: i32,
        rows: &[IndexScoreRow],
    ) -> Result<u64> {
        let before = on_tx!(self, |c| {
            sqlx::query("DELETE FROM index_scores WHERE index_code = $1 AND year = $2")
                .bind(index_code)
                .bind(year)
                .execute(&mut *c)
                .await?
                .rows_affected()
        });
        for r in rows {
            on_tx!(self, |c| {
                sqlx::query(
                    "INSERT INTO index_scores (index_code, year, unit, component, value, source)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(index_code)
                .bind(year)
                .bind(&r.unit)
                .bind(&r.component)
                .bind(r.value)
                .bind(&r.source)
                .execute(&mut *c)
                .await?;
            });
        }
        Ok(before)
    }

    /// Inserts or replaces the note on one criterion of one unit in one year.
    pub async fn upsert_criterion_note(
        &mut self,
        index_code: &str,
        year: i32,
        note: &CriterionNote,
    ) -> Result<()> {
        on_tx!(self, |c| {
            sqlx::query(
                "INSERT INTO index_criterion_notes
                   (index_code, year, unit, component, owner_unit, owner_person, root_cause, action)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                 ON CONFLICT (index_code, year, unit, component) DO UPDATE SET
                   owner_unit = excluded.owner_unit, owner_person = excluded.owner_person,
                   root_cause = excluded.root_cause, action = excluded.action",
            )
            .bind(index_code)
            .bind(year)
            .bind(&note.unit)
            .bind(&note.component)
            .bind(&note.owner_unit)
            .bind(&note.owner_person)
            .bind(&note.root_cause)
            .bind(&note.action)
            .execute(&mut *c)
            .await?;
        });
        Ok(())
    }
}
