//! Data quality: validation rules across indicators (kept as data, checked against the
//! catalogue when saved), their violations for a unit and period, and the data-quality
//! list of a period: every broken rule and every outlier among the values the caller reads.

use crate::auth::audit;
use crate::catalogue::formula_problem;
use crate::{App, AppError, AppResult, ErrorKind, Problem};
use chiso_core::access::{Action, Principal};
use chiso_core::code::Code;
use chiso_core::formula::{self, FormulaType, Lookup, Window};
use chiso_core::indicator::{Indicator, IndicatorId};
use chiso_core::org::{OrgId, OrgUnit};
use chiso_core::period::Period;
use chiso_core::quality::Outlier;
use chiso_core::validation::{Outcome, ValidationRule, check_rule};
use chiso_store::ValueQuery;
use std::collections::{BTreeMap, HashMap};

/// A rule that one unit's values for one period break.
#[derive(Debug, Clone)]
pub struct RuleViolation {
    /// The rule.
    pub rule: ValidationRule,
    /// The values it read, by indicator code.
    pub values: Vec<(String, Option<f64>)>,
}

/// What is wrong with a period's data.
#[derive(Debug, Clone, Default)]
pub struct QualityReport {
    /// Broken rules, by unit.
    pub violations: Vec<(OrgUnit, RuleViolation)>,
    /// Values that stand out from their unit's last periods or from its peers.
    pub outliers: Vec<(OrgUnit, Indicator, f64, Outlier)>,
}

/// One unit's values for one period, by indicator code.
struct UnitValues<'a>(&'a HashMap<String, f64>);

impl Lookup for UnitValues<'_> {
    fn indicator(&mut self, code: &Code, _: &Window) -> Option<f64> {
        self.0.get(code.as_str()).copied()
    }
    fn constant(&mut self, _: &Code) -> Option<f64> {
        None
    }
}

/// The rules of `rules` that apply to `period`, with their parsed conditions.
fn parsed(rules: Vec<ValidationRule>, period: Period) -> Vec<(ValidationRule, formula::Expr)> {
    rules
        .into_iter()
        .filter(|r| r.frequency == period.period_type())
        .filter_map(|r| {
            let e = formula::parse(&r.formula).ok()?;
            Some((r, e))
        })
        .collect()
}

pub(crate) fn violations_of(
    rules: &[(ValidationRule, formula::Expr)],
    period: Period,
    values: &HashMap<String, f64>,
) -> Vec<RuleViolation> {
    rules
        .iter()
        .filter(|(_, e)| check_rule(e, period, &mut UnitValues(values)) == Outcome::Fail)
        .map(|(r, e)| RuleViolation {
            rule: r.clone(),
            values: formula::deps::indicators(e)
                .into_iter()
                .map(|c| {
                    let v = values.get(c.as_str()).copied();
                    (c.to_string(), v)
                })
                .collect(),
        })
        .collect()
}

impl App {
    /// Every validation rule.
    ///
    /// # Errors
    /// The database fails.
    pub async fn validation_rules(&self) -> AppResult<Vec<ValidationRule>> {
        Ok(self.store.validation_rules().await?)
    }

    /// Adds or replaces validation rules (catalogue editors and administrators): each
    /// condition must parse, name only catalogue indicators and be a condition (not a
    /// number). All rules are saved, or none. Audited.
    ///
    /// # Errors
    /// No right to edit the catalogue, or a bad rule (every problem, by row).
    pub async fn set_validation_rules(
        &self,
        who: &Principal,
        rules: &[ValidationRule],
    ) -> AppResult<usize> {
        if !who.can_somewhere(Action::EditCatalogue) {
            return Err(Problem::new(ErrorKind::Forbidden, "forbidden").into());
        }
        let scope = formula::Scope::new().with_indicators(
            self.store
                .all_indicators()
                .await?
                .into_iter()
                .map(|r| r.indicator.code),
        );
        let mut problems = Vec::new();
        for (i, r) in rules.iter().enumerate() {
            for (field, text) in [
                ("name_vi", &r.name_vi),
                ("name_en", &r.name_en),
                ("message_vi", &r.message_vi),
                ("message_en", &r.message_en),
            ] {
                if text.trim().is_empty() {
                    problems.push(Problem::invalid("required").row(i).field(field));
                }
            }
            match formula::parse_checked(&r.formula, &scope) {
                Ok((_, FormulaType::Boolean)) => {}
                Ok((_, FormulaType::Number)) => {
                    problems.push(
                        Problem::invalid("rule.not_condition")
                            .row(i)
                            .field("formula"),
                    );
                }
                Err(errors) => problems.extend(errors.iter().map(|e| formula_problem(e).row(i))),
            }
        }
        if !problems.is_empty() {
            return Err(AppError::Problems(problems));
        }
        let mut tx = self.store.begin().await?;
        for r in rules {
            let mut r = r.clone();
            for t in [
                &mut r.name_vi,
                &mut r.name_en,
                &mut r.message_vi,
                &mut r.message_en,
            ] {
                *t = chiso_core::text::nfc(t.trim());
            }
            tx.upsert_validation_rule(&r).await?;
        }
        tx.append_audit(&audit(
            Some(who.user_id),
            "rules.set",
            "validation_rules",
            &rules
                .iter()
                .map(|r| r.code.to_string())
                .collect::<Vec<_>>()
                .join(","),
            &serde_json::to_string(rules).unwrap_or_default(),
        ))
        .await?;
        tx.commit().await?;
        Ok(rules.len())
    }

