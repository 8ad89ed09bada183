//! Organisation units: read the tree, create units.

use crate::auth::{audit, require};
use crate::{App, AppResult, ErrorKind, Problem};
use chiso_core::access::{Action, Principal};
use chiso_core::code::Code;
use chiso_core::org::{OrgKind, OrgUnit};
use chiso_store::NewOrgUnit;
use chrono::NaiveDate;
use serde::Deserialize;

/// A unit to create, as sent by a person or system (parent by code).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgUnitInput {
    /// Code.
    pub code: String,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Parent code (required: the root exists from the start).
    pub parent: String,
    /// Agency or locality.
    pub kind: OrgKind,
    /// First day of existence.
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    /// Last day of existence.
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    /// GeoJSON geometry (an object).
    #[serde(default)]
    pub geometry: Option<serde_json::Value>,
}

impl App {
    /// The unit with `code`, or 404.
    pub fn org_unit(&self, code: &str) -> AppResult<OrgUnit> {
        self.tree().by_code(code).cloned().ok_or_else(|| {
            Problem::new(ErrorKind::NotFound, "org.unknown")
                .field("org_unit")
                .arg("code", code)
                .into()
        })
    }

    /// Creates a unit under a parent the caller administers.
    pub async fn create_org_unit(
        &self,
        who: &Principal,
        input: &OrgUnitInput,
    ) -> AppResult<OrgUnit> {
        let code = Code::parse(&input.code).map_err(|e| {
            Problem::invalid("code.invalid")
                .field("code")
                .arg("reason", e.to_string())
        })?;
        let parent = self.unit_id(input.parent.trim(), "parent")?;
        require(who, Action::Administer, parent, &self.tree())?;
        for (f, v) in [("name_vi", &input.name_vi), ("name_en", &input.name_en)] {
            if v.trim().is_empty() {
                return Err(Problem::invalid("required").field(f).into());
            }
        }
        if let (Some(a), Some(b)) = (input.valid_from, input.valid_to)
            && b < a
        {
            return Err(Problem::invalid("date_order").field("valid_to").into());
        }
        let geometry = match &input.geometry {
            None | Some(serde_json::Value::Null) => None,
            Some(g @ serde_json::Value::Object(m)) if m.contains_key("type") => Some(g.to_string()),
            Some(_) => {
                return Err(Problem::invalid("org.bad_geometry")
                    .field("geometry")
                    .into());
            }
        };
        let unit = NewOrgUnit {
            code,
            name_vi: chiso_core::text::nfc(input.name_vi.trim()),
            name_en: input.name_en.trim().to_string(),
            parent_id: Some(parent),
            kind: input.kind,
            valid_from: input.valid_from,
            valid_to: input.valid_to,
            geometry,
        };
        let mut tx = self.store.begin().await?;
        let created = tx.insert_org_unit(&unit).await?;
        let detail = serde_json::to_string(&created).unwrap_or_default();
        tx.append_audit(&audit(
            Some(who.user_id),
            "org.create",
            "org_unit",
            created.code.as_str(),
            &detail,
        ))
        .await?;
        tx.commit().await?;
        self.tree_changed().await?;
        Ok(created)
    }
}
