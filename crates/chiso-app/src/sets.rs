//! Promulgating indicator sets (each promulgation a new signed version), reading them,
//! and comparing two versions.

use crate::auth::audit;
use crate::workflow::key_arg;
use crate::{App, AppResult, ErrorKind, Problem, now};
use chiso_core::access::Principal;
use chiso_core::code::Code;
use chiso_core::indicator::LifecycleStatus;
use chiso_core::sets::{Member, SetDiff, diff_sets};
use chiso_core::workflow::Gatekeeper;
use chiso_store::{SetMemberRow, SetRow, SetVersionRow};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashSet;

/// A promulgation: the set (created on its first promulgation), the signed decision and
/// the indicators it includes.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetInput {
    /// Set code, e.g. `BCS_TINH_2025`.
    pub code: String,
    /// Vietnamese name (required for a new set).
    #[serde(default)]
    pub name_vi: String,
    /// English name.
    #[serde(default)]
    pub name_en: String,
    /// Number of the signed decision, e.g. `1234/QĐ-UBND`.
    pub decision_number: String,
    /// Date of the decision.
    pub decision_date: NaiveDate,
    /// Who signed it.
    pub signer: String,
    /// Codes of the indicators included (screened, approved or in operation).
    pub indicators: Vec<String>,
}

/// A set with its versions.
#[derive(Debug, Clone)]
pub struct SetSummary {
    /// The set.
    pub set: SetRow,
    /// Its promulgated versions, oldest first.
    pub versions: Vec<SetVersionRow>,
}

impl App {
    /// Promulgates a new version of a set (a provincial leader's act): records each
    /// member's current definition version; screened members become approved.
    pub async fn promulgate(&self, who: &Principal, input: &SetInput) -> AppResult<i32> {
        let tree = self.tree();
        let root = tree.roots().next().map(|r| r.id).unwrap_or_default();
        if !Gatekeeper::Leader.admits(who, root, &tree) {
            return Err(Problem::new(ErrorKind::Forbidden, "workflow.forbidden")
                .arg("who", key_arg(Gatekeeper::Leader.key()))
                .arg("to", key_arg("lifecycle.approved"))
                .into());
        }
        let code = Code::parse(&input.code).map_err(|e| {
            Problem::invalid("code.invalid")
                .field("code")
                .arg("reason", e.to_string())
        })?;
        for (field, v) in [
            ("decision_number", &input.decision_number),
            ("signer", &input.signer),
        ] {
            if v.trim().is_empty() {
                return Err(Problem::invalid("required").field(field).into());
            }
        }
        if input.indicators.is_empty() {
            return Err(Problem::invalid("set.empty").field("indicators").into());
        }
        let existing = self.store.set_by_code(code.as_str()).await?;
        if existing.is_none() && input.name_vi.trim().is_empty() {
            return Err(Problem::invalid("required").field("name_vi").into());
        }
        let mut members = Vec::new();
        let mut seen = HashSet::new();
        for (i, c) in input.indicators.iter().enumerate() {
            let field = format!("indicators[{i}]");
            if !seen.insert(c.trim()) {
                return Err(Problem::invalid("set.duplicate_member")
                    .field(field)
                    .arg("code", c)
                    .into());
            }
            let ind = self
                .store
                .indicator_by_code(c.trim())
                .await?
                .ok_or_else(|| {
                    Problem::invalid("indicator.unknown")
                        .field(&field)
                        .arg("code", c)
                })?
                .indicator;
            let st = ind.sheet.status;
            if !matches!(
                st,
                LifecycleStatus::Screened | LifecycleStatus::Approved | LifecycleStatus::Operating
            ) {
                return Err(Problem::invalid("set.member_not_screened")
                    .field(field)
                    .arg("code", c)
                    .arg("status", key_arg(format!("lifecycle.{st}")))
                    .into());
            }
            members.push(ind);
        }
        let t = now();
        let mut tx = self.store.begin().await?;
        let (set_id, version) = match &existing {
            Some(s) => {
                let last = self
                    .store
                    .set_versions(s.id)
                    .await?
                    .last()
                    .map_or(0, |v| v.version);
                (s.id, last + 1)
            }
            None => (
                tx.insert_set(
                    code.as_str(),
                    &chiso_core::text::nfc(input.name_vi.trim()),
                    input.name_en.trim(),
                    t,
                )
                .await?,
                1,
            ),
        };
        for m in &members {
            tx.keep_indicator_version(m.id, m.version, &m.sheet, t)
                .await?;
        }
        let pairs: Vec<(i64, i32)> = members.iter().map(|m| (m.id, m.version)).collect();
        tx.insert_set_version(
            set_id,
            version,
            input.decision_number.trim(),
            input.decision_date,
            &chiso_core::text::nfc(input.signer.trim()),
            Some(who.user_id),
            t,
            &pairs,
        )
        .await?;
        for m in members
            .iter()
            .filter(|m| m.sheet.status == LifecycleStatus::Screened)
        {
            tx.set_indicator_status(m.id, LifecycleStatus::Approved, t)
                .await?;
            let detail = serde_json::json!({
                "from": "screened", "to": "approved",
                "comment": format!("{} v{version}: {}", code, input.decision_number.trim()),
            });
            tx.append_audit(&audit(
                Some(who.user_id),
                "indicator.transition",
                "indicator",
                m.code.as_str(),
                &detail.to_string(),
            ))
            .await?;
        }
        let detail = serde_json::json!({
            "version": version,
            "decision_number": input.decision_number.trim(),
            "decision_date": input.decision_date,
            "signer": input.signer.trim(),
            "indicators": input.indicators,
        });
        tx.append_audit(&audit(
            Some(who.user_id),
            "set.promulgate",
            "set",
            code.as_str(),
            &detail.to_string(),
        ))
        .await?;
        tx.commit().await?;
        Ok(version)
    }

    /// Every set with its versions.
    pub async fn sets(&self) -> AppResult<Vec<SetSummary>> {
        let mut out = Vec::new();
        for set in self.store.sets().await? {
            let versions = self.store.set_versions(set.id).await?;
            out.push(SetSummary { set, versions });
        }
        Ok(out)
    }

    /// One set with its versions, or 404.
    pub async fn set(&self, code: &str) -> AppResult<SetSummary> {
        let set =
            self.store.set_by_code(code).await?.ok_or_else(|| {
                Problem::new(ErrorKind::NotFound, "set.unknown").arg("code", code)
            })?;
        let versions = self.store.set_versions(set.id).await?;
        Ok(SetSummary { set, versions })
    }

    /// The members of one version of a set, or 404 for an unknown version.
    pub async fn set_members(&self, code: &str, version: i32) -> AppResult<Vec<SetMemberRow>> {
        let s = self.set(code).await?;
        if !s.versions.iter().any(|v| v.version == version) {
            return Err(Problem::new(ErrorKind::NotFound, "set.unknown_version")
                .field("version")
                .arg("code", code)
                .arg("version", version)
                .into());
        }
        Ok(self.store.set_members(s.set.id, version).await?)
    }

    /// What changed from version `from` to version `to` of a set.
    pub async fn set_diff(&self, code: &str, from: i32, to: i32) -> AppResult<SetDiff> {
        let to_members = |rows: Vec<SetMemberRow>| -> Vec<Member> {
            rows.into_iter()
                .map(|r| Member {
                    code: r.code,
                    version: r.version,
                    sheet: r.sheet,
                })
                .collect()
        };
        let a = to_members(self.set_members(code, from).await?);
        let b = to_members(self.set_members(code, to).await?);
        Ok(diff_sets(&a, &b))
    }
}
