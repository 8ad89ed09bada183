//! The data-entry sheet of a reporting unit for one period: the indicators the unit must
//! report at that frequency (as owner or as a providing unit), each with what was entered,
//! the previous period, the same period last year and the target beside it.

use crate::auth::require;
use crate::{App, AppResult, Problem};
use chiso_core::access::{Action, Principal, Role, may_write_value};
use chiso_core::indicator::{Indicator, LifecycleStatus};
use chiso_core::org::OrgUnit;
use chiso_core::period::{Period, PeriodType};
use chiso_core::value::{DataValue, ValueStatus};
use chiso_store::ValueQuery;
use chrono::NaiveDate;
use std::collections::HashMap;

/// One line of the entry sheet.
#[derive(Debug, Clone)]
pub struct EntryLine {
    /// The indicator.
    pub indicator: Indicator,
    /// What is stored for this unit and period, if anything.
    pub current: Option<DataValue>,
    /// The value of the previous period.
    pub previous: Option<f64>,
    /// The value of the same period last year.
    pub last_year: Option<f64>,
    /// The target for this period, or for the year that contains it.
    pub target: Option<f64>,
    /// Whether `target` is the annual target of the year containing the period.
    pub target_is_annual: bool,
    /// The reason of an open request to unlock the (approved) value, if one is waiting.
    pub unlock_pending: Option<String>,
    /// Set when the stored value stands out from the unit's last periods (check it, or
    /// explain it in the comment).
    pub outlier: Option<chiso_core::quality::Outlier>,
}

impl EntryLine {
    /// Whether the stored value is approved or locked (no longer editable here).
    pub fn settled(&self) -> bool {
        self.current.as_ref().is_some_and(|v| v.status.is_settled())
    }
}

/// The entry sheet: unit, period and lines ordered by field then code.
#[derive(Debug, Clone)]
pub struct EntrySheet {
    /// The reporting unit.
    pub unit: OrgUnit,
    /// The period.
    pub period: Period,
    /// The indicators to report.
    pub lines: Vec<EntryLine>,
    /// The unit's submission deadline for the period (reporting calendar).
    pub deadline: Option<NaiveDate>,
    /// The validation rules the stored values break.
    pub violations: Vec<crate::quality::RuleViolation>,
    /// The approver's reason, name and time, when the submission was returned for correction
    /// and not approved since.
    pub returned: Option<(String, String, chrono::DateTime<chrono::Utc>)>,
}

/// The last period of `kind` that has ended on `today` (the one being reported).
pub fn period_to_report(kind: PeriodType, today: NaiveDate) -> Period {
    Period::containing(kind, today).previous()
}

impl App {
    /// The units the caller enters data for (their data-officer grants), in tree order.
    pub fn entry_units(&self, who: &Principal) -> Vec<OrgUnit> {
        let tree = self.tree();
        let mut units: Vec<OrgUnit> = who
            .grants
            .iter()
            .filter(|g| matches!(g.role, Role::DataOfficer | Role::Admin))
            .filter_map(|g| tree.get(g.org_unit_id).cloned())
            .collect();
        units.dedup_by_key(|u| u.id);
        units
    }

    /// The entry sheet of `unit` for `period`: the indicators in operation at the period's
    /// frequency that the caller may write for this unit.
    pub async fn entry_sheet(
        &self,
        who: &Principal,
        unit: &str,
        period: Period,
    ) -> AppResult<EntrySheet> {
        let tree = self.tree();
        let u = self.org_unit(unit)?;
        require(who, Action::WriteData, u.id, &tree)
            .or_else(|_| require(who, Action::ReadData, u.id, &tree))?;
        let all: Vec<Indicator> = self
            .store
            .all_indicators()
            .await?
            .into_iter()
            .map(|r| r.indicator)
            .collect();
        let indicators = to_report(who, &tree, &all, u.id, period.period_type());
        let last_year = period.same_period_last_year();
        let history_start = period
            .checked_offset(-crate::outliers::HISTORY)
            .map_or(last_year, |p| p.min(last_year));
        let q = ValueQuery {
            indicator_id: None,
            org_unit_id: Some(u.id),
            subtree: false,
            from: Some(history_start.start()),
            to: Some(period.end()),
        };
        let (values, _) = self.store.query_values(&q, 100_000, 0).await?;
        let by_key: HashMap<(i64, Period), DataValue> = values
            .into_iter()
            .map(|v| ((v.indicator_id, v.period), v))
            .collect();
        let previous = period.previous();
        let year = period.parent(PeriodType::Year);
        let mut unlocks = self.open_unlocks(u.id, period).await?;
        let by_id: HashMap<i64, Indicator> = indicators.iter().map(|i| (i.id, i.clone())).collect();
        let current_keys: Vec<_> = indicators
            .iter()
            .filter(|i| by_key.contains_key(&(i.id, period)))
            .map(|i| (i.id, u.id, period))
            .collect();
        let around = self.neighbourhood(&by_id, &current_keys).await?;
        let mut lines = Vec::with_capacity(indicators.len());
        for i in indicators {
            let targets = self.store.targets(i.id, u.id).await?;
            let own = targets.iter().find(|t| t.period == period);
            let annual = targets.iter().find(|t| Some(t.period) == year);
            let target = own.or(annual).map(|t| t.value);
            let target_is_annual = own.is_none() && annual.is_some() && Some(period) != year;
            let current = by_key.get(&(i.id, period)).cloned();
            let outlier = current
                .as_ref()
                .and_then(|v| around.test(&i, u.id, period, v.value));
            lines.push(EntryLine {
                outlier,
                current,
                previous: by_key.get(&(i.id, previous)).map(|v| v.value),
                last_year: by_key.get(&(i.id, last_year)).map(|v| v.value),
                target,
                target_is_annual,
                unlock_pending: unlocks.remove(&i.id).map(|r| r.reason),
                indicator: i,
            });
        }
        let own = self.store.indicator_deadlines().await?;
        let deadline = earliest_deadline(
            period,
            chiso_core::calendar::level_of(&tree, u.id),
            lines.iter().map(|l| &l.indicator),
            &own,
        );
        let violations = self.rule_violations(u.id, period).await?;
        let returned = self.open_return(&u, period).await?;
        Ok(EntrySheet {
            returned,
            unit: u,
            period,
            lines,
            deadline,
            violations,
        })
    }
}

