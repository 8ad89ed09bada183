//! Promulgated indicator sets and what changed between two versions of a set: indicators
//! added and removed, and definitions changed attribute by attribute.

use crate::indicator::IndicatorSheet;
use serde::Serialize;
use std::collections::BTreeMap;

/// One member of a set version: an indicator at a definition version.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Indicator code.
    pub code: String,
    /// Definition version included.
    pub version: i32,
    /// The sheet of that version.
    pub sheet: IndicatorSheet,
}

/// One attribute that differs between two definition versions.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttributeChange {
    /// Attribute name (as in the API).
    pub attribute: String,
    /// Value in the older version (JSON text form).
    pub before: String,
    /// Value in the newer version.
    pub after: String,
}

/// An indicator in both versions whose definition changed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Changed {
    /// Indicator code.
    pub code: String,
    /// Definition version in the older set version.
    pub from_version: i32,
    /// Definition version in the newer set version.
    pub to_version: i32,
    /// The attributes that differ.
    pub changes: Vec<AttributeChange>,
}

/// What changed from one set version to another.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct SetDiff {
    /// Codes only in the newer version.
    pub added: Vec<String>,
    /// Codes only in the older version.
    pub removed: Vec<String>,
    /// Indicators in both whose definition changed.
    pub changed: Vec<Changed>,
    /// Codes in both, unchanged.
    pub unchanged: Vec<String>,
}

fn shown(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The attributes that differ between two sheets, in attribute-name order. The workflow
/// step is not a definition and is left out.
pub fn diff_sheets(a: &IndicatorSheet, b: &IndicatorSheet) -> Vec<AttributeChange> {
    let as_map = |s: &IndicatorSheet| match serde_json::to_value(s) {
        Ok(serde_json::Value::Object(m)) => m.into_iter().collect::<BTreeMap<_, _>>(),
        _ => BTreeMap::new(),
    };
    let (ma, mb) = (as_map(a), as_map(b));
    ma.iter()
        .filter(|(k, _)| k.as_str() != "status")
        .filter_map(|(k, va)| {
            let vb = mb.get(k).unwrap_or(&serde_json::Value::Null);
            (va != vb).then(|| AttributeChange {
                attribute: k.clone(),
                before: shown(va),
                after: shown(vb),
            })
        })
        .collect()
}

/// Compares two versions of a set.
pub fn diff_sets(older: &[Member], newer: &[Member]) -> SetDiff {
    let index = |ms: &[Member]| -> BTreeMap<String, Member> {
        ms.iter().map(|m| (m.code.clone(), m.clone())).collect()
    };
    let (a, b) = (index(older), index(newer));
    let mut d = SetDiff::default();
    for (code, mb) in &b {
        match a.get(code) {
            None => d.added.push(code.clone()),
            Some(ma) => {
                let changes = diff_sheets(&ma.sheet, &mb.sheet);
                if ma.version == mb.version && changes.is_empty() {
                    d.unchanged.push(code.clone());
                } else {
                    d.changed.push(Changed {
                        code: code.clone(),
                        from_version: ma.version,
                        to_version: mb.version,
                        changes,
                    });
                }
            }
        }
    }
    d.removed = a.keys().filter(|k| !b.contains_key(*k)).cloned().collect();
    d
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::indicator::*;
    use crate::period::PeriodType;

    fn sheet(unit: &str) -> IndicatorSheet {
        IndicatorSheet {
            name_vi: "Thu ngân sách".into(),
            name_en: "Budget revenue".into(),
            short_name: "Thu NS".into(),
            group: IndicatorGroup::Input,
            field: Field::Finance,
            purpose: "p".into(),
            definition: "d".into(),
            formula: None,
            unit: unit.into(),
            decimals: 1,
            value_type: ValueType::Number,
            polarity: Polarity::HigherIsBetter,
            aggregation_tree: TreeAggregation::Sum,
            aggregation_time: TimeAggregation::Sum,
            frequency: PeriodType::Month,
            reporting_calendar: "c".into(),
            source: "s".into(),
            owner_id: 1,
            reporting_level: ReportingLevel::Owner,
            providing_units: "u".into(),
            accountable_person: "a".into(),
            legal_basis: "l".into(),
            national_code: None,
            disaggregations: String::new(),
            effective_from: None,
            effective_to: None,
            status: LifecycleStatus::Approved,
            resolution_links: String::new(),
            weight_indicator: None,
            min_value: None,
            max_value: None,
            allowed_values: Vec::new(),
            outlier_threshold: None,
            province_acceptance: false,
        }
    }

    fn m(code: &str, version: i32, s: IndicatorSheet) -> Member {
        Member {
            code: code.into(),
            version,
            sheet: s,
        }
    }

    #[test]
    fn added_removed_changed_unchanged() {
        let older = vec![
            m("A", 1, sheet("tỷ đồng")),
            m("B", 1, sheet("%")),
            m("C", 1, sheet("%")),
        ];
        let mut c2 = sheet("%");
        c2.status = LifecycleStatus::Operating; // a step is not a definition change
        let newer = vec![
            m("A", 2, sheet("triệu đồng")),
            m("C", 1, c2),
            m("D", 1, sheet("%")),
        ];
        let d = diff_sets(&older, &newer);
        assert_eq!(d.added, vec!["D"]);
        assert_eq!(d.removed, vec!["B"]);
        assert_eq!(d.unchanged, vec!["C"]);
        assert_eq!(d.changed.len(), 1);
        assert_eq!(
            d.changed[0].changes,
            vec![AttributeChange {
                attribute: "unit".into(),
                before: "tỷ đồng".into(),
                after: "triệu đồng".into()
            }]
        );
        assert_eq!((d.changed[0].from_version, d.changed[0].to_version), (1, 2));
    }
}
