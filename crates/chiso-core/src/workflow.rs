//! The six-step catalogue workflow: which step may follow which, what each step needs
//! on the attribute sheet, and who may take it.
//!
//! (1) need identified → (2) listed → (3) standardized → (4) screened →
//! (5) approved and promulgated → (6) in operation; an indicator in operation can be
//! revised (back to standardized, with a new definition version) or retired.

use crate::access::{Action, Principal, Role};
use crate::indicator::{IndicatorSheet, LifecycleStatus};
use crate::org::{OrgId, OrgTree};

/// Who must take a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gatekeeper {
    /// A catalogue editor of the owner agency (or above it): the owner confirms its sheet.
    OwnerEditor,
    /// A catalogue editor at the top of the tree: the working group that screens and
    /// keeps the province's catalogue.
    WorkingGroup,
    /// A leader at the top of the tree: approves and promulgates.
    Leader,
}

impl Gatekeeper {
    /// The locale key naming this gatekeeper.
    pub fn key(self) -> &'static str {
        match self {
            Gatekeeper::OwnerEditor => "workflow.who.owner_editor",
            Gatekeeper::WorkingGroup => "workflow.who.working_group",
            Gatekeeper::Leader => "workflow.who.leader",
        }
    }

    /// Whether `who` is this gatekeeper for an indicator owned by `owner`.
    pub fn admits(self, who: &Principal, owner: OrgId, tree: &OrgTree) -> bool {
        let at_roots = |roles: &[Role]| {
            tree.roots().any(|r| {
                who.grants
                    .iter()
                    .any(|g| roles.contains(&g.role) && g.org_unit_id == r.id)
            })
        };
        match self {
            Gatekeeper::OwnerEditor => who.can(Action::EditCatalogue, owner, tree),
            Gatekeeper::WorkingGroup => at_roots(&[Role::Admin, Role::CatalogueEditor]),
            Gatekeeper::Leader => at_roots(&[Role::Admin, Role::Leader]),
        }
    }
}

/// The steps that may follow `from`.
pub fn next_steps(from: LifecycleStatus) -> &'static [LifecycleStatus] {
    use LifecycleStatus::*;
    match from {
        Proposed => &[Listed, Retired],
        Listed => &[Standardized, Proposed, Retired],
        Standardized => &[Screened, Listed, Retired],
        Screened => &[Approved, Standardized, Retired],
        Approved => &[Operating, Screened],
        Operating => &[Standardized, Retired],
        Retired => &[],
    }
}

/// The forward step after `from` in the six-step order, if any.
pub fn forward(from: LifecycleStatus) -> Option<LifecycleStatus> {
    use LifecycleStatus::*;
    match from {
        Proposed => Some(Listed),
        Listed => Some(Standardized),
        Standardized => Some(Screened),
        Screened => Some(Approved),
        Approved => Some(Operating),
        Operating | Retired => None,
    }
}

/// The 1-based position of a step (retired counts as 7).
pub fn position(s: LifecycleStatus) -> usize {
    use LifecycleStatus::*;
    match s {
        Proposed => 1,
        Listed => 2,
        Standardized => 3,
        Screened => 4,
        Approved => 5,
        Operating => 6,
        Retired => 7,
    }
}

/// Who may move an indicator into `to`.
pub fn gatekeeper(from: LifecycleStatus, to: LifecycleStatus) -> Gatekeeper {
    use LifecycleStatus::*;
    match (from, to) {
        (_, Listed | Standardized | Proposed) => Gatekeeper::OwnerEditor,
        (_, Approved) => Gatekeeper::Leader,
        (Approved, Screened) => Gatekeeper::Leader,
        (_, Screened | Operating | Retired) => Gatekeeper::WorkingGroup,
    }
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// The attributes (API names) still missing before an indicator may enter `to`.
/// Each step needs what the steps before it needed.
pub fn missing_for(to: LifecycleStatus, s: &IndicatorSheet) -> Vec<&'static str> {
    let mut m = Vec::new();
    let need = position(to);
    if need >= 2 && to != LifecycleStatus::Retired {
        for (field, empty) in [
            ("name_vi", blank(&s.name_vi)),
            ("name_en", blank(&s.name_en)),
            ("purpose", blank(&s.purpose)),
            ("source", blank(&s.source)),
        ] {
            if empty {
                m.push(field);
            }
        }
    }
    if need >= 3 && to != LifecycleStatus::Retired {
        let no_method = blank(&s.definition) && s.formula.as_deref().is_none_or(blank);
        for (field, empty) in [
            ("definition", no_method),
            ("unit", blank(&s.unit)),
            ("reporting_calendar", blank(&s.reporting_calendar)),
            ("providing_units", blank(&s.providing_units)),
            ("accountable_person", blank(&s.accountable_person)),
            ("legal_basis", blank(&s.legal_basis)),
        ] {
            if empty {
                m.push(field);
            }
        }
    }
    if to == LifecycleStatus::Operating && s.effective_from.is_none() {
        m.push("effective_from");
    }
    m
}

