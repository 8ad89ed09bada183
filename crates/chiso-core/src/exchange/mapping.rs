//! Code mappings: another system's identifiers mapped onto Chiso's indicators and units,
//! kept as data (one row per identifier), and the lookups an import makes with them.

use crate::indicator::IndicatorId;
use crate::org::OrgId;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

crate::indicator::named_enum! {
    /// What a mapping row maps.
    MappingKind {
        /// A data element (with its disaggregation) → an indicator.
        Indicator = "indicator",
        /// An org unit id or code → an org unit.
        OrgUnit = "org_unit",
        /// A category or attribute option combo that means "no disaggregation" in that
        /// system (DHIS2's default combo has a different uid in every database).
        DefaultCombo = "default_combo",
    }
}

/// One mapping row.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeMapping {
    /// Whose identifiers (e.g. `dhis2`).
    pub scheme: String,
    /// What is mapped.
    pub kind: MappingKind,
    /// The identifier in the other system (uid, code or name).
    pub external: String,
    /// For an indicator: the disaggregation, as [`disaggregation_key`] writes it; empty
    /// for none.
    #[serde(default)]
    pub disaggregation: String,
    /// The indicator or org unit key; none for a default combo.
    pub target_id: Option<i64>,
}

/// Identifiers that always mean "no disaggregation".
const BUILT_IN_DEFAULTS: [&str; 2] = ["", "default"];

/// The key a disaggregation is mapped under: the category combo, then `|` and the
/// attribute combo when there is one; default combos count as empty.
pub fn disaggregation_key(
    category: &str,
    attribute: &str,
    is_default: impl Fn(&str) -> bool,
) -> String {
    let c = if is_default(category) { "" } else { category };
    let a = if is_default(attribute) { "" } else { attribute };
    if a.is_empty() {
        c.to_string()
    } else {
        format!("{c}|{a}")
    }
}

/// The mappings of one scheme, ready for lookups.
#[derive(Debug, Clone, Default)]
pub struct Mappings {
    indicators: HashMap<(String, String), IndicatorId>,
    org_units: HashMap<String, OrgId>,
    defaults: HashSet<String>,
    /// Indicator → its external identifier and disaggregation (for export).
    reverse_indicators: HashMap<IndicatorId, (String, String)>,
    /// Org unit → its external identifier (for export).
    reverse_org_units: HashMap<OrgId, String>,
}

impl Mappings {
    /// Builds lookups from the rows of one scheme.
    pub fn new(rows: &[CodeMapping]) -> Self {
        let mut m = Mappings::default();
        for r in rows {
            match (r.kind, r.target_id) {
                (MappingKind::Indicator, Some(id)) => {
                    m.indicators
                        .insert((r.external.clone(), r.disaggregation.clone()), id);
                    m.reverse_indicators
                        .entry(id)
                        .or_insert_with(|| (r.external.clone(), r.disaggregation.clone()));
                }
                (MappingKind::OrgUnit, Some(id)) => {
                    m.org_units.insert(r.external.clone(), id);
                    m.reverse_org_units
                        .entry(id)
                        .or_insert_with(|| r.external.clone());
                }
                (MappingKind::DefaultCombo, _) => {
                    m.defaults.insert(r.external.clone());
                }
                _ => {}
            }
        }
        m
    }

    /// Whether a combo means "no disaggregation".
    pub fn is_default(&self, combo: &str) -> bool {
        BUILT_IN_DEFAULTS.contains(&combo) || self.defaults.contains(combo)
    }

    /// The disaggregation key of a record's combos.
    pub fn key(&self, category: &str, attribute: &str) -> String {
        disaggregation_key(category, attribute, |c| self.is_default(c))
    }

    /// The indicator a data element with a disaggregation key maps to.
    pub fn indicator(&self, element: &str, key: &str) -> Option<IndicatorId> {
        self.indicators
            .get(&(element.to_string(), key.to_string()))
            .copied()
    }

    /// The org unit an external identifier maps to.
    pub fn org_unit(&self, external: &str) -> Option<OrgId> {
        self.org_units.get(external).copied()
    }

    /// The external identifier and disaggregation key of an indicator, if mapped.
    pub fn external_indicator(&self, id: IndicatorId) -> Option<&(String, String)> {
        self.reverse_indicators.get(&id)
    }

    /// The external identifier of an org unit, if mapped.
    pub fn external_org_unit(&self, id: OrgId) -> Option<&str> {
        self.reverse_org_units.get(&id).map(String::as_str)
    }
}

/// Splits a disaggregation key back into category and attribute combos.
pub fn split_key(key: &str) -> (String, String) {
    match key.split_once('|') {
        Some((c, a)) => (c.to_string(), a.to_string()),
        None => (key.to_string(), String::new()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn row(kind: MappingKind, external: &str, dis: &str, id: Option<i64>) -> CodeMapping {
        CodeMapping {
            scheme: "dhis2".into(),
            kind,
            external: external.into(),
            disaggregation: dis.into(),
            target_id: id,
        }
    }

    #[test]
    fn lookups_treat_every_default_combo_alike() {
        let m = Mappings::new(&[
            row(MappingKind::Indicator, "f7n9E0hX8qk", "", Some(7)),
            row(
                MappingKind::Indicator,
                "Malaria numeric",
                "FOver555555|cocMcDonald",
                Some(9),
            ),
            row(MappingKind::OrgUnit, "DiszpKrYNg8", "", Some(3)),
            row(MappingKind::DefaultCombo, "HllvX50cXC0", "", None),
        ]);
        for (c, a) in [("", ""), ("HllvX50cXC0", "HllvX50cXC0"), ("default", "")] {
            assert_eq!(m.indicator("f7n9E0hX8qk", &m.key(c, a)), Some(7), "{c}/{a}");
        }
        assert_eq!(m.indicator("f7n9E0hX8qk", &m.key("FOver555555", "")), None);
        assert_eq!(
            m.indicator("Malaria numeric", &m.key("FOver555555", "cocMcDonald")),
            Some(9)
        );
        assert_eq!(m.org_unit("DiszpKrYNg8"), Some(3));
        assert_eq!(
            m.external_indicator(9).unwrap().1,
            "FOver555555|cocMcDonald"
        );
        assert_eq!(
            split_key("FOver555555|cocMcDonald"),
            ("FOver555555".into(), "cocMcDonald".into())
        );
    }
}