    /// The rules that a unit's stored values for a period break.
    ///
    /// # Errors
    /// The database fails.
    pub async fn rule_violations(
        &self,
        unit: OrgId,
        period: Period,
    ) -> AppResult<Vec<RuleViolation>> {
        let rules = parsed(self.store.validation_rules().await?, period);
        if rules.is_empty() {
            return Ok(Vec::new());
        }
        let codes: HashMap<IndicatorId, String> = self
            .store
            .all_indicators()
            .await?
            .into_iter()
            .map(|r| (r.indicator.id, r.indicator.code.to_string()))
            .collect();
        let q = ValueQuery {
            indicator_id: None,
            org_unit_id: Some(unit),
            subtree: false,
            from: Some(period.start()),
            to: Some(period.end()),
        };
        let (stored, _) = self.store.query_values(&q, 100_000, 0).await?;
        let values: HashMap<String, f64> = stored
            .into_iter()
            .filter(|v| v.period == period)
            .filter_map(|v| Some((codes.get(&v.indicator_id)?.clone(), v.value)))
            .collect();
        Ok(violations_of(&rules, period, &values))
    }

    /// The data-quality list of a period: broken rules and outliers among the values of
    /// the units `who` may read.
    ///
    /// # Errors
    /// The database fails.
    pub async fn quality_report(
        &self,
        who: &Principal,
        period: Period,
    ) -> AppResult<QualityReport> {
        let tree = self.tree();
        let indicators: HashMap<IndicatorId, Indicator> = self
            .store
            .all_indicators()
            .await?
            .into_iter()
            .map(|r| (r.indicator.id, r.indicator))
            .collect();
        let history_start = period
            .checked_offset(-crate::outliers::HISTORY)
            .unwrap_or(period);
        let q = ValueQuery {
            indicator_id: None,
            org_unit_id: None,
            subtree: false,
            from: Some(history_start.start()),
            to: Some(period.end()),
        };
        let (stored, _) = self.store.query_values(&q, 10_000_000, 0).await?;
        let stored: Vec<_> = stored
            .into_iter()
            .filter(|v| v.period.period_type() == period.period_type())
            .collect();
        // Peers are compared whether or not the caller reads them (only the figures of the
        // caller's units are listed).
        let around = crate::outliers::Neighbourhood::of_values(tree.clone(), &stored);
        // unit → indicator → period → value, for the period's type only.
        let mut by_unit: BTreeMap<OrgId, HashMap<IndicatorId, BTreeMap<Period, f64>>> =
            BTreeMap::new();
        for v in stored {
            if v.period.period_type() != period.period_type()
                || !who.can(Action::ReadData, v.org_unit_id, &tree)
            {
                continue;
            }
            by_unit
                .entry(v.org_unit_id)
                .or_default()
                .entry(v.indicator_id)
                .or_default()
                .insert(v.period, v.value);
        }
        let rules = parsed(self.store.validation_rules().await?, period);
        let mut report = QualityReport::default();
        for (unit_id, series) in &by_unit {
            let Some(unit) = tree.get(*unit_id) else {
                continue;
            };
            let now: HashMap<String, f64> = series
                .iter()
                .filter_map(|(i, s)| Some((indicators.get(i)?.code.to_string(), *s.get(&period)?)))
                .collect();
            for v in violations_of(&rules, period, &now) {
                report.violations.push((unit.clone(), v));
            }
            for (i, s) in series {
                let (Some(ind), Some(value)) = (indicators.get(i), s.get(&period)) else {
                    continue;
                };
                if let Some(o) = around.test(ind, *unit_id, period, *value) {
                    report.outliers.push((unit.clone(), ind.clone(), *value, o));
                }
            }
        }
        report
            .outliers
            .sort_by(|a, b| b.3.score.abs().total_cmp(&a.3.score.abs()));
        Ok(report)
    }
}
