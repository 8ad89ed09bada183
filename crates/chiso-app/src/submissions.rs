//! Expected submissions and their state: for a period, every (indicator, providing unit)
//! pair the reporting calendar expects, whether it was submitted on time, late, is still
//! open or is missing — summed up by unit.

use crate::auth::require;
use crate::{App, AppResult};
use chiso_core::access::{Action, Principal};
use chiso_core::calendar::{
    Deadlines, Level, SubmissionState, deadline, expected_reports, level_of, state,
};
use chiso_core::indicator::LifecycleStatus;
use chiso_core::org::{OrgId, OrgUnit};
use chiso_core::period::Period;
use chiso_core::value::ValueStatus;
use chiso_store::ValueQuery;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::collections::{BTreeMap, HashMap};

/// The day in Vietnam (UTC+7) of an instant.
pub fn vietnam_day(t: DateTime<Utc>) -> NaiveDate {
    (t + Duration::hours(7)).date_naive()
}

/// One providing unit's submissions for the period.
#[derive(Debug, Clone)]
pub struct UnitSubmissions {
    /// The unit.
    pub unit: OrgUnit,
    /// Its level.
    pub level: Level,
    /// Its deadline.
    pub deadline: Option<NaiveDate>,
    /// How many expected submissions are in each state.
    pub counts: BTreeMap<SubmissionState, usize>,
    /// Codes of the indicators missing (deadline passed, nothing submitted).
    pub missing: Vec<String>,
}

impl UnitSubmissions {
    /// How many submissions are in `s`.
    pub fn count(&self, s: SubmissionState) -> usize {
        self.counts.get(&s).copied().unwrap_or(0)
    }

    /// How many submissions were expected.
    pub fn expected(&self) -> usize {
        self.counts.values().sum()
    }
}

/// Every providing unit's submissions for a period, units with the most missing first.
#[derive(Debug, Clone)]
pub struct Submissions {
    /// The period.
    pub period: Period,
    /// The day the states are for.
    pub today: NaiveDate,
    /// By unit.
    pub units: Vec<UnitSubmissions>,
}

impl Submissions {
    /// Totals by state over every unit.
    pub fn totals(&self) -> BTreeMap<SubmissionState, usize> {
        let mut t = BTreeMap::new();
        for u in &self.units {
            for (s, n) in &u.counts {
                *t.entry(*s).or_insert(0) += n;
            }
        }
        t
    }
}

impl App {
    /// The submissions expected for `period` from the units in `within`'s subtree, as of
    /// `today`, with the default deadlines of the reporting calendar.
    pub async fn submissions(
        &self,
        who: &Principal,
        within: &str,
        period: Period,
        today: NaiveDate,
    ) -> AppResult<Submissions> {
        let tree = self.tree();
        let top = self.org_unit(within)?;
        require(who, Action::ReadData, top.id, &tree)?;
        let deadlines = Deadlines::default();
        let indicators: Vec<_> = self
            .store
            .all_indicators()
            .await?
            .into_iter()
            .map(|r| r.indicator)
            .filter(|i| {
                i.sheet.frequency == period.period_type()
                    && i.sheet.status == LifecycleStatus::Operating
                    && i.sheet
                        .formula
                        .as_deref()
                        .is_none_or(|f| f.trim().is_empty())
            })
            .collect();
        // Every unit: an owner below `within` may report the province's figure.
        let q = ValueQuery {
            indicator_id: None,
            org_unit_id: None,
            subtree: false,
            from: Some(period.start()),
            to: Some(period.end()),
        };
        let (values, _) = self.store.query_values(&q, 10_000_000, 0).await?;
        let submitted: HashMap<(i64, OrgId), NaiveDate> = values
            .into_iter()
            .filter(|v| v.period == period && v.status != ValueStatus::Draft)
            .map(|v| ((v.indicator_id, v.org_unit_id), vietnam_day(v.updated_at)))
            .collect();
        let mut by_unit: BTreeMap<OrgId, UnitSubmissions> = BTreeMap::new();
        for i in &indicators {
            for ex in expected_reports(&tree, &i.sheet, top.id) {
                let u = ex.by;
                let Some(unit) = tree.get(u) else { continue };
                let level = level_of(&tree, u);
                let entry = by_unit.entry(u).or_insert_with(|| UnitSubmissions {
                    unit: unit.clone(),
                    level,
                    deadline: deadline(&period, level, &deadlines),
                    counts: BTreeMap::new(),
                    missing: Vec::new(),
                });
                let s = state(
                    &period,
                    level,
                    &deadlines,
                    today,
                    submitted.get(&(i.id, ex.unit)).copied(),
                );
                *entry.counts.entry(s).or_insert(0) += 1;
                if s == SubmissionState::Missing {
                    entry.missing.push(i.code.to_string());
                }
            }
        }
        let mut units: Vec<UnitSubmissions> = by_unit.into_values().collect();
        units.sort_by(|a, b| {
            (
                b.count(SubmissionState::Missing),
                b.count(SubmissionState::Late),
            )
                .cmp(&(
                    a.count(SubmissionState::Missing),
                    a.count(SubmissionState::Late),
                ))
                .then_with(|| a.unit.code.cmp(&b.unit.code))
        });
        Ok(Submissions {
            period,
            today,
            units,
        })
    }
}
