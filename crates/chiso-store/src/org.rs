//! Organisation units and their closure table.

use crate::row::{RowGet, parse_named};
use crate::{Result, Store, StoreError, Tx, on_backend, on_tx};
use chiso_core::code::Code;
use chiso_core::org::{OrgId, OrgKind, OrgUnit};
use chrono::NaiveDate;

const COLUMNS: &str =
    "id, code, name_vi, name_en, parent_id, level, kind, valid_from, valid_to, geometry";

fn org_from_row(r: &dyn RowGet) -> Result<OrgUnit> {
    let code = r.text("code")?;
    Ok(OrgUnit {
        id: r.i64("id")?,
        code: Code::parse(&code).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        name_vi: r.text("name_vi")?,
        name_en: r.text("name_en")?,
        parent_id: r.opt_i64("parent_id")?,
        level: r.i32("level")?,
        kind: parse_named(&r.text("kind")?, "org kind", OrgKind::parse)?,
        valid_from: r.opt_date("valid_from")?,
        valid_to: r.opt_date("valid_to")?,
        geometry: r.opt_text("geometry")?,
    })
}

/// A unit to create; its level follows from its parent.
#[derive(Debug, Clone)]
pub struct NewOrgUnit {
    /// Code.
    pub code: Code,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Parent.
    pub parent_id: Option<OrgId>,
    /// Agency or locality.
    pub kind: OrgKind,
    /// First day of existence.
    pub valid_from: Option<NaiveDate>,
    /// Last day of existence.
    pub valid_to: Option<NaiveDate>,
    /// GeoJSON geometry.
    pub geometry: Option<String>,
}

impl Store {
    /// Every org unit.
    pub async fn org_units(&self) -> Result<Vec<OrgUnit>> {
        let sql = format!("SELECT {COLUMNS} FROM org_units ORDER BY level, id");
        on_backend!(self, |p| {
            let rows = sqlx::query(&sql).fetch_all(p).await?;
            rows.iter().map(|r| org_from_row(r)).collect()
        })
    }

    /// Keys of `root` and every unit below it, from the closure table.
    pub async fn subtree_ids(&self, root: OrgId) -> Result<Vec<OrgId>> {
        let sql = "SELECT descendant_id FROM org_closure WHERE ancestor_id = $1 ORDER BY depth, descendant_id";
        on_backend!(self, |p| {
            let rows = sqlx::query(sql).bind(root).fetch_all(p).await?;
            rows.iter()
                .map(|r| Ok(RowGet::i64(r, "descendant_id")?))
                .collect()
        })
    }
}

impl Tx {
    /// Creates a unit and its closure rows; returns it.
    pub async fn insert_org_unit(&mut self, u: &NewOrgUnit) -> Result<OrgUnit> {
        let parent_level: Option<i32> = match u.parent_id {
            None => None,
            Some(pid) => {
                let sql = "SELECT level FROM org_units WHERE id = $1";
                let lvl = on_tx!(self, |c| {
                    match sqlx::query(sql).bind(pid).fetch_optional(&mut *c).await? {
                        Some(r) => Some(RowGet::i32(&r, "level")?),
                        None => None,
                    }
                });
                Some(lvl.ok_or_else(|| StoreError::MissingReference(format!("parent {pid}")))?)
            }
        };
        let level = parent_level.map_or(1, |l| l + 1);
        let sql = format!(
            "INSERT INTO org_units (code, name_vi, name_en, parent_id, level, kind, valid_from, valid_to, geometry)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING {COLUMNS}"
        );
        let unit = on_tx!(self, |c| {
            let r = sqlx::query(&sql)
                .bind(u.code.as_str())
                .bind(&u.name_vi)
                .bind(&u.name_en)
                .bind(u.parent_id)
                .bind(level)
                .bind(u.kind.as_str())
                .bind(u.valid_from)
                .bind(u.valid_to)
                .bind(&u.geometry)
                .fetch_one(&mut *c)
                .await?;
            org_from_row(&r)?
        });
        let closure = "INSERT INTO org_closure (ancestor_id, descendant_id, depth)
             SELECT ancestor_id, $1, depth + 1 FROM org_closure WHERE descendant_id = $2
             UNION ALL SELECT $1, $1, 0";
        on_tx!(self, |c| {
            sqlx::query(closure)
                .bind(unit.id)
                .bind(u.parent_id.unwrap_or(-1))
                .execute(&mut *c)
                .await?;
        });
        Ok(unit)
    }
}
