//! The organisation tree: province → departments/agencies and communes/wards.

use crate::code::Code;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Internal key of an org unit.
pub type OrgId = i64;

/// Whether a unit is an agency (department, board) or a locality (province, commune, ward).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// A state agency: department, board, centre.
    Agency,
    /// An administrative locality: province, commune, ward.
    Locality,
}

impl OrgKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Agency => "agency",
            OrgKind::Locality => "locality",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<OrgKind> {
        match s {
            "agency" => Some(OrgKind::Agency),
            "locality" => Some(OrgKind::Locality),
            _ => None,
        }
    }
}

/// One node of the organisation tree.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgUnit {
    /// Internal key.
    pub id: OrgId,
    /// Stable human code, e.g. `TM.SKHDT`.
    pub code: Code,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Parent unit; `None` for the root (the province).
    pub parent_id: Option<OrgId>,
    /// Depth in the tree: 1 = province, 2 = its departments and communes, ...
    pub level: i32,
    /// Agency or locality.
    pub kind: OrgKind,
    /// First day the unit exists (e.g. after a merger).
    pub valid_from: Option<NaiveDate>,
    /// Last day the unit exists.
    pub valid_to: Option<NaiveDate>,
    /// Optional GeoJSON geometry, as text.
    pub geometry: Option<String>,
}

impl OrgUnit {
    /// Whether the unit exists on `day`.
    pub fn is_valid_on(&self, day: NaiveDate) -> bool {
        self.valid_from.is_none_or(|f| f <= day) && self.valid_to.is_none_or(|t| day <= t)
    }
}

/// Why a set of units does not form a tree.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TreeError {
    /// A parent key names no unit in the set.
    #[error("unit {child} names unknown parent {parent}")]
    UnknownParent {
        /// The unit.
        child: OrgId,
        /// Its missing parent.
        parent: OrgId,
    },
    /// Following parents from this unit loops.
    #[error("unit {0} is its own ancestor")]
    Cycle(OrgId),
}

/// The whole organisation tree in memory, for fast ancestor and subtree checks.
///
/// Built once from the store and swapped when units change; national scale (~11,000
/// communes) fits comfortably.
#[derive(Debug, Clone, Default)]
pub struct OrgTree {
    units: Vec<OrgUnit>,
    index: HashMap<OrgId, usize>,
    by_code: HashMap<String, usize>,
    children: HashMap<OrgId, Vec<OrgId>>,
}

