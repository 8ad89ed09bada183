//! Code mappings for data exchange (another system's identifiers → Chiso keys).

use crate::row::{RowGet, parse_named};
use crate::{Result, Store, Tx, on_backend, on_tx};
use chiso_core::exchange::mapping::{CodeMapping, MappingKind};

impl Store {
    /// Every mapping of a scheme.
    pub async fn code_mappings(&self, scheme: &str) -> Result<Vec<CodeMapping>> {
        on_backend!(self, |p| {
            let rows = sqlx::query(
                "SELECT scheme, kind, external, disaggregation, target_id FROM code_mappings
                 WHERE scheme = $1 ORDER BY kind, external, disaggregation",
            )
            .bind(scheme)
            .fetch_all(p)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(CodeMapping {
                        scheme: RowGet::text(r, "scheme")?,
                        kind: parse_named(
                            &RowGet::text(r, "kind")?,
                            "mapping kind",
                            MappingKind::parse,
                        )?,
                        external: RowGet::text(r, "external")?,
                        disaggregation: RowGet::text(r, "disaggregation")?,
                        target_id: RowGet::opt_i64(r, "target_id")?,
                    })
                })
                .collect()
        })
    }
}

impl Tx {
    /// Inserts or replaces mappings (keyed by scheme, kind, identifier, disaggregation).
    pub async fn upsert_code_mappings(&mut self, rows: &[CodeMapping]) -> Result<()> {
        for m in rows {
            on_tx!(self, |c| {
                sqlx::query(
                    "INSERT INTO code_mappings (scheme, kind, external, disaggregation, target_id)
                     VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (scheme, kind, external, disaggregation)
                     DO UPDATE SET target_id = excluded.target_id",
                )
                .bind(&m.scheme)
                .bind(m.kind.as_str())
                .bind(&m.external)
                .bind(&m.disaggregation)
                .bind(m.target_id)
                .execute(&mut *c)
                .await?;
            });
        }
        Ok(())
    }

    /// Deletes one mapping; whether it existed.
    pub async fn delete_code_mapping(
        &mut self,
        scheme: &str,
        kind: MappingKind,
        external: &str,
        disaggregation: &str,
    ) -> Result<bool> {
        let n = on_tx!(self, |c| {
            sqlx::query(
                "DELETE FROM code_mappings
                 WHERE scheme = $1 AND kind = $2 AND external = $3 AND disaggregation = $4",
            )
            .bind(scheme)
            .bind(kind.as_str())
            .bind(external)
            .bind(disaggregation)
            .execute(&mut *c)
            .await?
            .rows_affected()
        });
        Ok(n > 0)
    }
}
