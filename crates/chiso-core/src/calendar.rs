//! The reporting calendar: when a period's data closes and when each level must submit it,
//! and the state of a submission (not due, open, on time, late, missing).
//!
//! Default closing windows follow Decree 09/2019/NĐ-CP (Art. 12): a month's data runs from the
//! 15th of the previous month to the 14th of the month; a quarter's from the 15th of the month
//! before the quarter to the 14th of its last month; the first half-year from 15/12 to 14/06,
//! the second from 15/06 to 14/12; a year from 15/12 of the year before to 14/12. Reports then
//! travel up: by default a commune submits 2 days after closing, a department or agency 4 days
//! after, the province 6 days after. Every indicator may set its own offsets.

use crate::period::{Period, PeriodType};
use chrono::{Datelike, Duration, NaiveDate};

/// Who submits: the level of the reporting unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// A commune or ward.
    Commune,
    /// A department or agency.
    Agency,
    /// The province.
    Province,
}

/// Days after the closing day by which each level submits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    /// Communes and wards.
    pub commune: i64,
    /// Departments and agencies.
    pub agency: i64,
    /// The province.
    pub province: i64,
}

impl Default for Deadlines {
    fn default() -> Self {
        Deadlines {
            commune: 2,
            agency: 4,
            province: 6,
        }
    }
}

impl Deadlines {
    /// The offset for `level`.
    pub fn for_level(&self, level: Level) -> i64 {
        match level {
            Level::Commune => self.commune,
            Level::Agency => self.agency,
            Level::Province => self.province,
        }
    }
}

/// The state of one expected submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SubmissionState {
    /// The period's data has not closed yet.
    NotDue,
    /// Closed, not submitted, the deadline not passed.
    Open,
    /// Submitted by the deadline.
    OnTime,
    /// Submitted after the deadline.
    Late,
    /// Not submitted and the deadline passed.
    Missing,
}

impl SubmissionState {
    /// Stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            SubmissionState::NotDue => "not_due",
            SubmissionState::Open => "open",
            SubmissionState::OnTime => "on_time",
            SubmissionState::Late => "late",
            SubmissionState::Missing => "missing",
        }
    }
}

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The 15th of the month before the month of `date`.
fn fifteenth_before(date: NaiveDate) -> Option<NaiveDate> {
    let (y, m) = if date.month() == 1 {
        (date.year() - 1, 12)
    } else {
        (date.year(), date.month() - 1)
    };
    day(y, m, 15)
}

/// The data-closing window of a period: first and last day whose data it reports. Weeks
/// and days close on their own last day.
pub fn closing_window(p: &Period) -> Option<(NaiveDate, NaiveDate)> {
    let (start, end) = (p.start(), p.end());
    match p.period_type() {
        PeriodType::Day | PeriodType::Week => Some((start, end)),
        PeriodType::Month | PeriodType::Quarter | PeriodType::HalfYear | PeriodType::Year => {
            // From the 15th of the month before the period to the 14th of its last month.
            Some((fifteenth_before(start)?, day(end.year(), end.month(), 14)?))
        }
    }
}

/// The last day `level` may submit the period.
pub fn deadline(p: &Period, level: Level, deadlines: &Deadlines) -> Option<NaiveDate> {
    let (_, close) = closing_window(p)?;
    close.checked_add_signed(Duration::days(deadlines.for_level(level)))
}

/// The state of a submission on `today`, given the day it was submitted (if it was).
pub fn state(
    p: &Period,
    level: Level,
    deadlines: &Deadlines,
    today: NaiveDate,
    submitted: Option<NaiveDate>,
) -> SubmissionState {
    let (Some((_, close)), Some(due)) = (closing_window(p), deadline(p, level, deadlines)) else {
        return SubmissionState::NotDue;
    };
    match submitted {
        Some(d) if d <= due => SubmissionState::OnTime,
        Some(_) => SubmissionState::Late,
        None if today <= close => SubmissionState::NotDue,
        None if today <= due => SubmissionState::Open,
        None => SubmissionState::Missing,
    }
}

