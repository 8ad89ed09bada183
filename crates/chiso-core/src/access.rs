//! Users' roles, each granted on an org unit and its subtree, and the checks on them.

use crate::org::{OrgId, OrgTree};
use serde::{Deserialize, Serialize};

crate::indicator::named_enum! {
    /// What a person may do; granted on an org unit and everything below it.
    Role {
        /// Manages users, units and settings.
        Admin = "admin",
        /// Reads everything in the subtree; the dashboard's main user.
        Leader = "leader",
        /// Builds and edits the indicator catalogue.
        CatalogueEditor = "catalogue_editor",
        /// Enters and imports data for units in the subtree.
        DataOfficer = "data_officer",
        /// Approves submitted data of units in the subtree.
        Approver = "approver",
        /// Reads data of units in the subtree.
        Viewer = "viewer",
    }
}

/// One role on one org unit (and its subtree).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Grant {
    /// The role.
    pub role: Role,
    /// The unit at the top of the subtree the role covers.
    pub org_unit_id: OrgId,
}

/// Something a caller wants to do, checked against their grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read data of a unit.
    ReadData,
    /// Write (enter, import) data of a unit.
    WriteData,
    /// Approve data of a unit.
    ApproveData,
    /// Create or edit indicators owned by a unit.
    EditCatalogue,
    /// Set the plan targets of a unit (the leadership that adopts the plan).
    SetTargets,
    /// Create resolutions and tasks, assign them within the subtree, evaluate them.
    ManageTasks,
    /// Create users and units, grant roles.
    Administer,
}

impl Action {
    /// The roles that allow this action (admin allows everything).
    pub fn roles(self) -> &'static [Role] {
        match self {
            Action::ReadData => &[
                Role::Admin,
                Role::Leader,
                Role::CatalogueEditor,
                Role::DataOfficer,
                Role::Approver,
                Role::Viewer,
            ],
            Action::WriteData => &[Role::Admin, Role::DataOfficer],
            Action::ApproveData => &[Role::Admin, Role::Approver],
            Action::EditCatalogue => &[Role::Admin, Role::CatalogueEditor],
            Action::SetTargets => &[Role::Admin, Role::Leader],
            Action::ManageTasks => &[Role::Admin, Role::Leader],
            Action::Administer => &[Role::Admin],
        }
    }
}

/// The signed-in caller: who they are and what they were granted.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Principal {
    /// User key.
    pub user_id: i64,
    /// Login name.
    pub username: String,
    /// Full name shown on pages.
    pub full_name: String,
    /// Preferred locale (`vi` or `en`).
    pub locale: String,
    /// Roles granted.
    pub grants: Vec<Grant>,
}

impl Principal {
    /// Whether the caller may do `action` on `unit`: some grant of an allowed role sits
    /// on `unit` or one of its ancestors.
    pub fn can(&self, action: Action, unit: OrgId, tree: &OrgTree) -> bool {
        let roles = action.roles();
        self.grants
            .iter()
            .any(|g| roles.contains(&g.role) && tree.is_in_subtree(g.org_unit_id, unit))
    }

    /// Whether the caller may do `action` on at least one unit.
    pub fn can_somewhere(&self, action: Action) -> bool {
        let roles = action.roles();
        self.grants.iter().any(|g| roles.contains(&g.role))
    }

    /// Whether the caller holds `role` anywhere.
    pub fn has_role(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }
}