/// A reminder: a period of one of the caller's units whose deadline is near or past, with
/// indicators not yet submitted.
#[derive(Debug, Clone)]
pub struct Reminder {
    /// The unit.
    pub unit: OrgUnit,
    /// The period.
    pub period: Period,
    /// Its deadline.
    pub deadline: NaiveDate,
    /// Indicators not yet submitted.
    pub missing: usize,
    /// Indicators expected.
    pub total: usize,
}

/// Days ahead a deadline is reminded of.
pub const REMIND_DAYS: i64 = 7;

impl App {
    /// The caller's reminders on `today`: for each unit they enter data for and each
    /// frequency, the current and the previous period, when the deadline is within
    /// [`REMIND_DAYS`] days or has passed and something is still not submitted. Overdue
    /// first, then the soonest.
    ///
    /// # Errors
    /// The database fails.
    pub async fn reminders(&self, who: &Principal, today: NaiveDate) -> AppResult<Vec<Reminder>> {
        let tree = self.tree();
        let all: Vec<Indicator> = self
            .store
            .all_indicators()
            .await?
            .into_iter()
            .map(|r| r.indicator)
            .collect();
        let own = self.store.indicator_deadlines().await?;
        let mut out = Vec::new();
        for unit in self.entry_units(who) {
            for kind in [
                PeriodType::Month,
                PeriodType::Quarter,
                PeriodType::HalfYear,
                PeriodType::Year,
            ] {
                let current = Period::containing(kind, today);
                let indicators = to_report(who, &tree, &all, unit.id, kind);
                if indicators.is_empty() {
                    continue;
                }
                let ids: Vec<i64> = indicators.iter().map(|i| i.id).collect();
                for period in [current.previous(), current] {
                    let level = chiso_core::calendar::level_of(&tree, unit.id);
                    let Some(deadline) = earliest_deadline(period, level, indicators.iter(), &own)
                    else {
                        continue;
                    };
                    if (deadline - today).num_days() > REMIND_DAYS {
                        continue;
                    }
                    let submitted = self
                        .store
                        .values_among(&ids, &[unit.id], &[period])
                        .await?
                        .iter()
                        .filter(|v| v.status != ValueStatus::Draft)
                        .count();
                    let missing = ids.len().saturating_sub(submitted);
                    if missing > 0 {
                        out.push(Reminder {
                            unit: unit.clone(),
                            period,
                            deadline,
                            missing,
                            total: ids.len(),
                        });
                    }
                }
            }
        }
        out.sort_by_key(|r| r.deadline);
        Ok(out)
    }
}

/// The indicators `who` reports for `unit` at frequency `kind`: in operation, not computed,
/// and theirs to write; ordered by field, then code.
fn to_report(
    who: &Principal,
    tree: &chiso_core::org::OrgTree,
    all: &[Indicator],
    unit: chiso_core::org::OrgId,
    kind: PeriodType,
) -> Vec<Indicator> {
    let mut out: Vec<Indicator> = all
        .iter()
        .filter(|i| {
            let s = &i.sheet;
            s.frequency == kind
                && matches!(
                    s.status,
                    LifecycleStatus::Operating | LifecycleStatus::Approved
                )
                && s.formula.as_deref().is_none_or(|f| f.trim().is_empty())
                && may_write_value(who, tree, s.owner_id, s.reporting_level, unit)
        })
        .cloned()
        .collect();
    out.sort_by(|a, b| (a.sheet.field, &a.code).cmp(&(b.sheet.field, &b.code)));
    out
}

/// The earliest deadline at `level` among `indicators` for `period` (each its own, or the
/// calendar's defaults); the default one when there are no indicators.
fn earliest_deadline<'a>(
    period: Period,
    level: chiso_core::calendar::Level,
    indicators: impl Iterator<Item = &'a Indicator>,
    own: &HashMap<i64, chiso_core::calendar::Deadlines>,
) -> Option<NaiveDate> {
    let default = chiso_core::calendar::Deadlines::default();
    indicators
        .filter_map(|i| {
            chiso_core::calendar::deadline(&period, level, own.get(&i.id).unwrap_or(&default))
        })
        .min()
        .or_else(|| chiso_core::calendar::deadline(&period, level, &default))
}

/// A period code that does not parse, as a problem of field `period`.
pub fn bad_period(text: &str) -> Problem {
    Problem::invalid("period.invalid")
        .field("period")
        .arg("input", text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_period_to_report_is_the_last_one_ended() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        assert_eq!(
            period_to_report(PeriodType::Month, d).to_string(),
            "2026-11"
        );
        assert_eq!(
            period_to_report(PeriodType::Quarter, d).to_string(),
            "2026Q3"
        );
        assert_eq!(period_to_report(PeriodType::Year, d).to_string(), "2025");
    }
}