/// The level of a unit: the root is the province, agencies are agencies, the rest communes.
pub fn level_of(tree: &crate::org::OrgTree, unit: crate::org::OrgId) -> Level {
    match tree.get(unit) {
        Some(u) if u.parent_id.is_none() => Level::Province,
        Some(u) if u.kind == crate::org::OrgKind::Agency => Level::Agency,
        _ => Level::Commune,
    }
}

/// One report the calendar expects: the unit the value describes and the unit that must
/// report it (the same, except for owner-reported indicators, whose owner agency reports
/// the figure of the whole province).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expected {
    /// The unit the value is for.
    pub unit: crate::org::OrgId,
    /// The unit responsible for reporting it.
    pub by: crate::org::OrgId,
}

/// Whether `unit` provides the values of indicators reported at `level`: for localities,
/// the lowest tier — a locality with a parent and no locality below it (communes and wards,
/// also when the provinces sit under a national root); for agencies, any agency with a
/// parent; owner-reported indicators have no providers (their owner reports).
pub fn provides(
    tree: &crate::org::OrgTree,
    level: crate::indicator::ReportingLevel,
    unit: &crate::org::OrgUnit,
) -> bool {
    use crate::indicator::ReportingLevel;
    use crate::org::OrgKind;
    match level {
        ReportingLevel::Owner => false,
        ReportingLevel::Localities => {
            unit.kind == OrgKind::Locality
                && unit.parent_id.is_some()
                && !tree
                    .child_ids(unit.id)
                    .iter()
                    .any(|c| tree.get(*c).is_some_and(|c| c.kind == OrgKind::Locality))
        }
        ReportingLevel::Agencies => unit.kind == OrgKind::Agency && unit.parent_id.is_some(),
    }
}

/// The unit an owner-reported figure describes: the nearest locality at or above the owner
/// agency (its province), else the top of its tree.
pub fn figure_unit(tree: &crate::org::OrgTree, owner: crate::org::OrgId) -> crate::org::OrgId {
    let path = tree.path(owner);
    path.iter()
        .rev()
        .find(|u| u.kind == crate::org::OrgKind::Locality)
        .or(path.first())
        .map_or(owner, |u| u.id)
}

/// The reports of an indicator expected within `within`'s subtree: one per commune/ward or
/// per agency for indicators they provide (see [`provides`]); for an owner-reported
/// indicator, the figure of the owner's province ([`figure_unit`]), reported by the owner
/// (expected when the owner is within the subtree).
pub fn expected_reports(
    tree: &crate::org::OrgTree,
    sheet: &crate::indicator::IndicatorSheet,
    within: crate::org::OrgId,
) -> Vec<Expected> {
    use crate::indicator::ReportingLevel;
    let sub = tree.subtree(within);
    match sheet.reporting_level {
        ReportingLevel::Owner => {
            if !sub.iter().any(|u| u.id == sheet.owner_id) {
                return Vec::new();
            }
            vec![Expected {
                unit: figure_unit(tree, sheet.owner_id),
                by: sheet.owner_id,
            }]
        }
        level => sub
            .iter()
            .filter(|u| provides(tree, level, u))
            .map(|u| Expected {
                unit: u.id,
                by: u.id,
            })
            .collect(),
    }
}

