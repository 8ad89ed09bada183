//! Plan targets: the planned value of an indicator for a unit and period, set by the
//! leadership of the unit (or an administrator), with the tolerance that separates
//! "at risk" from "off track".

use crate::auth::{audit, require};
use crate::values::parse_json;
use crate::{App, AppError, AppResult, Problem};
use chiso_core::access::{Action, Principal};
use chiso_core::period::Period;
use chiso_core::value::Target;
use serde::Deserialize;

/// Tolerance used when a target gives none (5 %).
pub const DEFAULT_TOLERANCE: f64 = 0.05;

/// A target as sent.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetInput {
    /// Indicator code.
    pub indicator: String,
    /// Org unit code.
    pub org_unit: String,
    /// Period code (usually a year, `2026`).
    pub period: String,
    /// Planned value.
    pub value: f64,
    /// Relative tolerance, 0–1 (default 0.05).
    #[serde(default)]
    pub tolerance: Option<f64>,
}

impl App {
    /// Sets targets, all or none: every row is checked first and every problem returned
    /// with its row. Audited.
    pub async fn set_targets(
        &self,
        who: &Principal,
        rows: &[serde_json::Value],
    ) -> AppResult<usize> {
        let tree = self.tree();
        let mut problems = Vec::new();
        let mut targets = Vec::new();
        for (n, raw) in rows.iter().enumerate() {
            let input: TargetInput = match parse_json(raw) {
                Ok(i) => i,
                Err(p) => {
                    problems.push(p.row(n));
                    continue;
                }
            };
            let ind = match self.indicator(input.indicator.trim()).await {
                Ok(r) => r.indicator,
                Err(e) => {
                    problems.push(e.first().row(n).field("indicator"));
                    continue;
                }
            };
            let unit = match self.org_unit(input.org_unit.trim()) {
                Ok(u) => u,
                Err(e) => {
                    problems.push(e.first().row(n).field("org_unit"));
                    continue;
                }
            };
            if let Err(e) = require(who, Action::SetTargets, unit.id, &tree) {
                problems.push(e.first().row(n));
                continue;
            }
            let Ok(period) = Period::parse(&input.period) else {
                problems.push(
                    Problem::invalid("period.invalid")
                        .row(n)
                        .field("period")
                        .arg("input", &input.period),
                );
                continue;
            };
            if period.period_type() < ind.sheet.frequency {
                problems.push(
                    Problem::invalid("value.wrong_frequency")
                        .row(n)
                        .field("period")
                        .arg("period", period)
                        .arg(
                            "frequency",
                            format!("@frequency.{}", ind.sheet.frequency.as_str()),
                        ),
                );
                continue;
            }
            let tolerance = input.tolerance.unwrap_or(DEFAULT_TOLERANCE);
            if !input.value.is_finite() || !(0.0..=1.0).contains(&tolerance) {
                problems.push(Problem::invalid("target.invalid").row(n).field("tolerance"));
                continue;
            }
            targets.push(Target {
                indicator_id: ind.id,
                org_unit_id: unit.id,
                period,
                value: input.value,
                tolerance,
            });
        }
        if !problems.is_empty() {
            return Err(AppError::Problems(problems));
        }
        let mut tx = self.store.begin().await?;
        tx.upsert_targets(&targets).await?;
        let detail = serde_json::Value::Array(rows.to_vec()).to_string();
        tx.append_audit(&audit(
            Some(who.user_id),
            "targets.set",
            "targets",
            "",
            &detail,
        ))
        .await?;
        tx.commit().await?;
        Ok(targets.len())
    }
}

/// One unit's line on the target sheet of an indicator and year.
#[derive(Debug, Clone)]
pub struct TargetLine {
    /// The unit.
    pub unit: chiso_core::org::OrgUnit,
    /// This year's target and tolerance, if set.
    pub target: Option<(f64, f64)>,
    /// Last year's target, if set.
    pub last_year: Option<f64>,
    /// Whether the caller may set it.
    pub editable: bool,
}

impl App {
    /// The target sheet of an indicator for a year: the province and every unit expected
    /// to report it, with this year's and last year's targets.
    pub async fn target_sheet(
        &self,
        who: &Principal,
        indicator: &str,
        year: i32,
    ) -> AppResult<Vec<TargetLine>> {
        let tree = self.tree();
        let ind = self.indicator(indicator).await?.indicator;
        let all = self.store.indicator_targets(ind.id).await?;
        let this = Period::year(year).map_err(|_| {
            Problem::invalid("period.invalid")
                .field("year")
                .arg("input", year)
        })?;
        let last = this.previous();
        let mut units: Vec<i64> = tree.roots().map(|r| r.id).collect();
        for r in tree.roots() {
            for u in chiso_core::calendar::providers(&tree, &ind.sheet, r.id) {
                if !units.contains(&u) {
                    units.push(u);
                }
            }
        }
        Ok(units
            .into_iter()
            .filter(|u| who.can(Action::ReadData, *u, &tree))
            .filter_map(|u| {
                let unit = tree.get(u)?.clone();
                let find = |p: Period| all.iter().find(|t| t.org_unit_id == u && t.period == p);
                Some(TargetLine {
                    target: find(this).map(|t| (t.value, t.tolerance)),
                    last_year: find(last).map(|t| t.value),
                    editable: who.can(Action::SetTargets, u, &tree),
                    unit,
                })
            })
            .collect())
    }
}