/// Why a step cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    /// `to` does not follow `from`.
    #[error("cannot go from {from} to {to}")]
    NotAllowed {
        /// Current step.
        from: LifecycleStatus,
        /// Requested step.
        to: LifecycleStatus,
    },
    /// The caller is not the gatekeeper of the step.
    #[error("only {0:?} may take this step")]
    Forbidden(Gatekeeper),
    /// Attributes are missing.
    #[error("missing: {}", .0.join(", "))]
    Missing(Vec<&'static str>),
    /// Every step carries a comment.
    #[error("a comment is required")]
    CommentRequired,
    /// Screening needs its duplicate check resolved first.
    #[error("duplicates not resolved")]
    DuplicatesUnresolved,
}

/// Checks a step of the workflow. `duplicates_resolved` says whether the screening of
/// likely duplicates has been settled (merge or keep with a reason).
pub fn check_step(
    who: &Principal,
    tree: &OrgTree,
    sheet: &IndicatorSheet,
    to: LifecycleStatus,
    comment: &str,
    duplicates_resolved: bool,
) -> Result<(), StepError> {
    let from = sheet.status;
    if !next_steps(from).contains(&to) {
        return Err(StepError::NotAllowed { from, to });
    }
    let g = gatekeeper(from, to);
    if !g.admits(who, sheet.owner_id, tree) {
        return Err(StepError::Forbidden(g));
    }
    if comment.trim().is_empty() {
        return Err(StepError::CommentRequired);
    }
    let missing = if position(to) > position(from) {
        missing_for(to, sheet)
    } else {
        Vec::new()
    };
    if !missing.is_empty() {
        return Err(StepError::Missing(missing));
    }
    if to == LifecycleStatus::Screened && !duplicates_resolved {
        return Err(StepError::DuplicatesUnresolved);
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::access::Grant;
    use crate::code::Code;
    use crate::indicator::*;
    use crate::org::{OrgKind, OrgUnit};
    use crate::period::PeriodType;

    fn tree() -> OrgTree {
        let u = |id: i64, parent: Option<i64>, kind| OrgUnit {
            id,
            code: Code::parse(&format!("U{id}")).unwrap(),
            name_vi: String::new(),
            name_en: String::new(),
            parent_id: parent,
            level: if parent.is_some() { 2 } else { 1 },
            kind,
            valid_from: None,
            valid_to: None,
            geometry: None,
        };
        OrgTree::new(vec![
            u(1, None, OrgKind::Locality),
            u(2, Some(1), OrgKind::Agency),
            u(3, Some(1), OrgKind::Agency),
        ])
        .unwrap()
    }

    fn who(role: Role, unit: i64) -> Principal {
        Principal {
            user_id: 1,
            username: "u".into(),
            full_name: "U".into(),
            locale: "vi".into(),
            grants: vec![Grant {
                role,
                org_unit_id: unit,
            }],
        }
    }

    fn proposed() -> IndicatorSheet {
        IndicatorSheet {
            name_vi: "Tỷ lệ hồ sơ đúng hạn".into(),
            name_en: "On-time dossiers".into(),
            short_name: String::new(),
            group: IndicatorGroup::Output,
            field: Field::PublicAdministration,
            purpose: String::new(),
            definition: String::new(),
            formula: None,
            unit: "%".into(),
            decimals: 1,
            value_type: ValueType::Percent,
            polarity: Polarity::HigherIsBetter,
            aggregation_tree: TreeAggregation::Average,
            aggregation_time: TimeAggregation::Average,
            frequency: PeriodType::Month,
            reporting_calendar: String::new(),
            source: "Hệ thống giải quyết TTHC".into(),
            owner_id: 2,
            reporting_level: ReportingLevel::Localities,
            providing_units: String::new(),
            accountable_person: String::new(),
            legal_basis: String::new(),
            national_code: None,
            disaggregations: String::new(),
            effective_from: None,
            effective_to: None,
            status: LifecycleStatus::Proposed,
            resolution_links: String::new(),
            weight_indicator: None,
            min_value: None,
            max_value: None,
            allowed_values: Vec::new(),
            outlier_threshold: None,
            province_acceptance: false,
        }
    }

    #[test]
    fn walks_all_six_steps_with_the_right_roles() {
        let t = tree();
        let owner_editor = who(Role::CatalogueEditor, 2);
        let working_group = who(Role::CatalogueEditor, 1);
        let leader = who(Role::Leader, 1);
        let mut s = proposed();
        // (2) listed needs a purpose.
        assert_eq!(
            check_step(&owner_editor, &t, &s, LifecycleStatus::Listed, "ok", true),
            Err(StepError::Missing(vec!["purpose"]))
        );
        s.purpose = "Theo dõi cải cách hành chính".into();
        assert_eq!(
            check_step(&owner_editor, &t, &s, LifecycleStatus::Listed, "ok", true),
            Ok(())
        );
        s.status = LifecycleStatus::Listed;
        // (3) standardized needs the full sheet.
        let e = check_step(
            &owner_editor,
            &t,
            &s,
            LifecycleStatus::Standardized,
            "ok",
            true,
        );
        assert_eq!(
            e,
            Err(StepError::Missing(vec![
                "definition",
                "reporting_calendar",
                "providing_units",
                "accountable_person",
                "legal_basis"
            ]))
        );
        s.definition = "Số hồ sơ đúng hạn / tổng số hồ sơ".into();
        s.reporting_calendar = "Tháng, trước ngày 20".into();
        s.providing_units = "Các sở, UBND cấp xã".into();
        s.accountable_person = "Giám đốc Sở".into();
        s.legal_basis = "Nghị định 61/2018/NĐ-CP".into();
        // Another agency's editor is not the owner.
        assert_eq!(
            check_step(
                &who(Role::CatalogueEditor, 3),
                &t,
                &s,
                LifecycleStatus::Standardized,
                "ok",
                true
            ),
            Err(StepError::Forbidden(Gatekeeper::OwnerEditor))
        );
        assert_eq!(
            check_step(
                &owner_editor,
                &t,
                &s,
                LifecycleStatus::Standardized,
                "ok",
                true
            ),
            Ok(())
        );
        s.status = LifecycleStatus::Standardized;
        // (4) screened: the working group, after duplicates are settled.
        assert_eq!(
            check_step(&owner_editor, &t, &s, LifecycleStatus::Screened, "ok", true),
            Err(StepError::Forbidden(Gatekeeper::WorkingGroup))
        );
        assert_eq!(
            check_step(
                &working_group,
                &t,
                &s,
                LifecycleStatus::Screened,
                "ok",
                false
            ),
            Err(StepError::DuplicatesUnresolved)
        );
        assert_eq!(
            check_step(
                &working_group,
                &t,
                &s,
                LifecycleStatus::Screened,
                "ok",
                true
            ),
            Ok(())
        );
        s.status = LifecycleStatus::Screened;
        // (5) approved: a leader, with a comment.
        assert_eq!(
            check_step(
                &working_group,
                &t,
                &s,
                LifecycleStatus::Approved,
                "ok",
                true
            ),
            Err(StepError::Forbidden(Gatekeeper::Leader))
        );
        assert_eq!(
            check_step(&leader, &t, &s, LifecycleStatus::Approved, " ", true),
            Err(StepError::CommentRequired)
        );
        assert_eq!(
            check_step(
                &leader,
                &t,
                &s,
                LifecycleStatus::Approved,
                "QĐ 12/QĐ-UBND",
                true
            ),
            Ok(())
        );
        s.status = LifecycleStatus::Approved;
        // (6) operating needs an effective date.
        assert_eq!(
            check_step(
                &working_group,
                &t,
                &s,
                LifecycleStatus::Operating,
                "ok",
                true
            ),
            Err(StepError::Missing(vec!["effective_from"]))
        );
        s.effective_from = chrono::NaiveDate::from_ymd_opt(2026, 1, 1);
        assert_eq!(
            check_step(
                &working_group,
                &t,
                &s,
                LifecycleStatus::Operating,
                "ok",
                true
            ),
            Ok(())
        );
    }

    #[test]
    fn steps_cannot_be_skipped() {
        let t = tree();
        let admin = who(Role::Admin, 1);
        let s = proposed();
        assert_eq!(
            check_step(&admin, &t, &s, LifecycleStatus::Operating, "ok", true),
            Err(StepError::NotAllowed {
                from: LifecycleStatus::Proposed,
                to: LifecycleStatus::Operating
            })
        );
        assert!(next_steps(LifecycleStatus::Retired).is_empty());
        assert_eq!(
            forward(LifecycleStatus::Screened),
            Some(LifecycleStatus::Approved)
        );
    }

    #[test]
    fn going_back_needs_no_attributes() {
        let t = tree();
        let mut s = proposed();
        s.status = LifecycleStatus::Listed;
        assert_eq!(
            check_step(
                &who(Role::CatalogueEditor, 2),
                &t,
                &s,
                LifecycleStatus::Proposed,
                "thiếu",
                true
            ),
            Ok(())
        );
    }
}