/// The units whose values make up an indicator's figure within `within`'s subtree and that
/// are expected to report (for counting who has not).
pub fn providers(
    tree: &crate::org::OrgTree,
    sheet: &crate::indicator::IndicatorSheet,
    within: crate::org::OrgId,
) -> Vec<crate::org::OrgId> {
    let reports = expected_reports(tree, sheet, within);
    match sheet.reporting_level {
        // The owner's figure may describe a unit above `within`.
        crate::indicator::ReportingLevel::Owner => reports
            .into_iter()
            .map(|e| e.unit)
            .filter(|u| tree.is_in_subtree(within, *u))
            .collect(),
        // The others are taken from `within`'s subtree.
        _ => reports.into_iter().map(|e| e.unit).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        Period::parse(s).expect("period")
    }

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).expect("date")
    }

    #[test]
    fn under_a_national_root_communes_provide_and_the_province_is_the_figure() {
        use crate::indicator::ReportingLevel;
        use crate::org::{OrgKind, OrgTree, OrgUnit};
        let u = |id: i64, parent: Option<i64>, kind| OrgUnit {
            id,
            code: crate::code::Code::parse(&format!("U{id}")).expect("code"),
            name_vi: format!("Đơn vị {id}"),
            name_en: format!("Unit {id}"),
            parent_id: parent,
            level: 1,
            kind,
            valid_from: None,
            valid_to: None,
            geometry: None,
        };
        // Country 1 → provinces 2, 3 → communes 4, 5 (of 2), 6 (of 3); agency 7 under 2.
        let tree = OrgTree::new(vec![
            u(1, None, OrgKind::Locality),
            u(2, Some(1), OrgKind::Locality),
            u(3, Some(1), OrgKind::Locality),
            u(4, Some(2), OrgKind::Locality),
            u(5, Some(2), OrgKind::Locality),
            u(6, Some(3), OrgKind::Locality),
            u(7, Some(2), OrgKind::Agency),
        ])
        .expect("tree");
        let mut sheet = crate::indicator::tests::sheet();
        sheet.reporting_level = ReportingLevel::Localities;
        assert_eq!(
            providers(&tree, &sheet, 1),
            vec![4, 5, 6],
            "not the provinces"
        );
        assert_eq!(providers(&tree, &sheet, 2), vec![4, 5]);
        sheet.reporting_level = ReportingLevel::Agencies;
        assert_eq!(providers(&tree, &sheet, 1), vec![7]);
        sheet.reporting_level = ReportingLevel::Owner;
        sheet.owner_id = 7;
        assert_eq!(
            expected_reports(&tree, &sheet, 1),
            vec![Expected { unit: 2, by: 7 }],
            "the owner reports its province's figure, not the country's"
        );
        assert!(expected_reports(&tree, &sheet, 3).is_empty());
    }

    #[test]
    fn windows_follow_decree_09() {
        assert_eq!(
            closing_window(&p("2026-11")),
            Some((d(2026, 10, 15), d(2026, 11, 14)))
        );
        assert_eq!(
            closing_window(&p("2026-01")),
            Some((d(2025, 12, 15), d(2026, 1, 14)))
        );
        assert_eq!(
            closing_window(&p("2026Q3")),
            Some((d(2026, 6, 15), d(2026, 9, 14)))
        );
        assert_eq!(
            closing_window(&p("2026S1")),
            Some((d(2025, 12, 15), d(2026, 6, 14)))
        );
        assert_eq!(
            closing_window(&p("2026S2")),
            Some((d(2026, 6, 15), d(2026, 12, 14)))
        );
        assert_eq!(
            closing_window(&p("2026")),
            Some((d(2025, 12, 15), d(2026, 12, 14)))
        );
    }

    #[test]
    fn deadlines_rise_with_the_level() {
        let dl = Deadlines::default();
        assert_eq!(
            deadline(&p("2026-11"), Level::Commune, &dl),
            Some(d(2026, 11, 16))
        );
        assert_eq!(
            deadline(&p("2026-11"), Level::Agency, &dl),
            Some(d(2026, 11, 18))
        );
        assert_eq!(
            deadline(&p("2026-11"), Level::Province, &dl),
            Some(d(2026, 11, 20))
        );
    }

    #[test]
    fn states_through_a_month() {
        let dl = Deadlines::default();
        let at = |today, sub| state(&p("2026-11"), Level::Commune, &dl, today, sub);
        assert_eq!(at(d(2026, 11, 10), None), SubmissionState::NotDue);
        assert_eq!(at(d(2026, 11, 15), None), SubmissionState::Open);
        assert_eq!(at(d(2026, 11, 17), None), SubmissionState::Missing);
        assert_eq!(
            at(d(2026, 11, 20), Some(d(2026, 11, 16))),
            SubmissionState::OnTime
        );
        assert_eq!(
            at(d(2026, 11, 20), Some(d(2026, 11, 19))),
            SubmissionState::Late
        );
    }
}