impl OrgTree {
    /// Builds the tree, checking that every parent exists and there is no cycle.
    pub fn new(mut units: Vec<OrgUnit>) -> Result<OrgTree, TreeError> {
        units.sort_by_key(|a| (a.level, a.id));
        let index: HashMap<OrgId, usize> =
            units.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
        let by_code = units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.code.as_str().to_string(), i))
            .collect();
        let mut children: HashMap<OrgId, Vec<OrgId>> = HashMap::new();
        for u in &units {
            if let Some(p) = u.parent_id {
                if !index.contains_key(&p) {
                    return Err(TreeError::UnknownParent {
                        child: u.id,
                        parent: p,
                    });
                }
                children.entry(p).or_default().push(u.id);
            }
        }
        let tree = OrgTree {
            units,
            index,
            by_code,
            children,
        };
        for u in &tree.units {
            let mut steps = 0usize;
            let mut cur = u.parent_id;
            while let Some(p) = cur {
                steps += 1;
                if p == u.id || steps > tree.units.len() {
                    return Err(TreeError::Cycle(u.id));
                }
                cur = tree.get(p).and_then(|x| x.parent_id);
            }
        }
        Ok(tree)
    }

    /// All units, roots first, then by level.
    pub fn units(&self) -> &[OrgUnit] {
        &self.units
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// Whether the tree is empty.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// The unit with key `id`.
    pub fn get(&self, id: OrgId) -> Option<&OrgUnit> {
        self.index.get(&id).map(|&i| &self.units[i])
    }

    /// The unit with code `code`.
    pub fn by_code(&self, code: &str) -> Option<&OrgUnit> {
        self.by_code.get(code).map(|&i| &self.units[i])
    }

    /// The roots (normally one: the province).
    pub fn roots(&self) -> impl Iterator<Item = &OrgUnit> {
        self.units.iter().filter(|u| u.parent_id.is_none())
    }

    /// Direct children of `id`, in key order.
    pub fn children(&self, id: OrgId) -> Vec<&OrgUnit> {
        self.children
            .get(&id)
            .map(|c| c.iter().filter_map(|&k| self.get(k)).collect())
            .unwrap_or_default()
    }

    /// The ids of the children of `id`, in tree order.
    pub fn child_ids(&self, id: OrgId) -> &[OrgId] {
        self.children.get(&id).map_or(&[], Vec::as_slice)
    }

    /// Ancestors of `id`, nearest first, excluding `id` itself.
    pub fn ancestors(&self, id: OrgId) -> Vec<&OrgUnit> {
        let mut out = Vec::new();
        let mut cur = self.get(id).and_then(|u| u.parent_id);
        while let Some(p) = cur {
            match self.get(p) {
                Some(u) => {
                    out.push(u);
                    cur = u.parent_id;
                }
                None => break,
            }
        }
        out
    }

    /// Whether `descendant` is `ancestor` or lies below it.
    pub fn is_in_subtree(&self, ancestor: OrgId, descendant: OrgId) -> bool {
        if ancestor == descendant {
            return self.index.contains_key(&ancestor);
        }
        self.ancestors(descendant).iter().any(|u| u.id == ancestor)
    }

    /// `id` and every unit below it, depth-first, `id` first.
    pub fn subtree(&self, id: OrgId) -> Vec<&OrgUnit> {
        let mut out = Vec::new();
        let mut stack = vec![id];
        while let Some(k) = stack.pop() {
            if let Some(u) = self.get(k) {
                out.push(u);
                if let Some(c) = self.children.get(&k) {
                    stack.extend(c.iter().rev());
                }
            }
        }
        out
    }

    /// Descendants of `id`, excluding `id`.
    pub fn descendants(&self, id: OrgId) -> Vec<&OrgUnit> {
        let mut s = self.subtree(id);
        if !s.is_empty() {
            s.remove(0);
        }
        s
    }

    /// The path from the root down to `id`, inclusive (for breadcrumbs).
    pub fn path(&self, id: OrgId) -> Vec<&OrgUnit> {
        let mut p = self.ancestors(id);
        p.reverse();
        if let Some(u) = self.get(id) {
            p.push(u);
        }
        p
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn unit(id: OrgId, parent: Option<OrgId>, level: i32, kind: OrgKind) -> OrgUnit {
        OrgUnit {
            id,
            code: Code::parse(&format!("U{id}")).unwrap(),
            name_vi: format!("Đơn vị {id}"),
            name_en: format!("Unit {id}"),
            parent_id: parent,
            level,
            kind,
            valid_from: None,
            valid_to: None,
            geometry: None,
        }
    }

    fn sample() -> OrgTree {
        OrgTree::new(vec![
            unit(1, None, 1, OrgKind::Locality),
            unit(2, Some(1), 2, OrgKind::Agency),
            unit(3, Some(1), 2, OrgKind::Locality),
            unit(4, Some(3), 3, OrgKind::Locality),
            unit(5, Some(4), 4, OrgKind::Locality),
        ])
        .unwrap()
    }

    #[test]
    fn subtree_and_ancestors() {
        let t = sample();
        let ids = |v: Vec<&OrgUnit>| v.iter().map(|u| u.id).collect::<Vec<_>>();
        assert_eq!(ids(t.subtree(1)), vec![1, 2, 3, 4, 5]);
        assert_eq!(ids(t.subtree(3)), vec![3, 4, 5]);
        assert_eq!(ids(t.descendants(3)), vec![4, 5]);
        assert_eq!(ids(t.ancestors(5)), vec![4, 3, 1]);
        assert_eq!(ids(t.path(5)), vec![1, 3, 4, 5]);
        assert_eq!(ids(t.children(1)), vec![2, 3]);
        assert!(t.is_in_subtree(3, 5));
        assert!(t.is_in_subtree(5, 5));
        assert!(!t.is_in_subtree(2, 5));
        assert!(!t.is_in_subtree(5, 3));
        assert_eq!(t.by_code("U4").map(|u| u.id), Some(4));
    }

    #[test]
    fn rejects_unknown_parent_and_cycle() {
        let e = OrgTree::new(vec![unit(1, Some(9), 1, OrgKind::Locality)]).unwrap_err();
        assert_eq!(
            e,
            TreeError::UnknownParent {
                child: 1,
                parent: 9
            }
        );
        let e = OrgTree::new(vec![
            unit(1, Some(2), 1, OrgKind::Locality),
            unit(2, Some(1), 2, OrgKind::Locality),
        ])
        .unwrap_err();
        assert!(matches!(e, TreeError::Cycle(_)));
    }

    #[test]
    fn validity_dates() {
        let mut u = unit(1, None, 1, OrgKind::Locality);
        u.valid_from = NaiveDate::from_ymd_opt(2025, 7, 1);
        assert!(!u.is_valid_on(NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()));
        assert!(u.is_valid_on(NaiveDate::from_ymd_opt(2025, 7, 1).unwrap()));
    }
}