/// One data – one source – one owner: whether `who` may write values of an indicator
/// owned by `owner` and reported at `level`, for `unit`. The owner's data officers may;
/// besides them, only data officers of the providing unit itself (a locality for a
/// locality-reported indicator, an agency for an agency-reported one).
pub fn may_write_value(
    who: &Principal,
    tree: &OrgTree,
    owner: OrgId,
    level: crate::indicator::ReportingLevel,
    unit: OrgId,
) -> bool {
    if who.can(Action::WriteData, owner, tree) {
        return true;
    }
    let Some(u) = tree.get(unit) else {
        return false;
    };
    crate::calendar::provides(tree, level, u) && who.can(Action::WriteData, unit, tree)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::code::Code;
    use crate::org::{OrgKind, OrgUnit};

    fn tree() -> OrgTree {
        let u = |id: i64, parent: Option<i64>| OrgUnit {
            id,
            code: Code::parse(&format!("U{id}")).unwrap(),
            name_vi: String::new(),
            name_en: String::new(),
            parent_id: parent,
            level: if parent.is_some() { 2 } else { 1 },
            kind: OrgKind::Locality,
            valid_from: None,
            valid_to: None,
            geometry: None,
        };
        OrgTree::new(vec![u(1, None), u(2, Some(1)), u(3, Some(1))]).unwrap()
    }

    fn principal(grants: Vec<Grant>) -> Principal {
        Principal {
            user_id: 1,
            username: "u".into(),
            full_name: "U".into(),
            locale: "vi".into(),
            grants,
        }
    }

    #[test]
    fn role_covers_its_subtree_only() {
        let t = tree();
        let p = principal(vec![Grant {
            role: Role::DataOfficer,
            org_unit_id: 2,
        }]);
        assert!(p.can(Action::WriteData, 2, &t));
        assert!(!p.can(Action::WriteData, 3, &t));
        assert!(!p.can(Action::WriteData, 1, &t));
        assert!(p.can(Action::ReadData, 2, &t));
        assert!(!p.can(Action::ApproveData, 2, &t));
    }

    #[test]
    fn admin_at_root_can_do_everything() {
        let t = tree();
        let p = principal(vec![Grant {
            role: Role::Admin,
            org_unit_id: 1,
        }]);
        for a in [
            Action::ReadData,
            Action::WriteData,
            Action::ApproveData,
            Action::EditCatalogue,
            Action::Administer,
        ] {
            assert!(p.can(a, 3, &t));
        }
    }

    #[test]
    fn only_owner_or_providing_unit_writes() {
        use crate::indicator::ReportingLevel;
        let t = tree(); // 1 = province, 2 and 3 = localities below it
        let owner_officer = principal(vec![Grant {
            role: Role::DataOfficer,
            org_unit_id: 2,
        }]);
        let commune_officer = principal(vec![Grant {
            role: Role::DataOfficer,
            org_unit_id: 3,
        }]);
        // Indicator owned by unit 2, reported by localities: the owner may write any unit.
        assert!(may_write_value(
            &owner_officer,
            &t,
            2,
            ReportingLevel::Localities,
            3
        ));
        assert!(may_write_value(
            &commune_officer,
            &t,
            2,
            ReportingLevel::Localities,
            3
        ));
        // Reported by the owner only: the commune may not, even for itself.
        assert!(!may_write_value(
            &commune_officer,
            &t,
            2,
            ReportingLevel::Owner,
            3
        ));
        assert!(may_write_value(
            &owner_officer,
            &t,
            2,
            ReportingLevel::Owner,
            1
        ));
        // Agencies report: a locality is not a providing unit.
        assert!(!may_write_value(
            &commune_officer,
            &t,
            2,
            ReportingLevel::Agencies,
            3
        ));
        // Not the province itself as a "locality".
        let province_officer = principal(vec![Grant {
            role: Role::DataOfficer,
            org_unit_id: 1,
        }]);
        assert!(
            may_write_value(&province_officer, &t, 2, ReportingLevel::Owner, 1),
            "above the owner"
        );
    }

    #[test]
    fn viewer_cannot_write() {
        let t = tree();
        let p = principal(vec![Grant {
            role: Role::Viewer,
            org_unit_id: 1,
        }]);
        assert!(p.can(Action::ReadData, 3, &t));
        assert!(!p.can(Action::WriteData, 3, &t));
        assert!(!p.can_somewhere(Action::EditCatalogue));
    }
}
