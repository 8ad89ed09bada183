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
    /// `today`, each judged by its indicator's deadlines (the calendar's defaults unless the
    /// indicator sets its own); a unit's deadline shown is the default one.
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
        let own = self.store.indicator_deadlines().await?;
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
                    own.get(&i.id).unwrap_or(&deadlines),
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

/// How many days each level has after the closing day, as set for one indicator.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlinesInput {
    /// Communes and wards.
    pub commune: i64,
    /// Departments and agencies.
    pub agency: i64,
    /// The province.
    pub province: i64,
}

impl App {
    /// An indicator's deadlines: its own, or the calendar's defaults.
    ///
    /// # Errors
    /// Unknown indicator.
    pub async fn indicator_deadlines(&self, code: &str) -> AppResult<(Deadlines, bool)> {
        let ind = self.indicator(code.trim()).await?.indicator;
        Ok(match self.store.indicator_deadlines().await?.get(&ind.id) {
            Some(d) => (*d, true),
            None => (Deadlines::default(), false),
        })
    }

    /// Sets an indicator's own deadlines (catalogue editors of its owner), or with `None`
    /// returns it to the defaults. Each is 0–60 days after closing, and a level never
    /// submits before the level below it (reports travel up). Audited.
    ///
    /// # Errors
    /// Unknown indicator, no right, or days out of order or range.
    pub async fn set_indicator_deadlines(
        &self,
        who: &Principal,
        code: &str,
        input: Option<DeadlinesInput>,
    ) -> AppResult<()> {
        let tree = self.tree();
        let ind = self.indicator(code.trim()).await?.indicator;
        require(who, Action::EditCatalogue, ind.sheet.owner_id, &tree)?;
        let d = input.map(|i| Deadlines {
            commune: i.commune,
            agency: i.agency,
            province: i.province,
        });
        if let Some(d) = d {
            for (field, days) in [
                ("commune", d.commune),
                ("agency", d.agency),
                ("province", d.province),
            ] {
                if !(0..=60).contains(&days) {
                    return Err(crate::Problem::invalid("deadline.range")
                        .field(field)
                        .arg("days", days)
                        .into());
                }
            }
            if !(d.commune <= d.agency && d.agency <= d.province) {
                return Err(crate::Problem::invalid("deadline.order")
                    .field("agency")
                    .into());
            }
        }
        let mut tx = self.store.begin().await?;
        tx.set_indicator_deadlines(ind.id, d).await?;
        let detail = serde_json::json!({
            "deadlines": d.map(|d| [d.commune, d.agency, d.province]),
        });
        tx.append_audit(&crate::auth::audit(
            Some(who.user_id),
            "indicator.deadlines",
            "indicator",
            ind.code.as_str(),
            &detail.to_string(),
        ))
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// A unit's timeliness over recent periods.
#[derive(Debug, Clone)]
pub struct UnitTimeliness {
    /// The unit.
    pub unit: OrgUnit,
    /// Share of its due submissions made on time, per period, oldest first; `None` where
    /// nothing was due.
    pub on_time: Vec<Option<f64>>,
    /// The mean of the shares it has.
    pub average: f64,
    /// Its place, 1 for the most punctual; ties share the lowest place.
    pub rank: usize,
}

impl App {
    /// The units below `within` ranked by the share of their due submissions made on time
    /// over the `n` periods ending at `last`, the most punctual first.
    ///
    /// # Errors
    /// Unknown unit or no right to read it.
    pub async fn timeliness_ranking(
        &self,
        who: &Principal,
        within: &str,
        last: Period,
        n: usize,
        today: NaiveDate,
    ) -> AppResult<Vec<UnitTimeliness>> {
        let mut periods: Vec<Period> = (0..n)
            .filter_map(|k| last.checked_offset(-(k as i32)))
            .collect();
        periods.reverse();
        let mut by_unit: BTreeMap<OrgId, (OrgUnit, Vec<Option<f64>>)> = BTreeMap::new();
        for (i, p) in periods.iter().enumerate() {
            let sub = self.submissions(who, within, *p, today).await?;
            for u in sub.units {
                let due = u.count(SubmissionState::OnTime)
                    + u.count(SubmissionState::Late)
                    + u.count(SubmissionState::Missing);
                let share = (due > 0).then(|| u.count(SubmissionState::OnTime) as f64 / due as f64);
                let entry = by_unit
                    .entry(u.unit.id)
                    .or_insert_with(|| (u.unit.clone(), vec![None; periods.len()]));
                entry.1[i] = share;
            }
        }
        let mut out: Vec<UnitTimeliness> = by_unit
            .into_values()
            .filter_map(|(unit, on_time)| {
                let have: Vec<f64> = on_time.iter().flatten().copied().collect();
                (!have.is_empty()).then(|| UnitTimeliness {
                    average: have.iter().sum::<f64>() / have.len() as f64,
                    unit,
                    on_time,
                    rank: 0,
                })
            })
            .collect();
        out.sort_by(|a, b| {
            b.average
                .total_cmp(&a.average)
                .then_with(|| a.unit.code.cmp(&b.unit.code))
        });
        for i in 0..out.len() {
            out[i].rank = if i > 0 && out[i].average == out[i - 1].average {
                out[i - 1].rank
            } else {
                i + 1
            };
        }
        Ok(out)
    }
}
